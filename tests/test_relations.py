"""Relations over a small hand-coded store: exact dyad series, one alert that fires and one that doesn't, the network.

The store is built here from coded documents made by hand (as in storekit), so the expected values follow from
the formula in docs/RELATIONS.md alone, whatever the coder's lexicons do:

- MLI–RUS: week 2025-W23 an AGREE told by three asserting outlets (w = log2 4 = 2, g = +8) and an ACCUSE claimed
  by one outlet (w = log2 1.75, g = −2); W24 nothing; W25 a CONSULT told twice by one outlet (w = 1, g = +1);
  W27 an ASSAULT by the Wagner group (a RUS group: the country level counts it, the actor level keeps it apart).
- MLI–DZA: an AGREE each week W23–W26 (index +8, flat), then W27 an ASSAULT and an ACCUSE (index −6): alert.
- MLI–FRA: CONSULT/AGREE alternating W23–W26 (index 1, 8, 1, 8), then W27 a CONSULT and an AID (index 4): no alert.
"""

from __future__ import annotations

import hashlib
import json
import math
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from marsad.cli import app
from marsad.model import Actor, Attribution, CodedDocument, Document, Event, EventDate, Mention
from marsad.relations import alerts, draw_network, dyad_series, network, network_data, plot_dyad, write_network
from marsad.relations.series import cluster_weight
from marsad.store import SCHEMA_VERSION, Store
from marsad.store.queries import get_event
from storekit import CAMEO
from storekit import actor as state

WAGNER = Actor("wagner-group", "Wagner Group", "مجموعة فاغنر", "RUS", "PMC", "group")


def party(key: str) -> Actor:
    return WAGNER if key == "wagner-group" else state(key)


def report(n: int, day: str, kind: str, actors: tuple[str, ...], recipients: tuple[str, ...] = (), *,
           source: str = "outlet-a", evidentiality: str = "asserted") -> CodedDocument:
    """Article ``n`` telling one event on ``day``; reciprocal when it has no recipient."""
    text = f"Report {n}: {kind} between {' '.join(actors + recipients)} on {day}."
    doc_id = hashlib.sha256(text.encode()).hexdigest()[:16]
    cameo, quad, gold = CAMEO[kind]
    d = Document(text=text, id=doc_id, language="en", published=day, title=None, source=source,
                 url=f"https://{source}.example/{n}")
    e = Event(id=hashlib.sha256(f"{doc_id}|{kind}".encode()).hexdigest()[:16], sentence=0, start=0, end=len(text),
              text=text, event=kind, mode=None, context=(), cameo=cameo, quad_class=quad, goldstein=gold,
              actor=tuple(party(a) for a in actors), recipient=tuple(party(r) for r in recipients),
              reciprocal=not recipients, location=None, date=EventDate(day, "day", None),
              attribution=Attribution(None, evidentiality, "said" if evidentiality != "asserted" else None),
              negated=False, future=False, confidence=0.8, trigger=(0, 6), trigger_text=text[:6])
    return CodedDocument(document=d, mentions=[Mention(0, 6, text[:6], party(actors[0]), "name", 0)], events=[e])


def corpus() -> list[CodedDocument]:
    docs = [
        report(1, "2025-06-03", "AGREE", ("MLI", "RUS"), source="outlet-a"),
        report(2, "2025-06-03", "AGREE", ("RUS", "MLI"), source="outlet-b"),
        report(3, "2025-06-04", "AGREE", ("MLI", "RUS"), source="outlet-c"),
        report(4, "2025-06-05", "ACCUSE", ("RUS",), ("MLI",), evidentiality="claimed"),
        report(5, "2025-06-17", "CONSULT", ("MLI",), ("RUS",)),
        report(6, "2025-06-17", "CONSULT", ("MLI",), ("RUS",)),  # same outlet again: still one source
        report(7, "2025-07-01", "ASSAULT", ("wagner-group",), ("MLI",)),
        report(20, "2025-07-01", "ASSAULT", ("DZA",), ("MLI",)),
        report(21, "2025-07-02", "ACCUSE", ("MLI",), ("DZA",)),
        report(30, "2025-07-01", "CONSULT", ("MLI",), ("FRA",)),
        report(31, "2025-07-02", "AID", ("FRA",), ("MLI",)),
    ]
    for i, day in enumerate(("2025-06-03", "2025-06-10", "2025-06-17", "2025-06-24")):
        docs.append(report(10 + i, day, "AGREE", ("MLI", "DZA")))
        docs.append(report(40 + i, day, "CONSULT" if i % 2 == 0 else "AGREE", ("MLI", "FRA")))
    return docs


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    s = Store(str(tmp_path_factory.mktemp("rel") / "r.db"))
    for cd in corpus():
        s.add(cd)
    yield s
    s.close()


