"""Corpus tests for claims.quantities.find_quantities (tests/corpus/quantities, tests/corpus/negative).

Each positive entry lists one expected record and several surface forms; every form must
yield exactly one quantity whose fields equal the expectation. Negative texts yield none.
"""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from pydantic import BaseModel, ConfigDict

from numcheck.claims.normalize import normalize
from numcheck.claims.quantities import find_quantities

CORPUS = Path(__file__).parent / "corpus"


class PositiveEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")
    expect: dict
    texts: list[str]
    note: str | None = None


class NegativeEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")
    texts: list[str]


def _load(folder: str, model):
    cases = []
    for path in sorted((CORPUS / folder).glob("*.yaml")):
        for i, raw in enumerate(yaml.safe_load(path.read_text(encoding="utf-8"))):
            entry = model.model_validate(raw)
            for text in entry.texts:
                cases.append(pytest.param(entry, text, id=f"{path.stem}[{i}]:{text}"))
    return cases


def _as_decimal(v):
    return None if v is None else Decimal(str(v))


@pytest.mark.parametrize("entry,text", _load("quantities", PositiveEntry))
def test_positive_corpus(entry: PositiveEntry, text: str) -> None:
    found = find_quantities(normalize(text))
    assert len(found) == 1, [(text[m.start:m.end], m.quantity) for m in found]
    m = found[0]
    q = m.quantity
    for key, want in entry.expect.items():
        if key == "text":  # the span, checked on the forms that contain it
            if normalize(want) in normalize(text):
                assert normalize(text[m.start:m.end]) == normalize(want)
            continue
        got = getattr(q, key)
        if key in ("value", "low", "high", "precision"):
            assert got == _as_decimal(want), f"{key}: {got} != {want}"
        else:
            assert got == want, f"{key}: {got!r} != {want!r}"


@pytest.mark.parametrize("entry,text", _load("negative", NegativeEntry))
def test_negative_corpus(entry: NegativeEntry, text: str) -> None:
    found = find_quantities(normalize(text))
    assert found == [], [(text[m.start:m.end], m.rule) for m in found]


def test_offsets_are_absolute_and_window_respected() -> None:
    norm = normalize("营收984.9亿元,增长9.6%。另有超140万人")
    whole = find_quantities(norm)
    assert [norm[m.start:m.end] for m in whole] == ["984.9亿元", "9.6%", "140万人"]
    part = find_quantities(norm, 12, len(norm))
    assert [(m.start, m.end) for m in part] == [(m.start, m.end) for m in whole if m.start >= 12]


def test_qualifier_offsets_lie_outside_the_span() -> None:
    norm = normalize("这里拥有超140万在校大学生,10亿元以上项目")
    a, b = find_quantities(norm)
    assert norm[a.qualifier_start:a.qualifier_end] == "超" and a.qualifier_end == a.start
    assert norm[b.qualifier_start:b.qualifier_end] == "以上" and b.qualifier_start == b.end


def test_bracketed_conversion_inherits_the_bound() -> None:
    text = "to more than 300 billion yuan ($41.4 billion) by 2027"
    a, b = find_quantities(normalize(text))
    assert (a.quantity.qualifier, b.quantity.qualifier) == ("more_than", "more_than")
    assert b.quantity.unit == "USD" and b.quantity.value == Decimal("41400000000")


def test_bad_data_file_names_file_and_key(tmp_path, monkeypatch) -> None:
    import numcheck.claims.lexicon as lexicon
    from numcheck.claims.qualifiers import QualifierLexicon

    bad = (lexicon.DATA_DIR / "qualifiers.yaml").read_text(encoding="utf-8").replace(
        "  逾: more_than", "  逾: way_more", 1)
    (tmp_path / "qualifiers.yaml").write_text(bad, encoding="utf-8")
    monkeypatch.setattr(lexicon, "DATA_DIR", tmp_path)
    with pytest.raises(lexicon.DataFileError) as err:
        lexicon.load_data("qualifiers.yaml", QualifierLexicon)
    message = str(err.value)
    assert "qualifiers.yaml" in message and "prefix" in message and "way_more" in message


def test_units_convert_and_families() -> None:
    from numcheck.claims.units import convert, unit_family

    assert convert(Decimal(63), "month", "year") == Decimal("5.25")
    assert convert(Decimal(3487), "kilometer", "meter") == Decimal(3487000)
    assert convert(Decimal(1), "CNY", "USD") is None  # no exchange rates
    assert unit_family("count") != unit_family("rank") != unit_family("percent")
    assert unit_family("square_millimeter") == unit_family("mu")
    assert convert(Decimal(5000), "petaflops", "exaflops") == Decimal(5)


@pytest.mark.parametrize("text", ["its urbanisation rate rose 0.84 percentage point to 72.17%",
                                  "城镇化率提高0.84个百分点至72.17%"])
def test_a_change_then_the_level_it_reached_is_no_range(text):
    found = find_quantities(normalize(text))
    assert [(m.quantity.value, m.quantity.unit) for m in found] == [
        (Decimal("0.84"), "percentage_point"), (Decimal("72.17"), "percent")]


def test_by_a_figure_to_another_is_a_change_then_a_level_not_a_range() -> None:
    # "by 58.3 km to 486.7 km": the network grew by the first and reached the second
    found = find_quantities("Two lines opened, extending the network by 58.3 km to 486.7 km.")
    assert [(m.quantity.value, m.quantity.qualifier) for m in found if m.quantity.unit == "kilometer"] == [
        (Decimal("58.3"), "exact"), (Decimal("486.7"), "exact")]
    ranged = [m for m in find_quantities("The term runs 3 to 5 years.") if m.quantity.unit == "year"]
    assert len(ranged) == 1 and ranged[0].quantity.low == 3 and ranged[0].quantity.high == 5
