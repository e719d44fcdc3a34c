"""The conflict engine on gold claims (seeds, dev) and on small built cases: matching, periods,
severity, explanations, filtering, and the perturbation properties."""
from __future__ import annotations

import importlib.util
from collections import Counter
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rule_cases import build

from gold_claims import GOLD_SETS, gold_claims, gold_documents, gold_report, load_gold, precision_of

from numcheck.checker.compare import Interval, admitted, convert_factor, facing_ratio, unit_base
from numcheck.checker.config import Config, SeverityMargins
from numcheck.checker.engine import find_conflicts
from numcheck.schemas.models import Quantity, Report

SCORER = GOLD_SETS["seeds"][0].parent.parent / "tools" / "score.py"


def _scorer():
    if not SCORER.is_file():
        pytest.skip("../shared/tools/score.py not present")
    spec = importlib.util.spec_from_file_location("numcheck_score", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _score(name: str) -> dict:
    score = _scorer()
    gold_path, root = GOLD_SETS[name]
    report = gold_report(name)
    summary, _ = score.score_conflicts(score.Gold(gold_path, root), report.model_dump(mode="json"))
    return summary


# ---------------------------------------------------------------- gold acceptance


def test_seeds_gold_wuhan_conflict_found_without_false_positives():
    s = _score("seeds")
    assert s["found"] == 1 and s["gold_conflicts"] == 1  # x1; x2 is soft
    assert s["false_positives"] == 0 and s["hard_negative_false_positives"] == 0
    assert s["precision"] == 1.0


def test_dev_gold_f1():
    s = _score("dev")
    assert s["f1"] >= 0.90, s["miss_list"]
    assert s["hard_negative_false_positives"] <= 1, s["fp_list"]


def test_wuhan_explanation_reads_for_an_editor():
    report = gold_report("seeds")
    (x1,) = report.conflicts
    assert x1.code == "NC102" and x1.kind == "bound_violation"
    assert x1.subject.entity == "武汉" and x1.subject.metric == "在校大学生"
    text = x1.explanation
    for part in ("武汉 在校大学生", "more than 1,400,000 (超140万)", "1,350,000 (135万)", "seeds/000", "seeds/001",
                 "[1400000, ∞)", "do not overlap", "all claims undated", "259 days apart"):
        assert part in text, (part, text)
    # 3% gap (medium), undated and published 259 days apart: stated, never high; a person should look
    assert x1.severity == "medium"
    assert x1.match.key == "武汉|在校大学生|-|actual|count"
    assert {c.doc for c in x1.claims} == {"seeds/000_2da3e67e9d7d3bd4.txt", "seeds/001_0185ecf0b5b28ccb.txt"}
    Report.model_validate_json(report.model_dump_json())  # the report is valid on the wire


def test_corroborations_are_reported_apart():
    report = gold_report("dev")
    assert report.corroborations and all(c.code == "NC001" for c in report.corroborations)
    assert all(len({r.doc for r in c.claims}) >= 2 for c in report.corroborations)
    assert not {c.id for c in report.corroborations} & {c.id for c in report.conflicts}


def test_deterministic_output():
    a = gold_report("dev").model_dump(mode="json")
    b = gold_report("dev").model_dump(mode="json")
    assert a == b


# ---------------------------------------------------------------- behaviour on built cases

C = {"entity": "星岚科技", "metric": "扣非净利润", "period": "2024", "unit": "CNY"}


def _two(a: dict, b: dict, pub_a=None, pub_b=None):
    return {"documents": {
        "a.txt": {"published": pub_a, "claims": [{**C, **a}]},
        "b.txt": {"published": pub_b, "claims": [{**C, **b}]},
    }}


def _with_third(case, **claim):
    """The case with a third document, c.txt, stating one more claim."""
    case["documents"]["c.txt"] = {"claims": [{**C, **claim}]}
    return case


def _pairs_a_and_b(case) -> list:
    """The findings that set a.txt against b.txt."""
    return [f for f in _run(case)[0] if {x.doc for x in f.claims} >= {"a.txt", "b.txt"}]


def _run(case, config=None, new_docs=None):
    claims, docs = build(case)
    return find_conflicts(claims, docs, config or Config(), new_docs=new_docs)


def test_severity_follows_the_gap_and_the_configured_margins():
    far = _two({"text": "33.9亿元", "sentence": "扣非净利润33.9亿元。", "value": 3390000000},
               {"text": "36.2亿元", "sentence": "扣非净利润36.2亿元。", "value": 3620000000})
    near = _two({"text": "33.9亿元", "sentence": "扣非净利润33.9亿元。", "value": 3390000000},
                {"text": "34.2亿元", "sentence": "扣非净利润34.2亿元。", "value": 3420000000})
    (c,), _ = _run(far)
    assert c.severity == "high"
    (c,), _ = _run(near)  # [33.85, 33.95] vs [34.15, 34.25]: a 0.6% gap
    assert c.severity == "low" and "near the boundary" in c.explanation
    strict = Config(severity=SeverityMargins(low_below=Decimal("0.001"), high_above=Decimal("0.5")))
    (c,), _ = _run(far, strict)
    assert c.severity == "medium"


def test_a_figure_repeated_by_many_documents_is_compared_once_with_the_same_findings():
    # evaluate compares claims of one interval together (_by_interval_value): every document that
    # repeats the figure is still on its side of the conflict, with the gap of the two figures
    stated = {"text": "36.2亿元", "sentence": "扣非净利润36.2亿元。", "value": 3620000000}
    other = {"text": "33.9亿元", "sentence": "扣非净利润33.9亿元。", "value": 3390000000}
    alone = _two(stated, other)
    many = _two(stated, other)
    for k in range(6):  # the same interval, the value written with another exponent in some
        value = Decimal("3.62E+9") if k % 2 else 3620000000
        many["documents"][f"c{k}.txt"] = {"claims": [{**C, **stated, "value": value}]}
    (one,), _ = _run(alone)
    (conflict,), _ = _run(many)
    assert sorted(c.doc for c in conflict.claims) == ["a.txt", "b.txt", *(f"c{k}.txt" for k in range(6))]
    assert conflict.severity == one.severity == "high"
    assert conflict.explanation.split(" — ")[-1] == one.explanation.split(" — ")[-1]  # intervals and gap


def test_new_docs_keeps_only_findings_that_touch_them():
    case = _two({"text": "33.9亿元", "sentence": "扣非净利润33.9亿元。", "value": 3390000000},
                {"text": "36.2亿元", "sentence": "扣非净利润36.2亿元。", "value": 3620000000})
    case["documents"]["c.txt"] = {"claims": [{**C, "text": "40亿元", "sentence": "扣非净利润40亿元。",
                                              "value": 4000000000, "period": "2023"}]}
    assert len(_run(case)[0]) == 1
    assert len(_run(case, new_docs={"b.txt"})[0]) == 1
    assert _run(case, new_docs={"c.txt"}) == ([], [])


def test_boilerplate_is_checked_only_when_configured():
    case = _two({"text": "33.9亿元", "sentence": "相关阅读：扣非净利润33.9亿元", "value": 3390000000,
                 "zone": "boilerplate"},
                {"text": "36.2亿元", "sentence": "扣非净利润36.2亿元。", "value": 3620000000})
    assert _run(case)[0] == []
    assert len(_run(case, Config(include_boilerplate=True))[0]) == 1


def test_metric_containment_with_neutral_words_matches_loosely():
    case = _two({"text": "148个", "sentence": "大会签约项目148个。", "value": 148, "unit": "count",
                 "entity": "投资大会", "metric": "签约项目", "period": "2025-06"},
                {"text": "158个", "sentence": "签约项目总数158个。", "value": 158, "unit": "count",
                 "entity": "投资大会", "metric": "签约项目总数", "period": "2025-06"})
    (c,), _ = _run(case)
    assert "签约项目 ~ 签约项目总数" in c.match.reason and "总数" in c.match.reason
    assert c.severity == "medium" and "metric matched loosely" in c.explanation


def test_metric_with_a_narrowing_word_does_not_match():
    case = _two({"text": "140万", "sentence": "武汉拥有超140万大学生。", "value": 1400000, "qualifier": "more_than",
                 "unit": "count", "entity": "武汉", "metric": "大学生", "period": None},
                {"text": "30万人", "sentence": "每年新增留汉大学生30万人。", "value": 300000, "unit": "count",
                 "entity": "武汉", "metric": "每年新增留汉大学生", "period": None})
    assert _run(case)[0] == []


def test_undated_claim_meets_the_single_dated_period_its_own_document_speaks_of():
    case = _two({"text": "33.9亿元", "sentence": "扣非净利润33.9亿元。", "value": 3390000000, "period": None},
                {"text": "36.2亿元", "sentence": "2024年扣非净利润36.2亿元。", "value": 3620000000},
                pub_a="2025-04-01")
    # its document dates nothing: the undated figure may be any period's
    assert _run(case)[0] == []
    # its document dates another claim to 2024: the undated figure is read as 2024's
    case["documents"]["a.txt"]["claims"].append({**C, "text": "12.5%", "sentence": "2024年毛利率12.5%。",
                                                 "metric": "毛利率", "value": 12.5, "unit": "percent"})
    (c,), _ = _run(case)
    assert c.severity == "low" and "one claim has no period" in c.explanation
    assert _run(case, Config(undated_against_dated=False))[0] == []
    # a document about 2023 only does not make its undated figure 2024's
    case["documents"]["a.txt"]["claims"][1]["period"] = "2023"
    assert _run(case)[0] == []
    case["documents"]["a.txt"]["claims"][1]["period"] = "2024"
    # a snapshot published years after the dated period does not describe it
    case["documents"]["a.txt"]["published"] = "2029-01-01"
    assert _run(case)[0] == []
    # a quarter of a year the text does not say (第二季度 in an undated article) is no whole period
    case["documents"]["a.txt"]["claims"][0]["evidence"] = {"period": "第二季度 -> undated"}
    assert _run(case)[0] == []
    del case["documents"]["a.txt"]["claims"][0]["evidence"]
    # with two dated periods in view, an undated figure may mean either: no finding
    case["documents"]["a.txt"]["published"] = "2025-04-01"
    case["documents"]["c.txt"] = {"claims": [{**C, "text": "30亿元", "sentence": "2023年扣非净利润30亿元。",
                                              "value": 3000000000, "period": "2023"}]}
    assert _run(case)[0] == []


def test_a_window_of_an_unsaid_year_meets_the_one_dated_window_of_its_subject():
    # an undated article's 三季度 against the one dated third quarter in view: low, and said why
    case = _two({"text": "530万吨", "sentence": "三季度粗钢产量约530万吨。", "value": 5300000, "unit": "metric_ton",
                 "period": None, "evidence": {"period": "三季度 -> undated"}, "qualifier": "approx"},
                {"text": "492万吨", "sentence": "2025年第三季度粗钢产量492万吨。", "value": 4920000, "unit": "metric_ton",
                 "period": "2025-Q3"})
    (c,), _ = _run(case)
    assert c.severity == "low" and "year is not stated" in c.explanation
    # the first half is no third quarter
    case["documents"]["b.txt"]["claims"][0]["period"] = "2025-H1"
    assert _run(case)[0] == []
    # two dated third quarters in view: the unsaid year may be either
    case["documents"]["b.txt"]["claims"][0]["period"] = "2025-Q3"
    case["documents"]["c.txt"] = {"claims": [{**C, "text": "470万吨", "sentence": "2024年第三季度粗钢产量470万吨。",
                                              "value": 4700000, "unit": "metric_ton", "period": "2024-Q3"}]}
    found = [f for f in _run(case)[0] if any(x.doc == "a.txt" for x in f.claims)]
    assert found == []


def test_a_coined_name_alone_is_the_one_longer_name_with_its_business():
    # 星幕 in one article, 星幕视频 in another: one company, when the set holds one such longer name
    case = _two({"text": "1.1亿", "sentence": "星幕付费会员数1.1亿。", "value": 110000000, "unit": "count",
                 "entity": "星幕", "metric": "付费会员数"},
                {"text": "1.25亿", "sentence": "星幕视频付费会员数1.25亿。", "value": 125000000, "unit": "count",
                 "entity": "星幕视频", "metric": "付费会员数"})
    (c,), _ = _run(case)
    assert c.code == "NC101"
    # a set that also writes 星幕集团: 星幕 is the group, not its video business
    case["documents"]["c.txt"] = {"claims": [{**C, "text": "0.9亿", "sentence": "星幕集团付费会员数0.9亿。", "value": 90000000,
                                              "unit": "count", "entity": "星幕集团", "metric": "付费会员数"}]}
    assert not [f for f in _run(case)[0] if {x.doc for x in f.claims} >= {"a.txt", "b.txt"}]
    # two longer names with a business (星幕视频, 星幕游戏): which one the short name means is unsaid
    case["documents"]["c.txt"]["claims"][0]["entity"] = "星幕游戏"
    assert not [f for f in _run(case)[0] if {x.doc for x in f.claims} >= {"a.txt", "b.txt"}]
    # a name the dictionary knows (小米) is never joined to a longer one (小米汽车 is another company)
    del case["documents"]["c.txt"]
    for doc, name in (("a.txt", "小米"), ("b.txt", "小米汽车")):
        case["documents"][doc]["claims"][0]["entity"] = name
    assert _run(case)[0] == []


def test_a_short_name_whose_business_words_the_full_name_holds_in_order_is_that_company():
    # 芯衡装备 in one article, 芯衡半导体装备 in another: the short form leaves 半导体 out
    case = _two({"text": "86.4亿元", "sentence": "芯衡装备上半年新签订单86.4亿元。", "value": 8640000000, "unit": "CNY",
                 "entity": "芯衡装备", "metric": "新签订单"},
                {"text": "68.4亿元", "sentence": "芯衡半导体装备上半年新签订单68.4亿元。", "value": 6840000000,
                 "unit": "CNY", "entity": "芯衡半导体装备", "metric": "新签订单"})
    (c,), _ = _run(case)
    assert c.code == "NC101"
    # business words that are not the longer name's (美达汽车, 美达集团): two companies
    for doc, name in (("a.txt", "芯衡汽车"), ("b.txt", "芯衡集团")):
        case["documents"][doc]["claims"][0]["entity"] = name
    assert _run(case)[0] == []


def test_an_english_name_with_its_line_of_business_is_the_coined_chinese_name():
    # 绿驰 in a Chinese article, Lvchi Charging in an English one: one company
    case = _two({"text": "9.87亿千瓦时", "sentence": "10月，绿驰充电量9.87亿千瓦时。", "value": 987000000,
                 "unit": "kilowatt_hour", "entity": "绿驰", "metric": "充电量"},
                {"text": "897 million kilowatt-hours", "sentence": "Lvchi Charging said its charging volume reached "
                 "897 million kilowatt-hours.", "value": 897000000, "unit": "kilowatt_hour", "entity": "Lvchi Charging",
                 "metric": "充电量"})
    (c,), _ = _run(case)
    assert c.code == "NC101"
    # a set whose Chinese side writes another business of that name (绿驰地产): 绿驰 is that one, and
    # the English charging company is neither
    _with_third(case, text="5亿千瓦时", sentence="绿驰地产充电量5亿千瓦时。", value=500000000,
                unit="kilowatt_hour", entity="绿驰地产", metric="充电量")
    assert not _pairs_a_and_b(case)


def test_periods_written_differently_are_one_period():
    case = _two({"text": "5.4%", "sentence": "一季度收入增长5.4%。", "value": 5.4, "unit": "percent", "period": "2025-Q1"},
                {"text": "6.1%", "sentence": "Q1 revenue rose 6.1%.", "value": 6.1, "unit": "percent", "period": "2025Q1"})
    (c,), _ = _run(case)
    assert c.subject.period in ("2025-Q1", "2025Q1") and c.code == "NC101"


@pytest.mark.parametrize("months, named", [("2025-01..2025-06", "2025-H1"), ("2025-01..2025-03", "2025-Q1"),
                                           ("2025-07..2025-09", "2025Q3"), ("2025-01..2025-12", "2025")])
def test_months_that_make_a_quarter_a_half_or_the_year_are_that_window(months, named):
    # 1—6月 / the first six months and 上半年 / H1 name one window
    case = _two({"text": "5.4%", "sentence": "1—6月收入增长5.4%。", "value": 5.4, "unit": "percent", "period": months},
                {"text": "6.1%", "sentence": "H1 revenue rose 6.1%.", "value": 6.1, "unit": "percent", "period": named})
    (c,), _ = _run(case)
    assert c.code == "NC101"
    # the first nine months are no quarter
    case["documents"]["a.txt"]["claims"][0]["period"] = "2025-01..2025-09"
    assert _run(case)[0] == []


def test_currencies_are_never_compared_without_rates():
    case = _two({"text": "10亿元", "sentence": "营收10亿元。", "value": 1000000000},
                {"text": "10亿美元", "sentence": "营收10亿美元。", "value": 1000000000, "unit": "USD"})
    assert _run(case) == ([], [])


# ---------------------------------------------------------------- perturbation properties

def _consistent_dev_claims():
    """Dev gold claims outside the planted conflicts: together they contain no conflict."""
    gold, root = load_gold("dev")
    in_conflicts = {k for g in gold["conflicts"] for k in g["claims"]}
    claims = [c for c in gold_claims(gold, root)
              if not any(c.doc == g["doc"] and c.span.start == g["start"] for k, g in
                         ((g["key"], g) for g in gold["claims"]) if k in in_conflicts)]
    return claims, gold_documents(gold, root)


DEV_CLAIMS, DEV_DOCS = _consistent_dev_claims()


def _partnered(claims):
    """Exact claims whose subject (entity, metric, period, modality, unit) another document states
    as a figure too, and their own document states once: a change of 15% must then break the
    agreement (a bare bound need not). (A document that would state both the old and the changed
    figure speaks, for the engine, of two quantities its subject does not tell apart.)"""
    def key(c):
        return (c.subject.entity, c.subject.metric, c.subject.period, c.modality, c.quantity.unit)

    figures, stated = {}, Counter()
    for c in claims:
        if c.zone == "body" and c.quantity.value and c.quantity.qualifier in ("exact", "approx", "nearly"):
            figures.setdefault(key(c), set()).add(c.doc)
        if c.quantity.value:
            stated[key(c), c.doc] += 1
    return [i for i, c in enumerate(claims)
            if c.zone == "body" and c.quantity.qualifier == "exact" and c.quantity.value
            and len(figures.get(key(c), set()) - {c.doc}) >= 1 and stated[key(c), c.doc] == 1]


PARTNERED = _partnered(DEV_CLAIMS)


def test_base_of_the_perturbation_properties_is_conflict_free():
    assert len(PARTNERED) >= 10
    assert find_conflicts(DEV_CLAIMS, DEV_DOCS, Config())[0] == []


def _equal_rewrites(text: str, value: Decimal) -> list[str]:
    """Surface forms of the same value: digits written out, thousands separators, traditional script."""
    import opencc

    unit_word = text.lstrip("0123456789.,").lstrip("万亿萬億")
    forms = [opencc.OpenCC("s2t").convert(text)]
    if value == value.to_integral_value():
        whole = int(value)
        forms.append(f"{whole:,}{unit_word.replace('亿', '').replace('億', '').replace('万', '')}")
        forms.append(f"{whole}{unit_word.replace('亿', '').replace('億', '').replace('万', '')}")
    return forms


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(PARTNERED), st.data())
def test_equal_surface_rewrites_give_no_conflict(index, data):
    claim = DEV_CLAIMS[index]
    value = claim.quantity.value
    new_text = data.draw(st.sampled_from(_equal_rewrites(claim.text, value)))
    rewritten = claim.model_copy(update={
        "text": new_text,
        "quantity": claim.quantity.model_copy(update={"precision": precision_of(new_text, value)}),
    })
    claims = [*DEV_CLAIMS[:index], rewritten, *DEV_CLAIMS[index + 1:]]
    assert find_conflicts(claims, DEV_DOCS, Config())[0] == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(PARTNERED),
       # from 15% off up to (not beyond) the factor at which figures count as different quantities
       st.one_of(st.decimals(min_value=Decimal("1.15"), max_value=Decimal("2.5"), places=2),
                 st.decimals(min_value=Decimal("0.4"), max_value=Decimal("0.85"), places=2)))
