"""The HTML view, for reviewers: one self-contained page (inline CSS and script, nothing fetched).

Per family: the scorecard, the coverage matrix, and the versions side by side, one row per coverage block
(a paragraph of the reference and what carries it in each version), each version's other lines in their
order among them. A finding stands on its first line (a finding about the whole version, or past its last
line, under the version's name), its evidence shown on hover, focus or click. Filters by severity, kind and
version; printing shows every finding with its evidence. Document text goes through ``esc`` only, and a
content security policy lets no script run but the page's own.
"""
from __future__ import annotations

import base64
import hashlib
import html
from dataclasses import dataclass, field

from ..model import KINDS, SEVERITIES, Audit, Coverage, FamilyReport, Finding, VersionReport, severity_rank
from . import describe, place, relation_text, short_message
from .markdown import line_ranges
from .text import shorten, visible

STATE_MARK = {"present": "✓", "changed": "≈", "missing": "✗"}

CSS = """
:root { --error: #b3261e; --warning: #8a5a00; --info: #1f5f8b; --line: #ddd; }
body { font: 14px/1.4 system-ui, sans-serif; margin: 1rem 2rem; color: #222; }
h1, h2, h3 { margin: 1.2em 0 .4em; }
table { border-collapse: collapse; margin: .4em 0 1em; }
th, td { border: 1px solid var(--line); padding: 2px 6px; vertical-align: top; text-align: left; }
td.n, th.n { text-align: right; }
.status-fail { color: var(--error); font-weight: bold; }
.status-warn { color: var(--warning); font-weight: bold; }
.status-pass { color: #1b6e20; font-weight: bold; }
.present { color: #1b6e20; } .changed { color: var(--warning); } .missing { color: var(--error); }
#filters { position: sticky; top: 0; background: #f6f6f6; border: 1px solid var(--line); padding: 4px 8px; z-index: 2; }
#filters fieldset { display: inline-block; border: 0; margin: 0 1em 0 0; padding: 0; }
#filters legend { font-weight: bold; float: left; margin-right: .5em; }
table.side { table-layout: fixed; width: 100%; }
table.side td, table.side th { width: auto; overflow-wrap: anywhere; }
table.side th.block, table.side td.block { width: 5em; color: #666; font-size: 12px; }
.ln { white-space: pre-wrap; font-size: 13px; padding: 1px 2px; }
.ln .no { color: #888; font-size: 11px; margin-right: .4em; user-select: none; }
.ln.echo { color: #888; font-size: 11px; font-style: italic; }
.ln.hit-error { background: #fde7e6; border-left: 3px solid var(--error); }
.ln.hit-warning { background: #fff4d6; border-left: 3px solid var(--warning); }
.ln.hit-info { background: #e6f0f8; border-left: 3px solid var(--info); }
.finding { display: block; margin: 2px 0 2px 1em; font-size: 12px; cursor: pointer; white-space: normal; }
.finding .sev { font-weight: bold; text-transform: uppercase; font-size: 10px; }
.finding.error .sev { color: var(--error); } .finding.warning .sev { color: var(--warning); }
.finding.info .sev { color: var(--info); }
.finding .kind { font-family: ui-monospace, monospace; }
.finding .evidence { display: none; border: 1px solid var(--line); background: #fff; padding: 4px 6px; margin-top: 2px; }
.finding:hover .evidence, .finding:focus .evidence, .finding.open .evidence { display: block; }
.filtered { display: none !important; }
.note { color: #555; }
@media print {
  @page { size: landscape; margin: 1cm; }
  body { margin: 0; font-size: 10pt; }
  #filters { display: none; }
  .finding .evidence { display: block; border: 0; padding: 0 0 0 1em; }
  tr { break-inside: avoid; }
  .ln.hit-error, .ln.hit-warning, .ln.hit-info { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""

SCRIPT = """
(function () {
  document.documentElement.classList.add('js');
  var boxes = Array.prototype.slice.call(document.querySelectorAll('#filters input'));
  function allowed(name, value) {
    return boxes.some(function (b) { return b.name === name && b.value === value && b.checked; });
  }
  function apply() {
    document.querySelectorAll('.finding').forEach(function (f) {
      var shown = allowed('severity', f.dataset.severity) && allowed('kind', f.dataset.kind)
        && allowed('version', f.dataset.version);
      f.classList.toggle('filtered', !shown);
    });
    document.querySelectorAll('[data-column]').forEach(function (cell) {
      cell.classList.toggle('filtered', !allowed('version', cell.dataset.column));
    });
    document.querySelectorAll('.ln[data-findings]').forEach(function (line) {
      var shown = line.dataset.findings.split(' ').some(function (id) {
        var f = document.getElementById(id);
        return f && !f.classList.contains('filtered');
      });
      ['error', 'warning', 'info'].forEach(function (s) {
        line.classList.toggle('hit-' + s, shown && line.dataset.hit === s);
      });
    });
  }
  if (location.hash.indexOf('#hide=') === 0) {  // a link that opens the page filtered: #hide=info,boilerplate
    var hide = location.hash.slice(6).split(',').map(function (value) {
      try { return decodeURIComponent(value); } catch (e) { return value; }
    });
    boxes.forEach(function (b) { if (hide.indexOf(b.value) >= 0) { b.checked = false; } });
    apply();
  }
  boxes.forEach(function (b) { b.addEventListener('change', apply); });
  document.querySelectorAll('.finding').forEach(function (f) {
    f.addEventListener('click', function () { f.classList.toggle('open'); });
  });
})();
"""


def esc(text: str) -> str:
    """Any text for element content or a quoted attribute: controls and bidi characters shown as escapes,
    then every character HTML reads as markup escaped."""
    return html.escape(visible(text), quote=True)


def _fidelity(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


@dataclass
class Column:
    """One version in the side-by-side table: which of its lines each row shows, where its findings stand."""

    version: VersionReport
    index: int
    rows: list[list[int]] = field(default_factory=list)  # per row, the line numbers shown in it
    echoes: list[list[int]] = field(default_factory=list)  # per row, lines that carry it but stand in a row above
    at_line: dict[int, list[tuple[str, Finding]]] = field(default_factory=dict)  # line -> (id, finding)
    whole: list[tuple[str, Finding]] = field(default_factory=list)  # no line, or past the last shown line
    hit: dict[int, list[str]] = field(default_factory=dict)  # line -> ids of the findings that cover it
    by_id: dict[str, Finding] = field(default_factory=dict)
    dom_id: str = ""


def _text_lines(version: VersionReport) -> list[int]:
    return [n for n, text in enumerate(version.lines, 1) if text.strip()]


def columns(family: FamilyReport) -> tuple[list[str], list[Column]]:
    """The rows' labels and, per version, the lines of each row. Rows are the coverage blocks; a line that no
    block shows goes into the first row that shows a later line of its version (or a last row)."""
    coverage: Coverage | None = family.coverage
    versions = list(family.versions)
    if coverage is not None:
        order = {v: i for i, v in enumerate(coverage.versions)}
        labels = [line_ranges(tuple(range(r.line, r.end_line + 1))) if r.version == coverage.reference
                  else f"{r.version} {line_ranges(tuple(range(r.line, r.end_line + 1)))}" for r in coverage.rows]
        per_row = [[list(r.cells[order[v.id]].lines) if v.id in order else [] for v in versions] for r in coverage.rows]
    else:
        labels, per_row = [], []
    labels.append("")  # the last row: lines after every block
    per_row.append([[] for _ in versions])
    cols = []
    for i, version in enumerate(versions):
        column = Column(version, i)
        shown: set[int] = set()
        for row in per_row:  # a line that carries several blocks stands in the first, the others point up to it
            column.rows.append([n for n in row[i] if n not in shown])
            column.echoes.append([n for n in row[i] if n in shown])
            shown.update(row[i])
        for n in _text_lines(version):
            if n not in shown:
                target = next((r for r, lines in enumerate(column.rows) if lines and min(lines) > n), len(column.rows) - 1)
                column.rows[target].append(n)
        for lines in column.rows:
            lines.sort()
        cols.append(column)
    if not any(column.rows[-1] for column in cols):
        labels.pop()
        for column in cols:
            column.rows.pop()
            column.echoes.pop()
    return labels, cols


def place_findings(column: Column, prefix: str) -> None:
    """Each finding on the first shown line at or after its own; a finding with no line, or past the last shown
    line, under the version's name."""
    column.dom_id = prefix
    shown = sorted(n for lines in column.rows for n in lines)
    for number, finding in enumerate(column.version.findings):
        fid = f"{prefix}-f{number}"
        column.by_id[fid] = finding
        anchor = next((n for n in shown if finding.line is not None and n >= finding.line), None)
        if anchor is None:
            column.whole.append((fid, finding))
            continue
        column.at_line.setdefault(anchor, []).append((fid, finding))
        for n in range(finding.line, max(finding.line, finding.end_line or 0) + 1):
            column.hit.setdefault(n, []).append(fid)
        column.hit.setdefault(anchor, []).append(fid)


