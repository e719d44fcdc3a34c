"""HTML input: visible text with the raw length, layout cues, and the seed rendered as HTML."""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from numcheck.claims.document import load_document
from numcheck.claims.html import BOILERPLATE_CONTAINER, CONTENT_ROOT, LINK, parse_html, visible_text

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "documents" / "seed001.html"
FIXTURE_003 = Path(__file__).resolve().parent / "fixtures" / "documents" / "seed003.html"
SEED_001 = Path(__file__).resolve().parent.parent / "seeds" / "001_0185ecf0b5b28ccb.txt"
SEED_003 = Path(__file__).resolve().parent.parent / "seeds" / "003_4daf552a251e0480.txt"


def test_markup_script_style_comments_and_hidden_text_are_masked():
    raw = ("<html><head><title>标题 99亿元</title><style>p{color:red}</style></head><body>"
           "<script>var x = '88亿元';</script><!-- 77亿元 -->"
           "<p>营收<b>412.6亿元</b>。</p><div hidden>66亿元</div><span style='display: none'>55亿元</span>"
           "<div aria-hidden=\"true\">44亿元</div><p>研发投入52.4亿元</p></body></html>")
    vis = visible_text(raw)
    assert len(vis) == len(raw)
    for hidden in ("99亿元", "88亿元", "77亿元", "66亿元", "55亿元", "44亿元", "color", "<", ">"):
        assert hidden not in vis
    i = vis.index("412.6亿元")
    assert raw[i:i + 7] == "412.6亿元"  # visible offsets are raw offsets
    assert vis.index("研发投入52.4亿元") == raw.index("研发投入52.4亿元")


def test_entities_are_decoded_in_place_and_padded():
    raw = "<p>AT&amp;T 收入&nbsp;1,000亿元 &ldquo;好&rdquo; &#26032;&#x5E74;</p>"
    vis = visible_text(raw)
    assert len(vis) == len(raw)
    assert "AT&    T" in vis
    assert "收入      1,000亿元" in vis
    assert "“      好”" in vis
    assert re.sub(r"\s+", "", vis) == "AT&T收入1,000亿元“好”新年"


def test_blocks_end_lines_and_source_newlines_inside_a_paragraph_are_spaces():
    raw = "<div><p>第一段\n  续写</p><p>第二段</p>一<br>二</div>"
    vis = visible_text(raw)
    lines = [ln.strip() for ln in vis.split("\n") if ln.strip()]
    assert lines == ["第一段   续写", "第二段", "一", "二"]


def test_unclosed_script_and_broken_markup_keep_the_length():
    for raw in ["<p>营收1亿元<script>var a = '<p>2亿元'", "<p a='>'>3亿元</p", "<<p>>4亿元<!-- x", "a < b > c &bogus;"]:
        layout = parse_html(raw)
        assert len(layout.visible) == len(raw) == len(layout.flags)


@given(st.lists(st.sampled_from([
    "<p>", "</p>", "<div class='related'>", "</div>", "<a href='/x'>", "</a>", "<script>", "</script>",
    "<!--", "-->", "&amp;", "&nbsp;", "&#x4e2d;", "营收", "412.6亿元", "。", "\n", "\r\n", " ", "<br/>",
    "<span hidden>", "</span>", "<b>", "</b>", "<article>", "</article>", "<", ">", "&", "\"", "'",
]), max_size=40))
def test_visible_text_always_has_the_raw_length(parts):
    raw = "".join(parts)
    layout = parse_html(raw)
    assert len(layout.visible) == len(raw)
    # every visible non-space character is the raw character or a decoded reference
    for m in re.finditer(r"[^\s&“”]", layout.visible):
        assert raw[m.start()] == m.group(0) or raw[m.start()] == "&"


def test_layout_flags_mark_containers_links_and_the_article_root():
    raw = ("<body><nav><a href='/'>首页</a></nav><main><article><h1>标题</h1><p>正文<a href='/a'>链接</a></p>"
           "<aside>侧栏</aside><div class='hot-news'>热门</div></article></main><footer>页脚</footer></body>")
    layout = parse_html(raw)

    def flags_of(word):
        return int(layout.flags[raw.index(word)])

    assert flags_of("首页") & BOILERPLATE_CONTAINER and flags_of("首页") & LINK
    assert flags_of("正文") & CONTENT_ROOT and not flags_of("正文") & BOILERPLATE_CONTAINER
    assert flags_of("链接") & LINK
    assert flags_of("侧栏") & BOILERPLATE_CONTAINER
    assert flags_of("热门") & BOILERPLATE_CONTAINER
    assert flags_of("页脚") & BOILERPLATE_CONTAINER and not flags_of("页脚") & CONTENT_ROOT


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_html_rendering_of_a_seed_has_the_body_sentences_of_the_text_version():
    text_doc = load_document(str(SEED_001))
    html_doc = load_document(str(FIXTURE))
    assert html_doc.meta.format == "html"

    def body(doc):
        return [_compact(doc.visible[s.start:s.end]) for s in doc.sentences if s.zone == "body"]

    in_text, in_html = body(text_doc), body(html_doc)
    first = next(i for i, s in enumerate(in_text) if s.startswith("6月26日上午"))
    first_html = in_html.index(in_text[first])
    assert in_html[first_html:] == in_text[first:]  # the article, sentence by sentence
    # the header (headline, byline) in the HTML's own order; 最近访问 is a text-only nav line
    assert set(in_html[:first_html]) == set(in_text[:first]) - {"最近访问:"}
    for s in html_doc.sentences:
        assert len(html_doc.raw) >= s.end
    boiler = " ".join(_compact(html_doc.visible[s.start:s.end]) for s in html_doc.sentences if s.zone == "boilerplate")
    for furniture in ("52万次", "3000人在看", "2万亿元", "1.8万家", "500万元", "沪ICP备05006054号-11"):
        assert furniture in boiler
    for invisible in ("999亿元", "888亿元", "990亿元"):
        assert invisible not in html_doc.visible


