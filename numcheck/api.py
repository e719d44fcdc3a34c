"""numcheck as a library: the functions behind the CLI, for notebooks and integrations.

`extract` and `check` read the same inputs as `numcheck extract` and `numcheck check` (files,
folders walked for .txt/.md/.html/.htm) plus in-memory texts (`Text`), and give the same
records: `check` returns the report `check --format json` writes. The CLI calls `run_check`
and `explain` below, so the command line and the library cannot drift apart.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Literal, Union

from numcheck.claims.errors import InputFileError, NumcheckError
from numcheck.schemas.models import Claim, ClaimRecord, Conflict, Report

if TYPE_CHECKING:
    import pandas

    from numcheck.checker.config import Config

FailOn = Literal["high", "medium", "low", "none"]


@dataclass(frozen=True)
class Text:
    """A document held in memory: `name` stands for its path in every record (`doc`), and its
    ending (.txt, .md, .html) says how to read it; `text` is the document, str or raw bytes."""

    name: str
    text: str | bytes

    def data(self) -> bytes:
        return self.text.encode("utf-8") if isinstance(self.text, str) else self.text


Source = Union[str, "os.PathLike[str]", Text]


class InputErrors(NumcheckError):
    """`extract` met inputs it could not read; `errors` holds each (path, code, message)."""

    def __init__(self, errors: list[InputFileError]):
        self.errors = errors
        first = errors[0]
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        super().__init__(first.path, first.code, first.message + more)


def _split(sources: Source | Iterable[Source]) -> tuple[list[str], list[Text]]:
    if isinstance(sources, (str, os.PathLike, Text)):
        sources = [sources]
    paths: list[str] = []
    texts: list[Text] = []
    for s in sources:
        if isinstance(s, Text):
            texts.append(s)
        elif isinstance(s, (str, os.PathLike)):
            paths.append(os.fspath(s))
        else:
            raise TypeError(f"a source is a path or a numcheck.Text, not {type(s).__name__}")
    return paths, texts


def _config(config: "Config | str | os.PathLike[str] | None") -> "Config":
    from numcheck.checker.config import Config, load_config

    if isinstance(config, Config):
        return config
    return load_config(Path.cwd(), None if config is None else Path(config))


def extract(sources: Source | Iterable[Source], *, published: date | None = None,
            strict: bool = True, max_bytes: int | None = None) -> list[Claim]:
    """Every claim of `sources`, in input order (paths first, then texts).

    `published` overrides each document's publication date (it resolves 今年/去年). An input that
    cannot be read raises InputErrors naming it, unless `strict=False`, which skips it. An English
    entity name is given as the Chinese name it romanises to when exactly one document of the set
    writes one ("Yuanlan Shipping" -> 远澜航运; checker/entity_links.py), as `numcheck extract` does."""
    from numcheck.checker.run import run_extraction

    paths, texts = _split(sources)
    result = run_extraction(paths, published=published, texts=[(t.name, t.data()) for t in texts],
                            max_bytes=max_bytes)
    if result.errors and strict:
        raise InputErrors(result.errors)
    from numcheck.checker.entity_links import link_english_names

    return link_english_names(result.claims)


def check(sources: Source | Iterable[Source], *, against: Source | Iterable[Source] | None = None,
          config: "Config | str | os.PathLike[str] | None" = None, fail_on: FailOn = "medium",
          published: date | None = None, baseline: str | os.PathLike[str] | None = None,
          corroborations: bool = True, jobs: int | None = 1) -> Report:
    """Cross-check `sources` (with `against`: against that corpus, reporting only what involves
    `sources`) and return the report `numcheck check --format json` writes.

    `config` is a Config, a numcheck.toml path, or None to search upwards from the working
    folder as the CLI does. `fail_on` sets `report.failed` and `report.exit_code()`, the verdict
    the CLI's exit code gives. `baseline` marks waived conflicts. Unreadable inputs are listed in
    `report.errors` (the CLI exits 2 on them)."""
    paths, texts = _split(sources)
    corpus: list[str] | None = None
    if against is not None:
        corpus, corpus_texts = _split(against)
        if corpus_texts:
            raise TypeError("against takes paths (the corpus on disk), not in-memory texts")
    return run_check(paths, corpus, _config(config), fail_on=fail_on, published=published,
                     baseline=None if baseline is None else Path(baseline), texts=texts,
                     corroborations=corroborations, jobs=jobs)


def run_check(paths: list[str], against: list[str] | None, config: "Config", *, fail_on: FailOn = "medium",
              published: date | None = None, baseline: Path | None = None, texts: list[Text] | None = None,
              corroborations: bool = True, **run: Any) -> Report:
    """`check` with the CLI's run options (`run`: stdin, cache, jobs, progress, engine, scheduler,
    max_bytes, prefetch; see numcheck.checker.run.build_report)."""
    from numcheck.checker.baseline import apply_baseline, load_baseline
    from numcheck.checker.run import build_report

    if texts:
        run["texts"] = [(t.name, t.data()) for t in texts]
    result = build_report(paths, against or None, config, published=published,
                          corroborations=corroborations, **run)
    report = result.report
    if baseline is not None:
        report = apply_baseline(report, load_baseline(baseline), report_unused=not against)
    report.set_fail_on(fail_on)
    return report


def claims_frame(claims: Iterable[Claim | ClaimRecord], *, decimals: Literal["decimal", "pyarrow"] = "decimal"
                 ) -> "pandas.DataFrame":
    """One row per claim: provenance (doc, line, column, start, end), the figure (value, low,
    high exact, unit, qualifier, counter), the subject fields as columns (entity, metric,
    period) and modality. Values are decimal.Decimal objects, or pyarrow decimals with
    `decimals="pyarrow"`; never floats."""
    from numcheck.schemas.frames import claims_frame as frame

    return frame([c if isinstance(c, ClaimRecord) else ClaimRecord.from_claim(c) for c in claims],
                 decimals=decimals)


@dataclass
class Explanation:
    """What `numcheck explain ID` prints: for a claim, its record and the words that gave each
    part of its subject; for a conflict or corroboration, its claims and why they were paired."""

    id: str
    kind: Literal["claim", "conflict", "corroboration"]
    claim: ClaimRecord | None = None
    conflict: Conflict | None = None
    evidence: dict[str, str] = field(default_factory=dict)
    findings: list[str] = field(default_factory=list)

    def text(self) -> str:
        from numcheck.checker.explain import render_explanation

        return render_explanation(self)

    def json(self) -> str:
        out = {"id": self.id, "kind": self.kind, "evidence": self.evidence, "findings": self.findings,
               "claim": self.claim.model_dump(mode="json") if self.claim else None,
               "conflict": self.conflict.model_dump(mode="json") if self.conflict else None}
        return json.dumps(out, ensure_ascii=False, indent=2) + "\n"


class UnknownId(NumcheckError):
    """explain: no claim or finding of the given documents has that id (or the prefix is ambiguous)."""


def explain(id: str, sources: Source | Iterable[Source], *, against: Source | Iterable[Source] | None = None,
            config: "Config | str | os.PathLike[str] | None" = None, published: date | None = None) -> Explanation:
    """Explain a claim id or a conflict id (a unique prefix will do) found in `sources`: the
    words that gave the claim its entity, measure, period and modality, or the evidence that
    paired the claims of a finding."""
    from numcheck.checker.explain import find_explanation
    from numcheck.checker.run import build_report

    paths, texts = _split(sources)
    corpus = _split(against)[0] if against is not None else None
    result = build_report(paths, corpus, _config(config), published=published,
                          texts=[(t.name, t.data()) for t in texts])
    found = find_explanation(id, result.extraction.claims, result.report)
    if found is None:
        raise UnknownId(id, "E401", "no claim or finding has this id in the given documents")
    return found
