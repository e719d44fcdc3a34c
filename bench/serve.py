"""Load on `numcheck serve`: concurrent clients posting seed-sized drafts to POST /api/check.

The server runs in its own process (`numcheck.checker.serve.run.serve`, as `numcheck serve` starts
it) on 127.0.0.1 over a generated corpus (bench/gen_corpus.py; indexed on start, so a warm cache
makes the start quick). Each client posts drafts made from the seeds with their numbers perturbed,
one after another, for the given time. Printed: requests, p50/p95/max latency, errors, and the
server's memory (resident size sampled every half second: at the start of the load, at each third
of the run, and its peak) so that growth over the run shows.

    python bench/serve.py --docs 10000 --work /tmp/nc_serve --clients 20 --seconds 30
    python bench/serve.py --corpus DIR --clients 20 --seconds 30    # an existing corpus

Target (issue 20): p95 under 1 second, no errors, memory flat over the run.
"""
from __future__ import annotations

import argparse
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mib(pid: int) -> tuple[float, float]:
    """(resident now, peak resident) of a process and its children (the check workers), MiB,
    from /proc; the peak is the sum of each one's own peak."""
    now = peak = 0.0
    for p in [pid, *children(pid)]:
        try:
            with open(f"/proc/{p}/status", encoding="ascii") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        now += int(line.split()[1]) / 1024
                    elif line.startswith("VmHWM:"):
                        peak += int(line.split()[1]) / 1024
        except FileNotFoundError:  # gone meanwhile
            pass
    return now, peak


def cpu_seconds(pid: int) -> tuple[float, float]:
    """User and system CPU time so far of a process and of its children (the check workers)."""
    total = [0.0, 0.0]
    for p in [pid, *children(pid)]:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue
        total[p != pid] += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total[0], total[1]


def children(pid: int) -> list[int]:
    """A process's descendants, from /proc/PID/task/*/children."""
    out = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            kids = [int(k) for k in (task / "children").read_text().split()]
        except OSError:
            continue
        for k in kids:
            out += [k, *children(k)]
    return out


def drafts(seed: int) -> list[str]:
    """Seed-sized drafts: each seed with every number moved a little (new figures each time)."""
    rng = random.Random(seed)
    texts = [p.read_text(encoding="utf-8") for p in SEEDS]
    return [re.sub(r"\d+", lambda m: str(int(m.group()) + rng.randint(0, 5)), texts[i % len(texts)])
            for i in range(50)]


def start_server(corpus: Path, port: int, work: Path, cache: Path | None, workers: int | None) -> subprocess.Popen:
    options = "".join(f", {name}={value!r}" for name, value in (("cache_path", cache and str(cache)),
                                                                 ("workers", workers)) if value is not None)
    code = ("import sys; from numcheck.checker.serve.run import serve; "
            f"serve([{str(corpus)!r}], port={port}, quiet=True{options})")
    log = open(work / "server.log", "w")
    print(f"$ {sys.executable} -c {code!r}", flush=True)
    return subprocess.Popen([sys.executable, "-c", code], stdout=log, stderr=subprocess.STDOUT, cwd=work)


def wait_ready(base: str, server: subprocess.Popen, timeout: float) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if server.poll() is not None:
            raise SystemExit(f"the server exited with {server.returncode}; see its log")
        try:
            if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                return time.monotonic() - started
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise SystemExit("the server did not start in time")


