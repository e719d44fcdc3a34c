"""English names of Chinese entities, written as the Chinese articles of the same set write them.

A wire story calls 禾购 "Hegou" and 远澜航运 "Yuanlan Shipping". Extraction reads one document at a
time and keeps the name as written; over a set of documents, an English name takes the Chinese
name its romanisation keys to (claims/entity_keys.py) when the set holds exactly one, its forms
with and without a legal ending counting as one: the rule the matcher joins them by
(checker/match.py:entity_groups). A name none keys to is tried against the Chinese names' other
readings (芫城 read yan, romanised Yuancheng). With none or several it is left as written: a
guess between two Chinese names would be worse than the English one.
"""
from __future__ import annotations

from collections import Counter, defaultdict

from numcheck.checker.cache import copy_with
from numcheck.claims.entity_keys import entity_key, has_chinese, name_core, reading_keys
from numcheck.schemas.models import Claim


def link_english_names(claims: list[Claim]) -> list[Claim]:
    """`claims` with each English entity name replaced by its one Chinese counterpart in the set."""
    chinese: dict[str, Counter[str]] = defaultdict(Counter)
    for c in claims:
        name = c.subject.entity
        if name and has_chinese(name):
            chinese[entity_key(name)][name] += 1
    if not chinese:
        return claims
    linked: dict[str, str | None] = {}
    other_readings: dict[str, Counter[str]] | None = None  # built when first needed: it loads pypinyin
    out = []
    for c in claims:
        name = c.subject.entity
        if not name or has_chinese(name):
            out.append(c)
            continue
        if name not in linked:
            key = entity_key(name)
            names = chinese.get(key)
            if names is None:
                if other_readings is None:
                    other_readings = _other_readings(chinese)
                names = other_readings.get(key, Counter())
            # 禾购 and 禾购集团 are one name with and without its legal form: the more frequent is used
            one = len({name_core(n) for n in names}) == 1
            linked[name] = names.most_common(1)[0][0] if one else None
        target = linked[name]
        out.append(c if target is None else copy_with(c, subject=copy_with(c.subject, entity=target)))
    return out


def _other_readings(chinese: dict[str, Counter[str]]) -> dict[str, Counter[str]]:
    """The Chinese names by the keys of their other readings (reading_keys past the first)."""
    out: dict[str, Counter[str]] = defaultdict(Counter)
    for names in chinese.values():
        for name, count in names.items():
            for key in reading_keys(name)[1:]:
                out[key][name] += count
    return out
