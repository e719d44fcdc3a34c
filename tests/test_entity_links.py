"""Over a set of documents, an English name takes the one Chinese name its romanisation keys to
(checker/entity_links.py): `numcheck extract` and numcheck.extract give 远澜航运 for "Yuanlan
Shipping" when a Chinese article of the set names it, and leave the name alone otherwise."""
from __future__ import annotations

import json

from typer.testing import CliRunner

import numcheck
from numcheck.checker.cache import copy_with
from numcheck.checker.cli import app
from numcheck.checker.entity_links import link_english_names

ZH = "远澜航运2024年集装箱运量2816万标准箱，同比增长9.4%。"
EN = "Yuanlan Shipping said on Monday its container volumes rose 9.4% in 2024."


def entities(claims, doc: str) -> set:
    return {c.subject.entity for c in claims if c.doc == doc}


def test_english_name_takes_the_chinese_name_of_the_set() -> None:
    claims = numcheck.extract([numcheck.Text("zh.txt", ZH), numcheck.Text("en.txt", EN)])
    assert entities(claims, "en.txt") == {"远澜航运"}
    alone = numcheck.extract([numcheck.Text("en.txt", EN)])
    assert entities(alone, "en.txt") == {"Yuanlan Shipping"}  # nothing to link to: as written


def test_cli_extract_links_names_across_files(tmp_path) -> None:
    (tmp_path / "zh.txt").write_text(ZH, encoding="utf-8")
    (tmp_path / "en.txt").write_text(EN, encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(tmp_path), "--no-cache", "-q"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert {r["subject"]["entity"] for r in rows if r["doc"].endswith("en.txt")} == {"远澜航运"}


def test_two_chinese_names_with_one_key_leave_the_english_name_alone() -> None:
    claims = numcheck.extract([numcheck.Text("zh.txt", ZH), numcheck.Text("en.txt", EN)])
    zh = next(c for c in claims if c.doc == "zh.txt")
    # another entity that romanises alike (远岚航运): which one the wire meant is unknowable
    other = copy_with(zh, doc="zh2.txt", subject=copy_with(zh.subject, entity="远岚航运"))
    english = [c for c in claims if c.doc == "en.txt"]
    unlinked = [copy_with(c, subject=copy_with(c.subject, entity="Yuanlan Shipping")) for c in english]
    linked = link_english_names([zh, other, *unlinked])
    assert {c.subject.entity for c in linked if c.doc == "en.txt"} == {"Yuanlan Shipping"}


def test_forms_with_and_without_a_legal_ending_are_one_name() -> None:
    claims = numcheck.extract([numcheck.Text("a.txt", "禾购集团2024年营业收入320亿元。"),
                               numcheck.Text("b.txt", "禾购2024年营业收入320亿元，禾购海外收入80亿元。"),
                               numcheck.Text("en.txt", "Hegou's revenue reached 32 billion yuan in 2024.")])
    assert entities(claims, "en.txt") <= {"禾购", "禾购集团"} and entities(claims, "en.txt")


def test_an_other_reading_of_a_polyphonic_character_links() -> None:
    # 芫 reads yan or yuan, 栖 qi or xi: the pinyin dictionary says yan, the wire wrote Yuan
    zh = "芫城栖鹭国际机场2025年旅客吞吐量4862.7万人次。"
    en = "Yuancheng Qilu International Airport handled 48.63 million passengers in 2025."
    claims = numcheck.extract([numcheck.Text("zh.txt", zh), numcheck.Text("en.txt", en)])
    assert entities(claims, "en.txt") == entities(claims, "zh.txt") == {"芫城栖鹭国际机场"}
    # a reading no character has links nothing
    claims = numcheck.extract([numcheck.Text("zh.txt", zh),
                               numcheck.Text("en.txt", en.replace("Yuancheng", "Yucheng"))])
    assert "芫城栖鹭国际机场" not in entities(claims, "en.txt")
