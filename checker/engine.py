"""The conflict engine: claims in, conflicts and corroborations out.

    blocks (match.py)        unit family, modality class, scope, entity
      -> metric groups       same canonical metric, or one metric = the other + neutral words
        -> comparison sets   one period each; undated claims among themselves, and against
                             the single dated period of their group when there is exactly one
          -> clusters        claims sorted by interval; a sweep keeps claims that share a
                             common point together (in one dimension, pairwise overlap of all
                             members is the same as a common point)
            -> findings      two clusters with a disjoint pair -> a conflict (rules/ name it);
                             a cluster spanning documents -> a corroboration (NC001)

What is not a contradiction, by principle rather than by list:
- claims in one sentence ("从十几人扩大到近500人" states a change);
- figures further apart than `different_quantity_ratio` (3x): one label on two
  different quantities, the usual result of a mis-assigned subject (ranks exempt);
- within one document, anything but two stated figures with an exact, dated-alike
  subject, each dated by its own sentence (a document gives totals and parts, then and
  now, without saying so).

Severity comes from the relative gap between the intervals and the configured
margins, lowered for every uncertainty of the alignment (loose metric match,
undated claims, publication dates far apart, an entity borrowed from the
document), each stated in the explanation.
"""
from __future__ import annotations

import re
import weakref
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache, partial
from operator import attrgetter
from typing import TypeVar

from pydantic import BaseModel

from numcheck.checker.gcpause import collector_paused
from numcheck.checker.compare import Interval, describe, disjoint, facing_ratio, relative_gap
from numcheck.checker.config import Config
from numcheck.checker.ids import SEP as _SEP
from numcheck.checker.ids import norm_content, signature_conflict_id, value_key
from numcheck.checker.match import (CONCEPT_MARK, MetricGroup, Prepared, blocks, entity_groups, metric_groups, prepare,
                                    window_of)
from numcheck.checker.memo import memo
from numcheck.checker.report.common import claim_label
from numcheck.checker.rules import Finding, classify
from numcheck.claims.document_subject import CARRIED_ENTITY
from numcheck.claims.confidence import NAMED as NAMED_CONFIDENCE
from numcheck.claims.normalize import normalize
from numcheck.schemas.models import Claim, ClaimRecord, Conflict, Document, MatchKey, Subject

_M = TypeVar("_M", bound=BaseModel)
SEVERITIES = ("low", "medium", "high")
# Ranks are positions, not amounts: rank 2 against rank 9 is a contradiction at any ratio.
# (Rates stay under the ratio rule: measured with extracted subjects, exempting them doubled the
# false alarms from mis-assigned metrics, while planted rate conflicts are all within 1.3x.)
RATIO_EXEMPT = frozenset({"rank"})
_YEAR = re.compile(r"(\d{4})")


def find_conflicts(
    claims: list[Claim],
    documents: dict[str, Document],
    config: Config,
    new_docs: set[str] | None = None,
    document_entities: dict[str, str | None] | None = None,
    corroborations: bool = True,
    kept_claims: bool = False,
    max_corroborating: int | None = None,
) -> tuple[list[Conflict], list[Conflict] | None]:
    """(conflicts, corroborations) among `claims`; corroborations None when not looked for
    (`corroborations=False`: that pass is about half of a large check and most of its report).

    With `new_docs`, only findings that involve at least one claim of those documents
    are returned (checking new documents against a corpus). A finding's claims all belong
    to one comparison set, so sets without a claim of a new document are not evaluated.
    `document_entities` names the entity of documents given only in part (match.prepare).
    `kept_claims`: the same claim objects come back in later calls (a server's ClaimMemo): the
    records and quotes made of them are kept while they live (`_made`), not made again.
    `max_corroborating` (with `new_docs`): a corroboration lists at most this many claims of the
    other documents (those of `new_docs` always), the first in its order; `unlisted_claims` and
    its explanation count the rest. Decided before any record of them is made; a finding's id,
    its documents count and its common interval are those of all its claims. Conflicts are
    never bounded. None: every claim listed.
    """
    with collector_paused():
        prepared = prepare(claims, documents, config, document_entities, kept_claims)
        block_map = blocks(prepared)
        conflicts: dict[str, Conflict] = {}
        agreements: list[Agreement] = []
        agreement_ids: set[str] = set()
        # One finding can hold only claims of its own block, so a corroboration can lie within
        # another only in its block, and the widest are picked per block; unless two records
        # share a claim id (the same claim given twice), which only the whole set can tell.
        per_block = len({p.claim.id for p in prepared}) == len(prepared)
        for key in sorted(block_map):
            found, agreed = _block_findings(block_map[key], config, new_docs, corroborations)
            for c in found:
                conflicts.setdefault(c.id, c)
            fresh = []
            for a in agreed:
                if a.id not in agreement_ids:  # the first of equal findings stands
                    agreement_ids.add(a.id)
                    fresh.append(a)
            agreements.extend(_widest_only(fresh, _by_position) if per_block else fresh)
        if not per_block:
            agreements = _widest_only(agreements)
        out_conflicts = _select(conflicts.values(), new_docs)
        reported = _select_agreements(agreements, new_docs)
        if max_corroborating is not None and new_docs is not None and corroborations:
            if max_corroborating < 1:
                raise ValueError("max_corroborating lists one corpus claim at least (None: all)")
            for a in reported:
                a.bound(max_corroborating, new_docs)
        _records_in_input_order(prepared, reported)
        out_corroborations = [a.build() for a in reported] if corroborations else None
    return out_conflicts, out_corroborations


