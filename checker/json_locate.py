"""Line numbers for keys of a JSON file, so errors in user files name file, line and key.

`json` gives positions only for syntax errors; for a document that parsed but
failed validation (a pydantic error `loc` such as ('waivers', 2, 'date')), this
walks the text once and maps every key path to the line where it starts.
"""
from __future__ import annotations

import bisect
import json
import re
from json.decoder import scanstring
from pathlib import Path as FilePath

from pydantic import ValidationError

from numcheck.claims.errors import ConfigError

_WS = re.compile(r"[ \t\n\r]*")
_SCALAR = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null|NaN|-?Infinity")

Path = tuple[str | int, ...]


def key_lines(text: str) -> dict[Path, int]:
    """Every key path of a valid JSON text -> 1-based line where its key (or array item) starts."""
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    lines: dict[Path, int] = {}

    def line_of(pos: int) -> int:
        return bisect.bisect_right(starts, pos)

    def skip(pos: int) -> int:
        return _WS.match(text, pos).end()

    def value(pos: int, path: Path) -> int:
        pos = skip(pos)
        lines.setdefault(path, line_of(pos))
        ch = text[pos]
        if ch == "{":
            pos = skip(pos + 1)
            if text[pos] == "}":
                return pos + 1
            while True:
                key_pos = skip(pos)
                key, pos = scanstring(text, key_pos + 1)
                lines[path + (key,)] = line_of(key_pos)
                pos = skip(pos) + 1  # the colon
                pos = skip(value(pos, path + (key,)))
                if text[pos] == "}":
                    return pos + 1
                pos += 1  # the comma
        if ch == "[":
            pos = skip(pos + 1)
            if text[pos] == "]":
                return pos + 1
            index = 0
            while True:
                pos = skip(value(pos, path + (index,)))
                if text[pos] == "]":
                    return pos + 1
                pos += 1
                index += 1
        if ch == '"':
            return scanstring(text, pos + 1)[1]
        return _SCALAR.match(text, pos).end()

    value(0, ())
    return lines


def line_of_key(text: str, loc: Path) -> int:
    """Line of the deepest existing prefix of `loc` (a missing key points at its parent object)."""
    lines = key_lines(text)
    for depth in range(len(loc), -1, -1):
        if tuple(loc[:depth]) in lines:
            return lines[tuple(loc[:depth])]
    return 1


def key_text(loc: Path) -> str:
    """('waivers', 2, 'date') -> 'waivers[2].date'."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def parse_json(text: str) -> tuple[object, str | None]:
    """(data, None) or (None, 'line N: message') for a syntax error."""
    try:
        return json.loads(text), None
    except json.JSONDecodeError as exc:
        return None, f"line {exc.lineno}, column {exc.colno}: {exc.msg}"


def load_json_model(path, model, code: str, what: str, *, missing: str | None = None):
    """Read a user's JSON file into pydantic `model`: (instance, text). Every problem is a
    ConfigError `code` naming the file and, after parsing, the line and key ("malformed <what>: ...")."""
    name = str(path)
    try:
        text = FilePath(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(name, code, missing or f"{what} file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(name, code, f"cannot read {what}: {exc}") from None
    data, syntax_error = parse_json(text)
    if syntax_error:
        raise ConfigError(name, code, f"malformed {what}: {syntax_error}")
    try:
        return model.model_validate(data), text
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = tuple(first["loc"])
        raise ConfigError(name, code, f"malformed {what}: line {line_of_key(text, loc)}, key "
                                      f"{key_text(loc)}: {first['msg']}") from None
