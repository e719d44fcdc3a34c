"""`--engine dask`: extraction and cross-checking on a dask.distributed cluster.

Extraction: `dask.dataframe.from_map` over batches of paths; each partition is a pandas frame of
serialised results, streamed back to the client as partitions finish (into the claim cache,
exactly as the local engine does). Cross-checking: one row per claim with a block key, a
sha256-derived integer (never Python's per-process `hash()`, which differs between workers), a
shuffle on that key so every block lands whole in one partition, and the conflict engine run on
each partition. Keys are computed on partitions that hold whole documents, and each row carries
the entity its document is about when the claim took it (a partition after the shuffle holds
documents in part, which could not tell). Blocks never meet (checker/match.py), so the union of the partitions' findings is
the local engine's finding; it is put in the local engine's order (`checker.engine.report_order`).

dask is optional (`pip install numcheck[dask]`) and imported only here, only when asked for.
"""
from __future__ import annotations

import hashlib
import logging
from collections import Counter
from datetime import date
from typing import Callable

from numcheck.checker.cache import Extracted
from numcheck.checker.parallel import MAX_BATCH, Failed, extract_one

CLAIMS_PER_PARTITION = 20_000  # big enough to amortise task overhead, small enough to spread


def _require_dask():
    try:
        import dask.dataframe as dd
        from dask.distributed import Client
    except ImportError as exc:  # pragma: no cover - exercised only without the extra
        from numcheck.claims.errors import NumcheckError

        raise NumcheckError("--engine dask", "E204",
                            f"needs the dask extra: pip install 'numcheck[dask]' ({exc})") from None
    return dd, Client


def block_number(key: str) -> int:
    """A stable non-negative int64 for a block key: the same on every worker and every run."""
    return int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:8], "big") >> 1


# ---------------------------------------------------------------- extraction

_EXTRACT_COLUMNS = ["order", "path", "sha256", "document", "claims", "parts", "n_claims", "code", "message"]


def _extract_partition(batch: list[tuple[int, str]], published: date | None):
    """One partition of the extraction frame: a row per document (or per failed input)."""
    import pandas as pd

    rows = []
    for order, path in batch:
        result = extract_one(path, published)
        if isinstance(result, Failed):
            rows.append((order, path, "", "", "", "", 0, result.code, result.message))
        else:
            rows.append((order, result.path, result.sha256, result.document, result.claims, result.parts,
                         result.n_claims, "", ""))
    frame = pd.DataFrame(rows, columns=_EXTRACT_COLUMNS)
    return frame.astype({"order": "int64", "n_claims": "int64"})


def _extract_meta():
    import pandas as pd

    return pd.DataFrame({c: pd.Series(dtype="int64" if c in ("order", "n_claims") else "object")
                         for c in _EXTRACT_COLUMNS})


def _rows_to_results(frame) -> list[tuple[int, Extracted | Failed]]:
    out = []
    for row in frame.itertuples(index=False):
        if row.code:
            out.append((int(row.order), Failed(row.path, row.code, row.message)))
        else:
            out.append((int(row.order), Extracted(row.path, row.sha256, row.document, row.claims, row.parts,
                                                  int(row.n_claims))))
    return out


