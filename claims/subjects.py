"""Subjects: entity, metric, period, modality (and subset scope) for every quantity.

    assign_subjects(doc, matches) -> list[SubjectInfo]   # one per match, same order

The document is read sentence by sentence in order, so references (该工厂, 当地) and
fallbacks (the previous sentence's subject, the document's topic) see only what
came before. Each module does one job: entities.py (who/where), metrics.py (what),
periods.py (when), modality.py (fact or plan). Segmentation is per sentence and
only sentences holding a number use jieba's HMM.
"""
from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache

from pydantic import BaseModel

from numcheck.claims.cuefiles import cached
from numcheck.claims.entities import (
    COUNTRY_BEFORE_PLACE,
    OUTLET_WORDS,
    _gazetteer_index,
    _reports_figures,
    _is_known_place,
    canonical_place,
    first_editions,
    comparison_words,
    DocumentNames,
    owner_name as _owner_name,
    EntityContext,
    Mention,
    learn_document_names,
    Token,
    complete_facility,
    gazetteer,
    find_mentions,
    resolve_reference,
    tokenize,
)
from numcheck.claims.english import is_comparison_base, refine_subject
from numcheck.claims.confidence import NO_MEASURE, subject_confidence
from numcheck.claims.normalize import normalize
from numcheck.claims.document_subject import (
    backdrop,
    backdrop_with_company_measure,
    document_subject,
    english_subject,
    home_place,
    roles,
    settle_english,
    settle_entity,
)
from numcheck.claims.entity_keys import has_chinese
from numcheck.claims.measures import (
    OF_A_NAMED_LIST,
    MeasureFound,
    clause_bounds,
    find_measure,
    is_stock,
    lexicon,
    measure_word_spans,
    respective_item,
    unit_family,
)
from numcheck.claims.metrics import canonical_metric, extract_metric
from numcheck.claims.modality import CueHit, by_year_hits, find_cues, modality_for
from numcheck.claims.periods import (
    at_clause_start,
    cues,
    window_end,
    TimeExpr,
    find_time_expressions,
    governing_period,
    listed_after,
    respective_time,
    report_period,
    report_year,
    resolve,
)
from numcheck.claims.types import QuantityMatch, SourceDocument, SubjectInfo
from numcheck.schemas.models import Subject


class ScopeCues(BaseModel):
    subset: list[str]
    subset_infix: list[str]
    sum_infix: list[str] = []


def scope_cues() -> ScopeCues:
    return cached("scope_cues.yaml", ScopeCues)


_CJK = re.compile(r"[\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")
_CLAUSE_BREAK = re.compile(r"[,，;；:：]")
_TOPIC_SENTENCES = 4  # title and lead: where an article names what it is about
_MAX_HMM_CHARS = 400  # longer "sentences" (tables, run-on lists) are cut without HMM


@dataclass
class _Sentence:
    start: int
    text: str
    language: str
    tokens: list[Token]
    mentions: list[Mention]
    zone: str = "body"
    # the sentence's mood cues and measure wordings, found once for all its figures (_assign)
    cues: list[CueHit] | None = None
    measure_words: list[tuple[int, int]] | None = None
    _breaks: list[int] | None = None
    _token_ends: list[int] | None = None

    def clause_start(self, at: int) -> int:
        """Where the clause holding text[at] begins: after the last comma, semicolon or colon
        before it (found once per sentence; every mention of it asks)."""
        if self._breaks is None:
            self._breaks = [m.end() for m in _CLAUSE_BREAK.finditer(self.text)]
        k = bisect.bisect_right(self._breaks, at) - 1
        return self._breaks[k] if k >= 0 else 0

    def tokens_overlapping(self, lo: int, hi: int) -> list[Token]:
        """The tokens that end after `lo` and start before `hi` (tokens are in text order)."""
        if self._token_ends is None:
            self._token_ends = [t.end for t in self.tokens]
        out = []
        for t in self.tokens[bisect.bisect_right(self._token_ends, lo):]:
            if t.start >= hi:
                break
            out.append(t)
        return out


def sentence_language(text: str) -> str:
    cjk = len(_CJK.findall(text))
    latin = len(_LATIN.findall(text))
    return "en" if latin > 3 * cjk and latin > 0 else "zh"


def assign_subjects(doc: SourceDocument, matches: list[QuantityMatch]) -> list[SubjectInfo]:
    if not matches:
        return []
    sentences = doc.sentences or []
    starts = [s.start for s in sentences]
    by_sentence: dict[int, list[int]] = {}
    for i, m in enumerate(matches):
        k = bisect.bisect_right(starts, m.start) - 1
        if k < 0 or not (sentences[k].start <= m.start < sentences[k].end):
            k = -1
        by_sentence.setdefault(k, []).append(i)
    out: list[SubjectInfo | None] = [None] * len(matches)
    dateline = _DATELINE_PAPER.search(doc.norm, 0, 600)  # 澜江日报讯（记者…）: the paper says where 我省 is
    ctx = EntityContext(home_place=home_place(doc.meta.source) or (home_place(dateline.group(1)) if dateline else None),
                        editions=first_editions(doc.norm))
    last = max(by_sentence) if by_sentence else -1
    # pass 1: cut each sentence once (HMM only where a number is) and learn the names the
    # document introduces; pass 2 finds mentions with those names known.
    analysed: dict[int, _Sentence] = {}
    seen = DocumentNames(collect=[])
    for k in range(max(last + 1, min(_TOPIC_SENTENCES, len(sentences)))):
        s = sentences[k]
        text = doc.norm[s.start:s.end]
        hmm = (k in by_sentence or k == 0) and len(text) <= _MAX_HMM_CHARS  # numbers' sentences and the title
        toks = tokenize(text, hmm=hmm)
        analysed[k] = _Sentence(s.start, text, sentence_language(text), toks, find_mentions(text, toks, seen), s.zone)
    outlet = normalize(doc.meta.source).strip() if doc.meta.source else ""
    if outlet[:2] in normalize(doc.meta.title or "") or (sentences and outlet[:2] in doc.norm[:sentences[0].end]):
        outlet = ""  # a company's own release (来源：禾购集团) is about itself
    if outlet:  # the outlet the page names (2026-03-27 06:55　鲯湾财经) reports the figures, is none of them
        seen.collect = [m for m in seen.collect or [] if not _names_outlet(m, outlet)]
        for a in analysed.values():
            a.mentions = [m for m in a.mentions if not _names_outlet(m, outlet)]
    title = analysed[0].tokens if analysed else None
    names = learn_document_names(doc.norm, seen.collect or [], title)
    ctx.document_places = sorted({full for full, kind in names.table.values() if kind == "place"})
    local = names.compiled()
    if local is not None:  # only sentences that write one of those names read differently now
        for a in analysed.values():
            if local.search(a.text):
                a.mentions = [m for m in find_mentions(a.text, a.tokens, names) if not _names_outlet(m, outlet)]

    def analyse(k: int) -> _Sentence:
        return analysed[k]

    _set_topic(ctx, [analyse(k) for k in range(min(_TOPIC_SENTENCES, len(sentences)))])
    body_sentences = [s for s in sentences if s.zone == "body"]
    if body_sentences:  # the page's own headline: its title, else its first sentence of article text
        first = body_sentences[0]
        title = normalize(doc.meta.title) if doc.meta.title else doc.norm[first.start:first.end]
        rest = doc.norm[first.end:]
        # a one-sentence text is its own headline: the name only has to be in it
        if sentence_language(title) == "en":
            ctx.document_subject = english_subject(title, rest if rest.strip() else title)
        else:
            ctx.document_subject = document_subject(title, rest if rest.strip() else title)
        said = ctx.document_subject or ""
        if said in _OWN_PLACE_WORDS and ctx.home_place:
            ctx.document_subject = ctx.home_place + said[-1]  # 我省… in 灊西日报: 灊西省
        pattern, months = _event_words()
        named = pattern.search(title) if pattern is not None else None
        if named and re.search(r"\d", _YEAR_WORD.sub("", title[:named.start()])):  # (a year before it is no figure)
            named = None  # 快递量增长18.4% “双11”单日…: the event is one item of the headline, not its topic
        ctx.document_event = months[named.group(0).lower()] if named else None  # an article about 双11
        pattern, years = _event_year_words()
        named = pattern.search(title) if pattern is not None else None
        ctx.document_event_year = years[named.group(0).lower()] if named else None  # a census bulletin
    state = _DocState()
    state.report_year = report_year(doc.norm)
    lead = "\n".join(doc.norm[s.start:s.end] for s in sentences[:_TOPIC_SENTENCES])
    state.report_period = report_period(lead, doc.meta.published)
    if state.report_year is None and state.report_period and state.report_period.isdigit():
        state.report_year = int(state.report_period)
    if body_sentences:  # the year the headline names (礅岳水泥2025年由盈转亏): what the text is about
        head = body_sentences[0]
        years = [t.year for t in find_time_expressions(doc.norm[head.start:head.end], sentence_language(
            doc.norm[head.start:head.end])) if t.kind == "year" and t.year and not t.base]
        state.headline_year = years[0] if years else None
    for k in range(0, last + 1):
        sent = analyse(k)
        _mark_parts(sent)
        # who says “我们…”: the speaker named in the sentence, or right after a quote that ends it
        ctx.sentence_speaker = _speaker_org(sent) or (
            _speaker_org(analysed[k + 1]) if k + 1 in analysed and sent.text.rstrip().endswith(("”", "」", "\"")) else None)
        if k in by_sentence:
            for i in by_sentence[k]:
                out[i] = _assign(doc, sent, matches, i, by_sentence[k], ctx, state)
        if sentences[k].zone == "body":
            times = _times(sent, doc.meta.published, state.report_year, state.reported_year(doc.meta.published))
            heading = _SECTION_HEADING.match(sent.text.lstrip()) if len(sent.text.strip()) <= 40 else None
            if heading:  # 一、2024年…, then （一）…: a heading's year holds until a heading of its level or above
                level = next(n for n, said in enumerate(heading.groups(), 1) if said)
                years = [t.period for t in times if t.kind == "year" and t.period and not t.base]
                state.section_periods = {n: y for n, y in state.section_periods.items() if n < level}
                if len(set(years)) == 1:
                    state.section_periods[level] = years[0]
            for x in sent.mentions:
                if x.kind == "facility" and (x.has_org or _subject_like(sent, x, times)):
                    x.name = _name_of(x, sent, ctx) or x.name
                elif x.kind == "facility":
                    # an object facility (继手机、汽车工厂后) is a referent only when no subject one fits
                    full = _complete(x, sent, ctx)
                    if full not in ctx.object_facilities:
                        ctx.object_facilities.append(full)
                    x.kind = "category"
            ctx.remember(sent.mentions)
            governing = [t for t in times if not t.base and not t.attributive and t.kind != "undated"]
            sentence_period = governing[0].period if governing else None
            for x in sent.mentions:  # an event is dated by the sentence that names it (6月26日…召开“…大会”)
                if x.kind == "event" and sentence_period and x.name not in ctx.event_dates:
                    ctx.event_dates[x.name] = sentence_period
            state.end_sentence(sentence_period, ctx.focus)
            # 12月12日，国家统计局公布2025年…数据: the day a thing was said dates no figure after it
            dated = [t for t in times if not _DAY_DATE.search(sent.text, t.start, t.end)]
            running = [t for t in governing if t in dated]
            windows = [t.period for t in dated if t.kind in ("month", "part") and t.period and not t.base]
            state.last_window = windows[0] if windows else None  # what 当月 in the next sentence means
            years = [int(t.period[:4]) for t in dated if t.period and t.period[:4].isdigit() and not t.base]
            state.stated_year = years[-1] if years else state.stated_year
            # In Q4 2024, BYD's revenue…. Net profit was…: a window that opens a sentence frames the next
            opening = running[0] if running else None
            framed = opening is not None and opening.is_sub_year and opening.period \
                and at_clause_start(sent.text, opening.start) and not _DAY_DATE.search(sent.text, opening.start, opening.end)
            state.frame = (opening.period, sentences[k].end) if framed else None
            if running and running[0].period and not any(t.is_sub_year or t.from_reported for t in running[:1]) \
                    and not _looks_back(state, running[0], sent.text) \
                    and not _years_ahead(running[0].period, doc.meta.published):
                # governs the sentences after it (全年…); of a list of years (2024年和2025年…分别),
                # the latest: the one the text goes on about
                state.running_period = max((t.period for t in running + listed_after(times, sent.text, running[0].end)
                                            if t.kind == "year" and t.period and t.period.isdigit()),
                                           default=running[0].period)
                state.running_end = sentences[k].end
    _complete_events(out, ctx)
    for i in by_sentence.get(-1, []):  # a match outside every sentence: no context to read
        out[i] = SubjectInfo(subject=Subject(entity=ctx.topic), evidence={"entity": f"topic:{ctx.topic}"})
    return [o if o is not None else SubjectInfo(subject=Subject()) for o in out]


