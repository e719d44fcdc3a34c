"""The last subject stage: how sure numcheck is of what a number is about, and why not.

A claim is cross-checked only when its measure is known (claims/measures.py found a concept
in its own clause, or in the clause it continues). Without one, any pairing would rest on a
guess about the words around the number, which is how checkers report figures that were never
comparable; such a claim keeps its record (extract gives it) with a low confidence and the
reason, and `check` leaves it out (checker/config.py: min_confidence).
"""
from __future__ import annotations

NO_MEASURE = 0.3  # the clause names no known measure
CONTINUED = 0.7  # the measure was named in the clause before (…，同比增长9.4%)
NAMED = 0.9  # the clause names the measure


def subject_confidence(found, metric: str | None) -> tuple[float, str | None]:
    """(confidence, reason it is too low to cross-check, or None) of a claim whose measure stage
    gave `found` (a MeasureFound, or None) and whose clause's words read `metric`."""
    if found is not None and not found.known:
        if found.words == "合计":
            return NO_MEASURE, "a figure of several names together (甲、乙合计): no one name's"
        if found.words == "part":
            return NO_MEASURE, "a part of a whole the clause names by no measure (X accounted for 9 million TEU)"
        if found.words == "from":
            return NO_MEASURE, "the level a change started from (fell to 236 yuan from 258 yuan): an earlier period's"
        return NO_MEASURE, "a figure of a list of names (分别): whose it is, the list says, not the clause"
    if found is None:
        said = f" (the words before it read '{metric}')" if metric else ""
        return NO_MEASURE, f"no known measure named in its clause{said}"
    if found.inherited:
        return CONTINUED, None
    return NAMED, None
