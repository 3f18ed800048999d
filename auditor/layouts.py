"""Stage 1a, discover: the files under a folder -> families of pages, by the layout a translated site keeps them in.

A layout is a list of patterns over the paths below a root folder (``data/layouts.toml``): ``{lang}`` is a language
code (``de``, ``pt-BR``, ``zh_Hans``), ``{path}`` the rest of the path, the same in every version of a page; a pattern
without ``{lang}`` is the place of the source language's page (``docs/{path}`` against
``i18n/{lang}/docusaurus-plugin-content-docs/current/{path}``). Discovery tries the layouts in the table's order
(Docusaurus, gettext, locale folders, language suffixes, language-named catalogues) and keeps each where it fits;
``LayoutSettings.patterns`` (``--layout``, ``layout =`` in the config) replace them. Every page a layout places
belongs to the family of its ``{path}``; a page the source language has and a language of the layout lacks is a
*missing* page (the caller reports it), a page without the source language's version gets a note.

Interface (kept stable for the readers of every format)::

    discover(root, kinds, settings) -> Discovery | None
        root      the folder the user gave
        kinds     {suffix: kind} for every suffix a registered reader takes (".md": "text", ".po": "catalogue")
        settings  LayoutSettings(patterns, source_language, ignore)
    None when no layout fits: the caller keeps the folder-of-versions layout (a folder of version files).
    Discovery.families   PageFamily(id, layout, pages, missing, source, notes), sorted by id
    Page(path, key, code, language)   code as the tree writes it ("pt-BR"; None for a source page whose language
                                      nothing names), language the code for language identification ("pt")
    Discovery.unplaced   files that a reader takes and no layout placed (they are not audited)

How a new format plugs in: register its reader in ``auditor.formats`` with the suffixes it reads and the kind of
units it gives; discovery then walks those files too and nothing here changes. A layout that only catalogues use
(``locales/de.json``) says ``kinds = ["catalogue"]`` in layouts.toml. Nothing here reads a file's contents, except
the site configuration files that name a source language (``[[site]]`` in layouts.toml).
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path, PurePosixPath
from typing import Mapping

from .config import path_matches
from .errors import AuditorError
from .settings import load_data

_PLACEHOLDER = re.compile(r"\{(\w*)\}")
_PART_PATTERNS = {"path": r".+", "ext": r"[^./]+"}  # any other {name}: one folder or file name
# a script or region: zh-Hans, pt_BR, es-419, and Android's region folders (values-pt-rBR)
_SUBTAG = r"(?:[-_](?:[A-Za-z]{4}|[A-Za-z]{2}|\d{3}|r[A-Z]{2}))"


@dataclass(frozen=True)
class LayoutSettings:
    patterns: tuple[str, ...] = ()  # --layout: replaces the layouts of data/layouts.toml
    source_language: str | None = None  # --source-language: the language of each family's source page
    ignore: tuple[str, ...] = ()  # path globs (config.path_matches) left out


@dataclass(frozen=True)
class Page:
    path: Path  # the file (or, for a missing page, where the layout expects it)
    key: str  # the page's place in the site with the language taken out: the family id ("docs/guide.md")
    code: str | None  # the language code as the tree writes it; None: the source page of an unnamed language
    language: str | None  # the code language identification knows ("pt" for pt-BR); None where code is None


@dataclass(frozen=True)
class PageFamily:
    id: str
    layout: str  # which layout and where: "locale folders (docs/{lang}/{path}, docs/{path})"
    pages: tuple[Page, ...]
    missing: tuple[Page, ...] = ()  # pages of the layout's languages that the source has and the tree lacks
    source: Page | None = None  # the source language's page, where the layout or the settings say which
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Discovery:
    families: tuple[PageFamily, ...]
    unplaced: tuple[Path, ...] = ()
    notes: tuple[str, ...] = ()  # folders that could not be listed


@dataclass(frozen=True)
class Pattern:
    text: str
    regex: re.Pattern[str]

    @property
    def tagged(self) -> bool:
        return "{lang}" in self.text

    def match(self, relative: str) -> dict[str, str] | None:
        found = self.regex.fullmatch(relative)
        return found.groupdict() if found else None

    def fill(self, parts: Mapping[str, str], code: str | None = None) -> str:
        return _PLACEHOLDER.sub(lambda m: code if m.group(1) == "lang" else parts[m.group(1)], self.text)

    def family_name(self, parts: Mapping[str, str]) -> str:
        """The pattern filled, with the language taken out: docs/{lang}/{path} -> docs/guide.md; a pattern that is
        all language (po/{lang}.po) keeps a * in its place."""
        if "{path}" not in self.text:
            return self.fill(parts, "*")
        bare = re.sub(r"\{lang\}[/._-]|[._-]\{lang\}|\{lang\}", "", self.text, count=1)
        return _PLACEHOLDER.sub(lambda m: parts[m.group(1)], bare)


@dataclass(frozen=True)
class Layout:
    name: str
    patterns: tuple[Pattern, ...]
    kinds: tuple[str, ...] = ()  # empty: every kind


def compile_pattern(text: str) -> Pattern:
    """``content/{lang}/{path}`` -> a Pattern. Raises AuditorError for a pattern that cannot tell pages apart."""
    names = _PLACEHOLDER.findall(text)
    if not names:
        raise AuditorError(f"layout {text!r}: needs {{lang}} and {{path}}, as in content/{{lang}}/{{path}}")
    if "" in names or len(set(names)) < len(names):
        raise AuditorError(f"layout {text!r}: each placeholder ({{lang}}, {{path}}, {{name}}) may stand once")
    if text.startswith("/") or "\\" in text:
        raise AuditorError(f"layout {text!r}: a path relative to the audited folder, with / between folders")
    regex, last = [], 0
    for match in _PLACEHOLDER.finditer(text):
        regex.append(re.escape(text[last:match.start()]))
        name = match.group(1)
        regex.append(f"(?P<lang>{_code_pattern()})" if name == "lang" else f"(?P<{name}>{_PART_PATTERNS.get(name, r'[^/]+')})")
        last = match.end()
    regex.append(re.escape(text[last:]))
    return Pattern(text, re.compile("".join(regex)))


def discover(root: Path, kinds: Mapping[str, str], settings: LayoutSettings = LayoutSettings()) -> Discovery | None:
    """The families of the pages under ``root`` (see the module's docstring); None when no layout fits."""
    problems: list[str] = []
    files = _walk(root, kinds, settings.ignore, problems)
    layouts = [_given_layout(settings.patterns)] if settings.patterns else _layouts()
    unplaced = dict(files)  # relative path -> kind
    families: list[PageFamily] = []
    for layout in layouts:
        for base in _roots(layout, unplaced):
            found = _place(layout, base, {r: k for r, k in unplaced.items() if r.startswith(base)})
            if found:
                families += _families(layout, root, base, found, settings.source_language)
                for placed in found.values():
                    for relative in placed.values():
                        unplaced.pop(relative)
    if not families:
        return None
    ids = [f.id for f in families]
    clash = next((i for i in ids if ids.count(i) > 1), None)
    if clash:
        raise AuditorError(f"{root}: two layouts place pages as {clash!r}; give --layout to say which")
    return Discovery(
        tuple(sorted(families, key=lambda f: f.id)), tuple(root / r for r in sorted(unplaced)), tuple(problems)
    )


def _given_layout(patterns: tuple[str, ...]) -> Layout:
    compiled = tuple(compile_pattern(p) for p in patterns)
    if not any(p.tagged for p in compiled):
        raise AuditorError(f"layout {patterns[0]!r}: needs {{lang}} where the language code stands, as in content/{{lang}}/{{path}}")
    return Layout("--layout", compiled)


def language_code(text: str) -> str | None:
    """The code language identification knows for a code a site writes (pt_BR -> pt, fil -> tl); None when it is
    not a language code."""
    if not re.fullmatch(_code_pattern(), text):
        return None
    primary = re.split(r"[-_]", text)[0].lower()
    return load_data("layouts.toml")["languages"]["identify_as"].get(primary, primary)


def same_language(a: str, b: str) -> bool:
    """pt-BR and pt_br are one code; pt and pt-BR are not."""
    return a.replace("_", "-").casefold() == b.replace("_", "-").casefold()


@cache
def _code_pattern() -> str:
    codes = sorted(load_data("layouts.toml")["languages"]["codes"], key=len, reverse=True)
    return f"(?i:{'|'.join(codes)}){_SUBTAG}?{_SUBTAG}?"


@cache
def _layouts() -> list[Layout]:
    return [
        Layout(entry["name"], tuple(compile_pattern(p) for p in entry["patterns"]), tuple(entry.get("kinds", ())))
        for entry in load_data("layouts.toml")["layout"]
    ]


def _walk(root: Path, kinds: Mapping[str, str], ignore: tuple[str, ...], problems: list[str]) -> dict[str, str]:
    """Relative POSIX path -> kind for every file under root that a reader takes; hidden files and folders, the
    [walk] skip_folders and ``ignore`` matches left out. Symbolic links to folders are not followed."""
    skip = set(load_data("layouts.toml")["walk"]["skip_folders"])
    found: dict[str, str] = {}

    def unlistable(exc: OSError) -> None:
        problems.append(f"skipped {exc.filename}: cannot list it ({(exc.strerror or str(exc)).lower()})")

    for folder, subfolders, names in os.walk(root, onerror=unlistable):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith(".") and d not in skip)
        for name in names:
            kind = kinds.get(PurePosixPath(name).suffix.lower())
            path = Path(folder) / name
            if kind and not name.startswith(".") and not any(path_matches(path, p) for p in ignore):
                found[path.relative_to(root).as_posix()] = kind
    return found


