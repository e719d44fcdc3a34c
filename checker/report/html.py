"""HTML audit report: one self-contained, offline file.

Layout: a summary (documents, claims, conflicts by severity, corroborated
figures), filters by severity, entity and document, then every conflict with
its claims side by side (document, line, the sentence with the number marked,
qualifier and interval) above an inline SVG number line of the intervals.

Documents are untrusted. Every document-derived string goes through `esc`
(text and attribute context alike), no URL is ever built from document text,
and a Content-Security-Policy allows only this file's own script (by hash), so
even a missed escape could neither run script nor fetch anything.
"""
from __future__ import annotations

import base64
import hashlib
import html
import json
from decimal import Decimal

from numcheck.checker.report.common import (
    SEVERITIES, claim_label, format_number, highlight_span, interval_text, ordered_conflicts, printable,
    subject_text, summarize,
)
from numcheck.schemas.models import ClaimRecord, Conflict, Report

CLAIM_COLORS = ("#1d4ed8", "#c2410c", "#047857", "#7e22ce", "#b91c1c", "#0e7490")


def esc(text: object) -> str:
    """Escape for both HTML text and quoted attribute values."""
    return html.escape(printable(str(text)) if text is not None else "", quote=True)


def render_html(report: Report) -> str:
    s = summarize(report)
    conflicts = ordered_conflicts(report.conflicts)
    script = _SCRIPT
    script_hash = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    csp = (f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{script_hash}'; "
           "img-src data:; base-uri 'none'; form-action 'none'")
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">',
        '<meta name="referrer" content="no-referrer">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>numcheck audit report ({s.conflicts} conflicts)</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        "<header class=\"top\"><h1>numcheck audit report</h1>"
        f"<p class=\"muted\">numcheck {esc(report.tool.version)} · report schema {esc(report.schema_version)}</p>"
        "</header>",
        _summary(s),
        _filters(report, conflicts),
        '<section id="conflicts" aria-label="conflicts">',
    ]
    if not conflicts:
        parts.append('<p class="empty">No conflicts found.</p>')
    parts += [_conflict(c) for c in conflicts]
    parts.append("</section>")
    parts += [_corroborations(report), _documents(report), _errors(report), _waivers(report)]
    parts += [f"<script>{script}</script>", "</body>", "</html>", ""]
    return "\n".join(p for p in parts if p)


def _summary(s) -> str:
    cards = [("documents", s.documents, ""), ("claims", s.claims, "")]
    cards += [(f"{sev} conflicts", s.by_severity[sev], f" sev-{sev}") for sev in SEVERITIES]
    cards += [("baselined", s.baselined, ""),
              ("corroborated figures", "not checked" if s.corroborations is None else s.corroborations, ""),
              ("input errors", s.errors, " sev-high" if s.errors else ""),
              ("not cross-checked (uncertain subject)", s.uncertain, "")]
    items = "".join(f'<div class="card{cls}"><span class="n">{n}</span><span class="k">{esc(label)}</span></div>'
                    for label, n, cls in cards)
    return f'<section id="summary" class="cards" aria-label="summary">{items}</section>'


def _options(values: list[str]) -> str:
    return '<option value="">all</option>' + "".join(
        f'<option value="{esc(v)}">{esc(v)}</option>' for v in values)


def _filters(report: Report, conflicts: list[Conflict]) -> str:
    entities = sorted({c.subject.entity for c in conflicts if c.subject.entity})
    docs = sorted({cl.doc for c in conflicts for cl in c.claims})
    severities = [sev for sev in SEVERITIES if any(c.severity == sev for c in conflicts)]
    return (
        '<section id="filters" aria-label="filters">'
        f'<label>Severity <select id="f-severity">{_options(severities)}</select></label>'
        f'<label>Entity <select id="f-entity">{_options(entities)}</select></label>'
        f'<label>Document <select id="f-doc">{_options(docs)}</select></label>'
        '<label><input type="checkbox" id="f-baselined" checked> show baselined</label>'
        f'<span id="shown" aria-live="polite">Showing {len(conflicts)} of {len(conflicts)} conflicts</span>'
        "</section>"
    )


