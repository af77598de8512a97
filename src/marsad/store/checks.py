"""What a query command checks before it asks the store: that the store exists, and that the actor, recipient
or event type it names is one Marsad knows.

Why: a query that quietly answers "nothing" for a typo (``--actor Mali`` where a code was expected, ``--type
FOO``, ``--db`` misspelt, which used to create a new empty store) looks exactly like a real "no events". So a
value is taken as written when the store has it, read as a country name (Arabic, English or French: Mali,
مالي and Mali all give MLI) or a KB name when the knowledge base knows it, and refused otherwise with the
nearest candidates ("did you mean MLI — Mali?"). Fuzzy matching is RapidFuzz's.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process, utils
from sqlalchemy import func, or_, select
from sqlalchemy.engine import make_url

from marsad.errors import ConfigError, StoreError
from marsad.store.db import resolve_url
from marsad.store.schema import event_actors
from marsad.store.writer import Store


def open_existing(db: str | None) -> Store:
    """The store at ``db`` for reading: a SQLite file that does not exist is an error, never a new empty store.

    (PostgreSQL needs no check: connecting to a database that does not exist already fails.)
    """
    require_existing(db)
    return Store(db)


def require_existing(db: str | None) -> None:
    """Raise :class:`StoreError` when ``db`` names a SQLite file that does not exist (a misspelt ``--db``)."""
    url = make_url(resolve_url(db))
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        path = Path(url.database)
        if not path.is_file():
            raise StoreError(f"no store at {path}: check --db (or $MARSAD_DB), or create one with "
                             f"`marsad ingest FILE... --db {path}`")


def _in_store(store: Store, value: str) -> bool:
    q = select(event_actors.c.actor_id).where(or_(func.lower(event_actors.c.actor_id) == value.lower(),
                                                   event_actors.c.country == value.upper(),
                                                   event_actors.c.code == value.upper())).limit(1)
    with store.read() as conn:
        return conn.execute(q).first() is not None


def _is_cameo_code(kb: Any, value: str) -> bool:
    """MLIGOV, RUSMILGOV: a country and one or more three-letter sectors."""
    from marsad.kb.loader import SECTORS

    v = value.upper()
    rest = v[3:]
    return (len(v) >= 6 and len(rest) % 3 == 0 and v[:3] in kb.states
            and all(rest[i:i + 3] in SECTORS for i in range(0, len(rest), 3)))


def _label(kb: Any, section: str, entry_id: str) -> str:
    e = kb.entries[section][entry_id]
    return f"{entry_id} — {e.name('en') or e.name('fr') or e.name('ar') or entry_id}"


def _candidates(kb: Any) -> dict[str, tuple[str, str]]:
    """Every written form a user may mean (codes, ids, names in ar/en/fr) → (section, entry id)."""
    out: dict[str, tuple[str, str]] = {}
    for section in ("states", "organisations", "people"):
        for entry_id, e in kb.entries[section].items():
            out.setdefault(entry_id, (section, entry_id))
            for by_lang in (e.names, e.short):
                for names in by_lang.values():
                    for n in names:
                        out.setdefault(n, (section, entry_id))
    return out


def suggestions(kb: Any, value: str, n: int = 3) -> list[str]:
    """The ``n`` nearest KB entries to ``value``, as ``CODE — Name``."""
    cands = _candidates(kb)
    seen: list[str] = []
    # Plain edit-distance ratio on folded case: a typo (Maly) is near Mali; WRatio's partial matching would
    # prefer long names that merely contain the letters (Falkland Islands).
    for written, _score, _i in process.extract(value, list(cands), scorer=fuzz.ratio, processor=utils.default_process,
                                               limit=40, score_cutoff=60):
        label = _label(kb, *cands[written])
        if label not in seen:
            seen.append(label)
        if len(seen) == n:
            break
    return seen


def resolve_party(store: Store, value: str, option: str, kb: Any = None) -> tuple[str, str | None]:
    """``value`` as the store's queries match it (KB id, ISO3 country or CAMEO code), and a note if it was read.

    Returns ``(value to query, note or None)``; the note says how a name was read ("'Mali' read as MLI — Mali").

    Raises:
        ConfigError: nothing of that name, with suggestions.
    """
    v = value.strip()
    if not v:
        raise ConfigError(f"{option} is empty")
    if _in_store(store, v):
        return v, None
    if kb is None:
        from marsad.kb import get_kb

        kb = get_kb()
    if v.upper() in kb.states or _is_cameo_code(kb, v):
        return v.upper(), None
    for section in ("organisations", "people"):
        if v.lower() in kb.entries[section]:
            return v.lower(), None
    targets = {(a.section, a.entry_id) for a in kb.lookup(v) if a.section in ("states", "organisations", "people")}
    states = {t for t in targets if t[0] == "states"}
    picked = states if len(states) == 1 else targets
    if len(picked) == 1:
        section, entry_id = next(iter(picked))
        return entry_id, f"{option} '{v}' read as {_label(kb, section, entry_id)}"
    near = [_label(kb, *t) for t in sorted(picked)] if picked else suggestions(kb, v)
    hint = f"; did you mean {', '.join(near)}?" if near else ""
    what = "names several actors" if len(picked) > 1 else "is no actor Marsad knows (a country code or name, " \
        "a CAMEO code such as MLIGOV, or a KB id)"
    raise ConfigError(f"{option} '{v}' {what}{hint}")


def resolve_type(value: str, option: str = "--type") -> str:
    """A PLOVER event type, case folded (agree → AGREE); anything else is refused with the nearest types."""
    from marsad.coding import get_ontology

    types = list(get_ontology().modes)
    v = value.strip().upper()
    if v in types:
        return v
    near = [t for t, _s, _i in process.extract(v, types, scorer=fuzz.ratio, limit=3, score_cutoff=60)]
    hint = f"did you mean {', '.join(near)}? " if near else ""
    raise ConfigError(f"{option} '{value}' is not a PLOVER event type: {hint}(the types: {', '.join(types)})")
