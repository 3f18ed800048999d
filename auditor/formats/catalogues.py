"""Readers of localisation catalogues: one file -> its units (auditor.model.Unit), with exact line numbers.

gettext PO/POT, JSON (flat, nested, i18next), ARB, YAML (Rails), Java .properties and Apple .strings are read
with translate-toolkit, the library Weblate and Pootle read them with; XLIFF 1.2 and 2.x, TMX and Android
strings.xml with lxml through auditor.formats.safexml, because their inline codes (<x/>, <ph/>, <pc>, <g>) must be
kept as placeholders, which translate-toolkit's plain text drops. translate-toolkit does not keep line numbers;
they are found again in the file's text, unit after unit in file order. The readers only ever read a file.
"""
from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

from lxml import etree

from ..errors import AuditorError
from ..load import decode, read_bytes, split_lines
from ..model import Unit
from .safexml import local_name, parse

PLURAL_CATEGORIES = ("zero", "one", "two", "few", "many", "other")
# XLIFF and TMX inline elements that stand for a code of the original format: shown as one self-closing tag.
_CODE_ELEMENTS = frozenset({"x", "bx", "ex", "ph", "bpt", "ept", "it", "sc", "ec", "sm", "em", "ut"})
_ANNOTATIONS = frozenset({"mrk"})  # markers around translatable text (terms, comments): their text only
_UNFINISHED_XLIFF1 = {"new": "new", "needs-translation": "new", "needs-adaptation": "needs-review",
                      "needs-l10n": "needs-review", "needs-review-adaptation": "needs-review",
                      "needs-review-l10n": "needs-review", "needs-review-translation": "needs-review"}
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True)
class Catalogue:
    """One catalogue file as read: its units and what the file says about its languages."""

    path: Path
    format: str  # gettext, xliff, tmx, json, arb, yaml, android, properties, strings
    units: tuple[Unit, ...]
    lines: tuple[str, ...]
    encoding: str
    source_language: str | None = None  # as the file declares it (XLIFF source-language, TMX srclang)
    language: str | None = None  # the language of its targets, as the file declares it
    bilingual: bool = False  # carries the source text of each unit (PO, XLIFF, TMX)
    template: bool = False  # sources only: a .pot, an XLIFF without targets


# suffix -> format; strings.xml is told by its root element, JSON and YAML by their suffix
SUFFIXES = {".po": "gettext", ".pot": "gettext", ".xlf": "xliff", ".xliff": "xliff", ".tmx": "tmx",
            ".json": "json", ".arb": "arb", ".yml": "yaml", ".yaml": "yaml", ".properties": "properties",
            ".strings": "strings", ".xml": "android"}


def catalogue_format(path: Path) -> str | None:
    return SUFFIXES.get(path.suffix.lower())


def read_catalogues(path: Path) -> list[Catalogue]:
    """The catalogues in one file: one, or one per target language for a TMX file.
    Raises AuditorError("path: reason") for a file that cannot be read (malformed, refused XML, too large)."""
    data = _read_bytes(path)
    fmt = catalogue_format(path)
    if fmt is None:
        raise AuditorError(f"{path}: not a catalogue format this auditor reads")
    decoded = decode(data, path)
    lines = split_lines(decoded.text)
    if fmt == "tmx":
        return _tmx(path, data, lines, decoded.encoding)
    readers: dict[str, Callable[..., Catalogue]] = {
        "gettext": _gettext, "xliff": _xliff, "json": _json, "arb": _json, "yaml": _yaml,
        "properties": _keyed_text, "strings": _keyed_text, "android": _android,
    }
    catalogue = readers[fmt](path, data, decoded.text, fmt)
    return [replace(catalogue, lines=lines, encoding=decoded.encoding)]


def _read_bytes(path: Path) -> bytes:
    data = read_bytes(path)
    if not data.strip():
        raise AuditorError(f"{path}: empty file (no units)")
    return data


def _toolkit(path: Path, parse_store: Callable[[], object]):
    """A translate-toolkit store; its parse errors (of any type: a third-party parser on hostile input) become
    one line."""
    try:
        return parse_store()
    except Exception as exc:  # noqa: BLE001 - every failure of the parser is a malformed file, never a traceback
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise AuditorError(f"{path}: malformed {catalogue_format(path)} file ({reason})") from None


