"""Syntax: UD dependency parses for Arabic, English and French (see docs/ARCHITECTURE.md).

The API the coder's role rules use (spaCy is imported only when a model is first loaded):

- ``parse_sentences(lang, text, sentences, norm=None) -> list[list[Word]]`` — parse sentences of a document;
- ``word_at(words, offset)``, ``words_in(words, start, end)`` — the words under a character offset or span
  (a trigger, a mention), ``head_of(words, word)``, ``children(words, word, deprel)`` — walk the tree;
- ``marsad.syntax.stage.parse_document(doc, norm, lexicon)`` — what the pipeline runs: fills
  ``Sentence.words`` for the sentences with a candidate trigger.
"""

from marsad.syntax.parse import (
    SyntaxModelError,
    children,
    head_of,
    load_model,
    parse_sentences,
    parse_words,
    word_at,
    words_in,
)

__all__ = ["SyntaxModelError", "children", "head_of", "load_model", "parse_sentences", "parse_words", "word_at",
           "words_in"]
