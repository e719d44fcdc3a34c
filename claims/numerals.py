"""Numeral strings -> exact value plus grain (the step of the last written digit).

Handles Arabic digits with thousands separators and decimals, Chinese numerals
(零〇一二两三…十百千万亿, 幺, 廿, financial 壹贰叁…), mixed forms (2.1万亿, 3万4000,
13万2, 1,100万, 一万五千亿), decimals written with 点, vague digits (几十, 十几,
数亿) and adjacent-digit estimates (两三, 七八). English number words are read by
`parse_english`. The lexicon is claims/data/numerals.yaml.

Input is normalised text (simplified, half-width). Values are Decimal, never float.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from pydantic import BaseModel, ConfigDict

from numcheck.claims.lexicon import load_data


class VagueDigit(BaseModel):
    model_config = ConfigDict(extra="forbid")
    leading: tuple[int, int]
    trailing: tuple[int, int]


class NumeralLexicon(BaseModel):
    model_config = ConfigDict(extra="forbid")
    digits: dict[str, int]
    tens_digits: dict[str, int]
    small_units: dict[str, int]
    big_units: dict[str, int]
    formal_chars: str
    decimal_point: list[str]
    negative: list[str]
    half: str
    vague: dict[str, VagueDigit]
    about_prefix: dict[str, str]
    english_words: dict[str, int]
    english_scales: dict[str, int]
    english_fractions: dict[str, tuple[int, int]]
    group_words: dict[str, int] = {}
    unit_words: list[str] = []
    english_ordinals: dict[str, int] = {}
    english_rank_words: list[str] = []


LEX = load_data("numerals.yaml", NumeralLexicon)
_LIANG = frozenset(w for w, v in LEX.digits.items() if v == 2 and w in LEX.unit_words)

# Characters a Chinese/mixed numeral run may contain (used by claims/quantities.py).
CN_DIGIT_CHARS = "".join(LEX.digits) + "".join(LEX.tens_digits)
UNIT_CHARS = "".join(LEX.small_units) + "".join(LEX.big_units)
FORMAL_CHARS = LEX.formal_chars
PLAIN_DIGIT_CHARS = "".join(c for c in CN_DIGIT_CHARS if c not in FORMAL_CHARS)
PLAIN_UNIT_CHARS = "".join(c for c in UNIT_CHARS if c not in FORMAL_CHARS)
VAGUE_CHARS = "".join(LEX.vague)
POINT_CHARS = "".join(LEX.decimal_point)

# A token may carry the spaces before it (its gap): spaced writing (一 百 二 十 三, 7万 5千 4百,
# 四百 点 五) holds together, under the rules of `_gap_allowed`.
_TOKEN = re.compile(
    r"(?<! ) *+(?:(?P<ar>[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?)"
    rf"|(?P<point>[{POINT_CHARS}] ?(?:[0-9]+|[{''.join(LEX.digits)}](?: ?[{''.join(LEX.digits)}])*))"
    rf"|(?P<cn>[{''.join(LEX.digits)}])"
    rf"|(?P<tens>[{''.join(LEX.tens_digits)}])"
    rf"|(?P<small>[{''.join(LEX.small_units)}])"
    rf"|(?P<big>[{''.join(LEX.big_units)}])"
    rf"|(?P<vague>[{VAGUE_CHARS}]))"
)
_ZERO = {c for c, v in LEX.digits.items() if v == 0}


@dataclass(frozen=True, slots=True)
class Numeral:
    """A parsed numeral. `value` is None for vague amounts and estimates (then low/high hold)."""

    value: Decimal | None
    low: Decimal
    high: Decimal
    step: Decimal  # rounding step of the last written digit (2.1万亿 -> 1E+11)
    length: int  # characters of the input consumed
    kind: str  # "arabic" | "chinese" | "mixed" | "vague" | "estimate" | "digits"
    qualifier: str | None = None  # 上百 -> at_least
    has_big_unit: bool = False  # 万/亿 written: 千亿, 140万
    bare_magnitude: bool = False  # only unit characters: 千亿, 万
    integer_digits: int = 0  # digits of a plain Arabic number (years have 4)


def _pow10(e: int) -> Decimal:
    return Decimal(1).scaleb(e)


def _fraction(digits: str) -> tuple[Decimal, Decimal]:
    if digits[0].isdigit():
        s = digits
    else:
        s = "".join(str(LEX.digits[c]) for c in digits)
    return Decimal("0." + s), _pow10(-len(s))


def _tokens(s: str) -> tuple[list[tuple[str, str]], int]:
    """Tokens (kind, text with its gap) up to the first one whose gap separates numbers."""
    toks: list[tuple[str, str]] = []
    pos = 0
    while pos < len(s):
        m = _TOKEN.match(s, pos)
        if not m:
            break
        kind, text = m.lastgroup or "", m.group()
        if text[0] == " " and (not toks or not _gap_allowed(text, kind, s, m.end(), toks[-1][0])):
            break
        toks.append((kind, text))
        pos = m.end()
    return toks, pos


def _gap_allowed(text: str, kind: str, s: str, end: int, prev_kind: str) -> bool:
    """May the spaces before this token sit inside a numeral?

    One space may: spaced writing (一 百 二 十 三, 四百 点 五). A run of spaces may only
    before a magnitude (1000  万), which cannot start a number of its own; elsewhere it
    separates table columns (35  40). Arabic digits after a space start another number
    (35 40 45, 3.2万 3小时) unless a unit character follows them (7万 5千 4百, 1 万 2 千). A spaced 点
    after Arabic digits is a time (10 点 30 分): Arabic decimals are written with ".".
    """
    gap = len(text) - len(text.lstrip(" "))
    if gap > 1:
        return kind == "big"
    if kind == "point":
        return prev_kind != "ar"
    if kind == "ar":
        nxt = _TOKEN.match(s, end)  # 7万 5千 4百, 1 万 2 千 (pangu spacing)
        return nxt is not None and not nxt.group().startswith("  ") and nxt.lastgroup in ("small", "big")
    return True


def _core(text: str) -> str:
    """A token's characters without its gap."""
    return text.lstrip(" ")


