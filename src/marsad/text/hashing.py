"""Feature strings → column indices, exactly as scikit-learn's ``FeatureHasher`` computes them, remembered.

Why not call ``FeatureHasher.transform`` per document: the segmenter and the detector score a few hundred
feature strings at a time, and most of the cost of each call is scikit-learn's per-call work (input checks,
the output wrapper, a generator per row, re-hashing every string), not the products. Their features repeat
across documents (character n-grams, governor classes, cue words), so the index of each string is computed
once with scikit-learn's own MurmurHash3 (``sklearn.utils.murmurhash3_32``) and kept in a bounded dict; the rows
are then one CSR matrix built from the indices, which the callers multiply as before. The result is the same
matrix ``FeatureHasher(n_features, input_type="string", alternate_sign=False)`` gives (tests/test_hashing.py
compares them), so the shipped weights stay valid.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.utils import murmurhash3_32

from marsad.text.normalise import encodable

_CACHE_MAX = 200_000  # strings remembered per process and table size (about 20 MB at most)
_INT32_MIN = -(2**31)
_caches: dict[int, dict[str, int]] = {}


def _index(feature: str, n_features: int) -> int:
    """The column FeatureHasher gives ``feature`` (``abs`` of the signed MurmurHash3, the int32 minimum as
    scikit-learn maps it)."""
    try:
        h = murmurhash3_32(feature, seed=0)
    except UnicodeEncodeError:  # a lone surrogate from a broken feed: hashed as U+FFFD, as the callers did
        h = murmurhash3_32(encodable(feature), seed=0)
    if h == _INT32_MIN:
        return (2**31 - 1 - (n_features - 1)) % n_features
    return abs(h) % n_features


def indices(rows: Sequence[Sequence[str]], n_features: int) -> tuple[np.ndarray, np.ndarray]:
    """(column indices of every feature, row pointers): the CSR structure of the hashed rows."""
    cache = _caches.setdefault(n_features, {})
    if len(cache) > _CACHE_MAX:
        cache.clear()
    cols: list[int] = []
    ptr = [0]
    for row in rows:
        for f in row:
            i = cache.get(f)
            if i is None:
                i = cache[f] = _index(f, n_features)
            cols.append(i)
        ptr.append(len(cols))
    return np.asarray(cols, dtype=np.int32), np.asarray(ptr, dtype=np.int32)


def hashed(rows: Sequence[Sequence[str]], n_features: int, dtype: type = np.float32) -> csr_matrix:
    """The rows as the sparse count matrix ``FeatureHasher`` (no alternate sign) returns."""
    cols, ptr = indices(rows, n_features)
    data = np.ones(len(cols), dtype=dtype)
    return csr_matrix((data, cols, ptr), shape=(len(rows), n_features))
