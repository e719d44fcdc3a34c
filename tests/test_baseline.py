"""Baselines: waivers by fingerprint, unused ones listed, malformed files named by file, line and key."""
from __future__ import annotations

import json
from datetime import date

import pytest

from numcheck.checker.baseline import (
    Baseline, apply_baseline, create_baseline, dump_baseline, load_baseline, prune_baseline, save_baseline,
    update_baseline,
)
from numcheck.checker.diff import diff_reports, load_report, render_diff
from numcheck.checker.json_locate import key_lines, key_text
from numcheck.checker.report import render
from numcheck.claims.errors import ConfigError
from report_samples import sample_report, wuhan_conflict

TODAY = date(2026, 3, 14)


def fresh_report():
    report = sample_report()
    return report.model_copy(update={"conflicts": [c.model_copy(update={"baselined": False})
                                                   for c in report.conflicts], "unused_waivers": []})


def test_create_then_apply_marks_every_conflict_baselined(tmp_path):
    report = fresh_report()
    baseline = create_baseline(report, reason="reviewed", reviewer="li.wei", today=TODAY)
    path = tmp_path / "numcheck-baseline.json"
    save_baseline(path, baseline)
    loaded = load_baseline(path)
    assert loaded == Baseline(waivers=sorted(baseline.waivers, key=lambda w: w.fingerprint))
    applied = apply_baseline(report, loaded)
    assert all(c.baselined for c in applied.conflicts)
    assert applied.unused_waivers == []
    assert not any(c.baselined for c in report.conflicts)  # the input report is left alone
    waiver = next(w for w in loaded.waivers if w.fingerprint == wuhan_conflict().id)
    assert (waiver.code, waiver.subject, waiver.reason, waiver.reviewer, waiver.date) == (
        "NC101", "武汉 · 在校大学生", "reviewed", "li.wei", TODAY)
    assert waiver.claims == ["seeds/000_2da3e67e9d7d3bd4.txt: 140万", "seeds/001_0185ecf0b5b28ccb.txt: 135万"]
    # the file is stable text: same baseline, same bytes
    assert path.read_text("utf-8") == dump_baseline(loaded)


def test_only_waived_conflicts_are_baselined_and_unused_waivers_are_listed():
    report = fresh_report()
    baseline = create_baseline(report.model_copy(update={"conflicts": [wuhan_conflict()]}),
                               reason="r", reviewer="me", today=TODAY)
    baseline.waivers.append(baseline.waivers[0].model_copy(update={"fingerprint": "gone" * 4}))
    applied = apply_baseline(report, baseline)
    assert {c.id: c.baselined for c in applied.conflicts} == {
        "ffffffffwuhan0001": True, "eeeeeeeexray00002": False, "ddddddddstaff0003": False}
    assert applied.unused_waivers == ["gone" * 4]
    assert apply_baseline(report, baseline, report_unused=False).unused_waivers == []


def test_update_adds_new_conflicts_and_keeps_old_reasons():
    report = fresh_report()
    first = create_baseline(report.model_copy(update={"conflicts": [wuhan_conflict()]}),
                            reason="first review", reviewer="a", today=TODAY)
    updated, added = update_baseline(first, report, reason="second", reviewer="b", today=date(2026, 4, 1))
    assert sorted(w.fingerprint for w in added) == ["ddddddddstaff0003", "eeeeeeeexray00002"]
    reasons = {w.fingerprint: w.reason for w in updated.waivers}
    assert reasons["ffffffffwuhan0001"] == "first review" and reasons["eeeeeeeexray00002"] == "second"


def test_prune_drops_only_unused_waivers():
    report = fresh_report()
    baseline = create_baseline(report, reason="r", reviewer="me", today=TODAY)
    smaller = report.model_copy(update={"conflicts": report.conflicts[:1]})
    pruned, removed = prune_baseline(baseline, smaller)
    assert [w.fingerprint for w in pruned.waivers] == [report.conflicts[0].id]
    assert len(removed) == 2


