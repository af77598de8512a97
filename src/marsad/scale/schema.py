"""The Parquet tables ``marsad batch`` writes (documents, mentions, events), and the way back to coded documents.

The columns are documented in docs/SCALE.md. Every table carries ``partition`` and ``doc_index`` (the
document's place in its partition: the join key) and ``doc_id`` and ``url`` (an article's identity, as in the
store). Events are flattened: actor and recipient ids, codes,
names and countries are list columns, and ``payload`` keeps the event's JSON exactly as coded, so
``marsad load`` rebuilds the very :class:`~marsad.model.Event` the coder produced.
"""

from __future__ import annotations

import json
from typing import Any

import pyarrow as pa

from marsad import __version__
from marsad.model import Actor, Attribution, CodedDocument, Document, Event, EventDate, Location, Mention

_STR = pa.string()
_LIST = pa.list_(pa.string())

DOCUMENTS = pa.schema([
    ("partition", pa.int32()), ("doc_index", pa.int32()), ("doc_id", _STR), ("url", _STR), ("origin", _STR),
    ("title", _STR),
    ("language", _STR), ("published", _STR), ("source", _STR), ("mixed_language", pa.bool_()),
    ("sentences", pa.int32()), ("mentions", pa.int32()), ("events", pa.int32()), ("coder_version", _STR),
    ("text", _STR), ("byline", _STR), ("genre", _STR), ("genre_cues", _LIST),
])

MENTIONS = pa.schema([
    ("partition", pa.int32()), ("doc_index", pa.int32()), ("doc_id", _STR), ("url", _STR), ("index", pa.int32()),
    ("sentence", pa.int32()),
    ("start", pa.int32()), ("end", pa.int32()), ("text", _STR), ("how", _STR), ("entity_id", _STR),
    ("entity_name", _STR), ("entity_name_ar", _STR), ("country", _STR), ("sector", _STR), ("code", _STR),
    ("entity_type", _STR),
])

EVENTS = pa.schema([
    ("partition", pa.int32()), ("doc_index", pa.int32()), ("doc_id", _STR), ("url", _STR), ("published", _STR),
    ("event_id", _STR),
    ("sentence", pa.int32()), ("start", pa.int32()), ("end", pa.int32()), ("text", _STR), ("event", _STR),
    ("mode", _STR), ("context", _LIST), ("cameo", _STR), ("quad_class", pa.int8()), ("goldstein", pa.float64()),
    ("reciprocal", pa.bool_()),
    ("actor_ids", _LIST), ("actor_codes", _LIST), ("actor_names", _LIST), ("actor_countries", _LIST),
    ("recipient_ids", _LIST), ("recipient_codes", _LIST), ("recipient_names", _LIST),
    ("recipient_countries", _LIST),
    ("location_name", _STR), ("location_country", _STR), ("lat", pa.float64()), ("lon", pa.float64()),
    ("date_value", _STR), ("date_precision", _STR), ("date_text", _STR),
    ("speaker_id", _STR), ("speaker_name", _STR), ("evidentiality", _STR), ("cue", _STR),
    ("negated", pa.bool_()), ("future", pa.bool_()), ("background", pa.bool_()), ("confidence", pa.float64()),
    ("trigger_start", pa.int32()), ("trigger_end", pa.int32()), ("trigger_text", _STR), ("payload", _STR),
])

TABLES: dict[str, pa.Schema] = {"documents": DOCUMENTS, "mentions": MENTIONS, "events": EVENTS}


def document_row(partition: int, index: int, cd: CodedDocument, origin: str) -> dict[str, Any]:
    d = cd.document
    return {"partition": partition, "doc_index": index, "doc_id": d.id, "url": d.url, "origin": origin,
            "title": d.title,
            "language": d.language, "published": d.published, "source": d.source,
            "mixed_language": d.mixed_language, "sentences": len(d.sentences), "mentions": len(cd.mentions),
            "events": len(cd.events), "coder_version": __version__, "text": d.text, "byline": d.byline,
            "genre": d.genre, "genre_cues": list(d.genre_cues)}


def mention_rows(partition: int, index: int, cd: CodedDocument) -> list[dict[str, Any]]:
    d = cd.document
    return [{"partition": partition, "doc_index": index, "doc_id": d.id, "url": d.url, "index": i,
             "sentence": m.sentence,
             "start": m.start, "end": m.end, "text": m.text, "how": m.how, "entity_id": m.entity.id,
             "entity_name": m.entity.name, "entity_name_ar": m.entity.name_ar, "country": m.entity.country,
             "sector": m.entity.sector, "code": m.entity.code or None, "entity_type": m.entity.type}
            for i, m in enumerate(cd.mentions)]


