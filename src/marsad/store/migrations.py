"""Schema migrations: how a store of version N-1 becomes version N.

Each entry ``N: (description, apply)`` runs inside the migrating transaction
(PostgreSQL and SQLite both have transactional DDL, so a failed migration
leaves the store at its old version). Write them with SQLAlchemy Core or
plain portable SQL, and test each one on a store created at the version
before it. Version 1 is the first schema: there is nothing to migrate yet.

Example for a future version 2::

    def _add_article_author(conn: Connection) -> None:
        conn.exec_driver_sql("ALTER TABLE articles ADD COLUMN author TEXT")

    MIGRATIONS = {2: ("articles.author", _add_article_author)}
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection

Migration = tuple[str, Callable[[Connection], None]]

MIGRATIONS: dict[int, Migration] = {}
