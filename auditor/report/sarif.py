"""The SARIF 2.1.0 view, for code-scanning dashboards (GitHub code scanning, GitLab, IDE viewers).

One rule per finding kind; one result per finding, at its file and lines, with the sibling's evidence as a
related location linked from the message. Beyond the OASIS schema it meets GitHub code scanning's ingestion
rules: every location has a file URI (relative to the working directory, the repository's root in CI, where
the file is under it) and a region with a startLine (a finding about a whole version points at its first line);
rules carry shortDescription, fullDescription and help; results carry partialFingerprints.primaryLocationLineHash,
made from the finding's text and never its line number, so that an alert survives edits elsewhere in the file
the way ``--baseline`` does; a run holds at most 25,000 results, the most severe.
"""
from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..baseline import fingerprint
from ..model import KINDS, Audit, FamilyReport, Finding, VersionReport, severity_rank
from . import describe, place, short_message
from .text import shorten, visible

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}
FIDELITY_RULE = "fidelity"  # a version below --min-fidelity
ROOT = "%SRCROOT%"  # the uriBaseId of relative file URIs: the working directory
MAX_RESULTS = 25_000  # code scanning rejects a run with more
MAX_TEXT = 1024  # code scanning's limit on a rule's descriptions; messages are kept as short
EVIDENCE_ID = 1  # the related location of the sibling's evidence, linked from the message as [..](1)
# A rule's help: the kind's action (data/kinds.toml) with its fields said in general.
HELP_FIELDS = {"where": "the result's line", "language": "the other language",
               "version_language": "the version's language", "source": "the sibling the result names",
               "source_line": "the sibling's line"}


def plain(text: str) -> str:
    """Document text in a SARIF plain-text message: escapes for controls, and brackets escaped so that no
    text reads as an embedded link."""
    return visible(text).replace("[", "\\[").replace("]", "\\]")


def _rule_name(kind: str) -> str:
    return "".join(part.capitalize() for part in kind.split("_"))  # an id-like name that differs from the id


def _help(described: dict[str, str]) -> str:
    try:
        return f"{described['summary']} What to do: {described['action'].format_map(HELP_FIELDS)}."
    except KeyError:  # an action that names a field of its own
        return described["summary"]


def rules(kinds: list[str]) -> list[dict[str, Any]]:
    described = {kind: describe(kind) for kind in kinds}
    return [
        {
            "id": kind,
            "name": _rule_name(kind),
            "shortDescription": {"text": shorten(d["title"], MAX_TEXT)},
            "fullDescription": {"text": shorten(d["summary"], MAX_TEXT)},
            "help": {"text": _help(d)},
            "properties": {"tags": ["translation", "localization"]},
        }
        for kind, d in described.items()
    ]


class Locator:
    """File URIs and regions as code scanning wants them."""

    def __init__(self, root: Path):
        self.root = Path(os.path.realpath(root))
        self.root_uri = self.root.as_uri().rstrip("/") + "/"

    def artifact(self, path: str) -> dict[str, str]:
        """Relative to the root where the (symlink-resolved) file is under it, else an absolute file URI."""
        real = Path(os.path.realpath(path))
        try:
            return {"uri": quote(real.relative_to(self.root).as_posix(), safe="/"), "uriBaseId": ROOT}
        except ValueError:
            return {"uri": real.as_uri()}

    def location(self, version: VersionReport, line: int | None, end_line: int | None,
                 text: str | None) -> dict[str, Any]:
        """Lines past the end of the file (text missing after its last line) point at the last line; no line at
        all (a finding about the whole version) at the first."""
        last = max(version.line_count, 1)
        start = min(line or 1, last)
        region: dict[str, Any] = {"startLine": start, "endLine": min(max(start, end_line or start), last)}
        if text and line:
            region["snippet"] = {"text": visible(shorten(text, MAX_TEXT))}
        return {"physicalLocation": {"artifactLocation": self.artifact(version.path), "region": region}}


def message(finding: Finding, evidence: bool) -> str:
    """The short message first (code scanning shows the first sentence where space is short), the sibling's
    evidence as a link to the related location, then the detector's message."""
    link = f"[{plain(place(finding.source))}]({EVIDENCE_ID})" if evidence else ""
    head = short_message(finding, lambda quote: link or plain(place(quote)))
    head = head[:1].upper() + head[1:]
    if finding.key:
        head += f" (key {plain(finding.key)})"
    head += "." if not link or link in head else f". Evidence: {link}."
    return shorten(head + " " + plain(finding.message), MAX_TEXT)


