"""Place names in every script: the gazetteer (auditor/data/gazetteer.toml, generated from CLDR by
tools/gazetteer.py) finds places in Chinese and Japanese text, where no capital marks a name, and knows that
中国, China and Китай are one place; so a Chinese or Japanese version with a swapped country or city is accused,
and votes against a swapped name in the others."""
import pytest
from lingua import Language

from auditor.detectors.entities import NameSpace, entity_names
from auditor.detectors.places import one_name, places_named, same_place
from auditor.detectors.spelling import spelled_like
from auditor.settings import load_data
from conftest import entity_warnings

CLAIMED = sorted(language.iso_code_639_1.name.lower() for language in Language.all())

TRADE = {
    "en": "Trade ministers meet in Geneva\n"
          "The trade ministers of Brazil and Japan met in Geneva on Monday to discuss tariffs on steel.\n"
          "Both sides agreed to set up a working group before the end of the year.\n"
          "The next meeting will take place in London in March, officials said.\n",
    "de": "Handelsminister treffen sich in Genf\n"
          "Die Handelsminister Brasiliens und Japans trafen sich am Montag in Genf, um über Zölle auf Stahl zu beraten.\n"
          "Beide Seiten vereinbarten, bis Ende des Jahres eine Arbeitsgruppe einzurichten.\n"
          "Das nächste Treffen soll im März in London stattfinden, teilten Beamte mit.\n",
    "ru": "Министры торговли встретились в Женеве\n"
          "Министры торговли Бразилии и Японии встретились в понедельник в Женеве, чтобы обсудить пошлины на сталь.\n"
          "Стороны договорились создать рабочую группу до конца года.\n"
          "Следующая встреча пройдёт в Лондоне в марте, сообщили официальные лица.\n",
    "zh": "贸易部长在日内瓦会晤\n"
          "巴西和日本的贸易部长周一在日内瓦会晤，讨论钢铁关税问题。\n"
          "双方同意在年底前成立一个工作组。\n"
          "官员表示，下一次会议将于三月在伦敦举行。\n",
    "ja": "通商相がジュネーブで会談\n"
          "ブラジルと日本の通商相は月曜日、ジュネーブで会談し、鉄鋼関税について協議した。\n"
          "双方は年内に作業部会を設置することで合意した。\n"
          "次回の会合は3月にロンドンで開かれると当局者は述べた。\n",
}


def test_the_clean_family_in_five_languages_has_no_entity_mismatch(tmp_path):
    assert entity_warnings(tmp_path / "trade", TRADE) == []


def test_a_country_swapped_in_chinese_characters_is_found(tmp_path):
    """日本 -> 韩国 in the Chinese version: the others name Japan, Japans, Японии, 日本 in four scripts."""
    damaged = dict(TRADE, zh=TRADE["zh"].replace("巴西和日本", "巴西和韩国"))
    assert entity_warnings(tmp_path / "trade", damaged) == [("zh", 2)]


def test_a_country_swapped_in_japanese_kanji_is_found(tmp_path):
    damaged = dict(TRADE, ja=TRADE["ja"].replace("ブラジルと日本", "ブラジルと韓国"))
    assert entity_warnings(tmp_path / "trade", damaged) == [("ja", 2)]


def test_a_city_swapped_in_chinese_is_found(tmp_path):
    damaged = dict(TRADE, zh=TRADE["zh"].replace("在伦敦举行", "在巴黎举行"))
    assert entity_warnings(tmp_path / "trade", damaged) == [("zh", 4)]


def test_a_country_swapped_in_english_is_found_where_only_chinese_and_japanese_name_it_besides(tmp_path):
    """Japan -> Chile in English, beside one more English version, a Chinese and a Japanese one: 日本 in both
    is Japan, so the two versions without capitals vote for it with the other English version."""
    versions = {"en": TRADE["en"].replace("Brazil and Japan", "Brazil and Chile"),
                "en2": TRADE["en"].replace("met in Geneva on Monday", "held talks in Geneva on Monday"),
                "zh": TRADE["zh"], "ja": TRADE["ja"]}
    assert entity_warnings(tmp_path / "trade", versions) == [("en", 2)]


EXPORTS = {
    "en": "Exports fall for a fifth month\n"
          "According to the Ministry of Finance, Taiwan's exports fell 21 percent in January from a year earlier.\n"
          "China is willing to work with Japan to deepen cooperation in green industries, the ministry said.\n"
          "The U.S. Department of Commerce added five companies to its list, barring them from buying from U.S. "
          "suppliers.\n"
          "The dispute raised tensions between China and the U.S., and the U.S. secretary of state called off his trip "
          "to China.\n",
    "en2": "Exports drop for the fifth month in a row\n"
           "Taiwan's exports in January were down 21 percent year on year, the Ministry of Finance said.\n"
           "China is ready to work with Japan to deepen cooperation in green industries, according to the ministry.\n"
           "The U.S. Commerce Department put five companies on its list, which bars them from buying from U.S. "
           "suppliers.\n"
           "The row added to the tension between China and the U.S., and the U.S. secretary of state cancelled a visit "
           "to China.\n",
    "zh": "出口连续第五个月下降\n"
          "据财政部称，台湾1月份出口同比下降21%。\n"
          "该部表示，中国愿与日本合作，深化绿色产业合作。\n"
          "美国商务部将五家公司列入名单，禁止它们向美国供应商购买。\n"
          "这一争端加剧了中美之间的紧张关系，美国国务卿取消了访问中国的行程。\n",
    "ru": "Экспорт падает пятый месяц подряд\n"
          "По данным министерства финансов, экспорт Тайваня в январе упал на 21 процент по сравнению с прошлым годом.\n"
          "Китай готов работать с Японией над углублением сотрудничества в зелёных отраслях, заявили в министерстве.\n"
          "Министерство торговли США внесло пять компаний в список, запретив им покупать у поставщиков из США.\n"
          "Спор усилил напряжённость между Китаем и США, и госсекретарь США отменил поездку в Китай.\n",
}


