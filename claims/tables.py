"""Tables written as text: pipe tables (| 业务 | 收入(亿元) | 同比 |) and tab-separated rows.

A table's figures stand in cells without their words: the column header gives a cell its unit
and scale (收入(亿元), 同比(%)), its measure and its period (2024年), and the row label gives
the business segment or product the figure is for (one measure by segment), or the measure
itself (a table of indicators by period). A caption line before the table (单位：亿元) gives
the unit of every column that names none. A cell's claim keeps the offsets of the cell's own
characters; header cells state no figures (收入(亿元) is a unit, not 100,000,000 yuan).

`table_cells(norm)` finds the tables of a document; `cell_matches` turns their bare numbers
into QuantityMatches with the header's unit; `cell_subject` gives a cell's measure, facets and
period. The measure words are those of claims/measures.py.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace

from pydantic import BaseModel, ConfigDict

from numcheck.claims.cuefiles import cached

from numcheck.claims.measures import MeasureFound, aspect_of, facets_in, found_for, label_segment, lexicon, named_measure
from numcheck.claims.quantities import find_quantities
from numcheck.claims.types import QuantityMatch

_CAPTION = re.compile(r"(?:单位|單位|unit|units)\s*[:：]\s*([^\s|，,。;；]{1,8})", re.I)
_HEADER_UNIT = re.compile(r"[（(]\s*([^()（）]{1,8}?)\s*[)）]\s*$")
_PART_ROW = re.compile(r"(?:其中|内含|含)[:：]?\s{0,2}")
_BARE_NUMBER = re.compile(r"^[+\-−]?\d[\d,]*(?:\.\d+)?%?$")
_YEAR = re.compile(r"((?:19|20)\d\d)\s*(?:年)?(?:\s*(?:Q([1-4])|([一二三四1-4])季度|上半年|下半年|H([12])))?")
_SEPARATOR = re.compile(r"\A[\s|:\-–—]*-[\s|:\-–—]*\Z")  # |---|:--:| (fullmatch; one class: linear)
_MAX_ROW = 2000  # a longer line is prose, not a table row (and is never scanned as one)
_TOTAL_WORDS = ("合计", "总计", "全部", "总体", "整体", "集团", "全公司", "total", "overall", "group")


@dataclass(slots=True)
class Cell:
    start: int  # offsets of the cell's text (trimmed) in the document
    end: int
    text: str


@dataclass(slots=True)
class Table:
    header: list[Cell]
    rows: list[list[Cell]]
    caption_unit: str | None = None  # 单位：亿元 before the table
    header_units: list[str | None] = field(default_factory=list)  # per column: the unit its header gives
    heading: str = ""  # the line above the table (二、分业务收入): names its measure when no header does


def _cells(norm: str, line_start: int, line: str) -> list[Cell] | None:
    if "|" in line:
        parts = line.split("|")
        if line.strip().startswith("|"):
            parts = parts[1:]
        if line.strip().endswith("|"):
            parts = parts[:-1]
    elif line.count("\t") >= 2:
        parts = line.split("\t")
    else:
        return None
    if len(parts) < 2:
        return None
    cells, pos = [], line_start + (line.index("|") + 1 if line.strip().startswith("|") else 0)
    for part in parts:
        stripped = part.strip()
        lead = len(part) - len(part.lstrip())
        cells.append(Cell(pos + lead, pos + lead + len(stripped), stripped))
        pos += len(part) + 1
    return cells


def table_cells(norm: str) -> list[Table]:
    """The tables of a document: runs of two or more rows with the same number of cells."""
    tables: list[Table] = []
    run: list[list[Cell]] = []
    caption: str | None = None
    recent_caption: str | None = None
    heading = ""  # the last short line of text before the table
    recent_line = ""
    offset = 0
    lines = norm.splitlines(keepends=True)

    def close() -> None:
        nonlocal run
        if len(run) >= 2 and all(len(r) == len(run[0]) for r in run):
            header, rows = run[0], run[1:]
            units = [_header_unit(c.text) for c in header]
            tables.append(Table(header, rows, caption, units, heading))
        run = []

    for line in lines:
        body = line.rstrip("\r\n")
        if len(body) > _MAX_ROW:
            if run:
                close()
            recent_caption = None
            offset += len(line)
            continue
        cap = _CAPTION.search(body)
        if cap and "|" not in body:
            recent_caption = cap.group(1)
        if run and "-" in body and _SEPARATOR.fullmatch(body):
            offset += len(line)
            continue
        cells = _cells(norm, offset, body)
        if cells is None:
            if run:
                close()
            if body.strip() and not cap:
                recent_caption = recent_caption if len(body.strip()) < 40 else None
                recent_line = body.strip() if len(body.strip()) <= 30 else ""
        else:
            if not run:
                caption = recent_caption
                heading = recent_line
            run.append(cells)
        offset += len(line)
    if run:
        close()
    return tables


def _header_unit(header: str) -> str | None:
    m = _HEADER_UNIT.search(header)
    return m.group(1) if m else None


def _scaled(number: str, unit: str | None) -> QuantityMatch | None:
    """The quantity `number` states in a column of `unit` (128.6 in 亿元 -> 12,860,000,000 CNY),
    read by the number grammar as if the two were written together."""
    said = number.replace("−", "-").replace(",", "")
    if unit and not said.endswith("%"):
        said = said + unit
    found = find_quantities(said)
    if len(found) != 1 or found[0].start != 0 or found[0].end != len(said):
        return None
    return found[0]


def _inside(starts: list[int], spans: list[tuple[int, int]], pos: int) -> int | None:
    """The index of the span (sorted, not overlapping; `starts` their starts) holding `pos`."""
    i = bisect.bisect_right(starts, pos) - 1
    return i if i >= 0 and pos < max(spans[i][1], spans[i][0] + 1) else None


def cell_matches(norm: str, tables: list[Table], found: list[QuantityMatch]) -> list[QuantityMatch]:
    """`found` (the grammar's matches) without those in header cells, plus a match for every bare
    number in a body cell, with the unit its column (or the caption) gives."""
    # header cells, and the unit a row's label gives (| 营业收入(亿元) | 286.4 |): no figures there
    headers = sorted([(c.start, c.end) for t in tables for c in t.header]
                     + [(row[0].start + u.start(), row[0].end) for t in tables for row in t.rows
                        if row and (u := _HEADER_UNIT.search(row[0].text))])
    header_starts = [s for s, _ in headers]
    kept = [m for m in found if _inside(header_starts, headers, m.start) is None]
    kept_starts = [m.start for m in kept]  # in text order, as the grammar gives them
    made: list[QuantityMatch] = []
    for t in tables:
        for row in t.rows:
            for col, cell in enumerate(row[1:], start=1):
                i = bisect.bisect_left(kept_starts, cell.start)
                if not _BARE_NUMBER.match(cell.text) or (i < len(kept_starts) and kept_starts[i] < cell.end):
                    continue  # not a bare number, or the grammar read it already (12.5%)
                unit = t.header_units[col] if col < len(t.header_units) else None
                quantity = _scaled(cell.text, unit or _header_unit(row[0].text) or t.caption_unit)
                if quantity is not None:
                    made.append(replace(quantity, start=cell.start, end=cell.end, rule="table.cell",
                                        qualifier_start=None, qualifier_end=None))
    return sorted(kept + made, key=lambda m: m.start)


@dataclass(frozen=True, slots=True)
class CellSubject:
    found: MeasureFound | None
    period_text: str | None  # the header's words that give a period (2024年), resolved by the caller
    words: str  # what gave the measure, for evidence
    entity: str | None = None  # the row's name, in a table of companies or places (| 厂商 | 出货量 |)


class TableWords(BaseModel):
    """The format of claims/data/tables.yaml (documented in its header)."""

    model_config = ConfigDict(extra="forbid")

    index_columns: list[str]
    entity_columns: list[str]
    other_rows: list[str]


def _words() -> TableWords:
    return cached("tables.yaml", TableWords)


def _header_is(cell_text: str, words: list[str]) -> bool:
    said = _HEADER_UNIT.sub("", cell_text).strip().lower()
    return bool(said) and said in words


def period_of(words: str | None) -> str | None:
    """2024年 -> 2024, 2025年一季度 / 2025Q1 -> 2025-Q1, 2024年上半年 -> 2024-H1."""
    if not words:
        return None
    m = _YEAR.search(words)
    if not m:
        return None
    year = m.group(1)
    quarter = m.group(2) or ({"一": "1", "二": "2", "三": "3", "四": "4"}.get(m.group(3) or "", m.group(3)))
    if quarter:
        return f"{year}-Q{quarter}"
    if m.group(4) or "上半年" in m.group(0):
        return f"{year}-H{m.group(4) or 1}"
    if "下半年" in m.group(0):
        return f"{year}-H2"
    return year


@dataclass(frozen=True, slots=True)
class CellIndex:
    """The body cells of a document's tables by offset, for `locate`."""

    starts: list[int]
    spans: list[tuple[int, int]]
    cells: list[tuple[Table, int, int]]  # (table, row index, column index)


def cell_index(tables: list[Table]) -> CellIndex:
    entries = sorted((cell.start, cell.end, id(t), t, r, c) for t in tables for r, row in enumerate(t.rows)
                     for c, cell in enumerate(row))
    return CellIndex([e[0] for e in entries], [(e[0], e[1]) for e in entries], [(e[3], e[4], e[5]) for e in entries])


def locate(index: CellIndex, pos: int) -> tuple[Table, int, int] | None:
    """(table, row index, column index) of the body cell holding offset `pos`."""
    i = _inside(index.starts, index.spans, pos)
    return None if i is None else index.cells[i]


def _growing_measure(left: list) -> tuple | None:
    """The measure a growth column (| 同比(%) |) speaks of: the nearest column to its left that
    is a level of something, passing over shares and ratios (a share's change is in points)."""
    named = [m for m in left if m is not None]
    levels = [m for m in named if m[0].kind not in ("share", "margin", "rate")]
    return (levels or named or [None])[-1]


def cell_subject(table: Table, row: int, col: int, quantity) -> CellSubject:
    """A cell's measure and facets: the column header's measure for the row label's segment
    (| 业务 | 收入(亿元) |), or the row label's measure for the header's period (| 指标 | 2024年 |);
    a column naming only a growth or share (| 同比 |) takes the measure of a column to its left.
    In a table of companies or places (| 排名 | 厂商 | 出货量(万台) |) the row label names whose
    figures they are; a row lumping the rest together (其他) or the total is nobody's own."""
    header = _HEADER_UNIT.sub("", table.header[col].text).strip()
    table_words = _words()
    label_col = 1 if (len(table.header) > 2 and col > 1
                      and _header_is(table.header[0].text, table_words.index_columns)) else 0
    label = table.rows[row][label_col].text
    period = _YEAR.search(header)
    period_text = period.group(0) if period else None
    by_name = _header_is(table.header[label_col].text, table_words.entity_columns)
    if by_name and not _own_row([c.text.lower() for c in table.rows[row][:label_col + 1]], label, table_words):
        return CellSubject(None, period_text, "")
    segment: str | None = None
    from_label = False
    named = named_measure(header) if header else None
    if named is not None:
        segment = label
    else:
        named = named_measure(label) if label and not by_name else None
        from_label = named is not None
        if named is None:
            left = [named_measure(_HEADER_UNIT.sub("", c.text).strip()) for c in table.header[label_col + 1:col]]
            named = _growing_measure(left)
            if named is None and table.heading:
                named = named_measure(table.heading)  # 二、分业务收入 | 业务 | 2024年(亿元) |: the heading's
            segment = label
    if named is None:
        return CellSubject(None, period_text, "")
    measure, said = named
    aspect = aspect_of(header.replace(said, "", 1), quantity, measure)  # 市场份额(%): the share itself
    if aspect is None:
        return CellSubject(None, period_text, said)
    facets = facets_in(header, quantity)
    if from_label:  # | 私人充电桩 | 28.78 |: the row names the measure and what narrows it
        facets.update(facets_in(label.replace(said, "", 1), quantity))
        written = label_segment(label, said, measure.id)
        row = label.strip()
        part = _PART_ROW.match(row)
        if part and not written and row.rfind(said) > part.end():
            written = row[part.end():row.rfind(said)].strip()  # | 其中：自产煤销量 |: a part of the row above
        if written and "segment" not in facets:
            facets["segment"] = written  # | 其中：自产煤销量 | 1.804 |: as prose reads 自产煤销量1.804亿吨
    if segment and not by_name and not segment.lower().startswith(_TOTAL_WORDS) and named_measure(segment) is None:
        facets.update(facets_in(segment, quantity))
        rest = segment
        for word in (w for w in lexicon().facet_of if not w.isascii() and w in segment):
            rest = rest.replace(word, "")
        if rest.strip():
            facets["segment"] = rest.strip()
    return CellSubject(found_for(measure, aspect[0], facets, said, aspect[1]), period_text,
                       f"table column '{table.header[col].text}', row '{label}'", entity=label if by_name else None)


def _own_row(firsts: list[str], label: str, table_words: TableWords) -> bool:
    """Whether a row of a table of names is one name's: not the rest (其他) or the total."""
    return not any(t in table_words.other_rows or t.startswith(_TOTAL_WORDS) for t in firsts) \
        and re.search(r"[\w\u4e00-\u9fff]", label) is not None


__all__ = ["Table", "cell_index", "cell_matches", "cell_subject", "locate", "table_cells"]