class _Finder:
    """Finds each unit's line in the file's text, moving forward unit by unit (units come in file order)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.breaks = [m.start() for m in re.finditer(r"\r\n|\r|\n", text)]
        self.position = 0

    def line(self, pattern: re.Pattern[str]) -> int | None:
        match = pattern.search(self.text, self.position)
        if not match:
            return None
        self.position = match.end()
        return bisect.bisect_right(self.breaks, match.start(match.lastindex or 0)) + 1


# --- gettext -------------------------------------------------------------------------------------------------

_MSGID = re.compile(r"^(?:#~\s*)?msgid\s", re.MULTILINE)
_MSGSTR = re.compile(r"^(?:#~\s*)?(msgstr)(?:\[0\])?\s", re.MULTILINE)


def _gettext(path: Path, data: bytes, text: str, fmt: str) -> Catalogue:
    from translate.storage import pypo

    store = _toolkit(path, lambda: pypo.pofile.parsestring(data))
    finder = _Finder(text)
    units = []
    for unit in store.units:
        finder.line(_MSGID)
        line = finder.line(_MSGSTR)
        if unit.isheader():
            continue
        flags = tuple(f.strip() for comment in unit.typecomments for f in comment.lstrip("#,").split(",") if f.strip())
        source_forms = tuple(unit.source.strings) if unit.hasplural() else ()
        target_forms = tuple(unit.target.strings) if unit.hasplural() and unit.target else ()
        state = "obsolete" if unit.isobsolete() else "fuzzy" if unit.isfuzzy() and unit.target else None
        context = unit.getcontext()
        units.append(Unit(
            key=f"{context}|{unit.source.strings[0] if unit.hasplural() else unit.source}" if context
            else str(source_forms[0] if source_forms else unit.source),
            line=line,
            target=str(target_forms[-1] if target_forms else unit.target or ""),
            source=str(source_forms[0] if source_forms else unit.source),
            flags=tuple(f for f in flags if f != "fuzzy"),
            notes=tuple(n for n in (unit.getnotes("developer"), unit.getnotes("translator")) if n),
            state=state,
            plurals=tuple((str(i), str(form)) for i, form in enumerate(target_forms)),
            source_plurals=tuple(str(form) for form in source_forms),
        ))
    header = store.parseheader()
    language = (header.get("Language") or "").strip() or None
    declared = re.search(r"nplurals\s*=\s*(\d+)", header.get("Plural-Forms", ""))
    plural_count = int(declared.group(1)) if declared else None
    units = [replace(u, plural_count=plural_count) if u.source_plurals else u for u in units]
    return Catalogue(path, fmt, tuple(units), (), "utf-8", language=language, bilingual=True,
                     template=path.suffix.lower() == ".pot")


# --- XML catalogues ------------------------------------------------------------------------------------------

def inline_text(element: etree._Element, code_attributes: tuple[str, ...] = ("id",)) -> str:
    """The text of an XLIFF, TMX or Android element with its inline markup written as tags: codes (<x/>, <ph/>,
    <bpt/>) as one self-closing tag with their id, paired elements (<g>, <pc>, <b>) around their text, markers
    (<mrk>) as their text alone; a <cp hex> as its character."""
    parts = [element.text or ""]
    for child in element:
        name = local_name(child)
        ident = "".join(f' {a}="{child.get(a)}"' for a in code_attributes if child.get(a) is not None)
        if not name:
            pass  # a comment or processing instruction
        elif name == "cp" and child.get("hex"):
            parts.append(_code_point(child.get("hex")))
        elif name in _CODE_ELEMENTS:
            parts.append(f"<{name}{ident}/>")
        elif name in _ANNOTATIONS:
            parts.append(inline_text(child, code_attributes))
        else:
            parts.append(f"<{name}{ident}>{inline_text(child, code_attributes)}</{name}>")
        parts.append(child.tail or "")
    return "".join(parts)


def _code_point(hex_digits: str) -> str:
    try:
        return chr(int(hex_digits, 16))
    except (ValueError, OverflowError):
        return ""


def _children(element: etree._Element, name: str) -> list[etree._Element]:
    return [child for child in element if local_name(child) == name]


def _child(element: etree._Element, name: str) -> etree._Element | None:
    return next(iter(_children(element, name)), None)


def _xliff(path: Path, data: bytes, text: str, fmt: str) -> Catalogue:
    root = parse(data, str(path))
    if local_name(root) != "xliff":
        raise AuditorError(f"{path}: not XLIFF (its root element is <{local_name(root)}>)")
    if (root.get("version") or "1.2").startswith("2"):
        return _xliff2(path, root, fmt)
    files = _children(root, "file")
    units = []
    for file in files:
        prefix = f"{file.get('original')}/" if len(files) > 1 and file.get("original") else ""
        for unit in (u for u in file.iter() if local_name(u) == "trans-unit"):
            if unit.get("translate") == "no":
                continue
            source, target = _child(unit, "source"), _child(unit, "target")
            state = _UNFINISHED_XLIFF1.get(target.get("state", "")) if target is not None else None
            units.append(Unit(
                key=prefix + (unit.get("id") or unit.get("resname") or ""),
                line=(target if target is not None else unit).sourceline,
                target="" if target is None else inline_text(target),
                source="" if source is None else inline_text(source),
                notes=tuple(n.text.strip() for n in _children(unit, "note") if n.text and n.text.strip()),
                state=state,
            ))
    first = files[0] if files else root
    return Catalogue(path, fmt, tuple(units), (), "utf-8", source_language=first.get("source-language"),
                     language=first.get("target-language"), bilingual=True,
                     template=bool(units) and all(_child(u, "target") is None
                                                 for u in root.iter() if local_name(u) == "trans-unit"))


def _xliff2(path: Path, root: etree._Element, fmt: str) -> Catalogue:
    units = []
    has_target = False
    for unit in (u for u in root.iter() if local_name(u) == "unit"):
        if unit.get("translate") == "no":
            continue
        pieces = [p for p in unit if local_name(p) in ("segment", "ignorable")]
        sources = [_child(p, "source") for p in pieces]
        targets = [_child(p, "target") for p in pieces]
        has_target |= any(t is not None for t in targets)
        states = {p.get("state", "initial") for p in pieces if local_name(p) == "segment"}
        first_target = next((t for t in targets if t is not None), None)
        notes = [n for group in _children(unit, "notes") for n in _children(group, "note")]
        untranslated = all(t is None for t in targets)
        units.append(Unit(
            key=unit.get("id") or unit.get("name") or "",
            line=(first_target if first_target is not None else unit).sourceline,
            target="" if untranslated else _joined(inline_text(t) for t in targets if t is not None),
            source=_joined(inline_text(s) for s in sources if s is not None),
            notes=tuple(n.text.strip() for n in notes if n.text and n.text.strip()),
            state="new" if states == {"initial"} and not untranslated else None,
        ))
    return Catalogue(path, fmt, tuple(units), (), "utf-8", source_language=root.get("srcLang"),
                     language=root.get("trgLang"), bilingual=True, template=bool(units) and not has_target)


def _joined(segments) -> str:
    """The segments of an XLIFF 2 unit as one text; a space between two that no <ignorable> separates."""
    text = ""
    for segment in segments:
        text += " " + segment if text and not text[-1].isspace() and segment[:1] and not segment[0].isspace() else segment
    return text


def _tmx(path: Path, data: bytes, lines: tuple[str, ...], encoding: str) -> list[Catalogue]:
    """One catalogue per language other than the source (the header's srclang, else each unit's first)."""
    root = parse(data, str(path))
    if local_name(root) != "tmx":
        raise AuditorError(f"{path}: not TMX (its root element is <{local_name(root)}>)")
    header = _child(root, "header")
    declared = header.get("srclang") if header is not None else None
    declared = None if declared in (None, "*all*") else declared
    by_language: dict[str, list[Unit]] = {}
    source_language = declared
    for number, tu in enumerate((u for u in root.iter() if local_name(u) == "tu"), start=1):
        variants = {}
        for tuv in _children(tu, "tuv"):
            language = tuv.get(_XML_LANG) or tuv.get("lang")
            segment = _child(tuv, "seg")
            if language and segment is not None:
                variants[language] = segment
        if not variants:
            continue
        source_language = source_language or next(iter(variants))
        source = _find_language(variants, source_language)
        if source is None:
            continue
        for language, segment in variants.items():
            if segment is source:
                continue
            by_language.setdefault(language, []).append(Unit(
                key=tu.get("tuid") or str(number), line=segment.sourceline,
                target=inline_text(segment, ("x", "i", "type")), source=inline_text(source, ("x", "i", "type")),
                notes=tuple(n.text.strip() for n in _children(tu, "note") if n.text and n.text.strip()),
            ))
    if not by_language:
        raise AuditorError(f"{path}: no translation units with a source and a target")
    return [Catalogue(path, "tmx", tuple(units), lines, encoding, source_language=source_language, language=language,
                      bilingual=True) for language, units in by_language.items()]


def _find_language(variants: dict, language: str):
    """The segment in ``language``, matching "en" to "en-US" and case-insensitively."""
    wanted = language.lower()
    exact = next((s for code, s in variants.items() if code.lower() == wanted), None)
    if exact is not None:
        return exact
    return next((s for code, s in variants.items() if code.lower().split("-")[0] == wanted.split("-")[0]), None)


_ANDROID_ESCAPES = re.compile(r"\\(u[0-9a-fA-F]{4}|.)")


def android_text(text: str) -> str:
    """An Android string resource's text as the app shows it: enclosing quotes dropped, escapes read."""
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        text = text[1:-1]
    named = {"n": "\n", "t": "\t"}
    return _ANDROID_ESCAPES.sub(lambda m: chr(int(m.group(1)[1:], 16)) if len(m.group(1)) == 5
                                else named.get(m.group(1), m.group(1)), text)


