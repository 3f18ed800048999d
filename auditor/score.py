"""Stage 7, score: per-version fidelity, pair similarities, and each version's status."""
from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from itertools import combinations

import numpy as np

from .align import FamilyAlignment
from .detectors.omission import independent_siblings, missing_from
from .model import Finding, PairScore, Status, Version
from .relations import FamilyRelations
from .settings import Settings, thresholds


def fidelities(alignment: FamilyAlignment, languages: dict[str, str], source: str | None = None,
               relations: FamilyRelations | None = None) -> dict[str, float | None]:
    """Per version, in [0, 1]: its quality relative to its family's versions, times the share of its text that some
    reference carries, times the share of its references' agreed content that it does not miss. The references are the
    ``--source`` version or, without one, the versions it translates (all siblings for a version of no group); see
    docs/fidelity.md. A rewrite translates nothing: its fidelity is None."""
    scored = [v for v in alignment.sentences if not (relations and relations.is_rewrite(v))]
    refs = {v: [source] if source and source != v else _siblings(alignment, v, scored, relations) for v in scored}
    versions = [v for v in scored if refs[v]]
    quality = relative_quality(coverages(alignment, languages, versions, refs))
    # the source is missing nothing; the majority of siblings says what the others miss
    scores = {v: round(quality[v] * (1 - added_share(alignment, v, refs[v], source))
                       * (1 - missing_share(alignment, v, refs[v], None if v == source else source)), 4)
              for v in versions}
    return {v: scores.get(v) for v in alignment.sentences}


def coverages(alignment: FamilyAlignment, languages: dict[str, str], versions: list[str],
              refs: dict[str, list[str]]) -> dict[str, float]:
    """How much of its references' content each version carries and how closely (about 1 for a translation): the
    cosines of their sentences' best matches on the scale of the family's pairs of the same languages, mixed with chrF
    against references in its language, each reference weighted by how well it agrees with the rest."""
    settings = thresholds("fidelity")
    texts = {v: " ".join(s.text for s in alignment.sentences[v]) for v in versions}
    scale = family_scale(alignment, languages)
    lexical = {(v, r): chrf(texts[v], texts[r]) for v in versions for r in refs[v] if languages.get(v) == languages.get(r)}
    best_lexical = max(lexical.values(), default=0.0) or 1.0  # the closest pair of the family scores 1
    carried = {
        (v, ref): mix(carried_semantic(alignment, scale[frozenset((languages.get(v), languages.get(ref)))], v, ref),
                      lexical.get((v, ref)), best_lexical)
        for v in versions for ref in refs[v]
    }
    # a sibling in the same language shows wording as well as content: it counts more than one in another language
    evidence = {(v, r): 1.0 if (v, r) in lexical else settings["other_language_weight"] for v in versions for r in refs[v]}
    weight, coverage = dict.fromkeys(alignment.sentences, 1.0), {}
    for _ in range(settings["reliability_rounds"]):
        coverage = {v: float(np.average([carried[(v, r)] for r in refs[v]],
                                        weights=[weight[r] * evidence[(v, r)] for r in refs[v]]))
                    for v in versions}
        weight.update({v: max(coverage[v], 1e-6) ** settings["reliability_power"] for v in versions})
    return coverage


def relative_quality(coverage: dict[str, float]) -> dict[str, float]:
    """Each version's coverage against its family's median version's, in (0, 1]: below the median in proportion, above
    it compressed (``above_median_slope``), the best version 1, to the power ``quality_power``. It ranks the versions of
    one family, and does not hold against a version how well the model happens to score the family's languages."""
    if not coverage:
        return {}
    settings = thresholds("fidelity")
    median = max(float(np.median(list(coverage.values()))), 1e-6)
    ratio = {v: c / median for v, c in coverage.items()}
    soft = {v: r if r <= 1 else 1 + settings["above_median_slope"] * (r - 1) for v, r in ratio.items()}
    top = max(soft.values())
    if top <= 0:  # no version carries anything of its references: none ranks above another
        return dict.fromkeys(coverage, 1.0)
    return {v: max(s / top, 0.0) ** settings["quality_power"] for v, s in soft.items()}


