"""Sentence splitting: the reference article, Arabic punctuation, abbreviations, quotes, titles."""

from __future__ import annotations

import pytest

from marsad.model import Sentence
from marsad.text.sentences import split_sentences


def _texts(text: str, lang: str) -> list[str]:
    return [text[s.start:s.end] for s in split_sentences(text, lang)]


def _check_spans(text: str, sentences: list[Sentence]) -> None:
    last = 0
    for i, s in enumerate(sentences):
        assert s.index == i
        assert last <= s.start < s.end <= len(text)
        piece = text[s.start:s.end]
        assert piece == piece.strip()
        assert "\n" not in piece
        last = s.end


# --- the reference article ---------------------------------------------------------------------------------

def test_reference_article_has_16_sentences(demo_text: str) -> None:
    sentences = split_sentences(demo_text, "ar")
    _check_spans(demo_text, sentences)
    assert len(sentences) == 16


def test_reference_article_title_keeps_its_double_dot(demo_text: str) -> None:
    first = split_sentences(demo_text, "ar")[0]
    title = demo_text[first.start:first.end]
    assert first.is_title
    assert title.startswith("أسلحة “سرية ومغيرة للتوازن”.. مالي تكشف")
    assert title.endswith("إلى الجزائر!")
    assert demo_text.index("\n") == first.end


def test_reference_article_boundaries(demo_text: str) -> None:
    texts = _texts(demo_text, "ar")
    assert texts[1].startswith("كشف الجنرال آسيمي غويتا،")
    assert texts[1].endswith("إن تم الكشف عنها.")
    # two sentences of one paragraph, split after "والجزائر."
    assert texts[6].endswith("بين باماكو والجزائر.")
    assert texts[7].startswith("ويرى مراقبون")
    # a quotation with an Arabic comma after it does not end the sentence
    assert "“مالي أصبحت تمتلك تجهيزات لا يمكن حتى شراؤها بالمال”، في إشارة" in texts[3]
    assert texts[15].startswith("في المحصلة، فإن زيارة")
    assert texts[15].endswith("مع روسيا.")


def test_reference_article_headings(demo_text: str) -> None:
    sentences = split_sentences(demo_text, "ar")
    headings = [s.index for s in sentences if s.is_heading]
    # the heading in quotes (من “فاغنر” إلى “الفيلق الإفريقي”) is a heading too
    assert headings == [2, 5, 8, 11, 13]
    assert [s.index for s in sentences if s.is_title] == [0]


# --- Arabic --------------------------------------------------------------------------------------------------

def test_arabic_comma_and_semicolon_do_not_split() -> None:
    text = "قال الوزير، في مؤتمر صحفي؛ إن الاتفاق جاهز للتوقيع."
    assert _texts(text, "ar") == [text]


def test_arabic_question_exclamation_and_period_split() -> None:
    text = "وصل الوفد إلى العاصمة. هل سيوقع الطرفان؟ نعم! ثم غادر الوفد."
    assert _texts(text, "ar") == ["وصل الوفد إلى العاصمة.", "هل سيوقع الطرفان؟", "نعم!", "ثم غادر الوفد."]


def test_arabic_quotes_after_period_stay_in_the_sentence() -> None:
    text = "وأضاف: «سنوقع الاتفاق غدًا.» ثم غادر. وقالت الوزيرة: “لن نتراجع.” وانتهى اللقاء."
    assert _texts(text, "ar") == [
        "وأضاف: «سنوقع الاتفاق غدًا.»",
        "ثم غادر.",
        "وقالت الوزيرة: “لن نتراجع.”",
        "وانتهى اللقاء.",
    ]


def test_arabic_abbreviation_does_not_split() -> None:
    text = "التقى د. سالم بالوفد في الصباح. وانتهى الاجتماع ظهرًا."
    assert _texts(text, "ar") == ["التقى د. سالم بالوفد في الصباح.", "وانتهى الاجتماع ظهرًا."]


def test_arabic_ellipsis_is_not_a_boundary() -> None:
    text = "الوفد يصل.. والمحادثات تبدأ غدًا."
    assert _texts(text, "ar") == [text]


# --- English and French ------------------------------------------------------------------------------------

