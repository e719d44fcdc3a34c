"""The CI gate through the command line: formats, --output, --baseline, --fail-on, diff, exit codes.

Exit codes: 0 clean, 1 conflicts at or above --fail-on, 2 usage or input error,
3 internal error (never 0 on a crash). Here `build_report` is replaced by a
hand-built report so the table is tested independently of extraction.
"""
from __future__ import annotations

import json

import pytest

import numcheck.checker.run  # noqa: F401

from numcheck import checker
from numcheck.checker.cli import main
from numcheck.checker.report import render
from report_samples import sample_report, wuhan_conflict, xray_conflict


def run(argv: list[str], capsys) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as info:
        main(argv)
    out, err = capsys.readouterr()
    return info.value.code, out, err


@pytest.fixture
def fake_report(monkeypatch):
    """Make `check` see a chosen report; returns a setter."""
    holder = {}

    class Result:
        def __init__(self, report):
            self.report = report

    def fake_build_report(paths, against, config, **kwargs):
        holder["against"] = against
        return Result(holder["report"])

    monkeypatch.setattr(checker.run, "build_report", fake_build_report)

    def use(report):
        holder["report"] = report
        return holder

    return use


def clean(report):
    return report.model_copy(update={"errors": [], "unused_waivers": [], "conflicts": [
        c.model_copy(update={"baselined": False}) for c in report.conflicts]})


@pytest.mark.parametrize("conflicts, fail_on, code", [
    ([wuhan_conflict()], "medium", 1),      # high >= medium
    ([wuhan_conflict()], "high", 1),
    ([xray_conflict()], "high", 0),         # medium < high
    ([xray_conflict()], "medium", 1),
    ([xray_conflict()], "low", 1),
    ([wuhan_conflict()], "none", 0),
    ([], "low", 0),
])
def test_exit_code_follows_the_fail_on_threshold(fake_report, capsys, conflicts, fail_on, code):
    fake_report(clean(sample_report()).model_copy(update={"conflicts": conflicts}))
    assert run(["check", "seeds/", "--fail-on", fail_on, "--format", "json"], capsys)[0] == code


def test_input_errors_exit_2_even_with_conflicts(fake_report, capsys):
    fake_report(sample_report())  # has an E107 input error
    code, out, err = run(["check", "seeds/", "--format", "json"], capsys)
    assert code == 2 and "seeds/missing.txt: no such file or directory [E107]" in err
    assert json.loads(out)["errors"][0]["code"] == "E107"  # the report is still written


@pytest.mark.parametrize("argv", [
    ["check", "seeds/", "--fail-on", "severe"],
    ["check", "seeds/", "--format", "pdf"],
    ["check", "seeds/", "--no-such-option"],
    ["check"],
    ["diff", "only-one.json"],
    ["baseline", "create", "seeds/"],  # --reason is required
])
def test_usage_errors_exit_2(fake_report, capsys, argv):
    fake_report(clean(sample_report()))
    assert run(argv, capsys)[0] == 2