def _android(path: Path, data: bytes, text: str, fmt: str) -> Catalogue:
    root = parse(data, str(path))
    if local_name(root) != "resources":
        raise AuditorError(f"{path}: not an Android string resource file (its root element is <{local_name(root)}>)")
    units = []
    for element in root:
        name, kind = element.get("name"), local_name(element)
        if not name or element.get("translatable") == "false":
            continue
        if kind == "string":
            units.append(Unit(key=name, line=element.sourceline, target=android_text(inline_text(element, ()))))
        elif kind == "plurals":
            items = [(i.get("quantity") or "other", android_text(inline_text(i, ()))) for i in _children(element, "item")]
            if items:
                units.append(Unit(key=name, line=element.sourceline, target=dict(items).get("other", items[-1][1]),
                                  plurals=tuple(items)))
        elif kind == "string-array":
            units += [Unit(key=f"{name}[{i}]", line=item.sourceline, target=android_text(inline_text(item, ())))
                      for i, item in enumerate(_children(element, "item"))]
    return Catalogue(path, fmt, tuple(units), (), "utf-8")


# --- key-value catalogues ------------------------------------------------------------------------------------

def _json(path: Path, data: bytes, text: str, fmt: str) -> Catalogue:
    from translate.storage import jsonl10n

    store_class = jsonl10n.ARBJsonFile if fmt == "arb" else jsonl10n.JsonNestedFile
    store = _toolkit(path, lambda: store_class.parsestring(data))
    finder = _Finder(text)
    pairs = []
    for unit in store.units:
        parts = [str(value) for _, value in unit.get_unitid().parts]
        if not parts or parts[-1].startswith("@"):
            continue  # ARB metadata (@key, @@locale)
        key_pattern = re.compile(rf"({re.escape(json.dumps(parts[-1], ensure_ascii=False))})\s*:")
        notes = (unit.getnotes(),) if unit.getnotes() else ()
        pairs.append((parts, Unit(key=".".join(parts), line=finder.line(key_pattern), target=str(unit.target or ""),
                                  notes=notes)))
    locale = _arb_locale(data) if fmt == "arb" else None
    return Catalogue(path, fmt, tuple(group_plurals(pairs, "suffix")), (), "utf-8", language=locale)


