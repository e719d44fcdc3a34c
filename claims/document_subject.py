"""The article's subject, and the entity of a number whose own clause names none.

News names its subject in the headline, mostly first (远澜航运2024年集装箱运量…, 康衡药业：…),
and then refers to it as 公司, 该市 or not at all. A number's entity is the subject of its own
clause (claims/subjects.py); where that is a reference, a backdrop (中国大陆航商…, a dateline
city), the source that reported the figure (统计局, 日报), a descriptor wrapped around the
subject's name (药企康衡药业) or nothing, the article's subject stands in, as the headline
names it in full in the body.

`document_subject(title, body)` finds it; `settle_entity` applies it to one number's entity.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Iterator

from pydantic import BaseModel, ConfigDict

from numcheck.claims.coined_names import coined_name, coined_name_start, coined_names_in, coined_stem
from numcheck.claims.entities import DECLARED_SHORT, DETERMINERS, gazetteer, without_ending
from numcheck.claims.lexicon import load_data


class EntityRoles(BaseModel):
    model_config = ConfigDict(extra="forbid")

    backdrops: list[str]
    source_endings: list[str]
    headline_stops: list[str]
    org_endings: list[str]
    company_measures: list[str] = []


@lru_cache(maxsize=1)
def roles() -> EntityRoles:
    return load_data("entity_roles.yaml", EntityRoles)


@lru_cache(maxsize=1)
def _backdrops() -> frozenset[str]:
    return frozenset(b.lower() for b in roles().backdrops)


def backdrop(name: str) -> bool:
    """Whether a name is a country or region named as background (中国, 海外, Europe)."""
    return name.lower() in _backdrops()


def backdrop_with_company_measure(entity: str | None, concept: str | None, facets: dict[str, str]) -> bool:
    """Whether a company's measure (净利润, 毛利率) was given to a country or region named as
    background (中国, Europe), with no segment to say whose part of it the figure is."""
    if not entity or not concept or "segment" in facets:
        return False
    return entity.lower() in _backdrops() and concept.split("/")[0] in roles().company_measures


# entity evidence (subjects.py) that says the entity came from elsewhere than the number's own sentence
CARRIED_ENTITY = ("document topic", "earlier sentence", "previous sentence", "其中 continues")


def _borrowed(why: str) -> bool:
    """The entity came from elsewhere than the number's own sentence (the old topic count, an
    earlier sentence), or from nowhere."""
    return not why or why.startswith(CARRIED_ENTITY)


@lru_cache(maxsize=1)
def _stop_pattern() -> re.Pattern:
    words = sorted(roles().headline_stops, key=len, reverse=True)
    return re.compile(r"\d|[０-９]|" + "|".join(re.escape(w) for w in words))


_HAN = re.compile(r"[\u4e00-\u9fff]+")


def _org_ending(name: str) -> str | None:
    """The organisation ending `name` ends with (the longest), else None; None too when what
    precedes it is itself an ending (汽车电子, 新能源汽车: a line of business, not a name). No regular
    expression is built per name: the alternation of all endings is costly to compile, and names vary."""
    ending = next((e for e in _org_endings_longest_first() if name.endswith(e)), None)
    if ending is not None and (len(name) == len(ending) or name[:-len(ending)] in _org_endings_set()):
        return None  # 新能源 alone is a line of business, no name
    return ending


@lru_cache(maxsize=1)
def _org_endings_set() -> frozenset[str]:
    return frozenset(_org_endings_longest_first())


def _written_with_ending(name: str, body: str) -> bool:
    """Whether the body writes `name` followed by an organisation ending (青梧 as 青梧县)."""
    endings = _org_endings_longest_first()
    return any(body.startswith(endings, at + len(name)) for at in _found_at(body, name))


def _found_at(body: str, word: str) -> Iterator[int]:
    """Each offset at which `body` writes `word`."""
    at = body.find(word)
    while at >= 0:
        yield at
        at = body.find(word, at + 1)


@lru_cache(maxsize=1)
def _org_endings_longest_first() -> tuple[str, ...]:
    """entity_roles.yaml's org_endings (venues, facilities, places) and the gazetteer's business
    endings (乳业, 重工, 集成...), kept in one place there."""
    from numcheck.claims.entities import gazetteer

    return tuple(sorted({*roles().org_endings, *gazetteer().org_suffixes}, key=len, reverse=True))


@lru_cache(maxsize=1)
def _org_ending_pattern() -> re.Pattern:
    return re.compile("|".join(map(re.escape, _org_endings_longest_first())))


_TRAILING_TIME = re.compile(r"(?:全年|年度|上半年|下半年|前三季度|季度|年|月)$")


def _headline_names(title: str) -> list[str]:
    """Leading names of the headline's parts (远澜航运2024年… -> 远澜航运; 双十一收官：禾购GMV… ->
    双十一收官, 禾购): the Chinese run at the start of each part, up to a stop word or a figure."""
    from numcheck.claims.measures import lexicon

    names = []
    for part in re.split(r"[：:｜|　\s,，!！?？“”\"]+", title):
        run = _HAN.match(part)
        if not run:
            continue
        name = run.group(0)
        if "的" in name[1:]:  # 一票难求的霁博: the head noun follows the last 的
            name = name[name.rindex("的") + 1:]
        lead = _stop_pattern().match(name)
        while lead and lead.end() > 0 and not lead.group(0).isdigit():  # 一季度嵩湾枢纽…: the name follows the time word
            name = name[lead.end():]
            lead = _stop_pattern().match(name)
        stop = _stop_pattern().search(name)
        if stop:
            name = name[:stop.start()]
        # a measure inside an organisation's name (图书 in 澄江图书馆) does not end it
        named = [m.end() for m in _org_ending_pattern().finditer(name)]
        measure = lexicon().zh.search(name, named[-1] if named else 0)
        if measure and measure.start() < 2:
            continue  # the part opens with a measure (运力挤进全球前十): it names no subject
        if measure:
            name = name[:measure.start()]
            # 绿驰公共充电桩…: a facet word right before the measure (公共, 海外) narrows it, no part of the name
            facet = next((f for f in lexicon().facet_zh.finditer(name) if f.end() == len(name) and f.start() >= 2), None)
            if facet is not None:
                name = name[:facet.start()]
        name = _TRAILING_TIME.sub("", name)  # 栖鹭机场年客流量: 年 is the measure's period, not the name's
        if name.startswith("陆") and len(name) >= 4 and name.endswith(("市", "省", "县")):
            name = name[1:]  # a Taiwanese headline's 陆 (mainland) before a mainland place: 陆蔺阳市
        if any(w in name for w in gazetteer().comparison_words):
            continue  # 降幅大于同业朔川银行: the name a part compares with is not its subject
        coined_at = coined_name_start(name)
        if coined_at is not None:
            name = name[coined_at:]  # 陆客车大厂崟骢: a description before a coined name is no part of it
        if 2 <= len(name) <= 12 and name not in gazetteer().scope_words:  # 国际客流…: a scope, no subject
            names.append(name)
    return names


# a company's factory or base is a sub-entity of its own, never the company's full name
_FACILITY_ENDINGS = ("工厂", "基地", "园区", "中心", "平台", "港", "港口", "码头", "机场")


def _written_as_place(stem: str, text: str) -> bool:
    """Whether the text writes the stem with an administrative ending (枫陵市): a place's, no company's."""
    return any(stem + ending in text for ending in "省市县区")


def _described_business(stem: str, text: str) -> str | None:
    """The line of business the text names right before a coined name it never writes in full
    (陆系连锁酒店集团燊蓂 -> 酒店), the one written most often; None when there is none."""
    from numcheck.claims.entity_keys import suffixes

    from numcheck.claims.segment import dictionary

    lines = sorted(suffixes().business_words, key=len, reverse=True)
    said: Counter[str] = Counter()
    for at in _found_at(text, stem):
        run = _HAN_BEFORE.search(text, max(0, at - 10), at)
        if run is None:
            continue
        found = next((w for w in lines if w in run.group(0)), None)
        head = _DESCRIBED_LINE.search(run.group(0))  # 客车龙头崟骢: the noun before the kind of firm
        if found is None and head and dictionary().tags.get(head.group(1), "").startswith("n"):
            found = head.group(1)
        if found:
            said[found] += 1
    return said.most_common(1)[0][0] if said else None


_DESCRIBED_LINE = re.compile(r"([\u4e00-\u9fff]{2})(?:龙头|大厂|巨头|企业|厂商|集团|公司|品牌|股)")


def document_subject(title: str, body: str) -> str | None:
    """The article's subject: a headline name the body repeats, as an organisation or a place
    (a name with such an ending, or written with one in the body), in the fullest form the body
    writes it (嵩湾枢纽 in the headline, 嵩湾航空物流枢纽 in the body; 青梧 and 青梧县)."""
    best, best_count = None, 0
    for said in _headline_names(title):
        name = _in_body(said, body)
        if name is None:
            continue
        coined = coined_name(name) and not _written_as_place(name[:2], title + body)  # 枫陵新屋: 枫陵市's
        if not (_org_ending(name) or _written_with_ending(name, body) or coined
                or _proper_name(name) and (title + body).count(name) >= 2):
            continue  # a common word with no organisation's or place's ending (人工智能): no subject
        count = body.count(name)
        if count > best_count:
            best, best_count = name, count
    if best is None:
        return None
    if coined_stem(best) and not _written_as_place(best, body):
        # 崟骢 in the headline, 崟骢客车 in the body: the coined name with its business
        written = Counter(m.name for m in coined_names_in(body[:3000]) if m.name.startswith(best))
        if written:
            return written.most_common(1)[0][0]
        described = _described_business(best, title + "\n" + body[:3000])
        if described:
            return best + described  # 连锁酒店集团燊蓂 and never 燊蓂酒店: the line its description names
    short = next((m.group(2) for m in DECLARED_SHORT.finditer(title + "\n" + body)
                  if best in m.group(1) and len(m.group(2)) >= 2
                  and best.startswith(without_ending(m.group(2)) or m.group(2))), None)
    if short is not None:
        # 绿驰新能源科技股份有限公司（简称“绿驰”）: the short name the text declares and uses, as other
        # outlets write it (an abbreviation that is no start of the name, 霁博, stands for the full one)
        return short
    full = _full_form(best, body) if len(best) >= 4 else None
    if full is not None:
        return full
    if _org_ending(best):
        return best
    # 远澜 in the headline, 远澜航运 in the body; 青梧 and 青梧县: the body's most frequent full form
    from numcheck.claims.segment import dictionary

    # a known place (武汉): its administrative name, never 武汉大学
    ending = _fuller_ending(dictionary().tags.get(best) == "ns")
    fuller = Counter(best + m.group(0) for m in (ending.match(body, at + len(best)) for at in _found_at(body, best))
                     if m)
    return fuller.most_common(1)[0][0] if fuller else best


@lru_cache(maxsize=2)
def _fuller_ending(place: bool) -> re.Pattern:
    """The endings a headline name's fuller form adds (省/市/县 for a place, an organisation's
    otherwise), not one that starts another word (市长, 市委, 市政府, 市场)."""
    names = "省|市|县" if place else "|".join(
        re.escape(e) for e in _org_endings_longest_first() if e not in _FACILITY_ENDINGS)
    return re.compile(rf"(?:{names})(?![\u4e00-\u9fff]?(?:长|委|政府|场))")


def _proper_name(word: str) -> bool:
    """A word the segmenter's dictionary does not hold as a common word (禾购, 霁博): a name."""
    from numcheck.claims.segment import cut_words, dictionary

    if len(word) > 4:
        return False  # a phrase the dictionary lacks is not therefore a name (武汉召开投资促进大会)
    tags = dictionary().tags
    if tags.get(word) not in (None, "nr", "ns", "nt", "nz", "nrt"):
        return False  # a common word (人工智能)
    # 禾购 and 霁博 are unknown; 武汉拥有 holds a verb of two characters; 句子里有 a common noun and more
    words = cut_words(word)
    if len(words) > 1 and any(len(w) > 1 and tags.get(w) in ("n", "t", "r", "m", "f") for w in words):
        return False  # a common noun, a time word (去年), a pronoun or a numeral and more
    return not any(len(w) > 1 and (tags.get(w) or "").startswith(("v", "d", "p", "c", "u")) for w in words)


