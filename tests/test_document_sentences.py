"""Sentence splitting and per-sentence language."""
from __future__ import annotations

import pytest

from numcheck.claims.sentences import assign_languages, split_sentences


def texts(text: str) -> list[str]:
    return [text[s.start:s.end] for s in split_sentences(text)]


@pytest.mark.parametrize("text, expected", [
    # Chinese terminators keep their closing quotes; a comma after the quote continues the sentence
    ("“武汉对我们而言已经与上海同等重要。”盖瑞特集团表示。他说：“好。”，然后走了。",
     ["“武汉对我们而言已经与上海同等重要。”", "盖瑞特集团表示。", "他说：“好。”，然后走了。"]),
    ("「這是第一句！」第二句？第三句", ["「這是第一句！」", "第二句？", "第三句"]),
    # semicolons do not end a sentence: a time expression governs up to 。
    ("2024年，营收412.6亿元；净利润38.7亿元。", ["2024年，营收412.6亿元；净利润38.7亿元。"]),
    # lines without final punctuation are sentences; bullets and numbering stay outside
    ("相关推荐\n• 武汉GDP破2万亿\n1. 第一条\n(2) 第二条\n- 第三条", ["相关推荐", "武汉GDP破2万亿", "第一条", "第二条", "第三条"]),
    # English: abbreviations, initials and decimals do not end a sentence
    ("The U.S. economy grew 2.5% in Jan. last year. Mr. J. Smith agreed! Next one",
     ["The U.S. economy grew 2.5% in Jan. last year.", "Mr. J. Smith agreed!", "Next one"]),
    # inline list bullets in one long line
    ("Core Insights - The plan aims for 200 billion yuan [1] - It also targets 1,500 firms [2]",
     ["Core Insights", "The plan aims for 200 billion yuan [1]", "It also targets 1,500 firms [2]"]),
    # a negative number at the start of a line is not a bullet
    ("-5%的降幅", ["-5%的降幅"]),
    # full-width punctuation splits like ASCII
    ("营收增长１５％！净利润增长２０％？", ["营收增长１５％！", "净利润增长２０％？"]),
])
def test_split(text, expected):
    assert texts(text) == expected


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_sentences_never_cross_line_breaks(newline):
    text = newline.join(["标题没有标点", "正文第一句。正文第二句", "", "Last line."])
    assert texts(text) == ["标题没有标点", "正文第一句。", "正文第二句", "Last line."]


def test_languages_per_sentence():
    text = "小米登上《人民日報》頭版\n到2028年,人工智能产业规模超两千亿元\nThe plan aims for 200 billion yuan (两千亿元) by 2028.\n2025-02-04\n"
    sentences = split_sentences(text)
    doc_language = assign_languages(sentences, text)
    assert [s.language for s in sentences] == ["zh-Hant", "zh-Hans", "en", doc_language]
    assert doc_language in ("zh-Hans", "en")


def test_sentence_without_script_evidence_takes_the_document_script():
    text = "研發投入超過1000億元，較去年增長。\n我们的产品\n"  # 们 and 产 are simplified-only
    sentences = split_sentences(text)
    assign_languages(sentences, text)
    assert sentences[0].language == "zh-Hant" and sentences[1].language == "zh-Hans"
    neutral = "研發投入超過1000億元。\n小米公司\n"  # 小米公司 is written the same in both scripts
    sentences = split_sentences(neutral)
    assign_languages(sentences, neutral)
    assert [s.language for s in sentences] == ["zh-Hant", "zh-Hant"]
