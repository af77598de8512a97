"""The actor network: who deals with whom, how much, and how warmly (docs/RELATIONS.md).

Nodes are countries (``level="country"``) or named actors (``level="actor"``: Wagner, Putin or the UN apart
from their states); see :func:`marsad.relations.series.node_key`. An edge joins two nodes that some cluster
relates (actor × recipient, or any two parties of a reciprocal event) and carries the same quantities as a
dyad series summed over the whole span: ``events``, ``q1``…``q4``, ``weight``, ``net`` (Σ w·g) and ``index``
(Σ w·g / Σ w), plus ``cooperation``/``conflict`` (weight of quad classes 1–2 and 3–4).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx

from marsad.errors import InputError
from marsad.relations.series import LEVELS, check_date, cluster_weight, node_key, pairs, summarise
from marsad.store import Store
from marsad.store.queries import relation_clusters

OUT_FORMATS = (".graphml", ".json", ".png")


def network(store: Store, since: str | None = None, min_events: int = 1, level: str = "country",
            until: str | None = None, implied: bool = False, opinion: bool = False) -> nx.Graph:
    """The actor graph of the clusters first seen in ``[since, until]``.

    Args:
        store: the event store.
        since, until: bounds on the clusters' first dates (YYYY-MM-DD, inclusive).
        min_events: keep only edges relating at least this many clusters (nodes left without an edge go too).
        level: ``country`` or ``actor``.
        implied: count parties the text does not name (:func:`marsad.store.queries.relation_clusters`).
        opinion: count opinion pieces and interviews too (:func:`marsad.store.queries.relation_clusters`).

    Returns:
        An undirected :class:`networkx.Graph`. Node attributes: ``name``, ``name_ar`` ('' if none), ``type``,
        ``events`` (clusters on its kept edges, each once). Edge attributes: see the module docstring.
        Graph attributes: ``level``, ``since``, ``until``, ``min_events``.

    Raises:
        InputError: an invalid level, date or ``min_events``.
    """
    if level not in LEVELS:
        raise InputError(f"level must be one of {', '.join(LEVELS)}, not '{level}'", "usage")
    if min_events < 1:
        raise InputError("min_events must be at least 1", "usage")
    check_date(since, "since")
    check_date(until, "until")
    members: dict[tuple[str, str], list[dict[str, Any]]] = {}
    info: dict[str, dict[str, Any]] = {}
    for c in relation_clusters(store, since, until, implied, opinion):
        found = pairs(c, level)
        if not found:
            continue
        m = {"id": c["id"], "goldstein": c["goldstein"], "quad_class": c["quad_class"],
             "weight": cluster_weight(c["sources"])}
        for pair in found:
            members.setdefault(pair, []).append(m)
        for p in c["parties"]:
            key = node_key(p, level)
            if key and key not in info:
                info[key] = _node_info(p, key)
            elif key and p["type"] == "state" and info[key]["type"] == "role":
                info[key] = _node_info(p, key)  # a state names its node better than a role noun of it
    g = nx.Graph(level=level, since=since or "", until=until or "", min_events=min_events)
    node_events: dict[str, set[int]] = {}
    for (x, y), ms in sorted(members.items()):
        if len(ms) < min_events:
            continue
        s = summarise(ms)
        coop = sum(m["weight"] for m in ms if m["quad_class"] in (1, 2))
        conflict = sum(m["weight"] for m in ms if m["quad_class"] in (3, 4))
        g.add_edge(x, y, events=s["events"], q1=s["q1"], q2=s["q2"], q3=s["q3"], q4=s["q4"], weight=s["weight"],
                   net=s["net"], index=s["index"], cooperation=round(coop, 4), conflict=round(conflict, 4))
        for n in (x, y):
            node_events.setdefault(n, set()).update(m["id"] for m in ms)
    for n in g.nodes:
        d = info.get(n, {"name": n, "name_ar": "", "type": ""})
        g.nodes[n].update(d, type="state" if d["type"] == "role" else d["type"], events=len(node_events[n]))
    return g


def _node_info(party: dict[str, Any], key: str) -> dict[str, Any]:
    if party["type"] != "state" and party.get("country") == key:  # a role noun standing for its state
        return {"name": key, "name_ar": "", "type": "role"}  # named by its ISO3 unless a state party turns up
    return {"name": party["name"], "name_ar": party.get("name_ar") or "", "type": party["type"]}


def network_data(g: nx.Graph) -> dict[str, Any]:
    """The graph as plain data: ``{level, since, until, min_events, nodes: [...], edges: [...]}``.

    Nodes by events (most first), edges by events then node ids.
    """
    nodes = [{"id": n, **g.nodes[n]} for n in g.nodes]
    nodes.sort(key=lambda d: (-d["events"], d["id"]))
    edges = [{"source": x, "target": y, **d} for x, y, d in g.edges(data=True)]
    for e in edges:
        if e["source"] > e["target"]:
            e["source"], e["target"] = e["target"], e["source"]
    edges.sort(key=lambda d: (-d["events"], d["source"], d["target"]))
    return {**g.graph, "nodes": nodes, "edges": edges}


def write_network(g: nx.Graph, path: str | Path, labels: str = "en", top: int | None = None) -> Path:
    """Write the graph as GraphML, JSON (:func:`network_data`) or a PNG drawing, chosen by the file suffix.

    ``top`` bounds the nodes a PNG draws (the busiest; default ``plot.MAX_NODES``): a drawing of every node is
    unreadable, while GraphML and JSON keep them all for other tools.

    Raises:
        InputError: the suffix is none of .graphml, .json, .png.
    """
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in OUT_FORMATS:
        raise InputError(f"{p}: the output must end in {', '.join(OUT_FORMATS)}", "usage")
    p.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".graphml":
        h = g.copy()
        for _, _, d in h.edges(data=True):  # GraphML has no null: an edge always has events, so index is set
            d["index"] = float(d["index"] if d["index"] is not None else 0.0)
        nx.write_graphml(h, p)
    elif suffix == ".json":
        p.write_text(json.dumps(network_data(g), ensure_ascii=False, indent=1) + "\n", "utf-8")
    else:
        from marsad.relations.plot import MAX_NODES, draw_network

        draw_network(g, p, labels=labels, max_nodes=top or MAX_NODES)
    return p
