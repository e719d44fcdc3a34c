"""numcheck configuration: `numcheck.toml` or `[tool.numcheck]` in pyproject.toml.

The search starts in the given directory and walks up to the filesystem root;
the first `numcheck.toml`, or the first pyproject.toml that has a
`[tool.numcheck]` table, wins (numcheck.toml first within one directory).
Every key is optional; the defaults below are documented in the model.

    # numcheck.toml
    approx_tolerance = 0.05        # 约/about: +-5% of the stated value
    nearly_band = 0.05             # 近/nearly: admits [value*(1-0.05), value]
    rounding_cap = 0.05            # rounding widening is at most +-5% of the value
    undated_far_apart_days = 180   # both claims undated and published further apart: never high
    undated_against_dated = true   # an undated claim vs its subject's single dated period, if its
                                   # own document dates claims to that period; severity low
    different_quantity_ratio = 3   # 52.4亿 vs 412.6亿 under one label: different things, not a conflict
    include_boilerplate = false
    min_confidence = 0.5           # claims less sure of their subject are not cross-checked
    lexicon_dirs = ["lexicon"]     # extra folders of YAML lexicons, relative to this file
    ignore = ["archive/**"]        # glob patterns of paths not to read

    [severity]
    low_below = 0.02               # gap under 2% of the figures: near-boundary -> low
    high_above = 0.05              # gap over 5% with full subject agreement -> high

A malformed file raises `claims.errors.ConfigError` naming the file, the line
and the key.
"""
from __future__ import annotations

import re
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from numcheck.claims.errors import ConfigError
from numcheck.claims.intervals import BANDS

CONFIG_FILE = "numcheck.toml"
PYPROJECT = "pyproject.toml"


class SeverityMargins(BaseModel):
    """Relative gaps between disjoint intervals that set a conflict's severity."""

    model_config = ConfigDict(extra="forbid")

    low_below: Decimal = Field(
        default=Decimal("0.02"), ge=0,
        description="a gap smaller than this share of the figures is a near-boundary case: severity low",
    )
    high_above: Decimal = Field(
        default=Decimal("0.05"), ge=0,
        description="a gap larger than this share, with full subject agreement, is severity high",
    )

    @model_validator(mode="after")
    def _ordered(self) -> "SeverityMargins":
        if self.low_below > self.high_above:
            raise ValueError("low_below must not exceed high_above")
        return self


class Config(BaseModel):
    """Tolerances and switches of the conflict engine (and the paths it reads)."""

    model_config = ConfigDict(extra="forbid")

    # the defaults are the bands extraction widens intervals by (claims/data/qualifiers.yaml): one
    # source for both, so a record and the engine read 近 alike unless a project says otherwise
    approx_tolerance: Decimal = Field(
        default=BANDS.approx, ge=0, lt=1, description="约/左右/about admit +-this share of the value"
    )
    nearly_band: Decimal = Field(
        default=BANDS.nearly, ge=0, lt=1, description="近/接近/nearly admit [value*(1-band), value]"
    )
    rounding_cap: Decimal = Field(
        default=BANDS.rounding_cap, ge=0, lt=1,
        description="rounding widens an exact figure by half its last digit, at most this share of the value",
    )
    severity: SeverityMargins = Field(default_factory=SeverityMargins)
    undated_far_apart_days: int = Field(
        default=180, ge=0,
        description="two undated claims from documents published further apart than this are never high (reason stated)",
    )
    undated_against_dated: bool = Field(
        default=True,
        description=(
            "compare an undated claim with the claims of its subject's single dated period when its "
            "own document dates other claims to that period (reported with low severity); an undated "
            "figure in a document about other periods may mean any of them and is never so compared; "
            "false: undated claims meet only undated claims"
        ),
    )
    different_quantity_ratio: Decimal = Field(
        default=Decimal(3), ge=0,
        description=(
            "figures further apart than this factor are taken as different quantities under one label "
            "(a mis-assigned subject), not as a contradiction; 0 compares at any distance. Ranks are exempt."
        ),
    )
    include_boilerplate: bool = Field(default=False, description="cross-check claims in boilerplate zones too")
    min_confidence: float = Field(
        default=0.5, ge=0, le=1,
        description="claims whose subject.confidence is lower are not cross-checked (a claim naming no known "
                    "measure is 0.3); the report counts them",
    )
    lexicon_dirs: list[Path] = Field(default_factory=list, description="extra lexicon folders (YAML)")
    ignore: list[str] = Field(default_factory=list, description="glob patterns of paths not to read")
    source: Path | None = Field(default=None, description="the file this configuration came from, if any")

    def resolve(self, path: str | Path) -> Path:
        """A path from the configuration, relative to the configuration file's folder."""
        p = Path(path)
        if p.is_absolute() or self.source is None:
            return p
        return self.source.parent / p


def load_config(start_dir: Path, explicit: Path | None = None) -> Config:
    """The configuration for documents under `start_dir` (defaults when no file is found)."""
    if explicit is not None:
        explicit = Path(explicit)
        if not explicit.is_file():
            raise ConfigError(str(explicit), "E201", "configuration file not found")
        return _load_file(explicit, table_in_pyproject=explicit.name == PYPROJECT)
    found = find_config_file(Path(start_dir))
    if found is None:
        return Config()
    return _load_file(found, table_in_pyproject=found.name == PYPROJECT)


def find_config_file(start_dir: Path) -> Path | None:
    here = start_dir.resolve()
    if here.is_file():
        here = here.parent
    for folder in (here, *here.parents):
        candidate = folder / CONFIG_FILE
        if candidate.is_file():
            return candidate
        pyproject = folder / PYPROJECT
        if pyproject.is_file() and _has_tool_table(pyproject):
            return pyproject
    return None


def _has_tool_table(pyproject: Path) -> bool:
    try:
        text = pyproject.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return re.search(r"^[ \t]*\[[ \t]*tool\.numcheck(\.|[ \t]*\])", text, re.M) is not None


def _load_file(path: Path, *, table_in_pyproject: bool) -> Config:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(str(path), "E201", f"cannot read configuration ({exc})") from None
    try:
        data: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(str(path), "E201", f"malformed TOML: {exc}") from None
    if table_in_pyproject:
        data = data.get("tool", {}).get("numcheck", {})
        prefix = "tool.numcheck."
    else:
        prefix = ""
    if not isinstance(data, dict):
        raise ConfigError(str(path), "E201", f"line {_line_of(text, 'numcheck')}: key {prefix or 'numcheck'} must be a table")
    try:
        config = Config.model_validate({**data, "source": None})
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = [str(part) for part in err["loc"]]
        key = ".".join(loc)
        # the innermost name that is a TOML key (list indices are not)
        names = [part for part in loc if not part.isdigit()]
        line = _line_of(text, names[-1] if names else key)
        raise ConfigError(str(path), "E201", f"line {line}: key {prefix}{key}: {err['msg']}") from None
    config.source = path.resolve()
    return config


def _line_of(text: str, key: str) -> int | str:
    """1-based line where `key = ...` (or a `[key]` table) is written; '?' when not found."""
    pattern = re.compile(rf"^[ \t]*(\[[ \t]*)?([\w.\"-]*\.)?\"?{re.escape(key)}\"?[ \t]*(=|\])", re.M)
    m = pattern.search(text)
    if m is None:
        return "?"
    return text.count("\n", 0, m.start()) + 1
