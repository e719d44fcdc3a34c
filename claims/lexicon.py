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


def trie_pattern(words, escape_space: bool = False, ascii_boundary: bool = False) -> str:
    """A regular expression matching any of `words`, longest first, factored by common prefix.

    Python's re tries alternatives one by one; a trie-shaped pattern tries only the
    branches that share the first characters, which keeps large lexicons fast.
    With escape_space, a space in a word also matches no space (per cent / percent).
    With ascii_boundary, a word ending in an ASCII letter or digit must not be followed
    by one (5000P yes, 5000Pa no).
    """
    import re

    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = True

    def build(node: dict, prev: str) -> str:
        alts = []
        for ch in sorted(k for k in node if k):
            esc = r"\s?" if (escape_space and ch == " ") else re.escape(ch)
            alts.append(esc + build(node[ch], ch))
        if "" in node:
            alts.append(r"(?![A-Za-z0-9])" if ascii_boundary and prev.isascii() and prev.isalnum() else "")
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return build(trie, "")
