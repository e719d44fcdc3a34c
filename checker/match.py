"""Which claims speak of the same thing: blocking, then metric matching inside a block.

Cost stays close to linear in the number of claims:

1. `prepare` turns each claim into a `Prepared` record once (unit family, admitted
   interval in base units, normalised entity/metric/period). Strings are
   normalised through caches, since a corpus repeats the same few thousand.
2. `block_key` buckets records by unit family, modality class, scope and entity
   (a dict, one pass). Different entities, units or modalities never meet.
3. Inside a block, `metric_groups` buckets by canonical metric (synonyms from
   claims/metrics.py when present) and links two buckets only when one metric is
   the other plus neutral words (大学生 ~ 在校大学生), found through an inverted
   character index, not by comparing every pair of metrics.

Every group carries the reason it was formed, so a conflict can say why its
claims were taken to speak of the same thing.
"""
from __future__ import annotations

import re
import weakref
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache, partial
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from numcheck.checker.compare import Interval, admitted, unit_base
from numcheck.checker.config import Config
from numcheck.checker.ids import doc_identity
from numcheck.checker.memo import memo
from numcheck.claims.entity_keys import entity_key as romanised_entity_key
from numcheck.claims.entity_keys import coined_core, has_chinese, name_core
from numcheck.claims.errors import ConfigError
from numcheck.claims.normalize import normalize
from numcheck.schemas.models import Claim, ClaimRecord, Document

DATA_FILE = Path(__file__).parent / "data" / "matching.yaml"

# plan and target speak of the same intended future; a forecast is someone's expectation.
MODALITY_CLASS = {"actual": "actual", "plan": "intended", "target": "intended", "forecast": "forecast"}


class MatchingLexicon(BaseModel):
    """The format of checker/data/matching.yaml (documented in its header)."""

    model_config = ConfigDict(extra="forbid")

    neutral_metric_words: list[str]
    entity_suffixes: list[str] = []  # extra endings only: the bundled ones are in claims/data/entity_suffixes.yaml
    generic_counters: list[str]
    counter_classes: list[list[str]]
    segment_endings: list[str] = []


_extra_dirs: tuple[Path, ...] = ()


@lru_cache(maxsize=1)
def lexicon() -> MatchingLexicon:
    """The bundled matching.yaml, extended by a matching.yaml in each configured lexicon folder."""
    merged = load_lexicon(DATA_FILE)
    for folder in _extra_dirs:
        extra_file = folder / DATA_FILE.name
        if not extra_file.is_file():
            continue
        extra = load_lexicon(extra_file, partial=True)
        merged = MatchingLexicon(
            neutral_metric_words=merged.neutral_metric_words + extra.neutral_metric_words,
            entity_suffixes=merged.entity_suffixes + extra.entity_suffixes,
            generic_counters=merged.generic_counters + extra.generic_counters,
            counter_classes=merged.counter_classes + extra.counter_classes,
            segment_endings=merged.segment_endings + extra.segment_endings,
        )
    return merged


def use_lexicon_dirs(config: Config) -> None:
    """Load the configuration's extra lexicon folders (cheap when they are unchanged)."""
    global _extra_dirs
    dirs = tuple(config.resolve(d) for d in config.lexicon_dirs)
    if dirs == _extra_dirs:
        return
    _extra_dirs = dirs
    for cached_function in (lexicon, entity_key, counter_class, _counter_class_of, _neutral):
        cached_function.cache_clear()


