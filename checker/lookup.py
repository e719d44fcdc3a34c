"""`check NEW --against CORPUS` with a cache: the new documents plus a lookup, not the whole corpus.

Only conflicts that involve a new document are reported, and a finding's claims all share a block
and a metric group (checker/match.py), so of the corpus only the claims that share a block and a
metric group with a new claim are loaded. The cache keeps, per entry, its claims' positions by
block and metric under a *matcher id* (checker/blockindex.py: a hash of the matching code, its data,
the configuration and the merged lexicon): a change to any of them is a miss and the index is
recomputed from the stored claims. Every other corpus document is read as its Document record and
claim count alone, so the report lists it exactly as a full extraction would.

Two things a finding says depend on more than its metric group, and are kept exact:
- a claim naming no entity takes its document's: the index stores that entity per entry;
- where a block holds an entity written in English and one written in Chinese, whether and how
  they are joined depends on every name in the block (match.entity_groups): such blocks are
  loaded whole.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Container
from typing import NamedTuple

from numcheck.checker.blockindex import CHINESE, ENGLISH, block_index, matcher_id, wanted_blocks
from numcheck.checker.cache import ClaimCache, FileState, entry_keys, recorded_sha256, summary_of
from numcheck.checker.config import Config
from numcheck.checker.parallel import hashed_sha256, known_sha256
from numcheck.checker.run import document_summary, run_extraction
from numcheck.claims.inputs import iter_inputs
from numcheck.claims.records import Extraction
from numcheck.schemas.models import Claim, Document, DocumentSummary


class CorpusView(Extraction):
    """An Extraction whose `documents` and `claims` hold only the documents and claims that can meet
    the new claims; `summaries` lists the corpus documents any of whose claims were loaded (only
    those can appear in a finding), in corpus order, and `unlisted` counts the others' documents
    and claims: the lean report lists no document a finding does not name."""

    def __init__(self) -> None:
        super().__init__()
        self.summaries: list[DocumentSummary] = []
        self.unlisted: tuple[int, int] = (0, 0)  # (documents, claims)
        # the entity of each document present in part (its claims that meet): match.prepare
        self.document_entities: dict[str, str | None] = {}


def _meeting_claims(cache: ClaimCache, wanted: dict[str, tuple[set[str], int]], matcher: str) -> dict[str, list[int]]:
    """entry -> positions of its claims that share a block and a metric group with a new claim."""
    from numcheck.checker.match import meeting_metrics

    found: dict[str, set[int]] = {}
    for block, rows in cache.claims_in_blocks(set(wanted), matcher).items():
        metrics, scripts = wanted[block]
        for _, _, entry_scripts in rows:
            scripts |= entry_scripts
        if scripts == CHINESE | ENGLISH:  # names in both scripts: entity_groups reads the whole block
            for entry, by_metric, _ in rows:
                found.setdefault(entry, set()).update(*by_metric.values())
            continue
        meets = meeting_metrics(metrics, {m for _, by_metric, _ in rows for m in by_metric})
        for entry, by_metric, _ in rows:
            for metric, positions in by_metric.items():
                if metric in meets:
                    found.setdefault(entry, set()).update(positions)
    return {entry: sorted(positions) for entry, positions in found.items()}


class CorpusIndex(NamedTuple):
    """What corpus_view reads of a corpus list, by entry rather than by file: a lookup then does
    work in proportion to what meets the new claims, not to the corpus."""

    corpus: list[tuple[str, str | None]]  # (path, entry key; None: the cache lacks its content)
    order: dict[str, int]  # path -> its place in `corpus`
    paths: dict[str, list[str]]  # entry -> its paths, in corpus order
    missing: list[str]  # the paths whose content the cache lacks
    documents: int  # paths with an entry
    claims: int  # their claims, from the summary rows


def claim_count(row) -> int:
    """A summary row's claim count; 0 for a damaged row (its document is extracted again, and listed)."""
    return row[0] if type(row[0]) is int else 0


def corpus_index(corpus: list[tuple[str, str | None]], stored: dict) -> CorpusIndex:
    paths: dict[str, list[str]] = {}
    missing: list[str] = []
    claims = 0
    for path, key in corpus:
        if key is None:
            missing.append(path)
        else:
            paths.setdefault(key, []).append(path)
            claims += claim_count(stored[key])
    order = {path: k for k, (path, _) in enumerate(corpus)}
    return CorpusIndex(corpus, order, paths, missing, len(corpus) - len(missing), claims)


class CorpusListing(NamedTuple):
    """The corpus as the cache holds it: all corpus_view needs before the new claims are known.
    One listing serves many lookups while the corpus stays unchanged: `numcheck serve` keeps one
    between the watcher's runs instead of walking and hashing the corpus for every draft."""

    files: list[str]  # every corpus file, in walk order
    errors: list  # the walk's
    index: CorpusIndex  # the listed files (all but those left out) by entry
    stored: dict  # entry -> its summary row
    entities: dict[str, str | None]  # entry -> its document's entity, for entries with blocks
    unblocked: frozenset[str]  # entries without blocks (damaged): read whole
    listable: frozenset[str]  # entries whose summary row holds the model's types
    generation: int  # the cache's rebuild count when listed: a rebuild since voids the block state


