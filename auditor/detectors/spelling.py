"""How names are spelled: a word's script and its Latin form (Cyrillic and Greek transliterated by
data/names.toml, other scripts read by anyascii, accents dropped), and when two spellings are one name, spelled or
inflected another way (Zelenski / Zelenskyy / Зеленский, Cameron / Camerona, Paris / Paříží / Парижем). The
thresholds are ``name_*`` in thresholds.toml's comparison table.
"""
from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher
from functools import cache

from anyascii import anyascii

from ..settings import load_data, thresholds


def script(word: str) -> str:
    """The script of a word's first letter: LATIN, CYRILLIC, GREEK ..."""
    return unicodedata.name(word[0], "UNKNOWN").split()[0]


@cache
def _letters() -> dict[str, str]:
    data = load_data("names.toml")
    return {**data["cyrillic"], **data["greek"]}


@cache
def latin(word: str) -> str:
    """Lower-case Latin letters of a word: transliterated, accents dropped, anything else removed."""
    letters = _letters()
    read = []
    # (composed first: half-width kana and a separate voicing mark are one letter, ﾊﾞ / バ)
    for ch in unicodedata.normalize("NFKC", word).lower():
        plain = unicodedata.normalize("NFKD", ch)
        if ch in letters or plain[0] in letters:  # Cyrillic and Greek, accented or not
            read.append(letters.get(ch, letters.get(plain[0])))
        elif ch.isascii() or not ch.isalpha() or script(ch) == "LATIN":
            read.append(plain)
        else:  # other scripts (kana, Hangul, Arabic, Hebrew, Devanagari...) as anyascii reads the letter, voicing
            read.append(anyascii(ch).lower())  # marks included: ベルアラ beruara, not heruara
    return "".join(ch for ch in "".join(read) if "a" <= ch <= "z")


@cache
def _sounds() -> tuple[tuple[str, str], ...]:
    return tuple(load_data("names.toml")["sounds"].items())


def sound(form: str) -> str:
    """A Latin form with the spellings of one sound made one: Warsaw, Warschau and Varšavou all start "varsa"."""
    for spelled, said in _sounds():
        form = form.replace(spelled, said)
    return form


# kana, whose names are read again as katakana writes a foreign name (half-width kana are made full-width first)
_KANA_SCRIPTS = frozenset({"KATAKANA", "HIRAGANA"})


@cache  # asked for the same pairs of words many times per family
def same_name(a: str, b: str) -> bool:
    """Whether two words are one name, spelled or inflected another way (see ``alike``); a kana name also as
    katakana writes the other (``heard``: レスタト / Lestat, Лестата)."""
    if alike(latin(a), latin(b), script(a) != script(b)):
        return True
    kana = [w for w in (a, b) if script(unicodedata.normalize("NFKC", w)) in _KANA_SCRIPTS]
    if len(kana) != 1:
        return False
    # (as strict as one spelling in one script, and five letters or more: what katakana leaves out makes forms alike
    # by chance, ブリンケン / Brennan, ライス / Lisa)
    forms = [heard(w, w in kana) for w in (a, b)]
    return min(map(len, forms)) >= thresholds("comparison")["name_word_letters"] and _spelled_alike(*forms, strict=True)


@cache
def _kana_rules(table: str) -> tuple[tuple[re.Pattern, str], ...]:
    return tuple((re.compile(pattern), replacement) for pattern, replacement in load_data("names.toml")[table].items())


@cache
def heard(word: str, kana: bool) -> str:
    """A name's Latin form as katakana writes it: a katakana name without the vowels it adds after a consonant
    (レスタト resutato: restat), another name without the sounds katakana has no letters for (Lestat: restat)
    (names.toml: kana_reading, kana_hearing)."""
    form = latin(word)
    for pattern, replacement in _kana_rules("kana_reading" if kana else "kana_hearing"):
        form = pattern.sub(replacement, form)
    return form


@cache
def spelled_like(a: str, b: str) -> bool:
    """Nearly the same spelling, or the same stem (Camerona / Cameron), without the looser first-letter rule: the
    words of a long line would often pass it by chance (Estonia / estimates, Bilbao / побоювання)."""
    if script(a) == script(b):
        return _spelled_alike(latin(a), latin(b), strict=True)
    return SequenceMatcher(None, latin(a), latin(b)).ratio() >= thresholds("comparison")["name_spelling_ratio"]


@cache  # asked for the same pairs of words many times per family
def alike(a: str, b: str, transliterated: bool = False) -> bool:
    """Spelling variants and inflections of one name, compared in Latin letters, as spelled or (without the
    looser first-letter rule, which "w" / "v" would open too wide) as said. A name transliterated from another
    script may differ more (Маском / Musk)."""
    return _spelled_alike(a, b, transliterated=transliterated) or _spelled_alike(sound(a), sound(b), strict=True)


def _spelled_alike(a: str, b: str, strict: bool = False, transliterated: bool = False) -> bool:
    limits = thresholds("comparison")
    if not a or not b:
        return False
    # (a transliteration may change the first letter: レスタト resutato / Lestat)
    needed = limits["name_spelling_ratio" if a[0] == b[0] or transliterated else "name_other_initial_ratio"]
    if not strict and a[0] == b[0]:
        needed = min(needed, limits["name_transliterated_ratio" if transliterated else "name_variant_ratio"])
    matcher = SequenceMatcher(None, a, b)
    # The quick ratios are upper bounds of the ratio, cheap enough to rule most word pairs out first.
    if matcher.real_quick_ratio() >= needed and matcher.quick_ratio() >= needed and matcher.ratio() >= needed:
        return True
    prefix = len(common_prefix(a, b))
    return prefix >= limits["name_stem_letters"] and prefix >= 0.75 * min(len(a), len(b))


def common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]
