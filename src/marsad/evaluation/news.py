"""news-gold: full Arabic news articles coded by experts, scored as the coding manual's match rule says.

Why a separate evaluation: the sentence-level gold sets (GSR, PLOVER, PETRARCH) hold one event per
sentence and its participants; a real article tells many events across paragraphs, with roles spread over
relative clauses, appositions and pro-drop, and with traps (topics discussed, attendance lists) that a
coder must not code. Only full articles show how much of what a user would see is right.

The rule (``news-gold/README.md`` and the last section of ``design/coding-manual.md``):

- the text of article ``N`` is ``title + "\\n\\n" + content`` of line ``N`` of
  ``saudinewsnet/politics_subset.jsonl.gz``, coded with ``--published`` = the gold file's ``published``;
  with ``lang`` ``en`` / ``fr`` it is ``news-gold/translations/article-N.{en,fr}.txt`` (8 articles), scored
  against the same gold (an event's key does not depend on the language);
- a gold event is *found* when some coded event has its PLOVER type (or one in ``also``), the gold source
  country among the actor's countries and the gold target among the recipient's (either direction when
  ``reciprocal``); ``IGO`` matches a participant whose sector is IGO; a negated gold event matches only a
  coded event marked negated — and, because "the right negation" is part of the key, a coded negated event
  does not match a gold event that happened;
- core recall = found core events / core events, pooled over articles; precision = coded events that match
  some gold event (core or hard) / coded events, pooled.

Each miss and each false positive gets one cause, so a change can be judged by what it fixes:
``negation``, ``role`` (the right type with the gold countries, but on the wrong sides), ``country`` (the
right type, a side's country wrong or missing), ``type`` (the passage was coded, with another type) and
``detection`` (nothing coded in the passage). A miss is located by the gold evidence passages (Arabic
offsets; translations fall back to the whole article).
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from marsad.errors import InputError
from marsad.evaluation.common import CoderLike, Report, Row, safe_code
from marsad.model import Actor, Event

LANGS = ("ar", "en", "fr")
GOALS = {"recall": 0.75, "precision": 0.60}
TRANSLATION_GOALS = {"recall_gap": 0.10, "precision": 0.50}
CORPUS = Path("saudinewsnet") / "politics_subset.jsonl.gz"
GOLD = Path("news-gold")
MISS_CAUSES = ("negation", "role", "country", "type", "detection")
FP_CAUSES = ("negation", "role", "country", "type", "not in gold")
_NAME = re.compile(r"^article-(\d+)\.json$")


@dataclass(frozen=True)
class GoldEvent:
    id: str
    core: bool
    source: str | None
    target: str | None
    types: frozenset[str]
    reciprocal: bool
    negated: bool
    evidence: tuple[str, ...]


@dataclass
class Article:
    number: int
    published: str | None
    events: list[GoldEvent]
    text: str = ""


@dataclass
class ArticleScore:
    number: int
    core: int = 0
    core_found: int = 0
    gold: int = 0
    gold_found: int = 0
    coded: int = 0
    coded_ok: int = 0
    core_one_to_one: int = 0

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class NewsReport(Report):
    """A :class:`Report` with the per-article table, and every miss and false positive with its cause."""

    articles: list[ArticleScore] = field(default_factory=list)
    misses: list[dict[str, Any]] = field(default_factory=list)
    false_positives: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        out = super().to_dict()
        out["articles"] = [a.to_dict() for a in self.articles]
        out["misses"] = self.misses
        out["false_positives"] = self.false_positives
        return out


# -- reading ---------------------------------------------------------------------------------
def _code(value: Any) -> str | None:
    return None if value in (None, "", "None") else str(value)


def read_gold(path: Path) -> Article:
    """One ``article-N.json`` file."""
    m = _NAME.match(path.name)
    if not m:
        raise InputError(f"{path}: not an article-N.json file", "bad-gold")
    data = json.loads(path.read_text("utf-8"))
    events = []
    for e in data.get("events") or []:
        types = frozenset({str(e["plover"]), *(str(t) for t in e.get("also") or ())})
        evidence = tuple(p.strip() for p in str(e.get("evidence") or "").split(" / ") if p.strip())
        events.append(GoldEvent(str(e["id"]), e.get("tier") == "core", _code(e.get("source")),
                                _code(e.get("target")), types, bool(e.get("reciprocal")), bool(e.get("negated")),
                                evidence))
    return Article(int(m.group(1)), data.get("published"), events)


def read_corpus_lines(path: Path, wanted: set[int]) -> dict[int, str]:
    """``title + "\\n\\n" + content`` of the wanted 0-based lines of the corpus."""
    out: dict[int, str] = {}
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i in wanted:
                rec = json.loads(line)
                out[i] = f"{rec.get('title') or ''}\n\n{rec.get('content') or ''}"
                if len(out) == len(wanted):
                    break
    return out


def load_articles(data: Path, lang: str = "ar", only: set[int] | None = None) -> list[Article]:
    """The gold articles with their text in ``lang`` (for en/fr only the translated ones)."""
    if lang not in LANGS:
        raise InputError(f"language '{lang}' is not one of {', '.join(LANGS)}", "unknown-language")
    folder = data / GOLD
    articles = sorted((read_gold(p) for p in folder.glob("article-*.json")), key=lambda a: a.number)
    if only is not None:
        articles = [a for a in articles if a.number in only]
    if lang == "ar":
        corpus = data / CORPUS
        if not corpus.exists():
            raise InputError(f"{corpus} not found (the SaudiNewsNet politics subset the gold refers to)",
                             "missing-data")
        texts = read_corpus_lines(corpus, {a.number for a in articles})
        for a in articles:
            if a.number not in texts:
                raise InputError(f"{corpus} has no line {a.number} (article-{a.number}.json)", "bad-gold")
            a.text = texts[a.number]
        return articles
    kept = []
    for a in articles:
        p = folder / "translations" / f"article-{a.number}.{lang}.txt"
        if p.exists():
            a.text = p.read_text("utf-8")
            kept.append(a)
    return kept


def translated_numbers(data: Path, lang: str) -> set[int]:
    """Articles that have a translation in ``lang``."""
    out = set()
    for p in (data / GOLD / "translations").glob(f"article-*.{lang}.txt"):
        m = re.match(r"^article-(\d+)\.", p.name)
        if m:
            out.add(int(m.group(1)))
    return out


# -- matching --------------------------------------------------------------------------------
def codes(actors: tuple[Actor, ...]) -> set[str]:
    """The match keys of a side: each participant's country, and ``IGO`` for IGO-sector participants."""
    out: set[str] = set()
    for a in actors:
        if a.country:
            out.add(a.country)
        if a.sector == "IGO" or a.type == "igo":
            out.add("IGO")
    return out


