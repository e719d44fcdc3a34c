"""One key per entity across scripts: a Chinese name and its English romanisation meet.

    entity_key(entity) -> str     美达集团 -> "meida", "Meida Group" -> "meida", 嘉澜市 -> "jialan"

English names of Chinese cities and companies are pinyin romanisations, so a toneless
pinyin reading of the Chinese name, with generic endings (集团, 市, Group, City) removed
on both sides, lets an English article and a Chinese one speak of the same entity
without an alias list. The generic words live in data/entity_suffixes.yaml.

A scope written in brackets stays part of the key (美达集团(海外) -> "meida(haiwai)"),
so a scoped entity is never merged with the whole. Different Chinese names may share a
reading; callers should compare Chinese names as written and use this key only when
one side is English (checker/match.py does).
"""
from __future__ import annotations

import re
from functools import lru_cache

from pydantic import BaseModel, ConfigDict, field_validator

from numcheck.claims.cuefiles import cached
from numcheck.claims.normalize import normalize


class EntitySuffixes(BaseModel):
    """The format of claims/data/entity_suffixes.yaml (documented in its header)."""

    model_config = ConfigDict(extra="forbid")

    chinese_suffixes: list[str]
    english_suffix_words: list[str]
    english_leading_words: list[str]
    business_words: dict[str, list[str]] = {}
    translated_words: dict[str, str] = {}
    english_place_words: list[str] = []
    short_endings: dict[str, str] = {}
    english_short_endings: dict[str, str] = {}

    @field_validator("english_suffix_words", "english_leading_words")
    @classmethod
    def _lower_case_words(cls, words: list[str]) -> list[str]:
        bad = [w for w in words if w != w.lower() or " " in w]
        if bad:
            raise ValueError(f"one lower-case word per entry: {bad[0]!r}")
        return words


def suffixes() -> EntitySuffixes:
    return cached("entity_suffixes.yaml", EntitySuffixes)


_CJK = re.compile(r"[\u3400-\u9fff]")
_SCOPE = re.compile(r"^(.*?)\s*[(（\[【](.*?)[)）\]】]\s*$")
_WORDS = re.compile(r"[a-z0-9]+(?:['’][a-z0-9]+)*")
_KEEP = re.compile(r"[^a-z0-9]+")
_RUNS = re.compile(r"[\u3400-\u9fff]+|[^\u3400-\u9fff]+")


def has_chinese(text: str | None) -> bool:
    return bool(text) and _CJK.search(text) is not None


_KNOWN: dict[str, str] = {}  # entity -> key, computed here or remembered from an earlier run


def entity_key(entity: str) -> str:
    """The script-independent key of an entity name (empty for an empty name)."""
    key = _KNOWN.get(entity)
    if key is None:
        key = _KNOWN[entity] = _entity_key(entity)
    return key


def known_entity_keys() -> dict[str, str]:
    """Every key given so far: a caller may keep them (the claim cache does) and hand them back
    with `remember_entity_keys`, so that a later run need not load pypinyin's dictionaries."""
    return dict(_KNOWN)


def remember_entity_keys(keys: dict[str, str]) -> None:
    """Keys `known_entity_keys` gave under the same code, data and libraries (keys_id)."""
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in keys.items()):
        raise TypeError("entity keys are strings")
    _KNOWN.update(keys)


@lru_cache(maxsize=1)  # a re-check asks twice (a server, for every draft): files and package metadata read once
def keys_id() -> str:
    """What keys depend on: this module, the generic words, normalize (OpenCC) and pypinyin."""
    import hashlib
    from importlib.metadata import PackageNotFoundError, version
    from pathlib import Path

    h = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for f in (Path(__file__), here / "data" / "entity_suffixes.yaml", here / "normalize.py", here / "entities.py",
              here / "coined_names.py"):
        h.update(f.read_bytes())
    for name in ("pypinyin", "opencc"):
        try:
            h.update(f"{name}={version(name)}".encode())
        except PackageNotFoundError:
            h.update(f"{name}=-".encode())
    return h.hexdigest()[:32]


def _entity_key(entity: str) -> str:
    return _entity_keys(entity, lambda text: [_romanise(text)])[0]


def reading_keys(entity: str) -> list[str]:
    """entity_key first, then the keys of the name's other readings: a character with several
    (芫: yan, yuan; 栖: qi, xi) may be romanised by either in an English name the pinyin
    dictionary has never seen (芫城 -> Yuancheng). At most MAX_READINGS keys."""
    return _entity_keys(entity, _readings)


MAX_READINGS = 16


def _entity_keys(entity: str, romanise) -> list[str]:
    text = " ".join(normalize(entity).split())
    scope = ""
    m = _SCOPE.match(text)
    if m and m.group(1):
        text, scope = m.group(1), f"({_romanise(m.group(2))})"
    if has_chinese(text):
        core = _chinese_core(text)
        for word, english in sorted(suffixes().business_words.items(), key=lambda kv: -len(kv[0])):
            if core.endswith(word) and len(core) - len(word) >= 2:  # 远澜航运 = Yuanlan Shipping
                return [r + _KEEP.sub("", english[0]) + scope for r in romanise(_translated(core[: -len(word)]))]
        return [r + scope for r in romanise(_translated(core))]
    words = _english_core(text).split()
    if len(words) > 1:
        # the longest business phrase the name ends with (Kangheng Pharmaceutical = Kangheng Pharma;
        # Lingdao Culture and Tourism = Lingdao Culture Tourism = 翎岛文旅)
        core = [w for w in words if w != "and"]
        best = None
        for english in suffixes().business_words.values():
            for phrase in english:
                said = [w for w in phrase.split() if w != "and"]
                if len(core) > len(said) and core[-len(said):] == said and (best is None or len(said) > best[0]):
                    best = (len(said), english[0])
        named = core[:-best[0]] if best is not None else core
        if _romanised_name_first(named):
            words = core[:1]
        elif best is not None:
            words = named + best[1].split()
    return [_romanise(" ".join(words)) + scope]


