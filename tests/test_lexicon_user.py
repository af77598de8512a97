"""User lexicons: a file in the docs/LEXICON_FORMAT.md format with a top-level ``lang:`` whose triggers
are added to the built-in lexicon of that language (``Coder(lexicon_files=...)``, ``marsad code --lexicon``).

Every verb here is invented (zibble, quorf), so only the user file can code it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from marsad.cli import app
from marsad.coding.lexicon import get_lexicon, load_lexicon, user_lexicon_lang
from marsad.errors import DataError
from marsad.pipeline import Coder

USER = """\
lang: en
triggers:
  - lemma: zibble
    event: CONSULT
    mode: negotiate
    cameo: "046"
    verbs: [zibble]
    forms: [zabble]
  - lemma: quorf
    event: AID
    mode: null
    cameo: "070"
    phrases: [quorfed the grain]
  - lemma: visit (user)
    event: CONSULT
    mode: host
    cameo: "043"
    verbs: [visit]
"""


@pytest.fixture(scope="module")
def user_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("lex") / "user.yaml"
    path.write_text(USER, encoding="utf-8")
    return path


def _events(coder: Coder, text: str) -> list[tuple[str, str, str]]:
    out = []
    for e in coder.code(text, published="2025-07-10", lang="en").to_dict()["events"]:
        out.append((e["cameo"], "+".join(a["code"] for a in e["actor"]), "+".join(a["code"] for a in e["recipient"])))
    return out


def test_user_triggers_are_added(user_file: Path) -> None:
    base = load_lexicon("en")
    lex = load_lexicon("en", extra=(user_file,))
    assert len(lex.triggers) == len(base.triggers) + 3
    assert {t.lemma for t in base.triggers} <= {t.lemma for t in lex.triggers}
    assert user_lexicon_lang(user_file) == "en"


def test_coder_codes_user_verbs_forms_and_phrases(user_file: Path) -> None:
    coder = Coder(lexicon_files=(user_file,))
    assert ("046", "FRA", "DEU") in _events(coder, "France zibbled with Germany on Monday.")
    assert ("046", "FRA", "DEU") in _events(coder, "France zabble with Germany on Monday.")  # an irregular form
    assert ("070", "FRA", "MLI") in _events(coder, "France quorfed the grain to Mali on Monday.")
    assert not [e for e in _events(Coder(), "France zibbled with Germany on Monday.") if e[0] == "046"]


def test_user_trigger_comes_before_a_builtin_one_for_the_same_form(user_file: Path) -> None:
    text = "France visited Germany on Monday."
    builtin = {e[0] for e in _events(Coder(), text)}
    assert "043" not in builtin
    assert "043" in {e[0] for e in _events(Coder(lexicon_files=(user_file,)), text)}


def test_builtin_lexicon_unchanged_and_cached_per_file_set(user_file: Path) -> None:
    assert get_lexicon("en") is get_lexicon("en", ())
    assert get_lexicon("en", (user_file,)) is get_lexicon("en", (user_file,))
    assert get_lexicon("en", (user_file,)) is not get_lexicon("en")
    assert load_lexicon("en").forms == get_lexicon("en").forms
    assert Coder(lexicon_files=(user_file,)).lexicon("fr") is get_lexicon("fr")  # an en file leaves fr alone


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("""\
lang: en
cues: {}
triggers:
  - lemma: blorp
    event: NOT_A_TYPE
    cameo: "046"
  - lemma: snarf
    event: CONSULT
    mode: not-a-mode
    cameo: "999"
  - lemma: glimp
    event: CONSULT
    cameo: "040"
    verb: [glimp]
  - event: CONSULT
    cameo: "040"
    verbs: [3]
""", encoding="utf-8")
    with pytest.raises(DataError) as exc:
        load_lexicon("en", extra=(bad,))
    text = "\n".join(exc.value.problems)
    assert len(exc.value.problems) >= 7, text
    for needle in ("unknown top-level key 'cues'", "NOT_A_TYPE", "not-a-mode", "CAMEO '999'", "'lemma' is required",
                   "'verbs' must be a list", "(glimp): unknown key 'verb'"):
        assert needle in text, needle
    assert all(str(bad) in p for p in exc.value.problems)


def test_lang_is_required_and_must_match(tmp_path: Path, user_file: Path) -> None:
    nolang = tmp_path / "nolang.yaml"
    nolang.write_text("triggers: []\n", encoding="utf-8")
    with pytest.raises(DataError, match="top-level 'lang:'"):
        Coder(lexicon_files=(nolang,))
    with pytest.raises(DataError, match="given for the 'fr' lexicon"):
        load_lexicon("fr", extra=(user_file,))


def test_cli_code_with_lexicon(user_file: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    ok = runner.invoke(app, ["code", "-", "--lang", "en", "--lexicon", str(user_file)],
                       input="France zibbled with Germany on Monday.")
    assert ok.exit_code == 0, ok.output
    assert '"cameo": "046"' in ok.stdout
    bad = tmp_path / "bad.yaml"
    bad.write_text("lang: en\ntriggers:\n  - lemma: x\n    event: NOPE\n    cameo: '040'\n", encoding="utf-8")
    res = runner.invoke(app, ["code", "-", "--lang", "en", "--lexicon", str(bad)], input="France met Germany.")
    assert res.exit_code == 1
    assert "NOPE" in res.output and "bad.yaml" in res.output
