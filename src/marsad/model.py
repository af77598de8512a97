"""The data model, and its JSON form: the contract in ``docs/SCHEMA.md``.

A :class:`Document` is built by the text stage and then only *gains* layers
(sentences, tokens, mentions, events); no stage edits an earlier layer. Every
span is a pair of character offsets into ``Document.text`` exactly as read
(after decoding, before normalisation), so ``text[span[0]:span[1]]`` is the
evidence a user can check.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

SCHEMA_VERSION = "marsad.document/1"

Evidentiality = Literal["asserted", "claimed", "speculated", "hedged", "denied"]
How = Literal["name", "role", "pronoun", "metonym"]

PLOVER_TYPES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)


@dataclass(frozen=True)
class Actor:
    """A resolved participant: a state, a person, an organisation, a group or a place.

    ``code`` is the CAMEO-style code (country + sector, e.g. ``MLIGOV``) that
    GDELT/ICEWS users expect; ``id`` is the knowledge-base id. ``how`` says how the country was
    inferred (:data:`COUNTRY_HOW`), so a user can keep only countries the KB or the text states.
    """

    id: str
    name: str
    name_ar: str | None
    country: str | None
    sector: str | None
    type: str
    how: str | None = None

    def __post_init__(self) -> None:
        # how goes with the country: "kb" when a country came without a word on how, none without a country
        if self.country is None and self.how is not None:
            object.__setattr__(self, "how", None)
        elif self.country is not None and self.how is None:
            object.__setattr__(self, "how", "kb")

    @property
    def code(self) -> str:
        return (self.country or "") + (self.sector or "")

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "name_ar": self.name_ar,
            "country": self.country,
            "sector": self.sector,
            "code": self.code,
            "type": self.type,
            "how": self.country_how,
        }

    @property
    def country_how(self) -> str | None:
        """``how``, with ``kb`` for an actor whose country came with it from the KB; None without a country."""
        if self.country is None:
            return None
        return self.how or "kb"


# How an actor's country was inferred (docs/SCHEMA.md): from the knowledge base (a state, a KB person's role
# on the date, an organisation); a role noun with a country adjective or name (الشرطة التركية); a person's
# title or nationality before the name; a role in apposition after it; the event's place; the country the
# passage is about (generic actors and non-state armed groups: where they act).
# ``implied-place`` / ``implied-passage``: a recipient the text does not name (an attack on unnamed people,
# a condemnation of "the violence"), the country where the event happens or the passage's.
COUNTRY_HOW: tuple[str, ...] = ("kb", "adjective", "title", "apposition", "place", "passage", "implied-place",
                                "implied-passage")
INFERRED_HOW = frozenset({"place", "passage"})  # a country the text does not state for this actor
IMPLIED_HOW = frozenset({"implied-place", "implied-passage"})  # a participant the text does not name


def stated(actors: tuple[Actor, ...]) -> tuple[Actor, ...]:
    """What the text itself states: implied states dropped, context-inferred countries removed (an implied
    unnamed party — gunmen, protesters, victims — keeps its sector).

    Gold sets annotated that way (the Arabic GSR gives "civilians" no country; PETRARCH codes only named
    parties) are scored on this view; the manual's full view is the default output."""
    out = []
    for a in actors:
        if a.how in IMPLIED_HOW and a.sector is None:
            continue  # a state the text does not name
        if a.how in IMPLIED_HOW or a.how in INFERRED_HOW:  # unnamed gunmen / protesters: their sector only
            a = Actor(a.id, a.name, a.name_ar, None, a.sector, a.type)
        out.append(a)
    return tuple(out)


@dataclass(frozen=True)
class Token:
    """A word or punctuation mark. ``norm`` is its normalised form for matching."""

    start: int
    end: int
    norm: str
    is_word: bool


@dataclass(frozen=True)
class Word:
    """A syntactic word (UD): a token, or a clitic of one (Arabic و ب ل ك س, pronouns), with its parse.

    ``id`` counts from 1 in its sentence and ``head`` is the ``id`` of its head (0 for the root), as in
    CoNLL-U; ``start``/``end`` are offsets into ``Document.text``, inside the token the word belongs to.
    ``form`` is the text there as read; the parser saw it normalised as in training (``marsad.syntax``).
    """

    id: int
    form: str
    lemma: str
    upos: str
    feats: str
    head: int
    deprel: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "form": self.form, "lemma": self.lemma, "upos": self.upos, "feats": self.feats,
                "head": self.head, "deprel": self.deprel, "span": [self.start, self.end]}


