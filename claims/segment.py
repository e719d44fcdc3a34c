"""Words with part-of-speech tags: jieba.posseg's exact output, at a fraction of its cost.

    pos_cut(text) -> list[(word, flag)]    # == [(p.word, p.flag) for p in jieba.posseg.cut(text)]

jieba.posseg with its HMM spends nearly all its time in a pure-Python Viterbi over
(BMES x tag) states, run on every stretch of characters its dictionary cannot join
(new names: 楚湾, 嘉澜, 盛阅春). The walk below is posseg's own (dictionary DAG, then
the HMM on unknown stretches), with the Viterbi done on numpy arrays. Ties resolve as in
jieba (the greatest state wins), so the tokens are identical; tests/test_segment.py
compares the two on the corpus and on arbitrary text.

The dictionary route under both (get_DAG + calc: jieba.cut's work) comes from rjieba, the
jieba-rs binding, which reads the same dict.txt (see _Router). The one place it may differ is
an exact tie between two segmentations (一一一 = 一一+一 = 一+一一), which floating-point
rounding decides, in a different order in Rust: either cut is equally likely under the model.

Importing jieba.posseg costs 1.6 s in every process (it parses dict.txt line by line for
the tags), more than extracting a whole article. Its model files and the dictionary's tags
are read here directly instead, in a tenth of that time.
"""
from __future__ import annotations

import bisect
import importlib.util
import re
from functools import lru_cache
from pathlib import Path

import numpy as np

# posseg's block and token patterns
_HAN_INTERNAL = re.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._]+)")
_SKIP_INTERNAL = re.compile("(\r\n|\\s)")
_HAN_DETAIL = re.compile("([\u4E00-\u9FD5]+)")
_SKIP_DETAIL = re.compile("([\\.0-9]+|[a-zA-Z0-9]+)")
# jieba.cut's block pattern (wider than posseg's: % and - join a block; the skip pattern is the same)
_HAN_DEFAULT = re.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._%\\-]+)")
_NUM = re.compile("[\\.0-9]+")
_ENG = re.compile("[a-zA-Z0-9]+")
_ENG1 = re.compile("^[a-zA-Z0-9]$")
_MIN_FLOAT = -3.14e100  # jieba's score of an emission the model never saw
# jieba's files, found without importing it: its dictionary is read here, its Tokenizer is loaded
# only when a route must come from jieba itself (see jieba_tokenizer)
_JIEBA_DIR = Path(importlib.util.find_spec("jieba").origin).resolve().parent


