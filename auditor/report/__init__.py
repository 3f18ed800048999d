"""Stage 8, report: thin views of one :class:`~auditor.model.Audit`. Views format; they never compute."""
from __future__ import annotations

from importlib import import_module

from ..model import Audit, Quote
from ..settings import load_data

# format name -> module under auditor/report/ with ``render(audit) -> str``
FORMATS = {"terminal": "terminal", "json": "json", "markdown": "markdown", "github": "github", "sarif": "sarif"}


def render(audit: Audit, fmt: str, color: bool = False) -> str:
    view = import_module(f".{FORMATS[fmt]}", __name__)
    return view.render(audit, color=color) if fmt == "terminal" else view.render(audit)


def describe(kind: str) -> dict[str, str]:
    """What a finding kind is called and what to do about it (data/kinds.toml)."""
    described = load_data("kinds.toml")
    return described.get(kind, described["unknown"])


def place(quote: Quote) -> str:
    """Where a sibling's evidence stands: "003 line 17", or "003" when the line is not known."""
    return quote.version + (f" line {quote.line}" if quote.line else "")
