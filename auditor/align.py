"""Stage 5, align: sentence-level links between every pair of versions of a family, across languages.

The bundled model compresses cosine into a narrow band (unrelated pairs 0.72-0.84, translations
0.86-0.96, shifted by the language pair), so no fixed cosine decides anything. Each pair of versions is
calibrated on its own *unrelated band*: the cosines of its sentence pairs that are nobody's best match.
A sentence pair's calibrated score

    score = (cosine - median of the band) / (99th percentile of the band - median of the band)

is 0 for a typical unrelated pair and 1 at the top of what unrelated sentences of these two texts reach;
translations score 2-5. Each sentence is linked to its best match in the other version when that score
reaches ``link_score``, in both directions, so a sentence may link to two (1:2 and 2:1 links); a sentence
with no link is a 1:0 (an addition, or an omission seen from the other side). Order is not used:
rewrites reorder their sentences.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from itertools import combinations

import numpy as np

from .model import Sentence
from .settings import thresholds


@dataclass(frozen=True)
class Link:
    a: int  # sentence index in version a
    b: int  # sentence index in version b
    similarity: float  # cosine
    score: float = 1.0  # calibrated: about 1 for a translation, about 0 for unrelated text


@dataclass(frozen=True)
class PairAlignment:
    a: str
    b: str
    similarity: np.ndarray  # (sentences of a, sentences of b) cosine
    background: float  # median cosine of the pair's unrelated band
    band_top: float  # its 99th percentile: calibrated score 1
    links: tuple[Link, ...]
    anchors: int = 0  # confident mutual best matches on one increasing chain: many for a translation (its order kept)

    @cached_property
    def scores(self) -> np.ndarray:
        """Calibrated scores, same shape as ``similarity``."""
        return self.calibrated(self.similarity)

    def calibrated(self, cosine: float | np.ndarray) -> float | np.ndarray:
        """The calibrated score of a cosine (or an array of them) between a sentence of a and one of b."""
        return (cosine - self.background) / (self.band_top - self.background)

    def support_a(self) -> np.ndarray:
        """For each sentence of a, the calibrated score of its best match in b (-inf when b is empty)."""
        scores = self.scores
        return scores.max(axis=1) if scores.shape[1] else np.full(scores.shape[0], -np.inf)

    def best_b(self) -> np.ndarray:
        """For each sentence of a, the index of its best match in b."""
        return self.similarity.argmax(axis=1) if self.similarity.shape[1] else np.zeros(0, dtype=int)

    def linked_a(self, floor: float = -np.inf) -> set[int]:
        """Sentences of a with a link of at least this calibrated score."""
        return {link.a for link in self.links if link.score >= floor}

    def linked_b(self) -> set[int]:
        return {link.b for link in self.links}

    def counterparts(self, i: int, floor: float = -np.inf) -> list[int]:
        """Sentences of b linked to sentence i of a with a calibrated score of at least ``floor``, best first."""
        return [l.b for l in self._links_of_a.get(i, ()) if l.score >= floor]

    @cached_property
    def _links_of_a(self) -> dict[int, list[Link]]:
        """The links of each sentence of a, best first: counterparts() is asked once per sentence."""
        by_a: dict[int, list[Link]] = {}
        for link in sorted(self.links, key=lambda l: -l.similarity):
            by_a.setdefault(link.a, []).append(link)
        return by_a

    def flipped(self) -> PairAlignment:
        links = tuple(sorted((Link(l.b, l.a, l.similarity, l.score) for l in self.links), key=lambda l: (l.a, l.b)))
        return PairAlignment(self.b, self.a, self.similarity.T, self.background, self.band_top, links, self.anchors)


@dataclass(frozen=True)
class FamilyAlignment:
    sentences: dict[str, list[Sentence]]
    vectors: dict[str, np.ndarray]
    pairs: dict[tuple[str, str], PairAlignment]  # one entry per unordered pair, key in family order
    _views: dict[tuple[str, str], PairAlignment] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        views = dict(self.pairs)
        views.update({(b, a): pair.flipped() for (a, b), pair in self.pairs.items()})
        object.__setattr__(self, "_views", views)

    def between(self, a: str, b: str) -> PairAlignment:
        """The alignment seen from a towards b, whichever order it was computed in."""
        return self._views[(a, b)]

    def siblings(self, version_id: str) -> list[str]:
        return [v for v in self.sentences if v != version_id]

    def carried(self, version_id: str, references: list[str], floor: float = -np.inf) -> np.ndarray:
        """(references, sentences of version) True where the sentence has a link into that reference (of at least
        this calibrated score)."""
        matrix = np.zeros((len(references), len(self.sentences[version_id])), dtype=bool)
        for row, ref in enumerate(references):
            matrix[row, sorted(self.between(version_id, ref).linked_a(floor))] = True
        return matrix

    def support(self, version_id: str, references: list[str]) -> np.ndarray:
        """(references, sentences of version) calibrated score of each sentence's best match in each reference."""
        own = len(self.sentences[version_id])
        rows = [self.between(version_id, r).support_a() for r in references]
        return np.vstack(rows) if rows else np.zeros((0, own))


