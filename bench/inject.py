"""Injection benchmark: damage clean families in known ways, audit them, and score what the auditor finds.

    .venv/bin/python bench/inject.py CLEAN [CLEAN ...] --out DIR [--seed N] [--copies K] [--sample N] [--part a|b]
    .venv/bin/python bench/inject.py --score DIR        # score DIR/report.json again against DIR/labels.json
    .venv/bin/python bench/inject.py --reaudit DIR      # audit DIR/families again (new thresholds), then score

CLEAN is a folder of families or one family folder, as `auditor audit` takes them, whose versions are taken as
clean. Each of ``--copies`` rounds writes one damaged copy of every family: about two thirds of its versions get
one or two faults (mt_notice, stray_language, boilerplate, addition, omission, number_mismatch, entity_mismatch,
each in many variants, see ``FAULTS``), the others stay clean, some of those with numbers rewritten in another
notation of the same value (a time, a share, spaced thousands, full-width digits, a CJK or Indian scale word, a
spelled-out number or decade), which must not be reported. Within a copy no two versions are damaged on the same
sentence, so the majority of siblings stays right. What is injected comes from bench/bank.toml, never from the
tables the detectors read.

DIR gets ``families/`` (the damaged copies), ``labels.json`` (the dev set's label format: per version its language,
clean flag and faults with kind, 1-based line, text; ``rewrites`` lists the value-keeping rewrites of a clean
version), ``report.json`` (the auditor's JSON report), ``input-report.json`` (the audit of CLEAN as given) and
``scores.json``. Findings that the undamaged input already had (same version, kind and text) are the input's own
and set aside, counted apart. Scores follow the dev set's rules (a finding must overlap the fault's lines and be at
most 2 lines wider; info findings ignored; right line, other kind is neutral): precision, recall and F1 per kind,
recall per variant, fidelity ROC AUC (clean versions against those with an addition or omission) and false alarms
per clean version. ``--part a`` / ``--part b`` keep the half of the families whose id hashes to that half, so that
thresholds tuned on one half and seed are reported on the other.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import shutil
import sys
import time
import tomllib
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from auditor.audit import run_audit  # noqa: E402
from auditor.langid import main_language  # noqa: E402
from auditor.load import load  # noqa: E402
from auditor.report.json import to_dict  # noqa: E402
from auditor.settings import Settings, load_data  # noqa: E402

BANK = tomllib.loads((Path(__file__).parent / "bank.toml").read_text(encoding="utf-8"))
KINDS = ["mt_notice", "stray_language", "boilerplate", "addition", "omission", "number_mismatch", "entity_mismatch"]
CJK = ("zh", "ja", "ko")
_DIGITS = re.compile(r"(?<![0-9A-Za-z.,:])\d{1,3}(?:(?:,|\u00a0| )\d{3})+(?!\d)|(?<![0-9A-Za-z.,:])\d+(?:\.\d+)?(?![0-9A-Za-z.,:]\d)")
_TIME = re.compile(r"(?<![\d:])([01]?\d|2[0-3]):([0-5]\d)(?![\d:])")
# A sentence ends at a CJK full stop, or at . ! ? after a letter (not "110.000", "am 16. Mai", "U.S.") before a space
# and a capital or an opening quote.
_CAPITAL = r"(?=[\"'“‘«(¿¡]?[A-ZÀ-ÞА-ЯЁІЇЄҐΑ-Ω])"
_SENTENCE_END = re.compile(rf"(?<=[。！？])|(?<=[^\W\d_]{{2}}[.!?])\s+{_CAPITAL}|(?<=[^\W\d_][.!?][\"'”’»)])\s+{_CAPITAL}")
_NAME = re.compile(r"[^\W\d_][\w'’]*")
CALENDAR = {w for words in BANK["calendar"].values() for w in words}
NOT_PERSONS = {w for words in BANK["not_persons"].values() for w in words}
_CYRILLIC = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґ",
                     "a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh shch - y - e yu ya i yi ye g".split()))


def disjoint() -> None:
    """Refuse to measure the detectors on their own data: no notice or furniture line here may be in their banks."""
    listed = set()
    for name in ("notices.toml", "boilerplate.toml"):
        for table in load_data(name).get("language", []):
            for key in ("phrases", "prototypes", "lines"):
                listed |= {str(p).lower() for p in table.get(key, [])}
    ours = {line.lower() for kind in ("notices", "furniture", "headings") for lines in BANK[kind].values() for line in lines}
    if shared := ours & listed:
        sys.exit(f"bench/bank.toml shares lines with auditor/data: {sorted(shared)[:5]}")


# ---------------------------------------------------------------------------------------------------- a version


@dataclass
class Line:
    text: str
    fault: dict | None = None
    origin: int | None = None  # its line number in the clean version; None for an inserted line


@dataclass
class Draft:
    """A version being damaged: its lines, with the fault each inserted or changed line carries."""
    id: str
    language: str
    lines: list[Line]
    faults: list[dict] = field(default_factory=list)
    rewrites: list[dict] = field(default_factory=list)
    anchors: dict[int, Line] = field(default_factory=dict)  # omission fault id -> the line it stood after

    def content(self) -> list[int]:
        """Indices of the non-blank lines, the title (first) apart."""
        return [i for i, line in enumerate(self.lines) if line.text.strip() and i > 0 and line.fault is None]

    def origins(self) -> list[int | None]:
        return [line.origin for line in self.lines]

    def labels(self) -> tuple[list[str], list[dict]]:
        texts = [line.text for line in self.lines]
        for fault in self.faults:
            lines = [i + 1 for i, line in enumerate(self.lines) if line.fault is fault]
            if fault["kind"] == "omission" and "line" not in fault:
                anchor = self.anchors.get(id(fault))
                fault["after_line"] = next((i + 1 for i, line in enumerate(self.lines) if line is anchor), 0)
                fault["line"] = None
            elif lines:
                fault["line"], fault["end_line"] = lines[0], (lines[-1] if lines[-1] != lines[0] else None)
        return texts, self.faults


def latin(word: str) -> str:
    word = unicodedata.normalize("NFKD", word.lower())
    return "".join(_CYRILLIC.get(ch, ch) for ch in word if not unicodedata.combining(ch)).replace("-", "")


def digit_strings(text: str) -> set[str]:
    text = unicodedata.normalize("NFKC", text)
    return {re.sub(r"[,\u00a0 ]", "", m.group()) for m in _DIGITS.finditer(text)}


# ---------------------------------------------------------------------------------------------------- numbers


def render_thousands(value: int, separator: str) -> str:
    return f"{value:,}".replace(",", separator)


def changed_value(value: float, rng: random.Random, variant: str) -> float | None:
    if variant == "year":
        return value + rng.choice([-3, -2, -1, 1, 2, 3]) if 1900 <= value <= 2099 and value == int(value) else None
    if variant == "swap":
        text = str(int(value))
        return float(text[::-1]) if value == int(value) and 10 <= value < 100 and text[0] != text[1] and text[1] != "0" else None
    if variant == "magnitude":
        return value * 10 if value >= 2 else None
    if variant == "decimal":
        return round(value + rng.choice([-0.2, -0.1, 0.1, 0.3]), 1) if value != int(value) else None
    if variant == "digit":
        step = rng.choice([1, 2, 3, -1, -2])
        new = value + step if value < 100 else value + step * 10 ** rng.randint(0, len(str(int(value))) - 2)
        return new if new > 1 and new != value else None
    return None


def format_number(value: float, like: str) -> str:
    """Write ``value`` the way ``like`` is written (its thousands separator, its decimals)."""
    if value != int(value):
        return f"{value:.1f}".replace(".", "," if "," in like and "." not in like else ".")
    separator = next((s for s in (",", "\u00a0", " ", ".") if s in like), None)
    return render_thousands(int(value), separator) if separator and value >= 1000 else str(int(value))


def number_candidates(draft: Draft, index: int, siblings: list[str]) -> list[tuple[re.Match, float]]:
    """Numerals of a line that two thirds of the siblings' counterparts carry (as digits)."""
    found = []
    for match in _DIGITS.finditer(draft.lines[index].text):
        digits = re.sub(r"[,\u00a0 ]", "", match.group())
        value = float(digits)
        if value in (0, 1) or not siblings:
            continue
        # a clear majority carries it, so that changing it here does not tip the balance for the others
        if 3 * sum(digits in digit_strings(s) for s in siblings) >= 2 * len(siblings):
            found.append((match, value))
    return found


