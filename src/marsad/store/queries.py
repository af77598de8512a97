"""Reading the store: each query is one function returning plain data (dicts and lists).

The CLI, a future web API and the exports only format what these return
(the Datasette idea: one core, several faces). Orderings always end with a
unique id, and orders by text are done in Python, so SQLite and PostgreSQL
(whose text collations differ) return the same rows in the same order.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Select, and_, distinct, exists, func, or_, select

from marsad.store.db import current_version
from marsad.store.schema import articles, cluster_members, clusters, event_actors, events, mentions
from marsad.store.writer import Store, count_rows

SORTS = ("date", "mentions", "sources")

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


def _cluster_query(actor: str | None = None, recipient: str | None = None, event_type: str | None = None,
                   since: str | None = None, until: str | None = None, min_sources: int = 1,
                   sort: str = "date") -> Select[Any]:
    q = select(*_CLUSTER_COLUMNS)
    if actor:
        q = q.where(_party_filter("actor", actor))
    if recipient:
        q = q.where(_party_filter("recipient", recipient))
    if event_type:
        q = q.where(clusters.c.event == event_type.upper())
    if since:
        q = q.where(clusters.c.date_first >= since)
    if until:
        q = q.where(clusters.c.date_first <= until)
    if min_sources > 1:
        q = q.where(clusters.c.num_sources >= min_sources)
    if sort == "mentions":
        return q.order_by(clusters.c.num_mentions.desc(), clusters.c.id)
    if sort == "sources":
        return q.order_by(clusters.c.num_sources.desc(), clusters.c.num_mentions.desc(), clusters.c.id)
    return q.order_by(clusters.c.date_first.nulls_last(), clusters.c.id)


def _cluster_dict(r: Any) -> dict[str, Any]:
    d = dict(r)
    d["date"] = d.pop("date_first")
    d["reciprocal"] = bool(d["reciprocal"])
    d["actor"] = d.pop("actor_label")
    d["recipient"] = d.pop("recipient_label")
    return {"id": d.pop("id"), **d}


def list_events(store: Store, actor: str | None = None, recipient: str | None = None, event_type: str | None = None,
                since: str | None = None, until: str | None = None, min_sources: int = 1, sort: str = "date",
                limit: int | None = None) -> list[dict[str, Any]]:
    """Clustered events (one row per real-world event) matching the filters.

    ``actor``/``recipient`` match a party's KB id, ISO3 country or CAMEO code
    on that side of any member event; ``since``/``until`` bound the cluster's
    first date (inclusive, YYYY-MM-DD).
    """
    q = _cluster_query(actor, recipient, event_type, since, until, min_sources, sort)
    if limit:
        q = q.limit(limit)
    with store.read() as conn:
        return [_cluster_dict(r) for r in conn.execute(q).mappings()]


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
    """Every cluster matching ``filters`` (as :func:`list_events`), in batches, optionally with members."""
    q = _cluster_query(**filters)
    with store.read() as conn:
        rows = [_cluster_dict(r) for r in conn.execute(q).mappings()]
        for i in range(0, len(rows), batch):
            chunk = rows[i:i + batch]
            if with_members:
                members = _members(conn, [c["id"] for c in chunk])
                for c in chunk:
                    c["members"] = members[c["id"]]
            yield from chunk


def list_actors(store: Store, limit: int | None = None) -> list[dict[str, Any]]:
    """Actors seen in stored events, with how often they act, receive, and in how many clusters."""
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
    rows.sort(key=lambda r: (-(r["as_actor"] + r["as_recipient"]), r["actor_id"]))
    return rows[:limit] if limit else rows


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
                "source": a["source"], "url": a["url"], "mixed_language": bool(a["mixed_language"])}
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


def list_articles(store: Store, source: str | None = None, since: str | None = None, until: str | None = None,
                  limit: int | None = None) -> list[dict[str, Any]]:
    """Stored articles (without their text), with their event counts."""
    n_events = (select(func.count()).select_from(events).where(events.c.article_id == articles.c.id)
                .scalar_subquery())
    q = select(articles.c.id, articles.c.doc_id, articles.c.published, articles.c.source_key.label("source"),
               articles.c.language, articles.c.title, articles.c.url, n_events.label("events"),
               articles.c.coder_version).order_by(articles.c.id)
    if source:
        q = q.where(articles.c.source_key == source)
    if since:
        q = q.where(articles.c.published >= since)
    if until:
        q = q.where(articles.c.published <= until)
    if limit:
        q = q.limit(limit)
    with store.read() as conn:
        return [dict(r) for r in conn.execute(q).mappings()]


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
        "store": store.name, "schema_version": version,
        "articles": counts["articles"], "mentions": counts["mentions"], "events": counts["events"],
        "clustered_events": counts["cluster_members"], "clusters": counts["clusters"],
        "clusters_multi_article": multi_art, "clusters_multi_source": multi,
        "published_first": first, "published_last": last, "coder_versions": versions,
        "languages": dict(sorted(by_lang.items())),
        "sources": dict(sorted(by_source.items(), key=lambda x: (-x[1], x[0]))),
        "event_types": dict(sorted(by_type.items(), key=lambda x: (-x[1], x[0]))),
        "largest_clusters": largest,
    }


def relation_clusters(store: Store, since: str | None = None, until: str | None = None) -> list[dict[str, Any]]:
    """Dated clusters with their parties and each source's evidentiality: what relation analysis reads.

    Args:
        since, until: bounds on the cluster's first date (inclusive, YYYY-MM-DD); undated clusters are left out.

    Returns:
        One dict per cluster, by first date then id: the flat cluster row of :func:`list_events`, plus
        ``parties`` — the distinct parties of its member events, each ``{role, actor_id, name, name_ar,
        country, sector, code, type}``, ordered by role, then actor id — and ``sources`` — for each
        ``source_key``, the sorted list of its member events' evidentialities.
    """
    cond = [clusters.c.date_first.is_not(None)]
    if since:
        cond.append(clusters.c.date_first >= since)
    if until:
        cond.append(clusters.c.date_first <= until)
    q = select(*_CLUSTER_COLUMNS).where(and_(*cond)).order_by(clusters.c.date_first, clusters.c.id)
    member_join = cluster_members.join(clusters, clusters.c.id == cluster_members.c.cluster_id)
    with store.read() as conn:
        rows = [_cluster_dict(r) for r in conn.execute(q).mappings()]
        by_id = {r["id"]: r for r in rows}
        for r in rows:
            r["parties"], r["sources"] = [], {}
        ev_rows = conn.execute(
            select(cluster_members.c.cluster_id, cluster_members.c.source_key, events.c.evidentiality)
            .select_from(member_join.join(events, events.c.id == cluster_members.c.event_id))
            .where(and_(*cond)).order_by(cluster_members.c.cluster_id, events.c.id))
        for cid, source, evidentiality in ev_rows:
            by_id[cid]["sources"].setdefault(source, []).append(evidentiality)
        party_rows = conn.execute(
            select(cluster_members.c.cluster_id, event_actors.c.role, event_actors.c.actor_id, event_actors.c.name,
                   event_actors.c.name_ar, event_actors.c.country, event_actors.c.sector, event_actors.c.code,
                   event_actors.c.type)
            .select_from(member_join.join(event_actors, event_actors.c.event_id == cluster_members.c.event_id))
            .where(and_(*cond)).order_by(cluster_members.c.cluster_id, event_actors.c.event_id,
                                         event_actors.c.role, event_actors.c.position)).mappings()
        seen: set[tuple[int, str, str]] = set()
        for p in party_rows:
            key = (p["cluster_id"], p["role"], p["actor_id"])
            if key not in seen:
                seen.add(key)
                by_id[p["cluster_id"]]["parties"].append({k: p[k] for k in p if k != "cluster_id"})
    for r in rows:
        r["parties"].sort(key=lambda p: (p["role"], p["actor_id"]))
        r["sources"] = {k: sorted(v) for k, v in sorted(r["sources"].items())}
    return rows
