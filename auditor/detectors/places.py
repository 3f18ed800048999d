"""The gazetteer: countries, territories, continents and major cities in every language the auditor identifies
(data/gazetteer.toml, generated from the Unicode CLDR by tools/gazetteer.py). In scripts without capitals
(Chinese, Japanese, Korean, Thai) it is how entity_mismatch tells a place name from other words; in every script
it says that two names are one place (中国 / China / Китай / Chine), or two however alike (Iceland / Ireland), reads
inflected forms and demonyms (Китая, Paříži, Chinese), and says which pairs of places entity_mismatch may accuse
one of the other (a country for a country).
"""
from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import cache

from ..settings import load_data, thresholds
from .spelling import common_prefix, latin, script

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


def has_names_in(language: str | None) -> bool:
    """Whether the gazetteer has names in the language (CLDR has none in Sotho, Tswana and Tsonga)."""
    return language in _table()["languages"]


def forms_of(place: str, language: str | None = None) -> list[str]:
    """The place's names, all of them or those a language writes (every one where the gazetteer has no names in
    that language)."""
    writers = _table()["places"][place]
    if not has_names_in(language):
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


@cache
def _single_word_forms() -> dict[tuple[str, str], tuple[str, ...]]:
    """The gazetteer's one-word forms in scripts with capitals, by script and first three Latin letters."""
    index: dict[tuple[str, str], list[str]] = {}
    for form in places_of_form():
        if " " not in form and not uncased(form) and len(latin(form)) >= 3:
            index.setdefault((script(form), latin(form)[:3]), []).append(form)
    return {key: tuple(forms) for key, forms in index.items()}


@cache
def places_named(word: str) -> frozenset[str]:
    """The gazetteer's places a word names: as it is written (中国, China), inflected (Китая, Německa, Paříži:
    the one-word forms of its script spelled most alike), or as a demonym (Chinese)."""
    places = places_of_form()
    if word in places:
        return places[word]
    return _inflected_places(word) or demonym_of(word)


@cache
def _inflected_places(word: str) -> frozenset[str]:
    if uncased(word) or len(latin(word)) < 3:
        return frozenset()
    places = places_of_form()
    alike = {f: SequenceMatcher(None, latin(word), latin(f)).ratio()
             for f in _single_word_forms().get((script(word), latin(word)[:3]), ()) if inflects(word, f)}
    # the closest forms only: Paříži is Paříž, not the Parīhi (Brazil) that a looser reading would also allow
    return frozenset().union(*(places[f] for f, ratio in alike.items() if ratio == max(alike.values())))


def inflects(word: str, form: str) -> bool:
    """Whether a word may be an inflection of a one-word name: the last letter changed and up to two added, not cut
    (George is not Georgia, Children not Chilië), and no more than two letters after what the two share (Persia is
    not Perú)."""
    shared = len(common_prefix(word.lower(), form.lower()))
    return len(form) <= len(word) <= len(form) + 2 and shared >= len(form) - 1 and shared >= len(word) - 2


@cache
def _country_stems() -> dict[tuple[str, str], tuple[tuple[str, frozenset[str]], ...]]:
    """The countries' one-word names of five letters or more with their countries, by script and first four Latin
    letters: the stem a demonym starts with."""
    stems: dict[tuple[str, str], list[tuple[str, frozenset[str]]]] = {}
    for form, places in places_of_form().items():
        countries = frozenset(p for p in places if kind(p) == "country")
        if countries and " " not in form and not uncased(form) and len(latin(form)) >= 5:
            stems.setdefault((script(form), latin(form)[:4]), []).append((latin(form), countries))
    return {stem: tuple(forms) for stem, forms in stems.items()}


@cache
def demonym_of(word: str) -> frozenset[str]:
    """The country a capitalised demonym or adjective names (Chinese, Turkish, Israeli, Chinois): six letters or
    more, a demonym's ending (gazetteer.toml), and the stem of a country's name, the one it shares most letters
    with, then the shortest (Turkish: Türkiye, not Turkmenistan). George and Children are none."""
    form = latin(word)
    if len(word) < 6 or not word[0].isupper() or not form.endswith(_demonym_endings()):
        return frozenset()
    forms = _country_stems().get((script(word), form[:4]), ())
    if not forms:
        return frozenset()
    best = max(forms, key=lambda f: (len(common_prefix(form, f[0])), -len(f[0])))
    return frozenset().union(*(places for name, places in forms if name == best[0]))


@cache
def _demonym_endings() -> tuple[str, ...]:
    return tuple(load_data("gazetteer.toml")["demonym_endings"])


