"""A progress bar on stderr for long runs: documents done, documents/s, claims found.

Shown only when stderr is a terminal, --quiet is off, and the work has already lasted longer
than a moment (so quick runs and pipes stay silent, and stdout is never touched).
"""
from __future__ import annotations

import os
import sys
import time
from typing import TextIO

SHOW_AFTER_S = 0.7


def wanted(quiet: bool, stream: TextIO | None = None) -> bool:
    stream = stream or sys.stderr
    if quiet or os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class ProgressBar:
    """Callable as `bar(documents, claims)` with the increments since the last call."""

    def __init__(self, total: int, label: str, *, quiet: bool = False, stream: TextIO | None = None,
                 show_after: float = SHOW_AFTER_S, force: bool = False):
        self.total = total
        self.label = label
        self.stream = stream or sys.stderr
        self.enabled = force or wanted(quiet, self.stream)
        self.force = force
        self.show_after = show_after
        self.documents = 0
        self.claims = 0
        self.started = time.monotonic()
        self._progress = None
        self._task = None

    def add_total(self, documents: int) -> None:
        self.total += documents
        if self._progress is not None:
            self._progress.update(self._task, total=self.total)

    def __call__(self, documents: int, claims: int) -> None:
        self.documents += documents
        self.claims += claims
        if not self.enabled:
            return
        if self._progress is None:
            if time.monotonic() - self.started < self.show_after:
                return
            self._start()
        self._update()

    def _start(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        console = Console(file=self.stream, stderr=self.stream is sys.stderr, force_terminal=self.force or None)
        self._progress = Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
            TextColumn("{task.fields[rate]} docs/s"), TextColumn("{task.fields[claims]} claims"),
            TimeElapsedColumn(), console=console, transient=True,
        )
        self._task = self._progress.add_task(self.label, total=self.total or None, rate="-", claims=0)
        self._progress.start()

    def _update(self) -> None:
        elapsed = max(time.monotonic() - self.started, 1e-9)
        self._progress.update(self._task, completed=self.documents, claims=f"{self.claims:,}",
                              rate=f"{self.documents / elapsed:,.0f}")

    def close(self) -> None:
        if self._progress is not None:
            self._update()
            self._progress.stop()
            self._progress = None

    def __enter__(self) -> "ProgressBar":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
