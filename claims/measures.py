"""The measure stage: what a number measures, read from the clause around it.

A number's measure is a concept of claims/data/measures.yaml named in its own clause (营收,
營業收入 and "revenue" are one concept), with the aspect the words beside the number give it
(the level itself, its growth rate, its change, its share, a rank) and the facets that narrow
it (claims/data/facets.yaml: area, sub-period, basis, stage, phase, ownership, cohort, and a
business segment or product line written before the measure). A clause that names no measure
gives none: the number then carries no concept and is not cross-checked (abstaining is better
than pairing a figure with the wrong one). A clause of only a growth or change (…，同比增长9.4%)
continues the measure of the clause before it in the same sentence.

`find_measure(text, start, end, quantity, language, previous)` is the stage's one entry point;
`clause_bounds` is shared with the stages that read the same clause.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from numcheck.claims.lexicon import load_data, trie_pattern
from numcheck.claims.normalize import normalize
from numcheck.claims.quantities import english_counted_noun
from numcheck.claims.periods import find_time_expressions, respective_time, respectively_before
from numcheck.claims.segment import cut_words

Kind = Literal["level", "count", "share", "margin", "rate", "rank", "streak", "duration", "price", "capacity"]
Family = Literal["money", "count", "percent", "rank", "duration", "length", "area", "volume", "mass", "energy",
                 "power", "data", "concentration", "temperature", "speed", "computing", "score", "other"]


class MeasureEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    name: str
    kind: Kind
    units: list[Family]
    zh: list[str] = []
    zh_hant: list[str] = []
    en: list[str] = []
    note: str | None = None
    # a measure named only with what it is of (渗透率, 覆盖率): the words right before it are
    # part of what it measures and become its segment, whatever they are
    generic: bool = False
    # the measure words a count of it takes, when only these fit (客运量: 人次, 人): a figure
    # counted in another (2816万标准箱) is not of this measure
    counters: list[str] = []
    # the measure a wording of this one names when its figure is in another unit family (English
    # "sales": the units sold, but "cheese sales rose to 3.2 billion yuan" is their value; "exports
    # rose to 3.86 million tonnes" is the export volume)
    units_as: dict[str, str] = {}
    # a ratio of the figure the clause before states (收入18.7亿元，完成预算的108.2%): that figure's
    # measure is what it is of, and becomes its `of` facet
    of_previous: bool = False

    @field_validator("id")
    @classmethod
    def _snake_case(cls, v: str) -> str:
        if not re.fullmatch(r"[a-z0-9_.]+", v):
            raise ValueError(f"id {v!r} is not snake_case")
        return v


class MeasureLexicon(BaseModel):
    model_config = ConfigDict(extra="allow")  # comments-as-keys and later additions do not break loading

    measures: list[MeasureEntry]
    # concepts that are one measure for comparison (a museum's visitors are its tourist arrivals;
    # the entity keeps a city's apart from a museum's): claims carry the first id of the group
    same_measure: list[list[str]] = []
    # measures taken at a date (deposits, a fleet, installed capacity): a window's level is its end's
    stocks: list[str] = []
    lower_is_better: list[str] = []

    @model_validator(mode="after")
    def _unique_ids(self) -> "MeasureLexicon":
        seen: set[str] = set()
        for m in self.measures:
            if m.id in seen:
                raise ValueError(f"measure id {m.id!r} is listed twice")
            seen.add(m.id)
        return self


class FacetLexicon(BaseModel):
    model_config = ConfigDict(extra="forbid")

    facets: dict[str, dict[str, list[str]]]
    pairs: dict[str, list[str]] = {}
    verb_measures: dict[str, list[str]] = {}
    counter_measures: dict[str, str] = {}
    rank_scopes: dict[str, str] = {}
    whole: list[str]
    cohort: list[str]
    segment_markers: list[str]
    segment_words: list[str]
    stop_words: list[str]
    segment_stops: list[str] = []
    product_line_measures: list[str] = []
    segment_translations: dict[str, str] = {}
    segment_aliases: dict[str, str] = {}
    directions: dict[str, list[str]]
    english_clause_verbs: list[str] = []
    english_clause_openers: list[str] = []


# the quantity's dimension -> the unit family measures.yaml names
FAMILY_OF_DIMENSION = {"money": "money", "count": "count", "ratio": "percent", "rank": "rank",
                       "duration": "duration", "length": "length", "area": "area", "volume": "volume",
                       "mass": "mass", "energy": "energy", "power": "power", "data": "data", "compute": "computing",
                       "temperature": "temperature", "speed": "speed", "concentration": "concentration",
                       "money_rate": "money", "score": "score"}

_ASPECT_WORD = {"growth": "增速", "change": "增量", "share": "占比", "rank": "排名", "level": ""}
# clause ends: Chinese commas and stops, English commas only before a new clause's subject is
# not tellable cheaply, so English clauses end at ; . and at ", " before a conjunction or "which"
_ZH_CLAUSE_END = "，,；;。！？!?\n|、"
_EN_CLAUSE_END = re.compile(r";|\.(?=\s|$)|,\s+(?:and|but|while|which|whereas|with|after|compared)\b")


@dataclass(frozen=True, slots=True)
class MeasureFound:
    concept: str  # the measure's id
    aspect: str  # level | growth | change | share | rank
    facets: dict[str, str] = field(default_factory=dict)
    metric: str = ""  # readable: facets + measure name + aspect word (海外业务收入增速)
    words: str = ""  # the text that named the measure, for evidence
    inherited: bool = False  # the measure was named in the clause before
    negative: bool = False  # a decline: the value's sign flips
    kind: str = "level"  # the measure's kind (measures.yaml): a count of days is no duration
    # of the figures the clauses before a 分别 state (A…，B…，分别增长x和y): which one this changes,
    # counted back from the last (1: the last, 2: the one before it); 0 when none
    listed_back: int = 0

    @property
    def known(self) -> bool:
        return bool(self.concept)


# a figure of a list of names (甲、乙分别为x和y): each item's own, which the measure stage cannot
# pair with its name; such figures are not cross-checked (claims/confidence.py)
OF_A_NAMED_LIST = MeasureFound("", "level", words="分别")
# a figure of several names together (甲、乙、丙合计…): no one's, not cross-checked either
OF_NAMES_TOGETHER = MeasureFound("", "level", words="合计")
# the level a change started from, in an English "rose/fell to X from Y" (Y's period is the one before)
LEVEL_BEFORE = MeasureFound("", "level", words="from")
# a part of a whole, in an English "Luowan accounted for 9.053 million TEU" or "wind turbines
# making up 22.15 GW": the part is named by no measure word, only by the whole's
A_PART = MeasureFound("", "level", words="part")
_EN_FROM_BEFORE = re.compile(r"\b(?:rose|fell|grew|dropped|declined|climbed|increased|decreased|slipped|jumped|edged (?:up|down)"
                             r"|narrowed|widened)\s[^,;]{0,40}?\bto\s[^,;]{1,40}?\sfrom\s(?:about\s|around\s)?$")
# the first N of a ranking together (前十厂商, 前五大企业, the top ten makers)
_TOP_N_TOGETHER = re.compile(r"前[一二三四五六七八九十\d]{1,2}(?:大|名|家|位)?(?:厂商|企业|公司|品牌|车企|玩家|供应商|航司|集团)"
                             r"|\b[Tt]op (?:\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|twenty) "
                             r"(?:makers|manufacturers|companies|firms|brands|carriers|suppliers|players)\b")
_NAME_CHAR = r"(?:(?![、和与及])[\u4e00-\u9fff])"  # a name's characters are never the list marks


_NAMES_TOGETHER = re.compile(rf"(?P<items>{_NAME_CHAR}{{2,6}}(?:[、和与及]{_NAME_CHAR}{{2,6}}){{1,5}})(?:三家|两家|几家|等)?"
                             r"(?:合计|共计|合共|总计|加起来|加总|合起来)")


def _products_together(items: str) -> bool:
    """Whether the items a list sums with 合计 are products or lines (水泥及熟料合计销量), not names."""
    lex = lexicon()
    return any(item.endswith(_segment_word_tuple()) or item in lex.facet_of for item in re.split(r"[、和与及]", items))


@lru_cache(maxsize=1)
def _segment_word_tuple() -> tuple[str, ...]:
    return tuple(lexicon().segment_words)


@dataclass(frozen=True, slots=True)
class _Lexicon:
    zh: re.Pattern
    en: re.Pattern | None
    by_word: dict[str, MeasureEntry]
    facet_zh: re.Pattern
    facet_en: re.Pattern | None
    facet_of: dict[str, tuple[str, str]]  # wording -> (kind, value)
    cohorts: tuple[re.Pattern, ...]
    segment_markers: tuple[str, ...]
    segment_words: frozenset[str]
    pairs: dict[str, tuple[str, ...]]
    peel: tuple[str, ...]  # stop, whole and facet words a segment's run loses from its left, longest first
    segment_stops: tuple[str, ...]  # words no segment's name holds (verbs, times, whole words)
    product_line_measures: frozenset[str]  # measures a product line narrows (facets.yaml)
    english_segment_stops: frozenset[str]  # words that end an English product line's name
    segment_translations: dict[str, str]  # English product line -> the Chinese one it translates
    segment_aliases: dict[str, str]  # a short Chinese name of a line -> its full name (全钢胎 -> 全钢子午线轮胎)
    peel_generic: tuple[str, ...]  # stop and whole words only (a generic measure's qualifier)
    areas: tuple[tuple[str, str], ...]  # (wording, value) of area facets, for compound measures
    verbs: re.Pattern | None
    verb_measures: dict[str, tuple[str, ...]]


@lru_cache(maxsize=1)
def _data() -> tuple[MeasureLexicon, FacetLexicon]:
    """measures.yaml and facets.yaml, read once; every measure id facets.yaml (verb_measures) and
    same_measure name must exist, or loading fails naming the id (not a crash on some later
    sentence)."""
    from numcheck.claims.errors import ConfigError
    from numcheck.claims.lexicon import DATA_DIR

    measures, facets = load_data("measures.yaml", MeasureLexicon), load_data("facets.yaml", FacetLexicon)
    ids = {m.id for m in measures.measures}
    for verb, named in facets.verb_measures.items():
        for concept in named:
            if concept not in ids:
                raise ConfigError(str(DATA_DIR / "facets.yaml"), "E201",
                                  f"verb_measures.{verb}: no measure {concept!r} in measures.yaml")
    for counter, concept in facets.counter_measures.items():
        if concept not in ids:
            raise ConfigError(str(DATA_DIR / "facets.yaml"), "E201",
                              f"counter_measures.{counter}: no measure {concept!r} in measures.yaml")
    for group in measures.same_measure:
        for concept in group:
            if concept not in ids:
                raise ConfigError(str(DATA_DIR / "measures.yaml"), "E201", f"same_measure: no measure {concept!r}")
    for concept in measures.stocks:
        if concept not in ids:
            raise ConfigError(str(DATA_DIR / "measures.yaml"), "E201", f"stocks: no measure {concept!r}")
    for concept in measures.lower_is_better:
        if concept not in ids:
            raise ConfigError(str(DATA_DIR / "measures.yaml"), "E201", f"lower_is_better: no measure {concept!r}")
    return measures, facets


# Words beside a number that make it a growth rate, a change or a share of its measure
# (facets.yaml `directions`); a fall word turns the value negative.
_DIRECTIONS = _data()[1].directions
_RISE, _FALL, _SHARE = (tuple(_DIRECTIONS[k]) for k in ("rise", "fall", "share"))
_NEUTRAL = tuple(sorted(_DIRECTIONS.get("neutral", []), key=len, reverse=True))
_EN_RISE, _EN_FALL, _EN_SHARE = (tuple(_DIRECTIONS[k]) for k in ("en_rise", "en_fall", "en_share"))
_EN_RISE_AFTER, _EN_FALL_AFTER = (tuple(_DIRECTIONS[k]) for k in ("en_rise_after", "en_fall_after"))
# words that say a measure got better (improved, 改善): down for a measure where lower is better
_BETTER = re.compile("|".join(rf"\b{re.escape(w)}\b" if w.isascii() else re.escape(w)
                              for w in sorted(_DIRECTIONS.get("better", []), key=len, reverse=True)) or r"(?!x)x")
_LOWER_IS_BETTER = frozenset(_data()[0].lower_is_better)


@lru_cache(maxsize=1)
def _entries() -> dict[str, MeasureEntry]:
    return {m.id: m for m in _data()[0].measures}


@lru_cache(maxsize=1)
def _groups() -> dict[str, str]:
    return {member: group[0] for group in _data()[0].same_measure for member in group}


def _entry(concept: str) -> MeasureEntry:
    return _entries()[concept]


@lru_cache(maxsize=1)
def _stocks() -> frozenset[str]:
    return frozenset(_data()[0].stocks)


def is_stock(concept: str) -> bool:
    """Whether the measure is taken at a date (measures.yaml `stocks`): deposits, a fleet, members."""
    return concept in _stocks()


def concept_id(measure: MeasureEntry) -> str:
    """The id claims carry: the measure's own, or the first of its same_measure group."""
    return _groups().get(measure.id, measure.id)