def result(family: FamilyReport, version: VersionReport, finding: Finding, rule_index: int, locator: Locator,
           hash_count: Counter[str]) -> dict[str, Any]:
    sibling = next((v for v in family.versions if finding.source and v.id == finding.source.version), None)
    location = locator.location(version, finding.line, finding.end_line, finding.text)
    if finding.key:
        location["logicalLocations"] = [{"name": visible(finding.key), "kind": "resource"}]
    own = fingerprint(family.id, version.id, finding)
    hash_count[own] += 1
    entry: dict[str, Any] = {
        "ruleId": finding.kind,
        "ruleIndex": rule_index,
        "level": LEVEL[finding.severity],
        "message": {"text": message(finding, sibling is not None)},
        "locations": [location],
        "partialFingerprints": {"primaryLocationLineHash": f"{own[:16]}:{hash_count[own]}", "auditorFinding/v1": own},
        "properties": {"family": family.id, "version": version.id, "severity": finding.severity},
    }
    for name, value in (("language", finding.language), ("key", finding.key)):
        if value:
            entry["properties"][name] = value
    if finding.score is not None:
        entry["properties"]["score"] = round(float(finding.score), 4)
    if sibling is not None:
        related = locator.location(sibling, finding.source.line, finding.source.line, finding.source.text)
        related["id"] = EVIDENCE_ID
        related["message"] = {"text": f"evidence in {plain(sibling.id)}"}
        entry["relatedLocations"] = [related]
    return entry


def _fidelity_result(family: FamilyReport, version: VersionReport, rule_index: int, locator: Locator) -> dict[str, Any]:
    text = describe(FIDELITY_RULE)["message"].format(fidelity=version.fidelity)
    identity = hashlib.sha256(f"{FIDELITY_RULE}\x1f{family.id}\x1f{version.id}".encode("utf-8")).hexdigest()[:16]
    return {
        "ruleId": FIDELITY_RULE,
        "ruleIndex": rule_index,
        "level": "error",
        "message": {"text": text},
        "locations": [locator.location(version, None, None, None)],
        "partialFingerprints": {"primaryLocationLineHash": f"{identity}:1"},
        "properties": {"family": family.id, "version": version.id, "severity": "error"},
    }


def to_dict(audit: Audit, root: Path | None = None) -> dict[str, Any]:
    """``root``: what relative file URIs are relative to (the working directory)."""
    locator = Locator(root or Path.cwd())
    seen = {f.kind for fam in audit.families for v in fam.versions for f in v.findings}
    kinds = list(KINDS) + sorted(seen - set(KINDS)) + [FIDELITY_RULE]
    index = {kind: i for i, kind in enumerate(kinds)}
    results = []
    for family in audit.families:
        hash_count: Counter[str] = Counter()
        for version in family.versions:
            results += [result(family, version, f, index[f.kind], locator, hash_count) for f in version.findings]
            if version.below_min_fidelity:
                results.append(_fidelity_result(family, version, index[FIDELITY_RULE], locator))
    invocation: dict[str, Any] = {"executionSuccessful": True, "workingDirectory": {"uri": locator.root_uri}}
    if len(results) > MAX_RESULTS:
        left_out = len(results) - MAX_RESULTS
        rank = {"error": 3, "warning": 2, "note": 1}
        results = sorted(results, key=lambda r: -rank[r["level"]])[:MAX_RESULTS]
        invocation["toolExecutionNotifications"] = [{"level": "warning", "message": {
            "text": f"{left_out} results of the lowest severity left out: code scanning takes {MAX_RESULTS} a run"}}]
    driver = {
        "name": audit.signature.tool,
        "version": audit.signature.tool_version,
        "semanticVersion": audit.signature.tool_version,
        "rules": rules(kinds),
        "properties": {"model": audit.signature.model, "signature": str(audit.signature)},
    }
    run = {"tool": {"driver": driver}, "invocations": [invocation],
           "originalUriBaseIds": {ROOT: {"uri": locator.root_uri}}, "results": results}
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def render(audit: Audit) -> str:
    return json.dumps(to_dict(audit), ensure_ascii=False, indent=2) + "\n"
