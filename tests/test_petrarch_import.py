"""Converting PETRARCH actor/agent dictionaries into a Marsad user KB (``marsad kb import-petrarch``).

The fixture dictionaries (``tests/fixtures/eval/petrarch-validation``) are invented and hold
one example of each construct: synonyms, dated codes, null code, agents with plurals and
substitution markers, and malformed codes that must be reported with their line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from marsad.cli import app
from marsad.kb.base import load_kb
from marsad.kb.petrarch import (
    Conversion,
    VerbConversion,
    convert_petrarch,
    convert_petrarch_verbs,
    country_word,
    parse_code,
    phrase_text,
)
from marsad.pipeline import Coder

FIX = Path(__file__).parent / "fixtures" / "eval" / "petrarch-validation"
ACTORS = FIX / "PETR.Validate.actors.txt"
AGENTS = FIX / "PETR.Validate.agents.txt"
KNOWN = {"USA", "FRA"}


@pytest.fixture(scope="module")
def conv() -> Conversion:
    return convert_petrarch(ACTORS, AGENTS, known_states=KNOWN, declare_countries=True)


def _line(text: str, path: Path = ACTORS) -> int:
    return next(n for n, ln in enumerate(path.read_text("utf-8").splitlines(), 1) if text in ln)


def test_malformed_codes_reported_with_file_and_line(conv: Conversion) -> None:
    errors = {(p.file, p.line) for p in conv.errors}
    for bad in ("BROKEN_ONE", "SHOUTY", "SHORT_CODE", "BAD_DATE", "TRIO"):
        assert ("PETR.Validate.actors.txt", _line(bad)) in errors, bad
    assert ("PETR.Validate.agents.txt", _line("BAD_AGENT", AGENTS)) in errors
    shouty = next(p for p in conv.errors if p.line == _line("SHOUTY"))
    assert "malformed code 'vld'" in str(shouty) and str(shouty).startswith("PETR.Validate.actors.txt:")


def test_parse_code_rejects_petrarch_style_garbage() -> None:
    problems: list = []
    assert parse_code("120]--", "verbs.txt", 7611, "DELAY [120]---", problems) is None
    assert "120]--" in problems[0].message and problems[0].line == 7611
    spec = parse_code("VLDGOV 100101-151231", "a.txt", 1, "x", problems)
    assert spec is not None and (spec.start, spec.end) == ("2010-01-01", "2015-12-31")  # two-digit years: 20YY


def test_unknown_countries_need_the_explicit_option() -> None:
    strict = convert_petrarch(ACTORS, None, known_states=KNOWN)
    assert any("--declare-countries" in p.message and p.line == _line("VALDORIA [VLD]") for p in strict.errors)
    assert not strict.kb["states"] or all(s["id"] in KNOWN for s in strict.kb["states"])
    assert {s["id"] for s in strict.kb["states"]} == {"USA"}


def test_actor_entries(conv: Conversion) -> None:
    states = {s["id"]: s for s in conv.kb["states"]}
    assert states["VLD"]["names"]["en"] == ["Valdoria", "Valdorian"]
    assert states["USA"]["names"]["en"] == ["United States", "U.S."]
    orgs = {o["names"]["en"][0]: o for o in conv.kb["organisations"]}
    assert (orgs["Valdoria Army"]["country"], orgs["Valdoria Army"]["sector"]) == ("VLD", "MIL")
    assert orgs["Storm Brigade"]["sector"] == "REB" and orgs["Storm Brigade"]["type"] == "group"
    assert orgs["World Council"]["country"] is None and orgs["World Council"]["type"] == "igo"
    assert any("'XYZ'" in p.message for p in conv.warnings)  # lossy, but imported
    people = {p["names"]["en"][0]: p for p in conv.kb["people"]}
    assert [(r["sector"], r["start"], r.get("end")) for r in people["King Alaric"]["roles"]] == [
        ("GOV", "2010-01-01", "2015-12-31"), ("ELI", "2016-01-01", None)]
    assert people["Old Timer"]["roles"][0]["end"] == "1999-01-01"
    assert "Nobody" not in str(conv.kb)  # [---]: PETRARCH's "do not code"


def test_agent_entries(conv: Conversion) -> None:
    roles = {r["names"]["en"][0]: r for r in conv.kb["roles"]}
    assert roles["soldier"] == {**roles["soldier"], "sector": "MIL", "names": {"en": ["soldier", "soldiers"]}}
    assert roles["police"]["names"]["en"] == ["police"]  # {} : no plural
    assert roles["attorney general"]["names"]["en"] == ["attorney general", "attorneys general"]
    assert roles["congressman"]["names"]["en"] == ["congressman", "congresswoman"]
    assert roles["rights body"]["sector"] == "NGO"
    assert "wizard" not in roles and any("'WIZ'" in p.message for p in conv.warnings)


def test_a_four_letter_country_name_is_a_word_and_other_acronyms_stay(tmp_path: Path) -> None:
    assert country_word("IRAN") == "Iran" and country_word("USA") == "USA" and country_word("U.N.") == "U.N."
    actors = tmp_path / "a.actors"
    actors.write_text("BLEN  [BLN]\nZORK_LAND [ZRK]\nCARE [NGO]\n", encoding="utf-8")
    c = convert_petrarch(actors, None, known_states=KNOWN, declare_countries=True)
    states = {st["id"]: st for st in c.kb["states"]}
    assert states["BLN"]["names"]["en"] == ["BLEN", "Blen"]  # news writes the country "Blen"
    assert not any(n == "Care" for o in c.kb["organisations"] for n in o["names"]["en"])  # as written only
    cd = Coder((_write(tmp_path, c),)).code("Zork Land accused Blen of lying.", lang="en", published="2015-01-01")
    (e,) = cd.events
    assert [a.country for a in e.actor] == ["ZRK"] and [a.country for a in e.recipient] == ["BLN"]


def _write(tmp_path: Path, c: Conversion) -> Path:
    out = tmp_path / "kb.yaml"
    out.write_text(c.to_yaml(), encoding="utf-8")
    return out


def test_phrase_text_keeps_acronyms() -> None:
    assert phrase_text("UNITED_STATES") == "United States"
    assert phrase_text("U.N.") == "U.N."
    assert phrase_text("PLO") == "PLO"
    assert phrase_text("BANK_OF_THE_SHIRE") == "Bank of the Shire"


def test_output_loads_and_codes_like_petrarch(conv: Conversion, tmp_path: Path) -> None:
    path = tmp_path / "petr.yaml"
    path.write_text(conv.to_yaml(), encoding="utf-8")
    assert set(yaml.safe_load(path.read_text("utf-8"))) == {"states", "organisations", "people", "roles"}
    kb = load_kb((path,))
    army = kb.lookup("Valdoria Army")
    assert kb.actor_for(army[0], None).code == "VLDMIL"
    alaric = kb.lookup("King Alaric")[0]
    assert kb.actor_for(alaric, "2012-06-01").code == "VLDGOV"
    assert kb.actor_for(alaric, "2017-06-01").code == "VLDELI"
    assert kb.actor_for(kb.lookup("Valdoria")[0], None).code == "VLD"


def test_cli_import_petrarch(tmp_path: Path) -> None:
    out = tmp_path / "out.yaml"
    result = CliRunner().invoke(app, ["kb", "import-petrarch", str(ACTORS), str(AGENTS), "-o", str(out),
                                      "--declare-countries"])
    assert result.exit_code == 1  # some entries were skipped as malformed
    assert f"PETR.Validate.actors.txt:{_line('SHOUTY')}: error" in result.output
    assert out.exists() and "VLD" in out.read_text("utf-8")


# -- verb dictionaries -----------------------------------------------------------------------
VERBS = FIX / "PETR.Validate.verbs.txt"


@pytest.fixture(scope="module")
def vconv() -> VerbConversion:
    return convert_petrarch_verbs(VERBS)


def _entry(vc: VerbConversion, lemma: str) -> dict[str, Any]:
    return next(t for t in vc.lexicon["triggers"] if t["lemma"] == lemma)


def test_verb_malformed_codes_reported_with_file_and_line(vconv: VerbConversion) -> None:
    errors = {p.line: p.message for p in vconv.errors if p.file == "PETR.Validate.verbs.txt"}
    assert "malformed" in errors[_line("NEVER_*", VERBS)]     # [120]-- : text after the code
    assert "210a" in errors[_line("FOOBAR", VERBS)]
    assert "synset" in errors[_line("&VEGGIES", VERBS)]
    assert len(vconv.errors) == 3


def test_verbs_become_triggers_with_plover_types(vconv: VerbConversion) -> None:
    parley = _entry(vconv, "parley")
    assert (parley["event"], parley["mode"], parley["cameo"]) == ("CONSULT", None, "040")
    assert parley["verbs"] == ["parley"]
    glorp = _entry(vconv, "glorp")
    assert glorp["cameo"] == "042" and set(glorp["forms"]) == {"glarp", "glorpen"}  # irregular forms kept
    assert _entry(vconv, "zorb off")["forms"] == ["zorbed off"]                   # +ZORB_OFF: the head is first
    snorkel = _entry(vconv, "sea snorkel")                                        # SEA_+SNORKEL: the head is second
    assert snorkel["cameo"] == "043" and "sea snorkeled" in snorkel["forms"]
    assert _entry(vconv, "huddle")["reciprocal"] is True                          # [031:031]
    assert _entry(vconv, "vanish")["cameo"] == "032"                              # [032:033]: forward code only
    assert any("033" in p.message and p.line == _line("VANISH  [", VERBS) for p in vconv.warnings)


def test_codes_without_plover_type_are_dropped_and_counted(vconv: VerbConversion) -> None:
    lemmas = {t["lemma"] for t in vconv.lexicon["triggers"]}
    assert "grumble" not in lemmas                       # 012: CAMEO 01x has no PLOVER type
    assert vconv.no_plover == {"012": 1, "909": 1}       # 909 is not a CAMEO code
    assert "2 coding(s) dropped with no PLOVER type" in vconv.summary()


def test_simple_patterns_become_phrases(vconv: VerbConversion) -> None:
    basket = _entry(vconv, "parley: * about &basket")
    assert (basket["event"], basket["cameo"]) == ("COOPERATE", "061")
    phrases = set(basket["phrases"])
    # nested synsets expanded (&BASKET_ is used as &BASKET), every verb form, an article after the verb allowed
    assert {"parleyed about ripe plums", "parleys about turnips", "parley about mangoes"} <= phrases
    grumble = _entry(vconv, "grumble: * &basket")        # the verb's code is dropped, the pattern's is kept
    assert grumble["cameo"] == "120" and "grumbled turnips" in grumble["phrases"]
    assert vconv.stats["slot_patterns"] == 1              # + * WITH $: the verb's own code only
    assert vconv.stats["other_patterns"] == 2             # * ^ TRUCE (skip a word) and the null code [---]
    assert not any("truce" in p or "loudly" in p for t in vconv.lexicon["triggers"] for p in t.get("phrases", []))


def test_converted_verbs_load_and_code(conv: Conversion, vconv: VerbConversion, tmp_path: Path) -> None:
    kb = tmp_path / "kb.yaml"
    kb.write_text(conv.to_yaml(), encoding="utf-8")
    lex = tmp_path / "verbs.yaml"
    lex.write_text(vconv.to_yaml(), encoding="utf-8")
    assert yaml.safe_load(lex.read_text("utf-8"))["lang"] == "en"
    coder = Coder((kb,), lexicon_files=(lex,))
    events = coder.code("Valdoria parleyed with Rivenholm on Monday.", lang="en").to_dict()["events"]
    assert [(e["cameo"], e["actor"][0]["code"], e["recipient"][0]["code"]) for e in events] == [("040", "VLD", "RVH")]
    events = coder.code("Valdoria parleyed about ripe plums with Rivenholm.", lang="en").to_dict()["events"]
    assert events[0]["cameo"] == "061"


def test_a_verb_then_a_word_after_a_space_is_the_verb_with_that_object(conv: Conversion, tmp_path: Path) -> None:
    verbs = tmp_path / "v.verbs"
    verbs.write_text("--- FIRE  [071]  ---\nFIRE\n- * ARTILLERY  [194]\n- * AT_ONCE  [190]\n", encoding="utf-8")
    vc = convert_petrarch_verbs(verbs)
    shell = _entry(vc, "fire: * artillery")
    assert shell["objects"] == ["artillery"] and shell["cameo"] == "194" and "fired" in shell["forms"]
    assert "phrases" in _entry(vc, "fire: * at once")  # two words: phrases
    (kb := tmp_path / "kb.yaml").write_text(conv.to_yaml(), encoding="utf-8")
    (lex := tmp_path / "verbs.yaml").write_text(vc.to_yaml(), encoding="utf-8")
    coder = Coder((kb,), lexicon_files=(lex,))
    got = coder.code("Valdoria fired two artillery shells at Rivenholm.", lang="en", published="2015-01-01")
    assert [e.cameo for e in got.events] == ["194"]  # words between the verb and its object
    got = coder.code("Valdoria fired the envoy of Rivenholm.", lang="en", published="2015-01-01")
    assert [e.cameo for e in got.events] == ["071"]  # no object: the verb's own code


def test_cli_import_petrarch_verbs(tmp_path: Path) -> None:
    runner = CliRunner()
    lex = tmp_path / "verbs.yaml"
    res = runner.invoke(app, ["kb", "import-petrarch", "--verbs", str(VERBS), "--lexicon-out", str(lex)])
    assert res.exit_code == 1  # three malformed lines
    assert f"PETR.Validate.verbs.txt:{_line('FOOBAR', VERBS)}: error" in res.output
    assert "dropped with no PLOVER type" in res.output
    assert "zorb off" in lex.read_text("utf-8")
    both = runner.invoke(app, ["kb", "import-petrarch", str(ACTORS), str(AGENTS), "--declare-countries", "-o",
                               str(tmp_path / "kb.yaml"), "--verbs", str(VERBS), "--lexicon-out", str(lex)])
    assert both.exit_code == 1 and (tmp_path / "kb.yaml").exists()
    assert runner.invoke(app, ["kb", "import-petrarch", "--verbs", str(VERBS)]).exit_code == 2
    assert runner.invoke(app, ["kb", "import-petrarch"]).exit_code == 2
