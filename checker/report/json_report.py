"""`check --format json`: the report contract (../shared/contract/report-v1.md).

The Report model is the contract; this emitter only fixes the layout: `json.dumps(...,
ensure_ascii=False, indent=2)` of the report's JSON dump, UTF-8. A re-check lists every corpus
document (100k of them), which json's pure-Python indenting encoder takes seconds for, so pydantic's
serializer writes the report: its output is the same byte for byte (strings, integers, nulls,
layout; tests/test_recheck_listing.py) except for floats between 1e-9 and 1e-4, which it writes
0.00001 or 1e-7 where json writes 1e-05 and 1e-07. A report with such a number (or text that
looks like one) is written by json.dumps. The CLI takes the UTF-8 bytes as they come: a 35 MB
report held as text would take twice that (Chinese titles make it two bytes per character).
"""
from __future__ import annotations

import json

from schemas.models import Report


def render_json(report: Report) -> str:
    return render_json_bytes(report).decode("utf-8")


def render_json_bytes(report: Report) -> bytes:
    data = report.__pydantic_serializer__.to_json(report, indent=2)  # what model_dump_json decodes
    if not _small_float(data):
        return data + b"\n"
    return (json.dumps(report.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _small_float(data: bytes) -> bool:
    """Whether pydantic's output may hold a float it writes unlike json (0.0000x, 1.5e-7), or text
    that looks like one. Plain finds, not a regex: a 100k-document report is 35 MB."""
    if b"0.0000" in data:
        return True
    at = data.find(b"e-")
    while at >= 0:
        if at and data[at - 1:at].isdigit() and data[at + 2:at + 3].isdigit() and not data[at + 3:at + 4].isdigit():
            return True
        at = data.find(b"e-", at + 2)
    return False