def _conflict(conflict: Conflict) -> str:
    docs = json.dumps(sorted({c.doc for c in conflict.claims}), ensure_ascii=False)
    baselined = ' <span class="badge baselined">baselined</span>' if conflict.baselined else ""
    match = ""
    if conflict.match is not None:
        match = (f'<p class="match muted">matched on <code>{esc(conflict.match.key)}</code>: '
                 f"{esc(conflict.match.reason)}</p>")
    claims = "".join(_claim(c, i) for i, c in enumerate(conflict.claims))
    if conflict.evidence:  # why the claims were compared at all: for the auditor who doubts it
        parts = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in conflict.evidence.items() if k != "match")
        match += f'<details class="evidence"><summary>why these claims were compared</summary><dl>{parts}</dl></details>'
    return (
        f'<article class="conflict sev-{conflict.severity}" id="conflict-{esc(conflict.id)}" '
        f'data-severity="{conflict.severity}" data-entity="{esc(conflict.subject.entity or "")}" '
        f'data-docs="{esc(docs)}" data-baselined="{str(conflict.baselined).lower()}">'
        f'<header><span class="badge sev-{conflict.severity}">{conflict.severity.upper()}</span>{baselined} '
        f"<code>{esc(conflict.code)}</code> <span class=\"kind\">{esc(conflict.kind)}</span>"
        f"<h2>{esc(subject_text(conflict))}</h2></header>"
        f'<p class="explanation">{esc(conflict.explanation)}</p>{match}'
        f"{number_line(conflict.claims)}"
        f'<div class="claims">{claims}</div>'
        f'<p class="muted small">id <code>{esc(conflict.id)}</code></p>'
        "</article>"
    )


def _claim(claim: ClaimRecord, index: int) -> str:
    color = CLAIM_COLORS[index % len(CLAIM_COLORS)]
    subject = " · ".join(printable(p) for p in (claim.subject.entity, claim.subject.metric, claim.subject.period) if p)
    return (
        f'<div class="claim" style="border-top-color:{color}">'
        f'<div class="claim-head"><span class="label" style="background:{color}">{claim_label(index)}</span> '
        f'<span class="doc">{esc(claim.doc)}</span></div>'
        f'<div class="loc muted">line {claim.line}, column {claim.column}</div>'
        f"<blockquote>{_sentence(claim)}</blockquote>"
        "<dl>"
        f"<dt>claim</dt><dd><b>{esc(claim.text)}</b></dd>"
        f"<dt>qualifier</dt><dd>{esc(claim.qualifier)}</dd>"
        f"<dt>interval</dt><dd>{esc(interval_text(claim))} {esc(claim.unit)}</dd>"
        f"<dt>subject</dt><dd>{esc(subject) or '—'}</dd>"
        f"<dt>modality</dt><dd>{esc(claim.modality)}</dd>"
        "</dl></div>"
    )


def _sentence(claim: ClaimRecord) -> str:
    span = highlight_span(claim)
    text = claim.sentence
    if span is None:
        return esc(text)
    start, end = span
    return f"{esc(text[:start])}<mark>{esc(text[start:end])}</mark>{esc(text[end:])}"


# --- the number line ------------------------------------------------------

SVG_WIDTH, ROW_HEIGHT, LEFT, RIGHT = 640, 34, 34, 14


