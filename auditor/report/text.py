"""Document text is untrusted data: helpers that make it safe to show in every view.

- ``visible``: for terminals and plain-text formats. Control characters (C0 with tab and newline, DEL, C1, so every
  ANSI escape sequence), bidi overrides and isolates, line and paragraph separators and other invisible format
  characters are shown as escapes (``\\x1b``, ``\\u202e``), so text can never act on a terminal, break a line
  or reorder what is shown. The joiners that scripts need (ZWJ, ZWNJ) stay.
- ``markdown_inline``: ``visible``, then every character that markdown or HTML could read as syntax is escaped, so
  text renders as text in one table cell or line.
Views that use rich never pass document text as markup: they build ``rich.text.Text`` objects from ``visible`` text.
"""
from __future__ import annotations

import re
import unicodedata

_KEPT_FORMAT = frozenset("\u200c\u200d")  # zero-width non-joiner and joiner: Persian, Indic scripts, emoji
_ESCAPED_CATEGORIES = frozenset(("Cc", "Cf", "Zl", "Zp"))


def _escape_char(ch: str) -> str:
    code = ord(ch)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _shown_escaped(ch: str) -> bool:
    return unicodedata.category(ch) in _ESCAPED_CATEGORIES and ch not in _KEPT_FORMAT


def visible(text: str) -> str:
    """The text with every control, bidi and invisible format character shown as an escape."""
    return "".join(_escape_char(ch) if _shown_escaped(ch) else ch for ch in text)


def shorten(text: str, width: int = 160) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


# Inline syntax: escapes, code, emphasis, links and images, HTML, tables, strikethrough, math (GitHub renders $..$).
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|<>~$])")
# Block syntax that only counts at the start of a line: a list item ("- ", "1. ") or a heading underline ("===").
_LEADING_MARKER = re.compile(r"^(\s*)(-|=|\d+\.)")


def markdown_inline(text: str) -> str:
    """Escape text for a markdown table cell or paragraph: no pipe, backtick, HTML, link or list syntax survives."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", visible(text))
    escaped = _LEADING_MARKER.sub(lambda m: m.group(1) + m.group(2)[:-1] + "\\" + m.group(2)[-1], escaped)
    return escaped.replace("&", "&amp;").replace("\\<", "&lt;").replace("\\>", "&gt;")
