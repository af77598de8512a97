"""Where the store lives and how a connection is opened: SQLite by default, PostgreSQL by URL.

Why this module exists: the two databases differ in exactly three places —
how a URL is written, how SQLite must be told to behave like a real
transactional database (WAL, foreign keys, a busy timeout, BEGIN IMMEDIATE for
writers), and how PostgreSQL writers are made to queue the same way (a
transaction-level advisory lock). Everything above this module is the same code
for both.

SQLite note: Python's ``sqlite3`` starts transactions lazily and on its own, so
a read before the first write would not be isolated from other writers. We
switch that off and issue ``BEGIN`` ourselves (the recipe in SQLAlchemy's
SQLite dialect docs); a writer's transaction uses ``BEGIN IMMEDIATE`` so that
two ingest processes queue instead of failing half-way.

PostgreSQL note: under its default READ COMMITTED isolation two writers run
side by side, and clustering is a read-then-write (find the matching cluster,
else create one; recount its members): two processes storing reports of one
event at the same moment each created their own cluster, and a cluster's counts
could miss a member (measured: fuzz/fault_store.py, docs/RELIABILITY.md ("Store faults")).
So every write transaction starts with ``pg_advisory_xact_lock(WRITER_LOCK)``:
writers queue exactly as they do on SQLite, the lock is released by COMMIT or
ROLLBACK (or by the server when a killed client's connection drops), readers
are never blocked, and coding — the slow part of an ingest — runs outside it.
The same lock serialises two processes creating or migrating a new store.
"""

from __future__ import annotations

import os
import random
import sqlite3
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError

from marsad.errors import ConfigError, StoreError
from marsad.store import migrations
from marsad.store.schema import SCHEMA_VERSION, metadata, schema_version

DEFAULT_PATH = "marsad.db"
ENV_VAR = "MARSAD_DB"
WRITE_OPTION = "marsad_write"
WRITER_LOCK = 0x4D415253AD  # PostgreSQL advisory lock key every Marsad write transaction takes ("MARS…")


def resolve_url(db: str | None = None) -> str:
    """The SQLAlchemy URL for ``db``: an explicit value, else ``$MARSAD_DB``, else ``./marsad.db``.

    A plain path means a SQLite file; ``postgresql://…`` is sent to psycopg 3
    (``postgresql+psycopg://``) because SQLAlchemy's bare ``postgresql`` still
    means psycopg2, which Marsad does not depend on.
    """
    value = db or os.environ.get(ENV_VAR) or DEFAULT_PATH
    if "://" not in value:
        return "sqlite:///" + str(Path(value).expanduser())
    if value.startswith("postgresql://") or value.startswith("postgres://"):
        return "postgresql+psycopg://" + value.split("://", 1)[1]
    if value.startswith(("sqlite:", "postgresql+psycopg:")):
        return value
    raise ConfigError(f"database URL '{value}' is not supported: use a file path, sqlite:///PATH or "
                      "postgresql://USER@HOST:PORT/DB")


def describe(url: str) -> str:
    """The URL without its password, for messages."""
    return make_url(url).render_as_string(hide_password=True)


LOCK_WAIT = 300.0  # seconds a transaction keeps retrying a locked SQLite store before giving up
_SQLITE_BUSY = (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


def is_busy(exc: SQLAlchemyError) -> bool:
    """Whether a database error is SQLite's "database is locked" (another process holds the write lock)."""
    orig = getattr(exc, "orig", None)
    return isinstance(orig, sqlite3.Error) and (getattr(orig, "sqlite_errorcode", 0) & 0xFF) in _SQLITE_BUSY


def _migrate_waiting(engine: Engine) -> None:
    """:func:`migrate`, retried while another process holds a new store's write lock past the busy timeout.

    Two ingests started on one new store both open it; the second waits here (a jittered, doubling pause, up
    to :data:`LOCK_WAIT`) as every writer does in ``Store._begin``, instead of failing at open.
    """
    deadline = time.monotonic() + LOCK_WAIT
    pause = 0.05
    while True:
        try:
            migrate(engine)
            return
        except OperationalError as exc:
            if not is_busy(exc) or time.monotonic() + pause > deadline:
                raise
        time.sleep(pause * random.uniform(0.5, 1.5))
        pause = min(pause * 2, 2.0)


def _sqlite_hooks(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (see the module docstring)
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA busy_timeout=30000")  # first: switching a new file to WAL takes a lock too
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: a crash loses no committed transaction's integrity
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(WRITE_OPTION) else "BEGIN")


def _postgresql_hooks(engine: Engine) -> None:
    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        if conn.get_execution_options().get(WRITE_OPTION):
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITER_LOCK})")


def open_engine(db: str | None = None) -> Engine:
    """An engine for ``db`` (see :func:`resolve_url`) whose schema is at :data:`SCHEMA_VERSION`.

    Raises:
        ConfigError: the URL is malformed.
        StoreError: the database cannot be opened, or its schema is newer than this Marsad.
    """
    url = resolve_url(db)
    try:
        if url.startswith("sqlite"):
            path = make_url(url).database
            if path and path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            engine = create_engine(url)
            _sqlite_hooks(engine)
        else:
            engine = create_engine(url, pool_pre_ping=True)
            _postgresql_hooks(engine)
    except (ArgumentError, ImportError) as exc:
        raise ConfigError(f"cannot use database URL {url}: {exc}") from exc
    try:
        _migrate_waiting(engine)
    except OperationalError as exc:
        engine.dispose()
        raise StoreError(f"cannot open the store at {describe(url)}: {exc.orig}") from exc
    except SQLAlchemyError as exc:
        engine.dispose()
        raise StoreError(f"store at {describe(url)} failed: {exc}") from exc
    return engine


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def current_version(conn: Connection) -> int | None:
    """The schema version recorded in the database, or None for an empty database."""
    if not conn.dialect.has_table(conn, schema_version.name):
        return None
    return conn.execute(select(func.max(schema_version.c.version))).scalar()


def migrate(engine: Engine) -> int:
    """Bring the database to :data:`SCHEMA_VERSION`, in one transaction; return the version.

    A fresh database gets the current tables and is stamped with the current
    version (replaying every historical migration would be slower and prove
    nothing). An older database gets each migration after its version in order.
    """
    with engine.connect().execution_options(**{WRITE_OPTION: True}) as conn, conn.begin():
        version = current_version(conn)
        if version is None:
            metadata.create_all(conn)
            conn.execute(schema_version.insert().values(version=SCHEMA_VERSION, description="created",
                                                        applied_at=_now()))
            return SCHEMA_VERSION
        if version > SCHEMA_VERSION:
            raise StoreError(f"the store's schema is version {version}, newer than this Marsad understands "
                             f"({SCHEMA_VERSION}): upgrade marsad")
        for target in range(version + 1, SCHEMA_VERSION + 1):
            step = migrations.MIGRATIONS.get(target)
            if step is None:
                raise StoreError(f"no migration from schema version {target - 1} to {target}")
            description, apply = step
            apply(conn)
            conn.execute(schema_version.insert().values(version=target, description=description,
                                                        applied_at=_now()))
        return SCHEMA_VERSION
