"""Turning a coded document (``docs/SCHEMA.md`` JSON) into what the pages show; no SQL, no coding here.

:func:`highlight` cuts the article at every mention, trigger and evidence boundary and wraps each piece in a
``<span>`` whose classes say what covers it (``m`` a mention, ``t`` a trigger, ``e`` some event's evidence) and
whose ``data-ev`` lists the events whose evidence covers it, so the page's script can light up an event's
evidence when its row is clicked, and the row when its evidence is. Every piece of text goes through
:func:`markupsafe.escape`: an article's ``<script>`` is shown, never run.
"""

from __future__ import annotations

import itertools
from typing import Any

from markupsafe import Markup, escape

RTL_LANGUAGES = frozenset({"ar"})


def direction(language: str | None) -> str:
    """``rtl`` for Arabic, ``ltr`` otherwise."""
    return "rtl" if language in RTL_LANGUAGES else "ltr"


def actor_label(a: dict[str, Any] | None, lang: str | None = None) -> str:
    """A party as shown: its Arabic name on an Arabic page when known, and its CAMEO code (or country).

    Never the KB id: ``person:احمد-ولد-طه`` or ``wagner-group`` are the store's keys, not names for a reader.
    """
    if not a:
        return ""
    name = (a.get("name_ar") if lang == "ar" else None) or a.get("name") or a.get("country") or "?"
    code = a.get("code") or a.get("country")
    return f"{name} ({code})" if code and code != name else str(name)


def parties(actors: list[dict[str, Any]], lang: str | None = None) -> str:
    return " + ".join(actor_label(a, lang) for a in actors) or "—"


def _clamp(span: Any, n: int) -> tuple[int, int] | None:
    try:
        s, e = int(span[0]), int(span[1])
    except (TypeError, ValueError, IndexError):
        return None
    s, e = max(0, min(s, n)), max(0, min(e, n))
    return (s, e) if s < e else None


def highlight(text: str, mentions: list[dict[str, Any]], events: list[dict[str, Any]],
              lang: str | None = None) -> Markup:
    """The article as escaped HTML with mention, trigger and evidence spans (see the module docstring)."""
    n = len(text)
    opens: dict[int, list[tuple[str, int, str]]] = {}
    closes: dict[int, list[tuple[str, int, str]]] = {}

    def add(kind: str, key: int, span: Any, title: str = "") -> None:
        se = _clamp(span, n)
        if se is not None:
            item = (kind, key, title)
            opens.setdefault(se[0], []).append(item)
            closes.setdefault(se[1], []).append(item)

    for i, m in enumerate(mentions):
        ent = m.get("entity") or {}
        add("m", i, m.get("span"), f"{actor_label(ent, lang)} · {m.get('how', '')}")
    for i, ev in enumerate(events):
        add("e", i, ev.get("span"))
        trig = ev.get("trigger") or {}
        if trig.get("span"):
            add("t", i, trig["span"], str(ev.get("event", "")))
    points = sorted({0, n, *opens, *closes})
    active: dict[tuple[str, int, str], None] = {}
    parts: list[str] = []
    for a, b in itertools.pairwise(points):
        for item in closes.get(a, ()):
            active.pop(item, None)
        for item in opens.get(a, ()):
            active[item] = None
        piece = escape(text[a:b])
        if not active:
            parts.append(str(piece))
            continue
        kinds = sorted({k for k, _, _ in active})
        evs = sorted({key for k, key, _ in active if k in ("e", "t")})
        titles = [t for k, _, t in active if k == "m" and t] + \
                 [t for k, _, t in active if k == "t" and t]
        attrs = f' class="{" ".join(kinds)}"'
        if evs:
            attrs += f' data-ev="{" ".join(map(str, evs))}"'
        if titles:
            attrs += f' title="{escape(" | ".join(titles))}"'
        parts.append(f"<span{attrs}>{piece}</span>")
    return Markup("".join(parts))


def event_rows(events: list[dict[str, Any]], lang: str | None = None) -> list[dict[str, Any]]:
    """One row per event for the events table: plain strings, escaped by the template."""
    rows = []
    for i, e in enumerate(events):
        att = e.get("attribution") or {}
        speaker = att.get("speaker")
        who = actor_label(speaker, lang) if speaker else ("the article" if att.get("evidentiality") == "asserted"
                                                          else "unnamed")
        date = e.get("date") or {}
        loc = e.get("location") or {}
        flags = [f for f in ("negated", "future") if e.get(f)]
        rows.append({
            "index": i, "id": e.get("id", ""), "event": e.get("event", ""), "mode": e.get("mode") or "",
            "cameo": e.get("cameo", ""), "goldstein": e.get("goldstein"), "context": ", ".join(e.get("context") or ()),
            "actor": parties(e.get("actor") or [], lang), "recipient": parties(e.get("recipient") or [], lang),
            "reciprocal": bool(e.get("reciprocal")), "who": who, "evidentiality": att.get("evidentiality", ""),
            "cue": att.get("cue") or "", "date": date.get("value") or "?", "precision": date.get("precision", ""),
            "date_text": date.get("text") or "",
            "place": (f"{loc.get('name')} ({loc.get('country')})" if loc.get("country") else loc.get("name")) or "—",
            "evidence": e.get("text", ""), "flags": " ".join(flags), "confidence": e.get("confidence"),
        })
    return rows