# a numbered section heading: 一、…, （二）…, 3. …, ## …
_SECTION_HEADING = re.compile(r"(?:([一二三四五六七八九十]{1,3}、)|([（(][一二三四五六七八九十]{1,3}[）)])|(\d{1,2}[.、](?!\d)|#{1,4}\s))")
_DATELINE_PAPER = re.compile(r"(?:^|\n|[【\[])[ \t\u3000]{0,2}([\u4e00-\u9fff]{2,4}(?:" + "|".join(OUTLET_WORDS) + "))讯")
_PART_BEFORE = re.compile(r"(?:子公司|分公司|下属|其中)[\s:：]?$")


def _mark_parts(sent: _Sentence) -> None:
    """Names a sentence gives as parts of its subject (其中瀛海港口集团…, 控股子公司海岳重工…): their
    own clause's figures are theirs, but they are no subject of the sentences after."""
    for x in sent.mentions:
        opened = sent.text[sent.clause_start(x.start):x.start].lstrip(" \u3000")
        if opened.startswith("其中") or _PART_BEFORE.search(sent.text, max(0, x.start - 6), x.start):
            x.part = True


def _names_outlet(m: Mention, outlet: str) -> bool:
    """Whether a mention names the page's outlet (通信产业 of 通信产业报); the outlet's place
    (沧澜省 of 沧澜省文化和旅游厅) is what its bulletin is about, and stays."""
    return bool(outlet) and (m.name == outlet or (m.kind != "place" and len(m.name) >= 2 and outlet.startswith(m.name)))


def _complete_events(out: list[SubjectInfo | None], ctx: EntityContext) -> None:
    """A headline names an event before the body does (投资促进大会 … “2025武汉投资促进大会”召开): its
    figures take the full name and the event's date, known only once the body is read."""
    for info in out:
        if info is None or not info.subject.entity or not info.evidence.get("entity", "").startswith("event:"):
            continue
        short = info.subject.entity
        full = next((e for e in ctx.events if e != short and e.endswith(short)), short)
        info.subject.entity = full
        if info.subject.period is None and full in ctx.event_dates:
            info.subject.period = ctx.event_dates[full]
            info.evidence["period"] = f"date of {full} ({info.subject.period})"


class _DocState:
    """What the previous sentence decided, for sentences that continue it (其中…)."""

    def __init__(self) -> None:
        self.period: str | None = None
        self.last_window: str | None = None  # the month or quarter the sentence before named (发布11月…数据)
        # the window that opened the sentence before (In Q4 2024, …) and where that sentence ends
        self.frame: tuple[str, int] | None = None
        self.entity: str | None = None
        self.pending_period: str | None = None
        self.pending_entity: str | None = None
        self.claimed = False  # the sentence being read has a claim: its first one's period is the total's
        self.metrics: dict[int, tuple[str, str]] = {}  # match index -> (metric, dimension)
        self.measures: dict[int, MeasureFound] = {}  # match index -> its measure (claims/measures.py)
        self.periods: dict[int, str | None] = {}  # match index -> its period
        self.stated_year: int | None = None  # the last year a sentence stated, of any window
        self.peer: tuple[int, str] | None = None  # (sentence start, name): a peer subject of a clause
        self.report_year: int | None = None
        self.report_period: str | None = None  # a results article's reporting period (2024, 2025-Q1)
        self.headline_year: int | None = None
        # the year the text last stated: it governs later sentences that state none (2024年，…。全年…)
        self.running_period: str | None = None
        self.running_end = 0  # where the sentence that stated it ends
        # the measures the sentence being read and the one before state: what a 其中 part is a part of
        self.sentence_concepts: set[str] = set()
        self.section_periods: dict[int, str] = {}  # heading level -> the year its heading states (一、2024年…)
        self.previous_concepts: set[str] = set()

    @property
    def section_period(self) -> str | None:
        """The year the innermost numbered heading above states, if any."""
        return self.section_periods[max(self.section_periods)] if self.section_periods else None

    def reported_year(self, published) -> int | None:
        """The year 上年 counts from and a bare month (8月) belongs to: the running year; in a text
        with no date of its own, also the last year any sentence stated (2025年前8月…。单计8月…)."""
        return self.running_year() or (self.stated_year if published is None else None)

    def running_year(self) -> int | None:
        """The year the text last stated, from which 上年 counts (periods.resolve)."""
        return int(self.running_period[:4]) if self.running_period and self.running_period[:4].isdigit() else None

    def end_sentence(self, sentence_period: str | None, focus: str | None) -> None:
        """Remember what the sentence just read was about; with no claims, its own time
        expression and subject."""
        self.period = self.pending_period if self.claimed else sentence_period
        self.entity = self.pending_entity if self.pending_entity is not None else focus
        self.pending_period = self.pending_entity = None
        self.claimed = False
        self.previous_concepts, self.sentence_concepts = self.sentence_concepts, set()


def _set_topic(ctx: EntityContext, lead: list[_Sentence]) -> None:
    names: Counter[str] = Counter()
    orgs: Counter[str] = Counter()
    places: Counter[str] = Counter()
    for rank, s in enumerate(lead):
        weight = 2 if rank == 0 else 1
        for m in s.mentions:
            if m.kind == "reference" or (m.kind == "organization" and _reports_figures(m.name)):
                continue  # (经省统计局测算: the office that measured the figures is no topic)
            names[m.name] += weight
            if m.kind in ("organization", "name"):
                orgs[m.name] += weight
            elif m.kind == "place":
                places[m.name] += weight
    ctx.topic = names.most_common(1)[0][0] if names else None
    ctx.topic_org = orgs.most_common(1)[0][0] if orgs else None
    ctx.topic_place = places.most_common(1)[0][0] if places else None


def _looks_back(state: _DocState, first: TimeExpr, text: str) -> bool:
    """A year before the one the text reports, named inside a sentence (…亏损12.63亿元，而2024年盈利
    8.91亿元): the year compared with, which the sentences after it are not about. A sentence
    opening with it (2024年，…) is about it."""
    year, reported = first.year, state.report_year
    if reported is None and state.report_period and state.report_period[:4].isdigit():
        reported = int(state.report_period[:4])
    reported = reported or state.headline_year
    return bool(reported and year and year < reported and not _at_sentence_start(text, first.start))


def _lead(text: str, pos: int) -> str:
    """What a sentence says before `pos`, without spaces, quotes and brackets."""
    return text[:pos].strip(" \u3000“”\"'【】[]（）()")


def _at_sentence_start(text: str, pos: int) -> bool:
    return len(_lead(text, pos)) <= 2


