"""Writing to the store: one coded article in one transaction, clustered on the way in.

Why one transaction per article (article + mentions + events + cluster
updates): a reader, a crash or a SIGKILL can then only ever see an article
wholly stored or not at all, and a rerun finds exactly the articles still to
do. Why not one transaction per run: a killed run would lose everything.

Faults the user may meet, and what they see (docs/RELIABILITY.md ("Store faults") has the
measurements): another process writing → this one waits its turn (SQLite's
busy timeout, then retries with backoff for up to :data:`LOCK_WAIT` seconds;
PostgreSQL's advisory lock, see :mod:`marsad.store.db`); a full disk → a
:class:`StoreError` saying so, the article being written absent, everything
before it intact.
"""

from __future__ import annotations

import hashlib
import json
import random
import sqlite3
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from sqlalchemy import Connection, Engine, Table, and_, bindparam, delete, func, select, update
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError

from marsad import __version__
from marsad.errors import InputError, StoreError
from marsad.model import Actor, CodedDocument, Document, Event
from marsad.store import clustering as cl
from marsad.store import similarity as sim
from marsad.store.db import LOCK_WAIT, WRITE_OPTION, describe, open_engine, resolve_url
from marsad.store.db import is_busy as _is_busy
from marsad.store.schema import articles, cluster_members, clusters, event_actors, events, mentions

if TYPE_CHECKING:
    from marsad.pipeline import Coder


_PG_DISK_FULL = "53100"  # SQLSTATE disk_full


def _is_full(exc: SQLAlchemyError) -> bool:
    orig = getattr(exc, "orig", None)
    if isinstance(orig, sqlite3.Error):
        return (getattr(orig, "sqlite_errorcode", 0) & 0xFF) == sqlite3.SQLITE_FULL
    return getattr(orig, "sqlstate", None) == _PG_DISK_FULL


def store_error(name: str, exc: SQLAlchemyError) -> StoreError:
    """The one-line :class:`StoreError` for a database failure, in words for the two a user can act on."""
    orig = getattr(exc, "orig", exc)
    if _is_full(exc):
        return StoreError(f"store {name} is full ({orig}): free disk space and run again; the article being "
                          "written was not stored, everything stored before it is intact")
    if _is_busy(exc):
        return StoreError(f"store {name} stayed locked by another process for more than {LOCK_WAIT:.0f} s "
                          f"({orig}): is a transaction left open in another program?")
    return StoreError(f"store {name}: {exc.__class__.__name__}: {orig}")


def raw_hash(text: str, url: str | None) -> str:
    """The key that lets a re-ingest skip *coding* an article already stored from the same raw text and URL."""
    return hashlib.sha256((url or "").encode() + b"\x00" + text.encode("utf-8", "surrogatepass")).hexdigest()


def source_key(source: str | None, url: str | None, origin: str | None) -> str:
    """What NumSources counts as one source: the outlet name, else the URL's host, else where it came from."""
    if source:
        return source
    if url:
        host = urlsplit(url).hostname
        if host:
            return host.removeprefix("www.")
    return origin or "unknown"


@dataclass(frozen=True)
class AddResult:
    """What :meth:`Store.add` did: ``added`` is False when the article was already stored."""

    article_id: int
    added: bool
    events: int = 0
    clustered: int = 0


@dataclass
class RecodeReport:
    articles: int = 0
    changed: int = 0
    events_before: int = 0
    events_after: int = 0
    failed: list[tuple[int, str]] = field(default_factory=list)


