"""Qualifier words around a number (超, 约, 以上, over, about ...) -> contract qualifier names.

The lexicon is claims/data/qualifiers.yaml. Lookups are local to one candidate: the
text right before its start (prefix) and right after its end (suffix); nothing here
scans a whole document.
"""
from __future__ import annotations

import re
from decimal import Decimal
from typing import get_args

from pydantic import BaseModel, ConfigDict, field_validator

from numcheck.claims.lexicon import load_data, trie_pattern
from numcheck.schemas.models import Qualifier

QUALIFIER_NAMES = set(get_args(Qualifier))


class SuffixEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")
    qualifier: str
    dimensions: list[str] | None = None


class Bands(BaseModel):
    model_config = ConfigDict(extra="forbid")
    approx: Decimal
    nearly: Decimal
    rounding_cap: Decimal


class Comparative(BaseModel):
    model_config = ConfigDict(extra="forbid")
    openers: list[str]
    closers: dict[str, str]
    softeners: list[str] = []
    blockers: list[str] = []

    @field_validator("closers")
    @classmethod
    def _known(cls, v: dict[str, str]) -> dict[str, str]:
        for word, q in v.items():
            if q not in QUALIFIER_NAMES:
                raise ValueError(f"{word!r}: unknown qualifier {q!r}")
        return v


class QualifierLexicon(BaseModel):
    model_config = ConfigDict(extra="forbid")
    prefix: dict[str, str]
    suffix: dict[str, SuffixEntry]
    infix: dict[str, str]
    blockers: list[str]
    prefix_fillers: list[str] = []
    comparative: Comparative = Comparative(openers=[], closers={})
    range_between: tuple[list[str], list[str]] = ([], [])
    range_joiners: list[str]
    english_range: tuple[str, str]
    bands: Bands

    @field_validator("suffix", mode="before")
    @classmethod
    def _suffix_shorthand(cls, v: dict) -> dict:
        return {k: ({"qualifier": e} if isinstance(e, str) else e) for k, e in (v or {}).items()}

    @field_validator("prefix", "infix")
    @classmethod
    def _known(cls, v: dict[str, str]) -> dict[str, str]:
        for word, q in v.items():
            if q not in QUALIFIER_NAMES:
                raise ValueError(f"{word!r}: unknown qualifier {q!r}")
        return v


LEX = load_data("qualifiers.yaml", QualifierLexicon)
for _w, _e in LEX.suffix.items():
    if _e.qualifier not in QUALIFIER_NAMES:
        raise ValueError(f"qualifiers.yaml: key suffix.{_w}: unknown qualifier {_e.qualifier!r}")

_SUFFIX_RE = re.compile(trie_pattern(LEX.suffix, ascii_boundary=True))
_PREFIX_SET = set(LEX.prefix)
_PREFIX_LENGTHS = sorted({len(p) for p in LEX.prefix}, reverse=True)
_BLOCKERS_BY_END = {p: [bl for bl in LEX.blockers if bl.endswith(p) and len(bl) > len(p)] for p in LEX.prefix}
INFIX_CHARS = "".join(LEX.infix)
_FILLERS = frozenset(LEX.prefix_fillers)
_PREFIX_LAST_CHARS = frozenset(p[-1] for p in LEX.prefix) | frozenset(p[-1].upper() for p in LEX.prefix) \
    | _FILLERS | {" "}
# characters looked at for a spaced Chinese prefix, and the sign that one may be there
_SPACED_WINDOW = 2 * max(len(p) for p in LEX.prefix if not p[0].isascii())
_CJK_SPACE = re.compile(r"[^\x00-\x7f] ")
_SUFFIX_FIRST_CHARS = frozenset(w[0] for w in LEX.suffix) | {" "}


def prefix_before(text: str, start: int) -> tuple[str, int] | None:
    """The qualifier word ending right at `start`: (qualifier, its start).

    Chinese qualifiers touch the number (超140万), or a filler separates a two-character one
    from it (超过了80%, 至少有10家); English ones are separated by one space and must start
    a word (over 1,500).
    """
    if start == 0 or text[start - 1] not in _PREFIX_LAST_CHARS:
        return None  # most numbers have no qualifier: one set lookup decides
    found = _prefix_at(text, start)
    if found is None and start >= 3 and text[start - 1] in _FILLERS:
        found = _prefix_at(text, start - 1)
        if found is not None and start - 1 - found[1] < 2:
            return None
    if _CJK_SPACE.search(text, max(0, start - _SPACED_WINDOW), start):
        spaced = _spaced_prefix_at(text, start)
        if spaced is not None and (found is None or spaced[1] < found[1]):
            found = spaced  # 小于 或 等于100 is at_most, not 等于
    return found