def event_rows(partition: int, index: int, cd: CodedDocument) -> list[dict[str, Any]]:
    d = cd.document
    rows = []
    for e in cd.events:
        loc, att = e.location, e.attribution
        rows.append({
            "partition": partition, "doc_index": index, "doc_id": d.id, "url": d.url, "published": d.published,
            "event_id": e.id,
            "sentence": e.sentence, "start": e.start, "end": e.end, "text": e.text, "event": e.event,
            "mode": e.mode, "context": list(e.context), "cameo": e.cameo, "quad_class": e.quad_class,
            "goldstein": e.goldstein, "reciprocal": e.reciprocal,
            "actor_ids": [a.id for a in e.actor], "actor_codes": [a.code for a in e.actor],
            "actor_names": [a.name for a in e.actor], "actor_countries": [a.country or "" for a in e.actor],
            "recipient_ids": [a.id for a in e.recipient], "recipient_codes": [a.code for a in e.recipient],
            "recipient_names": [a.name for a in e.recipient],
            "recipient_countries": [a.country or "" for a in e.recipient],
            "location_name": loc.name if loc else None, "location_country": loc.country if loc else None,
            "lat": loc.lat if loc else None, "lon": loc.lon if loc else None,
            "date_value": e.date.value, "date_precision": e.date.precision, "date_text": e.date.text,
            "speaker_id": att.speaker.id if att.speaker else None,
            "speaker_name": att.speaker.name if att.speaker else None,
            "evidentiality": att.evidentiality, "cue": att.cue, "negated": e.negated, "future": e.future,
            "background": e.background, "confidence": e.confidence, "trigger_start": e.trigger[0],
            "trigger_end": e.trigger[1], "trigger_text": e.trigger_text,
            "payload": json.dumps(e.to_dict(), ensure_ascii=False, sort_keys=True)})
    return rows


def to_table(name: str, rows: list[dict[str, Any]]) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=TABLES[name])


# --- back to the model (for ``marsad load``) -------------------------------------------------------------------

def actor_from_dict(d: dict[str, Any]) -> Actor:
    return Actor(id=d["id"], name=d["name"], name_ar=d.get("name_ar"), country=d.get("country"),
                 sector=d.get("sector"), type=d["type"], how=d.get("how"))


def event_from_dict(d: dict[str, Any]) -> Event:
    """The inverse of :meth:`Event.to_dict`."""
    loc = d.get("location")
    att = d["attribution"]
    return Event(
        id=d["id"], sentence=d["sentence"], start=d["span"][0], end=d["span"][1], text=d["text"], event=d["event"],
        mode=d.get("mode"), context=tuple(d.get("context") or ()), cameo=d["cameo"], quad_class=d["quad_class"],
        goldstein=d["goldstein"], actor=tuple(actor_from_dict(a) for a in d["actor"]),
        recipient=tuple(actor_from_dict(a) for a in d["recipient"]), reciprocal=d["reciprocal"],
        location=Location(loc["name"], loc.get("country"), loc.get("lat"), loc.get("lon")) if loc else None,
        date=EventDate(d["date"]["value"], d["date"]["precision"], d["date"]["text"]),
        attribution=Attribution(actor_from_dict(att["speaker"]) if att.get("speaker") else None,
                                att["evidentiality"], att.get("cue")),
        negated=d["negated"], future=d["future"], confidence=d["confidence"],
        trigger=(d["trigger"]["span"][0], d["trigger"]["span"][1]), trigger_text=d["trigger"]["text"],
        background=d.get("background", False))


def coded_documents(docs: pa.Table, ments: pa.Table, evs: pa.Table) -> list[tuple[CodedDocument, str]]:
    """One partition's three tables → its coded documents (without sentences) and their origins, in order."""
    by_doc_m: dict[int, list[Mention]] = {}
    for m in ments.to_pylist():
        ent = Actor(id=m["entity_id"], name=m["entity_name"], name_ar=m["entity_name_ar"], country=m["country"],
                    sector=m["sector"], type=m["entity_type"])
        by_doc_m.setdefault(m["doc_index"], []).append(
            Mention(start=m["start"], end=m["end"], text=m["text"], entity=ent, how=m["how"], sentence=m["sentence"]))
    by_doc_e: dict[int, list[Event]] = {}
    for e in evs.select(["doc_index", "payload"]).to_pylist():
        by_doc_e.setdefault(e["doc_index"], []).append(event_from_dict(json.loads(e["payload"])))
    out = []
    for d in docs.to_pylist():
        k = d["doc_index"]
        doc = Document(text=d["text"], id=d["doc_id"], language=d["language"], published=d["published"],
                       title=d["title"], source=d["source"], url=d["url"], mixed_language=d["mixed_language"],
                       byline=d.get("byline"), genre=d.get("genre") or "report",
                       genre_cues=tuple(d.get("genre_cues") or ()))
        out.append((CodedDocument(doc, by_doc_m.pop(k, []), by_doc_e.pop(k, [])), d["origin"]))
    return out
