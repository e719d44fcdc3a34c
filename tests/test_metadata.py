"""Document metadata: publication date and time, title, source."""
from __future__ import annotations

import json
from datetime import date

import pytest

from numcheck.claims.document import load_document
from numcheck.claims.errors import ConfigError
from numcheck.claims.cuefiles import load_data_file
from numcheck.claims.metadata import MetadataCues, find_full_dates, parse_iso_datetime


def test_seed_publication_dates_match_gold(shared_dir, seeds_dir):
    gold = json.loads((shared_dir / "gold" / "seeds.json").read_text(encoding="utf-8"))
    for path, expected in gold["doc_dates"].items():
        doc = load_document(str(seeds_dir.parent / path))
        assert str(doc.meta.published) == expected, path


@pytest.mark.parametrize("seed, time, title, source", [
    ("001_0185ecf0b5b28ccb.txt", "15:55:30", "武汉召开投资促进大会 148个项目签约总金额近千亿元", "第一财经"),
    ("004_c395a43979a95eec.txt", "08:47", "到2028年,人工智能产业规模超两千亿元", "Chang Jiang Ri Bao"),
    ("000_2da3e67e9d7d3bd4.txt", "04:20:49", "小米持续加码武汉,紧贴AI主线,互联网大厂着重布局江城", None),
    ("003_4daf552a251e0480.txt", None, "小米登上《人民日報》頭版,雷軍:小米堅持技術為本", None),
])
def test_seed_time_title_and_source(seeds_dir, seed, time, title, source):
    meta = load_document(str(seeds_dir / seed)).meta
    assert meta.published_time == time
    assert meta.title == title  # in the document's own script
    assert meta.source == source


def _meta(text: str):
    return load_document("x.txt", data=text.encode("utf-8")).meta


def test_cue_date_wins_over_later_stamps():
    meta = _meta("• 最近访问:\n发表于 2025-06-26 15:55:30 股吧网页版\n标题\n正文说明，营收增长了很多很多很多很多很多很多很多很多很多很多很多。\n"
                 "网友 2025-07-01 10:00\n")
    assert (meta.published, meta.published_time) == (date(2025, 6, 26), "15:55:30")


def test_byline_date_and_source_without_cue():
    meta = _meta("星岚科技：研发投入持续加码\n2025年3月31日　科技财经观察\n\n星岚科技最新年报显示，2024年公司研发投入达到52.4亿元，再创历史新高。\n")
    assert meta.published == date(2025, 3, 31)
    assert meta.source == "科技财经观察"
    assert meta.title == "星岚科技：研发投入持续加码"


def test_latest_stamp_line_when_the_header_has_no_date():
    meta = _meta("标题在这里\n正文第一段，内容足够长，说明项目总投资120亿元，设计年产能40GWh，从开工到投产仅用时14个月。\n"
                 "相关推荐\n别的新闻\n2025-11-30 08:00:00\n又一条\n2025-12-02 09:15:00\n")
    assert (meta.published, meta.published_time) == (date(2025, 12, 2), "09:15:00")


@pytest.mark.parametrize("body, expected", [
    # a whole-year figure for 2024 is reported in 2025 at the earliest
    ("12月1日，公司发文称，2024年，公司研发投入超240亿元，2020年以来增长48%，2025年前三季度新开130家门店。", date(2025, 12, 1)),
    # a target year says nothing about when the text was written
    ("3月5日，公司表示，到2028年营收将超过1000亿元，2024年1至9月营收增长5%。", date(2024, 3, 5)),
    ("HONG KONG, April 29 (Reuters) - Meida reported a 6.1% rise in first-quarter revenue. Overseas markets accounted for 42% of revenue in 2024.",
     date(2025, 4, 29)),
    # a year compared with ("up 14.8% from the same period in 2019.") dates nothing: no year guessed
    ("CANGLAN, May 6 (Wire) - Tourism revenue reached 48.62 billion yuan, up 14.8% from the same period in 2019.", None),
    # a window of a year ("in the first nine months of 2025,") is reported within that year
    ("CHENGDU, Oct 24 (Wire) - Generation rose 6.2% in the first nine months of 2025, the company said.",
     date(2025, 10, 24)),
    # a plan for a whole year ("aims to sell … in 2025.") is said before that year ends
    ("BEIJING, Aug 21 (Wire) - Huayue reported a 1.1% rise in first-half profit. Huayue aims to sell 130 million tonnes in 2025.",
     date(2025, 8, 21)),
])
def test_month_day_dateline_takes_its_year_from_the_text(body, expected):
    assert _meta("标题\n" + body + "\n").published == expected


