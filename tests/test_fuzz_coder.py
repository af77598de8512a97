"""A short fuzz of the whole coder: any text gives a valid coded document or a documented InputError.

Generators mix the scripts and marks news text really contains (Arabic with diacritics and tatweel,
Latin with accents, bidi and zero-width controls, Arabic-Indic digits, punctuation and quotes) together
with the words the coder reacts to, so the rules run, not only the tokenizer.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marsad.errors import InputError
from marsad.pipeline import Coder

WORDS = [
    "قال", "الرئيس", "الروسي", "بوتين", "مالي", "وروسيا", "الجزائر", "هاجم", "مسلحون", "الجيش", "زيارة", "إلى",
    "موسكو", "بعد", "انسحاب", "فاغنر", "لم", "يبدو", "أن", "يرى", "مراقبون", "بلاده", "البلدين", "الجارة",
    "الشمالية", "أمس", "2021", "أواخر", "؟", "،", ".", "«", "»", "“", "”",
    "Russia", "attacked", "Mali", "said", "the", "army", "was", "by", "not", "signed", "agreement", "Poutine",
    "a", "rencontré", "l'armée", "malienne", "n'a", "pas", "condamné", "?", "!", "Dr.", "U.S.",
]
MARKS = ["\u064e", "\u0651", "\u0640", "\u200f", "\u200e", "\u200b", "\u202b", "\u2067", "\ufeff", "\u0301", "\u0663"]
# Odd pieces the long fuzz (fuzz/fuzz_coder.py) uses too: stacked marks, a NUL, a lone surrogate, HTML, odd numbers.
ODD = ["ب" + "\u064e\u0651" * 12, "e" + "\u0301" * 20, "\x00", "\ud800", "<p>", "</div>", "&nbsp;", "١٢/٠٧/٢٠٢٥",
       "2025-07-01T12:00", "1" * 80, "ـــــ", "Привет", "你好"]
token = st.one_of(st.sampled_from(WORDS), st.sampled_from(MARKS), st.sampled_from(ODD),
                  st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=6))
# Well-formed dates mostly, and a few that match YYYY-MM-DD but are no date (a crash the long fuzz found).
published_dates = st.sampled_from(["2025-07-01", "2025-07-01", "2024-02-29", "2025-13-45", "2023-02-29", "x"])
texts = st.lists(token, min_size=1, max_size=60).map(lambda ts: " ".join(ts))
layouts = st.sampled_from(["{}", "{}\n\n{}", "{}؟\n{}", "« {} »", "{}\n{}\n\n{}"])


def _check(cd: Any, text: str) -> None:
    d = cd.to_dict()
    for m in d["mentions"]:
        assert text[m["span"][0]:m["span"][1]] == m["text"]
    for e in d["events"]:
        assert text[e["span"][0]:e["span"][1]] == e["text"]
        assert e["span"][0] <= e["trigger"]["span"][0] <= e["trigger"]["span"][1] <= e["span"][1]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(parts=st.lists(texts, min_size=1, max_size=3), layout=layouts, lang=st.sampled_from([None, "ar", "en", "fr"]),
       published=published_dates)
def test_any_text_codes_or_fails_cleanly(coder: Coder, validator: Any, parts: list[str], layout: str,
                                         lang: str | None, published: str) -> None:
    text = layout.format(*(parts * 3)[: layout.count("{}")])
    try:
        cd = coder.code(text, published=published, lang=lang)
    except InputError as exc:
        assert exc.reason in {"empty", "binary", "too-large", "unknown-language", "bad-date"}
        return
    validator.validate(cd.to_dict())
    _check(cd, text)


def test_a_lone_surrogate_in_a_parsed_sentence_codes_cleanly(coder: Coder, validator: Any) -> None:
    """A broken feed's lone surrogate (UTF-8 cannot encode it) inside a sentence the parser and the detector
    read: the spans stay the text's, and neither spaCy nor the feature hasher fails (the fuzz found it)."""
    for text, lang in [("Russia attacked Mali \ud800 said the army.", "en"), ("هاجم الجيش \ud800 مالي.", "ar"),
                       ("Poutine a rencontré \ud800 l'armée malienne.", "fr")]:
        cd = coder.code(text, published="2025-07-01", lang=lang)
        validator.validate(cd.to_dict())
        _check(cd, text)
        assert cd.events, text
