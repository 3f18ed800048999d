"""Localisation catalogues through the real command line: gettext, XLIFF 1.2 and 2.0, JSON, and the formats that
come with them, with the faults planted in fixtures/catalogues found on their lines and keys, clean units left
alone, and hostile XML read safely."""
import hashlib
import json
from pathlib import Path

import pytest

from conftest import ROOT, run_cli

CATALOGUES = ROOT / "fixtures" / "catalogues"


def audit(*paths, expect_ok=True) -> dict:
    result = run_cli("audit", *paths, "--format", "json", "--fail-on", "never")
    assert "Traceback" not in result.stderr
    if expect_ok:
        assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def judged(report: dict) -> set[tuple]:
    """(version, line, key, kind, severity) of every finding."""
    return {(v["id"], f["line"], f["key"], f["kind"], f["severity"])
            for family in report["families"] for v in family["versions"] for f in v["findings"]}


def serious(report: dict) -> set[tuple]:
    return {(v, line, key, kind) for v, line, key, kind, severity in judged(report) if severity != "info"}


@pytest.fixture(scope="module")
def gettext_report() -> dict:
    return audit(CATALOGUES / "gettext")


def test_gettext_tree_is_one_family_with_the_template_as_source(gettext_report):
    (family,) = gettext_report["families"]
    versions = {v["id"]: v for v in family["versions"]}
    assert set(versions) == {"template", "de", "fr"}
    assert versions["template"]["relation"]["kind"] == "original"
    assert versions["de"]["relation"] == {"kind": "translation", "of": ["template"]}


def test_gettext_planted_faults_and_nothing_else(gettext_report):
    assert serious(gettext_report) == {
        ("de", 17, "You have %(count)d items in your basket.", "placeholder_mismatch"),
        ("de", 38, "You can return any item within 30 days of delivery.", "number_mismatch"),
        ("de", 42, "Read the <b>return policy</b> before you send a parcel back.", "placeholder_mismatch"),
        ("de", 46, "Your password was changed successfully.", "omission"),
        ("fr", None, "Write to us at support@example.com or call us during opening hours.", "omission"),
        ("fr", 22, "Your order {order_id} has been shipped.", "placeholder_mismatch"),
        ("fr", 46, "Your password was changed successfully.", "untranslated"),
        ("fr", 54, "Welcome to Acme Market, the shop for garden tools.", "entity_mismatch"),
        ("fr", 58, "Search (press Enter to start)", "placeholder_mismatch"),
        ("fr", 70, "button|Order now", "mt_notice"),
    }


def test_gettext_fuzzy_and_obsolete_entries_are_reported_as_such(gettext_report):
    infos = {(v, line, kind) for v, line, _, kind, severity in judged(gettext_report) if severity == "info"}
    assert ("de", 75, "untranslated") in infos  # fuzzy: not judged as a finished translation
    assert ("de", 82, "addition") in infos  # #~ obsolete entry
    de = next(v for v in gettext_report["families"][0]["versions"] if v["id"] == "de")
    fuzzy = next(f for f in de["findings"] if f["line"] == 75)
    assert "fuzzy" in fuzzy["message"] and fuzzy["source"]["text"] == "Order now"


def test_placeholder_findings_are_errors_with_the_source_as_evidence(gettext_report):
    fr = next(v for v in gettext_report["families"][0]["versions"] if v["id"] == "fr")
    renamed = next(f for f in fr["findings"] if f["line"] == 22)
    assert renamed["severity"] == "error"
    assert "{order_id}" in renamed["message"] and "{numero}" in renamed["message"]
    assert renamed["source"] == {"version": "template", "line": 20, "text": "Your order {order_id} has been shipped."}


