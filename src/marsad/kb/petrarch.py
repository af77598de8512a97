"""Importing PETRARCH actor and agent dictionaries as a Marsad user knowledge base.

Analysts who used TABARI/PETRARCH own years of actor dictionaries; this module
turns them into the YAML of ``docs/KB_FORMAT.md`` so they can be passed with
``--kb`` instead of being retyped. PETRARCH never validated its dictionaries
(a mistyped ``120]--`` became an event code), so every code is checked here and
every problem is reported with its file and line, all at once.

How PETRARCH codes become Marsad entries (why: Marsad's actor ``code`` is
``country + sector``, so an imported actor must decompose the same way for its
output code to equal the PETRARCH code):

- A code is read as three-letter chunks: ``GONMIL`` → country ``GON``, sector ``MIL``.
  ``IGO…``/``NGO…`` codes have no country: the prefix is the sector.
- Country prefixes that are not a state of the loaded knowledge base (fictional
  ``ARN``/``GON``, legacy ``UAR``/``JAP``) are rejected unless the caller asks for
  ``declare_countries``: then each becomes a user-declared ``states`` entry with
  that id. This is the only relaxation and it is explicit, so real dictionaries
  never silently invent countries.
- A bare country code (``ARNOR [ARN]``) adds the names to that state; a code with a
  sector becomes an ``organisations`` entry; an entry with date-restricted codes
  becomes a ``people`` entry with one role per dated code.
- Sector chunks Marsad does not have (``HMS``, ``ORC``, ``TV``) cannot be represented:
  they are dropped with a warning, so the imported code is a prefix of PETRARCH's.
- Agents (``[~MIL]``, ``[NGO~]``) become ``roles`` when their first chunk is a Marsad sector.
- ``[---]`` is PETRARCH's null code ("do not code this actor"): the entry is skipped.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

import typer
import yaml

from marsad.kb.loader import SECTORS

NON_STATE_PREFIXES = frozenset({"IGO", "NGO"})
"""CAMEO prefixes that name a kind of international actor, not a country; they are Marsad sectors."""

NULL_CODE = "---"
_CODE_RE = re.compile(r"^[A-Z0-9]+$")
_DATE_RE = r"(\d{8}|\d{6})"
_RESTRICTION_RES = (
    ("before", re.compile(rf"^<\s*{_DATE_RE}$")),
    ("after", re.compile(rf"^>\s*{_DATE_RE}$")),
    ("between", re.compile(rf"^{_DATE_RE}\s*-\s*{_DATE_RE}$")),
)
_GROUP_SECTORS = frozenset({"REB", "INS", "PMC", "UAF", "CRM", "OPP", "PTY"})
TWO_DIGIT_PIVOT = 50
"""Six-digit dates ``YYMMDD``: years below 50 are 20YY, others 19YY (PETRARCH leaves this ambiguous)."""

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One problem in a dictionary line. ``error``: the entry was skipped; ``warning``: imported with a loss."""

    file: str
    line: int
    severity: Severity
    message: str
    text: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.severity}: {self.message} (in '{self.text}')"


@dataclass
class CodeSpec:
    """One ``[CODE restriction]`` of an actor entry, with its dates as ISO strings."""

    code: str
    start: str | None
    end: str | None
    line: int
    text: str

    @property
    def dated(self) -> bool:
        return self.start is not None or self.end is not None


@dataclass
class ActorEntry:
    """A PETRARCH actor record: primary phrase, ``+`` synonyms and codes."""

    phrase: str
    line: int
    synonyms: list[str] = field(default_factory=list)
    codes: list[CodeSpec] = field(default_factory=list)
    bad_codes: int = 0


@dataclass
class Conversion:
    """The YAML-ready knowledge base, every problem found, and each entry's PETRARCH code."""

    kb: dict[str, list[dict[str, Any]]]
    problems: list[Problem]
    codes: dict[str, str]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def to_yaml(self) -> str:
        head = "# Converted from PETRARCH dictionaries by `marsad kb import-petrarch`.\n"
        body = {k: v for k, v in self.kb.items() if v}
        return head + yaml.safe_dump(body, allow_unicode=True, sort_keys=False, width=120)


