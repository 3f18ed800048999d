"""Cross-version comparison: additions, omissions, changed numbers and names, near copies, --source, fidelity."""
import json

import numpy as np
import pytest

from auditor.detectors.numbers import carried_values, numbers
from auditor.detectors.spelling import latin, same_name
from conftest import run_cli, version_of, write_family
from test_line_detectors import EN as TRAM_EN

EN = """City council approves new bridge over the river
The city council of Dresden approved the construction of a new bridge on Tuesday.
The bridge will cost 1,234.5 million euros and will be finished in 2029.
Mayor Anna Schmidt said the bridge would connect the two halves of the city.
Cyclists and pedestrians will have their own lanes on the bridge.
The opposition criticised the high costs and demanded a new vote on the project.
Construction work is due to start in the spring of 2026.
Residents can view the plans at the town hall until the end of May.
"""
DE = """Stadtrat genehmigt neue Brücke über den Fluss
Der Stadtrat von Dresden hat am Dienstag den Bau einer neuen Brücke genehmigt.
Die Brücke wird 1.234,5 Millionen Euro kosten und 2029 fertig sein.
Bürgermeisterin Anna Müller sagte, die Brücke werde die beiden Hälften der Stadt verbinden.
Radfahrer und Fußgänger bekommen auf der Brücke eigene Spuren.
Die Opposition kritisierte die hohen Kosten und forderte eine neue Abstimmung über das Projekt.
Die Bauarbeiten sollen im Frühjahr 2026 beginnen.
Die Einwohner können die Pläne bis Ende Mai im Rathaus einsehen.
Weitere Nachrichten
Ein Rezept für Apfelkuchen braucht Mehl, Zucker, Butter und sechs große Äpfel.
Den Teig eine Stunde kühlen und danach bei 180 Grad vierzig Minuten backen.
Mit Sahne oder Vanilleeis servieren, am besten noch warm.
"""
FR = """Le conseil municipal approuve un nouveau pont sur la rivière
Le conseil municipal de Dresde a approuvé mardi la construction d'un nouveau pont.
Le pont coûtera 1 234,5 millions d'euros et sera achevé en 2028.
La maire Anna Schmitt a déclaré que le pont relierait les deux moitiés de la ville.
Les travaux doivent commencer au printemps 2026.
Les habitants peuvent consulter les plans à la mairie jusqu'à la fin du mois de mai.
"""
ES = """El ayuntamiento aprueba un nuevo puente sobre el río
El ayuntamiento de Dresde aprobó el martes la construcción de un nuevo puente.
El puente costará 1.234,5 millones de euros y estará terminado en 2029.
La alcaldesa Anna Schmidt dijo que el puente uniría las dos mitades de la ciudad.
Ciclistas y peatones tendrán sus propios carriles en el puente.
La oposición criticó los altos costes y exigió una nueva votación sobre el proyecto.
Las obras comenzarán en la primavera de 2026.
Los vecinos pueden consultar los planos en el ayuntamiento hasta finales de mayo.
"""


@pytest.fixture(scope="module")
def bridge(tmp_path_factory) -> dict:
    """German with an appended recipe and a wrong mayor, French without two paragraphs and with a wrong year."""
    family = write_family(tmp_path_factory.mktemp("families") / "bridge", {"en": EN, "de": DE, "fr": FR, "es": ES})
    result = run_cli("audit", family, "--format", "json", "--fail-on", "never")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def findings(report: dict, version: str, kind: str) -> list[dict]:
    return [f for f in version_of(report, version)["findings"] if f["kind"] == kind]


# --- the fixture family --------------------------------------------------------------------------

def test_the_appended_stories_of_the_seed_are_additions(fixture_report):
    added = {n for f in findings(fixture_report, "000", "addition") for n in range(f["line"], (f["end_line"] or f["line"]) + 1)}
    assert len(added & set(range(11, 29))) >= 0.8 * 18
    assert not added & set(range(1, 10))  # the article itself is carried by the siblings


def test_a_year_the_siblings_do_not_give_is_a_number_mismatch_with_their_text_as_evidence(fixture_report):
    found = [f for f in findings(fixture_report, "002", "number_mismatch") if f["line"] == 6 and "August 2022" in f["text"]]
    assert found and found[0]["severity"] in ("warning", "error")
    evidence = found[0]["source"]
    assert evidence["version"] != version_of(fixture_report, "002")["id"] and "August" in evidence["text"]
    assert "2022" not in evidence["text"] and "2022" in found[0]["message"]


