"""``omission``: content that most siblings carry (with ``--source``: that the source carries) and this version lacks.

A reference sentence is missing from a version when it links to no sentence there (see auditor/align.py),
and, without ``--source``, more than half of the version's siblings carry it: the reference itself and the
others whose best match for it scores ``link_score`` (a confident match, not a weak one in the right place). The missing sentences are
quoted from the reference that shows most of them, one finding per contiguous block of its lines; the
finding's line is where the block would stand: after the counterpart of the last sentence before it.
A version that translates or copies siblings misses only what those carry (auditor/relations.py); what a rewrite
leaves out is its own choice: info.
"""
from __future__ import annotations

import numpy as np

from ..align import FamilyAlignment
from ..model import Finding, Quote, Sentence
from ..settings import thresholds
from . import Context
from .addition import REWRITE_NOTE
from .compare import block_text, blocks, copied_share, is_source, line_range, majority, references


class Omission:
    kind = "omission"

    def run(self, context: Context) -> dict[str, list[Finding]]:
        found: dict[str, list[Finding]] = {}
        for version_id in context.alignment.sentences:
            if is_source(context, version_id):
                continue
            independent = independent_siblings(context.alignment, version_id)
            missing = {ref: missing_from(context.alignment, version_id, ref, independent, context.settings.source)
                       for ref in context.relations.compared_with(version_id, references(context, version_id))}
            if not any(missing.values()):
                continue
            alignment = context.alignment
            # quote the reference that shows most of the missing text
            ref = max(missing, key=lambda r: sum(len(alignment.sentences[r][i].text) for i in missing[r]))
            gone = [alignment.sentences[ref][i] for i in missing[ref]]
            found[version_id] = [self._finding(context, version_id, ref, [s for s in gone if start <= s.line <= end])
                                 for start, end in blocks([s.line for s in gone], context.family, ref)]
        return found

    def _finding(self, context: Context, version_id: str, ref: str, block: list[Sentence]) -> Finding:
        alignment = context.alignment
        start, end = block[0].line, block[-1].line
        pair = alignment.between(ref, version_id)
        before = [i for i, s in enumerate(alignment.sentences[ref]) if s.line < start and pair.counterparts(i)]
        own = alignment.sentences[version_id]
        anchor = max((own[j].line for j in pair.counterparts(before[-1])), default=None) if before else None
        where = f"after line {anchor}" if anchor else "at the start"
        line = next_text_line(context.family.version(version_id).lines, anchor) if anchor else 1
        severity = omission_severity(block, alignment.sentences[ref], dropped_from_line(alignment, ref, version_id, block))
        message = (
            f"Missing here: {len(block)} sentence(s) that {ref} carries at {line_range(start, end)}"
            f"{'' if context.settings.source else ' (and most other versions too)'}; they would stand {where}. "
            f"Translate them into this version, or confirm they were left out on purpose."
        )
        if context.relations.is_rewrite(version_id):
            severity, message = "info", f"{message} {REWRITE_NOTE}"
        return Finding(
            kind=self.kind, severity=severity, message=message, line=line,
            language=context.languages.get(version_id), source=Quote(ref, start, block_text(block)),
        )


def independent_siblings(alignment: FamilyAlignment, version_id: str) -> list[str]:
    """The siblings that are not near copies of the version: a near copy vouches for anything the version has, so it
    is no evidence that the version carries a sentence."""
    copy = thresholds("comparison")["duplicate_share"]
    return [w for w in alignment.siblings(version_id) if copied_share(alignment, w, version_id) < copy]


def missing_from(alignment: FamilyAlignment, version_id: str, ref: str, independent: list[str],
                 source: str | None = None) -> list[int]:
    """Sentences of ``ref`` with no counterpart in ``version_id`` that, without a ``source`` (--source), most siblings
    carry and that the ``independent`` siblings (not near copies of the version) do not carry into it."""
    candidates = np.flatnonzero(~alignment.carried(ref, [version_id])[0])
    if source or candidates.size == 0:
        return [int(i) for i in candidates]
    others = [w for w in alignment.siblings(version_id) if w != ref]
    others_carry = alignment.support(ref, others)[:, candidates] >= thresholds("similarity")["link_score"]
    siblings = len(others) + 1  # ref carries its own sentences
    vouchers = [w for w in independent if w != ref]
    return [int(i) for i, count in zip(candidates, others_carry.sum(axis=0))
            if majority(int(count) + 1, siblings) and not carried_through(alignment, ref, int(i), version_id, vouchers)]