def test_json_locales_plurals_by_language_and_keys(tmp_path):
    report = audit(CATALOGUES / "json")
    assert serious(report) == {
        ("ru", 4, "app.greeting", "placeholder_mismatch"),
        ("ru", 10, "album.photos", "untranslated"),  # Russian lacks its "few" form
        ("ru", 14, "album.empty", "untranslated"),  # empty
        ("ja", None, "album.delete", "omission"),
        ("ja", 12, "album.empty", "untranslated"),  # left in English
        ("ja", 17, "settings.subscription", "omission"),  # much shorter
        ("ja", 18, "settings.language", "stray_language"),  # Korean in the Japanese file
    }
    assert ("ru", 23, "settings.beta", "addition", "info") in judged(report)  # only in the translation


def test_xliff_1_2_project(tmp_path):
    report = audit(CATALOGUES / "xliff")
    assert serious(report) == {
        ("de", 11, "loginGreeting", "placeholder_mismatch"),  # an <x/> interpolation dropped
        ("de", 19, "sessionExpired", "number_mismatch"),
        ("de", 23, "rememberMe", "untranslated"),  # translated from an older source text
        ("es", 15, "forgotPassword", "placeholder_mismatch"),  # CLOSE_LINK renamed END_LINK
        ("es", 21, "rememberMe", "untranslated"),  # no <target>
        ("es", 30, "terms", "placeholder_mismatch"),  # <g> dropped
    }
    assert ("es", 7, "loginTitle", "untranslated", "info") in judged(report)  # needs-review-translation


def test_xliff_2_files_without_a_template(tmp_path):
    report = audit(CATALOGUES / "xliff2")
    assert serious(report) == {
        ("fr", 8, "uploadDone", "placeholder_mismatch"),  # <pc> dropped
        ("ja", 26, "shareLink", "placeholder_mismatch"),  # an extra <ph/>
    }
    assert ("ja", 14, "quota", "untranslated", "info") in judged(report)  # state="initial"


def test_a_lone_po_file_is_a_family_of_its_source_and_target(tmp_path):
    po = tmp_path / "app.po"
    po.write_text('msgid ""\nmsgstr ""\n"Language: de\\n"\n\n#, c-format\nmsgid "Deleted %s files"\n'
                  'msgstr "%d Dateien gelöscht"\n\nmsgid "Close"\nmsgstr "Schließen"\n', encoding="utf-8")
    report = audit(po)
    (family,) = report["families"]
    assert [v["id"] for v in family["versions"]] == ["source", "de"]
    assert serious(report) == {("de", 7, "Deleted %s files", "placeholder_mismatch")}


@pytest.mark.parametrize("files, expected", [
    ({"res/values/strings.xml": '<resources>\n  <string name="hi">Hello %1$s</string>\n'
                                '  <string name="bye">Goodbye</string>\n</resources>\n',
      "res/values-de/strings.xml": '<resources>\n  <string name="hi">Hallo</string>\n'
                                   '  <string name="bye">Auf Wiedersehen</string>\n</resources>\n'},
     ("de", 2, "hi")),
    ({"en.lproj/Localizable.strings": '"hi" = "Hello %@";\n"bye" = "Goodbye";\n',
      "de.lproj/Localizable.strings": '/* greeting */\n"hi" = "Hallo";\n"bye" = "Auf Wiedersehen";\n'},
     ("de", 2, "hi")),
    ({"messages.properties": "hi=Hello {0}\nbye=Goodbye\n",
      "messages_de.properties": "# German\nbye=Auf Wiedersehen\nhi=Hallo {1}\n"},
     ("de", 3, "hi")),
    ({"lib/l10n/app_en.arb": '{\n  "@@locale": "en",\n  "hi": "Hello {name}",\n  "@hi": {"description": "greeting"}\n}\n',
      "lib/l10n/app_de.arb": '{\n  "@@locale": "de",\n  "hi": "Hallo {nom}"\n}\n'},
     ("de", 3, "hi")),
    ({"config/locales/en.yml": 'en:\n  users:\n    hi: "Hello %{name}"\n    bye: Goodbye\n',
      "config/locales/de.yml": 'de:\n  users:\n    bye: Auf Wiedersehen\n    hi: "Hallo"\n'},
     ("de", 4, "users.hi")),
])
def test_other_formats_find_a_dropped_placeholder_on_its_line(tmp_path, files, expected):
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    report = audit(tmp_path)
    version, line, key = expected
    assert serious(report) == {(version, line, key, "placeholder_mismatch")}


