"""Interval logic after unit conversion: what each claim admits, and whether claims can all hold.

A claim's admitted interval is rebuilt here from its stated value, qualifier and
rounding step, with the tolerances of the configuration, rather than taken
from `Quantity.low/high`. The extractor may already have widened low/high for
rounding; rebuilding from the value is what keeps the widening single and
configurable (约 ±approx_tolerance, 近 [v·(1−nearly_band), v], rounding ±half
the last digit capped at rounding_cap). Bounds (超, 以上, 不到, 以下) and ranges
keep the extractor's limits unwidened: 超140万 admits 145万 but not 135万.

All arithmetic is Decimal. Intervals are closed; None is an open side.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from numcheck.checker.config import Config
from numcheck.checker.memo import memo
from numcheck.schemas.models import Quantity

# Units whose family and scale numcheck fixes itself (pint either lacks them or
# reads them differently: pint's "percent" is dimensionless, a rank is no unit).
_FIXED_UNITS: dict[str, tuple[str, Decimal]] = {
    "count": ("count", Decimal(1)),
    "percent": ("percent", Decimal(1)),
    "times": ("percent", Decimal(100)),  # N倍 = N x 100 percent
    "permille": ("percent", Decimal("0.1")),
    "percentage_point": ("percentage_point", Decimal(1)),
    "rank": ("rank", Decimal(1)),
    # computing power: the gold writes 算力 "P" as petaflops; EFLOPS is 1000 of them
    "flops": ("flops", Decimal(1)),
    "teraflops": ("flops", Decimal(10) ** 12),
    "TFLOPS": ("flops", Decimal(10) ** 12),
    "petaflops": ("flops", Decimal(10) ** 15),
    "PFLOPS": ("flops", Decimal(10) ** 15),
    "exaflops": ("flops", Decimal(10) ** 18),
    "EFLOPS": ("flops", Decimal(10) ** 18),
}

# Discrete dimensions: a whole number written to the unit digit is exact, not rounded.
_DISCRETE_FAMILIES = {"count", "rank"}


@dataclass(frozen=True, slots=True)
class Interval:
    """A closed interval; None is an open side."""

    low: Decimal | None
    high: Decimal | None

    def scaled(self, factor: Decimal) -> "Interval":
        return Interval(
            None if self.low is None else self.low * factor,
            None if self.high is None else self.high * factor,
        )

    def intersect(self, other: "Interval") -> "Interval | None":
        low = _max_low(self.low, other.low)
        high = _min_high(self.high, other.high)
        if low is not None and high is not None and low > high:
            return None
        return Interval(low, high)

    def text(self) -> str:
        lo = "(-∞" if self.low is None else f"[{plain_number(self.low)}"
        hi = "∞)" if self.high is None else f"{plain_number(self.high)}]"
        return f"{lo}, {hi}"


def _max_low(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b)


def _min_high(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    if a is None:
        return b
    if b is None:
        return a
    return min(a, b)


def disjoint(a: Interval, b: Interval) -> bool:
    return a.intersect(b) is None


def gap(a: Interval, b: Interval) -> Decimal:
    """Distance between two intervals (0 when they meet)."""
    if a.high is not None and b.low is not None and a.high < b.low:
        return b.low - a.high
    if b.high is not None and a.low is not None and b.high < a.low:
        return a.low - b.high
    return Decimal(0)


def relative_gap(a: Interval, b: Interval) -> Decimal:
    """The gap as a share of the larger of the two facing bounds (0 when they meet)."""
    g = gap(a, b)
    if g == 0:
        return Decimal(0)
    if a.high is not None and b.low is not None and a.high < b.low:
        scale = max(abs(a.high), abs(b.low))
    else:
        scale = max(abs(b.high), abs(a.low))  # type: ignore[arg-type]
    return g / scale if scale else Decimal(1)


def facing_ratio(a: Interval, b: Interval) -> Decimal | None:
    """How many times larger the far side of the gap is than the near side (None: no gap, or a sign change)."""
    if a.high is not None and b.low is not None and a.high < b.low:
        near, far = a.high, b.low
    elif b.high is not None and a.low is not None and b.high < a.low:
        near, far = b.high, a.low
    else:
        return None
    if near <= 0 or far <= 0:
        return None  # -5% against +3%: a real contradiction at any ratio
    return far / near


# ---------------------------------------------------------------- units


@dataclass(frozen=True, slots=True)
class UnitBase:
    """A unit's family (what it can be compared with) and its factor to the family's base unit."""

    family: str
    factor: Decimal


# unit -> its base, for every unit seen in this process (or remembered from an earlier run,
# see remember_unit_bases): building pint's registries costs more than a whole small check.
_UNIT_BASES: dict[str, UnitBase] = {}


def unit_base(unit: str) -> UnitBase:
    """Family and factor of a canonical unit: money by ISO code, counts, ratios, ranks, pint units.

    Physical units go through claims/units.py (its pint registry with numcheck's own
    definitions), then plain pint. Units neither knows (EFLOPS, CNY/square_meter) form a family of their own,
    so they are compared only with claims in exactly the same unit.
    """
    base = _UNIT_BASES.get(unit)
    if base is None:
        base = _UNIT_BASES[unit] = _compute_unit_base(unit)
    return base


def known_unit_bases() -> dict[str, tuple[str, str]]:
    """Every unit base found so far, as JSON-ready (family, exact factor) pairs."""
    return {unit: (b.family, str(b.factor)) for unit, b in _UNIT_BASES.items()}


def remember_unit_bases(bases: dict[str, tuple[str, str]]) -> None:
    """Take unit bases found by an earlier run with the same code and unit data (the caller
    keys what it stores by both), so this run need not build pint's registries for them."""
    parsed = {unit: UnitBase(str(family), Decimal(str(factor))) for unit, (family, factor) in bases.items()}
    for unit, base in parsed.items():
        _UNIT_BASES.setdefault(unit, base)


