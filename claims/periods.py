"""Periods: the time span a number refers to, in ISO-like form (2024, 2025-Q1, 2025-01..2025-07).

A time expression governs its sentence from where it stands: the nearest one before
a number wins. Exceptions, each a rule of Chinese news grammar rather than of one text:
- a comparison base (较2020年增长48%) does not govern, except for a number that it
  owns through 的 (较2023年的357.8亿元 -> 2023);
- an attributive time (2025年10月投产的工厂) dates the noun, not the sentence;
- a sub-year window inside a clause (核心产业上半年开票额…) governs only that clause;
- "now" words (目前) reset the period to null;
- in English the expression after the number comes first (126 billion yuan last year).
Relative expressions resolve against the publication date; without one they stay null.
Cue words live in data/period_cues.yaml.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from pydantic import BaseModel, field_validator

from numcheck.claims.cuefiles import cached

_PART = re.compile(r"^(H[12]|Q[1-4]|year|(0[1-9]|1[0-2])\.\.(0[1-9]|1[0-2]))$")
_SPAN = re.compile(r"^\d{4}\.\.\d{4}$")


class PinMonths(BaseModel):
    past_if_month_at_least: int
    future_if_month_at_least: int
    previous_year_if_month_at_most: int


class PeriodCues(BaseModel):
    relative_years: dict[str, int]
    year_relative_words: list[str] = []
    year_parts: dict[str, str]
    named_spans: dict[str, str]
    past_span_words: list[str]
    future_span_words: list[str]
    pin_months: PinMonths
    undated: list[str]
    comparison_bases: list[str]
    by_words: list[str]
    english_parts: dict[str, str]
    english_relative_years: dict[str, int]
    english_months: dict[str, int] = {}
    english_comparison_years: list[str] = []
    report_titles: list[str] = []
    report_period_words: list[str] = []
    interim_report_words: list[str] = []
    interim_titles: dict[str, str] = {}
    english_report_words: list[str] = []
    event_months: dict[str, int] = {}
    event_years: dict[str, int] = {}

    @field_validator("year_parts", "english_parts")
    @classmethod
    def _parts(cls, v: dict[str, str]) -> dict[str, str]:
        for word, part in v.items():
            if not _PART.match(part):
                raise ValueError(f"{word}: part {part!r} is not H1, H2, Q1..Q4, year or MM..MM")
        return v

    @field_validator("named_spans")
    @classmethod
    def _spans(cls, v: dict[str, str]) -> dict[str, str]:
        for word, span in v.items():
            if not _SPAN.match(span):
                raise ValueError(f"{word}: span {span!r} is not YYYY..YYYY")
        return v


def cues() -> PeriodCues:
    return cached("period_cues.yaml", PeriodCues)


_CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_EN_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
               "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20}


def small_number(s: str) -> int | None:
    """1..99 written in digits, Chinese numerals (十五, 二十) or English words."""
    s = s.strip().lower()
    if s.isdigit():
        return int(s)
    if s in _EN_NUMBERS:
        return _EN_NUMBERS[s]
    if s and all(c in _CN_DIGITS or c == "十" for c in s):
        if "十" not in s:
            return _CN_DIGITS[s] if len(s) == 1 else None
        tens, _, ones = s.partition("十")
        return (_CN_DIGITS.get(tens, 0) if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)
    return None


@dataclass(slots=True)
class TimeExpr:
    start: int  # offsets into the sentence text given to find_time_expressions
    end: int
    kind: str  # year | part | month | span | years_ahead | years_back | undated
    year: int | None = None  # explicit year
    year_end: int | None = None  # explicit end year of a range
    relative: int | None = None  # relative year offset (今年 0, 去年 -1)
    from_reported: bool = False  # relative to the year reported, not to publication (上年)
    part: str | None = None  # H1, Q3, 01..09, year
    months: tuple[int, int] | None = None  # month range, or (m, m) for one month
    count: int | None = None  # N of 过去N年 / 未来N年
    span: str | None = None  # fixed span of a named period (十四五)
    base: bool = False  # comparison base: 较2020年
    attributive: bool = False  # 2025年10月投产的工厂
    by_year: bool = False  # 到2028年, by 2028
    owns_number_at: int | None = None  # base + 的 + number: offset of that number
    period: str | None = None  # resolved
    note: str = ""
    month_offset: int | None = None  # 上月 -1, 本月 0: a month counted from publication

    @property
    def text_span(self) -> tuple[int, int]:
        return self.start, self.end

    @property
    def is_sub_year(self) -> bool:
        return self.kind in ("part", "month") and (self.part not in (None, "year") or self.months is not None)


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern]:
    c = cues()
    year = r"(?<![\d.])(?P<y>(?:19|20)\d{2})"
    num = r"(?:\d{1,2}|[一二两三四五六七八九十]{1,3})"
    parts = _alt(c.year_parts)
    part_tail = (rf"(?P<part>{parts})|(?P<m1>\d{{1,2}})\s*(?:[-~～—至到])\s*(?P<m2>\d{{1,2}})\s*月份?"
                 rf"|(?:前|首|头)(?P<firstn>{num})个?月|(?P<mon>\d{{1,2}})\s*月份?(?:(?P<day>\d{{1,2}})\s*[日号])?"
                 r"|(?P<edge>[底末初])"
                 # Q4实现…, 2024年Q4: a quarter in Latin letters (not a model name: 奥迪Q5L)
                 r"|(?<![A-Za-z])[Qq](?P<qn>[1-4])(?![A-Za-z\d])")
    zh = (
        rf"(?P<range>{year}\s*年?\s*(?:[-~～—–]|至|到)\s*(?P<y2>(?:19|20)\d{{2}})\s*年?(?!\d))"
        # 1月28日至2月4日: the days of a holiday or an event, the months they fall in
        rf"|(?P<dayrange>(?<!\d)(?P<dm1>\d{{1,2}})\s*月\s*\d{{1,2}}\s*[日号]\s*(?:[-~～—–]|至|到)\s*"
        rf"(?:(?P<dm2>\d{{1,2}})\s*月\s*)?\d{{1,2}}\s*[日号])"
        rf"|(?P<iso>(?<!\d)(?P<iy>(?:19|20)\d{{2}})-(?P<im>\d{{1,2}})(?:-\d{{1,2}})?(?!\d))"
        rf"|(?P<yq>(?<![\d.A-Za-z])(?P<qy>(?:19|20)?\d{{2}})\s*[Qq](?P<qyn>[1-4])(?![A-Za-z\d]))"  # 2024Q4, 24Q4
        rf"|(?P<yexpr>(?<![\d.])(?P<yy>(?:19|20)\d{{2}})\s*年度?\s*(?:{part_tail.replace('?P<', '?P<a')})?)"
        rf"|(?P<rel>(?P<relw>{_alt(c.relative_years)})\s*(?:{part_tail.replace('?P<', '?P<b')})?)"
        rf"|(?P<named>{_alt(c.named_spans)})"
        rf"|(?P<nspan>(?P<nword>{_alt(c.past_span_words + c.future_span_words)})\s*(?P<n>{num}(?:\s*[-~至到]\s*{num})?)\s*个?年(?!代|度|[0-9]))"
        # 上月, 本月: a month counted from the day the text was published (当月 is the month just named)
        rf"|(?P<relmonth>上个?月|本月)(?!份?[\d一二三四五六七八九十])"
        rf"|(?P<bare>{part_tail.replace('?P<', '?P<c')})"
        rf"|(?P<undated>{_alt(c.undated)})"
        + (rf"|(?P<report>{_alt(c.report_period_words)})" if c.report_period_words else "")
    )
    en_parts = _alt(c.english_parts)
    en = (
        rf"(?P<range>{year}\s*(?:-|–|—|to|through)\s*(?P<y2>(?:19|20)\d{{2}})(?!\d))"
        rf"|(?P<enpart>(?P<epw>{en_parts})(?:\s+(?:of\s+)?(?P<ey>(?:19|20)\d{{2}}))?)"
        rf"|(?P<enrel>{_alt(c.english_relative_years)})"
        # the nine months to September, six months ended June 30: a window that ends in that month
        + (rf"|(?P<enmonthsto>\b(?P<emn>\d{{1,2}}|{_alt(_EN_NUMBERS)})\s+months\s+(?:to|ended|ending|through|until)\s+"
           rf"(?:the\s+end\s+of\s+)?(?-i:(?P<emto>{_alt(c.english_months)}))\b(?:\s+\d{{1,2}})?(?:,?\s+(?P<emty>(?:19|20)\d{{2}})\b)?)"
           if c.english_months else "")
        + (rf"|(?P<enmonth>(?-i:\b(?P<em1>{_alt(c.english_months)})(?:\s*(?:-|–|—|to|through)\s*(?P<em2>{_alt(c.english_months)}))?\b)"
           rf"(?:,?\s+(?P<emy>(?:19|20)\d{{2}})\b)?(?!\s*\d{{1,2}}\b))" if c.english_months else "")
        + rf"|(?P<nspan>(?:the\s+)?(?P<nword>{_alt(c.past_span_words + c.future_span_words)})\s+(?P<n>\d{{1,2}}|{_alt(_EN_NUMBERS)})\s+years?)"
        rf"|(?P<yexpr>(?<![\d.,$])(?P<yy>(?:19|20)\d{{2}})(?![\d,.]\d))"
        rf"|(?P<undated>\b(?:{_alt(c.undated)})\b)"
    )
    return {
        "zh": re.compile(zh),
        "en": re.compile(en, re.IGNORECASE),
        "base_zh": re.compile(rf"(?:{_alt([w for w in c.comparison_bases if not w.isascii()])})\s*$"),
        "base_en": re.compile(rf"\b(?:{_alt([w for w in c.comparison_bases if w.isascii()])})\s+(?:the\s+)?$", re.IGNORECASE),
        # 降至2024年的362亿元: a level a change reached, not a deadline (到2028年)
        "by_zh": re.compile(rf"(?<![降增升长高少减回跌涨低扩缩截止])(?:{_alt([w for w in c.by_words if not w.isascii()])})\s*$"),
        "by_en": re.compile(rf"\b(?:{_alt([w for w in c.by_words if w.isascii()])})\s+$", re.IGNORECASE),
        "attributive": re.compile(r"^[\u4e00-\u9fff]{1,4}的"),
        # 较2020年的68.9%, 与2010年第六次全国人口普查的344.4万人: the base's own figure (not 较2020年增加的…)
        "owned": re.compile(r"^[^的，,。；;\d增减降长升多少涨跌]{0,14}的\s*(?=[\d一二两三四五六七八九十百千万亿])"),
    }


def _month_window(part: str) -> tuple[int, int]:
    if part == "H1":
        return 1, 6
    if part == "H2":
        return 7, 12
    if part.startswith("Q"):
        q = int(part[1])
        return 3 * q - 2, 3 * q
    if part == "year":
        return 1, 12
    a, b = part.split("..")
    return int(a), int(b)


def find_time_expressions(text: str, language: str = "zh") -> list[TimeExpr]:
    """Time expressions in one sentence of normalised text, unresolved."""
    pats = _patterns()
    c = cues()
    english = language == "en"
    out: list[TimeExpr] = []
    titles = [t.span() for t in _TITLE.finditer(text)] if ("“" in text or "《" in text or '"' in text) else []
    for m in pats["en" if english else "zh"].finditer(text):
        if any(a < m.start() and m.end() < b for a, b in titles):
            continue  # “Detective Chinatown 1900”, 《唐探1900》: a title's number is no time
        g = m.groupdict()
        e = TimeExpr(m.start(), m.end(), "year")
        if g.get("range"):
            e.year, e.year_end = int(g["y"]), int(g["y2"])
            e.kind = "span"
        elif g.get("dayrange"):
            first = int(g["dm1"])
            last = int(g["dm2"]) if g.get("dm2") else first
            if not (1 <= first <= last <= 12):
                continue
            e.kind, e.months = "month", (first, last)
        elif g.get("iso"):
            month = int(g["im"])
            if not 1 <= month <= 12:
                continue
            e.kind, e.year, e.months = "month", int(g["iy"]), (month, month)
        elif g.get("yq"):
            year = int(g["qy"])
            e.kind, e.year, e.part = "part", year if year > 99 else 2000 + year, f"Q{g['qyn']}"
        elif g.get("yexpr"):
            e.year = int(g["yy"])
            _fill_part(e, g, "a")
        elif g.get("rel"):
            e.relative = c.relative_years[g["relw"]]
            e.from_reported = g["relw"] in c.year_relative_words
            _fill_part(e, g, "b")
        elif g.get("named"):
            e.kind, e.span = "span", c.named_spans[g["named"]]
        elif g.get("nspan"):
            n = small_number(g["n"])
            e.kind = "years_back" if g["nword"].lower() in {w.lower() for w in c.past_span_words} else "years_ahead"
            e.count = n  # None for a range such as 3至5年: never pinned
        elif g.get("relmonth"):
            e.kind, e.month_offset = "month", (0 if g["relmonth"] == "本月" else -1)
        elif g.get("bare"):
            if not _fill_part(e, g, "c"):
                continue
        elif g.get("undated"):
            e.kind = "undated"
        elif g.get("report"):
            e.kind = "report"
        elif g.get("enpart"):
            e.kind, e.part = "part", c.english_parts[g["epw"].lower()]
            e.year = int(g["ey"]) if g.get("ey") else None
        elif g.get("enmonthsto"):
            last, n = c.english_months[g["emto"]], small_number(g["emn"])
            if not n or n > last:
                continue
            e.kind, e.months = "month", (last - n + 1, last)
            e.year = int(g["emty"]) if g.get("emty") else None
        elif g.get("enmonth"):
            first = c.english_months[g["em1"]]
            last = c.english_months[g["em2"]] if g.get("em2") else first
            if last < first:
                continue
            e.kind, e.months = "month", (first, last)
            e.year = int(g["emy"]) if g.get("emy") else None
        elif g.get("enrel"):
            e.relative = c.english_relative_years[g["enrel"].lower()]
            if g["enrel"].lower() in c.english_comparison_years:
                e.base = True  # from 15.7 yuan a year earlier: the year compared with
                figure = _EN_FIGURE_BEFORE.search(text, max(0, m.start() - 40), m.start())
                if figure:
                    e.owns_number_at = figure.start()
                out.append(e)
                continue
        else:
            continue
        before = text[:m.start()]
        after = text[m.end():]
        if pats["base_en" if english else "base_zh"].search(before) and not (not english and _VIEWPOINT.match(after)):
            # (从前三季度看，…: the window one looks from, no base of a change)
            e.base = True
            owned = pats["owned"].match(after)
            if owned:
                e.owns_number_at = m.end() + owned.end()
        elif english and _EN_FROM_FIGURE_IN.search(before):
            # lifting forest cover to 72.4% from 68.9% in 2020: the year of the figure it rose from
            e.base = True
            e.owns_number_at = _EN_FROM_FIGURE_IN.search(before).start(1)
        elif pats["by_en" if english else "by_zh"].search(before) and e.kind == "year" and e.year:
            e.by_year = True
        if not english and e.kind in ("year", "month", "part") and pats["attributive"].match(after):
            if not after.startswith(("以来", "以后", "以前")):
                e.attributive = True
        if not english and e.kind == "year" and after.startswith("以来"):
            e.base = True  # 1961年以来同期第三多, 2020年以来累计…: where a record or a sum starts, not its period
        if not english and e.relative is not None and e.kind == "year":
            figure = _FIGURE_RIGHT_AFTER.match(after)
            if figure and before.rstrip().endswith(("（", "(", "，", ",")):
                # 毛利率13.8%（上年10.6%，提升3.2个百分点）: the year before's own figure, a base
                # that dates that figure alone, not the change after it
                e.base, e.owns_number_at = True, m.end() + figure.end()
        out.append(e)
    return out


_FIGURE_RIGHT_AFTER = re.compile(r"(?:为|是)?\s?(?=[0-9])")
# a quoted title (a film, a book, a programme): short, in title quotes or in capitalised words
_TITLE = re.compile(r"《[^《》]{1,40}》|“[A-Z][^“”]{1,60}”|\"[A-Z][^\"]{1,60}\"")
# the figure an English "a year earlier" follows (15.7 yuan a year earlier, 3.1% a year ago)
# from 68.9% in 2020, from 258 yuan in 2024: the year a base figure was stated in
_EN_FROM_FIGURE_IN = re.compile(r"\bfrom\s+(?:(?:US|HK)?\$|€|£|¥)?(\d[\d.,]{0,20}(?:%| ?[a-z]{1,12}(?: [a-z]{1,12})?)?)\s+in\s+$", re.I)
_EN_FIGURE_BEFORE = re.compile(r"(?:(?:US|HK)?\$|€|£|¥)?(?<![\d.,])\d[\d.,]{0,20}(?:%| ?(?:[a-z]+ ){0,2}?[a-z]+)? $")


def _fill_part(e: TimeExpr, g: dict, p: str) -> bool:
    """Fill the sub-year part of a match; False when the match holds no usable part."""
    c = cues()
    if g.get(p + "part"):
        part = c.year_parts[g[p + "part"]]
        e.kind, e.part = ("year", None) if part == "year" else ("part", part)
        if part == "year" and e.year is None and e.relative is None:
            return False  # a bare 全年/年底 says nothing by itself
        return True
    if g.get(p + "qn"):
        e.kind, e.part = "part", "Q" + g[p + "qn"]
        return True
    if g.get(p + "m1"):
        a, b = int(g[p + "m1"]), int(g[p + "m2"])
        if not (1 <= a <= b <= 12):
            return False
        e.kind, e.months = "month", (a, b)
        return True
    if g.get(p + "firstn"):
        n = small_number(g[p + "firstn"])
        if not n or n > 12:
            return False
        e.kind, e.months = "month", (1, n)
        return True
    if g.get(p + "mon"):
        mon = int(g[p + "mon"])
        if not 1 <= mon <= 12:
            return False
        e.kind, e.months = "month", (mon, mon)
        return True
    if g.get(p + "edge"):
        return e.year is not None or e.relative is not None
    return e.year is not None or e.relative is not None


def window_end(period: str) -> str:
    """The date a window ends at, as a period: 2025-H1 -> 2025-06, 2025-Q3 -> 2025-09,
    2025-01..2025-09 -> 2025-09; a year's end (2025-Q4, 2025-12, 2025-H2) is written as the year."""
    m = re.fullmatch(r"(\d{4})-(?:(H[12])|(Q[1-4])|(\d{2})|\d{2}\.\.\d{4}-(\d{2}))", period)
    if m is None:
        return period
    year, half, quarter, month, last = m.groups()
    end = 6 if half == "H1" else 12 if half == "H2" else 3 * int(quarter[1]) if quarter else int(month or last)
    return year if end == 12 else f"{year}-{end:02d}"


