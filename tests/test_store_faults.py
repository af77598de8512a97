"""Store faults: two concurrent ingests, a full disk, SIGKILL mid-ingest (a short run of fuzz/fault_store.py).

The long runs and their figures are in docs/RELIABILITY.md ("Store faults"); these keep the findings true in the normal
test run. The corpus and the checks are fuzz/fault_store.py's: invented articles whose clusters do not depend
on the order they are stored in, compared with a reference ingest of the same articles.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine, make_url

from marsad.errors import StoreError
from marsad.ingest import run_ingest
from marsad.pipeline import Coder
from marsad.store import Store, resolve_url, writer

FUZZ = Path(__file__).resolve().parent.parent / "fuzz"
sys.path.insert(0, str(FUZZ))
import fault_store as fs  # noqa: E402

CLI = [sys.executable, "-c", "from marsad.cli import main; main()", "ingest", "--quiet"]
PG_URL = os.environ.get("MARSAD_TEST_PG_URL")
NEEDS_PG = pytest.mark.skipif(not PG_URL, reason="MARSAD_TEST_PG_URL is not set: run "
                              "'eval \"$(tools/start-postgres.sh)\"' to test concurrent ingest on PostgreSQL")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, coder: Coder) -> dict[str, Any]:
    """The fuzz corpus (40 articles, 10 events), written as JSONL, coded, and its reference store's snapshot."""
    tmp = tmp_path_factory.mktemp("faults")
    arts = fs.corpus(families=10)
    jsonl = fs.write_corpus(tmp / "corpus.jsonl", arts)
    ref_db = str(tmp / "reference.db")
    with Store(ref_db) as store:
        assert not run_ingest([str(jsonl)], store, coder).failures
    eng = fs.engine_for(ref_db)
    ref = fs.snapshot(eng)
    eng.dispose()
    assert not ref.problems
    return {"tmp": tmp, "arts": arts, "jsonl": jsonl, "coded": fs.code_all(coder, arts), "ref": ref}


def _final(db: str, ref: fs.Snapshot) -> list[str]:
    eng = fs.engine_for(db)
    try:
        return fs.compare_final(fs.snapshot(eng), ref)
    finally:
        eng.dispose()


