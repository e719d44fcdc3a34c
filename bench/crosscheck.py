"""Cross-checking alone: find_conflicts on synthetic claims (bench/synthetic.py), and how it scales.

Claims are built first (not timed), then `find_conflicts` is timed on N and on 10 x N claims;
the ratio of the two times is the scaling factor (acceptance: 1M claims within 60 s, 10x claims
at most 12x time). Peak memory is the process's maximum RSS. With --repeat N each size is checked
N times on the same claims and the fastest run counts (the others' load on a shared machine only
ever adds time; later runs find the lookup caches warm).

    python bench/crosscheck.py --sizes 100000 1000000 [--repeat 2]
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from checker.config import Config  # noqa: E402
from checker.engine import find_conflicts  # noqa: E402
from synthetic import synthetic_claims  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=1, help="checks per size; the fastest counts")
    args = parser.parse_args()
    config = Config()
    times, cpu_times = {}, {}
    for n in args.sizes:
        t0 = time.perf_counter()
        claims, documents = synthetic_claims(n, seed=n)
        built = time.perf_counter() - t0
        runs = []
        for _ in range(max(1, args.repeat)):
            gc.collect()
            c0, t1 = time.process_time(), time.perf_counter()
            conflicts, corroborations = find_conflicts(claims, documents, config)
            runs.append((time.perf_counter() - t1, time.process_time() - c0))
            if len(runs) < args.repeat:
                del conflicts, corroborations
        wall, cpu = min(runs)
        times[n], cpu_times[n] = wall, cpu
        print(json.dumps({"claims": n, "build_s": round(built, 1), "check_wall_s": round(wall, 2),
                          "check_cpu_s": round(cpu, 2), "claims_per_s": round(n / wall),
                          "conflicts": len(conflicts), "corroborations": len(corroborations),
                          "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
                          "load_average": [round(x, 2) for x in os.getloadavg()],
                          **({"runs_wall_s": [round(w, 2) for w, _ in runs]} if len(runs) > 1 else {})}),
              flush=True)
        del claims, documents, conflicts, corroborations
        gc.collect()
    sizes = sorted(times)
    for a, b in zip(sizes, sizes[1:]):
        print(f"{b:,} / {a:,} claims: {b / a:.0f}x claims cost {times[b] / times[a]:.2f}x wall time, "
              f"{cpu_times[b] / cpu_times[a]:.2f}x CPU time")


if __name__ == "__main__":
    main()