def list_corpus(against: list[str], cache: ClaimCache, config: Config,
                exclude: Container[str] = frozenset()) -> CorpusListing:
    """List the corpus (leaving out `exclude`, the new documents' files) and block the entries
    that lack blocks for this matcher (after `index`, or a new numcheck), a batch at a time."""
    stats: dict[str, tuple[int, int, int]] = {}
    files, errors = iter_inputs(against, stats=stats)
    generation = cache.generation
    stored = cache.summaries()  # every entry's summary row, by key
    corpus, file_records = _listing(cache, [p for p in files if p not in exclude], stats, stored)
    if file_records:
        cache.put_batch([], file_records)
    index = corpus_index(corpus, stored)
    return CorpusListing(files, errors, index, stored, *_block_state(cache, config, set(index.paths)), generation)


def _block_state(cache: ClaimCache, config: Config, known: set[str]) -> tuple[dict, frozenset, frozenset]:
    """(entry -> entity of the entries with blocks, entries without, entries listable from their
    summary row) for the `known` entries, blocking those that lack blocks first."""
    matcher = matcher_id(config)
    entities = cache.entries_with_blocks(matcher)
    if index_blocks(cache, config, keys=known, matcher=matcher, indexed=entities):
        entities = cache.entries_with_blocks(matcher)
    return entities, frozenset(known - entities.keys()), frozenset(known - cache.unsound_summaries())


def corpus_view(against: list[str], cache: ClaimCache, config: Config, given: set[str],
                wait_for_new: Callable[[], Extraction], *, extract_missing,
                listing: CorpusListing | None = None) -> CorpusView:
    """The corpus documents other than the new ones: a summary for all, claims where they can meet
    the new ones. The corpus is listed first, leaving out `given` (the new documents' files as
    listed); then `wait_for_new()` gives their extraction (made meanwhile, checker.run).
    `extract_missing(paths)` extracts (and caches) the corpus files the cache does not hold.
    `listing`: the corpus as listed before (list_corpus), still current; `given` is left out of it."""
    view = CorpusView()
    if listing is None:
        listing = list_corpus(against, cache, config, exclude=given)
    index, files, stored, entities = listing.index, listing.files, listing.stored, listing.entities
    if any(path in index.order for path in given):
        index = corpus_index([(path, key) for path, key in index.corpus if path not in given], stored)
    view.errors.extend(listing.errors)
    matcher = matcher_id(config)
    new = wait_for_new()
    # a given file that gave no document (an error) is a corpus file like any other, as it is
    # without a cache: listed in its place, to be extracted (and fail) again
    failed = given - {d.path for d in new.documents}
    if failed and failed & set(files):
        listed = dict(index.corpus)
        index = corpus_index([(path, listed.get(path)) for path in files if path in listed or path in failed], stored)
    wanted = wanted_blocks(new.claims, {d.path: d for d in new.documents}, config)

    fresh: dict[str, tuple[Document, list[Claim]]] = {}
    _extract_into(fresh, view, extract_missing, index.missing)

    known = index.paths.keys()
    if cache.generation != listing.generation:  # damage rebuilt the cache since: what it holds now
        entities, unblocked, listable = _block_state(cache, config, set(known))
    else:
        unblocked, listable = listing.unblocked, listing.listable  # damaged entries: read whole below
    meeting = {key: positions for key, positions in _meeting_claims(cache, wanted, matcher).items()
               if key in known and key not in unblocked}
    # Every document is listed from its stored summary row: no Document model per file. A row that
    # does not hold the model's types is extracted again below.
    # What meets is loaded once per entry: copies of a document are copied, not validated again.
    copies = {key: index.paths[key] for key in (*(k for k in meeting if k in listable), *unblocked)
              if key in known}
    loaded_at: dict[str, tuple[Document, list[Claim]]] = {}
    for key, found in cache.get_many({key: (paths, meeting.get(key)) for key, paths in copies.items()}).items():
        loaded_at.update(zip(copies[key], found))
    # Damaged entries (or all, when damage made the cache rebuild itself meanwhile): extracted again.
    # (`listable` is drawn from the listing's entries: of the whole listing, none is left out when
    # it is as long as the entries.)
    unlistable = () if index is listing.index and len(listable) == len(known) else \
        [key for key in known if key not in listable]
    again = [path for key in (*copies, *unlistable) for path in index.paths[key] if path not in loaded_at]
    _extract_into(fresh, view, extract_missing, sorted(set(again), key=index.order.__getitem__))

    new_blocks: list[tuple[str, str | None, dict]] = []
    blocked_now: set[str] = set()
    listed_documents = listed_claims = 0
    for at in sorted(index.order[p] for p in {*fresh, *loaded_at} if p in index.order):
        path, key = index.corpus[at]
        if key is not None:
            listed_documents += 1
            listed_claims += claim_count(stored[key])
        if path in fresh:
            _add(view, *fresh[path])
            view.summaries.append(document_summary(fresh[path][0], len(fresh[path][1])))
            continue
        document, claims = loaded_at[path]
        _add(view, document, claims)
        if key in meeting:  # some of its claims
            view.document_entities[path] = entities.get(key)
            view.summaries.append(summary_of(stored[key], path))
        else:
            view.summaries.append(document_summary(document, len(claims)))
            if key not in blocked_now:
                blocked_now.add(key)
                new_blocks.append((key, *block_index(claims, document, config)))
    view.unlisted = (index.documents - listed_documents, index.claims - listed_claims)
    cache.put_blocks(new_blocks, matcher)
    return view


