"""English sentences: who a number is about and what it measures, in the Chinese side's terms.

    english_entity(text, mentions) -> (name, why) | None
    english_metric(text, num_start, num_end, kind=) -> (metric, why) | None

An English article about a Chinese city or company names it by its romanised name
("the eastern Chinese city of Jialan", "home appliance maker Meida Group"); the name is
kept as written (without "the", "city of") and the conflict engine matches it to the
Chinese name through its pinyin key (claims/entity_keys.py). Measures are mapped onto the
Chinese metrics through data/metric_glossary_en.yaml, so "a 6.1% rise in first-quarter
revenue" becomes 营业收入增速 and meets 营业总收入按年增长 in a Hong Kong paper.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from pydantic import BaseModel, ConfigDict, field_validator

from numcheck.claims.cuefiles import cached
from numcheck.claims.entities import gazetteer


class EnglishGlossary(BaseModel):
    """The format of claims/data/metric_glossary_en.yaml (documented in its header)."""

    model_config = ConfigDict(extra="forbid")

    measures: dict[str, str]
    count_measures: dict[str, str]
    count_verbs: dict[str, str]
    population_measures: dict[str, str]
    populations: dict[str, str]
    scopes: dict[str, str]
    growth_after: list[str]
    growth_before: list[str]
    growth_suffix: str
    share_suffix: str

    @field_validator("measures", "count_measures", "count_verbs", "population_measures", "populations", "scopes")
    @classmethod
    def _lower_case_phrases(cls, table: dict[str, str]) -> dict[str, str]:
        upper = [k for k in table if k != k.lower()]
        if upper:
            raise ValueError(f"English phrases are written in lower case: {upper[0]!r}")
        return table


def glossary() -> EnglishGlossary:
    return cached("metric_glossary_en.yaml", EnglishGlossary)


# ------------------------------------------------------------------ entity

_NAME = r"[A-Z][a-z'’-]+(?:\s[A-Z][a-z'’-]+){0,2}"
_PLACE_KINDS = r"city|province|county|district|prefecture|municipality|region|town"
_OF_PLACE = re.compile(rf"\b(?:{_PLACE_KINDS}) of ({_NAME})")
_PLACE_SUFFIX = re.compile(rf"\b({_NAME})\s(?:[Cc]ity|[Pp]rovince|Municipality|[Cc]ounty|District|[Bb]asin)\b")
# a place compared with the subject (Neighbouring Shuoyang has 224,000): a name of its own
_NEIGHBOUR = re.compile(rf"\b(?:[Nn]eighbou?ring|[Nn]earby|[Aa]djacent)\s+(?:(?:{_PLACE_KINDS})\s+(?:of\s+)?)?({_NAME})")
# a quoted title owned by the name before it (Enlight Pictures' animated sequel "Nezha 2,")
_OWNED_TITLE = re.compile(r"(?:['’]s?|\bof)\s(?:[a-z-]{1,20}\s){0,3}[“\"]([A-Z][^“”\"]{1,50}?)[,.]?[”\"]")
_ATTRIBUTE = re.compile(r"-(?:based|headquartered|listed)\b")
_LOCATED = re.compile(r"\b(?:in|at|across|from|into|to|for|near|outside)\s+(?:the\s+)?$", re.IGNORECASE)
_NOT_NAMES = frozenset({"The", "A", "An", "Chinese", "China", "Its", "This", "That", "In", "On", "Eastern",
                        "Western", "Northern", "Southern", "Central"})


@dataclass(frozen=True, slots=True)
class NamedMention:
    """A name the entity finder already found in the sentence (gazetteer place, company)."""

    start: int
    end: int
    name: str


@lru_cache(maxsize=1)
def _dateline() -> re.Pattern:
    agencies = "|".join(re.escape(a) for a in gazetteer().dateline_agencies) or "Reuters"
    # a place in capitals, or any place with a date: "BEIJING (Reuters) -", "Hong Kong, April 29 (Reuters) -"
    return re.compile(rf"^(?:[A-Z][A-Z .'-]*|[A-Z][A-Za-z .'-]*,\s+[A-Z][a-z]+\.?\s+\d{{1,2}})"
                      rf"\s*\((?:{agencies})\)\s*[-–—]*\s*")


def dateline_end(text: str) -> int:
    """Where the dateline ("BEIJING, Feb 21 (Reuters) -") ends: it says where a story was filed."""
    m = _dateline().match(text)
    return m.end() if m else 0


def english_entity(text: str, mentions: tuple[NamedMention, ...] = (), before: int | None = None
                   ) -> tuple[str, str] | None:
    """The name the sentence is about: the first place or company it names (the subject of an
    English sentence comes first), preferring names before `before` (the number)."""
    skip = dateline_end(text)
    title = _OWNED_TITLE.search(text, skip, before) if before is not None else None
    if title:  # Enlight Pictures' animated sequel "Nezha 2," has accumulated…: the work's figure
        return title.group(1), f"work title:{title.group(1)}"
    # a place written as an attribute (Shenzhen-based) says where, not who
    found: list[tuple[int, str, str]] = [(m.start, m.name, "named") for m in mentions
                                         if m.start >= skip and not _ATTRIBUTE.match(text, m.end)]
    for pattern, how in ((_OF_PLACE, "place of"), (_PLACE_SUFFIX, "place name"), (_NEIGHBOUR, "neighbour")):
        for m in pattern.finditer(text, skip):
            words = [w for w in m.group(1).split() if w not in _NOT_NAMES]
            if how == "neighbour" and before is not None and m.start() > before:
                continue  # ...the second-largest after neighbouring Landong: a comparison, not the subject
            if words:
                found.append((m.start(1), " ".join(words), how))
    # a name inside an apposition describes the one before it (Youzhou, a provincial capital in central China,)
    asides = [m.span() for m in _APPOSITION.finditer(text, skip)]
    found = [f for f in found if not any(a <= f[0] < b for a, b in asides)]
    if not found:
        return None
    if before is not None:
        earlier = [f for f in found if f[0] < before]
        found = earlier or found
    # a name after a preposition (In Wuhan, Xiaomi's plant ...) is where, unless nothing else is named
    found.sort(key=lambda f: (_LOCATED.search(text, 0, f[0]) is not None, f[0]))
    start, name, how = found[0]
    return name, f"{how}:{name}"


_APPOSITION = re.compile(r"(?<=[A-Za-z]),\s(?:a|an)\s[^,;.]{1,60},")


# ------------------------------------------------------------------ metric


def _phrase_pattern(phrases) -> re.Pattern:
    alternatives = []
    for p in sorted(phrases, key=len, reverse=True):
        alternatives.append(r"[\s-]+".join(re.escape(w) for w in re.split(r"[\s-]+", p)))
    return re.compile(r"(?<![a-z&])(?:" + "|".join(alternatives) + r")(?![a-z])")


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern]:
    g = glossary()
    verbs = "|".join(re.escape(w) for w in sorted(g.growth_before, key=len, reverse=True))
    nouns = "|".join(re.escape(w) for w in g.growth_after)
    return {
        "amount": _phrase_pattern(g.measures),
        "count": _phrase_pattern(g.count_measures),
        "percent": _phrase_pattern({**g.measures, **g.count_measures}),
        "population_measure": _phrase_pattern(g.population_measures),
        "population": _phrase_pattern(g.populations),
        "growth_after": re.compile(rf"^\s*(?:year-on-year\s+|annual\s+)?(?:{nouns})s?\s+in\s+"),
        "growth_before": re.compile(
            rf"\b(?:{verbs})\s+(?:by\s+)?(?:about\s+|around\s+|nearly\s+|more than\s+|over\s+|almost\s+)?$"),
        "share_of": re.compile(r"^\s*of\s+(?:(?:the|its|their|[a-z]+['’]s)\s+)*"),
    }


def _key(phrase: str) -> str:
    return " ".join(re.split(r"[\s-]+", phrase))


def _lookup(table: dict[str, str], said: str) -> str:
    norm = _key(said)
    for k, v in table.items():
        if _key(k) == norm:
            return v
    return said


def english_metric(text: str, num_start: int, num_end: int, *, kind: str) -> tuple[str, str] | None:
    """The Chinese metric of the number at text[num_start:num_end], or None when no glossary
    phrase names it (the caller keeps its own reading). `kind` is percent, count or amount:
    a count is read only against what counts are of, an amount never against them."""
    g, pats = glossary(), _patterns()
    kind = kind if kind in ("percent", "count") else "amount"
    table = {"amount": g.measures, "count": g.count_measures, "percent": {**g.measures, **g.count_measures}}[kind]
    is_percent = kind == "percent"
    low = text.lower()
    measures = _found(kind, low)
    clause_end = _clause_end(low, num_end)
    after_number = [m for m in measures if num_end <= m.start() < clause_end]
    before_number = [m for m in measures if m.end() <= num_start]
    if is_percent:
        tail = low[num_end:clause_end]
        grow = pats["growth_after"].match(tail)
        if grow:
            m = pats[kind].match(low, num_end + grow.end())
            if m is None:  # a period word may come first: a 6.1% rise in first-quarter revenue
                m = next((x for x in after_number if x.start() - (num_end + grow.end()) <= 16), None)
            if m is not None:
                metric = _lookup(table, m.group(0))
                return metric + g.growth_suffix, f"growth in {m.group(0)} ({metric})"
        if pats["growth_before"].search(low[:num_start]) and before_number:
            m = before_number[-1]
            metric = _lookup(table, m.group(0))
            return metric + g.growth_suffix, f"{m.group(0)} grew ({metric})"
        share = pats["share_of"].match(tail)
        if share:
            rate = [m for m in _found("population_measure", low) if m.end() <= num_start]
            population = pats["population"].match(low, num_end + share.end())
            if rate and population:
                metric = _lookup(g.populations, population.group(0)) + _lookup(g.population_measures, rate[-1].group(0))
                return metric, f"{rate[-1].group(0)} of {population.group(0)} ({metric})"
            measure = pats[kind].match(low, num_end + share.end())
            if measure:
                scope = _scope_before(low, num_start)
                metric = scope + _lookup(table, measure.group(0)) + g.share_suffix
                return metric, f"share of {measure.group(0)} ({metric})"
        rate = [m for m in _found("population_measure", low) if m.end() <= num_start]
        if rate:
            metric = _lookup(g.population_measures, rate[-1].group(0))
            return metric, f"{rate[-1].group(0)} ({metric})"
    if after_number and not low[num_end:after_number[0].start()].strip(" -"):
        m = after_number[0]  # what a count counts follows it: 1,500 AI-related enterprises
        return _lookup(table, m.group(0)), f"measure after number: {m.group(0)}"
    if kind == "count":
        verb = _COUNT_VERB.search(low, max(0, num_start - 40), num_start)
        if verb and verb.group(1) in g.count_verbs:
            return g.count_verbs[verb.group(1)], f"counted by the verb {verb.group(1)}"
    if before_number:
        m = before_number[-1]
        return _lookup(table, m.group(0)), f"measure before number: {m.group(0)}"
    if after_number:
        m = after_number[0]
        return _lookup(table, m.group(0)), f"measure after number: {m.group(0)}"
    return None


# a verb, then at most a qualifier, right before the number: delivered (more than) 81,302 vehicles
_COUNT_VERB = re.compile(r"\b([a-z]+)\s+(?:about\s+|around\s+|nearly\s+|more than\s+|over\s+|almost\s+|some\s+)?$")


@lru_cache(maxsize=256)
def _found(pattern: str, low: str) -> list[re.Match]:
    """Glossary phrases of a sentence, found once for all its numbers."""
    return list(_patterns()[pattern].finditer(low))


def _clause_end(low: str, pos: int) -> int:
    m = re.compile(r"[;.](?:\s|$)|,\s(?:and|but|while|which|according)\b").search(low, pos)
    return m.start() if m else len(low)


def _scope_before(low: str, num_start: int) -> str:
    """A scope word of the clause before a share (overseas markets accounted for 42% of ...)."""
    start = max(low.rfind(",", 0, num_start), low.rfind(";", 0, num_start)) + 1
    for word in re.findall(r"[a-z]+", low[start:num_start]):
        if word in glossary().scopes:
            return glossary().scopes[word]
    return ""


# ------------------------------------------------------------------ the subject of an English claim

_LOOK_BACK = 12  # sentences: the nearest earlier sentence that names an entity, else the title


def refine_subject(doc, sentence_start: int, text: str, mentions, num_start: int, num_end: int, *,
                   kind: str, entity: str | None, entity_why: str,
                   metric: str | None, metric_why: str) -> tuple[str | None, str, str | None, str]:
    """The entity and metric of a claim in an English sentence, replacing the general reading
    where the English rules know better (a romanised name, a glossary measure)."""
    found = english_entity(text, _named(mentions), before=num_start)
    if found is None:
        found = _earlier_entity(doc, sentence_start)
    if found is not None:
        entity, entity_why = found
    elif any(m.name == entity and a <= m.start < b for m in mentions
             for a, b in (x.span() for x in _APPOSITION.finditer(text))):
        entity, entity_why = None, "a name inside an apposition describes another"

    measured = english_metric(text, num_start, num_end, kind=kind)
    if measured is not None:
        metric, metric_why = measured
    return entity, entity_why, metric, metric_why


def _named(mentions) -> tuple[NamedMention, ...]:
    from numcheck.claims.document_subject import _is_source

    # (a filing to the Shanghai Stock Exchange: where the figures were filed, not whose they are)
    return tuple(NamedMention(m.start, m.end, m.name) for m in mentions
                 if m.kind in ("place", "organization") and m.source != "reference"
                 and not (m.kind == "organization" and _is_source(m.name)))


def _earlier_entity(doc, sentence_start: int) -> tuple[str, str] | None:
    sentences = doc.sentences or []
    k = bisect.bisect_left(sentences, sentence_start, key=lambda s: s.start)  # sentences before this one
    for s in reversed(sentences[max(0, k - _LOOK_BACK):k]):
        found = _sentence_entity(doc.norm[s.start:s.end])
        if found is not None:
            return found[0], f"earlier sentence {found[1]}"
    if k > _LOOK_BACK:
        title = _sentence_entity(doc.norm[sentences[0].start:sentences[0].end])
        if title is not None:
            return title[0], f"title {title[1]}"
    return None


@lru_cache(maxsize=4096)
def _sentence_entity(text: str) -> tuple[str, str] | None:
    from numcheck.claims.entities import find_mentions, tokenize

    if dateline_end(text) >= len(text.rstrip(" -–—")):
        return None  # a dateline alone names where the story was filed
    return english_entity(text, _named(find_mentions(text, tokenize(text, hmm=False), None)))


_BASE = re.compile(r"\b(?:from|up from|down from|compared with|compared to|versus|against)\s+"
                   r"(?:about\s+|around\s+|nearly\s+|some\s+|just\s+)?$")


def is_comparison_base(text: str, num_start: int) -> bool:
    """The number is the starting point a change or a target is measured from ("grow to 300
    billion yuan by 2027, from 126 billion yuan last year"): a stated fact, not the plan."""
    return _BASE.search(text.lower(), max(0, num_start - 40), num_start) is not None