_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
# words that stand between a name and what follows it, never inside a name (华岳上半年国内水泥…)
_NOT_IN_A_NAME = re.compile(r"[年月日季]|上半|下半|国内|海外|全年|今年|去年|同比")


def _han_runs_at(body: str, start: str, longest: int) -> list[str]:
    """The Chinese text at each place the body writes `start`, up to `longest` characters (no
    pattern is compiled per name: headline names vary by document)."""
    return [run.group(0)[:longest] for run in (_HAN_RUN.match(body, at) for at in _found_at(body, start)) if run]


def _in_body(said: str, body: str) -> str | None:
    """The body's form of a headline name: itself; else a longer name with its first two
    characters and its ending (嵩湾枢纽 -> 嵩湾航空物流枢纽); else its longest start the body writes."""
    defined = next((m for m in DECLARED_SHORT.finditer(body) if m.group(2) == said), None)
    if defined and _org_ending(defined.group(1)):
        # 霁川博物院（简称“霁博”）: the name the abbreviation stands for, from its first character on
        run = defined.group(1)
        start = run.rfind(said[0], 0, len(run) - 1)
        if start >= 0:
            return run[start:]
    if said in body:
        return said
    tail = _org_ending(said)
    if tail:
        full = [run[:run.find(tail, 2) + len(tail)] for run in _han_runs_at(body, said[:2], 2 + 6 + len(tail))
                if 0 <= run.find(tail, 2) <= 2 + 6 and not _NOT_IN_A_NAME.search(run, 2, run.find(tail, 2))]
        if full:
            return max(full, key=len)
    for cut in range(1, len(said) - 2):  # 陆校衡璟大学: a descriptor before the name the body writes
        rest = said[cut:]
        if rest in body and _org_ending(rest):
            return rest
    name = said
    while len(name) > 2 and name not in body:
        name = name[:-1]
    if name in body:
        return name
    # an abbreviation (霁博 for 霁川博物院): a body name with its characters in order and an ending
    full = []
    for run in _han_runs_at(body, said[0], 11):
        # the shortest name there that ends like an organisation (or a part of one: 东馆) and holds
        # the abbreviation's characters in order
        ends = [e.end() for e in _org_ending_pattern().finditer(run)]
        name = next((run[:k] for k in ends if _in_order(said, run[:k])), None)
        if name:
            full.append(name)
    return Counter(full).most_common(1)[0][0] if full else None


