"""Key-figure boxes: a measure named once, then its figures on `label：value` lines.

Results pages and reposts set out their headline figures as

    指标：2025年全省粮食总产量
    数值：3932.0万吨
    同比增长：1.6%
    全国排名：第6位

The first line names the measure and its period and states no figure; each line after it gives
one figure of that measure under a label that names only how the figure relates to it: the
value itself (数值), its growth (同比增长), its rank (全国排名). A line whose label names a
measure of its own (播种面积：541.7万公顷) is read like any sentence. The box ends at the first
line that is not `label：value`.

`key_figure_lines(norm)` finds the boxes; `box_subject` gives a figure on such a line its measure
and period.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from numcheck.claims.measures import MeasureFound, aspect_of, facets_in, found_for, named_measure
from numcheck.claims.tables import period_of

# the line that names the box's measure (指标：…, 项目：…, Indicator: …)
_HEADING = re.compile(r"^[ \t]*(?:指标|指標|项目|項目|indicator|item)[ \t]*[:：][ \t]*(\S[^\n]{0,40})$", re.I)
# a line of the box: a short label, a colon, its value
_LABEL_LINE = re.compile(r"^[ \t]*([^\s:：|]{1,12})[ \t]*[:：][ \t]*\S")
# labels that name the value itself, not another measure
_VALUE_LABELS = frozenset({"数值", "數值", "数据", "數據", "数额", "數額", "值", "value", "figure", "amount"})


@dataclass(frozen=True, slots=True)
class BoxLine:
    label: str  # the line's label (数值, 同比增长, 全国排名)
    measure_words: str  # the box heading's words (2025年全省粮食总产量)


def key_figure_lines(norm: str) -> dict[int, BoxLine]:
    """The lines of every key-figure box in `norm`, by the offset where each line starts."""
    out: dict[int, BoxLine] = {}
    if "：" not in norm and ":" not in norm:
        return out
    heading: str | None = None
    pos = 0
    for line in norm.split("\n"):
        head = _HEADING.match(line)
        label = _LABEL_LINE.match(line)
        if head and not re.search(r"\d(?!\d{0,3}年)", head.group(1)):  # a year, but no figure
            heading = head.group(1).strip()
        elif heading is not None and label is not None:
            out[pos] = BoxLine(label.group(1), heading)
        else:
            heading = None
        pos += len(line) + 1
    return out


def box_subject(line: BoxLine, quantity) -> tuple[MeasureFound | None, str | None]:
    """The measure of a figure on a box line whose label names none of its own (None when the
    label names one, 播种面积：…, or the heading none), and the period the box heading states,
    which every line of the box shares."""
    period = period_of(line.measure_words)
    own = named_measure(line.label)
    named = named_measure(line.measure_words)
    if (own is not None and own[0].kind != "rank") or named is None:
        return None, period  # the label is a measure of its own; a rank (全国排名) ranks the box's
    measure, words = named
    label = "" if line.label.lower() in _VALUE_LABELS else line.label
    aspect = aspect_of(label, quantity, measure)
    if aspect is None:
        return None, period
    facets = {**facets_in(line.measure_words, quantity), **facets_in(label, quantity)}
    return found_for(measure, aspect[0], facets, words, aspect[1]), period


__all__ = ["BoxLine", "box_subject", "key_figure_lines"]
