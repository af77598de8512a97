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
from collections import Counter
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


class _HasProblems:
    """Errors and warnings of a conversion, split by severity."""

    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


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
class Conversion(_HasProblems):
    """The YAML-ready knowledge base, every problem found, and each entry's PETRARCH code."""

    kb: dict[str, list[dict[str, Any]]]
    problems: list[Problem]
    codes: dict[str, str]


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


def country_word(name: str) -> str:
    """A four-letter capitals word that names a country (``IRAN``, ``CUBA``, ``OMAN``, ``DOHA`` for Qatar) as
    the word it is written as (``Iran``); other names unchanged.

    Why only for a country's names and only four letters: ``phrase_text`` keeps a lone word of up to four
    capitals as an acronym, so that ``NATO`` or ``CARE`` match only as written — but a country or a city
    standing for one is a word, and news writes ``Iran``, not ``IRAN``. Three-letter country names are
    abbreviations (``USA``, ``UAE``) and stay as they are.
    """
    if len(name) == 4 and name.isalpha() and name.isupper():
        return name.title()
    return name


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
            names += [w for w in map(country_word, names) if w not in names]
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
    actors: Annotated[Path | None, typer.Argument(help="PETRARCH actor dictionary (.actors / .txt).", exists=True,
                                                  dir_okay=False)] = None,
    agents: Annotated[Path | None, typer.Argument(help="PETRARCH agent dictionary.", exists=True,
                                                  dir_okay=False)] = None,
    out: Annotated[Path | None, typer.Option("-o", "--out", help="Write the KB YAML here (default: stdout).")] = None,
    declare_countries: Annotated[bool, typer.Option(help="Import unknown three-letter country codes (fictional "
                                                    "or legacy) as user-declared countries.")] = False,
    id_prefix: Annotated[str, typer.Option(help="Prefix of generated entry ids.")] = "petr",
    verbs: Annotated[Path | None, typer.Option("--verbs", help="PETRARCH verb dictionary to convert into an "
                                               "English user lexicon (needs --lexicon-out).", exists=True,
                                               dir_okay=False)] = None,
    lexicon_out: Annotated[Path | None, typer.Option("--lexicon-out", help="Write the user lexicon YAML here "
                                                     "(use it with marsad code --lexicon).")] = None,
) -> None:
    """Convert PETRARCH actor and agent dictionaries into a Marsad KB file (use it with --kb), and a verb
    dictionary into a user lexicon (use it with --lexicon).

    Every malformed code is listed with its file and line; entries with errors are left out and
    the exit code is 1, warnings (sectors or codes Marsad cannot represent) do not change it.
    """
    from rich.console import Console

    from marsad.errors import MarsadError

    err = Console(stderr=True)
    if actors is None and verbs is None:
        err.print("error: give an actor dictionary, --verbs VERBS.txt, or both", highlight=False)
        raise typer.Exit(2)
    if (verbs is None) != (lexicon_out is None):
        err.print("error: --verbs and --lexicon-out go together", highlight=False)
        raise typer.Exit(2)
    failed = False
    if actors is not None:
        failed |= _import_actors(actors, agents, out, declare_countries, id_prefix, err)
    if verbs is not None and lexicon_out is not None:
        from marsad.coding.lexicon import load_lexicon

        vconv = convert_petrarch_verbs(verbs)
        for p in vconv.problems:
            err.print(str(p), highlight=False, markup=False, emoji=False, soft_wrap=True)
        lexicon_out.write_text(vconv.to_yaml(), encoding="utf-8")
        try:  # the output must load as a user lexicon: check it the way --lexicon will
            load_lexicon("en", extra=(lexicon_out,))
        except MarsadError as exc:
            err.print(f"error: the converted lexicon does not load: {exc}", highlight=False, markup=False)
            raise typer.Exit(1) from None
        err.print(f"verbs: {vconv.summary()}; {len(vconv.errors)} error(s), {len(vconv.warnings)} warning(s)",
                  highlight=False, markup=False, soft_wrap=True)
        failed |= bool(vconv.errors)
    if failed:
        raise typer.Exit(1)


