"""Conformance runner: numcheck's number grammar against peer projects' test data.

The data lives in ../shared/conformance/*.jsonl (see its README for sources and licences).
It is read from there and never copied into this repository. When the folder is absent
the runner says so and does nothing (tests/test_conformance.py then skips).

    .venv/bin/python tests/conformance_runner.py [--dir DIR] [--failures N]

prints one line per file: passed / counted, the pass rate, and the cases not counted.
Counting follows issue 3's rule: every case counts except those the source marks
`not_supported` for its reference implementation (dotnet); no other class is set aside.

How their notation maps onto ours (one function per file family below):

* NumberModel: RT leaves a number followed by a percent sign, 折 or a currency word to its
  Percent/Currency models (一美元, 二％, 苹果折扣一折 expect no number), but keeps an amount
  that ends in a magnitude (四十九兆九千五百九十二億元); numbers so followed are dropped from ours.
* NumberModel: RT resolves a vague digit to zero (二十几万 = 200000, 一百零几万 = 1000000);
  GUIDELINES make it a range (210000..290000). Our range's low with the vague digit zeroed
  is compared with their value.
* Every input is normalised first (claims/normalize.py: t2s, full-width -> half-width),
  exactly as numcheck reads documents. Offsets are unchanged by that.
* Recognizers-Text NumberModel / OrdinalModel: `claims.quantities.find_numbers` (all
  numerals, no claim rules); for ordinals a 第 right before the number joins the span
  (numcheck's own ranks, 第9位, are claims from `find_quantities`). A case passes when the set of (start, end, value) equals
  the expected set. Values compare with a relative tolerance of 1e-9, because the specs
  print repeating decimals rounded (350.333333333333).
* PercentModel: `find_quantities`, keeping unit `percent` and `percentage_point`
  (both are "percentage" there; 2123个百分点 has value 2123). Their `value` is our value.
  numcheck states every share in percent, fractions too (三分之一 = 33.3…); RT's PercentModel
  reads only fractions over a power of ten (百分之, 千分之, 万分之), so fractions with another
  denominator (五百分之2.2) are left to its NumberModel and dropped here.
  RT's PercentModel has no ranges: of 5-20% it reports only 20% (the number that carries
  the sign), so our range compares as its upper bound, spanned from its last numeral.
* CurrencyModel: `find_quantities` with dimension money; `resolution.isoCurrency` must
  equal our unit (an ISO 4217 code). A bare currency name without a number (人民币 美元,
  value null) is no claim; it is compared with `claims.unit_mentions.find_unit_mentions`
  (unit words outside any quantity), which must give the same span and unit.
* DimensionModel / TemperatureModel / AgeModel: `find_quantities`; their unit names map
  to ours through UNIT_NAMES below (Kilometer -> kilometer, C -> degree_Celsius,
  Year -> year ...); value and span must match. A bare unit word (转换为摄氏度, °C, value
  null) is compared with `find_unit_mentions`, as for currencies.
* Spaced characters (百 分 之2, 7万 5千 4百, 六   个 百 分点) are read by the grammar itself
  (claims/numerals.py and claims/quantities.py: single spaces join the characters of one
  expression, a run of spaces only before a magnitude or a unit word of two characters or
  more); they need no mapping. RT also joins Arabic digits across a space (7 2 折 = 72%);
  numcheck does not (35 40 45 is a table row), and such cases fail.
* NumberRangeModel(ExperimentalMode): their interval notation `(20,35]`, `[30,)` maps to
  our qualifier and bounds: `(a,` = more_than a, `[a,` = at_least a, `,b)` = less_than b,
  `,b]` = at_most b, 等于a = `[a,a]`. Conventions that differ from GUIDELINES, mapped here:
  - RT writes a range X到Y / X-Y / X和Y之间 half-open `[X,Y)`; GUIDELINES admit both ends, so
    our range [X,Y] prints as `[X,Y)`.
  - RT writes a bare 以上/以下 (and 之上/之下) as exclusive (`(500,)`), GUIDELINES (the
    legal reading) as inclusive: at_least/at_most reached through these words alone print open.
  - A comparative frame (比三十大, 比 170 低) is one qualifier around the number: numcheck's
    qualifier span runs from 比 to the adjective, and RT's span is that whole frame.
  - RT writes a vague digit as "more than the round base" (十几万 = `(100000,)`); GUIDELINES
    make it a range (110000..190000): a vague range prints as `(base,)`, base = its low with
    the vague digit zeroed.
  - RT unites a lower and an upper bound side by side (大于10小于20, 1000以上，1500以下) into
    one interval; numcheck keeps each bound as a claim of its own. Adjacent opposite bounds
    (joined by nothing, 并, 且, 并且, a comma) with low < high are united; 大于50小于12 stays two.
  - RT keeps a share written as a fraction as a fraction (超过1/2 = `(0.5,)`); numcheck states
    ratios in percent (50): values read from a fraction (rules ratio.slash, zh.fraction) are
    divided by 100.
  - RT's span is the numerals plus comparative words, without the unit or measure word and
    without approximators (大概, 约): ours is the qualifier span (unless approx/nearly) united
    with our numerals (find_numbers inside the claim span, plus an infix 多/余).
* Offsets: the specs' End is stored end-exclusive by the converter; spans must be equal.
* Cases marked `not_supported` for `dotnet` (the reference implementation) are reported
  but not counted; other not_supported marks are counted.
* DimensionModel: RT folds a prefix written as a numeral into the unit (三千比特 = 3 Kilobit);
  when the unit names differ the amounts are compared through pint (claims.units.convert).
* JioNLP parse_money: the whole input is one amount. We take the single money quantity
  of `find_quantities` (a range becomes [low, high]); parse_money is told its input is
  money, so a bare amount without currency (三百万) counts as 元; value and currency (元 -> CNY,
  港元 -> HKD ...) must match. Its `definition` (accurate/blur/blur+/blur-) is their
  qualifier family and is not compared. Two conventions differ from GUIDELINES and are mapped:
  - X多 (blur+): JioNLP closes it at the next value of the leading digit (3000多 = [3000, 4000],
    十多 = [10, 20]); GUIDELINES say more_than X, open above. Our low must equal theirs and
    their high must be low + 10^(leading digit's place).
  - vague digits (blur): JioNLP includes the round neighbours (几十万 = [10万, 100万],
    十几 = [10, 20], 数十亿 = [10亿, 100亿]); GUIDELINES read the digit as 2..9 (几十) or 1..9
    (十几). Our range widened by one grain of the vague digit (precision) must equal theirs.
  Estimates (八九亿, 三五百) compare unchanged.
* JioNLP extract_money: spans of money quantities (value not given by the source).
* cn2an cn2an / an2cn: `parse_numeral` must read the whole input (after 元整/圆 for
  the rmb rendering, read through `find_quantities`) to exactly the value. rmb renderings
  below one yuan omit 元 (肆角叁分); they are read as 零元肆角叁分. numcheck
  implements cn2an's smart mode; strict-mode error cases whose input the smart or normal
  mode accepts (壹壹 = 11) are reported as not counted. Other error cases (an2cn's
  render errors too: 123.1.1, 1.23e+16) pass when numcheck does not read the whole
  input as one number; an2cn's rendering cases are read back (Chinese -> number).
* cn2an transform: the expected mentions are derived from an aligned Arabic rewrite
  (README), so their spans are approximate; a case passes when the values found by
  `find_numbers` equal the expected values, in order. Direct-mode cases convert digit by
  digit only (十二个 stays), so there the expected values must be a subsequence of ours.
"""
from __future__ import annotations