def load_lexicon(path: Path, *, partial: bool = False) -> MatchingLexicon:
    """Read and validate a matching.yaml; `partial` lets an extra file give only some lists."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if partial and isinstance(data, dict):
            data = {key: [] for key in MatchingLexicon.model_fields} | data
        return MatchingLexicon.model_validate(data)
    except yaml.YAMLError as exc:
        raise ConfigError(str(path), "E201", f"malformed YAML: {exc}") from None
    except OSError as exc:
        raise ConfigError(str(path), "E201", f"cannot read lexicon ({exc})") from None
    except ValidationError as exc:
        err = exc.errors()[0]
        key = ".".join(str(p) for p in err["loc"])
        raise ConfigError(str(path), "E201", f"key {key}: {err['msg']}") from None


# ---------------------------------------------------------------- normalising subject fields

_SPACES = re.compile(r"\s+")
_PERIOD_PART = re.compile(r"-(?=[QH]\d)")


@memo
def norm_text(text: str) -> str:
    """Simplified script, half-width, lower case, single spaces: the form strings are compared in."""
    return _SPACES.sub(" ", normalize(text)).strip().lower()


@memo
def entity_key(entity: str | None) -> str | None:
    if not entity:
        return None
    e = coined_core(name_core(norm_text(entity)))  # generic endings: claims/data/entity_suffixes.yaml
    for suffix in lexicon().entity_suffixes:  # endings a configured lexicon folder adds
        if e.endswith(suffix) and len(e) > len(suffix) + 1:
            e = e[: -len(suffix)]
            break
    return e.strip() or None


@lru_cache(maxsize=4096)
def period_key(period: str | None) -> str | None:
    """2025-Q1 and 2025Q1 are one period, and so are the months that make a quarter, a half or
    the year (2025-01..2025-06 is 2025H1: 1—6月 and 上半年 name one window); anything else is
    compared as written."""
    if not period:
        return None
    period = period.strip().upper()
    months = _MONTH_WINDOW.fullmatch(period)
    if months and months["y1"] == months["y2"]:
        named = _NAMED_WINDOWS.get((int(months["m1"]), int(months["m2"])))
        if named is not None:
            return months["y1"] + named
    return _PERIOD_PART.sub("", period)


_MONTH_WINDOW = re.compile(r"(?P<y1>\d{4})-(?P<m1>\d\d)\.\.(?P<y2>\d{4})-(?P<m2>\d\d)")
_NAMED_WINDOWS = {(1, 3): "Q1", (4, 6): "Q2", (7, 9): "Q3", (10, 12): "Q4", (1, 6): "H1", (7, 12): "H2", (1, 12): ""}


CONCEPT_MARK = "§"  # metric keys of claims whose measure is a known concept (claims/measures.py)


def concept_key(concept: str, facets: dict[str, str]) -> tuple[str, str]:
    """(metric key, reason) of a claim with a known measure: the concept and every facet, so two
    claims meet only when both agree (a facet left unsaid is the whole, not any part)."""
    narrowed = ";".join(f"{k}={_segment_name(v) if k == 'segment' else norm_text(v)}"
                        for k, v in sorted(facets.items()))
    key = f"{CONCEPT_MARK}{concept}" + (f"@{narrowed}" if narrowed else "")
    return key, f"measure {concept}" + (f" ({narrowed})" if narrowed else "")


def _segment_name(segment: str) -> str:
    """A segment's name without an ending that does not narrow it (寿险业务 -> 寿险)."""
    name = norm_text(segment)
    for ending in sorted(lexicon().segment_endings, key=len, reverse=True):
        if name.endswith(ending) and len(name) - len(ending) >= 2:
            return name[: -len(ending)]
    return name


@memo
def metric_key(metric: str | None) -> tuple[str, str | None]:
    """(canonical metric, synonym note). The note names the synonym entry used, if any."""
    if not metric:
        return "", None
    raw = norm_text(metric)
    canonical = _canonical_metric(raw)
    if canonical and canonical != raw:
        return canonical, f"{raw} → {canonical}"
    return raw, None


def _canonical_metric(metric: str) -> str:
    fn = _metrics_module_function("canonical_metric")
    if fn is None:
        return metric
    try:
        return norm_text(fn(metric)) or metric
    except Exception:  # a lexicon problem upstream must not stop the check
        return metric


@lru_cache(maxsize=4)
def _metrics_module_function(name: str):
    """claims/metrics.py is optional: identity when it is absent."""
    try:
        from numcheck.claims import metrics  # noqa: PLC0415 - optional sibling module
    except ImportError:
        return None
    return getattr(metrics, name, None)


@lru_cache(maxsize=4096)
def counter_class(counter: str | None) -> str | None:
    """The class of a measure word; None for no counter or a generic one (个)."""
    if not counter:
        return None
    c = norm_text(counter)
    lex = lexicon()
    if c in lex.generic_counters:
        return None
    return _counter_class_of().get(c, c)


@lru_cache(maxsize=1)
def _counter_class_of() -> dict[str, str]:
    """Each measure word of a class (as norm_text writes it: TEU -> teu) -> the class's first."""
    return {norm_text(w): norm_text(cls[0]) for cls in reversed(lexicon().counter_classes) for w in cls}


# ---------------------------------------------------------------- prepared claims


