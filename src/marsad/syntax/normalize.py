"""Word forms as the parser was trained on them.

Why a normalisation of its own (and not ``marsad.text.normalise``): the matcher folds alef forms, ة and ى
because news spells them loosely, but the Arabic training data (PADT as prepared in ``shared/data/ud``) keeps
them; it only lost its diacritics and its Eastern digits. The parser must see words spelt as in training, so
this removes exactly what the preparation removed — harakat, shadda, sukun, dagger alef, tatweel — and writes
Arabic-Indic digits as Western ones. The same function prepares the training files (``tools/train_syntax.py``),
so training and run time cannot drift apart. English and French forms are left as they are.
"""

from __future__ import annotations

from marsad.text import ar
from marsad.text.normalise import encodable

_TABLE: dict[int, str | None] = {ord(c): None for c in ar.DIACRITICS}
_TABLE.update({ord(k): v for k, v in ar.DIGITS.items()})


def normalize_form(form: str, lang: str) -> str:
    """The form the ``lang`` model expects; never empty (a lone mark stays as it is)."""
    form = encodable(form)
    if lang != "ar":
        return form
    out = form.translate(_TABLE)
    return out or form
