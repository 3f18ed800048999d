"""markup_mismatch: what every version of a page keeps as it is and this version does not: a link target, an image
path, an inline code span, a code block, a heading anchor ({#id}), the number of items of a list or of rows and
columns of a table. The reader keeps them aside (Version.invariants; only Markdown does); each version is compared
with its references (the source version where one is known, else its siblings, whose majority decides), and the
sibling's value is quoted as evidence.

What a docs team accepts is not a finding (data/markup.toml):
- a link or image localised for a language of the family: /de/guide for /guide, guide.de.md for guide.md,
  ?hl=de for ?hl=en, and any page of de.wikipedia.org for one of en.wikipedia.org (its name is translated too);
- a link's #fragment: a translated heading has a translated anchor (explicit {#id} anchors are compared);
- an explicit anchor that is the one the other version's heading gets anyway (a translation's "Options {#options}"
  for the original's "Options", whose generated anchor is "options");
- translated comments in a code block, and the content of text-like blocks (```text, ```mermaid);
- white space and the order of links and code spans within the page.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from ..layouts import language_code
from ..model import Finding, Invariant, Quote, Version
from ..settings import load_data, thresholds
from . import Context
from .compare import majority, references

_WHAT = {"link": "a link to", "image": "an image", "code": "inline code", "code_block": "a code block",
         "anchor": "the heading anchor", "list": "a list of", "table": "a table of"}
_ORDER = tuple(_WHAT)
_INLINE = ("link", "image", "code", "anchor")  # kinds that stand in a sentence


@dataclass(frozen=True)
class _Item:
    value: str  # compared
    line: int
    shown: str  # as the file has it, for the message


class MarkupMismatch:
    kind = "markup_mismatch"

    def run(self, context: Context) -> dict[str, list[Finding]]:
        family = context.family
        marked = {v.id: v for v in family.versions if v.structured}
        languages = {language_code(v.id) or v.id for v in family.versions} | set(context.languages.values())
        items = {v: _items(version, languages) for v, version in marked.items()}
        slugs = {v: {i.info for i in version.invariants if i.kind == "heading" and i.info} for v, version in marked.items()}
        found: dict[str, list[Finding]] = {}
        for version_id in marked:
            if version_id == context.settings.source:  # the original is what the others keep, not judged by them
                continue
            refs = [r for r in references(context, version_id) if r in marked]
            for kind in _ORDER:
                theirs = {r: items[r].get(kind, []) for r in refs}
                extra, lacking = _difference(context, version_id, kind, items[version_id].get(kind, []), theirs)
                if kind == "anchor":
                    extra = [i for i in extra if not any(i.value in slugs[r] for r in refs)]
                    lacking = [(r, i) for r, i in lacking if i.value not in slugs[version_id]]
                found.setdefault(version_id, []).extend(_findings(context, version_id, kind, extra, lacking))
        return {v: f for v, f in found.items() if f}


def _items(version: Version, languages: set[str]) -> dict[str, list[_Item]]:
    text_like = load_data("markup.toml")["code_blocks"]["text_languages"]
    items: dict[str, list[_Item]] = {}
    for invariant in version.invariants or ():
        if invariant.kind == "code_block" and invariant.info.lower() in text_like:
            continue
        value = _normal(invariant, languages)
        items.setdefault(invariant.kind, []).append(_Item(value, invariant.line, invariant.value.strip()))
    return items


def _normal(invariant: Invariant, languages: set[str]) -> str:
    if invariant.kind in ("link", "image"):
        return _delocalised(invariant.value.strip(), languages, keep_fragment=invariant.kind == "image")
    if invariant.kind == "code_block":
        return _code_without_comments(invariant.value, invariant.info.lower())
    return invariant.value.strip()


def _delocalised(url: str, languages: set[str], keep_fragment: bool) -> str:
    """The link with what localises it taken out: language folders, suffixes, subdomains and parameters."""
    parts = urlsplit(url)
    label, _, rest = parts.netloc.partition(".")
    if rest and language_code(label) in languages:  # de.wikipedia.org: the page's name is in the language too
        return urlunsplit((parts.scheme, rest, "", "", ""))
    host = parts.netloc
    segments = []
    for segment in parts.path.split("/"):
        if language_code(segment) in languages:
            continue
        stem, dot, suffix = segment.rpartition(".")
        base, inner, code = stem.rpartition(".")
        segments.append(f"{base}{dot}{suffix}" if dot and inner and language_code(code) in languages else segment)
    named = set(load_data("markup.toml")["links"]["language_parameters"])
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k.lower() not in named])
    return urlunsplit((parts.scheme, host, "/".join(segments), query, parts.fragment if keep_fragment else ""))


@cache
def _comment_patterns() -> dict[str, list[re.Pattern[str]]]:
    patterns = load_data("markup.toml")["code_comment_patterns"]
    return {
        "hash": [re.compile(patterns["hash"], re.M)],
        "slash": [re.compile(patterns["slash_block"], re.S), re.compile(patterns["slash"], re.M)],
        "dash": [re.compile(patterns["dash"], re.M)],
        "angle": [re.compile(patterns["angle_block"], re.S)],
    }


def _code_without_comments(code: str, language: str) -> str:
    syntaxes = load_data("markup.toml")["code_comments"]
    mine = [s for s, names in syntaxes.items() if language in names] or list(syntaxes)
    for syntax in mine:
        for pattern in _comment_patterns()[syntax]:
            code = pattern.sub("", code)
    return "\n".join(" ".join(line.split()) for line in code.splitlines() if line.strip())


def _difference(context: Context, version_id: str, kind: str, mine: list[_Item],
                theirs: dict[str, list[_Item]]) -> tuple[list[_Item], list[tuple[str, _Item]]]:
    """Items this version has that its references do not (extra) and (reference, item) it lacks. A value's
    expected count is the one most references have; without such a majority this version's own count stands.
    Occurrences are paired by place (through the alignment), so the one left over is the one that differs. An
    inline item of a sentence that has no counterpart at all is left to addition and omission."""
    own = Counter(i.value for i in mine)
    counts = {r: Counter(i.value for i in items) for r, items in theirs.items()}
    extra: list[_Item] = []
    lacking: list[tuple[str, _Item]] = []
    for value in sorted(set(own) | {v for c in counts.values() for v in c}):
        found = [c[value] for c in counts.values()]
        expected = next((n for n in sorted(set(found)) if majority(found.count(n), len(found))), own[value])
        if own[value] == expected:
            continue
        ref = next(r for r, c in counts.items() if c[value] == expected)
        ours, refs = _unpaired(context, version_id, ref, [i for i in mine if i.value == value],
                               [i for i in theirs[ref] if i.value == value])
        inline = kind in _INLINE
        extra += [i for i in ours if not inline or _has_counterpart(context, version_id, i.line, list(theirs)) is not False]
        lacking += [(ref, i) for i in refs if not inline or _has_counterpart(context, ref, i.line, [version_id]) is not False]
    return sorted(extra, key=lambda i: i.line), sorted(lacking, key=lambda ri: ri[1].line)


def _unpaired(context: Context, version_id: str, ref: str, ours: list[_Item],
              theirs: list[_Item]) -> tuple[list[_Item], list[_Item]]:
    """The occurrences of one value left when each of ours is paired with the reference's nearest to where this
    version carries it."""
    far = 10 ** 6
    distances = []
    for r, there in enumerate(theirs):
        placed = _place(context, version_id, ref, there.line)
        for o, here in enumerate(ours):
            distances.append((abs(here.line - placed) if placed else far + abs(here.line - there.line), o, r))
    free_ours, free_theirs = set(range(len(ours))), set(range(len(theirs)))
    for _, o, r in sorted(distances):
        if o in free_ours and r in free_theirs:
            free_ours.discard(o)
            free_theirs.discard(r)
    return [ours[o] for o in sorted(free_ours)], [theirs[r] for r in sorted(free_theirs)]


def _has_counterpart(context: Context, version_id: str, line: int, others: list[str]) -> bool | None:
    """Whether a sentence on the line is linked into one of the other versions; None when the line has none."""
    if context.alignment is None:
        return None
    on_line = [i for i, s in enumerate(context.alignment.sentences[version_id]) if s.line == line]
    if not on_line:
        return None
    return any(context.alignment.between(version_id, o).counterparts(i) for o in others for i in on_line)


def _findings(context: Context, version_id: str, kind: str, extra: list[_Item],
              lacking: list[tuple[str, _Item]]) -> list[Finding]:
    """A pair of an extra and a lacking item is one value changed; the rest are extra or missing."""
    findings = []
    for index in range(max(len(extra), len(lacking))):
        here = extra[index] if index < len(extra) else None
        ref, there = lacking[index] if index < len(lacking) else (None, None)
        if here and there and kind == "code_block":
            ours, theirs = _first_difference(here.value, there.value)
            message = (f"the code block on line {here.line} differs from {ref}'s on line {there.line}, "
                       f'"{ours}" where it has "{theirs}": {_advice(kind)}')
            here, there = _Item(here.value, here.line, ours), _Item(there.value, there.line, theirs)
        elif here and there:
            message = (f"line {here.line} has {_described(kind, here)} where {ref} line {there.line} has "
                       f"{_value(kind, there)}: {_advice(kind)}")
        elif here:
            others = references(context, version_id)
            lack = f"{', '.join(others)} {'does' if len(others) == 1 else 'do'} not have"
            message = f"line {here.line} has {_described(kind, here)} that {lack}: {_advice(kind)}"
        else:
            message = f"{ref} line {there.line} has {_described(kind, there)} that this version lacks: {_advice(kind)}"
        findings.append(Finding(
            kind="markup_mismatch", severity="warning", message=message,
            line=here.line if here else _place(context, version_id, ref, there.line),
            text=here.shown if here else None,
            source=Quote(ref, there.line, there.shown) if there else None,
        ))
    return findings


def _first_difference(ours: str, theirs: str) -> tuple[str, str]:
    """The first line (comments left out) where two code blocks differ, in each."""
    a, b = ours.splitlines(), theirs.splitlines()
    at = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    return (a[at] if at < len(a) else "(end of block)")[:80], (b[at] if at < len(b) else "(end of block)")[:80]


def _described(kind: str, item: _Item) -> str:
    return f"{_WHAT[kind]} {_value(kind, item)}"


def _value(kind: str, item: _Item) -> str:
    if kind in ("list", "table"):
        return item.shown
    if kind == "anchor":
        return f"{{#{item.shown}}}"
    shown = item.shown.splitlines()[0] + (" ..." if "\n" in item.shown else "") if kind == "code_block" else item.shown
    return f'"{shown[:80]}"'


def _advice(kind: str) -> str:
    return {
        "link": "keep the original target, or its localised form (/de/... for /...)",
        "image": "keep the original image path, or its localised form",
        "code": "code stays as the original has it",
        "code_block": "code stays as the original has it (only its comments may be translated)",
        "anchor": "keep the anchor, links to it depend on it",
        "list": "an item was lost or added",
        "table": "a row or column was lost or added",
    }[kind]


def _place(context: Context, version_id: str, ref: str, line: int) -> int | None:
    """Where this version carries the reference's line: the counterpart of the reference's last sentence at or
    before that line."""
    if context.alignment is None:
        return None
    before = [i for i, s in enumerate(context.alignment.sentences[ref]) if s.line <= line]
    if not before:
        return None
    linked = context.alignment.between(ref, version_id).counterparts(before[-1], thresholds("similarity")["link_score"])
    return context.alignment.sentences[version_id][linked[0]].line if linked else None
