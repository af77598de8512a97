"""The loaded knowledge base: actors, aliases and one automaton over them.

Loaded once per process (``get_kb``) and passed explicitly to the stages that
need it; Dask workers load it once each. Building the automaton over every
alias (normalised with the same function as the text) is what makes matching
one pass over a document.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path

import ahocorasick

from marsad.kb.loader import Entry, Role, load_entries
from marsad.model import Actor
from marsad.text import ar, en, fr
from marsad.text.normalise import normalise_key

_FUNCTION_WORDS = ar.STOPWORDS | en.STOPWORDS | fr.STOPWORDS

KIND_PRIORITY = {"name": 0, "short": 1, "capital": 2, "adjective": 3, "demonym": 3, "role": 4}


@dataclass(frozen=True)
class Alias:
    """One way of writing an entry. ``kind``: name, short, adjective, demonym, capital, role."""

    section: str
    entry_id: str
    kind: str
    lang: str
    written: str
    ambiguous: bool
    article_elided: bool = False  # المغرب written after ل as للمغرب: matches only after لل


@dataclass(frozen=True)
class Place:
    name: str
    names_ar: tuple[str, ...]
    country: str
    lat: float
    lon: float
    population: int


def definite_phrase(phrase: str) -> str:
    """An Arabic noun phrase with the article on every word after the first (نظام عسكري → نظام العسكري);
    the matcher adds the first word's article itself, giving النظام العسكري."""
    first, *rest = phrase.split()
    return " ".join([first] + [w if w.startswith("ال") else "ال" + w for w in rest])


def dual_forms(noun: str) -> tuple[str, ...]:
    """The Arabic dual of a singular noun, nominative and oblique (جندي: جنديان، جنديين; مراسلة: مراسلتان،
    مراسلتين). Written forms, normalised on adding. A plural given here gives words no text has (جنودان)."""
    stem = noun[:-1] + "ت" if noun.endswith("ة") else noun
    return (stem + "ان", stem + "ين")


def data_dir() -> Path:
    return Path(str(resources.files("marsad") / "data"))


def builtin_kb_files() -> list[Path]:
    kb = data_dir() / "kb"
    files = [kb / "states.yaml", kb / "states_extra.yaml", kb / "organisations.yaml", kb / "roles.yaml"]
    files += sorted((kb / "people").glob("*.yaml"))
    return [f for f in files if f.exists()]


