"""`numcheck serve` with its bound on listed corroborating claims (--max-corroborating): the API
answer lists at most N corpus claims per corroboration and counts the rest; the page says how
many corpus figures agree and how many are shown; a claim's view counts the unlisted ones;
conflicts are the same as without the bound. (The bound itself: test_corroboration_bound.py.)"""
from __future__ import annotations

import bound_corpus
import pytest
from serve_extra import serve_client_class

TestClient = serve_client_class()

from numcheck.checker.serve import create_app
from numcheck.checker.serve.state import DEFAULT_MAX_CORROBORATING

DRAFT = bound_corpus.DRAFT
AGREEING = bound_corpus.AGREEING


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return bound_corpus.write_corpus(tmp_path_factory.mktemp("serve-bound") / "corpus")


def answer(corpus, bound, name):
    app = create_app([str(corpus)], watch_interval=None, jobs=1, cache_path=corpus.parent / f"{name}.sqlite",
                     max_corroborating=bound)
    with TestClient(app, base_url="http://127.0.0.1:8765") as client:
        response = client.post("/api/check", json={"text": DRAFT})
        assert response.status_code == 200, response.text
        body = response.json()
        page = client.get(body["page"]).text
        (draft_claim,) = [c for c in body["claims"] if c["text"] == "1377万人"]
        view = client.get(draft_claim["url"]).json()
    return body, page, view


def test_the_default_bound_is_small():
    assert 1 <= DEFAULT_MAX_CORROBORATING <= 20


def test_bounded_answer_page_and_claim_view(corpus):
    body, page, view = answer(corpus, 3, "bounded")
    (found,) = body["report"]["corroborations"]
    assert len([c for c in found["claims"] if c["doc"] != "draft.txt"]) == 3
    assert found["unlisted_claims"] == AGREEING - 3
    assert f"corroborated by {AGREEING} corpus figures; 3 shown" in page
    assert view["unlisted_claims"] == AGREEING - 3

    full, full_page, full_view = answer(corpus, None, "unbounded")
    (all_of_them,) = full["report"]["corroborations"]
    assert "unlisted_claims" not in all_of_them and len(all_of_them["claims"]) == AGREEING + 1
    assert "corpus figures;" not in full_page and full_view["unlisted_claims"] == 0
    assert all_of_them["id"] == found["id"]
    # conflicts untouched by the bound, the draft's status too
    assert body["report"]["conflicts"] == full["report"]["conflicts"]
    assert [c["status"] for c in body["claims"]] == [c["status"] for c in full["claims"]]
