"""Data files read the same through libyaml (fast) as through PyYAML's pure-Python parser."""
from pathlib import Path

import pytest
import yaml

from numcheck.claims.cuefiles import DATA_DIR, _LOADER, load_data_file
from numcheck.claims.errors import ConfigError

DATA_FILES = sorted(DATA_DIR.glob("*.yaml")) + sorted((Path(DATA_DIR).parents[1] / "checker" / "data").glob("*.yaml"))


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.name)
def test_fast_loader_reads_every_data_file_as_the_reference_parser(path):
    text = path.read_text(encoding="utf-8")
    assert yaml.load(text, Loader=_LOADER) == yaml.safe_load(text)


def test_bad_yaml_still_names_the_file():
    from pydantic import BaseModel

    class Anything(BaseModel):
        pass

    with pytest.raises(ConfigError) as err:
        load_data_file("broken.yaml", Anything, text="a: [1, 2\nb: 3\n")
    assert "broken.yaml" in str(err.value) and "not valid YAML" in str(err.value)
