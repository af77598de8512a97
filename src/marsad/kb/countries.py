"""Every actor has a country (ICEWS "sector (country)"), and says how it got it.

The coding manual wants a country on every actor the text makes clear, and the match key of every event is
a pair of countries, so an actor without one is an event lost. The KB gives states, KB people (their role on
the date) and organisations their country; role nouns joined to a country adjective (الشرطة التركية) get it
in the matcher. What is left, and where this module takes it from:

- a **person outside the KB** (found by ``kb/persons.py``): from a title or nationality before the name,
  within a few words of it in the same clause (مبعوث الأمم المتحدة إلى ليبيا سامي …, the UN envoy to Libya Sami
  …: the envoy is IGO, not Libya, so a state name introduced by a preposition is skipped), or from a role
  in apposition right after it (كارلوس منديث، وزير الدفاع البيروفي). Every mention of that person (the bare
  surname later) takes it. ``how`` = ``title`` / ``apposition``;
- a **generic actor** (the police, the army, gunmen, protesters, civilians, rebels, "the authorities") and
  a **non-state armed group** without a country of its own: the country where the event happens (its
  place, ``how`` = ``place``), else the country the passage is about (``passage``): the country most
  mentioned in the sentence and the two before it, ties broken by the whole document. This step needs the
  event's place, so the coder calls :func:`localise` once per event;
- a **person** outside the KB with no title or apposition: the passage's country (``passage``; measured on
  news-gold dev: +1 correct event, no loss);
- an **unnamed party** (:func:`implicit_recipient`): the attackers of an attack told with no attacker, the
  victims of one told with no victim, the target of a condemnation or call that names none.

IGOs and their officials keep no country (their sector is IGO; the manual codes them ``IGO``). A state's name
right after a title keeps its state and takes the title's sector (:func:`titled_states`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import replace

from marsad.kb.base import KnowledgeBase
from marsad.model import Actor, Mention

_TITLE_WINDOW = 6  # words between a title and the name it qualifies
_CLAUSE_BREAK = re.compile(r"[.!?؟:;؛«»\"()\n]|،|,")
_PREPOSITIONS = ("إلى", "الى", "في", "لدى", "من", "عن", "to", "in", "for", "at", "à", "en", "pour", "auprès")
GENERIC_SECTORS = frozenset({"MIL", "COP", "GOV", "REB", "INS", "CVL", "OPP", "JUD", "LEG", "SPY", "CRM",
                             "UAF", "MED", "BUS", "EDU", "HLH", "REF", "LAB", "PTY", "ELI", "SET"})


def _is_igo(a: Actor) -> bool:
    return a.sector == "IGO" or a.type == "igo"


def _can_title(m: Mention) -> bool:
    """A mention that can be a person's post: a role with a country, an organisation (IGO included)."""
    a = m.entity
    if a.type == "person" or a.type == "place":
        return False
    if m.how == "role":
        return a.country is not None or _is_igo(a)
    return a.type in ("organisation", "group") and (a.country is not None or _is_igo(a))


def _words(s: str) -> int:
    return len(s.split())


def person_countries(mentions: list[Mention], original: str, kb: KnowledgeBase) -> list[Mention]:
    """Persons without a country take one from their title or apposition; all their mentions follow."""
    got: dict[str, tuple[str | None, str | None, str]] = {}
    for i, m in enumerate(mentions):
        a = m.entity
        if a.type != "person" or a.country is not None or _is_igo(a) or a.id in got:
            continue
        # the title before: walk back over mentions in the same clause, skipping "إلى ليبيا" (a state
        # introduced by a preposition is where the post is for, not whose it is)
        for j in range(i - 1, -1, -1):
            p = mentions[j]
            gap = original[p.end:m.start]
            # one comma right before the name is apposition ("the UN envoy to Libya, Sami Wardi")
            inner = gap.rstrip()
            inner = inner[:-1] if inner.endswith((",", "،")) else inner
            if _CLAUSE_BREAK.search(inner) or _words(gap) > _TITLE_WINDOW:
                break
            before = original[max(0, p.start - 12):p.start].split()
            after_prep = bool(before) and (before[-1] in _PREPOSITIONS or
                                           (p.entity.type == "state" and original[p.start:p.start + 1] in "لب"))
            if p.entity.type == "state" and not after_prep and _words(gap) == 0 and \
                    any(al.kind in ("adjective", "demonym") for al in kb.lookup(original[p.start:p.end])):
                got[a.id] = (p.entity.country, None, "title")  # الجنرال الأميركي X: a nationality adjective
                break
            if (p.entity.type == "state" and (after_prep or p.how != "role")) or \
                    (p.entity.type == "place" and after_prep):
                continue  # also "the UN spokesman in Geneva, X": where the post is, not whose
            if _can_title(p):
                got[a.id] = (p.entity.country, p.entity.sector, "title")
            break
        if a.id in got:
            continue
        # the apposition after: "X, the Y" with no other word between
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        if nxt is not None and _can_title(nxt) and nxt.how == "role" and \
                original[m.end:nxt.start].strip(" ،,") == "":
            got[a.id] = (nxt.entity.country, nxt.entity.sector, "apposition")
    if not got:
        return mentions
    out = []
    for m in mentions:
        g = got.get(m.entity.id)
        if g is not None and m.entity.country is None:
            country, sector, how = g
            m = replace(m, entity=replace(m.entity, country=country, sector=m.entity.sector or sector,
                                          how=how if country else None))
        out.append(m)
    return out