def test_spelling_variants_of_a_name_are_not_mismatches(fixture_report):
    variants = ("Zelensk", "Volodimir", "Volodymyr", "Sergei", "Sergey")
    for version in fixture_report["families"][0]["versions"]:
        for f in (f for f in version["findings"] if f["kind"] == "entity_mismatch"):
            quoted = f["message"].split('"')[1::2][:2]  # the name here and the name the sibling gives
            assert not all(any(v in name for v in variants) for name in quoted), f["message"]


def test_the_two_copies_of_one_article_are_duplicates(fixture_report):
    for here, there in (("000", "001"), ("001", "000")):
        found = findings(fixture_report, here, "duplicate")
        assert [f["severity"] for f in found] == ["info"] and found[0]["source"]["version"].startswith(there)


# --- a family written here -----------------------------------------------------------------------

def test_an_appended_unrelated_block_is_one_addition_error(bridge):
    found = findings(bridge, "de", "addition")
    # the "Weitere Nachrichten" heading is an addition too, unless the boilerplate detector took it first
    assert [(f["line"] in (9, 10), f["end_line"], f["severity"]) for f in found] == [(True, 12, "error")]
    assert found[0]["source"]["version"] in ("en", "fr", "es")
    assert not findings(bridge, "en", "addition") and not findings(bridge, "es", "addition")


def test_missing_paragraphs_are_an_omission_quoting_a_sibling(bridge):
    found = [f for f in findings(bridge, "fr", "omission") if f["severity"] != "info"]
    assert len(found) == 1
    quoted = found[0]["source"]
    assert quoted["version"] in ("en", "de", "es") and quoted["line"] == 5
    assert found[0]["line"] == 5  # where it would stand in the French text: after line 4
    assert not findings(bridge, "en", "omission") and not findings(bridge, "es", "omission")


def test_numbers_match_across_locales_and_a_changed_year_is_flagged(bridge):
    flagged = findings(bridge, "fr", "number_mismatch")
    assert [f["line"] for f in flagged] == [3] and "2028" in flagged[0]["message"]
    assert "2029" in flagged[0]["source"]["text"]
    for version in ("en", "de", "es"):  # 1,234.5 = 1.234,5 = 1 234,5
        assert not findings(bridge, version, "number_mismatch")


def test_a_replaced_name_is_an_entity_mismatch_but_a_variant_is_not(bridge):
    found = findings(bridge, "de", "entity_mismatch")
    assert [f["line"] for f in found] == [4] and "Müller" in found[0]["message"] and "Schmidt" in found[0]["message"]
    assert not findings(bridge, "fr", "entity_mismatch")  # Schmitt is Schmidt spelled another way


MUSEUM = {
    "en": """Harbour museum reopens after two years of repairs
The maritime museum in Rotterdam reopened its doors to visitors on Saturday.
Director Helena Lindqvist welcomed the first guests at the main entrance.
The old warehouse now houses a collection of ship models and navigation instruments.
Children can try on diving helmets and steer a simulated tugboat.
Lindqvist said the renovation cost less than the city had feared.
Tickets are free for residents during the first month.
""",
    "fr": """Le musée du port rouvre après deux ans de travaux
Le musée maritime de Rotterdam a rouvert ses portes aux visiteurs samedi.
La directrice Helena Lindqvist a accueilli les premiers visiteurs à l'entrée principale.
L'ancien entrepôt abrite désormais une collection de maquettes de navires et d'instruments de navigation.
Les enfants peuvent essayer des casques de plongée et piloter un remorqueur simulé.
Selon Lindqvist, la rénovation a coûté moins cher que ce que la ville craignait.
L'entrée est gratuite pour les habitants pendant le premier mois.
""",
    "es": """El museo del puerto reabre tras dos años de obras
El museo marítimo de Róterdam reabrió sus puertas a los visitantes el sábado.
La directora Helena Lindqvist recibió a los primeros visitantes en la entrada principal.
El antiguo almacén alberga ahora una colección de maquetas de barcos e instrumentos de navegación.
Los niños pueden probarse cascos de buzo y manejar un remolcador simulado.
Lindqvist dijo que la renovación costó menos de lo que la ciudad temía.
La entrada es gratuita para los residentes durante el primer mes.
""",
    "cs": """Přístavní muzeum se po dvou letech oprav znovu otevírá
Námořní muzeum v Rotterdamu v sobotu znovu otevřelo své brány návštěvníkům.
Ředitelka Helena Lindqvistová přivítala první hosty u hlavního vchodu.
Ve starém skladišti je nyní sbírka modelů lodí a navigačních přístrojů.
Děti si mohou vyzkoušet potápěčské přilby a řídit simulovaný remorkér.
Podle Lindqvistové stála rekonstrukce méně, než se město obávalo.
Obyvatelé mají během prvního měsíce vstup zdarma.
""",
}
# German capitalises every noun (Hafenmuseum, Besucher, Gäste, Lagerhaus ...), and its line 6 says "she" where the
# others name Lindqvist: neither is a replaced name
MUSEUM_DE = """Hafenmuseum öffnet nach zwei Jahren Reparaturen wieder
Das Schifffahrtsmuseum in Rotterdam hat am Samstag seine Türen wieder für Besucher geöffnet.
Direktorin Helena Lindqvist begrüßte die ersten Gäste am Haupteingang.
Das alte Lagerhaus beherbergt nun eine Sammlung von Schiffsmodellen und Navigationsinstrumenten.
Kinder können Taucherhelme aufprobieren und einen simulierten Schlepper steuern.
Sie sagte, der Umbau habe weniger gekostet, als die Gemeinde befürchtet hatte.
Für Einwohner ist der Eintritt im ersten Monat kostenlos.
"""


