"""The terminal view (rich): per family a table of versions, then each version's findings."""
from __future__ import annotations

import io

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from ..model import KINDS, Audit, FamilyReport, Finding, VersionReport
from .text import shorten, visible

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
STATUS_STYLE = {"fail": "bold red", "warn": "yellow", "pass": "green"}


def _fidelity(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _kind_counts(version: VersionReport) -> str:
    counts = {kind: sum(f.kind == kind for f in version.findings) for kind in KINDS}
    return ", ".join(f"{kind} {n}" for kind, n in counts.items() if n) or "–"


def family_table(family: FamilyReport) -> Table:
    table = Table(title=Text(f"{visible(family.id)}  ({len(family.versions)} versions)", style="bold"), title_justify="left")
    for header in ("version", "lang", "lines", "fidelity", "status", "findings"):
        table.add_column(header, justify="right" if header in ("lines", "fidelity") else "left")
    for v in family.versions:
        table.add_row(
            Text(visible(v.id)),
            Text(visible(v.language)),
            Text(str(v.line_count)),
            Text(_fidelity(v.fidelity)),
            Text(v.status, style=STATUS_STYLE[v.status]),
            Text(_kind_counts(v)),
        )
    return table


def finding_text(finding: Finding) -> Text:
    where = "" if finding.line is None else f"{finding.line}" + (
        f"-{finding.end_line}" if finding.end_line and finding.end_line != finding.line else ""
    )
    text = Text("  ")
    text.append(f"{where:>7} ", style="dim")
    text.append(f"{finding.severity:<7} ", style=SEVERITY_STYLE[finding.severity])
    text.append(f"{finding.kind:<15} ", style="bold")
    text.append(visible(finding.message))
    if finding.text:
        text.append("\n" + " " * 34 + "│ " + shorten(visible(finding.text)), style="italic")
    if finding.source is not None:
        at = f"{finding.source.version}" + (f":{finding.source.line}" if finding.source.line else "")
        text.append(f"\n{' ' * 34}└ {visible(at)}: {shorten(visible(finding.source.text))}", style="dim")
    return text


def version_findings(version: VersionReport) -> RenderableType:
    header = Text(f"{visible(version.id)}", style="bold")
    header.append(f"  {visible(version.language)}  {version.status}", style=STATUS_STYLE[version.status])
    if version.encoding != "utf-8":
        header.append(f"  (read as {visible(version.encoding)})", style="dim")
    return Group(header, *(finding_text(f) for f in version.findings))


def family_view(family: FamilyReport) -> RenderableType:
    parts: list[RenderableType] = [family_table(family)]
    parts += [Text(f"note: {visible(note)}", style="dim") for note in family.notes]
    parts += [version_findings(v) for v in family.versions if v.findings]
    return Group(*parts, Text(""))


def summary_line(audit: Audit) -> Text:
    s = audit.summary
    text = Text(
        f"{s.families} families, {s.versions} versions: {s.errors} errors, {s.warnings} warnings, "
        f"{s.failed_versions} failed versions"
    )
    text.append(f"\nmodel: {visible(audit.signature.model)}", style="dim")
    return text


def render(audit: Audit, color: bool = False, width: int = 120) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=color, no_color=not color, width=width, highlight=False, emoji=False)
    for family in audit.families:
        console.print(family_view(family))
    console.print(summary_line(audit))
    return buffer.getvalue()