@dataclass(slots=True)
class Prepared:
    """One claim with everything matching and comparison need, computed once."""

    pos: int  # index in the input list: stable tie-breaker
    claim: Claim
    family: str
    factor: Decimal  # claim unit -> family base unit
    interval: Interval  # admitted interval in base units
    entity: str
    metric: str
    synonym: str | None
    period: str | None
    modality_class: str
    scope: str
    counter: str | None
    published: date | None
    definite: bool
    sentence_start: int = 0  # claim.sentence_start: with `doc`, which sentence the claim is in
    record: ClaimRecord | None = None  # the wire record, built once when a finding needs it
    signature: str | None = None  # checker.ids.claim_signature, computed once when a finding needs it
    quote: str | None = None  # the claim's words with an adjacent qualifier (engine.quoted), once
    entity_from_document: bool = False  # the claim named no entity; its document's entity stands in
    # the script-independent entity key (claims/entity_keys.py): 美达集团 and Meida Group -> meida
    entity_romanised: str = ""
    entity_english: bool = False  # the entity is written in Latin letters (an English name)
    doc: str = ""  # claim.doc, kept here so the engine's hot loops stay within these records
    doc_label: str = ""  # the document's identity (checker.ids.doc_identity), as findings name it
    # the order of claims in a comparison set: by admitted interval (open sides first, then the
    # bounds: one tuple shared by equal quantities), then document identity and position, so
    # clusters and findings do not depend on input order
    order: tuple = ()
    stated: StatedQuantity | None = None  # shared by the records of claims stating an equal quantity
    # claim.text, read with the rest of the claim in input order: finding ids need it in block
    # order, where reaching it through the claim costs several cache misses at a million claims
    text: str = ""
    # the periods its document's claims are dated to: an undated claim is read as one of them
    # (Config.undated_against_dated), never as a period its own document does not speak of
    doc_periods: frozenset = frozenset()
    # an undated claim's window of a year the text does not say (三季度 -> "Q3", 1—9月 -> "01..09")
    window: str | None = None
    kept: bool = False  # the claim comes back in later checks (prepare's `kept_claims`)


def prepare(claims: list[Claim], documents: dict[str, Document], config: Config,
            document_entities: dict[str, str | None] | None = None, kept_claims: bool = False) -> list[Prepared]:
    """Records for the claims that can be cross-checked (a subject, a body zone unless configured).

    A claim without an entity takes its document's entity when the document is plainly about
    one (DOCUMENT_ENTITY_SHARE of its named claims name it); such records carry
    `entity_from_document`, which the engine states and which caps severity. Inference stays
    within one document, so any partition that keeps documents whole gives the same records;
    `document_entities` (path -> entity or None) gives it for documents present only in part.
    """
    use_lexicon_dirs(config)
    # One pass over the claims (a large corpus is mostly memory traffic). What claims share is
    # worked out once: per document, per entity, per quantity (a corpus repeats figures, and
    # records of an equal quantity share its interval's Decimals too).
    doc_info: dict[str, tuple[date | None, str]] = {}
    entity_info: dict[str | None, tuple[str, bool]] = {None: ("", False)}  # None: taken from the document
    quantity_info: dict[tuple, StatedQuantity | None] = {}
    metric_of: dict[object, tuple[str, str | None]] = {}  # the caches of metric_key and entity_key,
    entity_of: dict[str | None, str | None] = {}  # without their bookkeeping
    named_docs: list[str] = []  # document and entity key of every claim with a metric, for
    named_entities: list[str | None] = []  # _document_entities
    out: list[Prepared] = []
    unnamed = 0
    if kept_claims:
        memo = _alone_memo(config)
    for pos, c in enumerate(claims):
        if kept_claims:  # the same claim objects come back draft after draft: worked out once
            made = memo.get(id(c))
            if made is None or made[0]() is not c:
                made = memo[id(c)] = (weakref.ref(c, partial(_forget_alone, memo, id(c))),
                                      _alone(c, config, metric_of, entity_of, quantity_info, entity_info))
            alone = made[1]
        else:
            alone = _alone(c, config, metric_of, entity_of, quantity_info, entity_info)
        if alone is None:
            continue
        ent, stated = alone
        doc_name = c.doc
        named_docs.append(doc_name)
        named_entities.append(ent)
        if stated is None:
            continue  # admits everything: can neither conflict nor corroborate
        info, metric, synonym, period, modality_class, scope, counter, romanised, english = stated
        known = doc_info.get(doc_name)
        if known is None:
            doc = documents.get(doc_name)
            known = doc_info[doc_name] = (doc.published if doc is not None else None, doc_identity(doc_name))
        published, identity = known
        out.append(Prepared(
            pos, c, info.family, info.factor, info.interval, ent, metric, synonym,  # type: ignore[arg-type]
            period, modality_class, scope, counter, published, info.definite, c.sentence_start,
            None, None, None, ent is None, romanised, english, doc_name, identity,
            (info.order, identity, c.span.start, pos), info, c.text, kept=kept_claims,
        ))
        unnamed += ent is None
    _join_short_names(out)
    if config.undated_against_dated:
        _date_documents(out, documents)
    if not unnamed:
        return out
    # Claims without an entity take their document's, or are dropped.
    doc_entity = _document_entities(named_docs, named_entities)
    for doc_name, ent in (document_entities or {}).items():
        if ent is None:
            doc_entity.pop(doc_name, None)
        else:
            doc_entity[doc_name] = ent
    kept = []
    for p in out:
        if p.entity is None:
            ent = doc_entity.get(p.doc)
            if ent is None:
                continue  # no entity, and the document is about several
            names = entity_info.get(ent)
            if names is None:
                names = entity_info[ent] = (romanised_entity_key(ent), not has_chinese(ent))
            p.entity, p.entity_romanised, p.entity_english = ent, names[0], names[1]
        kept.append(p)
    return kept


