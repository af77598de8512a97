"""Feature strings → column indices, exactly as scikit-learn's ``FeatureHasher`` computes them.

Why not call ``FeatureHasher.transform`` per document: the segmenter and the detector score a few hundred
feature strings at a time, and most of the cost of each call is scikit-learn's per-call work (input checks,
the output wrapper, a generator per row, duplicate summing), not the products. Here every string is hashed
with scikit-learn's own MurmurHash3 (``sklearn.utils.murmurhash3_32``, one C call per string, through ``map``)
and the columns are taken with numpy; the rows are then one CSR matrix built from the indices, which the
callers multiply as before. The result is the same matrix ``FeatureHasher(n_features, input_type="string",
alternate_sign=False)`` gives (tests/test_hashing.py compares them), so the shipped weights stay valid.

Why no table of strings already hashed (an earlier version kept 200,000): a third of the strings are new
(character n-grams of unseen words), a dict insert costs twice a hash, and the table had to be cleared every
few hundred articles; hashing everything halved the time (docs/PERFORMANCE.md) and holds no memory.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.utils import murmurhash3_32

from marsad.text.normalise import encodable

_INT32_MIN = -(2**31)


def _hash(feature: str) -> int:
    """The signed MurmurHash3 of ``feature``; a lone surrogate from a broken feed is hashed as U+FFFD, as the
    callers did before hashing moved here."""
    try:
        return int(murmurhash3_32(feature, seed=0))
    except UnicodeEncodeError:
        return int(murmurhash3_32(encodable(feature), seed=0))


def indices(rows: Sequence[Sequence[str]], n_features: int) -> tuple[np.ndarray, np.ndarray]:
    """(column indices of every feature, row pointers): the CSR structure of the hashed rows."""
    flat = list(itertools.chain.from_iterable(rows))
    try:
        h = np.fromiter(map(murmurhash3_32, flat), dtype=np.int64, count=len(flat))
    except UnicodeEncodeError:  # rare: redo the batch one string at a time
        h = np.fromiter(map(_hash, flat), dtype=np.int64, count=len(flat))
    cols = np.abs(h) % n_features
    # scikit-learn maps abs(int32 minimum), undefined in C, to this column
    cols[h == _INT32_MIN] = (2**31 - 1 - (n_features - 1)) % n_features
    ptr = np.zeros(len(rows) + 1, dtype=np.int32)
    np.cumsum(np.fromiter(map(len, rows), dtype=np.int32, count=len(rows)), out=ptr[1:])
    return cols.astype(np.int32), ptr


def hashed(rows: Sequence[Sequence[str]], n_features: int, dtype: type = np.float32) -> csr_matrix:
    """The rows as the sparse count matrix ``FeatureHasher`` (no alternate sign) returns."""
    cols, ptr = indices(rows, n_features)
    data: np.ndarray = np.ones(len(cols), dtype=dtype)
    return csr_matrix((data, cols, ptr), shape=(len(rows), n_features))