def _fmt_months(year: int, a: int, b: int) -> str:
    return f"{year}-{a:02d}" if a == b else f"{year}-{a:02d}..{year}-{b:02d}"


def report_year(norm: str) -> int | None:
    """The year of the report a results article is about (2024年年度报告 -> 2024)."""
    titles = cues().report_titles
    if not titles:
        return None
    m = re.search(rf"((?:19|20)\d{{2}})\s*年?\s*(?:{_alt(titles)})", norm)
    return int(m.group(1)) if m else None


def report_period(lead: str, published: date | None) -> str | None:
    """The period a results article reports, when its title or lead names one: an annual
    report (2024年年报, 最新年报显示，2024年…) -> "2024"; an interim one (首季业绩, 2025年一季报,
    first-quarter revenue) -> "2025-Q1". None for any other article."""
    c = cues()
    year = r"(?:(?P<y>(?:19|20)\d{2})\s*年?\s*)?"
    headline = _headline_window(lead, published)
    if headline and ".." in headline:
        # 恒泰保险前三季度归母净利润… (发布第三季度报告): the window the headline names is what the
        # figures are of; a third-quarter report states the year to date as well as the quarter
        return headline
    if c.interim_report_words:
        m = re.search(rf"{year}(?P<part>{_alt(c.year_parts)})\s*(?:{_alt(c.interim_report_words)})", lead)
        part = c.year_parts.get(m.group("part")) if m else None
        if m is None and c.english_report_words:
            m = re.search(rf"(?P<part>{_alt(c.english_parts)})\s+(?:{_alt(c.english_report_words)})", lead,
                          re.IGNORECASE)
            part = c.english_parts.get(m.group("part").lower()) if m else None
        if m is not None and part and part != "year":
            y = int(m.group("y")) if m.groupdict().get("y") else _year_of_part(lead, m.group("part"), part, published)
            if y is not None:
                return f"{y}-{part}" if ".." not in part else _fmt_months(y, *_month_window(part))
    if c.interim_titles:
        m = re.search(rf"((?:19|20)\d{{2}})\s*年?\s*({_alt(c.interim_titles)})", lead)
        if m is not None:  # 2025年中报速览, 2025年半年报: the window the report's own title names
            return f"{m.group(1)}-{c.interim_titles[m.group(2)]}"
    if c.report_titles:
        # a statistical bulletin names its field between year and title (2024年卫生健康统计公报)
        # …or names its subject between them (2025年航司年报盘点, 2025年嵘海省利用外资全解读)
        m = re.search(rf"{year}(?:[\u4e00-\u9fff]{{0,8}}?(?:{_alt(c.report_titles)})|[\u4e00-\u9fff]{{1,10}}?统计公报)",
                      lead)
        if m is not None:
            if m.group("y"):
                return m.group("y")
            sentence_end = re.search(r"[。！？\n]", lead[m.end():])
            rest = lead[m.end(): m.end() + sentence_end.start() if sentence_end else len(lead)]
            # 最新年报显示，2024年…: the year right after it (not one compared with later: …，而2024年盈利)
            named = _YEAR_WORD.search(rest, 0, 16)
            if named and re.search(r"[而较比与]\s*$", rest[:named.start()]):
                named = None
            if named:
                return named.group(1)
            if published is not None and published.month <= 4 and _ANNUAL_TITLE.search(m.group(0)):
                # 周一晚公布全年业绩 in March: annual results come out by April for the year before
                return str(published.year - 1)
            return None
    return _headline_window(lead, published)


