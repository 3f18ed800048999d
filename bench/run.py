"""Speed and memory of `auditor audit` on this machine: a script to run by hand, not a test.

    .venv/bin/python bench/run.py [--devset DIR] [--skip-scale]

Prints, in one run:
  1. raw encoder throughput (sentences/s) on the distinct sentences of the seed family and of the dev set;
  2. `auditor audit` wall time and peak memory, cold (empty cache) and warm (cache filled), on both;
  3. the ratio of cold audit time to raw encoding time of the same sentences, and where a cold audit's time goes:
     the encoder on the sentences, the encoder on the short texts the detectors embed themselves, everything else;
  4. where a warm audit spends its time, per auditor module, language identification included (profiled);
  5. the dev set with --jobs 2, cold and warm;
  6. scale: warm wall time on 1x and 3x the dev set (linear in lines?) and on one family of 3, 6 and 12 versions.
Every audit runs in a fresh process with its own cache folder under a temporary directory; the user's cache is
never touched. Inputs are read in place; copies for the scale runs are written to the temporary directory only.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "trump-putin"
DEVSET = ROOT.parent / "shared" / "devset" / "families"
sys.path.insert(0, str(ROOT))

from auditor.load import load  # noqa: E402
from auditor.segment import segment  # noqa: E402


def distinct_sentences(path: Path) -> list[str]:
    return sorted({s.text for family in load([path]) for version in family.versions for s in segment(version)})


def line_count(path: Path) -> int:
    return sum(len(v.lines) for family in load([path]) for v in family.versions)


_ENCODE = """
import json, resource, sys, time
from auditor.embed.e5 import BundledE5
texts = json.load(sys.stdin)
model = BundledE5()
model.encode(["warm up"])
cpu = lambda: sum(resource.getrusage(resource.RUSAGE_SELF)[:2])
wall, cpu0 = time.perf_counter(), cpu()
model.encode(texts)
print(len(texts) / (time.perf_counter() - wall), len(texts) / (cpu() - cpu0))
"""


def encoder_throughput(texts: list[str]) -> tuple[float, float]:
    """(sentences per wall second, sentences per CPU second) of the encoder as the auditor runs it, no cache,
    the model loaded, all texts in one call. In a child process, so that this process stays small (a child's peak memory counts its
    parent's pages until it starts the new program)."""
    result = subprocess.run([sys.executable, "-c", _ENCODE], input=json.dumps(texts), capture_output=True,
                            text=True, check=True, cwd=ROOT)
    per_wall, per_cpu = result.stdout.split()
    return float(per_wall), float(per_cpu)


_COLD_SPLIT = """
import json, sys, tempfile, time
from pathlib import Path
from auditor.audit import run_audit
from auditor.embed.cache import CachedEmbedder
from auditor.embed.e5 import BundledE5
from auditor.settings import Settings
path, sentences = sys.argv[1], set(json.load(sys.stdin))
calls = []
class Timed(BundledE5):
    def encode(self, texts):
        start = time.perf_counter()
        vectors = super().encode(texts)
        calls.append((all(t in sentences for t in texts), len(texts), time.perf_counter() - start))
        return vectors
encoder = Timed()
BundledE5.encode(encoder, ["warm up"])  # the model loads here, outside the timed run
start = time.perf_counter()
run_audit([path], Settings(), embedder=CachedEmbedder(encoder, Path(tempfile.mkdtemp())))
total = time.perf_counter() - start
split = {kind: [sum(c[i] for c in calls if c[0] == kind) for i in (1, 2)] for kind in (True, False)}
print(json.dumps({"total": total, "sentences": split[True], "detector_texts": split[False]}))
"""


def cold_split(path: Path, texts: list[str]) -> dict:
    """An in-process cold audit (empty cache, the model loaded beforehand) with the encoder timed call by call:
    {"total": s, "sentences": [texts, s], "detector_texts": [texts, s]}."""
    result = subprocess.run([sys.executable, "-c", _COLD_SPLIT, str(path)], input=json.dumps(texts),
                            capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(result.stdout)


def audit(path: Path, cache: Path, *extra: str) -> tuple[float, float]:
    """(wall seconds, peak memory MB of the auditor process and its workers) of one `auditor audit` run."""
    env = {**os.environ, "AUDITOR_CACHE_DIR": str(cache)}
    command = [sys.executable, "-m", "auditor", "audit", str(path), "--format", "json", "--fail-on", "never", *extra]
    errors = cache.parent / "stderr.txt"
    with errors.open("wb") as stderr:
        start = time.perf_counter()
        process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=stderr)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"auditor failed on {path}: {errors.read_text()[-2000:]}")
    return wall, usage.ru_maxrss / 1024  # Linux reports kB; for --jobs, the largest process, not the sum


_WHOLE_RUN = {"__main__", "cli", "audit", "batching"}  # modules that only hand the work on: they take all of it


def seconds_per_module(path: Path, cache: Path) -> dict[str, float]:
    """Seconds a warm audit spends in each auditor module, from a profile: the time of every call into the module
    from outside it, with what it calls in turn (lingua inside auditor.langid, for one), so rows overlap."""
    profile = cache.parent / "audit.prof"
    env = {**os.environ, "AUDITOR_CACHE_DIR": str(cache)}
    subprocess.run(
        [sys.executable, "-m", "cProfile", "-o", str(profile), "-m", "auditor", "audit", str(path),
         "--format", "json", "--fail-on", "never"],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, check=True,
    )
    package = str(ROOT / "auditor")
    module = lambda function: (  # noqa: E731
        function[0][len(package) + 1:].removesuffix(".py").replace(os.sep, ".")
        if function[0].startswith(package) else None
    )
    seconds: dict[str, float] = {}
    for function, (_, _, _, _, callers) in pstats.Stats(str(profile)).stats.items():  # type: ignore[attr-defined]
        name = module(function)
        if name:
            outside = sum(edge[3] for caller, edge in callers.items() if module(caller) != name)
            seconds[name] = seconds.get(name, 0.0) + outside
    return dict(sorted(seconds.items(), key=lambda item: -item[1]))


