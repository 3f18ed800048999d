"""An on-disk cache shared by runs: each (model, text) is embedded once, and each family audited once.

Vectors are keyed by model and text. Family reports are keyed by everything a report depends on: the family as
read (ids, paths, lines, encodings, notes), the settings that change results, the model, and the code that computes
it (auditor's own files and the libraries it calls, as installed), so a warm run of an unchanged family reads its
report instead of identifying languages, checking names and aligning again; any change audits it afresh.

SQLite in WAL mode, so that several runs (or the processes of one ``--jobs`` run) read it at the same
time while one of them writes. A vector is stored as the float32 bytes the model gave, so a cached run
reports exactly what a fresh one does. An unusable cache (no write permission, a damaged file) only
costs time: the run goes on without it and says so once on stderr.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import sqlite3
import sys
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import Iterator, Sequence

import numpy as np

from ..errors import AuditorError
from ..model import Family, FamilyReport
from ..settings import Settings
from . import Embedder

FILE_NAME = "embeddings.sqlite"
_LOOKUP_CHUNK = 500  # keys per SELECT, under SQLite's limit on bound parameters


def default_cache_dir() -> Path:
    """$AUDITOR_CACHE_DIR, else the user's cache folder (~/.cache/auditor on Linux)."""
    env = os.environ.get("AUDITOR_CACHE_DIR")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_cache_dir("auditor"))


def _key(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


def _connect(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, timeout=60, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    # In WAL mode NORMAL never corrupts the file; a power cut may lose the last writes, which a cache can afford.
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute(
        "CREATE TABLE IF NOT EXISTS vectors (model TEXT, key BLOB, vector BLOB, PRIMARY KEY (model, key)) WITHOUT ROWID"
    )
    db.execute("CREATE TABLE IF NOT EXISTS reports (key BLOB PRIMARY KEY, report BLOB) WITHOUT ROWID")
    return db


class _Store:
    """The cache database of one folder, opened on first use; unusable, it is given up on with one warning."""

    def __init__(self, directory: Path | None) -> None:
        self.path = (directory or default_cache_dir()) / FILE_NAME
        self._db: sqlite3.Connection | None = None
        self._broken = False

    def __getstate__(self) -> dict:
        # Sent to the worker processes of a --jobs run: each opens its own connection.
        return {**self.__dict__, "_db": None}

    def _database(self) -> sqlite3.Connection | None:
        if self._db is None and not self._broken:
            try:
                self._db = _connect(self.path)
            except (OSError, sqlite3.Error) as exc:
                self._give_up(exc)
        return self._db

    def _give_up(self, exc: Exception) -> None:
        print(f"auditor: warning: embedding cache {self.path} unusable ({exc}); going on without it", file=sys.stderr)
        self._broken = True
        self._db = None


class CachedEmbedder(_Store):
    """Wraps any embedder; only texts the cache has not seen for this model reach it."""

    def __init__(self, inner: Embedder, directory: Path | None = None) -> None:
        super().__init__(directory)
        self.inner = inner
        self.name = inner.name
        self.dim = inner.dim
        self.embedded = 0  # texts this process had to embed (not found in the cache)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        keys = [_key(t) for t in texts]
        found = self._lookup(list(dict.fromkeys(keys)))
        missing = list(dict.fromkeys(t for t, k in zip(texts, keys) if k not in found))
        if missing:
            fresh = dict(zip((_key(t) for t in missing), self.inner.encode(missing)))
            self.embedded += len(missing)
            self._store(fresh)
            found.update(fresh)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, k in enumerate(keys):
            out[i] = found[k]
        return out

    def _lookup(self, keys: list[bytes]) -> dict[bytes, np.ndarray]:
        found: dict[bytes, np.ndarray] = {}
        db = self._database()
        if db is None:
            return found
        for start in range(0, len(keys), _LOOKUP_CHUNK):
            chunk = keys[start:start + _LOOKUP_CHUNK]
            try:
                rows = db.execute(
                    f"SELECT key, vector FROM vectors WHERE model = ? AND key IN ({','.join('?' * len(chunk))})",
                    [self.name, *chunk],
                ).fetchall()
            except sqlite3.Error as exc:
                self._give_up(exc)
                return {}
            found.update((k, np.frombuffer(v, dtype=np.float32)) for k, v in rows if len(v) == 4 * self.dim)
        return found

    def _store(self, vectors: dict[bytes, np.ndarray]) -> None:
        db = self._database()
        if db is None:
            return
        rows = [(self.name, k, np.asarray(v, dtype=np.float32).tobytes()) for k, v in vectors.items()]
        try:
            with db:  # one transaction (one disk sync) for the whole batch
                db.execute("BEGIN IMMEDIATE")
                db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?, ?)", rows)
        except sqlite3.Error as exc:
            self._give_up(exc)



# Libraries whose results reach a report: a reinstalled or upgraded one changes its files, and so every report key.
_LIBRARIES = ("lingua", "pycld2", "sacrebleu", "numpy")
# Settings that change nothing in a family's report (they decide the exit code, or how the work is spread).
_NEUTRAL = {"fail_on": "error", "jobs": 1, "ray": None, "cache": True}


@cache
def code_fingerprint() -> bytes:
    """auditor's own files (code, data tables) and the installed files of the libraries it calls."""
    digest = hashlib.blake2b(sys.version.encode(), digest_size=16)
    package = Path(__file__).resolve().parent.parent
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".toml", ".json"):
            digest.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes())
    for name in _LIBRARIES:
        spec = find_spec(name)
        origin = spec.origin if spec else None
        if origin and os.path.exists(origin):
            info = os.stat(origin)
            digest.update(f"{name}\0{origin}\0{info.st_size}\0{info.st_mtime_ns}".encode())
    return digest.digest()


