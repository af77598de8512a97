"""Sentence splitting for Arabic, English and French news.

Rules, in order:
- a line break ends a sentence (news titles and headings stand on their own
  line); a blank line is a paragraph break;
- ``. ! ? ؟`` followed by white space (after any closing quotes or brackets)
  end a sentence, unless the word before a period is a known abbreviation or
  a single letter (an initial), or the period is part of an ellipsis (``..``);
- ``، ؛ ; ,`` never end a sentence.
A line without final punctuation that is followed by a paragraph is marked as a
title (the first line) or a heading, so the coder can treat a headline question
as what it is.
"""

from __future__ import annotations

import itertools
import re

from marsad.model import Sentence
from marsad.text import ar, en, fr

_END_RE = re.compile(r"[.!?؟]+[\"'”»’)\]]*(?=\s)")
_CLOSERS = "\"'”»’)]"
_ABBREVIATIONS = {"ar": ar.ABBREVIATIONS, "en": en.ABBREVIATIONS, "fr": fr.ABBREVIATIONS}
_WORD_BEFORE_RE = re.compile(r"([\w.\-]+)$")


def _is_abbreviation(line: str, dot: int, lang: str) -> bool:
    m = _WORD_BEFORE_RE.search(line, 0, dot)
    if not m:
        return False
    word = m.group(1).lower().rstrip(".")
    if len(word) == 1 and word.isalpha():
        return True
    return word in _ABBREVIATIONS.get(lang, frozenset()) or (word in en.ABBREVIATIONS and lang != "ar")


def split_sentences(text: str, lang: str) -> list[Sentence]:
    """Sentences of ``text`` with their spans (trimmed of surrounding white space)."""
    out: list[Sentence] = []
    pos = 0
    lines = text.split("\n")
    for li, line in enumerate(lines):
        line_start = pos
        pos += len(line) + 1
        if not line.strip():
            continue
        cuts = [0]
        for m in _END_RE.finditer(line):
            punct = m.group().rstrip(_CLOSERS)
            if punct == "." and _is_abbreviation(line, m.start(), lang):
                continue
            if punct.startswith("..") and not punct.endswith(("!", "?", "؟")):
                continue  # an ellipsis joins clauses in headlines: not an end
            cuts.append(m.end())
        cuts.append(len(line))
        pieces = []
        for a, b in itertools.pairwise(cuts):
            seg = line[a:b]
            if seg.strip():
                lead = len(seg) - len(seg.lstrip())
                trail = len(seg.rstrip())
                pieces.append((line_start + a + lead, line_start + a + trail))
        stripped = line.strip()
        unpunctuated = stripped[-1:] not in ".!?؟:»”\"'" if stripped else False
        next_blank_or_para = li + 1 < len(lines)
        for s, e in pieces:
            is_title = (not out and unpunctuated) or (not out and li == 0 and len(lines) > 1)
            is_heading = bool(out) and len(pieces) == 1 and (unpunctuated or stripped.endswith(("؟", "?")))
            is_heading = is_heading and next_blank_or_para and len(stripped.split()) <= 12
            out.append(Sentence(index=len(out), start=s, end=e, is_title=is_title, is_heading=is_heading))
    return out
