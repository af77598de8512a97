"""Server-rendered pages (Jinja2, autoescaped): code an article, explore events, an event's evidence, articles,
and the relation views (a dyad's timeline, the actor network, shift alerts, a map of event places).

The pages call the same functions as the API (:mod:`marsad.store.queries`, the coder) and only format their
result; the little JavaScript they use is ``static/marsad.js`` and ``static/relations.js`` (no library; the
charts are drawn from the API's JSON and the vendored world outline ``static/countries-110m.json``, all served
by this app: nothing is fetched from elsewhere).
"""

from __future__ import annotations

import re
from importlib import resources
from typing import Annotated, Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Path, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse
from starlette.exceptions import HTTPException

from marsad.errors import InputError, MarsadError
from marsad.web.api import DATE, EVENT_TYPE, MAX_PERIODS, PARTY, CodeRequest, code_request, span_periods
from marsad.web.app import Resources, redact_store, settings_of
from marsad.web.render import direction, event_rows, highlight

router = APIRouter(include_in_schema=False)
DEMO_PUBLISHED = "2025-07-01"  # as `marsad demo`: the reference article's own date is not in its text


def _demo_text() -> str:
    return (resources.files("marsad") / "data" / "demo" / "mali-russia-weapons.ar.txt").read_text("utf-8")


def _page(request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    response: HTMLResponse = request.app.state.templates.TemplateResponse(request, name, context,
                                                                          status_code=status)
    return response


def _res(request: Request) -> Resources:
    res: Resources = request.app.state.resources
    return res


def _coded_context(d: dict[str, Any]) -> dict[str, Any]:
    """What ``_coded.html`` shows for one coded document (from the coder or from the store)."""
    doc = d["document"]
    lang = doc.get("language")
    text = d.get("article", {}).get("text") if "article" in d else d.get("text", "")
    return {"doc": doc, "lang": lang, "dir": direction(lang),
            "article_html": highlight(text or "", d["mentions"], d["events"], lang),
            "rows": event_rows(d["events"], lang), "n_mentions": len(d["mentions"])}


@router.get("/", response_class=HTMLResponse)
def index(request: Request) -> HTMLResponse:
    from marsad.store.queries import stats

    try:
        s: dict[str, Any] | None = stats(_res(request).store(), top=5)
        store_error = None
    except MarsadError as exc:
        s, store_error = None, redact_store(str(exc), settings_of(request))
    return _page(request, "index.html", {"stats": s, "store_error": store_error})


@router.get("/code", response_class=HTMLResponse)
def code_form(request: Request, demo: bool = False) -> HTMLResponse:
    form = {"text": _demo_text(), "published": DEMO_PUBLISHED, "lang": ""} if demo else \
        {"text": "", "published": "", "lang": ""}
    return _page(request, "code.html", {"form": form})


@router.post("/code", response_class=HTMLResponse)
async def code_page(request: Request) -> HTMLResponse:
    body = await request.body()
    fields = {k: v[0] for k, v in parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True).items()}
    form = {"text": fields.get("text", ""), "published": fields.get("published", "").strip(),
            "lang": fields.get("lang", "").strip()}
    problems = []
    if not form["text"].strip():
        problems.append("paste an article's text first")
    if form["published"] and not _is_day(form["published"]):
        problems.append("the publication date must be a calendar day, YYYY-MM-DD")
    if form["lang"] not in ("", "ar", "en", "fr"):
        problems.append("the language must be ar, en or fr")
    if problems:
        return _page(request, "code.html", {"form": form, "problems": problems}, status=422)
    req = CodeRequest.model_validate({"text": form["text"].replace("\r\n", "\n"),
                                      "published": form["published"] or None, "lang": form["lang"] or None})
    try:
        cd = await run_in_threadpool(code_request, _res(request), req)
    except MarsadError as exc:
        return _page(request, "code.html", {"form": form, "problems": [str(exc)]}, status=422)
    d = cd.to_dict()
    d["text"] = req.text
    return _page(request, "code.html", {"form": form, "coded": _coded_context(d)})


