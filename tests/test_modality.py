"""claims/modality.py: cue words and how far they reach."""
from __future__ import annotations

from datetime import date

import pytest

from numcheck.claims.cuefiles import load_data_file
from numcheck.claims.errors import ConfigError
from numcheck.claims.modality import ModalityCues, by_year_hits, find_cues, modality_for
from numcheck.claims.periods import find_time_expressions, resolve


def mood(text: str, number: str, *, duration=False, published=date(2025, 6, 26)) -> str:
    hits = find_cues(text)
    times = find_time_expressions(text)
    resolve(times, published)
    hits = sorted(hits + by_year_hits(times, published), key=lambda h: h.start)
    ns = text.index(number)
    return modality_for(hits, text, ns, ns + len(number), is_duration=duration)[0]


@pytest.mark.parametrize("text, number, expect", [
    ("计划实现40亿元产值", "40亿元", "plan"),
    ("规划建筑面积28万平方米", "28万平方米", "plan"),
    ("预计年产值可达160亿元", "160亿元", "forecast"),
    ("有望达到400亿元", "400亿元", "forecast"),
    ("力争突破3000亿元", "3000亿元", "target"),
    ("目标是培育10家独角兽", "10家", "target"),
    ("营收达到412亿元", "412亿元", "actual"),
    ("到2028年产业规模超两千亿元", "两千亿元", "target"),
    ("到2024年累计建成500个基站", "500个", "actual"),  # a deadline already past is no target
])
def test_cue_families(text, number, expect):
    assert mood(text, number) == expect


def test_a_frame_cue_covers_the_rest_of_the_sentence():
    assert mood("他预计,未来5年,人形机器人将大面积上岗", "5年", duration=True) == "forecast"


def test_an_actual_cue_resets_the_mood():
    assert mood("未来将实现双万人入驻,目前员工中90%为本地招聘", "90%") == "actual"


def test_a_weak_cue_stops_at_a_new_subject():
    text = "阿里将投入3800亿元,字节跳动资本开支达1500亿元"
    hits = find_cues(text)
    ns = text.index("1500亿元")
    assert modality_for(hits, text, ns, ns + 7)[0] == "plan"  # no subject known: 将 reaches on
    assert modality_for(hits, text, ns, ns + 7, subjects=[0, text.index("字节跳动")])[0] == "actual"
    ns = text.index("3800亿元")
    assert modality_for(hits, text, ns, ns + 7, subjects=[0, text.index("字节跳动")])[0] == "plan"


def test_jiang_before_a_noun_is_the_object_marker():
    from numcheck.claims.entities import tokenize

    text = "大压铸设备将部件制造工序减少80%"
    toks = tokenize(text, hmm=True)
    bounds = {t.start for t in toks} | {t.end for t in toks}
    flags = {t.start: t.flag for t in toks}
    hits = find_cues(text, bounds, flags)
    assert not any(h.word == "将" for h in hits)


def test_cues_only_on_word_boundaries():
    text = "重要的是营收达到10亿元"
    bounds = {0, 2, 3, 4, 6, 8}
    assert not any(h.word == "要" for h in find_cues(text, bounds))


def test_a_cue_after_the_number_applies_within_its_clause():
    assert mood("万人研发中心即将落成", "万人") == "plan"


def test_a_duration_takes_the_mood_of_what_it_bounds():
    assert mood("五年冲刺千亿大家电规模", "五年", duration=True) == "target"


def test_english_cues():
    assert mood("The company expects revenue to reach 50 billion yuan.", "50 billion") == "forecast"
    assert mood("The plan aims to exceed 200 billion yuan by 2028.", "200 billion", published=date(2026, 2, 4)) == "target"
    assert mood("Revenue rose 6.1% in the first quarter.", "6.1%") == "actual"


def test_bad_cue_file_names_file_and_key():
    bad = "by_year_modality: target\ncues:\n  计划: {modality: maybe, strength: frame}\n"
    with pytest.raises(ConfigError) as err:
        load_data_file("modality_cues.yaml", ModalityCues, text=bad)
    assert "modality_cues.yaml" in str(err.value) and "cues.计划.modality" in str(err.value)
