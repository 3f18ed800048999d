"""stray_language on lines in many languages and scripts: a measuring script to run by hand, not a test.

    .venv/bin/python bench/stray_languages.py [--lines DIR] [--per-language 3] [--per-copy 4] [--seed 1]

Takes the English, German and Russian versions of the dev set's real families (../shared/devset), inserts whole
lines in other languages into copies of them (a few lines per copy, at random places after the first line; each
copy keeps its family's other versions as siblings), audits the copies in one run and scores the stray_language
findings:

* recall: inserted lines reported as stray_language on their line; naming: of those, the language named right;
* precision: inserted lines found, against every stray_language finding on a host version that is neither an
  inserted line nor one of the dev set's own stray or notice lines (labels.json);
* what the missed lines came out as instead (addition, boilerplate ... or nothing).

Figures are printed for lingua's languages (every language lingua knows but the host's) and for all languages.

Lines: with ``--lines DIR``, lingua-rs's test data (``DIR/<iso>/testdata/sentences.txt``, one sentence a line, as in
its repository's language-models folder) or any ``DIR/<iso>.txt``. Without it, the message catalogues of the
machine (``/usr/share/locale*/<locale>/LC_MESSAGES/*.mo``: GNOME and GNU programs, translated by people): their
English sentences of 6-16 words and each translation that is not a near copy of the English.
"""
from __future__ import annotations

import argparse
import gettext
import json
import random
import re
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEVSET = ROOT.parent / "shared" / "devset"
sys.path.insert(0, str(ROOT))

from auditor.audit import run_audit  # noqa: E402
from auditor.langid import language_name, scripts_of  # noqa: E402

HOSTS = ("en", "de", "ru")
_PLAIN = re.compile(r"^[^%_<>&{}\\/@#|\n\t=\[\]]*$")


def lingua_languages() -> set[str]:
    from lingua import Language

    return {language.iso_code_639_1.name.lower() for language in Language.all()}


def catalogue_lines() -> dict[str, list[str]]:
    """{language: translated sentences} from the machine's gettext catalogues."""
    pool: dict[str, set[str]] = defaultdict(set)
    for path in sorted(Path("/usr/share").glob("locale*/*/LC_MESSAGES/*.mo")):
        locale = path.parts[-3]
        if "@" in locale:  # sr@latin, ca@valencia: a script or variant of a language listed anyway
            continue
        try:
            with path.open("rb") as handle:
                catalogue = gettext.GNUTranslations(handle)._catalog
        except (OSError, UnicodeDecodeError, ValueError, IndexError):  # a broken catalogue header
            continue
        for english, translated in catalogue.items():
            if not (isinstance(english, str) and isinstance(translated, str)) or not english:
                continue
            if not (_PLAIN.match(english) and _PLAIN.match(translated)):
                continue
            words = english.split()
            if 6 <= len(words) <= 16 and english.endswith(".") and english[0].isupper():
                shared = set(words) & set(translated.split())
                if len(shared) < 0.3 * len(words) and sum(ch.isalpha() for ch in translated) >= 20:
                    pool[locale.split("_")[0]].add(translated.strip())
                    pool["en"].add(english)  # the programs' own English
    return {code: sorted(lines) for code, lines in pool.items()}


def folder_lines(folder: Path) -> dict[str, list[str]]:
    """{language: lines} from lingua-rs's test data layout, or from <iso>.txt files."""
    pool = {}
    for path in sorted([*folder.glob("*/testdata/sentences.txt"), *folder.glob("*.txt")]):
        code = path.parts[-3] if path.name == "sentences.txt" else path.stem
        lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        pool[code] = lines
    return pool


def hosts() -> dict[str, list[tuple[Path, str]]]:
    """{language: [(family folder, version id)]} of the dev set's versions in the host languages."""
    labels = json.loads((DEVSET / "labels.json").read_text())["families"]
    found: dict[str, list[tuple[Path, str]]] = defaultdict(list)
    for family, info in sorted(labels.items()):
        for version, about in sorted(info["versions"].items()):
            if about["language"] in HOSTS:
                found[about["language"]].append((DEVSET / "families" / family, version))
    return found


def own_line_texts() -> set[str]:
    """The dev set's own stray and notice lines: not false alarms when found."""
    labels = json.loads((DEVSET / "labels.json").read_text())["families"]
    return {fault["text"].strip() for info in labels.values() for about in info["versions"].values()
            for fault in about["faults"] if fault["kind"] in ("stray_language", "mt_notice") and fault.get("text")}