def test_no_date_at_all_is_none():
    assert _meta("标题\n没有任何日期的正文内容，这里说明营收增长了很多很多很多很多很多很多很多。\n").published is None


def test_wire_dateline_source():
    meta = _meta("Chinese city of Jialan unveils plan\n\nBEIJING, Feb 21 (Reuters) - The city aims to grow its AI industry to more than 300 billion yuan by 2027.\n")
    assert meta.source == "Reuters"


@pytest.mark.parametrize("text, expected", [
    ("2025-06-26 15:55:30", (date(2025, 6, 26), "15:55:30")),
    ("2026-02-04T08:47:00+08:00", (date(2026, 2, 4), "08:47:00")),
    ("2025年12月02日", (date(2025, 12, 2), None)),
    ("2025/3/9", (date(2025, 3, 9), None)),
    ("Feb 21, 2025", (date(2025, 2, 21), None)),
    ("21 February 2025", (date(2025, 2, 21), None)),
    ("2025-13-40", (None, None)),
    ("2025..", (None, None)),
])
def test_date_forms(text, expected):
    assert parse_iso_datetime(text) == expected


def test_full_dates_are_found_with_offsets():
    text = "发布时间：2025-04-15 16:20　来源：杭湾新区"
    (start, end, d, t), = find_full_dates(text)
    assert text[start:end].startswith("2025-04-15") and d == date(2025, 4, 15) and t == "16:20"


def test_metadata_cue_file_errors_name_the_file_and_key():
    from pathlib import Path

    src = (Path(__file__).resolve().parent.parent / "claims" / "data" / "metadata.yaml").read_text(encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_data_file("metadata.yaml", MetadataCues, text=src.replace("  jan: 1\n", "  jan: 13\n"))
    assert "metadata.yaml" in str(err.value) and "english_months" in str(err.value)


def test_html_title_without_h1_drops_the_site_name():
    raw = ("<html><head><title>美达集团营收站上新台阶_家电产经网_门户</title>"
           "<meta property='og:published_time' content='2025-03-31T08:00:00+08:00'></head>"
           "<body><p>美达集团最新年报显示，2024年公司营业总收入达到1,049亿元，同比增长9.6%。</p></body></html>")
    meta = load_document("x.html", data=raw.encode("utf-8")).meta
    assert meta.title == "美达集团营收站上新台阶"
    assert (meta.published, meta.published_time) == (date(2025, 3, 31), "08:00:00")


def test_a_news_urls_date_is_the_publication_date_when_nothing_else_says() -> None:
    from numcheck.claims.document import load_document
    from numcheck.claims.metadata import date_in_url

    assert date_in_url("https://news.example.com/2024/0412/c123.html") == date(2024, 4, 12)
    assert date_in_url("https://news.example.com/a/2024-04-12/99.shtml") == date(2024, 4, 12)
    assert date_in_url("https://news.example.com/20240412/a.html") == date(2024, 4, 12)
    assert date_in_url("https://news.example.com/tag/2024/") is None  # a year alone dates nothing
    assert date_in_url("https://news.example.com/2024/1399/a.html") is None  # no such month
    page = ('<html><head><link rel="canonical" href="https://news.example.com/2024/0412/c1.html"></head>'
            "<body><p>星岚汽车4月交付7058辆。</p></body></html>")
    doc = load_document("p.html", data=page.encode())
    assert doc.meta.published == date(2024, 4, 12)
    claim = next(c for c in __import__("numcheck").extract([__import__("numcheck").Text("p.html", page)]))
    assert claim.subject.period == "2024-04" and claim.subject.concept == "deliveries"