_PENDING = object()  # Prepared.record of a claim whose record is about to be made


def _records_in_input_order(prepared: list[Prepared], findings: list[Agreement]) -> None:
    """Make the wire records and quotes of the findings' claims in input order rather than
    block order: the claims were allocated in that order, so reading them in it stays in step
    with memory (about a third faster at a million claims), and building the findings then
    reads the prepared records only."""
    for f in findings:
        for p in f.listed:
            if p.record is None:
                p.record = _PENDING  # type: ignore[assignment]
    for p in prepared:
        if p.record is _PENDING:
            p.record = None
            _record(p)




def _by_claim_id(p: Prepared) -> str:
    return p.claim.id


_by_position = attrgetter("pos")  # the same sets as claim ids when no claim id repeats


def _widest_only(findings: Iterable[Agreement], claim_key=_by_claim_id) -> list[Agreement]:
    """Drop a corroboration whose claims all appear in a larger one (the same agreement seen
    through an exact and a looser match); each claim is looked up once, so this stays linear."""
    ordered = sorted(findings, key=lambda f: (-len(f.members), f.id))
    kept: list[Agreement] = []
    kept_ids: list[set] = []
    containing: dict[str, list[int]] = defaultdict(list)  # claim -> kept findings holding it
    for f in ordered:
        ids = set(map(claim_key, f.members))
        first = next(iter(ids))
        if any(ids <= kept_ids[k] for k in containing.get(first, ())):
            continue
        for claim_id in ids:
            containing[claim_id].append(len(kept))
        kept.append(f)
        kept_ids.append(ids)
    return kept


def report_order(findings: Iterable[Conflict]) -> list[Conflict]:
    """The order findings are reported in: severity, then document and position, then id."""
    return _select(findings, None)


def _select(findings: Iterable[Conflict], new_docs: set[str] | None) -> list[Conflict]:
    chosen = [f for f in findings if new_docs is None or any(c.doc in new_docs for c in f.claims)]
    chosen.sort(key=lambda f: (-SEVERITIES.index(f.severity), f.claims[0].doc, f.claims[0].start, f.id))
    return chosen


def _select_agreements(findings: Iterable[Agreement], new_docs: set[str] | None) -> list[Agreement]:
    """`_select` for corroborations not yet built: the same choice and the same order."""
    chosen = [f for f in findings if new_docs is None or any(p.doc in new_docs for p in f.members)]
    low = -SEVERITIES.index("low")
    chosen.sort(key=lambda f: (low, f.members[0].doc, f.members[0].claim.span.start, f.id))
    return chosen


def check_block(block: list[Prepared], config: Config) -> tuple[list[Conflict], list[Conflict]]:
    """Findings of one block (claims sharing unit family, modality class, scope and entity).

    Blocks are independent, so a distributed engine can group claims by
    `match.block_key` and call this per group."""
    conflicts, agreements = _block_findings(block, config, None)
    return conflicts, [a.build() for a in agreements]


def _block_findings(block: list[Prepared], config: Config, new_docs: set[str] | None,
                    corroborations: bool = True) -> tuple[list[Conflict], list[Agreement]]:
    """A block's conflicts and its corroborations (not yet built); with `new_docs`, only from
    comparison sets holding a claim of those documents (no other set can give a reported finding)."""
    conflicts: list[Conflict] = []
    agreements: list[Agreement] = []
    if len(block) < 2:
        return conflicts, agreements  # most claims of a corpus: nothing to compare with
    if new_docs is not None and not any(p.doc in new_docs for p in block):
        return conflicts, agreements
    for members, entity_reason in entity_groups(block):
        for group in metric_groups(members):
            if len(group.members) < 2:
                continue
            if entity_reason and any(p.entity_english for p in group.members):
                group.reason = f"{group.reason}; {entity_reason}"
            for cset in comparison_sets(group, config):
                if new_docs is not None and not any(p.doc in new_docs for p in cset.members):
                    continue
                found, agreed = evaluate(cset, config, corroborations)
                conflicts.extend(found)
                agreements.extend(agreed)
    return conflicts, agreements


# ---------------------------------------------------------------- comparison sets


@dataclass(slots=True)
class ComparisonSet:
    """Claims that must agree if they are all true, and the doubts about that alignment."""

    group: MetricGroup
    members: list[Prepared]
    period: str | None
    uncertainties: list[str] = field(default_factory=list)
    # pairs of position sets: a disagreement counts only across each of these splits
    splits: list[tuple[frozenset[int], frozenset[int]]] = field(default_factory=list)
    undated: bool = False  # every member undated: the publication-gap rule applies


