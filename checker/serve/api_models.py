"""The JSON the server's API takes and gives, as pydantic models: the OpenAPI schema is built
from them (and from the report's own models, schemas/models.py)."""
from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from numcheck.checker.baseline import Waiver
from numcheck.schemas.models import ClaimRecord, Language, Report

Status = Literal["conflict", "baselined", "corroborated", "unchecked", "new"]
FailOn = Literal["high", "medium", "low", "none"]


class ErrorBody(BaseModel):
    """Every error the server gives: a message for people, a code for programs."""

    error: str
    code: str = Field(description="E1xx (claims/errors.py) for a draft that cannot be read, else a word: "
                                  "too_large, unauthorized, cross_origin, not_found, outside_corpus, ...")


class CheckRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, description="the draft: plain text, Markdown or HTML (see `format`)")
    date: dt.date | None = Field(default=None, description="publication date (resolves 今年, 去年...)")
    fail_on: FailOn = Field(default="medium", description="lowest severity that fails, as `check --fail-on`")
    format: Literal["txt", "md", "html"] = Field(default="txt", description="how to read `text`")


class Verdict(BaseModel):
    fail_on: FailOn
    failed: bool = Field(description="a conflict not baselined is at or above fail_on")
    exit_code: int = Field(description="what `numcheck check` would exit with: 0 clean, 1 failing conflicts, "
                                       "2 unreadable input")


class DraftClaim(BaseModel):
    id: str
    text: str
    start: int = Field(description="code-point offset into the draft as read (HTML: its visible text)")
    end: int
    status: Status
    reason: str | None = Field(default=None, description="why the number was not checked")
    url: str = Field(description="GET this for the claim's record and what it was compared with")


class CheckResponse(BaseModel):
    id: str = Field(description="this check: its page is /results/{id}")
    draft: str = Field(description="the draft's name in the report")
    report: Report = Field(description="report contract v1, as `numcheck check --format json` writes it")
    verdict: Verdict
    claims: list[DraftClaim]
    page: str


class Compared(BaseModel):
    finding: str = Field(description="id of the conflict or corroboration")
    code: str
    severity: str
    baselined: bool
    claim: ClaimRecord
    document: str | None = Field(description="the corpus document view with the sentence highlighted "
                                             "(null for a claim of the draft)")


class ClaimView(BaseModel):
    check: str = Field(description="the check this claim was seen in (the newest)")
    claim: ClaimRecord
    status: Status | None = Field(description="null for a corpus claim")
    reason: str | None = None
    compared_with: list[Compared]
    unlisted_claims: int = Field(0, description="agreeing corpus claims of its corroborations not listed in "
                                                "compared_with (the server's --max-corroborating bound)")


class DocumentView(BaseModel):
    doc: str
    format: Literal["text", "markdown", "html"]
    language: Language
    title: str | None
    published: dt.date | None
    sha256: str
    text: str = Field(description="the document as read: claim offsets point into it (HTML: its visible text)")


class AcceptRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    conflict: str = Field(min_length=1, description="Conflict.id from a check this server answered")
    reason: str = Field(min_length=1)
    reviewer: str = Field(min_length=1)


class AcceptResponse(BaseModel):
    waiver: Waiver
    created: bool = Field(description="false when the conflict was already accepted (the waiver on file is kept)")
    baseline: str = Field(description="the baseline file")


class Health(BaseModel):
    status: Literal["ok"] = "ok"
    documents: int
    indexed_at: float | None
    checks_kept: int