def _roots(layout: Layout, files: Mapping[str, str]) -> list[str]:
    """Where the layout may be rooted ("" or "folder/"), shallowest first. A pattern that starts with {path} has
    one root: the folder that holds all the files its tagged pattern matches."""
    roots: set[str] = set()
    for pattern in (p for p in layout.patterns if p.tagged):
        matching = [r for r, kind in files.items() if not layout.kinds or kind in layout.kinds]
        if pattern.text.startswith("{path}"):
            tagged = [r for r in matching if pattern.match(r)]
            if tagged:
                roots.add(_common_folder(tagged))
            continue
        for relative in matching:
            starts = [0] + [i + 1 for i, ch in enumerate(relative) if ch == "/"]
            roots.update(relative[:s] for s in starts if pattern.match(relative[s:]))
    return sorted(roots, key=lambda r: (r.count("/"), r))


def _common_folder(paths: list[str]) -> str:
    folders = [PurePosixPath(p).parent.parts for p in paths]
    common = []
    for parts in zip(*folders):
        if len(set(parts)) > 1:
            break
        common.append(parts[0])
    return "".join(f"{part}/" for part in common)


# A placement: a page's parts (the sorted items of its pattern groups but lang) -> {code, None for the source's
# untagged place: relative path}
_Placed = dict[tuple, dict]


