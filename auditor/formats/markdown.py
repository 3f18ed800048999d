"""Markdown: CommonMark with GFM tables, YAML and TOML front matter, MDX (import/export statements, JSX tags) and
admonitions (``:::tip`` of Docusaurus and VitePress, ``!!! note`` of MkDocs), read with markdown-it-py and
mdit-py-plugins.

Audited, each block's text on the block's first line of the file: headings, paragraphs, list items, blockquotes,
table cells (a row's cells joined by " | ", each segmented on its own), link text, image alt text, admonition titles
written in the file, and the front-matter values of data/markdown.toml's text keys. A block's lines after its first
stay blank, so a sentence wrapped over several lines is one sentence. A block that repeats an earlier one word for
word is audited once.

Kept aside as invariants, which every version of a page must keep (the markup_mismatch detector compares them):
link targets (``link``, with the link's text as its info), image paths (``image``), inline code (``code``), fenced and indented code (``code_block``),
heading anchors (``anchor``), and how many items each list and rows and columns each table has (``list``, ``table``);
``heading`` marks the line of a heading (its level, h1 ... h6), an admonition's title (``admonition``) or the
front matter's title (``title``): not
compared, it tells the detectors that the line is a title; a heading without an explicit anchor has the anchor a
site generates for it (its slug, ``transformitems-hook``) as its info.

MyST (Sphinx) directive fences whose body is text (```{note}) are read as Markdown, those of code (```{code-block})
are code blocks; a MyST role that links ({ref}`text <target>`) gives text and a link target, any other is inline
code. Never audited: HTML blocks and tags, comments, MDX import/export and JSX, template tags, footnote marks,
front-matter keys and other values.
"""
from __future__ import annotations

import re
import tomllib
from functools import cache
from urllib.parse import quote

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.admon import admon_plugin
from mdit_py_plugins.container import container_plugin

from ..model import Invariant
from ..settings import Settings, load_data
from . import Content, Reader

_FRONT_MATTER_FENCES = {"---": "yaml", "+++": "toml"}
CELL_SEPARATOR = " | "  # between the cells of a table row on its line; each cell is segmented on its own
CODE_MARK = "…"  # where an inline code span stood in a sentence
ADMONITION = "admonition"  # the level of an admonition's title, among the headings (h1 ... h6)
FRONT_MATTER_TITLE = "title"  # the level of the front matter's title
_SPACES = re.compile(r"\s+")
_CONTAINER_TITLE = re.compile(r"^\S+\s*(?:\[(?P<bracketed>.*)\]|(?P<plain>.*))$")
# A template tag as a link's target, [guide]({{< ref "guide.md" >}}): quoted so that the link parses.
_TEMPLATE_TARGET = re.compile(r"\]\((\{\{[<%].*?[%>]\}\}|\{%.*?%\})\)")
_MYST_DIRECTIVE = re.compile(r"^\{([\w:-]+)\}(.*)$")
_MYST_OPTION = re.compile(r"^:[\w-]+:")
_MYST_ROLE = re.compile(r"\{([\w:-]+)\}$")
_ROLE_TITLE = re.compile(r"^(.*?)\s*<([^<>]+)>$", re.S)
_HTML_TAG = re.compile(r"<[^<>]*>")
_SLUG_DROPPED = re.compile(r"[^\w\s-]")


@cache
def _parser() -> MarkdownIt:
    return (MarkdownIt("commonmark").enable("table").use(admon_plugin)
            .use(container_plugin, name="admonition", validate=lambda *args: True))


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    prose = load_data("markdown.toml")["prose"]
    return {
        "not_prose": re.compile("|".join(f"(?:{p})" for p in prose["not_prose"])),
        "bare_url": re.compile(prose["bare_url"]),
        "heading_anchor": re.compile(prose["heading_anchor"]),
        "mdx_esm": re.compile(prose["mdx_esm"]),
    }


def read_markdown(lines: tuple[str, ...], settings: Settings) -> Content:
    text_keys = set(load_data("markdown.toml")["front_matter"]["text_keys"]) | set(settings.front_matter_keys)
    page = _Page(len(lines))
    body_start = _front_matter(lines, text_keys, page)
    # front matter blanked, line numbers kept
    body = [""] * body_start + [_TEMPLATE_TARGET.sub(_quoted_target, line) for line in lines[body_start:]]
    _read_blocks(_parser().parse("\n".join(body) + "\n"), page)
    invariants = tuple(sorted(page.invariants, key=lambda i: (i.line, i.kind, i.value)))
    return Content(tuple(page.prose), invariants, CELL_SEPARATOR)


def _quoted_target(match: re.Match[str]) -> str:
    return f"]({quote(match.group(1), safe='')})"


