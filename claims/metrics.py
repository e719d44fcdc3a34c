"""Metrics: what a number measures, as a short phrase in the text's own words.

The phrase comes from the clause around the number: the words to its left (after
the last cut word, entity or time expression, without the link verb before the
number: 武汉地区生产总值达到2.1万亿元 -> 地区生产总值), or the noun phrase to its right
when the number is the object of a verb (拥有超140万在校大学生 -> 在校大学生). A
bare growth phrase takes the measure stated before it (营收…,同比增长15.3% ->
营收同比增长); a rank gets its scope and 排名 (位居全国第9 -> 地区生产总值全国排名).

For the conflict engine: canonical_metric() merges wordings of one measure through
data/metric_synonyms.yaml, and metric_tokens() splits a metric into comparable words.
"""
from __future__ import annotations

import re
from functools import lru_cache

from pydantic import BaseModel

from numcheck.claims.cuefiles import cached
from numcheck.claims.entities import Token, names_dictionary
from numcheck.claims.segment import cut_words


_MAX_METRIC = 20  # characters: 规模以上工业企业人工智能应用覆盖率 is 17


class MetricSynonyms(BaseModel):
    synonyms: dict[str, list[str]]
    same_measure: dict[str, list[str]] = {}
    growth_words: list[str]
    filler_words: list[str]
    link_words: list[str]
    verb_words: list[str]
    cut_words: list[str]
    rank_words: list[str]
    rank_suffix: str
    scope_words: list[str]
    generic_words: list[str] = []
    measure_words: list[str] = []
    unit_words: list[str]
    next_measure_words: list[str] = []
    growth_rate_word: str = ""
    distinct_growth_words: list[str] = []
    growth_surface: dict[str, list[str]] = {}


def lexicon() -> MetricSynonyms:
    return cached("metric_synonyms.yaml", MetricSynonyms)


# ------------------------------------------------------------------ canonical forms


@lru_cache(maxsize=2)
def _synonym_index(for_matching: bool = True) -> tuple[re.Pattern, dict[str, str]]:
    """Variant -> canonical. For matching, also the `same_measure` wordings, which a claim
    keeps as written (营业总收入) but the checker compares as one measure."""
    table: dict[str, str] = {}
    groups = [lexicon().synonyms] + ([lexicon().same_measure] if for_matching else [])
    for group in groups:
        for canonical, variants in group.items():
            table.setdefault(canonical.lower(), canonical)
            for v in variants:
                table.setdefault(v.lower(), canonical)
    alt = "|".join(re.escape(w) for w in sorted(table, key=len, reverse=True))
    return re.compile(alt, re.IGNORECASE), table


@lru_cache(maxsize=4096)
def canonical_metric(metric: str) -> str:
    """One spelling per measure: 研发费用 -> 研发投入, 营收同比增长 -> 营业收入同比增长."""
    if not metric:
        return metric
    text = " ".join(metric.split()).lower() if metric.isascii() else "".join(metric.split())
    pattern, table = _synonym_index()
    return _canonical_growth(pattern.sub(lambda m: table[m.group(0).lower()], text))


def _canonical_growth(metric: str) -> str:
    """同比增长, 按年增长, 增长, 成长 of one measure are one growth rate (营业收入增速); average
    annual and period-on-period growth (年均增长, 环比增长) stay apart."""
    growth, distinct, rate = _growth_tail()
    if not rate or metric.endswith(distinct):
        return metric
    m = growth.search(metric)
    return metric[: m.start()].rstrip() + rate if m and m.start() > 0 else metric


@lru_cache(maxsize=1)
def _growth_tail() -> tuple[re.Pattern, tuple[str, ...], str]:
    lex = lexicon()
    alt = "|".join(re.escape(w) for w in sorted(lex.growth_words, key=len, reverse=True))
    return re.compile(f"(?:{alt})$"), tuple(lex.distinct_growth_words), lex.growth_rate_word


