"""Dyad series: how two actors treat each other, period by period, and the weights every relation view shares.

A *cluster* (one real-world event, docs/STORE.md) is the unit: ten articles about one signing count once. Each
cluster weighs by how many independent sources tell it and how firmly (docs/RELATIONS.md):

    w = log2(1 + Σ_s e_s)      e_s = the firmest evidentiality weight among source s's member events

with :data:`EVIDENTIALITY_WEIGHT` (asserted 1, claimed 0.75, hedged 0.5, speculated and denied 0.25). One
source asserting an event gives w = 1, three asserting sources w = 2, one source reporting a claim w ≈ 0.81.
A period's **index** is the weighted mean Goldstein value of its clusters, ``Σ w·g / Σ w`` (−10 … +10); its
**net** is ``Σ w·g`` (the same pull, scaled by volume).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

from marsad.errors import InputError
from marsad.store import Store
from marsad.store.clustering import is_anchored
from marsad.store.queries import relation_clusters

EVIDENTIALITY_WEIGHT: dict[str, float] = {
    "asserted": 1.0, "claimed": 0.75, "hedged": 0.5, "speculated": 0.25, "denied": 0.25,
}
PERIODS = ("day", "week", "month")
LEVELS = ("country", "actor")
COOPERATION = (1, 2)  # verbal and material cooperation quad classes; 3 and 4 are conflict
_ROLE_ID = re.compile(r"^[A-Z]{3}-")  # a role noun tied to a state, e.g. "USA-government" (kb/base.py)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def check_date(value: str | None, name: str) -> str | None:
    """``value`` if it is a real day YYYY-MM-DD (or None).

    Raises:
        InputError: it is not.
    """
    if value is None:
        return None
    try:
        if not _DATE.match(value):
            raise ValueError
        date.fromisoformat(value)
    except ValueError:
        raise InputError(f"{name} must be a date YYYY-MM-DD, not '{value}'", "date") from None
    return value


def cluster_weight(sources: Mapping[str, Iterable[str]]) -> float:
    """A cluster's weight from its sources' evidentialities: ``log2(1 + Σ_s max e)`` (module docstring)."""
    total = sum(max(EVIDENTIALITY_WEIGHT.get(e, 0.25) for e in evs) for evs in sources.values() if evs)
    return math.log2(1.0 + total)


def evidentiality_summary(sources: Mapping[str, Iterable[str]]) -> str:
    """The firmest evidentiality of each source, counted: ``asserted×2, claimed×1``."""
    best = [max(evs, key=lambda e: EVIDENTIALITY_WEIGHT.get(e, 0.25)) for evs in sources.values() if evs]
    counts = {e: best.count(e) for e in EVIDENTIALITY_WEIGHT if e in best}
    return ", ".join(f"{e}×{n}" for e, n in counts.items())


def party_matches(party: Mapping[str, Any], query: str) -> bool:
    """Whether a party is ``query``: its KB id (any case), its ISO3 country or its CAMEO code."""
    q = query.strip()
    return (str(party["actor_id"]).lower() == q.lower() or party.get("country") == q.upper()
            or party.get("code") == q.upper())


def node_key(party: Mapping[str, Any], level: str) -> str | None:
    """The network node a party belongs to, or None when it names nobody in particular.

    ``country``: its country, else its KB id (an IGO, a countryless group). ``actor``: persons, groups and
    organisations with their own KB entry stay apart (Wagner is not Russia, Putin is not Russia); a state and
    the role nouns of a state ("the US government", "USA-government") are the state.
    Unanchored role nouns ("soldiers", "the government") belong to no node at either level.
    """
    if not is_anchored(party):
        return None
    if level == "country":
        return str(party.get("country") or party["actor_id"])
    if party["type"] == "state" or (party.get("country") and _ROLE_ID.match(str(party["actor_id"]))):
        return str(party["country"])
    return str(party["actor_id"])


def pairs(cluster: Mapping[str, Any], level: str) -> set[tuple[str, str]]:
    """The unordered node pairs a cluster relates: actor × recipient, or every two parties if reciprocal."""
    actors = {k for p in cluster["parties"] if p["role"] == "actor" and (k := node_key(p, level))}
    recipients = {k for p in cluster["parties"] if p["role"] == "recipient" and (k := node_key(p, level))}
    if cluster["reciprocal"]:
        nodes = sorted(actors | recipients)
        return {(x, y) for i, x in enumerate(nodes) for y in nodes[i + 1:]}
    return {(min(a, r), max(a, r)) for a in actors for r in recipients if a != r}


def direction(cluster: Mapping[str, Any], a: str, b: str) -> str | None:
    """``a>b``, ``b>a`` or ``mutual`` when the cluster relates the parties matching ``a`` and ``b``, else None.

    Two different parties are needed (one matching each); directed events need them on opposite sides.
    """
    parties = cluster["parties"]
    side_a = [p for p in parties if party_matches(p, a)]
    side_b = [p for p in parties if party_matches(p, b)]
    if not any(p["actor_id"] != q["actor_id"] for p in side_a for q in side_b):
        return None
    if cluster["reciprocal"]:
        return "mutual"
    if any(p["role"] == "actor" for p in side_a) and any(q["role"] == "recipient" for q in side_b):
        return "a>b"
    if any(p["role"] == "actor" for p in side_b) and any(q["role"] == "recipient" for q in side_a):
        return "b>a"
    return None


def period_of(day: str, by: str) -> str:
    """The period holding ``day``: the day itself, the Monday starting its ISO week, or its month's first day."""
    d = date.fromisoformat(day)
    if by == "week":
        d -= timedelta(days=d.weekday())
    elif by == "month":
        d = d.replace(day=1)
    return d.isoformat()