class Store:
    """The event store at one URL (see :func:`marsad.store.db.resolve_url`); the only writer of its tables."""

    def __init__(self, db: str | None = None) -> None:
        self.url = resolve_url(db)
        self.engine: Engine = open_engine(db)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.engine.dispose()

    @property
    def name(self) -> str:
        return describe(self.url)

    def _begin(self, write: bool) -> tuple[Connection, Any]:
        """A connection and its open transaction; a store locked by another writer is waited for.

        SQLite's busy timeout (30 s) already waits inside ``BEGIN IMMEDIATE``;
        past it, the BEGIN is retried with a jittered, doubling pause until
        :data:`LOCK_WAIT` seconds have gone, so a long transaction of another
        process (a recode, the encoder loading) never surfaces as a lock error.
        Only the BEGIN is retried: nothing has been written yet at that point.
        """
        deadline = time.monotonic() + LOCK_WAIT
        pause = 0.05
        while True:
            conn = self.engine.connect()
            if write:
                conn = conn.execution_options(**{WRITE_OPTION: True})
            try:
                return conn, conn.begin()
            except OperationalError as exc:
                conn.close()
                if not _is_busy(exc) or time.monotonic() + pause > deadline:
                    raise
            time.sleep(pause * random.uniform(0.5, 1.5))
            pause = min(pause * 2, 2.0)

    @contextmanager
    def _transaction(self, write: bool) -> Iterator[Connection]:
        try:
            conn, trans = self._begin(write)
            with conn, trans:
                yield conn
        except SQLAlchemyError as exc:
            if write and isinstance(exc, IntegrityError):
                raise  # Store.add: another writer stored the same article first
            raise store_error(self.name, exc) from exc

    def write(self) -> AbstractContextManager[Connection]:
        """A write transaction (BEGIN IMMEDIATE on SQLite, the writer lock on PostgreSQL); SQL errors become
        :class:`StoreError`, except a constraint violation, which :meth:`add` handles."""
        return self._transaction(write=True)

    def read(self) -> AbstractContextManager[Connection]:
        """A read transaction: one consistent snapshot, never half an article."""
        return self._transaction(write=False)

    def has_raw(self, text: str, url: str | None) -> bool:
        """Whether exactly this text from this URL is already stored (so coding it again can be skipped)."""
        key = raw_hash(text, url)
        with self.read() as conn:
            return conn.execute(select(articles.c.id).where(articles.c.raw_hash == key).limit(1)).first() is not None

    def add(self, cd: CodedDocument, origin: str | None = None) -> AddResult:
        """Store one coded article with its mentions and events, and cluster its events, in one transaction.

        Idempotent: an article whose (document id, URL) is stored already
        changes nothing and returns ``added=False``.
        """
        doc = cd.document
        url_key = doc.url or ""
        try:
            with self.write() as conn:
                found = conn.execute(select(articles.c.id).where(
                    and_(articles.c.doc_id == doc.id, articles.c.url_key == url_key))).scalar()
                if found is not None:
                    return AddResult(found, added=False)
                now = datetime.now(UTC).isoformat(timespec="seconds")
                skey = source_key(doc.source, doc.url, origin)
                article_id = _insert_id(conn, articles, dict(
                    doc_id=doc.id, url=doc.url, url_key=url_key, raw_hash=raw_hash(doc.text, doc.url),
                    title=doc.title, language=doc.language, published=doc.published, source=doc.source,
                    source_key=skey, origin=origin, text=doc.text, mixed_language=doc.mixed_language,
                    coder_version=__version__, ingested_at=now, **_genre_columns(doc)))
                n, clustered = _insert_coded(conn, article_id, cd, skey)
                return AddResult(article_id, added=True, events=n, clustered=clustered)
        except IntegrityError:
            # Another writer stored the same article between our check and our insert.
            with self.read() as conn:
                found = conn.execute(select(articles.c.id).where(
                    and_(articles.c.doc_id == doc.id, articles.c.url_key == url_key))).scalar()
            if found is None:
                raise
            return AddResult(found, added=False)

    def recode(self, coder: Coder, on_article: Callable[[int, bool], None] | None = None,
               since: str | None = None) -> RecodeReport:
        """Re-code stored articles (after a lexicon or KB change) and re-cluster what changed.

        An article whose new events are identical to the stored ones is left
        alone (its events only get the new coder version), so cluster ids stay
        stable; each changed article is replaced in its own transaction.
        """
        report = RecodeReport()
        with self.read() as conn:
            q = select(articles.c.id).order_by(articles.c.id)
            if since:
                q = q.where(articles.c.published >= since)
            ids = list(conn.execute(q).scalars())
        for article_id in ids:
            report.articles += 1
            changed = False
            try:
                changed = self._recode_one(coder, article_id, report)
            except InputError as exc:
                report.failed.append((article_id, str(exc)))
            report.changed += int(changed)
            if on_article:
                on_article(article_id, changed)
        return report

    def _recode_one(self, coder: Coder, article_id: int, report: RecodeReport) -> bool:
        with self.write() as conn:
            a = conn.execute(select(articles).where(articles.c.id == article_id)).mappings().one()
            cd = coder.code(a["text"], published=a["published"], lang=a["language"], title=a["title"],
                            source=a["source"], url=a["url"], byline=a["byline"], name=f"article {article_id}")
            conn.execute(update(articles).where(articles.c.id == article_id).values(**_genre_columns(cd.document)))
            old = list(conn.execute(select(events.c.payload).where(events.c.article_id == article_id)
                                    .order_by(events.c.id)).scalars())
            new = [json.dumps(e.to_dict(), ensure_ascii=False) for e in _unique_events(cd.events)]
            report.events_before += len(old)
            report.events_after += len(new)
            if old == new:
                conn.execute(update(events).where(events.c.article_id == article_id).values(coder_version=__version__))
                conn.execute(update(articles).where(articles.c.id == article_id).values(coder_version=__version__))
                return False
            touched = set(conn.execute(select(cluster_members.c.cluster_id)
                                       .where(cluster_members.c.article_id == article_id)).scalars())
            event_ids = select(events.c.id).where(events.c.article_id == article_id).scalar_subquery()
            conn.execute(delete(cluster_members).where(cluster_members.c.article_id == article_id))
            conn.execute(delete(event_actors).where(event_actors.c.event_id.in_(event_ids)))
            conn.execute(delete(events).where(events.c.article_id == article_id))
            conn.execute(delete(mentions).where(mentions.c.article_id == article_id))
            values: dict[str, Any] = {"coder_version": __version__}
            clash = conn.execute(select(articles.c.id).where(and_(
                articles.c.doc_id == cd.document.id, articles.c.url_key == a["url_key"],
                articles.c.id != article_id))).first()
            if clash is None:
                values["doc_id"] = cd.document.id
            conn.execute(update(articles).where(articles.c.id == article_id).values(**values))
            for cluster_id in sorted(touched):
                _refresh_cluster(conn, cluster_id)
            _insert_coded(conn, article_id, cd, a["source_key"])
            return True


