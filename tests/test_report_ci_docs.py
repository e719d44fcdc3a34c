"""The CI recipe and the pre-commit hooks only use commands and options numcheck has."""
from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import yaml

from numcheck.checker.cli import main

ROOT = Path(__file__).resolve().parent.parent


def yaml_blocks(markdown: str) -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", markdown, flags=re.S)


def numcheck_commands(text: str) -> list[list[str]]:
    """Every `numcheck ...` command line in a shell snippet (folded `>-` lines already joined by YAML)."""
    commands = []
    for line in text.replace(";", "\n").splitlines():
        start = line.find("numcheck ")
        if start < 0 or "$" in line[start:]:
            continue
        argv = shlex.split(line[start:])[1:]
        commands.append(argv)
    return commands


def accepts(argv: list[str], capsys) -> int:
    """Exit code of parsing `argv` (--help is eager: known options exit 0, unknown ones 2)."""
    with pytest.raises(SystemExit) as info:
        main(argv + ["--help"])
    capsys.readouterr()
    return info.value.code


def test_pre_commit_hooks_are_valid(capsys):
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    assert [h["id"] for h in hooks] == ["numcheck", "numcheck-changed"]
    for hook in hooks:
        assert {"id", "name", "entry", "language"} <= set(hook) and hook["language"] == "python"
        assert re.compile(hook["files"]).search("seeds/000.txt") and not re.compile(hook["files"]).search("a.py")
        argv = shlex.split(hook["entry"])[1:] + hook.get("args", [])
        assert accepts(argv, capsys) == 0, argv


def test_ci_recipe_runs_numcheck_on_seeds_and_uploads_sarif(capsys):
    doc = (ROOT / "docs" / "ci.md").read_text("utf-8")
    blocks = [yaml.safe_load(block) for block in yaml_blocks(doc)]
    workflow = next(b for b in blocks if isinstance(b, dict) and "jobs" in b)
    steps = workflow["jobs"]["numcheck"]["steps"]
    upload = next(s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif"))
    runs = [s["run"] for s in steps if "run" in s]
    sarif_step = next(r for r in runs if "--format sarif" in r)
    assert "seeds/" in sarif_step and upload["with"]["sarif_file"] in sarif_step
    assert workflow["permissions"]["security-events"] == "write"
    commands = [argv for r in runs for argv in numcheck_commands(r)]
    assert len(commands) >= 3
    for argv in commands:
        assert accepts(argv, capsys) == 0, argv


def test_an_unknown_option_would_be_caught(capsys):
    assert accepts(["check", "seeds/", "--no-such-flag"], capsys) == 2
