"""The whole pipeline in one place:

    load -> segment -> identify -> embed -> detect lines -> align -> relate -> detect differences -> score -> report

(load: discover the families by the site's layout, auditor/layouts.py, and read each file by its format's reader,
auditor/formats.) A family of localisation catalogues takes the keyed path instead: its units are linked by key,
checked one by one and judged by embeddings pair by pair (auditor/catalogue.py).

The CLI only parses options and calls :func:`run_audit`; a Python user calls the same function.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Callable

import numpy as np

from . import __version__
from .align import align
from .batching import audit_in_batches
from .catalogue import audit_catalogue, is_catalogue
from .changes import changed_files
from .config import expected_language
from .coverage import coverage_matrix
from .detectors import COMPARISON_DETECTORS, LINE_DETECTORS, Context, Detector
from .detectors.compare import copied_share
from .embed import Embedder, make_embedder
from .errors import AuditorError
from .langid import main_language
from .load import load
from .model import Audit, Family, FamilyReport, Finding, MissingVersion, Quote, Signature, VersionReport
from .relations import relate
from .score import apply_overrides, fidelities as fidelities_of, pair_scores, status
from .segment import segment
from .settings import Settings


def run_audit(
    paths: list[str | Path],
    settings: Settings = Settings(),
    embedder: Embedder | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Audit:
    """Audit every family under ``paths``. ``progress(done, total)`` is told of each family audited.
    With ``settings.jobs > 1`` the families are spread over that many processes (``embedder`` must then pickle)."""
    changed = changed_files(settings.changed_since, paths) if settings.changed_since else None
    families = load(paths, settings, changed)
    check_source(families, settings.source)
    embedder = embedder or make_embedder(settings)
    tell = progress or (lambda done, total: None)
    tell(0, len(families))
    reports: list[FamilyReport] = []
    for report in audit_in_batches(families, settings, embedder, audit_family):
        reports.append(report)
        tell(len(reports), len(families))
    signature = Signature("auditor", __version__, embedder.name, settings.signature_items())
    return Audit(tuple(reports), signature)


def check_source(families: list[Family], source: str | None) -> None:
    """``--source`` must name a version of every family audited."""
    for family in families:
        if source is not None and source not in {v.id for v in family.versions}:
            raise AuditorError(f"--source {source}: family {family.id} has no version {source!r}")


def audit_family(family: Family, settings: Settings, embedder: Embedder) -> FamilyReport:
    if is_catalogue(family):  # localisation catalogues: units linked by key (auditor/catalogue.py)
        return audit_catalogue(family, settings, embedder)
    if family.source and not settings.source:  # the layout's source page (--source-language) is the reference
        settings = replace(settings, source=family.source)
    sentences = {v.id: segment(v) for v in family.versions}
    languages = {
        v.id: expected_language(v.path, settings.languages) or v.language or main_language(v.text) for v in family.versions
    }
    vectors = _embed(sentences, embedder)
    context = Context(family, settings, embedder, languages, sentences, vectors)

    findings = _run(LINE_DETECTORS, context)
    context.flagged = {v: _lines_of(found) for v, found in findings.items()}
    notes = list(family.notes)
    fidelities: dict[str, float | None] = {v.id: None for v in family.versions}
    pairs = []
    coverage = None
    if len(family.versions) > 1:
        kept = {v: [i for i, s in enumerate(ss) if s.line not in context.flagged.get(v, set())] for v, ss in sentences.items()}
        context.alignment = align(
            {v: [sentences[v][i] for i in idx] for v, idx in kept.items()},
            {v: vectors[v][idx] for v, idx in kept.items()},
            family.ends_together,
        )
        context.relations = relate(context.alignment, lambda a, b: copied_share(context.alignment, a, b),
                                   settings.source)
        for version_id, found in _run(COMPARISON_DETECTORS, context).items():
            findings.setdefault(version_id, []).extend(found)
        fidelities = fidelities_of(context.alignment, languages, settings.source, context.relations)
        coverage = coverage_matrix(context.alignment, findings, settings.source)
        pairs = pair_scores(list(family.versions), context.alignment, languages)
    elif family.versions:
        notes.append("only one version: nothing to compare it with, so no fidelity, omissions or additions")

    versions = []
    for version in family.versions:
        found = sorted(apply_overrides(findings.get(version.id, []), settings), key=Finding.sort_key)
        versions.append(
            VersionReport(
                id=version.id,
                path=str(version.path),
                language=languages[version.id],
                line_count=len(version.lines),
                fidelity=fidelities[version.id],
                status=status(found, fidelities[version.id], settings.min_fidelity),
                findings=tuple(found),
                encoding=version.encoding,
                lines=version.lines,
                relation=context.relations.relation[version.id] if context.relations else None,
            )
        )
    if family.versions:  # the page that the missing ones lack was read
        versions += [_missing_report(missing, family, settings) for missing in family.missing]
    return FamilyReport(family.id, str(family.path), tuple(versions), tuple(pairs), tuple(notes), coverage)


def _missing_report(missing: MissingVersion, family: Family, settings: Settings) -> VersionReport:
    """A page the family's source has and a language of its layout lacks: a version report with one finding."""
    source = family.version(family.source) if family.source else family.versions[0]
    finding = Finding(
        kind="omission", severity="warning", source=Quote(source.id, None, str(source.path)),
        message=f"the whole page is missing: {source.id} has {source.path}, and there is no {missing.path}",
    )
    found = apply_overrides([finding], settings)
    return VersionReport(missing.id, str(missing.path), missing.language or "und", 0, None,
                         status(found, None, settings.min_fidelity), tuple(found))


def _embed(sentences: dict[str, list], embedder: Embedder) -> dict[str, np.ndarray]:
    """All sentences of the family in one batch, each distinct text once."""
    texts = sorted({s.text for ss in sentences.values() for s in ss})
    matrix = embedder.encode(texts) if texts else np.zeros((0, embedder.dim), dtype=np.float32)
    row = {t: i for i, t in enumerate(texts)}
    return {v: matrix[[row[s.text] for s in ss]] if ss else np.zeros((0, embedder.dim), dtype=np.float32) for v, ss in sentences.items()}


def _lines_of(findings: list[Finding]) -> set[int]:
    return {n for f in findings if f.line for n in range(f.line, (f.end_line or f.line) + 1)}


def _run(detectors: list[Detector], context: Context) -> dict[str, list[Finding]]:
    findings: dict[str, list[Finding]] = {}
    for detector in detectors:
        for version_id, found in detector.run(context).items():
            findings.setdefault(version_id, []).extend(found)
    return findings
