"""Document genre: report, opinion or interview, from the URL, byline, title and layout (marsad.coding.genre)."""

from __future__ import annotations

import pytest

from marsad.coding.genre import _load, classify
from marsad.errors import DataError
from marsad.pipeline import default_coder

BODY = "أعلنت الحكومة اليوم عن خطة جديدة للتعاون مع الدول المجاورة.\n\nوقال الوزير إن الخطة تبدأ الشهر المقبل."


def test_a_plain_text_is_a_report_with_no_cue() -> None:
    g = classify(BODY, "ar")
    assert (g.value, g.cues) == ("report", ())


@pytest.mark.parametrize("url", ["https://example.com/opinion/2015/07/a-long-title-slug",
                                 "https://www.example.co.uk/commentisfree/2015/jul/14/some-slug",
                                 "https://exemple.fr/idees/un-titre-de-tribune",
                                 "http://example.net/مقالات/عنوان-المقال"])
def test_an_opinion_section_in_the_url(url: str) -> None:
    g = classify(BODY, "ar", url=url)
    assert g.value == "opinion" and g.cues[0].startswith("url section: ")


def test_a_section_word_only_as_the_title_slug_is_no_section() -> None:
    assert classify(BODY, "en", url="https://example.com/news/opinion").value == "report"


def test_an_author_segment_before_the_title_slug_is_a_column() -> None:
    url = "http://example.com/home/article/411136/سمير-عطا-الله/رحالة-الصيف"
    g = classify(BODY, "ar", url=url)
    assert g.value == "opinion" and g.cues == ("url author: سمير عطا الله",)
    titled = classify(BODY, "ar", url="http://example.com/a/1/د-محمد-الفلاني/عنوان")
    assert titled.value == "opinion"


def test_a_few_words_between_the_article_id_and_the_title_slug_are_its_author() -> None:
    # a name the given-name list does not know (a foreign writer, a rare given name) is still the byline
    url = "http://example.com/home/article/421911/زيغمونت-كوفالسكي/عنوان-المقال"
    g = classify(BODY, "ar", url=url)
    assert g.value == "opinion" and g.cues == ("url author: زيغمونت كوفالسكي",)
    # not before an id, not a long slug, and not a segment with digits
    assert classify(BODY, "ar", url="http://example.com/news/world-affairs/عنوان-المقال").value == "report"
    assert classify(BODY, "ar", url="http://example.com/a/12/عنوان-طويل-من-ست-كلمات-هنا/قصة").value == "report"
    assert classify(BODY, "ar", url="http://example.com/a/12/2015-08/قصة").value == "report"


def test_a_news_slug_with_a_name_in_it_is_no_author_segment() -> None:
    url = "http://example.com/home/article/410801/الرئيس-هادي-يعين-نايف-البكري-محافظا-لعدن"
    assert classify(BODY, "ar", url=url).value == "report"
    assert classify(BODY, "en", url="https://example.com/world/middle-east/story-slug").value == "report"


def test_a_dateline_in_the_byline_outweighs_an_author_segment_but_not_a_section() -> None:
    url = "http://example.com/home/article/1/سمير-عطا-الله/عنوان"
    g = classify(BODY, "ar", url=url, byline="لندن: سمير عطا الله")
    assert g.value == "report" and g.cues == ("byline dateline: لندن",)
    assert classify(BODY, "en", url="https://example.com/opinion/x/slug", byline="London: A. Writer").value == \
        "opinion"
    assert classify(BODY, "ar", byline="سمير عطا الله").cues == ()  # a bare name is no dateline


def test_a_question_and_answer_layout_is_an_interview() -> None:
    qa = "\n".join(["قال الرئيس السابق إن الأزمة طويلة."] + [f"ما رأيك في المسألة رقم {i}؟\nالجواب طويل هنا." for i in
                                                             range(4)])
    g = classify(qa, "ar")
    assert g.value == "interview" and g.cues == ("questions: 4 of 9 paragraphs",)
    two = "\n".join(["خبر."] + ["سؤال؟\nجواب." for _ in range(2)])
    assert classify(two, "ar").value == "report"  # two questions are no interview
    long_q = "\n".join(["خبر."] + ["هل " + "كلمة " * 120 + "؟\nجواب." for _ in range(4)])
    assert classify(long_q, "ar").value == "report"  # a long paragraph ending in ? is no interview question


@pytest.mark.parametrize(("lang", "title"), [("ar", "حوار: الوزير يتحدث عن الأزمة"),
                                             ("ar", "الوزير في حوار مع الصحيفة: لا حل قريبا"),
                                             ("en", "Interview: the minister on the crisis"),
                                             ("fr", "Entretien avec le ministre")])
def test_a_title_that_announces_an_interview(lang: str, title: str) -> None:
    assert classify(BODY, lang, title=title).value == "interview"


def test_statements_given_to_the_outlet_stay_a_report() -> None:
    assert classify(BODY, "ar", title='التحالف لـ " الوطن " : عدن آمنة').value == "report"
    assert classify(BODY, "en", title="Minister tells Reuters the talks will go on").value == "report"


def test_the_coder_carries_genre_and_byline_on_the_document() -> None:
    text = "التقى وزير الخارجية الروسي نظيره المصري في القاهرة أمس."
    cd = default_coder().code(text, published="2015-07-20", url="https://example.com/opinion/a/slug", byline="فلان")
    d = cd.to_dict()["document"]
    assert (d["genre"], d["genre_cues"], d["byline"]) == ("opinion", ["url section: opinion"], "فلان")
    plain = default_coder().code(text, published="2015-07-20")
    assert plain.document.genre == "report"
    assert cd.events and [e.to_dict() for e in cd.events] == [e.to_dict() for e in plain.events]  # coding unchanged


def test_malformed_rules_list_every_problem() -> None:
    with pytest.raises(DataError) as exc:
        _load({"url_sections": {"essay": ["x"]}, "titles": {"ar": ["("]}, "questions": {"min_paragraphs": "x"},
               "name_titles": "د", "author_after_id": {"min_words": 4, "max_words": 2}}, "genre.yaml")
    text = "\n".join(exc.value.problems)
    assert "url_sections.essay" in text and "titles.ar" in text and "questions" in text and "name_titles" in text
    assert "author_after_id" in text
