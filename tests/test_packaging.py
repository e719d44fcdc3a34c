"""One import name: the wheel installs `numcheck` and nothing else at the top of site-packages,
and no code in the repository imports the folders claims/, checker/, schemas/ by their own names."""
from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = ("claims", "checker", "schemas")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    build = tmp_path_factory.mktemp("build")
    # A copy of the sources the wheel is made of, so the build leaves nothing in the work tree.
    src = build / "src"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(
        ".git", ".venv", ".numcheck", "__pycache__", "build", "*.egg-info", ".hypothesis", ".pytest_cache",
        "seeds", "tests", "bench"))
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(src)],
                          capture_output=True, text=True)
    if done.returncode != 0 and "No matching distribution" in done.stderr + done.stdout:
        pytest.skip("the build backend cannot be installed here (no package index)")
    assert done.returncode == 0, done.stderr[-2000:]
    [made] = out.glob("numcheck-*.whl")
    return made


def test_the_wheel_holds_one_import_name(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    top = {n.split("/")[0] for n in names}
    assert {t for t in top if not t.endswith(".dist-info")} == {"numcheck"}
    for needed in ("numcheck/__init__.py", "numcheck/py.typed", "numcheck/claims/pipeline.py",
                   "numcheck/claims/data/units.yaml", "numcheck/checker/cli.py", "numcheck/checker/data/matching.yaml",
                   "numcheck/checker/rules/nc101_value_mismatch.py", "numcheck/checker/report/html.py",
                   "numcheck/schemas/models.py", "numcheck/schemas/json/report.schema.json",
                   "numcheck/checker/serve/app.py", "numcheck/checker/serve/templates/index.html",
                   "numcheck/checker/serve/static/app.js"):
        assert needed in names, needed
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    assert "numcheck = numcheck.checker.cli:run" in zipfile.ZipFile(wheel).read(entry_points).decode()


def _top_level_imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            continue
        found += [f"{path.relative_to(ROOT)}:{node.lineno} {n}" for n in names if n.split(".")[0] in FOLDERS]
    return found


def test_nothing_imports_the_folders_by_their_own_names() -> None:
    files = [p for top in ("numcheck", *FOLDERS, "tests", "bench") for p in (ROOT / top).rglob("*.py")]
    assert len(files) > 100
    offenders = [hit for p in files for hit in _top_level_imports(p)]
    assert offenders == []
    # and code run from strings (python -c "..."), which the parser sees as text
    quoted = re.compile(r"(?<![\w.])(?:from|import) (?:claims|checker|schemas)(?:\.\w+)* import")
    in_strings = [f"{p.relative_to(ROOT)}: {m.group(0)}" for p in files for m in quoted.finditer(p.read_text("utf-8"))
                  if not m.group(0).startswith("from numcheck")]
    assert in_strings == []


def test_the_subpackages_are_the_folders_of_the_checkout() -> None:
    import numcheck
    from numcheck import checker, claims, schemas

    assert Path(claims.__file__).resolve().parent.name == "claims"
    assert Path(checker.__file__).resolve().parent.name == "checker"
    assert Path(schemas.__file__).resolve().parent.name == "schemas"
    assert callable(numcheck.extract) and callable(numcheck.check)
