"""Peers on the same text: JioNLP (money + time extraction) and Microsoft Recognizers-Text
(number, currency, percentage, Chinese culture), beside jieba.cut (HMM off) and numcheck.

Each tool is timed only when it imports (`pip install 'numcheck[bench]'`); the text is the
seeds, line by line (the peers take short strings). Rates are characters per CPU-second.

    python bench/peers.py [--repeat 2]
"""
from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _rate(fn, lines: list[str], repeat: int) -> float:
    chars = sum(len(s) for s in lines)
    fn(lines[:3])  # first use loads dictionaries and models
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        fn(lines)
        best = min(best, time.process_time() - t0)
    return chars / best


def tools() -> dict:
    found = {}
    try:
        import jieba

        jieba.setLogLevel(logging.WARNING)
        found["jieba.cut(HMM=False)"] = lambda lines: [list(jieba.cut(s, HMM=False)) for s in lines]
    except ImportError:
        pass
    try:
        import jionlp

        found["JioNLP ner.extract_money + ner.extract_time"] = lambda lines: [
            (jionlp.ner.extract_money(s), jionlp.ner.extract_time(s)) for s in lines]
    except ImportError:
        pass
    try:
        from recognizers_suite import Culture, recognize_currency, recognize_number, recognize_percentage

        found["Recognizers-Text number+currency+percentage (zh)"] = lambda lines: [
            (recognize_number(s, Culture.Chinese), recognize_currency(s, Culture.Chinese),
             recognize_percentage(s, Culture.Chinese)) for s in lines]
    except ImportError as exc:  # recognizers-text 1.0.2a2 needs emoji<1.0 (it imports UNICODE_EMOJI)
        print(f"(Recognizers-Text not timed: {exc})")
    try:
        from numcheck.claims.document import load_document
        from numcheck.claims.pipeline import extract

        def numcheck(lines: list[str]) -> None:
            # whole documents, as numcheck reads them (sentence context is part of its job)
            text = "\n".join(lines)
            extract(load_document("peers.txt", data=text.encode("utf-8")))

        found["numcheck (full extraction)"] = numcheck
    except ImportError:
        pass
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    lines = [line for p in sorted((ROOT / "seeds").glob("*.txt"))
             for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]
    print(f"seeds: {len(lines)} lines, {sum(len(s) for s in lines):,} characters\n")
    print("| tool | chars per CPU-second |\n|---|---:|")
    for name, fn in tools().items():
        try:
            print(f"| {name} | {_rate(fn, lines, args.repeat):,.0f} |", flush=True)
        except Exception as exc:  # a peer failing on some input is a result too
            print(f"| {name} | failed: {type(exc).__name__}: {exc} |", flush=True)


if __name__ == "__main__":
    main()
