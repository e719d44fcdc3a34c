"""What extraction hands on, without the extractor: the Extraction of many documents and the claim
fingerprint. The checker imports these alone, so a re-check whose new documents are extracted by
a worker (checker/prefetch.py) never loads the extractor's modules and dictionaries."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from numcheck.claims.errors import InputFileError
from numcheck.schemas.models import Claim, Document


@dataclass
class Extraction:
    """Claims of many documents, in input order, with the inputs that failed."""

    documents: list[Document] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    errors: list[InputFileError] = field(default_factory=list)


def claim_fingerprint(doc_path: str, norm_text: str, norm_sentence: str, quantity_key: str, occurrence: int) -> str:
    """sha256 over what the claim says and where it sits in its sentence, never over offsets or lines,
    so inserting text above a claim or converting the script keeps its id."""
    payload = "\x1f".join((doc_path, norm_text, norm_sentence, quantity_key, str(occurrence)))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:20]


def quantity_key(q) -> str:
    return "|".join(str(x) for x in (q.value, q.low, q.high, q.unit, q.qualifier))
