"""The numcheck vocabulary as pydantic v2 models.

Internal records (`Claim`, `Quantity`, `Span`) keep values exact as `Decimal`.
Wire records (`ClaimRecord` for `extract`, `Report` for `check`) follow
../shared/contract/report-v1.md: flat claim fields, values as JSON numbers.
The JSON Schema files in schemas/json/ are exported from these models by
`numcheck schema`; tests/test_schema_drift.py fails when they are stale.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, PrivateAttr, WithJsonSchema

SCHEMA_VERSION = "1"


def _json_number(value: Decimal | None) -> int | float | None:
    """Exact Decimal -> JSON number: integral values as int, others as float.

    The float's shortest repr reproduces the decimal digits written in the
    text (1.57 stays 1.57), which is all JSON can carry.
    """
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)


# An exact number inside, a JSON number on the wire.
Exact = Annotated[
    Decimal,
    PlainSerializer(_json_number, when_used="json"),
    WithJsonSchema({"type": "number"}),
]

Qualifier = Literal[
    "exact", "approx", "nearly", "more_than", "at_least", "less_than", "at_most", "range"
]
Modality = Literal["actual", "plan", "forecast", "target"]
Zone = Literal["body", "boilerplate"]
Severity = Literal["high", "medium", "low"]
SEVERITY_RANK = {"low": 1, "medium": 2, "high": 3}
Language = Literal["zh-Hans", "zh-Hant", "en", "und"]


def failing_conflicts(conflicts: list["Conflict"], fail_on: str) -> list["Conflict"]:
    """The conflicts that fail a run: not baselined, at or above `fail_on` ('none' never fails)."""
    threshold = SEVERITY_RANK.get(fail_on, 99)
    return [c for c in conflicts if not c.baselined and SEVERITY_RANK[c.severity] >= threshold]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False)


class Document(_Model):
    """One input document as numcheck read it."""

    path: str = Field(description="path as the user gave it (relative stays relative), or '-' for stdin")
    sha256: str = Field(description="sha256 of the raw bytes")
    language: Language = "und"
    published: date | None = Field(default=None, description="publication date, resolves 今年/去年")
    published_time: str | None = Field(default=None, description="time of day if the page gives it, HH:MM[:SS]")
    title: str | None = None
    source: str | None = Field(default=None, description="outlet or byline source")
    format: Literal["text", "markdown", "html"] = "text"
    chars: int = 0
    periods: list[str] | None = Field(
        default=None, description="the periods its claims outside boilerplate are dated to, as extraction "
        "gave them (an undated claim may mean one of them); null: not recorded")


class Span(_Model):
    """Code-point offsets into the decoded document text, end exclusive."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    line: int = Field(ge=1, description="1-based line of start")
    column: int = Field(ge=1, description="1-based column of start, in code points")


class Quantity(_Model):
    """A parsed value with the interval it admits, in a canonical unit."""

    value: Exact | None = Field(description="the stated value; null for ranges and vague amounts")
    low: Exact | None = Field(description="closed lower bound after qualifier and rounding; null = open")
    high: Exact | None = Field(description="closed upper bound after qualifier and rounding; null = open")
    unit: str = Field(description="canonical unit: ISO 4217 code, count, percent, rank or a pint unit name")
    dimension: str = Field(description="money, count, ratio, rank, duration, length, area, ...")
    counter: str | None = Field(default=None, description="measure word in simplified script (辆, 家, 人)")
    qualifier: Qualifier = "exact"
    precision: Exact | None = Field(
        default=None, description="rounding step of the last written digit, in `unit` (2.1万亿 -> 1e11)"
    )


class Subject(_Model):
    """What a number is about."""

    entity: str | None = None
    metric: str | None = Field(default=None, description="readable zh-Hans name of the measure (营业收入增速)")
    period: str | None = Field(default=None, description="ISO-like: 2024, 2025-Q1, 2025-H1, 2025-01..2025-07")
    concept: str | None = Field(
        default=None, description="stable id of the measure (claims/data/measures.yaml), with /growth, /change, "
                                  "/share or /rank when the number is that aspect of it: revenue/growth")
    facets: dict[str, str] = Field(
        default_factory=dict, description="what narrows the measure: area, segment, sub_period, basis, stage, "
                                          "phase, ownership, cohort, scope (of a rank); none stated = the whole")
    confidence: float | None = Field(default=None, ge=0, le=1,
                                     description="how sure the subject is; check leaves out claims below its threshold")
    reason: str | None = Field(default=None, description="why the claim is not cross-checked, when it is not")


class Claim(_Model):
    """One numeric claim, with provenance."""

    id: str = Field(description="stable fingerprint: sha256 over document identity and normalised content")
    doc: str
    span: Span
    text: str = Field(description="document text at span, verbatim")
    sentence: str
    sentence_start: int = Field(ge=0, description="offset of the sentence in the document")
    quantity: Quantity
    subject: Subject = Field(default_factory=Subject)
    modality: Modality = "actual"
    zone: Zone = "body"
    language: Language = "und"
    scope: str | None = Field(default=None, description="'subset' for 其中-style parts of a stated total")
    rule: str = Field(description="name of the grammar rule that produced the claim")
    evidence: dict[str, str] = Field(
        default_factory=dict, description="why each subject field got its value (cue words, rule names)"
    )


