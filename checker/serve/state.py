"""What a running `numcheck serve` holds: the indexed corpus, the checks it answered, the baseline.

- `Corpus` indexes the corpus into the claim cache on start and again whenever a file is added,
  changed or removed (a polling thread: no extra dependency, works on every file system). Checks
  run in worker processes (serve.workers), or here one at a time (they share one cache connection
  and the extractor's memo tables); no check runs while the corpus is indexed.
- `Results` keeps the last checks so that their pages, claims, downloads and conflicts can be
  asked for afterwards (bounded: a long-running server must not grow).
- `BaselineStore` adds waivers under a thread lock and a file lock, read-modify-write each time,
  written atomically: two reviewers accepting at once both land, and the file is never half written.
"""
from __future__ import annotations

import fcntl
import gc
import os
import threading
import time
from collections import OrderedDict
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Callable, Iterator

from numcheck.checker.baseline import Baseline, Waiver, load_baseline, save_baseline, waiver_for
from numcheck.checker.cache import ClaimCache, ClaimMemo, default_cache_path
from numcheck.checker.config import Config
from numcheck.checker.serve.checking import Answer, Checked, Kept, answer
from numcheck.claims.inputs import DEFAULT_MAX_BYTES, SUFFIXES, iter_inputs
from numcheck.schemas.models import Claim, Conflict

# A check runs with the cyclic collector paused (checker/gcpause.py), which then moves what
# survived, its cyclic garbage included, to the oldest generation: a long-running server would
# rarely collect it and grow by megabytes per check. Collected after at least this many checks,
# and once the time since the last collection is COLLECT_SHARE times what that one took: a full
# collection walks every kept corpus claim (some 0.2 s), at 16 checks it was a tenth of the time.
COLLECT_EVERY = 16
COLLECT_SHARE = 50
# The watcher waits this many times as long as its last poll took (at least its interval): some 5%
# of one core at most goes to watching.
WATCH_SHARE = 20
# A corroboration lists at most this many corpus claims (the others are counted): an editor needs
# a few agreeing sources, not the 4,500 a common figure can meet in a large corpus, and listing
# them all was most of a check's records, explanation and answer.
DEFAULT_MAX_CORROBORATING = 10


class FairLock:
    """A lock granted in the order it was asked for: under load, threading.Lock lets some checks
    wait many turns while others pass; editors queue fairly, and the slowest answer is the
    queue's length, not luck."""

    def __init__(self) -> None:
        self._turns = threading.Condition()
        self._next = 0  # the ticket the next caller gets
        self._serving = 0  # the ticket whose turn it is

    def __enter__(self) -> None:
        with self._turns:
            ticket = self._next
            self._next += 1
            self._turns.wait_for(lambda: self._serving == ticket)

    def __exit__(self, *exc) -> None:
        with self._turns:
            self._serving += 1
            self._turns.notify_all()


class NotInCorpus(Exception):
    """A document path that is not a file of the corpus (or tries to leave it)."""

    def __init__(self, message: str, code: str, status: int):
        super().__init__(message)
        self.code = code
        self.status = status