def _posseg_table(name: str) -> dict:
    """`P` of one of jieba/posseg's model modules, loaded without running jieba.posseg's __init__."""
    spec = importlib.util.spec_from_file_location(f"_numcheck_posseg_{name}", _JIEBA_DIR / "posseg" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.P


class _Dictionary:
    """jieba's dictionary (dict.txt: `word freq tag` per line) plus the words added since: what
    jieba's FREQ answers, without loading jieba's Tokenizer (0.6 s a process).

    `freq(w)` is FREQ.get(w) or 0; `w in dictionary` is `w in FREQ`, which holds for every prefix
    of a word too (jieba stores them with frequency 0). dict.txt's words are kept sorted, so both
    are a binary search: no dictionary of frequencies or set of prefixes to build at start-up."""

    def __init__(self) -> None:
        fields = (_JIEBA_DIR / "dict.txt").read_text(encoding="utf-8").split()
        words, freqs = fields[0::3], fields[1::3]
        self.tags = dict(zip(words, fields[2::3]))
        order = sorted(range(len(words)), key=words.__getitem__)  # stable: a repeated word's last line wins
        self._words = [words[i] for i in order]
        self._freqs = [freqs[i] for i in order]
        self._added: dict[str, int] = {}
        self._added_prefixes: set[str] = set()

    def freq(self, word: str) -> int:
        if word in self._added:
            return self._added[word]
        i = bisect.bisect_right(self._words, word) - 1
        return int(self._freqs[i]) if i >= 0 and self._words[i] == word else 0

    def add(self, word: str, freq: int, tag: str) -> None:
        self._added[word] = freq
        self.tags[word] = tag
        self._added_prefixes.update(word[:i] for i in range(1, len(word) + 1))

    def __contains__(self, word: str) -> bool:
        if not word or word in self._added_prefixes:
            return bool(word)
        i = bisect.bisect_left(self._words, word)
        return i < len(self._words) and self._words[i].startswith(word)


@lru_cache(maxsize=1)
def dictionary() -> _Dictionary:
    return _Dictionary()


_added: list[tuple[str, int, str]] = []  # add_word calls, replayed into jieba when it is loaded
_jieba_replayed = 0


def jieba_tokenizer():
    """jieba's own Tokenizer with every added word: for the rare route rjieba cannot give, and
    for tests that compare with jieba."""
    global _jieba_replayed
    import jieba

    jieba.setLogLevel(60)
    jieba.dt.check_initialized()
    for word, freq, tag in _added[_jieba_replayed:]:
        jieba.add_word(word, freq=freq, tag=tag)
    _jieba_replayed = len(_added)
    return jieba.dt


class _Router:
    """jieba's dictionary route (get_DAG + calc, the pure-Python half of every cut), computed by
    jieba-rs (rjieba), which walks the same dict.txt with the same scores about 15 times faster.

    Two differences are undone here. rjieba joins runs of single letters and digits after routing
    (as jieba.cut does), so such a run is split again (or, when it is a dictionary word too, the
    block is routed by jieba itself). And rjieba's add_word subtracts a replaced word's old
    frequency from the dictionary total where jieba keeps it; a sentinel word no block can
    contain carries the difference, so the totals, and with them every route, stay equal."""

    _SENTINEL = "\ue000\ue001"  # private-use characters: never inside a posseg block

    def __init__(self) -> None:
        import rjieba

        self.rs = rjieba.Jieba()
        self.total_gap = 0

    def add_word(self, word: str, freq: int, tag: str, old_freq: int) -> None:
        self.rs.add_word(word, freq, tag)
        if old_freq:
            self.total_gap += old_freq
            self.rs.add_word(self._SENTINEL, self.total_gap, "x")

    def words(self, block: str) -> list[str]:
        out: list[str] = []
        for w in self.rs.cut(block, False):
            if len(w) > 1 and w.isascii() and w.isalnum():
                if dictionary().freq(w):  # a dictionary word, or single characters joined?
                    return _python_route(block, jieba_tokenizer())
                out.extend(w)
            else:
                out.append(w)
        return out


@lru_cache(maxsize=1)
def _router() -> _Router:
    return _Router()


def _python_route(block: str, tokenizer) -> list[str]:
    dag = tokenizer.get_DAG(block)
    route: dict = {}
    tokenizer.calc(block, dag, route)
    words, x = [], 0
    while x < len(block):
        y = route[x][1] + 1
        words.append(block[x:y])
        x = y
    return words


def add_word(word: str, *, freq: int, tag: str) -> None:
    """jieba.add_word: the word and its tag known to pos_cut and cut_words from then on."""
    old_freq = dictionary().freq(word)
    dictionary().add(word, freq, tag)
    _router().add_word(word, freq, tag, old_freq)
    _added.append((word, freq, tag))


class _PosModel:
    """posseg's HMM as arrays. States are ordered greatest first, because numpy's argmax
    keeps the first of equal scores where jieba's max() over (score, state) keeps the greatest."""

    def __init__(self) -> None:
        start_p, trans_p = _posseg_table("prob_start"), _posseg_table("prob_trans")
        self.states = sorted(trans_p, reverse=True)
        self.index = {s: i for i, s in enumerate(self.states)}
        n = len(self.states)
        self.trans = np.full((n, n), float("-inf"))
        self.follows = np.zeros((n, n), dtype=bool)
        for s, nexts in trans_p.items():
            for s2, logp in nexts.items():
                self.trans[self.index[s], self.index[s2]] = logp
                self.follows[self.index[s], self.index[s2]] = True
        self.has_next = self.follows.any(axis=1)
        self.start = np.array([start_p[s] for s in self.states])
        self.every_state = np.ones(n, dtype=bool)
        self._emit, self._char_states = _posseg_table("prob_emit"), _posseg_table("char_state_tab")

    @lru_cache(maxsize=16384)
    def char_mask(self, c: str) -> np.ndarray:
        allowed = self._char_states.get(c)
        if allowed is None:
            return self.every_state
        mask = np.zeros(len(self.states), dtype=bool)
        mask[[self.index[s] for s in allowed]] = True
        return mask

    @lru_cache(maxsize=16384)
    def emission(self, c: str) -> np.ndarray:
        return np.array([self._emit[s].get(c, _MIN_FLOAT) for s in self.states])

    def viterbi(self, obs: str) -> list[tuple[str, str]]:
        """jieba.posseg.viterbi's route: one (BMES, tag) state per character."""
        cur = np.flatnonzero(self.char_mask(obs[0]))
        score = self.start[cur] + self.emission(obs[0])[cur]
        columns, backs = [cur], []
        for c in obs[1:]:
            keep = self.has_next[cur]
            prev, prev_score = cur[keep], score[keep]
            expected = self.follows[prev].any(axis=0)
            mask = self.char_mask(c) & expected
            if not mask.any():
                mask = expected if expected.any() else self.every_state
            cur = np.flatnonzero(mask)
            scores = (prev_score[:, None] + self.trans[np.ix_(prev, cur)]) + self.emission(c)[cur][None, :]
            best = scores.argmax(axis=0)
            score = scores[best, np.arange(len(cur))]
            backs.append(prev[best])
            columns.append(cur)
        state = cur[int(score.argmax())]
        route = [None] * len(obs)
        for i in range(len(obs) - 1, -1, -1):
            route[i] = self.states[state]
            if i:
                state = backs[i - 1][np.searchsorted(columns[i], state)]
        return route


@lru_cache(maxsize=1)
def _model() -> _PosModel:
    return _PosModel()


@lru_cache(maxsize=65536)
def _hmm_words(run: str) -> tuple[tuple[str, str], ...]:
    """posseg's __cut: words and tags from the Viterbi route of one run of Han characters.
    Remembered per run: the same unknown names (楚湾, 嘉澜) recur across an archive."""
    route = _model().viterbi(run)
    out = []
    begin = nexti = 0
    for i, (pos, tag) in enumerate(route):
        if pos == "B":
            begin = i
        elif pos == "E":
            out.append((run[begin:i + 1], tag))
            nexti = i + 1
        elif pos == "S":
            out.append((run[i], tag))
            nexti = i + 1
    if nexti < len(run):
        out.append((run[nexti:], route[nexti][1]))
    return tuple(out)


def clear_caches() -> None:
    """Forget the words remembered per text (benchmarks time each repetition as a first reading)."""
    _hmm_words.cache_clear()


def _unknown_stretch(buf: str, out: list) -> None:
    """posseg's __cut_detail: Han runs through the HMM, digits and letters as m / eng."""
    for blk in _HAN_DETAIL.split(buf):
        if not blk:
            continue
        if _HAN_DETAIL.match(blk):
            out.extend(_hmm_words(blk))
            continue
        for x in _SKIP_DETAIL.split(blk):
            if x:
                out.append((x, "m" if _NUM.match(x) else "eng" if _ENG.match(x) else "x"))


def _cut_block(block: str, tag_of: dict, out: list) -> None:
    """posseg's __cut_DAG: dictionary words, and single characters gathered for the HMM."""
    buf = ""

    def flush() -> None:
        if len(buf) == 1:
            out.append((buf, tag_of.get(buf, "x")))
        elif buf and not dictionary().freq(buf):
            _unknown_stretch(buf, out)
        else:
            out.extend((c, tag_of.get(c, "x")) for c in buf)

    for word in _router().words(block):
        if len(word) == 1:
            buf += word
        else:
            flush()
            buf = ""
            out.append((word, tag_of.get(word, "x")))
    flush()


def _letter_runs_joined(block: str):
    """(word, is_run) along the route, runs of single letters and digits joined into one word:
    what jieba.cut and posseg's __cut_DAG_NO_HMM both do."""
    buf = ""
    for word in _router().words(block):
        if _ENG1.match(word):
            buf += word
        else:
            if buf:
                yield buf, True
                buf = ""
            yield word, False
    if buf:
        yield buf, True


def _cut_block_no_hmm(block: str, tag_of: dict, out: list) -> None:
    """posseg's __cut_DAG_NO_HMM: dictionary words; runs of single letters and digits join as eng."""
    out.extend((word, "eng" if is_run else tag_of.get(word, "x")) for word, is_run in _letter_runs_joined(block))


def pos_cut(text: str, *, hmm: bool = True) -> list[tuple[str, str]]:
    """(word, flag) pairs covering `text`, equal to jieba.posseg.cut(text, HMM=hmm)."""
    tag_of = dictionary().tags
    cut_block = _cut_block if hmm else _cut_block_no_hmm
    out: list[tuple[str, str]] = []
    for blk in _HAN_INTERNAL.split(text):
        if not blk:
            continue
        if _HAN_INTERNAL.match(blk):
            cut_block(blk, tag_of, out)
            continue
        for x in _SKIP_INTERNAL.split(blk):
            if _SKIP_INTERNAL.match(x):
                out.append((x, "x"))
            else:
                out.extend((c, "m" if _NUM.match(c) else "eng" if _ENG.match(x) else "x") for c in x)
    return out


def cut_words(text: str) -> list[str]:
    """jieba.cut(text, HMM=False) as a list: dictionary words, runs of single letters and digits
    joined, everything outside a block one character (or one space) at a time."""
    out: list[str] = []
    for blk in _HAN_DEFAULT.split(text):
        if not blk:
            continue
        if _HAN_DEFAULT.match(blk):
            out.extend(word for word, _ in _letter_runs_joined(blk))
            continue
        for x in _SKIP_INTERNAL.split(blk):
            if _SKIP_INTERNAL.match(x):
                out.append(x)
            else:
                out.extend(x)
    return out