def test_changing_one_definite_value_by_15_percent_gives_exactly_one_conflict(index, factor):
    claim = DEV_CLAIMS[index]
    q = claim.quantity
    changed = claim.model_copy(update={
        "id": "changed",
        "quantity": q.model_copy(update={"value": q.value * factor, "low": q.value * factor,
                                         "high": q.value * factor}),
    })
    claims = [*DEV_CLAIMS[:index], changed, *DEV_CLAIMS[index + 1:]]
    conflicts, _ = find_conflicts(claims, DEV_DOCS, Config())
    assert len(conflicts) == 1, [c.explanation for c in conflicts]
    assert "changed" in {r.id for r in conflicts[0].claims}


# ---------------------------------------------------------------- scale


def _bench():
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    import engine_scale

    return engine_scale


def test_cost_grows_about_linearly():
    import time

    synthetic = _bench().synthetic
    timings = {}
    for n in (5_000, 20_000):
        claims, docs = synthetic(n)
        find_conflicts(claims[:100], docs, Config())  # warm caches (pint registry, lexicons)
        runs = []
        for _ in range(2):  # the best of two: other processes share the cores
            t0 = time.perf_counter()
            find_conflicts(claims, docs, Config())
            runs.append(time.perf_counter() - t0)
        timings[n] = min(runs)
    # 4x the claims may cost at most ~8x the time (all-pairs would be 16x); shared CI cores are noisy
    assert timings[20_000] < 8 * timings[5_000] + 0.5, timings


