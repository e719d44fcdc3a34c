"""`numcheck serve` in a real browser: Debian's headless Chromium driven by Playwright against
uvicorn on 127.0.0.1 (a free port, in a thread).

Paste seed 000, see 140万 marked as a conflict, open it, see 135万 from seed 001, accept it with a
reason, and see the waiver in the baseline file and the conflict shown as baselined; no console
error and no request beyond the server. Saves serve.png (in NUMCHECK_SCREENSHOT_DIR; docs/img for the README). Needs `apt-get install chromium`,
`pip install playwright` (never `playwright install`) and the serve extra; skipped cleanly without.
"""
from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from test_html_browser import browser  # noqa: F401  (the shared Chromium fixture)

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    pytest.importorskip("fastapi", reason="the serve extra is not installed")
    pytest.importorskip("multipart", reason="the serve extra is not installed")
    uvicorn = pytest.importorskip("uvicorn", reason="the serve extra is not installed")
    from numcheck.checker.serve import create_app

    root = tmp_path_factory.mktemp("served")
    corpus = root / "corpus"
    corpus.mkdir()
    for seed in SEEDS[1:]:  # the draft is seed 000: the corpus is the other four
        shutil.copy(seed, corpus / seed.name)
    baseline = root / "numcheck-baseline.json"
    app = create_app([str(corpus)], baseline=baseline, watch_interval=None, jobs=1)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}", baseline
    server.should_exit = True
    thread.join(timeout=10)


def test_paste_check_open_accept(browser, server, tmp_path):
    base, baseline = server
    errors: list[str] = []
    foreign: list[str] = []
    page = browser.new_page(viewport={"width": 1440, "height": 1000})
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("request", lambda request: None if request.url.startswith(base) else foreign.append(request.url))

    page.goto(base + "/")
    page.fill("#draft", SEEDS[0].read_text(encoding="utf-8"))
    with page.expect_navigation():
        page.click("button[type=submit]:has-text('Check')")
    assert "/results/" in page.url

    number = page.locator("#draft-view a.num.st-conflict", has_text="140万").first
    assert number.is_visible()
    number.click()
    card = page.locator(".claim-card:target")
    assert card.is_visible()
    assert "in conflict" in card.inner_text()
    other = card.locator(".compared li", has_text="135万").first
    assert other.is_visible() and SEEDS[1].name in other.inner_text()
    assert page.locator("#conflicts svg.numberline").count() >= 1
    # as the HTML report's browser test: NUMCHECK_SCREENSHOT_DIR=docs/img refreshes the README's picture
    shot = Path(os.environ.get("NUMCHECK_SCREENSHOT_DIR", tmp_path)) / "serve.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shot))

    # the corpus document, with the sentence highlighted
    with page.expect_navigation():
        other.locator("a.corpus-link").click()
    assert page.locator("mark.hl-number").first.inner_text() == "135万"
    page.go_back()

    conflict = page.locator("article.conflict", has=page.locator("a", has_text=SEEDS[1].name)).first
    conflict.locator("input[name=reason]").fill("different reference years")
    conflict.locator("input[name=reviewer]").fill("li.wei")
    with page.expect_navigation():
        conflict.locator("button", has_text="Accept with reason").click()

    text = baseline.read_text(encoding="utf-8")
    assert "different reference years" in text and "li.wei" in text
    shown = page.locator("article.conflict[data-baselined=true]")
    assert shown.count() == 1 and "baselined" in shown.first.inner_text()
    assert page.locator("#draft-view a.num.st-baselined", has_text="140万").count() >= 1
    assert errors == [] and foreign == []
    page.close()