def _compute_unit_base(unit: str) -> UnitBase:
    if unit in _FIXED_UNITS:
        family, factor = _FIXED_UNITS[unit]
        return UnitBase(family, factor)
    if len(unit) == 3 and unit.isalpha() and unit.isupper():  # ISO 4217: no exchange rates, own family
        return UnitBase(unit, Decimal(1))
    converted = _lexicon_base(unit) or _pint_base(unit)
    if converted is None:
        return UnitBase(unit, Decimal(1))
    return UnitBase(*converted)


def _lexicon_base(unit: str) -> tuple[str, Decimal] | None:
    """(family, factor) through claims/units.py, whose pint registry knows numcheck's own units
    (currencies as dimensions, petaflops, square_millimeter); None when it cannot say."""
    try:
        from numcheck.claims.units import _pint_name, registry, unit_family  # noqa: PLC0415 - optional sibling
    except ImportError:
        return None
    try:
        reg = registry()
        parsed = reg.parse_units(_pint_name(unit))
        if reg.Quantity(Decimal(0), parsed).to_base_units().magnitude != 0:
            return None  # offset unit (°C): a factor would be wrong
        factor = Decimal(str(reg.Quantity(Decimal(1), parsed).to_base_units().magnitude)).normalize()
        return f"units:{unit_family(unit)}", factor
    except Exception:  # unknown to the lexicon: let pint or the name decide
        return None


def _pint_base(unit: str) -> tuple[str, Decimal] | None:
    """(base units, factor) through pint; None for unknown or offset units (°C)."""
    registry = _registry()
    if registry is None:
        return None
    if unit.startswith(("square_", "cubic_")):  # the contract's square_millimeter is pint's millimeter**2
        power = "2" if unit.startswith("square_") else "3"
        unit = f"{unit.split('_', 1)[1]}**{power}"
    try:
        one = registry.Quantity(1, unit)
        zero_in_base = registry.Quantity(0, unit).to_base_units().magnitude
        base = one.to_base_units()
    except Exception:  # pint raises many kinds for unknown names; all mean "not a pint unit"
        return None
    if zero_in_base != 0:  # offset unit: a factor would be wrong
        return None
    # 12 significant digits: exact for the decimal factors pint defines (1e3, 12, 60, 3600).
    factor = Decimal(repr(float(base.magnitude)))
    factor = Decimal(format(factor, ".12g")).normalize()
    return f"pint:{base.units}", factor