class Corpus:
    """The corpus folders and files, kept indexed in the claim cache."""

    def __init__(self, paths: list[str], config: Config, *, cache_path: str | os.PathLike | None = None,
                 max_bytes: int = DEFAULT_MAX_BYTES, jobs: int | None = None,
                 max_corroborating: int | None = DEFAULT_MAX_CORROBORATING):
        """Checks run here until `start_workers`. `max_corroborating`: the corpus claims a
        corroboration lists at most (the others counted; None: all, as `numcheck check` does)."""
        self.paths = [os.fspath(p) for p in paths]
        self.roots = [Path(p).resolve() for p in self.paths]
        self.config = config
        self.max_bytes = max_bytes
        self.jobs = jobs
        self.max_corroborating = max_corroborating
        target = cache_path or default_cache_path(self.paths)
        if target is None:
            raise ValueError("no corpus to serve")
        self.cache = ClaimCache(target)
        self.cache.memo = ClaimMemo()  # the corpus claims drafts meet, decoded once
        self.lock = FairLock()  # taken by each check on its way in, and by indexing throughout
        self._running = threading.Condition()  # counts the checks in worker processes
        self._in_workers = 0
        self.workers = None  # serve.workers.Workers once started
        self.version = 0  # indexings so far: a worker whose listing is older lists the corpus again
        self.files: frozenset[str] = frozenset()  # the documents as the last listing gave them
        self.listed = None  # checker.lookup.CorpusListing as of the last indexing: what checks use
        self.signature: dict[str, tuple[int, int, int]] = {}
        self.indexed_at: float | None = None
        self.checks = 0
        self._collected = (0, 0.0, 0.0)  # (checks, monotonic time, seconds it took) at the last collection
        self.errors: list = []
        self._stop = threading.Event()
        self._watcher: threading.Thread | None = None

    # -- indexing and watching ---------------------------------------------------------------------

    def listing(self) -> dict[str, tuple[int, int, int]]:
        """path -> (size, mtime_ns, inode) of every corpus document now."""
        stats: dict[str, tuple[int, int, int]] = {}
        iter_inputs(self.paths, self.max_bytes, stats=stats)
        return stats

    def index(self, progress: Callable[[int, int], None] | None = None) -> None:
        """Extract what the cache lacks and compute its block index, as `numcheck index` does;
        once the checks running in workers have ended (new ones wait for the lock)."""
        with self.lock:
            with self._running:
                self._running.wait_for(lambda: self._in_workers == 0)
            self._index(progress)

    def _index(self, progress: Callable[[int, int], None] | None = None) -> None:
        from numcheck.checker.lookup import index_corpus, list_corpus

        signature = self.listing()
        result = index_corpus(self.paths, self.cache, self.config, jobs=self.jobs, progress=progress,
                              max_bytes=self.max_bytes)
        self.errors = result.errors
        self.listed = list_corpus(self.paths, self.cache, self.config)
        self.signature, self.files = signature, frozenset(signature)
        self.indexed_at = time.time()
        self.version += 1

    def start_workers(self, count: int) -> None:
        """Run checks in `count` worker processes from now on (after the first indexing)."""
        from numcheck.checker.serve.workers import Workers

        self.workers = Workers(count, self.paths, self.config, os.fspath(self.cache.path), self.max_bytes,
                               self.version, self.max_corroborating)

    def refresh(self) -> bool:
        """Index again when a corpus file was added, changed or removed; whether it did."""
        if self.listing() == self.signature:
            return False
        self.index()
        return True

    def watch(self, interval: float = 2.0, on_error: Callable[[BaseException], None] | None = None) -> None:
        """Poll the corpus in a daemon thread until `close`: every `interval` seconds, or every
        WATCH_SHARE-th of the time a poll takes when that is longer (walking 100k files takes
        seconds, and the checks need the interpreter more than the watcher does)."""
        def loop() -> None:
            wait = interval
            while not self._stop.wait(wait):
                started = time.monotonic()
                try:
                    self.refresh()
                except Exception as exc:  # a vanished folder or a full disk must not end the watching
                    if on_error is not None:
                        on_error(exc)
                wait = max(interval, (time.monotonic() - started) * WATCH_SHARE)

        self._watcher = threading.Thread(target=loop, name="numcheck-watch", daemon=True)
        self._watcher.start()

    def close(self) -> None:
        self._stop.set()
        if self._watcher is not None:
            self._watcher.join(timeout=10)
        if self.workers is not None:
            self.workers.close()
        with self.lock:
            self.cache.close()

    # -- checking ----------------------------------------------------------------------------------

    def draft_name(self, suffix: str) -> str:
        """The name a draft goes by in the report: never one of the corpus documents' names."""
        name, n = f"draft{suffix}", 1
        while name in self.files:
            name, n = f"draft-{n}{suffix}", n + 1
        return name

    def answer(self, check_id: str, name: str, data: bytes, published: date | None, fail_on: str,
               baseline: Path | None, body: bool) -> Answer:
        """checking.answer for one draft, in a worker process when they run (in arrival order, and
        not while the corpus is indexed), else here. `baseline`: the baseline file, read now."""
        if self.workers is None:
            return self.answer_here(check_id, name, data, published, fail_on, baseline, body, serialised=False)
        with self.lock:
            with self._running:
                self._in_workers += 1
            version = self.version
        try:
            return self.workers.answer(version, check_id, name, data, published, fail_on, baseline, body)
        finally:
            with self._running:
                self._in_workers -= 1
                self._running.notify_all()

    def answer_here(self, check_id: str, name: str, data: bytes, published: date | None, fail_on: str,
                    baseline: Path | None, body: bool, *, serialised: bool) -> Answer:
        result = self.check(name, data, published)
        current = BaselineStore(baseline).load() if baseline is not None else None
        return answer(result, check_id, name, data, published=published, fail_on=fail_on, baseline=current,
                      config=self.config, body=body, serialised=serialised)

    def check(self, name: str, data: bytes, published: date | None, config: Config | None = None):
        """checker.run's CheckResult of one draft against the corpus, in this process: the cached
        lookup of `check DRAFT --against CORPUS`. The draft is held in memory and never enters the
        cache."""
        from numcheck.checker.run import build_report

        with self.lock:
            if self.listed is not None and self.listed.generation != self.cache.generation:
                self._index()  # damage rebuilt the cache: index the corpus into the new one first
            result = build_report([], self.paths, config or self.config, published=published, cache=self.cache,
                                  jobs=1, max_bytes=self.max_bytes, texts=[(name, data)],
                                  corpus_listing=self.listed, max_corroborating=self.max_corroborating)
            self.checks += 1
            self._collect()
            return result

    def _collect(self) -> None:
        """The cyclic garbage of the last checks collected, at most a 1/COLLECT_SHARE of the time."""
        checks, at, took = self._collected
        now = time.monotonic()
        if self.checks - checks < COLLECT_EVERY or now - at < took * COLLECT_SHARE:
            return
        gc.collect()
        self._collected = (self.checks, time.monotonic(), time.monotonic() - now)

    # -- documents ---------------------------------------------------------------------------------

    def document(self, path: str) -> Path:
        """The file of corpus document `path` (as reports name it). Only listed documents are
        served: the walk already leaves out symlinks that lead out of the tree; the resolved
        file is checked to lie inside a corpus root as well, in case the tree changed since."""
        parts = path.replace("\\", "/").split("/")
        if "\x00" in path or ".." in parts:
            raise NotInCorpus("the path leaves the corpus", "outside_corpus", 400)
        if path not in self.files or not path.lower().endswith(SUFFIXES):
            raise NotInCorpus("no such document in the corpus", "not_found", 404)
        real = Path(path).resolve()
        if not any(real == root or root in real.parents for root in self.roots):
            raise NotInCorpus("the path leaves the corpus", "outside_corpus", 400)
        return real


