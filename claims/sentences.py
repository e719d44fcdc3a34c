"""Sentence splitting with offsets, and the language of each sentence.

A sentence never crosses a line break (visible text of HTML has one at every block
boundary), so a line without final punctuation (a headline, a list item) is a sentence.
Inside a line a sentence ends at:
- 。！？!? plus any closing quotes or brackets (”」』）), unless a comma-like mark
  follows the closing quote (“……。”他说 stays one sentence only when written “……。”，);
- . ! ? followed by whitespace and a capital, digit, quote or CJK character, except
  after common abbreviations and initials (U.S., Mr., Feb.);
- an inline list bullet: " - " / " • " before a capital or CJK character (one-line
  bullet lists as in seeds/004).
Leading bullets and list numbering (•, -, 1., (2), ①) are left outside the sentence.
Decisions are taken on the width-folded text, so full-width forms split like ASCII.

Language per sentence: zh when CJK characters outweigh Latin letters (a CJK
character carries about as much as three letters), else en; zh-Hant vs zh-Hans by
characters that only one script uses (OpenCC single-character tables), falling back
to the document's majority script. Counting uses numpy over code points, no Python
loop over characters.
"""
from __future__ import annotations

import bisect
import re

import numpy as np

from numcheck.claims.normalize import code_points, fold_width, s2t_char, t2s_char
from numcheck.claims.types import Sentence

_LINE = re.compile(r"[^\r\n]+")
_CJK_END = re.compile(r"[。！？!?]++[”’」』）)\]】\"']*+(?![，,、：:；;）)])")
# (?<=[^\s.!?]): a run of marks is tried once, from its first mark (from each mark it was quadratic)
_LATIN_END = re.compile(r"(?<=[^\s.!?])([.!?]+)[\"'”’)\]]*(?=[ \t]+[\"“‘(\[A-Z0-9\u3400-\u9fff])")
_INLINE_BULLET = re.compile(r"(?<=\S)[ \t]+[-•·–][ \t]+(?=[A-Z\u3400-\u9fff\"“])")
_LEADING_BULLET = re.compile(r"^\s*(?:[•·●○■□◆◇▪▫►▶★☆]+|[-–—*]+(?=\s)|\d{1,2}[.、)）](?!\d)|[(（]\d{1,2}[)）]|[①-⑳])?\s*")
_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof sr jr st inc ltd co corp plc no nos vs etc e.g i.e approx est dept gov
    jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k u.n e.u a.m p.m fig""".split()
)
_WORD_BEFORE = re.compile(r"([A-Za-z.]+)$")
# A "sentence" longer than this (no final punctuation over a whole line of hostile or garbled
# input) is cut at its last clause mark or space before the limit, so the per-claim work of later
# stages stays bounded; real sentences stay far below it (the longest seed/dev sentence has 270).
MAX_SENTENCE_CHARS = 600
_CLAUSE_MARK = re.compile(r"[,，;；、:：\s]")


def _capped(text: str, s: int, e: int) -> list[Sentence]:
    """Sentence(s, e), cut into pieces of at most MAX_SENTENCE_CHARS."""
    pieces = []
    while e - s > MAX_SENTENCE_CHARS:
        window = text[s + MAX_SENTENCE_CHARS // 2:s + MAX_SENTENCE_CHARS]
        marks = [m.end() for m in _CLAUSE_MARK.finditer(window)]
        cut = s + MAX_SENTENCE_CHARS // 2 + marks[-1] if marks else s + MAX_SENTENCE_CHARS
        pieces.append(Sentence(s, cut))
        s = cut
    pieces.append(Sentence(s, e))
    return pieces


def _breaks(text: str) -> list[int]:
    """Offsets in `text` where a sentence ends (exclusive), before line breaks are added."""
    ends: list[int] = [m.end() for m in _CJK_END.finditer(text)]
    for m in _LATIN_END.finditer(text):
        if m.group(1) == ".":
            word = _WORD_BEFORE.search(text, max(0, m.start(1) - 24), m.start(1))
            if word:
                w = word.group(1).lower().rstrip(".")
                if w in _ABBREVIATIONS or (len(w) == 1 and w.isalpha()):
                    continue
        ends.append(m.end())
    ends.extend(m.start() for m in _INLINE_BULLET.finditer(text))
    return sorted(set(ends))


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of `text` (visible text) as offsets; languages are set by assign_languages."""
    out: list[Sentence] = []
    text = fold_width(text)  # full-width punctuation and digits split like their ASCII forms
    breaks = _breaks(text)
    for lm in _LINE.finditer(text):
        line_start, line_end = lm.span()
        i = bisect.bisect_right(breaks, line_start)
        j = bisect.bisect_left(breaks, line_end)
        start = line_start
        for end in breaks[i:j] + [line_end]:
            if end <= start:
                continue
            seg = text[start:end]
            lead = _LEADING_BULLET.match(seg)
            s = start + (lead.end() if lead else 0)
            e = start + len(seg.rstrip())
            if e > s:
                out.extend(_capped(text, s, e))
            start = end
    return out