@lru_cache(maxsize=1)
def lexicon() -> _Lexicon:
    measure_data, facets = _data()
    measures = measure_data.measures
    by_word: dict[str, MeasureEntry] = {}
    for m in measures:
        for w in [*m.zh, *(normalize(x) for x in m.zh_hant), *(x.lower() for x in m.en)]:
            w = w.strip()
            if w and w not in by_word:  # the first concept listing a wording keeps it
                by_word[w] = m
    # Latin wordings Chinese text writes as they are (GMV, PM2.5) are Chinese wordings too
    written_in_zh = {w.strip() for m in measures for w in [*m.zh, *(normalize(x) for x in m.zh_hant)] if w.isascii()}
    zh_words = [w for w in by_word if not w.isascii()] + [w for w in by_word if w.isascii() and (
        w in written_in_zh or (not w.isalpha() and re.search(r"[A-Za-z]", w) and len(w) <= 6))]
    en_words = sorted((w for w in by_word if w.isascii()), key=len, reverse=True)
    facet_of: dict[str, tuple[str, str]] = {}
    for kind, values in facets.facets.items():
        for value, words in values.items():
            for w in words:
                facet_of.setdefault(w.lower() if w.isascii() else w, (kind, value))
    zh_facets = [w for w in facet_of if not w.isascii()]
    en_facets = sorted((w for w in facet_of if w.isascii()), key=len, reverse=True)
    # a wording opening with 年 (年产能, 年销量) never takes the 年 of a date (2025年产能利用率) or of
    # a time word (全年产能利用率, 今年销量)
    yearly = [w for w in zh_words if w.startswith("年")]
    others = [w for w in zh_words if not w.startswith("年")]
    # One alternation by first character, so that re skips ahead to where a wording can start (a
    # lookbehind heading the pattern made it try every branch at every position): the 年 branch
    # reads the character before its 年 from after it.
    zh_pattern = (rf"{_branches(trie_pattern(others))}|年(?<![0-9〇零一二两三四五六七八九十全今去明本上该当]年)"
                  rf"{trie_pattern(yearly)[1:]}" if yearly else trie_pattern(zh_words))
    return _Lexicon(
        zh=re.compile(zh_pattern),
        en=re.compile(r"\b(?:" + "|".join(re.escape(w) for w in en_words) + r")\b") if en_words else None,
        by_word=by_word,
        facet_zh=re.compile(trie_pattern(zh_facets)),
        facet_en=re.compile(r"\b(?:" + "|".join(re.escape(w) for w in en_facets) + r")\b") if en_facets else None,
        facet_of=facet_of,
        cohorts=tuple(re.compile(p, re.I) for p in facets.cohort),
        segment_markers=tuple(facets.segment_markers),
        segment_words=frozenset(facets.segment_words),
        pairs={k: tuple(v) for k, v in facets.pairs.items()},
        peel=tuple(sorted((w for w in {*facets.stop_words, *facets.whole, *facet_of} if w and not w.isascii()),
                          key=len, reverse=True)),
        product_line_measures=frozenset(facets.product_line_measures),
        segment_translations={k.lower(): v for k, v in facets.segment_translations.items()},
        segment_aliases=dict(facets.segment_aliases),
        english_segment_stops=frozenset({*(w for w in {*facets.stop_words, *facets.whole, *facet_of,
                                                        *facets.segment_stops} if w.isascii()),
                                         *_EN_RISE, *_EN_FALL, *_english_time_words(), *_english_qualifier_words()}),
        segment_stops=tuple(w for w in {*facets.stop_words, *facets.whole, *facets.segment_stops} if len(w) >= 2
                            and not w.isascii()),
        peel_generic=tuple(sorted((w for w in {*facets.stop_words, *facets.whole} if w and not w.isascii()),
                                  key=len, reverse=True)),
        areas=tuple((w, v) for w, (k, v) in facet_of.items() if k == "area" and not w.isascii()),
        # a verb, at most a short object, then the figure (交付新车7058辆, delivered 7,058)
        verbs=re.compile("(" + "|".join(re.escape(v) for v in sorted(facets.verb_measures, key=len, reverse=True))
                         + r")(?:了|出|量)?[\u4e00-\u9fff]{0,3}\s*(?:about|more than|nearly|over|some|约|超|近|超过)?\s*$",
                         re.I) if facets.verb_measures else None,
        verb_measures={k.lower(): tuple(v) for k, v in facets.verb_measures.items()},
    )


def _branches(trie: str) -> str:
    """A trie_pattern's alternatives without the group around them (a word or none: itself)."""
    return trie[3:-1] if trie.startswith("(?:") else trie


def measure_word_spans(text: str) -> list[tuple[int, int]]:
    """Where the lexicon's Chinese wordings of measures stand in `text`."""
    return [m.span() for m in lexicon().zh.finditer(text)]


def clause_bounds(text: str, start: int, end: int, language: str) -> tuple[int, int]:
    """The clause of `text` holding text[start:end]: from after the last clause end before it
    to the next one after it (Chinese commas, semicolons, stops; English semicolons, stops and
    commas before a conjunction)."""
    if language == "en":
        left = 0
        for m in _EN_CLAUSE_END.finditer(text, 0, start):
            left = m.end()
        m = _EN_CLAUSE_END.search(text, end)
        return left, (m.start() if m else len(text))
    left = max((text.rfind(ch, 0, start) for ch in _ZH_CLAUSE_END), default=-1) + 1
    rights = [i for i in (text.find(ch, end) for ch in _ZH_CLAUSE_END) if i >= 0]
    right = min(rights) if rights else len(text)
    opened = max(text.rfind("(", left, start), text.rfind("（", left, start))
    if opened >= 0 and not re.search(r"[)）]", text[opened:start]):
        closed = re.search(r"[)）]", text[end:right])
        if closed:  # 甲(37.6万辆)、乙(25.7万辆): a figure in brackets is the bracket's own clause
            return opened + 1, end + closed.start()
    return left, right


def unit_family(quantity) -> str:
    """The measures.yaml unit family of a quantity (money, count, percent, rank, ...)."""
    if quantity.unit == "rank":
        return "rank"
    if quantity.unit in ("percent", "percentage_point"):
        return "percent"
    return FAMILY_OF_DIMENSION.get(quantity.dimension, "other")


def _words_in(pattern: re.Pattern | None, text: str, lo: int, hi: int, english: bool) -> list[re.Match]:
    if pattern is None:
        return []
    if english:
        return list(pattern.finditer(text.lower(), lo, hi))
    return list(pattern.finditer(text, lo, hi))


# 资本开支占收入比降至28.1%: a ratio to the measure that moved to a level (比 right after the measure)
_RATIO_MOVED_TO = re.compile(r"比(?:重|例|值)?\s?(?:由[^至到]{0,12})?[\u4e00-\u9fff]{1,2}(?:至|到)\s*$")
_TIME_OF_THE_LEVEL = re.compile(r"(?<=[至到])\s?(?:\d{4}\s?年(?:底|末|初|中)?|今年|去年|上年|本年|年底|年末)(?:[0-9一二三四1-4]{1,2}\s?(?:月|季度)(?:底|末)?)?的?\s*$")


def _aspect(between: str, after: str, family: str, measure: MeasureEntry, english: bool) -> tuple[str, bool] | None:
    """(aspect, negative) from the words between the measure and the number and right after it;
    None when the number cannot be this measure (a percentage of a money measure with no growth
    or share word)."""
    low_between, low_after = between.lower(), after.lower()
    if family == "rank":
        return "rank", False
    for flow in ("新增", "净增", "新建"):  # new additions: a facet (sub_period), not a change word
        low_between = low_between.replace(flow, "")
    # 由2023年的395.6亿元降至2024年的362亿元: the time of the level reached stands between 至 and it
    low_between = _TIME_OF_THE_LEVEL.sub("", low_between)
    if re.search(r"(?:至|到|达到|达|为|\bto|\bat|\breach(?:ed|ing)?)\s*$", low_between) and family != "percent":
        return ("level", False) if _takes(measure, family) else None
    if re.search(r"(?:至|到|\bto)\s*$", low_between) and family == "percent" \
            and measure.kind in ("share", "margin", "rate") and "percent" in measure.units:
        return "level", False  # a rate that rose 0.84 percentage point to 72.17%: 72.17% is the rate
    if re.search(r"(?:至|到|\bto)\s*$", low_between) and family == "percent" \
            and (any(w in low_between for w in (_EN_SHARE if english else _SHARE))
                 or (not english and _RATIO_MOVED_TO.match(low_between))):
        return "share", False  # 收入占比由15.2%提升至18.7%: the share it rose to, not a growth
    fall = _EN_FALL if english else _FALL
    rise = _EN_RISE if english else _RISE
    share = _EN_SHARE if english else _SHARE
    near = low_between[-12:] if not english else _after_last_figure(low_between[-40:])
    changed_either_way = not english and any(w in near for w in _NEUTRAL)
    for w in _NEUTRAL if changed_either_way else ():
        near = near.replace(w, "增")  # 增减（%）: a change; the figure's own sign gives its direction
    after_word = _direction_after(low_after) if english else None
    if english:
        moved = _EN_SHARE_WORDS.sub(" ", near)  # (making up: no rise)
        negative = bool(_EN_FALL_WORD.search(moved)) or after_word == "fall"
        growing = negative or after_word == "rise" or bool(_EN_RISE_WORD.search(moved))
    else:
        negative = any(w in near for w in fall)
        growing = negative or any(w in near for w in rise)
    if not growing and english:
        versus = _EN_VERSUS_NORMAL.match(low_after)  # 18.4% below normal: a departure, its sign in the word
        negative = negative or bool(versus and versus.group(1) in ("below", "lower", "less"))
        growing = bool(versus) or bool(re.match(r"\s*(?:rise|increase|growth|gain|jump)\b", low_after)) or bool(
            re.search(r"\b(?:up|down)\s*$", near))
    if growing and measure.id in _LOWER_IS_BETTER and _BETTER.search(near):
        negative = True  # net gearing improved by 6.1 points, 不良率改善0.05个百分点: it went down
    inherent_ratio = measure.kind in ("share", "margin", "rate") or "percent" in measure.units
    of_it = family == "percent" and low_between.rstrip().endswith("的") and measure.kind not in ("share", "margin", "rate")
    if (any(w in near for w in share) or of_it) and not growing:
        return "share", False  # 占营收的比重; 营业收入的一半 (but 利用率…低于芯湃的91.6%: the rate itself)
    if family == "percent":
        if growing:
            return ("growth" if "percent" not in measure.units or measure.kind not in ("share", "margin", "rate")
                    else "change"), negative
        return ("level", False) if inherent_ratio else None
    if growing:
        return "change", negative
    if not _takes(measure, family):
        return None
    return "level", False


_FIGURES = re.compile(r"\d[\d,.]*")
_YEAR = re.compile(r"(?:19|20)\d\d[,.]?")


def _figures(words: str) -> list[re.Match]:
    """The figures written in `words`, years not counted (a gain in 2025 earnings, rose 5.3% in
    2025 to …: one figure)."""
    return [m for m in _FIGURES.finditer(words) if not _YEAR.fullmatch(m.group(0))]


def _after_last_figure(low: str) -> str:
    """The English words after the last figure in `low`: a direction word before another figure is
    that figure's (…, up 9.6% and equal to 53.2%: 53.2% is no growth)."""
    figures = _figures(low)
    return low[figures[-1].end():] if figures else low


def _word_pattern(words) -> re.Pattern:
    """Whole English words or phrases, any of them, longest first."""
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")\b")


_EN_DIRECTION_AFTER = re.compile(r"[\s,]{0,3}(" + "|".join(
    re.escape(w) for w in sorted({*_EN_FALL, *_EN_FALL_AFTER, *_EN_RISE_AFTER}, key=len, reverse=True)) + r")\b")
_EN_RISE_WORD, _EN_FALL_WORD = _word_pattern(_EN_RISE), _word_pattern(_EN_FALL)
_EN_SHARE_WORDS = re.compile("|".join(re.escape(w) for w in sorted(_EN_SHARE, key=len, reverse=True)))
# the share words that are verbs (accounted for, making up): before a figure in units, a part's level
_EN_PART_OF = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in _EN_SHARE if not w.endswith("of"))
                         + r")\s{1,3}(?:about\s|around\s|nearly\s|some\s|more than\s|over\s)?$")
_EN_COUNTED_BY = re.compile(r"\s{1,3}(?:for|of)\s{1,3}(?:about\s|around\s|nearly\s|some\s|more than\s|over\s)?\s{0,2}", re.I)
_FIGURE_NEXT = re.compile(r"\s{0,2}(?:by\s|from\s|about\s|around\s|nearly\s|some\s){0,2}\s{0,2}(?:\d|from\b)")


def _direction_after(low_after: str) -> str | None:
    """"rise" or "fall" when a direction word follows the English figure right after it (52 hours
    fewer than…, 11.8% higher year on year), unless another figure follows the word, whose
    direction it is (34,512 homes, down 4.8%; down from 36,254)."""
    m = _EN_DIRECTION_AFTER.match(low_after[:30])
    if m is None or _FIGURE_NEXT.match(low_after, m.end()):
        return None
    return "fall" if m.group(1) in _EN_FALL or m.group(1) in _EN_FALL_AFTER else "rise"


@lru_cache(maxsize=1)
def _en_clause_words() -> tuple[re.Pattern, frozenset[str]]:
    """The verbs that end an English clause's subject (any case), and the words that open a clause."""
    facets = _data()[1]
    verbs = {*_EN_RISE, *_EN_FALL, *facets.english_clause_verbs, *(v for v in facets.verb_measures if v.isascii())}
    return re.compile(_word_pattern(verbs).pattern, re.I), frozenset(facets.english_clause_openers)


