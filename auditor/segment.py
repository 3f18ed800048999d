"""Stage 2, segment: lines -> sentences. A line may hold several sentences; a sentence never spans lines."""
from __future__ import annotations

import re

from .model import Sentence, Version

# A sentence ends at . ! ? … (with closing quotes or brackets) before a space and a word that does
# not start in lower case; or at CJK full stops wherever they stand.
_SPACED_BOUNDARY = re.compile(r"""(?<=[.!?…])["'”’»)\]]*(\s+)["'“‘«(\[¿¡]?(?=\w)""")
_CJK_BOUNDARY = re.compile(r"(?<=[。！？!?])(?![。！？!?])[」』”’)）]*")
# Words before a full stop that do not end a sentence: initials and short abbreviations (U.S., Mr., Dr., St.),
# and ordinal numbers as German and other languages write them ("am 16. Mai", "Platz 11."): one to three digits.
_ABBREVIATION = re.compile(r"(?:\b(?:\w\.)+\w?|\b[A-ZА-Я][a-zа-я]?\.|\b\w\.|(?<![\d.,])\d{1,3}\.)$")


def split_sentences(line: str) -> list[str]:
    """Sentences of one line, stripped; an empty line gives none."""
    pieces: list[str] = []
    start = 0
    for match in _SPACED_BOUNDARY.finditer(line):
        head = line[start:match.start(1)]
        inside_brackets = head.count("(") > head.count(")")
        if line[match.end()].islower() or inside_brackets or _ABBREVIATION.search(head.rstrip("\"'”’»)]")):
            continue
        pieces.append(head)
        start = match.end(1)
    pieces.append(line[start:])
    sentences: list[str] = []
    for piece in pieces:
        cjk_start = 0
        for match in _CJK_BOUNDARY.finditer(piece):
            if match.end() > cjk_start and match.end() < len(piece):
                sentences.append(piece[cjk_start:match.end()])
                cjk_start = match.end()
        sentences.append(piece[cjk_start:])
    return [s.strip() for s in sentences if s.strip()]


def segment(version: Version) -> list[Sentence]:
    return [
        Sentence(version=version.id, line=number, text=text, index=index)
        for number, line in enumerate(version.lines, start=1)
        for index, text in enumerate(split_sentences(line))
    ]
