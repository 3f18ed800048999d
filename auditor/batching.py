"""How a run moves through many families: in batches, over one or more processes.

Families are audited in batches of about ``BATCH_LINES`` lines. The distinct sentences of a batch are embedded
in one call (the encoder is fastest on many texts at once, and the cache answers them in a few queries), then
each family of the batch is audited with those vectors at hand. With ``jobs > 1`` the batches go to worker
processes, at most two per worker in flight, so memory holds a few batches' vectors, never the whole corpus's.
Reports come back in the order of the families, and are the same whatever the batching: the bundled engines
give a text the same vector alone or in a batch. A family audited before with the same settings, model and code is
not audited again: its report comes from the cache (embed/cache.py).
"""
from __future__ import annotations

import math
import os
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_context
from typing import Callable, Iterator, Sequence

import numpy as np

from .catalogue import is_catalogue
from .embed import Embedder
from .embed.cache import CachedEmbedder, ReportCache
from .model import Family, FamilyReport
from .segment import segment
from .settings import Settings

AuditFamily = Callable[[Family, Settings, Embedder], FamilyReport]

# Lines per batch: large enough that the encoder runs near its best rate (it reaches it from a few dozen
# sentences on), small enough that a batch's vectors (1.5 kB per sentence) stay a few MB.
BATCH_LINES = 1000
BATCHES_PER_JOB = 4  # with --jobs, smaller batches so that every worker gets a share of a small corpus


class PrefetchedEmbedder:
    """Answers from vectors computed beforehand for a batch; asks the wrapped embedder for any other text."""

    def __init__(self, inner: Embedder, texts: Sequence[str], vectors: np.ndarray | None = None) -> None:
        self.inner = inner
        self.name = inner.name
        self.dim = inner.dim
        self._rows = {text: row for row, text in enumerate(texts)}
        self._vectors = inner.encode(list(texts)) if vectors is None else vectors

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if all(t in self._rows for t in texts):
            return self._vectors[[self._rows[t] for t in texts]].reshape(len(texts), self.dim)
        return self.inner.encode(texts)


def audit_in_batches(
    families: Sequence[Family], settings: Settings, embedder: Embedder, audit_family: AuditFamily
) -> Iterator[FamilyReport]:
    """The report of each family, in order: from the cache for a family audited before with the same settings, model
    and code; else audited here, in --jobs processes or on Ray (--ray), and kept in the cache."""
    stored = ReportCache(embedder, settings) if isinstance(embedder, CachedEmbedder) else None
    known = stored.lookup(families) if stored else {}
    fresh = _audit(families if not known else [f for i, f in enumerate(families) if i not in known],
                   settings, embedder, audit_family)
    for i, family in enumerate(families):
        if i in known:
            yield known[i]
            continue
        report = next(fresh)
        if stored:
            stored.store(family, report)
        yield report


def _audit(
    families: Sequence[Family], settings: Settings, embedder: Embedder, audit_family: AuditFamily
) -> Iterator[FamilyReport]:
    if not families:
        return
    if settings.ray:
        from .cluster import audit_on_ray

        yield from audit_on_ray(families, settings, embedder, audit_family)
        return
    jobs = max(1, settings.jobs)
    total_lines = sum(_lines(f) for f in families)
    lines_per_batch = BATCH_LINES if jobs == 1 else min(BATCH_LINES, math.ceil(total_lines / (jobs * BATCHES_PER_JOB)))
    batches = _batches(families, lines_per_batch)
    if jobs == 1 or len(families) == 1:
        for batch in batches:
            yield from audit_batch(batch, settings, embedder, audit_family)
        return
    pool = ProcessPoolExecutor(
        jobs, mp_context=get_context("spawn"), initializer=_start_worker,
        initargs=(settings, embedder, audit_family, _threads_per_job(jobs)),
    )
    pending: deque[Future] = deque()
    try:
        for batch in batches:
            pending.append(pool.submit(_audit_batch_in_worker, batch))
            if len(pending) >= 2 * jobs:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    finally:
        pool.shutdown(cancel_futures=True)


def audit_batch(
    batch: list[Family], settings: Settings, embedder: Embedder, audit_family: AuditFamily
) -> list[FamilyReport]:
    prefetched = PrefetchedEmbedder(embedder, sentence_texts(batch))
    return [audit_family(family, settings, prefetched) for family in batch]


def sentence_texts(families: Sequence[Family]) -> list[str]:
    """The distinct sentences of these families, sorted. Catalogues embed their units' texts, not their files'
    lines (auditor/catalogue.py, one call per catalogue)."""
    return sorted({s.text for family in families if not is_catalogue(family)
                   for version in family.versions for s in segment(version)})


def _batches(families: Sequence[Family], lines_per_batch: int) -> Iterator[list[Family]]:
    batch: list[Family] = []
    lines = 0
    for family in families:
        batch.append(family)
        lines += _lines(family)
        if lines >= lines_per_batch:
            yield batch
            batch, lines = [], 0
    if batch:
        yield batch


def _lines(family: Family) -> int:
    return sum(1 for version in family.versions for line in version.lines if line.strip())


def _threads_per_job(jobs: int) -> int:
    return max(1, len(os.sched_getaffinity(0)) // jobs)


# The state of a worker process of a --jobs run, set once when it starts.
_worker: tuple[Settings, Embedder, AuditFamily] | None = None


def _start_worker(settings: Settings, embedder: Embedder, audit_family: AuditFamily, threads: int) -> None:
    global _worker
    # The encoder's OpenMP threads: the cores shared out between the workers, unless the user chose.
    os.environ.setdefault("OMP_NUM_THREADS", str(threads))
    _worker = (settings, embedder, audit_family)


def _audit_batch_in_worker(batch: list[Family]) -> list[FamilyReport]:
    assert _worker is not None, "the worker was not started"
    settings, embedder, audit_family = _worker
    return audit_batch(batch, settings, embedder, audit_family)
