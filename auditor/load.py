"""Stage 1, load: paths on disk -> families of versions, with exact 1-based line numbers.

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
from dataclasses import dataclass
from pathlib import Path

from .config import path_matches
from .corpus import is_corpus, read_corpus
from .errors import AuditorError
from .model import Family, Version
from .settings import thresholds

log = logging.getLogger("auditor")

VERSION_SUFFIXES = (".txt", ".md")
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


def read_version(path: Path) -> tuple[Version, str | None]:
    """A version file -> the version and, when its encoding was guessed or its text repaired, a note that says so.
    Raises AuditorError("path: reason") when the file cannot be audited."""
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
    decoded = decode(data, path)
    lines = split_lines(decoded.text)
    if not any(line.strip() for line in lines):
        raise AuditorError(f"{path}: empty file (no text)")
    return Version(id=path.stem, path=path, lines=lines, encoding=decoded.encoding), decoded.note


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


def _family(family_id: str, path: Path, files: list[Path]) -> Family:
    versions: list[Version] = []
    notes: list[str] = []
    for file in files:
        try:
            version, note = read_version(file)
        except AuditorError as problem:
            notes.append(f"skipped {problem}")
            continue
        versions.append(version)
        notes += [note] if note else []
    ids = [v.id for v in versions]
    clash = sorted({i for i in ids if ids.count(i) > 1})
    if clash:
        raise AuditorError(f"{path}: two files give the same version id {clash[0]!r}")
    return Family(id=family_id, path=path, versions=tuple(versions), notes=tuple(notes))


def _nested_families(path: Path, raw: str, ignore: tuple[str, ...], problems: list[str]) -> list[Family]:
    """One family per subfolder that holds version files; subfolders that cannot be listed are reported."""
    nested = []
    for directory in sorted(p for p in path.iterdir() if p.is_dir()):
        try:
            files = _version_files(directory, ignore)
        except OSError as exc:
            problems.append(f"skipped {directory}: cannot list it ({_reason(exc)})")
            continue
        if files:
            nested.append(_family(directory.name, directory, files))
    if not nested:
        why = f" ({problems[-1]})" if problems else ""
        raise AuditorError(f"{raw}: no *.txt or *.md version files here or in its subfolders{why}")
    return nested


def load(paths: list[str | Path], ignore: tuple[str, ...] = ()) -> list[Family]:
    """A directory of version files is one family; a directory of such directories is one family
    per subdirectory; explicit files are together one family named after their folder; a .jsonl file (or "-",
    standard input) is a corpus of families, one a line (see corpus.py).
    Files that match an ``ignore`` glob (see config.path_matches) are left out."""
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
            files = _version_files(path, ignore)
            if files:
                families.append(_family(path.resolve().name, path, files))
            else:
                families += _nested_families(path, str(raw), ignore, problems)
        except OSError as exc:
            raise AuditorError(f"{raw}: cannot list it ({_reason(exc)})") from None
    if loose_files:
        loose_files.sort(key=lambda p: (p.name, str(p)))  # the same family whatever order the files are given in
        parent = loose_files[0].parent
        families.append(_family(parent.resolve().name, parent, loose_files))
    if not families:
        raise AuditorError("nothing to audit: every version file matches an ignore glob")
    ids = [f.id for f in families]
    for family_id in ids:
        if ids.count(family_id) > 1:
            raise AuditorError(f"two families have the same id {family_id!r}")
    problems += [note for family in families for note in family.notes]
    if not any(family.versions for family in families):
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise AuditorError(f"nothing to audit: {problems[0].removeprefix('skipped ')}{more}")
    for problem in problems:
        log.warning(problem)
    return sorted(families, key=lambda f: f.id)
