"""One draft checked: its report, and each of its numbers with a status for the page and the API.

A number is *in conflict* when a finding that is not baselined names it (*baselined* when all
that name it are), *corroborated* when an agreeing figure elsewhere names it, *not checked* when
its subject is below the configuration's `min_confidence` (the subject's `reason` says why) or it
sits in boilerplate, and *new* otherwise: nothing in the corpus spoke of the same thing.
"""
from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import quote

import pydantic_core
from pydantic import TypeAdapter

from numcheck.checker.baseline import Baseline, apply_baseline
from numcheck.checker.config import Config
from numcheck.checker.serve.api_models import CheckResponse, DraftClaim, Verdict
from numcheck.claims.document import decode, detect_format, load_document
from numcheck.claims.html import parse_html
from numcheck.schemas.models import Claim, ClaimRecord, Conflict, Document, Quantity, Report, Span

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


class Kept:
    """A check as state.Results keeps it: its ids, and the Checked itself, or as JSON when a worker
    process made it (decoded once, when a page or claim of it is asked for). JSON rather than
    pickle: pydantic's serialiser writes it some twice as fast as pickle walks the models. The
    report is read from the API's answer `body` when that holds it as made (nothing baselined):
    a report can run to megabytes, written once. The corpus claims its findings name are read
    back from their records there, with the two fields a record lacks kept beside (a draft can
    meet thousands: writing them whole was a twentieth of a check)."""

    def __init__(self, checked: Checked, serialised: bool, body: bytes | None = None):
        self.id = checked.id
        self.claim_ids = frozenset(checked.claims_by_id)
        self.conflict_ids = frozenset(c.id for c in checked.report.conflicts)
        self.weight = len(checked.claims_by_id) + sum(
            len(f.claims) for f in (*checked.report.conflicts, *(checked.report.corroborations or ())))
        self._checked: Checked | None = None
        self._json: tuple | None = None
        if not serialised:
            self._checked = checked
            return
        c = checked
        report = None if body is not None else c.report.model_dump_json()
        drafted = {x.id for x in c.draft_claims}
        named = [(x.id, x.sentence_start, x.evidence) for x in c.claims_by_id.values() if x.id not in drafted]
        self._json = (c.name, c.text, c.format, c.published, c.fail_on, c.created, report, body,
                      _CLAIMS.dump_json(c.draft_claims), pydantic_core.to_json(named))

    def checked(self) -> Checked:
        if self._checked is None:
            name, text, fmt, published, fail_on, created, report, body, draft, named = self._json
            report = Report.model_validate_json(report) if body is None else _ANSWER.validate_json(body).report
            draft_claims = _CLAIMS.validate_json(draft)
            records = {r.id: r for f in (*report.conflicts, *(report.corroborations or ())) for r in f.claims}
            claims_by_id = {x.id: x for x in draft_claims}
            for claim_id, sentence_start, evidence in json.loads(named):
                claims_by_id[claim_id] = _claim(records[claim_id], sentence_start, evidence)
            self._checked = Checked(name=name, text=text, format=fmt, published=published, fail_on=fail_on,
                                    report=report, draft_claims=draft_claims, claims_by_id=claims_by_id,
                                    created=created, id=self.id)
            self._json = None
        return self._checked


def _claim(r: ClaimRecord, sentence_start: int, evidence: dict[str, str]) -> Claim:
    """The Claim a report's record was made of (ClaimRecord.from_claim), given what it leaves out."""
    return Claim(id=r.id, doc=r.doc, span=Span(start=r.start, end=r.end, line=r.line, column=r.column),
                 text=r.text, sentence=r.sentence, sentence_start=sentence_start,
                 quantity=Quantity(value=r.value, low=r.low, high=r.high, unit=r.unit, dimension=r.dimension,
                                   counter=r.counter, qualifier=r.qualifier, precision=r.precision),
                 subject=r.subject, modality=r.modality, zone=r.zone, language=r.language, scope=r.scope,
                 rule=r.rule, evidence=evidence)


_CLAIMS = TypeAdapter(list[Claim])
_ANSWER = TypeAdapter(CheckResponse)


@dataclass
class Answer:
    """What a check gives the server: the draft's error (status, message, code), or the check to
    keep and, for the API, its JSON answer."""

    error: tuple[int, str, str] | None = None
    kept: Kept | None = None
    body: bytes | None = None


def answer(result, check_id: str, name: str, data: bytes, *, published: date | None, fail_on: str,
           baseline: Baseline | None, config: Config, body: bool, serialised: bool) -> Answer:
    """The Answer to draft `name` from checker.run's CheckResult; `body`: with the JSON answer of
    POST /api/check; `serialised`: the check kept as JSON (made in a worker process)."""
    own = [e for e in result.report.errors if e.doc == name]
    if own:
        return Answer(error=(422, own[0].message, own[0].code))
    checked = build_checked(name, data, result, published=published, fail_on=fail_on)
    checked.id = check_id
    if not body:
        return Answer(kept=Kept(checked, serialised))
    report = checked.current(baseline)
    made = api_answer(checked, report, config)
    # the answer's report is the check's own unless a waiver marked a conflict baselined
    as_made = not any(c.baselined for c in report.conflicts)
    return Answer(kept=Kept(checked, serialised, made if as_made else None), body=made)


def api_answer(checked: Checked, report: Report, config: Config) -> bytes:
    """The JSON of POST /api/check (CheckResponse) with `report` (checked.current()), as FastAPI
    would serialise it."""
    claims = [DraftClaim(id=m.claim.id, text=m.claim.text, start=m.claim.span.start, end=m.claim.span.end,
                         status=m.status, reason=m.reason, url=f"/api/claims/{quote(m.claim.id)}")
              for m in marks(checked, report, config)]
    response = CheckResponse(id=checked.id, draft=checked.name, report=report, claims=claims,
                             verdict=Verdict(fail_on=checked.fail_on, failed=report.failed,
                                             exit_code=report.exit_code()),
                             page=f"/results/{checked.id}")
    # model_dump_json's bytes without its round trip through str (a report can run to megabytes)
    return CheckResponse.__pydantic_serializer__.to_json(response, by_alias=True)


def build_checked(name: str, data: bytes, result, *, published: date | None, fail_on: str) -> Checked:
    """A Checked from checker.run's CheckResult of draft `name` (bytes `data`)."""
    # the same decoding the extractor used (claims.document.load_document), so offsets agree;
    # without the zones, sentences and metadata, which the page does not need
    raw = decode(name, data)
    fmt = detect_format(name, raw)
    text = parse_html(raw).visible if fmt == "html" else raw
    named = {c.id for f in (*result.report.conflicts, *(result.report.corroborations or ())) for c in f.claims}
    claims: list[Claim] = []
    by_id: dict[str, Claim] = {}
    for c in result.extraction.claims:  # one pass: a draft can meet thousands of corpus claims
        if c.doc == name:
            claims.append(c)
            by_id[c.id] = c
        elif c.id in named:
            by_id[c.id] = c
    return Checked(name=name, text=_BIDI.sub("\ufffd", text), format=fmt, published=published,
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
