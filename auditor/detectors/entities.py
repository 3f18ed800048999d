"""``entity_mismatch``: a name in a sentence where its counterparts in the other versions name someone or
somewhere else (Merkel where the siblings say Truss).

Names are capitalised words not at the start of a sentence; in languages that capitalise every noun
(German), only those that another version in another language carries too. Two names are the same
when their Latin forms (Cyrillic and Greek transliterated, data/names.toml; accents dropped) are alike
(Zelenski / Zelenskyy / Зеленский, Sergei / Sergey, Cameron / Camerona), or when the embedding model puts
them close (Spanien / Espagne / Spain, ロンドン / London: cosine 0.90-0.97, while different names of one
kind score 0.78-0.88). A sentence is flagged when most versions with a confident counterpart (with
``--source``: the source) carry a name it lacks, and it carries a name in the same script that none of
them has: a substitution, not a pronoun, and not a name translated into another script.
"""
from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher
from functools import cache

import numpy as np

from ..model import Finding, Sentence
from ..settings import load_data, thresholds
from . import Context
from .compare import majority, quote, references

_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def names(text: str, common: frozenset[str] = frozenset()) -> list[str]:
    """Capitalised words (parts of hyphenated words apart) whose lower-case form is not in ``common`` (the words
    their version writes in lower case: "The" and "Many" are not names), in order of appearance. Scripts
    without capitals, such as Chinese and Japanese, give none: there names cannot be told from other words
    without a lexicon."""
    words = [part for word in _WORD.findall(text) for part in word.split("-") if part]
    return [w for w in words if w[0].isupper() and len(w) > 1 and w.lower() not in common]


def lower_words(text: str) -> frozenset[str]:
    return frozenset(w for w in _WORD.findall(text) if w[0].islower())


def script(word: str) -> str:
    """The script of a word's first letter: LATIN, CYRILLIC, GREEK ..."""
    return unicodedata.name(word[0], "UNKNOWN").split()[0]


@cache
def _letters() -> dict[str, str]:
    data = load_data("names.toml")
    return {**data["cyrillic"], **data["greek"]}


def latin(word: str) -> str:
    """Lower-case Latin letters of a word: transliterated, accents dropped, anything else removed."""
    letters = _letters()
    spelled = "".join(letters.get(ch, letters.get(unicodedata.normalize("NFKD", ch)[0], ch)) for ch in word.lower())
    plain = unicodedata.normalize("NFKD", spelled)
    return "".join(ch for ch in plain if "a" <= ch <= "z")


def alike(a: str, b: str) -> bool:
    """Spelling variants and inflections of one name, compared in Latin letters."""
    limits = thresholds("comparison")
    if not a or not b:
        return False
    ratio = SequenceMatcher(None, a, b).ratio()
    if ratio >= limits["name_spelling_ratio"] or (ratio >= limits["name_variant_ratio"] and a[0] == b[0]):
        return True
    prefix = len(_common_prefix(a, b))
    return prefix >= limits["name_stem_letters"] and prefix >= 0.75 * min(len(a), len(b))


def _common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


class NameSpace:
    """The names of one family with their Latin forms and embeddings, computed once."""

    def __init__(self, context: Context) -> None:
        texts = [s.text for ss in context.alignment.sentences.values() for s in ss]
        texts += [line for version in context.family.versions for line in version.lines]
        every = sorted({n for text in texts for n in names(text)})
        self.index = {n: i for i, n in enumerate(every)}
        self.latin = {n: latin(n) for n in every}
        self.vectors = context.embedder.encode(every) if every else np.zeros((0, context.embedder.dim))
        self.similar = thresholds("comparison")["name_similarity"]
        self.common = {v.id: lower_words(v.text) for v in context.family.versions}
        self.family_common = frozenset().union(*self.common.values())
        # words written capitalised inside a sentence somewhere in the family: names for certain
        self.inner = {w for ss in context.alignment.sentences.values() for s in ss for w in names(s.text)[1:]}

    def names_of(self, version_id: str, text: str) -> list[str]:
        return names(text, self.common[version_id])

    def same(self, a: str, b: str) -> bool:
        if alike(self.latin[a], self.latin[b]):
            return True
        return float(self.vectors[self.index[a]] @ self.vectors[self.index[b]]) >= self.similar

    def found_in(self, name: str, names_there: list[str], text_there: str) -> bool:
        """Whether a text carries the name: as one of its names, or as any word spelled alike."""
        if any(self.same(name, other) for other in names_there):
            return True
        return any(alike(self.latin[name], latin(word)) for word in _WORD.findall(text_there))

    def written_in(self, name: str, names_there: list[str]) -> bool:
        """Whether the name is among these names spelled nearly the same: evidence that it is a name the
        versions agree on, not a word each translates its own way."""
        strict = thresholds("comparison")["name_spelling_ratio"]
        return any(SequenceMatcher(None, self.latin[name], latin(other)).ratio() >= strict for other in names_there)

    def closeness(self, a: str, b: str) -> float:
        return float(self.vectors[self.index[a]] @ self.vectors[self.index[b]])


