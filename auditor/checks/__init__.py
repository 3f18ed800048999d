"""Checks of one catalogue unit against its source, Weblate style: one small class per check, each with a ``kind``,
a default ``severity`` and ``check_single(source, target, pair) -> [Problem]``.

``source`` and ``target`` are the two texts compared (one plural form at a time where a unit has forms); ``pair``
is everything else a check may need: both units, both languages, the unit's format flags and how the other
translations of the family render the same key (for the N-way evidence a single pair cannot give).
The catalogue audit (auditor/catalogue.py) turns each problem into a Finding on the target's line and key.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from ..model import Severity, Unit


@dataclass(frozen=True)
class Pair:
    unit: Unit  # the target's unit
    source_unit: Unit | None  # the source version's unit of the same key
    source_language: str  # base codes: "en", "pt"
    language: str
    siblings: dict[str, str] = field(default_factory=dict)  # other translation's version id -> its target text
    plural_count: int | None = None  # gettext nplurals the target's file declares

    @property
    def flags(self) -> frozenset[str]:
        return frozenset(self.unit.flags) | frozenset(self.source_unit.flags if self.source_unit else ())


@dataclass(frozen=True)
class Problem:
    message: str
    severity: Severity | None = None  # None: the check's own severity
    kind: str | None = None  # None: the check's own kind


class UnitCheck(Protocol):
    kind: str
    severity: Severity

    def check_single(self, source: str, target: str, pair: Pair) -> list[Problem]: ...


def unit_checks() -> list[UnitCheck]:
    """Every unit check, in the order their findings are reported."""
    from .content import EntityMismatch, MtNotice, NumberMismatch
    from .language import StrayLanguage, Untranslated
    from .placeholders import Brackets, Placeholders

    return [Placeholders(), Brackets(), Untranslated(), StrayLanguage(), NumberMismatch(), MtNotice(), EntityMismatch()]
