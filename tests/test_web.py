"""The web face: the REST API and the pages give what marsad.store.queries and the coder give (one core)."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from marsad.pipeline import Coder
from marsad.relations import alerts, dyad_series, network, network_data
from marsad.store import Store
from marsad.store.queries import get_event, list_actors, list_events
from marsad.web.render import direction, highlight
from webkit import build_relations_store, build_store, client

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


# ---- the relation views: /api/dyads, /api/network, /api/alerts and their pages ----

@pytest.fixture(scope="module")
def rdb(tmp_path_factory: pytest.TempPathFactory) -> str:
    return build_relations_store(tmp_path_factory.mktemp("webrel"))


@pytest.fixture(scope="module")
def rapi(rdb: str, coder: Coder) -> TestClient:
    with client(rdb, coder) as c:
        yield c


def test_relations_api_is_the_relations_functions(rapi: TestClient, rdb: str) -> None:
    with Store(rdb) as s:
        for a, b, params in (("NER", "evil-group", {"by": "day"}), ("MLI", "RUS", {}), ("mli", "rus", {"by": "month"}),
                             ("NER", "evil-group", {"since": "2025-08-02", "until": "2025-08-05"}),
                             ("FRA", "NER", {})):
            r = rapi.get(f"/api/dyads/{a}/{b}", params=params)
            assert r.status_code == 200, (a, b, params)
            assert r.json() == {"ok": True, **dyad_series(s, a, b, **params)}, (a, b, params)
        for params in ({}, {"min_events": 2}, {"level": "actor"}, {"since": "2025-07-01", "until": "2025-08-03"}):
            r = rapi.get("/api/network", params=params)
            assert r.status_code == 200, params
            assert r.json() == {"ok": True, **network_data(network(s, **params))}, params
        for params in ({}, {"since": "2025-08-05"}, {"window": 2}, {"by": "week"}):
            r = rapi.get("/api/alerts", params=params)
            assert r.status_code == 200, params
            rows = alerts(s, **params)
            assert r.json() == {"ok": True, "count": len(rows), "alerts": rows}, params
    [alert] = rapi.get("/api/alerts").json()["alerts"]
    assert alert["dyad"] == "NER–evil-group" and alert["direction"] == "conflict" and len(alert["drivers"]) == 2
    series = rapi.get("/api/dyads/NER/evil-group", params={"by": "day"}).json()
    assert [p["events"] for p in series["periods"]] == [1, 1, 1, 0, 2]
    assert series["periods"][-1]["index"] == alert["index"] == -6.0


@pytest.mark.parametrize(("path", "params", "where"), [
    ("/api/dyads/NER/evil-group", {"by": "year"}, "by"), ("/api/dyads/NER/evil-group", {"since": "2025-8-1"}, "since"),
    ("/api/dyads/NER/evil-group", {"until": "2025-02-30"}, "until"), ("/api/dyads/NER/a b", {}, "b"),
    ("/api/dyads/NER/ner", {}, "two different"), ("/api/network", {"min_events": 0}, "min_events"),
    ("/api/network", {"min_events": "many"}, "min_events"), ("/api/network", {"level": "city"}, "level"),
    ("/api/network", {"since": "yesterday"}, "since"), ("/api/alerts", {"window": 0}, "window"),
    ("/api/alerts", {"window": 10_000}, "window"), ("/api/alerts", {"since": "2025-13-01"}, "since"),
    ("/api/alerts", {"by": "hour"}, "by"), ("/api/alerts", {"threshold": -1}, "threshold"),
])
def test_relations_api_rejects_bad_parameters(rapi: TestClient, path: str, params: dict[str, Any],
                                              where: str) -> None:
    r = rapi.get(path, params=params)
    assert r.status_code == 422, (path, params)
    j = r.json()
    assert set(j) == {"ok", "error", "errors", "status"} and j["ok"] is False and j["status"] == 422
    assert where in j["error"] and j["errors"]


def test_relation_pages(rapi: TestClient) -> None:
    page = rapi.get("/dyads/NER/evil-group", params={"by": "day"}).text
    assert 'id="dyad-chart" data-src="/api/dyads/NER/evil-group?by=day"' in page
    assert '<script src="/static/relations.js" defer></script>' in page
    assert page.count('<a href="/events/') == 5 and "2025-08-04" in page  # empty periods stay on the axis
    assert "Give two parties" in rapi.get("/dyads").text
    assert 'data-src="/api/dyads/MLI/RUS?by=month"' in rapi.get("/dyads", params={"a": "MLI", "b": "RUS",
                                                                                  "by": "month"}).text
    page = rapi.get("/network").text
    assert 'id="network-chart" data-src="/api/network?min_events=1&amp;level=country"' in page
    assert '<a href="/dyads/MLI/RUS">' in page and "5 node(s), 3 edge(s)" in page
    page = rapi.get("/alerts").text
    assert "1 alert(s)." in page and page.count('<a href="/events/') == 2
    assert '<a href="/dyads/NER/evil-group?by=day">' in page
    page = rapi.get("/map").text
    assert 'data-world="/static/countries-110m.json"' in page
    assert 'data-lat="55.752" data-lon="37.618" data-n="1" data-name="Moscow"' in page
    assert "3 of 9 event(s) have a place" in page
    assert "2 of 3 event(s)" in rapi.get("/map", params={"type": "AGREE"}).text
    for path, params in (("/dyads/NER/evil-group", {"by": "year"}), ("/network", {"level": "x"}),
                         ("/alerts", {"window": "0"}), ("/map", {"since": "2025-02-30"}),
                         ("/network", {"min_events": "-1"})):
        assert rapi.get(path, params=params).status_code == 422, (path, params)


def test_world_outline_is_vendored() -> None:
    import json

    from marsad.web.app import PACKAGE_DIR

    topo = json.loads((PACKAGE_DIR / "static" / "countries-110m.json").read_text("utf-8"))
    assert topo["type"] == "Topology" and len(topo["objects"]["countries"]["geometries"]) == 177
    js = (PACKAGE_DIR / "static" / "relations.js").read_text("utf-8")
    assert not re.search(r"https?://(?!www\.w3\.org/2000/svg)", js)  # nothing fetched from elsewhere


def test_openapi_lists_the_relation_routes(rapi: TestClient) -> None:
    paths = set(rapi.get("/openapi.json").json()["paths"])
    assert {"/api/dyads/{a}/{b}", "/api/network", "/api/alerts"} <= paths


def test_api_lists_page_and_count_the_total(api: TestClient, db: str) -> None:
    from marsad.store.queries import page_events

    with Store(db) as s:
        total = page_events(s)["count"]
        assert total == len(list_events(s)) == 4
        r = api.get("/api/events", params={"limit": 1}).json()
        assert r["count"] == total and r["returned"] == 1 and r["next_offset"] == 1 and r["prev_offset"] is None
        seen, offset = [], 0
        while offset is not None:
            page = api.get("/api/events", params={"limit": 3, "offset": offset}).json()
            assert page["count"] == total  # the total, not the page's size
            seen += [e["id"] for e in page["events"]]
            offset = page["next_offset"]
        assert seen == [e["id"] for e in list_events(s)]
        dates = [e["date"] for e in api.get("/api/events").json()["events"] if e["date"]]
        assert dates == sorted(dates, reverse=True)  # newest first
        up = api.get("/api/events", params={"sort": "sources", "order": "asc"}).json()
        assert [e["id"] for e in up["events"]] == [e["id"] for e in list_events(s, sort="sources", order="asc")]
        assert up["sort"] == "sources" and up["order"] == "asc"
    arts = api.get("/api/articles", params={"limit": 2, "offset": 2}).json()
    assert arts["count"] == 6 and len(arts["articles"]) == 2 and arts["offset"] == 2
    acts = api.get("/api/actors", params={"limit": 1}).json()
    assert acts["count"] > 1 and len(acts["actors"]) == 1
    for params in ({"offset": -1}, {"sort": "colour"}, {"order": "up"}, {"limit": 0}):
        assert api.get("/api/events", params=params).status_code == 422, params
    spec = api.get("/openapi.json").json()
    names = {p["name"] for p in spec["paths"]["/api/events"]["get"]["parameters"]}
    assert {"offset", "limit", "sort", "order"} <= names
    page_schema = spec["components"]["schemas"]["EventsPage"]["properties"]
    assert "total" in page_schema["count"]["description"] and "next_offset" in page_schema


def test_pages_link_to_the_next_and_previous_pages(api: TestClient) -> None:
    page = api.get("/events", params={"limit": 2}).text
    assert page.count('<a href="/events/') == 2 and "1–2 of 4" in page
    assert '<a rel="next" href="/events?sort=date&amp;limit=2&amp;offset=2">' in page and 'rel="prev"' not in page
    page = api.get("/events", params={"limit": 2, "offset": 2}).text
    assert "3–4 of 4" in page and '<a rel="prev" href="/events?sort=date&amp;limit=2">' in page
    assert 'rel="next"' not in page
    page = api.get("/events", params={"type": "AGREE", "sort": "sources", "order": "asc", "limit": 1}).text
    assert 'rel="next" href="/events?type=AGREE&amp;sort=sources&amp;order=asc&amp;limit=1&amp;offset=1"' in page
    assert "1–1 of 2" in page
    assert "1–6 of 6" in api.get("/articles").text and 'rel="next"' in api.get("/articles?limit=5").text
    assert "of " in api.get("/actors?limit=2").text and 'rel="next"' in api.get("/actors?limit=2").text
    for bad in ({"offset": "-3"}, {"order": "sideways"}, {"sort": "colour"}):
        assert api.get("/events", params=bad).status_code == 422, bad


def test_stats_do_not_reveal_server_paths(api: TestClient, db: str) -> None:
    s = api.get("/api/stats").json()
    assert s["store"] == "SQLite web.db"
    folder = str(Path(db).parent)
    assert folder not in api.get("/api/stats").text and folder not in api.get("/").text


def test_pages_show_names_not_internal_ids(api: TestClient) -> None:
    from marsad.web.render import actor_label

    person = {"id": "person:احمد-ولد-طه", "name": "Ahmed Ould Tah", "name_ar": "أحمد ولد طه", "code": "",
              "country": None}
    assert actor_label(person) == "Ahmed Ould Tah" and actor_label(person, "ar") == "أحمد ولد طه"
    assert actor_label({"id": "wagner-group", "name": "Wagner Group", "code": "RUSMIL", "country": "RUS"}) == \
        "Wagner Group (RUSMIL)"
    text = "Le ministre Ahmed Ould Tah a rencontré le président français à Paris."
    page = api.post("/code", data={"text": text, "published": "2025-01-01", "lang": "fr"}).text
    assert 'title="Ahmed Ould Tah · ' in page and "person:" not in page  # the mention names the person
    actors = api.get("/actors").text
    assert "<code>" not in actors and ">Russia<" in actors
    assert api.get("/events", params={"actor": "person:احمد-ولد-طه"}).status_code == 200  # the links work


def test_docs_render_their_markdown(api: TestClient) -> None:
    from marsad.web.app import markdown_html

    page = api.get("/docs").text
    assert "<code>{ok, error, errors, status}</code>" in page  # the description's `code`, rendered
    assert "<code>next_offset</code>" in page and "`" not in re.sub(r"<code>[^<]*</code>", "", page)
    assert 'id="schema-EventsPage"' in page and "the total, not the page" in page
    assert str(markdown_html("a <script>alert(1)</script> *b*")) == \
        "<p>a &lt;script&gt;alert(1)&lt;/script&gt; <em>b</em></p>\n"


def test_code_page_shows_results_first_and_no_internal_ids(api: TestClient, demo_text: str) -> None:
    page = api.post("/code", data={"text": demo_text, "published": DEMO_PUBLISHED, "lang": ""}).text
    assert page.index('id="events"') < page.index('id="article"') < page.index("<textarea")
    assert "<details class=\"code-again\">" in page  # the form folds away under the results
    assert "<details class=\"code-again\" open>" in api.get("/code").text
    head = page.split("<thead>")[1].split("</thead>")[0]
    assert re.findall(r"<th>([^<]*)</th>", head) == ["#", "event", "who → whom", "according to", "when, where",
                                                     "evidence"]
    doc_id = api.post("/api/code", json={"text": demo_text, "published": DEMO_PUBLISHED}).json()["document"]["id"]
    assert doc_id not in page
    art = api.get("/articles/4").text
    [event_id] = api.get("/api/articles/4").json()["clusters"]
    assert event_id not in art.replace(f'id="ev-{event_id}"', "")  # only as the row's anchor, never as text
    assert "event #" in art


def test_dyad_page_leaves_a_stray_date_out_of_the_chart(tmp_path: Path, coder: Coder) -> None:
    from storekit import doc, ev

    db = build_relations_store(tmp_path)
    with Store(db) as s:
        s.add(doc("Niger consulted the group years ago.", ev("CONSULT", ("NER",), ("evil-group",), day="2016-02-02"),
                  published="2016-02-02", source="outlet-9", url="https://r.example/9"))
    with client(db, coder) as c:
        page = c.get("/dyads/NER/evil-group", params={"by": "day"}).text
        assert 'data-start="' in page and 'id="dyad-outliers"' in page and "2016-02-02" in page
        start = int(re.search(r'data-start="(\d+)"', page).group(1))
        end = int(re.search(r'data-end="(\d+)"', page).group(1))
        assert end - start == 4  # the five August days, not 3,470
        assert page.count("<tr><td>2025-08-0") == 5
        whole = c.get("/dyads/NER/evil-group", params={"by": "day", "since": "2016-01-01"}).text
        assert 'id="dyad-outliers"' not in whole


def test_store_errors_do_not_reveal_server_paths(tmp_path: Path, coder: Coder) -> None:
    hidden = tmp_path / "private-folder"
    hidden.mkdir()
    (hidden / "bad.db").write_bytes(b"not a database at all " * 200)
    with client(str(hidden / "bad.db"), coder) as c:
        r = c.get("/api/events")
        assert r.status_code == 503 and "SQLite bad.db" in r.json()["error"]
        assert "private-folder" not in r.text
        page = c.get("/").text
        assert "could not be opened" in page and "private-folder" not in page
