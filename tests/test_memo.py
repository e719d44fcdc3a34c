"""The checker's memo caches hold every distinct key of a large check (checker/memo.py).

An LRU cache smaller than the keys of one pass misses on every key of the next pass: the
cross-check of a million claims repeats far more than 65,536 figures and subjects.
"""
from __future__ import annotations

import inspect
from decimal import Decimal

import numcheck.checker.compare  # noqa: F401
import numcheck.checker.engine  # noqa: F401
import numcheck.checker.ids  # noqa: F401
import numcheck.checker.match  # noqa: F401
from numcheck import checker
from numcheck.checker.compare import plain_number
from numcheck.checker.memo import MEMO_SIZE

DISTINCT = 70_000  # more keys than the old bound (65,536)


def test_a_second_pass_over_many_distinct_figures_only_hits():
    values = [Decimal(n) / 7 for n in range(1_000_000, 1_000_000 + DISTINCT)]
    plain_number.cache_clear()
    first = [plain_number(v) for v in values]
    before = plain_number.cache_info()
    second = [plain_number(v) for v in values]
    after = plain_number.cache_info()
    assert second == first
    assert after.hits - before.hits == DISTINCT
    assert after.misses == before.misses
    plain_number.cache_clear()


def test_every_cache_keyed_by_corpus_values_uses_the_shared_bound():
    """Caches of the checker are either per vocabulary (small, explicit bounds of at most 4,096
    keys: lexicon words, periods, measure words) or per corpus value at the shared bound."""
    cached = {}
    for module in (checker.compare, checker.engine, checker.ids, checker.match):
        for name, obj in vars(module).items():
            if callable(obj) and hasattr(obj, "cache_parameters") and inspect.getmodule(obj.__wrapped__) is module:
                cached[f"{module.__name__}.{name}"] = obj.cache_parameters()["maxsize"]
    per_value = {"numcheck.checker.compare.plain_number", "numcheck.checker.compare.grouped_number", "numcheck.checker.compare._describe",
                 "numcheck.checker.ids.doc_identity", "numcheck.checker.ids.norm_content", "numcheck.checker.ids._value_text",
                 "numcheck.checker.engine._subject_record", "numcheck.checker.engine._qualifier_before",
                 "numcheck.checker.engine._qualifier_after", "numcheck.checker.match.norm_text", "numcheck.checker.match.entity_key",
                 "numcheck.checker.match.metric_key", "numcheck.checker.match.metric_units"}
    assert per_value <= set(cached)
    for name, maxsize in cached.items():
        if name in per_value:
            assert maxsize == MEMO_SIZE, name
        else:
            assert maxsize is not None and maxsize <= 4096, name
