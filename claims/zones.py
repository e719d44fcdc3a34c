"""Body vs boilerplate: which lines of a saved page belong to the article.

Saved pages surround the article with furniture full of numbers: related and hot
lists, comment sections, legal footers, contact lines, share counters. Each line of
the visible text (a block in HTML) gets a zone; sentences take the zone of their line.

Cues (all word lists in claims/data/zones.yaml):
- line cues: licence/legal/contact phrases, counters, login prompts, read-more links,
  breadcrumbs, short lines that are only numbers;
- section markers (相关推荐, 热门排行, Read next, ...) open a block of furniture that
  ends where article prose resumes (two paragraphs, or one long one);
- comment markers (评论列表, 写留言, ...): once the article has begun, the block runs to
  the end of the document (comments are prose too);
- statement markers and legal footer lines (特别声明, 版权所有, ...) open a footer that
  ends at the next article paragraph;
- repeats: a line repeated later (headline as image caption), a page title made of
  another line plus a site name, a cut-off teaser whose text opens another line, a
  summary (摘要, 本文概览) whose figures repeat the article's;
- density: a run of short lines dense with time stamps is a list of other articles;
  number-dense lines above the headline are tickers and weather;
- HTML (and Markdown) structure: text in nav/aside/footer or a container named
  related/comment/..., text outside <article>/<main> when the page has one (except the
  <h1>), and lines that are mostly link text.
The article's own headline and byline stay body (GUIDELINES section 2).
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from pydantic import BaseModel, ConfigDict, field_validator

from numcheck.claims.cuefiles import check_patterns as _check_patterns, load_data_file
from numcheck.claims.normalize import code_points
from numcheck.claims.types import SourceDocument

ZONES_FILE = "zones.yaml"


class HtmlZoneCues(BaseModel):
    model_config = ConfigDict(extra="forbid")
    boilerplate_tags: list[str]
    boilerplate_class_words: list[str]
    max_link_share: float


class ZoneCues(BaseModel):
    model_config = ConfigDict(extra="forbid")
    section_markers: list[str]
    comment_markers: list[str]
    max_marker_line_extra: int
    resume_prose_lines: int
    resume_long_prose_chars: int
    statement_markers: list[str]
    footer_cues: list[str]
    line_cues: list[str]
    short_line_cues: list[str]
    short_line_max_chars: int
    summary_markers: list[str]
    truncation_marks: list[str]
    title_separators: list[str]
    prose_min_chars: int
    prose_min_chars_unpunctuated: int
    list_min_lines: int
    list_min_date_lines: int
    list_min_date_share: float
    html: HtmlZoneCues

    _validate = field_validator(
        "section_markers", "comment_markers", "statement_markers", "footer_cues", "line_cues", "short_line_cues",
        "summary_markers", "truncation_marks",
    )(_check_patterns)


@lru_cache(maxsize=1)
def load_zone_cues() -> ZoneCues:
    return load_data_file(ZONES_FILE, ZoneCues)


def scoped(pattern: str) -> str:
    """'(?i)word' -> '(?i:word)', so patterns with flags can be joined into one alternation."""
    m = re.match(r"\(\?([aiLmsux]+)\)", pattern)
    return f"(?{m.group(1)}:{pattern[m.end():]})" if m else f"(?:{pattern})"


def _alternation(patterns: list[str], *, anchored_start: bool = False, anchored_end: bool = False) -> re.Pattern:
    body = "|".join(scoped(p) for p in patterns)
    # a marker may sit in brackets or follow a bullet: 【免责声明】, [相关阅读], • 相关推荐
    start = r"^[【\[(<《「『•·*#>\-\s]*" if anchored_start else ""
    return re.compile(start + f"(?:{body})" + ("$" if anchored_end else ""))


@dataclass(frozen=True)
class _Matchers:
    section: re.Pattern
    comment: re.Pattern
    statement: re.Pattern
    footer: re.Pattern
    line: re.Pattern
    short_line: re.Pattern
    summary: re.Pattern
    truncated: re.Pattern


@lru_cache(maxsize=1)
def _matchers() -> _Matchers:
    c = load_zone_cues()
    return _Matchers(
        section=_alternation(c.section_markers, anchored_start=True),
        comment=_alternation(c.comment_markers, anchored_start=True),
        statement=_alternation(c.statement_markers, anchored_start=True),
        footer=_alternation(c.footer_cues),
        line=_alternation(c.line_cues),
        short_line=_alternation(c.short_line_cues),
        summary=_alternation(c.summary_markers, anchored_start=True),
        truncated=_alternation(c.truncation_marks, anchored_end=True),
    )


_SPACE = re.compile(r"\s+")
_LINE = re.compile(r"[^\r\n]+")
_SENTENCE_END = re.compile(r"[。！？!?](?:[”」』\"')）]*)$|[.](?:[\"')]*)$|[。！？!?]")
# A short line made only of numbers and punctuation: counters, "(2)" (tables keep their % lines).
_NUMBERS_ONLY = re.compile(r"^[\d\s.,:;/()\[\]+\-年月日号时分秒·|%]*$")
# A date or time stamp; a line is a "date line" when such stamps cover most of it (70%:
# "惜凡 2025年12月02日" is, a chronology entry "2024年3月28日 一期投产" is not).
_STAMP = re.compile(
    r"\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?"
    r"|\d{1,2}[-/月]\d{1,2}日?\s+\d{1,2}:\d{2}(?::\d{2})?"
    r"|\d{1,2}:\d{2}(?::\d{2})?"
    r"|(?<!\d)\d+\s*(?:分钟|小时|天)前"  # (?<!\d): one try per digit run, not one per digit (quadratic)
)


@dataclass
class Line:
    start: int
    end: int
    compact: str  # normalised text without whitespace
    spaced: str  # normalised text, whitespace runs as one space
    zone: str = "body"
    why: str = ""
    prose: bool = False
    cue: bool = False
    date_line: bool = False


def split_lines(visible: str, norm: str) -> list[Line]:
    lines = []
    for m in _LINE.finditer(visible):
        text = norm[m.start():m.end()]
        spaced = _SPACE.sub(" ", text).strip()
        if not spaced:
            continue
        lines.append(Line(m.start(), m.end(), spaced.replace(" ", ""), spaced))
    return lines


def _search(pattern: re.Pattern, line: Line) -> bool:
    if pattern.search(line.compact):
        return True
    return len(line.spaced) != len(line.compact) and bool(pattern.search(line.spaced))


def _is_date_line(line: Line) -> bool:
    covered = sum(len(m.group(0).replace(" ", "")) for m in _STAMP.finditer(line.spaced))
    return covered > 0 and covered >= 0.7 * len(line.compact)


def _classify(lines: list[Line], cues: ZoneCues, m: _Matchers) -> None:
    """Per-line cues that do not depend on neighbours."""
    for ln in lines:
        n = len(ln.compact)
        ln.date_line = _is_date_line(ln)
        if _search(m.footer, ln) or _search(m.statement, ln):
            ln.cue, ln.why = True, "footer"
        elif _search(m.line, ln) or (n <= cues.short_line_max_chars and _search(m.short_line, ln)):
            ln.cue, ln.why = True, "cue"
        elif _search(m.summary, ln):
            ln.why = "summary"  # boilerplate only when it repeats the article (_mark_summaries)
        elif n <= 8 and "%" not in ln.compact and _NUMBERS_ONLY.match(ln.compact) and not ln.date_line:
            ln.cue, ln.why = True, "numbers only"
        ends_sentence = bool(_SENTENCE_END.search(ln.compact))
        ln.prose = not ln.cue and not m.truncated.search(ln.compact) and (
            (n >= cues.prose_min_chars and ends_sentence) or n >= cues.prose_min_chars_unpunctuated
        )


def _is_marker(ln: Line, pattern: re.Pattern, cues: ZoneCues) -> bool:
    for text in (ln.compact, ln.spaced):
        hit = pattern.match(text)
        if hit:
            rest = text[hit.end():]
            if len(rest) <= cues.max_marker_line_extra or rest[:1] in (":", "(", "|"):
                return True
    return False


def _mark_repeats(lines: list[Line], cues: ZoneCues, m: _Matchers) -> None:
    """Repeated lines, page titles (headline + site name) and cut-off teasers."""
    first: dict[str, int] = {}
    for i, ln in enumerate(lines):
        first.setdefault(ln.compact, i)
    seps = sorted({s.replace(" ", "") or s for s in cues.title_separators}, key=len, reverse=True)
    for i, ln in enumerate(lines):
        key = ln.compact
        if len(key) >= 6 and first[key] < i:
            ln.zone, ln.why = "boilerplate", "repeated line"
            continue
        for sep in seps:  # "headline - Site" next to a bare "headline", before or after it
            head, found, tail = key.rpartition(sep)
            if found and len(head) >= 6 and first.get(head, i) != i and 0 < len(tail) <= 30:
                ln.zone, ln.why = "boilerplate", "page title"
                break
    by_text = sorted((ln.compact, i) for i, ln in enumerate(lines))
    keys = [k for k, _ in by_text]
    for i, ln in enumerate(lines):
        hit = m.truncated.search(ln.compact)
        if not hit:
            continue
        stem = ln.compact[: hit.start()]
        if len(stem) < 10:
            continue
        # Summary markers (本文概览:) may precede the teaser text.
        marker = m.summary.match(stem)
        if marker:
            stem = stem[marker.end():].lstrip(":")
        j = bisect.bisect_left(keys, stem)
        while j < len(keys) and keys[j].startswith(stem):
            if by_text[j][1] != i:
                ln.zone, ln.why, ln.prose = "boilerplate", "teaser", False
                break
            j += 1


_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def _mark_summaries(lines: list[Line]) -> None:
    """A summary/teaser line is boilerplate when at least half of its numbers occur in other lines."""
    counts: dict[str, int] = {}
    for ln in lines:
        for n in _NUMBER.findall(ln.compact):
            counts[n] = counts.get(n, 0) + 1
    for ln in lines:
        if ln.why != "summary":
            continue
        numbers = _NUMBER.findall(ln.compact)
        own: dict[str, int] = {}
        for n in numbers:
            own[n] = own.get(n, 0) + 1
        if sum(counts[n] > own[n] for n in numbers) * 2 >= len(numbers):
            ln.zone, ln.cue, ln.prose = "boilerplate", True, False


def _sweep(lines: list[Line], cues: ZoneCues, m: _Matchers) -> None:
    """Walk the lines in order: markers open blocks of furniture, article prose closes them.

    States: body; footer (a legal statement: one prose line resumes the article);
    list (related/hot lists: `resume_prose_lines` prose lines in a row resume it);
    tail (comments after the article: to the end of the document).
    """
    seen_prose = False
    state = "body"
    prose_run = 0
    for ln in lines:
        if state == "tail":
            ln.zone, ln.why = "boilerplate", ln.why or "after comment marker"
            continue
        if _is_marker(ln, m.comment, cues):
            ln.zone, ln.why = "boilerplate", "comment marker"
            state, prose_run = ("tail" if seen_prose else "list"), 0
            continue
        if _is_marker(ln, m.section, cues):
            ln.zone, ln.why = "boilerplate", "section marker"
            state, prose_run = "list", 0
            continue
        if ln.cue:
            ln.zone = "boilerplate"
            prose_run = 0
            if ln.why == "footer" and seen_prose and state == "body":
                state = "footer"
            continue
        is_prose = ln.prose and ln.zone == "body"
        prose_run = prose_run + 1 if is_prose else 0
        if state == "footer" and is_prose:
            state = "body"
        elif state == "list" and (prose_run >= (cues.resume_prose_lines if seen_prose else 1)
                                  or (is_prose and len(ln.compact) >= cues.resume_long_prose_chars)):
            state = "body"
            # the prose lines that resumed the article are body too
        if state != "body":
            if ln.zone == "body":
                ln.zone, ln.why = "boilerplate", f"in {state}"
            continue
        if is_prose:
            seen_prose = True


def _unmark_resumed_prose(lines: list[Line], cues: ZoneCues) -> None:
    """Prose lines that ended a list block were marked while the run was still short: unmark them."""
    run: list[Line] = []
    for ln in lines:
        if ln.why == "in list" and ln.prose:
            run.append(ln)
            continue
        if run and ln.zone == "body" and ln.prose:
            for r in run:
                r.zone, r.why = "body", "resumed article"
        run = []


_NUMERIC_CHAR = re.compile(r"[\d.,%+\-:/]")
_HAN = re.compile(r"[\u3400-\u9fff]")


def _mark_tickers_above_headline(lines: list[Line]) -> None:
    """Number-dense short lines above the headline (tickers, weather, counters) are furniture.

    The headline is taken as the first line of the page header (before any article prose)
    with at least 6 Han characters that is not itself number-dense.
    """
    def number_dense(ln: Line) -> bool:
        # (a headline of figures, 鹊羽网路第二季营收68.42亿元 年增17.6%, still has its words: no ticker)
        return bool(ln.compact) and len(_NUMERIC_CHAR.findall(ln.compact)) >= 0.4 * len(ln.compact) \
            and len(_HAN.findall(ln.compact)) < 6

    above: list[Line] = []
    for ln in lines:
        if ln.prose and ln.zone == "body":
            return
        if len(_HAN.findall(ln.compact)) >= 6 and not number_dense(ln) and ln.zone == "body" and not ln.date_line:
            break
        above.append(ln)
    else:
        return
    for ln in above:  # lines with a date or time are bylines, not tickers
        if ln.zone == "body" and not _STAMP.search(ln.spaced) and number_dense(ln):
            ln.zone, ln.why = "boilerplate", "above headline"


def _mark_date_dense_runs(lines: list[Line], cues: ZoneCues) -> None:
    """Runs of short lines dense with time stamps are lists of other articles."""
    seen_prose = False
    run: list[Line] = []

    def close() -> None:
        dates = sum(ln.date_line for ln in run)
        if (len(run) >= cues.list_min_lines and dates >= cues.list_min_date_lines
                and dates >= cues.list_min_date_share * len(run)):
            for ln in run:
                if ln.zone == "body":
                    ln.zone, ln.why = "boilerplate", "date-dense list"

    for ln in lines:
        if ln.prose:
            if seen_prose:
                close()
            run = []
            seen_prose = True
        else:
            run.append(ln)
    if seen_prose:
        close()


def _apply_html_layout(lines: list[Line], layout, cues: ZoneCues) -> None:
    from numcheck.claims.html import BOILERPLATE_CONTAINER, CONTENT_ROOT, HEADLINE, LINK

    flags = layout.flags
    text_mask = code_points(layout.visible) > 32
    total_text = int(text_mask.sum()) or 1
    # Guards against odd markup: a "footer" wrapper around the whole page, or a <main> that
    # holds only a fragment, says nothing about where the article is.
    use_containers = int(((flags & BOILERPLATE_CONTAINER) > 0)[text_mask].sum()) < 0.9 * total_text
    use_root = layout.has_content_root and int(((flags & CONTENT_ROOT) > 0)[text_mask].sum()) >= 0.1 * total_text
    for ln in lines:
        f = flags[ln.start:ln.end]
        t = text_mask[ln.start:ln.end]
        total = int(t.sum())
        if not total:
            continue

        def share(bit: int) -> float:
            return int(((f & bit) > 0)[t].sum()) / total

        if share(HEADLINE) >= 0.5:
            ln.zone, ln.why, ln.cue = "body", "headline", False
            continue
        if use_containers and share(BOILERPLATE_CONTAINER) >= 0.5:
            ln.zone, ln.why, ln.cue = "boilerplate", "html container", True
        elif use_root and share(CONTENT_ROOT) < 0.5:
            ln.zone, ln.why, ln.cue = "boilerplate", "outside article", True
        elif share(LINK) > cues.html.max_link_share:
            ln.zone, ln.why, ln.cue = "boilerplate", "link text", True
        if ln.cue:
            ln.prose = False


def zone_lines(doc: SourceDocument, layout=None) -> list[Line]:
    """Lines of the document with their zone and the reason (`why`), for assign_zones and debugging."""
    if layout is None and doc.meta.format == "html":
        from numcheck.claims.html import parse_html

        layout = parse_html(doc.raw)
    return zone_lines_for_text(doc.visible, doc.norm, layout)


def zone_lines_for_text(visible: str, norm: str, layout=None) -> list[Line]:
    cues = load_zone_cues()
    m = _matchers()
    lines = split_lines(visible, norm)
    _classify(lines, cues, m)
    if layout is not None:
        _apply_html_layout(lines, layout, cues)
    _mark_repeats(lines, cues, m)
    _mark_summaries(lines)
    _sweep(lines, cues, m)
    _unmark_resumed_prose(lines, cues)
    _mark_date_dense_runs(lines, cues)
    _mark_tickers_above_headline(lines)
    if layout is not None:  # structure wins over text cues for the page's own headline
        for ln in lines:
            if ln.why == "headline":
                ln.zone = "body"
    return lines


def assign_zones(doc: SourceDocument, layout=None) -> list[Line]:
    """Set `zone` on every sentence of `doc` from the zone of its line; returns the lines."""
    lines = zone_lines(doc, layout)
    starts = [ln.start for ln in lines]
    for s in doc.sentences:
        i = bisect.bisect_right(starts, s.start) - 1
        if i >= 0 and lines[i].start <= s.start < lines[i].end:
            s.zone = lines[i].zone
        else:
            s.zone = "body"
    return lines
