"""Arabic NER gold sets (ANERcorp, NewsFANE, the Wojood sample) against Marsad's mentions.

Marsad is not an NER tagger: its mentions are the actors its KB knows. Scoring
them as NER says how much of the people, places and organisations in news text
the KB covers, and how precise its matching is.

- Text is rebuilt from the gold tokens joined by single spaces, keeping each
  token's character offsets.
- Predicted entities: mentions found by name or capital metonym (``how`` name /
  metonym), typed by entity type (person→PERS; state/place→LOC; organisation/
  group→ORG). Mentions that are only a nationality adjective or demonym
  (الروسي، الفرنسيين) are left out: none of these corpora tags them as places.
- A mention is aligned to the tokens it overlaps (a mention drops a proclitic
  the gold token keeps: وبغداد), and scored by exact match of (type, first token,
  last token) — entity-level P/R/F1.
- Gold types: ANERcorp PERS/LOC/ORG (MISC ignored); NewsFANE fine classes grouped
  by the ACE taxonomy they come from (person subtypes→PERS, GPE and location
  subtypes→LOC, organisation subtypes→ORG, the rest ignored); Wojood PERS, GPE+LOC,
  ORG (nested: each type is read as its own layer).
- Ids: ``anercorp-K`` is the block of lines K·1000…K·1000+999 (coded as one text);
  ``newsfane-N`` the N-th blank-line-separated sentence; Wojood has no ids — its
  train+val files are dev and test.txt is test.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from marsad.evaluation.common import PRF, CoderLike, Report, Row, in_split, safe_code
from marsad.kb.base import KnowledgeBase
from marsad.model import Mention
from marsad.text.normalise import normalise_key

TYPES = ("PERS", "LOC", "ORG")
GOALS = {"LOC": 0.85, "PERS": 0.70}
ENTITY_TYPE = {"person": "PERS", "state": "LOC", "place": "LOC", "organisation": "ORG", "group": "ORG"}
FANE_PERS = frozenset({"Politician", "Athlete", "Artist", "Other_PER", "Religious_PER", "Scientist", "Police",
                       "Businessperson", "Lawyer", "Engineer", "Group"})
FANE_LOC = frozenset({"Nation", "Population-Center", "State-or-Province", "GPE-Cluster", "Continent",
                      "County-or-District", "Water-Body", "Land", "Land-Region-Natural", "Celestial"})
FANE_ORG = frozenset({"Non-Governmental", "Sports", "Government", "Media", "Commercial", "Educational",
                      "Medical-Science", "Entertainment", "Religious_ORG"})
WOJOOD = {"PERS": "PERS", "GPE": "LOC", "LOC": "LOC", "ORG": "ORG"}
ANER = {"PERS": "PERS", "LOC": "LOC", "ORG": "ORG"}
STRIP = "\u200e\u200f\ufeff"

Entity = tuple[str, int, int]  # type, first token, last token


@dataclass
class Doc:
    """A gold text: tokens, each token's per-layer tags, and the entities decoded from them."""

    id: str
    tokens: list[str]
    tags: list[list[str]]
    entities: set[Entity] = field(default_factory=set)

    def text_and_offsets(self) -> tuple[str, list[int], list[int]]:
        starts, ends, pos = [], [], 0
        for t in self.tokens:
            starts.append(pos)
            ends.append(pos + len(t))
            pos += len(t) + 1
        return " ".join(self.tokens), starts, ends


def decode(tags: list[list[str]], mapping: dict[str, str] | None = None) -> set[Entity]:
    """Entities from IOB tags, one layer per type (so Wojood's nested tags decode too)."""
    out: set[Entity] = set()
    open_: dict[str, int] = {}
    for i, token_tags in enumerate([*tags, []]):
        seen: dict[str, str] = {}
        for tag in token_tags:
            if len(tag) > 2 and tag[1] == "-" and tag[0] in "BI":
                seen[tag[2:]] = tag[0]
        for typ in list(open_):
            if seen.get(typ) != "I":
                out.add((typ, open_.pop(typ), i - 1))
        for typ, bi in seen.items():
            if bi == "B" or typ not in open_:
                if typ in open_:
                    out.add((typ, open_.pop(typ), i - 1))
                open_[typ] = i
    if mapping is None:
        return out
    return {(mapping[t], s, e) for t, s, e in out if t in mapping}


def _fane_type(t: str) -> str | None:
    return "PERS" if t in FANE_PERS else "LOC" if t in FANE_LOC else "ORG" if t in FANE_ORG else None


def _split_line(line: str) -> tuple[str, list[str]] | None:
    parts = line.strip(STRIP + " \t\r\n").replace("\t", " ").split()
    parts = [p.strip(STRIP) for p in parts]
    parts = [p for p in parts if p]
    if not parts:
        return None
    return parts[0], parts[1:]


