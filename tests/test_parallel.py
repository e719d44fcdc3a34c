"""Parallel extraction gives the same output, in the same order, for any number of workers."""
from __future__ import annotations

from pathlib import Path

import pytest

from numcheck.checker.cache import ClaimCache, to_json
from numcheck.checker.parallel import available_cores, extract_files


def lossless(extraction) -> list[str]:
    return ([to_json(d) for d in extraction.documents] + [to_json(c) for c in extraction.claims]
            + [f"{e.path}|{e.code}|{e.message}" for e in extraction.errors])


@pytest.fixture(scope="module")
def mixed_corpus(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> list[str]:
    """Seeds under many names, with small edits, plus inputs that fail in different ways."""
    folder = tmp_path_factory.mktemp("mixed")
    lines = [line for p in sorted(seeds_dir.glob("*.txt"))
             for line in p.read_text(encoding="utf-8").splitlines() if len(line) > 20]
    paths = []
    for i in range(24):
        text = "\n".join(lines[(i * 2 + k) % len(lines)] for k in range(2))
        doc = folder / f"doc{i:02d}.txt"
        doc.write_text(text.replace("2024", str(2000 + i)) if i % 2 else text, encoding="utf-8")
        paths.append(str(doc))
        if i == 7:
            binary = folder / "binary.txt"
            binary.write_bytes(b"\x00\x01\x02" * 100)
            paths.append(str(binary))
        if i == 15:
            paths.append(str(folder / "missing.txt"))
    return paths


def test_workers_change_nothing_but_speed(mixed_corpus: list[str], tmp_path: Path) -> None:
    serial = extract_files(mixed_corpus, jobs=1)
    assert [e.code for e in serial.errors] == ["E102", "E107"]
    with ClaimCache(tmp_path / "c.sqlite") as cache:
        parallel = extract_files(mixed_corpus, jobs=2, cache=cache, min_parallel_bytes=0)
        # Results were streamed into the cache: a second run extracts nothing (and starts no pool).
        again = extract_files(mixed_corpus, jobs=2, cache=cache, min_parallel_bytes=0)
        assert cache.hits == len(mixed_corpus) - 2
    assert lossless(parallel) == lossless(serial)
    assert lossless(again) == lossless(serial)


def test_small_inputs_stay_in_process(mixed_corpus: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    def no_pool(*args, **kwargs):
        raise AssertionError("a pool was started for a tiny input")

    monkeypatch.setattr("numcheck.checker.parallel._run_pool", no_pool)
    assert extract_files(mixed_corpus[:3], jobs=4).documents


def test_progress_counts_every_document(mixed_corpus: list[str]) -> None:
    seen = {"docs": 0, "claims": 0, "total": 0}

    class Counter:
        def add_total(self, n: int) -> None:
            seen["total"] += n

        def __call__(self, docs: int, claims: int) -> None:
            seen["docs"] += docs
            seen["claims"] += claims

    result = extract_files(mixed_corpus, progress=Counter())
    assert seen == {"docs": len(mixed_corpus), "claims": len(result.claims), "total": len(mixed_corpus)}


def test_index_mode_keeps_nothing_in_memory(mixed_corpus: list[str], tmp_path: Path) -> None:
    with ClaimCache(tmp_path / "c.sqlite") as cache:
        result = extract_files(mixed_corpus, cache=cache, keep=False)
        assert not result.documents and not result.claims and len(result.errors) == 2
        assert cache.stats()["entries"] == len({Path(p).read_bytes() for p in mixed_corpus if Path(p).exists()
                                                and not p.endswith("binary.txt")})


def test_available_cores_is_positive() -> None:
    assert available_cores() >= 1
