"""--changed-since REF: the files that git shows changed since REF, so that a pull request is audited by what it
changes. A file counts when it was added, modified, renamed (its new name) or deleted (a translation deleted is a
page missing now) between the merge base of REF and HEAD and the working tree, or is new and not yet tracked."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from .errors import AuditorError


def changed_files(ref: str, paths: list[str | Path]) -> set[Path]:
    """Resolved paths of the files changed since ``ref`` in the repositories that hold ``paths``."""
    if shutil.which("git") is None:
        raise AuditorError("--changed-since needs git, and git is not installed")
    changed: set[Path] = set()
    for top in sorted({_top(Path(p)) for p in paths}):
        if _git(top, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", check=False) is None:
            raise AuditorError(f"--changed-since {ref}: no such commit in {top}")
        names = _git(top, "diff", "--name-only", "-z", "--diff-filter=AMRD", "--merge-base", ref)
        names += _git(top, "ls-files", "--others", "--exclude-standard", "-z")
        changed |= {(top / name).resolve() for name in names.split("\0") if name}
    return changed


def _top(path: Path) -> Path:
    folder = path if path.is_dir() else path.parent
    top = _git(folder, "rev-parse", "--show-toplevel", check=False)
    if top is None:
        raise AuditorError(f"--changed-since: {path} is not in a git repository")
    return Path(top.strip()).resolve()


def _git(folder: Path, *args: str, check: bool = True) -> str | None:
    done = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True, encoding="utf-8",
                          errors="surrogateescape")
    if done.returncode == 0:
        return done.stdout
    if check:
        raise AuditorError(f"--changed-since: git {args[0]} failed in {folder}: {done.stderr.strip().splitlines()[-1] if done.stderr.strip() else done.returncode}")
    return None
