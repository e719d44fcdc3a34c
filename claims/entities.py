"""Entities: who or where a number is about.

Mentions in a sentence come from the gazetteer (data/gazetteer.yaml), from jieba's
part-of-speech tags (ns places, nr/nt/nz names) and from name shapes: a name plus
an organisation suffix (星岚科技, 金山软件公司) or a facility head (楚湾基地, 智能家电工厂).
A facility named without its owner is completed from context, owner then place
(智能家电工厂 in an article about Xiaomi in Wuhan -> 小米武汉智能家电工厂), and a
shortened later mention (智能工厂, 小米工厂) resolves to the full one it abbreviates.
Reference words (data/references.yaml: 该工厂, 这里, 当地, 公司) resolve to the last
mention of their kind.

jieba is initialised once, with every gazetteer name added to its dictionary.
Segmentation is per sentence and cached by the caller; only sentences holding a
number are cut with the (slower) HMM.
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, field_validator

from numcheck.claims.cuefiles import cached
from numcheck.claims.numerals import parse_numeral
from numcheck.claims.segment import add_word, dictionary, pos_cut


class Gazetteer(BaseModel):
    places: dict[str, list[str]]
    organizations: dict[str, list[str]]
    sub_entities: dict[str, str]
    org_suffixes: list[str]
    hard_org_suffixes: list[str]
    institution_suffixes: list[str] = []
    comparison_words: list[str] = []
    contrast_openers: list[str] = []
    english_descriptors: list[str] = []
    not_business_nouns: list[str] = []
    org_descriptors: list[str] = []
    report_abbreviations: list[str] = []
    category_words: list[str] = []
    document_title_endings: list[str] = []
    facility_heads: list[str]
    facility_phase: list[str]
    segment_heads: list[str] = []
    arrival_nouns: list[str] = []
    apposition_openers: list[str] = []
    facility_counters: list[str] = []
    public_facility_words: list[str] = []
    phase_bound_metrics: list[str] = []
    scope_entities: dict[str, str] = {}
    market_scopes: dict[str, str] = {}
    peer_words: list[str] = []
    comparison_descriptors: list[str] = []
    whole_phrases: list[str] = []
    peer_non_names: list[str] = []
    facility_verbs: list[str]
    event_heads: list[str]
    event_metric_words: list[str] = []
    event_activity_modifiers: list[str] = []
    place_suffixes: list[str]
    strip_place_suffixes: list[str]
    scope_words: list[str]
    person_titles: list[str]
    english_org_suffixes: list[str] = []
    english_rival_words: list[str] = []
    generic_venue_words: list[str] = []
    dateline_agencies: list[str] = []
    speech_verbs: list[str]

    @field_validator("places", "organizations")
    @classmethod
    def _no_empty_names(cls, v: dict[str, list[str]]) -> dict[str, list[str]]:
        for name, aliases in v.items():
            if not name.strip() or any(not a.strip() for a in aliases):
                raise ValueError(f"{name!r}: empty name or alias")
        return v


class ReferenceFile(BaseModel):
    references: dict[str, Literal["event", "facility", "organization", "work", "place", "speaker", "any"]]


def gazetteer() -> Gazetteer:
    return cached("gazetteer.yaml", Gazetteer)


def references() -> dict[str, str]:
    return cached("references.yaml", ReferenceFile).references


# --------------------------------------------------------------------------- the dictionary

_names_lock = threading.Lock()
_names_added = False


def names_dictionary():
    """The segmenter's dictionary (claims/segment.py) with the gazetteer's names, the lexicon's
    measures and the reference words added, once per process (no downloads)."""
    global _names_added
    if not _names_added:
        with _names_lock:
            if not _names_added:
                g = gazetteer()
                for name, aliases in g.places.items():
                    for w in [name, *aliases]:
                        if not w.isascii():
                            add_word(w, freq=200000, tag="ns")
                for name, aliases in g.organizations.items():
                    for w in [name, *aliases]:
                        if not w.isascii():
                            add_word(w, freq=200000, tag="nt")
                for name in g.sub_entities:
                    add_word(name, freq=300000, tag="nz")
                from numcheck.claims.metrics import lexicon  # measures stay whole nouns: 占比, 营业收入

                lex = lexicon()
                groups = [lex.synonyms, lex.same_measure]
                for w in [*lex.measure_words, *(k for g in groups for k in g),
                          *(v for g in groups for vs in g.values() for v in vs)]:
                    if not w.isascii():
                        add_word(w, freq=50000, tag="n")
                from numcheck.claims.measures import lexicon as measure_lexicon  # product types stay nouns

                for w in measure_lexicon().segment_words:  # (子午线轮胎 is no person 子午线, 复合肥 no 合肥)
                    if not w.isascii():
                        add_word(w, freq=50000, tag="n")
                for w in measure_lexicon().by_word:  # a measure's wording holds no name (存货周转天数: no 周转 person)
                    if len(w) >= 3 and not w.isascii() and w not in g.places and w not in g.organizations \
                            and any(flag in _NAME_FLAGS for _, flag in pos_cut(w)):
                        add_word(w, freq=50000, tag="n")

                for w in g.report_abbreviations:
                    add_word(w, freq=50000, tag="n")
                for w in g.whole_phrases:
                    add_word(w, freq=100000, tag="v")
                for w in g.org_suffixes:  # an ending stays one word (农商银行 is no 农商 + 银行)
                    if len(w) >= 3:
                        add_word(w, freq=50000, tag="n")
                for w in references():
                    if not w.isascii() and w.startswith(("该", "这", "此", "本", "当地")):
                        add_word(w, freq=100000, tag="r")
                _names_added = True
    return dictionary()


@dataclass(slots=True)
class Token:
    word: str
    flag: str
    start: int
    end: int


def tokenize(text: str, *, hmm: bool) -> list[Token]:
    """Part-of-speech tokens of a short text, with offsets."""
    names_dictionary()  # the gazetteer's names are in the dictionary before the first cut
    out, pos = [], 0
    for w, flag in pos_cut(text, hmm=hmm):  # the words cover the text in order, character for character
        end = pos + len(w)
        out.append(Token(w, flag, pos, end))
        pos = end
    _repair_name_cuts(out)
    return out


@lru_cache(maxsize=1)
def _split_endings() -> dict[str, set[str]]:
    """Organisation endings of two characters by their second one (能 -> {光能, 新能, 绿能})."""
    out: dict[str, set[str]] = {}
    for w in gazetteer().org_suffixes:
        if len(w) == 2:
            out.setdefault(w[1], set()).add(w)
    return out


_PLACE_ENDINGS = frozenset("市省县")
_MAKER_ENDS = frozenset("商企")  # the last character of a trade word (饮料商, 车企) the HMM joins to a name
_NAME_CHAR_FLAGS = frozenset({"n", "ns", "nr", "nrt", "nz", "ng", "g", "j", "a", "b", "zg"})


def _name_char_token(t: Token) -> bool:
    return t.flag in _NAME_CHAR_FLAGS and _name_chars(t.word) and t.word not in DETERMINERS


def _opens_unit(text: str, at: int) -> bool:
    """A unit of measure starts here (吉瓦, 修正/总吨): the name the HMM tagged is a unit or its start."""
    from numcheck.claims.units import match_unit

    info = match_unit(text, at)
    return info is not None and not text[at].isascii()


def _repair_name_cuts(tokens: list[Token]) -> None:
    """Unknown names the segmenter cut apart (海/澄/市, 晶/曜/新/能, 天衡光/能): put each name and
    its ending back into two tokens, as the dictionary cuts a known name (武汉/市, 小米/科技), so
    the mention finders read them alike. Tokens change in place; offsets stay on the text."""
    _rejoin_place_names(tokens)
    endings = _split_endings()
    _rejoin_split_endings(tokens, endings)
    _return_swallowed_characters(tokens, endings)


def _rejoin_place_names(tokens: list[Token]) -> None:
    for i in range(len(tokens) - 1, 0, -1):
        first, second = tokens[i - 1], tokens[i]
        if len(second.word) == 1 and second.word in _PLACE_ENDINGS:
            if i >= 2 and len(first.word) == 1 and len(tokens[i - 2].word) == 1 \
                    and _name_char_token(tokens[i - 2]) and _name_char_token(first):
                # 海/澄/市: an unknown city cut into characters; its name is one word again
                tokens[i - 2:i] = [Token(tokens[i - 2].word + first.word, "nr", tokens[i - 2].start, first.end)]
        elif len(second.word) == 2 and second.word[1] in _PLACE_ENDINGS and len(first.word) == 1 \
                and _name_char_token(first) and not dictionary().freq(second.word) and not _is_known_place(second.word):
            # 海/澄市: the HMM joined the name's second character to the ending
            tokens[i - 1:i + 1] = [Token(first.word + second.word[0], "nr", first.start, second.start + 1),
                                   Token(second.word[1], "n", second.start + 1, second.end)]


def _rejoin_split_endings(tokens: list[Token], endings: dict[str, set[str]]) -> None:
    for i in range(len(tokens) - 1, 1, -1):
        first, second, before = tokens[i - 1], tokens[i], tokens[i - 2]
        if len(first.word) == 1 and len(second.word) == 1 and len(before.word) == 1 \
                and second.word in endings and first.word + second.word in endings[second.word] \
                and _name_chars(before.word):
            # 晶/曜/新/能: a name cut into characters, its ending too; the ending is one word again
            tokens[i - 1:i + 1] = [Token(first.word + second.word, "n", first.start, second.end)]


def _return_swallowed_characters(tokens: list[Token], endings: dict[str, set[str]]) -> None:
    for i in range(len(tokens) - 1, 0, -1):
        name, rest = tokens[i - 1], tokens[i]
        if len(rest.word) != 1 or rest.word not in endings or len(name.word) < 3 \
                or name.flag not in ("nr", "nz", "nrt", "nt") or name.word[-1] + rest.word not in endings[rest.word]:
            continue
        # 天衡光/nr 能/v: the HMM read the ending's first character as the name's last
        tokens[i - 1] = Token(name.word[:-1], name.flag, name.start, name.end - 1)
        tokens[i] = Token(name.word[-1] + rest.word, "n", name.end - 1, rest.end)


# --------------------------------------------------------------------------- mentions


@dataclass(slots=True)
class Mention:
    start: int  # offsets into the sentence text
    end: int
    name: str  # canonical entity name
    kind: str  # place | organization | facility | name | reference | modifier (a name inside a counted noun)
    ref_kind: str | None = None  # for references: what they point to
    has_org: bool = False  # facility: its name includes the owner
    has_place: bool = False  # facility: its name includes the place
    source: str = ""  # gazetteer | pos | suffix | reference
    owner: str | None = None  # facility: the organisation its name opens with (云岭电子物联网平台 -> 云岭电子)
    compared: bool = False  # named as what the subject is compared with (仅次于理想, 高于特斯拉)
    part: bool = False  # named as a part of the subject (其中X…, 控股子公司X): no subject of what follows

    @property
    def evidence(self) -> str:
        return f"{self.source}:{self.name}"


_NAME_FLAGS = {"nr", "nrt", "nrfg", "ns", "nt", "nz", "j"}
_PLACE_FLAGS = {"ns"}
_STOP_FLAGS = {"v", "vn", "vd", "p", "u", "uj", "ul", "uz", "ug", "uv", "ud", "c", "d", "x", "m", "eng", "q", "r",
               "f", "t", "y", "e", "o", "a", "ad", "b"}


@lru_cache(maxsize=1)
def _gazetteer_index() -> tuple[re.Pattern, dict[str, tuple[str, str]]]:
    g = gazetteer()
    table: dict[str, tuple[str, str]] = {}
    for name, aliases in g.places.items():
        for w in [name, *aliases]:
            table[w.lower() if w.isascii() else w] = (name, "place")
    for name, aliases in g.organizations.items():
        for w in [name, *aliases]:
            table[w.lower() if w.isascii() else w] = (name, "organization")
    for name in g.sub_entities:
        table[name] = (name, "organization")
    parts = []
    for w in sorted(table, key=len, reverse=True):
        parts.append(rf"\b{re.escape(w)}\b" if w.isascii() else re.escape(w))
    return re.compile("|".join(parts), re.IGNORECASE), table


@lru_cache(maxsize=1)
def _gazetteer_scripts() -> tuple[re.Pattern | None, re.Pattern | None]:
    """The gazetteer's Chinese names (case-sensitive) and its Latin ones (case-insensitive, on word
    boundaries) as two alternations: the Chinese one is many times faster without IGNORECASE, and
    the Latin one runs only on text with a Latin letter. Together they find what the combined
    pattern finds, since no name mixes the two scripts' letters."""
    table = _gazetteer_index()[1]
    cjk = sorted((w for w in table if not w.isascii()), key=len, reverse=True)
    latin = sorted((w for w in table if w.isascii()), key=len, reverse=True)
    return (re.compile("|".join(re.escape(w) for w in cjk)) if cjk else None,
            re.compile("|".join(rf"\b{re.escape(w)}\b" for w in latin), re.IGNORECASE) if latin else None)


