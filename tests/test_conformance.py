"""Conformance against peer test data in ../shared/conformance (see tests/conformance_runner.py).

Skips with a message when the data folder is absent. Each file must keep at least its
floor: the issue-3 target where numcheck reaches it, else the rate reached when the floor
was last raised (so a regression fails, and progress is recorded by raising the floor).
"""
from __future__ import annotations

import pytest

import conformance_runner as runner

# file -> minimum case-level pass rate (targets in runner.TARGETS)
FLOORS = {
    "cn2an-an2cn.jsonl": 1.00,
    "cn2an-cn2an.jsonl": 1.00,
    "cn2an-transform.jsonl": 0.95,
    "jionlp-parse_money.jsonl": 0.95,
    "recognizers-text-CurrencyModel.jsonl": 0.90,
    "recognizers-text-DimensionModel.jsonl": 0.85,
    "recognizers-text-NumberModel.jsonl": 0.97,
    "recognizers-text-OrdinalModel.jsonl": 1.00,
    "recognizers-text-NumberRangeModel.jsonl": 0.85,
    "recognizers-text-PercentModel.jsonl": 0.95,
    "recognizers-text-TemperatureModel.jsonl": 0.95,
}


@pytest.fixture(scope="module")
def results():
    res = runner.run_all()
    if res is None:
        pytest.skip(f"conformance data not found at {runner.DEFAULT_DIR}")
    return res


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_conformance_floor(results, name: str) -> None:
    r = results.get(name)
    if r is None:
        pytest.skip(f"{name} not in {runner.DEFAULT_DIR}")
    print(f"{name}: {r.passed}/{r.counted} = {r.rate:.3f} (target {runner.TARGETS.get(name)})")
    assert r.rate >= FLOORS[name], "\n".join(r.failures[:15])
