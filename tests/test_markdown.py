"""The markdown report for localisation teams: scorecard, coverage matrix, findings with actions."""
import re

from auditor.audit import run_audit
from conftest import BUDGET_DE as DE, BUDGET_EN as EN, BUDGET_ES_HALF as ES_HALF, FIXTURE, run_cli, write_family

UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


def tables(markdown: str) -> list[list[str]]:
    """The markdown tables of a report, each as its lines."""
    found, current = [], []
    for line in markdown.splitlines() + [""]:
        if line.startswith("|"):
            current.append(line)
        elif current:
            found.append(current)
            current = []
    return found


def test_a_folder_as_output_gets_one_report_per_family(tmp_path):
    write_family(tmp_path / "corpus" / "budget", {"en": EN, "de": DE})
    write_family(tmp_path / "corpus" / "schools", {"en": EN, "es": ES_HALF})
    result = run_cli("audit", tmp_path / "corpus", "--format", "markdown", "--fail-on", "never", "-o", f"{tmp_path / 'reports'}/")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "reports").iterdir()) == ["budget.md", "schools.md"]
    budget = (tmp_path / "reports" / "budget.md").read_text()
    assert budget.startswith("# Translation audit") and "## budget" in budget and "## schools" not in budget
    result = run_cli("audit", tmp_path / "corpus", "--format", "json", "-o", f"{tmp_path / 'json'}/")
    assert result.returncode == 2 and "only --format markdown" in result.stderr


def test_coverage_matrix_shows_the_paragraphs_a_version_lacks(tmp_path):
    family = write_family(tmp_path / "budget", {"en": EN, "de": DE, "es": ES_HALF})
    coverage = run_audit([family]).families[0].coverage
    assert coverage.versions == ("de", "en", "es")
    by_line = {row.line: {v: cell.state for v, cell in zip(coverage.versions, row.cells)} for row in coverage.rows}
    assert by_line == {
        1: {"de": "present", "en": "present", "es": "present"},
        2: {"de": "present", "en": "present", "es": "present"},
        3: {"de": "present", "en": "present", "es": "missing"},
        4: {"de": "present", "en": "present", "es": "missing"},
    }
    markdown = run_cli("audit", family, "--format", "markdown").stdout
    row = next(line for line in markdown.splitlines() if "Orchidee" in line)
    assert row.endswith("| ✅ 3 | ✅ 3 | ❌ |")


def test_coverage_matrix_marks_a_changed_number(tmp_path):
    family = write_family(tmp_path / "snow", {
        "en": "Heavy snow closed the mountain roads for 3 days.\nA rare orchid was found in the botanical garden.\n",
        "de": "Starker Schneefall hat die Bergstraßen 5 Tage lang gesperrt.\nIm Botanischen Garten wurde eine seltene Orchidee gefunden.\n",
        "es": "Una fuerte nevada cerró las carreteras de montaña durante 3 días.\nSe encontró una orquídea rara en el jardín botánico.\n",
    })
    coverage = run_audit([family]).families[0].coverage
    states = {row.line: [cell.state for cell in row.cells] for row in coverage.rows}
    assert coverage.versions == ("de", "en", "es")
    assert states == {1: ["changed", "present", "present"], 2: ["present", "present", "present"]}


def test_seed_report_has_scorecard_coverage_and_an_action_for_each_error(tmp_path, fixture_report):
    result = run_cli("audit", FIXTURE, "--format", "markdown", "--fail-on", "never", "-o", tmp_path)
    assert result.returncode == 0, result.stderr
    markdown = (tmp_path / "trump-putin.md").read_text()
    assert "### Scorecard" in markdown and "### Coverage" in markdown
    scorecard, coverage = tables(markdown)[:2]
    assert len(scorecard) == 2 + 5 and "mt\\_notice" in scorecard[0]
    assert all(v["id"].replace("_", "\\_") in coverage[0] for v in fixture_report["families"][0]["versions"])
    rows = [line for table in tables(markdown)[2:] for line in table]
    for version in fixture_report["families"][0]["versions"]:
        for finding in (f for f in version["findings"] if f["severity"] == "error"):
            row = next(r for r in rows if re.match(rf"\| {finding['line']}(–\d+)? \| error \|", r))
            assert row.split(" | ")[-1].strip(" |")  # the action cell is filled


def test_document_text_cannot_break_the_tables(tmp_path):
    family = write_family(tmp_path / "budget", {
        "en": "Prices | rose `fast` <b>today</b> [read](http://x.test) & more.\n" + EN,
        "de|<i>x": "Preise | stiegen `schnell` <b>heute</b> [lesen](http://x.test) & mehr.\n" + DE,
    })
    markdown = run_cli("audit", family, "--format", "markdown").stdout
    for table in tables(markdown):
        assert {len(UNESCAPED_PIPE.findall(line)) for line in table} == {len(UNESCAPED_PIPE.findall(table[0]))}
    assert "<b>" not in markdown and "<i>" not in markdown
    assert not re.search(r"(?<!\\)`", markdown)
    assert "](http" not in markdown