def _import_actors(actors: Path, agents: Path | None, out: Path | None, declare_countries: bool, id_prefix: str,
                   err: Any) -> bool:
    """Convert and write the actor/agent KB; True when some entries had errors."""
    from marsad.errors import MarsadError
    from marsad.kb import get_kb
    from marsad.kb.base import load_kb

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
    return bool(conv.errors)


# -- verb dictionaries -----------------------------------------------------------------------
_VERB_CODE_RE = re.compile(r"^(\d{2,4})(?::(\d{2,4}))?$")
_SLOTS = frozenset({"$", "+", "%"})
MAX_PATTERN_PHRASES = 2000
"""A pattern whose synsets expand to more phrases than this is skipped (reported), not compiled."""
GAP_WORDS = ("", "a", "an", "the")
"""What a space after the verb in a pattern (PETRARCH: other words may come between) stands for in a
Marsad phrase, which is contiguous: nothing or one article (``- * RESOLUTION`` → "adopted a resolution")."""


@dataclass(frozen=True)
class VerbCode:
    """A verb dictionary code: ``[042]``, a paired ``[032:033]`` (forward, reverse) or the null ``[---]``."""

    code: str
    reverse: str | None = None

    @property
    def null(self) -> bool:
        return self.code == NULL_CODE


@dataclass
class VerbEntry:
    """One verb of a block: its words (``head`` is the inflected one), explicit forms and code."""

    words: list[str]
    head: int
    forms: list[str]
    code: VerbCode | None
    line: int
    text: str
    inherited: bool = False  # the code is the block's (reported at the block header)

    @property
    def base(self) -> str:
        return " ".join(self.words)

    def surface(self) -> set[str]:
        """Every written form: regular -s/-ed/-ing of the head word plus the dictionary's own forms."""
        from marsad.text import en

        pre, post = self.words[:self.head], self.words[self.head + 1:]
        out = {" ".join([*pre, f, *post]) for f in en.verb_forms([self.words[self.head]])}
        return out | set(self.forms)


@dataclass
class Pattern:
    """A ``- ... [code]`` line of a verb block: its words (``*`` is the verb) and code.

    ``gaps[i]``: word ``i`` follows a space (words may come between), not ``_`` (adjacent)."""

    words: list[str]
    code: VerbCode
    line: int
    text: str
    gaps: list[bool] = field(default_factory=list)


@dataclass
class VerbBlock:
    """A ``--- VERB [code] ---`` block: its verbs (the first is the primary one) and patterns."""

    name: str
    code: VerbCode | None
    line: int
    text: str = ""
    verbs: list[VerbEntry] = field(default_factory=list)
    patterns: list[Pattern] = field(default_factory=list)


@dataclass
class VerbConversion(_HasProblems):
    """The YAML-ready user lexicon, every problem found, and counts of what could not be carried over."""

    lexicon: dict[str, Any]
    problems: list[Problem]
    stats: Counter[str] = field(default_factory=Counter)
    no_plover: Counter[str] = field(default_factory=Counter)


    def summary(self) -> str:
        s = self.stats
        dropped = sum(self.no_plover.values())
        codes = ", ".join(f"{c}×{n}" for c, n in sorted(self.no_plover.items()))
        return (f"{s['verb_entries']} verb triggers, {s['pattern_entries']} pattern phrases, {s['object_entries']} "
                f"patterns as verb + object ("
                f"{s['slot_patterns']} patterns with actor slots kept at the verb's code, {s['other_patterns']} "
                f"other patterns skipped); {dropped} coding(s) dropped with no PLOVER type"
                + (f" ({codes})" if codes else ""))

    def to_yaml(self) -> str:
        head = ("# Converted from a PETRARCH verb dictionary by `marsad kb import-petrarch --verbs`.\n"
                "# A user lexicon (docs/LEXICON_FORMAT.md): pass it with `marsad code --lexicon`.\n")
        return head + yaml.safe_dump(self.lexicon, allow_unicode=True, sort_keys=False, width=120)


