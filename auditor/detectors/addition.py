"""``addition``: text of a version that no sibling carries (with ``--source``: that the source does not carry).

A line is added when most of its text (by characters) is in sentences that link to no sentence of any
reference (see auditor/align.py), a link kept only for its place in the order and scoring below
``addition_link_floor`` not counting, unless it links a page's heading to a heading of the same level: a title of
two words is too short for the model to score, and the page's structure vouches for it. Contiguous added lines
make one finding. A block
of several sentences is an error (an appended story, a pasted paragraph), a sentence or two a warning.
In a rewrite (auditor/relations.py), what no sibling carries is its own choice of content: info.
"""
from __future__ import annotations

from collections import defaultdict

import numpy as np

from ..model import Finding
from ..settings import thresholds
from . import Context
from .compare import block_text, blocks, is_source, line_range, quote, references, sentences_on

# Said of an addition or omission in a version that rewrites its siblings rather than translating them.
REWRITE_NOTE = "This version is a rewrite of its siblings, not a translation: what it covers is its own choice."


class Addition:
    kind = "addition"

    def run(self, context: Context) -> dict[str, list[Finding]]:
        alignment = context.alignment
        found: dict[str, list[Finding]] = {}
        for version_id, sentences in alignment.sentences.items():
            refs = references(context, version_id)
            if not sentences or not refs or is_source(context, version_id):
                continue
            support = alignment.support(version_id, refs).max(axis=0)
            carried = alignment.carried(version_id, refs, thresholds("comparison")["addition_link_floor"]).any(axis=0)
            carried |= heading_links(context, version_id, refs)
            findings = [self._finding(context, version_id, refs, start, end, support)
                        for start, end in blocks(added_lines(sentences, carried), context.family, version_id)]
            if findings:
                found[version_id] = findings
        return found

    def _finding(self, context: Context, version_id: str, refs: list[str], start: int, end: int,
                 support: np.ndarray) -> Finding:
        limits = thresholds("comparison")
        alignment = context.alignment
        indices = [i for i, s in enumerate(alignment.sentences[version_id]) if start <= s.line <= end]
        block = sentences_on(alignment, version_id, start, end)
        best = float(support[indices].max())
        unrelated = best < limits["unrelated_score"]
        long = len(block) >= limits["addition_error_sentences"]
        evidence = closest(context, version_id, refs, indices)
        what = "text unrelated to the other versions" if unrelated else "text that no other version carries"
        against = f"the source {refs[0]}" if context.settings.source else "any other version"
        nearest = f" (closest: {evidence.version} line {evidence.line})" if evidence else ""  # None: siblings without text
        message = (
            f"{line_range(start, end).capitalize()}: {len(block)} sentence(s) of {what}; nothing in {against} "
            f"matches it{nearest}. Remove it if it is not part of "
            f"the document (an appended story, a pasted paragraph); otherwise add it to the other versions."
        )
        severity = "error" if long else "warning"
        if context.relations.is_rewrite(version_id):
            severity, message = "info", f"{message} {REWRITE_NOTE}"
        return Finding(
            kind=self.kind, severity=severity, message=message,
            line=start, end_line=end if end != start else None, text=block_text(block),
            language=context.languages.get(version_id), source=evidence, score=round(best, 3),
        )


def heading_links(context: Context, version_id: str, refs: list[str]) -> np.ndarray:
    """For each sentence of the version: whether it stands on a heading linked (at any score) to a heading of the
    same level in a reference."""
    alignment = context.alignment
    own = context.family.version(version_id).headings
    linked = np.zeros(len(alignment.sentences[version_id]), dtype=bool)
    for ref in refs if own else ():
        theirs = context.family.version(ref).headings
        pair = alignment.between(version_id, ref)
        for i, sentence in enumerate(alignment.sentences[version_id]):
            level = own.get(sentence.line)
            linked[i] |= level is not None and any(
                theirs.get(alignment.sentences[ref][j].line) == level for j in pair.counterparts(i))
    return linked


def added_lines(sentences, carried: np.ndarray) -> list[int]:
    """Lines where most characters are in sentences that no reference carries."""
    unsupported: dict[int, int] = defaultdict(int)
    total: dict[int, int] = defaultdict(int)
    for sentence, linked in zip(sentences, carried):
        total[sentence.line] += len(sentence.text)
        if not linked:
            unsupported[sentence.line] += len(sentence.text)
    return [line for line in total if 2 * unsupported[line] > total[line]]


def closest(context: Context, version_id: str, refs: list[str], indices: list[int]):
    """The reference sentence that comes closest to any sentence of the block: the evidence shown."""
    alignment = context.alignment
    best_score, best_quote = -np.inf, None
    for ref in refs:
        pair = alignment.between(version_id, ref)
        if not alignment.sentences[ref]:
            continue
        scores = pair.scores[indices]
        i, j = np.unravel_index(int(scores.argmax()), scores.shape)
        if scores[i, j] > best_score:
            best_score, best_quote = scores[i, j], quote(alignment.sentences[ref][int(j)])
    return best_quote