def unrelated_band(similarity: np.ndarray) -> np.ndarray:
    """The cosines of the sentence pairs that are neither's best match."""
    n_a, n_b = similarity.shape
    best = np.zeros(similarity.shape, dtype=bool)
    if n_a and n_b:
        best[np.arange(n_a), similarity.argmax(axis=1)] = True
        best[similarity.argmax(axis=0), np.arange(n_b)] = True
    return similarity[~best]


def calibrate(band: np.ndarray, family_band: np.ndarray) -> tuple[float, float]:
    """(median, top) of a pair's unrelated band; for a pair too small to measure it, the whole family's band,
    and for a family too small too, the priors."""
    settings = thresholds("similarity")
    if band.size < settings["min_band_pairs"]:
        band = family_band
    if band.size < settings["min_band_pairs"]:
        return settings["prior_background"], settings["prior_band_top"]
    background = float(np.median(band))
    top = float(np.quantile(band, settings["band_top_quantile"]))
    return background, max(top, background + settings["min_band_width"])


def mutual_best(scores: np.ndarray, floor: float) -> list[tuple[int, int]]:
    """Pairs (i, j), sorted by i, where each is the other's best match and the score reaches ``floor``."""
    if not scores.size:
        return []
    best_b, best_a = scores.argmax(axis=1), scores.argmax(axis=0)
    return [(i, int(j)) for i, j in enumerate(best_b) if best_a[j] == i and scores[i, j] >= floor]


