"""No regular expression of numcheck backtracks catastrophically.

tests/pathological/regex_scan.py finds every compiled pattern of claims/, checker/ and schemas/
(module level, inside module-level objects, and built by cached loaders such as zones'
_matchers()), and times it on long repetitions of its own characters, their pairs and units of
numeric text ("1,", "%1", "一万", "<a", "[1](" ...) at two lengths. Linear patterns take about
4x longer on the 4x string; quadratic ones 16x. The scan runs in a subprocess, so a pattern
that hangs is killed and named instead of hanging the test run.

Patterns found quadratic on inputs they never see (their callers bound the input length)
are listed in BOUNDED with the reason, and tested at that bound instead.
"""
from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BOUNDED = {
    "numcheck.claims.entity_keys._SCOPE": "applied to entity names only, which the extractor keeps short",
    "numcheck.claims.zones._matchers().short_line": "applied only to lines of at most short_line_max_chars (40) characters",
}
TIMEOUT = 240


def scan(*args: str) -> list[dict]:
    proc = subprocess.Popen([sys.executable, "-m", "tests.pathological.regex_scan", *args], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        out, _ = proc.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, _ = proc.communicate()
        rows = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
        pytest.fail(f"regex scan hung on {rows[-1] if rows else 'start-up'} (killed after {TIMEOUT}s)")
    assert proc.returncode == 0
    return [json.loads(line) for line in out.splitlines() if line.startswith("{")]


def test_no_pattern_backtracks_catastrophically():
    rows = scan("--small", "2000", "--skip", ",".join(BOUNDED))
    done = [r for r in rows if "done" in r]
    assert len(done) >= 80, "the scan found the patterns (module level, objects and cached loaders)"
    names = {r["done"] for r in done}
    assert {"numcheck.claims.quantities.PATTERN", "numcheck.claims.sentences._LATIN_END", "numcheck.claims.html._TOKEN",
            "numcheck.claims.document._MARKDOWN_MARKUP", "numcheck.claims.zones._STAMP"} <= names
    slow = [r for r in done if r["superlinear"]]
    assert slow == [], "superlinear on a repeated unit: " + "; ".join(
        f"{r['done']} on {r['unit']!r} x N: {r['small']}s -> {r['large']}s" for r in slow)


def test_the_scan_detects_a_quadratic_pattern():
    """The detector's measure itself: the zone pattern that used to be quadratic on digit runs
    grows about 16x on a 4x longer digit run; its fixed form about 4x."""
    import re

    sys.path.insert(0, str(ROOT))
    from tests.pathological.regex_scan import repeat, timed

    def growth(pattern: re.Pattern) -> tuple[float, float]:
        small = min(timed(pattern, repeat("1", 1500)) for _ in range(3))
        large = min(timed(pattern, repeat("1", 6000)) for _ in range(2))
        return large / max(small, 1e-6), large

    ratio, _ = growth(re.compile(r"\d+\s*(?:分钟|小时|天)前"))
    assert ratio > 8
    ratio, took = growth(re.compile(r"(?<!\d)\d+\s*(?:分钟|小时|天)前"))
    assert ratio < 8 or took < 0.005  # microseconds: the ratio is noise


def test_bounded_patterns_are_fast_at_their_bound():
    from numcheck.claims.entity_keys import _entity_key as entity_key  # the computation, not the memo
    from numcheck.claims.zones import _matchers

    short_line = _matchers().short_line
    t0 = time.perf_counter()
    for unit in ("0", "1", " ", "（【", "[", "分享"):
        short_line.search((unit * 40)[:40])
        entity_key((unit * 200)[:200])
    assert time.perf_counter() - t0 < 1.0
