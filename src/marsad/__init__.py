"""Marsad: political event data from Arabic, English and French news.

The public API is deliberately small: :func:`code` turns one text into a
:class:`~marsad.model.CodedDocument`; everything else (store, relations, web)
builds on that.
"""

from marsad.errors import ConfigError, DataError, InputError, MarsadError
from marsad.model import Actor, Attribution, CodedDocument, Document, Event, Mention, Sentence, Token
from marsad.pipeline import Coder, code

__version__ = "0.1.0"

__all__ = [
    "Actor",
    "Attribution",
    "CodedDocument",
    "Coder",
    "ConfigError",
    "DataError",
    "Document",
    "Event",
    "InputError",
    "MarsadError",
    "Mention",
    "Sentence",
    "Token",
    "__version__",
    "code",
]
