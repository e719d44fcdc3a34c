"""Entity keys across scripts (claims/entity_keys.py) and their use by the conflict engine.

English names of Chinese cities and companies are pinyin romanisations: 美达集团 and Meida Group
share the key "meida". The engine uses the key only when one side is English: two Chinese names
with one reading, and a scoped entity against the whole, stay apart.
"""
from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rule_cases import build

from numcheck.checker.config import Config
from numcheck.checker.engine import find_conflicts
from numcheck.claims.cuefiles import load_data_file
from numcheck.claims.entity_keys import EntitySuffixes, entity_key
from numcheck.claims.errors import ConfigError

SAME = [
    ("美达集团", "Meida Group"),
    ("嘉澜市", "Jialan"),
    ("嘉澜市", "the eastern Chinese city of Jialan"),
    ("武汉", "Wuhan"),
    ("武汉市", "Wuhan City"),
    ("星岚科技", "Xinglan Technology Co., Ltd."),
    ("西安", "Xi'an"),
    ("美達集團", "Meida Group"),  # traditional script
    ("美达集团股份有限公司", "Meida Holdings"),
    ("宁川省", "Ningchuan Province"),
    ("宁川栖霞国际机场", "Ningchuan Qixia International Airport"),  # 国际 is translated, not romanised
    ("桔川视频", "Juchuan Video"),  # business lines translated: video, heavy industry, dairy
    ("沧岭重工", "Cangling Heavy Industry"),
    ("澜川乳品", "Lanchuan Dairy"),
    ("渚岭牧业", "Zhuling Husbandry"),
    ("鹊川网络", "Quechuan Network"),
    ("溯岭水电", "Suling Hydropower"),
    ("鹊川網路", "Quechuan Network"),  # Taiwan writes 網路 (OpenCC: 网路) for 网络
    ("翎川文旅", "Lingchuan Culture & Tourism"),  # a business phrase of two words, joined by &
    ("翎川文旅", "Lingchuan Culture and Tourism"),
    ("澄岭酒业", "Chengling Distillery"),  # more lines of business: liquor, cement, coal, wind power
    ("澄岭酒业", "Chengling Liquor"),
    ("宁溪水泥", "Ningxi Cement"),
    ("宁溪煤业", "Ningxi Coal"),
    ("宁溪风电", "Ningxi Wind Power"),
    ("宁溪风电", "Ningxi Wind"),
    ("宁溪铝业", "Ningxi Aluminium"),
    ("宁溪化肥", "Ningxi Fertilizer"),
    ("宁溪大药房", "Ningxi Pharmacy"),
    ("宁溪光伏", "Ningxi PV"),
    ("宁溪体育", "Ningxi Sports"),
    ("宁溪旅行", "Ningxi Travel"),
    ("宁溪塔业", "Ningxi Tower"),  # lines of business English translates: towers, appliances, equipment, drinks, solar
    ("宁溪电器", "Ningxi Appliances"),
    ("宁溪装备", "Ningxi Equipment"),
    ("宁溪饮品", "Ningxi Beverages"),
    ("宁溪新能", "Ningxi Solar"),
]

# news shortens an airport's name (X国际机场 -> X机场): one airport
SAME_CHINESE = [("宁川栖霞国际机场", "宁川栖霞机场"), ("栖川国际机场", "栖川机场")]
DIFFERENT = [
    ("美达集团", "美达集团(海外)"),  # a scope is part of the key
    ("Meida Group", "Meida Group (Overseas)"),
    ("美达集团", "美达汽车"),  # a business line is not a generic ending
    ("宁溪水泥", "宁溪煤业"),
    ("美达集团", "美达集团武汉工厂"),  # a facility is not its owner
    ("嘉澜市", "Jiangxi"),
    ("嘉澜市", "Jialan Airport"),  # a place word after a romanised name keeps it apart from the city
]


@pytest.mark.parametrize(("chinese", "english"), SAME)
def test_chinese_and_english_names_share_a_key(chinese, english):
    assert entity_key(chinese) == entity_key(english) != ""


@pytest.mark.parametrize(("a", "b"), SAME_CHINESE)
def test_shortened_chinese_names_share_a_key(a, b):
    assert entity_key(a) == entity_key(b)


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_different_entities_keep_different_keys(a, b):
    assert entity_key(a) != entity_key(b)


def test_a_short_name_keeps_its_ending():
    assert entity_key("沙市") == "shashi"  # 沙 alone would be too little to name anything
    assert entity_key("Group") == "group"


@given(st.sampled_from([e for _, e in SAME]), st.data())
def test_case_and_whitespace_do_not_change_the_key(name, data):
    cased = "".join(ch.upper() if data.draw(st.booleans()) else ch.lower() for ch in name)
    spaced = data.draw(st.sampled_from([" ", "  ", "\t"])).join(cased.split(" "))
    padding = data.draw(st.sampled_from(["", " ", "\u3000"]))
    assert entity_key(padding + spaced + padding) == entity_key(name)


def test_suffix_file_errors_name_the_key():
    with pytest.raises(ConfigError, match="english_suffix_words"):
        load_data_file("entity_suffixes.yaml", EntitySuffixes,
                       text="chinese_suffixes: [集团]\nenglish_leading_words: [the]\n")


# ---------------------------------------------------------------- the engine

BASE = {"metric": "营业收入同比增长", "period": "2025-Q1", "unit": "percent", "dimension": "ratio"}


def _claim(entity: str, value: str, sentence: str) -> dict:
    return {**BASE, "entity": entity, "text": f"{value}%", "value": value, "sentence": sentence}