def comparison_sets(group: MetricGroup, config: Config) -> list[ComparisonSet]:
    base_splits = [group.sides] if group.sides else []
    doubts = [f"metric matched loosely: {group.reason}"] if group.fuzzy else []
    by_period: dict[str, list[Prepared]] = defaultdict(list)
    undated: list[Prepared] = []
    by_window: dict[str, list[Prepared]] = defaultdict(list)  # undated claims of a named window
    for p in group.members:
        if p.period:
            by_period[p.period].append(p)
        elif p.window:
            by_window[p.window].append(p)
        else:
            undated.append(p)
    sets: list[ComparisonSet] = []
    for period in sorted(by_period):
        sets.append(ComparisonSet(group, by_period[period], period, list(doubts), list(base_splits)))
    if len(undated) >= 2:
        sets.append(ComparisonSet(group, undated, None, [*doubts, "all claims undated"], list(base_splits),
                                  undated=True))
    for window in sorted(by_window):
        # 三季度 in a text that never says its year: the one dated 三季度 of its subject in view,
        # if there is exactly one; else only the other texts of that window and no year
        unsaid = by_window[window]
        dated = [period for period in by_period if window_of(period) == window]
        if len(dated) == 1 and config.undated_against_dated:
            split = (frozenset(p.pos for p in by_period[dated[0]]), frozenset(p.pos for p in unsaid))
            sets.append(ComparisonSet(group, by_period[dated[0]] + unsaid, dated[0],
                                      [*doubts, _YEAR_UNSTATED], [*base_splits, split]))
        elif not dated and len(unsaid) >= 2:
            sets.append(ComparisonSet(group, unsaid, None, [*doubts, "all claims undated"], list(base_splits),
                                      undated=True))
    if len(by_period) == 1 and undated and config.undated_against_dated:
        # With a single dated period in view, an undated claim in a document about that period
        # most likely means it; a snapshot published long after the period ended does not.
        period, dated = next(iter(by_period.items()))
        plausible = [u for u in undated if _may_refer_to(u, period)]
        if plausible:
            split = (frozenset(p.pos for p in dated), frozenset(p.pos for p in plausible))
            sets.append(ComparisonSet(group, dated + plausible, period,
                                      [*doubts, _NO_PERIOD], [*base_splits, split]))
    return [s for cs in sets for s in _split_by_counter(cs)]


def _may_refer_to(p: Prepared, period: str) -> bool:
    if period not in p.doc_periods:
        return False  # its document dates nothing to that period: it may well mean another
    if p.published is None:
        return True
    years = [int(y) for y in _YEAR.findall(period)]
    if not years:
        return True
    first, last = min(years), max(years)
    if last < p.published.year - 1:
        return False  # the period ended well before the undated document was written
    if p.modality_class == "actual" and first > p.published.year:
        return False  # an actual figure cannot describe a future period
    return True


def _split_by_counter(cs: ComparisonSet) -> list[ComparisonSet]:
    """Counts with different measure words (人 vs 家) are different quantities; no counter fits all."""
    classes = sorted({p.counter for p in cs.members if p.counter})
    if len(classes) <= 1:
        return [cs]
    out = []
    for cls in classes:
        members = [p for p in cs.members if p.counter in (cls, None)]
        out.append(ComparisonSet(cs.group, members, cs.period, cs.uncertainties, cs.splits, cs.undated))
    return out


# ---------------------------------------------------------------- findings


_by_interval = attrgetter("order")


def clusters_of(members: list[Prepared]) -> list[tuple[list[Prepared], Interval]]:
    """Claims sorted by interval, swept into clusters that share a common point (the running
    intersection is kept as two bounds: Interval.intersect, without an Interval per step)."""
    out: list[tuple[list[Prepared], Interval]] = []
    claims: list[Prepared] | None = None
    low = high = None
    for p in sorted(members, key=_by_interval):
        lo, hi = p.interval.low, p.interval.high
        if claims is not None:
            joint_low = low if lo is None else lo if low is None or lo > low else low
            joint_high = high if hi is None else hi if high is None or hi < high else high
            if joint_low is None or joint_high is None or joint_low <= joint_high:
                claims.append(p)
                low, high = joint_low, joint_high
                continue
            out.append((claims, Interval(low, high)))
        claims, low, high = [p], lo, hi
    if claims is not None:
        out.append((claims, Interval(low, high)))
    return out


def _allowed(a: Prepared, b: Prepared, splits: list[tuple[frozenset[int], frozenset[int]]]) -> bool:
    if a.sentence_start == b.sentence_start and a.doc == b.doc:
        return False  # one sentence: a change or a breakdown, not a contradiction
    for left, right in splits:
        if not ((a.pos in left and b.pos in right) or (a.pos in right and b.pos in left)):
            return False
    return True


