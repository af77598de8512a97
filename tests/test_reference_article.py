"""The reference article read the way a careful analyst reads it (issues 3 and 4, "Must show")."""

from __future__ import annotations

from typing import Any

import pytest

from marsad.pipeline import Coder

PUBLISHED = "2025-07-01"


@pytest.fixture(scope="module")
def coded(coder: Coder, demo_text: str) -> dict[str, Any]:
    return coder.code(demo_text, published=PUBLISHED).to_dict()


def _codes(actors: list[dict[str, Any]]) -> set[str]:
    return {a["country"] or a["id"] for a in actors}


def _find(coded: dict[str, Any], event: str, mode: str | None = ..., **want: Any) -> list[dict[str, Any]]:  # type: ignore[assignment]
    out = []
    for e in coded["events"]:
        if e["event"] != event or (mode is not ... and e["mode"] != mode):
            continue
        if "actor" in want and not want["actor"] <= _codes(e["actor"]):
            continue
        if "recipient" in want and not want["recipient"] <= _codes(e["recipient"]):
            continue
        out.append(e)
    return out


def _mention(coded: dict[str, Any], text: str) -> list[dict[str, Any]]:
    return [m for m in coded["mentions"] if m["text"] == text]


def test_validates_and_spans_index_the_text(coded: dict[str, Any], demo_text: str, validator: Any) -> None:
    validator.validate(coded)
    for m in coded["mentions"]:
        assert demo_text[m["span"][0]:m["span"][1]] == m["text"]
    for e in coded["events"]:
        assert demo_text[e["span"][0]:e["span"][1]] == e["text"]


def test_goita_full_and_bare_name_resolve_to_malis_government(coded: dict[str, Any]) -> None:
    for text in ("آسيمي غويتا", "غويتا"):
        ms = _mention(coded, text)
        assert ms, text
        assert all(m["entity"]["id"] == "assimi-goita" and m["entity"]["code"] == "MLIGOV" for m in ms)


def test_russian_president_is_putin_and_russias_government(coded: dict[str, Any]) -> None:
    (role,) = _mention(coded, "الرئيس الروسي")
    assert role["how"] == "role" and role["entity"]["id"] == "vladimir-putin" and role["entity"]["code"] == "RUSGOV"


def test_context_references(coded: dict[str, Any]) -> None:
    (his_country,) = _mention(coded, "بلاده")
    assert his_country["how"] == "pronoun" and his_country["entity"]["country"] == "MLI"
    (neighbour,) = _mention(coded, "الجارة الشمالية")
    assert neighbour["entity"]["country"] == "DZA"
    bamako = _mention(coded, "باماكو")
    assert bamako and all(m["how"] == "metonym" and m["entity"]["code"] == "MLIGOV" for m in bamako)


def test_misprinted_apposition_after_the_neighbour_is_not_followed(coded: dict[str, Any], demo_text: str) -> None:
    at = demo_text.index("الجارة الشمالية") + len("الجارة الشمالية")
    assert not [m for m in coded["mentions"] if at <= m["span"][0] <= at + 2 and m["text"] == "مالي"]


def test_armed_groups_and_alliance(coded: dict[str, Any]) -> None:
    corps = _mention(coded, "الفيلق الإفريقي")
    assert corps and all(m["entity"]["country"] == "RUS" and m["entity"]["sector"] == "MIL" for m in corps)
    wagner = _mention(coded, "مجموعة فاغنر")
    assert wagner and all(m["entity"]["country"] == "RUS" and m["entity"]["sector"] == "PMC" for m in wagner)
    assert any(m["entity"]["id"] == "aes" for m in coded["mentions"] if "تحالف الساحل" in m["text"])


def test_visit_meeting_and_signing(coded: dict[str, Any]) -> None:
    (visit,) = _find(coded, "CONSULT", "visit", actor={"MLI"}, recipient={"RUS"})
    assert visit["attribution"]["evidentiality"] == "asserted"
    assert visit["location"]["name"] == "Moscow"
    assert visit["date"]["value"] is None  # "عقب زيارة": before the report, day unknown
    (meeting,) = _find(coded, "CONSULT", None, actor={"MLI"}, recipient={"RUS"})
    assert "vladimir-putin" in {a["id"] for a in meeting["actor"] + meeting["recipient"]}
    (signing,) = _find(coded, "AGREE", "sign")
    assert _codes(signing["actor"] + signing["recipient"]) == {"MLI", "RUS"}
    assert {"military", "economic", "nuclear"} <= set(signing["context"])


def test_weapons_are_goitas_claim(coded: dict[str, Any]) -> None:
    (aid,) = _find(coded, "AID", actor={"RUS"}, recipient={"MLI"})
    assert aid["attribution"]["evidentiality"] == "claimed"
    assert aid["attribution"]["speaker"]["id"] == "assimi-goita"


def test_messages_to_algeria_are_observers_speculation(coded: dict[str, Any]) -> None:
    (threat,) = _find(coded, "THREATEN", recipient={"DZA"})
    assert threat["attribution"]["evidentiality"] == "speculated"
    assert threat["attribution"]["speaker"] is None
    assert _codes(threat["actor"]) == {"MLI"}


def test_worsening_relations_with_algeria(coded: dict[str, Any]) -> None:
    worse = [e for e in coded["events"]
             if e["quad_class"] >= 3 and _codes(e["actor"] + e["recipient"]) == {"MLI", "DZA"}]
    assert worse
    assert all(e["attribution"]["evidentiality"] == "asserted" for e in worse if e["event"] != "THREATEN")


def test_putin_intends_to_grow_trade(coded: dict[str, Any]) -> None:
    intents = [e for e in _find(coded, "COOPERATE") if e["future"]
               and e["attribution"]["speaker"] and e["attribution"]["speaker"]["id"] == "vladimir-putin"]
    assert intents and _codes(intents[0]["actor"] + intents[0]["recipient"]) == {"MLI", "RUS"}


def test_wagner_withdrawal_is_in_the_past(coded: dict[str, Any]) -> None:
    (out,) = _find(coded, "RETREAT", "withdraw")
    assert out["actor"][0]["id"] == "wagner-group"
    assert out["date"]["value"] is None or out["date"]["value"] < PUBLISHED
    assert not out["future"]


def test_each_event_once_and_no_self_directed_mali(coded: dict[str, Any]) -> None:
    keys = [(e["event"], e["mode"], e["future"], frozenset(_codes(e["actor"])), frozenset(_codes(e["recipient"])))
            for e in coded["events"]]
    assert len(keys) == len(set(keys))
    for e in coded["events"]:
        assert not (_codes(e["actor"]) == {"MLI"} and _codes(e["recipient"]) == {"MLI"})


def test_closing_summary_adds_nothing(coded: dict[str, Any], demo_text: str) -> None:
    summary_start = demo_text.index("في المحصلة")
    assert not [e for e in coded["events"] if e["span"][0] >= summary_start]
