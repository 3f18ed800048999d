"""Stage 1b, read: one reader per format turns a file's text into what is audited. Readers are the only code that
knows a format.

A reader gives a version's ``Content``: ``lines``, one per line of the file (the text audited on that line, "" where
nothing is), and ``invariants``, what every version of the page must keep as it is (None when the format keeps
nothing aside), and ``block_separator``, where the reader put several blocks on one line. Discovery (auditor/layouts.py) walks the files whose suffix a reader takes, and a layout may be
limited to a reader's ``kind`` ("text": free text aligned by embeddings; "catalogue": keyed units).

A new format: a module here with a ``Reader`` and a line in ``READERS`` below.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..model import Invariant
from ..settings import Settings


@dataclass(frozen=True)
class Content:
    lines: tuple[str, ...]
    invariants: tuple[Invariant, ...] | None = None
    block_separator: str | None = None  # what stands between several blocks of one line (table cells)


@dataclass(frozen=True)
class Reader:
    name: str
    suffixes: tuple[str, ...]  # lower case, with the dot
    kind: str  # "text" or "catalogue"
    read: Callable[[tuple[str, ...], Settings], Content]  # the file's lines (as split by load) -> content


from .markdown import MARKDOWN  # noqa: E402
from .text import TEXT  # noqa: E402

READERS: tuple[Reader, ...] = (TEXT, MARKDOWN)


def reader_for(path: Path) -> Reader | None:
    suffix = path.suffix.lower()
    return next((r for r in READERS if suffix in r.suffixes), None)


def suffix_kinds() -> dict[str, str]:
    """Every suffix a reader takes -> the kind of its units, for discovery."""
    return {suffix: reader.kind for reader in READERS for suffix in reader.suffixes}