# Script evidence: characters that t2s changes are traditional-only, those that s2t changes are
# simplified-only. Cached per distinct character.
_SCRIPT_MARK = np.zeros(0x110000, dtype=np.uint8)  # code point -> 0, _HANT or _HANS
_SCRIPT_SEEN: set[str] = set()
_HANT, _HANS = 1, 2


def _script_marks(text: str) -> np.ndarray:
    new = set(text) - _SCRIPT_SEEN
    for ch in new:
        if "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff":
            if t2s_char(ch) != ch:
                _SCRIPT_MARK[ord(ch)] = _HANT
            elif s2t_char(ch) != ch:
                _SCRIPT_MARK[ord(ch)] = _HANS
    _SCRIPT_SEEN.update(new)
    return _SCRIPT_MARK


def _prefix_sums(text: str) -> dict[str, np.ndarray]:
    cp = code_points(text)
    han = ((cp >= 0x3400) & (cp <= 0x9FFF)) | ((cp >= 0xF900) & (cp <= 0xFAFF)) | (cp >= 0x20000)
    latin = ((cp >= 0x41) & (cp <= 0x5A)) | ((cp >= 0x61) & (cp <= 0x7A))
    marks = _script_marks(text)[cp]
    sums = {}
    for name, mask in (("han", han), ("latin", latin), ("hant", marks == _HANT), ("hans", marks == _HANS)):
        sums[name] = np.concatenate(([0], np.cumsum(mask, dtype=np.int64)))
    return sums


def _count(sums: dict[str, np.ndarray], name: str, start: int, end: int) -> int:
    return int(sums[name][end] - sums[name][start])


def _language(han: int, latin: int, hant: int, hans: int, default_script: str) -> str:
    if han == 0 and latin == 0:
        return "und"
    if han * 3 < latin:
        return "en"
    if hant > hans:
        return "zh-Hant"
    if hans > hant:
        return "zh-Hans"
    return default_script


def assign_languages(sentences: list[Sentence], text: str) -> str:
    """Set `language` on each sentence; returns the document language (zh-Hans|zh-Hant|en|und)."""
    if not text:
        return "und"
    sums = _prefix_sums(text)
    n = len(text)
    han, latin = _count(sums, "han", 0, n), _count(sums, "latin", 0, n)
    hant, hans = _count(sums, "hant", 0, n), _count(sums, "hans", 0, n)
    doc_script = "zh-Hant" if hant > hans else "zh-Hans"
    doc_language = _language(han, latin, hant, hans, doc_script)
    for s in sentences:
        lang = _language(
            _count(sums, "han", s.start, s.end), _count(sums, "latin", s.start, s.end),
            _count(sums, "hant", s.start, s.end), _count(sums, "hans", s.start, s.end), doc_script,
        )
        s.language = lang if lang != "und" else doc_language
    return doc_language