_EN_NAME = re.compile(r"(?:[A-Z][a-z]+|[A-Z]{2,})(?:\s+(?:of\s+)?(?:[A-Z][a-z]+|[A-Z]{2,}))*")


# capitalised only because they open a headline or a sentence
_EN_FUNCTION_WORDS = {"of", "the", "a", "an", "in", "on", "at", "for", "by", "with", "as", "from", "this", "that",
                      "its", "it", "our", "we", "after", "amid", "how", "why", "what", "when", "new", "top"}


_EN_TIME_WORDS = {"january", "february", "march", "april", "may", "june", "july", "august", "september",
                  "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
                  "sept", "oct", "nov", "dec", "q1", "q2", "q3", "q4", "h1", "h2", "first", "second", "third",
                  "fourth", "quarter", "half", "annual", "monday", "tuesday", "wednesday", "thursday", "friday",
                  "saturday", "sunday"}


def english_subject(title: str, body: str) -> str | None:
    """An English article's subject: the first capitalised name of its headline, not a
    backdrop (China, Chinese), that the body writes too (Hegou's Singles Day sales …, Chinese city
    of Jialan unveils …, Visitors flock to China's Jichuan Museum …)."""
    from numcheck.claims.measures import lexicon

    backdrops = _backdrops()
    measures = lexicon().en
    for m in _EN_NAME.finditer(title):
        low = title.lower()
        if measures is not None and measures.match(low, m.start()):
            continue  # Foreign investment in Ronghai falls …: a measure, capitalised opening the headline
        words = m.group(0).split()
        while words and (words[0].lower() in backdrops or words[0].lower() in _EN_FUNCTION_WORDS):
            words.pop(0)
        while len(words) > 1 and words[-1].lower() in _EN_TIME_WORDS:
            words.pop()  # Chilan Auto October deliveries …: the month is no part of the name
        name = " ".join(words)
        # the body may write the name longer (Kangheng Pharma's … Kangheng Pharmaceutical said)
        if len(name) >= 3 and name.lower() not in backdrops and re.search(rf"\b{re.escape(words[0])}\b", body):
            return name
    return None


