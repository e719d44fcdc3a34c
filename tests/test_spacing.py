"""Spaced writing in the number grammar, and unit words without a number.

The corpus files (tests/corpus/quantities/spacing.yaml, tests/corpus/negative/spacing.yaml)
document the surface forms; here are the properties behind them and the cases that need
more than one record to state.
"""
from __future__ import annotations

from decimal import Decimal

import cn2an
from hypothesis import given
from hypothesis import strategies as st

from numcheck.claims.normalize import normalize
from numcheck.claims.numerals import parse_numeral
from numcheck.claims.quantities import find_numbers, find_quantities
from numcheck.claims.unit_mentions import UnitMention, find_unit_mentions


def _spaced(text: str, gaps: list[bool]) -> str:
    """`text` with one space after each character whose gap flag is set (never at the end)."""
    return "".join(c + (" " if g and i < len(text) - 1 else "") for i, (c, g) in enumerate(zip(text, gaps)))


@given(st.integers(min_value=0, max_value=10**16 - 1), st.lists(st.booleans(), min_size=40, max_size=40))
def test_spacing_a_chinese_numeral_keeps_its_value(n: int, gaps: list[bool]) -> None:
    for mode in ("low", "up"):
        plain = cn2an.an2cn(str(n), mode)
        spaced = _spaced(plain, gaps)
        num = parse_numeral(spaced)
        assert num is not None and num.length == len(spaced), spaced
        assert num.value == n, (spaced, num.value)


units = st.sampled_from(["元", "美元", "家", "辆", "公里", "吨", "%", "个百分点", "平方公里", "摄氏度"])


@given(st.integers(min_value=2, max_value=10**12), units, st.booleans(), st.booleans())
def test_spaced_quantity_gives_the_same_record_with_exact_offsets(n: int, unit: str, space_unit: bool,
                                                                 gap: bool) -> None:
    numeral = cn2an.an2cn(str(n))
    written = " ".join(numeral) + (" " if gap else "") + (" ".join(unit) if space_unit else unit)
    prefix = "报告显示,"
    plain = find_quantities(normalize(f"{prefix}{numeral}{unit}。"))
    spaced = find_quantities(normalize(f"{prefix}{written}。"))
    assert len(plain) == len(spaced) == 1, written
    assert spaced[0].quantity == plain[0].quantity
    assert (spaced[0].start, spaced[0].end) == (len(prefix), len(prefix) + len(written))


def _values(text: str) -> list[tuple[str, Decimal | None]]:
    norm = normalize(text)
    return [(norm[m.start:m.end], m.value) for m in find_numbers(norm)]


def test_table_columns_stay_apart() -> None:
    assert _values("35 40 45") == [("35", 35), ("40", 40), ("45", 45)]
    assert _values("三十 四十 五十") == [("三十", 30), ("四十", 40), ("五十", 50)]  # a chunk is read whole
    assert _values("7万 5万") == [("7万", 70000), ("5万", 50000)]  # a repeated magnitude ends a numeral
    assert _values("3万4万") == [("3万", 30000), ("4万", 40000)]
    assert _values("二百五 二百五") == [("二百五", 250), ("二百五", 250)]
    assert _values("1 234") == [("1", 1), ("234", 234)]  # Arabic digits never join across a space
    assert _values("35  万") == [("35  万", 350000)]  # ... but a magnitude after them does


def test_spaced_figures_in_one_sentence() -> None:
    norm = normalize("营收 7万 5千 4百元,同比增长 2.4 个百分点,占比百 分 之 五 十")
    got = [(norm[m.start:m.end], m.quantity.value, m.quantity.unit) for m in find_quantities(norm)]
    assert got == [("7万 5千 4百元", 75400, "CNY"), ("2.4 个百分点", Decimal("2.4"), "percentage_point"),
                   ("百 分 之 五 十", 50, "percent")]


def test_formal_digit_before_a_plain_digit_is_a_word_end() -> None:
    # 陆 (land) + 三成: not 630%; a formal numeral continues with formal or unit characters
    got = [(m.quantity.value, m.quantity.unit) for m in find_quantities(normalize("大陆三成企业"))]
    assert got == [(30, "percent")]
    assert find_quantities(normalize("拾六万零五百零六人"))[0].quantity.value == 160506


def test_comparative_frame_needs_no_stated_difference() -> None:
    norm = normalize("今年增速比3%高2个百分点")
    got = [(m.quantity.value, m.quantity.unit, m.quantity.qualifier) for m in find_quantities(norm)]
    assert got == [(3, "percent", "exact"), (2, "percentage_point", "exact")]
    norm = normalize("同比30%多")  # 同比 is no comparison
    assert find_quantities(norm)[0].quantity.qualifier == "exact"
    norm = normalize("小明的身高比 170 低 ")
    (m,) = find_quantities(norm)
    assert (m.quantity.qualifier, norm[m.qualifier_start:m.qualifier_end]) == ("less_than", "比 170 低")


def test_unit_mentions_without_a_number() -> None:
    norm = normalize("人民币 美元")
    assert [(u.start, u.end, u.unit) for u in find_unit_mentions(norm)] == [(0, 3, "CNY"), (4, 6, "USD")]
    norm = normalize("你能把华氏温度51度转换为摄氏度吗")  # 51度 is a quantity, 摄氏度 a mention
    assert find_unit_mentions(norm) == [UnitMention(13, 16, "degree_Celsius", "temperature")]
    # a one-character Chinese unit is mostly part of another word, a measure word never a mention
    assert find_unit_mentions(normalize("元旦买了大米,年度第一家")) == []


def test_unit_declarations() -> None:
    norm = normalize("表1 主要指标（单位：亿元）\n营收 35 40 45")
    (u,) = find_unit_mentions(norm)
    assert (norm[u.start:u.end], u.unit, u.factor, u.declared) == ("亿元", "CNY", Decimal(100000000), True)
    (u,) = find_unit_mentions(normalize("单位:元"))  # declared, so one character is enough
    assert (u.unit, u.factor, u.declared) == ("CNY", 1, True)
    (u,) = find_unit_mentions(normalize("单位为百万美元"))
    assert (u.unit, u.factor) == ("USD", Decimal(1000000))
