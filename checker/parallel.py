"""Extraction of many documents: cache lookups first, then the misses on N worker processes.

The output never depends on N: every result goes into the slot of its input, and documents,
claims and errors come out in input order. Workers are spawned (not forked: fork would copy
whatever threads and locks the parent holds), each loads jieba and OpenCC once in its
initializer, and returns serialised results that the parent streams into the cache one
transaction per batch, so an interrupted run keeps every finished batch.
"""
from __future__ import annotations

import hashlib
import multiprocessing
import os
import threading
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass
from datetime import date
from typing import Callable

from numcheck.checker.cache import ClaimCache, Extracted, FileState, entry_key
from numcheck.claims.errors import InputFileError
from numcheck.claims.records import Extraction
from numcheck.schemas.models import Claim, Document

PARALLEL_MIN_BYTES = 1_000_000  # below this the work ends before worker processes have started
MAX_BATCH = 64

Progress = Callable[[int, int], None]  # (documents done, claims found) since the last call
# (todo [(input position, path)], published, store(list of (position, Extracted | Failed)))
Runner = Callable[[list, "date | None", Callable[[list], None]], None]


def available_cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


@dataclass(slots=True)
class Failed:
    path: str
    code: str
    message: str

    def error(self) -> InputFileError:
        return InputFileError(self.path, self.code, self.message)


def extract_path(path: str, **kwargs):
    """numcheck.claims.pipeline.extract_path, imported on first use: a re-check's own process may never
    extract (checker/prefetch.py), and the extractor is most of the imports."""
    from numcheck.claims.pipeline import extract_path as extract

    return extract(path, **kwargs)


def extract_one(path: str, published: date | None, data: bytes | None = None) -> Extracted | Failed:
    parts: list[tuple] = []
    try:
        meta, claims = extract_path(path, data=data, published=published, fingerprints=parts)
    except InputFileError as exc:
        return Failed(exc.path, exc.code, exc.message)
    except (Exception, RecursionError) as exc:  # a bug on one document must not stop the others
        return Failed(path, "E110", f"internal error while extracting ({type(exc).__name__}: {exc}); "
                                    "please report it with this document")
    return Extracted.build(meta, claims, parts)


def _extract_batch(batch: list[tuple[int, str]], published: date | None) -> list[tuple[int, Extracted | Failed]]:
    return [(i, extract_one(path, published)) for i, path in batch]


def _exit_with_parent(parent: int) -> None:
    """A worker whose parent was killed (SIGKILL leaves no chance to stop the pool) would wait
    forever for work: it leaves as soon as it is re-parented."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def _init_worker(parent: int) -> None:
    """Load the segmenter's dictionary, OpenCC and the lexicons once per process, quietly."""
    # `parent` comes from the parent itself: a worker that starts after its parent died sees so at once.
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()
    extract_one("warmup.txt", None, "2024年营业收入1.5亿元，同比增长12%。Revenue rose 5% to $3 million.".encode())


@dataclass
class _Slot:
    meta: Document | None = None
    claims: list[Claim] | None = None
    error: InputFileError | None = None


