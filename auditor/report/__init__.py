"""Stage 8, report: thin views of one :class:`~auditor.model.Audit`. Views format; they never compute."""
from __future__ import annotations

from importlib import import_module

from ..model import Audit

# format name -> module under auditor/report/ with ``render(audit) -> str``
FORMATS = {"terminal": "terminal", "json": "json", "markdown": "markdown"}


def render(audit: Audit, fmt: str, color: bool = False) -> str:
    view = import_module(f".{FORMATS[fmt]}", __name__)
    return view.render(audit, color=color) if fmt == "terminal" else view.render(audit)
