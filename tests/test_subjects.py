"""assign_subjects on documents: the corpus files in tests/corpus/subjects/ and the interface.

Each corpus case is a short document with one number in it; the test builds the
QuantityMatch the grammar would produce for that number and checks one subject field.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from numcheck.claims.document import load_document
from numcheck.claims.subjects import assign_subjects
from numcheck.claims.types import QuantityMatch, SubjectInfo
from numcheck.schemas.models import Quantity

CORPUS = Path(__file__).parent / "corpus" / "subjects"


def make_match(doc, number: str, *, occurrence: int = 1, dimension: str = "count", unit: str = "count",
               counter: str | None = None):
    pos = -1
    for _ in range(occurrence):
        pos = doc.raw.index(number, pos + 1)
    q = Quantity(value=Decimal(1), low=Decimal(1), high=Decimal(1), unit=unit, dimension=dimension, counter=counter)
    return QuantityMatch(pos, pos + len(number), q, "test")


def subject_of(text: str, number: str, *, published=None, occurrence: int = 1, dimension: str = "count",
               unit: str | None = None, counter: str | None = None) -> SubjectInfo:
    if isinstance(published, str):
        published = date.fromisoformat(published)
    doc = load_document("case.txt", data=text.encode("utf-8"), published=published)
    if unit is None:
        unit = {"duration": "year", "rank": "rank", "ratio": "percent"}.get(dimension, "count")
    match = make_match(doc, number, occurrence=occurrence, dimension=dimension, unit=unit, counter=counter)
    [info] = assign_subjects(doc, [match])
    return info


def cases(name: str):
    data = yaml.safe_load((CORPUS / name).read_text(encoding="utf-8"))
    return [pytest.param(c, id=f"{c['number']}|{c['text'][:24]}") for c in data]


def _run(case) -> SubjectInfo:
    return subject_of(case["text"], str(case["number"]), published=case.get("published"),
                      occurrence=case.get("occurrence", 1), dimension=case.get("dimension", "count"),
                      unit=case.get("unit"), counter=case.get("counter"))


@pytest.mark.parametrize("case", cases("periods.yaml"))
def test_period_corpus(case):
    info = _run(case)
    expect = case["expect"]
    assert info.subject.period == (None if expect is None else str(expect)), info.evidence


@pytest.mark.parametrize("case", cases("modality.yaml"))
def test_modality_corpus(case):
    info = _run(case)
    assert info.modality == case["expect"], info.evidence


@pytest.mark.parametrize("case", cases("entities.yaml"))
def test_entity_corpus(case):
    info = _run(case)
    assert info.subject.entity == case["expect"], info.evidence


@pytest.mark.parametrize("case", cases("metrics.yaml"))
def test_metric_corpus(case):
    info = _run(case)
    assert info.subject.metric == case["expect"], info.evidence


def test_one_info_per_match_in_order():
    text = "2024年，武汉地区生产总值达到2.1万亿元。小米集团研发投入超240亿元。"
    doc = load_document("d.txt", data=text.encode(), published=date(2025, 6, 1))
    matches = [make_match(doc, "240亿元"), make_match(doc, "2.1万亿元")]
    infos = assign_subjects(doc, matches)
    assert [i.subject.entity for i in infos] == ["小米", "武汉"]
    assert infos[1].subject.period == "2024"
    assert assign_subjects(doc, []) == []


@pytest.mark.parametrize("text, part, expect", [
    ("据统计，云岭储能已投产基地合计年产能达到120GWh，2024年电池出货量86GWh。其中，宜州基地产能30GWh。", "30GWh", None),
    ("據統計，雲嶺儲能已投產基地合計年產能達到120GWh，2024年電池出貨量86GWh。其中，宜州基地產能30GWh。", "30GWh", None),
    ("2024年，云岭电子营业收入达到300亿元，同比增长12%。其中，海外收入120亿元。", "120亿元", "2024"),
])
def test_subset_takes_the_period_of_the_total_it_breaks_down(text, part, expect):
    """其中… continues the first figure of the sentence before (the total), not its last dated one."""
    doc = load_document("d.txt", data=text.encode(), published=date(2025, 5, 6))
    numbers = [n for n in ("120GWh", "86GWh", "300亿元", "12%", part) if n in text]
    infos = assign_subjects(doc, sorted((make_match(doc, n) for n in numbers), key=lambda m: m.start))
    assert infos[-1].subject.period == expect, infos[-1].evidence


def test_evidence_names_the_reason():
    info = subject_of("今年一季度，武汉地区GDP同比增长5.4%。", "5.4%", published="2025-06-26")
    assert "published 2025-06-26" in info.evidence["period"]
    assert "武汉" in info.evidence["entity"]


def test_subset_scope_for_qizhong():
    text = "6月26日，大会共签约项目148个、签约金额984.9亿元。其中，10亿元以上签约项目30个。"
    doc = load_document("d.txt", data=text.encode(), published=date(2025, 6, 26))
    infos = assign_subjects(doc, [make_match(doc, "148个"), make_match(doc, "30个")])
    assert infos[0].scope is None
    assert infos[1].scope == "subset"
    assert infos[1].subject.period == "2025-06"  # 其中 continues the sentence before it


def test_a_qizhong_part_of_another_measure_is_a_whole_of_its_own():
    # the total states revenue; 其中 goes on to the tax share and the tax: a measure no figure before
    # it states is no part of one, and meets other articles' figures of it
    text = "2024年全市一般公共预算收入812.6亿元。其中，税收收入603.7亿元，占一般公共预算收入的比重为74.3%。"
    doc = load_document("d.txt", data=text.encode(), published=date(2025, 3, 1))
    infos = assign_subjects(doc, [make_match(doc, "812.6亿元", dimension="money", unit="CNY"),
                                  make_match(doc, "603.7亿元", dimension="money", unit="CNY"),
                                  make_match(doc, "74.3%", dimension="ratio", unit="percent")])
    assert [i.scope for i in infos] == [None, None, None]
    # a part of the same measure stays a part (其中，10亿元以上签约项目30个 in the test above)


def test_changes_listed_with_fenbie_are_dated_as_their_figures():
    # 10月份…3,126万吨，1—10月累计…3.02亿吨，分别同比增长2.4%和1.9%: the month's change and the
    # ten months' change; 累计 over a window from the year's start says nothing more
    text = "华岳煤业10月经营数据\n该公司10月份实现原煤产量3,126万吨，1—10月累计原煤产量3.02亿吨，分别同比增长2.4%和1.9%。"
    doc = load_document("d.txt", data=text.encode(), published=date(2025, 11, 15))
    infos = assign_subjects(doc, [make_match(doc, "3,126万吨", dimension="mass", unit="metric_ton"),
                                  make_match(doc, "3.02亿吨", dimension="mass", unit="metric_ton"),
                                  make_match(doc, "2.4%", dimension="ratio", unit="percent"),
                                  make_match(doc, "1.9%", dimension="ratio", unit="percent")])
    assert [i.subject.period for i in infos] == ["2025-10", "2025-01..2025-10", "2025-10", "2025-01..2025-10"]
    assert [i.subject.concept for i in infos[2:]] == ["coal_output/growth"] * 2
    assert infos[3].subject.facets == {}


def test_boilerplate_sentences_do_not_become_context():
    # the headline-like line sets the topic; the answer must not come from nowhere
    info = subject_of("没有任何地名的句子里有3个数字。", "3个")
    assert info.subject.entity is None


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("武汉小米公司今年去年预计计划将目前其中该工厂，。;：2024年5%亿元万人第一 \n")),
               min_size=1, max_size=60), st.data())
def test_never_crashes_and_keeps_order(text, data):
    doc = load_document("h.txt", data=text.encode("utf-8"), published=date(2025, 6, 1))
    n = len(doc.raw)
    spans = sorted({(s, min(n, s + data.draw(st.integers(1, 4)))) for s in data.draw(
        st.lists(st.integers(0, max(0, n - 1)), max_size=5))})
    q = Quantity(value=Decimal(1), low=Decimal(1), high=Decimal(1), unit="count", dimension="count")
    matches = [QuantityMatch(s, e, q, "h") for s, e in spans if e > s]
    infos = assign_subjects(doc, matches)
    assert len(infos) == len(matches)
    for info in infos:
        assert info.modality in ("actual", "plan", "forecast", "target")
        assert info.subject.period is None or info.subject.period[:2] in ("19", "20")


def test_growth_wordings_of_one_measure_compare_as_one_rate():
    from numcheck.claims.metrics import canonical_metric

    rate = canonical_metric("营业收入同比增长")
    assert rate == canonical_metric("营业总收入按年增长") == canonical_metric("营收成长") == "营业收入增速"
    assert canonical_metric("归母净利润增长") != rate
    # average annual and period-on-period growth are other measures
    assert canonical_metric("营业收入年均增长") != rate
    assert canonical_metric("营业收入环比增长") != rate


def test_a_named_facility_in_a_qizhong_clause_is_no_subset():
    text = "公司已投产基地合计年产能达到210GWh。其中，楚湾基地一期产能40GWh，从开工到投产用时14个月。"
    doc = load_document("d.txt", data=text.encode(), published=date(2025, 5, 6))
    infos = assign_subjects(doc, [make_match(doc, "14个月", dimension="duration", unit="month")])
    assert infos[0].scope is None


@pytest.mark.parametrize("text", [
    "云岭召开投资促进大会 80个项目签约总金额近500亿元\n6月20日，“2025云岭投资促进大会”召开，大会共签约项目80个、签约金额486.2亿元。",
    "雲嶺召開投資促進大會 80個項目簽約總金額近500億元\n6月20日，「2025雲嶺投資促進大會」召開，大會共簽約項目80個、簽約金額486.2億元。",
])
def test_headline_signing_figures_are_the_events_with_its_date(text):
    doc = load_document("d.txt", data=text.encode(), published=date(2025, 6, 21))
    amount = "500亿元" if "500亿元" in text else "500億元"
    body = "486.2亿元" if "486.2亿元" in text else "486.2億元"
    infos = assign_subjects(doc, [make_match(doc, amount), make_match(doc, body)])
    assert [i.subject.entity for i in infos] == ["2025云岭投资促进大会"] * 2
    assert [i.subject.period for i in infos] == ["2025-06"] * 2


@pytest.mark.parametrize("text,base,rate,expect", [
    ("公司全年營收412.6億元人民幣，較2023年的357.8億元成長15.3%。", "412.6億元", "15.3%", "营业收入增长"),
    ("公司全年营收412.6亿元，较2023年的357.8亿元成长15.3%。", "412.6亿元", "15.3%", "营业收入增长"),
    ("海外收入占比达到42%，较上年提高3个百分点。", "42%", "3个百分点", "海外收入占比提高"),
    ("海外收入佔比達到42%，較上年提高3個百分點。", "42%", "3個百分點", "海外收入占比提高"),
    ("中欧班列可辐射亚欧大陆40个国家120个城市。", "40个", "120个", "城市数"),
])
def test_a_bare_change_takes_the_measure_named_before(text, base, rate, expect):
    doc = load_document("d.txt", data=text.encode(), published=date(2025, 4, 1))
    pct = rate.endswith("%") or "百分" in rate
    second = make_match(doc, rate, dimension="ratio", unit="percent") if pct else make_match(doc, rate)
    infos = assign_subjects(doc, [make_match(doc, base), second])
    assert infos[1].subject.metric == expect, infos[1].evidence


@pytest.mark.parametrize("text,count,figure,expect", [
    ("十大高精尖产业全部达到千亿级，其中3个产业规模更超万亿元。", "3个", "万亿元", "产业"),
    ("十大高精尖產業全部達到千億級，其中3個產業規模更超萬億元。", "3個", "萬億元", "产业"),
    ("云岭召开投资促进大会 80个项目签约总金额近500亿元", "80个", "500亿元", "项目签约"),
])
def test_a_counts_noun_stops_before_the_measure_of_the_next_figure(text, count, figure, expect):
    doc = load_document("d.txt", data=text.encode(), published=date(2025, 4, 1))
    infos = assign_subjects(doc, [make_match(doc, count), make_match(doc, figure)])
    assert infos[0].subject.metric == expect, infos[0].evidence



def test_a_company_measure_given_to_a_country_is_not_cross_checked():
    from numcheck.claims.document_subject import backdrop_with_company_measure

    assert backdrop_with_company_measure("中国", "gross_margin", {})
    assert backdrop_with_company_measure("China", "net_profit/growth", {})
    assert not backdrop_with_company_measure("中国", "gross_margin", {"segment": "汽车业务"})  # a segment says whose
    assert not backdrop_with_company_measure("中国", "gdp", {})  # a country's own measure
    assert not backdrop_with_company_measure("星岚科技", "gross_margin", {})
    # in a sentence: the margin's owner is not found, the country named beside it is no owner
    info = subject_of("中国毛利率为19.4%。", "19.4%", unit="percent", dimension="ratio")
    assert info.subject.entity == "中国" and info.subject.concept == "gross_margin"
    assert info.subject.confidence < 0.5 and "country or region" in info.subject.reason


@pytest.mark.parametrize(("text", "part", "total"), [
    ("某公司2024年度拟分红346.71亿元，叠加已落实的中期分红，年度分红额近647亿元。", "346.71亿元", "647亿元"),
    ("The company will pay a final dividend of 34.7 billion yuan, together with the interim payout "
     "bringing the total dividend to 64.7 billion yuan.", "34.7 billion yuan", "64.7 billion yuan"),
])
def test_a_figure_its_sentence_adds_to_others_is_a_part(text, part, total):
    import numcheck

    claims = {c.text: c for c in numcheck.extract([numcheck.Text("case.txt", text)])}
    assert claims[part].subject.concept == claims[total].subject.concept
    assert claims[part].scope == "subset" and claims[total].scope is None


def test_the_change_after_a_peers_figure_is_the_peers():
    # …同期竞争对手华屿置业合同销售1102亿元，同比下降25.6%: the change is the peer's, as its level is
    from numcheck.claims.pipeline import extract_path

    text = "澜庭控股2024年销售金额位居行业第9位；同期竞争对手华屿置业合同销售1102亿元，同比下降25.6%。"
    _, claims = extract_path("peer.txt", data=text.encode())
    by_text = {c.text: c.subject.entity for c in claims}
    assert by_text["1102亿元"] == by_text["25.6%"] == "华屿置业"
    assert by_text["第9位"] == "澜庭控股"
