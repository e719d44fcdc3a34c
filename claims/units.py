"""Unit words, currency signs and measure words -> canonical unit, plus the pint registry.

The lexicon is claims/data/units.yaml and claims/data/counters.yaml; units pint
lacks (petaflops, mu, jin, currencies, count, rank) are defined in
claims/data/units.txt. The pint registry is built once, lazily, on first use of
`convert` or `unit_family`: the extraction hot path never touches pint.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from pydantic import BaseModel, ConfigDict, field_validator

from numcheck.claims.lexicon import DATA_DIR, load_data, trie_pattern


class OtherReading(BaseModel):
    """The unit a word means after one of `after` in the number's clause (万方 of floor space)."""

    model_config = ConfigDict(extra="forbid")
    unit: str
    dimension: str
    after: tuple[str, ...]


class UnitEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")
    unit: str
    dimension: str
    factor: Decimal = Decimal(1)
    date_like: bool = False
    not_before: str = ""
    tens_as_percent: bool = False
    context: tuple[str, ...] = ()
    arabic_only: bool = False
    otherwise: OtherReading | None = None


class UnitPrefix(BaseModel):
    model_config = ConfigDict(extra="forbid")
    unit: str
    replaces: list[str]
    joins_span: bool = False


class UnitLexicon(BaseModel):
    model_config = ConfigDict(extra="forbid")
    currencies: dict[str, str]
    currency_prefixes: dict[str, str]
    units: dict[str, UnitEntry]
    unit_prefixes: dict[str, UnitPrefix]
    per_units: dict[str, str]
    currency_subunits: dict[str, dict[str, Decimal]]
    counter_currencies: dict[str, str]
    currency_counters: list[str] = []
    money_context: list[str]
    money_context_window: tuple[int, int]
    count_context: list[str] = []
    size_words: list[str] = []
    unit_captions: list[str] = []

    @field_validator("currencies", "currency_prefixes")
    @classmethod
    def _iso(cls, v: dict[str, str]) -> dict[str, str]:
        for surface, code in v.items():
            if not re.fullmatch(r"[A-Z]{3}", code):
                raise ValueError(f"{surface!r}: {code!r} is not an ISO 4217 code")
        return v


class WholeWord(BaseModel):
    model_config = ConfigDict(extra="forbid")
    value: Decimal
    unit: str
    dimension: str
    qualifier: str = "exact"
    not_before: str = ""  # no quantity when one of these chars follows (半成品)
    only_after: list[str] = []  # a quantity only right after one of these words (打对折)


class CounterLexicon(BaseModel):
    model_config = ConfigDict(extra="forbid")
    counters: list[str]
    rank_counters: list[str]
    label_counters: list[str]
    enumerators: list[str]
    multipliers: dict[str, Decimal]
    ordinal_prefixes: dict[str, int | None]
    first_counters: list[str]
    top_prefixes: list[str]
    top_blockers: list[str]
    counted_one_cues: list[str]
    whole_words: dict[str, WholeWord]


UNITS = load_data("units.yaml", UnitLexicon)
COUNTERS = load_data("counters.yaml", CounterLexicon)


@dataclass(frozen=True, slots=True)
class UnitInfo:
    """What a unit word after a number means (built from the validated lexicons)."""

    surface: str
    unit: str
    dimension: str
    factor: Decimal = Decimal(1)
    counter: str | None = None
    date_like: bool = False
    not_before: str = ""
    tens_as_percent: bool = False
    context: tuple[str, ...] = ()
    arabic_only: bool = False
    otherwise: OtherReading | None = None


# the measure-word reading of every counter; also the reading of a unit word that needs context
# when the context is missing (分 is a score only near 分数线/考生; elsewhere it counts)
COUNTER_READING = {c: UnitInfo(surface=c, unit="count", dimension="count", counter=c) for c in COUNTERS.counters}


def _build_table() -> dict[str, UnitInfo]:
    table: dict[str, UnitInfo] = dict(COUNTER_READING)
    for surface, entry in UNITS.units.items():
        table[surface] = UnitInfo(surface=surface, unit=entry.unit, dimension=entry.dimension,
                                  factor=entry.factor, date_like=entry.date_like,
                                  not_before=entry.not_before, tens_as_percent=entry.tens_as_percent,
                                  context=tuple(entry.context), arabic_only=entry.arabic_only,
                                  otherwise=entry.otherwise)
    for surface, code in UNITS.currencies.items():
        table[surface] = UnitInfo(surface=surface, unit=code, dimension="money")
    return table