def _found_name(m: Mention) -> bool:
    """A person the name finder made from the text alone (``person:…``), with no country of its own."""
    return m.entity.type == "person" and m.entity.id.startswith("person:") and m.entity.country is None \
        and m.entity.sector is None


def titled_states(mentions: list[Mention], original: str) -> list[Mention]:
    """A state's name right after a title (Prime Minister Romendacil, where a PETRARCH dictionary lists the
    person under the state's code) is that state's government or forces: the name keeps its state and takes the
    title's sector, as PETRARCH's agents do. Only with nothing but spaces between them, and a title of no other
    country. (An Arabic construct such as وزير خارجية إيران is one role mention already: the matcher joins it.)"""
    out: list[Mention] | None = None
    for i in range(1, len(mentions)):
        m, p = mentions[i], mentions[i - 1]
        a, t = m.entity, p.entity
        if m.how != "name" or a.type != "state" or a.sector is not None or p.how != "role" or t.sector is None \
                or t.country not in (None, a.country) or original[p.end:m.start].strip() or p.end > m.start:
            continue
        if out is None:
            out = list(mentions)
        out[i] = replace(m, entity=replace(a, sector=t.sector))
    return mentions if out is None else out


def shorter_names(mentions: list[Mention], original: str, sentence_starts: list[int]) -> list[Mention]:
    """A later shorter form of a person's name (Karim Ould Sidi Salem → Ould Sidi Salem, two words or
    more, ending the full name) is the same person, with the country the full name got."""
    people: dict[str, Mention] = {}
    for m in mentions:
        if m.entity.type == "person" and len(m.text.split()) >= 3:
            people.setdefault(m.text, m)
    if not people:
        return mentions
    kept = list(mentions)
    added: list[Mention] = []
    for full, m in people.items():
        words = full.split()
        for k in range(1, len(words) - 1):
            short = " ".join(words[k:])
            for hit in re.finditer(rf"(?<!\w){re.escape(short)}(?!\w)", original):
                s, e = hit.start(), hit.end()
                inside = [x for x in kept + added if x.start < e and s < x.end]
                # only where nothing else is, the bare surname of the same person (Salem in Ould Sidi Salem), or a
                # name the person finder read there on its own (M. Ould Cheikh Ahmed after Ismaïl Ould Cheikh Ahmed)
                if any((x.entity.id != m.entity.id and not _found_name(x)) or x.start < s or x.end > e
                       for x in inside):
                    continue
                kept = [x for x in kept if all(x is not y for y in inside)]
                added = [x for x in added if all(x is not y for y in inside)]
                sent = max(0, bisect_right(sentence_starts, s) - 1)
                added.append(Mention(s, e, original[s:e], m.entity, "name", sent))
    return sorted(kept + added, key=lambda x: x.start) if added else mentions


def ethnic_groups(mentions: list[Mention], original: str, markers: tuple[str, ...]) -> list[Mention]:
    """A nationality after an ethnic marker (ethnic Albanians, ethnic Albanian rebels, d'origine albanaise, من
    أصل ألباني) names people of that descent, who live elsewhere: CAMEO codes an ethnic group by the country
    it lives in, so the mention loses the nationality's country and, as a generic group (sector ETH, or its
    role's), takes the event's place or the passage's (:func:`localise`)."""
    if not markers:
        return mentions
    out = []
    for m in mentions:
        a = m.entity
        before = original[max(0, m.start - 20):m.start].rstrip().casefold()
        marker = next((k for k in markers if before.endswith(k)), None)
        if marker is None or a.country is None or not (a.type == "state" or m.how == "role") or \
                before[:-len(marker)][-1:].isalnum():
            out.append(m)
            continue
        if a.type == "state":
            ent = replace(a, id=f"ethnic-{a.country}", name=f"ethnic {m.text}", country=None, sector="ETH",
                          type="group", how=None)
        else:
            ent = replace(a, id=f"ethnic-{a.id}", name=f"ethnic {m.text}", country=None, how=None)
        out.append(replace(m, entity=ent))
    return out


