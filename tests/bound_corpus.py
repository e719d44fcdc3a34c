"""A corpus where many documents agree with a draft's figure and two contradict it: what the
corroboration bound (engine `max_corroborating`, `numcheck serve --max-corroborating`) is tested on."""
from __future__ import annotations

from pathlib import Path

DRAFT = "2024年武汉市常住人口约1377万人。"
AGREEING = 12


def write_corpus(folder: Path) -> Path:
    """Twelve documents agreeing with the draft's 1377万 and two saying 1500万 (a conflict that
    the agreeing ones join, engine._join_cluster_mates)."""
    folder.mkdir()
    for i in range(1, AGREEING + 1):
        (folder / f"a{i:02d}.txt").write_text(f"据统计局消息，2024年武汉市常住人口1377万人，第{i}次报道。", encoding="utf-8")
    for i in (1, 2):
        (folder / f"b{i}.txt").write_text(f"2024年武汉市常住人口1500万人，来源{i}。", encoding="utf-8")
    return folder
