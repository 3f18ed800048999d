"""untranslated: a target left as its source or still in the source language (what legitimately stays the same
is not: names, codes, "OK", URLs, numbers; after Weblate's "unchanged translation" exceptions, data/catalogues.toml);
stray_language: a target in a third language."""
from __future__ import annotations

import re
from functools import cache

from ..langid import LineLanguage, language_name, line_language
from ..settings import load_data
from . import Pair, Problem
from .placeholders import plain

_URL = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+")
_WORD = re.compile(r"[^\W\d_]+(?:['’.-][^\W\d_]+)*")
_LOWER_END = re.compile(r"(?:^|\s)(?![A-Z])[^\W\d_]\w*[.!?。！？]\s*$")  # a last word in lower case before a full stop


@cache
def _same_words() -> frozenset[str]:
    return frozenset(w.casefold() for w in load_data("catalogues.toml")["untranslated"]["same_words"])


def may_stay_the_same(text: str, flags: frozenset[str]) -> bool:
    """Whether a text may rightly be the same in every language: nothing but placeholders, tags, URLs, numbers and
    punctuation; one word; only words that every language writes alike ("OK", "PDF"); or a short name
    ("Mozilla Firefox")."""
    limits = load_data("catalogues.toml")["untranslated"]
    words = _WORD.findall(_URL.sub(" ", plain(text, flags)))
    if sum(len(w) for w in words) < limits["min_letters"] or len(words) == 1:
        return True  # one word is as often a word both languages share ("note", "Status") as one left untranslated
    remaining = [w for w in words if w.casefold() not in _same_words()]
    if not remaining:
        return True
    names = all(w[0].isupper() or w.isupper() for w in remaining)
    return names and len(words) <= limits["max_name_words"] and not _LOWER_END.search(plain(text, flags))


@cache
def judge(text: str, language: str, source_language: str) -> LineLanguage:
    """The language of a target (asked by two checks: once)."""
    return line_language(text, language, (source_language,))


class Untranslated:
    kind = "untranslated"
    severity = "warning"

    def check_single(self, source: str, target: str, pair: Pair) -> list[Problem]:
        if pair.source_language == pair.language:
            return []
        if " ".join(target.split()) == " ".join(source.split()):
            if may_stay_the_same(source, pair.flags):
                return []
            return [Problem(f"left as the source: the target is the {language_name(pair.source_language)} text")]
        judged = judge(plain(target, pair.flags), pair.language, pair.source_language)
        if judged.foreign and judged.language == pair.source_language:
            return [Problem(f"still in {language_name(pair.source_language)}, not {language_name(pair.language)}")]
        return []


class StrayLanguage:
    kind = "stray_language"
    severity = "warning"

    def check_single(self, source: str, target: str, pair: Pair) -> list[Problem]:
        if " ".join(target.split()) == " ".join(source.split()) or pair.source_language == pair.language:
            return []
        judged = judge(plain(target, pair.flags), pair.language, pair.source_language)
        if judged.foreign and judged.language != pair.source_language:
            return [Problem(f"in {language_name(judged.language)}, not {language_name(pair.language)}")]
        return []
