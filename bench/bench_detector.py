"""What the event detector costs: coder per-sentence time with and without it (run by hand; prints figures).

    OMP_NUM_THREADS=1 .venv/bin/python bench/bench_detector.py \\
        ../shared/eval/saudinewsnet/politics_subset.jsonl.gz --limit 300 --rounds 3

The same articles are coded by two coders in one process — the rules alone, and the rules plus the
detector — alternating round by round so that a busy machine slows both alike; the best round of each
is reported (the least disturbed). The goal (issue 14) is at most +15% per sentence. The model's load
time is reported apart: it is paid once per process (and once per Dask worker).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from bench_coder import read_texts

from marsad.coding.detector import get_detector
from marsad.errors import InputError
from marsad.pipeline import Coder


def run(coder: Coder, texts: list[str]) -> tuple[float, int, int]:
    sentences = events = 0
    t0 = time.perf_counter()
    for text in texts:
        try:
            cd = coder.code(text, lang="ar")
        except InputError:
            continue
        sentences += len(cd.document.sentences)
        events += len(cd.events)
    return time.perf_counter() - t0, sentences, events


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--field", default="content")
    ap.add_argument("--limit", type=int, default=300)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    texts = read_texts(args.corpus, args.field, args.limit)
    t0 = time.perf_counter()
    get_detector()
    load = time.perf_counter() - t0
    rules, with_det = Coder(detector=False), Coder()
    run(rules, texts[:20])  # warm caches (lexicon automata, KB lookups) for both
    run(with_det, texts[:20])
    best: dict[str, tuple[float, int, int]] = {}
    for _ in range(args.rounds):
        for name, coder in (("rules", rules), ("detector", with_det)):
            r = run(coder, texts)
            if name not in best or r[0] < best[name][0]:
                best[name] = r
    print(f"detector load (once per process): {load:.2f} s")
    for name, (dt, sents, events) in best.items():
        print(f"{name:9s}: {len(texts)} articles, {sents} sentences in {dt:.2f} s = {1e3 * dt / sents:.3f} ms/sentence,"
              f" {events} events")
    a, b = best["rules"], best["detector"]
    print(f"detector adds {100 * ((b[0] / b[1]) / (a[0] / a[1]) - 1):+.1f}% per sentence (goal ≤ +15%)")


if __name__ == "__main__":
    main()
