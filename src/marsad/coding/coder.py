"""Events from sentences: triggers → roles → attribution, modality, date, place, confidence.

Rules over tokens, mentions and cue words, in the PETRARCH spirit but without a
parser (see docs/ARCHITECTURE.md, "Role assignment"):

- **Triggers** come from the lexicon automaton. Adjacent triggers in one noun
  chain (توقيع اتفاقيات تعاون) are one event: the first specific one wins.
- **Actor** of a verb: in Arabic the mention right after it (VSO), else the one
  before it in the clause (SVO); in English and French the one before it.
  Of an event noun: its genitive (زيارة غويتا, دعم روسي), the subject of a light
  verb beside it (زيارة أجراها غويتا), an English/French possessive or adjective
  before it, or — when the noun has no genitive of its own — the sentence's topic.
  Passive and "receive" verbs swap the roles; ``من قبل`` / by / par mark the agent.
- **Recipient**: the mention after a recipient preposition (إلى، مع، على، ضد؛ to, with,
  against; à, avec, contre), or the direct object after the subject.
- **Reciprocal** triggers with one participant take the sentence topic as the other.
- **Attribution**: a speculation cue before the trigger → speculated (speaker
  null); denial → denied; a reporting verb → claimed by its subject; a hedge in
  the same clause → hedged; a headline question → speculated; else asserted.
- **Document rules**: a definite event noun with no participants of its own
  (خلال اللقاء, during the meeting) refers back and adds nothing; a closing
  summary (في المحصلة, in sum) adds no new event; the same event told twice is
  kept once, preferring the body over the title and the firmest evidentiality.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from types import ModuleType
from typing import TYPE_CHECKING

from marsad.coding import roles
from marsad.coding.dates import BEFORE, RECENT, DateFound, find_dates
from marsad.coding.lexicon import CONTEXT_CLASSES, Item, Lexicon, Trigger
from marsad.coding.ontology import Ontology, quad_class
from marsad.kb.base import KnowledgeBase
from marsad.kb.countries import LOCAL_TARGET_EVENTS, Passages, implicit_recipient, localise
from marsad.model import (
    IMPLIED_HOW,
    Actor,
    Attribution,
    Document,
    Event,
    EventDate,
    Location,
    Mention,
    Sentence,
)
from marsad.syntax.parse import word_at
from marsad.text import ar, en, fr
from marsad.text.matching import Match, scan
from marsad.text.normalise import NormalisedText, normalise_key

if TYPE_CHECKING:
    from marsad.coding.detector import Detector

_LANG: dict[str, ModuleType] = {"ar": ar, "en": en, "fr": fr}
# Whether a party the parse finds replaces the flat rules' (True) or only fills a side they left empty
# (False). Measured on news-gold and the reference article: see docs/EVALUATION.md.
PARSE_OVERRIDES = False
_TOKEN_RE = re.compile(r"\w+|[^\w\s]", re.UNICODE)
_CLAUSE_PUNCT = frozenset("،,;؛:()[]«»“”\"")
_QUOTES = frozenset("«»“”\"")
_SENT_PUNCT = frozenset(".!?؟")
_LINKERS = frozenset({"to", "de", "d", "'", "a", "of", "on"})  # infinitive and complement markers
# Events whose unvocalised Arabic verb may be a passive (قتل: killed / was killed; اعتقل: arrested / was arrested).
HARM_EVENTS = frozenset({"ASSAULT", "COERCE"})
# How far after a trigger with ``objects`` its object may come (a preposition, an adjective, a count between).
OBJECT_REACH = 4
EVIDENTIALITY_RANK = {"asserted": 0, "claimed": 1, "hedged": 2, "speculated": 3, "denied": 4}


@dataclass
class Tok:
    start: int  # normalised, document coordinates
    end: int
    text: str


@dataclass
class Cue:
    role: str
    start: int
    end: int
    tok: int  # token index
    text: str
    noun: bool = False


@dataclass
class Hit:
    """A trigger occurrence in a sentence."""

    trigger: Trigger
    pos: str
    start: int
    end: int
    tok: int
    tok_end: int
    prefix: str
    suffix: str


@dataclass
class Draft:
    hit: Hit
    sentence: Sentence
    actors: list[Mention] = field(default_factory=list)
    recipients: list[Mention] = field(default_factory=list)
    attribution: Attribution = field(default_factory=lambda: Attribution(None, "asserted", None))
    negated: bool = False
    future: bool = False
    date: EventDate = field(default_factory=lambda: EventDate(None, "unknown", None))
    location: Location | None = None
    context: tuple[str, ...] = ()
    role_certainty: float = 0.5
    in_summary: bool = False
    is_title: bool = False
    background: bool = False
    features: list[str] = field(default_factory=list)  # the detector's, while the document is coded
    detector_p: float | None = None  # the detector's P(reported event), when it judged this draft


class SentenceView:
    """A sentence's tokens, mentions and lexicon matches in normalised coordinates."""

    def __init__(self, sent: Sentence, ns: int, ne: int, norm: NormalisedText, original: str,
                 mentions: list[Mention], mention_norm: list[tuple[int, int]], lex: Lexicon, lang: str) -> None:
        self.sent = sent
        self.ns, self.ne = ns, ne
        self.text = norm.text
        self.map = norm.map
        self.toks = [Tok(ns + m.start(), ns + m.end(), m.group()) for m in _TOKEN_RE.finditer(norm.text[ns:ne])]
        self.tok_starts = [t.start for t in self.toks]
        lo = bisect_left(mention_norm, (ns, -1))
        self.mentions: list[tuple[Mention, int, int]] = []  # participants: actors of any kind but places
        self.places: list[tuple[Mention, int, int]] = []
        for i in range(lo, len(mentions)):
            s, e = mention_norm[i]
            if s >= ne:
                break
            (self.places if mentions[i].entity.type == "place" else self.mentions).append((mentions[i], s, e))
        self.cues: list[Cue] = []
        self.hits: list[Hit] = []
        self.dates: list[DateFound] | None = None  # found once per sentence, on first need
        self._clause_bounds: tuple[list[int], list[int]] | None = None
        self.lang = lang
        data = _LANG[lang]
        # Mentions are in text order; their token indices are too, so "the mentions between two tokens" is a
        # slice found by bisection, not a scan per question (a 5,000-token sentence asks thousands of them).
        self.mention_toks = [self.tok_at(s) for _, s, _ in self.mentions]
        self.mentions_ordered = all(a[1] <= b[1] for a, b in itertools.pairwise(self.mentions))
        self.mention_starts = [s for _, s, _ in self.mentions]
        # inside a name: some mention with start <= s and end >= e, i.e. the largest end among those
        # starting at or before s reaches e
        inside_starts = sorted((s, e) for _, s, e in self.mentions)
        inside_max_end: list[int] = []
        for _, e in inside_starts:
            inside_max_end.append(max(e, inside_max_end[-1]) if inside_max_end else e)
        inside_keys = [s for s, _ in inside_starts]
        self._inside_keys, self._inside_max_end = inside_keys, inside_max_end
        self._report_toks: list[int] | None = None  # the reporting cues' tokens, on first need
        seg = norm.text[ns:ne]

        def accept(m: Match) -> tuple[Item, ...] | None:
            kept = self._accept(m)
            if kept and m.start >= 2 and seg[m.start - 1] == "-" and seg[m.start - 2].isalnum() and \
                    seg[max(0, m.start - 12):m.start - 1].split()[-1] not in data.VERB_PREFIXES:
                # Iranian-backed, long-threatened: a compound modifier, no trigger (counter-attack and
                # re-arrested are an attack and an arrest). Refused here, so a shorter trigger after it
                # (long-threatened invasion: the invasion) is still found.
                kept = tuple(i for i in kept if i.role != "trigger")
            return kept or None

        for m in scan(lex.automaton, seg, accept, original, norm.map, ns, lex.short, accusative=True):
            items: tuple[Item, ...] = m.payload
            s, e = ns + m.start, ns + m.end
            t0, t1 = self.tok_at(s), self.tok_at(e - 1)
            triggers = [i for i in items if i.role == "trigger"]
            k = bisect_right(inside_keys, s)
            inside_name = bool(k and inside_max_end[k - 1] >= e)
            if inside_name:  # a word inside a name (تحالف in "تحالف الساحل") is no event; an agent noun's
                # mention (المتظاهرون) is the actors of its own event
                triggers = [i for i in triggers if i.trigger is not None and i.trigger.agent]
            if m.suffix and lang == "ar" and m.suffix not in data.VERB_ENCLITICS:
                triggers = [i for i in triggers if i.pos not in ("verb", "passive")]
            prev = self.toks[t0 - 1].text if t0 > 0 else ""
            if prev in ("'", "’") and t0 > 1:
                prev = self.toks[t0 - 2].text
            if prev in data.ARTICLES:  # the end of March, a ban: an article is never followed by a verb
                triggers = [i for i in triggers if i.pos not in ("verb", "passive")]
            if prev in data.DETERMINERS:
                prev = "في"  # read as after a preposition: a noun
            after_trigger = bool(self.hits) and self.hits[-1].tok_end == t0 - 1  # تعزيز تعاونها: a noun chain
            if prev in data.PREPOSITIONAL_WORDS or prev == "في" or m.prefix.lstrip("وف")[:1] in ("ب", "ل") \
                    or after_trigger:
                triggers.sort(key=lambda it: not it.is_noun)  # بعد انسحاب: a noun
            elif lang != "ar" and len({i.is_noun for i in triggers}) == 2 and (upos := self._upos(s, e)):
                # English and French forms that are both (aid, attack, appui): the parse's part of speech
                # says which (gave Mali aid: the noun; they attack: the verb)
                triggers.sort(key=lambda it: it.is_noun != (upos in ("NOUN", "PROPN")))
            # One form, several triggers (أطلق: النار is an attack, سراح a release; fire: artillery is an
            # attack, the bare verb something else): the first whose object nouns follow it — the more
            # specific reading, as PETRARCH prefers a pattern to its verb's own code — else the first that
            # needs none; a trigger whose objects are absent is no event.
            trig = next((i for i in triggers if i.trigger is not None and i.trigger.objects
                         and self.takes_object(i.trigger, t1)), None) or \
                next((i for i in triggers if i.trigger is None or not i.trigger.objects), None)
            for item in items:
                if item.role != "trigger" and not inside_name:  # nor a cue (كيري is no ك + يرى "sees")
                    self.cues.append(Cue(item.role, s, e, t0, norm.text[s:e], item.pos == "noun"))
            if trig is not None and trig.trigger is not None:
                self.hits.append(Hit(trig.trigger, trig.pos, s, e, t0, t1, m.prefix, m.suffix))
        # the noun a verb took as its ``objects`` is part of that event (سترفع … عقوباتها: the sanctions are
        # what is lifted, no sanction of their own)
        owned = {self.object_tok(h.trigger, h.tok_end) for h in self.hits if h.trigger.objects}
        self.hits = [h for h in self.hits if h.tok not in owned or h.trigger.agent]  # protesters still name

    def _upos(self, s: int, e: int) -> str | None:
        """The part of speech the parse gives the word at normalised ``[s, e)``, if the sentence is parsed."""
        words = getattr(self.sent, "words", None)
        if not words:
            return None
        w = word_at(words, self.map.span_to_orig(s, e)[0])
        return w.upos if w is not None else None

    @staticmethod
    def _accept(m: Match) -> tuple[Item, ...] | None:
        keep = []
        for i in m.payload:
            if not i.fits(m):
                continue
            if i.construct and not m.suffix:
                continue
            if i.pos in ("verb", "passive") and ("ال" in m.prefix or m.prefix.endswith("لل") or
                                                "ب" in m.prefix):
                continue  # the article and the preposition ب are proclitics of nouns (بنصر is no ب + نصر "we insist")
            if "ك" in m.prefix and not i.is_noun:
                continue  # ك "like" is a proclitic of nouns only: كيري is no ك + يرى, a verb cue
            # a preposition takes no clitic; the nouns among a protest's target words do (للتنديد، والمناهضة)
            if i.role.startswith("prep") and (m.suffix or (m.prefix and not (
                    i.role == "prep:target" and m.end - m.start >= 5))):
                continue
            keep.append(i)
        return tuple(keep) or None

    def add_anaphors(self, anaphors: dict[str, Trigger]) -> None:
        """Hits for the head noun of a two-word trigger phrase seen earlier in the document: after
        "رسائل مبطنة" (veiled messages) in the title, a later "رسائل" means the same kind of event."""
        if not anaphors:
            return
        covered = {j for h in self.hits for j in range(h.tok, h.tok_end + 1)}
        for j, t in enumerate(self.toks):
            if j in covered:
                continue
            word = t.text
            for pre in ("", "و", "ف", "ب", "ل", "ال", "وال", "بال"):
                trig = anaphors.get(word[len(pre):]) if word.startswith(pre) else None
                if trig is not None:
                    self.hits.append(Hit(trig, "noun", t.start, t.end, j, j, pre, ""))
                    break
        self.hits.sort(key=lambda h: h.start)

    def tok_at(self, pos: int) -> int:
        i = bisect_left(self.tok_starts, pos + 1) - 1
        return max(0, i)

    def mention_tok(self, s: int) -> int:
        return self.tok_at(s)

    def mentions_between(self, t0: int, t1: int) -> list[tuple[Mention, int, int]]:
        """The participant mentions whose first token is in ``[t0, t1]``, in text order."""
        if not self.mentions_ordered:
            return [x for x in self.mentions if t0 <= self.mention_tok(x[1]) <= t1]
        return self.mentions[bisect_left(self.mention_toks, t0):bisect_right(self.mention_toks, t1)]

    def first_mention_from(self, pos: int, max_tok: int) -> tuple[Mention, int, int] | None:
        """The first participant mention starting at or after normalised position ``pos`` whose first token is
        at most ``max_tok`` (in text order, only the first from ``pos`` can be)."""
        if not self.mentions_ordered:
            return next((x for x in self.mentions if x[1] >= pos and self.mention_tok(x[1]) <= max_tok), None)
        k = bisect_left(self.mention_starts, pos)
        return self.mentions[k] if k < len(self.mentions) and self.mention_toks[k] <= max_tok else None

    def takes_object(self, trigger: Trigger, tok_end: int) -> bool:
        """Whether one of the trigger's ``objects`` nouns comes within a few words after it, in its clause
        (its object, or the noun after its preposition: حصلت على أسلحة), with or without article and clitics."""
        return self.object_tok(trigger, tok_end) is not None

    def object_tok(self, trigger: Trigger, tok_end: int) -> int | None:
        """The token of the trigger's ``objects`` noun (see :meth:`takes_object`), or None."""
        _, end = self.clause(tok_end)
        clitics = ar.PROCLITIC_SEQUENCES if self.lang == "ar" else frozenset({""})
        data = _LANG[self.lang]
        reach = 0
        for j in range(tok_end + 1, end + 1):
            word = self.toks[j].text
            if not word[:1].isalnum() or word in data.DETERMINERS or word in data.TIME_WORDS:
                continue  # the reach counts words: not the article, a time word or the hyphen of "four-day"
            if self._inside_mention(self.toks[j].start):
                continue  # a name is one word of the reach (سترفع الولايات المتحدة عقوباتها: the subject between)
            reach += 1
            if reach > OBJECT_REACH:
                break
            for pre in clitics:
                if not word.startswith(pre):
                    continue
                stem = word[len(pre):]
                if stem in trigger.objects or (self.lang == "ar" and stem.endswith(ar.ACCUSATIVE_ALIF)
                                               and stem[:-1] in trigger.objects):
                    return j
        return None

    def report_after(self, tok: int) -> int:
        """The first reporting cue after token ``tok`` (according to, حسب, selon): who is named after it is the
        source of the report, no party of the event before it. The sentence's length if there is none."""
        if self._report_toks is None:
            self._report_toks = sorted(c.tok for c in self.cues if c.role == "reporting")
        k = bisect_right(self._report_toks, tok)
        return self._report_toks[k] if k < len(self._report_toks) else len(self.toks)

    def _inside_mention(self, pos: int) -> bool:
        """Whether ``pos`` is inside a participant mention that starts before it (a name's second word)."""
        k = bisect_left(self._inside_keys, pos)  # the mentions starting before pos: does one reach past it?
        return bool(k) and self._inside_max_end[k - 1] > pos

    def clause(self, tok: int) -> tuple[int, int]:
        """The tokens of the clause around ``tok``: back to clause punctuation, on to clause or sentence
        punctuation. Both bounds are computed once per sentence (walking per question was quadratic in a
        long sentence without commas)."""
        if self._clause_bounds is None:
            n = len(self.toks)
            starts, ends = [0] * n, [n - 1] * n
            a = 0
            for i in range(n):
                starts[i] = a
                if self.toks[i].text in _CLAUSE_PUNCT:
                    a = i + 1
            b = n - 1
            stops = _CLAUSE_PUNCT | _SENT_PUNCT
            for i in range(n - 1, -1, -1):
                ends[i] = b
                if self.toks[i].text in stops:
                    b = i - 1
            self._clause_bounds = (starts, ends)
        if not 0 <= tok < len(self.toks):  # no tokens (a sentence of marks only): the walk, as it always was
            a = tok
            while a > 0 and self.toks[a - 1].text not in _CLAUSE_PUNCT:
                a -= 1
            b = tok
            while b + 1 < len(self.toks) and self.toks[b + 1].text not in _CLAUSE_PUNCT | _SENT_PUNCT:
                b += 1
            return a, b
        starts, ends = self._clause_bounds
        return starts[tok], ends[tok]

    def cues_of(self, role: str) -> list[Cue]:
        return [c for c in self.cues if c.role == role]


