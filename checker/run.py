"""Orchestration shared by the CLI and tests: paths in, a Report out."""
from __future__ import annotations

import hashlib
import json
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import Callable

from numcheck.checker import __version__
from numcheck.checker.gcpause import collector_paused
from numcheck.checker.config import Config
from numcheck.checker.engine import find_conflicts
from numcheck.claims.inputs import DEFAULT_MAX_BYTES, iter_inputs, stdin_too_large
from numcheck.claims.records import Extraction
from numcheck.schemas.models import CorpusSummary, Document, DocumentSummary, InputError, Report, ToolInfo


@dataclass
class CheckResult:
    report: Report
    extraction: Extraction


def input_errors(errors) -> list[InputError]:
    return [InputError(doc=e.path, code=e.code, message=e.message) for e in errors]


def run_extraction(paths: list[str], *, published: date | None = None, stdin: bytes | None = None,
                   cache=None, jobs: int | None = 1, progress=None, keep: bool = True,
                   runner=None, max_bytes: int | None = None,
                   texts: list[tuple[str, bytes]] = ()) -> Extraction:
    """Extract every input in order. `cache` is an open checker.cache.ClaimCache (None: no cache);
    `jobs` worker processes (None: available cores); `progress(docs, claims)` is told as work ends;
    `keep=False` only fills the cache (indexing) and returns the errors alone. Documents over
    `max_bytes` (default claims.inputs.DEFAULT_MAX_BYTES), stdin included, are skipped as E105.
    `texts`: (name, bytes) documents held in memory (the library's numcheck.Text), after `paths`."""
    from numcheck.checker.parallel import extract_files

    files, errors = iter_inputs(paths, max_bytes)
    limit = DEFAULT_MAX_BYTES if max_bytes is None else max_bytes
    if stdin is not None and len(stdin) > limit and "-" in files:
        files.remove("-")
        errors.append(stdin_too_large(limit))  # read stopped one byte past the limit (claims.inputs.read_stdin)
    result = extract_files(files, published=published, stdin=stdin, cache=cache, jobs=jobs,
                           progress=progress, keep=keep, runner=runner)
    result.errors[:0] = errors
    for name, data in texts:
        _extract_text(result, name, data, published, limit)
    return result


def _extract_text(into: Extraction, name: str, data: bytes, published: date | None, limit: int) -> None:
    """One in-memory document into `into`, or its error (too large, undecodable...)."""
    from numcheck.checker.parallel import extract_one
    from numcheck.claims.inputs import too_large

    if len(data) > limit:
        into.errors.append(too_large(name, len(data), limit))
        return
    made = extract_one(name, published, data)
    if hasattr(made, "error"):
        into.errors.append(made.error())
        return
    meta, claims = made.load()
    into.documents.append(meta)
    into.claims.extend(claims)


def build_report(paths: list[str], against: list[str] | None, config: Config, *,
                 published: date | None = None, stdin: bytes | None = None,
                 cache=None, jobs: int | None = 1, progress=None, engine: str = "local",
                 scheduler: str | None = None, max_bytes: int | None = None, prefetch=None,
                 texts: list[tuple[str, bytes]] = (), corroborations: bool = True,
                 corpus_listing=None, max_corroborating: int | None = None) -> CheckResult:
    """Extract `paths` (and the `against` corpus), cross-check, and assemble the report.

    With `against`, only conflicts that involve at least one of `paths` are reported, and the
    report lists only the corpus documents that appear in a finding (the corpus as a count).
    `prefetch`: a checker.prefetch.Prefetch of `paths` already running (the CLI starts one first).
    `texts`: in-memory documents checked with `paths`; they never enter the claim cache, and a
    corpus file of the same name stands aside for them as for a given file.
    `corroborations=False`: agreeing figures are not looked for (the report says null).
    `corpus_listing`: with `against` and a cache, the corpus as checker.lookup.list_corpus listed it
    and still is (a server's between changes): the corpus is not walked and hashed again.
    `max_corroborating`: with `against`, a corroboration lists at most this many corpus claims
    (engine.find_conflicts; the serve page's bound); None: all of them. Local engine only.
    """
    if engine == "dask":
        from numcheck.checker.dask_engine import DaskEngine

        with DaskEngine(scheduler) as dask_engine:
            return _build_report(paths, against, config, published=published, stdin=stdin, cache=cache, jobs=jobs,
                                 progress=progress, max_bytes=max_bytes, runner=dask_engine.extraction_runner(),
                                 conflict_finder=dask_engine.find_conflicts, texts=texts,
                                 corroborations=corroborations)
    return _build_report(paths, against, config, published=published, stdin=stdin, cache=cache, jobs=jobs,
                         progress=progress, max_bytes=max_bytes, prefetch=prefetch, texts=texts,
                         corroborations=corroborations, corpus_listing=corpus_listing,
                         max_corroborating=max_corroborating)


