"""Reading the store: each query is one function returning plain data (dicts and lists).

The CLI, a future web API and the exports only format what these return
(the Datasette idea: one core, several faces). Orderings always end with a
unique id, and orders by text are done in Python, so SQLite and PostgreSQL
(whose text collations differ) return the same rows in the same order.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Select, and_, distinct, exists, func, make_url, or_, select

from marsad.coding.genre import REPORT
from marsad.errors import InputError
from marsad.model import IMPLIED_HOW
from marsad.store.db import current_version
from marsad.store.schema import articles, cluster_members, clusters, event_actors, events, mentions
from marsad.store.writer import Store, count_rows

# What a list of events can be ordered by, and the column behind each key. Every ordering ends with the cluster id
# (in the same direction), so pages never overlap or skip a row; text keys are ASCII (PLOVER types, ISO dates),
# which SQLite and PostgreSQL order alike.
EVENT_SORTS: dict[str, Any] = {
    "date": clusters.c.date_first, "date_last": clusters.c.date_last, "mentions": clusters.c.num_mentions,
    "sources": clusters.c.num_sources, "articles": clusters.c.num_articles, "confidence": clusters.c.confidence,
    "goldstein": clusters.c.goldstein, "event": clusters.c.event, "id": clusters.c.id,
}
SORTS = tuple(EVENT_SORTS)
ORDERS = ("asc", "desc")
# a key's default direction: newest, busiest, most confident first; types A→Z
DEFAULT_ORDER = {"event": "asc"}
ARTICLE_SORTS = ("published", "id", "events", "language")  # not source: free text, collated differently
ACTOR_SORTS = ("activity", "as_actor", "as_recipient", "clusters", "id")


def default_order(sort: str) -> str:
    """The direction a sort key goes in when none is given: ascending for names and types, else descending."""
    return DEFAULT_ORDER.get(sort, "desc")


def _check_sort(sort: str, order: str | None, allowed: tuple[str, ...] | dict[str, Any]) -> str:
    """The order to use for ``sort`` (validated), raising an InputError that lists the allowed values."""
    if sort not in allowed:
        raise InputError(f"sort must be one of {', '.join(allowed)}, not '{sort}'", "usage")
    order = order or default_order(sort)
    if order not in ORDERS:
        raise InputError(f"order must be asc or desc, not '{order}'", "usage")
    return order


def _check_page(offset: int, limit: int | None) -> None:
    if offset < 0:
        raise InputError("offset must be 0 or more", "usage")
    if limit is not None and limit < 0:
        raise InputError("limit must be 0 (no limit) or more", "usage")


def page_info(total: int, offset: int, limit: int | None, returned: int, sort: str, order: str) -> dict[str, Any]:
    """What every paged answer says besides its rows: the total, where this page is, and where the next starts."""
    end = offset + returned
    return {"count": total, "offset": offset, "limit": limit, "returned": returned, "sort": sort, "order": order,
            "next_offset": end if limit and end < total else None,
            "prev_offset": max(0, offset - limit) if limit and offset > 0 else None}

_CLUSTER_COLUMNS = (
    clusters.c.id, clusters.c.event, clusters.c.date_first, clusters.c.date_last, clusters.c.actor_label,
    clusters.c.recipient_label, clusters.c.dyad, clusters.c.reciprocal, clusters.c.cameo, clusters.c.quad_class,
    clusters.c.goldstein, clusters.c.location_name, clusters.c.location_country, clusters.c.lat, clusters.c.lon,
    clusters.c.num_mentions, clusters.c.num_sources, clusters.c.num_articles, clusters.c.confidence,
    clusters.c.first_url,
)


def _party_filter(role: str, value: str) -> Any:
    """Clusters with a member event whose ``role`` side has a party matching ``value`` (KB id, ISO3 or code)."""
    v = value.strip()
    return exists(
        select(1).select_from(cluster_members.join(event_actors, event_actors.c.event_id == cluster_members.c.event_id))
        .where(and_(cluster_members.c.cluster_id == clusters.c.id, event_actors.c.role == role,
                    or_(func.lower(event_actors.c.actor_id) == v.lower(), event_actors.c.country == v.upper(),
                        event_actors.c.code == v.upper()))))


def _cluster_filters(actor: str | None = None, recipient: str | None = None, event_type: str | None = None,
                     since: str | None = None, until: str | None = None, min_sources: int = 1) -> list[Any]:
    cond: list[Any] = []
    if actor:
        cond.append(_party_filter("actor", actor))
    if recipient:
        cond.append(_party_filter("recipient", recipient))
    if event_type:
        cond.append(clusters.c.event == event_type.upper())
    if since:
        cond.append(clusters.c.date_first >= since)
    if until:
        cond.append(clusters.c.date_first <= until)
    if min_sources > 1:
        cond.append(clusters.c.num_sources >= min_sources)
    return cond


def _cluster_query(actor: str | None = None, recipient: str | None = None, event_type: str | None = None,
                   since: str | None = None, until: str | None = None, min_sources: int = 1,
                   sort: str = "date", order: str | None = None) -> Select[Any]:
    order = _check_sort(sort, order, EVENT_SORTS)
    col = EVENT_SORTS[sort]
    key = col.asc() if order == "asc" else col.desc()
    tie = clusters.c.id.asc() if order == "asc" else clusters.c.id.desc()
    q = select(*_CLUSTER_COLUMNS).where(*_cluster_filters(actor, recipient, event_type, since, until, min_sources))
    return q.order_by(key.nulls_last(), tie) if sort != "id" else q.order_by(tie)


def _cluster_dict(r: Any) -> dict[str, Any]:
    d = dict(r)
    d["date"] = d.pop("date_first")
    d["reciprocal"] = bool(d["reciprocal"])
    d["actor"] = d.pop("actor_label")
    d["recipient"] = d.pop("recipient_label")
    return {"id": d.pop("id"), **d}


def page_events(store: Store, actor: str | None = None, recipient: str | None = None,
                event_type: str | None = None, since: str | None = None, until: str | None = None,
                min_sources: int = 1, sort: str = "date", limit: int | None = None, offset: int = 0,
                order: str | None = None) -> dict[str, Any]:
    """One page of clustered events (one row per real-world event) matching the filters, and their total.

    The one query behind ``marsad events``, ``GET /api/events`` and the events page.

    Args:
        actor, recipient: a party's KB id, ISO3 country or CAMEO code on that side of any member event.
        event_type: a PLOVER type (any case).
        since, until: bounds on the cluster's first date (inclusive, YYYY-MM-DD).
        min_sources: only clusters told by at least this many sources.
        sort: a key of :data:`EVENT_SORTS`; ``order``: ``asc``/``desc`` (default: :func:`default_order`, so
            ``date`` is newest first). Undated clusters come last either way; ties go by id.
        limit: rows on the page (None or 0: all); ``offset``: rows skipped before it.

    Returns:
        ``{"rows": [...], "count": total matching, "offset", "limit", "returned", "sort", "order",
        "next_offset", "prev_offset"}`` (see :func:`page_info`).

    Raises:
        InputError: an unknown sort or order, or a negative offset or limit.
    """
    _check_page(offset, limit)
    order = _check_sort(sort, order, EVENT_SORTS)
    q = _cluster_query(actor, recipient, event_type, since, until, min_sources, sort, order)
    if limit:
        q = q.limit(limit)
    if offset:
        q = q.offset(offset)
    n = (select(func.count()).select_from(clusters)
         .where(*_cluster_filters(actor, recipient, event_type, since, until, min_sources)))
    with store.read() as conn:
        total = conn.execute(n).scalar_one()
        rows = [_cluster_dict(r) for r in conn.execute(q).mappings()]
    return {"rows": rows, **page_info(total, offset, limit or None, len(rows), sort, order)}


def list_events(store: Store, actor: str | None = None, recipient: str | None = None, event_type: str | None = None,
                since: str | None = None, until: str | None = None, min_sources: int = 1, sort: str = "date",
                limit: int | None = None, offset: int = 0, order: str | None = None) -> list[dict[str, Any]]:
    """The rows of :func:`page_events` (newest first by default), for callers that need no total."""
    rows: list[dict[str, Any]] = page_events(store, actor, recipient, event_type, since, until, min_sources, sort,
                                             limit, offset, order)["rows"]
    return rows


def _members(conn: Any, cluster_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    rows = conn.execute(
        select(cluster_members.c.cluster_id, events.c.id.label("event_pk"), events.c.event_id, events.c.sentence,
               events.c.start, events.c.end, events.c.text, events.c.mode, events.c.cameo, events.c.event_date,
               events.c.date_value, events.c.date_precision, events.c.speaker_id, events.c.speaker_name,
               events.c.evidentiality, events.c.cue, events.c.confidence, events.c.coder_version,
               events.c.location_name, events.c.payload,
               articles.c.id.label("article_id"), articles.c.title, articles.c.url, articles.c.source_key,
               articles.c.published, articles.c.language, articles.c.ingested_at)
        .select_from(cluster_members.join(events, events.c.id == cluster_members.c.event_id)
                     .join(articles, articles.c.id == cluster_members.c.article_id))
        .where(cluster_members.c.cluster_id.in_(cluster_ids)).order_by(events.c.id)).mappings()
    out: dict[int, list[dict[str, Any]]] = {cid: [] for cid in cluster_ids}
    for r in rows:
        payload = json.loads(r["payload"])
        out[r["cluster_id"]].append({
            "event_id": r["event_id"],
            "article": {"id": r["article_id"], "title": r["title"], "url": r["url"], "source": r["source_key"],
                        "published": r["published"], "language": r["language"],
                        "ingested_at": r["ingested_at"]},
            "sentence": r["sentence"], "span": [r["start"], r["end"]], "text": r["text"], "mode": r["mode"],
            "cameo": r["cameo"], "date": r["event_date"],
            "actor": payload["actor"], "recipient": payload["recipient"], "location": payload["location"],
            "context": payload["context"],
            "attribution": {"speaker": r["speaker_name"], "speaker_id": r["speaker_id"],
                            "evidentiality": r["evidentiality"], "cue": r["cue"]},
            "confidence": r["confidence"], "coder_version": r["coder_version"],
        })
    return out


def get_event(store: Store, cluster_id: int) -> dict[str, Any] | None:
    """One clustered event with every member mention: article, sentence, span, evidence and attribution."""
    with store.read() as conn:
        row = conn.execute(select(*_CLUSTER_COLUMNS).where(clusters.c.id == cluster_id)).mappings().first()
        if row is None:
            return None
        d = _cluster_dict(row)
        d["members"] = _members(conn, [cluster_id])[cluster_id]
        return d


def iter_clusters(store: Store, with_members: bool = False, batch: int = 500,
                  **filters: Any) -> Iterator[dict[str, Any]]:
    """Every cluster matching ``filters`` (as :func:`list_events`), in batches, optionally with members.

    Oldest first unless ``filters`` says otherwise (``sort``, ``order``): exports are chronological files.
    """
    q = _cluster_query(**{"order": "asc", **filters})
    with store.read() as conn:
        rows = [_cluster_dict(r) for r in conn.execute(q).mappings()]
        for i in range(0, len(rows), batch):
            chunk = rows[i:i + batch]
            if with_members:
                members = _members(conn, [c["id"] for c in chunk])
                for c in chunk:
                    c["members"] = members[c["id"]]
            yield from chunk


def page_actors(store: Store, limit: int | None = None, offset: int = 0, sort: str = "activity",
                order: str | None = None) -> dict[str, Any]:
    """One page of the actors seen in stored events, with their total (as :func:`page_events`).

    Each row: ``actor_id``, ``name``, ``name_ar``, ``country``, ``type``, how often it acts (``as_actor``) and
    receives (``as_recipient``), and in how many clusters. ``sort``: one of :data:`ACTOR_SORTS` (``activity`` =
    as actor + as recipient, the default, most active first); ties go by actor id. Ordered in Python: names and
    ids are Unicode, and SQLite and PostgreSQL collate them differently.
    """
    _check_page(offset, limit)
    order = _check_sort(sort, order, ACTOR_SORTS)
    q = (select(event_actors.c.actor_id, func.max(event_actors.c.name).label("name"),
                func.max(event_actors.c.name_ar).label("name_ar"), func.max(event_actors.c.country).label("country"),
                func.max(event_actors.c.type).label("type"),
                func.count(distinct(events.c.id)).filter(event_actors.c.role == "actor").label("as_actor"),
                func.count(distinct(events.c.id)).filter(event_actors.c.role == "recipient").label("as_recipient"),
                func.count(distinct(cluster_members.c.cluster_id)).label("clusters"))
         .select_from(event_actors.join(events, events.c.id == event_actors.c.event_id)
                      .outerjoin(cluster_members, cluster_members.c.event_id == events.c.id))
         .group_by(event_actors.c.actor_id))
    with store.read() as conn:
        rows = [dict(r) for r in conn.execute(q).mappings()]
    rows.sort(key=lambda r: r["actor_id"], reverse=order == "desc" and sort == "id")
    if sort != "id":
        def value(r: dict[str, Any]) -> int:
            return int(r["as_actor"] + r["as_recipient"]) if sort == "activity" else int(r[sort])
        rows.sort(key=value, reverse=order == "desc")  # stable: ties keep the id order
    page = rows[offset:offset + limit] if limit else rows[offset:]
    return {"rows": page, **page_info(len(rows), offset, limit or None, len(page), sort, order)}


def list_actors(store: Store, limit: int | None = None) -> list[dict[str, Any]]:
    """Actors seen in stored events, most active first (the rows of :func:`page_actors`)."""
    rows: list[dict[str, Any]] = page_actors(store, limit)["rows"]
    return rows


def get_article(store: Store, article_id: int) -> dict[str, Any] | None:
    """One stored article as a coded document (``docs/SCHEMA.md``) with its text and store metadata.

    ``document``, ``mentions`` and ``events`` have the contract's shape (events are the payloads exactly as
    coded); ``article`` adds the store's columns and ``text``; ``clusters`` maps each event id to its cluster.
    """
    with store.read() as conn:
        a = conn.execute(select(articles).where(articles.c.id == article_id)).mappings().first()
        if a is None:
            return None
        ms = conn.execute(select(mentions).where(mentions.c.article_id == article_id)
                          .order_by(mentions.c.start, mentions.c.id)).mappings().all()
        evs = conn.execute(select(events.c.id, events.c.event_id, events.c.payload, cluster_members.c.cluster_id)
                           .select_from(events.outerjoin(cluster_members, cluster_members.c.event_id == events.c.id))
                           .where(events.c.article_id == article_id).order_by(events.c.id)).mappings().all()
    document = {"id": a["doc_id"], "title": a["title"], "language": a["language"], "published": a["published"],
                "source": a["source"], "url": a["url"], "mixed_language": bool(a["mixed_language"]),
                "byline": a["byline"], "genre": a["genre"] or "report",
                "genre_cues": json.loads(a["genre_cues"]) if a["genre_cues"] else []}
    return {
        "schema": "marsad.document/1",
        "document": document,
        "mentions": [{"text": m["text"], "span": [m["start"], m["end"]], "how": m["how"], "sentence": m["sentence"],
                      "entity": {"id": m["entity_id"], "name": m["entity_name"], "name_ar": m["entity_name_ar"],
                                 "country": m["country"], "sector": m["sector"],
                                 "code": (m["country"] or "") + (m["sector"] or ""), "type": m["entity_type"]}}
                     for m in ms],
        "events": [json.loads(e["payload"]) for e in evs],
        "clusters": {e["event_id"]: e["cluster_id"] for e in evs},
        "article": {"id": a["id"], "source_key": a["source_key"], "origin": a["origin"],
                    "coder_version": a["coder_version"], "ingested_at": a["ingested_at"], "text": a["text"]},
    }


def page_articles(store: Store, source: str | None = None, since: str | None = None, until: str | None = None,
                  limit: int | None = None, offset: int = 0, sort: str = "published",
                  order: str | None = None) -> dict[str, Any]:
    """One page of stored articles (without their text), with their event counts and the total.

    ``sort``: one of :data:`ARTICLE_SORTS` (``published``, newest first, is the default; articles without a
    date come last); ties go by id. Returns the shape of :func:`page_events`.
    """
    _check_page(offset, limit)
    order = _check_sort(sort, order, ARTICLE_SORTS)
    n_events = (select(func.count()).select_from(events).where(events.c.article_id == articles.c.id)
                .scalar_subquery())
    cond = []
    if source:
        cond.append(articles.c.source_key == source)
    if since:
        cond.append(articles.c.published >= since)
    if until:
        cond.append(articles.c.published <= until)
    col = {"published": articles.c.published, "id": articles.c.id, "events": n_events,
           "language": articles.c.language}[sort]
    tie = articles.c.id.asc() if order == "asc" else articles.c.id.desc()
    key = (col.asc() if order == "asc" else col.desc()).nulls_last()
    q = select(articles.c.id, articles.c.doc_id, articles.c.published, articles.c.source_key.label("source"),
               articles.c.language, articles.c.title, articles.c.url, n_events.label("events"),
               articles.c.coder_version).where(*cond)
    q = q.order_by(tie) if sort == "id" else q.order_by(key, tie)
    if limit:
        q = q.limit(limit)
    if offset:
        q = q.offset(offset)
    with store.read() as conn:
        total = conn.execute(select(func.count()).select_from(articles).where(*cond)).scalar_one()
        rows = [dict(r) for r in conn.execute(q).mappings()]
    return {"rows": rows, **page_info(total, offset, limit or None, len(rows), sort, order)}


def list_articles(store: Store, source: str | None = None, since: str | None = None, until: str | None = None,
                  limit: int | None = None) -> list[dict[str, Any]]:
    """Stored articles, newest first (the rows of :func:`page_articles`)."""
    rows: list[dict[str, Any]] = page_articles(store, source, since, until, limit)["rows"]
    return rows


def public_name(store: Store) -> str:
    """The store as a reader of the web pages or the API may see it: its kind and file or database name only.

    ``Store.name`` is the full URL (``sqlite:////srv/data/marsad.db``): a server's directories and, for
    PostgreSQL, its host and user are nobody else's business.
    """
    return public_label(store.url)


def public_label(store_url: str) -> str:
    """:func:`public_name` of a store URL (``sqlite:///…`` or ``postgresql+psycopg://…``)."""
    url = make_url(store_url)
    if url.get_backend_name() == "sqlite":
        return f"SQLite {Path(url.database).name}" if url.database else "SQLite (in memory)"
    return f"PostgreSQL {url.database or ''}".strip()


def stats(store: Store, top: int = 5) -> dict[str, Any]:
    """Counts and distributions of what the store holds, and its largest clusters."""
    with store.read() as conn:
        counts = count_rows(conn)
        by_type = {r[0]: r[1] for r in conn.execute(select(events.c.event, func.count()).group_by(events.c.event))}
        by_source = {r[0]: r[1] for r in conn.execute(select(articles.c.source_key, func.count())
                                                      .group_by(articles.c.source_key))}
        by_lang = {r[0]: r[1] for r in conn.execute(select(articles.c.language, func.count())
                                                    .group_by(articles.c.language))}
        first, last = conn.execute(select(func.min(articles.c.published), func.max(articles.c.published))).one()
        multi = conn.execute(select(func.count()).select_from(clusters).where(clusters.c.num_sources > 1)).scalar_one()
        multi_art = conn.execute(select(func.count()).select_from(clusters)
                                 .where(clusters.c.num_articles > 1)).scalar_one()
        versions = sorted(conn.execute(select(events.c.coder_version).distinct()).scalars())
        version = current_version(conn)
    largest = list_events(store, sort="mentions", limit=top)
    return {
        "store": public_name(store), "schema_version": version,
        "articles": counts["articles"], "mentions": counts["mentions"], "events": counts["events"],
        "clustered_events": counts["cluster_members"], "clusters": counts["clusters"],
        "clusters_multi_article": multi_art, "clusters_multi_source": multi,
        "published_first": first, "published_last": last, "coder_versions": versions,
        "languages": dict(sorted(by_lang.items())),
        "sources": dict(sorted(by_source.items(), key=lambda x: (-x[1], x[0]))),
        "event_types": dict(sorted(by_type.items(), key=lambda x: (-x[1], x[0]))),
        "largest_clusters": largest,
    }


def relation_clusters(store: Store, since: str | None = None, until: str | None = None,
                      implied: bool = False, opinion: bool = False) -> list[dict[str, Any]]:
    """Dated clusters with their parties and each source's evidentiality: what relation analysis reads.

    Args:
        since, until: bounds on the cluster's first date (inclusive, YYYY-MM-DD); undated clusters are left out.
        implied: keep the parties the text does not name (``how`` implied-place / implied-passage: the country
            where unnamed victims were, the one a condemnation of "the violence" is about). Left out by
            default: a relation is between parties the news names, and an implied party turns every one-sided
            event (an attack, a protest) into a dyad of its place — the errors alerts used to show.
        opinion: also count events told by opinion pieces and interviews (``articles.genre``,
            :mod:`marsad.coding.genre`). Left out by default: a column's argument and an interview's
            hypotheticals are no source's report of an event, and they drove most false alerts. A cluster told
            only by such articles is left out; one also told by a report keeps the reports' sources only.

    Returns:
        One dict per cluster, by first date then id: the flat cluster row of :func:`list_events`, plus
        ``parties`` — the distinct parties of its member events, each ``{role, actor_id, name, name_ar,
        country, sector, code, type, how}``, ordered by role, then actor id — and ``sources`` — for each
        ``source_key``, the sorted list of its member events' evidentialities.
    """
    cond = [clusters.c.date_first.is_not(None)]
    if since:
        cond.append(clusters.c.date_first >= since)
    if until:
        cond.append(clusters.c.date_first <= until)
    q = select(*_CLUSTER_COLUMNS).where(and_(*cond)).order_by(clusters.c.date_first, clusters.c.id)
    member_join = cluster_members.join(clusters, clusters.c.id == cluster_members.c.cluster_id)
    member_cond = list(cond)
    if not opinion:
        member_join = member_join.join(articles, articles.c.id == cluster_members.c.article_id)
        member_cond.append(or_(articles.c.genre.is_(None), articles.c.genre == REPORT))
    with store.read() as conn:
        rows = [_cluster_dict(r) for r in conn.execute(q).mappings()]
        by_id = {r["id"]: r for r in rows}
        for r in rows:
            r["parties"], r["sources"] = [], {}
        ev_rows = conn.execute(
            select(cluster_members.c.cluster_id, cluster_members.c.source_key, events.c.evidentiality)
            .select_from(member_join.join(events, events.c.id == cluster_members.c.event_id))
            .where(and_(*member_cond)).order_by(cluster_members.c.cluster_id, events.c.id))
        for cid, source, evidentiality in ev_rows:
            by_id[cid]["sources"].setdefault(source, []).append(evidentiality)
        party_rows = conn.execute(
            select(cluster_members.c.cluster_id, event_actors.c.role, event_actors.c.actor_id, event_actors.c.name,
                   event_actors.c.name_ar, event_actors.c.country, event_actors.c.sector, event_actors.c.code,
                   event_actors.c.type, event_actors.c.how)
            .select_from(member_join.join(event_actors, event_actors.c.event_id == cluster_members.c.event_id))
            .where(and_(*member_cond)).order_by(cluster_members.c.cluster_id, event_actors.c.event_id,
                                         event_actors.c.role, event_actors.c.position)).mappings()
        seen: set[tuple[int, str, str]] = set()
        for p in party_rows:
            if not implied and p["how"] in IMPLIED_HOW:
                continue
            key = (p["cluster_id"], p["role"], p["actor_id"])
            if key not in seen:
                seen.add(key)
                by_id[p["cluster_id"]]["parties"].append({k: p[k] for k in p if k != "cluster_id"})
    rows = [r for r in rows if r["sources"]]  # every member left out (told by opinion pieces only)
    for r in rows:
        r["parties"].sort(key=lambda p: (p["role"], p["actor_id"]))
        r["sources"] = {k: sorted(v) for k, v in sorted(r["sources"].items())}
    return rows