def _comparable(a: Prepared, b: Prepared, cs: ComparisonSet, config: Config, far: bool | None = None) -> bool:
    """Whether two disjoint claims make a contradiction rather than two different quantities.
    `far`: _too_far(a.interval, b, config), when the caller knows it."""
    if far is None:
        far = _too_far(a.interval, b, config)
    if far and not same_digits(a, b):
        return False  # an order of magnitude apart: a mis-assigned subject, not a disagreement
    if a.doc == b.doc:
        # A document gives totals and parts, then and now, without always saying so; it contradicts
        # itself only when two stated figures share an exact subject.
        if not (a.definite and b.definite) or cs.uncertainties:
            return False
        if a.entity_from_document or b.entity_from_document or not (_own_entity(a) and _own_entity(b)):
            return False  # a subject carried from elsewhere: the clause may be a rival's (同期行业龙头X…)
        if a.period and not (_own_period(a) and _own_period(b)):
            return False  # a period carried from elsewhere in the text (the article's year) is a guess
        if not (_named_alike(a, b) and _INTRA_RATES.search(a.metric) is None):
            # a rate of change, a measure carried from the clause before or worded two ways within
            # one text is too often a segment's or another base's: no self-contradiction on that
            return False
    return True


# period evidence (claims/subjects.py) that says the period was carried from elsewhere in the text
_CARRIED_PERIOD = ("reporting period of the article", "the year an earlier sentence states", "其中 continues",
                   "the body states the same figure")


_INTRA_RATES = re.compile(r"/(?:growth|change)\b")


def _named_alike(a: Prepared, b: Prepared) -> bool:
    """Both claims name their measure in their own clause, in the same words."""
    sa, sb = a.claim.subject, b.claim.subject
    return sa.metric == sb.metric and (sa.confidence is None or sa.confidence >= NAMED_CONFIDENCE) \
        and (sb.confidence is None or sb.confidence >= NAMED_CONFIDENCE)


# doubts that make a finding low whatever its gap: one side's period or year is not stated
_NO_PERIOD, _YEAR_UNSTATED = "one claim has no period", "one claim's year is not stated"
_LOW_ALWAYS = (_NO_PERIOD, _YEAR_UNSTATED)


def _own_entity(p: Prepared) -> bool:
    """Whether the claim's own clause or sentence names its entity (not an earlier sentence, the
    article's topic or title)."""
    said = (p.claim.evidence or {}).get("entity", "")
    return not said.startswith(CARRIED_ENTITY) and not any(w in said for w in _CARRIED_INSIDE)


# entity evidence that says the entity was carried from elsewhere in the text, at its start or
# inside the reason the article's subject stood in (the article's subject (over the topic count: …))
_CARRIED_INSIDE = ("over the topic count", *CARRIED_ENTITY)


def _own_period(p: Prepared) -> bool:
    """Whether the claim's own sentence (or its table column or box) dates it."""
    said = (p.claim.evidence or {}).get("period", "")
    return not said.startswith(_CARRIED_PERIOD)


def _too_far(interval: Interval, b: Prepared, config: Config) -> bool:
    """Whether a figure of `interval` and `b` (of one unit family) are further apart than
    `different_quantity_ratio` (ranks exempt)."""
    limit = config.different_quantity_ratio
    if not limit or b.family in RATIO_EXEMPT:
        return False
    ratio = facing_ratio(interval, b.interval)
    return ratio is not None and ratio > limit


def same_digits(a: Prepared, b: Prepared) -> bool:
    """The same digits at another magnitude or in another unit (86.4万吨 vs 8.64万吨, 3万亩 vs
    3万公顷): a slip of scale or unit in one of them, not two different quantities."""
    x, y = a.claim.quantity.value, b.claim.quantity.value
    if x is None or y is None or not x or not y or (x > 0) != (y > 0):
        return False
    dx, dy = x.normalize().as_tuple().digits, y.normalize().as_tuple().digits
    if dx == dy:
        return True
    if len(dx) == len(dy) >= 3 and sorted(dx) == sorted(dy) and sum(p != q for p, q in zip(dx, dy)) == 2:
        return True  # 71.2% vs 17.2%, 812.4亿 vs 82.14亿: two digits swapped, a slip of one figure
    # 6.48亿 vs 6482.6万: the shorter is the longer rounded at its own length (a slip of scale
    # with rounding); three digits at least, so that 1.2 and 12.6 are not one figure
    short, long_ = (dx, dy) if len(dx) < len(dy) else (dy, dx)
    if len(short) < 3:
        return False
    rounded = Decimal("0." + "".join(map(str, long_))).quantize(Decimal(1).scaleb(-len(short)), rounding=ROUND_HALF_UP)
    return rounded.as_tuple().digits[-len(short):] == short and rounded < 1


def _by_interval_value(claims: list[Prepared]) -> list[tuple[Interval, list[Prepared]]]:
    """Claims grouped by interval: a corpus repeats one figure thousands of times, and whether two
    intervals are disjoint, and how far apart, is then worked out once per figure. (The pairs
    found and the widest gap are what comparing claim by claim gives: the order they are found in
    does not count.)"""
    groups: dict[Interval, tuple[Interval, list[Prepared]]] = {}
    for p in claims:
        group = groups.get(p.interval)
        if group is None:
            groups[p.interval] = (p.interval, [p])
        else:
            group[1].append(p)
    return list(groups.values())


def _extremes(cluster: list[Prepared]) -> list[Prepared]:
    """The members with the highest low and the lowest high: a claim is disjoint from some
    member of the cluster exactly when it is disjoint from one of these two."""
    highest_low = max((p for p in cluster if p.interval.low is not None),
                      key=lambda p: p.interval.low, default=None)  # type: ignore[arg-type, return-value]
    lowest_high = min((p for p in cluster if p.interval.high is not None),
                      key=lambda p: p.interval.high, default=None)  # type: ignore[arg-type, return-value]
    out = [p for p in (highest_low, lowest_high) if p is not None]
    if len(cluster) <= 8:  # small clusters: every member, so the sentence and side rules are exact
        out = cluster
    return out