class Results:
    """The last `size` checks by id (oldest dropped first), as checking.Kept, with a claim and
    conflict index.

    Also bounded by the claims they hold (`max_claims`, some 5 KB each): a draft that meets a
    thousand agreeing corpus figures holds them all, and a busy server must not grow with that.
    The newest check is always kept."""

    def __init__(self, size: int = 64, max_claims: int = 20_000):
        self.size = size
        self.max_claims = max_claims
        self._lock = threading.Lock()
        self._items: OrderedDict[str, Kept] = OrderedDict()
        self.claims_held = 0

    def add(self, kept: Kept) -> None:
        with self._lock:
            self._items[kept.id] = kept
            self.claims_held += kept.weight
            while len(self._items) > 1 and (len(self._items) > self.size or self.claims_held > self.max_claims):
                _, old = self._items.popitem(last=False)
                self.claims_held -= old.weight

    def __len__(self) -> int:
        return len(self._items)

    def get(self, key: str) -> Checked | None:
        with self._lock:
            kept = self._items.get(key)
        return None if kept is None else kept.checked()

    def _newest_first(self) -> list[Kept]:
        with self._lock:
            return list(reversed(self._items.values()))

    def find_claim(self, claim_id: str) -> tuple[Checked, Claim] | None:
        """(check, claim) of the newest check that holds the claim, else None."""
        for kept in self._newest_first():
            if claim_id in kept.claim_ids:
                checked = kept.checked()
                return checked, checked.claim(claim_id)
        return None

    def find_conflict(self, conflict_id: str) -> Conflict | None:
        for kept in self._newest_first():
            if conflict_id in kept.conflict_ids:
                return next(c for c in kept.checked().report.conflicts if c.id == conflict_id)
        return None


class BaselineStore:
    """The baseline file the server writes waivers to."""

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        self._lock = threading.Lock()

    def load(self) -> Baseline:
        """The baseline as on disk; none yet is an empty one (the first waiver creates the file)."""
        if not self.path.exists():
            return Baseline()
        return load_baseline(self.path)

    @contextmanager
    def _file_lock(self) -> Iterator[None]:
        # Other processes (a second server, `numcheck baseline update`) may write the file too.
        lock_path = self.path.with_name(f".{self.path.name}.lock")
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock_path, os.O_CREAT | os.O_RDWR, 0o644)  # a lock, never written to
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)

    def accept(self, conflict: Conflict, *, reason: str, reviewer: str) -> tuple[Waiver, bool]:
        """Add a waiver for `conflict`; (the waiver, whether it is new). Re-read under the locks so
        that a waiver another writer added meanwhile is kept."""
        waiver = waiver_for(conflict, reason=reason, reviewer=reviewer, today=date.today())
        with self._lock, self._file_lock():
            baseline = self.load()
            for existing in baseline.waivers:
                if existing.fingerprint == conflict.id:
                    return existing, False
            save_baseline(self.path, Baseline(waivers=[*baseline.waivers, waiver]))
        return waiver, True
