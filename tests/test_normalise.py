"""Normalisation for matching and its offset map back to the text as read.

The property tests build strings from every kind of character the normaliser
changes (Arabic marks and letter variants, digits, bidi and zero-width
controls, Latin accents and combining marks, presentation forms, ß) mixed with
plain letters, spaces and punctuation, and check that offsets always lead back.
"""

from __future__ import annotations

import itertools
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.text.normalise import NormalisedText, normalise, normalise_char, normalise_key
from marsad.text.tokens import iter_word_spans, tokenise

ARABIC_LETTERS = [chr(c) for c in range(0x0621, 0x063B)] + [chr(c) for c in range(0x0641, 0x064B)]
DIACRITICS = [chr(c) for c in range(0x064B, 0x0653)]
TATWEEL = ["\u0640"]
ALEF_HAMZA = ["أ", "إ", "آ", "ٱ", "ء", "ؤ", "ئ", "ى", "ة"]
ARABIC_DIGITS = [chr(c) for c in range(0x0660, 0x066A)] + [chr(c) for c in range(0x06F0, 0x06FA)]
CONTROLS = ["\u200e", "\u200f", "\u200b", "\u200c", "\u200d", "\ufeff"] + [
    chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))
]
LATIN = list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") + list("àâçéèêëîïôùûüÿœæÉÈÀÇÔÖñãß")
COMBINING = [chr(c) for c in range(0x0300, 0x0370)]
OTHER = [*" \t\n.,;:!?،؛؟«»“”„\"'-()0123456789", "\u00a0", "ẞ", "İ", "ﬁ"]


# the few characters that normalise to more than one token (ﷺ → 4 words, ︙ → '...')
SEVERAL_TOKENS = frozenset(chr(c) for c in range(0xFB50, 0xFEFD) if len(tokenise(normalise(chr(c)))) > 1)


PRESENTATION_FORMS = st.characters(min_codepoint=0xFB50, max_codepoint=0xFEFC)
_common = [
    st.sampled_from(ARABIC_LETTERS),
    st.sampled_from(DIACRITICS + TATWEEL),
    st.sampled_from(ALEF_HAMZA),
    st.sampled_from(ARABIC_DIGITS),
    st.sampled_from(CONTROLS),
    st.sampled_from(LATIN),
    st.sampled_from(COMBINING),
    st.sampled_from(OTHER),
]
# every character, including the ligatures that expand to several words
mixed_text = st.text(alphabet=st.one_of(*_common, PRESENTATION_FORMS), max_size=80)
# the same without those few ligatures: here every token is a whole number of original characters
tokenisable_text = st.text(
    alphabet=st.one_of(*_common, PRESENTATION_FORMS.filter(lambda c: c not in SEVERAL_TOKENS)),
    max_size=80,
)


def _orig_positions(nt: NormalisedText) -> list[int]:
    return [nt.map.to_orig(i) for i in range(nt.map.norm_len + 1)]


@settings(max_examples=400, deadline=None)
@given(mixed_text)
def test_offset_map_is_monotone_and_inside_the_original(text: str) -> None:
    nt = normalise(text)
    assert nt.map.norm_len == len(nt.text)
    assert nt.map.orig_len == len(text)
    pos = _orig_positions(nt)
    assert all(a <= b for a, b in itertools.pairwise(pos)), "offset map goes backwards"
    assert pos[-1] == len(text)
    assert all(0 <= p < len(text) for p in pos[:-1]), "a normalised char maps outside the original"


@settings(max_examples=400, deadline=None)
@given(mixed_text)
def test_to_norm_is_the_first_position_that_reaches_each_original_offset(text: str) -> None:
    nt = normalise(text)
    pos = _orig_positions(nt)[:-1]  # what to_norm searches: the normalised characters
    for orig in range(-1, len(text) + 3):
        expected = next((p for p, o in enumerate(pos) if o >= orig), nt.map.norm_len)
        assert nt.map.to_norm(orig) == expected, orig


