"""Terminal report for an editor: a summary line, then each conflict with its claims.

Built from rich `Text` objects, never markup strings, so brackets in documents
are not read as rich markup; colour only when asked (a terminal), plain otherwise.
"""
from __future__ import annotations

import io

from rich.console import Console
from rich.text import Text

from numcheck.checker.report.common import (
    claim_label, corroborations_text, highlight_span, interval_text, ordered_conflicts, printable, subject_text, summarize,
)
from numcheck.schemas.models import Conflict, Report

SEVERITY_STYLE = {"high": "bold red", "medium": "bold yellow", "low": "bold cyan"}
WIDTH = 100


def render_text(report: Report, *, color: bool = False) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=color, no_color=not color, color_system="standard" if color else None,
                      width=WIDTH, highlight=False, emoji=False, markup=False, soft_wrap=True)
    for block in _blocks(report):
        console.print(block)
    return buffer.getvalue()


def _blocks(report: Report):
    s = summarize(report)
    head = Text(f"numcheck {report.tool.version}: ", style="bold")
    head.append(f"{s.documents} documents, {s.claims} claims, ")
    open_total = sum(s.by_severity.values())
    head.append(f"{open_total} conflicts", style="bold" if open_total else "green")
    head.append(" (" + ", ".join(f"{n} {sev}" for sev, n in s.by_severity.items()) + ")")
    if s.baselined:
        head.append(f", {s.baselined} baselined", style="dim")
    head.append(f", {corroborations_text(s)}")
    if s.uncertain:
        head.append(f", {s.uncertain} claims not cross-checked (subject too uncertain)", style="dim")
    yield head

    for error in report.errors:
        yield Text(f"error {error.code} {printable(error.doc)}: {printable(error.message)}", style="red")

    for conflict in ordered_conflicts(report.conflicts):
        yield Text("")
        yield from _conflict(conflict)

    if report.unused_waivers:
        yield Text("")
        yield Text(f"{len(report.unused_waivers)} baseline waivers matched nothing (numcheck baseline prune):",
                   style="yellow")
        for fingerprint in report.unused_waivers:
            yield Text(f"  {printable(fingerprint)}")


def _conflict(conflict: Conflict):
    title = Text()
    title.append(conflict.severity.upper(), style=SEVERITY_STYLE[conflict.severity])
    title.append(f" {conflict.code} {conflict.kind}  ")
    title.append(subject_text(conflict), style="bold")
    if conflict.baselined:
        title.append("  (baselined)", style="dim")
    yield title
    yield Text(f"  {printable(conflict.explanation)}")
    for i, claim in enumerate(conflict.claims):
        line = Text(f"  {claim_label(i)} ")
        line.append(f"{printable(claim.doc)}:{claim.line}:{claim.column}", style="blue")
        line.append(f"  {printable(claim.text)}  {claim.qualifier} {interval_text(claim)} {claim.unit}")
        yield line
        yield _sentence(claim)
    yield Text(f"  id {conflict.id}", style="dim")


def _sentence(claim) -> Text:
    sentence = printable(claim.sentence)
    text = Text("     ")
    span = highlight_span(claim)
    if span is None:
        text.append(sentence)
    else:
        start, end = span
        text.append(sentence[:start])
        # Brackets mark the number where there is no colour (pipes, CI logs, files).
        text.append(f"⟦{sentence[start:end]}⟧", style="bold reverse")
        text.append(sentence[end:])
    return text
