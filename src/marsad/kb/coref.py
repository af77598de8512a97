"""Context references: possessive country pronouns, "the two countries", "the northern
neighbour". They are resolved from the mentions already found and the KB's geography.

- بلاده / his country / son pays → the country of the nearest preceding person
  (the speaker or subject), else of the nearest preceding actor with a country;
- البلدين / the two countries / les deux pays → the two most recent distinct countries;
- الجارة الشمالية / its northern neighbour / le voisin du nord → the neighbour of the
  document's focus country (most mentioned so far) whose capital lies in that
  direction. A state name set in apposition right after it that contradicts the
  geography (the focus country itself, or not a neighbour at all) is taken for a
  misprint and dropped, with the neighbour kept.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter

from marsad.kb.base import KnowledgeBase
from marsad.model import Mention, Sentence
from marsad.text import ar, en, fr
from marsad.text.normalise import NormalisedText

_LANG = {"ar": ar, "en": en, "fr": fr}


def _phrase_re(phrases: frozenset[str] | set[str], lang: str) -> re.Pattern[str] | None:
    if not phrases:
        return None
    alts = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    pre = r"(?:(?<=\W)|^)(?:[وفبلك]{0,2})" if lang == "ar" else r"\b"
    return re.compile(f"{pre}({alts})(?!\\w)")


def _country_of_context(mentions: list[Mention], before: int, prefer_person: bool) -> str | None:
    prior = [m for m in mentions if m.end <= before and m.entity.country]
    if prefer_person:
        people = [m for m in prior if m.entity.type == "person"]
        if people:
            return people[-1].entity.country
    return prior[-1].entity.country if prior else None


def resolve_references(norm: NormalisedText, original: str, sentences: list[Sentence], kb: KnowledgeBase,
                       lang: str, mentions: list[Mention]) -> list[Mention]:
    """Return ``mentions`` with the context references added (and misprinted appositions dropped)."""
    data = _LANG[lang]
    text = norm.text
    starts = [s.start for s in sentences]
    added: list[Mention] = []
    drop: set[int] = set()

    def make(ns: int, ne: int, country: str, how: str = "pronoun") -> Mention:
        s, e = norm.map.span_to_orig(ns, ne)
        return Mention(s, e, original[s:e], kb.state_actor(country), how,  # type: ignore[arg-type]
                       max(0, bisect_right(starts, s) - 1))

    pron = _phrase_re(data.COUNTRY_PRONOUNS, lang)
    for m in pron.finditer(text) if pron else ():
        s0, _ = norm.map.span_to_orig(m.start(1), m.end(1))
        country = _country_of_context(mentions, s0, prefer_person=True)
        if country:
            added.append(make(m.start(1), m.end(1), country))

    dyad = _phrase_re(data.DYAD_WORDS, lang)
    for m in dyad.finditer(text) if dyad else ():
        s0, _ = norm.map.span_to_orig(m.start(1), m.end(1))
        recent: list[str] = []
        for prior in reversed([x for x in mentions + added if x.end <= s0 and x.entity.country]):
            c = prior.entity.country
            if c not in recent:
                recent.append(c)  # type: ignore[arg-type]
            if len(recent) == 2:
                break
        if len(recent) == 2:
            for c in reversed(recent):
                added.append(make(m.start(1), m.end(1), c))

    directions = "|".join(re.escape(d) for d in data.DIRECTIONS)
    nouns = "|".join(re.escape(n) for n in sorted(data.NEIGHBOUR_WORDS, key=len, reverse=True))
    if lang == "en":
        neigh_re = re.compile(rf"\b(?:its |their |the )?(?P<dir>{directions}) (?:{nouns})\b")
    else:
        neigh_re = re.compile(rf"(?:(?<=\W)|^)(?:[وفبلك]{{0,2}})(?:{nouns}) (?P<dir>{directions})(?!\w)")
    for m in neigh_re.finditer(text):
        s0, e0 = norm.map.span_to_orig(m.start(), m.end())
        focus_counts = Counter(x.entity.country for x in mentions if x.end <= s0 and x.entity.country)
        if not focus_counts:
            continue
        focus = max(focus_counts, key=lambda c: (focus_counts[c], -min(x.start for x in mentions
                                                                      if x.entity.country == c)))
        neighbour = kb.neighbour_towards(focus, data.DIRECTIONS[m.group("dir")])
        if not neighbour:
            continue
        added.append(make(m.start(), m.end(), neighbour))
        for i, x in enumerate(mentions):
            gap = original[e0:x.start]
            if x.start >= e0 and len(gap) <= 3 and gap.strip(" ,،") == "" and x.entity.type == "state":
                neighbours = kb.states[focus].neighbours if focus in kb.states else []
                if x.entity.country == focus or x.entity.country not in neighbours:
                    drop.add(i)
                break
    kept = [x for i, x in enumerate(mentions) if i not in drop]
    covered = {(x.start, x.end) for x in kept}
    kept.extend(a for a in added if (a.start, a.end) not in covered or a.how == "pronoun")
    kept.sort(key=lambda x: (x.start, x.end))
    return kept
