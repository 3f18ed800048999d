"""mt_notice: a line that says the text was machine-translated ("Ce texte a été traduit automatiquement").

Evidence, from the phrase bank in data/notices.toml (any language, whatever the version's language):
a notice phrase; or a translation word together with a machine word of the same language; plus the line's
embedding similarity to prototype notices, which lets a new wording or an unlisted language be found.
A notice is a short line about the text itself, so an article *about* machine translation is not flagged:
the line must be short and lack a counterpart in at least one sibling (an article's sentences are in every
translation of it; a notice is not in the original); a version without siblings only at its top or bottom.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import numpy as np

from ..model import Finding
from ..settings import load_data, thresholds
from . import Context
from .lines import Line, best_similarity, edge_lines, flag, terms_pattern, version_lines


@dataclass(frozen=True)
class NoticeBank:
    phrases: re.Pattern[str] | None
    pairs: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...]  # (translation words, machine words) per language
    translation: re.Pattern[str] | None  # translation words of every language
    prototypes: tuple[str, ...]

    def evidence(self, text: str) -> str | None:
        """"phrase", "pair", "translation word" or None: the strongest lexical evidence in a line."""
        if self.phrases and self.phrases.search(text):
            return "phrase"
        if any(t.search(text) and m.search(text) for t, m in self.pairs):
            return "pair"
        if self.translation and self.translation.search(text):
            return "translation word"
        return None


@cache
def notice_bank(extra_phrases: tuple[str, ...] = ()) -> NoticeBank:
    languages = load_data("notices.toml")["language"]
    phrases = terms_pattern([p for lang in languages for p in lang.get("phrases", [])] + list(extra_phrases))
    pairs = tuple(
        (terms_pattern(lang["translation"]), terms_pattern(lang["machine"]))
        for lang in languages if lang.get("translation") and lang.get("machine")
    )
    translation = terms_pattern([w for lang in languages for w in lang.get("translation", [])])
    prototypes = tuple(p for lang in languages for p in lang.get("prototypes", []))
    return NoticeBank(phrases, pairs, translation, prototypes)


class MtNoticeDetector:
    kind = "mt_notice"

    def run(self, context: Context) -> dict[str, list[Finding]]:
        limits = thresholds("mt_notice")
        bank = notice_bank(tuple(context.settings.notice_phrases))
        prototypes = context.embedder.encode(list(bank.prototypes))
        counterparts = context.line_counterparts
        siblings = len(context.family.versions) - 1
        found: dict[str, list[Finding]] = {}
        for version in context.family.versions:
            edges = edge_lines(context, version.id, limits["edge_lines"])
            for line in version_lines(context, version.id):
                if line.words > limits["max_words"] or len(line.vectors) > limits["max_sentences"]:
                    continue
                if siblings:  # a notice is not in the original; an article's sentences are in every translation
                    about_the_text = counterparts[version.id].get(line.number, 0) < siblings
                else:
                    about_the_text = line.number in edges
                similarity = best_similarity(line.vectors, prototypes)
                if about_the_text and _is_notice(bank.evidence(line.text), similarity, limits):
                    found.setdefault(version.id, []).append(_finding(line, similarity))
            flag(context, version.id, (f.line for f in found.get(version.id, [])))
        return found


def _is_notice(evidence: str | None, similarity: float, limits: dict) -> bool:
    needed = {
        "phrase": limits["phrase_similarity"],
        "pair": limits["pair_similarity"],
        "translation word": limits["word_similarity"],
        None: limits["unworded_similarity"],
    }[evidence]
    return similarity >= needed


def _finding(line: Line, similarity: float) -> Finding:
    return Finding(
        kind="mt_notice",
        severity="error",
        line=line.number,
        text=line.text,
        score=round(float(np.clip(similarity, 0, 1)), 4),
        message=f"line {line.number} is a machine-translation notice, not part of the document: delete it "
                "(if readers must be told, say so in the page template)",
    )
