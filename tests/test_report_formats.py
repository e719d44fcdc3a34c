"""Report emitters are pure functions of a Report: each format's promises, on hand-built reports."""
from __future__ import annotations

import io
import json
import re
from decimal import Decimal

import pandas as pd
import pytest
from hypothesis import given, strategies as st

from numcheck.checker.report import render, render_claims
from numcheck.checker.report.common import format_number, highlight_span, interval_text, printable
from numcheck.checker.report.markdown import md_escape
from report_samples import HOSTILE, IMG, SCRIPT, hostile_report, sample_report, wuhan_conflict
from numcheck.schemas.models import Report


@pytest.fixture
def report() -> Report:
    return sample_report()


# --- shared helpers ---------------------------------------------------------

def test_numbers_and_intervals_are_exact_text():
    assert format_number(Decimal("1400000")) == "1,400,000"
    assert format_number(Decimal("1.57")) == "1.57"
    assert format_number(Decimal("-1234.5")) == "-1,234.5"
    assert format_number(Decimal("98490000000")) == "98,490,000,000"
    a, b = wuhan_conflict().claims
    assert interval_text(a) == "[1,400,000, ∞)"
    assert interval_text(b) == "= 1,350,000"


def test_highlight_finds_the_claim_in_its_sentence():
    a = wuhan_conflict().claims[0]
    start, end = highlight_span(a)
    assert a.sentence[start:end] == "140万" and a.sentence[start - 1] == "超"


def test_printable_neutralises_terminal_escapes_and_bidi_overrides():
    assert printable("a\x1b[31mred\u202eb\nc") == "a\ufffd[31mred\ufffdb c"


# --- text ---------------------------------------------------------------------

def test_text_lists_summary_conflicts_claims_and_waivers(report):
    out = render(report, "text")
    assert out.startswith("numcheck 0.1.0: 4 documents, 165 claims, 2 conflicts (1 high, 1 medium, 0 low)")
    assert "\x1b[" not in out  # plain when not a terminal
    # most severe first; the baselined one is marked
    assert out.index("HIGH NC101") < out.index("MEDIUM NC102") < out.index("LOW NC101")
    assert "(baselined)" in out.split("LOW NC101")[1].splitlines()[0]
    assert "seeds/000_2da3e67e9d7d3bd4.txt:18:42" in out and "more_than [1,400,000, ∞) count" in out
    assert "E107 seeds/missing.txt" in out and "0000000000000000" in out


def test_plain_text_marks_the_number_inside_its_sentence(report):
    out = render(report, "text")
    assert "这里拥有超⟦140万⟧在校大学生" in out  # the qualifier 超 stays outside the mark


def test_text_colour_only_when_asked(report):
    coloured = render(report, "text", color=True)
    assert "\x1b[" in coloured
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == render(report, "text")


def test_text_does_not_interpret_document_markup_or_control_characters(report):
    conflict = report.conflicts[1]
    conflict.claims[0].sentence = "[bold red]not markup[/] \x1b]0;pwned\x07 140万"
    out = render(report, "text", color=True)
    assert "[bold red]not markup[/]" in out
    assert "\x1b]0;" not in out and "\x07" not in out


# --- json -----------------------------------------------------------------------

def test_json_is_the_contract_and_round_trips(report):
    text = render(report, "json")
    data = json.loads(text)
    assert data["schema_version"] == "1" and data["tool"]["name"] == "numcheck"
    wuhan = next(c for c in data["conflicts"] if c["subject"]["entity"] == "武汉")
    a = wuhan["claims"][0]
    assert (a["value"], a["low"], a["high"], a["qualifier"]) == (1400000, 1400000, None, "more_than")
    assert isinstance(a["value"], int)
    assert Report.model_validate_json(text) == report
    assert "武汉" in text  # not \\u-escaped


# --- markdown -----------------------------------------------------------------