def test_a_crash_exits_3_never_0(fake_report, capsys, monkeypatch):
    fake_report(clean(sample_report()))

    def explode(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("numcheck.checker.report.render", explode)
    code, _, err = run(["check", "seeds/", "--fail-on", "none"], capsys)
    assert code == 3 and "internal error: RuntimeError: boom" in err


@pytest.mark.parametrize("fmt", ["text", "json", "md", "html", "sarif"])
def test_output_file_holds_the_rendered_report(fake_report, capsys, tmp_path, fmt):
    report = clean(sample_report())
    fake_report(report)
    target = tmp_path / "sub" / f"report.{fmt}"
    code, out, _ = run(["check", "seeds/", "--format", fmt, "--output", str(target)], capsys)
    assert code == 1 and out == ""
    assert target.read_text("utf-8") == render(report, fmt)


def test_unwritable_output_exits_2(fake_report, capsys, tmp_path):
    fake_report(clean(sample_report()))
    (tmp_path / "file").write_text("")
    code, _, err = run(["check", "seeds/", "--output", str(tmp_path / "file" / "r.json")], capsys)
    assert code == 2 and "[E301]" in err


def test_text_is_plain_when_not_a_terminal(fake_report, capsys):
    fake_report(clean(sample_report()))
    _, out, _ = run(["check", "seeds/"], capsys)
    assert "HIGH NC101 value_mismatch" in out and "\x1b[" not in out


# --- baselines through the CLI ----------------------------------------------------

def test_baseline_create_then_check_passes_and_new_conflicts_fail(fake_report, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    fake_report(clean(sample_report()).model_copy(update={"conflicts": [wuhan_conflict()]}))
    code, _, err = run(["baseline", "create", "seeds/", "--reason", "different reference years",
                        "--reviewer", "li.wei"], capsys)
    assert code == 0 and "1 waivers written" in err
    baseline = json.loads((tmp_path / "numcheck-baseline.json").read_text("utf-8"))
    assert baseline["waivers"][0]["fingerprint"] == wuhan_conflict().id
    assert baseline["waivers"][0]["reviewer"] == "li.wei"

    # the same conflict is now baselined: clean exit, marked in the report
    code, out, _ = run(["check", "seeds/", "--baseline", "numcheck-baseline.json", "--format", "json"], capsys)
    assert code == 0 and json.loads(out)["conflicts"][0]["baselined"] is True

    # a new conflict fails; the old waiver still applies
    fake_report(clean(sample_report()).model_copy(update={"conflicts": [wuhan_conflict(), xray_conflict()]}))
    code, out, _ = run(["check", "seeds/", "--baseline", "numcheck-baseline.json", "--format", "json"], capsys)
    assert code == 1
    assert {c["id"]: c["baselined"] for c in json.loads(out)["conflicts"]} == {
        wuhan_conflict().id: True, xray_conflict().id: False}

    # create refuses to overwrite; update adds the new one; then everything passes
    assert run(["baseline", "create", "seeds/", "--reason", "x"], capsys)[0] == 2
    code, _, err = run(["baseline", "update", "seeds/", "--reason", "vague wording", "--reviewer", "ma"], capsys)
    assert code == 0 and "1 waivers added, 2 in all" in err
    assert run(["check", "seeds/", "--baseline", "numcheck-baseline.json"], capsys)[0] == 0

    # the Wuhan conflict goes away: its waiver is unused, listed, and pruned
    fake_report(clean(sample_report()).model_copy(update={"conflicts": [xray_conflict()]}))
    code, out, _ = run(["check", "seeds/", "--baseline", "numcheck-baseline.json", "--format", "json"], capsys)
    assert code == 0 and json.loads(out)["unused_waivers"] == [wuhan_conflict().id]
    code, _, err = run(["check", "new.txt", "--against", "seeds/", "--baseline", "numcheck-baseline.json",
                        "--format", "json"], capsys)
    assert code == 0  # a partial run does not call waivers unused
    assert run(["baseline", "prune", "seeds/"], capsys)[0] == 0
    kept = json.loads((tmp_path / "numcheck-baseline.json").read_text("utf-8"))["waivers"]
    assert [w["fingerprint"] for w in kept] == [xray_conflict().id] and kept[0]["reason"] == "vague wording"


def test_malformed_or_missing_baseline_exits_2_naming_the_file(fake_report, capsys, tmp_path):
    fake_report(clean(sample_report()))
    bad = tmp_path / "b.json"
    bad.write_text('{"numcheck_baseline": 1, "waivers": [{"fingerprint": "x"}]}', "utf-8")
    code, _, err = run(["check", "seeds/", "--baseline", str(bad)], capsys)
    assert code == 2 and f"{bad}: malformed baseline: line 1, key waivers[0].reason" in err
    code, _, err = run(["check", "seeds/", "--baseline", str(tmp_path / "none.json")], capsys)
    assert code == 2 and "none.json: baseline file not found" in err


def test_diff_command(capsys, tmp_path):
    old, new = clean(sample_report()), clean(sample_report())
    new = new.model_copy(update={"conflicts": new.conflicts[1:]})
    (tmp_path / "old.json").write_text(render(old, "json"), "utf-8")
    (tmp_path / "new.json").write_text(render(new, "json"), "utf-8")
    code, out, _ = run(["diff", str(tmp_path / "old.json"), str(tmp_path / "new.json")], capsys)
    assert code == 0 and out.startswith("0 added, 1 resolved, 2 unchanged")
    code, out, _ = run(["diff", str(tmp_path / "new.json"), str(tmp_path / "old.json"), "--fail-on", "medium",
                        "--format", "json"], capsys)
    assert code == 1 and len(json.loads(out)["added"]) == 1
    code, _, err = run(["diff", str(tmp_path / "old.json"), str(tmp_path / "missing.json")], capsys)
    assert code == 2 and "missing.json" in err


def test_the_installed_command_exits_as_main_does(tmp_path, seeds_dir) -> None:
    """`numcheck` (checker.cli.run) leaves by os._exit: the same codes, stdout flushed, files whole."""
    import subprocess
    import sys

    command = [sys.executable, "-c", "from numcheck.checker.cli import run; run()"]
    target = tmp_path / "r.json"
    checked = subprocess.run([*command, "check", str(seeds_dir), "--no-cache", "--format", "json",
                              "--output", str(target)], capture_output=True, text=True)
    assert checked.returncode == 1 and json.loads(target.read_text(encoding="utf-8"))["conflicts"]
    extracted = subprocess.run([*command, "extract", str(seeds_dir), "--no-cache"], capture_output=True, text=True)
    assert extracted.returncode == 0 and len(extracted.stdout.splitlines()) > 100
    assert all(json.loads(line)["doc"] for line in extracted.stdout.splitlines())
    bad = subprocess.run([*command, "check", str(tmp_path / "missing.txt"), "--no-cache"], capture_output=True, text=True)
    assert bad.returncode == 2 and "missing.txt" in bad.stderr
    usage = subprocess.run([*command, "check", "--no-such-option"], capture_output=True, text=True)
    assert usage.returncode == 2 and "no-such-option" in usage.stderr
