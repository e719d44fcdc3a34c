"""numcheck: numeric claims from Chinese and English news text, cross-checked across documents.

The public API (docs/api.md):

    import numcheck
    claims = numcheck.extract(["seeds/"])            # list[Claim]
    report = numcheck.check(["seeds/"])              # the report `numcheck check --format json` writes
    frame = numcheck.claims_frame(claims)            # one row per claim, exact Decimal values
    report.conflicts_frame()                         # one row per claim in a conflict
    numcheck.explain(report.conflicts[0].id, ["seeds/"])

The subpackages are numcheck.claims (text -> claim records), numcheck.checker (matching,
conflicts, reports, the CLI) and numcheck.schemas (pydantic models, JSON Schema).
"""
from pathlib import Path as _Path

# In a source checkout the subpackages are the folders beside this one (pyproject.toml maps
# them under numcheck); an installed wheel has them inside. Either way they import the same.
if not (_Path(__file__).parent / "claims").is_dir():
    __path__.append(str(_Path(__file__).resolve().parent.parent))

from numcheck.api import Explanation, Text, check, claims_frame, explain, extract  # noqa: E402
from numcheck.checker import __version__  # noqa: E402
from numcheck.schemas.models import Claim, ClaimRecord, Conflict, Report  # noqa: E402

__all__ = ["Claim", "ClaimRecord", "Conflict", "Explanation", "Report", "Text", "__version__", "check",
           "claims_frame", "explain", "extract"]
