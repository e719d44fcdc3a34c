"""Checks in worker processes, so that a server uses more than one core (a check is pure Python
and holds the interpreter throughout).

Each worker is a state.Corpus of its own, without a watcher: its own cache connection, decoded
claims (ClaimMemo) and corpus listing, made once when it starts. The server indexes the corpus
(state.Corpus) and numbers each indexing; a check carries that number, and a worker whose listing
is older lists the corpus again first. The server lets no check start while it indexes, so a
worker never lists a corpus being indexed.
"""
from __future__ import annotations

import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from numcheck.checker.config import Config
from numcheck.checker.serve.checking import Answer

_corpus = None  # this worker's state.Corpus
_version = -1  # the server's indexing its listing is from
WARM_UP = "2024年武汉市常住人口1377万人。".encode()


def default_workers() -> int:
    """One worker per available core."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _start(paths: list[str], config: Config, cache_path: str, max_bytes: int, max_corroborating: int | None,
           version: int, started) -> None:
    global _corpus
    from numcheck.checker.serve.state import Corpus

    _corpus = Corpus(paths, config, cache_path=cache_path, max_bytes=max_bytes, jobs=1,
                     max_corroborating=max_corroborating)
    _listed(version)
    _corpus.check("warm-up.txt", WARM_UP, None)  # the extractor's tables and the unit registry, loaded now
    started.wait(timeout=600)  # every worker is up before the server answers


def _listed(version: int) -> None:
    global _version
    from numcheck.checker.lookup import list_corpus

    if version != _version:  # the server indexed the corpus since this worker listed it
        with _corpus.lock:
            _corpus.listed = list_corpus(_corpus.paths, _corpus.cache, _corpus.config)
        _version = version


def _ready() -> None:
    pass


def _answer(version: int, *args) -> Answer:
    _listed(version)
    return _corpus.answer_here(*args, serialised=True)


class Workers:
    """`count` worker processes checking drafts against the corpus in the cache at `cache_path`,
    in arrival order. Started, and the corpus as of indexing `version` listed, before the
    constructor returns."""

    def __init__(self, count: int, paths: list[str], config: Config, cache_path: str, max_bytes: int,
                 version: int, max_corroborating: int | None = None):
        self.count = count
        self._args = (paths, config, cache_path, max_bytes, max_corroborating)
        self._lock = threading.Lock()
        self._pool = self._started(version)

    def _started(self, version: int) -> ProcessPoolExecutor:
        # spawn: the server's threads (the watcher, the HTTP loop) must not be forked mid-work
        context = multiprocessing.get_context("spawn")
        pool = ProcessPoolExecutor(self.count, mp_context=context, initializer=_start,
                                   initargs=(*self._args, version, context.Barrier(self.count)))
        # a task per worker spawns them all now (none is idle yet), not when the first drafts arrive
        for started in [pool.submit(_ready) for _ in range(self.count)]:
            started.result()
        return pool

    def answer(self, version: int, *args) -> Answer:
        """state.Corpus.answer_here in a worker, its listing as of indexing `version`."""
        pool = self._pool
        try:
            return pool.submit(_answer, version, *args).result()
        except BrokenProcessPool:  # a worker died (killed, out of memory): new ones for what follows
            with self._lock:
                if self._pool is pool:
                    pool.shutdown(wait=False, cancel_futures=True)
                    self._pool = self._started(version)
            raise

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
