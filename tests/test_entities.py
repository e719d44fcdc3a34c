"""claims/entities.py and claims/metrics.py helpers: mentions, names, references, metric words."""
from __future__ import annotations

import pytest

from numcheck.claims.cuefiles import load_data_file
from numcheck.claims.entities import (
    EntityContext,
    Gazetteer,
    Mention,
    canonical_org,
    canonical_place,
    find_mentions,
    learn_document_names,
    resolve_reference,
    tokenize,
)
from numcheck.claims.errors import ConfigError
from numcheck.claims.metrics import canonical_metric, metric_tokens


def mentions(text: str) -> list[tuple[str, str]]:
    return [(m.name, m.kind) for m in find_mentions(text, tokenize(text, hmm=True))]


def test_gazetteer_aliases_give_one_name():
    assert ("小米", "organization") in mentions("小米集团2024年研发投入超240亿元")
    assert ("中国", "place") in mentions("我国全社会研发投入超3.6万亿元")
    assert ("武汉", "place") in mentions("The plan for Wuhan")


def test_sub_entity_is_kept_whole():
    assert mentions("小米汽车交付超过50万辆")[0] == ("小米汽车", "organization")


def test_company_from_name_and_suffix():
    assert ("金山", "organization") in mentions("雷军出任金山软件公司总经理")  # legal form dropped
    assert canonical_org("小米科技") == "小米"


def test_known_place_before_an_industry_word_is_no_company():
    assert ("北京新能源", "organization") not in mentions("北京新能源汽车产量达31万辆")


def test_places_need_the_gazetteer_or_a_suffix():
    names = [n for n, k in mentions("人工智能与传统产业深度融合") if k == "place"]
    assert names == []
    assert canonical_place("武汉市") == "武汉"


def test_facility_with_owner_and_place():
    found = find_mentions("保伦电子华中总部投运即实现5亿元业务量", tokenize("保伦电子华中总部投运即实现5亿元业务量", hmm=True))
    assert found[0].name == "保伦电子华中总部" and found[0].kind == "facility"
    assert found[0].has_org and found[0].has_place


def test_quoted_event():
    text = "武汉召开“2025武汉投资促进大会”,大会共签约项目148个"
    kinds = [(m.name, m.kind) for m in find_mentions(text, tokenize(text, hmm=True))]
    assert ("2025武汉投资促进大会", "event") in kinds
    assert ("大会", "reference") in kinds


def test_document_names_map_short_forms_to_full_ones():
    norm = "嘉澜市出台行动方案。2024年,嘉澜人工智能核心产业规模为1260亿元。"
    names = learn_document_names(norm, [Mention(0, 4, "星岚科技", "organization", source="suffix")])
    assert names.table["嘉澜"] == ("嘉澜市", "place")
    assert names.table["星岚"] == ("星岚科技", "organization")
    # words and word tails are no places: 城市, 服务云市场
    assert "大城" not in learn_document_names("超大城市", []).table
    assert "务云" not in learn_document_names("算力服务云市场", []).table


@pytest.mark.parametrize("word, expect", [("该工厂", "小米武汉智能家电工厂"), ("该中心", "小米武汉研发中心"),
                                          ("当地", "武汉"), ("公司", "小米")])
def test_references_point_to_the_last_of_their_kind(word, expect):
    ctx = EntityContext(topic="武汉", topic_org="小米", topic_place="武汉")
    ctx.facilities = ["小米武汉智能家电工厂", "小米武汉研发中心"]
    ctx.last_of_kind = {"place": "武汉", "organization": "小米"}
    kinds = {"该工厂": "facility", "该中心": "facility", "当地": "place", "公司": "organization"}
    m = Mention(0, len(word), word, "reference", ref_kind=kinds[word])
    assert resolve_reference(m, ctx, word) == expect


def test_canonical_metric_merges_wordings_of_one_measure():
    assert canonical_metric("研发费用") == canonical_metric("研发支出") == canonical_metric("研发投入") == "研发投入"
    assert canonical_metric("大学生") == "在校大学生"
    assert canonical_metric("营收同比增长") == "营业收入增速"  # growth wordings compare as one rate
    # different measures stay apart
    assert canonical_metric("交付") != canonical_metric("整车下线")
    assert canonical_metric("产能") != canonical_metric("产量")


def test_metric_tokens_are_comparable_words():
    assert "研发投入" in metric_tokens("全年研发费用")
    assert metric_tokens("") == set()
    assert metric_tokens("地区生产总值") == metric_tokens("GDP")


def test_bad_gazetteer_names_file_and_key():
    with pytest.raises(ConfigError) as err:
        load_data_file("gazetteer.yaml", Gazetteer, text="places: {武汉: [武汉市]}\n")
    assert "gazetteer.yaml" in str(err.value) and "organizations" in str(err.value)


def test_shipped_data_files_load():
    from numcheck.claims.entities import gazetteer, references
    from numcheck.claims.metrics import lexicon
    from numcheck.claims.modality import cues as modality_cues
    from numcheck.claims.periods import cues as period_cues
    from numcheck.claims.subjects import scope_cues

    assert gazetteer().places and references() and lexicon().synonyms
    assert modality_cues().cues and period_cues().named_spans and scope_cues().subset


def test_product_with_a_model_code():
    assert ("星曜X2", "product") in mentions("云岭电子自主设计的手机处理器芯片星曜X2")
    assert not [n for n, k in mentions("9家企业跻身人工智能科技企业TOP50") if k == "product"]


def test_platform_is_a_facility_and_a_bare_one_is_not():
    assert ("云岭电子工业互联网平台", "facility") in mentions("云岭电子工业互联网平台已连接超过300家制造企业")
    assert not [n for n, k in mentions("宜州已建成155家国家级创新平台") if n == "平台"]


@pytest.mark.parametrize("text", [
    "小米集团2024年研发投入超240亿元", "The plan for Wuhan and Beijing, China", "Xiaomi在武汉与北京市设厂",
    "HONG KONG, April 29 (Reuters) - Midea Group reported", "阿里巴巴集团、字节跳动和腾讯控股",
])
def test_gazetteer_split_by_script_finds_what_one_pattern_finds(text):
    from numcheck.claims.entities import _gazetteer_hits, _gazetteer_index

    combined = [(m.start(), m.group(0)) for m in _gazetteer_index()[0].finditer(text)]
    assert [(m.start(), m.group(0)) for m in _gazetteer_hits(text)] == combined and combined