def evaluate(cs: ComparisonSet, config: Config,
             corroborations: bool = True) -> tuple[list[Conflict], list[Agreement]]:
    clusters = clusters_of(cs.members)
    conflicts: list[Conflict] = []
    involved: dict[int, Prepared] = {}
    widest_gap = Decimal(0)
    days_apart = 0
    if len(clusters) >= 2:
        extremes = [_extremes(c) for c, _ in clusters]
        many = len(clusters) > 64  # pathological sets: neighbours only, to stay near linear
        docs = [{p.doc for p in c} for c, _ in clusters]
        for i, (claims, _) in enumerate(clusters):
            alike = _by_interval_value(claims)
            for j in ((i - 1, i + 1) if many else range(len(clusters))):
                if j == i or not 0 <= j < len(clusters):
                    continue
                both = not docs[i].isdisjoint(docs[j])  # a document that states both figures
                for b in extremes[j]:
                    for interval, members in alike:
                        if not disjoint(interval, b.interval):
                            continue
                        far = _too_far(interval, b, config)  # once for the claims of one figure
                        met = False
                        for a in members:
                            if both and a.doc != b.doc:
                                continue  # it speaks of two quantities this subject does not tell apart
                            if _allowed(a, b, cs.splits) and _comparable(a, b, cs, config, far):
                                involved[a.pos] = a
                                days_apart = max(days_apart, _days_apart(a, b))
                                met = True
                        if met:
                            involved[b.pos] = b
                            widest_gap = max(widest_gap, relative_gap(interval, b.interval))
    if involved:
        _join_cluster_mates(clusters, involved, cs, config)
        conflicts.append(_conflict(cs, clusters, involved, widest_gap, days_apart, config))
    agreements: list[Agreement] = []
    for claims, common in (clusters if corroborations else ()):
        docs = {p.doc for p in claims}
        if len(docs) < 2:
            continue
        if not all(any(p.pos in left for p in claims) and any(p.pos in right for p in claims)
                   for left, right in cs.splits):
            continue  # agreement within one side only: reported by that side's own set
        agreements.append(_agreement(cs, claims, common))
    return conflicts, agreements


def _join_cluster_mates(clusters, involved: dict[int, Prepared], cs: ComparisonSet, config: Config) -> None:
    """A claim that agrees with one side of a conflict stands on that side: 2,000 hectares, agreeing
    with 3万亩, is against 3万公顷 too, though alone it would be too far off to be read as the same
    quantity (_comparable's ratio rule). Added when disjoint from every involved claim of the other
    clusters and allowed beside each (within one document, comparable as well)."""
    at = {p.pos: k for k, (claims, _) in enumerate(clusters) for p in claims}
    sides = {at[pos] for pos in involved}
    # a document contradicting itself stays its own finding: the other documents' figures on either
    # side say nothing of which it meant (and across documents the two figures are not compared)
    alone = {q.doc for q in involved.values()}
    for k in sides:
        others = [q for q in involved.values() if at[q.pos] != k]
        for p in clusters[k][0]:
            if len(alone) == 1 and p.doc not in alone:
                continue
            if p.pos not in involved and others and all(
                    disjoint(p.interval, q.interval) and _allowed(p, q, cs.splits)
                    and (p.doc != q.doc or _comparable(p, q, cs, config)) for q in others):
                involved[p.pos] = p


def _days_apart(a: Prepared, b: Prepared) -> int:
    if a.published is None or b.published is None:
        return 0
    return abs((a.published - b.published).days)


def _severity(cs: ComparisonSet, gap: Decimal, days_apart: int, config: Config) -> tuple[str, list[str]]:
    margins = config.severity
    reasons = list(cs.uncertainties)
    if gap < margins.low_below:
        level = 0
        reasons.append(f"near the boundary (gap {gap:.1%})")
    elif gap >= margins.high_above:
        level = 2
    else:
        level = 1
    if cs.uncertainties:
        level = min(level, 1)
    if any(u in cs.uncertainties for u in _LOW_ALWAYS):
        level = 0
    if cs.undated and days_apart > config.undated_far_apart_days:
        # Undated figures from articles far apart may refer to different years: never high, and the
        # reader is told why. Only a near-boundary gap makes a finding low.
        level = min(level, 1)
        reasons.append(f"documents published {days_apart} days apart")
    return SEVERITIES[level], reasons


def _subject(cs: ComparisonSet, claims: list[Prepared]) -> tuple[Subject, str]:
    first = claims[0]
    named = next((p for p in claims if not p.entity_english), first)  # the Chinese name over its romanisation
    entity = named.claim.subject.entity or named.entity
    if cs.group.metric.startswith(CONCEPT_MARK):  # a measure: named in words, identified by its concept
        said = named.claim.subject
        subject = _subject_record(entity, said.metric or cs.group.metric, cs.period, said.concept,
                                  tuple(sorted(said.facets.items())))
    else:
        subject = _subject_record(entity, cs.group.metric, cs.period)
    key = "|".join((first.entity, cs.group.metric, cs.period or "-", first.modality_class, first.family))
    return subject, key