def _romanised_name_first(words: list[str]) -> bool:
    """A romanised name followed by English words of its business (Yunzhi Home = 橒梽家居, Fuqian
    Property & Casualty Insurance = 鄜岍财险): keyed by the name alone, as coined_core keys a coined
    Chinese name. Yuancheng Qilu International Airport (two names) and Jialan Airport (a place word)
    keep their words."""
    return len(words) > 1 and bool(_PINYIN_NAME.fullmatch(words[0])) \
        and not _PINYIN_NAME.fullmatch(words[1]) \
        and not set(words[1:]) & set(suffixes().english_place_words)


# a name romanised in two syllables or more (yunzhi, chongxiao): what English keeps of a coined name
_SYLLABLE = r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(?:iang|iong|uang|ang|eng|ing|ong|uan|ian|iao|uai|ai|ei|ao|ou|an|en|in|un|ia|ie|iu|ua|uo|ue|ui|er|a|o|e|i|u|v)"
_PINYIN_NAME = re.compile(rf"(?:{_SYLLABLE}){{2,3}}")


def _translated(core: str) -> str:
    """A name's words that English translates rather than romanises (芫城栖鹭国际 = Yuancheng
    Qilu International), written as the English word."""
    for word, english in suffixes().translated_words.items():
        if word in core[2:]:  # never the name's own start (国际 alone is no name)
            core = core[:2] + core[2:].replace(word, english)
    return core


def name_core(name: str) -> str:
    """The name without its generic words (legal form, administrative ending), in its own script:
    美达集团股份有限公司 -> 美达, the Meida Group -> meida. Input is normalised text."""
    return _chinese_core(name) if has_chinese(name) else _english_core(name)


def coined_core(core: str) -> str:
    """A coined name without the common words of its line of business (橒梽家居 -> 橒梽, 鄜岍财险
    and 鄜岍财产保险 -> 鄜岍): news writes such a company with or without them, and no list holds
    every line of business. A line business_words lists stays (远澜航运 is not 远澜地产). A scope
    in brackets is kept (湉馥食品(预制菜) -> 湉馥(预制菜))."""
    m = _SCOPE.match(core)
    name, scope = (m.group(1), core[len(m.group(1)):]) if m and m.group(1) else (core, "")
    if not has_chinese(name) or len(name) <= 2 or name[2:] in suffixes().business_words:
        return core
    from numcheck.claims.coined_names import coined_stem_of

    stem = coined_stem_of(name)
    return stem + scope if stem else core


def _chinese_core(name: str) -> str:
    name = name.replace(" ", "")
    for short, full in suffixes().short_endings.items():  # 鄩城农商行 = 鄩城农商银行
        if name.endswith(short) and len(name) - len(short) >= 2:
            name = name[: -len(short)] + full
            break
    endings = sorted(suffixes().chinese_suffixes, key=len, reverse=True)
    changed = True
    while changed:
        changed = False
        for ending in endings:
            if name.endswith(ending) and len(name) - len(ending) >= 2:
                name = name[: -len(ending)]
                changed = True
                break
    return name


def _english_core(name: str) -> str:
    words = [w.replace("’", "'") for w in _WORDS.findall(name.lower())]
    words = [w[:-2] if w.endswith("'s") and w != "china's" else w for w in words]  # Meida's -> meida
    lex = suffixes()
    leading, trailing = set(lex.english_leading_words), set(lex.english_suffix_words)
    while len(words) > 1 and words[0] in leading:
        words.pop(0)
    while len(words) > 1 and words[-1] in trailing:
        words.pop()
    said = " ".join(words)
    for short, full in lex.english_short_endings.items():  # Qixia International Airport = Qixia Airport
        if said.endswith(" " + short):
            return said[: -len(short)] + full
    return said


def _readings(text: str) -> list[str]:
    """_romanise(text) first, then other readings of its polyphonic characters, one character
    changed at a time and then in combination, up to MAX_READINGS."""
    from itertools import product

    from pypinyin import Style, lazy_pinyin, pinyin

    choices: list[list[str]] = []  # per character of a Chinese run, per run of other letters
    for run in _RUNS.findall(text.lower()):
        if not has_chinese(run):
            choices.append([run])
            continue
        for char, said in zip(run, lazy_pinyin(run, style=Style.NORMAL)):
            others = pinyin(char, style=Style.NORMAL, heteronym=True)[0]
            choices.append([said, *(o for o in others if o != said)])
    keys: list[str] = []
    for combination in product(*choices):
        key = _KEEP.sub("", "".join(combination).replace("ü", "v"))
        if key not in keys:
            keys.append(key)
            if len(keys) >= MAX_READINGS:
                break
    return keys


def _romanise(text: str) -> str:
    """Toneless pinyin of the Chinese characters, other letters and digits as they are, joined."""
    from pypinyin import Style, lazy_pinyin  # here: a run whose keys are all remembered never loads it

    syllables = lazy_pinyin(text.lower(), style=Style.NORMAL, errors=lambda chars: [chars])
    return _KEEP.sub("", "".join(syllables).replace("ü", "v"))
