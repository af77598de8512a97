"""The pipeline: text → Document → mentions → events → CodedDocument.

Each stage is a plain function over what the previous ones produced; the
:class:`Coder` only holds the data they need (KB, lexicons, ontology), loaded
once and shared, so coding many documents never reloads anything.
"""

from __future__ import annotations

import gc
import hashlib
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from marsad.coding import Lexicon, Ontology, code_events, get_lexicon, get_ontology
from marsad.coding.genre import classify as classify_genre
from marsad.coding.lexicon import user_lexicon_lang
from marsad.errors import InputError
from marsad.kb import KnowledgeBase, find_mentions, get_kb, resolve_references
from marsad.kb.countries import ethnic_groups, person_countries, role_anaphora, shorter_names, titled_states
from marsad.model import CodedDocument, Document
from marsad.text import ar, check_text, en, fr, identify, normalise, split_sentences, tokenise
from marsad.text.decode import DEFAULT_MAX_BYTES

LANGUAGES = ("ar", "en", "fr")
_LANG_DATA = {"ar": ar, "en": en, "fr": fr}
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# The per-document time budget (CPU seconds): a 10 MB article of dense news codes in about 80 s
# (docs/SCHEMA.md, "Limits"), so 120 s only stops what is pathological, not what is merely long.
DEFAULT_MAX_SECONDS = 120.0