def settle_english(entity: str | None, why: str, subject: str | None, sentence: str) -> tuple[str | None, str]:
    """settle_entity for an English sentence: the subject where the entity came from elsewhere
    (a dateline city, the topic, an earlier sentence) or is a backdrop (China); a name the
    sentence itself gives stays."""
    from numcheck.claims.entity_keys import entity_key

    if not subject or entity == subject or (entity and entity_key(entity) == entity_key(subject)):
        return entity, why
    if entity is None or _borrowed(why) or entity.lower() in _backdrops():
        return subject, f"the article's subject ({entity}: {why})" if entity else "the article's subject"
    return entity, why


def _short_form(entity: str, subject: str) -> bool:
    """嵩湾枢纽 or 霁博 for 嵩湾航空物流枢纽 or 霁川博物院: the same first character, the rest in order,
    and not a start of the name (星联通信 is the parent of 星联通信澄岭分公司, not its short name).
    栖鹭机场 for 芫城栖鹭国际机场: the city before the name dropped, the same ending kept."""
    if not (2 <= len(entity) < len(subject)) or subject.startswith(entity) \
            or not _HAN.fullmatch(entity) or entity[-1] in "市省县区":
        return False
    if entity[0] != subject[0] and not (len(entity) >= 4 and entity[:2] in subject[1:] and entity not in subject
                                        and entity[-2:] == subject[-2:] and entity[-2:] != entity[:2]):
        return False
    return _in_order(entity, subject)