def _verb_code(body: str, file: str, line: int, text: str, problems: list[Problem]) -> VerbCode | None:
    """Parse the inside of a verb ``[...]``; report a malformed one (``[120]--``, ``[210a]``, ``[025?]``)."""
    body = body.strip()
    if body == NULL_CODE:
        return VerbCode(NULL_CODE)
    m = _VERB_CODE_RE.match(body)
    if not m:
        problems.append(Problem(file, line, "error", f"malformed event code '{body}': a code is 2-4 digits, "
                                "optionally paired as 032:033, or --- for no event", text))
        return None
    return VerbCode(m.group(1), m.group(2))


def _bracketed(s: str, file: str, line: int, text: str, problems: list[Problem]) -> tuple[str, list[str]] | None:
    """(text before the first ``[``, bodies of the ``[...]`` groups); None if anything follows the last ``]``."""
    codes = re.findall(r"\[([^\]]*)\]", s)
    head = s.split("[", 1)[0]
    tail = s[s.rfind("]") + 1:] if codes else ""
    if tail.strip() or s.count("[") != s.count("]"):
        problems.append(Problem(file, line, "error", "malformed event code: text after or around the [code] "
                                f"('{s.strip()}')", text))
        return None
    return head, codes


def _words(phrase: str) -> list[str]:
    return [w for w in re.split(r"[\s_]+", phrase.strip()) if w]


def _verb_entry(s: str, code: VerbCode | None, file: str, line: int, text: str) -> VerbEntry:
    m = re.match(r"^([^{]*)(?:\{([^}]*)\})?\s*$", s)
    verb, forms = (m.group(1), m.group(2) or "") if m else (s, "")
    words = _words(verb)
    head = next((i for i, w in enumerate(words) if w.startswith("+")), 0)
    words = [w.lstrip("+").lower() for w in words]
    written = [" ".join(w.lstrip("+").lower() for w in _words(f)) for f in forms.split()]
    return VerbEntry(words, head, [f for f in written if f], code, line, text)


def read_verb_dictionary(path: Path, problems: list[Problem]) -> tuple[list[VerbBlock], dict[str, list[str]]]:
    """Blocks and synsets (``&NAME`` → member phrases) of a PETRARCH verb dictionary."""
    file = path.name
    blocks: list[VerbBlock] = []
    synsets: dict[str, list[str]] = {}
    mode: str | None = None  # "block" or the name of the synset being read
    for n, raw, s in _lines(path):
        s = s.strip()
        text = raw.strip()
        if not s:
            continue
        if s.startswith("---"):
            inner = s.strip("-").strip()
            parsed = _bracketed(inner, file, n, text, problems)
            if parsed is None:
                blocks.append(VerbBlock(inner.split("[", 1)[0].strip(), None, n, text))
            else:
                head, bodies = parsed
                if len(bodies) > 1:
                    problems.append(Problem(file, n, "warning", f"{len(bodies)} codes on a block header: only "
                                            f"the first, [{bodies[0]}], is used", text))
                code = _verb_code(bodies[0], file, n, text, problems) if bodies else None
                if not bodies:
                    problems.append(Problem(file, n, "error", "block header without a [code]", text))
                blocks.append(VerbBlock(head.strip(), code, n, text))
            mode = "block"
        elif s.startswith("&"):
            name = s.split()[0].rstrip("_")  # &PREPOSIT1_ is used as &PREPOSIT1
            synsets[name] = []
            mode = name
        elif s.startswith("+") and mode not in (None, "block"):
            synsets[str(mode)].append(s[1:].strip())
        elif mode != "block" or not blocks:
            problems.append(Problem(file, n, "error", "line outside any verb block or synset", text))
        elif s.startswith("~"):
            continue  # a transformation: PETRARCH-2 rewrites events, Marsad has no equivalent
        elif s.startswith("-"):
            parsed = _bracketed(s[1:], file, n, text, problems)
            if parsed is None:
                continue
            head, bodies = parsed
            if len(bodies) != 1:
                problems.append(Problem(file, n, "error", "a pattern needs exactly one [code]", text))
                continue
            code = _verb_code(bodies[0], file, n, text, problems)
            if code is not None:
                groups = [_words(g) for g in head.split()]
                words = [w for g in groups for w in g]
                gaps = [j == 0 and i > 0 for i, g in enumerate(groups) for j in range(len(g))]
                blocks[-1].patterns.append(Pattern(words, code, n, text, gaps))
        else:
            parsed = _bracketed(s, file, n, text, problems)
            if parsed is None:
                continue
            head, bodies = parsed
            code = _verb_code(bodies[0], file, n, text, problems) if bodies else blocks[-1].code
            if bodies and code is None:
                continue
            verb = _verb_entry(head, code, file, n, text)
            verb.inherited = not bodies
            blocks[-1].verbs.append(verb)
    return blocks, synsets