import argparse
import json
import math
import re
import sys
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from numcheck.claims.normalize import normalize  # noqa: E402
from numcheck.claims import units  # noqa: E402
from numcheck.claims.units import convert, match_unit  # noqa: E402
from numcheck.claims.numerals import parse_numeral  # noqa: E402
from numcheck.claims.qualifiers import INFIX_CHARS, prefix_before  # noqa: E402
from numcheck.claims.quantities import find_numbers, find_quantities  # noqa: E402
from numcheck.claims.unit_mentions import find_unit_mentions  # noqa: E402

DEFAULT_DIR = ROOT.parent / "shared" / "conformance"

# Acceptance targets from issue 3 (case level).
TARGETS = {
    "recognizers-text-NumberModel.jsonl": 0.97,
    "recognizers-text-PercentModel.jsonl": 0.95,
    "recognizers-text-CurrencyModel.jsonl": 0.90,
    "recognizers-text-DimensionModel.jsonl": 0.85,
    "recognizers-text-TemperatureModel.jsonl": 0.95,
    "recognizers-text-NumberRangeModel.jsonl": 0.85,
    "jionlp-parse_money.jsonl": 0.95,
    "cn2an-cn2an.jsonl": 1.00,
    "cn2an-an2cn.jsonl": 1.00,
    "cn2an-transform.jsonl": 0.95,
}

