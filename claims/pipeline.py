"""The ordered stages: document -> quantities -> subjects -> Claim records."""
from __future__ import annotations

from collections import Counter
from datetime import date

from numcheck.claims.document import load_document
from numcheck.claims.errors import InputFileError
from numcheck.claims.quantities import find_quantities
from numcheck.claims.records import Extraction, claim_fingerprint, quantity_key  # noqa: F401 - part of this module's face
from numcheck.claims.subjects import assign_subjects
from numcheck.claims.types import SourceDocument
from numcheck.schemas.models import Claim, Document, Span


def extract(doc: SourceDocument, *, fingerprints: list | None = None) -> list[Claim]:
    """All claims of one document, in text order.

    `fingerprints`, when given, receives each claim's path-free fingerprint parts (the arguments of
    claim_fingerprint after the path), so the claim cache can re-stamp ids for the same content
    found under another path."""
    matches = find_quantities(doc.norm)
    infos = assign_subjects(doc, matches)
    claims: list[Claim] = []
    seen: Counter[tuple[str, str, str]] = Counter()
    for m, info in zip(matches, infos):
        sent = doc.sentence_at(m.start)
        s_start, s_end = (sent.start, sent.end) if sent else (m.start, m.end)
        norm_text = doc.norm[m.start:m.end]
        norm_sentence = " ".join(doc.norm[s_start:s_end].split())
        key = (norm_text, norm_sentence, quantity_key(m.quantity))
        occurrence = seen[key]
        seen[key] += 1
        if fingerprints is not None:
            fingerprints.append((*key, occurrence))
        line, column = doc.line_col(m.start)
        claims.append(Claim(
            id=claim_fingerprint(doc.path, *key, occurrence),
            doc=doc.path,
            span=Span(start=m.start, end=m.end, line=line, column=column),
            text=doc.raw[m.start:m.end],
            sentence=" ".join(doc.raw[s_start:s_end].split()),
            sentence_start=s_start,
            quantity=m.quantity,
            subject=info.subject,
            modality=info.modality,
            zone=(sent.zone if sent else "body"),
            language=(sent.language if sent and sent.language in ("zh-Hans", "zh-Hant", "en") else doc.meta.language),
            scope=info.scope,
            rule=m.rule,
            evidence=info.evidence,
        ))
    return claims


def extract_path(path: str, *, data: bytes | None = None, published: date | None = None,
                 fingerprints: list | None = None) -> tuple[Document, list[Claim]]:
    doc = load_document(path, data=data, published=published)
    return doc.meta, extract(doc, fingerprints=fingerprints)


def extract_paths(paths: list[str], *, published: date | None = None, stdin: bytes | None = None) -> Extraction:
    """Extract every path; an unreadable input is recorded and the others go on."""
    out = Extraction()
    for path in paths:
        try:
            meta, claims = extract_path(path, data=stdin if path == "-" else None, published=published)
        except InputFileError as exc:
            out.errors.append(exc)
            continue
        out.documents.append(meta)
        out.claims.extend(claims)
    return out