class ClaimRecord(_Model):
    """A claim on the wire: one line of `extract --format jsonl`, and each claim in a report."""

    id: str
    doc: str
    start: int
    end: int
    line: int
    column: int
    text: str
    sentence: str
    value: Exact | None
    low: Exact | None
    high: Exact | None
    qualifier: Qualifier
    unit: str
    dimension: str
    counter: str | None = None
    precision: Exact | None = None
    subject: Subject
    modality: Modality
    zone: Zone
    language: Language = "und"
    scope: str | None = None
    rule: str

    @classmethod
    def from_claim(cls, claim: Claim) -> "ClaimRecord":
        q, s = claim.quantity, claim.span
        return cls(
            id=claim.id, doc=claim.doc, start=s.start, end=s.end, line=s.line, column=s.column,
            text=claim.text, sentence=claim.sentence, value=q.value, low=q.low, high=q.high,
            qualifier=q.qualifier, unit=q.unit, dimension=q.dimension, counter=q.counter,
            precision=q.precision, subject=claim.subject, modality=claim.modality, zone=claim.zone,
            language=claim.language, scope=claim.scope, rule=claim.rule,
        )


class MatchKey(_Model):
    """Why the claims of a conflict were taken to speak of the same thing."""

    key: str = Field(description="the subject key matched on, e.g. 武汉|在校大学生|-|actual|count")
    reason: str = Field(description="shared metric words or the synonym entry that joined them")


class Conflict(_Model):
    """Claims that cannot all hold (or, for NC0xx codes, agree)."""

    id: str = Field(description="stable fingerprint; no line numbers")
    code: str = Field(description="check code, e.g. NC101")
    kind: str = Field(description="check name, e.g. value_mismatch")
    severity: Severity
    subject: Subject
    claims: list[ClaimRecord] = Field(min_length=2)
    explanation: str
    match: MatchKey | None = None
    evidence: dict[str, str] | None = Field(
        default=None, description="why the claims were taken to speak of one quantity: entity, measure, facets, "
                                  "period and modality, each with the words that gave it (conflicts only)")
    unlisted_claims: int | None = Field(
        default=None, ge=1, exclude_if=lambda value: value is None,
        description="corroborations only, and only where a bound was set (numcheck serve's --max-corroborating): "
                    "how many more agreeing claims there are than `claims` lists; absent when all are listed")
    baselined: bool = False


class DocumentSummary(_Model):
    doc: str
    sha256: str
    claims: int
    language: Language = "und"
    published: date | None = None
    title: str | None = None
    source: str | None = None
    role: Literal["given", "corpus"] | None = Field(
        default=None, description="with --against: a document given to check, or one of the corpus")


class InputError(_Model):
    """An input that could not be read; the other documents are still processed."""

    doc: str
    code: str = Field(description="error code from claims/errors.py, e.g. E101")
    message: str


class CorpusSummary(_Model):
    """With --against: the corpus checked against, as counts (its documents are listed only
    where a finding names them)."""

    documents: int = Field(ge=0)
    claims: int = Field(ge=0)


class ToolInfo(_Model):
    name: Literal["numcheck"] = "numcheck"
    version: str


class Report(_Model):
    """`check --format json`: report contract v1 plus numcheck's own extras."""

    schema_version: Literal["1"] = SCHEMA_VERSION
    tool: ToolInfo
    documents: list[DocumentSummary] = Field(
        description="the documents checked; with --against, the given ones and the corpus documents a finding names"
    )
    corpus: CorpusSummary | None = Field(default=None, description="with --against: the corpus, as counts")
    conflicts: list[Conflict] = Field(description="contradictions (severity high | medium | low)")
    uncertain_claims: int = Field(
        default=0, ge=0,
        description="claims left out of matching because their subject is too uncertain (subject.reason says "
                    "why); with --against, those of the given documents")
    corroborations: list[Conflict] | None = Field(
        default_factory=list,
        description="informational NC0xx findings: agreeing claims from several documents; "
                    "null when not checked (--no-corroborations), never meaning none found",
    )
    errors: list[InputError] = Field(default_factory=list)
    unused_waivers: list[str] = Field(default_factory=list, description="baseline fingerprints that matched nothing")
    timings: dict[str, float] = Field(default_factory=dict, description="seconds per stage; not part of the identity of a report")
    _fail_on: str = PrivateAttr(default="medium")

    def set_fail_on(self, fail_on: str) -> None:
        """The lowest severity that fails this report (high, medium, low, or none)."""
        if fail_on not in (*SEVERITY_RANK, "none"):
            raise ValueError(f"fail_on is high, medium, low or none, not {fail_on!r}")
        self._fail_on = fail_on

    def failing(self, fail_on: str | None = None) -> list[Conflict]:
        """Conflicts not baselined at or above `fail_on` (default: the one the check was given)."""
        return failing_conflicts(self.conflicts, fail_on or self._fail_on)

    @property
    def failed(self) -> bool:
        return bool(self.failing())

    def exit_code(self, fail_on: str | None = None) -> int:
        """What `numcheck check` exits with: 2 unreadable input, 1 failing conflicts, 0 clean."""
        return 2 if self.errors else 1 if self.failing(fail_on) else 0

    def conflicts_frame(self, *, decimals: Literal["decimal", "pyarrow"] = "decimal"):
        """A pandas DataFrame with one row per claim in a conflict: the conflict's id, code, kind,
        severity, baselined flag and subject, then the claim (numcheck.claims_frame's columns)."""
        from numcheck.schemas.frames import conflicts_frame

        return conflicts_frame(self.conflicts, decimals=decimals)
