"""The web face's security defaults: escaping, parameterised filters, size limit, no CORS, read-only, error shape."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from fastapi.testclient import TestClient

from marsad.pipeline import Coder
from marsad.store import Store
from marsad.store.writer import count_rows
from marsad.web import Settings, create_app
from marsad.web.app import CSP
from webkit import SCRIPT_ACTOR, SCRIPT_TEXT, SCRIPT_TITLE, build_relations_store, build_store

# every request these tests send is a probe and is counted (docs/RELIABILITY.md: "N probes, 0 successes"; a
# success would be a failed assertion). The count is written to test-artifacts/web-probes.txt at the end.
PROBE_COUNT: Counter[str] = Counter()


class CountingClient(TestClient):
    def request(self, method: str, url: Any, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        PROBE_COUNT[method.upper()] += 1
        return super().request(method, url, *args, **kwargs)


def client(db: str, coder: Any, **settings: Any) -> TestClient:
    return CountingClient(create_app(Settings(db=db, coder=coder, **settings)))


@pytest.fixture(scope="module", autouse=True)
def _report_probe_count() -> Iterator[None]:
    yield
    out = Path(__file__).resolve().parent.parent / "test-artifacts"
    out.mkdir(exist_ok=True)
    total = sum(PROBE_COUNT.values())
    (out / "web-probes.txt").write_text(f"{total} probes ({dict(PROBE_COUNT)}), 0 successes\n", "utf-8")

PROBES = ["' OR '1'='1", "MLI' OR 1=1 --", "1; DROP TABLE events; --", "\" UNION SELECT text FROM articles --",
          "%' OR '%'='", "1 OR 1=1", "2025-01-01' OR '1'='1", "') OR ('a'='a", "\x00", "مالي' OR 1=1 --"]
EVENT_FILTERS = ["actor", "recipient", "type", "since", "until", "min_sources", "sort", "limit"]
ERROR_KEYS = {"ok", "error", "errors", "status"}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    return build_store(tmp_path_factory.mktemp("websec"))


@pytest.fixture(scope="module")
def api(db: str, coder: Coder) -> Iterator[TestClient]:
    with client(db, coder) as c:
        yield c


def _counts(db: str) -> dict[str, int]:
    with Store(db) as s, s.read() as conn:
        return count_rows(conn)


def test_article_text_is_escaped_on_the_code_page(api: TestClient) -> None:
    text = "قال الرئيس إن مالي وقعت اتفاقا مع روسيا <script>alert('xss')</script> <img src=x onerror=alert(1)>"
    page = api.post("/code", data={"text": text, "published": "2025-07-01"}).text
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert len(re.findall(r"<script\b", page)) == 1  # only our own, external file


def test_stored_article_text_and_title_are_escaped_everywhere(api: TestClient) -> None:
    arts = api.get("/api/articles").json()["articles"]
    [art] = [a for a in arts if a["title"] == SCRIPT_TITLE]
    pages = [api.get(f"/articles/{art['id']}").text, api.get("/articles").text]
    [cluster] = [e for e in api.get("/api/events", params={"since": "2025-07-10", "until": "2025-07-10"})
                 .json()["events"]]
    pages.append(api.get(f"/events/{cluster['id']}").text)
    for page in pages:
        assert "<script>alert" not in page and "<b>bold</b>" not in page
        assert len(re.findall(r"<script\b", page)) == 1
    assert "&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;" in pages[0]
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;" in pages[0]
    assert "&lt;b&gt;bold&lt;/b&gt;" in pages[2]
    assert api.get(f"/api/articles/{art['id']}").json()["article"]["text"] == SCRIPT_TEXT  # JSON keeps it as data


def test_pages_forbid_inline_scripts(api: TestClient) -> None:
    r = api.get("/code")
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert r.headers["x-content-type-options"] == "nosniff" and r.headers["x-frame-options"] == "DENY"


@pytest.mark.parametrize("name", EVENT_FILTERS)
def test_injection_probes_on_event_filters(api: TestClient, db: str, name: str) -> None:
    before = _counts(db)
    all_ids = {e["id"] for e in api.get("/api/events").json()["events"]}
    for probe in PROBES:
        for path in ("/api/events", "/events"):
            r = api.get(path, params={name: probe})
            assert r.status_code in (200, 422), (path, probe, r.status_code)
            if path == "/api/events" and r.status_code == 200:
                assert r.json()["count"] == 0, (name, probe)  # a probe never widens the answer
            if r.status_code == 422 and path == "/api/events":
                assert set(r.json()) == ERROR_KEYS and probe not in r.text  # the payload is not echoed
            assert "SCRIPT" not in r.text.upper() or "<script src" in r.text  # no article text leaks
    assert _counts(db) == before
    assert {e["id"] for e in api.get("/api/events").json()["events"]} == all_ids


@pytest.mark.parametrize(("path", "name"), [("/api/articles", "source"), ("/api/articles", "since"),
                                            ("/api/articles", "until"), ("/api/articles", "limit"),
                                            ("/articles", "source"), ("/articles", "since"), ("/api/actors", "limit"),
                                            ("/actors", "limit")])
def test_injection_probes_on_article_and_actor_filters(api: TestClient, db: str, path: str, name: str) -> None:
    before = _counts(db)
    for probe in PROBES:
        r = api.get(path, params={name: probe})
        assert r.status_code in (200, 422), (path, name, probe)
        if r.status_code == 200 and path == "/api/articles":
            assert r.json()["count"] == 0
    assert _counts(db) == before


@pytest.mark.parametrize("path", ["/api/events/{}", "/events/{}", "/api/articles/{}", "/articles/{}"])
def test_injection_probes_on_ids(api: TestClient, path: str) -> None:
    for probe in ["1 OR 1=1", "1;DROP TABLE articles", "-1", "0", "99999999999999999999999", "1e3", "0x1"]:
        r = api.get(path.format(probe))
        assert r.status_code in (404, 422), (path, probe)


def test_oversized_body_is_413(api: TestClient) -> None:
    big = "مالي " * 500_000  # about 4.5 MB of UTF-8
    for path, kw in (("/api/code", {"json": {"text": big}}), ("/code", {"data": {"text": big}})):
        r = api.post(path, **kw)
        assert r.status_code == 413, path
        assert r.json()["status"] == 413 and r.json()["ok"] is False

    def chunks() -> Iterator[bytes]:  # no Content-Length: the limit holds while the body streams in
        yield b'{"text": "'
        for _ in range(300):
            yield b"x" * 10_000
        yield b'"}'

    r = api.post("/api/code", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413 and set(r.json()) == ERROR_KEYS


def test_body_limit_is_configurable(db: str, coder: Coder) -> None:
    with client(db, coder, max_body=100) as c:
        assert c.post("/api/code", json={"text": "x" * 200}).status_code == 413
        assert c.post("/api/code", json={"text": "Mali signed."}).status_code == 200


def test_no_cors_by_default(api: TestClient, db: str, coder: Coder) -> None:
    origin = {"Origin": "https://evil.example"}
    for r in (api.get("/api/events", headers=origin),
              api.options("/api/events", headers={**origin, "Access-Control-Request-Method": "GET"}),
              api.post("/api/code", json={"text": "Mali signed."}, headers=origin)):
        assert not any(h.lower().startswith("access-control-") for h in r.headers), r.headers
    with client(db, coder, cors_origins=["https://ok.example"]) as c:
        assert c.get("/api/events", headers={"Origin": "https://ok.example"}) \
            .headers["access-control-allow-origin"] == "https://ok.example"
        assert "access-control-allow-origin" not in c.get("/api/events", headers=origin).headers


def test_read_only_by_default_and_token_for_writes(api: TestClient, db: str, coder: Coder) -> None:
    body = {"text": "Mali and Russia signed a defence accord in Moscow.", "published": "2025-08-01",
            "url": "https://w.example/1"}
    before = _counts(db)
    r = api.post("/api/articles", json=body)
    assert r.status_code == 403 and set(r.json()) == ERROR_KEYS and "read-only" in r.json()["error"]
    with client(db, coder, token="s3cret-token") as c:
        assert c.post("/api/articles", json=body).status_code == 401
        assert c.post("/api/articles", json=body, headers={"Authorization": "Bearer wrong"}).status_code == 401
        assert c.post("/api/articles", json=body, headers={"Authorization": "s3cret-token"}).status_code == 401
        r = c.post("/api/articles", json=body, headers={"Authorization": "Bearer s3cret-token"})
        assert r.status_code == 201 and r.json()["added"] is True
        again = c.post("/api/articles", json=body, headers={"Authorization": "Bearer s3cret-token"}).json()
        assert again["added"] is False and again["article_id"] == r.json()["article_id"]
        assert _counts(db)["articles"] == before["articles"] + 1
    for method in ("put", "delete", "patch"):
        assert getattr(api, method)("/api/events").status_code == 405


def test_every_api_error_has_one_shape(api: TestClient) -> None:
    for r in (api.get("/api/events/999"), api.get("/api/nothing"), api.get("/api/events", params={"limit": 0}),
              api.post("/api/code", content=b"not json", headers={"content-type": "application/json"}),
              api.post("/api/code", json={"text": "x" * 10, "lang": "xx"}), api.delete("/api/events")):
        j = r.json()
        assert set(j) == ERROR_KEYS and j["ok"] is False and j["status"] == r.status_code >= 400
        assert isinstance(j["error"], str) and isinstance(j["errors"], list)


# ---- the relation views: escaping of actor names, probes on every parameter ----

@pytest.fixture(scope="module")
def rdb(tmp_path_factory: pytest.TempPathFactory) -> str:
    return build_relations_store(tmp_path_factory.mktemp("websecrel"))


@pytest.fixture(scope="module")
def rapi(rdb: str, coder: Coder) -> Iterator[TestClient]:
    with client(rdb, coder) as c:
        yield c


def test_actor_names_with_markup_are_escaped_on_relation_pages(rapi: TestClient) -> None:
    escaped = "&lt;script&gt;alert(&#39;actor&#39;)&lt;/script&gt;"
    pages = {path: rapi.get(path).text for path in ("/dyads/NER/evil-group?by=day", "/network", "/alerts",
                                                     "/map", "/actors")}
    for path, page in pages.items():
        assert "<script>alert" not in page and "<b>جماعة</b>" not in page, path
        assert len(re.findall(r"<script\b", page)) == (1 if path in ("/alerts", "/actors") else 2), path
        assert all(src in ('/static/marsad.js', '/static/relations.js')
                   for src in re.findall(r'<script src="([^"]*)"', page)), path
    for path in ("/dyads/NER/evil-group?by=day", "/network", "/alerts"):
        assert escaped in pages[path], path
    assert 'data-b="' + escaped + '"' in pages["/dyads/NER/evil-group?by=day"]
    # the JSON keeps the name as data (the page's script sets it with textContent, never as markup)
    assert rapi.get("/api/network").json()["nodes"][1]["name"] == SCRIPT_ACTOR


RELATION_PARAMS = [("/api/dyads/NER/evil-group", "by"), ("/api/dyads/NER/evil-group", "since"),
                   ("/api/dyads/NER/evil-group", "until"), ("/api/network", "since"), ("/api/network", "until"),
                   ("/api/network", "min_events"), ("/api/network", "level"), ("/api/alerts", "since"),
                   ("/api/alerts", "window"), ("/api/alerts", "by"), ("/api/alerts", "level"),
                   ("/api/alerts", "threshold"), ("/api/alerts", "min_events"), ("/dyads/NER/evil-group", "by"),
                   ("/dyads/NER/evil-group", "since"), ("/dyads", "a"), ("/dyads", "b"), ("/network", "since"),
                   ("/network", "min_events"), ("/network", "level"), ("/alerts", "since"), ("/alerts", "window"),
                   ("/alerts", "by"), ("/map", "actor"), ("/map", "type"), ("/map", "until")]


@pytest.mark.parametrize(("path", "name"), RELATION_PARAMS)
def test_injection_probes_on_relation_parameters(rapi: TestClient, rdb: str, path: str, name: str) -> None:
    before = _counts(rdb)
    for probe in [*PROBES, "<script>alert(1)</script>", "nan", "inf", "1e400", "-0"]:
        r = rapi.get(path, params={name: probe})
        assert r.status_code in (200, 422), (path, name, probe, r.status_code)
        if path.startswith("/api") and r.status_code == 422:
            assert set(r.json()) == ERROR_KEYS and probe not in r.text  # the payload is not echoed
        assert "<script>alert(1)" not in r.text
    assert _counts(rdb) == before


@pytest.mark.parametrize("pair", ["NER/evil-group' OR '1'='1", "' OR 1=1 --/MLI", "MLI/1;DROP TABLE events",
                                  "MLI/%3Cscript%3E", "MLI/RUS/extra", "MLI/" + "x" * 65, "MLI/..%2F..%2Fetc%2Fpasswd"])
def test_injection_probes_on_dyad_paths(rapi: TestClient, rdb: str, pair: str) -> None:
    before = _counts(rdb)
    for prefix in ("/api/dyads/", "/dyads/"):
        r = rapi.get(prefix + pair)
        assert r.status_code in (404, 422), (prefix, pair, r.status_code)
        assert "<script" not in r.text.replace('<script src="/static/', "")
        if prefix.startswith("/api"):
            assert set(r.json()) == ERROR_KEYS
    assert _counts(rdb) == before


# ---- probes generated from the OpenAPI spec and the app's route table ----

SPEC_PROBES = [*PROBES, "<script>alert(1)</script>", "../../etc/passwd", "%00", "x" * 5000, "-1", "1e400", "nan"]
# the pages take the parameters of their API twin (they parse them by hand, so the spec cannot list them)
PAGE_TWINS = {"/events": "/api/events", "/articles": "/api/articles", "/actors": "/api/actors",
              "/network": "/api/network", "/alerts": "/api/alerts", "/map": "/api/events",
              "/dyads/{a}/{b}": "/api/dyads/{a}/{b}", "/events/{event_id}": "/api/events/{event_id}",
              "/articles/{article_id}": "/api/articles/{article_id}"}
PAGE_EXTRA = {"/dyads": ["a", "b", "by", "since", "until"], "/code": ["demo"], "/": [], "/docs": []}
PATH_DEFAULTS = {"a": "NER", "b": "evil-group", "event_id": "1", "article_id": "1"}


def _all_routes(app: Any, prefix: str = "") -> list[tuple[set[str], str, Any]]:
    """(methods, path, route) of every route, included routers flattened (FastAPI nests them in newer versions)."""
    out: list[tuple[set[str], str, Any]] = []
    for r in app.routes if hasattr(app, "routes") else []:
        inner = getattr(r, "original_router", None)
        if inner is not None:
            ctx = getattr(r, "include_context", None)
            out += _all_routes(inner, prefix + (getattr(ctx, "prefix", "") or ""))
        else:
            out.append((set(getattr(r, "methods", None) or ()), prefix + r.path, r))
    return out


def _spec(app_client: TestClient) -> dict[str, Any]:
    spec: dict[str, Any] = app_client.get("/openapi.json").json()
    return spec


def _get_routes(app_client: TestClient) -> dict[str, list[tuple[str, str]]]:
    """Every GET route → its (location, name) parameters: the spec's for /api, the twin's for pages."""
    spec = _spec(app_client)
    routes: dict[str, list[tuple[str, str]]] = {}
    for path, ops in spec["paths"].items():
        if "get" in ops:
            routes[path] = [(p["in"], p["name"]) for p in ops["get"].get("parameters", [])]
    for page, twin in PAGE_TWINS.items():
        routes[page] = routes[twin]
    for page, names in PAGE_EXTRA.items():
        routes[page] = [("query", n) for n in names]
    return routes


def test_probe_routes_cover_every_get_route(rapi: TestClient, rdb: str) -> None:
    """A new route (API or page) without probes fails here: the probes below are generated from this table."""
    app = create_app(Settings(db=rdb))
    app_routes = {path for methods, path, _ in _all_routes(app) if "GET" in methods}
    app_routes -= {"/openapi.json"}
    assert app_routes == set(_get_routes(rapi)), app_routes ^ set(_get_routes(rapi))


def _fill(path: str, override: dict[str, str] | None = None) -> str:
    from urllib.parse import quote

    values = {**PATH_DEFAULTS, **(override or {})}
    return re.sub(r"\{(\w+)\}", lambda m: quote(values[m.group(1)], safe=""), path)


def test_injection_probes_on_every_parameter_of_every_route(rapi: TestClient, rdb: str) -> None:
    before = _counts(rdb)
    routes = _get_routes(rapi)
    n = 0
    for path, params in routes.items():
        for where, name in params:
            for probe in SPEC_PROBES:
                url = _fill(path, {name: probe}) if where == "path" else _fill(path)
                r = rapi.get(url, params={name: probe} if where == "query" else None)
                n += 1
                assert r.status_code in (200, 404, 422), (path, name, probe, r.status_code)
                assert "<script>alert(1)" not in r.text and "root:x:0" not in r.text, (path, name)
                if path.startswith("/api") and r.status_code >= 400:
                    assert set(r.json()) == ERROR_KEYS and (len(probe) < 3 or probe not in r.text), (path, name)
                if path in ("/api/events", "/api/articles") and r.status_code == 200 and name != "limit":
                    assert r.json()["count"] == 0, (path, name, probe)  # a probe never widens the answer
    assert n > 1000
    assert _counts(rdb) == before


# ---- XSS through a user KB entry ----

KB_XSS = "<img src=x onerror=alert(1)>"
KB_ESCAPED = "&lt;img src=x onerror=alert(1)&gt;"
KB_TEXT = """\
organisations:
  - id: xss-watch
    type: organisation
    names: {en: ["<img src=x onerror=alert(1)>", Sahel Watch], ar: ["<img src=x onerror=alert(1)>", مرصد الساحل]}
    country: MLI
    sector: NGO
