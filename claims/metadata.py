"""Title, source outlet and publication date/time of a document.

The publication date resolves 今年, 去年 and 上半年 later, so it is read from the most
explicit evidence available, in this order:
1. HTML meta tags (article:published_time, ...), JSON-LD datePublished, <time datetime>;
   YAML front matter in Markdown;
2. a full date right after a publication cue anywhere (发表于 2025-06-26 15:55:30);
3. the first full date in the page header: the lines before the article prose begins
   (a byline such as "Chang Jiang Ri Bao·2026-02-04 08:47");
4. the latest full date on a time-stamp line (a line that is mostly a date) outside the
   article: the author card or comment stamps of a saved page, never older than the article;
5. a month-day in the header or the article's first paragraph (the dateline "12月1日，"
   or "BEIJING, Feb 21 (Reuters)"), with the year of the latest full date in the page,
   or else the latest year the text mentions that is not a target ("到2028年").
Cue words are in claims/data/metadata.yaml.
"""
from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

import yaml
from pydantic import BaseModel, ConfigDict, field_validator

from numcheck.claims.cuefiles import check_patterns, load_data_file
from numcheck.claims.normalize import normalize

METADATA_FILE = "metadata.yaml"


class MetadataCues(BaseModel):
    model_config = ConfigDict(extra="forbid")
    published_cues: list[str]
    cue_gap_chars: int
    source_cues: list[str]
    byline_max_chars: int
    byline_cues: list[str]
    future_year_cues: list[str]
    whole_year_after: list[str]
    plan_cues: list[str]
    compared_year_cues: list[str]
    window_year_cues: list[str]
    english_months: dict[str, int]
    html_date_meta: list[str]
    html_title_meta: list[str]
    html_source_meta: list[str]
    front_matter_date_keys: list[str]
    front_matter_title_keys: list[str]
    front_matter_source_keys: list[str]
    wire_datelines: list[str]

    @field_validator("published_cues", "source_cues", "byline_cues", "future_year_cues", "whole_year_after",
                     "plan_cues", "compared_year_cues", "window_year_cues", "wire_datelines")
    @classmethod
    def _patterns_compile(cls, patterns: list[str]) -> list[str]:
        return check_patterns(patterns)

    @field_validator("english_months")
    @classmethod
    def _months_valid(cls, months: dict[str, int]) -> dict[str, int]:
        for name, number in months.items():
            if not 1 <= number <= 12:
                raise ValueError(f"month {name!r} -> {number} is not 1..12")
        return months


@lru_cache(maxsize=1)
def load_metadata_cues() -> MetadataCues:
    return load_data_file(METADATA_FILE, MetadataCues)


def _alt(patterns: list[str]) -> str:
    from numcheck.claims.zones import scoped

    return "|".join(scoped(p) for p in patterns)


class _Patterns:
    def __init__(self, cues: MetadataCues):
        months = _alt(sorted(cues.english_months, key=len, reverse=True))
        self.months = cues.english_months
        self.full_zh = re.compile(
            r"(?<![\d.])((?:19|20)\d{2})\s*(?:年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?|([-/.])(\d{1,2})\4(\d{1,2}))(?!\d)"
            r"(?:\s*(?:T|\s)?\s*(\d{1,2}:\d{2}(?::\d{2})?))?"
        )
        self.full_en = re.compile(
            rf"(?i)\b(?:({months})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+((?:19|20)\d{{2}})"
            rf"|(\d{{1,2}})\s+({months})\.?,?\s+((?:19|20)\d{{2}}))\b"
        )
        self.month_day_zh = re.compile(r"(?<![\d年./-])(\d{1,2})月(\d{1,2})[日号]")
        self.month_day_en = re.compile(rf"\b({months})\.?\s+(\d{{1,2}})\b(?!,?\s*(?:19|20)\d{{2}})", re.I)
        self.year = re.compile(r"(?<![\d.])((?:19|20)\d{2})(?![\d])")
        self.whole_year_after = re.compile(_alt(cues.whole_year_after))
        self.future_before = re.compile(rf"(?:{_alt(cues.future_year_cues)})\s*$")
        self.plan = re.compile(_alt(cues.plan_cues))
        self.compared_before = re.compile(rf"(?:{_alt(cues.compared_year_cues)})\s*$")
        self.window_before = re.compile(rf"(?:{_alt(cues.window_year_cues)})$")
        self.published_cue = re.compile(_alt(cues.published_cues))
        self.source_cue = re.compile(rf"(?:^|\s)(?:{_alt(cues.source_cues)})\s*:?\s*([^\s|,;，。；:]+)")
        self.byline_cue = re.compile(_alt(cues.byline_cues))
        self.wire = [re.compile(p) for p in cues.wire_datelines]


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    return _Patterns(load_metadata_cues())


