"""The numcheck command line (typer).

Exit codes: 0 clean, 1 conflicts at or above --fail-on, 2 usage or input error,
3 internal error (never 0 on a crash).
"""
from __future__ import annotations

import importlib
import json
import logging
import os
import sys
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from numcheck.checker.cli_gate import CONFIG_OPTION
from numcheck.claims.errors import NumcheckError

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  help="Extract numeric claims from news text and flag contradictions across documents.")

EXIT_OK, EXIT_CONFLICTS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


class ExtractFormat(str, Enum):
    jsonl = "jsonl"
    json = "json"
    csv = "csv"
    parquet = "parquet"


class CheckFormat(str, Enum):
    text = "text"
    json = "json"
    md = "md"
    html = "html"
    sarif = "sarif"


class Engine(str, Enum):
    local = "local"
    dask = "dask"


class FailOn(str, Enum):
    high = "high"
    medium = "medium"
    low = "low"
    none = "none"


def _parse_date(value: Optional[str]) -> Optional[date]:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)", param_hint="--date") from None


def _stdin_bytes(paths: list[str], max_bytes: int) -> Optional[bytes]:
    from numcheck.claims.inputs import read_stdin

    return read_stdin(max_bytes) if "-" in paths else None


def _emit(data: str | bytes, output: Optional[Path]) -> None:
    """Write to --output atomically (temp file + rename), else to stdout."""
    if output is None:
        if isinstance(data, bytes):
            sys.stdout.buffer.write(data)
        else:
            sys.stdout.write(data)
        sys.stdout.flush()
        return
    from numcheck.checker.atomic import write_atomic

    write_atomic(output, data)


def _warn_errors(errors) -> None:
    for e in errors:
        typer.echo(f"numcheck: {e.doc if hasattr(e, 'doc') else e.path}: {e.message} [{e.code}]", err=True)


# Options of the claim cache, parallel extraction and progress (checker/cache.py, parallel.py, progress.py).
CACHE_OPTION = typer.Option(None, "--cache", help="claim cache file (default: .numcheck/cache.sqlite in the corpus folder)")
NO_CACHE_OPTION = typer.Option(False, "--no-cache", help="neither read nor write the claim cache")
JOBS_OPTION = typer.Option(None, "--jobs", "-j", min=1, help="worker processes for extraction (default: available cores)")
QUIET_OPTION = typer.Option(False, "--quiet", "-q", help="no progress bar on stderr")
MAX_BYTES_OPTION = typer.Option(20_000_000, "--max-bytes", min=1, metavar="BYTES",
                                help="skip documents larger than this, with an E105 message naming the file "
                                     "(exit code 2); default 20,000,000 (20 MB)")


def _import_extractor(extractor: bool = True) -> None:
    """Import the checker (the engine, its lexicons) and, unless a worker extracts (a re-check,
    checker/prefetch.py), the extractor, with the cyclic collector paused: imports make long-lived
    objects only, and collections during them are 0.15 s of a check's start-up."""
    from numcheck.checker.gcpause import collector_paused

    with collector_paused():
        import numcheck.checker.run  # noqa: F401

        if extractor:
            import numcheck.claims.pipeline  # noqa: F401


def _extraction_setup(corpus: list[str], cache_path: Optional[Path], no_cache: bool, quiet: bool, label: str):
    """The open claim cache (or None) and the progress bar for a command."""
    from numcheck.checker.cache import open_cache
    from numcheck.checker.progress import ProgressBar

    return open_cache(corpus, cache_path, enabled=not no_cache), ProgressBar(0, label, quiet=quiet)