def _alone(c: Claim, config: Config, metric_of: dict, entity_of: dict, quantity_info: dict,
           entity_info: dict) -> tuple | None:
    """What prepare makes of a claim alone (nothing of its document or position): None when it
    is left out before its entity counts (boilerplate, unsure, no metric), else (entity key,
    None when its quantity admits everything, else (StatedQuantity, metric, synonym, period,
    modality class, scope, counter class, romanised entity key, whether the entity is English)).
    The dicts are prepare's caches of metric_key, entity_key, _quantity_info and the entity names."""
    if c.zone == "boilerplate" and not config.include_boilerplate:
        return None
    subject = c.subject
    if subject.confidence is not None and subject.confidence < config.min_confidence:
        return None  # too unsure what the number is about (subject.reason says why): never paired
    if subject.concept:
        said = (subject.concept, *sorted(subject.facets.items()))
        keyed = metric_of.get(said)
        if keyed is None:
            keyed = metric_of[said] = concept_key(subject.concept, subject.facets)
    else:
        said = subject.metric
        keyed = metric_of.get(said)
        if keyed is None:
            keyed = metric_of[said] = metric_key(said)
    metric, synonym = keyed
    if not metric:
        return None  # without a metric nothing says two claims measure the same thing
    said = subject.entity
    ent = entity_of.get(said, _MISSING)
    if ent is _MISSING:
        ent = entity_of[said] = entity_key(said)
    q = c.quantity
    value, qualifier = q.value, q.qualifier
    # Outside ranges a stated value decides everything (admitted, describe and value_key read
    # the bounds only without one). Zeros are not shared: -0 and 0 are equal keys but print apart.
    if value is not None and qualifier != "range":
        key = (qualifier, q.unit, value, q.precision) if value else None
    else:
        low, high = q.low, q.high
        nonzero = (value is None or value) and (low is None or low) and (high is None or high)
        key = (qualifier, q.unit, value, low, high) if nonzero else None
    if key is None:
        info = _quantity_info(q, config)
    else:
        info = quantity_info.get(key, _MISSING)
        if info is _MISSING:
            info = quantity_info[key] = _quantity_info(q, config)
    if info is None:
        return ent, None
    names = entity_info.get(ent)
    if names is None:
        names = entity_info[ent] = (romanised_entity_key(ent), not has_chinese(ent))
    return ent, (info, metric, synonym, period_key(subject.period), MODALITY_CLASS.get(c.modality, c.modality),
                 c.scope or "whole", counter_class(q.counter), names[0], names[1])


# What prepare makes of a kept claim alone (its `kept_claims`: a server's corpus claims meet
# draft after draft), kept while the claim lives (by identity) and while the configuration is
# the one it was made under: (the configuration, claim id -> (weak reference, _alone's result)).
_alone_kept: list = [None, {}]


def _alone_memo(config: Config) -> dict[int, tuple]:
    if _alone_kept[0] != config:  # another configuration (or this one changed): made again
        _alone_kept[:] = [config.model_copy(deep=True), {}]
    return _alone_kept[1]