def _two_ingests(db: str, first: Path, second: Path) -> list[subprocess.CompletedProcess[str]]:
    procs = [subprocess.Popen([*CLI, "--db", db, str(f)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for f in (first, second)]
    out = []
    for p in procs:
        stdout, stderr = p.communicate(timeout=120)
        out.append(subprocess.CompletedProcess(p.args, p.returncode, stdout, stderr))
    return out


def _halves(corpus: dict[str, Any]) -> tuple[Path, Path]:
    """The corpus split in two interleaved halves (even and odd lines): every event is told in both files."""
    tmp: Path = corpus["tmp"]
    arts = corpus["arts"]
    return (fs.write_corpus(tmp / "even.jsonl", arts[0::2]), fs.write_corpus(tmp / "odd.jsonl", arts[1::2]))


def test_two_concurrent_ingests_on_sqlite(corpus: dict[str, Any], tmp_path: Path) -> None:
    """Two `marsad ingest` processes on one new SQLite store: both exit 0, no lock error, exactly the reference
    articles, events and clusters — once with the same corpus, once with two halves telling the same events."""
    for name, (a, b) in {"same": (corpus["jsonl"], corpus["jsonl"]), "halves": _halves(corpus)}.items():
        db = str(tmp_path / f"{name}.db")
        for p in _two_ingests(db, a, b):
            assert p.returncode == 0, (name, p.stderr)
            assert "locked" not in p.stderr and "Traceback" not in p.stderr, p.stderr
        assert _final(db, corpus["ref"]) == [], name


def test_a_locked_store_is_waited_for_not_reported(corpus: dict[str, Any], tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A writer that finds the store locked past SQLite's busy timeout retries instead of failing."""
    monkeypatch.setattr(writer, "LOCK_WAIT", 20.0)
    db = str(tmp_path / "locked.db")
    with Store(db) as store:
        def no_busy_timeout(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.execute("PRAGMA busy_timeout=0")  # runs after the store's hook: fail at once when locked
        event.listen(store.engine, "connect", no_busy_timeout)
        store.engine.dispose()
        holder = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
        holder.execute("BEGIN IMMEDIATE")
        threading.Timer(0.8, holder.rollback).start()
        t = time.monotonic()
        assert store.add(corpus["coded"][0]).added
        assert time.monotonic() - t >= 0.7
        holder.close()


def test_full_disk_is_a_clean_error_and_nothing_half_written(corpus: dict[str, Any], tmp_path: Path) -> None:
    coded, ref = corpus["coded"], corpus["ref"]
    db = str(tmp_path / "full.db")
    with Store(db) as store:
        for cd in coded[:5]:
            store.add(cd)
    with sqlite3.connect(db) as raw:
        pages = raw.execute("PRAGMA page_count").fetchone()[0]
    hook = fs.limit_pages(pages + 1)
    failing = None
    try:
        with Store(db) as store, pytest.raises(StoreError, match=r"is full \(database or disk is full\)") as caught:
            for cd in coded[5:]:
                failing = cd
                store.add(cd)
    finally:
        event.remove(Engine, "connect", hook)
    assert "\n" not in str(caught.value)
    eng = fs.engine_for(db)
    snap = fs.snapshot(eng)
    eng.dispose()
    assert snap.problems == [] and fs.partial_articles(snap, ref) == []  # integrity ok, no half article
    assert 5 <= snap.totals["articles"] < len(coded)
    stored = [(cd.document.id, cd.document.url) for cd in coded[: snap.totals["articles"]]]
    assert set(stored) == set(snap.per_article)  # every earlier article intact, the failing one absent
    assert failing is not None and (failing.document.id, failing.document.url) not in snap.per_article


def test_full_disk_through_the_cli_exits_1_with_one_line(corpus: dict[str, Any]) -> None:
    res = fs.disk_full_cli(corpus["tmp"], corpus["jsonl"])
    assert res["exit"] == 1
    assert "Traceback" not in res["stderr"] and len(res["stderr"].splitlines()) == 1, res["stderr"]
    assert "is full" in res["stderr"] and "free disk space" in res["stderr"]


def test_sigkill_loop_loses_and_half_writes_nothing() -> None:
    """A short run of the SIGKILL fuzz: ≥ 5 kills at random points, each checked, then a rerun to the reference."""
    p = subprocess.run([sys.executable, str(FUZZ / "fault_store.py"), "--runs", "4", "--concurrent", "0",
                        "--disk-full", "0", "--families", "8", "--seed", "7", "--json"],
                       capture_output=True, text=True, timeout=120)
    res = json.loads(p.stdout.strip().splitlines()[-1])["sigkill sqlite"]
    assert p.returncode == 0 and res["problems"] == [], p.stdout[-3000:]
    stats = res["stats"]
    assert stats.get("kills", 0) + stats.get("kills after the writer had finished", 0) >= 5, stats
    assert stats["half-written articles"] == 0 and stats["lost articles"] == 0


@pytest.fixture
def pg_db() -> Iterator[str]:
    """A database of its own on the test server (others' tests empty ``marsad_test`` as they go)."""
    assert PG_URL
    name = f"marsad_faults_{uuid.uuid4().hex[:8]}"
    url = fs.pg_database(PG_URL, name)
    yield url
    admin = create_engine(make_url(resolve_url(PG_URL)).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@NEEDS_PG
def test_two_concurrent_ingests_on_postgresql(corpus: dict[str, Any], pg_db: str) -> None:
    """Two `marsad ingest` processes creating and filling one PostgreSQL store with halves telling the same events:
    no duplicate article or cluster, cluster counts right (the writer lock of marsad.store.db)."""
    for p in _two_ingests(pg_db, *_halves(corpus)):
        assert p.returncode == 0, p.stderr
    assert _final(pg_db, corpus["ref"]) == []


def test_opening_a_store_waits_for_another_writer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A store whose schema cannot be written yet (another process holds the new file's write lock past the
    busy timeout) is waited for at open, not reported as 'cannot open the store'."""
    from sqlalchemy.exc import OperationalError

    from marsad.store import db as store_db

    real, calls = store_db.migrate, []

    def busy_twice(engine: Any) -> int:
        calls.append(1)
        if len(calls) <= 2:
            orig = sqlite3.OperationalError("database is locked")
            orig.sqlite_errorcode = sqlite3.SQLITE_BUSY  # type: ignore[attr-defined]
            raise OperationalError("BEGIN IMMEDIATE", None, orig)
        return real(engine)

    monkeypatch.setattr(store_db, "migrate", busy_twice)
    with Store(str(tmp_path / "new.db")) as store:
        assert store.name
    assert len(calls) == 3
    monkeypatch.setattr(store_db, "LOCK_WAIT", 0.0)
    calls.clear()
    with pytest.raises(StoreError, match="cannot open the store"):
        Store(str(tmp_path / "other.db"))