@app.command()
def extract(
    paths: list[str] = typer.Argument(..., help="files or directories (.txt .md .html .htm), '-' for stdin"),
    format: ExtractFormat = typer.Option(ExtractFormat.jsonl, "--format", "-f", help="output format"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="write here instead of stdout"),
    date_: Optional[str] = typer.Option(None, "--date", help="publication date YYYY-MM-DD (overrides the document)"),
    cache_path: Optional[Path] = CACHE_OPTION,
    no_cache: bool = NO_CACHE_OPTION,
    jobs: Optional[int] = JOBS_OPTION,
    quiet: bool = QUIET_OPTION,
    max_bytes: int = MAX_BYTES_OPTION,
) -> None:
    """Extract every numeric claim as a typed record."""
    _import_extractor()
    from numcheck.checker.run import run_extraction
    from numcheck.schemas.models import ClaimRecord

    cache, bar = _extraction_setup(paths, cache_path, no_cache, quiet, "extract")
    try:
        with bar:
            result = run_extraction(paths, published=_parse_date(date_), stdin=_stdin_bytes(paths, max_bytes),
                                    cache=cache, jobs=jobs, progress=bar, max_bytes=max_bytes)
    finally:
        if cache is not None:
            cache.close()
    _warn_errors(result.errors)
    from numcheck.checker.entity_links import link_english_names

    records = [ClaimRecord.from_claim(c) for c in link_english_names(result.claims)]
    if format is ExtractFormat.jsonl:
        data = "".join(r.model_dump_json() + "\n" for r in records)
    elif format is ExtractFormat.json:
        data = json.dumps([r.model_dump(mode="json") for r in records], ensure_ascii=False, indent=2) + "\n"
    else:
        from numcheck.checker.report import render_claims

        data = render_claims(records, format.value)
    _emit(data, output)
    raise typer.Exit(EXIT_USAGE if result.errors else EXIT_OK)


@app.command()
def check(
    paths: list[str] = typer.Argument(..., help="documents to check (files or directories), '-' for stdin"),
    against: list[str] = typer.Option([], "--against", "-a", help="corpus to check against (repeatable)"),
    format: CheckFormat = typer.Option(CheckFormat.text, "--format", "-f", help="output format"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="write here instead of stdout"),
    fail_on: FailOn = typer.Option(FailOn.medium, "--fail-on", help="lowest severity that fails the run"),
    baseline_file: Optional[Path] = typer.Option(None, "--baseline", help="accepted conflicts (numcheck baseline create)"),
    config_file: Optional[Path] = CONFIG_OPTION,
    include_boilerplate: bool = typer.Option(False, "--include-boilerplate", help="cross-check boilerplate claims too"),
    date_: Optional[str] = typer.Option(None, "--date", help="publication date YYYY-MM-DD for the given documents"),
    cache_path: Optional[Path] = CACHE_OPTION,
    no_cache: bool = NO_CACHE_OPTION,
    jobs: Optional[int] = JOBS_OPTION,
    quiet: bool = QUIET_OPTION,
    engine: Engine = typer.Option(Engine.local, "--engine", help="local processes, or dask for a cluster (numcheck[dask])"),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="dask scheduler address (default: a local cluster)"),
    max_bytes: int = MAX_BYTES_OPTION,
    no_corroborations: bool = typer.Option(False, "--no-corroborations",
                                           help="do not look for agreeing figures (about half the time of a "
                                                "large check; the report says corroborations: null)"),
) -> None:
    """Cross-check documents and report contradictions."""
    published = _parse_date(date_)
    prefetch = None
    from numcheck.checker import prefetch as worker

    if against and not no_cache and worker.applies(paths, jobs, dask=engine is Engine.dask):
        # A re-check: the new documents' extraction starts now, in a worker, while this process
        # imports the checker and lists the corpus (checker/prefetch.py).
        prefetch = worker.Prefetch(paths, published, max_bytes)
    try:
        _import_extractor(extractor=prefetch is None)
        from numcheck.api import run_check
        from numcheck.checker.config import load_config
        from numcheck.checker.report import render

        config = load_config(Path.cwd(), config_file)
        if include_boilerplate:
            config = config.model_copy(update={"include_boilerplate": True})
        cache, bar = _extraction_setup(against or paths, cache_path, no_cache, quiet, "check")
        try:
            with bar:
                report = run_check(paths, against or None, config, fail_on=fail_on.value, published=published,
                                   baseline=baseline_file, corroborations=not no_corroborations,
                                   stdin=_stdin_bytes(paths, max_bytes), cache=cache, jobs=jobs, progress=bar,
                                   engine=engine.value, scheduler=scheduler, max_bytes=max_bytes,
                                   prefetch=prefetch)
        finally:
            if cache is not None:
                cache.close()
    finally:
        if prefetch is not None:
            prefetch.close()
    _warn_errors(report.errors)
    color = output is None and format is CheckFormat.text and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    from numcheck.checker.gcpause import collector_paused

    with collector_paused():
        rendered = render(report, format.value, color=color, encoded=output is not None)  # a file: UTF-8
    _emit(rendered, output)
    raise typer.Exit(report.exit_code())


