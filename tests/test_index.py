"""`numcheck index` fills the cache; killed runs and concurrent runs leave it usable and complete."""
from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from numcheck.checker.cli import app
from numcheck.checker.progress import ProgressBar

ROOT = Path(__file__).resolve().parent.parent
NUMCHECK = [sys.executable, "-c", "from numcheck.checker.cli import main; main()"]


def make_corpus(folder: Path, seeds_dir: Path, n: int) -> Path:
    """n distinct short documents: a few of the seeds' lines each, plus a document-specific sentence."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = [line for p in sorted(seeds_dir.glob("*.txt"))
             for line in p.read_text(encoding="utf-8").splitlines() if len(line) > 20]
    old = time.time() - 3600
    for i in range(n):
        doc = folder / f"{i // 100:03d}" / f"doc{i:05d}.txt"
        doc.parent.mkdir(exist_ok=True)
        body = "\n".join(lines[(i * 3 + k) % len(lines)] for k in range(3))
        doc.write_text(body + f"\n第{i}号补充：当年营业收入{i + 1}万元。\n", encoding="utf-8")
        os.utime(doc, (old, old))
    return folder


def entries(cache: Path) -> int:
    if not cache.exists():
        return 0
    conn = sqlite3.connect(f"file:{cache}?mode=ro", uri=True, timeout=30)
    try:
        return conn.execute("SELECT count(*) FROM entries").fetchone()[0]
    except sqlite3.OperationalError:  # tables not created yet
        return 0
    finally:
        conn.close()


def invoke(args: list[str]):
    result = CliRunner().invoke(app, args)
    return result


def test_index_then_extract_uses_the_cache(seeds_dir: Path, tmp_path: Path) -> None:
    corpus = tmp_path / "seeds"
    shutil.copytree(seeds_dir, corpus, ignore=shutil.ignore_patterns(".numcheck"))
    first = invoke(["index", str(corpus)])
    assert first.exit_code == 0, first.output
    cache = corpus / ".numcheck" / "cache.sqlite"
    assert entries(cache) == 5
    assert "5 extracted" in first.stderr
    second = invoke(["index", str(corpus)])
    assert "5 unchanged, 0 extracted" in second.stderr
    cached = invoke(["extract", str(corpus)])
    fresh = invoke(["extract", str(corpus), "--no-cache"])
    assert cached.exit_code == fresh.exit_code == 0
    assert cached.stdout == fresh.stdout and cached.stdout
    assert "docs/s" not in cached.stderr, "no progress bar when stderr is not a terminal"


def test_index_with_an_explicit_cache_and_quiet(seeds_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "elsewhere" / "c.sqlite"
    result = invoke(["index", str(seeds_dir), "--cache", str(target), "--quiet"])
    assert result.exit_code == 0 and result.stderr == ""
    assert entries(target) == 5


def test_index_keeps_the_block_index_of_the_current_code_and_settings_only(seeds_dir: Path, tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    # Each matcher id (code, data, settings) has its own block index, which the open check reads whole:
    # an older one is dropped by `index`, the current one stays.
    target = tmp_path / "c.sqlite"
    assert invoke(["index", str(seeds_dir), "--cache", str(target), "--quiet"]).exit_code == 0
    conn = sqlite3.connect(target)
    current = conn.execute("SELECT DISTINCT matcher FROM blocked").fetchall()
    conn.execute("UPDATE blocked SET matcher = 'older'")
    conn.execute("UPDATE blocks SET matcher = 'older'")
    conn.commit()
    conn.close()
    assert invoke(["index", str(seeds_dir), "--cache", str(target), "--quiet"]).exit_code == 0
    conn = sqlite3.connect(target)
    assert conn.execute("SELECT DISTINCT matcher FROM blocked").fetchall() == current
    assert conn.execute("SELECT DISTINCT matcher FROM blocks").fetchall() == current
    assert conn.execute("SELECT count(*) FROM blocked").fetchone()[0] == 5
    conn.close()


def test_no_cache_writes_nothing(seeds_dir: Path, tmp_path: Path) -> None:
    corpus = tmp_path / "seeds"
    shutil.copytree(seeds_dir, corpus, ignore=shutil.ignore_patterns(".numcheck"))
    assert invoke(["extract", str(corpus), "--no-cache"]).exit_code == 0
    assert not (corpus / ".numcheck").exists()


def test_progress_bar_shows_rate_and_claims_when_wanted() -> None:
    import io

    stream = io.StringIO()
    with ProgressBar(10, "index", stream=stream, show_after=0, force=True) as bar:
        bar(4, 120)
        bar(6, 80)
    shown = stream.getvalue()
    assert "docs/s" in shown and "200 claims" in shown
    quiet = io.StringIO()
    with ProgressBar(10, "index", stream=quiet, show_after=0, quiet=True) as bar:
        bar(10, 5)
    assert quiet.getvalue() == ""


def _start_index(corpus: Path, cache: Path, *extra: str) -> subprocess.Popen:
    env = {**os.environ, "NUMCHECK_PARALLEL_MIN_BYTES": "0"}  # a worker pool even for this small corpus
    return subprocess.Popen([*NUMCHECK, "index", str(corpus), "--cache", str(cache), "--quiet", *extra],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True, env=env)


@pytest.mark.slow
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_killed_index_runs_lose_no_finished_document(jobs: str, seeds_dir: Path, tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus", seeds_dir, 600)
    cache = tmp_path / "c.sqlite"
    rng = random.Random(int(jobs))
    done = interrupted = 0
    for _ in range(4):
        proc = _start_index(corpus, cache, "--jobs", jobs)
        deadline = time.monotonic() + 60
        while entries(cache) <= done and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(rng.uniform(0, 0.5))
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # the run and its workers, mid-write
        except ProcessLookupError:
            pass  # the run finished first: nothing was left to interrupt
        _, err = proc.communicate()
        now = entries(cache)
        assert now >= done, "a finished document was lost"
        interrupted += now < 600
        done = now
    assert interrupted, "no run was killed mid-way: the corpus is too small for this test"
    finished = subprocess.run([*NUMCHECK, "index", str(corpus), "--cache", str(cache)], cwd=ROOT,
                              capture_output=True, text=True, timeout=600)
    assert finished.returncode == 0, finished.stderr
    assert "warning" not in finished.stderr, "a killed run must not leave a cache that needs repair"
    assert f"{done} unchanged" in finished.stderr
    assert entries(cache) == 600
    cached = subprocess.run([*NUMCHECK, "extract", str(corpus), "--cache", str(cache)], cwd=ROOT,
                            capture_output=True, timeout=600)
    fresh = subprocess.run([*NUMCHECK, "extract", str(corpus), "--no-cache"], cwd=ROOT, capture_output=True,
                           timeout=600)
    assert cached.stdout == fresh.stdout and cached.returncode == 0


@pytest.mark.slow
def test_concurrent_runs_share_one_cache(seeds_dir: Path, tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus", seeds_dir, 300)
    cache = tmp_path / "c.sqlite"
    runs = [_start_index(corpus, cache, "--jobs", "1"), _start_index(corpus / "001", cache, "--jobs", "1"),
            _start_index(corpus, cache, "--jobs", "2")]
    reader = subprocess.Popen([*NUMCHECK, "extract", str(corpus / "002"), "--cache", str(cache), "--quiet"],
                              cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    for proc in [*runs, reader]:
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err.decode()
        assert b"warning" not in err
    assert entries(cache) == 300
    conn = sqlite3.connect(cache)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


@pytest.mark.slow
def test_workers_leave_when_their_parent_is_killed(seeds_dir: Path, tmp_path: Path) -> None:
    psutil = pytest.importorskip("psutil")
    corpus = make_corpus(tmp_path / "corpus", seeds_dir, 400)
    proc = _start_index(corpus, tmp_path / "c.sqlite", "--jobs", "2")
    parent = psutil.Process(proc.pid)
    deadline = time.monotonic() + 60
    workers: list = []
    while len(workers) < 2 and time.monotonic() < deadline and proc.poll() is None:
        workers = [c for c in parent.children() if "spawn_main" in " ".join(c.cmdline())]
        time.sleep(0.1)
    assert len(workers) == 2, "the pool did not start"
    os.kill(proc.pid, signal.SIGKILL)  # the parent alone: no chance to shut its pool down
    proc.wait()  # not communicate(): the orphans hold the pipes until they leave
    gone, alive = psutil.wait_procs(workers, timeout=15)
    for p in alive:
        p.kill()
    assert not alive, "orphaned workers kept running"


def _open_fresh(path: str, barrier, results) -> None:
    from numcheck.checker.cache import ClaimCache

    warnings: list[str] = []
    barrier.wait()  # all at once, on a file none of them has seen
    try:
        cache = ClaimCache(path, warn=warnings.append)
        cache.conn.execute("SELECT count(*) FROM entries").fetchone()
    except Exception as exc:  # noqa: BLE001 - reported to the parent
        warnings.append(repr(exc))
    results.put(warnings)


def test_runs_opening_a_new_cache_at_once_never_move_it_aside(tmp_path: Path) -> None:
    """Four runs create the same cache file at the same moment, twenty times over: one
    initialises it, the others wait and use it. (A run used to read the id and the tables in two
    snapshots and take a cache being initialised for another program's file; switching to WAL
    while another run read the file failed with "database is locked", taken as damage.)"""
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    problems = []
    for round_ in range(20):
        path = str(tmp_path / f"c{round_}.sqlite")
        barrier, results = ctx.Barrier(4), ctx.Queue()
        procs = [ctx.Process(target=_open_fresh, args=(path, barrier, results)) for _ in range(4)]
        for p in procs:
            p.start()
        problems += [w for _ in procs for w in results.get(timeout=60)]
        for p in procs:
            p.join(timeout=60)
    assert problems == []
    assert not list(tmp_path.glob("*.broken-*"))