@settings(max_examples=400, deadline=None)
@given(mixed_text)
def test_every_normalised_char_comes_from_the_char_it_maps_to(text: str) -> None:
    nt = normalise(text)
    for i, ch in enumerate(nt.text):
        assert ch in normalise_char(text[nt.map.to_orig(i)])


@settings(max_examples=400, deadline=None)
@given(mixed_text)
def test_translate_path_agrees_with_the_per_char_rule(text: str) -> None:
    assert normalise(text).text == "".join(normalise_char(c) for c in text)


@settings(max_examples=300, deadline=None)
@given(mixed_text)
def test_normalisation_is_idempotent(text: str) -> None:
    once = normalise(text).text
    assert normalise(once).text == once


@settings(max_examples=400, deadline=None)
@given(tokenisable_text)
def test_token_spans_map_back_to_text_that_normalises_to_the_token(text: str) -> None:
    nt = normalise(text)
    for tok in tokenise(nt):
        assert 0 <= tok.start < tok.end <= len(text)
        assert normalise(text[tok.start:tok.end]).text == tok.norm


@settings(max_examples=300, deadline=None)
@given(mixed_text)
def test_word_spans_map_back_to_text_containing_the_word(text: str) -> None:
    # with ﷺ-like ligatures a word may lie inside one original character: its span is that character
    nt = normalise(text)
    for ns, ne in iter_word_spans(nt.text):
        s, e = nt.map.span_to_orig(ns, ne)
        assert 0 <= s < e <= len(text)
        assert nt.text[ns:ne] in normalise(text[s:e]).text


def test_only_a_few_ligatures_expand_to_several_tokens() -> None:
    assert {"\ufdfa", "\ufdfb", "\ufe19", "\ufe30"} <= SEVERAL_TOKENS
    assert len(SEVERAL_TOKENS) < 10


def test_ligature_expanding_to_words_maps_every_word_to_the_ligature() -> None:
    raw = "النبي \ufdfa قال"
    nt = normalise(raw)
    assert nt.text == "النبي صلي الله عليه وسلم قال"
    spans = [raw[t.start:t.end] for t in tokenise(nt)]
    assert spans == ["النبي", "\ufdfa", "\ufdfa", "\ufdfa", "\ufdfa", "قال"]


@settings(max_examples=200, deadline=None)
@given(mixed_text, st.data())
def test_any_normalised_span_maps_back(text: str, data: st.DataObject) -> None:
    nt = normalise(text)
    if not nt.text:
        return
    start = data.draw(st.integers(0, len(nt.text) - 1))
    end = data.draw(st.integers(start + 1, len(nt.text)))
    s, e = nt.map.span_to_orig(start, end)
    assert 0 <= s < e <= len(text)
    # the original span normalises to a string that contains the normalised span
    assert nt.text[start:end] in normalise(text[s:e]).text


# --- example-based: one test per rule ---------------------------------------------------------------------

@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("أحمد", "احمد"),
        ("إيران", "ايران"),
        ("آسيمي", "اسيمي"),
        ("ٱلله", "الله"),
        ("مستشفى", "مستشفي"),
        ("زيارة", "زياره"),
        ("مؤتمر", "موتمر"),
        ("رئيس", "رييس"),
    ],
)
def test_arabic_letter_variants_fold(raw: str, expected: str) -> None:
    assert normalise(raw).text == expected


def test_arabic_diacritics_are_removed() -> None:
    assert normalise("وَقَّعَ اتِّفَاقًا").text == "وقع اتفاقا"
    assert normalise("".join(["ب", *DIACRITICS, "ت"])).text == "بت"


def test_tatweel_is_removed_and_word_stays_whole() -> None:
    nt = normalise("روســـيا")
    assert nt.text == "روسيا"
    toks = tokenise(nt)
    assert len(toks) == 1
    assert (toks[0].start, toks[0].end) == (0, 8)


def test_arabic_indic_digits_become_ascii() -> None:
    assert normalise("٢٠٢١ و۱۹۹۸").text == "2021 و1998"


