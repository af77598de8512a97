"""Which stored events tell the same real-world event: the clustering rule.

An event joins a cluster when all of these hold (docs/STORE.md states the same
rule for users; keep the two in step):

1. **Clusterable**: the event is not negated, not future/intended and not
   background (told to date something else: بعد اغتيال، in the wake of the
   deal — it happened, but on a day the article does not give, so dating it to
   the article would put an old event in the relations of the week), and has
   at least one party (actor or recipient). Other events are stored but belong
   to no cluster — nothing happened that other articles could also report.
2. **Same PLOVER type** (``AGREE`` only joins ``AGREE``).
3. **Same dyad**: each party is reduced to its country (ISO3), or to its KB id
   when it has no country (an IGO, an armed group). Directed events compare
   ``actors → recipients``; a reciprocal event ("Mali and Russia signed",
   "Mali signed with Russia") compares the unordered set of all its parties.
   At least one party must be *anchored* — it has a country, or is a state,
   a person, a named group, or an IGO/NGO. An event whose parties are all
   generic role nouns the coder could not tie to a country ("soldiers",
   "the president", "the government") opens a cluster of its own: "soldiers
   attacked" in two articles is no evidence of one event.
4. **Close dates**: the event's date is its own day when the coder resolved
   one to the day, else the article's publication date. It must lie within
   ±``WINDOW_DAYS`` of the cluster's anchor date (the date of the event that
   opened the cluster; the anchor never moves, so a cluster cannot drift
   through a month of daily incidents). Events with no date at all open a
   cluster of their own.
5. **Compatible places**: if both the event and the cluster have a location,
   their countries must agree, and when both have coordinates they must be
   within ``PLACE_KM`` km. A country-level place is compatible with any place
   in that country; a missing place is compatible with anything.
6. **Similar text across languages**: if no member of the cluster is in the
   event's language (the article's), the event's evidence sentence and the
   cluster's first member's must have a cosine of at least
   ``similarity.THRESHOLD`` (0.55) under the multilingual sentence encoder
   (:mod:`marsad.store.similarity`). A cluster with a member in the event's
   language is judged by rules 1–5 alone, as before. Without the encoder
   (not importable), rule 6 is skipped and said once on stderr.

Among several matching clusters the one whose anchor is closest in time wins,
then the larger, then the older (lowest id): assignment is deterministic for a
given ingest order. Clusters are never merged or split after the fact.

Confidence grows with independent sources: each source contributes the best
confidence of its mentions, and sources combine as independent witnesses,
``1 − Π(1 − c_source)``. Ten mentions from one outlet count as one witness.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

WINDOW_DAYS = 3
PLACE_KM = 100.0
_EARTH_KM = 6371.0


def party_key(actor: Mapping[str, Any]) -> str:
    """A party as clustering sees it: its country, else its KB id."""
    return str(actor.get("country") or actor["id"])


def dyad_key(actors: Iterable[Mapping[str, Any]], recipients: Iterable[Mapping[str, Any]],
             reciprocal: bool) -> str | None:
    """The dyad of an event as a string key, or None when it has no party at all.

    Directed: ``"MLI>RUS"`` (sorted parties joined by ``+`` on each side).
    Reciprocal: ``"~MLI+RUS"`` (all parties, unordered).
    """
    a = sorted({party_key(x) for x in actors})
    r = sorted({party_key(x) for x in recipients})
    if not a and not r:
        return None
    if reciprocal:
        return "~" + "+".join(sorted(set(a) | set(r)))
    return "+".join(a) + ">" + "+".join(r)


ANCHOR_TYPES = frozenset({"state", "person", "group"})
ANCHOR_SECTORS = frozenset({"IGO", "NGO"})


def is_anchored(actor: Mapping[str, Any]) -> bool:
    """Whether a party names someone specific enough to match across articles (see rule 3)."""
    return bool(actor.get("country")) or actor.get("type") in ANCHOR_TYPES or actor.get("sector") in ANCHOR_SECTORS


def clustering_date(date_value: str | None, precision: str, published: str | None) -> str | None:
    """The day an event is placed on for clustering: its own day, else the publication date."""
    if date_value and precision == "day" and len(date_value) == 10:
        return date_value
    return published


def date_bounds(day: str) -> tuple[str, str]:
    """The ISO dates ±WINDOW_DAYS around ``day`` (text compares as dates in ISO form)."""
    d = date.fromisoformat(day)
    w = timedelta(days=WINDOW_DAYS)
    return (d - w).isoformat(), (d + w).isoformat()


def day_distance(a: str, b: str) -> int:
    return abs((date.fromisoformat(a) - date.fromisoformat(b)).days)


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * _EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


def places_compatible(a: Mapping[str, Any] | None, b: Mapping[str, Any] | None) -> bool:
    """Whether two places (``name``, ``country``, ``lat``, ``lon``; either may be None) can be one place."""
    if not a or not b or not (a.get("name") or a.get("country")) or not (b.get("name") or b.get("country")):
        return True
    if a.get("country") and b.get("country") and a["country"] != b["country"]:
        return False
    if None not in (a.get("lat"), a.get("lon"), b.get("lat"), b.get("lon")):
        return _km(a["lat"], a["lon"], b["lat"], b["lon"]) <= PLACE_KM
    return True


def combined_confidence(by_source: Mapping[str, float]) -> float:
    """``1 − Π(1 − c)`` over sources, each source's ``c`` being its best mention's confidence."""
    miss = 1.0
    for c in by_source.values():
        miss *= 1.0 - min(max(c, 0.0), 1.0)
    return round(1.0 - miss, 6)
