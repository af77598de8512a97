"""Malformed knowledge-base YAML: every problem reported at once, each naming file, entry and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from marsad.errors import DataError
from marsad.kb.loader import load_entries

STATES = """\
states:
  - id: MLI
    names: {ar: [مالي], en: [Mali], fr: [Mali]}
  - id: RUS
    names: {ar: [روسيا], en: [Russia], fr: [Russie]}
"""

GOOD = STATES + """\
people:
  - id: amadou-sow
    names: {ar: [أمادو سو], en: [Amadou Sow]}
    roles:
      - {country: MLI, sector: GOV, title: minister, start: 2022-03-01, end: 2024-06}
organisations:
  - id: sahel-watch
    type: organisation
    names: {en: [Sahel Watch]}
    country: MLI
    sector: NGO
roles:
  - id: envoy
    sector: GOV
    names: {ar: [مبعوث], en: [envoy], fr: [envoyé]}
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _problems(*paths: Path) -> list[str]:
    with pytest.raises(DataError) as info:
        load_entries(list(paths))
    problems = info.value.problems
    assert problems
    assert all(str(p) in str(info.value) for p in problems)
    return problems


def _one(problems: list[str], *needles: str) -> str:
    hits = [p for p in problems if all(n in p for n in needles)]
    assert len(hits) == 1, (needles, problems)
    return hits[0]


def test_a_good_file_loads(tmp_path: Path) -> None:
    out = load_entries([_write(tmp_path, "good.yaml", GOOD)])
    assert out["people"]["amadou-sow"].roles[0].start == "2022-03-01"
    assert out["people"]["amadou-sow"].roles[0].end == "2024-06"
    assert out["organisations"]["sahel-watch"].sector == "NGO"


def test_bad_iso3(tmp_path: Path) -> None:
    path = _write(tmp_path, "iso.yaml", STATES + """\
  - id: Mali
    names: {en: [Mali again]}
organisations:
  - id: bamako-club
    type: group
    names: {en: [Bamako Club]}
    country: ml
    sector: CVL
""")
    problems = _problems(path)
    _one(problems, "iso.yaml", "states[2]", "'id'", "'Mali'")
    _one(problems, "iso.yaml", "organisations[0] (bamako-club)", "'country'", "'ml'")


def test_bad_sector(tmp_path: Path) -> None:
    path = _write(tmp_path, "sector.yaml", STATES + """\
organisations:
  - id: desert-guard
    type: group
    names: {en: [Desert Guard]}
    country: MLI
    sector: ARMY
  - id: river-guard
    type: group
    names: {en: [River Guard]}
    country: MLI
    sector: [MIL]
""")
    problems = _problems(path)
    msg = _one(problems, "sector.yaml", "organisations[0] (desert-guard)", "'sector'", "'ARMY'")
    assert "GOV" in msg and "MIL" in msg  # says what is allowed
    _one(problems, "sector.yaml", "organisations[1] (river-guard)", "'sector'")


@pytest.mark.parametrize("bad", ["2021-13-01", '"2021-02-30"', "24/05/2021", '"last year"', "2021-5-1"])
def test_bad_date(tmp_path: Path, bad: str) -> None:
    path = _write(tmp_path, "dates.yaml", STATES + f"""\
people:
  - id: amadou-sow
    names: {{en: [Amadou Sow]}}
    roles:
      - {{country: MLI, sector: GOV, title: minister, start: {bad}}}
""")
    problems = _problems(path)
    _one(problems, "dates.yaml", "people[0] (amadou-sow)", "roles[0]", "'start'")


def test_missing_names(tmp_path: Path) -> None:
    path = _write(tmp_path, "names.yaml", STATES + """\
roles:
  - id: envoy
    sector: GOV
  - id: consul
    sector: GOV
    names: {ar: [], en: []}
""")
    problems = _problems(path)
    _one(problems, "names.yaml", "roles[0] (envoy)", "'names'")
    _one(problems, "names.yaml", "roles[1] (consul)", "'names'")