def build(pool: dict[str, list[str]], languages: list[str], per_language: int, per_copy: int, seed: int,
          out: Path) -> list[dict]:
    """Write the copies under ``out``; return one record per inserted line."""
    rng = random.Random(seed)
    by_host = hosts()
    queue: dict[str, list[tuple[str, str]]] = {host: [] for host in HOSTS}
    for code in languages:
        for k, line in enumerate(rng.sample(pool[code], min(per_language, len(pool[code])))):
            usable = [h for h in HOSTS if h != code]
            queue[usable[k % len(usable)]].append((code, line))
    inserted = []
    for host, items in queue.items():
        rng.shuffle(items)
        for n, start in enumerate(range(0, len(items), per_copy)):
            family, version = by_host[host][n % len(by_host[host])]
            copy = out / f"{host}{n:03d}_{family.name}"
            copy.mkdir()
            for path in family.glob("*.txt"):
                if path.stem != version:
                    (copy / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
            lines = (family / f"{version}.txt").read_text(encoding="utf-8").splitlines()
            chunk = items[start:start + per_copy]
            places = sorted(rng.sample(range(1, len(lines) + 1), len(chunk)))
            for offset, (place, (code, text)) in enumerate(zip(places, chunk)):
                lines.insert(place + offset, text)
            (copy / f"{version}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
            for code, text in chunk:
                inserted.append({"family": copy.name, "version": version, "host": host, "language": code,
                                 "line": lines.index(text) + 1, "text": text})
    return inserted


def score(audit, inserted: list[dict], lingua: set[str]) -> None:
    findings = {(f.id, v.id): v.findings for f in audit.families for v in f.versions}
    own = own_line_texts()
    where = {(r["family"], r["version"], r["line"]) for r in inserted}
    host_versions = {(r["family"], r["version"]) for r in inserted}
    false = [(fam, vid, f) for fam, vid in sorted(host_versions) for f in findings[(fam, vid)]
             if f.kind == "stray_language" and (fam, vid, f.line) not in where and (f.text or "").strip() not in own]
    for title, records in (("lingua's languages", [r for r in inserted if r["language"] in lingua]), ("all languages", inserted)):
        found, named, instead = 0, 0, Counter()
        misses: dict[str, list[str]] = defaultdict(list)
        for r in records:
            at_line = [f for f in findings[(r["family"], r["version"])] if f.line is not None
                       and f.line <= r["line"] <= (f.end_line or f.line)]
            stray = [f for f in at_line if f.kind == "stray_language"]
            if stray:
                found += 1
                named += stray[0].language == r["language"]
                if stray[0].language != r["language"]:
                    misses[r["language"]].append(f"named {stray[0].language} in {r['host']}: {r['text'][:70]!r}")
            else:
                instead[at_line[0].kind if at_line else "nothing"] += 1
                misses[r["language"]].append(f"missed in {r['host']}" + (f" ({at_line[0].kind})" if at_line else "")
                                             + f": {r['text'][:70]!r}")
        languages = {r["language"] for r in records}
        precision = found / (found + len(false)) if found + len(false) else 0.0
        recall = found / len(records) if records else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        print(f"\n{title}: {len(languages)} languages, {len(records)} inserted lines")
        print(f"  recall {recall:.3f}  precision {precision:.3f}  F1 {f1:.3f}  named right {named / max(found, 1):.3f}"
              f" ({named}/{found})  false alarms {len(false)}")
        print(f"  missed lines came out as: {dict(instead) or 'nothing missed'}")
        for code in sorted(misses):
            for miss in misses[code]:
                print(f"    {code} {language_name(code)}: {miss}")
    for fam, vid, f in false:
        print(f"  false alarm {fam} {vid} line {f.line} ({f.language}): {f.text[:80]!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=Path, help="lingua-rs test data folder, or a folder of <iso>.txt files")
    parser.add_argument("--per-language", type=int, default=3)
    parser.add_argument("--per-copy", type=int, default=4)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    pool = folder_lines(args.lines) if args.lines else catalogue_lines()
    lingua = lingua_languages()
    # lingua's languages, and those outside it that the scripts table knows (Kannada, Khmer, Nepali ...)
    languages = sorted(code for code, lines in pool.items() if lines and (code in lingua or scripts_of(code) != {"Latin"}))
    print(f"lines from {args.lines or 'the machine message catalogues'}: {len(languages)} languages "
          f"({len([c for c in languages if c in lingua])} of lingua's {len(lingua)}); "
          f"missing from lingua's: {', '.join(sorted(lingua - set(languages))) or 'none'}")
    with tempfile.TemporaryDirectory() as tmp:
        inserted = build(pool, languages, args.per_language, args.per_copy, args.seed, Path(tmp))
        audit = run_audit([tmp])
    score(audit, inserted, lingua)


if __name__ == "__main__":
    main()
