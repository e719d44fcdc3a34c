"""The block index the cache keeps per entry, and the matcher id that says which code made it.

A finding's claims share a block and a metric group (checker/match.py), so `check NEW --against
CORPUS` loads, of the corpus, only the claims whose block and metric meet a new claim's. The index
of an entry holds its claims' positions by block and metric; the matcher id hashes this module and
every other that decides block keys, so a change to any of them recomputes the index, while a
change to the listing (checker/lookup.py), the engine or the reports does not.
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import NamedTuple

from numcheck.checker.config import Config
from numcheck.schemas.models import Claim, Document


# The checker modules block keys are computed by (prepare and block_key, with what they import).
# Claims code is not listed for its own sake: an extractor change makes new cache entries anyway.
BLOCK_MODULES = ("match.py", "compare.py", "config.py", "ids.py", "blockindex.py", "memo.py")


def matcher_id(config: Config) -> str:
    """Everything block keys depend on: the matching code and data, the configuration, the lexicon.
    Other checker modules (the listing, the engine, reports, the CLI) may change without recomputing
    blocks."""
    from numcheck.checker import match

    match.use_lexicon_dirs(config)
    root = Path(match.__file__).resolve().parent
    h = hashlib.sha256()
    claims_root = root.parent / "claims"  # entity keys (romanisation) decide blocks too
    extra = [claims_root / "entity_keys.py", claims_root / "data" / "entity_suffixes.yaml"]
    for f in sorted([*(root / name for name in BLOCK_MODULES), *(root / "data").rglob("*")]) + extra:
        if f.is_file():
            h.update(f.name.encode() + b"\0" + f.read_bytes())
    h.update(config.model_dump_json().encode())
    h.update(match.lexicon().model_dump_json().encode())
    return h.hexdigest()[:32]


class BlockIndex(NamedTuple):
    """What the cache keeps of one entry for lookups (ClaimCache.put_blocks)."""

    doc_entity: str | None  # the entity the document is about, which claims naming none took
    blocks: dict[str, tuple[dict[str, list[int]], int]]  # block -> ({metric: claim positions}, scripts)


CHINESE, ENGLISH = 1, 2  # how a block's claims write the entity (BlockIndex scripts)


def block_index(claims: list[Claim], document: Document, config: Config) -> BlockIndex:
    """The block index of one document's claims."""
    from numcheck.checker.match import prepare

    prepared = prepare(claims, {document.path: document}, config)
    return BlockIndex(next((p.entity for p in prepared if p.entity_from_document), None), _by_block(prepared))


def wanted_blocks(claims: list[Claim], documents: dict[str, Document], config: Config) -> dict[str, tuple[set[str], int]]:
    """block -> (metrics, scripts) of the new claims."""
    from numcheck.checker.match import prepare

    return {block: (set(by_metric), scripts)
            for block, (by_metric, scripts) in _by_block(prepare(claims, documents, config)).items()}


def _by_block(prepared) -> dict[str, tuple[dict[str, list[int]], int]]:
    """block -> ({metric: positions}, scripts) of prepared claims."""
    from numcheck.checker.match import block_key

    out: dict[str, tuple[dict[str, list[int]], int]] = {}
    for p in prepared:
        key = block_key(p)
        by_metric, scripts = out.get(key, ({}, 0))
        by_metric.setdefault(p.metric, []).append(p.pos)
        out[key] = (by_metric, scripts | (ENGLISH if p.entity_english else CHINESE))
    return out