def number_line(claims: list[ClaimRecord]) -> str:
    """An inline SVG: one row per claim, its interval drawn on a shared axis."""
    units = {c.unit for c in claims}
    if len(units) != 1:
        return f'<p class="muted small">claims are in different units ({esc(", ".join(sorted(units)))}); no number line</p>'
    bounds = [b for c in claims for b in (c.low, c.high, c.value) if b is not None]
    if not bounds:
        return ""
    lo, hi = min(bounds), max(bounds)
    pad = (hi - lo) * Decimal("0.12") if hi != lo else max(abs(lo) * Decimal("0.1"), Decimal(1))
    lo, hi = lo - pad, hi + pad
    inner = SVG_WIDTH - LEFT - RIGHT

    def x(v: Decimal) -> float:
        return round(LEFT + float((v - lo) / (hi - lo)) * inner, 1)

    height = ROW_HEIGHT * len(claims) + 40
    out = [f'<svg class="numberline" role="img" viewBox="0 0 {SVG_WIDTH} {height}" width="{SVG_WIDTH}" '
           f'height="{height}" xmlns="http://www.w3.org/2000/svg">',
           f"<title>Intervals of the claims on one axis ({esc(claims[0].unit)})</title>"]
    for i, c in enumerate(claims):
        color = CLAIM_COLORS[i % len(CLAIM_COLORS)]
        y = ROW_HEIGHT * i + 24
        out.append(f'<text x="4" y="{y + 4}" class="nl-label" fill="{color}">{claim_label(i)}</text>')
        x1 = x(c.low) if c.low is not None else LEFT
        x2 = x(c.high) if c.high is not None else SVG_WIDTH - RIGHT
        if c.low is not None and c.high is not None and c.low == c.high:
            out.append(f'<circle cx="{x1}" cy="{y}" r="5" fill="{color}"/>')
        else:
            out.append(f'<line x1="{x1}" y1="{y}" x2="{x2}" y2="{y}" stroke="{color}" stroke-width="6" '
                       'stroke-linecap="round"/>')
            if c.low is None:
                out.append(f'<path d="M{LEFT - 8} {y} l9 -7 v14 z" fill="{color}"/>')
            if c.high is None:
                out.append(f'<path d="M{SVG_WIDTH - RIGHT + 8} {y} l-9 -7 v14 z" fill="{color}"/>')
        anchor = "end" if (x1 + x2) / 2 > SVG_WIDTH * 0.7 else "start"
        tx = min(x1, x2) if anchor == "start" else max(x1, x2)
        tx = min(max(tx, LEFT), SVG_WIDTH - RIGHT)
        out.append(f'<text x="{tx}" y="{y - 9}" text-anchor="{anchor}" class="nl-text">'
                   f"{esc(c.text)} {esc(interval_text(c))}</text>")
    axis_y = height - 20
    out.append(f'<line x1="{LEFT}" y1="{axis_y}" x2="{SVG_WIDTH - RIGHT}" y2="{axis_y}" class="nl-axis"/>')
    last_label = -1000.0
    for v in sorted(set(bounds)):
        out.append(f'<line x1="{x(v)}" y1="{axis_y - 4}" x2="{x(v)}" y2="{axis_y + 4}" class="nl-axis"/>')
        if x(v) - last_label >= 90:  # label ticks that have room; the rows carry every exact bound
            out.append(f'<text x="{x(v)}" y="{height - 4}" text-anchor="middle" class="nl-tick">'
                       f"{esc(format_number(v))}</text>")
            last_label = x(v)
    out.append("</svg>")
    return "".join(out)


# --- the other sections -----------------------------------------------------

def _corroborations(report: Report) -> str:
    if not report.corroborations:
        return ""
    rows = "".join(
        f"<li><code>{esc(c.code)}</code> {esc(subject_text(c))}: "
        + "; ".join(f"{esc(cl.text)} ({esc(cl.doc)}:{cl.line})" for cl in c.claims)
        + "</li>"
        for c in report.corroborations)
    return (f'<section id="corroborations"><details><summary>{len(report.corroborations)} corroborated figures'
            f"</summary><ul>{rows}</ul></details></section>")


def _documents(report: Report) -> str:
    rows = "".join(
        f"<tr><td class=\"doc\">{esc(d.doc)}</td><td>{d.claims}</td><td>{esc(d.language)}</td>"
        f"<td>{esc(d.published or '')}</td><td>{esc(d.title or '')}</td><td>{esc(d.source or '')}</td>"
        f"<td><code>{esc(d.sha256[:12])}</code></td></tr>"
        for d in report.documents)
    return ('<section id="documents"><h2>Documents</h2><table><thead><tr><th>document</th><th>claims</th>'
            "<th>language</th><th>published</th><th>title</th><th>source</th><th>sha256</th></tr></thead>"
            f"<tbody>{rows}</tbody></table></section>")


def _errors(report: Report) -> str:
    if not report.errors:
        return ""
    rows = "".join(f"<li><code>{esc(e.code)}</code> {esc(e.doc)}: {esc(e.message)}</li>" for e in report.errors)
    return f'<section id="errors"><h2>Input errors</h2><ul>{rows}</ul></section>'


def _waivers(report: Report) -> str:
    if not report.unused_waivers:
        return ""
    rows = "".join(f"<li><code>{esc(w)}</code></li>" for w in report.unused_waivers)
    return ('<section id="waivers"><h2>Unused baseline waivers</h2><p class="muted">These fingerprints matched '
            f"nothing; remove them with <code>numcheck baseline prune</code>.</p><ul>{rows}</ul></section>")


