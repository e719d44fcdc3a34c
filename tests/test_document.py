"""Reading documents: decoding, formats, invariants, line/column, inputs walking."""
from __future__ import annotations

import os
import time
from datetime import date
from pathlib import Path

import pytest

from numcheck.claims.document import decode, load_document
from numcheck.claims.errors import InputFileError
from numcheck.claims.inputs import iter_inputs

SEED_001 = "seeds/001_0185ecf0b5b28ccb.txt"
TEXT = "武汉召开投资促进大会\n签约金额984.9亿元。\n"


def _root() -> Path:
    return Path(__file__).resolve().parent.parent


# --- decoding -------------------------------------------------------------------------------

@pytest.mark.parametrize("encoded", [
    TEXT.encode("utf-8"),
    b"\xef\xbb\xbf" + TEXT.encode("utf-8"),
    TEXT.encode("gb18030"),
    b"\xff\xfe" + TEXT.encode("utf-16-le"),
    b"\xfe\xff" + TEXT.encode("utf-16-be"),
])
def test_decodes_utf8_bom_gb18030_and_utf16_with_bom(encoded):
    assert decode("x.txt", encoded) == TEXT


def test_gb18030_document_keeps_offsets_of_decoded_text():
    doc = load_document("x.txt", data=TEXT.encode("gb18030"))
    assert doc.raw == TEXT
    start = TEXT.index("984.9")
    assert doc.raw[start:start + 7] == "984.9亿元"


@pytest.mark.parametrize("data, code", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "E102"),
    (b"text with a NUL \x00 byte", "E102"),
    (b"\xff\xfe\x00\xd8", "E103"),  # UTF-16 BOM followed by a lone surrogate
    (b"abc \x80\x80 def", "E103"),  # neither UTF-8 nor GB18030
])
def test_binary_and_undecodable_input_fail_with_a_coded_error(data, code):
    with pytest.raises(InputFileError) as err:
        decode("bad.txt", data)
    assert err.value.code == code
    assert str(err.value).startswith("bad.txt: ")


def test_missing_file_is_e107():
    with pytest.raises(InputFileError) as err:
        load_document("/nonexistent/file.txt")
    assert err.value.code == "E107"


# --- invariants and formats -------------------------------------------------------------------

def test_seed_invariants_hold():
    for path in sorted((_root() / "seeds").glob("*.txt")):
        doc = load_document(str(path))
        assert len(doc.raw) == len(doc.visible) == len(doc.norm)
        assert doc.visible == doc.raw  # plain text is shown as is
        prev_end = 0
        for s in doc.sentences:
            assert prev_end <= s.start < s.end <= len(doc.raw)
            assert doc.raw[s.start:s.end] == doc.raw[s.start:s.end].strip()
            assert "\n" not in doc.raw[s.start:s.end]
            assert s.language in ("zh-Hans", "zh-Hant", "en")
            assert s.zone in ("body", "boilerplate")
            prev_end = s.end


def test_document_language_and_sentence_languages():
    d003 = load_document(str(_root() / "seeds/003_4daf552a251e0480.txt"))
    assert d003.meta.language == "zh-Hant"
    d004 = load_document(str(_root() / "seeds/004_c395a43979a95eec.txt"))
    assert d004.meta.language == "en"
    first = d004.sentences[0]
    assert d004.raw[first.start:first.end] == "到2028年,人工智能产业规模超两千亿元"
    assert first.language == "zh-Hans"
    english = [s for s in d004.sentences if "200 billion yuan" in d004.raw[s.start:s.end]]
    assert english and english[0].language == "en"


def test_published_override_wins():
    doc = load_document(str(_root() / SEED_001), published=date(2024, 1, 2))
    assert doc.meta.published == date(2024, 1, 2)
    assert doc.meta.published_time is None


def test_format_detection_and_markdown_front_matter():
    md = "---\ntitle: 星岚科技年报\ndate: 2025-03-28\nsource: 证券快讯\n---\n# 星岚科技营收412.6亿元\n\n公司研发投入52.4亿元，见[年报](https://x.example/a.pdf)。\n"
    doc = load_document("a.md", data=md.encode())
    assert doc.meta.format == "markdown"
    assert doc.meta.published == date(2025, 3, 28)
    assert doc.meta.title == "星岚科技年报"
    assert doc.meta.source == "证券快讯"
    assert "title" not in doc.visible and "https" not in doc.visible  # front matter and link target masked
    assert len(doc.visible) == len(doc.raw)
    start = doc.visible.index("52.4亿元")
    assert doc.raw[start:start + 6] == "52.4亿元"
    html = "<!DOCTYPE html><html><body><p>营收412.6亿元。</p></body></html>"
    assert load_document("-", data=html.encode()).meta.format == "html"
    assert load_document("-", data="营收412.6亿元。".encode()).meta.format == "text"


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_line_and_column_with_lf_crlf_and_cr_line_endings(newline):
    lines = ["武汉召开投资促进大会", "", "大会共签约项目148个、签约金额984.9亿元。", "在校大学生135万。"]
    raw = newline.join(lines)
    doc = load_document("x.txt", data=raw.encode())
    offset = raw.index("984.9亿元")
    assert doc.line_col(offset) == (3, lines[2].index("984.9") + 1)
    assert doc.line_col(raw.index("135万")) == (4, 6)
    texts = [doc.raw[s.start:s.end] for s in doc.sentences]
    assert texts == ["武汉召开投资促进大会", "大会共签约项目148个、签约金额984.9亿元。", "在校大学生135万。"]


