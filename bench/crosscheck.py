"""Cross-checking alone: find_conflicts on synthetic claims (bench/synthetic.py), and how it scales.

Claims are built first (not timed), then `find_conflicts` is timed on N and on 10 x N claims;
the ratio of the two times is the scaling factor (acceptance: 1M claims within 60 s, 10x claims
at most 12x time). Peak memory is the process's maximum RSS. With --repeat N each size is checked
N times on the same claims and the fastest run counts (the others' load on a shared machine only
ever adds time). The median is printed beside the best: a best of N favours the short run, which
can fall wholly within a fast stretch of a shared machine while the long run averages over several.
The first run of each size is what a one-shot `numcheck check` does: it grows the heap, page by
page. Its ratio is printed as well, in wall time and in user time alone (the work without the
host's cost of handing out memory), with its system time and minor page faults. At 1M its user
time is that of the later runs (small sizes pay one-off start-up work); the difference is the page
faults, which on a virtual machine that hands out memory on first touch (Firecracker here) cost up
to some 15 microseconds each: 7.7 s for the 2 GB of the 1M check.

    python bench/crosscheck.py --sizes 100000 1000000 [--repeat 2]

With --fresh, every repetition runs in a new Python process (this script re-invoked for one size
and one run, printing one JSON line that the parent collects), so no run inherits another's heap,
memo caches or page faults: each is a first run, as a one-shot `numcheck check` is. The 1-minute
load average is recorded before and after each run (the machine may be shared); a run that would
start above --max-load waits up to --max-wait seconds for the load to fall, then runs anyway and
says so. Per size it prints the median of the runs, and per pair of sizes the ratio of medians
(issue 21: "the ratio of the medians of 3 runs at 100k and at 1M claims, each run in a fresh
process, with the machine's load recorded beside it"):

    python bench/crosscheck.py --sizes 100000 1000000 --repeat 3 --fresh
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from numcheck.checker.config import Config  # noqa: E402
from numcheck.checker.engine import find_conflicts  # noqa: E402
from synthetic import synthetic_claims  # noqa: E402


class Run(NamedTuple):
    wall: float
    cpu: float  # user + system
    user: float
    sys: float
    faults: int  # minor page faults


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=1,
                        help="checks per size; the fastest counts (with --fresh: the median)")
    parser.add_argument("--fresh", action="store_true",
                        help="run every repetition in a new Python process; report medians and their ratio")
    parser.add_argument("--max-load", type=float, default=1.5,
                        help="with --fresh: wait before a run while the 1-minute load average is above this")
    parser.add_argument("--max-wait", type=float, default=120.0,
                        help="with --fresh: wait at most this many seconds for the load to fall, then run anyway")
    parser.add_argument("--one-run", type=int, metavar="N", help=argparse.SUPPRESS)  # a --fresh child
    args = parser.parse_args()
    if args.one_run is not None:
        _one_run(args.one_run)
        return
    if args.fresh:
        _fresh(args.sizes, max(1, args.repeat), args.max_load, args.max_wait)
        return
    config = Config()
    runs_of: dict[int, list[Run]] = {}
    for n in args.sizes:
        t0 = time.perf_counter()
        claims, documents = synthetic_claims(n, seed=n)
        built = time.perf_counter() - t0
        runs = runs_of[n] = []
        for _ in range(max(1, args.repeat)):
            gc.collect()
            r0, c0, t1 = resource.getrusage(resource.RUSAGE_SELF), time.process_time(), time.perf_counter()
            conflicts, corroborations = find_conflicts(claims, documents, config)
            wall, cpu = time.perf_counter() - t1, time.process_time() - c0
            r1 = resource.getrusage(resource.RUSAGE_SELF)
            runs.append(Run(wall, cpu, r1.ru_utime - r0.ru_utime, r1.ru_stime - r0.ru_stime,
                            r1.ru_minflt - r0.ru_minflt))
            if len(runs) < args.repeat:
                del conflicts, corroborations
        best, first = min(runs), runs[0]  # the first: as in a one-shot CLI run
        print(json.dumps({"claims": n, "build_s": round(built, 1), "check_wall_s": round(best.wall, 2),
                          "check_cpu_s": round(best.cpu, 2), "claims_per_s": round(n / best.wall),
                          "conflicts": len(conflicts), "corroborations": len(corroborations),
                          "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
                          "load_average": [round(x, 2) for x in os.getloadavg()],
                          # the heap's growth: the first run faults in its pages (the system time)
                          "first_run_user_s": round(first.user, 2), "first_run_sys_s": round(first.sys, 2),
                          "first_run_minor_faults": first.faults,
                          **({"runs_wall_s": [round(run.wall, 2) for run in runs],
                              "median_wall_s": round(_median_wall(runs), 2)} if len(runs) > 1 else {})}),
              flush=True)
        del claims, documents, conflicts, corroborations
        gc.collect()
    sizes = sorted(runs_of)
    for a, b in zip(sizes, sizes[1:]):
        small, large = runs_of[a], runs_of[b]
        print(f"{b:,} / {a:,} claims: {b / a:.0f}x claims cost {min(large).wall / min(small).wall:.2f}x wall time, "
              f"{min(large).cpu / min(small).cpu:.2f}x CPU time (best runs); "
              f"{_median_wall(large) / _median_wall(small):.2f}x median wall time; "
              f"first runs {large[0].wall / small[0].wall:.2f}x wall time, {large[0].user / small[0].user:.2f}x user time")


def _median_wall(runs: list[Run]) -> float:
    return statistics.median(run.wall for run in runs)


def _load1() -> float:
    return round(os.getloadavg()[0], 2)


def _one_run(n: int) -> None:
    """One check of n claims in this (fresh) process: one JSON line on stdout."""
    t0 = time.perf_counter()
    claims, documents = synthetic_claims(n, seed=n)
    built = time.perf_counter() - t0
    gc.collect()
    r0, c0, t1 = resource.getrusage(resource.RUSAGE_SELF), time.process_time(), time.perf_counter()
    conflicts, corroborations = find_conflicts(claims, documents, Config())
    wall, cpu = time.perf_counter() - t1, time.process_time() - c0
    r1 = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({"claims": n, "build_s": round(built, 2), "wall_s": round(wall, 3), "cpu_s": round(cpu, 3),
                      "user_s": round(r1.ru_utime - r0.ru_utime, 3), "sys_s": round(r1.ru_stime - r0.ru_stime, 3),
                      "minor_faults": r1.ru_minflt - r0.ru_minflt, "conflicts": len(conflicts),
                      "corroborations": len(corroborations), "peak_rss_mib": r1.ru_maxrss // 1024}), flush=True)
    os._exit(0)  # freeing millions of small objects one by one is not part of the measure


def _fresh(sizes: list[int], repeat: int, max_load: float, max_wait: float) -> None:
    """Each run in a new process; the 1-minute load before and after each; medians and their ratio."""
    medians: dict[int, dict] = {}
    for n in sizes:
        runs = []
        for k in range(repeat):
            load = _load1()
            waited = 0.0
            while load > max_load and waited < max_wait:
                time.sleep(5)
                waited += 5
                load = _load1()
            started = time.strftime("%H:%M:%S", time.gmtime())
            proc = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--one-run", str(n)],
                                  cwd=ROOT, stdout=subprocess.PIPE, text=True, check=True)
            run = json.loads(proc.stdout.strip().splitlines()[-1])
            run.update({"run": k + 1, "started_utc": started, "load1_before": load, "load1_after": _load1(),
                        **({"waited_for_load_s": waited} if waited else {}),
                        **({"started_above_max_load": True} if load > max_load else {})})
            runs.append(run)
            print(json.dumps(run), flush=True)
        summary = {"claims": n, "runs": len(runs), "runs_wall_s": [r["wall_s"] for r in runs],
                   "median_wall_s": round(statistics.median(r["wall_s"] for r in runs), 3),
                   "median_cpu_s": round(statistics.median(r["cpu_s"] for r in runs), 3),
                   "median_user_s": round(statistics.median(r["user_s"] for r in runs), 3),
                   "load1_before_runs": [r["load1_before"] for r in runs],
                   "load1_after_runs": [r["load1_after"] for r in runs],
                   "conflicts": runs[0]["conflicts"], "corroborations": runs[0]["corroborations"],
                   "peak_rss_mib": max(r["peak_rss_mib"] for r in runs)}
        medians[n] = summary
        print(json.dumps({"summary": summary}), flush=True)
    ordered = sorted(medians)
    for a, b in zip(ordered, ordered[1:]):
        small, large = medians[a], medians[b]
        print(f"{b:,} / {a:,} claims, {repeat} fresh process(es) each: {b / a:.0f}x claims cost "
              f"{large['median_wall_s'] / small['median_wall_s']:.2f}x median wall time "
              f"({small['median_wall_s']:.2f} s -> {large['median_wall_s']:.2f} s), "
              f"{large['median_cpu_s'] / small['median_cpu_s']:.2f}x median CPU time, "
              f"{large['median_user_s'] / small['median_user_s']:.2f}x median user time; "
              f"1-min load before the runs {small['load1_before_runs']} and {large['load1_before_runs']}",
              flush=True)

if __name__ == "__main__":
    main()
