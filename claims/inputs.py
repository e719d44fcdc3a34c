"""Turn the paths a user gave into an ordered list of documents to read.

- A file given by name must be a regular file with a document suffix (.txt .md .html
  .htm); '-' is stdin (listed once).
- A directory is walked recursively; entries are visited in sorted order by name
  (code point order, the same on every machine) and only document suffixes are kept;
  hidden entries (.git, .numcheck, ...) are skipped.
- Inside a walked tree a symlink is followed only when its target lies inside the
  same tree; a link that leads out of the tree, dangles, or would revisit a directory
  already on the walk (a loop) is reported as E108 and skipped. A file reached twice
  (through a link to a file already listed) is listed once.
Errors are returned, not raised, so the other inputs are still processed.
"""
from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

from numcheck.claims.errors import InputFileError

SUFFIXES = (".txt", ".md", ".html", ".htm")
# Documents larger than this are skipped with E105 before anything reads them (`--max-bytes`).
DEFAULT_MAX_BYTES = 20_000_000


STDIN = "-"
STDIN_NAME = "<stdin>"  # how errors name standard input


def too_large(shown: str, size: int, max_bytes: int) -> InputFileError:
    return InputFileError(shown, "E105", f"file too large ({size:,} bytes, over --max-bytes {max_bytes:,}); skipped")


def read_stdin(max_bytes: int | None = None) -> bytes:
    """Standard input, read up to one byte past `max_bytes` (a pipe has no size to check first):
    a result longer than `max_bytes` means the input was too large (`stdin_too_large`)."""
    max_bytes = DEFAULT_MAX_BYTES if max_bytes is None else max_bytes
    return sys.stdin.buffer.read(max_bytes + 1)


def stdin_too_large(max_bytes: int) -> InputFileError:
    return InputFileError(STDIN_NAME, "E105",
                          f"file too large (more than {max_bytes:,} bytes, over --max-bytes {max_bytes:,}); skipped")


def printable_name(path: str) -> str:
    """A path as text that any report can carry: undecodable bytes of the file name as \\xNN."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _undecodable(path: str) -> bool:
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:  # os gives non-UTF-8 bytes of a name as lone surrogates
        return True
    return False


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def _walk(top: Path, errors: list[InputFileError], max_bytes: int = DEFAULT_MAX_BYTES,
          stats: dict[str, tuple[int, int, int]] | None = None) -> list[str]:
    """Document files under `top` in a stable order, following symlinks only inside the tree;
    with `stats`, each listed file's (size, mtime_ns, inode) is recorded there (it is stat'ed anyway)."""
    root = top.resolve()
    found: list[str] = []
    seen_files: set[str] = set()

    def visit(directory: Path, shown: str, ancestors: frozenset[Path], resolved: Path) -> None:
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as exc:
            errors.append(InputFileError(shown, "E101", f"cannot list directory ({exc.strerror})"))
            return
        # String joins, not pathlib, per entry: a 100k-file corpus is walked on every check.
        base = str(Path(shown))
        base = "" if base == "." else base if base.endswith("/") else base + "/"
        resolved_base = os.path.join(str(resolved), "")
        for entry in entries:
            name = entry.name
            if name.startswith("."):  # .git, .numcheck caches, editor files
                continue
            shown_path = base + name
            if not name.isascii() and _undecodable(name):  # `base` was checked on the way down
                errors.append(InputFileError(printable_name(shown_path), "E109"))
                continue
            link = entry.is_symlink()
            if link:
                try:
                    target = Path(entry.path).resolve(strict=True)
                except (OSError, RuntimeError):
                    errors.append(InputFileError(shown_path, "E108", "symlink dangles or loops"))
                    continue
                if not _inside(target, root):
                    errors.append(InputFileError(shown_path, "E108", "symlink points outside the tree"))
                    continue
                target_name = str(target)
            else:
                target_name = resolved_base + name  # not a link: no realpath walk per file
            try:
                st = os.stat(target_name) if link else entry.stat()
                mode = st.st_mode
            except OSError as exc:
                errors.append(InputFileError(shown_path, "E101", f"cannot read file ({exc.strerror})"))
                continue
            if stat.S_ISDIR(mode):
                target_dir = Path(target_name)
                if target_dir in ancestors:
                    errors.append(InputFileError(shown_path, "E108", "symlink loops back into its own tree"))
                    continue
                visit(Path(entry.path), shown_path, ancestors | {target_dir}, target_dir)
            elif name.lower().endswith(SUFFIXES):
                if not stat.S_ISREG(mode):
                    errors.append(InputFileError(shown_path, "E106"))
                elif st.st_size > max_bytes:
                    errors.append(too_large(shown_path, st.st_size, max_bytes))
                elif target_name not in seen_files:
                    seen_files.add(target_name)
                    found.append(shown_path)
                    if stats is not None:
                        stats[shown_path] = (st.st_size, st.st_mtime_ns, st.st_ino)

    visit(top, str(top), frozenset({root}), root)
    return found


def iter_inputs(paths: list[str], max_bytes: int | None = None,
                stats: dict[str, tuple[int, int, int]] | None = None) -> tuple[list[str], list[InputFileError]]:
    """Files as given, directories walked recursively in sorted order; '-' is stdin.
    Files over `max_bytes` (default DEFAULT_MAX_BYTES) are reported as E105 and not listed.
    With `stats`, the (size, mtime_ns, inode) of every listed file is recorded there by its listed
    name (the cache's stat records need them; a second stat per file costs a corpus walk as much
    again; three numbers, not the stat result, which holds ten times the memory)."""
    max_bytes = DEFAULT_MAX_BYTES if max_bytes is None else max_bytes
    found: list[str] = []
    errors: list[InputFileError] = []
    listed: set[str] = set()

    def add(p: str) -> None:
        if p not in listed:
            listed.add(p)
            found.append(p)

    for p in paths:
        if p == "-":
            add(p)
            continue
        if _undecodable(p):
            errors.append(InputFileError(printable_name(p), "E109"))
            continue
        path = Path(p)
        try:
            st = path.stat()
            mode = st.st_mode
        except FileNotFoundError:
            errors.append(InputFileError(p, "E108" if path.is_symlink() else "E107"))
            continue
        except OSError as exc:
            errors.append(InputFileError(p, "E108" if exc.errno == 40 else "E101",
                                         None if exc.errno == 40 else f"cannot read file ({exc.strerror})"))
            continue
        if stat.S_ISDIR(mode):
            for f in _walk(path, errors, max_bytes, stats):
                if f not in listed:  # add(f), inline: once per file of a corpus
                    listed.add(f)
                    found.append(f)
        elif not stat.S_ISREG(mode):
            errors.append(InputFileError(p, "E106"))
        elif not p.lower().endswith(SUFFIXES):
            errors.append(InputFileError(p, "E104", f"unsupported file type (expected {', '.join(SUFFIXES)})"))
        elif st.st_size > max_bytes:
            errors.append(too_large(p, st.st_size, max_bytes))
        else:
            add(p)
            if stats is not None:
                stats[p] = (st.st_size, st.st_mtime_ns, st.st_ino)
    return found, errors
