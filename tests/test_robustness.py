"""Bad and hostile input. Where nothing can be audited: one clear line and exit 2. Where something can: a report,
with a note on each file that was skipped and a warning line on stderr. Never a traceback; input files never change;
document text never acts on the terminal or the report."""
import json
import os
import pty
import re
import subprocess
import sys

import jsonschema
import pytest

from auditor.cli import write_output
from auditor.errors import AuditorError
from conftest import ROOT, SCHEMA, run_cli, write_family

EN = "The council approved the new budget on Monday.\nSchools will receive more money next year.\nThe mayor said taxes would not rise.\n"
DE = "Der Rat hat am Montag den neuen Haushalt beschlossen.\nSchulen erhalten im nächsten Jahr mehr Geld.\nDer Bürgermeister sagte, die Steuern würden nicht steigen.\n"
RU = "Совет утвердил новый бюджет в понедельник.\nШколы получат больше денег в следующем году.\nМэр сказал, что налоги не вырастут.\n"
FR = "Le conseil a approuvé le nouveau budget lundi.\nLes écoles recevront plus d'argent l'année prochaine.\nLe maire a déclaré que les impôts n'augmenteraient pas.\n"
HOSTILE = "Click [bold red]PWNED[/] now \x1b[2J\x1b]8;;https://evil.example\x07here\x1b]8;;\x07 \u202eesrever\u202c | <script>alert(1)</script> [go](javascript:alert(1)) `x`."
AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def snapshot(root) -> dict:
    """Every entry under root with its content (a link: its target) and modification time."""
    state = {}
    for folder, _, names in os.walk(root):
        for name in names:
            path = os.path.join(folder, name)
            info = os.lstat(path)
            if os.path.islink(path):
                state[path] = ("link", os.readlink(path))
            elif os.access(path, os.R_OK) and os.path.isfile(path):
                state[path] = (open(path, "rb").read(), info.st_mtime_ns, info.st_mode)
            else:
                state[path] = (info.st_size, info.st_mtime_ns, info.st_mode)
    return state


def assert_one_line_error(result: subprocess.CompletedProcess, *words: str) -> None:
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("auditor: error: "), result.stderr
    for word in words:
        assert word in lines[0]


def test_a_missing_path_stops_the_run_even_beside_good_ones(tmp_path):
    family = write_family(tmp_path / "budget", {"en": EN, "de": DE})
    assert_one_line_error(run_cli("audit", family, tmp_path / "typo"), "typo", "no such file or directory")


def test_an_empty_folder_is_one_line(tmp_path):
    (tmp_path / "empty").mkdir()
    assert_one_line_error(run_cli("audit", tmp_path / "empty"), "no version files", "*.txt", "*.md")


def _empty(path):
    path.write_bytes(b"")


def _blank(path):
    path.write_bytes(b"\xef\xbb\xbf\n  \r\n\t\n")


def _binary(path):
    path.write_bytes(bytes(range(256)) * 8)


def _broken_utf16(path):
    path.write_bytes(b"\xff\xfe" + "Hello".encode("utf-16-le") + b"\x00\xd8")  # ends in half a surrogate pair


def _symlink_loop(path):
    path.symlink_to(path.name)


def _unreadable(path):
    path.write_text(EN)
    path.chmod(0)