def _siblings(alignment: FamilyAlignment, version_id: str, scored: list[str], relations: FamilyRelations | None) -> list[str]:
    """The siblings a version's fidelity is measured against: those it translates, never a rewrite."""
    siblings = [w for w in alignment.siblings(version_id) if w in scored]
    return relations.compared_with(version_id, siblings) if relations else siblings


Scale = dict[frozenset[str], tuple[float, float]]


def family_scale(alignment: FamilyAlignment, languages: dict[str, str]) -> Scale:
    """(background, level) for each pair of languages in the family: the median cosine of its unrelated sentence
    pairs and of its linked counterparts. One scale for all pairs of the same languages, so that a weaker version's
    lower cosines count against it, while a language pair the model scores lower (ja-de) is not held against it."""
    groups: dict[frozenset[str], list] = {}
    for (a, b), pair in alignment.pairs.items():
        groups.setdefault(frozenset((languages.get(a), languages.get(b))), []).append(pair)
    return {key: scale_of(pairs) for key, pairs in groups.items()}


def scale_of(pairs: list) -> tuple[float, float]:
    """(median unrelated cosine, median cosine of linked counterparts) over some pairs of versions."""
    background = float(np.median([p.background for p in pairs]))
    linked = [link.similarity for p in pairs for link in p.links]
    level = float(np.median(linked)) if linked else background
    return background, max(level, background + thresholds("similarity")["min_band_width"])


def carried_semantic(alignment: FamilyAlignment, scale: tuple[float, float], version: str, ref: str) -> float:
    """How much of ``ref``'s content ``version`` carries, about 1 for a translation: each sentence of ref by the
    cosine of its best match in version on the scale of their languages (background 0, typical counterpart 1),
    weighted by how many other versions carry that sentence."""
    sentences = alignment.sentences[ref]
    if not sentences:
        return 1.0
    background, level = scale
    similarity = alignment.between(ref, version).similarity
    best = similarity.max(axis=1) if similarity.shape[1] else np.full(len(sentences), background)
    degree = np.maximum((best - background) / (level - background), 0.0)  # a closer match makes up for a weaker one
    others = [w for w in alignment.sentences if w not in (version, ref)]
    agreed = alignment.carried(ref, others).mean(axis=0) if others else np.ones(len(sentences))
    return float(np.average(degree, weights=agreed)) if agreed.sum() else float(degree.mean())


def mix(semantic: float, lexical: float | None, best_lexical: float) -> float:
    """The semantic share, mixed with chrF against a sibling in the same language (on a scale where the
    family's closest pair scores 1)."""
    if lexical is None:
        return semantic
    share = thresholds("fidelity")["lexical_weight"]
    return (1 - share) * semantic + share * lexical / best_lexical


def added_share(alignment: FamilyAlignment, version: str, refs: list[str], source: str | None = None) -> float:
    """Share of the version's characters in sentences that link to no reference (a link kept only for its place in the
    order and scoring below ``addition_link_floor`` not counting, as for the addition findings), and in part those
    linked that match no reference better than unrelated text does (best calibrated score under ``unrelated_score``,
    in proportion). In a family of two versions and no --source there is no majority to say which one added what the
    other lacks: an unlinked sentence counts by how far it stands out from the rest of its own text (``off_topic``)."""
    sentences = alignment.sentences[version]
    total = sum(len(s.text) for s in sentences)
    if not total or not refs:
        return 0.0
    limits = thresholds("comparison")
    linked = alignment.carried(version, refs, limits["addition_link_floor"]).any(axis=0)
    unlinked = off_topic(alignment, version, linked) if no_majority(alignment, source) else np.ones(len(sentences))
    weak = np.clip(1 - alignment.support(version, refs).max(axis=0) / limits["unrelated_score"], 0.0, 1.0)
    weight = np.where(linked, weak, unlinked)
    return float(sum(len(s.text) * w for s, w in zip(sentences, weight))) / total


