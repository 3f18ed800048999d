"""The keyed path of the pipeline, for localisation catalogues: units are linked by key, not aligned by embeddings;
the embeddings still judge each linked pair (a target unrelated to its source).

    source units by key -> per translation: missing and obsolete keys, unfinished units, unit checks
    (auditor/checks), plural forms, meaning and length against the source -> findings on the target's line and key

A family here is one catalogue in its languages (a gettext domain, an XLIFF project, one JSON namespace); its
source version is the template (.pot), the layout's source language, ``--source``, or the version in English.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from .checks import Pair, Problem, UnitCheck, unit_checks
from .checks.placeholders import Placeholders, plain
from .checks.plurals import Plurals
from .embed import Embedder
from .errors import AuditorError
from .langid import main_language
from .model import Family, FamilyReport, Finding, PairScore, Quote, Relation, Unit, Version, VersionReport
from .score import apply_overrides, status
from .settings import Settings, load_data

UNFINISHED = {"fuzzy": "marked fuzzy", "needs-review": "marked as needing review", "new": "marked as new"}
_DENSE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_LETTER = re.compile(r"[^\W\d_]")


def is_catalogue(family: Family) -> bool:
    return any(v.units is not None for v in family.versions)


def base_language(code: str | None) -> str | None:
    """"pt_BR" -> "pt", "sr@latin" -> "sr", "zh-Hans" -> "zh"."""
    return re.split(r"[-_@.]", code.strip())[0].lower() if code and code.strip() else None


def source_version(family: Family, settings: Settings) -> Version:
    wanted = settings.source or family.source
    if wanted:
        return family.version(wanted)
    english = [v for v in family.versions if base_language(v.language) == "en"]
    if len(english) == 1:
        return english[0]
    return max(family.versions, key=lambda v: len(v.units or ()))


@dataclass
class _Linked:
    """A unit of a translation with its source, waiting for the meaning check."""

    version: str
    unit: Unit
    source: str
    target: str
    source_line: int | None  # the source unit's line


def audit_catalogue(family: Family, settings: Settings, embedder: Embedder) -> FamilyReport:
    source = source_version(family, settings)
    if source.units is None:
        raise AuditorError(f"family {family.id}: the source {source.id} is not a catalogue")
    languages = {v.id: base_language(v.language) or _guess_language(v) for v in family.versions}
    source_units = {u.key: u for u in source.units if u.state != "obsolete"}
    translations = [v for v in family.versions if v.id != source.id]
    finished = {v.id: {u.key: u.target for u in v.units or () if u.target and u.state is None} for v in translations}
    checks = unit_checks()
    template = all(v.path != source.path for v in translations)
    findings: dict[str, list[Finding]] = {v.id: [] for v in family.versions}
    linked: list[_Linked] = []
    for version in translations:
        siblings = {other: texts for other, texts in finished.items() if other != version.id}
        found, pairs = _check_version(version, source, source_units, languages, siblings, checks, template)
        findings[version.id] += found
        linked += pairs
    similarities = _meaning(linked, embedder, languages, source, findings)

    reports = []
    for version in family.versions:
        found = sorted(apply_overrides(findings[version.id], settings), key=Finding.sort_key)
        is_source = version.id == source.id
        done = None if is_source else _completeness(version, source_units)
        reports.append(VersionReport(
            id=version.id, path=str(version.path), language=languages[version.id], line_count=len(version.lines),
            fidelity=done, status=status(found, done, settings.min_fidelity), findings=tuple(found),
            encoding=version.encoding,
            relation=Relation("original") if is_source else Relation("translation", (source.id,)), lines=version.lines,
        ))
    pairs = [PairScore(source.id, v.id, round(float(np.mean(similarities[v.id])), 4))
             for v in translations if similarities.get(v.id)]
    notes = list(family.notes)
    if not translations:
        notes.append("only one version: nothing to compare it with")
    return FamilyReport(family.id, str(family.path), tuple(reports), tuple(pairs), tuple(notes), None)


def _guess_language(version: Version) -> str:
    return main_language("\n".join(u.target for u in version.units or ()))


def _completeness(version: Version, source_units: dict[str, Unit]) -> float | None:
    """Share of the source's units this version translates, finished (not fuzzy, not empty)."""
    if not source_units:
        return None
    done = {u.key for u in version.units or () if u.target and u.state is None}
    return round(len(done & source_units.keys()) / len(source_units), 4)


