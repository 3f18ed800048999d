"""What a damaged version gets: a sentence dropped from inside a paragraph is an omission, and fidelity ranks the
clean versions above the ones with an addition or an omission (docs/fidelity.md, docs/benchmark.md)."""
import json

import pytest

from conftest import run_cli, version_of, write_family

# An article of paragraphs of two or three sentences, in four languages.
PARAGRAPHS = {
    "en": [
        "Harbour town opens a new ferry terminal",
        "The new ferry terminal in Kiel opened on Monday after three years of construction. "
        "It can handle four ships at the same time.",
        "The building has a glass roof and a waiting hall with room for six hundred passengers. "
        "Solar panels on the roof cover a third of its electricity. "
        "The rest comes from a wind farm off the coast.",
        "Local shops had complained about the noise of the building site for months. "
        "The port authority paid a small compensation to each of them.",
        "The first ship to dock was a ferry from Oslo with two hundred cars on board. "
        "Its captain received a bunch of flowers from the mayor.",
        "Critics say the terminal was far too expensive for a town of this size. "
        "The final bill was almost twice the first estimate. "
        "The council will discuss an audit of the project in June.",
        "Tickets for the summer season can be bought online from next week.",
    ],
    "de": [
        "Hafenstadt eröffnet ein neues Fährterminal",
        "Das neue Fährterminal in Kiel wurde am Montag nach drei Jahren Bauzeit eröffnet. "
        "Es kann vier Schiffe gleichzeitig abfertigen.",
        "Das Gebäude hat ein Glasdach und eine Wartehalle mit Platz für sechshundert Fahrgäste. "
        "Solarmodule auf dem Dach decken ein Drittel seines Stroms. "
        "Der Rest stammt aus einem Windpark vor der Küste.",
        "Die Geschäfte vor Ort hatten sich monatelang über den Lärm der Baustelle beschwert. "
        "Die Hafenbehörde zahlte jedem von ihnen eine kleine Entschädigung.",
        "Das erste Schiff, das anlegte, war eine Fähre aus Oslo mit zweihundert Autos an Bord. "
        "Ihr Kapitän erhielt vom Bürgermeister einen Blumenstrauß.",
        "Kritiker sagen, das Terminal sei für eine Stadt dieser Größe viel zu teuer gewesen. "
        "Die Schlussrechnung war fast doppelt so hoch wie die erste Schätzung. "
        "Der Stadtrat wird im Juni über eine Prüfung des Projekts beraten.",
        "Fahrkarten für die Sommersaison können ab nächster Woche online gekauft werden.",
    ],
    "es": [
        "Una ciudad portuaria inaugura una nueva terminal de ferris",
        "La nueva terminal de ferris de Kiel se inauguró el lunes tras tres años de obras. "
        "Puede atender cuatro barcos al mismo tiempo.",
        "El edificio tiene un techo de cristal y una sala de espera con capacidad para seiscientos pasajeros. "
        "Los paneles solares del techo cubren un tercio de su electricidad. "
        "El resto procede de un parque eólico frente a la costa.",
        "Los comercios de la zona se habían quejado durante meses del ruido de las obras. "
        "La autoridad portuaria pagó una pequeña compensación a cada uno de ellos.",
        "El primer barco en atracar fue un ferri procedente de Oslo con doscientos coches a bordo. "
        "Su capitán recibió un ramo de flores del alcalde.",
        "Los críticos afirman que la terminal fue demasiado cara para una ciudad de este tamaño. "
        "La factura final casi duplicó la primera estimación. "
        "El ayuntamiento debatirá en junio una auditoría del proyecto.",
        "Los billetes para la temporada de verano se podrán comprar en internet a partir de la semana que viene.",
    ],
    "fr": [
        "Une ville portuaire inaugure un nouveau terminal de ferries",
        "Le nouveau terminal de ferries de Kiel a ouvert lundi après trois ans de travaux. "
        "Il peut accueillir quatre navires en même temps.",
        "Le bâtiment possède un toit en verre et une salle d'attente pouvant accueillir six cents passagers. "
        "Des panneaux solaires sur le toit couvrent un tiers de son électricité. "
        "Le reste provient d'un parc éolien au large de la côte.",
        "Les commerces du quartier se plaignaient depuis des mois du bruit du chantier. "
        "L'autorité portuaire a versé une petite indemnité à chacun d'eux.",
        "Le premier navire à accoster était un ferry venu d'Oslo avec deux cents voitures à bord. "
        "Son capitaine a reçu un bouquet de fleurs des mains du maire.",
        "Les critiques estiment que le terminal était bien trop cher pour une ville de cette taille. "
        "La facture finale a presque atteint le double de la première estimation. "
        "Le conseil municipal discutera en juin d'un audit du projet.",
        "Les billets pour la saison d'été pourront être achetés en ligne dès la semaine prochaine.",
    ],
}
DROPPED = "Solarmodule auf dem Dach decken ein Drittel seines Stroms."
# Pasted from another article: no sibling has it, and it has nothing to do with the ferry terminal.
PASTED = ("A recipe for apple cake needs flour, sugar, butter and six large apples. "
          "Chill the dough for an hour and bake it at 180 degrees for forty minutes. "
          "Serve it warm with cream or vanilla ice cream.")


