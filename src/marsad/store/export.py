"""Exports of clustered events: JSON Lines, CSV, Parquet, GDELT 2.0 event TSV and PLOVER JSON.

One cluster (one real-world event) is one exported record in every format.
The GDELT column mapping is documented in docs/STORE.md; keep the two in step.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import IO, Any

import pycountry

from marsad import __version__
from marsad.errors import ConfigError
from marsad.store.queries import iter_clusters
from marsad.store.writer import Store

FORMATS = ("jsonl", "csv", "parquet", "gdelt", "plover")

FLAT_COLUMNS = ("id", "event", "date", "date_last", "actor", "recipient", "dyad", "reciprocal", "cameo", "quad_class",
                "goldstein", "location_name", "location_country", "lat", "lon", "num_mentions", "num_sources",
                "num_articles", "confidence", "first_url")

GDELT_COLUMNS = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor{n}{f}" for n in (1, 2) for f in ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode",
                                                "Religion1Code", "Religion2Code", "Type1Code", "Type2Code",
                                                "Type3Code")),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale", "NumMentions",
    "NumSources", "NumArticles", "AvgTone",
    *(f"{g}_{f}" for g in ("Actor1Geo", "Actor2Geo", "ActionGeo")
      for f in ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")),
    "DATEADDED", "SOURCEURL",
)
assert len(GDELT_COLUMNS) == 61


@contextmanager
def _text_out(out: str) -> Iterator[IO[str]]:
    if out == "-":
        yield sys.stdout
        return
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8", newline="") as fh:
        yield fh


def representative(cluster: dict[str, Any]) -> dict[str, Any]:
    """The member that speaks for a cluster: the most confident, the earliest on a tie."""
    members = cluster["members"]
    return max(members, key=lambda m: (m["confidence"], -members.index(m)))


def _iso2(iso3: str | None) -> str:
    if not iso3:
        return ""
    c = pycountry.countries.get(alpha_3=iso3)
    return c.alpha_2 if c else ""


def _actor_fields(a: dict[str, Any] | None) -> list[str]:
    if a is None:
        return [""] * 10
    return [a.get("code") or a["id"], a["name"].upper(), a.get("country") or "",
            a["id"] if a.get("type") in ("organisation", "group") and not a.get("country") else "",
            "", "", "", a.get("sector") or "", "", ""]


def _fmt(x: float | None) -> str:
    return "" if x is None else f"{x:g}"


def gdelt_row(c: dict[str, Any]) -> list[str]:
    """One cluster as a GDELT 2.0 event row (61 fields; mapping in docs/STORE.md)."""
    rep = representative(c)
    actors, recipients = rep["actor"], rep["recipient"]
    a1 = actors[0] if actors else None
    a2 = recipients[0] if recipients else (actors[1] if c["reciprocal"] and len(actors) > 1 else None)
    day = date.fromisoformat(c["date"]) if c["date"] else None
    if c["lat"] is not None:
        geo_type = "4"
    elif c["location_country"]:
        geo_type = "1"
    else:
        geo_type = ""
    action_geo = [geo_type, c["location_name"] or "", _iso2(c["location_country"]), "", "", _fmt(c["lat"]),
                  _fmt(c["lon"]), ""] if geo_type else [""] * 8
    added = min(m["article"]["ingested_at"] for m in c["members"])
    cameo = c["cameo"]
    return [
        str(c["id"]),
        day.strftime("%Y%m%d") if day else "", day.strftime("%Y%m") if day else "", str(day.year) if day else "",
        f"{day.year + (day.timetuple().tm_yday - 1) / 365:.4f}" if day else "",
        *_actor_fields(a1), *_actor_fields(a2),
        "1" if any(m["sentence"] <= 1 for m in c["members"]) else "0",
        cameo, cameo[:3], cameo[:2], str(c["quad_class"]), _fmt(c["goldstein"]),
        str(c["num_mentions"]), str(c["num_sources"]), str(c["num_articles"]), "",
        *([""] * 8), *([""] * 8), *action_geo,
        added[:19].replace("-", "").replace("T", "").replace(":", ""),
        c["first_url"] or "",
    ]


def plover_record(c: dict[str, Any]) -> dict[str, Any]:
    """One cluster as a PLOVER JSON record (PLOVER field names; Marsad's extras after them)."""
    rep = representative(c)
    payload_ctx = rep.get("context") or []

    def actor(a: dict[str, Any]) -> dict[str, Any]:
        return {"actorText": a["name"], "code": a.get("code") or a["id"], "country": a.get("country"),
                "sector": a.get("sector"), "id": a["id"]}

    loc = rep["location"] or ({"name": c["location_name"], "country": c["location_country"], "lat": c["lat"],
                               "lon": c["lon"]} if c["location_name"] else None)
    rec: dict[str, Any] = {
        "id": f"marsad-{c['id']}",
        "date": c["date"],
        "event": c["event"],
        "mode": rep["mode"],
        "context": ",".join(payload_ctx),
        "actor": [actor(a) for a in rep["actor"]],
        "recipient": [actor(a) for a in rep["recipient"]],
        "eventText": rep["text"],
        "text": rep["text"],
        "language": rep["article"]["language"],
        "publication": sorted({m["article"]["source"] for m in c["members"]}),
        "coder": f"Marsad {__version__}",
        "version": "2.0",
        "dateCoded": date.today().isoformat(),
    }
    if loc:
        rec["eventLoc"] = {"placeName": loc["name"], "country": loc["country"], "lat": loc["lat"], "lon": loc["lon"]}
    rec.update({"cameo": c["cameo"], "quadClass": c["quad_class"], "goldstein": c["goldstein"],
                "numMentions": c["num_mentions"], "numSources": c["num_sources"], "numArticles": c["num_articles"],
                "confidence": c["confidence"], "urls": sorted({m["article"]["url"] for m in c["members"]
                                                               if m["article"]["url"]})})
    return rec


def _parquet(store: Store, out: str, filters: dict[str, Any]) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([
        ("id", pa.int64()), ("event", pa.string()), ("date", pa.string()), ("date_last", pa.string()),
        ("actor", pa.string()), ("recipient", pa.string()), ("dyad", pa.string()), ("reciprocal", pa.bool_()),
        ("cameo", pa.string()), ("quad_class", pa.int8()), ("goldstein", pa.float64()),
        ("location_name", pa.string()), ("location_country", pa.string()), ("lat", pa.float64()),
        ("lon", pa.float64()), ("num_mentions", pa.int32()), ("num_sources", pa.int32()),
        ("num_articles", pa.int32()), ("confidence", pa.float64()), ("first_url", pa.string()),
    ])
    rows = [{k: c[k] for k in FLAT_COLUMNS} for c in iter_clusters(store, **filters)]
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), out)
    return len(rows)


