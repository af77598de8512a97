"""PETRARCH-2's validation suite, coded with its own dictionaries loaded as a Marsad user KB and lexicon.

The suite tests that a user can load custom dictionaries (Tolkien-world actors:
Arnor ``ARN``, Gondor ``GON``…) and that the coder's logic (compounds, passives,
agents, dates) is right. Its actor and agent dictionaries go through
:mod:`marsad.kb.petrarch` with ``declare_countries`` (the fictional countries are not
ISO states) and load as a user KB; its verb dictionary is converted by
:func:`marsad.kb.petrarch.convert_petrarch_verbs` and loads as a user lexicon added to
Marsad's English one. The suite is also coded without the verbs (Marsad's lexicon
alone) and both figures are reported.

Scoring follows PETRARCH/UniversalPetrarch's ``validation.py``: each coded event
gives one coding per (actor, recipient) pair ``(source code, target code, CAMEO)``;
a coding equal to a gold ``<EventCoding>`` is *correct*; a coding with a missing
side (``---``) that matches nothing is *null* (not counted, as PETRARCH does);
any other coding is *extra*. A ``noevents`` record coded with nothing counts as one
correct coding. Reported: found = correct / gold codings; extra = extra codings /
records. Only records of the categories listed in the file's ``<Include>`` are scored.
"""

from __future__ import annotations

import tempfile
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from marsad.evaluation.common import CoderLike, Report, Row, in_split, safe_code
from marsad.kb.petrarch import convert_petrarch, convert_petrarch_verbs
from marsad.model import Actor, CodedDocument, stated

NOEVENTS = ("noevents", "", "")
GOAL_FOUND = 0.86
GOAL_EXTRA = 0.14
NO_COUNTRY_SECTORS = frozenset({"IGO", "NGO"})

Coding = tuple[str, str, str]


@dataclass(frozen=True)
class Record:
    id: str
    category: str
    date: str | None
    text: str
    gold: tuple[Coding, ...]


@dataclass
class Tally:
    """PETRARCH's counters for one category or the total."""

    records: int = 0
    correct: int = 0
    uncoded: int = 0
    extra: int = 0
    null: int = 0
    failed: list[str] = field(default_factory=list)

    @property
    def found(self) -> float:
        return self.correct / (self.correct + self.uncoded) if self.correct + self.uncoded else 0.0

    @property
    def extra_rate(self) -> float:
        return self.extra / self.records if self.records else 0.0


def read_records(path: Path, split: str, limit: int | None = None) -> list[Record]:
    """Sentences of the validation file in ``split`` whose category the file's ``<Include>`` lists."""
    root = ET.parse(path).getroot()
    inc = root.find("./Environment/Include")
    include = set((inc.text or "").split()) - {"valid"} if inc is not None else set()
    out: list[Record] = []
    for s in root.iter("Sentence"):
        rid = s.get("id") or ""
        cat = s.get("category") or ""
        if include and cat not in include:
            continue
        gold: list[Coding] = []
        for ec in s.findall("EventCoding"):
            if (ec.get("noevents") or "").lower() == "true":
                gold.append(NOEVENTS)
            else:
                gold.append((ec.get("sourcecode") or "", ec.get("targetcode") or "", ec.get("eventcode") or ""))
        text = " ".join((s.findtext("Text") or "").split())
        if not gold or not text or not in_split(rid, split):
            continue
        d = s.get("date") or ""
        date = f"{d[:4]}-{d[4:6]}-{d[6:8]}" if len(d) == 8 and d.isdigit() else None
        out.append(Record(rid, cat, date, text, tuple(gold)))
        if limit is not None and len(out) >= limit:
            break
    return out


def actor_code(a: Actor | None) -> str:
    """A Marsad actor as a PETRARCH code: country + sector; ``---`` for an unknown country."""
    if a is None:
        return "---"
    if a.country:
        return a.country + (a.sector or "")
    if a.sector in NO_COUNTRY_SECTORS:
        return a.sector or "---"
    return "---" + (a.sector or "")


def codings(cd: CodedDocument | None) -> list[Coding]:
    """One coding per (actor, recipient) pair of each non-negated event, without duplicates."""
    out: list[Coding] = []
    for e in cd.events if cd else []:
        if e.negated:
            continue
        # PETRARCH codes the parties the sentence names: implied ones and context countries are left out
        for a in stated(e.actor) or (None,):
            for r in stated(e.recipient) or (None,):
                c = (actor_code(a), actor_code(r), e.cameo)
                if c not in out:
                    out.append(c)
    return out


