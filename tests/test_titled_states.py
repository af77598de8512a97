"""A state's name right after a title takes the title's sector (PETRARCH dictionaries list leaders under
their state's code: ``ROMENDACIL [BRE]``), and only then."""

from __future__ import annotations

from marsad.kb.countries import titled_states
from marsad.model import Actor, Mention


def _state(code: str) -> Actor:
    return Actor(code, code, None, code, None, "state")


def _role(country: str | None, sector: str) -> Actor:
    return Actor(f"{country}-minister", "minister", None, country, sector, "role")


def _ments(text: str, *spans: tuple[str, Actor, str]) -> list[Mention]:
    out, at = [], 0
    for piece, actor, how in spans:
        s = text.index(piece, at)
        out.append(Mention(s, s + len(piece), piece, actor, how, 0))  # type: ignore[arg-type]
        at = s + len(piece)
    return out


def test_the_name_right_after_a_title_takes_its_sector() -> None:
    text = "Prime Minister Romendacil will meet Telemar."
    ms = _ments(text, ("Prime Minister", _role(None, "GOV"), "role"), ("Romendacil", _state("BRE"), "name"),
                ("Telemar", _state("DAG"), "name"))
    out = titled_states(ms, text)
    assert [(m.entity.country, m.entity.sector) for m in out] == [(None, "GOV"), ("BRE", "GOV"), ("DAG", None)]


def test_not_after_a_comma_nor_a_title_of_another_country() -> None:
    text = "the Arnor minister, Gondor and the Arnor minister Gondor"
    ms = _ments(text, ("Arnor minister", _role("ARN", "GOV"), "role"), ("Gondor", _state("GON"), "name"),
                ("Arnor minister", _role("ARN", "GOV"), "role"), ("Gondor", _state("GON"), "name"))
    assert titled_states(ms, text) == ms
