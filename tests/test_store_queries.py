"""Queries and exports over a small hand-coded corpus."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from marsad.errors import ConfigError, InputError
from marsad.store import Store
from marsad.store.export import FLAT_COLUMNS, GDELT_COLUMNS, export
from marsad.store.queries import (
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
from storekit import signing_reports


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    s = Store(str(tmp_path_factory.mktemp("q") / "m.db"))
    for cd in signing_reports():
        s.add(cd)
    yield s
    s.close()


def test_filters(store: Store) -> None:
    assert len(list_events(store)) == 3
    assert [r["event"] for r in list_events(store, event_type="accuse")] == ["ACCUSE"]
    assert [r["event"] for r in list_events(store, actor="DZA")] == ["ACCUSE"]
    assert [r["event"] for r in list_events(store, recipient="mli")] == ["ACCUSE", "AGREE"]  # id is case-blind
    assert len(list_events(store, since="2025-07-01")) == 1
    assert len(list_events(store, until="2025-06-30")) == 2
    assert [r["num_sources"] for r in list_events(store, min_sources=2)] == [3]
    assert get_event(store, 999) is None


def test_events_are_newest_first_by_default_and_sort_both_ways(store: Store) -> None:
    dates = [r["date"] for r in list_events(store)]
    assert dates == sorted(dates, reverse=True) and dates[0] == "2025-07-25"
    assert [r["date"] for r in list_events(store, order="asc")] == sorted(dates)
    for key in SORTS:  # every key, both ways: the second is the first reversed when the key has no ties
        down = page_events(store, sort=key)
        up = page_events(store, sort=key, order="asc" if down["order"] == "desc" else "desc")
        assert down["count"] == up["count"] == 3 and {r["id"] for r in down["rows"]} == {r["id"] for r in up["rows"]}
    assert [r["num_sources"] for r in list_events(store, sort="sources")] == [3, 1, 1]
    assert [r["num_sources"] for r in list_events(store, sort="sources", order="asc")] == [1, 1, 3]
    assert [r["event"] for r in list_events(store, sort="event")] == ["ACCUSE", "AGREE", "AGREE"]
    assert [r["id"] for r in list_events(store, sort="id")] == [3, 2, 1]
    with pytest.raises(InputError, match="sort must be one of date, date_last"):
        page_events(store, sort="colour")
    with pytest.raises(InputError, match="order must be asc or desc"):
        page_events(store, order="up")
    with pytest.raises(InputError, match="offset"):
        page_events(store, offset=-1)


def test_pages_cover_every_row_once_and_count_the_total(store: Store) -> None:
    everything = [r["id"] for r in list_events(store)]
    seen = []
    offset: int | None = 0
    while offset is not None:
        page = page_events(store, limit=2, offset=offset)
        assert page["count"] == 3 and page["limit"] == 2 and page["returned"] == len(page["rows"]) <= 2
        seen += [r["id"] for r in page["rows"]]
        offset = page["next_offset"]
    assert seen == everything
    last = page_events(store, limit=2, offset=2)
    assert (last["returned"], last["next_offset"], last["prev_offset"]) == (1, None, 0)
    beyond = page_events(store, limit=2, offset=10)
    assert beyond["rows"] == [] and beyond["count"] == 3
    assert page_events(store, actor="DZA", limit=1)["count"] == 1  # the total is of the filtered rows
    assert page_events(store, recipient="MLI", limit=1)["count"] == 2
    arts = page_articles(store, limit=2, offset=1)
    assert arts["count"] == 5 and [a["id"] for a in arts["rows"]] == [4, 3]  # 4 and 3: 2025-06-24, by id
    assert [a["id"] for a in page_articles(store, sort="id", order="asc")["rows"]] == [1, 2, 3, 4, 5]
    assert next(a["published"] for a in page_articles(store, order="asc")["rows"]) == "2025-06-24"
    acts = page_actors(store, limit=1)
    assert acts["count"] == len(list_actors(store)) and acts["rows"][0]["actor_id"] == "MLI"
    assert [a["actor_id"] for a in page_actors(store, sort="id", order="asc")["rows"]] == \
        sorted(a["actor_id"] for a in list_actors(store))
    assert page_actors(store, limit=1, offset=1)["rows"][0] == list_actors(store)[1]


def test_stats_name_the_store_without_its_directory(store: Store) -> None:
    s = stats(store)
    assert s["store"] == "SQLite m.db" and "/" not in json.dumps(s["store"])


def test_event_keeps_each_articles_evidence_and_attribution(store: Store) -> None:
    [accuse] = list_events(store, event_type="ACCUSE")
    detail = get_event(store, accuse["id"])
    assert detail is not None
    [m] = detail["members"]
    assert m["attribution"] == {"speaker": "Algeria", "speaker_id": "DZA", "evidentiality": "claimed",
                                "cue": "accused"}
    assert m["text"] == "Algeria accused Mali of violating its airspace."
    assert m["span"] == [0, len(m["text"])] and m["article"]["url"] == "https://a.example/2"


def test_actors_articles_stats(store: Store) -> None:
    by_id = {a["actor_id"]: a for a in list_actors(store)}
    assert by_id["MLI"]["as_actor"] == 3 and by_id["MLI"]["as_recipient"] == 2
    assert by_id["DZA"]["as_actor"] == 1 and by_id["DZA"]["clusters"] == 1
    arts = list_articles(store)
    assert [a["id"] for a in arts] == [5, 4, 3, 2, 1] and all(a["events"] == 1 for a in arts)  # newest first
    assert [a["id"] for a in list_articles(store, source="outlet-b")] == [5, 2]
    s = stats(store)
    assert (s["articles"], s["events"], s["clusters"], s["clusters_multi_source"]) == (5, 5, 3, 1)
    assert s["largest_clusters"][0]["num_mentions"] == 3


def test_export_jsonl_csv_parquet(store: Store, tmp_path: Path) -> None:
    assert export(store, "jsonl", str(tmp_path / "e.jsonl")) == 3
    records = [json.loads(line) for line in (tmp_path / "e.jsonl").read_text("utf-8").splitlines()]
    assert sum(len(r["members"]) for r in records) == 5
    assert export(store, "csv", str(tmp_path / "e.csv")) == 3
    with open(tmp_path / "e.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert tuple(rows[0]) == FLAT_COLUMNS and len(rows) == 3
    assert export(store, "parquet", str(tmp_path / "e.parquet"), min_sources=2) == 1
    table = pq.read_table(tmp_path / "e.parquet")
    assert table.num_rows == 1 and table.column("num_sources").to_pylist() == [3]
    with pytest.raises(ConfigError):
        export(store, "xml", str(tmp_path / "e.xml"))


def test_export_gdelt(store: Store, tmp_path: Path) -> None:
    assert export(store, "gdelt", str(tmp_path / "e.tsv")) == 3
    lines = (tmp_path / "e.tsv").read_text("utf-8").splitlines()
    rows = [dict(zip(GDELT_COLUMNS, line.split("\t"), strict=True)) for line in lines]
    top = next(r for r in rows if r["NumSources"] == "3")
    assert top["SQLDATE"] == "20250623" and top["MonthYear"] == "202506" and top["Year"] == "2025"
    assert (top["Actor1Code"], top["Actor2Code"]) == ("MLI", "RUS")
    assert (top["EventCode"], top["EventBaseCode"], top["EventRootCode"]) == ("057", "057", "05")
    assert (top["QuadClass"], top["GoldsteinScale"], top["NumMentions"], top["NumArticles"]) == ("1", "8", "3", "3")
    assert (top["ActionGeo_Type"], top["ActionGeo_FullName"], top["ActionGeo_CountryCode"]) == ("4", "Moscow", "RU")
    assert top["SOURCEURL"] == "https://a.example/1" and len(top["DATEADDED"]) == 14


def test_export_plover(store: Store, tmp_path: Path) -> None:
    assert export(store, "plover", str(tmp_path / "e.json")) == 3
    records = json.loads((tmp_path / "e.json").read_text("utf-8"))
    accuse = next(r for r in records if r["event"] == "ACCUSE")
    assert accuse["actor"][0]["code"] == "DZA" and accuse["recipient"][0]["country"] == "MLI"
    assert accuse["date"] == "2025-06-24" and accuse["numSources"] == 1
    agree = max(records, key=lambda r: r["numSources"])
    assert agree["eventLoc"]["placeName"] == "Moscow" and agree["publication"] == ["outlet-a", "outlet-b", "outlet-c"]