def test_tmx_gives_one_version_per_language(tmp_path):
    tmx = tmp_path / "memory.tmx"
    tmx.write_text(
        '<?xml version="1.0"?>\n<tmx version="1.4">\n<header srclang="en" datatype="plaintext" segtype="sentence" '
        'adminlang="en" o-tmf="x" creationtool="x" creationtoolversion="1"/>\n<body>\n'
        '<tu tuid="save">\n<tuv xml:lang="en"><seg>Save <ph x="1">%s</ph></seg></tuv>\n'
        '<tuv xml:lang="de"><seg>Speichern <ph x="1">%s</ph></seg></tuv>\n'
        '<tuv xml:lang="fr"><seg>Enregistrer</seg></tuv>\n</tu>\n</body>\n</tmx>\n', encoding="utf-8")
    report = audit(tmx)
    assert [v["id"] for v in report["families"][0]["versions"]] == ["en", "de", "fr"]
    assert serious(report) == {("fr", 8, "save", "placeholder_mismatch")}


def test_plural_forms_follow_the_language(tmp_path):
    (tmp_path / "locales").mkdir()
    (tmp_path / "locales" / "en.json").write_text(
        '{"files_one": "{{count}} file", "files_other": "{{count}} files"}', encoding="utf-8")
    (tmp_path / "locales" / "ja.json").write_text('{"files_other": "{{count}} 個のファイル"}', encoding="utf-8")
    (tmp_path / "locales" / "pl.json").write_text(
        '{"files_one": "{{count}} plik", "files_few": "{{count}} pliki", "files_many": "{{count}} plików"}',
        encoding="utf-8")
    (tmp_path / "locales" / "uk.json").write_text(
        '{"files_one": "{{count}} файл", "files_other": "{{count}} файлів"}', encoding="utf-8")
    report = audit(tmp_path)
    assert serious(report) == {("uk", 1, "files", "untranslated")}  # Ukrainian lacks few and many


def test_clean_catalogues_raise_nothing(tmp_path):
    """Rails YAML, Android resources and a PO file, well translated: positional printf reordered, %% and a
    newline kept, CDATA markup, plural forms of the language, names, versions, URLs and a copyright left as they
    are. Nothing here is a warning or an error."""
    for name, text in CLEAN.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    report = audit(tmp_path)
    assert len(report["families"]) == 3
    assert serious(report) == set()


