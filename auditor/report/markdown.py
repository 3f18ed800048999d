"""The markdown view, for localisation teams; renders on GitHub and GitLab."""
from __future__ import annotations

from ..model import KINDS, Audit, FamilyReport, Finding
from .text import markdown_inline, shorten


def _where(finding: Finding) -> str:
    if finding.line is None:
        return "–"
    if finding.end_line and finding.end_line != finding.line:
        return f"{finding.line}–{finding.end_line}"
    return str(finding.line)


def scorecard(family: FamilyReport) -> list[str]:
    kinds = [k for k in KINDS if any(f.kind == k for v in family.versions for f in v.findings)]
    header = ["version", "language", "fidelity", "status", *kinds]
    rows = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for v in family.versions:
        fid = "–" if v.fidelity is None else f"{v.fidelity:.2f}"
        counts = [str(sum(f.kind == k for f in v.findings) or "") for k in kinds]
        rows.append("| " + " | ".join([markdown_inline(v.id), v.language, fid, f"**{v.status}**", *counts]) + " |")
    return rows


def findings_table(findings: tuple[Finding, ...]) -> list[str]:
    rows = ["| line | severity | kind | finding | text | evidence |", "|---|---|---|---|---|---|"]
    for f in findings:
        evidence = ""
        if f.source is not None:
            at = f.source.version + (f":{f.source.line}" if f.source.line else "")
            evidence = f"{markdown_inline(at)}: {markdown_inline(shorten(f.source.text))}"
        rows.append(
            f"| {_where(f)} | {f.severity} | {f.kind} | {markdown_inline(f.message)} | "
            f"{markdown_inline(shorten(f.text or ''))} | {evidence} |"
        )
    return rows


def family_section(family: FamilyReport) -> list[str]:
    lines = [f"## {markdown_inline(family.id)}", "", *scorecard(family), ""]
    lines += [f"> {markdown_inline(note)}" for note in family.notes]
    for v in family.versions:
        if v.findings:
            lines += ["", f"### {markdown_inline(v.id)} ({v.language})", "", *findings_table(v.findings)]
    return lines + [""]


def render(audit: Audit) -> str:
    s = audit.summary
    lines = [
        "# Translation audit",
        "",
        f"{s.families} families, {s.versions} versions: {s.errors} errors, {s.warnings} warnings, "
        f"{s.failed_versions} failed versions. Model: `{audit.signature.model}`.",
        "",
    ]
    for family in audit.families:
        lines += family_section(family)
    return "\n".join(lines).rstrip() + "\n"