def test_cluster_weight_formula() -> None:
    assert cluster_weight({"a": ["asserted"]}) == 1.0
    assert cluster_weight({"a": ["asserted"], "b": ["claimed", "asserted"], "c": ["hedged", "asserted"]}) == 2.0
    assert cluster_weight({"a": ["claimed"]}) == pytest.approx(math.log2(1.75))
    assert cluster_weight({"a": ["asserted", "asserted", "asserted"]}) == 1.0  # one outlet is one witness


def test_dyad_series_exact_values(store: Store) -> None:
    s = dyad_series(store, "MLI", "RUS", by="week", until="2025-06-22")
    assert (s["a"]["name"], s["b"]["name"]) == ("Mali", "Russia")
    rows = [{k: v for k, v in r.items() if k != "clusters"} for r in s["periods"]]
    assert rows == [
        {"period": "2025-W23", "start": "2025-06-02", "end": "2025-06-08", "events": 2, "q1": 1, "q2": 0, "q3": 1,
         "q4": 0, "goldstein_sum": 6.0, "goldstein_mean": 3.0, "weight": 2.8074, "net": 14.3853, "index": 5.1241,
         "a_to_b": 0, "b_to_a": 1, "mutual": 1},
        {"period": "2025-W24", "start": "2025-06-09", "end": "2025-06-15", "events": 0, "q1": 0, "q2": 0, "q3": 0,
         "q4": 0, "goldstein_sum": 0, "goldstein_mean": None, "weight": 0, "net": 0, "index": None,
         "a_to_b": 0, "b_to_a": 0, "mutual": 0},
        {"period": "2025-W25", "start": "2025-06-16", "end": "2025-06-22", "events": 1, "q1": 1, "q2": 0, "q3": 0,
         "q4": 0, "goldstein_sum": 1.0, "goldstein_mean": 1.0, "weight": 1.0, "net": 1.0, "index": 1.0,
         "a_to_b": 1, "b_to_a": 0, "mutual": 0},
    ]
    assert [len(r["clusters"]) for r in s["periods"]] == [2, 0, 1]
    month = dyad_series(store, "MLI", "RUS", by="month")  # the country code counts the Wagner group (RUS)
    assert [(r["period"], r["events"], r["q4"]) for r in month["periods"]] == [("2025-06", 3, 0), ("2025-07", 1, 1)]


def test_dyad_by_kb_id_and_code(store: Store) -> None:
    s = dyad_series(store, "wagner-group", "MLI", by="week")
    assert [(r["period"], r["events"], r["a_to_b"], r["index"]) for r in s["periods"]] == [("2025-W27", 1, 1, -10.0)]
    assert dyad_series(store, "mli", "DZA", by="month", since="2025-07-01")["periods"][0]["events"] == 2
    assert dyad_series(store, "MLI", "NER", by="week")["periods"] == []


def test_alert_fires_on_a_break_and_is_explained(store: Store) -> None:
    found = alerts(store, by="week", window=4)
    assert [(a["dyad"], a["period"], a["direction"]) for a in found] == [("DZA–MLI", "2025-W27", "conflict")]
    [a] = found
    assert (a["index"], a["baseline_mean"], a["baseline_sd"], a["baseline_periods"], a["z"]) == (-6.0, 8.0, 0.0,
                                                                                                  4, -14.0)
    assert [(d["event"], d["contribution"]) for d in a["drivers"]] == [("ASSAULT", -9.0), ("ACCUSE", -5.0)]
    evidence = get_event(store, a["drivers"][0]["id"])  # what `marsad event ID` shows
    assert evidence is not None and evidence["members"][0]["text"].startswith("Report 20:")


