"""Lean checks (report contract v1, "Additions within version 1"): --no-corroborations says
corroborations were not checked; an --against report lists only what matters; docs/rules.md
is generated from the rule modules and SARIF links to it."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from numcheck.checker.cli import app
from numcheck.checker.report import render
from numcheck.checker.rules import REGISTRY, help_uri, rules_markdown
from numcheck.schemas.models import Report

ROOT = Path(__file__).resolve().parent.parent
LOOKUP = ROOT / "tests" / "corpus" / "lookup"


def _run(args: list[str]) -> tuple[int, str]:
    result = CliRunner().invoke(app, [*args, "--no-cache", "--quiet"])
    return result.exit_code, result.stdout


def _json(args: list[str]) -> dict:
    code, out = _run([*args, "--format", "json"])
    assert code in (0, 1), out
    return json.loads(out)


def test_no_corroborations_reports_null_and_summaries_say_not_checked() -> None:
    full = _json(["check", str(LOOKUP)])
    lean = _json(["check", str(LOOKUP), "--no-corroborations"])
    assert full["corroborations"], "the lookup corpus has agreeing figures"
    assert lean["corroborations"] is None
    assert lean["conflicts"] == full["conflicts"]
    report = Report.model_validate(lean)
    text, markdown, html = (render(report, fmt) for fmt in ("text", "md", "html"))
    assert "corroborations not checked" in text and "corroborated figures" not in text
    assert "| not checked |" in markdown
    assert "not checked" in html
    full_text = render(Report.model_validate(full), "text")
    assert f"{len(full['corroborations'])} corroborated figures" in full_text


def test_against_report_lists_the_given_documents_and_those_a_finding_names(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for f in LOOKUP.glob("*.txt"):
        (corpus / f.name).write_bytes(f.read_bytes())
    for i in range(6):  # documents nothing in the draft speaks of
        (corpus / f"other_{i}.txt").write_text(f"2023年某县新建公园{i + 2}个，绿道{i + 10}公里。", encoding="utf-8")
    draft = tmp_path / "draft.txt"
    draft.write_text("武汉拥有在校大学生150万人，是全国大学生人数最多的城市之一。", encoding="utf-8")

    whole = _json(["check", str(draft), str(corpus)])
    lean = _json(["check", str(draft), "--against", str(corpus)])
    named = {c["doc"] for f in lean["conflicts"] + lean["corroborations"] for c in f["claims"]}
    assert lean["conflicts"], "the draft contradicts the corpus"
    listed = {d["doc"]: d for d in lean["documents"]}
    assert set(listed) == named | {str(draft)}
    assert listed[str(draft)]["role"] == "given"
    assert all(d["role"] == "corpus" for doc, d in listed.items() if doc != str(draft))
    corpus_docs = [d for d in whole["documents"] if d["doc"] != str(draft)]
    assert lean["corpus"] == {"documents": len(corpus_docs), "claims": sum(d["claims"] for d in corpus_docs)}
    assert len(lean["documents"]) < len(whole["documents"])
    # The summary still counts the whole corpus.
    code, text = _run(["check", str(draft), "--against", str(corpus)])
    total = sum(d["claims"] for d in whole["documents"])
    assert f"{len(whole['documents'])} documents, {total} claims" in text


def test_rules_doc_is_generated_from_the_rule_modules() -> None:
    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == rules_markdown(), "docs/rules.md is stale: run `numcheck rules --output docs/rules.md`"
    for rule in REGISTRY:
        assert f'<a id="{rule.CODE.lower()}"></a>' in committed
        assert f"## {rule.CODE} {rule.NAME}:" in committed
    code, _ = _run_plain(["rules", "--output", str(ROOT / "docs" / "rules.md"), "--check"])
    assert code == 0


def _run_plain(args: list[str]) -> tuple[int, str]:
    result = CliRunner().invoke(app, args)
    return result.exit_code, result.stdout


def test_rules_check_fails_on_a_stale_file(tmp_path: Path) -> None:
    stale = tmp_path / "rules.md"
    stale.write_text(rules_markdown().replace("What it flags", "What it flagged", 1), encoding="utf-8")
    assert _run_plain(["rules", "--output", str(stale), "--check"])[0] == 1
    assert _run_plain(["rules", "--output", str(stale)])[0] == 0
    assert stale.read_text(encoding="utf-8") == rules_markdown()


@pytest.mark.parametrize("rule", REGISTRY, ids=lambda r: r.CODE)
def test_sarif_rules_link_to_their_section(rule, seeds_dir: Path) -> None:
    assert help_uri(rule).endswith(f"rules.md#{rule.CODE.lower()}")
    assert help_uri(rule).startswith("https://")


def test_sarif_carries_help_uri(seeds_dir: Path) -> None:
    sarif = json.loads(_run(["check", str(seeds_dir), "--format", "sarif"])[1])
    rules = sarif["runs"][0]["tool"]["driver"]["rules"]
    assert rules and all(r["helpUri"].endswith("#" + r["id"].lower()) for r in rules)
    anchors = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert all(f'<a id="{r["id"].lower()}"></a>' in anchors for r in rules)
