"""`numcheck explain ID`: why a claim got its subject, or why a finding's claims were paired."""
from __future__ import annotations

import json

from numcheck.checker.report.common import interval_text, printable, subject_text
from numcheck.schemas.models import Claim, ClaimRecord, Conflict, Report


def find_explanation(wanted: str, claims: list[Claim], report: Report):
    """The Explanation of the claim or finding whose id is `wanted` or starts with it (when only
    one does); None when none does or the prefix is ambiguous."""
    from numcheck.api import Explanation

    wanted = wanted.strip()
    findings = [("conflict", f) for f in report.conflicts] + [("corroboration", f) for f in report.corroborations or ()]
    hits = [(kind, f) for kind, f in findings if f.id.startswith(wanted)]
    claim_hits = {c.id: c for c in claims if c.id.startswith(wanted)}
    if len(hits) + len(claim_hits) != 1:
        return None
    if hits:
        kind, finding = hits[0]
        evidence = {"key": finding.match.key, "reason": finding.match.reason} if finding.match else {}
        evidence.update(finding.evidence or {})
        return Explanation(id=finding.id, kind=kind, conflict=finding, evidence=evidence)
    claim = next(iter(claim_hits.values()))
    named_in = [f.id for _, f in findings if any(c.id == claim.id for c in f.claims)]
    return Explanation(id=claim.id, kind="claim", claim=ClaimRecord.from_claim(claim),
                       evidence=dict(claim.evidence), findings=named_in)


def render_explanation(e) -> str:
    lines: list[str] = []
    if e.claim is not None:
        c = e.claim
        lines += [f"claim {c.id}",
                  f"  {printable(c.doc)}:{c.line}:{c.column}  {printable(c.text)}",
                  f"  sentence  {printable(c.sentence)}",
                  f"  figure    {c.qualifier} {interval_text(c)} {c.unit}" + (f" ({c.counter})" if c.counter else ""),
                  f"  modality  {c.modality}   zone {c.zone}   language {c.language}"]
        for name, value in c.subject.model_dump(exclude_none=True).items():
            lines.append(f"  {name:<9} {printable(str(value))}")
        lines += _evidence(e.evidence)
        if e.findings:
            lines.append("  in findings: " + ", ".join(e.findings))
    else:
        f: Conflict = e.conflict
        lines += [f"{e.kind} {f.id}  {f.code} {f.kind} {f.severity}", f"  subject  {subject_text(f)}",
                  f"  {printable(f.explanation)}"]
        lines += _evidence(e.evidence)
        for claim in f.claims:
            lines.append(f"  - {printable(claim.doc)}:{claim.line}:{claim.column}  {printable(claim.text)}  "
                         f"{claim.qualifier} {interval_text(claim)} {claim.unit}  (claim {claim.id})")
    return "\n".join(lines) + "\n"


def _evidence(evidence: dict) -> list[str]:
    if not evidence:
        return []
    return ["  evidence"] + [f"    {k}: {printable(v if isinstance(v, str) else json.dumps(v, ensure_ascii=False))}"
                             for k, v in evidence.items()]