def next_period(start: str, by: str) -> str:
    d = date.fromisoformat(start)
    if by == "day":
        return (d + timedelta(days=1)).isoformat()
    if by == "week":
        return (d + timedelta(days=7)).isoformat()
    return (d.replace(year=d.year + 1, month=1) if d.month == 12 else d.replace(month=d.month + 1)).isoformat()


def period_label(start: str, by: str) -> str:
    """``2015-07-21`` (day), ``2015-W30`` (ISO week), ``2015-07`` (month)."""
    if by == "week":
        y, w, _ = date.fromisoformat(start).isocalendar()
        return f"{y}-W{w:02d}"
    return start[:7] if by == "month" else start


def period_range(first: str, last: str, by: str) -> list[str]:
    """Every period start from the period of ``first`` to that of ``last``, gaps included."""
    out, p, end = [], period_of(first, by), period_of(last, by)
    while p <= end:
        out.append(p)
        p = next_period(p, by)
    return out


def summarise(members: list[Mapping[str, Any]]) -> dict[str, Any]:
    """Counts per quad class, Goldstein sum and mean, weight, net and index of a period's clusters."""
    weight = sum(m["weight"] for m in members)
    net = sum(m["weight"] * m["goldstein"] for m in members)
    gsum = sum(m["goldstein"] for m in members)
    return {
        "events": len(members),
        **{f"q{k}": sum(1 for m in members if m["quad_class"] == k) for k in (1, 2, 3, 4)},
        "goldstein_sum": round(gsum, 4),
        "goldstein_mean": round(gsum / len(members), 4) if members else None,
        "weight": round(weight, 4),
        "net": round(net, 4),
        "index": round(net / weight, 4) if weight else None,
    }


def weighted(cluster: Mapping[str, Any]) -> dict[str, Any]:
    """The fields of a cluster the relation views show, with its weight (unrounded: sums are rounded once)."""
    return {"id": cluster["id"], "date": cluster["date"], "event": cluster["event"], "cameo": cluster["cameo"],
            "quad_class": cluster["quad_class"], "goldstein": cluster["goldstein"],
            "actor": cluster["actor"], "recipient": cluster["recipient"], "num_sources": cluster["num_sources"],
            "num_articles": cluster["num_articles"], "evidentiality": evidentiality_summary(cluster["sources"]),
            "weight": cluster_weight(cluster["sources"])}


def describe_party(clusters: list[Mapping[str, Any]], query: str) -> dict[str, Any]:
    """How the series names ``query``: the name of a matching party (its state when one is a state)."""
    found = [p for c in clusters for p in c["parties"] if party_matches(p, query)]
    best = next((p for p in found if p["type"] == "state"), None) or next(
        (p for p in found if p["actor_id"].lower() == query.strip().lower()), None) or (found[0] if found else None)
    if best is None:
        return {"query": query, "name": query, "name_ar": None}
    return {"query": query, "name": best["name"], "name_ar": best["name_ar"]}


