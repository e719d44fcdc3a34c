"""The cheap ways a re-check lists a large corpus give exactly what the plain ways gave: the JSON
report's layout, entry keys, the walk's stat results."""
from __future__ import annotations

import json
import os
import random
from datetime import date
from pathlib import Path

from hypothesis import given, settings, strategies as st

from numcheck.checker.cache import entry_key, entry_keys, path_suffix
from numcheck.checker.report import render
from numcheck.claims.inputs import iter_inputs
from report_samples import empty_report, hostile_report, sample_report
from numcheck.schemas.models import DocumentSummary, Report


def plain_json(report: Report) -> str:
    """The layout the contract was first written with."""
    return json.dumps(report.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"


def test_json_report_is_byte_identical_to_plain_json_dumps() -> None:
    for report in (sample_report(), empty_report(), hostile_report()):
        assert render(report, "json") == plain_json(report)
    every_char = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    report = sample_report()
    report.documents = [DocumentSummary(doc=every_char[i:i + 4000], sha256="x", claims=i, title=every_char[i:i + 999])
                        for i in range(0, len(every_char), 4000)]
    assert render(report, "json") == plain_json(report)


text = st.text(st.characters(exclude_categories=("Cs",)), max_size=12)  # any code point but lone surrogates


@settings(max_examples=150, deadline=None)
@given(docs=st.lists(st.builds(DocumentSummary, doc=text, sha256=text, claims=st.integers(0, 10**6),
                               language=st.sampled_from(["zh-Hans", "zh-Hant", "en", "und"]),
                               published=st.none() | st.dates(min_value=date(1900, 1, 1)),
                               title=st.none() | text, source=st.none() | text), max_size=5),
       floats=st.lists(st.floats(allow_nan=False, allow_infinity=False) | st.sampled_from([1e-5, 2.5e-7, -3e-9, 1e-4])
                       | st.floats(min_value=-1e-3, max_value=1e-3), max_size=3))
def test_any_documents_and_numbers_render_as_plain_json(docs, floats) -> None:
    report = sample_report().model_copy(update={"documents": docs, "timings": {f"t{i}": f for i, f in enumerate(floats)}})
    assert render(report, "json") == plain_json(report)


@settings(max_examples=500)
@given(st.text(st.sampled_from("ab./.TXTmd -"), max_size=12))
def test_path_suffix_is_pathlib_suffix(path: str) -> None:
    if path:
        assert path_suffix(path) == (Path(path).suffix.lower() if path != "-" else "")


def test_entry_keys_equal_entry_key() -> None:
    for published in (None, date(2024, 5, 1)):
        make = entry_keys(published)
        for path in ("a/b.TXT", "c.md", "-", "x/.hidden.html"):
            assert make("ab" * 32, path) == entry_key("ab" * 32, path, published)


def test_walk_records_the_stat_of_every_listed_file(tmp_path: Path) -> None:
    (tmp_path / "d" / "e").mkdir(parents=True)
    for name in ("d/a.txt", "d/e/b.md", "c.html", "d/skip.bin"):
        (tmp_path / name).write_text("x" * len(name), encoding="utf-8")
    (tmp_path / "d" / "link.txt").symlink_to(tmp_path / "d" / "skip.bin")  # followed: inside the tree
    stats: dict[str, tuple[int, int, int]] = {}
    files, errors = iter_inputs([str(tmp_path / "d"), str(tmp_path / "c.html")], stats=stats)
    assert not errors and set(stats) == set(files) and len(files) == 4
    for f in files:
        st_ = os.stat(f)
        assert stats[f] == (st_.st_size, st_.st_mtime_ns, st_.st_ino)


def test_copies_of_one_entry_equal_separate_loads(tmp_path: Path, seeds_dir: Path) -> None:
    from numcheck.checker.cache import ClaimCache, entry_key, to_json
    from numcheck.checker.parallel import extract_files

    source = sorted(seeds_dir.glob("*.txt"))[0]
    copies = [tmp_path / f"copy{i}" / "doc.txt" for i in range(3)]
    for c in copies:
        c.parent.mkdir()
        c.write_bytes(source.read_bytes())
    with ClaimCache(tmp_path / "c.sqlite") as cache:
        extract_files([str(copies[0])], cache=cache, keep=False)
        import hashlib
        key = entry_key(hashlib.sha256(source.read_bytes()).hexdigest(), str(copies[0]), None)
        paths = [str(c) for c in reversed(copies)]
        together = cache.get_copies(key, paths)
        one_by_one = [cache.get(key, p) for p in paths]
    assert together is not None and len(together) == 3
    assert [[to_json(m)] + [to_json(c) for c in cs] for m, cs in together] == \
           [[to_json(m)] + [to_json(c) for c in cs] for m, cs in one_by_one]
    assert len({c.id for _, cs in together for c in cs}) == sum(len(cs) for _, cs in together), "ids follow the path"


def test_damage_to_any_page_is_never_trusted(tmp_path: Path, seeds_dir: Path) -> None:
    """The open check reads only the tables without checksums; damage anywhere else must still
    give exactly the results of no cache (a miss, or the cache moved aside and rebuilt), never a
    crash or stale claims: page by page, for extraction and for a re-check against the corpus."""
    import shutil
    import sqlite3
    import time as time_mod

    from numcheck.checker.cache import ClaimCache, to_json
    from numcheck.checker.config import Config
    from numcheck.checker.lookup import index_blocks
    from numcheck.checker.parallel import extract_files
    from numcheck.checker.run import build_report

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    lines = [line for p in sorted(seeds_dir.glob("*.txt")) for line in p.read_text(encoding="utf-8").splitlines()
             if len(line) > 20]
    old = time_mod.time() - 3600
    for i in range(3):
        doc = corpus / f"doc{i}.txt"
        doc.write_text("\n".join(lines[i * 7:(i + 1) * 7]), encoding="utf-8")
        os.utime(doc, (old, old))
    files = sorted(str(p) for p in corpus.glob("*.txt"))
    new = tmp_path / "new.txt"
    new.write_text(lines[3].replace("1", "7") + "\n" + lines[10], encoding="utf-8")
    config = Config()
    pristine = tmp_path / "pristine.sqlite"
    with ClaimCache(pristine) as cache:
        extract_files(files, cache=cache, keep=False)
        index_blocks(cache, config)
        cache.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def lossless(extraction) -> list[str]:
        return [to_json(d) for d in extraction.documents] + [to_json(c) for c in extraction.claims]

    def report_of(result) -> str:
        data = json.loads(result.report.model_dump_json())
        data.pop("timings")
        return json.dumps(data, sort_keys=True)

    fresh = lossless(extract_files(files))
    full = report_of(build_report([str(new)], [str(corpus)], config))
    try:  # the table each page belongs to (SQLite's dbstat, 1-based page numbers)
        owners = dict((pageno, name) for name, pageno in sqlite3.connect(pristine).execute(
            "SELECT name, pageno FROM dbstat"))
    except sqlite3.OperationalError:  # built without dbstat: page owners unknown
        owners = {}
    page = 4096
    pages = pristine.stat().st_size // page
    assert pages > 8
    for n in range(1, pages):  # page 0 holds the header and schema: damage there fails on open
        target = tmp_path / f"c{n}" / "c.sqlite"
        target.parent.mkdir()
        shutil.copyfile(pristine, target)
        data = bytearray(target.read_bytes())
        data[n * page + 10:(n + 1) * page - 10] = random.Random(n).randbytes(page - 20)  # the same damage every run
        target.write_bytes(bytes(data))
        with ClaimCache(target, warn=lambda m: None) as cache:
            assert lossless(extract_files(files, cache=cache)) == fresh, f"page {n}"
        shutil.copyfile(pristine, target)
        target.write_bytes(bytes(data))
        for side in ("-wal", "-shm"):
            Path(str(target) + side).unlink(missing_ok=True)
        with ClaimCache(target, warn=lambda m: None) as cache:
            assert report_of(build_report([str(new)], [str(corpus)], config, cache=cache)) == full, f"page {n}"
        # Damage the re-check met moved the cache aside. An entry's page, or a page of the entries'
        # key index, is read only when its claims are needed: its checksum guards it then, as the
        # extraction above shows, and a row is filed under the key it holds, not the key looked up.
        if owners.get(n + 1, "entries") not in ("entries", "sqlite_autoindex_entries_1"):
            assert sqlite3.connect(target).execute("PRAGMA integrity_check").fetchone()[0] == "ok" or \
                list(target.parent.glob("c.sqlite.broken-*")), f"page {n}: a damaged cache must not stay in place"


@settings(max_examples=300)
@given(st.lists(st.text(st.sampled_from("ab./"), max_size=10), min_size=1, max_size=5))
def test_absolute_path_is_os_abspath(paths: list[str]) -> None:
    from numcheck.checker.lookup import absolute_path

    folders: dict[str, str] = {}
    for path in paths:
        if path:
            assert absolute_path(path, folders) == os.path.abspath(path)


def test_copy_with_equals_model_copy() -> None:
    from numcheck.checker.cache import copy_with
    from report_samples import wuhan_conflict

    entry = DocumentSummary(doc="", sha256="ab" * 32, claims=7, language="zh-Hans", published=date(2024, 5, 1),
                            title="标题", source=None)
    listed = copy_with(entry, doc="corpus/a.txt")
    plain = DocumentSummary(doc="corpus/a.txt", sha256="ab" * 32, claims=7, language="zh-Hans",
                            published=date(2024, 5, 1), title="标题", source=None)
    assert listed == plain and listed.model_dump_json() == plain.model_dump_json()
    assert listed.model_fields_set == plain.model_fields_set and entry.doc == ""
    listed.title = "x"
    assert entry.title == "标题", "copies do not share their values"
    record = wuhan_conflict().claims[0]
    for changes in ({"doc": "b.txt", "id": "x"}, {"counter": "人"}):
        mine, theirs = copy_with(record, **changes), record.model_copy(update=changes)
        assert mine == theirs and mine.model_fields_set == theirs.model_fields_set
        assert mine.model_dump_json() == theirs.model_dump_json()


def json_writes(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=2).encode("utf-8")


def test_numbers_pydantic_writes_unlike_json_are_written_again() -> None:
    import pydantic_core

    from numcheck.checker.report.json_report import _floats_as_json_writes_them

    value = {"precision": 1e-06, "low": [2e-6, 1.5e-7, 0.00001, 100.00001, 0.0001, 1e-10, 1.5e16, 5],
             'key "quoted": 0.00001': 3e-5, "text": '"x": 0.00001', "e-commerce": "price 1e-5",
             "lines": ["0.00001", "a\n  0.00001", "1.5e-7,"], "nested": {"p": [{"q": 4e-9}]}}
    written = pydantic_core.to_json(value, indent=2)
    assert written != json_writes(value), "pydantic must write some of these unlike json"
    assert _floats_as_json_writes_them(written) == json_writes(value)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10**12, 10**12) | st.text(st.sampled_from('0.1e-5": \\,[]{}\nab'))
    | st.floats(allow_nan=False, allow_infinity=False) | st.floats(min_value=-1e-3, max_value=1e-3),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(st.sampled_from('0.e-5": \\'), max_size=6),
                                                                 inner, max_size=4),
    max_leaves=12)