@pytest.mark.parametrize("make, reason", [
    (_empty, "empty file"),
    (_blank, "empty file"),
    (_binary, "binary file"),
    (_broken_utf16, "byte-order mark but is not utf-16-le"),
    (_symlink_loop, "symbolic link loop"),
    pytest.param(_unreadable, "permission denied",
                 marks=pytest.mark.skipif(AS_ROOT, reason="root reads every file")),
])
def test_a_family_with_nothing_auditable_is_one_line_and_exit_2(tmp_path, make, reason):
    (tmp_path / "fam").mkdir()
    make(tmp_path / "fam" / "en.txt")
    before = snapshot(tmp_path)
    assert_one_line_error(run_cli("audit", tmp_path / "fam"), "nothing to audit", "en.txt", reason)
    assert_one_line_error(run_cli("audit", tmp_path / "fam" / "en.txt"), "en.txt", reason)
    assert snapshot(tmp_path) == before


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    """A family of good versions in four encodings beside every kind of bad file, audited once."""
    root = tmp_path_factory.mktemp("mixed")
    family = root / "news"
    family.mkdir()
    (family / "en.txt").write_text(EN, encoding="utf-8")
    (family / "de.txt").write_bytes(DE.encode("latin-1"))
    (family / "ru.txt").write_bytes(RU.encode("cp1251"))
    (family / "fr.txt").write_bytes(FR.encode("utf-16"))  # with a byte-order mark
    _empty(family / "empty.txt")
    _binary(family / "image.txt")
    _symlink_loop(family / "loop.txt")
    os.mkfifo(family / "pipe.txt")  # reading it would wait forever
    (family / "._en.txt").write_bytes(b"\x00\x05\x16\x07")  # a macOS resource fork: hidden, not a version
    if not AS_ROOT:
        _unreadable(family / "locked.txt")
    before = snapshot(root)
    result = run_cli("audit", family, "--format", "json", "--fail-on", "never")
    return family, result, before, snapshot(root)


def test_bad_files_are_skipped_with_a_note_and_a_warning(mixed):
    family, result, _, _ = mixed
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text())).validate(report)
    notes = report["families"][0]["notes"]
    skipped = {"empty.txt": "empty file", "image.txt": "binary file", "loop.txt": "symbolic link loop",
               "pipe.txt": "not a regular file"}
    if not AS_ROOT:
        skipped["locked.txt"] = "permission denied"
    for name, reason in skipped.items():
        assert any(n.startswith("skipped ") and name in n and reason in n for n in notes), (name, notes)
    warnings = result.stderr.splitlines()
    assert all(w.startswith("auditor: warning: ") for w in warnings) and "Traceback" not in result.stderr
    assert sum("skipped" in w for w in warnings) == len(skipped)
    assert not any("._en" in n for n in notes + warnings)


def test_other_encodings_are_read_and_named(mixed):
    _, result, _, _ = mixed
    versions = {v["id"]: v for v in json.loads(result.stdout)["families"][0]["versions"]}
    assert sorted(versions) == ["de", "en", "fr", "ru"]
    assert {v: versions[v]["encoding"] for v in versions} == {"en": "utf-8", "de": "cp1252", "ru": "cp1251", "fr": "utf-16-le"}
    assert {v: versions[v]["language"] for v in versions} == {"en": "en", "de": "de", "ru": "ru", "fr": "fr"}
    assert all(versions[v]["lines"] == 3 for v in versions)
    notes = json.loads(result.stdout)["families"][0]["notes"]
    assert any("de.txt" in n and "read as cp1252" in n for n in notes)
    assert any("ru.txt" in n and "read as cp1251" in n for n in notes)


def test_input_files_are_never_changed(mixed):
    _, _, before, after = mixed
    assert after == before


def test_a_family_with_nothing_auditable_stays_in_the_report_of_a_corpus(tmp_path):
    write_family(tmp_path / "corpus" / "budget", {"en": EN, "de": DE})
    (tmp_path / "corpus" / "broken").mkdir()
    _binary(tmp_path / "corpus" / "broken" / "en.txt")
    result = run_cli("audit", tmp_path / "corpus", "--format", "json", "--fail-on", "never")
    assert result.returncode == 0 and result.stderr.count("\n") == 1 and "binary file" in result.stderr
    families = {f["id"]: f for f in json.loads(result.stdout)["families"]}
    assert len(families["budget"]["versions"]) == 2
    assert families["broken"]["versions"] == [] and "binary file" in families["broken"]["notes"][0]


