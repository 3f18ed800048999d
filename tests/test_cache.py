"""Speed and scale: the embedding cache, `auditor cache info|clear`, --jobs, and the progress bar."""
import io
import json
import os
import subprocess
import sys
import time
from functools import cache
from pathlib import Path

from auditor.audit import run_audit
from auditor.embed.cache import CachedEmbedder
from auditor.embed.e5 import BundledE5
from auditor.embed.ort import OnnxE5
from auditor.progress import ProgressBar
from auditor.report import render
from auditor.settings import Settings
from conftest import ROOT, run_cli, write_family

HARBOUR = {
    "en": "The old harbour will reopen to ferries in May.\nTickets go on sale at the town hall next week.\n",
    "fr": "Le vieux port rouvrira aux ferries en mai.\nLes billets seront en vente à la mairie la semaine prochaine.\n",
    "pl": "Stary port zostanie ponownie otwarty dla promów w maju.\nBilety będą w sprzedaży w ratuszu w przyszłym tygodniu.\n",
}
LIBRARY = {
    "en": "The city library extends its opening hours.\nIt will stay open until nine on weekdays.\n",
    "it": "La biblioteca civica amplia l'orario di apertura.\nResterà aperta fino alle nove nei giorni feriali.\n",
    "nl": "De stadsbibliotheek verlengt haar openingstijden.\nOp weekdagen blijft ze open tot negen uur.\n",
}
MARKET = {
    "en": "The Saturday market moves to the river bank.\nStalls open at seven in the morning.\n",
    "es": "El mercado del sábado se traslada a la orilla del río.\nLos puestos abren a las siete de la mañana.\n",
}


@cache
def _shared_graphs() -> Path:
    """The test run's cache folder, with the default engine's graph built (once per test run)."""
    shared = Path(os.environ["AUDITOR_CACHE_DIR"])
    OnnxE5(shared).encode(["build the graph"])
    return shared / "onnx"


def _cache_with_graph(cache: Path) -> Path:
    """An empty cache folder as a run after the first finds it: the engine's graph built, no vectors."""
    cache.mkdir(parents=True, exist_ok=True)
    (cache / "onnx").symlink_to(_shared_graphs())
    return cache


def _corpus(root):
    for name, versions in (("harbour", HARBOUR), ("library", LIBRARY), ("market", MARKET)):
        write_family(root / name, versions)
    return root


def _json(paths, embedder, **settings):
    return render(run_audit(paths, Settings(fail_on="never", **settings), embedder), "json")


def test_second_run_embeds_nothing_new_and_reports_the_same(tmp_path):
    family = write_family(tmp_path / "harbour", HARBOUR)
    first = CachedEmbedder(BundledE5(), tmp_path / "cache")
    report = _json([family], first)
    assert first.embedded >= 4  # every sentence of the family, and what the detectors embed
    second = CachedEmbedder(BundledE5(), tmp_path / "cache")
    assert _json([family], second) == report
    assert second.embedded == 0
    assert _json([family], BundledE5(), cache=False) == report


def test_a_changed_line_is_the_only_text_embedded_again(tmp_path):
    family = write_family(tmp_path / "harbour", HARBOUR)
    _json([family], CachedEmbedder(BundledE5(), tmp_path / "cache"))
    (family / "fr.txt").write_text(HARBOUR["fr"].replace("en mai", "en juin"), encoding="utf-8")
    again = CachedEmbedder(BundledE5(), tmp_path / "cache")
    _json([family], again)
    assert again.embedded == 1


def test_cli_results_are_identical_with_and_without_the_cache(tmp_path):
    family = write_family(tmp_path / "library", LIBRARY)
    env = {"AUDITOR_CACHE_DIR": str(_cache_with_graph(tmp_path / "cache"))}
    runs = [run_cli("audit", family, "--format", "json", *extra, env=env) for extra in ([], [], ["--no-cache"])]
    assert [r.returncode for r in runs] == [0, 0, 0], runs[0].stderr
    assert runs[0].stdout == runs[1].stdout == runs[2].stdout
    assert all(r.stderr == "" for r in runs)  # no progress bar, no noise when stderr is not a terminal


