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