def _mention_prefix(view: SentenceView, s: int) -> str:
    """Proclitic letters glued before a mention (و، ب، ل…), from its token start."""
    t = view.toks[view.tok_at(s)]
    return view.text[t.start:s]


def _preceded_by_prep(view: SentenceView, s: int, lang: str, classes: tuple[str, ...]) -> str | None:
    """The preposition (a separate word or an Arabic proclitic) right before a mention."""
    pre = _mention_prefix(view, s)
    if lang == "ar" and pre:
        stripped = pre.lstrip("وف")
        if stripped.startswith(("ل", "لل")) and "prep:recipient" in classes:
            return "ل"
        if stripped.startswith("ب"):
            # the mention's own preposition: no look back past it (التقى خلال زيارة إلى القاهرة بالأمين العام:
            # إلى is the visit's, ب the meeting's); a recipient one only for the triggers that list it
            return "ب" if "prep:location" in classes or "prep:recipient" in classes else None
    ti = view.tok_at(s)
    articles = _LANG[lang].DEFINITE_PREFIXES
    for k in (1, 2, 3):
        j = ti - k
        if j < 0:
            break
        for c in view.cues:
            if c.tok == j and c.role in classes:
                return c.text
        # Look further back only across definite words (مع الهياكل الرسمية الروسية; with the Russian …).
        word = view.toks[j].text
        if not (word in articles or word.startswith(articles)) or view.toks[j].text in _CLAUSE_PUNCT:
            break
        if any(h.tok <= j <= h.tok_end for h in view.hits):
            break
    return None