RAIL = {
    "en": """Germany And Poland Sign A New Rail Agreement
Germany and Poland signed an agreement on Thursday to speed up freight trains between Berlin and Warsaw.
The transport ministers met in Frankfurt an der Oder, a town on the border between the two countries.
Trains will no longer stop for long checks at the border from next March.
Companies in both countries have complained for years about delays of up to six hours.
The European Commission welcomed the agreement and promised money for new tracks.
Critics say the plan does nothing for passenger trains.
""",
    "cs": """Německo a Polsko podepsaly novou železniční dohodu
Německo a Polsko ve čtvrtek podepsaly dohodu o zrychlení nákladních vlaků mezi Berlínem a Varšavou.
Ministři dopravy se sešli ve Frankfurtu nad Odrou, městě na hranici mezi oběma zeměmi.
Od příštího března už vlaky nebudou na hranici stát kvůli dlouhým kontrolám.
Firmy v obou zemích si léta stěžují na zpoždění až šest hodin.
Evropská komise dohodu uvítala a slíbila peníze na nové tratě.
Kritici tvrdí, že plán osobním vlakům nijak nepomůže.
""",
    "fr": """L'Allemagne et la Pologne signent un nouvel accord ferroviaire
L'Allemagne et la Pologne ont signé jeudi un accord pour accélérer les trains de marchandises entre Berlin et Varsovie.
Les ministres des Transports se sont réunis à Francfort-sur-l'Oder, une ville à la frontière entre les deux pays.
À partir de mars prochain, les trains ne s'arrêteront plus pour de longs contrôles à la frontière.
Les entreprises des deux pays se plaignent depuis des années de retards pouvant atteindre six heures.
La Commission européenne a salué l'accord et promis de l'argent pour de nouvelles voies.
Selon les critiques, le projet ne fait rien pour les trains de voyageurs.
""",
    "de": """Deutschland und Polen unterzeichnen neues Bahnabkommen
Deutschland und Polen haben am Donnerstag ein Abkommen unterzeichnet, das Güterzüge zwischen Berlin und Warschau beschleunigen soll.
Die Verkehrsminister trafen sich in Frankfurt an der Oder, einer Stadt an der Grenze zwischen beiden Ländern.
Ab nächstem März halten Züge an der Grenze nicht mehr für lange Kontrollen.
Unternehmen in beiden Ländern beklagen seit Jahren Verspätungen von bis zu sechs Stunden.
Die Europäische Kommission begrüßte das Abkommen und versprach Geld für neue Gleise.
Kritiker sagen, der Plan bringe für Personenzüge nichts.
""",
}


@pytest.fixture(scope="module")
def museums(tmp_path_factory) -> dict[str, dict]:
    """Two articles, each twice: as written, and with a name replaced (the museum's director in German; a city in
    German and another in French)."""
    root = tmp_path_factory.mktemp("museums")
    write_family(root / "kept", {**MUSEUM, "de": MUSEUM_DE})
    swapped = {v: t for v, t in MUSEUM.items() if v != "cs"}
    write_family(root / "swapped", {**swapped, "de": MUSEUM_DE.replace("Helena Lindqvist", "Helena Nakamura")})
    write_family(root / "rail", RAIL)
    write_family(root / "rail-swapped", {**RAIL, "fr": RAIL["fr"].replace("et Varsovie", "et Prague"),
                                         "de": RAIL["de"].replace("zwischen Berlin", "zwischen Hamburg")})
    result = run_cli("audit", root, "--format", "json", "--fail-on", "never")
    assert result.returncode == 0, result.stderr
    return {f["id"]: f for f in json.loads(result.stdout)["families"]}