UNIT_TABLE = _build_table()
DIMENSION_OF = {info.unit: info.dimension for info in UNIT_TABLE.values()}


# Unit after a number, allowing one space for English ("200 billion yuan" is handled upstream).
# One space may separate a number from its unit (200 billion yuan); a hyphen only before an
# English unit word (an 18-month project).
UNIT_RE = re.compile(r"(?: |-(?=[a-z]))?" + trie_pattern(UNIT_TABLE, escape_space=True, ascii_boundary=True))
PER_UNIT_RE = re.compile(r"(?:/|每| per )(" + trie_pattern(UNITS.per_units, ascii_boundary=True) + r")")
# 每平方米16548元: the denominator written before the figure
PER_UNIT_BEFORE_RE = re.compile(r"每(" + trie_pattern(UNITS.per_units, ascii_boundary=True) + r")(?:约|均价|价格|售价|为|达|达到)?$")
UNIT_PREFIXES = sorted(UNITS.unit_prefixes, key=len, reverse=True)
CURRENCY_PREFIXES = sorted(UNITS.currency_prefixes, key=len, reverse=True)


def match_unit(text: str, pos: int) -> UnitInfo | None:
    """The unit word starting at `pos` (after an optional single space), longest first."""
    m = UNIT_RE.match(text, pos)
    if not m:
        return None
    word = m.group().lstrip(" -")
    info = UNIT_TABLE.get(word) or UNIT_TABLE.get(re.sub(r"\s+", " ", word))
    if info is None:
        return None
    if info.not_before and m.end() < len(text) and text[m.end()] in info.not_before:
        return None  # 成为, 折叠: a verb, not a unit
    return info if info.surface == m.group() else replace(info, surface=m.group())


# Unit words written in Chinese or as a symbol (℃, %) may be spaced: 一 百 五 十 个 百 分 点,
# 2.4   个百分点. Tried only where a space is near (see match_spaced_unit).
_SPACED_WORDS = [w for w in UNIT_TABLE if not (w[0].isascii() and w[0].isalnum()) and " " not in w]
# The gap starts only where a run of spaces starts (linear when searched over long space runs).
SPACED_UNIT_RE = re.compile(r"(?<! )( *+)(" + trie_pattern(_SPACED_WORDS, spaced=True) + ")")


def match_spaced_unit(text: str, pos: int) -> UnitInfo | None:
    """A Chinese or symbol unit word at `pos` after a gap of spaces and/or with single spaces between
    its characters. One space (pangu spacing: 增长 2.4 个百分点) may precede any such word; a
    run of spaces only a word of two characters or more (一百五十    个百分点): after a column
    gap a one-character measure word is too often the start of the next cell (35    天津)."""
    m = SPACED_UNIT_RE.match(text, pos)
    if not m:
        return None
    word = m.group(2).replace(" ", "")
    info = UNIT_TABLE.get(word)
    if info is None or (len(m.group(1)) > 1 and len(word) < 2):
        return None
    if info.not_before and m.end() < len(text) and text[m.end()] in info.not_before:
        return None
    return replace(info, surface=m.group())


# masses per cubic metre that air and water quality are written in (units.txt defines them)
CONCENTRATIONS = {"microgram": "microgram_per_cubic_meter", "milligram": "milligram_per_cubic_meter"}


def match_per_unit(text: str, pos: int) -> tuple[str, int] | None:
    """'/㎡' or '/吨' after a money unit: (canonical denominator, end)."""
    m = PER_UNIT_RE.match(text, pos)
    if not m:
        return None
    return UNITS.per_units[m.group(1)], m.end()


def per_unit_before(text: str, start: int) -> tuple[str, int | None] | None:
    """The denominator of a figure written before it (每平方米16548元): (canonical unit, where 每
    starts when it stands right before the figure, else None: 每吨均价1842元), or None."""
    m = PER_UNIT_BEFORE_RE.search(text, max(0, start - 12), start)
    if not m:
        return None
    return UNITS.per_units[m.group(1)], (m.start() if m.end(1) == start else None)


