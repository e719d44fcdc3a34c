"""Load a YAML data file of claims/data/ and validate it with a pydantic model.

A bad file fails with ConfigError naming the file, the key and the reason, so a
lexicon edit that breaks the format is caught at load, not as a wrong claim.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from numcheck.claims.errors import ConfigError

DATA_DIR = Path(__file__).resolve().parent / "data"

ModelT = TypeVar("ModelT", bound=BaseModel)
# libyaml's parser when PyYAML was built with it: the same documents, about ten times faster to read
_BASE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LOADER(_BASE_LOADER):  # type: ignore[misc, valid-type]
    """The safe loader, refusing a key twice in one mapping: YAML would keep the last silently,
    and a lexicon entry written twice (an edit in two places) would drop the first without a word."""


def _unique_mapping(loader, node):
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in seen:
            raise yaml.constructor.ConstructorError(None, None, f"key {key!r} given twice", key_node.start_mark)
        seen.add(key)
    return loader.construct_mapping(node, deep=True)


_LOADER.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _unique_mapping)


def load_data_file(name: str, model: type[ModelT], *, text: str | None = None,
                   directory: Path | None = None) -> ModelT:
    """Parse claims/data/<name> (or `text`, for tests; or <directory>/<name>) into `model`."""
    path = (directory or DATA_DIR) / name
    try:
        source = path.read_text(encoding="utf-8") if text is None else text
    except OSError as exc:
        raise ConfigError(str(path), "E201", f"cannot read data file ({exc.strerror})") from None
    try:
        data = yaml.load(source, Loader=_LOADER)
    except yaml.YAMLError as exc:
        raise ConfigError(str(path), "E201", f"not valid YAML: {exc}") from None
    try:
        return model.model_validate(data if data is not None else {})
    except ValidationError as exc:
        problems = "; ".join(
            f"key {'.'.join(str(p) for p in e['loc']) or '(top level)'}: {e['msg']}" for e in exc.errors())
        raise ConfigError(str(path), "E201", problems) from None


@lru_cache(maxsize=None)
def cached(name: str, model: type[ModelT]) -> ModelT:
    return load_data_file(name, model)


def check_patterns(patterns: list[str]) -> list[str]:
    """A pydantic validator body: every entry must compile as a regular expression."""
    for p in patterns:
        try:
            re.compile(p)
        except re.error as exc:
            raise ValueError(f"bad pattern {p!r}: {exc}") from None
    return patterns