def _side_ok(gold: str | None, coded: set[str]) -> bool:
    return gold is None or gold in coded


def countries_match(g: GoldEvent, e: Event) -> bool:
    """Gold source among the actor's codes and gold target among the recipient's (or swapped if reciprocal)."""
    src, tgt = codes(e.actor), codes(e.recipient)
    if _side_ok(g.source, src) and _side_ok(g.target, tgt):
        return True
    return g.reciprocal and _side_ok(g.source, tgt) and _side_ok(g.target, src)


def matches(g: GoldEvent, e: Event) -> bool:
    """The manual's match rule (type or ``also``, countries, negation)."""
    return e.event in g.types and e.negated == g.negated and countries_match(g, e)


def _overlaps(text: str, e: Event, evidence: tuple[str, ...]) -> bool:
    for passage in evidence:
        start = text.find(passage)
        while start >= 0:
            if start < e.end and e.start < start + len(passage):
                return True
            start = text.find(passage, start + 1)
    return False


def misplaced(g: GoldEvent, e: Event) -> bool:
    """Both gold countries are among the event's participants, but not on the gold sides: swapped, or both on
    one side. A gold event within one country (SYR → SYR) cannot be told apart this way; its wrong side is a
    country error."""
    if not g.source or not g.target or g.source == g.target:
        return False
    src, tgt = codes(e.actor), codes(e.recipient)
    return {g.source, g.target} <= src | tgt and not countries_match(g, e)


def miss_cause(g: GoldEvent, events: list[Event], text: str, localise: bool) -> str:
    """Why no coded event matched ``g``: the first cause that explains it, judged on the events coded in the
    gold evidence passages (``localise``) or, for translations, in the whole article."""
    near = [e for e in events if _overlaps(text, e, g.evidence)] if localise else list(events)
    typed = [e for e in near if e.event in g.types]
    if any(countries_match(g, e) for e in typed):
        return "negation"
    if any(misplaced(g, e) for e in typed):
        return "role"
    if typed:
        return "country"
    if near:
        return "type"
    return "detection"


def fp_cause(e: Event, gold: list[GoldEvent]) -> str:
    """Why a coded event matched no gold event of its article."""
    typed = [g for g in gold if e.event in g.types]
    if any(countries_match(g, e) for g in typed):
        return "negation"
    if any(misplaced(g, e) for g in typed):
        return "role"
    if typed:
        return "country"
    if any(countries_match(g, e) for g in gold):
        return "type"
    return "not in gold"


def _side_label(actors: tuple[Actor, ...]) -> str:
    return ",".join(a.code or a.name for a in actors) or "-"


