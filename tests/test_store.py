"""The store: schema versions, URLs, idempotent ingest, and one transaction per article."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select, text

import marsad
from marsad.errors import ConfigError, StoreError
from marsad.store import SCHEMA_VERSION, Store, resolve_url
from marsad.store import writer as writer_module
from marsad.store.schema import articles, events, schema_version
from marsad.store.writer import count_rows
from storekit import doc, ev, signing_reports


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(str(tmp_path / "m.db"))
    yield s
    s.close()


def counts(store: Store) -> dict[str, int]:
    with store.read() as conn:
        return count_rows(conn)


def test_resolve_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MARSAD_DB", raising=False)
    assert resolve_url(None) == "sqlite:///marsad.db"
    monkeypatch.setenv("MARSAD_DB", "/data/x.db")
    assert resolve_url(None) == "sqlite:////data/x.db"
    assert resolve_url("postgresql://u@127.0.0.1:5432/d") == "postgresql+psycopg://u@127.0.0.1:5432/d"
    with pytest.raises(ConfigError, match="not supported"):
        resolve_url("mysql://u@h/d")


def test_fresh_store_is_stamped_and_in_wal_mode(store: Store, tmp_path: Path) -> None:
    with store.read() as conn:
        assert conn.execute(select(schema_version.c.version)).scalars().all() == [SCHEMA_VERSION]
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    store.close()
    Store(str(tmp_path / "m.db")).close()  # reopening migrates nothing and adds no version row
    with sqlite3.connect(tmp_path / "m.db") as raw:
        assert raw.execute("SELECT count(*) FROM schema_version").fetchone() == (1,)


def test_newer_schema_is_refused(store: Store, tmp_path: Path) -> None:
    with store.write() as conn:
        conn.execute(schema_version.insert(), {"version": SCHEMA_VERSION + 1, "description": "future",
                                               "applied_at": "2099-01-01"})
    store.close()
    with pytest.raises(StoreError, match="newer than this Marsad"):
        Store(str(tmp_path / "m.db"))


def test_add_is_idempotent(store: Store) -> None:
    first = [store.add(cd) for cd in signing_reports()]
    assert all(r.added for r in first)
    before = counts(store)
    assert before["articles"] == 5 and before["events"] == 5
    again = [store.add(cd) for cd in signing_reports()]
    assert not any(r.added for r in again)
    assert [r.article_id for r in again] == [r.article_id for r in first]
    assert counts(store) == before


def test_same_text_at_two_urls_is_two_articles(store: Store) -> None:
    a = doc("Mali and Russia signed an accord.", ev(day="2025-06-23"), url="https://a.example/1")
    b = doc("Mali and Russia signed an accord.", ev(day="2025-06-23"), url="https://b.example/1", source="outlet-b")
    assert store.add(a).added and store.add(b).added
    assert counts(store)["articles"] == 2
    assert store.has_raw(a.document.text, "https://a.example/1")
    assert not store.has_raw(a.document.text, "https://c.example/1")


def test_events_record_the_coder_version(store: Store) -> None:
    store.add(signing_reports()[0])
    with store.read() as conn:
        assert set(conn.execute(select(events.c.coder_version)).scalars()) == {marsad.__version__}
        assert set(conn.execute(select(articles.c.coder_version)).scalars()) == {marsad.__version__}


def test_a_failure_mid_article_leaves_nothing(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """Article, mentions, events and clusters commit together or not at all; readers never see half."""
    seen_by_reader: list[int] = []
    real_assign = writer_module._assign

    def assign_then_fail(conn, *args, **kwargs):  # type: ignore[no-untyped-def]
        real_assign(conn, *args, **kwargs)
        with sqlite3.connect(store.engine.url.database) as other:  # a concurrent reader
            seen_by_reader.append(other.execute("SELECT count(*) FROM articles").fetchone()[0])
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(writer_module, "_assign", assign_then_fail)
    with pytest.raises(RuntimeError):
        store.add(signing_reports()[0])
    assert seen_by_reader == [0]
    assert counts(store) == {"articles": 0, "mentions": 0, "events": 0, "clusters": 0, "cluster_members": 0}
    monkeypatch.setattr(writer_module, "_assign", real_assign)
    assert store.add(signing_reports()[0]).added
    assert counts(store)["clusters"] == 1


def test_unusable_database_is_a_store_error(tmp_path: Path) -> None:
    bad = tmp_path / "not-a-db.db"
    bad.write_bytes(b"this is not a database file" * 100)
    with pytest.raises(StoreError, match=r"cannot open|failed"):
        Store(str(bad))
