"""Stage 3, identify: the main language of a version, and the language of single lines (ISO 639-1 codes).

A single line is judged in three steps, cheapest and surest first:

1. the Unicode script of its letters: a Cyrillic line in a Latin-script text is foreign for certain, and
   Greek, Hebrew, Hangul, Kana, Thai, Georgian and Armenian name their language alone;
2. credit label words (``data/credits.toml``): "Снимка: БГНЕС/ EPA" is a Bulgarian photo credit, which no
   statistical detector can tell from so few letters;
3. statistics, only for lines with enough letters outside proper names: lingua restricted to the candidate
   languages (the version's, its family's and pycld2's guesses) names the language; pycld2 must also call the
   line foreign (a second opinion; see docs/findings.md, "Language identification").
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cache

import pycld2
from lingua import Language, LanguageDetectorBuilder

from .settings import load_data, thresholds

# cld2 still uses a few retired or regional codes.
_CLD2_TO_ISO = {"iw": "he", "jw": "jv", "zh-Hant": "zh", "in": "id", "mo": "ro"}

# The first word of a letter's Unicode name -> its script.
_SCRIPT_OF_NAME = {
    "LATIN": "Latin", "CYRILLIC": "Cyrillic", "GREEK": "Greek", "ARABIC": "Arabic", "HEBREW": "Hebrew",
    "CJK": "Han", "HIRAGANA": "Kana", "KATAKANA": "Kana", "KATAKANA-HIRAGANA": "Kana", "HANGUL": "Hangul",
    "DEVANAGARI": "Devanagari", "THAI": "Thai", "GEORGIAN": "Georgian", "ARMENIAN": "Armenian",
}
# Scripts that name their language alone.
_LANGUAGE_OF_SCRIPT = {"Greek": "el", "Hebrew": "he", "Hangul": "ko", "Kana": "ja", "Thai": "th", "Georgian": "ka",
                       "Armenian": "hy", "Han": "zh"}
# The scripts a language is written in; every language not listed here is written in Latin.
_SCRIPTS_OF_LANGUAGE = {
    "ja": {"Han", "Kana"}, "zh": {"Han"}, "ko": {"Hangul", "Han"}, "el": {"Greek"}, "he": {"Hebrew"},
    "ar": {"Arabic"}, "fa": {"Arabic"}, "ur": {"Arabic"}, "hi": {"Devanagari"}, "mr": {"Devanagari"},
    "ne": {"Devanagari"}, "th": {"Thai"}, "ka": {"Georgian"}, "hy": {"Armenian"},
    **{code: {"Cyrillic"} for code in ("ru", "uk", "bg", "sr", "mk", "be", "kk", "mn", "ky", "tg")},
}
_LINGUA = {language.iso_code_639_1.name.lower(): language for language in Language.all()}
_URL = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def _cld2_code(code: str) -> str:
    return _CLD2_TO_ISO.get(code, code)


def _printable(text: str) -> str:
    return "".join(ch for ch in text if ch.isprintable() or ch in "\n\t")


def main_language(text: str) -> str:
    """The language most of the text is written in; "und" when no language can be told."""
    cleaned = _printable(text)
    try:
        _, _, details = pycld2.detect(cleaned, bestEffort=True)
    except pycld2.error:
        _, _, details = pycld2.detect(cleaned.encode("ascii", "ignore").decode(), bestEffort=True)
    code = details[0][1]
    return "und" if code == "un" else _cld2_code(code)


def language_name(code: str) -> str:
    """English name of a language code ("eu" -> "Basque"); the code itself when unknown."""
    language = _LINGUA.get(code)
    return language.name.title() if language else code


def scripts_of(language: str) -> set[str]:
    return _SCRIPTS_OF_LANGUAGE.get(language, {"Latin"})


@cache
def _script(ch: str) -> str | None:
    return _SCRIPT_OF_NAME.get(unicodedata.name(ch, "").split(" ")[0])


def letter_scripts(text: str) -> Counter[str]:
    """How many letters of each script the text has."""
    return Counter(script for ch in text if ch.isalpha() and (script := _script(ch)))


@dataclass(frozen=True)
class LineLanguage:
    language: str  # ISO 639-1 code; the expected language when the line cannot be judged
    foreign: bool  # written in another language than the expected one
    evidence: str  # "script", "credit label", "statistics", or why the line was not judged
    confidence: float = 0.0


def word_pattern(words: list[str]) -> str:
    """A regular expression for any of these words or phrases, whole: a word in a script written with spaces must
    not run on into another ("to", not "today"), one in Chinese or Japanese need not ("新华社记者")."""
    return "|".join((r"(?<!\w)" if spaced_letter(w[0]) else "") + re.escape(w)
                    + (r"(?!\w)" if spaced_letter(w[-1]) else "") for w in sorted(words, key=len, reverse=True))


def spaced_letter(ch: str) -> bool:
    """A letter of a script that separates words by spaces (Latin, Cyrillic, Greek ...), not of Chinese or Japanese."""
    return ch.isalpha() and ch < "\u2e80"


def credit_languages(line: str) -> tuple[str, ...]:
    """The languages whose credit label the line starts with ("Foto: EFE" -> de, es, it, ...); () if it is no credit."""
    match = _credit_pattern().match(line)
    if not match:
        return ()
    label = match.group(1).casefold()
    return tuple(code for code, labels in load_data("credits.toml")["labels"].items() if label in labels)


def _credit_language(line: str, languages: tuple[str, ...], candidates: tuple[str, ...]) -> str:
    """Which of the languages a credit label allows the line is in: the one whose national news agency it names
    ("Foto: TASR" -> sk), else one of the family's, else the first."""
    named = tuple(code for code in languages if (agency := _agency_patterns().get(code)) and agency.search(line))
    return _prefer(named or languages, candidates)


