"""Documentation sites: Markdown read as Markdown, families from the sites' layouts, pages missing in a translation,
markup that must stay the same, and pull requests audited by what they change. Through the real command line."""
import json
import os
import re
import subprocess
from pathlib import Path

import jsonschema
import pytest

from conftest import ROOT, SCHEMA, run_cli

SITE = ROOT / "fixtures" / "docs-site"
DE = "i18n/de/docusaurus-plugin-content-docs/current"
FR = "i18n/fr/docusaurus-plugin-content-docs/current"

# The faults written into fixtures/docs-site: (family, version, kind, line); None: the finding has no line.
PLANTED = {
    ("docs/getting-started/install.mdx", "de", "number_mismatch", 32),  # 5 minutes where the original says 2
    ("docs/getting-started/install.mdx", "fr", "markup_mismatch", 17),  # --save for --save-dev in a command
    ("docs/guide/configuration.md", "de", "markup_mismatch", 29),  # a link to ./deployment.md, not ./deploy.md
    ("docs/guide/configuration.md", "fr", "markup_mismatch", 18),  # the table lost the `exclude` row
    ("docs/guide/deploy.md", "de", "stray_language", 27),  # a paragraph left in English
    ("docs/guide/deploy.md", "fr", "mt_notice", 6),  # "Cette page a été traduite automatiquement."
    ("docs/guide/deploy.md", "fr", "omission", 25),  # the GitHub Pages paragraph is missing
    ("docs/reference/cli.md", "de", "omission", None),  # the whole page is missing in German
    ("docs/reference/cli.md", "fr", "omission", None),  # and in French
}
CLEAN_PAGES = ("docs/intro.md", "docs/guide/search-syntax.md")


