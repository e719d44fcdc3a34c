"""Length-preserving normalisation for matching (STYLE.md section 2: spans never move).

`normalize(text)` returns a string of exactly `len(text)` code points:
  1. OpenCC t2s (traditional -> simplified, with phrase conversion). Where a phrase
     conversion would change the length of a line, that line falls back to
     character-by-character conversion, so offsets stay valid.
  2. NFKC for every character whose NFKC form is a single code point: full-width
     ASCII (１２３％ -> 123%), the ideographic space, compatibility forms (﹐ -> ,,
     ① -> 1). Characters whose NFKC form is longer (㎡ -> m2, … -> ...) stay as written.

Tables are built per distinct character and cached, so the work per document is a
few C-speed passes (OpenCC, str.translate) plus a loop over distinct characters.

Zero-width and bidi format characters (U+200B, U+2060, U+FEFF, LRM, RLO, ...) are
invisible, yet "1\u200b234" would read as 234. No same-length replacement makes such
a number whole (every visible substitute either changes the value or splits it), so
they stay in `norm` and the number grammar reads the text without them:
`read_without_ignorables` runs it on the compacted text and maps its offsets back.
"""
from __future__ import annotations

import dataclasses
import re
import unicodedata
from typing import Callable, TypeVar

import numpy as np
import opencc

_t2s = opencc.OpenCC("t2s")
_s2t = opencc.OpenCC("s2t")

# Per-character caches: character -> replacement (only entries that differ are kept in the tables).
_NFKC_TABLE: dict[int, int] = {}
_T2S_CHAR: dict[str, str] = {}
_S2T_CHAR: dict[str, str] = {}
_SEEN_NFKC: set[str] = set()
_LINE = re.compile(r"[^\n]*\n?")


_NFKC_LUT: np.ndarray | None = None  # code point -> folded code point, for all of Unicode


def _nfkc_table_for(text: str) -> dict[int, int]:
    """Extend the cached NFKC table (and lookup array) with the distinct characters of `text`."""
    global _NFKC_LUT
    if _NFKC_LUT is None:
        _NFKC_LUT = np.arange(0x110000, dtype=np.uint32)
    new = set(text) - _SEEN_NFKC
    for ch in new:
        if ch < "\x80":
            continue
        folded = unicodedata.normalize("NFKC", ch)
        if len(folded) == 1 and folded != ch:
            _NFKC_TABLE[ord(ch)] = ord(folded)
            _NFKC_LUT[ord(ch)] = ord(folded)
    _SEEN_NFKC.update(new)
    return _NFKC_TABLE


def code_points(text: str) -> np.ndarray:
    """The code points of `text` as a uint32 array (C speed, no Python loop)."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def from_code_points(points: np.ndarray) -> str:
    return points.astype(np.uint32, copy=False).tobytes().decode("utf-32-le", "surrogatepass")


def _fold(text: str) -> str:
    """Apply the NFKC table through a lookup array: str.translate with a dict is ~50x slower on CJK."""
    if not _nfkc_table_for(text):
        return text
    return from_code_points(_NFKC_LUT[code_points(text)])


def _char_conversion(converter, memo: dict[str, str], ch: str) -> str:
    """One character through an OpenCC converter; a conversion to several characters keeps the original."""
    out = memo.get(ch)
    if out is None:
        conv = converter.convert(ch)
        out = conv if len(conv) == 1 else ch
        memo[ch] = out
    return out


def t2s_char(ch: str) -> str:
    """Single-character t2s (length-preserving)."""
    return _char_conversion(_t2s, _T2S_CHAR, ch)


def s2t_char(ch: str) -> str:
    """Single-character s2t (first candidate); used only as evidence of simplified script."""
    return _char_conversion(_s2t, _S2T_CHAR, ch)


def _t2s_by_line(text: str) -> str:
    """t2s line by line; a line whose length changes is converted character by character."""
    parts = []
    for line in _LINE.findall(text):
        conv = _t2s.convert(line)
        if len(conv) != len(line):
            conv = "".join(t2s_char(ch) for ch in line)
        parts.append(conv)
    return "".join(parts)


# OpenCC maps a few rare characters to their simplified forms in the CJK extensions (鄩 -> U+2CA7D):
# fonts and every pattern written for the basic block would lose such a name, so it stays as written
_BEYOND_BMP = re.compile(r"[\U00010000-\U0010FFFF]")


def to_simplified(text: str) -> str:
    """OpenCC t2s that keeps the length of `text`."""
    out = _t2s.convert(text)
    if len(out) != len(text) or out.count("\n") != text.count("\n"):
        out = _t2s_by_line(text)
    if _BEYOND_BMP.search(out):
        out = "".join(o if o < "\U00010000" or t >= "\U00010000" else t for o, t in zip(out, text))
    return out


def fold_width(text: str) -> str:
    """Only the NFKC folding (full-width -> ASCII etc.), no script conversion; same length."""
    return text if text.isascii() else _fold(text)


# Unicode format characters (category Cf, Default_Ignorable) that editors, copy-paste and hostile
# input leave inside numbers: soft hyphen, zero-width space/joiners, LRM/RLM, bidi embeddings and
# isolates, word joiner and invisible operators, BOM / zero-width no-break space.
IGNORABLE_CHARS = "\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
_IGNORABLE = re.compile(f"[{IGNORABLE_CHARS}]")
_IGNORABLE_LUT = np.zeros(0x110000, dtype=bool)
for _lo, _hi in ((0xAD, 0xAD), (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x2064), (0x2066, 0x2069),
                 (0xFEFF, 0xFEFF)):
    _IGNORABLE_LUT[_lo:_hi + 1] = True

Match = TypeVar("Match")
SPAN_FIELDS = ("start", "end", "qualifier_start", "qualifier_end")


def has_ignorables(text: str) -> bool:
    return _IGNORABLE.search(text) is not None


def without_ignorables(text: str) -> tuple[str, np.ndarray]:
    """`text` without its ignorable characters, and the index in `text` of each character kept."""
    points = code_points(text)
    kept = np.flatnonzero(~_IGNORABLE_LUT[points])
    return from_code_points(points[kept]), kept


def read_without_ignorables(read: Callable[..., list[Match]], text: str, start: int = 0,
                            end: int | None = None) -> list[Match]:
    """`read(compact, start, end)` on `text` without ignorable characters, its matches' spans
    mapped back into `text`. A span starts at its first visible character and ends after its
    last one, so it holds the ignorables between them (raw[start:end] stays the claim text)."""
    compact, kept = without_ignorables(text)
    end = len(text) if end is None else end
    first, stop = np.searchsorted(kept, [start, end])
    back = np.append(kept, len(text))  # position of compact index i in `text`; one past the end
    out = []
    for match in read(compact, int(first), int(stop)):
        spans = {}
        for name in SPAN_FIELDS:
            at = getattr(match, name, None)
            if at is None:
                continue
            closing = name.endswith("end") and at > 0
            spans[name] = int(back[at - 1]) + 1 if closing else int(back[at])
        out.append(dataclasses.replace(match, **spans))
    return out


def normalize(text: str) -> str:
    """Simplified script, half-width, NFKC where it keeps length; same length as `text`."""
    if text.isascii():
        return text
    return _fold(to_simplified(text))
