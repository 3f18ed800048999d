"""Stage 6, detect. A detector has a ``kind`` and ``run(context) -> {version id: [Finding]}``.

Line detectors run first and see each version's lines; the lines they flag (notices, boilerplate,
stray-language lines) are left out of the cross-version comparison that the comparison detectors run on.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Protocol

import numpy as np

from ..align import FamilyAlignment, align
from ..embed import Embedder
from ..model import Family, Finding, Sentence
from ..relations import FamilyRelations
from ..settings import Settings, thresholds


@dataclass
class Context:
    family: Family
    settings: Settings
    embedder: Embedder
    languages: dict[str, str]  # version id -> main language
    sentences: dict[str, list[Sentence]]  # every sentence of every version
    vectors: dict[str, np.ndarray]  # rows match ``sentences``
    flagged: dict[str, set[int]] = field(default_factory=dict)  # lines the line detectors found
    alignment: FamilyAlignment | None = None  # of the unflagged sentences; set before comparison detectors
    relations: FamilyRelations | None = None  # what each version is to the family; set with the alignment

    @cached_property
    def line_counterparts(self) -> dict[str, dict[int, int]]:
        """For each version and line: in how many sibling versions one of the line's sentences has a confident
        counterpart (a link of at least ``link_score``), over every sentence, flagged or not. Several line detectors
        ask; it is aligned once."""
        full = align(self.sentences, self.vectors, self.family.ends_together)
        counts: dict[str, dict[int, int]] = {v: {} for v in self.sentences}
        for version_id, sentences in self.sentences.items():
            for sibling in full.siblings(version_id):
                confident = full.between(version_id, sibling).linked_a(thresholds("similarity")["link_score"])
                for line in {sentences[i].line for i in confident}:
                    counts[version_id][line] = counts[version_id].get(line, 0) + 1
        return counts


class Detector(Protocol):
    kind: str

    def run(self, context: Context) -> dict[str, list[Finding]]: ...


# Line detectors run in this order; each skips the lines an earlier one flagged (see lines.flag), so a line is
# reported once: an English notice in a German version is a notice, not also a stray English line.
from .mt_notice import MtNoticeDetector  # noqa: E402
from .stray_language import StrayLanguageDetector  # noqa: E402
from .boilerplate import BoilerplateDetector  # noqa: E402

LINE_DETECTORS: list[Detector] = [MtNoticeDetector(), StrayLanguageDetector(), BoilerplateDetector()]
# the comparison detectors import Context from here, so they are imported after it is defined
from .addition import Addition  # noqa: E402
from .duplicate import Duplicate  # noqa: E402
from .entities import EntityMismatch  # noqa: E402
from .markup import MarkupMismatch  # noqa: E402
from .numbers import NumberMismatch  # noqa: E402
from .omission import Omission  # noqa: E402

COMPARISON_DETECTORS: list[Detector] = [
    Addition(), Omission(), NumberMismatch(), EntityMismatch(), MarkupMismatch(), Duplicate()
]