def _place(layout: Layout, base: str, files: Mapping[str, str]) -> _Placed:
    """The pages the layout places at ``base``, or {} when it does not fit there. A code is a language of the layout
    when at least [walk] min_shared_pages of its pages have a version in another code or in the untagged place
    (a translation's pages are pages of the source); any other (docs/ts/ for TypeScript, mk/README.md) is read as
    an ordinary folder or name."""
    tagged: dict[str, dict[tuple, str]] = {}  # code -> parts -> relative path
    plain: dict[tuple, str] = {}  # parts of the first untagged pattern that matches -> relative path
    for relative, kind in sorted(files.items()):
        if layout.kinds and kind not in layout.kinds:
            continue
        inner = relative[len(base):]
        tag = _first_match(layout, inner, tagged=True)
        if tag is not None:
            code = tag.pop("lang")
            tagged.setdefault(code, {}).setdefault(_parts_key(tag), relative)
        untag = _first_match(layout, inner, tagged=False)
        if untag is not None:
            plain.setdefault(_parts_key(untag), relative)
    tagged_files = {r for pages in tagged.values() for r in pages.values()}
    plain_only = {k for k, r in plain.items() if r not in tagged_files}
    share = load_data("layouts.toml")["walk"]["min_shared_pages"]
    shared = [
        code for code, pages in sorted(tagged.items())
        if sum(k in plain_only or any(k in other for c, other in tagged.items() if c != code) for k in pages)
        >= max(1, share * len(pages))
    ]
    placed: _Placed = {}
    for code in shared:
        for key, relative in tagged[code].items():
            placed.setdefault(key, {})[code] = relative
    kept = {r for pages in placed.values() for r in pages.values()}
    loose = {k: r for k, r in plain.items() if r not in kept}
    if any(not p.tagged and p.text.startswith("{path}") for p in layout.patterns):  # no folder marks the source
        loose = _translated_folders(loose, placed, share)
    if placed and any(k in placed for k in loose):  # the untagged place holds the source only where it shares pages
        for key, relative in loose.items():
            placed.setdefault(key, {})[None] = relative
    return placed


def _translated_folders(loose: dict[tuple, str], placed: _Placed, share: float) -> dict[tuple, str]:
    """Where no folder marks the source's place (language suffixes, a docs root beside its language folders): the
    untagged files that have a translation, and those of the folders where at least ``share`` of them have one
    (README.md beside README.de.md makes no page of CHANGELOG.md and CONTRIBUTING.md)."""
    folders: dict[PurePosixPath, list[bool]] = {}
    for key, relative in loose.items():
        folders.setdefault(PurePosixPath(relative).parent, []).append(key in placed)
    kept = {folder for folder, shared in folders.items() if sum(shared) >= max(1, share * len(shared))}
    return {k: r for k, r in loose.items() if k in placed or PurePosixPath(r).parent in kept}