def finding_html(fid: str, finding: Finding, version: VersionReport) -> str:
    where = "" if finding.line is None else f"line {finding.line}" + (
        f"–{finding.end_line}" if finding.end_line and finding.end_line != finding.line else "")
    evidence = [f"<div>{esc(finding.message)}</div>"]
    if finding.key:
        evidence.insert(0, f"<div>key <code>{esc(finding.key)}</code></div>")
    if finding.text:
        evidence.append(f"<div>text: “{esc(shorten(finding.text, 400))}”</div>")
    if finding.source is not None:
        evidence.append(f"<div>evidence, {esc(place(finding.source))}: “{esc(shorten(finding.source.text, 400))}”</div>")
    return (
        f'<div class="finding {finding.severity}" id="{fid}" tabindex="0" data-severity="{finding.severity}" '
        f'data-kind="{esc(finding.kind)}" data-version="{esc(version.id)}" data-line="{finding.line or ""}">'
        f'<span class="sev">{finding.severity}</span> <span class="kind">{esc(finding.kind)}</span> '
        f'{esc(where)}{" " if where else ""}'
        f'{f"[{esc(finding.key)}] " if finding.key else ""}{esc(short_message(finding))}'
        f'<div class="evidence">{"".join(evidence)}</div></div>'
    )


