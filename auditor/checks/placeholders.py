"""placeholder_mismatch: the placeholders, format specifiers, inline codes, tags and escapes of a target against its
source's (data/placeholders.toml): missing, extra, renamed, reordered where order matters, tags unbalanced; and
brackets and quotes the source pairs and the target leaves unpaired."""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cache

from ..settings import load_data
from . import Pair, Problem


@dataclass(frozen=True)
class Syntax:
    name: str
    pattern: re.Pattern[str]
    strict: re.Pattern[str]
    flags: frozenset[str]
    default: bool
    severity: str
    ignore: bool
    ordered: bool
    positional: re.Pattern[str] | None
    tags: bool
    translatable: frozenset[str]
    within: re.Pattern[str] | None
    counted: bool
    sets_within: re.Pattern[str] | None


@dataclass(frozen=True)
class Token:
    syntax: Syntax
    text: str  # as written
    identity: str  # what must be the same in source and target ("{name}", '<a href="x">')


@cache
def syntaxes() -> tuple[Syntax, ...]:
    found = []
    for table in load_data("placeholders.toml")["syntax"]:
        pattern = re.compile(table["pattern"])
        found.append(Syntax(
            name=table["name"], pattern=pattern, strict=re.compile(table["strict"]) if "strict" in table else pattern,
            flags=frozenset(table.get("flags", ())), default=table.get("default", False),
            severity=table.get("severity", "error"), ignore=table.get("ignore", False),
            ordered=table.get("ordered", False),
            positional=re.compile(table["positional"]) if "positional" in table else None,
            tags=table.get("tags", False), translatable=frozenset(table.get("translatable", ())),
            within=re.compile(table["within"]) if "within" in table else None,
            counted=table.get("counted", True),
            sets_within=re.compile(table["sets_within"]) if "sets_within" in table else None,
        ))
    return tuple(found)


@cache
def _known_flags() -> frozenset[str]:
    return frozenset(f for s in syntaxes() for f in s.flags)


def format_flags(flags: frozenset[str]) -> frozenset[str]:
    """The flags that name a format ("python-format"; not "no-python-format", "fuzzy" or "range: 1..5")."""
    return frozenset(f for f in flags if f.endswith("-format") and not f.startswith("no-"))


def active(flags: frozenset[str]) -> list[tuple[Syntax, re.Pattern[str]]]:
    """The syntaxes a unit is checked with, each with the pattern its flags ask for."""
    named = format_flags(flags)
    if not named:
        return [(s, s.pattern) for s in syntaxes() if s.default]
    return [(s, s.strict) for s in syntaxes() if s.flags & named or (s.default and not s.flags & _known_flags())
            or (s.tags or s.ignore) and s.default]


_SPACE = re.compile(r"\s+")
_ATTRIBUTE = re.compile(r'''([\w:.-]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'<>/=]+))?''')


def _identity(syntax: Syntax, text: str) -> str:
    if not syntax.tags:
        return _SPACE.sub("", text) if text.strip() else text
    closing = text.startswith("</")
    name = re.match(r"</?([\w:.-]+)", text).group(1)
    rest = text[len(name) + (2 if closing else 1):].rstrip(">").rstrip("/")
    kept = [m.group(0) for m in _ATTRIBUTE.finditer(rest) if m.group(1).lower() not in syntax.translatable]
    body = " ".join([name, *kept])
    return f"</{body}>" if closing else f"<{body}{'/' if text.rstrip('>').endswith('/') else ''}>"


def tokens(text: str, flags: frozenset[str]) -> tuple[list[Token], str]:
    """The placeholders of a text in order of appearance, and the text with every match blanked out."""
    found: list[tuple[int, Token]] = []
    original = text
    for syntax, pattern in active(flags):
        if syntax.within is not None and not syntax.within.search(original):
            continue
        for match in pattern.finditer(text):
            if not syntax.ignore:
                found.append((match.start(), Token(syntax, match.group(), _identity(syntax, match.group()))))
        text = pattern.sub(lambda m: " " * len(m.group()), text)
    return [t for _, t in sorted(found, key=lambda p: p[0])], text


def plain(text: str, flags: frozenset[str] = frozenset()) -> str:
    """The words of a text without its placeholders and tags (for language identification and embeddings)."""
    return " ".join(tokens(text, flags)[1].split())


def _listed(items) -> str:
    return ", ".join(f'"{i}"' if i.strip() else repr(i) for i in items)