def _forget_alone(memo: dict, key: int, ref: weakref.ref) -> None:
    """A claim's entry goes with it (another claim may have its id by then: that entry stays)."""
    made = memo.get(key)
    if made is not None and made[0] is ref:
        del memo[key]


def _join_short_names(records: list[Prepared]) -> None:
    """A coined name alone (星幕) and the same name with its line of business (星幕视频) are one
    company when the set holds exactly one such longer name: one article writes the brand, another
    the brand and its business. The short name's records take the long one's name and key (its
    English romanisation too: Xingmu). A name the dictionary or the gazetteer knows (小米, 长安) is
    never joined: its longer forms may be other companies (小米汽车)."""
    key_of: dict[str, str] = {}  # each Chinese name in the set -> its key
    grouped: set[str] = set()  # short names also written with a legal form (星幕集团): the group's
    for p in records:
        if p.entity and not p.entity_english:
            key_of.setdefault(p.entity, p.entity_romanised)
            if (p.claim.subject.entity or p.entity) != p.entity:
                grouped.add(p.entity)
    _join_english_business_names(records, key_of)
    if len(key_of) < 2:
        return
    endings = _business_endings()
    ending_words = tuple(endings)
    by_stem: dict[str, set[str]] = defaultdict(set)  # a coined two- or three-character start -> the names it starts
    by_first: dict[str, list[str]] = defaultdict(list)  # a first character -> the company names it opens
    for name in key_of:
        for cut in (2, 3):
            if len(name) >= cut and _coined(name[:cut]):
                by_stem[name[:cut]].add(name)
        if len(name) >= 4 and name.endswith(ending_words):
            by_first[name[0]].append(name)
    joined: dict[str, tuple[str, str]] = {}

    def join_if_one(short: str, fulls: list[str]) -> None:
        if len(fulls) == 1:
            joined[short] = (fulls[0], key_of[fulls[0]])

    for short in key_of:  # 汀银 for 汀州银行, 岚行 for 岚山银行: an abbreviation, its characters in order
        if len(short) == 2 and short not in grouped and _coined(short):
            join_if_one(short, [full for full in by_first.get(short[0], ())
                                if _leaves_out(full[1:], short[1:]) and not full.startswith(short)])
    for stem, names in by_stem.items():
        for short in names:
            rest = short[len(stem):]
            if short in grouped or short in joined or (rest and rest not in endings):
                continue
            # 芯衡装备 in one article, 芯衡半导体装备 in another: the shorter business words are
            # the longer's with some left out; 美达汽车 and 美达集团 are two companies
            join_if_one(short, [full for full in names if len(full) > len(short) and full.endswith(ending_words)
                                and _leaves_out(full[len(stem):], rest)])
    if not joined:
        return
    by_key = {key_of[short]: target for short, target in joined.items()}  # Xingmu: the English name of 星幕
    for p in records:
        target = joined.get(p.entity) if not p.entity_english else by_key.get(p.entity_romanised)
        if target is not None:
            p.entity, p.entity_romanised = (p.entity if p.entity_english else target[0]), target[1]


def _leaves_out(longer: str, shorter: str) -> bool:
    """Whether `shorter` is `longer` with some characters left out, in order (装备 of 半导体装备)."""
    chars = iter(longer)
    return all(c in chars for c in shorter)


def _join_english_business_names(records: list[Prepared], key_of: dict[str, str]) -> None:
    """绿驰 in the Chinese articles, Lvchi Charging in the English one: an English name that is a
    coined Chinese name's romanisation and a line of business (and the only such name in the set)
    is that company, when no Chinese article writes the longer name itself."""
    # (a coined name that the set also writes with a business of its own, 绿驰地产, is that one's)
    shorts = {key for name, key in key_of.items() if key and _coined(name)
              and not any(other != name and other.startswith(name) for other in key_of)}
    if not shorts:
        return
    words = _english_business_keys()
    longer: dict[str, set[str]] = defaultdict(set)  # a Chinese short key -> the English keys it starts
    for p in records:
        key = p.entity_romanised
        if p.entity_english and key and key not in shorts:
            for short in shorts:
                if key.startswith(short) and key[len(short):] in words:
                    longer[short].add(key)
    chinese_keys = set(key_of.values())
    targets = {key: short for short, keys in longer.items() if len(keys) == 1
               for key in keys if key not in chinese_keys}
    for p in records:
        if p.entity_english and p.entity_romanised in targets:
            p.entity_romanised = targets[p.entity_romanised]


