"""Ingest throughput into the store, SQLite or PostgreSQL (run by hand; prints articles/s).

    .venv/bin/python bench/bench_ingest.py ../shared/eval/saudinewsnet/politics_subset.jsonl.gz --limit 500
    .venv/bin/python bench/bench_ingest.py CORPUS --db postgresql://marsad@127.0.0.1:55432/marsad_test

Times the whole path (read → code → store → cluster) into a fresh store, then a second ingest of the same
corpus (which must add nothing), and reports the store's share of the time. A PostgreSQL store is emptied
first, so never point this at a database you care about.
"""

from __future__ import annotations

import argparse
import itertools
import tempfile
import time
from pathlib import Path

from sqlalchemy import create_engine

from marsad.ingest import Article, iter_source
from marsad.pipeline import Coder
from marsad.store import Store, resolve_url
from marsad.store.schema import metadata, schema_version


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--db", help="postgresql://… URL (default: a fresh SQLite file in a temporary folder)")
    ap.add_argument("--limit", type=int, default=1000)
    args = ap.parse_args()
    items = [i for i in itertools.islice(iter_source(str(args.corpus)), args.limit) if isinstance(i, Article)]
    coder = Coder()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or str(Path(tmp) / "bench.db")
        if args.db:
            engine = create_engine(resolve_url(args.db))
            with engine.begin() as conn:
                metadata.drop_all(conn)
                schema_version.drop(conn, checkfirst=True)
            engine.dispose()
        with Store(db) as store:
            coding = storing = 0.0
            t0 = time.perf_counter()
            for item in items:
                t = time.perf_counter()
                cd = coder.code(item.text, published=item.published, title=item.title, source=item.source,
                                url=item.url, name=item.origin)
                coding += time.perf_counter() - t
                t = time.perf_counter()
                store.add(cd, origin=item.origin)
                storing += time.perf_counter() - t
            first = time.perf_counter() - t0
            t0 = time.perf_counter()
            skipped = sum(store.has_raw(i.text, i.url) for i in items)
            second = time.perf_counter() - t0
            print(f"store: {store.name}")
    n = len(items)
    print(f"articles: {n}")
    print(f"first ingest: {first:.1f} s = {n / first:.1f} articles/s "
          f"(coding {coding:.1f} s, store + clustering {storing:.1f} s = {n / storing:.0f} articles/s)")
    print(f"second ingest: {skipped}/{n} recognised unchanged in {second:.1f} s = {n / second:.0f} articles/s")


if __name__ == "__main__":
    main()
