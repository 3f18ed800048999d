"""Stage 5, align: sentence-level links between every pair of versions of a family, across languages.

The bundled model compresses cosine into a narrow band, so links are judged relatively: two sentences
are counterparts when each is the other's best match (mutual nearest neighbours) and their similarity
stands above the family's background (the median similarity of its sentence pairs that are not).
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import numpy as np

from .model import Sentence
from .settings import thresholds


@dataclass(frozen=True)
class Link:
    a: int  # sentence index in version a
    b: int  # sentence index in version b
    similarity: float


@dataclass(frozen=True)
class PairAlignment:
    a: str
    b: str
    similarity: np.ndarray  # (sentences of a, sentences of b) cosine
    links: tuple[Link, ...]

    def linked_a(self) -> set[int]:
        return {link.a for link in self.links}

    def linked_b(self) -> set[int]:
        return {link.b for link in self.links}


@dataclass(frozen=True)
class FamilyAlignment:
    sentences: dict[str, list[Sentence]]
    vectors: dict[str, np.ndarray]
    pairs: dict[tuple[str, str], PairAlignment]  # one entry per unordered pair, key in family order

    def between(self, a: str, b: str) -> PairAlignment:
        """The alignment seen from a towards b, whichever order it was computed in."""
        if (a, b) in self.pairs:
            return self.pairs[(a, b)]
        pair = self.pairs[(b, a)]
        links = tuple(Link(l.b, l.a, l.similarity) for l in pair.links)
        return PairAlignment(a, b, pair.similarity.T, links)

    def siblings(self, version_id: str) -> list[str]:
        return [v for v in self.sentences if v != version_id]


def mutual_best(similarity: np.ndarray) -> list[tuple[int, int]]:
    """Pairs (i, j) where j is i's best match and i is j's."""
    if similarity.size == 0:
        return []
    best_b = similarity.argmax(axis=1)
    best_a = similarity.argmax(axis=0)
    return [(i, int(j)) for i, j in enumerate(best_b) if best_a[j] == i]


def background(matrices: list[np.ndarray], candidates: list[list[tuple[int, int]]]) -> float:
    """Median cosine of the family's sentence pairs that are not mutual best matches: what
    unrelated sentences of this family score with this model."""
    rest = []
    for similarity, pairs in zip(matrices, candidates):
        mask = np.ones(similarity.shape, dtype=bool)
        for i, j in pairs:
            mask[i, j] = False
        rest.append(similarity[mask])
    pooled = np.concatenate(rest) if rest else np.zeros(0)
    if pooled.size == 0:
        pooled = np.concatenate([m.ravel() for m in matrices]) if matrices else np.zeros(0)
    return float(np.median(pooled)) if pooled.size else 0.0


def align(sentences: dict[str, list[Sentence]], vectors: dict[str, np.ndarray]) -> FamilyAlignment:
    margin = thresholds("similarity")["mutual_margin"]
    keys = list(combinations(sentences, 2))
    matrices = [vectors[a] @ vectors[b].T for a, b in keys]
    candidates = [mutual_best(m) for m in matrices]
    floor = background(matrices, candidates) + margin
    pairs = {
        (a, b): PairAlignment(a, b, m, tuple(Link(i, j, float(m[i, j])) for i, j in c if m[i, j] >= floor))
        for (a, b), m, c in zip(keys, matrices, candidates)
    }
    return FamilyAlignment(sentences, vectors, pairs)