def _build_report(paths, against, config, *, published, stdin, cache, jobs, progress, runner=None,
                  conflict_finder=find_conflicts, max_bytes: int | None = None, prefetch=None,
                  texts=(), corroborations: bool = True, corpus_listing=None,
                  max_corroborating: int | None = None) -> CheckResult:
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    # Before any claim is prepared (the lookup blocks the new claims): no pint registries to build.
    recalled, recalled_keys = recall_unit_bases(cache), recall_entity_keys(cache)
    extract_new = partial(run_extraction, paths, published=published, stdin=stdin, cache=cache, jobs=jobs,
                          progress=progress, runner=runner, max_bytes=max_bytes, texts=texts)
    summaries: list[DocumentSummary] | None = None
    unlisted = (0, 0)  # corpus documents and claims the lookup did not list (nothing of them loaded)
    document_entities: dict[str, str | None] | None = None
    if against and cache is not None:
        # The new documents plus a lookup: corpus claims only where their blocks meet the new ones.
        # New documents the cache lacks are extracted by a worker process while the corpus is listed.
        from numcheck.checker.lookup import corpus_view
        from numcheck.checker.prefetch import applies as worker_applies

        # a worker sees files only: texts held here are extracted here
        given, wait_for_new = _extract_meanwhile(extract_new, paths, cache=cache, published=published,
                                                 max_bytes=max_bytes, prefetch=prefetch,
                                                 in_worker=not texts and worker_applies(paths, jobs,
                                                                                        dask=runner is not None))
        given |= {name for name, _ in texts}
        with collector_paused():  # a summary per corpus document: 100k small acyclic objects
            view = corpus_view(against, cache, config, given, wait_for_new,
                               extract_missing=lambda missing: run_extraction(
                                   missing, cache=cache, jobs=jobs, progress=progress, runner=runner),
                               listing=corpus_listing)
        new = wait_for_new()
        new_docs = {d.path for d in new.documents}
        per_new = Counter(c.doc for c in new.claims)
        summaries = [document_summary(d, per_new[d.path]) for d in new.documents] + view.summaries
        unlisted = view.unlisted
        document_entities = view.document_entities
        extraction = Extraction(documents=new.documents + view.documents, claims=new.claims + view.claims,
                                errors=new.errors + view.errors)
    elif against:
        new = extract_new()
        corpus = run_extraction(against, cache=cache, jobs=jobs, progress=progress, runner=runner,
                                max_bytes=max_bytes)
        new_docs = {d.path for d in new.documents}
        extraction = Extraction(
            documents=new.documents + [d for d in corpus.documents if d.path not in new_docs],
            claims=new.claims + [c for c in corpus.claims if c.doc not in new_docs],
            errors=new.errors + corpus.errors,
        )
    else:
        new_docs, extraction = None, extract_new()
    timings["extract"] = round(time.perf_counter() - t0, 4)

    t1 = time.perf_counter()
    if conflict_finder is find_conflicts and cache is not None and cache.memo is not None:
        # a server's memo hands out the same corpus claims draft after draft (find_conflicts keeps
        # what it makes of them)
        conflict_finder = partial(find_conflicts, kept_claims=True)
    if max_corroborating is not None and new_docs is not None:
        conflict_finder = partial(conflict_finder, max_corroborating=max_corroborating)
    documents = {d.path: d for d in extraction.documents}
    conflicts, agreeing = conflict_finder(extraction.claims, documents, config, new_docs=new_docs,
                                          document_entities=document_entities, corroborations=corroborations)
    keep_unit_bases(cache, recalled)
    keep_entity_keys(cache, recalled_keys)
    timings["check"] = round(time.perf_counter() - t1, 4)

    if summaries is None:
        per_doc = Counter(c.doc for c in extraction.claims)
        summaries = [document_summary(d, per_doc[d.path]) for d in extraction.documents]
    corpus = None
    if new_docs is not None:
        from numcheck.checker.cache import copy_with

        # Lean --against report: the given documents and the corpus documents a finding names.
        named = {c.doc for f in (*conflicts, *(agreeing or ())) for c in f.claims}
        corpus_docs = [d for d in summaries if d.doc not in new_docs]
        corpus = CorpusSummary(documents=len(corpus_docs) + unlisted[0],
                               claims=sum(d.claims for d in corpus_docs) + unlisted[1])
        # copy_with: model_copy's result at a fifth of its cost (a draft can meet 2,000 documents)
        summaries = [copy_with(d, role="given" if d.doc in new_docs else "corpus")
                     for d in summaries if d.doc in new_docs or d.doc in named]
    threshold = config.min_confidence
    # with --against only the given documents' claims count: those of `new` (the corpus' are
    # never theirs), not the thousands of corpus claims a draft can meet
    uncertain = sum(1 for c in (extraction.claims if new_docs is None else new.claims)
                    if (new_docs is None or c.doc in new_docs) and (c.zone == "body" or config.include_boilerplate)
                    and c.subject.confidence is not None and c.subject.confidence < threshold)
    report = Report(
        tool=ToolInfo(version=__version__),
        documents=summaries,
        corpus=corpus,
        conflicts=conflicts,
        uncertain_claims=uncertain,
        corroborations=agreeing,
        errors=input_errors(extraction.errors),
        timings=timings,
    )
    return CheckResult(report=report, extraction=extraction)




