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
from pydantic import BaseModel, Field, field_validator
from starlette.exceptions import HTTPException

from marsad.errors import InputError
from marsad.web.app import Resources, require_token

# a day as tight as a pattern gets: years 1000–2999 (the relations code steps whole weeks, months and baseline
# windows of up to 366 periods around a day: years 1 or 9999 overflowed Python's date → 500), month 01–12, day
# 01–31; `format: date` in the OpenAPI says the rest (2025-02-30 is no day: real_days / the CodeRequest validator
# → 422, never a 500 from the coder)
DATE = r"^[12]\d{3}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"
# a KB id, ISO3 country or CAMEO code: ASCII letters, digits, '-', '_', '.', and ':' plus Arabic letters for the
# ids of persons found by name (``person:ahmed-ould-tah``, ``person:احمد-ولد-طه``: the actors page links to them).
# Explicit ranges, not \w, which is Unicode in Python but ASCII in the OpenAPI's ECMA regex: the server and its
# spec must agree.
PARTY = r"^[A-Za-z0-9_.:\-\u0621-\u064A]{1,64}$"
EVENT_TYPE = r"^[A-Za-z]{1,16}$"
MAX_LIMIT = 1000



class ErrorBody(BaseModel):
    """The one error shape of every ``/api`` route (documented in the OpenAPI for every error status)."""

    ok: Literal[False]
    error: str
    errors: list[dict[str, Any]]
    status: int


def _errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    text = {400: "Malformed body (not JSON)", 401: "No or wrong bearer token", 403: "Read-only server (no token)",
            404: "Unknown id", 413: "Body larger than the limit", 422: "Invalid parameter or uncodable text",
            503: "Store unavailable"}
    return {c: {"model": ErrorBody, "description": text[c]} for c in codes}


def single_values(request: Request) -> None:
    """422 for a query parameter given more than once (``?actor=A&actor=B``): every parameter is one value, and
    a repeated one is refused rather than silently reduced to its last value."""
    seen: set[str] = set()
    for name, _ in request.query_params.multi_items():
        if name in seen:
            raise RequestValidationError([{"loc": ("query", name), "msg": "given more than once",
                                           "type": "value_error"}])
        seen.add(name)


router = APIRouter(prefix="/api", tags=["api"], responses=_errors(413, 422), dependencies=[Depends(single_values)])
STORE_ERRORS = _errors(503)
BODY_ERRORS = _errors(400)

Party = Annotated[str | None, Query(pattern=PARTY, description="KB id, ISO3 country or CAMEO code.")]
Day = Annotated[str | None, Query(pattern=DATE, description="YYYY-MM-DD (inclusive).",
                                  json_schema_extra={"format": "date"})]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"Rows per page (≤ {MAX_LIMIT}).")]
MAX_OFFSET = 10_000_000
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Rows skipped before the page: the next page starts "
                                                                 "at `next_offset` of this one.")]
Order = Annotated[Literal["asc", "desc"] | None, Query(
    description="Direction; default `desc` (newest, most first), `asc` for `event` (types A→Z).")]
EventSort = Literal["date", "date_last", "mentions", "sources", "articles", "confidence", "goldstein", "event", "id"]
ArticleSort = Literal["published", "id", "events", "language"]
ActorSort = Literal["activity", "as_actor", "as_recipient", "clusters", "id"]
PartyPath = Annotated[str, Path(pattern=PARTY, description="KB id, ISO3 country or CAMEO code.")]
DOCUMENT_REF = {"$ref": "#/components/schemas/CodedDocument"}  # docs/SCHEMA.md, added by app.openapi
Period = Literal["day", "week", "month"]
Level = Literal["country", "actor"]


class Page(BaseModel):
    """What every list answers besides its rows: the total and where this page lies in it."""

    ok: Literal[True]
    count: int = Field(description="How many rows match the filters in all: the total, not the page's size.")
    offset: int = Field(description="Rows skipped before this page.")
    limit: int = Field(description="The page size asked for.")
    returned: int = Field(description="Rows on this page.")
    sort: str = Field(description="The sort key used.")
    order: Literal["asc", "desc"]
    next_offset: int | None = Field(description="`offset` of the next page; null on the last page.")
    prev_offset: int | None = Field(description="`offset` of the previous page; null on the first.")


