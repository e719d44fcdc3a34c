"""Markdown for a pull-request comment: a summary table, then each conflict.

Markdown renderers accept inline HTML and links, and documents are untrusted,
so every document-derived string is escaped: HTML metacharacters become
entities and Markdown punctuation is backslash-escaped (no links, images or
tables can be smuggled in).
"""
from __future__ import annotations

import re

from numcheck.checker.report.common import (
    SEVERITIES, claim_label, highlight_span, interval_text, ordered_conflicts, printable, subject_text, summarize,
)
from numcheck.schemas.models import Conflict, Report

_MD_PUNCT = re.compile(r"([\\`*_{}\[\]()#+\-.!|~:])")
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}


def md_escape(text: str | None) -> str:
    """Untrusted text as inert Markdown on one line."""
    text = printable(text).replace("\n", " ")
    text = "".join(_HTML.get(ch, ch) for ch in text) if any(ch in text for ch in _HTML) else text
    return _MD_PUNCT.sub(r"\\\1", text)


def render_markdown(report: Report) -> str:
    s = summarize(report)
    out = [f"## numcheck {md_escape(report.tool.version)}", ""]
    out += ["| documents | claims | high | medium | low | baselined | corroborated figures | input errors |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|",
            f"| {s.documents} | {s.claims} | " + " | ".join(str(s.by_severity[sev]) for sev in SEVERITIES)
            + f" | {s.baselined} | {'not checked' if s.corroborations is None else s.corroborations} | {s.errors} |",
            ""]
    if s.uncertain:
        out += [f"{s.uncertain} claims were not cross-checked: their subject is too uncertain "
                "(`subject.reason` in `numcheck extract` says why).", ""]
    if not report.conflicts:
        out += ["No conflicts found.", ""]
    for conflict in ordered_conflicts(report.conflicts):
        out += _conflict(conflict)
    if report.errors:
        out += ["### Input errors", ""]
        out += [f"- `{e.code}` {md_escape(e.doc)}: {md_escape(e.message)}" for e in report.errors]
        out.append("")
    if report.unused_waivers:
        out += ["### Unused baseline waivers", "",
                "These fingerprints matched nothing; remove them with `numcheck baseline prune`.", ""]
        out += [f"- {md_escape(w)}" for w in report.unused_waivers]
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def _conflict(conflict: Conflict) -> list[str]:
    badge = f"**{conflict.severity.upper()}**" + (" (baselined)" if conflict.baselined else "")
    out = [f"### {badge} {conflict.code} {md_escape(conflict.kind)}: {md_escape(subject_text(conflict))}", "",
           md_escape(conflict.explanation), ""]
    for i, claim in enumerate(conflict.claims):
        out.append(f"- **{claim_label(i)}** {md_escape(claim.doc)} line {claim.line}, column {claim.column}: "
                   f"**{md_escape(claim.text)}** {claim.qualifier} {md_escape(interval_text(claim))} "
                   f"{md_escape(claim.unit)}")
        out.append(f"  > {_sentence(claim)}")
    out += ["", f"<sub>id {md_escape(conflict.id)}</sub>", ""]
    return out


def _sentence(claim) -> str:
    span = highlight_span(claim)
    if span is None:
        return md_escape(claim.sentence)
    start, end = span
    s = claim.sentence
    return f"{md_escape(s[:start])}<b>{md_escape(s[start:end])}</b>{md_escape(s[end:])}"