"""


def test_user_kb_actor_with_markup_is_escaped_on_every_page(tmp_path: Path) -> None:
    kb = tmp_path / "xss.yaml"
    kb.write_text(KB_TEXT, "utf-8")
    db = str(tmp_path / "kb.db")
    Store(db).close()
    coder = Coder((kb,))  # as `marsad serve --kb xss.yaml`
    text = "Sahel Watch signed an agreement with Mali in Bamako on Monday. Mali accused Sahel Watch of lying."
    with client(db, coder, token="t0ken") as c:
        r = c.post("/api/articles", json={"text": text, "published": "2025-07-02", "title": KB_XSS},
                   headers={"Authorization": "Bearer t0ken"})
        assert r.status_code == 201 and r.json()["events"] > 0
        article = r.json()["article_id"]
        events = c.get("/api/events").json()["events"]
        assert events and any(KB_XSS in str(e) for e in events)  # the name is there, as data
        pages = {p: c.get(p).text for p in ("/", "/events", "/articles", f"/articles/{article}", "/actors",
                                             "/network?level=actor", "/network", "/alerts?level=actor", "/map",
                                             "/dyads/xss-watch/MLI?by=day", *(f"/events/{e['id']}" for e in events))}
        pages["POST /code"] = c.post("/code", data={"text": text, "published": "2025-07-02"}).text
        for path, page in pages.items():
            assert "<img src=x" not in page, path
            assert all(src.startswith("/static/") for src in re.findall(r'<script[^>]*src="([^"]*)"', page)), path
            assert len(re.findall(r"<script\b", page)) == len(re.findall(r'<script src="/static/', page)), path
        shown = [p for p, page in pages.items() if KB_ESCAPED in page]
        assert {"/actors", f"/articles/{article}", "POST /code", "/events"} <= set(shown), shown


# ---- path traversal on every route that serves files ----

TRAVERSALS = ["../../etc/passwd", "..%2f..%2fetc%2fpasswd", "%2e%2e/%2e%2e/etc/passwd",
              "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
              "%252e%252e%252f%252e%252e%252fetc%252fpasswd", "..%252f..%252fetc%252fpasswd", "....//....//etc/passwd",
              "..\\..\\etc\\passwd", "%2e%2e%5c%2e%2e%5cetc%5cpasswd", "/etc/passwd", "%2fetc%2fpasswd",
              "..%c0%af..%c0%afetc%c0%afpasswd", "../../../../../../../../etc/passwd", "marsad.js%00.png",
              "../app.py", "..%2fapp.py", "../templates/base.html", "%2e%2e/__init__.py", "..;/app.py",
              ".%2e/.%2e/etc/passwd", "../../../pyproject.toml"]


async def _raw_get(app: Any, raw: str) -> tuple[int, bytes]:
    """One GET with the path exactly as sent (no client normalising '..'), decoded once as uvicorn does."""
    import asyncio

    status = 0
    body = b""
    sent = False
    done = asyncio.Event()

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await done.wait()  # then the client goes away, once the answer is complete
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status, body
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body":
            body += message.get("body", b"")
            if not message.get("more_body", False):
                done.set()

    path, _, query = raw.partition("?")
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET", "scheme": "http",
             "path": unquote(path, errors="surrogateescape"), "raw_path": path.encode(), "root_path": "",
             "query_string": query.encode(), "headers": [(b"host", b"testserver")], "server": ("testserver", 80),
             "client": ("127.0.0.1", 1)}
    await app(scope, receive, send)
    PROBE_COUNT["GET"] += 1
    return status, body


def test_path_traversal_on_every_file_route(db: str, coder: Coder) -> None:
    import asyncio

    from starlette.routing import Mount
    from starlette.staticfiles import StaticFiles

    from marsad.web.app import PACKAGE_DIR

    app = create_app(Settings(db=db, coder=coder))
    mounts = [p for _, p, r in _all_routes(app) if isinstance(r, Mount) and isinstance(r.app, StaticFiles)]
    assert mounts == ["/static"]
    outside = [p.read_bytes()[:200] for p in (Path("/etc/passwd"), PACKAGE_DIR / "app.py") if p.exists()]
    for mount in mounts:
        assert asyncio.run(_raw_get(app, f"{mount}/marsad.js"))[0] == 200  # the mount works at all
        for probe in TRAVERSALS:
            for raw in (f"{mount}/{probe}", f"{mount}%2f{probe}", f"{mount}/./{probe}", f"{mount}/x/../{probe}"):
                status, body = asyncio.run(_raw_get(app, raw))
                assert status in (404, 400, 405), (raw, status)
                assert not any(o and o in body for o in outside), raw


# ---- writes only with the token, on every non-GET route ----

def test_every_non_get_route_writes_only_with_the_token(db: str, coder: Coder) -> None:
    app = create_app(Settings(db=db, coder=coder))
    routes = sorted((m, path) for methods, path, _ in _all_routes(app) for m in methods - {"GET", "HEAD"})
    assert routes == [("POST", "/api/articles"), ("POST", "/api/code"), ("POST", "/code")], routes
    n = 0
    for token in (None, "right-token"):
        with client(db, coder, token=token) as c:
            for method, path in routes:
                for auth in (None, "Bearer wrong", "right-token", "Bearer right-token", "Basic right-token",
                             "Bearer right-token extra", "bearer  right-token\x00"):
                    if auth and "\x00" in auth:
                        continue  # not a valid header value for the client
                    n += 1
                    body = {"text": f"Mali and Russia signed accord number {n} in Moscow.", "published": "2025-08-01",
                            "url": f"https://probe.example/{n}"}
                    before = _counts(db)
                    kw: dict[str, Any] = {"json": body} if path.startswith("/api") else {"data": body}
                    r = c.request(method, path, headers={"Authorization": auth} if auth else {}, **kw)
                    wrote = _counts(db) != before
                    allowed = path == "/api/articles" and token is not None and auth == f"Bearer {token}"
                    assert wrote == allowed, (token, method, path, auth, r.status_code)
                    if path == "/api/articles" and not allowed:
                        assert r.status_code == (403 if token is None else 401), (token, auth)
    assert n == 2 * 3 * 6


# ---- CORS: closed by default, open only to the configured origins ----

def test_cors_preflight_on_every_route(db: str, coder: Coder) -> None:
    app_routes = _get_routes(client(db, coder))
    paths = [_fill(p) for p in app_routes] + ["/api/code", "/api/articles"]
    evil, good = "https://evil.example", "https://ok.example"
    with client(db, coder) as closed, client(db, coder, cors_origins=[good]) as open_:
        for path in paths:
            for method in ("GET", "POST", "PUT", "DELETE"):
                pre = {"Access-Control-Request-Method": method, "Access-Control-Request-Headers": "authorization"}
                for origin in (evil, good, "null"):
                    r = closed.options(path, headers={"Origin": origin, **pre})
                    assert not any(h.lower().startswith("access-control-") for h in r.headers), (path, origin)
                    r = open_.options(path, headers={"Origin": origin, **pre})
                    acao = r.headers.get("access-control-allow-origin")
                    if origin == good and method in ("GET", "POST"):
                        assert acao == good and r.status_code == 200, (path, method)
                    else:
                        assert acao in (None, good) and (origin == good or acao is None), (path, origin, acao)
                        assert origin == good or r.status_code >= 400, (path, origin)
            r = open_.get(path, headers={"Origin": evil})
            assert "access-control-allow-origin" not in r.headers, path


# ---- a Content-Security-Policy on every HTML response ----

def test_csp_on_every_html_response(rapi: TestClient) -> None:
    urls = [_fill(p) for p in _get_routes(rapi) if not p.startswith("/api")]
    urls += ["/code?demo=1", "/nothing-here", "/events/99999", "/events?since=x", "/dyads/NER/NER", "/static/nope"]
    responses = [rapi.get(u) for u in urls] + [rapi.post("/code", data={"text": "Mali signed."}),
                                                rapi.post("/code", data={"text": ""}), rapi.delete("/events")]
    html = 0
    for r in responses:
        assert r.status_code < 500, r.url
        assert r.headers["content-security-policy"] == CSP, r.url  # on every response, HTML or not
        assert r.headers["x-content-type-options"] == "nosniff" and r.headers["x-frame-options"] == "DENY"
        if r.headers.get("content-type", "").startswith("text/html"):
            html += 1
            assert "unsafe-inline" not in CSP and "script-src 'self'" in CSP
            ours = re.findall(r'<script src="/static/[\w.]+"( defer)?>', r.text)
            assert len(re.findall(r"<script\b", r.text)) == len(ours), r.url
            assert not re.search(r"\son[a-z]+\s*=|\sstyle\s*=|javascript:", r.text), r.url  # CSP would block
    assert html >= len(urls) - 1


# ---- oversized bodies on every route ----

def test_oversized_bodies_on_every_route(db: str, coder: Coder) -> None:
    with client(db, coder, max_body=10_000) as c:
        paths = [_fill(p) for p in _get_routes(c)] + ["/api/code", "/api/articles", "/code"]
        big = b"x" * 10_001
        for path in paths:
            for method in ("POST", "GET", "PUT"):
                r = c.request(method, path, content=big, headers={"content-type": "application/json"})
                assert r.status_code == 413 and set(r.json()) == ERROR_KEYS, (method, path, r.status_code)
                r = c.request(method, path, content=iter([big[:6000], big[6000:]]),
                              headers={"content-type": "application/json"})  # chunked, no Content-Length
                assert r.status_code == 413, (method, path, "chunked")
            for bad in ("-1", "1e9", "abc", "99999999999999999999999"):
                r = c.request("POST", path, content=b"{}", headers={"content-length": bad})
                assert r.status_code in (400, 413), (path, bad)
        r = c.get("/api/events", params={"actor": "x" * 60_000})  # a huge query string: refused, not a 5xx
        assert r.status_code == 422


# ---- what schemathesis found (docs/RELIABILITY.md), kept as regressions ----

@pytest.mark.parametrize(("method", "url", "kw"), [
    ("POST", "/api/code", {"json": {"text": "Mali signed.", "published": "2025-02-30"}}),  # was a 500 (coder)
    ("POST", "/code", {"data": {"text": "Mali signed.", "published": "2025-02-30"}}),  # was a 500
    ("GET", "/api/alerts?since=0001-01-01", {}), ("GET", "/alerts?since=0001-01-01", {}),  # 500: date overflow
    ("GET", "/api/dyads/NER/evil-group?until=9999-12-31", {}), ("GET", "/dyads/NER/evil-group?until=9999-12-31", {}),
    ("GET", "/api/dyads/NER/evil-group?by=day&since=1000-01-01&until=2000-01-01", {}),  # hung: 365,000 periods
    ("GET", "/dyads/NER/evil-group?by=day&since=1000-01-01", {}),
    ("GET", "/api/events?actor=MLI&actor=RUS", {}),  # a repeated parameter was reduced to its last value
    ("GET", "/api/dyads/%C3%AB%C3%A8/MLI", {}),  # Unicode \w: accepted by the server, refused by its spec
    ("GET", "/api/dyads/ner/NER", {})])  # the same party twice: 422 without echoing it
def test_schemathesis_findings_are_422(rapi: TestClient, method: str, url: str, kw: dict[str, Any]) -> None:
    r = rapi.request(method, url, **kw)
    assert r.status_code == 422, (url, r.status_code)
    if url.startswith("/api"):
        assert set(r.json()) == ERROR_KEYS and "ner" not in r.json()["error"]