def _record(p: Prepared) -> ClaimRecord:
    """The claim's wire record, one per claim however many findings hold it: the fields of
    ClaimRecord.from_claim, without validating again what the Claim already validated. Its
    quote (`quoted`) is set too: every claim of a finding is quoted in its explanation."""
    if p.record is None:
        if p.kept:
            p.record, quote = _made_of(p.claim)
        else:
            p.record, quote = _record_of(p.claim), None
        if p.quote is None:
            p.quote = quote or quoted(p.claim)
    return p.record


def _record_of(claim: Claim) -> ClaimRecord:
    return _trusted(ClaimRecord, _RecordFields(claim).__dict__, _RECORD_FIELDS_SET)


# What the engine makes of a kept claim alone (find_conflicts' `kept_claims`), its wire record
# and quote, kept while the claim lives (by identity): a server's corpus claims meet draft after
# draft, and the findings that hold them made both again for every draft, some 5% of a check.
# Only then: an entry costs some 250 bytes, a tenth of a gigabyte at a million claims.
_made: dict[int, tuple[weakref.ref, ClaimRecord, str]] = {}


def _made_of(claim: Claim) -> tuple[ClaimRecord, str]:
    key = id(claim)
    made = _made.get(key)
    if made is None or made[0]() is not claim:
        made = _made[key] = (weakref.ref(claim, partial(_forget, key)), _record_of(claim), quoted(claim))
    return made[1], made[2]


def _forget(key: int, ref: weakref.ref) -> None:
    """A claim's entry goes with it (another claim may have its id by then: that entry stays)."""
    made = _made.get(key)
    if made is not None and made[0] is ref:
        del _made[key]


class _RecordFields:
    """A claim's ClaimRecord fields, set in the model's field order. Instances of one plain class
    share their attribute names, so the `__dict__` taken from one is a split-table dict holding
    only the values (about 250 bytes against 830 for a dict built afresh): with a record per
    reported claim, the largest part of the engine's output. tests/test_engine_records.py checks
    the field order against the model."""

    def __init__(self, claim: Claim) -> None:
        q, s = claim.quantity, claim.span
        self.id = claim.id
        self.doc = claim.doc
        self.start = s.start
        self.end = s.end
        self.line = s.line
        self.column = s.column
        self.text = claim.text
        self.sentence = claim.sentence
        self.value = q.value
        self.low = q.low
        self.high = q.high
        self.qualifier = q.qualifier
        self.unit = q.unit
        self.dimension = q.dimension
        self.counter = q.counter
        self.precision = q.precision
        self.subject = claim.subject
        self.modality = claim.modality
        self.zone = claim.zone
        self.language = claim.language
        self.scope = claim.scope
        self.rule = claim.rule


class _FindingFields:
    """A finding's Conflict fields in the model's field order (split-table dict, as _RecordFields)."""

    def __init__(self, finding_id: str, code: str, kind: str, severity: str, subject: Subject,
                 claims: list[ClaimRecord], explanation: str, match: MatchKey,
                 evidence: dict[str, str] | None = None, unlisted_claims: int | None = None) -> None:
        self.id = finding_id
        self.code = code
        self.kind = kind
        self.severity = severity
        self.subject = subject
        self.claims = claims
        self.explanation = explanation
        self.match = match
        self.evidence = evidence
        self.unlisted_claims = unlisted_claims
        self.baselined = False  # the model's default, not among the fields set (as model_construct leaves it)


class _MatchFields:
    def __init__(self, key: str, reason: str) -> None:
        self.key = key
        self.reason = reason


# Every field of a record is given, so setting one again adds nothing to its fields-set: records
# share one. A finding's leaves out `baselined`, which a later assignment may add: one set each;
# and `unlisted_claims` unless the finding has it (as validating its JSON, which omits it, gives).
_RECORD_FIELDS_SET = set(ClaimRecord.model_fields)
_FINDING_FIELDS = frozenset(Conflict.model_fields) - {"baselined", "unlisted_claims"}
_MATCH_FIELDS = frozenset(MatchKey.model_fields)


def _trusted(model: type[_M], values: dict, fields_set: set[str]) -> _M:
    """An instance of `model` from values of the right types in field order: what
    `model_construct` makes, without its per-field bookkeeping."""
    record = model.__new__(model)
    object.__setattr__(record, "__dict__", values)
    object.__setattr__(record, "__pydantic_fields_set__", fields_set)
    object.__setattr__(record, "__pydantic_extra__", None)
    object.__setattr__(record, "__pydantic_private__", None)
    return record


@memo
def _subject_record(entity: str | None, metric: str, period: str | None, concept: str | None = None,
                    facets: tuple[tuple[str, str], ...] = ()) -> Subject:
    """One Subject per distinct subject: findings share it (nothing mutates findings' subjects)."""
    return Subject(entity=entity, metric=metric, period=period, concept=concept, facets=dict(facets))


