"""The data tables cover every language the auditor identifies, and what they add works on real sentences.

The auditor names a line's or a version's language among lingua's 75 languages (auditor/langid.py), so each of
them must have scale words (a number read without its scale word is a false alarm in every family of that
language), machine-translation notice words and page-furniture phrases.
"""
import json

import pytest
from lingua import Language

from auditor.detectors.boilerplate import boilerplate_bank
from auditor.detectors.mt_notice import notice_bank
from auditor.detectors.numbers import numbers
from auditor.settings import load_data
from conftest import run_cli, version_of, write_family

CLAIMED = sorted(language.iso_code_639_1.name.lower() for language in Language.all())


def test_the_claimed_languages_are_lingua_s_75():
    assert len(CLAIMED) == 75 and {"fa", "id", "sw", "hi", "th", "vi", "zu", "yo"} <= set(CLAIMED)


@pytest.mark.parametrize("table", ["scales", "words", "months"])
def test_every_claimed_language_has_number_words(table):
    """Scale words everywhere; Chinese and Japanese numerals are read by the CJK table, and the languages that
    write months as digits (Chinese, Japanese, Korean, Vietnamese) need no month names."""
    exempt = {"scales": set(), "words": {"zh", "ja"}, "months": {"zh", "ja", "ko", "vi"}}[table]
    missing = set(CLAIMED) - set(load_data("numbers.toml")[table]) - exempt
    assert not missing, f"numbers.toml [{table}] lacks {sorted(missing)}"


def test_every_claimed_language_has_notice_words():
    tables = {t["code"]: t for t in load_data("notices.toml")["language"]}
    missing = [code for code in CLAIMED if code not in tables
               or not tables[code].get("phrases") or not (tables[code].get("translation") and tables[code].get("machine"))]
    assert not missing, f"notices.toml lacks phrases or translation and machine words for {missing}"


def test_every_claimed_language_has_furniture_phrases():
    tables = {t["code"]: t for t in load_data("boilerplate.toml")["language"]}
    missing = [code for code in CLAIMED if len(tables.get(code, {}).get("phrases", [])) < 10]
    assert not missing, f"boilerplate.toml has fewer than 10 phrases for {missing}"


def test_a_persian_date_keeps_its_slashes():
    assert [n.text for n in numbers("۱۴۰۲/۰۵/۱۲")] == ["1402", "05", "12"]


@pytest.mark.parametrize("line", [
    "Makala hii imetafsiriwa kwa mashine na huenda ikawa na makosa.",
    "Bài báo này được dịch tự động bằng máy, có thể có sai sót.",
    "Nakala hii imetafsiriwa kiotomatiki.",
])
def test_notice_words_of_new_languages_are_evidence(line):
    assert notice_bank().evidence(line) in ("phrase", "pair")


@pytest.mark.parametrize("line", ["Bu haberi paylaş", "इस खबर को शेयर करें", "Shiriki makala hii", "แชร์ข่าวนี้"])
def test_share_buttons_of_new_languages_are_covered(line):
    assert boilerplate_bank().phrase_cover(line) > 0


SIBLINGS = {
    "en": ["Flood waters close the coastal road",
           "Heavy rain on Sunday flooded the coastal road between the two largest towns of the region.",
           "The repairs will cost 2.5 million dollars and take about four months, the transport ministry said.",
           "Until then, buses will use the mountain road, which adds forty minutes to the journey.",
           "Local traders said the closure came at the worst time, at the start of the tourist season."],
    "de": ["Hochwasser sperrt die Küstenstraße",
           "Starker Regen hat am Sonntag die Küstenstraße zwischen den beiden größten Städten der Region überflutet.",
           "Die Reparatur wird 2,5 Millionen Dollar kosten und etwa vier Monate dauern, teilte das Verkehrsministerium mit.",
           "Bis dahin fahren die Busse über die Bergstraße, was die Fahrt um vierzig Minuten verlängert.",
           "Örtliche Händler sagten, die Sperrung komme zur schlechtesten Zeit, zu Beginn der Touristensaison."],
    "id": ["Banjir menutup jalan pesisir",
           "Hujan lebat pada hari Minggu membanjiri jalan pesisir antara dua kota terbesar di wilayah itu.",
           "Perbaikan akan menelan biaya 2,5 juta dolar dan memakan waktu sekitar empat bulan, kata kementerian perhubungan.",
           "Sampai saat itu, bus akan melewati jalan pegunungan, yang menambah empat puluh menit perjalanan.",
           "Para pedagang setempat mengatakan penutupan itu terjadi pada waktu terburuk, di awal musim turis."],
    "tr": ["Sel suları sahil yolunu kapattı",
           "Pazar günü yağan şiddetli yağmur, bölgenin en büyük iki kasabası arasındaki sahil yolunu su altında bıraktı.",
           "Ulaştırma bakanlığı, onarımın 2,5 milyon dolara mal olacağını ve yaklaşık dört ay süreceğini söyledi.",
           "O zamana kadar otobüsler dağ yolunu kullanacak, bu da yolculuğa kırk dakika ekliyor.",
           "Yerel esnaf, kapanmanın turizm sezonunun başında, en kötü zamanda geldiğini söyledi."],
}


@pytest.fixture(scope="module")
def coast_report(tmp_path_factory) -> dict:
    """Four versions of one story: the Indonesian one writes "2,5 juta" and has a share line under its title, the
    Turkish one ends with a share and a subscribe line, the German one opens with a Swahili notice."""
    versions = {code: list(lines) for code, lines in SIBLINGS.items()}
    versions["tr"] += ["Bu haberi sosyal medyada paylaşın", "Bültenimize abone olun"]
    versions["de"].insert(1, "Makala hii imetafsiriwa kwa mashine na inaweza kuwa na makosa.")
    versions["id"].insert(1, "Bagikan berita ini ke WhatsApp")  # under the title: a sibling may lend it the title
    family = write_family(tmp_path_factory.mktemp("coast") / "coast",
                          {code: "\n".join(lines) + "\n" for code, lines in versions.items()})
    result = run_cli("audit", family, "--format", "json", "--fail-on", "never")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def kinds_by_line(version: dict) -> dict[int, str]:
    return {f["line"]: f["kind"] for f in version["findings"] if f["severity"] != "info"}


def test_juta_beside_million_raises_no_number_alarm(coast_report):
    for version in coast_report["families"][0]["versions"]:
        assert "number_mismatch" not in kinds_by_line(version).values(), version["id"]


def test_turkish_share_and_subscribe_lines_are_boilerplate(coast_report):
    found = kinds_by_line(version_of(coast_report, "tr"))
    assert found.get(6) == "boilerplate" and found.get(7) == "boilerplate"


def test_a_swahili_notice_in_a_german_version_is_found(coast_report):
    assert kinds_by_line(version_of(coast_report, "de")).get(2) == "mt_notice"


def test_an_indonesian_share_line_under_the_title_is_boilerplate(coast_report):
    assert kinds_by_line(version_of(coast_report, "id")) == {2: "boilerplate"}


def test_the_clean_version_has_no_findings(coast_report):
    assert not kinds_by_line(version_of(coast_report, "en"))
