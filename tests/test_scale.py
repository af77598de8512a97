"""Scale-out: ``marsad batch`` on Dask and in-process give the same Parquet; reruns skip finished partitions; the
coder loads once per worker; ``marsad load`` stores it with clustering, idempotently, as ``ingest`` would."""

from __future__ import annotations

import json
import shutil
from collections import defaultdict
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from marsad.cli import app
from marsad.ingest import run_ingest
from marsad.pipeline import Coder
from marsad.scale import coder_loads, dask_client, load_partitions, run_batch
from marsad.scale.batch import read_manifest
from marsad.scale.schema import event_from_dict
from marsad.store import Store
from marsad.store.writer import count_rows

CORPUS = Path(__file__).parent / "fixtures" / "scale" / "corpus.jsonl"
STORE_FIX = Path(__file__).parent / "fixtures" / "store"
runner = CliRunner()


def _table(out: Path, name: str) -> pa.Table:
    parts = sorted((out / name).glob("part-*.parquet"))
    return pa.concat_tables([pq.read_table(p) for p in parts]).sort_by([("partition", "ascending"),
                                                                         ("doc_index", "ascending")])


@pytest.fixture(scope="module")
def single(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("single")
    report = run_batch([str(CORPUS)], out, partition_size=3)
    assert (report.partitions, report.coded, report.skipped, report.articles) == (3, 3, 0, 7)
    assert sorted(f.reason for f in report.failures) == ["bad-json", "no-text"]
    return out


def test_dask_and_single_process_give_identical_output(single: Path, tmp_path: Path, coder: Coder) -> None:
    with dask_client(workers=2, processes=True) as client:
        report = run_batch([str(CORPUS)], tmp_path, client=client, partition_size=3)
    assert (report.partitions, report.coded, report.articles) == (3, 3, 7)
    for name in ("documents", "mentions", "events"):
        assert _table(tmp_path, name).equals(_table(single, name)), name
    # and the events are exactly what the coder gives for each article
    events = _table(single, "events").to_pylist()
    assert len(events) == report.events > 10
    docs = _table(single, "documents").to_pylist()
    by_doc = defaultdict(list)
    for e in events:
        by_doc[(e["partition"], e["doc_index"])].append(json.loads(e["payload"]))
    for d in docs:
        cd = coder.code(d["text"], published=d["published"], title=d["title"], source=d["source"], url=d["url"])
        assert by_doc[(d["partition"], d["doc_index"])] == [json.loads(json.dumps(e.to_dict())) for e in cd.events]
        assert [event_from_dict(p) for p in by_doc[(d["partition"], d["doc_index"])]] == cd.events
    # the coder (KB + lexicons) was built once in each worker process, however many partitions it coded
    loads: dict[int, list[int]] = defaultdict(list)
    for r in report.results:
        loads[r["pid"]].append(r["coder_loads"])
    assert all(max(v) == 1 for v in loads.values()), loads
    assert sum(len(v) for v in loads.values()) == 3 and len(loads) <= 2


def test_flattened_event_columns(single: Path) -> None:
    rows = _table(single, "events").to_pylist()
    sanction = next(r for r in rows if r["event"] == "SANCTION")
    assert (sanction["actor_ids"], sanction["recipient_ids"], sanction["actor_codes"]) == (["USA"], ["IRN"], ["USA"])
    assert sanction["url"] == "https://en.example/2" and sanction["published"] == "2025-06-26"
    docs = _table(single, "documents")
    assert set(docs.column("language").to_pylist()) == {"ar", "en", "fr"}


def test_in_process_path_loads_the_coder_once(tmp_path: Path) -> None:
    run_batch([str(CORPUS)], tmp_path / "a", partition_size=2)
    before = coder_loads()
    report = run_batch([str(CORPUS)], tmp_path / "b", partition_size=2)
    assert report.coded == 5 and coder_loads() == before == max(r["coder_loads"] for r in report.results)


def test_rerun_skips_finished_partitions(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    shutil.copy(CORPUS, corpus)
    out = tmp_path / "out"
    run_batch([str(corpus)], out, partition_size=3)
    stamps = {p: p.stat().st_mtime_ns for p in out.rglob("part-*.parquet")}
    again = run_batch([str(corpus)], out, partition_size=3)
    assert (again.coded, again.skipped, again.articles, len(again.failures)) == (0, 3, 7, 2)
    assert {p: p.stat().st_mtime_ns for p in out.rglob("part-*.parquet")} == stamps
    # a partition whose file is missing (killed run) or whose input changed is coded again, and only it
    (out / "events" / "part-000001.parquet").unlink()
    lines = corpus.read_text("utf-8").splitlines(keepends=True)
    lines[0] = lines[0].replace("يوم الاثنين", "يوم الأحد")
    corpus.write_text("".join(lines), "utf-8")
    third = run_batch([str(corpus)], out, partition_size=3)
    assert (third.coded, third.skipped) == (2, 1)
    assert sorted(r["index"] for r in third.results) == [0, 1]
    assert (out / "events" / "part-000002.parquet").stat().st_mtime_ns == stamps[out / "events" / "part-000002.parquet"]
    assert sorted(read_manifest(out)["partitions"]) == ["0", "1", "2"]  # type: ignore[index]
    assert not list(out.rglob("*.tmp"))


def test_load_then_load_again_adds_nothing_and_matches_ingest(single: Path, tmp_path: Path, coder: Coder) -> None:
    with Store(str(tmp_path / "loaded.db")) as store:
        first = load_partitions(single, store)
        assert (first.added, first.unchanged, first.partitions) == (7, 0, 3)
        with store.read() as conn:
            loaded = count_rows(conn)
        second = load_partitions(single, store)
        assert (second.added, second.unchanged) == (0, 7)
        with store.read() as conn:
            assert count_rows(conn) == loaded
    with Store(str(tmp_path / "ingested.db")) as store:
        run_ingest([str(CORPUS)], store, coder)
        with store.read() as conn:
            assert count_rows(conn) == loaded  # same articles, mentions, events and clusters as ingest
    assert loaded["clusters"] > 0 and loaded["events"] == first.events


def test_cli_batch_and_load(tmp_path: Path) -> None:
    pq.write_table(pa.table({"body": ["Mali and Russia signed a defence agreement in Moscow on Monday.", ""],
                             "day": ["2025-06-24", "2025-06-25"], "link": ["https://pq.example/1", None]}),
                   tmp_path / "c.parquet")
    out, db = tmp_path / "out", tmp_path / "s.db"
    result = runner.invoke(app, ["batch", str(tmp_path / "c.parquet"), "--out", str(out), "--workers", "0",
                                 "--field", "text=body", "--field", "published=day", "--field", "url=link", "--quiet"])
    assert result.exit_code == 1, result.output  # the empty row is reported and skipped
    assert "no-text" in result.output
    docs = _table(out, "documents").to_pylist()
    assert [(d["url"], d["published"]) for d in docs] == [("https://pq.example/1", "2025-06-24")]
    folder = tmp_path / "folder"
    folder.mkdir()
    for name in ("en-signing.txt", "fr-accord.txt", "page.html"):
        shutil.copy(STORE_FIX / name, folder / name)
    result = runner.invoke(app, ["batch", str(folder), "--out", str(tmp_path / "out2"), "--workers", "0", "--quiet"])
    assert result.exit_code == 0, result.output
    assert len(_table(tmp_path / "out2", "documents")) == 3
    result = runner.invoke(app, ["load", str(tmp_path / "out2"), "--db", str(db), "--quiet"])
    assert result.exit_code == 0 and "3 article(s) added" in result.output, result.output
    result = runner.invoke(app, ["load", str(tmp_path / "out2"), "--db", str(db), "--quiet"])
    assert "0 article(s) added" in result.output and "3 already stored" in result.output
    assert runner.invoke(app, ["load", str(folder), "--db", str(db)]).exit_code == 1  # no manifest
    assert runner.invoke(app, ["batch", str(folder), "--out", str(tmp_path / "out2"), "--workers", "0",
                               "--partition-size", "7"]).exit_code == 2  # sizes would not line up
