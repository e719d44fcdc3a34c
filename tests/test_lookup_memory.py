"""What a check remembers between runs. Unit bases in the claim cache: a later check reads them instead of building pint's
registries, gets the same bases, and ignores what another version of the code stored."""
from __future__ import annotations

import json
from decimal import Decimal

from numcheck.checker import compare, run
from numcheck.checker.cache import ClaimCache


def test_remembered_bases_equal_computed_ones(monkeypatch):
    units = ["kilometer", "square_meter", "hour", "ton", "percent", "CNY"]
    computed = {u: compare.unit_base(u) for u in units}
    stored = json.loads(json.dumps(compare.known_unit_bases()))
    monkeypatch.setattr(compare, "_UNIT_BASES", {})
    monkeypatch.setattr(compare, "_compute_unit_base", lambda unit: (_ for _ in ()).throw(AssertionError(unit)))
    compare.remember_unit_bases(stored)
    assert {u: compare.unit_base(u) for u in units} == computed  # no registry needed
    assert compare.unit_base("square_meter").factor == Decimal(1)


def test_a_check_stores_bases_and_the_next_recalls_them(tmp_path, monkeypatch):
    with ClaimCache(tmp_path / "c.sqlite") as cache:
        compare.unit_base("kilometer")
        run.keep_unit_bases(cache, run.recall_unit_bases(cache))
        monkeypatch.setattr(compare, "_UNIT_BASES", {})
        recalled = run.recall_unit_bases(cache)
        assert recalled and compare._UNIT_BASES["kilometer"].factor == Decimal(1000)


def test_bases_of_other_code_or_garbage_are_ignored(tmp_path, monkeypatch):
    with ClaimCache(tmp_path / "c.sqlite") as cache:
        monkeypatch.setattr(compare, "_UNIT_BASES", {})
        cache.write_meta("unit_bases", json.dumps({"id": "other", "bases": {"kilometer": ["x", "7"]}}))
        assert run.recall_unit_bases(cache) is None and compare._UNIT_BASES == {}
        cache.write_meta("unit_bases", json.dumps({"id": run._unit_bases_id(), "bases": {"kilometer": ["x", "seven"]}}))
        assert run.recall_unit_bases(cache) is None and compare._UNIT_BASES == {}
        cache.write_meta("unit_bases", "not json")
        assert run.recall_unit_bases(cache) is None


def test_block_keys_depend_only_on_modules_the_matcher_id_hashes():
    """matcher_id hashes checker.blockindex.BLOCK_MODULES: every checker module those import is among
    them, and the listing (checker/lookup.py) is not, so editing it keeps every stored block index."""
    import re
    from pathlib import Path

    from numcheck.checker.blockindex import BLOCK_MODULES

    root = Path(compare.__file__).resolve().parent
    for name in BLOCK_MODULES:
        assert (root / name).is_file(), name
        imported = re.findall(r"^\s*from checker\.(\w+) import", (root / name).read_text(), re.MULTILINE)
        assert {f"{m}.py" for m in imported} <= set(BLOCK_MODULES), (name, imported)
    assert "lookup.py" not in BLOCK_MODULES
    from numcheck.checker import blockindex, match

    for made_by in (blockindex.block_index, blockindex.wanted_blocks, match.block_key, match.prepare):
        assert Path(made_by.__code__.co_filename).name in BLOCK_MODULES, made_by


def test_remembered_entity_keys_equal_computed_ones_and_need_no_pypinyin(tmp_path, monkeypatch):
    from numcheck.claims import entity_keys

    names = ["美达集团", "Meida Group", "嘉澜市", "梅达集团(海外)", "the City of Jialan"]
    computed = {n: entity_keys.entity_key(n) for n in names}
    with ClaimCache(tmp_path / "c.sqlite") as cache:
        run.keep_entity_keys(cache, run.recall_entity_keys(cache))
        monkeypatch.setattr(entity_keys, "_KNOWN", {})
        monkeypatch.setattr(entity_keys, "_romanise", lambda text: (_ for _ in ()).throw(AssertionError(text)))
        assert run.recall_entity_keys(cache) is not None
        assert {n: entity_keys.entity_key(n) for n in names} == computed  # nothing romanised again
        cache.write_meta("entity_keys", json.dumps({"id": "other code", "keys": {"美达集团": "x"}}))
        monkeypatch.setattr(entity_keys, "_KNOWN", {})
        assert run.recall_entity_keys(cache) is None and entity_keys._KNOWN == {}
        cache.write_meta("entity_keys", json.dumps({"id": entity_keys.keys_id(), "keys": {"美达集团": 7}}))
        assert run.recall_entity_keys(cache) is None and entity_keys._KNOWN == {}
