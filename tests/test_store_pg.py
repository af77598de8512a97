"""The store on PostgreSQL: same code, same answers as SQLite.

Needs a server: ``eval "$(tools/start-postgres.sh)"`` starts a throwaway one and
exports ``MARSAD_TEST_PG_URL``. Without it these tests are skipped, visibly.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine
from typer.testing import CliRunner

from marsad.cli import app
from marsad.store import Store, resolve_url
from marsad.store import writer as writer_module
from marsad.store.export import export
from marsad.store.queries import (
    ACTOR_SORTS,
    ARTICLE_SORTS,
    SORTS,
    get_event,
    list_actors,
    list_articles,
    list_events,
    page_actors,
    page_articles,
    page_events,
    stats,
)
from marsad.store.schema import metadata, schema_version
from storekit import signing_reports

PG_URL = os.environ.get("MARSAD_TEST_PG_URL")
pytestmark = pytest.mark.skipif(not PG_URL, reason="MARSAD_TEST_PG_URL is not set: run "
                                "'eval \"$(tools/start-postgres.sh)\"' to test the store on PostgreSQL")
FIX = Path(__file__).parent / "fixtures" / "store"


def _empty_pg() -> str:
    assert PG_URL
    engine = create_engine(resolve_url(PG_URL))
    with engine.begin() as conn:
        metadata.drop_all(conn)
        schema_version.drop(conn, checkfirst=True)
    engine.dispose()
    return PG_URL


def _answers(store: Store) -> dict[str, Any]:
    """Everything the query layer answers, minus what legitimately differs (store name, ingest times)."""
    events = list_events(store)
    details = [get_event(store, e["id"]) for e in events]
    for d in details:
        assert d is not None
        for m in d["members"]:
            m["article"].pop("ingested_at")
    s = stats(store)
    s.pop("store")
    return {"events": events, "by_sources": list_events(store, sort="sources"), "details": details,
            "actors": list_actors(store), "articles": list_articles(store), "stats": s,
            "filtered": list_events(store, actor="MLI", since="2025-06-01", min_sources=2),
            "pages": [page_events(store, sort=k, order=o, limit=2, offset=1) for k in SORTS for o in ("asc", "desc")],
            "article_pages": [page_articles(store, sort=k, order=o, limit=2, offset=1) for k in ARTICLE_SORTS
                              for o in ("asc", "desc")],
            "actor_pages": [page_actors(store, sort=k, order=o, limit=2, offset=1) for k in ACTOR_SORTS
                            for o in ("asc", "desc")]}


def test_identical_answers_on_hand_coded_corpus(tmp_path: Path) -> None:
    with Store(str(tmp_path / "m.db")) as lite, Store(_empty_pg()) as pg:
        for cd in signing_reports():
            lite.add(cd)
            pg.add(cd)
        assert _answers(pg) == _answers(lite)
        for fmt in ("csv", "plover"):
            export(lite, fmt, str(tmp_path / f"lite.{fmt}"))
            export(pg, fmt, str(tmp_path / f"pg.{fmt}"))
            assert (tmp_path / f"pg.{fmt}").read_bytes() == (tmp_path / f"lite.{fmt}").read_bytes()


def test_idempotency_and_atomicity_on_postgres(monkeypatch: pytest.MonkeyPatch) -> None:
    with Store(_empty_pg()) as pg:
        reports = signing_reports()
        monkeypatch.setattr(writer_module, "_assign", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("boom")))
        with pytest.raises(RuntimeError):
            pg.add(reports[0])
        assert stats(pg)["articles"] == 0
        monkeypatch.undo()
        assert [pg.add(cd).added for cd in reports] == [True] * 5
        assert [pg.add(cd).added for cd in reports] == [False] * 5
        assert stats(pg)["events"] == 5


def test_cli_ingest_gives_identical_results(tmp_path: Path) -> None:
    """The same small corpus through the coder and `marsad ingest` into both databases."""
    runner = CliRunner()
    src = tmp_path / "src"
    shutil.copytree(FIX, src)
    pg_url = _empty_pg()
    lite = str(tmp_path / "m.db")
    for db in (lite, pg_url):
        result = runner.invoke(app, ["ingest", str(src), "--db", db, "--quiet"])
        assert result.exit_code == 1 and "7 article(s) added" in result.stderr
    for cmd in (["events"], ["actors"], ["articles"], ["events", "--sort", "sources"]):
        a = [json.loads(x) for x in runner.invoke(app, [*cmd, "--db", lite, "--format", "json"]).stdout.splitlines()]
        b = [json.loads(x) for x in runner.invoke(app, [*cmd, "--db", pg_url, "--format", "json"]).stdout.splitlines()]
        assert a == b and a
