"""`check --format json`: the report contract (../shared/contract/report-v1.md).

The Report model is the contract; this emitter only fixes the layout: `json.dumps(...,
ensure_ascii=False, indent=2)` of the report's JSON dump. A re-check lists every corpus document
(100k of them), which json's pure-Python indenting encoder takes seconds for, so pydantic's
serializer writes the report: its output is the same byte for byte (strings, integers, nulls,
layout; tests/test_recheck_listing.py) except for floats between 1e-9 and 1e-4, which it writes
0.00001 or 1e-7 where json writes 1e-05 and 1e-07. A report with such a number (or text that
looks like one) is written by json.dumps.
"""
from __future__ import annotations

import json

from schemas.models import Report


def render_json(report: Report) -> str:
    text = report.model_dump_json(indent=2)
    if not _small_float(text):
        return text + "\n"
    return json.dumps(report.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"


def _small_float(text: str) -> bool:
    """Whether pydantic's text may hold a float it writes unlike json (0.0000x, 1.5e-7), or text
    that looks like one. Plain finds, not a regex: a 100k-document report is 35 MB."""
    if "0.0000" in text:
        return True
    at = text.find("e-")
    while at >= 0:
        if at and text[at - 1].isdigit() and text[at + 2:at + 3].isdigit() and not text[at + 3:at + 4].isdigit():
            return True
        at = text.find("e-", at + 2)
    return False
