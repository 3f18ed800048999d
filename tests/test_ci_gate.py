"""Gating translated content in CI: config file, --min-fidelity, baseline, --format github and sarif."""
import json
import shutil
from pathlib import Path

import jsonschema
import pytest
import yaml

from auditor.baseline import fingerprint
from auditor.model import Finding
from conftest import BUDGET_DE as DE, BUDGET_EN as EN, BUDGET_ES_HALF as ES_HALF, FIXTURE, ROOT, run_cli, version_of, write_family

SARIF_SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"
NOTICE = "This text has been automatically translated and may contain errors."


def findings_of(report: dict) -> list[tuple[str, str, int | None]]:
    return [(v["id"], f["kind"], f["line"]) for fam in report["families"] for v in fam["versions"] for f in v["findings"]]


@pytest.fixture
def half_family(tmp_path) -> Path:
    """German complete, Spanish lacking half the text: the Spanish fidelity is low for certain."""
    return write_family(tmp_path / "budget", {"en": EN, "de": DE, "es": ES_HALF})


# --- configuration ---------------------------------------------------------------------------------

def test_config_in_pyproject_is_found_from_a_subfolder_and_options_override_it(tmp_path, half_family):
    (tmp_path / "pyproject.toml").write_text('[tool.auditor]\nmin-fidelity = 0.99\nfail-on = "error"\n')
    work = tmp_path / "deep" / "er"
    work.mkdir(parents=True)
    (tmp_path / "deep" / "pyproject.toml").write_text("[project]\nname = 'other'\n")  # no [tool.auditor]: skipped
    result = run_cli("audit", half_family, "--format", "json", cwd=work)
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    assert version_of(report, "es")["status"] == "fail"
    assert "min_fidelity=0.99" in report["signature"]
    assert run_cli("audit", half_family, "--min-fidelity", "0", cwd=work).returncode == 0


def test_auditor_toml_wins_over_pyproject_in_the_same_folder(tmp_path, half_family):
    (tmp_path / "pyproject.toml").write_text("[tool.auditor]\nmin-fidelity = 0.99\n")
    (tmp_path / "auditor.toml").write_text('fail-on = "never"\n')
    assert run_cli("audit", half_family, cwd=tmp_path).returncode == 0


