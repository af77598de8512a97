"""One automaton pass over a normalised text, with word boundaries that know Arabic clitics.

Shared by the knowledge base (names) and the lexicons (triggers, cues): both
are pyahocorasick automata whose values are ``(key_length, payload)``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from marsad.text import ar
from marsad.text.memo import WordMemo
from marsad.text.normalise import OffsetMap


@dataclass
class Match:
    start: int
    end: int
    payload: Any
    prefix: str
    suffix: str
    accusative: bool = False  # the match ends in the indefinite accusative's alif (``scan(accusative=True)``)


def is_arabic(ch: str) -> bool:
    return "\u0600" <= ch <= "\u06ff"


_WORD_RE = re.compile(r"\w+", re.UNICODE)


def _short_matches(short: dict[str, Any], text: str) -> list[tuple[int, int, Any]]:
    """Whole-word (or proclitic + word) matches of short keys, found by dictionary lookup per word.

    Why: one- and two-letter keys (ل، من, "a") match inside almost every word, and an automaton reports
    each of those in-word hits only for the boundary check to reject it. What a word form gives is
    remembered per ``short`` table (a lexicon's, built once): every article is scanned twice, and its words
    repeat across articles, so most words are then one look-up instead of a loop over proclitic lengths.
    """
    memo = _SHORT.table(short)
    out: list[tuple[int, int, Any]] = []
    for w in _WORD_RE.finditer(text):
        word = w.group()
        if len(word) > 7:
            continue
        hits = memo.get(word)
        if hits is None:
            hits = _SHORT.fill(memo, short, word)
        if hits:
            start, end = w.start(), w.end()
            out.extend((start + k, end, payload) for k, payload in hits)
    return out


def _short_hits(short: dict[str, Any], word: str) -> tuple[tuple[int, Any], ...]:
    """(offset in ``word``, payload) of each short key ``word`` is, alone or after a proclitic sequence."""
    if word in short:
        return ((0, short[word]),)
    if not is_arabic(word[0]):
        return ()
    return tuple((k, short[word[k:]]) for k in range(1, min(5, len(word)))
                 if word[:k] in ar.PROCLITIC_SEQUENCES and word[k:] in short)


_SHORT: WordMemo[tuple[tuple[int, Any], ...]] = WordMemo(_short_hits)  # word forms of at most 7 letters


def scan(automaton: Any, text: str, accept: Callable[[Match], Any] | None = None,
         original: str | None = None, omap: OffsetMap | None = None, offset: int = 0,
         short: dict[str, Any] | None = None, accusative: bool = False) -> list[Match]:
    """Leftmost-longest, non-overlapping matches of ``automaton`` in ``text``.

    A match must cover whole words, except that an Arabic match may carry a
    proclitic sequence before it (و، ف، ب، ل، ك، س، ال، لل…) and an enclitic pronoun
    after it; these are reported as ``prefix`` / ``suffix`` for ``accept`` to
    judge. With ``original`` and its ``omap`` (``text`` starting at normalised ``offset``), a
    "suffix" that is really a ta marbuta (ة, folded to ه for matching) is not taken for the
    pronoun ه: أسلحة is not أسلح + ه. ``accept`` returns the payload to keep (possibly narrowed), or a
    falsy value to reject the match. ``accusative``: an Arabic match may end in the indefinite accusative's
    alif (اجتماعًا) — for event words; names are not scanned so (مصرًا على is "insisting on", not Egypt).
    """
    found: list[Match] = []
    n = len(text)
    raw = [(end_idx - klen + 1, end_idx + 1, payload) for end_idx, (klen, payload) in automaton.iter(text)]
    if short:
        raw += _short_matches(short, text)
    for start, end, payload in raw:
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
        if suffix == "ه" and original is not None and omap is not None and \
                original[omap.to_orig(offset + end):omap.to_orig(offset + end) + 1] == "ة":
            continue  # a ta marbuta, not the pronoun ه: تلبية is no تلبي + ه, أسلحة no أسلح + ه
        acc = accusative and suffix == ar.ACCUSATIVE_ALIF and is_arabic(text[start])
        if acc:
            end, suffix = we, ""  # اجتماعًا، هجومًا: the indefinite accusative's alif is part of the word
        if prefix or suffix:
            if not is_arabic(text[start]):
                continue
            if prefix not in ar.PROCLITIC_SEQUENCES or (suffix and suffix not in ar.ENCLITICS):
                continue
        m = Match(start, end, payload, prefix, suffix, acc)
        if accept is not None:
            kept = accept(m)
            if not kept:
                continue
            m.payload = kept
        found.append(m)
    # at one span a word as written beats an accusative reading (قتلا: the dual verb, not the noun قتلًا)
    found.sort(key=lambda m: (m.start, -(m.end - m.start), m.accusative))
    out: list[Match] = []
    last_end = -1
    for m in found:
        if m.start >= last_end:
            out.append(m)
            last_end = m.end
    return out
