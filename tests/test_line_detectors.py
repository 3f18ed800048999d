"""Line detectors: machine-translation notices, stray-language lines and scraped boilerplate, in any language."""
import json

import pytest

from auditor.langid import line_language
from conftest import run_cli, version_of, write_family

LINE_KINDS = ("mt_notice", "stray_language", "boilerplate")


def lines_of(version: dict, kind: str) -> dict[int, dict]:
    return {f["line"]: f for f in version["findings"] if f["kind"] == kind}


def audit(family, *args, cwd=None) -> dict:
    result = run_cli("audit", family, "--format", "json", "--fail-on", "never", *args, cwd=cwd)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


# --- the fixture family -------------------------------------------------------------------------------------------

def test_fixture_notice_is_found_and_nothing_else(fixture_report):
    found = {(v["id"][:3], line) for f in fixture_report["families"] for v in f["versions"] for line in lines_of(v, "mt_notice")}
    assert found == {("001", 1)}
    assert lines_of(version_of(fixture_report, "001"), "mt_notice")[1]["severity"] == "error"


def test_fixture_stray_lines_are_named_and_nothing_else(fixture_report):
    found = {(v["id"][:3], line, f["language"]) for fam in fixture_report["families"] for v in fam["versions"]
             for line, f in lines_of(v, "stray_language").items()}
    assert found == {("001", 10, "eu"), ("003", 9, "bg")}


def test_fixture_caption_beside_its_translation_is_to_be_deleted(fixture_report):
    caption = lines_of(version_of(fixture_report, "001"), "stray_language")[10]
    assert caption["severity"] == "warning"
    assert "Basque original" in caption["message"] and "line 11" in caption["message"] and "delete" in caption["message"]
    credit = lines_of(version_of(fixture_report, "003"), "stray_language")[9]
    assert "Bulgarian" in credit["message"]


def test_fixture_boilerplate(fixture_report):
    expected = {"001": {3, 4, 29}, "003": {1}, "004": {6}}
    for prefix, lines in expected.items():
        found = lines_of(version_of(fixture_report, prefix), "boilerplate")
        assert lines <= set(found), (prefix, sorted(found))
        assert all(found[n]["severity"] == "warning" and "delete" in found[n]["message"] for n in lines)
    # the counter "193" and the teaser with an unrendered view counter
    assert 3 in lines_of(version_of(fixture_report, "003"), "boilerplate")


def test_a_line_gets_at_most_one_line_finding(fixture_report):
    for family in fixture_report["families"]:
        for version in family["versions"]:
            lines = [f["line"] for f in version["findings"] if f["kind"] in LINE_KINDS]
            assert len(lines) == len(set(lines)), version["id"]


# --- families written here ----------------------------------------------------------------------------------------

EN = [
    "City council approves plan for new tram line",
    "The city council voted on Tuesday to build a tram line linking the station with the university campus.",
    "Construction is expected to begin next spring and to last about three years, officials said.",
    "The project will cost 240 million euros, most of it paid by the regional government.",
    "Residents of the old town had opposed an earlier route that crossed the market square.",
    "The mayor said the new line would cut travel times for thousands of students every day.",
]
DE = [
    "Stadtrat billigt Plan für neue Straßenbahnlinie",
    "Der Stadtrat hat am Dienstag beschlossen, eine Straßenbahnlinie zwischen dem Bahnhof und dem Universitätscampus zu bauen.",
    "Die Bauarbeiten sollen im nächsten Frühjahr beginnen und etwa drei Jahre dauern, teilten Beamte mit.",
    "Das Projekt wird 240 Millionen Euro kosten, die größtenteils von der Landesregierung bezahlt werden.",
    "Anwohner der Altstadt hatten sich gegen eine frühere Route über den Marktplatz gewehrt.",
    "Der Bürgermeister sagte, die neue Linie werde die Fahrzeiten für Tausende Studenten jeden Tag verkürzen.",
]
FR = [
    "Le conseil municipal approuve le projet d'une nouvelle ligne de tramway",
    "Le conseil municipal a voté mardi la construction d'une ligne de tramway reliant la gare au campus universitaire.",
    "Les travaux devraient commencer au printemps prochain et durer environ trois ans, ont indiqué les responsables.",
    "Le projet coûtera 240 millions d'euros, payés en grande partie par le gouvernement régional.",
    "Les habitants de la vieille ville s'étaient opposés à un premier tracé qui traversait la place du marché.",
    "Le maire a déclaré que la nouvelle ligne réduirait chaque jour le temps de trajet de milliers d'étudiants.",
]


