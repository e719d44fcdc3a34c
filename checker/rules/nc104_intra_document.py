"""NC104 intra_document: a document contradicts itself.

What it flags:
    Two figures (not bounds) in different sentences of one document about the
    same entity, metric, period and modality, matched exactly, each dated by its
    own sentence, whose intervals cannot overlap. Claims in one sentence are never compared with each other
    ("从十几人扩大到近500人" states a change), and a bound against a figure in one
    document is read as a whole and a part (超过100个国家 vs 7个国家).

Why it matters:
    A self-contradiction is an error whatever the outside sources say, and
    the author can fix it without any research.

Example:
    a.txt: 大会共签约项目148个。……本届大会签约项目达158个。
    -> NC104 intra_document. Not flagged: 148个签约项目, 其中30个 (a subset).
"""
from __future__ import annotations

CODE = "NC104"
NAME = "intra_document"
ALIASES: tuple[str, ...] = ()
KIND = "conflict"


def applies(finding) -> bool:
    return not finding.agreement and finding.documents == 1
