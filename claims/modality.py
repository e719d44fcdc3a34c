"""Modality: is a number a fact (actual), a plan, a forecast or a target?

Cue words come from data/modality_cues.yaml. They are read left to right through
the sentence: a frame cue (计划, 预计, 目标) colours everything after it, a weak
cue (将, 建设) sets plan unless a frame already set the mood, and an actual cue
(目前, 已, 累计) resets the mood. A cue after the number inside its clause applies
when nothing before did (万人研发中心即将落成), and a duration takes the cue that
follows it first (五年冲刺千亿: the five years bound the 冲刺 target).
"到2028年" with a year after publication is a target.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel

from numcheck.claims.cuefiles import cached
from numcheck.claims.periods import TimeExpr
from numcheck.schemas.models import Modality


class Cue(BaseModel):
    modality: Literal["actual", "plan", "forecast", "target"]
    strength: Literal["frame", "weak"]
    after: bool = False  # also applies to a number before it in its clause
    tense: bool = False  # a future-tense marker: not silenced by an actual cue in its clause
    not_before: list[str] = []  # part-of-speech flags of the next token that undo the cue (将+noun = 把)
    clause_before: list[str] = []  # flags of the next token that make the cue a modifier of that noun only


class ModalityCues(BaseModel):
    by_year_modality: Literal["plan", "forecast", "target"]
    cues: dict[str, Cue]


def cues() -> ModalityCues:
    return cached("modality_cues.yaml", ModalityCues)


@dataclass(slots=True)
class CueHit:
    start: int
    end: int
    word: str
    modality: str
    strength: str
    after: bool = False
    tense: bool = False


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, re.Pattern]:
    words = cues().cues
    zh = [w for w in words if not w.isascii()]
    en = [w for w in words if w.isascii()]
    alt = lambda ws: "|".join(re.escape(w) for w in sorted(ws, key=len, reverse=True))  # noqa: E731
    return re.compile(f"(?=({alt(zh)}))"), re.compile(rf"\b({alt(en)})\b", re.IGNORECASE)


def find_cues(text: str, token_bounds: set[int] | None = None, next_flags: dict[int, str] | None = None) -> list[CueHit]:
    """Cue words in one sentence. Chinese cues count only on token boundaries when
    `token_bounds` is given (要 in 重要 is not a cue); the longest cue at a position wins."""
    zh, en = _patterns()
    table = cues().cues
    hits: list[CueHit] = []
    taken_until = -1
    for m in zh.finditer(text):
        s = m.start()
        if s < taken_until:
            continue
        for word in sorted((w for w in table if not w.isascii() and text.startswith(w, s)), key=len, reverse=True):
            e = s + len(word)
            if token_bounds is None or (s in token_bounds and e in token_bounds):
                cue = table[word]
                flag = (next_flags or {}).get(e, "")
                if flag and any(flag == f or flag.startswith(f) for f in cue.not_before):
                    taken_until = e
                    break
                attributive = flag and any(flag == f or flag.startswith(f) for f in cue.clause_before)
                hits.append(CueHit(s, e, word, cue.modality, "clause" if attributive else cue.strength,
                                   cue.after, cue.tense))
                taken_until = e
                break
    for m in en.finditer(text):
        cue = table[m.group(1).lower()] if m.group(1).lower() in table else table[m.group(1)]
        hits.append(CueHit(m.start(), m.end(), m.group(1), cue.modality, cue.strength, cue.after, cue.tense))
    hits.sort(key=lambda h: h.start)
    return hits


def by_year_hits(times: list[TimeExpr], published: date | None) -> list[CueHit]:
    """到2028年 / by 2028 with a year after publication reads as a target."""
    out = []
    for t in times:
        if t.by_year and t.year and (published is None or t.year > published.year):
            out.append(CueHit(t.start, t.end, f"by {t.year}", cues().by_year_modality, "frame", True))
    return out


_CLAUSE_BREAK = re.compile(r"[,，;；:：]")


def modality_for(
    hits: list[CueHit],
    text: str,
    num_start: int,
    num_end: int,
    *,
    is_duration: bool = False,
    subjects: list[int] | None = None,
) -> tuple[Modality, str | None]:
    """The modality of text[num_start:num_end] and the cue word that decided it.

    `subjects` are the offsets of entity mentions that open a clause's subject; a weak
    cue of an earlier clause does not reach past one of them.
    """
    breaks = [m.start() for m in _CLAUSE_BREAK.finditer(text)]

    def clause_of(pos: int) -> int:
        return sum(1 for b in breaks if b < pos)

    frame, frame_cue = "actual", None
    weak, weak_cue, weak_at = None, None, -1
    actual_clause = None
    here = clause_of(num_start)
    for h in hits:
        if h.end > num_start:
            break
        if h.strength == "clause":  # 规划年产能30GWh,…建设周期14个月: "planned" qualifies its own noun only
            if clause_of(h.start) == here:
                frame, frame_cue, weak = h.modality, h.word, None
            continue
        if h.modality == "actual":
            frame, frame_cue, actual_clause = "actual", h.word, clause_of(h.start)
            weak = None
        elif h.strength == "frame":
            frame, frame_cue, weak = h.modality, h.word, None
        elif frame != "actual" or (actual_clause == clause_of(h.start) and not h.tense):
            continue  # 预计…将…: the frame decides; 累计建设: realised
        else:
            weak, weak_cue, weak_at = h.modality, h.word, h.start
    if weak is not None and clause_of(weak_at) < here:
        if any(clause_of(weak_at) < clause_of(p) and p < num_start for p in (subjects or [])):
            weak = None  # a new subject: the earlier 将 was about someone else
    mood, cue = (weak, weak_cue) if weak is not None else (frame, frame_cue)
    following = [h for h in hits if h.start >= num_end and clause_of(h.start) == here and h.modality != "actual"]
    if is_duration:
        framed = [h for h in following if h.strength == "frame" or h.after]
        if framed:
            return framed[0].modality, framed[0].word  # type: ignore[return-value]
    if mood != "actual":
        return mood, cue  # type: ignore[return-value]
    after = [h for h in following if h.after]
    if after and actual_clause != here:
        return after[0].modality, after[0].word  # type: ignore[return-value]
    return "actual", cue
