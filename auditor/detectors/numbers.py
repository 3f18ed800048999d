"""``number_mismatch``: a number in a sentence that its counterparts in the other versions do not carry.

Numbers are compared by value, whatever the locale wrote: "1,234.5" = "1.234,5" = "1 234,5"; an ambiguous
"1,234" may be 1234 or 1.234, and either matches. A scale word multiplies ("2.5 million" = "250万"; both ends of
"12 to 14 million"), and a sibling that writes a number as a word or a month name ("two", "August") carries it too
(data/numbers.toml), and so does a compound with a scale word ("multibillion").
Two digits written as a year or a decade ("'92", "the 80s", "80年代"), or in a sentence that writes that year in full
("the 1992 Consensus, the 92 Consensus"), also read as 19xx and 20xx. A number
written with digits in a sentence (other than 0 and 1, and other than one joined to a word by a hyphen, which names
something: COVID-19, F-16) is flagged when fewer than a third of the versions that have a confident counterpart for
the sentence (with ``--source``: the source) carry it anywhere in the counterpart's line; near copies of one another
vote once, and carry it when one of them does.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from ..langid import word_pattern
from ..model import Finding, Sentence
from ..settings import load_data, thresholds
from . import Context
from .compare import counterparts_of, line_of, quote, reference_groups

_NUMERAL = re.compile(r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?(?!\d)|\d+(?:[.,'’]\d+)*")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_CJK_NUMERAL = re.compile(r"[〇零一二两兩三四五六七八九十百千]+")
_THOUSANDS = " \u00a0\u202f'’"
# Arabic decimal and thousands signs; every other script's digits become ASCII digits in ``normalise``.
_ARABIC_SIGNS = {"\u066b": ".", "\u066c": ","}
# Persian and Urdu writers often put a slash for the decimal sign between their digits ("۲/۵" = 2.5); two slashes
# are a date ("۱۴۰۲/۰۵/۱۲"). Arabic digits keep their slash (a date: "٢/٥" is 2 May).
_SLASH_DECIMAL = re.compile(r"(?<![\u06f0-\u06f9/])([\u06f0-\u06f9]+)/"
                            r"(?=[\u06f0-\u06f9]+(?![\u06f0-\u06f9/]))")
# 0 and 1 are as often an article or a pronoun in another language ("one of", "1つ") as a number: not claims.
TRIVIAL = frozenset({0.0, 1.0})
# A scale word this long counts inside a compound too: "multibillion", "Milliardengeschäft", "багатомільярдну"
# carry a billion ("数10億": several billion); shorter ones would match inside other words ("mille" in "famille",
# "тысяч" in "тысячелетие"). A "millionaire" carries a million: evidence only, never a claim.
COMPOUND_SCALE = 6


@dataclass(frozen=True)
class Number:
    text: str  # as written
    values: frozenset[float]  # every value the writing can mean
    in_name: bool = False  # joined to a word by a hyphen (COVID-19, F-16): evidence, but not a claim of its own
    scale: float | None = None  # the scale word after it ("2.5 billion": 1e9)


@dataclass(frozen=True)
class Evidence:
    """What a counterpart's line carries: every value, and the numbers it writes with a scale word
    (written value, scale), so that "2.5 billion" is not carried by a "2.5 million"."""
    values: frozenset[float]
    scaled: frozenset[tuple[float, float]]

    def carries(self, number: Number) -> bool:
        if not number.values & self.values:
            return False
        if number.scale is None:
            return True
        written = number.values - {scaled(v, number.scale) for v in number.values}
        if {scaled(v, number.scale) for v in written} & self.values:
            return True
        return not any(v == w and s != number.scale for v, s in self.scaled for w in written)


def scaled(value: float, scale: float) -> float:
    """value x scale, rounded to 12 significant digits: 1.1 lakh is 110000, not 110000.00000000001."""
    return float(f"{value * scale:.12g}")


def _decimal(ch: str) -> str:
    digit = unicodedata.decimal(ch, None)
    return str(digit) if digit is not None else _ARABIC_SIGNS.get(ch, ch)


def normalise(text: str) -> str:
    """Full-width digits and letters to their plain forms, the digits of every script to ASCII digits."""
    text = _SLASH_DECIMAL.sub("\\1\u066b", unicodedata.normalize("NFKC", text))
    return text if text.isascii() else "".join(_decimal(ch) if not ch.isascii() else ch for ch in text)


def readings(token: str) -> list[frozenset[float]]:
    """The numbers one numeral token stands for: usually one number with one or two readings; a date or
    version written with dots ("21.10.25") is several numbers."""
    groups = re.split(r"[.,'’ \u00a0\u202f]", token)
    separators = re.findall(r"[.,'’ \u00a0\u202f]", token)
    if not separators:
        return [frozenset({float(token)})]
    whole = "".join(groups)
    if all(s in _THOUSANDS for s in separators):
        return [frozenset({float(whole)})]
    if len(separators) == 1:
        decimal = float(f"{groups[0]}.{groups[1]}")
        return [frozenset({float(whole), decimal} if len(groups[1]) == 3 else {decimal})]
    if len(set(separators)) == 1 and (all(len(g) == 3 for g in groups[1:])
                                      or len(groups[-1]) == 3 and all(len(g) == 2 for g in groups[1:-1])):
        return [frozenset({float(whole)})]  # 1,234,567 or the Indian 15,00,000
    if len(set(separators[:-1])) == 1 and separators[-1] != separators[0] and all(len(g) == 3 for g in groups[1:-1]):
        return [frozenset({float(f"{''.join(groups[:-1])}.{groups[-1]}")})]
    return [frozenset({float(g)}) for g in groups]


@dataclass(frozen=True)
class Tables:
    words: dict[str, float]  # number words and month names
    scales: dict[str, float]  # scale words, NFKC, lower case
    digits: dict[str, int]  # CJK digits
    multipliers: dict[str, int]  # CJK multipliers within a number
    shares: dict[str, float]  # words for a share ("quarter": 0.25)
    decades: dict[str, float]  # words for a decade ("eighties": 80)
    percent: tuple[str, ...]  # what marks a percentage after a number


@cache
def tables() -> Tables:
    """The tables of data/numbers.toml, all languages merged."""
    data = load_data("numbers.toml")

    def merged(kind: str) -> dict[str, float]:
        return {unicodedata.normalize("NFKC", w).lower(): float(v) for table in data[kind].values() for w, v in table.items()}

    words = {**merged("words"), **merged("months")}
    return Tables(words, merged("scales"), data["cjk"]["digits"], data["cjk"]["multipliers"], merged("shares"),
                  merged("decades"), tuple(w for table in data["percent"].values() for w in table))


def cjk_value(text: str) -> float | None:
    """二十三 -> 23, 三百 -> 300, 十 -> 10; None when it is not a well-formed number."""
    t = tables()
    total, current = 0, None
    for ch in text:
        if ch in t.digits:
            if current is not None:
                return None
            current = t.digits[ch]
        else:
            total += (1 if current is None else current) * t.multipliers[ch]
            current = None
    return float(total + (current or 0))


def share_values(share: float) -> set[float]:
    """A share as a fraction and as a percentage, whole and rounded: a third is 0.333, 33.3 and 33 %."""
    percent = 100 * share
    return {round(share, 4), round(percent, 1), float(round(percent)), float(int(percent))}


@cache
def _patterns(kind: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in load_data("numbers.toml")[kind]["patterns"])


def _count(text: str) -> float | None:
    return float(text) if text[:1].isdigit() else cjk_value(text)


def fractions(text: str) -> list[tuple[re.Match, float]]:
    """The fractions written in a text (4分の1, 四分之一, 1/4), with their value."""
    found = []
    for pattern in _patterns("fractions"):
        for match in pattern.finditer(text):
            numerator, denominator = _count(match["num"]), _count(match["den"])
            if numerator and denominator and numerator < denominator:
                found.append((match, numerator / denominator))
    return found


def times(text: str) -> list[re.Match]:
    """The times of day written in a text (17:30, 5:30 p.m., 17 h 30, 17.30 Uhr, 5点半, 5時30分)."""
    return [m for pattern in _patterns("times") for m in pattern.finditer(text)]


def hour_readings(hour: float) -> set[float]:
    """An hour on a 24-hour clock and on a 12-hour one: 17 is 5 (p.m.), 5 may be 17."""
    return {hour, hour % 12 or 12, hour + 12} if hour <= 12 else {hour, hour - 12}


def numbers(text: str) -> list[Number]:
    """The numbers written with digits in a text, each with the readings its scale word adds."""
    text = normalise(text)
    found = []
    taken = []  # the spans of fractions and times, whose digits are read with them
    for match, value in fractions(text):
        taken.append(match.span())
        if any(ch.isdigit() for ch in match.group()):
            found.append(Number(match.group(), frozenset(share_values(value))))
    for match in times(text):
        if any(a <= match.start() < b for a, b in taken):
            continue
        taken.append(match.span())
        found.append(Number(match["hour"], frozenset(hour_readings(float(match["hour"])))))
        if match["minute"] and float(match["minute"]):
            found.append(Number(match["minute"], frozenset({float(match["minute"])})))
    for match in _NUMERAL.finditer(text):
        if any(a <= match.start() < b for a, b in taken):
            continue
        after = text[match.end():].lstrip()
        scale = scale_after(after) or range_scale(after) or scale_before(text[:match.start()])
        before = text[max(0, match.start() - 2):match.start()]
        in_name = before.endswith("-") and before[:1].isalpha()
        for values in readings(match.group()):
            if values <= TRIVIAL and not scale:  # "1 million" is a claim, "1" alone is not
                continue
            if scale:
                values |= {scaled(v, scale) for v in values}
            elif short_year(match.group(), before[-1:], text[match.end():]) or years_abbreviated(match.group(), text):
                values |= {1900 + v for v in values} | {2000 + v for v in values}
            elif percentage(after):
                values |= {v / 100 for v in values}
            found.append(Number(match.group(), values, in_name, scale))
    return found


def percentage(after: str) -> bool:
    lowered = after.lower()
    return any(lowered.startswith(marker) for marker in tables().percent)


def short_year(token: str, before: str, after: str) -> bool:
    """Whether two digits stand for a year or a decade ("'92", "the 80s", "80er", "80年代"): then they carry 1992
    and 2092 too, so that a sibling's "1992" or "1980s" carries them, and theirs carry those."""
    return len(token) == 2 and (before in load_data("numbers.toml")["short_years"]["before"]
                                or _decade_ending().match(after) is not None)