FAULT_NUMBER_VARIANTS = ["year", "digit", "swap", "magnitude", "decimal", "thousands", "fullwidth", "cjk_scale",
                         "time", "percent", "scale_word"]


def number_fault(draft: Draft, index: int, siblings: list[str], rng: random.Random) -> dict | None:
    text = draft.lines[index].text
    times = [(m, "time") for m in _TIME.finditer(text)]
    if times and rng.random() < 0.7:
        match, _ = rng.choice(times)
        hour = (int(match.group(1)) + rng.choice([1, 2, -1])) % 24
        new = time_text(draft.language, hour, match.group(2), rng)
        return replace_span(draft, index, match, new, "number_mismatch", "time")
    candidates = number_candidates(draft, index, siblings)
    rng.shuffle(candidates)
    variants = FAULT_NUMBER_VARIANTS[:]
    rng.shuffle(variants)
    for match, value in candidates:
        after = text[match.end():match.end() + 12]
        for variant in variants:
            new = number_rendering(draft.language, match, value, after, variant, rng)
            if new is not None:
                return replace_span(draft, index, match, new, "number_mismatch", variant)
    return None


SCALE_SWAPS = {"million": "billion", "billion": "million", "millions": "billions", "Millionen": "Milliarden",
               "Milliarden": "Millionen", "millions de": "milliards de", "万": "亿", "亿": "万", "億": "万",
               "тысяч": "миллионов", "миллионов": "миллиардов", "млн": "млрд", "млрд": "млн"}