@cache
def place_stems(name: str, language: str | None) -> frozenset[tuple[str, str]]:
    """(script, first four Latin letters) of the one-word forms, four letters or more, that a language writes for
    the places a name names: English "period" does not start like Periw, Welsh for Peru."""
    return frozenset((script(form), latin(form)[:4]) for place in places_named(name)
                     for form in forms_of(place, language)
                     if " " not in form and not uncased(form) and len(latin(form)) >= 4)


@cache
def long_forms(name: str, language: str | None) -> tuple[str, ...]:
    """The names of several words that a language gives the places a name names (Central African Republic)."""
    return tuple({form for place in places_named(name) for form in forms_of(place, language) if " " in form})


def writes_run(names: list[str], words: list[str]) -> bool:
    """Whether the words have these names one after another, each inflected or not: capitalised where the name
    is, its Latin form starting with the name's, less its last letter and at most four letters (Нової Зеландії /
    Нова Зеландія, Nového Zélandu / Nový Zéland; not "united statement")."""
    stems = [(latin(n)[:max(1, min(4, len(latin(n)) - 1))], n[0].isupper()) for n in names]
    return any(all(latin(w).startswith(stem) and (w[0].isupper() or not upper)
                   for w, (stem, upper) in zip(words[i:i + len(stems)], stems))
               for i in range(len(words) - len(stems) + 1))


def same_place(a: str, b: str) -> bool:
    """Whether the gazetteer takes two names for one place (中国 / China / Китая / 中國)."""
    return bool(places_named(a) & places_named(b))


def other_places(a: str, b: str) -> bool:
    """Two places of the gazetteer and not one, however alike their spelling (Iceland / Ireland, Austria /
    Australia, Niger / Nigeria)."""
    return bool(places_named(a)) and bool(places_named(b)) and not same_place(a, b)


def one_name(a: str, b: str, alike_there) -> bool:
    """``alike_there`` (a spelling rule), unless the gazetteer knows them for one place, or for two; a place
    and a word it does not know as that place must be spelled nearly the same (Finland is not Finance)."""
    if same_place(a, b):
        return True
    if other_places(a, b):
        return False
    if written_places(a) or written_places(b):
        return SequenceMatcher(None, latin(a), latin(b)).ratio() >= thresholds("comparison")["name_place_spelling_ratio"]
    return alike_there(a, b)


def uncased_place(name: str) -> bool:
    """A place of the gazetteer written without capitals: a name, whatever its place in the sentence."""
    return uncased(name) and bool(places_named(name))


@cache
def written_places(word: str, language: str | None = None) -> frozenset[str]:
    """The places a word names as the gazetteer writes it or, in a language that declines names (names.toml:
    declines_names), as an inflection of a name that language gives the place (Эстонии / Эстония, Paříži /
    Paříž, Римі / Рим; not Indiana / Indie): what a place is accused as, or against. Not inflected in other
    languages: an English Leeds would read as an inflection of Leedu (Estonian for Lithuania)."""
    written = places_of_form().get(word, frozenset())
    if written or language not in load_data("names.toml")["declines_names"]:
        return written
    return frozenset(p for p in _inflected_places(word) if any(inflects(word, f) for f in forms_of(p, language)))


def two_places(here: str, expected: str, language: str | None = None) -> bool:
    """Two places of the gazetteer, across scripts as well as within one, a name against a name: ``here`` as the
    gazetteer writes it (or its ``language`` declines it), ``expected`` (which the counterparts agree on) as a
    demonym too (Turkish, Chinese)."""
    return bool(written_places(here, language)) and bool(written_places(expected) or demonym_of(expected))


def place_pair_fits(here: str, expected: str, language: str | None = None) -> bool:
    """A place is accused against another place only of its kind (a country for a country, a city for a city:
    "Paris said" and "France said" may both be right), and a place found in a script without capitals only
    against a place, for there nothing else says that it is used as a name."""
    if not two_places(here, expected, language):
        return not uncased_place(here)
    return _of_one_kind(here, expected, language)


def swapped_place(here: str, expected: str, language: str | None = None) -> bool:
    """A place of the gazetteer where the counterparts write another place of its kind, as the gazetteer does: a
    name for a name, not for a demonym ("Russian President")."""
    return (bool(written_places(expected)) and two_places(here, expected, language)
            and _of_one_kind(here, expected, language))


def _of_one_kind(here: str, expected: str, language: str | None) -> bool:
    """Two places (``two_places``) of one kind, and not one place."""
    kinds = {kind(p) for p in written_places(here, language)}
    return any(kind(p) in kinds for p in written_places(expected) | demonym_of(expected)) and not same_place(here, expected)