class EventsPage(Page):
    """A page of clustered events (`GET /api/events`)."""

    events: list[dict[str, Any]]


class ArticlesPage(Page):
    """A page of stored articles (`GET /api/articles`)."""

    articles: list[dict[str, Any]]


class ActorsPage(Page):
    """A page of actors (`GET /api/actors`)."""

    actors: list[dict[str, Any]]


def _paged(page: dict[str, Any], key: str) -> dict[str, Any]:
    rows = page.pop("rows")
    return {"ok": True, **page, key: rows}


class CodeRequest(BaseModel):
    """A text to code, with what the text itself may not say."""

    text: str = Field(min_length=1, description="The article, as plain text.")
    published: str | None = Field(None, pattern=DATE, description="Publication date: anchors relative dates.",
                                  json_schema_extra={"format": "date"})
    lang: Literal["ar", "en", "fr"] | None = Field(None, description="Language (default: detected).")
    title: str | None = Field(None, max_length=1000)
    source: str | None = Field(None, max_length=200)
    url: str | None = Field(None, max_length=2000)
    byline: str | None = Field(None, max_length=500, description="the author line, e.g. 'لندن: فلان' (a dateline "
                               "in it marks a news report; see document.genre)")

    @field_validator("published")
    @classmethod
    def _calendar_day(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                date.fromisoformat(value)
            except ValueError:
                raise ValueError("not a calendar day (YYYY-MM-DD)") from None
        return value


def resources(request: Request) -> Resources:
    res: Resources = request.app.state.resources
    return res


Res = Annotated[Resources, Depends(resources)]


def code_request(res: Resources, req: CodeRequest) -> Any:
    """Code ``req`` with the app's coder (InputError → 422 in the error shape)."""
    return res.coder().code(req.text, published=req.published, lang=req.lang, title=req.title, source=req.source,
                            url=req.url, byline=req.byline, name="request")


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


MAX_PERIODS = 20_000  # a dyad's series: 54 years of days; more is refused (a 1,000-year daily series hung a worker)
PERIOD_DAYS = {"day": 1, "week": 7, "month": 28}


def span_periods(by: str, since: str | None, until: str | None) -> None:
    """422 when ``since``…``until`` (until: today when unset) holds more than :data:`MAX_PERIODS` periods."""
    if since is None:
        return  # the series spans the stored events only
    end = date.fromisoformat(until) if until else date.today()
    if (end - date.fromisoformat(since)).days // PERIOD_DAYS[by] > MAX_PERIODS:
        raise InputError(f"more than {MAX_PERIODS:,} periods from since to until: narrow the dates or use a "
                         "longer period (by)", "range")


@router.post("/code", summary="Code a text into events (the coded-document contract, docs/SCHEMA.md)",
             responses={**BODY_ERRORS, 200: {"content": {"application/json": {"schema": DOCUMENT_REF}}}})
async def api_code(req: CodeRequest, res: Res) -> dict[str, Any]:
    cd = await run_in_threadpool(code_request, res, req)
    out: dict[str, Any] = cd.to_dict()
    return out


@router.get("/events", summary="Clustered events (one per real-world event) matching the filters, newest first",
            description="Paged: `count` is the total matching the filters; `offset`/`limit` choose the page and "
                        "`next_offset` says where the next one starts (null on the last). `sort` by any key, "
                        "`order` asc or desc; undated events come last either way.",
            responses=STORE_ERRORS, response_model=EventsPage)
def api_events(res: Res, actor: Party = None, recipient: Party = None,
               type: Annotated[str | None, Query(pattern=EVENT_TYPE, description="PLOVER type, e.g. AGREE.")] = None,
               since: Day = None, until: Day = None,
               min_sources: Annotated[int, Query(ge=1, le=10_000)] = 1,
               sort: Annotated[EventSort, Query(description="Sort key (`date`: the first date).")] = "date",
               order: Order = None, limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
    from marsad.store.queries import page_events

    page = page_events(res.store(), actor, recipient, type, since, until, min_sources, sort, limit, offset, order)
    return _paged(page, "events")


@router.get("/events/{event_id}", summary="One clustered event with each article's evidence and attribution",
            responses={**STORE_ERRORS, **_errors(404)})
def api_event(res: Res, event_id: Annotated[int, Path(ge=1, le=2**62)]) -> dict[str, Any]:
    from marsad.store.queries import get_event

    c = get_event(res.store(), event_id)
    if c is None:
        raise HTTPException(404, f"no event {event_id} in the store")
    return c


@router.get("/actors", summary="Actors seen in stored events, most active first",
            description="Paged as `/api/events`: `count` is the total.", responses=STORE_ERRORS,
            response_model=ActorsPage)
def api_actors(res: Res, limit: Limit = 100, offset: Offset = 0,
               sort: Annotated[ActorSort, Query(description="`activity`: as actor + as recipient.")] = "activity",
               order: Order = None) -> dict[str, Any]:
    from marsad.store.queries import page_actors

    return _paged(page_actors(res.store(), limit, offset, sort, order), "actors")


@router.get("/articles", summary="Stored articles (without text) with their event counts, newest first",
            description="Paged as `/api/events`: `count` is the total.", responses=STORE_ERRORS,
            response_model=ArticlesPage)
def api_articles(res: Res, source: Annotated[str | None, Query(max_length=200)] = None, since: Day = None,
                 until: Day = None, limit: Limit = 100, offset: Offset = 0,
                 sort: Annotated[ArticleSort, Query(description="`published`: the publication date.")] = "published",
                 order: Order = None) -> dict[str, Any]:
    from marsad.store.queries import page_articles

    return _paged(page_articles(res.store(), source, since, until, limit, offset, sort, order), "articles")


@router.get("/articles/{article_id}", summary="One stored article as a coded document, with its text",
            responses={**STORE_ERRORS, **_errors(404)})
def api_article(res: Res, article_id: Annotated[int, Path(ge=1, le=2**62)]) -> dict[str, Any]:
    from marsad.store.queries import get_article

    a = get_article(res.store(), article_id)
    if a is None:
        raise HTTPException(404, f"no article {article_id} in the store")
    return a


@router.get("/stats", summary="Counts of what the store holds", responses=STORE_ERRORS)
def api_stats(res: Res) -> dict[str, Any]:
    from marsad.store.queries import stats

    return stats(res.store())


@router.get("/dyads/{a}/{b}", summary="The cooperation–conflict series of a dyad, period by period "
                                      "(marsad dyad; docs/RELATIONS.md)", responses=STORE_ERRORS)
def api_dyad(res: Res, a: PartyPath, b: PartyPath, by: Period = "week", since: Day = None,
             until: Day = None) -> dict[str, Any]:
    from marsad.relations import dyad_series

    real_days(since=since, until=until)
    span_periods(by, since, until)
    try:
        series = dyad_series(res.store(), a, b, by=by, since=since, until=until)
    except InputError as exc:  # the same party twice (by any of its names): said without echoing the value
        if exc.reason != "usage":
            raise
        raise InputError("a dyad needs two different actors", exc.reason) from None
    return {"ok": True, **series}


@router.get("/network", summary="The actor network: nodes and edges with their cooperation–conflict index "
                                "(marsad network)", responses=STORE_ERRORS)
def api_network(res: Res, since: Day = None, until: Day = None,
                min_events: Annotated[int, Query(ge=1, le=10_000, description="Keep edges with at least this "
                                                                              "many clusters.")] = 1,
                level: Level = "country") -> dict[str, Any]:
    from marsad.relations import network, network_data

    real_days(since=since, until=until)
    return {"ok": True, **network_data(network(res.store(), since=since, min_events=min_events, level=level,
                                               until=until))}


@router.get("/alerts", summary="Shift alerts: dyads whose index moved far from their trailing baseline "
                               "(marsad alerts)", responses=STORE_ERRORS)
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
             responses={**BODY_ERRORS, **STORE_ERRORS, **_errors(401, 403)},
             summary="Code a text and add it to the store (needs the write token)")
async def api_add_article(req: CodeRequest, res: Res) -> dict[str, Any]:
    cd = await run_in_threadpool(code_request, res, req)
    result = await run_in_threadpool(res.store().add, cd, "web")
    return {"ok": True, "article_id": result.article_id, "added": result.added, "events": result.events,
            "clustered": result.clustered}
