"""The text stage: decoding, language id, normalisation with offsets, sentences, tokens.

Language data lives in ``ar.py``, ``en.py`` and ``fr.py``; the algorithms in the
other modules read it and hold none of their own.
"""

from marsad.text.decode import check_text, decode_bytes
from marsad.text.langid import identify
from marsad.text.normalise import NormalisedText, OffsetMap, normalise, normalise_key
from marsad.text.sentences import split_sentences
from marsad.text.tokens import split_clitics, tokenise

__all__ = [
    "NormalisedText",
    "OffsetMap",
    "check_text",
    "decode_bytes",
    "identify",
    "normalise",
    "normalise_key",
    "split_clitics",
    "split_sentences",
    "tokenise",
]