def number_rendering(language: str, match: re.Match, value: float, after: str, variant: str,
                     rng: random.Random) -> str | None:
    """A changed value for the numeral ``match``, written as ``variant`` says; None when it does not apply."""
    written = match.group()
    if variant == "thousands":
        new = changed_value(value, rng, "digit")
        return render_thousands(int(new), rng.choice([" ", "\u00a0", "\u202f"])) if value >= 1000 and new and new == int(new) else None
    if variant == "fullwidth":
        new = changed_value(value, rng, "digit")
        return unicodedata.normalize("NFKC", format_number(new, written)).translate(_FULLWIDTH) if language in CJK and new else None
    if variant == "cjk_scale":
        if language not in ("zh", "ja") or value < 20000 or value % 1000:
            return None
        return f"{(value + 10000 * rng.choice([1, 2, -1])) / 10000:g}万"
    if variant == "percent":
        if not re.match(r"\s?(%|％|per ?cent|percent|Prozent|pour cent|процент|відсот)", after):
            return None
        return format_number(value + rng.choice([5, 10, -5]) if value > 10 else value + 2, written)
    if variant == "scale_word":
        word = next((w for w in SCALE_SWAPS if after.lstrip().startswith(w)), None)
        if word is None:
            return None
        return written + after[:len(after) - len(after.lstrip())] + SCALE_SWAPS[word] + "\x00" + word
    new = changed_value(value, rng, variant)
    return format_number(new, written) if new is not None else None


_FULLWIDTH = str.maketrans("0123456789.,", "０１２３４５６７８９．，")


def replace_span(draft: Draft, index: int, match: re.Match, new: str, kind: str, variant: str) -> dict:
    line = draft.lines[index]
    end = match.end()
    if "\x00" in new:  # the scale word after the numeral is replaced too
        new, old_word = new.split("\x00")
        end = match.end() + line.text[match.end():].index(old_word) + len(old_word)
    old = line.text[match.start():end]
    original = line.text
    line.text = line.text[:match.start()] + new + line.text[end:]
    return fault_on(draft, line, kind, variant, original_text=original, **{"from": old, "to": new})


def time_text(language: str, hour: int, minute: str, rng: random.Random) -> str:
    templates = BANK["times"].get(language, BANK["times"]["en"] if language not in CJK else ["{h}:{m}"])
    ampm = BANK["ampm"].get(language, ["", ""])[hour >= 12]
    return rng.choice(templates).format(h=hour, h12=(hour - 1) % 12 + 1, m=minute, ampm=ampm).strip()


def number_rewrite(draft: Draft, index: int, rng: random.Random) -> dict | None:
    """Write one number of a line in another notation with the same value (a clean version must stay clean)."""
    line = draft.lines[index]
    language = draft.language
    options = []
    for match in _TIME.finditer(line.text):
        options.append((match, "time", time_text(language, int(match.group(1)), match.group(2), rng)))
    for match in _DIGITS.finditer(line.text):
        written, value = match.group(), float(re.sub(r"[,\u00a0 ]", "", match.group()))
        if value in (0, 1):
            continue
        after = line.text[match.end():match.end() + 12]
        if value >= 1000 and value == int(value) and not 1900 <= value <= 2099:
            options.append((match, "spaced_thousands", render_thousands(int(value), rng.choice([" ", "\u00a0", "\u202f"]))))
        if language in CJK:
            options.append((match, "fullwidth", written.translate(_FULLWIDTH)))
            if value >= 10000 and value % 100 == 0:
                options.append((match, "cjk_scale", f"{value / 10000:g}万"))
        elif value >= 100000 and value % 1000 == 0 and language == "en":
            options.append((match, "lakh", f"{value / 100000:g} lakh"))
        share = BANK["shares"].get(language, {}).get(str(int(value)))
        percent = re.match(r"\s?(%|％|per ?cent|percent|Prozent|pour cent|процент)", after)
        if share and percent and value == int(value):
            options.append((_Span(match.start(), match.end() + percent.end()), "share", share))
        spelled = BANK["spelled"].get(language, {}).get(str(int(value)))
        # only a numeral that stands as a word (in Chinese and Japanese, any): "10tého", "5e" and "$2" spelled out
        # would read "desettého", "cinqe" and "$zwei", which no writer writes (nor any check could read as the value)
        before = line.text[match.start() - 1:match.start()] if match.start() else ""
        glued = language not in CJK and (after[:1].isalnum() or before.isalnum()) or unicodedata.category(before or " ") == "Sc"
        if spelled and not glued and value == int(value) and not re.match(r"\s?[%.,:]\d", after):
            options.append((match, "spelled", spelled))
        decade = re.match(r"s\b", after)
        words = BANK["decades"].get(language, {})
        if decade and 1960 <= value <= 1990 and value % 10 == 0 and str(int(value) - 1900) in words:
            start = line.text.rfind("the ", 0, match.start())
            span = _Span(start if start >= match.start() - 4 and start >= 0 else match.start(), match.end() + 1)
            options.append((span, "decade", words[str(int(value) - 1900)]))
    options = [o for o in options if line.text[o[0].start():o[0].end()] != o[2]]
    if not options:
        return None
    variant = rng.choice(sorted({o[1] for o in options}))
    span, variant, new = rng.choice([o for o in options if o[1] == variant])
    old = line.text[span.start():span.end()]
    line.text = line.text[:span.start()] + new + line.text[span.end():]
    rewrite = {"variant": variant, "from": old, "to": new}
    draft.rewrites.append(rewrite)
    return rewrite


@dataclass
class _Span:
    a: int
    b: int

    def start(self) -> int:
        return self.a

    def end(self) -> int:
        return self.b


# ---------------------------------------------------------------------------------------------------- names