_HEADLINE_CHARS = 60  # a Chinese headline's length at most (an English one: twice that)


def _headline_window(lead: str, published: date | None) -> str | None:
    """A year-to-date window the headline names (前10月我省外贸进出口…, 上半年…, 前三季度…): the
    period of the figures its body leaves undated; so does a quarter (三季度新房成交…). A single month
    does not: its article goes on to the year so far as often as not."""
    title = lead.split("\n", 1)[0]
    found = find_time_expressions(title, "en" if title.isascii() else "zh")
    exprs = [e for e in found if e.kind in ("month", "part")]
    resolve(exprs, published)
    # (2025年营收…，第四季度亏损…: the year's article; a first line that runs on is a lead, no headline)
    lead_line = "。" in title or len(title) > (_HEADLINE_CHARS * 2 if title.isascii() else _HEADLINE_CHARS)
    whole_year = any(e.kind == "year" for e in found) or lead_line
    for e in exprs:
        if e.period and ".." in e.period and e.period[5:7] == "01":
            return e.period
        if e.period and e.period.endswith("-H1"):
            return e.period
        if e.kind == "part" and e.period and re.fullmatch(r"\d{4}-Q[1-4]", e.period) and not whole_year:
            return e.period  # 三季度新房成交…: a quarter's figures
    return None


