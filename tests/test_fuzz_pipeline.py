"""Fuzzing the whole pipeline: arbitrary Unicode text and mutated seed documents.

For every input: load_document either succeeds or raises InputFileError (never anything
else); every claim's text is the raw text at its offsets; low <= high; extraction twice gives
the same records; and the checker runs on the claims of two fuzzed documents together.

Example counts follow the hypothesis profile (tests/conftest.py): "default" runs 200 texts
and 100 mutated seeds, `--hypothesis-profile=long` (or HYPOTHESIS_PROFILE=long) 5000 and 2500.
"""
from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from numcheck.checker.config import Config
from numcheck.checker.engine import find_conflicts
from numcheck.claims.document import load_document
from numcheck.claims.errors import InputFileError
from numcheck.claims.pipeline import extract
from numcheck.schemas.models import ClaimRecord

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))
SEED_TEXTS = [p.read_text(encoding="utf-8") for p in SEEDS]
NUMERIC = ("0123456789一二两三四五六七八九十百千万亿兆零壹贰叁点半几余多元%‰约近超逾至到~-—,.，。、；：:"
           "年月日第前首倍人辆家个亿元美元$€¥ \n\r\t“”「」()（）<>&#;[]*_`|")
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u00ad"
PROFILE_EXAMPLES = settings().max_examples

texts = st.one_of(
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=300),
    st.text(st.sampled_from(NUMERIC + INVISIBLE), max_size=300),
)
suffixes = st.sampled_from([".txt", ".md", ".html"])


def pipeline(name: str, text: str):
    """(document, claims) or None when the input is rejected with a coded error."""
    try:
        doc = load_document(name, data=text.encode("utf-8"))
    except InputFileError as exc:
        assert exc.code in {"E102", "E103"} and exc.path == name
        return None
    claims = extract(doc)
    assert len(doc.raw) == len(doc.visible) == len(doc.norm)
    for c in claims:
        assert doc.raw[c.span.start:c.span.end] == c.text
        assert c.doc == name
        q = c.quantity
        assert q.low is None or q.high is None or q.low <= q.high, (c.text, q.low, q.high)
        if q.value is not None and q.qualifier == "exact":
            assert (q.low is None or q.low <= q.value) and (q.high is None or q.value <= q.high)
    again = extract(load_document(name, data=text.encode("utf-8")))
    assert [ClaimRecord.from_claim(c).model_dump_json() for c in again] == \
        [ClaimRecord.from_claim(c).model_dump_json() for c in claims]
    return doc, claims


def check_pair(a, b) -> None:
    if a is None or b is None:
        return
    documents = {a[0].path: a[0].meta, b[0].path: b[0].meta}
    conflicts, corroborations = find_conflicts(a[1] + b[1], documents, Config())
    for conflict in conflicts:
        assert len(conflict.claims) >= 2


@settings(max_examples=PROFILE_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts, texts, suffixes)
def test_arbitrary_text_runs_through_the_pipeline(first, second, suffix):
    check_pair(pipeline(f"a{suffix}", first), pipeline(f"b{suffix}", second))


@st.composite
def mutated_seeds(draw):
    """A window of a seed document with insertions, deletions and duplications."""
    text = draw(st.sampled_from(SEED_TEXTS))
    start = draw(st.integers(0, max(0, len(text) - 1)))
    window = list(text[start:start + draw(st.integers(50, 600))])
    for _ in range(draw(st.integers(0, 8))):
        kind = draw(st.sampled_from(["insert", "delete", "duplicate", "invisible"]))
        at = draw(st.integers(0, len(window)))
        if kind == "insert":
            window[at:at] = list(draw(st.text(st.sampled_from(NUMERIC), min_size=1, max_size=6)))
        elif kind == "delete":
            del window[at:at + draw(st.integers(1, 5))]
        elif kind == "duplicate":
            window[at:at] = window[at:at + draw(st.integers(1, 30))]
        else:
            window[at:at] = [draw(st.sampled_from(INVISIBLE))]
    return "".join(window)


@settings(max_examples=max(20, PROFILE_EXAMPLES // 2), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_seeds(), mutated_seeds())
def test_mutated_seed_documents_run_through_the_pipeline(first, second):
    check_pair(pipeline("seed_a.txt", first), pipeline("seed_b.txt", second))