@lru_cache(maxsize=1)
def _english_business_keys() -> frozenset[str]:
    """English words of a line of business, as keys write them (charging, newenergy)."""
    from numcheck.claims.entity_keys import suffixes

    return frozenset(w.replace(" ", "").lower() for words in suffixes().business_words.values() for w in words)


@lru_cache(maxsize=1)
def _business_endings() -> frozenset[str]:
    """The words a company's name may end in after its coined name (体育, 视频, 水泥, 集团)."""
    from numcheck.claims.entities import gazetteer
    from numcheck.claims.entity_keys import suffixes

    return frozenset({*suffixes().business_words, *gazetteer().org_suffixes, *gazetteer().hard_org_suffixes})


@lru_cache(maxsize=4096)
def _coined(name: str) -> bool:
    """A name no dictionary word and no gazetteer entry holds (星幕, 踏峰; not 小米, 长安, 武汉)."""
    from numcheck.claims.entities import _gazetteer_index
    from numcheck.claims.segment import dictionary

    return dictionary().freq(name) == 0 and not _gazetteer_index()[1].get(name)


def _date_documents(records: list[Prepared], documents: dict[str, Document]) -> None:
    """Give every record the periods its document dates claims to: as extraction recorded them
    for the whole document (a corpus document may be given here in part), else as its records say."""
    periods: dict[str, set[str]] = defaultdict(set)
    for p in records:
        if p.period:
            periods[p.doc].add(p.period)
    frozen = {}
    for doc in {p.doc for p in records}:
        recorded = documents[doc].periods if doc in documents else None
        frozen[doc] = frozenset(periods[doc] if recorded is None else filter(None, map(period_key, recorded)))
    for p in records:
        # a window of a year the text does not say (第二季度 in an undated article) is no whole
        # period of its document: such a claim is never read as one of them, only as that window
        p.window = undated_window((p.claim.evidence or {}).get("period", "")) if not p.period else None
        p.doc_periods = frozenset() if p.window else frozen.get(p.doc, p.doc_periods)


_UNRESOLVED = re.compile(r"^(.{1,24}?) -> undated$")


@lru_cache(maxsize=4096)
def undated_window(said: str) -> str | None:
    """The window of a year an undated claim's time words name ("第二季度 -> undated" -> "Q2",
    "1—9月" -> "01..09", "October" -> "10"), or None when they name none (目前, a whole year)."""
    m = _UNRESOLVED.match(said)
    if m is None:
        return None
    from numcheck.claims.periods import find_time_expressions, resolve

    words = normalize(m.group(1))
    exprs = find_time_expressions(words, "en" if words.isascii() else "zh")
    resolve(exprs, date(2000, 12, 31))  # any year will do: only the window is kept
    periods = [e.period for e in exprs if e.period and e.period.startswith("2000-")]
    return window_of(periods[0]) if len(periods) == 1 else None


def window_of(period: str | None) -> str | None:
    """The window of a dated period, without its year (2025-Q3 -> "Q3", 2025-01..2025-09 ->
    "01..09"), through period_key so that 2025-01..2025-06 and 2025-H1 are one window."""
    key = period_key(period)
    if not key or not key[:4].isdigit() or len(key) == 4:
        return None  # no period, or a whole year (2025) or years (2024..2025): no window of one year
    year, rest = key[:4], key[4:].lstrip("-")
    first, _, last = rest.partition("..")
    if not last:
        return rest  # Q3, H1, 10
    return f"{first}..{last[5:]}" if last.startswith(year + "-") else None  # (2024-11..2025-02: two years)


_ZERO = Decimal(0)
_MISSING = object()


@dataclass(slots=True)
class StatedQuantity:
    """What records need of a quantity, the same for every claim stating an equal one (equal
    Decimals may differ in trailing zeros, which nothing shown or hashed keeps: numbers are
    written normalised)."""

    family: str
    factor: Decimal
    interval: Interval  # admitted interval in base units
    definite: bool
    order: tuple  # open sides first, then the bounds: the head of Prepared.order
    described: str | None = None  # compare.describe, when a finding first shows it
    value_text: str | None = None  # ids.value_key, when a finding id first needs it


