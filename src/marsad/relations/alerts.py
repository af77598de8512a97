"""Shift alerts: dyads whose cooperation–conflict index moved far from their own trailing baseline.

The test (docs/RELATIONS.md) is a rolling z-score over each dyad's *active* periods (periods with at least one
cluster). For a period t of dyad d with index x_t, the baseline is the indices of d's active periods among the
``window`` periods before t. When the baseline has at least ``min_baseline`` values, with mean μ and population
standard deviation σ,

    z = (x_t − μ) / max(σ, SD_FLOOR)

and the period is an alert when |z| ≥ ``threshold`` and it holds at least ``min_events`` clusters. The floor
(one Goldstein point) keeps a perfectly steady baseline from turning any wobble into an infinite z: with the
defaults a dyad must move by at least 3 points. Each alert is explained by its period's clusters ranked by their
contribution to the move, ``w_i (g_i − μ) / Σ w`` (the contributions add up to x_t − μ exactly).

A move is a shift toward the side it names only when an event of that side drives it: a fall toward conflict
needs a driving event with a negative Goldstein value, a rise toward cooperation one with a positive value.
A week of aid followed by a week of meetings is a fall of the index with no conflict in it — a change of
intensity within one side, which the index cannot tell from a shift, and the alert would call "conflict"
with cooperative events as its evidence. Such moves are left out unless ``within_side`` asks for them (then
their ``direction`` is ``less cooperation`` / ``less conflict``).
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import Any

from marsad.errors import InputError
from marsad.relations.series import (
    LEVELS,
    PERIODS,
    check_date,
    node_key,
    pairs,
    period_label,
    period_of,
    summarise,
    weighted,
)
from marsad.store import Store
from marsad.store.queries import relation_clusters

SD_FLOOR = 1.0
THRESHOLD = 3.0
MIN_BASELINE = 3
MIN_EVENTS = 2
MAX_DRIVERS = 5
_SPAN_DAYS = {"day": 1, "week": 7, "month": 31}


def _baseline_start(start: str, by: str, window: int) -> str:
    """The first day of the ``window`` periods before the period starting at ``start``."""
    d = date.fromisoformat(start)
    if by == "month":
        months = d.year * 12 + d.month - 1 - window
        return date(months // 12, months % 12 + 1, 1).isoformat()
    return (d - timedelta(days=window * _SPAN_DAYS[by])).isoformat()


def alerts(store: Store, since: str | None = None, window: int = 7, by: str = "day", level: str = "country",
           threshold: float = THRESHOLD, min_events: int = MIN_EVENTS,
           min_baseline: int = MIN_BASELINE, implied: bool = False, opinion: bool = False,
           within_side: bool = False) -> list[dict[str, Any]]:
    """Periods (from ``since`` on) in which a dyad's index moved significantly against its trailing baseline.

    Args:
        store: the event store.
        since: only periods starting on or after this day (YYYY-MM-DD); the baseline may reach before it.
        window: how many periods before the tested one form its baseline.
        by: ``day``, ``week`` or ``month``.
        level: dyads between ``country`` or ``actor`` nodes (as :func:`marsad.relations.network`).
        threshold, min_events, min_baseline: the test's parameters (module docstring).
        implied: count parties the text does not name (:func:`marsad.store.queries.relation_clusters`).
        opinion: count opinion pieces and interviews too (:func:`marsad.store.queries.relation_clusters`).
        within_side: also moves that no event of the side they move toward drives (module docstring).

    Returns:
        Alerts, largest |z| first: ``{dyad, a, b, a_name, b_name, period, start, direction ("cooperation" |
        "conflict"; with ``within_side`` also "less cooperation" | "less conflict"), index, baseline_mean,
        baseline_sd, baseline_periods, z, events, weight, drivers}``; each driver is a cluster (``id`` for
        ``marsad event ID``) with its ``weight`` and ``contribution``.

    Raises:
        InputError: an invalid parameter or date.
    """
    if by not in PERIODS:
        raise InputError(f"by must be one of {', '.join(PERIODS)}, not '{by}'", "usage")
    if level not in LEVELS:
        raise InputError(f"level must be one of {', '.join(LEVELS)}, not '{level}'", "usage")
    if window < 1 or min_baseline < 1 or min_events < 1 or threshold <= 0:
        raise InputError("window, min_baseline and min_events must be at least 1 and threshold positive", "usage")
    check_date(since, "since")
    lookback = _baseline_start(period_of(since, by), by, window) if since else None
    names: dict[str, str] = {}
    periods: dict[tuple[str, str], dict[str, list[dict[str, Any]]]] = {}
    for c in relation_clusters(store, since=lookback, implied=implied, opinion=opinion):
        found = pairs(c, level)
        if not found:
            continue
        w = weighted(c)
        start = period_of(c["date"], by)
        for pair in found:
            periods.setdefault(pair, {}).setdefault(start, []).append(w)
        for p in c["parties"]:
            key = node_key(p, level)
            if key and (key not in names or p["type"] == "state"):
                names[key] = key if p["type"] != "state" and p.get("country") == key else p["name"]
    out = []
    for (a, b), by_period in periods.items():
        starts = sorted(by_period)
        index = {s: summarise(by_period[s])["index"] for s in starts}
        for t in starts:
            if since and t < period_of(since, by):
                continue
            cur = summarise(by_period[t])
            if cur["events"] < min_events or cur["index"] is None:
                continue
            lo = _baseline_start(t, by, window)
            base = [x for s in starts if lo <= s < t and (x := index[s]) is not None]
            if len(base) < min_baseline:
                continue
            mu = sum(base) / len(base)
            sd = math.sqrt(sum((x - mu) ** 2 for x in base) / len(base))
            z = (cur["index"] - mu) / max(sd, SD_FLOOR)
            if abs(z) < threshold:
                continue
            alert = _alert(a, b, names, t, by, cur, by_period[t], base, mu, sd, z)
            if alert["direction"] in ("cooperation", "conflict") or within_side:
                out.append(alert)
    out.sort(key=lambda x: (-abs(x["z"]), x["start"], x["dyad"]))
    return out


def _alert(a: str, b: str, names: dict[str, str], start: str, by: str, cur: dict[str, Any],
           members: list[dict[str, Any]], base: list[float], mu: float, sd: float, z: float) -> dict[str, Any]:
    up = z > 0
    total = sum(m["weight"] for m in members)
    drivers = [{**m, "weight": round(m["weight"], 4),
                "contribution": round(m["weight"] * (m["goldstein"] - mu) / total, 4)} for m in members]
    drivers = [d for d in drivers if (d["contribution"] > 0) == up and d["contribution"] != 0]
    drivers.sort(key=lambda d: (-abs(d["contribution"]), d["id"]))
    # toward the side only when an event of that side drives the move (module docstring)
    toward = any((d["goldstein"] > 0) if up else (d["goldstein"] < 0) for d in drivers)
    direction = ("cooperation" if up else "conflict") if toward else ("less conflict" if up else "less cooperation")
    return {"dyad": f"{a}–{b}", "a": a, "b": b, "a_name": names.get(a, a), "b_name": names.get(b, b),
            "period": period_label(start, by), "start": start, "direction": direction,
            "index": cur["index"], "baseline_mean": round(mu, 4), "baseline_sd": round(sd, 4),
            "baseline_periods": len(base), "z": round(z, 2), "events": cur["events"], "weight": cur["weight"],
            "drivers": drivers[:MAX_DRIVERS]}
