"""`numcheck diff OLD.json NEW.json`: conflicts added and resolved between two reports.

Conflicts are matched by their stable id, so moved text is neither added nor
resolved. Output as text, json or md.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass

from numcheck.checker.json_locate import load_json_model
from numcheck.checker.report.common import claim_label, interval_text, ordered_conflicts, printable, subject_text
from numcheck.checker.report.markdown import md_escape
from numcheck.schemas.models import Conflict, Report, failing_conflicts


@dataclass(frozen=True)
class ReportDiff:
    added: list[Conflict]
    resolved: list[Conflict]
    unchanged: int

    def failing(self, fail_on: str) -> list[Conflict]:
        """Added, not baselined conflicts at or above the `fail_on` severity ('none' never fails)."""
        return failing_conflicts(self.added, fail_on)


def load_report(path: str | os.PathLike) -> Report:
    """A JSON report written by `check --format json`; problems are ConfigError E203 with line and key."""
    report, _ = load_json_model(path, Report, "E203", "report")
    return report


def diff_reports(old: Report, new: Report) -> ReportDiff:
    old_ids = {c.id for c in old.conflicts}
    new_ids = {c.id for c in new.conflicts}
    return ReportDiff(
        added=ordered_conflicts([c for c in new.conflicts if c.id not in old_ids]),
        resolved=ordered_conflicts([c for c in old.conflicts if c.id not in new_ids]),
        unchanged=len(old_ids & new_ids),
    )


def render_diff(diff: ReportDiff, fmt: str) -> str:
    if fmt == "json":
        data = {"added": [c.model_dump(mode="json") for c in diff.added],
                "resolved": [c.model_dump(mode="json") for c in diff.resolved],
                "unchanged": diff.unchanged}
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if fmt == "md":
        return _markdown(diff)
    if fmt == "text":
        return _text(diff)
    raise ValueError(f"unknown diff format {fmt!r} (text, json, md)")


def _one_line(c: Conflict) -> str:
    claims = "; ".join(f"{claim_label(i)} {printable(cl.doc)}:{cl.line} {printable(cl.text)} {interval_text(cl)}"
                       for i, cl in enumerate(c.claims))
    mark = " (baselined)" if c.baselined else ""
    return f"{c.severity.upper()} {c.code} {subject_text(c)}{mark}: {claims}  [{c.id}]"


def _text(diff: ReportDiff) -> str:
    out = [f"{len(diff.added)} added, {len(diff.resolved)} resolved, {diff.unchanged} unchanged"]
    out += [f"+ {_one_line(c)}" for c in diff.added]
    out += [f"- {_one_line(c)}" for c in diff.resolved]
    return "\n".join(out) + "\n"


def _markdown(diff: ReportDiff) -> str:
    out = [f"**{len(diff.added)} added, {len(diff.resolved)} resolved, {diff.unchanged} unchanged**", ""]
    for title, items in (("Added", diff.added), ("Resolved", diff.resolved)):
        if items:
            out += [f"### {title}", ""] + [f"- {md_escape(_one_line(c))}" for c in items] + [""]
    return "\n".join(out).rstrip("\n") + "\n"