def test_two_processes_share_one_cache(tmp_path):
    corpus = _corpus(tmp_path / "corpus")
    cache = tmp_path / "cache"
    env = {"AUDITOR_CACHE_DIR": str(cache)}
    command = [sys.executable, "-m", "auditor", "audit", str(corpus), "--format", "json"]
    runs = [subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [run.communicate() for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs[0][1]
    assert outputs[0][0] == outputs[1][0]
    third = CachedEmbedder(OnnxE5(cache), cache)  # the default engine, as the two runs (which built its graph at once)
    _json([corpus], third)
    assert third.embedded == 0  # both wrote what they embedded, and the database stayed whole


def test_cache_info_and_clear(tmp_path):
    family = write_family(tmp_path / "market", MARKET)
    env = {"AUDITOR_CACHE_DIR": str(tmp_path / "cache")}
    empty = run_cli("cache", "info", env=env)
    assert empty.returncode == 0 and "vectors: none" in empty.stdout
    assert run_cli("audit", family, env=env).returncode == 0
    info = run_cli("cache", "info", env=env)
    assert info.returncode == 0
    assert str(tmp_path / "cache" / "embeddings.sqlite") in info.stdout
    count = int(info.stdout.split("vectors: ")[1].split()[0])
    assert count >= 4 and "multilingual-e5-small" in info.stdout
    cleared = run_cli("cache", "clear", env=env)
    assert cleared.returncode == 0 and f"forgot {count} " in cleared.stdout
    assert "vectors: none" in run_cli("cache", "info", env=env).stdout


def test_a_damaged_cache_costs_time_not_the_run(tmp_path):
    family = write_family(tmp_path / "market", MARKET)
    _cache_with_graph(tmp_path / "cache")
    (tmp_path / "cache" / "embeddings.sqlite").write_bytes(b"not a database, " * 1000)
    env = {"AUDITOR_CACHE_DIR": str(tmp_path / "cache")}
    audit = run_cli("audit", family, "--format", "json", env=env)
    fresh = run_cli("audit", family, "--format", "json", "--no-cache", env=env)
    assert audit.returncode == 0 and audit.stdout == fresh.stdout
    assert audit.stderr.count("\n") == 1 and "embedding cache" in audit.stderr and "going on without it" in audit.stderr
    info = run_cli("cache", "info", env=env)
    assert info.returncode == 2 and info.stderr.count("\n") == 1 and "Traceback" not in info.stderr


def test_jobs_2_gives_the_same_report_as_jobs_1(tmp_path):
    corpus = _corpus(tmp_path / "corpus")
    one = run_cli("audit", corpus, "--format", "json", "--jobs", "1")
    two = run_cli("audit", corpus, "--format", "json", "--jobs", "2")
    assert one.returncode == two.returncode == 0, two.stderr
    assert two.stdout == one.stdout
    assert [f["id"] for f in json.loads(two.stdout)["families"]] == ["harbour", "library", "market"]


def test_jobs_must_be_a_positive_number(tmp_path):
    family = write_family(tmp_path / "market", MARKET)
    result = run_cli("audit", family, "--jobs", "0")
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "--jobs" in result.stderr


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_shows_on_a_terminal_after_the_delay_and_never_elsewhere():
    terminal, log = _Terminal(), io.StringIO()
    with ProgressBar(terminal, delay_s=0) as progress:
        progress(0, 3)
        progress(2, 3)
        _wait_for(lambda: "auditing families" in terminal.getvalue())
    with ProgressBar(log, delay_s=0) as progress:
        progress(1, 3)
    assert "auditing families" in terminal.getvalue()
    assert log.getvalue() == ""


def _wait_for(condition) -> None:
    for _ in range(100):
        if condition():
            return
        time.sleep(0.05)
