"""Tokenisation with spans into the text as read, and conservative Arabic clitic splitting."""

from __future__ import annotations

import pytest

from marsad.pipeline import Coder
from marsad.text.normalise import normalise, normalise_key
from marsad.text.tokens import split_clitics, tokenise

# A tiny vocabulary, written in normalised spelling (ة→ه, ى→ي, hamza forms folded), as the KB provides it.
KNOWN = frozenset(normalise_key(w) for w in ["جيش", "مالي", "الجزائر", "بلاد", "زيارة", "يزور", "موسكو", "اتفاق",
                                             "حكومة", "روسيا"])


def known(word: str) -> bool:
    return word in KNOWN


def split(word: str) -> tuple[str, str, str]:
    return split_clitics(normalise_key(word), known)


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("وبالجيش", ("وبال", "جيش", "")),
        ("لمالي", ("ل", "مالي", "")),
        ("والجزائر", ("و", "الجزاير", "")),
        ("بلاده", ("", "بلاد", "ه")),
        ("زيارته", ("", "زياره", "ه")),  # ت before a pronoun is the ة of the stem
        ("زيارتها", ("", "زياره", "ها")),
        ("لزيارته", ("ل", "زياره", "ه")),
        ("سيزور", ("س", "يزور", "")),
        ("فسيزور", ("فس", "يزور", "")),
        ("وموسكو", ("و", "موسكو", "")),
        ("للاتفاق", ("لل", "اتفاق", "")),
        ("وحكومتها", ("و", "حكومه", "ها")),
        ("بلادهم", ("", "بلاد", "هم")),
    ],
)
def test_clitics_split_into_a_known_stem(word: str, expected: tuple[str, str, str]) -> None:
    pro, stem, enc = split(word)
    assert (pro, stem, enc) == expected
    # the pieces give the word back (with ة, normalised ه, written ت before a pronoun)
    assert normalise_key(word) in (pro + stem + enc, pro + stem[:-1] + "ت" + enc)


@pytest.mark.parametrize("word", ["بوتين", "وتين", "باماكو", "سلام", "كتاب", "فاغنر", "ال", "و"])
def test_unknown_words_are_never_split(word: str) -> None:
    assert split(word) == ("", normalise_key(word), "")


def test_known_word_is_kept_whole_even_if_it_starts_like_a_clitic() -> None:
    # بلاد starts with ب (a preposition); مالي with nothing; both are known as they are
    assert split("بلاد") == ("", "بلاد", "")
    assert split("مالي") == ("", "مالي", "")


def test_putin_is_not_b_plus_watin_even_when_watin_is_a_word() -> None:
    vocabulary = {"وتين", "بوتين"}
    assert split_clitics("بوتين", vocabulary.__contains__) == ("", "بوتين", "")


def test_longer_proclitic_sequence_is_tried_first() -> None:
    vocabulary = {"جيش", "بالجيش"}
    assert split_clitics("وبالجيش", vocabulary.__contains__) == ("وبال", "جيش", "")


def test_tokens_carry_spans_into_the_text_as_read() -> None:
    raw = "قالَ بوتين\u200f: «وبالجيش» سنــتعاون، Goïta a dit « oui »."
    toks = tokenise(normalise(raw))
    assert [raw[t.start:t.end] for t in toks] == [
        "قالَ", "بوتين", ":", "«", "وبالجيش", "»", "سنــتعاون", "،", "Goïta", "a", "dit", "«", "oui", "»", ".",
    ]
    words = [t.norm for t in toks if t.is_word]
    assert words == ["قال", "بوتين", "وبالجيش", "سنتعاون", "goita", "a", "dit", "oui"]


def test_tokenise_a_slice() -> None:
    raw = "Mali signed. Russia agreed."
    nt = normalise(raw)
    toks = tokenise(nt, 13, len(nt.text))
    assert [raw[t.start:t.end] for t in toks] == ["Russia", "agreed", "."]


def test_elision_and_hyphen_stay_in_one_token() -> None:
    raw = "l’armée a-t-elle"
    toks = tokenise(normalise(raw))
    assert [raw[t.start:t.end] for t in toks] == ["l’armée", "a-t-elle"]


def test_pipeline_sentences_and_mentions_align(coder: Coder, demo_text: str) -> None:
    coded = coder.code(demo_text, published="2025-07-01")
    sentences = coded.document.sentences
    assert len(sentences) == 16
    nt = normalise(demo_text)
    tokens = tokenise(nt)
    for m in coded.mentions:
        s = sentences[m.sentence]
        assert s.start <= m.start < m.end <= s.end
        assert demo_text[m.start:m.end] == m.text
        # a mention starts and ends inside word tokens, never on a space or a punctuation mark
        assert any(t.is_word and t.start <= m.start < t.end for t in tokens)
        assert any(t.is_word and t.start < m.end <= t.end for t in tokens)
    words = [demo_text[t.start:t.end] for t in tokens if t.is_word and sentences[1].start <= t.start]
    assert words[:4] == ["كشف", "الجنرال", "آسيمي", "غويتا"]
