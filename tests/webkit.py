"""Shared builders for the web tests: a small store made by hand and a TestClient on an app over it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from marsad.store import Store
from marsad.web import Settings, create_app
from storekit import doc, ev, signing_reports

SCRIPT_TITLE = "<script>alert('title')</script>"
SCRIPT_TEXT = "Algeria accused Mali <script>alert('xss')</script> of <b>bold</b> lies & \"quotes\"."


def build_store(path: Path) -> str:
    """A SQLite store with the five signing reports and one article whose text and title hold markup."""
    db = str(path / "web.db")
    with Store(db) as s:
        for cd in signing_reports():
            s.add(cd)
        s.add(doc(SCRIPT_TEXT, ev("ACCUSE", ("DZA",), ("MLI",), day="2025-07-10"), source="outlet-x",
                  url="https://x.example/1", title=SCRIPT_TITLE))
    return db


def client(db: str, coder: Any, **settings: Any) -> TestClient:
    return TestClient(create_app(Settings(db=db, coder=coder, **settings)))


SCRIPT_ACTOR = "<script>alert('actor')</script>"


def build_relations_store(path: Path) -> str:
    """The store of :func:`build_store` plus a dyad that moves: Niger and a group whose name is markup.

    Niger consults, agrees with and aids the group on three days (a cooperative baseline), then on the fifth
    day assaults it in Kidal and accuses it: a conflict alert (z ≈ −3.7) with two drivers.
    """
    from dataclasses import replace

    from storekit import actor, doc, ev

    db = build_store(path)
    evil = replace(actor("evil-group"), name=SCRIPT_ACTOR, name_ar="<b>جماعة</b>", type="group")

    def rel(text: str, kind: str, day: str, place: str | None = None, n: int = 0) -> Any:
        cd = doc(text, ev(kind, ("NER",), ("evil-group",), day=day, place=place), published=day,
                 source=f"outlet-{n}", url=f"https://r.example/{n}")
        events = [replace(e, recipient=(evil,)) for e in cd.events]
        return replace(cd, events=events)

    with Store(db) as s:
        s.add(rel("Niger consulted the group.", "CONSULT", "2025-08-01", n=1))
        s.add(rel("Niger agreed with the group.", "AGREE", "2025-08-02", n=2))
        s.add(rel("Niger sent aid to the group.", "AID", "2025-08-03", n=3))
        s.add(rel("Niger attacked the group in Kidal.", "ASSAULT", "2025-08-05", "Kidal", n=4))
        s.add(rel("Niger accused the group of lying.", "ACCUSE", "2025-08-05", n=5))
    return db
