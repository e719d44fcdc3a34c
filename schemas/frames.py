"""Claims and conflicts as pandas DataFrames, values exact (Decimal, or pyarrow decimals)."""
from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Iterable, Literal

from numcheck.schemas.models import ClaimRecord, Conflict

if TYPE_CHECKING:
    import pandas

CLAIM_COLUMNS = ["id", "doc", "line", "column", "start", "end", "text", "value", "low", "high", "qualifier",
                 "unit", "dimension", "counter", "precision", "entity", "metric", "concept", "facets", "period",
                 "confidence", "reason", "modality", "zone", "language", "scope", "rule", "sentence"]
EXACT_COLUMNS = ("value", "low", "high", "precision")


def _claim_row(r: ClaimRecord) -> dict:
    row = r.model_dump(exclude={"subject"})
    for key, value in r.subject.model_dump().items():
        row[key] = value
    return row


def _frame(rows: list[dict], columns: list[str], decimals: str) -> "pandas.DataFrame":
    import pandas as pd

    extra = sorted({k for row in rows for k in row} - set(columns))  # fields later versions add
    frame = pd.DataFrame(rows, columns=columns + extra)
    if decimals == "pyarrow":
        for name in EXACT_COLUMNS:
            frame[name] = _arrow_decimals(frame[name].tolist())
    elif decimals != "decimal":
        raise ValueError(f"decimals is 'decimal' or 'pyarrow', not {decimals!r}")
    return frame


def _arrow_decimals(values: list[Decimal | None]) -> "pandas.Series":
    """A column of pyarrow decimals wide enough for every value, none rounded."""
    import pandas as pd
    import pyarrow as pa

    present = [v.as_tuple() for v in values if v is not None]
    scale = max((max(0, -t.exponent) for t in present), default=0)
    whole = max((max(1, len(t.digits) + t.exponent) for t in present), default=1)  # digits before the point
    precision = whole + scale
    arrow_type = pa.decimal128(precision, scale) if precision <= 38 else pa.decimal256(precision, scale)
    return pd.Series(pa.array(values, type=arrow_type), dtype=pd.ArrowDtype(arrow_type))


def claims_frame(records: Iterable[ClaimRecord], *, decimals: Literal["decimal", "pyarrow"] = "decimal"
                 ) -> "pandas.DataFrame":
    return _frame([_claim_row(r) for r in records], CLAIM_COLUMNS, decimals)


def conflicts_frame(conflicts: Iterable[Conflict], *, decimals: Literal["decimal", "pyarrow"] = "decimal"
                    ) -> "pandas.DataFrame":
    rows = []
    for c in conflicts:
        head = {"conflict_id": c.id, "code": c.code, "kind": c.kind, "severity": c.severity,
                "baselined": c.baselined, "conflict_entity": c.subject.entity,
                "conflict_metric": c.subject.metric, "conflict_period": c.subject.period}
        rows += [{**head, **_claim_row(r)} for r in c.claims]
    columns = ["conflict_id", "code", "kind", "severity", "baselined", "conflict_entity", "conflict_metric",
               "conflict_period", *CLAIM_COLUMNS]
    return _frame(rows, columns, decimals)
