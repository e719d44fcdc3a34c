"""Generate a corpus of news-like documents from the seeds' real sentences.

Each document is a title plus 6-14 sentences drawn from the seeds, with every number perturbed
(same shape: digits stay digits, decimals keep their places) and the place and company names
swapped for others, so documents are distinct and cross-document conflicts arise as they do
in practice. Deterministic for a given --seed.

    python bench/gen_corpus.py OUT_DIR --docs 10000 [--seed 0]
"""
from __future__ import annotations

import argparse
import os
import random
import re
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

CITIES = ["武汉", "杭州", "成都", "南京", "西安", "长沙", "合肥", "郑州", "苏州", "青岛", "厦门", "济南",
          "沈阳", "昆明", "福州", "南昌", "贵阳", "太原", "宁波", "无锡"]
COMPANIES = ["华星科技", "东方电气", "远航物流", "金石医药", "蓝海能源", "博远软件", "恒通汽车", "瑞丰食品"]
_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]?")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def seed_sentences() -> list[str]:
    out = []
    for path in sorted(SEEDS.glob("*.txt")):
        for m in _SENTENCE.finditer(path.read_text(encoding="utf-8")):
            s = m.group().strip()
            if len(s) >= 12:
                out.append(s)
    return out


def seed_names(sentences: list[str]) -> list[str]:
    """City names that occur in the seeds: the ones swapped for others."""
    text = "".join(sentences)
    return [c for c in CITIES if c in text]


def perturb_numbers(sentence: str, rng: random.Random) -> str:
    def repl(m: re.Match) -> str:
        text = m.group()
        if len(text) == 4 and text.startswith(("19", "20")) and "." not in text:
            return str(int(text) + rng.choice((-1, 0, 0, 1)))  # a year stays a plausible year
        if "." in text:
            whole, frac = text.split(".")
            value = float(text) * rng.uniform(0.8, 1.25)
            return f"{value:.{len(frac)}f}"
        value = max(1, round(int(text) * rng.uniform(0.8, 1.25)))
        return str(value)

    return _NUMBER.sub(repl, sentence)


def generate(out: Path, docs: int, seed: int = 0) -> tuple[int, int]:
    """Write `docs` documents under out/NNN/; returns (documents, characters)."""
    rng = random.Random(seed)
    sentences = seed_sentences()
    names = seed_names(sentences)
    chars = 0
    old = time.time() - 3600  # older than the cache's racy-hash margin, as an archive's files are
    for i in range(docs):
        folder = out / f"{i // 1000:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        city = rng.choice(CITIES)
        company = rng.choice(COMPANIES)
        body = []
        for _ in range(rng.randint(6, 14)):
            s = perturb_numbers(rng.choice(sentences), rng)
            for name in names:
                if name in s:
                    s = s.replace(name, city)
            body.append(s)
        title = f"{city}{company}：{body[0][:18]}"
        text = title + "\n\n" + "\n".join(body) + "\n"
        path = folder / f"doc{i:06d}.txt"
        path.write_text(text, encoding="utf-8")
        os.utime(path, (old, old))
        chars += len(text)
    return docs, chars


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    n, chars = generate(args.out, args.docs, args.seed)
    print(f"{n} documents, {chars:,} characters in {args.out}")


if __name__ == "__main__":
    main()
