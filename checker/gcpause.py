"""The cyclic garbage collector paused while many small acyclic objects are made.

Importing the extractor, listing a corpus, cross-checking and rendering a report each make
hundreds of thousands of objects that reference counting frees anyway; every full collection
meanwhile walks all of them again, so the cost grew faster than the work. On the way out the
survivors join the oldest generation unscanned (freeze, then unfreeze): re-enabling the collector
with them all still young would scan them at once.
"""
from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def collector_paused():
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.unfreeze()
        if was_enabled:
            gc.enable()