def copies(source: Path, target: Path, times: int) -> Path:
    """``times`` copies of every family of ``source``: the same text, so the same embeddings."""
    for n in range(times):
        for family in sorted(p for p in source.iterdir() if p.is_dir()):
            shutil.copytree(family, target / f"{family.name}-{n}")
    return target


def family_of(versions: int, source: Path, target: Path) -> Path:
    """One family of ``versions`` versions: the biggest dev-set family's versions, repeated with a line left out."""
    biggest = max((p for p in source.iterdir() if p.is_dir()), key=lambda p: sum(f.stat().st_size for f in p.iterdir()))
    files = sorted(biggest.iterdir())
    target.mkdir(parents=True)
    for n in range(versions):
        lines = files[n % len(files)].read_text(encoding="utf-8").splitlines()
        drop = n // len(files)  # each round of repeats leaves out a different line
        kept = [line for i, line in enumerate(lines) if i != drop - 1]
        (target / f"v{n:02d}.txt").write_text("\n".join(kept) + "\n", encoding="utf-8")
    return target


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    return f"{cpu}, {len(os.sched_getaffinity(0))} cores, Python {platform.python_version()}, {platform.system()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devset", type=Path, default=DEVSET, help="a folder of families (default: %(default)s)")
    parser.add_argument("--skip-scale", action="store_true", help="leave out the scale runs (section 6)")
    args = parser.parse_args()
    print(f"machine: {machine()}; load average at start: {os.getloadavg()[0]:.1f}")
    print(f"OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS', '(unset: all cores)')}")
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="auditor-bench-") as scratch:
        work = Path(scratch)
        print("\n                 versions  lines  sentences  encoder s/s (per CPU s)  cold s   MB  warm s   MB  "
              "cold/encode")
        for name, path in (("seed family", SEED), ("dev set", args.devset)):
            texts = distinct_sentences(path)
            per_wall, per_cpu = encoder_throughput(texts)
            cache = work / f"cache-{name.replace(' ', '-')}"
            cold, cold_mb = audit(path, cache)
            warm, warm_mb = audit(path, cache)
            encode_s = len(texts) / per_wall
            versions = sum(len(f.versions) for f in load([path]))
            print(f"{name:<16} {versions:>8} {line_count(path):>6} {len(texts):>10} {per_wall:>12.1f} ({per_cpu:>5.1f})"
                  f"         {cold:>6.1f} {cold_mb:>4.0f}  {warm:>6.1f} {warm_mb:>4.0f}  {cold / encode_s:>10.2f}")
            results[name] = {"cache": cache, "path": path, "warm": warm, "texts": texts}
        print("\ncold audit in one process, model loaded first, where the time goes (encoder timed call by call):")
        for name, result in results.items():
            split = cold_split(result["path"], result["texts"])
            (n_sentences, s_sentences), (n_own, s_own) = split["sentences"], split["detector_texts"]
            rest = split["total"] - s_sentences - s_own
            print(f"  {name}: {split['total']:.1f} s = encoder on {n_sentences} sentences {s_sentences:.1f} s + encoder "
                  f"on {n_own} texts the detectors embed (names, words, notice prototypes) {s_own:.1f} s + the rest "
                  f"{rest:.1f} s; audit / encoder of everything it embeds {split['total'] / (s_sentences + s_own):.2f}")
        dev = results["dev set"]
        modules = seconds_per_module(dev["path"], dev["cache"])
        stages = [(name, seconds) for name, seconds in modules.items() if name not in _WHOLE_RUN][:12]
        print("\nwarm dev-set audit under a profiler, seconds spent in each auditor module (with what it calls):")
        print("  " + ", ".join(f"{name} {seconds:.1f}" for name, seconds in stages))
        print(f"language identification (auditor.langid, lingua and cld2 included): {modules.get('langid', 0):.1f} s")
        for state, cache in (("cold", work / "cache-jobs-2"), ("warm", dev["cache"])):
            wall, mb = audit(args.devset, cache, "--jobs", "2")
            print(f"{state} dev-set audit with --jobs 2: {wall:.1f} s, largest process {mb:.0f} MB")
        if not args.skip_scale:
            # The best of two runs each: on a shared machine the difference is otherwise mostly noise.
            once, once_mb = min(audit(args.devset, dev["cache"]) for _ in range(2))
            triple = copies(args.devset, work / "devset-x3", 3)
            thrice, thrice_mb = min(audit(triple, dev["cache"]) for _ in range(2))
            per_line = (thrice - once) / (2 * line_count(args.devset)) * 1000
            print(f"\nscale, warm, best of 2: dev set x1 {once:.1f} s {once_mb:.0f} MB, x3 {thrice:.1f} s "
                  f"{thrice_mb:.0f} MB ({thrice / once:.2f} x the time; {per_line:.1f} ms for each further line)")
            for versions in (3, 6, 12):
                family = family_of(versions, args.devset, work / f"family-{versions}")
                audit(family, dev["cache"])  # fills the cache with the new lines
                wall, mb = audit(family, dev["cache"])
                print(f"one family of {versions:>2} versions ({versions * (versions - 1) // 2:>2} pairs), warm: "
                      f"{wall:.1f} s, {mb:.0f} MB")
    print(f"\nload average at end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
