"""Broken input files: one clear line each, the other documents still processed, exit code 2.

Every case goes through the real command line (checker.cli.main, in process). The bad files
are built by tests/pathological/corpus.py:bad_files().
"""
from __future__ import annotations

import io
import json
import os
import pathlib
from pathlib import Path

import pytest
from pathological.corpus import bad_files

from numcheck.checker.cli import main

GOOD = "武汉营收12亿元，增长5%。\n"


def run_cli(args: list[str], cwd: Path, monkeypatch, capsys, stdin: bytes | None = None) -> tuple[int, str, str]:
    monkeypatch.chdir(cwd)
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(stdin)))
    with pytest.raises(SystemExit) as exc:
        main(args)
    out = capsys.readouterr()
    return exc.value.code, out.out, out.err


def check_json(cwd: Path, paths: list[str], monkeypatch, capsys, *extra: str) -> tuple[int, dict, str]:
    code, out, err = run_cli(["check", *paths, "-f", "json", "-q", "--no-cache", *extra], cwd, monkeypatch, capsys)
    return code, json.loads(out), err


def error_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("numcheck: ")]


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, (data, _) in bad_files().items():
        (docs / name).write_bytes(data)
    (docs / "good.txt").write_text(GOOD, encoding="utf-8")
    (docs / "other.txt").write_text("武汉营收15亿元。\n", encoding="utf-8")
    os.mkfifo(docs / "pipe.txt")
    (docs / "loop").symlink_to(".")
    (docs / "loop1.txt").symlink_to("loop2.txt")
    (docs / "loop2.txt").symlink_to("loop1.txt")
    (docs / "dangling.txt").symlink_to("nowhere.txt")
    with open(os.fsencode(docs) + b"/caf\xe9_\xff.txt", "wb") as fh:  # a Latin-1 file name
        fh.write(GOOD.encode())
    return tmp_path


EXPECTED = {
    **{f"docs/{name}": code for name, (_, code) in bad_files().items() if code},
    "docs/pipe.txt": "E106",
    "docs/loop": "E108",
    "docs/loop1.txt": "E108",
    "docs/loop2.txt": "E108",
    "docs/dangling.txt": "E108",
    "docs/caf\\xe9_\\xff.txt": "E109",
}


def test_each_bad_file_gets_one_line_and_the_others_are_processed(corpus, monkeypatch, capsys):
    code, report, err = check_json(corpus, ["docs"], monkeypatch, capsys)
    assert code == 2
    assert {e["doc"]: e["code"] for e in report["errors"]} == EXPECTED
    lines = error_lines(err)
    for doc, error_code in EXPECTED.items():
        mine = [line for line in lines if line.startswith(f"numcheck: {doc}: ") and line.endswith(f"[{error_code}]")]
        assert len(mine) == 1, (doc, lines)
    assert len(lines) == len(EXPECTED)
    read = {d["doc"]: d["claims"] for d in report["documents"]}
    readable = {f"docs/{n}" for n, (_, c) in bad_files().items() if c is None} | {"docs/good.txt", "docs/other.txt"}
    assert set(read) == readable
    assert read["docs/good.txt"] == 2 and read["docs/empty.txt"] == 0
    assert read["docs/utf16_bom.txt"] == read["docs/gb18030.txt"] == read["docs/utf8_bom.txt"] == 2
    # the two readable documents disagree (12亿 vs 15亿): checking went on despite the errors
    assert report["conflicts"]


def test_the_problem_is_named_in_words(corpus, monkeypatch, capsys):
    _, report, _ = check_json(corpus, ["docs"], monkeypatch, capsys)
    messages = {e["doc"]: e["message"] for e in report["errors"]}
    assert "control byte 0x00" in messages["docs/nul_bytes.txt"]
    assert "UTF-8" in messages["docs/invalid_utf8.txt"] and "GB18030" in messages["docs/invalid_utf8.txt"]
    assert "FIFO" in messages["docs/pipe.txt"]
    assert "loop" in messages["docs/loop"]
    assert "UTF-8" in messages["docs/caf\\xe9_\\xff.txt"]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_line_endings_keep_offsets_and_line_numbers(tmp_path, monkeypatch, capsys, newline):
    text = newline.join(["标题", "", "武汉营收12亿元。", "增长5%。", ""])
    (tmp_path / "doc.txt").write_bytes(text.encode())
    code, out, _ = run_cli(["extract", "doc.txt", "-q", "--no-cache"], tmp_path, monkeypatch, capsys)
    assert code == 0
    claims = [json.loads(line) for line in out.splitlines()]
    assert [(c["text"], c["line"], c["column"]) for c in claims] == [("12亿元", 3, 5), ("5%", 4, 3)]
    for c in claims:
        assert text[c["start"]:c["end"]] == c["text"]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-8-sig", "gb18030"])