_EN_DETERMINER = re.compile(r"(?:the|its|their|it|they|this|that|these|those|his|her|our|a|an)\b", re.I)


def english_segment_subject(text: str, lo: int, start: int, entity_spans: list[tuple[int, int]],
                            measure_words_too: bool = False) -> str | None:
    """The segment an English clause is about, when its subject is a bare lower-case noun phrase
    (imaging equipment grew 4.1%; In-vitro diagnostics, its largest product line, brought in…):
    that phrase, in lower case. None when the subject is a name, starts with a determiner (the
    company, its farms), names a measure, or no verb stands between it and the figure."""
    clause_verb, openers = _en_clause_words()
    verb = clause_verb.search(text, lo, start)
    if verb is None:
        return None
    words = text[lo:verb.start()].split()
    while words and words[0].lower().strip(",") in openers:
        words.pop(0)
    phrase = " ".join(words).split(",")[0].strip()  # (an apposition after a comma describes it)
    if not phrase or _EN_DETERMINER.match(phrase) or len(phrase.split()) > 5:
        return None
    first, *rest = phrase.split()
    if first[:1].isupper() and not rest:
        return None  # Tianfu can make…: one capitalised word is a name
    if any(w[:1].isupper() for w in rest) or not re.fullmatch(r"[A-Za-z][a-z&'-]*", first) \
            or not all(re.fullmatch(r"[a-z][a-z&'-]*", w) for w in rest):
        return None  # a name, a figure or a time (Luowan, In 2025)
    at = text.find(phrase, lo)
    if any(a < at + len(phrase) and at < b for a, b in entity_spans):
        return None
    low = phrase.lower()
    if not measure_words_too and lexicon().en is not None and lexicon().en.search(low):
        return None  # (Sales abroad climbed: the measure's own words)
    return lexicon().segment_translations.get(low, low)  # industrial users: 工业, as 工业用电量 says


def _takes(measure: MeasureEntry, family: str) -> bool:
    """Whether a level of `measure` may be written in unit `family`."""
    return (family in measure.units or "other" in measure.units
            or (family == "mass" and "concentration" in measure.units))  # 降至28微克: 微克/立方米 cut short


_SHARE_OF = re.compile(r"占|超过|达到|接近|相当于|不到|不足")


_LIST_JOINERS = re.compile(r"、|和|与|及|以及|/")


def _respectively(text: str, start: int, end: int, quantity, numbers: list[tuple[int, int]]) -> MeasureFound | None:
    """A、B分别为x和y (产销分别完成x和y; 同比、环比分别增长x、y): the i-th figure after 分别 is
    the i-th item named before it. None when the sentence has no such list around this number."""
    lex = lexicon()
    found = respectively_before(text, start)
    if found is None:
        return None
    said, head_start = found
    head = text[head_start:said.start()]
    after = sorted({s for s, _ in numbers if s >= said.end()} | {start})
    index = after.index(start)
    items = [w for w in _LIST_JOINERS.split(head) if w.strip()]
    pair = lex.pairs.get(head.strip()[-2:]) if len(items) < 2 else None
    if pair:  # 产销 = production and sales
        items = list(pair)
    if _times_listed(text, start, [s for s, _ in numbers]):
        # 2024年和2025年全省收入分别为x和y; 一季度、二季度，出货量分别为x和y: one measure, named
        # in the clause; the list is of times (the period stage gives each figure its own)
        hit = None
        for hit in lex.zh.finditer(text, head_start, said.start()):
            pass
        if hit is None:
            return None
        measure = lex.by_word[hit.group(0)]
        aspect = _aspect(text[said.end():min(s for s in after)], "", unit_family(quantity), measure, False)
        if aspect is None:
            return None
        facets = _facets(text, head_start, said.start(), False, rank=False, kind=measure.kind,
                         skip=(hit.start(), hit.end()))
        return found_for(measure, aspect[0], facets, hit.group(0), aspect[1])
    if len(items) < 2 and len(after) >= 2:
        earlier = _clauses_listed_before(text, head_start, len(after))
        if earlier:
            # 存款2418.95亿元，贷款1763.42亿元，较年初分别增长8.2%和7.5%: the figures of the
            # clauses before, one measure each, in their order
            measure, facets, word = earlier[index]
            basis = _facets(text, head_start, said.start(), False, rank=False, kind=measure.kind).get("basis")
            facets = {**facets, "basis": basis} if basis else facets  # 较年初分别增长…: since the start of the year
            aspect = _aspect(text[said.end():min(after)], "", unit_family(quantity), measure, False)
            if aspect is not None and aspect[0] in ("growth", "change"):
                return replace(found_for(measure, aspect[0], facets, word, aspect[1]), listed_back=len(after) - index)
        lines = _lines_listed_before(text, head_start, len(after))
        if lines:
            # …业务收入分别为x、y和z，同比分别增长a、b和c: the i-th change is the i-th line's
            measure, segments, word = lines
            aspect = _aspect(text[said.end():min(after)], "", unit_family(quantity), measure, False)
            if aspect is not None and aspect[0] in ("growth", "change"):
                return found_for(measure, aspect[0], {"segment": segments[index]}, word, aspect[1])
        # 零跑、小鹏、理想分列前三，交付量分别为a、b、c: the names are listed elsewhere; whose
        # figure is whose, the clause cannot say
        return OF_A_NAMED_LIST
    if len(items) < 2 or index >= len(items) or len(after) > len(items) + 1:
        return None
    item = items[index]
    hit = None
    for h in lex.zh.finditer(item):
        hit = h
    last = None
    for last in lex.zh.finditer(items[-1]):
        pass
    if last is not None and not any(lex.zh.search(w) for w in items[:-1]) and len(after) == len(items):
        # 岚芯、澜启三季度出货量分别为x和y: one measure for every name; whose figure is whose,
        # the entity stage reads from the list (respective_item)
        measure = lex.by_word[last.group(0)]
        aspect = _aspect(text[said.end():min(after)], "", unit_family(quantity), measure, False)
        if aspect is not None:
            # 历史类、物理类本科线分别为…, 公共、私人充电桩分别为…: a list of facet words gives the
            # i-th figure the i-th facet (else the list is of names, read by the entity stage)
            facet = _listed_facet(item) or _listed_segment(item)
            return found_for(measure, aspect[0], dict([facet]) if facet else {}, last.group(0), aspect[1])
    if hit is not None and not all(lex.zh.search(w) for w in items) and not pair:
        hit = None  # 甲、乙两家公司的营收分别为…: a list of names sharing one measure
    facets: dict[str, str] = {}
    first_number = min((s for s, _ in numbers if s >= said.end()), default=start)
    change_words = text[said.end():min(first_number, start)]  # 分别增长x、y: the verb before the first figure
    if all(w.strip().endswith(("同比", "环比", "按年", "按月")) for w in items):
        # 营收同比、环比分别增长x、y: one measure, named in the list's first item or before it; the i-th basis
        hit = None
        for hit in lex.zh.finditer(text, 0, head_start + len(items[0])):
            pass
        if item.strip().endswith(("环比", "按月")):
            facets["basis"] = "环比"
    elif hit is None:
        return OF_A_NAMED_LIST  # 甲、乙分别为…: the items are names, not measures
    if hit is None:
        return None
    measure = lex.by_word[hit.group(0)]
    aspect = _aspect(change_words, "", unit_family(quantity), measure, False)
    if aspect is None:
        return None
    if not facets:
        facets = _facets(item, 0, len(item), False, rank=False, kind=measure.kind, skip=(hit.start(), hit.end()))
        facets.pop("basis", None)
    return found_for(measure, aspect[0], facets, hit.group(0), aspect[1])


_CLAUSE_MARK = re.compile(r"[，；;：:]|,(?!\d{3})")  # (the comma of 3,126 is a thousands mark)


_TIME_DIGITS = re.compile(r"\d{1,2}\s?[—–\-~至到]\s?\d{1,2}\s?月份?|\d{1,4}\s?(?:年|月份?|日|号|季度)")


def _clauses_listed_before(text: str, at: int, count: int) -> list[tuple[MeasureEntry, dict[str, str], str]]:
    """The measures of the `count` clauses right before the clause at `at`, when each names one
    measure and states one figure of it (存款2418.95亿元，贷款1763.42亿元，较年初分别…); else []."""
    lex = lexicon()
    bounds = [m.end() for m in _CLAUSE_MARK.finditer(text, 0, at)]
    if len(bounds) < count:
        return []
    out = []
    starts = [0, *bounds]
    for k in range(len(starts) - 1 - count, len(starts) - 1):
        if k < 0:
            return []
        lo, hi = starts[k], starts[k + 1] - 1
        hits = list(lex.zh.finditer(text, lo, hi))
        if len(hits) != 1 or len(_FIGURES.findall(_TIME_DIGITS.sub("", text[lo:hi]))) != 1:
            return []  # (the digits of 10月份 and 1—10月 are times, no figures)
        hit = hits[0]
        measure = lex.by_word[hit.group(0)]
        out.append((measure, _facets(text, lo, hi, False, rank=False, kind=measure.kind, skip=hit.span()),
                    hit.group(0)))
    return out


def _lines_listed_before(text: str, at: int, count: int) -> tuple[MeasureEntry, list[str], str] | None:
    """The business lines of the 分别 list right before `at` in the sentence, when it names `count`
    of them and its last item ends in their measure (甲业务、乙业务收入分别为…); else None."""
    lex = lexicon()
    found = respectively_before(text, at)
    if found is None:
        return None
    previous, head_start = found
    items = [w for w in _LIST_JOINERS.split(text[head_start:previous.start()]) if w.strip()]
    last = None
    for last in lex.zh.finditer(items[-1] if items else ""):
        pass
    if len(items) != count or last is None:
        return None
    segments = [_listed_segment(item) for item in items]
    if any(s is None for s in segments):
        return None
    return lex.by_word[last.group(0)], [s[1] for s in segments], last.group(0)


def _listed_segment(item: str) -> tuple[str, str] | None:
    """The business line an item of a 分别 list names (在线营销服务、交易服务和本地生活业务收入分别为…):
    the item without the measure the last one ends in, when it ends like a line of business."""
    lex = lexicon()
    measure = lex.zh.search(item)
    word = _peeled((item[:measure.start()] if measure else item).strip(), lex.peel)
    if 2 <= len(word) <= 10 and (word in lex.segment_words or word.endswith(lex.segment_markers)) \
            and word not in lex.segment_markers:
        return "segment", word
    return None


def _listed_facet(item: str) -> tuple[str, str] | None:
    """The facet an item of a 分别 list names, without the measure the last item ends in
    (物理类本科线 -> track 物理类), or None when the item is no facet word (a name)."""
    lex = lexicon()
    measure = lex.zh.search(item)
    word = (item[:measure.start()] if measure else item).strip()
    ending = max((w for w in lex.facet_of if not w.isascii() and word.endswith(w) and len(w) >= 2), key=len, default=None)
    return lex.facet_of[ending] if ending else None  # (2025年某省历史类: the list's first item ends in it)


def respective_item(text: str, start: int, numbers: list[int]) -> tuple[int, int] | None:
    """Where the i-th item of a 分别 list of names stands (甲、乙分别为x和y: 甲 for x), when the
    figures after 分别 are as many as the items; None otherwise."""
    found = respectively_before(text, start)
    if found is None:
        return None
    said, head_start = found
    spans, at = [], head_start
    for joiner in [*_LIST_JOINERS.finditer(text, head_start, said.start()), None]:
        end = joiner.start() if joiner is not None else said.start()
        if text[at:end].strip():
            spans.append((at, end))
        at = joiner.end() if joiner is not None else at
    after = sorted({s for s in numbers if s >= said.end()} | {start})
    if len(spans) < 2 or len(after) != len(spans):
        return None
    zh = lexicon().zh
    if any(zh.search(text, a, b) for a, b in spans[:-1]) or not zh.search(text, *spans[-1]):
        return None  # a list of measures (营收、净利润分别…), not of names sharing the last one's measure
    if _times_listed(text, start, numbers):
        return None  # 2024年和2025年…分别: a list of times (the period stage's)
    if all(_listed_facet(text[a:b]) for a, b in spans):
        return None  # 公共、私人充电桩分别为…: a list of facets (the measure stage's), no names
    return spans[after.index(start)]


def _times_listed(text: str, start: int, numbers: list[int]) -> bool:
    """Whether the 分别 list the figure at `start` belongs to is a list of times."""
    return respective_time(find_time_expressions(text), text, start, [*numbers, start]) is not None


def _counts_in(measure: MeasureEntry, counter: str | None) -> bool:
    """Whether a figure counted in `counter` can be of `measure` (one that names its counters)."""
    return not measure.counters or counter is None or counter in measure.counters


def _verb_measure(before: str, family: str, english: bool, counter: str | None = None) -> MeasureFound | None:
    """The measure a verb right before the figure names (facets.yaml verb_measures)."""
    lex = lexicon()
    if lex.verbs is None:
        return None
    m = lex.verbs.search(before)
    if m is None or re.search(r"(?:未|尚未|没有|没|未能|not|yet to)\s*$", before[:m.start()]):
        return None  # 未交付: what has not been delivered
    for concept in lex.verb_measures.get(m.group(1).lower(), ()):
        measure = _entry(concept)
        if family in measure.units and _counts_in(measure, counter):
            return found_for(measure, "level", {}, m.group(1), False)
    return None


