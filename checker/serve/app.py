"""The web app of `numcheck serve`: pages for people (server-rendered, work without JavaScript)
and a JSON API for programs, both over one indexed corpus (state.Corpus).

Pages: GET / (the form), POST /check, GET /results/{id}, POST /results/{id}/accept,
GET /results/{id}/report.{json,md,html,sarif}, GET /documents/{path}.
API: POST /api/check, GET /api/claims/{id}, GET /api/documents/{path}, POST /api/baseline,
GET /healthz; the OpenAPI schema at /api/openapi.json (no docs UI: it would load a CDN).
"""
from __future__ import annotations

import logging
import os
import secrets
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path
from urllib.parse import quote, urlencode

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from numcheck.checker.config import Config
from numcheck.checker.report import render
from numcheck.checker.report.common import interval_text, ordered_conflicts, printable, subject_text, summarize
from numcheck.checker.report.html import number_line
from numcheck.checker.serve.api_models import (
    AcceptRequest, AcceptResponse, CheckRequest, CheckResponse, ClaimView, Compared, DocumentView, ErrorBody,
    Health,
)
from numcheck.checker.serve.checking import (
    STATUS_LABELS, Answer, Checked, compared_with, document_text, marks, segments,
)
from numcheck.checker.serve.security import LOOPBACK_HOSTS, Guard, SecurityHeaders, error
from numcheck.checker.serve.state import DEFAULT_MAX_CORROBORATING, BaselineStore, Corpus, NotInCorpus, Results
from numcheck.claims.document import decode
from numcheck.claims.errors import InputFileError, NumcheckError
from numcheck.claims.inputs import DEFAULT_MAX_BYTES
from numcheck.schemas.models import ClaimRecord

log = logging.getLogger("numcheck.serve")
HERE = Path(__file__).resolve().parent
FORMATS = {"txt": ".txt", "md": ".md", "html": ".html"}
UPLOAD_SUFFIXES = (".txt", ".md", ".html", ".htm")
DOWNLOADS = {"json": "application/json", "md": "text/markdown; charset=utf-8",
             "html": "text/html; charset=utf-8", "sarif": "application/sarif+json"}
ENVELOPE = 64 * 1024  # a request body may exceed the draft limit by its form or JSON wrapping
ERRORS = {400: {"model": ErrorBody}, 401: {"model": ErrorBody}, 403: {"model": ErrorBody},
          404: {"model": ErrorBody}, 413: {"model": ErrorBody}, 422: {"model": ErrorBody}}


class ApiError(HTTPException):
    """An HTTP error with the code the JSON answer carries."""

    def __init__(self, status: int, message: str, code: str):
        super().__init__(status, message)
        self.code = code


class DraftError(Exception):
    def __init__(self, status: int, message: str, code: str):
        super().__init__(message)
        self.status, self.message, self.code = status, message, code