class DaskEngine:
    """A client on `scheduler` (an address), or on a LocalCluster of processes when None."""

    def __init__(self, scheduler: str | None = None, *, n_workers: int | None = None,
                 claims_per_partition: int = CLAIMS_PER_PARTITION):
        self.claims_per_partition = claims_per_partition
        dd, Client = _require_dask()
        self._dd = dd
        self._cluster = None
        if scheduler:
            self.client = Client(scheduler)
        else:
            from dask.distributed import LocalCluster

            from numcheck.checker.parallel import available_cores

            # silence_logs: the P2P shuffle logs a WARNING for every shuffle it starts (“Shuffle …
            # initialized by task …”), which is routine, not something a user can act on
            self._cluster = LocalCluster(n_workers=n_workers or available_cores(), threads_per_worker=1,
                                         processes=True, dashboard_address=":0", silence_logs=logging.ERROR)
            self.client = Client(self._cluster)

    def close(self) -> None:
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()

    def __enter__(self) -> "DaskEngine":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def extraction_runner(self) -> Callable:
        """A runner for checker.parallel.extract_files: misses go to the cluster in batches."""

        def run(todo: list[tuple[int, str]], published: date | None, store: Callable[[list], None]) -> None:
            if not todo:
                return
            from dask.distributed import as_completed

            workers = max(1, len(self.client.scheduler_info().get("workers", {})))
            size = max(1, min(MAX_BATCH, len(todo) // (workers * 4) or 1))
            batches = [todo[k:k + size] for k in range(0, len(todo), size)]
            frame = self._dd.from_map(_extract_partition, batches, published=published, meta=_extract_meta(),
                                      enforce_metadata=False)
            futures = self.client.compute(frame.to_delayed())
            for future in as_completed(futures):
                store(_rows_to_results(future.result()))
                future.release()

        return run

    # ---------------------------------------------------------------- cross-checking

    def find_conflicts(self, claims, documents, config, new_docs=None, document_entities=None, corroborations=True):
        """The conflict engine's result over a shuffle by block: same findings, same order."""
        import pandas as pd

        from numcheck.checker.cache import to_json
        from numcheck.checker.engine import report_order  # sorting only: new_docs were applied per partition

        if not claims:
            return [], ([] if corroborations else None)
        frame = pd.DataFrame({"pos": range(len(claims)), "claim": [to_json(c) for c in claims]})
        # Documents whole in the first partitions: a claim naming no entity takes its document's,
        # which only all of the document's claims tell (checker.match.prepare).
        numbers = pd.Series(_partition_by_document([c.doc for c in claims], self.claims_per_partition))
        pieces = [piece for _, piece in frame.groupby(numbers, sort=True)]
        nparts = max(1, min(len(pieces), 256))
        ddf = self._dd.from_map(_same, pieces, meta=frame.iloc[:0], enforce_metadata=False)
        context = (documents, config, new_docs, document_entities, corroborations)
        [context] = self.client.scatter([context], broadcast=True)  # sent once per worker
        keyed = ddf.map_partitions(_with_blocks, context, meta={"pos": "int64", "claim": "object", "block": "int64",
                                                                 "doc_entity": "object"})
        shuffled = keyed.shuffle(on="block", npartitions=nparts)  # every block whole in one partition
        found = shuffled.map_partitions(_conflicts_of_partition, context,
                                        meta={"kind": "object", "json": "object"})
        rows = found.compute()
        from numcheck.schemas.models import Conflict

        conflicts = [Conflict.model_validate_json(j) for k, j in zip(rows["kind"], rows["json"]) if k == "c"]
        agreeing = [Conflict.model_validate_json(j) for k, j in zip(rows["kind"], rows["json"]) if k == "r"]
        return report_order(conflicts), (report_order(agreeing) if corroborations else None)


def _partition_by_document(docs: list[str], size: int) -> list[int]:
    """A partition number per claim: about `size` claims each, a document never split."""
    part_of: dict[str, int] = {}
    part = filled = 0
    for doc, n in Counter(docs).items():  # documents in order of first appearance
        if filled and filled + n > size:
            part, filled = part + 1, 0
        part_of[doc] = part
        filled += n
    return [part_of[d] for d in docs]


def _same(frame):
    return frame


def _load_claims(series):
    from pydantic import TypeAdapter

    from numcheck.schemas.models import Claim

    adapter = TypeAdapter(list[Claim])
    return adapter.validate_json("[" + ",".join(series) + "]") if len(series) else []


def _with_blocks(part, context):
    """Each claim's block as a stable integer, and the entity its document is about when it took
    that (whole documents here, parts of them after the shuffle); claims that cannot be
    cross-checked are dropped."""
    from numcheck.checker.match import block_key, prepare

    documents, config, _, document_entities, _ = context
    claims = _load_claims(part["claim"])
    prepared = prepare(claims, documents, config, document_entities)
    keep = [p.pos for p in prepared]
    out = part.iloc[keep].copy()
    out["block"] = [block_number(block_key(p)) for p in prepared]
    out["doc_entity"] = [p.entity if p.entity_from_document else "" for p in prepared]  # None would be NaN
    return out.astype({"block": "int64", "doc_entity": "object"})


def _conflicts_of_partition(part, context):
    """The conflict engine on whole blocks, in input order (so its tie-breaks are the local ones)."""
    import pandas as pd

    from numcheck.checker.cache import to_json
    from numcheck.checker.engine import find_conflicts

    documents, config, new_docs, _, corroborate = context
    part = part.sort_values("pos", kind="stable")
    claims = _load_claims(part["claim"])
    if not claims:
        return pd.DataFrame({"kind": pd.Series(dtype="object"), "json": pd.Series(dtype="object")})
    entities = {c.doc: e for c, e in zip(claims, part["doc_entity"]) if e}
    conflicts, corroborations = find_conflicts(claims, documents, config, new_docs=new_docs,
                                               document_entities=entities, corroborations=corroborate)
    rows = [("c", to_json(c)) for c in conflicts] + [("r", to_json(c)) for c in corroborations or ()]
    return pd.DataFrame(rows, columns=["kind", "json"], dtype="object")