@pytest.mark.slow
def test_a_large_corpus_stays_fast():
    import time

    claims, docs = _bench().synthetic(100_000)
    t0 = time.process_time()  # CPU time: other processes on shared cores do not count
    conflicts, corroborations = find_conflicts(claims, docs, Config())
    elapsed = time.process_time() - t0
    assert conflicts and corroborations
    # about 7.5 CPU s here, in the worst case where every claim shares its subject with others
    assert elapsed < 20, elapsed


def test_the_different_quantity_ratio_is_configurable():
    case = _two({"text": "5.24亿元", "sentence": "扣非净利润5.24亿元。", "value": 524000000},
                {"text": "36.2亿元", "sentence": "扣非净利润36.2亿元。", "value": 3620000000})
    assert _run(case)[0] == []
    (c,), _ = _run(case, Config(different_quantity_ratio=Decimal(0)))
    assert c.code == "NC101" and c.severity == "high"


def test_extra_lexicon_folders_extend_the_matching_words(tmp_path):
    from numcheck.checker.match import lexicon

    case = _two({"text": "148个", "sentence": "大会签约项目148个。", "value": 148, "unit": "count",
                 "entity": "投资大会", "metric": "签约项目", "period": "2025-06"},
                {"text": "158个", "sentence": "累计签约项目158个。", "value": 158, "unit": "count",
                 "entity": "投资大会", "metric": "累计签约项目", "period": "2025-06"})
    assert _run(case)[0] == []  # 累计 narrows a measure: not neutral by default
    (tmp_path / "matching.yaml").write_text("neutral_metric_words: [累计]\n", encoding="utf-8")
    config = Config(lexicon_dirs=[tmp_path])
    try:
        (c,), _ = _run(case, config)
        assert "累计" in c.match.reason
    finally:
        _run(case)  # back to the bundled lexicon for the other tests
    assert "累计" not in lexicon().neutral_metric_words