@pytest.fixture(scope="module")
def tram_report(tmp_path_factory) -> dict:
    """An English original with a German and a French translation, each with its own line faults."""
    de = DE[:1] + [
        "Diese Seite wurde von einer Software ins Deutsche übertragen; es gilt der englische Originaltext.",  # notice, new wording
    ] + DE[1:3] + [
        "The project will cost 240 million euros, most of it paid by the regional government.",  # untranslated paragraph
        "Artikel teilen",  # a share button
        "Anwohner der Altstadt hatten sich gegen eine frühere Route über den Marktplatz gewehrt.",
        "Guvernul regional a promis că va plăti cea mai mare parte a lucrărilor.",  # a Romanian line
    ] + DE[5:]
    fr = FR[:2] + [
        "Mayor Anna Berg at the tram depot",  # a caption in the source language ...
        "Le maire Anna Berg au dépôt de tramways",  # ... followed by its translation
        "Kuva: Lehtikuva",  # a credit with a Finnish label
    ] + FR[2:] + ["1 284", "Plus d'actualités"]
    family = write_family(tmp_path_factory.mktemp("tram") / "tram", {
        "en": "\n".join(EN) + "\n", "de": "\n".join(de) + "\n", "fr": "\n".join(fr) + "\n",
    })
    return audit(family)


def test_notice_in_a_new_wording_is_found(tram_report):
    de = version_of(tram_report, "de")
    assert set(lines_of(de, "mt_notice")) == {2}


def test_untranslated_paragraph_is_an_error_named_in_its_language(tram_report):
    stray = lines_of(version_of(tram_report, "de"), "stray_language")
    assert stray[5]["language"] == "en" and stray[5]["severity"] == "error"
    assert stray[8]["language"] == "ro"
    assert "translate" in stray[5]["message"]


def test_source_caption_beside_its_translation_and_foreign_credit(tram_report):
    stray = lines_of(version_of(tram_report, "fr"), "stray_language")
    assert stray[3]["language"] == "en" and stray[3]["severity"] == "warning"
    assert "original of the caption on line 4" in stray[3]["message"]
    assert stray[5]["language"] == "fi"
    assert set(stray) == {3, 5}


def test_buttons_counters_and_more_news_headings_are_boilerplate(tram_report):
    assert set(lines_of(version_of(tram_report, "de"), "boilerplate")) == {6}
    assert set(lines_of(version_of(tram_report, "fr"), "boilerplate")) == {10, 11}


def test_clean_original_has_no_line_findings(tram_report):
    en = version_of(tram_report, "en")
    assert not [f for f in en["findings"] if f["kind"] in LINE_KINDS]


def test_article_about_machine_translation_is_not_a_notice(tmp_path):
    en = ("Translation software learns new languages\n"
          "Google said on Monday that its translation service now covers another 110 languages.\n"
          "The company uses artificial intelligence to translate automatically between them.\n"
          "Machine translation has improved quickly, but professional translators still check important texts.\n"
          "Linguists warned that automatic translation of rare languages remains error-prone.\n")
    de = ("Übersetzungssoftware lernt neue Sprachen\n"
          "Google teilte am Montag mit, dass sein Übersetzungsdienst nun weitere 110 Sprachen abdeckt.\n"
          "Das Unternehmen nutzt künstliche Intelligenz, um automatisch zwischen ihnen zu übersetzen.\n"
          "Maschinelle Übersetzung hat sich schnell verbessert, doch professionelle Übersetzer prüfen wichtige Texte weiterhin.\n"
          "Sprachwissenschaftler warnten, dass die automatische Übersetzung seltener Sprachen fehleranfällig bleibt.\n")
    report = audit(write_family(tmp_path / "mt-news", {"en": en, "de": de}))
    for version in report["families"][0]["versions"]:
        assert not [f for f in version["findings"] if f["kind"] in LINE_KINDS], version["id"]


