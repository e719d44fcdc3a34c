"""Stable fingerprints: no offsets, no line numbers, no hash(); script conversion changes nothing."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import opencc
from hypothesis import given
from hypothesis import strategies as st
from rule_cases import make_claim

from numcheck.checker.config import Config
from numcheck.checker.engine import find_conflicts
from numcheck.checker.ids import claim_id, conflict_id, doc_identity, norm_content
from numcheck.schemas.models import Document

ROOT = Path(__file__).resolve().parent.parent
S2T = opencc.OpenCC("s2t")

SENT_A = "这里拥有超140万在校大学生的人才储备。"
SENT_B = "武汉市长介绍，武汉在校大学生135万。"
SPEC_A = {"text": "140万", "value": 1400000, "qualifier": "more_than", "unit": "count",
          "entity": "武汉", "metric": "在校大学生"}
SPEC_B = {"text": "135万", "value": 1350000, "unit": "count", "entity": "武汉", "metric": "在校大学生"}


def _corpus(prefix_a: str = "", traditional: bool = False):
    """Two documents that contradict each other; optionally edited above the claim or converted."""
    conv = S2T.convert if traditional else (lambda s: s)
    text_a = conv(prefix_a + "标题：武汉人才\n" + SENT_A + "\n")
    text_b = conv(SENT_B + "\n")
    a = make_claim("docs/a.txt", text_a, {**SPEC_A, "text": conv(SPEC_A["text"]), "sentence": conv(SENT_A)})
    b = make_claim("docs/b.txt", text_b, {**SPEC_B, "text": conv(SPEC_B["text"]), "sentence": conv(SENT_B)})
    docs = {p: Document(path=p, sha256="0" * 64) for p in ("docs/a.txt", "docs/b.txt")}
    return [a, b], docs


def _ids(claims, docs):
    conflicts, _ = find_conflicts(claims, docs, Config())
    return [c.id for c in conflicts], [r.id for c in conflicts for r in c.claims]


def test_inserting_a_paragraph_above_keeps_every_id():
    before = _corpus()
    after = _corpus(prefix_a="新增的一段导语，介绍背景。\n\n另一段。\n")
    assert after[0][0].span.start != before[0][0].span.start  # the claim did move
    assert after[0][0].span.line != before[0][0].span.line
    assert _ids(*before) == _ids(*after)
    assert len(_ids(*before)[0]) == 1


def test_traditional_script_keeps_every_id():
    simplified, traditional = _corpus(), _corpus(traditional=True)
    assert traditional[0][0].sentence != simplified[0][0].sentence  # the text really changed
    assert _ids(*simplified) == _ids(*traditional)


def test_conflict_id_is_order_free_and_content_bound():
    (a, b), _ = _corpus()
    key = "武汉|在校大学生|-|actual|count"
    assert conflict_id("NC102", key, [a, b]) == conflict_id("NC102", key, [b, a])
    assert conflict_id("NC102", key, [a, b]) != conflict_id("NC101", key, [a, b])
    assert conflict_id("NC102", key, [a, b]) != conflict_id("NC102", key.replace("在校", ""), [a, b])
    moved = b.model_copy(update={"quantity": b.quantity.model_copy(update={"value": b.quantity.value + 1})})
    assert conflict_id("NC102", key, [a, b]) != conflict_id("NC102", key, [a, moved])
    other_doc = b.model_copy(update={"doc": "docs/c.txt"})
    assert conflict_id("NC102", key, [a, b]) != conflict_id("NC102", key, [a, other_doc])


def test_claim_id_separates_repeats_and_ignores_offsets():
    (a, _), _ = _corpus()
    shifted = a.model_copy(update={"span": a.span.model_copy(update={"start": 999, "end": 1003, "line": 40})})
    assert claim_id("docs/a.txt", a) == claim_id("docs/a.txt", shifted)
    assert claim_id("docs/a.txt", a) != claim_id("docs/a.txt", a, occurrence=1)
    assert claim_id("docs/a.txt", a) != claim_id("docs/b.txt", a)
    assert len(claim_id("docs/a.txt", a)) == 20


@given(st.sampled_from(["seeds/000.txt", "./seeds/000.txt", "seeds//000.txt", "seeds\\000.txt",
                        "././seeds/000.txt"]))
def test_document_identity_normalises_spelling(path):
    assert doc_identity(path) == "seeds/000.txt"


def test_ids_do_not_depend_on_the_process_hash_seed():
    code = ("import sys; sys.path[:0] = ['tests', '.']\n"
            "from test_ids import _corpus, _ids\n"
            "print(_ids(*_corpus()))")
    outs = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        outs.add(subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                                text=True, check=True).stdout)
    assert len(outs) == 1


def test_ids_survive_edits_through_real_extraction(tmp_path, seeds_dir):
    """The seeds' Wuhan conflict keeps its id when 000 gets a new first paragraph and both
    documents are converted to traditional script (extraction, engine and ids together)."""
    pipeline = __import__("pytest").importorskip("numcheck.claims.pipeline")
    from numcheck.claims.document import load_document

    names = sorted(p.name for p in seeds_dir.glob("00[01]_*.txt"))

    def conflict_ids(folder: Path, edit) -> list[str]:
        docs, claims = {}, []
        for name in names:
            text = edit(name, (seeds_dir / name).read_text(encoding="utf-8"))
            path = f"seeds/{name}"
            source = load_document(path, data=text.encode("utf-8"))
            docs[path] = source.meta
            claims.extend(pipeline.extract(source))
        return sorted(c.id for c in find_conflicts(claims, docs, Config())[0])

    original = conflict_ids(tmp_path, lambda name, text: text)
    edited = conflict_ids(tmp_path, lambda name, text: S2T.convert(
        ("插入的一段新导语，与数字无关。\n\n" if name.startswith("000") else "") + text))
    assert original, "the Wuhan conflict should be found through extraction"
    assert edited == original


def test_claim_id_from_a_record_is_the_id_extraction_gave(seeds_dir):
    """One fingerprint: rebuilding the id from a claim record reproduces the pipeline's id."""
    from collections import Counter

    from numcheck.claims.document import load_document
    from numcheck.claims.pipeline import extract

    doc = load_document(str(seeds_dir / "001_0185ecf0b5b28ccb.txt"))
    claims = extract(doc)
    seen = Counter()
    for c in claims:
        key = (norm_content(c.text), norm_content(c.sentence), c.quantity)
        assert claim_id(doc.path, c, occurrence=seen[str(key)]) == c.id
        seen[str(key)] += 1
    assert len(claims) > 30