@lru_cache(maxsize=1)
def _registry():
    try:
        import pint
    except ImportError:  # pragma: no cover - pint is a dependency
        return None
    return pint.UnitRegistry()


def convert_factor(from_unit: str, to_unit: str) -> Decimal | None:
    """Multiply a value in `from_unit` by this to express it in `to_unit`; None if not comparable."""
    a, b = unit_base(from_unit), unit_base(to_unit)
    if a.family != b.family:
        return None
    return a.factor / b.factor


# ---------------------------------------------------------------- admitted intervals


def admitted(quantity: Quantity, config: Config) -> Interval:
    """The closed interval a quantity admits, in its own unit."""
    q = quantity
    v = q.value
    qual = q.qualifier
    if qual in ("more_than", "at_least"):
        return Interval(v if v is not None else q.low, None)
    if qual in ("less_than", "at_most"):
        return Interval(None, v if v is not None else q.high)
    if qual == "range" or v is None:
        return Interval(q.low, q.high)
    half = rounding_half_step(q, config)
    if qual == "approx":
        width = max(abs(v) * config.approx_tolerance, half)
        return Interval(v - width, v + width)
    if qual == "nearly":
        return Interval(v - abs(v) * config.nearly_band, v)
    return Interval(v - half, v + half)


def rounding_half_step(q: Quantity, config: Config) -> Decimal:
    """Half the rounding step of the last written digit, capped at rounding_cap of the value."""
    if q.value is None or q.precision is None or q.precision <= 0:
        return Decimal(0)
    family = unit_base(q.unit).family
    if family in _DISCRETE_FAMILIES and q.precision <= 1:
        return Decimal(0)  # 148个, 第9位: whole things, no rounding
    half = q.precision / 2
    cap = abs(q.value) * config.rounding_cap
    return min(half, cap)


def _unit_words(unit: str, value: Decimal | None) -> str:
    """month -> months, square_meter -> square meters; codes (CNY) and symbols stay as they are."""
    if not (unit.isascii() and unit.replace("_", "").isalpha() and unit.islower()):
        return unit
    words = unit.replace("_", " ")
    if value != 1 and not words.endswith("s"):
        words += "s"
    return words


def is_definite(quantity: Quantity) -> bool:
    """A stated figure (possibly rounded or approximate), not a bound or a range."""
    return quantity.value is not None and quantity.qualifier in ("exact", "approx", "nearly")


# ---------------------------------------------------------------- display


@memo
def plain_number(d: Decimal) -> str:
    """A Decimal without exponent or trailing zeros: 1.40E+6 -> 1400000, 52.40 -> 52.4."""
    d = d.normalize()
    if d == d.to_integral_value():
        return f"{d.quantize(Decimal(1)):f}"
    return f"{d:f}"


@memo
def grouped_number(d: Decimal) -> str:
    """1400000 -> 1,400,000 (for editors)."""
    text = plain_number(d)
    sign = "-" if text.startswith("-") else ""
    text = text.lstrip("-")
    whole, _, frac = text.partition(".")
    whole = f"{int(whole):,}"
    return sign + whole + (f".{frac}" if frac else "")


_QUALIFIER_WORDS = {
    "exact": "",
    "approx": "about ",
    "nearly": "nearly ",
    "more_than": "more than ",
    "at_least": "at least ",
    "less_than": "less than ",
    "at_most": "at most ",
}


def describe(quantity: Quantity) -> str:
    """'more than 1,400,000', 'between 20 and 90 percent', '14 month', '98,490,000,000 CNY'."""
    q = quantity
    return _describe(q.qualifier, q.unit, q.value, q.low, q.high)


@memo
def _describe(qualifier: str, unit: str, value: Decimal | None, low: Decimal | None,
              high: Decimal | None) -> str:
    suffix = {"count": "", "rank": "", "percent": "%"}.get(unit, f" {_unit_words(unit, value)}")
    prefix = "rank " if unit == "rank" else ""
    if qualifier == "range" or value is None:
        lo = "?" if low is None else grouped_number(low)
        hi = "?" if high is None else grouped_number(high)
        return f"{prefix}between {lo} and {hi}{suffix}"
    return f"{_QUALIFIER_WORDS.get(qualifier, '')}{prefix}{grouped_number(value)}{suffix}"