def _evaluate(toks: list[tuple[str, str]], vague_pick: int | None) -> tuple[Decimal, Decimal, int] | None:
    """Value and step of a token list; returns (value, step, tokens used). vague_pick 0=low, 1=high."""
    total = Decimal(0)
    section = Decimal(0)
    num: Decimal | None = None
    num_step = Decimal(1)
    num_single = False  # one digit, no fraction: may be an elided unit (三千五)
    last_step: Decimal | None = None
    last_unit_exp: int | None = None
    prev_kind = ""
    zero_seen = False
    cur_big: int | None = None
    last_small: int | None = None  # the last 十/百/千 of the current section
    small_explicit = False  # whether that unit had its own digit (一百 yes, 百 no)
    fraction_then_big = False
    used = 0
    chunk = None  # index of the last token read that came after a gap (a spaced chunk)
    stopped_at = None  # index of the token the numeral stopped before
    num_at = 0  # index of the token that started `num`
    for i, (kind, text) in enumerate(toks):
        stopped_at = i
        if text[0] == " ":
            chunk = i
            text = text.lstrip(" ")
        if kind in ("ar", "cn", "tens", "vague"):
            if kind == "cn" and text in _ZERO and num is None and (section or total):
                zero_seen = True  # 一百零五: 零 holds a place
                prev_kind = "zero"
                used = i + 1
                continue
            if num is not None:
                break  # two numbers in a row: stop before the second
            if fraction_then_big:
                break  # 10.1万零100: a decimal before 万 already fixed the lower digits
            num_at = i
            if kind == "ar":
                digits = text.replace(",", "")
                num = Decimal(digits)
                frac = digits.split(".")[1] if "." in digits else ""
                num_step = _pow10(-len(frac))
                num_single = len(digits) == 1
            elif kind == "cn":
                if text in _LIANG and prev_kind in ("small", "big") \
                        and not (i + 1 < len(toks) and toks[i + 1][0] in ("small", "big")):
                    break  # 三十两 / 两万两: 两 never closes a numeral; there it is the unit liang
                num, num_step, num_single = Decimal(LEX.digits[text]), Decimal(1), True
            elif kind == "tens":  # 廿 = 二十: a digit and its unit in one character
                section += Decimal(LEX.tens_digits[text])
                last_step, last_unit_exp = Decimal(10), 1
                prev_kind = "small"
                used = i + 1
                continue
            else:
                if vague_pick is None:
                    return None
                # 十几 / 二十几万: after 十 the placeholder is a units digit (1..9);
                # 几十 / 数亿: before a unit it is a leading digit (2..9).
                after_small = _prev_real_kind(toks, i + 1) == "small"
                lo_hi = LEX.vague[text].trailing if after_small else LEX.vague[text].leading
                num, num_step, num_single = Decimal(lo_hi[vague_pick]), Decimal(1), True
            prev_kind = kind
            used = i + 1
            continue
        if kind == "point":
            if prev_kind not in ("ar", "cn", "small", "big") or (num is not None and num_step < 1):
                break
            if text[1:].lstrip(" ").startswith("两"):
                break  # decimals never use 两: 一点两小时 is 一 and 两, not 1.2
            frac, fstep = _fraction(text[1:].replace(" ", ""))
            if num_single and prev_kind == "cn" and last_unit_exp is not None and last_unit_exp >= 2 \
                    and not zero_seen and _prev_real_kind(toks, i) in ("small", "big"):
                num *= _pow10(last_unit_exp - 1)  # 两千三点一 = 2300.1: the elided unit comes first
            num = (num or Decimal(0)) + frac
            num_step, num_single = fstep, False
            prev_kind = kind
            used = i + 1
            continue
        if kind == "small":
            u = LEX.small_units[text]
            if last_small is not None and u >= last_small:
                break  # 十一十二: small units must fall inside a section
            if last_unit_exp is not None and num is None and prev_kind != "zero" and u < 4 \
                    and not (prev_kind == "small" and small_explicit):
                break  # 百十 / 百千: not a numeral (but 一百十六 = 116)
            small_explicit = num is not None
            last_small = u
            n = num if num is not None else Decimal(1)
            section += n * _pow10(u)
            last_step = num_step * _pow10(u)
            num, num_single = None, False
            last_unit_exp = u
            prev_kind = kind
            used = i + 1
            continue
        if kind == "big":
            u = LEX.big_units[text]
            if u == cur_big and (num is not None or section):
                if num is not None:  # 3万4万 / 3万 4万: two amounts, not 70000
                    used, num = num_at, None
                break
            if num is not None:
                section += num
                last_step = num_step
                fraction_then_big = num_step < 1
            if section == 0 and num is None:
                if prev_kind == "big" and u == cur_big:  # 四万万: 万万 is 亿
                    total *= _pow10(u)
                    last_step = (last_step or Decimal(1)) * _pow10(u)
                    prev_kind = kind
                    used = i + 1
                    continue
                if prev_kind == "big":  # 万亿: a compound unit over what came before
                    pass
                elif total == 0:
                    section = Decimal(1)  # bare 万 / 亿
                    last_step = Decimal(1)
            if last_step is None:
                last_step = Decimal(1)
            if cur_big is not None and u > cur_big:
                total = (total + section) * _pow10(u)
                cur_big = u
            else:
                total += section * _pow10(u)
                cur_big = u if cur_big is None else cur_big
            last_step = last_step * _pow10(u)
            section = Decimal(0)
            num, num_single = None, False
            last_unit_exp = u
            last_small = None
            prev_kind = kind
            used = i + 1
            continue
        break
    else:
        stopped_at = None
    if stopped_at is not None and chunk is not None and chunk < stopped_at and toks[stopped_at][1][0] != " ":
        # A spaced chunk is read whole or not at all: 三十 四十 is 30 and 40, not 34.
        return _evaluate(toks[:chunk], vague_pick) if chunk else None
    if num is not None:
        if num_single and prev_kind in ("cn", "ar") and last_unit_exp is not None and last_unit_exp >= 2 \
                and not zero_seen and _prev_real_kind(toks, used) in ("small", "big"):
            e = last_unit_exp - 1
            section += num * _pow10(e)  # elided unit: 三千五 = 3500, 13万2 = 132000
            last_step = _pow10(e)
        else:
            section += num
            last_step = num_step
    if used == 0 or last_step is None:
        return None
    return total + section, last_step, used