_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def years_abbreviated(token: str, text: str) -> bool:
    """Whether two digits are a year that the text also writes in full: 'the "1992 Consensus" is the original
    "92 Consensus"'."""
    return len(token) == 2 and any(year[2:] == token for year in _YEAR.findall(text))


@cache
def _decade_ending() -> re.Pattern[str]:
    return re.compile(word_pattern(load_data("numbers.toml")["short_years"]["after"]))


@cache
def compound_scales() -> tuple[tuple[str, float], ...]:
    return tuple((word, scale) for word, scale in tables().scales.items() if len(word) >= COMPOUND_SCALE)


@cache
def _scales_by_letter() -> dict[str, tuple[tuple[str, float], ...]]:
    """Scale words by first letter, longest first."""
    grouped: dict[str, list[tuple[str, float]]] = {}
    for word, scale in sorted(tables().scales.items(), key=lambda item: -len(item[0])):
        grouped.setdefault(word[0], []).append((word, scale))
    return {letter: tuple(words) for letter, words in grouped.items()}


def _unspaced(ch: str) -> bool:
    """A letter of a script written without spaces before the next word (Chinese, Japanese, Thai) or with
    particles joined to the word (Korean): a scale word there needs no word boundary after it."""
    return unicodedata.name(ch, "").split(" ")[0] in ("CJK", "HIRAGANA", "KATAKANA", "THAI", "HANGUL")


