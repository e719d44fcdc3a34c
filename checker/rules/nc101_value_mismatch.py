"""NC101 value_mismatch: two stated figures for the same thing disagree.

What it flags:
    Claims from different documents with the same entity, metric, period and
    modality, each stating a figure (exact, 约 or 近), whose admitted intervals
    do not overlap after unit conversion, rounding of the last written digit
    and the approximation tolerance.

Why it matters:
    One of the figures is wrong, outdated or about something else. An editor
    must pick one, or say why both hold (different scope or reference date).

Example:
    a.txt: 星岚科技2024年扣非净利润33.9亿元。   [33.85, 33.95]亿
    b.txt: 星岚科技2024年扣非净利润36.2亿元。   [36.15, 36.25]亿
    -> NC101 value_mismatch. Not flagged: 约52亿元 vs 52.4亿元 (约 admits ±5%).
"""
from __future__ import annotations

CODE = "NC101"
NAME = "value_mismatch"
ALIASES: tuple[str, ...] = ()
KIND = "conflict"


def applies(finding) -> bool:
    return not finding.agreement and finding.documents >= 2 and finding.all_definite
