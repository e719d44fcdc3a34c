"""Time find_conflicts on a synthetic corpus: python bench/engine_scale.py [N_CLAIMS] [GROUPED].

Claims are spread over many entities, metrics and periods, about four per shared
subject (agreeing, conflicting and bound-style); GROUPED (default 1.0, the worst
case) is the share of claims in shared subjects, the rest being one-offs, as most
figures of a news archive are. Prints CPU seconds, claims per CPU second and findings.
"""
from __future__ import annotations

import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from numcheck.checker.config import Config  # noqa: E402
from numcheck.checker.engine import find_conflicts  # noqa: E402
from numcheck.schemas.models import Claim, Document, Quantity, Span, Subject  # noqa: E402

METRICS = ["营业收入", "净利润", "研发投入", "在校大学生", "年产值", "员工总数", "出口额", "签约金额"]
UNITS = [("CNY", "money"), ("count", "count"), ("percent", "ratio"), ("month", "duration")]


def synthetic(n: int, seed: int = 7, grouped: float = 1.0) -> tuple[list[Claim], dict[str, Document]]:
    """`grouped`: share of claims whose subject other claims state too (the rest are one-offs)."""
    rng = random.Random(seed)
    n_docs = max(1, n // 40)
    docs = {f"d{i}.txt": Document(path=f"d{i}.txt", sha256="0" * 64) for i in range(n_docs)}
    claims = []
    span = Span(start=0, end=4, line=1, column=1)
    for i in range(n):
        subject_no = i // 4 if rng.random() < grouped else n + i  # about four claims per shared subject
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
    grouped = float(sys.argv[2]) if len(sys.argv) > 2 else 1.0
    t0 = time.perf_counter()
    claims, docs = synthetic(n, grouped=grouped)
    t1, cpu1 = time.perf_counter(), time.process_time()
    conflicts, corroborations = find_conflicts(claims, docs, Config())
    t2, cpu2 = time.perf_counter(), time.process_time()
    # CPU time is what the engine costs; wall time also counts other processes on shared cores
    print(f"{n} claims built in {t1 - t0:.1f}s; find_conflicts {t2 - t1:.2f}s wall, {cpu2 - cpu1:.2f}s CPU "
          f"({n / (cpu2 - cpu1):,.0f} claims per CPU second): "
          f"{len(conflicts)} conflicts, {len(corroborations)} corroborations")