def _scale_word(text: str) -> tuple[float, int] | None:
    """The scale word that starts ``text``, with its length."""
    lowered = text.lower()
    for word, scale in _scales_by_letter().get(lowered[:1], ()):
        if lowered.startswith(word):
            following = text[len(word):len(word) + 1]
            if _unspaced(word[-1]) or not following or not (following.isalpha() or unicodedata.category(following)[0] == "M"):
                return scale, len(word)
    return None


def scale_after(after: str) -> float | None:
    """The scale of the scale word(s) that start ``after`` (the text after a number): "million", "万", "千万"
    (ten million), "lakh", "ล้าน"."""
    rest = after.lstrip("多余餘")  # 200多万: "over 2 million"
    total = None
    while rest and (found := _scale_word(rest)):
        scale, length = found
        total = (total or 1) * scale
        joined = _unspaced(rest[length - 1])
        rest = rest[length:]
        if not joined:
            break  # only unspaced scale signs combine (千万: ten million, 천만)
    return total


def scale_before(before: str) -> float | None:
    """The scale of a scale word written before its number, as Swahili does ("dola milioni 2.5": 2.5 million)."""
    word = _LAST_WORD.search(before)
    return tables().scales.get(word.group(1).lower()) if word and word.group(1).lower() in _scales_before() else None


_LAST_WORD = re.compile(r"([^\W\d_]+)\s*$")


@cache
def _scales_before() -> frozenset[str]:
    return frozenset(w.lower() for words in load_data("numbers.toml")["scales_before"].values() for w in words)


