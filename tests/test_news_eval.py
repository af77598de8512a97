"""``marsad eval news``: the news-gold match rule and the causes of misses, on a tiny invented gold folder.

The articles, their gold events and the coder's output are all written here, so every figure follows from
the fixtures: two articles (one with no events), one English translation, a stub coder.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from marsad.evaluation import news
from marsad.evaluation.cli import eval_app
from marsad.model import Actor, Attribution, CodedDocument, Document, Event, EventDate

TITLE0 = "وزير خارجية الأردن يزور دمشق"
BODY0 = ("زار وزير الخارجية الأردني دمشق أمس والتقى نظيره السوري. "
         "وقصف الجيش السوري بلدة في الشمال. "
         "ولم يلتق المبعوث الأممي بالمعارضة.")
TITLE1 = "زلزال في الجبال"
BODY1 = "ضرب زلزال المنطقة الجبلية فجر اليوم."


def actor(country: str | None, sector: str | None = None) -> Actor:
    return Actor(id=f"{country}{sector}", name="x", name_ar=None, country=country, sector=sector, type="state")


def event(text: str, passage: str, kind: str, actors: tuple[Actor, ...], recipients: tuple[Actor, ...] = (),
          negated: bool = False) -> Event:
    start = text.index(passage)
    return Event(id="e", sentence=0, start=start, end=start + len(passage), text=passage, event=kind, mode=None,
                 context=(), cameo="000", quad_class=1, goldstein=0.0, actor=actors, recipient=recipients,
                 reciprocal=False, location=None, date=EventDate(None, "unknown", None),
                 attribution=Attribution(None, "asserted", None), negated=negated, future=False, confidence=0.9,
                 trigger=(start, start + 1), trigger_text=passage[:4])


def gold_event(eid: str, tier: str, src: str, tgt: str, plover: str, evidence: str, reciprocal: bool = False,
               negated: bool = False, also: list[str] | None = None) -> dict[str, object]:
    e: dict[str, object] = {"id": eid, "tier": tier, "source": src, "target": tgt, "plover": plover,
                            "reciprocal": reciprocal, "negated": negated, "evidence": evidence}
    if also:
        e["also"] = also
    return e


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A gold folder: article 0 (four events) and article 1 (none), the corpus and one translation."""
    gold = tmp_path / "news-gold"
    (gold / "translations").mkdir(parents=True)
    events = [
        gold_event("E1", "core", "JOR", "SYR", "CONSULT", "زار وزير الخارجية الأردني دمشق"),
        gold_event("E2", "core", "SYR", "JOR", "CONSULT", "والتقى نظيره السوري", reciprocal=True),
        gold_event("E3", "core", "SYR", "SYR", "ASSAULT", "وقصف الجيش السوري بلدة في الشمال", also=["COERCE"]),
        gold_event("E4", "hard", "IGO", "SYR", "CONSULT", "ولم يلتق المبعوث الأممي بالمعارضة", negated=True),
    ]
    (gold / "article-0.json").write_text(json.dumps({"published": "2020-01-02", "events": events}), "utf-8")
    (gold / "article-1.json").write_text(json.dumps({"published": "2020-01-03", "events": []}), "utf-8")
    (gold / "translations" / "article-0.en.txt").write_text(
        "Jordan's foreign minister visits Damascus\n\nThe Jordanian foreign minister visited Damascus.", "utf-8")
    (tmp_path / "saudinewsnet").mkdir()
    with gzip.open(tmp_path / "saudinewsnet" / "politics_subset.jsonl.gz", "wt", encoding="utf-8") as f:
        for title, body in ((TITLE0, BODY0), (TITLE1, BODY1), ("غير مقيّم", "نص آخر.")):
            f.write(json.dumps({"title": title, "content": body}, ensure_ascii=False) + "\n")
    return tmp_path


@dataclass
class Stub:
    """Codes the two articles as a fixed, partly wrong coder would."""

    seen: list[tuple[str, str | None, str | None]]

    def code(self, text: str, published: str | None = None, lang: str | None = None) -> CodedDocument:
        self.seen.append((text, published, lang))
        doc = Document(text=text, id="d", language=lang or "ar", published=published)
        if lang == "en":
            evs = [event(text, "visited Damascus", "CONSULT", (actor("JOR", "GOV"),), (actor("SYR"),))]
        elif "زلزال" in text:
            evs = [event(text, "ضرب زلزال", "ASSAULT", (), ())]  # a quake is no attack: false positive
        else:
            evs = [
                event(text, "زار وزير الخارجية الأردني دمشق", "CONSULT", (actor("JOR", "GOV"),), (actor("SYR"),)),
                # reciprocal gold: the swapped direction matches
                event(text, "والتقى نظيره السوري", "CONSULT", (actor("JOR", "GOV"),), (actor("SYR", "GOV"),)),
                # right type, wrong target country: a country miss and a false positive
                event(text, "وقصف الجيش السوري", "ASSAULT", (actor("SYR", "MIL"),), (actor("TUR"),)),
                # negated gold, matched by a negated event whose actor is an IGO official
                event(text, "ولم يلتق المبعوث الأممي", "CONSULT", (actor(None, "IGO"),), (actor("SYR", "OPP"),),
                      negated=True),
            ]
        return CodedDocument(document=doc, events=evs)


