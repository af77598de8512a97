"""Language identification per document: ar / en / fr, mixed documents flagged, others refused."""

from __future__ import annotations

import pytest

from marsad.errors import InputError
from marsad.text.langid import identify

AR = "وقع الرئيس المالي اتفاقا مع روسيا في موسكو، وقال إن التعاون العسكري سيتعزز."
EN = "The president of Mali signed an agreement with Russia in Moscow, and said that military ties would grow."
FR = "Le président du Mali a signé un accord avec la Russie à Moscou et a dit que la coopération va croître."


@pytest.mark.parametrize(("text", "lang"), [(AR, "ar"), (EN, "en"), (FR, "fr")])
def test_identifies_the_three_languages(text: str, lang: str) -> None:
    assert identify(text) == (lang, False)


def test_reference_article_is_arabic(demo_text: str) -> None:
    assert identify(demo_text) == ("ar", False)


def test_french_without_accents_is_french() -> None:
    assert identify("Le ministre de la defense est arrive a Bamako pour une visite de deux jours.")[0] == "fr"


def test_arabic_with_a_short_latin_name_is_not_mixed() -> None:
    assert identify("قالت وكالة AFP إن الوفد المالي وصل إلى موسكو صباح الاثنين.") == ("ar", False)


def test_arabic_with_a_long_english_quote_is_mixed() -> None:
    text = AR + " " + AR + " " + EN
    assert identify(text) == ("ar", True)


def test_english_with_a_long_arabic_passage_is_mixed() -> None:
    assert identify(EN + " " + AR) == ("en", True)


def test_english_with_an_arabic_name_is_not_mixed() -> None:
    assert identify(EN + " " + EN + " (غويتا)") == ("en", False)


@pytest.mark.parametrize(
    "text",
    [
        "Президент Мали подписал соглашение с Россией в Москве в понедельник.",
        "马里总统星期一在莫斯科与俄罗斯签署了一项协议。",
        "Ο πρόεδρος του Μάλι υπέγραψε συμφωνία με τη Ρωσία.",
    ],
    ids=["russian", "chinese", "greek"],
)
def test_other_scripts_are_unknown_language(text: str) -> None:
    with pytest.raises(InputError) as info:
        identify(text, "doc.txt")
    assert info.value.reason == "unknown-language"
    assert "doc.txt" in str(info.value)


def test_latin_text_in_another_language_is_unknown() -> None:
    with pytest.raises(InputError) as info:
        identify("Rais wa Mali alitia saini makubaliano na Urusi huko Moscow siku ya Jumatatu.")
    assert info.value.reason == "unknown-language"


def test_a_given_language_takes_latin_text_without_function_words() -> None:
    """A headline-like English sentence has no function word; with --lang en it is coded, not refused (another
    script still is)."""
    from marsad.pipeline import Coder

    text = "Peru's President Karl Mendez today rejected Bolivian President Luis Arce's proposal, Lima radio reported."
    with pytest.raises(InputError):
        identify(text)
    assert identify(text, strict=False) == ("en", False)
    assert [e.event for e in Coder(detector=False).code(text, lang="en").events] == ["REJECT"]
    with pytest.raises(InputError):
        identify("马里总统星期一在莫斯科与俄罗斯签署了一项协议。", strict=False)


@pytest.mark.parametrize("text", ["2021 - 2025 !!", "... ؟؟ 12", "\u200f\u200e"])
def test_no_letters_is_unknown_language(text: str) -> None:
    with pytest.raises(InputError) as info:
        identify(text)
    assert info.value.reason == "unknown-language"
