"""What the line detectors (mt_notice, stray_language, boilerplate) share: a version's lines with their
sentence vectors, which lines have a counterpart in the sibling versions, and phrase-bank matching."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

import numpy as np

from . import Context

# Scripts written without spaces between words: phrase-bank entries match anywhere in them.
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\u0e00-\u0e7f\uf900-\ufaff]")
_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")
# A word boundary for entries in scripts with spaces: not next to a letter or digit of such a script, so that
# "ai" matches in "为AI翻译" but not in "said".
_SPACED_CHAR = "0-9A-Za-z\u00c0-\u024f\u0300-\u036f\u1e00-\u1eff\u0370-\u03ff\u0400-\u052f\u0530-\u058f\u0590-\u06ff\u0900-\u0dff\u10a0-\u10ff"
# Both cases are in the class already: matched case-sensitively, it need not be case-folded at compile time.
_WORD_CHAR = f"(?-i:[{_SPACED_CHAR}])"
_SENTENCE_END = re.compile(r"[.!?…。！？]['\"”’»)\]]*$")


@dataclass(frozen=True)
class Line:
    number: int  # 1-based line number in the file
    text: str  # stripped
    vectors: np.ndarray  # one row per sentence of the line

    @property
    def words(self) -> int:
        """Words, counting two characters of Chinese or Japanese (or a Korean syllable block) as one."""
        unspaced = len(_UNSPACED.findall(self.text))
        return len(_WORD.findall(_UNSPACED.sub(" ", self.text))) + (unspaced + 1) // 2

    @property
    def sentence_shaped(self) -> bool:
        """Ends like a sentence (full stop, question or exclamation mark)."""
        return bool(_SENTENCE_END.search(self.text))


def version_lines(context: Context, version_id: str) -> list[Line]:
    """The version's non-blank lines that no earlier line detector has flagged, in file order."""
    version = context.family.version(version_id)
    rows: dict[int, list[int]] = {}
    for row, sentence in enumerate(context.sentences[version_id]):
        rows.setdefault(sentence.line, []).append(row)
    flagged = context.flagged.get(version_id, set())
    return [
        Line(number, text.strip(), context.vectors[version_id][rows[number]])
        for number, text in enumerate(version.lines, start=1)
        if text.strip() and number in rows and number not in flagged
    ]


def edge_lines(context: Context, version_id: str, depth: int) -> set[int]:
    """Numbers of the first and last ``depth`` non-blank lines of a version."""
    numbers = [n for n, text in enumerate(context.family.version(version_id).lines, start=1) if text.strip()]
    return set(numbers[:depth]) | set(numbers[-depth:])


def flag(context: Context, version_id: str, lines: Iterable[int]) -> None:
    """Mark lines as found, so that later line detectors and the comparison leave them alone."""
    context.flagged.setdefault(version_id, set()).update(lines)


def terms_pattern(entries: Iterable[str]) -> re.Pattern[str] | None:
    """One case-insensitive pattern for phrase-bank entries: whole words, a final "*" for any word ending;
    entries in Chinese, Japanese, Korean or Thai match anywhere. Longer entries are tried first."""
    spaced, unspaced = [], []
    for entry in sorted({e.strip().casefold() for e in entries if e.strip()}, key=len, reverse=True):
        body = r"\s+".join(re.escape(word) for word in entry.rstrip("*").split())
        if _UNSPACED.search(entry):
            unspaced.append(body)
        else:
            spaced.append(body + (f"{_WORD_CHAR}*" if entry.endswith("*") else ""))
    # The word boundaries stand once around all spaced entries, not around each: compiling the character
    # class once per entry cost about a second per process for the phrase banks.
    alternatives = [rf"(?<!{_WORD_CHAR})(?:{'|'.join(spaced)})(?!{_WORD_CHAR})"] if spaced else []
    alternatives += unspaced
    return re.compile("|".join(alternatives), re.IGNORECASE) if alternatives else None


def best_similarity(vectors: np.ndarray, references: np.ndarray) -> float:
    """Highest cosine between any row of ``vectors`` and any row of ``references`` (both L2-normalised)."""
    if not len(vectors) or not len(references):
        return 0.0
    return float((vectors @ references.T).max())
