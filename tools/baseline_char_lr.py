"""The character-n-gram baseline for Arabic GSR detection, to set the detector's figures against.

    PYTHONPATH=src python tools/baseline_char_lr.py --data ../shared/eval

A plain logistic regression on hashed character 2–5-grams of the whole sentence (word-bounded), trained on
the GSR csv **dev** split of each type and scored on its **test** split (labels as `marsad eval arabic-gsr`:
yes vs easy/difficult no, ambiguous dropped; threshold 0.5, balanced classes). It sees every sentence,
with no lexicon and no coder: what a sentence classifier alone can do on this set.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from marsad.evaluation.arabic_gsr import read_detection
from marsad.evaluation.common import PRF


def main() -> None:
    from sklearn.feature_extraction.text import HashingVectorizer
    from sklearn.linear_model import LogisticRegression

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=Path("../shared/eval"))
    args = ap.parse_args()
    vec = HashingVectorizer(analyzer="char_wb", ngram_range=(2, 5), n_features=2 ** 20, alternate_sign=False)
    for et in ("assault", "protest"):
        path = args.data / "arabic-event-gsr" / f"{et}_gsr.csv"
        dev, test = read_detection(path, "dev"), read_detection(path, "test")
        model = LogisticRegression(C=4.0, max_iter=2000, class_weight="balanced", solver="liblinear")
        model.fit(vec.transform([s.text for s in dev]), [s.positive for s in dev])
        prf = PRF()
        for s, p in zip(test, model.predict(vec.transform([s.text for s in test])), strict=True):
            prf.add(s.positive, bool(p))
        print(f"{et.upper()} test: F1 {prf.f1:.3f} {prf.detail()}; n={len(test)} (trained on {len(dev)} dev)")


if __name__ == "__main__":
    main()