def _expand(words: list[str], synsets: dict[str, list[str]], depth: int = 0) -> list[list[str]] | None:
    """Every word list a pattern stands for, synsets (``&NAME``, possibly nested) expanded; None if undefined."""
    options: list[list[list[str]]] = []
    for w in words:
        if not w.startswith("&"):
            options.append([[w]])
            continue
        if w not in synsets or depth > 4:
            return None
        alts: list[list[str]] = []
        for member in synsets[w]:
            sub = _expand(_words(member), synsets, depth + 1)
            if sub is None:
                return None
            alts.extend(sub)
        options.append(alts)
    out = []
    for combo in itertools.product(*options):
        out.append([w for part in combo for w in part])
        if len(out) > MAX_PATTERN_PHRASES:
            break
    return out


def _object_words(p: Pattern, synsets: dict[str, list[str]]) -> list[str]:
    """The words of a pattern that is the verb then one word with a space between (``- * ARTILLERY``, a synset
    of single words), lower-cased; [] for any other pattern.

    Why as the trigger's ``objects`` and not phrases: a space in a PETRARCH pattern lets other words come
    between (fired two artillery shells matches ``* ARTILLERY``), which a fixed phrase cannot say; the
    lexicon's ``objects`` are nouns that must follow the verb within a few words of its clause.
    """
    if len(p.words) != 2 or p.words[0] != "*" or not p.gaps[1]:
        return []
    alts = _expand([p.words[1] if p.words[1].startswith("&") else p.words[1].lower()], synsets)
    if not alts or any(len(a) != 1 for a in alts):
        return []
    return sorted({a[0].lower() for a in alts})


