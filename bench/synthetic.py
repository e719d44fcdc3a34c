"""Synthetic claims for cross-check benchmarks and tests: many subjects, some disagreeing.

`synthetic_claims(n, seed)` returns n claims over about n/8 subjects (entity x metric x period),
spread over n/20 documents; roughly one subject in ten carries a conflicting figure, others
repeat the same figure (corroborations) or state it with 约/超 qualifiers. Deterministic per seed.
"""
from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from numcheck.schemas.models import Claim, Document, Quantity, Span, Subject

ENTITIES = ["武汉", "上海", "深圳", "杭州", "成都", "南京", "西安", "重庆", "苏州", "天津", "Acme Corp", "Globex"]
METRICS = ["营业收入", "净利润", "在校大学生", "常住人口", "GDP", "研发投入", "出口额", "新增就业", "revenue", "employees"]
UNITS = [("CNY", "money", None), ("count", "count", "人"), ("percent", "ratio", None), ("count", "count", "家")]


def synthetic_claims(n: int, seed: int = 0) -> tuple[list[Claim], dict[str, Document]]:
    rng = random.Random(seed)
    n_subjects = max(1, n // 8)
    n_docs = max(2, n // 20)
    subjects = []
    for s in range(n_subjects):
        entity = f"{rng.choice(ENTITIES)}{s // 97}"  # many distinct entities -> many blocks
        metric = rng.choice(METRICS)
        period = str(2015 + s % 10)
        unit = UNITS[s % len(UNITS)]
        base = Decimal(rng.randint(10, 99_999)) * (Decimal(10) ** rng.randint(0, 6))
        subjects.append((entity, metric, period, unit, base, s % 10 == 0))
    documents = {f"doc{d:06d}.txt": Document(path=f"doc{d:06d}.txt", sha256=f"{d:064x}",
                                             published=date(2024, 1 + d % 12, 1 + d % 28)) for d in range(n_docs)}
    doc_names = list(documents)
    claims = []
    for i in range(n):
        entity, metric, period, (unit, dim, counter), base, conflicting = subjects[rng.randrange(n_subjects)]
        value = base * 2 if conflicting and rng.random() < 0.3 else base
        qualifier = rng.choice(["exact", "exact", "exact", "approx", "more_than"])
        low, high = value, value
        if qualifier == "approx":
            low, high = value * Decimal("0.95"), value * Decimal("1.05")
        elif qualifier == "more_than":
            high = None
        doc = doc_names[rng.randrange(n_docs)]
        start = rng.randrange(0, 5000)
        text = f"{value}{'元' if unit == 'CNY' else counter or '%'}"
        sentence = f"{period}年{entity}{metric}为{text}。"
        claims.append(Claim(
            id=f"c{i:08d}", doc=doc, span=Span(start=start, end=start + len(text), line=1 + start // 80, column=1),
            text=text, sentence=sentence, sentence_start=start, rule="synthetic",
            quantity=Quantity(value=value, low=low, high=high, unit=unit, dimension=dim, counter=counter,
                              qualifier=qualifier),
            subject=Subject(entity=entity, metric=metric, period=period),
        ))
    return claims, documents