def normalise_metric(metric: str | None) -> str | None:
    """The metric a claim carries: a whole-measure variant becomes its canonical wording,
    keeping a growth word after it (营收同比增长 -> 营业收入同比增长, 大学生 -> 在校大学生)."""
    if not metric:
        return metric
    _, table = _synonym_index(False)
    base, tail = metric, ""
    for w in sorted(lexicon().growth_words, key=len, reverse=True):
        if metric.endswith(w) and len(metric) > len(w):
            base, tail = metric[: -len(w)], w
            break
    canonical = table.get(base.lower())
    tail = _growth_surface().get(tail, tail)  # 同比增长, 按年增长, 成长 -> 增长
    return (canonical or base) + tail


@lru_cache(maxsize=1)
def _growth_surface() -> dict[str, str]:
    return {v: word for word, variants in lexicon().growth_surface.items() for v in variants}


@lru_cache(maxsize=4096)
def metric_tokens(metric: str) -> set[str]:
    """Comparable words of a metric after canonicalisation, fillers dropped.

    Known measures stay whole (在校大学生); the rest is cut by jieba without HMM.
    """
    if not metric:
        return set()
    names_dictionary()  # the gazetteer's and lexicon's words are in the dictionary
    canon = canonical_metric(metric)
    pattern, table = _synonym_index()
    fillers = set(lexicon().filler_words)
    words: set[str] = set()
    pos = 0
    for m in pattern.finditer(canon):
        words |= _cut(canon[pos:m.start()], fillers)
        words.add(table[m.group(0).lower()])
        pos = m.end()
    words |= _cut(canon[pos:], fillers)
    return words


def _cut(text: str, fillers: set[str]) -> set[str]:
    if not text.strip():
        return set()
    if text.isascii():
        return {w for w in re.findall(r"[a-z0-9&]+", text.lower()) if w not in fillers and len(w) > 2}
    return {w for w in cut_words(text) if w.strip() and w not in fillers}


# ------------------------------------------------------------------ extraction

_CLAUSE = re.compile(r"[,，;；。:：!?！？、\n()（）\[\]【】]|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff\d])")
_QUOTES = str.maketrans("", "", "“”\"'‘’「」『』《》")
_NOUNISH = {"n", "nz", "vn", "j", "eng", "b", "nr", "ns", "nt", "l", "an", "ng", "a", "nrt", "nrfg", "i", "k"}
_RIGHT_STOP = {"uj", "ul", "uz", "ug", "uv", "ud", "p", "c", "d", "r", "m", "x", "q", "f", "t", "y", "zg"}