_A_FIGURE = re.compile(r"\d[\d.,]*\s?[%％]?")


@lru_cache(maxsize=1)
def _verb_words() -> re.Pattern | None:
    """The verbs of verb_measures whose growth is the first measure's: all but those that name both
    an amount of money and a volume (销售: sales volume or value), whose growth is either."""
    def money_and_volume(ids) -> bool:
        kinds = {"money" in _entry(i).units for i in ids}
        return len(kinds) > 1

    words = [v for v, ids in lexicon().verb_measures.items() if not v.isascii() and not money_and_volume(ids)]
    return re.compile("|".join(re.escape(v) for v in sorted(words, key=len, reverse=True))) if words else None


@lru_cache(maxsize=1)
def _growth_words() -> re.Pattern:
    """The words of a change and its basis (同比增长, 年增, 环比下降): all that may stand between a
    verb and the growth of what it names."""
    words = {w for kind, ws in _DIRECTIONS.items() if kind in ("rise", "fall", "neutral") for w in ws if not w.isascii()}
    words |= {"同比", "环比", "按年", "按月", "较上年", "比上年", "较去年", "同期"}
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


def _growth_of_verb(text: str, lo: int, start: int, after: str) -> MeasureFound | None:
    """The growth of what a clause's verb measures, when the clause names no measure word
    (海外出货年增13%, 交付同比增长21%): the verb, then only facet and growth words before the figure."""
    pattern = _verb_words()
    hit = pattern.search(text, lo, start) if pattern is not None else None
    if hit is None:
        return None
    figure_before = max((m.end() for m in _A_FIGURE.finditer(text, lo, hit.start())), default=lo)
    if lexicon().zh.search(text, figure_before, start) is not None:
        return None  # (a measure word of its own, after the last figure before the verb, names it)
    measure = _entry(lexicon().verb_measures[hit.group(0)][0])
    between = text[hit.end():start]
    grow = _aspect(between, after, "percent", measure, False)
    if grow is None or grow[0] != "growth" or len(between) > 8 or _growth_words().sub("", between).strip(" 了约近超逾"):
        return None  # (生产工时减少45%: the man-hours fell, a noun stands between the verb and its change)
    facets = _facets(text, figure_before, start, False, rank=False, kind=measure.kind)
    return MeasureFound(measure.id, "growth", facets, _metric_name(measure, "growth", facets), hit.group(0),
                        negative=grow[1], kind=measure.kind)


def _share_part(text: str, lo: int, base: re.Match, hits: list[re.Match]) -> re.Match | None:
    """In "X占Y的比重" or "X超过Y的一半", the wording X (the part) when Y, the base, is the
    one next to the number."""
    for h in reversed([h for h in hits if lo <= h.start() and h.end() <= base.start()]):
        if _SHARE_OF.search(text, h.end(), base.start()):
            return h
    return None


def _compound(measure: MeasureEntry, text: str, m: re.Match) -> MeasureEntry | None:
    """A measure the lexicon names with an area word before it (城镇人口, 农村居民人均可支配收入)
    when the clause writes that word apart (居住在城镇的人口)."""
    lex = lexicon()
    before = text[max(0, m.start() - 8):m.start()]
    for word, value in lex.areas:
        if word in before:
            whole = lex.by_word.get(value + m.group(0)) or lex.by_word.get(word + m.group(0))
            if whole is not None and whole.id != measure.id:
                return whole
    return None


_NOT_NOUN = set("的和与及等或了在是为把被将从向对于以所并而且则也都还就又再已")


def _counted_noun(text: str, end: int, hi: int) -> tuple[int, int] | None:
    """The noun phrase right after a count (140万在校大学生, 70家湖北本地配套企业): its span, or
    None when the count ends its clause or a verb or particle follows."""
    stop = end
    while stop < hi and stop - end < 12 and "\u4e00" <= text[stop] <= "\u9fff" and text[stop] not in _NOT_NOUN:
        stop += 1
    return (end, stop) if stop - end >= 2 else None


def named_measure(words: str) -> tuple[MeasureEntry, str] | None:
    """The measure `words` name (the last wording in them), with that wording; None if none."""
    english = words.isascii()
    hits = _words_in(lexicon().en if english else lexicon().zh, words, 0, len(words), english)
    if not hits:
        return None
    last = hits[-1]
    return lexicon().by_word[last.group(0)], words[last.start():last.end()]


def aspect_of(words: str, quantity, measure: MeasureEntry) -> tuple[str, bool] | None:
    """The aspect (level, growth, change, share, rank) and sign that `words` give a figure of
    `measure`; None when the figure cannot be that measure."""
    return _aspect(words, "", unit_family(quantity), measure, words.isascii())


def facets_in(words: str, quantity) -> dict[str, str]:
    return _facets(words, 0, len(words), words.isascii(), rank=unit_family(quantity) == "rank")


_STAGE_SPAN = re.compile(r"从(\S{1,4}?)(?:到|至)(\S{1,4}?)(?:仅|只|共|总共|一共)?(?:用时|历时|耗时|用了|花了|仅用|只用|为|是)")


@lru_cache(maxsize=None)
def _segment_words_containing(word: str) -> tuple[tuple[str, int], ...]:
    """The segment words that hold a facet word (新建 in 新建商品房), with where it stands in them."""
    return tuple((w, w.find(word)) for w in lexicon().segment_words if word in w and w != word)


def _inside_segment_word(text: str, m: re.Match, measure: tuple[int, int] = (0, 0)) -> bool:
    """A facet word that is part of a segment's name (新建 in 新建商品住宅: new-build housing, not
    an addition) narrows nothing by itself; unless that name runs into the measure's own words
    (城镇 of 城镇居民人均消费支出, where the measure is 居民人均消费支出)."""
    for w, at in _segment_words_containing(m.group(0)):
        start = m.start() - at
        if m.start() >= at and text.startswith(w, start) and not (start < measure[1] and start + len(w) > measure[0]):
            return True
    return False


@lru_cache(maxsize=1)
def _whole_words() -> re.Pattern:
    """facets.yaml's words of the whole (全线网, 全市): a facet word inside one narrows nothing."""
    words = sorted((w for w in _data()[1].whole if len(w) >= 2 and not w.isascii()), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words)) or r"(?!)")


def _facets(text: str, lo: int, hi: int, english: bool, rank: bool, kind: str = "level",
            skip: tuple[int, int] = (0, 0)) -> dict[str, str]:
    """The facets written in text[lo:hi], outside the measure's own words (`skip`). A stock
    counted 累计 is the stock itself; stages narrow only durations (从开工到投产用时…)."""
    lex = lexicon()
    out: dict[str, str] = {}
    pattern = lex.facet_en if english else lex.facet_zh
    wholes = [w.span() for w in _whole_words().finditer(text, lo, hi)] if not english else []
    for m in _words_in(pattern, text, lo, hi, english):
        if skip[0] <= m.start() < skip[1] or _inside_segment_word(text, m, skip):
            continue
        if any(a <= m.start() and m.end() <= b and b - a > m.end() - m.start() for a, b in wholes):
            continue  # 全线网: the whole network, no line's phase (全线)
        facet, value = lex.facet_of[m.group(0)]
        if facet == "area" and rank:
            continue  # 全球第6: the ranking's scope, read below
        if facet == "stage" and kind != "duration":
            continue
        if facet == "sub_period" and value == "累计" and kind in ("count", "capacity"):
            continue
        out.setdefault(facet, value)
    if not english and _PINYIN_NOTE.search(text, lo, hi):
        # 春節(jié)檔票房: a repost's pinyin notes split the facet's words; read them without the notes
        for m in pattern.finditer(_PINYIN_NOTE.sub("", text[lo:hi])):
            facet, value = lex.facet_of[m.group(0)]
            if facet not in ("area", "stage") and m.group(0) not in text[lo:hi]:
                out.setdefault(facet, value)
    partner = _trade_partner(text, lo, hi, english)
    if partner:
        out.setdefault("partner", partner)
    if kind == "duration":
        span = _STAGE_SPAN.search(text, lo, hi)
        if span:  # from signing to production, from approval to completion
            out["stage"] = f"{lex.facet_of.get(span.group(1), ('', span.group(1)))[1]}→" \
                           f"{lex.facet_of.get(span.group(2), ('', span.group(2)))[1]}"
    clause = text[lo:hi]
    for p in lex.cohorts:
        c = p.search(clause)
        if c:
            out["cohort"] = f"{c.group(1)}-{c.group(2)}" if c.lastindex and c.lastindex >= 2 and c.group(2) else (
                f"<{c.group(1)}" if "以下" in c.group(0) else f"{c.group(1)}+")
            break
    if rank:
        low = clause.lower()
        for word, scope in _data()[1].rank_scopes.items():
            if word in low:
                out["scope"] = scope
                break
    return out


# a product or model name written in Latin letters and digits (SU7, Model Y, iPhone 16, P70 Pro)
_LEADING_TIME = re.compile(r"^(?:(?:19|20)\d{2}年度?|[一二三四]季度|上半年|下半年|全年)+")
_PERIOD_CODE = re.compile(r"(?:Q[1-4]|H[12]|FY\d{2,4})\b|(?:Q[1-4]|H[12])(?=[^A-Za-z0-9]|$)")
_PRODUCT = re.compile(r"(?:(?<![A-Za-z0-9])(?:Model|Mate|iPhone|Galaxy|Pixel|Redmi|Xiaomi)\s?[A-Z0-9][A-Za-z0-9]*"
                      r"|(?<![A-Za-z0-9])[A-Z][A-Za-z]{0,6}\s?\d{1,4}[A-Za-z]{0,4})(?:\s?(?:Pro|Max|Ultra|Plus|Air|mini|SE))*"
                      r"(?:\s?(?:系列|车型|版|款|机型))?\s*(?:的)?\s*$")


def _product_before(text: str, lo: int, word_start: int) -> str | None:
    """The model right before a measure (SU7交付量, Model Y销量): a facet, never the measure."""
    m = _PRODUCT.search(text, max(lo, word_start - 24), word_start)
    if m is None or _PERIOD_CODE.match(m.group(0)):
        return None  # (Q2营收, H1营收: a period, not a model)
    name = re.sub(r"(?:系列|车型|版|款|机型|的|\s)+$", "", m.group(0)).strip()
    return name or None


def _qualifier_of(text: str, lo: int, word_start: int, entity_spans: list[tuple[int, int]]) -> str | None:
    """What a generic measure (覆盖率) is of: the Chinese run before it, after the last name,
    without leading stop words (规模以上工业企业人工智能应用覆盖率 -> 规模以上工业企业人工智能应用)."""
    lex = lexicon()
    left = max([lo, *(e for s, e in entity_spans if e <= word_start)])
    run = _peeled(re.split(r"[^\u4e00-\u9fffA-Za-z0-9]+", text[left:word_start])[-1], lex.peel_generic)
    run = _peeled(_LEADING_TIME.sub("", run), lex.peel_generic)  # 2025年本科录取率: the year is the period's
    if len(run) < 2 or run in lex.facet_of:
        return None  # 本科录取率: the facet (本科) says it; a character left by peeling names nothing
    return run[-12:]


# 对东盟进出口, 与欧盟贸易, 向美国出口; exports to the US, trade with ASEAN: the partner narrows a trade figure
_ZH_PARTNER = re.compile(r"(?:对|与|向|同)\s{0,2}([\u4e00-\u9fff、和及“”]{2,16}?)\s{0,2}(?:的)?(?:分别)?(?:双边)?(?:货物)?(?:贸易)?(?:进出口|出口|进口|贸易)")
_EN_PARTNER = re.compile(r"\b(?i:trade with|exports to|imports from|shipments to)\s+(?:the\s+)?((?:[A-Z][A-Za-z.]*\s?){1,3})")


def trade_partner_spans(text: str) -> list[tuple[int, int]]:
    """Where the text names a trading partner (对欧盟、美国分别进出口…, exports to the United States):
    the names there are partners, no subject of the figures after them (entities._mark_compared)."""
    return [m.span(1) for pattern in (_ZH_PARTNER, _EN_PARTNER, _CHANGE_WITH_PARTNER) for m in pattern.finditer(text)]


def _trade_partner(text: str, lo: int, hi: int, english: bool) -> str | None:
    """The trading partner a trade figure is with, the i-th of a list for the i-th figure after it
    (对欧盟、美国分别进出口1043.2亿元、812.9亿元)."""
    m = None
    for m in (_EN_PARTNER if english else _ZH_PARTNER).finditer(text, lo, hi):
        pass
    if m is None:
        return None
    from numcheck.claims.entities import canonical_place  # United States = 美国: one key in both languages

    said = m.group(1).strip()
    items = [x for x in re.split(r"[、和及]", said.strip("“”")) if x]
    if len(items) > 1:
        k = len(_FIGURES.findall(text, m.end(), hi))
        return canonical_place(items[k]) if k < len(items) else None
    return canonical_place(said.lower() if english else said)


