"""Company names no list holds: a coined name and the common noun of its line of business.

News names a company by a short coined name and its line of business (骎飏体育, 溁钶氯碱, 崟骢客车);
no list of business endings can hold every line. A coined name is two characters that no
dictionary word holds, one of them rare in the segmenter's dictionary (骎, 翀, 氿). This module finds
such names in a subject's place (coined_business_names), tells where one starts after a description
(coined_name_start: 陆客车大厂崟骢), and gives the stem the matcher keys them by (coined_stem_of).
"""
from __future__ import annotations

import re
from functools import lru_cache

from numcheck.claims.entities import Mention, Token, _NEWSPAPER, _name_chars, canonical_org, gazetteer, tokenize
from numcheck.claims.segment import cut_words, dictionary


# a character this rare in the segmenter's dictionary (骎, 翀, 氿) is a coined name's, not a word's
_RARE_CHARACTER_FREQ = 400


def rare_character(ch: str) -> bool:
    return dictionary().freq(ch) < _RARE_CHARACTER_FREQ


def coined_stem(stem: str) -> bool:
    """Two characters no dictionary word holds, one of them rare: a coined name (骎飏, 翀骁)."""
    return len(stem) == 2 and _name_chars(stem) and stem not in dictionary().tags and any(map(rare_character, stem))


def coined_stem_of(name: str) -> str | None:
    """The coined two-character stem a name is written with, when what follows it is one common
    word, its line of business (橒梽 for 橒梽家居, 鄜岍财产保险 and 橒梽 itself): the one part of such a
    name that tells it apart. A phrase after it (翎岛海洋王国) names something of its own: None."""
    if len(name) < 2 or not coined_stem(name[:2]):
        return None
    tail = name[2:]
    if tail and (tail not in dictionary().tags or len(cut_words(tail)) != 1):
        return None
    return name[:2]


def coined_name_start(name: str) -> int | None:
    """Where a coined name starts after a description (陆客车大厂崟骢 -> 5): at a word's start, after
    a common character, None when the name opens the run or holds none."""
    at, starts, long_word = 0, set(), []
    for w in cut_words(name):
        starts.add(at)
        at += len(w)
        long_word.append(at if len(w) >= 2 else None)
    # the description before it: common characters only, with a word of two at least (星岚科技 has none)
    return next((k for k in range(2, len(name) - 1)
                 if k in starts and coined_stem(name[k:k + 2]) and rare_character(name[k])
                 and not any(map(rare_character, name[:k]))
                 and any(e is not None and e <= k for e in long_word)), None)


def coined_name(name: str) -> bool:
    """A coined name and a common noun of two or three characters (翀骁运动, 黛昙化妆品), as
    coined_business_names finds them."""
    return 4 <= len(name) <= 5 and coined_stem(name[:2]) and name[2:] in dictionary().tags


# 崟骢客车2025年…, 崟骢客车31日公布…, 薿璩医疗前三季度…: a date or a window right after the name
_YEAR_AHEAD = re.compile(r"(?:19|20)\d\d年|\d{1,2}[月日]|前三季度?|前[一二三四五六七八九十\d]{1,2}个?月|前[一二三]季")


@lru_cache(maxsize=1)
def _not_business_nouns() -> frozenset[str]:
    """Nouns after a name that make it a facility, a place's part, a news outlet or a scope (基地,
    地铁, 流域, 新闻): the shapes other finders read, or no organisation at all."""
    from numcheck.claims.document_subject import roles

    from numcheck.claims.modality import cues

    g = gazetteer()  # 芯湃计划2026年…: a plan or a target word is the number's mood, not a business
    return frozenset({*roles().org_endings, *roles().source_endings, *g.facility_heads, *g.place_suffixes,
                      *(w for w in cues().cues if not w.isascii()), *g.category_words, *g.not_business_nouns})


@lru_cache(maxsize=1)
def _headline_stop_words() -> frozenset[str]:
    from numcheck.claims.document_subject import roles

    return frozenset(roles().headline_stops)


def coined_names_in(text: str) -> list[Mention]:
    """The coined business names a text writes in a subject's place (coined_business_names)."""
    return coined_business_names(text, tokenize(text, hmm=False), [])


def coined_business_names(text: str, tokens: list[Token], known: list[Mention]) -> list[Mention]:
    """A coined two-character name and the common noun of its line of business, in a subject's
    place (排名第二的翀骁运动去年营收…, 龙头溁钶氯碱去年…): no list of business endings can hold
    every line of business, but a name no dictionary knows, written with a rare character, before
    a noun that is no measure, and followed by a time word, a verb, a measure or a clause's end, is
    a company's name. The cut leaves such a name as two single characters."""
    from numcheck.claims.measures import lexicon

    g = gazetteer()
    taken = [(m.start, m.end) for m in known if m.kind != "name"]  # a name tag (翀骁/nr) is what this completes
    lex = lexicon()
    out = []
    stops = _headline_stop_words()
    for i in range(1, len(tokens)):
        noun = tokens[i]
        if not (2 <= len(noun.word) <= 3 and noun.flag in ("n", "vn", "nz")):
            continue
        if len(tokens[i - 1].word) == 2:  # the HMM cut coined the name whole (翀骁/运动)
            a = tokens[i - 1]
        elif i >= 2 and len(tokens[i - 2].word) == 1 and len(tokens[i - 1].word) == 1:
            a = tokens[i - 2]  # the dictionary cut left it in characters (骎/飏/体育)
        else:
            continue
        if not coined_stem(text[a.start:noun.start]):
            continue
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        listed = nxt is not None and (nxt.word in "(（" or nxt.word in stops)  # 鄜岍财险(02873)发布…
        if noun.word in g.scope_words or noun.word in g.org_suffixes or (noun.word in lex.segment_words and not listed) \
                or noun.word in _not_business_nouns() or _NEWSPAPER.match(text, noun.start) \
                or _NEWSPAPER.match(text, noun.end) \
                or lex.zh.match(text, noun.start) or lex.zh.match(text, a.start) \
                or any(s < noun.end and a.start < e for s, e in taken):
            continue  # a product (芃碶尿素), a facility (瀼湄基地), a newspaper or a measure is no business
        if nxt is not None and not (nxt.word in "，,。；;：:（(、" or nxt.flag in ("t", "mq", "v") or nxt.word in stops
                                    or _YEAR_AHEAD.match(text, nxt.start) or lex.zh.match(text, nxt.start)):
            continue  # 骎飏鞋类业务: a noun that another noun follows is no name's end; 霁光出货1098万台: a verb's
        out.append(Mention(a.start, noun.end, canonical_org(text[a.start:noun.end]), "organization",
                           source="coined name"))
    return out