@pytest.mark.parametrize("text, named", [
    ('fail-on = "sometimes"\n', "fail-on"),
    ("min-fidelity = 2\n", "min-fidelity"),
    ('min-fidelity = "high"\n', "min-fidelity"),
    ("ignore = \"*.bak\"\n", "ignore"),
    ('[severity]\nboilerplate = "low"\n', "severity"),
    ('[severity]\nno_such_kind = "info"\n', "severity"),
    ('fail_on = "never"\n', "fail_on"),
    ("jobs = 0\n", "jobs"),
    ('device = "gpu"\n', "device"),
    ("fail-on = \n", "not valid TOML"),
])
def test_a_bad_config_is_one_line_and_exit_2(tmp_path, half_family, text, named):
    (tmp_path / "auditor.toml").write_text(text)
    result = run_cli("audit", half_family, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "Traceback" not in result.stderr
    assert "auditor.toml" in result.stderr and named in result.stderr


def test_config_ignores_files_and_sets_expected_languages(tmp_path):
    family = write_family(tmp_path / "budget", {"en": EN, "de": DE, "de_draft": DE, "es": ES_HALF})
    (tmp_path / "auditor.toml").write_text('ignore = ["*_draft.txt"]\n[languages]\n"budget/es.txt" = "ca"\n')
    report = json.loads(run_cli("audit", family, "--format", "json", cwd=tmp_path).stdout)
    versions = {v["id"]: v["language"] for v in report["families"][0]["versions"]}
    assert versions == {"de": "de", "en": "en", "es": "ca"}


def test_min_fidelity_fails_the_version_below_it(half_family):
    result = run_cli("audit", half_family, "--format", "json", "--min-fidelity", "0.8")
    report = json.loads(result.stdout)
    assert result.returncode == 1
    assert version_of(report, "es")["status"] == "fail"
    assert version_of(report, "de")["status"] != "fail"
    assert run_cli("audit", half_family, "--min-fidelity", "1.5").returncode == 2


# --- baseline --------------------------------------------------------------------------------------

def test_fingerprint_ignores_line_numbers_and_spacing_but_not_text():
    notice = Finding("mt_notice", "error", "machine-translation notice", line=1, text=NOTICE)
    moved = Finding("mt_notice", "error", "machine-translation notice", line=7, text="  " + NOTICE.upper())
    other = Finding("mt_notice", "error", "machine-translation notice", line=1, text="Translated by Google")
    assert fingerprint("fam", "de", notice) == fingerprint("fam", "de", moved)
    assert fingerprint("fam", "de", notice) != fingerprint("fam", "de", other)
    assert fingerprint("fam", "de", notice) != fingerprint("fam", "fr", notice)
    assert fingerprint("fam", "de", notice) != fingerprint("other", "de", notice)


def test_baseline_accepts_todays_findings_and_fails_only_on_new_ones(tmp_path):
    seed = tmp_path / "trump-putin"
    shutil.copytree(FIXTURE, seed)
    assert run_cli("audit", seed, "--fail-on", "warning").returncode == 1

    baseline = tmp_path / "ci" / "auditor-baseline.json"
    written = run_cli("audit", seed, "--fail-on", "warning", "--write-baseline", baseline)
    assert written.returncode == 0, written.stderr
    assert json.loads(baseline.read_text())["findings"]
    assert run_cli("audit", seed, "--fail-on", "warning", "--baseline", baseline).returncode == 0

    # A new notice at the top of a version moves every line below it: the known findings stay known.
    last = sorted(seed.iterdir())[-1]
    last.write_text(NOTICE + "\n" + last.read_text(encoding="utf-8"), encoding="utf-8")
    result = run_cli("audit", seed, "--fail-on", "warning", "--baseline", baseline, "--format", "json")
    assert result.returncode == 1
    assert findings_of(json.loads(result.stdout)) == [(last.stem, "mt_notice", 1)]


def test_a_broken_baseline_is_one_line_and_exit_2(tmp_path, half_family):
    (tmp_path / "b.json").write_text("{not json")
    for path in (tmp_path / "b.json", tmp_path / "missing.json"):
        result = run_cli("audit", half_family, "--baseline", path)
        assert result.returncode == 2 and result.stderr.strip().count("\n") == 0


# --- CI formats ------------------------------------------------------------------------------------

def test_github_annotations_carry_file_and_line(tmp_path):
    family = write_family(tmp_path / "budget", {"en": NOTICE + "\n" + EN, "de": DE})
    result = run_cli("audit", family, "--format", "github")
    assert result.returncode == 1
    commands = [line for line in result.stdout.splitlines() if line.startswith("::")]
    notice = [c for c in commands if "mt_notice" in c]
    assert notice and notice[0].startswith(f"::error file={family / 'en.txt'},line=1,")
    assert all(c.split(" ", 1)[0] in ("::error", "::warning", "::notice") and "file=" in c for c in commands)


def test_github_annotations_escape_what_would_break_the_command(tmp_path):
    family = write_family(tmp_path / "a,b:c", {"en": EN, "de%2C": ES_HALF})
    result = run_cli("audit", family, "--format", "github", "--min-fidelity", "1")
    commands = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert result.returncode == 1 and any("title=auditor fidelity" in c for c in commands)
    assert all("file=" in c and "a%2Cb%3Ac" in c for c in commands)
    assert any("de%252C.txt" in c for c in commands)


def test_sarif_validates_against_the_2_1_0_schema(tmp_path):
    family = write_family(tmp_path / "budget", {"en": NOTICE + "\n" + EN, "de": DE, "es": ES_HALF})
    result = run_cli("audit", family, "--format", "sarif", "--min-fidelity", "0.8")
    sarif = json.loads(result.stdout)
    jsonschema.Draft4Validator(json.loads(SARIF_SCHEMA.read_text())).validate(sarif)
    results = sarif["runs"][0]["results"]
    rules = [r["id"] for r in sarif["runs"][0]["tool"]["driver"]["rules"]]
    assert all(rules[r["ruleIndex"]] == r["ruleId"] for r in results)
    notice = next(r for r in results if r["ruleId"] == "mt_notice")
    assert notice["level"] == "error"
    assert notice["locations"][0]["physicalLocation"]["region"]["startLine"] == 1
    assert any(r["ruleId"] == "fidelity" for r in results)


def test_seed_sarif_has_one_result_per_finding(fixture_report):
    sarif = json.loads(run_cli("audit", FIXTURE, "--format", "sarif", "--fail-on", "never").stdout)
    jsonschema.Draft4Validator(json.loads(SARIF_SCHEMA.read_text())).validate(sarif)
    assert len(sarif["runs"][0]["results"]) == len(findings_of(fixture_report))


# --- pre-commit ------------------------------------------------------------------------------------

def test_pre_commit_hook_runs_the_gate(tmp_path, half_family):
    hook = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())[0]
    assert hook["id"] == "auditor" and hook["language"] == "python"
    entry = hook["entry"].split()
    assert entry[0] == "auditor"  # the console script the package installs
    result = run_cli(*entry[1:], *hook.get("args", []), half_family, "--min-fidelity", "0.8")
    assert result.returncode == 1 and "budget" in result.stdout