_ANNUAL_TITLE = re.compile(r"年度报告|年报|年度业绩|全年业绩|年度财报|annual results|full-year results", re.I)
_YEAR_WORD = re.compile(r"(?<![\d.])((?:19|20)\d{2})\s*年")


def _year_of_part(lead: str, word: str, part: str, published: date | None) -> int | None:
    """The year of a window named without one (首季业绩): the lead's own dated mention of the
    window (2025年第一季…), else the last such window before publication."""
    for m in re.finditer(rf"((?:19|20)\d{{2}})\s*年\s*(?:{_alt(k for k, v in cues().year_parts.items() if v == part)})",
                         lead):
        return int(m.group(1))
    if published is None:
        return None
    last_month = _month_window(part)[1]
    return published.year if last_month < published.month else published.year - 1


def resolve(exprs: list[TimeExpr], published: date | None, report: int | None = None,
            reported: int | None = None) -> None:
    """Set .period on each expression, in order; a sub-year window without a year takes
    the year of the last governing year expression before it, else the publication year.
    `reported`: the year the text before this sentence reports, from which 上年 counts (with the
    sentence's own year before it first, then `report`; else publication, as 去年)."""
    pin = cues().pin_months
    context_year: int | None = None
    for e in exprs:
        year = e.year
        if year is None and e.relative is not None:
            anchor = (context_year or reported or report) if e.from_reported else None
            if anchor is not None:
                year = anchor + e.relative
            elif published is not None:
                year = published.year + e.relative
        if e.kind == "undated":
            e.period, e.note = None, "undated"
            continue
        if e.month_offset is not None:  # 上月 in a text of 2025-11-01: October 2025
            if published is None:
                e.period = None
                continue
            index = published.year * 12 + published.month - 1 + e.month_offset
            year, month = divmod(index, 12)
            e.year, e.months = year, (month + 1, month + 1)
            e.period = _fmt_months(year, month + 1, month + 1)
            continue
        if e.kind == "report":  # 报告期内 / 全年: the report's year, if the article names one
            if report is None and context_year is None:
                e.kind = "unresolved"
                continue
            e.kind, e.year = "year", context_year or report
            year = e.year
        if e.kind == "span":
            e.period = e.span or f"{e.year}..{e.year_end}"
        elif e.kind in ("years_back", "years_ahead"):
            e.period = _pin_span(e, context_year, published, pin)
        elif e.kind == "year":
            e.period = str(year) if year else None
        else:  # part or month without its own year
            window = e.months or _month_window(e.part or "year")
            if year is None:
                if context_year is not None:
                    year = context_year
                elif reported is not None and e.months is None and e.part in _YEAR_WINDOWS and (
                        published is None or reported >= published.year - 1):
                    year = reported  # 2025年…。第四季度…: the year the text is about (a date, 11月20日, is news)
                elif published is not None and e.part == "year":
                    year = published.year if published.month == 12 else published.year - 1  # the last December
                elif published is not None:
                    year = published.year if window[0] <= published.month else published.year - 1
                elif reported is not None:
                    year = reported  # an undated text: 8月 is of the year it has been reporting
            if year is None:
                e.period = None
            elif e.part == "year" and e.months is None:
                e.period = str(year)  # at the end of December: the year's
            elif e.part and e.part != "year" and ".." not in e.part and e.months is None:
                e.period = f"{year}-{e.part}"
            else:
                e.period = _fmt_months(year, *window)
        if e.kind == "year" and year and not e.base and not e.attributive and not e.from_reported:
            context_year = year  # (上年同期为…: the year compared with, not the one the sentence is about)
        elif e.kind in ("part", "month") and year and (e.year or e.relative is not None) \
                and not e.base and not e.attributive and not e.from_reported:
            context_year = year  # 今年一季度…，1~5月…: the months are this year's too