def _extract_meanwhile(extract_new: Callable[..., Extraction], paths: list[str], *, cache, published: date | None,
                       max_bytes: int | None, in_worker: bool, prefetch=None,
                       ) -> tuple[set[str], Callable[[], Extraction]]:
    """The new documents' files, and a function giving their extraction (once, remembered). Those
    the cache lacks are extracted by a worker process (checker.prefetch: `prefetch` when the CLI
    started one, else one started now) so that the caller lists the corpus meanwhile; the function
    waits for it, stores its results in the cache and reads the new documents from there. In
    this process instead unless `in_worker` (checker.prefetch.applies)."""
    from numcheck.checker.cache import Extracted, entry_key
    from numcheck.checker.prefetch import Prefetch

    files, _ = iter_inputs(paths, max_bytes)
    result: list[Extraction] = []

    def once(wait: Callable[[], None] = lambda: None) -> Callable[[], Extraction]:
        def get() -> Extraction:
            if not result:
                wait()
                result.append(extract_new())
            return result[0]
        return get

    todo: list[tuple[int, str]] = []  # the files the cache lacks
    if in_worker:
        extract_new(progress=None, keep=False, runner=lambda pending, _published, _store: todo.extend(pending))
    if not todo:
        if prefetch is not None:
            prefetch.close()
        return set(files), once()
    prefetch = prefetch or Prefetch(paths, published, max_bytes)

    def store_made() -> None:
        made = prefetch.results()
        cache.put_batch([(entry_key(r.sha256, r.path, published), r) for r in (made.get(p) for _, p in todo)
                         if isinstance(r, Extracted)])

    return set(files), once(store_made)


def document_summary(d: Document, claims: int) -> DocumentSummary:
    """A document as the report lists it."""
    return DocumentSummary(doc=d.path, sha256=d.sha256, claims=claims, language=d.language,
                           published=d.published, title=d.title, source=d.source)


_UNIT_BASES_KEY = "unit_bases"


def _unit_bases_id() -> str:
    """What unit bases depend on: the extractor's code, unit data and libraries (pint), and
    checker/compare.py."""
    from numcheck.checker import compare
    from numcheck.checker.cache import extractor_id

    code = Path(compare.__file__).read_bytes()
    return hashlib.sha256(extractor_id().encode() + b"\0" + code).hexdigest()[:32]


def recall_unit_bases(cache) -> dict | None:
    """Unit bases a previous run stored in the claim cache, handed to checker.compare so this run
    need not build pint's registries (about a second); what was recalled, or None."""
    from numcheck.checker.compare import remember_unit_bases

    return _recall(cache, _UNIT_BASES_KEY, "bases", _unit_bases_id, remember_unit_bases)


def keep_unit_bases(cache, recalled: dict | None) -> None:
    """Store the unit bases known now when they add to what was recalled."""
    from numcheck.checker.compare import known_unit_bases

    _keep(cache, _UNIT_BASES_KEY, "bases", _unit_bases_id, known_unit_bases, recalled)


_ENTITY_KEYS_KEY = "entity_keys"


def recall_entity_keys(cache) -> dict | None:
    """Romanised entity keys a previous run stored in the claim cache, handed to
    claims.entity_keys so this run need not load pypinyin (a tenth of a second); what was
    recalled, or None."""
    from numcheck.claims.entity_keys import keys_id, remember_entity_keys

    return _recall(cache, _ENTITY_KEYS_KEY, "keys", keys_id, remember_entity_keys)


def keep_entity_keys(cache, recalled: dict | None) -> None:
    """Store the entity keys known now when they add to what was recalled."""
    from numcheck.claims.entity_keys import keys_id, known_entity_keys

    _keep(cache, _ENTITY_KEYS_KEY, "keys", keys_id, known_entity_keys, recalled)


def _recall(cache, key: str, field: str, ident: Callable[[], str], remember: Callable[[dict], None]) -> dict | None:
    """A mapping a previous run stored under `key` in the claim cache's meta table, handed to
    `remember` when it was made by the same code (`ident`); what was recalled, or None."""
    if cache is None:
        return None
    try:
        stored = json.loads(cache.read_meta(key) or "{}")
    except ValueError:
        return None
    if stored.get("id") != ident() or not isinstance(stored.get(field), dict):
        return None
    try:
        remember(stored[field])
    except (TypeError, ValueError, ArithmeticError):  # not what this code writes: ignore it
        return None
    return stored[field]


def _keep(cache, key: str, field: str, ident: Callable[[], str], known: Callable[[], dict],
          recalled: dict | None) -> None:
    """Store the mapping `known()` under `key` when it adds to what was recalled."""
    if cache is None:
        return
    now = known()
    if recalled is not None and now.keys() <= recalled.keys():
        return
    cache.write_meta(key, json.dumps({"id": ident(), field: now}, ensure_ascii=False))