class _Page:
    def __init__(self, line_count: int) -> None:
        self.prose = [""] * line_count
        self.invariants: list[Invariant] = []
        self.seen: set[str] = set()

    def add_text(self, line: int, text: str) -> None:
        """Prose for 1-based ``line``; URLs in it become link invariants, template tags and markers go. A block
        that repeats an earlier one word for word (the title as the first heading, "Yes" in a table) is audited
        once: a page's repeated texts would otherwise look to the aligner like unrelated sentences that match."""
        for url in _patterns()["bare_url"].findall(text):
            self.keep("link", line, url)
        text = _patterns()["bare_url"].sub(" ", text)
        text = _SPACES.sub(" ", _patterns()["not_prose"].sub(" ", text.strip())).strip()
        if text and text not in self.seen and 0 < line <= len(self.prose):
            self.seen.add(text)
            self.prose[line - 1] = f"{self.prose[line - 1]}{CELL_SEPARATOR}{text}" if self.prose[line - 1] else text

    def add_title(self, line: int, text: str, level: str, slug: str = "") -> None:
        """A heading ("h2") or an admonition's title: text, and a ``heading`` invariant that says it is a title."""
        self.keep("heading", line, level, slug)
        self.add_text(line, text)

    def add_front_matter(self, line: int, key: str, value: str) -> None:
        """A front-matter text value; the page's title (``title``, ``sidebar_label``) is a title."""
        if key in load_data("markdown.toml")["front_matter"]["title_keys"]:
            self.add_title(line, value, FRONT_MATTER_TITLE)
        else:
            self.add_text(line, value)

    def keep(self, kind: str, line: int, value: str, info: str = "") -> None:
        self.invariants.append(Invariant(kind, line, value, info))


def _front_matter(lines: tuple[str, ...], text_keys: set[str], page: _Page) -> int:
    """Reads the front matter's text values into ``page``; the number of lines it takes (0 without one)."""
    syntax = _FRONT_MATTER_FENCES.get(lines[0].strip()) if lines else None
    if syntax is None:
        return 0
    fence = lines[0].strip()
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in (fence, "...")), None)
    if end is None:
        return 0
    block = "\n".join(lines[1:end])
    if syntax == "yaml":
        try:
            node = yaml.compose(block)
        except yaml.YAMLError:
            node = None
        for line, key, value in _yaml_texts(node, text_keys):
            page.add_front_matter(line + 2, key, value)
    else:
        try:
            table = tomllib.loads(block)
        except tomllib.TOMLDecodeError:
            table = {}
        for key, value in _toml_texts(table, text_keys):
            at = next((i for i in range(1, end) if re.match(rf"\s*[\"']?{re.escape(key)}[\"']?\s*=", lines[i])), None)
            if at is not None:
                page.add_front_matter(at + 1, key, value)
    return end + 1


def _yaml_texts(node: yaml.Node | None, text_keys: set[str], seen: set[int] | None = None):
    """(0-based line within the block, key, value) of every text value of a text key, at any depth; an alias is
    followed once (YAML allows a node to contain itself)."""
    seen = set() if seen is None else seen
    if node is None or id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value in text_keys and isinstance(value, yaml.ScalarNode) \
                    and value.tag.endswith(":str"):
                yield value.start_mark.line, key.value, value.value
            else:
                yield from _yaml_texts(value, text_keys, seen)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _yaml_texts(item, text_keys, seen)


def _toml_texts(table, text_keys: set[str]):
    if isinstance(table, dict):
        for key, value in table.items():
            if key in text_keys and isinstance(value, str):
                yield key, value
            else:
                yield from _toml_texts(value, text_keys)
    elif isinstance(table, list):
        for item in table:
            yield from _toml_texts(item, text_keys)


