"""Hand-built reports for the emitter tests: renderers are pure functions of a Report.

`sample_report()` mirrors the seeds' gold conflicts (the Wuhan student count and
the soft X-ray speed conflict) plus a baselined one, a corroboration, an input
error and an unused waiver. `hostile_report()` carries HTML/JS payloads in every
document-derived field.
"""
from __future__ import annotations

import hashlib
from decimal import Decimal

from numcheck.schemas.models import (
    ClaimRecord, Conflict, DocumentSummary, InputError, MatchKey, Report, Subject, ToolInfo,
)

S000 = "seeds/000_2da3e67e9d7d3bd4.txt"
S001 = "seeds/001_0185ecf0b5b28ccb.txt"
S002 = "seeds/002_c06e4ad5b7bbc76e.txt"
S003 = "seeds/003_4daf552a251e0480.txt"
WUHAN = Subject(entity="武汉", metric="在校大学生", period=None)


def claim(doc: str, start: int, text: str, sentence: str, *, line: int, column: int, value, low, high,
          qualifier: str = "exact", unit: str = "count", dimension: str = "count",
          subject: Subject = WUHAN, suffix: str = "0") -> ClaimRecord:
    dec = lambda v: None if v is None else Decimal(str(v))  # noqa: E731
    return ClaimRecord(
        id=hashlib.sha256(f"{doc}:{start}:{suffix}".encode()).hexdigest()[:16], doc=doc, start=start, end=start + len(text),
        line=line, column=column, text=text, sentence=sentence, value=dec(value), low=dec(low), high=dec(high),
        qualifier=qualifier, unit=unit, dimension=dimension, subject=subject, modality="actual", zone="body",
        language="zh-Hans", rule="zh.number.magnitude",
    )


def wuhan_conflict() -> Conflict:
    a = claim(S000, 610, "140万", "这里拥有超140万在校大学生的人才储备,全国第一的3487公里智能网联汽车测试道路。",
              line=18, column=42, value=1400000, low=1400000, high=None, qualifier="more_than")
    b = claim(S001, 333, "135万", "武汉是全国三大智力密集区之一,拥有高等院校92所,在校大学生135万,两院院士81位。",
              line=10, column=54, value=1350000, low=1350000, high=1350000)
    return Conflict(
        id="f" * 8 + "wuhan0001", code="NC101", kind="value_mismatch", severity="high", subject=WUHAN,
        claims=[a, b], explanation="超140万 (more than 1,400,000) excludes 135万 (1,350,000)",
        match=MatchKey(key="武汉|在校大学生|-|actual|count", reason="same metric words: 在校大学生"),
    )


def xray_conflict() -> Conflict:
    subj = Subject(entity="小米汽车工厂", metric="X光检测速度(相对人工)")
    a = claim(S002, 2341, "10倍", "可在2秒内完成检测,效率是人工的10倍,精度是人工的5倍以上。", line=74, column=98,
              value=1000, low=1000, high=1000, unit="percent", dimension="ratio", subject=subj)
    b = claim(S003, 1271, "幾十倍", "還有一道“防線”——X光檢測,“速度比人工快幾十倍。”季國偉說。", line=24, column=70,
              value=None, low=2000, high=9000, qualifier="range", unit="percent", dimension="ratio", subject=subj)
    return Conflict(id="e" * 8 + "xray00002", code="NC102", kind="range_mismatch", severity="medium",
                    subject=subj, claims=[a, b], explanation="10倍 lies outside 几十倍 (20x..90x)")


def baselined_conflict() -> Conflict:
    subj = Subject(entity="小米", metric="研发人员占比", period="2025")
    a = claim(S000, 900, "70%", "小米在武汉的员工中研发人员占比超70%。", line=25, column=10, value=70, low=70,
              high=None, qualifier="more_than", unit="percent", dimension="ratio", subject=subj)
    b = claim(S003, 500, "50%", "研發人員佔比近50%。", line=12, column=3, value=50, low=45, high=50,
              qualifier="nearly", unit="percent", dimension="ratio", subject=subj)
    return Conflict(id="d" * 8 + "staff0003", code="NC101", kind="value_mismatch", severity="low", subject=subj,
                    claims=[a, b], explanation="more than 70% excludes nearly 50%", baselined=True)


def corroboration() -> Conflict:
    subj = Subject(entity="小米", metric="年产手机")
    a = claim(S002, 1800, "1000万台", "昌平工厂年产手机1000万台。", line=60, column=8, value=10000000, low=10000000,
              high=10000000, subject=subj)
    b = claim(S003, 1400, "1000萬台", "每年約1000萬台。", line=30, column=4, value=10000000, low=9500000,
              high=10500000, qualifier="approx", subject=subj)
    return Conflict(id="c" * 8 + "agree0004", code="NC001", kind="corroborated", severity="low", subject=subj,
                    claims=[a, b], explanation="two documents agree on 1000万台")


def documents() -> list[DocumentSummary]:
    return [
        DocumentSummary(doc=S000, sha256="1" * 64, claims=47, language="zh-Hans", title="武汉 小米"),
        DocumentSummary(doc=S001, sha256="2" * 64, claims=38, language="zh-Hans"),
        DocumentSummary(doc=S002, sha256="3" * 64, claims=44, language="zh-Hans"),
        DocumentSummary(doc=S003, sha256="4" * 64, claims=36, language="zh-Hant"),
    ]


def sample_report() -> Report:
    return Report(
        tool=ToolInfo(version="0.1.0"), documents=documents(),
        conflicts=[xray_conflict(), wuhan_conflict(), baselined_conflict()],
        corroborations=[corroboration()],
        errors=[InputError(doc="seeds/missing.txt", code="E107", message="no such file or directory")],
        unused_waivers=["0" * 16],
    )


def empty_report() -> Report:
    return Report(tool=ToolInfo(version="0.1.0"), documents=documents()[:1], conflicts=[])


SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
JS_LINK = "[click](javascript:alert(1)) <a href=\"javascript:alert(1)\">link</a> javascript:alert(1)"
HOSTILE = f"{SCRIPT} {IMG} {JS_LINK}"


def hostile_report() -> Report:
    """Every document-derived string carries the payloads; the doc name itself too."""
    evil_doc = f'docs/{IMG}.txt'
    subj = Subject(entity=f"武汉{IMG}", metric=f"在校大学生{SCRIPT}", period="2025'\"")
    a = claim(evil_doc, 40, "140万", f"{HOSTILE} 超140万在校大学生 {HOSTILE}", line=3, column=7, value=1400000,
              low=1400000, high=None, qualifier="more_than", subject=subj)
    b = claim(S001, 333, "135万", f"在校大学生135万 {JS_LINK}", line=10, column=54, value=1350000,
              low=1350000, high=1350000, subject=subj)
    conflict = Conflict(id="a" * 8 + "evil00001", code="NC101", kind="value_mismatch", severity="high",
                        subject=subj, claims=[a, b], explanation=f"explained {HOSTILE}",
                        match=MatchKey(key=f"k{SCRIPT}", reason=f"r{IMG}"))
    return Report(
        tool=ToolInfo(version="0.1.0"),
        documents=[DocumentSummary(doc=evil_doc, sha256="5" * 64, claims=2, language="zh-Hans",
                                   title=HOSTILE, source=JS_LINK),
                   DocumentSummary(doc=S001, sha256="2" * 64, claims=1)],
        conflicts=[conflict],
        errors=[InputError(doc=f"x{SCRIPT}.txt", code="E103", message=f"cannot decode {IMG}")],
        unused_waivers=[SCRIPT],
    )