# ---------------------------------------------------------------- interval logic (compare.py)



def _q(value, qualifier="exact", unit="CNY", precision=None, low=None, high=None):
    v = None if value is None else Decimal(str(value))
    return Quantity(value=v, low=low, high=high, unit=unit, dimension="x", qualifier=qualifier,
                    precision=None if precision is None else Decimal(str(precision)))


@pytest.mark.parametrize("a, b, factor", [
    ("year", "month", Decimal(12)),              # 1.5年 = 18个月
    ("kilometer", "meter", Decimal(1000)),       # 公里/千米 -> kilometer
    ("square_kilometer", "square_meter", Decimal(10) ** 6),
    ("hour", "minute", Decimal(60)),
    ("times", "percent", Decimal(100)),          # N倍 = N x 100 percent
    ("petaflops", "exaflops", Decimal("0.001")),
])
def test_units_convert_within_a_family(a, b, factor):
    assert convert_factor(a, b) == factor


@pytest.mark.parametrize("a, b", [("CNY", "USD"), ("count", "percent"), ("rank", "count"), ("month", "meter"),
                                  ("percent", "percentage_point"), ("degree_Celsius", "kilometer")])
def test_different_families_never_compare(a, b):
    assert convert_factor(a, b) is None
    assert unit_base(a).family != unit_base(b).family


