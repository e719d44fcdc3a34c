"""Baselines: reviewed conflicts that CI accepts, kept in a committed JSON file.

A waiver records a conflict fingerprint (its stable `Conflict.id`, which leaves
out offsets and line numbers, so it survives unrelated edits and script
conversion of the documents) with the reason, the reviewer and the date. The
code, subject and claims are copied in for the reader only; matching uses the
fingerprint. File format (`numcheck baseline create` writes it):

    {
      "numcheck_baseline": 1,
      "waivers": [
        {"fingerprint": "…", "code": "NC101", "subject": "武汉 · 在校大学生",
         "claims": ["seeds/000.txt: 140万", "seeds/001.txt: 135万"],
         "reason": "different reference years", "reviewer": "li.wei", "date": "2026-03-14"}
      ]
    }
"""
from __future__ import annotations

import json
import os
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from numcheck.checker.atomic import write_atomic
from numcheck.checker.json_locate import key_text, line_of_key, load_json_model
from numcheck.checker.report.common import printable, subject_text
from numcheck.claims.errors import ConfigError
from numcheck.schemas.models import Conflict, Report

DEFAULT_FILE = "numcheck-baseline.json"


class Waiver(BaseModel):
    model_config = ConfigDict(extra="forbid")

    fingerprint: str = Field(min_length=1, description="Conflict.id of the accepted conflict")
    code: str | None = None
    subject: str | None = None
    claims: list[str] = Field(default_factory=list, description="for readers only: 'doc: text' per claim")
    reason: str = Field(min_length=1)
    reviewer: str = Field(min_length=1)
    date: date

    @field_validator("fingerprint", "reason", "reviewer")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be blank")
        return value


class Baseline(BaseModel):
    model_config = ConfigDict(extra="forbid")

    numcheck_baseline: Literal[1] = 1
    waivers: list[Waiver] = Field(default_factory=list)

    def fingerprints(self) -> set[str]:
        return {w.fingerprint for w in self.waivers}


# --- reading and writing ------------------------------------------------------

def load_baseline(path: str | os.PathLike) -> Baseline:
    """Read and validate a baseline file; any problem is a ConfigError naming file, line and key."""
    name = str(path)
    baseline, text = load_json_model(path, Baseline, "E202", "baseline",
                                     missing="baseline file not found (create it with `numcheck baseline create`)")
    seen: dict[str, int] = {}
    for i, waiver in enumerate(baseline.waivers):
        if waiver.fingerprint in seen:
            loc = ("waivers", i, "fingerprint")
            raise ConfigError(name, "E202", f"malformed baseline: line {line_of_key(text, loc)}, key "
                                            f"{key_text(loc)}: duplicate of waivers[{seen[waiver.fingerprint]}]")
        seen[waiver.fingerprint] = i
    return baseline


def dump_baseline(baseline: Baseline) -> str:
    ordered = baseline.model_copy(update={"waivers": sorted(baseline.waivers, key=lambda w: w.fingerprint)})
    return json.dumps(ordered.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"


def save_baseline(path: str | os.PathLike, baseline: Baseline) -> None:
    write_atomic(path, dump_baseline(baseline))


# --- using a baseline ---------------------------------------------------------

def apply_baseline(report: Report, baseline: Baseline, *, report_unused: bool = True) -> Report:
    """A copy of `report` with waived conflicts marked baselined and unmatched waivers listed.

    `report_unused=False` when the run saw only part of the corpus (`--against`),
    where an unmatched waiver may still match conflicts that were not looked for.
    """
    waived = baseline.fingerprints()
    conflicts = [c.model_copy(update={"baselined": c.baselined or c.id in waived}) for c in report.conflicts]
    used = {c.id for c in report.conflicts}
    unused = sorted(waived - used) if report_unused else []
    return report.model_copy(update={"conflicts": conflicts, "unused_waivers": unused})


def waiver_for(conflict: Conflict, *, reason: str, reviewer: str, today: date) -> Waiver:
    return Waiver(
        fingerprint=conflict.id, code=conflict.code, subject=subject_text(conflict),
        claims=[f"{printable(c.doc)}: {printable(c.text)}" for c in conflict.claims],
        reason=reason, reviewer=reviewer, date=today,
    )


def create_baseline(report: Report, *, reason: str, reviewer: str, today: date) -> Baseline:
    """A baseline that accepts every conflict of `report`."""
    return Baseline(waivers=[waiver_for(c, reason=reason, reviewer=reviewer, today=today)
                             for c in report.conflicts])


def update_baseline(baseline: Baseline, report: Report, *, reason: str, reviewer: str,
                    today: date) -> tuple[Baseline, list[Waiver]]:
    """Add waivers for the report's conflicts not yet in the baseline; existing waivers are kept as they are."""
    known = baseline.fingerprints()
    added = [waiver_for(c, reason=reason, reviewer=reviewer, today=today)
             for c in report.conflicts if c.id not in known]
    return Baseline(waivers=baseline.waivers + added), added


def prune_baseline(baseline: Baseline, report: Report) -> tuple[Baseline, list[Waiver]]:
    """Drop waivers that match no conflict of `report`."""
    current = {c.id for c in report.conflicts}
    kept = [w for w in baseline.waivers if w.fingerprint in current]
    removed = [w for w in baseline.waivers if w.fingerprint not in current]
    return Baseline(waivers=kept), removed
