"""Stage 2, segment: lines -> sentences. A line may hold several sentences; a sentence never spans lines, nor the
blocks a reader put on one line (table cells)."""
from __future__ import annotations

import re

from .model import Sentence, Version
from .settings import thresholds

# A sentence ends at . ! ? … (with closing quotes or brackets) before a space and a word that does
# not start in lower case (after …, one that starts in upper case: a CJK word after a code span's … goes on
# the sentence); or at CJK full stops wherever they stand.
_SPACED_BOUNDARY = re.compile(r"""(?<=[.!?…])["'”’»)\]]*(\s+)["'“‘«(\[¿¡]?(?=\w)""")
_CJK_BOUNDARY = re.compile(r"(?<=[。！？!?])(?![。！？!?])[」』”’)）]*")
# Words before a full stop that do not end a sentence: initials and short abbreviations (U.S., Mr., Dr., St.),
# and ordinal numbers as German and other languages write them ("am 16. Mai", "Platz 11."): one to three digits.
_ABBREVIATION = re.compile(r"(?:\b(?:\w\.)+\w?|\b[A-ZА-Я][a-zа-я]?\.|\b\w\.|(?<![\d.,])\d{1,3}\.)$")
# The abbreviation test looks at this many characters before a full stop, not at the whole sentence so far:
# on a huge line without sentence ends ("A. B. C. ..."), looking further back would make splitting quadratic.
_ABBREVIATION_WINDOW = 100
_LAST_SPACE = re.compile(r".*\s", re.DOTALL)


def split_sentences(line: str) -> list[str]:
    """Sentences of one line, stripped; an empty line gives none."""
    pieces: list[str] = []
    start = counted = depth = 0  # depth: brackets opened and not closed in line[start:counted]
    for match in _SPACED_BOUNDARY.finditer(line):
        end = match.start(1)
        depth += line.count("(", counted, end) - line.count(")", counted, end)
        counted = end
        tail = line[max(start, end - _ABBREVIATION_WINDOW):end]
        following = line[match.end()]
        if following.islower() or (line[end - 1] == "…" and not following.isupper()) or depth > 0 or _ABBREVIATION.search(tail.rstrip("\"'”’»)]")):
            continue
        pieces.append(line[start:end])
        start = counted = match.end(1)
        depth = 0
    pieces.append(line[start:])
    sentences: list[str] = []
    for piece in pieces:
        cjk_start = 0
        for match in _CJK_BOUNDARY.finditer(piece):
            if match.end() > cjk_start and match.end() < len(piece):
                sentences.append(piece[cjk_start:match.end()])
                cjk_start = match.end()
        sentences.append(piece[cjk_start:])
    limit = thresholds("segment")["max_sentence_chars"]
    return [part for s in sentences for part in _cut(s.strip(), limit) if part]


def _cut(sentence: str, limit: int) -> list[str]:
    """A "sentence" longer than ``limit`` characters (a line without sentence ends: a flattened table, code,
    junk) in pieces of at most ``limit`` characters, cut at the last space before the limit where there is one."""
    parts = []
    while len(sentence) > limit:
        space = _LAST_SPACE.match(sentence, 0, limit + 1)
        cut = space.end() if space and space.end() > limit // 2 else limit
        parts.append(sentence[:cut].strip())
        sentence = sentence[cut:].strip()
    return parts + [sentence]


def segment(version: Version) -> list[Sentence]:
    """Every sentence of the version; a line of several blocks (a table row's cells) is cut between them first."""
    cut = version.block_separator
    return [
        Sentence(version=version.id, line=number, text=text, index=index)
        for number, line in enumerate(version.lines, start=1)
        for index, text in enumerate(s for block in (line.split(cut) if cut else [line]) for s in split_sentences(block))
    ]