# -- reading ---------------------------------------------------------------------------------
def _lines(path: Path) -> Iterator[tuple[int, str, str]]:
    """(line number, raw line, content without comments) for each line; HTML comments may span lines."""
    in_comment = False
    with open(path, encoding="utf-8", errors="replace") as f:
        for n, raw in enumerate(f, 1):
            raw = raw.rstrip("\n").rstrip("\r")
            s = raw
            out = ""
            while s:
                if in_comment:
                    end = s.find("-->")
                    if end < 0:
                        s = ""
                        break
                    s = s[end + 3:]
                    in_comment = False
                else:
                    start = s.find("<!")
                    if start < 0:
                        out += s
                        break
                    out += s[:start]
                    s = s[start + 2:]
                    in_comment = True
            for mark in ("#", ";"):
                cut = out.find(mark)
                if cut >= 0:
                    out = out[:cut]
            yield n, raw, out


_SMALL_WORDS = frozenset({"of", "the", "and", "for", "de", "du", "la", "al"})


def phrase_text(phrase: str) -> str:
    """A PETRARCH phrase as a name: underscores are spaces, words title-cased; a lone short word (PLO, IMF)
    or a dotted one (U.N.) is kept as an acronym.

    Why title case: Marsad keeps the case of short all-capital aliases (``US`` is not ``us``),
    so ``ARNOR`` written as is would only match ``ARNOR``.
    """
    words = phrase.replace("_", " ").split()
    if len(words) == 1 and len(words[0]) <= 4:
        return words[0]
    out = []
    for i, w in enumerate(words):
        if "." in w:
            out.append(w)
        elif i and w.lower() in _SMALL_WORDS:
            out.append(w.lower())
        else:
            out.append(w.title())
    return " ".join(out)


def _iso(d: str, where: tuple[str, int, str], problems: list[Problem]) -> str | None:
    if len(d) == 6:
        yy = int(d[:2])
        d = ("20" if yy < TWO_DIGIT_PIVOT else "19") + d
    try:
        return date(int(d[:4]), int(d[4:6]), int(d[6:8])).isoformat()
    except ValueError:
        problems.append(Problem(where[0], where[1], "error", f"'{d}' is not a valid date YYYYMMDD", where[2]))
        return None


def parse_code(body: str, file: str, line: int, text: str, problems: list[Problem]) -> CodeSpec | None:
    """Parse the inside of ``[...]``: a code and an optional date restriction; report malformed ones."""
    parts = body.strip().split(None, 1)
    if not parts:
        problems.append(Problem(file, line, "error", "empty code []", text))
        return None
    code, restr = parts[0], (parts[1].strip() if len(parts) > 1 else "")
    if "/" in code and all(_CODE_RE.match(c) for c in code.split("/")):
        problems.append(Problem(file, line, "error", f"compound code '{code}' is not supported: a Marsad entry "
                                "has one code; write one entry per actor", text))
        return None
    if code != NULL_CODE and (not _CODE_RE.match(code) or len(code) % 3):
        problems.append(Problem(file, line, "error", f"malformed code '{code}': a code is upper-case letters "
                                "or digits in three-letter chunks (ARN, ARNGOV)", text))
        return None
    start = end = None
    if restr:
        found = next(((k, m) for k, rx in _RESTRICTION_RES if (m := rx.match(restr))), None)
        if found is None:
            problems.append(Problem(file, line, "error", f"malformed date restriction '{restr}' (use <DATE, "
                                    ">DATE or DATE-DATE with YYYYMMDD dates)", text))
            return None
        kind, m = found
        dates = [_iso(g, (file, line, text), problems) for g in m.groups()]
        if any(d is None for d in dates):
            return None
        if kind == "before":
            start, end = "0001-01-01", dates[0]
        elif kind == "after":
            start, end = dates[0], None
        else:
            start, end = dates[0], dates[1]
    return CodeSpec(code, start, end, line, text)


