"""marsad.text.hashing gives the matrix scikit-learn's FeatureHasher gives, so shipped weights stay valid."""

from __future__ import annotations

import random

import numpy as np
from sklearn.feature_extraction import FeatureHasher

from marsad.text.hashing import hashed


def _reference(rows: list[list[str]], n: int) -> np.ndarray:
    h = FeatureHasher(n_features=n, input_type="string", alternate_sign=False, dtype=np.float32)
    return h.transform(rows).toarray()


def test_the_same_columns_and_counts_as_feature_hasher() -> None:
    rng = random.Random(0)
    alphabet = "abcxyzالمتظاهرون|^$0123"
    rows = [[("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 8)))) for _ in range(rng.randint(0, 30))]
            for _ in range(200)]
    rows.append(["dup", "dup", "dup"])  # repeated features count
    rows.append([])  # an empty row stays a row
    for n in (2**10, 2**18):
        got = hashed(rows, n).toarray()
        assert got.shape == (len(rows), n)
        assert np.array_equal(got, _reference(rows, n))
    assert hashed(rows, 2**10).toarray()[-2].sum() == 3
    assert np.array_equal(hashed(rows, 2**10).toarray(), _reference(rows, 2**10))


def test_a_lone_surrogate_is_hashed_as_the_replacement_character() -> None:
    bad, clean = ["w=\ud800x"], ["w=\ufffdx"]
    assert np.array_equal(hashed([bad], 2**12).toarray(), _reference([clean], 2**12))
    # in a batch, the other rows keep their columns
    assert np.array_equal(hashed([["a", "b"], bad, []], 2**12).toarray(), _reference([["a", "b"], clean, []], 2**12))
