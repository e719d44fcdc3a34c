"""Check codes, one module per code (sqlfluff-style).

Each module defines CODE, NAME, ALIASES (codes or names it was known by),
KIND ("conflict" or "corroboration") and `applies(finding) -> bool`; its
docstring says what it flags, why it matters and gives an example, and the
docs are generated from it. The engine finds disagreements and agreements;
`classify` names each with the first rule in REGISTRY that applies, so the
order below is the order of precedence (a self-contradiction is reported as
such even when its numbers are ranks).
"""
from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType

from checker.rules import (
    nc001_corroborated,
    nc101_value_mismatch,
    nc102_bound_violation,
    nc103_rank_mismatch,
    nc104_intra_document,
)


@dataclass(frozen=True, slots=True)
class Finding:
    """What the engine saw in one comparison set, as the rules need it."""

    agreement: bool  # True: claims that agree (corroboration); False: claims that cannot all hold
    documents: int  # distinct documents among the claims
    all_definite: bool  # every claim states a figure (exact, 约, 近), none a bound or range
    unit_family: str


REGISTRY: tuple[ModuleType, ...] = (
    nc104_intra_document,
    nc103_rank_mismatch,
    nc101_value_mismatch,
    nc102_bound_violation,
    nc001_corroborated,
)

BY_CODE: dict[str, ModuleType] = {}
for _rule in REGISTRY:
    for _name in (_rule.CODE, _rule.NAME, *_rule.ALIASES):
        BY_CODE[_name] = _rule


def classify(finding: Finding) -> ModuleType | None:
    """The rule that names this finding, or None when no rule reports it."""
    for rule in REGISTRY:
        if rule.applies(finding):
            return rule
    return None


def rule_doc(rule: ModuleType) -> str:
    """The rule's docstring, for generated docs and `numcheck rules`."""
    return (rule.__doc__ or "").strip()