_GC_LOCK = threading.Lock()
_gc_state = {"coding": 0, "was_enabled": False}


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while a document is coded, back as it was when the last
    document being coded (in any thread) is done.

    Why: coding a document allocates millions of short-lived objects (tokens, words, feature strings, arrays),
    almost none in reference cycles, which reference counting frees; the collector's passes over them, and its
    full passes over the loaded tables (knowledge base, lexicons, models: millions of objects that live
    as long as the process), cost about 3 % of the time with the parse (side by side), and its full passes
    collected fewer than 300 objects in 300 articles (docs/PERFORMANCE.md). Counted, not a flag, so that
    threads coding at once (``marsad serve``) cannot leave it off, and a caller who turned the collector off
    keeps it off.
    """
    with _GC_LOCK:
        if _gc_state["coding"] == 0:
            _gc_state["was_enabled"] = gc.isenabled()
            gc.disable()
        _gc_state["coding"] += 1
    try:
        yield
    finally:
        with _GC_LOCK:
            _gc_state["coding"] -= 1
            if _gc_state["coding"] == 0 and _gc_state["was_enabled"]:
                gc.enable()


class _Budget:
    """A deadline checked cooperatively between stages and sentences (no threads, no signals).

    Why CPU time of the calling thread and not the wall clock: the budget is there to stop documents that
    are pathological for the coder, and a document's CPU time does not depend on how loaded the machine
    is or on other requests a server codes at the same time (a wall-clock budget stopped a 10 MB article
    on a busy 2-core machine that codes it in a minute alone).
    """

    def __init__(self, seconds: float | None, name: str) -> None:
        self.seconds, self.name = seconds, name
        self.deadline = None if seconds is None else time.thread_time() + seconds

    def check(self, stage: str) -> None:
        if self.deadline is not None and time.thread_time() > self.deadline:
            raise InputError(
                f"{self.name}: coding took longer than the time budget of {self.seconds:g} s (stopped during "
                f"{stage}); split the document or raise the budget (Coder(max_seconds=…))", "too-slow")


def _valid_date(value: str) -> bool:
    """YYYY-MM-DD and a real calendar day (2025-13-45 matches the pattern but is no date)."""
    if not _DATE_RE.match(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


class Coder:
    """Codes documents with one knowledge base and one set of lexicons.

    ``kb_files`` extend the built-in knowledge base; ``lexicon_files`` are user lexicons
    (``docs/LEXICON_FORMAT.md`` with a top-level ``lang:``) whose triggers are added to the
    built-in lexicon of that language. Both are validated here, so a bad file fails at once.
    ``syntax`` turns the dependency parse of the sentences with a candidate trigger on or off (the Arabic
    model is CC BY-NC-SA: a user who cannot accept that licence turns it off); with
    ``syntax_needs_participant`` (the default) only those that also name an actor are parsed: the parse can only
    give a role to a participant the sentence names, and parsing the others changed 6 of 1,000 SaudiNewsNet
    articles' events and no news-gold, GSR or PLOVER dev figure, for 13 % more speed (docs/PERFORMANCE.md).
    ``syntax_lemmas=False`` leaves the parse's lemmas out (each is ``"_"``): the coder reads none, so the events
    are the same, and the parse is faster; the commands that never print words (``marsad code`` without
    ``--with-syntax``, ``ingest``, ``batch``, ``serve``, ``eval``) code that way.

    ``detector`` is the trained event detector (``marsad.coding.detector``): ``True`` the shipped one,
    a folder a retrained one (``marsad train detector``), ``False`` none (the rules alone), or any object
    with its ``observe``/``decide`` methods (training uses one that records the candidates).
    """

    def __init__(self, kb_files: tuple[Path, ...] | list[Path] = (), max_chars: int = DEFAULT_MAX_BYTES,
                 lexicon_files: tuple[Path, ...] | list[Path] = (),
                 max_seconds: float | None = DEFAULT_MAX_SECONDS, syntax: bool = True,
                 syntax_needs_participant: bool = True, detector: Any = True, syntax_lemmas: bool = True) -> None:
        self.syntax = syntax  # False: no dependency parse (Sentence.words stays empty); see marsad.syntax
        self.syntax_needs_participant = syntax_needs_participant
        self.syntax_lemmas = syntax_lemmas
        self.kb: KnowledgeBase = get_kb(tuple(Path(p) for p in kb_files))
        self.ontology: Ontology = get_ontology()
        self.max_chars = max_chars
        self.max_seconds = max_seconds
        by_lang: dict[str, list[Path]] = {}
        for p in lexicon_files:
            by_lang.setdefault(user_lexicon_lang(Path(p)), []).append(Path(p))
        self.lexicon_files: dict[str, tuple[Path, ...]] = {k: tuple(v) for k, v in by_lang.items()}
        for lang in self.lexicon_files:
            self.lexicon(lang)
        if detector is True or isinstance(detector, str | Path):
            from marsad.coding.detector import get_detector

            detector = get_detector(None if detector is True else str(Path(detector).resolve()))
        self.detector = detector or None

    def lexicon(self, lang: str) -> Lexicon:
        return get_lexicon(lang, self.lexicon_files.get(lang, ()))

    def code(self, text: str, published: str | None = None, lang: str | None = None, *, title: str | None = None,
             source: str | None = None, url: str | None = None, byline: str | None = None, name: str = "<input>",
             max_seconds: float | Literal["default"] | None = "default") -> CodedDocument:
        """Code one text. Raises :class:`InputError` for text that cannot be coded.

        ``max_seconds`` is the time budget for this document in CPU seconds of the calling thread
        (default: the coder's, 120 s; ``None``: no limit). It is checked cooperatively between stages
        and between sentences, so a document that exceeds it stops soon after with
        ``InputError(reason="too-slow")`` and nothing half-coded.
        """
        with collector_paused():
            return self._code(text, published, lang, title=title, source=source, url=url, byline=byline, name=name,
                              max_seconds=max_seconds)

    def _code(self, text: str, published: str | None, lang: str | None, *, title: str | None, source: str | None,
              url: str | None, byline: str | None, name: str,
              max_seconds: float | Literal["default"] | None) -> CodedDocument:
        budget = _Budget(self.max_seconds if isinstance(max_seconds, str) else max_seconds, name)
        check_text(text, name, self.max_chars)
        if published is not None and not _valid_date(published):
            raise InputError(f"{name}: published date '{published}' is not a date in YYYY-MM-DD", "bad-date")
        if lang is not None and lang not in LANGUAGES:
            raise InputError(f"{name}: language '{lang}' is not one of ar, en, fr", "unknown-language")
        detected, mixed = identify(text, name, strict=lang is None)
        lang = lang or detected
        norm = normalise(text)
        budget.check("normalisation")
        doc_id = hashlib.sha256(" ".join(norm.text.split()).encode("utf-8", "surrogatepass")).hexdigest()[:16]
        sentences = split_sentences(text, lang)
        if title is None and sentences and sentences[0].is_title:
            title = text[sentences[0].start:sentences[0].end]
        genre = classify_genre(text, lang, title=title, url=url, byline=byline)
        doc = Document(text=text, id=doc_id, language=lang, published=published, title=title, source=source,
                       url=url, mixed_language=mixed, sentences=sentences, byline=byline, genre=genre.value,
                       genre_cues=genre.cues)
        budget.check("sentence splitting")
        mentions = find_mentions(norm, text, sentences, self.kb, lang, published)
        budget.check("actor mentions")
        mentions = resolve_references(norm, text, sentences, self.kb, lang, mentions)
        mentions = shorter_names(mentions, text, [s.start for s in sentences])
        mentions = role_anaphora(titled_states(person_countries(mentions, text, self.kb), text))
        mentions = ethnic_groups(mentions, text, _LANG_DATA[lang].ETHNIC_MARKERS)
        budget.check("references")
        for i, s in enumerate(sentences):
            s.tokens = tokenise(norm, norm.map.to_norm(s.start), norm.map.to_norm(s.end))
            if i % 64 == 63:
                budget.check("tokenisation")
        if self.syntax:
            from marsad.syntax.stage import parse_document

            parse_document(doc, norm, self.lexicon(lang), mentions, self.syntax_needs_participant,
                           self.syntax_lemmas)
            budget.check("syntax")
        events = code_events(doc, norm, mentions, self.kb, self.lexicon(lang), self.ontology,
                             check=lambda: budget.check("event coding"), detector=self.detector)
        return CodedDocument(document=doc, mentions=mentions, events=events)



@lru_cache(maxsize=1)
def default_coder() -> Coder:
    return Coder()


def code(text: str, published: str | None = None, lang: str | None = None) -> CodedDocument:
    """Code one news text with the built-in knowledge base and lexicons.

    ``published`` (YYYY-MM-DD) anchors relative dates; ``lang`` (ar/en/fr)
    overrides language identification.
    """
    return default_coder().code(text, published=published, lang=lang)