def _read_blocks(tokens: list[Token], page: _Page, offset: int = 0) -> None:
    """The blocks of a parse into ``page``; ``offset``: lines of the file before the parsed text."""
    untitled = False  # an admonition whose title the plugin made up ("!!! note" -> "Note"): not in the file
    for index, token in enumerate(tokens):
        line = token.map[0] + 1 + offset if token.map else 0
        directive = _MYST_DIRECTIVE.match(token.info) if token.type == "fence" else None
        if directive:
            _read_directive(directive.group(1), directive.group(2).strip(), token, line, page)
        elif token.type in ("fence", "code_block"):
            page.keep("code_block", line, token.content, token.info.split()[0] if token.info.strip() else "")
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            page.keep("list", line, f"{_items(tokens, index)} items")
        elif token.type == "table_open":
            rows, columns = _table_size(tokens, index)
            page.keep("table", line, f"{rows} rows, {columns} columns")
        elif token.type == "container_admonition_open":
            title = _CONTAINER_TITLE.match(token.info.strip())
            if title and (title.group("bracketed") or title.group("plain")):
                page.add_title(line, title.group("bracketed") or title.group("plain"), ADMONITION)
        elif token.type == "admonition_open":
            untitled = " " not in token.info.strip()
        elif token.type == "inline":
            opener = tokens[index - 1].type if index else ""
            if opener == "admonition_title_open" and untitled:
                continue
            if opener == "paragraph_open" and tokens[index - 1].level == 0 and _patterns()["mdx_esm"].match(token.content):
                continue
            text = _inline(token, line, page)
            if opener == "heading_open":
                anchor = _patterns()["heading_anchor"].search(text)
                if anchor:
                    page.keep("anchor", line, anchor.group(1))
                    text = text[:anchor.start()]
                page.add_title(line, text, tokens[index - 1].tag, "" if anchor else _slug(token.content))
            elif opener == "admonition_title_open":
                page.add_title(line, text, ADMONITION)
            else:
                page.add_text(line, text)


def _slug(heading: str) -> str:
    """The anchor a site generator gives a heading without an explicit one (GitHub's rule, which VitePress,
    Docusaurus and MkDocs follow for Latin text): lower case, HTML tags and punctuation out, spaces to hyphens."""
    text = _SLUG_DROPPED.sub("", _HTML_TAG.sub("", heading)).strip().lower()
    return _SPACES.sub("-", text)


def _read_directive(name: str, argument: str, token: Token, line: int, page: _Page) -> None:
    """A MyST directive fence: text read as Markdown (options such as ":class: tip" left out), code kept as a
    code block, anything else left alone."""
    myst = load_data("markdown.toml")["myst"]
    if name in myst["code_directives"]:
        page.keep("code_block", line, token.content, argument.split()[0] if argument else "")
    elif name in myst["prose_directives"]:
        if argument:
            page.add_title(line, argument, ADMONITION)
        body = token.content.splitlines()
        options = next((i for i, text in enumerate(body) if not _MYST_OPTION.match(text)), len(body))
        _read_blocks(_parser().parse("\n".join(body[options:]) + "\n"), page, line + options)


def _inline(token: Token, line: int, page: _Page) -> str:
    """The text of an inline token; its link targets (with their text), image paths and code spans kept as
    invariants. A code span's place is marked with an ellipsis, so that the sentence still reads as one."""
    parts: list[str] = []
    link: tuple[int, str, int] | None = None  # line, target and first part of the link being read
    autolink = False
    for child in token.children or ():
        if child.type == "text" and not autolink:
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
            line += 1
        elif child.type == "code_inline" and parts and (role := _MYST_ROLE.search(parts[-1])):
            parts[-1] = parts[-1][:role.start()]
            parts.append(_role(role.group(1), child.content, line, page))
        elif child.type == "code_inline":
            parts.append(CODE_MARK)
            page.keep("code", line, child.content)
        elif child.type == "link_open":
            link = (line, str(child.attrs.get("href", "")), len(parts))
            autolink = child.markup == "autolink"
        elif child.type == "link_close" and link:
            page.keep("link", link[0], link[1], "" if autolink else "".join(parts[link[2]:]).strip())
            link, autolink = None, False
        elif child.type == "image":
            parts.append(child.content)
            page.keep("image", line, str(child.attrs.get("src", "")))
    return "".join(parts)


def _role(name: str, content: str, line: int, page: _Page) -> str:
    """A MyST role: a link's text and target ({ref}`the handlers <handlers>`), or inline code; its text in the
    sentence."""
    if name not in load_data("markdown.toml")["myst"]["link_roles"]:
        page.keep("code", line, content)
        return CODE_MARK
    titled = _ROLE_TITLE.match(content)
    text, target = (titled.group(1), titled.group(2)) if titled else ("", content)
    page.keep("link", line, target.strip(), text.strip())
    return text


def _items(tokens: list[Token], start: int) -> int:
    level, count = tokens[start].level, 0
    for token in tokens[start + 1:]:
        if token.level == level and token.nesting == -1:
            break
        count += token.type == "list_item_open" and token.level == level + 1
    return count


def _table_size(tokens: list[Token], start: int) -> tuple[int, int]:
    rows = columns = 0
    for token in tokens[start + 1:]:
        if token.type == "table_close":
            break
        rows += token.type == "tr_open"
        columns += token.type == "th_open" and rows == 1
    return rows, columns


MARKDOWN = Reader("markdown", (".md", ".markdown", ".mdx"), "text", read_markdown)
