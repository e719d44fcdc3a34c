"""The CI-gate commands: `numcheck baseline create|update|prune` and `numcheck diff`.

Registered on the main typer app by checker/cli.py. Exit codes follow the
table there: 0 clean, 1 conflicts at or above --fail-on, 2 usage or input
error, 3 internal error.
"""
from __future__ import annotations

import getpass
import os
from datetime import datetime, timezone
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from numcheck.checker.baseline import (
    DEFAULT_FILE, apply_baseline, create_baseline, load_baseline, prune_baseline, save_baseline, update_baseline,
)

EXIT_OK, EXIT_CONFLICTS, EXIT_USAGE = 0, 1, 2

baseline_app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                           help="Accept reviewed conflicts in a committed baseline file.")

FILE_OPTION = typer.Option(Path(DEFAULT_FILE), "--file", help="the baseline file")
PATHS_ARGUMENT = typer.Argument(..., help="the documents the baseline covers (files or directories)")
CONFIG_OPTION = typer.Option(None, "--config", help="numcheck.toml (default: search upwards)")
REASON_OPTION = typer.Option(..., "--reason", help="why these conflicts are accepted (recorded in every new waiver)")
REVIEWER_OPTION = typer.Option(None, "--reviewer",
                               help="who reviewed them (default: $NUMCHECK_REVIEWER, else the login name)")


class DiffFormat(str, Enum):
    text = "text"
    json = "json"
    md = "md"


def with_baseline(report, baseline_file: Optional[Path], *, partial_run: bool):
    """`check --baseline FILE`: mark waived conflicts; list unused waivers unless the run was partial (--against)."""
    if baseline_file is None:
        return report
    return apply_baseline(report, load_baseline(baseline_file), report_unused=not partial_run)


def _reviewer(given: Optional[str]) -> str:
    if given and given.strip():
        return given.strip()
    env = os.environ.get("NUMCHECK_REVIEWER", "").strip()
    if env:
        return env
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        raise typer.BadParameter("cannot tell who you are; pass --reviewer", param_hint="--reviewer") from None


def _today():
    return datetime.now(timezone.utc).date()


def _current_report(paths: list[str], config_file: Optional[Path]):
    """A full check of `paths` (no --against: a baseline covers the whole corpus it is run on)."""
    from numcheck.checker.config import load_config
    from numcheck.checker.run import build_report

    report = build_report(paths, None, load_config(Path.cwd(), config_file)).report
    for error in report.errors:
        typer.echo(f"numcheck: {error.doc}: {error.message} [{error.code}]", err=True)
    if report.errors:
        typer.echo("numcheck: baseline not written: some documents could not be read", err=True)
        raise typer.Exit(EXIT_USAGE)
    return report


@baseline_app.command("create")
def baseline_create(
    paths: list[str] = PATHS_ARGUMENT,
    file: Path = FILE_OPTION,
    reason: str = REASON_OPTION,
    reviewer: Optional[str] = REVIEWER_OPTION,
    force: bool = typer.Option(False, "--force", help="overwrite an existing baseline file"),
    config_file: Optional[Path] = CONFIG_OPTION,
) -> None:
    """Accept every current conflict of PATHS: write a new baseline file."""
    if file.exists() and not force:
        raise typer.BadParameter(f"{file} exists; use `numcheck baseline update` or --force", param_hint="--file")
    who = _reviewer(reviewer)
    report = _current_report(paths, config_file)
    save_baseline(file, create_baseline(report, reason=reason, reviewer=who, today=_today()))
    typer.echo(f"numcheck: {file}: {len(report.conflicts)} waivers written", err=True)


@baseline_app.command("update")
def baseline_update(
    paths: list[str] = PATHS_ARGUMENT,
    file: Path = FILE_OPTION,
    reason: str = REASON_OPTION,
    reviewer: Optional[str] = REVIEWER_OPTION,
    config_file: Optional[Path] = CONFIG_OPTION,
) -> None:
    """Add waivers for the conflicts of PATHS that the baseline does not cover yet; keep the others."""
    baseline = load_baseline(file)
    who = _reviewer(reviewer)
    report = _current_report(paths, config_file)
    updated, added = update_baseline(baseline, report, reason=reason, reviewer=who, today=_today())
    save_baseline(file, updated)
    typer.echo(f"numcheck: {file}: {len(added)} waivers added, {len(updated.waivers)} in all", err=True)


@baseline_app.command("prune")
def baseline_prune(
    paths: list[str] = PATHS_ARGUMENT,
    file: Path = FILE_OPTION,
    config_file: Optional[Path] = CONFIG_OPTION,
) -> None:
    """Remove waivers that match no current conflict of PATHS."""
    baseline = load_baseline(file)
    report = _current_report(paths, config_file)
    pruned, removed = prune_baseline(baseline, report)
    save_baseline(file, pruned)
    for waiver in removed:
        typer.echo(f"numcheck: removed {waiver.fingerprint} ({waiver.code} {waiver.subject})", err=True)
    typer.echo(f"numcheck: {file}: {len(removed)} waivers removed, {len(pruned.waivers)} kept", err=True)


def diff_command(
    old: Path = typer.Argument(..., metavar="OLD.json", help="the earlier report (check --format json)"),
    new: Path = typer.Argument(..., metavar="NEW.json", help="the later report"),
    format: DiffFormat = typer.Option(DiffFormat.text, "--format", "-f", help="output format"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="write here instead of stdout"),
    fail_on: str = typer.Option("none", "--fail-on", help="exit 1 when an added conflict is at least this "
                                "severe: high, medium, low or none (default: never)"),
) -> None:
    """Conflicts added and resolved between two JSON reports."""
    from numcheck.checker.diff import diff_reports, load_report, render_diff

    if fail_on not in ("high", "medium", "low", "none"):
        raise typer.BadParameter(f"{fail_on!r} is not one of high, medium, low, none", param_hint="--fail-on")
    diff = diff_reports(load_report(old), load_report(new))
    data = render_diff(diff, format.value)
    if output is None:
        typer.echo(data, nl=False)
    else:
        from numcheck.checker.atomic import write_atomic

        write_atomic(output, data)
    raise typer.Exit(EXIT_CONFLICTS if diff.failing(fail_on) else EXIT_OK)


def register(app: typer.Typer) -> None:
    app.add_typer(baseline_app, name="baseline")
    app.command("diff")(diff_command)
