"""Numbers compared by value whatever the notation, names across scripts and cases, and the injection benchmark
(bench/inject.py) that measures both."""
import importlib.util
import json
import sys

import pytest

from auditor.detectors.numbers import evidence_of, numbers
from conftest import ROOT, entity_warnings, run_cli, write_family


def carried(claim: str, sibling: str) -> list[bool]:
    """For each number of ``claim``: does ``sibling`` carry it?"""
    evidence = evidence_of(sibling)
    return [evidence.carries(n) for n in numbers(claim)]


@pytest.mark.parametrize("claim, sibling", [
    ("The polls close at 17:30.", "Les bureaux de vote ferment à 17 h 30."),
    ("The polls close at 17:30.", "投票は午後5時半に締め切られる。"),
    ("The polls close at 17:30.", "投票于下午5点30分结束。"),
    ("Die Wahllokale schließen um 17.30 Uhr.", "The polls close at 5:30 p.m."),
    ("25 % of voters stayed home.", "A quarter of voters stayed home."),
    ("有4分の1の有権者が棄権した。", "25% of voters stayed home."),
    ("33% voted early.", "A third voted early."),
    ("１万人が集まった。", "10,000 people gathered."),
    ("1 万人参加。", "10 000 people took part."),
    ("3 216 people", "3,216 people"),
    ("3\u00a0216 people", "3216 people"),
    ("15 lakh people", "1.5 million people"),
    ("1.1 lakh holders", "11 万名持有者"),
    ("Rs 1.5 crore", "15 million rupees"),
    ("ผู้คน 3 หมื่น คน", "30,000 people"),
    ("3 juta orang", "3 million people"),
    ("2,5 miliar rupiah", "2.5 billion rupiah"),
    ("٣٫٥ مليون دولار", "3.5 million dollars"),
    ("۱۲ نفر", "12 people"),
    ("3만 명", "30,000 people"),
    ("3千万人", "30 million people"),
    ("in the 1980s", "in the eighties"),
    ("in the 1990s", "in den Neunzigerjahren"),
    ("15,00,000 rupees", "1.5 million rupees"),
    ("百分之25的选民", "25% of voters"),
    ("Proyek itu menelan biaya 2,5 juta dolar.", "The project cost 2.5 million dollars."),
    ("Serikali ilitenga shilingi bilioni 3 kwa mradi huo.", "The government set aside 3 billion shillings."),
    ("Mradi huo uligharimu dola milioni 2.5.", "The project cost 2.5 million dollars."),
    ("هزینه این پروژه ۲٫۵ میلیون دلار بود.", "The project cost 2.5 million dollars."),
    ("هزینه این پروژه ۲/۵ میلیون دلار بود.", "The project cost 2.5 million dollars."),
    ("প্রকল্পে ৩ কোটি টাকা খরচ হয়েছে।", "The project cost 30 million taka."),
    ("Nagkakahalaga ang proyekto ng 4 bilyong piso.", "The project cost 4 billion pesos."),
    ("Layihənin dəyəri 7 milyard manatdır.", "The project cost 7 billion manats."),
    ("Алаңға 12 мың адам жиналды.", "12,000 people gathered."),
    ("Mradi huo uligharimu dola milioni 2.5.", "The project cost 2,500,000 dollars."),
    ("今天的 200 多万美元", "heute über zwei Millionen Dollar wert"),
    ("worth over $2 million today", "сьогодні вже мали б більше двох мільйонів доларів"),
    ('the "1992 Consensus" is the original "92 Consensus"', 'the "1992 Consensus" is the original "1992 Consensus"'),
])
def test_a_number_written_in_another_notation_is_carried(claim, sibling):
    assert carried(claim, sibling) and all(carried(claim, sibling))


@pytest.mark.parametrize("claim, sibling", [
    ("The polls close at 18:30.", "The polls close at 5:30 p.m."),
    ("2.5 billion dollars", "2.5 million dollars"),
    ("3分の1の有権者", "25% of voters"),
    ("2 万人", "10,000 people"),
    ("3 Millionen Euro", "two million euros"),
    ("Proyek itu menelan biaya 2,5 miliar dolar.", "The project cost 2.5 million dollars."),
])
def test_a_changed_value_in_another_notation_is_not_carried(claim, sibling):
    assert not all(carried(claim, sibling))