def _check_version(version: Version, source: Version, source_units: dict[str, Unit], languages: dict[str, str],
                   siblings: dict[str, dict[str, str]], checks: list[UnitCheck],
                   template: bool) -> tuple[list[Finding], list[_Linked]]:
    """``template``: the source version is a file of its own (a .pot, messages.xlf), not the sources the
    translations carry."""
    language, source_language = languages[version.id], languages[source.id]
    found: list[Finding] = []
    linked: list[_Linked] = []
    seen = set()
    plurals = Plurals()

    def finding(kind: str, severity: str, message: str, unit: Unit, source_text: str | None = None,
                source_unit: Unit | None = None) -> Finding:
        quoted = None if source_text is None else Quote(source.id, source_unit.line if source_unit else None, source_text)
        return Finding(kind=kind, severity=severity, message=message, line=unit.line, text=unit.target or None,
                       language=language, source=quoted, key=unit.key)

    for unit in version.units or ():
        source_unit = source_units.get(unit.key)
        if unit.state == "obsolete":
            found.append(finding("addition", "info", f'obsolete entry "{unit.key}" kept in the file: the '
                                 "application never shows it", unit))
            continue
        seen.add(unit.key)
        if source_unit is None:
            found.append(finding("addition", "info", f'key "{unit.key}" is not in the source {source.id}: '
                                 "obsolete, or added here only", unit))
            continue
        source_text = unit.source if unit.source is not None else source_unit.target
        source_forms = list(unit.source_plurals) or [t for _, t in source_unit.plurals]
        if unit.state in UNFINISHED and unit.target:
            found.append(finding("untranslated", "info", f"{UNFINISHED[unit.state]}: not a finished translation, "
                                 "so not checked", unit, source_text, source_unit))
            continue
        if not unit.target.strip() and not any(t.strip() for _, t in unit.plurals):
            found.append(finding("untranslated", "warning", "empty: not translated", unit, source_text, source_unit))
            continue
        if template and unit.source is not None and _changed(unit.source, source_unit.target):
            found.append(finding("untranslated", "warning", "outdated: translated from another source text than "
                                 f"{source.id}'s; translate the current one", unit, source_unit.target, source_unit))
        pair = Pair(unit, source_unit, source_language, language,
                    {v: texts[unit.key] for v, texts in siblings.items() if unit.key in texts},
                    unit.plural_count)
        problems: list[tuple[UnitCheck | Plurals, Problem]] = []
        targets = [t for _, t in unit.plurals] or [unit.target]
        for target in targets:
            matched = _closest_source(target, source_forms or [source_text], pair)
            for check in checks:
                problems += [(check, p) for p in check.check_single(matched, target, pair)]
        problems += [(plurals, p) for p in plurals.check_forms(pair)]
        for check, problem in dict.fromkeys(problems):
            found.append(finding(problem.kind or check.kind, problem.severity or check.severity, problem.message,
                                 unit, source_text, source_unit))
        linked.append(_Linked(version.id, unit, source_text, unit.target, source_unit.line))
    for key, source_unit in source_units.items():
        if key not in seen:
            found.append(Finding(kind="omission", severity="warning", message=f'key "{key}" of the source is missing: '
                                 "the application shows the source text or the key", text=None, language=language,
                                 source=Quote(source.id, source_unit.line, source_unit.target), key=key))
    return found, linked


def _changed(own_source: str, current: str) -> bool:
    """Whether the source a bilingual unit carries differs from the template's (messages.de.xlf translated from an
    older messages.xlf), whitespace apart."""
    return " ".join(own_source.split()) != " ".join(current.split())


def _closest_source(target: str, sources: list[str], pair: Pair) -> str:
    """The source form a plural target form is checked against: the one whose placeholders it matches best
    (Russian "one" is also used for 21, so it carries the %d that English "One file" lacks)."""
    if len(sources) == 1:
        return sources[0]
    placeholders = Placeholders()
    return min(reversed(sources), key=lambda s: len(placeholders.check_single(s, target, pair)))


def _meaning(linked: list[_Linked], embedder: Embedder, languages: dict[str, str], source: Version,
             findings: dict[str, list[Finding]]) -> dict[str, list[float]]:
    """Much shorter than the source, or unrelated to it (closer to another key's source): omission findings.
    Returns the cosines of each version's judged pairs."""
    limits = load_data("catalogues.toml")
    length, meaning = limits["length"], limits["meaning"]
    judged = [p for p in linked if _letters(plain(p.source)) >= meaning["min_letters"]
              and _letters(plain(p.target)) >= meaning["min_letters"] and p.source.split() != p.target.split()]
    for pair in linked:
        source_size, target_size = _size(plain(pair.source), length), _size(plain(pair.target), length)
        if source_size >= length["min_source_chars"] and target_size < length["short_ratio"] * source_size:
            findings[pair.version].append(_omission(pair, source, languages,
                f"much shorter than its source ({target_size:g} of {source_size:g} characters): part of it is missing"))
    texts = sorted({plain(t) for p in judged for t in (p.source, p.target)})
    if not texts:
        return {}
    vectors = dict(zip(texts, embedder.encode(texts)))
    sources = sorted({plain(p.source) for p in judged})
    source_matrix = np.array([vectors[s] for s in sources])
    cosines: dict[str, list[float]] = {}
    for pair in judged:
        own = float(vectors[plain(pair.target)] @ vectors[plain(pair.source)])
        cosines.setdefault(pair.version, []).append(own)
        scores = source_matrix @ vectors[plain(pair.target)]
        best = int(np.argmax(scores))
        closer = sources[best] != plain(pair.source) and scores[best] - own >= meaning["better_margin"]
        if own < meaning["unrelated_cosine"] and (closer or own < meaning["unrelated_floor"]):
            elsewhere = f'; it reads like another string of the source: "{sources[best]}"' if closer else ""
            findings[pair.version].append(_omission(pair, source, languages,
                f"unrelated to its source (cosine {own:.2f}){elsewhere}: translate it again"))
    return cosines


def _omission(pair: _Linked, source: Version, languages: dict[str, str], message: str) -> Finding:
    return Finding(kind="omission", severity="warning", message=message, line=pair.unit.line, text=pair.target,
                   language=languages[pair.version], source=Quote(source.id, pair.source_line, pair.source),
                   key=pair.unit.key)


def _letters(text: str) -> int:
    return len(_LETTER.findall(text))


def _size(text: str, limits: dict) -> float:
    dense = len(_DENSE.findall(text))
    return len(text) - dense + dense * limits["dense_char_weight"]



