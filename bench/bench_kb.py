"""Knowledge-base load time, automaton size and lookup speed (run by hand; prints figures).

    .venv/bin/python bench/bench_kb.py
"""

from __future__ import annotations

import random
import time

from marsad.kb.base import load_kb
from marsad.text.normalise import normalise


def main() -> None:
    t0 = time.perf_counter()
    kb = load_kb()
    load = time.perf_counter() - t0
    stats = kb.automaton.get_stats()
    print(f"KB load + automaton build: {load:.2f} s")
    print(f"entries: {len(kb.states)} states, {len(kb.people)} people, {len(kb.organisations)} organisations, "
          f"{len(kb.roles)} roles; {len(kb.places)} places")
    print(f"automaton: {stats['words_count']} aliases, {stats['nodes_count']} nodes, "
          f"{stats['total_size'] / 1e6:.1f} MB")
    keys = list(kb._aliases)
    random.seed(1)
    sample = [random.choice(keys) for _ in range(100_000)]
    t0 = time.perf_counter()
    for k in sample:
        kb.lookup(k)
    dt = time.perf_counter() - t0
    print(f"kb.lookup: {len(sample) / dt:,.0f} lookups/s")
    text = " ".join(sample[:20_000])
    norm = normalise(text)
    t0 = time.perf_counter()
    n = sum(1 for _ in kb.automaton.iter(norm.text))
    dt = time.perf_counter() - t0
    print(f"automaton scan: {len(text) / dt / 1e6:.1f} M chars/s ({n} raw matches in {len(text):,} chars)")


if __name__ == "__main__":
    main()
