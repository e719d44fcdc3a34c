"""Unit words without a number: bare mentions (人民币 美元, 转换为摄氏度) and declarations
(单位:亿元, a table caption giving the unit of the figures below it).

A unit word alone states no quantity, so these are not claims and `find_quantities` never
returns them; this module lists them for callers that need them (the conformance runner
compares them with Recognizers-Text's value-null mentions; a table reader may apply a
declared unit to unit-less figures). One compiled pass over the text, driven by the unit
lexicon (claims/data/units.yaml): a measure word, a duration or a share is never a mention,
and outside a declaration a one-character Chinese unit word (元, 米, 度, 吨) is not either,
because it is mostly part of another word (元旦, 大米, 年度, 吨位). A magnitude may lead the
word (亿元, 百万美元): its factor is kept.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from numcheck.claims import numerals, units
from numcheck.claims.lexicon import trie_pattern
from numcheck.claims.quantities import find_quantities

# Dimensions a unit word names on its own: a counter (个, 家), a duration (年) or a share
# (成, 百分点) mentioned without a number says nothing about a measure.
_NOT_MENTIONS = {"count", "rank", "duration", "ratio"}


def _mentionable(word: str, info: units.UnitInfo, declared: bool) -> bool:
    if info.dimension in _NOT_MENTIONS or info.date_like or info.arabic_only or info.context:
        return False
    if declared:
        return True
    if word.isascii():
        return len(word) > 1  # km, yuan; a lone letter (m, E) is anything
    return len(word) > 1 or not ("\u4e00" <= word <= "\u9fff")  # ℃ and ㎡ yes, 元 and 米 no


def _words(declared: bool) -> list[str]:
    return [w for w, info in units.UNIT_TABLE.items() if _mentionable(w, info, declared)]


_MAGNITUDE = f"[{numerals.PLAIN_UNIT_CHARS}]{{0,3}}?"
_CAPTION = trie_pattern(units.UNITS.unit_captions)
PATTERN = re.compile(
    rf"(?P<caption>{_CAPTION}) ?(?P<cmag>{_MAGNITUDE})(?P<cword>{trie_pattern(_words(True), ascii_boundary=True)})"
    rf"|(?<![A-Za-z])(?P<mag>{_MAGNITUDE})(?P<word>{trie_pattern(_words(False), ascii_boundary=True)})"
)


@dataclass(frozen=True, slots=True)
class UnitMention:
    """A unit word with no number: offsets (absolute, end-exclusive) of the word and its
    magnitude (亿元), canonical unit, dimension, the magnitude's factor, and whether a caption
    declared it (单位:亿元; the caption word lies before `start`)."""

    start: int
    end: int
    unit: str
    dimension: str
    factor: Decimal = Decimal(1)
    declared: bool = False


def find_unit_mentions(norm: str, start: int = 0, end: int | None = None) -> list[UnitMention]:
    """Unit words in norm[start:end] that are not part of a quantity, in text order."""
    end = len(norm) if end is None else end
    taken = [(m.start, m.end) for m in find_quantities(norm, start, end)]
    out: list[UnitMention] = []
    for m in PATTERN.finditer(norm, start, end):
        declared = m.group("caption") is not None
        mag, word = (m.group("cmag"), m.group("cword")) if declared else (m.group("mag"), m.group("word"))
        s = m.start("cmag") if declared else m.start()
        if any(a < m.end() and s < b for a, b in taken):
            continue  # the word is a quantity's unit (51度, 三万元)
        info = units.UNIT_TABLE[word]
        if info.not_before and m.end() < len(norm) and norm[m.end()] in info.not_before:
            continue
        factor = info.factor
        if mag:
            num = numerals.parse_numeral(mag)
            if num is None or num.value is None or num.length != len(mag):
                continue
            factor *= num.value
        out.append(UnitMention(s, m.end(), info.unit, info.dimension, factor, declared))
    return out
