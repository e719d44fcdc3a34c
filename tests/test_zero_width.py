"""Zero-width and bidi format characters never split a number.

They are invisible, so a reader sees "1234" in "1\u200b234". The normalised text keeps
them (len(raw) == len(norm)); the number grammar reads the text without them and maps
its offsets back (claims/normalize.py `read_without_ignorables`), so claim values are
what a reader sees and `raw[start:end]` is still the claim's text.
"""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from numcheck.claims.document import load_document
from numcheck.claims.normalize import has_ignorables, normalize, without_ignorables
from numcheck.claims.pipeline import extract
from numcheck.claims.quantities import find_quantities

ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
BIDI = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
INVISIBLE = ZERO_WIDTH + BIDI + "\u00ad"
SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))


def values(text: str) -> list[tuple]:
    return [(text[m.start:m.end], m.quantity.value, m.quantity.qualifier) for m in find_quantities(text)]


@pytest.mark.parametrize("text, expected", [
    ("员工1\u200b234人。", [("1\u200b234人", Decimal("1234"), "exact")]),
    ("营收1\u2060234.5亿元。", [("1\u2060234.5亿元", Decimal("123450000000"), "exact")]),
    ("共有一\u200d万人。", [("一\u200d万人", Decimal("10000"), "exact")]),
    ("超\ufeff140万在校大学生", [("140万", Decimal("1400000"), "more_than")]),
    ("人口1,\u200f234万人", [("1,\u200f234万人", Decimal("12340000"), "exact")]),
    ("\u200b\u200c12\u200b人\u200b。", [("12\u200b人", Decimal("12"), "exact")]),  # none at either end
])
def test_invisible_characters_inside_a_number_do_not_split_it(text, expected):
    assert values(text) == expected
    assert len(normalize(text)) == len(text)


def test_a_window_of_the_text_is_read_with_the_same_offsets():
    text = "甲有1\u200b234人,乙有5\u200c678人。"
    whole = [(m.start, m.end, m.quantity.value) for m in find_quantities(text)]
    assert whole == [(2, 8, Decimal(1234)), (11, 17, Decimal(5678))]
    assert [(m.start, m.end, m.quantity.value) for m in find_quantities(text, 9)] == whole[1:]
    assert [(m.start, m.end, m.quantity.value) for m in find_quantities(text, 0, 9)] == whole[:1]


def test_compaction_keeps_the_position_of_every_visible_character():
    text = "a\u200bb\u202ec\ufeff"
    compact, kept = without_ignorables(text)
    assert compact == "abc" and kept.tolist() == [0, 2, 4]
    assert has_ignorables(text) and not has_ignorables(compact)
    assert without_ignorables("")[0] == ""


@st.composite
def seed_with_invisibles(draw):
    text = SEEDS[draw(st.integers(0, len(SEEDS) - 1))].read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    first = draw(st.integers(0, max(0, len(lines) - 8)))
    window = "".join(lines[first:first + 8])
    # half the insertions land inside or beside numerals, where they used to split a number;
    # position 0 is left out: U+FEFF there is a byte order mark, which decoding removes
    numeral_chars = "0123456789一二三四五六七八九十百千万亿.,%"
    numeral_positions = [i for i, ch in enumerate(window) if i and ch in numeral_chars]
    anywhere = st.integers(1, len(window))
    near_numerals = st.sampled_from(numeral_positions) if numeral_positions else anywhere
    positions = sorted(draw(st.lists(st.one_of(anywhere, near_numerals), min_size=1, max_size=40)))
    chars = draw(st.lists(st.sampled_from(INVISIBLE), min_size=len(positions), max_size=len(positions)))
    pieces, last = [], 0
    for at, ch in zip(positions, chars):
        pieces += [window[last:at], ch]
        last = at
    return window, "".join(pieces) + window[last:], positions


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed_with_invisibles())
def test_inserting_invisible_characters_anywhere_keeps_every_claims_value(case):
    window, spiked, positions = case
    before = extract(load_document("a.txt", data=window.encode("utf-8")))
    doc = load_document("a.txt", data=spiked.encode("utf-8"))
    after = extract(doc)
    assert [c.quantity for c in after] == [c.quantity for c in before]
    for old, new in zip(before, after):
        # a character inserted at the claim's first position lies before it; one inserted inside lies within
        assert new.span.start == old.span.start + sum(p <= old.span.start for p in positions)
        assert new.span.end == old.span.end + sum(p < old.span.end for p in positions)
        assert doc.raw[new.span.start:new.span.end] == new.text
        assert "".join(ch for ch in new.text if ch not in INVISIBLE) == old.text
