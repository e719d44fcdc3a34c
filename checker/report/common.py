"""Helpers every report emitter shares: counts, number and interval text, safe text.

Document text is untrusted. Each emitter escapes for its own medium (HTML,
Markdown, terminal); `printable` removes what no medium should pass through:
control characters that could drive a terminal or break a line-based format.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from numcheck.schemas.models import SEVERITY_RANK, ClaimRecord, Conflict, Report  # noqa: F401 (SEVERITY_RANK: shared)

SEVERITIES = ("high", "medium", "low")

# C0 and C1 controls (tab and newline become spaces), DEL, and the bidi
# overrides/isolates that can make displayed text differ from the stored text.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str | None) -> str:
    """Document-derived text with control and bidi-override characters made harmless."""
    if not text:
        return ""
    return _CONTROL.sub(lambda m: " " if m.group() in "\t\n\r" else "\ufffd", text)


@dataclass(frozen=True)
class Summary:
    documents: int
    claims: int
    conflicts: int
    by_severity: dict[str, int]  # open (not baselined) conflicts per severity
    baselined: int
    corroborations: int | None  # None: not checked (--no-corroborations)
    errors: int
    uncertain: int  # claims not cross-checked: subject too uncertain
    unused_waivers: int


def summarize(report: Report) -> Summary:
    open_conflicts = [c for c in report.conflicts if not c.baselined]
    counts = Counter(c.severity for c in open_conflicts)
    documents, claims = len(report.documents), sum(d.claims for d in report.documents)
    if report.corpus is not None:  # --against: the corpus counted whole, not only the documents listed
        listed = [d for d in report.documents if d.role == "corpus"]
        documents += report.corpus.documents - len(listed)
        claims += report.corpus.claims - sum(d.claims for d in listed)
    return Summary(
        documents=documents,
        claims=claims,
        conflicts=len(report.conflicts),
        by_severity={s: counts.get(s, 0) for s in SEVERITIES},
        baselined=len(report.conflicts) - len(open_conflicts),
        corroborations=None if report.corroborations is None else len(report.corroborations),
        errors=len(report.errors),
        uncertain=report.uncertain_claims,
        unused_waivers=len(report.unused_waivers),
    )


def corroborations_text(s: Summary) -> str:
    """How a summary names the corroboration count: never "0" when none were looked for."""
    return "corroborations not checked" if s.corroborations is None else f"{s.corroborations} corroborated figures"


def ordered_conflicts(conflicts: list[Conflict]) -> list[Conflict]:
    """Most severe first, then by code and id, so output order never depends on engine order."""
    return sorted(conflicts, key=lambda c: (-SEVERITY_RANK[c.severity], c.code, c.id))


def format_number(value: Decimal | int | float | None) -> str:
    """Exact decimal text with thousands separators: 1400000 -> 1,400,000; 1.57 -> 1.57."""
    if value is None:
        return "?"
    d = value if isinstance(value, Decimal) else Decimal(str(value))
    if d == d.to_integral_value():
        return f"{int(d):,}"
    text = format(d.normalize(), "f")
    whole, _, frac = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    return f"{sign}{int(whole.lstrip('-') or 0):,}.{frac}"


def interval_text(claim: ClaimRecord) -> str:
    """The interval a claim admits: `= 1,350,000`, `[1,400,000, ∞)`, `[20, 90]`."""
    low, high = claim.low, claim.high
    if low is not None and high is not None and low == high:
        return f"= {format_number(low)}"
    left = f"[{format_number(low)}" if low is not None else "(−∞"
    right = f"{format_number(high)}]" if high is not None else "∞)"
    return f"{left}, {right}"


def subject_text(conflict: Conflict) -> str:
    s = conflict.subject
    parts = [p for p in (s.entity, s.metric, s.period) if p]
    return printable(" · ".join(parts)) or "(no subject)"


def highlight_span(claim: ClaimRecord) -> tuple[int, int] | None:
    """Where the claim's text lies inside its sentence, or None when it cannot be found.

    Uses the sentence's offset when the record carries one; otherwise the first
    occurrence of the claim text in the sentence.
    """
    sentence_start = getattr(claim, "sentence_start", None)
    if isinstance(sentence_start, int):
        start = claim.start - sentence_start
        if 0 <= start and claim.sentence[start:start + len(claim.text)] == claim.text:
            return start, start + len(claim.text)
    start = claim.sentence.find(claim.text) if claim.text else -1
    if start < 0:
        return None
    return start, start + len(claim.text)


def claim_label(index: int) -> str:
    """A, B, C ... Z, AA, AB ... for the claims of one conflict."""
    label = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        label = chr(ord("A") + rem) + label
    return label