def entity_findings(family: dict) -> dict[str, list[dict]]:
    return {v["id"]: [f for f in v["findings"] if f["kind"] == "entity_mismatch"] for v in family["versions"]}


def test_a_name_replaced_in_one_version_is_a_confident_entity_mismatch(museums):
    found = entity_findings(museums["swapped"])
    assert [(f["line"], f["severity"]) for f in found["de"]] == [(3, "warning")]
    assert "Nakamura" in found["de"][0]["message"] and "Lindqvist" in found["de"][0]["message"]
    assert 0.5 < found["de"][0]["score"] <= 1
    assert not found["en"] and not found["fr"] and not found["es"]


def test_capitalised_nouns_and_inflected_names_are_not_entity_mismatches(museums):
    # German nouns, a pronoun for a name, weekdays, title case, Czech Lindqvistová / Rotterdamu / Varšavou / Berlínem
    assert not any(entity_findings(museums["kept"]).values())
    assert not any(entity_findings(museums["rail"]).values())


def test_a_city_replaced_in_two_languages_is_found_in_each(museums):
    found = entity_findings(museums["rail-swapped"])
    assert not found["en"] and not found["cs"]
    # the name the siblings give, in whichever sibling's spelling the message quotes
    for version, here, there in (("fr", "Prague", ("Warsaw", "Warschau", "Varšavou")), ("de", "Hamburg", ("Berlin",))):
        assert [(f["line"], f["severity"]) for f in found[version]] == [(2, "warning")], found[version]
        message = found[version][0]["message"]
        assert message.startswith(f'"{here}" here') and any(f'names "{name}"' in message for name in there)


def test_fidelity_ranks_the_faithful_versions_above_the_damaged_ones(bridge):
    fidelity = {v["id"]: v["fidelity"] for v in bridge["families"][0]["versions"]}
    assert all(0 <= f <= 1 for f in fidelity.values())
    assert min(fidelity["en"], fidelity["es"]) > max(fidelity["de"], fidelity["fr"])


def test_pairs_in_one_language_get_chrf(tmp_path):
    family = write_family(tmp_path / "bridge", {"en": EN, "en-copy": EN.replace("Tuesday", "Monday"), "es": ES})
    report = json.loads(run_cli("audit", family, "--format", "json", "--fail-on", "never").stdout)
    chrf = {frozenset((p["a"], p["b"])): p["chrf"] for p in report["families"][0]["pairs"]}
    assert chrf[frozenset(("en", "en-copy"))] > 90 and chrf[frozenset(("en", "es"))] is None


# --- --source ------------------------------------------------------------------------------------

def test_with_a_source_additions_and_omissions_are_judged_against_it(tmp_path):
    family = write_family(tmp_path / "bridge", {"en": EN, "de": DE, "fr": FR})
    report = json.loads(run_cli("audit", family, "--source", "fr", "--format", "json", "--fail-on", "never").stdout)
    assert not findings(report, "fr", "omission") and not findings(report, "fr", "addition")
    missing = {f["source"]["version"] for f in findings(report, "en", "addition")}
    assert missing <= {"fr"} and findings(report, "en", "addition")  # what the French source lacks is added here


def test_an_unknown_source_is_a_one_line_error(tmp_path):
    family = write_family(tmp_path / "bridge", {"en": EN, "es": ES})
    result = run_cli("audit", family, "--source", "de")
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "de" in result.stderr


# --- the parts -----------------------------------------------------------------------------------

def test_number_readings_across_locales():
    assert [n.values for n in numbers("1,234.5 / 1.234,5 / 1 234,5")] == [frozenset({1234.5})] * 3
    assert 2_000_000 in carried_values("２００万ドル") and 2_000_000 in carried_values("$2 million")
    assert {8, 2022} <= carried_values("in August 2022") and 23 in carried_values("二十三人")