_CSS = """
:root{--fg:#1f2937;--muted:#6b7280;--line:#e5e7eb;--high:#b91c1c;--medium:#b45309;--low:#0369a1}
*{box-sizing:border-box}[hidden]{display:none!important}
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC","PingFang SC",sans-serif;color:var(--fg);
margin:0 auto;max-width:1200px;padding:16px 24px;background:#f9fafb}
h1{margin:0;font-size:24px}h2{font-size:17px;margin:4px 0}.muted{color:var(--muted)}.small{font-size:12px}
code{font:12px ui-monospace,monospace;background:#f3f4f6;padding:1px 4px;border-radius:3px}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin:14px 0}
.card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:8px 14px;min-width:110px}
.card .n{display:block;font-size:22px;font-weight:700}.card .k{color:var(--muted);font-size:13px}
.card.sev-high .n{color:var(--high)}.card.sev-medium .n{color:var(--medium)}.card.sev-low .n{color:var(--low)}
#filters{display:flex;flex-wrap:wrap;gap:16px;align-items:center;background:#fff;border:1px solid var(--line);
border-radius:8px;padding:8px 14px;margin-bottom:14px}#filters select{max-width:260px}#shown{color:var(--muted)}
.conflict{background:#fff;border:1px solid var(--line);border-left:6px solid var(--low);border-radius:8px;
padding:12px 16px;margin-bottom:16px}
.conflict.sev-high{border-left-color:var(--high)}.conflict.sev-medium{border-left-color:var(--medium)}
.badge{display:inline-block;color:#fff;font-size:12px;font-weight:700;padding:1px 8px;border-radius:10px;background:var(--low)}
.badge.sev-high{background:var(--high)}.badge.sev-medium{background:var(--medium)}.badge.baselined{background:#6b7280}
.kind{color:var(--muted)}.explanation{margin:4px 0}
.claims{display:grid;grid-template-columns:repeat(auto-fit,minmax(300px,1fr));gap:12px}
.claim{border:1px solid var(--line);border-top:4px solid;border-radius:6px;padding:8px 12px;overflow-wrap:anywhere}
.claim-head{font-weight:600}.label{display:inline-block;color:#fff;border-radius:4px;padding:0 6px;margin-right:4px}
.doc{font-family:ui-monospace,monospace;font-size:13px;overflow-wrap:anywhere}
blockquote{margin:8px 0;padding:6px 10px;background:#f9fafb;border-left:3px solid var(--line)}
mark{background:#fde68a;font-weight:700;padding:0 2px}
dl{display:grid;grid-template-columns:auto 1fr;gap:2px 12px;margin:0;font-size:14px}dt{color:var(--muted)}dd{margin:0}
.numberline{display:block;max-width:100%;height:auto;margin:8px 0}
.nl-label{font:bold 14px sans-serif}.nl-text{font:12px sans-serif;fill:#374151}.nl-axis{stroke:#9ca3af;stroke-width:1.5}.nl-tick{font:11px sans-serif;fill:#6b7280}
table{border-collapse:collapse;width:100%;background:#fff}th,td{border:1px solid var(--line);padding:4px 8px;
text-align:left;font-size:13px;vertical-align:top}
"""

_SCRIPT = """
(function () {
  "use strict";
  var severity = document.getElementById("f-severity");
  var entity = document.getElementById("f-entity");
  var doc = document.getElementById("f-doc");
  var baselined = document.getElementById("f-baselined");
  var shown = document.getElementById("shown");
  var items = Array.prototype.slice.call(document.querySelectorAll("article.conflict"));
  function apply() {
    var visible = 0;
    items.forEach(function (el) {
      var docs = JSON.parse(el.getAttribute("data-docs") || "[]");
      var ok = (!severity.value || el.getAttribute("data-severity") === severity.value) &&
        (!entity.value || el.getAttribute("data-entity") === entity.value) &&
        (!doc.value || docs.indexOf(doc.value) >= 0) &&
        (baselined.checked || el.getAttribute("data-baselined") !== "true");
      el.hidden = !ok;
      if (ok) { visible += 1; }
    });
    shown.textContent = "Showing " + visible + " of " + items.length + " conflicts";
  }
  [severity, entity, doc, baselined].forEach(function (control) { control.addEventListener("change", apply); });
  apply();
})();
"""
