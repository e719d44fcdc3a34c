"""Length-preserving normalisation for matching: traditional -> simplified, full-width -> half-width."""
from __future__ import annotations

import opencc

_t2s = opencc.OpenCC("t2s")
_FULLWIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20


def normalize(text: str) -> str:
    out = _t2s.convert(text).translate(_FULLWIDTH)
    if len(out) != len(text):  # a phrase conversion changed length: fall back to per-character
        out = "".join(_t2s.convert(ch) if len(_t2s.convert(ch)) == 1 else ch for ch in text).translate(_FULLWIDTH)
    return out
