"""Arabic tokens → UD syntactic words (clitics apart), each with its exact span in the text as read.

Why a trained classifier and not the coder's clitic splitter (``marsad.text.tokens.split_clitics``): that one
only splits when what remains is a word the lexicon knows, which is right for matching triggers but leaves most
clitics of unknown words attached, while the parser was trained on UD words where every conjunction و ف,
preposition ب ل ك, future س and object or possessive pronoun is a word of its own (the article ال is not). UD
Arabic-PUD writes each clitic as a token with ``SpaceAfter=No``, so its raw text gives exactly where a word
boundary falls inside a written token. A logistic regression (scikit-learn) over character n-grams around
each candidate position learns that decision; it is stored as a weight vector (``.npz``, no pickle) over
hashed features, so loading needs no training state at all.

Positions are counted on the token with diacritics removed and mapped back to the text as read, so a mark
always stays with its letter and every word's span lies inside its token's span.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from marsad.text import ar
from marsad.text.hashing import hashed

N_FEATURES = 2**18
_ARABIC_LETTER = re.compile(r"[\u0621-\u064A\u0671-\u06D3]")
_MARKS = ar.DIACRITICS
# Candidate boundaries: clitics stack to at most three letters before a stem (وبال is و ب + ال, and ال is not
# split) and pronouns are at most three letters (هما, كما): positions further inside are never tried.
MAX_PREFIX = 3
MAX_SUFFIX = 3
_CACHE_MAX = 200_000  # word forms remembered per process (a few tens of MB at most)


def _letters(token: str) -> tuple[str, list[int]]:
    """The token without marks, and for each remaining letter its offset in ``token``."""
    chars, offs = [], []
    for i, c in enumerate(token):
        if c in _MARKS:
            continue
        chars.append(c)
        offs.append(i)
    return "".join(chars), offs


def candidates(word: str) -> list[int]:
    """Positions ``i`` (a boundary before ``word[i]``) that may separate a clitic."""
    n = len(word)
    return [i for i in range(1, n) if i <= MAX_PREFIX or n - i <= MAX_SUFFIX]


def features(word: str, i: int) -> list[str]:
    """Character context of the boundary before ``word[i]``: the n-grams a linguist would look at."""
    n = len(word)
    w = "^" + word + "$"
    j = i + 1  # position in w
    f = [f"p{i}", f"r{n - i}", f"n{min(n, 12)}", f"b{w[j - 1:j + 1]}", f"t{w[j - 2:j + 1]}|{w[j:j + 2]}"]
    for k in range(1, 5):
        f.append(f"L{k}{w[max(0, j - k):j]}")
        f.append(f"R{k}{w[j:j + k]}")
    if i <= 4:
        f.append(f"LW{word[:i]}")
    if n - i <= 4:
        f.append(f"RW{word[i:]}")
    f.append(f"LW{word[:i]}|R3{w[j:j + 3]}")
    f.append(f"L3{w[max(0, j - 3):j]}|RW{word[i:]}" if n - i <= 4 else f"n{min(n, 12)}|{w[j:j + 2]}")
    f.append(f"W{word}|{i}")
    return f


@lru_cache(maxsize=1)
def _hasher():  # type: ignore[no-untyped-def]
    from sklearn.feature_extraction import FeatureHasher

    return FeatureHasher(n_features=N_FEATURES, input_type="string", alternate_sign=False)


@dataclass(frozen=True)
class Segmenter:
    """Weights of the boundary classifier (see the module docstring)."""

    coef: np.ndarray
    intercept: float
    threshold: float = 0.5
    _cache: dict[str, tuple[int, ...]] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def load(cls, folder: Path) -> Segmenter:
        with np.load(folder / "weights.npz", allow_pickle=False) as z:
            coef = z["coef"].astype(np.float32)
            intercept = float(z["intercept"][0])
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        if meta.get("n_features") != N_FEATURES or coef.shape != (N_FEATURES,):
            raise ValueError(f"{folder}: segmenter weights do not match this version of marsad.syntax.segment")
        return cls(coef, intercept, float(meta.get("threshold", 0.5)))

    def split_points(self, words: Sequence[str]) -> list[tuple[int, ...]]:
        """For each (mark-free) word, the positions where a syntactic word starts inside it.

        The decision depends on the word alone, so it is cached per word form: news repeats its vocabulary,
        and most words of an article are then a dictionary look-up, not a classification.
        """
        cache = self._cache
        out: list[tuple[int, ...]] = []
        todo: dict[str, None] = {}
        for w in words:
            if w not in cache and w not in todo and _ARABIC_LETTER.search(w):
                todo[w] = None
        if todo:
            rows: list[list[str]] = []
            where: list[tuple[str, int]] = []
            for w in todo:
                for i in candidates(w):
                    rows.append(features(w, i))
                    where.append((w, i))
            found: dict[str, list[int]] = {w: [] for w in todo}
            if rows:
                scores = hashed(rows, N_FEATURES) @ self.coef + self.intercept
                cut = float(np.log(self.threshold / (1 - self.threshold)))
                for (w, i), sc in zip(where, scores, strict=True):
                    if sc > cut:
                        found[w].append(i)
            if len(cache) > _CACHE_MAX:
                cache.clear()
            cache.update((w, tuple(v)) for w, v in found.items())
        for w in words:
            out.append(cache.get(w, ()))
        return out

    def segment(self, text: str, spans: Sequence[tuple[int, int]]) -> list[list[tuple[int, int]]]:
        """Each token span of ``text`` as the spans of its syntactic words (one span when nothing splits)."""
        stripped = [_letters(text[s:e]) for s, e in spans]
        points = self.split_points([w for w, _ in stripped])
        out: list[list[tuple[int, int]]] = []
        for (s, e), (_w, offs), cuts in zip(spans, stripped, points, strict=True):
            if not cuts:
                out.append([(s, e)])
                continue
            bounds = [s] + [s + offs[i] for i in cuts] + [e]
            out.append([(a, b) for a, b in itertools.pairwise(bounds) if b > a])
        return out


@lru_cache(maxsize=4)
def get_segmenter(folder: Path) -> Segmenter:
    return Segmenter.load(folder)


# -- training (tools/train_syntax.py) ---------------------------------------------------------------------------

def _gold_sentences(paths: Iterable[Path]) -> Iterator[tuple[str, set[int]]]:
    """Raw text (forms joined as SpaceAfter says) and the offsets where a word starts, per sentence."""
    for path in paths:
        for block in path.read_text(encoding="utf-8").split("\n\n"):
            text, starts = "", set()
            for line in block.splitlines():
                cols = line.split("\t")
                if line.startswith("#") or len(cols) != 10 or not cols[0].isdigit():
                    continue
                starts.add(len(text))
                text += cols[1] + ("" if "SpaceAfter=No" in cols[9] else " ")
            if text:
                yield text, starts


def training_rows(paths: Iterable[Path]) -> tuple[list[list[str]], list[int]]:
    """Features and labels for every candidate boundary inside the run-time tokens of the gold text."""
    from marsad.text.normalise import normalise
    from marsad.text.tokens import tokenise

    rows: list[list[str]] = []
    labels: list[int] = []
    for text, starts in _gold_sentences(paths):
        for tok in tokenise(normalise(text)):
            if not tok.is_word:
                continue
            word, offs = _letters(text[tok.start:tok.end])
            if not _ARABIC_LETTER.search(word):
                continue
            for i in candidates(word):
                rows.append(features(word, i))
                labels.append(int(tok.start + offs[i] in starts))
    return rows, labels


def train_segmenter(paths: Sequence[Path], dest: Path, c: float = 4.0) -> None:
    """Fit the boundary classifier and write ``weights.npz`` + ``meta.json`` to ``dest``."""
    from sklearn.linear_model import LogisticRegression

    rows, labels = training_rows(paths)
    x = _hasher().transform(rows)
    clf = LogisticRegression(C=c, max_iter=2000, solver="liblinear", random_state=0)
    clf.fit(x, np.asarray(labels))
    dest.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(dest / "weights.npz", coef=clf.coef_[0].astype(np.float32),
                        intercept=clf.intercept_.astype(np.float32))
    meta = {"n_features": N_FEATURES, "threshold": 0.5, "C": c, "trained_on": [p.name for p in paths],
            "boundaries": int(sum(labels)), "candidates": len(labels),
            "model": "sklearn LogisticRegression (liblinear) over hashed character n-grams"}
    (dest / "meta.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