# -- scoring ---------------------------------------------------------------------------------
def score_article(a: Article, events: list[Event], report: NewsReport, lang: str) -> ArticleScore:
    s = ArticleScore(a.number, gold=len(a.events), coded=len(events))
    for g in a.events:
        found = any(matches(g, e) for e in events)
        s.gold_found += found
        if g.core:
            s.core += 1
            s.core_found += found
        if not found:
            report.misses.append({"article": a.number, "event": g.id, "tier": "core" if g.core else "hard",
                                  "type": sorted(g.types), "source": g.source, "target": g.target,
                                  "negated": g.negated,
                                  "cause": miss_cause(g, events, a.text, localise=lang == "ar")})
    s.core_one_to_one = one_to_one([g for g in a.events if g.core], events)
    for e in events:
        if any(matches(g, e) for g in a.events):
            s.coded_ok += 1
            continue
        report.false_positives.append({
            "article": a.number, "type": e.event, "cameo": e.cameo, "actor": _side_label(e.actor),
            "recipient": _side_label(e.recipient), "negated": e.negated, "trigger": e.trigger_text,
            "sentence": e.sentence, "cause": fp_cause(e, a.events)})
    return s


def one_to_one(gold: list[GoldEvent], events: list[Event]) -> int:
    """How many gold events a maximum matching finds when each coded event may find only one (Hopcroft–Karp
    via networkx). The manual's rule lets one coded event find several gold events, which is right for a
    compound participant but also lets one vague "attacks in Syria" find five separate attacks."""
    import networkx as nx

    g = nx.Graph()
    left = [("g", i) for i in range(len(gold))]
    g.add_nodes_from(left)
    g.add_nodes_from(("e", j) for j in range(len(events)))
    g.add_edges_from((("g", i), ("e", j)) for i, ge in enumerate(gold) for j, e in enumerate(events) if matches(ge, e))
    if not g.number_of_edges():
        return 0
    m = nx.bipartite.maximum_matching(g, top_nodes=left)
    return sum(1 for n in left if n in m)


def _ratio(n: int, d: int) -> float:
    return n / d if d else 0.0


def evaluate(data: Path, coder: CoderLike, lang: str = "ar", only: set[int] | None = None) -> NewsReport:
    """Code every gold article in ``lang`` and score it; the report's rows are the pooled figures."""
    articles = load_articles(data, lang, only)
    report = NewsReport(f"news ({lang})", "dev", len(articles))
    for a in articles:
        cd = safe_code(coder, a.text, lang, a.published, report.errors, f"article-{a.number}")
        report.articles.append(score_article(a, cd.events if cd else [], report, lang))
    tot = ArticleScore(-1)
    for s in report.articles:
        for k in ("core", "core_found", "gold", "gold_found", "coded", "coded_ok", "core_one_to_one"):
            setattr(tot, k, getattr(tot, k) + getattr(s, k))
    recall, precision = _ratio(tot.core_found, tot.core), _ratio(tot.coded_ok, tot.coded)
    goal_p = GOALS["precision"] if lang == "ar" else TRANSLATION_GOALS["precision"]
    report.rows = [
        Row("core recall", recall, f"{tot.core_found}/{tot.core}", GOALS["recall"] if lang == "ar" else None),
        Row("precision", precision, f"{tot.coded_ok}/{tot.coded} coded events match a gold event", goal_p),
        Row("recall, all gold events", _ratio(tot.gold_found, tot.gold), f"{tot.gold_found}/{tot.gold}"),
        Row("core recall, one coded event per gold event", _ratio(tot.core_one_to_one, tot.core),
            f"{tot.core_one_to_one}/{tot.core} (maximum matching; stricter than the manual's rule)"),
    ]
    for cause in MISS_CAUSES:
        n = sum(1 for m in report.misses if m["tier"] == "core" and m["cause"] == cause)
        report.rows.append(Row(f"core misses: {cause}", float(n), "count"))
    for cause in FP_CAUSES:
        n = sum(1 for m in report.false_positives if m["cause"] == cause)
        report.rows.append(Row(f"false positives: {cause}", float(n), "count"))
    if lang == "ar" and only is None:
        translated = translated_numbers(data, "en") | translated_numbers(data, "fr")
        sub = [s for s in report.articles if s.number in translated]
        c, cf = sum(s.core for s in sub), sum(s.core_found for s in sub)
        co, ok = sum(s.coded for s in sub), sum(s.coded_ok for s in sub)
        report.rows.append(Row("core recall, the translated articles", _ratio(cf, c), f"{cf}/{c} "
                               f"({len(sub)} articles; the en/fr reference)"))
        report.rows.append(Row("precision, the translated articles", _ratio(ok, co), f"{ok}/{co}"))
    report.notes.append("match: type or 'also', gold source among actor codes and target among recipient codes "
                        "(either way if reciprocal), IGO = sector IGO, negation must agree")
    report.notes.append("causes: negation > role (countries on the wrong sides) > country > type > detection; "
                        "misses located by the gold evidence (Arabic), the whole article for translations")
    return report