PORT = """Port of Rotterdam opens a new container terminal
The port of Rotterdam opened its new container terminal on Thursday after four years of construction.
The terminal will create 4,200 jobs in the region and handle ships of up to 400 metres.
Its cranes run on electricity from a wind farm off the coast.
The city expects the first ships from Singapore at the end of the month.
Environmental groups warned that the deeper channel harms the river's fish.
"""
PORT_DE = """Rotterdamer Hafen eröffnet ein neues Containerterminal
Der Hafen von Rotterdam hat am Donnerstag nach vier Jahren Bauzeit sein neues Containerterminal eröffnet.
Das Terminal soll in der Region 4.200 Arbeitsplätze schaffen und Schiffe von bis zu 400 Metern abfertigen.
Seine Kräne fahren mit Strom aus einem Windpark vor der Küste.
Die Stadt erwartet die ersten Schiffe aus Singapur Ende des Monats.
Umweltverbände warnten, dass die tiefere Fahrrinne den Fischen des Flusses schadet.
"""


def number_findings(root) -> dict[str, list[int]]:
    result = run_cli("audit", root, "--format", "json", "--fail-on", "never")
    assert result.returncode == 0, result.stderr
    return {v["id"]: [f["line"] for f in v["findings"] if f["kind"] == "number_mismatch"]
            for v in json.loads(result.stdout)["families"][0]["versions"]}


def test_a_number_changed_in_one_of_two_near_copies_is_reported_there_not_on_the_translation_that_agrees(tmp_path):
    """Two copies of one English text count as one vote; where one of them was changed, the other still carries the
    number, so the German translation that agrees with it is not accused on the changed copy's word alone."""
    family = write_family(tmp_path / "port", {"a": PORT.replace("4,200", "4,800"), "b": PORT, "c": PORT_DE})
    assert number_findings(family) == {"a": [3], "b": [], "c": []}


TOURISM = {
    "zh": "新加坡预计今年游客回流\n（综合11日电）新加坡旅游局周一表示，预计今年到访旅客最多可达1400万人次。\n"
          "市中心的酒店夏季的房间已经几乎全部订满。\n樟宜机场已重新开放第三航站楼，以应对日益增加的航班。\n"
          "官员们相信，旅游业明年将全面复苏。\n",
    "en": "Singapore expects tourists to return this year\n(Combined report, 11th) The tourism board said on Monday that "
          "it expects up to 14 million visitors this year.\nHotels in the city centre are already almost fully booked "
          "for the summer.\nThe airport has reopened its third terminal to handle the growing number of flights.\n"
          "Officials believe that the industry will fully recover next year.\n",
    "de": "Singapur erwartet die Rückkehr der Touristen in diesem Jahr\nDas Tourismusamt erklärte am Montag, es erwarte "
          "in diesem Jahr bis zu 14 Millionen Besucher.\nDie Hotels in der Innenstadt sind für den Sommer bereits fast "
          "ausgebucht.\nDer Flughafen hat sein drittes Terminal wieder geöffnet, um die wachsende Zahl von Flügen zu "
          "bewältigen.\nDie Behörden glauben, dass sich die Branche im nächsten Jahr vollständig erholen wird.\n",
    "fr": "Singapour s'attend au retour des touristes cette année\nL'office du tourisme a déclaré lundi qu'il attendait "
          "jusqu'à 16 millions de visiteurs cette année.\nLes hôtels du centre-ville sont déjà presque complets pour "
          "l'été.\nL'aéroport a rouvert son troisième terminal pour faire face au nombre croissant de vols.\n"
          "Les autorités estiment que le secteur se rétablira complètement l'année prochaine.\n",
}


