"""Tokenisation on the normalised text, and Arabic clitic segmentation.

Tokens are found on the normalised string (so that removed marks such as
tatweel or bidi controls never split a word) and carry spans into the text as
read. Clitic segmentation is conservative, as ``docs/ARCHITECTURE.md``
explains: a proclitic or enclitic is stripped only when what remains is a known
word, because no permissive offline Arabic analyser exists and guessing
(بوتين → ب + وتين) does more harm than good.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from marsad.model import Token
from marsad.text import ar
from marsad.text.normalise import NormalisedText

# A word: letters, digits and joiners inside words (apostrophes, hyphens); anything else is punctuation.
_TOKEN_RE = re.compile(r"\w+(?:['’\-]\w+)*|[^\w\s]", re.UNICODE)


def tokenise(norm: NormalisedText, start: int = 0, end: int | None = None) -> list[Token]:
    """Tokens of the normalised text between normalised offsets ``start`` and ``end``."""
    end = len(norm.text) if end is None else end
    out: list[Token] = []
    for m in _TOKEN_RE.finditer(norm.text, start, end):
        s, e = norm.map.span_to_orig(m.start(), m.end())
        word = m.group()
        out.append(Token(s, e, word, word[0].isalnum() or word[0] == "_"))
    return out


def iter_word_spans(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """Spans of words in an already-normalised string (used by the matchers)."""
    for m in _TOKEN_RE.finditer(text, start, len(text) if end is None else end):
        if m.group()[0].isalnum():
            yield m.start(), m.end()


def split_clitics(word: str, known: Callable[[str], bool]) -> tuple[str, str, str]:
    """Split a normalised Arabic word into (proclitics, stem, enclitic).

    The word is returned whole when it is known itself or when no split leaves a
    known stem. Longer proclitic sequences are tried first (وبال before و), and
    a stem ending in ت before an enclitic is also tried with ه (ة): زيارته →
    زياره + ه.
    """
    if known(word):
        return "", word, ""
    candidates: list[tuple[str, str, str]] = []
    for pro in sorted(ar.PROCLITIC_SEQUENCES, key=len, reverse=True):
        if not word.startswith(pro) or len(word) - len(pro) < 2:
            continue
        stem = word[len(pro):]
        if known(stem):
            candidates.append((pro, stem, ""))
        for enc in ar.ENCLITICS:
            if stem.endswith(enc) and len(stem) - len(enc) >= 2:
                core = stem[: -len(enc)]
                if known(core):
                    candidates.append((pro, core, enc))
                elif core.endswith("ت") and known(core[:-1] + "ه"):
                    candidates.append((pro, core[:-1] + "ه", enc))
        if candidates:
            break
    if not candidates:
        return "", word, ""
    return max(candidates, key=lambda c: len(c[1]))
