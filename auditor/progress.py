"""A progress bar on stderr for long runs, and nothing at all otherwise.

It appears only when stderr is a terminal (never in CI logs or in a redirected file) and only once a run has
taken ``DELAY_S`` seconds, so short runs print nothing; it goes away when the run ends. stdout, where the report
goes, is never touched.
"""
from __future__ import annotations

import sys
import threading
from typing import TextIO

DELAY_S = 2.0


class ProgressBar:
    """``with ProgressBar() as progress: run_audit(..., progress=progress)``"""

    def __init__(self, stream: TextIO = sys.stderr, delay_s: float = DELAY_S) -> None:
        self._stream = stream
        self._timer = threading.Timer(delay_s, self._show)
        self._timer.daemon = True
        self._lock = threading.Lock()
        self._bar = None
        self._task = None
        self._done, self._total = 0, 0
        self._closed = False

    def __enter__(self) -> ProgressBar:
        if self._stream.isatty():
            self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()
        with self._lock:
            self._closed = True
            if self._bar is not None:
                self._bar.stop()

    def __call__(self, done: int, total: int) -> None:
        with self._lock:
            self._done, self._total = done, total
            if self._bar is not None:
                self._bar.update(self._task, completed=done, total=total)

    def _show(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        with self._lock:
            if self._closed:
                return
            self._bar = Progress(
                SpinnerColumn(), TextColumn("auditing families"), BarColumn(), MofNCompleteColumn(),
                TimeElapsedColumn(), console=Console(file=self._stream), transient=True,
            )
            self._task = self._bar.add_task("audit", total=self._total or None, completed=self._done)
            self._bar.start()
