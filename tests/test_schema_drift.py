"""The committed JSON Schema files must match the pydantic models they are exported from."""
import json
from decimal import Decimal

import jsonschema

from numcheck.schemas.export import SCHEMA_DIR, schema_texts, stale_files
from numcheck.schemas.models import ClaimRecord, Subject


def test_committed_schema_files_are_current():
    assert stale_files(SCHEMA_DIR) == [], "run `numcheck schema` and commit schemas/json/"


def test_stale_files_detects_an_edit(tmp_path):
    for name, text in schema_texts().items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert stale_files(tmp_path) == []
    (tmp_path / "claim.schema.json").write_text("{}", encoding="utf-8")
    assert stale_files(tmp_path) == ["claim.schema.json"]


def test_claim_record_round_trips_and_validates_against_exported_schema():
    rec = ClaimRecord(
        id="x", doc="seeds/a.txt", start=3, end=8, line=1, column=4, text="2.1万亿元", sentence="GDP达2.1万亿元",
        value=Decimal("2100000000000"), low=Decimal("2050000000000"), high=Decimal("2150000000000"),
        qualifier="exact", unit="CNY", dimension="money", precision=Decimal("100000000000"),
        subject=Subject(entity="武汉", metric="地区生产总值", period="2024"), modality="actual", zone="body",
        rule="zh.number",
    )
    wire = json.loads(rec.model_dump_json())
    assert wire["value"] == 2100000000000 and isinstance(wire["value"], int)
    schema = json.loads(schema_texts()["claim.schema.json"])
    jsonschema.validate(wire, schema)
    assert ClaimRecord.model_validate(wire) == rec


def test_decimal_values_serialise_exactly():
    rec = ClaimRecord(
        id="x", doc="d", start=0, end=1, line=1, column=1, text="1", sentence="1", value=Decimal("1.57"),
        low=None, high=Decimal("1.57"), qualifier="nearly", unit="percent", dimension="ratio",
        subject=Subject(), modality="actual", zone="body", rule="r",
    )
    assert '"value":1.57' in rec.model_dump_json()
    assert '"low":null' in rec.model_dump_json()
