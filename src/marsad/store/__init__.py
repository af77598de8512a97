"""The event store: articles, mentions, events and cross-article clusters in SQLite or PostgreSQL.

Only this package touches SQL. Writes go through :class:`Store`; reads are
plain functions in :mod:`marsad.store.queries` returning dicts; exports are in
:mod:`marsad.store.export`. See docs/STORE.md.
"""

from marsad.store.db import resolve_url
from marsad.store.schema import SCHEMA_VERSION
from marsad.store.writer import AddResult, RecodeReport, Store

__all__ = ["SCHEMA_VERSION", "AddResult", "RecodeReport", "Store", "resolve_url"]