@cache
def _agency_patterns() -> dict[str, re.Pattern[str]]:
    return {code: re.compile(word_pattern(names)) for code, names in load_data("credits.toml")["agencies"].items()}


@cache
def _credit_pattern() -> re.Pattern[str]:
    labels = {label.casefold() for labels in load_data("credits.toml")["labels"].values() for label in labels}
    alternatives = "|".join(re.escape(label) for label in sorted(labels, key=len, reverse=True))
    # "<label>: <name>", "(<label>: <name>)", "Fot. <name>": a label, a separator, then a short name.
    return re.compile(rf"^\W*({alternatives})(?:\s*[:：|/]|(?<=\.))\s*\S.{{0,60}}$", re.IGNORECASE)


def line_language(line: str, expected: str, candidates: tuple[str, ...] = ()) -> LineLanguage:
    """The language of one line of a version whose main language is ``expected``.

    ``candidates`` are other languages the line is likely in (the family's languages).
    """
    text = _URL.sub(" ", _printable(line))
    scripts = letter_scripts(text)
    letters = sum(scripts.values())
    if not letters:
        return LineLanguage(expected, False, "no letters")
    home = scripts_of(expected)
    limits = thresholds("langid")
    # Capitalised words in a script with capitals are names and acronyms ("Shiba Inu" in a Chinese line).
    common_scripts = letter_scripts(" ".join(w for w in _WORD.findall(text) if not _capitalised(w)))
    foreign_letters = sum(n for script, n in common_scripts.items() if script not in home)
    if foreign_letters >= limits["min_script_letters"] and foreign_letters / sum(common_scripts.values()) > 0.5:
        return _foreign_script(text, scripts, home, candidates)

    credit = credit_languages(text)
    if credit:
        if expected in credit:
            return LineLanguage(expected, False, "credit label")
        return LineLanguage(_credit_language(text, credit, candidates), True, "credit label", 1.0)

    words = _WORD.findall(text)
    # Proper names say nothing about the language a line is written in: count the letters of the other words.
    common = sum(common_scripts.values())
    if len(words) < 2 and not home & {"Han", "Kana", "Hangul"} or letters < limits["min_letters"] \
            or common < limits["min_common_letters"]:
        return LineLanguage(expected, False, "too short to judge")
    return _statistics(text, expected, candidates, home)


