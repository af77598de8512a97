"""Charts of a dyad series and drawings of the actor network, as PNG files.

Matplotlib is used without pyplot: a :class:`~matplotlib.figure.Figure` drawn by the Agg canvas, so no display
is needed and the process's global backend is left alone. The font is DejaVu Sans, which matplotlib ships and
which has the Arabic letters and presentation forms; nothing is downloaded. Arabic labels are shaped
(arabic-reshaper joins the letters) and put in visual order (python-bidi) before matplotlib, which does neither,
draws them.
"""

from __future__ import annotations

import functools
import math
import re
from pathlib import Path
from typing import Any

import networkx as nx
from arabic_reshaper import ENABLE_ALL_LIGATURES, ArabicReshaper, config_for_true_type_font
from bidi import get_display
from matplotlib import font_manager, rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.colors import Normalize
from matplotlib.figure import Figure

FONT = "DejaVu Sans"
QUAD_COLOURS = {1: "#9ecae1", 2: "#3182bd", 3: "#fdae6b", 4: "#e6550d"}
QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}
MAX_NODES = 40  # a drawing keeps the busiest nodes; the GraphML and JSON keep them all
_ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF]")
_RC = {"font.family": "sans-serif", "font.sans-serif": [FONT], "axes.unicode_minus": True}


@functools.cache
def _reshaper() -> ArabicReshaper:
    """A reshaper using only the ligatures :data:`FONT` has (it lacks, e.g., the ALLAH ligature U+FDF2)."""
    path = font_manager.findfont(FONT, fallback_to_default=True)
    return ArabicReshaper(config_for_true_type_font(path, ENABLE_ALL_LIGATURES))


def shape(text: str) -> str:
    """``text`` ready for matplotlib: Arabic letters joined and the line in visual order; other text as is."""
    if not _ARABIC.search(text):
        return text
    return str(get_display(_reshaper().reshape(text)))


def _label(name: str, name_ar: str | None, labels: str) -> str:
    return shape(name_ar) if labels == "ar" and name_ar else name


def _save(fig: Figure, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    FigureCanvasAgg(fig)
    fig.savefig(path, dpi=110)
    return path


def plot_dyad(series: dict[str, Any], path: str | Path, labels: str = "en") -> Path:
    """A two-panel chart of :func:`marsad.relations.dyad_series`: clusters per quad class, then the index.

    Args:
        series: what ``dyad_series`` returned.
        path: the PNG file to write.
        labels: ``en`` or ``ar`` (Arabic names where known).
    """
    rows = series["periods"]
    a, b = series["a"], series["b"]
    title = f"{_label(a['name'], a['name_ar'], labels)} – {_label(b['name'], b['name_ar'], labels)}"
    with rc_context(_RC):
        fig = Figure(figsize=(max(7.0, 0.35 * len(rows) + 3), 6.0), layout="constrained")
        top, bottom = fig.subplots(2, 1, sharex=True, height_ratios=(1, 1))
        x = list(range(len(rows)))
        base = [0] * len(rows)
        for q in (1, 2, 3, 4):
            h = [r[f"q{q}"] for r in rows]
            top.bar(x, h, bottom=base, color=QUAD_COLOURS[q], label=QUAD_NAMES[q], width=0.8)
            base = [u + v for u, v in zip(base, h, strict=True)]
        top.set_ylabel("events (clusters)")
        top.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
        top.set_title(f"{title}: cooperation and conflict by {series['by']}")
        pts = [(i, r["index"]) for i, r in enumerate(rows) if r["index"] is not None]
        means = [(i, r["goldstein_mean"]) for i, r in enumerate(rows) if r["goldstein_mean"] is not None]
        bottom.axhline(0, color="#888888", linewidth=0.8)
        if pts:
            bottom.plot([p[0] for p in pts], [p[1] for p in pts], marker="o", color="#31a354",
                        label="index (weighted mean Goldstein)")
        if means:
            bottom.plot([p[0] for p in means], [p[1] for p in means], linestyle="--", color="#999999",
                        label="mean Goldstein (unweighted)")
        bottom.set_ylim(-10.5, 10.5)
        bottom.set_ylabel("conflict  ←  index  →  cooperation", fontsize=8)
        if pts or means:  # an empty series has nothing to label
            bottom.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
        step = max(1, math.ceil(len(rows) / 16))
        bottom.set_xticks(x[::step], [r["period"] for r in rows][::step], rotation=45, ha="right", fontsize=8)
        return _save(fig, Path(path))


def draw_network(g: nx.Graph, path: str | Path, labels: str = "en", max_nodes: int = MAX_NODES) -> Path:
    """Draw the actor graph: node size by events, edge width by events, edge colour by index (red to blue).

    Only the ``max_nodes`` busiest nodes are drawn, so the labels stay legible.
    """
    keep = sorted(g.nodes, key=lambda n: (-g.nodes[n]["events"], n))[:max_nodes]
    h = g.subgraph(keep)
    with rc_context(_RC):
        fig = Figure(figsize=(10, 8), layout="constrained")
        ax = fig.subplots()
        ax.set_axis_off()
        title = f"Actor network ({g.graph.get('level', '')} level"
        if g.graph.get("since"):
            title += f", since {g.graph['since']}"
        ax.set_title(title + f", edges with ≥ {g.graph.get('min_events', 1)} events)")
        if h.number_of_nodes() == 0:
            ax.text(0.5, 0.5, "no edges", ha="center", va="center")
            return _save(fig, Path(path))
        pos = nx.spring_layout(h, seed=7, weight="weight", k=1.5 / math.sqrt(h.number_of_nodes()))
        norm = Normalize(-10, 10)
        edges = sorted(h.edges(data=True), key=lambda e: e[2]["events"])
        top = max((d["events"] for _, _, d in edges), default=1)
        if edges:
            lines = LineCollection([(pos[u], pos[v]) for u, v, _ in edges], cmap="RdBu", norm=norm,
                                   linewidths=[0.6 + 5.0 * d["events"] / top for _, _, d in edges], alpha=0.8)
            lines.set_array([d["index"] or 0.0 for _, _, d in edges])
            ax.add_collection(lines)
            fig.colorbar(lines, ax=ax, shrink=0.6, label="index: conflict (−10) … cooperation (+10)")
        most = max(h.nodes[n]["events"] for n in h.nodes)
        xs, ys = zip(*(pos[n] for n in h.nodes), strict=True)
        ax.scatter(xs, ys, s=[60 + 900 * h.nodes[n]["events"] / most for n in h.nodes], color="#dddddd",
                   edgecolors="#555555", zorder=2)
        for n in h.nodes:
            d = h.nodes[n]
            ax.text(pos[n][0], pos[n][1], _label(d["name"], d.get("name_ar"), labels), fontsize=8,
                    ha="center", va="center", zorder=3)
        ax.autoscale_view()
        ax.margins(0.08)
        return _save(fig, Path(path))
