"""The terminal report, the default view: read at a glance in the manner of ruff and mypy."""
import re

from rich.cells import cell_len

from conftest import FIXTURE, run_cli

WIDTH = 120


def terminal(*options: str, columns: int = WIDTH) -> list[str]:
    result = run_cli("audit", FIXTURE, "--fail-on", "never", *options, env={"COLUMNS": str(columns)})
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def sections(lines: list[str], report: dict) -> dict[str, list[str]]:
    """Each version's lines: from its header to the next version's."""
    ids = [v["id"] for v in report["families"][0]["versions"]]
    starts = [next(i for i, line in enumerate(lines) if line.startswith(version + "  ")) for version in ids]
    return {version: lines[start:end] for version, start, end in zip(ids, starts, starts[1:] + [len(lines)])}


def span(finding: dict) -> str:
    if finding["line"] is None:
        return ""
    end = finding["end_line"]
    return f"{finding['line']}" + (f"-{end}" if end and end != finding["line"] else "")


def finding_pattern(finding: dict) -> re.Pattern:
    return re.compile(rf"^\s*{re.escape(span(finding))}\s+{finding['severity']}\s+{finding['kind']}\s")


def test_seed_report_fits_the_width_in_at_most_70_lines_with_every_error_and_no_info(fixture_report):
    lines = terminal()
    assert len(lines) <= 70
    assert all(cell_len(line) <= WIDTH for line in lines)
    versions = fixture_report["families"][0]["versions"]
    shown = sections(lines, fixture_report)
    for version in versions:
        header = shown[version["id"]][0]
        fidelity = "–" if version["fidelity"] is None else f"{version['fidelity']:.2f}"  # a rewrite has none
        assert f"fidelity {fidelity}" in header and version["status"] in header
        assert version["relation"]["kind"].replace("_", " ") in header
        for finding in version["findings"]:
            found = any(finding_pattern(finding).match(line) for line in shown[version["id"]])
            assert found == (finding["severity"] != "info"), finding
    assert not any(re.match(r"^\s*[\d-]*\s+info\s", line) for line in lines)
    infos = sum(f["severity"] == "info" for v in versions for f in v["findings"])
    assert infos and f"{infos} info hidden (--show-info)" in lines[-2]
    errors = sum(f["severity"] == "error" for v in versions for f in v["findings"])
    assert lines[-2].startswith(f"1 family, 5 versions: {errors} errors")


def test_short_messages_do_not_repeat_the_detectors_message(fixture_report):
    lines = terminal()
    for version in fixture_report["families"][0]["versions"]:
        for finding in version["findings"]:
            assert not any(finding["message"][:40] in line for line in lines)
    notice = next(line for line in lines if finding_pattern({"line": 1, "end_line": None, "severity": "error",
                                                             "kind": "mt_notice"}).match(line))
    assert "machine-translation notice  “This text has been automatically translated" in notice


def test_show_info_shows_every_finding_and_verbose_its_evidence(fixture_report):
    lines = terminal("--show-info", "--verbose")
    shown = sections(lines, fixture_report)
    for version in fixture_report["families"][0]["versions"]:
        own, at = shown[version["id"]], 0
        for finding in version["findings"]:  # in the order shown
            at = next(i for i in range(at + 1, len(own)) if finding_pattern(finding).match(own[i]))
            details = " ".join(line.strip() for line in own[at + 1:at + 12])
            assert " ".join(finding["message"].split())[:60] in details
            if finding["source"]:
                assert f"└ {finding['source']['version'][:3]} line {finding['source']['line']}: " in details
    assert "info hidden" not in "\n".join(lines)


def test_a_narrow_terminal_gets_lines_cut_to_its_width():
    assert all(cell_len(line) <= 60 for line in terminal(columns=60))
