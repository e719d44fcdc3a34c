"""write_atomic: whole files or nothing, ordinary permissions, named errors."""
from __future__ import annotations

import os
import stat

import pytest

from numcheck.checker.atomic import write_atomic
from numcheck.claims.errors import NumcheckError


def test_writes_text_and_bytes_and_replaces(tmp_path):
    target = tmp_path / "out" / "report.html"
    write_atomic(target, "第一")
    assert target.read_text("utf-8") == "第一"
    write_atomic(target, b"\x00\x01")
    assert target.read_bytes() == b"\x00\x01"
    assert [p.name for p in target.parent.iterdir()] == ["report.html"]  # no temp files left


def test_new_files_get_umask_permissions_and_existing_keep_theirs(tmp_path):
    old = os.umask(0o022)
    try:
        fresh = tmp_path / "a.json"
        write_atomic(fresh, "{}")
        assert stat.S_IMODE(fresh.stat().st_mode) == 0o644
        kept = tmp_path / "b.json"
        kept.write_text("x")
        kept.chmod(0o600)
        write_atomic(kept, "y")
        assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    finally:
        os.umask(old)


def test_failure_leaves_the_old_file_and_names_it(tmp_path):
    target = tmp_path / "keep.txt"
    target.write_text("old")
    with pytest.raises(TypeError):
        write_atomic(target, 42)  # type: ignore[arg-type]
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(NumcheckError, match=r"file/x\.txt: cannot write output.*\[E301\]"):
        write_atomic(blocker / "x.txt", "data")