@settings(max_examples=300, deadline=None)
@given(json_values)
def test_any_json_value_is_written_as_json_writes_it(value) -> None:
    import pydantic_core

    from numcheck.checker.report.json_report import _floats_as_json_writes_them

    assert _floats_as_json_writes_them(pydantic_core.to_json(value, indent=2)) == json_writes(value)


def test_encoded_reports_are_the_utf8_of_the_text() -> None:
    for fmt in ("json", "text", "md", "html", "sarif"):
        for report in (sample_report(), hostile_report()):
            assert render(report, fmt, encoded=True) == render(report, fmt).encode("utf-8"), fmt


def test_a_damaged_summary_of_an_unloaded_entry_is_extracted_again(tmp_path: Path, seeds_dir: Path) -> None:
    """Summaries are listed without a checksum (that would read the claims): one that does not
    hold the model's types is extracted again, never a crash or a wrong summary."""
    import shutil
    import time as time_mod

    from numcheck.checker.cache import ClaimCache
    from numcheck.checker.config import Config
    from numcheck.checker.lookup import index_blocks
    from numcheck.checker.parallel import extract_files
    from numcheck.checker.run import build_report

    corpus = tmp_path / "corpus"
    shutil.copytree(seeds_dir, corpus, ignore=shutil.ignore_patterns(".numcheck"))
    old = time_mod.time() - 3600
    for f in corpus.iterdir():
        os.utime(f, (old, old))
    new = tmp_path / "new.txt"
    new.write_text("2023年，杭州常住人口1300万人。\n", encoding="utf-8")
    config = Config()
    full = build_report([str(new)], [str(corpus)], config).report.model_dump(exclude={"timings"})
    with ClaimCache(tmp_path / "c.sqlite") as cache:
        extract_files(sorted(str(p) for p in corpus.iterdir()), cache=cache, keep=False)
        index_blocks(cache, config)
        keys = [k for (k,) in cache.conn.execute("SELECT key FROM summaries ORDER BY key")]
        cache.conn.execute("UPDATE summaries SET language = 'xx' WHERE key = ?", (keys[0],))
        cache.conn.execute("UPDATE summaries SET published = 'not a date' WHERE key = ?", (keys[1],))
        cache.conn.execute("UPDATE summaries SET title = x'ff' WHERE key = ?", (keys[2],))  # a blob
        cache.conn.execute("UPDATE summaries SET n_claims = 'many' WHERE key = ?", (keys[3],))
        cache.conn.execute("DELETE FROM summaries WHERE key = ?", (keys[4],))
        again = build_report([str(new)], [str(corpus)], config, cache=cache).report.model_dump(exclude={"timings"})
    assert again == full