def extract_metric(
    text: str,
    tokens: list[Token],
    num_start: int,
    num_end: int,
    *,
    blocked: list[tuple[int, int]],
    is_rank: bool = False,
    previous_metric: str | None = None,
    previous_base: str | None = None,
    enumerated: bool = False,
    is_duration: bool = False,
    numbers: list[tuple[int, int]] | None = None,
    language: str = "zh",
) -> tuple[str | None, str]:
    """The metric of text[num_start:num_end] (offsets in one sentence) and why.

    `blocked` are spans that never belong to a metric: other numbers, entities, times, cues.
    """
    lex = lexicon()
    if language == "en":
        return _english_metric(text, num_start, num_end, blocked)
    left_bound = _left_clause_start(text, num_start)
    right_bound = _right_clause_end(text, num_end)
    for s, e in blocked:  # the metric never reaches back over another number, entity or time
        if left_bound < e <= num_start:
            left_bound = max(left_bound, e)
    others = numbers if numbers is not None else blocked
    for s, e in others:  # nor forward over another number (70家湖北本地配套企业 keeps 湖北)
        if num_end <= s < right_bound:
            right_bound = min(right_bound, s)
    next_number = any(num_end <= s and not _CLAUSE.search(text, num_end, s) for s, _ in others)
    listed = _counts_a_list(text, left_bound, others)
    # a word cut across the bound keeps its part inside (去年全年收入: the time ends inside 全年收入)
    left_tokens = [t if t.start >= left_bound else Token(t.word[left_bound - t.start:], t.flag, left_bound, t.end)
                   for t in tokens if t.end > left_bound and t.end <= num_start
                   and (t.start >= left_bound or t.end - left_bound >= 2)]
    right_tokens = [t for t in tokens if t.start >= num_end and t.end <= right_bound]
    left, left_link, left_verb = _left_phrase(left_tokens, lex)
    right = _right_phrase(right_tokens)
    if right and next_number:  # 3个产业规模更超万亿元: 规模 is the measure of the next figure
        for w in sorted(lex.next_measure_words, key=len, reverse=True):
            if right.endswith(w) and len(right) - len(w) >= 2:
                right = right[: -len(w)]
                break
    if right and left and (all(t.flag == "ns" for t in left_tokens if t.word.strip() and t.word in left)
                           or any(e == left_bound for _, e in others)):
        # 辐射亚欧大陆40个国家: a place before the number is where, and 40个国家120个城市: the word after
        # the first number is its noun; the measure is the noun after the number
        left = ""
    head = _previous_clause_head(tokens, left_bound, blocked) or None  # the measure the clause before names
    if previous_metric is None:
        previous_metric = head
    if previous_base is None:
        previous_base = head
    if is_rank:
        listing = _ranking_list(text, _left_clause_start(text, num_start))
        if listing:  # 在赛迪顾问发布的数字经济百强市榜单中,居全国第9位
            previous_metric = listing
        return _rank_metric(text, left_tokens, right, previous_metric, lex)
    span = _from_to(text, left_bound, right_bound)
    if span:
        return normalise_metric(span), "from-to span"
    bounded = _bounded_action(right_tokens, blocked) if is_duration else ""
    if (enumerated or listed) and right:
        metric, why = right, "noun after an enumeration"  # 商业航天等四大…, 汽车、智能手机、智能家电3座大型智能工厂
    elif bounded and not (left and left.endswith(_DURATION_NOUNS)):
        return bounded, "what the duration bounds"  # 五年内突破10亿元, 两年时间把公司整体迁至武汉
    elif left and not left_verb:
        metric, why = left, "left of number"
    elif right:
        metric, why = right, "noun after number"
    elif left:
        metric, why = left, "left of number"
    elif left_verb and left_verb in lex.verb_words:
        metric, why = left_verb, "verb before number"  # 5年投入30亿元: the verb is all there is
    elif left_verb and previous_base and left_verb in lex.growth_words:
        return normalise_metric(previous_base + left_verb), f"growth of {previous_base}"  # 较2023年的…成长15.3%
    elif previous_metric:
        return previous_metric, f"same measure as {previous_metric} before it"  # 这一数据…飙升至30万辆
    else:
        head = _previous_clause_head(tokens, left_bound, blocked)
        if head:
            return head, "subject of the clause before"  # 北京新能源汽车产量就超越去年全年,达到31万辆
        return None, "no phrase"
    if previous_base and _only_growth(metric, lex):
        return normalise_metric(previous_base + metric), f"growth of {previous_base}"
    part = _part_of_whole(text, num_start, num_end, metric, right_bound)
    if part:
        return part, "share of a whole that is (X中N%为Y)"
    # the share clause opens at the clause start, before any name that bounds the phrase (占公司员工总数)
    share = _share_of(text, _left_clause_start(text, num_start), num_start, lex)
    if share and previous_base and not share.startswith(previous_base):
        return previous_base + share, f"share of {previous_base}"  # 研发人员1.86万人,占员工总数的43%
    return normalise_metric(metric), why


def _previous_clause_head(tokens: list[Token], clause_start: int, blocked: list[tuple[int, int]]) -> str:
    """The noun phrase opening the clause before `clause_start`."""
    prev = [t for t in tokens if t.end <= clause_start - 1]
    if not prev:
        return ""
    start = 0
    for i in range(len(prev) - 1, -1, -1):
        if prev[i].word in _BREAK_WORDS:
            start = i + 1
            break
    out = []
    lo = prev[start].start if start < len(prev) else 0
    # offsets inside a blocked span, from the clause on: one set, not a scan of `blocked` per token
    covered = {p for s, e in blocked if e > lo for p in range(max(s, lo), e)}
    for t in prev[start:]:
        if t.start in covered:
            if out:
                break
            continue
        if t.flag in _NOUNISH or t.flag.startswith("n") or t.word in _MEASURE_VERBS:
            out.append(t.word)
        elif out:
            break
    return "".join(out)[:_MAX_METRIC]