def _assign(
    doc: SourceDocument,
    sent: _Sentence,
    matches: list[QuantityMatch],
    i: int,
    siblings: list[int],
    ctx: EntityContext,
    state: _DocState,
) -> SubjectInfo:
    m = matches[i]
    text, base = sent.text, sent.start
    ns, ne = m.start - base, m.end - base
    published = doc.meta.published
    q = m.quantity
    # -- measure: the concept the number's own clause names, its aspect and facets (claims/measures.py)
    previous = _previous_measure(text, base, matches, [j for j in siblings if j < i], state)
    found = find_measure(text, ns, ne, q, sent.language, previous,
                         [(x.start, x.end) for x in sent.mentions if x.kind in ("place", "organization", "name")],
                         [(matches[j].start - base, matches[j].end - base) for j in siblings if j != i],
                         {matches[j].start - base: unit_family(matches[j].quantity) for j in siblings if j != i})
    listed = found if found is not None and not found.known else None  # 甲、乙分别为…: no measure of its own
    if listed is not None:
        found = None
    if found is not None and previous is not None and not found.inherited and sent.language != "en":
        found = _segment_carried(found, previous, text, ns, sent)
    # a count of days (优良天数312天) is dated like any figure; a time taken (用时14个月) is not
    is_duration = q.dimension == "duration" and (found is None or found.kind == "duration")
    is_rank = q.unit == "rank"
    evidence: dict[str, str] = {}

    # a semicolon closes a sentence for time and mood (…超2000亿元;研发人员总人数超2.4万人)
    seg_start = max(text.rfind(";", 0, ns), text.rfind("；", 0, ns)) + 1
    seg_end = min([x for x in (text.find(";", ne), text.find("；", ne)) if x >= 0] or [len(text)])
    all_times = _times(sent, published, state.report_year, state.reported_year(published))
    if seg_start > 0 and _opens_with_deadline(text, all_times, seg_start) \
            and not _WHOLE_YEAR.search(text, seg_start, seg_end):
        seg_start = 0  # 到2027年，A；B: a time heading the sentence frames every item of its list
    times = [t for t in all_times if seg_start <= t.start < seg_end]
    if seg_start > 0 and not times and _frames_the_list(text, all_times, seg_start, seg_end) \
            and not _WHOLE_YEAR.search(text, seg_start, seg_end):
        times = [t for t in all_times if t.start < seg_end]  # 三季度成交面积…；成交34512套，同比…
    carried = None
    if seg_start > 0 and not times and found is not None and not is_stock(found.concept) and not is_duration:
        # 2025年营收88.2亿元；归母净利润5.6亿元: an amount over time stays in the time its sentence
        # states last (2024年第四季度…单季营收…；净利润…: the quarter's, as the revenue is); a
        # headcount after the semicolon is a snapshot and stays undated
        carried = next((t for t in reversed(all_times) if t.start < seg_start and t.period
                        and t.kind in ("year", "part", "month") and not t.base and not t.attributive), None)
    # -- scope
    subset = _opens_with_subset(text, ns)
    scope = "subset" if subset else None

    # -- period
    period, expr = governing_period(times, text, ns, ne, is_duration=is_duration, language=sent.language)
    if period is None and carried is not None:
        period, expr = carried.period, carried
    listed_time = respective_time(all_times, text, ns, [matches[j].start - base for j in siblings]) \
        if sent.language != "en" and not is_duration else None
    if listed_time is not None and listed_time.period:
        period, expr = listed_time.period, listed_time  # 2024年和2025年…分别为x和y: the i-th time's
    if found is not None and found.listed_back and not is_duration and listed_time is None \
            and (expr is None or expr.end <= clause_bounds(text, ns, ne, sent.language)[0]):
        # 10月份原煤产量…，1—10月累计原煤产量…，分别同比增长2.4%和1.9%: the i-th change is of the i-th figure
        before = [j for j in siblings if j < i and unit_family(matches[j].quantity) != "percent"]
        if len(before) >= found.listed_back and state.periods.get(before[-found.listed_back]):
            period, expr = state.periods[before[-found.listed_back]], None
            evidence["period"] = f"the window of the figure it is listed with (分别, {period})"
    if found is not None and found.inherited and previous is not None and not is_duration and listed_time is None:
        # 782.6毫米（汛期），较常年同期偏多18.4%: a clause naming only a change of the figure before
        # is dated as that figure is, unless it states a time of its own
        lo = clause_bounds(text, ns, ne, sent.language)[0]
        if expr is None or expr.end <= lo:
            j = next((j for j in reversed(siblings) if j < i and state.measures.get(j) is previous), None)
            before = state.periods.get(j) if j is not None else None
            if before and "-" in before and (period is None or before.startswith(period)) and period != before:
                period, expr = before, None  # (a window of the year only: a base's year is no period of a change)
                evidence["period"] = f"the window of the figure whose change it states ({period})"
    same_window = _same_window_a_year_before(text, expr, period, state.pending_period if state.claimed else None)
    if same_window:
        period = same_window  # 一季度营收120亿元，上年同期为100亿元: last year's first quarter
        evidence["period"] = f"同期: the sentence's window a year before ({period})"
    elif expr is not None:
        evidence["period"] = _period_evidence(text, expr, published)
    elif subset and not is_duration and (state.pending_period if state.claimed else state.period):
        # ，其中… within a sentence breaks down the sentence's own first figure; at its start, the
        # figure the sentence before opened with
        period = state.pending_period if state.claimed else state.period
        evidence["period"] = (f"其中 continues the sentence's first figure ({period})" if state.claimed
                              else f"其中 continues the previous sentence ({period})")

    # -- modality
    hits = _cues(sent) + by_year_hits(times, published)
    named = sent.measure_words
    # a cue inside a measure's own name is no mood (预期 in 人均预期寿命, 计划 in 计划生育率)
    hits = sorted((h for h in hits if seg_start <= h.start < seg_end
                   and not any(a <= h.start and h.end <= b for a, b in named)), key=lambda h: h.start)
    subjects = [x.start for x in sent.mentions if x.kind != "name" and _subject_like(sent, x, times)]
    modality, cue = modality_for(hits, text, ns, ne, is_duration=is_duration, subjects=subjects)
    if cue:
        evidence["modality"] = f"cue:{cue}"

    # -- entity
    entity, why = _entity(sent, ns, ne, ctx, state, subset, times, _counted_spans(matches, siblings, base),
                          duration=is_duration, rank=is_rank)
    if sent.zone == "body" and sent.language != "en":
        entity, why = settle_entity(entity, why, ctx.document_subject, text[:ns])
    nation = _national_clause(text, ns, sent.language)
    entity, why = _nation_over_borrowed(entity, why, nation)
    one_of = _one_of_scope(text, ns, ne) if q.dimension == "count" else None
    if one_of:  # 武汉是全国三大智力密集区之一: the three are the country's
        entity, why = one_of, f"scope:{one_of} (one of its N)"
    item = respective_item(text, ns, [matches[j].start - base for j in siblings]) \
        if sent.language != "en" and found is not None else None
    named = [x for x in sent.mentions if item and item[0] <= x.start < item[1]
             and x.kind in ("organization", "place", "name") and not x.compared]
    if named:  # 岚芯、澜启三季度出货量分别为x和y: the i-th figure is the i-th name's
        entity, why = named[0].name, f"分别: {named[0].name}, the list's item for this figure"
    elif item and not (found is not None and "segment" in found.facets):
        # the item names no one the finder knows, nor a line of business: whose figure it is stays unsaid
        found, listed = None, OF_A_NAMED_LIST
    if _PEER_SUBJECT in why:
        state.peer = (sent.start, entity)
    elif state.peer is not None and state.peer[0] == sent.start and found is not None \
            and why.endswith("(sentence subject)"):
        # …竞争对手华屿置业合同销售1,102亿元，同比下降25.6%: the change is the peer's, as its level is
        entity, why = state.peer[1], f"the peer of the clause before ({state.peer[1]})"
    if why.startswith("previous sentence") and found is not None and ctx.document_subject \
            and found.concept.split("/")[0] in roles().company_measures and _place_name(entity) \
            and not _place_name(ctx.document_subject):
        # 分区域看，长三角区域合同销售…。全年营业收入…: a company's measure is the article's company's,
        # not the region the sentence before broke its sales down by
        entity, why = ctx.document_subject, f"the article's subject ({entity} is a region; the measure a company's)"
    if entity and entity == gazetteer().scope_entities.get("全国"):
        inner = next((x for x in sent.mentions if x.kind == "place" and x.name != entity and x.start < ns
                      and text.endswith(COUNTRY_BEFORE_PLACE, 0, x.start)), None)
        if inner is not None:  # 中国大陆滨江市轨道交通…: the city the country is the backdrop of
            entity, why = inner.name, f"{why}; the place inside it ({inner.name})"
    if entity in ctx.editions:  # 本届广交会…: the edition the text reports on (第136届广交会), no other year's
        entity, why = ctx.editions[entity], f"{why}; the edition the text names ({ctx.editions[entity]})"
    ranked = _ranked_right_after(sent, ne) if is_rank and sent.language != "en" else None
    if ranked is not None:  # 第2名《逆风少年》…, 排名第一的是星网充: the name the rank stands before
        entity, why = ranked.name, f"ranked: {ranked.name} (right after its rank)"
    market = _market_owner(sent, ns, found, (entity, ctx.document_subject)) if sent.language != "en" else None
    if market:
        entity, why = market, f"market:{market} (the measure is the market's)"
    if entity:
        evidence["entity"] = why
    if scope and (is_duration or ("clause subject" in why and entity != state.entity)):
        # 其中，楚湾基地一期…用时14个月: a named whole of its own, or a duration, is no part of the total
        scope = None

    if period is None and expr is None and not is_duration and modality == "actual" and state.frame \
            and not all_times and "\n" not in doc.norm[state.frame[1]:sent.start] \
            and not _WHOLE_YEAR.search(text):
        period = state.frame[0]  # the next sentence of the paragraph, stating no time of its own
        evidence["period"] = f"the window that opens the sentence before ({period})"
    if (period is None and expr is None and not is_duration and modality == "actual" and state.running_period
            and not subset and (_continues_period(text[seg_start:seg_end])
                                or (sent.language == "en" and ("\n" not in doc.norm[state.running_end:sent.start]
                                                               or state.running_year() == state.headline_year)))):
        period = state.running_period
        evidence["period"] = f"the year an earlier sentence states ({period})"
        if _inside_report_period(period, state.report_period) and not _WHOLE_YEAR.search(text, seg_start, seg_end):
            period = state.report_period  # 发布2025年中期报告…: the report's window, not its year
            evidence["period"] = f"reporting period of the article ({period})"
    if period is None and expr is None and not is_duration and state.last_window \
            and _THAT_WINDOW.search(text, seg_start, ns) and not subset:
        period = state.last_window  # 发布11月经营数据。当月快递收入…: the month the sentence before named
        evidence["period"] = f"当月: the window the sentence before names ({period})"
    if period is None and expr is None and not is_duration and state.section_period and not all_times:
        period = state.section_period  # 一、2024年预算执行情况: the section's heading dates its figures
        evidence["period"] = f"the year its section's heading states ({period})"
    if period is None and expr is None and not is_duration and modality == "actual" and state.report_period:
        period = state.report_period  # 报告期内…: a results article's undated figures are its period's
        evidence["period"] = f"reporting period of the article ({period})"
    if period is None and not is_duration and expr is None:
        event_year = _event_year_named(text, ctx.document_event_year, ns)
        if event_year:
            period = str(event_year)
            evidence["period"] = f"a figure of an event held in {event_year} (a census)"
    event_month = _event_month(text, ctx.document_event)
    if event_month and not is_duration and (period is None or period.isdigit()):
        year = int(period) if period else _event_year(published, event_month)
        if year:
            period = f"{year}-{event_month:02d}"
            evidence["period"] = f"a figure of a yearly event held in month {event_month} ({period})"
        elif "period" not in evidence:  # an undated text: the event's month, of a year it does not say
            evidence["period"] = f"{event_month}月 -> undated"
    if period is None and not is_duration and entity in ctx.event_dates:
        period = ctx.event_dates[entity]  # a count at an event gets the event's date
        evidence["period"] = f"date of {entity} ({period})"

    # -- metric
    blocked = [(matches[j].start - base, matches[j].end - base) for j in siblings if j != i]
    # entities and references bound a metric; a facility may be what is counted (19家卓越级智能工厂)
    blocked += [(x.start, x.end) for x in sent.mentions if x.kind in ("place", "organization")
                or (x.kind == "reference" and x.end <= ns)]
    blocked += [(t.start, t.end) if not (t.start <= ns < t.end) else (t.start, ns) for t in times]
    previous_metric = _previous_metric(i, siblings, state, q.dimension)
    previous_base = _previous_metric(i, siblings, state, None)
    said = doc.norm[m.start:m.end]
    enumerated = q.dimension == "count" and (said.endswith("大") or text[max(0, ns - 1):ns] == "等")
    metric, metric_why = extract_metric(text, sent.tokens, ns, ne, blocked=blocked, is_rank=is_rank,
                                        previous_metric=previous_metric, previous_base=previous_base,
                                        enumerated=enumerated, is_duration=is_duration,
                                        numbers=[(matches[j].start - base, matches[j].end - base)
                                                 for j in siblings if j != i],
                                        language=sent.language)
    if sent.language == "en":  # romanised names and glossary measures (claims/english.py)
        entity, why, metric, metric_why = refine_subject(
            doc, base, text, sent.mentions, ns, ne,
            kind="percent" if q.unit == "percent" else "count" if q.dimension == "count" else "amount",
            entity=entity, entity_why=evidence.get("entity", ""), metric=metric, metric_why=metric_why)
        if ctx.document_subject and not has_chinese(ctx.document_subject):
            entity, why = settle_english(entity, why, ctx.document_subject, text)
        entity, why = _nation_over_borrowed(entity, why, nation)  # (settle_english may borrow again)
        owner = _EN_POSSESSOR.search(text, max(0, ns - 60), ns) if not is_rank else None  # (China's third-largest)
        if owner is not None and owner.group(1).lower() not in _EN_NOT_OWNERS:
            # outpacing Fujian province's 4.1% growth: the possessor's figure, not the subject's
            entity = canonical_place(re.sub(r"\s+(?:province|city|county|region)$", "", owner.group(1), flags=re.I))
            why = f"possessor: {owner.group(1)}'s figure"
        if entity:
            evidence["entity"] = why
        if modality != "actual" and is_comparison_base(text, ns):
            modality, evidence["modality"] = "actual", "base of a change or target (from …)"
    if metric:
        evidence["metric"] = metric_why
        state.metrics[i] = (metric, q.dimension)
        phased = _single_phase(doc, m.start, entity, metric)
        if phased:
            entity = phased
            evidence["entity"] = f"{evidence.get('entity', '')}; the one phase the document names"
        metric = _qualified_activity(text, ns, metric)
        event = _event_of_activity(sent, ns, metric, ctx)
        if event and event != entity:
            entity = event
            evidence["entity"] = f"event:{event} (a figure of what happens at the event the sentence names)"
            if period is None and not is_duration and event in ctx.event_dates:
                period = ctx.event_dates[event]
                evidence["period"] = f"date of {event} ({period})"
    concept, facets = None, {}
    if found is not None:
        state.measures[i] = found
        metric = found.metric
        concept = found.concept if found.aspect in ("level", "rank") else f"{found.concept}/{found.aspect}"
        if found.aspect == "rank":
            concept = f"{found.concept}/rank" if not found.concept.endswith("rank") else found.concept
        facets = dict(found.facets)
        evidence["metric"] = (f"measure {found.concept} named by '{found.words}'"
                              + (" in the clause before" if found.inherited else "")
                              + (f"; {found.aspect}" if found.aspect != "level" else "")
                              + ("".join(f"; {k}={v}" for k, v in sorted(facets.items()))))
    if found is not None and found.aspect in ("change", "growth") and period and period.isdigit() \
            and "basis" not in facets:
        base_year = _base_year(times, ns, int(period))
        if base_year:  # 较2020年增长48% (in 2024): a change over four years, never a year-on-year one
            facets["basis"] = f"vs {base_year}"
            evidence["metric"] += f"; basis=vs {base_year}"
    if found is not None and found.aspect != "rank" and period and is_stock(found.concept) \
            and "sub_period" not in facets:  # (新增门店130多家: the additions over the window are a flow)
        at = window_end(period)
        if at != period:  # 上半年末存款…: a stock in a window is the stock at its end (截至6月末 = 2025-06),
            # and so are its changes (较年初增长8.2%): one date, however the text dates them
            evidence["period"] = f"{evidence.get('period', period)}; a stock, at the window's end ({at})"
            period = at
    if facets.get("basis") == "年初" and period and period.isdigit():
        del facets["basis"]  # 年末…比上年末增加6.3万人: over a whole year, since its start is year on year
    said = _WINDOW_SAID.get(facets.get("sub_period", ""))
    if period and said and said.search(period):
        del facets["sub_period"]  # 第四季度…单季营收: the quarter says it; as 第四季度营收 does
    region = _sales_region(sent, ns, entity, found, ctx)
    if region is not None:  # 分区域看，华东地区营业收入…: the company's revenue in that market
        entity = ctx.document_subject or ctx.topic
        facets.setdefault("area", region)
        evidence["entity"] = f"the article's company ({entity}); {region} is the market the measure is broken down by"
    confidence, reason = subject_confidence(found or listed, metric)
    if entity is None and "names no place the text writes" in why and confidence > NO_MEASURE:
        confidence, reason = NO_MEASURE, "its clause speaks of a place the text does not name (我市, 全省)"
    if backdrop_with_company_measure(entity, concept, facets) and confidence > NO_MEASURE:
        confidence, reason = NO_MEASURE, f"a company's measure given to {entity}, a country or region: its owner was not found"
    if found is None and metric and metric.isascii():
        metric = None  # English words no measure names (after adding): no metric, not a fragment
    if not state.claimed and not is_duration \
            and not (_FROM_LEVEL.search(text, seg_start, ns) and _TO_LEVEL.match(text, ne)):
        # (由2023年的771.0亿元增至2024年的812.6亿元: the level it started from opens nothing)
        # 其中… breaks down the total the previous sentence opened with (合计年产能达到210GWh,2024年
        # 出货量156GWh。其中,楚湾基地一期产能40GWh): that first figure's period, dated or not
        state.pending_period, state.claimed = period, True
    if state.pending_entity is None and not is_duration:
        # …仅次于华翎保险（4018.5亿元）。其中…: the whole the sentence opened with, not a rival's bracket
        # (nor a holiday's length: 今年国庆8天假期，旗下星野度假区…)
        state.pending_entity = entity
    if scope == "subset" and concept and facets:
        scope = None  # 其中，公共充电桩18.3万个: the part is named by its facet, a whole of its own
    measure_of = concept.split("/")[0] if concept else None
    wholes = state.previous_concepts | state.sentence_concepts
    if scope == "subset" and measure_of and wholes and measure_of not in wholes:
        # 其中，城镇人口…；常住人口城镇化率78.4%: a measure no figure before it states is no part of one
        scope = None
    if measure_of and not subset:
        state.sentence_concepts.add(measure_of)  # (a whole: what a later 其中 part may be a part of)
    state.periods[i] = period
    return SubjectInfo(subject=Subject(entity=entity, metric=metric, period=period, concept=concept, facets=facets,
                                       confidence=confidence, reason=reason),
                       modality=modality, scope=scope, evidence=evidence,
                       negative=found is not None and found.negative)