def _same_participant(a: Actor, b: Actor) -> bool:
    if a.id == b.id:
        return True
    return a.country is not None and a.country == b.country and (a.sector == b.sector or None in (a.sector, b.sector))


def _uniq(ms: list[Mention]) -> list[Mention]:
    out: list[Mention] = []
    for m in ms:
        if not any(_same_participant(m.entity, o.entity) and (m.entity.id == o.entity.id or
                   m.entity.type == o.entity.type or "state" in (m.entity.type, o.entity.type))
                   for o in out):
            out.append(m)
    return out


class SentenceCoder:
    """Codes the triggers of one sentence; holds what the rules share."""

    def __init__(self, view: SentenceView, lang: str, kb: KnowledgeBase, doc_topic: list[Mention]) -> None:
        self.v = view
        self.lang = lang
        self.data = _LANG[lang]
        self.kb = kb
        self.doc_topic = doc_topic
        self.topic: list[Mention] = []
        self.prev: Draft | None = None
        self.owned: list[Mention] = []
        # The subject of an intent or light verb governing the sentence's event nouns.
        self.governor: list[Mention] = []

    # -- participants ---------------------------------------------------------------------------
    def mentions_between(self, t0: int, t1: int) -> list[tuple[Mention, int, int]]:
        return self.v.mentions_between(t0, t1)

    def _extend_compound(self, first: tuple[Mention, int, int], pool: list[tuple[Mention, int, int]]) -> list[Mention]:
        """"مالي وروسيا", "Mali and Russia", "X, aux côtés de Y": mentions joined by a conjunction."""
        out = [first[0]]
        last_end = first[2]
        for m, s, e in pool:
            if s == first[1] and m is not first[0]:  # one phrase, several actors: "the two countries"
                out.append(m)
                continue
            if s < last_end:
                continue
            gap = self._gap(last_end, s)
            pre = _mention_prefix(self.v, s)
            joined = (self.lang == "ar" and gap == "" and pre.startswith("و") and not pre.startswith("وب")) or \
                gap in ("and", "et", "،", ",", "و")
            if not joined:
                break
            out.append(m)
            last_end = e
        return out

    def blocked(self, t0: int, t1: int) -> bool:
        """A preposition or another trigger between tokens t0 and t1 (exclusive) ends a subject search."""
        return any(t0 < c.tok < t1 and c.role.startswith("prep") and not self.is_time_word(c.tok)
                   for c in self.v.cues) or any(t0 < h.tok < t1 for h in self.v.hits)

    def is_time_word(self, j: int) -> bool:
        """Token ``j`` is a time word (أمس، صباح), or a preposition inside a time phrase (the من of أول من أمس)."""
        toks, text = self.v.toks, self.v.toks[j].text
        if text in self.data.TIME_WORDS:
            return True
        link = self.data.TIME_LINKS.get(text)
        return bool(link) and 0 < j < len(toks) - 1 and (toks[j - 1].text, toks[j + 1].text) == link

    def _gap(self, a: int, b: int) -> str:
        """The words between two mentions, without determiners: "et le" → "et"."""
        words = [w for w in self.v.text[a:b].replace("'", " ").replace("’", " ").split()
                 if w not in self.data.DETERMINERS]
        return " ".join(words)

    def subject_after(self, tok: int, limit: int = 3) -> list[Mention]:
        _a, b = self.v.clause(tok)
        pool = [x for x in self.mentions_between(tok + 1, b) if not any(x[0] is o for o in self.owned)]
        for x in pool:
            mt = self.v.mention_tok(x[1])
            start = self.count_start(mt)  # قتل سبعة من عناصر الشرطة: the count stands where the party does
            if start - tok > limit or self.blocked(tok, start):
                break
            if self.lang == "ar" and mt > 0 and self.v.toks[mt - 1].text.startswith("ال") and self.is_adjective(x[0]):
                break  # رفض المبادرة الإيرانية: an adjective agreeing with a definite noun is no subject
            if start == mt and _preceded_by_prep(self.v, x[1], self.lang,
                                                 ("prep:recipient", "prep:source", "prep:location")):
                break
            return self._extend_compound(x, pool)
        return []

    def count_start(self, mt: int) -> int:
        """Where a count of the mention at token ``mt`` begins (سبعة من عناصر الشرطة، عدد من الجنود: a number or
        quantity word, its partitive من, a member noun), else ``mt``."""
        j = mt - 1
        if j >= 0 and self.v.toks[j].text.lstrip("و") in self.data.MEMBER_NOUNS:
            j -= 1
        if j < 1 or normalise_key(self.v.toks[j].text) not in roles.PARTITIVE_CASES:
            return mt
        w = self.v.toks[j - 1].text.lstrip("و")
        return j - 1 if w.isdigit() or w in self.data.NUMBER_WORDS or w in self.data.PARTITIVES else mt

    def subject_before(self, tok: int) -> list[Mention]:
        a, _ = self.v.clause(tok)
        rel = [j for j in range(max(0, tok - 3), tok) if self.v.toks[j].text in self.data.RELATIVE_PRONOUNS]
        if self.v.toks[a].text in self.data.RELATIVE_PRONOUNS:
            rel = [a]
        if rel and rel[-1] > 0:  # "الجارة الشمالية، التي دخلت", "فاغنر التي كانت تنتشر": the antecedent
            r = rel[-1]
            prior = [x for x in self.v.mentions if self.v.mention_tok(x[2] - 1) < r]
            if prior and r - self.v.mention_tok(prior[-1][2] - 1) <= 3:
                return [prior[-1][0]]
        pool = [x for x in self.mentions_between(a, tok - 1) if not any(x[0] is o for o in self.owned) and
                not _preceded_by_prep(self.v, x[1], self.lang, ("prep:recipient", "prep:source", "prep:location"))]
        if not pool and self.lang in ("en", "fr") and a >= 2 and self.v.toks[a - 1].text == ",":
            # "the UN envoy, Karim Salem, had met …": the subject is the name set off by commas before the verb
            pa, _ = self.v.clause(a - 2)
            inside = self.mentions_between(pa, a - 2)
            if inside and pa >= 1 and self.v.toks[pa - 1].text == "," and \
                    self.v.mention_tok(inside[-1][2] - 1) == a - 2:
                return [inside[-1][0]]
            # a name we do not know between the commas (the UN envoy for Peru, Karl de Vries, arrived …):
            # the phrase before it, which the name is in apposition to
            if not inside and pa >= 2 and a - pa <= 5 and self.v.toks[pa - 1].text == ",":
                qa, _ = self.v.clause(pa - 2)
                head = [x for x in self.mentions_between(qa, pa - 2)
                        if not _preceded_by_prep(self.v, x[1], self.lang, ("prep:recipient", "prep:source",
                                                                             "prep:location"))]
                if head:
                    return [head[0][0]]
        if not pool:
            return []
        # the compound ending nearest the trigger
        first = pool[-1]
        for x in reversed(pool[:-1]):
            gap = self._gap(x[2], first[1])
            if gap in ("and", "et", "و", ",", "،") or (gap == "" and self.lang == "ar"):
                first = x
            else:
                break
        comp = self._extend_compound(first, [y for y in pool if y[1] >= first[1]])
        return self._serial_list_before(a, first) + comp if len(comp) > 1 else comp

    def _serial_list_before(self, a: int, first: tuple[Mention, int, int]) -> list[Mention]:
        """English and French lists span commas, which end a clause: in "France, the EU and the UN condemned"
        the clause of the verb starts at "the EU"; the names before it, each ending at a comma, are in the list
        too. Only for a list that ends in a conjunction (the compound has two members or more) and starts the
        clause, so "the envoy, Karim Salem, met" (an apposition) is not read as one."""
        if self.lang not in ("en", "fr") or a < 2 or self.v.toks[a - 1].text != ",":
            return []
        if any(self.v.toks[j].text not in self.data.DETERMINERS for j in range(a, self.v.mention_tok(first[1]))):
            return []
        out: list[Mention] = []
        while a >= 2 and self.v.toks[a - 1].text == ",":
            pa, _ = self.v.clause(a - 2)
            inside = [x for x in self.mentions_between(pa, a - 2) if not any(x[0] is o for o in self.owned)]
            if not inside or self.v.mention_tok(inside[-1][2] - 1) != a - 2 or any(
                    self.v.toks[j].text not in self.data.DETERMINERS
                    for j in range(pa, self.v.mention_tok(inside[-1][1]))):
                break  # the phrase between the commas is one name, nothing else
            out.insert(0, inside[-1][0])
            a = pa
        return out

    def recipients_after(self, hit: Hit, skip: list[Mention]) -> list[Mention]:
        _, b = self.v.clause(hit.tok_end)
        later = [h.tok for h in self.v.hits if h.tok > hit.tok_end]
        if later and self.mentions_between(hit.tok_end + 1, later[0] - 1):
            b = min(b, later[0] - 1)  # دعم روسي ورسائل … إلى الجزائر: that recipient is the next conjunct's
        pool = self.mentions_between(hit.tok_end + 1, min(b, hit.tok_end + 12, self.v.report_after(hit.tok_end) - 1))
        preps = ("prep:recipient",)
        for x in pool:
            if any(x[0] is s for s in skip):
                continue
            p = _preceded_by_prep(self.v, x[1], self.lang, preps)
            if p and (p in hit.trigger.recipient_preps or p == "ل" or (not hit.trigger.recipient_preps and p != "ب")):
                return self._extend_compound(x, pool)
        return []

    def direct_object(self, after_tok: int, skip: list[Mention], limit: int = 3) -> list[Mention]:
        """The first mention within ``limit`` tokens after ``after_tok`` that no preposition introduces, and
        no other trigger before it: a name after another event word is that word's object (شكلوا تحالفا
        لمحاربة داعش: ISIS is what the alliance fights, not the partner)."""
        _, b = self.v.clause(after_tok)
        b = min(b, self.v.report_after(after_tok) - 1)
        pool = [x for x in self.mentions_between(after_tok + 1, b) if not any(x[0] is s for s in skip)]
        for x in pool:
            mt = self.v.mention_tok(x[1])
            if mt - after_tok > limit or any(after_tok < h.tok < mt for h in self.v.hits):
                break
            if _preceded_by_prep(self.v, x[1], self.lang, ("prep:recipient", "prep:source", "prep:location")):
                break
            return self._extend_compound(x, pool)
        return []

    def agent_after(self, hit: Hit, classes: tuple[str, ...]) -> list[Mention]:
        _, b = self.v.clause(hit.tok_end)
        pool = self.mentions_between(hit.tok_end + 1, b)
        for x in pool:
            p = _preceded_by_prep(self.v, x[1], self.lang, classes)
            if p and not self.partitive(self.v.mention_tok(x[1])):
                return [x[0]]
        return []

    def partitive(self, tok: int) -> bool:
        """Whether the mention at token ``tok`` follows a count and its من / of / de (خمسة من عناصر الشرطة:
        the counted party, not an agent)."""
        j = tok - 1
        if j >= 0 and normalise_key(self.v.toks[j].text) in roles.PARTITIVE_CASES:
            j -= 1
        if j < 0 or j == tok - 1:
            return False
        w = self.v.toks[j].text.lstrip("و") if self.lang == "ar" else self.v.toks[j].text.lower()
        return w.isdigit() or w in self.data.NUMBER_WORDS or w in self.data.PARTITIVES

    def genitive(self, hit: Hit) -> list[Mention] | None:
        """The mention right after an event noun (its agent), or None if another noun intervenes, another
        event word does (التحالف لمحاربة تنظيم الدولة: the group is what the fight is against), or the noun
        is an Arabic definite one and the mention no adjective of it (a noun with ال is no first term of an
        idafa: الدعم الروسي is Russia's, التحالف داعش is no phrase)."""
        _, b = self.v.clause(hit.tok_end)
        pool = self.mentions_between(hit.tok_end + 1, b)
        if pool:
            x = pool[0]
            mt = self.v.mention_tok(x[1])
            between = self.v.toks[hit.tok_end + 1].text if mt - hit.tok_end == 2 else ""
            if between.startswith(("ال", "لل")) and self.is_adjective(x[0]):
                return None  # رفض المبادرة الإيرانية: the adjective qualifies المبادرة, not the rejection
            if between and any(h.tok == hit.tok_end + 1 for h in self.v.hits):
                return None
            if self.lang == "ar" and hit.prefix.lstrip("وفب").startswith(("ال", "لل")) and \
                    not self.is_adjective(x[0]):
                return None
            if mt - hit.tok_end <= 2 and not _preceded_by_prep(self.v, x[1], self.lang,
                                                                ("prep:recipient", "prep:source", "prep:location")):
                return self._extend_compound(x, pool)
        return None

    def light_verb_agent(self, hit: Hit) -> list[Mention]:
        for c in self.v.cues_of("light_verbs"):
            if 0 < c.tok - hit.tok_end <= 3:  # زيارة رسمية أجراها غويتا
                return self.subject_after(c.tok, limit=2)
            if 0 < hit.tok - c.tok <= 8:  # أجرى غويتا زيارة / شن الجيش هجوما / عقد وزير الخارجية المغربي أمس اجتماعا
                between = self.mentions_between(c.tok + 1, hit.tok - 1)
                if between:
                    return [between[0][0]]
                if hit.tok - c.tok <= 4:
                    return self.subject_before(c.tok)
        return []

    def carried_by(self, hit: Hit) -> list[Mention]:
        """The parse's reading of a noun a verb carries (:func:`roles.carrier_subject`): the EU gave X aid."""
        words = getattr(self.v.sent, "words", None)
        if not words:
            return []
        light = [self.v.map.span_to_orig(c.start, c.end) for c in self.v.cues_of("light_verbs")]
        return roles.carrier_subject(words, self.v.map.span_to_orig(hit.start, hit.end), light,
                                     [m for m, _, _ in self.v.mentions])

    def noun_has_unknown_genitive(self, hit: Hit) -> bool:
        """Arabic idafa: an indefinite event noun followed by a definite word that is no actor
        (تراجع الدور, انسحاب القوات) has an agent we do not know; do not guess one."""
        if self.lang != "ar" or "ال" in hit.prefix or hit.suffix:
            return False
        nxt = hit.tok_end + 1
        if nxt >= len(self.v.toks):
            return False
        word = self.v.toks[nxt].text
        if any(self.v.mention_tok(s) == nxt for _, s, _ in self.v.mentions):
            return False
        if any(c.tok == nxt for c in self.v.cues) or any(h.tok == nxt for h in self.v.hits):
            return False
        return word.startswith(("ال", "لل"))

    def is_adjective(self, m: Mention) -> bool:
        """Whether a mention is a nationality adjective (السورية, Syrian) rather than a name."""
        text = m.text[2:] if m.text.startswith("ال") else m.text
        return m.entity.type == "state" and any(a.kind == "adjective" for a in self.kb.lookup(text))

    def clause_initial(self, hit: Hit) -> bool:
        """Only a verb that opens its clause (after particles) has the topic as its unstated subject;
        after a noun (أسلحة نوعية تمنح) the subject is that noun, which is no actor we know."""
        a, _ = self.v.clause(hit.tok)
        cue_toks = {c.tok for c in self.v.cues}
        for j in range(a, hit.tok):
            w = self.v.toks[j].text
            if j in cue_toks or w in self.data.STOPWORDS or w.lstrip("وف") in self.data.STOPWORDS or len(w) == 1:
                continue
            return False
        return True

    def context_topic(self, before: int) -> list[Mention]:
        if self.topic:
            return self.topic
        people = [m for m, s, _ in self.v.mentions if s < before and m.entity.type == "person"]
        if people:
            return [people[-1]]
        return self.doc_topic[-1:] if self.doc_topic else []

    # -- one trigger ----------------------------------------------------------------------------
    def code(self, hit: Hit) -> Draft | None:
        t = hit.trigger
        d = Draft(hit, self.v.sent)
        if t.obligation:
            return self.obliged(hit, d)
        undergoers: list[Mention] | None = None
        before2 = "".join(self.v.toks[j].text for j in range(max(0, hit.tok - 2), hit.tok))
        definite = "ال" in hit.prefix or \
            (hit.tok > 0 and self.v.toks[hit.tok - 1].text in self.data.DEFINITE_PREFIXES) \
            or before2.endswith(("l'", "l’"))
        if definite and hit.tok > 0 and self.v.toks[hit.tok - 1].text.lstrip("وف") in self.data.OUTBREAK_VERBS:
            definite = False  # تجددت المظاهرات: the article of an occurrence told now, no reference back
        possessed = bool(hit.suffix) or (hit.tok > 0 and self.v.toks[hit.tok - 1].text in self.data.POSSESSIVES)
        if hit.pos == "verb" and ((any(self.v.toks[j].text in self.data.PASSIVE_AUX
                                       for j in range(max(0, hit.tok - 2), hit.tok)) and not self.progressive(hit))
                                  or self.counted_victims(hit) or self.harm_without_object(hit)):
            hit = Hit(hit.trigger, "passive", hit.start, hit.end, hit.tok, hit.tok_end, hit.prefix, hit.suffix)
            d.hit = hit
        if hit.pos in ("verb", "phrase"):
            if self.lang == "ar":
                d.actors = self.subject_after(hit.tok_end) or self.subject_before(hit.tok)
            elif self.pronoun_subject(hit):  # where he met …: the last actor told, not the object after it
                d.actors = list(self.prev.actors) if self.prev is not None and self.prev.actors else \
                    self.subject_before(hit.tok) or self.context_topic(hit.start)
            else:
                d.actors = self.subject_before(hit.tok) or self.subject_after(hit.tok_end, limit=1)
            d.role_certainty = 0.8 if d.actors else 0.4
            if not d.actors:
                if self.clause_initial(hit):
                    d.actors = self.context_topic(hit.start)
            elif t.reciprocal and self.topic and self.lang == "ar" and d.actors[0] not in self.topic and \
                    self.v.mention_tok(next(s for m, s, _ in self.v.mentions if m is d.actors[0])) > hit.tok:
                d.recipients = d.actors  # حيث التقى الرئيس الروسي: the elided subject is the topic
                d.actors = self.topic
        elif hit.pos in ("passive", "passive_noun"):
            skipped = self.after_time_words(hit.tok_end) - hit.tok_end - 1
            subject = (self.genitive(hit) if hit.pos == "passive_noun" else
                       self.subject_after(hit.tok_end, limit=3 + skipped) or
                       (self.subject_before(hit.tok) if self.parsed_subject_before(hit) else [])
                       if self.lang == "ar" else self.subject_before(hit.tok))
            gen = self.genitive(hit) if not subject else None
            d.recipients = subject or gen or []
            d.actors = self.agent_after(hit, ("prep:source",))
            d.role_certainty = 0.7 if d.actors and d.recipients else 0.4
        elif (undergoers := self.undergone(hit)) is not None:  # تعرضت القوات لهجوم: the forces are its recipient
            d.recipients = undergoers
            d.actors = self.agent_after(hit, ("prep:source",))
            d.role_certainty = 0.7
        elif t.agent and (own := self.own_mention(hit)):  # المتظاهرون، protesters: they are the actors
            d.actors, d.role_certainty = own, 0.6
        else:  # noun
            gen = self.genitive(hit)
            carried: list[Mention] = []
            if gen is None and self.lang in ("en", "fr"):
                before = self.mentions_between(max(0, hit.tok - 2), hit.tok - 1)
                gen = [before[-1][0]] if before else None
                carried = self.carried_by(hit) if gen else []
                if gen and carried and not any(g is c for g in gen for c in carried):
                    # the EU gave Mali aid: the name before the noun is the verb's first object, its recipient
                    d.recipients, gen = list(gen), None
            lv = (carried or self.carried_by(hit) or self.light_verb_agent(hit)) if gen is None else []
            if gen and t.weak and all(self.is_adjective(g) for g in gen):
                self.owned.extend(gen)  # still this noun's modifier, no later verb's subject
                return None  # الأزمة السورية, the Syrian crisis: a topic, not an event by Syria
            if gen and self.governor and not any(g is x for g in gen for x in self.governor):
                d.actors, d.recipients, d.role_certainty = list(self.governor), gen, 0.75  # يعتزم الرئيس زيارة المغرب
            elif gen:
                d.actors, d.role_certainty = gen, 0.8
                self.owned.extend(gen)
            elif lv:
                d.actors, d.role_certainty = lv, 0.75
            elif self.noun_has_unknown_genitive(hit):
                return None
            else:
                d.role_certainty = 0.4
                if hit.suffix and self.prev is not None and self.prev.hit.trigger.event == t.event:
                    d.actors, d.recipients = list(self.prev.actors), list(self.prev.recipients)  # لتطويره: "it"
                elif possessed:  # زيارته، تحالفاتها، their withdrawal: the possessor is the clause's subject or
                    # the topic
                    d.actors = self.subject_before(hit.tok) or self.context_topic(hit.start)
        if undergoers is None and self.parsed_roles(hit, d):
            return None  # the content of another trigger (called for a withdrawal): that one is the event
        if not d.recipients:
            d.recipients = self.recipients_after(hit, d.actors)
            words = getattr(self.v.sent, "words", None)
            if d.recipients and d.actors and words and hit.pos in ("verb", "phrase"):
                span = self.v.map.span_to_orig(hit.start, hit.end)
                actors = [(m.start, m.end) for m in d.actors]
                d.recipients = [r for r in d.recipients if not roles.modifies_party(words, (r.start, r.end),
                                                                                   actors, span)]
        if not d.recipients and hit.pos in ("verb", "phrase"):
            after = [self.v.mention_tok(s) for m, s, _ in self.v.mentions if m in d.actors and s > hit.start]
            d.recipients = self.direct_object(max(after) if after else hit.tok_end, d.actors)
        between = [j for j in range(hit.tok_end + 1, min(len(self.v.toks), hit.tok_end + 5))
                   if self.v.toks[j].text in self.data.BETWEEN]
        if between:
            pool = self.mentions_between(between[0] + 1, between[0] + 4)
            if pool:
                pair = self._extend_compound(pool[0], pool)
                if len(pair) >= 2:
                    d.actors, d.recipients, d.role_certainty = pair[:1], pair[1:], 0.8
        if hit.pos == "noun" and not d.actors and undergoers is None:
            if d.recipients:  # التعاون مع روسيا: a noun with a recipient of its own has the topic as agent
                d.actors = self.topic or self.subject_before(hit.tok) or self.context_topic(hit.start)
            elif definite and not hit.suffix:
                return None  # خلال اللقاء / during the meeting: refers back to an event already told
            elif t.reciprocal and self.prev is not None:  # وجرى توقيع اتفاقيات: the meeting's participants
                d.actors, d.recipients = list(self.prev.actors), list(self.prev.recipients)
        d.actors = self.with_coactors(d.actors, hit.start)
        if hit.suffix and not d.actors and self.prev is not None:
            d.actors, d.recipients = list(self.prev.actors), list(self.prev.recipients)
        d.actors = _uniq(d.actors)
        d.recipients = [r for r in _uniq(d.recipients) if not any(_same_participant(r.entity, a.entity)
                                                                   for a in d.actors)]
        if t.reciprocal and not d.recipients and len(d.actors) >= 2:
            d.actors, d.recipients = d.actors[:1], d.actors[1:]
        if t.event == "PROTEST":
            crowd = self.agent_mentions()  # تجمع أربعون متظاهرا: the protesters act, whatever the word order
            if any(r in crowd for r in d.recipients):
                d.actors = _uniq([r for r in d.recipients if r in crowd] + [a for a in d.actors if a not in crowd])
                d.recipients = [r for r in d.recipients if r not in crowd]
            if not d.recipients:
                d.recipients = self.protest_target(hit, d.actors)
        protesters = d.actors[0] if d.actors else None
        if t.event == "PROTEST" and not d.recipients and protesters and protesters.entity.country:
            # Protesters who name no target protest to their own state (PLOVER codes it so).
            state = self.kb.state_actor(protesters.entity.country)
            d.recipients = [Mention(protesters.start, protesters.end, protesters.text, state, "role",
                                    protesters.sentence)]
        if not d.actors and not (d.recipients and (hit.pos in ("passive", "passive_noun") or
                                                   t.event in ("ASSAULT", "COERCE"))):
            # An attack, arrest or protest told with its count, date or place is a real occurrence even
            # when no one is named ("قتل أربعة أشخاص في انفجار سيارة مفخخة وسط بغداد أمس").
            if t.event in ("ASSAULT", "COERCE", "PROTEST") and not definite and self.anchored(hit):
                d.role_certainty = 0.3
                return d
            return None  # otherwise an event needs a known actor
        return d

    def obliged(self, hit: Hit, d: Draft) -> Draft | None:
        """A modal of obligation (``obligation`` in the lexicon): the parse alone says who demands what of
        whom (:func:`roles.obligation`); word order cannot tell the speaker, so without a parse it is no event."""
        found = roles.obligation(getattr(self.v.sent, "words", None) or [], self.v.map.span_to_orig(hit.start, hit.end),
                                 [m for m, _, _ in self.v.mentions])
        if found is None:
            return None
        d.actors, d.recipients, d.role_certainty = _uniq(found.actors), _uniq(found.recipients), 0.7
        return d

    def protest_target(self, hit: Hit, actors: list[Mention]) -> list[Mention]:
        """What a protest stands against or in front of (``prepositions: target``: أمام مقر رئيس الوزراء،
        ضد الحكومة، outside the embassy): the first party a few words after such a word, later in the sentence."""
        for c in self.v.cues_of("prep:target"):
            if c.tok <= hit.tok_end:
                continue
            for m, s, _ in self.v.mentions:
                k = self.v.mention_tok(s)
                if c.tok < k <= c.tok + 3 and m not in actors and not any(  # quotes mark a name, not a clause
                        self.v.toks[j].text in _CLAUSE_PUNCT - _QUOTES for j in range(c.tok + 1, k)):
                    return [m]
        return []

    def agent_mentions(self) -> list[Mention]:
        """The mentions an agent trigger of the sentence is part of (المتظاهرون، متظاهرا)."""
        return [m for m, s, e in self.v.mentions
                if any(h.trigger.agent and s < h.end and h.start < e for h in self.v.hits)]

    def own_mention(self, hit: Hit) -> list[Mention]:
        """The participant mention the trigger word itself is part of (an agent noun: المتظاهرون)."""
        return [m for m, s, e in self.v.mentions if s < hit.end and hit.start < e][:1]

    def pronoun_subject(self, hit: Hit) -> bool:
        """A subject pronoun before the verb, over auxiliaries and adverbs (where he had met …)."""
        j = hit.tok - 1
        while j >= 0 and self.v.toks[j].text in self.data.PRONOUN_SKIP:
            j -= 1
        return j >= 0 and self.v.toks[j].text in self.data.SUBJECT_PRONOUNS

    def counted_victims(self, hit: Hit) -> bool:
        """Unvocalised قتل 4 جنود is "4 soldiers were killed": an Arabic verb of harm followed at once by a
        count reads as a passive whose subject is the victims (an active one puts its subject first)."""
        if self.lang != "ar" or hit.trigger.event not in HARM_EVENTS:
            return False
        words = getattr(self.v.sent, "words", None)
        if words and roles.subject_before(words, self.v.map.span_to_orig(hit.start, hit.end)):
            return False  # إن الجيش قتل خمسة مسلحين: a subject before the verb makes the count its object
        j = self.after_time_words(hit.tok_end)
        if j >= len(self.v.toks):
            return False
        nxt = self.v.toks[j].text
        return nxt.isdigit() or nxt.lstrip("و") in self.data.NUMBER_WORDS

    def progressive(self, hit: Hit) -> bool:
        """English "is providing", "are demanding": be + -ing is the progressive, an active verb, not a passive."""
        head = self.v.text[hit.start:hit.end].split()[0].lower() if hit.end > hit.start else ""
        return self.lang == "en" and head.endswith("ing")

    def harm_without_object(self, hit: Hit) -> bool:
        """Unvocalised إن جنديين قتلا في هجوم, قتل جنديان في هجوم is "two soldiers were killed": an Arabic verb
        of harm with a parsed subject and no object reads as a passive (an active one names its victim)."""
        words = getattr(self.v.sent, "words", None)
        if self.lang != "ar" or not words or hit.trigger.event not in HARM_EVENTS:
            return False
        # A subject after the verb only when no second party follows in the clause outside a preposition (a
        # misparsed object would), and not for a verb whose passive is spelt apart (هاجم / هوجم: form III).
        _, end = self.v.clause(hit.tok_end)
        core = self.v.toks[hit.tok].text[len(hit.prefix):]
        parties = [s for _, s, _ in self.v.mentions if hit.tok_end < self.v.mention_tok(s) <= end and
                   not _preceded_by_prep(self.v, s, self.lang, ("prep:recipient", "prep:source", "prep:location"))]
        after = len(parties) <= 1 and core[1:2] != "ا"
        return roles.subject_without_object(words, self.v.map.span_to_orig(hit.start, hit.end), after=after)

    def parsed_subject_before(self, hit: Hit) -> bool:
        """The parse puts the verb's subject before it and no object after (إن جنديين قتلا): the subject is the
        one who undergoes a passive told so."""
        words = getattr(self.v.sent, "words", None)
        return bool(words) and roles.subject_without_object(words, self.v.map.span_to_orig(hit.start, hit.end))

    def after_time_words(self, tok: int) -> int:
        """The first token after ``tok`` that is no time word (أمس، أول من أمس، صباح اليوم)."""
        j = tok + 1
        while j < len(self.v.toks) and self.is_time_word(j):
            j += 1
        return j

    def undergone(self, hit: Hit) -> list[Mention] | None:
        """For an event noun after ل governed by a verb of undergoing (تعرض لـ): that verb's subject; None when
        the noun is not so governed."""
        if hit.pos != "noun" or not hit.prefix.lstrip("و").startswith("ل"):
            return None
        for j in range(max(0, hit.tok - 4), hit.tok):
            if self.v.toks[j].text.lstrip("وف") in self.data.UNDERGO_VERBS:
                return self.subject_after(j, limit=3) or self.subject_before(j)
        return None

    def parsed_roles(self, hit: Hit, d: Draft) -> bool:
        """Where the sentence has a dependency parse (``Sentence.words``, from ``marsad.syntax``), the relation
        table of ``coding/roles.py`` decides each party it finds; the flat rules keep what it leaves open.
        True when the parse shows the trigger is another trigger's content (no event of its own)."""
        words = getattr(self.v.sent, "words", None)
        if not words:
            return False
        span = self.v.map.span_to_orig(hit.start, hit.end)
        others = [self.v.map.span_to_orig(h.start, h.end) for h in self.v.hits if h is not hit]
        if roles.governed(words, span, others):
            return True
        cues = {cls: [self.v.map.span_to_orig(c.start, c.end) for c in self.v.cues_of(cls)]
                for cls in CONTEXT_CLASSES}
        if roles.non_event(words, span, cues):
            return True  # a topic, a name, a need, a natural disaster (the manual's "not events")
        if hit.pos == "passive_noun":
            return False  # "receive" words swap the roles; the table reads the surface relations only
        kind = "noun" if hit.pos == "noun" else "passive" if hit.pos == "passive" else "active"
        if kind == "noun" and not (d.actors or d.recipients):
            return False  # an event noun the flat rules give no party stays theirs to judge (it may refer back)
        found = roles.assign(words, span, kind, [m for m, _, _ in self.v.mentions], hit.trigger.event,
                             hit.trigger.reciprocal, others)
        if found is None:
            return False
        # A subject before the verb (أن الجيش هاجم …) is what word order misreads (it takes the noun after an
        # Arabic verb): there the parse decides even where the flat rules found an actor.
        preverbal = kind == "active" and bool(found.actors) and all(m.end <= span[0] for m in found.actors)
        decisive = bool(roles.DECISIVE_RULES.intersection(found.rules))
        if kind == "active" and len(d.actors) == 1 and not found.actors and \
                roles.object_not_subject(words, span, d.actors[0]):
            # دعا والد الرهينة السلطات الفرنسية: the noun after the verb is its object, its subject is no party
            d.actors, d.recipients = [], found.recipients
            return False
        if self.lang == "ar" and kind == "active" and not found.actors and found.rules[:1] == ["object"] and \
                any(m is a for m in found.recipients for a in d.actors) and roles.agrees_plural(words, span):
            # خطفوا مصورا فرنسيا: the word after the verb is its object, not its subject; the actor is unnamed.
            # Only a plural or dual verb: before its subject an Arabic verb is singular (يسيطر تنظيم داعش: VSO, the
            # group is the subject, whatever the parser says), so agreement shows the subject is not after it
            d.actors = [a for a in d.actors if all(a is not m for m in found.recipients)]
            d.recipients = list(found.recipients)
            return False
        if found.actors and (PARSE_OVERRIDES or preverbal or decisive or not d.actors):
            if preverbal and d.actors and not PARSE_OVERRIDES and self.lang == "ar":
                d.recipients = [m for m in d.actors if all(m is not a for a in found.actors)] or d.recipients
            elif preverbal and d.actors and not PARSE_OVERRIDES:
                # English, French: what word order took for the subject after the verb is the object; a name
                # it found inside the parsed compound (France, the EU and the UN: the parse reads "the EU" as
                # an apposition) is one more member of it, and a preverbal name no object
                lo, hi = min(m.start for m in found.actors), max(m.end for m in found.actors)
                inner = [m for m in d.actors if lo < m.start and m.end < hi and all(m is not a for a in found.actors)]
                d.recipients = [m for m in d.actors if all(m is not a for a in found.actors) and m.start >= span[1]
                                ] or d.recipients
                found.actors = sorted([*found.actors, *inner], key=lambda m: m.start)
                if all(m.end <= span[0] for m in d.actors) and \
                        all(any(a is m for m in d.actors) for a in found.actors):
                    found.actors = list(d.actors)  # the compound word order found, of which the parse saw a part
            d.actors, d.role_certainty = found.actors, max(d.role_certainty, 0.85)
        # who a request asks to act is read off its content clause, which word order cannot see
        if found.recipients and (PARSE_OVERRIDES or not d.recipients or decisive):
            d.recipients = [m for m in found.recipients if all(m is not a for a in d.actors)]
        return False

    def anchored(self, hit: Hit) -> bool:
        """A number, a date or a place in the trigger's clause."""
        a, b = self.v.clause(hit.tok)
        words = [self.v.toks[j].text for j in range(a, b + 1)]
        if any(w.isdigit() or w.lstrip("وب") in self.data.NUMBER_WORDS for w in words):
            return True
        # an indefinite place noun before a name (في منطقة بلحاف، بمدينة X): a place the KB need not know
        if any(w.lstrip("وب") in self.data.PLACE_NOUNS and nxt not in self.data.STOPWORDS and len(nxt) > 2
               for w, nxt in itertools.pairwise(words)):
            return True
        clause = " ".join(words)
        if find_dates(clause, self.lang, None) or any(a <= self.v.mention_tok(s) <= b for _, s, _ in self.v.mentions):
            return True
        return any(w.lstrip("وب") in self.kb.places_by_name for w in words[1:])

    def with_coactors(self, actors: list[Mention], before: int) -> list[Mention]:
        """Add a co-actor joined by "إلى جانب" / "along with" / "aux côtés de" before position ``before``."""
        if not actors:
            return actors
        out = list(actors)
        for marker in self.data.COACTOR_MARKERS:
            for m in re.finditer(re.escape(marker), self.v.text[self.v.ns:self.v.ne]):
                pos = self.v.ns + m.end()
                if pos > before:
                    continue
                mt = self.v.tok_at(pos)
                # the first mention from pos on, if it is within two tokens (later ones are further)
                first = self.v.first_mention_from(pos, mt + 2)
                if first is not None:
                    out.append(first[0])
        return out