def cli(*args, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """The real command line of this checkout, also when it runs in another folder (for its config file)."""
    return run_cli(*args, cwd=cwd, env={"PYTHONPATH": str(ROOT)})


def audit(*args, cwd: Path | None = None) -> dict:
    result = cli("audit", *args, "--format", "json", "--fail-on", "never", cwd=cwd)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def findings(report: dict, at_least: str = "warning") -> set[tuple]:
    ranks = {"info": 1, "warning": 2, "error": 3}
    return {
        (family["id"], version["id"], finding["kind"], finding["line"])
        for family in report["families"] for version in family["versions"] for finding in version["findings"]
        if ranks[finding["severity"]] >= ranks[at_least]
    }


def write(root: Path, files: dict[str, str]) -> Path:
    for relative, text in files.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def site_report() -> dict:
    return audit(SITE)


def not_prose_lines(path: Path) -> set[int]:
    """Lines of a page that hold no prose: front matter, code, MDX imports, JSX and HTML, table rules."""
    lines = path.read_text(encoding="utf-8").splitlines()
    skipped, fence, front = set(), False, lines[:1] == ["---"]
    for number, line in enumerate(lines, start=1):
        if front:
            skipped.add(number)
            front = not (number > 1 and line == "---")
        elif line.startswith("```"):
            skipped.add(number)
            fence = not fence
        elif fence or re.match(r"(import|export) |<|\|[ -|]+\|$", line):
            skipped.add(number)
    return skipped


def test_every_planted_fault_of_the_docs_site_is_found_and_nothing_else(site_report):
    found = findings(site_report)
    # the English paragraph left in the German page also leaves its translation missing there
    assert found == PLANTED | {("docs/guide/deploy.md", "de", "omission", 27)}, sorted(found ^ PLANTED)
    pages = {f["id"]: f for f in site_report["families"]}
    cli_page = {v["id"]: v for v in pages["docs/reference/cli.md"]["versions"]}
    assert cli_page["de"]["path"].endswith(f"{DE}/reference/cli.md") and cli_page["de"]["status"] == "warn"
    assert any("only in de" in note for note in pages["docs/community.md"]["notes"])
    jsonschema.validate(site_report, json.loads(SCHEMA.read_text()))


def test_clean_pages_and_markup_are_not_flagged(site_report):
    for family in site_report["families"]:
        for version in family["versions"]:
            serious = [f for f in version["findings"] if f["severity"] != "info"]
            if family["id"] in CLEAN_PAGES:
                assert serious == [], (family["id"], version["id"], serious)
            if not version["lines"]:
                continue
            markup = not_prose_lines(Path(version["path"]))
            judged_as_prose = [f for f in serious if f["kind"] != "markup_mismatch" and f["line"] in markup]
            assert judged_as_prose == [], (family["id"], version["id"], judged_as_prose)


def test_the_layout_gives_each_version_its_language_and_says_which_it_is(site_report):
    pages = {f["id"]: f for f in site_report["families"]}
    assert sorted(pages) == ["docs/community.md", "docs/getting-started/install.mdx", "docs/guide/configuration.md",
                             "docs/guide/deploy.md", "docs/guide/search-syntax.md", "docs/intro.md",
                             "docs/reference/cli.md"]
    install = pages["docs/getting-started/install.mdx"]
    assert {v["id"]: v["language"] for v in install["versions"]} == {"de": "de", "en": "en", "fr": "fr"}
    assert any(n.startswith("layout: Docusaurus docs") and "source language en (from docusaurus.config.js)" in n
               for n in install["notes"])



def test_one_page_given_file_by_file_from_its_locale_folders_is_one_family(site_report):
    """A pull request's check audits just the files it touches: one page in three locale folders, all named
    deploy.md, is named by the folders' language codes, and finds what the whole site's audit finds on that page."""
    given = audit(str(SITE / "docs/guide/deploy.md"), str(SITE / DE / "guide/deploy.md"),
                  str(SITE / FR / "guide/deploy.md"))
    [family] = given["families"]
    assert family["id"] == "deploy"
    assert {v["id"]: v["language"] for v in family["versions"]} == {"de": "de", "en": "en", "fr": "fr"}
    assert {v["id"]: v["relation"]["kind"] for v in family["versions"]}["fr"] == "translation"
    on_the_site = {f[1:] for f in findings(site_report) if f[0] == "docs/guide/deploy.md"}
    assert {f[1:] for f in findings(given)} == on_the_site
    assert {("de", "stray_language", 27), ("fr", "mt_notice", 6), ("fr", "omission", 25)} <= on_the_site


def test_two_given_files_of_one_name_and_language_are_refused_by_name(tmp_path):
    text = "The service restarts every night at two.\nIts logs are kept for a week.\n"
    write(tmp_path, {"a/notes.txt": text, "b/notes.txt": text.replace("two", "three")})
    result = cli("audit", str(tmp_path / "a/notes.txt"), str(tmp_path / "b/notes.txt"))
    assert result.returncode == 2
    assert "two files give the same version id 'en'" in result.stderr and "b/notes.txt" in result.stderr
    assert "Traceback" not in result.stderr

# The page of the issue that a user tried: front matter, a fenced shell block, a table, a link; read as plain text it
# had 7 false findings. Here in the folder-of-versions layout (en.md, de.md, fr.md); the one fault: 5 minutes for 2.
PAGE = {
    "en.md": """---
title: Quick start
description: Set up the sync client in two minutes.
---

# Quick start

Install the client with the package manager of your system:

```bash
sudo apt install syncd
syncd --init ~/Documents
```

| Setting | Value |
| --- | --- |
| Interval | 30 seconds |
| Conflicts | Keep both copies |

The first sync of a large folder takes about 2 minutes. See the [troubleshooting guide](https://example.org/docs/troubleshooting) if it stops.
""",
    "de.md": """---
title: Schnellstart
description: Den Sync-Client in zwei Minuten einrichten.
---

# Schnellstart

Installieren Sie den Client mit der Paketverwaltung Ihres Systems:

```bash
sudo apt install syncd
syncd --init ~/Documents
```

| Einstellung | Wert |
| --- | --- |
| Intervall | 30 Sekunden |
| Konflikte | Beide Kopien behalten |

Die erste Synchronisierung eines großen Ordners dauert etwa 5 Minuten. Lesen Sie die [Anleitung zur Fehlerbehebung](https://example.org/de/docs/troubleshooting), falls sie anhält.
""",
    "fr.md": """---
title: Démarrage rapide
description: Configurer le client de synchronisation en deux minutes.
---

# Démarrage rapide

Installez le client avec le gestionnaire de paquets de votre système :

```bash
sudo apt install syncd
syncd --init ~/Documents
```

| Paramètre | Valeur |
| --- | --- |
| Intervalle | 30 secondes |
| Conflits | Garder les deux copies |

La première synchronisation d'un grand dossier prend environ 2 minutes. Consultez le [guide de dépannage](https://example.org/fr/docs/troubleshooting) s'il s'arrête.
""",
}


def test_a_markdown_page_in_a_folder_of_versions_has_only_its_real_fault(tmp_path):
    report = audit(write(tmp_path / "quick-start", PAGE))
    assert findings(report, "info") == {("quick-start", "de", "number_mismatch", 20)}
    versions = {v["id"]: v for v in report["families"][0]["versions"]}
    assert versions["de"]["lines"] == len(PAGE["de.md"].splitlines())


def test_plain_text_is_read_line_by_line_as_before(tmp_path):
    text = "# Not a heading in a .txt file\n\n```\ncode line\n```\n"
    write(tmp_path / "notes", {"en.txt": text, "de.txt": text})
    from auditor.load import load

    version = load([tmp_path / "notes"])[0].version("en")
    assert version.lines == tuple(text.splitlines()) and version.invariants is None


MKDOCS_INDEX_EN = """# Welcome

!!! note "Before you begin"
    You need an account on the server.

The client keeps a folder of your computer in step with the server. It works offline and syncs when it can.

- Files are compared by their content, not by their date.
- Deleted files stay in the trash for 30 days.
- Shared folders sync for every member.

See the [setup page](setup.md#install) for the first steps.
"""
MKDOCS_INDEX_FR = """# Bienvenue

!!! note "Avant de commencer"
    Il vous faut un compte sur le serveur.

Le client garde un dossier de votre ordinateur en phase avec le serveur. Il fonctionne hors ligne et synchronise dès qu'il le peut.

- Les fichiers sont comparés par leur contenu, pas par leur date.
- Les fichiers supprimés restent 30 jours dans la corbeille.
- Les dossiers partagés se synchronisent pour chaque membre.

Voir la [page d'installation](setup.fr.md#installer) pour les premiers pas.
"""
MKDOCS_INDEX_ES = """# Bienvenido

!!! note "Antes de empezar"
    Necesita una cuenta en el servidor.

El cliente mantiene una carpeta de su ordenador al día con el servidor. Funciona sin conexión y sincroniza cuando puede.

- Los archivos se comparan por su contenido, no por su fecha.
- Los archivos borrados permanecen 30 días en la papelera.

Consulte la [página de instalación](setup.md#instalar) para los primeros pasos.
"""


def test_mkdocs_language_suffixes_with_its_default_language(tmp_path):
    root = write(tmp_path / "site", {
        "mkdocs.yml": "site_name: Sync\nplugins:\n  - i18n:\n      docs_structure: suffix\n      languages:\n"
                      "        - locale: en\n          default: true\n          name: English\n"
                      "        - locale: fr\n          name: Français\n",
        "docs/index.md": MKDOCS_INDEX_EN, "docs/index.fr.md": MKDOCS_INDEX_FR, "docs/index.es.md": MKDOCS_INDEX_ES,
        "docs/setup.md": "# Setup\n\nDownload the installer and run it.\n",
        "docs/setup.fr.md": "# Installation\n\nTéléchargez le programme d'installation et lancez-le.\n",
    })
    report = audit(root)
    pages = {f["id"]: f for f in report["families"]}
    assert sorted(pages) == ["docs/index.md", "docs/setup.md"]
    index = {v["id"]: v for v in pages["docs/index.md"]["versions"]}
    assert sorted(index) == ["en", "es", "fr"] and index["en"]["path"].endswith("docs/index.md")
    found = findings(report)
    # Spanish lost a list item; French links to its own page (setup.fr.md) with a translated anchor: accepted
    assert ("docs/index.md", "es", "markup_mismatch", 8) in found
    assert not {f for f in found if f[1] == "fr"}
    assert ("docs/setup.md", "es", "omission", None) in found
    assert any("source language en (from mkdocs.yml)" in n for n in pages["docs/index.md"]["notes"])


HUGO_EN = """+++
title = "Caching"
weight = 20
draft = false
+++

## How the cache works {#how-it-works}

The proxy keeps each answer for 10 minutes. {{< note >}}Private pages are never kept.{{< /note >}}

Read the [reference](/docs/reference/) for every setting, and [the RFC](https://www.rfc-editor.org/rfc/rfc9111) for the rules.
"""
HUGO_DE = """+++
title = "Zwischenspeicher"
weight = 20
draft = false
+++

## So funktioniert der Zwischenspeicher {#so-funktioniert-es}

Der Proxy behält jede Antwort 10 Minuten lang. {{< note >}}Private Seiten werden nie behalten.{{< /note >}}

Lesen Sie die [Referenz](/de/docs/reference/) für alle Einstellungen und [den RFC](https://www.rfc-editor.org/rfc/rfc9111) für die Regeln.
"""
HUGO_NL = """+++
title = "Cache"
weight = 20
draft = false
+++

## Hoe de cache werkt {#how-it-works}

De proxy bewaart elk antwoord 10 minuten. {{< note >}}Privépagina's worden nooit bewaard.{{< /note >}}

Lees de [referentie](/nl/docs/reference/) voor elke instelling en [de RFC](https://www.rfc-editor.org/rfc/rfc9111) voor de regels.
"""


def test_hugo_locale_folders_toml_front_matter_and_a_changed_anchor(tmp_path):
    root = write(tmp_path / "hugo", {
        "hugo.toml": 'baseURL = "https://example.org/"\ndefaultContentLanguage = "en"\n',
        "content/en/docs/caching.md": HUGO_EN, "content/de/docs/caching.md": HUGO_DE,
        "content/nl/docs/caching.md": HUGO_NL,
    })
    report = audit(root / "content")
    (page,) = report["families"]
    assert page["id"] == "docs/caching.md"
    assert {v["id"]: v["language"] for v in page["versions"]} == {"de": "de", "en": "en", "nl": "nl"}
    # German translated the heading anchor, which links depend on; the localised /de/ link is accepted
    assert findings(report) == {("docs/caching.md", "de", "markup_mismatch", 7)}


def test_a_given_layout_and_source_language_also_from_the_config_file(tmp_path):
    root = write(tmp_path / "work", {
        "pages/en/about.md": "# About us\n\nWe build tools for translators since 2019.\n",
        "pages/it/about.md": "# Chi siamo\n\nCostruiamo strumenti per traduttori dal 2019.\n",
        "pages/en/contact.md": "# Contact\n\nWrite to us at any time.\n",
    })
    report = audit(".", "--layout", "pages/{lang}/{path}", "--source-language", "en", cwd=root)
    assert {f["id"] for f in report["families"]} == {"pages/about.md", "pages/contact.md"}
    contact = next(f for f in report["families"] if f["id"] == "pages/contact.md")
    assert [(v["id"], v["findings"][0]["kind"]) for v in contact["versions"] if not v["lines"]] == [("it", "omission")]
    (root / "auditor.toml").write_text('layout = "pages/{lang}/{path}"\nsource-language = "en"\n')
    assert audit(".", cwd=root)["families"] == report["families"]
    bad = cli("audit", ".", "--layout", "pages/{path}", cwd=root)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "{lang}" in bad.stderr


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"})


def test_changed_since_audits_only_the_pages_a_change_touches(tmp_path):
    root = write(tmp_path / "repo", {
        f"docs/{lang}/{page}.md": f"# {page}\n\n{text}\n"
        for lang, texts in {"en": ("The first page.", "The second page.", "The third page."),
                            "de": ("Die erste Seite.", "Die zweite Seite.", "Die dritte Seite.")}.items()
        for page, text in zip(("one", "two", "three"), texts)
    })
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "site")
    (root / "docs/de/two.md").write_text("# two\n\nDie zweite Seite, geändert.\n", encoding="utf-8")
    (root / "docs/de/three.md").unlink()  # a translation deleted: its page is missing now
    report = audit(root / "docs", "--changed-since", "HEAD")
    assert sorted(f["id"] for f in report["families"]) == ["three.md", "two.md"]
    three = next(f for f in report["families"] if f["id"] == "three.md")
    assert [v["id"] for v in three["versions"] if v["lines"] == 0] == ["de"]
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "change")
    quiet = cli("audit", root / "docs", "--changed-since", "HEAD", "--format", "json")
    assert quiet.returncode == 0 and json.loads(quiet.stdout)["families"] == []
    for ref, where in (("no-such-ref", root / "docs"), ("HEAD", tmp_path / "elsewhere")):
        where.mkdir(exist_ok=True)
        (where / "en.txt").touch()
        result = cli("audit", where, "--changed-since", ref)
        assert result.returncode == 2 and result.stderr.count("\n") == 1 and "--changed-since" in result.stderr


