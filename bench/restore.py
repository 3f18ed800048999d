"""Undo the labelled faults of a set in the dev set's label format, to get clean families to inject into.

    .venv/bin/python bench/restore.py ../shared/devset --out /tmp/devset-clean

Reads SET/labels.json and SET/families/, and writes OUT/<family>/<version>.txt without the injected lines
(notices, furniture, stray lines, additions), with changed numbers and names put back and omitted paragraphs
restored, one paragraph a line (blank lines dropped, so that line i of a version is line i of its siblings).
A version whose paragraph was replaced by an untranslated one cannot be restored and is left out.
Works as well on the folder bench/inject.py writes.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path


def restore(lines: list[str], faults: list[dict], blank_separated: bool) -> list[str] | None:
    lines = list(lines)
    if any(f.get("variant") == "untranslated_paragraph" for f in faults):
        return None
    # from the bottom up, so that the line numbers of the faults still to undo stay right
    def where(fault: dict) -> int:
        return fault["line"] if fault.get("line") else (fault.get("after_line") or 0) + 0.5

    for fault in sorted(faults, key=where, reverse=True):
        kind = fault["kind"]
        if kind in ("number_mismatch", "entity_mismatch"):
            lines[fault["line"] - 1] = fault["original_text"]
        elif kind == "omission":
            at = fault.get("after_line")
            if at is None or fault.get("variant") == "sentence":
                return None
            restored = fault["text"].split("\n")
            if blank_separated:
                restored = [x for p in restored for x in ("", p)]
            lines[at:at] = restored
        else:
            start, end = fault["line"], fault.get("end_line") or fault["line"]
            del lines[start - 1:end]
            if blank_separated and start - 1 < len(lines) and not lines[start - 1].strip():
                del lines[start - 1]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("set", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    labels = json.loads((args.set / "labels.json").read_text(encoding="utf-8"))
    kept = left = 0
    for family_id, family in labels["families"].items():
        for version_id, label in family["versions"].items():
            path = args.set / "families" / family_id / f"{version_id}.txt"
            lines = path.read_text(encoding="utf-8").split("\n")
            if lines and lines[-1] == "":
                lines.pop()
            clean = restore(lines, label["faults"], label.get("blank_line_separated", False))
            if clean is None:
                left += 1
                continue
            target = args.out / family_id / path.name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text("\n".join(line for line in clean if line.strip()) + "\n", encoding="utf-8")
            kept += 1
    print(f"{kept} versions restored, {left} left out, in {args.out}")


if __name__ == "__main__":
    main()