def _pin_span(e: TimeExpr, anchor: int | None, published: date | None, pin: PinMonths) -> str | None:
    if not e.count:
        return None
    n = e.count
    ahead = e.kind == "years_ahead"
    # Near a year boundary the publication date pins the span; otherwise a year named
    # earlier in the sentence does (2025年…阿里宣布未来三年 -> 2025..2027); else null.
    first = None
    if published is not None:
        y, mo = published.year, published.month
        if ahead and mo >= pin.future_if_month_at_least:
            first = y + 1
        elif not ahead and mo >= pin.past_if_month_at_least:
            first = y - n + 1
        elif mo <= pin.previous_year_if_month_at_most:
            first = y if ahead else y - n
    if first is None and anchor is not None:
        first = anchor if ahead else anchor - n + 1
    return None if first is None else f"{first}..{first + n - 1}"


_CLAUSE_BREAK = re.compile(r"[,，;；:：]")


_LIST_GLUE = re.compile(r"[\s、和与及以及,，]*")


def listed_times(exprs: list[TimeExpr], text: str, lo: int, hi: int) -> list[TimeExpr]:
    """The time expressions text[lo:hi] consists of when it is a list of two or more of them
    (2024年第三季度和2025年第三季度; 一季度、二季度), else []."""
    inside = sorted((e for e in exprs if lo <= e.start and e.end <= hi), key=lambda e: e.start)
    if len(inside) < 2:
        return []
    at = lo
    for e in inside:
        if not _LIST_GLUE.fullmatch(text, at, e.start):
            return []
        at = e.end
    return inside if _LIST_GLUE.fullmatch(text, at, hi) else []


