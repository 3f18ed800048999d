"""JSON Lines corpora: one family per line, from a file or standard input."""
import json
import subprocess
import sys

from conftest import BUDGET_DE, BUDGET_EN, BUDGET_ES_HALF, ROOT, run_cli


def _family(family_id, **texts):
    return json.dumps({"id": family_id, "versions": [{"id": v, "text": t} for v, t in texts.items()]},
                      ensure_ascii=False)


def test_a_corpus_audits_and_findings_point_at_lines_of_each_text(tmp_path):
    corpus = tmp_path / "export.jsonl"
    corpus.write_text(_family("budget", en=BUDGET_EN, de=BUDGET_DE, es=BUDGET_ES_HALF) + "\n", encoding="utf-8")
    result = run_cli("audit", corpus, "--format", "json", "--fail-on", "never")
    assert result.returncode == 0, result.stderr
    family = json.loads(result.stdout)["families"][0]
    assert family["id"] == "budget" and family["path"] == f"{corpus}:1"
    spanish = next(v for v in family["versions"] if v["id"] == "es")
    assert spanish["lines"] == 2 and spanish["language"] == "es"
    omission = next(f for f in spanish["findings"] if f["kind"] == "omission")
    assert omission["line"] == 2 and "lines 3-4" in omission["message"]  # the English text's lines 3 and 4


def test_bad_lines_are_skipped_with_a_note_and_the_rest_audits(tmp_path):
    corpus = tmp_path / "export.jsonl"
    lines = [
        _family("budget", en=BUDGET_EN, de=BUDGET_DE),
        '{"id": "cut", "versions": [{"id": "en", "te',  # an export cut short
        json.dumps({"id": "nothing", "versions": []}),
        json.dumps({"id": "no-text", "versions": [{"id": "en", "text": 3}]}),
        _family("budget", en=BUDGET_EN),  # the same id again
    ]
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_cli("audit", corpus, "--format", "json", "--fail-on", "never")
    assert result.returncode == 0, result.stderr
    assert [f["id"] for f in json.loads(result.stdout)["families"]] == ["budget"]
    warnings = [line for line in result.stderr.splitlines() if "skipped" in line]
    assert [w.split(": ", 3)[2].rsplit(":", 1)[1] for w in warnings] == ["2", "3", "4", "5"]
    assert f"{corpus}:2: not JSON" in warnings[0]
    assert '"versions" must be a list' in warnings[1]
    assert '"text" must be a string' in warnings[2]
    assert "family id 'budget' again" in warnings[3]


def test_a_corpus_with_no_family_is_a_one_line_error(tmp_path):
    corpus = tmp_path / "export.jsonl"
    corpus.write_text("not json at all\n", encoding="utf-8")
    result = run_cli("audit", corpus)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1] == (
        f"auditor: error: {corpus}: no family to audit ({corpus}:1: not JSON (Expecting value at column 1))")


def test_standard_input_and_the_language_a_version_must_be_in(tmp_path):
    record = {"id": "budget", "versions": [{"id": "en", "text": BUDGET_EN},
                                           {"id": "de", "language": "fr", "text": BUDGET_DE}]}
    result = subprocess.run([sys.executable, "-m", "auditor", "audit", "-", "--format", "json", "--fail-on", "never"],
                            input=json.dumps(record) + "\n", capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    versions = json.loads(result.stdout)["families"][0]["versions"]
    assert [v["path"] for v in versions] == ["<stdin>:1/en", "<stdin>:1/de"]
    assert versions[1]["language"] == "fr"  # given, not guessed: every German line reads as foreign
    assert any(f["kind"] == "stray_language" for f in versions[1]["findings"])