def _quantity_info(q, config: Config) -> StatedQuantity | None:
    base = unit_base(q.unit)
    interval = admitted(q, config)
    if interval.low is None and interval.high is None:
        return None
    scaled = interval.scaled(base.factor) if base.factor != 1 else interval
    low, high = scaled.low, scaled.high
    order = (0 if low is None else 1, low if low is not None else _ZERO,
             1 if high is None else 0, high if high is not None else _ZERO)
    definite = q.value is not None and q.qualifier in ("exact", "approx", "nearly")
    return StatedQuantity(base.family, base.factor, scaled, definite, order)


DOCUMENT_ENTITY_SHARE = 0.75  # a document is "about" an entity that this share of its named claims name
DOCUMENT_ENTITY_MIN_CLAIMS = 2


def _document_entities(docs: list[str], entities: list[str | None]) -> dict[str, str]:
    """The entity each document is plainly about, if any (claims' documents and entities, in pairs)."""
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for (doc, ent), n in Counter(zip(docs, entities)).items():
        if ent is not None:
            counts[doc][ent] = n
    out = {}
    for doc, per_entity in counts.items():
        top, n = max(per_entity.items(), key=lambda kv: (kv[1], kv[0]))
        if n >= DOCUMENT_ENTITY_MIN_CLAIMS and n >= DOCUMENT_ENTITY_SHARE * sum(per_entity.values()):
            out[doc] = top
    return out


def block_key(p: Prepared) -> str:
    """Claims in different blocks never speak of the same thing. A plain string, so a
    distributed engine can derive a stable partition from its sha256. The entity part is
    the romanised key, so an English name meets the Chinese one; `entity_groups` then
    keeps different Chinese names apart inside the block."""
    return "\x1f".join((p.family, p.modality_class, p.scope, p.entity_romanised or p.entity))


def entity_groups(block: list[Prepared]) -> list[tuple[list[Prepared], str | None]]:
    """The block split into claims about one entity, each with the reason English names joined.

    Chinese names are compared as written (two Chinese names with one pinyin reading are two
    entities). English names are romanisations, so they join the Chinese name of their key when
    the block holds exactly one; the English claims then take that name, so findings are keyed
    and named alike whichever claim comes first. With several Chinese names the English claims
    are ambiguous and are compared only among themselves.
    """
    chinese: dict[str, list[Prepared]] = defaultdict(list)
    english: list[Prepared] = []
    for p in block:
        (english if p.entity_english else chinese[p.entity]).append(p)
    if not english or not chinese:
        return [(members, None) for _, members in sorted(chinese.items())] + ([(english, None)] if english else [])
    if len(chinese) > 1:
        return [(members, None) for _, members in sorted(chinese.items())] + [(english, None)]
    (name, members), = chinese.items()
    said_en = sorted({p.claim.subject.entity or p.entity for p in english})
    said_zh = sorted({p.claim.subject.entity or p.entity for p in members})
    reason = (f"entity {' / '.join(said_en)} = {' / '.join(said_zh)} "
              f"(English name romanises to the same key {english[0].entity_romanised})")
    for p in english:
        p.entity = name
    joined = {id(p) for p in english} | {id(p) for p in members}
    return [([p for p in block if id(p) in joined], reason)]


def blocks(prepared: list[Prepared]) -> dict[str, list[Prepared]]:
    """Records by block_key, in input order within a block. Grouped by the key's parts first:
    the joined string is made once per block rather than once per claim."""
    by_parts: dict[tuple[str, str, str, str], list[Prepared]] = defaultdict(list)
    for p in prepared:
        by_parts[p.family, p.modality_class, p.scope, p.entity_romanised or p.entity].append(p)
    out: dict[str, list[Prepared]] = defaultdict(list)
    for parts, members in by_parts.items():
        key = "\x1f".join(parts)
        if key in out:  # parts holding the separator joined alike: one block, as block_key has it
            out[key] = sorted(out[key] + members, key=lambda q: q.pos)
        else:
            out[key] = members
    return out


# ---------------------------------------------------------------- metric matching


@dataclass(slots=True)
class MetricGroup:
    """Claims of one block whose metrics match, with the reason they match.

    For a link between two different metrics, `sides` holds the claim positions of
    each metric: only disagreements across the sides belong to this group (each
    side's own disagreements are found in its exact group).
    """

    metric: str
    members: list[Prepared]
    reason: str
    fuzzy: bool = False
    sides: tuple[frozenset[int], frozenset[int]] | None = None


