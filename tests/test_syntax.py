"""The syntax stage: the shipped models load and parse, Arabic clitics get exact spans, the API and CLI agree.

Sentences here are written for these tests (no treebank or eval text). Assertions are about structure a parser
of any quality worth shipping gets right (the subject of a plain clause, the root is the verb), not about one
model's every label, so retraining does not break them for nothing.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from marsad.model import Sentence, Word
from marsad.syntax.parse import (
    NO_LEMMA,
    check_models,
    children,
    head_of,
    load_model,
    parse_sentences,
    parse_words,
    word_at,
    words_in,
)
from marsad.text import normalise, split_sentences, tokenise


def _parse(text: str, lang: str) -> list[list[Word]]:
    norm = normalise(text)
    sents = split_sentences(text, lang)
    for s in sents:
        s.tokens = tokenise(norm, norm.map.to_norm(s.start), norm.map.to_norm(s.end))
    return parse_sentences(lang, text, sents, norm)


def _by_form(words: list[Word], form: str) -> Word:
    return next(w for w in words if w.form == form)


def _assert_tree(words: list[Word]) -> None:
    """Exactly one root, every head inside the sentence, no word its own head."""
    assert sum(1 for w in words if w.head == 0) == 1
    assert all(0 <= w.head <= len(words) and w.head != w.id for w in words)
    assert [w.id for w in words] == list(range(1, len(words) + 1))


@pytest.mark.parametrize("lang", ["ar", "en", "fr"])
def test_model_loads_once(lang: str) -> None:
    assert load_model(lang) is load_model(lang)
    assert "parser" in load_model(lang).pipe_names
    assert "ner" not in load_model(lang).pipe_names


def test_check_models_all_ok() -> None:
    results = check_models()
    assert len(results) == 4
    assert all(ok for _, ok in results), results


def test_english_svo() -> None:
    text = "The minister signed the agreement with the union on Monday."
    (words,) = _parse(text, "en")
    _assert_tree(words)
    signed, minister, agreement = (_by_form(words, f) for f in ("signed", "minister", "agreement"))
    assert signed.deprel == "root" and signed.upos == "VERB"
    assert minister.deprel == "nsubj" and head_of(words, minister) == signed
    assert agreement.deprel == "obj" and head_of(words, agreement) == signed
    assert all(text[w.start:w.end] == w.form for w in words)


def test_english_passive_subject() -> None:
    (words,) = _parse("The talks were postponed by the government.", "en")
    talks, postponed = _by_form(words, "talks"), _by_form(words, "postponed")
    assert talks.deprel == "nsubj:pass" and talks.head == postponed.id
    assert children(words, postponed, "nsubj") == [talks]


def test_french_svo() -> None:
    text = "Le ministre a signé l'accord avec le syndicat."
    (words,) = _parse(text, "fr")
    _assert_tree(words)
    signe, ministre, accord = (_by_form(words, f) for f in ("signé", "ministre", "accord"))
    assert signe.deprel == "root"
    assert ministre.deprel == "nsubj" and ministre.head == signe.id
    assert accord.deprel == "obj" and accord.head == signe.id
    assert _by_form(words, "l'").upos == "DET"  # spaCy's French rules split the elided article


@pytest.mark.parametrize(("text", "verb", "subject"), [
    ("زار الوزير العاصمة يوم الاثنين.", "زار", "الوزير"),
    ("التقى وزير الخارجية نظيره الروسي في موسكو.", "التقى", "وزير"),
])
def test_arabic_vso_subject(text: str, verb: str, subject: str) -> None:
    (words,) = _parse(text, "ar")
    _assert_tree(words)
    v, subj = _by_form(words, verb), _by_form(words, subject)
    assert v.deprel == "root" and v.upos == "VERB"
    assert subj.deprel == "nsubj" and subj.head == v.id


def test_arabic_initial_conjunction_is_cc_of_the_verb() -> None:
    # UD v2, as the training data was converted: و is the verb's cc, never the root above it
    (words,) = _parse("وقال المتحدث إن الحكومة ستدعمهم.", "ar")
    wa, qala = words[0], words[1]
    assert wa.form == "و" and wa.upos == "CCONJ" and wa.deprel == "cc" and wa.head == qala.id
    assert qala.deprel == "root"


@pytest.mark.parametrize("text, second", [
    ("اشترى الرجل كتابا وقلما.", "قلما"),
    ("التقى الرئيس بالسفير وناقش معه الأزمة.", "ناقش"),
])
def test_arabic_coordinating_conjunction_hangs_on_the_conjunct_it_introduces(text: str, second: str) -> None:
    # UD v2 (PUD, and PADT-2016 as converted for training): و is the cc of the second conjunct, not the first
    (words,) = _parse(text, "ar")
    wa, conj = _by_form(words, "و"), _by_form(words, second)
    assert wa.deprel == "cc" and wa.head == conj.id
    assert conj.deprel == "conj"


def test_arabic_clitics_are_words_with_spans_inside_their_token() -> None:
    text = "وقال المتحدث إن الحكومة ستدعمهم بالمال."
    norm = normalise(text)
    (sent,) = split_sentences(text, "ar")
    sent.tokens = tokenise(norm, norm.map.to_norm(sent.start), norm.map.to_norm(sent.end))
    (words,) = parse_sentences("ar", text, [sent], norm)
    forms = [w.form for w in words]
    # و + قال, س + تدعم + هم, ب + المال: conjunction, future particle, object pronoun, preposition apart;
    # the article ال stays on its noun.
    assert forms[:2] == ["و", "قال"]
    assert "س" in forms and "هم" in forms and "ب" in forms and "المال" in forms
    for w in words:
        assert text[w.start:w.end] == w.form
        tok = next(t for t in sent.tokens if t.start <= w.start and w.end <= t.end)
        assert tok.start <= w.start < w.end <= tok.end
    assert _by_form(words, "هم").upos == "PRON"
    assert _by_form(words, "ب").upos == "ADP"


def test_arabic_diacritics_and_digits_keep_exact_spans() -> None:
    # vocalised and with Arabic-Indic digits: the parser sees them normalised, the spans stay on the text as read
    text = "وَصَلَ الوَفْدُ إلى القاهرة في ١٥ مايو."
    (words,) = _parse(text, "ar")
    assert all(text[w.start:w.end] == w.form for w in words)
    assert "".join(w.form for w in words) == text.replace(" ", "")
    assert _by_form(words, "١٥").upos == "NUM"


def test_word_at_and_words_in() -> None:
    text = "The army withdrew from the town."
    (words,) = _parse(text, "en")
    pos = text.index("withdrew") + 3
    w = word_at(words, pos)
    assert w is not None and w.form == "withdrew"
    assert word_at(words, text.index(" ")) is None
    assert [x.form for x in words_in(words, text.index("the town"), len(text) - 1)] == ["the", "town"]


def test_parse_words_from_gold_words() -> None:
    (an,) = parse_words("en", [["Rebels", "attacked", "the", "base", "."]])
    assert an[1]["deprel"] == "root" and an[0]["head"] == 2 and an[0]["deprel"] == "nsubj"


def test_very_long_sentence_is_parsed_in_pieces() -> None:
    text = " ".join(["The minister spoke"] * 200) + "."
    sent = Sentence(0, 0, len(text))
    (words,) = parse_sentences("en", text, [sent])
    assert len(words) == 601
    assert sum(1 for w in words if w.head == 0) >= 2  # one root per piece
    assert all(0 <= w.head <= len(words) for w in words)


def test_coder_parses_trigger_sentences_and_can_be_turned_off(validator: Draft202012Validator) -> None:
    from marsad.pipeline import Coder

    text = "The weather was mild.\n\nRussia signed an agreement with Mali on Monday."
    cd = Coder().code(text, lang="en", published="2025-07-01")
    sents = cd.document.sentences
    assert any(s.words for s in sents)
    assert not sents[0].words  # no candidate trigger there: not parsed
    assert "sentences" not in cd.to_dict()
    d = cd.to_dict(with_syntax=True)
    assert any(s["words"] for s in d["sentences"])
    validator.validate(d)
    off = Coder(syntax=False).code(text, lang="en", published="2025-07-01")
    assert not any(s.words for s in off.document.sentences)
    assert [e.event for e in off.events] == [e.event for e in cd.events]


@pytest.mark.parametrize(("lang", "text"), [
    ("ar", "وقعت روسيا ومالي اتفاقا عسكريا في موسكو، وقال الوزيران إنهما سيلتقيان."),
    ("en", "The ministers signed two agreements and said they would meet again."),
    ("fr", "Les ministres ont signé deux accords et ont dit qu'ils se reverraient."),
])
def test_a_parse_without_lemmas_is_the_same_parse_with_lemmas_unspecified(lang: str, text: str) -> None:
    norm = normalise(text)
    sents = split_sentences(text, lang)
    for s in sents:
        s.tokens = tokenise(norm, norm.map.to_norm(s.start), norm.map.to_norm(s.end))
    full = parse_sentences(lang, text, sents, norm)
    bare = parse_sentences(lang, text, sents, norm, lemmas=False)
    strip = [[(w.form, w.upos, w.feats, w.head, w.deprel, w.start, w.end) for w in ws] for ws in full]
    assert strip == [[(w.form, w.upos, w.feats, w.head, w.deprel, w.start, w.end) for w in ws] for ws in bare]
    assert all(w.lemma == NO_LEMMA for ws in bare for w in ws)
    assert any(w.lemma not in (NO_LEMMA, w.form) for ws in full for w in ws)  # the lemmatizer ran


def test_coder_leaves_lemmas_out_only_when_asked_and_codes_the_same() -> None:
    from marsad.pipeline import Coder

    text = "Russia signed two agreements with Mali on Monday."
    full = Coder().code(text, lang="en", published="2025-07-01")
    bare = Coder(syntax_lemmas=False).code(text, lang="en", published="2025-07-01")
    (fw,) = [s.words for s in full.document.sentences if s.words]
    (bw,) = [s.words for s in bare.document.sentences if s.words]
    assert _by_form(fw, "agreements").lemma == "agreement" and _by_form(bw, "agreements").lemma == NO_LEMMA
    assert [e.to_dict() for e in full.events] == [e.to_dict() for e in bare.events]


def _cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", "from marsad.cli import main; main()", *args], input=stdin,
                          capture_output=True, text=True, timeout=300)


def test_cli_parse_conllu_and_json(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("وقال الوزير إنه سيزور بغداد.", encoding="utf-8")
    r = _cli("parse", str(f), "--format", "conllu")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[1] == "# text = وقال الوزير إنه سيزور بغداد."
    rows = [ln.split("\t") for ln in lines if ln and not ln.startswith("#")]
    assert rows[0][1] == "و" and "SpaceAfter=No" in rows[0][9] and "TokenRange=0:1" in rows[0][9]
    r = _cli("parse", str(f), "--format", "json")
    rec = json.loads(r.stdout)
    assert r.returncode == 0, r.stderr
    assert rec["language"] == "ar" and rec["sentences"][0]["words"][1]["form"] == "قال"


def test_cli_parse_gold_conllu(tmp_path: Path) -> None:
    g = tmp_path / "en_mine.conllu"
    g.write_text("# text = They didn't leave.\n1\tThey\t_\t_\t_\t_\t0\t_\t_\t_\n2-3\tdidn't\t_\t_\t_\t_\t_\t_\t_\t_\n"
                 "2\tdid\t_\t_\t_\t_\t0\t_\t_\t_\n3\tn't\t_\t_\t_\t_\t0\t_\t_\t_\n"
                 "4\tleave\t_\t_\t_\t_\t0\t_\t_\tSpaceAfter=No\n5\t.\t_\t_\t_\t_\t0\t_\t_\t_\n\n", encoding="utf-8")
    r = _cli("parse", "--conllu", str(g))
    assert r.returncode == 0, r.stderr
    rows = [ln.split("\t") for ln in r.stdout.splitlines() if ln and not ln.startswith("#")]
    assert rows[1][0] == "2-3"  # the multi-word token line is kept
    leave = rows[4]
    assert leave[1] == "leave" and leave[7] == "root" and leave[9] == "SpaceAfter=No"
    assert rows[0][7] == "nsubj" and rows[0][6] == "4"


def test_cli_code_with_syntax_arabic(tmp_path: Path, validator: Draft202012Validator) -> None:
    f = tmp_path / "a.txt"
    f.write_text("وقعت روسيا ومالي اتفاقا عسكريا في موسكو.", encoding="utf-8")
    r = _cli("code", str(f), "--with-syntax", "--published", "2025-07-01")
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    validator.validate(d)
    (sent,) = d["sentences"]
    assert sent["words"] and all(f.read_text(encoding="utf-8")[w["span"][0]:w["span"][1]] == w["form"]
                                 for w in sent["words"])
    assert any(w["lemma"] not in (NO_LEMMA, w["form"]) for w in sent["words"])  # lemmas where words are printed
    r = _cli("code", str(f), "--no-syntax", "--with-syntax")
    assert r.returncode == 2


def test_cli_parse_bad_input(tmp_path: Path) -> None:
    r = _cli("parse", str(tmp_path / "missing.txt"))
    assert r.returncode == 1 and "no such file" in r.stderr and "Traceback" not in r.stderr
    r = _cli("parse", "--format", "xml", str(tmp_path / "x"))
    assert r.returncode == 2
    bad = tmp_path / "x.conllu"
    bad.write_text("1\tonly three\tcols\n\n", encoding="utf-8")
    r = _cli("parse", "--conllu", str(bad), "--lang", "en")
    assert r.returncode == 1 and "not CoNLL-U" in r.stderr and "Traceback" not in r.stderr


def test_coder_parses_only_sentences_naming_an_actor_by_default() -> None:
    from marsad.pipeline import Coder

    text = "They signed an agreement on Monday.\n\nRussia signed an agreement with Mali on Monday."
    full = Coder(syntax_needs_participant=False).code(text, lang="en", published="2025-07-01").document.sentences
    assert all(s.words for s in full)  # both have a trigger
    some = Coder().code(text, lang="en", published="2025-07-01").document.sentences
    assert not some[0].words and some[1].words  # the first names no actor


def test_arabic_names_the_kb_found_are_never_split_by_the_segmenter() -> None:
    """The segmenter reads a name's first letter as a clitic (بغداد → ب + غداد); the coder passes the spans
    of the names it found, and only a clitic before a name (وبغداد = و + بغداد) stays a word of its own."""
    from marsad.pipeline import default_coder

    text = "حاول مسلحون اقتحام مقر الشرطة في بغداد أمس، وهاجموا مركزا آخر وبغداد تشهد توترا."
    (alone,) = parse_sentences("ar", text, split_sentences(text, "ar"))
    assert "غداد" in [w.form for w in alone]  # what the segmenter does without the names: ب + غداد
    (sent,) = default_coder().code(text, lang="ar", published="2015-08-01").document.sentences
    forms = [w.form for w in sent.words]
    assert "بغداد" in forms and "غداد" not in forms
    last = len(forms) - 1 - forms[::-1].index("بغداد")
    assert forms.count("بغداد") == 2 and forms[last - 1] == "و"  # the conjunction before the second is a word
    for w in sent.words:
        assert text[w.start:w.end] == w.form
