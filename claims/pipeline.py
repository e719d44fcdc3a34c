"""The ordered stages: document -> quantities -> subjects -> Claim records."""
from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date

from numcheck.claims.document import load_document
from numcheck.claims.errors import InputFileError
from numcheck.claims.quantities import find_quantities
from numcheck.claims.records import Extraction, claim_fingerprint, quantity_key  # noqa: F401 - part of this module's face
from numcheck.claims.confidence import subject_confidence
from numcheck.claims.key_figures import box_subject, key_figure_lines
from numcheck.claims.subjects import assign_subjects, scope_cues
from numcheck.claims.tables import cell_index, cell_matches, cell_subject, locate, period_of, table_cells
from numcheck.claims.types import SourceDocument, SubjectInfo
from numcheck.schemas.models import Claim, Document, Quantity, Span


def extract(doc: SourceDocument, *, fingerprints: list | None = None) -> list[Claim]:
    """All claims of one document, in text order.

    `fingerprints`, when given, receives each claim's path-free fingerprint parts (the arguments of
    claim_fingerprint after the path), so the claim cache can re-stamp ids for the same content
    found under another path."""
    matches = find_quantities(doc.norm)
    tables = table_cells(doc.norm) if ("|" in doc.norm or "\t" in doc.norm) else []
    if tables:  # bare figures in cells take their column's unit; header cells state none
        matches = cell_matches(doc.norm, tables, matches)
    infos = assign_subjects(doc, matches)
    if tables:
        index = cell_index(tables)
        infos = [_in_table(index, m, info, doc) for m, info in zip(matches, infos)]
    boxes = key_figure_lines(doc.norm)
    if boxes:
        infos = [_in_box(doc.norm, boxes, m, info) for m, info in zip(matches, infos)]
    _date_headline_figures(doc, matches, infos)
    _parts_of_a_sum(doc, matches, infos)
    _own_line_of_business(infos)
    claims: list[Claim] = []
    seen: Counter[tuple[str, str, str]] = Counter()
    for m, info in zip(matches, infos):
        if info.negative and not _signed(doc.norm, m.start):
            m.quantity = negated(m.quantity)  # (a written minus sign is the direction already: | 增减 | -9.6 |)
        sent = doc.sentence_at(m.start)
        s_start, s_end = (sent.start, sent.end) if sent else (m.start, m.end)
        norm_text = doc.norm[m.start:m.end]
        norm_sentence = " ".join(doc.norm[s_start:s_end].split())
        key = (norm_text, norm_sentence, quantity_key(m.quantity))
        occurrence = seen[key]
        seen[key] += 1
        if fingerprints is not None:
            fingerprints.append((*key, occurrence))
        line, column = doc.line_col(m.start)
        claims.append(Claim(
            id=claim_fingerprint(doc.path, *key, occurrence),
            doc=doc.path,
            span=Span(start=m.start, end=m.end, line=line, column=column),
            text=doc.raw[m.start:m.end],
            sentence=" ".join(doc.raw[s_start:s_end].split()),
            sentence_start=s_start,
            quantity=m.quantity,
            subject=info.subject,
            modality=info.modality,
            zone=(sent.zone if sent else "body"),
            language=(sent.language if sent and sent.language in ("zh-Hans", "zh-Hant", "en") else doc.meta.language),
            scope=info.scope,
            rule=m.rule,
            evidence=info.evidence,
        ))
    doc.meta.periods = sorted({c.subject.period for c in claims if c.subject.period and c.zone != "boilerplate"})
    return claims


def _own_line_of_business(infos: list[SubjectInfo]) -> None:
    """A "segment" that is the line of business the entity's name ends with (鄩澥啤酒's 啤酒销量,
    崟骢客车's 客车销量) is the whole company's figure, not a part of it."""
    for info in infos:
        subject = info.subject
        segment = subject.facets.get("segment")
        if segment and subject.entity and len(subject.entity) > len(segment) and subject.entity.endswith(segment):
            subject.facets = {k: v for k, v in subject.facets.items() if k != "segment"}
            if subject.metric:
                subject.metric = subject.metric.replace(segment, "", 1) or subject.metric
            info.evidence["metric"] = info.evidence.get("metric", "") + f"; {segment} is the entity's own business"


def _parts_of_a_sum(doc, matches, infos: list[SubjectInfo]) -> None:
    """A figure that its sentence goes on to add to others (拟分红346.71亿元，叠加中期分红，年度分红额
    近647亿元) is a part of the total stated after it, not the whole: its scope is a subset."""
    words = tuple(w.lower() for w in scope_cues().sum_infix)
    if not words:
        return
    for i, (m, info) in enumerate(zip(matches, infos)):
        concept = info.subject.concept
        if concept is None or info.scope is not None:
            continue
        sent = doc.sentence_at(m.start)
        for n, later in zip(matches[i + 1:], infos[i + 1:]):
            if sent is None or n.start >= sent.end:
                break
            if later.subject.concept == concept and any(w in doc.norm[m.end:n.start].lower() for w in words):
                info.scope = "subset"
                info.evidence["scope"] = "a part of the total its sentence adds it to"
                break


