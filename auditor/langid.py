"""Stage 3, identify: the main language of a version (ISO 639-1 code)."""
from __future__ import annotations

import pycld2

# cld2 still uses a few retired or regional codes.
_CLD2_TO_ISO = {"iw": "he", "jw": "jv", "zh-Hant": "zh", "in": "id", "mo": "ro"}


def _cld2_code(code: str) -> str:
    return _CLD2_TO_ISO.get(code, code)


def main_language(text: str) -> str:
    """The language most of the text is written in; "und" when no language can be told."""
    cleaned = "".join(ch for ch in text if ch.isprintable() or ch in "\n\t")
    try:
        _, _, details = pycld2.detect(cleaned, bestEffort=True)
    except pycld2.error:
        cleaned = cleaned.encode("utf-8", "ignore").decode("utf-8", "ignore")
        _, _, details = pycld2.detect(cleaned.encode("ascii", "ignore").decode(), bestEffort=True)
    code = details[0][1]
    return "und" if code == "un" else _cld2_code(code)