def test_admitted_intervals_follow_the_qualifiers():
    config = Config()
    # 2.1万亿 admits [2.05, 2.15]万亿: half the last written digit
    assert admitted(_q(2.1e12, precision=1e11), config) == Interval(Decimal("2.05e12"), Decimal("2.15e12"))
    # a round figure moves at most rounding_cap: 两千亿 (step 1000亿) -> +-5%
    assert admitted(_q(2e11, precision=1e11), config) == Interval(Decimal("1.9e11"), Decimal("2.1e11"))
    # 约15 -> +-5%; 近千亿 -> [950亿, 1000亿]
    assert admitted(_q(15, "approx", "EFLOPS", precision=1), config) == Interval(Decimal("14.25"), Decimal("15.75"))
    assert admitted(_q(1e11, "nearly", precision=1e11), config) == Interval(Decimal("9.5e10"), Decimal("1e11"))
    # bounds are not widened by rounding: 超140万 admits 145万, not 135万
    assert admitted(_q(1.4e6, "more_than", "count", precision=1e4), config) == Interval(Decimal("1.4e6"), None)
    assert admitted(_q(10, "at_most", "rank"), config) == Interval(None, Decimal(10))
    # ranges as written; whole counts written to the unit are exact
    assert admitted(_q(None, "range", "year", low=Decimal(3), high=Decimal(5)), config) == Interval(Decimal(3), Decimal(5))
    assert admitted(_q(148, unit="count", precision=1), config) == Interval(Decimal(148), Decimal(148))
    # tolerances come from the configuration
    wide = Config(approx_tolerance=Decimal("0.2"))
    assert admitted(_q(15, "approx", "EFLOPS", precision=1), wide) == Interval(Decimal(12), Decimal(18))


