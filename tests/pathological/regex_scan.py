"""Time every regular expression of claims/, checker/ and schemas/ on adversarial strings.

Run as `python -m tests.pathological.regex_scan [--only NAME]`. Prints one JSON line per
pattern *before* scanning it ({"start": name}) and one after ({"done": name, ...}), so a caller
that has to kill a hung scan knows which pattern hung.

Patterns found: module-level compiled patterns, patterns held one level down by module-level
objects (tuples, dicts, dataclasses), and patterns returned by zero-argument cached loaders
(`@lru_cache def _matchers()`), which is how the lexicon-built patterns are made.

Adversarial strings are long repetitions of one unit: every literal character the pattern
itself mentions (and a representative of each class it uses), every ordered pair of those
characters, and fixed units numeric text is made of ("1,", "%1", "一万", "“1", "a!" ...).
Each pattern is timed with finditer (every start position, as the pipeline scans) plus one
match() on every string of SMALL characters; its three slowest strings are timed again at
SMALL and FACTOR x SMALL characters. A linear pattern takes about FACTOR times longer on the
long string; a quadratic one FACTOR^2 times. A scan over HANG seconds on the short string is
reported at once (exponential backtracking).
"""
from __future__ import annotations

import argparse
import functools
import importlib
import inspect
import itertools
import json
import pkgutil
import re
import re._constants as sre
import re._parser as sre_parse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("numcheck.claims", "numcheck.checker", "numcheck.schemas")
SMALL, FACTOR, HANG = 4000, 4, 2.0
# Units of numeric text whose repetition stresses number, unit, qualifier and sentence patterns.
UNITS = ["1", "9", "0", "一", "万", "亿", "十", "点", " ", ",", ".", "%", "a", "A", "t", "“", "”", "「", "\n", "\r",
         "年", "月", "日", "!", "。", "-", ":", "/", "元", "约", "超", "第", "\u200b", "\u202e", "<", "[", "(",
         "1,", "1.", "1 ", "%1", "1-", "1至", "1%", "一万", "万一", "一百", "1万", "“1", "”1", "a!", "a.",
         "! ", ". ", "1:", "1/", "1年", "a ", "A.", "<a", "<!", '<a x="', "&#1", "# ", "[1](", "](", "**1",
         "1e", "1E9", "1元", "元1", "-1", "1-1"]
SKIP_MODULES = {"numcheck.checker.dask_engine"}  # imports a cluster library; no patterns of its own


def modules():
    sys.path.insert(0, str(ROOT))
    for package in PACKAGES:
        pkg = importlib.import_module(package)
        yield pkg
        for info in pkgutil.walk_packages(pkg.__path__, prefix=package + "."):
            if info.name in SKIP_MODULES:
                continue
            try:
                yield importlib.import_module(info.name)
            except ImportError:
                continue


def _cached_loader(obj) -> bool:
    if not isinstance(obj, functools._lru_cache_wrapper):
        return False
    try:
        params = inspect.signature(obj).parameters.values()
    except (TypeError, ValueError):
        return False
    return all(p.default is not p.empty or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD) for p in params)


def patterns() -> dict[str, re.Pattern]:
    """name -> pattern, each distinct (source, flags) once."""
    found: dict[str, re.Pattern] = {}
    seen: set[tuple[str, int]] = set()

    def add(name: str, obj, depth: int = 0) -> None:
        if isinstance(obj, re.Pattern):
            if isinstance(obj.pattern, str) and (obj.pattern, obj.flags) not in seen:
                seen.add((obj.pattern, obj.flags))
                found[name] = obj
            return
        if depth >= 1 or isinstance(obj, (str, bytes, type)) or inspect.ismodule(obj) or callable(obj):
            return
        if isinstance(obj, (list, tuple)):
            for k, value in enumerate(obj[:200]):
                add(f"{name}[{k}]", value, depth + 1)
        elif isinstance(obj, dict):
            for key, value in list(obj.items())[:200]:
                add(f"{name}[{key!r}]", value, depth + 1)
        elif hasattr(obj, "__dict__") or hasattr(obj, "__slots__"):
            names = list(getattr(obj, "__dict__", {})) or list(getattr(obj, "__slots__", ()))
            for key in names:
                add(f"{name}.{key}", getattr(obj, key, None), depth + 1)

    for module in modules():
        for attr, obj in sorted(vars(module).items()):
            if getattr(obj, "__module__", module.__name__) != module.__name__ and not isinstance(obj, re.Pattern):
                continue  # imported from elsewhere: scanned under its own module
            if _cached_loader(obj):
                try:
                    obj = obj()
                except Exception:  # a loader that needs data this checkout lacks
                    continue
                add(f"{module.__name__}.{attr}()", obj)
            else:
                add(f"{module.__name__}.{attr}", obj)
    return found


