"""The application factory, its settings, and the security defaults every route shares.

Why one factory: tests, ``marsad serve`` and anyone embedding Marsad build the same app from a
:class:`Settings`; nothing is read from globals at import time. The defaults are the safe ones:

- **read-only**: routes that write (``POST /api/articles``) answer 403 unless a token is configured
  (``$MARSAD_WEB_TOKEN`` or ``--token-file``), then 401 without ``Authorization: Bearer <token>``;
- **body size limit** (2 MB by default) on every request, checked on ``Content-Length`` and while reading a
  chunked body → 413;
- **no CORS** headers unless origins are listed;
- a **Content-Security-Policy** that allows only the package's own scripts and styles (no inline script), so
  even a missed escape could not run an article's ``<script>``;
- one JSON error shape ``{ok, error, errors, status}`` for every ``/api`` error; pages get an HTML error page.
"""

from __future__ import annotations

import hmac
import os
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from marsad import __version__
from marsad.errors import ConfigError, InputError, MarsadError, StoreError

PACKAGE_DIR = Path(__file__).parent
DEFAULT_MAX_BODY = 2 * 1024 * 1024
TOKEN_ENV = "MARSAD_WEB_TOKEN"
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


@dataclass
class Settings:
    """What one running web app uses.

    Args:
        db: the store (a SQLite path or ``postgresql://…``; None: ``$MARSAD_DB``, else ``./marsad.db``).
        token: the write token; None keeps the app read-only. :func:`token_from_env` reads ``$MARSAD_WEB_TOKEN``.
        max_body: the largest request body accepted, in bytes (larger → 413).
        cors_origins: origins allowed to call the API from a browser; empty: no CORS headers at all.
        kb_files: extra knowledge-base files for the coder.
        coder: a ready coder (tests share one); None builds one on first use.
    """

    db: str | None = None
    token: str | None = None
    max_body: int = DEFAULT_MAX_BODY
    cors_origins: list[str] = field(default_factory=list)
    kb_files: tuple[Path, ...] = ()
    coder: Any = None


_MARKDOWN: Any = None


def markdown_html(text: str | None, inline: bool = False) -> Any:
    """CommonMark as HTML (markdown-it-py) for the descriptions of the OpenAPI on ``/docs``.

    Raw HTML in the text is not passed through (``html: False`` escapes it), so a description can never inject
    markup; links keep to http(s) and relative targets (markdown-it's own URL check).
    """
    from markupsafe import Markup

    global _MARKDOWN
    if _MARKDOWN is None:
        from markdown_it import MarkdownIt

        _MARKDOWN = MarkdownIt("commonmark", {"html": False})
    if not text:
        return Markup("")
    return Markup(_MARKDOWN.renderInline(text) if inline else _MARKDOWN.render(text))


def token_from_env() -> str | None:
    """The write token from ``$MARSAD_WEB_TOKEN`` (None when unset or empty)."""
    return os.environ.get(TOKEN_ENV) or None