def missing_share(alignment: FamilyAlignment, version: str, refs: list[str], source: str | None = None) -> float:
    """Mean over the references of the share of their characters in sentences that the version misses, as the omission
    findings say (auditor/detectors/omission.py: what most siblings carry, or the source). In a family of two versions
    and no --source, a missing sentence counts by how well it belongs to the reference's text (1 - ``off_topic``):
    a sentence that stands out from it is the reference's addition more than this version's omission."""
    independent = independent_siblings(alignment, version)
    shares = []
    for ref in refs:
        sentences = alignment.sentences[ref]
        if not sentences:
            continue
        gone = missing_from(alignment, version, ref, independent, source)
        weight = (1 - off_topic(alignment, ref, alignment.carried(ref, [version])[0])
                  if no_majority(alignment, source) else np.ones(len(sentences)))
        shares.append(float(sum(len(sentences[i].text) * weight[i] for i in gone)) / sum(len(s.text) for s in sentences))
    return float(np.mean(shares)) if shares else 0.0


def no_majority(alignment: FamilyAlignment, source: str | None) -> bool:
    return source is None and len(alignment.sentences) == 2


def off_topic(alignment: FamilyAlignment, version: str, linked: np.ndarray) -> np.ndarray:
    """For each sentence of the version, in [0, 1]: how far it stands out from the rest of its own text, against the
    version's linked sentences: 0 for a sentence as close to the rest as they typically are, 1 for one ``off_topic_z``
    of their standard deviations further (text pasted from another document), in proportion between."""
    vectors = alignment.vectors[version]
    if linked.sum() < 3:
        return np.zeros(len(vectors))
    rest = vectors.sum(axis=0) - vectors
    closeness = np.einsum("ij,ij->i", vectors, rest) / np.maximum(np.linalg.norm(rest, axis=1), 1e-9)
    spread = max(float(np.std(closeness[linked])), 1e-3)
    z = (float(np.median(closeness[linked])) - closeness) / spread
    return np.clip(z / thresholds("fidelity")["off_topic_z"], 0.0, 1.0)


@lru_cache(maxsize=4096)
def chrf(hypothesis: str, reference: str) -> float:
    """sacrebleu's chrF (character 6-grams, beta 2) of one text against another, 0-100."""
    from sacrebleu.metrics import CHRF

    return CHRF().sentence_score(hypothesis, [reference]).score


def document_vector(vectors: np.ndarray) -> np.ndarray:
    mean = vectors.mean(axis=0) if len(vectors) else np.zeros(vectors.shape[1], dtype=np.float32)
    norm = np.linalg.norm(mean)
    return mean / norm if norm else mean


def pair_scores(versions: list[Version], alignment: FamilyAlignment, languages: dict[str, str]) -> list[PairScore]:
    """Document-vector cosine of every pair; for pairs in one language also chrF, both ways averaged."""
    texts = {v.id: " ".join(s.text for s in alignment.sentences[v.id]) for v in versions}
    scores = []
    for a, b in combinations(versions, 2):
        similarity = float(document_vector(alignment.vectors[a.id]) @ document_vector(alignment.vectors[b.id]))
        same_language = languages[a.id] == languages[b.id]
        chrf_score = None
        if same_language:
            chrf_score = round((chrf(texts[a.id], texts[b.id]) + chrf(texts[b.id], texts[a.id])) / 2, 2)
        scores.append(PairScore(a.id, b.id, round(max(-1.0, min(1.0, similarity)), 4), chrf_score))
    return scores


def apply_overrides(findings: list[Finding], settings: Settings) -> list[Finding]:
    """The severities the user set for some kinds (``severity`` in the config) over the detectors' own."""
    return [replace(f, severity=settings.severity[f.kind]) if f.kind in settings.severity else f for f in findings]


def status(findings: list[Finding], fidelity_value: float | None, min_fidelity: float | None) -> Status:
    if any(f.severity == "error" for f in findings):
        return "fail"
    if min_fidelity is not None and fidelity_value is not None and fidelity_value < min_fidelity:
        return "fail"
    if any(f.severity == "warning" for f in findings):
        return "warn"
    return "pass"