def _genre_columns(doc: Document) -> dict[str, Any]:
    """The article columns of a document's byline and genre (docs/STORE.md: relation views filter on genre)."""
    return {"byline": doc.byline, "genre": doc.genre, "genre_cues": json.dumps(list(doc.genre_cues),
                                                                               ensure_ascii=False)}


def _insert_id(conn: Connection, table: Table, values: dict[str, Any]) -> int:
    """Insert one row and return its new integer id."""
    key = conn.execute(table.insert(), values).inserted_primary_key
    assert key is not None
    return int(key[0])


def _unique_events(evs: list[Event]) -> list[Event]:
    """The coder's events with duplicate ids dropped (the id is the event's identity within its article)."""
    seen: set[str] = set()
    out = []
    for e in evs:
        if e.id not in seen:
            seen.add(e.id)
            out.append(e)
    return out


def _actor_row(event_pk: int, role: str, position: int, a: Actor) -> dict[str, Any]:
    return {"event_id": event_pk, "role": role, "position": position, "actor_id": a.id, "name": a.name,
            "name_ar": a.name_ar, "country": a.country, "sector": a.sector, "code": a.code or None, "type": a.type,
            "how": a.country_how}


def _insert_coded(conn: Connection, article_id: int, cd: CodedDocument, skey: str) -> tuple[int, int]:
    """Insert an article's mentions and events and cluster the events; returns (events, clustered)."""
    if cd.mentions:
        conn.execute(mentions.insert(), [
            {"article_id": article_id, "sentence": m.sentence, "start": m.start, "end": m.end, "text": m.text,
             "how": m.how, "entity_id": m.entity.id, "entity_name": m.entity.name, "entity_name_ar": m.entity.name_ar,
             "country": m.entity.country, "sector": m.entity.sector, "entity_type": m.entity.type}
            for m in cd.mentions])
    published = cd.document.published
    n = clustered = 0
    for e in _unique_events(cd.events):
        payload = e.to_dict()
        loc = e.location
        day = cl.clustering_date(e.date.value, e.date.precision, published)
        att = e.attribution
        event_pk = _insert_id(conn, events, dict(
            article_id=article_id, event_id=e.id, sentence=e.sentence, start=e.start, end=e.end, text=e.text,
            event=e.event, mode=e.mode, context=json.dumps(list(e.context)), cameo=e.cameo, quad_class=e.quad_class,
            goldstein=e.goldstein, reciprocal=e.reciprocal,
            location_name=loc.name if loc else None, location_country=loc.country if loc else None,
            lat=loc.lat if loc else None, lon=loc.lon if loc else None,
            date_value=e.date.value, date_precision=e.date.precision, date_text=e.date.text, event_date=day,
            speaker_id=att.speaker.id if att.speaker else None, speaker_name=att.speaker.name if att.speaker else None,
            evidentiality=att.evidentiality, cue=att.cue, negated=e.negated, future=e.future,
            confidence=e.confidence, trigger_start=e.trigger[0], trigger_end=e.trigger[1],
            trigger_text=e.trigger_text, coder_version=__version__,
            payload=json.dumps(payload, ensure_ascii=False)))
        rows = [_actor_row(event_pk, "actor", i, a) for i, a in enumerate(e.actor)]
        rows += [_actor_row(event_pk, "recipient", i, a) for i, a in enumerate(e.recipient)]
        if rows:
            conn.execute(event_actors.insert(), rows)
        n += 1
        dyad = cl.dyad_key(payload["actor"], payload["recipient"], e.reciprocal)
        if e.negated or e.future or e.background or dyad is None:
            continue  # background: told to date something else, on a day no one gave (بعد اغتيال، in the wake of)
        _assign(conn, event_pk, article_id, skey, e, dyad, day, payload, cd.document)
        clustered += 1
    return n, clustered


