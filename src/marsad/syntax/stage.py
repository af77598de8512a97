"""The syntax stage in the pipeline: parse the sentences where the coder will look for roles.

Why only sentences with a candidate trigger: roles are read off the parse around a trigger, and a news article
has many sentences with none (bylines, background, quotes of no event); parsing them would cost time and give
the coder nothing. A candidate is any lexicon trigger match, before the coder's own filters, so the parse is
there for every trigger the coder may keep.
"""

from __future__ import annotations

from bisect import bisect_right

from marsad.coding.lexicon import Lexicon
from marsad.model import Document, Mention
from marsad.syntax.parse import parse_sentences
from marsad.text.matching import scan
from marsad.text.normalise import NormalisedText


def candidate_sentences(doc: Document, norm: NormalisedText, lex: Lexicon) -> list[int]:
    """Indices of ``doc.sentences`` that hold at least one lexicon trigger match (one automaton pass)."""
    if not doc.sentences:
        return []
    starts = [norm.map.to_norm(s.start) for s in doc.sentences]
    ends = [norm.map.to_norm(s.end) for s in doc.sentences]
    found: set[int] = set()
    for m in scan(lex.automaton, norm.text, None, doc.text, norm.map, 0, lex.short, accusative=True):
        if not any(getattr(it, "role", None) == "trigger" and it.fits(m) for it in m.payload):
            continue
        k = bisect_right(starts, m.start) - 1
        if k >= 0 and m.start < ends[k]:
            found.add(k)
    return sorted(found)


def parse_document(doc: Document, norm: NormalisedText, lex: Lexicon | None = None,
                   mentions: list[Mention] | None = None, needs_participant: bool = True,
                   lemmas: bool = True) -> int:
    """Fill ``Sentence.words`` for the sentences to parse (all of them when ``lex`` is None).

    With ``mentions`` and ``needs_participant``, only sentences that also hold one of them are parsed: a parse
    can only give a role to a participant the sentence names (a quarter fewer sentences parsed on Arabic news;
    ``bench/bench_syntax.py``). ``Coder(syntax_needs_participant=False)`` parses every trigger sentence, also
    one whose actor is an earlier sentence's topic. The mentions found by name are kept whole by the Arabic
    segmenter (names and capital metonyms; not roles or pronouns, whose suffixes are words: بلاده). Returns how many
    sentences were parsed. ``lemmas``: as ``parse_sentences``.
    """
    idx = list(range(len(doc.sentences))) if lex is None else candidate_sentences(doc, norm, lex)
    if mentions is not None and needs_participant:
        named = {m.sentence for m in mentions}
        idx = [i for i in idx if doc.sentences[i].index in named]
    if not idx:
        return 0
    chosen = [doc.sentences[i] for i in idx]
    names = sorted((m.start, m.end) for m in mentions or () if m.how in ("name", "metonym"))
    for s, words in zip(chosen, parse_sentences(doc.language, doc.text, chosen, norm, names, lemmas), strict=True):
        s.words = words
    return len(chosen)
