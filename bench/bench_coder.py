"""Coder throughput and memory on a JSONL(.gz) news corpus (run by hand; prints figures).

    .venv/bin/python bench/bench_coder.py ../shared/eval/saudinewsnet/politics_subset.jsonl.gz --limit 500

Raw text → coded document, single process: sentences/s, articles/s, events/s and peak RSS. The knowledge
base and lexicons are loaded (and timed) once before the clock starts, as in any batch run.
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import time
from pathlib import Path

from marsad.errors import InputError
from marsad.pipeline import Coder


def read_texts(path: Path, field: str, limit: int) -> list[str]:
    opener = gzip.open if path.suffix == ".gz" else open
    out: list[str] = []
    with opener(path, "rt", encoding="utf-8") as f:  # type: ignore[operator]
        for line in f:
            text = json.loads(line).get(field) or ""
            if text.strip():
                out.append(text)
            if len(out) >= limit:
                break
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--field", default="content")
    ap.add_argument("--limit", type=int, default=500)
    args = ap.parse_args()
    texts = read_texts(args.corpus, args.field, args.limit)
    t0 = time.perf_counter()
    coder = Coder()
    for lang in ("ar", "en", "fr"):
        coder.lexicon(lang)
    load = time.perf_counter() - t0
    sentences = events = skipped = 0
    t0 = time.perf_counter()
    for text in texts:
        try:
            cd = coder.code(text)
        except InputError:
            skipped += 1
            continue
        sentences += len(cd.document.sentences)
        events += len(cd.events)
    dt = time.perf_counter() - t0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"load (KB + 3 lexicons + ontology): {load:.2f} s")
    print(f"articles: {len(texts) - skipped} coded, {skipped} skipped, in {dt:.1f} s "
          f"→ {(len(texts) - skipped) / dt:.1f} articles/s")
    print(f"sentences: {sentences} → {sentences / dt:.0f} sentences/s (one core)")
    print(f"events: {events} → {events / max(1, len(texts) - skipped):.2f} per article")
    print(f"peak RSS: {rss:.0f} MB")


if __name__ == "__main__":
    main()
