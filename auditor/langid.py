"""Stage 3, identify: the main language of a version, and the language of single lines (ISO 639-1 codes).

A single line is judged in three steps, cheapest and surest first:

1. the Unicode script of its letters (every script, ``data/scripts.toml``): a line in a script its version's
   language is not written in is foreign for certain; a script of one language (Gujarati, Greek, Thai, Hangul ...)
   names it alone, and statistics restricted to the script's languages name the others (Cyrillic, Arabic,
   Devanagari, Latin ...);
2. credit label words (``data/credits.toml``): "Снимка: БГНЕС/ EPA" is a Bulgarian photo credit, which no
   statistical detector can tell from so few letters;
3. statistics, only for lines with enough letters outside proper names: lingua restricted to the candidate
   languages (the version's, its family's and pycld2's guesses) names the language; a second opinion, pycld2 or
   where it is in doubt lingua's quick mode, must also call the line foreign (see docs/findings.md, "Language
   identification").
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

import pycld2
import regex
from lingua import Language, LanguageDetectorBuilder

from .settings import load_data, thresholds

# cld2 still uses a few retired or regional codes.
_CLD2_TO_ISO = {"iw": "he", "jw": "jv", "zh-Hant": "zh", "in": "id", "mo": "ro", "no": "nb"}
# Scripts whose words are not separated by spaces: a line is never too few words to judge.
_UNSPACED = {"Han", "Hiragana", "Katakana", "Hangul", "Thai", "Lao", "Khmer", "Myanmar"}
_LOGOGRAPHIC = {"Han", "Hiragana", "Katakana"}
_LETTER = regex.compile(r"\p{L}")
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
    if language:
        return language.name.title()
    return _CLD2_NAMES.get(code, code)


_CLD2_NAMES = {_cld2_code(code): name.title() for name, code in pycld2.LANGUAGES}


@cache
def _script_table() -> dict[str, tuple[str, ...]]:
    return {script: tuple(codes) for script, codes in load_data("scripts.toml")["scripts"].items()}


@cache
def scripts_of(language: str) -> frozenset[str]:
    """The scripts a language is written in; Latin for every language no other script lists."""
    return frozenset(s for s, codes in _script_table().items() if language in codes) or frozenset({"Latin"})


@cache
def script_languages(script: str) -> tuple[str, ...]:
    """The languages written in a script, the usual one first; for Latin, those that lingua knows."""
    if script == "Latin":
        return tuple(sorted(code for code in _LINGUA if "Latin" in scripts_of(code)))
    return _script_table().get(script, ())


@cache
def _script_pattern() -> regex.Pattern:
    return regex.compile("|".join(rf"(?P<{s}>\p{{Script={s}}})" for s in ("Latin", *_script_table())))


@cache
def _script(ch: str) -> str | None:
    """The script of a letter; None for anything else (digits, punctuation, marks)."""
    match = _script_pattern().match(ch) if _LETTER.match(ch) else None
    return match.lastgroup if match else None


def letter_scripts(text: str) -> Counter[str]:
    """How many letters of each script the text has."""
    return Counter(script for ch in text if (script := _script(ch)))


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
    weight = _weighted(common_scripts)
    if foreign_letters >= limits["min_script_letters"] and \
            sum(n for script, n in weight.items() if script not in home) / sum(weight.values()) > 0.5:
        return _foreign_script(text, _weighted(scripts), home, candidates)

    credit = credit_languages(text)
    if credit:
        if expected in credit:
            return LineLanguage(expected, False, "credit label")
        return LineLanguage(_credit_language(text, credit, candidates), True, "credit label", 1.0)

    words = _WORD.findall(text)
    # Proper names say nothing about the language a line is written in: count the letters of the other words.
    common = sum(common_scripts.values())
    if len(words) < 2 and not home & _UNSPACED or letters < limits["min_letters"] \
            or common < limits["min_common_letters"]:
        return LineLanguage(expected, False, "too short to judge")
    return _statistics(text, expected, candidates, home)


def _weighted(scripts: Counter[str]) -> Counter[str]:
    """Letters by script, a Chinese or Japanese character counting three: it carries about a word, so that
    "目标必须是"archiver"或"bgwriter"" is Chinese."""
    return Counter({script: n * (3 if script in _LOGOGRAPHIC else 1) for script, n in scripts.items()})


def _capitalised(word: str) -> bool:
    """A name or acronym: a capital first, in a word of a script written with spaces ("Lオプション..." is Japanese)."""
    return word[0].isupper() and not any(_script(ch) in _UNSPACED for ch in word)


def _foreign_script(text: str, scripts: Counter[str], home: frozenset[str], candidates: tuple[str, ...]) -> LineLanguage:
    foreign = [s for s, _ in scripts.most_common() if s not in home]
    languages = script_languages(foreign[0])
    # narrowed to those that also write the line's other foreign scripts: Han with Kana is Japanese, Han with Hangul
    # Korean (a Latin name in it narrows nothing)
    for script in foreign[1:]:
        languages = tuple(c for c in languages if c in script_languages(script)) or languages
    if len(languages) <= 1:
        return LineLanguage(languages[0] if languages else "und", True, "script", 1.0)
    credit = credit_languages(text)
    if credit:
        return LineLanguage(_credit_language(text, credit, candidates), True, "credit label", 1.0)
    return LineLanguage(_among(text, languages, candidates), True, "script", 1.0)


def _among(text: str, languages: tuple[str, ...], candidates: tuple[str, ...]) -> str:
    """Which of a script's languages a line is in: lingua among those it knows, or pycld2's choice where that is
    a language lingua does not know (Nepali, Assamese). A script of many languages (Latin) is narrowed first to
    pycld2's guesses and the family's languages, which keeps lingua small."""
    guesses = [code for code in _cld2_guesses(text) if code in languages]
    if guesses and guesses[0] not in _LINGUA:
        return guesses[0]
    known = [code for code in languages if code in _LINGUA]
    if len(known) > thresholds("langid")["max_script_pool"]:
        known = [*_proposals(text, set(known)), *(code for code in candidates if code in known)] or known
    ranked = _lingua_ranking(text, tuple(sorted(set(known))))
    return ranked[0][0] if ranked else (guesses or languages)[0]


def _statistics(text: str, expected: str, candidates: tuple[str, ...], home: frozenset[str]) -> LineLanguage:
    """lingua names the language among the candidates; a second opinion must agree that the line is foreign."""
    limits = thresholds("langid")
    guesses = [code for code in _cld2_guesses(text) if code in _LINGUA]
    allowed = {code for code in _LINGUA if scripts_of(code) & home}
    pool = tuple(sorted({code for code in (expected, *candidates) if code in allowed} | {*_proposals(text, allowed)}))
    ranked = _lingua_ranking(text, pool)
    if not ranked or ranked[0][0] == expected:
        return LineLanguage(expected, False, "statistics", ranked[0][1] if ranked else 0.0)
    language = ranked[0][0]
    # Confidence in the foreign language against the expected one alone, which does not depend on the pool's size.
    confidence = dict(_lingua_ranking(text, tuple(sorted((expected, language)))))[language]
    # A second opinion must call the line foreign too: pycld2, or where it is in doubt lingua's quick mode.
    second = guesses[0] if guesses and not _cld2_in_doubt(text) else next(iter(_rough_guesses(text)), None)
    needed = limits["agreeing_confidence"] if second == language else limits["disagreeing_confidence"]
    foreign = second not in (None, expected) and confidence >= needed
    return LineLanguage(language if foreign else expected, foreign, "statistics", confidence)


def _prefer(languages: tuple[str, ...], candidates: tuple[str, ...]) -> str:
    """The first of ``languages`` that is also a candidate, else the first."""
    return next((code for code in languages if code in candidates), languages[0])


@cache
def _cld2_guesses(text: str) -> list[str]:
    """cld2's guesses for a line, best first, as ISO codes."""
    try:
        _, _, details = pycld2.detect(text, bestEffort=True)
    except pycld2.error:
        return []
    return [_cld2_code(code) for _, code, percent, _ in details if code != "un" and percent > 0]