def test_a_dateline_that_some_translations_leave_out_is_not_a_changed_number_but_a_changed_number_is(tmp_path):
    """The "11th" of the dateline is in the source and in one translation of three others: it was in what they
    translate, and the others dropped it. The French 16 million, that no other version carries, was changed."""
    assert number_findings(write_family(tmp_path / "tourism", TOURISM)) == {"de": [], "en": [], "fr": [2], "zh": []}


CITY = {
    "en": "Mayor Anna Keller of Berlin opened the new tram line on Monday.\n"
          "The line connects the old town with the airport in twenty minutes.\n"
          "Keller said that Berlin had waited thirty years for the project.\n",
    "de": "Die Berliner Bürgermeisterin Anna Keller hat am Montag die neue Straßenbahnlinie eröffnet.\n"
          "Die Linie verbindet die Altstadt in zwanzig Minuten mit dem Flughafen.\n"
          "Keller sagte, Berlin habe dreißig Jahre auf das Projekt gewartet.\n",
    "cs": "Starostka Berlína Anna Kellerová v pondělí otevřela novou tramvajovou linku.\n"
          "Linka spojuje staré město s letištěm za dvacet minut.\n"
          "Kellerová uvedla, že Berlín na projekt čekala třicet let.\n",
    "ru": "Мэр Берлина Анна Келлер в понедельник открыла новую трамвайную линию.\n"
          "Линия соединяет старый город с аэропортом за двадцать минут.\n"
          "По словам Келлер, Берлин ждал этого проекта тридцать лет.\n",
}


def test_a_surname_replaced_in_a_full_name_in_another_script_is_an_entity_mismatch(tmp_path):
    """The Russian version keeps the first name and changes the surname (Анна Келлер -> Анна Соболева), while
    its siblings are in Latin script: the name is the one the English, German and Czech versions agree on."""
    damaged = dict(CITY, ru=CITY["ru"].replace("Анна Келлер", "Анна Соболева"))
    family = write_family(tmp_path / "tram", damaged)
    report = json.loads(run_cli("audit", family, "--format", "json", "--fail-on", "never").stdout)
    found = [(v["id"], f["line"]) for v in report["families"][0]["versions"] for f in v["findings"]
             if f["kind"] == "entity_mismatch" and f["severity"] != "info"]
    assert found == [("ru", 1)]


def bench():
    spec = importlib.util.spec_from_file_location("inject", ROOT / "bench" / "inject.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["inject"] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("language, line, spelled", [
    ("cs", "POSTECH 10tého oznámil, že test trvá 10 minut.", "POSTECH 10tého oznámil, že test trvá deset minut."),
    ("fr", "La Real Sociedad est 5e avec 5 victoires.", "La Real Sociedad est 5e avec cinq victoires."),
    ("de", "Eine Investition wäre heute $2 Millionen wert, sagen 2 Analysten.",
     "Eine Investition wäre heute $2 Millionen wert, sagen zwei Analysten."),
    ("ja", "POSTECHは10日に発表した。", "POSTECHは十日に発表した。"),
])
def test_the_benchmark_spells_out_only_a_numeral_that_stands_as_a_word(language, line, spelled):
    """A clean version's number rewritten in words must still say the value: "10tého" spelled out would read
    "desettého", which no writer writes, and its siblings' findings would be counted as false alarms."""
    inject = bench()
    rewritten = set()
    for seed in range(40):
        draft = inject.Draft("v", language, [inject.Line(line)])
        rewrite = inject.number_rewrite(draft, 0, inject.random.Random(seed))
        if rewrite and rewrite["variant"] == "spelled":
            rewritten.add(draft.lines[0].text)
    assert rewritten == {spelled}