def test_junk_between_paragraphs_and_a_copyright_line_are_boilerplate(tmp_path):
    """A tag line the alignment could only pair loosely with a neighbouring sentence has no counterpart; a copyright
    line is boilerplate by its sign, though it ends like a sentence."""
    en = "\n".join(EN[:2] + ["Topics: construction, tram, students"] + EN[2:]
                   + ["Copyright © 2026 Tramway Weekly. All rights reserved."]) + "\n"
    report = audit(write_family(tmp_path / "tram", {"en": en, "de": "\n".join(DE) + "\n", "fr": "\n".join(FR) + "\n"}))
    assert set(lines_of(version_of(report, "en"), "boilerplate")) == {3, 8}
    assert not lines_of(version_of(report, "de"), "boilerplate") and not lines_of(version_of(report, "fr"), "boilerplate")


def test_config_phrases_extend_the_banks(tmp_path):
    (tmp_path / "auditor.toml").write_text(
        'boilerplate-phrases = ["Tram news by Tramway Weekly"]\nnotice-phrases = ["rendered by our robot"]\n')
    en = "\n".join(EN[:3] + ["Tram news by Tramway Weekly"] + EN[3:] + ["Rendered by our robot."]) + "\n"
    report = audit(write_family(tmp_path / "tram", {"en": en, "fr": "\n".join(FR) + "\n"}), cwd=tmp_path)
    version = version_of(report, "en")
    assert set(lines_of(version, "boilerplate")) == {4}
    assert set(lines_of(version, "mt_notice")) == {8}


# --- line-level language identification ------------------------------------------------------------------------

@pytest.mark.parametrize("line, expected, language", [
    ("Η κυβέρνηση ανακοίνωσε χθες νέα μέτρα για την οικονομία.", "en", "el"),  # the script names it
    ("Правительство вчера объявило о новых мерах.", "de", "ru"),  # Cyrillic in a Latin text
    ("Снимка: БГНЕС/ EPA", "en", "bg"),  # a credit label decides
    ("Foto: TASR", "en", "sk"),  # a label of many languages: the news agency decides
    ("Foto: ANP / Remko de Waal", "fr", "nl"),
    ("Hallitus ilmoitti eilen uusista talouden toimista.", "en", "fi"),
    ("Valdība vakar paziņoja par jauniem ekonomikas pasākumiem.", "de", "lv"),
    ("Qeveria njoftoi dje masa të reja për ekonominë.", "fr", "sq"),
])
def test_foreign_lines_are_named(line, expected, language):
    judged = line_language(line, expected, (expected, "en"))
    assert judged.foreign and judged.language == language


@pytest.mark.parametrize("line, expected", [
    ("Angela Merkel und Emmanuel Macron in Berlin", "en"),  # names only
    ("https://www.example.com/nachrichten/artikel-123", "en"),
    ("Donald Trump", "fr"),
    ("错过了柴犬币 (Shiba Inu)？", "zh"),  # a Latin name inside a Chinese line
    ("Foto: EFE", "es"),  # a credit in the version's own language
    ("写真：共同通信", "ja"),
    ("The council met on Monday to discuss the budget for next year.", "en"),
])
def test_names_links_and_own_language_lines_are_not_foreign(line, expected):
    assert not line_language(line, expected, (expected, "en", "de")).foreign


# --- the notice phrase bank -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("line", [
    "Note: this article is a computer-generated translation of the original.",
    "Der Artikel ist eine KI-Übersetzung.",
    "Traduction réalisée par une intelligence artificielle.",
    "Článek byl strojově přeložen z angličtiny.",
    "Материал переведён с помощью машинного перевода.",
    "本文为AI翻译，仅供参考。",  # a Latin word between Chinese characters
    "本記事はAIによって翻訳されました。",
    "Bu haber yapay zeka tarafından tercüme edilmiştir.",
])
def test_notice_wordings_that_no_phrase_lists_are_recognised(line):
    from auditor.detectors.mt_notice import notice_bank

    assert notice_bank().evidence(line) in ("phrase", "pair")


def test_words_inside_other_words_are_no_evidence():
    from auditor.detectors.mt_notice import notice_bank

    assert notice_bank().evidence("He said the aid was sent on Monday.") is None