def _attribution(view: SentenceView, sc: SentenceCoder, d: Draft, lang: str, last_speaker: list[Actor]) -> None:
    hit = d.hit
    clause_a, _ = view.clause(hit.tok)
    # A cue noun (تصريحات، قراءات) speaks for its own clause; a cue verb for the rest of the sentence.
    before = [c for c in view.cues if c.end <= hit.start and (not c.noun or view.clause(c.tok)[0] == clause_a)]
    if view.toks[clause_a].text in sc.data.RELATIVE_PRONOUNS:  # presupposed: outside the cue's scope
        before = [c for c in before if c.start >= view.toks[clause_a].start]
    before = [c for c in before if not (c.noun and c.role == "reporting" and not sc.direct_object(c.tok, [], 2))]
    spec = [c for c in before if c.role == "speculation"]
    deny = [c for c in before if c.role == "denial"]
    report = [c for c in before if c.role == "reporting"]
    hedge = [c for c in before if c.role == "hedge" and view.clause(c.tok)[0] >= clause_a - 1
             and hit.tok - c.tok <= 8]
    if spec:
        d.attribution = Attribution(None, "speculated", spec[-1].text)
        return
    if deny or report:
        cue = (deny or report)[-1]
        speaker = sc.subject_after(cue.tok, limit=3) if lang == "ar" else []
        speaker = speaker or sc.subject_before(cue.tok) or ([m for m, s, _ in view.mentions if s < cue.start][-1:])
        actor = speaker[0].entity if speaker else (last_speaker[-1] if last_speaker else None)
        if actor is not None:
            last_speaker.append(actor)
        d.attribution = Attribution(actor, "denied" if deny else "claimed", cue.text)
        return
    if hedge:
        d.attribution = Attribution(None, "hedged", hedge[-1].text)
        return
    last_tok = view.toks[-1].text if view.toks else ""
    if (view.sent.is_title or view.sent.is_heading) and last_tok in ("؟", "?"):
        d.attribution = Attribution(None, "speculated", last_tok)


