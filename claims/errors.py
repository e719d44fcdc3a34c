"""One catalogue of user-facing errors. Each message names the file and the problem.

Codes: E1xx input documents, E2xx configuration and baseline files, E3xx output, E4xx ids asked for.
"""
from __future__ import annotations

CATALOGUE: dict[str, str] = {
    "E101": "cannot read file",
    "E102": "not a text document (binary content)",
    "E103": "cannot decode as UTF-8 or GB18030",
    "E104": "unsupported file type",
    "E105": "file too large",
    "E106": "not a regular file (FIFO, device or socket)",
    "E107": "no such file or directory",
    "E108": "symlink points outside the tree or loops",
    "E109": "file name is not valid UTF-8 (skipped: reports could not name it)",
    "E110": "internal error while extracting this document",
    "E201": "malformed configuration file",
    "E202": "malformed baseline file",
    "E203": "malformed report file",
    "E301": "cannot write output",
    "E401": "no claim or finding has this id",
}


class NumcheckError(Exception):
    """Base of errors shown to users as one line: '<path>: <message> [<code>]'."""

    def __init__(self, path: str, code: str, message: str | None = None):
        self.path = path
        self.code = code
        self.message = message or CATALOGUE.get(code, "error")
        super().__init__(f"{path}: {self.message} [{code}]")


class InputFileError(NumcheckError):
    """A document could not be read; other documents are still processed."""


class ConfigError(NumcheckError):
    """A configuration or baseline file is malformed (exit code 2)."""