def test_duplicate_id_in_one_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "dup.yaml", STATES + """\
roles:
  - id: envoy
    sector: GOV
    names: {en: [envoy]}
  - id: envoy
    sector: MIL
    names: {en: [special envoy]}
""")
    problems = _problems(path)
    _one(problems, "dup.yaml", "roles[1] (envoy)", "duplicate id 'envoy'")


def test_same_id_in_two_sections(tmp_path: Path) -> None:
    path = _write(tmp_path, "clash.yaml", GOOD + """\
  - id: sahel-watch
    sector: GOV
    names: {en: [watcher]}
""")
    problems = _problems(path)
    _one(problems, "clash.yaml", "roles[1] (sahel-watch)", "'id'", "organisations[0] (sahel-watch)")


def test_presentation_form_letters(tmp_path: Path) -> None:
    path = _write(tmp_path, "forms.yaml", STATES + """\
roles:
  - id: minister
    sector: GOV
    names: {ar: [وزير, "\ufeee\ufeaf\ufef3\ufead"]}
""")
    problems = _problems(path)
    _one(problems, "forms.yaml", "roles[0] (minister)", "'names.ar'", "presentation-form")


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("- just\n- a list\n", "top level must be a mapping"),
        ("states: {id: MLI}\n", "must be a list of entries"),
        ("states:\n  - just a string\n", "an entry must be a mapping"),
        ("roles:\n  - id: envoy\n    sector: GOV\n    names: [envoy]\n", "'names' must be a mapping"),
        ("leaders:\n  - id: x\n", "unknown section 'leaders'"),
        ("states: [\n", "not valid YAML"),
    ],
    ids=["top-list", "section-mapping", "entry-string", "names-list", "unknown-section", "syntax"],
)
def test_not_a_mapping_or_not_yaml(tmp_path: Path, text: str, needle: str) -> None:
    path = _write(tmp_path, "shape.yaml", text)
    problems = _problems(path)
    _one(problems, "shape.yaml", needle)


def test_unreadable_files(tmp_path: Path) -> None:
    folder = tmp_path / "folder.yaml"
    folder.mkdir()
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("roles:\n  - id: envoy\n    names: {fr: [envoyé]}\n".encode("latin-1"))
    problems = _problems(folder, latin, tmp_path / "missing.yaml")
    _one(problems, "folder.yaml", "cannot be read")
    _one(problems, "latin.yaml", "not valid YAML")
    _one(problems, "missing.yaml", "file not found")


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    first = _write(tmp_path, "first.yaml", STATES + """\
  - id: mli
    names: {en: [Mali]}
people:
  - id: amadou-sow
    roles:
      - {country: RUSS, sector: BOSS, title: king, start: 2021-02-30}
  - id: amadou-sow
    names: {en: [Amadou Sow]}
    roles: []
""")
    second = _write(tmp_path, "second.yaml", """\
organisations:
  - id: Bad_Id
    type: club
    names: {en: [Club]}
  - id: river-guard
    type: group
    names: {ar: ["\ufe8d\ufedf\ufea4\ufead\ufe8e\ufeb3"]}
    country: XXX
    sector: MIL
    members: DZA
""")
    problems = _problems(first, second)
    expected = [
        ("first.yaml", "states[2]", "'id'"),
        ("first.yaml", "people[0] (amadou-sow)", "'names'"),
        ("first.yaml", "people[0] (amadou-sow)", "roles[0]", "'country'", "'RUSS'"),
        ("first.yaml", "people[0] (amadou-sow)", "roles[0]", "'sector'", "'BOSS'"),
        ("first.yaml", "people[0] (amadou-sow)", "roles[0]", "'title'", "'king'"),
        ("first.yaml", "people[0] (amadou-sow)", "roles[0]", "'start'", "2021-02-30"),
        ("first.yaml", "people[1] (amadou-sow)", "'roles'"),
        ("second.yaml", "organisations[0]", "'id'", "Bad_Id"),
        ("second.yaml", "organisations[1] (river-guard)", "presentation-form"),
        ("second.yaml", "organisations[1] (river-guard)", "'country'", "'XXX'"),
        ("second.yaml", "organisations[1] (river-guard)", "'members'"),
    ]
    for needles in expected:
        _one(problems, *needles)
    assert len(problems) >= len(expected)