def read_anercorp(path: Path, split: str, limit: int | None = None) -> list[Doc]:
    """Blocks of 1000 lines (``anercorp-K``), scored whole even where a block cuts an entity."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    out: list[Doc] = []
    for k in range(0, (len(lines) + 999) // 1000):
        rid = f"anercorp-{k}"
        if not in_split(rid, split):
            continue
        doc = Doc(rid, [], [])
        for line in lines[k * 1000:(k + 1) * 1000]:
            tl = _split_line(line)
            if tl is None:
                continue
            doc.tokens.append(tl[0])
            doc.tags.append(tl[1][-1:] if tl[1] else ["O"])
        doc.entities = decode(doc.tags, ANER)
        out.append(doc)
        if limit is not None and len(out) >= limit:
            break
    return out


def _sentences(path: Path) -> Iterator[list[tuple[str, list[str]]]]:
    cur: list[tuple[str, list[str]]] = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            tl = _split_line(line)
            if tl is None:
                if cur:
                    yield cur
                cur = []
            else:
                cur.append(tl)
    if cur:
        yield cur


def read_newsfane(path: Path, split: str, limit: int | None = None) -> list[Doc]:
    """Sentences ``newsfane-N`` with fine classes grouped into PERS/LOC/ORG."""
    out: list[Doc] = []
    for n, sent in enumerate(_sentences(path)):
        rid = f"newsfane-{n}"
        if not in_split(rid, split):
            continue
        doc = Doc(rid, [t for t, _ in sent], [tags[-1:] for _, tags in sent])
        mapping = {t: m for t in {tag[2:] for tags in doc.tags for tag in tags if len(tag) > 2}
                   if (m := _fane_type(t))}
        doc.entities = decode(doc.tags, mapping)
        out.append(doc)
        if limit is not None and len(out) >= limit:
            break
    return out


def read_wojood(folder: Path, split: str, limit: int | None = None) -> list[Doc]:
    """Wojood sample: ``train.txt`` + ``val.txt`` are dev, ``test.txt`` is test."""
    files = {"dev": ["train.txt", "val.txt"], "test": ["test.txt"], "all": ["train.txt", "val.txt", "test.txt"]}
    out: list[Doc] = []
    for name in files[split]:
        for n, sent in enumerate(_sentences(folder / name)):
            doc = Doc(f"wojood-{name.removesuffix('.txt')}-{n}", [t for t, _ in sent], [tags for _, tags in sent])
            doc.entities = decode(doc.tags, WOJOOD)
            out.append(doc)
            if limit is not None and len(out) >= limit:
                return out
    return out


def is_adjective(m: Mention, kb: KnowledgeBase | None) -> bool:
    """A mention that is only a nationality adjective / demonym of a state (الروسي، الماليين)."""
    if kb is None or m.entity.type != "state":
        return False
    key = normalise_key(m.text)
    for cand in (key, key[2:] if key.startswith("ال") else key):
        aliases = kb.lookup(cand)
        if aliases:
            return all(a.kind in ("adjective", "demonym") for a in aliases)
    return False


def predicted(doc: Doc, mentions: list[Mention], kb: KnowledgeBase | None) -> tuple[set[Entity], int]:
    """Mentions as token-aligned entities, and how many adjective mentions were left out."""
    _, starts, ends = doc.text_and_offsets()
    out: set[Entity] = set()
    adjectives = 0
    for m in mentions:
        typ = ENTITY_TYPE.get(m.entity.type)
        if typ is None or m.how not in ("name", "metonym"):
            continue
        if is_adjective(m, kb):
            adjectives += 1
            continue
        first = bisect_right(ends, m.start)  # first token ending after the mention starts
        last = bisect_left(starts, m.end) - 1  # last token starting before the mention ends
        if first <= last:
            out.add((typ, first, last))
    return out, adjectives


def score(docs: list[Doc], coder: CoderLike, kb: KnowledgeBase | None, report: Report) -> tuple[dict[str, PRF], int]:
    """Per-type P/R/F1 over ``docs``, and the number of adjective mentions left out."""
    prf = {t: PRF() for t in TYPES}
    adjectives = 0
    for doc in docs:
        text, _, _ = doc.text_and_offsets()
        if not text.strip():
            continue
        cd = safe_code(coder, text, "ar", None, report.errors, doc.id)
        pred, adj = predicted(doc, cd.mentions if cd else [], kb)
        adjectives += adj
        for t in TYPES:
            g = {e for e in doc.entities if e[0] == t}
            p = {e for e in pred if e[0] == t}
            prf[t].tp += len(g & p)
            prf[t].fp += len(p - g)
            prf[t].fn += len(g - p)
    return prf, adjectives


def evaluate(data: Path, coder: CoderLike, split: str = "dev", limit: int | None = None,
             kb: KnowledgeBase | None = None) -> Report:
    folder = data / "arabic-ner"
    sets = {
        "anercorp": read_anercorp(folder / "anercorp" / "ANERCorp.txt", split, limit),
        "newsfane": read_newsfane(folder / "newsfane" / "NewsFANE_Gold_2014_170K.txt", split, limit),
        "wojood": read_wojood(folder / "wojood-sample", split, limit),
    }
    report = Report("ner", split, sum(len(d) for d in sets.values()))
    for name, docs in sets.items():
        prf, adjectives = score(docs, coder, kb, report)
        for t in TYPES:
            report.rows.append(Row(f"{name} {t} F1", prf[t].f1, prf[t].detail(), GOALS.get(t)))
        macro = sum(p.f1 for p in prf.values()) / len(prf)
        report.rows.append(Row(f"{name} macro F1", macro, f"{len(docs)} texts"))
        report.notes.append(f"{name}: {adjectives} nationality-adjective mentions not scored")
    report.notes.append("NewsFANE is the same text as ANERcorp with finer classes: not an independent test")
    return report