def convert_petrarch_verbs(verbs: Path, ontology: Any = None) -> VerbConversion:
    """Convert a PETRARCH verb dictionary into a Marsad English user lexicon; collect every problem.

    Each verb with a CAMEO code becomes a trigger (PLOVER type and mode from Marsad's CAMEO→PLOVER
    crosswalk); patterns that are the verb plus fixed words (``- * TREATY [161]``, ``- NOT * [112]``,
    synsets expanded) become ``phrases`` of a trigger with the pattern's code, and the verb then one word
    with a space between (``- * ARTILLERY [194]``: words may come between) a trigger with that word as its
    ``objects``. Simplifications:
    patterns with actor slots (``$`` source, ``+`` target, ``%`` compound) keep only the verb's own
    code; patterns with ``^`` (skip a word) or a null code, and transformations (``~``), are not
    carried over; a paired code ``[032:033]`` keeps its forward code (``reciprocal`` when both are
    equal); codes with no PLOVER type (CAMEO 01x, codes not in the CAMEO table) are dropped and counted.
    """
    from marsad.coding.ontology import get_ontology

    onto = ontology or get_ontology()
    problems: list[Problem] = []
    blocks, synsets = read_verb_dictionary(verbs, problems)
    file = verbs.name
    conv = VerbConversion({"lang": "en", "triggers": []}, problems)
    triggers: list[dict[str, Any]] = conv.lexicon["triggers"]
    seen: set[tuple[str, str]] = set()

    def typed(code: VerbCode, line: int, text: str) -> dict[str, Any] | None:
        if code.null:
            return None
        pl = onto.plover_of(code.code) if code.code in onto.cameo else None
        if pl is None:
            conv.no_plover[code.code] += 1
            return None
        entry: dict[str, Any] = {"event": pl[0], "mode": pl[1], "cameo": code.code}
        if code.reverse is not None and code.reverse == code.code:
            entry["reciprocal"] = True
        elif code.reverse is not None:
            problems.append(Problem(file, line, "warning", f"paired code {code.code}:{code.reverse}: Marsad codes "
                                    f"one direction; the reverse event {code.reverse} is dropped", text))
        return entry

    for b in blocks:
        for v in b.verbs:
            conv.stats["verbs"] += 1
            line, text = (b.line, b.text) if v.inherited else (v.line, v.text)
            if v.code is None or (e := typed(v.code, line, text)) is None:
                continue
            if (v.base, v.code.code) in seen:
                continue
            seen.add((v.base, v.code.code))
            forms = sorted(v.surface()) if v.head else sorted(set(v.forms))
            entry = {"lemma": v.base, **e, "verbs": [] if v.head else [v.base], "forms": forms}
            triggers.append({k: x for k, x in entry.items() if x != []})
            conv.stats["verb_entries"] += 1
        surface = sorted({f for v in b.verbs for f in v.surface()})
        for p in b.patterns:
            if any(w in _SLOTS for w in p.words):
                conv.stats["slot_patterns"] += 1
                continue
            if "^" in p.words or p.words.count("*") != 1 or p.code.null:
                conv.stats["other_patterns"] += 1
                continue
            objects = _object_words(p, synsets)
            if objects:
                if (e := typed(p.code, p.line, p.text)) is None:
                    continue
                lemma = f"{b.name.lower()}: {' '.join(w.lower() for w in p.words)}"
                triggers.append({"lemma": lemma, **e, "forms": surface, "objects": objects})
                conv.stats["object_entries"] += 1
                continue
            # after the verb, an article may fill a space before a fixed word ("&GAP", expanded like a synset)
            marked = [w if w.startswith("&") else w.lower() for w in p.words]
            verb_at = marked.index("*") if "*" in marked else len(marked)
            with_gaps = [x for i, (w, gap) in enumerate(zip(marked, p.gaps, strict=True))
                         for x in (["&GAP", w] if gap and i > verb_at and not w.startswith("&") else [w])]
            syn = {**synsets, "&GAP": list(GAP_WORDS)}
            expanded = _expand(with_gaps, syn)
            if expanded is not None and len(expanded) * len(surface) > MAX_PATTERN_PHRASES:
                expanded = _expand(marked, synsets)  # too many: adjacent words only
            if expanded is None:
                problems.append(Problem(file, p.line, "error", "undefined synset in the pattern", p.text))
                continue
            if len(expanded) * len(surface) > MAX_PATTERN_PHRASES:
                problems.append(Problem(file, p.line, "warning", f"the pattern stands for more than "
                                        f"{MAX_PATTERN_PHRASES} phrases; not imported", p.text))
                continue
            if (e := typed(p.code, p.line, p.text)) is None:
                continue
            phrases = sorted({" ".join(f if w == "*" else w.lower() for w in ws if w) for ws in expanded
                              for f in surface})
            lemma = f"{b.name.lower()}: {' '.join(w.lower() for w in p.words)}"
            triggers.append({"lemma": lemma, **e, "phrases": phrases})
            conv.stats["pattern_entries"] += 1
    problems[:] = sorted(dict.fromkeys(problems), key=lambda p: (p.file, p.line))  # a block's code: once
    return conv