def extract_files(files: list[str], *, published: date | None = None, stdin: bytes | None = None,
                  cache: ClaimCache | None = None, jobs: int | None = None, progress: Progress | None = None,
                  keep: bool = True, min_parallel_bytes: int = PARALLEL_MIN_BYTES,
                  runner: Runner | None = None) -> Extraction:
    """Extract `files` in order. With `keep=False` (indexing) results only go into the cache and the
    returned Extraction holds the errors alone, so memory does not grow with the corpus.
    `runner(todo, published, store)` replaces the local processes (the dask engine)."""
    jobs = available_cores() if not jobs or jobs < 1 else jobs
    slots: list[_Slot | None] = [None] * len(files)
    todo: list[tuple[int, str]] = []
    todo_bytes = 0
    file_records: list[tuple[str, FileState, str, int]] = []
    tick = progress or (lambda docs, claims: None)
    if hasattr(progress, "add_total"):
        progress.add_total(len(files))

    if cache is not None and len(files) > 256:
        cache.load_file_records()
    for i, path in enumerate(files):
        if path == "-":
            result = extract_one(path, published, stdin or b"")
            slots[i] = _settle(result, keep)
            tick(1, result.n_claims if isinstance(result, Extracted) else 0)
            continue
        size = _size(path)
        if cache is not None:
            hit = _lookup(cache, path, published, file_records, keep)
            if hit is not None:
                slots[i] = _Slot(*hit) if keep else _Slot()
                tick(1, len(hit[1]) if keep else hit)
                continue
        todo.append((i, path))
        todo_bytes += size
    if cache is not None and file_records:
        cache.put_batch([], file_records)

    def store(batch: list[tuple[int, Extracted | Failed]]) -> None:
        entries = []
        for i, result in batch:
            slots[i] = _settle(result, keep)
            if isinstance(result, Extracted):
                entries.append((entry_key(result.sha256, result.path, published), result))
        if cache is not None:
            cache.put_batch(entries)
        tick(len(batch), sum(r.n_claims for _, r in batch if isinstance(r, Extracted)))

    workers = min(jobs, len(todo))
    min_parallel_bytes = int(os.environ.get("NUMCHECK_PARALLEL_MIN_BYTES", min_parallel_bytes))  # tests force pools
    if runner is not None:
        runner(todo, published, store)
    elif workers > 1 and todo_bytes >= min_parallel_bytes:
        _run_pool(todo, published, workers, store)
    else:
        step = 16
        for k in range(0, len(todo), step):
            store([(i, extract_one(path, published)) for i, path in todo[k:k + step]])

    out = Extraction()
    for slot in slots:
        if slot is None:
            continue
        if slot.error is not None:
            out.errors.append(slot.error)
        elif slot.meta is not None:
            out.documents.append(slot.meta)
            out.claims.extend(slot.claims)
    return out


def _run_pool(todo: list[tuple[int, str]], published: date | None, workers: int,
              store: Callable[[list], None]) -> None:
    batch_size = max(1, min(MAX_BATCH, len(todo) // (workers * 8)))
    batches = [todo[k:k + batch_size] for k in range(0, len(todo), batch_size)]
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init_worker,
                             initargs=(os.getpid(),)) as pool:
        pending = set()
        queue = iter(batches)
        # A bounded window of batches in flight keeps memory flat on huge corpora.
        for batch in queue:
            pending.add(pool.submit(_extract_batch, batch, published))
            if len(pending) >= workers * 3:
                break
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                store(future.result())
                nxt = next(queue, None)
                if nxt is not None:
                    pending.add(pool.submit(_extract_batch, nxt, published))


def _settle(result: Extracted | Failed, keep: bool) -> _Slot:
    if isinstance(result, Failed):
        return _Slot(error=result.error())
    if not keep:
        return _Slot()
    meta, claims = result.load()
    return _Slot(meta, claims)


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def known_sha256(cache: ClaimCache, path: str, file_records: list, state: FileState | None = None,
                 abspath: str | None = None) -> str | None:
    """The file's content hash: from its stat record when that is current, else by reading it
    (the new stat record is appended to `file_records`). None when the file cannot be read.
    `state` and `abspath` may come from a directory walk that has them already."""
    if state is None:
        try:
            state = FileState.of(os.stat(path))
        except OSError:
            return None  # extraction reports the error
    abspath = abspath or os.path.abspath(path)
    sha = cache.known_sha256(abspath, state)
    return sha if sha is not None else hashed_sha256(path, state, abspath, file_records)


def hashed_sha256(path: str, state: FileState, abspath: str, file_records: list) -> str | None:
    """The file's content hash by reading it; its new stat record is appended to `file_records`.
    None when the file cannot be read."""
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError:
        return None
    hashed_ns = time.time_ns()
    sha = hashlib.sha256(data).hexdigest()
    file_records.append((abspath, state, sha, hashed_ns))
    return sha


def _lookup(cache: ClaimCache, path: str, published: date | None, file_records: list,
            keep: bool = True) -> tuple[Document, list[Claim]] | int | None:
    """A cache hit for `path`, hashing the file only when its stat record is missing or stale.
    Without `keep` (indexing) a sound entry is enough: its claim count instead of the claims."""
    sha = known_sha256(cache, path, file_records)
    if sha is None:
        return None
    key = entry_key(sha, path, published)
    return cache.get(key, path) if keep else cache.verify(key)