def test_a_utf8_file_with_a_few_corrupt_bytes_stays_utf8(tmp_path):
    from auditor.load import load

    family = write_family(tmp_path / "f", {"de": DE})
    (family / "de.txt").write_bytes(DE.encode("utf-8").replace("Haushalt".encode(), b"Haus\xffhalt"))
    version = load([family])[0].versions[0]
    assert version.encoding == "utf-8" and version.lines[0] == "Der Rat hat am Montag den neuen Haus\ufffdhalt beschlossen."
    assert "1 invalid UTF-8 byte sequences" in load([family])[0].notes[0]


def test_a_family_of_one_version_is_audited_without_comparison(tmp_path):
    family = write_family(tmp_path / "solo", {"en": EN})
    result = run_cli("audit", family, "--format", "json")
    assert result.returncode == 0 and result.stderr == ""
    report = json.loads(result.stdout)["families"][0]
    assert report["versions"][0]["fidelity"] is None and report["pairs"] == []
    assert any("only one version" in n for n in report["notes"])


def test_a_one_megabyte_line_without_sentence_ends_is_audited(tmp_path):
    unbroken = "budget " * 150_000  # 1 MB with no sentence end: cut into pieces that fit the model
    family = write_family(tmp_path / "huge", {"en": f"{EN}{unbroken}\n", "de": DE})
    result = run_cli("audit", family, "--format", "json", "--fail-on", "never")
    assert result.returncode == 0 and "Traceback" not in result.stderr
    versions = {v["id"]: v for v in json.loads(result.stdout)["families"][0]["versions"]}
    assert versions["en"]["lines"] == 4 and versions["de"]["fidelity"] is not None


def test_a_one_megabyte_line_of_sentences_is_audited(tmp_path):
    prose = "The council approved the new budget on Monday. " * 21_000  # 21,000 sentences on one line
    family = write_family(tmp_path / "huge", {"en": f"Budget\n{prose}\n", "de": DE})
    result = run_cli("audit", family, "--format", "json", "--fail-on", "never")
    assert result.returncode == 0 and "Traceback" not in result.stderr
    versions = {v["id"]: v for v in json.loads(result.stdout)["families"][0]["versions"]}
    assert versions["en"]["lines"] == 2


