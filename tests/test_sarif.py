"""SARIF that GitHub code scanning ingests: its documented requirements and the SARIF validator's GitHub rules
(GH1001-GH1007), one test each, beside the OASIS schema."""
import json
import re
import shutil
from pathlib import Path

import jsonschema
import pytest

from auditor.model import Audit, FamilyReport, Finding, Signature, VersionReport
from auditor.report import sarif
from conftest import BUDGET_DE as DE, BUDGET_EN as EN, FIXTURE, ROOT, run_cli, write_family
from test_robustness import HOSTILE

SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text())


def sarif_of(*args, cwd: Path = ROOT) -> dict:
    # elsewhere than the root, this checkout's auditor is found through PYTHONPATH
    result = run_cli("audit", *args, "--format", "sarif", "--fail-on", "never", cwd=cwd, env={"PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr
    log = json.loads(result.stdout)
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    return log


@pytest.fixture(scope="module")
def seed() -> dict:
    """The seed family by a relative path from the repository's root, as CI runs it, with a fidelity result."""
    return sarif_of("fixtures/trump-putin", "--min-fidelity", "0.5")


def results(log: dict) -> list[dict]:
    return log["runs"][0]["results"]


def locations(log: dict) -> list[dict]:
    return [loc for r in results(log) for loc in r["locations"] + r.get("relatedLocations", [])]


def start_line(result: dict) -> int:
    return result["locations"][0]["physicalLocation"]["region"]["startLine"]


def lines_of(path: str) -> int:
    return len((ROOT / path).read_text(encoding="utf-8").splitlines())


def test_gh1001_every_location_names_its_file(seed):
    assert results(seed) and all(len(r["locations"]) == 1 for r in results(seed))
    assert all(loc["physicalLocation"]["artifactLocation"]["uri"] for loc in locations(seed))


def test_gh1003_every_location_has_a_start_line_within_its_file(seed, fixture_report):
    for loc in locations(seed):
        region = loc["physicalLocation"]["region"]
        last = lines_of(loc["physicalLocation"]["artifactLocation"]["uri"])
        assert 1 <= region["startLine"] <= region["endLine"] <= last
    duplicates = [r for r in results(seed) if r["ruleId"] == "duplicate"]
    assert duplicates and all(start_line(r) == 1 for r in duplicates)
    versions = fixture_report["families"][0]["versions"]
    expected = [min(f["line"] or 1, v["lines"]) for v in versions for f in v["findings"]]
    assert [start_line(r) for r in results(seed) if r["ruleId"] != "fidelity"] == expected


def test_gh1003_a_version_below_the_minimum_fidelity_points_at_its_first_line(tmp_path):
    from conftest import BUDGET_ES_HALF

    family = write_family(tmp_path / "budget", {"en": EN, "de": DE, "es": BUDGET_ES_HALF})
    log = sarif_of(family, "--min-fidelity", "0.9", "--source", "en")
    below = [r for r in results(log) if r["ruleId"] == "fidelity"]
    assert [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].rsplit("/", 1)[-1] for r in below] == ["es.txt"]
    assert start_line(below[0]) == 1


def test_gh1004_a_run_holds_at_most_25000_results_the_most_severe():
    findings = tuple(Finding("addition", "error" if i % 10 == 0 else "info", f"m{i}", line=1, text=f"t{i}")
                     for i in range(sarif.MAX_RESULTS + 5))
    version = VersionReport("en", "en.txt", "en", 1, 1.0, "fail", findings)
    log = sarif.to_dict(Audit((FamilyReport("f", "f", (version,), ()),), Signature("auditor", "0.1.0", "m")))
    kept = results(log)
    assert len(kept) == sarif.MAX_RESULTS
    assert sum(r["level"] == "error" for r in kept) == sum(f.severity == "error" for f in findings)
    notes = log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert "5 results" in notes[0]["message"]["text"]


def test_gh1005_uris_are_relative_to_the_working_directory(seed):
    for loc in locations(seed):
        artifact = loc["physicalLocation"]["artifactLocation"]
        assert artifact["uri"].startswith("fixtures/trump-putin/") and artifact["uriBaseId"] == "%SRCROOT%"
    base = seed["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert base == ROOT.resolve().as_uri() + "/"


def test_gh1006_files_outside_the_working_directory_have_file_uris_and_a_checkout_path(tmp_path):
    family = write_family(tmp_path / "budget", {"en": EN + "Share on Facebook\n", "de": DE})
    work = tmp_path / "elsewhere"
    work.mkdir()
    log = sarif_of(family, cwd=work)
    uris = [loc["physicalLocation"]["artifactLocation"]["uri"] for loc in locations(log)]
    assert uris and all(uri.startswith("file:///") and ".." not in uri for uri in uris)
    assert log["runs"][0]["invocations"][0]["workingDirectory"]["uri"] == work.resolve().as_uri() + "/"


def test_gh1007_related_locations_have_a_message_and_are_linked_from_the_result(seed):
    related = [r for r in results(seed) if "relatedLocations" in r]
    assert related
    for r in related:
        (evidence,) = r["relatedLocations"]
        assert evidence["message"]["text"] and f"]({evidence['id']})" in r["message"]["text"]


def test_rules_have_what_code_scanning_shows(seed):
    rules = seed["runs"][0]["tool"]["driver"]["rules"]
    assert {r["ruleId"] for r in results(seed)} <= {rule["id"] for rule in rules}
    for rule in rules:
        assert rule["name"] != rule["id"] and len(rule["name"]) <= 255  # SARIF1001: a name is not the id
        for part in ("shortDescription", "fullDescription"):
            assert 0 < len(rule[part]["text"]) <= 1024
        assert "{" not in rule["help"]["text"] and "What to do" in rule["help"]["text"]
    assert all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in results(seed))


def test_messages_open_with_a_short_sentence_and_stay_under_1024_characters(seed):
    for r in results(seed):
        first = r["message"]["text"].split(". ")[0]
        assert 0 < len(first) <= 120 and len(r["message"]["text"]) <= 1024
    notice = next(r for r in results(seed) if r["ruleId"] == "mt_notice")
    assert notice["message"]["text"].startswith("Machine-translation notice.")


def test_fingerprints_are_stable_across_runs_and_line_shifts(tmp_path, seed):
    shifted = tmp_path / "trump-putin"
    shutil.copytree(FIXTURE, shifted)
    for path in shifted.iterdir():  # two blank lines on top of every version: every finding moves down
        path.write_text("\n\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    moved = sarif_of(shifted)

    def identities(log: dict) -> list[tuple[str, str]]:
        return sorted((r["ruleId"], r["partialFingerprints"]["primaryLocationLineHash"]) for r in results(log)
                      if r["ruleId"] != "fidelity")

    assert identities(moved) == identities(sarif_of("fixtures/trump-putin")) == identities(seed)
    hashes = [r["partialFingerprints"]["primaryLocationLineHash"] for r in results(seed)]
    assert len(set(hashes)) == len(hashes) and all(re.fullmatch(r"[0-9a-f]{16}:\d+", h) for h in hashes)
    lines = {r["partialFingerprints"]["primaryLocationLineHash"]: start_line(r) for r in results(moved)}
    for r in results(seed):
        if r["ruleId"] not in ("duplicate", "fidelity"):
            assert lines[r["partialFingerprints"]["primaryLocationLineHash"]] == start_line(r) + 2


def test_document_text_cannot_make_a_link_in_a_message(tmp_path):
    family = write_family(tmp_path / "news", {"en": EN + HOSTILE + "\n", "de[x](2)": DE})
    log = sarif_of(family)
    text = json.dumps(log, ensure_ascii=False)
    assert "\x1b" not in text and "\u202e" not in text
    for r in results(log):
        links = re.findall(r"(?<!\\)\[[^\]]*(?<!\\)\]\((\w+)\)", r["message"]["text"])
        assert all(int(link) == r["relatedLocations"][0]["id"] for link in links)
