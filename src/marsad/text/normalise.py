"""Normalisation for matching, with an exact map back to the text as read.

Why a map and not a second copy of offsets per token: every later stage
matches on the normalised string (one automaton pass over the whole document)
and reports spans in the original text. The map is kept as *segments* rather
than one integer per character, so a 10 MB article costs a few kilobytes of
map, not 80 MB.

Normalisation (all languages at once, since documents mix scripts):
- Arabic: diacritics, tatweel removed; alef/hamza forms → ا, ى → ي, ة → ه,
  ؤ → و, ئ → ي; Persian/Urdu letters → Arabic; Arabic-Indic digits → ASCII;
  presentation forms (U+FB50–U+FEFF) → their letters (NFKC); isolated
  diacritic forms (ﹰ ﹶ ﹼ…) are removed like the marks they stand for.
- Latin: case folded, accents removed (é → e, ï → i).
- Bidi controls, zero-width characters and soft hyphens removed.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache

from marsad.text import ar

_REMOVED = frozenset(
    [
        "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad",  # zero-width, BOM, soft hyphen
        "\u200e", "\u200f", "\u061c",  # LRM, RLM, ALM
        *(chr(c) for c in range(0x202A, 0x202F)),  # LRE … RLO
        *(chr(c) for c in range(0x2066, 0x206A)),  # LRI … PDI
    ]
) | ar.DIACRITICS


@lru_cache(maxsize=65536)
def normalise_char(ch: str) -> str:
    """The normalised form of one code point: '', one character, or several."""
    if ch in _REMOVED:
        return ""
    if ch in ar.LETTER_MAP:
        return ar.LETTER_MAP[ch]
    if ch in ar.DIGITS:
        return ar.DIGITS[ch]
    o = ord(ch)
    if o < 0x80:
        return ch.lower()
    if 0xD800 <= o <= 0xDFFF:  # lone surrogate: keep it, it is one code point of the input
        return ch
    if 0xFB50 <= o <= 0xFEFF:  # Arabic presentation forms
        nf = unicodedata.normalize("NFKC", ch)
        if nf != ch:
            if nf[:1] == " " and all(unicodedata.category(c) == "Mn" for c in nf[1:]):
                # an isolated diacritic (ﹰ → " ً"): a mark, removed like the mark itself, not a space
                return ""
            return "".join(normalise_char(c) for c in nf)
    if unicodedata.category(ch) == "Mn":  # any other combining mark (accents written apart)
        return ""
    decomposed = unicodedata.normalize("NFD", ch)
    base = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return base.casefold() if base else ""


@dataclass(frozen=True)
class OffsetMap:
    """Maps positions in the normalised string back to the original text.

    ``seg_norm[i]`` / ``seg_orig[i]`` are where segment *i* starts in each
    string; ``seg_copy[i]`` says whether the segment is a 1:1 run (offsets move
    together) or the expansion of one original character (all its normalised
    characters point at that one character). ``marks`` are the original
    positions of removed combining marks (harakat, accents written apart): a
    span that ends on a letter also takes the marks written on it, so that
    ``قَالَ`` is never cut to ``قَال`` and a mark is never left without its letter.
    """

    seg_norm: tuple[int, ...]
    seg_orig: tuple[int, ...]
    seg_copy: tuple[bool, ...]
    norm_len: int
    orig_len: int
    marks: tuple[int, ...] = ()

    def to_orig(self, pos: int) -> int:
        """Original offset of the normalised character at ``pos`` (``pos == norm_len`` → end)."""
        if pos >= self.norm_len:
            return self.orig_len
        i = bisect_right(self.seg_norm, pos) - 1
        if self.seg_copy[i]:
            return self.seg_orig[i] + (pos - self.seg_norm[i])
        return self.seg_orig[i]

    def to_norm(self, orig: int) -> int:
        """First normalised position whose original offset is at least ``orig`` (the inverse of to_orig).

        Read off the segments (``to_orig`` rises with the position: a copied run by one per character, an
        expansion not at all): the answer is inside the segment that starts before ``orig`` if that segment
        is a copied run reaching it, else the start of the next segment. One bisection, where a search over
        positions calls ``to_orig`` a dozen times; this runs for every mention and sentence bound."""
        j = bisect_left(self.seg_orig, orig)  # the first segment that starts at or after orig
        if j > 0 and self.seg_copy[j - 1]:
            p = self.seg_norm[j - 1] + (orig - self.seg_orig[j - 1])
            if p < (self.seg_norm[j] if j < len(self.seg_norm) else self.norm_len):
                return p
        return self.seg_norm[j] if j < len(self.seg_norm) else self.norm_len

    def span_to_orig(self, start: int, end: int) -> tuple[int, int]:
        """Original span covering normalised ``[start, end)`` (end exclusive, ``start < end``).

        The span ends after the combining marks written on its last character.
        """
        stop = self.to_orig(end - 1) + 1
        i = bisect_left(self.marks, stop)
        while i < len(self.marks) and self.marks[i] == stop:
            stop += 1
            i += 1
        return self.to_orig(start), stop


@dataclass(frozen=True)
class NormalisedText:
    text: str
    map: OffsetMap


class _Table(dict[int, str]):
    """``str.translate`` table filled on first sight of each code point.

    Why: translating in C is ~50x faster than a Python loop over characters; the
    few characters whose normalised length is not 1 are remembered so the
    offset map only has to look at them.
    """

    changing: set[str]

    def __missing__(self, o: int) -> str:
        rep = normalise_char(chr(o))
        self[o] = rep
        if len(rep) != 1:
            self.changing.add(chr(o))
        return rep


_TABLE = _Table()
_TABLE.changing = set()
_changing_pattern: tuple[int, re.Pattern[str] | None] = (0, None)


def _changing_re() -> re.Pattern[str] | None:
    global _changing_pattern
    size, pat = _changing_pattern
    if size != len(_TABLE.changing):
        chars = "".join(re.escape(c) for c in sorted(_TABLE.changing))
        pat = re.compile(f"[{chars}]") if chars else None
        _changing_pattern = (len(_TABLE.changing), pat)
    return pat


def normalise(text: str) -> NormalisedText:
    """Normalise ``text`` for matching and keep the way back to it."""
    norm = text.translate(_TABLE)
    seg_norm: list[int] = [0]
    seg_orig: list[int] = [0]
    seg_copy: list[bool] = [True]
    marks: list[int] = []
    pat = _changing_re()
    if pat is not None and pat.search(text):
        npos = 0  # normalised position of the current original position ``opos``
        opos = 0
        seg_norm, seg_orig, seg_copy = [], [], []
        for m in pat.finditer(text):
            i = m.start()
            if i > opos:  # a 1:1 run before this character
                seg_norm.append(npos)
                seg_orig.append(opos)
                seg_copy.append(True)
                npos += i - opos
            rep = _TABLE[ord(text[i])]
            if rep:
                seg_norm.append(npos)
                seg_orig.append(i)
                seg_copy.append(False)
                npos += len(rep)
            elif unicodedata.category(text[i]) in ("Mn", "Me"):
                marks.append(i)
            opos = i + 1
        if opos < len(text) or not seg_norm:
            seg_norm.append(npos)
            seg_orig.append(opos)
            seg_copy.append(True)
    omap = OffsetMap(tuple(seg_norm), tuple(seg_orig), tuple(seg_copy), len(norm), len(text), tuple(marks))
    return NormalisedText(norm, omap)


def normalise_key(text: str) -> str:
    """Normalised form of a dictionary entry (an alias, a trigger form), spaces folded.

    The same mapping as :func:`normalise`, without the offset map nobody needs for a key.
    """
    return " ".join(text.translate(_TABLE).split())


# A lone surrogate (text decoded with errors="surrogateescape", a broken feed) cannot be encoded as UTF-8, which
# spaCy and scikit-learn's feature hasher do for every string: one replacement character each, so offsets stay.
_SURROGATES: dict[int, str] = {c: "\ufffd" for c in range(0xD800, 0xE000)}
_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def has_surrogate(text: str) -> bool:
    """Whether ``text`` holds a lone surrogate (which UTF-8 cannot encode); a regex, run per parsed word."""
    return _SURROGATE_RE.search(text) is not None


def encodable(text: str) -> str:
    """``text`` with each lone surrogate replaced by U+FFFD (same length): what spaCy and hashers can encode."""
    return text.translate(_SURROGATES) if has_surrogate(text) else text