def test_the_clean_exports_family_has_no_entity_mismatch(tmp_path):
    assert entity_warnings(tmp_path / "exports", EXPORTS) == []


def test_countries_swapped_for_ones_spelled_like_them_or_like_a_common_word_are_found(tmp_path):
    """Taiwan -> Finland beside "Ministry of Finance" (Finance is no form of Finland); China -> Chile as a
    sentence's first word (half alike in spelling, but the gazetteer knows two countries)."""
    damaged = dict(EXPORTS, en=EXPORTS["en"].replace("Taiwan's", "Finland's"),
                   en2=EXPORTS["en2"].replace("China is ready", "Chile is ready"))
    assert sorted(entity_warnings(tmp_path / "exports", damaged)) == [("en", 2), ("en2", 3)]


def test_a_country_swapped_in_chinese_where_english_writes_it_with_dots_is_found(tmp_path):
    """美国 -> 加纳 the second time: the English versions write U.S. twice, the Chinese one now 美国 once."""
    damaged = dict(EXPORTS, zh=EXPORTS["zh"].replace("向美国供应商", "向加纳供应商"))
    assert entity_warnings(tmp_path / "exports", damaged) == [("zh", 4)]


def test_a_country_swapped_in_chinese_beside_its_abbreviation_is_found(tmp_path):
    """中国 -> 爱沙尼亚 where the sentence still has 中美 (China-US): the abbreviation names China once, the English
    versions twice."""
    damaged = dict(EXPORTS, zh=EXPORTS["zh"].replace("访问中国", "访问爱沙尼亚"))
    assert entity_warnings(tmp_path / "exports", damaged) == [("zh", 5)]


def test_a_place_is_read_in_the_texts_own_language():
    """Periw (Welsh for Peru) makes no English "period" a mention of Peru; an inflected name of several words
    (Нової Зеландії, Nového Zélandu) is New Zealand; a place is spelled like a common word only by chance."""
    assert not NameSpace.place_in_words("Peru", "in the period of growth", "en")
    assert NameSpace.place_in_words("China", "Chinese officials said", "en")
    assert NameSpace.place_in_words("ニュージーランド", "група з Нової Зеландії повідомила", "uk")
    assert NameSpace.place_in_words("ニュージーランド", "Tým Nového Zélandu nahlásil", "cs")
    assert NameSpace.place_in_words("中非共和国", "teams assisting the Central African Republic", "en")
    assert not NameSpace.place_in_words("United States", "the united statement", "en")
    assert not one_name("Finland", "Finance", spelled_like) and one_name("Kyiv", "Kiev", spelled_like)
    assert entity_names("The U.S. and the U.K. agreed.") == ["The", "US", "UK"]


def test_chinese_and_japanese_place_names_are_names_and_one_place_with_their_translations():
    assert entity_names("中国人和美国人在北京见面。") == ["中国", "美国", "北京"]
    assert entity_names("中华人民共和国成立于1949年。") == ["中华人民共和国"]
    assert entity_names("中美关系很重要。") == []  # 中 and 美 abbreviate China and the US inside a compound
    assert entity_names("パリティの問題") == ["パリティ"]  # katakana: パリ is Paris only as a whole word
    assert same_place("中国", "China") and same_place("中国", "Китая") and same_place("中國", "Chine")
    assert same_place("Germany", "Německa") and not same_place("Iceland", "Ireland")
    assert same_place("Chinese", "中国") and same_place("Turkish", "土耳其")  # a demonym names its country
    assert not places_named("George") and not places_named("Children")


def test_the_gazetteer_covers_every_claimed_language():
    """CLDR names no countries in Sotho, Tswana and Tsonga (Latin script: their names are compared by spelling)."""
    languages = set(load_data("gazetteer.toml")["languages"])
    missing = set(CLAIMED) - languages - {"st", "tn", "ts"}
    assert not missing, f"gazetteer.toml has no CLDR names for {sorted(missing)}"


@pytest.mark.parametrize("name", ["Deutschland", "Allemagne", "Германия", "Německo", "Niemcy", "ドイツ", "德国",
                                  "독일", "เยอรมนี", "ألمانيا", "जर्मनी", "Almanya", "Đức", "Ujerumani", "Γερμανία"])
def test_germany_is_one_place_in_many_languages_and_scripts(name):
    assert same_place("Germany", name)
