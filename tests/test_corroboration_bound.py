"""The bound on the corpus claims a corroboration lists (`numcheck serve --max-corroborating`,
engine.find_conflicts' `max_corroborating`): at most N corpus claims listed, the draft's always,
the rest counted in `unlisted_claims` and the explanation; the finding's id unchanged; conflicts
identical with and without the bound; `numcheck check` (no bound) writes no new field.
"""
from __future__ import annotations

import json
from pathlib import Path

import bound_corpus
import pytest

from numcheck.checker.config import Config
from numcheck.checker.run import build_report
from numcheck.checker.cache import ClaimCache
from numcheck.checker.report.json_report import render_json

DRAFT = bound_corpus.DRAFT.encode()
AGREEING = bound_corpus.AGREEING


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return bound_corpus.write_corpus(tmp_path_factory.mktemp("bound") / "corpus")


def check(corpus: Path, bound: int | None):
    cache = ClaimCache(corpus.parent / "cache.sqlite")
    try:
        return build_report([], [str(corpus)], Config(), cache=cache, jobs=1, texts=[("draft.txt", DRAFT)],
                            max_corroborating=bound).report
    finally:
        cache.close()


def corroboration(report):
    (found,) = [f for f in report.corroborations if any(c.doc == "draft.txt" for c in f.claims)]
    return found


@pytest.mark.parametrize("bound", [1, 3, 10])
def test_a_corroboration_lists_at_most_n_corpus_claims_and_counts_the_rest(corpus, bound):
    full = corroboration(check(corpus, None))
    bounded = corroboration(check(corpus, bound))
    corpus_claims = [c for c in bounded.claims if c.doc != "draft.txt"]
    assert len(full.claims) == AGREEING + 1
    assert len(corpus_claims) == bound
    assert [c.doc for c in bounded.claims if c.doc == "draft.txt"] == ["draft.txt"]  # the draft's always
    assert bounded.unlisted_claims == AGREEING - bound
    assert f"{AGREEING - bound} more agreeing claim" in bounded.explanation
    assert f"{AGREEING + 1} documents agree" in bounded.explanation  # the count is of all of them
    # the same finding: its id, and the first corpus claims of the full list
    assert bounded.id == full.id
    assert [c.id for c in bounded.claims] == [c.id for c in full.claims][:bound + 1]
    assert full.unlisted_claims is None


def test_no_bound_when_all_fit(corpus):
    full = corroboration(check(corpus, None))
    same = corroboration(check(corpus, AGREEING))
    assert same.model_dump() == full.model_dump()
    assert same.unlisted_claims is None


def test_conflicts_are_identical_with_the_bound(corpus):
    full, bounded = check(corpus, None), check(corpus, 1)
    assert full.conflicts, "the 1500万 documents make a conflict"
    assert [c.model_dump() for c in bounded.conflicts] == [c.model_dump() for c in full.conflicts]
    # every agreeing corpus claim stays in the conflict (it stands on the draft's side)
    assert len(full.conflicts[0].claims) == 1 + AGREEING + 2


def test_lean_report_lists_only_the_documents_shown(corpus):
    bounded = check(corpus, 1)
    listed = {d.doc for d in bounded.documents}
    named = {c.doc for f in (*bounded.conflicts, *bounded.corroborations) for c in f.claims}
    assert listed == named


def test_unbounded_json_has_no_new_field(corpus):
    """`numcheck check` never bounds: its JSON report is as before, no `unlisted_claims` key."""
    text = render_json(check(corpus, None))
    assert "unlisted_claims" not in text
    bounded = json.loads(render_json(check(corpus, 2)))
    (found,) = [f for f in bounded["corroborations"] if any(c["doc"] == "draft.txt" for c in f["claims"])]
    assert found["unlisted_claims"] == AGREEING - 2
    assert all("unlisted_claims" not in c for c in bounded["conflicts"])


def test_a_bound_below_one_is_refused(corpus):
    with pytest.raises(ValueError):
        check(corpus, 0)