def range_scale(after: str) -> float | None:
    """The scale word of the second end of a range that starts here ("to 14 million" after the 12), if any."""
    end = _range_pattern().match(after)
    return scale_after(after[end.end():].lstrip()) if end else None


@cache
def _range_pattern() -> re.Pattern[str]:
    return re.compile(rf"(?:{word_pattern(load_data('numbers.toml')['ranges']['between'])})\s*(?:{_NUMERAL.pattern})")


def evidence_of(text: str) -> Evidence:
    """Every value a text carries: digits, CJK numerals, number words and month names, shares and fractions,
    decades, the half hour of "5点半"."""
    t = tables()
    found = numbers(text)
    values = {v for n in found for v in n.values}
    normal = normalise(text)
    words = {w.lower() for w in _WORD.findall(normal)}
    values |= {t.words[w] for w in words if w in t.words}
    values |= spelled_with_scale(normal)
    values |= {v for w, share in t.shares.items() if w in words or _unspaced(w[0]) and w in normal
               for v in share_values(share)}
    for word in words:
        if word in t.scales:
            values.add(t.scales[word])
        elif len(word) > COMPOUND_SCALE:  # longer than any scale word it could contain
            values |= {scale for part, scale in compound_scales() if part in word}
    lowered = normal.lower()
    for phrase, decade in t.decades.items():
        if phrase in lowered:
            values |= {decade, 1900 + decade, 2000 + decade}
    values |= {v for m in _CJK_NUMERAL.findall(text) if (v := cjk_value(m)) is not None}
    values |= {v for _, share in fractions(normal) for v in share_values(share)}
    values |= {30.0 for m in times(normal) if m.groupdict().get("half")}
    with_scale = {(v, n.scale) for n in found if n.scale for v in n.values if scaled(v, n.scale) in n.values}
    return Evidence(frozenset(values), frozenset(with_scale))


def spelled_with_scale(text: str) -> set[float]:
    """The values of number words followed by a scale word: "two million", "zwei Millionen", "двох мільйонів"."""
    t = tables()
    found = set()
    for match in _WORD.finditer(text):
        value = t.words.get(match.group().lower())
        if value is not None and (scale := scale_after(text[match.end():].lstrip())):
            found.add(scaled(value, scale))
    return found


def carried_values(text: str) -> set[float]:
    """Every value a text carries (see ``evidence_of``)."""
    return set(evidence_of(text).values)


class NumberMismatch:
    kind = "number_mismatch"

    def run(self, context: Context) -> dict[str, list[Finding]]:
        found: dict[str, list[Finding]] = {}
        for version_id, sentences in context.alignment.sentences.items():
            groups = list(reference_groups(context, version_id).values())
            findings = [f for i, s in enumerate(sentences) if (f := self._check(context, version_id, groups, i, s))]
            if findings:
                found[version_id] = findings
        return found

    def _check(self, context: Context, version_id: str, groups: list[list[str]], index: int,
               sentence: Sentence) -> Finding | None:
        claims = [n for n in numbers(sentence.text) if not n.in_name]
        if not claims:
            return None
        floor = thresholds("comparison")["number_counterpart_score"]
        # per reference, the counterparts of the sentence in it and in its near copies: a copy that was changed there
        # or lacks the sentence does not take the vote of the others
        evidence = [[(s, evidence_of(line_of(context, ref, s)))
                     for ref, (s, _) in counterparts_of(context, version_id, members, index, floor).items()]
                    for members in groups]
        evidence = [copies for copies in evidence if copies]

        def carried(claim: Number, copies: list[tuple[Sentence, Evidence]]) -> bool:
            return any(e.carries(claim) for _, e in copies)

        share = thresholds("comparison")["number_carrier_share"]
        odd = [c for c in claims if sum(carried(c, copies) for copies in evidence) < share * len(evidence)]
        if not odd:
            return None
        lacking = [copies[0][0] for copies in evidence if not all(carried(c, copies) for c in odd)]
        counterpart = lacking[0]
        written = ", ".join(dict.fromkeys(c.text for c in odd))
        message = (
            f'"{written}" is not in the matching sentence of {len(lacking)} of {len(evidence)} other version(s); '
            f'{counterpart.version} line {counterpart.line} reads: "{counterpart.text}". Check the number against the '
            f"original and correct it here (or there)."
        )
        return Finding(
            kind=self.kind, severity="warning", message=message, line=sentence.line, text=sentence.text,
            language=context.languages.get(version_id), source=quote(counterpart),
            score=round(len(lacking) / len(evidence), 3),
        )