# Statements built once with their parameters passed apart: SQLAlchemy then reuses one compiled statement
# for every row instead of building and hashing a new one (this halves the cost of storing an article).
_UPDATE_CLUSTER = update(clusters).where(clusters.c.id == bindparam("cid"))
_CANDIDATES = (select(clusters.c.id, clusters.c.date, clusters.c.num_mentions, clusters.c.location_name.label("name"),
                      clusters.c.location_country.label("country"), clusters.c.lat, clusters.c.lon)
               .where(and_(clusters.c.event == bindparam("ev"), clusters.c.dyad == bindparam("dyad"),
                           clusters.c.date >= bindparam("lo"), clusters.c.date <= bindparam("hi"))))
_MEMBERS = (select(events.c.id, events.c.confidence, events.c.event_date, events.c.cameo, events.c.quad_class,
                   events.c.goldstein, events.c.location_name, events.c.location_country, events.c.lat, events.c.lon,
                   cluster_members.c.article_id, cluster_members.c.source_key, articles.c.url)
            .select_from(cluster_members.join(events, events.c.id == cluster_members.c.event_id)
                         .join(articles, articles.c.id == cluster_members.c.article_id))
            .where(cluster_members.c.cluster_id == bindparam("cid")).order_by(events.c.id))
_LANGUAGES = (select(cluster_members.c.cluster_id, articles.c.language).distinct()
              .select_from(cluster_members.join(articles, articles.c.id == cluster_members.c.article_id))
              .where(cluster_members.c.cluster_id.in_(bindparam("cids", expanding=True))))
_FIRST_MEMBER = (select(events.c.start, events.c.end, events.c.text, articles.c.text.label("article_text"))
                 .select_from(events.join(articles, articles.c.id == events.c.article_id))
                 .where(events.c.id == select(func.min(cluster_members.c.event_id))
                        .where(cluster_members.c.cluster_id == bindparam("cid")).scalar_subquery()))


def _label(actors: list[dict[str, Any]]) -> str:
    return " + ".join(a["name"] for a in actors)


