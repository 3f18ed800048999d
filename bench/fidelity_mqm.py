"""fidelity against people: the auditor's fidelity and the plain mean of sibling chrF, measured in one run on an MQM
set laid out like ../shared/devset-mqm: a script to run by hand, not a test.

    .venv/bin/python bench/fidelity_mqm.py [--set DIR] [--report REPORT.json]

``DIR`` holds ``families/<family>/<version>.txt``, ``labels.json`` (per version: role, language, mqm) and the set's
``score.py``. The script audits the families (or reads ``--report``, a JSON report of them made earlier), computes
for every version the mean chrF (sacrebleu's defaults, the document as its lines joined by spaces) against every other
version of its family in its language (the other systems and the reference: no designated reference), and scores
both with the set's own score.py: mean Kendall tau-b per document against MQM, pooled tau, pair accuracy.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from auditor.audit import run_audit  # noqa: E402
from auditor.report.json import to_dict  # noqa: E402
from auditor.score import chrf  # noqa: E402


def scorer(folder: Path):
    spec = importlib.util.spec_from_file_location("mqm_score", folder / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def sibling_chrf(folder: Path, labels: dict) -> dict[str, dict[str, float]]:
    """{family: {version: mean chrF / 100 against the family's other versions in its language}}."""
    out = {}
    for family, info in labels["families"].items():
        texts = {v: " ".join(line.strip() for line in (folder / "families" / family / f"{v}.txt")
                             .read_text(encoding="utf-8").splitlines() if line.strip())
                 for v in info["versions"]}
        out[family] = {}
        for v, about in info["versions"].items():
            others = [w for w, other in info["versions"].items() if w != v and other["language"] == about["language"]]
            if others:
                out[family][v] = sum(chrf(texts[v], texts[w]) for w in others) / len(others) / 100
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, default=ROOT.parent / "shared" / "devset-mqm")
    parser.add_argument("--report", type=Path, help="a JSON report of the set's families, instead of auditing them")
    args = parser.parse_args()
    score = scorer(args.set)
    labels = score.load_labels(str(args.set / "labels.json"))
    if args.report:
        report = json.loads(args.report.read_text(encoding="utf-8"))
    else:
        report = to_dict(run_audit([args.set / "families"]))
    rows = {"auditor fidelity": score.report_fidelity(report), "mean sibling chrF": sibling_chrf(args.set, labels)}
    print(f"{'measure':20} {'mqm_tau':>8} {'pooled_tau':>10} {'pairacc':>8}")
    for name, fidelity in rows.items():
        _, summary = score.evaluate(labels, fidelity)
        print(f"{name:20} {summary['mqm_tau']:8.3f} {summary['pooled_tau']:10.3f} {summary['mqm_pairacc']:8.3f}")


if __name__ == "__main__":
    main()