_QUALIFIER_WORDS = frozenset({"近", "约", "超", "逾", "超过", "接近", "将近", "不到", "不足", "达", "达到"})
_BREAK_WORDS = frozenset({",", "，", ";", "；", "、", ":", "：", "。"})
_EN_STOP = frozenset("""a an the of to in on at by for from with and or as is are was were be been its their his her
its this that these those more than over about around nearly almost up down rise rose fell grew increase increased
exceed exceeding reach reached reported posted said says will would could may aims aim plans plan targets target
expects expected some only just per cent percent yuan billion million trillion dollars usd cny rmb""".split())


def _english_metric(text: str, num_start: int, num_end: int, blocked) -> tuple[str | None, str]:
    """English: the content words nearest the number, before it in its clause, else after it."""
    left_bound = max([m.end() for m in re.finditer(r"[,;:()]", text[:num_start])] or [0])
    words = re.findall(r"[A-Za-z][A-Za-z-]*", text[left_bound:num_start])
    picked: list[str] = []
    for w in reversed(words):
        if w.lower() in _EN_STOP or w[0].isupper() and picked == [] and w.lower() not in ("ai", "gdp", "r&d"):
            if picked:
                break
            continue
        picked.insert(0, w.lower())
        if len(picked) == 3:
            break
    if not picked:
        m = re.search(r"[,;:()]", text[num_end:])
        tail = text[num_end:num_end + (m.start() if m else len(text))]
        for w in re.findall(r"[A-Za-z][A-Za-z-]*", tail):
            if w.lower() in _EN_STOP:
                if picked:
                    break
                continue
            picked.append(w.lower())
            if len(picked) == 3:
                break
    return (" ".join(picked), "English words near number") if picked else (None, "no phrase")


_NUMERAL_START = re.compile(r"\d")
_DURATION_NOUNS = ("周期", "时间", "时长", "期限", "工期", "用时", "历时", "耗时", "年限")  # 建设周期14个月
_DURATION_LEAD = ("时间", "内", "以内", "之内", "里", "来", "间", "的", "将", "要", "把", "就", "可", "能", "才", "便")


def _bounded_action(tokens: list[Token], blocked: list[tuple[int, int]]) -> str:
    """What a duration bounds: the words after it in its clause, without names and numbers."""
    words = []
    for t in tokens:
        if t.flag == "m" or _NUMERAL_START.match(t.word):
            break  # 五年内突破10亿元: the action stops at the next figure
        if not any(s <= t.start < e for s, e in blocked) and t.flag != "x" and t.word.strip():
            words.append(t.word.translate(_QUOTES))
    while words and (words[0] in _DURATION_LEAD or words[0] in _modality_words()):
        words.pop(0)
    if "的" in words:  # 6.5秒下线一台空调的行业纪录: the action ends at 的
        words = words[: words.index("的")]
    links = set(lexicon().link_words) | _modality_words()
    while len(words) > 1 and words[-1] in links:
        words.pop()
    return "".join(words)[:14]


def _counts_a_list(text: str, left_bound: int, others: list[tuple[int, int]]) -> bool:
    """汽车、智能手机、智能家电3座大型智能工厂: the number follows a list of names, and what it
    counts is named after it (unlike 项目148个、签约金额984.9亿元, a list of figures)."""
    if text[max(0, left_bound - 1):left_bound] != "、":
        return False
    start = max([m.end() for m in re.finditer(r"[,，;；。:：]", text[:left_bound])] or [0])
    return not any(start <= e <= left_bound for _, e in others)


def _share_of(text: str, start: int, num_start: int, lex: MetricSynonyms) -> str | None:
    """A clause that opens with 占 (占员工总数的43%) states a share of the measure before it."""
    clause = text[start:num_start].strip(" \"“”")
    if not clause.startswith("占"):
        return None
    words = clause.replace("的", "")
    links = sorted(lex.link_words, key=len, reverse=True)
    changed = True
    while changed and words:
        changed = False
        for w in links:
            if words.endswith(w) and len(words) > len(w) + 1:
                words, changed = words[: -len(w)], True
    return words[:_MAX_METRIC]


_SHARE_UNITS = ("%", "％", "成")
_IS_WORDS = ("为", "是", "来自")


