"""The web face's security defaults: escaping, parameterised filters, size limit, no CORS, read-only, error shape."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from marsad.pipeline import Coder
from marsad.store import Store
from marsad.store.writer import count_rows
from webkit import SCRIPT_ACTOR, SCRIPT_TEXT, SCRIPT_TITLE, build_relations_store, build_store, client

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
