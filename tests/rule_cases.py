"""Build claims and documents from the YAML cases of tests/cases/rules/ (no extraction needed).

A case:

    - name: what the case shows
      documents:
        a.txt:
          published: 2025-03-01          # optional
          claims:
            - {text: 33.9亿元, sentence: 星岚科技2024年扣非净利润33.9亿元。, value: 3390000000,
               unit: CNY, entity: 星岚科技, metric: 扣非净利润, period: "2024"}
      expect: [NC101]                    # codes of the conflicts, sorted
      corroborated: 1                    # optional: number of NC001 findings

A claim takes qualifier (default exact), low/high (default: the value, as the gold
writes them, unwidened), precision (default: the last written digit, as the
extractor computes it), counter, modality, zone, scope. A document's text is its
claims' sentences in order, each distinct sentence once, so claims that name the
same sentence sit in the same sentence.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import yaml

from numcheck.checker.ids import claim_id, doc_identity
from numcheck.schemas.models import Claim, Document, Quantity, Span, Subject
from gold_claims import precision_of

CASES_DIR = Path(__file__).parent / "cases" / "rules"


def load_cases(path: Path) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def all_cases() -> list[tuple[str, dict]]:
    out = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        for case in load_cases(path):
            out.append((f"{path.stem}: {case['name']}", case))
    return out


def _dec(x) -> Decimal | None:
    return None if x is None else Decimal(str(x))


def build(case: dict) -> tuple[list[Claim], dict[str, Document]]:
    claims: list[Claim] = []
    documents: dict[str, Document] = {}
    for path, spec in case["documents"].items():
        published = spec.get("published")
        if isinstance(published, str):
            published = date.fromisoformat(published)
        sentences: list[str] = []
        for c in spec["claims"]:
            if c["sentence"] not in sentences:
                sentences.append(c["sentence"])
        text = "\n".join(sentences) + "\n"
        documents[path] = Document(path=path, sha256="0" * 64, published=published, chars=len(text))
        for c in spec["claims"]:
            claims.append(make_claim(path, text, c))
    return claims, documents


def make_claim(path: str, text: str, c: dict) -> Claim:
    s_start = text.index(c["sentence"])
    start = s_start + c["sentence"].index(c["text"])
    value = _dec(c.get("value"))
    qualifier = c.get("qualifier", "exact")
    low = _dec(c["low"]) if "low" in c else (value if qualifier in ("exact", "approx", "more_than", "at_least") else None)
    high = _dec(c["high"]) if "high" in c else (value if qualifier in ("exact", "approx", "nearly", "less_than", "at_most") else None)
    precision = _dec(c["precision"]) if "precision" in c else precision_of(c["text"], value)
    line = text.count("\n", 0, start) + 1
    column = start - (text.rfind("\n", 0, start) + 1) + 1
    claim = Claim(
        id="", doc=path, span=Span(start=start, end=start + len(c["text"]), line=line, column=column),
        text=c["text"], sentence=c["sentence"], sentence_start=s_start,
        quantity=Quantity(value=value, low=low, high=high, unit=c["unit"], dimension=c.get("dimension", "x"),
                          counter=c.get("counter"), qualifier=qualifier, precision=precision),
        subject=Subject(entity=c.get("entity"), metric=c.get("metric"), period=c.get("period")),
        modality=c.get("modality", "actual"), zone=c.get("zone", "body"), scope=c.get("scope"), rule="case",
        evidence=c.get("evidence", {}),
    )
    claim.id = claim_id(doc_identity(path), claim)
    return claim