def _part_of_whole(text: str, num_start: int, num_end: int, metric: str, right_bound: int) -> str | None:
    """员工中90%为本地招聘: the share of a whole (员工) that is something (本地招聘)."""
    if not text[num_start:num_end].endswith(_SHARE_UNITS) or text[num_start - 1:num_start] != "中" \
            or not metric:
        return None
    rest = text[num_end:right_bound].strip()
    verb = next((w for w in _IS_WORDS if rest.startswith(w)), None)
    if verb is None:
        return None
    what = rest[len(verb):].translate(_QUOTES).strip()[:8]
    return f"{metric}{what}占比" if what else None


def _left_clause_start(text: str, pos: int) -> int:
    last = 0
    for m in _CLAUSE.finditer(text):
        if m.end() > pos:
            break
        last = m.end()
    return last


def _right_clause_end(text: str, pos: int) -> int:
    m = _CLAUSE.search(text, pos)
    return m.start() if m else len(text)


_FROM_TO = re.compile(r"从([\u4e00-\u9fff]{1,6})到([\u4e00-\u9fff]{1,6}?)(?=[的仅只用历耗花共\d]|$)")


def _from_to(text: str, start: int, end: int) -> str | None:
    """从签约到投产 names what a duration measures (not 从十几人扩大到500人, a change of value)."""
    m = _FROM_TO.search(text, start, end)
    if not m or re.search(r"[\d一二两三四五六七八九十百千万亿几]", m.group(0)):
        return None
    return f"从{m.group(1)}到{m.group(2)}"


def _left_phrase(tokens: list[Token], lex: MetricSynonyms) -> tuple[str, bool, str]:
    """(phrase, ended in a link word, the verb it ended in, if any).

    A verb right before the number (实现 40亿元产值, 集成了约 190亿个晶体管) makes the number
    its object: the measure is then named after the number.
    """
    words = [t for t in tokens if t.word.strip() and t.word.translate(_QUOTES)]
    link = False
    verb = ""
    links, verbs = set(lex.link_words), set(lex.verb_words)
    possessive = False  # 研发总投入的50%: what stands before 的 is a noun phrase
    while words and (words[-1].word in links or (words[-1].word in verbs and not possessive)
                     or words[-1].flag in ("ul", "uz", "x", "d", "ad", "p")):
        w = words.pop()
        if w.word == "的":
            possessive = True
        if w.word in verbs and not verb:
            verb = w.word
        elif w.word in links:
            link = True
    if words and not link and not verb and words[-1].flag in ("v", "vg", "vd") and words[-1].word not in _MEASURE_VERBS:
        verb = words[-1].word
    cut = set(lex.cut_words)
    start = 0
    for i, t in enumerate(words):
        if t.word in cut or t.flag in ("p", "c", "uj", "r") or (t.word in verbs and i < len(words) - 1):
            start = i + 1
    kept = [t for t in words[start:] if not (t.word in _modality_words() and not t.flag.startswith("n"))]
    if not any((t.flag in _NOUNISH or t.flag.startswith("n") or t.word in _MEASURE_VERBS)
               and t.word not in lex.scope_words for t in kept):
        kept = []  # 宣布未来, 短短, 是全国: no measure named
    phrase = "".join(t.word for t in kept).translate(_QUOTES).strip()
    stripped = True
    while stripped:  # a link word cut apart by the segmenter (剑/指) still ends the phrase
        stripped = False
        for w in sorted((w for w in links if len(w) >= 2), key=len, reverse=True):
            if phrase.endswith(w) and len(phrase) - len(w) >= 2:
                phrase, link, stripped = phrase[: -len(w)], True, True
                break
    if phrase and len(phrase) > _MAX_METRIC:
        phrase = phrase[-_MAX_METRIC:]
    return phrase, link, verb


@lru_cache(maxsize=1)
def _modality_words() -> frozenset[str]:
    from numcheck.claims.modality import cues

    return frozenset(w for w in cues().cues if not w.isascii())


