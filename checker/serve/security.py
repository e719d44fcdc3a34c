"""The server's gate, in front of every route: host, token, same-origin, body size.

- Host: without a token the server answers only to the loopback names, so a web page whose DNS
  name is rebound to 127.0.0.1 cannot read it.
- Token: when set, every request carries it (Authorization: Bearer, the X-Numcheck-Token header,
  or the cookie a `?token=` visit sets); without it, 401.
- Same origin: a POST whose Origin (else Referer) is another site, or whose Sec-Fetch-Site says
  cross-site, is refused (403): no other page can make a visitor's browser accept a conflict.
- Size: a body over the limit is refused with 413 before it is read whole.
Every refusal is JSON {"error": ..., "code": ...}.
"""
from __future__ import annotations

import hmac
from http.cookies import SimpleCookie
from urllib.parse import parse_qs, urlencode, urlsplit

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse, RedirectResponse

TOKEN_COOKIE = "numcheck_token"
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


def error(status: int, message: str, code: str, headers: dict | None = None) -> JSONResponse:
    return JSONResponse({"error": message, "code": code}, status_code=status, headers=headers)


class BodyTooLarge(HTTPException):
    """Raised while a body is read past the limit; an HTTPException so that the framework's body
    parsing passes it on as it is (it turns other exceptions into a 400)."""

    def __init__(self, limit: int):
        super().__init__(413, f"request body over the limit of {limit:,} bytes")
        self.limit = limit


def host_name(host_header: str) -> str:
    """'127.0.0.1:8765' -> '127.0.0.1'; '[::1]:8765' -> '::1'."""
    if host_header.startswith("["):
        return host_header[1:].partition("]")[0]
    return host_header.rpartition(":")[0] if host_header.count(":") == 1 else host_header


class Guard:
    """Pure ASGI middleware: cheap checks first, nothing of a refused request reaches a route."""

    def __init__(self, app, *, token: str | None, body_limit: int, allowed_hosts: tuple[str, ...] | None):
        self.app = app
        self.token = token
        self.body_limit = body_limit
        self.allowed_hosts = allowed_hosts

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        refusal = self._refusal(scope, headers)
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        if self.token is not None and scope["method"] == "GET":
            query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
            if "token" in query:  # the printed URL: keep the token in a cookie, out of the address bar
                rest = urlencode([(k, v) for k, vs in query.items() if k != "token" for v in vs])
                response = RedirectResponse(scope["path"] + (f"?{rest}" if rest else ""), status_code=303)
                response.set_cookie(TOKEN_COOKIE, self.token, httponly=True, samesite="strict")
                await response(scope, receive, send)
                return
        await self._limited(scope, receive, send, headers)

    def _refusal(self, scope, headers: Headers):
        if self.allowed_hosts is not None and host_name(headers.get("host", "")) not in self.allowed_hosts:
            return error(400, "unknown Host header (the server answers to 127.0.0.1 and localhost)", "bad_host")
        if self.token is not None and not self._has_token(scope, headers):
            return error(401, "a token is required (start URL printed by `numcheck serve`, or "
                              "Authorization: Bearer TOKEN)", "unauthorized", {"WWW-Authenticate": "Bearer"})
        if scope["method"] not in ("GET", "HEAD", "OPTIONS") and not self._same_origin(scope, headers):
            return error(403, "cross-origin request refused", "cross_origin")
        length = headers.get("content-length")
        if length is not None:
            if not length.isdigit():
                return error(400, "bad Content-Length", "bad_request")
            if int(length) > self.body_limit:
                return error(413, f"request body over the limit of {self.body_limit:,} bytes", "too_large")
        return None

    def _has_token(self, scope, headers: Headers) -> bool:
        auth = headers.get("authorization", "")
        candidates = [auth[7:].strip() if auth.lower().startswith("bearer ") else None,
                      headers.get("x-numcheck-token")]
        cookie = SimpleCookie()
        try:
            cookie.load(headers.get("cookie", ""))
        except Exception:  # a malformed cookie header is no token
            pass
        if TOKEN_COOKIE in cookie:
            candidates.append(cookie[TOKEN_COOKIE].value)
        if scope["method"] == "GET":
            candidates.append(parse_qs(scope.get("query_string", b"").decode("latin-1")).get("token", [None])[0])
        return any(c is not None and hmac.compare_digest(c.encode(), self.token.encode()) for c in candidates)

    @staticmethod
    def _same_origin(scope, headers: Headers) -> bool:
        if headers.get("sec-fetch-site") not in (None, "same-origin", "none"):
            return False
        source = headers.get("origin") or headers.get("referer")
        if source is None:  # not a browser (curl, scripts): no ambient credentials to abuse
            return True
        if source == "null":
            return False
        parts = urlsplit(source)
        scheme = scope.get("scheme", "http")
        return parts.scheme == scheme and parts.netloc == headers.get("host", "")

    async def _limited(self, scope, receive, send, headers: Headers):
        """Count the body as it arrives (a chunked body has no Content-Length to check first)."""
        limit, seen = self.body_limit, 0
        started = False

        async def counted_receive():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise BodyTooLarge(limit)
            return message

        async def tracked_send(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted_receive, tracked_send)
        except BodyTooLarge as exc:
            if started:
                raise
            await error(413, exc.detail, "too_large")(scope, receive, send)


PAGE_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
               "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")


class SecurityHeaders:
    """Headers on every response: a Content-Security-Policy that allows only the server's own
    scripts and styles (a route may set a stricter one), no sniffing, no framing, no referrer."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                extra = [(b"content-security-policy", PAGE_POLICY.encode()), (b"x-content-type-options", b"nosniff"),
                         (b"x-frame-options", b"DENY"), (b"referrer-policy", b"same-origin"),
                         (b"cache-control", b"no-store")]
                headers += [(k, v) for k, v in extra if k not in names]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)
