"""What the document detectors check, on one catalogue unit: numbers (number_mismatch), a machine-translation
notice (mt_notice) and a name replaced by another (entity_mismatch). Placeholders are taken out first, so that
the 1 of %1$s is no number and the {Name} of a placeholder no name."""
from __future__ import annotations

import re
from functools import cache

from ..detectors.entities import names, title_case
from ..detectors.mt_notice import notice_bank
from ..detectors.numbers import carried_values, numbers
from ..detectors.spelling import alike, latin, script
from ..settings import load_data
from . import Pair, Problem
from .placeholders import plain


class NumberMismatch:
    kind = "number_mismatch"
    severity = "warning"

    def check_single(self, source: str, target: str, pair: Pair) -> list[Problem]:
        source_text, target_text = plain(source, pair.flags), plain(target, pair.flags)
        in_source, in_target = carried_values(source_text), carried_values(target_text)
        lost = [n.text for n in numbers(source_text) if not n.in_name and not n.values & in_target]
        added = [n.text for n in numbers(target_text) if not n.in_name and not n.values & in_source]
        if not lost and not added:
            return []
        parts = ([f"the source's {', '.join(dict.fromkeys(lost))} is not in the target"] if lost else []) + (
            [f"the target's {', '.join(dict.fromkeys(added))} is not in the source"] if added else [])
        return [Problem("; ".join(parts))]


class MtNotice:
    kind = "mt_notice"
    severity = "error"

    def check_single(self, source: str, target: str, pair: Pair) -> list[Problem]:
        bank = notice_bank()
        if bank.evidence(target) in ("phrase", "pair") and bank.evidence(source) is None:
            return [Problem("the target carries a machine-translation notice that the source does not have")]
        return []


_SENTENCE_START = re.compile(r"(?<=[.!?:;¿¡。！？])\s+")


@cache
def _capitalising_nouns() -> frozenset[str]:
    return frozenset(load_data("names.toml")["capitalised_nouns"])


def _inner_names(text: str) -> list[str]:
    """Capitalised words inside the sentences of a text that is not in title case (a sentence's first word has
    its capital from its place)."""
    if title_case(text):
        return []
    return [name for sentence in _SENTENCE_START.split(text) if len(words := sentence.split(maxsplit=1)) > 1
            for name in names(words[1])]


class EntityMismatch:
    """A name of the source missing from the target while the target has, in the same script, a name the source
    does not: "Welcome to Acme" -> "Bienvenue chez Globex", where most other translations keep the name (info where
    there are none to ask). Not judged in languages that capitalise every noun."""

    kind = "entity_mismatch"
    severity = "warning"

    def check_single(self, source: str, target: str, pair: Pair) -> list[Problem]:
        if pair.language in _capitalising_nouns():
            return []
        source_text, target_text = plain(source, pair.flags), plain(target, pair.flags)
        source_names = _inner_names(source_text)
        target_words = [latin(w) for w in target_text.split()]
        lost = [n for n in source_names if not any(alike(latin(n), w) for w in target_words)]
        source_words = [latin(w) for w in source_text.split()]
        new = [n for n in _inner_names(target_text) if not any(alike(latin(n), w) for w in source_words)]
        for name in lost:
            replacing = [n for n in new if script(n) == script(name)]
            message = f'the source names "{name}", the target "{replacing[0]}" instead' if replacing else ""
            if replacing and not pair.siblings:  # a button's label (Tap New -> Appuyez sur Nouveau) looks the same
                return [Problem(f"{message} (no other translation shows whether it is a name or a word that each "
                                f"translates)", severity="info")]
            if replacing and _kept_by_most(name, pair.siblings):
                return [Problem(message)]
        return []


def _kept_by_most(name: str, siblings: dict[str, str]) -> bool:
    """Whether most other translations keep the name (a name stays; a capitalised word that each translates,
    "Settings" -> "Réglages", is no name)."""
    keep = sum(any(alike(latin(name), latin(w)) for w in text.split()) for text in siblings.values())
    return 2 * keep > len(siblings)
