"""Visible text of an HTML page, with exactly the length of the raw markup.

Offsets into the visible text are offsets into the raw HTML file, so a claim found
in the visible text can be shown at its place in the file the user has.

- Tags, comments, <script>, <style>, <head> and hidden elements (hidden attribute,
  aria-hidden, display:none, visibility:hidden) are masked by spaces.
- Block-level tags put one '\\n' where they start, so block boundaries end lines;
  newlines inside running text become spaces, as a browser renders them.
- Character references are decoded in place and padded with spaces (&amp; -> "&    ").

`parse_html` also records, per character, which text sits in a link, in a
structural boilerplate container (nav, aside, footer, a class or id named like
"related" or "comment": words from claims/data/zones.yaml) or in the article root
(<article>, <main>), plus the <title>, meta tags and <time> values for metadata.
"""
from __future__ import annotations

import html as _html
import json
import re
from dataclasses import dataclass, field

import numpy as np

# Flags per character (HtmlLayout.flags).
BOILERPLATE_CONTAINER = 1  # inside nav/aside/footer or a container whose class/id names boilerplate
LINK = 2  # inside <a href>
CONTENT_ROOT = 4  # inside <article> or <main>
HEADLINE = 8  # inside <h1>

_VOID = frozenset("area base br col embed hr img input link meta param source track wbr keygen".split())
_BLOCK = frozenset(
    """address article aside blockquote body br caption center dd details dialog dir div dl dt fieldset
    figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html li main menu nav ol p pre
    section summary table tbody thead tfoot tr ul option legend""".split()
)
_RAW_TEXT = frozenset("script style noscript template textarea title iframe object svg math".split())
_AUTO_CLOSE = frozenset("p li dt dd tr td th option".split())
_HIDDEN_CLASSES = frozenset("hidden hide d-none sr-only visually-hidden screen-reader-text".split())

_TOKEN = re.compile(
    r"<!--.*?(?:-->|\Z)"  # comment
    r"|<!\[CDATA\[.*?(?:\]\]>|\Z)"
    r"|<![^<>]*+>|<\?[^<>]*+>"  # doctype, processing instruction
    # No '<' inside a tag, even quoted: a failed try then ends at the next '<', which keeps the
    # scan linear on hostile input ('<a<a<a...' was cubic); possessive: nothing to backtrack.
    r"|<(/?)([A-Za-z][^\s/<>]*+)((?:[^<>\"']++|\"[^<\"]*+\"|'[^<']*+')*+)>",
    re.S,
)
_ATTR = re.compile(r"([^\s=/>\"']+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+))?")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_WORD_SPLIT = re.compile(r"[\s_\-]+|(?<=[a-z])(?=[A-Z])")
_WHITESPACE_CTRL = re.compile(r"[\r\n\t\f\v]")


@dataclass
class HtmlLayout:
    visible: str
    flags: np.ndarray  # uint8 per character, bit flags above
    has_content_root: bool = False
    title: str | None = None
    meta: dict[str, str] = field(default_factory=dict)  # lower-cased name/property/itemprop -> content
    times: list[str] = field(default_factory=list)  # <time datetime> values in document order
    json_ld: list[dict] = field(default_factory=list)


