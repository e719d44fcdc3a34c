"""Print the pathological corpus timings as Markdown table rows (for docs/robustness.md).

    python -m tests.pathological.timings [--scale 1.0] [--huge]
"""
from __future__ import annotations

import argparse
import time

from numcheck.claims.document import load_document
from numcheck.claims.pipeline import extract
from tests.pathological.corpus import huge_single_line, hostile


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--huge", action="store_true", help="also the 10 MB single line")
    args = parser.parse_args()
    extract(load_document("warmup.txt", data="2024年营收1.5亿元，同比增长12%。".encode()))
    cases = hostile(args.scale)
    if args.huge:
        cases["huge_single_line_10mb"] = (huge_single_line(), ".txt")
    print("| case | MB | claims | seconds | s/MB | ms/claim |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, (text, suffix) in cases.items():
        data = text.encode()
        t0 = time.perf_counter()
        claims = extract(load_document(f"{name}{suffix}", data=data))
        took = time.perf_counter() - t0
        mb = len(data) / 1e6
        per_claim = f"{1000 * took / len(claims):.2f}" if claims else "-"
        print(f"| {name} | {mb:.2f} | {len(claims)} | {took:.2f} | {took / mb:.2f} | {per_claim} |", flush=True)


if __name__ == "__main__":
    main()