# words a name never starts after within a run of Han characters: grammar, time and verbs
_BEFORE_NAME_TAGS = ("m", "t", "p", "c", "u", "d", "r", "f")


def _full_form(name: str, body: str) -> str | None:
    """The longest name the body writes of which the headline's `name` is a short form (栖鹭机场 in
    the headline, 2025年芫城栖鹭国际机场共完成… in the body: 芫城栖鹭国际机场)."""
    from numcheck.claims.segment import cut_words, dictionary

    tags = dictionary().tags
    best = None
    for at in _found_at(body, name[-2:]):
        end = at + 2
        run = _HAN_BEFORE.search(body, max(0, end - 14), end)
        if run is None:
            continue
        words = cut_words(run.group(0))
        start = 0
        for k, w in enumerate(words):  # the name starts after the last grammar word or verb
            if tags.get(w, "x").startswith(_BEFORE_NAME_TAGS) or (len(w) >= 2 and tags.get(w, "").startswith("v")):
                start = k + 1
        candidate = "".join(words[start:])
        place = candidate[:-len(name)] if candidate.endswith(name) else ""
        # 澄州霁阳国际机场 for 霁阳国际机场: the city before the name is part of the full name
        placed = 2 <= len(place) <= 4 and (place[-1] in "市州省县" or tags.get(place) == "ns")
        if (placed or _short_form(name, candidate)) and (best is None or len(candidate) > len(best)):
            best = candidate
    return best


_HAN_BEFORE = re.compile(r"[\u4e00-\u9fff]+$")


