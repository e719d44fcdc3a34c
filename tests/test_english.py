"""English subjects (claims/english.py): the corpus tests/corpus/subjects/english.yaml and the parts."""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from numcheck.claims.document import load_document
from numcheck.claims.english import english_metric, is_comparison_base
from numcheck.claims.subjects import assign_subjects
from numcheck.claims.types import QuantityMatch
from numcheck.schemas.models import Quantity

CORPUS = Path(__file__).parent / "corpus" / "subjects" / "english.yaml"
_DIMENSION = {"hectare": "area", "percent": "ratio", "CNY": "money", "count": "count"}


def _cases():
    data = yaml.safe_load(CORPUS.read_text(encoding="utf-8"))
    return [pytest.param(c, id=f"{c['number']}|{c['text'][:30]}") for c in data]


def _subject(case):
    published = case.get("published")
    if isinstance(published, str):
        published = date.fromisoformat(published)
    doc = load_document("case.txt", data=case["text"].encode("utf-8"), published=published)
    number = str(case["number"])
    pos = doc.raw.index(number)
    unit = case.get("unit", "count")
    q = Quantity(value=Decimal(1), low=Decimal(1), high=Decimal(1), unit=unit, dimension=_DIMENSION[unit])
    [info] = assign_subjects(doc, [QuantityMatch(pos, pos + len(number), q, "test")])
    return info


@pytest.mark.parametrize("case", _cases())
def test_english_corpus(case):
    info = _subject(case)
    got = {"entity": info.subject.entity, "metric": info.subject.metric,
           "period": info.subject.period, "modality": info.modality}
    for field, expected in case["expect"].items():
        assert got[field] == (None if expected is None else str(expected)), (field, info.evidence)


def test_growth_needs_a_known_measure():
    text = "Shares rose 5% on Tuesday."
    start = text.index("5%")
    assert english_metric(text, start, start + 2, kind="percent") is None


def test_a_share_is_not_the_measure_itself():
    text = "Exports accounted for 20% of revenue."
    start = text.index("20%")
    assert english_metric(text, start, start + 3, kind="percent") == ("营业收入占比", "share of revenue (营业收入占比)")


def test_comparison_base():
    text = "sales grew to 5 billion yuan, up from 4 billion yuan"
    assert is_comparison_base(text, text.index("4 billion"))
    assert not is_comparison_base(text, text.index("5 billion"))


def test_an_amount_is_never_read_as_a_count_of_things():
    text = "Companies in the zone paid 5 billion yuan in taxes, and 300 companies moved in."
    money = text.index("5 billion")
    assert english_metric(text, money, money + 9, kind="amount") is None
    count = text.index("300")
    assert english_metric(text, count, count + 3, kind="count")[0] == "企业数量"


def test_glossary_errors_name_the_file_and_key():
    from numcheck.claims.cuefiles import load_data_file
    from numcheck.claims.english import EnglishGlossary
    from numcheck.claims.errors import ConfigError

    text = (Path(__file__).parent.parent / "claims" / "data" / "metric_glossary_en.yaml").read_text(encoding="utf-8")
    with pytest.raises(ConfigError, match=r"metric_glossary_en\.yaml.*measures"):
        load_data_file("metric_glossary_en.yaml", EnglishGlossary, text=text.replace("  revenue: 营业收入", "  Revenue: 营业收入", 1))