def listed_after(exprs: list[TimeExpr], text: str, at: int, hi: int | None = None) -> list[TimeExpr]:
    """The time expressions listed from offset `at` on (before `hi`), joined by nothing but list
    glue (2024年和2025年: 和 reads as a comparison base, but in a list it joins another time)."""
    out = []
    for e in sorted((e for e in exprs if at <= e.start and (hi is None or e.start < hi)), key=lambda e: e.start):
        if not _LIST_GLUE.fullmatch(text, at, e.start):
            break
        out.append(e)
        at = e.end
    return out


_RESPECTIVELY = re.compile(r"分别|依次|各为")
_CLAUSE_STOPS = "，,；;。：:\n"


def respectively_before(text: str, start: int) -> tuple[re.Match, int] | None:
    """The last 分别 (依次, 各为) before `start`, and where the clause that holds it begins (甲、乙
    分别为x和y: the list 甲、乙 stands between the two), or None. The measure, entity and period
    stages read the list from here."""
    said = None
    for said in _RESPECTIVELY.finditer(text, 0, start):
        pass
    if said is None:
        return None
    return said, max(text.rfind(ch, 0, said.start()) for ch in _CLAUSE_STOPS) + 1


def respective_time(exprs: list[TimeExpr], text: str, start: int, numbers: list[int]) -> TimeExpr | None:
    """The i-th time of a list the i-th figure after 分别 belongs to (2024年和2025年…收入分别为
    4711.5亿元和4862.3亿元; 一季度、二季度，出货量分别为x和y), or None. `numbers`: where the
    sentence's figures start."""
    found = respectively_before(text, start)
    if found is None:
        return None
    said, head_start = found
    listed = []
    if head_start > 0:  # the clause before: nothing but the list of times
        before = max(text.rfind(ch, 0, head_start - 1) for ch in _CLAUSE_STOPS) + 1
        listed = listed_times(exprs, text, before, head_start - 1)
    if not listed:  # the list opens the clause itself: 2024年和2025年全省…
        run = listed_after(exprs, text, head_start, said.start())
        listed = run if len(run) >= 2 else []
    if not listed and head_start > 0:  # 第一季度至第四季度，…分别: the clause before is a window
        listed = _window_members(exprs, text, before, head_start - 1, whole=True)
    if not listed:  # 1—4月出口额分别为…: the window opens the clause itself
        listed = _window_members(exprs, text, head_start, said.start())
    after = sorted({s for s in numbers if s >= said.end()} | {start})
    index = after.index(start)
    if not listed or len(after) > len(listed) or index >= len(listed):
        return None
    return listed[index]


