"""Perturbation properties through real extraction, on real paragraphs of the dev articles.

Two documents: A is a real paragraph, B the same paragraph with one change.
- B rewrites a number into an equal surface form (traditional script, thousands
  separators, 万 written out in digits, Chinese numerals): no conflict appears that
  A against an exact copy of itself does not already show.
- B changes one definite figure by 15% or more (and less than the factor at which
  figures count as different quantities): exactly one new conflict, naming that claim.

Comparing with the A-vs-copy baseline keeps the property about the engine: whatever
the extractor gets wrong in A, it gets wrong the same way in B.
"""
from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import cn2an
import opencc
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from numcheck.checker.config import Config
from numcheck.checker.engine import find_conflicts

pipeline = pytest.importorskip("numcheck.claims.pipeline")
from numcheck.claims.document import load_document  # noqa: E402

DEV_DOCS = Path(__file__).resolve().parent.parent.parent / "shared" / "gold" / "dev" / "docs"
SOURCES = ["c02a_xinglan_annual.txt", "c02b_xinglan_review.txt", "c04a_ningchuan_chuwan.txt",
           "c07a_jialan_ai_plan.txt", "c09a_meida_annual.txt", "c09b_meida_review.txt"]
S2T = opencc.OpenCC("s2t")
# a written figure: digits with optional separators/decimals, then an optional 万/亿 magnitude
NUMBER = re.compile(r"(?<![\d.,])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(万|亿)?(?![\d年月日])")


def _paragraphs() -> list[str]:
    if not DEV_DOCS.is_dir():
        return []
    out = []
    for name in SOURCES:
        lines = [ln for ln in (DEV_DOCS / name).read_text(encoding="utf-8").splitlines() if ln.strip()]
        out.append(lines[2] if len(lines) > 2 else lines[-1])  # the first body paragraph
    return out


PARAGRAPHS = _paragraphs()
pytestmark = pytest.mark.skipif(not PARAGRAPHS, reason="dev articles (../shared/gold/dev) not present")


def _check(text_a: str, text_b: str):
    docs, claims = {}, []
    for path, text in (("a.txt", text_a), ("b.txt", text_b)):
        source = load_document(path, data=text.encode("utf-8"))
        docs[path] = source.meta
        claims.extend(pipeline.extract(source))
    return find_conflicts(claims, docs, Config())[0], claims


def _figures(paragraph: str) -> list[re.Match]:
    """Written figures that are not years (2024年) or dates."""
    return [m for m in NUMBER.finditer(paragraph) if not re.fullmatch(r"(19|20)\d\d", m.group(0))]


def _equal_forms(m: re.Match) -> list[str]:
    digits, decimals, magnitude = m.group(1).replace(",", ""), m.group(2) or "", m.group(3) or ""
    value = Decimal(digits + decimals) * {"": 1, "万": 10**4, "亿": 10**8}[magnitude]
    forms = []
    if not decimals and len(digits) >= 4:
        forms.append(f"{int(digits):,}{magnitude}")  # thousands separators
    if magnitude == "万" and value == value.to_integral_value():
        forms.append(str(int(value)))  # 1.86万 -> 18600
    if not decimals and int(digits) < 10000:
        forms.append(cn2an.an2cn(digits) + magnitude)  # 120亿 -> 一百二十亿
    return forms


CANDIDATES = [(i, m.start(), form) for i, p in enumerate(PARAGRAPHS) for m in _figures(p)
              for form in _equal_forms(m)]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(CANDIDATES or [(0, 0, "")]), st.booleans())
def test_equal_surface_forms_add_no_conflict(candidate, traditional):
    index, start, form = candidate
    paragraph = PARAGRAPHS[index]
    m = NUMBER.match(paragraph, start)
    rewritten = paragraph[:start] + form + paragraph[m.end():]
    if traditional:
        rewritten = S2T.convert(rewritten)
    baseline, _ = _check(paragraph, paragraph)
    found, _ = _check(paragraph, rewritten)
    assert len(found) <= len(baseline), [c.explanation for c in found]


def _checked(claim) -> bool:
    """A claim the checker compares: a subject, sure enough of its measure (subject.confidence)."""
    s = claim.subject
    return bool(s.entity and s.metric) and (s.confidence is None or s.confidence >= Config().min_confidence)


def _definite_claims_of(paragraph: str):
    """(claim, match) for figures the extractor reads as a definite claim with a subject."""
    source = load_document("a.txt", data=paragraph.encode("utf-8"))
    claims = pipeline.extract(source)
    out = []
    for m in _figures(paragraph):
        for c in claims:
            if (c.span.start == m.start() and c.quantity.qualifier == "exact" and c.quantity.value
                    and _checked(c) and c.zone == "body"):
                out.append((c, m))
    return out


PERTURBABLE = [(i, m.start()) for i, p in enumerate(PARAGRAPHS) for _, m in _definite_claims_of(p)]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(PERTURBABLE or [(0, 0)]),
       st.one_of(st.decimals(min_value=Decimal("1.2"), max_value=Decimal("2.5"), places=2),
                 st.decimals(min_value=Decimal("0.4"), max_value=Decimal("0.8"), places=2)))
def test_changing_one_figure_by_15_percent_adds_exactly_one_conflict_naming_it(candidate, factor):
    index, start = candidate
    paragraph = PARAGRAPHS[index]
    m = NUMBER.match(paragraph, start)
    digits, decimals, magnitude = m.group(1).replace(",", ""), m.group(2) or "", m.group(3) or ""
    places = len(decimals) - 1 if decimals else 0
    new_value = (Decimal(digits + decimals) * factor).quantize(Decimal(1).scaleb(-places))
    new_text = f"{new_value}{magnitude}"
    changed = paragraph[:start] + new_text + paragraph[m.end():]
    baseline, _ = _check(paragraph, paragraph)
    found, claims = _check(paragraph, changed)
    matches = [c for c in claims if c.doc == "b.txt" and c.span.start == start and _checked(c)]
    assume(len(matches) == 1)  # the new figure must still read as a claim with a subject
    (changed_claim,) = matches
    new = [c for c in found if c.id not in {b.id for b in baseline}]
    # the changed claim's subject might already be in a baseline conflict; then it joins that one
    naming = [c for c in found if changed_claim.id in {r.id for r in c.claims}]
    assert len(naming) == 1, [c.explanation for c in found]
    assert len(new) <= 1 and len(found) <= len(baseline) + 1, [c.explanation for c in found]