MYST_EN = """# Logging

```{note}
:class: dropdown
Log files are rotated every night at midnight.
```

Configure the level in `settings.py`:

```{code-block} python
LOG_LEVEL = "INFO"  # one of DEBUG, INFO, WARNING
```

See {ref}`the handlers <handlers>` for where the lines go.
"""
MYST_IT = """# Registrazione

```{note}
:class: dropdown
I file di registro vengono ruotati ogni notte a mezzanotte.
```

Configurate il livello in `settings.py`:

```{code-block} python
LOG_LEVEL = "INFO"  # uno fra DEBUG, INFO, WARNING
```

Vedete {ref}`i gestori <handlers>` per sapere dove finiscono le righe.
"""


MYST_ES = """# Registro

```{note}
:class: dropdown
Los archivos de registro se rotan cada noche a medianoche.
```

Configure el nivel en `settings.py`:

```{code-block} python
LOG_LEVEL = "DEBUG"  # uno de DEBUG, INFO, WARNING
```

Consulte {ref}`los manejadores <handlers>` para saber adónde van las líneas.
"""


def test_sphinx_myst_directives_are_read_as_text_or_code(tmp_path):
    root = write(tmp_path / "source", {"en/logging.md": MYST_EN, "it/logging.md": MYST_IT, "es/logging.md": MYST_ES})
    report = audit(root, "--source-language", "en")
    # the note is text in each language; a code block's comment may be translated, its value may not
    assert findings(report) == {("logging.md", "es", "markup_mismatch", 10)}
    bad = cli("audit", root, "--source-language", "english")
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "not a language code" in bad.stderr


