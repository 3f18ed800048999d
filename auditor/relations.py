"""Stage 6a, relate: what each version is to its family, read from the alignment (auditor/align.py).

* a **near copy** of X: nearly all of the shorter text's characters are in sentences that X repeats almost word for
  word (the duplicate detector's measure);
* a **translation**: dense links that keep the order. Two versions translate one another when the confident mutual
  best matches on their longest increasing chain (``PairAlignment.anchors``) cover at least
  ``translation_anchor_share`` of the shorter version's sentences. Translation and near-copy links join versions
  into groups (a weak pair inside a group, a source and one loose machine translation, does not split it); a
  translation is "of" the rest of its group, or of the ``--source`` version where it is in the group;
* a **rewrite**: no dense, ordered links, but at least ``rewrite_share`` of its sentences have a counterpart at
  cosine ``related_cosine`` or more in some sibling: another article on the same subject (sparse, reordered,
  partial);
* **other** text: none of that;
* the **original**: the version ``--source`` (or the layout) names.

The comparison detectors and fidelity use it: a version that translates or copies siblings is judged against them
only; a rewrite is judged against all its siblings, but what it chooses to cover (additions, omissions) is info, and
it has no fidelity (see docs/findings.md, "Relations").
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .align import FamilyAlignment
from .model import Relation
from .settings import thresholds


@dataclass(frozen=True)
class FamilyRelations:
    relation: dict[str, Relation]
    group: dict[str, tuple[str, ...]]  # for each version, the others it translates or copies, however indirectly
    source: str | None = None

    def is_rewrite(self, version_id: str) -> bool:
        return self.relation[version_id].kind == "rewrite"

    def compared_with(self, version_id: str, references: list[str]) -> list[str]:
        """The references a version is judged against: those of its group (its group when they are near copies of
        one another, counted once, and none is left); all of them for a version of no group, or the source."""
        group = self.group.get(version_id, ())
        if self.source or not group:
            return references
        return [r for r in references if r in group] or list(group)


def relate(alignment: FamilyAlignment, copied_share, source: str | None) -> FamilyRelations:
    """The relation of every version. ``copied_share(a, b)`` is the share of the shorter of two versions that the other
    repeats (auditor/detectors/compare.py)."""
    limits = thresholds("relations")
    versions = list(alignment.sentences)
    near = {v: tuple(w for w in alignment.siblings(v) if copied_share(v, w) >= thresholds("comparison")["duplicate_share"])
            for v in versions}
    translates = {v: {w for w in alignment.siblings(v) if w in near[v] or dense(alignment, v, w)} for v in versions}
    group = {v: tuple(w for w in versions if w != v and w in component) for v, component in _components(translates).items()}
    relation = {}
    for v in versions:
        if v == source:
            relation[v] = Relation("original")
        elif near[v]:
            relation[v] = Relation("near_copy", near[v])
        elif group[v]:
            relation[v] = Relation("translation", (source,) if source in group[v] else group[v])
        else:
            related = tuple(w for w in alignment.siblings(v) if related_share(alignment, v, w) >= limits["rewrite_share"])
            relation[v] = Relation("rewrite", related) if related else Relation("other")
    return FamilyRelations(relation, group, source)


def dense(alignment: FamilyAlignment, a: str, b: str) -> bool:
    """Whether two versions translate one another: dense links that keep the order."""
    shorter = min(len(alignment.sentences[a]), len(alignment.sentences[b]))
    anchors = alignment.between(a, b).anchors
    return shorter > 0 and anchors >= thresholds("relations")["translation_anchor_share"] * shorter


def related_share(alignment: FamilyAlignment, version_id: str, sibling: str) -> float:
    """Share of the version's sentences with a counterpart in the sibling at ``related_cosine`` or more."""
    similarity = alignment.between(version_id, sibling).similarity
    if not similarity.size:
        return 0.0
    return float(np.mean(similarity.max(axis=1) >= thresholds("relations")["related_cosine"]))


def _components(edges: dict[str, set[str]]) -> dict[str, set[str]]:
    """Each version's connected component in the graph of translation links."""
    component: dict[str, set[str]] = {}
    for start in edges:
        if start in component:
            continue
        seen, todo = {start}, [start]
        while todo:
            for other in edges[todo.pop()]:
                if other not in seen:
                    seen.add(other)
                    todo.append(other)
        for v in seen:
            component[v] = seen
    return component