def literal_chars(pattern: re.Pattern, limit: int = 8) -> list[str]:
    """Characters the pattern mentions: literals, ends of ranges, a representative per category."""
    chars: list[str] = []
    category = {sre.CATEGORY_DIGIT: "7", sre.CATEGORY_SPACE: " ", sre.CATEGORY_WORD: "w",
                sre.CATEGORY_NOT_DIGIT: "x", sre.CATEGORY_NOT_SPACE: "x", sre.CATEGORY_NOT_WORD: "-"}

    def walk(items) -> None:
        for op, arg in items:
            if op is sre.LITERAL:
                chars.append(chr(arg))
            elif op is sre.RANGE:
                chars.extend((chr(arg[0]), chr(arg[1])))
            elif op is sre.CATEGORY and arg in category:
                chars.append(category[arg])
            elif op is sre.IN:
                walk(arg)
            elif op is sre.BRANCH:
                for alt in arg[1]:
                    walk(alt)
            elif op is sre.SUBPATTERN:
                walk(arg[3])
            elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
                walk(arg[2])
            elif op in (sre.ASSERT, sre.ASSERT_NOT):
                walk(arg[1])
            elif op is sre.ATOMIC_GROUP:
                walk(arg)

    try:
        walk(sre_parse.parse(pattern.pattern, pattern.flags))
    except Exception:  # a parser detail of another Python version: the fixed units still apply
        return []
    unique = list(dict.fromkeys(c for c in chars if c.isprintable() or c in "\n\r\t"))
    if len(unique) > limit:  # an even spread over the pattern's alphabet
        step = len(unique) / limit
        unique = [unique[int(k * step)] for k in range(limit)]
    return unique


def units_for(pattern: re.Pattern) -> list[str]:
    own = literal_chars(pattern)
    return list(dict.fromkeys(own + UNITS + [a + b for a, b in itertools.permutations(own, 2)]))


def repeat(unit: str, n_chars: int) -> str:
    return (unit * (n_chars // len(unit) + 1))[:n_chars]


def timed(pattern: re.Pattern, text: str) -> float:
    t0 = time.perf_counter()
    for _ in pattern.finditer(text):
        pass
    pattern.match(text)
    return time.perf_counter() - t0


def scan(pattern: re.Pattern, small: int = SMALL, factor: int = FACTOR, hang: float = HANG) -> dict:
    """The pattern's slowest unit, its times at `small` and `factor * small` characters, and the ratio."""
    times = []
    for unit in units_for(pattern):
        took = timed(pattern, repeat(unit, small))
        times.append((took, unit))
        if took > hang:
            return {"unit": unit, "small": round(took, 4), "large": None, "ratio": None, "superlinear": True}
    worst = {"unit": "", "small": 0.0, "large": 0.0, "ratio": 1.0, "superlinear": False}
    for _, unit in sorted(times, reverse=True)[:3]:
        t_small = min(timed(pattern, repeat(unit, small)) for _ in range(2))
        t_large = min(timed(pattern, repeat(unit, small * factor)) for _ in range(2))
        ratio = t_large / max(t_small, 1e-5)
        # linear: ratio ~ factor; quadratic: ~ factor^2. Tiny times are all noise.
        superlinear = t_large > 0.02 and ratio > 2 * factor
        if superlinear:  # confirm one size up: small strings are noisy on a busy machine
            t_huge = timed(pattern, repeat(unit, small * factor * factor))
            superlinear = t_huge / max(t_large, 1e-5) > 2 * factor
        if superlinear or t_large > worst["large"]:
            worst = {"unit": unit, "small": round(t_small, 5), "large": round(t_large, 5),
                     "ratio": round(ratio, 1), "superlinear": superlinear}
        if superlinear:
            break
    return worst


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", default=None, help="scan only patterns whose name contains this")
    parser.add_argument("--skip", default="", help="comma-separated pattern names not to scan")
    parser.add_argument("--small", type=int, default=SMALL, help="characters of the short strings")
    args = parser.parse_args(argv)
    skip = set(filter(None, args.skip.split(",")))
    for name, pattern in patterns().items():
        if (args.only and args.only not in name) or name in skip:
            continue
        print(json.dumps({"start": name}), flush=True)
        print(json.dumps({"done": name, **scan(pattern, small=args.small)}, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
