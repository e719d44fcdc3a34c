"""NC001 corroborated: independent documents agree on a figure (informational).

What it flags:
    Claims from two or more documents about the same entity, metric, period
    and modality whose intervals all overlap: 412.6亿元 in one report,
    412.6億元 in another, "41.26 billion yuan" in a third.

Why it matters:
    An auditor wants to know which figures stand on more than one source, and
    which rest on a single one. Corroboration is reported apart from
    conflicts and never fails a check.

Example:
    a.txt: 星岚科技2024年营业收入412.6亿元。
    b.txt: 星嵐科技2024年營業收入412.6億元。
    -> NC001 corroborated (2 documents).
"""
from __future__ import annotations

CODE = "NC001"
NAME = "corroborated"
ALIASES: tuple[str, ...] = ()
KIND = "corroboration"


def applies(finding) -> bool:
    return finding.agreement and finding.documents >= 2
