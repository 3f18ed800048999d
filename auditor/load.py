"""Stage 1, load: paths on disk -> families of versions, with exact 1-based line numbers.

A folder is first looked at for the layouts of translated sites (auditor/layouts.py: locale folders, language
suffixes, Docusaurus, ...); where none fits, it keeps the folder-of-versions layout: a folder of version files is one
family, a folder of such folders one family per subfolder. Each file is read by the reader of its format
(auditor/formats).

A version file that cannot be audited (empty, binary, not text in any encoding, unreadable, a symbolic-link loop,
too large) never stops a run that has something else to audit: it is skipped with a note on its family and a
warning on stderr. Only when no version at all is left does loading fail, with one line (exit 2).
Input files are only ever read.
"""
from __future__ import annotations

import errno
import logging
import re
import stat
from dataclasses import dataclass, replace
from pathlib import Path

from .config import path_matches
from .corpus import is_corpus, read_corpus
from .errors import AuditorError
from .formats import reader_for, suffix_kinds
from .langid import main_language
from .layouts import Discovery, LayoutSettings, PageFamily, discover, language_code
from .model import Family, MissingVersion, Version
from .settings import Settings, thresholds

log = logging.getLogger("auditor")

VERSION_SUFFIXES = tuple(suffix_kinds())
# The id of a source page whose language neither its layout nor the settings name, and its text does not tell.
UNNAMED_SOURCE = "source"
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# The UTF-32 marks come first: the UTF-16-LE mark is the start of the UTF-32-LE one.
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)

# The most common single-byte encodings of web text (browsers read "latin-1" as windows-1252).
_USUAL_LEGACY_ENCODINGS = ("cp1252", "cp1251")


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # the codec the text was read with
    note: str | None = None  # how a guess or a repair was made, for the family's notes


def split_lines(text: str) -> tuple[str, ...]:
    """Split on LF, CRLF and CR only (not on the other characters str.splitlines knows),
    so that line numbers match what an editor shows."""
    lines = _LINE_BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return tuple(lines)