# Recognizers-Text unit names -> numcheck canonical units.
UNIT_NAMES = {
    "Kilometer": "kilometer", "Meter": "meter", "Centimeter": "centimeter", "Millimeter": "millimeter",
    "Kilogram": "kilogram", "Gram": "gram", "Microgram": "microgram", "Ton": "metric_ton", "Jin": "jin",
    "Liang": "liang", "Mu": "mu", "Bit": "bit", "Kilobit": "kilobit", "Kilobyte": "kilobyte",
    "Megabyte": "megabyte", "Byte": "byte", "Megabit": "megabit", "Megahertz": "megahertz", "Hertz": "hertz", "Kilowatt": "kilowatt",
    "Kilocalorie": "kilocalorie", "C": "degree_Celsius", "F": "degree_Fahrenheit", "Degree": "degree_Celsius",
    "Year": "year", "Month": "month", "Week": "week", "Day": "day",
}
# RT gives no isoCurrency for a currency without an ISO 4217 code (Bitcoin); numcheck writes the
# market code XBT for it.
NO_ISO_CODE = "XBT"
# JioNLP currency words -> ISO codes.
JIO_CURRENCY = {"元": "CNY", "港元": "HKD", "美元": "USD", "欧元": "EUR", "日元": "JPY", "泰铢": "THB",
                "卢布": "RUB", "新台币": "TWD", "澳元": "AUD", "韩元": "KRW", "英镑": "GBP"}


@dataclass
class FileResult:
    name: str
    passed: int = 0
    counted: int = 0
    not_counted: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.passed / self.counted if self.counted else 1.0