# verbs that name a measure when they end the phrase (同比增长5.4%, 资本开支达…)
_MEASURE_VERBS = frozenset({"增长", "下降", "增加", "减少", "提升", "提高", "下滑", "回落", "开支", "支出", "投入",
                            "交付", "下线", "出货", "销售", "签约", "成交", "融资", "纳税", "覆盖", "产能", "产量",
                            "产值", "营收", "增幅", "增速", "占比"})


def _right_phrase(tokens: list[Token]) -> str:
    out: list[str] = []
    seen_noun = False
    units = set(lexicon().unit_words)
    skipped_de = False
    prev_flag = ""
    for t in tokens:
        w = t.word.translate(_QUOTES)
        if t.word in units and not out:
            continue  # 412.6亿元人民币: the currency, not the measure
        if t.word == "的" and not out and not skipped_de:
            skipped_de = True  # 超5000P的高性能算力
            continue
        if not w.strip():
            if out:
                break
            continue
        if t.flag == "r" and out and prev_flag == "ns":
            out.append(w)  # 湖北本地配套企业
            prev_flag = t.flag
            continue
        prev_flag = t.flag
        if out and t.word in _QUALIFIER_WORDS:
            break  # 148个项目签约总金额近千亿元: a qualifier starts the next figure
        if t.flag in _RIGHT_STOP or t.word in ("以上", "左右", "多", "余", "级", "内", "以内", "以下"):
            if out or t.flag not in ("x",):
                if not out and t.word in ("以上", "左右", "多", "余", "级", "内", "以内", "以下"):
                    continue
                break
            continue
        if t.flag.startswith("v") and t.flag != "vn":
            if seen_noun:
                break
            out.append(w)
            if t.word in _MEASURE_VERBS or t.word in ("产能", "产量"):
                seen_noun = True
            continue
        if t.flag in _NOUNISH or t.flag.startswith("n"):
            out.append(w)
            seen_noun = True
            continue
        break
    while out and not seen_noun:
        out.pop()
    return "".join(out)[:_MAX_METRIC]


def is_growth(metric: str) -> bool:
    """A metric that names a growth rate (营业收入同比增长)."""
    return any(metric.endswith(w) for w in lexicon().growth_words)


def _only_growth(metric: str, lex: MetricSynonyms) -> bool:
    rest = metric
    for w in sorted(lex.growth_words, key=len, reverse=True):
        rest = rest.replace(w, "")
    return not rest.strip() and metric != rest


_LIST_CLAUSE = re.compile(r"在([^,，;；。]{2,40})[中里上]\s*[,，]\s*$")
_LIST_WORDS = ("排行榜", "榜单", "名单", "排名", "榜")


def _ranking_list(text: str, clause_start: int) -> str | None:
    """The list a rank is on, named in the clause before (在…发布的X榜单中): X."""
    m = _LIST_CLAUSE.search(text[:clause_start])
    if not m:
        return None
    inner = m.group(1).rsplit("的", 1)[-1].strip()
    for w in _LIST_WORDS:
        if inner.endswith(w) and len(inner) > len(w) + 1:
            return inner[: -len(w)]
    return None


def _rank_metric(text, left_tokens, right, previous_metric, lex) -> tuple[str | None, str]:
    scope_words = set(lex.scope_words)
    rank_words = set(lex.rank_words) | set(lex.link_words)
    words = [t.word for t in left_tokens if t.word.strip()]
    scope = ""
    while words and (words[-1] in rank_words or words[-1] in scope_words):
        w = words.pop()
        if w in scope_words and not scope:
            scope = w
    cut = set(lex.cut_words)
    start = 0
    for i, w in enumerate(words):
        if w in cut:
            start = i + 1
    base = "".join(words[start:]).translate(_QUOTES)
    if base in lex.generic_words and previous_metric:
        base = ""  # 在拉美和中东市场稳居第二: the ranking named before
    if base:
        why = "rank of phrase before it"
    elif right:
        base, why = right, "rank of noun after it"
    elif previous_metric:
        if previous_metric.endswith(lex.rank_suffix):
            return previous_metric, f"same ranking as {previous_metric}"
        base, why = previous_metric, f"rank of {previous_metric}"
    else:
        return (scope + lex.rank_suffix if scope else None), "rank"
    return base + scope + lex.rank_suffix, why