def entity_fault(draft: Draft, index: int, siblings: list[tuple[str, str]], rng: random.Random,
                 lower_case: set[str], taken: set[str]) -> dict | None:
    """Replace one name of a line that the siblings carry: a place by a place of its kind, a surname (inside a full
    name the first name stays) by a surname; in a language that inflects names the ending stays. ``taken``: the
    names (first letters in Latin) the family has or was given already, never given again, so that a replacement
    is not also in a sibling."""
    language = draft.language
    bank = BANK["names"].get(language)
    if bank is None:
        return None
    text = draft.lines[index].text
    options = []
    inflects = language in BANK["endings"]
    for kind, stems in BANK["places"].get(language, {}).items():
        for stem in stems:
            tail = "" if language in CJK else r"[^\W\d_]{0,3}" if inflects else r"(?![^\W\d_])"
            for match in re.finditer(re.escape(stem) + tail, text):
                if language in CJK or carried(match.group(), siblings):
                    options.append((match, kind, stem))
    words = list(_NAME.finditer(text))
    heading = sum(w.group()[0].isupper() for w in words) * 2 > len(words)  # title case: capitals say nothing
    if language not in CJK and not heading:
        for i, match in enumerate(words[1:], start=1):
            word = match.group()
            if not person_like(word, words, i, text, lower_case) or any(
                    o[0].start() <= match.start() < o[0].end() for o in options):
                continue
            if carried(word, siblings, capitalised_elsewhere=language in ("de", "lb")):
                full = words[i - 1].group()[:1].isupper() and text[words[i - 1].end():match.start()] == " "
                options.append((match, "surname_in_full_name" if full else "surname", None))
    if not options:
        return None
    match, kind, stem = rng.choice(options)
    word = match.group()
    pool = bank["surnames"] if kind.startswith("surname") else bank[kind]
    fresh = [n for n in pool if latin(n)[:4] != latin(word)[:4] and latin(n)[:4] not in taken]
    if not fresh:
        return None
    replacement = rng.choice(fresh)
    taken.add(latin(replacement)[:4])
    ending = ending_of(word, stem, draft, language)
    if ending and language in BANK["endings"]:
        base = replacement[:-1] if replacement[-1].lower() in "aeiouyаяоеиыуіїєьeéěo" else replacement
        replacement = base + ending
    variant = kind + ("_inflected" if ending else "") + ("_cross_script" if cross_script(word, siblings) else "")
    return replace_span(draft, index, match, replacement, "entity_mismatch", variant)


def person_like(word: str, words: list[re.Match], i: int, text: str, lower_case: set[str]) -> bool:
    """A capitalised word inside a sentence that looks like a person's name: not a month or weekday, not a word
    of an organisation's name or a nationality (bank.toml, not_persons), not a word the family writes in lower case, not an acronym or a brand (EverGrow), not part of a longer
    run of capitalised words (an organisation)."""
    if not word[0].isupper() or len(word) < 4 or any(ch.isupper() for ch in word[1:]):
        return False
    if word.lower() in lower_case or word.lower() in CALENDAR or word.lower() in NOT_PERSONS:
        return False
    if text[words[i - 1].end():words[i].start()].strip(" ") in (".", "!", "?", ":", "\"", "«", "„", "“"):
        return False
    following = words[i + 1].group() if i + 1 < len(words) else ""
    return not (following[:1].isupper() and text[words[i].end():words[i + 1].start()] == " ")


def ending_of(word: str, stem: str | None, draft: Draft, language: str) -> str:
    """The case ending a name carries here: what follows its stem (a listed place stem, or the shortest form of
    the word the version writes elsewhere)."""
    if language not in BANK["endings"]:
        return ""
    if stem is not None:
        return word[len(stem):]
    others = {w for line in draft.lines for w in _NAME.findall(line.text) if w[:4] == word[:4] and word.startswith(w)}
    base = min(others, key=len, default=word)
    ending = word[len(base):]
    if ending in BANK["endings"][language]:
        return ending
    if language == "de":
        return ""
    return next((e for e in BANK["endings"][language] if word.endswith(e) and len(word) - len(e) >= 4), "")


def carried(word: str, siblings: list[tuple[str, str]], capitalised_elsewhere: bool = False) -> bool:
    """Two thirds of the siblings (not Chinese or Japanese, which a crude transliteration cannot read) have a
    word that starts like this one in Latin letters; with ``capitalised_elsewhere`` (a language that capitalises
    nouns) a sibling in another language must write it capitalised too."""
    readable = [(language, text) for language, text in siblings if language not in CJK]
    if not readable:
        return False
    stem = latin(word)[:4]
    size = len(latin(word))
    has = [language for language, text in readable
           if any(latin(w).startswith(stem) and abs(len(latin(w)) - size) <= 3 and w[0].isupper() for w in _NAME.findall(text))]
    if capitalised_elsewhere and not any(language not in ("de", "lb") for language in has):
        return False
    return 3 * len(has) >= 2 * len(readable)


def cross_script(word: str, siblings: list[tuple[str, str]]) -> bool:
    """Most siblings write another script than the word's."""
    script = unicodedata.name(word[0], "?").split()[0]
    others = [text for _, text in siblings if text.strip()]
    return 2 * sum(unicodedata.name(next((c for c in t if c.isalpha()), "?"), "?").split()[0] != script for t in others) > len(others)


# ---------------------------------------------------------------------------------------------------- line faults


def fault_on(draft: Draft, line: Line, kind: str, variant: str, **extra) -> dict:
    fault = {"kind": kind, "variant": variant, "text": line.text, **extra}
    line.fault = fault
    draft.faults.append(fault)
    return fault