_LATIN_LETTER = re.compile(r"[A-Za-z]")


def _gazetteer_hits(text: str) -> list[re.Match]:
    cjk, latin = _gazetteer_scripts()
    hits = list(cjk.finditer(text)) if cjk is not None else []
    if latin is not None and _LATIN_LETTER.search(text):
        hits += latin.finditer(text)
        hits.sort(key=lambda m: m.start())
    return hits


def canonical_place(word: str) -> str:
    _, table = _gazetteer_index()
    hit = table.get(word.lower() if word.isascii() else word)
    if hit and hit[1] == "place":
        return hit[0]
    for suffix in gazetteer().strip_place_suffixes:
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            word = word[: -len(suffix)]
            hit = table.get(word)
            return hit[0] if hit else word
    return word


def canonical_org(word: str) -> str:
    """The gazetteer name of an organisation, also after dropping a legal form (金山软件公司 -> 金山)."""
    _, table = _gazetteer_index()
    hit = table.get(word.lower() if word.isascii() else word)
    if hit:
        return hit[0]
    for suffix in sorted(gazetteer().hard_org_suffixes, key=len, reverse=True):
        if word.endswith(suffix) and len(word) > len(suffix) + 1:
            hit = table.get(word[: -len(suffix)])
            if hit and hit[1] == "organization":
                return hit[0]
    from numcheck.claims.coined_names import coined_name_start

    start = coined_name_start(word)
    return word[start:] if start is not None else word  # 陆系家居大厂橒梽家居: the description is no part of the name


@dataclass
class DocumentNames:
    """Names a document introduces itself (嘉澜市, 星岚科技), with the short forms it also
    uses (嘉澜, 星岚) mapped to the full one: unseen cities and companies get one spelling."""

    table: dict[str, tuple[str, str]] = field(default_factory=dict)  # surface -> (canonical, kind)
    pattern: re.Pattern | None = None
    collect: list | None = None  # pass 1: organisation names seen, even inside longer mentions

    def add(self, surface: str, canonical: str, kind: str) -> None:
        if surface and surface not in self.table and not _gazetteer_index()[1].get(surface):
            self.table[surface] = (canonical, kind)
            self.pattern = None

    def compiled(self) -> re.Pattern | None:
        if self.pattern is None and self.table:
            self.pattern = re.compile("|".join(re.escape(w) for w in sorted(self.table, key=len, reverse=True)))
        return self.pattern


def _measure_lexicon():
    from numcheck.claims.measures import lexicon  # (imported late: measures reads this module's names)
    return lexicon()


# 绿驰新能源科技股份有限公司（简称“绿驰”）, 霁川博物院（以下简称“霁博”）: a name and the short one
# the text declares for it
DECLARED_SHORT = re.compile(r"([\u4e00-\u9fff]{2,20})[（(](?:以下)?简称[:：]?[“\"「]?([^”\"」)）]{1,8}?)[”\"」]?[)）]")


@lru_cache(maxsize=1)
def _name_endings() -> tuple[str, ...]:
    """Legal forms and business words a company's name ends in (gazetteer.yaml), longest first."""
    g = gazetteer()
    return tuple(sorted({*g.hard_org_suffixes, *g.org_suffixes, "有限责任公司", "股份有限公司"}, key=len, reverse=True))


def without_ending(name: str) -> str | None:
    """The name without the one legal form or business word it ends in (恒驰股份 -> 恒驰, 青屿饮品
    -> 青屿), two characters at least left; None when it ends in none."""
    return next((name[:-len(x)] for x in _name_endings() if name.endswith(x) and len(name) - len(x) >= 2), None)


_HAN_NAME = re.compile(r"[\u4e00-\u9fff]{2,8}")
_NAME_FLAGS = frozenset({"nr", "nrt", "nrfg", "ns", "nt", "nz"})
# the country a Taiwan or Hong Kong repost writes before a mainland place (中国大陆滨江市)
COUNTRY_BEFORE_PLACE = ("中国大陆", "中国内地", "大陆", "内地", "中国")
_UNKNOWN_PLACE = re.compile(r"([\u4e00-\u9fff]{2})(市|省|县)")
_NOT_PLACE_START = set("全本该此各城大超都每一二三四五六七八九十多首新老上下外内日月年号在于")
# a function word inside the stem (19日在省人大…, 来自省内) makes it no name
_NOT_IN_PLACE = set("在于的和与及从向对自了把被将让给以其这那个是有")


_TITLE_SEPARATORS = frozenset({"｜", "|", "：", ":", "丨", "】"})
_CITY_WORDS = {"全市": "市", "本市": "市", "该市": "市", "全省": "省", "本省": "省", "全区": "区", "全县": "县"}


_LEGAL_REMNANTS = ("股份",)  # what 有限公司 leaves of 股份有限公司