def line_html(column: Column, number: int) -> str:
    version = column.version
    hits = list(dict.fromkeys(column.hit.get(number, [])))
    worst = max((column.by_id[fid].severity for fid in hits), key=severity_rank, default=None)
    classes = "ln" + (f" hit-{worst}" if worst else "")
    data = f' data-findings="{" ".join(hits)}" data-hit="{worst}"' if hits else ""
    badges = "".join(finding_html(fid, f, version) for fid, f in column.at_line.get(number, []))
    return (f'<div class="{classes}" id="{column.dom_id}-L{number}"{data}><span class="no">{number}</span>'
            f'{esc(version.lines[number - 1] if number <= len(version.lines) else "")}{badges}</div>')


def side_by_side(family: FamilyReport, prefix: str) -> list[str]:
    labels, cols = columns(family)
    for column in cols:
        place_findings(column, f"{prefix}-v{column.index}")
    head = ['<tr><th class="block">block</th>']
    for column in cols:
        v = column.version
        details = " · ".join(part for part in (esc(v.language), esc(relation_text(v.relation)),
                                               f"fidelity {_fidelity(v.fidelity)}") if part)
        whole = "".join(finding_html(fid, f, v) for fid, f in column.whole)
        head.append(f'<th data-column="{esc(v.id)}">{esc(v.id)}<br><small>{details} · '
                    f'<span class="status-{v.status}">{v.status}</span></small>{whole}</th>')
    rows = ["<table class=\"side\"><thead>", "".join(head) + "</tr>", "</thead><tbody>"]
    for r, label in enumerate(labels):
        cells = [f'<td class="block">{esc(label)}</td>']
        for column in cols:
            lines = "".join(line_html(column, n) for n in column.rows[r])
            if column.echoes[r]:
                lines += f'<div class="ln echo">also {line_ranges(tuple(column.echoes[r]))}, above</div>'
            cells.append(f'<td data-column="{esc(column.version.id)}">{lines}</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return rows + ["</tbody></table>"]


def kinds_of(versions: list[VersionReport]) -> list[str]:
    """The kinds found, known ones in their usual order."""
    found = {f.kind for v in versions for f in v.findings}
    return [k for k in KINDS if k in found] + sorted(found - set(KINDS))


def scorecard(family: FamilyReport) -> list[str]:
    kinds = kinds_of(list(family.versions))
    header = "".join(f'<th class="n">{esc(k)}</th>' for k in kinds)
    rows = ["<table><thead><tr><th>version</th><th>language</th><th>relation</th><th class=\"n\">lines</th>"
            f"<th class=\"n\">fidelity</th><th>status</th>{header}</tr></thead><tbody>"]
    for v in family.versions:
        counts = "".join(f'<td class="n">{sum(f.kind == k for f in v.findings) or "·"}</td>' for k in kinds)
        rows.append(f'<tr data-column="{esc(v.id)}"><td>{esc(v.id)}</td><td>{esc(v.language)}</td>'
                    f'<td>{esc(relation_text(v.relation))}</td><td class="n">{v.line_count}</td>'
                    f'<td class="n">{_fidelity(v.fidelity)}</td><td class="status-{v.status}">{v.status}</td>{counts}</tr>')
    return rows + ["</tbody></table>"]


def coverage_matrix(coverage: Coverage) -> list[str]:
    heads = "".join(f'<th data-column="{esc(v)}">{esc(v)}</th>' for v in coverage.versions)
    rows = [f'<p class="note">Rows are the paragraphs of {esc(coverage.reference)} (the reference), then blocks it '
            "lacks. ✓ present, ≈ changed (partly there, or a number or name differs), ✗ missing; the numbers are "
            "the lines that carry the block.</p>",
            f"<table><thead><tr><th>block</th><th>text</th>{heads}</tr></thead><tbody>"]
    for row in coverage.rows:
        block = line_ranges(tuple(range(row.line, row.end_line + 1)))
        if row.version != coverage.reference:
            block = f"{row.version} {block}"
        cells = "".join(
            f'<td class="{cell.state}" data-column="{esc(v)}" title="{cell.state}">{STATE_MARK[cell.state]} '
            f"{line_ranges(cell.lines)}</td>" for v, cell in zip(coverage.versions, row.cells))
        rows.append(f"<tr><td>{esc(block)}</td><td>“{esc(shorten(row.text, 70))}”</td>{cells}</tr>")
    return rows + ["</tbody></table>"]


def filters(audit: Audit) -> list[str]:
    kinds = kinds_of([v for family in audit.families for v in family.versions])
    versions = list(dict.fromkeys(v.id for family in audit.families for v in family.versions))

    def group(name: str, values: list[str]) -> str:
        boxes = "".join(f'<label><input type="checkbox" name="{name}" value="{esc(value)}" checked> {esc(value)}</label> '
                        for value in values)
        return f"<fieldset><legend>{name}</legend>{boxes}</fieldset>"

    return ['<form id="filters">', group("severity", list(SEVERITIES)), group("kind", kinds),
            group("version", versions), "</form>"]


def family_section(family: FamilyReport, number: int) -> list[str]:
    parts = [f'<section class="family"><h2>{esc(family.id)}</h2>',
             *(f'<p class="note">{esc(note)}</p>' for note in family.notes),
             "<h3>Scorecard</h3>", *scorecard(family)]
    if family.coverage is not None:
        parts += ["<h3>Coverage</h3>", *coverage_matrix(family.coverage)]
    parts += ["<h3>Side by side</h3>", *side_by_side(family, f"fam{number}"), "</section>"]
    return parts


def render(audit: Audit) -> str:
    s = audit.summary
    script_hash = base64.b64encode(hashlib.sha256(SCRIPT.encode("utf-8")).digest()).decode("ascii")
    policy = f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{script_hash}'"
    summary = (f"{s.families} {'family' if s.families == 1 else 'families'}, {s.versions} versions: {s.errors} errors, "
               f"{s.warnings} warnings, {s.failed_versions} failed versions. Model: {esc(audit.signature.model)}.")
    lines = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Translation audit</title><style>{CSS}</style></head><body>",
        "<h1>Translation audit</h1>",
        f"<p>{summary}</p>",
        *filters(audit),
    ]
    for number, family in enumerate(audit.families):
        lines += family_section(family, number)
    lines += [f"<script>{SCRIPT}</script>", "</body></html>"]
    return "\n".join(lines) + "\n"