class Resources:
    """The store and the coder of one app, opened on first use (so ``/api/code`` works without a store)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._lock = threading.Lock()
        self._store: Any = None
        self._coder: Any = settings.coder

    def store(self) -> Any:
        with self._lock:
            if self._store is None:
                from marsad.store import Store

                self._store = Store(self.settings.db)
            return self._store

    def coder(self) -> Any:
        with self._lock:
            if self._coder is None:
                from marsad.pipeline import Coder

                self._coder = Coder(self.settings.kb_files, syntax_lemmas=False)  # it shows no words
            return self._coder

    def close(self) -> None:
        with self._lock:
            if self._store is not None:
                self._store.close()
                self._store = None


def error_body(status: int, error: str, errors: list[Any] | None = None) -> dict[str, Any]:
    """The one JSON error shape."""
    return {"ok": False, "error": error, "errors": errors or [], "status": status}


def _wants_json(request: Request) -> bool:
    path = request.url.path
    return path.startswith("/api") or path == "/openapi.json"


def _error_response(request: Request, status: int, error: str, errors: list[Any] | None = None,
                    headers: dict[str, str] | None = None) -> Any:
    if _wants_json(request):
        return JSONResponse(error_body(status, error, errors), status_code=status, headers=headers)
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(request, "error.html", {"status": status, "error": error, "errors": errors},
                                      status_code=status, headers=headers)


_STATUS_TEXT = {400: "bad request", 401: "unauthorised", 403: "forbidden", 404: "not found",
                405: "method not allowed", 413: "request too large", 422: "invalid parameters"}


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Any:
        detail = exc.detail if isinstance(exc.detail, str) else _STATUS_TEXT.get(exc.status_code, "error")
        return _error_response(request, exc.status_code, detail, headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Any:
        errors = [{"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
                  for e in exc.errors()]  # no 'input' echo: a probe's payload is not reflected back
        first = errors[0] if errors else {"loc": [], "msg": "invalid"}
        where = ".".join(str(x) for x in first["loc"] if x not in ("query", "body", "path"))
        return _error_response(request, 422, f"invalid {where or 'request'}: {first['msg']}", errors)

    @app.exception_handler(MarsadError)
    async def _marsad(request: Request, exc: MarsadError) -> Any:
        if isinstance(exc, InputError):
            return _error_response(request, 422, str(exc), [{"reason": exc.reason}])
        if isinstance(exc, StoreError | ConfigError):
            return _error_response(request, 503, f"store unavailable: {redact_store(str(exc), settings_of(request))}")
        return _error_response(request, 500, str(exc))


def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def redact_store(message: str, settings: Settings) -> str:
    """``message`` with the store's URL and file path replaced by its public name (``SQLite marsad.db``).

    A store error names the store the way the CLI needs it (``sqlite:////srv/data/marsad.db``); a web reader is
    told which store failed, not where the server keeps it.
    """
    from sqlalchemy import make_url

    from marsad.store.db import describe, resolve_url
    from marsad.store.queries import public_label

    try:
        url = resolve_url(settings.db)
    except MarsadError:
        return message.replace(settings.db or "", "the configured store") if settings.db else message
    label = public_label(url)
    secrets = {url, describe(url), make_url(url).database or "", settings.db or ""}
    for s in sorted((x for x in secrets if x and len(x) > 1), key=len, reverse=True):
        message = message.replace(s, label)
    return message


def body_limit(app: ASGIApp, max_body: int) -> ASGIApp:
    """ASGI middleware: refuse a request body over ``max_body`` bytes with 413.

    A declared ``Content-Length`` is checked before anything is read (the server holds the client to it); a body
    without one (chunked) is read here first, up to the limit, and replayed to the app, so no route ever sees
    more than ``max_body`` bytes.
    """

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None:
            if not declared.isdigit() or int(declared) > max_body:
                await _send_413(send, max_body)
                return
            await app(scope, receive, send)
            return
        if b"transfer-encoding" not in headers:
            await app(scope, receive, send)
            return
        chunks: list[bytes] = []
        seen = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunk = message.get("body", b"")
            seen += len(chunk)
            if seen > max_body:
                await _send_413(send, max_body)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": b"".join(chunks), "more_body": False}
            return await receive()

        await app(scope, replay, send)

    return middleware


def security_headers(app: ASGIApp) -> ASGIApp:
    """ASGI middleware: a strict Content-Security-Policy and friends on every response."""
    extra = [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
             (b"referrer-policy", b"no-referrer"), (b"x-frame-options", b"DENY")]

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [h for h in extra if h[0] not in present]
            await send(message)

        await app(scope, receive, with_headers)

    return middleware


async def _send_413(send: Send, max_body: int) -> None:
    import json

    body = json.dumps(error_body(413, f"request body larger than the limit of {max_body:,} bytes")).encode()
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})


def require_token(request: Request) -> None:
    """Dependency of every writing route: 403 when the app is read-only, 401 without the right bearer token."""
    token: str | None = request.app.state.settings.token
    if not token:
        raise StarletteHTTPException(403, f"this server is read-only: writes need a token (set ${TOKEN_ENV} "
                                          "or --token-file when starting marsad serve)")
    given = request.headers.get("authorization", "")
    scheme, _, value = given.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(value.strip().encode(), token.encode()):
        raise StarletteHTTPException(401, "a valid 'Authorization: Bearer <token>' header is needed to write",
                                     headers={"WWW-Authenticate": "Bearer"})


def create_app(settings: Settings | None = None) -> FastAPI:
    """The Marsad web application for ``settings`` (see :class:`Settings`)."""
    settings = settings or Settings(token=token_from_env())
    res = Resources(settings)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        res.close()

    app = FastAPI(title="Marsad", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
                  openapi_url="/openapi.json",
                  description="Political event data from Arabic, English and French news: code an article, "
                              "query clustered events with each article's evidence. Read-only unless a token "
                              "is configured. Errors: `{ok, error, errors, status}`.")
    app.state.settings = settings
    app.state.resources = res
    templates = Jinja2Templates(directory=str(PACKAGE_DIR / "templates"))  # autoescape on for .html
    templates.env.globals["version"] = __version__
    templates.env.filters["markdown"] = markdown_html
    app.state.templates = templates
    _install_error_handlers(app)

    if settings.cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=list(settings.cors_origins), allow_methods=["GET", "POST"],
                           allow_headers=["Content-Type", "Authorization"])
    app.add_middleware(_Wrap, wrap=lambda inner: body_limit(inner, settings.max_body))
    app.add_middleware(_Wrap, wrap=security_headers)  # outermost: a 413 gets the headers too

    from marsad.web.api import router as api_router
    from marsad.web.pages import router as pages_router

    app.include_router(api_router)
    app.include_router(pages_router)
    app.mount("/static", StaticFiles(directory=str(PACKAGE_DIR / "static")), name="static")
    _document_schema_in_openapi(app)
    return app


def _document_schema_in_openapi(app: FastAPI) -> None:
    """Put the coded-document JSON Schema (docs/SCHEMA.md) into the OpenAPI as ``CodedDocument``.

    So ``POST /api/code`` promises exactly that contract, and schemathesis checks every answer against it. Its
    ``$defs`` become components of their own (``CodedDocument_span`` …), the references rewritten to match.
    """
    import json
    from importlib import resources

    base = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        spec = base()
        text = (resources.files("marsad") / "data" / "schema" / "document.schema.json").read_text("utf-8")
        doc = json.loads(text.replace('"#/$defs/', '"#/components/schemas/CodedDocument_'))
        schemas = spec.setdefault("components", {}).setdefault("schemas", {})
        for name, sub in doc.pop("$defs", {}).items():
            schemas[f"CodedDocument_{name}"] = sub
        doc.pop("$schema", None)
        doc.pop("$id", None)
        schemas["CodedDocument"] = doc
        app.openapi_schema = spec
        return spec

    app.openapi = openapi  # type: ignore[method-assign]


class _Wrap:
    """A function middleware (:func:`body_limit`, :func:`security_headers`) in the form ``add_middleware`` takes."""

    def __init__(self, app: ASGIApp, wrap: Callable[[ASGIApp], ASGIApp]) -> None:
        self._inner = wrap(app)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self._inner(scope, receive, send)