def dyad_series(store: Store, a: str, b: str, by: str = "week", since: str | None = None,
                until: str | None = None, implied: bool = False, opinion: bool = False) -> dict[str, Any]:
    """The cooperation–conflict series of the dyad ``a``–``b`` (either direction), one row per period.

    Args:
        store: the event store.
        a, b: each a country code (``MLI``), a CAMEO actor code (``MLIGOV``) or a KB id (``wagner-group``).
        by: ``day``, ``week`` (ISO weeks, Monday first) or ``month``.
        since, until: first and last day (YYYY-MM-DD, inclusive) of the clusters' first dates; periods run
            from ``since`` (else the first event) to ``until`` (else the last), empty periods included.
        implied: count parties the text does not name (:func:`marsad.store.queries.relation_clusters`).
        opinion: count opinion pieces and interviews too (:func:`marsad.store.queries.relation_clusters`).

    Returns:
        ``{"a", "b", "by", "since", "until", "periods"}``; ``a``/``b`` are ``{query, name, name_ar}``; each
        period is ``{period, start, end, events, q1…q4, goldstein_sum, goldstein_mean, weight, net, index,
        a_to_b, b_to_a, mutual, clusters}`` (``clusters``: the ids, for ``marsad event ID``).

    Raises:
        InputError: ``by`` or a date is invalid, or ``a`` and ``b`` are the same.
    """
    if by not in PERIODS:
        raise InputError(f"by must be one of {', '.join(PERIODS)}, not '{by}'", "usage")
    check_date(since, "since")
    check_date(until, "until")
    if a.strip().lower() == b.strip().lower():
        raise InputError(f"a dyad needs two different actors, got '{a}' twice", "usage")
    all_clusters = relation_clusters(store, since, until, implied, opinion)
    matched = [(c, d) for c in all_clusters if (d := direction(c, a, b))]
    days = [c["date"] for c, _ in matched]
    first = since or (min(days) if days else None)
    last = until or (max(days) if days else None)
    buckets: dict[str, list[tuple[dict[str, Any], str]]] = {}
    for c, d in matched:
        buckets.setdefault(period_of(c["date"], by), []).append((weighted(c), d))
    rows = []
    for start in (period_range(first, last, by) if first and last and first <= last else []):
        members = buckets.get(start, [])
        end = (date.fromisoformat(next_period(start, by)) - timedelta(days=1)).isoformat()
        rows.append({"period": period_label(start, by), "start": start, "end": end,
                     **summarise([m for m, _ in members]),
                     "a_to_b": sum(1 for _, d in members if d == "a>b"),
                     "b_to_a": sum(1 for _, d in members if d == "b>a"),
                     "mutual": sum(1 for _, d in members if d == "mutual"),
                     "clusters": [m["id"] for m, _ in members]})
    named = [c for c, _ in matched] or all_clusters
    return {"a": describe_party(named, a), "b": describe_party(named, b), "by": by, "since": since,
            "until": until, "periods": rows}


MIN_FENCE = 8  # periods: a chart never leaves out events closer than this to the bulk of the series


def chart_window(periods: list[Mapping[str, Any]]) -> dict[str, Any]:
    """The periods a chart of a dyad series should span: the data's dates, not a stray misdated event's.

    One event dated years away from the rest (a wrong year in an article, a date read from a citation) would
    stretch the x-axis over hundreds of empty periods and squeeze the real series into a few pixels. The window
    keeps every event within a fence around the middle half of the events — from the first quartile's period
    minus ``max(3 × IQR, MIN_FENCE)`` to the third quartile's plus the same (IQR: their distance, counted in
    periods, each event once) — trimmed to the first and last period with events inside it; events beyond the
    fence are *outliers*, named so that a chart can say what it leaves out. Series whose events all lie inside
    (the usual case) keep their full span.

    Returns:
        ``{"start": index of the first period to draw, "end": index of the last (inclusive), "outliers": [{period,
        events, clusters}, …]}``; for a series without events, the whole series and no outliers.
    """
    marks = [i for i, p in enumerate(periods) for _ in range(int(p["events"]))]
    if not marks:
        return {"start": 0, "end": max(0, len(periods) - 1), "outliers": []}
    q1, q3 = (marks[round(q * (len(marks) - 1))] for q in (0.25, 0.75))
    fence = max(3 * (q3 - q1), MIN_FENCE)
    inside = [i for i in marks if q1 - fence <= i <= q3 + fence]
    start, end = min(inside), max(inside)
    if start == marks[0] and end == marks[-1]:
        return {"start": 0, "end": len(periods) - 1, "outliers": []}
    outliers = [{"period": p["period"], "events": p["events"], "clusters": list(p.get("clusters", []))}
                for i, p in enumerate(periods) if p["events"] and not start <= i <= end]
    return {"start": start, "end": end, "outliers": outliers}


def dyad_window(series: dict[str, Any]) -> dict[str, Any]:
    """The periods a chart of ``series`` draws: :func:`chart_window`, or all of them when
    the series was asked for with ``since``/``until`` (a span a person chose is drawn as chosen)."""
    if series.get("since") or series.get("until"):
        return {"start": 0, "end": max(0, len(series["periods"]) - 1), "outliers": []}
    return chart_window(series["periods"])
