"""numcheck.toml / [tool.numcheck]: discovery, defaults, and errors that name file, line and key."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from numcheck.checker.config import Config, find_config_file, load_config
from numcheck.claims.errors import ConfigError


def test_defaults_when_no_file(tmp_path: Path):
    config = load_config(tmp_path)
    assert config == Config()
    assert config.approx_tolerance == Decimal("0.05")
    assert config.severity.low_below < config.severity.high_above
    assert config.include_boilerplate is False


def test_numcheck_toml_found_in_a_parent_folder(tmp_path: Path):
    (tmp_path / "numcheck.toml").write_text(
        'approx_tolerance = 0.08\nignore = ["archive/**"]\n[severity]\nhigh_above = 0.2\n', encoding="utf-8")
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    config = load_config(deep)
    assert config.approx_tolerance == Decimal("0.08")
    assert config.severity.high_above == Decimal("0.2")
    assert config.severity.low_below == Decimal("0.02")  # untouched keys keep their defaults
    assert config.ignore == ["archive/**"]
    assert config.source == (tmp_path / "numcheck.toml").resolve()


def test_pyproject_tool_table(tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.numcheck]\ninclude_boilerplate = true\nlexicon_dirs = ["lex"]\n',
        encoding="utf-8")
    config = load_config(tmp_path)
    assert config.include_boilerplate is True
    assert config.resolve(config.lexicon_dirs[0]) == (tmp_path / "lex").resolve()


def test_pyproject_without_table_is_skipped_and_numcheck_toml_wins(tmp_path: Path):
    (tmp_path / "numcheck.toml").write_text("nearly_band = 0.2\n", encoding="utf-8")
    sub = tmp_path / "pkg"
    sub.mkdir()
    (sub / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert find_config_file(sub) == (tmp_path / "numcheck.toml").resolve()
    assert load_config(sub).nearly_band == Decimal("0.2")
    (sub / "numcheck.toml").write_text("nearly_band = 0.3\n", encoding="utf-8")
    (sub / "pyproject.toml").write_text('[tool.numcheck]\nnearly_band = 0.4\n', encoding="utf-8")
    assert load_config(sub).nearly_band == Decimal("0.3")


def test_explicit_file(tmp_path: Path):
    path = tmp_path / "custom.toml"
    path.write_text("undated_far_apart_days = 30\n", encoding="utf-8")
    assert load_config(Path("/"), path).undated_far_apart_days == 30
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path, tmp_path / "missing.toml")


def test_malformed_toml_names_file_and_line(tmp_path: Path):
    path = tmp_path / "numcheck.toml"
    path.write_text("approx_tolerance = 0.05\nnearly_band = = 3\n", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_config(tmp_path)
    message = str(err.value)
    assert str(path) in message and "line 2" in message and "E201" in message


@pytest.mark.parametrize("body, key, line", [
    ("include_boilerplate = false\napprox_tolerance = \"lots\"\n", "approx_tolerance", 2),
    ("\n\n[severity]\nlow_below = 0.1\nhigh_above = -1\n", "severity.high_above", 5),
    ("approx_tolrance = 0.1\n", "approx_tolrance", 1),  # a typo is an error, not silently ignored
    ("undated_far_apart_days = 1.5\n", "undated_far_apart_days", 1),
])
def test_invalid_value_names_file_line_and_key(tmp_path: Path, body, key, line):
    path = tmp_path / "numcheck.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_config(tmp_path)
    message = str(err.value)
    assert str(path) in message
    assert f"key {key}" in message
    assert f"line {line}" in message


def test_pyproject_errors_name_the_tool_table(tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text('[tool.numcheck]\n\nrounding_cap = 2\n', encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_config(tmp_path)
    assert "key tool.numcheck.rounding_cap" in str(err.value) and "line 3" in str(err.value)


def test_severity_margins_must_be_ordered(tmp_path: Path):
    (tmp_path / "numcheck.toml").write_text("[severity]\nlow_below = 0.3\nhigh_above = 0.1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="severity"):
        load_config(tmp_path)