class Placeholders:
    kind = "placeholder_mismatch"
    severity = "error"

    def check_single(self, source: str, target: str, pair: Pair) -> list[Problem]:
        flags = pair.flags
        ours, theirs = tokens(target, flags)[0], tokens(source, flags)[0]
        problems = []
        for name in dict.fromkeys(t.syntax.name for t in ours + theirs):
            mine = [t for t in ours if t.syntax.name == name]
            wanted = [t for t in theirs if t.syntax.name == name]
            syntax = (mine or wanted)[0].syntax
            counted = syntax.counted and not (syntax.sets_within and (
                syntax.sets_within.search(source) or syntax.sets_within.search(target)))
            problems += self._compare(syntax, mine, wanted, pair, counted)
        return problems

    def _compare(self, syntax: Syntax, mine: list[Token], wanted: list[Token], pair: Pair,
                 counted: bool) -> list[Problem]:
        have, need = Counter(t.identity for t in mine), Counter(t.identity for t in wanted)
        if not counted:
            have, need = Counter(set(have)), Counter(set(need))
        missing, extra = list((need - have).elements()), list((have - need).elements())
        severity = syntax.severity
        problems = []
        shown = {t.identity: t.text for t in mine + wanted}
        if missing and extra and len(missing) == len(extra):
            pairs = ", ".join(f'"{shown[a]}" -> "{shown[b]}"' for a, b in zip(missing, extra))
            problems.append(Problem(f"{syntax.name} renamed: {pairs}", severity))
        else:
            if missing:
                problems.append(Problem(f"{syntax.name} missing: {_listed(shown[m] for m in missing)}"
                                        f"{self._others(pair, missing, syntax)}", severity))
            if extra:
                problems.append(Problem(f"{syntax.name} not in the source: "
                                        f"{_listed(shown[e] for e in extra)}", severity))
        if not missing and not extra and syntax.ordered:
            fixed = [t.identity for t in mine if not (syntax.positional and syntax.positional.match(t.text))]
            expected = [t.identity for t in wanted if not (syntax.positional and syntax.positional.match(t.text))]
            if fixed != expected:
                problems.append(Problem(
                    f"{syntax.name}s reordered: {' '.join(fixed)} where the source has "
                    f"{' '.join(expected)}; number them (%1$s, %2$d) to change their order", severity))
        if syntax.tags and not missing and not extra and _balanced([t.identity for t in wanted]) \
                and not _balanced([t.identity for t in mine]):
            problems.append(Problem(f"tags unbalanced: {' '.join(t.text for t in mine)}", severity))
        return problems

    @staticmethod
    def _others(pair: Pair, missing: list[str], syntax: Syntax) -> str:
        """N-way evidence: how many other translations keep what this one lacks."""
        if not pair.siblings:
            return ""
        keep = sum(all(m in {t.identity for t in tokens(text, pair.flags)[0] if t.syntax is syntax} for m in missing)
                   for text in pair.siblings.values())
        return f" ({keep} of {len(pair.siblings)} other translations keep it)"


def _balanced(tags: list[str]) -> bool:
    stack: list[str] = []
    for tag in tags:
        name = re.match(r"</?([\w:.-]+)", tag).group(1)
        if tag.endswith("/>"):
            continue
        if tag.startswith("</"):
            if not stack or stack.pop() != name:
                return False
        else:
            stack.append(name)
    return not stack


_FULL_WIDTH = frozenset("（）［］｛｝")


@cache
def _bracket_table() -> tuple[dict[str, str], str]:
    table = load_data("placeholders.toml")["brackets"]
    return {pair[0]: pair[1] for pair in table["pairs"]}, table["quotes"]


def unpaired(text: str) -> str | None:
    """The first bracket of a text left unclosed or closed unopened, or a quote mark without its partner. A
    full-width bracket is its ASCII one ("(╯°□°）╯" is paired)."""
    pairs, quotes = _bracket_table()
    text = "".join(unicodedata.normalize("NFKC", ch) if ch in _FULL_WIDTH else ch for ch in text)
    closers = {close: open_ for open_, close in pairs.items()}
    stack: list[str] = []
    for ch in text:
        if ch in pairs:
            stack.append(ch)
        elif ch in closers:
            if not stack or stack[-1] != closers[ch]:
                return ch
            stack.pop()
    if stack:
        return stack[-1]
    marks = [ch for ch in text if ch in quotes]
    return marks[-1] if len(marks) % 2 else None


class Brackets:
    kind = "placeholder_mismatch"
    severity = "warning"

    def check_single(self, source: str, target: str, pair: Pair) -> list[Problem]:
        source_text, target_text = tokens(source, pair.flags)[1], tokens(target, pair.flags)[1]
        if unpaired(source_text) is not None:
            return []
        mark = unpaired(target_text)
        return [Problem(f'unpaired "{mark}": the source pairs its brackets and quotes')] if mark else []