def _in_order(chars: str, name: str) -> bool:
    """Whether `name` holds the characters of `chars` in their order (霁博 in 霁川博物院)."""
    at = 0
    for ch in chars:
        at = name.find(ch, at) + 1
        if at == 0:
            return False
    return True


def _modifies(place: str, subject: str, sentence: str) -> bool:
    """Whether `sentence` writes the place as a modifier of the subject: the place, at most four
    more characters, 的, the subject (中国大陆的衡璟大学)."""
    at = sentence.find(place)
    while at >= 0:
        after = at + len(place)
        for de in range(after, min(after + 5, len(sentence))):
            if sentence[de] == "的":
                if _HAN.fullmatch(sentence[after:de] or "的") and sentence[de + 1:].lstrip().startswith(subject):
                    return True
                break
        at = sentence.find(place, at + 1)
    return False


def home_place(source: str | None) -> str | None:
    """The place a local outlet is named after (苍澜日报 -> 苍澜, 江屿省统计局 -> 江屿): what its
    我省 or 我市 means. None when the source ends in no source ending or leaves no short name."""
    if not source:
        return None
    name = source.strip()
    ending = next((e for e in _source_endings() if name.endswith(e)), None)
    stem = re.sub(r"[省市县区]$", "", name[: -len(ending)]) if ending else ""
    return stem if 2 <= len(stem) <= 3 and _HAN.fullmatch(stem) and _proper_name(stem) else None  # not 国家


@lru_cache(maxsize=1)
def _source_endings() -> tuple[str, ...]:
    return tuple(sorted(roles().source_endings, key=len, reverse=True))


def _is_source(name: str) -> bool:
    return name.endswith(_source_endings())


_GENERIC_HEADS = ("平台", "企业", "公司", "机构", "部门", "行业", "市场", "领域", "厂商", "品牌", "商家", "运营商")


def _introduced_org(name: str, why: str) -> bool:
    """A name the document introduces that ends in an organisation word or an administrative one
    (鼎丰保险: 鼎丰 is also a dictionary word, but with 保险 it names a rival insurer; 屿州市)."""
    g = gazetteer()
    if why.startswith("suffix:") and any(name.endswith(x) and len(name) - len(x) >= 2 for x in g.institution_suffixes):
        return True  # 星野乐园: common words before a venue ending still name the venue
    return why.startswith("document name") and any(
        name.endswith(x) and len(name) - len(x) >= 2 for x in (*g.hard_org_suffixes, *g.org_suffixes, "市", "省", "县"))


def _common_phrase(name: str) -> bool:
    """A phrase of common words (内地电商平台, 省能源, 明显增加头部平台): a description, not a name.
    Every word is one the dictionary knows; a name tag counts only when the phrase does not end
    in a generic head noun (平台, 企业) that only descriptions end in."""
    from numcheck.claims.segment import cut_words, dictionary

    tags = dictionary().tags
    words = [w for w in cut_words(name) if w.strip()]
    if not words or any(w not in tags for w in words) or coined_name(name):
        return False
    if len(words) > 2 and words[-1] in ("市", "省", "县", "区", "镇") and all(len(w) == 1 for w in words[:-1]):
        return False  # 榕/川/市: an unknown place name falls apart into characters, a description into words
    # a place or an organisation among its words makes it a name (武汉算力公共服务平台)
    generic_head = (name.endswith(_GENERIC_HEADS) and len(words) > 1
                    and not any(tags[w] in ("ns", "nt", "nz") for w in words))
    return generic_head or all(tags[w] not in ("nr", "ns", "nt", "nz", "nrt") for w in words)


def _place_in_clause(before: str) -> str | None:
    """A city or county the number's clause names (屿州市) that the name finder did not know:
    two or three characters the dictionary holds as no common word, then 市 or 县."""
    from numcheck.claims.segment import dictionary

    tags = dictionary().tags
    for clause in reversed(re.split(r"[，,；;。：:]", before)):  # (…常住人口865.2万人，城镇化率72.8%: still its)
        found = _city_in(clause, tags)
        if found:
            return found
    return None


