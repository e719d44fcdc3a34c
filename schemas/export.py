"""Export the JSON Schema of the report and the claim record into schemas/json/."""
from __future__ import annotations

import json
from pathlib import Path

from numcheck.schemas.models import ClaimRecord, Report

SCHEMA_DIR = Path(__file__).parent / "json"
EXPORTED = {"report.schema.json": Report, "claim.schema.json": ClaimRecord}


def schema_texts() -> dict[str, str]:
    """File name -> JSON Schema text, exactly as committed."""
    out = {}
    for name, model in EXPORTED.items():
        schema = model.model_json_schema(mode="serialization")
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["$id"] = f"https://numcheck.invalid/schemas/v1/{name}"
        out[name] = json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    return out


def stale_files(directory: Path = SCHEMA_DIR) -> list[str]:
    """Names of exported files that are missing or differ from the models."""
    return [n for n, t in schema_texts().items()
            if not (directory / n).is_file() or (directory / n).read_text(encoding="utf-8") != t]
