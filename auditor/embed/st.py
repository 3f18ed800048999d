"""The sentence-transformers backend: any sentence-transformers model, on the CPU, a CUDA GPU or Apple's MPS.

An optional extra (`pip install 'auditor[st]'`): torch and sentence-transformers are large, and the default
engine needs neither.
"""
from __future__ import annotations

import hashlib
import logging
from fnmatch import fnmatch
from pathlib import Path
from typing import Sequence

import numpy as np

from ..errors import AuditorError
from ..settings import load_data

INSTALL_HINT = "pip install 'auditor[st]'"
# Sentences per forward pass. Measured with bench/st_throughput.py on the exported multilingual-e5-small
# (docs/backends.md): on an H200, 256 gave 9,000 sentences/s (32: 3,100; 1024: 8,500); on 16 CPU
# cores 128 gave 360/s (32: 240). MPS is unmeasured and gets the CPU's size.
BATCH_SIZE = {"cuda": 256, "cpu": 128, "mps": 128}


def prefix_for(model: str) -> str:
    """The prefix that data/prefixes.toml gives for this model name ("" when none matches)."""
    last = model.rstrip("/\\").replace("\\", "/").rsplit("/", 1)[-1].lower()
    return next((entry["prefix"] for entry in load_data("prefixes.toml")["prefix"] if fnmatch(last, entry["model"])), "")


def folder_fingerprint(folder: Path) -> str:
    """Names this state of a model folder (its files' sizes and times), so that the embedding cache never
    serves vectors of a model that was since retrained or re-exported into the same folder."""
    digest = hashlib.blake2b(digest_size=4)
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        stat = path.stat()
        digest.update(f"{path.relative_to(folder)}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _resolve_device(device: str) -> str:
    import torch

    available = {"cpu": True, "cuda": torch.cuda.is_available(), "mps": torch.backends.mps.is_available()}
    if device == "auto":
        return next(d for d in ("cuda", "mps", "cpu") if available[d])
    if not available[device]:
        raise AuditorError(f"--device {device}: torch finds no {device} device here; use --device cpu or auto")
    return device


def _quiet_libraries() -> None:
    """The Hugging Face libraries log load reports, retries and progress bars; a report has no use for them."""
    import huggingface_hub
    import transformers

    huggingface_hub.utils.logging.set_verbosity_error()
    transformers.logging.set_verbosity_error()
    transformers.logging.disable_progress_bar()
    logging.getLogger("sentence_transformers").setLevel(logging.ERROR)


class SentenceTransformerEmbedder:
    """`name` is "sentence-transformers:" and the model: a folder's absolute path and fingerprint, or a model
    name that sentence-transformers resolves (the user's own Hugging Face cache or hub)."""

    def __init__(self, model: str, device: str = "auto", batch_size: int | None = None) -> None:
        folder = Path(model).expanduser()
        if folder.is_dir():
            model = str(folder.resolve())
            self.name = f"sentence-transformers:{model}@{folder_fingerprint(folder)}"
        elif folder.exists():
            raise AuditorError(f"--model {model}: is a file; give a model folder or a model name")
        elif model.startswith((".", "/", "~")):
            raise AuditorError(f"--model {model}: no such model folder")
        else:
            self.name = f"sentence-transformers:{model}"
        self.model, self.device = model, device
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError:
            raise AuditorError(f"--model needs the sentence-transformers backend: {INSTALL_HINT}") from None
        _quiet_libraries()
        resolved = _resolve_device(device)
        self.batch_size = batch_size or BATCH_SIZE[resolved]
        try:
            self._model = SentenceTransformer(model, device=resolved)
        except (OSError, ValueError, RuntimeError, KeyError) as exc:
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise AuditorError(f"--model {model}: cannot load it as a sentence-transformers model: {reason}") from None
        # A model whose configuration names a default prompt gets it from sentence-transformers itself.
        self._prefix = None if self._model.default_prompt_name else prefix_for(model)
        # sentence-transformers 6 renamed get_sentence_embedding_dimension (still there, deprecated).
        dimension = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        self.dim = int(dimension())

    def __getstate__(self) -> dict:
        # Sent to worker processes: each loads its own copy rather than receiving a pickled torch model.
        return {"model": self.model, "device": self.device, "batch_size": self.batch_size}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["model"], state["device"], state["batch_size"])

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self._model.encode(
            list(texts),
            prompt=self._prefix,
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)