def test_the_benchmark_writes_damaged_families_with_labels_and_a_perfect_report_scores_one(tmp_path):
    inject = bench()
    inject.disjoint()  # what it injects is not what the detectors read
    clean = tmp_path / "clean"
    for name in ("a", "b"):
        write_family(clean / name, {k: v.replace("Berlin", "Berlin" if name == "a" else "Graz") for k, v in CITY.items()})
    labels = inject.build([str(clean)], tmp_path / "out", seed=3, copies=4, sample=None, part=None,
                          kinds=inject.KINDS, rewrite_share=1.0)
    versions = [v for family in labels["families"].values() for v in family["versions"].values()]
    faults = [f for v in versions for f in v["faults"]]
    assert len(labels["families"]) == 8 and faults and any(v["clean"] for v in versions)
    for family_id, family in labels["families"].items():
        for version_id, label in family["versions"].items():
            lines = (tmp_path / "out" / "families" / family_id / f"{version_id}.txt").read_text(encoding="utf-8").split("\n")
            for fault in label["faults"]:
                if fault.get("line"):  # the label points at the damaged line
                    assert lines[fault["line"] - 1] == fault["text"].split("\n")[0]
    perfect = {"families": [{"id": fid, "versions": [
        {"id": vid, "fidelity": 1.0 if label["clean"] else 0.4,
         "findings": [{"kind": f["kind"], "severity": "warning", "line": f.get("line"), "end_line": f.get("end_line"),
                       "text": f["text"]} for f in label["faults"]]}
        for vid, label in family["versions"].items()]} for fid, family in labels["families"].items()]}
    scores = inject.score(labels, perfect, None)
    assert all(s["recall"] == 1.0 and s["precision"] == 1.0 for s in scores["kinds"].values() if s["faults"])
    assert scores["false_alarms_per_clean_version"] == 0


def test_restoring_the_damaged_copies_gives_back_the_clean_families(tmp_path):
    """bench/restore.py undoes what the labels say was injected: the labels point at the right lines and texts."""
    inject = bench()
    clean = write_family(tmp_path / "clean" / "tram", CITY)
    kinds = ["mt_notice", "boilerplate", "addition", "stray_language", "number_mismatch", "entity_mismatch"]
    labels = inject.build([str(clean.parent)], tmp_path / "out", seed=7, copies=6, sample=None, part=None,
                          kinds=kinds, rewrite_share=0.0)
    assert any(v["faults"] for family in labels["families"].values() for v in family["versions"].values())
    spec = importlib.util.spec_from_file_location("restore", ROOT / "bench" / "restore.py")
    restore = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(restore)
    for family_id, family in labels["families"].items():
        for version_id, label in family["versions"].items():
            text = (tmp_path / "out" / "families" / family_id / f"{version_id}.txt").read_text(encoding="utf-8")
            lines = restore.restore(text.split("\n")[:-1], label["faults"], False)
            assert lines == CITY[version_id].split("\n")[:-1], (family_id, version_id)


OPERA = {
    "en": "Maria Rossi, the director of the opera house, announced on Tuesday that the theatre will close for repairs.\n"
          "The work will take two years and cost forty million euros.\n"
          "Rossi said that Milan had long needed a modern stage.\n"
          "Concerts will move to a temporary hall near the station.\n",
    "ja": "歌劇場のマリア・ロッシ総裁は火曜日、劇場を改修のため閉鎖すると発表した。\n"
          "工事は2年かかり、費用は4000万ユーロとなる。\n"
          "ロッシ氏は、ミラノには長い間近代的な舞台が必要だったと述べた。\n"
          "コンサートは駅近くの仮設ホールに移る。\n",
    "zh": "歌剧院院长玛丽亚·罗西周二宣布，剧院将关闭进行维修。\n"
          "工程将耗时两年，耗资四千万欧元。\n"
          "罗西表示，米兰早就需要一个现代化的舞台。\n"
          "音乐会将移至车站附近的临时大厅。\n",
    "ru": "Директор оперного театра Мария Росси во вторник объявила, что театр закроется на ремонт.\n"
          "Работы займут два года и обойдутся в сорок миллионов евро.\n"
          "Росси сказала, что в Милане давно нужна современная сцена.\n"
          "Концерты переедут во временный зал у вокзала.\n",
}


def test_the_clean_family_in_four_scripts_has_no_entity_mismatch(tmp_path):
    assert entity_warnings(tmp_path / "opera", OPERA) == []