def read_actor_dictionary(path: Path, problems: list[Problem]) -> list[ActorEntry]:
    """Records of a PETRARCH ``.actors`` file: phrase, ``+`` synonyms, tab-indented dated codes."""
    entries: list[ActorEntry] = []
    cur: ActorEntry | None = None
    file = path.name
    for n, raw, s in _lines(path):
        if not s.strip():
            continue
        codes = re.findall(r"\[([^\]]*)\]", s)
        rest = re.sub(r"\[[^\]]*\]", " ", s)
        if "[" in rest or "]" in rest:
            problems.append(Problem(file, n, "error", "unbalanced [ ] around a code", raw.strip()))
            continue
        phrase = rest.strip()
        if phrase.startswith("+"):
            if cur is None:
                problems.append(Problem(file, n, "error", "synonym before any actor", raw.strip()))
                continue
            cur.synonyms.append(phrase[1:].strip())
        elif phrase:
            cur = ActorEntry(phrase, n)
            entries.append(cur)
        elif cur is None:
            problems.append(Problem(file, n, "error", "code before any actor", raw.strip()))
            continue
        for body in codes:
            spec = parse_code(body, file, n, raw.strip(), problems)
            if spec is None:
                cur.bad_codes += 1
            else:
                cur.codes.append(spec)
    return entries


def _plurals(phrase: str) -> list[str]:
    """PETRARCH's regular plural of the last word: +S, Y→IES, SS→SSES."""
    if phrase.endswith("SS"):
        return [phrase + "ES"]
    if phrase.endswith("Y"):
        return [phrase[:-1] + "IES"]
    return [phrase + "S"]


def read_agent_dictionary(path: Path, problems: list[Problem]) -> list[tuple[list[str], str, int, str]]:
    """(phrases, agent code without ``~``, line, raw line) for each agent; ``!X!`` markers expanded."""
    subs: dict[str, list[str]] = {}
    out: list[tuple[list[str], str, int, str]] = []
    file = path.name
    for n, raw, s in _lines(path):
        s = s.strip()
        if not s:
            continue
        m = re.match(r"^(![A-Z0-9_]+!)\s*=\s*(.+)$", s)
        if m:
            subs[m.group(1)] = [w.strip() for w in m.group(2).split(",") if w.strip()]
            continue
        m = re.match(r"^([^\[{]+?)\s*(?:\{([^}]*)\})?\s*\[([^\]]*)\]\s*$", s)
        if not m:
            problems.append(Problem(file, n, "error", "expected 'PHRASE {plural} [~CODE]'", raw.strip()))
            continue
        phrase, plural, code = m.group(1).strip(), m.group(2), m.group(3).replace(" ", "")
        if not re.match(r"^(~[A-Z0-9]+|[A-Z0-9]+~)$", code) or len(code.strip("~")) % 3:
            problems.append(Problem(file, n, "error", f"malformed agent code '{code}': use ~XXX (after the actor) "
                                    "or XXX~ (before it), three-letter chunks", raw.strip()))
            continue
        markers = re.findall(r"![A-Z0-9_]+!", phrase)
        unknown = [k for k in markers if k not in subs]
        if unknown:
            problems.append(Problem(file, n, "error", f"undefined substitution marker {unknown[0]}", raw.strip()))
            continue
        if markers:
            phrases = []
            for combo in itertools.product(*(subs[k] for k in markers)):
                p = phrase
                for k, v in zip(markers, combo, strict=True):
                    p = p.replace(k, v, 1)
                phrases.append(p)
        elif plural is None:
            phrases = [phrase, *_plurals(phrase)]
        else:
            phrases = [phrase] + ([plural.strip()] if plural.strip() else [])
        out.append((phrases, code.strip("~"), n, raw.strip()))
    return out


# -- converting ------------------------------------------------------------------------------
def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