@pytest.mark.parametrize("mark", [*CONTROLS, "\u00ad", "\u061c", "\u2060"])
def test_bidi_and_zero_width_marks_are_removed(mark: str) -> None:
    raw = f"ما{mark}لي Ma{mark}li"
    nt = normalise(raw)
    assert nt.text == "مالي mali"
    words = [raw[t.start:t.end] for t in tokenise(nt)]
    assert words == [f"ما{mark}لي", f"Ma{mark}li"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Élysée", "elysee"),
        ("ALGÉRIE", "algerie"),
        ("Goïta", "goita"),
        ("naïve Çà", "naive ca"),
        ("Cote\u0301", "cote"),  # accent written as a combining mark
        ("Straße", "strasse"),
        ("İstanbul", "istanbul"),
    ],
)
def test_latin_case_and_accents_fold(raw: str, expected: str) -> None:
    assert normalise(raw).text == expected


def test_eszett_expands_and_maps_back_to_one_char() -> None:
    raw = "Straße X"
    nt = normalise(raw)
    assert nt.text == "strasse x"
    (tok, _) = tokenise(nt)
    assert raw[tok.start:tok.end] == "Straße"
    assert nt.map.to_orig(4) == nt.map.to_orig(5) == 4


def test_presentation_forms_become_letters() -> None:
    # ﻣﺎﻟﻲ: MALI written with presentation-form letters; ﻻ is the lam-alef ligature
    assert normalise("\ufee3\ufe8e\ufedf\ufef2").text == "مالي"
    nt = normalise("\ufefb ب")
    assert nt.text == "لا ب"
    assert nt.map.span_to_orig(0, 2) == (0, 1)


@pytest.mark.parametrize("mark", ["\ufe70", "\ufe72", "\ufe74", "\ufe76", "\ufe78", "\ufe7a", "\ufe7c", "\ufe7e"])
def test_presentation_form_diacritics_are_removed_not_spaced(mark: str) -> None:
    assert normalise(f"ب{mark}ت").text == "بت"


def test_span_ending_on_a_letter_keeps_its_marks() -> None:
    raw = "اتفاقًا، Cafe\u0301."
    nt = normalise(raw)
    assert [raw[t.start:t.end] for t in tokenise(nt)] == ["اتفاقًا", "،", "Cafe\u0301", "."]


def test_offsets_after_removed_marks() -> None:
    raw = "\u202bقَالَ\u202c بوتين"
    nt = normalise(raw)
    assert nt.text == "قال بوتين"
    toks = tokenise(nt)
    assert [raw[t.start:t.end] for t in toks] == ["قَالَ", "بوتين"]


def test_empty_and_mark_only_texts() -> None:
    assert normalise("").text == ""
    nt = normalise("\u200b\u064e")
    assert nt.text == ""
    assert nt.map.to_orig(0) == 2


def test_normalise_key_folds_spaces() -> None:
    assert normalise_key("  الولايات \u200f  المتحدة ") == "الولايات المتحده"
    assert normalise_key("Assimi\u00a0Goïta") == "assimi goita"


def test_variation_selectors_and_half_marks_do_not_split_words() -> None:
    raw = "ما\ufe0fلي Cote\ufe20"
    nt = normalise(raw)
    assert nt.text == "مالي cote"
    # the variation selector is not a word break; the trailing half mark stays with its letter
    assert [raw[t.start:t.end] for t in tokenise(nt)] == ["ما\ufe0fلي", "Cote\ufe20"]


def test_every_presentation_form_normalises_to_no_presentation_form() -> None:
    for c in range(0xFB50, 0xFEFD):
        ch = chr(c)
        if not unicodedata.category(ch).startswith("L") or ch == "\ufe73":
            continue  # unassigned code points, symbols (U+FBB2…) and the tail fragment have no letter form
        assert not any(0xFB50 <= ord(x) <= 0xFEFF for x in normalise_char(ch)), hex(c)


def test_arabic_number_words_are_in_normalised_form() -> None:
    # They are looked up in normalised text: an entry spelled with ة, ئ or آ would never match.
    from marsad.text import ar

    assert {w for w in ar.NUMBER_WORDS if normalise_key(w) != w} == set()
