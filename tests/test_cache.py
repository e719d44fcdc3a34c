"""The claim cache returns exactly what extraction returns, invalidates on every input that
changes extraction, re-stamps paths and ids, and never trusts a damaged or foreign file."""
from __future__ import annotations

import os
import shutil
import sqlite3
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

import numcheck.claims as claims_pkg
from numcheck.checker import cache as cache_mod
from numcheck.checker.cache import ClaimCache, Extracted, default_cache_path, open_cache, to_json
from numcheck.checker.parallel import extract_files
from numcheck.schemas.models import Claim, Document, Quantity, Span

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def lossless(extraction) -> list[str]:
    """Every document and claim as exact JSON (Decimals keep their digits): equality means identical."""
    return [to_json(d) for d in extraction.documents] + [to_json(c) for c in extraction.claims]


@pytest.fixture()
def corpus(tmp_path: Path, seeds_dir: Path) -> Path:
    """Three short documents of the seeds' lines (the seeds whole would only make the tests slower)."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    lines = [line for p in sorted(seeds_dir.glob("*.txt"))
             for line in p.read_text(encoding="utf-8").splitlines() if len(line) > 20]
    old = time.time() - 3600  # older than the racy-hash margin, as files in a real corpus are
    for i in range(3):
        doc = folder / f"doc{i}.txt"
        doc.write_text("\n".join(lines[i * 7:(i + 1) * 7]), encoding="utf-8")
        os.utime(doc, (old, old))
    return folder


def files_of(folder: Path) -> list[str]:
    return sorted(str(p) for p in folder.glob("*.txt"))


def open_quiet(path: Path, messages: list[str] | None = None) -> ClaimCache:
    return ClaimCache(path, warn=(messages.append if messages is not None else lambda m: None))


def test_cached_claims_are_identical_to_fresh_extraction(corpus: Path, tmp_path: Path) -> None:
    files = files_of(corpus)
    fresh = extract_files(files)
    assert fresh.claims, "the seeds must yield claims for this test to mean anything"
    with open_quiet(tmp_path / "c.sqlite") as cache:
        cold = extract_files(files, cache=cache)
        assert (cache.hits, cache.misses) == (0, len(files))
        warm = extract_files(files, cache=cache)
        assert cache.hits == len(files)
    assert lossless(cold) == lossless(fresh)
    assert lossless(warm) == lossless(fresh)


def test_a_copy_under_another_path_is_restamped(corpus: Path, tmp_path: Path) -> None:
    source = files_of(corpus)[0]
    other = tmp_path / "elsewhere" / "renamed.txt"
    other.parent.mkdir()
    shutil.copyfile(source, other)
    with open_quiet(tmp_path / "c.sqlite") as cache:
        extract_files([source], cache=cache)
        hit = extract_files([str(other)], cache=cache)
        assert cache.hits == 1
    fresh = extract_files([str(other)])
    assert lossless(hit) == lossless(fresh)
    assert all(c.doc == str(other) for c in hit.claims)
    assert {c.id for c in hit.claims}.isdisjoint({c.id for c in extract_files([source]).claims})


@pytest.mark.parametrize("change", ["content", "extractor_version", "data_files", "code", "date", "suffix"])
def test_anything_that_changes_extraction_is_a_miss(change: str, corpus: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    path = Path(files_of(corpus)[0])
    with open_quiet(tmp_path / "c.sqlite") as cache:
        extract_files([str(path)], cache=cache)
        published = None
        if change == "content":
            path.write_text(path.read_text(encoding="utf-8") + "\n新增1000万元。", encoding="utf-8")
        elif change == "extractor_version":
            monkeypatch.setattr(claims_pkg, "EXTRACTOR_VERSION", claims_pkg.EXTRACTOR_VERSION + ".test")
        elif change == "data_files":
            monkeypatch.setattr(cache_mod, "data_hash", lambda: "0" * 64)
        elif change == "code":
            monkeypatch.setattr(cache_mod, "code_hash", lambda: "0" * 64)
        elif change == "date":
            published = date(2020, 1, 1)
        elif change == "suffix":
            path = path.rename(path.with_suffix(".md"))
        result = extract_files([str(path)], cache=cache, published=published)
        assert (cache.hits, cache.misses) == (0, 2)
    assert lossless(result) == lossless(extract_files([str(path)], published=published))


def test_data_hash_covers_the_data_files() -> None:
    root = Path(claims_pkg.__file__).resolve().parent / "data"
    assert any(root.iterdir()), "claims/data must hold the lexicons"
    assert len(cache_mod.data_hash()) == 64
    assert cache_mod.data_hash() != cache_mod.code_hash()


def test_garbage_file_is_moved_aside_and_rebuilt(corpus: Path, tmp_path: Path) -> None:
    target = tmp_path / "c.sqlite"
    target.write_bytes(b"this is not a database\n" * 100)
    messages: list[str] = []
    with open_quiet(target, messages) as cache:
        result = extract_files(files_of(corpus), cache=cache)
    assert messages and "rebuilt" in messages[0]
    assert lossless(result) == lossless(extract_files(files_of(corpus)))
    assert list(tmp_path.glob("c.sqlite.broken-*")), "the unusable file is kept aside, not deleted"
    with open_quiet(target, messages) as cache:
        assert cache.stats()["entries"] == len(files_of(corpus))
    assert len(messages) == 1


def test_foreign_database_is_never_trusted(tmp_path: Path) -> None:
    target = tmp_path / "c.sqlite"
    conn = sqlite3.connect(target)
    conn.execute("CREATE TABLE entries (key TEXT, claims TEXT)")  # looks alike, belongs to someone else
    conn.execute("INSERT INTO entries VALUES ('k', '[]')")
    conn.commit()
    conn.close()
    messages: list[str] = []
    with open_quiet(target, messages) as cache:
        assert cache.stats() == {"entries": 0, "claims": 0}
    assert "another program" in messages[0]
    aside = list(tmp_path.glob("c.sqlite.broken-*"))
    assert len(aside) == 1 and sqlite3.connect(aside[0]).execute("SELECT key FROM entries").fetchall() == [("k",)]


def test_other_layout_version_is_rebuilt(tmp_path: Path) -> None:
    target = tmp_path / "c.sqlite"
    open_quiet(target).close()
    conn = sqlite3.connect(target)
    conn.execute("UPDATE meta SET value='0' WHERE key='layout'")
    conn.commit()
    conn.close()
    messages: list[str] = []
    open_quiet(target, messages).close()
    assert "layout" in messages[0]


def test_damaged_entry_is_a_miss(corpus: Path, tmp_path: Path) -> None:
    files = files_of(corpus)
    with open_quiet(tmp_path / "c.sqlite") as cache:
        extract_files(files, cache=cache)
        # A flipped value inside an otherwise valid row: only the checksum can tell.
        cache.conn.execute("UPDATE entries SET claims = replace(claims, '\"value\":\"', '\"value\":\"9') || ' '")
    messages: list[str] = []
    with open_quiet(tmp_path / "c.sqlite", messages) as cache:
        result = extract_files(files, cache=cache)
        assert cache.hits == 0
    assert messages and all("damaged" in m for m in messages)
    assert lossless(result) == lossless(extract_files(files))


def test_corrupt_pages_are_detected(corpus: Path, tmp_path: Path) -> None:
    target = tmp_path / "c.sqlite"
    with open_quiet(target) as cache:
        extract_files(files_of(corpus), cache=cache)
        cache.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(target.read_bytes())
    page = 4096
    assert len(data) > 3 * page
    data[2 * page + 10:3 * page - 10] = os.urandom(page - 20)  # scribble over a b-tree page
    target.write_bytes(bytes(data))
    messages: list[str] = []
    with open_quiet(target, messages) as cache:
        result = extract_files(files_of(corpus), cache=cache)
    assert messages, "a scribbled page must be noticed"
    assert lossless(result) == lossless(extract_files(files_of(corpus)))


def test_unchanged_files_are_not_read_again(corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = files_of(corpus)
    with open_quiet(tmp_path / "c.sqlite") as cache:
        extract_files(files, cache=cache)
        opened: list[str] = []
        real_open = open

        def spy(file, *args, **kwargs):
            opened.append(str(file))
            return real_open(file, *args, **kwargs)

        monkeypatch.setattr("builtins.open", spy)
        extract_files(files, cache=cache)
        assert cache.hits == len(files)
    assert not set(opened) & set(files)


def test_a_file_changed_right_after_hashing_is_hashed_again(tmp_path: Path) -> None:
    """Same size, same mtime tick: only the racy-hash rule notices (as in git)."""
    doc = tmp_path / "doc.txt"
    doc.write_text("收入100万元。", encoding="utf-8")
    with open_quiet(tmp_path / "c.sqlite") as cache:
        first = extract_files([str(doc)], cache=cache)
        stat = doc.stat()
        doc.write_text("收入200万元。", encoding="utf-8")
        os.utime(doc, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        second = extract_files([str(doc)], cache=cache)
    assert lossless(second) == lossless(extract_files([str(doc)]))
    assert lossless(second) != lossless(first)


def test_default_location_is_in_the_corpus_folder(corpus: Path) -> None:
    assert default_cache_path([str(corpus)]) == corpus / ".numcheck" / "cache.sqlite"
    assert default_cache_path([files_of(corpus)[0]]) == corpus / ".numcheck" / "cache.sqlite"
    assert default_cache_path(["-"]) is None


def test_unusable_location_warns_and_goes_on(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    messages: list[str] = []
    assert open_cache(["x"], blocker / "sub" / "c.sqlite", warn=messages.append) is None
    assert messages and "without it" in messages[0]
    assert open_cache(["x"], tmp_path / "c.sqlite", enabled=False) is None


def test_prune_drops_other_extractor_versions(corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = files_of(corpus)
    with open_quiet(tmp_path / "c.sqlite") as cache:
        extract_files(files, cache=cache)
        monkeypatch.setattr(claims_pkg, "EXTRACTOR_VERSION", "old")
        extract_files(files[:1], cache=cache)
        assert cache.stats()["entries"] == len(files) + 1
        assert cache.prune() == len(files)


exact = st.decimals(allow_nan=False, allow_infinity=False, places=None)


@given(value=exact, low=exact, precision=st.one_of(st.none(), exact))
def test_serialisation_keeps_every_digit(value: Decimal, low: Decimal, precision: Decimal | None) -> None:
    claim = Claim(id="x", doc="d.txt", span=Span(start=0, end=1, line=1, column=1), text="1", sentence="1",
                  sentence_start=0, rule="r",
                  quantity=Quantity(value=value, low=low, high=None, unit="count", dimension="count",
                                    precision=precision))
    entry = Extracted.build(Document(path="d.txt", sha256="0"), [claim], [("1", "1", "k", 0)])
    _, (back,) = entry.load()
    for name in ("value", "low", "precision"):
        assert str(getattr(back.quantity, name)) == str(getattr(claim.quantity, name))