def bearing(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Initial great-circle bearing from point 1 to point 2, degrees clockwise from north."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dl = math.radians(lon2 - lon1)
    x = math.sin(dl) * math.cos(p2)
    y = math.cos(p1) * math.sin(p2) - math.sin(p1) * math.cos(p2) * math.cos(dl)
    return (math.degrees(math.atan2(x, y)) + 360.0) % 360.0


class KnowledgeBase:
    """Entries by section, actors, and the alias automaton."""

    def __init__(self, entries: dict[str, dict[str, Entry]], places: list[Place], files: list[Path],
                 place_collisions: frozenset[str] = frozenset(),
                 capital_collisions: frozenset[str] = frozenset(),
                 glued_words: frozenset[str] = frozenset()) -> None:
        self.entries = entries
        self.states = entries["states"]
        self.people = entries["people"]
        self.organisations = entries["organisations"]
        self.roles = entries["roles"]
        self.places = places
        self.files = files
        self.automaton = ahocorasick.Automaton()
        # Capitals whose name is also a common word (ماليه, Malé, is "financial"): ambiguous aliases, which
        # count only when the document names the state plainly (data/kb/place_collisions.tsv).
        self.capital_collisions = capital_collisions
        # Proclitic + name forms that are words of their own (ولاية is no و + لاية, Lae): no name reading.
        self.glued_words = glued_words
        self._aliases: dict[str, list[Alias]] = {}
        self._build_aliases()
        for key, aliases in self._aliases.items():
            self.automaton.add_word(key, (len(key), tuple(aliases)))
        self.automaton.make_automaton()
        self.places_by_name: dict[str, list[Place]] = {}
        for p in places:
            for n in (p.name, *p.names_ar):
                self.places_by_name.setdefault(normalise_key(n), []).append(p)
        # Gazetteer names measured to be ordinary words in news (إطار "framework" is also Atar): a place only
        # after a place noun (tools/place_collisions.py writes the list, data/kb/place_collisions.tsv).
        self.place_collisions = place_collisions
        # First words of place names: a word that starts none is skipped without further lookups.
        self.place_first_words = frozenset(k.split()[0] for k in self.places_by_name)

    # -- construction -------------------------------------------------------------------------
    def _add(self, written: str, alias: Alias) -> None:
        key = normalise_key(written)
        # إمام folds to امام "in front of": never an actor. An acronym (UN, US) is kept: the matcher takes
        # it only where it is written in capitals, so French "un" is not the United Nations.
        acronym = written.isascii() and written.isupper() and len(written) <= 5
        if len(key) < 2 or (key in _FUNCTION_WORDS and not acronym):
            return
        bucket = self._aliases.setdefault(key, [])
        if alias not in bucket:
            bucket.append(alias)

    def _build_aliases(self) -> None:
        for section, entries in self.entries.items():
            for e in entries.values():
                amb = {normalise_key(a) for vals in e.ambiguous.values() for a in vals}
                kinds = [("name", e.names), ("short", e.short), ("adjective", e.adjectives),
                         ("demonym", e.demonyms)]
                if e.capital:
                    kinds.append(("capital", e.capital["names"]))
                for kind, by_lang in kinds:
                    kind = "role" if section == "roles" else kind
                    for lang, vals in by_lang.items():
                        for v in vals:
                            ambiguous = normalise_key(v) in amb or (kind == "capital" and
                                                                   normalise_key(v) in self.capital_collisions)
                            alias = Alias(section, e.id, kind, lang, v, ambiguous)
                            self._add(v, alias)
                            if lang == "ar" and v.startswith(("ال", "الـ")) and len(v) > 4:
                                self._add(v[2:], replace(alias, article_elided=True))
                            if lang == "ar" and kind in ("role", "adjective") and " " in v:
                                self._add(definite_phrase(v), alias)
                            if lang == "ar" and kind == "role" and " " not in v:
                                for dual in dual_forms(v):  # جنديان، جنديين: the dual is regular
                                    self._add(dual, alias)

    # -- actors -------------------------------------------------------------------------------
    def state_actor(self, iso3: str, sector: str | None = None) -> Actor:
        e = self.states.get(iso3)
        name = (e.name("en") if e else None) or iso3
        name_ar = e.name("ar") if e else None
        return Actor(id=iso3, name=name, name_ar=name_ar, country=iso3, sector=sector, type="state")

    def role_in_force(self, person: Entry, on: str | None) -> Role | None:
        active = [r for r in person.roles if r.active(on)]
        pool = active or sorted(person.roles, key=lambda r: r.start)[-1:]
        rank = {"head_of_state": 0, "head_of_government": 1, "group_leader": 2, "igo_leader": 2}
        return min(pool, key=lambda r: (rank.get(r.title, 5), r.start)) if pool else None

    def person_actor(self, pid: str, on: str | None) -> Actor:
        p = self.people[pid]
        role = self.role_in_force(p, on)
        country = role.country if role else None
        if role and role.org and not country:
            org = self.organisations.get(role.org)
            country = org.country if org else None
        return Actor(id=pid, name=p.name("en") or pid, name_ar=p.name("ar"), country=country,
                     sector=role.sector if role else None, type="person")

    def org_actor(self, oid: str) -> Actor:
        o = self.organisations[oid]
        kind = "organisation" if o.type in ("igo", "organisation") else "group"
        return Actor(id=oid, name=o.name("en") or oid, name_ar=o.name("ar"), country=o.country,
                     sector=o.sector, type=kind)

    def holder(self, title: str, country: str, on: str | None) -> str | None:
        """Id of the person holding ``title`` for ``country`` on date ``on`` (None: today)."""
        found = [(r.start, p.id) for p in self.people.values() for r in p.roles
                 if r.title == title and r.country == country and r.active(on)]
        return max(found)[1] if found else None

    def role_actor(self, role_id: str, country: str | None, on: str | None) -> Actor:
        role = self.roles[role_id]
        if role.title and country:
            pid = self.holder(role.title, country, on)
            if pid:
                return self.person_actor(pid, on)
        if country is None:
            return Actor(id=role_id, name=role.name("en") or role_id, name_ar=role.name("ar"), country=None,
                         sector=role.sector, type="organisation")
        state = self.state_actor(country)
        return Actor(id=f"{country}-{role_id}", name=f"{state.name} {role.name('en') or role_id}",
                     name_ar=f"{role.name('ar') or ''} {state.name_ar or ''}".strip() or None,
                     country=country, sector=role.sector, type="organisation", how="adjective")

    def actor_for(self, alias: Alias, on: str | None) -> Actor:
        if alias.section == "states":
            return self.state_actor(alias.entry_id, "GOV" if alias.kind == "capital" else None)
        if alias.section == "people":
            return self.person_actor(alias.entry_id, on)
        if alias.section == "organisations":
            return self.org_actor(alias.entry_id)
        return self.role_actor(alias.entry_id, None, on)

    def place_actor(self, place: Place) -> Actor:
        return Actor(id=f"place:{place.name.lower().replace(' ', '-')}-{place.country.lower()}", name=place.name,
                     name_ar=place.names_ar[0] if place.names_ar else None, country=place.country, sector=None,
                     type="place")

    def best_place(self, key: str, countries: set[str]) -> Place | None:
        """The place called ``key``: one in a country the document is about, else the most populous."""
        places = self.places_by_name.get(key)
        if not places:
            return None
        return max(places, key=lambda p: (p.country in countries, p.population))

    # -- geography ----------------------------------------------------------------------------
    def neighbour_towards(self, iso3: str, direction: float) -> str | None:
        """The land neighbour of ``iso3`` whose capital lies closest to compass ``direction``."""
        e = self.states.get(iso3)
        if not e or not e.capital:
            return None
        best: tuple[float, str] | None = None
        for n in e.neighbours:
            ne = self.states.get(n)
            if not ne or not ne.capital:
                continue
            b = bearing(e.capital["lat"], e.capital["lon"], ne.capital["lat"], ne.capital["lon"])
            diff = abs((b - direction + 180.0) % 360.0 - 180.0)
            if diff <= 67.5 and (best is None or diff < best[0]):
                best = (diff, n)
        return best[1] if best else None

    def lookup(self, name: str) -> list[Alias]:
        return list(self._aliases.get(normalise_key(name), []))

    @property
    def alias_count(self) -> int:
        return len(self._aliases)


def _load_places(path: Path) -> list[Place]:
    out: list[Place] = []
    if not path.exists():
        return out
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith(("#", "geonameid")):
                continue
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 7:
                continue
            out.append(Place(parts[1], tuple(parts[2].split("|")), parts[3], float(parts[4]), float(parts[5]),
                             int(parts[6])))
    return out


def _load_collisions(path: Path) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """``place_collisions.tsv``: (gazetteer names, capital names, glued proclitic + name forms) measured to
    be ordinary words, normalised."""
    if not path.exists():
        return frozenset(), frozenset(), frozenset()
    places, capitals, glued = set(), set(), set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith(("#", "name\t")) or not line.strip():
                continue
            parts = line.rstrip("\n").split("\t")
            kind = parts[-1]
            (capitals if kind.startswith("capital:") else glued if kind.startswith("glued:") else places).add(parts[0])
    return frozenset(places), frozenset(capitals), frozenset(glued)


def load_kb(extra: tuple[Path, ...] = ()) -> KnowledgeBase:
    files = builtin_kb_files() + [Path(p) for p in extra]
    entries = load_entries(files)
    kb = data_dir() / "kb"
    places, capitals, glued = _load_collisions(kb / "place_collisions.tsv")
    return KnowledgeBase(entries, _load_places(kb / "places.tsv"), files, places, capitals, glued)


@lru_cache(maxsize=8)
def get_kb(extra: tuple[Path, ...] = ()) -> KnowledgeBase:
    """The process-wide KB for this set of user files (loaded once)."""
    return load_kb(extra)