class _Builder:
    def __init__(self, known_states: Collection[str], declare_countries: bool, prefix: str,
                 problems: list[Problem]) -> None:
        self.known = set(known_states)
        self.declare = declare_countries
        self.prefix = prefix
        self.problems = problems
        self.states: dict[str, dict[str, Any]] = {}
        self.orgs: list[dict[str, Any]] = []
        self.people: list[dict[str, Any]] = []
        self.roles: list[dict[str, Any]] = []
        self.ids: set[str] = set()
        self.codes: dict[str, str] = {}

    def new_id(self, phrase: str) -> str:
        base = f"{self.prefix}-{_slug(phrase)}" if self.prefix else _slug(phrase)
        eid, k = base, 2
        while eid in self.ids:
            eid, k = f"{base}-{k}", k + 1
        self.ids.add(eid)
        return eid

    def split(self, spec: CodeSpec, file: str) -> tuple[str | None, str | None] | None:
        """(country, sector) of a code, or None (reported) when it cannot be imported."""
        code = spec.code
        head, rest = code[:3], code[3:]
        if head in NON_STATE_PREFIXES:
            country, sector_chunks = None, [head] + [rest[i:i + 3] for i in range(0, len(rest), 3)]
        else:
            if not head.isalpha():
                self.problems.append(Problem(file, spec.line, "error", f"'{head}' cannot be a country code: "
                                             "Marsad country codes are three letters", spec.text))
                return None
            country = head
            sector_chunks = [rest[i:i + 3] for i in range(0, len(rest), 3)]
            if head not in self.known:
                if not self.declare:
                    self.problems.append(Problem(file, spec.line, "error", f"'{head}' is not a state of the "
                                                 "knowledge base (ISO 3166-1 alpha-3); pass --declare-countries "
                                                 "to import it as a user-declared country", spec.text))
                    return None
                self.states.setdefault(head, {"id": head, "names": {"en": [head]}})
        sector = sector_chunks[0] if sector_chunks and sector_chunks[0] in SECTORS else None
        kept = (country or "") + (sector or "")
        if kept != code:
            dropped = code[len(country or ""):] if sector is None else code[len(kept):]
            self.problems.append(Problem(file, spec.line, "warning", f"'{dropped}' in {code} is not a Marsad "
                                         f"sector; imported as {kept or 'nothing'}", spec.text))
        if country is None and sector is None:
            return None
        return country, sector

    def add_actor(self, e: ActorEntry, file: str) -> None:
        names = [phrase_text(p) for p in [e.phrase, *e.synonyms] if p.strip("_ ")]
        if not e.codes:
            if e.bad_codes:
                return  # already reported with its line
            self.problems.append(Problem(file, e.line, "error", "actor without a code", e.phrase))
            return
        if any(c.code == NULL_CODE and not c.dated for c in e.codes) or all(c.code == NULL_CODE for c in e.codes):
            return  # PETRARCH's null code: the actor is deliberately not coded
        dated = [c for c in e.codes if c.dated and c.code != NULL_CODE]
        default = next((c for c in e.codes if not c.dated), None)
        roles = []
        for c in dated:
            cs = self.split(c, file)
            if cs is None:
                continue
            if cs[1] is None or cs[0] is None:
                self.problems.append(Problem(file, c.line, "warning", f"dated code {c.code} has no country or "
                                             "no sector: Marsad roles need both; restriction dropped", c.text))
                continue
            role: dict[str, Any] = {"country": cs[0], "sector": cs[1], "title": "official", "start": c.start}
            if c.end:
                role["end"] = c.end
            roles.append(role)
        if roles:
            if default is not None:
                self.problems.append(Problem(file, default.line, "warning", f"default code {default.code} is "
                                             "dropped: outside its dated roles Marsad uses the most recent one",
                                             default.text))
            pid = self.new_id(e.phrase)
            self.people.append({"id": pid, "names": {"en": names}, "roles": roles})
            self.codes[pid] = (default or dated[0]).code
            return
        spec = default or (dated[0] if dated else None)
        if spec is None:
            return
        if dated and default is None:
            self.problems.append(Problem(file, spec.line, "warning", "date restriction dropped", spec.text))
        cs = self.split(spec, file)
        if cs is None:
            return
        country, sector = cs
        if sector is None and country is not None:
            st = self.states.setdefault(country, {"id": country, "names": {"en": []}})
            bucket = st["names"]["en"]
            if bucket == [country]:
                bucket.clear()
            bucket.extend(n for n in names if n not in bucket)
            self.codes[country] = country
            return
        oid = self.new_id(e.phrase)
        kind = "igo" if sector == "IGO" and country is None else "group" if sector in _GROUP_SECTORS \
            else "organisation"
        self.orgs.append({"id": oid, "type": kind, "names": {"en": names}, "country": country, "sector": sector})
        self.codes[oid] = spec.code

    def add_agent(self, phrases: list[str], code: str, line: int, text: str, file: str) -> None:
        sector = code[:3]
        if sector not in SECTORS:
            self.problems.append(Problem(file, line, "warning", f"agent code {code}: '{sector}' is not a Marsad "
                                         "sector; agent not imported", text))
            return
        if len(code) > 3:
            self.problems.append(Problem(file, line, "warning", f"agent code {code}: '{code[3:]}' is not "
                                         f"representable; imported as {sector}", text))
        rid = self.new_id(phrases[0])
        names = [phrase_text(p).lower() for p in phrases]
        self.roles.append({"id": rid, "sector": sector, "names": {"en": list(dict.fromkeys(names))}})
        self.codes[rid] = "~" + code


