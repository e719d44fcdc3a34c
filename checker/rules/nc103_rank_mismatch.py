"""NC103 rank_mismatch: two documents give the same thing different ranks.

What it flags:
    Rank or ordinal claims (第9位, 前三, 全国第一) from different documents
    about the same entity, ranking and period that cannot both hold: 第9位
    and 第12位, or 第12位 against 前十.

Why it matters:
    Rankings are quoted as headlines and spread; a wrong rank is a visible
    error, and often the sign of mixing two different league tables.

Example:
    a.txt: 2024年武汉地区生产总值全国排名第9。      rank 9
    b.txt: 2024年武汉地区生产总值排名全国第12位。   rank 12
    -> NC103 rank_mismatch. Not flagged: 第9位 vs 稳居前十 (9 lies within the top 10).
"""
from __future__ import annotations

CODE = "NC103"
NAME = "rank_mismatch"
ALIASES: tuple[str, ...] = ()
KIND = "conflict"


def applies(finding) -> bool:
    return not finding.agreement and finding.documents >= 2 and finding.unit_family == "rank"
