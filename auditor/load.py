"""Stage 1, load: paths on disk -> families of versions, with exact 1-based line numbers."""
from __future__ import annotations

import re
from pathlib import Path

from .config import path_matches
from .errors import AuditorError
from .model import Family, Version

VERSION_SUFFIXES = (".txt", ".md")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def split_lines(text: str) -> tuple[str, ...]:
    """Split on LF, CRLF and CR only (not on the other characters str.splitlines knows),
    so that line numbers match what an editor shows."""
    lines = _LINE_BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return tuple(lines)


def decode(data: bytes, path: Path) -> tuple[str, str]:
    """Bytes -> (text, encoding). UTF-8 (a BOM dropped) and UTF-16 with a BOM are read as such;
    other text is decoded with the encoding charset-normalizer finds, and says so."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise AuditorError(f"{path}: starts with a {encoding} byte-order mark but is not {encoding}: {exc.reason}") from None
    if b"\x00" in data:
        raise AuditorError(f"{path}: binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    guess = from_bytes(data).best()
    if guess is None:
        raise AuditorError(f"{path}: not UTF-8 and no text encoding fits it")
    return str(guess), guess.encoding


def read_version(path: Path) -> Version:
    try:
        data = path.read_bytes()
    except PermissionError:
        raise AuditorError(f"{path}: permission denied") from None
    except OSError as exc:
        raise AuditorError(f"{path}: cannot read: {exc.strerror or exc}") from None
    text, encoding = decode(data, path)
    lines = split_lines(text)
    if not any(line.strip() for line in lines):
        raise AuditorError(f"{path}: empty file, nothing to audit")
    return Version(id=path.stem, path=path, lines=lines, encoding=encoding)


def _version_files(directory: Path, ignore: tuple[str, ...]) -> list[Path]:
    return sorted(
        p for p in directory.iterdir()
        if p.is_file() and p.suffix.lower() in VERSION_SUFFIXES and not _ignored(p, ignore)
    )


def _ignored(path: Path, ignore: tuple[str, ...]) -> bool:
    return any(path_matches(path, pattern) for pattern in ignore)


def _family(family_id: str, path: Path, files: list[Path]) -> Family:
    ids = [f.stem for f in files]
    clash = sorted({i for i in ids if ids.count(i) > 1})
    if clash:
        raise AuditorError(f"{path}: two files give the same version id {clash[0]!r}")
    return Family(id=family_id, path=path, versions=tuple(read_version(f) for f in files))


def load(paths: list[str | Path], ignore: tuple[str, ...] = ()) -> list[Family]:
    """A directory of version files is one family; a directory of such directories is one family
    per subdirectory; explicit files are together one family named after their folder.
    Files that match an ``ignore`` glob (see config.path_matches) are left out."""
    families: list[Family] = []
    loose_files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise AuditorError(f"{raw}: no such file or directory")
        if path.is_file():
            if not _ignored(path, ignore):
                loose_files.append(path)
            continue
        if not path.is_dir():
            raise AuditorError(f"{raw}: not a file or directory")
        try:
            files = _version_files(path, ignore)
            subdirs = sorted(p for p in path.iterdir() if p.is_dir())
        except OSError as exc:
            raise AuditorError(f"{raw}: cannot list: {exc.strerror or exc}") from None
        if files:
            families.append(_family(path.resolve().name, path, files))
            continue
        nested = [(d, _version_files(d, ignore)) for d in subdirs]
        nested = [(d, f) for d, f in nested if f]
        if not nested:
            raise AuditorError(f"{raw}: no *.txt or *.md version files here or in its subfolders")
        families += [_family(d.name, d, f) for d, f in nested]
    if loose_files:
        parent = loose_files[0].parent
        families.append(_family(parent.resolve().name, parent, loose_files))
    if not families:
        raise AuditorError("nothing to audit: every version file matches an ignore glob")
    ids = [f.id for f in families]
    for family_id in ids:
        if ids.count(family_id) > 1:
            raise AuditorError(f"two families have the same id {family_id!r}")
    return sorted(families, key=lambda f: f.id)