def longest_increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest subsequence of (i, j) pairs (sorted by i) whose j increase too (O(n^2); n is a document's sentences)."""
    if not pairs:
        return []
    length = [1] * len(pairs)
    previous = [-1] * len(pairs)
    for k, (_, j) in enumerate(pairs):
        for m in range(k):
            if pairs[m][1] < j and length[m] + 1 > length[k]:
                length[k], previous[k] = length[m] + 1, m
    k = int(np.argmax(length))
    chain = []
    while k >= 0:
        chain.append(pairs[k])
        k = previous[k]
    return chain[::-1]


def gap_links(scores: np.ndarray, vectors_a: np.ndarray, vectors_b: np.ndarray, chain: list[tuple[int, int]],
              inner: float, edge: float, closed_end: bool = False) -> set[tuple[int, int]]:
    """Links for the sentences of a between two anchors, into the gap between the anchors' counterparts in b.
    A sentence strictly inside a gap needs ``inner``, or ``edge`` after the last anchor, where text
    gets appended (unless ``closed_end``: the end is a boundary both texts share). Linking to an anchor's own
    counterpart (a 2:1 merge) needs ``inner`` and the merge to fit better: the sentence added to the anchor
    (vectors summed, as mean pooling would) must come closer to the counterpart than the anchor alone."""
    n_a, n_b = scores.shape
    found: set[tuple[int, int]] = set()
    bounds = [(-1, -1), *chain, (n_a, n_b)]
    for (i0, j0), (i1, j1) in zip(bounds, bounds[1:]):
        closed = i1 < n_a or closed_end  # text is appended at the end; the start of both is a boundary they share
        for i in range(i0 + 1, i1):
            if j1 - j0 > 1:
                j = j0 + 1 + int(scores[i, j0 + 1:j1].argmax())
                if scores[i, j] >= (inner if closed else edge):
                    found.add((i, j))
                    continue
            for anchor, j in ((i0, j0), (i1, j1)):
                if (0 <= anchor < n_a and 0 <= j < n_b and scores[i, j] >= inner
                        and merge_fits(vectors_a[anchor], vectors_a[i], vectors_b[j])):
                    found.add((i, j))
    return found


def merge_fits(anchor: np.ndarray, extra: np.ndarray, counterpart: np.ndarray) -> bool:
    merged = anchor + extra
    return float(merged @ counterpart) / float(np.linalg.norm(merged)) > float(anchor @ counterpart)


def best_links(scores: np.ndarray, vectors_a: np.ndarray, vectors_b: np.ndarray, mutual: list[tuple[int, int]],
               floor: float) -> set[tuple[int, int]]:
    """Each sentence of a to its best match in b, scoring at least ``floor``, when that match is free or the
    sentence merges into its mutual partner (a 2:1 link; see ``merge_fits``): a match already taken by a closer
    sentence is only a topical likeness."""
    partner = {j: i for i, j in mutual}
    found: set[tuple[int, int]] = set()
    for i, j in enumerate(scores.argmax(axis=1) if scores.shape[1] else []):
        j = int(j)
        owner = partner.get(j)
        if scores[i, j] >= floor and (owner is None or owner == i or merge_fits(vectors_a[owner], vectors_a[i], vectors_b[j])):
            found.add((i, j))
    return found


def align_pair(a: str, b: str, vectors_a: np.ndarray, vectors_b: np.ndarray, family_band: np.ndarray,
               closed_end: bool = False) -> PairAlignment:
    """Link the sentences of two versions. When the pair keeps its order (most mutual best matches lie on one
    increasing chain: translations), the chain is the backbone and each sentence between two anchors may link
    only into the gap between their counterparts: a weak match in the right place counts, a topical match in
    the wrong place does not, so a deleted paragraph shows up as a gap. Otherwise (rewrites reorder their
    sentences), each sentence links to its best match when that scores ``link_score`` and is free or merges
    into its partner. ``closed_end``: the texts end together (pages of a site), as they start together."""
    settings = thresholds("similarity")
    similarity = vectors_a @ vectors_b.T
    background, top = calibrate(unrelated_band(similarity), family_band)
    pair = PairAlignment(a, b, similarity, background, top, ())
    scores = pair.scores
    floor = settings["link_score"]
    mutual = mutual_best(scores, floor)
    chain = longest_increasing(mutual)
    found: set[tuple[int, int]] = set(chain)
    if len(chain) >= settings["min_ordered_anchors"] and len(chain) >= settings["ordered_share"] * len(mutual):
        found |= gap_links(scores, vectors_a, vectors_b, chain, settings["gap_score"], floor, closed_end)
        flipped = [(j, i) for i, j in chain]
        found |= {(i, j) for j, i in gap_links(scores.T, vectors_b, vectors_a, flipped, settings["gap_score"], floor,
                                               closed_end)}
    else:
        found |= best_links(scores, vectors_a, vectors_b, mutual, floor)
        flipped = [(j, i) for i, j in mutual]
        found |= {(i, j) for j, i in best_links(scores.T, vectors_b, vectors_a, flipped, floor)}
    links = tuple(Link(i, j, float(similarity[i, j]), float(scores[i, j])) for i, j in sorted(found))
    return PairAlignment(a, b, similarity, background, top, links, len(chain))


def align(sentences: dict[str, list[Sentence]], vectors: dict[str, np.ndarray], closed_end: bool = False) -> FamilyAlignment:
    """``closed_end``: the versions end together, as pages of a documentation site do (Family.ends_together)."""
    keys = list(combinations(sentences, 2))
    family_band = np.concatenate([unrelated_band(vectors[a] @ vectors[b].T) for a, b in keys] or [np.zeros(0)])
    pairs = {(a, b): align_pair(a, b, vectors[a], vectors[b], family_band, closed_end) for a, b in keys}
    return FamilyAlignment(sentences, vectors, pairs)