def export(store: Store, fmt: str, out: str, **filters: Any) -> int:
    """Write every cluster matching ``filters`` to ``out`` (``-``: stdout) in ``fmt``; return how many.

    Raises:
        ConfigError: unknown format, or parquet to stdout.
    """
    if fmt not in FORMATS:
        raise ConfigError(f"export format '{fmt}' is not one of {', '.join(FORMATS)}")
    if fmt == "parquet":
        if out == "-":
            raise ConfigError("parquet is binary: give a file name, not -")
        return _parquet(store, out, filters)
    n = 0
    with _text_out(out) as fh:
        if fmt == "csv":
            w = csv.writer(fh)
            w.writerow(FLAT_COLUMNS)
            for c in iter_clusters(store, **filters):
                w.writerow(["" if c[k] is None else c[k] for k in FLAT_COLUMNS])
                n += 1
        elif fmt == "gdelt":
            # GDELT files have no header; tabs and newlines never occur inside fields.
            for c in iter_clusters(store, with_members=True, **filters):
                fh.write("\t".join(v.replace("\t", " ").replace("\n", " ") for v in gdelt_row(c)) + "\n")
                n += 1
        elif fmt == "jsonl":
            for c in iter_clusters(store, with_members=True, **filters):
                fh.write(json.dumps(c, ensure_ascii=False) + "\n")
                n += 1
        else:  # plover: one JSON array, like PLOVER's own record files
            fh.write("[")
            for c in iter_clusters(store, with_members=True, **filters):
                fh.write(("\n" if n == 0 else ",\n") + json.dumps(plover_record(c), ensure_ascii=False))
                n += 1
            fh.write("\n]\n")
    return n