def _extract_into(fresh: dict, view: CorpusView, extract_missing, paths: list[str]) -> None:
    """Extract `paths` (in one run) into `fresh` (path -> (Document, claims)); errors to the view."""
    if not paths:
        return
    extracted = extract_missing(paths)
    view.errors.extend(extracted.errors)
    by_doc: dict[str, list[Claim]] = {}
    for c in extracted.claims:
        by_doc.setdefault(c.doc, []).append(c)
    for d in extracted.documents:
        fresh[d.path] = (d, by_doc.get(d.path, []))


def _listing(cache: ClaimCache, files: list[str], stats: dict[str, tuple[int, int, int]],
             stored: Container[str]) -> tuple[list, list]:
    """(path, entry key if the cache holds the file's current content) for each file, and the new
    stat records of files hashed now. The walk's stat results and the file records read in one
    scan stand in for a stat and a query per file; absolute paths are joined once per folder."""
    key_of = entry_keys(None)
    records = cache.read_file_records()  # freed on return (some 45 MB at 100k files)
    file_records: list = []
    folders: dict[str, str] = {}
    corpus: list[tuple[str, str | None]] = []
    for path in files:
        absolute = absolute_path(path, folders)
        st = stats.get(path)  # (size, mtime_ns, inode)
        if st is None:  # not from the walk: stat it and look its record up
            sha = known_sha256(cache, path, file_records, None, absolute)
        else:  # the walk's stat against the stored record; a new or changed file is read
            sha = recorded_sha256(records.get(absolute), *st) or hashed_sha256(path, FileState(*st), absolute,
                                                                             file_records)
        key = key_of(sha, path) if sha is not None else None
        corpus.append((path, key if key in stored else None))
    return corpus, file_records


def absolute_path(path: str, folders: dict[str, str]) -> str:
    """os.path.abspath(path) for a file's path, normalising each folder once (`folders` remembers)."""
    name = path.rpartition("/")[2]
    if name in ("", ".", ".."):  # not a file's name
        return os.path.abspath(path)
    head = path[:len(path) - len(name)]  # "a/b/", "/" or ""
    prefix = folders.get(head)
    if prefix is None:
        prefix = folders[head] = os.path.join(os.path.abspath(head), "")
    return prefix + name


def _add(view: CorpusView, meta: Document, claims: list[Claim]) -> None:
    view.documents.append(meta)
    view.claims.extend(claims)


def index_blocks(cache: ClaimCache, config: Config, batch: int = 256, *, keys: set[str] | None = None,
                 matcher: str | None = None, indexed: Container[str] | None = None) -> int:
    """Compute the block index of every entry (of `keys`, default all) that lacks it; returns how
    many. `indexed`: the entries that have one, when the caller has read them already."""
    matcher = matcher or matcher_id(config)
    if indexed is None:
        indexed = cache.entries_with_blocks(matcher)
    todo = sorted(key for key in (cache.keys() if keys is None else keys) if key not in indexed)
    for k in range(0, len(todo), batch):
        rows = []
        for key in todo[k:k + batch]:
            loaded = cache.get(key, None)
            if loaded is not None:
                rows.append((key, *block_index(loaded[1], loaded[0], config)))
        cache.put_blocks(rows, matcher)
    return len(todo)


class Indexed(NamedTuple):
    errors: list  # inputs that could not be read
    unchanged: int  # documents the cache already held
    extracted: int  # documents extracted now


def index_corpus(corpus: list[str], cache: ClaimCache, config: Config, *, jobs: int | None = None,
                 progress=None, max_bytes: int | None = None) -> Indexed:
    """What `numcheck index` does (and `numcheck serve`, on start and when the corpus changes):
    extract what the cache lacks, compute the block index `check --against` looks up, and drop
    the indexes of older code or other settings."""
    result = run_extraction(corpus, cache=cache, jobs=jobs, progress=progress, keep=False, max_bytes=max_bytes)
    counts = cache.hits, cache.misses  # before the block index reads the entries again
    index_blocks(cache, config)
    cache.drop_blocks_except(matcher_id(config))
    return Indexed(result.errors, *counts)
