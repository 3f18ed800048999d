"""Baseline: accept today's findings, fail only on new ones (how ruff and mypy users adopt a checker).

A finding is known by a fingerprint of its kind, family, version and normalised text, never its line
number, so that it survives edits elsewhere in the file. The same text found twice counts twice.
"""
from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections import Counter
from dataclasses import replace
from pathlib import Path

from .errors import AuditorError
from .model import Audit, Finding
from .score import status

FORMAT_VERSION = 1
_DIGITS = re.compile(r"\d+")


def normalise(text: str) -> str:
    """Compatibility forms folded, case folded, runs of white space made one space."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def fingerprint(family: str, version: str, finding: Finding) -> str:
    """Stable identity of a finding. Without a quoted text, the message stands in, its numbers
    (line numbers among them) masked."""
    if finding.text or finding.source:
        text = finding.text or finding.source.text
    else:
        text = _DIGITS.sub("#", finding.message)
    key = "\x1f".join((finding.kind, family, version, normalise(text)))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]


def to_json(audit: Audit) -> str:
    """The baseline file: each finding's fingerprint, with what it is for a reviewer of the file."""
    entries = [
        {
            "fingerprint": fingerprint(family.id, version.id, finding),
            "family": family.id,
            "version": version.id,
            "kind": finding.kind,
            "line": finding.line,
            "text": finding.text,
        }
        for family in audit.families
        for version in family.versions
        for finding in version.findings
    ]
    return json.dumps({"auditor_baseline": FORMAT_VERSION, "findings": entries}, ensure_ascii=False, indent=2) + "\n"


def read(path: str | Path) -> Counter[str]:
    """The fingerprints of a baseline file, with how often each was recorded."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise AuditorError(f"{path}: no such baseline file (write one with --write-baseline)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise AuditorError(f"{path}: cannot read the baseline: {exc}") from None
    except json.JSONDecodeError as exc:
        raise AuditorError(f"{path}: not a baseline file: {exc}") from None
    entries = data.get("findings") if isinstance(data, dict) and data.get("auditor_baseline") == FORMAT_VERSION else None
    if not isinstance(entries, list) or not all(isinstance(e, dict) and isinstance(e.get("fingerprint"), str) for e in entries):
        raise AuditorError(f"{path}: not an auditor baseline file (version {FORMAT_VERSION})")
    return Counter(e["fingerprint"] for e in entries)


def apply(audit: Audit, known: Counter[str], min_fidelity: float | None) -> Audit:
    """The audit without the findings the baseline knows; each family notes how many it left out."""
    remaining = Counter(known)
    families = []
    for family in audit.families:
        versions, hidden = [], 0
        for version in family.versions:
            kept = []
            for finding in version.findings:
                key = fingerprint(family.id, version.id, finding)
                if remaining[key] > 0:
                    remaining[key] -= 1
                    hidden += 1
                else:
                    kept.append(finding)
            versions.append(replace(version, findings=tuple(kept), status=status(kept, version.fidelity, min_fidelity)))
        notes = family.notes + ((f"{hidden} findings recorded in the baseline are not shown",) if hidden else ())
        families.append(replace(family, versions=tuple(versions), notes=notes))
    return replace(audit, families=tuple(families))
