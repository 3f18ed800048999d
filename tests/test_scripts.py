"""Every Unicode script is known: a line in a script its version's language is not written in is a stray line, named
by its script where one language owns the script and by statistics among the script's languages otherwise."""
import json

import pytest
import regex

from auditor.langid import letter_scripts, line_language
from conftest import run_cli, write_family
from test_line_detectors import DE, EN

# A script that one language owns names it at once.
OWNED = {
    "pa": "ਪੰਜਾਬੀ ਖ਼ਬਰਾਂ ਅਤੇ ਲੇਖ", "gu": "ગુજરાતી સમાચાર અને લેખ", "ta": "தமிழ் மொழி செய்திகள்",
    "te": "తెలుగు వార్తలు మరియు వ్యాసాలు", "kn": "ಕನ್ನಡ ಸುದ್ದಿ ಮತ್ತು ಲೇಖನಗಳು", "ml": "മലയാളം വാർത്തകൾ",
    "si": "සිංහල පුවත් සහ ලිපි", "ka": "ქართული ახალი ამბები", "hy": "Հայկական լուրեր և հոդվածներ",
    "el": "Η κυβέρνηση ανακοίνωσε νέα μέτρα την Τρίτη.", "he": "הממשלה הודיעה על צעדים חדשים ביום שלישי.",
    "th": "ข่าวภาษาไทยวันนี้", "lo": "ຂ່າວພາສາລາວມື້ນີ້", "km": "ព័ត៌មានភាសាខ្មែរ", "my": "မြန်မာ သတင်းများ",
    "am": "የአማርኛ ዜና ዛሬ", "ko": "정부는 화요일에 새로운 조치를 발표했다.",
}
# Scripts of several languages: statistics among them.
SHARED = {
    "uk": "Міська рада ухвалила новий бюджет у вівторок увечері.",
    "ru": "Городской совет утвердил новый бюджет во вторник вечером.",
    "hi": "नगर परिषद ने मंगलवार को नया बजट पारित किया।",
    "ar": "وافق مجلس المدينة على الميزانية الجديدة يوم الثلاثاء.",
    "ja": "市議会は火曜日に新しい予算を承認しました。",
    "zh": "市议会周二批准了新的预算方案。",
}


@pytest.mark.parametrize("expected", ["en", "de", "ru"])
def test_a_line_in_a_script_one_language_owns_is_named_by_its_script(expected):
    for language, line in OWNED.items():
        judged = line_language(line, expected)
        assert (judged.foreign, judged.language, judged.evidence) == (True, language, "script"), line


def test_a_line_in_a_script_of_several_languages_is_named_among_them():
    for language, line in SHARED.items():
        judged = line_language(line, "en")
        assert (judged.foreign, judged.language) == (True, language), line
    assert line_language("El ayuntamiento aprobó el nuevo presupuesto el martes por la noche.", "ru").language == "es"
    assert line_language(SHARED["uk"], "ru").language == "uk"  # same script: statistics, against Russian


def test_a_script_no_detector_knows_is_still_foreign():
    judged = line_language("ᚠᛖᚻᚢ ᚱᚢᚾᚨ ᚹᚱᛁᛏᛖᚾ ᛁᚾ ᛋᛏᚩᚾᛖ", "en")
    assert judged.foreign and judged.language == "und"


def test_every_letter_of_every_script_is_known():
    other = regex.compile(r"\p{Script=Common}|\p{Script=Inherited}|\p{Script=Unknown}")
    letter = regex.compile(r"\p{L}")
    unknown = [hex(cp) for cp in range(0x110000) if letter.match(chr(cp)) and not other.match(chr(cp))
               and not letter_scripts(chr(cp))]
    assert not unknown, unknown[:20]


def test_lines_in_indian_scripts_are_stray_lines_not_additions(tmp_path):
    en = EN[:2] + ["ਛੋਟਾ ਲੇਬਲ ਜੋ ਕਿ ਟੂਲਬਾਰ ਦੇ ਬਟਨਾਂ ਲਈ ਵਰਤਿਆ ਜਾ ਸਕਦਾ ਹੈ"] + EN[2:4] + [OWNED["ta"]] + EN[4:]
    de = DE[:3] + [OWNED["gu"]] + DE[3:5] + [OWNED["te"]] + DE[5:]
    family = write_family(tmp_path / "tram", {"en": "\n".join(en) + "\n", "de": "\n".join(de) + "\n"})
    result = run_cli("audit", family, "--format", "json", "--fail-on", "never")
    assert result.returncode == 0, result.stderr
    versions = {v["id"]: v for v in json.loads(result.stdout)["families"][0]["versions"]}
    for version, expected in (("en", {3: "pa", 6: "ta"}), ("de", {4: "gu", 7: "te"})):
        found = versions[version]["findings"]
        assert {f["line"]: f["language"] for f in found if f["kind"] == "stray_language"} == expected
        assert not [f for f in found if f["kind"] == "addition"]
