"""What the comparison detectors share: which versions a version is judged against, the majority rule,
quoting a sibling as evidence, and grouping lines into contiguous blocks."""
from __future__ import annotations

from ..align import FamilyAlignment
from ..model import Family, Quote, Sentence
from . import Context


def references(context: Context, version_id: str) -> list[str]:
    """The versions ``version_id`` is judged against: the ``--source`` version when one is named,
    otherwise all its siblings (whose majority then decides)."""
    source = context.settings.source
    if source is not None and source != version_id:
        return [source]
    return context.alignment.siblings(version_id)


def is_source(context: Context, version_id: str) -> bool:
    return context.settings.source == version_id


def majority(carriers: int, asked: int) -> bool:
    """More than half of the versions asked carry it."""
    return asked > 0 and 2 * carriers > asked


def minority(carriers: int, asked: int) -> bool:
    """Fewer than half of the versions asked carry it: a tie is not evidence against a version."""
    return asked > 0 and 2 * carriers < asked


def quote(sentence: Sentence) -> Quote:
    return Quote(version=sentence.version, line=sentence.line, text=sentence.text)


def block_text(sentences: list[Sentence]) -> str:
    return " ".join(s.text for s in sentences)


def blocks(lines: list[int], family: Family, version_id: str) -> list[tuple[int, int]]:
    """Contiguous runs of the given line numbers; blank lines between two of them do not break a run."""
    version = family.version(version_id)
    runs: list[tuple[int, int]] = []
    for line in sorted(set(lines)):
        if runs and all(not version.lines[n - 1].strip() for n in range(runs[-1][1] + 1, line)):
            runs[-1] = (runs[-1][0], line)
        else:
            runs.append((line, line))
    return runs


def line_range(start: int, end: int) -> str:
    return f"line {start}" if start == end else f"lines {start}-{end}"


def sentences_on(alignment: FamilyAlignment, version_id: str, start: int, end: int) -> list[Sentence]:
    return [s for s in alignment.sentences[version_id] if start <= s.line <= end]