class ExplainFormat(str, Enum):
    text = "text"
    json = "json"


@app.command()
def explain(
    id: str = typer.Argument(..., help="a claim id or a conflict id (a unique prefix will do)"),
    paths: list[str] = typer.Argument(..., help="the documents the id comes from (files or directories)"),
    against: list[str] = typer.Option([], "--against", "-a", help="the corpus the conflict was found against"),
    format: ExplainFormat = typer.Option(ExplainFormat.text, "--format", "-f", help="output format"),
    date_: Optional[str] = typer.Option(None, "--date", help="publication date YYYY-MM-DD for the given documents"),
    config_file: Optional[Path] = CONFIG_OPTION,
) -> None:
    """Why a claim got its subject, or why a conflict's claims were paired."""
    from numcheck.api import explain as explain_id

    found = explain_id(id, paths, against=against or None, config=config_file, published=_parse_date(date_))
    _emit(found.json() if format is ExplainFormat.json else found.text(), None)


@app.command()
def index(
    corpus: list[str] = typer.Argument(..., help="corpus files or directories to extract into the claim cache"),
    cache_path: Optional[Path] = CACHE_OPTION,
    jobs: Optional[int] = JOBS_OPTION,
    quiet: bool = QUIET_OPTION,
    config_file: Optional[Path] = CONFIG_OPTION,
    max_bytes: int = MAX_BYTES_OPTION,
) -> None:
    """Fill the claim cache ahead of time, so later checks against CORPUS only extract what changed."""
    _import_extractor()
    from numcheck.checker.cache import ClaimCache, default_cache_path
    from numcheck.checker.config import load_config
    from numcheck.checker.lookup import index_corpus
    from numcheck.checker.progress import ProgressBar

    target = cache_path or default_cache_path(corpus)
    if target is None:
        raise typer.BadParameter("nothing to index (stdin cannot be cached)", param_hint="CORPUS")
    with ClaimCache(target) as cache, ProgressBar(0, "index", quiet=quiet) as bar:
        pruned = cache.prune()
        result = index_corpus(corpus, cache, load_config(Path.cwd(), config_file), jobs=jobs, progress=bar,
                              max_bytes=max_bytes)
        stats = cache.stats()
    _warn_errors(result.errors)
    if not quiet:
        typer.echo(f"numcheck: indexed {bar.documents} documents ({result.unchanged} unchanged, {result.extracted} extracted, "
                   f"{pruned} stale entries dropped); cache {target}: {stats['entries']} entries, "
                   f"{stats['claims']} claims", err=True)
    raise typer.Exit(EXIT_USAGE if result.errors else EXIT_OK)


@app.command()
def serve(
    corpus: list[str] = typer.Argument(..., help="corpus files or directories that drafts are checked against"),
    host: str = typer.Option("127.0.0.1", "--host", help="address to bind; any but loopback requires a token"),
    port: int = typer.Option(8765, "--port", min=0, max=65535, help="port to listen on"),
    baseline_file: Optional[Path] = typer.Option(None, "--baseline", help="file 'Accept with reason' writes waivers to"),
    token: Optional[str] = typer.Option(None, "--token", envvar="NUMCHECK_TOKEN",
                                        help="required on every request (generated when --host is not loopback)"),
    cache_path: Optional[Path] = CACHE_OPTION,
    jobs: Optional[int] = JOBS_OPTION,
    quiet: bool = QUIET_OPTION,
    config_file: Optional[Path] = CONFIG_OPTION,
    max_bytes: int = MAX_BYTES_OPTION,
    workers: Optional[int] = typer.Option(None, "--workers", min=0,
                                          help="processes that run checks (default: available cores; 0: in the "
                                               "server process)"),
    max_corroborating: int = typer.Option(10, "--max-corroborating", min=0, metavar="N",
                                          help="corpus claims a corroboration lists at most; the others are "
                                               "counted (unlisted_claims) but not listed (0: list them all)"),
) -> None:
    """Serve a page and a JSON API that check drafts against CORPUS (needs numcheck[serve])."""
    try:
        from numcheck.checker.serve.run import serve as run_server
    except ImportError as exc:  # FastAPI, uvicorn, Jinja2 are an optional extra
        typer.echo(f"numcheck: serve needs the serve extra: pip install 'numcheck[serve]' ({exc})", err=True)
        raise typer.Exit(EXIT_USAGE)
    _import_extractor()
    run_server(corpus, host=host, port=port, baseline=baseline_file, token=token, max_bytes=max_bytes,
               cache_path=cache_path, jobs=jobs, quiet=quiet, config_file=config_file, workers=workers,
               max_corroborating=max_corroborating)