_REGION_ENDING = re.compile(r"(?:地区|区域|大区|片区|市场|业务|板块)?(?:的|实现|录得|完成)?")
_REGION_MARKET = re.compile(r"(?:地区|区域|大区|片区|市场)$")


def _sales_region(sent: _Sentence, ns: int, entity: str | None, found, ctx: EntityContext) -> str | None:
    """The region a company's measure is broken down by (华东地区营业收入, 海外市场收入, 国内收入),
    when the clause names it right before the measure and the article is about one company: the
    region is a part of the company's figure, not the owner of it. None otherwise."""
    subject = ctx.document_subject or ctx.topic
    if found is None or not entity or not subject or _place_name(subject) or not found.words \
            or found.concept.split("/")[0] not in roles().company_measures:
        return None
    if not (_place_name(entity) or backdrop(entity) or _REGION_MARKET.search(entity)):
        return None
    text = sent.text
    for x in sent.mentions:
        if x.name != entity or x.end > ns:
            continue
        ending = _REGION_ENDING.match(text, x.end)
        if text.startswith(found.words, ending.end()):
            return _REGION_MARKET.sub("", text[x.start:x.end]) or None
    if found.facets.get("area") and not any(x.end <= ns and x.kind in ("organization", "place") for x in sent.mentions):
        return found.facets["area"]  # 国内市场收入, 海外市场收入: the measure's own area word named the place
    return None


def _base_year(times, ns: int, year: int) -> str | None:
    """The base year B the sentence compares with before the figure, when it lies two or more
    years back (a change over one year is the year-on-year one)."""
    bases = [t for t in times if t.base and t.kind == "year" and t.period and t.period.isdigit() and t.end <= ns]
    if bases and year - int(bases[-1].period) >= 2:
        return bases[-1].period
    return None


# Words that place a figure in the year the text has been speaking of (2024年，…。全年…, 同比…):
# only then does an earlier sentence's year govern; an undated snapshot stays undated.
_PERIOD_CONTINUES = re.compile(r"全年|当年|年内|年均|同比|同期|比上年|较上年|年末|年底|按年|年增|年度|"
                               r"\bfor the year\b|year[- ]on[- ]year|from a year earlier|\bannual\b", re.I)


_OWN_PLACE_WORDS = frozenset({"我省", "我市", "我县", "我区", "本省", "本市", "全省", "全市"})
_THAT_WINDOW = re.compile(r"当月|该月|本月|当季度?|该季度?|本季度?")
_DAY_DATE = re.compile(r"\d{1,2}\s?[日号]|[一二三四五六七八九十]{1,3}[日号]")


def _inside_report_period(period: str, report: str | None) -> bool:
    """The year of an interim report (发布2025年中期报告): its window (2025-H1), not the year, dates
    the article's undated figures."""
    return bool(report) and report != period and report.startswith(period)


def _years_ahead(period: str, published) -> bool:
    """A year after the article's own (aims to deliver 60 ships in 2026): a plan's, which the
    figures after it do not take."""
    return published is not None and period[:4].isdigit() and int(period[:4]) > published.year


def _continues_period(text: str) -> bool:
    return bool(_PERIOD_CONTINUES.search(text))


def _same_window_a_year_before(text: str, expr, period: str | None, opened: str | None) -> str | None:
    """去年同期 / 上年同期 after a figure of a window inside a year (2025-Q1, 2025-11): that window
    a year earlier, when the expression itself gave only the year before it."""
    if expr is None or not opened or opened.isdigit() or not text.startswith("同期", expr.end):
        return None
    if not re.match(r"\d{4}", opened):
        return None
    a_year_before = (period is not None and period.isdigit() and int(opened[:4]) == int(period) + 1) or (
        period is None and expr.relative == -1)  # 上年同期 in an undated article: still the year before
    if not a_year_before:
        return None
    return re.sub(r"\d{4}", lambda m: str(int(m.group(0)) - 1), opened)


