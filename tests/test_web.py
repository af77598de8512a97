"""The web face: the REST API and the pages give what marsad.store.queries and the coder give (one core)."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from marsad.pipeline import Coder
from marsad.store import Store
from marsad.store.queries import get_event, list_actors, list_events
from marsad.web.render import direction, highlight
from webkit import build_store, client

DEMO_PUBLISHED = "2025-07-01"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    return build_store(tmp_path_factory.mktemp("web"))


@pytest.fixture(scope="module")
def api(db: str, coder: Coder) -> TestClient:
    with client(db, coder) as c:
        yield c


def test_events_api_is_the_store_query(api: TestClient, db: str) -> None:
    with Store(db) as s:
        for params in ({}, {"actor": "DZA"}, {"recipient": "mli"}, {"type": "agree"}, {"since": "2025-07-01"},
                       {"until": "2025-06-30"}, {"min_sources": 2}, {"sort": "mentions"}):
            r = api.get("/api/events", params=params)
            assert r.status_code == 200, params
            kw = {("event_type" if k == "type" else k): v for k, v in params.items()}
            assert r.json()["events"] == list_events(s, **kw, limit=100), params
        assert api.get("/api/actors").json()["actors"] == list_actors(s, 100)
        first = list_events(s)[0]
        assert api.get(f"/api/events/{first['id']}").json() == get_event(s, first["id"])


def test_event_and_article_detail(api: TestClient) -> None:
    [agree] = [e for e in api.get("/api/events", params={"type": "AGREE", "until": "2025-06-30"}).json()["events"]]
    c = api.get(f"/api/events/{agree['id']}").json()
    assert c["num_sources"] == 3 and len(c["members"]) == 3
    for m in c["members"]:
        a = api.get(f"/api/articles/{m['article']['id']}").json()
        text = a["article"]["text"]
        assert text[m["span"][0]:m["span"][1]] == m["text"]
        assert a["schema"] == "marsad.document/1" and a["clusters"][m["event_id"]] == agree["id"]
        for e in a["events"]:
            assert text[e["span"][0]:e["span"][1]] == e["text"]
    r = api.get("/api/articles/999")
    assert r.status_code == 404 and r.json() == {"ok": False, "error": "no article 999 in the store", "errors": [],
                                                  "status": 404}
    assert api.get("/api/articles").json()["count"] == 6


def test_code_api_returns_the_contract(api: TestClient, demo_text: str, validator: Any) -> None:
    r = api.post("/api/code", json={"text": demo_text, "published": DEMO_PUBLISHED})
    assert r.status_code == 200
    d = r.json()
    assert not list(validator.iter_errors(d))
    assert d["document"]["language"] == "ar" and d["events"]
    for e in d["events"]:
        assert demo_text[e["span"][0]:e["span"][1]] == e["text"]


@pytest.mark.parametrize(("body", "where"), [
    ({"text": ""}, "text"), ({"text": "x", "published": "1 July"}, "published"), ({"text": "x", "lang": "de"}, "lang"),
    ({"published": "2025-01-01"}, "text"),
])
def test_code_api_rejects_bad_requests_in_the_error_shape(api: TestClient, body: dict[str, Any], where: str) -> None:
    r = api.post("/api/code", json=body)
    assert r.status_code == 422
    j = r.json()
    assert set(j) == {"ok", "error", "errors", "status"} and j["ok"] is False and j["status"] == 422
    assert where in j["error"] and j["errors"]


def test_code_api_input_error_is_422(api: TestClient) -> None:
    r = api.post("/api/code", json={"text": "\x00\x01\x02" * 50})
    assert r.status_code == 422 and r.json()["ok"] is False


def test_code_page_shows_arabic_rtl_with_highlights(api: TestClient, demo_text: str) -> None:
    r = api.post("/code", data={"text": demo_text, "published": DEMO_PUBLISHED, "lang": ""})
    assert r.status_code == 200
    page = r.text
    assert re.search(r'<article id="article" class="article" dir="rtl" lang="ar">', page)
    n_events = len(api.post("/api/code", json={"text": demo_text, "published": DEMO_PUBLISHED}).json()["events"])
    assert page.count("<tr data-event=") == n_events > 0
    for i in range(n_events):  # every row's evidence is highlighted somewhere in the text
        assert re.search(rf'data-ev="[^"]*\b{i}\b[^"]*"', page), i
    assert 'class="m"' in page and re.search(r'class="[^"]*\bt\b', page)
    body = re.search(r'<article id="article"[^>]*>(.*?)</article>', page, re.S).group(1)
    assert html.unescape(re.sub(r"<[^>]+>", "", body)) == demo_text  # the highlights add markup, never text


def test_code_page_form_and_errors(api: TestClient) -> None:
    assert "<textarea" in api.get("/code").text
    assert "قلب التوازنات" in api.get("/code?demo=1").text
    r = api.post("/code", data={"text": "", "published": ""})
    assert r.status_code == 422 and "paste an article" in r.text
    r = api.post("/code", data={"text": "Mali signed.", "published": "yesterday"})
    assert r.status_code == 422 and "YYYY-MM-DD" in r.text


def test_pages(api: TestClient) -> None:
    assert "clusters" in api.get("/").text
    page = api.get("/events", params={"type": "ACCUSE", "actor": "", "since": ""}).text  # blank fields are no filter
    assert page.count('<a href="/events/') == 2
    [agree] = api.get("/api/events", params={"type": "AGREE", "until": "2025-06-30"}).json()["events"]
    page = api.get(f"/events/{agree['id']}").text
    assert page.count("/articles/") == 3 and 'dir="rtl" lang="ar">وقعت مالي وروسيا' in page
    assert "Russia" in api.get("/actors").text
    art = api.get("/articles/3").text
    assert 'dir="rtl" lang="ar"' in art and "<tr data-event=" in art
    assert api.get("/events/424242").status_code == 404
    assert api.get("/events", params={"since": "june"}).status_code == 422


def test_docs_are_offline_and_list_every_route(api: TestClient) -> None:
    page = api.get("/docs").text
    spec = api.get("/openapi.json").json()
    for path in spec["paths"]:
        assert f"<code>{path}</code>" in page
    assert {"/api/code", "/api/events", "/api/events/{event_id}", "/api/actors", "/api/articles/{article_id}"} \
        <= set(spec["paths"])
    assert not re.search(r'(src|href)="(https?:)?//', page)  # nothing loaded from elsewhere


def test_highlight_nests_overlaps_and_escapes() -> None:
    text = "A <b> signed with B & C"
    ment = [{"span": [0, 1], "entity": {"name": "A", "code": "AAA"}, "how": "name"},
            {"span": [17, 18], "entity": {"name": "B"}, "how": "name"}]
    evs = [{"span": [0, 23], "event": "AGREE", "trigger": {"span": [6, 12]}},
           {"span": [6, 18], "event": "COOPERATE", "trigger": {"span": [6, 12]}}]
    out = str(highlight(text, ment, evs))
    assert html.unescape(re.sub(r"<[^>]+>", "", out)) == text
    assert "&lt;b&gt;" in out and "<b>" not in out
    assert '<span class="e t" data-ev="0 1" title="AGREE | COOPERATE">signed</span>' in out
    assert direction("ar") == "rtl" and direction("fr") == "ltr"
    assert str(highlight("abc", [{"span": [5, 9]}, {"span": None}], [])) == "abc"  # bad spans are ignored


def test_serve_command_is_registered() -> None:
    from typer.testing import CliRunner

    from marsad.cli import app

    r = CliRunner().invoke(app, ["serve", "--help"])
    assert r.exit_code == 0 and "--host" in r.output and "--token-file" in r.output
    r = CliRunner().invoke(app, ["serve", "--port", "0"])
    assert r.exit_code == 2


def test_token_file_path_is_used(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from marsad.cli import app

    empty = tmp_path / "t"
    empty.write_text("\n")
    r = CliRunner().invoke(app, ["serve", "--token-file", str(empty)])
    assert r.exit_code == 2
