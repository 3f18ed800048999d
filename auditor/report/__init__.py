"""Stage 8, report: thin views of one :class:`~auditor.model.Audit`. Views format; they never compute."""
from __future__ import annotations

from importlib import import_module
from typing import Callable

from ..langid import language_name
from ..model import Audit, Finding, Quote, Relation
from ..settings import load_data

# format name -> module under auditor/report/ with ``render(audit) -> str``
FORMATS = {"terminal": "terminal", "json": "json", "markdown": "markdown", "github": "github", "sarif": "sarif",
           "html": "html"}
RELATION_WORDS = {"original": "original", "translation": "translation of", "near_copy": "near copy of",
                  "rewrite": "rewrite of", "other": "other text"}


def render(audit: Audit, fmt: str, color: bool = False, verbose: bool = False, show_info: bool = False) -> str:
    """The report in one format. ``color``, ``verbose`` and ``show_info`` are the terminal view's."""
    view = import_module(f".{FORMATS[fmt]}", __name__)
    if fmt == "terminal":
        return view.render(audit, color=color, verbose=verbose, show_info=show_info)
    return view.render(audit)


def describe(kind: str) -> dict[str, str]:
    """What a finding kind is called and what to do about it (data/kinds.toml)."""
    described = load_data("kinds.toml")
    return described.get(kind, described["unknown"])


def place(quote: Quote) -> str:
    """Where a sibling's evidence stands: "003 line 17", or "003" when the line is not known."""
    return quote.version + (f" line {quote.line}" if quote.line else "")


def short_message(finding: Finding, place_of: Callable[[Quote], str] = place) -> str:
    """The finding in a few words, from its kind's ``short`` template (data/kinds.toml) and its data, never from
    the detector's message: "number differs from 003 line 43". The kind's title when the template names a field
    the finding lacks."""
    described = describe(finding.kind)
    fields = {}
    if finding.source is not None:
        fields["source"] = place_of(finding.source)
    if finding.language:
        fields["language"] = language_name(finding.language)
    if finding.score is not None:
        fields["percent"] = f"{finding.score:.0%}"
    try:
        return described.get("short", described["title"]).format_map(fields)
    except KeyError:
        return described["title"]


def relation_text(relation: Relation | None, name: Callable[[str], str] = str) -> str:
    """"translation of 000", "near copy of 000, 002", "rewrite", "original"; empty when not known."""
    if relation is None:
        return ""
    words = RELATION_WORDS.get(relation.kind, relation.kind)
    if not relation.of:
        return words.removesuffix(" of")
    return f"{words} {', '.join(name(v) for v in relation.of)}" if words.endswith(" of") else words