def learn_document_names(norm: str, mentions: list[Mention], title: list[Token] | None = None) -> DocumentNames:
    """Full names the document writes (X市, X科技, X集团) and their short forms.

    An article that says 全市 is about a city: when it never writes the city's full name, the
    unknown name opening its title is that city (嘉澜押注人工智能…全市… -> 嘉澜市)."""
    names = DocumentNames()
    freq = names_dictionary()  # `in` as in jieba's FREQ: words and their prefixes
    for m in DECLARED_SHORT.finditer(norm):
        # 绿驰新能源科技股份有限公司（简称“绿驰”）: the short name the text declares is the one it and
        # other outlets use; every longer form of the name stands for it
        run, short = m.group(1), m.group(2)
        at = run.find(short)
        if at < 0:  # 恒驰汽车零部件股份有限公司（简称“恒驰股份”）: the short name with a legal form of its own
            stem = without_ending(short)
            at = run.find(stem) if stem else -1
        if len(short) < 2 or not _HAN_NAME.fullmatch(short) or at < 0:
            continue  # (霁川博物院（简称“霁博”）: an abbreviation, not the name's start)
        name = run[at:]
        while name != short and len(name) >= 2:
            names.add(name, short, "organization")
            cut = without_ending(name)
            if cut is None or not short.startswith(cut) and len(cut) < len(short):
                break
            name = cut
        names.add(short, short, "organization")
    for m in _UNKNOWN_PLACE.finditer(norm):
        stem, suffix = m.group(1), m.group(2)
        before = norm[m.start() - 1] if m.start() else ""
        in_country = norm.endswith(COUNTRY_BEFORE_PLACE, 0, m.start())  # 中国大陆滨江市: a city, whatever 滨江 means
        if (stem in freq and not in_country) or ((stem[-1] + suffix) in freq and stem[-1] != "州") or stem[0] in _NOT_PLACE_START \
                or any(ch in _NOT_IN_PLACE for ch in stem) \
                or (before and freq.freq(before + stem[0])) or _gazetteer_index()[1].get(stem) \
                or any(freq.freq(norm[m.end() - 1:m.end() - 1 + k]) for k in (2, 3)) \
                or _measure_lexicon().zh.match(norm, m.end() - 1):
            # a word (城市), the tail of one (服务云市场), or a word the ending begins (绿驰市占率,
            # 某某市场份额: 市占率, 市场) is no place name
            continue
        names.add(stem + suffix, stem + suffix, "place")
        names.add(stem, stem + suffix, "place")
    if "号线" in norm:  # 4号线 in an article that wrote 岚江地铁4号线: that line
        full = {x.name for x in line_mentions(norm) if "地铁" in x.name}
        for name in full:
            short = name[name.index("地铁") + 2:]
            if sum(1 for f in full if f.endswith(short)) == 1:
                names.add(short, name, "organization")
    g = gazetteer()
    suffix = next((sfx for word, sfx in _CITY_WORDS.items() if word in norm), None)
    if suffix and title and not any(kind == "place" for _, kind in names.table.values()):
        # the name opening the title, or its main part after a column tag (一图读懂｜嘉澜人工智能…)
        openers = [title[0]] + [title[i + 1] for i, t in enumerate(title[:-1]) if t.word in _TITLE_SEPARATORS]
        lead = 0
        while lead < len(title) - 1 and (title[lead].flag in ("m", "t") or title[lead].word in ("年", "月", "日")):
            lead += 1  # 2025年枫陵一手房…: the name after the headline's date
        if lead:
            openers.append(title[lead])
        for first in openers:
            if first.flag in ("ns", "nr", "nrt", "nz", "j") and 2 <= len(first.word) <= 3 \
                    and first.word not in freq and not _gazetteer_index()[1].get(first.word):
                names.add(first.word, first.word + suffix, "place")
                break
    for x in mentions:
        if x.kind == "organization" and x.source == "coined name":
            if x.name[:2] in names.table:
                continue  # 蔚岭茶园 where 蔚岭 is the province the text writes: the place's tea gardens
            names.add(x.name, x.name, "organization")
            names.add(x.name[:2], x.name, "organization")  # 骎飏 for 骎飏体育
            continue
        if x.kind == "organization" and x.source == "suffix" and x.name not in g.scope_words:
            for suffix in sorted(g.org_suffixes, key=len, reverse=True):
                stem = x.name[: -len(suffix)] if x.name.endswith(suffix) else ""
                if len(stem) >= 2 and stem not in freq:
                    # 星联通信股份(有限公司): a legal form's remnant is no part of the name news uses
                    full = stem if suffix in _LEGAL_REMNANTS else x.name
                    names.add(x.name, full, "organization")
                    names.add(stem, full, "organization")
                    break
    return names


def find_mentions(text: str, tokens: list[Token], names: DocumentNames | None = None) -> list[Mention]:
    """Entity mentions in one sentence of normalised text, in text order, not overlapping."""
    from numcheck.claims.coined_names import coined_business_names

    g = gazetteer()
    table = _gazetteer_index()[1]
    found: list[Mention] = []
    for m in _gazetteer_hits(text):
        w = m.group(0)
        name, kind = table[w.lower() if w.isascii() else w]
        found.append(Mention(m.start(), m.end(), name, kind, source="gazetteer"))
    local = names.compiled() if names else None
    if local is not None:
        for m in local.finditer(text):
            name, kind = names.table[m.group(0)]
            found.append(Mention(m.start(), m.end(), name, kind, source="document name"))
    bounds = {t.start for t in tokens} | {t.end for t in tokens}
    found = [f for f in found if f.start in bounds or f.end in bounds or not text[f.start:f.end].isascii()]
    # a place inside a common noun the segmenter knows (合肥 in 复合肥, 西安 in 东西安装) names none
    nouns = [(t.start, t.end) for t in tokens if t.flag == "n" and len(t.word) >= 3]
    found = [f for f in found if not any(a <= f.start and f.end <= b and (a, b) != (f.start, f.end) for a, b in nouns)]
    # 其中 (among which) is read before any name it runs into: 其中国际…, 其中东馆… name no 中国, 中东
    found = [f for f in found if not (f.start > 0 and text[f.start - 1] == "其" and text[f.start] == "中")]
    scope_set = set(g.scope_words)
    found = [f for f in found if text[f.start:f.end] not in scope_set]
    found += _shape_mentions(text, tokens, found, g)
    found += _peer_names(text, found, g)
    found += _clause_initial_names(text, tokens, found)
    found += coined_business_names(text, tokens, found)
    found += _registered_names(text, tokens, g)
    found += _event_mentions(text, tokens, g)
    found += _english_orgs(text, g)
    found += _reference_mentions(text, bounds)
    found += _product_mentions(text, tokens)
    found += _work_titles(text)
    if "号线" in text:
        found += line_mentions(text)
    if names is not None and names.collect is not None:
        names.collect.extend(f for f in found if f.kind == "organization" and f.source in ("suffix", "coined name"))
    dateline = _dateline_end(text, g)
    from numcheck.claims.measures import lexicon

    segments = lexicon().segment_words  # 玉米 tagged as a person's name is a crop: a segment, no one
    found = [f for f in found if f.start >= dateline and not (f.kind == "name" and f.name in segments)
             and not (f.source != "gazetteer" and _BRAND.match(text, f.end))
             and not (f.source != "gazetteer" and _BRAND_BEFORE.search(text, max(0, f.start - 4), f.start))
             and not (f.kind == "name" and _BYLINE.search(text, max(0, f.start - 16), f.start))
             and not (f.kind in ("place", "organization", "name") and _OUTLET_AFTER.match(text, f.end))]
    found.sort(key=lambda x: (x.start, -(x.end - x.start)))
    out: list[Mention] = []
    for f in found:  # keep the longest mention at each place
        if out and f.start < out[-1].end:
            if f.end - f.start > out[-1].end - out[-1].start and f.kind == "facility":
                out[-1] = f
            continue
        out.append(f)
    for f in out:
        if f.kind == "organization" and _modifies_counted_noun(text, tokens, f):
            f.kind = "modifier"
    _mark_compared(text, out, g)
    return out


# （记者 何晓东）, 通讯员 吴波: the people who wrote or reported the story are no subject
_BYLINE = re.compile(r"(?:记者|通讯员|编辑|责编|作者|摄影|实习生|撰文|特约撰稿)[^，。；;,.()（）\n]{0,10}$")


# 汀州晚报·财经频道, 澜江日报讯: a name right before a newspaper's word is the paper's, the source
# the words that end an outlet's name after its place (汀州晚报, 澜江日报讯)
OUTLET_WORDS = ("都市报", "日报", "晚报", "早报", "商报", "时报", "晨报", "报社", "广播电视台", "电视台", "融媒体中心")
_OUTLET_AFTER = re.compile("|".join(OUTLET_WORDS))


_NAME_STOPS = re.compile(r"去年|今年|上年|前年|同期|全年|当年|本年|[\d的在于为是将也则已仍、，,。；;：:（(\s]")


@lru_cache(maxsize=1)
def _peer_word_pattern() -> re.Pattern:
    return re.compile("|".join(sorted(map(re.escape, gazetteer().peer_words), key=len, reverse=True)))


