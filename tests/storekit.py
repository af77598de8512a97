"""Builders for store tests: coded documents made by hand, so store tests do not depend on the coder's rules.

Why by hand: the store's job (idempotency, transactions, clustering, queries)
must be tested on inputs whose events are known exactly; the coder's output
changes whenever a lexicon does. End-to-end tests through the coder assert
only what no lexicon change can alter (counts of articles, failures, reruns).
"""

from __future__ import annotations

import hashlib
from typing import Any

from marsad.model import Actor, Attribution, CodedDocument, Document, Event, EventDate, Location, Mention

COUNTRIES = {"MLI": ("Mali", "مالي"), "RUS": ("Russia", "روسيا"), "DZA": ("Algeria", "الجزائر"),
             "FRA": ("France", "فرنسا"), "NER": ("Niger", "النيجر")}
PLACES = {"Moscow": Location("Moscow", "RUS", 55.752, 37.618), "Bamako": Location("Bamako", "MLI", 12.65, -8.0),
          "Sochi": Location("Sochi", "RUS", 43.6, 39.73), "Mali": Location("Mali", "MLI", None, None),
          "Kidal": Location("Kidal", "MLI", 18.44, 1.41)}
CAMEO = {"AGREE": ("057", 1, 8.0), "ACCUSE": ("112", 3, -2.0), "ASSAULT": ("190", 4, -10.0),
         "CONSULT": ("040", 1, 1.0), "AID": ("070", 2, 7.0)}


def actor(key: str, sector: str | None = None) -> Actor:
    if key in COUNTRIES:
        name, name_ar = COUNTRIES[key]
        return Actor(id=key, name=name, name_ar=name_ar, country=key, sector=sector, type="state")
    return Actor(id=key, name=key.replace("-", " ").title(), name_ar=None, country=None, sector=sector,
                 type="organisation")


def ev(kind: str = "AGREE", actors: tuple[str, ...] = ("MLI",), recipients: tuple[str, ...] = ("RUS",), *,
       reciprocal: bool = False, day: str | None = None, precision: str = "day", place: str | None = None,
       confidence: float = 0.8, negated: bool = False, future: bool = False, speaker: str | None = None,
       evidentiality: str = "asserted", cue: str | None = None, background: bool = False) -> dict[str, Any]:
    """A description of one event; :func:`doc` turns it into a model Event inside its text."""
    return {"kind": kind, "actors": actors, "recipients": recipients, "reciprocal": reciprocal, "day": day,
            "precision": precision if day else "unknown", "place": place, "confidence": confidence,
            "negated": negated, "future": future, "speaker": speaker, "evidentiality": evidentiality, "cue": cue,
            "background": background}


def doc(text: str, *events: dict[str, Any], published: str | None = "2025-06-24", source: str | None = "outlet-a",
        url: str | None = None, language: str = "en", title: str | None = None) -> CodedDocument:
    """A coded document whose events' evidence is ``text`` itself (span 0..len) — enough for the store."""
    doc_id = hashlib.sha256(" ".join(text.split()).encode()).hexdigest()[:16]
    d = Document(text=text, id=doc_id, language=language, published=published, title=title, source=source, url=url)
    mentions = [Mention(0, min(4, len(text)), text[:4], actor("MLI"), "name", 0)]
    out = []
    for i, e in enumerate(events):
        cameo, quad, gold = CAMEO[e["kind"]]
        eid = hashlib.sha256(f"{doc_id}|{i}|0|{len(text)}|{e['kind']}".encode()).hexdigest()[:16]
        out.append(Event(
            id=eid, sentence=i, start=0, end=len(text), text=text, event=e["kind"], mode=None, context=(),
            cameo=cameo, quad_class=quad, goldstein=gold,
            actor=tuple(actor(a) for a in e["actors"]), recipient=tuple(actor(r) for r in e["recipients"]),
            reciprocal=e["reciprocal"], location=PLACES.get(e["place"]) if e["place"] else None,
            date=EventDate(e["day"], e["precision"], None),
            attribution=Attribution(actor(e["speaker"]) if e["speaker"] else None, e["evidentiality"], e["cue"]),
            negated=e["negated"], future=e["future"], confidence=e["confidence"], trigger=(0, 4),
            trigger_text=text[:4], background=e.get("background", False)))
    return CodedDocument(document=d, mentions=mentions, events=out)


def signing_reports() -> list[CodedDocument]:
    """Five articles: three outlets tell one signing in Moscow, one tells an accusation, one a later signing."""
    return [
        doc("Mali and Russia signed an accord in Moscow.", ev(reciprocal=True, day="2025-06-23", place="Moscow"),
            source="outlet-a", url="https://a.example/1"),
        doc("Russia and Mali sign a deal in the Russian capital.",
            ev(actors=("RUS",), recipients=("MLI",), reciprocal=True, day="2025-06-23", place="Moscow",
               confidence=0.6), source="outlet-b", url="https://b.example/x"),
        doc("وقعت مالي وروسيا اتفاقا في موسكو.", ev(actors=("MLI", "RUS"), recipients=(), reciprocal=True,
                                                  place="Moscow", day=None), published="2025-06-24",
            source="outlet-c", url="https://c.example/ar/7", language="ar"),
        doc("Algeria accused Mali of violating its airspace.",
            ev("ACCUSE", ("DZA",), ("MLI",), day="2025-06-24", speaker="DZA", evidentiality="claimed", cue="accused"),
            source="outlet-a", url="https://a.example/2"),
        doc("Mali and Russia signed a second accord in Bamako a month later.",
            ev(reciprocal=True, day="2025-07-25", place="Bamako"), published="2025-07-25", source="outlet-b",
            url="https://b.example/y"),
    ]
