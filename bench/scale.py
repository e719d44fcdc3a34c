"""Scaling: index and check corpora of 1k, 10k, 100k generated documents.

For each size: generate the corpus (bench/gen_corpus.py), then time, as a user would run them,
    numcheck index CORPUS --jobs J                 (cold cache: every document extracted)
    numcheck index CORPUS                          (warm: nothing to extract)
    numcheck check CORPUS                          (full cross-check of every claim, cache warm)
    edit one document; numcheck check DOC --against CORPUS   (the CI-gate re-check)
with wall time, claims per second and the peak resident memory of the whole process tree
(workers included, sampled every 0.1 s with psutil).

    python bench/scale.py --sizes 1000 10000 100000 --jobs 2 --work /tmp/numcheck-bench
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
NUMCHECK = [sys.executable, "-c", "from numcheck.checker.cli import run; run()"]  # the installed `numcheck`


def run_measured(args: list[str], timeout: float) -> dict:
    """Wall time, exit code and peak RSS (process tree) of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen([*NUMCHECK, *args], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        try:
            root = psutil.Process(proc.pid)
        except psutil.Error:
            return
        while not stop.is_set():
            try:
                total = root.memory_info().rss + sum(c.memory_info().rss for c in root.children(recursive=True))
                peak = max(peak, total)
            except psutil.Error:
                pass
            stop.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        _, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        _, err = proc.communicate()
        return {"wall_s": None, "rc": "timeout", "peak_mib": round(peak / 2**20), "stderr": err.decode()[-300:]}
    finally:
        stop.set()
        sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the run and the workers it waited for
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall_s": round(time.perf_counter() - start, 2), "cpu_s": round(cpu, 2), "rc": proc.returncode,
            "peak_mib": round(peak / 2**20), "stderr": err.decode()[-300:]}


def cache_claims(cache: Path) -> int:
    conn = sqlite3.connect(cache)
    try:
        return conn.execute("SELECT coalesce(sum(n_claims), 0) FROM entries").fetchone()[0]
    finally:
        conn.close()


def bench_size(size: int, work: Path, jobs: int, timeout: float, full_check: bool, copies_of: int = 0,
               reuse_cache: bool = False, rechecks: int = 1) -> dict:
    """With `copies_of`, the corpus is that many distinct documents (indexed first, from the corpus
    of that size) repeated under new paths up to `size`: what extraction costs is then measured at
    the smaller size, and the cold index at `size` measures re-stamping cached content."""
    from gen_corpus import generate

    corpus = work / (f"corpus{size}" if not copies_of else f"corpus{size}-copies-of-{copies_of}")
    cache = work / (f"cache{size}.sqlite" if not copies_of else f"cache{copies_of}.sqlite")
    if not (corpus / ".complete").exists():
        if copies_of:
            source = work / f"corpus{copies_of}"
            for k in range(size // copies_of):
                shutil.copytree(source, corpus / f"copy{k:02d}", dirs_exist_ok=True, copy_function=shutil.copy2)
        else:
            generate(corpus, size, seed=size)
        (corpus / ".complete").write_text("ok")
    chars = sum(p.stat().st_size for p in corpus.rglob("*.txt"))  # bytes (UTF-8), about 3 per Han character
    if not copies_of and not reuse_cache:
        for side in ("", "-wal", "-shm"):
            Path(str(cache) + side).unlink(missing_ok=True)
    out: dict = {"documents": size, "bytes": chars, "distinct": copies_of or size}
    if reuse_cache and cache.exists():
        out["index_cold"] = {"wall_s": None, "note": "skipped: --reuse-cache"}
    else:
        out["index_cold"] = run_measured(["index", str(corpus), "--cache", str(cache), "--jobs", str(jobs),
                                          "--quiet"], timeout)
    out["claims"] = cache_claims(cache)
    if out["index_cold"]["wall_s"]:
        out["index_claims_per_s"] = round(out["claims"] / out["index_cold"]["wall_s"])
        out["index_docs_per_s"] = round(size / out["index_cold"]["wall_s"], 1)
    out["index_warm"] = run_measured(["index", str(corpus), "--cache", str(cache), "--quiet"], timeout)
    if full_check:
        out["check_full"] = run_measured(["check", str(corpus), "--cache", str(cache), "--format", "json",
                                          "--output", str(work / f"report{size}.json"), "--fail-on", "none",
                                          "--quiet"], timeout)
    # The CI gate: one document changes, it is checked against the corpus.
    doc = sorted(corpus.rglob("*.txt"))[size // 2]
    original = doc.read_text(encoding="utf-8")
    runs = []
    try:
        for k in range(rechecks):
            # a figure new to the cache on every run (the clock in microseconds picks it): the changed
            # document is always extracted, never a hit of an earlier run's content
            tick = time.time_ns() // 1000 + k
            growth = f"{10 + tick % 89}.{tick // 89 % 10**6:06d}"
            doc.write_text(original + f"\n2024年，该市营业收入增长{growth}%，达到3.2亿元。\n", encoding="utf-8")
            runs.append(run_measured(["check", str(doc), "--against", str(corpus), "--cache", str(cache),
                                      "--format", "json", "--output", str(work / f"recheck{size}.json"),
                                      "--fail-on", "none", "--quiet"], timeout))
    finally:
        doc.write_text(original, encoding="utf-8")
    out["recheck_one"] = runs[0]
    if rechecks > 1:  # a busy machine: every run, and the median by CPU time
        out["recheck_runs"] = [{k: r[k] for k in ("wall_s", "cpu_s", "peak_mib", "rc")} for r in runs]
        out["recheck_median"] = sorted(runs, key=lambda r: r.get("cpu_s") or 0)[len(runs) // 2]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--work", type=Path, default=Path("/tmp/numcheck-bench"))
    parser.add_argument("--timeout", type=float, default=3600)
    parser.add_argument("--no-full-check", action="store_true", help="skip the full cross-check of the corpus")
    parser.add_argument("--copies-of", type=int, default=0,
                        help="build each size from the already indexed corpus of this size, repeated")
    parser.add_argument("--reuse-cache", action="store_true",
                        help="keep an existing cache and skip the cold index (to time checks and re-checks again)")
    parser.add_argument("--rechecks", type=int, default=1,
                        help="re-check the changed document this many times (each with a new figure) and give "
                             "the median by CPU time too")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    print(f"load average before: {os.getloadavg()}", flush=True)
    for size in args.sizes:
        result = bench_size(size, args.work, args.jobs, args.timeout, not args.no_full_check, args.copies_of,
                            args.reuse_cache, args.rechecks)
        result["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
        print(json.dumps(result, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
