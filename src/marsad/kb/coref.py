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

import itertools
import re
from bisect import bisect_left, bisect_right
from collections import Counter

from marsad.kb.base import KnowledgeBase
from marsad.model import Mention, Sentence
from marsad.text import ar, en, fr
from marsad.text.normalise import NormalisedText, normalise_key

_LANG = {"ar": ar, "en": en, "fr": fr}
_SIDES = {lang: frozenset(normalise_key(w) for w in mod.SIDE_WORDS) for lang, mod in _LANG.items()}


def _phrase_re(phrases: frozenset[str] | set[str], lang: str) -> re.Pattern[str] | None:
    if not phrases:
        return None
    alts = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    pre = r"(?:(?<=\W)|^)(?:[وفبلك]{0,2})" if lang == "ar" else r"\b"
    return re.compile(f"{pre}({alts})(?!\\w)")


class _Prior:
    """Mentions with a country, in their list order, searchable backwards from a position.

    Why: each reference looks at "the mentions before it"; filtering the whole list per reference
    is quadratic (a 10 MB article has ~10^5 mentions and as many references). The list is sorted by
    start, so those that may end before a position are a prefix found by bisection; walking back from
    there gives exactly the order of the former ``reversed([...])`` filters.
    """

    def __init__(self, items: list[Mention]) -> None:
        self.items = [m for m in items if m.entity.country]
        self.ordered = all(a.start <= b.start for a, b in itertools.pairwise(self.items))
        self.starts = [m.start for m in self.items]
        # prev_diff[k]: the largest index < k whose country differs from that of k (-1 if none)
        self.prev_diff: list[int] = []
        for k, m in enumerate(self.items):
            if k == 0:
                self.prev_diff.append(-1)
            elif self.items[k - 1].entity.country != m.entity.country:
                self.prev_diff.append(k - 1)
            else:
                self.prev_diff.append(self.prev_diff[k - 1])

    def _top(self, before: int) -> int:
        """Index just past the last item that can end at or before ``before`` (a mention is never empty)."""
        return bisect_left(self.starts, before) if self.ordered else len(self.items)

    def last(self, before: int) -> Mention | None:
        """The last item (in list order) that ends at or before ``before``."""
        k = self._top(before) - 1
        while k >= 0 and self.items[k].end > before:
            k -= 1
        return self.items[k] if k >= 0 else None

    def recent_countries(self, before: int, recent: list[str]) -> None:
        """Walk back from ``before`` adding distinct countries to ``recent`` until it holds two."""
        k = self._top(before) - 1
        while k >= 0 and len(recent) < 2:
            m = self.items[k]
            if m.entity.country in recent:
                k = self.prev_diff[k]  # the same country again: skip the whole run of it
                continue
            if m.end <= before:
                recent.append(m.entity.country)  # type: ignore[arg-type]
            k -= 1


def _two_state_parties(mentions: list[Mention], starts: list[int], before: int) -> bool:
    """Whether the parties named last before ``before`` (places aside) are of two countries, with no party
    without a country among them: "the two sides" then are theirs; after a group without a country they are
    not two states. Parties of one country count once (Baghdad, then his Iraqi counterpart)."""
    last: list[str] = []
    k = bisect_left(starts, before) - 1  # ``mentions`` sorted by start, ``starts`` theirs
    while k >= 0 and len(last) < 2:
        x = mentions[k]
        if x.end <= before and x.entity.type != "place":
            if not x.entity.country:
                return False
            if x.entity.country not in last:
                last.append(x.entity.country)
        k -= 1
    return len(last) == 2


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

    prior_all = _Prior(mentions)
    prior_people = _Prior([m for m in mentions if m.entity.type == "person"])
    pron = _phrase_re(data.COUNTRY_PRONOUNS, lang)
    for m in pron.finditer(text) if pron else ():
        s0, _ = norm.map.span_to_orig(m.start(1), m.end(1))
        # the country of the nearest preceding person, else of the nearest preceding actor with one
        nearest = prior_people.last(s0) or prior_all.last(s0)
        if nearest is not None:
            added.append(make(m.start(1), m.end(1), nearest.entity.country))  # type: ignore[arg-type]

    dyad = _phrase_re(data.DYAD_WORDS, lang)
    sides = _SIDES[lang]
    by_start = sorted(mentions, key=lambda x: x.start)
    by_start_starts = [x.start for x in by_start]
    pronoun_refs = _Prior(list(added))
    dyad_refs: list[Mention] = []
    for m in dyad.finditer(text) if dyad else ():
        s0, _ = norm.map.span_to_orig(m.start(1), m.end(1))
        # the two most recent distinct countries, looking back over the references added so far (the
        # latest first) and then the mentions
        recent: list[str] = []
        for prior in reversed(dyad_refs):
            if len(recent) == 2:
                break
            if prior.end <= s0 and prior.entity.country not in recent:
                recent.append(prior.entity.country)  # type: ignore[arg-type]
        pronoun_refs.recent_countries(s0, recent)
        prior_all.recent_countries(s0, recent)
        if normalise_key(m.group(1)) in sides and not _two_state_parties(by_start, by_start_starts, s0):
            continue  # بين الطرفين after two armed groups: the sides are theirs, not two states told before
        if len(recent) == 2:
            for c in reversed(recent):
                ref = make(m.start(1), m.end(1), c)
                added.append(ref)
                dyad_refs.append(ref)

    directions = "|".join(re.escape(d) for d in data.DIRECTIONS)
    nouns = "|".join(re.escape(n) for n in sorted(data.NEIGHBOUR_WORDS, key=len, reverse=True))
    if lang == "en":
        neigh_re = re.compile(rf"\b(?:its |their |the )?(?P<dir>{directions}) (?:{nouns})\b")
    else:
        neigh_re = re.compile(rf"(?:(?<=\W)|^)(?:[وفبلك]{{0,2}})(?:{nouns}) (?P<dir>{directions})(?!\w)")
    # The focus country: the most mentioned so far, ties to the one named first in the document, then
    # to the one met first in list order (as ``max`` over a Counter filled in list order would).
    first_start: dict[str, int] = {}
    for x in mentions:
        xc = x.entity.country
        if xc and (xc not in first_start or x.start < first_start[xc]):
            first_start[xc] = x.start
    by_end = sorted((i for i, x in enumerate(mentions) if x.entity.country), key=lambda i: mentions[i].end)
    focus_counts: Counter[str] = Counter()
    first_index: dict[str, int] = {}
    counted = 0
    starts_sorted = all(a.start <= b.start for a, b in itertools.pairwise(mentions))
    mention_starts = [x.start for x in mentions]
    for m in neigh_re.finditer(text):
        s0, e0 = norm.map.span_to_orig(m.start(), m.end())
        while counted < len(by_end) and mentions[by_end[counted]].end <= s0:
            i = by_end[counted]
            xc = mentions[i].entity.country or ""
            focus_counts[xc] += 1
            first_index[xc] = min(first_index.get(xc, i), i)
            counted += 1
        if not focus_counts:
            continue
        focus = max(focus_counts, key=lambda c: (focus_counts[c], -first_start[c], -first_index[c]))
        neighbour = kb.neighbour_towards(focus, data.DIRECTIONS[m.group("dir")])
        if not neighbour:
            continue
        added.append(make(m.start(), m.end(), neighbour))
        # a state name in apposition starts within 3 characters after the phrase
        lo = bisect_left(mention_starts, e0) if starts_sorted else 0
        for i in range(lo, len(mentions)):
            x = mentions[i]
            if starts_sorted and x.start > e0 + 3:
                break
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
