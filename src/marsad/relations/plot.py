"""Charts of a dyad series and drawings of the actor network, as PNG files.

Matplotlib is used without pyplot: a :class:`~matplotlib.figure.Figure` drawn by the Agg canvas, so no display
is needed and the process's global backend is left alone. The font is DejaVu Sans, which matplotlib ships and
which has the Arabic letters and presentation forms; nothing is downloaded.

Arabic labels: matplotlib 3.11 lays text out with libraqm, which joins the letters and puts a right-to-left run in
visual order itself; older matplotlib (3.8–3.10, which the bounds allow) does neither. Text shaped beforehand
(arabic-reshaper, python-bidi) is right for the old ones and comes out reversed from the new one — so
:func:`shape` asks the installed matplotlib what it does (:func:`matplotlib_shapes_text`) and shapes only when it
does not. ``tests/test_relations.py`` renders a label and compares it with references drawn from the correct and
the reversed glyph order, so a reversed chart fails.
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

from marsad.relations.series import dyad_window

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


@functools.cache
def matplotlib_shapes_text() -> bool:
    """Whether the installed matplotlib shapes Arabic itself (joined letters, right-to-left order: libraqm).

    Asked by laying out "بب" (two behs): a layout that shapes draws two different glyphs (final and initial forms),
    one that does not draws the isolated letter twice.
    """
    from matplotlib.textpath import TextToPath

    font = font_manager.get_font(font_manager.findfont(FONT, fallback_to_default=True))
    font.set_size(12, 72)
    glyphs, _, _ = TextToPath().get_glyphs_with_font(font, "\u0628\u0628")
    return len({g[0] for g in glyphs}) == 2


def shape(text: str) -> str:
    """``text`` ready for the installed matplotlib to draw right: as is when it shapes Arabic itself, else with the
    Arabic letters joined (arabic-reshaper) and the line in visual order (python-bidi); text without Arabic as is.
    """
    if not _ARABIC.search(text) or matplotlib_shapes_text():
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
    win = dyad_window(series)
    rows = series["periods"][win["start"]:win["end"] + 1]
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
        if win["outliers"]:
            fig.supxlabel(outlier_note(win["outliers"]), fontsize=8, color="#7a4b00")
        return _save(fig, Path(path))


def outlier_note(outliers: list[dict[str, Any]]) -> str:
    """What a chart says about the events it leaves out: "Not drawn, far from the rest: 2019-W02 (1 event: #7)"."""
    parts = [f"{o['period']} ({o['events']} event{'s' if o['events'] != 1 else ''}: "
             + " ".join(f"#{c}" for c in o["clusters"][:5]) + (" …" if len(o["clusters"]) > 5 else "") + ")"
             for o in outliers[:6]]
    more = f" and {len(outliers) - 6} more period(s)" if len(outliers) > 6 else ""
    return "Not drawn, far from the rest (check their dates): " + ", ".join(parts) + more


NODE_COLOURS = {"state": "#2f6f9f", "other": "#c07a12"}
LABEL_SPOTS = ((0, 1), (0, -1), (1, 0), (-1, 0))  # above, below, right, left of the node


def draw_network(g: nx.Graph, path: str | Path, labels: str = "en", max_nodes: int = MAX_NODES) -> Path:
    """Draw the actor graph to a PNG file (see :func:`network_figure`)."""
    return _save(network_figure(g, labels, max_nodes), Path(path))


def network_figure(g: nx.Graph, labels: str = "en", max_nodes: int = MAX_NODES) -> Figure:
    """The actor graph: node size by events, colour by kind (legend), edge width by events, colour by index.

    Only the ``max_nodes`` busiest nodes are drawn, and no name covers another: each is tried above, below, right
    and left of its node, busiest node first, and left out when all four would overlap a name already placed.
    """
    keep = sorted(g.nodes, key=lambda n: (-g.nodes[n]["events"], n))[:max_nodes]
    h = g.subgraph(keep)
    with rc_context(_RC):
        fig = Figure(figsize=(10, 8), layout="constrained")
        FigureCanvasAgg(fig)
        ax = fig.subplots()
        ax.set_axis_off()
        title = f"Actor network ({g.graph.get('level', '')} level"
        if g.graph.get("since"):
            title += f", since {g.graph['since']}"
        ax.set_title(title + f", edges with ≥ {g.graph.get('min_events', 1)} events)")
        if h.number_of_nodes() == 0:
            ax.text(0.5, 0.5, "no edges", ha="center", va="center")
            return fig
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
        order = sorted(h.nodes, key=lambda n: (-h.nodes[n]["events"], n))
        sizes = {n: 60 + 900 * h.nodes[n]["events"] / most for n in order}
        for kind, label in (("state", "state"), ("other", "person, group or organisation")):
            ns = [n for n in order if (h.nodes[n].get("type") == "state") == (kind == "state")]
            if ns:
                ax.scatter([pos[n][0] for n in ns], [pos[n][1] for n in ns], s=[sizes[n] for n in ns],
                           color=NODE_COLOURS[kind], edgecolors="#ffffff", zorder=2, label=label)
        ax.legend(loc="lower left", fontsize=8, frameon=False, markerscale=0.5, title="nodes (size: events)",
                  title_fontsize=8)
        ax.autoscale_view()
        ax.margins(0.08)
        fig.draw_without_rendering()  # settle the layout, then freeze it: the names are placed in screen space
        fig.set_layout_engine("none")
        renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
        placed: list[Any] = []
        for n in order:
            d = h.nodes[n]
            radius = math.sqrt(sizes[n]) / 2 + 2  # points: a scatter size is the marker's area in points²
            for dx, dy in LABEL_SPOTS:
                t = ax.annotate(_label(d["name"], d.get("name_ar"), labels), pos[n], fontsize=8, zorder=3,
                                xytext=(dx * radius, dy * radius), textcoords="offset points",
                                ha={0: "center", 1: "left", -1: "right"}[dx],
                                va={0: "center", 1: "bottom", -1: "top"}[dy])
                box = t.get_window_extent(renderer)
                if not any(box.overlaps(b) for b in placed):
                    placed.append(box)
                    break
                t.remove()
        return fig