def _facets_after(text: str, end: int, hi: int, kind: str) -> dict[str, str]:
    """The facets in the English words right after a count (4,814 franchised outlets, 7,800
    undergraduates): up to three lower-case words within its clause."""
    words = re.match(r"\s{0,2}((?:[a-z'-]{1,20}\s){0,2}[a-z'-]{1,20})", text[end:hi].lower())
    return _facets(words.group(1), 0, len(words.group(1)), True, rank=False, kind=kind) if words else {}


def _peeled(run: str, words: tuple[str, ...], *, right: bool = False) -> str:
    """`run` without the `words` that open it (or, `right`, end it), one after another
    (全年实现云计算 -> 云计算; 动力电池系统实现 -> 动力电池系统)."""
    changed = True
    while run and changed:
        changed = False
        for w in words:
            if run.endswith(w) if right else run.startswith(w):
                if not right and len(w) == 1 and len(run) > 2 and run[:2] in _JOINED_WORDS:
                    continue  # 在线广告: 在 opens a word here (在线), no stop word
                run, changed = (run[: -len(w)] if right else run[len(w):]), True
                break
    return run


# words that begin with a character the segment finder otherwise drops as a stop word
_JOINED_WORDS = frozenset({"本地", "本土", "在线", "在建", "在售", "在役", "在运", "在营", "在校", "在职", "在手", "在网", "在园", "在读"})


def _segment(text: str, lo: int, word_start: int, entity_spans: list[tuple[int, int]],
             concept: str | None = None) -> str | None:
    """The segment written before the measure (_segment_written), under its full name (全钢胎 ->
    全钢子午线轮胎: facets.yaml segment_aliases)."""
    said = _segment_written(text, lo, word_start, entity_spans, concept)
    return lexicon().segment_aliases.get(said, said) if said else said


def label_segment(label: str, said: str, concept: str) -> str | None:
    """The segment a table row's label writes before its measure word (其中：自产煤销量 -> 自产煤),
    read as the same words in prose would be."""
    at = label.rfind(said)
    return _segment(label, 0, at, [], concept) if at > 0 else None


def _segment_written(text: str, lo: int, word_start: int, entity_spans: list[tuple[int, int]],
                     concept: str | None = None) -> str | None:
    """The business segment or product line written right before the measure (云计算业务收入,
    创新药收入, 亚洲区内航线运量), if any: the noun run after the last entity, time or stop word."""
    lex = lexicon()
    left, named = lo, None
    for s, e in entity_spans:
        if e <= word_start and e > left:
            left, named = e, (max(s, lo), e)
    run = _PINYIN_NOTE.sub("", text[left:word_start])  # 系統(tǒng)營收: a repost's pinyin notes are no words
    if named is not None and run in lex.segment_markers:
        return text[named[0]:word_start]  # 东南亚航线运量: a place's routes are a segment, not the place
    run = _RUN_BREAK.split(run)[-1] if run else ""  # 崟骢去年大中型客车销量: the line starts after the time word
    run = _peeled(run, lex.peel)  # stop and facet words off the left: a segment-like run remains
    run = _peeled(run, _BRAND_LEAD)  # 主品牌婳萃: the brand's name is the segment
    run = _peeled(run, _SEGMENT_TAIL, right=True)  # 动力电池系统实现营业收入: the verb is no part of the line
    said = text[left:word_start].rstrip()
    if not run and said.endswith((":", "：")) and said[:-1].strip():
        # 储能电池系统：营收572.9亿元: a line's label names what its figures are of
        run = _peeled(re.split(r"[\s\d%“”\"'「」『』、，,。：:;；]+", said[:-1].rstrip())[-1], lex.peel)
    elif run in lex.segment_markers and run in said:
        # “手机×AIoT”分部收入: the quoted name and its marker are the segment
        quoted = re.search(r"[“\"「『]([^“”\"「」『』]{1,12})[”\"」』]\s*$", said[: said.rindex(run)])
        run = quoted.group(1).replace(" ", "") + run if quoted else run
        if quoted:
            return run
    if not run and concept in lex.product_line_measures:
        frame = _SEGMENT_FRAME.search(text, 0, lo)  # 在智能手机业务方面，…全年营收: the sentence's frame
        run = frame.group(1) if frame else ""
        if not run:  # 椰子水业务受益于…，收入同比增长15.1%: the line the sentence opens with is the subject
            opened = _SEGMENT_SUBJECT.match(text, 0, lo)
            run = opened.group(1) if opened and not _NAMES_THE_WHOLE.search(text, opened.end(), word_start) else ""
            run = re.sub(r"^.*?(?:公司|集团)", "", run)  # (某公司椰子水业务: the company's line)
    if concept == MARKET_SHARE and run:
        # 储能电池出货量全球市占率: a share by a product's volume is that product's share; the
        # volume it is counted in and the market's area (a facet of its own) are no part of the line
        run = _peeled(run, tuple(w for w, _ in lex.areas), right=True)
        counted_in = [m for m in lex.zh.finditer(run) if m.end() == len(run) and m.start() > 0]
        run = run[:counted_in[-1].start()] if counted_in else run
    for word in lex.peel:
        if word in run and word in lex.facet_of:
            run = run[run.rindex(word) + len(word):]  # 禾购海外站: the facet (海外) says it; 站 alone narrows nothing
            break
    if not run or len(run) > 12 or run in lex.segment_markers:
        return None
    if run in lex.segment_words or run.endswith(lex.segment_markers):
        return run
    parts = re.split(r"[及和与、]", run)
    if len(parts) > 1 and all(p in lex.segment_words for p in parts):
        return run  # 水泥及熟料销量: two lines reported as one
    for w in lex.segment_words:
        if run.endswith(w) and len(w) >= 2:
            return w
    if concept in lex.product_line_measures and _TYPED_PRODUCT.fullmatch(run):
        return run  # 竞猜型彩票销售, 经济型酒店收入: a type of the product narrows its measure
    joined = _JOINED_LINES.fullmatch(run) if concept in lex.product_line_measures else None
    if joined and _common_nouns(joined.group(1)) and _nouns_or_activities(joined.group(2)) \
            and not any(w in run for w in lex.segment_stops):
        return run  # 电池材料及回收实现营收, 手机部件及组装业务: two lines reported as one segment
    if _UNLISTED_SEGMENT.fullmatch(run) and _BREAKDOWN.search(text, 0, lo) \
            and not any(w in run for w in lex.segment_stops):
        return run  # 分产品看，…速冻米面制品收入…；预制菜收入…: a breakdown's items are its lines, whatever their words
    if concept in lex.product_line_measures and _UNLISTED_SEGMENT.fullmatch(run) \
            and not any(w in run for w in lex.segment_stops) and _common_nouns(run):
        # 液态奶收入, 奶酪销量: a product no list names still narrows the measure; read as the
        # whole, a product line's figure would be set against the company's
        return run
    return None


_BRAND_LEAD = ("旗下品牌", "自有品牌", "核心品牌", "主品牌", "子品牌", "旗下")
# what may stand between a product line and its measure and belongs to neither
_SEGMENT_TAIL = ("实现", "录得", "取得", "完成", "贡献", "创造", "达成", "的", "全年度", "全年", "年度", "合计", "累计")
# 在智能手机业务方面，…; 从汽车业务看，…: a frame naming the part a sentence's figures are of
# a sentence that breaks a figure down by product, business or brand (分产品看，…; 从产品结构看，…)
_BREAKDOWN = re.compile(r"(?:分|按)(?:产品|业务|板块|品类|品牌|产品线|业务线|产业|行业|领域|用途|类型|渠道)(?:来看|看|划分|而言)?[，,:：]"
                        r"|从(?:产品|业务|收入|产业|行业)(?:结构|构成)?(?:来看|看)[，,:：]")
# a sentence that opens with a business line as its subject (椰子水业务受益于…，收入…)
_SEGMENT_SUBJECT = re.compile(r"\s?(?:其中[，,]?)?([\u4e00-\u9fff]{2,8}?(?:业务|板块|分部|事业部|事业群))(?![\u4e00-\u9fff]{0,2}(?:收入|营收|营业收入))")
# …，公司整体收入…: a later clause that names the whole is about the whole
_NAMES_THE_WHOLE = re.compile(r"公司|集团|整体|总营收|总收入|营业总收入|合计|全部|总体")
_SEGMENT_FRAME = re.compile(r"(?:^|[，,；;。\s])(?:在|从)([\u4e00-\u9fff]{2,10}?)(?:方面|领域|来看|看)[，,]")


def _english_time_words() -> set[str]:
    """The words of English time phrases (first-quarter, nine months): no product line's name."""
    from numcheck.claims.periods import cues

    c = cues()
    return {w for phrase in (*c.english_parts, *c.english_relative_years, *c.english_months) for w in phrase.lower().split()}


def _figures_of_a_growth(text: str, start: int, end: int, numbers: list[tuple[int, int]],
                         families: dict[int, str]) -> tuple[tuple[int, str] | None, str | None]:
    """For an English percentage: the figure right before it in the sentence (where it ends, its
    unit family) and the family of the level it rose "to", when they are known."""
    # (a rank is never what grows: fifth-largest coal miner …, net profit fell 32.8%)
    prior = max(((e, families[s]) for s, e in numbers if e <= start and s in families and families[s] != "rank"),
                default=None)
    after = min((s for s, e in numbers if s >= end and s in families), default=None)
    level = families[after] if after is not None and _EN_RISE_TO.fullmatch(text, end, after) else None
    return prior, level


_EN_REAL_AFTER = re.compile(r"\s{0,2}(?:\w{1,15}\s){0,2}?in real terms\b", re.I)
_EN_SEQUENTIAL_AFTER = re.compile(
    r"\s{0,2}(?:\w{1,15}\s){0,2}?(?:quarter[- ]on[- ]quarter|month[- ]on[- ]month|sequentially"
    r"|(?:from|over|on|compared with|against) (?:the |a )?(?:previous|prior|preceding|last) (?:month|quarter)"
    r"|from a (?:month|quarter) (?:earlier|before)"
    r"|(?:from|than(?: in)?) (?:January|February|March|April|May|June|July|August|September|October|November|December)\b(?! \d{4}))\b", re.I)
_EN_RISE_IN = re.compile(r"\s{0,2}(?:year-on-year\s|annual\s)?(?:rise|increase|growth|jump|gain|fall|drop|decline|decrease"
                         r"|slump|surge|climb)s?\sin\s", re.I)
_EN_RISE_TO = re.compile(r"[^,;.]{0,40}?\bto\s+(?:(?:US|HK|NT)?\$|€|£|¥|RMB\s?)?")


def _grows_another_figure(text: str, m: re.Match, measure: MeasureEntry,
                          grown: tuple[tuple[int, str] | None, str | None]) -> bool:
    """Whether an English percentage is the growth of a figure that cannot be `measure`'s: it rose
    to a level in another unit (exports climbed 12.7% to 46,200 tonnes: volume, not the value), or
    it follows a figure the measure word only describes (drew 246 million kWh from chargers in
    2025, up 36.5%: the power drawn grew, not the chargers)."""
    prior, level = grown
    if measure.kind in ("share", "margin", "rate") and "percent" in measure.units and level is None:
        return False  # giving it a market share of 21.6%: a percentage measure named, not a growth
    if level is not None and not _takes(measure, level):
        return True
    if prior is not None and prior[0] <= m.start() and not _EN_CLAUSE_END.search(text, prior[0], m.start()):
        return not _takes(measure, prior[1])
    if prior is not None and m.end() <= prior[0] and not _takes(measure, prior[1]):
        return True  # industrial users consumed 32.1 billion kWh, up 5.4%: the power grew, not the users
    return False


_EN_WORD = re.compile(r"[a-z][a-z-]*")


def _english_qualifier_words() -> set[str]:
    """The words of English qualifiers (around, more than, up to): they bound a figure and name no
    product line (deliveries of around 450,000 units)."""
    from numcheck.claims.qualifiers import LEX
    return {w for phrase in (*LEX.prefix, *LEX.suffix) if phrase.isascii() for w in phrase.lower().split()}


def _english_segment(text: str, lo: int, m: re.Match, concept: str) -> str | None:
    """The product line an English measure word is of: lower-case nouns right before it (milk
    powder revenue, cheese sales) or after "of"/"from" (sales of liquid milk, revenue from cheese).
    Stop, whole, facet and change words end the run; a capitalised word is a name (Lanmu revenue)."""
    lex = lexicon()
    stops = lex.english_segment_stops
    before = text[lo:m.start()].rstrip()
    words = []
    tokens = before.split()
    for k in range(len(tokens) - 1, max(-1, len(tokens) - 4), -1):
        w = tokens[k]
        if k == 0 and not text[:lo].strip(" \"'“”"):
            w = w[:1].lower() + w[1:]  # Milk powder revenue…: a sentence opens with a capital
        if not _EN_WORD.fullmatch(w) or w in stops or (w.endswith("ed") and len(w) > 4):
            break  # (a past tense ends the run: reported cheese sales)
        words.insert(0, w)
    if not words:
        after = re.match(r"\s+(?:of|from)\s+((?:[a-z][a-z-]*\s+){0,2}[a-z][a-z-]*)", text[m.end():])
        if after:
            for w in after.group(1).split():
                if w in stops:
                    break
                words.append(w)
    if not words:  # Xiaomi's smartphone business logged 191.8 billion yuan in revenue: the business named
        named = max(_EN_BUSINESS.finditer(text.lower(), lo, m.end() + 50), key=lambda b: b.start(), default=None)
        if named is not None:
            words = named.group(1).split()
            while words and words[0] in stops:
                words.pop(0)  # (the internet of things business: "of" stays inside the name)
    said = " ".join(words)
    return lex.segment_translations.get(said, said) or None  # advertising revenue: 广告, as 广告收入 says


