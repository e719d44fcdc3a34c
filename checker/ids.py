"""Stable fingerprints for claims and conflicts.

A fingerprint is sha256 over normalised content, never over offsets, line
numbers or Python's per-process hash():

- document identity: the path as the user gave it, with separators and a
  leading "./" normalised. Editing a document keeps its identity; renaming it
  does not (a renamed file is, for a baseline, another document).
- text: simplified script, half-width, whitespace collapsed (claims.normalize),
  so converting a document to traditional script changes nothing.
- value: the exact Decimal written without exponent or trailing zeros.

So inserting a paragraph above a claim, reflowing lines or converting the
script leaves every claim id and conflict id as it was.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from numcheck.checker.compare import plain_number
from numcheck.checker.memo import memo
from numcheck.claims.normalize import normalize
from numcheck.claims.records import claim_fingerprint, quantity_key
from numcheck.schemas.models import Claim

ID_LENGTH = 20  # hex digits kept: 80 bits, ample against collisions within any corpus
SEP = "\x1f"


@memo
def doc_identity(path: str, root: str | Path | None = None) -> str:
    """The path as given (relative to `root` when given), with / separators and no leading ./."""
    p = str(path).replace("\\", "/")
    if root is not None:
        try:
            p = Path(p).resolve().relative_to(Path(root).resolve()).as_posix()
        except ValueError:
            pass
    while p.startswith("./"):
        p = p[2:]
    while "//" in p:
        p = p.replace("//", "/")
    return p.replace("/./", "/")


@memo
def norm_content(text: str) -> str:
    """Simplified, half-width, single-spaced: the form a fingerprint sees."""
    return " ".join(normalize(text).split())


def value_key(claim: Claim) -> str:
    q = claim.quantity
    return _value_text(q.qualifier, q.unit, q.value, q.low, q.high)


@memo
def _value_text(qualifier: str, unit: str, value, low, high) -> str:
    parts = [qualifier, unit]
    for v in (value, low, high) if value is None else (value,):
        parts.append("-" if v is None else plain_number(v))
    return ":".join(parts)


def _digest(*parts: str) -> str:
    return hashlib.sha256(SEP.join(parts).encode("utf-8")).hexdigest()[:ID_LENGTH]


def claim_id(doc_identity: str, claim: Claim, occurrence: int = 0) -> str:
    """The id extraction gives a claim (claims.pipeline.claim_fingerprint), rebuilt from a Claim record:
    document identity, normalised text, normalised sentence, value and the n-th repeat (`occurrence`)
    of an identical claim in an identical sentence."""
    return claim_fingerprint(doc_identity, norm_content(claim.text), norm_content(claim.sentence),
                             quantity_key(claim.quantity), occurrence)


def claim_signature(claim: Claim) -> str:
    """What a conflict fingerprint keeps of a claim: document, normalised text and value."""
    return SEP.join((doc_identity(claim.doc), norm_content(claim.text), value_key(claim)))


def conflict_id(code: str, subject_key: str, claims: Iterable[Claim]) -> str:
    """Fingerprint of a finding: check code, subject key and its claims (order-free)."""
    signatures = sorted({claim_signature(c) for c in claims})
    return _digest("conflict", code, subject_key, *signatures)


def signature_conflict_id(code: str, subject_key: str, signatures: Iterable[str]) -> str:
    """conflict_id from the claims' claim_signature()s, for callers that keep them per claim."""
    return _digest("conflict", code, subject_key, *sorted(set(signatures)))
