"""A bounded load test of `marsad serve` on loopback (run by hand; prints latency and throughput).

    .venv/bin/python bench/bench_web.py ../shared/eval/saudinewsnet/politics_subset.jsonl.gz --articles 300

Builds a store from the corpus's first ``--articles`` articles with ``marsad ingest`` (into ``--work``, under
/tmp by default; reused when it is already there), starts ``marsad serve`` on 127.0.0.1 at a free port in a
child process, then sends a fixed number of requests from ``--clients`` concurrent clients (httpx AsyncClient,
each request with a timeout) to ``GET /api/events`` (no filter; an actor filter) and ``POST /api/code`` (a short
Arabic paragraph) and prints, per endpoint, requests/s and the p50/p90/p99/max latency. Only loopback is ever
contacted; the corpus is read at run time and nothing is copied into the repository.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import itertools
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import httpx

PARAGRAPH = ("أعلنت وزارة الخارجية السعودية اليوم أن الرياض وقعت اتفاقية تعاون أمني مع مصر في القاهرة، "
             "فيما أدان الرئيس الإيراني الغارات التي شنتها إسرائيل على قطاع غزة. وقال متحدث باسم الحكومة "
             "التركية إن أنقرة ستستقبل وفدا روسيا الأسبوع المقبل لبحث الأزمة السورية.")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def build_store(corpus: Path, articles: int, work: Path) -> Path:
    """The store of the corpus's first ``articles`` JSONL lines, made by ``marsad ingest`` (reused if present)."""
    db = work / f"web-{articles}.db"
    if db.exists():
        return db
    work.mkdir(parents=True, exist_ok=True)
    subset = work / f"subset-{articles}.jsonl.gz"
    opener = gzip.open if corpus.suffix == ".gz" else open
    with opener(corpus, "rt", encoding="utf-8") as src, gzip.open(subset, "wt", encoding="utf-8") as out:
        out.writelines(itertools.islice(src, articles))
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", "from marsad.cli import main; main()", "ingest", str(subset), "--db",
                    str(db), "--quiet"], check=True)
    print(f"store: {articles} articles ingested in {time.perf_counter() - t0:.1f} s → {db}")
    return db


def start_server(db: Path, port: int, log: Path) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if k not in ("MARSAD_DB", "MARSAD_WEB_TOKEN")}
    with open(log, "wb") as fh:
        proc = subprocess.Popen([sys.executable, "-c", "from marsad.cli import main; main()", "serve", "--db",
                                 str(db), "--host", "127.0.0.1", "--port", str(port), "--create"], stdout=fh,
                                stderr=subprocess.STDOUT, env=env)
    deadline = time.monotonic() + 90
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/stats", timeout=2) as r:
                if r.status == 200:
                    return proc
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise SystemExit(f"marsad serve did not start; see {log}")
        time.sleep(0.25)


async def load(base: str, method: str, path: str, total: int, clients: int, timeout: float,
               **kw: Any) -> dict[str, Any]:
    """``total`` requests from ``clients`` concurrent workers; latency of each successful one."""
    latencies: list[float] = []
    errors: dict[str, int] = {}
    counter = itertools.count()
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=timeout, limits=limits) as client:

        async def worker() -> None:
            while next(counter) < total:
                t0 = time.perf_counter()
                try:
                    r = await client.request(method, path, **kw)
                    if r.status_code == 200:
                        latencies.append(time.perf_counter() - t0)
                    else:
                        errors[str(r.status_code)] = errors.get(str(r.status_code), 0) + 1
                except httpx.HTTPError as exc:
                    errors[type(exc).__name__] = errors.get(type(exc).__name__, 0) + 1

        t0 = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(clients)))
        elapsed = time.perf_counter() - t0
    ms = sorted(x * 1000 for x in latencies)

    def pct(p: float) -> float:
        return ms[min(len(ms) - 1, round(p / 100 * (len(ms) - 1)))] if ms else float("nan")

    return {"requests": total, "ok": len(ms), "errors": errors, "seconds": elapsed, "rps": len(ms) / elapsed,
            "p50": pct(50), "p90": pct(90), "p99": pct(99), "max": ms[-1] if ms else float("nan"),
            "mean": statistics.fmean(ms) if ms else float("nan")}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", type=Path, nargs="?",
                    default=Path("/work/shared/eval/saudinewsnet/politics_subset.jsonl.gz"))
    ap.add_argument("--articles", type=int, default=300, help="articles to ingest into the bench store")
    ap.add_argument("--work", type=Path, default=Path("/tmp/marsad-bench-web"), help="where the store goes")
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--events-requests", type=int, default=2000)
    ap.add_argument("--code-requests", type=int, default=500)
    ap.add_argument("--timeout", type=float, default=60.0, help="per request, seconds")
    args = ap.parse_args()

    db = build_store(args.corpus, args.articles, args.work)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"  # loopback only
    proc = start_server(db, port, args.work / "serve.log")
    try:
        with urllib.request.urlopen(base + "/api/stats", timeout=10) as r:
            import json

            st = json.loads(r.read())
        print(f"store: {st['articles']} articles, {st['events']} events, {st['clusters']} clusters")
        print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
              f"server: one uvicorn process; {args.clients} concurrent clients on {base}")
        scenarios = [
            ("GET /api/events", "GET", "/api/events", args.events_requests, {}),
            ("GET /api/events?actor=SAU", "GET", "/api/events", args.events_requests, {"params": {"actor": "SAU"}}),
            ("POST /api/code", "POST", "/api/code", args.code_requests,
             {"json": {"text": PARAGRAPH, "published": "2015-07-20"}}),
        ]
        for _name, method, path, n, kw in scenarios:  # a short warm-up, then the measured run
            asyncio.run(load(base, method, path, min(50, n), args.clients, args.timeout, **kw))
        print(f"\n{'endpoint':28} {'requests':>8} {'ok':>6} {'req/s':>8} {'p50 ms':>8} {'p90 ms':>8} "
              f"{'p99 ms':>8} {'max ms':>8}  errors")
        for name, method, path, n, kw in scenarios:
            r = asyncio.run(load(base, method, path, n, args.clients, args.timeout, **kw))
            print(f"{name:28} {r['requests']:>8} {r['ok']:>6} {r['rps']:>8.1f} {r['p50']:>8.1f} {r['p90']:>8.1f} "
                  f"{r['p99']:>8.1f} {r['max']:>8.1f}  {r['errors'] or '-'}")
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


if __name__ == "__main__":
    main()
