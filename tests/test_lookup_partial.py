"""A re-check with the cache (`check NEW --against CORPUS`) loads only the corpus claims that share
a block and a metric group with a new claim, and still gives exactly the report of a full
extraction. The corpus (tests/corpus/lookup, see its README) holds the cases where a finding
depends on more than its metric group: figures that take their entity from their document, and
one entity written in Chinese and in English beside a second Chinese name that romanises alike."""
from __future__ import annotations

from collections import Counter

import json
import re
import shutil
from pathlib import Path

import pytest

from numcheck.checker.cache import ClaimCache
from numcheck.checker.config import Config
from numcheck.checker import prefetch
from numcheck.checker.parallel import extract_files
from numcheck.checker.run import build_report

LOOKUP_CORPUS = Path(__file__).parent / "corpus" / "lookup"
# a figure, not a year (19xx/20xx standing alone) and not in the publication date's line
_FIGURE = re.compile(r"(?<![\d.])(?!(?:19|20)\d\d(?![\d.]))(\d+)")


def changed_figures(text: str) -> str:
    """Every figure doubled, dates and years kept: the article now contradicts its sources."""
    return "\n".join(line if line.startswith(("发布时间", "Published")) else
                     _FIGURE.sub(lambda m: str(int(m.group(1)) * 2), line) for line in text.split("\n"))


def report_json(result) -> str:
    data = json.loads(result.report.model_dump_json())
    data.pop("timings", None)
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("lookup") / "corpus"
    shutil.copytree(LOOKUP_CORPUS, folder, ignore=shutil.ignore_patterns("*.md"))
    return folder


def new_documents(corpus: Path, folder: Path) -> list[Path]:
    """Each corpus article restated as it is and with its figures changed."""
    out = []
    for source in sorted(corpus.glob("*.txt")):
        text = source.read_text(encoding="utf-8")
        for label, body in (("same", text), ("changed", changed_figures(text))):
            target = folder / f"{source.stem}.{label}.txt"
            target.write_text(body, encoding="utf-8")
            out.append(target)
    return out


def test_every_article_and_its_changed_copy_gets_the_full_report(corpus: Path, tmp_path: Path) -> None:
    config = Config()
    partial = []
    with ClaimCache(tmp_path / "c.sqlite") as cache:
        extract_files(sorted(str(p) for p in corpus.iterdir()), cache=cache, keep=False)
        for new in new_documents(corpus, tmp_path):
            full = build_report([str(new)], [str(corpus)], config)
            looked_up = build_report([str(new)], [str(corpus)], config, cache=cache)
            assert report_json(looked_up) == report_json(full), new.name
            held = Counter(c.doc for c in full.extraction.claims)  # every claim of each document
            loaded = [c for c in looked_up.extraction.claims if c.doc != str(new)]
            in_documents = sum(held[d.path] for d in looked_up.extraction.documents if d.path != str(new))
            assert len(loaded) <= in_documents
            partial.append(len(loaded) < in_documents)
            if new.stem.endswith("changed"):
                assert full.report.conflicts, f"{new.name}: doubled figures must contradict the corpus"
    assert any(partial), "some lookup must load part of a document only"


def test_a_figure_naming_no_entity_keeps_its_documents_entity_when_loaded_alone(corpus: Path, tmp_path: Path) -> None:
    # wuhan_profile.txt gives its GDP without naming the city; only that claim of it meets the
    # new article, so the city comes from the index, not from the claims loaded.
    new = tmp_path / "gdp.txt"
    new.write_text("发布时间：2024-05-02\n\n2023年，武汉地区生产总值约4万亿元。\n", encoding="utf-8")
    with ClaimCache(tmp_path / "c.sqlite") as cache:
        extract_files(sorted(str(p) for p in corpus.iterdir()), cache=cache, keep=False)
        looked_up = build_report([str(new)], [str(corpus)], Config(), cache=cache)
    profile = str(corpus / "wuhan_profile.txt")
    assert [c.text for c in looked_up.extraction.claims if c.doc == profile] == ["2.0万亿元"]
    assert any(m.doc == profile for c in looked_up.report.conflicts for m in c.claims)


def test_new_documents_extracted_while_the_corpus_is_listed_give_the_same_report(tmp_path: Path, monkeypatch) -> None:
    # With more than one process, new documents the cache lacks are extracted by a worker while the
    # corpus is listed (checker/prefetch.py). A new file that fails inside the corpus is listed (and
    # fails) as a corpus file too, exactly as without a cache.
    corpus = tmp_path / "corpus"
    shutil.copytree(LOOKUP_CORPUS, corpus, ignore=shutil.ignore_patterns("*.md"))
    broken = corpus / "broken.txt"
    broken.write_bytes(b"\x00\x01binary")
    new = tmp_path / "new.txt"
    new.write_text(changed_figures((LOOKUP_CORPUS / "wuhan_students.txt").read_text(encoding="utf-8")),
                   encoding="utf-8")
    config = Config()
    full = build_report([str(new), str(broken)], [str(corpus)], config)
    started = []

    class Counted(prefetch.Prefetch):
        def __init__(self, paths, *args) -> None:
            started.append(list(paths))
            super().__init__(paths, *args)

    monkeypatch.setattr(prefetch, "Prefetch", Counted)
    with ClaimCache(tmp_path / "c.sqlite") as cache:
        extract_files(sorted(str(p) for p in corpus.glob("*.txt")), cache=cache, keep=False)
        meanwhile = build_report([str(new), str(broken)], [str(corpus)], config, cache=cache, jobs=2)
        hits = cache.hits
        again = build_report([str(new)], [str(corpus)], config, cache=cache, jobs=2)
        assert cache.hits > hits, "the new document extracted meanwhile must be in the cache"
    assert started == [[str(new), str(broken)]], "a worker only while the cache lacks a new document"
    assert full.report.conflicts and [e.code for e in full.report.errors] == ["E102", "E102"]
    assert report_json(meanwhile) == report_json(full)
    assert report_json(again) == report_json(build_report([str(new)], [str(corpus)], config))