def role_anaphora(mentions: list[Mention]) -> list[Mention]:
    """A bare role noun (the ambassador, السفير) after the same role with a country (the Chinese ambassador) or
    in an international body (the UN envoy, مبعوث الأمم المتحدة) is that actor: the most recent one."""
    last: dict[str, Mention] = {}
    out = []
    for m in mentions:
        a = m.entity
        if m.how == "role" and a.country is not None and "-" in a.id:
            last[a.id.split("-", 1)[1]] = m
        elif m.how == "role" and _is_igo(a) and "-" in a.id:
            # a post in a body (united-nations-envoy): its role is a tail of the id, the body's id has hyphens too
            parts = a.id.split("-")
            for k in range(1, len(parts)):
                last["-".join(parts[k:])] = m
        elif m.how == "role" and a.country is None and not _is_igo(a) and a.id in last:
            m = replace(m, entity=last[a.id].entity)
        out.append(m)
    return out


class Passages:
    """The country each sentence's passage is about: the most mentioned in it and the two before it."""

    def __init__(self, mentions: list[Mention], sentences: int) -> None:
        self.per_sentence: list[Counter[str]] = [Counter() for _ in range(max(1, sentences))]
        self.document: Counter[str] = Counter()
        for m in mentions:
            c = m.entity.country
            if c and not _is_igo(m.entity) and 0 <= m.sentence < len(self.per_sentence):
                self.per_sentence[m.sentence][c] += 1
                self.document[c] += 1

    def country(self, sentence: int, exclude: frozenset[str] = frozenset(), fallback: bool = True) -> str | None:
        """The passage's country, leaving out ``exclude``; the document's when the window names none (only
        with ``fallback``)."""
        window: Counter[str] = Counter()
        for k in range(max(0, sentence - 2), min(sentence + 1, len(self.per_sentence))):
            window.update(self.per_sentence[k])
        pool = Counter({c: n for c, n in window.items() if c not in exclude})
        if not pool and fallback:
            pool = Counter({c: n for c, n in self.document.items() if c not in exclude})
        if not pool:
            return None
        return max(pool, key=lambda c: (pool[c], self.document[c]))


def generic(a: Actor) -> bool:
    """An actor that needs a country from the context: a role noun or group with none of its own."""
    if a.country is not None or _is_igo(a) or a.type in ("person", "place", "state"):
        return False
    return a.sector in GENERIC_SECTORS or a.type == "group"


def localise(m: Mention, kb: KnowledgeBase, place_country: str | None, passage_country: str | None) -> Mention:
    """A generic actor in an event with the event's country (``place``), else the passage's."""
    if m.entity.type == "person" and m.entity.country is None and not _is_igo(m.entity):
        country, how = passage_country, "passage"  # a person with no post told: the passage's
    elif not generic(m.entity):
        return m
    else:
        country, how = (place_country, "place") if place_country else (passage_country, "passage")
    if not country:
        return m
    a = m.entity
    if a.type == "person":
        return replace(m, entity=replace(a, country=country, how=how))
    state = kb.state_actor(country)
    return replace(m, entity=replace(a, id=f"{country}-{a.id}", name=f"{state.name} {a.name}", country=country,
                                     how=how))


# Material acts whose unnamed targets (gunmen, neighbourhoods, "others") are where the act happens.
LOCAL_TARGET_EVENTS = frozenset({"ASSAULT", "COERCE", "RETREAT", "MOBILIZE", "PROTEST"})


# Who an unnamed party of a local event is (CAMEO sectors): unidentified armed men attack and arrest,
# civilians protest and are the unnamed victims. ``stated`` keeps them with their sector and no country.
IMPLIED_SECTORS: dict[tuple[str, str], str] = {
    ("ASSAULT", "actor"): "UAF", ("COERCE", "actor"): "UAF", ("PROTEST", "actor"): "CVL",
    ("ASSAULT", "recipient"): "CVL", ("COERCE", "recipient"): "CVL",
}


def implicit_recipient(event: str, actors: list[Mention], kb: KnowledgeBase, place_country: str | None,
                       passages: Passages, sentence: int, anchor: Mention | None,
                       role: str = "recipient") -> Mention | None:
    """The recipient an event implies when the text names none it can resolve.

    An attack or arrest of unnamed people (ثلاثة حراس, "others") is done to people where it happens: the
    place's country, else the passage's. Any other act with no named recipient (condemned the violence,
    urged dialogue, an official visit) is aimed at the country the passage is about, when that is another
    country than the actor's; with none, no recipient is guessed.
    """
    own = frozenset(m.entity.country for m in actors if m.entity.country)
    if event in LOCAL_TARGET_EVENTS:
        country, how = (place_country, "place") if place_country else (passages.country(sentence), "passage")
    elif place_country and place_country not in own:
        country, how = place_country, "place"
    else:
        country, how = passages.country(sentence, exclude=own, fallback=True), "passage"
    if not country or anchor is None:
        return None
    state = replace(kb.state_actor(country), how="implied-" + how)
    sector = IMPLIED_SECTORS.get((event, role))
    if sector is not None:  # unnamed gunmen, protesters, victims: a generic actor of that country
        state = replace(state, id=f"{country}-unnamed-{sector}", name=f"{state.name} (unnamed)", sector=sector,
                        type="organisation")
    return Mention(anchor.start, anchor.end, anchor.text, state, "role", anchor.sentence)