def _docs(*specs):
    return {"documents": {f"d{i}.txt": {"claims": [c]} for i, c in enumerate(specs)}}


def _run(case):
    claims, docs = build(case)
    return find_conflicts(claims, docs, Config())


def test_english_name_meets_the_chinese_one_and_says_why():
    case = _docs(_claim("Meida Group", "6.1", "Meida Group reported a 6.1% rise in revenue."),
                 _claim("美达集团", "5.4", "美达集团营业收入同比增长5.4%。"))
    (conflict,), _ = _run(case)
    assert "Meida Group = 美达集团" in conflict.match.reason and "meida" in conflict.match.reason


def test_english_and_chinese_agreement_is_a_corroboration():
    case = _docs(_claim("Meida Group", "5.4", "Meida Group reported a 5.4% rise in revenue."),
                 _claim("美達集團", "5.4", "美達集團營業收入同比增長5.4%。"))
    conflicts, agreed = _run(case)
    assert conflicts == [] and len(agreed) == 1


def test_chinese_names_with_one_reading_stay_apart():
    case = _docs(_claim("美达集团", "6.1", "美达集团营业收入同比增长6.1%。"),
                 _claim("梅达集团", "5.4", "梅达集团营业收入同比增长5.4%。"))
    assert entity_key("美达集团") == entity_key("梅达集团")
    assert _run(case) == ([], [])


def test_an_english_name_with_two_chinese_readings_is_compared_with_neither():
    case = _docs(_claim("美达集团", "6.1", "美达集团营业收入同比增长6.1%。"),
                 _claim("梅达集团", "6.1", "梅达集团营业收入同比增长6.1%。"),
                 _claim("Meida Group", "5.4", "Meida Group reported a 5.4% rise in revenue."))
    assert _run(case)[0] == []


def test_a_scoped_entity_does_not_meet_the_whole():
    case = _docs(_claim("美达集团(海外)", "6.1", "美达集团(海外)营业收入同比增长6.1%。"),
                 _claim("Meida Group", "5.4", "Meida Group reported a 5.4% rise in revenue."))
    assert _run(case) == ([], [])


def test_english_article_against_chinese_article_through_extraction():
    from numcheck.claims.document import load_document
    from numcheck.claims.pipeline import extract

    texts = {
        "reuters.txt": ("HONG KONG, April 29 (Reuters) - Chinese home appliance maker Meida Group reported on "
                        "Tuesday a 6.1% rise in first-quarter revenue to 26.84 billion yuan.\n"),
        "zh.txt": "美达集团公布，2025年第一季度营业总收入268.4亿元，同比增长5.4%。\n",
    }
    docs, claims = {}, []
    for path, text in texts.items():
        source = load_document(path, data=text.encode("utf-8"), published=date(2025, 4, 29))
        docs[path] = source.meta
        claims.extend(extract(source))
    conflicts, agreed = find_conflicts(claims, docs, Config())
    assert [sorted(c.text for c in f.claims) for f in conflicts] == [["5.4%", "6.1%"]]
    assert [sorted(c.text for c in f.claims) for f in agreed] == [["26.84 billion yuan", "268.4亿元"]]


# a coined name (rare characters, no dictionary word) is written with or without the one common
# word of its line of business, and English keeps the romanised name before that word: no list of
# lines of business is needed for 珷瑭陶瓷, 珷瑭 and Wutang Ceramics to be one company
@pytest.mark.parametrize("other", ["珷瑭", "珷瑭陶瓷股份有限公司", "Wutang Ceramics"])
def test_a_coined_name_meets_its_short_and_english_forms(other):
    case = _docs(_claim("珷瑭陶瓷", "6.1", "珷瑭陶瓷营业收入同比增长6.1%。"),
                 _claim(other, "5.4", "营业收入同比增长5.4%。"))
    (conflict,), _ = _run(case)
    assert {c.text for c in conflict.claims} == {"6.1%", "5.4%"}


def test_a_phrase_after_a_coined_name_names_something_else():
    # 珷瑭海洋王国 is the company's park (a phrase of two words), not the company
    case = _docs(_claim("珷瑭陶瓷", "6.1", "珷瑭陶瓷营业收入同比增长6.1%。"),
                 _claim("珷瑭海洋王国", "5.4", "珷瑭海洋王国营业收入同比增长5.4%。"))
    assert _run(case) == ([], [])


def test_an_english_name_with_words_of_its_business_meets_the_coined_chinese_one():
    case = _docs(_claim("珷瑭财险", "6.1", "珷瑭财险营业收入同比增长6.1%。"),
                 _claim("Wutang Property & Casualty Insurance", "5.4", "Revenue rose 5.4%."))
    (conflict,), _ = _run(case)
    assert {c.text for c in conflict.claims} == {"6.1%", "5.4%"}



@pytest.mark.parametrize("name", ["鄩城农商行", "鄩城农商银行", "鄩城农村商业银行", "Xuncheng Rural Commercial Bank"])
def test_a_rural_commercial_bank_is_one_key_however_written(name: str) -> None:
    # news shortens 农村商业银行 to 农商银行 or 农商行; the city's commercial bank (鄩城银行) stays another
    assert entity_key(name) == entity_key("鄩城农村商业银行") != entity_key("鄩城银行")
    if not name.isascii():  # the engine's own key, within one script, too
        from numcheck.checker.match import entity_key as engine_key

        assert engine_key(name) == engine_key("鄩城农村商业银行") != engine_key("鄩城银行")
