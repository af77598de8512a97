"""Every actor has a country, and says how it got it (``how`` on the actor; ``kb/countries.py``).

Sentences written for these tests (invented people and events).
"""

from __future__ import annotations

from typing import Any

import pytest

from marsad.model import Actor, stated
from marsad.pipeline import Coder


@pytest.fixture(scope="module")
def coder() -> Coder:
    return Coder()


def events(coder: Coder, text: str, lang: str = "ar") -> list[dict[str, Any]]:
    return [e.to_dict() for e in coder.code(text, published="2024-05-01", lang=lang).events]


def side(e: dict[str, Any], key: str) -> set[tuple[str, str | None]]:
    return {(a["code"], a["how"]) for a in e[key]}


def test_generic_actors_take_the_passage_country(coder: Coder) -> None:
    evs = events(coder, "تشهد بوليفيا أزمة سياسية حادة. واعتقلت الشرطة عشرات المتظاهرين أمس.")
    arrest = next(e for e in evs if e["event"] == "COERCE")
    assert side(arrest, "actor") == {("BOLCOP", "passage")}
    assert {a["country"] for a in arrest["recipient"]} == {"BOL"}


def test_a_country_adjective_says_adjective(coder: Coder) -> None:
    evs = events(coder, "اعتقلت الشرطة البوليفية ثلاثة صحافيين أمس.")
    arrest = next(e for e in evs if e["event"] == "COERCE")
    assert side(arrest, "actor") == {("BOLCOP", "adjective")}


@pytest.mark.parametrize(("text", "code", "how"), [
    ("استقبل الرئيس المصري أمس كارلوس منديث، وزير الدفاع البيروفي.", "PERGOV", "apposition"),
    ("التقى مبعوث الأمم المتحدة إلى ليبيا سامي الوردي بالرئيس المصري أمس.", "IGO", None),
])
def test_persons_outside_the_kb_take_their_post(coder: Coder, text: str, code: str, how: str | None) -> None:
    mentions = coder.code(text, published="2024-05-01", lang="ar").mentions
    people = [m for m in mentions if m.entity.id.startswith("person:")]
    assert people and all(m.entity.code == code and m.entity.country_how == how for m in people)


def test_an_unnamed_target_is_implied_and_marked(coder: Coder) -> None:
    evs = events(coder, "قصف الجيش البوليفي مواقع في مدينة سوكري أمس.")
    attack = next(e for e in evs if e["event"] == "ASSAULT")
    assert {a["country"] for a in attack["recipient"]} == {"BOL"}
    assert all(a["how"] and a["how"].startswith("implied") for a in attack["recipient"])


def test_the_stated_view_drops_what_the_text_does_not_say() -> None:
    implied = Actor("BOL", "Bolivia", None, "BOL", None, "state", how="implied-passage")
    police = Actor("BOL-police", "Bolivia police", None, "BOL", "COP", "organisation", how="passage")
    named = Actor("BOL", "Bolivia", None, "BOL", None, "state")
    out = stated((implied, police, named))
    assert [(a.country, a.sector) for a in out] == [(None, "COP"), ("BOL", None)]
    assert named.country_how == "kb" and Actor("x", "x", None, None, "IGO", "organisation").country_how is None


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "The UN envoy to Libya, Sami Wardi, met the Egyptian foreign minister in Cairo."),
    ("fr", "L'envoyé de l'ONU pour la Libye, Sami Wardi, a rencontré le ministre égyptien."),
])
def test_an_un_post_before_a_comma_makes_the_person_igo(coder: Coder, lang: str, text: str) -> None:
    people = [m for m in coder.code(text, published="2024-05-01", lang=lang).mentions
              if m.entity.id.startswith("person:")]
    assert people and all(m.entity.sector == "IGO" and m.entity.country is None for m in people)


def test_french_un_is_no_united_nations(coder: Coder) -> None:
    mentions = coder.code("Un soldat a été blessé à Gao.", published="2024-05-01", lang="fr").mentions
    assert all(m.entity.sector != "IGO" for m in mentions)


def test_a_bare_role_is_the_same_role_named_before(coder: Coder) -> None:
    evs = events(coder, "The Peruvian ambassador to Bolivia spoke on Monday. The ambassador warned Bolivia "
                        "against new moves.", "en")
    warn = next(e for e in evs if e["event"] == "THREATEN")
    assert {a["country"] for a in warn["actor"]} == {"PER"}


def test_a_shorter_form_of_a_name_is_the_same_person(coder: Coder) -> None:
    text = ("The UN envoy to Libya, Karim Ould Sidi Salem, met officials in Cairo. Ould Sidi Salem later "
            "visited Tunisia.")
    mentions = coder.code(text, published="2024-05-01", lang="en").mentions
    short = [m for m in mentions if m.text == "Ould Sidi Salem"]
    assert short and short[0].entity.sector == "IGO"


def test_unnamed_parties_keep_their_sector_in_the_stated_view(coder: Coder) -> None:
    """Unnamed protesters are civilians, unnamed attackers unidentified armed forces (UAF): the stated view
    (what the text says) keeps the sector and drops the inferred country."""
    evs = coder.code("تظاهر آلاف في العاصمة البوليفية أمس.", published="2024-05-01", lang="ar").events
    protest = next(e for e in evs if e.event == "PROTEST")
    assert [(a.country, a.sector, a.how) for a in protest.actor] == [("BOL", "CVL", "implied-place")]
    assert [(a.country, a.sector) for a in stated(protest.actor)] == [(None, "CVL")]
    evs = coder.code("قتل خمسة أشخاص في انفجار عبوة ناسفة في لاباز أمس.", published="2024-05-01", lang="ar").events
    assert any(a.sector == "UAF" for e in evs if e.event == "ASSAULT" for a in e.actor)


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "Bolivian troops killed three ethnic Peruvians in the town of Sucre, Bolivia, on Monday."),
    ("fr", "Des soldats boliviens ont tué trois civils d'origine péruvienne dans la ville de Sucre, en Bolivie."),
])
def test_an_ethnic_group_has_the_country_it_lives_in(coder: Coder, lang: str, text: str) -> None:
    """CAMEO codes ethnic Peruvians in Bolivia as Bolivian: the nationality after "ethnic" is descent."""
    attack = next(e for e in events(coder, text, lang) if e["event"] == "ASSAULT")
    assert {a["country"] for a in attack["recipient"]} == {"BOL"}
    assert all(a["how"] in ("place", "passage") for a in attack["recipient"])
    plain = text.replace("ethnic ", "").replace(" d'origine péruvienne", " péruviens")
    attack = next(e for e in events(coder, plain, lang) if e["event"] == "ASSAULT")
    assert {a["country"] for a in attack["recipient"]} == {"PER"}  # without the marker: Peruvians


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "The Bolivian president met his Peruvian counterpart Karl Mendez in La Paz."),
    ("ar", "التقى الرئيس البوليفي نظيره البيروفي كارل منديث في لاباز."),
    ("fr", "Le président bolivien a reçu son homologue péruvien Karl Mendez à La Paz."),
])
def test_a_counterpart_is_an_official_of_the_adjectives_state(coder: Coder, lang: str, text: str) -> None:
    """نظيره البيروفي, his Peruvian counterpart: a Peruvian official (GOV), and the person named with it too."""
    meeting = next(e for e in events(coder, text, lang) if e["event"] == "CONSULT")
    assert {a["country"] for a in meeting["recipient"]} == {"PER"}
    assert {a["code"] for a in meeting["recipient"]} <= {"PERGOV"}
