"""Plural forms: a target gives the forms its language needs (data/catalogues.toml [plurals] for catalogues keyed
by CLDR category: i18next, Rails, Android; the file's Plural-Forms header, else translate-toolkit's table, for
gettext). Japanese has one form, so a missing "one" there is no finding; Russian needs one, few and many."""
from __future__ import annotations

from ..formats.catalogues import PLURAL_CATEGORIES
from ..langid import language_name
from ..settings import load_data
from . import Pair, Problem


def gettext_forms(language: str) -> int | None:
    """How many plural forms gettext gives a language (translate-toolkit's table)."""
    from translate.lang import data

    known = data.languages.get(language)
    return known[1] if known else None


def required_categories(language: str) -> set[str]:
    table = load_data("catalogues.toml")["plurals"]
    return set(table["required"].get(language, ["one", "other"]))


def optional_categories(language: str) -> set[str]:
    return set(load_data("catalogues.toml")["plurals"]["optional"].get(language, []))


def _in_order(categories: set[str]) -> list[str]:
    return [c for c in PLURAL_CATEGORIES if c in categories]


class Plurals:
    kind = "untranslated"
    severity = "warning"

    def check_forms(self, pair: Pair) -> list[Problem]:
        forms = [name for name, _ in pair.unit.plurals]
        source_forms = pair.unit.source_plurals or tuple(n for n, _ in (pair.source_unit.plurals if pair.source_unit else ()))
        if not forms and not source_forms:
            return []
        name = language_name(pair.language)
        if all(f.isdigit() for f in forms) and pair.unit.source_plurals:
            expected = pair.plural_count or gettext_forms(pair.language)
            if expected and forms and len(forms) != expected:
                return [Problem(f"{len(forms)} plural forms where {name} has {expected}"
                                f"{' (the file' + chr(39) + 's Plural-Forms)' if pair.plural_count else ''}")]
            return []
        if not forms and required_categories(pair.language) != {"other"}:
            return [Problem(f"a single form where the source has plural forms ({', '.join(source_forms)})")]
        if not forms:
            return []
        required = _in_order(required_categories(pair.language))
        missing = [c for c in required if c not in forms and c not in optional_categories(pair.language)]
        if missing:
            return [Problem(f"plural form{'s' if len(missing) > 1 else ''} {', '.join(missing)} missing: "
                            f"{name} needs {', '.join(required)}")]
        return []