class EntityMismatch:
    kind = "entity_mismatch"

    def run(self, context: Context) -> dict[str, list[Finding]]:
        space = NameSpace(context)
        found: dict[str, list[Finding]] = {}
        for version_id, sentences in context.alignment.sentences.items():
            refs = references(context, version_id)
            findings = [f for i, s in enumerate(sentences) if (f := self._check(context, space, version_id, refs, i, s))]
            if findings:
                found[version_id] = findings
        return found

    def _check(self, context: Context, space: NameSpace, version_id: str, refs: list[str], index: int,
               sentence: Sentence) -> Finding | None:
        own = space.names_of(version_id, sentence.text)
        if not own:
            return None
        alignment = context.alignment
        counterparts: dict[str, Sentence] = {}
        for ref in refs:
            linked = alignment.between(version_id, ref).counterparts(index, thresholds("comparison")["name_counterpart_score"])
            if linked:
                counterparts[ref] = alignment.sentences[ref][linked[0]]
        if not counterparts:
            return None
        lines = {ref: context.family.version(ref).lines[s.line - 1] for ref, s in counterparts.items()}
        carried = {ref: (space.names_of(ref, text), text) for ref, text in lines.items()}
        line_here = context.family.version(version_id).lines[sentence.line - 1]
        needed = min(thresholds("comparison")["name_min_carriers"], len(counterparts))

        def carriers(name: str) -> int:
            return sum(space.written_in(name, carried[r][0]) for r in counterparts)

        # a name most counterparts carry and this sentence lacks ...
        wanted = [
            (ref, name) for ref, s in counterparts.items() for name in space.names_of(ref, s.text)
            if name in space.inner and name.lower() not in space.family_common and not space.found_in(name, own, line_here)
            and majority(count := carriers(name), len(counterparts)) and count >= needed
            and self._is_name(context, space, name, ref, carried)
        ]
        # ... and a name of this sentence that no counterpart carries
        extra = [n for n in own if not any(space.found_in(n, *there) for there in carried.values())
                 and n.lower() not in space.family_common]
        # a name is only accused against one in its own script: across scripts, translated names
        # (Kingdom / Королевстве) are too often taken for different ones
        pairs = [(ref, y, x) for ref, y in wanted for x in extra if script(x) == script(y)]
        if not pairs:
            return None
        ref, expected, here = max(pairs, key=lambda p: space.closeness(p[2], p[1]))
        evidence = counterparts[ref]
        message = (
            f'"{here}" here, where {ref} line {evidence.line} names "{expected}": "{evidence.text}". '
            f"Check which name the original gives and correct the wrong one."
        )
        return Finding(
            kind=self.kind, severity="warning", message=message, line=sentence.line, text=sentence.text,
            language=context.languages.get(version_id), source=quote(evidence),
        )

    @staticmethod
    def _is_name(context: Context, space: NameSpace, word: str, version_id: str,
                 carried: dict[str, tuple[list[str], str]]) -> bool:
        """A capitalised word is a name, except in a language that capitalises nouns: there only when a
        version in another language writes a name spelled alike."""
        language = context.languages.get(version_id)
        if language not in load_data("names.toml")["capitalised_nouns"]:
            return True
        return any(space.written_in(word, names_there) for ref, (names_there, _) in carried.items()
                   if context.languages.get(ref) != language)