def _proposals(text: str, allowed: set[str]) -> list[str]:
    """The languages of ``allowed`` a line is likely in: pycld2's guesses; where it has none among them, or is in
    doubt, lingua's quick mode over all its languages first."""
    n = thresholds("langid")["cld2_guesses"]
    guesses = [code for code in _cld2_guesses(text) if code in allowed][:n]
    if guesses and not _cld2_in_doubt(text):
        return guesses
    return [*[code for code in _rough_guesses(text) if code in allowed][:n], *guesses]


def _cld2_in_doubt(text: str) -> bool:
    """pycld2 calls a short line English when it cannot tell ("Si un FICHERO es '-', lee la entrada estándar." is
    English to it at 97 %): its English is no evidence on a line of fewer than ``cld2_doubt_letters`` letters."""
    guesses = _cld2_guesses(text)
    return not guesses or guesses[0] == "en" and sum(letter_scripts(text).values()) < thresholds("langid")["cld2_doubt_letters"]


@cache
def _rough_guesses(text: str) -> list[str]:
    """lingua's low-accuracy guesses over all its languages, best first (cheap: trigrams only)."""
    values = _all_languages().compute_language_confidence_values(text)
    return [value.language.iso_code_639_1.name.lower() for value in values if value.value > 0]


@cache
def _all_languages():
    return LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()


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
