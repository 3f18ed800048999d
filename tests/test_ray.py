"""--ray: the audit through Ray Data on a real local Ray instance gives the local run's report, byte for byte."""
import json

import pytest

from conftest import BUDGET_DE, BUDGET_EN, BUDGET_ES_HALF, FIXTURE, run_cli, write_family

pytest.importorskip("ray", reason="the ray extra: pip install 'auditor[ray]'")


def test_a_ray_run_reports_what_a_local_run_does(tmp_path):
    corpus = tmp_path / "families"
    write_family(corpus / "budget", {"en": BUDGET_EN, "de": BUDGET_DE, "es": BUDGET_ES_HALF})
    for version in FIXTURE.iterdir():  # a real family with findings of every comparison detector
        write_family(corpus / "trump-putin", {version.stem: version.read_text(encoding="utf-8")})
    args = ("audit", corpus, "--format", "json", "--fail-on", "never")
    # Each run with its own cache: both compute every vector and every report.
    local = run_cli(*args, env={"AUDITOR_CACHE_DIR": str(tmp_path / "local")})
    on_ray = run_cli(*args, "--ray", env={"AUDITOR_CACHE_DIR": str(tmp_path / "ray"), "RAY_ADDRESS": ""})
    assert on_ray.returncode == local.returncode == 0, on_ray.stderr
    assert on_ray.stdout == local.stdout
    assert [f["id"] for f in json.loads(on_ray.stdout)["families"]] == ["budget", "trump-putin"]


def test_joining_a_cluster_that_is_not_there_is_a_one_line_error(tmp_path):
    family = write_family(tmp_path / "budget", {"en": BUDGET_EN, "de": BUDGET_DE})
    result = run_cli("audit", family, "--ray", "127.0.0.1:1", env={"AUDITOR_CACHE_DIR": str(tmp_path / "cache")})
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1].startswith("auditor: error: --ray 127.0.0.1:1: cannot join")
