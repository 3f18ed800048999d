"""The JSON view: exactly the contract in ``auditor/schema/report.schema.json``."""
from __future__ import annotations

import json
from typing import Any

from ..model import Audit, Finding


def finding_dict(finding: Finding) -> dict[str, Any]:
    return {
        "kind": finding.kind,
        "severity": finding.severity,
        "line": finding.line,
        "end_line": finding.end_line,
        "text": finding.text,
        "language": finding.language,
        "message": finding.message,
        "source": None
        if finding.source is None
        else {"version": finding.source.version, "line": finding.source.line, "text": finding.source.text},
        "score": None if finding.score is None else round(float(finding.score), 4),
        "key": finding.key,
    }


def to_dict(audit: Audit) -> dict[str, Any]:
    return {
        "schema_version": 1,
        "tool": {"name": audit.signature.tool, "version": audit.signature.tool_version},
        "model": audit.signature.model,
        "signature": str(audit.signature),
        "families": [
            {
                "id": family.id,
                "path": family.path,
                "notes": list(family.notes),
                "versions": [
                    {
                        "id": v.id,
                        "path": v.path,
                        "language": v.language,
                        "encoding": v.encoding,
                        "lines": v.line_count,
                        "fidelity": v.fidelity,
                        "status": v.status,
                        "relation": None if v.relation is None else {"kind": v.relation.kind, "of": list(v.relation.of)},
                        "findings": [finding_dict(f) for f in v.findings],
                    }
                    for v in family.versions
                ],
                "pairs": [
                    {"a": p.a, "b": p.b, "similarity": p.similarity, "chrf": p.chrf} for p in family.pairs
                ],
            }
            for family in audit.families
        ],
        "summary": {
            "families": audit.summary.families,
            "versions": audit.summary.versions,
            "errors": audit.summary.errors,
            "warnings": audit.summary.warnings,
            "failed_versions": audit.summary.failed_versions,
        },
    }


def render(audit: Audit) -> str:
    return json.dumps(to_dict(audit), ensure_ascii=False, indent=2) + "\n"
