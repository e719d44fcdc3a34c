"""Read a document: bytes -> decoded raw text -> SourceDocument.

Decoding (report contract): UTF-8 with or without BOM, UTF-16/UTF-32 with a BOM, else
GB18030. Binary content (NUL bytes, control characters) and undecodable bytes fail
with an InputFileError naming the file and the byte.

Format: .html/.htm -> html, .md/.markdown -> markdown, anything else text (stdin and
unknown suffixes are sniffed for HTML). The visible text is what claims come from:
the rendered text of HTML (claims/html.py), Markdown without front matter and markup
characters, plain text as it is. All offsets point into `raw`.
"""
from __future__ import annotations

import codecs
import hashlib
import re
import sys
from datetime import date
from pathlib import Path

from numcheck.claims.errors import InputFileError
from numcheck.claims.html import HEADLINE, LINK, HtmlLayout, looks_like_html, parse_html
from numcheck.claims.metadata import front_matter, read_metadata
from numcheck.claims.normalize import normalize
from numcheck.claims.sentences import assign_languages, split_sentences
from numcheck.claims.types import SourceDocument
from numcheck.claims.zones import assign_zones
from numcheck.schemas.models import Document

MAX_BYTES = 64 * 1024 * 1024
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Control characters other than \t \n \v \f \r and ESC: their presence means binary content.
_BINARY_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
_MARKDOWN_MARKUP = re.compile(
    r"^[ \t]{0,3}(?:#{1,6}[ \t]+|>[ \t]?|[-*+][ \t]+)"  # heading, quote and bullet markers
    # link text without '[' and targets without '(': a failed try ends at the next bracket (linear)
    r"|!?\[(?=[^\[\]\n]*+\]\([^()\n]*+\))"  # opening bracket of a link or image
    r"|\]\([^()\n]*+\)"  # link target
    r"|\*\*|__|`+",  # emphasis and code marks
    re.M,
)
_HTML_SUFFIXES = (".html", ".htm", ".xhtml")
_MARKDOWN_SUFFIXES = (".md", ".markdown")
_TEXT_SUFFIXES = (".txt", ".text")


def decode(path: str, data: bytes) -> str:
    """Bytes -> text by BOM, else UTF-8, else GB18030; binary or undecodable input raises."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputFileError(path, "E103", f"invalid {encoding} after its byte order mark "
                                                   f"(byte {exc.start + len(bom)})") from None
    bad = _BINARY_BYTES.search(data, 0, 65536)
    if bad:
        raise InputFileError(path, "E102", f"not a text document (control byte 0x{data[bad.start()]:02x} "
                                           f"at byte {bad.start()})")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc.start
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise InputFileError(path, "E103", f"cannot decode as UTF-8 (byte {utf8_error}) or GB18030") from None
    line = _utf8_chinese_line(data)
    if line is not None:  # GB18030 would turn that line into mojibake, silently
        raise InputFileError(path, "E103", f"mixed encodings: line {line} is UTF-8 but byte {utf8_error} "
                                           f"is not (re-save the file in one encoding)")
    return text


_CJK_RUN = re.compile(r"[\u4e00-\u9fff]")


def _utf8_chinese_line(data: bytes, min_chars: int = 3) -> int | None:
    """The first line that is valid UTF-8 with at least `min_chars` CJK characters (GB18030 text
    practically never is), or None. One decode per line, no loop over characters."""
    for number, line in enumerate(data.split(b"\n"), 1):
        if line.isascii():
            continue
        try:
            decoded = line.decode("utf-8")
        except UnicodeDecodeError:
            continue
        if len(_CJK_RUN.findall(decoded)) >= min_chars:
            return number
    return None


def detect_format(path: str, raw: str) -> str:
    suffix = Path(path).suffix.lower() if path != "-" else ""
    if suffix in _HTML_SUFFIXES:
        return "html"
    if suffix in _MARKDOWN_SUFFIXES:
        return "markdown"
    if suffix not in _TEXT_SUFFIXES and looks_like_html(raw):
        return "html"
    return "text"


def _blank(m: re.Match) -> str:
    """Replace a match by spaces, keeping its line breaks."""
    return re.sub(r"[^\r\n]", " ", m.group(0))


def markdown_visible(raw: str, body_start: int) -> str:
    """Markdown text with front matter and markup characters masked by spaces (same length)."""
    head = re.sub(r"[^\r\n]", " ", raw[:body_start])
    return head + _MARKDOWN_MARKUP.sub(_blank, raw[body_start:])


_MARKDOWN_LINK_TEXT = re.compile(r"\[([^\[\]\n]*+)\]\([^()\n]*+\)")
_MARKDOWN_H1 = re.compile(r"^[ \t]{0,3}#[ \t]+(.+)$", re.M)


def markdown_layout(raw: str, visible: str, body_start: int) -> HtmlLayout:
    """Link text and the first level-1 heading of Markdown, as layout flags for zoning."""
    import numpy as np

    flags = np.zeros(len(raw), dtype=np.uint8)
    for m in _MARKDOWN_LINK_TEXT.finditer(raw, body_start):
        flags[m.start(1):m.end(1)] |= LINK
    h1 = _MARKDOWN_H1.search(raw, body_start)
    if h1:
        flags[h1.start(1):h1.end(1)] |= HEADLINE
    return HtmlLayout(visible, flags)


def read_bytes(path: str) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read()
    p = Path(path)
    try:
        if p.is_dir():
            raise InputFileError(path, "E104", "is a directory, not a document")
        if p.exists() and not p.is_file():
            raise InputFileError(path, "E106")
        if p.stat().st_size > MAX_BYTES:
            raise InputFileError(path, "E105", f"file too large (over {MAX_BYTES // (1024 * 1024)} MB)")
        return p.read_bytes()
    except FileNotFoundError:
        raise InputFileError(path, "E107") from None
    except OSError as exc:
        raise InputFileError(path, "E101", f"cannot read file ({exc.strerror})") from None


def load_document(path: str, *, data: bytes | None = None, published: date | None = None) -> SourceDocument:
    """Decode, mask, normalise, split, zone and date one document.

    `data` gives the bytes (stdin, tests); `published` overrides the date read from the text.
    """
    if data is None:
        data = read_bytes(path)
    if len(data) > MAX_BYTES:
        raise InputFileError(path, "E105", f"file too large (over {MAX_BYTES // (1024 * 1024)} MB)")
    raw = decode(path, data)
    fmt = detect_format(path, raw)
    layout = None
    front: dict = {}
    if fmt == "html":
        layout = parse_html(raw)
        visible = layout.visible
    elif fmt == "markdown":
        front, body_start = front_matter(raw)
        visible = markdown_visible(raw, body_start)
        layout = markdown_layout(raw, visible, body_start)
    else:
        visible = raw
    norm = normalize(visible)
    meta = Document(path=path, sha256=hashlib.sha256(data).hexdigest(), format=fmt, chars=len(raw))
    doc = SourceDocument(path=path, raw=raw, visible=visible, norm=norm, meta=meta)
    doc.sentences = split_sentences(visible)
    meta.language = assign_languages(doc.sentences, visible)
    lines = assign_zones(doc, layout)
    info = read_metadata(raw, visible, fmt, norm=norm, lines=lines, layout=layout, front=front)
    meta.title = info["title"]
    meta.source = info["source"]
    meta.published = published or info["published"]
    meta.published_time = None if published else info["published_time"]
    return doc
