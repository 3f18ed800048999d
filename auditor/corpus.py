"""A JSON Lines corpus: one family per line, the shape an export from a CMS or a database takes.

    {"id": "story-17", "versions": [{"id": "en", "language": "en", "text": "First line\\nSecond line"}, ...]}

``language`` is optional; given, it is the language the version must be in. A version's lines are the lines of its
``text``, numbered from 1, so findings point at lines of that text. A line of the file that is not such a family
(not JSON, a field missing or of the wrong type, a family id seen before) is skipped with a note
``file:line: reason``, as a file that cannot be read is; a version with no text is skipped with a note on its family.
``-`` reads the corpus from standard input.
"""
from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Any, Iterable

from .errors import AuditorError
from .model import Family, Version

log = logging.getLogger("auditor")

SUFFIXES = (".jsonl",)
STDIN = "-"


def is_corpus(raw: str | Path) -> bool:
    return str(raw) == STDIN or Path(raw).suffix.lower() in SUFFIXES


def read_corpus(raw: str | Path) -> list[Family]:
    """The families of a corpus file (or of standard input for ``-``); bad lines are skipped with a warning."""
    name = "<stdin>" if str(raw) == STDIN else str(raw)
    try:
        if str(raw) == STDIN:
            return _families(name, sys.stdin.buffer)
        with open(raw, "rb") as stream:
            return _families(name, stream)
    except OSError as exc:
        raise AuditorError(f"{name}: cannot read: {(exc.strerror or str(exc)).lower()}") from None


def _families(name: str, lines: Iterable[bytes]) -> list[Family]:
    families: dict[str, Family] = {}
    skipped = []
    for number, raw_line in enumerate(lines, start=1):
        if not raw_line.strip():
            continue
        try:
            family = family_of(json.loads(raw_line.decode("utf-8")), f"{name}:{number}")
            if family.id in families:
                raise ValueError(f"family id {family.id!r} again (first at {families[family.id].path})")
        except (ValueError, UnicodeDecodeError) as exc:  # JSONDecodeError is a ValueError
            skipped.append(f"skipped {name}:{number}: {_reason(exc)}")
            continue
        families[family.id] = family
    for note in skipped:
        log.warning(note)
    if not families:
        raise AuditorError(f"{name}: no family to audit" + (f" ({skipped[0].removeprefix('skipped ')})" if skipped else ""))
    return list(families.values())


def family_of(record: Any, where: str) -> Family:
    """One line's family; ValueError says what is wrong with it."""
    if not isinstance(record, dict):
        raise ValueError('not a family (a JSON object with "id" and "versions")')
    family_id = _text_field(record, "id")
    versions_field = record.get("versions")
    if not isinstance(versions_field, list) or not versions_field:
        raise ValueError('"versions" must be a list of versions')
    versions, notes = [], []
    for n, entry in enumerate(versions_field, start=1):
        if not isinstance(entry, dict):
            raise ValueError(f"version {n} is not a JSON object")
        version_id = _text_field(entry, "id", f"version {n}: ")
        text = entry.get("text")
        language = entry.get("language")
        if not isinstance(text, str):
            raise ValueError(f'version {version_id!r}: "text" must be a string')
        if language is not None and not (isinstance(language, str) and language.strip()):
            raise ValueError(f'version {version_id!r}: "language" must be a language code')
        if any(v.id == version_id for v in versions):
            raise ValueError(f"two versions with the id {version_id!r}")
        if not text.strip():
            notes.append(f"skipped {where}: version {version_id!r}: empty text")
            continue
        from .load import split_lines

        versions.append(Version(id=version_id, path=Path(f"{where}/{version_id}"), lines=split_lines(text),
                                language=language))
    if not versions:
        raise ValueError("no version with text")
    return Family(id=family_id, path=Path(where), versions=tuple(versions), notes=tuple(notes))


def _text_field(record: dict, key: str, prefix: str = "") -> str:
    value = record.get(key)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)  # database ids are often numbers
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f'{prefix}"{key}" must be a string or a number')
    return value


def _reason(exc: Exception) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"not JSON ({exc.msg} at column {exc.colno})"
    if isinstance(exc, UnicodeDecodeError):
        return "not UTF-8"
    return str(exc)

