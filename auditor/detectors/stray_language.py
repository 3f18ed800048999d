"""stray_language: a line in another language than its version's (an untranslated caption, credit or paragraph).

The language of each line comes from langid.line_language (script, credit labels, lingua + pycld2). Where the
line's translation stands right next to it (a caption in the source language followed by the translated caption),
the message says so: the fix is to delete the line, not to translate it.
"""
from __future__ import annotations

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
        return found


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