def test_a_file_of_100000_lines_is_audited(tmp_path):
    # a scraped page: a few paragraphs lost among 100,000 lines of blanks and whitespace
    lines = [EN.splitlines()[i // 40_000] if i % 40_000 == 0 else " " * (i % 3) for i in range(100_000)]
    family = write_family(tmp_path / "long", {"en": "\n".join(lines) + "\n", "de": DE})
    result = run_cli("audit", family, "--format", "json", "--fail-on", "never")
    assert result.returncode == 0 and "Traceback" not in result.stderr
    versions = {v["id"]: v for v in json.loads(result.stdout)["families"][0]["versions"]}
    assert versions["en"]["lines"] == 100_000 and versions["en"]["fidelity"] > 0.5


@pytest.fixture(scope="module")
def hostile_family(tmp_path_factory):
    """A family whose English version carries a line that tries to act on the terminal and the markdown."""
    return write_family(tmp_path_factory.mktemp("hostile") / "news", {"en": EN + HOSTILE + "\n", "de": DE})


def assert_escaped(output: str) -> None:
    """The whole hostile line is shown (with --verbose: the one-line view cuts it at the width)."""
    assert "[bold red]PWNED[/]" in output  # rich markup printed as it stands
    assert "\\x1b[2J" in output and "\\x1b]8;;" in output and "\\u202e" in output  # escapes shown...
    assert "\x1b[2J" not in output and "\x1b]8" not in output and "\u202e" not in output  # ...never sent raw
    assert "\x07" not in output


def test_terminal_report_shows_markup_and_escape_sequences_as_text(hostile_family):
    result = run_cli("audit", hostile_family, "--fail-on", "never", "--verbose", env={"NO_COLOR": "", "FORCE_COLOR": ""})
    assert result.returncode == 0
    assert_escaped(result.stdout)
    assert "\x1b" not in result.stdout  # no colour on a pipe: no escape sequence at all


def test_forced_colour_still_escapes_document_text(hostile_family):
    result = run_cli("audit", hostile_family, "--fail-on", "never", "--verbose", env={"FORCE_COLOR": "1", "NO_COLOR": ""})
    assert "\x1b[" in result.stdout  # coloured
    assert_escaped(result.stdout)


def test_terminal_report_on_a_real_terminal_escapes_document_text(hostile_family):
    leader, follower = pty.openpty()
    env = {**os.environ, "NO_COLOR": "", "FORCE_COLOR": "", "COLUMNS": "200"}
    process = subprocess.Popen([sys.executable, "-m", "auditor", "audit", str(hostile_family), "--fail-on", "never", "--verbose"],
                               stdout=follower, stderr=subprocess.PIPE, cwd=ROOT, env=env)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closes when the process ends
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert process.wait() == 0, process.stderr.read()
    output = b"".join(chunks).decode("utf-8")
    assert "\x1b[" in output  # a terminal gets colour
    assert_escaped(output)


def test_markdown_report_renders_document_text_as_text(hostile_family):
    result = run_cli("audit", hostile_family, "--format", "markdown", "--fail-on", "never")
    assert result.returncode == 0
    output = result.stdout
    assert "PWNED" in output and "&lt;script&gt;" in output
    assert "<script>" not in output and "](javascript" not in output and "\x1b" not in output
    # every row of a table has as many cell separators as its header: no pipe from the text opens a cell
    for table in re.findall(r"(?:^\|.*\n)+", output, flags=re.MULTILINE):
        counts = {len(re.findall(r"(?<!\\)\|", row)) for row in table.splitlines()}
        assert len(counts) == 1, table


def test_two_runs_give_byte_identical_json_whatever_hash_seed_threads_or_file_order(tmp_path):
    texts = {"en": EN, "de": DE, "ru": RU, "fr": FR}
    outputs = []
    for run, (seed, threads, order) in enumerate([("1", "1", list(texts)), ("4242", "2", list(reversed(texts)))]):
        cwd = tmp_path / f"run{run}"
        write_family(cwd / "news", {v: texts[v] for v in order})
        result = run_cli("audit", "news", "--format", "json", "--fail-on", "never", cwd=cwd,
                         env={"PYTHONHASHSEED": seed, "OMP_NUM_THREADS": threads})
        assert result.returncode == 0, result.stderr
        outputs.append(result.stdout)
    files = [f"news/{v}.txt" for v in reversed(texts)]  # explicit files, in another order
    outputs.append(run_cli("audit", *files, "--format", "json", "--fail-on", "never", cwd=tmp_path / "run0").stdout)
    assert outputs[0] == outputs[1] == outputs[2]


def test_output_refuses_inputs_before_auditing(tmp_path):
    family = write_family(tmp_path / "news", {"en": EN, "de": DE})
    (tmp_path / "link.txt").symlink_to(family / "en.txt")
    before = snapshot(tmp_path)
    assert_one_line_error(run_cli("audit", family, "-o", tmp_path / "link.txt"), "refusing")
    assert_one_line_error(run_cli("audit", family, "-o", family / "report.md", "--format", "markdown"),
                          "refusing", "would read it as a version")
    assert snapshot(tmp_path) == before


def test_output_is_replaced_atomically_keeping_its_permissions(tmp_path):
    out = tmp_path / "reports" / "r.json"
    out.parent.mkdir()
    out.write_text("old report")
    out.chmod(0o640)
    write_output('{"new": 1}\n', str(out), [str(tmp_path / "news")])
    assert out.read_text() == '{"new": 1}\n'
    assert out.stat().st_mode & 0o777 == 0o640
    assert os.listdir(out.parent) == ["r.json"]  # no temporary file left behind
    with pytest.raises(AuditorError, match="is a folder"):
        write_output("x", str(out.parent), [])
    assert out.read_text() == '{"new": 1}\n'
