"""Scale-out throughput, scaling and memory of ``marsad batch`` (run by hand; prints figures).

    .venv/bin/python bench/bench_scale.py ../shared/eval/saudinewsnet/politics_subset.jsonl.gz --limit 1000

The first ``--limit`` lines of the corpus are copied to a temporary folder (outside the repository), then coded
into Parquet (1) in this process, (2) on a LocalCluster of 1 worker process and (3) of 2 worker processes
(one thread each). In every case the coder is loaded before the clock starts (its load is timed apart), so
the figures are coding + Parquet writing. Memory: peak RSS of each worker process (``ru_maxrss``, asked of
the worker itself at the end) and the largest RSS sampled with psutil every 0.2 s during the run. Then
cProfile of one partition inside a worker: where the time goes.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import gzip
import io
import os
import platform
import pstats
import resource
import shutil
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import psutil

from marsad.scale import code_partition, dask_client, run_batch, worker_coder
from marsad.scale.read import partitions


def subset(corpus: Path, limit: int, dest: Path) -> Path:
    out = dest / "subset.jsonl.gz"
    with gzip.open(corpus, "rb") as src, gzip.open(out, "wb") as dst:
        for i, line in enumerate(src):
            if i >= limit:
                break
            dst.write(line)
    return out


def _worker_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu_seconds() -> float:
    t = psutil.Process().cpu_times()
    return t.user + t.system


def _load_coder() -> float:
    t0 = time.perf_counter()
    worker_coder()
    return time.perf_counter() - t0


class RssSampler(threading.Thread):
    """The largest RSS of the given processes, sampled every 0.2 s."""

    def __init__(self, pids: list[int]) -> None:
        super().__init__(daemon=True)
        self.procs = [psutil.Process(p) for p in pids]
        self.peak: dict[int, float] = {p.pid: 0.0 for p in self.procs}
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            for p in self.procs:
                with contextlib.suppress(psutil.Error):
                    self.peak[p.pid] = max(self.peak[p.pid], p.memory_info().rss / 2**20)
            self.stop.wait(0.2)


def profiled_partition(part: Any, out: str) -> str:
    prof = cProfile.Profile()
    prof.enable()
    code_partition(part, out)
    prof.disable()
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).sort_stats("cumulative").print_stats(35)
    return buf.getvalue()


def run_dask(path: Path, workers: int, size: int, tmp: Path) -> dict[str, Any]:
    out = tmp / f"dask{workers}"
    with dask_client(workers=workers) as client:
        loads = client.run(_load_coder)
        pids = list(client.run(os.getpid).values())
        sampler = RssSampler(pids)
        sampler.start()
        cpu0 = client.run(_cpu_seconds)
        t0 = time.perf_counter()
        report = run_batch([str(path)], out, client=client, partition_size=size)
        dt = time.perf_counter() - t0
        cpu = sum(v - cpu0[k] for k, v in client.run(_cpu_seconds).items())
        sampler.stop.set()
        sampler.join()
        peaks = client.run(_worker_peak_mb)
        profile = None
        if workers == 1:
            part = next(partitions([str(path)], size, "profile"))
            profile = client.submit(profiled_partition, part, str(tmp / "profile"), pure=False).result()
    return {"seconds": dt, "cpu": cpu, "report": report, "load": max(loads.values()),
            "ru_maxrss": sorted(peaks.values()),
            "sampled": sorted(sampler.peak.values()), "profile": profile}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--limit", type=int, default=1000)
    ap.add_argument("--partition-size", type=int, default=50)
    args = ap.parse_args()
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"{psutil.virtual_memory().total / 2**30:.0f} GiB, Python {platform.python_version()}")
    tmp = Path(tempfile.mkdtemp(prefix="marsad-bench-scale-"))
    try:
        path = subset(args.corpus, args.limit, tmp)
        load = _load_coder()
        print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        t0, c0 = time.perf_counter(), _cpu_seconds()
        single = run_batch([str(path)], tmp / "single", partition_size=args.partition_size)
        t_single, c_single = time.perf_counter() - t0, _cpu_seconds() - c0
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"single process: coder load {load:.2f} s; {single.articles} articles, {single.sentences} sentences, "
              f"{single.events} events in {t_single:.1f} s → {single.sentences / t_single:,.0f} sentences/s, "
              f"{single.articles / t_single:.1f} articles/s; CPU {c_single:.1f} s → "
              f"{single.sentences / c_single:,.0f} sentences per CPU-second; peak RSS {rss:.0f} MB")
        runs = {n: run_dask(path, n, args.partition_size, tmp) for n in (1, 2)}
        for n, r in runs.items():
            rep = r["report"]
            print(f"dask {n} worker(s): {r['seconds']:.1f} s → {rep.sentences / r['seconds']:,.0f} sentences/s, "
                  f"{rep.articles / r['seconds']:.1f} articles/s; workers' CPU {r['cpu']:.1f} s "
                  f"({rep.sentences / r['cpu']:,.0f} sentences per CPU-second); "
                  f"coder load in a worker {r['load']:.2f} s; "
                  f"peak RSS per worker (ru_maxrss) {', '.join(f'{m:.0f}' for m in r['ru_maxrss'])} MB, "
                  f"sampled {', '.join(f'{m:.0f}' for m in r['sampled'])} MB")
            assert rep.events == single.events, "Dask and single-process event counts differ"
        t1, t2 = runs[1]["seconds"], runs[2]["seconds"]
        print(f"scaling efficiency 1 → 2 workers: t1/(2·t2) = {t1:.1f}/(2·{t2:.1f}) = {t1 / (2 * t2):.0%}")
        print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())} "
              "(other work on the machine makes wall-clock figures pessimistic)")
        print(f"dask overhead vs single process: {runs[1]['seconds'] / t_single - 1:+.0%}")
        print("\nprofile of one partition in a worker (cProfile, cumulative):")
        print(runs[1]["profile"])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
