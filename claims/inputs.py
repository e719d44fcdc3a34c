"""Turn the paths a user gave into an ordered list of documents to read."""
from __future__ import annotations

import os
from pathlib import Path

from claims.errors import InputFileError

SUFFIXES = (".txt", ".md", ".html", ".htm")


def iter_inputs(paths: list[str]) -> tuple[list[str], list[InputFileError]]:
    """Files as given, directories walked recursively in sorted order; '-' is stdin."""
    found: list[str] = []
    errors: list[InputFileError] = []
    for p in paths:
        if p == "-":
            found.append(p)
            continue
        path = Path(p)
        if path.is_dir():
            root = path.resolve()
            for dirpath, dirnames, filenames in os.walk(path, followlinks=False):
                dirnames.sort()
                for name in sorted(filenames):
                    full = Path(dirpath) / name
                    if full.suffix.lower() not in SUFFIXES:
                        continue
                    if full.is_symlink() and root not in full.resolve().parents:
                        errors.append(InputFileError(str(full), "E108"))
                        continue
                    found.append(str(full))
        elif path.exists():
            found.append(p)
        else:
            errors.append(InputFileError(p, "E107"))
    return found, errors