def carried_through(alignment: FamilyAlignment, ref: str, index: int, version_id: str, others: list[str]) -> bool:
    """Whether most siblings that carry sentence ``index`` of ``ref`` (``omission_min_vouchers`` at least) link
    their counterpart of it to a sentence of the version, all links confident: the version carries it, and the
    direct link was missed (a headline matched to a near-identical subheading of the other language, which left the
    headline unlinked)."""
    confident = thresholds("similarity")["link_score"]
    needed = thresholds("comparison")["omission_min_vouchers"]
    counterparts = {w: alignment.between(ref, w).counterparts(index, confident) for w in others}
    carriers = [w for w in others if counterparts[w]]
    through = sum(1 for w in carriers
                  if any(alignment.between(w, version_id).counterparts(k, confident) for k in counterparts[w]))
    return through >= needed and majority(through, len(carriers))


def omission_severity(block: list[Sentence], ref_sentences: list[Sentence], dropped: bool) -> str:
    """error for a long block; warning for whole paragraphs (lines), or for part of a paragraph whose other sentences
    are here when the length says it was dropped (``dropped``); info for a short heading, or for part of a paragraph
    that the length says is there (more often two sentences merged into one than content left out)."""
    limits = thresholds("comparison")
    if len(block) >= limits["omission_error_sentences"]:
        return "error"
    lines = {s.line for s in block}
    whole = sum(1 for s in ref_sentences if s.line in lines) == len(block)
    return "warning" if (whole or dropped) and text_size(block_text(block)) >= limits["omission_min_size"] else "info"


def dropped_from_line(alignment: FamilyAlignment, ref: str, version_id: str, block: list[Sentence]) -> bool:
    """Whether the block's sentences were dropped from their paragraph rather than merged into a neighbour's
    translation: the version's counterpart of the rest of the paragraph is about as long as a translation of that rest
    alone would be, not of the whole paragraph, by more than the lengths of the pair's other paragraphs vary."""
    ref_sentences, own = alignment.sentences[ref], alignment.sentences[version_id]
    lines = {s.line for s in block}
    pair, back = alignment.between(ref, version_id), alignment.between(version_id, ref)
    kept = [i for i, s in enumerate(ref_sentences) if s.line in lines and s not in block]
    own_lines = {own[j].line for i in kept for j in pair.counterparts(i)}
    # the version's sentences on those lines that stand for this paragraph (linked to it, or to nothing)
    here = sum(text_size(s.text) for j, s in enumerate(own)
               if s.line in own_lines and all(ref_sentences[i].line in lines for i in back.counterparts(j)))
    ratios = paragraph_ratios(alignment, ref, version_id, lines)
    if not here or len(ratios) < 3:
        return False
    ratio = float(np.median(ratios))
    spread = float(np.quantile(np.abs(np.log(ratios / ratio)), thresholds("comparison")["omission_length_quantile"]))
    kept_size = sum(text_size(ref_sentences[i].text) for i in kept)
    whole = ratio * (kept_size + text_size(block_text(block)))
    part = ratio * (kept_size + thresholds("comparison")["omission_dropped_share"] * text_size(block_text(block)))
    return here < part and here * np.exp(spread) < whole


def paragraph_ratios(alignment: FamilyAlignment, ref: str, version_id: str, skip: set[int]) -> np.ndarray:
    """For each other line of ref whose sentences all have counterparts in the version: the size of those
    counterparts over the line's size."""
    pair = alignment.between(ref, version_id)
    ref_sentences, own = alignment.sentences[ref], alignment.sentences[version_id]
    by_line: dict[int, list[int]] = {}
    for i, s in enumerate(ref_sentences):
        if s.line not in skip:
            by_line.setdefault(s.line, []).append(i)
    ratios = []
    for indices in by_line.values():
        counterparts = {j for i in indices for j in pair.counterparts(i)}
        if all(pair.counterparts(i) for i in indices):
            size = sum(text_size(ref_sentences[i].text) for i in indices)
            ratios.append(sum(text_size(own[j].text) for j in counterparts) / size)
    return np.array(ratios)


def text_size(text: str) -> int:
    """Length in characters, a CJK character counting three (it carries about a word)."""
    return len(text) + 2 * sum(1 for ch in text if "\u2e80" <= ch <= "\u9fff" or "\uac00" <= ch <= "\ud7af")


def next_text_line(lines: tuple[str, ...], after: int) -> int:
    """The first non-blank line after line ``after`` (or the last line): where inserted text would stand."""
    return next((n for n in range(after + 1, len(lines) + 1) if lines[n - 1].strip()), len(lines))