def test_the_value_not_the_extractors_widened_bounds_is_widened():
    """Quantity.low/high may already include rounding: rebuilding from the value widens once."""
    widened = _q(2.1e12, precision=1e11, low=Decimal("2.05e12"), high=Decimal("2.15e12"))
    assert admitted(widened, Config()) == Interval(Decimal("2.05e12"), Decimal("2.15e12"))


def test_facing_ratio():
    assert facing_ratio(Interval(Decimal(1), Decimal(2)), Interval(Decimal(8), None)) == 4
    assert facing_ratio(Interval(Decimal(8), None), Interval(Decimal(1), Decimal(2))) == 4
    assert facing_ratio(Interval(Decimal(1), Decimal(9)), Interval(Decimal(8), None)) is None  # overlap
    assert facing_ratio(Interval(Decimal(-5), Decimal(-5)), Interval(Decimal(3), Decimal(3))) is None


def test_a_borrowed_entity_is_stated_and_caps_severity():
    case = {"documents": {
        "a.txt": {"claims": [
            {**C, "text": "412.6亿元", "sentence": "星岚科技营业收入412.6亿元。", "value": 41260000000, "metric": "营业收入"},
            {**C, "text": "52.4亿元", "sentence": "星岚科技研发投入52.4亿元。", "value": 5240000000, "metric": "研发投入"},
            {**C, "text": "36.2亿元", "sentence": "扣非净利润36.2亿元。", "value": 3620000000, "entity": None}]},
        "b.txt": {"claims": [{**C, "text": "33.9亿元", "sentence": "扣非净利润33.9亿元。", "value": 3390000000}]},
    }}
    (c,), _ = _run(case)
    assert c.severity == "medium"  # a 6% gap would be high with the entity stated
    assert "entity not stated in a.txt; taken from the document" in c.explanation