def _is_day(value: str) -> bool:
    from datetime import date

    if not re.fullmatch(DATE, value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _clean(params: dict[str, str], name: str, pattern: str) -> str | None:
    value = (params.get(name) or "").strip()
    if not value:
        return None
    if not re.fullmatch(pattern, value):
        raise HTTPException(422, f"'{name}' is not valid here")
    return value


def _int_param(params: dict[str, str], name: str, default: int, low: int, high: int) -> int:
    value = (params.get(name) or "").strip()
    if not value:
        return default
    if not value.isdigit() or not low <= int(value) <= high:
        raise HTTPException(422, f"'{name}' must be a whole number from {low} to {high}")
    return int(value)


PAGE_SIZE = 100  # rows a list page shows unless ?limit= says otherwise


def _paging(p: dict[str, str], sorts: tuple[str, ...], default_sort: str) -> dict[str, Any]:
    """The ``sort``, ``order``, ``offset`` and ``limit`` of a list page's query string (422 when invalid)."""
    from marsad.store.queries import default_order

    sort = _choice(p, "sort", sorts, default_sort)
    order = _choice(p, "order", ("asc", "desc"), default_order(sort))
    return {"sort": sort, "order": order, "offset": _int_param(p, "offset", 0, 0, 10_000_000),
            "limit": _int_param(p, "limit", PAGE_SIZE, 1, 1000)}


def _pager(path: str, f: dict[str, Any], page: dict[str, Any]) -> dict[str, Any]:
    """Links to the first, previous, next and last pages of a list, keeping its filters and sort.

    Only the parameters that differ from their defaults go into the links, so a link reads like what it shows.
    """
    from urllib.parse import urlencode

    from marsad.store.queries import default_order

    keep = {k: v for k, v in f.items() if v not in (None, "") and k not in ("offset", "limit", "order")
            and not (k == "min_sources" and v == 1)}
    if f.get("order") and f["order"] != default_order(f["sort"]):
        keep["order"] = f["order"]
    if page["limit"] != PAGE_SIZE:
        keep["limit"] = page["limit"]

    def link(offset: int | None) -> str | None:
        if offset is None:
            return None
        return path + "?" + urlencode({**keep, **({"offset": offset} if offset else {})})

    total, limit = page["count"], page["limit"] or PAGE_SIZE
    last = max(0, (total - 1) // limit * limit)
    n, first = page["returned"], page["offset"] + 1
    return {"total": total, "first_row": first if n else 0, "last_row": first + n - 1 if n else 0,
            "first": link(0) if page["offset"] > 0 else None, "prev": link(page["prev_offset"]),
            "next": link(page["next_offset"]), "last": link(last) if page["next_offset"] is not None else None,
            "page": page["offset"] // limit + 1, "pages": max(1, (total + limit - 1) // limit)}


@router.get("/events", response_class=HTMLResponse)
def events_page(request: Request) -> HTMLResponse:
    from marsad.store.queries import SORTS, page_events

    p = dict(request.query_params)
    f: dict[str, Any] = {"actor": _clean(p, "actor", PARTY), "recipient": _clean(p, "recipient", PARTY),
                         "type": _clean(p, "type", EVENT_TYPE), "since": _day(p, "since"), "until": _day(p, "until"),
                         "min_sources": _int_param(p, "min_sources", 1, 1, 10_000), **_paging(p, SORTS, "date")}
    page = page_events(_res(request).store(), f["actor"], f["recipient"], f["type"], f["since"], f["until"],
                       f["min_sources"], f["sort"], f["limit"], f["offset"], f["order"])
    return _page(request, "events.html", {"f": f, "rows": page["rows"], "pager": _pager("/events", f, page),
                                          "sorts": SORTS})


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event_page(request: Request, event_id: Annotated[int, Path(ge=1, le=2**62)]) -> HTMLResponse:
    from marsad.store.queries import get_event

    c = get_event(_res(request).store(), event_id)
    if c is None:
        raise HTTPException(404, f"no event {event_id} in the store")
    for m in c["members"]:
        m["dir"] = direction(m["article"]["language"])
    return _page(request, "event.html", {"c": c})


@router.get("/articles", response_class=HTMLResponse)
def articles_page(request: Request) -> HTMLResponse:
    from marsad.store.queries import ARTICLE_SORTS, page_articles

    p = dict(request.query_params)
    f: dict[str, Any] = {"source": (p.get("source") or "").strip()[:200] or None, "since": _day(p, "since"),
                         "until": _day(p, "until"), **_paging(p, ARTICLE_SORTS, "published")}
    page = page_articles(_res(request).store(), f["source"], f["since"], f["until"], f["limit"], f["offset"],
                         f["sort"], f["order"])
    return _page(request, "articles.html", {"f": f, "rows": page["rows"], "pager": _pager("/articles", f, page),
                                            "sorts": ARTICLE_SORTS})


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: Annotated[int, Path(ge=1, le=2**62)]) -> HTMLResponse:
    from marsad.store.queries import get_article

    a = get_article(_res(request).store(), article_id)
    if a is None:
        raise HTTPException(404, f"no article {article_id} in the store")
    return _page(request, "article.html", {"a": a, "coded": _coded_context(a)})


@router.get("/actors", response_class=HTMLResponse)
def actors_page(request: Request) -> HTMLResponse:
    from marsad.store.queries import ACTOR_SORTS, page_actors

    f = _paging(dict(request.query_params), ACTOR_SORTS, "activity")
    page = page_actors(_res(request).store(), f["limit"], f["offset"], f["sort"], f["order"])
    return _page(request, "actors.html", {"f": f, "rows": page["rows"], "pager": _pager("/actors", f, page),
                                          "sorts": ACTOR_SORTS})


@router.get("/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    """The API reference, rendered from the OpenAPI document (no CDN: FastAPI's Swagger page is off)."""
    spec = request.app.openapi()
    ops = []
    for path, methods in spec.get("paths", {}).items():
        for method, op in methods.items():
            body = (op.get("requestBody") or {}).get("content", {}).get("application/json", {}).get("schema", {})
            ok = (op.get("responses", {}).get("200") or op.get("responses", {}).get("201") or {})
            answer = ok.get("content", {}).get("application/json", {}).get("schema", {}).get("$ref", "")
            ops.append({"method": method.upper(), "path": path, "summary": op.get("summary", ""),
                        "description": op.get("description", ""), "params": op.get("parameters", []),
                        "body": body.get("$ref", "").rsplit("/", 1)[-1], "answer": answer.rsplit("/", 1)[-1],
                        "responses": sorted(op.get("responses", {}))})
    return _page(request, "docs.html", {"ops": ops, "schemas": spec.get("components", {}).get("schemas", {}),
                                        "info": spec.get("info", {})})


PERIODS = ("day", "week", "month")
NETWORK_TOP = 25  # nodes the network drawing shows unless ?top= says otherwise: more and the names crowd
LEVELS = ("country", "actor")


def _choice(params: dict[str, str], name: str, allowed: tuple[str, ...], default: str) -> str:
    value = (params.get(name) or "").strip() or default
    if value not in allowed:
        raise HTTPException(422, f"'{name}' must be one of {', '.join(allowed)}")
    return value


def _day(params: dict[str, str], name: str) -> str | None:
    from datetime import date

    value = _clean(params, name, DATE)
    if value:
        try:
            date.fromisoformat(value)
        except ValueError:
            raise HTTPException(422, f"'{name}' is not a calendar day") from None
    return value


def _dyad_page(request: Request, a: str | None, b: str | None) -> HTMLResponse:
    from urllib.parse import quote, urlencode

    from marsad.relations import dyad_series
    from marsad.relations.series import dyad_window

    p = dict(request.query_params)
    f: dict[str, Any] = {"a": a, "b": b, "by": _choice(p, "by", PERIODS, "week"), "since": _day(p, "since"),
                         "until": _day(p, "until")}
    series = None
    api_url = None
    win: dict[str, Any] = {"start": 0, "end": 0, "outliers": []}
    try:
        span_periods(f["by"], f["since"], f["until"])
    except InputError:
        raise HTTPException(422, f"more than {MAX_PERIODS:,} periods from since to until") from None
    if a and b:
        series = dyad_series(_res(request).store(), a, b, by=f["by"], since=f["since"], until=f["until"])
        query = urlencode({k: f[k] for k in ("by", "since", "until") if f[k]})
        api_url = f"/api/dyads/{quote(a, safe='')}/{quote(b, safe='')}?{query}"
        win = dyad_window(series)
    shown = series["periods"][win["start"]:win["end"] + 1] if series else []
    return _page(request, "dyad.html", {"f": f, "s": series, "api_url": api_url, "win": win, "shown": shown})


@router.get("/dyads", response_class=HTMLResponse)
def dyads_form(request: Request) -> HTMLResponse:
    p = dict(request.query_params)
    a, b = _clean(p, "a", PARTY), _clean(p, "b", PARTY)
    return _dyad_page(request, a, b) if a and b else _dyad_page(request, None, None)


@router.get("/dyads/{a}/{b}", response_class=HTMLResponse)
def dyad_page(request: Request, a: Annotated[str, Path(pattern=PARTY)],
              b: Annotated[str, Path(pattern=PARTY)]) -> HTMLResponse:
    return _dyad_page(request, a, b)


@router.get("/network", response_class=HTMLResponse)
def network_page(request: Request) -> HTMLResponse:
    from urllib.parse import urlencode

    from marsad.relations import network, network_data

    p = dict(request.query_params)
    f: dict[str, Any] = {"since": _day(p, "since"), "until": _day(p, "until"),
                         "min_events": _int_param(p, "min_events", 1, 1, 10_000),
                         "level": _choice(p, "level", LEVELS, "country")}
    data = network_data(network(_res(request).store(), since=f["since"], min_events=f["min_events"],
                                level=f["level"], until=f["until"]))
    api_url = "/api/network?" + urlencode({k: v for k, v in f.items() if v})
    f["top"] = _int_param(p, "top", NETWORK_TOP, 2, 200)  # drawn by relations.js; the table lists every edge
    names = {n["id"]: n["name"] for n in data["nodes"]}
    return _page(request, "network.html", {"f": f, "g": data, "names": names, "api_url": api_url})


@router.get("/alerts", response_class=HTMLResponse)
def alerts_page(request: Request) -> HTMLResponse:
    from marsad.relations import alerts

    p = dict(request.query_params)
    f: dict[str, Any] = {"since": _day(p, "since"), "window": _int_param(p, "window", 7, 1, 366),
                         "by": _choice(p, "by", PERIODS, "day"), "level": _choice(p, "level", LEVELS, "country")}
    rows = alerts(_res(request).store(), since=f["since"], window=f["window"], by=f["by"], level=f["level"])
    return _page(request, "alerts.html", {"f": f, "rows": rows})


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request) -> HTMLResponse:
    """Event places as dots on a vendored world outline (static/countries-110m.json), drawn by relations.js."""
    from marsad.store.queries import list_events

    p = dict(request.query_params)
    f: dict[str, Any] = {"actor": _clean(p, "actor", PARTY), "recipient": _clean(p, "recipient", PARTY),
                         "type": _clean(p, "type", EVENT_TYPE), "since": _day(p, "since"), "until": _day(p, "until")}
    rows = list_events(_res(request).store(), f["actor"], f["recipient"], f["type"], f["since"], f["until"],
                       order="asc")  # oldest first: a place's last events are its latest
    places: dict[tuple[float, float, str], dict[str, Any]] = {}
    for r in rows:
        if r["lat"] is None or r["lon"] is None:
            continue
        key = (round(r["lat"], 3), round(r["lon"], 3), r["location_name"] or "")
        place = places.setdefault(key, {"lat": key[0], "lon": key[1], "name": key[2],
                                        "country": r["location_country"] or "", "events": []})
        place["events"].append(r)
    located = sorted(places.values(), key=lambda x: (-len(x["events"]), x["name"]))
    return _page(request, "map.html", {"f": f, "places": located, "n_events": len(rows),
                                       "n_located": sum(len(x["events"]) for x in located)})