def _city_in(clause: str, tags) -> str | None:
    for m in re.finditer(r"([\u4e00-\u9fff]{2,5})([市县])(?=[\u4e00-\u9fff])", clause):
        run, at = m.group(1), m.start(1)
        # the name starts where a known word before it ends (省会|屿州市), else with the run
        for cut in range(len(run) - 1):
            stem = run[cut:]
            before_stem = clause[:at + cut]
            if len(stem) < 2 or len(stem) > 3 or stem[-1] in DETERMINERS + "我" or "的" in stem \
                    or (stem[-1] != "城" and (stem[-1] + m.group(2)) in tags):
                continue  # 全县, 该市: the place spoken of, not a name (相邻的澫城市: 的 ends what describes
                # it; 季度楼市: 楼市 is a word, the property market; 聊城市 is a city all the same)
            known_before = any(len(w) == n and w in tags for n, w in ((2, before_stem[-2:]), (3, before_stem[-3:])))
            if (known_before or before_stem.endswith("的") or (cut == 0 and at == 0)) and _proper_name(stem):
                return stem + m.group(2)
    return None


def settle_entity(entity: str | None, why: str, subject: str | None,
                  sentence: str = "") -> tuple[str | None, str]:
    """The entity of one number, with the article's subject standing in where the clause gave
    a backdrop, a source, a description, a descriptor around the subject's name, or nothing."""
    place = _place_in_clause(sentence) if (entity is None or _borrowed(why)) else None
    if place is not None and (not subject or not subject.startswith(place[:2])):
        return place, f"place named in the clause ({place})"  # 省会屿州市充电桩保有量…: an unknown city
    if not subject:
        return entity, why
    if entity is None:
        return subject, "the article's subject (its headline names it)"
    from numcheck.claims.entity_keys import name_core

    if entity == subject or name_core(entity) == name_core(subject):
        # 小米 and 小米集团: one entity, as the clause writes it; 禾购集团平台 is its platform's wording
        return (subject if entity.endswith("平台") and len(subject) < len(entity) else entity), why
    if why.startswith("document topic"):
        return subject, f"the article's subject (over the topic count: {entity})"
    own_clause = any(k in why for k in ("clause subject", "in clause"))
    if entity.lower() in _backdrops() and not own_clause:
        return subject, f"the article's subject ({entity} is a backdrop: {why})"
    clause = re.split(r"[，,；;。：:]", sentence)[-1]
    if entity.lower() in _backdrops() and (
            _modifies(entity, subject, sentence)
            or (subject in clause and clause.find(subject) < clause.find(entity))):
        # 中国大陆的衡璟大学; 鸣禾Q3中国出货量: the place sets the scene for the subject's figure
        return subject, f"the article's subject ({entity} sets its scene: {why})"
    if _is_source(entity):
        return subject, f"the article's subject ({entity} reports the figure: {why})"
    if len(entity) >= 3 and subject.endswith(entity) and len(subject) - len(entity) <= 2 and _HAN.fullmatch(subject):
        # 澜新能源 for 擎澜新能源: a name the finder cut short at an unknown first character
        return subject, f"the article's subject ({entity} is its name cut short)"
    if entity.endswith(subject) and len(entity) - len(subject) <= 3:
        # 药企康衡药业: a descriptor before the subject's name
        return subject, f"the article's subject (named as {entity})"
    if _common_phrase(entity) and len(entity) >= 3 and not _introduced_org(entity, why):
        return subject, f"the article's subject ({entity} describes, not names: {why})"
    if _short_form(entity, subject):
        return subject, f"the article's subject ({entity} is its short name)"
    stem = re.sub(r"[市省县区]$", "", entity)
    if (len(stem) >= 2 and subject.startswith(stem) and subject != stem
            and (not own_clause or subject in sentence)):
        # 嵩湾市 taken from a sentence before, in an article about 嵩湾航空物流枢纽
        return subject, f"the article's subject ({entity} only begins its name)"
    return entity, why
