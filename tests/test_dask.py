"""`--engine dask` gives exactly the local engine's report, on a real multi-process cluster."""
from __future__ import annotations

import json
import random
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

distributed = pytest.importorskip("dask.distributed")

from typer.testing import CliRunner  # noqa: E402

from numcheck.checker.cache import to_json  # noqa: E402
from numcheck.checker.cli import app  # noqa: E402
from numcheck.checker.config import Config  # noqa: E402
from numcheck.checker.dask_engine import DaskEngine, block_number  # noqa: E402
from numcheck.checker.engine import find_conflicts  # noqa: E402
from numcheck.schemas.models import Claim, Document, Quantity, Span, Subject  # noqa: E402


@pytest.fixture(scope="module")
def cluster():
    """Two worker processes, as a small real cluster would have."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as local:
        yield local


@pytest.fixture(scope="module")
def engine(cluster):
    # Small partitions, so the shuffle really moves blocks between partitions and workers.
    with DaskEngine(cluster.scheduler_address, claims_per_partition=250) as dask_engine:
        yield dask_engine


def test_block_number_is_sha256_derived_not_hash() -> None:
    # Python's hash() of a str differs between processes; this must be the sha256 prefix.
    assert block_number("x") == int.from_bytes(__import__("hashlib").sha256(b"x").digest()[:8], "big") >> 1
    assert 0 <= block_number("any key") < 2**63


def _claims(n: int, seed: int) -> tuple[list[Claim], dict[str, Document]]:
    """Claims about a few hundred subjects across 40 documents, with agreeing and clashing figures."""
    rng = random.Random(seed)
    docs = {f"d{i:02d}.txt": Document(path=f"d{i:02d}.txt", sha256=f"{i:064x}", published=date(2024, 1 + i % 12, 1))
            for i in range(40)}
    names = list(docs)
    out = []
    for i in range(n):
        s = rng.randrange(300)
        entity, metric, period = f"城市{s % 37}", ["营业收入", "常住人口", "净利润"][s % 3], str(2020 + s % 4)
        value = Decimal(1000 + s * 7) * (2 if rng.random() < 0.1 else 1)
        doc = rng.choice(names)
        start = rng.randrange(10_000)
        out.append(Claim(
            id=f"c{i}", doc=doc, span=Span(start=start, end=start + 4, line=1, column=start + 1), text=f"{value}万",
            sentence=f"{entity}{period}年{metric}{value}万。", sentence_start=start, rule="test",
            quantity=Quantity(value=value, low=value, high=value, unit="count", dimension="count",
                              qualifier=rng.choice(["exact", "approx"])),
            subject=Subject(entity=entity, metric=metric, period=period)))
    return out, docs


def _lossless(findings) -> list[str]:
    return [to_json(f) for f in findings]


@pytest.mark.parametrize("new_docs", [None, {"d03.txt", "d17.txt"}])
def test_shuffled_blocks_find_what_the_local_engine_finds(engine: DaskEngine, new_docs) -> None:
    claims, docs = _claims(3000, seed=7)
    config = Config()
    local = find_conflicts(claims, docs, config, new_docs=new_docs)
    distributed_result = engine.find_conflicts(claims, docs, config, new_docs=new_docs)
    assert local[0] and local[1], "the sample must contain conflicts and corroborations"
    assert _lossless(distributed_result[0]) == _lossless(local[0])
    assert _lossless(distributed_result[1]) == _lossless(local[1])


def _report(args: list[str]) -> dict:
    result = CliRunner().invoke(app, args)
    assert result.exit_code in (0, 1), result.output
    report = json.loads(result.stdout)
    report.pop("timings", None)
    return report


def test_check_seeds_with_dask_is_byte_identical(cluster, seeds_dir: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = tmp_path / "seeds"
    shutil.copytree(seeds_dir, corpus, ignore=shutil.ignore_patterns(".numcheck"))
    monkeypatch.chdir(tmp_path)  # relative paths, as a user types them
    common = ["check", "seeds", "--format", "json", "--no-cache"]
    local = _report(common)
    remote = _report([*common, "--engine", "dask", "--scheduler", cluster.scheduler_address])
    assert json.dumps(remote, ensure_ascii=False) == json.dumps(local, ensure_ascii=False)
    assert local["documents"], "the seeds must be read"


def test_documents_stay_whole_where_claims_take_their_documents_entity(cluster, tmp_path: Path) -> None:
    # wuhan_profile.txt gives figures naming no entity; they take 武汉 from the whole document. With
    # three claims per partition a document would be cut, and its figures lost, unless kept whole.
    from numcheck.checker.run import run_extraction
    from test_lookup_partial import LOOKUP_CORPUS, changed_figures

    changed = tmp_path / "changed.txt"
    changed.write_text(changed_figures((LOOKUP_CORPUS / "wuhan_profile.txt").read_text(encoding="utf-8")),
                       encoding="utf-8")
    extraction = run_extraction([str(changed), str(LOOKUP_CORPUS)])
    docs = {d.path: d for d in extraction.documents}
    assert any(c.subject.entity is None for c in extraction.claims if c.doc == str(changed))
    config = Config()
    local = find_conflicts(extraction.claims, docs, config, new_docs={str(changed)})
    with DaskEngine(cluster.scheduler_address, claims_per_partition=3) as small:
        remote = small.find_conflicts(extraction.claims, docs, config, new_docs={str(changed)})
    assert any(m.doc.endswith("wuhan_profile.txt") and m.subject.entity is None
               for c in local[0] for m in c.claims), "an unnamed figure must be in a conflict"
    assert _lossless(remote[0]) == _lossless(local[0])
    assert _lossless(remote[1]) == _lossless(local[1])


def test_lookup_with_dask_gives_the_full_report(cluster, tmp_path: Path) -> None:
    from numcheck.checker.cache import ClaimCache
    from numcheck.checker.parallel import extract_files
    from numcheck.checker.run import build_report
    from test_lookup_partial import LOOKUP_CORPUS, changed_figures, report_json

    new = tmp_path / "new.txt"
    new.write_text(changed_figures((LOOKUP_CORPUS / "wuhan_students.txt").read_text(encoding="utf-8")),
                   encoding="utf-8")
    config = Config()
    full = build_report([str(new)], [str(LOOKUP_CORPUS)], config)
    with ClaimCache(tmp_path / "c.sqlite") as cache:
        extract_files(sorted(str(p) for p in LOOKUP_CORPUS.glob("*.txt")), cache=cache, keep=False)
        remote = build_report([str(new)], [str(LOOKUP_CORPUS)], config, cache=cache, engine="dask",
                              scheduler=cluster.scheduler_address)
    assert full.report.conflicts
    assert report_json(remote) == report_json(full)