def test_load_document_is_fast():
    raw = (_root() / "seeds/003_4daf552a251e0480.txt").read_text(encoding="utf-8") * 60  # ~0.5M chars
    start = time.perf_counter()
    doc = load_document("big.txt", data=raw.encode())
    elapsed = time.perf_counter() - start
    assert len(doc.norm) == len(raw)
    assert elapsed < 5.0, f"load_document took {elapsed:.2f}s for {len(raw)} chars"


# --- inputs -----------------------------------------------------------------------------------

def _touch(path: Path, text: str = "营收1亿元。") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_directories_walk_recursively_in_sorted_order(tmp_path):
    for name in ["b.txt", "a.md", "sub/z.html", "sub/a.htm", "c.pdf", "A.txt", "sub/deeper/x.txt",
                 ".git/notes.txt", ".hidden.md"]:
        _touch(tmp_path / name)
    files, errors = iter_inputs([str(tmp_path)])
    rel = [os.path.relpath(f, tmp_path) for f in files]
    assert rel == ["A.txt", "a.md", "b.txt", "sub/a.htm", "sub/deeper/x.txt", "sub/z.html"]
    assert errors == []
    assert iter_inputs([str(tmp_path)])[0] == files  # stable


def test_symlinks_out_of_the_tree_and_loops_are_reported_not_followed(tmp_path):
    tree = tmp_path / "tree"
    _touch(tree / "a.txt")
    _touch(tmp_path / "outside" / "secret.txt")
    (tree / "out.txt").symlink_to(tmp_path / "outside" / "secret.txt")
    (tree / "outdir").symlink_to(tmp_path / "outside")
    (tree / "loop").symlink_to(tree)
    (tree / "same.txt").symlink_to(tree / "a.txt")
    (tree / "dangling.txt").symlink_to(tree / "missing.txt")
    _touch(tree / "sub" / "b.txt")
    (tree / "sub_link").symlink_to(tree / "sub")
    files, errors = iter_inputs([str(tree)])
    rel = [os.path.relpath(f, tree) for f in files]
    assert rel == ["a.txt", "sub/b.txt"]  # links inside the tree add nothing new
    bad = sorted(os.path.relpath(e.path, tree) for e in errors)
    assert bad == ["dangling.txt", "loop", "out.txt", "outdir"]
    assert {e.code for e in errors} == {"E108"}


def test_explicit_files_stdin_and_errors(tmp_path):
    _touch(tmp_path / "a.txt")
    _touch(tmp_path / "notes.pdf")
    files, errors = iter_inputs([str(tmp_path / "a.txt"), "-", str(tmp_path / "a.txt"),
                                 str(tmp_path / "notes.pdf"), str(tmp_path / "missing.txt")])
    assert files == [str(tmp_path / "a.txt"), "-"]
    assert [e.code for e in errors] == ["E104", "E107"]


def test_markdown_link_lists_are_boilerplate_and_the_heading_is_the_title():
    md = ("# 星岚科技2024年营收412.6亿元\n\n"
          "星岚科技3月28日晚间披露2024年年度报告。报告期内，公司实现营业收入412.6亿元，同比增长15.3%，"
          "[年报全文](https://x.example/a.pdf)见交易所网站。\n\n"
          "- [星岚科技一季度净利润增长21.4%](https://x.example/1)\n"
          "- [这家AI服务器厂商产能利用率达95%](https://x.example/2)\n")
    doc = load_document("a.md", data=md.encode())
    assert doc.meta.title == "星岚科技2024年营收412.6亿元"

    def zone_of(text):
        return doc.sentence_at(doc.raw.index(text)).zone

    assert zone_of("412.6亿元") == "body"  # the heading
    assert zone_of("15.3%") == "body"  # a paragraph with an inline link
    assert zone_of("21.4%") == "boilerplate" and zone_of("95%") == "boilerplate"
