"""The pathological corpus, built in memory at test time.

HOSTILE: text that is valid but built to hurt a parser (sizes in characters are chosen so the
default test run stays fast; `scaled(name, factor)` builds bigger versions, and the slow test
builds the full 10 MB line). Each entry is (text, suffix).

BAD_FILES: bytes that are not a readable document, with the error code numcheck must give.
"""
from __future__ import annotations

import codecs

_PROSE = "武汉市2024年GDP达到2.1万亿元,同比增长5.2%,常住人口1377万人;"  # no sentence end: one endless sentence
_LATIN = "The quick brown fox jumps over the lazy dog while revenue stays flat "
_SPARSE = _LATIN * 14 + "约3.5亿元 "  # about one number per kilobyte


def _repeat(unit: str, n_chars: int) -> str:
    return (unit * (n_chars // len(unit) + 1))[:n_chars]


def hostile(scale: float = 1.0) -> dict[str, tuple[str, str]]:
    """name -> (text, suffix). `scale` multiplies the sizes (1.0: about 0.1-1 MB each)."""
    k = lambda n: max(1, int(n * scale))  # noqa: E731
    return {
        # one line, no line break anywhere: mostly words, a number now and then
        "single_line": (_repeat(_SPARSE, k(1_000_000)), ".txt"),
        # one line of claim-dense Chinese without a sentence end
        "single_line_dense": (_repeat(_PROSE, k(60_000)), ".txt"),
        "digits_1mb": ("9" * k(1_000_000), ".txt"),
        "digits_with_commas": (_repeat("1,", k(400_000)), ".txt"),
        "yi_100k": ("一" * k(100_000), ".txt"),
        "wan_100k": ("万" * k(100_000), ".txt"),
        "yi_then_unit": ("一" * k(100_000) + "亿元", ".txt"),
        "digit_then_wan": ("5" + "万" * k(100_000) + "元", ".txt"),
        "formal_digits": (_repeat("玖0", k(100_000)), ".txt"),
        "nested_quotes": ("“「『(" * k(20_000) + "营收12亿元" + ")』」”" * k(20_000), ".txt"),
        "open_quotes": ("“" * k(100_000) + "增长5%", ".txt"),
        "invisible_in_numbers": (_repeat("营收1\u200b234\u200d.5\u2060亿元,增长\u202e12\u202c%,人口1,\u200f234万人。",
                                         k(100_000)), ".txt"),
        "bidi_controls": (_repeat("\u202e营收\u202d12\u202c亿元\u2066增长\u20695%\u200e。", k(100_000)), ".txt"),
        "digits_10k": ("营收" + "9" * 10_000 + "亿元。增长" + "9" * 5_000 + "." + "9" * 5_000 + "%。", ".txt"),
        "float_overflow": (_repeat("营收1e999999亿元,增长1E-999999%,利润" + "9" * 400 + "亿亿亿元," + "1.7976931348623157e309倍。",
                                   k(50_000)), ".txt"),
        "magnitude_stack": (_repeat("9亿亿亿亿亿亿亿亿亿亿亿亿元," + "十" * 50 + "万亿元;", k(100_000)), ".txt"),
        "percent_ones": (_repeat("%1", k(40_000)), ".txt"),
        "range_chain": (_repeat("1至", k(100_000)) + "5年", ".txt"),
        "exclamations": (_repeat("Wow!", k(200_000)) + "!" * k(100_000), ".txt"),
        "html_unclosed_tags": (_repeat("<a x=\"", k(200_000)), ".html"),
        "html_lt_flood": (_repeat("<a", k(200_000)), ".html"),
        "markdown_brackets": ("[" * k(200_000) + "](" * k(50_000), ".md"),
        "whitespace_flood": (" \t\u3000\u00a0" * k(100_000), ".txt"),
        "line_breaks_only": ("\r\n\r\r\n\n" * k(100_000), ".txt"),
    }


def huge_single_line(n_bytes: int = 10_000_000) -> str:
    """10 MB on one line (ASCII words, a number about every kilobyte)."""
    return _repeat(_SPARSE, n_bytes)


def bad_files() -> dict[str, tuple[bytes, str | None]]:
    """file name -> (bytes, the error code numcheck must give, or None when the file is readable)."""
    zh = "武汉营收12亿元，增长5%。\n"
    return {
        "empty.txt": (b"", None),
        "pdf.txt": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nstream\n\x00\x01\x02endstream\n", "E102"),
        "png.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10", "E102"),
        "nul_bytes.txt": ("营收12亿元".encode() + b"\x00" * 16 + "。".encode(), "E102"),
        "invalid_utf8.txt": (b"revenue \xff\xfe\xfd 12 \x80\x80 million\xff", "E103"),
        # half UTF-8, half GB18030: neither decodes the whole file
        "mixed_gb18030_utf8.txt": (zh.encode("utf-8") + zh.encode("gb18030") + b"\xff", "E103"),
        "utf16_bom.txt": (codecs.BOM_UTF16_LE + zh.encode("utf-16-le"), None),
        "utf16_be_bom.txt": (codecs.BOM_UTF16_BE + zh.encode("utf-16-be"), None),
        "utf8_bom.txt": (codecs.BOM_UTF8 + zh.encode("utf-8"), None),
        "gb18030.txt": (zh.encode("gb18030"), None),
        "utf16_bad_after_bom.txt": (codecs.BOM_UTF16_LE + b"\x00\xd8", "E103"),
    }