def _peer_names(text: str, known: list[Mention], g: Gazetteer) -> list[Mention]:
    """A rival named right after a peer word (同行鼎辉黄金去年矿产金产量…): its name runs to a time
    word, a measure or a function character; 2 to 6 characters, or nothing."""
    if not g.peer_words:
        return []
    from numcheck.claims.measures import measure_word_spans  # here: measures reads entity spans too

    out = []
    for m in _peer_word_pattern().finditer(text):
        start = m.end()
        if any(x.start <= start < x.end for x in known):
            continue  # a name the finder knows
        stop = _NAME_STOPS.search(text, start, start + 9)
        end = stop.start() if stop else min(len(text), start + 7)
        measures = [a for a, _ in measure_word_spans(text[start:end])]
        end = start + min(measures) if measures else end
        if 2 <= end - start <= 6 and re.fullmatch(r"[\u4e00-\u9fff]+", text[start:end]) \
                and not text[start:end].startswith(tuple(g.peer_non_names)):
            out.append(Mention(start, end, canonical_org(text[start:end]), "organization", source="peer word"))
    return out


_LISTED_AFTER = re.compile(r"(?:[（(][^（()）]{0,24}[)）])?[、,，和及与]")  # on the gap without spaces


def _mark_compared(text: str, mentions: list[Mention], g: Gazetteer) -> None:
    """Mark the names the sentence compares its subject with (仅次于理想(37.6万辆)、蔚来…, 高于特斯拉):
    they are no subject of the sentences after (their figures are theirs alone, in their clause)."""
    if not g.comparison_words:
        return
    words = _comparison_before()
    previous: Mention | None = None
    contrasted = _contrast_opener().search(text)
    from numcheck.claims.measures import trade_partner_spans

    partners = trade_partner_spans(text)
    for m in mentions:
        before = text[max(0, m.start - 14):m.start]
        if words.search(before) or any(a <= m.start and m.end <= b for a, b in partners):
            m.compared = True  # (对东盟进出口: the trading partner, no subject of what follows)
        elif _FROM_SOURCE.search(text, max(0, m.start - 6), m.start) and _LEARNED_FROM.match(text, m.end):
            m.compared = True  # 记者从星野文旅集团获悉，…: the source, no subject of its figures or of what follows
        elif m.kind == "organization" and _SAME_PERIOD_PEER.search(text, max(0, m.start - 6), m.start):
            m.compared = True  # …；同期东瀚造船新接订单…: another company's figure for the same period
        elif contrasted and m is next((x for x in mentions if x.start >= contrasted.end()), None) \
                and m.kind == "organization" and _CLAUSE_BREAK_CHARS.isdisjoint(text[contrasted.end():m.start]):
            m.compared = True  # 相比之下，行业龙头蘅野农牧…: the first name of a contrasted clause is a rival
        elif previous is not None and previous.compared and _LISTED_AFTER.fullmatch(
                re.sub(r"\s+", "", text[previous.end:m.start])):
            m.compared = True  # the next name of the same list
        previous = m


_SAME_PERIOD_PEER = re.compile(r"(?:^|[，,；;。])\s?同期[，,]?\s?$")
_CLAUSE_BREAK_CHARS = frozenset("，,；;。：:")
def _reports_figures(name: str) -> bool:
    from numcheck.claims.document_subject import _is_source  # (imported late: it reads this module)

    return _is_source(name)


_FROM_SOURCE = re.compile(r"(?:从|据)[\u4e00-\u9fff]{0,4}$")
_LEARNED_FROM = re.compile(r"(?:获悉|了解到|得知|获得的数据|的数据|数据显示|统计|消息)")


@lru_cache(maxsize=1)
def _contrast_opener() -> re.Pattern:
    """A clause that opens by contrast (相比之下，反观): what it names is set against the subject."""
    words = sorted(gazetteer().contrast_openers, key=len, reverse=True)
    return re.compile(r"(?:^|[，,；;。])\s*+(?:" + "|".join(map(re.escape, words)) + r")[\s，,]*+")