LANGUAGES = ("zh-Hans", "zh-Hant", "en", "und")


def sound_summary(row: tuple) -> bool:
    """The rule ClaimCache.unsound_summaries gives SQLite, in Python: a `summaries` row holds
    DocumentSummary's types, and its date is written as date.isoformat writes it."""
    n_claims, sha256, language, published, title, source = row
    if not (type(n_claims) is int and type(sha256) is str and language in LANGUAGES
            and all(v is None or type(v) is str for v in (published, title, source))):
        return False
    try:
        return published is None or date.fromisoformat(published).isoformat() == published
    except ValueError:
        return False


def test_the_rules_languages_are_the_models() -> None:
    import typing

    assert set(typing.get_args(DocumentSummary.model_fields["language"].annotation)) == set(LANGUAGES)


@settings(max_examples=200)
@given(doc=text, sha256=text, claims=st.integers(0, 10**6), language=st.sampled_from(["zh-Hans", "zh-Hant", "en", "und"]),
       published=st.none() | st.dates(min_value=date(1, 1, 1)), title=st.none() | text, source=st.none() | text)
def test_summaries_read_from_the_cache_equal_validated_ones(doc, sha256, claims, language, published, title, source) -> None:
    from numcheck.checker.cache import summary_of

    row = (claims, sha256, language, published.isoformat() if published else None, title, source)
    assert sound_summary(row)
    made = summary_of(row, doc)
    validated = DocumentSummary(doc=doc, sha256=sha256, claims=claims, language=language, published=published,
                                title=title, source=source, role=None)
    assert made == validated and made.model_dump_json() == validated.model_dump_json()
    made.title = "changed"  # a later assignment stays its own
    assert summary_of(row, doc).title == title


