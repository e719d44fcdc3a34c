"""Every file numcheck writes goes through checker/atomic.write_atomic: a failure at any point
(rendering, writing, fsync, rename, Ctrl-C) leaves the previous file whole and no temporary
file behind. Reports are safe to open: document text and file names are escaped for HTML,
Markdown and SARIF, and paths stay relative to where numcheck ran.
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from numcheck.checker.atomic import write_atomic
from numcheck.checker.cli import main

ROOT = Path(__file__).resolve().parent.parent
OLD = "previous output, must survive\n"
HOSTILE_NAME = "<img src=x onerror=alert(1)> a|b`c.txt"


def run_cli(args, cwd, monkeypatch, capsys):
    monkeypatch.chdir(cwd)
    with pytest.raises(SystemExit) as exc:
        main(args)
    out = capsys.readouterr()
    return exc.value.code, out.out, out.err


def leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]


@pytest.fixture()
def docs(tmp_path: Path) -> Path:
    d = tmp_path / "docs"
    d.mkdir()
    (d / HOSTILE_NAME).write_text("<script>alert(1)</script> 武汉营收12亿元。`|**x**|` [a](javascript:alert(1))\n",
                                  encoding="utf-8")
    (d / "other doc.txt").write_text("武汉营收15亿元。\n", encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("fmt", ["text", "json", "md", "html", "sarif"])
@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_a_failed_report_write_keeps_the_previous_report(docs, monkeypatch, capsys, fmt, failing):
    out = docs / f"report.{fmt}"
    out.write_text(OLD)

    def broken(*args, **kwargs):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, failing, broken)
    code, _, err = run_cli(["check", "docs", "-q", "--no-cache", "-f", fmt, "-o", str(out)], docs, monkeypatch, capsys)
    assert code == 2 and "E301" in err and str(out) in err
    assert out.read_text() == OLD
    assert leftovers(docs) == []


def test_a_crash_while_rendering_keeps_the_previous_report(docs, monkeypatch, capsys):
    import numcheck.checker.report  # noqa: F401
    from numcheck import checker

    out = docs / "report.html"
    out.write_text(OLD)

    def crash(*args, **kwargs):
        raise RuntimeError("renderer bug")

    monkeypatch.setattr(checker.report, "render", crash)
    code, _, err = run_cli(["check", "docs", "-q", "--no-cache", "-f", "html", "-o", str(out)], docs, monkeypatch, capsys)
    assert code == 3 and "internal error" in err
    assert out.read_text() == OLD and leftovers(docs) == []


def test_interrupt_in_the_middle_of_a_write(tmp_path, monkeypatch):
    target = tmp_path / "out.json"
    target.write_text(OLD)

    def interrupted(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, "x" * 1_000_000)
    assert target.read_text() == OLD and leftovers(tmp_path) == []


def test_a_pipe_or_device_given_as_output_is_written_to_not_replaced(tmp_path):
    # --output /dev/null once replaced the device with a regular file (the rename of an atomic write)
    import stat
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    write_atomic(fifo, "报告\n")
    reader.join(timeout=10)
    assert got == ["报告\n".encode()]
    assert stat.S_ISFIFO(fifo.stat().st_mode) and leftovers(tmp_path) == []


def test_baseline_and_extract_outputs_survive_a_failed_write(docs, monkeypatch, capsys):
    baseline = docs / "numcheck-baseline.json"
    code, _, _ = run_cli(["baseline", "create", "docs", "--reason", "reviewed", "--reviewer", "qa"], docs,
                         monkeypatch, capsys)
    assert code == 0
    before = baseline.read_text()
    claims = docs / "numcheck.claims.jsonl"
    claims.write_text(OLD)

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken)
    code, _, err = run_cli(["baseline", "create", "docs", "--force", "--reason", "again", "--reviewer", "qa"], docs,
                           monkeypatch, capsys)
    assert code == 2 and "E301" in err
    assert baseline.read_text() == before
    code, _, err = run_cli(["extract", "docs", "-q", "--no-cache", "-o", str(claims)], docs, monkeypatch, capsys)
    assert code == 2 and "E301" in err
    assert claims.read_text() == OLD and leftovers(docs) == []


def test_schema_export_files_are_whole_or_untouched(tmp_path, monkeypatch, capsys):
    out = tmp_path / "schemas"
    out.mkdir()
    for name in ("report.schema.json", "claim.schema.json"):
        (out / name).write_text(OLD)
    real_replace = os.replace
    calls = []

    def second_fails(src, dst):
        calls.append(dst)
        if len(calls) == 2:
            raise OSError(5, "Input/output error")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", second_fails)
    code, _, _ = run_cli(["schema", "--out", str(out)], tmp_path, monkeypatch, capsys)
    assert code == 2
    for path in out.iterdir():
        text = path.read_text()
        assert text == OLD or json.loads(text)["$schema"], path  # either the old file or a whole new one
    assert leftovers(out) == []


def test_nothing_writes_files_except_through_write_atomic():
    """Direct writes in the package would bypass the temp-file-and-rename (the cache is SQLite's own)."""
    direct = re.compile(r"\.write_text\(|\.write_bytes\(|open\([^)]*['\"](?:w|a|x)b?\+?['\"]")
    offenders = []
    for package in ("checker", "claims", "schemas"):
        for path in (ROOT / package).rglob("*.py"):
            if path.name == "atomic.py":
                continue
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if direct.search(line):
                    offenders.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert offenders == []


# -- reports are safe to open --------------------------------------------------------------

def render(docs, monkeypatch, capsys, fmt):
    code, out, _ = run_cli(["check", "docs", "-q", "--no-cache", "-f", fmt], docs, monkeypatch, capsys)
    assert code == 1, "the two documents conflict"
    return out


def test_html_escapes_document_text_and_file_names(docs, monkeypatch, capsys):
    html = render(docs, monkeypatch, capsys, "html")
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<img src=x" not in html and "<script>alert" not in html
    assert not re.search(r"href=[\"']?\s*javascript:", html, re.I)


def test_markdown_escapes_what_would_change_the_markup(docs, monkeypatch, capsys):
    md = render(docs, monkeypatch, capsys, "md")
    assert "<img src=x" not in md and "<script>" not in md
    assert "a|b" not in md.replace("a\\|b", "")  # a bare pipe would split a table cell
    assert "](javascript:" not in md


def test_sarif_is_valid_json_with_relative_percent_encoded_uris(docs, monkeypatch, capsys):
    sarif = json.loads(render(docs, monkeypatch, capsys, "sarif"))
    uris = [loc["physicalLocation"]["artifactLocation"]["uri"]
            for run in sarif["runs"] for result in run["results"] for loc in result["locations"]]
    assert uris
    for uri in uris:
        assert not uri.startswith("/") and "://" not in uri
        assert " " not in uri and "<" not in uri and "|" not in uri
    assert any(uri.startswith("docs/%3Cimg") for uri in uris)


def test_report_paths_stay_relative_to_where_numcheck_ran(docs, monkeypatch, capsys):
    report = json.loads(render(docs, monkeypatch, capsys, "json"))
    names = {d["doc"] for d in report["documents"]}
    assert names == {f"docs/{HOSTILE_NAME}", "docs/other doc.txt"}
    for conflict in report["conflicts"]:
        assert all(c["doc"] in names for c in conflict["claims"])
