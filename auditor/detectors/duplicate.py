"""``duplicate`` (info): a version that is a near copy of a sibling, the same text saved twice.

Two versions are near copies when most of the text of the shorter one (by characters) is in sentences that
have a practically identical sentence in the other (cosine ``near_copy_cosine``: the same words, give or take
punctuation), whatever either adds around them (a scraped menu, an appended story).
"""
from __future__ import annotations

from itertools import combinations

from ..model import Finding
from ..settings import thresholds
from . import Context
from .compare import copied_share, quote


class Duplicate:
    kind = "duplicate"

    def run(self, context: Context) -> dict[str, list[Finding]]:
        limits = thresholds("comparison")
        alignment = context.alignment
        found: dict[str, list[Finding]] = {}
        for a, b in combinations(alignment.sentences, 2):
            shared = copied_share(context.alignment, a, b)
            if shared < limits["duplicate_share"]:
                continue
            for here, there in ((a, b), (b, a)):
                first = alignment.sentences[there][0]
                message = (
                    f"This version is a near copy of {there}: {shared:.0%} of the shorter text is the same. "
                    f"Keep one of them, or check that both were meant to be here."
                )
                found.setdefault(here, []).append(Finding(
                    kind=self.kind, severity="info", message=message,
                    language=context.languages.get(here), source=quote(first), score=round(shared, 3),
                ))
        return found