def text(paragraphs: list[str]) -> str:
    return "\n".join(paragraphs) + "\n"


def audit(root) -> dict:
    result = run_cli("audit", root, "--format", "json", "--fail-on", "never")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def dropped(tmp_path_factory) -> dict:
    """The German version lacks the middle sentence of its third paragraph; the rest of the paragraph is there."""
    versions = {language: text(paragraphs) for language, paragraphs in PARAGRAPHS.items()}
    versions["de"] = versions["de"].replace(DROPPED + " ", "")
    return audit(write_family(tmp_path_factory.mktemp("families") / "ferry", versions))


def test_a_sentence_dropped_from_inside_a_paragraph_is_an_omission_warning(dropped):
    found = [f for f in version_of(dropped, "de")["findings"] if f["kind"] == "omission"]
    assert len(found) == 1 and found[0]["severity"] == "warning"
    quoted = found[0]["source"]
    assert quoted["line"] == 3 and "solar" in quoted["text"].lower().replace("solaire", "solar")


def test_the_complete_versions_of_that_family_have_no_omission(dropped):
    for language in ("en", "es", "fr"):
        assert not [f for f in version_of(dropped, language)["findings"] if f["kind"] == "omission"]


def test_two_sentences_joined_into_one_are_not_an_omission_warning(tmp_path):
    """A translation that renders two sentences of a paragraph as one has left nothing out."""
    versions = {language: text(paragraphs) for language, paragraphs in PARAGRAPHS.items()}
    versions["de"] = versions["de"].replace(
        "Solarmodule auf dem Dach decken ein Drittel seines Stroms. Der Rest stammt aus einem Windpark vor der Küste.",
        "Solarmodule auf dem Dach decken ein Drittel seines Stroms, der Rest stammt aus einem Windpark vor der Küste.")
    report = audit(write_family(tmp_path / "ferry", versions))
    warned = [f for f in version_of(report, "de")["findings"] if f["kind"] == "omission" and f["severity"] != "info"]
    assert not warned


def two_versions(root, english: list[str], german: list[str]) -> dict:
    report = audit(write_family(root, {"en": text(english), "de": text(german)}))
    return {v["id"]: v["fidelity"] for v in report["families"][0]["versions"]}


def test_in_a_family_of_two_a_pasted_paragraph_costs_the_version_that_has_it(tmp_path):
    """With one sibling there is no majority; the version with text of another article scores below its clean
    sibling, not the sibling for lacking it."""
    english = PARAGRAPHS["en"][:5] + [PASTED] + PARAGRAPHS["en"][5:]
    fidelity = two_versions(tmp_path / "pasted", english, PARAGRAPHS["de"])
    assert fidelity["en"] < fidelity["de"]


def test_in_a_family_of_two_a_dropped_paragraph_costs_the_version_that_lacks_it(tmp_path):
    german = PARAGRAPHS["de"][:3] + PARAGRAPHS["de"][4:]
    fidelity = two_versions(tmp_path / "dropped", PARAGRAPHS["en"], german)
    assert fidelity["de"] < fidelity["en"]


def test_clean_versions_score_above_damaged_ones_of_another_family(tmp_path):
    """Fidelity is comparable across families: a complete version scores above a version with a pasted paragraph or
    a dropped one, whatever the family, even where its only sibling is the one that dropped a paragraph."""
    write_family(tmp_path / "a", {"en": text(PARAGRAPHS["en"]), "de": text(PARAGRAPHS["de"][:3] + PARAGRAPHS["de"][4:])})
    damaged = {language: text(paragraphs) for language, paragraphs in PARAGRAPHS.items()}
    damaged["de"] = text(PARAGRAPHS["de"][:5] + [
        "Ein Rezept für Apfelkuchen braucht Mehl, Zucker, Butter und sechs große Äpfel. "
        "Den Teig eine Stunde kühlen und bei 180 Grad vierzig Minuten backen."] + PARAGRAPHS["de"][5:])
    damaged["fr"] = text(PARAGRAPHS["fr"][:3] + PARAGRAPHS["fr"][4:])
    write_family(tmp_path / "b", damaged)
    report = audit(tmp_path)
    fidelity = {(f["id"], v["id"]): v["fidelity"] for f in report["families"] for v in f["versions"]}
    clean = [fidelity[("a", "en")], fidelity[("b", "en")], fidelity[("b", "es")]]
    assert min(clean) > max(fidelity[("a", "de")], fidelity[("b", "de")], fidelity[("b", "fr")])
