"""``number_mismatch``: a number in a sentence that its counterparts in the other versions do not carry.

Numbers are compared by value, whatever the locale wrote: "1,234.5" = "1.234,5" = "1 234,5"; an ambiguous
"1,234" may be 1234 or 1.234, and either matches. A scale word multiplies ("2.5 million" = "250万"; both ends of
"12 to 14 million"), and a sibling that writes a number as a word or a month name ("two", "August") carries it too
(data/numbers.toml), and so does a compound with a scale word ("multibillion").
Two digits written as a year or a decade ("'92", "the 80s", "80年代") also read as 19xx and 20xx. A number
written with digits in a sentence (other than 0 and 1, and other than one joined to a word by a hyphen, which names
something: COVID-19, F-16) is flagged when fewer than half of the versions that have a confident counterpart for
the sentence (with ``--source``: the source) carry it anywhere in the counterpart's line.
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
from .compare import counterparts_of, line_of, minority, quote, references

_NUMERAL = re.compile(r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?(?!\d)|\d+(?:[.,'’]\d+)*")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_CJK_NUMERAL = re.compile(r"[〇零一二两兩三四五六七八九十百千]+")
_THOUSANDS = " \u00a0\u202f'’"
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


def normalise(text: str) -> str:
    """Full-width digits and letters to their plain forms."""
    return unicodedata.normalize("NFKC", text)


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
    if all(len(g) == 3 for g in groups[1:]) and len(set(separators)) == 1:
        return [frozenset({float(whole)})]
    if len(set(separators[:-1])) == 1 and separators[-1] != separators[0] and all(len(g) == 3 for g in groups[1:-1]):
        return [frozenset({float(f"{''.join(groups[:-1])}.{groups[-1]}")})]
    return [frozenset({float(g)}) for g in groups]


@cache
def tables() -> tuple[dict[str, float], dict[str, float], dict[str, int], dict[str, int]]:
    """(number words and month names, scale words, CJK digits, CJK multipliers), all languages merged."""
    data = load_data("numbers.toml")
    words = {w: float(v) for kind in ("words", "months") for table in data[kind].values() for w, v in table.items()}
    scales = {w: float(v) for table in data["scales"].values() for w, v in table.items()}
    return words, scales, data["cjk"]["digits"], data["cjk"]["multipliers"]


def cjk_value(text: str) -> float | None:
    """二十三 -> 23, 三百 -> 300, 十 -> 10; None when it is not a well-formed number."""
    _, _, digits, multipliers = tables()
    total, current = 0, None
    for ch in text:
        if ch in digits:
            if current is not None:
                return None
            current = digits[ch]
        else:
            total += (1 if current is None else current) * multipliers[ch]
            current = None
    return float(total + (current or 0))


def numbers(text: str) -> list[Number]:
    """The numbers written with digits in a text, each with the readings its scale word adds."""
    text = normalise(text)
    found = []
    for match in _NUMERAL.finditer(text):
        after = text[match.end():].lstrip()
        scale = scale_after(after) or range_scale(after)
        before = text[max(0, match.start() - 2):match.start()]
        in_name = before.endswith("-") and before[:1].isalpha()
        for values in readings(match.group()):
            if values <= TRIVIAL:
                continue
            if scale:
                values |= {v * scale for v in values}
            elif short_year(match.group(), before[-1:], text[match.end():]):
                values |= {1900 + v for v in values} | {2000 + v for v in values}
            found.append(Number(match.group(), values, in_name))
    return found


def short_year(token: str, before: str, after: str) -> bool:
    """Whether two digits stand for a year or a decade ("'92", "the 80s", "80er", "80年代"): then they carry 1992
    and 2092 too, so that a sibling's "1992" or "1980s" carries them, and theirs carry those."""
    return len(token) == 2 and (before in load_data("numbers.toml")["short_years"]["before"]
                                or _decade_ending().match(after) is not None)


@cache
def _decade_ending() -> re.Pattern[str]:
    return re.compile(word_pattern(load_data("numbers.toml")["short_years"]["after"]))


@cache
def compound_scales() -> tuple[tuple[str, float], ...]:
    _, scales, _, _ = tables()
    return tuple((word, scale) for word, scale in scales.items() if len(word) >= COMPOUND_SCALE)


def scale_after(after: str) -> float | None:
    """The scale of the word that starts ``after`` (the text after a number), if it is a scale word."""
    _, scales, _, _ = tables()
    word = _WORD.match(after)
    # 万, 亿 (200多万: "over 2 million") are one character
    return (scales.get(word.group().lower()) if word else None) or scales.get(after.lstrip("多余餘")[:1])


def range_scale(after: str) -> float | None:
    """The scale word of the second end of a range that starts here ("to 14 million" after the 12), if any."""
    end = _range_pattern().match(after)
    return scale_after(after[end.end():].lstrip()) if end else None


@cache
def _range_pattern() -> re.Pattern[str]:
    return re.compile(rf"(?:{word_pattern(load_data('numbers.toml')['ranges']['between'])})\s*(?:{_NUMERAL.pattern})")


def carried_values(text: str) -> set[float]:
    """Every value a text carries: digits, CJK numerals, number words and month names."""
    words, scales, _, _ = tables()
    values = {v for n in numbers(text) for v in n.values}
    values |= {words[w.lower()] for w in _WORD.findall(normalise(text)) if w.lower() in words}
    for word in {w.lower() for w in _WORD.findall(normalise(text))}:
        if word in scales:
            values.add(scales[word])
        elif len(word) > COMPOUND_SCALE:  # longer than any scale word it could contain
            values |= {scale for part, scale in compound_scales() if part in word}
    values |= {v for m in _CJK_NUMERAL.findall(text) if (v := cjk_value(m)) is not None}
    return values


class NumberMismatch:
    kind = "number_mismatch"

    def run(self, context: Context) -> dict[str, list[Finding]]:
        found: dict[str, list[Finding]] = {}
        for version_id, sentences in context.alignment.sentences.items():
            refs = references(context, version_id)
            findings = [f for i, s in enumerate(sentences) if (f := self._check(context, version_id, refs, i, s))]
            if findings:
                found[version_id] = findings
        return found

    def _check(self, context: Context, version_id: str, refs: list[str], index: int, sentence: Sentence) -> Finding | None:
        claims = [n for n in numbers(sentence.text) if not n.in_name]
        if not claims:
            return None
        linked = counterparts_of(context, version_id, refs, index, thresholds("comparison")["number_counterpart_score"])
        evidence = {ref: (s, carried_values(line_of(context, ref, s))) for ref, (s, _) in linked.items()}
        odd = [c for c in claims if minority(sum(bool(c.values & v) for _, v in evidence.values()), len(evidence))]
        if not odd or not evidence:
            return None
        lacking = [(ref, s) for ref, (s, values) in evidence.items() if not all(c.values & values for c in odd)]
        ref, counterpart = lacking[0]
        written = ", ".join(dict.fromkeys(c.text for c in odd))
        message = (
            f'"{written}" is not in the matching sentence of {len(lacking)} of {len(evidence)} other version(s); '
            f'{ref} line {counterpart.line} reads: "{counterpart.text}". Check the number against the original '
            f"and correct it here (or there)."
        )
        return Finding(
            kind=self.kind, severity="warning", message=message, line=sentence.line, text=sentence.text,
            language=context.languages.get(version_id), source=quote(counterpart),
            score=round(len(lacking) / len(evidence), 3),
        )
