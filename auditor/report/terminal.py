"""The terminal view (rich), in the manner of ruff and mypy: per version a header line, then one line per finding
cut to the terminal's width (line, severity, kind, a short message, the quoted text), and a summary line with the
counts. ``verbose`` adds each finding's full message, text and sibling evidence; info findings are counted in the
summary and shown only with ``show_info``."""
from __future__ import annotations

import io
import re
import shutil

from rich.console import Console, Group, RenderableType
from rich.text import Text

from ..model import Audit, FamilyReport, Finding, Quote, VersionReport
from . import describe, relation_text, short_message
from .text import shorten, visible

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
STATUS_STYLE = {"fail": "bold red", "warn": "yellow", "pass": "green"}
SPAN_WIDTH = 7  # "100-120"
INDENT = SPAN_WIDTH + 2  # where the severity column starts: verbose details stand under it


def labels(family: FamilyReport) -> dict[str, str]:
    """Short names of a family's versions for evidence and relations: "000" for "000_3c16a1e36e3f593a" when the
    part before the first _ . or - names one version only, else each version's whole id."""
    heads = {v.id: re.split(r"[_.\-]", v.id, maxsplit=1)[0] or v.id for v in family.versions}
    return heads if len(set(heads.values())) == len(heads) else {v.id: v.id for v in family.versions}


def _span(finding: Finding) -> str:
    if finding.line is None:
        return ""
    end = f"-{finding.end_line}" if finding.end_line and finding.end_line != finding.line else ""
    return f"{finding.line}{end}"


def _fidelity(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _quoted(finding: Finding) -> str | None:
    """The text a finding is about: its own, or for text a version lacks, the sibling's."""
    return finding.text or (finding.source.text if finding.source is not None else None)


def finding_line(finding: Finding, names: dict[str, str], width: int, kind_width: int) -> Text:
    def at(quote: Quote) -> str:
        return names.get(quote.version, quote.version) + (f":{quote.line}" if quote.line else "")

    text = Text(f"{_span(finding):>{SPAN_WIDTH}}  ", style="dim")
    text.append(f"{finding.severity:<7}  ", style=SEVERITY_STYLE[finding.severity])
    text.append(f"{visible(finding.kind):<{kind_width}}  ", style="bold")
    if finding.key:
        text.append(f"[{visible(finding.key)}] ", style="magenta")
    text.append(visible(short_message(finding, at)))
    quoted = _quoted(finding)
    if quoted:
        text.append(f"  “{visible(shorten(quoted, width))}”", style="italic")
    text.truncate(width, overflow="ellipsis")
    return text


def finding_details(finding: Finding, names: dict[str, str], console: Console) -> list[Text]:
    """--verbose: the detector's message, the quoted text and the sibling's evidence, each wrapped under the
    severity column and cut at a few lines."""
    most = 4 * console.width
    parts = [Text(visible(shorten(finding.message, most)), style="dim")]
    if finding.text:
        parts.append(Text(f"│ {visible(shorten(finding.text, most))}", style="italic"))
    if finding.source is not None:
        at = names.get(finding.source.version, finding.source.version)
        at += f" line {finding.source.line}" if finding.source.line else ""
        parts.append(Text(f"└ {visible(at)}: {visible(shorten(finding.source.text, most))}", style="dim"))
    lines = [line for part in parts for line in part.wrap(console, console.width - INDENT)]
    for line in lines:
        line.rstrip()
    return [Text(" " * INDENT) + line for line in lines]


def version_header(version: VersionReport, names: dict[str, str], width: int) -> Text:
    text = Text(visible(version.id), style="bold")
    parts = [visible(version.language), visible(relation_text(version.relation, lambda v: names.get(v, v))),
             f"fidelity {_fidelity(version.fidelity)}"]
    text.append("".join(f"  {part}" for part in parts if part))
    text.append(f"  {version.status}", style=STATUS_STYLE[version.status])
    if version.encoding != "utf-8":
        text.append(f"  read as {visible(version.encoding)}", style="dim")
    text.append(f"  {visible(version.path)}", style="dim")
    text.truncate(width, overflow="ellipsis")
    return text


def fidelity_line(version: VersionReport, kind_width: int) -> Text:
    """A version failed by --min-fidelity alone, in the place and manner of a finding."""
    text = Text(f"{'':>{SPAN_WIDTH}}  ")
    text.append(f"{'error':<7}  ", style=SEVERITY_STYLE["error"])
    text.append(f"{'fidelity':<{kind_width}}  ", style="bold")
    text.append(describe("fidelity")["message"].format(fidelity=_fidelity(version.fidelity)))
    return text


def shown(version: VersionReport, show_info: bool) -> list[Finding]:
    return [f for f in version.findings if show_info or f.severity != "info"]


def family_view(family: FamilyReport, console: Console, verbose: bool, show_info: bool) -> RenderableType:
    names, width = labels(family), console.width
    kinds = [f.kind for v in family.versions for f in shown(v, show_info)]
    kind_width = max([len(visible(k)) for k in kinds] + [len("fidelity")])
    title = Text(visible(family.id), style="bold underline")
    title.append(f"  {len(family.versions)} versions  {visible(family.path)}", style="dim")
    parts: list[RenderableType] = [title]
    parts += [Text(f"note: {visible(note)}", style="dim") for note in family.notes]
    for version in family.versions:
        parts += [Text(""), version_header(version, names, width)]
        for finding in shown(version, show_info):
            parts.append(finding_line(finding, names, width, kind_width))
            if verbose:
                parts += finding_details(finding, names, console)
        if version.below_min_fidelity:
            parts.append(fidelity_line(version, kind_width))
    return Group(*parts, Text(""))


def summary_line(audit: Audit, show_info: bool) -> Text:
    s = audit.summary
    infos = sum(f.severity == "info" for family in audit.families for v in family.versions for f in v.findings)
    text = Text(
        f"{s.families} {'family' if s.families == 1 else 'families'}, {s.versions} versions: {s.errors} errors, "
        f"{s.warnings} warnings, {s.failed_versions} failed versions"
    )
    if infos:
        text.append(f", {infos} info" if show_info else f"; {infos} info hidden (--show-info)", style="dim")
    text.append(f"\nmodel: {visible(audit.signature.model)}", style="dim")
    return text


def render(audit: Audit, color: bool = False, width: int | None = None, verbose: bool = False,
           show_info: bool = False) -> str:
    """``width``: the terminal's (COLUMNS, else the terminal's size, else 120)."""
    width = width or shutil.get_terminal_size((120, 24)).columns
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=color, no_color=not color, width=width, highlight=False, emoji=False)
    for family in audit.families:
        console.print(family_view(family, console, verbose, show_info), crop=True)
    console.print(summary_line(audit, show_info))
    return buffer.getvalue()