def _arb_locale(data: bytes) -> str | None:
    try:
        value = json.loads(data).get("@@locale")
    except (ValueError, AttributeError):
        return None
    return value if isinstance(value, str) else None


def _yaml(path: Path, data: bytes, text: str, fmt: str) -> Catalogue:
    """Rails style: a single top-level key that is the file's language code (de: ...) is the language, not a key."""
    from translate.storage import yaml as toolkit_yaml

    store = _toolkit(path, lambda: toolkit_yaml.YAMLFile.parsestring(data))
    finder = _Finder(text)
    keyed = [([str(v) for _, v in unit.get_unitid().parts], unit) for unit in store.units]
    roots = {parts[0] for parts, _ in keyed if len(parts) > 1}
    language = None
    if len(roots) == 1 and all(len(parts) > 1 for parts, _ in keyed) and _looks_like_language(next(iter(roots))):
        language = next(iter(roots))
    pairs = []
    for parts, unit in keyed:
        key_pattern = re.compile(rf"(?:^|[\s{{,-])(['\"]?{re.escape(parts[-1])}['\"]?)\s*:", re.MULTILINE)
        line = finder.line(key_pattern)
        parts = parts[1:] if language else parts
        pairs.append((parts, Unit(key=".".join(parts), line=line, target=str(unit.target or ""))))
    return Catalogue(path, fmt, tuple(group_plurals(pairs, "child")), (), "utf-8", language=language)


