"""The bound of the checker's memo caches: strings and figures computed once per distinct input.

They are keyed by what a corpus repeats: document paths, claim texts, figures, subjects, the words
around a figure. An LRU cache smaller than the number of distinct keys in one pass misses every
time (each key is evicted before it comes round again) and pays its bookkeeping on top, so the bound
is sized for a million-claim check rather than for a typical one: at 65,536 entries the cross-check
of 1M synthetic claims (bench/crosscheck.py; 125,000 subjects, 250,000 figures) spent about a fifth
more per claim than at 100k. The bound still caps what a long-lived process (a Dask worker) keeps.
"""
from __future__ import annotations

from functools import lru_cache

MEMO_SIZE = 1 << 20

memo = lru_cache(maxsize=MEMO_SIZE)