@app.command()
def rules(
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="write here (docs/rules.md) instead of stdout"),
    check_only: bool = typer.Option(False, "--check", help="with --output: exit 1 when that file is stale"),
) -> None:
    """The checks numcheck runs, as Markdown, from the rule modules' docstrings."""
    from numcheck.checker.rules import rules_markdown

    text = rules_markdown()
    if check_only:
        if output is None:
            raise typer.BadParameter("--check needs --output FILE", param_hint="--check")
        current = output.read_text(encoding="utf-8") if output.is_file() else None
        if current != text:
            typer.echo(f"numcheck: {output}: stale, run `numcheck rules --output {output}`", err=True)
            raise typer.Exit(1)
        raise typer.Exit(0)
    _emit(text, output)


@app.command()
def schema(
    out: Path = typer.Option(None, "--out", help="folder to write (default: the package's schemas/json)"),
    check_only: bool = typer.Option(False, "--check", help="exit 1 when the committed files are stale"),
) -> None:
    """Export the JSON Schema of the report and the claim record."""
    from numcheck.checker.atomic import write_atomic
    from numcheck.schemas.export import SCHEMA_DIR, schema_texts, stale_files

    target = out or SCHEMA_DIR
    if check_only:
        stale = stale_files(target)
        for name in stale:
            typer.echo(f"numcheck: {target / name}: stale, run `numcheck schema`", err=True)
        raise typer.Exit(1 if stale else 0)
    target.mkdir(parents=True, exist_ok=True)
    for name, text in schema_texts().items():
        write_atomic(target / name, text)
        typer.echo(str(target / name))


from numcheck.checker.cli_gate import register as _register_gate_commands  # noqa: E402  (baseline, diff)

_register_gate_commands(app)


def _click_exceptions(name: str) -> tuple[type, ...]:
    """click's exception `name`: typer >= 0.2x vendors click as typer._click (click itself may be absent);
    older typer uses click. Both are caught when both are importable."""
    found = []
    for module in ("typer._click.exceptions", "click.exceptions"):
        try:
            found.append(getattr(importlib.import_module(module), name))
        except (ImportError, AttributeError):
            continue
    return tuple(found)


_EXIT = (typer.Exit, *_click_exceptions("Exit"))
_ABORT = _click_exceptions("Abort")
_USAGE = _click_exceptions("ClickException")


def main(argv: Optional[list[str]] = None) -> None:
    """Console entry point: maps every failure onto the documented exit codes."""
    try:
        # Not standalone: typer.Exit comes back as the return value, errors as exceptions.
        code = app(args=argv, standalone_mode=False)
    except _EXIT as exc:
        sys.exit(exc.exit_code)
    except _ABORT:
        typer.echo("numcheck: aborted", err=True)
        sys.exit(EXIT_USAGE)
    except _USAGE as exc:  # usage errors
        exc.show()
        sys.exit(EXIT_USAGE)
    except NumcheckError as exc:  # config, baseline and other named-file errors
        typer.echo(f"numcheck: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    except BrokenPipeError:
        sys.exit(EXIT_OK)
    except Exception as exc:  # never exit 0 on a crash
        typer.echo(f"numcheck: internal error: {type(exc).__name__}: {exc}", err=True)
        if os.environ.get("NUMCHECK_DEBUG"):
            raise
        sys.exit(EXIT_INTERNAL)
    sys.exit(code if isinstance(code, int) else EXIT_OK)


def run() -> None:
    """The `numcheck` command: main(), then an exit that skips freeing every object one by one (a
    100k-document re-check holds some hundreds of MB of small ones: a third of a second). Output
    files are written and closed and stdout and stderr flushed before; no worker outlives main()."""
    try:
        main()
    except SystemExit as exc:
        code = exc.code
    else:
        code = EXIT_OK
    if code is None:
        code = EXIT_OK
    elif not isinstance(code, int):
        print(code, file=sys.stderr)
        code = EXIT_USAGE
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        pass
    sys.stderr.flush()
    logging.shutdown()
    os._exit(code)