@lru_cache(maxsize=2)
def _event_table(kind: str) -> tuple[re.Pattern | None, dict[str, int]]:
    """A pattern over the words of a period_cues.yaml table of events (event_months, event_years),
    and the table keyed in lower case."""
    table: dict[str, int] = getattr(cues(), kind)
    if not table:
        return None, {}
    words = sorted(table, key=len, reverse=True)
    # never inside a longer run of digits or letters (618 in a stock code 02618, a year 1618)
    alternation = "|".join(re.escape(w) for w in words)
    return (re.compile(rf"(?<![0-9A-Za-z])(?:{alternation})(?![0-9])", re.I),
            {w.lower(): v for w, v in table.items()})


def _event_words() -> tuple[re.Pattern | None, dict[str, int]]:
    return _event_table("event_months")


def _event_year_words() -> tuple[re.Pattern | None, dict[str, int]]:
    return _event_table("event_years")


def _event_year_named(text: str, document_year: int | None, ns: int) -> int | None:
    """The year of the one-off event (第七次全国人口普查) the sentence names, else its article's. A
    base's own figure (与第六次全国人口普查的51.6万人相比) is the base event's."""
    pattern, years = _event_year_words()
    named = list(pattern.finditer(text)) if pattern is not None else []
    for m in named:
        if m.end() <= ns and re.fullmatch(r"\s*的\s*", text[m.end():ns]):
            return years[m.group(0).lower()]
    for m in named:
        if not re.search(r"(?:与|较|比|相比).{0,6}$", text[:m.start()]):  # 与2010年第六次…相比: a base
            return years[m.group(0).lower()]
    return document_year


def _event_month(text: str, document_event: int | None) -> int | None:
    """The month of the yearly event (双11) the sentence names, else the one its article is about."""
    pattern, months = _event_words()
    m = pattern.search(text) if pattern is not None else None
    return months[m.group(0).lower()] if m else document_event


def _event_year(published, month: int) -> int | None:
    if published is None:
        return None
    return published.year if published.month >= month else published.year - 1


def _qualified_activity(text: str, ns: int, metric: str) -> str:
    """完成现场签约,签约总金额300.9亿元: the amount of the on-site signing, a part of all signing."""
    g = gazetteer()
    word = next((w for w in g.event_metric_words if metric.startswith(w)), None)
    if word is None:
        return metric
    before = text[:ns]
    for mod in g.event_activity_modifiers:
        if mod + word in before:
            return mod + metric
    return metric


def _event_of_activity(sent: _Sentence, ns: int, metric: str, ctx: EntityContext) -> str | None:
    """签约项目, 签约金额 in a sentence that names an event before the number: the event's figure."""
    if not any(w in metric for w in gazetteer().event_metric_words):
        return None
    events = [x for x in sent.mentions if x.end <= ns and (x.kind == "event" or x.ref_kind == "event")]
    if not events:
        return None
    # a headline's event is named in full only in the body: keep its own word until then
    return _name_of(events[-1], sent, ctx) or events[-1].name


# a sub-period facet that a dated window of its own kind says already (单季 in 2024-Q4, 单月 in 2024-04)
_WINDOW_SAID = {"单季": re.compile(r"-Q\d$"), "单月": re.compile(r"-\d\d$"),
                # 1—10月累计, 上半年累计, 全年累计: a window from the year's start is the sum already
                "累计": re.compile(r"^\d{4}(?:-01\.\.\d{4}-\d\d|-H1|-Q1)?$")}
# an item of a list that says it is about the whole year (…；全年加权平均净资产收益率为…) leaves the frame
_WHOLE_YEAR = re.compile(r"全年|年度|full[- ]year", re.I)


def _opens_with_deadline(text: str, times: list[TimeExpr], until: int) -> bool:
    """The sentence opens with a time and a comma (到2027年，…; 第四季度，…: a frame over a list of
    figures) and names no other time before `until`."""
    before = [t for t in times if t.start < until]
    if len(before) != 1 or not before[0].period or not (before[0].by_year or before[0].is_sub_year):
        return False  # (2024年，…投入超240亿元；研发人员总人数…: a year is the running year anyway)
    return len(_lead(text, before[0].start)) <= 4 and text[before[0].end:before[0].end + 1] in (",", "，")


def _frames_the_list(text: str, times: list[TimeExpr], seg_start: int, seg_end: int) -> bool:
    """The sentence opens a clause with its only time, a window inside a year (三季度全市成交面积…),
    and the item after a semicolon states no time but a change against the same window (成交34512套，
    同比下降4.8%): the window still frames it. A snapshot after it (研发人员总人数…) stays undated."""
    before = [t for t in times if t.start < seg_start]
    return len(before) == 1 and bool(before[0].period) and before[0].is_sub_year \
        and at_clause_start(text, before[0].start) and _continues_period(text[seg_start:seg_end])


_MARKET = re.compile(r"[\u4e00-\u9fff]{0,9}?市场(?:整体|总体|总)?的?$")
_NOT_OF_A_MARKET = ("share", "rank", "margin")  # a market share or rank is always someone's in a market


def _market_owner(sent, ns: int, found, names: tuple[str | None, ...]) -> str | None:
    """The market whose measure the number's clause states (国内智能手机市场出货量为6985万台: 中国;
    全球市场规模: 全球; a growth rate after it continues it), when no company or place is named
    in the clause before it. A company's act in a market (在国内市场出货) is the company's."""
    if found is None or not found.known or found.kind in _NOT_OF_A_MARKET or not found.words:
        return None
    text = sent.text
    at = text.rfind(found.words, 0, ns)
    if at < 0 or (not found.inherited and at < max(text.rfind(ch, 0, ns) for ch in "，,；;。：:")):
        return None
    lo = max(text.rfind(ch, 0, at) for ch in "，,；;。：:") + 1
    end = at + 2 if found.words.startswith("市场") else at
    if any(lo <= x.start < end for x in sent.mentions if x.kind in ("organization", "place", "name")):
        return None
    m = _MARKET.search(text, lo, end)
    if m is None or "在" in text[max(lo, m.start() - 1):m.end()]:
        return None
    if any(name and name in text[lo:m.end()] for name in names):
        return None  # 澜启国内市场出货量: the company's figure in that market
    phrase = text[m.start():m.end()].split("市场")[0]
    scopes = gazetteer().market_scopes
    place = next((w for w in sorted(scopes, key=len, reverse=True) if w in phrase), None)
    if place is not None:
        return scopes[place]
    return phrase + "市场" if len(phrase) >= 2 else None


_NOT_ITS_OWN = ("document topic", "earlier sentence", "previous sentence", "the article's subject", "title")
# a clause that opens with the whole country (今年全国粮食总产量…, National grain production grew…)
# (a time, a holiday and its dates may stand first: 2025年春节档（1月28日至2月4日）全国电影总票房…)
_NATIONAL_ZH = re.compile(r"(?:今年|去年|全年|上年|[0-9一二三四五六七八九十〇零年月日号至到—~（）()春节档国庆假期间当天除夕初正腊元旦上下半季度前后首个]{1,24}?)?"
                          r"[，,]?\s{0,2}全国(?!各|范围|人民|平均|第|排名|前)")
_ZH_CLAUSE_START = re.compile(r"(?<![^；;。，,])")  # where a clause starts: the text's start or after a break
_NATIONAL_EN = re.compile(r"(?:National|Nationwide|Nationally|China's national)\b")


def _nation_over_borrowed(entity: str | None, why: str, nation: str | None) -> tuple[str | None, str]:
    """The nation, for a clause that speaks of the whole country, over an entity borrowed from
    elsewhere (the article's subject, an earlier sentence); an entity of the clause's own stays."""
    if nation and (not why or why.startswith(_NOT_ITS_OWN) or why.endswith("(sentence subject)")):
        # (武汉市GDP增长5%，全国增长5.2%: the subject of an earlier clause is not this one's)
        return nation, f"national: the clause speaks of the whole country ({nation})"
    return entity, why


def _national_clause(text: str, ns: int, language: str) -> str | None:
    """中国 when the number's clause opens with the whole country (全国粮食总产量14297.6亿斤): the
    nation's figure, not the article's province's."""
    if language == "en":
        lo = clause_bounds(text, ns, ns + 1, "en")[0]
        lo += len(text[lo:ns]) - len(text[lo:ns].lstrip())
        national = _NATIONAL_EN.match(text, lo) is not None
    else:
        # the clause the number is in, or a clause of its sentence group before it that opens with
        # 全国 and runs to the number without a 。/；
        group = max(text.rfind(ch, 0, ns) for ch in "；;。") + 1
        national = False
        for m in _ZH_CLAUSE_START.finditer(text, group, ns):
            at = m.end()
            while at < ns and text[at].isspace():
                at += 1
            opened = _NATIONAL_ZH.match(text, at)
            if opened is not None and opened.end() <= ns:
                national = True
                break
    return gazetteer().scope_entities.get("全国") if national else None


def _one_of_scope(text: str, ns: int, ne: int) -> str | None:
    said = text[ns:ne]
    if not said.endswith("大"):
        return None
    clause_end = _CLAUSE_BREAK.search(text, ne)
    if "之一" not in text[ne:clause_end.start() if clause_end else len(text)]:
        return None
    return next((e for w, e in gazetteer().scope_entities.items() if text[:ns].endswith(w)), None)


def _single_phase(doc: SourceDocument, pos: int, entity: str | None, metric: str) -> str | None:
    """A facility's construction period, in a document that has named one phase (一期) and no
    other before it, is that phase's (一期40吉瓦时产能…这座工厂从开工到投产历时18个月)."""
    g = gazetteer()
    if not entity or canonical_metric(metric) not in g.phase_bound_metrics \
            or not entity.endswith(tuple(g.facility_heads)):
        return None
    before = doc.norm[:pos]
    named = [p for p in g.facility_phase if p in before]
    return entity + named[0] if len(named) == 1 else None


# a clause that only changes the figure before (共增加12.4万人), or states the figure it is compared
# with (与十年前的344.4万人相比; 较上年的1.76%)
_CHANGE_ONLY = re.compile(r"(?:^|[，,；;])\s*(?:共|合计|累计|净|比上年|较上年|同比)?"
                          r"(?:增加|减少|增长|下降|提高|降低|上升|回落|多|少)[^，,；;]{0,24}$")
_COMPARED_WITH = re.compile(r"(?:^|[，,；;])\s*(?:(?P<with>与|同|和)|较|比)[^，,；;]{0,24}$")


def _restates(text: str, start: int, end: int) -> bool:
    if _CHANGE_ONLY.search(text, 0, start):
        return True
    frame = _COMPARED_WITH.search(text, 0, start)
    return frame is not None and (not frame.group("with") or "相比" in re.split(r"[，,；;。]", text[end:], maxsplit=1)[0])


