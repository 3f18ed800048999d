"""The README and docs/ stay true: their command examples run, their links resolve, the README stays short.

Which examples run, and what they must do:

- Every fenced block tagged `sh`, `bash`, `shell` or `console` in README.md and docs/*.md is read; in it, each line
  that starts with `auditor ` (after an optional `$ ` prompt) is run as `python -m auditor ...`, the block's lines in
  order, in a scratch folder of the block's own. Other lines (make, pip, bench scripts) are not run.
- The exit status must be the one the line's comment states as `exit N` (`# one family; exit 1: it has errors`);
  a line whose comment names none must exit 0. No example may print a traceback.
- A block that must not run (it installs something, needs a GPU or the network, or names a model export) has the
  HTML comment `<!-- no-test -->` on the last non-blank line before its opening fence. It renders as nothing.
- The scratch folder holds a copy of `fixtures/`, and `corpus/` and `translations/` (the names the docs use for the
  reader's own folders) each hold the seed family as their one family. Words with `*`, `?` or `[` are expanded
  against it as a shell would.
- The examples share a copy of the test run's embedding cache, so they run warm and cannot empty the real one
  (`auditor cache clear` is an example).
"""
import glob
import os
import re
import shlex
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURE, ROOT

README = ROOT / "README.md"
PAGES = [README, *sorted((ROOT / "docs").glob("*.md"))]
SHELL_TAGS = {"sh", "bash", "shell", "console"}
NO_TEST = "<!-- no-test -->"
README_LIMIT = 15_000  # bytes: what a newcomer reads in five minutes


def command_blocks(page: Path) -> list[tuple[int, list[str]]]:
    """(line number of the opening fence, the block's lines) for each shell block that is not marked no-test."""
    blocks, lines = [], page.read_text(encoding="utf-8").splitlines()
    number = 0
    while number < len(lines):
        fence = re.match(r"\s*(```+)\s*(\S*)", lines[number])
        if not fence:
            number += 1
            continue
        close = next((n for n in range(number + 1, len(lines)) if lines[n].strip() == fence.group(1)), len(lines))
        before = next((line.strip() for line in reversed(lines[:number]) if line.strip()), "")
        if fence.group(2) in SHELL_TAGS and before != NO_TEST:
            blocks.append((number + 1, lines[number + 1:close]))
        number = close + 1
    return blocks


def examples(block: list[str]) -> list[tuple[list[str], int]]:
    """The block's auditor commands, each as its arguments after `auditor` and the exit status its comment states."""
    found = []
    for line in block:
        line = line.strip().removeprefix("$ ")
        if not line.startswith("auditor "):
            continue
        command, _, comment = line.partition(" #")
        stated = re.search(r"\bexit (\d)\b", comment)
        found.append((shlex.split(command)[1:], int(stated.group(1)) if stated else 0))
    return found


BLOCKS = [
    pytest.param(page, block, id=f"{page.relative_to(ROOT)}:{number}")
    for page in PAGES for number, block in command_blocks(page) if examples(block)
]


@pytest.fixture(scope="module")
def example_cache(tmp_path_factory) -> Path:
    """A copy of the test run's embedding cache (sqlite's backup copies it consistently while others use it)."""
    folder = tmp_path_factory.mktemp("docs-cache")
    shared = Path(os.environ["AUDITOR_CACHE_DIR"]) / "embeddings.sqlite"
    if shared.exists():
        with sqlite3.connect(shared) as source, sqlite3.connect(folder / shared.name) as copy:
            source.backup(copy)
    return folder


def scratch_folder(root: Path) -> Path:
    shutil.copytree(ROOT / "fixtures", root / "fixtures")
    for name in ("corpus", "translations"):
        shutil.copytree(FIXTURE, root / name / FIXTURE.name)
    return root


def expanded(args: list[str], cwd: Path) -> list[str]:
    """Shell globbing: a word with a wildcard becomes the paths it matches (or stays as it is, as in sh)."""
    out = []
    for arg in args:
        matches = sorted(glob.glob(arg, root_dir=cwd)) if any(c in arg for c in "*?[") else []
        out.extend(matches or [arg])
    return out


def test_examples_are_found():
    """The collection itself works: the README's usage examples are among those run."""
    readme_blocks = [block for page, block in (p.values for p in BLOCKS) if page == README]
    assert readme_blocks and any(args[:1] == ["audit"] for block in readme_blocks for args, _ in examples(block))


def test_an_examples_exit_status_is_read_from_its_comment():
    """The stated status is read from the comment; a line without one is expected to succeed."""
    block = ["$ auditor audit x/   # one family; exit 1: it has errors", "auditor cache info   # where it is", "make audit"]
    assert examples(block) == [(["audit", "x/"], 1), (["cache", "info"], 0)]


@pytest.mark.parametrize("page, block", BLOCKS)
def test_command_examples_run_as_documented(page, block, tmp_path, example_cache):
    cwd = scratch_folder(tmp_path)
    env = {**os.environ, "AUDITOR_CACHE_DIR": str(example_cache),
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    for args, stated in examples(block):
        result = subprocess.run([sys.executable, "-m", "auditor", *expanded(args, cwd)],
                                capture_output=True, text=True, cwd=cwd, env=env)
        shown = f"auditor {shlex.join(args)} (in {page.name})"
        assert "Traceback" not in result.stderr, f"{shown}:\n{result.stderr}"
        assert result.returncode == stated, f"{shown} exited {result.returncode}, the docs say {stated}:\n{result.stderr}"


def slug(heading: str) -> str:
    """The anchor GitHub gives a heading."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def anchors(page: Path) -> set[str]:
    text = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.S)
    return {slug(m) for m in re.findall(r"^#{1,6} (.+)$", text, flags=re.M)}


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_links_resolve(page):
    """Every relative link names a file of the repository (or the shared folder beside it) and a heading it has."""
    text = re.sub(r"```.*?```|`[^`\n]*`", "", page.read_text(encoding="utf-8"), flags=re.S)
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if "://" in target or target.startswith("mailto:"):
            continue
        path, _, anchor = target.partition("#")
        linked = (page.parent / path).resolve() if path else page
        if linked.is_relative_to(ROOT):  # ../shared/... lies outside the repository: not checked
            assert linked.exists(), f"{page.name}: {target} does not exist"
            if anchor and linked.suffix == ".md":
                assert anchor in anchors(linked), f"{page.name}: {target}: no such heading"


def test_every_docs_page_is_linked_from_the_readme():
    readme = README.read_text(encoding="utf-8")
    for page in PAGES[1:]:
        assert f"](docs/{page.name}" in readme, f"docs/{page.name} is not linked from README.md"


def test_readme_is_short():
    size = len(README.read_bytes())
    assert size <= README_LIMIT, f"README.md is {size} bytes; keep it under {README_LIMIT}: move detail to docs/"
