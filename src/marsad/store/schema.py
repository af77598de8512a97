"""The store's tables, in SQLAlchemy Core, and the schema version they make.

Why Core and not the ORM: the store writes thousands of rows per minute in
plain batches and reads them back as plain dicts for three faces (CLI, API,
exports); mapped objects would add a layer without adding safety. Every column
type here exists in SQLite and PostgreSQL alike, so one definition serves both.

Dates are ISO ``YYYY-MM-DD`` strings: they compare correctly as text in both
databases and survive any export untouched. Lists (actors, context) live in
their own rows (``event_actors``) or as JSON text when they are only shown.

``SCHEMA_VERSION`` is the version a fresh database is created at. A change to
the tables below must come with a migration in :mod:`marsad.store.migrations`
that brings a database of the previous version to this one.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

SCHEMA_VERSION = 3

metadata = MetaData()

schema_version = Table(
    "schema_version", metadata,
    Column("version", Integer, primary_key=True),
    Column("description", Text, nullable=False),
    Column("applied_at", String(32), nullable=False),
)

articles = Table(
    "articles", metadata,
    Column("id", Integer, primary_key=True),
    # The coder's document id: sha256 of the normalised text, 16 hex chars.
    Column("doc_id", String(16), nullable=False),
    Column("url", Text),
    # url or '' : NULLs never collide in a UNIQUE constraint, so the key needs a value.
    Column("url_key", Text, nullable=False),
    # sha256 of the raw text and url_key: lets a re-ingest skip coding an unchanged article.
    Column("raw_hash", String(64), nullable=False),
    Column("title", Text),
    Column("language", String(8), nullable=False),
    Column("published", String(10)),
    Column("source", Text),
    # What NumSources counts: the source name, else the URL's host, else the origin.
    Column("source_key", Text, nullable=False),
    Column("origin", Text),
    Column("text", Text, nullable=False),
    Column("mixed_language", Boolean, nullable=False, default=False),
    Column("coder_version", String(32), nullable=False),
    Column("ingested_at", String(32), nullable=False),
    Column("byline", Text),
    # report | opinion | interview (marsad.coding.genre); relation views count reports only unless asked.
    # NULL only in a store migrated before it could be read (never written so): counted as a report.
    Column("genre", String(16)),
    Column("genre_cues", Text),  # JSON list: why that genre
    UniqueConstraint("doc_id", "url_key", name="uq_articles_doc_url"),
    Index("ix_articles_raw_hash", "raw_hash"),
    Index("ix_articles_published", "published"),
)

mentions = Table(
    "mentions", metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("sentence", Integer, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("how", String(16), nullable=False),
    Column("entity_id", Text, nullable=False),
    Column("entity_name", Text, nullable=False),
    Column("entity_name_ar", Text),
    Column("country", String(3)),
    Column("sector", String(8)),
    Column("entity_type", String(16), nullable=False),
    Index("ix_mentions_article", "article_id"),
    Index("ix_mentions_entity", "entity_id"),
)

events = Table(
    "events", metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("event_id", String(16), nullable=False),  # the coder's stable id
    Column("sentence", Integer, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("event", String(16), nullable=False),  # PLOVER type
    Column("mode", String(32)),
    Column("context", Text, nullable=False),  # JSON list
    Column("cameo", String(8), nullable=False),
    Column("quad_class", Integer, nullable=False),
    Column("goldstein", Float, nullable=False),
    Column("reciprocal", Boolean, nullable=False),
    Column("location_name", Text),
    Column("location_country", String(3)),
    Column("lat", Float),
    Column("lon", Float),
    Column("date_value", String(10)),
    Column("date_precision", String(8), nullable=False),
    Column("date_text", Text),
    # The date clustering uses: the event's own day, else the article's publication date.
    Column("event_date", String(10)),
    Column("speaker_id", Text),
    Column("speaker_name", Text),
    Column("evidentiality", String(16), nullable=False),
    Column("cue", Text),
    Column("negated", Boolean, nullable=False),
    Column("future", Boolean, nullable=False),
    Column("confidence", Float, nullable=False),
    Column("trigger_start", Integer),
    Column("trigger_end", Integer),
    Column("trigger_text", Text),
    Column("coder_version", String(32), nullable=False),
    Column("payload", Text, nullable=False),  # the event exactly as the coder gave it (JSON)
    UniqueConstraint("article_id", "event_id", name="uq_events_article_event"),
    Index("ix_events_type_date", "event", "event_date"),
)

event_actors = Table(
    "event_actors", metadata,
    Column("event_id", Integer, ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("role", String(10), primary_key=True),  # actor | recipient
    Column("position", Integer, primary_key=True),
    Column("actor_id", Text, nullable=False),
    Column("name", Text, nullable=False),
    Column("name_ar", Text),
    Column("country", String(3)),
    Column("sector", String(8)),
    Column("code", String(16)),
    Column("type", String(16), nullable=False),
    # How the country was inferred (marsad.model.COUNTRY_HOW; NULL without a country): relations leave out
    # the implied parties (implied-place / implied-passage), which the text does not name.
    Column("how", String(16)),
    Index("ix_event_actors_actor", "actor_id"),
    Index("ix_event_actors_country", "country"),
)

clusters = Table(
    "clusters", metadata,
    Column("id", Integer, primary_key=True),
    Column("event", String(16), nullable=False),
    Column("dyad", Text, nullable=False),  # see marsad.store.clustering.dyad_key
    Column("reciprocal", Boolean, nullable=False),
    Column("date", String(10)),  # the anchor: the date of the event that opened the cluster
    Column("date_first", String(10)),
    Column("date_last", String(10)),
    Column("location_name", Text),
    Column("location_country", String(3)),
    Column("lat", Float),
    Column("lon", Float),
    Column("cameo", String(8), nullable=False),
    Column("quad_class", Integer, nullable=False),
    Column("goldstein", Float, nullable=False),
    Column("actor_label", Text, nullable=False),
    Column("recipient_label", Text, nullable=False),
    Column("num_mentions", Integer, nullable=False),
    Column("num_sources", Integer, nullable=False),
    Column("num_articles", Integer, nullable=False),
    Column("confidence", Float, nullable=False),
    Column("first_url", Text),
    Index("ix_clusters_key", "event", "dyad", "date"),
)

cluster_members = Table(
    "cluster_members", metadata,
    Column("event_id", Integer, ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("cluster_id", Integer, ForeignKey("clusters.id", ondelete="CASCADE"), nullable=False),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("source_key", Text, nullable=False),
    Index("ix_cluster_members_cluster", "cluster_id"),
)