def _open_bracket(text: str, pos: int) -> int | None:
    """Where the bracket that is still open at `pos` opens, within 40 characters; None if none."""
    depth = 0
    for at in range(pos - 1, max(-1, pos - 41), -1):
        ch = text[at]
        if ch in ")）":
            depth += 1
        elif ch in "(（":
            if depth == 0:
                return at
            depth -= 1
    return None


# the lines of a segment's results that the measures after them continue (收入…，毛利率…)
_SEGMENT_LINES = frozenset({"revenue", "sales_value", "gross_profit", "operating_profit", "net_profit"})
# what says a clause is about the whole again (…，公司整体毛利率…)
_WHOLE_AGAIN = re.compile(r"整体|总体|全公司|集团|综合|公司")


def _segment_carried(found: MeasureFound, previous: MeasureFound, text: str, ns: int, sent) -> MeasureFound:
    """动力电池系统实现营业收入2530亿元，同比减少11%，毛利率为23.9%: a company measure named in a
    later clause of a sentence (or of its part up to a semicolon) about a segment is the segment's,
    unless the clause names a segment, a name or the whole of its own."""
    segment = previous.facets.get("segment")
    if not segment or "segment" in found.facets or found.concept not in lexicon().product_line_measures \
            or previous.concept.split("/")[0] not in _SEGMENT_LINES:
        return found  # (晶圆出货量900万片，销售收入…: a product's volume says nothing of whose money follows)
    lo = clause_bounds(text, ns, ns + 1, sent.language)[0]
    semicolon = max(text.rfind(";", 0, ns), text.rfind("；", 0, ns))
    if segment not in text[max(0, semicolon + 1):lo] or _WHOLE_AGAIN.search(text, lo, ns) \
            or any(lo <= x.start < ns for x in sent.mentions if x.kind in ("place", "organization")):
        return found
    facets = {**found.facets, "segment": segment}
    return replace(found, facets=facets, metric=f"{segment}{found.metric}")


def _previous_measure(text: str, base: int, matches, before: list[int], state: _DocState) -> MeasureFound | None:
    """The measure a clause naming only a change continues: that of the figure right before, or
    further back over figures that only change or compare it (…356.8万人，与…344.4万人相比，共增加
    12.4万人，增长3.6%). A figure of an unknown measure in between (貨郵運量約63萬噸，按年升7.9%)
    stops the search: the growth is that figure's."""
    for j in reversed(before):
        if j in state.measures:
            return state.measures[j]
        if not _restates(text, matches[j].start - base, matches[j].end - base):
            return None
    return None


def _previous_metric(i: int, siblings: list[int], state: _DocState, dimension: str | None) -> str | None:
    """The metric of the nearest earlier claim of the sentence that measures the same kind of
    thing; with no dimension, the nearest one that is not itself a growth rate (the base of 同比增长)."""
    from numcheck.claims.metrics import is_growth

    for j in reversed(siblings):
        if j < i and j in state.metrics:
            metric, dim = state.metrics[j]
            if (dimension is not None and dim == dimension) or (dimension is None and not is_growth(metric)):
                return metric
    return None


def _times(sent: _Sentence, published, report: int | None = None, reported: int | None = None) -> list[TimeExpr]:
    cache = getattr(sent, "_times", None)
    if cache is None:
        cache = [t for t in find_time_expressions(sent.text, sent.language)]
        resolve(cache, published, report, reported)
        cache = [t for t in cache if t.kind != "unresolved"]
        for t in cache:  # 截至2024年12月31日: a stock at the year's end is the year's
            if t.kind == "month" and t.period and t.period.endswith("-12") and "12月31日" in sent.text[t.start:t.end]:
                t.kind, t.period, t.months = "year", t.period[:4], None
            elif t.part == "year" and t.year is None and t.relative is None and published is not None \
                    and t.period == str(published.year - 1) and _forward_looking(sent):
                # expects full-year deliveries of… (in October): the year under way, not the last one closed
                t.period = str(published.year)
        sent._times = cache  # type: ignore[attr-defined]
    return cache


# 由…A增至B / 从A提高到B: A is where a change started
_FROM_LEVEL = re.compile(r"(?:由|从)[^，,；;。]{0,16}$")
_TO_LEVEL = re.compile(r"[^，,；;。]{0,6}?[至到]")  # …增至/降到/提高至 B: the level it reached
# a peer named as the subject of its own clause (同期竞争对手华屿置业合同销售…)
_PEER_SUBJECT = "a peer named as the clause's subject"
@lru_cache(maxsize=1)
def _peer_before() -> re.Pattern:
    """A peer word (gazetteer.yaml peer_words, comparison_descriptors) ending the text before a name."""
    g = gazetteer()
    words = sorted({*g.peer_words, *g.comparison_descriptors}, key=len, reverse=True)
    # (…；同期东瀚造船…: a company named at the head of a clause that opens with 同期)
    return re.compile("(?:" + "|".join(map(re.escape, words)) + r")[\u4e00-\u9fff]{0,2}$|^\s?同期[，,]?\s?$")
# Fujian province's 4.1% growth, Rival Motors' 15%: a name owning the figure right after it
_EN_POSSESSOR = re.compile(r"\b((?:[A-Z][a-z]+\s){0,2}[A-Z][a-z]+(?:\s(?:province|city|county|region))?)(?:'s|(?<=s)')\s(?:about\s|around\s|nearly\s)?$")
_EN_NOT_OWNERS = frozenset({"the company", "company", "its", "it", "the group", "group", "the city", "the bank"})
def _place_name(name: str | None) -> bool:
    """Whether a name is a place's: the gazetteer's, or written with an administrative ending."""
    if not name:
        return False
    return _is_known_place(name.lower() if name.isascii() else name) or name.endswith(tuple(gazetteer().place_suffixes))


_YEAR_WORD = re.compile(r"(?:19|20)\d{2}\s*年?")
_EDITION_COUNTERS = frozenset("届次期批轮代版")
_AFTER_RANK = re.compile(r"[名位]?(?:的|是|为)?[:：]?\s?")


def _ranked_right_after(sent: _Sentence, ne: int):
    """The organisation or work a rank stands right before (第2名《逆风少年》), or None; an
    edition (第十七届人民代表大会) or an occurrence (第四次会议) ranks nothing."""
    if sent.text[ne - 1:ne] in _EDITION_COUNTERS:
        return None
    at = _AFTER_RANK.match(sent.text, ne).end()
    return next((x for x in sent.mentions if x.start == at and x.kind in ("organization", "place")
                 and not x.compared), None)


def _forward_looking(sent: _Sentence) -> bool:
    """Whether the sentence says what is planned, expected or aimed at (a cue of a mood other
    than fact anywhere in it)."""
    return any(h.modality != "actual" for h in _cues(sent))


def _cues(sent: _Sentence) -> list:
    """The sentence's mood cues (and the measure words they may stand inside), found once."""
    if sent.cues is None:
        sent.cues = find_cues(sent.text, _bounds(sent.tokens), _next_flags(sent.tokens))
        sent.measure_words = measure_word_spans(sent.text) if sent.language != "en" else []
    return sent.cues


def _bounds(tokens: list[Token]) -> set[int]:
    return {t.start for t in tokens} | {t.end for t in tokens}


def _next_flags(tokens: list[Token]) -> dict[int, str]:
    """Offset where a token starts -> its part-of-speech flag (the word after a cue)."""
    return {t.start: t.flag for t in tokens}


def _counted_spans(matches: list[QuantityMatch], siblings: list[int], base: int) -> list[tuple[int, int]]:
    """The numbers of the sentence that may count a facility named right after them (41家实验室, 三大
    创新中心); one with another measure describes it (万人研发中心, 9100吨压铸设备)."""
    return [(matches[j].start - base, matches[j].end - base) for j in siblings
            if _counts_facilities(matches[j].quantity)]


def _counts_facilities(q) -> bool:
    if q.dimension not in ("count", "rank"):
        return False
    return q.counter is None or q.counter in gazetteer().facility_counters


@lru_cache(maxsize=1)
def _comparison_word_set() -> frozenset[str]:
    return frozenset(gazetteer().comparison_words)


_SUBJECT_PREFIX_FLAGS = {"d", "c", "t", "x", "m", "f", "uj", "ad", "y"}


def _subject_like(sent: _Sentence, x: Mention, times: list[TimeExpr]) -> bool:
    """A mention at the head of its clause (after time words and adverbs only) is the clause's subject."""
    text = sent.text
    start = sent.clause_start(x.start)
    attributive_until = -1
    for e in times:  # 2025年10月投产的智能家电工厂: the dated relative clause modifies the subject
        if e.attributive and start <= e.start < x.start:
            de = text.find("的", e.end, x.start)
            attributive_until = max(attributive_until, de + 1 if de >= 0 else -1)
    for t in sent.tokens_overlapping(start, x.start):
        if t.end <= attributive_until:
            continue
        if any(e.start <= t.start and t.end <= e.end for e in times):
            continue
        if t.flag not in _SUBJECT_PREFIX_FLAGS and t.word.strip(" \u3000\"“”'「」") and t.word not in ("其中", "同时", "同期") \
                and t.word not in _comparison_word_set():
            return False  # (同期东瀚造船…, 竞争对手X…: the peer word opens the peer's own clause)
    return True


_PREPOSITIONS = frozenset({"在", "于", "向", "从", "到", "对", "与", "和", "及", "跟", "自", "至"})


def _after_preposition(sent: _Sentence, x: Mention) -> bool:
    """The mention follows a preposition, possibly across a conjoined name (在拉美和中东)."""
    before = [t for t in sent.tokens if t.end <= x.start]
    for t in reversed(before[-8:]):  # back over a list of names (在欧洲、东南亚和非洲)
        if t.word in ("和", "与", "及", "、"):
            continue
        if t.word in _PREPOSITIONS or t.flag == "p":
            return True
        if t.flag not in ("ns", "nr", "nt", "nz", "j", "x", "c") and not any(
                m.start <= t.start < m.end for m in sent.mentions):
            return False
    return False


def _is_counted(x: Mention, text: str, counted: list[tuple[int, int]]) -> bool:
    """The facility a number counts (41家全国重点实验室, 卓越级智能工厂19家) is not what the number is about."""
    if x.kind != "facility":
        return False
    for s, e in counted:
        if (e <= x.start and text[e:x.start] in ("", "的")) or s == x.end:
            return True
    return False


_DEMONSTRATIVE = ("该", "这", "此", "本", "当地", "全", "the ")