# (a time word right before the measure stays: 宁川楚湾基地去年产值, “手机×家电”分部全年收入 read as before)
_RUN_BREAK = re.compile(r"[\s\d%“”\"'「」『』、，,。：:]+(?:年|月|日|季度)?"
                        r"|(?:去年|今年|上年|前年|当年|本年|同期|(?:前三|第?[一二三四])季度|[上下]半年|全年)(?=[\u4e00-\u9fff])")
_UNLISTED_SEGMENT = re.compile(r"[\u4e00-\u9fff]{2,6}")
_EN_BUSINESS = re.compile(r"(?<![a-z'’-])((?:[a-z][a-z-]*\s){0,2}[a-z][a-z-]*)\s(?:business|segment|division|unit)\b")
_PINYIN_NOTE = re.compile(r"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,8}[)）]")
_JOINED_LINES = re.compile(r"([\u4e00-\u9fff]{2,5})[及和与]([\u4e00-\u9fff]{2,5})")
_TYPED_PRODUCT = re.compile(r"[\u4e00-\u9fff]{1,5}[型类式][\u4e00-\u9fff]{0,4}")


def _nouns_or_activities(run: str) -> bool:
    """Common nouns, or the activity a business line is named by (回收, 组装, 相关产品)."""
    from numcheck.claims.segment import pos_cut

    return all(flag in ("n", "vn", "ng", "v") for _, flag in pos_cut(run, hmm=False))


def _common_nouns(run: str) -> bool:
    """Whether jieba reads `run` as common nouns only (液态奶, 集装箱船): no verb, place, person,
    organisation or other proper name, time or locality word."""
    from numcheck.claims.segment import pos_cut

    return all(flag in ("n", "vn", "ng") for _, flag in pos_cut(run, hmm=False))


_SEGMENT_START = re.compile(r"[；;。]")
_WHOLE_LEAD = re.compile(r"(?:全省|全市|全国|全县|全区|全年)?(?:共有|拥有|现有|有)")


_SERIES = re.compile(r"(?:主力|旗下|热销|明星|核心)?(?:车型|品牌|产品|机型)?([\u4e00-\u9fff]{2,4}?|[A-Za-z][A-Za-z0-9]{0,6})系列")


def _with_facets(found: MeasureFound, facets: dict[str, str]) -> MeasureFound:
    """The measure found, narrowed to `facets`, its readable name with them."""
    metric = _metric_name(_entry(found.concept), found.aspect, facets) if found.concept in _entries() else found.metric
    return replace(found, facets=facets, metric=metric)


def _series_of(found: MeasureFound, text: str, lo: int, start: int) -> MeasureFound:
    """星弧系列10月交付18,450辆, 主力车型星弧系列交付2.1万辆: a product series named in the figure's
    clause (from `lo`) is the product facet, as a model code is (and no segment besides)."""
    if "product" in found.facets:
        return found
    series = None
    for series in _SERIES.finditer(text, lo, start):
        pass
    if series is None:
        return found
    facets = {k: v for k, v in found.facets.items() if not (k == "segment" and series.group(1) in v)}
    facets["product"] = series.group(1)
    return _with_facets(found, facets)


def _segment_topic(found: MeasureFound, text: str, lo: int, start: int,
                   entity_spans: list[tuple[int, int]]) -> MeasureFound:
    """中等职业学校286所，在校生52.7万人，毕业生就业率96.1%: a facet word that opens the stretch
    up to the number (after the last ；or 。) narrows every figure in it, unless the figure's own
    clause (from `lo`) names a facet of that kind."""
    lex = lexicon()
    at = max((m.end() for m in _SEGMENT_START.finditer(text, 0, start)), default=0)
    while at < start and text[at] in " \u3000，,":
        at += 1
    lead = _WHOLE_LEAD.match(text, at)  # (全省共有普通高中…: the whole and a verb of having first)
    opened = lex.facet_zh.match(text, lead.end() if lead else at)
    if opened is None or opened.end() >= start:
        return found
    named = lex.zh.match(text, opened.start())
    if named is not None and named.end() > opened.end():
        return found  # (高中阶段毛入学率: the word is part of the measure's own name)
    if any(opened.end() <= a < opened.end() + 10 for a, _ in entity_spans):
        return found  # (内地保险巨头恒泰保险…: it describes the company named after it)
    kind, value = lex.facet_of[opened.group(0)]
    if kind not in ("level", "area", "ownership", "operation") or kind in found.facets:
        return found
    if at == lo:
        return found  # (its own clause: the measure stage read it already)
    return _with_facets(found, {**found.facets, kind: value})


def of_previous(found: MeasureFound | None, previous: MeasureFound | None) -> MeasureFound | None:
    """A ratio of the figure before (完成预算的101.3% after 一般公共预算收入…) narrowed by what it is of."""
    if found is None or previous is None or not found.concept or found.concept not in _entries() \
            or not _entry(found.concept).of_previous or previous.concept == found.concept or not previous.concept:
        return found
    facets = {**found.facets, "of": _entry(previous.concept).name}
    return replace(found, facets=facets, metric=_entry(previous.concept).name + found.metric)


def find_measure(text: str, start: int, end: int, quantity, language: str,
                 previous: MeasureFound | None = None,
                 entity_spans: list[tuple[int, int]] | None = None,
                 numbers: list[tuple[int, int]] | None = None,
                 families: dict[int, str] | None = None) -> MeasureFound | None:
    """The measure of the number at text[start:end] (sentence-relative offsets), or None.

    `previous`: the measure found for the clause before, in the same sentence, which a clause
    naming only a growth or a change continues. `entity_spans`: where names stand in the
    sentence (they end a segment's words)."""
    found = of_previous(_measure_named(text, start, end, quantity, language, previous, entity_spans, numbers,
                                       families or {}), previous)
    lo = clause_bounds(text, start, end, "zh")[0] if language != "en" else 0
    if found is not None and found.concept and language != "en":
        # what the stretch, the clause and the frame before it add (the measure stage read the clause)
        found = _series_of(_segment_topic(found, text, lo, start, entity_spans or []), text, lo, start)
    if unit_family(quantity) == "rank" and (found is None or found.concept == GENERIC_RANK):
        return _ranked_by(found, text, start, end, language, previous, numbers)
    if found is not None and found.concept and language != "en":
        found = _with_partner(_framed(found, text, lo, numbers or []), text, lo, start)
    return found


def _with_partner(found: MeasureFound, text: str, lo: int, start: int) -> MeasureFound:
    """…，对欧盟增长3.2%，对美国下降4.7%: the change of trade with the partner its own clause names,
    over one carried from the clause before."""
    if found.concept.split("/")[0] not in _TRADE or ("partner" in found.facets and not found.inherited):
        return found
    partner = _CHANGE_WITH_PARTNER.search(text, lo, start)
    if partner is None:
        return found
    from numcheck.claims.entities import canonical_place

    said = found.facets.get("partner")
    facets = {**found.facets, "partner": canonical_place(partner.group(1))}
    metric = found.metric[len(said):] if said and found.metric.startswith(said) else found.metric
    return replace(found, facets=facets, metric=partner.group(1) + metric)


_TRADE = frozenset({"total_trade", "exports", "imports"})
# 对欧盟增长3.2%: a change of trade with a partner, the trade word said in the clause before
_CHANGE_WITH_PARTNER = re.compile(r"(?:对|与)\s{0,2}([\u4e00-\u9fff]{2,6}?)\s{0,2}(?:分别)?(?:"
                                  + "|".join(map(re.escape, sorted({*_RISE, *_FALL}, key=len, reverse=True))) + ")")


_FRAME_WHEN = frozenset({"单日", "单月", "单季", "春节", "国庆", "五一", "暑期"})  # when a frame clause may say


def _framed(found: MeasureFound, text: str, lo: int, numbers: list[tuple[int, int]]) -> MeasureFound:
    """A clause of no figure that opens the sentence frames the clause after it: 大年初一当天，全国
    电影票房达18.5亿元 is a single day's; 在澜江市主城区，绿驰已建成超充站120座 is the urban area's.
    Only the kinds of facet a frame gives (when, where), and only those the clause does not say;
    `lo`: where the number's clause starts."""
    if lo <= 1:
        return found
    frame_lo = max((text.rfind(ch, 0, lo - 1) for ch in _ZH_CLAUSE_END), default=-1) + 1
    if frame_lo != 0 or lo - frame_lo > 24 or any(frame_lo <= a < lo for a, _ in numbers):
        return found
    frame = text[frame_lo:lo - 1]
    said = _facets(text, frame_lo, lo - 1, False, rank=False, kind=found.kind)
    # a frame says when (a day, a holiday) or where (在…): a cause (受…新开工面积下滑影响) frames nothing
    added = {k: v for k, v in said.items() if k not in found.facets and (
        (k == "sub_period" and v in _FRAME_WHEN) or (k == "area" and frame.startswith(("在", "于", "从")))
    )}
    if not added:
        return found
    facets = {**found.facets, **added}
    return replace(found, facets=facets, metric="".join(added.values()) + found.metric)


GENERIC_RANK = "rank"  # the measures.yaml concept of a position in a ranking no measure names


def _ranked_by(found: MeasureFound | None, text: str, start: int, end: int, language: str,
               previous: MeasureFound | None, numbers: list[tuple[int, int]] | None) -> MeasureFound | None:
    """A rank named by 排名, a verb or a superlative alone ranks by the measure written right
    before it (地区生产总值全国排名第14位), else by the measure of the clause before it when that
    clause ends in its figure (运营里程达286.3公里，居全国第14位): a city ranks on many measures,
    and two of them must never meet as one ranking. A verb alone names no ranking (位列第二)."""
    lex = lexicon()
    english = language == "en"
    lo, hi = clause_bounds(text, start, end, language)
    scope = _facets(text, lo, hi, english, rank=True).get("scope")
    facets = {**(found.facets if found is not None else {}), **({"scope": scope} if scope else {})}
    pools = [m.span() for m in _RANK_POOL.finditer(text, lo, start)]
    named = [m for m in _words_in(lex.en if english else lex.zh, text, lo, hi, english)
             if m.end() <= start and lex.by_word[m.group(0)].kind not in ("rank", "streak")
             and not any(a <= m.start() < b for a, b in pools)]
    if found is not None and named:
        return found_for(lex.by_word[named[-1].group(0)], "rank", facets, named[-1].group(0))
    if previous is not None and previous.known and previous.aspect in ("level", "share") \
            and previous.kind != "rank" and _follows_a_figure(text, lo, numbers or []):
        facets = {**previous.facets, **facets}
        return MeasureFound(previous.concept, "rank", facets, _metric_name(_entry(previous.concept), "rank", facets),
                            previous.words, inherited=True, kind=previous.kind)
    before = None if english else _measure_ending_before(text, lo)
    if before is not None:
        return found_for(lex.by_word[before.group(0)], "rank", facets, before.group(0))
    framed = None if english else _FRAME.search(text, 0, lo)
    hit = lex.zh.search(text, framed.start(1), framed.end(1)) if framed else None
    if hit is not None and lex.by_word[hit.group(0)].kind not in ("rank", "streak"):
        # 从旅客运输量看，翔鹭航空位居国内航司第四: the frame names what the sentence ranks by
        return found_for(lex.by_word[hit.group(0)], "rank", facets, hit.group(0))
    if english and found is None and previous is not None and previous.known and previous.kind != "rank" \
            and _EN_SUPERLATIVE.match(text, end):
        # handled 46.83 million passengers, up 11.4%, making it the country's 10th busiest airport:
        # a superlative ranks by the measure the sentence just gave
        facets = {**previous.facets, **facets}
        return MeasureFound(previous.concept, "rank", facets, _metric_name(_entry(previous.concept), "rank", facets),
                            previous.words, inherited=True, kind=previous.kind)
    if found is not None and found.words.lower() in _rank_verbs():
        return None
    return found


# the pool a rank is taken in names what is ranked, not the measure (在全省地级以上城市中排名第4,
# among 36 major cities)
_RANK_POOL = re.compile(r"在[^，,；;。在]{1,20}?(?:之中|当中|中|里)|\bamong\s+[^,;.]{1,40}", re.I)


# the 10th busiest, the second-longest, the third-largest: a rank by the size of something
_EN_SUPERLATIVE = re.compile(r"(?<![\s-])[\s-]{1,3}(?:most\s{1,3}\w+|\w+est)\b", re.I)
# 而去年同期为4798亿元, 上年同期为100亿元: the clause names no measure, only the period compared with
_SAME_PERIOD_BEFORE = re.compile(r"(?:而|较|比|与|对比)?(?:去年|上年|前年|上一年|上年度|同比)?同期(?:则)?(?:为|是|有|达|约|仅|只有)?")
_BASE_FRAME_OPEN = re.compile(r"(?:与|和|同|较|比)[^，,；;。\s]{0,24}?的")
_BASE_FRAME_CLOSE = re.compile(r"\s?(?:相比|相较|比较|对比)")
# 从旅客运输量看, 就营收而言, 按出货量计: a frame naming the measure the rest of the sentence speaks of
_FRAME = re.compile(r"(?:从|就|按|以)([^，,；;。从就按以]{1,12}?)(?:来看|看|而言|来说|计算|计)[，,]")
# "a 17.8% share" or "a 17.8% market share", not a stake (a 30% share in the venture) or shares
_EN_A_SHARE = re.compile(r"\s{0,2}(?:market\s{1,2})?share(?!s|\s{1,2}(?:in|of\s{1,2}(?:the\s{1,2})?(?:company|venture|"
                         r"joint|stake|profit|revenue|sales|income|the\s{1,2}total)))\b", re.I)
