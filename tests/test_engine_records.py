"""The conflict engine's shortcuts give exactly what the plain way gives: wire records built
without validation equal validated ones, and checking new documents (`new_docs`, which skips
comparison sets without a new claim and builds only the corroborations it reports) selects
exactly the findings of a full check that involve a new document."""
from __future__ import annotations

import gc
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gold_claims import GOLD_SETS, gold_claims, gold_documents, load_gold

from numcheck.checker.config import Config
from numcheck.checker.compare import admitted
from numcheck.checker.engine import _made, _record, check_block, find_conflicts, quoted
from numcheck.checker.ids import claim_signature, conflict_id, signature_conflict_id
from numcheck.checker.match import block_key, blocks, prepare
from numcheck.schemas.models import ClaimRecord, Conflict

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


def test_a_claims_record_and_quote_are_made_once_while_it_lives(synthetic):
    claims, documents = synthetic
    claim = claims[0].model_copy()
    plain = prepare([claim], documents, Config())
    assert _record(plain[0]) == ClaimRecord.from_claim(claim) and id(claim) not in _made  # kept only when asked
    first, again = (prepare([claim], documents, Config(), kept_claims=True) for _ in range(2))
    record = _record(first[0])
    assert _record(again[0]) is record and again[0].quote == first[0].quote == quoted(claim)  # a later check
    assert id(claim) in _made
    del plain
    del claim, first, again
    gc.collect()
    assert record.id and not any(made[1] is record for made in _made.values())  # gone with its claim


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


def test_records_keep_the_models_field_order_in_a_compact_dict(synthetic):
    claims, documents = synthetic
    for p in prepare(claims, documents, Config())[:50]:
        record = _record(p)
        validated = ClaimRecord.from_claim(p.claim)
        assert list(record.__dict__) == list(validated.__dict__) == list(ClaimRecord.model_fields)
        # the split-table dict the engine relies on for memory: smaller than a dict built afresh
        assert sys.getsizeof(record.__dict__) < sys.getsizeof(dict(record.__dict__))


def test_findings_have_model_construct_fields_and_a_fields_set_each(full_check):
    conflicts, corroborations = full_check
    first, second = corroborations[0], corroborations[1]
    # baselined is a default the engine leaves; unlisted_claims too unless a bound left claims out
    plain = Conflict.model_construct(**{k: v for k, v in first.__dict__.items()
                                        if k != "baselined" and not (k == "unlisted_claims" and v is None)})
    assert list(first.__dict__) == list(plain.__dict__) and first.__dict__ == plain.__dict__
    assert first.model_fields_set == plain.model_fields_set
    assert first.match is not None and first.match.model_fields_set == {"key", "reason"}
    first.baselined = True  # an assignment marks that finding only
    assert "baselined" in first.model_fields_set and "baselined" not in second.model_fields_set
    first.baselined = False


def test_claims_of_equal_quantities_share_one_stated_quantity(synthetic):
    claims, documents = synthetic
    config = Config()
    prepared = prepare(claims, documents, config)
    by_key: dict = {}
    for p in prepared:
        q = p.claim.quantity
        assert p.interval == admitted(q, config).scaled(p.factor)
        assert p.stated is not None and p.stated.interval is p.interval
        by_key.setdefault((q.qualifier, q.unit, q.value, q.low, q.high, q.precision), set()).add(id(p.stated))
    assert all(len(ids) == 1 for ids in by_key.values())


def test_zero_and_negative_zero_are_not_shared(synthetic):
    claims, documents = synthetic
    base = claims[0]
    zero, negative_zero = (base.model_copy(update={
        "quantity": base.quantity.model_copy(update={"value": Decimal(v), "low": Decimal(v), "high": Decimal(v),
                                                     "qualifier": "exact"}),
    }) for v in ("0", "-0"))
    a, b = prepare([zero, negative_zero], documents, Config())
    assert a.stated is not b.stated
    for p, claim in ((a, zero), (b, negative_zero)):
        assert p.interval.text() == admitted(claim.quantity, Config()).scaled(p.factor).text()


def test_blocks_group_by_block_key_in_input_order(synthetic):
    claims, documents = synthetic
    prepared = prepare(claims, documents, Config())
    # two records whose key parts differ but join alike still make one block
    a, b = prepared[0], prepared[1]
    b.family, b.entity_romanised = a.family, a.entity_romanised
    b.modality_class, b.scope = f"{a.modality_class}\x1f{a.scope}", "A"
    a.scope = f"{a.scope}\x1fA"
    assert block_key(a) == block_key(b)
    plain: dict[str, list] = {}
    for p in prepared:
        plain.setdefault(block_key(p), []).append(p)
    grouped = blocks(prepared)
    assert set(grouped) == set(plain) and a in grouped[block_key(a)] and b in grouped[block_key(a)]
    assert all([p.pos for p in grouped[k]] == [p.pos for p in plain[k]] for k in plain)
