"""The end-to-end contract of `auditor audit`: input forms, JSON schema, exit codes, output files."""
import json

import jsonschema
import pytest

from auditor.load import load, split_lines
from conftest import FIXTURE, SCHEMA, run_cli, version_of, write_family

EN = "The council approved the new budget on Monday.\nSchools will receive more money next year.\n"
DE = "Der Rat hat am Montag den neuen Haushalt beschlossen.\nSchulen erhalten im nächsten Jahr mehr Geld.\n"
ES = "El consejo aprobó el nuevo presupuesto el lunes.\nLas escuelas recibirán más dinero el próximo año.\n"


def test_fixture_family_is_the_seed_family_byte_for_byte():
    names = sorted(p.name for p in FIXTURE.iterdir())
    assert len(names) == 5 and all(n.endswith(".txt") for n in names)


def test_json_report_follows_the_schema(fixture_report):
    schema = json.loads(SCHEMA.read_text())
    jsonschema.Draft202012Validator(schema).validate(fixture_report)
    family = fixture_report["families"][0]
    assert family["id"] == "trump-putin"
    assert [v["language"] for v in family["versions"]] == ["en"] * 5
    assert len(family["pairs"]) == 10
    # an article of its own (a rewrite) translates nothing: no fidelity
    assert all(0 <= v["fidelity"] <= 1 if v["relation"]["kind"] != "rewrite" else v["fidelity"] is None
               for v in family["versions"])


def test_same_language_pairs_carry_chrf(fixture_report):
    assert all(p["chrf"] is not None for p in fixture_report["families"][0]["pairs"])


def test_line_numbers_count_blank_lines_and_every_line_ending(tmp_path):
    assert split_lines("a\r\nb\rc\n\nd\n") == ("a", "b", "c", "", "d")
    (tmp_path / "fam").mkdir()
    (tmp_path / "fam" / "a.txt").write_bytes("\ufeffTitle\r\n\r\nBody text here.\r\n".encode("utf-8"))
    (tmp_path / "fam" / "b.md").write_text("Title\n\nBody text here.\n")
    family = load([tmp_path / "fam"])[0]
    assert family.version("a").lines == ("Title", "", "Body text here.")
    assert [v.id for v in family.versions] == ["a", "b"]


def test_folder_of_families_and_explicit_files(tmp_path):
    write_family(tmp_path / "corpus" / "one", {"en": EN, "de": DE})
    write_family(tmp_path / "corpus" / "two", {"en": EN, "es": ES})
    assert [f.id for f in load([tmp_path / "corpus"])] == ["one", "two"]
    explicit = load([tmp_path / "corpus" / "one" / "en.txt", tmp_path / "corpus" / "two" / "es.txt"])
    assert len(explicit) == 1 and [v.id for v in explicit[0].versions] == ["en", "es"]


def test_languages_of_a_small_translated_family(tmp_path):
    family = write_family(tmp_path / "budget", {"en": EN, "de": DE, "es": ES})
    result = run_cli("audit", family, "--format", "json")
    report = json.loads(result.stdout)
    assert {v["id"]: v["language"] for v in report["families"][0]["versions"]} == {"en": "en", "de": "de", "es": "es"}
    assert all(v["fidelity"] > 0.9 for v in report["families"][0]["versions"])


def test_fidelity_drops_for_a_version_that_lacks_half_the_text(tmp_path):
    full = "The council approved the new budget on Monday.\nSchools will receive more money next year.\nThe mayor said taxes would not rise.\nA new bridge over the river will be built in spring.\n"
    german = "Der Rat hat am Montag den neuen Haushalt beschlossen.\nSchulen erhalten im nächsten Jahr mehr Geld.\nDer Bürgermeister sagte, die Steuern würden nicht steigen.\nIm Frühjahr wird eine neue Brücke über den Fluss gebaut.\n"
    half = "El consejo aprobó el nuevo presupuesto el lunes.\nLas escuelas recibirán más dinero el próximo año.\n"
    family = write_family(tmp_path / "f", {"en": full, "de": german, "es": half})
    report = json.loads(run_cli("audit", family, "--format", "json").stdout)
    fid = {v["id"]: v["fidelity"] for v in report["families"][0]["versions"]}
    assert fid["es"] < fid["en"] - 0.2 and fid["es"] < fid["de"] - 0.2


def test_missing_path_is_one_line_and_exit_2():
    result = run_cli("audit", "no/such/path")
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "no/such/path" in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_option_is_one_line_and_exit_2():
    result = run_cli("audit", FIXTURE, "--format", "pdf")
    assert result.returncode == 2 and result.stderr.strip().count("\n") == 0


def test_output_file_is_written_and_never_onto_an_input(tmp_path):
    family = write_family(tmp_path / "f", {"en": EN, "de": DE})
    out = tmp_path / "reports" / "deep" / "r.md"
    assert run_cli("audit", family, "--format", "markdown", "-o", out).returncode == 0
    assert out.read_text().startswith("# Translation audit")
    before = (family / "en.txt").read_bytes()
    result = run_cli("audit", family, "-o", family / "en.txt")
    assert result.returncode == 2 and "refusing" in result.stderr
    assert (family / "en.txt").read_bytes() == before


def test_terminal_report_shows_the_family_table(tmp_path):
    family = write_family(tmp_path / "budget", {"en": EN, "de": DE})
    result = run_cli("audit", family)
    assert result.returncode == 0
    assert "budget" in result.stdout and "fidelity" in result.stdout and "de" in result.stdout


@pytest.mark.parametrize("fail_on, expected", [("never", 0), ("error", 1)])
def test_exit_code_follows_fail_on(fail_on, expected, fixture_report):
    # The fixture carries a machine-translation notice (an error) once the line detectors run;
    # until then the gate must at least never fail with --fail-on never.
    result = run_cli("audit", FIXTURE, "--fail-on", fail_on, "--format", "json")
    worst = {f["severity"] for v in json.loads(result.stdout)["families"][0]["versions"] for f in v["findings"]}
    assert result.returncode == (expected if "error" in worst else 0)
