"""Stage 1 for localisation catalogues: files -> families of catalogue versions (one family per catalogue, one
version per language), each version carrying its units (auditor.formats.catalogues).

Where the files lie is found by the layouts of auditor/layouts.py (data/layouts.toml): a gettext tree
(locale/<lang>/LC_MESSAGES/<domain>.po beside <domain>.pot), XLIFF files of one project (messages.<lang>.xlf beside
messages.xlf), JSON and YAML catalogues in locale folders or with language suffixes (locales/de/translation.json,
de.json, config/locales/de.yml), Android values-<lang>/ folders, Apple <lang>.lproj/ folders, Java and ARB
underscore suffixes (messages_de.properties, app_de.arb). The source version is the layout's untagged file (a .pot,
messages.xlf, values/strings.xml), the source language's file (--source-language), or, for bilingual files, the
sources the files themselves carry. A bilingual file (PO, XLIFF, TMX) that no layout places is a family of its own:
its source and its target(s).
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from .errors import AuditorError
from .formats.catalogues import SUFFIXES, Catalogue, read_catalogues
from .layouts import LayoutSettings, Page, PageFamily, discover, language_code
from .model import Family, Unit, Version

BILINGUAL = frozenset({".po", ".pot", ".xlf", ".xliff", ".tmx"})
# TMX files are multilingual on their own: no layout places them.
_PLACED_SUFFIXES = {suffix: "catalogue" for suffix in SUFFIXES if suffix != ".tmx"}


def is_catalogue_file(path: Path) -> bool:
    return path.suffix.lower() in SUFFIXES


def catalogue_families(root: Path, settings: LayoutSettings) -> list[Family]:
    """The catalogue families under a folder: those a layout places, then each bilingual file no layout places."""
    found = discover(root, _PLACED_SUFFIXES, settings)
    unplaced = list(found.unplaced) if found else _bilingual_files(root, settings)
    templates = [p for p in unplaced if p.suffix.lower() == ".pot"]
    present = {(page.path.parent, page.code) for f in found.families for page in f.pages} if found else set()
    families = [_placed_family(f, settings, templates, present) for f in found.families] if found else []
    attached = {Path(v.path) for f in families for v in f.versions}
    families += [lone_family(p) for p in unplaced
                 if p.suffix.lower() in BILINGUAL and p not in attached]
    return families


def _bilingual_files(root: Path, settings: LayoutSettings) -> list[Path]:
    from .config import path_matches

    return sorted(p for p in root.rglob("*") if p.suffix.lower() in BILINGUAL and p.is_file()
                  and not any(part.startswith(".") for part in p.relative_to(root).parts)
                  and not any(path_matches(p, pattern) for pattern in settings.ignore))


def files_family(paths: list[Path]) -> list[Family]:
    """Catalogue files given one by one: each bilingual file is a family; monolingual files together are one
    family, their languages told by their names (de.json, messages_de.properties) or their content."""
    families = [lone_family(p) for p in paths if p.suffix.lower() in BILINGUAL]
    keyed = [p for p in paths if p.suffix.lower() not in BILINGUAL]
    if keyed:
        pages = [Page(p, p.name, code, language_code(code) if code else None) for p in keyed
                 for code in [_code_in_name(p)]]
        families.append(_placed_family(PageFamily(keyed[0].parent.resolve().name, "files given", tuple(pages)),
                                       LayoutSettings(), []))
    return families


def _code_in_name(path: Path) -> str | None:
    """de.json -> de; messages.de.xlf, messages_de.properties -> de; strings.xml in values-fr/ -> fr."""
    stem = path.stem
    candidates = [stem, stem.rpartition(".")[2], stem.rpartition("_")[2], stem.rpartition("-")[2],
                  path.parent.name.removeprefix("values-").removesuffix(".lproj")]
    return next((c for c in candidates if c and language_code(c)), None)


def lone_family(path: Path) -> Family:
    """A bilingual file alone: its source and each of its targets (a TMX file has several)."""
    try:
        catalogues = read_catalogues(path)
    except AuditorError as problem:
        return Family(id=path.name, path=path, versions=(), notes=(f"skipped {problem}",))
    source = _source_view(catalogues[0])
    targets = [_version(c, c.language or "target", language_code(c.language or "") if c.language else None)
               for c in catalogues if not c.template]
    return Family(id=path.name, path=path, versions=(source, *targets), source=source.id)


def _placed_family(found: PageFamily, settings: LayoutSettings, templates: list[Path],
                   present: set[tuple[Path, str]] = frozenset()) -> Family:
    """A family a layout placed; without a source file, the one .pot beside its .po files (po/app.pot), else the
    sources its bilingual files carry, is the source. A template found is taken out of ``templates``.
    ``present``: the (folder, language) of every catalogue placed; a missing catalogue is noted only where its
    folder holds others of its language (locale/de/LC_MESSAGES/, values-de/), not for a language of another project
    under the same root (app-a/messages.ru.xlf is no reason to expect app-b/messages.ru.xlf)."""
    versions: list[Version] = []
    notes = list(found.notes)
    read: dict[Path, Catalogue] = {}
    for page in found.pages:
        try:
            catalogue = read_catalogues(page.path)[0]
        except AuditorError as problem:
            notes.append(f"skipped {problem}")
            continue
        read[page.path] = catalogue
        if catalogue.template:
            versions.append(replace(_source_view(catalogue), id=page.code or "template"))
        else:
            code = page.code or catalogue.language
            versions.append(_version(catalogue, code or "source", page.language or language_code(code or "")))
    notes += [f"no {page.code} catalogue: expected at {page.path}" for page in found.missing
              if (page.path.parent, page.code) in present]
    source = next((v.id for v in versions if found.source is not None and Path(v.path) == found.source.path), None)
    if source is None and (template := _template_for(versions, templates)) is not None:
        templates.remove(template)
        try:
            versions.insert(0, replace(_source_view(read_catalogues(template)[0]), id="template"))
            source = "template"
        except AuditorError as problem:
            notes.append(f"skipped {problem}")
    if source is None and versions and all(c.bilingual for c in read.values()):
        view = _source_view(*read.values())
        if all(v.id != view.id for v in versions):
            versions.insert(0, view)
            source = view.id
    if settings.source_language and source is None:
        source = next((v.id for v in versions if v.language == language_code(settings.source_language)), None)
    family_path = found.source.path.parent if found.source else (versions[0].path.parent if versions else Path("."))
    return Family(id=found.id, path=family_path, versions=tuple(versions), notes=tuple(notes), source=source,
                  layout=found.layout)


def _version(catalogue: Catalogue, version_id: str, language: str | None) -> Version:
    return Version(id=version_id, path=catalogue.path, lines=catalogue.lines, encoding=catalogue.encoding,
                   language=language or (language_code(catalogue.language) if catalogue.language else None),
                   units=catalogue.units)


def _source_view(catalogue: Catalogue, *others: Catalogue) -> Version:
    """The sources bilingual catalogues carry (the first's, then the keys only the others have), as the source
    version of their family."""
    units: dict[str, Unit] = {}
    for unit in (u for c in (catalogue, *others) for u in c.units if u.state != "obsolete"):
        units.setdefault(unit.key, Unit(key=unit.key, line=unit.line, target=unit.source or "", notes=unit.notes,
                                        flags=unit.flags,
                                        plurals=tuple((str(i), form) for i, form in enumerate(unit.source_plurals))))
    code = catalogue.source_language
    return Version(id=code or "source", path=catalogue.path, lines=catalogue.lines, encoding=catalogue.encoding,
                   language=language_code(code) if code and language_code(code) else None,
                   units=tuple(units.values()))


def _template_for(versions: list[Version], templates: list[Path]) -> Path | None:
    """The one .pot beside the .po files (po/app.pot with po/de.po), or in the folder above."""
    folders = {Path(v.path).parent for v in versions if Path(v.path).suffix.lower() == ".po"}
    if len(folders) != 1:
        return None
    folder = next(iter(folders))
    near = [t for t in templates if t.parent in (folder, folder.parent)]
    return near[0] if len(near) == 1 else None