def test_short_years_compounds_and_numbered_names_are_not_mismatches():
    """"'92" is 1992 and "the 80s" the 1980s; "multibillion" carries the billion of "数10億" (several billion);
    the 19 of COVID-19 names a disease, so a sibling that says "the pandemic" lacks no number."""
    (short,) = numbers("the consensus of '92")
    assert short.values & carried_values('the "1992 Consensus"')
    assert {n.text: n.values for n in numbers("上世纪80年代")}["80"] & carried_values("in the 1980s")
    assert not numbers("in 2024")[0].values & carried_values("24 people")  # a year is not its last two digits
    assert 1000 not in carried_values("une famille") and 1e9 in carried_values("a multibillion deal")
    assert {n.text: n.values for n in numbers("数10億ドルの契約")}["10"] & carried_values("a multibillion deal")
    assert [n.in_name for n in numbers("the COVID-19 pandemic killed 15 people")] == [True, False]
    (low, _) = numbers("12 to 14 million visitors")
    assert 12_000_000 in low.values and 12_000_000 in carried_values("1200至1400万人次")


def test_names_compare_across_scripts():
    assert latin("Зеленский") == "zelenskiy" and latin("Αθήνα") == "athina"
    assert latin("ベルアラ") == "beruara" and latin("バイデン") == "baiden"  # voiced kana keep their voicing
    assert same_name("レスタト", "Лестаті") and same_name("メルケル", "Merkel") and same_name("ブリンケン", "Blinken")
    assert not same_name("ブリンケン", "Brennan") and not same_name("ライス", "Lisa")


def test_a_sentence_its_siblings_carry_into_a_version_is_not_missing_from_it_when_only_the_direct_link_failed():
    """The headline of a Chinese original that its English versions all link to each other's headlines, where
    the Chinese-English pair matched one English headline to the near-identical subheading instead: two siblings
    vouch for it, so it is not an omission; one sibling alone does not outweigh the direct pair."""
    from auditor.align import FamilyAlignment, Link, PairAlignment
    from auditor.detectors.omission import carried_through
    from auditor.model import Sentence

    def pair(a: str, b: str, *links: tuple[int, int]) -> PairAlignment:
        return PairAlignment(a, b, np.eye(2, dtype=np.float32), 0.0, 1.0, tuple(Link(i, j, 0.9, 1.0) for i, j in links))

    sentences = {v: [Sentence(v, 1, f"{v} headline"), Sentence(v, 2, f"{v} subheading")]
                 for v in ("zh", "en1", "en2", "en3")}
    vectors = {v: np.eye(2, dtype=np.float32) for v in sentences}
    pairs = {("zh", "en1"): pair("zh", "en1", (1, 0), (1, 1)),  # the headline left unlinked
             ("zh", "en2"): pair("zh", "en2", (0, 0), (1, 1)), ("zh", "en3"): pair("zh", "en3", (0, 0), (1, 1)),
             ("en1", "en2"): pair("en1", "en2", (0, 0), (1, 1)), ("en2", "en3"): pair("en2", "en3", (0, 0), (1, 1))}
    vouched = FamilyAlignment(sentences, vectors, {**pairs, ("en1", "en3"): pair("en1", "en3", (0, 0), (1, 1))})
    assert carried_through(vouched, "zh", 0, "en1", ["en2", "en3"])
    alone = FamilyAlignment(sentences, vectors, {**pairs, ("en1", "en3"): pair("en1", "en3", (1, 1))})
    assert not carried_through(alone, "zh", 0, "en1", ["en2", "en3"])


TRAM_ZH = [
    "市议会批准新建有轨电车线路计划",
    "市议会周二投票决定修建一条连接火车站和大学校园的有轨电车线路。",
    "官员表示，工程预计明年春天开工，工期约三年。",
    "该项目将耗资2.4亿欧元，大部分由地区政府支付。",
    "老城区居民曾反对早先一条穿过集市广场的路线。",
    "市长说，新线路每天将为成千上万的学生缩短出行时间。",
]


@pytest.mark.parametrize("pasted", [
    "Tram tickets will cost two euros for a single journey, the transport authority said.",
    "Critics say the council should have invested in cycle lanes instead.",
])
def test_a_sentence_on_the_same_subject_pasted_into_a_translation_is_an_addition(tmp_path, pasted):
    """Between two translated paragraphs, the alignment may pair the pasted sentence with the gap in the Chinese
    original at a score near that of unrelated text: such a link does not make it carried."""
    family = write_family(tmp_path / "tram", {"zh": "\n".join(TRAM_ZH) + "\n",
                                              "en": "\n".join(TRAM_EN[:2] + [pasted] + TRAM_EN[2:]) + "\n"})
    result = run_cli("audit", family, "--format", "json", "--fail-on", "never")
    assert [(f["line"], f["severity"]) for f in findings(json.loads(result.stdout), "en", "addition")] == [(3, "warning")]