_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")


def _looks_like_language(text: str) -> bool:
    return bool(_LANGUAGE_CODE.match(text))


def _keyed_text(path: Path, data: bytes, text: str, fmt: str) -> Catalogue:
    """Java .properties and Apple .strings: key = value lines."""
    from translate.storage import properties

    utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
    if fmt == "strings":
        store_class = properties.stringsfile if utf16 else properties.stringsutf8file
        pattern = lambda key: re.compile(rf'("{re.escape(key)}"|\b{re.escape(key)}\b)\s*=')  # noqa: E731
    else:
        store_class = properties.javautf16file if utf16 else properties.javautf8file
        pattern = lambda key: re.compile(rf"^[ \t]*({re.escape(key)})[ \t]*[=:\s]", re.MULTILINE)  # noqa: E731
    store = _toolkit(path, lambda: store_class.parsestring(data))
    finder = _Finder(text)
    units = [Unit(key=u.getid(), line=finder.line(pattern(u.getid())), target=str(u.source or ""),
                  notes=(u.getnotes(),) if u.getnotes() else ())
             for u in store.units if u.getid()]
    return Catalogue(path, fmt, tuple(units), (), "utf-8")


def group_plurals(pairs: list[tuple[list[str], Unit]], style: str) -> list[Unit]:
    """Units whose keys are the plural forms of one string, as one unit with its forms: i18next writes them as
    key suffixes (items_one, items_other; before v4 items and items_plural; "suffix"), Rails as child keys
    (apples.one, apples.other; "child").
    A group is one only when it has an "other" form or two forms (Polish needs one, few and many), and, for child
    keys, nothing else under its name."""
    singular_of_v3 = {u.key.removesuffix("_plural") for _, u in pairs if style == "suffix" and u.key.endswith("_plural")}

    def split(parts: list[str]) -> tuple[str, str] | None:
        if style == "child" and len(parts) > 1 and parts[-1] in PLURAL_CATEGORIES:
            return ".".join(parts[:-1]), parts[-1]
        if style == "suffix":
            base, _, category = parts[-1].rpartition("_")
            if base and category in PLURAL_CATEGORIES:
                return ".".join([*parts[:-1], base]), category
            if base and category == "plural":  # i18next before v4: key (one), key_plural (other)
                return ".".join([*parts[:-1], base]), "other"
            if ".".join(parts) in singular_of_v3:
                return ".".join(parts), "one"
        return None

    forms: dict[str, list[tuple[str, Unit]]] = {}
    for parts, unit in pairs:
        if found := split(parts):
            forms.setdefault(found[0], []).append((found[1], unit))
    keys = {unit.key for _, unit in pairs}
    groups = {base: group for base, group in forms.items()
              if (any(c == "other" for c, _ in group) or len(group) > 1) and (style == "suffix" or not any(
                  k.startswith(base + ".") and k.rpartition(".")[2] not in PLURAL_CATEGORIES for k in keys))}
    units, done = [], set()
    for parts, unit in pairs:
        found = split(parts)
        if not found or found[0] not in groups:
            units.append(unit)
        elif found[0] not in done:
            done.add(found[0])
            group = groups[found[0]]
            units.append(replace(unit, key=found[0], target=dict(group).get("other", group[-1][1]).target,
                                 plurals=tuple((c, u.target) for c, u in group)))
    return units