def _assign(conn: Connection, event_pk: int, article_id: int, skey: str, e: Event, dyad: str, day: str | None,
            payload: dict[str, Any], document: Document) -> int:
    """Put one event in its cluster (an existing one per the rule in :mod:`clustering`, or a new one)."""
    place = payload["location"]
    best: tuple[tuple[int, int, int], int] | None = None
    anchored = any(cl.is_anchored(a) for a in payload["actor"] + payload["recipient"])
    if day is not None and anchored:
        lo, hi = cl.date_bounds(day)
        rows = conn.execute(_CANDIDATES, {"ev": e.event, "dyad": dyad, "lo": lo, "hi": hi}).mappings().all()
        rows = _same_text([r for r in rows if cl.places_compatible(dict(r), place)], conn, e, document)
        for r in rows:
            rank = (cl.day_distance(r["date"], day), -r["num_mentions"], r["id"])
            if best is None or rank < best[0]:
                best = (rank, r["id"])
    if best is not None:
        cluster_id = best[1]
    else:
        cluster_id = _insert_id(conn, clusters, dict(
            event=e.event, dyad=dyad, reciprocal=e.reciprocal, date=day, date_first=day, date_last=day,
            location_name=place["name"] if place else None, location_country=place["country"] if place else None,
            lat=place["lat"] if place else None, lon=place["lon"] if place else None,
            cameo=e.cameo, quad_class=e.quad_class, goldstein=e.goldstein,
            actor_label=_label(payload["actor"]), recipient_label=_label(payload["recipient"]),
            num_mentions=0, num_sources=0, num_articles=0, confidence=0.0))
    conn.execute(cluster_members.insert(), dict(event_id=event_pk, cluster_id=cluster_id, article_id=article_id,
                                                 source_key=skey))
    _refresh_cluster(conn, cluster_id)
    return int(cluster_id)


def _same_text(rows: list[Any], conn: Connection, e: Event, document: Document) -> list[Any]:
    """The candidate clusters that pass rule 6: a cluster with no member in the event's language is kept only if
    its first member's evidence sentence is similar enough to the event's (see :mod:`marsad.store.similarity`)."""
    if not rows:
        return rows
    langs: dict[int, set[str]] = {}
    for cid, lang in conn.execute(_LANGUAGES, {"cids": [r["id"] for r in rows]}):
        langs.setdefault(cid, set()).add(lang)
    kept = []
    mine: str | None = None
    for r in rows:
        if document.language in langs.get(r["id"], {document.language}):
            kept.append(r)  # a member in the same language: the rule without text, as within one language
            continue
        if mine is None:
            mine = sim.evidence_text(document.text, e.start, e.end, e.text)
        first = conn.execute(_FIRST_MEMBER, {"cid": r["id"]}).mappings().one()
        theirs = sim.evidence_text(first["article_text"], first["start"], first["end"], first["text"])
        if sim.same_event(mine, theirs):
            kept.append(r)
    return kept


def _refresh_cluster(conn: Connection, cluster_id: int) -> None:
    """Recompute a cluster's counts, dates, place, code and confidence from its members (or delete it if empty)."""
    rows = conn.execute(_MEMBERS, {"cid": cluster_id}).mappings().all()
    if not rows:
        conn.execute(delete(clusters).where(clusters.c.id == cluster_id))
        return
    best_by_source: dict[str, float] = {}
    for r in rows:
        best_by_source[r["source_key"]] = max(best_by_source.get(r["source_key"], 0.0), r["confidence"])
    counts = Counter(r["cameo"] for r in rows)
    top = max(counts.values())
    code_row = next(r for r in rows if counts[r["cameo"]] == top)  # most frequent CAMEO, earliest on a tie
    # the first member placed precisely (coordinates), else the first placed at all
    placed = (next((r for r in rows if r["lat"] is not None), None)
              or next((r for r in rows if r["location_name"]), None))
    days = [r["event_date"] for r in rows if r["event_date"]]
    conn.execute(_UPDATE_CLUSTER, dict(
        cid=cluster_id, num_mentions=len(rows), num_articles=len({r["article_id"] for r in rows}),
        num_sources=len(best_by_source),
        confidence=cl.combined_confidence(best_by_source),
        date_first=min(days) if days else None, date_last=max(days) if days else None,
        cameo=code_row["cameo"], quad_class=code_row["quad_class"], goldstein=code_row["goldstein"],
        location_name=placed["location_name"] if placed else None,
        location_country=placed["location_country"] if placed else None,
        lat=placed["lat"] if placed else None, lon=placed["lon"] if placed else None,
        first_url=next((r["url"] for r in rows if r["url"]), None)))


def count_rows(conn: Connection) -> dict[str, int]:
    """Row counts of the main tables (used by ``stats`` and by tests)."""
    return {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
            for t in (articles, mentions, events, clusters, cluster_members)}