def test_a_surname_replaced_in_a_full_name_is_found_where_the_other_siblings_write_kana_and_chinese(tmp_path):
    """Maria Rossi -> Maria Brennan in English: the only sibling with capitals is Russian; the Japanese version
    writes the name in katakana (マリア・ロッシ), which it votes for; the first name kept marks the surname's place."""
    assert entity_warnings(tmp_path / "opera", dict(OPERA, en=OPERA["en"].replace("Maria Rossi", "Maria Brennan"))) == [("en", 1)]


def test_an_inflected_city_replaced_in_russian_is_found_against_latin_and_katakana(tmp_path):
    """в Милане -> в Лионе (the case ending kept): English writes Milan, Japanese ミラノ; Chinese (米兰) shows
    nothing readable and does not vote against it."""
    assert entity_warnings(tmp_path / "opera", dict(OPERA, ru=OPERA["ru"].replace("в Милане", "в Лионе"))) == [("ru", 3)]


def trade_visit(first: str, fifth: str, mentions: str, talks: str, prices: str) -> str:
    return (f"The minister met business leaders from {first} on Monday.\n"
            f"{talks}\n"
            "Both sides agreed to meet again in the spring.\n"
            f"{prices}\n"
            f"{fifth} will send a delegation of fifty officials to the summit in Geneva.\n"
            f"{mentions}\n"
            "The minister returns home on Friday.\n")


# five English translations of one report, each worded its own way; one (b) names Norway on its first line; on
# line 6 two name China twice, one once, one not at all
TRADE = {
    "a": trade_visit("China", "China", "Officials said China wants more trade, and that China will cut tariffs.",
                     "The talks covered steel, grain and the new port.", "Grain prices have risen sharply this year."),
    "b": trade_visit("Norway and China", "China", "Officials said China seeks more trade, and China will cut tariffs.",
                     "Steel, grain and the new harbour were discussed.", "This year the price of grain rose steeply."),
    "c": trade_visit("China", "China", "China wants more trade, officials said, and China will cut its tariffs.",
                     "They talked about steel, cereals and the new port.", "Prices for grain went up a lot this year."),
    "d": trade_visit("China", "China", "Officials said China wants more trade and will lower its tariffs.",
                     "On the agenda were steel, grain and a new port.", "Grain has become much more expensive."),
    "e": trade_visit("China", "China", "Officials said the country wants more trade and will cut its tariffs.",
                     "The discussion covered steel, grain and the port.", "The cost of grain climbed sharply."),
}


def test_the_trade_family_has_no_entity_mismatch(tmp_path):
    assert entity_warnings(tmp_path / "opera", TRADE) == []


def test_a_country_replaced_by_one_a_sibling_names_only_far_away_is_a_warning(tmp_path):
    """China -> Norway on line 5: version b names Norway on line 1 only, four lines away, which is no sign that
    the sentence was reworded (a reworded sentence moves a name to a line nearby)."""
    damaged = dict(TRADE, a=TRADE["a"].replace("China will send", "Norway will send"))
    assert entity_warnings(tmp_path / "opera", damaged) == [("a", 5)]


def test_a_country_replaced_where_the_sentence_still_names_it_once_is_a_warning(tmp_path):
    """China ... China -> China ... Brazil on line 6: of the siblings that name China there, most name it twice;
    one that words the line without the name does not count against them."""
    damaged = dict(TRADE, a=TRADE["a"].replace("that China will", "that Brazil will"))
    assert entity_warnings(tmp_path / "opera", damaged) == [("a", 6)]


def test_a_country_replaced_by_one_spelled_half_alike_is_a_warning_among_versions_in_one_language(tmp_path):
    """China -> Chile on line 5: across languages a name half alike is often the same name rendered another way
    (Řeky / Greeks), but the four other English versions all write China: English does not write it Chile."""
    damaged = dict(TRADE, a=TRADE["a"].replace("China will send", "Chile will send"))
    assert entity_warnings(tmp_path / "opera", damaged) == [("a", 5)]


def test_an_acronym_of_the_name_the_siblings_write_in_words_is_that_name(tmp_path):
    """The US where the siblings write the United States: the same country, not a replaced name."""
    summit = {k: v.replace("summit in Geneva", "summit in the United States") for k, v in TRADE.items()}
    summit["c"] = summit["c"].replace("in the United States", "in the US")
    assert entity_warnings(tmp_path / "opera", summit) == []


