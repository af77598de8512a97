"""Arabic labels in the PNG charts come out joined and right to left, whatever matplotlib the bounds allow.

matplotlib 3.11 shapes Arabic itself (libraqm); 3.8–3.10 do not, and text shaped for them comes out of 3.11
reversed. The check does not trust either: it renders a label the way the charts do (:func:`plot.shape`, the
charts' font and settings, the Agg canvas) and compares the picture with references drawn by Pillow's basic
layout (no shaping, no reordering: each character's glyph in string order, left to right) from

- the correct visual string (arabic-reshaper's joined forms, python-bidi's visual order),
- the same glyphs reversed (what a double reversal draws), and
- the isolated letters in logical order (no shaping, no reordering at all).

The rendering must be nearest the correct one by a clear margin; the same check run on the wrong choice for the
installed matplotlib (shaping when it shapes, not shaping when it does not) must fail, so the test can fail.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from arabic_reshaper import reshape
from bidi import get_display
from matplotlib import font_manager, rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image, ImageDraw, ImageFont

from marsad.relations import plot

LABEL = "مالي وروسيا"  # "Mali and Russia": joining letters, a non-joining one, two words
SIZE = 40  # points at 100 dpi
BOX = (320, 64)  # every picture is cropped to its ink and scaled to this before comparing


def _ink(gray: np.ndarray) -> np.ndarray:
    """The picture's ink (1 black … 0 white), cropped to its bounding box and scaled to :data:`BOX`."""
    ink = 1.0 - gray.astype(float) / 255.0
    rows, cols = np.where(ink > 0.3)
    assert rows.size, "nothing was drawn"
    crop = ink[rows.min():rows.max() + 1, cols.min():cols.max() + 1]
    img = Image.fromarray((crop * 255).astype(np.uint8)).resize(BOX, Image.Resampling.BILINEAR)
    return np.asarray(img, dtype=float) / 255.0


def _matplotlib(text: str) -> np.ndarray:
    """``text`` drawn as the charts draw a label: their rc settings, a Figure on the Agg canvas."""
    with rc_context(plot._RC):
        fig = Figure(figsize=(8, 2), dpi=100)
        fig.text(0.5, 0.5, text, fontsize=SIZE, ha="center", va="center")
        canvas = FigureCanvasAgg(fig)
        canvas.draw()
        rgba = np.asarray(canvas.buffer_rgba())
    return _ink(rgba[..., :3].mean(axis=2))


def _pillow(text: str) -> np.ndarray:
    """``text``'s characters drawn left to right with no shaping and no reordering (Pillow's basic layout)."""
    path = font_manager.findfont(plot.FONT, fallback_to_default=True)
    font = ImageFont.truetype(path, round(SIZE * 100 / 72), layout_engine=ImageFont.Layout.BASIC)
    img = Image.new("L", (1000, 200), 255)
    ImageDraw.Draw(img).text((20, 40), text, font=font, fill=0)
    return _ink(np.asarray(img))


def _distances(drawn: np.ndarray) -> dict[str, float]:
    visual = get_display(reshape(LABEL))
    refs = {"correct": _pillow(visual), "reversed": _pillow(visual[::-1]), "unshaped": _pillow(LABEL)}
    return {k: float(np.abs(drawn - v).mean()) for k, v in refs.items()}


def _reads_right(distances: dict[str, float]) -> bool:
    wrong = min(distances["reversed"], distances["unshaped"])
    return distances["correct"] < 0.6 * wrong


def test_arabic_label_is_joined_and_right_to_left() -> None:
    d = _distances(_matplotlib(plot.shape(LABEL)))
    assert _reads_right(d), d


def test_the_check_fails_on_the_wrong_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    shapes = plot.matplotlib_shapes_text()
    monkeypatch.setattr(plot, "matplotlib_shapes_text", lambda: not shapes)
    d = _distances(_matplotlib(plot.shape(LABEL)))
    assert not _reads_right(d), d  # shaping twice reverses; not shaping on old matplotlib draws isolated letters


def test_probe_matches_the_layout() -> None:
    """The probe's answer agrees with what matplotlib draws for the raw label (joined only if it shapes)."""
    d = _distances(_matplotlib(LABEL))
    assert _reads_right(d) == plot.matplotlib_shapes_text(), d


def test_charts_use_the_shaping(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Chart labels go through :func:`plot.shape` (so the check above covers them): node and dyad titles."""
    import networkx as nx

    seen: list[str] = []
    real = plot.shape
    monkeypatch.setattr(plot, "shape", lambda t: seen.append(t) or real(t))
    g = nx.Graph(level="country", since="", until="", min_events=1)
    g.add_node("MLI", name="Mali", name_ar="مالي", type="state", events=2)
    g.add_node("RUS", name="Russia", name_ar="روسيا", type="state", events=2)
    g.add_edge("MLI", "RUS", events=2, index=4.0)
    plot.draw_network(g, tmp_path / "n.png", labels="ar")
    assert {"مالي", "روسيا"} <= set(seen)