_RANGE_GLUE = re.compile(r"\s{0,2}(?:至|到|[-~～—–])\s{0,2}")


def _window_members(exprs: list[TimeExpr], text: str, lo: int, hi: int, whole: bool = False) -> list[TimeExpr]:
    """The quarters or months of a window that opens the clause text[lo:hi] (第一季度至第四季度…
    分别为a、b、c、d: one figure per quarter; 1—4月…分别: one per month), or []. `whole`: the
    clause must be the window and nothing else."""
    inside = sorted((e for e in exprs if lo <= e.start < hi), key=lambda e: e.start)
    if not inside or text[lo:inside[0].start].strip():
        return []
    first = inside[0]
    year = int(first.period[:4]) if first.period and first.period[:4].isdigit() else None
    if first.kind == "month" and first.months and first.months[0] < first.months[1]:
        if whole and text[first.end:hi].strip():
            return []
        return [_member(first, year, f"{year}-{m:02d}" if year else None, (m, m))
                for m in range(first.months[0], first.months[1] + 1)]
    if len(inside) >= 2 and first.part in _QUARTERS and inside[1].part in _QUARTERS \
            and _RANGE_GLUE.fullmatch(text, first.end, inside[1].start):
        if whole and text[inside[1].end:hi].strip():
            return []
        a, b = _QUARTERS.index(first.part), _QUARTERS.index(inside[1].part)
        return [_member(first, year, f"{year}-{q}" if year else None, None, q) for q in _QUARTERS[a:b + 1]] \
            if a < b else []
    return []


_QUARTERS = ("Q1", "Q2", "Q3", "Q4")
_YEAR_WINDOWS = frozenset({*_QUARTERS, "H1", "H2", "year"})  # windows a reported year holds


def _member(window: TimeExpr, year: int | None, period: str | None, months: tuple[int, int] | None,
            part: str | None = None) -> TimeExpr:
    return TimeExpr(window.start, window.end, "month" if months else "part", year=year, part=part, months=months,
                    period=period, note="one of a window's quarters or months (分别)")


