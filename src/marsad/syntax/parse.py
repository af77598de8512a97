"""The syntax stage: sentences → UD words with lemma, UPOS, features, head and relation.

The models are spaCy pipelines trained by ``tools/train_syntax.py`` and shipped as package data
(``marsad/data/models/syntax/LANG``, written with ``nlp.to_disk``: no pickle, nothing downloaded). Why words are
built by Marsad and not by spaCy's tokenizer for Arabic: the parser was trained on UD syntactic words, where
clitics are words; :mod:`marsad.syntax.segment` splits Marsad's tokens the UD way and keeps each word's exact
span. English and French use the tokenizer saved with the model (spaCy's rules, which split *don't* and *l'*
as EWT and Sequoia do); each token's offset gives its span.

Each model is loaded once per process (``lru_cache``; a Dask worker is a process, so once per worker) and runs
on one thread (``threadpoolctl``), since the caller parallelises by processes, not threads.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from marsad.errors import MarsadError
from marsad.model import Sentence, Word
from marsad.syntax.normalize import normalize_form
from marsad.text.normalise import NormalisedText, encodable, normalise, normalise_char
from marsad.text.tokens import tokenise

if TYPE_CHECKING:
    from spacy.language import Language

    from marsad.syntax.segment import Segmenter

LANGUAGES = ("ar", "en", "fr")
BATCH_SIZE = 64
# A "sentence" longer than this (a table, a list without full stops) is parsed in pieces of this many words:
# the parser is linear, but such a run is no sentence and its tree means nothing beyond its pieces.
MAX_WORDS = 300


class SyntaxModelError(MarsadError):
    """A shipped syntax model is missing or cannot be loaded."""


def model_path(lang: str) -> Path:
    return Path(str(resources.files("marsad") / "data" / "models" / "syntax" / lang))


@cache
def load_model(lang: str) -> Language:
    """The spaCy pipeline for ``lang``, loaded once per process."""
    if lang not in LANGUAGES:
        raise SyntaxModelError(f"no syntax model for language '{lang}' (one of {', '.join(LANGUAGES)})")
    path = model_path(lang)
    if not (path / "config.cfg").is_file():
        raise SyntaxModelError(f"the {lang} syntax model is missing from {path}; rebuild it with "
                               "tools/train_syntax.py")
    import spacy
    from thinc.api import use_ops

    try:
        # Matrix products through numpy (its OpenBLAS) rather than thinc's default, the blis package: on this
        # project's machines (AMD Zen 4) blis runs one-thread float32 products at about a third of OpenBLAS's
        # speed, and the whole parse takes 0.6 of the time with the same output (bench/bench_syntax.py,
        # docs/PERFORMANCE.md). The models keep the ops they were built with, so this holds for every call.
        with use_ops("numpy", use_blis=False):
            return spacy.load(path)
    except Exception as e:  # a damaged model: one clear line, not spaCy's traceback
        raise SyntaxModelError(f"the {lang} syntax model in {path} cannot be loaded: {e}") from e


@lru_cache(maxsize=1)
def load_segmenter() -> Segmenter:
    from marsad.syntax.segment import Segmenter

    folder = model_path("ar") / "segmenter"
    if not (folder / "weights.npz").is_file():
        raise SyntaxModelError(f"the Arabic segmenter is missing from {folder}; rebuild it with "
                               "tools/train_syntax.py --lang ar --segmenter-only")
    return Segmenter.load(folder)


def _arabic_spans(text: str, sent: Sentence, norm: NormalisedText | None,
                  names: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    tokens = sent.tokens
    if not tokens:
        norm = norm if norm is not None else normalise(text)
        tokens = tokenise(norm, norm.map.to_norm(sent.start), norm.map.to_norm(sent.end))
    spans = _with_silent_marks(text, [(t.start, t.end) for t in tokens], sent.end)
    out: list[tuple[int, int]] = []
    for pieces in load_segmenter().segment(text, spans):
        out.extend(_keep_names_whole(pieces, names) if names and len(pieces) > 1 else pieces)
    return out


def _keep_names_whole(pieces: list[tuple[int, int]], names: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """A token's pieces with no boundary inside a name the KB matched: the matcher already decided where the
    name begins (its clitics stay outside its span, وبغداد = و + بغداد), and the segmenter, which sees letters
    only, reads a name's first letter as a clitic (بغداد → ب + غداد, ليبيا → ل + يبيا, لبنان → ل + بنان).
    ``names`` is sorted."""
    out = [pieces[0]]
    for a, b in pieces[1:]:
        k = bisect_right(names, (a, 10**12)) - 1
        if k >= 0 and names[k][0] < a < names[k][1]:
            out[-1] = (out[-1][0], b)  # the boundary falls inside the name: join the pieces
        else:
            out.append((a, b))
    return out


def _with_silent_marks(text: str, spans: list[tuple[int, int]], limit: int) -> list[tuple[int, int]]:
    """Token spans widened over the marks normalisation drops (a tatweel or a stray diacritic after a word,
    زمـ, a zero-width joiner): they are written characters of that word, and a CoNLL-U file must reproduce
    every character of the text (the scorer aligns systems on them)."""
    out: list[tuple[int, int]] = []
    for k, (a, b) in enumerate(spans):
        nxt = spans[k + 1][0] if k + 1 < len(spans) else limit
        while b < nxt and not text[b].isspace() and normalise_char(text[b]) == "":
            b += 1
        out.append((a, b))
    return out


def _tokenizer_spans(nlp: Language, text: str, sent: Sentence) -> list[tuple[int, int]]:
    chunk = encodable(text[sent.start:sent.end])
    return [(sent.start + t.idx, sent.start + t.idx + len(t.text)) for t in nlp.tokenizer(chunk) if not t.is_space]


def word_spans(lang: str, text: str, sent: Sentence, norm: NormalisedText | None = None,
               names: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """The spans of the syntactic words of ``sent`` (what the parser will be given); ``names``: sorted spans of
    names the KB matched, which an Arabic word boundary never splits."""
    if lang == "ar":
        return _arabic_spans(text, sent, norm, names)
    return _tokenizer_spans(load_model(lang), text, sent)


def parse_words(lang: str, sentences: Sequence[Sequence[str]]) -> list[list[dict[str, Any]]]:
    """Parse pre-segmented words (``marsad parse --conllu``: scoring from gold words).

    Returns per word ``lemma``, ``upos``, ``feats``, ``head`` (1-based, 0 = root) and ``deprel``.
    """
    from spacy.tokens import Doc

    nlp = load_model(lang)
    docs = [Doc(nlp.vocab, words=[normalize_form(w, lang) for w in ws], sent_starts=_one_sentence(len(ws)))
            for ws in sentences]
    return [_analyses(d) for d in _pipe(nlp, docs)]


def _one_sentence(n: int) -> list[bool | int | None]:
    """Sentence starts that make the parser build one tree (it honours preset boundaries): the sentence
    splitter already decided where sentences are, and CoNLL-U wants one root per sentence."""
    out: list[bool | int | None] = [False] * n
    if n:
        out[0] = True
    return out


@lru_cache(maxsize=1)
def _threadpools() -> Any:
    """The process's BLAS/OpenMP thread pools, found once: ``threadpool_limits`` scans the loaded libraries on
    every call, which cost 2 % of coding time when it ran once per document."""
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


LEMMATIZER = "trainable_lemmatizer"  # the pipe a parse without lemmas leaves out
NO_LEMMA = "_"  # a word's lemma where none was asked for (CoNLL-U's "unspecified")


def _pipe(nlp: Language, docs: list[Any], lemmas: bool = True) -> list[Any]:
    skip = () if lemmas or LEMMATIZER not in nlp.pipe_names else (LEMMATIZER,)
    with _threadpools().limit(limits=1):
        return list(nlp.pipe(docs, batch_size=BATCH_SIZE, disable=skip))


_FIELDS = ("lemma", "upos", "feats", "head", "deprel")


def _rows(doc: Any, lemmas: bool = True) -> list[tuple[str, str, str, int, str]]:
    """Per token: lemma, UPOS, features, head (1-based, 0 = root) and relation, as ``Word`` holds them.
    Without ``lemmas`` the lemma is ``NO_LEMMA``, not the form: a reader must not take the form for a lemma."""
    out = []
    for t in doc:
        h = t.head.i
        root = h == t.i
        out.append(((t.lemma_ or t.text) if lemmas else NO_LEMMA, t.pos_ or "X", str(t.morph),
                    0 if root else h + 1, "root" if root else (t.dep_ or "dep")))
    return out


def _analyses(doc: Any) -> list[dict[str, Any]]:
    return [dict(zip(_FIELDS, row, strict=True)) for row in _rows(doc)]


def parse_sentences(lang: str, text: str, sentences: Sequence[Sentence],
                    norm: NormalisedText | None = None,
                    names: Sequence[tuple[int, int]] = (), lemmas: bool = True) -> list[list[Word]]:
    """Parse ``sentences`` of ``text`` (batched, one thread) and return each one's words.

    Without ``lemmas`` the lemmatizer does not run and every lemma is ``NO_LEMMA``: the coder's rules read
    UPOS, features, heads and relations, never a lemma, and the lemmatizer is about 6 % of spaCy's time
    (docs/PERFORMANCE.md); what prints words (``marsad code --with-syntax``, ``marsad parse``) asks for them.

    ``norm`` is the document's normalised text (to tokenise sentences that have no tokens yet); ``names`` the
    sorted spans of the KB names found in it (kept whole by the Arabic segmenter). The caller
    decides where to store the result (the pipeline sets ``Sentence.words``). Sentences longer than
    ``MAX_WORDS`` words are parsed in consecutive pieces, each with its own root.
    """
    from spacy.tokens import Doc

    nlp = load_model(lang)
    if lang == "ar" and norm is None and any(not s.tokens for s in sentences):
        norm = normalise(text)  # once for the document, not once per sentence
    pieces: list[list[tuple[int, int]]] = []
    owner: list[int] = []
    for k, s in enumerate(sentences):
        spans = word_spans(lang, text, s, norm, names)
        for i in range(0, len(spans), MAX_WORDS):
            pieces.append(spans[i:i + MAX_WORDS])
            owner.append(k)
    docs = []
    for spans in pieces:
        words = [normalize_form(text[a:b], lang) for a, b in spans]
        spaces = [spans[i + 1][0] > spans[i][1] for i in range(len(spans) - 1)] + [False]
        docs.append(Doc(nlp.vocab, words=words, spaces=spaces, sent_starts=_one_sentence(len(words))))
    out: list[list[Word]] = [[] for _ in sentences]
    for k, spans, doc in zip(owner, pieces, _pipe(nlp, docs, lemmas), strict=True):
        built = out[k]
        base = len(built)
        for (a, b), (lemma, upos, feats, head, deprel) in zip(spans, _rows(doc, lemmas), strict=True):
            built.append(Word(len(built) + 1, text[a:b], lemma, upos, feats, head + base if head else 0, deprel,
                              a, b))
    return out


def word_at(words: Sequence[Word], offset: int) -> Word | None:
    """The word whose span covers character ``offset`` of the document (None between words)."""
    i = bisect_right([w.start for w in words], offset) - 1
    if i >= 0 and words[i].start <= offset < words[i].end:
        return words[i]
    return None


def words_in(words: Sequence[Word], start: int, end: int) -> list[Word]:
    """The words that overlap the span ``[start, end)`` (e.g. a mention or a trigger)."""
    return [w for w in words if w.start < end and w.end > start]


def head_of(words: Sequence[Word], word: Word) -> Word | None:
    """The head of ``word`` (None for the root)."""
    return words[word.head - 1] if word.head else None


def children(words: Sequence[Word], word: Word, deprel: str | None = None) -> list[Word]:
    """Dependents of ``word``; with ``deprel``, only those whose relation is it or a subtype (``nsubj`` →
    ``nsubj:pass`` too)."""
    return [w for w in words if w.head == word.id and
            (deprel is None or w.deprel == deprel or w.deprel.startswith(deprel + ":"))]


def check_models() -> list[tuple[str, bool]]:
    """For ``marsad check-data``: each model loads and parses a two-word sentence (line, ok) per model."""
    out: list[tuple[str, bool]] = []
    probe = {"ar": ["قال", "الوزير"], "en": ["He", "left"], "fr": ["Il", "part"]}
    for lang in LANGUAGES:
        try:
            nlp = load_model(lang)
            parse_words(lang, [probe[lang]])
            labels = len(getattr(nlp.get_pipe("parser"), "labels", ()))
            out.append((f"syntax/{lang}: {', '.join(nlp.pipe_names)} ({labels} relations)", True))
        except (SyntaxModelError, OSError, ValueError) as e:
            out.append((f"syntax/{lang}: {e}", False))
    try:
        seg = load_segmenter()
        out.append((f"syntax/ar segmenter: {int((seg.coef != 0).sum())} weights", True))
    except (SyntaxModelError, OSError, ValueError) as e:
        out.append((f"syntax/ar segmenter: {e}", False))
    return out
