"""End to end through the ``marsad`` command: ingest with bad inputs, reruns, queries, exports, recode, SIGKILL."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from marsad.cli import app
from marsad.store.export import GDELT_COLUMNS
from marsad.store.schema import SCHEMA_VERSION

FIX = Path(__file__).parent / "fixtures" / "store"
runner = CliRunner()


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """A store made by `marsad ingest` from the fixtures folder plus a binary file; returns (db, stdout, stderr)."""
    tmp = tmp_path_factory.mktemp("cli")
    src = tmp / "src"
    shutil.copytree(FIX, src)
    (src / "scan.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
    db = tmp / "m.db"
    result = runner.invoke(app, ["ingest", str(src), "--db", str(db), "--quiet"])
    return db, result.stdout, result.stderr + f"\nexit={result.exit_code}"


def _sql(db: Path, query: str) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute(query).fetchone()[0])


def test_ingest_reports_bad_inputs_and_exits_1(ingested: tuple[Path, str, str]) -> None:
    db, _, err = ingested
    assert err.endswith("exit=1")
    assert "skipped" in err and "scan.txt: binary" in err and "corpus.jsonl:3: bad-json" in err
    assert "broken.html" in err
    # 3 text files + 1 page + 3 good corpus lines
    assert _sql(db, "SELECT count(*) FROM articles") == 7
    assert "7 article(s) added" in err


def test_list_commands_page_sort_and_count(ingested: tuple[Path, str, str]) -> None:
    db = str(ingested[0])

    def ids(*args: str) -> list[int]:
        result = runner.invoke(app, ["events", "--db", db, "--format", "json", *args])
        assert result.exit_code == 0, result.stderr
        return [json.loads(line)["id"] for line in result.stdout.splitlines()]

    every = ids()
    total = _sql(Path(db), "SELECT count(*) FROM clusters")
    assert len(every) == total >= 3
    dates = [json.loads(x)["date"] or "" for x in runner.invoke(
        app, ["events", "--db", db, "--format", "json"]).stdout.splitlines()]
    dated = [d for d in dates if d]
    assert dated == sorted(dated, reverse=True)  # newest first by default
    assert ids("--limit", "2") + ids("--limit", "2", "--offset", "2") + ids("--offset", "4") == every
    assert ids("--order", "asc", "--sort", "id") == sorted(every)
    result = runner.invoke(app, ["events", "--db", db, "--limit", "2"])
    assert result.exit_code == 0 and f"events 1–2 of {total}, by date descending; next page: --offset 2" \
        in result.stderr
    assert result.stdout.count("│") > 0
    tail = runner.invoke(app, ["events", "--db", db, "--offset", str(total - 1)])
    assert f"events {total}–{total} of {total}" in tail.stderr and "next page" not in tail.stderr
    for cmd, key in ((["articles"], "id"), (["actors"], "actor_id")):
        out = runner.invoke(app, [*cmd, "--db", db, "--format", "json", "--limit", "1", "--offset", "1"])
        assert out.exit_code == 0 and len(out.stdout.splitlines()) == 1 and "of " in out.stderr
        assert key in json.loads(out.stdout)
    assert runner.invoke(app, ["articles", "--db", db, "--sort", "colour"]).exit_code == 2
    assert runner.invoke(app, ["events", "--db", db, "--order", "up"]).exit_code == 2
    assert runner.invoke(app, ["events", "--db", db, "--offset", "-1"]).exit_code == 2


def test_second_ingest_adds_nothing(ingested: tuple[Path, str, str]) -> None:
    db, _, _ = ingested
    tables = ("articles", "mentions", "events", "clusters", "cluster_members")
    before = {t: _sql(db, f"SELECT count(*) FROM {t}") for t in tables}
    result = runner.invoke(app, ["ingest", str(FIX), "--db", str(db), "--quiet"])
    assert "0 article(s) added (0 events" in result.stderr
    assert {t: _sql(db, f"SELECT count(*) FROM {t}") for t in tables} == before


def test_queries_and_formats(ingested: tuple[Path, str, str]) -> None:
    db = str(ingested[0])
    result = runner.invoke(app, ["events", "--db", db, "--format", "json"])
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows and all({"id", "event", "num_sources", "actor"} <= set(r) for r in rows)
    csv_out = runner.invoke(app, ["events", "--db", db, "--format", "csv"]).stdout.splitlines()
    assert csv_out[0].startswith("id,date,event,actor") and len(csv_out) == len(rows) + 1
    shown = runner.invoke(app, ["event", str(rows[0]["id"]), "--db", db, "--format", "json"])
    assert json.loads(shown.stdout)["members"]
    assert runner.invoke(app, ["event", str(rows[0]["id"]), "--db", db]).exit_code == 0
    assert runner.invoke(app, ["event", "99999", "--db", db]).exit_code == 1
    assert runner.invoke(app, ["events", "--db", db, "--format", "xml"]).exit_code == 2
    for cmd in (["actors"], ["articles"], ["stats"]):
        assert runner.invoke(app, [*cmd, "--db", db]).exit_code == 0
    stats = json.loads(runner.invoke(app, ["stats", "--db", db, "--format", "json"]).stdout)
    assert stats["articles"] == 7 and stats["schema_version"] == SCHEMA_VERSION
    arts = runner.invoke(app, ["articles", "--db", db, "--format", "json", "--source", "wire-one"]).stdout
    assert [json.loads(x)["url"] for x in arts.splitlines()] == ["https://one.example/mali-russia"]


def test_export_command(ingested: tuple[Path, str, str], tmp_path: Path) -> None:
    db = str(ingested[0])
    out = tmp_path / "events.tsv"
    result = runner.invoke(app, ["export", str(out), "--format", "gdelt", "--db", db])
    assert result.exit_code == 0
    lines = out.read_text("utf-8").splitlines()
    assert lines and all(len(line.split("\t")) == len(GDELT_COLUMNS) == 61 for line in lines)
    assert runner.invoke(app, ["export", "-", "--format", "parquet", "--db", db]).exit_code == 2


def test_recode_with_the_same_coder_changes_nothing(ingested: tuple[Path, str, str]) -> None:
    db = str(ingested[0])
    before = runner.invoke(app, ["events", "--db", db, "--format", "json"]).stdout
    result = runner.invoke(app, ["recode", "--db", db, "--quiet"])
    assert result.exit_code == 0 and "7 article(s) re-coded, 0 changed" in result.stderr
    assert runner.invoke(app, ["events", "--db", db, "--format", "json"]).stdout == before


def test_sigkill_mid_run_loses_nothing_committed(tmp_path: Path) -> None:
    """A run killed with SIGKILL keeps every committed article whole; a rerun finishes the rest exactly."""
    src = tmp_path / "src"
    src.mkdir()
    n = 120
    for i in range(n):
        (src / f"{i:03d}.txt").write_text(f"Mali and Russia signed accord number {i} in Moscow on Monday.\n",
                                          encoding="utf-8")
    db, clean = tmp_path / "killed.db", tmp_path / "clean.db"
    cmd = [sys.executable, "-c", "from marsad.cli import main; main()", "ingest", str(src), "--quiet", "--db"]
    proc = subprocess.Popen([*cmd, str(db)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    done = 0
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
            try:
                done = _sql(db, "SELECT count(*) FROM articles")
            except sqlite3.Error:
                continue  # not created yet
            if done >= 10:
                break
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    assert 10 <= done < n, f"the run was not caught mid-way ({done} articles)"
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        killed_at = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        # no half article: every stored article has its mentions
        assert conn.execute("SELECT count(*) FROM articles WHERE id NOT IN (SELECT article_id FROM mentions)"
                            ).fetchone() == (0,)
    assert killed_at < n
    subprocess.run([*cmd, str(db)], check=True, timeout=120, capture_output=True)
    subprocess.run([*cmd, str(clean)], check=True, timeout=120, capture_output=True)
    tables = ("articles", "mentions", "events", "event_actors", "clusters", "cluster_members")
    got = {t: _sql(db, f"SELECT count(*) FROM {t}") for t in tables}
    assert got == {t: _sql(clean, f"SELECT count(*) FROM {t}") for t in tables}
    assert got["articles"] == n
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