def test_alert_does_not_fire_within_the_baseline_or_on_thin_periods(store: Store) -> None:
    found = alerts(store, by="week", window=4)
    assert not [a for a in found if "FRA" in a["dyad"]]  # index 4 against 1, 8, 1, 8: z = −0.14
    assert not [a for a in found if "RUS" in a["dyad"]]  # the Wagner assault is one event, too thin
    assert alerts(store, by="week", window=4, since="2025-07-07") == []
    assert alerts(store, by="week", window=4, min_baseline=5) == []  # four weeks of history are not five


def test_a_fall_with_no_conflict_event_is_less_cooperation_not_conflict(tmp_path: Path) -> None:
    # four weeks of agreements (Goldstein 8), then a week of meetings (1): the index falls by 7 with no
    # conflict in the week — an alert "conflict" would cite cooperative events as its evidence
    s = Store(str(tmp_path / "w.db"))
    try:
        for i, day in enumerate(("2025-06-02", "2025-06-09", "2025-06-16", "2025-06-23")):
            s.add(report(60 + i, day, "AGREE", ("MLI", "DZA")))
        s.add(report(70, "2025-06-30", "CONSULT", ("MLI",), ("DZA",), source="outlet-a"))
        s.add(report(71, "2025-07-01", "CONSULT", ("DZA",), ("MLI",), source="outlet-b"))
        assert alerts(s, by="week", window=4) == []
        [a] = alerts(s, by="week", window=4, within_side=True)
        assert (a["dyad"], a["direction"], a["z"]) == ("DZA–MLI", "less cooperation", -7.0)
        s.add(report(72, "2025-07-02", "ASSAULT", ("DZA",), ("MLI",), source="outlet-c"))
        [a] = alerts(s, by="week", window=4)  # with an attack in the week it is a shift toward conflict
        assert a["direction"] == "conflict"
    finally:
        s.close()


def test_network_nodes_and_edges(store: Store) -> None:
    g = network(store, level="country")
    assert sorted(g.nodes) == ["DZA", "FRA", "MLI", "RUS"]
    edges = {tuple(sorted(e)): d for *e, d in g.edges(data=True)}
    assert {k: d["events"] for k, d in edges.items()} == {("DZA", "MLI"): 6, ("FRA", "MLI"): 6, ("MLI", "RUS"): 4}
    assert edges[("DZA", "MLI")]["net"] == 20.0 and edges[("DZA", "MLI")]["q4"] == 1
    assert g.nodes["MLI"]["name"] == "Mali" and g.nodes["MLI"]["events"] == 16
    actor = network(store, level="actor")
    assert "wagner-group" in actor and actor.edges["MLI", "wagner-group"]["index"] == -10.0
    assert actor.edges["MLI", "RUS"]["events"] == 3
    assert "wagner-group" not in network(store, level="actor", min_events=2)
    assert sorted(network(store, since="2025-06-30").nodes) == ["DZA", "FRA", "MLI", "RUS"]
    assert network_data(g)["edges"][0]["source"] == "DZA"


def test_exports_and_pngs(store: Store, tmp_path: Path) -> None:
    g = network(store, level="actor")
    assert sorted(nx.read_graphml(write_network(g, tmp_path / "n.graphml")).nodes) == sorted(g.nodes)
    data = json.loads(write_network(g, tmp_path / "n.json").read_text("utf-8"))
    assert {n["id"] for n in data["nodes"]} == set(g.nodes) and data["level"] == "actor"
    pngs = [write_network(g, tmp_path / "n.png"), draw_network(g, tmp_path / "n_ar.png", labels="ar"),
            plot_dyad(dyad_series(store, "MLI", "DZA", by="week"), tmp_path / "d.png"),
            plot_dyad(dyad_series(store, "MLI", "wagner-group", by="week"), tmp_path / "d_ar.png", labels="ar")]
    for p in pngs:
        assert p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and p.stat().st_size > 5000