def test_text_is_title_blank_line_content_and_published_from_gold(data: Path) -> None:
    stub = Stub([])
    news.evaluate(data, stub)
    assert stub.seen[0] == (f"{TITLE0}\n\n{BODY0}", "2020-01-02", "ar")
    assert stub.seen[1] == (f"{TITLE1}\n\n{BODY1}", "2020-01-03", "ar")
    assert len(stub.seen) == 2  # corpus lines without a gold file are not coded


def test_pooled_recall_precision_and_causes(data: Path) -> None:
    r = news.evaluate(data, Stub([]))
    rows = {row.metric: row.value for row in r.rows}
    assert rows["core recall"] == pytest.approx(2 / 3)  # E1, E2 found; E3 missed
    assert rows["recall, all gold events"] == pytest.approx(3 / 4)  # and the negated E4
    assert rows["precision"] == pytest.approx(3 / 5)  # the TUR attack and the quake are wrong
    assert rows["core recall, one coded event per gold event"] == pytest.approx(2 / 3)
    assert [(m["event"], m["cause"]) for m in r.misses] == [("E3", "country")]
    causes = sorted((f["article"], f["type"], f["cause"]) for f in r.false_positives)
    assert causes == [(0, "ASSAULT", "country"), (1, "ASSAULT", "not in gold")]
    assert [(a.number, a.core_found, a.core, a.coded, a.coded_ok) for a in r.articles] == [(0, 2, 3, 4, 3),
                                                                                            (1, 0, 0, 1, 0)]


GOLD = news.GoldEvent("E", True, "JOR", "SYR", frozenset({"CONSULT"}), False, False, ("زار",))
TEXT = "زار الوزير دمشق."


@pytest.mark.parametrize(("coded", "ok"), [
    (event(TEXT, "زار", "CONSULT", (actor("JOR"),), (actor("SYR"),)), True),
    (event(TEXT, "زار", "CONSULT", (actor("SYR"),), (actor("JOR"),)), False),  # not reciprocal: no swap
    (event(TEXT, "زار", "CONSULT", (actor("JOR"), actor("EGY")), (actor("SYR"),)), True),  # compound actor
    (event(TEXT, "زار", "CONSULT", (actor("JOR"),), (actor("SYR"),), negated=True), False),
    (event(TEXT, "زار", "AGREE", (actor("JOR"),), (actor("SYR"),)), False),
])
def test_match_rule(coded: Event, ok: bool) -> None:
    assert news.matches(GOLD, coded) is ok


@pytest.mark.parametrize(("events", "cause"), [
    ([event(TEXT, "زار", "CONSULT", (actor("SYR"),), (actor("JOR"),))], "role"),
    ([event(TEXT, "زار", "CONSULT", (actor("JOR"),), ())], "country"),
    ([event(TEXT, "زار", "CONSULT", (actor("JOR"), actor("SYR")), ())], "role"),  # both on one side
    ([event(TEXT, "زار", "CONSULT", (actor("JOR"),), (actor("SYR"),), negated=True)], "negation"),
    ([event(TEXT, "زار", "ACCUSE", (actor("JOR"),), (actor("SYR"),))], "type"),
    ([event(TEXT, "دمشق", "CONSULT", (actor("JOR"),), ())], "detection"),  # coded, but outside the evidence
    ([], "detection"),
])
def test_miss_causes(events: list[Event], cause: str) -> None:
    assert news.miss_cause(GOLD, events, TEXT, localise=True) == cause


def test_translation_is_scored_against_the_same_gold(data: Path) -> None:
    r = news.evaluate(data, Stub([]), lang="en")
    assert r.records == 1  # only article 0 has an English translation
    rows = {row.metric: row.value for row in r.rows}
    assert rows["core recall"] == pytest.approx(2 / 3)  # one JOR→SYR meeting finds E1 and reciprocal E2
    assert rows["precision"] == pytest.approx(1.0)
    assert rows["core recall, one coded event per gold event"] == pytest.approx(1 / 3)


def test_cli_json_and_errors(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import marsad.evaluation.cli as cli

    monkeypatch.setattr(cli, "_coder", lambda kb=None, lexicon=None: Stub([]))
    runner = CliRunner()
    res = runner.invoke(eval_app, ["news", "--data", str(data), "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["evaluation"] == "news (ar)" and len(out["misses"]) == 1 and len(out["false_positives"]) == 2
    res = runner.invoke(eval_app, ["news", "--data", str(data)])
    assert res.exit_code == 0 and "core recall" in res.stdout and "per article" in res.stdout
    res = runner.invoke(eval_app, ["news", "--data", str(data), "--lang", "de"])
    assert res.exit_code == 2
    res = runner.invoke(eval_app, ["news", "--data", str(data / "nowhere")])
    assert res.exit_code == 1 and "Traceback" not in res.output