def test_a_country_replaced_where_the_siblings_split_the_sentence_in_two_is_a_warning(tmp_path):
    """China ... Brazil in one sentence, where the siblings write China in each of two sentences: both are
    counterparts of the one sentence, so the siblings name China twice there."""
    split = {"b": "Officials said China seeks more trade. China will also cut tariffs.",
             "c": "China wants more trade, officials said. And China will cut its tariffs.",
             "d": "Officials said China wants more trade. China will lower its tariffs too."}
    family = dict(TRADE, **{k: TRADE[k].replace(TRADE[k].splitlines()[5], line) for k, line in split.items()})
    family["a"] = family["a"].replace("that China will", "that Brazil will")
    assert entity_warnings(tmp_path / "opera", family) == [("a", 6)]


VACCINE = {
    "en": "Hospitals in Britain are preparing for a new wave of infections.\n"
          "Recent studies show that the Pfizer-BioNTech vaccine is much less effective against the new strain.\n"
          "Doctors advise everyone over fifty to get a booster dose.\n",
    "en-gb": "British hospitals are getting ready for another wave of infections.\n"
             "According to recent studies, the Pfizer-BioNTech vaccine works far less well against the new strain.\n"
             "Doctors recommend a booster for everyone older than fifty.\n",
    "ru": "Больницы Великобритании готовятся к новой волне заражений.\n"
          "Последние исследования показывают, что вакцина Pfizer-BioNTech гораздо менее эффективна против нового штамма.\n"
          "Врачи советуют всем старше пятидесяти сделать бустерную прививку.\n",
}


def test_a_name_replaced_in_another_script_is_found_by_the_name_it_is_joined_to(tmp_path):
    """Pfizer-BioNTech -> Кудрин-BioNTech in Russian, where both siblings are English: a name in another script is
    accused against one language's name only when it stands in its place, here joined to the same name."""
    assert entity_warnings(tmp_path / "opera", VACCINE) == []
    assert entity_warnings(tmp_path / "opera", dict(VACCINE, ru=VACCINE["ru"].replace("Pfizer-", "Кудрин-"))) == [("ru", 2)]


def test_a_name_every_sibling_writes_is_accused_across_scripts_against_one_unlike_it(tmp_path):
    """Gamaleya -> Хартли in Russian, beside two English versions that both name Gamaleya: the model puts Хартли
    no closer to Gamaleya than different names are, as a translated word would be."""
    lines = {"en": "The vaccine was developed by scientists of the Gamaleya institute in the capital.",
             "en-gb": "Scientists at the Gamaleya institute in the capital developed the vaccine.",
             "ru": "Вакцину разработали учёные института имени Гамалеи в столице."}
    family = {k: VACCINE[k] + line + "\n" for k, line in lines.items()}
    assert entity_warnings(tmp_path / "opera", family) == []
    family["ru"] = family["ru"].replace("Гамалеи", "Хартли")
    assert entity_warnings(tmp_path / "opera", family) == [("ru", 4)]


def test_a_name_replaced_in_a_title_that_the_other_versions_keep_is_a_warning(tmp_path):
    """Bard -> Sorensen inside a quoted headline: titles are often translated, but the other English versions keep
    Bard inside theirs, so English does not translate this one."""
    headlines = {"a": 'Reuters ran the headline "Alphabet shares plunge after Bard error".',
                 "b": 'Reuters headlined "Alphabet shares plunge after Bard error".',
                 "c": 'The Reuters headline read "Alphabet stock falls after Bard error".',
                 "d": 'Reuters titled its report "Alphabet shares drop after Bard mistake".',
                 "e": 'Reuters reported it under the title "Alphabet shares plunge after Bard error".'}
    family = {k: TRADE[k].replace("Both sides agreed to meet again in the spring.", line) for k, line in headlines.items()}
    assert entity_warnings(tmp_path / "opera", family) == []
    family["a"] = family["a"].replace("after Bard", "after Sorensen")
    assert entity_warnings(tmp_path / "opera", family) == [("a", 3)]