def _make_date(y: str | int, m: str | int, d: str | int) -> date | None:
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        return None


def find_full_dates(text: str, offset: int = 0) -> list[tuple[int, int, date, str | None]]:
    """(start, end, date, time) of every full date in `text` (normalised), offsets shifted by `offset`."""
    p = _patterns()
    out = []
    for m in p.full_zh.finditer(text):
        if m.group(2):
            d = _make_date(m.group(1), m.group(2), m.group(3))
        else:
            d = _make_date(m.group(1), m.group(5), m.group(6))
        if d:
            out.append((offset + m.start(), offset + m.end(), d, _time(m.group(7))))
    for m in p.full_en.finditer(text):
        if m.group(1):
            d = _make_date(m.group(3), p.months[m.group(1).lower()], m.group(2))
        else:
            d = _make_date(m.group(6), p.months[m.group(5).lower()], m.group(4))
        if d:
            out.append((offset + m.start(), offset + m.end(), d, None))
    out.sort()
    return out


def _time(text: str | None) -> str | None:
    if not text:
        return None
    parts = text.split(":")
    if not (0 <= int(parts[0]) <= 23 and all(0 <= int(x) <= 59 for x in parts[1:])):
        return None
    return ":".join(f"{int(x):02d}" for x in parts)


def parse_iso_datetime(value: str) -> tuple[date | None, str | None]:
    """'2025-06-26T15:55:30+08:00' or '2025-06-26' or '2025年6月26日' -> (date, 'HH:MM:SS')."""
    found = find_full_dates(value.strip())
    if found:
        return found[0][2], found[0][3]
    return None, None


# --- front matter -----------------------------------------------------------------------------

_FRONT_MATTER = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n(.*?)(?:\r?\n)(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)


_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/_-]?(0[1-9]|1[0-2])[/_-]?(0[1-9]|[12]\d|3[01])(?:/|\D|$)")


def date_in_url(url: str) -> date | None:
    """The date a news URL's path writes (…/2024/0412/…, …/2024-04-12/…, …/20240412/…), if any."""
    path = re.sub(r"^[a-z]+://[^/]+", "", url.strip(), flags=re.I)
    m = _URL_DATE.search(path)
    return _make_date(m.group(1), m.group(2), m.group(3)) if m else None


def front_matter(raw: str) -> tuple[dict, int]:
    """YAML front matter of a Markdown file as a dict, and the offset where the body starts."""
    m = _FRONT_MATTER.match(raw)
    if not m:
        return {}, 0
    try:
        data = yaml.safe_load(m.group(1))
    except yaml.YAMLError:
        return {}, 0
    return (data if isinstance(data, dict) else {}), m.end()


# --- reading ----------------------------------------------------------------------------------


def _clean(text: str | None) -> str | None:
    if text is None:
        return None
    text = " ".join(str(text).split()).strip(" ·|:-_【】[]()（）")
    return text or None


def _strip_site_name(title: str | None) -> str | None:
    """'Headline_Site' / 'Headline - Site' -> 'Headline' when the site part is short."""
    if not title:
        return title
    from numcheck.claims.zones import load_zone_cues

    for sep in sorted(load_zone_cues().title_separators, key=len, reverse=True):
        head, found, tail = title.rpartition(sep)
        if found and len(head.strip()) >= 6 and 0 < len(tail.strip()) <= 16:
            return _strip_site_name(head.strip())
    return title


def _header_and_dateline(lines) -> tuple[list, list]:
    """Lines before the first article prose line, and that first prose line (as a list)."""
    for i, ln in enumerate(lines):
        if ln.prose and ln.zone == "body":
            return lines[:i], [ln]
    return list(lines[:5]), []


