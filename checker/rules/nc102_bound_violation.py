"""NC102 bound_violation: a figure lies outside a bound or range another claim states.

What it flags:
    Claims from different documents about the same entity, metric, period and
    modality where at least one states a bound or range (超, 以上, 不到, 以内,
    3至5年, 几十) and the intervals cannot overlap: 超140万 admits 145万 but
    not 135万.

Why it matters:
    Bounds are how news rounds figures off ("more than 1.4 million"); a bound
    that excludes another source's figure means one of them overstates or
    understates the quantity.

Example:
    a.txt: 武汉拥有超140万在校大学生。      [1400000, ∞)
    b.txt: 武汉在校大学生135万。            [1345000, 1355000]
    -> NC102 bound_violation. Not flagged: 逾一成五 (>15%) vs 15.3%.
"""
from __future__ import annotations

CODE = "NC102"
NAME = "bound_violation"
ALIASES: tuple[str, ...] = ()
KIND = "conflict"


def applies(finding) -> bool:
    return not finding.agreement and finding.documents >= 2 and not finding.all_definite