def test_metric_containment_needs_every_word_including_chinese_ones():
    from numcheck.checker.match import _contained_pairs

    pairs = {(a, b) for a, b, _ in _contained_pairs(
        ["total growth", "营业收入 growth", "revenue", "total revenue", "大学生", "在校大学生", "净利润", "归母净利润",
         "产值", "年产值", "累计签约项目", "签约项目"])}
    assert pairs == {("revenue", "total revenue"), ("大学生", "在校大学生"), ("产值", "年产值")}


def test_measure_words_of_one_thing_compare_and_others_do_not():
    from numcheck.checker.match import counter_class

    assert counter_class("床") == counter_class("张")  # hospital beds: 6.8万床 and 6.12万张
    assert counter_class("人") == counter_class("名")
    assert counter_class("床") != counter_class("人") and counter_class("套") != counter_class("张")


def test_extraction_records_the_periods_its_document_speaks_of():
    from numcheck.claims.pipeline import extract_path
    meta, _ = extract_path("a.txt", data="2024年营收120亿元，2023年营收100亿元，研发人员3000人。".encode())
    assert meta.periods == ["2023", "2024"]
    meta, _ = extract_path("b.txt", data="营收120亿元，研发人员3000人。".encode())
    assert meta.periods == []


def test_a_segment_named_with_or_without_a_neutral_ending_is_one_segment():
    import numcheck

    a = numcheck.Text("a.txt", "泰屹保险2025年寿险业务保费收入2415.3亿元，财产险业务保费收入1227.5亿元。")
    b = numcheck.Text("b.txt", "泰屹保险2025年寿险保费收入2451.3亿元。")
    c = numcheck.Text("c.txt", "泰屹保险2025年财产险保费收入1227.5亿元。")
    report = numcheck.check([a, b, c], config=Config())
    assert [sorted(claim.text for claim in f.claims) for f in report.conflicts] == [["2415.3亿元", "2451.3亿元"]]


