"""One list of generic entity endings: claims/data/entity_suffixes.yaml.

The engine's entity comparison (checker/match.py entity_key) and the romanised entity key
(claims/entity_keys.py) strip the same endings by the same rule; checker/data/matching.yaml
no longer carries its own copy, though a configured lexicon folder may still add endings.
"""
from __future__ import annotations

import pytest
import yaml

from numcheck.checker.config import Config
from numcheck.checker.match import DATA_FILE, entity_key, lexicon, use_lexicon_dirs
from numcheck.claims.entity_keys import entity_key as romanised_entity_key
from numcheck.claims.entity_keys import suffixes


def test_the_bundled_matching_lexicon_has_no_second_list():
    assert "entity_suffixes" not in yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    assert lexicon().entity_suffixes == []


@pytest.mark.parametrize("ending", suffixes().chinese_suffixes)
def test_every_chinese_ending_of_the_shared_list_is_stripped(ending):
    assert entity_key("美达" + ending) == "美达"


@pytest.mark.parametrize("word", suffixes().english_suffix_words)
def test_every_english_ending_of_the_shared_list_is_stripped(word):
    assert entity_key(f"Meida {word.title()}") == "meida"


@pytest.mark.parametrize("name", ["美达集团股份有限公司", "嘉澜市", "星岚科技", "美达集团(海外)", "沙市",
                                  "Meida Group Co., Ltd.", "the eastern Chinese city of Jialan"])
def test_engine_key_and_romanised_key_strip_alike(name):
    assert romanised_entity_key(entity_key(name)) == romanised_entity_key(name)


def test_short_names_and_scopes_keep_their_words():
    assert entity_key("沙市") == "沙市"  # 沙 alone would name nothing
    assert entity_key("美达集团(海外)") != entity_key("美达集团")


def test_a_lexicon_folder_may_still_add_endings(tmp_path):
    (tmp_path / "matching.yaml").write_text("entity_suffixes: [联盟]\n", encoding="utf-8")
    assert entity_key("星火联盟") == "星火联盟"
    try:
        use_lexicon_dirs(Config(lexicon_dirs=[tmp_path]))
        assert entity_key("星火联盟") == "星火"
    finally:
        use_lexicon_dirs(Config())
    assert entity_key("星火联盟") == "星火联盟"
