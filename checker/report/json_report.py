"""`check --format json`: the report contract (../shared/contract/report-v1.md).

The Report model is the contract; this emitter only fixes the layout.
"""
from __future__ import annotations

import json

from schemas.models import Report


def render_json(report: Report) -> str:
    return json.dumps(report.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"
