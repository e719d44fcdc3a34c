"""Value + qualifier + grain -> the closed interval [low, high] a claim admits.

Rules (GUIDELINES section 5, report contract, dev gold meta.tolerance):
- exact: an unqualified figure admits rounding of its last written digit, half a step
  either way (2.1万亿 -> 2.05..2.15万亿; 1,049亿 -> 1048.5..1049.5亿), capped at
  `rounding_cap` (5%) of the value, so round figures (两千亿, 2 million) move at most 5%.
  The widening is reported in low/high on purpose: the contract defines low/high as the
  interval *after* qualifiers and rounding, the scorer's interval_ok accepts a tool bound
  within 6% of the gold bound, and the checker can then compare intervals without
  knowing about grains. The unwidened value stays in `value` and the step in `precision`.
- approx (约, 左右): value -/+ `approx` band (5%), or the rounding half-step if wider.
- nearly (近): [value*(1 - nearly band), value] - just under the figure, never above it.
- more_than / at_least: [value, open]; less_than / at_most: [open, value].
- range (3至5年, 几十, 数亿): [low, high] as written, value null.
Bands live in claims/data/qualifiers.yaml.
"""
from __future__ import annotations

from decimal import Decimal

from numcheck.claims.qualifiers import LEX

BANDS = LEX.bands


def interval(value: Decimal | None, qualifier: str, step: Decimal | None,
             low: Decimal | None = None, high: Decimal | None = None,
             discrete: bool = False) -> tuple[Decimal | None, Decimal | None]:
    """(low, high) for a parsed quantity; `low`/`high` are the written ends of a range.
    `discrete`: the quantity counts whole things (count, rank)."""
    if qualifier == "range" or value is None:
        return low, high
    if discrete and step is not None and step <= 1:
        step = None
    if qualifier == "exact":
        half = _rounding_half(value, step)
        return value - half, value + half
    if qualifier == "approx":
        half = max(abs(value) * BANDS.approx, _rounding_half(value, step))
        return value - half, value + half
    if qualifier == "nearly":
        return value - abs(value) * BANDS.nearly, value
    if qualifier in ("more_than", "at_least"):
        return value, None
    if qualifier in ("less_than", "at_most"):
        return None, value
    return value, value


def _rounding_half(value: Decimal, step: Decimal | None) -> Decimal:
    if not step:
        return Decimal(0)
    half = step / 2
    cap = abs(value) * BANDS.rounding_cap
    return min(half, cap)
