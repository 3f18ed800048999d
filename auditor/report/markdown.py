"""The markdown view, for localisation teams; renders on GitHub and GitLab.

Per family: a scorecard (versions x finding kinds, fidelity, status), the coverage matrix (content
blocks x versions), then per version its findings in line order, each with the quoted text, the
sibling's evidence and the action to take. Every piece of document text goes through markdown_inline.
"""
from __future__ import annotations

from ..langid import language_name
from ..model import KINDS, Audit, Coverage, CoverageCell, FamilyReport, Finding, VersionReport
from . import describe, place, relation_text
from .text import markdown_inline, shorten

STATE_MARK = {"present": "✅", "changed": "⚠️", "missing": "❌"}


def line_ranges(numbers: tuple[int, ...]) -> str:
    """(3, 4, 5, 9) -> "3–5, 9"."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


def span(finding: Finding) -> str:
    if finding.line is None:
        return ""
    return line_ranges(tuple(range(finding.line, max(finding.line, finding.end_line or 0) + 1)))


def where(finding: Finding) -> str:
    if finding.line is None:
        return "the version"
    return ("lines " if finding.end_line and finding.end_line > finding.line else "line ") + span(finding)


def evidence(finding: Finding) -> str:
    if finding.source is None:
        return ""
    return f"{markdown_inline(place(finding.source))}: “{markdown_inline(shorten(finding.source.text, 120))}”"


def action(finding: Finding, version: VersionReport) -> str:
    """The kind's action template (data/kinds.toml), filled in for this finding."""
    templates = describe(finding.kind)
    source = finding.source
    key = "action"
    if source is not None and source.version == version.id and "action_beside" in templates:
        key = "action_beside"
    elif finding.line is None and "action_no_line" in templates:
        key = "action_no_line"
    return templates[key].format(
        where=where(finding),
        language=language_name(finding.language) if finding.language else "another language",
        version_language=language_name(version.language),
        source="a sibling" if source is None else place(source),
        source_line=source.line if source is not None else "",
    )


def scorecard(family: FamilyReport) -> list[str]:
    header = ["version", "language", "relation", "lines", "fidelity", "status", *(markdown_inline(k) for k in KINDS)]
    rows = ["| " + " | ".join(header) + " |", "|" + "---|" * 6 + "--:|" * len(KINDS)]
    for v in family.versions:
        fidelity = "–" if v.fidelity is None else f"{v.fidelity:.2f}"
        counts = [str(sum(f.kind == k for f in v.findings) or "·") for k in KINDS]
        cells = [markdown_inline(v.id), markdown_inline(v.language), markdown_inline(relation_text(v.relation)),
                 str(v.line_count), fidelity, f"**{v.status}**", *counts]
        rows.append("| " + " | ".join(cells) + " |")
    return rows


def _cell(cell: CoverageCell) -> str:
    return f"{STATE_MARK[cell.state]} {line_ranges(cell.lines)}".rstrip()


def coverage_matrix(coverage: Coverage) -> list[str]:
    lines = [
        f"Rows are the paragraphs of {markdown_inline(coverage.reference)} (the reference) by line, then blocks it "
        "lacks, by version and lines. "
        "✅ present, ⚠️ changed (partly there, or a number or name differs), ❌ missing; "
        "the numbers are the lines that carry the block.",
        "",
        "| block | text | " + " | ".join(markdown_inline(v) for v in coverage.versions) + " |",
        "|---|---|" + "---|" * len(coverage.versions),
    ]
    for row in coverage.rows:
        block = line_ranges(tuple(range(row.line, row.end_line + 1)))
        if row.version != coverage.reference:
            block = f"{markdown_inline(row.version)} {block}"
        text = f"“{markdown_inline(shorten(row.text, 70))}”"
        lines.append(f"| {block} | {text} | " + " | ".join(_cell(c) for c in row.cells) + " |")
    return lines


def version_section(version: VersionReport) -> list[str]:
    fidelity = "–" if version.fidelity is None else f"{version.fidelity:.2f}"
    title = f"{markdown_inline(version.id)} ({markdown_inline(version.language)})"
    if version.relation is not None:
        title += f", {markdown_inline(relation_text(version.relation))}"
    lines = [f"#### {title}: {version.status}, fidelity {fidelity}", ""]
    if version.below_min_fidelity:
        fail = describe("fidelity")
        lines += [f"{fail['message'].format(fidelity=fidelity)}: {fail['action']}.", ""]
    if not version.findings:
        return lines + ["No findings."]
    lines += ["| line | severity | finding | text | sibling evidence | action |", "|---|---|---|---|---|---|"]
    for f in version.findings:
        text = f"“{markdown_inline(shorten(f.text, 120))}”" if f.text else ""
        key = f" (key {markdown_inline(f.key)})" if f.key else ""
        lines.append(
            f"| {span(f)} | {f.severity} | **{describe(f.kind)['title']}**{key}: {markdown_inline(f.message)} | "
            f"{text} | {evidence(f)} | {markdown_inline(action(f, version))} |"
        )
    return lines


def family_section(family: FamilyReport) -> list[str]:
    lines = [f"## {markdown_inline(family.id)}", ""]
    lines += [f"> {markdown_inline(note)}" for note in family.notes] + ([""] if family.notes else [])
    lines += ["### Scorecard", "", *scorecard(family), ""]
    if family.coverage is not None:
        lines += ["### Coverage", "", *coverage_matrix(family.coverage), ""]
    lines += ["### Findings", ""]
    for version in family.versions:
        lines += [*version_section(version), ""]
    return lines


def render(audit: Audit) -> str:
    s = audit.summary
    lines = [
        "# Translation audit",
        "",
        f"{s.families} {'family' if s.families == 1 else 'families'}, {s.versions} versions: {s.errors} errors, {s.warnings} warnings, "
        f"{s.failed_versions} failed versions. Model: {markdown_inline(audit.signature.model)}.",
        "",
    ]
    for family in audit.families:
        lines += family_section(family)
    return "\n".join(lines).rstrip() + "\n"
