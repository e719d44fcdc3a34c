"""Properties: normalisation never moves offsets; script and width rewrites keep boundaries and claims."""
from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from numcheck.claims.document import load_document
from numcheck.claims.normalize import normalize, s2t_char, t2s_char

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))
SEED_LINES = {p.name: p.read_text(encoding="utf-8").split("\n") for p in SEEDS}
FULLWIDTH = {c: c + 0xFEE0 for c in range(0x30, 0x3A)} | {0x25: 0xFF05}  # digits and % only


def to_traditional(text: str) -> str:
    return "".join(s2t_char(ch) for ch in text)


def to_simplified(text: str) -> str:
    return "".join(t2s_char(ch) for ch in text)


def to_fullwidth(text: str) -> str:
    return text.translate(FULLWIDTH)


REWRITES = {"traditional": to_traditional, "simplified": to_simplified, "fullwidth": to_fullwidth}


@st.composite
def seed_excerpts(draw):
    """A contiguous run of lines from one seed, joined with one line-ending style."""
    name = draw(st.sampled_from(sorted(SEED_LINES)))
    lines = SEED_LINES[name]
    start = draw(st.integers(0, len(lines) - 1))
    end = draw(st.integers(start + 1, min(len(lines), start + 40)))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    return newline.join(lines[start:end])


@given(st.text())
def test_normalize_keeps_the_length_of_any_text(text):
    assert len(normalize(text)) == len(text)


@given(st.text(alphabet=st.sampled_from("乾燥於是後裏髮鐘週台灣發表１２３％．，　①㎡…武漢市0123456789"), max_size=60))
def test_normalize_keeps_the_length_of_phrase_heavy_text(text):
    out = normalize(text)
    assert len(out) == len(text)
    for raw_ch, norm_ch in zip(text, out):
        folded = unicodedata.normalize("NFKC", raw_ch)
        if len(folded) == 1 and folded.isascii():
            assert norm_ch == folded  # digits and ASCII stay at their offsets


@settings(max_examples=40)
@given(seed_excerpts())
def test_offsets_survive_normalisation(text):
    quantities = pytest.importorskip("numcheck.claims.quantities")
    doc = load_document("x.txt", data=text.encode("utf-8"))
    for m in quantities.find_quantities(doc.norm):
        span = doc.raw[m.start:m.end]
        assert len(doc.norm[m.start:m.end]) == len(span)
        for raw_ch, norm_ch in zip(span, doc.norm[m.start:m.end]):
            folded = unicodedata.normalize("NFKC", raw_ch)
            if len(folded) == 1 and folded.isascii():
                assert norm_ch == folded


@settings(max_examples=40)
@given(seed_excerpts(), st.sampled_from(sorted(REWRITES)))
def test_script_and_width_rewrites_keep_sentence_and_zone_boundaries(text, rewrite):
    rewritten = REWRITES[rewrite](text)
    assert len(rewritten) == len(text)
    a = load_document("a.txt", data=text.encode("utf-8"))
    b = load_document("b.txt", data=rewritten.encode("utf-8"))
    assert [(s.start, s.end, s.zone) for s in a.sentences] == [(s.start, s.end, s.zone) for s in b.sentences]


@settings(max_examples=30)
@given(seed_excerpts(), st.sampled_from(sorted(REWRITES)))
def test_script_and_width_rewrites_keep_claims(text, rewrite):
    quantities = pytest.importorskip("numcheck.claims.quantities")
    rewritten = REWRITES[rewrite](text)
    a = load_document("a.txt", data=text.encode("utf-8"))
    b = load_document("b.txt", data=rewritten.encode("utf-8"))

    def claims(doc):
        return [(m.start, m.end, m.quantity.value, m.quantity.unit, m.quantity.qualifier)
                for m in quantities.find_quantities(doc.norm)]

    assert claims(a) == claims(b)


@pytest.mark.parametrize("seed", [p.name for p in SEEDS])
def test_whole_seeds_in_the_other_script_keep_sentences_zones_and_claims(seed):
    text = (Path(SEEDS[0]).parent / seed).read_text(encoding="utf-8")
    other = to_simplified(text) if "003_" in seed else to_traditional(text)
    a = load_document("a.txt", data=text.encode("utf-8"))
    b = load_document("b.txt", data=other.encode("utf-8"))
    assert [(s.start, s.end, s.zone) for s in a.sentences] == [(s.start, s.end, s.zone) for s in b.sentences]
    assert a.meta.published == b.meta.published
    try:
        from numcheck.claims.quantities import find_quantities
    except ImportError:
        return
    assert [(m.start, m.end, m.quantity.value, m.quantity.unit, m.quantity.qualifier) for m in find_quantities(a.norm)] \
        == [(m.start, m.end, m.quantity.value, m.quantity.unit, m.quantity.qualifier) for m in find_quantities(b.norm)]


@settings(max_examples=150)
@given(st.lists(st.one_of(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=8),
                          st.sampled_from(list("\n\r\t<>&;#/!-。，1２万亿元%") + ["<p>", "</p>", "---\n", "&amp;"])),
                max_size=60).map("".join),
       st.sampled_from(["x.txt", "x.md", "x.html"]))
def test_any_text_loads_with_the_invariants(text, name):
    doc = load_document(name, data=text.encode("utf-8"))
    assert len(doc.raw) == len(doc.visible) == len(doc.norm)
    ends = 0
    for s in doc.sentences:
        assert ends <= s.start < s.end <= len(doc.raw)
        ends = s.end
        assert s.zone in ("body", "boilerplate")
        assert s.language in ("zh-Hans", "zh-Hant", "en", "und")


def test_a_phrase_conversion_that_changes_length_falls_back_per_character(monkeypatch):
    import numcheck.claims.normalize as normalize_module

    real = normalize_module._t2s

    class LengthChangingT2S:
        """t2s that (like a phrase table could) turns 乾燥劑 into the two characters 干燥."""

        def convert(self, text):
            return real.convert(text).replace("干燥剂", "干燥")

    monkeypatch.setattr(normalize_module, "_t2s", LengthChangingT2S())
    text = "第一行說明乾燥劑12噸。\n第二行營收３億元。\n"
    out = normalize_module.normalize(text)
    assert len(out) == len(text)
    assert out.split("\n")[1] == "第二行营收3亿元。"  # untouched lines keep the phrase conversion
    assert out.index("12吨") == text.index("12噸")  # the changed line is converted character by character


@given(st.text(alphabet=st.sampled_from("鄩澥啤酒鯕灣財經營收億元，。0123456789"), max_size=40))
def test_normalize_stays_in_the_basic_cjk_block_for_basic_cjk_input(text):
    # OpenCC's t2s writes a few rare characters' simplified forms in the CJK extensions (鄩 ->
    # U+2CA7D); patterns written for the basic block would lose such a name, so it stays as written
    out = normalize(text)
    assert len(out) == len(text)
    assert all(o < "\U00010000" for o in out)
    assert "鄩" not in text or "鄩" in out
