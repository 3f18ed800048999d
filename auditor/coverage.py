"""The coverage matrix: which content blocks of a family each version carries, so that "paragraph 4 is
missing in the German and Bulgarian versions" is seen at a glance.

Rows are the paragraphs (lines) of the reference version, in its order, then the runs of paragraphs of
other versions that the reference lacks, each under the first version that carries it. Lines the line
detectors flagged (notices, boilerplate, stray-language lines) are not content and have no row.

A version carries a sentence when the alignment links it to one (or two) of its own. Its cell is
- present: it carries every sentence of the block, and no number or name differs there;
- changed: it carries only some of them, or a number or name differs on the lines that carry them;
- missing: it carries none.
"""
from __future__ import annotations

from .align import FamilyAlignment
from .model import Coverage, CoverageCell, CoverageRow, CoverageState, Finding

# Findings that mean a carried block says something different.
CHANGE_KINDS = ("number_mismatch", "entity_mismatch")


def reference_version(alignment: FamilyAlignment, source: str | None) -> str:
    """The version named by --source, else the one with the most content (the first such in family order)."""
    if source in alignment.sentences:
        return source
    return max(alignment.sentences, key=lambda v: len(alignment.sentences[v]))


def coverage_matrix(alignment: FamilyAlignment, findings: dict[str, list[Finding]], source: str | None) -> Coverage:
    versions = tuple(alignment.sentences)
    reference = reference_version(alignment, source)
    changed = {v: _changed_lines(findings.get(v, [])) for v in versions}
    rows = [_row(alignment, reference, (line,), changed) for line in _paragraphs(alignment, reference)]
    shown = {v: {n for row in rows for n in row.cells[i].lines} for i, v in enumerate(versions)}
    for version in versions:
        if version == reference:
            continue
        paragraphs = _paragraphs(alignment, version)
        extra = [_row(alignment, version, (line,), changed) for line in paragraphs if line not in shown[version]]
        for row in _runs(extra, paragraphs):
            rows.append(row)
            for i, v in enumerate(versions):
                shown[v] |= set(row.cells[i].lines)
    return Coverage(reference, versions, tuple(rows))


def _paragraphs(alignment: FamilyAlignment, version: str) -> list[int]:
    return sorted({s.line for s in alignment.sentences[version]})


def _changed_lines(findings: list[Finding]) -> set[int]:
    return {n for f in findings if f.kind in CHANGE_KINDS and f.line for n in range(f.line, (f.end_line or f.line) + 1)}


def _row(alignment: FamilyAlignment, owner: str, lines: tuple[int, ...], changed: dict[str, set[int]]) -> CoverageRow:
    own = [i for i, s in enumerate(alignment.sentences[owner]) if s.line in lines]
    cells = []
    for version in alignment.sentences:
        if version == owner:
            cells.append(CoverageCell("changed" if changed[owner] & set(lines) else "present", lines))
            continue
        links = [link for link in alignment.between(owner, version).links if link.a in own]
        carried = {link.a for link in links}
        where = tuple(sorted({alignment.sentences[version][link.b].line for link in links}))
        state: CoverageState = "missing"
        if carried:
            state = "present" if len(carried) == len(own) and not changed[version] & set(where) else "changed"
        cells.append(CoverageCell(state, where))
    text = " ".join(s.text for s in alignment.sentences[owner] if s.line == lines[0])
    return CoverageRow(owner, lines[0], lines[-1], text, tuple(cells))


def _runs(rows: list[CoverageRow], paragraphs: list[int]) -> list[CoverageRow]:
    """Neighbouring paragraphs of one version that every version carries alike become one row."""
    merged: list[CoverageRow] = []
    for row in rows:
        last = merged[-1] if merged else None
        if (
            last is not None
            and paragraphs.index(row.line) == paragraphs.index(last.end_line) + 1
            and [c.state for c in row.cells] == [c.state for c in last.cells]
        ):
            cells = tuple(CoverageCell(a.state, tuple(sorted({*a.lines, *b.lines}))) for a, b in zip(last.cells, row.cells))
            merged[-1] = CoverageRow(last.version, last.line, row.end_line, last.text, cells)
        else:
            merged.append(row)
    return merged
