"""`check NEW --against CORPUS` with the cache reads only the corpus documents whose blocks meet
the new claims, and still gives exactly the report of a full extraction."""
from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest

from numcheck.checker.cache import ClaimCache
from numcheck.checker.config import Config
from numcheck.checker.lookup import index_blocks
from numcheck.checker.parallel import extract_files
from numcheck.checker.run import build_report


@pytest.fixture()
def corpus(tmp_path: Path, seeds_dir: Path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(seeds_dir, folder, ignore=shutil.ignore_patterns(".numcheck"))
    (folder / "other.txt").write_text("2023年，杭州常住人口1252万人。阿里巴巴营业收入约8687亿元。\n", encoding="utf-8")
    (folder / "broken.txt").write_bytes(b"\x00\x01binary")
    old = time.time() - 3600
    for f in folder.iterdir():
        os.utime(f, (old, old))
    return folder


def report_json(result) -> str:
    data = json.loads(result.report.model_dump_json())
    data.pop("timings", None)
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def test_lookup_gives_the_full_report(corpus: Path, tmp_path: Path, seeds_dir: Path) -> None:
    new = tmp_path / "new.txt"
    # A new article restating a seed's figures with one changed: it meets some corpus blocks only.
    seed = sorted(seeds_dir.glob("*.txt"))[1].read_text(encoding="utf-8")
    new.write_text(seed.replace("135万", "150万"), encoding="utf-8")
    config = Config()
    full = build_report([str(new)], [str(corpus)], config)
    assert full.report.conflicts, "the changed figure must conflict with the corpus"
    with ClaimCache(tmp_path / "c.sqlite") as cache:
        extract_files(sorted(str(p) for p in corpus.iterdir()), cache=cache, keep=False)
        assert index_blocks(cache, config) == 6
        first = build_report([str(new)], [str(corpus)], config, cache=cache)
        second = build_report([str(new)], [str(corpus)], config, cache=cache)
    assert report_json(first) == report_json(full)
    assert report_json(second) == report_json(full)
    assert len(second.extraction.claims) < len(full.extraction.claims), "the lookup must skip documents"


def test_lookup_without_block_index_and_with_changed_corpus_files(corpus: Path, tmp_path: Path) -> None:
    new = tmp_path / "new.txt"
    new.write_text("2023年，杭州常住人口1300万人。\n", encoding="utf-8")
    config = Config()
    with ClaimCache(tmp_path / "c.sqlite") as cache:
        extract_files(sorted(str(p) for p in corpus.iterdir()), cache=cache, keep=False)  # no block index
        cold = build_report([str(new)], [str(corpus)], config, cache=cache)
        (corpus / "other.txt").write_text("2023年，杭州常住人口1200万人。\n", encoding="utf-8")
        changed = build_report([str(new)], [str(corpus)], config, cache=cache)
    assert report_json(cold) != report_json(changed)
    assert report_json(changed) == report_json(build_report([str(new)], [str(corpus)], config))
    assert [e.code for e in changed.report.errors] == ["E102"]
