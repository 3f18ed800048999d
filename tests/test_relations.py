"""Version relations: what each version is to its family (original, translation, near copy, rewrite, other text),
and what follows: a rewrite's choice of content is info and it has no fidelity; a copy is judged against its copy."""
import json

import pytest

from conftest import run_cli, version_of, write_family
from test_comparison import DE, EN, ES, FR

# Another text: a match report that shares nothing with the bridge story
MATCH = """Late goal sends the home side into the cup final
A header in the ninety-second minute decided a tense semi-final in front of a sold-out stadium.
The visitors had led for most of the second half after a penalty shortly after the break.
Their goalkeeper saved two shots from close range before the equaliser came from a corner.
The coach praised his young defenders and said the team had never stopped believing.
The final will be played at the national stadium in three weeks.
"""


def audit(family, *args) -> dict:
    result = run_cli("audit", family, "--format", "json", "--fail-on", "never", *args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def relation(report: dict, prefix: str) -> dict:
    return version_of(report, prefix)["relation"]


def ids(report: dict) -> dict[str, str]:
    return {v["id"][:3]: v["id"] for f in report["families"] for v in f["versions"]}


REWRITES = ("002", "003", "004")


def test_the_seed_is_two_copies_of_one_translation_and_three_articles_of_their_own(fixture_report):
    full = ids(fixture_report)
    assert relation(fixture_report, "000") == {"kind": "near_copy", "of": [full["001"]]}
    assert relation(fixture_report, "001") == {"kind": "near_copy", "of": [full["000"]]}
    for prefix in REWRITES:
        found = relation(fixture_report, prefix)
        assert found["kind"] == "rewrite" and found["of"] and full[prefix] not in found["of"]


def test_articles_of_their_own_have_no_fidelity_and_what_they_cover_is_info(fixture_report):
    for prefix in REWRITES:
        version = version_of(fixture_report, prefix)
        assert version["fidelity"] is None and version["status"] != "fail"
        coverage = [f for f in version["findings"] if f["kind"] in ("addition", "omission")]
        assert coverage and all(f["severity"] == "info" and "rewrite" in f["message"] for f in coverage)


def test_the_copies_are_judged_against_each_other_not_against_the_articles(fixture_report):
    copy, other = version_of(fixture_report, "000"), version_of(fixture_report, "001")
    assert [f["severity"] for f in copy["findings"] if f["kind"] == "addition"] == ["error"]  # the appended stories
    assert not [f for f in other["findings"] if f["kind"] == "omission"]
    assert copy["fidelity"] < other["fidelity"]


@pytest.fixture(scope="module")
def bridge(tmp_path_factory) -> dict:
    """German with an appended recipe, French without two paragraphs: damaged translations, still translations;
    and a text on another subject."""
    family = write_family(tmp_path_factory.mktemp("relations") / "bridge",
                          {"en": EN, "de": DE, "fr": FR, "es": ES, "match": MATCH})
    return audit(family)


def test_damaged_translations_are_translations_of_the_rest(bridge):
    for version in ("en", "de", "fr", "es"):
        found = relation(bridge, version)
        assert found["kind"] == "translation" and set(found["of"]) == {"en", "de", "fr", "es"} - {version}
    assert [f["severity"] for f in version_of(bridge, "fr")["findings"] if f["kind"] == "omission"] == ["warning"]
    assert version_of(bridge, "fr")["fidelity"] is not None


def test_a_text_on_another_subject_is_other_text_and_scores_below_the_translations(bridge):
    match = version_of(bridge, "match")
    assert match["relation"] == {"kind": "other", "of": []}
    assert match["fidelity"] < min(version_of(bridge, v)["fidelity"] for v in ("en", "de", "fr", "es"))


def test_the_source_is_the_original_and_the_others_translate_it(tmp_path):
    report = audit(write_family(tmp_path / "bridge", {"en": EN, "es": ES, "fr": FR}), "--source", "en")
    assert relation(report, "en") == {"kind": "original", "of": []}
    assert relation(report, "es") == {"kind": "translation", "of": ["en"]}
    assert relation(report, "fr") == {"kind": "translation", "of": ["en"]}
