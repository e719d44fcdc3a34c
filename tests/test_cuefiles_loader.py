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


def test_a_key_given_twice_is_refused_naming_it() -> None:
    # YAML keeps the last of two equal keys without a word: a lexicon entry edited in two places
    # would lose one silently
    from pydantic import BaseModel

    from numcheck.claims.cuefiles import load_data_file
    from numcheck.claims.errors import ConfigError

    class Table(BaseModel):
        words: dict[str, int] = {}

    with pytest.raises(ConfigError, match="'七普' given twice"):
        load_data_file("cues.yaml", Table, text="words:\n  七普: 2020\n  六普: 2010\n  七普: 2020\n")
    assert load_data_file("cues.yaml", Table, text="words:\n  七普: 2020\n  六普: 2010\n").words == {"七普": 2020, "六普": 2010}


def test_every_shipped_data_file_has_unique_keys() -> None:
    import glob

    import yaml

    from numcheck.claims.cuefiles import _LOADER

    root = Path(__file__).resolve().parent.parent
    for path in sorted(glob.glob(str(root / "claims" / "data" / "*.yaml")) + glob.glob(str(root / "checker" / "data" / "*.yaml"))):
        yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_LOADER)  # raises on a key given twice