def test_other_encodings_keep_offsets_into_the_decoded_text(tmp_path, monkeypatch, capsys, encoding):
    text = "标题\r\n武汉营收12亿元，增长5%。\r\n"
    data = text.encode(encoding) if encoding != "utf-16-be" else b"\xfe\xff" + text.encode("utf-16-be")
    (tmp_path / "doc.txt").write_bytes(data)
    code, out, _ = run_cli(["extract", "doc.txt", "-q", "--no-cache"], tmp_path, monkeypatch, capsys)
    assert code == 0
    claims = [json.loads(line) for line in out.splitlines()]
    assert [c["text"] for c in claims] == ["12亿元", "5%"]
    assert all(text[c["start"]:c["end"]] == c["text"] and c["line"] == 2 for c in claims)


def test_a_file_that_vanishes_during_the_run(corpus, monkeypatch, capsys):
    import numcheck.checker.run  # noqa: F401
    from numcheck import checker
    from numcheck.claims.inputs import iter_inputs

    def listing_then_delete(paths, *args, **kwargs):
        files, errors = iter_inputs(paths, *args, **kwargs)
        (corpus / "docs" / "good.txt").unlink()
        return files, errors

    monkeypatch.setattr(checker.run, "iter_inputs", listing_then_delete)
    code, report, err = check_json(corpus, ["docs/good.txt", "docs/other.txt"], monkeypatch, capsys)
    assert code == 2
    assert [(e["doc"], e["code"]) for e in report["errors"]] == [("docs/good.txt", "E107")]
    assert [d["doc"] for d in report["documents"]] == ["docs/other.txt"]
    assert error_lines(err) == ["numcheck: docs/good.txt: no such file or directory [E107]"]


def test_a_file_that_becomes_unreadable_during_the_run(corpus, monkeypatch, capsys):
    """Permission denied, simulated (tests run as root, where chmod 000 does not stop reads)."""
    real = pathlib.Path.read_bytes

    def read_bytes(self):
        if self.name == "good.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(pathlib.Path, "read_bytes", read_bytes)
    code, report, err = check_json(corpus, ["docs/good.txt", "docs/other.txt"], monkeypatch, capsys)
    assert code == 2
    assert [(e["doc"], e["code"]) for e in report["errors"]] == [("docs/good.txt", "E101")]
    assert "Permission denied" in report["errors"][0]["message"]
    assert [d["doc"] for d in report["documents"]] == ["docs/other.txt"]
    assert len(error_lines(err)) == 1


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode; simulated in the test above")
def test_permission_denied_for_real(corpus, monkeypatch, capsys):
    (corpus / "docs" / "good.txt").chmod(0)
    code, report, _ = check_json(corpus, ["docs/good.txt", "docs/other.txt"], monkeypatch, capsys)
    assert code == 2 and [e["code"] for e in report["errors"]] == ["E101"]


def test_devices_fifos_loops_and_odd_names_given_by_name(corpus, monkeypatch, capsys):
    odd = os.fsdecode(b"docs/caf\xe9_\xff.txt")
    code, report, err = check_json(corpus, ["/dev/null", "docs/pipe.txt", "docs/loop1.txt", odd, "docs/good.txt",
                                            "docs/missing.txt"], monkeypatch, capsys)
    assert code == 2
    assert [(e["doc"], e["code"]) for e in report["errors"]] == [
        ("/dev/null", "E106"), ("docs/pipe.txt", "E106"), ("docs/loop1.txt", "E108"),
        ("docs/caf\\xe9_\\xff.txt", "E109"), ("docs/missing.txt", "E107")]
    assert [d["doc"] for d in report["documents"]] == ["docs/good.txt"]
    assert len(error_lines(err)) == 5


def test_max_bytes_skips_big_documents_with_a_message(tmp_path, monkeypatch, capsys):
    (tmp_path / "big.txt").write_text("营收12亿元。" * 400, encoding="utf-8")
    (tmp_path / "small.txt").write_text(GOOD, encoding="utf-8")
    code, report, err = check_json(tmp_path, ["big.txt", "small.txt"], monkeypatch, capsys, "--max-bytes", "1000")
    assert code == 2
    assert [(e["doc"], e["code"]) for e in report["errors"]] == [("big.txt", "E105")]
    assert "over --max-bytes 1,000" in report["errors"][0]["message"]
    assert [d["doc"] for d in report["documents"]] == ["small.txt"]
    assert error_lines(err) == [f"numcheck: big.txt: {report['errors'][0]['message']} [E105]"]
    # the default (20 MB) reads both
    code, report, _ = check_json(tmp_path, ["big.txt", "small.txt"], monkeypatch, capsys)
    assert not report["errors"] and len(report["documents"]) == 2


