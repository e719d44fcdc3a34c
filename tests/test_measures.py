"""The measure stage on the pattern corpus (tests/corpus/measures/patterns.yaml), and its
properties: synonyms of one measure pair alike; a renamed entity or an inserted comparison
clause changes nothing about a subject's figures."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import numcheck
from numcheck.claims.measures import MeasureLexicon, lexicon
from numcheck.claims.lexicon import load_data

CASES = yaml.safe_load((Path(__file__).parent / "corpus" / "measures" / "patterns.yaml").read_text(encoding="utf-8"))


def _claim(text: str, number: str):
    claims = numcheck.extract([numcheck.Text("case.txt", text)])
    found = [c for c in claims if c.text == number]
    assert found, f"{number!r} not extracted from {text!r}: {[c.text for c in claims]}"
    return found[0]


@pytest.mark.parametrize("case", CASES, ids=[f"{c['number']}@{c['text'][:16]}" for c in CASES])
def test_pattern_corpus(case) -> None:
    claim = _claim(case["text"], str(case["number"]))
    expect, subject = case["expect"], claim.subject
    if expect.get("abstain"):
        assert subject.concept is None and subject.confidence < 0.5 and subject.reason
        return
    if "concept" in expect:
        assert subject.concept == expect["concept"], claim.evidence
    assert subject.facets == expect.get("facets", {}), claim.evidence
    if "metric" in expect:
        assert subject.metric == expect["metric"]
    if "value" in expect:
        assert claim.quantity.value == Decimal(str(expect["value"]))
    if "period" in expect:
        assert subject.period == str(expect["period"]), claim.evidence
    if "entity" in expect:
        assert subject.entity == expect["entity"], claim.evidence


def test_the_lexicon_is_well_formed() -> None:
    measures = load_data("measures.yaml", MeasureLexicon).measures
    assert len(measures) >= 200
    assert len({m.name for m in measures}) == len(measures), "two concepts share a readable name"
    for m in measures:
        assert m.zh and m.en, f"{m.id}: every concept is worded in Chinese and English"
        for w in m.zh + m.zh_hant:
            assert w not in ("人民币", "元", "增长", "达到", "有", "位居"), f"{m.id}: {w} is no measure"


def _concept_words() -> list[tuple[str, list[str]]]:
    lex = lexicon()
    per: dict[str, list[str]] = {}
    for word, m in lex.by_word.items():
        if not word.isascii() and len(word) >= 2 and "percent" not in m.units and "money" in m.units:
            per.setdefault(m.id, []).append(word)
    return sorted((k, v) for k, v in per.items() if len(v) >= 2)


SYNONYMS = _concept_words()


@settings(max_examples=60, deadline=None)
@given(entry=st.sampled_from(SYNONYMS), data=st.data())
def test_a_synonym_names_the_same_measure(entry, data) -> None:
    concept, words = entry
    a, b = data.draw(st.sampled_from(words)), data.draw(st.sampled_from(words))
    first = _claim(f"2024年，星岚科技{a}达到412.6亿元。", "412.6亿元")
    second = _claim(f"2024年，星岚科技{b}达到412.6亿元。", "412.6亿元")
    if first.subject.concept is None or second.subject.concept is None:
        return  # a wording the clause reads as part of a longer name (not this property's case)
    assert first.subject.concept == second.subject.concept == concept


def _pairs(texts: dict[str, str]) -> list[tuple[str, ...]]:
    report = numcheck.check([numcheck.Text(name, t) for name, t in texts.items()])
    return sorted(tuple(sorted((c.doc, c.text) for c in f.claims)) for f in report.conflicts)


NAMES = st.sampled_from(["星岚科技", "嘉澜集团", "禾丰股份", "远川航运", "青梧电子"])


@settings(max_examples=15, deadline=None)
@given(old=NAMES, new=NAMES)
def test_renaming_an_entity_everywhere_keeps_the_pairs(old, new) -> None:
    docs = {"a.txt": f"{old}2024年营业收入412.6亿元，同比增长15.3%。",
            "b.txt": f"2024年，{old}营收为398.1亿元，同比增长12.1%。"}
    renamed = {k: v.replace(old, new) for k, v in docs.items()}
    before, after = _pairs(docs), _pairs(renamed)
    assert before == after
    assert before, "the two articles disagree on revenue"


RIVAL_CLAUSES = ["，仅次于嘉澜集团的500亿元", "，而嘉澜集团则为500亿元", "，高于嘉澜集团的300亿元"]


@pytest.mark.parametrize("clause", RIVAL_CLAUSES)
def test_a_rivals_clause_does_not_change_the_subjects_figure(clause) -> None:
    plain = _claim("2024年，星岚科技营业收入412.6亿元。", "412.6亿元")
    with_rival = _claim(f"2024年，星岚科技营业收入412.6亿元{clause}。", "412.6亿元")
    for field in ("entity", "concept", "period", "facets"):
        assert getattr(with_rival.subject, field) == getattr(plain.subject, field), field
    assert with_rival.quantity == plain.quantity


def test_a_lexicon_naming_an_unknown_measure_fails_at_load(monkeypatch) -> None:
    """facets.yaml's verb_measures name measures.yaml ids: a typo fails at load, naming the file."""
    from numcheck.claims import measures
    from numcheck.claims.errors import ConfigError

    real = measures.load_data

    def with_typo(name, model):
        data = real(name, model)
        if name == "facets.yaml":
            data = data.model_copy(update={"verb_measures": {**data.verb_measures, "交付": ["deliverys"]}})
        return data

    monkeypatch.setattr(measures, "load_data", with_typo)
    measures._data.cache_clear()
    try:
        with pytest.raises(ConfigError, match="deliverys"):
            measures._data()
    finally:
        monkeypatch.undo()
        measures._data.cache_clear()
        measures._data()


def test_every_bundled_and_shared_article_reads_without_an_internal_error(seeds_dir: Path) -> None:
    """The seeds and the shared dev sets extract with no E110 (a bug on one document)."""
    shared = Path(__file__).resolve().parent.parent.parent / "shared" / "gold"
    folders = [seeds_dir, *(p for p in (shared / "dev" / "docs", shared / "dev2" / "docs") if p.is_dir())]
    claims = numcheck.extract(folders, strict=True)  # raises InputErrors naming the file otherwise
    assert len(claims) > (300 if len(folders) > 1 else 200)  # shared/ lies beside the checkout in CI