CLEAN = {
    'android/res/values/strings.xml': '<?xml version="1.0" encoding="utf-8"?>\n<resources>\n    <string name="app_name" translatable="false">Notely</string>\n    <string name="note_saved">Note \\"%1$s\\" saved</string>\n    <string name="dont_ask">Don\\\'t ask again</string>\n    <string name="intro"><![CDATA[Tap <b>New</b> to write your first note.]]></string>\n    <string name="sync_status">Synced %1$d of %2$d notes</string>\n    <plurals name="notes_count">\n        <item quantity="one">%d note</item>\n        <item quantity="other">%d notes</item>\n    </plurals>\n    <string-array name="sort_orders">\n        <item>Newest first</item>\n        <item>Oldest first</item>\n    </string-array>\n</resources>\n',
    'android/res/values-fr/strings.xml': '<?xml version="1.0" encoding="utf-8"?>\n<resources>\n    <string name="note_saved">Note « %1$s » enregistrée</string>\n    <string name="dont_ask">Ne plus demander</string>\n    <string name="intro"><![CDATA[Appuyez sur <b>Nouveau</b> pour écrire votre première note.]]></string>\n    <string name="sync_status">%2$d notes au total, %1$d synchronisées</string>\n    <plurals name="notes_count">\n        <item quantity="one">%d note</item>\n        <item quantity="many">%d de notes</item>\n        <item quantity="other">%d notes</item>\n    </plurals>\n    <string-array name="sort_orders">\n        <item>Les plus récentes d\\\'abord</item>\n        <item>Les plus anciennes d\\\'abord</item>\n    </string-array>\n</resources>\n',
    'po/fr.po': 'msgid ""\nmsgstr ""\n"Language: fr\\n"\n"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n#, c-format\nmsgid "Copying %s to %s...\\n"\nmsgstr "Copie de %s vers %s…\\n"\n\n#, c-format\nmsgid "Progress: %d%%"\nmsgstr "Progression : %d %%"\n\n#, c-format\nmsgid "%d file deleted"\nmsgid_plural "%d files deleted"\nmsgstr[0] "%d fichier supprimé"\nmsgstr[1] "%d fichiers supprimés"\n\nmsgid "Version 2.1 (build 4711)"\nmsgstr "Version 2.1 (build 4711)"\n\nmsgid "See https://example.org/help for more."\nmsgstr "Voir https://example.org/help pour en savoir plus."\n\nmsgid "Mozilla Firefox"\nmsgstr "Mozilla Firefox"\n\nmsgid "Press Ctrl+C to cancel the download and keep the files already saved."\nmsgstr "Appuyez sur Ctrl+C pour annuler le téléchargement et garder les fichiers déjà enregistrés."\n',
    'rails/config/locales/de.yml': 'de:\n  activerecord:\n    errors:\n      messages:\n        blank: "muss ausgefüllt werden"\n        too_short: "ist zu kurz (mindestens %{count} Zeichen)"\n  inbox:\n    title: "Posteingang"\n    unread:\n      one: "Sie haben eine ungelesene Nachricht"\n      other: "Sie haben %{count} ungelesene Nachrichten"\n    welcome_html: "Willkommen, <strong>%{name}</strong>! Ihr letzter Besuch war am %{date}."\n  footer:\n    copyright: "© 2024 Example Inc."\n    status: "Status"\n',
    'rails/config/locales/en.yml': 'en:\n  activerecord:\n    errors:\n      messages:\n        blank: "can\'t be blank"\n        too_short: "is too short (minimum is %{count} characters)"\n  inbox:\n    title: "Inbox"\n    unread:\n      one: "You have one unread message"\n      other: "You have %{count} unread messages"\n    welcome_html: "Welcome, <strong>%{name}</strong>! Your last visit was on %{date}."\n  footer:\n    copyright: "© 2024 Example Inc."\n    status: "Status"\n',
}


# --- hostile and broken files ------------------------------------------------------------------------------

def _xliff(target: str, doctype: str = "") -> str:
    return ('<?xml version="1.0"?>\n' + doctype +
            '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
            '<file source-language="en" target-language="de" original="x"><body>\n'
            f'<trans-unit id="a"><source>Hello</source><target>{target}</target></trans-unit>\n'
            '</body></file></xliff>\n')


def _hostile_files(tmp_path: Path) -> dict[str, str]:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT\n", encoding="utf-8")
    dtd = tmp_path / "evil.dtd"  # an external DTD whose entity would read the secret, were the DTD loaded
    dtd.write_text(f'<!ENTITY ext SYSTEM "file://{secret}">\n', encoding="utf-8")
    laughs = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">' for i in range(1, 10))
    return {
        "xxe-file.xlf": _xliff("&xxe;", f'<!DOCTYPE xliff [<!ENTITY xxe SYSTEM "file://{secret}">]>\n'),
        "xxe-passwd.xlf": _xliff("&xxe;", '<!DOCTYPE xliff [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'),
        "laughs.xlf": _xliff("&lol9;", f"<!DOCTYPE xliff [{laughs}]>\n"),
        "parameter.xlf": _xliff("Hallo", f'<!DOCTYPE xliff [<!ENTITY % remote SYSTEM "file://{secret}"> %remote;]>\n'),
        "external-dtd.xlf": _xliff("Hallo &ext;", f'<!DOCTYPE xliff SYSTEM "file://{dtd}">\n'),
        "broken.xlf": _xliff("Hallo <b>Welt"),
    }