def _first_match(layout: Layout, inner: str, tagged: bool) -> dict[str, str] | None:
    return next((parts for p in layout.patterns if p.tagged == tagged and (parts := p.match(inner)) is not None), None)


def _parts_key(parts: Mapping[str, str]) -> tuple:
    return tuple(sorted(parts.items()))


def _families(layout: Layout, root: Path, base: str, placed: _Placed, source_language: str | None) -> list[PageFamily]:
    """The placed pages as families: ids, the source page, missing pages and the notes that say how."""
    codes = sorted({c for pages in placed.values() for c in pages if c is not None})
    site, site_language = _site_language(root / base, root)
    named = _as_written(source_language or site_language, codes)
    untagged = any(None in pages for pages in placed.values())
    reference = named if named and not untagged else None  # the code the source page has, when it is tagged
    if not named and not untagged:  # nothing says which language is the source: the one with the most pages
        counts = sorted(((sum(c in pages for pages in placed.values()), c) for c in codes), reverse=True)
        reference = counts[0][1] if len(counts) == 1 or counts[0][0] > counts[1][0] else None
    used = [p for p in layout.patterns if p.tagged or untagged]
    description = f"{layout.name} ({', '.join(base + p.text for p in used)})"
    said = _how_the_source_is_known(named, source_language, site, untagged, reference)
    tagged = next(p for p in used if p.tagged)
    naming = next((p for p in used if not p.tagged), tagged)
    families = []
    for key, pages in sorted(placed.items()):
        parts = dict(key)
        family_id = base + naming.family_name(parts)
        built = {code: _page(root / pages[code], family_id, code, named, pages) for code in sorted(pages, key=_code_order)}
        source = built.get(None) if untagged else next((p for c, p in built.items() if c and _same(c, reference)), None)
        notes = [f"layout: {description}; {said}"]
        missing: list[Page] = []
        if (untagged or reference) and source is None:
            have = ", ".join(c for c in pages if c)
            notes.append(f"only in {have}: the source language has no such page")
        elif source is not None:
            missing = [
                Page(root / (base + tagged.fill(parts, code)), family_id, code, language_code(code))
                for code in codes if code not in pages and not _same(code, source.code)
            ]
        declared = source if (named or untagged) else None
        families.append(PageFamily(family_id, description, tuple(built.values()), tuple(missing), declared, tuple(notes)))
    return families


def _as_written(code: str | None, codes: list[str]) -> str | None:
    """The layout's code for a language named elsewhere: itself, or the one code with its language (en for
    en-US) when the layout has no code written the same."""
    if code is None or any(_same(code, c) for c in codes):
        return code
    kin = [c for c in codes if language_code(c) == language_code(code)]
    return kin[0] if len(kin) == 1 else code


def _code_order(code: str | None) -> tuple[bool, str]:
    return code is not None, code or ""


def _same(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and same_language(a, b)


def _page(path: Path, family_id: str, code: str | None, named: str | None, pages: Mapping) -> Page:
    """A placed page; the untagged page is in the named source language, unless a tagged page has that code."""
    if code is None and named and not any(_same(c, named) for c in pages):
        code = named
    return Page(path, family_id, code, language_code(code) if code else None)


def _how_the_source_is_known(named: str | None, given: str | None, site: str | None, untagged: bool,
                             reference: str | None) -> str:
    if given:
        return f"source language {given} (--source-language)"
    if named:
        return f"source language {named} (from {site})"
    if untagged:
        return "the page outside the language folders or without a language suffix is the source"
    if reference:
        return f"no source language named: pages missing in a language are those that {reference}, which has most pages, has"
    return "no source language named (--source-language): pages missing in a language are not reported"


def _site_language(folder: Path, root: Path) -> tuple[str | None, str | None]:
    """The site tool whose configuration lies in ``folder`` or above it (up to the repository's top), and the
    source language it names: ("Docusaurus", "en"), (None, None) when no configuration names one."""
    for place in (folder, *folder.parents):
        for site in load_data("layouts.toml")["site"]:
            for name in site["files"]:
                config = place / name
                try:
                    text = config.read_text(encoding="utf-8", errors="replace") if config.is_file() else None
                except OSError:
                    text = None
                found = re.search(site["source_language"], text) if text else None
                code = next((g for g in found.groups() if g), None) if found else None
                if code and language_code(code):
                    return os.path.relpath(config, root), code
        if (place / ".git").exists():
            break
    return None, None
