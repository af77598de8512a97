"""`marsad code` throughput with and without the dependency parse (run by hand; prints figures).

    OMP_NUM_THREADS=1 .venv/bin/python bench/bench_syntax.py ../shared/eval/saudinewsnet/politics_subset.jsonl.gz \
        --limit 1000 [--mode both|parse|noparse] [--all-trigger-sentences]

Why each mode runs in its own process (``--mode both`` starts two): peak RSS is per process, and a process
that never loaded the parser is the honest "without" figure. The knowledge base, lexicons and the parser are
loaded before the clock starts, as in any batch run. Reports sentences/s (all sentences of the articles, the
figure the issue asks for), how many of them the parser read (those with a candidate trigger) and its words/s,
and peak RSS.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time
from pathlib import Path

from bench_coder import read_texts  # run as a script: bench/ is on the path, as for bench_detector


def run(corpus: Path, field: str, limit: int, parse: bool, participants: bool = True) -> None:
    from marsad.errors import InputError
    from marsad.pipeline import Coder

    texts = read_texts(corpus, field, limit)
    t0 = time.perf_counter()
    coder = Coder(syntax=parse, syntax_needs_participant=participants, syntax_lemmas=False)  # as `marsad code`
    for lang in ("ar", "en", "fr"):
        coder.lexicon(lang)
    if parse:
        from marsad.syntax.parse import load_model, load_segmenter

        load_model("ar")
        load_segmenter()
    load = time.perf_counter() - t0
    sentences = parsed = words = events = skipped = 0
    t0 = time.perf_counter()
    for text in texts:
        try:
            cd = coder.code(text, lang="ar")
        except InputError:
            skipped += 1
            continue
        sentences += len(cd.document.sentences)
        parsed += sum(1 for s in cd.document.sentences if s.words)
        words += sum(len(s.words) for s in cd.document.sentences)
        events += len(cd.events)
    dt = time.perf_counter() - t0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    label = ("with parse" + ("" if participants else " (every trigger sentence)")) if parse else "without parse"
    print(f"{label}: load {load:.2f} s; {len(texts) - skipped} articles ({skipped} skipped), {sentences} sentences "
          f"in {dt:.1f} s = {sentences / dt:,.0f} sentences/s; {events} events; parsed {parsed} sentences "
          f"({words} words); peak RSS {rss:.0f} MB", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--field", default="content")
    ap.add_argument("--limit", type=int, default=1000)
    ap.add_argument("--mode", choices=("both", "parse", "noparse"), default="both")
    ap.add_argument("--all-trigger-sentences", action="store_true",
                    help="parse every sentence with a candidate trigger, also those that name no actor "
                         "(Coder(syntax_needs_participant=False); the default parses only those that name one)")
    args = ap.parse_args()
    if args.mode == "both":
        for mode in ("noparse", "parse"):
            extra = ["--all-trigger-sentences"] if args.all_trigger_sentences else []
            subprocess.run([sys.executable, __file__, str(args.corpus), "--field", args.field, "--limit",
                            str(args.limit), "--mode", mode, *extra], check=True)
        return
    run(args.corpus, args.field, args.limit, args.mode == "parse", not args.all_trigger_sentences)


if __name__ == "__main__":
    main()
