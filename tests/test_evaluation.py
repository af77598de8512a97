"""The ``marsad eval`` readers and scorers, on tiny invented gold sets with known scores.

The coder is a stub that returns hand-made events and mentions for each fixture
text, so every expected figure below follows from the fixtures alone (and does not
move when the lexicons change).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from marsad.evaluation import arabic_gsr, ner, petrarch, plover
from marsad.evaluation.cli import eval_app
from marsad.evaluation.common import PRF, in_split, split_of
from marsad.model import (
    Actor,
    Attribution,
    CodedDocument,
    Document,
    Event,
    EventDate,
    Mention,
)

DATA = Path(__file__).parent / "fixtures" / "eval"


# -- helpers ---------------------------------------------------------------------------------
def actor(country: str | None, sector: str | None = None, type_: str = "state") -> Actor:
    return Actor(id=country or sector or "x", name=country or "x", name_ar=None, country=country, sector=sector,
                 type=type_)


def event(kind: str, actors: tuple[Actor, ...] = (), recipients: tuple[Actor, ...] = (), cameo: str = "190",
          negated: bool = False, future: bool = False) -> Event:
    return Event(id="e", sentence=0, start=0, end=1, text="x", event=kind, mode=None, context=(), cameo=cameo,
                 quad_class=4, goldstein=-10.0, actor=actors, recipient=recipients, reciprocal=False, location=None,
                 date=EventDate(None, "unknown", None), attribution=Attribution(None, "asserted", None),
                 negated=negated, future=future, confidence=0.9, trigger=(0, 1), trigger_text="x")


def mention(text: str, part: str, type_: str, how: str = "name") -> Mention:
    start = text.index(part)
    return Mention(start, start + len(part), part, actor("XXX", None, type_), how, 0)  # type: ignore[arg-type]


@dataclass
class StubCoder:
    """Returns prepared events/mentions for known texts (matched by a distinctive substring)."""

    events: dict[str, list[Event]]
    mentions: dict[str, list[Mention]] | None = None

    def code(self, text: str, published: str | None = None, lang: str | None = None) -> CodedDocument:
        doc = Document(text=text, id="d", language=lang or "ar", published=published)
        evs = next((v for k, v in self.events.items() if k in text), [])
        ms = next((v for k, v in (self.mentions or {}).items() if k in text), [])
        return CodedDocument(document=doc, mentions=ms, events=evs)


# -- split rule ------------------------------------------------------------------------------
@pytest.mark.parametrize(("rid", "expected"), [("x-1", "dev"), ("x-2", "test"), ("x-3", "dev"),
                                               ("anercorp-0", "dev"), ("DEMO-00", "dev")])
def test_split_rule_known_ids(rid: str, expected: str) -> None:
    assert split_of(rid) == expected
    assert in_split(rid, expected) and in_split(rid, "all")
    assert not in_split(rid, "test" if expected == "dev" else "dev")


def test_split_rule_is_sha1_mod_5() -> None:
    ids = [f"rec-{i}" for i in range(3000)]
    for rid in ids[:200]:
        expected = "dev" if int(hashlib.sha1(rid.encode("utf-8")).hexdigest(), 16) % 5 < 3 else "test"
        assert split_of(rid) == expected
    share = sum(split_of(r) == "dev" for r in ids) / len(ids)
    assert 0.55 < share < 0.65


def test_prf() -> None:
    p = PRF(tp=1, fp=1, fn=3)
    assert p.precision == 0.5 and p.recall == 0.25 and p.f1 == pytest.approx(1 / 3)
    assert PRF().f1 == 0.0


# -- Arabic GSR ------------------------------------------------------------------------------
GSR_CODER = StubCoder({
    "مركزا للشرطة": [event("ASSAULT")],                      # yes → TP
    "العنف لا يحل": [event("ASSAULT")],                      # easy no → FP
    "نفى الجيش": [event("ASSAULT", negated=True)],            # difficult no, negated → TN
    "هجوما قديما": [event("ASSAULT")],                       # ambiguous → dropped
    "تظاهر آلاف": [event("PROTEST")],                        # yes → TP
    "قوات عراقية": [event("ASSAULT", (actor("IRQ", "MIL"),), (actor("USA", "MIL"),))],
    "أطلق مجهولون": [event("ASSAULT", (), (actor("ISR"),))],
    "الحكومة السورية": [event("ASSAULT", (actor("SYR", "MIL"),), (actor("SYR"),))],
    "اعتصم مواطنون": [event("PROTEST", (actor("EGY", "CVL"),))],
})


def test_gsr_detection_reader_drops_ambiguous() -> None:
    sents = arabic_gsr.read_detection(DATA / "arabic-event-gsr" / "assault_gsr.csv", "all")
    assert [s.id for s in sents] == ["t-a1", "t-a2", "t-a3", "t-a4"]
    assert [s.positive for s in sents] == [True, True, False, False]


def test_gsr_spans_modal_gold() -> None:
    recs = arabic_gsr.read_spans(DATA / "arabic-event-gsr" / "assault_spans.json", "all")
    assert recs[0].source == arabic_gsr.Side(frozenset({"IRQ"}), frozenset({"MIL"}))
    assert recs[1].source == arabic_gsr.Side(frozenset({None}), frozenset())  # 'UNKNOWN' casts no vote
    assert recs[1].target == arabic_gsr.Side(frozenset({"ISR"}), frozenset())


def test_gsr_scores() -> None:
    report = arabic_gsr.evaluate(DATA, GSR_CODER, "all")
    rows = {r.metric: r for r in report.rows}
    assert rows["ASSAULT detection F1"].value == pytest.approx(0.5)      # tp 1, fp 1, fn 1
    assert rows["PROTEST detection F1"].value == pytest.approx(1.0)
    assert rows["ASSAULT spans: event coded"].value == pytest.approx(0.75)
    assert rows["ASSAULT spans: source country+sector"].value == pytest.approx(0.5)  # SYR sector MIL ≠ GOV
    assert rows["ASSAULT spans: target country+sector"].value == pytest.approx(0.75)
    assert rows["ASSAULT spans: source and target agree"].value == pytest.approx(0.5)
    assert rows["PROTEST spans: source and target agree"].value == pytest.approx(1.0)


# -- PLOVER ----------------------------------------------------------------------------------
PLOVER_CODER = StubCoder({
    "rail link": [event("AGREE", (actor("FRA", "GOV"),), (actor("DEU"),))],
    "Peacekeepers": [event("ASSAULT", (actor(None, "IGO", "organisation"),), (actor("SDN", "REB"),))],
    "inquiry": [event("REQUEST", (actor("USA"),))],
    "sailors": [event("ACCUSE", (actor("USA", "GOV"),), (actor("IRN", "GOV"),))],
})


def test_plover_reader_maps_old_names_and_skips_document() -> None:
    recs = plover.read_records(DATA / "plover-gsr" / "PLOVER_GSR_CAMEO.json", "all")
    assert len(recs) == 5
    by_id = {r.id: r for r in recs}
    assert by_id["TEST-FIGHT-0001"].types == {"ASSAULT"}
    assert by_id["TEST-FIGHT-0001"].source == {None}  # IGO: no country
    assert by_id["TEST-INVESTIGATE-0001"].types == {"ACCUSE", "REQUEST"}
    assert by_id["TEST-INVESTIGATE-0001"].target == frozenset()


def test_plover_reads_the_gsr_non_iso_country_codes_as_iso() -> None:
    got = plover._countries([{"code": "JAPGOV"}, {"code": "ITL"}, {"code": "VTNMIL"}, {"code": "IGO"},
                             {"code": "FRA"}])
    assert got == {"JPN", "ITA", "VNM", None, "FRA"}


def test_plover_scores() -> None:
    rows = {r.metric: r.value for r in plover.evaluate(DATA, PLOVER_CODER, "all").rows}
    assert rows["event coded"] == pytest.approx(0.8)
    assert rows["event type accuracy"] == pytest.approx(0.6)
    assert rows["actor country accuracy"] == pytest.approx(0.8)
    assert rows["recipient country accuracy"] == pytest.approx(0.8)
    assert rows["type + actor + recipient"] == pytest.approx(0.6)


# -- PETRARCH suite --------------------------------------------------------------------------
PETR_CODER = StubCoder({
    "restored ties": [event("CONSULT", (actor("VLD"),), (actor("RVH"),), cameo="064")],
    "held talks": [event("CONSULT", (actor("VLD"),), (actor("RVH"),), cameo="040")],
    "old battle": [event("ASSAULT", (actor("VLD"),), (actor("RVH"),), cameo="190")],
    "shelled": [event("ASSAULT", (actor("VLD", "MIL"),), (), cameo="190")],
})


def test_petrarch_reader() -> None:
    recs = petrarch.read_records(DATA / "petrarch-validation" / "PETR.UnitTest.records.xml", "all")
    assert [r.id for r in recs] == ["T-01", "T-02", "T-03", "T-04", "T-05"]  # SKIPPED is not in <Include>
    assert recs[0].text == "Valdoria restored ties with Rivenholm."
    assert recs[0].date == "2012-01-01"
    assert recs[2].gold == (petrarch.NOEVENTS,)


def test_petrarch_actor_codes() -> None:
    assert petrarch.actor_code(actor("VLD", "MIL")) == "VLDMIL"
    assert petrarch.actor_code(actor(None, "GOV")) == "---GOV"
    assert petrarch.actor_code(actor(None, "IGO")) == "IGO"
    assert petrarch.actor_code(None) == "---"


def test_petrarch_scores_like_petrarch() -> None:
    calls: list[tuple[tuple[Path, ...], tuple[Path, ...]]] = []

    def factory(kb: tuple[Path, ...], lex: tuple[Path, ...]) -> StubCoder:
        calls.append((kb, lex))
        return PETR_CODER

    report = petrarch.evaluate(DATA, factory, "all", known_states={"USA"})
    assert [len(lex) for _, lex in calls] == [1, 0]  # with the suite's verbs as a user lexicon, then without
    rows = {r.metric: r for r in report.rows}
    assert "gold codings found (Marsad verbs only)" in rows
    assert any(n.startswith("verbs: ") for n in report.notes)
    assert report.records == 5
    assert rows["gold codings found"].value == pytest.approx(3 / 6)      # T-01, half of T-02, T-04
    assert rows["extra codings per record"].value == pytest.approx(1 / 5)  # T-03's coding
    assert "null 1" in rows["extra codings per record"].detail           # T-05 has no recipient


# -- NER -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class FakeAlias:
    kind: str


class FakeKB:
    """Just enough of a KnowledgeBase for the adjective filter."""

    def lookup(self, name: str) -> list[FakeAlias]:
        return [FakeAlias("adjective")] if name.endswith("روسي") else []


ANER_TEXT = "زار الرئيس سامر نادر مدينة وبيرلاند مع وفد شركة النجم الروسي"
TRAIN_TEXT = "التقى وزير خارجية بيرلاند سامر"
NER_CODER = StubCoder({}, {
    ANER_TEXT: [mention(ANER_TEXT, "سامر نادر", "person"), mention(ANER_TEXT, "مدينة", "place"),
                mention(ANER_TEXT, "بيرلاند", "state"), mention(ANER_TEXT, "شركة النجم", "organisation", "role"),
                mention(ANER_TEXT, "الروسي", "state")],
    "وصل سامر إلى": [mention("وصل سامر إلى بيرلاند", "سامر", "person")],
    "قالت وزارة": [mention("قالت وزارة الري كتابها", "وزارة الري", "organisation")],
    TRAIN_TEXT: [mention(TRAIN_TEXT, "بيرلاند", "state"), mention(TRAIN_TEXT, "سامر", "person")],
    "غادر": [mention("غادر بيرلاند", "بيرلاند", "state")],
})


def test_ner_decode_nested_layers() -> None:
    tags = [["O"], ["B-ORG", "B-OCC"], ["I-ORG", "I-OCC"], ["I-ORG", "B-GPE"], ["B-PERS"]]
    assert ner.decode(tags) == {("ORG", 1, 3), ("OCC", 1, 2), ("GPE", 3, 3), ("PERS", 4, 4)}
    assert ner.decode(tags, ner.WOJOOD) == {("ORG", 1, 3), ("LOC", 3, 3), ("PERS", 4, 4)}


def test_ner_readers() -> None:
    folder = DATA / "arabic-ner"
    aner = ner.read_anercorp(folder / "anercorp" / "ANERCorp.txt", "all")
    assert [d.id for d in aner] == ["anercorp-0"]
    assert aner[0].text_and_offsets()[0] == ANER_TEXT
    assert aner[0].entities == {("PERS", 2, 3), ("LOC", 5, 5), ("ORG", 8, 9)}
    fane = ner.read_newsfane(folder / "newsfane" / "NewsFANE_Gold_2014_170K.txt", "all")
    assert [d.id for d in fane] == ["newsfane-0", "newsfane-1"]
    assert fane[0].tokens[0] == "وصل"  # the U+200E mark is stripped
    assert fane[1].entities == {("ORG", 1, 2)}  # Book is not scored
    assert len(ner.read_wojood(folder / "wojood-sample", "dev")) == 2
    assert len(ner.read_wojood(folder / "wojood-sample", "test")) == 1


def _ner_rows(split: str) -> dict[str, float]:
    report = ner.evaluate(DATA, NER_CODER, split, kb=FakeKB())  # type: ignore[arg-type]
    return {r.metric: r.value for r in report.rows}


def test_ner_scores_dev() -> None:
    rows = _ner_rows("dev")
    assert rows["anercorp PERS F1"] == pytest.approx(1.0)
    assert rows["anercorp LOC F1"] == pytest.approx(2 / 3)  # وبيرلاند aligned to its token; مدينة is an FP
    assert rows["anercorp ORG F1"] == 0.0                    # role mentions are not names
    assert rows["newsfane PERS F1"] == pytest.approx(1.0)
    assert rows["newsfane LOC F1"] == 0.0
    assert rows["newsfane ORG F1"] == pytest.approx(1.0)
    assert rows["wojood PERS F1"] == pytest.approx(2 / 3)
    assert rows["wojood LOC F1"] == pytest.approx(1.0)


def test_ner_scores_test_split() -> None:
    rows = _ner_rows("test")
    assert rows["wojood LOC F1"] == pytest.approx(1.0)
    assert rows["newsfane PERS F1"] == 0.0  # both fixture sentences are dev


# -- CLI -------------------------------------------------------------------------------------
def test_cli_rejects_bad_split_and_missing_data(tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(eval_app, ["plover", "--data", str(DATA), "--split", "train"]).exit_code == 2
    assert runner.invoke(eval_app, ["plover", "--data", str(tmp_path)]).exit_code == 1


def test_cli_json_output() -> None:
    result = CliRunner().invoke(eval_app, ["plover", "--data", str(DATA), "--split", "all", "--limit", "2",
                                           "--json"])
    assert result.exit_code == 0, result.output
    line = next(ln for ln in result.output.splitlines() if ln.startswith("{"))
    out = json.loads(line)
    assert out["evaluation"] == "plover" and out["records"] == 2
    assert {r["metric"] for r in out["rows"]} >= {"event type accuracy", "type + actor + recipient"}


def test_plover_reciprocal_parties_are_all_sources() -> None:
    """PLOVER lists the parties of a reciprocal event (markup ``SRC/TAR``) under ``source`` with no target;
    Marsad's X → Y reciprocal coding of them matches, a third country as recipient does not."""
    rec = plover.Record("r", "Peru and Chile agreed.", None, frozenset({"AGREE"}), frozenset({"PER", "CHL"}),
                        frozenset(), reciprocal=True)
    ok = event("AGREE", (actor("PER"),), (actor("CHL"),), cameo="057")
    wrong = event("AGREE", (actor("PER"),), (actor("BOL"),), cameo="057")
    assert plover.judge(rec, [ok])[3] and not plover.judge(rec, [wrong])[3]
    one_way = plover.Record("r", "x", None, frozenset({"AGREE"}), frozenset({"PER", "CHL"}), frozenset())
    assert not plover.judge(one_way, [ok])[3]  # without SRC/TAR, no target means none coded