GOOD_WAIVER = {"fingerprint": "abc", "reason": "ok", "reviewer": "me", "date": "2026-03-14"}


@pytest.mark.parametrize("waiver, line, key, words", [
    ({**GOOD_WAIVER, "date": "March"}, 14, "waivers[1].date", "date"),
    ({k: v for k, v in GOOD_WAIVER.items() if k != "reviewer"}, 10, "waivers[1].reviewer", "required"),
    ({**GOOD_WAIVER, "reason": "  "}, 12, "waivers[1].reason", "blank"),
    ({**GOOD_WAIVER, "colour": "red"}, 15, "waivers[1].colour", "not permitted"),
    (GOOD_WAIVER, 11, "waivers[1].fingerprint", "duplicate"),
])
def test_malformed_baseline_names_file_line_and_key(tmp_path, waiver, line, key, words):
    path = tmp_path / "b.json"
    text = json.dumps({"numcheck_baseline": 1, "waivers": [GOOD_WAIVER, waiver]}, indent=2)
    path.write_text(text, "utf-8")
    with pytest.raises(ConfigError) as info:
        load_baseline(path)
    message = str(info.value)
    assert message.startswith(f"{path}: malformed baseline: line {line}, key {key}:"), message
    assert words in message.lower() and info.value.code == "E202"


def test_baseline_syntax_error_and_missing_file(tmp_path):
    path = tmp_path / "b.json"
    path.write_text('{"numcheck_baseline": 1,\n "waivers": [\n  {"fingerprint": "a",}\n]}', "utf-8")
    with pytest.raises(ConfigError, match=r"b\.json: malformed baseline: line 3, column 23"):
        load_baseline(path)
    with pytest.raises(ConfigError, match="not found"):
        load_baseline(tmp_path / "missing.json")
    path.write_text('{"numcheck_baseline": 2, "waivers": []}', "utf-8")
    with pytest.raises(ConfigError, match="line 1, key numcheck_baseline"):
        load_baseline(path)


def test_key_lines_walk_nested_json():
    text = '{\n "a": [1,\n  {"b": "x\\"y"}],\n "c": {"d": null}\n}'
    lines = key_lines(text)
    assert lines[("a",)] == 2 and lines[("a", 1)] == 3 and lines[("a", 1, "b")] == 3 and lines[("c", "d")] == 4
    assert key_text(("waivers", 2, "date")) == "waivers[2].date"


# --- diff ---------------------------------------------------------------------

def test_diff_lists_added_and_resolved_by_id(tmp_path):
    old = fresh_report()
    new = old.model_copy(update={"conflicts": old.conflicts[1:] + [wuhan_conflict().model_copy(
        update={"id": "new0000000000001"})]})
    (tmp_path / "old.json").write_text(render(old, "json"), "utf-8")
    (tmp_path / "new.json").write_text(render(new, "json"), "utf-8")
    diff = diff_reports(load_report(tmp_path / "old.json"), load_report(tmp_path / "new.json"))
    assert [c.id for c in diff.added] == ["new0000000000001"]
    assert [c.id for c in diff.resolved] == [old.conflicts[0].id]
    assert diff.unchanged == 2
    assert diff.failing("high") and not diff.failing("none")
    text = render_diff(diff, "text")
    assert text.startswith("1 added, 1 resolved, 2 unchanged\n+ HIGH NC101 武汉 · 在校大学生")
    assert json.loads(render_diff(diff, "json"))["added"][0]["id"] == "new0000000000001"
    assert "### Added" in render_diff(diff, "md")


def test_diff_rejects_a_malformed_report_with_line_and_key(tmp_path):
    data = json.loads(render(fresh_report(), "json"))
    data["conflicts"][0]["severity"] = "critical"
    path = tmp_path / "r.json"
    path.write_text(json.dumps(data, indent=1), "utf-8")
    with pytest.raises(ConfigError, match=r"malformed report: line \d+, key conflicts\[0\]\.severity") as info:
        load_report(path)
    assert info.value.code == "E203"