def test_cli(store: Store, tmp_path: Path) -> None:
    runner = CliRunner()
    db = store.url.removeprefix("sqlite:///")
    r = runner.invoke(app, ["dyad", "MLI", "RUS", "--until", "2025-06-22", "--format", "csv", "--db", db,
                            "--plot", str(tmp_path / "c.png")])
    assert r.exit_code == 0, r.output
    assert "2025-W23,2025-06-02,2" in r.stdout and (tmp_path / "c.png").stat().st_size > 0
    r = runner.invoke(app, ["alerts", "--by", "week", "--window", "4", "--format", "json", "--db", db])
    assert r.exit_code == 0 and json.loads(r.stdout.splitlines()[0])["dyad"] == "DZA–MLI"
    r = runner.invoke(app, ["network", "--min-events", "1", "--out", str(tmp_path / "g.graphml"), "--db", db])
    assert r.exit_code == 0 and (tmp_path / "g.graphml").exists()
    assert runner.invoke(app, ["dyad", "MLI", "RUS", "--by", "year", "--db", db]).exit_code == 2
    assert runner.invoke(app, ["dyad", "MLI", "RUS", "--since", "2025-13-01", "--db", db]).exit_code == 2
    assert runner.invoke(app, ["network", "--out", str(tmp_path / "g.svg"), "--db", db]).exit_code == 2


def test_dyad_chart_spans_the_data_not_a_stray_date(tmp_path: Path) -> None:
    """One MLI–FRA event misdated eight years early: the chart keeps the 2025 weeks and names the stray one."""
    from PIL import Image

    from marsad.relations.series import chart_window, dyad_window

    s = Store(str(tmp_path / "o.db"))
    with s:
        for cd in corpus():
            s.add(cd)
        s.add(report(90, "2017-03-07", "CONSULT", ("MLI",), ("FRA",)))
        series = dyad_series(s, "MLI", "FRA", by="week")
        assert len(series["periods"]) > 400  # the series itself keeps every week, as the API answers it
        win = dyad_window(series)
        drawn = series["periods"][win["start"]:win["end"] + 1]
        assert drawn[0]["period"] == "2025-W23" and drawn[-1]["period"] == "2025-W27"
        [stray] = win["outliers"]
        assert stray["period"] == "2017-W10" and stray["events"] == 1 and len(stray["clusters"]) == 1
        png = plot_dyad(series, tmp_path / "d.png")
        with Image.open(png) as img:
            assert img.width <= 12 * 110  # 5 weeks wide, not 430
        asked = dyad_series(s, "MLI", "FRA", by="week", since="2017-01-01")
        assert dyad_window(asked)["outliers"] == [] and dyad_window(asked)["end"] == len(asked["periods"]) - 1
    # a series whose events all lie together keeps its full span; two real busy seasons are both kept
    flat = [{"period": str(i), "events": 1 if i in (2, 3, 5) else 0, "clusters": []} for i in range(8)]
    assert chart_window(flat) == {"start": 0, "end": 7, "outliers": []}
    seasons = [{"period": str(i), "events": 2 if i < 6 or i > 40 else 0, "clusters": []} for i in range(46)]
    assert chart_window(seasons)["outliers"] == []
    assert chart_window([]) == {"start": 0, "end": 0, "outliers": []}


