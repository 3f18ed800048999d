"""boilerplate: page furniture scraped along with the text (buttons, links, counters, credits, "more news" headings).

Three kinds of evidence, strongest first:
- a language-free pattern (data/boilerplate.toml): a bare counter, an unrendered template field, a teaser's
  date stamp, a keyboard shortcut, a line of hashtags, a copyright sign;
- a photo credit in the version's own language (data/credits.toml), or a short line that button and heading
  phrases (data/boilerplate.toml, any language, plus the config's boilerplate_phrases) cover almost entirely;
- structure: a very short line with no sentence shape that no sibling version has a counterpart for, or a
  somewhat longer one without sentence shape that most siblings lack and that the phrases of the version's own
  language cover in part ("Sign up for our weekly digest": an article's lines are in its translations, a site's
  sign-up line is not).

A structured page (Markdown) is written, not scraped: its headings and titles ("Home", "Next steps") are not
looked at as page furniture.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..langid import credit_languages
from ..model import Finding
from ..settings import load_data, thresholds
from . import Context
from .lines import Line, flag, terms_pattern, version_lines


@dataclass(frozen=True)
class BoilerplateBank:
    patterns: dict[str, re.Pattern[str]]  # name -> language-free pattern
    phrases: re.Pattern[str] | None  # button, link and heading wordings of every language, and platform names
    extra: tuple[str, ...]  # the config's phrases

    def pattern_name(self, text: str) -> str | None:
        return next((name for name, pattern in self.patterns.items() if pattern.search(text)), None)

    def phrase_cover(self, text: str, language: str | None = None) -> float:
        """Share of the line's letters that phrases cover: those of every language, or of ``language`` only."""
        phrases = self.phrases if language is None else own_phrases(language, self.extra)
        letters = sum(ch.isalpha() for ch in text)
        if not letters or not phrases:
            return 0.0
        covered = sum(ch.isalpha() for match in phrases.finditer(text) for ch in match.group())
        return covered / letters


@cache
def boilerplate_bank(extra_phrases: tuple[str, ...] = ()) -> BoilerplateBank:
    data = load_data("boilerplate.toml")
    patterns = {name: re.compile(pattern) for name, pattern in data["patterns"].items()}
    phrases = [p for lang in data["language"] for p in lang["phrases"]] + data["platforms"] + list(extra_phrases)
    return BoilerplateBank(patterns, terms_pattern(phrases), extra_phrases)


@cache
def own_phrases(language: str, extra_phrases: tuple[str, ...] = ()) -> re.Pattern[str] | None:
    """The wordings of one language, with the platform names and the config's phrases; None if it has none.
    Compiled when a version in that language is first seen."""
    data = load_data("boilerplate.toml")
    listed = [p for lang in data["language"] if lang["code"] == language for p in lang["phrases"]]
    return terms_pattern(listed + data["platforms"] + list(extra_phrases)) if listed else None


_WHAT = {
    "counter_only": "a bare number (a view or like counter)",
    "template_placeholder": "an unrendered template field (a counter)",
    "date_time_stamp": "a teaser of another story (date and time stamp)",
    "keyboard_shortcut": "a site instruction (keyboard shortcut)",
    "hashtags_only": "a line of tags",
    "copyright_notice": "a copyright notice",
    "credit": "a photo credit",
    "phrase": "a button, link or section heading",
    "structure": "a short line with no sentence shape that no other version has",
}


class BoilerplateDetector:
    kind = "boilerplate"

    def run(self, context: Context) -> dict[str, list[Finding]]:
        limits = thresholds("boilerplate")
        bank = boilerplate_bank(tuple(context.settings.boilerplate_phrases))
        counterparts = context.line_counterparts
        siblings = len(context.family.versions) - 1
        found: dict[str, list[Finding]] = {}
        for version in (v for v in context.family.versions if not v.structured):
            for line in version_lines(context, version.id):
                reason = _reason(line, bank, limits, context.languages[version.id])
                linked = counterparts[version.id].get(line.number, 0)
                if reason is None and siblings and not line.sentence_shaped:
                    reason = _unmatched_reason(line, bank, limits, context.languages[version.id], linked, siblings)
                if reason:
                    found.setdefault(version.id, []).append(_finding(line, reason))
            flag(context, version.id, (f.line for f in found.get(version.id, [])))
        return found


def _reason(line: Line, bank: BoilerplateBank, limits: dict, language: str) -> str | None:
    """Why the line is boilerplate whatever its siblings say; None if nothing says so."""
    if line.words > limits["max_words"]:
        return None
    if name := bank.pattern_name(line.text):
        return name
    if language in credit_languages(line.text):
        return "credit"
    if bank.phrase_cover(line.text) >= limits["phrase_cover"]:
        return "phrase"
    return None


def _unmatched_reason(line: Line, bank: BoilerplateBank, limits: dict, language: str, linked: int,
                      siblings: int) -> str | None:
    """Why a line that does not end like a sentence and that ``linked`` of the ``siblings`` have a counterpart for
    is boilerplate: a very short one that none has; a somewhat longer one that most lack, partly covered by its own
    language's phrases (a share line under a title may lend the title's counterpart in a sibling)."""
    if not linked and line.words <= limits["structure_max_words"]:
        return "structure"
    if 2 * linked < siblings and line.words <= limits["alone_max_words"] and \
            bank.phrase_cover(line.text, language) >= limits["alone_phrase_cover"]:
        return "phrase"
    return None


def _finding(line: Line, reason: str) -> Finding:
    return Finding(
        kind="boilerplate",
        severity="warning",
        line=line.number,
        text=line.text,
        message=f"line {line.number} is page furniture scraped with the text, {_WHAT[reason]}: delete it",
    )
