"""Sentence splitting for Arabic, English and French news.

Rules, in order:
- a line break ends a sentence (news titles and headings stand on their own
  line); a blank line is a paragraph break;
- ``. ! ? ؟`` followed by white space (after any closing quotes or brackets,
  and a French closing ``»`` after its space: ``demain. »``) end a sentence,
  unless the word before a period is a known abbreviation or a single letter
  (an initial), or the period is part of an ellipsis (``..``);
- ``، ؛ ; ,`` never end a sentence.
A first line that holds one sentence and stands apart (no final punctuation,
or a ``? !`` headline, or a blank line after it) is the title; a later short
line without final punctuation (closing quotes aside) is a heading, so the
coder can treat a headline question as what it is.
"""

from __future__ import annotations

import itertools
import re

from marsad.model import Sentence
from marsad.text import ar, en, fr

_CLOSERS = "\"'”“»’)]"  # “ closes German-style „…“ quotes; after a period it never opens one
_SPACES = " \u00a0\u202f"
# Layout marks a scraped page leaves after a full stop (النقدية.= وكان): the sentence ends before them.
_LAYOUT_MARKS = "=*#|"
_END_RE = re.compile(r"[.!?؟]+(?:[ \u00a0\u202f]?»)?[" + re.escape(_CLOSERS) + r"]*[" + re.escape(_LAYOUT_MARKS) +
                     r"]*(?=\s|$)")
_FINAL = ".!?؟:"
_ABBREVIATIONS = {"ar": ar.ABBREVIATIONS, "en": en.ABBREVIATIONS, "fr": fr.ABBREVIATIONS}
# the word before a period, with any combining marks on it (غدًا. must not read as the initial ا.)
_MARKS = "\u064b-\u065f\u0670\u0300-\u036f"
_WORD_CHAR_RE = re.compile(rf"[\w.\-{_MARKS}]")
_MARK_RE = re.compile(f"[{_MARKS}]")


def _word_before(line: str, dot: int) -> str:
    """The run of word characters (letters, marks, dots, hyphens) that ends at ``dot``.

    Why a backward walk and not ``re.search(r"(...)+$", line, 0, dot)``: that search tries every start
    position of the line, so a 1 MB line with a period every few words was quadratic.
    """
    i = dot
    while i > 0 and _WORD_CHAR_RE.match(line, i - 1):
        i -= 1
    return line[i:dot]


def _is_abbreviation(line: str, dot: int, lang: str) -> bool:
    before = _word_before(line, dot)
    if not before:
        return False
    word = _MARK_RE.sub("", before).lower().rstrip(".")
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
            punct = m.group().rstrip(_CLOSERS + _SPACES + _LAYOUT_MARKS)
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
        bare = stripped.rstrip(_CLOSERS + _SPACES)
        unpunctuated = bool(bare) and bare[-1] not in _FINAL
        single = len(pieces) == 1
        stands_apart = False
        if not out and single and not unpunctuated:  # only the first sentence can be the title
            followed = any(rest.strip() for rest in lines[li + 1:])
            blank_after = li + 1 < len(lines) and not lines[li + 1].strip()
            stands_apart = followed and (bare.endswith(("!", "?", "؟")) or blank_after)
        for s, e in pieces:
            is_title = not out and single and (unpunctuated or stands_apart)
            is_heading = bool(out) and single and (unpunctuated or bare.endswith(("؟", "?")))
            is_heading = is_heading and li + 1 < len(lines) and len(stripped.split()) <= 12
            out.append(Sentence(index=len(out), start=s, end=e, is_title=is_title, is_heading=is_heading))
    return out