def convert_petrarch(actors: Path | None, agents: Path | None, *, known_states: Collection[str],
                     declare_countries: bool = False, id_prefix: str = "petr") -> Conversion:
    """Convert PETRARCH actor/agent dictionaries into a Marsad KB mapping; collect every problem.

    Args:
        actors: a PETRARCH ``.actors`` file, or None.
        agents: a PETRARCH ``.agents`` file, or None.
        known_states: ISO3 ids of the states Marsad already knows (``get_kb().states``).
        declare_countries: declare unknown three-letter country prefixes as user states
            (fictional test actors, legacy codes) instead of rejecting them.
        id_prefix: prefix of the generated entry ids, so they never collide with built-in ones.

    Returns:
        A :class:`Conversion`; entries with errors are left out and listed in ``problems``.
    """
    problems: list[Problem] = []
    b = _Builder(known_states, declare_countries, id_prefix, problems)
    if actors is not None:
        for e in read_actor_dictionary(actors, problems):
            b.add_actor(e, actors.name)
    if agents is not None:
        for phrases, code, line, text in read_agent_dictionary(agents, problems):
            b.add_agent(phrases, code, line, text, agents.name)
    for st in b.states.values():
        if not st["names"]["en"]:
            st["names"]["en"] = [st["id"]]
    kb = {"states": list(b.states.values()), "organisations": b.orgs, "people": b.people, "roles": b.roles}
    problems.sort(key=lambda p: (p.file, p.line))
    return Conversion(kb, problems, b.codes)


def import_petrarch_command(
    actors: Annotated[Path, typer.Argument(help="PETRARCH actor dictionary (.actors / .txt).", exists=True,
                                           dir_okay=False)],
    agents: Annotated[Path | None, typer.Argument(help="PETRARCH agent dictionary.", exists=True,
                                                  dir_okay=False)] = None,
    out: Annotated[Path | None, typer.Option("-o", "--out", help="Write the KB YAML here (default: stdout).")] = None,
    declare_countries: Annotated[bool, typer.Option(help="Import unknown three-letter country codes (fictional "
                                                    "or legacy) as user-declared countries.")] = False,
    id_prefix: Annotated[str, typer.Option(help="Prefix of generated entry ids.")] = "petr",
) -> None:
    """Convert PETRARCH actor and agent dictionaries into a Marsad KB file (use it with --kb).

    Every malformed code is listed with its file and line; entries with errors are left out and
    the exit code is 1, warnings (sectors Marsad cannot represent) do not change it.
    """
    from rich.console import Console

    from marsad.errors import MarsadError
    from marsad.kb import get_kb
    from marsad.kb.base import load_kb

    err = Console(stderr=True)
    try:
        known = set(get_kb().states)
    except MarsadError as exc:
        err.print(f"error: {exc}", highlight=False, markup=False)
        raise typer.Exit(1) from None
    conv = convert_petrarch(actors, agents, known_states=known, declare_countries=declare_countries,
                            id_prefix=id_prefix)
    for p in conv.problems:
        err.print(str(p), highlight=False, markup=False, emoji=False, soft_wrap=True)
    text = conv.to_yaml()
    if out is None:
        print(text, end="")
    else:
        out.write_text(text, encoding="utf-8")
        try:  # the output must load as a user KB: check it the way --kb will
            load_kb((out,))
        except MarsadError as exc:
            err.print(f"error: the converted file does not load: {exc}", highlight=False, markup=False)
            raise typer.Exit(1) from None
    n = {k: len(v) for k, v in conv.kb.items()}
    err.print(f"imported {n['states']} states, {n['organisations']} organisations, {n['people']} people, "
              f"{n['roles']} roles; {len(conv.errors)} error(s), {len(conv.warnings)} warning(s)",
              highlight=False)
    if conv.errors:
        raise typer.Exit(1)