def run_load(base: str, clients: int, seconds: float, pid: int) -> dict:
    latencies: list[float] = []
    errors: list[str] = []
    memory: list[tuple[float, float]] = []  # (seconds into the run, RSS MiB)
    finished: list[tuple[float, float]] = []  # (seconds into the run, latency) of each answer
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds
    t0 = time.monotonic()

    def client(k: int) -> None:
        texts = drafts(k)
        with httpx.Client(base_url=base, timeout=120) as http:
            i = 0
            while time.monotonic() < stop_at:
                started = time.monotonic()
                try:
                    response = http.post("/api/check", json={"text": texts[i % len(texts)]})
                    ok = response.status_code == 200 and "verdict" in response.json()
                    problem = None if ok else f"HTTP {response.status_code}: {response.text[:120]}"
                except httpx.HTTPError as exc:
                    problem = f"{type(exc).__name__}: {exc}"
                elapsed = time.monotonic() - started
                with lock:
                    (errors.append(problem) if problem else latencies.append(elapsed))
                    if not problem:
                        finished.append((time.monotonic() - t0, elapsed))
                i += 1

    def sample() -> None:
        while time.monotonic() < stop_at:
            memory.append((time.monotonic() - t0, rss_mib(pid)[0]))
            time.sleep(0.5)

    server_cpu, client_cpu = cpu_seconds(pid), time.process_time()
    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    sampler = threading.Thread(target=sample)
    for t in (*threads, sampler):
        t.start()
    for t in (*threads, sampler):
        t.join()
    return {"latencies": latencies, "errors": errors, "memory": memory, "wall": time.monotonic() - t0,
            "finished": finished,
            "server_cpu": [b - a for a, b in zip(server_cpu, cpu_seconds(pid))],
            "client_cpu": time.process_time() - client_cpu}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, help="an existing corpus folder (default: generate one)")
    parser.add_argument("--docs", type=int, default=10_000, help="documents to generate (without --corpus)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/nc_serve"), help="where the corpus and log go")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--start-timeout", type=float, default=3600, help="seconds to wait for indexing")
    parser.add_argument("--cache", type=Path, help="the claim cache (default: the corpus folder's)")
    parser.add_argument("--workers", type=int, help="the server's check processes (default: its own default)")
    args = parser.parse_args()

    args.work.mkdir(parents=True, exist_ok=True)
    corpus = args.corpus
    if corpus is None:
        corpus = args.work / f"corpus{args.docs}"
        if not corpus.exists():
            cmd = [sys.executable, str(ROOT / "bench" / "gen_corpus.py"), str(corpus), "--docs", str(args.docs)]
            print("$", " ".join(cmd), flush=True)
            subprocess.run(cmd, check=True)
    corpus = corpus.resolve()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(corpus, port, args.work, args.cache and args.cache.resolve(), args.workers)
    try:
        ready = wait_ready(base, server, args.start_timeout)
        documents = httpx.get(base + "/healthz").json()["documents"]
        print(f"server ready after {ready:.1f} s (indexing {documents:,} documents); "
              f"{args.clients} clients for {args.seconds:.0f} s", flush=True)
        warm = httpx.post(base + "/api/check", json={"text": drafts(999)[0]}, timeout=120)  # first-use costs
        assert warm.status_code == 200, warm.text
        out = run_load(base, args.clients, args.seconds, server.pid)
        peak = rss_mib(server.pid)[1]
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()

    lat = sorted(out["latencies"])
    n = len(lat)
    if n:
        p50 = statistics.median(lat)
        p95 = lat[min(n - 1, int(0.95 * n))]
        print(f"requests: {n} ok, {len(out['errors'])} errors, {n / out['wall']:.1f} per second")
        print(f"latency: p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, max {lat[-1] * 1000:.0f} ms")
        halves = [sorted(x for at, x in out["finished"] if (at < out["wall"] / 2) == first) for first in (True, False)]
        print("p95 in the first and second half of the run: " + ", ".join(
            f"{h[int(0.95 * len(h))] * 1000:.0f} ms" for h in halves if h))
        server, workers = out["server_cpu"]
        print(f"CPU per request: server {server / n * 1000:.0f} ms, its workers {workers / n * 1000:.0f} ms, "
              f"clients {out['client_cpu'] / n * 1000:.0f} ms")
    else:
        print(f"requests: none succeeded, {len(out['errors'])} errors")
    for e in sorted(set(out["errors"]))[:5]:
        print("  error:", e)
    mem = out["memory"]
    if mem:
        thirds = [mem[min(len(mem) - 1, len(mem) * k // 3)][1] for k in range(3)] + [mem[-1][1]]
        print("server RSS MiB: start {:.0f}, 1/3 {:.0f}, 2/3 {:.0f}, end {:.0f}; peak (VmHWM, whole life "
              "including indexing) {:.0f}".format(*thirds, peak))
    target = n and p95 < 1 and not out["errors"]
    print("target p95 < 1 s, no errors:", "met" if target else "NOT met")


if __name__ == "__main__":
    main()
