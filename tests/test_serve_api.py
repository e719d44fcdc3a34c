"""`numcheck serve`'s API, in process (FastAPI's TestClient): the seeds corpus, seed 000 posted as a
draft against the other four, and the refusals (413, 401, 403, 422, traversal) as JSON.

Skipped when the `serve` extra (fastapi, httpx, jinja2, python-multipart) is not installed.
"""
from __future__ import annotations

import json
import re
import shutil
import threading
from pathlib import Path

import pytest
from serve_extra import serve_client_class

TestClient = serve_client_class()

from numcheck.checker.baseline import load_baseline
from numcheck.checker.serve import create_app

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
DRAFT = SEEDS[0].read_text(encoding="utf-8")  # 140万 students in Wuhan; seed 001 says 135万
BASE = "http://127.0.0.1:8765"


def corpus_of(folder: Path) -> Path:
    """Seeds 001-004 (not the draft's own seed) copied to `folder`."""
    folder.mkdir(parents=True)
    for seed in SEEDS[1:]:
        shutil.copy(seed, folder / seed.name)
    return folder


def client_for(app) -> TestClient:
    return TestClient(app, base_url=BASE)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    root = tmp_path_factory.mktemp("serve")
    corpus = corpus_of(root / "corpus")
    app = create_app([str(corpus)], baseline=root / "baseline.json", watch_interval=None, jobs=1)
    with client_for(app) as client:
        yield client, corpus, root / "baseline.json"


@pytest.fixture(scope="module")
def wuhan(served):
    client = served[0]
    response = client.post("/api/check", json={"text": DRAFT})
    assert response.status_code == 200, response.text
    return response.json()


def wuhan_conflict(body: dict) -> dict:
    for conflict in body["report"]["conflicts"]:
        texts = {(Path(c["doc"]).name, c["text"]) for c in conflict["claims"]}
        if ("draft.txt", "140万") in texts and (SEEDS[1].name, "135万") in texts:
            return conflict
    raise AssertionError(f"no Wuhan students conflict in {body['report']['conflicts']}")


# --- the check -------------------------------------------------------------------------------------

def test_seed_000_as_a_draft_finds_the_wuhan_students_conflict(wuhan):
    conflict = wuhan_conflict(wuhan)
    assert conflict["subject"]["entity"] == "武汉" and conflict["severity"] in ("high", "medium")
    assert wuhan["verdict"] == {"fail_on": "medium", "failed": True, "exit_code": 1}
    assert wuhan["report"]["schema_version"] == "1" and wuhan["report"]["corpus"]["documents"] == 4
    statuses = {c["status"] for c in wuhan["claims"]}
    assert {"conflict", "new"} <= statuses
    assert any(c["text"] == "140万" and c["status"] == "conflict" for c in wuhan["claims"])
    unchecked = [c for c in wuhan["claims"] if c["status"] == "unchecked"]
    assert unchecked and all(c["reason"] for c in unchecked)  # from the subject's confidence, or boilerplate
    assert any("min_confidence" in c["reason"] for c in unchecked)


