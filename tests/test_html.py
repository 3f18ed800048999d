"""The HTML report: one self-contained page that a strict HTML5 parser accepts and a real headless browser
renders with every version and every finding, where document text stays text."""
import subprocess
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import html5lib
import pytest

from conftest import BUDGET_DE as DE, BUDGET_EN as EN, FIXTURE, run_cli, write_family
from test_robustness import HOSTILE

CHROMIUM = Path("/usr/bin/chromium")
needs_chromium = pytest.mark.skipif(not CHROMIUM.exists(),
                                    reason="/usr/bin/chromium is not installed (.ci/run installs Debian's chromium)")
INJECTION = "<script>alert(1)</script> <img src=x onerror=alert(2)> <b>bold</b> & more."


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text."""

    def __init__(self, page: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    def named(self, tag: str) -> list[dict]:
        return [attrs for name, attrs in self.tags if name == tag]

    def findings(self) -> Counter:
        return Counter((a["data-version"], a["data-kind"], a["data-line"]) for _, a in self.tags
                       if "finding" in a.get("class", "").split())


def html_report(family: Path, out: Path) -> str:
    result = run_cli("audit", family, "--format", "html", "--fail-on", "never", "-o", out)
    assert result.returncode == 0, result.stderr
    return out.read_text(encoding="utf-8")


def rendered(page: Path, tmp_path: Path, fragment: str = "") -> str:
    """The DOM after the page's script ran, as a real browser dumps it."""
    result = subprocess.run(
        [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path / 'chromium-profile'}", "--dump-dom", page.resolve().as_uri() + fragment],
        capture_output=True, text=True, timeout=180)
    assert result.returncode == 0 and "<html" in result.stdout, result.stderr[-2000:]
    return result.stdout


def table_rows(page: str, title: str) -> list[str]:
    """The body rows of the table under the heading ``title``."""
    table = page[page.index(f"<h3>{title}</h3>"):]
    return table[:table.index("</table>")].split("<tr>")[2:]  # the header row first


def expected_findings(report: dict) -> Counter:
    return Counter((v["id"], f["kind"], str(f["line"] or "")) for fam in report["families"]
                   for v in fam["versions"] for f in v["findings"])


@pytest.fixture(scope="module")
def seed_page(tmp_path_factory) -> Path:
    page = tmp_path_factory.mktemp("html") / "seed.html"
    html_report(FIXTURE, page)
    return page


def test_seed_page_is_strict_html5_self_contained_and_aligned(seed_page, fixture_report):
    text = seed_page.read_text(encoding="utf-8")
    html5lib.HTMLParser(strict=True).parse(text)  # raises on any parse error
    page = Elements(text)
    assert not page.named("link") and not page.named("img") and not page.named("iframe")
    assert all("src" not in attrs for _, attrs in page.tags)  # the one script is inline; nothing is fetched
    policy = next(a["content"] for a in page.named("meta") if a.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in policy
    assert page.findings() == expected_findings(fixture_report)
    versions = [v["id"] for v in fixture_report["families"][0]["versions"]]
    rows = {title: table_rows(text, title) for title in ("Coverage", "Side by side")}
    # one row per coverage block (and one for lines after them all), one cell per version in each
    assert len(rows["Side by side"]) - len(rows["Coverage"]) in (0, 1) and len(rows["Coverage"]) > 20
    assert all(row.count("<td") == 1 + len(versions) for row in rows["Side by side"])
    assert {a["value"] for a in page.named("input") if a["name"] == "version"} == set(versions)


@needs_chromium
def test_browser_shows_every_version_and_finding(seed_page, fixture_report, tmp_path):
    dom = rendered(seed_page, tmp_path)
    page = Elements(dom)
    assert "js" in page.named("html")[0].get("class", "").split()  # the policy let the page's own script run
    assert page.findings() == expected_findings(fixture_report)
    text = " ".join(page.text)
    for version in fixture_report["families"][0]["versions"]:
        assert version["id"] in text
    assert "machine-translation notice" in text and "Favorite" in text


@needs_chromium
def test_filters_hide_findings_by_severity_and_kind(seed_page, fixture_report, tmp_path):
    page = Elements(rendered(seed_page, tmp_path, "#hide=info,boilerplate"))
    findings = [a for _, a in page.tags if "finding" in a.get("class", "").split()]
    hidden = [a["data-severity"] == "info" or a["data-kind"] == "boilerplate" for a in findings]
    assert any(hidden) and not all(hidden)
    assert ["filtered" in a["class"].split() for a in findings] == hidden
    highlighted = [a for _, a in page.tags if "ln" in a.get("class", "").split() and "data-findings" in a]
    assert any(not any(c.startswith("hit-") for c in a["class"].split()) for a in highlighted)  # only hidden ones


@pytest.fixture(scope="module")
def hostile_page(tmp_path_factory) -> Path:
    """Document text and a file name that try to act as markup and script: the cases of the terminal and markdown
    views' tests."""
    root = tmp_path_factory.mktemp("hostile-html")
    family = write_family(root / "news", {"en": EN + INJECTION + "\n" + HOSTILE + "\n", "de|<i>x": DE})
    page = root / "report.html"
    html_report(family, page)
    return page


def assert_text_only(page: Elements) -> None:
    assert len(page.named("script")) == 1 and not page.named("img") and not page.named("i")
    assert not page.named("b") and not any(k.startswith("on") for _, attrs in page.tags for k in attrs)
    text = "".join(page.text)
    assert "<script>alert(1)</script>" in text and "<img src=x onerror=alert(2)>" in text
    assert "de|<i>x" in text and "[go](javascript:alert(1))" in text
    assert "\\x1b[2J" in text and "\\u202e" in text and "\x1b" not in text and "\u202e" not in text


def test_document_text_is_escaped_in_the_page(hostile_page):
    text = hostile_page.read_text(encoding="utf-8")
    html5lib.HTMLParser(strict=True).parse(text)
    assert_text_only(Elements(text))


@needs_chromium
def test_document_text_stays_text_in_the_browser(hostile_page, tmp_path):
    assert_text_only(Elements(rendered(hostile_page, tmp_path)))