def _modality(view: SentenceView, d: Draft, lang: str) -> None:
    hit = d.hit
    for c in view.cues_of("negation"):
        if 0 < hit.tok - c.tok <= 2 and not any(h.tok > c.tok and h.tok < hit.tok for h in view.hits):
            nxt = view.toks[c.tok + 1].text if c.tok + 1 < len(view.toks) else ""
            if nxt in ("يزال", "تزال", "زال", "زالت", "سيما"):
                continue  # لا يزال "still", لا سيما "especially": not negations
            d.negated = True
    if lang == "fr" and any(view.toks[j].text in ("pas", "jamais", "plus") for j in range(hit.tok - 3, hit.tok)
                            if j >= 0) and any(view.toks[j].text in ("ne", "n") for j in range(hit.tok - 4, hit.tok)
                                               if j >= 0):
        d.negated = True
    head = view.text[hit.start:hit.end].split()[0]
    if hit.pos in ("verb", "phrase") and head.endswith(_LANG[lang].FUTURE_SUFFIXES) and len(head) > 4:
        d.future = True
    for c in view.cues_of("future"):
        if 0 < hit.tok - c.tok <= 12 and not any(view.toks[j].text in _SENT_PUNCT for j in range(c.tok, hit.tok)):
            d.future = True
    if lang == "ar" and hit.pos in ("verb", "phrase") and "س" in hit.prefix and view.text[hit.start] in "يتن":
        d.future = True