def tally_record(rec: Record, coded: list[Coding], t: Tally) -> None:
    """Add one record's correct / uncoded / extra / null counts, as PETRARCH's validation does."""
    t.records += 1
    real = [c for c in coded if not (c[0].startswith("---") or c[1].startswith("---"))]
    if rec.gold == (NOEVENTS,):
        if real:
            t.uncoded += 1
            t.extra += len(real)
            t.failed.append(rec.id)
        else:
            t.correct += 1
        t.null += len(coded) - len(real)
        return
    left = Counter(rec.gold)
    correct = 0
    for c in coded:
        if left[c] > 0:
            left[c] -= 1
            correct += 1
        elif c in real:
            t.extra += 1
        else:
            t.null += 1
    t.correct += correct
    t.uncoded += len(rec.gold) - correct
    if correct < len(rec.gold):
        t.failed.append(rec.id)


def _score(coder: CoderLike, records: list[Record], errors: list[str]) -> tuple[Tally, dict[str, Tally]]:
    total = Tally()
    by_cat: dict[str, Tally] = {}
    for rec in records:
        cd = safe_code(coder, rec.text, "en", rec.date, errors, rec.id)
        coded = codings(cd)
        tally_record(rec, coded, total)
        tally_record(rec, coded, by_cat.setdefault(rec.category, Tally()))
    return total, by_cat


def _rows(label: str, t: Tally) -> list[Row]:
    return [
        Row(f"gold codings found{label}", t.found, f"{t.correct}/{t.correct + t.uncoded}", GOAL_FOUND),
        Row(f"extra codings per record{label}", t.extra_rate, f"{t.extra}/{t.records} (null {t.null})",
            GOAL_EXTRA, higher_is_better=False),
    ]


def evaluate(data: Path, coder_factory: Callable[[tuple[Path, ...], tuple[Path, ...]], CoderLike],
             split: str = "dev", limit: int | None = None, known_states: set[str] | None = None) -> Report:
    """Load the suite's dictionaries as a user KB and lexicon, code every record, and tally like PETRARCH.

    ``coder_factory(kb_files, lexicon_files)`` builds the coder. When the suite has a verb
    dictionary, the records are coded twice: with the converted verbs (the main figures) and
    with Marsad's own lexicon only (rows marked "Marsad verbs only").
    """
    folder = data / "petrarch-validation"
    records = read_records(folder / "PETR.UnitTest.records.xml", split, limit)
    report = Report("petrarch", split, len(records))
    if known_states is None:
        from marsad.kb import get_kb

        known_states = set(get_kb().states)
    conv = convert_petrarch(folder / "PETR.Validate.actors.txt", folder / "PETR.Validate.agents.txt",
                            known_states=known_states, declare_countries=True)
    report.notes.append(f"dictionaries: {len(conv.errors)} entries skipped as malformed, {len(conv.warnings)} "
                        "imported with a loss (see `marsad kb import-petrarch`)")
    verbs_path = folder / "PETR.Validate.verbs.txt"
    with tempfile.TemporaryDirectory() as tmp:
        kb_path = Path(tmp) / "petrarch-validate.yaml"
        kb_path.write_text(conv.to_yaml(), encoding="utf-8")
        lex: tuple[Path, ...] = ()
        if verbs_path.exists():
            vconv = convert_petrarch_verbs(verbs_path)
            report.notes.append(f"verbs: {vconv.summary()}; {len(vconv.errors)} skipped as malformed, "
                                f"{len(vconv.warnings)} imported with a loss")
            if vconv.lexicon["triggers"]:
                lex = (Path(tmp) / "petrarch-verbs.yaml",)
                lex[0].write_text(vconv.to_yaml(), encoding="utf-8")
        total, by_cat = _score(coder_factory((kb_path,), lex), records, report.errors)
        report.rows = _rows("", total)
        if lex:
            base, _ = _score(coder_factory((kb_path,), ()), records, [])
            report.rows += _rows(" (Marsad verbs only)", base)
    for cat in sorted(by_cat):
        t = by_cat[cat]
        report.rows.append(Row(f"  {cat}: found", t.found, f"{t.correct}/{t.correct + t.uncoded}; extra "
                               f"{t.extra}/{t.records}"))
    report.notes.append("failed records: " + " ".join(total.failed[:60]) + (" …" if len(total.failed) > 60 else ""))
    return report
