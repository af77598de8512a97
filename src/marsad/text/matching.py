"""One automaton pass over a normalised text, with word boundaries that know Arabic clitics.

Shared by the knowledge base (names) and the lexicons (triggers, cues): both
are pyahocorasick automata whose values are ``(key_length, payload)``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from marsad.text import ar
from marsad.text.normalise import OffsetMap


@dataclass
class Match:
    start: int
    end: int
    payload: Any
    prefix: str
    suffix: str


def is_arabic(ch: str) -> bool:
    return "\u0600" <= ch <= "\u06ff"


def scan(automaton: Any, text: str, accept: Callable[[Match], Any] | None = None,
         original: str | None = None, omap: OffsetMap | None = None, offset: int = 0) -> list[Match]:
    """Leftmost-longest, non-overlapping matches of ``automaton`` in ``text``.

    A match must cover whole words, except that an Arabic match may carry a
    proclitic sequence before it (و، ف، ب، ل، ك، س، ال، لل…) and an enclitic pronoun
    after it; these are reported as ``prefix`` / ``suffix`` for ``accept`` to
    judge. With ``original`` and its ``omap`` (``text`` starting at normalised ``offset``), a
    "suffix" that is really a ta marbuta (ة, folded to ه for matching) is not taken for the
    pronoun ه: أسلحة is not أسلح + ه. ``accept`` returns the payload to keep (possibly narrowed), or a
    falsy value to reject the match.
    """
    found: list[Match] = []
    n = len(text)
    for end_idx, (klen, payload) in automaton.iter(text):
        start, end = end_idx - klen + 1, end_idx + 1
        # Proclitic sequences are at most 4 letters and enclitics 3: look no further than that.
        ws = start
        while ws > 0 and start - ws <= 4 and (text[ws - 1].isalnum() or text[ws - 1] == "_"):
            ws -= 1
        if start - ws > 4:
            continue
        we = end
        while we < n and we - end <= 3 and (text[we].isalnum() or text[we] == "_"):
            we += 1
        if we - end > 3:
            continue
        prefix, suffix = text[ws:start], text[end:we]
        if prefix or suffix:
            if not is_arabic(text[start]):
                continue
            if prefix not in ar.PROCLITIC_SEQUENCES or (suffix and suffix not in ar.ENCLITICS):
                continue
        m = Match(start, end, payload, prefix, suffix)
        if accept is not None:
            kept = accept(m)
            if not kept:
                continue
            m.payload = kept
        found.append(m)
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    out: list[Match] = []
    last_end = -1
    for m in found:
        if m.start >= last_end:
            out.append(m)
            last_end = m.end
    return out