def _introduced_by(view: SentenceView, cue: Cue, hit: Hit) -> bool:
    """Whether the phrase ``cue`` introduces holds the trigger: right after it (an article between), or, over the
    parse, anywhere in the subtree of the word after it (في ضوء توصل القوى إلى اتفاق: the deal is inside the
    "reaching" that في ضوء introduces)."""
    end = view.tok_at(cue.end - 1)
    if not 0 < hit.tok - end <= 8 or any(end < h.tok < hit.tok for h in view.hits if h.pos != "noun"):
        return False
    if hit.tok - end <= 2:
        return True
    words = getattr(view.sent, "words", None)
    if not words or end + 1 >= len(view.toks):
        return False
    nxt = view.toks[end + 1]
    return roles.descends(words, view.map.span_to_orig(hit.start, hit.end), view.map.span_to_orig(nxt.start, nxt.end))


def _date(view: SentenceView, d: Draft, lang: str, published: str | None) -> None:
    hit = d.hit
    a, b = view.clause(hit.tok)
    prev_words = [view.toks[j].text for j in range(max(0, hit.tok - 2), hit.tok)]
    linked = any(_introduced_by(view, c, hit) for c in view.cues_of("background"))  # في ضوء، in the wake of
    if linked or any(w in BEFORE[lang] for w in prev_words):  # بعد انسحاب: a background event, before the report
        d.date = EventDate(None, "unknown", " ".join(prev_words[-1:]) or None)
        d.future = False
        d.background = True
        return
    if view.dates is None:
        view.dates = find_dates(view.text[view.ns:view.ne], lang, published)
    dates = view.dates
    ca, cb = view.toks[a].start - view.ns, view.toks[b].end - view.ns
    inside = [x for x in dates if ca <= x.start < cb]
    if inside:
        best = min(inside, key=lambda x: abs(x.start - (hit.start - view.ns)))
        d.date = EventDate(best.date.value, best.date.precision,
                           view.text[view.ns + best.start:view.ns + best.end])
        return
    recent = [view.toks[j].text for j in range(a, b + 1) if view.toks[j].text.lstrip("و") in RECENT[lang]]
    if recent:
        d.date = EventDate(None, "unknown", recent[0])
        return
    if published:
        d.date = EventDate(published, "day", None)