@dataclass
class Sentence:
    """A sentence. ``words`` is filled by the syntax stage, and only for the sentences it parses."""

    index: int
    start: int
    end: int
    tokens: list[Token] = field(default_factory=list)
    is_title: bool = False
    is_heading: bool = False
    words: list[Word] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"index": self.index, "span": [self.start, self.end], "words": [w.to_dict() for w in self.words]}


@dataclass(frozen=True)
class Mention:
    """A span that refers to an actor, and how it was recognised.

    ``how`` is ``name`` (a name or adjective), ``role`` (a role noun with a
    country), ``pronoun`` (بلاده, his country, the two countries, the northern
    neighbour) or ``metonym`` (a capital for its government).
    """

    start: int
    end: int
    text: str
    entity: Actor
    how: How
    sentence: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "span": [self.start, self.end],
            "entity": self.entity.to_dict(),
            "how": self.how,
            "sentence": self.sentence,
        }


@dataclass(frozen=True)
class Attribution:
    speaker: Actor | None
    evidentiality: Evidentiality
    cue: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "speaker": self.speaker.to_dict() if self.speaker else None,
            "evidentiality": self.evidentiality,
            "cue": self.cue,
        }


@dataclass(frozen=True)
class Location:
    name: str
    country: str | None
    lat: float | None
    lon: float | None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "country": self.country, "lat": self.lat, "lon": self.lon}


@dataclass(frozen=True)
class EventDate:
    value: str | None
    precision: Literal["day", "month", "year", "unknown"]
    text: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "precision": self.precision, "text": self.text}


@dataclass(frozen=True)
class Event:
    id: str
    sentence: int
    start: int
    end: int
    text: str
    event: str
    mode: str | None
    context: tuple[str, ...]
    cameo: str
    quad_class: int
    goldstein: float
    actor: tuple[Actor, ...]
    recipient: tuple[Actor, ...]
    reciprocal: bool
    location: Location | None
    date: EventDate
    attribution: Attribution
    negated: bool
    future: bool
    confidence: float
    trigger: tuple[int, int]
    trigger_text: str
    background: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "sentence": self.sentence,
            "span": [self.start, self.end],
            "text": self.text,
            "event": self.event,
            "mode": self.mode,
            "context": list(self.context),
            "cameo": self.cameo,
            "quad_class": self.quad_class,
            "goldstein": self.goldstein,
            "actor": [a.to_dict() for a in self.actor],
            "recipient": [a.to_dict() for a in self.recipient],
            "reciprocal": self.reciprocal,
            "location": self.location.to_dict() if self.location else None,
            "date": self.date.to_dict(),
            "attribution": self.attribution.to_dict(),
            "negated": self.negated,
            "future": self.future,
            "confidence": self.confidence,
            "trigger": {"span": list(self.trigger), "text": self.trigger_text},
            "background": self.background,
        }


@dataclass
class Document:
    """One news text as read, with what the text stage learnt about it."""

    text: str
    id: str
    language: str
    published: str | None = None
    title: str | None = None
    source: str | None = None
    url: str | None = None
    mixed_language: bool = False
    sentences: list[Sentence] = field(default_factory=list)
    byline: str | None = None  # the author line as the source gives it ("لندن: فلان"), when it gives one
    genre: str = "report"  # report | opinion | interview (marsad.coding.genre): what relation views count
    genre_cues: tuple[str, ...] = ()  # why that genre ("url section: opinion"); empty for a default report

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "language": self.language,
            "published": self.published,
            "source": self.source,
            "url": self.url,
            "mixed_language": self.mixed_language,
            "byline": self.byline,
            "genre": self.genre,
            "genre_cues": list(self.genre_cues),
        }


@dataclass
class CodedDocument:
    """The coder's output for one document: the JSON contract's root object."""

    document: Document
    mentions: list[Mention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)

    def to_dict(self, with_syntax: bool = False) -> dict[str, Any]:
        """The JSON contract; ``with_syntax`` adds ``sentences`` with their parsed words (``--with-syntax``)."""
        out: dict[str, Any] = {
            "schema": SCHEMA_VERSION,
            "document": self.document.to_dict(),
            "mentions": [m.to_dict() for m in self.mentions],
            "events": [e.to_dict() for e in self.events],
        }
        if with_syntax:
            out["sentences"] = [s.to_dict() for s in self.document.sentences]
        return out