_EN_VERSUS_NORMAL = re.compile(r"\s{0,2}(above|below|higher|lower|more|less)\s{1,2}(?:than\s{1,2})?"
                               r"(?:normal|average|usual|the long-term average|a year earlier|last year)\b")
_EN_OF_THE = re.compile(r"\s{1,3}of\s{1,3}(?:(?:the|its|their|all|total|group|company|overall|annual)\s{1,3}){0,2}", re.I)
_LISTED_AFTER_FIGURE = re.compile(r"\d[^\d，,；;。、]{0,4}、\s*$")


def _head_of_of_phrase(text: str, ordered: list[re.Match]) -> list[re.Match]:
    """In English "A of B" names A (the average price of new homes: a price, not homes): the
    measure word right before "of" comes before the one after it."""
    nearest = ordered[0]
    head = next((m for m in ordered[1:] if m.end() <= nearest.start()
                 and re.fullmatch(r"\s+of\s+(?:(?:the|new|all|its|their)\s+)?", text[m.end():nearest.start()], re.I)), None)
    return [head, *(m for m in ordered if m is not head)] if head is not None else ordered


def _follows_a_figure(text: str, lo: int, numbers: list[tuple[int, int]]) -> bool:
    """The clause at `lo` comes right after one that ends in a figure (286.3公里，居全国第14位),
    not after one that goes on to other words (140万在校大学生的人才储备,全国第一的…)."""
    before = [e for _, e in numbers if e <= lo]
    return bool(before) and re.fullmatch(r"[^\d，,；;。]{0,3}[，,]\s*", text[max(before):lo]) is not None


def _measure_ending_before(text: str, lo: int) -> re.Match | None:
    """The measure word of the Chinese clause that ends right before `lo` in a figure and its unit
    (地区生产总值达到2.1万亿元，), read from the text alone."""
    ends = re.search(r"\d[^\d，,；;。]{0,4}[，,]\s*$", text[:lo])
    if ends is None:
        return None
    lex = lexicon()
    plo = clause_bounds(text, ends.start(), ends.start() + 1, "zh-Hans")[0]
    hits = [m for m in _words_in(lex.zh, text, plo, ends.start(), False)
            if lex.by_word[m.group(0)].kind not in ("rank", "streak")]
    return hits[-1] if hits else None


@lru_cache(maxsize=1)
def _rank_verbs() -> frozenset[str]:
    return frozenset(v for v, ids in lexicon().verb_measures.items() if ids == (GENERIC_RANK,))


def _measure_named(text: str, start: int, end: int, quantity, language: str,
                   previous: MeasureFound | None,
                   entity_spans: list[tuple[int, int]] | None,
                   numbers: list[tuple[int, int]] | None,
                   families: dict[int, str]) -> MeasureFound | None:
    lex = lexicon()
    english = language == "en"
    family = unit_family(quantity)
    if not english and numbers is not None:
        respective = _respectively(text, start, end, quantity, numbers)
        if respective is not None:
            return respective
    if previous is not None and family == "money" and _CONVERSION.search(text, max(0, start - 30), start):
        # 31.3 billion yuan ($4.4 billion): a currency conversion in brackets restates the figure before
        return replace(previous, inherited=True)
    lo, hi = clause_bounds(text, start, end, language)
    if family == "percent" and not english:
        moved = _growth_of_verb(text, lo, start, text[end:hi])
        if moved is not None:  # 海外出货年增13%: the verb of the clause names what grew, not the clause before
            return moved
    # a clause that names no measure of its own may continue the level of the figure before
    continues = previous is not None and previous.known and family in _entry(previous.concept).units
    if continues and _RESTATED_IN.fullmatch(text, lo, start):
        # 1126万载重吨，折合412万修正总吨; or 4.12 million CGT: the figure before, in another unit
        return replace(previous, inherited=True)
    continues = continues and previous.aspect == "level" and not english
    if continues and lo > 0 and text[lo - 1] == "、" and not text[lo:start].strip() \
            and re.match(r"\s*(?:[、，,。；;]|$)", text[end:]):
        # 新接订单62艘、480万修正总吨、1520万载重吨: one measure, the same orders in other units
        return replace(previous, inherited=True)
    if continues and (_SAME_PERIOD_BEFORE.fullmatch(text[lo:start].strip())
                      or (_BASE_FRAME_OPEN.fullmatch(text[lo:start].strip()) and _BASE_FRAME_CLOSE.match(text, end))):
        # 营收120亿元，而上年同期为100亿元; 常住人口356.8万人，与2010年第六次全国人口普查的344.4万人
        # 相比: the same measure, for the period or the source compared with
        return replace(previous, inherited=True)
    if continues:
        run = _SEGMENT_ONLY.fullmatch(text, lo, start)
        said = run.group(1) if run and not lex.zh.search(run.group(1)) else ""  # (a measure of its own: read below)
        if said in lex.facet_of or (said.endswith(lex.segment_markers) and said not in lex.segment_markers):
            # 物理类本科线478分，历史类487分: the clause names only another track or segment of the
            # measure before; what it names replaces the same kind of facet, the rest carries over
            kind_of, value = lex.facet_of.get(said, ("segment", said))
            facets = {**previous.facets, kind_of: value}
            return MeasureFound(previous.concept, "level", facets,
                                _metric_name(_entry(previous.concept), "level", facets), previous.words,
                                inherited=True, kind=previous.kind)
    together = _NAMES_TOGETHER.search(text, max(0, lo - 20), start) if not english else None
    if together is not None and not _products_together(together.group("items")):
        return OF_NAMES_TOGETHER  # 澄星、鸣禾、霁光合计份额超过五成: several names' figure together
    if _TOP_N_TOGETHER.search(text, lo, start):
        return OF_NAMES_TOGETHER  # 全球前十厂商市占率89.5%, the top five carriers' share: a group's figure
    if english and family != "percent" and _EN_PART_OF.search(_after_last_figure(text[max(lo, start - 40):start].lower())):
        return A_PART
    if english and _EN_FROM_BEFORE.search(text, max(lo, start - 80), start):
        return LEVEL_BEFORE  # fell to 236 yuan from 258 yuan: the level of the earlier period, undated here
    if english and family == "percent" and MARKET_SHARE in _entries() and _EN_A_SHARE.match(text, end):
        # gave Lanqi a 17.8% share: a seller's share of its market
        facets = _facets(text, lo, start, True, rank=False, kind="share")
        return found_for(_entry(MARKET_SHARE), "level", facets, "share", False)
    pattern = lex.en if english else lex.zh
    hits = [m for m in _words_in(pattern, text, lo, hi, english) if m.end() <= start or m.start() >= end]
    if hits and not english:  # 扣除价格因素后实际增长: a measure word inside a longer facet wording is no measure
        inside = [f.span() for f in lex.facet_zh.finditer(text, lo, hi)]
        hits = [m for m in hits if not any(a <= m.start() and m.end() <= b and b - a > m.end() - m.start()
                                           for a, b in inside)]
    if entity_spans:  # 海岳船舶交付…: a measure word inside a name (船舶) names no measure
        hits = [m for m in hits if not any(a <= m.start() and m.end() <= b for a, b in entity_spans)]
    left = [m for m in hits if m.end() <= start]
    right = [m for m in hits if m.start() >= end]
    # the nearest wording on the left; else the noun right after the number (140万在校大学生)
    ordered = sorted(left, key=lambda m: start - m.end()) + sorted(right, key=lambda m: m.start() - end)
    if english and len(left) >= 2:
        ordered = _head_of_of_phrase(text, ordered)
    counted = (english_counted_noun(text, end) if english else _counted_noun(text, end, hi)) \
        if family == "count" else None
    if counted is not None:
        # 70家湖北本地配套企业, 40个国家: a count names what it counts right after it; only that
        # noun can be its measure (none, if the lexicon does not know it). In English the measure
        # may stand before it, joined by a preposition (orders for 68 vessels, a fleet of 112 jets)
        ordered = [m for m in left if english and _EN_COUNTED_BY.fullmatch(text, m.end(), start)][:1] \
            + [m for m in right if counted[0] <= m.start() and m.end() <= counted[1]][:1]
    after = text[end:hi]
    window = max(lo, start - (30 if english else 12))
    counter = getattr(quantity, "counter", None)
    verb = _verb_measure(text[window:start], family, english, counter)
    if verb is None and previous is not None and lex.verbs is not None and lex.verbs.fullmatch(previous.words) \
            and _LISTED_AFTER_FIGURE.search(text, max(0, start - 10), start):
        # 成交8.94万套、968.2万平方米: the verb before the first figure counts the ones listed after it
        verb = _verb_measure(previous.words, family, english, counter)
    # 未交付订单超过18万辆: the measure word is nearer (one that cannot take the figure's unit is
    # no rival of the verb: industrial users consumed 32.1 billion kWh)
    nearer = [m for m in left if m.start() >= window and (not english or _takes(lex.by_word[m.group(0)], family))]
    if verb is not None and not nearer:
        # 交付7058辆: the verb names it, unless a measure word stands right before the figure;
        # 海外交付8.9万辆: what stands before the verb narrows it
        facets = _facets(text, lo if english else window, start, english, rank=False, kind=verb.kind)
        at = text.rfind(verb.words, window, start)
        segment = _segment(text, lo, at, entity_spans or [], verb.concept) \
            if at >= 0 and not english and family in ("money", "count") else None
        if segment and family == "count" and len(cut_words(segment)) < 2:
            segment = None  # 住宅成交8.94万套: the bare noun is what is counted; 新能源客车销售12180辆 a kind of it
        if segment and segment not in facets.values():
            facets["segment"] = segment  # 竞猜型彩票销售241.7亿元: what is sold narrows the sales
        if english:  # admitted 7,800 undergraduates: the noun after an English count narrows it
            facets.update(_facets_after(text, end, hi, verb.kind))
            part = english_segment_subject(text, lo, start, entity_spans or [], measure_words_too=True)
            if part and "segment" not in facets:
                facets["segment"] = part  # In-vitro diagnostics … brought in 7.865 billion yuan
        return replace(verb, facets=facets, metric=_metric_name(_entry(verb.concept), "level", facets)) if facets else verb
    grown = _figures_of_a_growth(text, start, end, numbers or [], families) if english and family == "percent" \
        else (None, None)
    rise_in = _EN_RISE_IN.match(text, end) if english and family == "percent" else None
    if rise_in:  # a 10.2% rise in 2025 net profit: what rose is named after, not before (…maker by revenue)
        named_after = [m for m in right if m.start() - rise_in.end() <= 40]
        ordered = named_after + [m for m in ordered if m not in named_after]
    for m in ordered:
        measure = lex.by_word[m.group(0)]
        said_in = grown[1] if family == "percent" else family  # (a growth: the unit of the level it rose to)
        if said_in in measure.units_as:
            measure = _entry(measure.units_as[said_in])
        share_of = english and family == "percent" and m.start() >= end and _EN_OF_THE.fullmatch(text, end, m.start())
        if not share_of and _grows_another_figure(text, m, measure, grown):
            continue  # (53.2% of group revenue: a share, whatever figure came before)
        if not _counts_in(measure, counter):
            continue  # 运送旅客…2816万标准箱: a passenger count is never in containers
        between = text[m.end():start] if m.end() <= start else text[end:m.start()]
        level_frame = re.search(r"(?:至|到|达到|\bto|\bat)\s*$", _TIME_OF_THE_LEVEL.sub("", between.lower()))
        if (m.end() <= start and re.search(r"\d", between) and len(between) > (40 if english else 16)
                and (not level_frame or len(_figures(between)) > 1)):
            continue  # another figure stands between: that one is this measure's (unless "rose 5% to N")
        if english and m.start() >= end and any(end <= s_ < m.start() for s_, _ in (numbers or [])):
            continue  # up 9.6% and equal to 53.2% of group revenue: revenue is 53.2%'s base
        # 18.6% profit rise: an English measure after the figure, then the change word
        aspect = _aspect(between, after if m.end() <= start else (text[m.end():hi] if english else ""), family,
                         measure, english)
        if english and family == "percent" and m.start() >= end and _EN_OF_THE.fullmatch(between):
            # made up 16.6% of the population: a share of it; R&D spending was 2.89 billion yuan,
            # or 15.5% of revenue: R&D spending's share of revenue, named as the Chinese name it
            part = next((h for h in sorted(left, key=lambda h: start - h.end())
                         if lex.by_word[h.group(0).lower()].id != measure.id), None)
            if part is not None:
                owner = lex.by_word[part.group(0).lower()]
                if "money" in measure.units and "money" in owner.units_as:
                    owner = _entry(owner.units_as["money"])  # sales … 53.2% of group revenue: sales in money
                facets = _facets(text, max(lo, part.start() - 40), start, True, rank=False, kind=owner.kind,
                                 skip=(part.start(), part.end()))
                found = found_for(owner, "share", facets, text[part.start():part.end()], False)
                return replace(found, metric=found.metric[: -len(_ASPECT_WORD["share"])] + f"占{measure.name}比重")
            aspect = ("share", False)
        if aspect is None:
            continue
        compound = _compound(measure, text, m)
        if compound is not None:
            measure = compound  # 居住在城镇的人口: the lexicon's 城镇人口
        kind, negative = aspect
        if kind == "share" and not english:
            part = _share_part(text, lo, m, hits)
            base = None
            if part is not None:  # 研发人员占员工总数的比例: the share is the part's, 员工总数 is its base
                base = measure
                m, measure = part, lex.by_word[part.group(0)]
            elif re.match(r"\s*占", text[lo:m.start()]) and previous is not None:
                # …，占营业收入的比重为49.7%: the part is the figure of the clause before
                return MeasureFound(previous.concept, "share", dict(previous.facets),
                                    _metric_name(_entry(previous.concept), "share", previous.facets),
                                    previous.words, inherited=True, kind=previous.kind)
        # facets are the measure's modifiers and the words between it and the number, not
        # anything the clause says (Chinese home appliance maker ... revenue: no "home" facet)
        reach = 40 if english else 10
        if m.end() <= start:
            f_lo, f_hi = max(lo, m.start() - reach), start
        else:
            f_lo, f_hi = max(lo, start - reach), m.end()
        facets = _facets(text, f_lo, f_hi, english, rank=family == "rank" or kind == "rank", kind=measure.kind,
                         skip=(m.start(), m.end()))
        between_figures = [e for s_, e in (numbers or []) if m.end() <= s_ and e <= start]
        if m.end() <= start and between_figures:
            # public chargers numbered 98,400 and private ones 287,800: what stands after the
            # figure before this one narrows this one, over the measure's own modifiers
            facets.update(_facets(text, max(between_figures), start, english, rank=family == "rank" or kind == "rank",
                                  kind=measure.kind))
        if english and family == "count" and m.end() <= start:
            # 14,286 stores, including 4,814 franchised outlets: the words right after a count narrow it
            facets.update(_facets_after(text, end, hi, measure.kind))
        if english and kind in ("growth", "change") and _EN_SEQUENTIAL_AFTER.match(text, end):
            facets["basis"] = "环比"  # rose 0.1% quarter-on-quarter: against the quarter before
        if english and kind in ("growth", "change") and _EN_REAL_AFTER.match(text, end):
            facets["basis"] = "实际"  # grew 5.1 percent in real terms: after inflation
        versus = _EN_VERSUS_NORMAL.match(after.lower()) if english and kind in ("growth", "change") else None
        if versus and re.search(r"normal|average|usual", versus.group(0)):
            facets["basis"] = "常年"  # 18.4% below normal: against the long-run normal, as 较常年
        product = _product_before(text, lo, m.start())
        if product:
            facets["product"] = product  # 2024年SU7交付量: the model's, not the maker's whole
        if not english:
            segment = (_qualifier_of(text, lo, m.start(), entity_spans or []) if measure.generic
                       else _segment(text, lo, m.start(), entity_spans or [], measure.id))
        else:
            segment = _english_segment(text, lo, m, measure.id) if measure.id in lex.product_line_measures else None
        if segment and segment not in facets.values():
            facets["segment"] = segment
        found = found_for(measure, kind, facets, text[m.start():m.end()], negative)
        if kind == "share" and not english and base is not None and base.id != measure.id:
            # the base stays in the name (研发投入占营业收入比重), not in the key: a share of one base
            found = replace(found, metric=found.metric[: -len(_ASPECT_WORD["share"])] + f"占{base.name}比重")
        return found
    if family == "duration" and re.search(r"连续(?:第)?\s*$", text[lo:start]) and STREAK in _entries():
        # 连续14年位居第一: a streak, a count of years that ends in the figure's period
        return found_for(_entry(STREAK), "level", {}, "连续", False)
    if family == "duration" and _STAGE_SPAN.search(text, lo, hi):
        # 从开工到投产历时18个月: the frame names the measure, the time from one stage to another
        taken = _entry(ELAPSED_TIME)
        facets = _facets(text, lo, hi, english, rank=False, kind="duration")
        return found_for(taken, "level", facets, _STAGE_SPAN.search(text, lo, hi).group(0), False)
    if family == "length" and LENGTH in _entries():
        said = _LONG.search(text, lo, start) if not english else None
        spaced = end + len(text[end:hi]) - len(text[end:hi].lstrip())
        if said is not None or (english and _EN_LONG.match(text, spaced, hi)):
            # 高架段长1240米, a 38.6-km line, 12 km long: the length of what is named
            facets = _level_facets(text, lo, start, said.start() if said else start, english, entity_spans)
            return found_for(_entry(LENGTH), "level", facets, "长" if not english else "long", False)
    implied = _data()[1].counter_measures.get(counter or "")
    if implied is not None and family == "count":
        # 运送集装箱2816万TEU: a measure word only one measure counts in names it; 亚洲区内航线运量
        # 超千万标准箱: the route segment's, not the line's whole
        head = _UNNAMED_VOLUME.search(text, lo, start)
        facets = _level_facets(text, lo, start, head.start(), english, entity_spans)
        return found_for(_entry(implied), "level", facets, counter or "", False)
    if previous is not None and family != "rank":
        # …，同比增长9.4%: a clause of a change alone continues the measure before it
        measure = _entry(previous.concept)
        grow = _aspect(text[lo:start], after, family, measure, english)
        part = english_segment_subject(text, lo, start, entity_spans or []) if english else None
        if part and grow is not None and (grow[0] != "level" or family in measure.units):
            # while imaging equipment grew 4.1% to 5.218 billion yuan: that segment's, of the measure before
            facets = {"segment": part}  # (a segment of its own: not the facets of the figure before)
            return MeasureFound(previous.concept, grow[0], facets, _metric_name(measure, grow[0], facets),
                                previous.words, inherited=True, negative=grow[1], kind=previous.kind)
        if grow is not None and (grow[0] in ("growth", "share") or (grow[0] == "change" and family in measure.units)):
            # (a change is in the measure's own units: 飞机起降31.2万架次 is no change of a cargo tonnage)
            facets = {**previous.facets, **_facets(text, lo, start, english, rank=False, kind=previous.kind)}
            if english and grow[0] in ("growth", "change") and _EN_SEQUENTIAL_AFTER.match(text, end):
                facets["basis"] = "环比"  # …, and 12.6% higher than in September: against the month before
            return MeasureFound(previous.concept, grow[0], facets,
                                _metric_name(measure, grow[0], facets), previous.words,
                                inherited=True, negative=grow[1], kind=previous.kind)
        narrowed = _facets(text, lo, start, english, rank=False, kind=previous.kind)
        if (grow is not None and grow[0] == "level" and previous.aspect == "level" and narrowed
                and family in measure.units and _counts_in(measure, counter)):
            # 累计开通5G基站128.6万个，全年新增31.2万个: a clause naming only a part (新增, 农村地区)
            # of the measure before it is that part of it
            facets = {**previous.facets, **narrowed}
            return MeasureFound(previous.concept, "level", facets, _metric_name(measure, "level", facets),
                                previous.words, inherited=True, kind=previous.kind)
        part = None if english else _breakdown_part(text, lo, start)
        if (part and previous.aspect == "level" and family in measure.units and _counts_in(measure, counter)
                and lexicon().zh.search(part) is None):
            # 线路全长38.6公里，其中地下段26.2公里、高架段12.4公里: the parts a 其中 list breaks the
            # figure before into are that measure's, each for its own part (a facet when one names it)
            named = _facets(part, 0, len(part), False, rank=False, kind=previous.kind)
            facets = {**previous.facets, **(named or {"segment": part})}
            return MeasureFound(previous.concept, "level", facets, _metric_name(measure, "level", facets),
                                previous.words, inherited=True, kind=previous.kind)
    return None


