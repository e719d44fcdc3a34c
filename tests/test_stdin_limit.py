"""`numcheck extract -` / `check -` read at most --max-bytes + 1 bytes of standard input.

A pipe has no size to look at first, so the read stops one byte past the limit; a longer
input gets the same E105 message as a file, naming `<stdin>`, and exit code 2. The
stream below never ends: reading it whole would fail the test rather than hang it.
"""
from __future__ import annotations

import io
import json

import pytest

from numcheck.checker.cli import main

LIMIT = 1000
SLACK = 64 * 1024  # read-ahead a buffered reader may take beyond what was asked


class EndlessText(io.RawIOBase):
    """Standard input that never ends; it refuses to hand out more than LIMIT + 1 + SLACK bytes."""

    def __init__(self):
        self.given = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        assert self.given <= LIMIT + 1 + SLACK, "standard input was read past --max-bytes"
        chunk = ("营收12亿元。" * 1000).encode("utf-8")[:len(buffer)]
        buffer[:len(chunk)] = chunk
        self.given += len(chunk)
        return len(chunk)


def run(args: list[str], stdin: io.RawIOBase, monkeypatch, capsys) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BufferedReader(stdin)))
    with pytest.raises(SystemExit) as info:
        main(args)
    out = capsys.readouterr()
    return info.value.code, out.out, out.err


@pytest.mark.parametrize("command", ["extract", "check"])
def test_endless_stdin_stops_at_the_limit_with_the_file_size_error(command, monkeypatch, capsys, tmp_path):
    monkeypatch.chdir(tmp_path)
    stream = EndlessText()
    code, out, err = run([command, "-", "-q", "--no-cache", "--max-bytes", str(LIMIT)], stream, monkeypatch, capsys)
    assert code == 2
    assert err.strip().splitlines() == [
        "numcheck: <stdin>: file too large (more than 1,000 bytes, over --max-bytes 1,000); skipped [E105]"]
    assert stream.given <= LIMIT + 1 + SLACK


def test_the_stdin_error_is_in_the_report_like_a_file_error(monkeypatch, capsys, tmp_path):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "big.txt").write_text("x" * (LIMIT + 1), encoding="utf-8")
    code, out, _ = run(["check", "big.txt", "-", "-q", "--no-cache", "-f", "json", "--max-bytes", str(LIMIT)],
                       EndlessText(), monkeypatch, capsys)
    errors = json.loads(out)["errors"]
    assert code == 2 and [(e["doc"], e["code"]) for e in errors] == [("big.txt", "E105"), ("<stdin>", "E105")]
    assert errors[0]["message"].startswith("file too large (1,001 bytes, over --max-bytes 1,000)")


@pytest.mark.parametrize("size, code", [(LIMIT, 0), (LIMIT + 1, 2)])
def test_stdin_of_exactly_the_limit_is_read(size, code, monkeypatch, capsys, tmp_path):
    monkeypatch.chdir(tmp_path)
    text = "营收12亿元。\n".encode("utf-8").ljust(size, b" ")
    assert len(text) == size
    got, out, err = run(["extract", "-", "-q", "--no-cache", "--max-bytes", str(LIMIT)],
                        io.BytesIO(text), monkeypatch, capsys)
    assert got == code
    assert (out != "") == (code == 0) and ("E105" in err) == (code == 2)