def parse_attrs(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for m in _ATTR.finditer(text):
        value = m.group(2) or ""
        if value[:1] in "\"'":
            value = value[1:-1]
        out.setdefault(m.group(1).lower(), _html.unescape(value))
    return out


def _decode_entities(text: str) -> str:
    """Decode character references in place, padding with spaces to keep the length."""

    def one(m: re.Match) -> str:
        src = m.group(0)
        out = _html.unescape(src)
        if out == src or len(out) > len(src):
            return src
        if out == "\xa0":
            out = " "
        return out + " " * (len(src) - len(out))

    return _ENTITY.sub(one, text) if "&" in text else text


def _class_words(attrs: dict[str, str]) -> set[str]:
    words: set[str] = set()
    for key in ("class", "id", "role"):
        if key in attrs:
            words.update(w.lower() for w in _WORD_SPLIT.split(attrs[key]) if w)
    return words


def _is_hidden(attrs: dict[str, str]) -> bool:
    if "hidden" in attrs or attrs.get("aria-hidden", "").lower() == "true":
        return True
    if attrs.get("type", "").lower() == "hidden":
        return True
    if "style" in attrs and _HIDDEN_STYLE.search(attrs["style"]):
        return True
    return bool(_HIDDEN_CLASSES & set(attrs.get("class", "").split()))


def _container_cues() -> tuple[frozenset[str], frozenset[str]]:
    from numcheck.claims.zones import load_zone_cues  # local import: zones imports this module

    cues = load_zone_cues()
    return frozenset(cues.html.boilerplate_tags), frozenset(cues.html.boilerplate_class_words)


@dataclass
class _Open:
    name: str
    hidden: int  # hidden elements open up to and including this one
    flags: int  # OR of the flags of this element and its ancestors


def parse_html(raw: str) -> HtmlLayout:
    """Visible text and per-character layout flags of an HTML document (same length as `raw`)."""
    boilerplate_tags, boilerplate_words = _container_cues()
    n = len(raw)
    flags = np.zeros(n, dtype=np.uint8)
    pieces: list[str] = []
    stack: list[_Open] = []
    pos = 0
    hidden_depth = 0  # number of hidden elements open
    cur_flags = 0
    has_root = False
    title: str | None = None
    meta: dict[str, str] = {}
    times: list[str] = []
    json_ld: list[dict] = []
    in_pre = 0

    def emit_text(start: int, end: int) -> None:
        if start >= end:
            return
        if hidden_depth:
            pieces.append(" " * (end - start))
            return
        seg = raw[start:end]
        if not in_pre:
            seg = _WHITESPACE_CTRL.sub(" ", seg)
        pieces.append(_decode_entities(seg))
        if cur_flags:
            flags[start:end] = cur_flags

    def recompute() -> None:
        # each open element carries the flags and hidden count of its ancestors and itself
        nonlocal cur_flags, hidden_depth
        cur_flags = stack[-1].flags if stack else 0
        hidden_depth = stack[-1].hidden if stack else 0

    while True:
        m = _TOKEN.search(raw, pos)
        if m is None:
            break
        emit_text(pos, m.start())
        token = m.group(0)
        name = (m.group(2) or "").lower()
        closing = m.group(1) == "/"
        piece = " " * len(token)
        if name:
            if name in _BLOCK or name in ("td", "th"):
                piece = ("\n" if name not in ("td", "th") else " ") + " " * (len(token) - 1)
            if closing:
                for i in range(len(stack) - 1, -1, -1):
                    if stack[i].name == name:
                        del stack[i:]
                        if name == "pre":
                            in_pre = max(0, in_pre - 1)
                        recompute()
                        break
            else:
                attrs = parse_attrs(m.group(3) or "")
                if name == "meta":
                    key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower()
                    if key and "content" in attrs:
                        meta.setdefault(key, attrs["content"].strip())
                elif name == "time" and attrs.get("datetime"):
                    times.append(attrs["datetime"].strip())
                elif name == "link" and "canonical" in attrs.get("rel", "").lower() and attrs.get("href"):
                    meta.setdefault("canonical", attrs["href"].strip())  # its path often holds the date
                if name in _RAW_TEXT and not token.endswith("/>"):
                    if name == "script" and "ld+json" in attrs.get("type", ""):
                        end = raw.find("</", m.end())
                        try:
                            data = json.loads(raw[m.end(): end if end >= 0 else n])
                            json_ld.extend(data if isinstance(data, list) else [data])
                        except ValueError:
                            pass
                    close = re.compile(r"</%s\s*>" % name, re.I).search(raw, m.end())
                    body_end = close.start() if close else n
                    if name == "title" and title is None:
                        title = " ".join(_html.unescape(raw[m.end():body_end]).split()) or None
                    pieces.append(" " * len(token) + " " * (body_end - m.end()))
                    pos = body_end
                    continue
                elif name not in _VOID and not token.endswith("/>"):
                    if name in _AUTO_CLOSE and stack and stack[-1].name == name:
                        stack.pop()
                        recompute()
                    el_flags = 0
                    words = _class_words(attrs)
                    inside_root = bool(cur_flags & CONTENT_ROOT)
                    if name in ("article", "main") or "main" in words and "role" in attrs:
                        el_flags |= CONTENT_ROOT
                        has_root = True
                    if name in boilerplate_tags and not (name == "header" and inside_root):
                        el_flags |= BOILERPLATE_CONTAINER
                    elif words & boilerplate_words and name not in ("html", "body", "article", "main"):
                        el_flags |= BOILERPLATE_CONTAINER
                    if name == "a" and "href" in attrs:
                        el_flags |= LINK
                    if name == "h1":
                        el_flags |= HEADLINE
                    hidden = _is_hidden(attrs) or name == "head"
                    stack.append(_Open(name, hidden_depth + hidden, cur_flags | el_flags))
                    if name == "pre":
                        in_pre += 1
                    recompute()
        pieces.append(piece)
        pos = m.end()
    emit_text(pos, n)
    visible = "".join(pieces)
    if len(visible) != n:  # defensive: never break the length invariant
        raise AssertionError("visible text length differs from raw HTML")
    return HtmlLayout(visible, flags, has_root, title, meta, times, json_ld)


def visible_text(raw: str) -> str:
    """Visible text of an HTML document, same length as `raw` (see module docstring)."""
    return parse_html(raw).visible


def looks_like_html(text: str) -> bool:
    head = text[:1024].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in head)
