"""The gazetteer: countries, territories, continents and major cities in every language the auditor identifies
(data/gazetteer.toml, generated from the Unicode CLDR by tools/gazetteer.py). In scripts without capitals
(Chinese, Japanese, Korean, Thai) it is how entity_mismatch tells a place name from other words; in every script
it says that two names are one place (中国 / China / Китай / Chine).
"""
from __future__ import annotations

import re
from functools import cache

from ..settings import load_data

# letters of the scripts that write names without capitals: kana, Chinese characters, Hangul, Thai
_UNCASED = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
_KANA = re.compile(r"[\u3040-\u30ff]")


@cache
def _table() -> dict:
    return load_data("gazetteer.toml")


@cache
def places_of_form() -> dict[str, frozenset[str]]:
    """Every form of the gazetteer, as written, with the places it names (Congo: two)."""
    found: dict[str, set[str]] = {}
    for place, forms in _table()["places"].items():
        for form in forms:
            found.setdefault(form, set()).add(place)
    return {form: frozenset(places) for form, places in found.items()}


@cache
def _uncased_index() -> dict[str, tuple[str, ...]]:
    """The forms written wholly in a script without capitals, two letters or more, by first letter, longest
    first (so that 尼日利亚 is read before 尼日尔, 中华人民共和国香港特别行政区 before 中华人民共和国)."""
    index: dict[str, list[str]] = {}
    for form in places_of_form():
        if len(form) >= 2 and all(_UNCASED.match(ch) or ch == "・" for ch in form):
            index.setdefault(form[0], []).append(form)
    return {first: tuple(sorted(forms, key=len, reverse=True)) for first, forms in index.items()}


def uncased(word: str) -> bool:
    """Whether a word is written in a script without capitals."""
    return bool(word) and bool(_UNCASED.match(word[0]))


@cache
def places_in(text: str) -> tuple[tuple[int, str], ...]:
    """The gazetteer's places written in a script without capitals in the text, as (offset, form), the longest
    form at each place (中国人 gives 中国, 中华人民共和国 itself). In Korean a place starts a word (중국은), in
    Japanese a katakana place is a whole katakana word (パリ, not the パリ of パリティ)."""
    index = _uncased_index()
    found, i = [], 0
    while i < len(text):
        for form in index.get(text[i], ()):
            end = i + len(form)
            if text.startswith(form, i) and not _inside_word(text, i, end):
                found.append((i, form))
                i = end
                break
        else:
            i += 1
    return tuple(found)


def _inside_word(text: str, start: int, end: int) -> bool:
    before, after = text[start - 1:start], text[end:end + 1]
    if _HANGUL.match(text[start]):
        return bool(before) and bool(_HANGUL.match(before))
    if _KANA.match(text[start]) and _KANA.match(text[end - 1]):
        katakana = re.compile(r"[\u30a1-\u30fa\u30fc]")
        return bool(before and katakana.match(before)) or bool(after and katakana.match(after))
    return False


def kind(place: str) -> str:
    """city, country (a territory) or region (a continent, the European Union)."""
    if place.startswith("city:"):
        return "city"
    return "region" if place.isdigit() or place == "EU" else "country"


def forms_of(place: str, language: str | None = None) -> list[str]:
    """The place's names, all of them or those a language writes (every one where the gazetteer has no names in
    that language)."""
    writers = _table()["places"][place]
    if language not in _table()["languages"]:
        return list(writers)
    return [form for form, languages in writers.items() if language in languages.split()]


def abbreviations(place: str, text: str, language: str | None) -> int:
    """How many times the text abbreviates the place: its character in a compound of two (中美, 日米, 한미) or before
    a word for a side (中方, 米側). There the place may be named so, and not in full."""
    tables, sides = _table()["abbreviations"], _table()["sides"]
    for code in [language] if language in tables else list(tables):
        char = tables[code].get(place)
        if char is None:
            continue
        others = "".join(c for c in tables[code].values() if c != char)
        after = re.escape(others) + "".join(map(re.escape, sides.get(code, [])))
        if found := len(re.findall(f"{re.escape(char)}[{after}]|[{re.escape(others)}]{re.escape(char)}", text)):
            return found
    return 0