filled = st.integers(-5, 10**6) | st.text(st.sampled_from("0129-:xzhHansteund"), max_size=12) | st.binary(max_size=3)
cell = st.none() | filled
good_date = st.dates(min_value=date(1, 1, 1)).map(date.isoformat)


@settings(max_examples=300, deadline=None)
@given(rows=st.lists(st.tuples(filled | st.integers(0, 10), filled | text, filled | st.sampled_from(["zh-Hans", "en", "und", "xx"]),
                               cell | good_date | st.sampled_from(["2024-02-30", "2024-1-5", "20240105"]),
                               cell | text, cell | text), max_size=8))
def test_sqlite_finds_exactly_the_summaries_python_finds_unsound(tmp_path_factory, rows) -> None:
    """Damaged summary rows are found by SQLite (one pass in C); these are the rows sound_summary,
    the model's types checked in Python, rejects."""
    from numcheck.checker.cache import ClaimCache

    with ClaimCache(tmp_path_factory.mktemp("s") / "c.sqlite") as cache:
        cache.conn.executemany("INSERT INTO summaries VALUES (?,?,?,?,?,?,?)",
                               [(f"k{i}", *row) for i, row in enumerate(rows)])
        stored = cache.summaries()
        assert cache.unsound_summaries() == {key for key, row in stored.items() if not sound_summary(row)}


def test_file_records_answer_the_same_read_at_once_or_per_file(tmp_path: Path) -> None:
    """The listing reads every file record in one scan (and lets it go when done); a cache that
    keeps them, or asks the table per file, gives the same answer for fresh, changed, racily
    hashed and unknown files."""
    from numcheck.checker.cache import RACY_MARGIN_NS, ClaimCache, FileState, recorded_sha256

    fresh, changed = FileState(10, 1_000, 7), FileState(10, 2_000, 7)
    paths = ("/corpus/a.txt", "/corpus/b.txt", "/corpus/c.txt")
    with ClaimCache(tmp_path / "c.sqlite") as cache:
        cache.put_batch([], [("/corpus/a.txt", fresh, "a" * 64, 1_000 + RACY_MARGIN_NS),
                             ("/corpus/b.txt", fresh, "b" * 64, 1_000)])  # b: hashed while it could change

        def answers() -> list:
            return [cache.known_sha256(path, state) for path in paths for state in (fresh, changed)]

        per_file = answers()
        records = cache.read_file_records()
        scanned = [recorded_sha256(records.get(path), state.size, state.mtime_ns, state.inode)
                   for path in paths for state in (fresh, changed)]
        cache.load_file_records()
        assert answers() == scanned == per_file == ["a" * 64, None, None, None, None, None]
