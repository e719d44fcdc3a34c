"""`check --format json`: the report contract (../shared/contract/report-v1.md).

The Report model is the contract; this emitter only fixes the layout: `json.dumps(...,
ensure_ascii=False, indent=2)` of the report's JSON dump, UTF-8. A re-check lists every corpus
document (100k of them), which json's pure-Python indenting encoder takes seconds for, so pydantic's
serializer writes the report: its output is the same byte for byte (strings, integers, nulls,
layout; tests/test_recheck_listing.py) except for floats between 1e-9 and 1e-4, which it writes
0.00001 or 1e-7 where json writes 1e-05 and 1e-07: those few numbers are written again as json
writes them (a claim's precision is one: 1e-06 for a figure with six decimals). The CLI takes the
UTF-8 bytes as they come: a 35 MB report held as text would take twice that (Chinese titles make
it two bytes per character).
"""
from __future__ import annotations

import re

from numcheck.schemas.models import Report


def render_json(report: Report) -> str:
    return render_json_bytes(report).decode("utf-8")


def render_json_bytes(report: Report) -> bytes:
    data = report.__pydantic_serializer__.to_json(report, indent=2)  # what model_dump_json decodes
    return _floats_as_json_writes_them(data) + b"\n"


# A line of indent=2 output whose value is a number: indentation, an optional key (a JSON string:
# escaped quotes never end it), the number, an optional comma. Text cannot look like this: a
# string value starts with a quote, and no raw newline is ever inside one.
_NUMBER_LINE = re.compile(rb' *(?:"(?:[^"\\]|\\.)*": )?(-?[0-9][0-9.eE+-]*),?')


def _floats_as_json_writes_them(data: bytes) -> bytes:
    """pydantic's output with each number it writes unlike json (0.0000x, 1.5e-7) written as json
    does (repr: 1e-05, 1.5e-07). Plain finds of what such a number holds, not a regex over the
    whole text: a 100k-document report is 35 MB."""
    lines: set[tuple[int, int]] = set()
    for needle in (b"0.0000", b"e-"):
        at = data.find(needle)
        while at >= 0:
            lines.add((data.rfind(b"\n", 0, at) + 1, _line_end(data, at)))
            at = data.find(needle, at + len(needle))
    if not lines:
        return data
    parts, done = [], 0
    for start, end in sorted(lines):
        match = _NUMBER_LINE.fullmatch(data, start, end)
        if match is None:
            continue  # text that only looks like a number
        number = match.group(1)
        written = repr(float(number)).encode() if b"." in number or b"e" in number.lower() else number
        parts += [data[done:match.start(1)], written]
        done = match.end(1)
    parts.append(data[done:])
    return b"".join(parts)


def _line_end(data: bytes, at: int) -> int:
    end = data.find(b"\n", at)
    return len(data) if end < 0 else end
