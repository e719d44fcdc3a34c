"""The claim cache: extraction results in an embedded SQLite database, keyed by content.

An entry's key is a sha256 over everything that decides what extraction returns: the document's
bytes (their sha256), `claims.EXTRACTOR_VERSION`, a hash of the data files in claims/data (so a
lexicon edit invalidates), the --date override and the file suffix (which picks text/markdown/html).
A hash of the extractor's own source (claims/**/*.py, schemas/*.py) and the versions of the
libraries whose dictionaries shape extraction (jieba, OpenCC, ...) are part of the key as well, so
a code change that forgot to bump the version cannot serve stale claims.
The path is not part of the key: claims are stored as extracted under one path, and a hit under
another path re-stamps `doc` and `id` from the path-free fingerprint parts stored beside each claim.

Values are stored losslessly (Decimals as their exact strings), so a cached claim is the claim.

Safety:
- WAL journal and one short write transaction per batch: a killed run keeps every committed batch,
  readers never wait for writers, and concurrent writers wait (busy timeout) instead of failing.
- `application_id` + a `meta` table with the layout version + `PRAGMA quick_check` of the tables
  without checksums (meta, files, summaries, blocks, blocked) on open: a foreign or corrupt file is moved aside with a
  warning and rebuilt, never trusted. Each entry carries a checksum that is verified on every
  read; a bad entry is a miss. Damage to the entries' pages (not read on open: they are nearly all
  of the file) shows when a read or write reaches them, and moves the file aside and rebuilds it
  then, as on open.
- A `files` table remembers (size, mtime, inode) -> sha256 so unchanged files are not re-read;
  a record is trusted only when the file was last modified well before it was hashed (the racy-git
  rule), since a write within the same clock tick would not change the mtime.
"""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import sys
import time
import typing
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Sequence

import pydantic_core
from pydantic import TypeAdapter

import numcheck.claims as claims_pkg
from numcheck.claims.records import claim_fingerprint
from numcheck.schemas.models import Claim, Document, DocumentSummary

CACHE_DIR = ".numcheck"
CACHE_FILE = "cache.sqlite"
APPLICATION_ID = 0x4E434B31  # "NCK1" in the SQLite header: ours, not some other program's database
LAYOUT_VERSION = "4"  # bump when the tables below change (or the way claims are written in them)
BUSY_TIMEOUT_MS = 60_000
RACY_MARGIN_NS = 2_000_000_000  # trust a stat record only if the file was older than this when hashed

