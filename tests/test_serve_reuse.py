"""What a server keeps between drafts gives the reports it would give without it: the corpus
listing (checker.lookup.list_corpus), the decoded corpus claims (checker.cache.ClaimMemo), and
that it keeps no more than its bounds. Checks queue in arrival order (state.FairLock)."""
from __future__ import annotations

import json
import shutil
import threading
import time
from pathlib import Path

import pytest

from numcheck.checker.cache import ClaimCache, ClaimMemo
from numcheck.checker.config import Config
from numcheck.checker.lookup import index_blocks, list_corpus
from numcheck.checker.parallel import extract_files
from numcheck.checker.run import build_report
from numcheck.checker.serve.state import FairLock


@pytest.fixture()
def corpus(tmp_path: Path, seeds_dir: Path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(seeds_dir, folder, ignore=shutil.ignore_patterns(".numcheck"))
    # a copy under another name: its claims are stamped with its own path, from the same entry
    shutil.copy(sorted(folder.glob("*.txt"))[1], folder / "copy-of-001.txt")
    return folder


def report_json(result) -> str:
    data = json.loads(result.report.model_dump_json())
    data.pop("timings", None)
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def drafts(seeds_dir: Path) -> list[tuple[str, bytes]]:
    seed = sorted(seeds_dir.glob("*.txt"))[1].read_text(encoding="utf-8")
    return [("draft.txt", seed.replace("135万", "150万").encode()),  # a conflict with two corpus copies
            ("draft.txt", seed.encode()),  # agreeing figures only
            ("draft.txt", "2023年，杭州常住人口1300万人。".encode())]  # nothing in the corpus


def test_kept_listing_and_memo_give_the_same_reports(corpus: Path, tmp_path: Path, seeds_dir: Path) -> None:
    config = Config()
    plain = [report_json(build_report([], [str(corpus)], config, texts=[d])) for d in drafts(seeds_dir)]
    with ClaimCache(tmp_path / "c.sqlite") as cache:
        extract_files(sorted(str(p) for p in corpus.iterdir()), cache=cache, keep=False)
        index_blocks(cache, config)
        listing = list_corpus([str(corpus)], cache, config)
        cache.memo = ClaimMemo()
        for _ in range(2):  # the second round is served from the memo
            kept = [report_json(build_report([], [str(corpus)], config, cache=cache, texts=[d],
                                             corroborations=True, corpus_listing=listing))
                    for d in drafts(seeds_dir)]
            assert kept == plain
        assert cache.memo.held > 0
    assert json.loads(plain[0])["conflicts"], "the changed figure must conflict"


def test_a_kept_listing_leaves_out_a_corpus_file_given_as_new(corpus: Path, tmp_path: Path) -> None:
    # the listing holds every corpus file; a corpus file checked as the new document is left out of
    # it for that check (lookup.corpus_view indexes what remains), as a fresh listing leaves it out
    config = Config()
    given = str(sorted(corpus.glob("*.txt"))[0])
    plain = report_json(build_report([given], [str(corpus)], config))
    with ClaimCache(tmp_path / "c.sqlite") as cache:
        extract_files(sorted(str(p) for p in corpus.iterdir()), cache=cache, keep=False)
        index_blocks(cache, config)
        listing = list_corpus([str(corpus)], cache, config)
        assert given in listing.index.order
        kept = report_json(build_report([given], [str(corpus)], config, cache=cache, corpus_listing=listing))
    assert kept == plain and json.loads(plain)["corpus"]["documents"] == len(list(corpus.iterdir())) - 1


def test_memo_serves_kept_claims_without_reading_the_cache(corpus: Path, tmp_path: Path) -> None:
    files = sorted(str(p) for p in corpus.iterdir())
    with ClaimCache(tmp_path / "c.sqlite") as cache:
        extract_files(files, cache=cache, keep=False)
        key = next(iter(cache.summaries()))
        cache.memo = ClaimMemo()
        first = cache.get_many({key: (["a.txt", "b.txt"], [0, 1])})[key]
        reads = []
        cache._entry_rows = lambda keys: reads.append(keys) or {}  # any read from here on is seen
        again = cache.get_many({key: (["a.txt", "b.txt"], [0, 1])})[key]
        assert reads == []
        assert [[c.model_dump() for c in claims] for _, claims in again] == \
               [[c.model_dump() for c in claims] for _, claims in first]
        assert {c.doc for c in again[1][1]} == {"b.txt"} and again[0][1][0].id != again[1][1][0].id
        again[0][1][0].doc = "changed"  # a copy at another path is the caller's own
        assert cache.get_many({key: (["a.txt"], [0])})[key][0][1][0].doc == "a.txt"
        # at the stored path, the kept models themselves (nothing changes a loaded claim)
        stored = cache.get_many({key: ([None], [0, 1])})[key][0]
        assert cache.get_many({key: ([None], [0])})[key][0][1][0] is stored[1][0]
        # a position not kept yet is read from the cache
        cache.get_many({key: (["a.txt"], [2])})
        assert reads == [[key]]


def test_memo_block_rows_follow_writes_to_the_block_index(corpus: Path, tmp_path: Path) -> None:
    files = sorted(str(p) for p in corpus.iterdir())
    with ClaimCache(tmp_path / "c.sqlite") as cache, ClaimCache(tmp_path / "c.sqlite") as other:
        extract_files(files, cache=cache, keep=False)
        index_blocks(cache, Config(), matcher="m")
        block = next(iter(cache.claims_in_blocks({"nothing"} | _all_blocks(cache), "m")))
        cache.memo = ClaimMemo()
        kept = cache.claims_in_blocks({block, "nothing"}, "m")
        assert kept == {block: cache._claims_in_blocks({block}, "m")[block]}
        reads = []
        read = cache._claims_in_blocks
        cache._claims_in_blocks = lambda blocks, matcher: reads.append(blocks) or read(blocks, matcher)
        assert cache.claims_in_blocks({block}, "m") == kept and reads == []  # kept, not read again
        other.put_blocks([("new-entry", None, {block: ({"x": [0]}, 1)})], "m")  # another connection writes
        assert cache.claims_in_blocks({block}, "m")[block][-1] == ("new-entry", {"x": [0]}, 1)
        cache.put_blocks([("own-entry", None, {block: ({"y": [1]}, 1)})], "m")  # and this one
        assert ("own-entry", {"y": [1]}, 1) in cache.claims_in_blocks({block}, "m")[block]
        assert len(reads) == 2


def _all_blocks(cache: ClaimCache) -> set[str]:
    return {row[0] for row in cache.conn.execute("SELECT block FROM blocks")}


def test_memo_holds_no_more_than_its_bound(corpus: Path, tmp_path: Path) -> None:
    with ClaimCache(tmp_path / "c.sqlite") as cache:
        extract_files(sorted(str(p) for p in corpus.iterdir()), cache=cache, keep=False)
        counts = {key: row[0] for key, row in cache.summaries().items()}
        cache.memo = ClaimMemo(max_claims=10)
        for key, n in counts.items():
            cache.get_many({key: ([None], list(range(min(n, 6))))})
            assert cache.memo.held <= 10 or len(cache.memo._entries) == 1


def test_fair_lock_serves_in_arrival_order() -> None:
    lock, order, started = FairLock(), [], []
    lock.__enter__()  # held while the others queue up, one after another

    def take(k: int) -> None:
        with lock:
            order.append(k)

    threads = []
    for k in range(8):
        t = threading.Thread(target=take, args=(k,))
        t.start()
        threads.append(t)
        time.sleep(0.02)  # so that thread k asks before thread k + 1
    lock.__exit__(None, None, None)
    for t in threads:
        t.join(5)
    assert order == list(range(8))


def test_results_are_bounded_by_the_claims_they_hold() -> None:
    from types import SimpleNamespace

    from numcheck.checker.serve.checking import Kept
    from numcheck.checker.serve.state import Results

    def check(n: int) -> Kept:
        finding = SimpleNamespace(claims=[object()] * n, id="c")
        checked = SimpleNamespace(id=f"check-{next(ids)}", claims_by_id=dict.fromkeys(range(n)),
                                  report=SimpleNamespace(conflicts=[finding], corroborations=None))
        return Kept(checked, serialised=False)

    ids = iter(range(100))
    results = Results(size=10, max_claims=100)
    kept = [check(30) for _ in range(5)]  # 60 claims each
    for k in kept:
        results.add(k)
    assert results.get(kept[-1].id) is not None and results.get(kept[0].id) is None
    assert results.claims_held <= 100
    big = check(500)  # over the bound alone: still kept, as the newest
    results.add(big)
    assert results.get(big.id) is not None and len(results) == 1


def test_a_rebuilt_cache_is_indexed_again_before_the_next_check(corpus: Path, tmp_path: Path,
                                                                 seeds_dir: Path) -> None:
    import sqlite3

    from numcheck.checker.serve.state import Corpus

    state = Corpus([str(corpus)], Config(), cache_path=tmp_path / "serve.sqlite")
    try:
        state.index()
        name, data = drafts(seeds_dir)[0]
        before = report_json(state.check(name, data, None))
        state.cache._rebuild(sqlite3.DatabaseError("database disk image is malformed"))  # as damage met in use
        assert state.cache.keys() == set()
        after = report_json(state.check(name, data, None))
        assert after == before and json.loads(after)["conflicts"]
        assert state.listed.generation == state.cache.generation
    finally:
        state.close()


def test_full_collections_take_at_most_a_share_of_the_time(corpus: Path, tmp_path: Path, monkeypatch) -> None:
    from numcheck.checker.serve import state as serve_state

    collected = []
    monkeypatch.setattr(serve_state.gc, "collect", lambda: collected.append(1))
    corpus_state = serve_state.Corpus([str(corpus)], Config(), cache_path=tmp_path / "serve.sqlite")
    try:
        now = time.monotonic()
        corpus_state.checks = serve_state.COLLECT_EVERY - 1
        corpus_state._collect()
        assert collected == []  # too few checks since the last
        corpus_state.checks += 1
        corpus_state._collect()
        assert collected == [1]
        corpus_state.checks += serve_state.COLLECT_EVERY
        corpus_state._collected = (0, now, 1.0)  # the last took a second, just now
        corpus_state._collect()
        assert collected == [1]  # not before COLLECT_SHARE seconds have passed
        corpus_state._collected = (0, now - serve_state.COLLECT_SHARE, 1.0)
        corpus_state._collect()
        assert collected == [1, 1]
    finally:
        corpus_state.close()