@pytest.mark.parametrize("front", ["---\na: &x [*x]\ntitle: Intro\n---", "---\ntitle: [unclosed\n---",
                                   "+++\ntitle = \n+++", "---\ntitle: Intro"])
def test_a_page_with_odd_front_matter_is_still_read(tmp_path, front):
    from auditor.load import load

    (tmp_path / "page").mkdir()
    (tmp_path / "page" / "en.md").write_text(f"{front}\n\n# Welcome\n\nThe body of the page.\n", encoding="utf-8")
    version = load([tmp_path / "page"])[0].version("en")
    assert len(version.lines) == len(front.splitlines()) + 4
    assert "The body of the page." in version.lines


VITEPRESS_CONFIG = "export default defineConfig({\n  locales: {\n    root: { label: 'English', lang: 'en-US' },\n    zh: { label: '简体中文', lang: 'zh-CN' },\n    es: { label: 'Español', lang: 'es' },\n  },\n})\n"
VITEPRESS_EN = """---
outline: deep
---

# Getting Started

You can try the generator online, or install it on your machine. It requires [Node.js](https://nodejs.org/) version 18 or higher.

::: tip
Run all commands from the root folder of your project.
:::

## Installation

```sh
$ npm add -D quill-press
```

::: details Getting missing peer deps warnings?
If you use PNPM, you will notice a warning for `@docsearch/js`. This does not prevent the generator from working.
:::

### Setup Wizard

The setup wizard asks you a few simple questions:

```sh
$ npx quill-press init
```

## File Structure

If you build a standalone site, you can scaffold the site in the current folder (`./`). You can also put it in a nested folder such as `./docs`.

| File | Purpose |
| --- | --- |
| `config.mts` | The configuration file |
| `index.md` | The home page |

Learn more in the [configuration reference](/reference/site-config#base).
"""
VITEPRESS_ZH = """---
outline: deep
---

# 快速开始

你可以在线试用这个生成器，也可以把它安装到你的电脑上。它需要 [Node.js](https://nodejs.org/) 18 或更高版本。

::: tip
请在项目的根目录下运行所有命令。
:::

## 安装

```sh
$ npm add -D quill-press
```

::: details 出现缺少对等依赖的警告？
如果你使用 PNPM，会看到一条关于 `@docsearch/js` 的警告。这不会妨碍生成器正常工作。
:::

### 安装向导

安装向导会问你几个简单的问题：

```sh
$ npx quill-press init
```

## 文件结构

如果你要构建一个独立的网站，可以在当前目录（`./`）中搭建网站。你也可以把它放在嵌套的目录中，例如 `./docs`。

| 文件 | 用途 |
| --- | --- |
| `config.mts` | 配置文件 |
| `index.md` | 首页 |

在[配置参考](/zh/reference/site-config#base)中了解更多。
"""
VITEPRESS_ES = """---
outline: deep
---

# Primeros pasos

Puede probar el generador en línea o instalarlo en su equipo. Necesita [Node.js](https://nodejs.org/) en la versión 18 o superior.

::: tip
Ejecute todos los comandos desde la carpeta raíz de su proyecto.
:::

## Instalación

```sh
$ npm add -D quill-press
```

::: details ¿Recibe avisos de dependencias «peer» que faltan?
Si usa PNPM, verá un aviso sobre `@docsearch/js`. Esto no impide que el generador funcione.
:::

### Asistente de configuración

El asistente de configuración le hace unas preguntas sencillas:

```sh
$ npx quill-press init
```

## Estructura de archivos

Si crea un sitio independiente, puede generarlo en la carpeta actual (`./`). También puede ponerlo en una carpeta anidada, como `./docs`.

| Archivo | Propósito |
| --- | --- |
| `config.mts` | El archivo de configuración |
| `index.md` | La página de inicio |

Más información en la [referencia de configuración](/es/reference/site-config#base).
"""


