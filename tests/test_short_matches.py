"""Short lexicon keys are matched per word, alone or after proclitics, and what a word gives is remembered
per table without mixing tables up."""

from __future__ import annotations

from marsad.text.matching import _short_matches


def test_whole_words_and_proclitic_words_are_found_the_same_way_twice() -> None:
    table = {"من": ("from",), "a": ("article",)}
    text = "خرج من البيت وبمن a cat and"
    first = _short_matches(table, text)
    assert [(text[s:e], p) for s, e, p in first] == [("من", ("from",)), ("من", ("from",)), ("a", ("article",))]
    assert text[first[1][0] - 2:first[1][0]] == "وب"  # the proclitics stay outside the match
    assert _short_matches(table, text) == first  # from the remembered forms now


def test_each_table_answers_for_itself() -> None:
    one, two = {"قد": (1,)}, {"قد": (2,)}
    assert _short_matches(one, "قد ذهب") == [(0, 2, (1,))]
    assert _short_matches(two, "قد ذهب") == [(0, 2, (2,))]
    assert _short_matches({}, "قد ذهب") == []
