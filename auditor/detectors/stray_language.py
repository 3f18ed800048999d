"""stray_language: a line in another language than its version's (an untranslated caption, credit or paragraph).

The language of each line comes from langid.line_language (script, credit labels, lingua + pycld2). Where the
line's translation stands right next to it (a caption in the source language followed by the translated caption),
the message says so: the fix is to delete the line, not to translate it. A version most of whose lines are in one
other language (a page copied from the original and never translated) is one finding for the whole page.
"""
from __future__ import annotations

from collections import Counter

from ..langid import credit_languages, language_name, line_language
from ..model import Finding
from ..settings import thresholds
from . import Context
from .lines import Line, best_similarity, flag, version_lines


class StrayLanguageDetector:
    kind = "stray_language"

    def run(self, context: Context) -> dict[str, list[Finding]]:
        family_languages = tuple(sorted({code for code in context.languages.values() if code != "und"}))
        found: dict[str, list[Finding]] = {}
        for version in context.family.versions:
            expected = context.languages[version.id]
            if expected == "und":
                continue
            lines = version_lines(context, version.id)
            for index, line in enumerate(lines):
                judged = line_language(line.text, expected, family_languages)
                if judged.foreign:
                    neighbours = [lines[i] for i in (index - 1, index + 1) if 0 <= i < len(lines)]
                    twin = _translation_beside(line, neighbours)
                    found.setdefault(version.id, []).append(_finding(line, judged.language, expected, twin))
            flag(context, version.id, (f.line for f in found.get(version.id, [])))
            page = _untranslated_page(lines, found.get(version.id, []), expected)
            if page is not None:
                found[version.id] = [page]
        return found


def _untranslated_page(lines: list[Line], findings: list[Finding], expected: str) -> Finding | None:
    """One finding for a version left in another language: ``page_min_lines`` or more stray lines, most in one
    language, that hold at least ``page_share`` of its text (titles too short to judge count against it)."""
    limits = thresholds("stray_language")
    stray = sum(len(f.text or "") for f in findings)
    if len(findings) < limits["page_min_lines"] or stray < limits["page_share"] * sum(len(l.text) for l in lines):
        return None
    language, count = Counter(f.language for f in findings).most_common(1)[0]
    if 2 * count <= len(findings):
        return None
    name, home = language_name(language), language_name(expected)
    return Finding(
        kind="stray_language",
        severity="error",
        line=None,
        text=None,
        language=language,
        message=f"the page is not translated: {len(findings)} of its {len(lines)} lines are in {name}, not {home} "
                "(the lines too short to judge are not counted)",
    )


def _translation_beside(line: Line, neighbours: list[Line]) -> Line | None:
    """The neighbouring line that translates this one, if any (the most similar, above a named cosine)."""
    needed = thresholds("stray_language")["beside_similarity"]
    scored = [(best_similarity(line.vectors, n.vectors), n) for n in neighbours]
    scored = [(s, n) for s, n in scored if s >= needed]
    return max(scored, key=lambda sn: sn[0])[1] if scored else None


def _finding(line: Line, language: str, expected: str, twin: Line | None) -> Finding:
    name, home = language_name(language), language_name(expected)
    paragraph = line.sentence_shaped and line.words >= thresholds("stray_language")["paragraph_words"]
    if twin is not None:
        what = "line" if paragraph else "caption"
        message = f"line {line.number} is the {name} original of the {what} on line {twin.number}: delete it"
    elif credit_languages(line.text):
        message = f"line {line.number} is a photo credit in {name}, not {home}: translate its label"
    else:
        message = f"line {line.number} is in {name}, not {home}: translate it"
    return Finding(
        kind="stray_language",
        severity="error" if paragraph else "warning",
        line=line.number,
        text=line.text,
        language=language,
        message=message,
    )