def insert(draft: Draft, at: int, texts: list[str], kind: str, variant: str, **extra) -> dict:
    fault = {"kind": kind, "variant": variant, "text": "\n".join(texts), **extra}
    draft.lines[at:at] = [Line(t, fault) for t in texts]
    draft.faults.append(fault)
    return fault


def place(draft: Draft, rng: random.Random, where: str | None = None) -> tuple[int, str]:
    n = len(draft.lines)
    where = where or rng.choice(["top", "after_title", "middle", "end", "before_last"])
    return {"top": 0, "after_title": min(1, n), "middle": rng.randint(2, max(2, n - 1)) if n > 2 else n,
            "end": n, "before_last": max(n - 1, 0)}[where], where


def notice_fault(draft: Draft, rng: random.Random, **_) -> dict | None:
    language = draft.language if draft.language in BANK["notices"] and rng.random() < 0.7 else "en"
    at, where = place(draft, rng, rng.choice(["top", "after_title", "end", "before_last"]))
    return insert(draft, at, [rng.choice(BANK["notices"][language])], "mt_notice", f"{language}_{where}")


def stray_fault(draft: Draft, rng: random.Random, family_lines: dict[str, list[str]], **_) -> dict | None:
    others = [(lang, lines) for lang, lines in family_lines.items() if lang != draft.language]
    if others and rng.random() < 0.3:  # a sibling's paragraph left untranslated, next to its translation
        language, lines = rng.choice(others)
        index = rng.randint(1, len(lines) - 1) if len(lines) > 1 else 0
        text = lines[index]
        if len(text.split()) > 25 or not text.strip():
            text = " ".join(text.split()[:12]) if language not in CJK else text[:40]
        at = min(index, len(draft.lines))
        return insert(draft, at, [text], "stray_language", "untranslated_caption", language=language)
    language = rng.choice([lang for lang in BANK["stray"] if lang != draft.language])
    at, where = place(draft, rng, rng.choice(["after_title", "middle", "before_last", "end"]))
    return insert(draft, at, [rng.choice(BANK["stray"][language])], "stray_language", f"third_language_{where}",
                  language=language)


def boilerplate_fault(draft: Draft, rng: random.Random, **_) -> dict | None:
    lines = BANK["furniture"].get(draft.language)
    if not lines:
        return None
    at, where = place(draft, rng)
    return insert(draft, at, [rng.choice(lines)], "boilerplate", where)


def addition_fault(draft: Draft, rng: random.Random, elsewhere: dict[str, list[str]], **_) -> dict | None:
    pool = elsewhere.get(draft.language, [])
    if len(pool) < 3:
        return None
    start = rng.randrange(len(pool) - 1)
    pasted = pool[start:start + rng.choice([1, 1, 2])]
    heading = BANK["headings"].get(draft.language)
    if heading and rng.random() < 0.4:
        return insert(draft, len(draft.lines), [rng.choice(heading), *pasted], "addition", "end_with_heading")
    at, where = place(draft, rng, rng.choice(["middle", "middle", "end"]))
    return insert(draft, at, pasted, "addition", f"pasted_{where}")