def test_vitepress_source_at_the_docs_root_with_chinese_and_spanish(tmp_path):
    root = write(tmp_path / "site", {
        "docs/.vitepress/config.ts": VITEPRESS_CONFIG, "docs/guide/getting-started.md": VITEPRESS_EN,
        "docs/zh/guide/getting-started.md": VITEPRESS_ZH, "docs/es/guide/getting-started.md": VITEPRESS_ES,
        "docs/guide/deploy.md": "# Deploy\n\nPush the built folder to any static host.\n",
        "docs/zh/guide/deploy.md": "# 部署\n\n把构建好的目录推送到任意静态托管服务。\n",
    })
    report = audit(root)
    pages = {f["id"]: f for f in report["families"]}
    start = {v["id"]: v for v in pages["docs/guide/getting-started.md"]["versions"]}
    assert sorted(start) == ["en-US", "es", "zh"] and start["en-US"]["path"].endswith("docs/guide/getting-started.md")
    # short titles (安装向导, a box's title) are not additions, a two-word heading names nobody, a localised link
    # (/zh/reference/...) is the same link
    assert findings(report) == {("docs/guide/deploy.md", "es", "omission", None)}
    assert any("source language en-US (from docs/.vitepress/config.ts)" in n for n in pages["docs/guide/deploy.md"]["notes"])


