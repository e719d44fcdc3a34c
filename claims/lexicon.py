"""The grammar's data files (loaded through claims/cuefiles.py, so one loader and one
error format serve every lexicon) and a trie-regex builder for long word lists."""
from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from numcheck.claims.cuefiles import load_data_file
from numcheck.claims.errors import ConfigError

DATA_DIR = Path(__file__).parent / "data"

M = TypeVar("M", bound=BaseModel)

# A malformed data file is a configuration error like any other (file, key, reason; exit 2).
DataFileError = ConfigError


def load_data(name: str, model: type[M]) -> M:
    """claims/data/<name> validated by `model` (the grammar's modules load theirs at import)."""
    return load_data_file(name, model, directory=DATA_DIR)


def trie_pattern(words, escape_space: bool = False, ascii_boundary: bool = False,
                 spaced: bool = False) -> str:
    """A regular expression matching any of `words`, longest first, factored by common prefix.

    Python's re tries alternatives one by one; a trie-shaped pattern tries only the
    branches that share the first characters, which keeps large lexicons fast.
    With escape_space, a space in a word also matches no space (per cent / percent).
    With ascii_boundary, a word ending in an ASCII letter or digit must not be followed
    by one (5000P yes, 5000Pa no).
    With spaced, one space may stand between two characters of a word (个 百 分 点).
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
            if spaced and prev:
                esc = " ?" + esc
            alts.append(esc + build(node[ch], ch))
        if "" in node:
            alts.append(r"(?![A-Za-z0-9])" if ascii_boundary and prev.isascii() and prev.isalnum() else "")
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return build(trie, "")