def _prev_real_kind(toks: list[tuple[str, str]], used: int) -> str:
    """The kind of the token before the last of toks[:used]."""
    return toks[used - 2][0] if used >= 2 else ""


def _consumed(toks: list[tuple[str, str]], n: int) -> int:
    return sum(len(t) for _, t in toks[:n])


@lru_cache(maxsize=65536)
def parse_numeral(s: str) -> Numeral | None:
    """Read the longest numeral at the start of `s` (normalised text). None if there is none."""
    if not s:
        return None
    qualifier = None
    offset = 0
    if s[0] in LEX.about_prefix and len(s) > 1 and (s[1] in UNIT_CHARS):
        qualifier = LEX.about_prefix[s[0]]
        offset = 1
    toks, _ = _tokens(s[offset:])
    if not toks:
        return None
    kinds = [k for k, _ in toks]
    # Whole run of single Chinese digits: 二〇二五 (digit string) or 两三 / 七八 (estimate).
    cn_run = 0
    while cn_run < len(kinds) and kinds[cn_run] == "cn":
        cn_run += 1
    if cn_run >= 2:
        first, second = LEX.digits[toks[0][1]], LEX.digits[_core(toks[1][1])]
        pair_only = cn_run == 2 and (len(toks) == 2 or kinds[2] != "point")
        reverse = first == 3 and _core(toks[1][1]) in _LIANG  # 三两天: "two or three", written high first
        if pair_only and (first < second <= first + 2 and first > 0 or reverse):  # 两三 / 七八 / 三五
            rest = toks[2:]
            pair = [("cn", _core(t)) for _, t in toks[:2]]
            lo = _evaluate([pair[1 if reverse else 0]] + rest, None)
            hi = _evaluate([pair[0 if reverse else 1]] + rest, None)
            if lo and hi and lo[2] == hi[2]:
                n_used = lo[2] + 1
                return Numeral(None, lo[0], hi[0], lo[1], offset + _consumed(toks, n_used), "estimate",
                               qualifier, _has_big(toks[:n_used]))
            return None
        if _core(toks[cn_run - 1][1]) in _LIANG and (cn_run == len(toks) or kinds[cn_run] not in ("small", "big")):
            toks, kinds, cn_run = toks[:cn_run - 1], kinds[:cn_run - 1], cn_run - 1  # 二两: 2 liang
        if cn_run < 2:
            return _plain(toks, offset, qualifier)
        if cn_run == len(toks) or kinds[cn_run] not in ("small", "big"):  # 二〇二五, 一一: digit by digit
            digits = "".join(str(LEX.digits[_core(t)]) for _, t in toks[:cn_run])
            v, step, n_used = Decimal(digits), Decimal(1), cn_run
            if cn_run < len(toks) and kinds[cn_run] == "point":  # 一七二零点一三四
                frac, step = _fraction(_core(toks[cn_run][1])[1:].replace(" ", ""))
                v, n_used = v + frac, cn_run + 1
            return Numeral(v, v, v, step, offset + _consumed(toks, n_used), "digits", qualifier)
    if "vague" in kinds:  # 几十 / 十几 / 数亿: evaluated with the lowest and highest digit
        lo, hi = _evaluate(toks, 0), _evaluate(toks, 1)
        if not lo or not hi or lo[2] != hi[2]:
            return None
        used_toks = toks[: lo[2]]
        vague_used = [k == "vague" for k, _ in used_toks]
        if not any(vague_used):
            return _plain(toks, offset, qualifier)  # the placeholder came after the numeral ended
        if all(vague_used):
            return None  # 几 alone is no number
        return Numeral(None, lo[0], hi[0], lo[1], offset + _consumed(toks, lo[2]), "vague", qualifier,
                       _has_big(used_toks))
    return _plain(toks, offset, qualifier)