def omission_fault(draft: Draft, rng: random.Random, free: list[int], counterparts, **_) -> dict | None:
    indices = [i for i in free if i < len(draft.lines) and len(draft.lines[i].text.split()) + len(draft.lines[i].text) // 20 >= 6]
    if not indices:
        return None
    i = rng.choice(indices)
    multi = [s for s in _SENTENCE_END.split(draft.lines[i].text.strip()) if s]
    if len(multi) >= 2 and rng.random() < 0.4:  # a sentence dropped from a paragraph (never its first)
        k = rng.randrange(1, len(multi))
        removed = multi[k]
        glue = "" if draft.language in CJK else " "
        draft.lines[i].text = glue.join(multi[:k] + multi[k + 1:])
        fault = {"kind": "omission", "variant": "sentence", "text": removed, "sibling_text": {}}
        draft.faults.append(fault)
        draft.anchors[id(fault)] = draft.lines[i]
        return fault
    span = 2 if i + 1 in indices and rng.random() < 0.5 else 1
    removed = draft.lines[i:i + span]
    fault = {"kind": "omission", "variant": f"{span}_lines", "text": "\n".join(r.text for r in removed),
             "sibling_text": counterparts(list(range(i, i + span)))}
    draft.anchors[id(fault)] = draft.lines[i - 1]
    del draft.lines[i:i + span]
    draft.faults.append(fault)
    return fault


# ---------------------------------------------------------------------------------------------------- a family


def aligned(versions) -> bool:
    """Every version has the same number of lines: then line i of one is line i of the others."""
    return len({len(v.lines) for v in versions}) == 1


def damage_family(family, languages: dict[str, str], elsewhere: dict[str, list[str]], rng: random.Random,
                  kinds: list[str], rewrite_share: float) -> list[Draft]:
    versions = list(family.versions)
    drafts = {v.id: Draft(v.id, languages[v.id], [Line(t, origin=n) for n, t in enumerate(v.lines, start=1)])
              for v in versions}
    same_lines = aligned(versions)
    order = versions[:]
    rng.shuffle(order)
    damaged = order[: max(1, round(len(order) * 2 / 3))]
    used: set[int] = set()  # sentences (line indices) damaged in one version already
    lower_case = {w.lower() for v in versions for w in _NAME.findall(v.text) if w[0].islower()}
    taken = {latin(w)[:4] for v in versions for w in _NAME.findall(v.text) if w[0].isupper()}
    family_lines = defaultdict(list)
    for v in versions:
        family_lines[languages[v.id]] = list(v.lines)

    def siblings_at(version_id: str, index: int) -> list[tuple[str, str]]:
        return [(languages[v.id], v.lines[index] if same_lines else v.text) for v in versions if v.id != version_id]

    def counterparts(version_id: str):
        def texts(indices: list[int]) -> dict[str, str]:
            if not same_lines:
                return {}
            return {v.id: "\n".join(v.lines[i] for i in indices) for v in versions if v.id != version_id}
        return texts

    for version in damaged:
        draft = drafts[version.id]
        for kind in rng.sample(kinds, k=min(len(kinds), rng.choice([1, 1, 2]))):
            free = [i for i in draft.content() if not same_lines or i not in used]
            rng.shuffle(free)
            fault = None
            if kind in ("number_mismatch", "entity_mismatch"):
                if len(versions) < 3:
                    continue  # with one sibling there is no majority to tell which of the two is wrong
                for index in free[:40]:
                    sibs = siblings_at(version.id, index)
                    fault = (number_fault(draft, index, [t for _, t in sibs], rng) if kind == "number_mismatch"
                             else entity_fault(draft, index, sibs, rng, lower_case, taken))
                    if fault:
                        used.add(index)
                        break
            elif kind == "omission":
                fault = omission_fault(draft, rng, free, counterparts(version.id))
                if fault and same_lines:
                    used.update(free)  # one omission per copy: the siblings must still carry the text
            else:
                maker = {"mt_notice": notice_fault, "stray_language": stray_fault, "boilerplate": boilerplate_fault,
                         "addition": addition_fault}[kind]
                fault = maker(draft, rng, family_lines=family_lines, elsewhere=elsewhere)
            if fault is None:
                continue
            if kind in ("addition", "omission", "mt_notice", "stray_language", "boilerplate"):
                break  # a line fault shifts the lines: one per version keeps the others' places right
    for version in order[len(damaged):]:
        if rng.random() < rewrite_share:
            draft = drafts[version.id]
            indices = draft.content()
            rng.shuffle(indices)
            for index in indices:
                if number_rewrite(draft, index, rng):
                    break
    return [drafts[v.id] for v in versions]


def build(inputs: list[str], out: Path, seed: int, copies: int, sample: int | None, part: str | None,
          kinds: list[str], rewrite_share: float) -> dict:
    rng = random.Random(seed)
    families = load(inputs)
    if part:
        families = [f for f in families if "ab"[int(hashlib.sha256(f.id.encode()).hexdigest(), 16) % 2] == part]
    if sample and sample < len(families):
        families = rng.sample(families, sample)
    languages = {f.id: {v.id: v.language or main_language(v.text) for v in f.versions} for f in families}
    labels = {"schema": "auditor-devset-labels-v1", "seed": seed, "built_by": "bench/inject.py",
              "inputs": [str(Path(p).resolve()) for p in inputs], "families": {}}
    target = out / "families"
    if target.exists():
        shutil.rmtree(target)
    for round_ in range(copies):
        for family in families:
            elsewhere = defaultdict(list)
            for other in families:
                if other.id != family.id:
                    for v in other.versions:
                        elsewhere[languages[other.id][v.id]].extend(line for line in v.lines[1:] if len(line.split()) > 5 or len(line) > 30)
            drafts = damage_family(family, languages[family.id], elsewhere, rng, kinds, rewrite_share)
            copy_id = f"{family.id}__{seed}_{round_}"
            folder = target / copy_id
            folder.mkdir(parents=True)
            entry = {"source_family": family.id, "versions": {}}
            for draft, version in zip(drafts, family.versions):
                texts, faults = draft.labels()
                (folder / version.path.name).write_text("\n".join(texts) + "\n", encoding="utf-8")
                entry["versions"][version.id] = {"language": draft.language, "clean": not faults, "n_lines": len(texts),
                                                 "faults": faults, "rewrites": draft.rewrites,
                                                 "source_lines": draft.origins()}
            labels["families"][copy_id] = entry
    (out / "labels.json").write_text(json.dumps(labels, ensure_ascii=False, indent=1), encoding="utf-8")
    return labels


# ---------------------------------------------------------------------------------------------------- scoring


def tokens(text: str | None) -> set[str]:
    text = (text or "").lower()
    cjk = {ch for ch in text if "\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff"}
    words = {t for t in re.findall(r"[^\W\d_]+|\d+", text) if not any(c in cjk for c in t)}
    return words | cjk


def containment(a: str | None, b: str | None) -> float:
    ta = tokens(a)
    return len(ta & tokens(b)) / len(ta) if ta else 0.0


def span(item: dict) -> tuple[int, int] | None:
    if item.get("line") is None:
        return None
    return int(item["line"]), int(max(item.get("end_line") or item["line"], item["line"]))


def matches(fault: dict, finding: dict, omissions: int) -> bool:
    """The dev set's matching rules (shared/devset/README.md, "Scoring")."""
    if fault["kind"] == "omission":
        candidates = [fault.get("text") or "", *(fault.get("sibling_text") or {}).values()]
        texts = [finding.get("text"), (finding.get("source") or {}).get("text")]
        need = 0.3 if omissions == 1 else 0.5
        if any(t and containment(t, c) >= need for t in texts for c in candidates):
            return True
        after, line = fault.get("after_line"), finding.get("line")
        return omissions == 1 and after is not None and line is not None and abs(int(line) - int(after)) <= 3
    a, b = span(finding), span(fault)
    if a and b:
        return a[0] <= b[1] and b[0] <= a[1] and a[1] - a[0] <= b[1] - b[0] + 2
    text = finding.get("text")
    return bool(text) and max(containment(text, fault.get("text")), containment(fault.get("text"), text)) >= 0.5


def own_findings(report: dict) -> dict[tuple[str, str], set[tuple[str, object]]]:
    """(family, version) -> {(kind, line or text)} of the undamaged input's active findings."""
    return {(f["id"], v["id"]): {(x["kind"], x["line"] or x.get("text") or "") for x in v["findings"] if x["severity"] != "info"}
            for f in report["families"] for v in f["versions"]}


def preexisting(finding: dict, own: set, source_lines: list[int | None]) -> bool:
    """Whether the undamaged input had this finding: same kind on the line this one was copied from (a line
    whose number only was rewritten is that line too), or the same text where a finding has no line."""
    line = finding.get("line")
    if line is None:
        return (finding["kind"], finding.get("text") or "") in own
    origin = source_lines[line - 1] if line <= len(source_lines) else None
    return origin is not None and (finding["kind"], origin) in own


def score(labels: dict, report: dict, input_report: dict | None) -> dict:
    known = own_findings(input_report) if input_report else {}
    reported = {f["id"]: {v["id"]: v for v in f["versions"]} for f in report["families"]}
    per = {k: Counter() for k in KINDS}
    variants: dict[str, Counter] = defaultdict(Counter)
    languages: dict[str, Counter] = defaultdict(Counter)
    clean_versions = clean_alarms = rewritten = rewrite_alarms = set_aside = 0
    alarms_by_kind = Counter()
    positive, negative = [], []
    for family_id, family in labels["families"].items():
        for version_id, label in family["versions"].items():
            version = reported.get(family_id, {}).get(version_id, {"findings": [], "fidelity": None})
            own = known.get((family["source_family"], version_id), set())
            active = [f for f in version["findings"] if f["severity"] != "info"]
            origins = label.get("source_lines") or list(range(1, label["n_lines"] + 1))
            fresh = [f for f in active if not preexisting(f, own, origins)]
            set_aside += len(active) - len(fresh)
            faults = label["faults"]
            omissions = sum(f["kind"] == "omission" for f in faults)
            for fault in faults:
                hit = any(f["kind"] == fault["kind"] and matches(fault, f, omissions) for f in active)
                per[fault["kind"]]["faults"] += 1
                per[fault["kind"]]["found"] += hit
                variants[fault["kind"]][(fault.get("variant"), hit)] += 1
                languages[fault["kind"]][(label["language"], hit)] += 1
            for finding in fresh:
                kind = finding["kind"]
                if kind not in per:
                    per[kind] = Counter()
                if any(f["kind"] == kind and matches(f, finding, omissions) for f in faults):
                    per[kind]["tp"] += 1
                    continue
                place_ = span(finding)
                if place_ and place_[1] - place_[0] <= 2 and any(
                        f["kind"] != kind and span(f) and place_[0] <= span(f)[1] and span(f)[0] <= place_[1] for f in faults):
                    per[kind]["neutral"] += 1
                    continue
                per[kind]["fp"] += 1
                alarms_by_kind[kind] += label["clean"]
            if label["clean"]:
                clean_versions += 1
                clean_alarms += len(fresh)
                if label.get("rewrites"):
                    rewritten += 1
                    rewrite_alarms += sum(f["kind"] == "number_mismatch" for f in fresh)
            fidelity = version.get("fidelity")
            fidelity = 0.5 if not isinstance(fidelity, (int, float)) else fidelity
            if label["clean"]:
                positive.append(fidelity)
            elif any(f["kind"] in ("addition", "omission") for f in faults):
                negative.append(fidelity)
    kinds = {}
    for kind, c in per.items():
        p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
        r = c["found"] / c["faults"] if c["faults"] else 0.0
        kinds[kind] = {"faults": c["faults"], "found": c["found"], "precision": round(p, 3), "recall": round(r, 3),
                       "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0, "false": c["fp"], "neutral": c["neutral"]}
    auc = 0.5
    if positive and negative:
        auc = sum(1.0 if a > b else 0.5 if a == b else 0.0 for a in positive for b in negative) / (len(positive) * len(negative))
    recall_by_variant = {kind: {str(v): f"{c[(v, True)]}/{c[(v, True)] + c[(v, False)]}" for v in sorted({v for v, _ in c}, key=str)}
                         for kind, c in variants.items()}
    recall_by_language = {kind: {str(v): f"{c[(v, True)]}/{c[(v, True)] + c[(v, False)]}" for v in sorted({v for v, _ in c}, key=str)}
                          for kind, c in languages.items()}
    return {"kinds": kinds, "recall_by_variant": recall_by_variant, "recall_by_language": recall_by_language,
            "fidelity_auc": round(auc, 3),
            "clean_versions": clean_versions, "false_alarms_per_clean_version": round(clean_alarms / max(1, clean_versions), 3),
            "false_alarms_on_clean_by_kind": dict(alarms_by_kind), "rewritten_clean_versions": rewritten,
            "number_alarms_on_rewritten": rewrite_alarms, "input_findings_set_aside": set_aside,
            "fidelity_versions": {"clean": len(positive), "addition_or_omission": len(negative)}}


def show(scores: dict) -> str:
    rows = [f"{'kind':16} {'faults':>6} {'found':>6} {'prec':>6} {'recall':>6} {'F1':>6} {'false':>6}"]
    for kind, s in scores["kinds"].items():
        rows.append(f"{kind:16} {s['faults']:6d} {s['found']:6d} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f} {s['false']:6d}")
    rows.append(f"fidelity ROC AUC (clean {scores['fidelity_versions']['clean']} vs addition/omission "
                f"{scores['fidelity_versions']['addition_or_omission']}): {scores['fidelity_auc']:.3f}")
    rows.append(f"false alarms per clean version: {scores['false_alarms_per_clean_version']:.3f} "
                f"({scores['clean_versions']} clean versions; by kind {scores['false_alarms_on_clean_by_kind']})")
    rows.append(f"number_mismatch alarms on {scores['rewritten_clean_versions']} clean versions with a number rewritten "
                f"in another notation: {scores['number_alarms_on_rewritten']}")
    rows.append(f"findings the undamaged input already had, set aside: {scores['input_findings_set_aside']}")
    for kind, by in scores["recall_by_variant"].items():
        rows.append(f"  {kind}: " + ", ".join(f"{v} {r}" for v, r in by.items()))
    for kind, by in scores.get("recall_by_language", {}).items():
        rows.append(f"  {kind} by language: " + ", ".join(f"{v} {r}" for v, r in by.items()))
    return "\n".join(rows)


def source_paths(labels: dict) -> list[Path]:
    """The folders of the clean families the damaged copies were made from."""
    sources = {fam["source_family"] for fam in labels["families"].values()}
    return sorted(f.path for f in load(labels["inputs"]) if f.id in sources)


def audit(paths: list[Path | str], jobs: int) -> dict:
    return to_dict(run_audit(list(paths), Settings(jobs=jobs)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("inputs", nargs="*", help="clean families: a folder of families or a family folder")
    parser.add_argument("--out", type=Path, help="folder for the damaged families, labels, reports and scores")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--copies", type=int, default=1, help="damaged copies of each family (default 1)")
    parser.add_argument("--sample", type=int, help="use this many families, drawn with the seed")
    parser.add_argument("--part", choices=["a", "b"], help="only the families whose id hashes to this half")
    parser.add_argument("--kinds", default=",".join(KINDS), help="comma-separated kinds to inject")
    parser.add_argument("--rewrite-share", type=float, default=0.6,
                        help="share of clean versions that get a number rewritten in another notation (default 0.6)")
    parser.add_argument("--jobs", type=int, default=1, help="audit processes")
    parser.add_argument("--no-audit", action="store_true", help="only write the damaged families and labels")
    parser.add_argument("--score", type=Path, metavar="DIR", help="score DIR/report.json again, no audit")
    parser.add_argument("--reaudit", type=Path, metavar="DIR",
                        help="audit DIR/families again (after a change of thresholds or code) and score it")
    args = parser.parse_args()
    if args.score or args.reaudit:
        out = args.score or args.reaudit
        labels = json.loads((out / "labels.json").read_text(encoding="utf-8"))
        if args.reaudit:
            input_report = audit(source_paths(labels), args.jobs)
            report = audit([out / "families"], args.jobs)
            for name, data in (("input-report.json", input_report), ("report.json", report)):
                (out / name).write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        inputs_report = out / "input-report.json"
        scores = score(labels, json.loads((out / "report.json").read_text(encoding="utf-8")),
                       json.loads(inputs_report.read_text(encoding="utf-8")) if inputs_report.exists() else None)
        print(show(scores))
        return
    if not args.inputs or not args.out:
        parser.error("give the clean families and --out DIR (or --score DIR)")
    disjoint()
    kinds = [k for k in args.kinds.split(",") if k]
    if unknown := set(kinds) - set(KINDS):
        parser.error(f"unknown kinds: {sorted(unknown)}")
    args.out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    labels = build(args.inputs, args.out, args.seed, args.copies, args.sample, args.part, kinds, args.rewrite_share)
    n_faults = Counter(f["kind"] for fam in labels["families"].values() for v in fam["versions"].values() for f in v["faults"])
    print(f"{len(labels['families'])} damaged families, faults: {dict(n_faults)}", file=sys.stderr)
    if args.no_audit:
        return
    input_report = audit(source_paths(labels), args.jobs)
    report = audit([args.out / "families"], args.jobs)
    for name, data in (("input-report.json", input_report), ("report.json", report)):
        (args.out / name).write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    scores = score(labels, report, input_report)
    scores["command"] = " ".join(sys.argv)
    scores["seconds"] = round(time.perf_counter() - started)
    (args.out / "scores.json").write_text(json.dumps(scores, ensure_ascii=False, indent=1), encoding="utf-8")
    print(show(scores))
    print(f"({scores['seconds']} s)")


if __name__ == "__main__":
    main()
