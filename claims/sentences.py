"""Sentence splitting with offsets."""
from __future__ import annotations

import re

from claims.types import Sentence

_END = re.compile(r"[。！？!?；;]+[”」』\"']?|\n+")


def split_sentences(text: str) -> list[Sentence]:
    out, start = [], 0
    for m in _END.finditer(text):
        if m.end() > start and text[start:m.end()].strip():
            out.append(Sentence(start, m.end()))
        start = m.end()
    if start < len(text) and text[start:].strip():
        out.append(Sentence(start, len(text)))
    return out
