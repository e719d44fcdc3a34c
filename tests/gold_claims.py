"""Gold claims as schemas.models.Claim: develop and test the conflict engine without extraction.

Gold intervals are not widened (GUIDELINES.md §5); the engine widens from the
value, qualifier and rounding step, so this module supplies the rounding step
the extractor would: the place value of the last written digit (140万 -> 1e4,
33.9亿元 -> 1e7, 26.84 billion yuan -> 1e7), and for numbers written in
Chinese numerals (七成, 两千亿) the place value of the leading digit.

    python tests/gold_claims.py seeds  /tmp/seeds-report.json
    python tests/gold_claims.py dev    /tmp/dev-report.json
    python /work/shared/tools/score.py conflicts --gold ... --root ... --report /tmp/...json
"""
from __future__ import annotations

import json
import re
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from numcheck.checker import __version__  # noqa: E402
from numcheck.checker.config import Config  # noqa: E402
from numcheck.checker.engine import find_conflicts  # noqa: E402
from numcheck.checker.ids import claim_id, doc_identity  # noqa: E402
from numcheck.claims.sentences import split_sentences  # noqa: E402
from numcheck.claims.types import line_starts  # noqa: E402
from numcheck.schemas.models import (  # noqa: E402
    Claim, Document, DocumentSummary, Quantity, Report, Span, Subject, ToolInfo,
)

SHARED = ROOT.parent / "shared"
GOLD_SETS = {
    "seeds": (SHARED / "gold" / "seeds.json", ROOT),
    "dev": (SHARED / "gold" / "dev" / "gold.json", SHARED / "gold" / "dev"),
}

_DIGITS = re.compile(r"\d[\d,]*(?:\.\d+)?")
_DATE = re.compile(r"(20\d\d)年(\d{1,2})月(\d{1,2})日")
_DIMENSIONS = {"CNY": "money", "count": "count", "percent": "ratio", "rank": "rank", "month": "duration",
               "year": "duration", "day": "duration", "second": "duration", "minute": "duration"}


def _dec(x) -> Decimal | None:
    return None if x is None else Decimal(str(x))


def precision_of(text: str, value: Decimal | None) -> Decimal | None:
    """Place value of the last written digit, in the claim's unit."""
    if value is None or value == 0:
        return None
    m = _DIGITS.search(text)
    if m:
        digits = m.group().replace(",", "")
        written = Decimal(digits)
        if written != 0:
            decimals = len(digits.partition(".")[2])
            return (value / written) * Decimal(10) ** -decimals
    return Decimal(10) ** (abs(value).adjusted())  # Chinese numerals: the leading digit's place


def load_gold(name: str) -> tuple[dict, Path]:
    gold_path, root = GOLD_SETS[name]
    if not gold_path.is_file():  # the gold lives in ../shared beside the repo, not in it
        import pytest

        pytest.skip(f"{gold_path} not present", allow_module_level=True)
    return json.loads(gold_path.read_text(encoding="utf-8")), root


def gold_documents(gold: dict, root: Path) -> dict[str, Document]:
    dates = gold.get("doc_dates", {})
    docs = {}
    for path in gold["documents"]:
        text = (root / path).read_text(encoding="utf-8-sig")
        published = date.fromisoformat(dates[path]) if path in dates else _date_in(text)
        docs[path] = Document(path=path, sha256="0" * 64, published=published, chars=len(text))
    return docs


def _date_in(text: str) -> date | None:
    m = _DATE.search(text[:400])
    return date(int(m[1]), int(m[2]), int(m[3])) if m else None


def gold_claims(gold: dict, root: Path) -> list[Claim]:
    texts: dict[str, str] = {}
    out = []
    for g in gold["claims"]:
        path = g["doc"]
        if path not in texts:
            texts[path] = (root / path).read_text(encoding="utf-8-sig")
        out.append(to_claim(g, texts[path]))
    return out


def to_claim(g: dict, text: str) -> Claim:
    start, end = g["start"], g["end"]
    starts = line_starts(text)
    line = max(i for i, s in enumerate(starts) if s <= start) + 1
    sentence = next((s for s in split_sentences(text) if s.start <= start < s.end), None)
    s_start, s_end = (sentence.start, sentence.end) if sentence else (start, end)
    value = _dec(g["value"])
    quantity = Quantity(
        value=value, low=_dec(g["low"]), high=_dec(g["high"]), unit=g["unit"],
        dimension=_DIMENSIONS.get(g["unit"], "other"), counter=g.get("counter"),
        qualifier=g["qualifier"], precision=precision_of(g["text"], value),
    )
    claim = Claim(
        id="", doc=g["doc"], span=Span(start=start, end=end, line=line, column=start - starts[line - 1] + 1),
        text=text[start:end], sentence=" ".join(text[s_start:s_end].split()), sentence_start=s_start,
        quantity=quantity,
        subject=Subject(entity=g.get("entity"), metric=g.get("metric"), period=g.get("period")),
        modality=g.get("modality") or "actual",
        zone="boilerplate" if g.get("zone") == "boilerplate" else "body",
        scope=g.get("scope"), rule="gold",
    )
    claim.id = claim_id(doc_identity(claim.doc), claim)
    return claim


def gold_report(name: str, config: Config | None = None) -> Report:
    gold, root = load_gold(name)
    documents = gold_documents(gold, root)
    claims = gold_claims(gold, root)
    conflicts, corroborations = find_conflicts(claims, documents, config or Config())
    return Report(
        tool=ToolInfo(version=__version__),
        documents=[DocumentSummary(doc=d.path, sha256=d.sha256, claims=sum(c.doc == d.path for c in claims),
                                   published=d.published) for d in documents.values()],
        conflicts=conflicts,
        corroborations=corroborations,
    )


if __name__ == "__main__":
    which, out = sys.argv[1], Path(sys.argv[2])
    out.write_text(gold_report(which).model_dump_json(indent=1), encoding="utf-8")
    print(f"wrote {out}")