def metric_groups(block: list[Prepared]) -> list[MetricGroup]:
    by_metric: dict[str, list[Prepared]] = defaultdict(list)
    for p in block:
        by_metric[p.metric].append(p)
    groups = []
    for metric in sorted(by_metric):
        members = by_metric[metric]
        groups.append(MetricGroup(metric, members, _exact_reason(metric, members)))
    for short, long, extra in _contained_pairs(sorted(m for m in by_metric if not m.startswith(CONCEPT_MARK))):
        a, b = by_metric[short], by_metric[long]
        groups.append(MetricGroup(
            metric=short,
            members=a + b,
            reason=f"metric {short} ~ {long} (differs only by neutral words: {'、'.join(extra)})",
            fuzzy=True,
            sides=(frozenset(p.pos for p in a), frozenset(p.pos for p in b)),
        ))
    return groups


def meeting_metrics(metrics: set[str], others: set[str]) -> set[str]:
    """Those of `others` that share a metric group (metric_groups) with one of `metrics`: the same
    metric, or one that differs from it by neutral words only."""
    found = metrics & others
    for short, long, _ in _contained_pairs(sorted(m for m in metrics | others if not m.startswith(CONCEPT_MARK))):
        if short in metrics:
            found.add(long)
        if long in metrics:
            found.add(short)
    return found & others


def _exact_reason(metric: str, members: list[Prepared]) -> str:
    if metric.startswith(CONCEPT_MARK):
        concept, _, narrowed = metric[1:].partition("@")
        return f"same measure {concept}" + (f" and facets {narrowed}" if narrowed else "")
    synonyms = sorted({p.synonym for p in members if p.synonym})
    if synonyms:
        return f"same metric {metric} (synonyms: {'; '.join(synonyms)})"
    return f"same metric {metric}"


def _contained_pairs(metrics: list[str]) -> list[tuple[str, str, list[str]]]:
    """(shorter, longer, added words) where longer = shorter + neutral words only."""
    if len(metrics) < 2:
        return []
    postings: dict[str, set[int]] = defaultdict(set)
    units = [metric_units(m) for m in metrics]
    for i, u in enumerate(units):
        for t in set(u):
            postings[t].add(i)
    pairs = []
    for i, u in enumerate(units):
        if len(u) < 2 and not _is_word_list(metrics[i]):
            continue  # one character says too little to match on
        tokens = sorted(set(u), key=lambda t: len(postings[t]))
        candidates = set(postings[tokens[0]])
        for t in tokens[1:]:
            candidates &= postings[t]
            if len(candidates) <= 1:
                break
        for j in sorted(candidates):
            if j == i or len(units[j]) <= len(u):
                continue
            extra = added_parts(u, units[j])
            if extra is not None and extra and all(_neutral(part) for part in extra):
                pairs.append((metrics[i], metrics[j], extra))
    return pairs


# an alphabetic word, or any other single non-space character (a Chinese character)
_UNITS = re.compile(r"[a-z0-9][a-z0-9'.-]*|[^\sa-z0-9]")


def _is_word_list(metric: str) -> bool:
    return bool(re.search(r"[a-z]", metric))


@memo
def metric_units(metric: str) -> tuple[str, ...]:
    """Comparable units of a metric: words of alphabetic text, characters of Chinese text."""
    return tuple(_UNITS.findall(metric))


def added_parts(short: tuple[str, ...], long: tuple[str, ...]) -> list[str] | None:
    """The runs `long` adds to `short` when `short` is a subsequence of `long`; else None."""
    extra: list[str] = []
    run: list[str] = []
    i = 0
    for unit in long:
        if i < len(short) and unit == short[i]:
            i += 1
            if run:
                extra.append(_join(run))
                run = []
        else:
            run.append(unit)
    if run:
        extra.append(_join(run))
    return extra if i == len(short) else None


def _join(units: list[str]) -> str:
    return " ".join(units) if any(len(u) > 1 for u in units) else "".join(units)


@lru_cache(maxsize=4096)
def _neutral(part: str) -> bool:
    """Can `part` be written entirely with neutral metric words?"""
    words = set(lexicon().neutral_metric_words)
    if " " in part:
        return all(w in words for w in part.split())
    reachable = [True] + [False] * len(part)
    for i in range(len(part)):
        if not reachable[i]:
            continue
        for w in words:
            if part.startswith(w, i):
                reachable[i + len(w)] = True
    return reachable[-1]
