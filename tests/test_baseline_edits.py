"""Baselined conflicts stay baselined when documents are edited in ways that do not touch them.

On copies of the seeds: a paragraph inserted at the top of one seed shifts every
offset and line after it, and another seed converted to traditional script
(OpenCC s2t) changes its characters. Fingerprints ignore both.
"""
from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from numcheck.checker.baseline import apply_baseline, create_baseline, load_baseline, save_baseline
from numcheck.checker.config import load_config
from numcheck.checker.run import build_report

SHIFTED = "000_2da3e67e9d7d3bd4.txt"    # the Wuhan conflict's 超140万 side
CONVERTED = "001_0185ecf0b5b28ccb.txt"  # its 135万 side
PARAGRAPH = "（编者按）本文为记者发回的现场报道，转载请注明出处。\n\n"


def check(folder: Path):
    return build_report([str(folder)], None, load_config(folder)).report


@pytest.fixture
def corpus(tmp_path, seeds_dir) -> Path:
    folder = tmp_path / "seeds"
    shutil.copytree(seeds_dir, folder)
    return folder


def test_edits_keep_every_baselined_conflict_baselined(corpus, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # doc paths stay relative: "seeds/..."
    folder = Path("seeds")
    before = check(folder)
    assert before.conflicts, "the seeds have at least the Wuhan student-count conflict"
    assert any(c.subject.entity == "武汉" for c in before.conflicts)
    baseline_file = tmp_path / "numcheck-baseline.json"
    save_baseline(baseline_file, create_baseline(before, reason="reviewed", reviewer="test", today=date(2026, 3, 14)))

    shifted = folder / SHIFTED
    shifted.write_text(PARAGRAPH + shifted.read_text("utf-8"), "utf-8")
    import opencc

    converted = folder / CONVERTED
    original = converted.read_text("utf-8")
    traditional = opencc.OpenCC("s2t").convert(original)
    assert traditional != original
    converted.write_text(traditional, "utf-8")

    after = apply_baseline(check(folder), load_baseline(baseline_file))
    moved = {c.id: c for c in after.conflicts}
    for old in before.conflicts:
        assert old.id in moved, f"{old.code} {old.subject} lost its fingerprint after the edits"
        assert moved[old.id].baselined
    assert after.unused_waivers == []
    # the edits really moved the claims: same conflict, different positions and text
    wuhan_before = next(c for c in before.conflicts if c.subject.entity == "武汉")
    wuhan_after = moved[wuhan_before.id]
    lines = lambda c: {(cl.doc, cl.line) for cl in c.claims}  # noqa: E731
    assert lines(wuhan_before) != lines(wuhan_after)
    assert not any(c.baselined is False and c.id in {o.id for o in before.conflicts} for c in after.conflicts)