def _acts(sent: _Sentence, x: Mention) -> bool:
    """A person's name followed by an adverb or a verb that is not a verb of saying (雷军曾在…投了)."""
    following = next((t for t in sent.tokens if t.start >= x.end), None)
    if following is None or following.start != x.end:
        return False
    g = gazetteer()
    return following.flag in ("d", "v") and following.word not in g.speech_verbs \
        and following.word not in g.person_titles


# what follows a place that makes it part of a segment's name (欧洲航线, 东南亚航路)
_ROUTE_AFTER = re.compile(r"航线|航路|线路")


def _usable(x: Mention, sent: _Sentence, times: list[TimeExpr], counted: list[tuple[int, int]]) -> bool:
    if x.kind == "name" and x.source == "pos:nr" and _acts(sent, x) and _subject_like(sent, x, times):
        return True  # 雷军曾在智能制造领域投了100多家企业: a person who acts is what the number is about
    if x.kind in ("name", "modifier") or _is_counted(x, sent.text, counted):
        return False
    if x.kind == "organization" and _reports_figures(x.name):
        return False  # 经省统计局测算, 据海关统计: the office that reports the figures is none of their subjects
    if x.kind == "place" and _ROUTE_AFTER.match(sent.text, x.end):
        return False  # 欧洲航线运量: the routes to a place are a segment of the carrier's, not the place's
    if x.kind == "reference" and not sent.text[x.start:x.end].lower().startswith(_DEMONSTRATIVE):
        return _subject_like(sent, x, times)  # bare 公司/基地 refers back only as a subject
    if x.kind == "facility" and not (x.has_org or x.has_place):
        # a bare category (绿色工厂) that the sentence also counts is not one facility
        return not any(y.kind == "facility" and y is not x and y.name.endswith(x.name[-2:])
                       and _is_counted(y, sent.text, counted) for y in sent.mentions)
    return True


_DESCRIBED_MAKER = re.compile(r"[\u4e00-\u9fff]{0,10}(?:商|企|企业|厂|品牌|公司|巨头|龙头|集团|大厂|业者|平台)")


def _place_describing_org(x: Mention, sent: _Sentence) -> bool:
    """A place that opens a description of the company named right after it (中国植物基饮料商青屿饮品,
    浙江车企踏峰汽车): where the company is from, not the subject."""
    if x.kind != "place":
        return False
    following = next((y for y in sent.mentions if y.start >= x.end), None)
    return following is not None and following.kind == "organization" \
        and _DESCRIBED_MAKER.fullmatch(sent.text, x.end, following.start) is not None


def _opens_with_subset(text: str, pos: int) -> bool:
    words = scope_cues().subset
    head = text[:pos]
    clause_start = 0
    for mm in _CLAUSE_BREAK.finditer(head):
        clause_start = mm.end()
    sentence_head = text.lstrip(" \u3000\t\"“”'")
    clause_head = head[clause_start:].lstrip(" \u3000\t\"“”'")
    lower = sentence_head.lower()
    return any(lower.startswith(w) for w in words) or any(clause_head.startswith(w) for w in scope_cues().subset_infix)


@lru_cache(maxsize=1)
def _listed_name() -> re.Pattern:
    """A short name between a list mark or a comparison word (gazetteer.yaml) and the bracket of
    its figure (仅次于理想(, 、蔚来()."""
    return re.compile(rf"(?:[、，,:：]|{comparison_words()})\s*+([\u4e00-\u9fffA-Za-z]{{2,6}})\s*+$")


def _entity(
    sent: _Sentence,
    ns: int,
    ne: int,
    ctx: EntityContext,
    state: _DocState,
    subset: bool,
    times: list[TimeExpr],
    counted: list[tuple[int, int]],
    duration: bool = False,
    rank: bool = False,
) -> tuple[str | None, str]:
    """Who the number at `ns` is about: the subject of its clause, else the subject of an
    earlier clause, else any mention before it, else the previous sentence, else the topic."""
    text = sent.text
    clause_start = sent.clause_start(ns)
    candidates = [x for x in sent.mentions if _usable(x, sent, times, counted)]
    candidates = [x for x in candidates if not _place_describing_org(x, sent)]
    arrived = _arrival_of(sent)
    if arrived is not None:
        # 阿里、浪潮的落地补强了武汉…,助力…增长: the newcomers' arrival is the subject, and the
        # figures that follow are the place it came to
        candidates = [x for x in candidates if x.end > arrived]
    if text[clause_start:ns].rstrip().endswith("等"):  # X、Y、Z等52个项目: the names are what is counted
        candidates = [x for x in candidates if not (clause_start <= x.start and x.end <= ns)]
    before = [x for x in candidates if x.end <= ns]
    subjects = [x for x in before if _subject_like(sent, x, times)]
    in_clause = [x for x in before if x.start >= clause_start]
    # a place after a preposition (在拉美和中东市场稳居第二) is where, not who
    located = [x for x in in_clause if _after_preposition(sent, x)]
    plain = [x for x in in_clause if x not in located]
    pick, where = None, ""
    adjacent = [x for x in in_clause if x.kind == "place" and x.end == ns and not _after_preposition(sent, x)]
    if adjacent:  # 辐射华中数亿消费市场: a place right before the number is what it counts in
        pick, where = adjacent[-1], "place right before the number"
    if text[clause_start:ns].lstrip(" \u3000").startswith(tuple(gazetteer().apposition_openers)):
        # X,作为小米继手机、汽车工厂后的第三座…: the clause describes the subject before it, and what it
        # names (手机、汽车工厂) is what X is compared with
        outer = [x for x in subjects if x.end <= clause_start]
        if outer:
            in_clause, plain, located = [], [], []
            subjects = outer
    described = [x for x in candidates if x.kind == "facility" and x.start == ne]
    if described and not any(s == ns for s, _ in counted):
        pick, where = described[0], "facility the number describes"  # 万人研发中心: its size, not a count
    product = next((x for x in candidates if x.kind == "product" and x.start >= ne), None)
    if product is not None and _noun_phrase_between(sent, ne, product.start):
        pick, where = product, "product the number describes"  # 3纳米制程手机处理器芯片玄戒O1
    # a name in an earlier clause, even as an object (一组数据,勾勒出小米的出海图景:在全球57个国家…;
    # 雷军以小米汽车工厂举例:…可在2秒内完成检测), before falling back on the previous sentence
    earlier = [x for x in before if x.kind != "place" or arrived is not None
               or (x.start < clause_start and not _after_preposition(sent, x))]  # 嵘州市…，占全省四成
    bracket = re.search(r"[（(]\s*+$", text[clause_start:ns])
    named_before = []
    if bracket:
        bracket_at = clause_start + bracket.start()
        named_end = len(text[:bracket_at].rstrip())  # where a name right before the bracket ends
        named_before = [x for x in before if x.end == named_end]
    else:
        # 大于同业朔鑫银行（净息差1.55%，下降9个基点）: figures inside a bracket opened right after a
        # compared name are that name's, whatever else the bracket says
        opened = _open_bracket(text, ns)
        if opened is not None:
            named_end = len(text[:opened].rstrip())
            named_before = [x for x in before if x.end == named_end and x.compared]
    if named_before and pick is None:
        # 仅次于理想(37.6万辆)、蔚来(25.7万辆): a figure in brackets right after a name is that name's
        pick, where = named_before[-1], "named right before the bracket"
    elif bracket and pick is None:
        listed = _listed_name().search(text, clause_start, bracket_at)
        if listed:  # a name the finder does not know, listed after a comparison word or 、
            return listed.group(1), f"listed before the bracket ({listed.group(1)})"
    owned = [x for x in in_clause if x.compared and "的" in text[x.end:ns]]
    if owned and pick is None:  # 接近特斯拉…第一年的14.8万辆: the compared name's own figure
        pick, where = owned[-1], "the compared name's own figure (…的)"
    peer = [x for x in in_clause if x.compared and x.end <= ns and x.kind in ("organization", "place")
            and _peer_before().search(text[clause_start:x.start])]
    if peer and pick is None and not any(not x.compared and x.end <= ns for x in in_clause
                                         if x.kind in ("organization", "place")):
        pick, where = peer[0], _PEER_SUBJECT
    # the names the subject is compared with (仅次于理想, 高于特斯拉) are the subject of no other
    # figure, unless the sentence names nothing else (对比来看，同业岭峰电力营收…: the peer's own)
    if any(not x.compared for x in before):
        subjects = [x for x in subjects if not x.compared]
        plain = [x for x in plain if not x.compared]
        earlier = [x for x in earlier if not x.compared]
    for group, label in (([x for x in subjects if x.start >= clause_start], "clause subject"),
                         (plain, "in clause"), (subjects, "sentence subject"), (located, "in clause"),
                         (earlier, "earlier in sentence")):
        if group and pick is None:
            pick, where = group[-1], label
            break
    scope_places = [x for x in located if x.kind == "place"]
    if pick is not None and scope_places and (pick in located or pick.kind in ("organization", "name")):
        owners = [x for x in before if x not in located and x.end <= (pick.end if pick not in located else ns)]
        scoped = _scoped_owner(sent, scope_places[-1], owners, ctx)
        if scoped:
            return scoped, f"{scope_places[-1].source}:{scoped} (the owner named before, in a narrower scope)"
    if pick is None and sent.language == "en":
        after = [x for x in candidates if x.start >= ns and not _CLAUSE_BREAK.search(text, ns, x.start)]
        if after:
            pick, where = after[0], "after number"
    if pick is None and not before:
        # nothing named before the number: the subject of a later clause of the same sentence
        # (“十四五”这5年,北京大刀阔斧推进…)
        stop = re.search(r"[；;。]", text[ns:])  # not past the clause group the number is in
        limit = ns + stop.start() if stop else len(text)
        after = [x for x in candidates if ns <= x.start < limit and x.kind != "reference"
                 and _subject_like(sent, x, times) and not x.part]  # (…，其中星弧S7…: a part, not the whole's subject)
        clause_end = _CLAUSE_BREAK.search(text, ns)
        located_after = [x for x in candidates if x.kind == "place" and x.start >= ns
                         and (clause_end is None or x.start < clause_end.start()) and _after_preposition(sent, x)]
        if not after and located_after:
            # 三大…创新中心都布局在北京: what a sentence counts, naming nothing before, is where it is
            after = located_after[:1]
        if after:
            pick, where = after[0], "subject after number"
            owner = (pick.owner or _owner_name(pick.name)) if pick.kind == "facility" and pick.has_org else None
            if owner and _CLAUSE_BREAK.search(text, ns, pick.start):
                # 创业15年,小米智能家居物联网平台连接…: a leading clause that names nothing is the
                # owner's, the facility is the subject of its own clause only
                return owner, f"{pick.source}:{pick.name} -> its owner {owner} (subject of a later clause)"
    if duration and not in_clause:
        # 未来3至5年将实现小米、金山“双万人”规模入驻: a duration bounds what its own clause says, so
        # the company that clause names is whose it is
        clause_end = _CLAUSE_BREAK.search(text, ne)
        own = [x for x in candidates if x.start >= ne and x.kind == "organization"
               and (clause_end is None or x.start < clause_end.start())]
        if own:
            pick, where = own[0], "named in the duration's clause"
    group = _conjoined(sent, pick, candidates) if pick is not None and pick.kind == "organization" else []
    if len(group) > 1:
        # 小米、金山“双万人”: several companies together; where the sentence is set, in brackets
        names = "、".join(dict.fromkeys(_name_of(x, sent, ctx) or x.name for x in group))
        local = next((p for x in sent.mentions if x.kind == "organization" and x.end <= group[0].start
                      for p in [_local_branch(sent, x, ctx, ns)] if p), None)
        return (f"{names}({local})" if local else names), f"conjoined companies {names} ({where})"
    if pick is not None:
        name = _name_of(pick, sent, ctx)
        segment = _segment_subject(sent, clause_start, ns) if rank and pick.kind in ("organization", "place") else None
        if name and segment and not segment.startswith(name):
            # 空调业务跻身行业前二, 汽车产业是北京制造业的第一大产业: a business or industry of the
            # company or place is what the clause ranks
            return name + segment, f"{pick.source}:{name} + segment {segment} ({where})"
        if name:
            local = _local_branch(sent, pick, ctx, ns) if pick.kind == "organization" else None
            if local:  # 小米在当地的…,目前员工中90%为本地招聘: the company's operations in that place
                return name + local, f"{pick.source}:{text[pick.start:pick.end]} in {local} ({where})"
            return name, f"{pick.source}:{text[pick.start:pick.end]} ({where})"
        if pick.kind == "reference" and pick.ref_kind == "place" and "clause subject" in where:
            # 我市港口…: the clause is about a place the text never names; no other name stands in
            return None, f"reference:{text[pick.start:pick.end]} names no place the text writes"
    if subset and state.entity:
        return state.entity, f"其中 continues the previous sentence ({state.entity})"
    if ctx.focus:
        return ctx.focus, f"previous sentence:{ctx.focus}"
    if ctx.topic:
        return ctx.topic, f"document topic:{ctx.topic}"
    return None, ""


