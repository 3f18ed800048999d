"""An on-disk embedding cache shared by runs: each (model, text) is embedded once.

SQLite in WAL mode, so that several runs (or the processes of one ``--jobs`` run) read it at the same
time while one of them writes. A vector is stored as the float32 bytes the model gave, so a cached run
reports exactly what a fresh one does. An unusable cache (no write permission, a damaged file) only
costs time: the run goes on without it and says so once on stderr.
"""
from __future__ import annotations

import hashlib
import os
import sqlite3
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Sequence

import numpy as np

from ..errors import AuditorError
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
    return db


class CachedEmbedder:
    """Wraps any embedder; only texts the cache has not seen for this model reach it."""

    def __init__(self, inner: Embedder, directory: Path | None = None) -> None:
        self.inner = inner
        self.name = inner.name
        self.dim = inner.dim
        self.path = (directory or default_cache_dir()) / FILE_NAME
        self.embedded = 0  # texts this process had to embed (not found in the cache)
        self._db: sqlite3.Connection | None = None
        self._broken = False

    def __getstate__(self) -> dict:
        # Sent to the worker processes of a --jobs run: each opens its own connection.
        return {**self.__dict__, "_db": None}

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
    """Forget every cached vector; returns the number forgotten. Safe while another run uses the cache."""
    path = (directory or default_cache_dir()) / FILE_NAME
    if not path.exists():
        return 0
    with _opened(path) as db:
        forgotten = db.execute("DELETE FROM vectors").rowcount
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