def test_hostile_xml_is_never_expanded_or_read(tmp_path):
    hostile = _hostile_files(tmp_path)
    for name, text in hostile.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    good = tmp_path / "good.xlf"
    good.write_text(_xliff("Hallo"), encoding="utf-8")
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in tmp_path.iterdir()}
    result = run_cli("audit", *(tmp_path / n for n in hostile), good, "--format", "json", "--fail-on", "never")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "TOP-SECRET" not in result.stdout + result.stderr
    assert "root:" not in result.stdout + result.stderr  # /etc/passwd
    assert "lollollol" not in result.stdout
    report = json.loads(result.stdout)
    notes = {note for family in report["families"] for note in family["notes"]}
    said = {name: next(n for n in notes if name in n) for name in hostile if name != "external-dtd.xlf"}
    assert "external XML entity" in said["xxe-file.xlf"] and "external XML entity" in said["xxe-passwd.xlf"]
    assert "external XML entity" in said["parameter.xlf"]
    assert "entity-expansion bomb" in said["laughs.xlf"]
    assert "malformed XML" in said["broken.xlf"]
    assert all("\n" not in note for note in notes)
    # the file naming an external DTD is read without it: its entity stays unexpanded
    assert {f["id"] for f in report["families"] if f["versions"]} == {"good.xlf", "external-dtd.xlf"}
    assert before == {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in tmp_path.iterdir()}


def test_a_folder_with_only_broken_catalogues_is_one_line_exit_2(tmp_path):
    (tmp_path / "de.po").write_text('msgid "a"\nmsgstr "b"\nmsgstr "c"\n', encoding="utf-8")
    result = run_cli("audit", tmp_path / "de.po")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "malformed" in result.stderr


def test_placeholder_syntaxes_of_other_frameworks(tmp_path):
    """Symfony %name%, Laravel :name, template ${name}, ICU's # and Python's {} are placeholders too; a kept one
    raises nothing, a renamed or dropped one is an error on its key."""
    (tmp_path / "lang").mkdir()
    (tmp_path / "lang" / "en.json").write_text(json.dumps({
        "symfony": "Hello %name%, you have %count% messages",
        "laravel": "The :attribute field is required.",
        "template": "Signed in as ${user}",
        "icu": "{count, plural, one {# photo} other {# photos}}",
        "bare": "Found {} results in {} seconds",
        "clock": "Opens at 10:30, see https://example.com/hours",
    }, indent=1), encoding="utf-8")
    (tmp_path / "lang" / "de.json").write_text(json.dumps({
        "symfony": "Hallo %nom%, Sie haben %count% Nachrichten",
        "laravel": "Das Feld :attribute ist erforderlich.",
        "template": "Angemeldet als ${benutzer}",
        "icu": "{count, plural, one {ein Foto} other {Fotos}}",
        "bare": "{} Ergebnisse in {} Sekunden gefunden",
        "clock": "Öffnet um 10:30, siehe https://example.com/hours",
    }, indent=1, ensure_ascii=False), encoding="utf-8")
    report = audit(tmp_path)
    assert serious(report) == {("de", 2, "symfony", "placeholder_mismatch"), ("de", 4, "template", "placeholder_mismatch"),
                               ("de", 5, "icu", "placeholder_mismatch")}


