"""`numcheck serve --workers N` (checker/serve/workers.py): checks in worker processes give the
answers checks in the server process give, a corpus change reaches the workers, the pages and claim
look-ups read a check a worker made, and a dead worker is replaced.

Skipped when the `serve` extra (fastapi, httpx, jinja2, python-multipart) is not installed.
"""
from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import signal
import time
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest
from serve_extra import serve_client_class

TestClient = serve_client_class()

from numcheck.checker.config import Config
from numcheck.checker.serve import create_app
from numcheck.checker.serve.state import Corpus

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
DRAFT = SEEDS[0].read_text(encoding="utf-8")  # 140万 students in Wuhan; seed 001 says 135万
DRAFTS = [DRAFT, SEEDS[1].read_text(encoding="utf-8"), "2023年，杭州常住人口1300万人。", "营收1亿元"]


def comparable(body: bytes) -> dict:
    """An API answer without what differs between two checks of one draft: the check's id, timings."""
    data = json.loads(body)
    data["report"].pop("timings", None)
    return {k: v for k, v in data.items() if k not in ("id", "page")}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("workers") / "corpus"
    folder.mkdir()
    for seed in SEEDS[1:]:
        shutil.copy(seed, folder / seed.name)
    return folder


@pytest.fixture(scope="module")
def both(corpus: Path):
    """(the same corpus checked here, checked in two workers)."""
    here = Corpus([str(corpus)], Config(), cache_path=corpus.parent / "here.sqlite", jobs=1)
    there = Corpus([str(corpus)], Config(), cache_path=corpus.parent / "there.sqlite", jobs=1)
    here.index()
    there.index()
    there.start_workers(2)
    yield here, there
    here.close()
    there.close()


def answers(state: Corpus, texts: list[str]) -> list[dict]:
    out = []
    for k, text in enumerate(texts):
        made = state.answer(f"id{k}", "draft.txt", text.encode(), None, "medium", None, True)
        out.append(comparable(made.body))
    return out


def test_workers_answer_as_the_server_process_does(both) -> None:
    here, there = both
    assert here.workers is None and there.workers is not None
    assert answers(there, DRAFTS) == answers(here, DRAFTS)


def same_checked(mine, theirs) -> None:
    assert json.loads(theirs.report.model_dump_json(exclude={"timings"})) == \
        json.loads(mine.report.model_dump_json(exclude={"timings"}))
    assert not any(c.baselined for c in theirs.report.conflicts)  # kept as checked, the baseline applied when shown
    assert [c.model_dump() for c in theirs.draft_claims] == [c.model_dump() for c in mine.draft_claims]
    assert {k: c.model_dump() for k, c in theirs.claims_by_id.items()} == \
        {k: c.model_dump() for k, c in mine.claims_by_id.items()}
    assert (theirs.text, theirs.format, theirs.fail_on) == (mine.text, mine.format, mine.fail_on)


@pytest.mark.parametrize("body", [True, False])
def test_a_check_a_worker_made_is_kept_as_one_made_here(both, tmp_path: Path, body: bool) -> None:
    # kept from the API's answer (body), or written apart (a form's check, or a baselined answer)
    here, there = both
    made_here = here.answer("a", "draft.txt", DRAFT.encode(), None, "low", None, body)
    conflict = json.loads(made_here.body)["report"]["conflicts"][0] if body else None
    baseline = None
    if conflict:  # a waiver for the first conflict: the answer's report differs from the check's
        from numcheck.checker.serve.state import BaselineStore

        baseline = tmp_path / "baseline.json"
        store = BaselineStore(baseline)
        store.accept(made_here.kept.checked().report.conflicts[0], reason="known", reviewer="test")
    for path in (None, baseline):
        made_there = there.answer("b", "draft.txt", DRAFT.encode(), None, "low", path, body)
        assert (made_there.body is None) == (not body) and made_there.kept.weight == made_here.kept.weight
        assert made_there.kept.claim_ids == made_here.kept.claim_ids
        theirs = made_there.kept.checked()
        assert theirs.report.conflicts and theirs.id == "b"
        same_checked(made_here.kept.checked(), theirs)
        if path is not None:
            shown = json.loads(made_there.body)["report"]["conflicts"]
            assert [c["baselined"] for c in shown if c["id"] == conflict["id"]] == [True]


def test_a_draft_error_comes_back_from_a_worker(both) -> None:
    here, there = both
    bad = b"\x00\x01\x02binary" * 10
    assert there.answer("x", "draft.txt", bad, None, "medium", None, True).error == \
        here.answer("x", "draft.txt", bad, None, "medium", None, True).error is not None


def test_a_corpus_change_reaches_the_workers(both, corpus: Path) -> None:
    _, there = both
    draft = "2024年，苏州市常住人口1300万人。"
    before = json.loads(there.answer("c", "draft.txt", draft.encode(), None, "medium", None, True).body)
    assert not before["report"]["conflicts"]
    (corpus / "suzhou.txt").write_text("2024年，苏州市常住人口1600万人。", encoding="utf-8")
    try:
        assert there.refresh()  # what the watcher calls
        after = json.loads(there.answer("d", "draft.txt", draft.encode(), None, "medium", None, True).body)
        assert any(c["doc"].endswith("suzhou.txt") for f in after["report"]["conflicts"] for c in f["claims"])
    finally:
        (corpus / "suzhou.txt").unlink()
        there.refresh()


def test_a_dead_worker_is_replaced(both) -> None:
    _, there = both
    victim = multiprocessing.active_children()[0]
    os.kill(victim.pid, signal.SIGKILL)
    victim.join(10)
    with pytest.raises(BrokenProcessPool):  # the check that met the dead worker fails (a 500)...
        there.answer("e", "draft.txt", DRAFT.encode(), None, "medium", None, True)
    # ... the next ones are answered by new workers
    made = there.answer("f", "draft.txt", DRAFT.encode(), None, "medium", None, True)
    assert json.loads(made.body)["report"]["conflicts"]


def test_pages_and_claims_of_a_check_a_worker_made(corpus: Path, tmp_path: Path) -> None:
    app = create_app([str(corpus)], cache_path=tmp_path / "app.sqlite", watch_interval=None, jobs=1, workers=1)
    with TestClient(app, base_url="http://127.0.0.1:8765") as client:
        started = time.monotonic()
        body = client.post("/api/check", json={"text": DRAFT}).json()
        assert body["report"]["conflicts"] and body["page"] == f"/results/{body['id']}"
        conflicted = next(c for c in body["claims"] if c["status"] == "conflict")
        claim = client.get(conflicted["url"]).json()
        assert claim["check"] == body["id"] and claim["compared_with"]
        page = client.get(body["page"])
        assert page.status_code == 200 and conflicted["text"] in page.text
        form = client.post("/check", data={"text": DRAFT}, follow_redirects=False)
        assert form.status_code == 303 and client.get(form.headers["location"]).status_code == 200
        assert client.get("/healthz").json()["checks_kept"] == 2
        assert time.monotonic() - started < 60