def test_max_bytes_applies_to_stdin_and_walked_folders(tmp_path, monkeypatch, capsys):
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "big.txt").write_text("x" * 5000, encoding="utf-8")
    code, out, err = run_cli(["extract", "d", "-", "-q", "--no-cache", "--max-bytes", "100"], tmp_path,
                             monkeypatch, capsys, stdin=("营收" * 100).encode())
    assert code == 2 and out == ""
    assert [line.split(": ")[1] for line in error_lines(err)] == ["d/big.txt", "<stdin>"]


def test_malformed_config_names_file_line_and_key(tmp_path, monkeypatch, capsys):
    (tmp_path / "doc.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "numcheck.toml").write_text("include_boilerplate = false\napprox_tolerance = \"lots\"\n")
    code, out, err = run_cli(["check", "doc.txt", "-q", "--no-cache"], tmp_path, monkeypatch, capsys)
    assert code == 2 and out == ""
    [line] = error_lines(err)
    assert "numcheck.toml" in line and "line 2" in line and "approx_tolerance" in line
    (tmp_path / "numcheck.toml").write_text("approx_tolerance = 0.05\n[severity\nlow_below = 1\n")
    code, _, err = run_cli(["check", "doc.txt", "-q", "--no-cache"], tmp_path, monkeypatch, capsys)
    assert code == 2 and "numcheck.toml" in err and "line 2" in err


def test_malformed_baseline_names_file_line_and_key(tmp_path, monkeypatch, capsys):
    (tmp_path / "doc.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "base.json").write_text('{\n  "numcheck_baseline": 1,\n  "waivers": [\n    {"fingerprint": "x",\n'
                                        '     "reason": "ok", "reviewer": "me", "date": "not a date"}\n  ]\n}\n')
    code, out, err = run_cli(["check", "doc.txt", "-q", "--no-cache", "--baseline", "base.json"], tmp_path,
                             monkeypatch, capsys)
    assert code == 2 and out == ""
    [line] = error_lines(err)
    assert "base.json" in line and "line 5" in line and "date" in line
    (tmp_path / "base.json").write_text('{"numcheck_baseline": 1,\n "waivers": [}\n')
    code, _, err = run_cli(["check", "doc.txt", "-q", "--no-cache", "--baseline", "base.json"], tmp_path,
                           monkeypatch, capsys)
    assert code == 2 and "base.json" in err and "line 2" in err


def test_malformed_report_for_diff(tmp_path, monkeypatch, capsys):
    (tmp_path / "old.json").write_text("{\"not\": \"a report\"}\n")
    (tmp_path / "new.json").write_bytes(b"\xff\xfe garbage")
    code, _, err = run_cli(["diff", "old.json", "new.json"], tmp_path, monkeypatch, capsys)
    assert code == 2 and "old.json" in err


def test_a_bug_on_one_document_does_not_stop_the_others(corpus, monkeypatch, capsys):
    """An unexpected exception while extracting one document (a grammar bug, RecursionError)
    becomes an E110 line for that document; the run goes on and exits 2."""
    import numcheck.checker.parallel  # noqa: F401
    from numcheck import checker

    real = checker.parallel.extract_path

    def buggy(path, **kwargs):
        if path.endswith("good.txt"):
            raise RecursionError("maximum recursion depth exceeded")
        return real(path, **kwargs)

    monkeypatch.setattr(checker.parallel, "extract_path", buggy)
    code, report, err = check_json(corpus, ["docs/good.txt", "docs/other.txt"], monkeypatch, capsys)
    assert code == 2
    assert [(e["doc"], e["code"]) for e in report["errors"]] == [("docs/good.txt", "E110")]
    assert "RecursionError" in report["errors"][0]["message"]
    assert [d["doc"] for d in report["documents"]] == ["docs/other.txt"]
    assert len(error_lines(err)) == 1


def test_mixed_utf8_and_gb18030_is_never_decoded_into_mojibake(seeds_dir):
    """GB18030 accepts many UTF-8 byte sequences, so a file with a UTF-8 line and a GB18030 line
    used to decode 'successfully' with the UTF-8 part garbled. Every such pair of real seed
    lines is now E103, while the same documents wholly in GB18030 still decode exactly."""
    from numcheck.claims.document import decode
    from numcheck.claims.errors import InputFileError

    pairs = 0
    for path in sorted(seeds_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert decode(path.name, text.encode("gb18030")) == text
        lines = text.splitlines(True)
        for a, b in zip(lines, lines[1:]):
            if sum("\u4e00" <= c <= "\u9fff" for c in a) < 3 or b.isascii():
                continue
            pairs += 1
            with pytest.raises(InputFileError) as exc:
                decode("mixed.txt", a.encode("utf-8") + b.encode("gb18030"))
            assert exc.value.code == "E103"
    assert pairs > 20