_CLAIMS = TypeAdapter(list[Claim])
_PARTS = TypeAdapter(list[tuple[str, str, str, int]])

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS entries (
    key TEXT PRIMARY KEY,       -- entry_key(): content + extractor + data + options
    sha256 TEXT NOT NULL,       -- of the document bytes
    extractor TEXT NOT NULL,    -- EXTRACTOR_VERSION + data hash, for pruning stale entries
    path TEXT NOT NULL,         -- the path the stored claims are stamped with
    n_claims INTEGER NOT NULL,
    document TEXT NOT NULL,     -- Document as lossless JSON
    checksum TEXT NOT NULL,     -- sha256 over document, claims and parts
    created REAL NOT NULL,
    parts TEXT NOT NULL,        -- JSON array of path-free fingerprint parts, one per claim
    claims TEXT NOT NULL        -- JSON array of Claims (lossless), one per line (claims_json); last,
                                -- so that scans of the columns before it never walk its overflow pages
);
CREATE TABLE IF NOT EXISTS summaries (  -- each entry's document as a report lists it: small rows,
    key TEXT PRIMARY KEY,                -- so that listing a corpus never reads the entries' pages
    n_claims INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    language TEXT NOT NULL,
    published TEXT,             -- ISO date
    title TEXT,
    source TEXT
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS blocks (  -- which blocks an entry's claims fall in, per matcher id
    matcher TEXT NOT NULL,
    block TEXT NOT NULL,
    entry TEXT NOT NULL,
    metrics TEXT NOT NULL,      -- JSON {metric: positions in the entry's claim list} of its claims in
                                -- this block, so that a lookup loads only the claims that can meet
    scripts INTEGER NOT NULL,   -- how those claims write the entity: 1 in Chinese, 2 in English, 3 both
    PRIMARY KEY (matcher, block, entry)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS blocked (  -- entries whose blocks are known for a matcher id
    matcher TEXT NOT NULL,
    entry TEXT NOT NULL,
    doc_entity TEXT,            -- the entity the document is about (claims naming none take it), if any
    PRIMARY KEY (matcher, entry)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY,      -- absolute path
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    inode INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    hashed_ns INTEGER NOT NULL  -- wall clock when the bytes were hashed
);
"""


class CacheWarning(UserWarning):
    """A cache file was unusable and has been rebuilt."""


def default_cache_path(paths: Sequence[str]) -> Path | None:
    """`.numcheck/cache.sqlite` in the first given directory (or in the folder of the first file)."""
    for p in paths:
        if p == "-":
            continue
        path = Path(p)
        return (path if path.is_dir() else path.parent) / CACHE_DIR / CACHE_FILE
    return None


def _tree_hash(root: Path, pattern: str, skip: tuple[str, ...] = ()) -> str:
    h = hashlib.sha256()
    if root.is_dir():
        for f in sorted(p for p in root.rglob(pattern)
                        if p.is_file() and "__pycache__" not in p.parts and p.relative_to(root).as_posix() not in skip):
            h.update(f.relative_to(root).as_posix().encode() + b"\0")
            h.update(hashlib.sha256(f.read_bytes()).digest())
    return h.hexdigest()


@lru_cache(maxsize=1)
def data_hash() -> str:
    """sha256 over the names and bytes of every file in claims/data: a lexicon edit changes it."""
    return _tree_hash(Path(claims_pkg.__file__).resolve().parent / "data", "*")


# claims modules that only list input files (no extraction module imports them): editing them
# changes no document's claims, so it must not throw the cache away.
_LISTING_ONLY = ("inputs.py",)


@lru_cache(maxsize=1)
def code_hash() -> str:
    """sha256 over the extractor's and the records' source: a code change that forgot to bump
    EXTRACTOR_VERSION must not serve stale claims (a few dozen small files, hashed once)."""
    import numcheck.schemas as schemas

    return hashlib.sha256((_tree_hash(Path(claims_pkg.__file__).resolve().parent, "*.py", _LISTING_ONLY)
                           + _tree_hash(Path(schemas.__file__).resolve().parent, "*.py")).encode()).hexdigest()


@lru_cache(maxsize=1)
def libraries() -> str:
    """Versions of the libraries whose dictionaries and tables shape extraction."""
    from importlib.metadata import PackageNotFoundError, version

    out = []
    for name in ("jieba", "rjieba", "opencc", "cn2an", "pint", "pydantic"):  # rjieba: its own copy of dict.txt
        try:
            out.append(f"{name}={version(name)}")
        except PackageNotFoundError:
            out.append(f"{name}=-")
    return hashlib.sha256(",".join(out).encode()).hexdigest()


def extractor_id() -> str:
    return f"{claims_pkg.EXTRACTOR_VERSION}+{data_hash()[:16]}+{code_hash()[:16]}+{libraries()[:8]}"


def entry_key(sha256: str, path: str, published: date | None) -> str:
    """Everything besides the path that decides extraction output."""
    return entry_keys(published)(sha256, path)


def entry_keys(published: date | None) -> Callable[[str, str], str]:
    """`entry_key` for many files: the extractor id is computed once, not per file, and the
    bytes after the content hash once per file suffix."""
    middle = "\x1f" + extractor_id() + "\x1f" + (published.isoformat() if published else "") + "\x1f"
    sha = hashlib.sha256
    tails: dict[str, bytes] = {}

    def key(sha256: str, path: str) -> str:
        suffix = path_suffix(path)
        tail = tails.get(suffix)
        if tail is None:
            tail = tails[suffix] = (middle + suffix).encode()
        return sha(sha256.encode() + tail).hexdigest()

    return key


def path_suffix(path: str) -> str:
    """`Path(path).suffix.lower()` ('' for stdin) without building a Path: a corpus listing asks
    once per file."""
    if path == "-":
        return ""
    name = path.rpartition("/")[2]
    if name in ("", ".", ".."):  # not a file's name: pathlib's own reading of the path
        return Path(path).suffix.lower()
    dot = name.rfind(".")
    return name[dot:].lower() if 0 < dot < len(name) - 1 else ""


def to_json(value) -> str:
    """Lossless JSON of a model or a list of models: Decimals keep their exact digits as strings."""
    if isinstance(value, list):
        return pydantic_core.to_json([v.model_dump() for v in value]).decode()
    return pydantic_core.to_json(value.model_dump()).decode()


_CLAIM_SEPARATOR = ",\n"  # compact JSON escapes every newline inside strings: a line is a claim


def claims_json(claims: list[Claim]) -> str:
    """The lossless JSON array of `claims` with one claim per line, so that some of them can be
    read without parsing the others (`claims_subset`)."""
    return "[" + _CLAIM_SEPARATOR.join(pydantic_core.to_json(c.model_dump()).decode() for c in claims) + "]"


def claims_subset(text: str, positions: list[int]) -> str:
    """The JSON array of the claims at `positions` (ascending) of a `claims_json` text.
    IndexError: the text holds fewer claims."""
    if text == "[]":
        if positions:
            raise IndexError("no claims stored")
        return text
    lines = text[1:-1].split(_CLAIM_SEPARATOR)
    return "[" + ",".join([lines[k] for k in positions]) + "]"


def copy_with(model, **changes):
    """`model.model_copy(update=changes)` (a shallow copy, no validation: `changes` must be values
    of their fields' types) made the way pydantic's model_construct makes a model, at a fifth of
    model_copy's cost: a re-check copies a record per corpus file."""
    if model.__pydantic_extra__ or model.__pydantic_private__:  # not our records: pydantic's own way
        return model.model_copy(update=changes)
    copy = object.__new__(type(model))
    values = model.__dict__.copy()
    values.update(changes)
    object.__setattr__(copy, "__dict__", values)
    object.__setattr__(copy, "__pydantic_fields_set__", model.__pydantic_fields_set__ | changes.keys())
    object.__setattr__(copy, "__pydantic_extra__", None)
    object.__setattr__(copy, "__pydantic_private__", None)
    return copy


def stamped(meta: Document, claims: list[Claim], parts: list[tuple], path: str) -> tuple[Document, list[Claim]]:
    """Copies of a document's record and claims as found at `path` (a copy of the document in the
    corpus): the claims' ids are fingerprints of their path and their parts."""
    return (copy_with(meta, path=path),
            [copy_with(c, doc=path, id=claim_fingerprint(path, *part)) for c, part in zip(claims, parts)])


@dataclass(slots=True)
class Extracted:
    """One document's extraction, serialised: what workers send and what the cache stores."""

    path: str
    sha256: str
    document: str  # lossless JSON of Document
    claims: str  # lossless JSON array of Claim
    parts: str  # JSON array of fingerprint parts
    n_claims: int

    @classmethod
    def build(cls, meta: Document, claims: list[Claim], parts: list[tuple]) -> "Extracted":
        return cls(path=meta.path, sha256=meta.sha256, document=to_json(meta), claims=claims_json(claims),
                   parts=json.dumps(parts, ensure_ascii=False), n_claims=len(claims))

    def checksum(self) -> str:
        h = hashlib.sha256()
        for text in (self.document, self.claims, self.parts):
            h.update(text.encode())
            h.update(b"\0")
        return h.hexdigest()

    def load(self, path: str | None = None, positions: list[int] | None = None) -> tuple[Document, list[Claim]]:
        """Validate into models; with `path`, stamp them as found at that path; with `positions`
        (ascending), only the claims at those positions of the stored list."""
        meta = Document.model_validate_json(self.document)
        claims = self.claims_at(positions)
        if path is None or path == self.path:
            return meta, claims
        meta.path = path
        for claim, part in zip(claims, self.stamps(positions, len(claims))):
            claim.doc = path
            claim.id = claim_fingerprint(path, *part)
        return meta, claims

    def claims_at(self, positions: list[int] | None) -> list[Claim]:
        """The stored claims at `positions` (ascending), or all, validated."""
        try:
            return _CLAIMS.validate_json(self.claims if positions is None else claims_subset(self.claims, positions))
        except IndexError:
            raise ValueError("fewer claims stored than the block index says") from None

    def all_parts(self) -> list[tuple]:
        """The fingerprint parts of every stored claim, checked against the claim count."""
        parts = _PARTS.validate_json(self.parts)
        if len(parts) != self.n_claims:
            raise ValueError("fingerprint parts do not match the claims")
        return parts

    def stamps(self, positions: list[int] | None, loaded: int) -> list[tuple]:
        """The fingerprint parts of the `loaded` claims (those at `positions`, or all), to stamp them
        with another path."""
        parts = self.all_parts()
        try:
            chosen = parts if positions is None else [parts[k] for k in positions]
        except IndexError:
            chosen = []
        if len(chosen) != loaded:
            raise ValueError("fingerprint parts do not match the claims")
        return chosen


@dataclass(slots=True)
class FileState:
    size: int
    mtime_ns: int
    inode: int

    @classmethod
    def of(cls, st: os.stat_result) -> "FileState":
        return cls(st.st_size, st.st_mtime_ns, st.st_ino)


def _warn(message: str) -> None:
    print(f"numcheck: warning: {message}", file=sys.stderr)


def recorded_sha256(row: tuple | None, size: int, mtime_ns: int, inode: int) -> str | None:
    """The sha256 of a file record (path, size, mtime_ns, inode, sha256, hashed_ns) when the file
    still has that size, mtime and inode, and was hashed well after it was last modified."""
    if row is None or row[1] != size or row[2] != mtime_ns or row[3] != inode:
        return None
    if row[5] - mtime_ns < RACY_MARGIN_NS:  # modified too close to hashing: could have changed unseen
        return None
    return row[4]


# Tables checked whole when the cache opens: their rows carry no checksum. The entries (nearly all
# of the file) are not: each carries its checksum, verified when it is read, and damage to their
# pages shows as an error when a read or write reaches it, which rebuilds the cache (_guarded).
# A full quick_check reads every page, a second or more on a 100k-document cache.
_CHECKED_TABLES = ("meta", "files", "summaries", "blocks", "blocked")


def _bad_text(exc: sqlite3.DatabaseError) -> bool:
    """Python's sqlite3 met text that is not UTF-8: only a damaged page holds such (we write str)."""
    return str(exc).startswith("Could not decode")


def _is_damage(exc: sqlite3.DatabaseError) -> bool:
    """The file's pages are damaged (not: busy, locked, read-only, full)."""
    if _bad_text(exc):
        return True
    name = getattr(exc, "sqlite_errorname", None)  # Python 3.11+
    if name is not None:
        return name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB"))
    return not isinstance(exc, sqlite3.OperationalError)


class ClaimMemo:
    """Decoded claims of cache entries, kept between lookups: a server checks draft after draft
    against one corpus, and drafts on the same subjects meet the same few thousand corpus claims,
    which would otherwise be read, checksummed and validated again for every draft. An entry's key
    names its content, so what is kept never goes stale. Bounded by the claims kept (some 5 KB
    each), least recently used entries dropped first. Not thread-safe: the server locks lookups."""

    def __init__(self, max_claims: int = 50_000, max_block_rows: int = 200_000):
        self.max_claims = max_claims
        self.held = 0
        # key -> (Document as stored, position -> Claim as stored, fingerprint parts of all claims)
        self._entries: OrderedDict[str, tuple[Document, dict[int, Claim], list]] = OrderedDict()
        # block -> its rows as ClaimCache.claims_in_blocks reads them (a draft's blocks are read
        # and decoded again for every draft otherwise), while the block table is as it was then
        self.max_block_rows = max_block_rows
        self.block_rows_held = 0
        self._blocks: OrderedDict[str, list] = OrderedDict()
        self._blocks_state: tuple | None = None

    def keep(self, key: str, entry: "Extracted", positions: list[int]) -> None:
        """Decode the claims at `positions` of a verified entry (those not kept yet)."""
        kept = self._entries.get(key)
        if kept is None:
            kept = self._entries[key] = (Document.model_validate_json(entry.document), {}, entry.all_parts())
        missing = [k for k in positions if k not in kept[1]]
        if missing:
            kept[1].update(zip(missing, entry.claims_at(missing)))
            self.held += len(missing)
        self._entries.move_to_end(key)
        while self.held > self.max_claims and len(self._entries) > 1:
            _, (_, dropped, _) = self._entries.popitem(last=False)
            self.held -= len(dropped)

    def copies(self, key: str, paths: list[str | None], positions: list[int] | None
               ) -> list[tuple[Document, list[Claim]]] | None:
        """As ClaimCache.get_copies, from what is kept; None unless every claim asked for is kept.
        At their stored path the kept models themselves (nothing changes a loaded claim or
        document; copying thousands of them per lookup was a twentieth of a check), at another
        path stamped copies."""
        kept = self._entries.get(key)
        if kept is None or positions is None:
            return None
        meta, claims, parts = kept
        if any(k not in claims for k in positions):
            return None
        self._entries.move_to_end(key)
        found = []
        for path in paths:
            if path is None or path == meta.path:
                found.append((meta, [claims[k] for k in positions]))
            else:
                found.append(stamped(meta, [claims[k] for k in positions], [parts[k] for k in positions], path))
        return found

    def block_rows(self, blocks: set[str], state: tuple, read: Callable[[set[str]], dict[str, list]]
                   ) -> dict[str, list]:
        """ClaimCache.claims_in_blocks of `blocks`: those kept, the others by `read`. `state` names
        the block table's state (matcher, rebuilds, writes): what was kept under another is dropped."""
        if state != self._blocks_state:
            self._blocks.clear()
            self.block_rows_held = 0
            self._blocks_state = state
        missing = {block for block in blocks if block not in self._blocks}
        if missing:
            found = read(missing)
            for block in missing:
                self._blocks[block] = found.get(block, [])
                self.block_rows_held += len(self._blocks[block])
        out = {}
        for block in blocks:
            self._blocks.move_to_end(block)
            if self._blocks[block]:
                out[block] = self._blocks[block]
        while self.block_rows_held > self.max_block_rows and len(self._blocks) > len(blocks):
            _, dropped = self._blocks.popitem(last=False)
            self.block_rows_held -= len(dropped)
        return out


class ClaimCache:
    """An open cache file. Not shared across processes: each process opens its own."""

    def __init__(self, path: str | os.PathLike, *, warn: Callable[[str], None] = _warn, check: bool = True):
        self.path = Path(path)
        self.warn = warn
        self.hits = 0
        self.misses = 0
        self.memo: ClaimMemo | None = None  # decoded claims kept between lookups (a server's)
        self.generation = 0  # rebuilds after damage met in use: what was read before may be gone
        self._block_writes = 0  # this connection's writes to the block index (ClaimMemo.block_rows)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.conn = self._open_checked(check)

    # -- opening, validation, rebuild ---------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                               check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        return conn

    def _open_checked(self, check: bool) -> sqlite3.Connection:
        try:
            conn = self._connect()
            problem = self._problem(conn, check)
        except sqlite3.DatabaseError as exc:  # "file is not a database" and friends
            conn, problem = None, f"unreadable ({exc})"
        if problem is None:
            return conn
        if conn is not None:
            conn.close()
        aside = self._move_aside()
        self.warn(f"{self.path}: cache {problem}; moved to {aside.name} and rebuilt")
        conn = self._connect()
        if self._problem(conn, check=False) is not None:  # a fresh file must initialise cleanly
            raise sqlite3.DatabaseError(f"{self.path}: cannot create a cache here")
        return conn

    def _problem(self, conn: sqlite3.Connection, check: bool) -> str | None:
        """None when the file is ours and sound (initialising an empty one), else what is wrong."""
        # One snapshot for both reads: a concurrent run initialising the file between them made a
        # fresh cache look foreign (no id yet, tables already there) and moved it aside under that run.
        conn.execute("BEGIN")
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        finally:
            conn.execute("COMMIT")
        if app_id == 0 and not tables:
            self._initialise(conn)
            return None
        if app_id != APPLICATION_ID or "meta" not in tables:
            return "file belongs to another program"
        meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        if meta.get("layout") != LAYOUT_VERSION:
            return f"layout {meta.get('layout')!r} is not {LAYOUT_VERSION!r}"
        if check:
            for table in _CHECKED_TABLES if sqlite3.sqlite_version_info >= (3, 33) else ("",):
                result = conn.execute(f"PRAGMA quick_check({table})" if table else "PRAGMA quick_check").fetchone()[0]
                if result != "ok":
                    return f"failed its integrity check ({result})"
        _use_wal(conn)
        return None

    def _rebuild(self, exc: sqlite3.DatabaseError) -> None:
        """Damage met in use (entry pages are not checked on open): the file is moved aside and a
        fresh cache takes its place, as on open. What this run extracts still goes into it."""
        try:
            self.conn.close()
        except sqlite3.Error:
            pass
        aside = self._move_aside()
        self.generation += 1
        self.warn(f"{self.path}: cache damaged ({exc}); moved to {aside.name} and rebuilt")
        self.conn = self._connect()
        if self._problem(self.conn, check=False) is not None:
            raise sqlite3.DatabaseError(f"{self.path}: cannot create a cache here")

    def _guarded(self, work: Callable[[], object], fallback: Callable[[], object]):
        """work(), or after damage (a rebuild) fallback(): what the fresh, empty cache answers."""
        try:
            return work()
        except sqlite3.DatabaseError as exc:
            if not _is_damage(exc):
                raise
            self._rebuild(exc)
            return fallback()

    def _initialise(self, conn: sqlite3.Connection) -> None:
        # the schema first (BEGIN IMMEDIATE waits for a concurrent run), WAL after: switching a
        # fresh file to WAL while another run reads it fails at once with "database is locked"
        conn.execute("BEGIN IMMEDIATE")
        try:
            # A concurrent run may have initialised it while we waited for the lock.
            if conn.execute("PRAGMA application_id").fetchone()[0] == 0:
                for statement in _SCHEMA.split(";\n"):  # not executescript: it would commit first
                    if statement.strip():
                        conn.execute(statement)
                conn.execute("INSERT OR REPLACE INTO meta VALUES ('layout', ?)", (LAYOUT_VERSION,))
                conn.execute("INSERT OR REPLACE INTO meta VALUES ('created', ?)", (time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),))
                conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        _use_wal(conn)

    def _move_aside(self) -> Path:
        stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
        aside = self.path.with_name(f"{self.path.name}.broken-{stamp}-{os.getpid()}")
        for suffix in ("-wal", "-shm"):
            side = Path(str(self.path) + suffix)
            if side.exists():
                try:
                    side.unlink()
                except OSError:
                    pass
        try:
            os.replace(self.path, aside)
        except FileNotFoundError:
            pass
        return aside

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def __enter__(self) -> "ClaimCache":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- reading -----------------------------------------------------------------------------------

    def read_file_records(self) -> dict[str, tuple]:
        """Every file record at once: for a walk over a whole corpus, one scan beats a query per file.
        abspath -> (abspath, size, mtime_ns, inode, sha256, hashed_ns), for `recorded_sha256`."""
        return {r[0]: r for r in self.conn.execute("SELECT path, size, mtime_ns, inode, sha256, hashed_ns FROM files")}

    def load_file_records(self) -> dict[str, tuple]:
        """`read_file_records`, kept for this cache's `known_sha256` look-ups (and updated by
        `put_batch`) for as long as the cache is open."""
        self._file_records = self.read_file_records()
        return self._file_records

    def known_sha256(self, abspath: str, state: FileState) -> str | None:
        """The sha256 recorded for this file if its size, mtime and inode are unchanged."""
        records = getattr(self, "_file_records", None)
        if records is not None:
            row = records.get(abspath)
        else:
            found = self._read("SELECT path, size, mtime_ns, inode, sha256, hashed_ns FROM files WHERE path=?",
                               (abspath,))
            row = found[0] if found else None
        return recorded_sha256(row, state.size, state.mtime_ns, state.inode)

    def get(self, key: str, path: str | None) -> tuple[Document, list[Claim]] | None:
        """The stored extraction for `key`, stamped with `path`; None on a miss or a bad entry."""
        found = self.get_copies(key, [path])
        return found[0] if found else None

    def get_many(self, wanted: dict[str, tuple[list[str | None], list[int] | None]]
                 ) -> dict[str, list[tuple[Document, list[Claim]]]]:
        """`get_copies` for many entries (key -> (paths, positions)), reading their rows a few
        hundred at a time; entries missing or bad are left out."""
        out: dict[str, list[tuple[Document, list[Claim]]]] = {}
        if self.memo is not None:
            for key, (paths, positions) in wanted.items():
                found = self.memo.copies(key, paths, positions)
                if found is not None:
                    out[key] = found
                    self.hits += len(paths)
        keys = [key for key in wanted if key not in out]
        for k in range(0, len(keys), 500):
            chunk = keys[k:k + 500]
            try:
                rows = self._entry_rows(chunk)
            except ValueError:  # a damaged text among them: one at a time, to tell which
                rows = None
            for key in chunk:
                paths, positions = wanted[key]
                found = (self.get_copies(key, paths, positions) if rows is None
                         else self._copies(key, paths, positions, rows.get(key)))
                if found is not None:
                    out[key] = found
        return out

    def get_copies(self, key: str, paths: list[str | None], positions: list[int] | None = None
                   ) -> list[tuple[Document, list[Claim]]] | None:
        """The stored extraction for `key` stamped with each of `paths` (copies of one document in
        a corpus): validated once, then copied and re-stamped for the other paths (the copies share
        their nested records, which nothing changes); None on a miss or a bad entry. With
        `positions` (ascending), only the claims at those positions of the stored list."""
        try:
            row, problem = self._entry_row(key), None
        except ValueError as exc:
            row, problem = None, exc
        return self._copies(key, paths, positions, row, problem)

    def _copies(self, key: str, paths: list[str | None], positions: list[int] | None, row: tuple | None,
                problem: ValueError | None = None) -> list[tuple[Document, list[Claim]]] | None:
        """get_copies of an entry's row as read (None: a miss, or damaged text: `problem`)."""
        if row is None:
            if problem is not None:
                self.warn(f"{self.path}: ignoring a damaged cache entry for {paths[0]} ({problem})")
            self.misses += len(paths)
            return None
        stored_path, sha, document, claims, parts, n_claims, checksum = row
        entry = Extracted(stored_path, sha, document, claims, parts, n_claims)
        try:
            if entry.checksum() != checksum:
                raise ValueError("checksum mismatch")
            if self.memo is not None and positions is not None:
                self.memo.keep(key, entry, positions)
                found = self.memo.copies(key, paths, positions)
                self.hits += len(paths)
                return found
            meta, first = entry.load(paths[0], positions)
            found = [(meta, first)]
            if len(paths) > 1:
                stamps = entry.stamps(positions, len(first))
                found.extend(stamped(meta, first, stamps, path) for path in paths[1:])
        except ValueError as exc:  # pydantic ValidationError is a ValueError
            self.warn(f"{self.path}: ignoring a damaged cache entry for {paths[0]} ({str(exc).splitlines()[0]})")
            self.misses += len(paths)
            return None
        self.hits += len(paths)
        return found

    def verify(self, key: str) -> int | None:
        """The claim count of a sound entry (checksum intact), else None: a hit for indexing,
        which needs no models."""
        try:
            row = self._entry_row(key)
        except ValueError:
            self.warn(f"{self.path}: replacing a damaged cache entry")
            row = None
        else:
            if row is not None:
                entry = Extracted(*row[:6])
                if entry.checksum() == row[6]:
                    self.hits += 1
                    return entry.n_claims
                self.warn(f"{self.path}: replacing a damaged cache entry for {entry.path}")
        self.misses += 1
        return None

    def _entry_row(self, key: str) -> tuple | None:
        """The stored row of `key`: (path, sha256, document, claims, parts, n_claims, checksum), or
        None (also after damage to the file, which rebuilds it). ValueError: its text is damaged."""
        return self._entry_rows([key]).get(key)

    def _entry_rows(self, keys: list[str]) -> dict[str, tuple]:
        """key -> its stored row (as _entry_row) for those of `keys` the cache holds; none after
        damage to the file (which rebuilds it). ValueError: a row's text is damaged."""
        marks = ",".join("?" * len(keys))
        try:
            rows = self._read(f"SELECT key, path, sha256, document, claims, parts, n_claims, checksum FROM entries "
                              f"WHERE key IN ({marks})", tuple(keys))
        except sqlite3.DatabaseError as exc:
            if _bad_text(exc):
                raise ValueError(str(exc)[:60]) from None
            if not _is_damage(exc):
                raise
            self._rebuild(exc)
            return {}
        return {row[0]: row[1:] for row in rows}

    def keys(self) -> set[str]:
        return self._guarded(lambda: {r[0] for r in self.conn.execute("SELECT key FROM entries")}, set)

    def unsound_summaries(self) -> set[str]:
        """Keys of the `summaries` rows that do not hold DocumentSummary's types, or a published
        date other than as `date.isoformat` writes it, found by SQLite in one pass: the rows carry
        no checksum, and a corpus has 100k of them (pydantic would take a tenth of a re-check)."""
        languages = ",".join(f"'{x}'" for x in sorted(_LANGUAGES))
        return self._guarded(lambda: {row[0] for row in self.conn.execute(
            "SELECT key FROM summaries WHERE typeof(n_claims) != 'integer' OR typeof(sha256) != 'text' "
            f"OR typeof(language) != 'text' OR language NOT IN ({languages}) "
            "OR (title IS NOT NULL AND typeof(title) != 'text') OR (source IS NOT NULL AND typeof(source) != 'text') "
            "OR (published IS NOT NULL AND (typeof(published) != 'text' OR published < '0001' "
            "OR date(published, '+0 days') IS NOT published))")}, set)  # '+0 days': normalises 02-30 to 03-01

    def summaries(self) -> dict[str, tuple]:
        """key -> (n_claims, sha256, language, published, title, source) of every entry's document,
        in one scan of small rows (`summary_of` makes the report's record of one); after damage
        (a rebuild) the keys it could not read are missing."""
        return self._guarded(lambda: {row[0]: row[1:] for row in self.conn.execute(
            "SELECT key, n_claims, sha256, language, published, title, source FROM summaries")}, dict)

    def claims_in_blocks(self, blocks: set[str], matcher: str) -> dict[str, list[tuple[str, dict[str, list[int]], int]]]:
        """block -> [(entry, {metric: positions of its claims in the block with that metric}, scripts)]
        for each of `blocks` (as computed under `matcher`); from the memo when there is one, while
        no connection wrote to the file since (data_version tells another's commits)."""
        if self.memo is None:
            return self._claims_in_blocks(blocks, matcher)
        state = (matcher, self.generation, self._block_writes,
                 self.conn.execute("PRAGMA data_version").fetchone()[0])
        return self.memo.block_rows(blocks, state, lambda missing: self._claims_in_blocks(missing, matcher))

    def _claims_in_blocks(self, blocks: set[str], matcher: str) -> dict[str, list[tuple[str, dict[str, list[int]], int]]]:
        out: dict[str, list[tuple[str, dict[str, list[int]], int]]] = {}
        wanted = sorted(blocks)
        for k in range(0, len(wanted), 500):
            chunk = wanted[k:k + 500]
            marks = ",".join("?" * len(chunk))
            for block, entry, metrics, scripts in self.conn.execute(
                    f"SELECT block, entry, metrics, scripts FROM blocks WHERE matcher=? AND block IN ({marks})",
                    (matcher, *chunk)):
                out.setdefault(block, []).append((entry, json.loads(metrics), scripts))
        return out

    def entries_with_blocks(self, matcher: str) -> dict[str, str | None]:
        """entry -> the entity its document is about (None: none), for every entry whose blocks
        are known under `matcher`."""
        return dict(self.conn.execute("SELECT entry, doc_entity FROM blocked WHERE matcher=?", (matcher,)))

    def put_blocks(self, rows: list[tuple[str, str | None, dict[str, tuple[dict[str, list[int]], int]]]],
                   matcher: str) -> None:
        """Record each (entry, the entity its document is about, {block: ({metric: claim positions},
        scripts)}) for `matcher`, in one transaction."""
        if not rows:
            return
        self._block_writes += 1
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.executemany("INSERT OR IGNORE INTO blocks VALUES (?,?,?,?,?)",
                             [(matcher, block, key, json.dumps(by_metric, ensure_ascii=False, sort_keys=True), scripts)
                              for key, _, blocks in rows for block, (by_metric, scripts) in sorted(blocks.items())])
            conn.executemany("INSERT OR IGNORE INTO blocked VALUES (?,?,?)",
                             [(matcher, key, entity) for key, entity, _ in rows])
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def drop_blocks_except(self, matcher: str) -> int:
        """Forget the block index of every other matcher id (an older numcheck, another
        configuration): each is a copy of the index that the open check reads; returns how many
        entries' indexes went."""
        def drop(conn: sqlite3.Connection) -> int:
            self._block_writes += 1
            n = conn.execute("DELETE FROM blocked WHERE matcher != ?", (matcher,)).rowcount
            conn.execute("DELETE FROM blocks WHERE matcher != ?", (matcher,))
            return n

        return self._guarded(lambda: self._transaction(drop), lambda: 0)

    def read_meta(self, key: str) -> str | None:
        rows = self._read("SELECT value FROM meta WHERE key=?", (key,))
        return rows[0][0] if rows else None

    def write_meta(self, key: str, value: str) -> None:
        """Store a small value beside the entries (e.g. unit bases); best effort: a cache that
        cannot be written (read-only, busy past the timeout) keeps its old value."""
        try:
            self.conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))  # autocommit: one statement
        except sqlite3.Error:
            pass

    def _read(self, sql: str, args: tuple) -> list[tuple]:
        return self.conn.execute(sql, args).fetchall()

    def stats(self) -> dict[str, int]:
        def count() -> tuple[int, int]:
            return self.conn.execute("SELECT count(*), coalesce(sum(n_claims), 0) FROM entries").fetchone()

        entries, claims = self._guarded(count, count)
        return {"entries": entries, "claims": claims}

    # -- writing -----------------------------------------------------------------------------------

    def put_batch(self, entries: Iterable[tuple[str, Extracted]],
                  files: Iterable[tuple[str, FileState, str, int]] = ()) -> None:
        """Store (key, Extracted) entries and (abspath, state, sha256, hashed_ns) file records in one
        transaction: after a crash either all of the batch is there or none of it."""
        now = time.time()
        entries = list(entries)
        entry_rows = [(key, e.sha256, extractor_id(), e.path, e.n_claims, e.document, e.checksum(), now, e.parts,
                       e.claims) for key, e in entries]
        summary_rows = [(key, e.n_claims, *_summary_fields(e.document)) for key, e in entries]
        file_rows = [(p, s.size, s.mtime_ns, s.inode, sha, hashed_ns) for p, s, sha, hashed_ns in files]
        records = getattr(self, "_file_records", None)
        if records is not None:
            records.update((row[0], row) for row in file_rows)
        if not entry_rows and not file_rows:
            return

        def write() -> None:
            self._transaction(lambda conn: (
                conn.executemany("INSERT OR REPLACE INTO entries VALUES (?,?,?,?,?,?,?,?,?,?)", entry_rows),
                conn.executemany("INSERT OR REPLACE INTO summaries VALUES (?,?,?,?,?,?,?)", summary_rows),
                conn.executemany("INSERT OR REPLACE INTO files VALUES (?,?,?,?,?,?)", file_rows)))

        self._guarded(write, write)  # after damage: into the fresh cache

    def _transaction(self, work: Callable[[sqlite3.Connection], object]):
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            result = work(conn)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        return result

    def prune(self) -> int:
        """Drop entries made by another extractor version or other data files; returns how many."""
        def drop(conn: sqlite3.Connection) -> int:
            self._block_writes += 1
            n = conn.execute("DELETE FROM entries WHERE extractor != ?", (extractor_id(),)).rowcount
            conn.execute("DELETE FROM summaries WHERE key NOT IN (SELECT key FROM entries)")
            conn.execute("DELETE FROM blocks WHERE entry NOT IN (SELECT key FROM entries)")
            conn.execute("DELETE FROM blocked WHERE entry NOT IN (SELECT key FROM entries)")
            return n

        return self._guarded(lambda: self._transaction(drop), lambda: 0)


_SUMMARY_FIELDS = ("sha256", "language", "published", "title", "source")
_LANGUAGES = frozenset(typing.get_args(DocumentSummary.model_fields["language"].annotation))


def _summary_fields(document: str) -> tuple:
    """What a report's document summary takes from a stored Document record (lossless JSON)."""
    record = json.loads(document)
    return tuple(record.get(name) for name in _SUMMARY_FIELDS)


_ALL_SUMMARY_FIELDS = set(DocumentSummary.model_fields)  # shared: adding a field it holds changes nothing
_set = object.__setattr__


def summary_of(row: tuple, path: str) -> DocumentSummary:
    """The report's record of the document at `path` from its sound `summaries` row (not among
    `unsound_summaries`), made as
    model_construct makes one (a re-check makes one per corpus file)."""
    n_claims, sha256, language, published, title, source = row
    summary = object.__new__(DocumentSummary)
    _set(summary, "__dict__", {"doc": path, "sha256": sha256, "claims": n_claims, "language": language,
                               "published": date.fromisoformat(published) if published is not None else None,
                               "title": title, "source": source, "role": None})
    _set(summary, "__pydantic_fields_set__", _ALL_SUMMARY_FIELDS)
    _set(summary, "__pydantic_extra__", None)
    _set(summary, "__pydantic_private__", None)
    return summary


def _use_wal(conn: sqlite3.Connection) -> None:
    """WAL mode, waiting (as busy_timeout does not) while another run still reads a file that is
    not in WAL mode yet."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            break
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)
    conn.execute("PRAGMA synchronous=NORMAL")


def open_cache(corpus: Sequence[str], path: str | os.PathLike | None = None, *, enabled: bool = True,
               warn: Callable[[str], None] = _warn) -> ClaimCache | None:
    """The cache a command should use: `path`, else the default beside `corpus`; None when disabled,
    when the inputs are only stdin, or when the file cannot be opened (a warning, never a failure)."""
    if not enabled:
        return None
    target = Path(path) if path is not None else default_cache_path(corpus)
    if target is None:
        return None
    try:
        return ClaimCache(target, warn=warn)
    except (OSError, sqlite3.Error) as exc:
        warn(f"{target}: cannot use the cache ({exc}); continuing without it")
        return None