def test_markdown_has_summary_table_then_conflicts(report):
    md = render(report, "md")
    lines = md.splitlines()
    header = lines.index("| documents | claims | high | medium | low | baselined | corroborated figures | input errors |")
    assert lines[header + 2] == "| 4 | 165 | 1 | 1 | 0 | 1 | 1 | 1 |"
    assert md.index("**HIGH**") < md.index("**MEDIUM**") < md.index("**LOW** (baselined)")
    assert "超<b>140万</b>在校大学生" in md


def test_markdown_escapes_untrusted_text():
    md = render(hostile_report(), "md")
    for raw in ("<script>", "<img", "<a href", "](javascript:", '"><'):
        assert raw not in md
    assert "&lt;script&gt;" in md
    # every table row still has exactly 9 cell borders (no | smuggled in)
    assert md_escape("a|b") == "a\\|b"


@given(st.text(max_size=60))
def test_md_escape_never_leaves_markup(text):
    out = md_escape(text)
    assert "<" not in out and ">" not in out and "\n" not in out
    assert not re.search(r"(?<!\\)[\[\]|`*_]", out.replace("\\\\", ""))


# --- claim tables -------------------------------------------------------------

def claims():
    report = sample_report()
    return [c for conflict in report.conflicts for c in conflict.claims]


def test_csv_table_flattens_subject_and_keeps_exact_values():
    text = render_claims(claims(), "csv")
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    assert {"entity", "metric", "period", "value", "low", "high", "qualifier"} <= set(frame.columns)
    assert "subject" not in frame.columns
    row = frame[frame["text"] == "140万"].iloc[0]
    assert (row["entity"], row["value"], row["low"], row["high"]) == ("武汉", "1400000", "1400000", "")


def test_parquet_table_is_decimal_not_float():
    import pyarrow as pa
    import pyarrow.parquet as pq

    data = render_claims(claims(), "parquet")
    assert isinstance(data, bytes)
    table = pq.read_table(io.BytesIO(data))
    assert pa.types.is_decimal(table.schema.field("value").type)
    values = dict(zip(table.column("text").to_pylist(), table.column("low").to_pylist()))
    assert values["140万"] == Decimal("1400000") and values["50%"] == Decimal("45")
    assert table.num_rows == len(claims())


def test_jsonl_and_json_claims_match():
    jsonl = [json.loads(line) for line in render_claims(claims(), "jsonl").splitlines()]
    assert jsonl == json.loads(render_claims(claims(), "json"))
    assert jsonl[0]["subject"]["entity"]


def test_unknown_formats_are_refused(report):
    with pytest.raises(ValueError):
        render(report, "pdf")
    with pytest.raises(ValueError):
        render_claims([], "xlsx")


# --- every format -------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["text", "json", "md", "html", "sarif"])
def test_rendering_is_deterministic_and_handles_an_empty_report(fmt, report):
    assert render(report, fmt) == render(sample_report(), fmt)
    empty = Report.model_validate({"tool": {"version": "0"}, "documents": [], "conflicts": []})
    assert render(empty, fmt)


def test_hostile_payload_never_appears_raw_in_html():
    page = render(hostile_report(), "html")
    body = page.split("<body>", 1)[1]
    assert body.count("<script>") == 1  # only the report's own script
    elements = _elements(page)
    tags = {tag for tag, _ in elements}
    assert tags <= {"html", "head", "meta", "style", "body", "header", "h1", "h2", "p", "section", "div", "span", "label", "select", "option", "input",
                    "article", "code", "blockquote", "mark", "dl", "dt", "dd", "b", "svg", "title", "text",
                    "line", "circle", "path", "details", "summary", "ul", "li", "table", "thead", "tbody", "tr",
                    "th", "td", "script"}, tags
    attributes = {name for _, attrs in elements for name, _ in attrs}
    assert not {a for a in attributes if a in ("href", "src") or a.startswith("on")}
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "javascript:" not in body.replace("javascript:alert(1)", "")  # only as escaped text
    assert SCRIPT not in body.split("<script>")[0] and IMG not in body and HOSTILE not in body


def _elements(page: str) -> list[tuple[str, list]]:
    from html.parser import HTMLParser

    found = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, attrs))

    Collector().feed(page)
    return found
