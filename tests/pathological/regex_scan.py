"""Time every module-level regular expression of claims/ and checker/ on adversarial strings.

Run as `python -m tests.pathological.regex_scan [--chars N] [--limit SECONDS]`. Prints one JSON
line per pattern *before* scanning it ({"start": name}) and one after ({"done": name, "worst":
seconds, "on": string name}), so a caller that has to kill a hung scan knows which pattern hung.

Adversarial strings are long repetitions: of every literal character the pattern itself
mentions (and a representative of each class it uses), of every pair of those characters,
and of a fixed set of units that numeric text is made of ("1,", "%1", "一万", "“1", "a!" ...).
A pattern that backtracks polynomially or worse takes seconds on 20,000 characters where a
linear one takes about a millisecond.
"""
from __future__ import annotations

import argparse
import importlib
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
PACKAGES = ("claims", "checker", "schemas")
# Units of numeric text whose repetition stresses number, unit, qualifier and sentence patterns.
UNITS = ["1", "9", "0", "一", "万", "亿", "十", "点", " ", ",", ".", "%", "a", "A", "“", "”", "「", "\n", "\r",
         "年", "月", "日", "!", "。", "-", ":", "/", "元", "约", "超", "第", "\u200b", "\u202e",
         "1,", "1.", "1 ", "%1", "1-", "1至", "1%", "一万", "万一", "一百", "1万", "“1", "”1", "a!", "a.",
         "! ", ". ", "1:", "1/", "1年", "a ", "A.", "<a>", "&#1", "# ", "[1](", "**1", "1e", "1E9"]
SKIP_MODULES = {"checker.dask_engine"}  # imports a cluster library; has no patterns of its own


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


def patterns() -> dict[str, re.Pattern]:
    """name -> pattern: module-level patterns and patterns held by module-level objects (one level)."""
    found: dict[str, re.Pattern] = {}
    seen: set[tuple[str, int]] = set()

    def add(name: str, obj) -> None:
        if isinstance(obj, re.Pattern) and isinstance(obj.pattern, str) and (obj.pattern, obj.flags) not in seen:
            seen.add((obj.pattern, obj.flags))
            found[name] = obj

    for module in modules():
        for attr, obj in sorted(vars(module).items()):
            if isinstance(obj, type) or callable(obj) and not hasattr(obj, "__dict__"):
                continue
            add(f"{module.__name__}.{attr}", obj)
            inner = getattr(obj, "__dict__", None)
            if isinstance(inner, dict) and not isinstance(obj, type) and not hasattr(obj, "__path__") \
                    and type(obj).__module__ not in ("builtins",) and not callable(obj):
                for key, value in inner.items():
                    add(f"{module.__name__}.{attr}.{key}", value)
            if isinstance(obj, (list, tuple)):
                for k, value in enumerate(obj):
                    add(f"{module.__name__}.{attr}[{k}]", value)
            if isinstance(obj, dict):
                for key, value in obj.items():
                    add(f"{module.__name__}.{attr}[{key!r}]", value)
    return found


def literal_chars(pattern: re.Pattern, limit: int = 10) -> list[str]:
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
    except Exception:  # a parser detail of this Python version: the fixed units still apply
        return []
    unique = list(dict.fromkeys(c for c in chars if c.isprintable() or c in "\n\r\t"))
    if len(unique) > limit:  # keep an even spread of the pattern's alphabet
        step = len(unique) / limit
        unique = [unique[int(k * step)] for k in range(limit)]
    return unique


def adversarial(pattern: re.Pattern, n_chars: int) -> dict[str, str]:
    own = literal_chars(pattern)
    units = list(dict.fromkeys(own + UNITS))
    units += [a + b for a, b in itertools.permutations(own, 2)]
    return {repr(u): (u * (n_chars // len(u) + 1))[:n_chars] for u in units}


def scan(pattern: re.Pattern, n_chars: int, limit: float = float("inf")) -> tuple[float, str]:
    """The slowest adversarial string and its time; stops at the first one over `limit`."""
    worst, on = 0.0, ""
    for name, text in adversarial(pattern, n_chars).items():
        t0 = time.perf_counter()
        for _ in pattern.finditer(text):
            pass
        pattern.match(text)
        took = time.perf_counter() - t0
        if took > worst:
            worst, on = took, name
            if worst > limit:
                break
    return worst, on


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--chars", type=int, default=20_000)
    parser.add_argument("--limit", type=float, default=float("inf"), help="stop a pattern's scan past this")
    parser.add_argument("--only", default=None, help="scan only patterns whose name contains this")
    args = parser.parse_args(argv)
    for name, pattern in patterns().items():
        if args.only and args.only not in name:
            continue
        print(json.dumps({"start": name}), flush=True)
        worst, on = scan(pattern, args.chars, args.limit)
        print(json.dumps({"done": name, "worst": round(worst, 4), "on": on}), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