def _close(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    a, b = float(a), float(b)
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def _excluded(case: dict) -> bool:
    return "dotnet" in str(case.get("not_supported", "")).lower()


# -- per family ---------------------------------------------------------------

def _vague_base(norm: str, m) -> Decimal | None:
    """RT resolves a vague digit to zero (二十几万 = 200000): our range's low with that digit zeroed."""
    if m.value is not None:
        return m.value
    num = parse_numeral(norm[m.start:m.end])
    if num is None or num.kind != "vague" or m.low is None:
        return None
    grain = num.step * 10
    return m.low - m.low % grain


def _unit_model_number(norm: str, m) -> bool:
    """RT's NumberModel leaves a number that a percent sign, 折 or a currency word follows to its
    Percent/Currency models (一美元, 二％, 一折: no number), unless a magnitude ends it (…億元)."""
    if norm[m.end - 1:m.end] in "万亿兆":
        return False
    if norm.startswith(("%", "折"), m.end):
        return True
    u = match_unit(norm, m.end)
    return u is not None and u.dimension == "money" and not u.surface.startswith(" ")


def _rt_numbers(case: dict) -> tuple[bool, str]:
    norm = normalize(case["input"])
    got = [(m.start, m.end, _vague_base(norm, m)) for m in find_numbers(norm) if not _unit_model_number(norm, m)]
    want = [(e["start"], e["end"], e["value"]) for e in case["expected"]]
    return _same_mentions(got, want), f"got {got} want {want}"


def _rt_ordinals(case: dict) -> tuple[bool, str]:
    norm = normalize(case["input"])
    got = [(m.start - 1 if norm[m.start - 1:m.start] == "第" else m.start, m.end, m.value)
           for m in find_numbers(norm)]
    want = [(e["start"], e["end"], e["value"]) for e in case["expected"]]
    return _same_mentions(got, want), f"got {got} want {want}"


def _same_mentions(got, want) -> bool:
    if len(got) != len(want):
        return False
    rest = list(got)
    for ws, we, wv in want:
        hit = next((g for g in rest if g[0] == ws and g[1] == we and _close(g[2], wv)), None)
        if hit is None:
            return False
        rest.remove(hit)
    return True


def _mentions(norm: str, dimensions) -> list[tuple]:
    """Bare unit words (人民币 美元, 转换为摄氏度): RT's mentions with value null."""
    return [(u.start, u.end, None, u.unit) for u in find_unit_mentions(norm)
            if u.dimension in dimensions]


def _rt_quantities(case: dict, keep, unit_of, dimensions) -> tuple[bool, str]:
    norm = normalize(case["input"])
    got = [(m.start, m.end, m.quantity.value, m.quantity.unit) for m in find_quantities(norm) if keep(m)]
    got += _mentions(norm, dimensions)
    want = [(e["start"], e["end"], e["value"], unit_of(e)) for e in case["expected"]]
    ok = len(got) == len(want) and all(
        any(g[0] == w[0] and g[1] == w[1] and _close(g[2], w[2]) and (w[3] is None or g[3] == w[3]) for g in got)
        for w in want)
    return ok, f"got {got} want {want}"


def _plain_fraction(norm: str, m) -> bool:
    """A fraction whose denominator is no power of ten (三分之一, 五百分之2.2): numcheck states it
    in percent, RT's PercentModel reads only 百分之/千分之/万分之 (see the docstring)."""
    if m.rule != "zh.fraction":
        return False
    den = parse_numeral(norm[m.start:norm.find("分", m.start)].strip())
    return den is None or den.value is None or den.value.normalize().as_tuple().digits != (1,)


def _percent(case):
    norm = normalize(case["input"])
    got = []
    for m in find_quantities(norm):
        q = m.quantity
        if q.unit not in ("percent", "percentage_point") or _plain_fraction(norm, m):
            continue
        if q.qualifier == "range" and q.value is None and not _vague(norm, m):
            # RT's PercentModel has no ranges: of 5-20% it reports the number carrying the sign
            last = find_numbers(norm, m.start, m.end)[-1:]
            got.append((last[0].start if last else m.start, m.end, q.high))
        else:
            got.append((m.start, m.end, q.value))
    want = [(e["start"], e["end"], e["value"]) for e in case["expected"]]
    return _same_mentions(got, want), f"got {got} want {want}"


def _currency(case):
    return _rt_quantities(case, lambda m: m.quantity.dimension in ("money", "money_rate"),
                          lambda e: (e.get("resolution") or {}).get("isoCurrency") or NO_ISO_CODE, {"money"})


def _dimension(case):
    norm = normalize(case["input"])
    measures = ("count", "rank", "ratio", "money")
    got = [(m.start, m.end, m.quantity.value, m.quantity.unit) for m in find_quantities(norm)
           if m.quantity.dimension not in measures]
    got += [g for g in _mentions(norm, set(units.DIMENSION_OF.values()) - set(measures))]
    want = [(e["start"], e["end"], e["value"], UNIT_NAMES.get(e.get("unit"), e.get("unit")))
            for e in case["expected"]]

    def same(g, w) -> bool:
        if (g[0], g[1]) != (w[0], w[1]):
            return False
        if g[2] is None or w[2] is None:  # a bare unit word: the units must agree
            return g[2] is None and w[2] is None and g[3] == w[3]
        if g[3] == w[3]:
            return _close(g[2], w[2])
        # RT folds a metric prefix written as a numeral into the unit (三千比特 = 3 Kilobit):
        # the same amount, compared through pint.
        v = convert(Decimal(g[2]), g[3], w[3])
        return v is not None and _close(v, w[2])

    ok = len(got) == len(want) and all(any(same(g, w) for g in got) for w in want)
    return ok, f"got {got} want {want}"


_FRACTION_RULES = {"ratio.slash", "zh.fraction"}


def _vague(norm: str, m) -> bool:
    """A vague amount (几十万, 数十亿, 十几): a range with the grain of its vague digit."""
    return m.quantity.value is None and bool(m.quantity.precision) and any(
        c in norm[m.start:m.end] for c in "几数")


def _range_notation(m, norm: str) -> str:
    q = m.quantity
    if m.rule in _FRACTION_RULES:  # RT keeps a fraction as a fraction: 1/2 = 0.5, ours 50%
        q = q.model_copy(update={k: getattr(q, k) / 100 if getattr(q, k) is not None else None
                                 for k in ("value", "low", "high")})

    def fmt(v):
        return str(int(v)) if v == v.to_integral_value() else str(v.normalize())

    if q.qualifier == "more_than":
        return f"({fmt(q.value)},)"
    if q.qualifier == "at_least":
        return f"[{fmt(q.value)},)"
    if q.qualifier == "less_than":
        return f"(,{fmt(q.value)})"
    if q.qualifier == "at_most":
        return f"(,{fmt(q.value)}]"
    if q.qualifier == "exact" and m.qualifier_start is not None:
        return f"[{fmt(q.value)},{fmt(q.value)}]"  # 等于1535
    if q.qualifier == "range" and _vague(norm, m):
        grain = q.precision * 10  # 十几万: RT reads a vague digit as "more than the round base"
        return f"({fmt(q.low - q.low % grain)},)"
    if q.qualifier == "range" and q.low is not None and q.high is not None:
        return f"[{fmt(q.low)},{fmt(q.high)})"  # RT's X到Y is half-open (see the docstring)
    return ""


def _range_span(norm: str, m) -> tuple[int, int]:
    """RT's span: the numerals and the comparative words, without the unit or measure word."""
    s, e = m.start, m.end
    nums = [n for n in find_numbers(norm, m.start, m.end)]
    if nums:
        e = nums[-1].end
        if e < m.end and norm[e] in INFIX_CHARS:
            e += 1  # 五百多个: 多 is part of the number
    if norm.endswith(("之间", "间"), m.start, m.end) and m.quantity.qualifier == "range":
        e = m.end  # 20和30之间: the closer is part of RT's span
    pq = prefix_before(norm, m.start)
    if m.qualifier_start is not None and not (pq and pq[0] in ("approx", "nearly")):
        around = m.qualifier_start < m.start and m.qualifier_end > m.end  # 比三十大: a frame
        s, e = min(s, m.qualifier_start), max(e, m.qualifier_end) if m.qualifier_start >= m.start or around else e
    return s, e


# A bound written with 以上/以下/之上/之下 alone (a space allowed before it: 170 之下).
_BARE_BOUND = re.compile(r" ?(?:以上|以下|之上|之下)")
# Words that join two bounds of one interval in RT's notation (大于10小于20, 1000以上，1500以下).
_BOUND_JOINERS = {"", "并", "且", "并且", "而", "，", ",", "的同时"}


def _merge_bounds(norm: str, got: list) -> list:
    """RT writes a lower and an upper bound side by side as one interval; numcheck keeps each
    bound as its own claim. Adjacent opposite bounds with low < high are united here."""
    out = []
    for s, e, note, lo, hi in got:
        if out:
            ps, pe, pnote, plo, phi = out[-1]
            gap = norm[pe:s].strip()
            if gap in _BOUND_JOINERS and None not in (pnote, note):
                if plo is not None and phi is None and lo is None and hi is not None and plo[0] < hi[0]:
                    out[-1] = (ps, e, pnote.split(",")[0] + "," + note.split(",")[1], plo, hi)
                    continue
                if plo is None and phi is not None and lo is not None and hi is None and lo[0] < phi[0]:
                    out[-1] = (ps, e, note.split(",")[0] + "," + pnote.split(",")[1], lo, phi)
                    continue
        out.append((s, e, note, lo, hi))
    return out


def _bounds(m, note: str):
    """(lower, upper) of a one-sided note like '(20,)', else None, None."""
    if not note or "," not in note:
        return None, None
    left, right = note[1:-1].split(",")
    if left and not right:
        return (Decimal(left),), None
    if right and not left:
        return None, (Decimal(right),)
    return None, None


def _number_range(case):
    norm = normalize(case["input"])
    got = []
    for m in find_quantities(norm):
        s, e = _range_span(norm, m)
        note = _range_notation(m, norm)
        if m.quantity.qualifier in ("at_least", "at_most") and _BARE_BOUND.fullmatch(norm[m.qualifier_start:m.qualifier_end]):
            note = note.replace("[", "(").replace("]", ")")  # RT: a bare 以上/以下 excludes the number
        got.append((s, e, note, *_bounds(m, note)))
    got = [(s, e, note) for s, e, note, *_ in _merge_bounds(norm, got)]
    want = [(e["start"], e["end"], str(e["value"]).replace(" ", "")) for e in case["expected"]]
    return sorted(got) == sorted(want), f"got {got} want {want}"


def _parse_money(case):
    exp = case["expected"][0]
    norm = normalize(case["input"])
    found = find_quantities(norm)
    # parse_money is told that its input is money: a bare amount (三百万, 小于40万) is 元.
    found = [m for m in found if m.quantity.dimension == "money"] or [
        m for m in found if m.quantity.unit == "count" and m.quantity.counter in (None, "块")]
    for m in found:
        if m.quantity.dimension != "money":
            m.quantity = m.quantity.model_copy(update={"unit": "CNY", "dimension": "money"})
    if len(found) != 1:
        return False, f"got {len(found)} money quantities"
    q = found[0].quantity
    want_unit = JIO_CURRENCY.get(exp["unit"], exp["unit"])
    if isinstance(exp["value"], list):
        lo, hi = q.low, q.high
        if q.qualifier == "range" and _vague(norm, found[0]):
            lo, hi = lo - q.precision, hi + q.precision  # 几十万 = [10万, 100万]: round neighbours
        elif q.qualifier == "more_than" and hi is None and lo:
            hi = lo + Decimal(1).scaleb(lo.adjusted())  # 3000多 = [3000, 4000]: next leading digit
        ok = _close(lo, exp["value"][0]) and _close(hi, exp["value"][1])
    else:
        ok = _close(q.value, exp["value"])
    return ok and q.unit == want_unit, f"got {q.value} [{q.low}, {q.high}] {q.unit}; want {exp['value']} {want_unit}"


def _extract_money(case):
    norm = normalize(case["input"])
    got = sorted((m.start, m.end) for m in find_quantities(norm) if m.quantity.dimension == "money")
    want = sorted((e["start"], e["end"]) for e in case["expected"])
    return got == want, f"got {got} want {want}"


def _whole_value(text: str) -> Decimal | None:
    """The value of `text` read as one number (or one amount of money), else None."""
    norm = normalize(text)
    num = parse_numeral(norm)
    if num is not None and num.length == len(norm) and num.value is not None:
        return num.value
    for sign in ("负", "-"):
        if norm.startswith(sign):
            inner = _whole_value(norm[len(sign):])
            return -inner if inner is not None else None
    found = find_quantities(norm)
    if len(found) == 1 and found[0].start == 0:
        rest = norm[found[0].end:]
        if rest in ("", "整", "正"):
            return found[0].quantity.value
    return None


def _cn2an_parse(case, smart_inputs: set[str]):
    if case.get("expect_error"):
        # render error cases (123.1.1, 1.23e+16) count like parse errors: not one number
        if case["input"] in smart_inputs:
            return None, "strict-mode error; smart mode reads it"
        v = _whole_value(case["input"])
        return v is None, f"read {v}, expected an error"
    want = case["expected"][0]["value"]
    text = case["input"]
    if case.get("mode") == "rmb" and text.lstrip("负")[:1] and "元" not in text and "圆" not in text:
        # rmb renderings below one yuan omit 元 (肆角叁分): read as 零元肆角叁分
        sign = "负" if text.startswith("负") else ""
        text = f"{sign}零元{text[len(sign):]}"
    v = _whole_value(text)
    if case.get("lossy"):
        want = case["expected"][0].get("value_rounded", want)
    return _close(v, want), f"read {v}, want {want}"


def _transform(case):
    norm = normalize(case["input"])
    got = [m.value for m in find_numbers(norm)]
    want = [e["value"] for e in case["expected"]]
    if "direct" in case.get("direction", ""):
        # direct mode converts digit by digit only and leaves 十二个 alone (README): the
        # expected values must appear in order among ours, which may hold more.
        it = iter(got)
        return all(any(_close(g, w) for g in it) for w in want), f"got {got} want {want} (subsequence)"
    return len(got) == len(want) and all(_close(a, b) for a, b in zip(got, want)), f"got {got} want {want}"


def _evaluator(name: str, cases: list[dict]):
    if name.startswith("recognizers-text-NumberModel"):
        return _rt_numbers
    if name.startswith("recognizers-text-OrdinalModel"):
        return _rt_ordinals
    if name.startswith("recognizers-text-PercentModel"):
        return _percent
    if name.startswith("recognizers-text-CurrencyModel"):
        return _currency
    if name.startswith("recognizers-text-NumberRange"):
        return _number_range
    if name.startswith("recognizers-text-"):
        return _dimension
    if name == "jionlp-parse_money.jsonl":
        return _parse_money
    if name == "jionlp-extract_money.jsonl":
        return _extract_money
    if name in ("cn2an-cn2an.jsonl", "cn2an-an2cn.jsonl"):
        smart = {c["input"] for c in cases if not c.get("expect_error")}
        return lambda case: _cn2an_parse(case, smart)
    if name == "cn2an-transform.jsonl":
        return _transform
    return None


def run_file(path: Path) -> FileResult:
    cases = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    res = FileResult(path.name)
    evaluate = _evaluator(path.name, cases)
    if evaluate is None:
        return res
    for case in cases:
        if case.get("task") == "render" and not case.get("expect_error"):
            res.not_counted += 1  # rendering numbers as Chinese text is not numcheck's job
            continue
        try:
            ok, detail = evaluate(case)
        except Exception as exc:  # noqa: BLE001 - a crash is a failure, reported with the case
            ok, detail = False, f"exception {exc!r}"
        if ok is None or _excluded(case):
            res.not_counted += 1
            continue
        res.counted += 1
        if ok:
            res.passed += 1
        else:
            res.failures.append(f"case {case.get('case')}: {case['input'][:60]!r}: {detail}")
    return res


def run_all(folder: Path = DEFAULT_DIR) -> dict[str, FileResult] | None:
    if not folder.is_dir():
        return None
    return {p.name: run_file(p) for p in sorted(folder.glob("*.jsonl"))}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dir", type=Path, default=DEFAULT_DIR)
    ap.add_argument("--failures", type=int, default=0, help="show up to N failing cases per file")
    ap.add_argument("--only", default="", help="substring of the file names to run")
    args = ap.parse_args(argv)
    if not args.dir.is_dir():
        print(f"conformance data not found at {args.dir}: nothing to run")
        return 0
    for p in sorted(args.dir.glob("*.jsonl")):
        if args.only not in p.name:
            continue
        r = run_file(p)
        target = TARGETS.get(p.name)
        mark = "" if target is None else (" ok" if r.rate >= target else f" BELOW target {target:.2f}")
        print(f"{p.name:<58} {r.passed:>4}/{r.counted:<4} {r.rate:6.3f}  (not counted {r.not_counted}){mark}")
        for f in r.failures[: args.failures]:
            print("    " + f)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