def test_html_rendering_of_a_seed_gives_the_same_body_claims_with_offsets_into_the_html():
    quantities = pytest.importorskip("numcheck.claims.quantities")
    text_doc = load_document(str(SEED_001))
    html_doc = load_document(str(FIXTURE))

    def body_claims(doc):
        out = []
        for m in quantities.find_quantities(doc.norm):
            s = doc.sentence_at(m.start)
            if s is not None and s.zone == "body":
                q = m.quantity
                out.append((doc.raw[m.start:m.end], q.value, q.unit, q.qualifier, m.start, m.end))
        return out

    in_text, in_html = body_claims(text_doc), body_claims(html_doc)
    assert [c[:4] for c in in_html] == [c[:4] for c in in_text]
    assert len(in_html) >= 40
    for text, *_, start, end in in_html:
        assert html_doc.raw[start:end] == text  # offsets point into the HTML file
    # line/column follow the HTML file
    start = next(c[4] for c in in_html if c[0] == "984.9亿元")
    line, column = html_doc.line_col(start)
    source_line = html_doc.raw.splitlines()[line - 1]
    assert source_line[column - 1:column - 1 + 7] == "984.9亿元"


def test_html_metadata_from_meta_tags_and_h1():
    doc = load_document(str(FIXTURE))
    assert doc.meta.published == date(2025, 6, 26)
    assert doc.meta.published_time == "15:55:30"
    assert doc.meta.title == "武汉召开投资促进大会 148个项目签约总金额近千亿元"
    assert doc.meta.source == "东方财富网"


def test_traditional_page_without_article_element_uses_link_density_and_footer_cues():
    """seeds/003 as a typical portal page: no <article>, a link-only sidebar without telling class names."""
    quantities = pytest.importorskip("numcheck.claims.quantities")
    text_doc = load_document(str(SEED_003))
    html_doc = load_document(str(FIXTURE_003))

    def claims(doc, zone):
        out = []
        for m in quantities.find_quantities(doc.norm):
            s = doc.sentence_at(m.start)
            if s is not None and s.zone == zone:
                out.append((doc.raw[m.start:m.end], m.quantity.value, m.quantity.unit))
        return out

    assert claims(html_doc, "body") == claims(text_doc, "body")
    furniture = {c[0] for c in claims(html_doc, "boilerplate")}
    assert {"第3屆", "10億戶", "3%", "200億元", "30日", "兩周零三天", "41個"} <= furniture
    assert html_doc.meta.published == date(2025, 12, 1)
    assert html_doc.meta.source == "飛象網"
    assert html_doc.meta.language == "zh-Hant"


def test_page_wide_wrappers_named_like_furniture_do_not_hide_the_article():
    raw = ("<html><body class='has-sidebar'><div id='footer-wrapper'><h1>星岚科技营收412.6亿元</h1>"
           "<p>星岚科技3月28日晚间披露2024年年度报告，公司实现营业收入412.6亿元，同比增长15.3%，研发投入52.4亿元。</p>"
           "<p>公司表示，2025年将继续加大研发投入，海外收入占比有望提升至三成以上，并在东南亚新建两座工厂。</p>"
           "</div></body></html>")
    doc = load_document("x.html", data=raw.encode("utf-8"))
    assert {s.zone for s in doc.sentences} == {"body"}


def _as_paragraphs(raw: str) -> str:
    import html

    body = "\n".join(f"<p>{html.escape(line, quote=False)}</p>" for line in raw.split("\n"))
    return f"<html><head><title>t</title></head><body>\n{body}\n</body></html>"


@pytest.mark.parametrize("seed", sorted(p.name for p in SEED_001.parent.glob("*.txt")))
def test_each_seed_as_plain_paragraphs_keeps_its_sentences_and_zones(seed):
    """Markup alone (no structural cues) changes nothing: text cues work the same inside HTML."""
    raw = (SEED_001.parent / seed).read_text(encoding="utf-8")
    as_text = load_document(seed, data=raw.encode("utf-8"))
    as_html = load_document("x.html", data=_as_paragraphs(raw).encode("utf-8"))

    def zoned(doc):
        return [(_compact(doc.visible[s.start:s.end]), s.zone) for s in doc.sentences]

    assert zoned(as_html) == zoned(as_text)
    assert as_html.meta.published == as_text.meta.published
