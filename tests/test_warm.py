"""The warm path: a family audited before with the same settings, model and code is read from the cache."""
import json

from auditor.audit import run_audit
from auditor.embed.cache import CachedEmbedder, ReportCache
from auditor.embed.ort import OnnxE5
from auditor.load import load
from auditor.report import render
from auditor.settings import Settings
from conftest import BUDGET_DE, BUDGET_EN, BUDGET_ES_HALF, run_cli, write_family


def test_a_warm_run_reads_the_report_and_a_change_audits_again(tmp_path):
    family = write_family(tmp_path / "budget", {"en": BUDGET_EN, "de": BUDGET_DE, "es": BUDGET_ES_HALF})
    env = {"AUDITOR_CACHE_DIR": str(tmp_path / "cache")}
    cold = run_cli("audit", family, "--format", "json", "--fail-on", "never", env=env)
    warm = run_cli("audit", family, "--format", "json", "--fail-on", "never", env=env)
    assert warm.stdout == cold.stdout
    fresh = run_cli("audit", family, "--format", "json", "--fail-on", "never", "--no-cache", env=env)
    assert fresh.stdout == cold.stdout

    (family / "es.txt").write_text(BUDGET_ES_HALF + "Se encontró una orquídea rara en el jardín botánico.\n",
                                   encoding="utf-8")
    changed = json.loads(run_cli("audit", family, "--format", "json", "--fail-on", "never", env=env).stdout)
    spanish = next(v for v in changed["families"][0]["versions"] if v["id"] == "es")
    assert spanish["lines"] == 3  # not the stale report of two lines

    stricter = run_cli("audit", family, "--format", "json", "--fail-on", "never", "--min-fidelity", "0.99", env=env)
    statuses = lambda report: [v["status"] for v in report["families"][0]["versions"]]  # noqa: E731
    assert "fail" in statuses(json.loads(stricter.stdout)) and "fail" not in statuses(changed)


def test_reports_are_kept_per_model_and_settings(tmp_path):
    family = write_family(tmp_path / "budget", {"en": BUDGET_EN, "de": BUDGET_DE})
    embedder = CachedEmbedder(OnnxE5(), tmp_path / "cache")
    audit = run_audit([family], Settings(fail_on="never"), embedder)
    families = load([family])
    assert ReportCache(embedder, Settings(fail_on="never", jobs=2)).lookup(families) == {0: audit.families[0]}
    assert ReportCache(embedder, Settings(source="de")).lookup(families) == {}
    assert render(run_audit([family], Settings(fail_on="never"), embedder), "json") == render(audit, "json")