def test_a_document_contradicts_itself_only_with_figures_its_own_sentences_date():
    import numcheck

    carried = "翔鹭航空2025年年报盘点\n\n一、核心指标\n营业收入：1682.5亿元\n\n二、经营情况\n2025年，翔鹭航空营业收入1849.7亿元。\n"
    stated = "翔鹭航空2025年年报盘点\n\n2024年，翔鹭航空营业收入1682.5亿元。\n2024年，翔鹭航空营业收入1849.7亿元。\n"
    # the first figure's year is the article's, carried from its headline: no self-contradiction
    assert numcheck.check([numcheck.Text("a.txt", carried)], config=Config()).conflicts == []
    [finding] = numcheck.check([numcheck.Text("b.txt", stated)], config=Config()).conflicts
    assert finding.code == "NC104"


def test_two_digits_swapped_are_one_figure_misprinted_not_two_quantities():
    # 71.2% vs 17.2%: over three times apart, yet the same digits with two swapped: a slip of one figure
    case = _two({"text": "71.2%", "sentence": "1—10月交付量同比增长71.2%。", "value": 71.2, "unit": "percent",
                 "metric": "交付量增速"},
                {"text": "17.2%", "sentence": "1至10月交车年增17.2%。", "value": 17.2, "unit": "percent",
                 "metric": "交付量增速"})
    (c,), _ = _run(case)
    assert c.code == "NC101"
    # other digits as far apart are two quantities under one label (a segment's and the total's)
    case["documents"]["b.txt"]["claims"][0].update(text="15.2%", value=15.2, sentence="1至10月交车年增15.2%。")
    assert _run(case)[0] == []


def _growth_of(name: str, value: float) -> dict:
    return {"text": f"{value}%", "sentence": f"{name}归母净利润同比增长{value}%。", "value": value,
            "unit": "percent", "entity": name, "metric": "归母净利润增速"}


def test_an_abbreviation_of_a_bank_is_that_bank():
    # 汀银 in one article, 汀州银行 in another: the name's first character and its ending's, in order
    case = _two(_growth_of("汀州银行", 8.05), _growth_of("汀银", 8.5))
    (c,), _ = _run(case)
    assert c.code == "NC101"
    # two banks it could abbreviate (汀州银行, 汀安银行): which one is unsaid
    _with_third(case, **_growth_of("汀安银行", 6.1))
    assert not _pairs_a_and_b(case)