def _date_headline_figures(doc, matches, infos: list[SubjectInfo]) -> None:
    """A headline restates a figure of the body without its date (远澜航运运力跻身全球第八 …
    截至2024年底…第八位): an undated headline figure takes the period of the body figure that
    states the same value of the same measure."""
    body = [s for s in (doc.sentences or []) if s.zone == "body"]
    if len(body) < 2:
        return
    title_end = body[0].end
    dated = {}
    for m, info in zip(matches, infos):
        s = info.subject
        if m.start >= title_end and s.concept and s.period:
            dated.setdefault((s.concept, m.quantity.value, m.quantity.unit), s.period)
    for m, info in zip(matches, infos):
        s = info.subject
        if body[0].start <= m.start < title_end and s.concept and s.period is None:
            period = dated.get((s.concept, m.quantity.value, m.quantity.unit))
            if period:
                s.period = period
                info.evidence["period"] = f"the body states the same figure for {period}"


def _in_table(index, m, info: SubjectInfo, doc: SourceDocument) -> SubjectInfo:
    """A cell's subject: its measure and facets from the column header and row label, its period
    from the header if it gives one, else from the line that introduces the table; the entity
    the sentence reading found."""
    where = locate(index, m.start)
    if where is None:
        return info
    cell = cell_subject(*where, m.quantity)
    subject = info.subject.model_copy()
    if cell.entity:
        subject.entity = cell.entity  # | 厂商 | …: the row's company, not the article's
        info.evidence["entity"] = f"table row '{cell.entity}'"
    period = period_of(cell.period_text)
    introduced = _heading_period(where[0].heading, doc) if period is None and cell.period_text is None else None
    if introduced and introduced != subject.period:
        # 前三季度各业务板块保费收入如下：| 业务 | 保费收入(亿元) |: the window the line above names
        subject.period = introduced
        info.evidence["period"] = f"the line that introduces the table ('{where[0].heading}')"
    if period and not (period.isdigit() and (subject.period or "").startswith(period + "-")):
        # (| 指标 | 2025年 | … in a report on the May Day holiday: the year's column of the holiday's
        # figures keeps the holiday's month the text gives them)
        subject.period = period
        info.evidence["period"] = f"table column '{cell.period_text}'"
    found = cell.found
    if found is None:
        subject.metric, subject.concept, subject.facets = None, None, {}
        subject.confidence, subject.reason = subject_confidence(None, None)
        return replace(info, subject=subject, negative=False)
    return _with_measure(info, subject, found, f"the {cell.words}")


def _heading_period(heading: str, doc: SourceDocument) -> str | None:
    """The one window a table's introducing line names (前三季度各业务板块…如下：), resolved
    against the document's date; None when it names none or several."""
    if not heading:
        return None
    from numcheck.claims.periods import find_time_expressions, resolve

    exprs = [e for e in find_time_expressions(heading, "zh") if not e.base]
    resolve(exprs, doc.meta.published)
    periods = {e.period for e in exprs if e.period}
    return periods.pop() if len(periods) == 1 else None


def _in_box(norm: str, boxes, m, info: SubjectInfo) -> SubjectInfo:
    """A figure on a key-figure box line: the box heading's measure and period (claims/key_figures.py)."""
    line = boxes.get(norm.rfind("\n", 0, m.start) + 1)
    if line is None:
        return info
    found, period = box_subject(line, m.quantity)
    subject = info.subject.model_copy()
    if period and subject.period is None:
        subject.period = period
        info.evidence["period"] = f"the key-figure box '{line.measure_words}'"
    if found is None:
        return replace(info, subject=subject)
    return _with_measure(info, subject, found, f"the key-figure box '{line.measure_words}'")


def _with_measure(info: SubjectInfo, subject, found, source: str) -> SubjectInfo:
    """`info` with `subject` taking the measure a table column or a box line gave."""
    subject.metric = found.metric
    subject.concept = found.concept if found.aspect == "level" else f"{found.concept}/{found.aspect}"
    subject.facets = dict(found.facets)
    subject.confidence, subject.reason = subject_confidence(found, found.metric)
    info.evidence["metric"] = f"measure {found.concept} from {source}"
    return replace(info, subject=subject, negative=found.negative)


def _signed(norm: str, start: int) -> bool:
    """Whether the figure at `start` is written with its own minus sign (-9.6, −21.3)."""
    return norm[start:start + 1] in ("-", "−", "－")


def negated(q: Quantity) -> Quantity:
    """A decline's quantity with its direction in the value: 下降8.5% is -8.5 percent."""
    flip = lambda v: None if v is None else -v  # noqa: E731
    return q.model_copy(update={"value": flip(q.value), "low": flip(q.high), "high": flip(q.low)})


def extract_path(path: str, *, data: bytes | None = None, published: date | None = None,
                 fingerprints: list | None = None) -> tuple[Document, list[Claim]]:
    doc = load_document(path, data=data, published=published)
    return doc.meta, extract(doc, fingerprints=fingerprints)


def extract_paths(paths: list[str], *, published: date | None = None, stdin: bytes | None = None) -> Extraction:
    """Extract every path; an unreadable input is recorded and the others go on."""
    out = Extraction()
    for path in paths:
        try:
            meta, claims = extract_path(path, data=stdin if path == "-" else None, published=published)
        except InputFileError as exc:
            out.errors.append(exc)
            continue
        out.documents.append(meta)
        out.claims.extend(claims)
    return out
