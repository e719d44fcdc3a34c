"""The Python API (numcheck/__init__.py, docs/api.md) gives what the CLI gives, values exact."""
from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

import numcheck
from numcheck.api import InputErrors, UnknownId
from numcheck.checker.cli import app


def _cli_report(args: list[str]) -> dict:
    result = CliRunner().invoke(app, args)
    assert result.exit_code in (0, 1), result.output
    report = json.loads(result.stdout)
    report.pop("timings")
    return report


def test_check_is_the_report_the_cli_writes(seeds_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(seeds_dir.parent)
    report = numcheck.check(["seeds"])
    from_api = json.loads(report.model_dump_json())
    from_api.pop("timings")
    assert from_api == _cli_report(["check", "seeds", "--format", "json", "--no-cache"])
    assert [c.subject.metric for c in report.conflicts] == ["在校大学生"]
    assert report.failed and report.exit_code() == 1
    assert numcheck.check(["seeds"], fail_on="high").exit_code() == 0  # the conflict is medium


def test_a_text_in_memory_reads_as_the_file_it_names(seeds_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(seeds_dir.parent)
    path = "seeds/001_0185ecf0b5b28ccb.txt"
    from_file = numcheck.extract([path])
    raw = Path(path).read_bytes()
    assert numcheck.extract([numcheck.Text(path, raw)]) == from_file
    assert numcheck.extract(numcheck.Text(path, raw.decode("utf-8"))) == from_file
    assert len(from_file) > 20


def test_unreadable_inputs_are_named_or_skipped(tmp_path: Path) -> None:
    good = tmp_path / "a.txt"
    good.write_text("2024年该市常住人口1200万人。", encoding="utf-8")
    missing = tmp_path / "missing.txt"
    with pytest.raises(InputErrors) as caught:
        numcheck.extract([good, missing])
    assert str(missing) in str(caught.value) and caught.value.errors[0].code == "E107"
    kept = numcheck.extract([good, missing], strict=False)
    assert [c.text for c in kept] == ["1200万人"]
    report = numcheck.check([good, missing])
    assert [e.code for e in report.errors] == ["E107"] and report.exit_code() == 2
    with pytest.raises(TypeError):
        numcheck.extract([3.5])


def test_claims_frame_keeps_values_exact() -> None:
    text = numcheck.Text("n.txt", "2024年该公司营业收入984.9亿元，净利润约1.57亿元，毛利率33.33%。")
    claims = numcheck.extract([text])
    frame = numcheck.claims_frame(claims)
    assert len(frame) == len(claims) == 3
    assert list(frame["value"]) == [c.quantity.value for c in claims]
    assert all(isinstance(v, Decimal) for v in frame["value"])
    assert frame["value"].iloc[0] == Decimal("98490000000")
    assert list(frame["entity"]) == [c.subject.entity for c in claims]
    assert list(frame["metric"]) == [c.subject.metric for c in claims]
    arrow = numcheck.claims_frame(claims, decimals="pyarrow")
    for column in ("value", "low", "high"):
        assert [None if v is None else Decimal(v) for v in arrow[column].tolist()] == list(frame[column])
    with pytest.raises(ValueError):
        numcheck.claims_frame(claims, decimals="float")


def test_conflicts_frame_has_a_row_per_claim_in_a_conflict(seeds_dir: Path) -> None:
    report = numcheck.check([seeds_dir])
    rows = report.conflicts_frame()
    assert len(rows) == sum(len(c.claims) for c in report.conflicts)
    assert set(rows["conflict_id"]) == {c.id for c in report.conflicts}
    assert list(rows["id"]) == [cl.id for c in report.conflicts for cl in c.claims]
    assert set(rows["severity"]) <= {"high", "medium", "low"}


def test_explain_a_claim_and_a_conflict(seeds_dir: Path) -> None:
    report = numcheck.check([seeds_dir])
    conflict = report.conflicts[0]
    about = numcheck.explain(conflict.id[:8], [seeds_dir])
    assert about.kind == "conflict" and about.conflict.id == conflict.id
    assert about.evidence["key"].startswith("武汉|§students_enrolled")
    claim = conflict.claims[0]
    told = numcheck.explain(claim.id, [seeds_dir])
    assert told.kind == "claim" and told.claim.text == claim.text
    assert conflict.id in told.findings
    assert "entity" in told.evidence and "135万" in told.text()
    assert json.loads(told.json())["claim"]["id"] == claim.id
    with pytest.raises(UnknownId):
        numcheck.explain("ffffffffffffffff", [seeds_dir])
    with pytest.raises(UnknownId):  # every id starts with "": ambiguous
        numcheck.explain("", [seeds_dir])


def test_explain_on_the_command_line(seeds_dir: Path) -> None:
    conflict_id = numcheck.check([seeds_dir]).conflicts[0].id
    result = CliRunner().invoke(app, ["explain", conflict_id, str(seeds_dir)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"conflict {conflict_id}") and "在校大学生" in result.stdout


def test_a_text_against_a_cached_corpus_reads_as_without_the_cache(seeds_dir: Path, tmp_path: Path) -> None:
    """A draft held in memory, named like a corpus file, stands in for that file with the claim
    cache as without it (numcheck serve checks drafts this way)."""
    import shutil

    from numcheck.checker.cache import ClaimCache
    from numcheck.checker.config import Config
    from numcheck.checker.parallel import extract_files
    from numcheck.checker.run import build_report

    corpus = tmp_path / "corpus"
    shutil.copytree(seeds_dir, corpus, ignore=shutil.ignore_patterns(".numcheck"))
    draft = sorted(corpus.glob("000_*.txt"))[0]
    texts = [(str(draft), draft.read_bytes())]
    plain = build_report([], [str(corpus)], Config(), texts=texts).report
    with ClaimCache(tmp_path / "c.sqlite") as cache:
        extract_files(sorted(str(p) for p in corpus.iterdir()), cache=cache, keep=False)
        cached = build_report([], [str(corpus)], Config(), cache=cache, texts=texts).report
    assert [c.id for c in cached.conflicts] == [c.id for c in plain.conflicts]
    assert [[cl.id for cl in c.claims] for c in cached.conflicts] == [[cl.id for cl in c.claims] for c in plain.conflicts]
    assert [(d.doc, d.role) for d in cached.documents] == [(d.doc, d.role) for d in plain.documents]
    assert [c.subject.metric for c in cached.conflicts] == ["在校大学生"]
    assert cached.corpus == plain.corpus and cached.corpus.documents == 4