@lru_cache(maxsize=1)
def _qualifier_patterns() -> tuple[re.Pattern | None, re.Pattern | None]:
    """Regexes for a qualifier word right before / right after a figure (claims/data/qualifiers.yaml)."""
    try:
        from numcheck.claims.qualifiers import LEX  # noqa: PLC0415 - optional sibling module
    except Exception:
        return None, None

    def alternation(words) -> str:
        return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))

    before = re.compile(rf"(?:{alternation(LEX.prefix)})\s*$", re.IGNORECASE) if LEX.prefix else None
    after = re.compile(alternation(LEX.suffix)) if LEX.suffix else None
    return before, after


_WINDOW = 12  # qualifier words are short: look this far around the figure


def quoted(claim: Claim) -> str:
    """The claim's words as an editor would search for them: the span plus an adjacent
    qualifier word (超140万, 10亿元以上), taken from the sentence."""
    text = claim.text
    if claim.quantity.qualifier in ("exact", "range"):
        return text
    sentence = claim.sentence
    at = sentence.find(text)
    if at < 0:
        return text
    lo = max(0, at - _WINDOW)
    end = at + len(text)
    head = _qualifier_before(sentence[lo:at])
    tail = _qualifier_after(sentence[end:end + _WINDOW])
    head_text = sentence[lo + head:at] if head is not None else ""
    tail_text = sentence[end:end + tail] if tail else ""
    return f"{head_text}{text}{tail_text}"


# Claims of one subject repeat the words around their figure (the same wording in many
# documents), and normalising and searching a short string costs more than a look-up.
@memo
def _qualifier_before(window: str) -> int | None:
    """Where a qualifier word ending the window starts, if one does."""
    pattern = _qualifier_patterns()[0]
    # normalize() keeps length, so offsets found in the simplified window hold in the original
    head = pattern.search(normalize(window)) if pattern else None
    return head.start() if head else None


@memo
def _qualifier_after(window: str) -> int | None:
    """Where a qualifier word starting the window ends, if one does."""
    pattern = _qualifier_patterns()[1]
    tail = pattern.match(normalize(window)) if pattern else None
    return tail.end() if tail else None


def _side_text(claims: list[Prepared]) -> str:
    """'a.txt says more than 1,400,000 (超140万)' for one cluster, documents grouped."""
    by_statement: dict[tuple[str, str], dict[str, None]] = {}  # documents in order, each once
    for p in claims:
        quote = p.quote
        if quote is None:
            quote = p.quote = _made_of(p.claim)[1] if p.kept else quoted(p.claim)
        stated = p.stated
        said = stated.described
        if said is None:
            said = stated.described = describe(p.claim.quantity)
        statement = (said, quote)
        labels = by_statement.get(statement)
        if labels is None:
            by_statement[statement] = {p.doc_label: None}
        else:
            labels[p.doc_label] = None
    parts = []
    for (said, text), docs in by_statement.items():
        verb = "says" if len(docs) == 1 else "say"
        words = "" if text.replace(" ", "") == said.replace(" ", "") else f" ({text})"
        parts.append(f"{', '.join(docs)} {verb} {said}{words}")
    return "; ".join(parts)


def _reference_interval(p: Prepared, common: Interval) -> Interval:
    """A cluster's common interval back in the unit of its first claim (for display)."""
    return common.scaled(1 / p.factor) if p.factor != 1 else common


def _conflict(cs: ComparisonSet, clusters, involved: dict[int, Prepared], gap: Decimal,
              days_apart: int, config: Config) -> Conflict:
    sides = []
    for claims, _ in clusters:
        mine = [p for p in claims if p.pos in involved]
        if mine:
            sides.append(mine)
    ordered = [p for side in sides for p in side]
    docs = {p.doc for p in ordered}
    finding = Finding(
        agreement=False,
        documents=len(docs),
        all_definite=all(p.definite for p in ordered),
        unit_family=ordered[0].family,
    )
    rule = classify(finding)
    assert rule is not None  # every disagreement has a rule (NC101..NC104)
    severity, reasons = _severity(cs, gap, days_apart, config)
    borrowed = sorted({p.doc_label for p in ordered if p.entity_from_document})
    if borrowed:
        reasons.append(f"entity not stated in {', '.join(borrowed)}; taken from the document")
        severity = min(severity, "medium", key=SEVERITIES.index)
    subject, key = _subject(cs, ordered)
    intervals = []
    for side in sides:
        common = side[0].interval
        for p in side[1:]:
            common = common.intersect(p.interval) or common
        intervals.append(_reference_interval(side[0], common).text())
    head = " ".join(x for x in (subject.entity, subject.metric, cs.period) if x)
    explanation = (
        f"{head}: " + "; ".join(_side_text(side) for side in sides)
        + f" — intervals {' and '.join(intervals)} do not overlap"
    )
    if reasons:
        explanation += f" ({'; '.join(reasons)})"
    return _finding(_finding_id(rule.CODE, key, ordered), rule.CODE, rule.NAME, severity, subject, ordered,
                    explanation, key, cs.group.reason, _evidence(cs, ordered))


