"""Read a document: bytes -> decoded raw text -> SourceDocument.

Decoding follows the report contract: UTF-8 (with or without BOM), else GB18030.
"""
from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

from claims.errors import InputFileError
from claims.normalize import normalize
from claims.sentences import split_sentences
from claims.types import SourceDocument
from schemas.models import Document


def decode(path: str, data: bytes) -> str:
    if b"\x00" in data[:8192]:
        raise InputFileError(path, "E102")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise InputFileError(path, "E103", f"cannot decode as UTF-8 or GB18030 (byte {exc.start})") from None


def load_document(path: str, *, data: bytes | None = None, published: date | None = None) -> SourceDocument:
    if data is None:
        try:
            data = Path(path).read_bytes()
        except FileNotFoundError:
            raise InputFileError(path, "E107") from None
        except OSError as exc:
            raise InputFileError(path, "E101", f"cannot read file ({exc.strerror})") from None
    raw = decode(path, data)
    meta = Document(path=path, sha256=hashlib.sha256(data).hexdigest(), published=published, chars=len(raw))
    visible = raw
    doc = SourceDocument(path=path, raw=raw, visible=visible, norm=normalize(visible), meta=meta)
    doc.sentences = split_sentences(visible)
    return doc