def test_network_drawing_keeps_names_apart_and_has_a_legend() -> None:
    """A crowded star of 30 nodes: no two names overlap, the busiest are named, node colours are explained."""
    from matplotlib.text import Annotation

    from marsad.relations.plot import network_figure

    g = nx.Graph(level="actor", since="", until="", min_events=1)
    g.add_node("hub", name="Hub Country", name_ar="", type="state", events=60)
    for i in range(29):
        g.add_node(f"n{i}", name=f"Named group number {i}", name_ar="", type="group" if i % 2 else "state",
                   events=30 - i)
        g.add_edge("hub", f"n{i}", events=30 - i, index=float(i % 7 - 3))
    fig = network_figure(g)
    renderer = fig.canvas.get_renderer()
    [ax] = [a for a in fig.axes if a.get_legend() is not None]
    names = [t for t in ax.texts if isinstance(t, Annotation)]
    boxes = [t.get_window_extent(renderer) for t in names]
    assert len(names) >= 8
    assert not [(a.get_text(), b.get_text()) for i, a in enumerate(names) for b in names[i + 1:]
                if a.get_window_extent(renderer).overlaps(b.get_window_extent(renderer))]
    assert {"Hub Country", "Named group number 0", "Named group number 1"} <= {t.get_text() for t in names}
    assert len(boxes) == len(names)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["state", "person, group or organisation"]