def test_plover_compares_an_intended_act_as_the_gsr_codes_intentions() -> None:
    """The GSR codes "will visit" AGREE and "would blockade" THREATEN (CAMEO 03 / 13); Marsad codes the intended
    act with future: true. A visit that took place stays CONSULT; a refusal ("will not visit") is REJECT in the
    GSR, the act with negated: true in Marsad."""
    from dataclasses import replace

    agree = plover.Record("r", "x", None, frozenset({"AGREE"}), frozenset({"DEU"}), frozenset({"ALB"}))
    threaten = plover.Record("r", "x", None, frozenset({"THREATEN"}), frozenset({"FRA"}), frozenset())
    visit = replace(event("CONSULT", (actor("DEU"),), (actor("ALB"),), cameo="042"), quad_class=1)
    assert not plover.judge(agree, [visit])[0]
    assert plover.judge(agree, [replace(visit, future=True)])[0]
    assert not plover.judge(agree, [replace(visit, future=True, negated=True)])[0]
    refusal = plover.Record("r", "x", None, frozenset({"REJECT"}), frozenset({"DEU"}), frozenset())
    assert plover.judge(refusal, [replace(visit, future=True, negated=True)])[0]  # "will not visit"
    blockade = event("COERCE", (actor("FRA"),), cameo="1724", future=True)  # quad class 4
    assert plover.judge(threaten, [blockade])[0] and not plover.judge(agree, [blockade])[0]
    assert plover.gsr_type("REQUEST", True, False, 1) == "REQUEST"  # a statement keeps its type


def test_gsr_country_agreement_sets_sectors_aside() -> None:
    """Gold IRQ/MIL → ISR: an actor IRQ with another sector fails country+sector, passes countries only."""
    gold = arabic_gsr.Side(frozenset({"IRQ"}), frozenset({"MIL"}))
    coded = (actor("IRQ", "COP"),)
    assert not arabic_gsr.side_matches(coded, gold)
    assert arabic_gsr.side_matches(coded, gold, sectors=False)
    assert not arabic_gsr.side_matches((actor("SYR", "MIL"),), gold, sectors=False)
    unnamed = arabic_gsr.Side(frozenset({None}), frozenset({"CVL"}))
    assert arabic_gsr.side_matches((), unnamed, sectors=False) and not arabic_gsr.side_matches((), unnamed)