# No leading \s*: a search over a run of spaces would retry it from every position.
_BREAKDOWN_ITEM = re.compile(r"(?:其中[，,]?\s*)?([\u4e00-\u9fff]{2,6})\s*(?:为|达|约|共|有)?\s*")
_IN_BREAKDOWN = re.compile(r"其中[^。；;，,]{0,20}\d[^。；;]{0,40}、\s*$")


def _breakdown_part(text: str, lo: int, start: int) -> str | None:
    """The part a clause of a 其中 breakdown names (其中本科生7856人、研究生6214人: 本科生, 研究生),
    or None: the clause opens with 其中, or follows another item of a list that did."""
    lo += len(text[lo:start]) - len(text[lo:start].lstrip())
    item = _BREAKDOWN_ITEM.fullmatch(text, lo, start)
    if item is None:
        return None
    opens = text.startswith("其中", lo)
    if not opens and not _IN_BREAKDOWN.search(text, max(0, lo - 80), lo):
        return None
    return item.group(1)


def _level_facets(text: str, lo: int, start: int, said: int, english: bool,
                  entity_spans: list[tuple[int, int]] | None) -> dict[str, str]:
    """The facets of a level the clause names by other than a wording (长, a measure word): those
    before the figure, and in Chinese the segment written before the word at `said`."""
    facets = _facets(text, lo, start, english, rank=False, kind="level")
    segment = None if english else _segment(text, lo, said, entity_spans or [])
    if segment:
        facets["segment"] = segment
    return facets


ELAPSED_TIME = "time_taken"  # the measures.yaml concept of a time from one stage to another
# a volume named by no measure word before a figure in a measure word (运量超, 箱量约)
_UNNAMED_VOLUME = re.compile(r"(?:运量|箱量|货量|量)?(?:超过|超|约|达到|达|为|近|逾|突破)?\s*$")
LENGTH = "length"  # the measures.yaml concept of a physical length
# the figure before ends in a currency unit, then an opening bracket: what follows converts it
_RESTATED_IN = re.compile(r"\s{0,2}(?:折合|约合|合|相当于|或|(?:or|equivalent to|about)\b)\s{0,2}(?:约|about)?\s{0,2}", re.I)
_SEGMENT_ONLY = re.compile(r"\s{0,2}(?:而|则)?([\u4e00-\u9fff]{2,8}?)(?:为|是|达|约)?\s{0,2}")
_CONVERSION = re.compile(r"(?:元|yuan|dollars?|euros?|港元|美元|HK\$|RMB)\s*+[(（]\s*+(?:约|about|around|approx\.?)?\s*+$", re.I)
# 长 right before a length (高架段长1240米; not 增长, 延长: changes)
_LONG = re.compile(r"(?<![增延成生])[长長]\s*(?:约|超过|超|近|达到|达|逾)?\s*$")
# a length that describes what follows it (a 38.6-km line) or is a length itself (12 km long);
# matched after the spaces that follow the figure
_EN_LONG = re.compile(r"(?:long\b|(?:[a-z]{1,15}\s+){0,2}(?:line|road|railway|rail line|section|track|tunnel|bridge|"
                      r"route|highway|expressway|motorway|pipeline|corridor|metro line|subway line)s?\b)", re.I)
STREAK = "streak"  # the measures.yaml concept of consecutive years (连续14年)
MARKET_SHARE = "market_share"  # the measures.yaml concept of a seller's share of its market


def _metric_name(measure: MeasureEntry, aspect: str, facets: dict[str, str], name: str | None = None) -> str:
    said = {**facets, "stage": "从{}到{}".format(*facets["stage"].split("→"))} if "→" in facets.get("stage", "") \
        else facets
    prefix = "".join(said[k] for k in ("area", "per", "level", "ownership", "cohort", "product", "segment", "phase", "stage",
                                       "sub_period") if k in said and (k == "product" or not said[k].isascii()))
    if "cohort" in facets:
        prefix = prefix.replace(facets["cohort"], "")
        prefix = _cohort_text(facets["cohort"]) + prefix
    scope = facets.get("scope", "")
    name = name or measure.name
    if aspect == "rank" and "排名" in name:
        return f"{scope}{prefix}{name}"
    if aspect == "rank":
        return f"{prefix}{name}{scope}排名"  # 地区生产总值全国排名
    return f"{scope}{prefix}{name}{_ASPECT_WORD[aspect]}"


def _cohort_text(cohort: str) -> str:
    if cohort.endswith("+"):
        return f"{cohort[:-1]}岁及以上"
    if cohort.startswith("<"):
        return f"{cohort[1:]}岁以下"
    return f"{cohort}岁"


def found_for(measure: MeasureEntry, aspect: str, facets: dict[str, str], words: str,
              negative: bool = False) -> MeasureFound:
    # Chinese text names the measure in its own words when they say enough (在校大学生, 成交额);
    # a two-character short form (营收) and English take the lexicon's name
    said = normalize(words)
    named = said if not said.isascii() and len(said) >= 3 and lexicon().by_word.get(said) is measure else measure.name
    # a facet the measure's own name says is no narrowing (PM2.5年均浓度 is annual)
    own_words = (measure.name, *measure.zh)  # PM2.5年均浓度 is a wording of the annual mean itself
    facets = {k: v for k, v in facets.items() if k in ("scope", "cohort") or not any(v in w for w in own_words)}
    return MeasureFound(concept_id(measure), aspect, facets, _metric_name(measure, aspect, facets, named), words,
                        negative=negative, kind=measure.kind)