def _year_lower_bound(norm: str, lines) -> int | None:
    """The earliest year the article body can have been written in, from the years it mentions.

    A target year ("到2028年") says nothing. A full-year figure ("2024年，…", "in 2024.",
    "2024年全年") is only reported after that year ends, so it bounds the year from
    below by Y+1; any other mention ("2025年前三季度", "2025年10月") by Y.
    """
    p = _patterns()
    bound = None
    for ln in lines:
        if ln.zone != "body":
            continue
        text = norm[ln.start:ln.end]
        for m in p.year.finditer(text):
            if p.future_before.search(text[max(0, m.start() - 6):m.start()]):
                continue
            year = int(m.group(1))
            sentence_start = max(text.rfind(ch, 0, m.start()) for ch in ".。!！?？;；") + 1
            if p.compared_before.search(text, max(sentence_start, m.start() - 30), m.start()):
                continue  # (up 14.8% from the same period in 2019: says only that the text is later)
            if p.whole_year_after.match(text, m.end()) and not p.plan.search(text, sentence_start, m.start()) \
                    and not p.window_before.search(text, max(0, m.start() - 30), m.start()):
                year += 1  # (aims to sell 130 million tonnes in 2025.: a target, said before the year ends)
            bound = year if bound is None else max(bound, year)
    return bound


def _published(norm: str, lines, cues: MetadataCues) -> tuple[date | None, str | None]:
    p = _patterns()
    # 2. a publication cue followed by a full date
    for cue in p.published_cue.finditer(norm):
        window = norm[cue.end(): cue.end() + cues.cue_gap_chars + 30]
        found = find_full_dates(window)
        if found and found[0][0] <= cues.cue_gap_chars:
            return found[0][2], found[0][3]
    header, dateline = _header_and_dateline(lines)
    # 3. the first full date in the header
    for ln in header:
        found = find_full_dates(norm[ln.start:ln.end])
        if found:
            return found[0][2], found[0][3]
    # 4. the latest full date on a time-stamp line of the page furniture (author card, comments);
    #    stamp lines inside the article are a chronology, not the page's own time
    stamps = [f for ln in lines if ln.date_line and ln.zone == "boilerplate"
              for f in find_full_dates(norm[ln.start:ln.end])]
    if stamps:
        latest = max(stamps, key=lambda f: (f[2], f[3] or ""))
        return latest[2], latest[3]
    # 5. a month-day in the header or the dateline, year from the page
    for ln in header + dateline:
        text = norm[ln.start:ln.end]
        md = p.month_day_zh.search(text)
        month_day = (md.group(1), md.group(2)) if md else None
        if month_day is None:
            me = p.month_day_en.search(text)
            if me:
                month_day = (p.months[me.group(1).lower()], me.group(2))
        if month_day is None:
            continue
        full = [f for f in find_full_dates(norm)
                if not p.future_before.search(norm[max(0, f[0] - 6):f[0]])]
        year = max(f[2] for f in full).year if full else _year_lower_bound(norm, lines)
        if year:
            d = _make_date(year, *month_day)
            if d:
                return d, None
    return None, None


def _title_from_lines(visible: str, lines, cues: MetadataCues) -> str | None:
    p = _patterns()
    header, dateline = _header_and_dateline(lines)
    best = None
    for ln in header:
        if ln.zone != "body" or ln.date_line or ln.cue or len(ln.compact) < 4:
            continue
        if find_full_dates(ln.spaced) or p.byline_cue.search(ln.spaced) or p.source_cue.search(ln.spaced):
            continue
        if ln.compact.endswith((":", "：")) or "。" in ln.compact:  # headlines are not sentences
            continue
        if best is None or len(ln.compact) > len(best.compact):
            best = ln
    if best is None:
        return None
    return _clean(visible[best.start:best.end])