@dataclass(slots=True)
class Agreement:
    """A corroboration found but not yet written out: its id, claims and cluster are enough to
    deduplicate, select and order it, so only the reported ones pay for the explanation and
    the wire records (with `--against`, most agreements among old documents are dropped)."""

    id: str
    cs: ComparisonSet
    members: list[Prepared]
    common: Interval
    rule_code: str
    rule_name: str
    subject: Subject
    key: str
    # the claims listed (bound()), when fewer than `members`; how many of the others are not
    shown: list[Prepared] | None = None
    unlisted: int = 0

    @property
    def listed(self) -> list[Prepared]:
        return self.members if self.shown is None else self.shown

    def bound(self, limit: int, given: set[str]) -> None:
        """List every claim of the `given` documents and at most `limit` of the others (the first
        in the finding's order); the rest are counted, not listed."""
        shown: list[Prepared] = []
        others = 0
        for p in self.members:
            if p.doc in given:
                shown.append(p)
            elif others < limit:
                shown.append(p)
                others += 1
        if len(shown) < len(self.members):
            self.shown, self.unlisted = shown, len(self.members) - len(shown)

    def build(self) -> Conflict:
        cs, subject = self.cs, self.subject
        claims = self.listed
        docs = {p.doc for p in self.members}
        head = " ".join(x for x in (subject.entity, subject.metric, cs.period) if x)
        more = ""
        if self.unlisted:
            more = f"; {self.unlisted:,} more agreeing claim{'s' if self.unlisted != 1 else ''} not listed"
        explanation = (
            f"{head}: {len(docs)} documents agree — {_side_text(claims)}{more}; "
            f"common interval {_reference_interval(self.members[0], self.common).text()}"
        )
        doubts = list(cs.uncertainties)
        borrowed = sorted({p.doc_label for p in claims if p.entity_from_document})
        if borrowed:
            doubts.append(f"entity not stated in {', '.join(borrowed)}; taken from the document")
        if doubts:
            explanation += f" ({'; '.join(doubts)})"
        return _finding(self.id, self.rule_code, self.rule_name, "low", subject, claims, explanation,
                        self.key, cs.group.reason, unlisted=self.unlisted or None)


def _agreement(cs: ComparisonSet, claims: list[Prepared], common: Interval) -> Agreement:
    docs = {p.doc for p in claims}
    finding = Finding(agreement=True, documents=len(docs), all_definite=all(p.definite for p in claims),
                      unit_family=claims[0].family)
    rule = classify(finding)
    assert rule is not None
    subject, key = _subject(cs, claims)
    return Agreement(_finding_id(rule.CODE, key, claims), cs, claims, common, rule.CODE, rule.NAME, subject, key)


def _finding_id(code: str, key: str, claims: list[Prepared]) -> str:
    return signature_conflict_id(code, key, (_signature(p) for p in claims))


def _signature(p: Prepared) -> str:
    """numcheck.checker.ids.claim_signature, with the document identity the record already holds."""
    signature = p.signature
    if signature is None:
        stated = p.stated
        if stated.value_text is None:
            stated.value_text = value_key(p.claim)
        signature = p.signature = f"{p.doc_label}{_SEP}{norm_content(p.text)}{_SEP}{stated.value_text}"
    return signature


def _finding(finding_id: str, code: str, name: str, severity: str, subject: Subject, claims: list[Prepared],
             explanation: str, key: str, reason: str, evidence: dict[str, str] | None = None,
             unlisted: int | None = None) -> Conflict:
    """A Conflict from parts the engine made itself (a known rule and severity, validated
    claims, two or more of them): built without validating them again, the engine's
    hottest allocation."""
    records = [_record(p) for p in claims]
    match = _trusted(MatchKey, _MatchFields(key, reason).__dict__, set(_MATCH_FIELDS))
    return _trusted(Conflict, _FindingFields(finding_id, code, name, severity, subject, records, explanation,
                                             match, evidence, unlisted).__dict__,
                    set(_FINDING_FIELDS) if unlisted is None else {*_FINDING_FIELDS, "unlisted_claims"})


def _evidence(cs: ComparisonSet, ordered: list[Prepared]) -> dict[str, str]:
    """Why the claims of a conflict speak of one quantity, part by part, with the words that gave
    each part to each claim (A, B, … as the reports label them)."""
    labels = [claim_label(i) for i in range(len(ordered))]  # once for all five parts

    def said(field: str) -> str:
        words: dict[str, list[str]] = {}
        for label, p in zip(labels, ordered):
            why = p.claim.evidence.get(field)
            if why:
                words.setdefault(why, []).append(label)
        return "; ".join(f"{'/'.join(labels)}: {why}" for why, labels in words.items())

    def part(value: str, field: str) -> str:
        words = said(field)
        return f"{value} — {words}" if words else value

    first = ordered[0].claim.subject
    entities = sorted({p.claim.subject.entity or p.entity for p in ordered})
    facets = ", ".join(f"{k}={v}" for k, v in sorted(first.facets.items())) or "none stated (the whole)"
    return {
        "entity": part(" = ".join(entities), "entity"),
        "measure": part(first.concept or cs.group.metric, "metric"),
        "facets": facets,
        "period": part(cs.period or "undated", "period"),
        "modality": part(ordered[0].modality_class, "modality"),
        "match": cs.group.reason,
    }
