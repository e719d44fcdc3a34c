"""The conflict engine's shortcuts give exactly what the plain way gives: wire records built
without validation equal validated ones, and checking new documents (`new_docs`, which skips
comparison sets without a new claim and builds only the corroborations it reports) selects
exactly the findings of a full check that involve a new document."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gold_claims import GOLD_SETS, gold_claims, gold_documents, load_gold

from checker.config import Config
from checker.engine import _record, check_block, find_conflicts
from checker.ids import claim_signature, conflict_id, signature_conflict_id
from checker.match import blocks, prepare
from schemas.models import ClaimRecord, Conflict

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from synthetic import synthetic_claims  # noqa: E402


@pytest.fixture(scope="module")
def synthetic():
    return synthetic_claims(4_000, seed=7)


@pytest.fixture(scope="module")
def full_check(synthetic):
    return find_conflicts(*synthetic, Config())


def _gold(name: str):
    gold_path, _ = GOLD_SETS[name]
    if not gold_path.is_file():
        pytest.skip(f"{gold_path} not present")
    gold, root = load_gold(name)
    return gold_claims(gold, root), gold_documents(gold, root)


def test_records_built_without_validation_equal_validated_ones(synthetic):
    claims, documents = synthetic
    for p in prepare(claims, documents, Config())[:500]:
        fast, validated = _record(p), ClaimRecord.from_claim(p.claim)
        assert fast == validated
        assert fast.model_fields_set == validated.model_fields_set
        assert fast.model_dump_json() == validated.model_dump_json()
        assert _record(p) is fast  # one record per claim, shared by its findings


def test_findings_equal_their_validated_copies(full_check):
    conflicts, corroborations = full_check
    assert conflicts and corroborations
    for finding in conflicts[:50] + corroborations[:50]:
        again = Conflict.model_validate(finding.model_dump(exclude={"baselined"}))  # a default, as the engine leaves it
        assert again == finding and again.model_fields_set == finding.model_fields_set
        assert again.model_dump_json() == finding.model_dump_json()


def test_conflict_id_from_signatures_equals_conflict_id(synthetic):
    claims, _ = synthetic
    group = claims[:5] + claims[:2]  # repeats count once
    assert signature_conflict_id("NC101", "k", map(claim_signature, group)) == conflict_id("NC101", "k", group)


def test_check_block_builds_the_same_findings_as_find_conflicts(synthetic, full_check):
    claims, documents = synthetic
    config = Config()
    per_block: dict[str, Conflict] = {}
    for block in blocks(prepare(claims, documents, config)).values():
        found, agreed = check_block(block, config)
        for c in found + agreed:
            per_block.setdefault(c.id, c)
    conflicts, corroborations = full_check
    assert all(per_block[c.id] == c for c in conflicts + corroborations)


def _involving(findings: list[Conflict], new_docs: set[str]) -> list[Conflict]:
    return [f for f in findings if any(c.doc in new_docs for c in f.claims)]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_checking_new_documents_selects_the_full_checks_findings(synthetic, full_check, data):
    claims, documents = synthetic
    names = sorted(documents)
    new_docs = set(data.draw(st.lists(st.sampled_from(names), min_size=1, max_size=12)))
    full = full_check
    partial = find_conflicts(claims, documents, Config(), new_docs=new_docs)
    assert partial == (_involving(full[0], new_docs), _involving(full[1], new_docs))


@pytest.mark.parametrize("name", ["seeds", "dev"])
def test_each_gold_document_checked_as_new_gets_the_full_checks_findings(name):
    claims, documents = _gold(name)
    full = find_conflicts(claims, documents, Config())
    for doc in documents:
        partial = find_conflicts(claims, documents, Config(), new_docs={doc})
        assert partial == (_involving(full[0], {doc}), _involving(full[1], {doc})), doc


def test_records_have_every_field_set(synthetic):
    claims, documents = synthetic
    p = prepare(claims, documents, Config())[0]
    assert set(_record(p).__dict__) == set(ClaimRecord.model_fields) == _record(p).model_fields_set


def _claim_sets(findings: list[Conflict]) -> list[frozenset[str]]:
    return [frozenset(c.id for c in f.claims) for f in findings]


def test_no_corroboration_lies_within_another(full_check):
    sets = _claim_sets(full_check[1])
    by_claim: dict[str, list[frozenset[str]]] = {}
    for s in sets:
        for claim_id in s:
            by_claim.setdefault(claim_id, []).append(s)
    assert not any(s < other for s in sets for other in by_claim[next(iter(s))])


def test_a_claim_given_twice_still_gives_the_widest_corroborations_only(synthetic):
    claims, documents = synthetic
    twice = claims + claims[:300]  # the same records again: claim ids repeat across positions
    sets = _claim_sets(find_conflicts(twice, documents, Config())[1])
    assert sets and not any(s < other for s in sets for other in sets if other is not s and len(other) > len(s))
