"""What every view shows of a finding's key (a catalogue unit's) and of a version's relation to its family."""
import json

import pytest

from auditor.model import Audit, FamilyReport, Finding, Quote, Relation, Signature, VersionReport
from auditor.report import FORMATS, render


@pytest.fixture(scope="module")
def keyed_audit() -> Audit:
    source = VersionReport("en", "po/en.po", "en", 3, None, "pass", (), lines=("msgid", "File %s saved", ""))
    placeholder = Finding("placeholder_mismatch", "error", "'%s' is missing here", line=2, text="Datei gespeichert",
                          source=Quote("en", 2, "File %s saved"), key="menu.save")
    german = VersionReport("de", "po/de.po", "de", 3, 0.9, "fail", (placeholder,), relation=Relation("translation", ("en",)),
                           lines=("msgid", "Datei gespeichert", ""))
    return Audit((FamilyReport("app", "po", (source, german), ()),), Signature("auditor", "0.1.0", "model"))


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_view_shows_the_key(keyed_audit, fmt):
    assert "menu.save" in render(keyed_audit, fmt)


@pytest.mark.parametrize("fmt", ["terminal", "markdown", "html"])
def test_the_reading_views_show_the_relation(keyed_audit, fmt):
    assert "translation of en" in render(keyed_audit, fmt)


def test_json_and_sarif_carry_key_and_relation(keyed_audit):
    version = json.loads(render(keyed_audit, "json"))["families"][0]["versions"][1]
    assert version["relation"] == {"kind": "translation", "of": ["en"]} and version["findings"][0]["key"] == "menu.save"
    (result,) = json.loads(render(keyed_audit, "sarif"))["runs"][0]["results"]
    assert result["properties"]["key"] == "menu.save"
    assert result["locations"][0]["logicalLocations"] == [{"name": "menu.save", "kind": "resource"}]
    assert result["message"]["text"].startswith("Placeholder differs from [en line 2](1) (key menu.save).")
