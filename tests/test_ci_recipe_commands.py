"""The GitHub Actions recipe of docs/ci.md works on this repository's seeds, as written.

Its numcheck commands run, in order, on a temporary copy of seeds/ with the committed
numcheck-baseline.json: the gate passes because the one genuine seeds conflict (Wuhan
在校大学生, 超140万 vs 135万) is baselined, while the README's `numcheck check seeds/`
still reports it and exits 1. If this fails after a change to conflict ids, refresh the
baseline with the `baseline create` command shown in docs/ci.md (and review it).
"""
from __future__ import annotations

import json
import re
import shlex
import shutil
from pathlib import Path

import pytest
import yaml

from numcheck.checker.cli import main

ROOT = Path(__file__).resolve().parent.parent
CI_DOC = (ROOT / "docs" / "ci.md").read_text("utf-8")
COMMITTED_BASELINE = ROOT / "numcheck-baseline.json"


def numcheck(argv: list[str], capsys) -> tuple[int, str]:
    with pytest.raises(SystemExit) as info:
        main(argv)
    out = capsys.readouterr().out
    return info.value.code, out


def workflow_commands() -> list[tuple[str, list[str]]]:
    """(step name, argv) of every numcheck command in the workflow's steps, in order."""
    block = next(b for b in re.findall(r"```yaml\n(.*?)```", CI_DOC, flags=re.S) if "jobs:" in b)
    steps = yaml.safe_load(block)["jobs"]["numcheck"]["steps"]
    return [(step.get("name", ""), shlex.split(line.strip())[1:])
            for step in steps for line in step.get("run", "").splitlines() if line.strip().startswith("numcheck ")]


def documented_line(prefix: str) -> list[str]:
    line = next(line.strip() for line in CI_DOC.splitlines() if line.strip().startswith(prefix))
    return shlex.split(line)[1:]


@pytest.fixture
def repo(tmp_path, monkeypatch) -> Path:
    """A checkout: seeds/ and the committed baseline, with the recipe run at its root."""
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds", ignore=shutil.ignore_patterns(".*"))
    shutil.copy(COMMITTED_BASELINE, tmp_path / COMMITTED_BASELINE.name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_committed_baseline_holds_the_reviewed_wuhan_conflict_only():
    waivers = json.loads(COMMITTED_BASELINE.read_text("utf-8"))["waivers"]
    assert [(w["code"], w["subject"]) for w in waivers] == [("NC102", "武汉 · 在校大学生")]
    assert sorted(w["claims"][0].split(": ")[1] for w in waivers) == ["135万"] and waivers[0]["reason"]


def test_the_workflow_gate_passes_and_its_reports_are_written(repo, capsys):
    commands = workflow_commands()
    assert [name for name, _ in commands] == ["Check the seeds", "Reports for people", "Reports for people"]
    for name, argv in commands:
        assert "--baseline" in argv and "seeds/" in argv
        code, _ = numcheck(argv, capsys)
        assert code == 0, (name, argv)
    sarif = json.loads((repo / "numcheck.sarif").read_text("utf-8"))
    (result,) = sarif["runs"][0]["results"]
    assert result["ruleId"] == "NC102" and result["suppressions"][0]["status"] == "accepted"
    assert "baselined" in (repo / "numcheck.md").read_text("utf-8")
    assert "135万" in (repo / "numcheck-report.html").read_text("utf-8")


def test_the_readme_command_still_reports_the_conflict_and_exits_1(repo, capsys):
    code, out = numcheck(["check", "seeds/"], capsys)
    assert code == 1
    assert "NC102" in out and "135万" in out and "140万" in out and "baselined" not in out


def test_the_documented_baseline_create_gives_the_committed_fingerprints(repo, capsys):
    (repo / COMMITTED_BASELINE.name).unlink()
    argv = documented_line("numcheck baseline create seeds/")
    assert numcheck(argv, capsys)[0] == 0
    created = json.loads((repo / COMMITTED_BASELINE.name).read_text("utf-8"))["waivers"]
    committed = json.loads(COMMITTED_BASELINE.read_text("utf-8"))["waivers"]
    assert [w["fingerprint"] for w in created] == [w["fingerprint"] for w in committed], (
        "conflict ids changed: review and refresh numcheck-baseline.json with the command in docs/ci.md")
    assert numcheck(["check", "seeds/", "--baseline", COMMITTED_BASELINE.name, "--quiet"], capsys)[0] == 0


def test_a_missing_baseline_fails_the_gate_loudly(repo, capsys):
    (repo / COMMITTED_BASELINE.name).unlink()
    (_, gate), *_ = workflow_commands()
    assert numcheck(gate, capsys)[0] == 2


@pytest.mark.parametrize("article, code", [
    ("武汉市在校大学生120万人。\n", 1),  # joins the Wuhan figures with a third, different one
    ("某公司今年新建厂房3座。\n", 0),     # nothing to contradict
])
def test_the_pull_request_step_gates_only_added_documents(repo, capsys, article, code):
    (repo / "seeds" / "new_article.txt").write_text(article, encoding="utf-8")
    line = next(line for line in CI_DOC.splitlines() if "numcheck check $added" in line)
    template = line[line.index("numcheck check $added"):].removesuffix("; fi")
    argv = shlex.split(template.replace("$added", "seeds/new_article.txt"))[1:]
    got, out = numcheck(argv, capsys)
    assert got == code
    assert ("new_article.txt" in out) == (code == 1)