def create_app(corpus: list[str] | str, baseline: str | os.PathLike | None = None, token: str | None = None,
               max_bytes: int = DEFAULT_MAX_BYTES, *, config: Config | None = None,
               allowed_hosts: tuple[str, ...] | None = LOOPBACK_HOSTS, cache_path: str | os.PathLike | None = None,
               jobs: int | None = None, progress=None, watch_interval: float | None = 2.0, keep: int = 64,
               workers: int = 0, max_corroborating: int | None = DEFAULT_MAX_CORROBORATING) -> FastAPI:
    """The app over `corpus` (folders or files), indexed now (`progress(docs, claims)` told as it
    goes) and watched every `watch_interval` seconds while the app runs (None: not watched).
    `workers`: processes that run the checks, started now (0: checks run in this process).
    `baseline`: the file "Accept with reason" writes (None: accepting is off). `token`: required
    on every request. `allowed_hosts`: Host names answered (None: any; use it with a token).
    `max_corroborating`: the corpus claims a corroboration lists at most (None: all)."""
    if config is None:
        from numcheck.checker.config import load_config

        config = load_config(Path.cwd(), None)
    state = Corpus([corpus] if isinstance(corpus, (str, os.PathLike)) else list(corpus), config,
                   cache_path=cache_path, max_bytes=max_bytes, jobs=jobs, max_corroborating=max_corroborating)
    state.index(progress)
    if workers:
        state.start_workers(workers)
    results = Results(keep)
    store = BaselineStore(baseline) if baseline is not None else None
    templates = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True)
    templates.filters["printable"] = printable
    templates.filters["docname"] = lambda path: printable(short_name(path, state.paths))

    @asynccontextmanager
    async def lifespan(app):  # the watcher runs while the app serves
        if watch_interval:
            state.watch(watch_interval, on_error=lambda exc: log.warning("corpus watch: %s", exc))
        yield
        await run_in_threadpool(state.close)

    app = FastAPI(title="numcheck serve", version="1", docs_url=None, redoc_url=None,
                  openapi_url="/api/openapi.json", lifespan=lifespan,
                  description="Check a draft's numbers against an indexed corpus (numcheck).")
    app.state.corpus, app.state.results, app.state.baseline = state, results, store
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    # -- errors: JSON, never a traceback -------------------------------------------------------------

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException):
        codes = {404: "not_found", 405: "method_not_allowed", 413: "too_large"}
        code = getattr(exc, "code", None) or codes.get(exc.status_code, "http_error")
        return error(exc.status_code, str(exc.detail), code,
                     getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        return error(422, _validation_text(exc.errors()), "invalid_request")

    @app.exception_handler(NumcheckError)
    async def numcheck_error(request: Request, exc: NumcheckError):  # a malformed baseline file, mostly
        log.error("%s", exc)
        return error(500, str(exc), exc.code)

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception):
        log.exception("internal error on %s %s", request.method, request.url.path)
        return error(500, "internal error (the server log has the details)", "internal")

    # -- helpers -----------------------------------------------------------------------------------

    def page(name: str, status: int = 200, **context) -> HTMLResponse:
        context.setdefault("corpus", state)
        context.setdefault("baseline", store)
        return HTMLResponse(templates.get_template(name).render(**context), status_code=status)

    def current_baseline():
        return store.load() if store is not None else None

    def check_draft(name: str, data: bytes, published: date | None, fail_on: str, body: bool) -> Answer:
        """The draft checked (in a worker process when they run) and kept; `body`: with the API's answer."""
        made = state.answer(secrets.token_urlsafe(9), name, data, published, fail_on,
                            store.path if store is not None else None, body)
        if made.error is not None:
            raise DraftError(*made.error)
        results.add(made.kept)
        return made

    async def read_draft(request: Request) -> tuple[str, bytes, date | None, str]:
        """(name, bytes, date, fail_on) of a JSON body or a form (a pasted text or an uploaded file)."""
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind == "application/json":
            try:
                body = CheckRequest.model_validate_json(await request.body())
            except ValidationError as exc:
                raise DraftError(422, _validation_text(exc.errors()), "invalid_request") from None
            return state.draft_name(FORMATS[body.format]), body.text.encode("utf-8"), body.date, body.fail_on
        if kind not in ("multipart/form-data", "application/x-www-form-urlencoded"):
            raise DraftError(415, "send JSON (application/json) or a form (multipart/form-data)", "unsupported_media")
        form = await request.form(max_part_size=max_bytes + ENVELOPE)
        upload = form.get("file")
        if upload is not None and not isinstance(upload, str) and upload.filename:
            suffix = Path(upload.filename).suffix.lower()
            if suffix not in UPLOAD_SUFFIXES:
                raise DraftError(422, f"unsupported file type {suffix or '(none)'!r} "
                                      f"(expected {', '.join(UPLOAD_SUFFIXES)})", "E104")
            name, data = state.draft_name(".html" if suffix == ".htm" else suffix), await upload.read()
        else:
            text = form.get("text")
            fmt = form.get("format") or "txt"
            if not isinstance(text, str) or fmt not in FORMATS:
                raise DraftError(422, "paste a draft (text) or upload a file (file)", "invalid_request")
            name, data = state.draft_name(FORMATS[fmt]), text.encode("utf-8")
        published = _date(form.get("date"))
        fail_on = form.get("fail_on") or "medium"
        if fail_on not in ("high", "medium", "low", "none"):
            raise DraftError(422, f"fail_on is high, medium, low or none, not {fail_on!r}", "invalid_request")
        return name, data, published, fail_on

    async def checked_from(request: Request, body: bool) -> Answer:
        name, data, published, fail_on = await read_draft(request)
        if not data.strip():
            raise DraftError(422, "the draft is empty", "empty_draft")
        if len(data) > max_bytes:
            raise DraftError(413, f"draft too large ({len(data):,} bytes, over the limit of {max_bytes:,})", "E105")
        try:
            decode(name, data)  # an undecodable upload is the sender's problem: 422 naming it
        except InputFileError as exc:
            raise DraftError(422, f"{exc.message} (uploaded file)", exc.code) from None
        return await run_in_threadpool(check_draft, name, data, published, fail_on, body)

    def result_or_404(check_id: str) -> Checked:
        checked = results.get(check_id)
        if checked is None:
            raise ApiError(404, "no such check (the server keeps the last few; check again)", "unknown_check")
        return checked

    def document_url(claim) -> str:
        """The corpus document view with the claim's sentence and number highlighted."""
        found = results.find_claim(claim.id)
        query = {"start": claim.start, "end": claim.end}
        if found is not None:
            full = found[1]
            query |= {"s": full.sentence_start, "e": full.sentence_start + len(full.sentence)}
        return f"/documents/{quote(claim.doc)}?{urlencode(query)}#hl"

    # -- pages -------------------------------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def home():
        return page("index.html")

    @app.post("/check", include_in_schema=False)
    async def form_check(request: Request):
        try:
            made = await checked_from(request, body=False)
        except DraftError as exc:
            return page("index.html", status=exc.status, error=exc.message, error_code=exc.code)
        return RedirectResponse(f"/results/{made.kept.id}", status_code=303)

    @app.get("/results/{check_id}", response_class=HTMLResponse, include_in_schema=False)
    async def result_page(check_id: str):
        checked = result_or_404(check_id)
        report = checked.current(current_baseline())
        shown = marks(checked, report, config)
        conflicts = ordered_conflicts(report.conflicts)
        return page(
            "index.html", checked=checked, report=report, summary=summarize(report), marks=shown,
            segments=segments(checked.text, shown, compact=checked.format == "html"), labels=STATUS_LABELS,
            conflicts=conflicts, number_lines={c.id: Markup(number_line(c.claims)) for c in conflicts},
            compared={m.index: compared_with(m) for m in shown}, document_url=document_url,
            index_of={m.claim.id: m.index for m in shown}, interval_text=interval_text, subject_text=subject_text,
            counts={s: sum(1 for m in shown if m.status == s) for s in STATUS_LABELS})

    @app.post("/results/{check_id}/accept", include_in_schema=False)
    async def form_accept(check_id: str, request: Request):
        checked = result_or_404(check_id)
        form = await request.form(max_part_size=ENVELOPE)
        conflict_id = str(form.get("conflict") or "")
        await run_in_threadpool(accept, AcceptRequest.model_construct(
            conflict=conflict_id, reason=str(form.get("reason") or ""), reviewer=str(form.get("reviewer") or "")),
            checked)
        return RedirectResponse(f"/results/{checked.id}#conflict-{quote(conflict_id)}", status_code=303)

    @app.get("/results/{check_id}/report.{fmt}", include_in_schema=False)
    async def download(check_id: str, fmt: str):
        if fmt not in DOWNLOADS:
            raise ApiError(404, f"no such format (one of {', '.join(DOWNLOADS)})", "not_found")
        report = result_or_404(check_id).current(current_baseline())
        body = render(report, fmt, encoded=True)
        return Response(body, media_type=DOWNLOADS[fmt], headers={
            "Content-Disposition": f'attachment; filename="numcheck-report.{fmt}"',
            "Content-Security-Policy": "default-src 'none'; sandbox"})

    @app.get("/documents/{path:path}", response_class=HTMLResponse, include_in_schema=False)
    async def document_page(path: str, start: int | None = None, end: int | None = None,
                            s: int | None = None, e: int | None = None):
        text, meta = await run_in_threadpool(read_document, path)
        cuts = sorted({max(0, min(x, len(text))) for x in (s, e, start, end) if x is not None})
        pieces, at = [], 0
        for cut in [*cuts, len(text)]:  # each piece knows whether it is in the sentence and the number
            piece = text[at:cut]
            if piece:
                pieces.append((piece, s is not None and e is not None and s <= at < e,
                               start is not None and end is not None and start <= at < end))
            at = cut
        return page("document.html", doc=path, pieces=pieces, format=meta.format)

    # -- API ---------------------------------------------------------------------------------------

    @app.post("/api/check", response_model=CheckResponse, responses=ERRORS, tags=["api"], openapi_extra={
        "requestBody": {"required": True, "content": {
            "application/json": {"schema": CheckRequest.model_json_schema()},
            "multipart/form-data": {"schema": {"type": "object", "properties": {
                "text": {"type": "string"}, "file": {"type": "string", "format": "binary"},
                "format": {"type": "string", "enum": list(FORMATS)},
                "date": {"type": "string", "format": "date"},
                "fail_on": {"type": "string", "enum": ["high", "medium", "low", "none"]}}}}}}})
    async def api_check(request: Request):
        """Check a draft against the corpus: the report (contract v1), the verdict `numcheck check`
        would give, and each number of the draft with its status."""
        try:
            made = await checked_from(request, body=True)
        except DraftError as exc:
            return error(exc.status, exc.message, exc.code)
        # made where the check ran (checking.api_answer): serialised there, as FastAPI would
        return Response(made.body, media_type="application/json")

    @app.get("/api/claims/{claim_id}", response_model=ClaimView, responses=ERRORS, tags=["api"])
    async def api_claim(claim_id: str):
        """A claim of a recent check (a draft's, or a corpus claim it met): its record, status
        and the claims it was compared with."""
        found = results.find_claim(claim_id)
        if found is None:
            raise ApiError(404, "no recent check holds this claim", "unknown_claim")
        checked, claim = found
        report = checked.current(current_baseline())
        mark = next((m for m in marks(checked, report, config) if m.claim.id == claim_id), None)
        if mark is not None:
            pairs, status, reason = compared_with(mark), mark.status, mark.reason
            findings = mark.findings
        else:  # a corpus claim: what it met in the findings
            findings = [f for f in (*report.conflicts, *(report.corroborations or ()))
                        if any(c.id == claim_id for c in f.claims)]
            pairs = [(f, c) for f in findings for c in f.claims if c.id != claim_id]
            status, reason = None, None
        compared = [Compared(finding=f.id, code=f.code, severity=f.severity, baselined=f.baselined, claim=c,
                             document=None if c.doc == checked.name else document_url(c)) for f, c in pairs]
        return ClaimView(check=checked.id, claim=ClaimRecord.from_claim(claim), status=status, reason=reason,
                         compared_with=compared, unlisted_claims=sum(f.unlisted_claims or 0 for f in findings))

    def read_document(path: str):
        """(text as shown, Document record) of corpus document `path`."""
        try:
            real = state.document(path)
        except NotInCorpus as exc:
            raise ApiError(exc.status, str(exc), exc.code) from None
        try:
            data = real.read_bytes()
        except OSError:
            raise ApiError(404, "the document cannot be read", "not_found") from None
        if len(data) > max_bytes:
            raise ApiError(413, "the document is over the size limit", "too_large")
        try:
            return document_text(path, data)
        except InputFileError as exc:
            raise ApiError(422, exc.message, exc.code) from None

    @app.get("/api/documents/{path:path}", response_model=DocumentView, responses=ERRORS, tags=["api"])
    async def api_document(path: str):
        """A corpus document, as reports name it (`doc`); confined to the corpus."""
        text, meta = await run_in_threadpool(read_document, path)
        return DocumentView(doc=path, format=meta.format, language=meta.language, title=meta.title,
                            published=meta.published, sha256=meta.sha256, text=text)

    def accept(body: AcceptRequest, checked: Checked | None = None) -> AcceptResponse:
        if store is None:
            raise ApiError(409, "no baseline file: start the server with --baseline FILE", "no_baseline")
        try:
            body = AcceptRequest.model_validate(body.model_dump())
        except ValidationError as exc:
            raise RequestValidationError(exc.errors()) from None
        conflict = None
        if checked is not None:
            conflict = next((c for c in checked.report.conflicts if c.id == body.conflict), None)
        conflict = conflict or results.find_conflict(body.conflict)
        if conflict is None:
            raise ApiError(404, "no recent check found this conflict", "unknown_conflict")
        try:
            waiver, created = store.accept(conflict, reason=body.reason.strip(), reviewer=body.reviewer.strip())
        except ValidationError as exc:
            raise RequestValidationError(exc.errors()) from None
        return AcceptResponse(waiver=waiver, created=created, baseline=str(store.path))

    @app.post("/api/baseline", response_model=AcceptResponse, status_code=201, responses=ERRORS, tags=["api"])
    async def api_baseline(body: AcceptRequest):
        """Accept a conflict with a reason: a waiver (reason, reviewer, date) in the baseline file."""
        return await run_in_threadpool(accept, body)

    @app.get("/healthz", response_model=Health, tags=["api"])
    async def healthz():
        return Health(documents=len(state.files), indexed_at=state.indexed_at,
                      checks_kept=len(results))

    # the last added is outermost: security headers on every answer, refusals included
    app.add_middleware(Guard, token=token, body_limit=max_bytes + ENVELOPE, allowed_hosts=allowed_hosts)
    app.add_middleware(SecurityHeaders)
    return app


def short_name(path: str, roots: list[str]) -> str:
    """A corpus document's name for people: from its corpus folder's name on (an absolute corpus
    path would fill the page); links keep the full name."""
    for root in roots:
        root = root.rstrip("/")
        if root and path.startswith(root + "/"):
            return f"{Path(root).name}/{path[len(root) + 1:]}"
    return path


def _date(value) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise DraftError(422, f"{value!r} is not a date (YYYY-MM-DD)", "invalid_request") from None


def _validation_text(errors) -> str:
    """pydantic's errors as one line: 'reason: String should have at least 1 character; ...'."""
    parts = []
    for e in errors:
        where = ".".join(str(p) for p in e.get("loc", ()) if p != "body")
        parts.append(f"{where}: {e.get('msg')}" if where else str(e.get("msg")))
    return "; ".join(parts) or "invalid request"