CHAIN = {
    "en": "Developers released a new version of the payment app on Friday.\n"
          "The update runs on the Ethereum blockchain and cuts the fees by half.\n"
          "Users can now send money abroad without a bank account.\n"
          "The company was founded in Lisbon four years ago.\n"
          "Its founders expect a million users by the end of the year.\n"
          "Critics warn that the service is not yet regulated.\n",
    "en-gb": "On Friday the developers put out a new version of the payment app.\n"
             "The update works on the Ethereum blockchain and halves the fees.\n"
             "Users can now send money abroad without having a bank account.\n"
             "The firm was set up in Lisbon four years ago.\n"
             "Its founders are expecting a million users by the end of the year.\n"
             "Critics warn that the service is still unregulated.\n",
    "fr": "Les développeurs ont publié vendredi une nouvelle version de l'application de paiement.\n"
          "La mise à jour fonctionne sur la blockchain Ethereum et réduit les frais de moitié.\n"
          "Les utilisateurs peuvent désormais envoyer de l'argent à l'étranger sans compte bancaire.\n"
          "L'entreprise a été fondée à Lisbonne il y a quatre ans.\n"
          "Ses fondateurs attendent un million d'utilisateurs d'ici la fin de l'année.\n"
          "Les critiques préviennent que le service n'est pas encore réglementé.\n",
    "de": "Die Entwickler haben am Freitag eine neue Version der Bezahl-App veröffentlicht.\n"
          "Das Update läuft auf der Ethereum-Blockchain und halbiert die Gebühren.\n"
          "Nutzer können jetzt ohne Bankkonto Geld ins Ausland schicken.\n"
          "Das Unternehmen wurde vor vier Jahren in Lissabon gegründet.\n"
          "Seine Gründer erwarten bis Ende des Jahres eine Million Nutzer.\n"
          "Kritiker warnen, dass der Dienst noch nicht reguliert ist.\n",
}


def test_a_name_replaced_as_the_first_part_of_a_german_compound_is_a_warning(tmp_path):
    """Ethereum-Blockchain -> Hartmann-Blockchain: "the Ethereum blockchain" takes an article in English, as a word
    that each language translates would ("les Verts" / "die Grünen"), but the article belongs to the blockchain,
    which the German compound ends with."""
    assert entity_warnings(tmp_path / "chain", CHAIN) == []
    damaged = dict(CHAIN, de=CHAIN["de"].replace("Ethereum-Blockchain", "Hartmann-Blockchain"))
    assert entity_warnings(tmp_path / "chain", damaged) == [("de", 2)]


NOVEL = {
    "en": "The novelist died on Saturday at the age of eighty.\n"
          "Her best-known character is the vampire Lestat, who appears in thirteen of her books.\n"
          "She once said that Lestat was the man of action she could never be.\n",
    "ja": "その小説家は土曜日に80歳で亡くなった。\n"
          "彼女の最も有名な登場人物は吸血鬼のレスタトで、13冊の本に登場する。\n"
          "彼女はかつて、レスタトは自分がなれなかった行動の人だと語った。\n",
    "uk": "Письменниця померла в суботу у віці вісімдесяти років.\n"
          "Її найвідоміший персонаж — вампір Лестат, який з'являється у тринадцяти її книгах.\n"
          "Колись вона сказала, що бачила в Лестаті людину дії, якою сама ніколи не могла стати.\n",
    "zh": "这位小说家于周六去世，享年八十岁。\n"
          "她最著名的角色是吸血鬼莱斯特，他出现在她的十三本书中。\n"
          "她曾说，莱斯特是她永远无法成为的行动派。\n",
}