def test_the_report_is_contract_v1(wuhan):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((ROOT / "schemas" / "json" / "report.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(wuhan["report"], schema)


def test_fail_on_none_passes(served):
    body = served[0].post("/api/check", json={"text": DRAFT, "fail_on": "none", "date": "2025-11-20"}).json()
    assert body["verdict"] == {"fail_on": "none", "failed": False, "exit_code": 0}


def test_a_claim_shows_what_it_was_compared_with_and_links_to_the_corpus(served, wuhan):
    client = served[0]
    claim = next(c for c in wuhan["claims"] if c["text"] == "140万" and c["status"] == "conflict")
    view = client.get(claim["url"]).json()
    assert view["claim"]["unit"] and view["claim"]["qualifier"] and view["claim"]["modality"] == "actual"
    assert view["status"] == "conflict"
    other = next(c for c in view["compared_with"] if c["claim"]["text"] == "135万")
    assert Path(other["claim"]["doc"]).name == SEEDS[1].name
    page = client.get(other["document"])
    assert page.status_code == 200
    assert re.search(r'<mark class="hl-number" id="hl">135万</mark>', page.text) or \
        '<mark class="hl-number">135万</mark>' in page.text
    assert 'class="hl-sentence"' in page.text
    doc = client.get(f"/api/documents/{other['claim']['doc']}").json()
    assert doc["text"][other["claim"]["start"]:other["claim"]["end"]] == "135万"


def test_unknown_claim_is_404_json(served):
    response = served[0].get("/api/claims/no-such-claim")
    assert response.status_code == 404 and response.json()["code"] == "unknown_claim"


def test_openapi_schema_and_healthz(served):
    client = served[0]
    schema = client.get("/api/openapi.json").json()
    assert {"/api/check", "/api/claims/{claim_id}", "/api/documents/{path}", "/api/baseline", "/healthz"} \
        <= set(schema["paths"])
    assert {"Report", "ClaimRecord", "CheckResponse", "ErrorBody"} <= set(schema["components"]["schemas"])
    health = client.get("/healthz").json()
    assert health["status"] == "ok" and health["documents"] == 4


# --- the page without JavaScript ---------------------------------------------------------------------

def test_form_post_renders_the_draft_with_statuses_and_downloads(served):
    client = served[0]
    response = client.post("/check", data={"text": DRAFT, "fail_on": "medium"}, follow_redirects=False)
    assert response.status_code == 303
    page = client.get(response.headers["location"])
    assert page.status_code == 200
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert re.search(r'<a class="num st-conflict"[^>]*>140万</a>', page.text)
    assert 'class="num st-new"' in page.text and '<svg class="numberline"' in page.text
    assert "Accept with reason" in page.text
    for fmt in ("json", "md", "html", "sarif"):
        download = client.get(f"{response.headers['location']}/report.{fmt}")
        assert download.status_code == 200 and "attachment" in download.headers["content-disposition"]
        if fmt in ("json", "sarif"):
            json.loads(download.content)
    assert "140万" in client.get(f"{response.headers['location']}/report.md").text


def test_draft_text_is_escaped(served):
    client = served[0]
    hostile = '<script>alert(1)</script><img src=x onerror=alert(2)> 武汉市有在校大学生140万人。'
    response = client.post("/check", data={"text": hostile}, follow_redirects=True)
    assert response.status_code == 200
    assert "<script>alert(1)" not in response.text and "<img src=x" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text


def test_a_draft_error_rerenders_the_form(served):
    response = served[0].post("/check", data={"text": "   "})
    assert response.status_code == 422 and "the draft is empty" in response.text


# --- refusals ----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """A second server over the same documents: a 4,000-byte limit, and a symlink that leads out."""
    root = tmp_path_factory.mktemp("small")
    corpus = corpus_of(root / "corpus")
    (root / "secret.txt").write_text("outside the corpus", encoding="utf-8")
    (corpus / "link.txt").symlink_to(root / "secret.txt")
    app = create_app([str(corpus)], max_bytes=4_000, watch_interval=None, jobs=1)
    with client_for(app) as client:
        yield client, corpus, app


def test_413_for_a_body_over_the_limit(small):
    client = small[0]
    big = "武汉" * 20_000  # 120,000 bytes
    response = client.post("/api/check", json={"text": big})
    assert response.status_code == 413 and response.json()["code"] == "too_large"
    chunked = client.post("/api/check", content=(b"x" * 10_000 for _ in range(10)),
                          headers={"content-type": "application/json"})
    assert chunked.status_code == 413 and "limit" in chunked.json()["error"]
    draft = client.post("/api/check", json={"text": "武" * 2_000})  # 6,000 bytes: body fits, draft does not
    assert draft.status_code == 413 and draft.json()["code"] == "E105"


def test_422_names_the_problem(small):
    client = small[0]
    undecodable = client.post("/api/check", files={"file": ("draft.txt", b"\x81\x30\xff\xfe\xfd abc")})
    assert undecodable.status_code == 422 and undecodable.json()["code"] == "E103"
    assert "decode" in undecodable.json()["error"]
    binary = client.post("/api/check", files={"file": ("draft.txt", b"abc\x00\x01\x02def")})
    assert binary.status_code == 422 and binary.json()["code"] == "E102"
    suffix = client.post("/api/check", files={"file": ("draft.pdf", b"%PDF-1.4")})
    assert suffix.status_code == 422 and suffix.json()["code"] == "E104"
    bad_date = client.post("/api/check", json={"text": "营收1亿元", "date": "yesterday"})
    assert bad_date.status_code == 422 and "date" in bad_date.json()["error"]
    bad_json = client.post("/api/check", content=b"{not json", headers={"content-type": "application/json"})
    assert bad_json.status_code == 422 and bad_json.json()["code"] == "invalid_request"


def test_upload_in_traditional_script_is_read(small):
    text = "武漢市在校大學生140萬人。".encode("utf-8")
    body = small[0].post("/api/check", files={"file": ("稿件.txt", text)}).json()
    assert [c["text"] for c in body["claims"]] == ["140萬人"]


@pytest.mark.parametrize("path", ["%2e%2e/%2e%2e/etc/passwd", "..%2Fsecret.txt", "/etc/passwd", "link.txt",
                                  "corpus/../secret.txt", "%00"])
def test_documents_are_confined_to_the_corpus(small, path):
    client, corpus, _ = small
    for url in (f"/api/documents/{path}", f"/documents/{path}", f"/api/documents/{corpus}/{path}"):
        response = client.get(url)
        assert response.status_code in (400, 404), url
        assert response.json()["code"] in ("outside_corpus", "not_found")
        assert "outside the corpus" not in response.text and "root:" not in response.text


def test_unknown_routes_and_methods_are_json(small):
    client = small[0]
    assert client.get("/nope").json()["code"] == "not_found"
    assert client.delete("/api/check").json()["code"] == "method_not_allowed"


def test_cross_origin_posts_and_foreign_hosts_are_refused(small):
    client = small[0]
    evil = client.post("/api/check", json={"text": "x 1亿元"}, headers={"Origin": "http://evil.example"})
    assert evil.status_code == 403 and evil.json()["code"] == "cross_origin"
    site = client.post("/check", data={"text": "x"}, headers={"Sec-Fetch-Site": "cross-site"})
    assert site.status_code == 403
    same = client.post("/api/check", json={"text": "营收1亿元"}, headers={"Origin": BASE})
    assert same.status_code == 200
    rebound = client.get("/healthz", headers={"Host": "evil.example"})
    assert rebound.status_code == 400 and rebound.json()["code"] == "bad_host"


def test_added_corpus_files_are_picked_up(small):
    client, corpus, app = small
    before = client.get("/healthz").json()["documents"]  # the seeds over 4,000 bytes are not listed
    (corpus / "new.txt").write_text("武汉市在校大学生120万人。", encoding="utf-8")
    assert app.state.corpus.refresh()
    assert client.get("/healthz").json()["documents"] == before + 1
    assert not app.state.corpus.refresh()  # nothing changed since
    assert client.get(f"/api/documents/{corpus}/new.txt").status_code == 200


def test_401_without_the_token(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("武汉市在校大学生135万人。", encoding="utf-8")
    app = create_app([str(corpus)], token="s3cret", allowed_hosts=None, watch_interval=None, jobs=1)
    with client_for(app) as client:
        for method, url in (("GET", "/"), ("GET", "/healthz"), ("POST", "/api/check"), ("GET", "/static/app.css"),
                            ("GET", "/api/openapi.json")):
            response = client.request(method, url)
            assert response.status_code == 401 and response.json()["code"] == "unauthorized", url
        assert client.get("/healthz", headers={"Authorization": "Bearer wrong"}).status_code == 401
        assert client.get("/healthz", headers={"Authorization": "Bearer s3cret"}).status_code == 200
        visit = client.get("/?token=s3cret", follow_redirects=False)
        assert visit.status_code == 303 and "numcheck_token" in visit.headers["set-cookie"]
        assert client.get("/healthz").status_code == 200  # the cookie now


# --- the baseline --------------------------------------------------------------------------------------

def test_concurrent_accepts_both_land(served, wuhan):
    client, _, baseline = served
    perturbed = re.sub(r"\d+", lambda m: str(int(m.group()) * 3 + 7), SEEDS[2].read_text(encoding="utf-8"))
    other = client.post("/api/check", json={"text": perturbed}).json()
    ids = [wuhan_conflict(wuhan)["id"], other["report"]["conflicts"][0]["id"]]
    assert ids[0] != ids[1]
    start = threading.Barrier(len(ids))
    answers: list = [None] * len(ids)

    def accept(i: int) -> None:
        start.wait()
        answers[i] = client.post("/api/baseline", json={"conflict": ids[i], "reason": f"reason {i}",
                                                        "reviewer": f"editor{i}"})

    threads = [threading.Thread(target=accept, args=(i,)) for i in range(len(ids))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [a.status_code for a in answers] == [201, 201]
    waivers = {w.fingerprint: w for w in load_baseline(baseline).waivers}
    assert set(ids) <= set(waivers)
    assert waivers[ids[0]].reviewer == "editor0" and waivers[ids[1]].reason == "reason 1"
    again = client.post("/api/check", json={"text": DRAFT}).json()
    assert wuhan_conflict(again)["baselined"] is True
    assert again["verdict"]["exit_code"] == 0
    assert any(c["text"] == "140万" and c["status"] == "baselined" for c in again["claims"])


def test_accept_refusals(served, small):
    client = served[0]
    blank = client.post("/api/baseline", json={"conflict": "x", "reason": " ", "reviewer": "a"})
    assert blank.status_code in (404, 422)
    unknown = client.post("/api/baseline", json={"conflict": "nope", "reason": "r", "reviewer": "a"})
    assert unknown.status_code == 404 and unknown.json()["code"] == "unknown_conflict"
    off = small[0].post("/api/baseline", json={"conflict": "nope", "reason": "r", "reviewer": "a"})
    assert off.status_code == 409 and off.json()["code"] == "no_baseline"


def test_only_loopback_addresses_go_without_a_token():
    from numcheck.checker.serve.run import is_loopback

    assert all(is_loopback(h) for h in ("127.0.0.1", "127.0.0.2", "::1", "[::1]", "localhost"))
    assert not any(is_loopback(h) for h in ("0.0.0.0", "::", "192.168.1.5", "example.org"))
