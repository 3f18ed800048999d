import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "fixtures" / "trump-putin"
SCHEMA = ROOT / "auditor" / "schema" / "report.schema.json"


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory):
    """Tests never touch the user's embedding cache; they share one of their own."""
    os.environ["AUDITOR_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))


def run_cli(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """The real command line, in a subprocess, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "auditor", *map(str, args)],
        capture_output=True, text=True, cwd=cwd or ROOT, env={**os.environ, **(env or {})},
    )


@pytest.fixture(scope="session")
def fixture_report() -> dict:
    """The JSON report of the fixture family, computed once per test run."""
    result = run_cli("audit", FIXTURE, "--format", "json", "--fail-on", "never")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def version_of(report: dict, prefix: str) -> dict:
    return next(v for f in report["families"] for v in f["versions"] if v["id"].startswith(prefix))


def write_family(root: Path, versions: dict[str, str]) -> Path:
    """A small family written by a test: {version id: text}."""
    root.mkdir(parents=True, exist_ok=True)
    for version_id, text in versions.items():
        (root / f"{version_id}.txt").write_text(text, encoding="utf-8")
    return root


# A small translated family whose alignment is certain: four sentences on four unrelated subjects, one a line,
# in English and German, and a Spanish version that carries only the first two.
BUDGET_EN = (
    "The council approved the new budget on Monday.\n"
    "Heavy snow closed the mountain roads for three days.\n"
    "A rare orchid was found in the botanical garden.\n"
    "The local football club signed a young goalkeeper.\n"
)
BUDGET_DE = (
    "Der Rat hat am Montag den neuen Haushalt beschlossen.\n"
    "Starker Schneefall hat die Bergstraßen drei Tage lang gesperrt.\n"
    "Im Botanischen Garten wurde eine seltene Orchidee gefunden.\n"
    "Der örtliche Fußballverein hat einen jungen Torwart verpflichtet.\n"
)
BUDGET_ES_HALF = (
    "El consejo aprobó el nuevo presupuesto el lunes.\n"
    "Una fuerte nevada cerró las carreteras de montaña durante tres días.\n"
)


def entity_warnings(folder: Path, versions: dict[str, str]) -> list[tuple[str, int]]:
    """(version, line) of every entity_mismatch warning the command line reports on the family written to
    ``folder``; the audit writes only its own notes to stderr ("auditor: ..."), nothing else."""
    result = run_cli("audit", write_family(folder, versions), "--format", "json", "--fail-on", "never")
    assert result.returncode == 0, result.stderr
    assert all(line.startswith("auditor: ") for line in result.stderr.splitlines()), result.stderr
    return [(v["id"], f["line"]) for v in json.loads(result.stdout)["families"][0]["versions"] for f in v["findings"]
            if f["kind"] == "entity_mismatch" and f["severity"] != "info"]
