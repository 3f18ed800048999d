"""Stage 6, detect. A detector has a ``kind`` and ``run(context) -> {version id: [Finding]}``.

Line detectors run first and see each version's lines; the lines they flag (notices, boilerplate,
stray-language lines) are left out of the cross-version comparison that the comparison detectors run on.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from ..align import FamilyAlignment
from ..embed import Embedder
from ..model import Family, Finding, Sentence
from ..settings import Settings


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
from .numbers import NumberMismatch  # noqa: E402
from .omission import Omission  # noqa: E402

COMPARISON_DETECTORS: list[Detector] = [Addition(), Omission(), NumberMismatch(), EntityMismatch(), Duplicate()]