def governing_period(
    exprs: list[TimeExpr],
    text: str,
    num_start: int,
    num_end: int,
    *,
    is_duration: bool = False,
    language: str = "zh",
) -> tuple[str | None, TimeExpr | None]:
    """The period of the number at text[num_start:num_end] and the expression that set it."""
    # A span that is itself the number (未来5年, 过去五年) or a named span right before
    # a duration (“十四五”这5年) dates the duration.
    for e in exprs:
        if e.kind in ("years_back", "years_ahead") and e.start <= num_start < e.end:
            return e.period, e
    if is_duration:
        for e in exprs:
            if e.kind == "span" and e.span and 0 <= num_start - e.end <= 4:
                return e.period, e
        return None, None
    for e in exprs:
        if e.owns_number_at is not None and e.owns_number_at == num_start:
            return e.period, e
    usable = [e for e in exprs if not e.base and not e.attributive and not (e.start <= num_start < e.end)]
    if language == "en":
        clause_end = _clause_end(text, num_end)
        after = [e for e in usable if num_end <= e.start < clause_end]
        if after:
            return after[0].period, after[0]
    best = None
    for e in usable:
        if e.end > num_start:
            break
        if language == "en":
            best = e  # an English time phrase governs its sentence (sales in October rose…, while the price fell…)
            continue
        if e.is_sub_year and not at_clause_start(text, e.start) and _CLAUSE_BREAK.search(text, e.end, num_start) \
                and not _time_frame(exprs, text, e) and not _points_back(text, e, num_start):
            continue  # a window inside an earlier clause governs only that clause
        best = e
    if best is None:
        return None, None
    return best.period, best


_FRAME_FILLER = re.compile(r"[\s（）()“”\"]*[\u4e00-\u9fff]{0,4}?[\s（）()“”\"]*")
_FRAME_EDGE = re.compile(r"[\s（）()“”\"]*")


def _time_frame(exprs: list[TimeExpr], text: str, e: TimeExpr) -> bool:
    """Whether the clause holding `e` is a time frame and nothing else (2025年汛期（5—9月），…: it
    frames the clauses after it): time expressions with at most a short name between them."""
    lo = max(text.rfind(ch, 0, e.start) for ch in ",，;；:：。\n") + 1
    hi = _clause_end(text, e.end)
    inside = sorted((t for t in exprs if lo <= t.start and t.end <= hi), key=lambda t: t.start)
    if len(inside) < 2 or not _FRAME_EDGE.fullmatch(text, lo, inside[0].start) \
            or not _FRAME_EDGE.fullmatch(text, inside[-1].end, hi):
        return False  # (该片于7月11日上映: a date in a clause of its own, no frame)
    return all(_FRAME_FILLER.fullmatch(text, a.end, b.start) for a, b in zip(inside, inside[1:]))


# 2024年第四季度表现突出，单季营收达…: a word in the number's clause that means "that quarter/month"
_SAME_QUARTER = re.compile(r"单季度?|当季度?|该季度?|the quarter", re.I)
_SAME_MONTH = re.compile(r"单月|当月|该月|the month", re.I)


def _points_back(text: str, e: TimeExpr, num_start: int) -> bool:
    """Whether the number's own clause refers back to the window `e` of an earlier clause."""
    lo = max(m.end() for m in _CLAUSE_BREAK.finditer(text, e.end, num_start))
    same = _SAME_QUARTER if e.kind == "part" and (e.part or "").startswith("Q") else _SAME_MONTH
    return same.search(text, lo, num_start) is not None


def _clause_end(text: str, pos: int) -> int:
    m = _CLAUSE_BREAK.search(text, pos)
    return m.start() if m else len(text)


# In Q4 2024, … / During the first half, …: an English time phrase opening a clause
_EN_TIME_PREPOSITION = re.compile(r"(?:\b(?:[Ii]n|[Dd]uring|[Ff]or|[Oo]ver|[Tt]hroughout)(?:\s+the)?|\b[Tt]he)\s*$")


# 截至6月末，…: a Chinese time phrase opening a clause
_ZH_TIME_PREPOSITION = re.compile(r"(?:截至|截止到|截止|截到|到|至|在|于|单看|单独看|仅看|只看|单就|单计|单算|从|其中|累计|合计)\s*$")


_VIEWPOINT = re.compile(r"\s?(?:来|上)?看")


def at_clause_start(text: str, pos: int) -> bool:
    head = text[:pos].rstrip(" \u3000\"'“”‘’「」『』（(")
    head = _ZH_TIME_PREPOSITION.sub("", _EN_TIME_PREPOSITION.sub("", head)).rstrip()
    # 本报讯 今年1至10月，…; 新华社北京11月19日电 …; （记者 张三）: a lead's dateline opens no clause of its own
    return not head or head[-1] in ",，;；:：、。\n" or head.endswith(("讯", "电", "报道", "报导", ")", "）"))