def decode(data: bytes, path: Path) -> Decoded:
    """Bytes -> text. A byte-order mark decides (UTF-8, UTF-16, UTF-32; the mark is dropped); NUL bytes without one
    mean a binary file; then UTF-8, also with a few corrupt bytes; then the encoding charset-normalizer finds."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data[len(bom):].decode(encoding), encoding)
            except UnicodeDecodeError as exc:
                raise AuditorError(f"{path}: starts with a {encoding} byte-order mark but is not {encoding} ({exc.reason})") from None
    if b"\x00" in data:
        raise AuditorError(f"{path}: binary file (contains NUL bytes), not text")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    lenient = data.decode("utf-8", errors="replace")
    replaced = lenient.count("\ufffd") - data.count("\ufffd".encode("utf-8"))
    valid = sum(ord(ch) > 0x7F for ch in lenient) - lenient.count("\ufffd")
    if replaced <= thresholds("load")["utf8_max_invalid_share"] * (replaced + valid):
        return Decoded(lenient, "utf-8", f"{path}: {replaced} invalid UTF-8 byte sequences read as U+FFFD")
    from charset_normalizer import from_bytes

    guess = from_bytes(data).best()
    if guess is None:
        raise AuditorError(f"{path}: not text (not UTF-8, and no other text encoding fits it)")
    # Of the encodings that give the same text, name the one the file most likely was written in.
    encoding = next((e for e in _USUAL_LEGACY_ENCODINGS if e in guess.could_be_from_charset), guess.encoding)
    return Decoded(str(guess), encoding, f"{path}: not UTF-8; read as {encoding} (charset-normalizer's guess)")


def read_bytes(path: Path) -> bytes:
    """A file's bytes; AuditorError("path: reason") when it is no regular file, cannot be read, or is larger than
    [load] max_file_bytes."""
    limit = thresholds("load")["max_file_bytes"]
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise AuditorError(f"{path}: not a regular file")
        with open(path, "rb") as file:
            data = file.read(limit + 1)
    except OSError as exc:
        raise AuditorError(f"{path}: {_reason(exc)}") from None
    if len(data) > limit:
        raise AuditorError(f"{path}: too large (over {limit / 1e6:g} MB, the limit set by [load] max_file_bytes)")
    return data


def read_version(path: Path, settings: Settings = Settings(), version_id: str | None = None,
                 language: str | None = None) -> tuple[Version, str | None]:
    """A version file -> the version (read by its format's reader) and, when its encoding was guessed or its text
    repaired, a note that says so. Raises AuditorError("path: reason") when the file cannot be audited."""
    decoded = decode(read_bytes(path), path)
    lines = split_lines(decoded.text)
    if not any(line.strip() for line in lines):
        raise AuditorError(f"{path}: empty file (no text)")
    reader = reader_for(path)
    if reader is None:
        raise AuditorError(f"{path}: no reader for {path.suffix or 'files without a suffix'} (known: {', '.join(VERSION_SUFFIXES)})")
    content = reader.read(lines, settings)  # a page of only code or components has no text, and its markup counts
    version = Version(version_id or path.stem, path, content.lines, decoded.encoding, language, content.invariants,
                      content.block_separator)
    return version, decoded.note


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "symbolic link loop"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    return (exc.strerror or str(exc)).lower()


def _version_files(directory: Path, ignore: tuple[str, ...]) -> list[Path]:
    """Files with a version suffix in a folder, by name; hidden files (".name", e.g. macOS "._en.txt") are left out.
    Entries that are not files are kept when they cannot be looked at (a symbolic-link loop), so that
    read_version can say why they are skipped."""
    return sorted(
        p for p in directory.iterdir()
        if p.suffix.lower() in VERSION_SUFFIXES and not p.name.startswith(".") and not p.is_dir()
        and not _ignored(p, ignore)
    )


def _ignored(path: Path, ignore: tuple[str, ...]) -> bool:
    return any(path_matches(path, pattern) for pattern in ignore)


def _read_all(files: list[tuple[Path, str | None, str | None]], settings: Settings) -> tuple[list[Version], list[str]]:
    """(path, version id, expected language) -> the versions read, and notes on the files skipped or repaired."""
    versions: list[Version] = []
    notes: list[str] = []
    for file, version_id, language in files:
        try:
            version, note = read_version(file, settings, version_id, language)
        except AuditorError as problem:
            notes.append(f"skipped {problem}")
            continue
        versions.append(version)
        notes += [note] if note else []
    return versions, notes


def _family(family_id: str, path: Path, files: list[Path], settings: Settings) -> Family:
    versions, notes = _read_all([(file, None, None) for file in files], settings)
    _check_ids(path, versions)
    return Family(id=family_id, path=path, versions=tuple(versions), notes=tuple(notes))


def _given_family(files: list[Path], settings: Settings) -> Family:
    """Files given one by one are one family, named after their common name or else the first one's folder. Two files of one name are one page
    in two locale folders (docs/intro.md, i18n/fr/.../intro.md): each is named by the nearest folder that is a
    language code, and one in no such folder by the language of its text: that one is the site's own language, the
    source."""
    names = [file.stem for file in files]
    entries = []
    for file in files:
        if names.count(file.stem) == 1:
            entries.append((file, None, None))
            continue
        code = next((part for part in reversed(file.parent.parts) if language_code(part)), None)
        entries.append((file, code or UNNAMED_SOURCE, language_code(code) if code else None))
    versions, notes = _read_all(entries, settings)
    unnamed = {file for file, version_id, _ in entries if version_id == UNNAMED_SOURCE}
    named = _name_unnamed(versions, unnamed)
    parent = files[0].parent
    _check_ids(parent, named)
    sources = [v.id for v in named if v.path in unnamed]
    family_id = names[0] if len(set(names)) == 1 and len(names) > 1 else parent.resolve().name
    return Family(id=family_id, path=parent, versions=tuple(sorted(named, key=lambda v: v.id)),
                  notes=tuple(notes), source=sources[0] if len(sources) == 1 else None)


def _name_unnamed(versions: list[Version], unnamed: set[Path]) -> list[Version]:
    """The page of a language no path names takes the code of its text's language, unless another page has it."""
    taken = {v.id for v in versions if v.path not in unnamed}
    named = []
    for version in versions:
        if version.path in unnamed:
            told = main_language(version.text)
            if told != "und" and told not in taken:
                version = replace(version, id=told)
        named.append(version)
    return named


def _check_ids(path: Path, versions: list[Version]) -> None:
    ids = [v.id for v in versions]
    clash = sorted({i for i in ids if ids.count(i) > 1})
    if clash:
        files = " and ".join(str(v.path) for v in versions if v.id == clash[0])
        raise AuditorError(f"{path}: two files give the same version id {clash[0]!r} ({files})")


def _page_family(found: PageFamily, settings: Settings, problems: list[str]) -> Family:
    """A family a layout found: versions named by their language codes, the source page's where it is named.
    What reading had to say goes to ``problems`` too."""
    versions, notes = _read_all([(p.path, p.code or UNNAMED_SOURCE, p.language) for p in found.pages], settings)
    problems += notes
    named = _name_unnamed(versions, {p.path for p in found.pages if p.code is None})
    _check_ids(Path(found.id), named)
    source = next((v.id for v in named if found.source is not None and v.path == found.source.path), None)
    home = found.source.path if found.source else found.pages[0].path
    missing = tuple(MissingVersion(m.code, m.path, m.language) for m in found.missing)
    return Family(found.id, home, tuple(sorted(named, key=lambda v: v.id)), tuple(found.notes) + tuple(notes),
                  source, found.layout, missing)


def _nested_families(path: Path, raw: str, settings: Settings, problems: list[str]) -> list[Family]:
    """One family per subfolder that holds version files; subfolders that cannot be listed are reported."""
    nested = []
    for directory in sorted(p for p in path.iterdir() if p.is_dir()):
        try:
            files = _version_files(directory, settings.ignore)
        except OSError as exc:
            problems.append(f"skipped {directory}: cannot list it ({_reason(exc)})")
            continue
        if files:
            nested.append(_family(directory.name, directory, files, settings))
    if not nested:
        why = f" ({problems[-1]})" if problems else ""
        known = ", ".join(f"*{suffix}" for suffix in VERSION_SUFFIXES)
        raise AuditorError(f"{raw}: no version files ({known}) here or in its subfolders{why}")
    return nested


def _read_problems(families: list[Family]) -> list[str]:
    """The files a layout's catalogue families had to skip (a lone file's family, without a layout, says its own)."""
    return [note for family in families if family.layout is not None for note in family.notes
            if note.startswith("skipped ")]


def _discovered(path: Path, raw: str, settings: Settings, wanted, problems: list[str]) -> list[Family] | None:
    """The families of the layout found under ``path``; None when no layout fits it."""
    found: Discovery | None = discover(path, suffix_kinds(), LayoutSettings(settings.layout, settings.source_language, settings.ignore))
    if found is None:
        if settings.layout:
            raise AuditorError(f"{raw}: no files fit --layout {' '.join(settings.layout)}")
        return None
    problems += found.notes
    if found.unplaced:
        shown = ", ".join(str(p.relative_to(path)) for p in found.unplaced[:3])
        more = f" and {len(found.unplaced) - 3} more" if len(found.unplaced) > 3 else ""
        log.warning(f"{raw}: not audited, outside the layouts found: {shown}{more}")
    chosen = [f for f in found.families if wanted(p.path for p in (*f.pages, *f.missing))]
    return [_page_family(f, settings, problems) for f in chosen]


def load(paths: list[str | Path], settings: Settings = Settings(), changed: set[Path] | None = None) -> list[Family]:
    """A folder in a site's layout (see auditor/layouts.py) gives one family per page; otherwise a directory of
    version files is one family, a directory of such directories one family per subdirectory; explicit files are
    together one family named after their folder; a .jsonl file (or "-", standard input) is a corpus of families, one a
    line (see corpus.py). Files that match an ``ignore`` glob (see config.path_matches) are left out. With ``changed`` (resolved paths), only the families with a version among them are kept.
    Localisation catalogues under a folder, or given, make families of their own (auditor/catalogue_families.py)."""
    # imported here: the catalogue readers decode files with this module's decode()
    from .catalogue_families import catalogue_families, files_family, is_catalogue_file

    ignore = settings.ignore

    def wanted(files) -> bool:
        return changed is None or any(file.resolve() in changed for file in files)

    families: list[Family] = []
    loose_files: list[Path] = []
    problems: list[str] = []  # subfolders that cannot be listed
    for raw in paths:
        if is_corpus(raw):  # a JSON Lines corpus (or "-", one on standard input): its own reader
            families += read_corpus(raw)
            continue
        path = Path(raw)
        try:
            mode = path.stat().st_mode
        except OSError as exc:
            raise AuditorError(f"{raw}: {_reason(exc)}") from None
        if stat.S_ISREG(mode):
            if not _ignored(path, ignore):
                loose_files.append(path)
            continue
        if not stat.S_ISDIR(mode):
            raise AuditorError(f"{raw}: not a file or directory")
        try:
            layouts = LayoutSettings(settings.layout, settings.source_language, ignore)
            catalogues = [f for f in catalogue_families(path, layouts) if wanted(v.path for v in f.versions)]
            families += catalogues
            problems += _read_problems(catalogues)
            discovered = _discovered(path, str(raw), settings, wanted, problems) if not catalogues or \
                not settings.layout else None
            if discovered is not None:
                families += discovered
                continue
            files = _version_files(path, ignore)
            if files:
                families += [_family(path.resolve().name, path, files, settings)] if wanted(files) else []
            else:
                try:
                    families += [f for f in _nested_families(path, str(raw), settings, problems)
                                 if wanted(v.path for v in f.versions)]
                except AuditorError:
                    if not catalogues:
                        raise
        except OSError as exc:
            raise AuditorError(f"{raw}: cannot list it ({_reason(exc)})") from None
    catalogue_files = sorted((p for p in loose_files if is_catalogue_file(p)), key=lambda p: (p.name, str(p)))
    if catalogue_files and wanted(catalogue_files):
        given = files_family(catalogue_files)
        families += given
        problems += _read_problems(given)
    loose_files = [p for p in loose_files if not is_catalogue_file(p)]
    if loose_files and wanted(loose_files):
        loose_files.sort(key=lambda p: (p.name, str(p)))  # the same family whatever order the files are given in
        families.append(_given_family(loose_files, settings))
    if not families and changed is not None:
        return []
    if not families:
        raise AuditorError("nothing to audit: every version file matches an ignore glob")
    ids = [f.id for f in families]
    for family_id in ids:
        if ids.count(family_id) > 1:
            raise AuditorError(f"two families have the same id {family_id!r}")
    problems += [note for family in families if family.layout is None for note in family.notes]
    if not any(family.versions for family in families):
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise AuditorError(f"nothing to audit: {problems[0].removeprefix('skipped ')}{more}")
    for problem in problems:
        log.warning(problem)
    return sorted(families, key=lambda f: f.id)
