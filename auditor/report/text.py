"""Document text is untrusted data: helpers that make it safe to show in every view."""
from __future__ import annotations

import re
import unicodedata

_BIDI = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _escape_char(ch: str) -> str:
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """Control characters (C0, C1, DEL), bidi overrides and other invisible format characters are
    shown as escapes, so text can never act on a terminal or reorder what is shown."""
    return "".join(
        _escape_char(ch) if ch in _BIDI or unicodedata.category(ch) in ("Cc", "Cf") and ch not in "\u200d" else ch
        for ch in text
    )


def shorten(text: str, width: int = 160) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|<>~])")


def markdown_inline(text: str) -> str:
    """Escape text for a markdown table cell or paragraph: no pipe, backtick, HTML or link syntax survives."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", visible(text))
    return escaped.replace("&", "&amp;").replace("\\<", "&lt;").replace("\\>", "&gt;")