class ReportCache:
    """Family reports of earlier runs with the same model, settings and code, in the embedding cache's database
    (through the embedder's connection: an unusable cache is given up on once, with one warning)."""

    def __init__(self, embedder: CachedEmbedder, settings: Settings) -> None:
        self._store = embedder
        neutral = replace(settings, **_NEUTRAL)
        self._context = pickle.dumps((code_fingerprint(), embedder.name, neutral))

    def key(self, family: Family) -> bytes:
        return hashlib.blake2b(self._context + pickle.dumps(family), digest_size=16).digest()

    def lookup(self, families: Sequence[Family]) -> dict[int, FamilyReport]:
        """{index in families: report} for the families audited before."""
        keys = {self.key(family): i for i, family in enumerate(families)}
        db = self._store._database()
        found: dict[int, FamilyReport] = {}
        if db is None:
            return found
        chunks = list(keys)
        for start in range(0, len(chunks), _LOOKUP_CHUNK):
            chunk = chunks[start:start + _LOOKUP_CHUNK]
            try:
                rows = db.execute(f"SELECT key, report FROM reports WHERE key IN ({','.join('?' * len(chunk))})",
                                  chunk).fetchall()
            except sqlite3.Error as exc:
                self._store._give_up(exc)
                return {}
            for key, blob in rows:
                try:
                    found[keys[key]] = pickle.loads(blob)
                except Exception:  # a damaged row: audit that family again
                    continue
        return found

    def store(self, family: Family, report: FamilyReport) -> None:
        db = self._store._database()
        if db is None:
            return
        try:
            with db:
                db.execute("INSERT OR REPLACE INTO reports VALUES (?, ?)", (self.key(family), pickle.dumps(report)))
        except sqlite3.Error as exc:
            self._store._give_up(exc)


@dataclass(frozen=True)
class CacheInfo:
    path: Path
    size_bytes: int  # the database and its write-ahead log
    vectors: dict[str, int]  # model name -> number of cached texts


def cache_info(directory: Path | None = None) -> CacheInfo:
    path = (directory or default_cache_dir()) / FILE_NAME
    counts: dict[str, int] = {}
    if path.exists():
        with _opened(path) as db:
            counts = dict(db.execute("SELECT model, COUNT(*) FROM vectors GROUP BY model ORDER BY model"))
    return CacheInfo(path, _size(path), counts)


def clear_cache(directory: Path | None = None) -> int:
    """Forget every cached vector and report; returns the number of vectors forgotten. Safe while another run uses
    the cache."""
    path = (directory or default_cache_dir()) / FILE_NAME
    if not path.exists():
        return 0
    with _opened(path) as db:
        forgotten = db.execute("DELETE FROM vectors").rowcount
        db.execute("DELETE FROM reports")
        try:
            db.execute("VACUUM")  # give the space back; skipped while another run holds the database
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.OperationalError:
            pass
    return forgotten


@contextmanager
def _opened(path: Path) -> Iterator[sqlite3.Connection]:
    """The cache database for `auditor cache`, where a damaged file is an input error."""
    try:
        db = _connect(path)
    except (OSError, sqlite3.Error) as exc:
        raise AuditorError(f"{path}: cannot open the embedding cache: {exc}") from None
    try:
        yield db
    except sqlite3.Error as exc:
        raise AuditorError(f"{path}: cannot read the embedding cache: {exc}") from None
    finally:
        db.close()


def _size(path: Path) -> int:
    files = (path, path.with_name(path.name + "-wal"))
    return sum(f.stat().st_size for f in files if f.exists())