UNSEEN_EN = """---
title: Caching
description: How the build cache works and how to clear it.
---

# Caching

The build keeps a cache in `.cache/build`, so a second build only renders the pages that changed.

## Options

Set `cache.maxAge` to the number of days an entry is kept. The default is 7 days.

```js
export default {
  cache: { maxAge: 7 }
}
```

## Clearing the cache

Run `npm run clean` to delete the cache. The next build takes longer, because every page is rendered again.
"""

UNSEEN_ZH = """---
title: 缓存
description: 构建缓存的工作原理以及如何清除它。
---

# 缓存 {#caching}

构建会在 `.cache/build` 中保存缓存，因此第二次构建只会渲染发生变化的页面。

## 选项 {#options}

将 `cache.maxAge` 设置为条目保留的天数。默认值为 7 天。

```js
export default {
  cache: { maxAge: 7 }
}
```

## 清除缓存 {#clearing-the-cache}

运行 `npm run clean` 删除缓存。下一次构建会花更长时间，因为每个页面都要重新渲染。
"""


def test_a_chinese_page_with_the_originals_anchors_and_an_untranslated_page(tmp_path):
    """Sites not seen before: a Chinese translation that gives its headings the anchors the English headings get
    anyway ({#options} for "Options") and puts inline code inside its sentences is clean; a Russian "translation"
    still in English is one finding for the page, not one a line; the original is not judged by its translations."""
    root = write(tmp_path / "site", {
        "docs/en/guide/caching.md": UNSEEN_EN,
        "docs/zh/guide/caching.md": UNSEEN_ZH,
        "docs/ru/guide/caching.md": UNSEEN_EN,
    })
    report = audit(str(root), "--source-language", "en")
    (family,) = report["families"]
    by_version = {v["id"]: v["findings"] for v in family["versions"]}
    shown = {v: [(f["kind"], f["line"], f["message"]) for f in fs if f["severity"] != "info"]
             for v, fs in by_version.items()}
    assert shown["en"] == [] and shown["zh"] == [], shown
    (page,) = shown["ru"]
    assert page[0] == "stray_language" and page[1] is None and "not translated" in page[2], page


def test_a_front_matter_title_is_a_title(tmp_path):
    """A translated front-matter title the model scores low against the original ("Tastenkürzel" for "Keyboard
    shortcuts") is the page's title, not text that no sibling carries."""
    page = "+++\ntitle = \"{title}\"\n+++\n\n{body}\n"
    root = write(tmp_path / "site", {
        "content/en/posts/keys.md": page.format(
            title="Keyboard shortcuts", body="Most people use only a handful of shortcuts, but those few save a lot "
                                             "of time. Here are the ones we use every day."),
        "content/de/posts/keys.md": page.format(
            title="Tastenkürzel", body="Die meisten Menschen nutzen nur eine Handvoll Tastenkürzel, aber diese wenigen "
                                       "sparen viel Zeit. Hier sind die, die wir jeden Tag verwenden."),
        "content/fr/posts/keys.md": page.format(
            title="Raccourcis clavier", body="La plupart des gens n'utilisent qu'une poignée de raccourcis, mais ils "
                                             "font gagner beaucoup de temps. Voici ceux que nous utilisons chaque jour."),
    })
    assert findings(audit(str(root), "--source-language", "en")) == set()
