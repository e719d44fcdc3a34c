"""Time find_conflicts on a synthetic corpus: python bench/engine_scale.py [N_CLAIMS].

Claims are spread over many entities, metrics and periods, with a few per
subject (agreeing, conflicting and bound-style), which is how a news archive
looks to the engine. Prints claims/s and the number of findings.
"""
from __future__ import annotations

import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from checker.config import Config  # noqa: E402
from checker.engine import find_conflicts  # noqa: E402
from schemas.models import Claim, Document, Quantity, Span, Subject  # noqa: E402

METRICS = ["营业收入", "净利润", "研发投入", "在校大学生", "年产值", "员工总数", "出口额", "签约金额"]
UNITS = [("CNY", "money"), ("count", "count"), ("percent", "ratio"), ("month", "duration")]


def synthetic(n: int, seed: int = 7) -> tuple[list[Claim], dict[str, Document]]:
    rng = random.Random(seed)
    n_docs = max(1, n // 40)
    docs = {f"d{i}.txt": Document(path=f"d{i}.txt", sha256="0" * 64) for i in range(n_docs)}
    claims = []
    span = Span(start=0, end=4, line=1, column=1)
    for i in range(n):
        subject_no = i // 4  # about four claims per subject
        unit, dim = UNITS[subject_no % len(UNITS)]
        base = Decimal(100 + subject_no % 900)
        value = base if rng.random() < 0.9 else base * Decimal("1.3")
        qualifier = "exact" if rng.random() < 0.8 else "more_than"
        q = Quantity(value=value, low=value, high=None if qualifier == "more_than" else value, unit=unit,
                     dimension=dim, qualifier=qualifier, precision=Decimal(1))
        claims.append(Claim(
            id=f"c{i}", doc=f"d{rng.randrange(n_docs)}.txt", span=span, text="100亿元", sentence=f"s{i}",
            sentence_start=i, quantity=q,
            subject=Subject(entity=f"公司{subject_no // 8}", metric=METRICS[subject_no % len(METRICS)],
                            period=str(2000 + subject_no % 25)),
            rule="synthetic",
        ))
    return claims, docs


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    t0 = time.perf_counter()
    claims, docs = synthetic(n)
    t1 = time.perf_counter()
    conflicts, corroborations = find_conflicts(claims, docs, Config())
    t2 = time.perf_counter()
    print(f"{n} claims built in {t1 - t0:.1f}s; find_conflicts {t2 - t1:.2f}s "
          f"({n / (t2 - t1):,.0f} claims/s): {len(conflicts)} conflicts, {len(corroborations)} corroborations")