def _capitalised(word: str) -> bool:
    return word[0].isupper()


def _foreign_script(text: str, scripts: Counter[str], home: set[str], candidates: tuple[str, ...]) -> LineLanguage:
    script = next(s for s, _ in scripts.most_common() if s not in home)
    if script == "Han" and scripts.get("Kana"):
        script = "Kana"  # Japanese mixes Han and Kana
    if script in _LANGUAGE_OF_SCRIPT:
        return LineLanguage(_LANGUAGE_OF_SCRIPT[script], True, "script", 1.0)
    credit = credit_languages(text)
    if credit:
        return LineLanguage(_credit_language(text, credit, candidates), True, "credit label", 1.0)
    # A script shared by several languages (Cyrillic, Arabic, Latin, Devanagari): lingua among them.
    same_script = {code for code in _LINGUA if script in scripts_of(code)}
    guesses = [code for code in _cld2_guesses(text) if code in same_script]
    pool = same_script if script != "Latin" else {*guesses, *(c for c in candidates if c in same_script)}
    ranked = _lingua_ranking(text, tuple(sorted(pool))) if pool else []
    if ranked:
        return LineLanguage(ranked[0][0], True, "script", 1.0)
    return LineLanguage(guesses[0] if guesses else "und", True, "script", 1.0)


def _statistics(text: str, expected: str, candidates: tuple[str, ...], home: set[str]) -> LineLanguage:
    """lingua names the language among the candidates; cld2 must agree that the line is foreign."""
    limits = thresholds("langid")
    guesses = _cld2_guesses(text)
    pool = {expected, *candidates, *guesses[: limits["cld2_guesses"]]}
    pool = tuple(sorted(code for code in pool if scripts_of(code) & home))
    ranked = _lingua_ranking(text, pool)
    if not ranked or ranked[0][0] == expected:
        return LineLanguage(expected, False, "statistics", ranked[0][1] if ranked else 0.0)
    language = ranked[0][0]
    # Confidence in the foreign language against the expected one alone, which does not depend on the pool's size.
    confidence = dict(_lingua_ranking(text, tuple(sorted((expected, language)))))[language]
    cld2_foreign = bool(guesses) and guesses[0] != expected
    agree = cld2_foreign and guesses[0] == language
    needed = limits["agreeing_confidence"] if agree else limits["disagreeing_confidence"]
    foreign = cld2_foreign and confidence >= needed
    return LineLanguage(language if foreign else expected, foreign, "statistics", confidence)


def _prefer(languages: tuple[str, ...], candidates: tuple[str, ...]) -> str:
    """The first of ``languages`` that is also a candidate, else the first."""
    return next((code for code in languages if code in candidates), languages[0])


@cache
def _cld2_guesses(text: str) -> list[str]:
    """cld2's guesses for a line, best first, as lingua-known codes."""
    try:
        _, _, details = pycld2.detect(text, bestEffort=True)
    except pycld2.error:
        return []
    codes = [_cld2_code(code) for _, code, percent, _ in details if code != "un" and percent > 0]
    return [code for code in codes if code in _LINGUA]


@cache
def _lingua_ranking(text: str, pool: tuple[str, ...]) -> list[tuple[str, float]]:
    """lingua's confidence for each language of the pool, best first."""
    languages = [_LINGUA[code] for code in pool if code in _LINGUA]
    if len(languages) < 2:
        return [(languages[0].iso_code_639_1.name.lower(), 1.0)] if languages else []
    values = _detector(frozenset(languages)).compute_language_confidence_values(text)
    return [(value.language.iso_code_639_1.name.lower(), value.value) for value in values]


@cache
def _detector(languages: frozenset[Language]):
    # lingua keeps the language models it has loaded for every detector of the process.
    return LanguageDetectorBuilder.from_languages(*languages).build()
