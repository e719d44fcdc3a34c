"""One draft checked: its report, and each of its numbers with a status for the page and the API.

A number is *in conflict* when a finding that is not baselined names it (*baselined* when all
that name it are), *corroborated* when an agreeing figure elsewhere names it, *not checked* when
its subject is below the configuration's `min_confidence` (the subject's `reason` says why) or it
sits in boilerplate, and *new* otherwise: nothing in the corpus spoke of the same thing.
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from datetime import date

from numcheck.checker.baseline import Baseline, apply_baseline
from numcheck.checker.config import Config
from numcheck.claims.document import load_document
from numcheck.schemas.models import Claim, ClaimRecord, Conflict, Document, Report

STATUSES = ("conflict", "baselined", "corroborated", "unchecked", "new")
STATUS_LABELS = {"conflict": "in conflict", "baselined": "baselined", "corroborated": "corroborated",
                 "unchecked": "not checked", "new": "new (nothing to compare with)"}
# Bidi overrides and isolates could make the shown draft differ from what was checked; each is
# one code point, replaced by one, so claim offsets stay valid.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


@dataclass
class Mark:
    """A draft number as the page shows it."""

    index: int
    claim: Claim
    record: ClaimRecord
    status: str
    reason: str | None
    findings: list[Conflict]  # conflicts, then corroborations, that name it


@dataclass
class Checked:
    """A check the server answered, kept (state.Results) for its page, claims and downloads."""

    name: str  # the draft's name in the report
    text: str  # the draft as shown: decoded (HTML: its visible text), same offsets as the claims
    format: str
    published: date | None
    fail_on: str
    report: Report  # without the baseline: it is applied whenever the check is shown
    draft_claims: list[Claim]
    claims_by_id: dict[str, Claim]  # every claim of the draft and of the findings
    created: float = field(default_factory=time.time)
    id: str = ""

    def claim(self, claim_id: str) -> Claim | None:
        return self.claims_by_id.get(claim_id)

    def current(self, baseline: Baseline | None) -> Report:
        """The report with the baseline as it is now, and this check's fail_on."""
        report = self.report if baseline is None else apply_baseline(self.report, baseline, report_unused=False)
        report.set_fail_on(self.fail_on)
        return report


def build_checked(name: str, data: bytes, result, *, published: date | None, fail_on: str) -> Checked:
    """A Checked from checker.run's CheckResult of draft `name` (bytes `data`)."""
    doc = load_document(name, data=data)  # the same decoding the extractor used: offsets agree
    text = doc.visible if doc.meta.format == "html" else doc.raw
    claims = [c for c in result.extraction.claims if c.doc == name]
    named = {c.id for f in (*result.report.conflicts, *(result.report.corroborations or ())) for c in f.claims}
    by_id = {c.id: c for c in result.extraction.claims if c.id in named or c.doc == name}
    return Checked(name=name, text=_BIDI.sub("\ufffd", text), format=doc.meta.format, published=published,
                   fail_on=fail_on, report=result.report, draft_claims=claims, claims_by_id=by_id)


def marks(checked: Checked, report: Report, config: Config) -> list[Mark]:
    """Every number of the draft, in text order, with its status under `report`."""
    findings: dict[str, list[Conflict]] = {}
    for finding in (*report.conflicts, *(report.corroborations or ())):
        for c in finding.claims:
            findings.setdefault(c.id, []).append(finding)
    corroborated = {c.id for f in report.corroborations or () for c in f.claims}
    conflict_ids = {f.id for f in report.conflicts}
    out = []
    for i, claim in enumerate(sorted(checked.draft_claims, key=lambda c: (c.span.start, c.span.end))):
        named = findings.get(claim.id, [])
        conflicts = [f for f in named if f.id in conflict_ids]
        status, reason = status_of(claim, conflicts, claim.id in corroborated, config)
        out.append(Mark(i, claim, ClaimRecord.from_claim(claim), status, reason, named))
    return out


def status_of(claim: Claim, conflicts: list[Conflict], corroborated: bool, config: Config) -> tuple[str, str | None]:
    if conflicts:
        return ("baselined" if all(c.baselined for c in conflicts) else "conflict"), None
    if corroborated:
        return "corroborated", None
    confidence = claim.subject.confidence
    if confidence is not None and confidence < config.min_confidence:
        why = claim.subject.reason or "the subject is uncertain"
        return "unchecked", f"{why} (confidence {confidence:.2f}, below min_confidence {config.min_confidence})"
    if claim.zone == "boilerplate" and not config.include_boilerplate:
        return "unchecked", "boilerplate (page furniture is not cross-checked)"
    return "new", None


def compared_with(mark: Mark) -> list[tuple[Conflict, ClaimRecord]]:
    """The other claims of each finding that names `mark`, once each."""
    seen: set[str] = {mark.claim.id}
    out = []
    for finding in mark.findings:
        for c in finding.claims:
            if c.id not in seen:
                seen.add(c.id)
                out.append((finding, c))
    return out


def segments(text: str, shown: list[Mark], compact: bool) -> list[tuple[str, Mark | None]]:
    """The draft cut into plain runs and marked numbers (overlapping numbers: the first is kept).
    `compact`: runs of blank lines and spaces folded (an HTML page's visible text is mostly the
    blanks where its markup was)."""
    out: list[tuple[str, Mark | None]] = []
    at = 0
    for mark in shown:
        start, end = mark.claim.span.start, mark.claim.span.end
        if start < at or end > len(text):
            continue
        out.append((_fold(text[at:start]) if compact else text[at:start], None))
        out.append((text[start:end], mark))
        at = end
    out.append((_fold(text[at:]) if compact else text[at:], None))
    return [(t, m) for t, m in out if t or m]


_BLANK_LINES = re.compile(r"\n[ \t\r\f\v]*+\n\s*+")  # starts only at a line break: linear
_SPACES = re.compile(r"[ \t\r\f\v]{2,}")


def _fold(text: str) -> str:
    return _SPACES.sub(" ", _BLANK_LINES.sub("\n\n", text))


def document_text(path: str, data: bytes) -> tuple[str, Document]:
    """(text as shown, its Document record) of a corpus document: its claims' offsets point into the text."""
    doc = load_document(path, data=data)
    text = doc.visible if doc.meta.format == "html" else doc.raw
    return _BIDI.sub("\ufffd", text), doc.meta
