"""The number grammar's face: find every quantity in normalised text.

One compiled pattern scans the text once. Its first alternatives are the
non-claims of claims/data/non_claims.yaml (dates, phones, licences, idioms ...):
where one matches, the text it covers is skipped. Its other alternatives find
candidates: a run of numeral characters, an English number word, a fraction
(三分之一, 百分之五), a whole word (一半) or 半. Each candidate is then parsed
locally: numeral (claims/numerals.py), infix (余/多), English scale words,
unit or measure word (claims/units.py), range partner (3至5年), the words right
before it (超, 第, 前, 每, $) and right after it (以上, 内, 级), and finally the
interval (claims/intervals.py). No per-character loop runs over the document.

Spans follow GUIDELINES section 3: number + magnitude + unit/measure word; prefix
and suffix qualifiers stay outside (their offsets are in qualifier_start/end),
infix ones (400余项) inside. Offsets are absolute into `norm`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, field_validator

from numcheck.claims import numerals, qualifiers, units
from numcheck.claims.intervals import interval
from numcheck.claims.lexicon import load_data, trie_pattern
from numcheck.claims.normalize import has_ignorables, read_without_ignorables
from numcheck.claims.numerals import Numeral, parse_english, parse_numeral
from numcheck.claims.types import QuantityMatch
from numcheck.schemas.models import Quantity


class NonClaimLexicon(BaseModel):
    model_config = ConfigDict(extra="forbid")
    patterns: dict[str, str]
    words: dict[str, list[str]]
    english_count_nouns: str
    english_count_modifiers: list[str] = []
    english_not_nouns: list[str]
    denominator_prefixes: list[str]
    article_counters_exempt: list[str]

    @field_validator("patterns")
    @classmethod
    def _compiles(cls, v: dict[str, str]) -> dict[str, str]:
        for name, pat in v.items():
            try:
                re.compile(pat)
            except re.error as exc:
                raise ValueError(f"{name}: bad regular expression: {exc}") from exc
        return v


NON_CLAIMS = load_data("non_claims.yaml", NonClaimLexicon)
C = units.COUNTERS
Q = qualifiers.LEX

# -- the one compiled pattern -------------------------------------------------

_RUN_CHARS = "0-9" + numerals.PLAIN_DIGIT_CHARS + numerals.PLAIN_UNIT_CHARS.replace("兆", "")
# 兆 is 10^12 in a numeral (四十九兆) but "mega" before 瓦/赫 (100兆瓦).
_ZHAO = "兆(?![瓦赫帕字比欧焦])"
_RUN = (  # formal unit characters may continue a run (三仟), never start one (大陆, 队伍)
    rf"(?:[数几上](?=[十百千万亿])|[{_RUN_CHARS}]|{_ZHAO})"
    rf"(?:[{_RUN_CHARS}拾佰仟几,.点 ]|{_ZHAO})*+"
)
# Financial numerals (壹佰万) also write ordinary words (大陆, 队伍): two formal characters at least.
_CN_NUMERAL_CHARS = numerals.CN_DIGIT_CHARS + numerals.UNIT_CHARS
# A formal digit starts a numeral only before another formal character, a unit character, 零 or
# a decimal point (陆 点 五): before a plain digit it is a word's end (大陆三成, 队伍两支). A
# formal unit character may precede any numeral character (拾六万).
_FORMAL_DIGITS = "".join(c for c in numerals.FORMAL_CHARS if c in numerals.LEX.digits)
_FORMAL_UNITS = "".join(c for c in numerals.FORMAL_CHARS if c not in numerals.LEX.digits)
_FORMAL_START = (rf"(?:[{_FORMAL_DIGITS}](?= ?(?:[{numerals.FORMAL_CHARS}{numerals.UNIT_CHARS}零]"
                 rf"|[{numerals.POINT_CHARS}] ?[{numerals.CN_DIGIT_CHARS}0-9]))"
                 rf"|[{_FORMAL_UNITS}](?=[{_CN_NUMERAL_CHARS}]))")
_FORMAL = (rf"{_FORMAL_START}(?:[{_RUN_CHARS}点几 {numerals.FORMAL_CHARS}])*+"
           rf"|[{numerals.FORMAL_CHARS}](?=[元圆角分{''.join(numerals.LEX.group_words)}])")  # 壹元整 / 壹角: one formal digit before money
# Bounded (a longer run is never a claim): tried at every character of a long run, an unbounded
# run made the scan quadratic.
_FRAC_RUN = rf"[{_RUN_CHARS}{numerals.FORMAL_CHARS}](?:[{_RUN_CHARS}{numerals.FORMAL_CHARS},.点]){{0,40}}+"
# A numerator may be spaced (百分之五 十); spaces around 分之 are bound (百 分 之 2). The
# denominator is tried at every numeral, so it keeps the plain (faster) run.
_FRAC_RUN_SPACED = (rf"[{_RUN_CHARS}{numerals.FORMAL_CHARS}]"
                    rf"(?:[{_RUN_CHARS}{numerals.FORMAL_CHARS},.点]| (?=[{_RUN_CHARS}{numerals.FORMAL_CHARS}点])){{0,40}}+")
_WORDS = sorted({w for ws in NON_CLAIMS.words.values() for w in ws}, key=len, reverse=True)
_SKIP = "|".join(f"(?:{p})" for p in NON_CLAIMS.patterns.values())
_SKIP_WORDS = trie_pattern(_WORDS)
def _whole_word_pattern(word: str, w: units.WholeWord) -> str:
    after = "".join(f"(?<={re.escape(a)})" if i == 0 else f"|(?<={re.escape(a)})"
                    for i, a in enumerate(w.only_after))
    return (f"(?:{after})" if after else "") + re.escape(word) + (
        f"(?![{re.escape(w.not_before)}])" if w.not_before else "")


_WHOLE = "|".join(_whole_word_pattern(w, C.whole_words[w]) for w in sorted(C.whole_words, key=len, reverse=True))
_EN_SCALE_RE = re.compile(
    r" ?(" + "|".join(sorted(numerals.LEX.english_scales, key=len, reverse=True)) + r")(?![A-Za-z])"
)
_FIRST = "|".join(f"{re.escape(w)}(?=[{''.join(C.first_counters)}])" for w, v in C.ordinal_prefixes.items() if v)
_EN_FRACTION = "|".join(sorted(numerals.LEX.english_fractions, key=len, reverse=True))
_EN_ORDINAL = "|".join(sorted(numerals.LEX.english_ordinals, key=len, reverse=True)) or "(?!)"
_EN_RANK_WORD = "|".join(re.escape(w) for w in sorted(numerals.LEX.english_rank_words, key=len, reverse=True)) or "(?!)"
# "third-largest", "2nd biggest", "ranked third": an English ordinal that ranks
_EN_RANK = (rf"(?P<ordword>{_EN_ORDINAL}|[1-9]\d?(?:st|nd|rd|th))[- ](?:{_EN_RANK_WORD})"
            rf"|(?:ranked|ranks|ranking|placed|places|came in|finished) (?P<ordafter>{_EN_ORDINAL}|[1-9]\d?(?:st|nd|rd|th))")
# the country's No. 1 dairy company, ranks No. 2: a rank, not a list's or an item's number (No. 3 alone)
_EN_RANK_NO = r"(?:(?<=['’]s )|(?<=\branked )|(?<=\branks )|(?<=\bwas )|(?<=\bis )|(?<=\bas ))No\. ?(?P<ordno>[1-9]\d?)(?![\d.,])"

def _first_chars(pattern: str) -> str:
    """The character-class body of every character a match of `pattern` can start with."""
    import re._constants as k
    import re._parser as parser

    def seq(items) -> tuple[set[str], bool]:
        out: set[str] = set()
        for op, arg in items:
            frags, nullable = item(op, arg)
            out |= frags
            if not nullable:
                return out, False
        return out, True

    def lit(c: int) -> set[str]:
        ch = chr(c)
        return {re.escape(ch), re.escape(ch.swapcase())} if ch.isascii() and ch.isalpha() else {re.escape(ch)}

    def item(op, arg) -> tuple[set[str], bool]:
        if op is k.LITERAL:
            return lit(arg), False
        if op is k.IN:
            out: set[str] = set()
            for iop, iarg in arg:
                if iop is k.LITERAL:
                    out |= lit(iarg)
                elif iop is k.RANGE:
                    out.add(f"{re.escape(chr(iarg[0]))}-{re.escape(chr(iarg[1]))}")
                elif iop is k.CATEGORY and iarg is k.CATEGORY_DIGIT:
                    out.add(r"\d")
                elif iop is k.CATEGORY and iarg is k.CATEGORY_SPACE:
                    out.add(r"\s")
                else:
                    raise ValueError(f"pattern may start with any character: {pattern!r}")
            return out, False
        if op is k.BRANCH:
            out, nullable = set(), False
            for alt in arg[1]:
                f, n = seq(alt)
                out |= f
                nullable = nullable or n
            return out, nullable
        if op is k.SUBPATTERN:
            return seq(arg[3])
        if op is k.ATOMIC_GROUP:
            return seq(arg)
        if op in (k.MAX_REPEAT, k.MIN_REPEAT, k.POSSESSIVE_REPEAT):
            f, n = seq(arg[2])
            return f, n or arg[0] == 0
        if op in (k.AT, k.ASSERT, k.ASSERT_NOT):
            return set(), True
        raise ValueError(f"pattern may start with any character: {pattern!r}")

    frags, nullable = seq(parser.parse(pattern))
    if nullable:
        raise ValueError(f"pattern can match the empty string: {pattern!r}")
    return "".join(sorted(frags))


# 车桩比2.1:1, 师生比1:18, 性别比105:100: a ratio of two counts (a clock's 10:30 is no claim)
_COLON_RATIO = r"(?<![\d.:：])\d{1,4}(?:\.\d{1,2})?[:：]\d{1,4}(?:\.\d{1,2})?(?![\d:：]|\.\d)"

_BODY = (
    rf"(?P<colonratio>{_COLON_RATIO})"
    rf"|(?P<enrankno>{_EN_RANK_NO})"
    rf"|(?P<skip>{_SKIP}|{_SKIP_WORDS})"
    rf"|(?P<whole>{_WHOLE})"
    rf"|(?P<frac>(?P<den>{_FRAC_RUN}) *分 *之 *(?P<neg>负)?(?P<numer>{_FRAC_RUN_SPACED}))"
    r"|(?P<slash>(?<![0-9./])[1-9]/(?:10|[2-9])(?![0-9./]))"
    rf"|(?<![A-Za-z])(?P<enrank>(?i:{_EN_RANK}))(?![A-Za-z])"
    rf"|(?<![A-Za-z])(?P<enpart>(?i:(?:a|one)\s(?P<partof>{_EN_FRACTION})|(?<![Ff]irst )(?<![Ss]econd )half))(?=\s+of\b)"
    rf"|(?<![A-Za-z])(?P<en>(?i:{numerals.EN_NUMBER_PATTERN})(?:-(?P<enfrac>(?i:{_EN_FRACTION})))?)(?![A-Za-z])"
    rf"|(?P<num>{_RUN})"
    rf"|(?P<formal>{_FORMAL})"
    rf"|(?P<first>{_FIRST})"
    rf"|(?P<half>{numerals.LEX.half})"
)
# A lookahead on the possible first characters lets the engine reject most positions at once.
PATTERN = re.compile(rf"(?=[{_first_chars(_BODY)}])(?:{_BODY})")

_EN_MODIFIERS = "|".join(re.escape(w) for w in sorted(NON_CLAIMS.english_count_modifiers, key=len, reverse=True))
_EN_NOUN = re.compile(rf" (?:(?:{_EN_MODIFIERS or '(?!)'}) ){{0,2}}((?:{NON_CLAIMS.english_count_nouns}))(?![A-Za-z])")
_EN_NOT_NOUNS = set(NON_CLAIMS.english_not_nouns)
_CJK = re.compile(r"[\u4e00-\u9fff]")
_EN_BY_BEFORE = re.compile(r"\bby\s{1,2}$")

def english_counted_noun(text: str, end: int) -> tuple[int, int] | None:
    """The span of the plural noun phrase right after an English count (112 aircraft, 118 new
    product registrations), or None."""
    noun = _EN_NOUN.match(text, end)
    return (end, noun.end()) if noun is not None and noun.group(1) not in _EN_NOT_NOUNS else None
_MAX_RUN = 40  # longer digit runs are identifiers or garbage, never a claim (spaces not counted)
_CAPTIONS_T = tuple(units.UNITS.unit_captions)
_INFIX_OR_GAP = frozenset(qualifiers.INFIX_CHARS) | {" "}
_SPACED_UNIT_WINDOW = 8  # a spaced unit word starts within this many characters of the number
_JOINERS = sorted(Q.range_joiners, key=len, reverse=True)
_JOINERS_T = tuple(_JOINERS)
_EN_JOINERS_T = tuple(f" {j} " for j in _JOINERS if j.isascii() and j.isalpha())
_CURRENCY_COUNTERS = frozenset(units.UNITS.currency_counters)
_RANGE_FIRST_CHARS = frozenset(j[0] for j in (*_JOINERS, *Q.range_between[0])) | {" ", "("}
_INCLUSIVE_NOTE = "(含)"  # a bound marked as included, between it and the joiner
_BETWEEN_JOINERS_T = tuple(Q.range_between[0])
_BETWEEN_CLOSERS_T = tuple(sorted(Q.range_between[1], key=len, reverse=True))
_DASH_JOINERS = {j for j in _JOINERS if all(c in "-—– " for c in j)}  # hyphens; ~ is unambiguous
_DENOMINATORS_T = tuple(w for w in NON_CLAIMS.denominator_prefixes if not w.isascii())
_NEGATIVE_T = tuple(numerals.LEX.negative)
# after these a "-" joins (1万-5万元, (含)-5万) instead of negating
_SIGN_BLOCKERS = set(")]-") | set(numerals.CN_DIGIT_CHARS) | set(numerals.UNIT_CHARS)
_MULTIPLIERS_T = tuple(C.multipliers)
_TOP_T = tuple(C.top_prefixes)
_TOP_BLOCKERS_T = tuple(C.top_blockers)
_LABELS_T = tuple(C.label_counters)
_ONE_CUES_T = tuple(C.counted_one_cues)
_RANK_COUNTERS = set(C.counters) | set(C.rank_counters)


def _too_long(text: str, s: int, e: int) -> bool:
    return e - s - text.count(" ", s, e) > _MAX_RUN


@dataclass(slots=True)
class _Found:
    """A quantity under construction (offsets relative to the scanned window)."""

    start: int
    end: int
    value: Decimal | None
    low: Decimal | None
    high: Decimal | None
    step: Decimal | None
    unit: str
    dimension: str
    counter: str | None = None
    qualifier: str = "exact"
    rule: str = "zh.number"
    q_start: int | None = None
    q_end: int | None = None
    extra: dict = field(default_factory=dict)


def find_quantities(norm: str, start: int = 0, end: int | None = None) -> list[QuantityMatch]:
    """Every quantity in norm[start:end], in text order, with absolute offsets."""
    if has_ignorables(norm):  # zero-width/bidi characters: read as if absent, offsets mapped back
        return read_without_ignorables(find_quantities, norm, start, end)
    end = len(norm) if end is None else end
    text = norm[start:end]
    out: list[QuantityMatch] = []
    taken = 0  # candidates inside an accepted span (a range's second half) are skipped
    pos = 0
    while True:
        m = PATTERN.search(text, pos)
        if m is None:
            break
        kind = m.lastgroup
        pos = _resume(m)
        if kind == "skip" or m.start() < taken:
            continue
        try:
            found = _parse_candidate(text, m)
        except (ArithmeticError, ValueError, KeyError, IndexError):
            found = None  # a malformed candidate is no claim; never crash on input text
        if found is None:
            continue
        if out and found.start < out[-1].end - start:
            continue
        taken = found.end
        pos = max(pos, found.end)
        if out and found.qualifier == "exact":
            _restated(text, found, out[-1], start)
        out.append(_to_match(found, start))
    return out


def _resume(m: re.Match) -> int:
    """Where scanning goes on after a candidate: right after the numeral actually read, so a
    run like '二百五, 二百五' or '1,2,3' yields each number (the pattern's run is greedy)."""
    if m.lastgroup not in ("num", "formal") or (m.end() - m.start() > _MAX_RUN
                                                and _too_long(m.string, m.start(), m.end())):
        return m.end()  # a run too long to be a claim is skipped whole: rescanning it from +1 is quadratic
    num = parse_numeral(m.group())
    return m.start() + max(1, num.length if num is not None else 1)


def _restated(text: str, f: _Found, prev: QuantityMatch, offset: int) -> None:
    """'300 billion yuan ($41.4 billion)': a bracketed conversion inherits the bound it restates."""
    gap = text[prev.end - offset:f.start].strip()
    if gap in ("(", "[") and f.dimension == "money" and prev.quantity.dimension == "money":
        f.qualifier = prev.quantity.qualifier


def _to_match(f: _Found, offset: int) -> QuantityMatch:
    low, high = f.low, f.high
    if f.qualifier != "range":
        low, high = interval(f.value, f.qualifier, f.step, discrete=f.dimension in ("count", "rank"))
    # Fields are valid by construction; skipping validation keeps the hot path cheap.
    q = Quantity.model_construct(value=_clean(f.value), low=_clean(low), high=_clean(high), unit=f.unit,
                 dimension=f.dimension, counter=f.counter, qualifier=f.qualifier, precision=_clean(f.step))
    qs = f.q_start + offset if f.q_start is not None else None
    qe = f.q_end + offset if f.q_end is not None else None
    return QuantityMatch(f.start + offset, f.end + offset, q, f.rule, qs, qe)


def _clean(v: Decimal | None) -> Decimal | None:
    """Exact value without exponent noise: 1E+4 -> 10000, 190000000000.00 -> 190000000000."""
    if v is None:
        return None
    if v == v.to_integral_value():
        return Decimal(int(v))
    return v.normalize()


# -- candidates ---------------------------------------------------------------

def _parse_candidate(text: str, m: re.Match) -> _Found | None:
    kind = m.lastgroup
    if kind in ("num", "formal"):
        return _numeric(text, m.start(), m.end())
    if kind == "first":
        # 首座 / 首个: rank 1 with its measure word.
        u = units.match_unit(text, m.end())
        if u is None or u.counter is None:
            return None
        f = _Found(m.start(), m.end() + len(u.surface), Decimal(C.ordinal_prefixes[m.group()]), None, None,
                   None, "rank", "rank", u.counter, rule="zh.rank.first")
        f.low = f.high = f.value
        return _qualify(text, f)
    if kind == "whole":
        w = C.whole_words[m.group()]
        f = _Found(m.start(), m.end(), w.value, w.value, w.value, None, w.unit, w.dimension,
                   qualifier=w.qualifier, rule="zh.whole_word")
        return _finish(text, f)
    if kind == "frac":
        return _fraction(text, m)
    if kind == "slash":
        return _slash_fraction(text, m)
    if kind == "colonratio":
        return _colon_ratio(text, m)
    if kind in ("enrank", "enrankno"):
        return _english_rank(text, m)
    if kind == "enpart":  # "nearly a quarter of", "half of": a share in words
        a, b = numerals.LEX.english_fractions[(m.group("partof") or "half").lower()]
        v = Decimal(a) * 100 / Decimal(b)
        f = _finish(text, _Found(m.start(), m.end(), v, v, v, None, "percent", "ratio", rule="en.fraction.words"))
        if f is not None and f.qualifier == "exact":
            f.qualifier = "approx"  # "a third of" is a round share in words, never an exact figure
        return f
    if kind == "en":
        return _english_words(text, m)
    if kind == "half":
        u = units.match_unit(text, m.end())
        if u is None or u.dimension != "duration" or u.surface.startswith(" "):
            return None
        v = Decimal("0.5") * u.factor
        f = _Found(m.start(), m.end() + len(u.surface), v, v, v, None, u.unit, "duration", rule="zh.half.unit")
        return _finish(text, f)
    return None


# currency codes (units.yaml currency_prefixes) written glued to the amount; the code must stand
# alone before it (not xCNY)
_CODE_PREFIXES = tuple(f"{sep}{code}" for code in units.CURRENCY_PREFIXES if code.isascii() and code.isalpha()
                       for sep in (" ", "(", "（", "\n"))


def _numeric(text: str, s: int, run_end: int, second_of_range: bool = False) -> _Found | None:
    if run_end - s > _MAX_RUN and _too_long(text, s, run_end):
        return None
    run = text[s:run_end]
    num = parse_numeral(run)
    if num is None:
        return None
    e = s + num.length
    # Glued to Latin letters: a model or product name (O1, 5G, A100), unless a unit follows.
    if s > 0 and text[s - 1].isascii() and text[s - 1].isalpha() and not text.endswith(_CODE_PREFIXES, 0, s):
        return None  # (CNY191.8 billion: a currency code glued to its amount, as Xinhua writes it)
    if not second_of_range and s > 1 and text[s - 1] in ".-/" and text[s - 2].isdigit():
        return None  # 1.2.3 versions, 021-..., dates with slashes
    # 零下四 / 负3: the sign belongs to the number (handled by the candidate after 零).
    if run in ("零",) and text.startswith("下", e):
        return None
    # 百分之五十: the candidate 百 only introduces the percent; the numeral after it is the claim.
    if text.startswith("分之", e):
        return None
    # 3487千米 / 5千克 / 100千瓦: the last numeral character starts a unit word instead.
    if num.length > 1 and text[e - 1] in numerals.UNIT_CHARS:
        u = units.match_unit(text, e - 1)
        if u is not None and len(u.surface) > 1 and not u.surface.startswith(" "):
            shorter = parse_numeral(text[s:e - 1])
            if shorter is not None and shorter.length == num.length - 1:
                num, e = shorter, e - 1
    if num.bare_magnitude and text.endswith(_CAPTIONS_T, 0, s - (text[s - 1:s] == " ")):
        return None  # 单位:亿元 declares the unit of a table's figures; it states no amount
    value, low, high, step = num.value, num.low, num.high, num.step
    qualifier = num.qualifier or ("range" if num.value is None else "exact")
    f = _Found(s, e, value, low, high, step, "count", "count")
    if second_of_range:
        f.extra["second_of_range"] = True
    pos = e
    # 400余项, 100多家, 1000多万: infix qualifier inside the span.
    infix = _infix_at(text, pos) if text[pos:pos + 1] in _INFIX_OR_GAP else None
    if infix is not None and num.value is not None:
        pos = infix
        after = pos + 1
        big = _big_units_at(text, after)
        if big:
            scale = Decimal(1).scaleb(big[0])
            f.value, f.low, f.high, f.step = value * scale, value * scale, value * scale, step * scale
            after = big[1]
        if big or units.match_unit(text, after) or num.has_big_unit:
            qualifier = Q.infix[text[pos]]
            pos = after
            if big:
                f.extra["big_infix"] = True  # 500多亿: the magnitude follows the infix
        else:
            pos = e  # 多 / 余 here is no infix (多 at the clause's end, 其余)
    f.qualifier = qualifier
    # 两个亿: a measure word before the magnitude (colloquial)
    if text.startswith("个", pos) and not num.has_big_unit and num.value is not None:
        big = _big_units_at(text, pos + 1)
        if big:
            _scale(f, Decimal(1).scaleb(big[0]))
            pos = big[1]
            f.extra["big_infix"] = True  # 投资两个亿: the magnitude makes it money by context
    # English scale words: 1.35 million, 200 billion yuan, $3.8bn.
    if num.kind == "arabic":
        sm = _EN_SCALE_RE.match(text, pos)
        if sm:
            _scale(f, Decimal(1).scaleb(numerals.LEX.english_scales[sm.group(1)]))
            pos = sm.end()
            f.extra["english"] = True
    f.end = pos
    return _with_unit(text, f, num, _unit_at(text, pos, s))


def _unit_at(text: str, pos: int, s: int) -> units.UnitInfo | None:
    """The unit word after a number ending at `pos` (the number starts at `s`). Chinese text
    may space its expressions (增长 2.4 个百分点, 六   个 百 分点: units.match_spaced_unit);
    an English unit word after a space counts only in English text."""
    unit = units.match_unit(text, pos)
    if unit is not None and unit.surface.startswith((" ", "-")) and not _ascii_context(text, s):
        unit = None
    if " " in text[pos:pos + _SPACED_UNIT_WINDOW]:
        spaced = units.match_spaced_unit(text, pos)
        if spaced is not None and (unit is None or len(spaced.surface) > len(unit.surface)):
            unit = spaced
    return unit


def _infix_at(text: str, pos: int) -> int | None:
    """Where an infix qualifier (400余项, 十 余 万: one space allowed before it) starts, or None."""
    if text.startswith(" ", pos):
        pos += 1
    return pos if pos < len(text) and text[pos] in qualifiers.INFIX_CHARS else None


def _big_units_at(text: str, pos: int) -> tuple[int, int] | None:
    """(sum of exponents, end) of the magnitude characters at `pos` (one space allowed before)."""
    if text.startswith(" ", pos) and pos + 1 < len(text) and text[pos + 1] in numerals.LEX.big_units:
        pos += 1
    exp, p = 0, pos
    while p < len(text) and text[p] in numerals.LEX.big_units and text[p] != "兆":
        exp += numerals.LEX.big_units[text[p]]
        p += 1
    return (exp, p) if p > pos else None


def _scale(f: _Found, k: Decimal) -> None:
    f.value = f.value * k if f.value is not None else None
    f.low = f.low * k if f.low is not None else None
    f.high = f.high * k if f.high is not None else None
    f.step = f.step * k if f.step is not None else None


def _ascii_context(text: str, s: int) -> bool:
    window = text[max(0, s - 12):s]
    return not _CJK.search(window)


def _counted_half(text: str, f: _Found, unit: units.UnitInfo | None) -> tuple[int, units.UnitInfo] | None:
    """(characters from the measure word on, the duration unit) after 个半 (两个半小时, 一个半月), or None."""
    if unit is None or unit.counter != "个" or f.value is None:
        return None
    at = f.end + len(unit.surface)
    if not text.startswith(numerals.LEX.half, at):
        return None
    after = units.match_unit(text, at + len(numerals.LEX.half))
    if after is None or after.dimension != "duration" or after.surface.startswith(" "):
        return None
    said = len(unit.surface) + len(numerals.LEX.half) + len(after.surface)
    return said, units.UNIT_TABLE.get(unit.surface + after.surface, after)  # 个月, not 月 (a date's month)


def _with_unit(text: str, f: _Found, num: Numeral, unit: units.UnitInfo | None) -> _Found | None:
    if unit is not None:
        if unit.arabic_only and num.kind != "arabic":
            unit = None  # 5000P is compute; 一P is nothing
        elif unit.context and not units.in_clause_before(text, f.start, unit.context):
            # 度 without 温度/气温 nearby: 年度, 一度; 分 without 分数线/考生: a count again
            fallback = units.COUNTER_READING.get(unit.surface.strip())
            unit = replace(fallback, surface=unit.surface) if fallback is not None else None
        elif unit.otherwise and units.in_clause_before(text, f.start, unit.otherwise.after):
            unit = replace(unit, unit=unit.otherwise.unit, dimension=unit.otherwise.dimension)
    counted_half = _counted_half(text, f, unit)
    if counted_half is not None:  # 两个半小时 = 2.5 hours: the measure word, a half, then the duration
        said, unit = counted_half
        f.end += said - len(unit.surface)  # the unit's own surface is added below
        f.extra["plus_half"] = True
        f.value += Decimal("0.5")
        f.low = f.high = f.value
        f.step = Decimal("0.5")
    if unit is not None:
        f.end += len(unit.surface)
        if unit.date_like:
            sq = qualifiers.suffix_after(text, f.end, "duration")
            if sq is None:
                return None  # 20日 / 3月 are dates
        if unit.tens_as_percent and f.value == 10:
            return None  # 十折 is the full price, no discount stated
        if unit.tens_as_percent and f.value is not None and f.value >= 10:
            pass  # 75折 is 75%, 8折 is 80%
        else:
            _scale(f, unit.factor)
        f.unit, f.dimension, f.counter = unit.unit, unit.dimension, unit.counter
        code = units.UNITS.counter_currencies.get(unit.counter or "")
        if code and (text.startswith("钱", f.end) or _subunit_follows(text, f.end, code)
                     or ((f.end >= len(text) or not _CJK.match(text, f.end))  # the clause ends here
                         and units.money_context(text, f.start, f.end))):
            f.unit, f.dimension, f.counter = code, "money", None  # 十块三毛, 三块钱, 花费我三块
            _money_wording(text, f)
        elif unit.counter is not None and unit.counter in _CURRENCY_COUNTERS:
            cur = units.match_unit(text, f.end)
            if cur is not None and cur.dimension == "money" and not cur.surface.startswith(" "):
                f.end += len(cur.surface)  # 20个比特币: the measure word counts the currency
                unit = cur
                f.unit, f.dimension, f.counter = cur.unit, "money", None
        f.rule = "zh.number.unit" if not f.extra.get("english") else "en.number.unit"
        if text.startswith(numerals.LEX.half, f.end) and f.value is not None and num.value is not None \
                and unit.dimension not in ("count", "money", "ratio") and not unit.surface.startswith(" "):
            f.value += Decimal("0.5") * unit.factor  # 一年半 = 1.5 years, 三斤半 = 3.5 jin
            f.low, f.high, f.step = f.value, f.value, Decimal("0.5") * unit.factor
            f.end += 1
            f.extra["plus_half"] = True
        for word in units.UNIT_PREFIXES:  # 华氏温度98.6度, 时速350公里: the word before decides
            if text.endswith(word, 0, f.start):
                pre = units.UNITS.unit_prefixes[word]
                if f.unit in pre.replaces:
                    f.unit, f.dimension = pre.unit, units.DIMENSION_OF.get(pre.unit, f.dimension)
                    if pre.joins_span:
                        f.start -= len(word)
                break
        if unit.dimension == "money":
            _money_wording(text, f)
            per = units.match_per_unit(text, f.end)
            if per:
                f.unit, f.dimension, f.end = f"{f.unit}/{per[0]}", "money_rate", per[1]
            else:
                before = units.per_unit_before(text, f.start)
                if before:
                    f.unit, f.dimension = f"{f.unit}/{before[0]}", "money_rate"
                    if before[1] is not None:
                        f.start = before[1]  # 每吨16,420元: the price per tonne, its words together
        elif unit.dimension == "mass" and f.unit in units.CONCENTRATIONS:
            per = units.match_per_unit(text, f.end)  # 35微克/立方米: a concentration (PM2.5)
            if per and per[0] == "cubic_meter":
                f.unit, f.dimension, f.end = units.CONCENTRATIONS[f.unit], "concentration", per[1]
        if unit.surface == "成" and f.value is not None and f.end < len(text):
            # 七成五 = 75%: one more Chinese digit after 成 counts single percents (七成 六: one
            # space allowed, where no unit follows the digit: 七成 六成 is two shares).
            gap = 1 if text.startswith(" ", f.end) else 0
            d = numerals.LEX.digits.get(text[f.end + gap:f.end + gap + 1])
            nxt = text[f.end + gap + 1:f.end + gap + 2]
            if d and not (nxt and (nxt in numerals.CN_DIGIT_CHARS or nxt in numerals.UNIT_CHARS)) \
                    and not (gap and units.match_unit(text, f.end + gap + 1)):
                f.value += d
                f.low, f.high, f.step = f.value, f.value, Decimal(1)
                f.end += 1 + gap
            elif text[f.end] == numerals.LEX.half:  # 三成半 = 35%
                f.value += 5
                f.low, f.high, f.step = f.value, f.value, Decimal(1)
                f.end += 1
    elif _range_after(text, f, num) is None and not _bare_number_ok(text, f, num):
        return None
    return _finish(text, f, num)


def _subunit_follows(text: str, pos: int, code: str) -> bool:
    m = NUMBER_PATTERN.match(text, pos)
    if m is None or m.lastgroup != "num":
        return False
    n = parse_numeral(m.group())
    return n is not None and text.startswith(tuple(units.UNITS.currency_subunits.get(code, {})), pos + n.length)


def _money_wording(text: str, f: _Found) -> None:
    """Around a money unit: the currency named before (新台币 177.1亿元) or right after
    (9000元日币) wins over 元, and sub-units add on (123元1角1分, 五元三毛)."""
    if f.unit == "CNY":
        before = units.currency_before(text, f.start)
        if before is not None and before[0] != "CNY":
            f.unit, f.start = before[0], before[1]
        after = units.match_unit(text, f.end)
        if after is not None and after.dimension == "money" and after.unit != "CNY" \
                and not after.surface.startswith(" "):
            f.unit, f.end = after.unit, f.end + len(after.surface)
    subunits = units.UNITS.currency_subunits.get(f.unit)
    if not subunits or f.value is None:
        return
    pos, added = f.end, Decimal(0)
    while pos < len(text):
        link = 1 if text.startswith(("又", "零"), pos) else 0  # 两美元又三美分, 壹元零壹分
        m = NUMBER_PATTERN.match(text, pos + link)
        if m is None or m.lastgroup != "num":
            break
        n = parse_numeral(m.group())
        if n is None or n.value is None:
            break
        q = pos + link + n.length
        word = next((w for w in sorted(subunits, key=len, reverse=True) if text.startswith(w, q)), None)
        if word is None:
            break
        added += n.value * subunits[word]
        pos = q + len(word)
    if added:
        f.value += added
        f.low, f.high, f.step, f.end = f.value, f.value, Decimal("0.01"), pos
    if text.startswith("钱", f.end):
        f.end += 1


def _bare_number_ok(text: str, f: _Found, num: Numeral) -> bool:
    """A number without unit or measure word: money by context, a count, or nothing."""
    s, e = f.start, f.end
    if f.extra.get("second_of_range"):
        return True  # "between 20 and 30": the range decides
    cur = units.currency_before(text, s)
    if cur is not None:
        f.unit, f.dimension, f.rule = cur[0], "money", "number.currency_prefix"
        f.start = cur[1]
        return True
    if num.has_big_unit or f.extra.get("big_infix"):
        if units.money_context(text, s, e) or qualifiers.suffix_after(text, e, "money") == ("at_least", e + 1):
            f.unit, f.dimension, f.rule = "CNY", "money", "zh.magnitude.money_implied"
            return True
        if num.bare_magnitude:
            return False  # 万 / 千亿 alone, no money nearby
        f.rule = "zh.number.magnitude"
        return True
    # Ranks without a measure word: 第9, 全国第一, 第一大产业, 前三 (第 9 in pangu spacing).
    lead = _lead(text, s)
    if _ordinal_before(text, lead) or _top_before(text, lead):
        return True
    # 三大智力密集区, 十大产业: an enumerated count.
    if num.kind == "chinese" and num.value is not None and num.value <= 20:
        for word in C.enumerators:
            if text.startswith(word, e) and _CJK.match(text, e + len(word)) \
                    and units.match_unit(text, e + len(word)) is None:
                f.end = e + len(word)
                f.rule = "zh.enumerator"
                return True
    if f.extra.get("english") and num.value is not None:
        return True  # 1.35 million, 15k
    # 大于二十 / 不少于30 / 20以上: a comparative word makes a bare figure a bound (a threshold);
    # one-character prefixes (超, 近, 约) are too often parts of other words to count alone.
    pq = qualifiers.prefix_before(text, s) if num.value is not None else None
    if pq is not None and s - pq[1] < 2 and _CJK.match(text, pq[1]):
        pq = None
    if (pq is not None or (num.value is not None
                           and (qualifiers.suffix_after(text, e, "count", _pangu(text, s)) is not None
                                or (text[s - 1:s] in qualifiers.FRAME_LAST_CHARS
                                    and qualifiers.frame_around(text, s, e) is not None)))) \
            and not _ascii_context(text, s):
        f.rule = "zh.number.compared"
        return True
    if _ascii_context(text, s) and not _CJK.match(text, e):
        year_like = num.kind == "arabic" and num.integer_digits == 4 and "," not in text[s:e] \
            and 1800 <= (num.value or 0) <= 2100
        if year_like:
            return False
        if "," in text[s:e] or qualifiers.prefix_before(text, s) is not None:
            f.rule = "en.number"
            return True
        noun = _EN_NOUN.match(text, e)
        if noun and noun.group(1) not in _EN_NOT_NOUNS and num.value is not None and num.value == int(num.value):
            f.rule = "en.number.noun"  # 12 countries, 20 leaders
            return True
    return False


def _pangu(text: str, s: int) -> bool:
    """Is the number at `s` written in pangu spacing (Arabic digits set off by a space in
    Chinese text: 在 170 之下)? Then one space may also separate it from a Chinese suffix."""
    return s > 1 and text[s - 1] == " " and text[s].isascii() and not text[s - 2].isascii()


def _lead(text: str, s: int) -> int:
    """Where the words before a number end: one space earlier when it is pangu-spaced (第 3 名,
    每 10 股), else at the number."""
    return s - 1 if s > 1 and text[s - 1] == " " and not text[s - 2].isascii() else s


def _ordinal_before(text: str, s: int) -> bool:
    return s > 0 and text[s - 1] == "第"


def _top_before(text: str, s: int) -> bool:
    """前三 (top three), but not 目前3家 / 提前3天 / 此前5年."""
    return text.endswith(_TOP_T, 0, s) and not text.endswith(_TOP_BLOCKERS_T, 0, s)


def _finish(text: str, f: _Found, num: Numeral | None = None) -> _Found | None:
    """Ranks, ranges, compound durations, signs, multipliers, denominators and qualifiers."""
    s = f.start
    lead = _lead(text, s)
    # 第9位 / 第三座 / 第一: rank; 第50万辆: a cumulative count, 第 left out.
    if _ordinal_before(text, lead) and num is not None and f.rule != "number.currency_prefix" \
            and not num.has_big_unit:
        if f.dimension != "count" or num.value is None:
            return None  # 第3年, 第5天: a period, not a quantity
        if f.counter is None and text.startswith(_LABELS_T, f.end):
            return None  # 第五代, 第二期, 第1页: labels
        f.start = lead - 1
        f.unit, f.dimension, f.rule = "rank", "rank", "zh.rank.ordinal"
        f.step = None
        if f.counter is None:
            for w in sorted(C.rank_counters, key=len, reverse=True):
                if text.startswith(w, f.end):
                    f.counter = w
                    f.end += len(w)
                    break
        return _qualify(text, f)
    if _top_before(text, lead) and num is not None and num.value is not None and f.dimension == "count":
        p = next(p for p in C.top_prefixes if text.endswith(p, 0, lead))
        f.start = lead - len(p)
        f.unit, f.dimension, f.rule, f.qualifier, f.step = "rank", "rank", "zh.rank.top", "at_most", None
        return f
    # 一家公司 / 一台空调 / 一年可以产100万台: 一 + measure word or duration is an article or a
    # rate's denominator, not a count, unless a cue says it is counted (再进一位, 仅一家).
    if f.dimension in ("count", "duration") and f.rule == "zh.number.unit" and num is not None \
            and num.kind == "chinese" and num.value == 1 and num.length == 1 and not f.extra.get("plus_half"):
        cue = _counted_one_cue(text, s)
        if not cue:
            return None  # 一家公司, 一台空调: an article, not a count
    # 3至5年, 20到30, 1~2年: a range with the second number's unit.
    rng = _range_after(text, f, num)
    if rng is not None:
        f = rng
    # 两周零三天 = 17 days.
    if f.dimension == "duration" and f.value is not None:
        _compound_duration(text, f)
    # 负3.8% / 零下4摄氏度 / -3.8%.
    for sign in (numerals.LEX.negative if text.endswith(_NEGATIVE_T, 0, f.start) else ()):
        if text.startswith(sign, f.start - len(sign)) and f.start >= len(sign):
            f.start -= len(sign)
            _negate(f)
            break
    else:
        if f.start > 0 and text[f.start - 1] == "-" and not f.extra.get("second_of_range") and (
                f.start < 2 or not (text[f.start - 2].isascii() and text[f.start - 2].isalnum()
                                    or text[f.start - 2] in _SIGN_BLOCKERS)) \
                and f.dimension != "count":
            f.start -= 1
            _negate(f)
    # 双万人 = 20,000 people.
    for word, factor in (C.multipliers.items() if text.endswith(_MULTIPLIERS_T, 0, f.start) else ()):
        if f.start >= len(word) and text.startswith(word, f.start - len(word)) and f.unit != "CNY" \
                and (f.counter is not None or f.dimension != "count") and num is not None and num.has_big_unit:
            f.start -= len(word)
            _scale(f, factor)
            f.step = Decimal(1)
            f.rule += ".multiplied"
    # 每万人 / 每10股 / per: the denominator of a rate.
    if text.endswith(_DENOMINATORS_T, 0, _lead(text, f.start)):
        return None
    if text.endswith(" per ", 0, f.start) or text.endswith("per ", 0, f.start) and f.start == 4:
        return None
    # Currency sign before a number with a scale or unit ($3.8bn, ¥100元 stays CNY).
    if f.dimension == "count" and f.counter is None:
        cur = units.currency_before(text, f.start)
        if cur is not None:
            f.unit, f.dimension, f.start = cur[0], "money", cur[1]
    return _qualify(text, f)


def _counted_one_cue(text: str, s: int) -> bool:
    return text.endswith(_ONE_CUES_T, 0, s)


def _negate(f: _Found) -> None:
    f.value = -f.value if f.value is not None else None
    lo, hi = f.low, f.high
    f.low = -hi if hi is not None else None
    f.high = -lo if lo is not None else None


def _qualify(text: str, f: _Found) -> _Found | None:
    if f.qualifier == "exact":
        pq = qualifiers.prefix_before(text, f.start)
        if pq is not None:
            f.qualifier, f.q_start, f.q_end = pq[0], pq[1], f.start
        note = len(_INCLUSIVE_NOTE) if text.startswith(_INCLUSIVE_NOTE, f.end) else 0  # 1万元(含)以上
        sq = qualifiers.suffix_after(text, f.end + note, f.dimension,
                                     text.startswith(" ", f.end + note) and _pangu(text, f.start))
        if sq is not None:
            if f.qualifier == "exact" or (pq and pq[0] in ("more_than", "at_least") and sq[0] == "at_least"):
                f.qualifier = sq[0]
                f.q_start, f.q_end = (f.q_start if pq else f.end), sq[1]
        if pq is None and sq is None and text[f.start - 1:f.start] in qualifiers.FRAME_LAST_CHARS:
            frame = qualifiers.frame_around(text, f.start, f.end)  # 比 170 低: around the number
            if frame is not None:
                f.qualifier, f.q_start, f.q_end = frame
    elif f.qualifier != "range":
        # 超100多家: the infix already bounds it; a prefix may still be recorded.
        pq = qualifiers.prefix_before(text, f.start)
        if pq is not None:
            f.q_start, f.q_end = pq[1], f.start
    return f


def _range_after(text: str, f: _Found, num: Numeral | None) -> _Found | None:
    if num is None or f.value is None or f.qualifier != "exact":
        return None
    if f.extra.get("second_of_range"):
        return None  # a range's second number starts no range of its own: '1至1至1...' recursed per link
    if f.end >= len(text) or text[f.end] not in _RANGE_FIRST_CHARS:
        return None  # no joiner can start here
    first, joiner = Q.english_range
    between = text.endswith(f"{first} ", 0, f.start) and text.startswith(f" {joiner} ", f.end)
    at = f.end + (len(_INCLUSIVE_NOTE) if text.startswith(_INCLUSIVE_NOTE, f.end) else 0)  # 1万(含)-5万元
    zh_between = text.startswith(_BETWEEN_JOINERS_T, at)
    if not (text.startswith(_JOINERS_T, at) or text.startswith(_EN_JOINERS_T, at) or between
            or zh_between):
        return None
    if _EN_BY_BEFORE.search(text, max(0, f.start - 6), f.start):
        return None  # extending the network by 58.3 km to 486.7 km: a change, then the level
    for j in ([f" {joiner} "] if between else []) + _JOINERS + list(_EN_JOINERS_T) + list(_BETWEEN_JOINERS_T):
        if not text.startswith(j, at) or (j[0].isascii() and j[0].isalpha()):
            continue  # English joiners only count with spaces around them ("3 to 5 years")
        p = at + len(j)
        m = PATTERN.match(text, p)
        if m is None or m.lastgroup != "num":
            continue
        if j in _DASH_JOINERS and not (text[f.start].isdigit() and text[m.start()].isdigit()):
            continue  # 3-5年 and 1万元--5万元, but never a hyphen between Chinese numerals
        second = _numeric(text, m.start(), m.end(), second_of_range=True)
        if second is None or second.value is None:
            continue
        first_has_unit = f.unit != "count" or f.counter is not None or f.dimension != "count"
        if first_has_unit and (second.unit != f.unit or second.dimension != f.dimension):
            continue  # rose 0.84 percentage point to 72.17%: a change, then the level, no range
        lo = f.value
        if not first_has_unit:
            second_num = parse_numeral(text[m.start():m.end()])
            # 两到三万 / 3至5年: the first number takes the second's magnitude and unit.
            if not num.has_big_unit and second_num is not None and second_num.value is not None:
                shared = lo * _trailing_magnitude(text[m.start():m.start() + second_num.length], num)
                lo = shared if shared <= second.value else lo  # 从8500到3万: 8500 keeps its own scale
            after_second = m.start() + (second_num.length if second_num else 0)
            scale = _EN_SCALE_RE.match(text, after_second) if num.kind == "arabic" else None
            if scale and not f.extra.get("english"):  # 10~15k: the first shares the scale
                lo = lo * Decimal(1).scaleb(numerals.LEX.english_scales[scale.group(1)])
                after_second = scale.end()
            unit_word = units.match_unit(text, after_second)
            if unit_word is not None:
                lo = lo * unit_word.factor
        if lo is None or second.value is None or lo > second.value:
            continue
        end = second.end
        if j in _BETWEEN_JOINERS_T:  # 20和30之间: 和/与 make a range only when 之间 closes it
            closer = next((c for c in _BETWEEN_CLOSERS_T if text.startswith(c, end)), None)
            if closer is None and second.counter in _BETWEEN_CLOSERS_T and second.unit == "count":
                second.counter = None  # 10000与20000间: 间 closes the range, it counts no rooms
            elif closer is None:
                continue
            else:
                end += len(closer)
        return _Found(f.start, end, None, lo, second.value, None, second.unit, second.dimension,
                      second.counter, "range", f.rule.replace("number", "range", 1))
    return None


def _trailing_magnitude(numeral_text: str, first: Numeral) -> Decimal:
    """The unit characters closing a numeral (三万 -> 10^4, 九百亿 -> 10^10, 3百 -> 100), which
    the bare first half of a range shares; small units only after a single digit (两~3百)."""
    k = Decimal(1)
    for ch in reversed(numeral_text):
        if ch in numerals.LEX.big_units and ch != "兆":
            k *= Decimal(1).scaleb(numerals.LEX.big_units[ch])
        elif ch in numerals.LEX.small_units and first.value is not None and first.value < 10 \
                and first.step == 1:
            k *= Decimal(1).scaleb(numerals.LEX.small_units[ch])
        else:
            break
    return k


_CLOCK_PARTS = re.compile(r"(\d{1,2})\s*分(?:钟)?(?:\s*(\d{1,2}(?:\.\d+)?)\s*秒)?|(\d{1,2}(?:\.\d+)?)\s*秒")


def _compound_duration(text: str, f: _Found) -> None:
    if f.unit in ("hour", "minute") and f.value is not None:
        # 2小时07分31秒, 3分28秒: a time in hours, minutes and seconds is one duration, in seconds
        m = _CLOCK_PARTS.match(text, f.end)
        if m is not None and (f.unit == "hour" or m.group(3)):
            minutes = Decimal(m.group(1) or 0)
            seconds = Decimal(m.group(2) or m.group(3) or 0)
            if minutes < 60 and seconds < 60 and (f.unit == "hour" or not m.group(1)):
                base = f.value * (3600 if f.unit == "hour" else 60)
                f.value = base + minutes * 60 + seconds
                f.low = f.high = f.value
                f.unit, f.end, f.step = "second", m.end(), Decimal(1)
                return
    if not text.startswith(("零", "又"), f.end):
        return
    for link in ("零", "又"):
        if not text.startswith(link, f.end):
            continue
        m = PATTERN.match(text, f.end + len(link))
        if m is None or m.lastgroup != "num":
            return
        second = _numeric(text, m.start(), m.end())
        if second is None or second.dimension != "duration" or second.value is None:
            return
        a = units.convert(f.value, f.unit, second.unit)
        if a is None:
            return
        f.value = a + second.value
        f.low = f.high = f.value
        f.unit, f.end, f.step = second.unit, second.end, Decimal(1)
        return


def _fraction(text: str, m: re.Match) -> _Found | None:
    den = parse_numeral(m.group("den"))
    numer = parse_numeral(m.group("numer"))
    if den is None or numer is None or numer.value is None or den.value in (None, 0):
        return None
    if den.length != len(m.group("den")):
        return None
    end = m.start("numer") + numer.length
    if numer.kind == "arabic":
        sm = _EN_SCALE_RE.match(text, end)  # 百分之3.2k: an Arabic numerator keeps its scale word
        if sm:
            k = Decimal(1).scaleb(numerals.LEX.english_scales[sm.group(1)])
            numer = replace(numer, value=numer.value * k, step=numer.step * k)
            end = sm.end()
    if den.value == 100 and den.kind == "chinese":
        v, rule = numer.value, "zh.percent.baifenzhi"
        step = numer.step
    elif den.value == 1000 and den.kind == "chinese":
        v, rule, step = numer.value / 10, "zh.permille.qianfenzhi", numer.step / 10
    else:
        v, rule, step = numer.value / den.value * 100, "zh.fraction", None
    if m.group("neg"):
        v = -v
    f = _Found(m.start(), end, v, v, v, step, "percent", "ratio", rule=rule)
    return _finish(text, f)


def _slash_fraction(text: str, m: re.Match) -> _Found | None:
    """近1/3的企业, 超过1/2的人: a share written n/d, only where a qualifier or 的 says so
    (a bare 3/4 may be a date or a score)."""
    n, d = (Decimal(x) for x in m.group().split("/"))
    if n >= d or not (qualifiers.prefix_before(text, m.start()) or text.startswith("的", m.end())):
        return None
    v = n / d * 100
    f = _Found(m.start(), m.end(), v, v, v, None, "percent", "ratio", rule="ratio.slash")
    return _finish(text, f)


_RATIO_WORD = re.compile(r"比(?:例|值|率)?\s*(?:为|是|达到|达|降至|升至|约|约为)?\s*$|ratio\s+(?:of\s+)?$", re.I)


def _colon_ratio(text: str, m: re.Match) -> _Found | None:
    """A ratio a:b (车桩比2.1:1, 师生比1:18) as a percentage, a/b x 100 (2.1:1 = 210%), only right
    after a ratio word: a bare 10:30 is a time, 3:1 a score."""
    if not _RATIO_WORD.search(text, max(0, m.start() - 12), m.start()):
        return None
    a, b = (Decimal(x) for x in re.split("[:：]", m.group()))
    if not b:
        return None
    v = _clean((a / b * 100).quantize(Decimal("0.0001")))
    f = _Found(m.start(), m.end(), v, v, v, None, "percent", "ratio", rule="ratio.colon")
    return _finish(text, f)


def _english_rank(text: str, m: re.Match) -> _Found | None:
    """A rank written as an English ordinal: the ordinal is the claim (third-largest -> rank 3)."""
    group = next(g for g in ("ordword", "ordafter", "ordno") if m.groupdict().get(g))
    word = m.group(group).lower()
    value = numerals.LEX.english_ordinals.get(word)
    if value is None:
        value = int(word if group == "ordno" else word[:-2])
    v = Decimal(value)
    start = m.start() if group == "ordno" else m.start(group)  # No. 1: the whole sign is the rank
    return _Found(start, m.end(group), v, v, v, None, "rank", "rank", rule="en.rank.ordinal")


def _english_words(text: str, m: re.Match) -> _Found | None:
    words = m.group("en")
    frac = m.group("enfrac")
    if frac:
        head = words[: -len(frac) - 1]
        n = parse_english(head)
        if n is None:
            return None
        a, b = numerals.LEX.english_fractions[frac.lower()]
        v = n * a / b * 100
        return _finish(text, _Found(m.start(), m.end(), v, v, v, None, "percent", "ratio", rule="en.fraction"))
    value = parse_english(words)
    if value is None:
        return None
    f = _Found(m.start(), m.end(), value, value, value, Decimal(1), "count", "count", rule="en.words")
    pos = m.end()
    sm = _EN_SCALE_RE.match(text, pos)
    if sm and sm.group(1) not in ("k",):
        _scale(f, Decimal(1).scaleb(numerals.LEX.english_scales[sm.group(1)]))
        pos = sm.end()
    f.end = pos
    unit = units.match_unit(text, pos)
    if unit is None or not unit.surface.startswith((" ", "-")):
        # "two million people", "five companies": a count before a plural noun or after a
        # qualifier; "one of", "two" alone and "one company" (an article) are no claim.
        noun = _EN_NOUN.match(text, pos)
        counted = noun is not None and noun.group(1) not in _EN_NOT_NOUNS
        if value > 1 and (counted or qualifiers.prefix_before(text, f.start) is not None or f.value >= 1000):
            f.rule = "en.words.count"
            return _finish(text, f)
        return None
    if value == 1 and unit.dimension in ("count", "duration") and qualifiers.prefix_before(text, f.start) is None:
        return None  # "in one year": an article or a rate's denominator, as 一年 is
    f.end += len(unit.surface)
    _scale(f, unit.factor)
    f.unit, f.dimension, f.counter, f.rule = unit.unit, unit.dimension, unit.counter, "en.words.unit"
    return _finish(text, f)


# -- plain numbers, without the claim rules ------------------------------------

@dataclass(frozen=True, slots=True)
class NumberMatch:
    """A numeral found in text, whatever it counts (a year, a list number, a claim)."""

    start: int
    end: int
    value: Decimal | None
    low: Decimal
    high: Decimal


_GROUP_BLOCKER = re.compile(rf"[ 0-9{_CN_NUMERAL_CHARS}{numerals.FORMAL_CHARS}]")
_NUM_RUN = (  # number mode: formal numerals (壹佰) join a run that has started
    rf"(?:[数几上](?=[十百千万亿])|[{_RUN_CHARS}]|{_ZHAO})"
    rf"(?:[{_RUN_CHARS}{numerals.FORMAL_CHARS}几.点 ]|(?<=[0-9]),(?=[0-9])|{_ZHAO})*+"  # a comma before Chinese
)                                                    # numerals separates a list (五十,一百)
# inside a fraction 分之 already says "number": formal digits may start a run (五分之壹)
_ANY_RUN = rf"[{_RUN_CHARS}{numerals.FORMAL_CHARS}](?:[{_RUN_CHARS}{numerals.FORMAL_CHARS}几.点 ]|(?<=[0-9]),(?=[0-9])){{0,40}}+"
NUMBER_PATTERN = re.compile(
    rf"(?P<skip>{_SKIP_WORDS})"
    # possessive digit runs tried from a run's first digit only: linear on long digit runs
    r"|(?P<sci>(?<![0-9])(?:[0-9]++(?:\.[0-9]++)?|\.[0-9]++)(?:[eE][+\-]?|\^[+\-]*+)[0-9]++)"
    r"|(?P<slash>(?<![0-9])(?:(?P<whole_ar>[0-9]++) )?(?P<sn>[0-9]++) ?/ ?(?P<sd>[0-9]++))"
    rf"|(?P<frac>(?:(?P<whole>{_ANY_RUN})又 ?)?(?P<den>{_ANY_RUN}) *分 *之 *(?P<neg>负)?(?P<numer>{_ANY_RUN}))"
    r"|(?P<dot>(?<![0-9])\.[0-9]+)"
    rf"|(?P<num>{_NUM_RUN}|{_FORMAL})"
    rf"|(?P<half>{numerals.LEX.half})"
)


def find_numbers(norm: str, start: int = 0, end: int | None = None) -> list[NumberMatch]:
    """Every numeral in norm[start:end] (absolute offsets), with sign, but no claim rules:
    dates, list numbers and bare figures are included. Idioms (一切, 一些) are not numbers.
    Used by the conformance runner for number-level test suites and by callers that need
    the numbers inside dates."""
    end = len(norm) if end is None else end
    text = norm[start:end]
    out: list[NumberMatch] = []
    pos = 0
    while True:
        m = NUMBER_PATTERN.search(text, pos)
        if m is None:
            break
        pos = _resume(m)
        kind = m.lastgroup
        if kind == "skip":
            continue
        s, e = m.start(), m.end()
        if kind == "sci":
            mant, _, exp = re.split(r"([eE]|\^)", m.group(), maxsplit=1)
            mark = re.search(r"[eE]|\^", m.group()).group()
            exp_val = int(exp.replace("+", "").replace("--", "")) if exp.strip("+-") else 0
            if mark == "^":
                v = Decimal(str(float(mant) ** exp_val)) if abs(exp_val) < 400 else None
            else:
                v = Decimal(mant).scaleb(exp_val)
            if v is None:
                continue
            lo = hi = v
        elif kind == "slash":
            d = Decimal(m.group("sd"))
            if not d:
                continue
            v = Decimal(m.group("sn")) / d + Decimal(m.group("whole_ar") or 0)
            lo = hi = v
        elif kind == "dot":
            v = lo = hi = Decimal("0" + m.group())
        elif kind == "half":
            u = units.match_unit(text, e)
            if u is None or u.dimension in ("count", "money") or u.surface.startswith(" "):
                continue  # 半岛, 两半: no measure
            v = lo = hi = Decimal("0.5")
        elif kind == "frac":
            den_text = m.group("den").strip()
            den, numer = parse_numeral(den_text), parse_numeral(m.group("numer").strip())
            if den is None or numer is None or numer.value is None or not den.value \
                    or den.length != len(den_text):
                continue
            e = m.start("numer") + numer.length
            if den.value == 100 and den_text in ("百",) and not m.group("whole"):
                # 百分之五十五: the number is the numerator
                s, v = m.start("numer") - (1 if m.group("neg") else 0), numer.value
            else:
                v = numer.value / den.value
            if m.group("neg"):
                v = -v
            if m.group("whole"):
                whole_text = m.group("whole").strip()
                w = parse_numeral(whole_text)
                if w is None or w.value is None or w.length != len(whole_text):
                    continue
                v = w.value + v
            lo = hi = v
            pos = max(pos, e)
        else:
            if e - s > _MAX_RUN and _too_long(text, s, e):
                continue
            num = parse_numeral(m.group())
            if num is None:
                continue
            if num.bare_magnitude and num.value is not None and text.startswith("分", s + num.length):
                continue  # 百分点 / 百分比
            if num.bare_magnitude and num.kind == "chinese" and all(c in "万亿" for c in m.group()[:num.length]):
                continue  # 万 / 万万 alone: a word, not a number
            if num.bare_magnitude and out and out[-1].end == s + start:
                continue  # 五十千: a unit alone right after a number does not start another
            if m.group() == "零" and text.startswith("下", e):
                continue  # 零下四: the sign of the next number
            e = s + num.length
            v, lo, hi = num.value, num.low, num.high
            if num.kind == "arabic" and v is not None:
                sm = _EN_SCALE_RE.match(text, e)  # 40k, 1.35 million
                if sm:
                    k = Decimal(1).scaleb(numerals.LEX.english_scales[sm.group(1)])
                    v, lo, hi, e = v * k, lo * k, hi * k, sm.end()
                    pos = max(pos, e)
            group = numerals.LEX.group_words.get(text[e:e + 1])
            if group and v is not None and v == v.to_integral_value() \
                    and not _GROUP_BLOCKER.match(text, e + 1):
                v, lo, hi, e = v * group, lo * group, hi * group, e + 1  # 十打 = 120
                pos = max(pos, e)
            # 十余万 / 500多万: the number is the round base
            infix = _infix_at(text, e) if text[e:e + 1] in _INFIX_OR_GAP else None
            if infix is not None and num.value is not None:
                big = _big_units_at(text, infix + 1)
                if big:
                    k = Decimal(1).scaleb(big[0])
                    v, lo, hi, e = v * k, lo * k, hi * k, big[1]
                    pos = max(pos, e)
        sign_len = next((len(p) for p in (*numerals.LEX.negative, "-") if text.endswith(p, 0, s)
                         and not (p == "-" and s > 1 and text[s - 2].isascii() and text[s - 2].isalnum())), 0)
        if sign_len and not (m.group().startswith("-")):
            s -= sign_len
            v = -v if v is not None else None
            lo, hi = -hi, -lo
        elif kind == "sci" and text.endswith("-", 0, s):
            s -= 1
            v = -v
            lo = hi = v
        out.append(NumberMatch(s + start, e + start, v, lo, hi))
    return out