def _has_big(toks: list[tuple[str, str]]) -> bool:
    return any(k == "big" for k, _ in toks)


def _plain(toks: list[tuple[str, str]], offset: int, qualifier: str | None) -> Numeral | None:
    res = _evaluate(toks, None)
    if res is None:
        return None
    value, step, n = res
    used = toks[:n]
    kinds = {k for k, _ in used}
    if kinds == {"ar"}:
        kind = "arabic"
    elif "ar" in kinds:
        kind = "mixed"
    else:
        kind = "chinese"
    bare = kinds <= {"small", "big"} and value >= 100
    int_digits = 0
    if kind == "arabic":
        t = used[0][1]
        int_digits = len(t.split(".")[0].replace(",", ""))
    return Numeral(value, value, value, step, offset + _consumed(toks, n), kind, qualifier,
                   _has_big(used), bare, int_digits)


# -- English number words ---------------------------------------------------

_EN_WORDS = sorted(LEX.english_words, key=len, reverse=True)
EN_NUMBER_PATTERN = (
    r"(?:" + "|".join(_EN_WORDS) + r")(?:[- ](?:" + "|".join(_EN_WORDS) + r"))?"
    r"(?:[- ](?:hundred|thousand|million|billion|trillion)(?:[- ](?:and[- ])?(?:"
    + "|".join(_EN_WORDS) + r")(?:[- ](?:" + "|".join(_EN_WORDS) + r"))?)?)*"
)


def parse_english(words: str) -> Decimal | None:
    """'twenty-five' -> 25, 'one hundred and five' -> 105, 'three' -> 3; None if not a number."""
    parts = [p for p in re.split(r"[\s\-]+", words.lower()) if p and p != "and"]
    total, current = Decimal(0), Decimal(0)
    seen = False
    for p in parts:
        if p in LEX.english_words:
            current += LEX.english_words[p]
            seen = True
        elif p in LEX.english_scales and seen:
            e = LEX.english_scales[p]
            if e == 2:
                current *= 100
            else:
                total += current * _pow10(e)
                current = Decimal(0)
        else:
            return None
    return total + current if seen else None
