"""Stage 7, score: per-version fidelity, pair similarities, and each version's status."""
from __future__ import annotations

from itertools import combinations

import numpy as np

from .align import FamilyAlignment
from .model import Finding, PairScore, Status, Version


def fidelity(alignment: FamilyAlignment, version_id: str) -> float | None:
    """Share of the siblings' sentences this version carries (recall, averaged over siblings),
    times the share of its own sentences that some sibling carries (precision)."""
    siblings = alignment.siblings(version_id)
    own = len(alignment.sentences[version_id])
    if not siblings:
        return None
    if own == 0:
        return 0.0
    recalls = []
    supported: set[int] = set()
    for sibling in siblings:
        pair = alignment.between(version_id, sibling)
        if alignment.sentences[sibling]:
            recalls.append(len(pair.linked_b()) / len(alignment.sentences[sibling]))
        supported |= pair.linked_a()
    recall = float(np.mean(recalls)) if recalls else 0.0
    return round(recall * len(supported) / own, 4)


def document_vector(vectors: np.ndarray) -> np.ndarray:
    mean = vectors.mean(axis=0) if len(vectors) else np.zeros(vectors.shape[1], dtype=np.float32)
    norm = np.linalg.norm(mean)
    return mean / norm if norm else mean


def pair_scores(versions: list[Version], alignment: FamilyAlignment, languages: dict[str, str]) -> list[PairScore]:
    from sacrebleu.metrics import CHRF

    chrf = CHRF()
    scores = []
    for a, b in combinations(versions, 2):
        similarity = float(document_vector(alignment.vectors[a.id]) @ document_vector(alignment.vectors[b.id]))
        same_language = languages[a.id] == languages[b.id]
        chrf_score = None
        if same_language:
            chrf_score = round((chrf.sentence_score(a.text, [b.text]).score + chrf.sentence_score(b.text, [a.text]).score) / 2, 2)
        scores.append(PairScore(a.id, b.id, round(max(-1.0, min(1.0, similarity)), 4), chrf_score))
    return scores


def status(findings: list[Finding], fidelity_value: float | None, min_fidelity: float | None) -> Status:
    if any(f.severity == "error" for f in findings):
        return "fail"
    if min_fidelity is not None and fidelity_value is not None and fidelity_value < min_fidelity:
        return "fail"
    if any(f.severity == "warning" for f in findings):
        return "warn"
    return "pass"
