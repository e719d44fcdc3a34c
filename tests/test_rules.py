"""Per-code cases (tests/cases/rules/*.yaml, format in tests/rule_cases.py) and the rule registry."""
from __future__ import annotations

import re

import pytest
from rule_cases import all_cases, build

from numcheck.checker.config import Config
from numcheck.checker.engine import find_conflicts
from numcheck.checker.rules import BY_CODE, REGISTRY, Finding, classify, rule_doc

CASES = all_cases()


@pytest.mark.parametrize("case", [c for _, c in CASES], ids=[name for name, _ in CASES])
def test_case(case):
    claims, documents = build(case)
    conflicts, corroborations = find_conflicts(claims, documents, Config())
    assert sorted(c.code for c in conflicts) == case["expect"], [c.explanation for c in conflicts]
    if "corroborated" in case:
        assert len(corroborations) == case["corroborated"], [c.explanation for c in corroborations]
    for c in conflicts:
        assert len({r.doc for r in c.claims}) >= (1 if c.code == "NC104" else 2)
        assert c.match is not None and c.match.reason


def test_every_code_has_positive_and_negative_cases():
    codes_with_cases = {name.split(":")[0] for name, _ in CASES}
    assert codes_with_cases >= {r.CODE for r in REGISTRY}
    for rule in REGISTRY:
        mine = [c for name, c in CASES if name.startswith(rule.CODE)]
        if rule.KIND == "conflict":
            assert any(rule.CODE in c["expect"] for c in mine), rule.CODE
            assert any(c["expect"] == [] for c in mine), f"{rule.CODE} needs a hard negative"


@pytest.mark.parametrize("rule", REGISTRY, ids=[r.CODE for r in REGISTRY])
def test_rule_docstrings_have_three_parts(rule):
    doc = rule_doc(rule)
    assert doc.startswith(f"{rule.CODE} {rule.NAME}:")
    for part in ("What it flags:", "Why it matters:", "Example:"):
        assert part in doc, f"{rule.CODE} docstring lacks {part!r}"
    assert re.fullmatch(r"NC\d{3}", rule.CODE)
    assert BY_CODE[rule.CODE] is rule and BY_CODE[rule.NAME] is rule


def test_classification_precedence():
    def code(**kw):
        base = dict(agreement=False, documents=2, all_definite=True, unit_family="CNY")
        rule = classify(Finding(**{**base, **kw}))
        return rule.CODE if rule else None

    assert code() == "NC101"
    assert code(all_definite=False) == "NC102"
    assert code(unit_family="rank", all_definite=False) == "NC103"
    assert code(documents=1) == "NC104"
    assert code(documents=1, unit_family="rank") == "NC104"
    assert code(agreement=True) == "NC001"
    assert code(agreement=True, documents=1) is None