_CONJUNCTIONS = ("、", "和", "与", "及", "以及")


def _conjoined(sent: _Sentence, pick: Mention, candidates: list[Mention]) -> list[Mention]:
    """The organisations joined to `pick` by 、/和/与 (小米、金山), in text order."""
    orgs = sorted((x for x in candidates if x.kind == "organization"), key=lambda x: x.start)
    if pick not in orgs:
        return [pick]
    k = orgs.index(pick)
    lo = hi = k
    while lo > 0 and sent.text[orgs[lo - 1].end:orgs[lo].start] in _CONJUNCTIONS:
        lo -= 1
    while hi + 1 < len(orgs) and sent.text[orgs[hi].end:orgs[hi + 1].start] in _CONJUNCTIONS:
        hi += 1
    return orgs[lo:hi + 1]


def _noun_phrase_between(sent: _Sentence, start: int, end: int) -> bool:
    """Only nouns (and 的) between start and end: one noun phrase (3纳米制程手机处理器芯片玄戒O1)."""
    inside = [t for t in sent.tokens if start <= t.start and t.end <= end]
    return all(t.flag.startswith("n") or t.word == "的" for t in inside)


def _segment_subject(sent: _Sentence, clause_start: int, ns: int) -> str | None:
    """A business line or industry (空调业务, 汽车产业) heading its clause, or a part of one after 、,
    and followed by a verb, before the number."""
    heads = tuple(gazetteer().segment_heads)
    toks = [t for t in sent.tokens if clause_start <= t.start and t.end <= ns]
    for k, t in enumerate(toks):
        if not t.word.endswith(heads) or k + 1 >= len(toks) or not toks[k + 1].flag.startswith("v"):
            continue
        first = k
        while first > 0 and toks[first - 1].flag in ("n", "nz", "vn") and len(toks[first - 1].word) > 1 \
                and k - first < 2:
            first -= 1
        opener = toks[first - 1] if first > 0 else None
        if opener is not None and len(opener.word) > 1 and opener.flag.startswith(("n", "v", "a", "b", "j")) \
                or opener is not None and opener.flag.startswith("u"):
            continue  # 助力数字经济核心产业增加值…: a noun phrase inside a longer one
        seg = sent.text[toks[first].start:t.end]
        if len(seg) > max(len(h) for h in heads if t.word.endswith(h)) + 1:
            return seg
    return None


def _arrival_of(sent: _Sentence) -> int | None:
    """Where a sentence opening "X(、Y)的落地/入驻…" ends its subject, else None."""
    nouns = gazetteer().arrival_nouns
    text = sent.text
    for x in sent.mentions:
        if x.kind not in ("organization", "name"):
            continue
        rest = text[x.end:x.end + 12]
        cut = rest.find("的")
        if cut < 0 or any(ch in rest[:cut] for ch in ",，;；:：。"):
            continue
        noun = next((w for w in nouns if rest.startswith(w, cut + 1)), None)
        if noun is None or not _subject_like(sent, x, []):
            continue
        end = x.end + cut + 1 + len(noun)
        following = next((t for t in sent.tokens if t.start >= end), None)
        if following is None or not following.flag.startswith("n"):  # 落地项目 is a kind of project
            return x.end + cut + 1
    return None


def _speaker_org(sent: _Sentence) -> str | None:
    """The organisation of a person the sentence quotes (中科慧拓(北京)科技有限公司首席执行官陈龙透露)."""
    titles = tuple(gazetteer().person_titles)
    for x in sent.mentions:
        if x.kind == "organization" and any(w in sent.text[x.end:x.end + 12] for w in titles):
            return x.name
    return None


def _local_branch(sent: _Sentence, org: Mention, ctx: EntityContext, ns: int) -> str | None:
    """ORG在PLACE的… (小米在武汉的布局, 小米在当地的产业闭环): the place of the company's local operations;
    not when the number itself follows (宁德时代在华北地区的首座电池工厂: a rank within the place)."""
    text = sent.text
    if not text.startswith("在", org.end):
        return None
    place = next((x for x in sent.mentions if x.start == org.end + 1 and x.kind in ("place", "reference")), None)
    end = place.end if place is not None else -1
    end += 2 if text.startswith(("地区", "市场"), end) else 0
    if place is None or not text.startswith("的", end) or ns == end + 1:
        return None
    if place.kind == "reference":
        return resolve_reference(place, ctx) if place.ref_kind == "place" else None
    return place.name


_SCOPE_HEADS = ("市场", "地区")


def _scoped_owner(sent: _Sentence, place: Mention, owners: list[Mention], ctx: EntityContext) -> str | None:
    """在拉美和中东市场稳居第二, of a company named before: 小米(拉美、中东市场), the company in a
    narrower scope, written the way the guidelines write scopes."""
    owner = next((x for x in reversed(owners) if x.kind in ("organization", "name")), None)
    name = _name_of(owner, sent, ctx) if owner else None
    if not name:
        return None
    text = sent.text
    group = [place]  # the places conjoined with this one (拉美和中东, 欧洲、东南亚和非洲)
    for x in reversed([m for m in sent.mentions if m.end <= place.start and m.kind == "place"]):
        if text[x.end:group[0].start] in ("和", "、", "与", "及"):
            group.insert(0, x)
        else:
            break
    head = next((h for h in _SCOPE_HEADS if text.startswith(h, place.end)), "")
    if text.startswith("的", place.end + len(head)):
        return None  # 在华北地区的首座电池工厂: the place qualifies a noun, not the owner
    return f"{name}({'、'.join(x.name for x in group)}{head})"


def _name_of(pick: Mention, sent: _Sentence, ctx: EntityContext) -> str | None:
    if pick.kind == "reference" and pick.ref_kind == "speaker" and ctx.sentence_speaker:
        ctx.speaker_org = ctx.sentence_speaker  # 我们: the quoted person's organisation
    if pick.kind == "reference":  # the same sentence first (召开“…大会”,大会共签约…), then the document
        same = [x for x in sent.mentions if x.end <= pick.start and x.kind == pick.ref_kind]
        if pick.ref_kind == "speaker" and ctx.speaker_org:
            same = []
        if same:
            return _name_of(same[-1], sent, ctx)
        following = sent.text[pick.end:pick.end + 2]
        phase = following if pick.ref_kind == "facility" and following in gazetteer().facility_phase else ""
        return resolve_reference(pick, ctx, sent.text[pick.start:pick.end], phase)
    if pick.kind == "event":  # a shortened event name (投资促进大会) is the full one named before
        full = next((e for e in reversed(ctx.events) if e != pick.name and e.endswith(pick.name)), None)
        return full or pick.name
    if pick.kind == "product":  # 玄戒O1 -> 小米玄戒O1: the maker named before it, else the article's company
        orgs = [x for x in sent.mentions if x.kind == "organization" and x.end <= pick.start]
        owner = orgs[-1].name if orgs else ctx.topic_org
        return pick.name if not owner or pick.name.startswith(owner) else owner + pick.name
    if pick.kind == "facility":
        name = _complete(pick, sent, ctx)
        if name not in ctx.facilities:
            ctx.facilities.append(name)
        return name
    return pick.name


def _complete(pick: Mention, sent: _Sentence, ctx: EntityContext) -> str:
    """A facility's full name, its owner and place taken from the sentence when it names them."""
    orgs = [x for x in sent.mentions if x.kind in ("organization", "name") and x.end <= pick.start]
    orgs = orgs[-1:] or [x for x in sent.mentions if x.kind in ("organization", "name") and x is not pick]
    places = [x for x in sent.mentions if x.kind == "place" and x.end <= pick.start]
    # 在泰国曼谷,小米区域总部…: the place the sentence opens in locates an owner's facility too
    locative = places[-1].name if places and _after_preposition(sent, places[-1]) else None
    place = places[-1].name if places else None
    if place is None:  # 小米在当地的产业闭环…,万人研发中心: the place 当地 points to
        here = [x for x in sent.mentions if x.kind == "reference" and x.ref_kind == "place" and x.end <= pick.start]
        place = resolve_reference(here[-1], ctx) if here else None
    return complete_facility(pick, ctx, orgs[0].name if orgs else None, place, locative_place=locative)


def _period_evidence(text: str, expr: TimeExpr, published) -> str:
    said = text[expr.start:expr.end]
    if expr.period is None:
        return f"{said} -> undated"
    if expr.relative is not None or expr.kind in ("years_back", "years_ahead") or expr.year is None:
        return f"{said} -> {expr.period} (published {published})"
    return f"{said} -> {expr.period}"