def test_a_name_replaced_where_the_siblings_write_it_inflected_and_in_katakana_is_found(tmp_path):
    """Lestat -> Brennan in English: Ukrainian writes the name inflected (Лестаті), Japanese in katakana with the
    vowels katakana adds (レスタト, resutato); read as katakana writes a name, the two are one name, which two
    siblings in other languages agree on."""
    assert entity_warnings(tmp_path / "novel", NOVEL) == []
    damaged = dict(NOVEL, en=NOVEL["en"].replace("that Lestat was", "that Brennan was"))
    assert entity_warnings(tmp_path / "novel", damaged) == [("en", 3)]


WALLETS = {
    "en": "The team released its app last week.\n"
          "It works with Crypto Wallet, Trust Wallet and Safemoon Wallet.\n"
          "More features will follow in the spring.\n"
          "The developers live in three countries and have never met.\n"
          "A bug in the first release deleted some users' settings.\n",
    "de": "Das Team hat seine App letzte Woche veröffentlicht.\n"
          "Sie funktioniert mit Crypto Wallet, Trust Wallet und Safemoon Wallet.\n"
          "Weitere Funktionen sollen im Frühjahr folgen.\n"
          "Die Entwickler leben in drei Ländern und haben sich nie getroffen.\n"
          "Ein Fehler in der ersten Version löschte die Einstellungen einiger Nutzer.\n",
    "fr": "L'équipe a publié son application la semaine dernière.\n"
          "Elle fonctionne avec les portefeuilles Crypto, Trust et Safemoon.\n"
          "D'autres fonctions suivront au printemps.\n"
          "Les développeurs vivent dans trois pays et ne se sont jamais rencontrés.\n"
          "Un bogue de la première version a effacé les réglages de certains utilisateurs.\n",
    "it": "Il team ha pubblicato la sua app la settimana scorsa.\n"
          "Funziona con Crypto Wallet, Trust Wallet e Safemoon Wallet.\n"
          "Altre funzioni seguiranno in primavera.\n"
          "Gli sviluppatori vivono in tre paesi e non si sono mai incontrati.\n"
          "Un errore nella prima versione ha cancellato le impostazioni di alcuni utenti.\n",
    "es": "El equipo publicó su aplicación la semana pasada.\n"
          "Funciona con los monederos Crypto, Trust y Safemoon.\n"
          "Más funciones llegarán en primavera.\n"
          "Los desarrolladores viven en tres países y nunca se han visto.\n"
          "Un error en la primera versión borró los ajustes de algunos usuarios.\n",
    "cs": "Tým minulý týden vydal svou aplikaci.\n"
          "Funguje s Crypto Wallet, Trust Wallet a Safemoon Wallet.\n"
          "Další funkce budou následovat na jaře.\n"
          "Vývojáři žijí ve třech zemích a nikdy se nesetkali.\n"
          "Chyba v první verzi smazala některým uživatelům nastavení.\n",
}


def test_a_name_replaced_after_a_name_its_siblings_write_before_it_elsewhere_in_the_sentence_is_found(tmp_path):
    """Trust Wallet -> Trust Haddad in Czech, where three of five siblings write Wallet (two translate it):
    Haddad stands where they write Wallet, after Trust, though their first Wallet follows Crypto."""
    assert entity_warnings(tmp_path / "wallets", WALLETS) == []
    damaged = dict(WALLETS, cs=WALLETS["cs"].replace("Trust Wallet", "Trust Haddad"))
    assert entity_warnings(tmp_path / "wallets", damaged) == [("cs", 2)]


def test_a_country_swapped_for_another_in_its_russian_case_is_found_against_english_only(tmp_path):
    """в Великобритании -> в Эстонии beside two English versions: a name in another script is accused against one
    language's name only when both are places of the gazetteer, and Russian declines them."""
    family = {"en": VACCINE["en"] + "The number of new cases in Britain doubled in two days.\n",
              "en-gb": VACCINE["en-gb"] + "In Britain the number of new cases doubled within two days.\n",
              "ru": VACCINE["ru"] + "Число новых случаев в Великобритании за два дня удвоилось.\n"}
    assert entity_warnings(tmp_path / "opera", family) == []
    family["ru"] = family["ru"].replace("в Великобритании", "в Эстонии")
    assert entity_warnings(tmp_path / "opera", family) == [("ru", 4)]
