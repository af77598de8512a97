"""Converting PETRARCH actor/agent dictionaries into a Marsad user KB (``marsad kb import-petrarch``).

The fixture dictionaries (``tests/fixtures/eval/petrarch-validation``) are invented and hold
one example of each construct: synonyms, dated codes, null code, agents with plurals and
substitution markers, and malformed codes that must be reported with their line.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from marsad.cli import app
from marsad.kb.base import load_kb
from marsad.kb.petrarch import Conversion, convert_petrarch, parse_code, phrase_text

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
