"""`check --format json`: the report contract (../shared/contract/report-v1.md).

The Report model is the contract; this emitter only fixes the layout: `json.dumps(...,
ensure_ascii=False, indent=2)` of the report's JSON dump. A re-check lists every corpus document
(100k of them), which json's pure-Python indenting encoder takes seconds for, so the document list
is written by pydantic's serializer instead: its summaries hold only strings, integers, dates and
nulls, which both write byte for byte alike (tests/test_report_formats.py). The other members keep
json.dumps, whose float text (1e-07) pydantic's (1e-7) does not match.
"""
from __future__ import annotations

import json

from pydantic import TypeAdapter

from schemas.models import DocumentSummary, Report

_DOCUMENTS = TypeAdapter(list[DocumentSummary])


def render_json(report: Report) -> str:
    data = report.model_dump(mode="json", exclude={"documents"})
    if data.keys() | {"documents"} != Report.model_fields.keys():  # a computed member: the plain way
        return json.dumps(report.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"
    members = []
    for name in Report.model_fields:
        if name == "documents":
            text = _DOCUMENTS.dump_json(report.documents, indent=2).decode()
        else:
            text = json.dumps(data[name], ensure_ascii=False, indent=2)
        # A member one level down: every line after its first moves two spaces in (JSON strings
        # hold no raw newline, so each newline is layout).
        members.append(f"  {json.dumps(name)}: " + text.replace("\n", "\n  "))
    return "{\n" + ",\n".join(members) + "\n}\n"
