"""The REST API under ``/api``: JSON faces of the coder and of :mod:`marsad.store.queries`.

Each route validates its parameters (types, lengths, date patterns: a malformed value is a 422 in the one error
shape, never reaches SQL), calls one function, and returns its plain data. SQL is built only in
:mod:`marsad.store` (SQLAlchemy Core: every value is a bound parameter).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException

from marsad.web.app import Resources, require_token

router = APIRouter(prefix="/api", tags=["api"])

DATE = r"^\d{4}-\d{2}-\d{2}$"
PARTY = r"^[\w.\-]{1,64}$"  # a KB id, ISO3 country or CAMEO code: letters, digits, '-', '_', '.'
EVENT_TYPE = r"^[A-Za-z]{1,16}$"
MAX_LIMIT = 1000

Party = Annotated[str | None, Query(pattern=PARTY, description="KB id, ISO3 country or CAMEO code.")]
Day = Annotated[str | None, Query(pattern=DATE, description="YYYY-MM-DD (inclusive).")]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"At most this many rows (≤ {MAX_LIMIT}).")]
PartyPath = Annotated[str, Path(pattern=PARTY, description="KB id, ISO3 country or CAMEO code.")]
Period = Literal["day", "week", "month"]
Level = Literal["country", "actor"]


class CodeRequest(BaseModel):
    """A text to code, with what the text itself may not say."""

    text: str = Field(min_length=1, description="The article, as plain text.")
    published: str | None = Field(None, pattern=DATE, description="Publication date: anchors relative dates.")
    lang: Literal["ar", "en", "fr"] | None = Field(None, description="Language (default: detected).")
    title: str | None = Field(None, max_length=1000)
    source: str | None = Field(None, max_length=200)
    url: str | None = Field(None, max_length=2000)


def resources(request: Request) -> Resources:
    res: Resources = request.app.state.resources
    return res


Res = Annotated[Resources, Depends(resources)]


def code_request(res: Resources, req: CodeRequest) -> Any:
    """Code ``req`` with the app's coder (InputError → 422 in the error shape)."""
    return res.coder().code(req.text, published=req.published, lang=req.lang, title=req.title, source=req.source,
                            url=req.url, name="request")


def real_days(**days: str | None) -> None:
    """422 (the validation error shape) for a YYYY-MM-DD that is no calendar day, e.g. 2025-02-30.

    The pattern check has already run; this catches what a pattern cannot, before the relations code does (whose
    message would echo the value).
    """
    bad = []
    for name, value in days.items():
        try:
            if value is not None:
                date.fromisoformat(value)
        except ValueError:
            bad.append({"loc": ("query", name), "msg": "not a calendar day (YYYY-MM-DD)", "type": "value_error"})
    if bad:
        raise RequestValidationError(bad)


@router.post("/code", summary="Code a text into events (the coded-document contract, docs/SCHEMA.md)")
async def api_code(req: CodeRequest, res: Res) -> dict[str, Any]:
    cd = await run_in_threadpool(code_request, res, req)
    out: dict[str, Any] = cd.to_dict()
    return out


@router.get("/events", summary="Clustered events (one per real-world event) matching the filters")
def api_events(res: Res, actor: Party = None, recipient: Party = None,
               type: Annotated[str | None, Query(pattern=EVENT_TYPE, description="PLOVER type, e.g. AGREE.")] = None,
               since: Day = None, until: Day = None,
               min_sources: Annotated[int, Query(ge=1, le=10_000)] = 1,
               sort: Literal["date", "mentions", "sources"] = "date", limit: Limit = 100) -> dict[str, Any]:
    from marsad.store.queries import list_events

    rows = list_events(res.store(), actor, recipient, type, since, until, min_sources, sort, limit)
    return {"ok": True, "count": len(rows), "limit": limit, "events": rows}


