"""Reading and validating knowledge-base YAML files (format: ``docs/KB_FORMAT.md``).

Every problem in every file is collected and raised together as one
:class:`~marsad.errors.DataError`, each naming the file, the entry and the field,
because PETRARCH's users lose days to one silently malformed code at a time.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from marsad.errors import DataError

SECTORS = frozenset(
    [
        "GOV", "MIL", "COP", "JUD", "SPY", "LEG", "PTY", "OPP", "REB", "INS", "PMC", "IGO", "NGO", "MED", "BUS", "CVL",
        "LAB", "EDU", "REL", "REF", "CRM", "UAF", "HLH", "ELI",
    ]
)
TITLES = frozenset(
    [
        "head_of_state", "head_of_government", "vice_president", "foreign_minister", "defence_minister",
        "interior_minister", "army_chief", "army_officer", "minister", "group_leader", "igo_leader",
        "opposition_leader", "official",
    ]
)
ORG_TYPES = frozenset({"igo", "organisation", "group"})
LANGS = ("ar", "en", "fr")
SECTIONS = ("states", "people", "organisations", "roles")
_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_ISO3_RE = re.compile(r"^[A-Z]{3}$")
_DATE_RE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


def _has_presentation_forms(s: str) -> bool:
    return any(0xFB50 <= ord(c) <= 0xFDFF or 0xFE70 <= ord(c) <= 0xFEFE for c in s)


@dataclass
class Role:
    country: str | None
    sector: str
    title: str
    start: str
    end: str | None
    org: str | None = None

    def active(self, on: str | None) -> bool:
        if on is None:
            return self.end is None
        return self.start[: len(on)] <= on and (self.end is None or on <= self.end.ljust(10, "~")[:10])


@dataclass
class Entry:
    """One KB entry of any section, after validation and merging."""

    section: str
    id: str
    names: dict[str, list[str]] = field(default_factory=dict)
    short: dict[str, list[str]] = field(default_factory=dict)
    adjectives: dict[str, list[str]] = field(default_factory=dict)
    demonyms: dict[str, list[str]] = field(default_factory=dict)
    ambiguous: dict[str, list[str]] = field(default_factory=dict)
    capital: dict[str, Any] | None = None
    neighbours: list[str] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    type: str | None = None
    country: str | None = None
    sector: str | None = None
    title: str | None = None
    members: list[str] = field(default_factory=list)
    source: str = ""

    def name(self, lang: str) -> str | None:
        vals = self.names.get(lang) or []
        return vals[0] if vals else None


def _date_str(v: Any) -> str | None:
    if v is None:
        return None
    if isinstance(v, date):
        return v.isoformat()
    return str(v)


def _valid_date(s: str) -> bool:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` naming a real year, month or day (not 2021-13-45)."""
    if not _DATE_RE.match(s):
        return False
    try:
        date.fromisoformat((s + "-01-01")[:10] if len(s) < 10 else s)
    except ValueError:
        return False
    return True


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Safe YAML loader that keeps dates as written.

    Why: PyYAML turns ``2021-05-24`` into a date but crashes with a bare
    ValueError on ``2021-13-01``; kept as strings, dates are checked with the
    entry and field named, like every other value.
    """


_Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


class _Checker:
    def __init__(self) -> None:
        self.problems: list[str] = []

    def bad(self, where: str, msg: str) -> None:
        self.problems.append(f"{where}: {msg}")

    def lang_lists(self, where: str, key: str, val: Any) -> dict[str, list[str]]:
        if val is None:
            return {}
        if not isinstance(val, dict):
            self.bad(where, f"'{key}' must be a mapping of ar/en/fr to lists, got {type(val).__name__}")
            return {}
        out: dict[str, list[str]] = {}
        for lang, items in val.items():
            if lang not in LANGS:
                self.bad(where, f"'{key}': unknown language '{lang}' (allowed: ar, en, fr)")
                continue
            if items is None:
                continue
            if isinstance(items, str):
                items = [items]
            if not isinstance(items, list) or not all(isinstance(i, str) and i.strip() for i in items):
                self.bad(where, f"'{key}.{lang}' must be a list of non-empty strings")
                continue
            for i in items:
                if _has_presentation_forms(i):
                    self.bad(where, f"'{key}.{lang}': '{i}' uses Arabic presentation-form letters")
            out[lang] = [i.strip() for i in items]
        return out

    def codes(self, where: str, key: str, val: Any, known: set[str] | None) -> list[str]:
        """A list of ISO3 codes (``neighbours``, ``members``)."""
        if val is None:
            return []
        if not isinstance(val, list):
            self.bad(where, f"'{key}' must be a list of ISO3 codes, got {type(val).__name__}")
            return []
        return [c for c in (self.iso3(where, key, v, known) for v in val) if c]

    def choice(self, where: str, key: str, val: Any, allowed: frozenset[str]) -> str | None:
        """``val`` if it is one of ``allowed``, else a problem saying what is allowed."""
        if isinstance(val, str) and val in allowed:
            return val
        self.bad(where, f"'{key}': '{val}' is not one of {' '.join(sorted(allowed))}")
        return None

    def iso3(self, where: str, key: str, val: Any, known: set[str] | None) -> str | None:
        if val is None:
            return None
        if not isinstance(val, str) or not _ISO3_RE.match(val):
            self.bad(where, f"'{key}': '{val}' is not an ISO 3166-1 alpha-3 code (three capital letters)")
            return None
        if known is not None and val not in known:
            self.bad(where, f"'{key}': '{val}' is not a known state id")
        return val

    def sector(self, where: str, val: Any, required: bool = True) -> str | None:
        if val is None and not required:
            return None
        return self.choice(where, "sector", val, SECTORS)

    def date(self, where: str, key: str, val: Any, required: bool) -> str | None:
        s = _date_str(val)
        if s is None:
            if required:
                self.bad(where, f"'{key}' is required (YYYY-MM-DD, YYYY-MM or YYYY)")
            return None
        if not _valid_date(s):
            self.bad(where, f"'{key}': '{s}' is not an ISO date (YYYY-MM-DD, YYYY-MM or YYYY)")
            return None
        return s


def _entry_id(ck: _Checker, where: str, raw: dict[str, Any], section: str) -> str | None:
    eid = raw.get("id")
    if not isinstance(eid, str) or not eid:
        ck.bad(where, "'id' is required")
        return None
    if section == "states":
        if not _ISO3_RE.match(eid):
            ck.bad(where, f"'id': '{eid}' is not an ISO3 code")
            return None
    elif not _ID_RE.match(eid):
        ck.bad(where, f"'id': '{eid}' must be lowercase ascii words joined by '-'")
        return None
    return eid


def parse_entry(ck: _Checker, section: str, raw: Any, where: str, states: set[str] | None) -> Entry | None:
    """Validate one raw YAML entry; problems go to ``ck``."""
    if not isinstance(raw, dict):
        ck.bad(where, "an entry must be a mapping")
        return None
    eid = _entry_id(ck, where, raw, section)
    if eid is None:
        return None
    where = f"{where} ({eid})"
    e = Entry(section=section, id=eid, source=where)
    e.names = ck.lang_lists(where, "names", raw.get("names"))
    e.ambiguous = ck.lang_lists(where, "ambiguous", raw.get("ambiguous"))
    if section == "states":
        e.adjectives = ck.lang_lists(where, "adjectives", raw.get("adjectives"))
        e.demonyms = ck.lang_lists(where, "demonyms", raw.get("demonyms"))
        cap = raw.get("capital")
        if cap is not None:
            if not isinstance(cap, dict):
                ck.bad(where, "'capital' must be a mapping")
            else:
                cnames = ck.lang_lists(where, "capital.names", cap.get("names"))
                lat, lon = cap.get("lat"), cap.get("lon")
                if not isinstance(lat, int | float) or not isinstance(lon, int | float):
                    ck.bad(where, "'capital' needs numeric 'lat' and 'lon'")
                else:
                    e.capital = {"names": cnames, "lat": float(lat), "lon": float(lon)}
        e.neighbours = ck.codes(where, "neighbours", raw.get("neighbours"), None)
    elif section == "people":
        e.short = ck.lang_lists(where, "short", raw.get("short"))
        roles = raw.get("roles")
        if not isinstance(roles, list) or not roles:
            ck.bad(where, "'roles' must be a non-empty list")
        else:
            for i, r in enumerate(roles):
                rw = f"{where}: roles[{i}]"
                if not isinstance(r, dict):
                    ck.bad(rw, "a role must be a mapping")
                    continue
                title = ck.choice(rw, "title", r.get("title"), TITLES)
                country = ck.iso3(rw, "country", r.get("country"), states)
                org = r.get("org")
                if country is None and org is None:
                    ck.bad(rw, "a role needs 'country' (ISO3) or 'org' (an organisation id)")
                sector = ck.sector(rw, r.get("sector"))
                start = ck.date(rw, "start", r.get("start"), required=True)
                end = ck.date(rw, "end", r.get("end"), required=False)
                if title and sector and start:
                    e.roles.append(Role(country, sector, title, start, end, org))
    elif section == "organisations":
        e.type = ck.choice(where, "type", raw.get("type"), ORG_TYPES)
        e.country = ck.iso3(where, "country", raw.get("country"), states)
        e.sector = ck.sector(where, raw.get("sector"))
        e.members = ck.codes(where, "members", raw.get("members"), states)
    elif section == "roles":
        e.sector = ck.sector(where, raw.get("sector"))
        t = raw.get("title")
        e.title = ck.choice(where, "title", t, TITLES) if t is not None else None
    if not any(e.names.values()):
        ck.bad(where, "'names' must give at least one name")
    return e


def _merge(old: Entry, new: Entry) -> None:
    for attr in ("names", "short", "adjectives", "demonyms", "ambiguous"):
        a: dict[str, list[str]] = getattr(old, attr)
        for lang, vals in getattr(new, attr).items():
            bucket = a.setdefault(lang, [])
            bucket.extend(v for v in vals if v not in bucket)
    if new.capital:
        old.capital = new.capital
    old.neighbours.extend(n for n in new.neighbours if n not in old.neighbours)
    old.roles.extend(new.roles)
    old.members.extend(m for m in new.members if m not in old.members)
    for attr in ("type", "country", "sector", "title"):
        if getattr(new, attr) is not None:
            setattr(old, attr, getattr(new, attr))


def _cache_path(path: Path) -> Path | None:
    """Where the parsed form of a data file is cached, keyed by path, size and modification time.

    Why: PyYAML's constructor is pure Python and takes about a second for the built-in KB; the YAML
    stays the source of truth, is re-read whenever it changes, and is validated on every load.
    """
    try:
        st = path.stat()
    except OSError:
        return None
    root = Path(os.environ.get("MARSAD_CACHE") or Path.home() / ".cache" / "marsad")
    key = hashlib.sha1(f"{path.resolve()}|{st.st_size}|{st.st_mtime_ns}|{_CACHE_VERSION}".encode()).hexdigest()
    return root / f"{key}.pickle"


_CACHE_VERSION = 1


def load_yaml_cached(path: Path) -> Any:
    """``yaml.load`` of a data file, through the parse cache when it is valid (errors propagate)."""
    cache = _cache_path(path)
    if cache is not None and cache.exists():
        try:
            with open(cache, "rb") as f:
                return pickle.load(f)
        except Exception:  # a damaged cache file is only a cache miss
            pass
    with open(path, encoding="utf-8") as f:
        data = yaml.load(f, Loader=_Loader)
    if cache is not None:
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            tmp = cache.with_suffix(f".{os.getpid()}.tmp")
            with open(tmp, "wb") as f:
                pickle.dump(data, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, cache)
        except OSError:  # a read-only home: no cache, same result
            pass
    return data


def read_yaml(path: Path, ck: _Checker) -> dict[str, Any]:
    try:
        data = load_yaml_cached(path)  # a SafeLoader subclass
    except FileNotFoundError:
        ck.bad(str(path), "file not found")
        return {}
    except OSError as exc:  # a folder, no permission, a device error
        ck.bad(str(path), f"cannot be read: {exc.strerror or exc}")
        return {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        ck.bad(str(path), f"not valid YAML: {str(exc).splitlines()[0]}")
        return {}
    if data is None:
        return {}
    if not isinstance(data, dict):
        ck.bad(str(path), "the top level must be a mapping with sections " + ", ".join(SECTIONS))
        return {}
    for key in data:
        if key not in SECTIONS:
            ck.bad(str(path), f"unknown section '{key}' (allowed: {', '.join(SECTIONS)})")
    return data


def load_entries(paths: list[Path]) -> dict[str, dict[str, Entry]]:
    """Read, validate and merge KB files; raise DataError listing every problem."""
    ck = _Checker()
    raw_by_path = [(p, read_yaml(p, ck)) for p in paths]
    out: dict[str, dict[str, Entry]] = {s: {} for s in SECTIONS}
    for section in SECTIONS:  # states first, so other sections can check country codes
        states = set(out["states"]) | {"XKX"} if section != "states" else None
        for path, data in raw_by_path:
            items = data.get(section)
            if items is None:
                continue
            if not isinstance(items, list):
                ck.bad(f"{path.name}: {section}", "must be a list of entries")
                continue
            seen_here: set[str] = set()
            for i, raw in enumerate(items):
                e = parse_entry(ck, section, raw, f"{path.name}: {section}[{i}]", states)
                if e is None:
                    continue
                if e.id in seen_here and section != "states":
                    ck.bad(e.source, f"duplicate id '{e.id}' in the same file")
                    continue
                seen_here.add(e.id)
                if e.id in out[section]:
                    _merge(out[section][e.id], e)
                else:
                    out[section][e.id] = e
    ids: dict[str, str] = {}
    for section in ("people", "organisations", "roles"):
        for eid, entry in out[section].items():
            if eid in ids:
                ck.bad(entry.source, f"'id': '{eid}' is also used by {ids[eid]}")
            else:
                ids[eid] = entry.source
    if ck.problems:
        raise DataError(ck.problems)
    return out
