"""The HTML audit report in a real browser: Debian's headless Chromium driven by Playwright.

Needs `apt-get install chromium` and `pip install playwright` (never `playwright
install`: the system browser is used through its executable path). Skipped
cleanly when either is missing.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from numcheck.checker.report import render
from report_samples import IMG, SCRIPT, hostile_report, sample_report

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("NUMCHECK_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_api.sync_playwright() as p:
        try:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        except Exception as exc:  # a broken browser install is an environment problem, not a report bug
            pytest.skip(f"Chromium did not start: {exc}")
        yield browser
        browser.close()


class Visit:
    """A page with everything that could go wrong recorded: script errors, dialogs, requests."""

    def __init__(self, browser, path: Path):
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("console", lambda msg: self.errors.append(msg.text) if msg.type == "error" else None)
        self.page.on("dialog", self._dialog)
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.url = path.resolve().as_uri()
        self.page.goto(self.url)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def visible_conflicts(self) -> list[str]:
        return self.page.eval_on_selector_all("article.conflict:not([hidden])", "els => els.map(e => e.id)")

    def assert_clean(self) -> None:
        assert self.errors == [] and self.dialogs == []
        assert [u for u in self.requests if u != self.url] == []  # offline: nothing but the file itself


def write(tmp_path: Path, report, name: str = "report.html") -> Path:
    path = tmp_path / name
    path.write_text(render(report, "html"), encoding="utf-8")
    return path


def test_report_renders_and_filters_work(browser, tmp_path):
    visit = Visit(browser, write(tmp_path, sample_report()))
    page = visit.page
    assert page.inner_text("h1") == "numcheck audit report"
    assert page.inner_text("#summary").split() [:4] == ["4", "documents", "165", "claims"]
    everything = visit.visible_conflicts()
    assert len(everything) == 3 and page.inner_text("#shown") == "Showing 3 of 3 conflicts"

    page.select_option("#f-severity", "high")
    assert visit.visible_conflicts() == ["conflict-ffffffffwuhan0001"]
    assert page.inner_text("#shown") == "Showing 1 of 3 conflicts"
    page.select_option("#f-severity", "")

    page.select_option("#f-entity", "小米汽车工厂")
    assert visit.visible_conflicts() == ["conflict-eeeeeeeexray00002"]
    page.select_option("#f-entity", "")

    page.select_option("#f-doc", "seeds/003_4daf552a251e0480.txt")
    assert visit.visible_conflicts() == ["conflict-eeeeeeeexray00002", "conflict-ddddddddstaff0003"]
    page.uncheck("#f-baselined")
    assert visit.visible_conflicts() == ["conflict-eeeeeeeexray00002"]
    page.select_option("#f-doc", "")
    assert len(visit.visible_conflicts()) == 2

    # each conflict: claims side by side, the number marked, a number line with one row per claim
    wuhan = page.locator("#conflict-ffffffffwuhan0001")
    assert wuhan.locator("mark").all_inner_texts() == ["140万", "135万"]
    boxes = [c.bounding_box() for c in wuhan.locator(".claim").all()]
    assert abs(boxes[0]["y"] - boxes[1]["y"]) < 1 and boxes[0]["x"] < boxes[1]["x"]  # side by side
    assert wuhan.locator("svg.numberline circle").count() == 1  # 135万 is a point
    assert wuhan.locator("svg.numberline line[stroke-width='6']").count() == 1  # 超140万 is a ray
    visit.assert_clean()


def test_hostile_document_text_renders_inertly(browser, tmp_path):
    visit = Visit(browser, write(tmp_path, hostile_report(), name='evil"><img src=x>.html'))
    page = visit.page
    page.wait_for_timeout(200)  # give any injected handler the chance to fire
    counts = page.evaluate("""() => ({
        img: document.querySelectorAll('img').length,
        a: document.querySelectorAll('a').length,
        scripts: document.querySelectorAll('script').length,
        handlers: [...document.querySelectorAll('*')].filter(
            e => [...e.attributes].some(a => a.name.startsWith('on'))).length })""")
    assert counts == {"img": 0, "a": 0, "scripts": 1, "handlers": 0}
    text = page.inner_text("body")
    assert SCRIPT in text and IMG.strip('"') in text and "javascript:alert(1)" in text
    # filters still work on hostile entity and document names
    page.select_option("#f-entity", f"武汉{IMG}")
    assert len(visit.visible_conflicts()) == 1
    page.select_option("#f-doc", f"docs/{IMG}.txt")
    assert len(visit.visible_conflicts()) == 1
    visit.assert_clean()


def _seed_report(tmp_path: Path) -> Path:
    out = tmp_path / "seeds.html"
    proc = subprocess.run([sys.executable, "-c", "from numcheck.checker.cli import main; main()", "check", "seeds/",
                           "--format", "html", "--output", str(out), "--no-cache", "--quiet"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode in (0, 1), proc.stderr
    return out


def test_seed_report_shows_the_wuhan_conflict(browser, tmp_path):
    visit = Visit(browser, _seed_report(tmp_path))
    page = visit.page
    page.select_option("#f-entity", "武汉")
    wuhan = [c for c in page.locator("article.conflict:not([hidden])").all()
             if "140万" in c.inner_text() and "135万" in c.inner_text()]
    assert wuhan, "the Wuhan student-count conflict (超140万 vs 135万) is missing"
    conflict = wuhan[0]
    marks = conflict.locator("mark").all_inner_texts()
    assert "140万" in marks and "135万" in marks
    sentences = conflict.locator("blockquote").all_inner_texts()
    assert any("超140万" in s for s in sentences) and any("在校大学生135万" in s for s in sentences)
    assert conflict.locator("svg.numberline").count() == 1
    shot = Path(os.environ.get("NUMCHECK_SCREENSHOT_DIR", tmp_path)) / "wuhan-conflict.png"
    conflict.screenshot(path=str(shot))
    assert shot.stat().st_size > 5000
    page.screenshot(path=str(shot.with_name("seeds-report.png")), full_page=True)
    visit.assert_clean()
