"""One emitter per format; `render` and `render_claims` pick one by name.

Every emitter is a pure function of a `schemas.models.Report` (or a list of
`ClaimRecord`s), so the same report always renders to the same bytes.
"""
from __future__ import annotations

from numcheck.schemas.models import ClaimRecord, Report

REPORT_FORMATS = ("text", "json", "md", "html", "sarif")
CLAIM_FORMATS = ("jsonl", "json", "csv", "parquet")


def render(report: Report, fmt: str, *, color: bool = False, encoded: bool = False) -> str | bytes:
    """The report in `fmt` (text, json, md, html, sarif); `color` only affects text. `encoded`:
    as UTF-8 bytes (what a file gets), which JSON is written as directly."""
    if encoded:
        if fmt == "json":
            from numcheck.checker.report.json_report import render_json_bytes

            return render_json_bytes(report)
        out = render(report, fmt, color=color)
        return out.encode("utf-8") if isinstance(out, str) else out
    if fmt == "text":
        from numcheck.checker.report.text import render_text

        return render_text(report, color=color)
    if fmt == "json":
        from numcheck.checker.report.json_report import render_json

        return render_json(report)
    if fmt == "md":
        from numcheck.checker.report.markdown import render_markdown

        return render_markdown(report)
    if fmt == "html":
        from numcheck.checker.report.html import render_html

        return render_html(report)
    if fmt == "sarif":
        from numcheck.checker.report.sarif import render_sarif

        return render_sarif(report)
    raise ValueError(f"unknown report format {fmt!r} ({', '.join(REPORT_FORMATS)})")


def render_claims(records: list[ClaimRecord], fmt: str) -> str | bytes:
    """Claim records as jsonl, json, csv or parquet (bytes)."""
    from numcheck.checker.report.tables import render_claims as render_table

    return render_table(records, fmt)
