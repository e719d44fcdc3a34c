"""claims/periods.py: time expressions found in a sentence and resolved against a fixed date."""
from __future__ import annotations

from datetime import date

import pytest

from numcheck.claims.cuefiles import load_data_file
from numcheck.claims.errors import ConfigError
from numcheck.claims.periods import PeriodCues, find_time_expressions, governing_period, resolve, small_number, window_end

PUBLISHED = date(2025, 6, 26)


def periods(text: str, published=PUBLISHED, language="zh") -> dict[str, str | None]:
    exprs = find_time_expressions(text, language)
    resolve(exprs, published)
    return {text[e.start:e.end]: e.period for e in exprs}


@pytest.mark.parametrize("text, said, expect", [
    ("今年一季度增长5.4%", "今年一季度", "2025-Q1"),
    ("去年营收达10亿元", "去年", "2024"),
    ("前年的数据", "前年", "2023"),
    ("上半年开票额达3542亿元", "上半年", "2025-H1"),
    ("1~5月进出口增长26.9%", "1~5月", "2025-01..2025-05"),
    ("今年前7个月产量达31万辆", "今年前7个月", "2025-01..2025-07"),
    ("2025年前三季度新开130家", "2025年前三季度", "2025-01..2025-09"),
    ("2024年末员工1.8万人", "2024年末", "2024"),
    ("2026-2028年行动计划", "2026-2028年", "2026..2028"),
    ("2025年至2027年累计投入200亿元", "2025年至2027年", "2025..2027"),
    ("“十四五”时期", "十四五", "2021..2025"),
    ("“十五五”规划建议", "十五五", "2026..2030"),
    ("十三五期间", "十三五", "2016..2020"),
    ("6月26日上午召开大会", "6月26日", "2025-06"),
    ("四季度营收", "四季度", "2024-Q4"),  # Q4 has not begun by June 2025: last year's
])
def test_relative_and_absolute_expressions(text, said, expect):
    assert periods(text)[said] == expect


def test_undated_words_give_null():
    assert periods("目前已建成1家国家实验室") == {"目前": None}


def test_relative_words_stay_null_without_a_publication_date():
    assert periods("今年一季度增长5.4%", published=None)["今年一季度"] is None


@pytest.mark.parametrize("published, expect", [
    (date(2025, 12, 1), "2026..2030"),  # late in the year: the next five years start next year
    (date(2026, 2, 4), "2026..2030"),  # early in the year: they start this year
    (date(2025, 6, 26), None),  # mid-year: not pinned
])
def test_future_span_is_pinned_only_near_a_year_boundary(published, expect):
    assert periods("未来五年投入将超过2000亿元", published=published)["未来五年"] == expect


def test_past_span_late_in_the_year_ends_with_it():
    assert periods("过去五年投入了超过1000亿元", published=date(2025, 12, 1))["过去五年"] == "2021..2025"


def test_a_range_of_years_is_never_pinned():
    assert periods("未来3至5年将实现", published=date(2025, 12, 1))["未来3至5年"] is None


def test_comparison_base_does_not_govern():
    text = "2024年,全社会研发投入超3.6万亿元,较2020年增长48%"
    exprs = find_time_expressions(text)
    resolve(exprs, PUBLISHED)
    ns = text.index("48%")
    period, expr = governing_period(exprs, text, ns, ns + 3)
    assert period == "2024" and text[expr.start:expr.end] == "2024年"


def test_base_owns_the_number_after_de():
    text = "全年营收412.6亿元,较2023年的357.8亿元成长15.3%"
    exprs = find_time_expressions(text)
    resolve(exprs, PUBLISHED)
    ns = text.index("357.8")
    assert governing_period(exprs, text, ns, ns + 8)[0] == "2023"
    ns = text.index("15.3%")
    assert governing_period(exprs, text, ns, ns + 5)[0] is None


def test_attributive_time_dates_the_noun_not_the_sentence():
    text = "2025年10月投产的智能家电工厂,一期投资25亿元"
    exprs = find_time_expressions(text)
    resolve(exprs, PUBLISHED)
    assert exprs[0].attributive
    ns = text.index("25亿元")
    assert governing_period(exprs, text, ns, ns + 4)[0] is None


def test_sub_year_window_inside_a_clause_governs_only_that_clause():
    text = "2025年武汉数字经济规模占比超50%,核心产业上半年开票额达3542亿元,居全国第9位"
    exprs = find_time_expressions(text)
    resolve(exprs, PUBLISHED)
    at = text.index("3542亿元")
    assert governing_period(exprs, text, at, at + 7)[0] == "2025-H1"
    at = text.index("第9位")
    assert governing_period(exprs, text, at, at + 3)[0] == "2025"


def test_durations_take_only_their_own_span():
    text = "2020年,小米花了三年时间"
    exprs = find_time_expressions(text)
    resolve(exprs, PUBLISHED)
    at = text.index("三年")
    assert governing_period(exprs, text, at, at + 2, is_duration=True)[0] is None


def test_english_expression_after_the_number_comes_first():
    text = "to more than 300 billion yuan by 2027, from 126 billion yuan last year"
    exprs = find_time_expressions(text, "en")
    resolve(exprs, date(2025, 2, 20))
    at = text.index("126")
    assert governing_period(exprs, text, at, at + 16, language="en")[0] == "2024"
    at = text.index("300")
    assert governing_period(exprs, text, at, at + 16, language="en")[0] == "2027"


def test_traditional_script_is_matched_on_normalised_text():
    # callers pass SourceDocument.norm: simplified script
    assert periods("2025年第一季营业总收入268.4亿元")["2025年第一季"] == "2025-Q1"


@pytest.mark.parametrize("s, n", [("五", 5), ("十五", 15), ("二十", 20), ("两", 2), ("12", 12), ("three", 3)])
def test_small_numbers(s, n):
    assert small_number(s) == n


def test_bad_cue_file_names_file_and_key():
    bad = "relative_years: {今年: 0}\nyear_parts: {上半年: H3}\nnamed_spans: {}\npast_span_words: []\n" \
          "future_span_words: []\npin_months: {past_if_month_at_least: 10, future_if_month_at_least: 10, " \
          "previous_year_if_month_at_most: 2}\nundated: []\ncomparison_bases: []\nby_words: []\n" \
          "english_parts: {}\nenglish_relative_years: {}\n"
    with pytest.raises(ConfigError) as err:
        load_data_file("period_cues.yaml", PeriodCues, text=bad)
    assert "period_cues.yaml" in str(err.value) and "year_parts" in str(err.value)


@pytest.mark.parametrize(("window", "end"), [
    ("2025-H1", "2025-06"), ("2025-Q3", "2025-09"), ("2025-01..2025-09", "2025-09"),
    ("2025-Q4", "2025"), ("2025-H2", "2025"), ("2025-12", "2025"), ("2025", "2025"), ("2025-06", "2025-06"),
])
def test_a_window_ends_at_its_last_month_and_a_year_at_the_year(window: str, end: str) -> None:
    assert window_end(window) == end