@lru_cache(maxsize=1)
def comparison_words() -> str:
    """The comparison words of gazetteer.yaml as one alternation, longest first (仅次于 before 次于)."""
    return "|".join(re.escape(w) for w in sorted(gazetteer().comparison_words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _comparison_before() -> re.Pattern:
    described = "|".join(re.escape(w) for w in sorted(gazetteer().comparison_descriptors, key=len, reverse=True))
    return re.compile(f"(?:{comparison_words()})" + (f"(?:{described}){{0,2}}" if described else "") + r"的?\s*+$")


_COUNTED_NOUN = re.compile(r"[一两几每][件台辆个款部只块片套批]$")


def _modifies_counted_noun(text: str, tokens: list[Token], m: Mention) -> bool:
    """一件小米汽车后地板压铸件: a name inside a counted noun phrase describes the thing, it is not who acts."""
    if not _COUNTED_NOUN.search(text[max(0, m.start - 2):m.start]):
        return False
    following = next((t for t in tokens if t.start >= m.end), None)
    return following is not None and following.start == m.end \
        and not following.flag.startswith(("v", "x", "p", "c", "u", "d", "r", "m"))



@lru_cache(maxsize=1)
def _english_patterns() -> tuple[re.Pattern | None, re.Pattern | None]:
    g = gazetteer()
    org = dateline = None
    if g.english_org_suffixes:
        suffixes = "|".join(re.escape(w) for w in g.english_org_suffixes)
        # Lingdao Culture & Tourism: a second business word joined by & or and belongs to the name
        # (Fuqian Property & Casualty Insurance: an & between the name's words)
        org = re.compile(rf"\b((?:[A-Z][A-Za-z]+\s(?:&\s)?){{0,3}}?[A-Z][a-z]+)\s+(?:{suffixes})(?:\s(?:&|and)\s(?:{suffixes}))?\b\.?")
    if g.dateline_agencies:
        agencies = "|".join(re.escape(w) for w in g.dateline_agencies)
        dateline = re.compile(rf"\((?:{agencies})\)\s*[-–—]+\s*")
    return org, dateline


@lru_cache(maxsize=1)
def _english_rival_pattern() -> re.Pattern | None:
    words = gazetteer().english_rival_words
    if not words:
        return None
    alternation = "|".join(re.escape(w) for w in words)
    # rival Chenxi Vision; Beiyun P&C, a bigger competitor, …: the name before an appositive rival word
    return re.compile(rf"\b(?:{alternation})\s+((?:[A-Z][A-Za-z]+ ){{0,2}}[A-Z][A-Za-z]+)"
                      rf"|\b((?:[A-Z][A-Za-z&]*+ ){{0,2}}[A-Z][A-Za-z&]*+), (?:a|an|the|its|their) (?:[a-z-]++ ){{0,3}}(?:{alternation})\b")


_EN_NOT_NAMES_BASE = frozenset({"The", "A", "An", "Chinese", "China", "Its", "This", "That", "Home", "In", "On", "Rival",
                                "Rivals", "Peer", "Larger", "Smaller", "Domestic", "Local", "State", "Neighbouring"})


@lru_cache(maxsize=1)
def _english_descriptors() -> frozenset[str]:
    return frozenset(w.lower() for w in gazetteer().english_descriptors)


def _no_name_word(word: str) -> bool:
    """A capitalised word that opens an English name's phrase but is no part of it: a function
    word, or the kind of company a wire story puts first (Brokerage Lecheng Securities posted…;
    gazetteer.yaml english_descriptors)."""
    return word in _EN_NOT_NAMES_BASE or word.lower() in _english_descriptors()


def _english_orgs(text: str, g: Gazetteer) -> list[Mention]:
    org, _ = _english_patterns()
    if org is None or not text.isascii():
        return []
    out = []
    for m in org.finditer(text):
        words = [w for w in m.group(1).split() if not _no_name_word(w)]
        if not words:
            continue
        start = m.start(1) + m.group(1).index(words[0])
        name = text[start:m.end()].rstrip(".")
        out.append(Mention(start, start + len(name), canonical_org(name), "organization", source="english name"))
    rival = _english_rival_pattern()
    taken = [(m.start, m.end) for m in out]
    for m in rival.finditer(text) if rival is not None else ():
        k = 1 if m.group(1) else 2
        words = m.group(k).split()
        while words and _no_name_word(words[0]):
            words.pop(0)  # In Beiyun P&C, …: a capitalised opener is no part of the name
        if not words:
            continue
        start = m.end(k) - len(" ".join(words))
        if not any(a <= start < b for a, b in taken):  # rival Chenxi Vision: a name, whatever it ends in
            out.append(Mention(start, m.end(k), canonical_org(" ".join(words)), "organization", source="english rival"))
    return out


def _dateline_end(text: str, g: Gazetteer) -> int:
    _, dateline = _english_patterns()
    if dateline is None:
        return 0
    m = dateline.search(text, 0, 80)
    return m.end() if m else 0


_QUOTED = re.compile(r"[“\"「『]([^”\"」』]{2,30})[”\"」』]")


def _event_mentions(text: str, tokens: list[Token], g: Gazetteer) -> list[Mention]:
    """Events: a quoted name ending in an event head (“2025武汉投资促进大会”), else the nouns
    before a head (武汉召开投资促进大会 -> 投资促进大会)."""
    heads = tuple(sorted(g.event_heads, key=len, reverse=True))
    out: list[Mention] = []
    for m in _QUOTED.finditer(text):
        name = m.group(1).strip()
        if name.endswith(heads):
            out.append(Mention(m.start(1), m.end(1), name, "event", source="event"))
    taken = [(x.start, x.end) for x in out]
    for i, t in enumerate(tokens):
        if t.word not in heads or any(s <= t.start < e for s, e in taken):
            continue
        k = i
        while k > 0 and i - k < 3 and (tokens[k - 1].flag.startswith("n") or tokens[k - 1].flag in ("vn", "j")):
            k -= 1
        k = _fallen_name_start(tokens, k, most=4 - (i - k))  # 峤/州马拉松: a first character cut off alone
        if k < i:
            start = tokens[k].start
            if text[start] in "届屆":  # (届 cut off as a name's first character)
                start += 1
            edition = _EDITION_BEFORE.search(text, max(0, start - 10), start)
            if edition:  # 第136届广交会: the edition is part of the event's name (a year's fair is no other's)
                start = edition.start()
            out.append(Mention(start, t.end, text[start:t.end], "event", source="event"))
    return out


def first_editions(norm: str) -> dict[str, str]:
    """The first edition the text names of each recurring event (第136届广交会 -> {广交会: 第136届广交会}),
    the one an article about it reports on (a later edition is announced, not reported)."""
    out: dict[str, str] = {}
    for m in _edition_names().finditer(norm):
        out.setdefault(m.group(1), m.group(0))
    return out


_EDITION = r"第[0-9一二三四五六七八九十百零〇]{1,6}\s?[届屆]"  # 第136届, 第十五屆
_EDITION_BEFORE = re.compile(_EDITION + r"\s?$")


@lru_cache(maxsize=1)
def _edition_names() -> re.Pattern:
    """An edition and the event it is of (第136届广交会): the event heads of gazetteer.yaml."""
    heads = "|".join(re.escape(h) for h in sorted(gazetteer().event_heads, key=len, reverse=True))
    return re.compile(rf"{_EDITION}\s?((?:[\u4e00-\u9fff]{{0,8}}?)(?:{heads}))")


def _inside_measure_name(text: str, start: int, end: int) -> bool:
    """An organisation ending (基金, 保险) inside a measure's name (政府性基金预算收入, 保险深度) names none."""
    from numcheck.claims.measures import measure_word_spans  # here: measures reads entity spans too

    return any(a < end and start < b and b - a > end - start for a, b in measure_word_spans(text))


def _fallen_name_start(tokens: list[Token], k: int, most: int) -> int:
    """The first of up to `most` single characters right before tokens[k] that may be an unknown
    name the cut left in pieces (澄/溟/湾, tagged anything but grammar), or k when there are none."""
    run = k
    while run > 0 and k - run < most and len(tokens[run - 1].word) == 1 and "\u4e00" <= tokens[run - 1].word <= "\u9fff" \
            and _registered_name_part(tokens[run - 1]) and tokens[run - 1].word not in "年月日的在于":
        run -= 1
    return run


def _uncounted(tokens: list[Token], k: int) -> bool:
    """A character cut as a measure word with no number before it (高于/泓/梁省): part of a name."""
    t = tokens[k]
    return t.flag == "q" and "\u4e00" <= t.word <= "\u9fff" and (k == 0 or tokens[k - 1].flag != "m")


def _is_name_token(t: Token) -> bool:
    if t.flag in _NAME_FLAGS:
        return True
    if len(t.word) == 2 and t.flag == "n" and _unknown_word(t.word):
        return True  # 岭峰: a word the HMM coined, in no dictionary: a name
    # unknown names fall apart into single characters (星/岚, 宁/川) in the dictionary-only cut;
    # a character no dictionary word holds is flagged x (芯/湃/集成): a rare name character
    return len(t.word) == 1 and "\u4e00" <= t.word <= "\u9fff" and (t.flag not in _STOP_FLAGS or t.flag == "x")


@lru_cache(maxsize=1)
def _facility_head_pattern() -> re.Pattern | None:
    """The facility heads as one alternation, longest first (one match per token, not one per head)."""
    heads = sorted(gazetteer().facility_heads, key=len, reverse=True)
    return re.compile("|".join(re.escape(h) for h in heads)) if heads else None


def _shape_mentions(text: str, tokens: list[Token], known: list[Mention], g: Gazetteer) -> list[Mention]:
    out: list[Mention] = []
    suffixes = set(g.org_suffixes)
    scope = set(g.scope_words)
    heads = _facility_head_pattern()
    known_at = {m.start: m for m in known}
    n = len(tokens)
    i = 0
    while i < n:
        t = tokens[i]
        hit = heads.match(text, t.start) if heads else None
        head = hit.group(0) if hit else None
        if head:
            end = t.start + len(head)
            j = i
            while j < n and tokens[j].end <= end:
                j += 1
            if j < n and tokens[j].start < end:  # head ends inside a token: not a head here
                head = None
        if head:
            out_m = _facility(text, tokens, i, end, j, known_at, g)
            if out_m:
                out.append(out_m)
                i = max(j, i + 1)
                continue
        institution = _institution(text, tokens, i, g, scope)
        if institution is not None:
            out.append(institution)
            i += 1
            continue
        if t.word in suffixes and i > 0:
            k = i
            while k > 0 and i - k < 3 and _is_name_token(tokens[k - 1]) and tokens[k - 1].word not in scope:
                k -= 1
            if k == i and i >= 2 and _two_single_characters(tokens[i - 2], tokens[i - 1]):
                k = i - 2  # 云/从/科技: an unknown two-character name cut as a noun and a preposition
            elif k == i and i >= 2 and t.word in ("集团", "公司", "有限公司") and tokens[i - 1].flag == "n" \
                    and len(tokens[i - 1].word) == 2 and tokens[i - 2].flag in ("ns", "nr", "nz", "j") \
                    and len(tokens[i - 2].word) >= 2 and not _is_known_place(tokens[i - 2].word) \
                    and tokens[i - 2].word not in scope:
                k = i - 2  # 瀛海/港口/集团: a name, its trade and its legal form
            while k < i and tokens[k].word in g.comparison_words:
                k += 1  # 同业/澄峰/电力: the peer word says who it is compared with, not its name
            if (k < i and k > 0 and len(tokens[k].word) == 1 and len(tokens[k - 1].word) == 1
                    and _name_chars(tokens[k - 1].word) and tokens[k - 1].flag not in ("m", "t")
                    and not (tokens[k - 1].flag == "q" and k >= 2 and tokens[k - 2].flag in ("m", "r"))):
                k -= 1  # 远/澜/航运: a one-character name part is the end of a two-character name
            if k < i and t.start - tokens[k].start == 1 and tokens[k].word in _REGION_MARKS:
                k = i  # 陆家居, 台电子: a region's mark before a line of business describes, names no one
            if k < i and not (i - k == 1 and _is_known_place(tokens[k].word) and t.word not in g.hard_org_suffixes):
                end = t.end
                while i + 1 < n and tokens[i + 1].word in suffixes and tokens[i + 1].word not in ("科技", "汽车", "手机"):
                    i += 1
                    end = tokens[i].end
                start = _name_start(text, tokens[k].start, end)  # 的曌岱新能源: the HMM took 的 in
                word = text[start:end]
                if word and word[0] in _MAKER_ENDS and len(word) >= 5 and k > 0 and tokens[k - 1].end == start \
                        and tokens[k - 1].flag in ("n", "vn", "nz") and len(tokens[k - 1].word) >= 2:
                    start, word = start + 1, word[1:]  # 饮料/商青屿饮品: the maker's trade (饮料商), then its name
                    out = [x for x in out if not (x.kind == "name" and x.start < end and start - 1 < x.end)]
                for descriptor in g.org_descriptors:  # 航商汭洋航运: the kind of company, then its name
                    if word.startswith(descriptor) and len(word) - len(descriptor) >= 4:
                        start, word = start + len(descriptor), word[len(descriptor):]
                    elif word.startswith(descriptor) and word[len(descriptor):] in suffixes:
                        word = ""  # 陆系家居: a kind of company and its line of business, no name
                if not word:
                    i += 1
                    continue
                if word not in scope and not word.endswith(tuple(g.category_words)) \
                        and not _inside_measure_name(text, start, end) and not _NEWSPAPER.match(text, end):
                    out.append(Mention(start, end, canonical_org(word), "organization", source="suffix"))
                i += 1
                continue
        if t.flag in _PLACE_FLAGS and len(t.word) >= 2 and t.word not in scope and t.word[0] not in DETERMINERS and (
                _is_known_place(t.word) or any(t.word.endswith(x) for x in g.place_suffixes)
                or (i + 1 < n and tokens[i + 1].word in g.place_suffixes)
                or (i > 0 and tokens[i - 1].flag in _PLACE_FLAGS and _is_known_place(tokens[i - 1].word))):
            # 泰国曼谷: a place named right after a known one is inside it
            start, end = t.start, t.end
            if i > 0 and len(tokens[i - 1].word) == 1 and (_is_name_token(tokens[i - 1]) or _uncounted(tokens, i - 1)) \
                    and any(t.word.endswith(x) and len(t.word) - len(x) == 1 for x in g.place_suffixes):
                start = tokens[i - 1].start  # 嘉/澜市 -> 嘉澜市, 杭/湾新区 -> 杭湾新区, 泓(q)/梁省
            if i + 1 < n and tokens[i + 1].word in g.place_suffixes:
                end = tokens[i + 1].end  # 武昌/区
            out.append(Mention(start, end, canonical_place(text[start:end]), "place", source="pos:ns"))
        elif t.flag == "nt" and len(t.word) >= 2 and t.word not in scope and t.word not in g.category_words \
                and not _NEWSPAPER.match(text, t.end):  # (通信产业/报: a newspaper, the source)
            # (公共交通 is a kind of transport, no organisation)
            out.append(Mention(t.start, t.end, canonical_org(t.word), "organization", source="pos:nt"))
        elif (t.flag in ("nr", "nrt", "nz") and len(t.word) >= 2 and i + 1 < n and tokens[i + 1].word in ("市", "省", "县")
              and t.word not in scope):
            # 蔺阳/市: an unknown city cut as a name and its ending; Taiwanese headlines put 陆
            # (mainland) before a mainland place (陆蔺阳市)
            name = t.word[1:] if t.word.startswith("陆") and len(t.word) >= 3 else t.word
            out.append(Mention(t.end - len(name), tokens[i + 1].end, name + tokens[i + 1].word, "place",
                               source="name and place ending"))
            i += 1
        elif t.flag in ("nr", "nrt") and len(t.word) >= 2 and not _person_like(tokens, i, g) \
                and not _dictionary_compound(t.word) and not _opens_unit(text, t.start):
            # a personal or brand name: only a hint for the owner of a facility, never picked itself
            out.append(Mention(t.start, t.end, canonical_org(t.word), "name", source=f"pos:{t.flag}"))
        i += 1
    return out


# 瑷汀品牌收入, 主品牌婳萃: a brand's figures are a segment of its owner's (facets.yaml), the brand no entity
_BRAND = re.compile(r"品牌(?!商|方)")
_BRAND_BEFORE = re.compile(r"(?:主|子|旗下|自有|核心)品牌$")
_REGION_MARKS = frozenset("陆台港澳中美日韩欧德")  # one character for a region, as Taiwanese and HK headlines write it
_NOT_A_NAME_START = "的之和与及在于对从向"


def _name_start(text: str, start: int, end: int) -> int:
    """Where a name found by its ending starts, past the grammar characters the segmenter glued to
    its front (的曌岱新能源, 于溯江流域); five characters at least are read (and 和谐 stays whole at four)."""
    while text[start] in _NOT_A_NAME_START and end - start > 4:
        start += 1
    of = text.rfind("的", start, end - 4)
    if of >= 0:
        start = of + 1  # 同省的鄳水农商银行: a name holds no 的; what comes before it describes
    return start
# 朔岚能源报, 嶙州商报: a name that runs on into 报 is a newspaper's, a source and not a subject
_NEWSPAPER = re.compile(r"(?:日|晚|早|商|时|周)?报(?!告|道|表|送|收|价|出|捷|名|批|备|案|销|称|请)|杂志|周刊|网讯|局|厅")


DETERMINERS = "各全该本每此其"  # 各乡镇, 全县, 该市: which places, never a place's name

_MODEL_CODE = re.compile(r"[A-Z]{1,3}\d{1,4}[A-Za-z]{0,3}")


def _product_mentions(text: str, tokens: list[Token]) -> list[Mention]:
    """A product: a coined name with a model code (芯片玄戒O1, 小米SU7). The coined part is no
    dictionary word (企业TOP50 is a list, not a product); an organisation's name may be it."""
    if not _MODEL_CODE.search(text):
        return []
    freq = names_dictionary()
    table = _gazetteer_index()[1]
    out = []
    for i in range(1, len(tokens)):
        t, p = tokens[i], tokens[i - 1]
        if t.flag != "eng" or p.end != t.start or not _MODEL_CODE.fullmatch(t.word):
            continue
        is_org = table.get(p.word, ("", ""))[1] == "organization"
        if not (is_org or (2 <= len(p.word) <= 3 and p.word not in freq and "\u4e00" <= p.word[0] <= "\u9fff")):
            continue
        out.append(Mention(p.start, t.end, text[p.start:t.end], "product", source="product"))
    return out


_OPEN, _CLOSE = ("(", "（"), (")", "）")


def _registered_names(text: str, tokens: list[Token], g: Gazetteer) -> list[Mention]:
    """中科慧拓(北京)科技有限公司: a company's registered name, with the place it is registered in
    between brackets; the entity is the name before the bracket (中科慧拓)."""
    out = []
    legal = set(g.hard_org_suffixes)
    for i, t in enumerate(tokens):
        if t.word not in _OPEN or i + 2 >= len(tokens) or tokens[i + 2].word not in _CLOSE:
            continue
        k = i
        while k > 0 and i - k < 4 and _registered_name_part(tokens[k - 1]) and t.start - tokens[k - 1].start <= 6:
            k -= 1
        j = i + 3
        while j < len(tokens) and j - i < 7 and tokens[j].word not in legal and tokens[j].flag.startswith("n"):
            j += 1
        if k == i or j >= len(tokens) or tokens[j].word not in legal or i - k == 1 and len(tokens[k].word) < 2:
            continue
        name = text[tokens[k].start:t.start]
        out.append(Mention(tokens[k].start, tokens[j].end, canonical_org(name), "organization",
                           source="registered name"))
    return out


def _clause_initial_names(text: str, tokens: list[Token], known: list[Mention]) -> list[Mention]:
    """An unknown two-character name that opens a clause right before a measure (；霁光出货1098万台)
    or before 以 and a figure: the cut split it into characters or coined it, and nothing else
    names what the measure is of."""
    from numcheck.claims.measures import lexicon

    taken = {(m.start, m.end) for m in known}
    out = []
    lex = lexicon()
    for i in range(len(tokens) - 1):
        if i > 0 and tokens[i - 1].word not in "，,；;。：:" and tokens[i - 1].flag != "t" \
                and not tokens[i - 1].word.endswith(("季度", "年", "月")):
            continue  # a clause's start, or right after its time word (三季度鸣远出货…)
        a = tokens[i]
        if len(a.word) == 2 and _unknown_word(a.word) and _name_chars(a.word) and tokens[i + 1].word == "以":
            # the HMM cut kept it whole (澄星/以); only before 以, as a coined word before a
            # measure is as often a term the dictionary lacks (拨备/覆盖率)
            start, end, after = a.start, a.end, i + 1
        elif i + 2 < len(tokens) and len(a.word) == 1 and len(tokens[i + 1].word) == 1 \
                and _name_chars(a.word + tokens[i + 1].word):
            start, end, after = a.start, tokens[i + 1].end, i + 2
        else:
            continue
        c = tokens[after]
        # …before a measure, or before 以 and a figure (澄星以1352万台位居第一: it ranks by that figure)
        by_figure = c.word == "以" and after + 1 < len(tokens) and tokens[after + 1].word[:1] in _FIGURE_START
        if (start, end) in taken or not (c.word in lex.verb_measures or lex.zh.match(text, c.start) or by_figure):
            continue
        if lex.zh.match(text, c.start) and not by_figure and c.word not in lex.verb_measures \
                and (i == 0 or tokens[i - 1].word[-1:] not in "，,；;"):
            # 全年晶圆出货量, 晶圆出货量：862.4万片: opening a line or after a time word, a noun before
            # a measure noun is what is measured, not who
            continue
        out.append(Mention(start, end, text[start:end], "organization", source="clause-initial name"))
    return out


_FIGURE_START = frozenset("0123456789０１２３４５６７８９一二三四五六七八九十两百千万")


# a work's title in 《》 (a film, a book, a show): the subject of its box office or sales; a
# document's (《…行动方案》, 《…公报》) or a list's title names none
_WORK_TITLE = re.compile(r"《([^《》]{2,20})》")


_LINE_NUMBER = re.compile(r"(\d{1,2}|[一二三四五六七八九十]{1,3})\s*号线")
_LINE_SYSTEM = re.compile(r"([\u4e00-\u9fff]{2,4}?)市?(?:地铁|轨道交通|轨交|城轨)\s*$")
def _line_number(said: str) -> str:
    number = parse_numeral(said)
    return str(int(number.value)) if number is not None and number.value is not None else said


def line_mentions(text: str) -> list[Mention]:
    """Metro and rail lines (岚江地铁4号线, 4号线): named things whose figures are their own, the
    city's system named with them when the text does (嵐江市地鐵4號線 = 岚江地铁4号线)."""
    out = []
    for m in _LINE_NUMBER.finditer(text):
        system = _LINE_SYSTEM.search(text, max(0, m.start() - 7), m.start())
        city = system.group(1)[-2:] if system else ""  # two characters: 内地岚江市地铁 is 岚江's
        start = system.end(1) - len(city) if system else m.start()
        name = f"{city}地铁{_line_number(m.group(1))}号线" if city else f"{_line_number(m.group(1))}号线"
        out.append(Mention(start, m.end(), name, "organization", source="line"))
    return out


def _work_titles(text: str) -> list[Mention]:
    if "《" not in text:
        return []
    not_works = gazetteer().document_title_endings
    return [Mention(m.start(), m.end(), m.group(1), "organization", source="work title")
            for m in _WORK_TITLE.finditer(text) if not m.group(1).endswith(tuple(not_works))]


def _name_chars(word: str) -> bool:
    """Han characters, none a grammar word: an unknown name, or its halves as the cut left them."""
    not_name = _not_name_chars()
    return all("\u4e00" <= ch <= "\u9fff" and ch not in not_name for ch in word)


@lru_cache(maxsize=1)
def _not_name_chars() -> frozenset[str]:
    """Characters that never open or close an unknown two-character name: grammar words, numerals
    and counters (万/人 is a count), and the words a clause opens with (共/设, 已/达, 但/受)."""
    from numcheck.claims.numerals import CN_DIGIT_CHARS, UNIT_CHARS

    return frozenset(_FUNCTION_CHARS | set(CN_DIGIT_CHARS) | set(UNIT_CHARS) | set("人个家位名项次台辆座吨亩斤")
                     | set("共总已仍均约近超达设有占增减新累计合另同如若即但受据因随虽凭经按依"))


def _unknown_word(word: str) -> bool:
    return word not in dictionary().tags


def _dictionary_compound(word: str) -> bool:
    """Whether a four-character 'name' (同比增加, tagged as a person's name) is two common words of
    two characters put together: a phrase, not a name."""
    if len(word) != 4:
        return False
    tags = dictionary().tags
    halves = (word[:2], word[2:])  # (jieba's dictionary itself lists 同比增加 as a person's name)
    return all(tags.get(h) not in (None, "nr", "nrt", "ns", "nt", "nz") for h in halves)


# characters that stand alone as grammar, never as the first half of a name
_FUNCTION_CHARS = frozenset("的了在和与及或是为将被把对从向由于以而并且也都就还又再很最更其该此这那每各全本我你他她它们个")


@lru_cache(maxsize=1)
def _institution_suffixes() -> tuple[str, ...]:
    return tuple(sorted(gazetteer().institution_suffixes, key=len, reverse=True))


@lru_cache(maxsize=1)
def _institution_suffix_set() -> frozenset[str]:
    return frozenset(gazetteer().institution_suffixes)


def _institution(text: str, tokens: list[Token], i: int, g: Gazetteer, scope: set[str]) -> Mention | None:
    """An institution or venue ending at tokens[i] (澄江/市图书馆, 宁/溪/国际航空/枢纽): the names and
    places right before an institution word, which may be cut into the same token."""
    t = tokens[i]
    suffixes = _institution_suffixes()
    if not suffixes or not (t.word.endswith(suffixes)  # the cheap test first: one call per token
                            or (i > 0 and tokens[i - 1].word + t.word in _institution_suffix_set())):
        return None  # (海洋/王国: an ending cut in two)
    if t.word.endswith("港") and t.word not in ("港", "海港") and t.flag not in ("ns", "nr", "nz"):
        return None  # 出港, 进港: a verb, no port (瀛/海港, 宁波舟山港 are ports)
    k = i
    if i > 0 and tokens[i - 1].word + t.word in _institution_suffix_set():
        k = i - 1  # 跨海/通道: a two-token ending
    top = k
    while k > 0 and top - k < 3 and _is_name_token(tokens[k - 1]) and tokens[k - 1].word not in scope:
        k -= 1
    if k >= 2 and _two_single_characters(tokens[k - 2], tokens[k - 1]):
        k -= 2  # 宁/溪: an unknown place name cut into single characters
    if k == top:
        run = _fallen_name_start(tokens, k, most=4)
        if k - run >= 2:
            k = run  # 澄/溟/湾/跨海通道: an unknown name fallen apart into characters of any tag
    if k == top and k > 0 and len(tokens[k - 1].word) == 2 and tokens[k - 1].flag in ("n", "nr", "nz", "nrt") \
            and tokens[k - 1].word not in scope and tokens[k - 1].word not in g.generic_venue_words:
        k -= 1  # 星野/乐园: a name of common words (星野) before a venue ending is still its name
    if k == top:
        return None  # 图书馆 alone, or 市图书馆: no name
    start = _name_start(text, tokens[k].start, t.end)  # 受益于/溯江流域 cut as 于溯江/流域: 于 is no part of it
    word = text[start:t.end]
    if word in scope:
        return None
    return Mention(start, t.end, word, "organization", source="suffix")


def _two_single_characters(a: Token, b: Token) -> bool:
    cjk = lambda t: len(t.word) == 1 and "\u4e00" <= t.word <= "\u9fff"  # noqa: E731
    return cjk(a) and cjk(b) and (a.flag.startswith("n") or a.flag == "j") and not b.flag.startswith(("u", "m"))


def _registered_name_part(t: Token) -> bool:
    """Before a registered name's bracket every short word is the name (云岭/智/控: 控 is cut as a verb)."""
    if _is_name_token(t) or t.flag.startswith("n"):
        return True
    return len(t.word) == 1 and "\u4e00" <= t.word <= "\u9fff" and not t.flag.startswith(("x", "p", "c", "u"))


def _is_known_place(word: str) -> bool:
    _, table = _gazetteer_index()
    hit = table.get(word)
    return bool(hit and hit[1] == "place")


def _person_like(tokens: list[Token], i: int, g: Gazetteer) -> bool:
    prev = tokens[i - 1].word if i > 0 else ""
    nxt = tokens[i + 1].word if i + 1 < len(tokens) else ""
    return any(prev.endswith(w) for w in g.person_titles) or nxt in g.speech_verbs or nxt in g.person_titles


_FACILITY_SCOPES = frozenset({"全球", "国际", "区域", "海外"})  # 全球研发中心, 区域总部
_NUMERAL_START = re.compile(r"[\d一二两三四五六七八九十百千万亿第首]")


def _facility(text, tokens, i, head_end, j, known_at, g: Gazetteer) -> Mention | None:
    """A facility ending at tokens[i]'s head: modifiers, place and owner before it, a phase after."""
    k = i
    steps = 0
    while k > 0 and steps < 4:
        p = tokens[k - 1]
        owner = next((m for m in known_at.values() if m.start <= p.start < m.end), None)
        if owner is not None:  # a name already found counts as one step (宁/川/新能源 = 宁川新能源)
            while k > 0 and tokens[k - 1].start >= owner.start:
                k -= 1
            steps += 1
            continue
        if p.flag in _STOP_FLAGS - {"vn", "b", "a"} or p.flag.startswith("u"):
            break
        if p.word in references():
            break
        if p.word in g.facility_heads or p.word in g.facility_verbs or p.word in references() \
                or _NUMERAL_START.match(p.word) or (p.word in g.scope_words and p.word not in _FACILITY_SCOPES):
            break
        if len(p.word) == 1 and k >= 2 and tokens[k - 2].flag in ("m", "q", "x", "eng"):
            break  # 万人研发中心: 人 belongs to the number
        k -= 1
        if not (len(p.word) == 1 and k > 0 and len(tokens[k - 1].word) == 1 and _is_name_token(tokens[k - 1])):
            steps += 1  # an unknown name cut into single characters (宁/川) is one step
    end = head_end
    rest = text[end:]
    for phase in g.facility_phase:
        if rest.startswith(phase):
            end += len(phase)
            break
    start = tokens[k].start if k < i else tokens[i].start
    if start == tokens[i].start and text[start:head_end] in ("工厂", "基地", "中心", "总部", "园区", "实验室", "产线", "平台"):
        return None  # a bare head is a reference, not a name
    _, table = _gazetteer_index()
    has_org = has_place = False
    owner = None
    for m in sorted(known_at.values(), key=lambda m: m.start):
        if start <= m.start < head_end:
            has_org |= m.kind == "organization"
            has_place |= m.kind == "place"
            if m.kind == "organization" and owner is None:
                owner = m.name
    for tok in tokens[k:i]:
        if tok.flag == "ns" and tok.word not in g.scope_words:
            has_place = True
        elif tok.start not in known_at and tok.flag in ("nr", "nrt", "nt", "nz"):
            has_org = True  # an owner's name or brand is part of it (保伦电子华中总部, 双鹿上菱冰箱工厂)
    name = text[start:end]
    for m in sorted((m for m in known_at.values() if start <= m.start and m.end <= head_end), key=lambda m: -m.start):
        name = name[: m.start - start] + m.name + name[m.end - start:]
    return Mention(start, end, name, "facility", has_org=has_org, has_place=has_place, source="facility", owner=owner)


@lru_cache(maxsize=1)
def _reference_pattern() -> re.Pattern:
    words = sorted(references(), key=len, reverse=True)
    return re.compile("|".join(rf"\b{re.escape(w)}\b" if w.isascii() else re.escape(w) for w in words), re.IGNORECASE)


def _reference_mentions(text: str, bounds: set[int]) -> list[Mention]:
    refs = references()
    out = []
    for m in _reference_pattern().finditer(text):
        w = m.group(0)
        kind = refs.get(w) or refs.get(w.lower())
        if kind is None or (not w.isascii() and (m.start() not in bounds or m.end() not in bounds)):
            continue
        if re.search(r"占(?:到|据|了)?$", text[max(0, m.start() - 3):m.start()]):
            continue  # 占全省四成: the whole a share is of, never whose share it is
        if re.match(r"\s*(?:第|前\s*[\d一二三四五六七八九十])", text[m.end():m.end() + 4]):
            continue  # 居全省第二位: the league a rank is in, not who holds it
        out.append(Mention(m.start(), m.end(), w, "reference", ref_kind=kind, source="reference"))
    return out


# --------------------------------------------------------------------------- document context


@dataclass
class EntityContext:
    """What the document has named so far: the memory behind references and fallbacks."""

    topic: str | None = None
    document_subject: str | None = None  # the article's subject, as its headline names it (document_subject.py)
    document_event: int | None = None  # the month of the yearly event its headline names (双11: 11)
    # a recurring event's first edition the text names (第136届广交会): what 本届广交会, 广交会 mean in it
    editions: dict[str, str] = field(default_factory=dict)
    document_event_year: int | None = None  # the year of the one-off event its headline names (a census)
    topic_org: str | None = None
    topic_place: str | None = None
    home_place: str | None = None  # the place of a local outlet (苍澜日报 -> 苍澜): what 我省/我市 means
    document_places: list[str] = field(default_factory=list)  # unknown places the text writes (洺州市)
    last_of_kind: dict[str, str] = field(default_factory=dict)  # kind -> last name
    facilities: list[str] = field(default_factory=list)  # full facility names, in order
    events: list[str] = field(default_factory=list)  # event names, in order
    places: list[str] = field(default_factory=list)  # place names, in the order last named
    event_dates: dict[str, str] = field(default_factory=dict)  # event -> period of the sentence naming it
    object_facilities: list[str] = field(default_factory=list)  # named as objects (建设智能家电工厂)
    focus: str | None = None  # subject of the last sentence that named something
    speaker_org: str | None = None  # the organisation of the last quoted speaker (我们)
    sentence_speaker: str | None = None  # the organisation of the speaker of the sentence being read
    rivals: set[str] = field(default_factory=set)  # organisations the subject was compared with (仅次于X)

    def remember(self, mentions: list[Mention]) -> None:
        first = facility = None
        lines = sum(m.source == "line" for m in mentions)
        for m in mentions:
            if m.compared and m.kind == "organization":
                self.rivals.add(m.name)
            if m.kind in ("reference", "name") or m.name in gazetteer().scope_words or m.compared or m.part \
                    or (m.name in self.rivals and m.name != self.document_subject):
                continue  # a name the subject is compared with, here or before, is no subject of what follows
            if m.kind in ("category", "modifier") or (m.source == "line" and lines > 1):
                continue  # (7号线、9号线相继开通: a list of lines is no subject of what follows)
            if _reports_figures(m.name):
                continue  # 商报讯, 省统计局: the source of the figures is no subject of what follows
            # a work's title (《星渊纪》) is what 该片 points to, never 公司
            kind = "work" if m.source == "work title" else m.kind
            self.last_of_kind[kind] = m.name
            if m.kind == "place":
                if m.name in self.places:
                    self.places.remove(m.name)
                self.places.append(m.name)
            if m.kind == "event" and m.name not in self.events:
                self.events.append(m.name)
            if m.kind == "facility" and m.name not in self.facilities:
                self.facilities.append(m.name)  # the caller has completed its name
            first = first or m.name
            if m.kind == "facility":
                facility = m.name
        # a sentence that names a facility is about it (北京亦庄,小米汽车工厂的压铸车间内…)
        if facility or first:
            self.focus = facility or first


def complete_facility(m: Mention, ctx: EntityContext, org_hint: str | None, place_hint: str | None,
                      locative_place: str | None = None) -> str:
    """The full name of a facility mention: an earlier name it abbreviates, else owner + place + name.
    An owner's facility without a place takes the place the sentence is set in (在泰国曼谷,小米区域总部
    -> 小米曼谷区域总部)."""
    if m.has_org and not m.has_place and locative_place and locative_place not in m.name:
        table = _gazetteer_index()[1]
        known = [m.name[:k] for k in range(min(8, len(m.name) - 1), 1, -1)
                 if table.get(m.name[:k], ("", ""))[1] == "organization"]
        owner = next((o for o in (org_hint, ctx.topic_org, _short_owner(ctx.topic_org), *known)
                      if o and m.name.startswith(o)), None)
        if owner:
            return owner + locative_place + m.name[len(owner):]
    for full in reversed(ctx.facilities):
        if m.has_org and len(m.name) >= 6:
            break  # owner and what it makes: a name of its own (小米汽车工厂 is not 小米汽车超级工厂 shortened)
        if full != m.name and _is_subsequence(m.name, full) and full[-1] == m.name[-1]:
            return full
    name = m.name
    if not m.has_org:
        # a public facility (算力公共服务平台) is the place's, not the company the article is about
        public = any(w in name for w in gazetteer().public_facility_words)
        org = None if public else _short_owner(org_hint or ctx.topic_org)
        # the place: named in the sentence, or the article's own topic when it is a place
        place = place_hint or (ctx.topic_place if ctx.topic == ctx.topic_place else None)
        if not m.has_place and place and not name.startswith(place):
            name = place + name
        if org and not name.startswith(org):
            name = org + name
    return name


def owner_name(facility: str) -> str | None:
    """The organisation a facility's name opens with (小米智能家居物联网平台 -> 小米), longest known name first."""
    table = _gazetteer_index()[1]
    for k in range(min(8, len(facility) - 1), 1, -1):
        hit = table.get(facility[:k])
        if hit and hit[1] == "organization":
            return hit[0]
    for suffix in gazetteer().org_suffixes:  # an unknown company: a name plus its suffix (云岭电子)
        k = facility.find(suffix, 2)
        if 2 <= k <= 4 and not _is_known_place(facility[:k]) and len(facility) > k + len(suffix):
            return facility[:k + len(suffix)]
    return None


def _short_owner(org: str | None) -> str | None:
    """A facility carries its owner's short name (盖瑞特集团 -> 盖瑞特武汉工厂)."""
    if not org:
        return org
    for suffix in sorted(gazetteer().hard_org_suffixes, key=len, reverse=True):
        if org.endswith(suffix) and len(org) - len(suffix) >= 2:
            return org[: -len(suffix)]
    return org


def _is_subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


def _without_phase(name: str) -> str:
    for phase in gazetteer().facility_phase:
        if name.endswith(phase) and len(name) > len(phase):
            return name[: -len(phase)]
    return name


def resolve_reference(m: Mention, ctx: EntityContext, said: str = "", phase: str = "") -> str | None:
    """What a reference word points to; a facility reference names the whole facility
    (基地 -> 宁川新能源楚湾基地, not its 一期) unless a phase follows it (基地二期)."""
    kind = m.ref_kind
    if kind == "event":
        return ctx.events[-1] if ctx.events else None
    if kind == "facility":
        head = said.lstrip("该这座家个所")
        found = None
        for named in (ctx.facilities, ctx.object_facilities):
            same = [f for f in named if head and _without_phase(f).endswith(head)]
            if same:
                found = same[-1]  # 该工厂 -> the last factory, not the last research centre
                break
        if found is not None:  # 基地 names the whole base, 基地二期 its second phase
            return _without_phase(found) + phase
        named = ctx.facilities or ctx.object_facilities
        return named[-1] if named else None  # 该项目: the project as named, phase and all
    if kind == "speaker":
        return ctx.speaker_org or ctx.last_of_kind.get("organization") or ctx.topic_org
    if kind == "organization":
        return ctx.last_of_kind.get("organization") or ctx.topic_org
    if kind == "work":
        return ctx.last_of_kind.get("work") or ctx.last_of_kind.get("organization") or ctx.topic_org
    if kind == "place":
        word = m.name  # a reference mention is named by its word (我省, 全县)
        level = word[-1:] if len(word) == 2 and word[-1:] in ("省", "市", "县", "区") else ""
        last = ctx.last_of_kind.get("place") or ctx.topic_place
        if level and not (last or "").endswith(level):
            # 全省 after a city was named: the province named before it, the topic's, or the paper's
            same_level = next((p for p in reversed(ctx.places) if p.endswith(level)), None)
            if same_level is None and (ctx.topic_place or "").endswith(level):
                same_level = ctx.topic_place
            if same_level is not None:
                return same_level
            if level == "市" and last and not last.endswith(("省", "市", "县", "区")):
                return last  # 洺州 named bare (known cities are kept without 市): the city of 全市
            written = [p for p in ctx.document_places if p.endswith(level)]
            if len(written) == 1:
                return written[0]  # 洺州市统计局…该市: the one such place the text writes, not the paper's home
            if ctx.home_place:
                return ctx.home_place + level  # 我省, 全省 in 苍澜日报: 苍澜省
        return last
    return ctx.focus or ctx.topic
