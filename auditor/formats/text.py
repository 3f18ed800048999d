"""Plain text: every line is audited as it is."""
from __future__ import annotations

from ..settings import Settings
from . import Content, Reader


def read_text(lines: tuple[str, ...], settings: Settings) -> Content:
    return Content(lines)


TEXT = Reader("text", (".txt",), "text", read_text)
