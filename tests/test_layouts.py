"""Discovery: the layouts translated sites keep their files in become families of pages (auditor/layouts.py)."""
from pathlib import Path

import pytest

from auditor.errors import AuditorError
from auditor.layouts import LayoutSettings, discover, language_code

KINDS = {".md": "text", ".mdx": "text", ".txt": "text", ".json": "catalogue", ".po": "catalogue", ".pot": "catalogue"}


def tree(root: Path, *paths: str) -> Path:
    for relative in paths:
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text("text\n", encoding="utf-8")
    return root


def families(root: Path, settings: LayoutSettings = LayoutSettings()) -> dict:
    found = discover(root, KINDS, settings)
    assert found is not None
    return {f.id: f for f in found.families}


def pages(family) -> dict:
    return {p.code: p.path for p in family.pages}


def test_locale_folders_give_one_family_per_page(tmp_path):
    root = tree(tmp_path, "docs/en/guide/setup.md", "docs/de/guide/setup.md", "docs/pt-BR/guide/setup.md",
                "docs/en/index.md", "docs/de/index.md", "docs/pt-BR/index.md")
    found = families(root)
    assert sorted(found) == ["docs/guide/setup.md", "docs/index.md"]
    setup = found["docs/guide/setup.md"]
    assert pages(setup) == {c: root / f"docs/{c}/guide/setup.md" for c in ("de", "en", "pt-BR")}
    assert {p.code: p.language for p in setup.pages} == {"de": "de", "en": "en", "pt-BR": "pt"}
    assert setup.layout == "locale folders (docs/{lang}/{path})"


def test_a_page_missing_in_a_translation_and_one_only_a_translation_has(tmp_path):
    root = tree(tmp_path, "content/en/a.md", "content/de/a.md", "content/fr/a.md", "content/en/b.md",
                "content/fr/b.md", "content/de/only.md")
    found = families(root, LayoutSettings(source_language="en"))
    b = found["content/b.md"]
    assert [(m.code, m.path) for m in b.missing] == [("de", root / "content/de/b.md")]
    assert b.source.code == "en"
    only = found["content/only.md"]
    assert not only.missing and only.source is None
    assert any("only in de" in note for note in only.notes)
    assert any("source language en (--source-language)" in note for note in b.notes)


def test_without_a_named_source_the_language_with_most_pages_decides_what_is_missing(tmp_path):
    root = tree(tmp_path, "en/a.md", "en/b.md", "en/c.md", "de/a.md", "de/b.md", "fr/a.md")
    found = families(root)
    assert found["b.md"].source is None
    assert [m.code for m in found["b.md"].missing] == ["fr"]
    assert [m.code for m in found["c.md"].missing] == ["de", "fr"]


def test_the_source_at_the_docs_root_vitepress_and_mkdocs(tmp_path):
    root = tree(tmp_path, "docs/index.md", "docs/guide/intro.md", "docs/de/index.md", "docs/de/guide/intro.md",
                "docs/ja/index.md", "README.md")
    found = discover(root, KINDS)
    by_id = {f.id: f for f in found.families}
    assert sorted(by_id) == ["docs/guide/intro.md", "docs/index.md"]
    intro = by_id["docs/guide/intro.md"]
    assert intro.source.path == root / "docs/guide/intro.md" and intro.source.code is None
    assert [(m.code, m.path) for m in intro.missing] == [("ja", root / "docs/ja/guide/intro.md")]
    assert found.unplaced == (root / "README.md",)


def test_language_suffixes(tmp_path):
    root = tree(tmp_path, "docs/index.md", "docs/index.fr.md", "docs/index.zh-CN.md", "docs/about.md",
                "docs/about.fr.md", "README.md", "CHANGELOG.md")
    found = families(root)
    assert sorted(found) == ["docs/about.md", "docs/index.md"]
    assert pages(found["docs/index.md"]) == {None: root / "docs/index.md", "fr": root / "docs/index.fr.md",
                                             "zh-CN": root / "docs/index.zh-CN.md"}
    assert [m.code for m in found["docs/about.md"].missing] == ["zh-CN"]


