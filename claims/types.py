"""Records passed between the stages of claims/ (see docs/ARCHITECTURE.md).

Offsets everywhere are code points into `SourceDocument.raw`, end exclusive.
`visible` and `norm` have exactly the length of `raw`, so one offset is valid
in all three strings.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from numcheck.schemas.models import Document, Modality, Quantity, Subject


@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    language: str = "und"  # zh-Hans | zh-Hant | en | und
    zone: str = "body"  # body | boilerplate


@dataclass(slots=True)
class SourceDocument:
    path: str  # as the user gave it
    raw: str  # decoded file text: what offsets point into
    visible: str  # same length as raw: markup, scripts, hidden text masked by spaces/newlines
    norm: str  # same length as raw: simplified script, half-width, for matching only
    meta: Document
    sentences: list[Sentence] = field(default_factory=list)
    _line_starts: list[int] = field(default_factory=list, repr=False)
    _sentence_index: tuple[int, list[int]] = field(default=(-1, []), repr=False)

    def __post_init__(self) -> None:
        if not (len(self.raw) == len(self.visible) == len(self.norm)):
            raise ValueError(f"{self.path}: raw, visible and norm must have the same length")
        if not self._line_starts:
            self._line_starts = line_starts(self.raw)

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column of a code-point offset (\\n, \\r\\n and lone \\r end lines)."""
        i = bisect.bisect_right(self._line_starts, offset) - 1
        return i + 1, offset - self._line_starts[i] + 1

    def sentence_at(self, offset: int) -> Sentence | None:
        # The start list is rebuilt only when the sentence list changes (cheap identity check).
        if self._sentence_index[0] != id(self.sentences) or len(self._sentence_index[1]) != len(self.sentences):
            self._sentence_index = (id(self.sentences), [s.start for s in self.sentences])
        starts = self._sentence_index[1]
        i = bisect.bisect_right(starts, offset) - 1
        if i >= 0 and self.sentences[i].start <= offset < self.sentences[i].end:
            return self.sentences[i]
        return None


def line_starts(text: str) -> list[int]:
    """Offsets at which lines begin; \\r\\n counts once, a lone \\r ends a line too."""
    # One C-speed regex scan (a find("\\r") per line would rescan to the end: quadratic without \\r).
    return [0] + [m.end() for m in _LINE_BREAK.finditer(text)]


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass(slots=True)
class QuantityMatch:
    """One quantity found by the grammar in `norm` (offsets into the document)."""

    start: int  # span of the claim text: number + magnitude + unit/measure word
    end: int
    quantity: Quantity
    rule: str  # grammar rule name, e.g. "zh.number.magnitude.unit"
    qualifier_start: int | None = None  # span of 超/约/以上... when present (outside the claim span)
    qualifier_end: int | None = None


@dataclass(slots=True)
class SubjectInfo:
    """What claims/subjects.py decides for one QuantityMatch."""

    subject: Subject
    modality: Modality = "actual"
    scope: str | None = None  # "subset" for 其中-style parts
    evidence: dict[str, str] = field(default_factory=dict)
    negative: bool = False  # a decline (下降8.5%): the claim's value takes a minus sign
