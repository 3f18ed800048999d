"""The SARIF 2.1.0 view, for code-scanning dashboards (GitHub code scanning, GitLab, IDE viewers).

One rule per finding kind; one result per finding, at its file and lines, with the sibling's evidence as a
related location and the baseline fingerprint as a partial fingerprint, so that a dashboard follows a
finding across commits the way ``--baseline`` does.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..baseline import fingerprint
from ..model import KINDS, Audit, FamilyReport, Finding, VersionReport
from . import describe
from .text import visible

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}
FIDELITY_RULE = "fidelity"  # a version below --min-fidelity


def uri(path: str) -> str:
    pure = Path(path)
    return pure.as_uri() if pure.is_absolute() else quote(pure.as_posix(), safe="/")


def rules(kinds: list[str]) -> list[dict[str, Any]]:
    return [
        {
            "id": kind,
            "name": kind,
            "shortDescription": {"text": describe(kind)["title"]},
            "fullDescription": {"text": describe(kind)["summary"]},
        }
        for kind in kinds
    ]


def _location(path: str, line: int | None, end_line: int | None, text: str | None) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": uri(path)}}
    if line:
        region: dict[str, Any] = {"startLine": line, "endLine": max(line, end_line or line)}
        if text:
            region["snippet"] = {"text": visible(text)}
        physical["region"] = region
    return {"physicalLocation": physical}


def result(family: FamilyReport, version: VersionReport, finding: Finding, rule_index: int) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "ruleId": finding.kind,
        "ruleIndex": rule_index,
        "level": LEVEL[finding.severity],
        "message": {"text": visible(finding.message)},
        "locations": [_location(version.path, finding.line, finding.end_line, finding.text)],
        "partialFingerprints": {"auditorFinding/v1": fingerprint(family.id, version.id, finding)},
        "properties": {"family": family.id, "version": version.id, "severity": finding.severity},
    }
    if finding.language:
        entry["properties"]["language"] = finding.language
    if finding.score is not None:
        entry["properties"]["score"] = round(float(finding.score), 4)
    sibling = next((v for v in family.versions if finding.source and v.id == finding.source.version), None)
    if sibling is not None:
        related = _location(sibling.path, finding.source.line, finding.source.line, finding.source.text)
        related["id"] = 0
        related["message"] = {"text": f"evidence in {visible(sibling.id)}"}
        entry["relatedLocations"] = [related]
    return entry


def _fidelity_result(version: VersionReport, rule_index: int) -> dict[str, Any]:
    message = describe(FIDELITY_RULE)["message"].format(fidelity=version.fidelity)
    return {
        "ruleId": FIDELITY_RULE,
        "ruleIndex": rule_index,
        "level": "error",
        "message": {"text": message},
        "locations": [_location(version.path, None, None, None)],
    }


def to_dict(audit: Audit) -> dict[str, Any]:
    seen = {f.kind for fam in audit.families for v in fam.versions for f in v.findings}
    kinds = list(KINDS) + sorted(seen - set(KINDS)) + [FIDELITY_RULE]
    index = {kind: i for i, kind in enumerate(kinds)}
    results = []
    for family in audit.families:
        for version in family.versions:
            results += [result(family, version, f, index[f.kind]) for f in version.findings]
            if version.below_min_fidelity:
                results.append(_fidelity_result(version, index[FIDELITY_RULE]))
    driver = {
        "name": audit.signature.tool,
        "version": audit.signature.tool_version,
        "rules": rules(kinds),
        "properties": {"model": audit.signature.model, "signature": str(audit.signature)},
    }
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [{"tool": {"driver": driver}, "results": results}]}


def render(audit: Audit) -> str:
    return json.dumps(to_dict(audit), ensure_ascii=False, indent=2) + "\n"
