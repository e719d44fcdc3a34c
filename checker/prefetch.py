"""New documents extracted by a worker process while this process does the rest of a re-check.

`check NEW --against CORPUS` with a cache spends most of its time listing the corpus (a walk, a
stat and a summary per file) and little on the new documents, which are usually new to the cache.
So the CLI starts their extraction in one spawned process before it even imports the checker; the
re-check then stores what the worker made for the documents the cache lacks (checker.run) and
reads them back from the cache, so the report is the one a plain run gives. When the cache holds
them after all, the worker's results are dropped.

This module imports nothing of numcheck at the top: starting the worker costs milliseconds.
"""
from __future__ import annotations

import multiprocessing
import os
from datetime import date


def applies(paths: list[str], jobs: int | None, dask: bool) -> bool:
    """Whether new documents may go to a worker: not when one process is asked for, not on the
    dask engine (its own workers extract), not for stdin (read once, by this process)."""
    return jobs != 1 and not dask and "-" not in paths


class Prefetch:
    """The extraction of `paths` (files or folders, as given), running in one worker process."""

    def __init__(self, paths: list[str], published: date | None, max_bytes: int | None) -> None:
        self._pool = multiprocessing.get_context("spawn").Pool(processes=1)
        self._pending = self._pool.apply_async(_extract, (list(paths), published, max_bytes, os.getpid()))

    def results(self) -> dict:
        """path -> Extracted or Failed (checker.parallel) of every listed file; waits for them."""
        try:
            return self._pending.get()
        finally:
            self.close()

    def close(self) -> None:
        """Stop the worker, done or not (when the cache held the documents after all)."""
        self._pool.terminate()


def _extract(paths: list[str], published: date | None, max_bytes: int | None, parent: int) -> dict:
    """In the worker: the given files as checker.parallel extracts them."""
    from numcheck.checker.parallel import _init_worker, extract_one
    from numcheck.claims.inputs import iter_inputs

    _init_worker(parent)
    files, _ = iter_inputs(paths, max_bytes)  # errors are found again (and reported) by the caller
    return {path: extract_one(path, published) for path in files}