@router.get("/events/{event_id}", summary="One clustered event with each article's evidence and attribution")
def api_event(res: Res, event_id: Annotated[int, Path(ge=1, le=2**62)]) -> dict[str, Any]:
    from marsad.store.queries import get_event

    c = get_event(res.store(), event_id)
    if c is None:
        raise HTTPException(404, f"no event {event_id} in the store")
    return c


@router.get("/actors", summary="Actors seen in stored events, most active first")
def api_actors(res: Res, limit: Limit = 100) -> dict[str, Any]:
    from marsad.store.queries import list_actors

    rows = list_actors(res.store(), limit)
    return {"ok": True, "count": len(rows), "actors": rows}


@router.get("/articles", summary="Stored articles (without text) with their event counts")
def api_articles(res: Res, source: Annotated[str | None, Query(max_length=200)] = None, since: Day = None,
                 until: Day = None, limit: Limit = 100) -> dict[str, Any]:
    from marsad.store.queries import list_articles

    rows = list_articles(res.store(), source, since, until, limit)
    return {"ok": True, "count": len(rows), "articles": rows}


@router.get("/articles/{article_id}", summary="One stored article as a coded document, with its text")
def api_article(res: Res, article_id: Annotated[int, Path(ge=1, le=2**62)]) -> dict[str, Any]:
    from marsad.store.queries import get_article

    a = get_article(res.store(), article_id)
    if a is None:
        raise HTTPException(404, f"no article {article_id} in the store")
    return a


@router.get("/stats", summary="Counts of what the store holds")
def api_stats(res: Res) -> dict[str, Any]:
    from marsad.store.queries import stats

    return stats(res.store())


@router.get("/dyads/{a}/{b}", summary="The cooperation–conflict series of a dyad, period by period "
                                      "(marsad dyad; docs/RELATIONS.md)")
def api_dyad(res: Res, a: PartyPath, b: PartyPath, by: Period = "week", since: Day = None,
             until: Day = None) -> dict[str, Any]:
    from marsad.relations import dyad_series

    real_days(since=since, until=until)
    return {"ok": True, **dyad_series(res.store(), a, b, by=by, since=since, until=until)}


@router.get("/network", summary="The actor network: nodes and edges with their cooperation–conflict index "
                                "(marsad network)")
def api_network(res: Res, since: Day = None, until: Day = None,
                min_events: Annotated[int, Query(ge=1, le=10_000, description="Keep edges with at least this "
                                                                              "many clusters.")] = 1,
                level: Level = "country") -> dict[str, Any]:
    from marsad.relations import network, network_data

    real_days(since=since, until=until)
    return {"ok": True, **network_data(network(res.store(), since=since, min_events=min_events, level=level,
                                               until=until))}


@router.get("/alerts", summary="Shift alerts: dyads whose index moved far from their trailing baseline "
                               "(marsad alerts)")
def api_alerts(res: Res, since: Day = None,
               window: Annotated[int, Query(ge=1, le=366, description="Periods in the baseline.")] = 7,
               by: Period = "day", level: Level = "country",
               threshold: Annotated[float, Query(gt=0, le=100, description="|z| at least this.")] = 3.0,
               min_events: Annotated[int, Query(ge=1, le=10_000)] = 2) -> dict[str, Any]:
    from marsad.relations import alerts

    real_days(since=since)
    rows = alerts(res.store(), since=since, window=window, by=by, level=level, threshold=threshold,
                  min_events=min_events)
    return {"ok": True, "count": len(rows), "alerts": rows}


@router.post("/articles", status_code=201, dependencies=[Depends(require_token)],
             summary="Code a text and add it to the store (needs the write token)")
async def api_add_article(req: CodeRequest, res: Res) -> dict[str, Any]:
    cd = await run_in_threadpool(code_request, res, req)
    result = await run_in_threadpool(res.store().add, cd, "web")
    return {"ok": True, "article_id": result.article_id, "added": result.added, "events": result.events,
            "clustered": result.clustered}
