"""The GitHub Actions view: one workflow command per finding (``::error file=...,line=...::message``),
so that findings show as annotations on the changed lines of a pull request."""
from __future__ import annotations

from ..model import Audit, Finding, VersionReport
from . import describe, place
from .text import shorten, visible

LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    """Escape a command's message the way the Actions runner unescapes it."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def command(level: str, path: str, title: str, message: str, line: int | None = None, end_line: int | None = None) -> str:
    properties = [f"file={_property(path)}"]
    if line:
        properties.append(f"line={line}")
    if end_line and end_line != line:
        properties.append(f"endLine={end_line}")
    properties.append(f"title={_property(title)}")
    return f"::{level} {','.join(properties)}::{_data(message)}"


def _message(finding: Finding) -> str:
    message = visible(finding.message)
    if finding.text:
        message += f' | "{shorten(visible(finding.text), 120)}"'
    if finding.source is not None:
        message += f' | {visible(place(finding.source))}: "{shorten(visible(finding.source.text), 120)}"'
    return message


def _title(finding: Finding) -> str:
    key = f" ({visible(finding.key)})" if finding.key else ""
    return f"auditor {finding.kind}{key}: {describe(finding.kind)['title']}"


def version_commands(version: VersionReport) -> list[str]:
    lines = [
        command(LEVEL[f.severity], version.path, _title(f), _message(f), f.line, f.end_line)
        for f in version.findings
    ]
    if version.below_min_fidelity:
        lines.append(command("error", version.path, f"auditor fidelity: {describe('fidelity')['title']}",
                             describe("fidelity")["message"].format(fidelity=version.fidelity)))
    return lines


def render(audit: Audit) -> str:
    lines = [line for family in audit.families for version in family.versions for line in version_commands(version)]
    s = audit.summary
    lines.append(f"auditor: {s.families} families, {s.versions} versions: {s.errors} errors, {s.warnings} warnings, "
                 f"{s.failed_versions} failed versions")
    return "\n".join(lines) + "\n"