def _location(view: SentenceView, d: Draft, kb: KnowledgeBase, lang: str, doc_countries: set[str]) -> None:
    a, b = view.clause(d.hit.tok)
    for m, s, _ in view.mentions_between(a, b):
        classes = ("prep:location", "prep:recipient") if d.hit.trigger.event == "CONSULT" else ("prep:location",)
        if not _preceded_by_prep(view, s, lang, classes):
            continue
        if m.how == "metonym" and m.entity.country in kb.states:
            cap = kb.states[m.entity.country].capital
            if cap:
                name = (cap["names"].get("en") or [m.text])[0]
                d.location = Location(name, m.entity.country, cap["lat"], cap["lon"])
                return
        if m.entity.type == "state" and m.how == "name":
            d.location = Location(m.entity.name, m.entity.country, None, None)
            return
    for m, s, _ in view.places:
        if a <= view.mention_tok(s) <= b:
            e = m.entity
            place = next((p for p in kb.places_by_name.get(normalise_key(e.name_ar or e.name), [])
                          if p.country == e.country), None)
            d.location = Location(e.name, e.country, place.lat if place else None, place.lon if place else None)
            return
    # a town after a target preposition is where an act of force or pressure lands (غارات على غزة, strikes on
    # Gaza): its place, so its unnamed victims are that town's country, not the passage's (French "sur" is no
    # recipient cue, mostly a topic: un accord sur, so this does not reach "des frappes sur Gaza")
    aimed = d.hit.trigger.event in roles.TARGET_EVENTS
    for c in view.cues:
        if not a <= c.tok < b:
            continue
        if c.role != "prep:location" and not (aimed and c.role == "prep:recipient" and c.tok > d.hit.tok
                                              and normalise_key(c.text) in roles.TARGET_CASES):
            continue
        nxt = view.toks[c.tok + 1].text
        for key in (nxt, nxt[1:] if nxt[:1] in "وب" else nxt):
            common = key in kb.place_collisions or key in _LANG[lang].COMMON_PLACE_WORDS or \
                (key != nxt and nxt in kb.glued_words)  # في ولاية: no Lae; وسط المدينة: no Medina
            places = kb.places_by_name.get(key) if not common else None
            if places:
                p = max(places, key=lambda p: (p.country in doc_countries, p.population))
                d.location = Location(p.name, p.country, p.lat, p.lon)
                return


def _countries(d: Draft, kb: KnowledgeBase, passages: Passages, norm: NormalisedText, text: str) -> None:
    """Generic actors and armed groups take the country where the event happens, else the passage's
    (``kb/countries.py``)."""
    place = d.location.country if d.location else None
    passage = passages.country(d.sentence.index)
    d.actors = [localise(m, kb, place, passage) for m in d.actors]
    d.recipients = [localise(m, kb, place, passage) for m in d.recipients]
    local = d.hit.trigger.event in LOCAL_TARGET_EVENTS
    ts, te = norm.map.span_to_orig(d.hit.start, d.hit.end)  # an implied party is "at" the trigger
    anchor = Mention(ts, te, text[ts:te], kb.state_actor("XXX"), "role", d.sentence.index)
    if not d.recipients and (d.actors or local):
        r = implicit_recipient(d.hit.trigger.event, d.actors, kb, place, passages, d.sentence.index, anchor)
        if r is not None:
            d.recipients = [r]
    if not d.actors and local:
        # an attack or arrest by no one named (explosions targeted …, were captured): the attackers are where
        # it happens
        a = implicit_recipient(d.hit.trigger.event, [], kb, place, passages, d.sentence.index, anchor, "actor")
        if a is not None:
            d.actors = [a]


