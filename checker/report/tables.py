"""Claim tables for `extract`: jsonl, json, csv and parquet, one row per claim.

The subject is flattened into `entity`, `metric` and `period` columns. Values
stay exact: csv writes the decimal digits, parquet stores decimal columns.

CSV is opened by spreadsheets, which run a cell that starts with = + - @ (or a
tab or carriage return, which some strip first) as a formula. Text cells that
start so get a leading single quote, the OWASP guard for CSV injection; the
number columns are never touched, so a value of -5 stays the number -5. The
other formats carry the text unchanged.
"""
from __future__ import annotations

import io
import json

import pandas as pd

from numcheck.schemas.models import ClaimRecord

VALUE_COLUMNS = ("value", "low", "high", "precision")
OFFSET_COLUMNS = ("start", "end", "line", "column")
NUMBER_COLUMNS = VALUE_COLUMNS + OFFSET_COLUMNS
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def claim_rows(records: list[ClaimRecord]) -> list[dict]:
    rows = []
    for record in records:
        row = record.model_dump(mode="python", exclude={"subject"})
        subject = record.subject
        row.update(entity=subject.entity, metric=subject.metric, period=subject.period)
        rows.append(row)
    return rows


def claims_frame(records: list[ClaimRecord]) -> pd.DataFrame:
    """A DataFrame with one row per claim; value columns hold `Decimal` objects (or None)."""
    columns = list(ClaimRecord.model_fields)
    columns[columns.index("subject"):columns.index("subject") + 1] = ["entity", "metric", "period"]
    return pd.DataFrame(claim_rows(records), columns=columns)


def render_claims(records: list[ClaimRecord], fmt: str) -> str | bytes:
    if fmt == "jsonl":
        return "".join(r.model_dump_json() + "\n" for r in records)
    if fmt == "json":
        return json.dumps([r.model_dump(mode="json") for r in records], ensure_ascii=False, indent=2) + "\n"
    frame = claims_frame(records)
    if fmt == "csv":
        # CRLF as RFC 4180 says; it also makes the writer quote a cell holding a lone CR
        # (with "\n" alone, Python's csv module writes such a cell unquoted and breaks the row)
        return _guard_formulas(frame).to_csv(index=False, lineterminator="\r\n")
    if fmt == "parquet":
        return _parquet(frame)
    raise ValueError(f"unknown claim table format {fmt!r} (jsonl, json, csv, parquet)")


def guard_cell(cell):
    """A text cell a spreadsheet would run as a formula, made inert with a leading quote."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def _guard_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    guarded = frame.copy()
    for name in guarded.columns:
        if name not in NUMBER_COLUMNS:
            guarded[name] = guarded[name].map(guard_cell)
    return guarded


def _parquet(frame: pd.DataFrame) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    fields = []
    for name in frame.columns:
        if name in VALUE_COLUMNS:
            fields.append(pa.field(name, _decimal_type(frame[name]), nullable=True))
        elif name in OFFSET_COLUMNS:
            fields.append(pa.field(name, pa.int64()))
        else:
            fields.append(pa.field(name, pa.string(), nullable=True))
    table = pa.Table.from_pandas(frame, schema=pa.schema(fields), preserve_index=False)
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    return buffer.getvalue()


def _decimal_type(column: pd.Series):
    """One decimal type wide enough for every value in the column (exact, never float)."""
    import pyarrow as pa

    scale, whole_digits = 0, 1
    for value in column.dropna():
        _, digit_tuple, exponent = value.as_tuple()
        scale = max(scale, -exponent)
        whole_digits = max(whole_digits, len(digit_tuple) + exponent)
    precision = min(whole_digits + scale, 76)
    return pa.decimal128(precision, scale) if precision <= 38 else pa.decimal256(precision, scale)
