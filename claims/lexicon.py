"""Load one YAML data file from claims/data and validate it with a pydantic model.

A bad entry fails with a message naming the file, the key and the reason.
"""
from __future__ import annotations

from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

DATA_DIR = Path(__file__).parent / "data"

M = TypeVar("M", bound=BaseModel)


class DataFileError(ValueError):
    """A data file in claims/data is malformed."""


def load_data(name: str, model: type[M]) -> M:
    path = DATA_DIR / name
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DataFileError(f"{path}: cannot read: {exc}") from exc
    try:
        return model.model_validate(raw or {})
    except ValidationError as exc:
        problems = "; ".join(
            f"key {'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
        )
        raise DataFileError(f"{path}: {problems}") from exc
