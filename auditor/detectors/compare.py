"""What the comparison detectors share: which versions a version is judged against, the majority rule,
quoting a sibling as evidence, and grouping lines into contiguous blocks."""
from __future__ import annotations

from ..align import FamilyAlignment
from ..model import Family, Quote, Sentence
from ..settings import thresholds
from . import Context


def references(context: Context, version_id: str) -> list[str]:
    """The versions ``version_id`` is judged against: the ``--source`` version when one is named,
    otherwise its siblings (whose majority then decides), a near copy of another sibling counting once."""
    return list(reference_groups(context, version_id))


def reference_groups(context: Context, version_id: str) -> dict[str, list[str]]:
    """``references``, each with the siblings that are near copies of it (itself first): one vote, which any of the
    copies can cast where the one kept lacks the sentence or was changed there."""
    source = context.settings.source
    if source is not None and source != version_id:
        return {source: [source]}
    groups: dict[str, list[str]] = {}
    for sibling in context.alignment.siblings(version_id):
        kept = next((k for k in groups
                     if copied_share(context.alignment, sibling, k) >= thresholds("comparison")["duplicate_share"]), None)
        groups.setdefault(kept or sibling, []).append(sibling)
    return groups


def copied_share(alignment: FamilyAlignment, a: str, b: str) -> float:
    """Share of the characters of the shorter version in sentences with a near-identical sentence in the other."""
    short, long = sorted((a, b), key=lambda v: sum(len(s.text) for s in alignment.sentences[v]))
    sentences = alignment.sentences[short]
    similarity = alignment.between(short, long).similarity
    if not sentences or not similarity.shape[1]:
        return 0.0
    copied = similarity.max(axis=1) >= thresholds("comparison")["near_copy_cosine"]
    total = sum(len(s.text) for s in sentences)
    return sum(len(s.text) for s, same in zip(sentences, copied) if same) / total


def counterparts_of(context: Context, version_id: str, refs: list[str], index: int,
                    floor: float) -> dict[str, tuple[Sentence, float]]:
    """The sentence of each reference linked to sentence ``index`` of the version with a calibrated score of at
    least ``floor`` (its best, if several), with the link's score."""
    linked = {}
    for ref in refs:
        pair = context.alignment.between(version_id, ref)
        if found := pair.counterparts(index, floor):
            linked[ref] = (context.alignment.sentences[ref][found[0]], float(pair.scores[index, found[0]]))
    return linked


def line_of(context: Context, version_id: str, sentence: Sentence) -> str:
    """The whole line a sentence stands on."""
    return context.family.version(version_id).lines[sentence.line - 1]


def is_source(context: Context, version_id: str) -> bool:
    return context.settings.source == version_id


def majority(carriers: int, asked: int) -> bool:
    """More than half of the versions asked carry it."""
    return asked > 0 and 2 * carriers > asked


def quote(sentence: Sentence) -> Quote:
    return Quote(version=sentence.version, line=sentence.line, text=sentence.text)


def block_text(sentences: list[Sentence]) -> str:
    return " ".join(s.text for s in sentences)


def blocks(lines: list[int], family: Family, version_id: str) -> list[tuple[int, int]]:
    """Contiguous runs of the given line numbers; blank lines between two of them do not break a run."""
    version = family.version(version_id)
    runs: list[tuple[int, int]] = []
    for line in sorted(set(lines)):
        if runs and all(not version.lines[n - 1].strip() for n in range(runs[-1][1] + 1, line)):
            runs[-1] = (runs[-1][0], line)
        else:
            runs.append((line, line))
    return runs


def line_range(start: int, end: int) -> str:
    return f"line {start}" if start == end else f"lines {start}-{end}"


def sentences_on(alignment: FamilyAlignment, version_id: str, start: int, end: int) -> list[Sentence]:
    return [s for s in alignment.sentences[version_id] if start <= s.line <= end]