EN_PARAGRAPH = (
    "Dr. Amina Diallo met U.S. officials in Bamako on Monday. The talks lasted three hours! "
    "Did they agree? An aide said: \"We will sign next week.\" Gen. J. K. Sow did not attend. "
    "The banner read „Peace now.“ Nobody objected."
)


def test_english_paragraph() -> None:
    assert _texts(EN_PARAGRAPH, "en") == [
        "Dr. Amina Diallo met U.S. officials in Bamako on Monday.",
        "The talks lasted three hours!",
        "Did they agree?",
        "An aide said: \"We will sign next week.\"",
        "Gen. J. K. Sow did not attend.",
        "The banner read „Peace now.“",
        "Nobody objected.",
    ]


FR_PARAGRAPH = (
    "M. Dupont a rencontré le ministre à Alger. « Nous signerons demain. » Le ministre a ajouté : "
    "« Rien n’est décidé. » Mme Keïta n’a pas commenté ! Le Dr Sy, lui, a parlé d’un “accord historique.” "
    "La réunion s’est terminée à midi."
)


def test_french_paragraph() -> None:
    assert _texts(FR_PARAGRAPH, "fr") == [
        "M. Dupont a rencontré le ministre à Alger.",
        "« Nous signerons demain. »",
        "Le ministre a ajouté : « Rien n’est décidé. »",
        "Mme Keïta n’a pas commenté !",
        "Le Dr Sy, lui, a parlé d’un “accord historique.”",
        "La réunion s’est terminée à midi.",
    ]


def test_french_closing_guillemet_after_a_narrow_space() -> None:
    text = "Il a dit : « C’est fini.\u202f» Puis il est parti."
    assert _texts(text, "fr") == ["Il a dit : « C’est fini.\u202f»", "Puis il est parti."]


# --- titles, headings, paragraphs ---------------------------------------------------------------------------

def test_title_line_and_paragraphs() -> None:
    text = "Mali and Russia sign arms deal\n\nMali signed a deal on Monday. Russia agreed.\n\nAlgeria protested.\n"
    sentences = split_sentences(text, "en")
    assert [text[s.start:s.end] for s in sentences] == [
        "Mali and Russia sign arms deal",
        "Mali signed a deal on Monday.",
        "Russia agreed.",
        "Algeria protested.",
    ]
    assert [s.is_title for s in sentences] == [True, False, False, False]


def test_first_line_of_several_sentences_is_not_a_title() -> None:
    text = "Mali signed a deal on Monday. Russia agreed.\nAlgeria protested."
    sentences = split_sentences(text, "en")
    assert len(sentences) == 3
    assert not any(s.is_title for s in sentences)


def test_headline_question_is_a_title() -> None:
    text = "Will Mali buy Russian arms?\nThe question was raised in Bamako."
    sentences = split_sentences(text, "en")
    assert [s.is_title for s in sentences] == [True, False]


def test_heading_between_paragraphs() -> None:
    text = "Mali signed a deal.\nA new partner\nRussia agreed to deliver arms."
    sentences = split_sentences(text, "en")
    assert [s.is_heading for s in sentences] == [False, True, False]


def test_windows_line_ends() -> None:
    text = "Title here\r\n\r\nFirst one. Second one.\r\n"
    assert _texts(text, "en") == ["Title here", "First one.", "Second one."]


@pytest.mark.parametrize("lang", ["ar", "en", "fr"])
def test_blank_text_has_no_sentences(lang: str) -> None:
    assert split_sentences("  \n\n \t\n", lang) == []


def test_word_with_a_final_diacritic_before_a_period_is_not_an_initial() -> None:
    text = "وقّع الطرفان اتفاقًا. وقال الوزير إنه سعيد."
    assert _texts(text, "ar") == ["وقّع الطرفان اتفاقًا.", "وقال الوزير إنه سعيد."]


def test_a_layout_mark_after_a_full_stop_still_ends_the_sentence() -> None:
    """Scraped pages leave marks such as '=' or '*' glued after a full stop; the next sentence starts after
    them (sentences written for this test)."""
    text = "وارتفعت أسعار الصرف في الأسواق.= وكان الوزير قد استقال أمس."
    parts = [text[s.start:s.end] for s in split_sentences(text, "ar")]
    assert parts == ["وارتفعت أسعار الصرف في الأسواق.=", "وكان الوزير قد استقال أمس."]
    text = "x = 5 in the table. The minister resigned."
    assert len(split_sentences(text, "en")) == 2