@lru_cache(maxsize=3)
def _context_patterns(lang: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((ctx, re.compile(rf"(?:^|\W)[وبل]?(?:{'|'.join(re.escape(w) for w in words)})(?!\w)"))
                 for ctx, words in _LANG[lang].CONTEXT_WORDS.items())


def _context(view: SentenceView, d: Draft, lang: str) -> tuple[str, ...]:
    a, b = view.clause(d.hit.tok)
    clause = " ".join(view.toks[j].text for j in range(a, min(len(view.toks), b + 6)))
    found = list(d.hit.trigger.context)
    for ctx, pat in _context_patterns(lang):
        if ctx not in found and pat.search(clause):
            found.append(ctx)
    return tuple(found)


def _confidence(d: Draft) -> float:
    """Trigger strength × role certainty, lowered for hedges and speculation. Documented in
    docs/ARCHITECTURE.md: 0.9 for a verb or phrase, 0.75 for a noun, ×0.6 for a weak trigger;
    then ×(0.5 + 0.5·role certainty); ×0.8 without a recipient; ×0.85 if hedged or speculated. When the
    detector judged the draft, the event's confidence is the geometric mean of this and its P(event)."""
    base = {"verb": 0.9, "phrase": 0.9, "passive": 0.85, "noun": 0.75}.get(d.hit.pos, 0.7)
    if d.hit.trigger.weak:
        base *= 0.6
    c = base * (0.5 + 0.5 * d.role_certainty)
    if not d.recipients:
        c *= 0.8
    if d.attribution.evidentiality in ("hedged", "speculated"):
        c *= 0.85
    return round(min(1.0, c), 3)


def _circumstance(view: SentenceView, hit: Hit) -> bool:
    """An event noun after a preposition of circumstance (في هجوم، بانفجار، in an attack)."""
    data = _LANG[view.lang]
    return hit.pos == "noun" and (hit.prefix.lstrip("وف").startswith("ب") or
                                  (hit.tok > 0 and view.toks[hit.tok - 1].text.lower() in data.CIRCUMSTANCE_PREPS))


def _named(ms: list[Mention]) -> bool:
    """Whether the text names one of these parties (not an unnamed one the coder implied)."""
    return any(m.entity.how not in IMPLIED_HOW for m in ms)


def _same_incident(view: SentenceView, drafts: list[Draft]) -> list[Draft]:
    """A harm told with no named doer and an attack noun after a preposition of circumstance later in the
    sentence that names one (قتل أربعة جنود في هجوم شنه مسلحون صوماليون, killed in an attack by X) are one
    incident: the harm takes the attack's doer, and the attack, which names no victim of its own, is not
    coded a second time."""
    drop: set[int] = set()
    for i, d1 in enumerate(drafts):
        if d1.hit.trigger.event not in HARM_EVENTS or d1.hit.pos not in ("verb", "passive", "phrase") or \
                _named(d1.actors):
            continue
        for j in range(i + 1, len(drafts)):
            d2 = drafts[j]
            if j in drop or d2.hit.trigger.event != "ASSAULT" or not _circumstance(view, d2.hit) or \
                    not _named(d2.actors) or d2.negated != d1.negated or d2.future != d1.future:
                continue
            d1.actors = list(d2.actors)
            if not _named(d2.recipients):
                drop.add(j)
            break
    return [d for k, d in enumerate(drafts) if k not in drop]


def _chain_filter(view: SentenceView) -> list[Hit]:
    """One event per noun chain: among adjacent triggers, the first non-weak one (else the first)."""
    hits = sorted(view.hits, key=lambda h: h.start)
    out: list[Hit] = []
    i = 0
    while i < len(hits):
        group = [hits[i]]
        j = i + 1
        # (an agent noun is no link of a chain: وأحرق المتظاهرون, the protesters are who burnt)
        while j < len(hits) and hits[j].tok - group[-1].tok_end <= 2 and hits[j].pos == "noun" and \
                not hits[j].trigger.agent and not any(
                    view.toks[k].text in _CLAUSE_PUNCT or any(c.tok == k and c.role.startswith("prep")
                                                              for c in view.cues)
                    for k in range(group[-1].tok_end + 1, hits[j].tok)):
            group.append(hits[j])
            j += 1
        # A trigger governed by the previous one (agreed to withdraw, threatened to cut, a menacé de frapper,
        # هدد بقطع) is its content: the governing verb decides the event.
        while j < len(hits) and hits[j].tok > group[-1].tok_end and all(
                view.toks[k].text in _LINKERS for k in range(group[-1].tok_end + 1, hits[j].tok)) and \
                (hits[j].tok - group[-1].tok_end > 1 or hits[j].prefix.lstrip("و")[:1] in ("ب", "ل")):
            group.append(hits[j])
            j += 1
        # A trigger of the same type just after (signed an agreement, وقع اتفاقية) is the same event; so is an
        # event noun after a preposition of circumstance, over the victims (قتل جنديان في هجوم).
        while j < len(hits) and hits[j].trigger.event == group[0].trigger.event and \
                hits[j].tok - group[-1].tok_end <= 4 and \
                (_circumstance(view, hits[j]) or
                 not any(group[-1].tok_end < view.mention_tok(ms) < hits[j].tok for _, ms, _ in view.mentions)):
            group.append(hits[j])
            j += 1
        strong = [h for h in group if not h.trigger.weak]
        governed = group[0].pos == "verb" and len(group) > 1 and group[1].tok > group[0].tok_end + 1
        out.append(group[0] if governed else (strong or group)[0])
        i = j
    return out


def _key(d: Draft) -> tuple[object, ...]:
    def ids(ms: list[Mention]) -> frozenset[str]:
        return frozenset(m.entity.country or m.entity.id for m in ms)

    parts = ids(d.actors) | ids(d.recipients) if d.hit.trigger.reciprocal else None
    return (d.hit.trigger.event, d.hit.trigger.mode, d.future, d.negated, parts or (ids(d.actors), ids(d.recipients)))


def _dedupe(drafts: list[Draft]) -> list[Draft]:
    """Keep one draft per (type, participants, modality): body before title, firmest evidentiality,
    then the most participants; drafts whose participants are a subset of a kept one's merge into it."""
    def rank(d: Draft) -> tuple[int, int, int, int, int]:
        return (int(d.in_summary), 1 if d.is_title or d.sentence.is_heading else 0,
                EVIDENTIALITY_RANK[d.attribution.evidentiality],
                -(len(d.actors) + len(d.recipients)), d.sentence.index)

    groups: dict[tuple[object, ...], list[Draft]] = {}
    for d in drafts:
        groups.setdefault(_key(d), []).append(d)
    kept = [min(g, key=rank) for g in groups.values()]

    def parts(d: Draft) -> frozenset[str]:
        return frozenset(m.entity.country or m.entity.id for m in d.actors + d.recipients)

    final: list[Draft] = []
    for d in sorted(kept, key=lambda d: -(len(parts(d)))):
        if any(o.hit.trigger.event == d.hit.trigger.event and o.hit.trigger.mode == d.hit.trigger.mode
               and o.future == d.future and parts(d) <= parts(o) and o.sentence is d.sentence
               for o in final):
            continue
        final.append(d)
    return sorted(final, key=lambda d: d.hit.start)


def code_events(doc: Document, norm: NormalisedText, mentions: list[Mention], kb: KnowledgeBase, lex: Lexicon,
                onto: Ontology, check: Callable[[], None] | None = None,
                detector: Detector | None = None) -> list[Event]:
    """Code every sentence of ``doc`` and return its events, each once.

    ``check`` is called before each sentence (the pipeline's time budget: it raises to stop).
    ``detector`` (:mod:`marsad.coding.detector`) judges the candidate drafts: it drops what is no reported
    event, re-types ambiguous triggers and flags background/future/negated readings.
    """
    lang = doc.language
    data = _LANG[lang]
    mention_norm = [(norm.map.to_norm(m.start), norm.map.to_norm(m.end)) for m in mentions]
    doc_countries = {m.entity.country for m in mentions if m.entity.country}
    drafts: list[Draft] = []
    doc_topic: list[Mention] = []
    last_speaker: list[Actor] = []
    in_summary = False
    anaphors: dict[str, Trigger] = {}
    passages = Passages(mentions, len(doc.sentences))
    for sent in doc.sentences:
        if check is not None:
            check()
        ns, ne = norm.map.to_norm(sent.start), norm.map.to_norm(sent.end)
        view = SentenceView(sent, ns, ne, norm, doc.text, mentions, mention_norm, lex, lang)
        head = norm.text[ns:ns + 40]
        if any(head.startswith(m) or head.startswith("و" + m) for m in data.SUMMARY_MARKERS):
            in_summary = True
        view.add_anaphors(anaphors)
        for h in view.hits:
            words = view.text[h.start:h.end].split()
            if h.pos == "phrase" and len(words) == 2 and words[0] not in data.STOPWORDS and \
                    not any(h2.start == h.start and h2.end < h.end for h2 in view.hits):
                anaphors.setdefault(words[0], h.trigger)
        sc = SentenceCoder(view, lang, kb, doc_topic)
        first_verb = next((c for c in sorted(view.cues, key=lambda c: c.start)
                           if c.role in ("future", "reporting", "light_verbs")), None)
        if first_verb is not None and (not view.hits or first_verb.start < min(h.start for h in view.hits)):
            topic = sc.subject_after(first_verb.tok, limit=2) if lang == "ar" else sc.subject_before(first_verb.tok)
            sc.topic = sc.with_coactors(topic, ne)
            if first_verb.role in ("future", "light_verbs"):
                sc.governor = sc.topic
        first = len(drafts)
        for hit in _chain_filter(view):
            d = sc.code(hit)
            if d is None:
                continue
            d.is_title = sent.is_title
            d.in_summary = in_summary
            _attribution(view, sc, d, lang, last_speaker)
            _modality(view, d, lang)
            _date(view, d, lang, doc.published)
            _location(view, d, kb, lang, doc_countries)
            _countries(d, kb, passages, norm, doc.text)
            d.context = _context(view, d, lang)
            drafts.append(d)
            sc.prev = d
            if not sc.topic:
                sc.topic = d.actors
        drafts[first:] = _same_incident(view, drafts[first:])
        for d in drafts[first:] if detector is not None else ():
            detector.observe(view, d, len(doc.sentences))
        if sc.topic:
            doc_topic.extend(sc.topic)
    if detector is not None:
        drafts = detector.decide(drafts)
    body_keys = {_key(d) for d in drafts if not d.in_summary}
    drafts = [d for d in drafts if not d.in_summary or _key(d) in body_keys]
    return [_finish(doc, norm, d, onto) for d in _dedupe(drafts)]


def _finish(doc: Document, norm: NormalisedText, d: Draft, onto: Ontology) -> Event:
    t = d.hit.trigger
    spans = [(m.start, m.end) for m in d.actors + d.recipients if d.sentence.start <= m.start < d.sentence.end]
    ts, te = norm.map.span_to_orig(d.hit.start, d.hit.end)
    start = min([ts] + [s for s, _ in spans])
    end = max([te] + [e for _, e in spans])
    text = doc.text[start:end]
    eid = hashlib.sha256(f"{doc.id}|{d.sentence.index}|{start}|{end}|{t.event}".encode()).hexdigest()[:16]
    return Event(
        id=eid, sentence=d.sentence.index, start=start, end=end, text=text, event=t.event, mode=t.mode,
        context=d.context, cameo=t.cameo, quad_class=quad_class(t.cameo), goldstein=onto.goldstein_of(t.cameo),
        actor=tuple(m.entity for m in d.actors), recipient=tuple(m.entity for m in d.recipients),
        reciprocal=t.reciprocal, location=d.location, date=d.date, attribution=d.attribution, negated=d.negated,
        future=d.future, confidence=_confidence(d) if d.detector_p is None else
        round((_confidence(d) * d.detector_p) ** 0.5, 3), trigger=(ts, te), trigger_text=doc.text[ts:te],
        background=d.background,
    )