def currency_before(text: str, start: int) -> tuple[str, int] | None:
    """A currency sign or word right before `start` ($3.8bn, ¥100, 新台币 177.1亿元):
    (ISO code, start of the sign). One space is allowed after a word."""
    if start > 1 and text[start - 1] == " " and not text[start - 2].isascii():
        found = currency_before(text, start - 1)
        if found is not None:
            return found
    for sign in CURRENCY_PREFIXES:
        b = start - len(sign)
        if b >= 0 and text.startswith(sign, b):
            if sign[0].isascii() and sign[0].isalpha() and b > 0 and text[b - 1].isascii() and text[b - 1].isalnum():
                continue
            return UNITS.currency_prefixes[sign], b
    return None


_MONEY_CONTEXT = re.compile("|".join(re.escape(w) for w in sorted(UNITS.money_context, key=len, reverse=True)))
_COUNT_CONTEXT = (re.compile("|".join(re.escape(w) for w in sorted(UNITS.count_context, key=len, reverse=True)))
                  if UNITS.count_context else None)
_CLAUSE_END = re.compile(r"[,.;:!?。,;:!?\n、()\"“”]")


def in_clause_before(text: str, start: int, words: tuple[str, ...], window: int = 16) -> bool:
    """Does one of `words` occur in the clause before `start` (at most `window` characters back)?"""
    left = text[max(0, start - window):start]
    cut = [m.end() for m in _CLAUSE_END.finditer(left)]
    if cut:
        left = left[cut[-1]:]
    return any(w in left for w in words)


def money_context(text: str, start: int, end: int) -> bool:
    """Is a bare magnitude (千亿, 10万亿) near a money word in its clause? Then 元 is implied."""
    before, after = UNITS.money_context_window
    left = text[max(0, start - before):start]
    cut = [m.end() for m in _CLAUSE_END.finditer(left)]
    if cut:
        left = left[cut[-1]:]
    right = text[end:end + after]
    m = _CLAUSE_END.search(right)
    if m:
        right = right[:m.start()]
    money = [(m.end(), m.group(0)) for m in _MONEY_CONTEXT.finditer(left)]
    counted = [m.end() for m in _COUNT_CONTEXT.finditer(left)] if _COUNT_CONTEXT is not None else []
    if counted and not _MONEY_CONTEXT.search(right) and all(
            at < counted[-1] or word in UNITS.size_words for at, word in money):
        return False  # 付费会员规模达1.236亿: what is counted names it; 规模 only says "how many"
    return bool(money or _MONEY_CONTEXT.search(right))


# -- pint: conversion and unit families -------------------------------------

@lru_cache(maxsize=1)
def registry():
    """The pint UnitRegistry with claims/data/units.txt loaded (built once)."""
    import pint

    reg = pint.UnitRegistry(non_int_type=Decimal)
    reg.load_definitions(str(DATA_DIR / "units.txt"))
    return reg


# Our canonical names that pint spells differently (pint's `count` is dimensionless).
_PINT_NAMES = {"count": "counted"}


def _pint_name(unit: str) -> str:
    if "/" in unit:
        a, b = unit.split("/", 1)
        return f"({_PINT_NAMES.get(a, a)}) / ({_PINT_NAMES.get(b, b)})"
    return _PINT_NAMES.get(unit, unit)


@lru_cache(maxsize=4096)
def unit_family(unit: str) -> str:
    """A key such that two units convert into each other iff their families are equal.

    Pint's dimensionality string ('[length]', '[currency_CNY] / [length] ** 2'); for a name
    pint does not know, the name itself.
    """
    try:
        return str(registry().parse_units(_pint_name(unit)).dimensionality)
    except Exception:  # noqa: BLE001 - pint raises several unrelated types for unknown names
        return unit


def convert(value: Decimal, from_unit: str, to_unit: str) -> Decimal | None:
    """`value` in `from_unit` expressed in `to_unit` (exact Decimal); None if they do not convert."""
    if from_unit == to_unit:
        return value
    if unit_family(from_unit) != unit_family(to_unit):
        return None
    try:
        reg = registry()
        q = reg.Quantity(Decimal(value), reg.parse_units(_pint_name(from_unit)))
        out = q.to(reg.parse_units(_pint_name(to_unit))).magnitude
        return Decimal(str(out)) if not isinstance(out, Decimal) else out
    except (Exception, InvalidOperation):  # noqa: BLE001
        return None