def test_write_network_top_bounds_the_drawing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``--top N`` reaches the drawing (only N nodes drawn), while GraphML keeps every node."""
    from marsad.relations import plot

    g = nx.Graph(level="country", since="", until="", min_events=1)
    for i in range(6):
        g.add_node(f"C{i}", name=f"Country {i}", name_ar="", type="state", events=10 - i)
    for i in range(1, 6):
        g.add_edge("C0", f"C{i}", events=3, index=1.0)
    seen: list[int] = []
    real = plot.network_figure
    monkeypatch.setattr(plot, "network_figure", lambda gg, labels, n: seen.append(n) or real(gg, labels, n))
    write_network(g, tmp_path / "g.png", top=3)
    assert seen == [3]
    write_network(g, tmp_path / "g.graphml", top=3)
    assert nx.read_graphml(tmp_path / "g.graphml").number_of_nodes() == 6


def _implied_store(tmp_path: Path) -> Store:
    """An armed group attacks unnamed people in Mali every other week: the coder gives the attack an implied
    recipient (the country of the place, ``how`` implied-place), which is not a party the text names."""
    s = Store(str(tmp_path / "implied.db"))
    victims = Actor("MLI", "Mali", "مالي", "MLI", "CVL", "state", how="implied-place")
    for i, day in enumerate(("2025-06-02", "2025-06-16", "2025-06-30", "2025-07-14")):
        cd = report(60 + i, day, "ASSAULT", ("wagner-group",), ("MLI",))
        e = cd.events[0]
        cd.events[0] = Event(**{**e.__dict__, "recipient": (victims,)})
        s.add(cd)
    return s


def test_relations_leave_out_parties_the_text_does_not_name(tmp_path: Path) -> None:
    with _implied_store(tmp_path) as s:
        assert network(s, level="country").number_of_edges() == 0
        assert sum(r["events"] for r in dyad_series(s, "wagner-group", "MLI", by="week")["periods"]) == 0
        g = network(s, level="country", implied=True)  # asked for: the implied dyad is there
        assert g.number_of_edges() == 1 and g.edges["MLI", "RUS"]["events"] == 4
        assert sum(r["events"] for r in dyad_series(s, "wagner-group", "MLI", by="week",
                                                    implied=True)["periods"]) == 4
        r = CliRunner().invoke(app, ["network", "--db", s.url, "--min-events", "1", "--with-implied"])
        assert r.exit_code == 0 and "MLI" in r.stdout
        r = CliRunner().invoke(app, ["network", "--db", s.url, "--min-events", "1"])
        assert r.exit_code == 0 and "MLI" not in r.stdout


def test_store_v1_migrates_how_from_the_payload(tmp_path: Path) -> None:
    import sqlite3

    _implied_store(tmp_path).close()
    raw = sqlite3.connect(tmp_path / "implied.db")
    raw.execute("ALTER TABLE event_actors DROP COLUMN how")  # the version 1 table
    for column in ("byline", "genre", "genre_cues"):  # … and articles before version 3
        raw.execute(f"ALTER TABLE articles DROP COLUMN {column}")
    raw.execute("UPDATE schema_version SET version = 1")
    raw.commit()
    raw.close()
    with Store(str(tmp_path / "implied.db")) as s:  # opening migrates to version 2
        assert network(s, level="country").number_of_edges() == 0
        assert network(s, level="country", implied=True).number_of_edges() == 1
    raw = sqlite3.connect(tmp_path / "implied.db")
    assert raw.execute("SELECT max(version) FROM schema_version").fetchone() == (SCHEMA_VERSION,)
    assert sorted(raw.execute("SELECT DISTINCT role, how FROM event_actors")) == [("actor", "kb"),
                                                                                   ("recipient", "implied-place")]
    raw.close()


def _genre_store(tmp_path: Path) -> Store:
    """Mali and Russia agree in a report every week; in the fifth week two columns have them at odds."""
    s = Store(str(tmp_path / "genre.db"))
    for i, day in enumerate(("2025-06-02", "2025-06-09", "2025-06-16", "2025-06-23", "2025-06-30")):
        s.add(report(70 + i, day, "AGREE", ("MLI", "RUS"), source=f"outlet-{i}"))
    for j, source in enumerate(("paper-x", "paper-y")):
        cd = report(80 + j, "2025-06-30", "ASSAULT", ("RUS",), ("MLI",), source=source)
        cd.document.genre, cd.document.genre_cues = "opinion", ("url section: opinion",)
        s.add(cd)
    return s


def test_relations_count_reports_only_unless_asked_for_opinion(tmp_path: Path) -> None:
    with _genre_store(tmp_path) as s:
        last = dyad_series(s, "MLI", "RUS", by="week")["periods"][-1]
        assert last["events"] == 1 and last["q4"] == 0  # the columns' "attack" is left out
        last = dyad_series(s, "MLI", "RUS", by="week", opinion=True)["periods"][-1]
        assert last["events"] == 2 and last["q4"] == 1  # the two columns tell one attack (one cluster)
        assert alerts(s, by="week", min_events=1) == []
        assert [a["direction"] for a in alerts(s, by="week", min_events=1, opinion=True)] == ["conflict"]
        assert network(s, level="country").edges["MLI", "RUS"]["events"] == 5
        assert network(s, level="country", opinion=True).edges["MLI", "RUS"]["events"] == 6
        r = CliRunner().invoke(app, ["alerts", "--db", s.url, "--by", "week", "--min-events", "1", "--with-opinion"])
        assert r.exit_code == 0 and "MLI" in r.stdout
        r = CliRunner().invoke(app, ["alerts", "--db", s.url, "--by", "week", "--min-events", "1"])
        assert r.exit_code == 0 and "MLI" not in r.stdout


def test_the_store_keeps_genre_and_byline_and_a_v2_store_reads_them_from_the_url(tmp_path: Path) -> None:
    import sqlite3

    from marsad.store.queries import get_article

    with _genre_store(tmp_path) as s:
        cd = report(90, "2025-07-07", "AGREE", ("MLI", "RUS"))
        cd.document.byline = "باماكو: فلان"
        stored = get_article(s, s.add(cd).article_id)
        assert stored is not None
        assert (stored["document"]["byline"], stored["document"]["genre"]) == ("باماكو: فلان", "report")
    raw = sqlite3.connect(tmp_path / "genre.db")
    for column in ("byline", "genre", "genre_cues"):
        raw.execute(f"ALTER TABLE articles DROP COLUMN {column}")
    raw.execute("UPDATE articles SET url = 'https://' || source || '.example/opinion/2025/slug' "
                "WHERE source LIKE 'paper-%'")
    raw.execute("UPDATE schema_version SET version = 2")
    raw.commit()
    raw.close()
    with Store(str(tmp_path / "genre.db")) as s:  # migrates to version 3, reading each genre from the URL
        series = dyad_series(s, "MLI", "RUS", by="week")["periods"]
        assert [p["q4"] for p in series] == [0, 0, 0, 0, 0, 0]  # the columns are left out again
    raw = sqlite3.connect(tmp_path / "genre.db")
    assert sorted(raw.execute("SELECT genre, count(*) FROM articles GROUP BY genre")) == [("opinion", 2),
                                                                                           ("report", 6)]
    raw.close()