def _source_from_lines(visible: str, norm: str, lines, cues: MetadataCues) -> str | None:
    p = _patterns()
    header, dateline = _header_and_dateline(lines)
    in_header = {id(ln) for ln in header}
    ordered = header + [ln for ln in lines if id(ln) not in in_header and ln.zone == "body"]
    for ln in ordered:
        if len(ln.compact) > cues.byline_max_chars:
            continue
        m = p.source_cue.search(norm[ln.start:ln.end])
        if m:
            return _clean(visible[ln.start + m.start(1): ln.start + m.end(1)])
    for ln in header + dateline:
        text = norm[ln.start:ln.end]
        for pattern in p.wire:
            m = pattern.search(text.strip())
            if m:
                offset = ln.start + len(text) - len(text.lstrip())
                return _clean(visible[offset + m.start("source"): offset + m.end("source")])
    for ln in header:  # byline without a cue: "2025年3月31日　科技财经观察", "Outlet·2026-02-04 08:47"
        if len(ln.compact) > cues.byline_max_chars:
            continue
        text = norm[ln.start:ln.end]
        found = find_full_dates(text)
        if not found:
            continue
        s, e = found[0][0], found[0][1]
        before = _clean(visible[ln.start: ln.start + s])
        if before and not re.search(r"\d", before) and not p.published_cue.search(before):
            return before
        for token in visible[ln.start + e: ln.end].split():
            token = _clean(token)
            if token and len(token) >= 2 and not re.search(r"\d", token):
                token_norm = normalize(token)
                if not (p.byline_cue.search(token_norm) or p.source_cue.search(token_norm)):
                    return token
    return None


def read_metadata(raw: str, visible: str, fmt: str, *, norm: str | None = None, lines=None,
                  layout=None, front: dict | None = None) -> dict:
    """{title, source, published, published_time} of a document; missing values are None.

    `lines` are the zoned lines of claims.zones (computed here when not given); `layout`
    is the HtmlLayout of an HTML document; `front` its YAML front matter (Markdown).
    """
    from numcheck.claims.zones import zone_lines_for_text

    cues = load_metadata_cues()
    norm = normalize(visible) if norm is None else norm
    if lines is None:
        lines = zone_lines_for_text(visible, norm)
    out: dict = {"title": None, "source": None, "published": None, "published_time": None}

    if layout is not None:
        for key in cues.html_date_meta:
            if layout.meta.get(key):
                out["published"], out["published_time"] = parse_iso_datetime(layout.meta[key])
                if out["published"]:
                    break
        if out["published"] is None:
            for item in layout.json_ld:
                if isinstance(item, dict) and isinstance(item.get("datePublished"), str):
                    out["published"], out["published_time"] = parse_iso_datetime(item["datePublished"])
                    if out["published"]:
                        break
        if out["published"] is None and layout.times:
            out["published"], out["published_time"] = parse_iso_datetime(layout.times[0])
        for key in ("canonical", "og:url"):  # news sites date their URLs: /2024/0412/, /2024-04-12/
            if out["published"] is None and layout.meta.get(key):
                out["published"] = date_in_url(layout.meta[key])
        headline = [ln for ln in lines if ln.why == "headline"]
        if headline:
            out["title"] = _clean(visible[headline[0].start:headline[0].end])
        for key in cues.html_title_meta:
            if out["title"] is None and layout.meta.get(key):
                out["title"] = _clean(layout.meta[key])
        if out["title"] is None and layout.title:
            out["title"] = _strip_site_name(_clean(layout.title))
        for key in cues.html_source_meta:
            if layout.meta.get(key):
                out["source"] = _clean(layout.meta[key])
                break
    if front:
        for key in cues.front_matter_date_keys:
            value = front.get(key)
            if isinstance(value, date):
                out["published"] = value
                break
            if value is not None:
                out["published"], out["published_time"] = parse_iso_datetime(str(value))
                if out["published"]:
                    break
        for key in cues.front_matter_title_keys:
            if front.get(key):
                out["title"] = _clean(front[key])
                break
        for key in cues.front_matter_source_keys:
            if front.get(key):
                out["source"] = _clean(front[key])
                break
    if fmt == "markdown" and out["title"] is None:
        m = re.search(r"(?m)^#\s+(.+)$", visible)
        if m:
            out["title"] = _clean(m.group(1))

    if out["published"] is None:
        out["published"], out["published_time"] = _published(norm, lines, cues)
    if out["title"] is None:
        out["title"] = _title_from_lines(visible, lines, cues)
    if out["source"] is None:
        out["source"] = _source_from_lines(visible, norm, lines, cues)
    return out
