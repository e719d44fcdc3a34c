"""Property tests for claims.numerals and the robustness of claims.quantities."""
from __future__ import annotations

import time
from decimal import Decimal

import cn2an
import opencc
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from numcheck.claims.normalize import normalize
from numcheck.claims.numerals import parse_numeral
from numcheck.claims.quantities import find_quantities

_s2t = opencc.OpenCC("s2t")
_FULL = {c: c + 0xFEE0 for c in range(0x21, 0x7F)}

integers = st.integers(min_value=0, max_value=10**16 - 1)
decimals = st.builds(lambda i, f, n: Decimal(f"{i}.{f:0{n}d}"),
                     st.integers(0, 10**8), st.integers(0, 9999), st.just(4))


@given(integers)
def test_an2cn_integers_parse_back(n: int) -> None:
    for mode in ("low", "up"):
        s = cn2an.an2cn(str(n), mode)
        num = parse_numeral(normalize(s))
        assert num is not None and num.length == len(s), s
        assert num.value == n, (s, num.value)


@given(decimals)
def test_an2cn_decimals_parse_back(d: Decimal) -> None:
    s = cn2an.an2cn(str(d), "low")
    num = parse_numeral(s)
    assert num is not None and num.length == len(s)
    assert num.value == d


@given(st.integers(min_value=0, max_value=10**15), st.integers(0, 999), st.booleans())
def test_digit_strings_with_and_without_separators(n: int, frac: int, with_frac: bool) -> None:
    tail = f".{frac:03d}" if with_frac else ""
    want = Decimal(f"{n}{tail}")
    for s in (f"{n}{tail}", f"{n:,}{tail}"):
        num = parse_numeral(s)
        assert num is not None and num.length == len(s), s
        assert num.value == want


parts = st.tuples(
    st.integers(2, 9999),  # 一个 alone is an article, not a count
    st.sampled_from(["", "万", "亿", "万亿"]),
    st.sampled_from(["元", "美元", "个", "家", "辆", "台", "人", "项", "个月", "年", "公里", "吨", "%"]),
    st.sampled_from(["", "超", "近", "约", "超过", "不到"]),
)


def _record(text: str):
    return [(m.start, m.end, m.quantity.model_dump(), m.rule) for m in find_quantities(normalize(text))]


@given(parts)
def test_script_and_width_rewrites_give_the_same_record(p) -> None:
    n, mag, unit, qual = p
    assume(not (unit == "年" and not mag and n >= 1000))  # 1500年 is a calendar year, no claim
    text = f"报告显示,{qual}{n}{mag}{unit}。"
    base = _record(text)
    assert len(base) == 1, text
    assert _record(_s2t.convert(text)) == base
    assert _record(text.translate(_FULL)) == base
    chinese = f"报告显示,{qual}{cn2an.an2cn(str(n))}{mag}{unit}。"
    got = _record(chinese)
    assert len(got) == 1, chinese
    assert got[0][2]["value"] == base[0][2]["value"] and got[0][2]["qualifier"] == base[0][2]["qualifier"]


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200)
       | st.text(alphabet="0123456789,.%万亿千百十一二两三几数多余超约近第前首至到-~ 元个年月日P$", max_size=80))
def test_no_exception_and_sane_offsets_on_any_text(text: str) -> None:
    norm = normalize(text)
    found = find_quantities(norm)
    last = 0
    for m in found:
        assert last <= m.start < m.end <= len(norm)
        last = m.end
        q = m.quantity
        if q.low is not None and q.high is not None:
            assert q.low <= q.high


@pytest.mark.parametrize("text", [
    "9" * 1_000_000,
    "一" * 100_000,
    "1," * 200_000,
    "万" * 100_000,
    "第" * 50_000 + "1",
    "1.2." * 100_000,
    ("超140万人," * 20_000),
    "a" * 300_000,
    "第一" * 20_000,
    "1号" * 30_000,
    "三年前" * 20_000,
])
def test_adversarial_inputs_finish_fast(text: str) -> None:
    t0 = time.perf_counter()
    find_quantities(text)
    assert time.perf_counter() - t0 < 5.0


@pytest.mark.parametrize(("text", "expected"), [
    ("两千三点一", [Decimal("2300.1")]),               # elided unit before the decimal point
    ("一点两小时", [Decimal(1), Decimal(2)]),           # decimals never use 两
    ("十打", [Decimal(120)]),                          # 打: a dozen
    ("3打1", [Decimal(3), Decimal(1)]),                # ... but not before another numeral
    ("40k", [Decimal(40000)]),
    ("五十,一百", [Decimal(50), Decimal(100)]),         # a comma between Chinese numerals separates
    ("1,100", [Decimal(1100)]),
])
def test_find_numbers_values(text: str, expected: list[Decimal]) -> None:
    from numcheck.claims.quantities import find_numbers
    assert [m.value for m in find_numbers(text)] == expected