def test_yaml_alias_bomb_and_deep_json_are_skipped_and_utf16_xliff_is_read(tmp_path):
    bomb = ["en:", '  a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi"):
        bomb.append(f"  {name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    (tmp_path / "en.yml").write_text("\n".join(bomb) + "\n", encoding="utf-8")
    (tmp_path / "deep.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    (tmp_path / "app.xlf").write_bytes(_xliff("Hallo").replace("Hello", "Hello %s").replace(
        '<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-16"?>').encode("utf-16"))
    report = audit(tmp_path / "en.yml", tmp_path / "deep.json", tmp_path / "app.xlf")
    notes = [note for family in report["families"] for note in family["notes"]]
    assert any("en.yml" in n and "malformed yaml" in n for n in notes)
    assert any("deep.json" in n and "malformed json" in n for n in notes)
    assert serious(report) == {("de", 3, "a", "placeholder_mismatch")}


# --- what real catalogues taught (docs/localisation-files.md, "Measured on real catalogues") -----------------

def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def test_icu_plurals_with_more_sub_messages_and_full_width_brackets_are_clean(tmp_path):
    """Russian repeats {counter} in the one, few and many sub-messages where English has one and other, and a
    kaomoji closes an ASCII bracket with a full-width one: neither is a fault. Dropping the argument from every
    sub-message still is."""
    _write(tmp_path, {
        "locales/en.json": json.dumps({
            "followers": "{count, plural, one {{counter} follower} other {{counter} followers}}",
            "posts": "{count, plural, one {{counter} post} other {{counter} posts}}",
            "no_emoji": "No matching emojis found",
            "retry": "Please retry after {retry_time, time, medium}."}),
        "locales/ru.json": json.dumps({
            "followers": "{count, plural, one {{counter} подписчик} few {{counter} подписчика} "
                         "many {{counter} подписчиков} other {{counter} подписчика}}",
            "posts": "{count, plural, one {пост} few {поста} many {постов} other {поста}}",
            "no_emoji": "Нет эмодзи!! (╯°□°）╯︵ ┻━┻",
            "retry": "Пожалуйста, повторите после {retry_time, time, medium}."}, ensure_ascii=False),
    })
    assert {key for _, _, key, _ in serious(audit(tmp_path))} == {"posts"}


def test_android_region_folders_are_read_as_their_language(tmp_path):
    _write(tmp_path, {
        "res/values/strings.xml": '<resources>\n    <string name="rejected">Device \\"%1$s\\" wants to share '
                                  'folder \\"%2$s\\"</string>\n</resources>\n',
        "res/values-pt-rBR/strings.xml": '<resources>\n    <string name="rejected">O dispositivo \\"%1$s\\" quer '
                                         'compartilhar a pasta \\"%3$s\\"</string>\n</resources>\n',
    })
    (family,) = audit(tmp_path)["families"]
    versions = {v["id"]: v for v in family["versions"]}
    assert versions["pt-rBR"]["language"] == "pt"
    assert serious({"families": [family]}) == {("pt-rBR", 2, "rejected", "placeholder_mismatch")}


XLIFF_TEMPLATE = ('<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2"><file source-language="en" '
                  'datatype="plaintext" original="ng2.template"{lang}><body>\n<trans-unit id="greeting"><source>Good '
                  'morning</source>{target}</trans-unit>\n</body></file></xliff>\n')


def test_unrelated_projects_under_one_root_expect_no_catalogue_of_each_other(tmp_path):
    """app-a has Russian, app-b French: neither lacks the other's language. A gettext domain missing where the
    language's folder holds other domains is still noted."""
    _write(tmp_path, {
        "app-a/locale/messages.xlf": XLIFF_TEMPLATE.format(lang="", target=""),
        "app-a/locale/messages.ru.xlf": XLIFF_TEMPLATE.format(lang=' target-language="ru"',
                                                              target="<target>Доброе утро</target>"),
        "app-b/locale/messages.xlf": XLIFF_TEMPLATE.format(lang="", target=""),
        "app-b/locale/messages.fr.xlf": XLIFF_TEMPLATE.format(lang=' target-language="fr"',
                                                              target="<target>Bonjour</target>"),
        "po/locale/de/LC_MESSAGES/app.po": 'msgid ""\nmsgstr "Language: de\\n"\n\nmsgid "Good morning"\nmsgstr "Guten Morgen"\n',
        "po/locale/de/LC_MESSAGES/help.po": 'msgid ""\nmsgstr "Language: de\\n"\n\nmsgid "Help"\nmsgstr "Hilfe"\n',
        "po/locale/fr/LC_MESSAGES/app.po": 'msgid ""\nmsgstr "Language: fr\\n"\n\nmsgid "Good morning"\nmsgstr "Bonjour"\n',
    })
    notes = [n for family in audit(tmp_path)["families"] for n in family["notes"] if "expected at" in n]
    assert len(notes) == 1 and "no fr catalogue" in notes[0] and notes[0].endswith("help.po")
