"""CSV claim tables are safe to open in a spreadsheet (OWASP CSV injection guard).

A spreadsheet runs a cell starting with = + - @ (or tab / carriage return) as a
formula. Text cells that start so get a leading single quote; number columns
(value, low, high, precision, start, end, line, column) stay numbers, so a
negative value is still written as -5.
"""
from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from numcheck.checker.cli import main
from numcheck.checker.report import render_claims
from numcheck.checker.report.tables import FORMULA_STARTS, NUMBER_COLUMNS, guard_cell
from report_samples import claim

HYPERLINK = '=HYPERLINK("http://evil.example","点击")'


def rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def test_extract_csv_quotes_a_formula_sentence_but_keeps_negative_values_numbers(tmp_path, capsys):
    doc = tmp_path / "evil.txt"
    doc.write_text(f"{HYPERLINK}小米营收增长-5%,利润下降至-3亿元。\n", encoding="utf-8")
    with pytest.raises(SystemExit) as info:
        main(["extract", str(doc), "--format", "csv", "--no-cache"])
    out = capsys.readouterr().out
    assert info.value.code == 0
    table = {row["text"]: row for row in rows(out)}
    assert set(table) == {"'-5%", "'-3亿元"}  # the claim text starts with '-': a text cell, guarded
    percent = table["'-5%"]
    assert percent["sentence"] == "'" + f"{HYPERLINK}小米营收增长-5%,利润下降至-3亿元。"
    assert (percent["value"], percent["low"], percent["high"]) == ("-5", "-5.25", "-4.75")
    assert table["'-3亿元"]["value"] == "-300000000"


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_every_formula_start_is_guarded_in_text_columns(start):
    record = claim(start + "a.txt", 0, start + "1", start + "cmd|' /C calc'!A0 有1人", line=1, column=1,
                   value=Decimal("-5"), low=Decimal("-5"), high=Decimal("-5"), unit="count")
    row = rows(render_claims([record], "csv"))[0]
    for column in ("doc", "text", "sentence"):
        assert row[column].startswith("'" + start), column
    assert (row["value"], row["low"], row["high"], row["start"]) == ("-5", "-5", "-5", "0")


def test_safe_cells_and_other_formats_are_unchanged():
    record = claim("seeds/a.txt", 3, "-5", "增长-5", line=1, column=4, value=-5, low=-5, high=-5)
    assert rows(render_claims([record], "csv"))[0]["text"] == "'-5"
    assert '"text":"-5"' in render_claims([record], "jsonl")  # only csv is guarded
    assert guard_cell("增长-5") == "增长-5" and guard_cell(None) is None


@given(st.text(max_size=20))
def test_no_text_cell_starts_a_formula_and_the_guard_only_prepends(cell):
    guarded = guard_cell(cell)
    assert not guarded.startswith(FORMULA_STARTS)
    assert guarded in (cell, "'" + cell)


def test_number_columns_are_the_numeric_record_fields():
    from numcheck.schemas.models import ClaimRecord

    numeric = {name for name, field in ClaimRecord.model_fields.items()
               if "int" in str(field.annotation) or "Decimal" in str(field.annotation)
               or "Exact" in str(field.annotation)}
    assert numeric == set(NUMBER_COLUMNS)


def test_line_breaks_inside_cells_keep_one_row_per_claim():
    record = claim("a\rb.txt", 0, "1人", "第一行\r第二行\n有1人", line=1, column=1, value=1, low=1, high=1)
    text = render_claims([record, record], "csv")
    assert text.endswith("\r\n")
    parsed = rows(text)
    assert len(parsed) == 2 and parsed[0]["doc"] == "a\rb.txt"
    assert parsed[0]["sentence"] == "第一行\r第二行\n有1人"