def _spaced_prefix_at(text: str, start: int) -> tuple[str, int] | None:
    """A Chinese qualifier written with spaces: between its characters (小于 或 等于100) or,
    in pangu spacing, between it and the number (超过 100 家). Single spaces touching a
    non-ASCII character on the left are dropped from a short window and the plain lookup runs
    on what is left; English words keep their spaces."""
    lo = max(0, start - _SPACED_WINDOW)
    kept = [i for i in range(lo, start)
            if not (text[i] == " " and i > lo and not text[i - 1].isascii() and text[i - 1] != " "
                    and (i + 1 == start or not text[i + 1].isascii()))]
    if len(kept) == start - lo:
        return None
    compact = "".join(text[i] for i in kept)
    found = _prefix_at(compact, len(compact))
    if found is None or compact[found[1]].isascii():
        return None
    return found[0], kept[found[1]]


def _prefix_at(text: str, start: int) -> tuple[str, int] | None:
    english = start >= 2 and text[start - 1] == " "
    end = start - 1 if english else start
    for n in _PREFIX_LENGTHS:
        b = end - n
        if b < 0:
            continue
        p = text[b:end]
        if p not in _PREFIX_SET and not (english and p.lower() in _PREFIX_SET):
            continue
        p = p if p in _PREFIX_SET else p.lower()
        if p[0].isascii() != english and p[0].isalpha():
            continue  # symbols (>, ≥) need no space either way
        if english and b > 0 and text[b - 1].isalpha():
            continue
        if any(text.startswith(bl, end - len(bl)) for bl in _BLOCKERS_BY_END.get(p, ())):
            continue  # 最近 is "recently", not 近
        return LEX.prefix[p], b
    return None


_OPENERS_T = tuple(LEX.comparative.openers)
FRAME_LAST_CHARS = frozenset(o[-1] for o in _OPENERS_T) | {" "}  # before a number in a frame
_OPENER_BLOCKERS_T = tuple(LEX.comparative.blockers)
_CLOSERS = sorted(LEX.comparative.closers, key=len, reverse=True)
_SOFTENERS_T = tuple(sorted(LEX.comparative.softeners, key=len, reverse=True))
_DIFFERENCE = re.compile(r"[出了]?[0-9零〇一二两三四五六七八九十百千万几数半]")


def frame_around(text: str, start: int, end: int) -> tuple[str, int, int] | None:
    """A comparative frame around the quantity text[start:end] (比 X 大, 比 170 低: one space
    allowed inside): (qualifier, the opener's start, the closer's end), or None."""
    s = start - 1 if start > 1 and text[start - 1] == " " else start
    if not text.endswith(_OPENERS_T, 0, s) or text.endswith(_OPENER_BLOCKERS_T, 0, s):
        return None
    opener = next(o for o in _OPENERS_T if text.endswith(o, 0, s))
    e = end + 1 if text.startswith(" ", end) else end
    closer = next((c for c in _CLOSERS if text.startswith(c, e)), None)
    if closer is None:
        return None
    after = e + len(closer)
    soft = next((w for w in _SOFTENERS_T if text.startswith(w, after)), "")
    if _DIFFERENCE.match(text, after + len(soft)):
        return None  # 比30高出5个百分点: a difference is stated, 30 is an actual value
    return LEX.comparative.closers[closer], s - len(opener), after


def suffix_after(text: str, end: int, dimension: str, pangu: bool = False) -> tuple[str, int] | None:
    """The qualifier word starting at `end` (one space allowed for English, and for Chinese when
    the number is pangu-spaced: 在 170 之下): (qualifier, its end)."""
    if end >= len(text) or text[end] not in _SUFFIX_FIRST_CHARS:
        return None
    pos = end + 1 if text.startswith(" ", end) and end + 1 < len(text) and (
        text[end + 1].isascii() or pangu) else end
    m = _SUFFIX_RE.match(text, pos)
    if not m:
        return None
    entry = LEX.suffix[m.group()]
    if entry.dimensions is not None and dimension not in entry.dimensions:
        return None
    return entry.qualifier, m.end()