def test_docusaurus_with_its_default_locale(tmp_path):
    root = tree(tmp_path, "docs/intro.md", "docs/guide/setup.mdx",
                "i18n/de/docusaurus-plugin-content-docs/current/intro.md",
                "i18n/de/docusaurus-plugin-content-docs/current/guide/setup.mdx",
                "i18n/fr/docusaurus-plugin-content-docs/current/intro.md",
                "blog/2026-01-01-hello.md", "i18n/de/docusaurus-plugin-content-blog/2026-01-01-hello.md")
    (root / "docusaurus.config.js").write_text("export default { i18n: { defaultLocale: 'en', locales: ['en', 'de'] } };\n")
    found = families(root)
    assert sorted(found) == ["blog/2026-01-01-hello.md", "docs/guide/setup.mdx", "docs/intro.md"]
    setup = found["docs/guide/setup.mdx"]
    assert pages(setup) == {"en": root / "docs/guide/setup.mdx",
                            "de": root / "i18n/de/docusaurus-plugin-content-docs/current/guide/setup.mdx"}
    assert setup.source.code == "en"
    assert [m.path for m in setup.missing] == [root / "i18n/fr/docusaurus-plugin-content-docs/current/guide/setup.mdx"]
    assert any("from docusaurus.config.js" in note for note in setup.notes)


def test_a_folder_named_like_a_language_that_shares_no_page_is_an_ordinary_folder(tmp_path):
    # "ts" is Tsonga's code, here TypeScript's pages; "mk" (Macedonian) holds a README like the top one
    root = tree(tmp_path, "docs/en/a.md", "docs/de/a.md", "docs/en/ts/b.md", "docs/de/ts/b.md",
                "README.md", "mk/README.md", "mk/build.md", "mk/deploy.md")
    found = discover(root, KINDS)
    assert sorted(f.id for f in found.families) == ["docs/a.md", "docs/ts/b.md"]
    assert set(found.unplaced) == {root / "README.md", root / "mk/README.md", root / "mk/build.md", root / "mk/deploy.md"}


def test_a_folder_of_versions_is_not_a_layout(tmp_path):
    """Today's layout: files named en.txt and de.txt (or by any name) in a folder; the loader keeps it."""
    assert discover(tree(tmp_path / "one", "en.txt", "de.txt", "fr.md"), KINDS) is None
    assert discover(tree(tmp_path / "two", "budget/en.txt", "budget/de.txt", "schools/en.txt"), KINDS) is None


def test_catalogue_layouts_take_only_catalogues(tmp_path):
    root = tree(tmp_path, "locales/en.json", "locales/de.json", "locales/fr.json",
                "locale/messages.pot", "locale/de/LC_MESSAGES/messages.po", "locale/fr/LC_MESSAGES/messages.po")
    found = families(root)
    assert sorted(found) == ["locale/messages.pot", "locales/*.json"]
    assert set(pages(found["locales/*.json"])) == {"de", "en", "fr"}
    assert pages(found["locale/messages.pot"])[None] == root / "locale/messages.pot"


def test_a_given_pattern_replaces_the_layouts(tmp_path):
    root = tree(tmp_path, "site/english/a.md", "pages/de/a.md", "pages/en/a.md", "pages/en/b.md")
    found = families(root, LayoutSettings(patterns=("pages/{lang}/{path}",), source_language="en"))
    assert sorted(found) == ["pages/a.md", "pages/b.md"]
    assert found["pages/a.md"].layout == "--layout (pages/{lang}/{path})"
    assert [m.code for m in found["pages/b.md"].missing] == ["de"]


@pytest.mark.parametrize("pattern", ["content", "/abs/{lang}/{path}", "{path}/{path}", "docs/{path}"])
def test_a_pattern_that_cannot_place_pages_is_a_one_line_error(tmp_path, pattern):
    with pytest.raises(AuditorError, match="layout"):
        discover(tree(tmp_path, "a/b.md"), KINDS, LayoutSettings(patterns=(pattern,)))


def test_language_codes_as_sites_write_them():
    assert [language_code(c) for c in ("de", "pt-BR", "pt_br", "zh-Hans", "zh_Hant_TW", "es-419", "fil", "EN")] == \
        ["de", "pt", "pt", "zh", "zh", "es", "tl", "en"]
    assert [language_code(c) for c in ("img", "assets", "v2", "english", "de-")] == [None] * 5


def test_readme_translations_do_not_make_pages_of_every_other_file(tmp_path):
    root = tree(tmp_path, "README.md", "README.zh-CN.md", "README.ja.md", "CONTRIBUTING.md", "CHANGELOG.md",
                "docs/setup.md")
    found = discover(root, KINDS)
    assert [f.id for f in found.families] == ["README.md"]
    assert set(found.unplaced) == {root / "CONTRIBUTING.md", root / "CHANGELOG.md", root / "docs/setup.md"}


def test_a_source_language_named_without_its_region(tmp_path):
    root = tree(tmp_path, "docs/en-US/a.md", "docs/de-DE/a.md", "docs/en-US/b.md")
    b = families(root, LayoutSettings(source_language="en"))["docs/b.md"]
    assert b.source.code == "en-US" and [m.code for m in b.missing] == ["de-DE"]
