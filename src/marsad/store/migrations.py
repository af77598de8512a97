"""Schema migrations: how a store of version N-1 becomes version N.

Each entry ``N: (description, apply)`` runs inside the migrating transaction
(PostgreSQL and SQLite both have transactional DDL, so a failed migration
leaves the store at its old version). Write them with SQLAlchemy Core or
plain portable SQL, and test each one on a store created at the version
before it. Version 1 is the first schema.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from sqlalchemy import Connection, bindparam, text

Migration = tuple[str, Callable[[Connection], None]]


def _event_actors_how(conn: Connection) -> None:
    """Version 2: ``event_actors.how``, filled from each event's stored payload (the coder's JSON has had ``how``
    on every actor since it had countries; an older payload without it leaves NULL, read as a stated party)."""
    conn.exec_driver_sql("ALTER TABLE event_actors ADD COLUMN how VARCHAR(16)")
    update = text("UPDATE event_actors SET how = :how WHERE event_id = :event AND role = :role "
                  "AND position = :position").bindparams(bindparam("how"), bindparam("event"), bindparam("role"),
                                                          bindparam("position"))
    rows = []
    for event_pk, payload in conn.execute(text("SELECT id, payload FROM events")):
        data = json.loads(payload)
        for role in ("actor", "recipient"):
            for i, a in enumerate(data.get(role) or []):
                if isinstance(a, dict) and a.get("how"):
                    rows.append({"how": a["how"], "event": event_pk, "role": role, "position": i})
    if rows:
        conn.execute(update, rows)


def _articles_genre(conn: Connection) -> None:
    """Version 3: ``articles.byline``, ``articles.genre`` and ``articles.genre_cues``. The genre of a stored
    article is read from what the store kept (URL, title, text; an older store kept no byline, so a URL's author
    segment is not overridden by a dateline) — so relation views can leave out columns and interviews at once,
    without re-ingesting. ``marsad recode`` re-reads it, with the byline of the articles stored since version 3."""
    from marsad.coding.genre import classify

    for column in ("byline TEXT", "genre VARCHAR(16)", "genre_cues TEXT"):
        conn.exec_driver_sql(f"ALTER TABLE articles ADD COLUMN {column}")
    update = text("UPDATE articles SET genre = :genre, genre_cues = :cues WHERE id = :id")
    rows = []
    for pk, lang, title, url, body in conn.execute(text("SELECT id, language, title, url, text FROM articles")):
        g = classify(body, lang, title=title, url=url)
        rows.append({"genre": g.value, "cues": json.dumps(list(g.cues), ensure_ascii=False), "id": pk})
    if rows:
        conn.execute(update, rows)


MIGRATIONS: dict[int, Migration] = {2: ("event_actors.how: how each party's country was inferred",
                                        _event_actors_how),
                                    3: ("articles.byline, genre and genre_cues: report, opinion or interview",
                                        _articles_genre)}
