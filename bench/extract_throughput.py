"""Extraction throughput in characters per second per core, beside jieba.cut (HMM off) on the same text.

One process, one core: CPU time (process_time) is what the figures divide by, so a busy machine
slows the wall clock but not the per-core rate much; wall-clock rates are printed too. Stages are
timed separately (load = decode + normalise + sentences + zones + metadata; quantities; subjects;
assembly) to show where the time goes; --profile prints the top functions under cProfile. Each
stage runs at least --repeat times and at least MIN_SECONDS; the best and the median are printed.

    python bench/extract_throughput.py [--generated 2000] [--repeat 3] [--profile]
"""
from __future__ import annotations

import argparse
import cProfile
import io
import logging
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import jieba  # noqa: E402

from numcheck.claims.document import load_document  # noqa: E402
from numcheck.claims.pipeline import extract  # noqa: E402
from numcheck.claims.quantities import find_quantities  # noqa: E402
from numcheck.claims.segment import clear_caches  # noqa: E402
from numcheck.claims.subjects import assign_subjects  # noqa: E402


MIN_SECONDS = 2.0  # a stage is repeated for at least this long: the seeds take ~0.1 s a pass, and
# on a shared VM single passes of one process vary by 2x (measured: 61k-140k chars/s), so a best of
# three could land in a slow stretch


def _timed(fn, repeat: int) -> tuple[float, float, float]:
    """(cpu seconds, wall seconds, median cpu seconds) per repetition: best of `repeat`
    repetitions or of as many as fill MIN_SECONDS, whichever is more."""
    cpus, walls = [], []
    started = time.perf_counter()
    while len(cpus) < repeat or time.perf_counter() - started < MIN_SECONDS:
        clear_caches()  # each repetition reads the text for the first time (model caches stay warm)
        c0, w0 = time.process_time(), time.perf_counter()
        fn()
        cpus.append(time.process_time() - c0)
        walls.append(time.perf_counter() - w0)
    return min(cpus), min(walls), statistics.median(cpus)


def measure(label: str, files: list[Path], repeat: int) -> dict:
    texts = [(str(p), p.read_bytes()) for p in files]
    docs = [load_document(path, data=data) for path, data in texts]
    chars = sum(len(d.raw) for d in docs)
    for d in docs:  # warm lexicons, jieba's dictionary, caches of first use
        extract(d)

    def full():
        return sum(len(extract(load_document(path, data=data))) for path, data in texts)

    def load_only():
        for path, data in texts:
            load_document(path, data=data)

    def quantities_only():
        for d in docs:
            find_quantities(d.norm)

    matches = [find_quantities(d.norm) for d in docs]

    def subjects_only():
        for d, m in zip(docs, matches):
            assign_subjects(d, m)

    raw = [d.raw for d in docs]

    def jieba_plain():
        for t in raw:
            for _ in jieba.cut(t, HMM=False):
                pass

    claims = full()
    results = {"label": label, "documents": len(docs), "chars": chars, "claims": claims}
    for name, fn in (("numcheck", full), ("load", load_only), ("quantities", quantities_only),
                     ("subjects", subjects_only), ("jieba.cut(HMM=False)", jieba_plain)):
        results[name] = _timed(fn, repeat)
    return results


def _rate(chars: int, seconds: float) -> float:
    return chars / seconds if seconds else float("inf")


def report(r: dict) -> str:
    chars = r["chars"]
    ours = _rate(chars, r["numcheck"][0])
    jieba_rate = _rate(chars, r["jieba.cut(HMM=False)"][0])
    lines = [f"## {r['label']}: {r['documents']} documents, {r['chars']:,} characters, {r['claims']:,} claims", "",
             "| stage | chars/s per core (CPU, best) | median | chars/s (wall, best) | share of numcheck CPU |",
             "|---|---:|---:|---:|---:|"]
    total_cpu = r["numcheck"][0]
    for name in ("numcheck", "load", "quantities", "subjects", "jieba.cut(HMM=False)"):
        cpu, wall, median = r[name]
        share = f"{cpu / total_cpu:.0%}" if name in ("load", "quantities", "subjects") else ""
        lines.append(f"| {name} | {_rate(chars, cpu):,.0f} | {_rate(chars, median):,.0f} | "
                     f"{_rate(chars, wall):,.0f} | {share} |")
    lines += ["", f"numcheck / jieba.cut(HMM=False) = {ours / jieba_rate:.2f}; "
                  f"target 1,000,000 chars/s per core: {'met' if ours >= 1_000_000 else 'NOT met'}", ""]
    return "\n".join(lines)


def profile(files: list[Path], top: int = 25) -> str:
    texts = [(str(p), p.read_bytes()) for p in files]
    for path, data in texts:
        extract(load_document(path, data=data))
    clear_caches()
    prof = cProfile.Profile()
    prof.enable()
    for path, data in texts:
        extract(load_document(path, data=data))
    prof.disable()
    out = io.StringIO()
    pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats(top)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--generated", type=int, default=2000, help="documents in the generated corpus (0: skip)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    print(report(measure("seeds", seeds, args.repeat)))
    if args.generated:
        from gen_corpus import generate

        with tempfile.TemporaryDirectory() as tmp:
            generate(Path(tmp), args.generated, seed=1)
            files = sorted(Path(tmp).rglob("*.txt"))
            print(report(measure(f"generated corpus ({args.generated} documents)", files, max(1, args.repeat - 1))))
    if args.profile:
        print("```\n" + profile(seeds) + "```")


if __name__ == "__main__":
    main()
