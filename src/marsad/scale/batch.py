"""``marsad batch``: code partitions of a large archive, on Dask or in this process, into partitioned Parquet.

The driver (this process) reads the inputs and cuts them into partitions (:mod:`marsad.scale.read`); each
partition is one task, :func:`code_partition`, which codes its articles and writes
``OUT/{documents,mentions,events}/part-NNNNNN.parquet``, each file atomically (a temporary file renamed into
place). Only when a task has returned does the driver record the partition in ``OUT/manifest.json`` (itself
replaced atomically), so a killed run leaves at worst files that the manifest does not list, and a rerun
codes again exactly the partitions that are missing or whose key changed.

**The coder loads once per worker process**, not per document nor per task: :func:`worker_coder` is a
module-level cached getter, called inside the task. In a Dask worker process (``threads_per_worker=1``) the
first task builds the :class:`~marsad.pipeline.Coder` (KB, lexicons, ontology) and every later task of that
process reuses it; in the single-process path the same getter serves the driver. Why not a Dask worker
plugin: the getter needs no registration, works the same with and without Dask and on any scheduler, and
costs nothing when a worker never gets a task. ``coder_loads()`` counts the builds (the tests use it).

Workers write the Parquet files themselves, so with ``--scheduler`` the output folder (and any ``--kb`` or
``--lexicon`` file) must be at the same path on every worker's machine (a shared file system).
"""

from __future__ import annotations

import itertools
import json
import os
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow.parquet as pq

from marsad import __version__
from marsad.errors import ConfigError, InputError
from marsad.ingest import DEFAULT_MAPPING, Failure
from marsad.scale import schema
from marsad.scale.read import Partition, partitions

if TYPE_CHECKING:
    from distributed import Client

    from marsad.pipeline import Coder

MANIFEST = "manifest.json"
FORMAT = "marsad.batch/1"
DEFAULT_PARTITION_SIZE = 200

_lock = threading.Lock()
_coders: dict[tuple[tuple[str, ...], tuple[str, ...]], Coder] = {}
_loads = 0


def worker_coder(kb_files: tuple[str, ...] = (), lexicon_files: tuple[str, ...] = ()) -> Coder:
    """This process's Coder for these KB and lexicon files, built on first use and then reused."""
    global _loads
    key = (kb_files, lexicon_files)
    with _lock:
        coder = _coders.get(key)
        if coder is None:
            from marsad.pipeline import Coder

            coder = Coder(tuple(Path(p) for p in kb_files), lexicon_files=tuple(Path(p) for p in lexicon_files),
                          syntax_lemmas=False)  # events only: no words are written
            for lang in ("ar", "en", "fr"):
                coder.lexicon(lang)  # load all three now, not in the middle of a timed partition
            _coders[key] = coder
            _loads += 1
        return coder


def coder_loads() -> int:
    """How many times this process has built a Coder through :func:`worker_coder`."""
    return _loads


def part_name(index: int) -> str:
    return f"part-{index:06d}.parquet"


def _write_atomic(table: Any, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        pq.write_table(table, tmp, compression="zstd")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def code_partition(part: Partition, out: str, kb_files: tuple[str, ...] = (),
                   lexicon_files: tuple[str, ...] = ()) -> dict[str, Any]:
    """Code one partition and write its three Parquet files (the Dask task; also run in-process)."""
    t0 = time.perf_counter()
    coder = worker_coder(kb_files, lexicon_files)
    docs: list[dict[str, Any]] = []
    ments: list[dict[str, Any]] = []
    evs: list[dict[str, Any]] = []
    failures: list[list[str]] = []
    sentences = 0
    for item in part.items:
        if isinstance(item, Failure):
            failures.append([item.origin, item.reason, item.message])
            continue
        try:
            cd = coder.code(item.text, published=item.published, title=item.title, source=item.source,
                            url=item.url, byline=item.byline, name=item.origin)
        except InputError as exc:
            failures.append([item.origin, exc.reason, str(exc)])
            continue
        i = len(docs)
        docs.append(schema.document_row(part.index, i, cd, item.origin))
        ments.extend(schema.mention_rows(part.index, i, cd))
        evs.extend(schema.event_rows(part.index, i, cd))
        sentences += len(cd.document.sentences)
    coded = time.perf_counter() - t0
    root = Path(out)
    for name, rows in (("documents", docs), ("mentions", ments), ("events", evs)):
        _write_atomic(schema.to_table(name, rows), root / name / part_name(part.index))
    return {"index": part.index, "key": part.key, "articles": len(docs), "sentences": sentences,
            "mentions": len(ments), "events": len(evs), "failures": failures, "pid": os.getpid(),
            "coder_loads": coder_loads(), "seconds": round(time.perf_counter() - t0, 3),
            "coding_seconds": round(coded, 3)}


# --- manifest -------------------------------------------------------------------------------------------------

def read_manifest(out: Path) -> dict[str, Any] | None:
    path = out / MANIFEST
    if not path.exists():
        return None
    try:
        data: dict[str, Any] = json.loads(path.read_text("utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise InputError(f"{path}: unreadable manifest ({exc})", "bad-manifest") from exc
    if data.get("format") != FORMAT:
        raise InputError(f"{path}: not a marsad batch manifest (format {data.get('format')!r})", "bad-manifest")
    return data


def write_manifest(out: Path, data: dict[str, Any]) -> None:
    tmp = out / f".{MANIFEST}.tmp"
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), "utf-8")
    os.replace(tmp, out / MANIFEST)


def _finished(out: Path, entry: dict[str, Any] | None, part: Partition) -> bool:
    if not entry or entry.get("key") != part.key:
        return False
    return all((out / name / part_name(part.index)).exists() for name in schema.TABLES)


# --- the run --------------------------------------------------------------------------------------------------

@dataclass
class BatchReport:
    partitions: int = 0
    coded: int = 0  # partitions coded in this run
    skipped: int = 0  # partitions already finished by an earlier run
    articles: int = 0
    sentences: int = 0
    events: int = 0
    mentions: int = 0
    failures: list[Failure] = field(default_factory=list)
    results: list[dict[str, Any]] = field(default_factory=list)  # the tasks' returns (pid, coder_loads, seconds)


def config_fingerprint(kb_files: tuple[str, ...], lexicon_files: tuple[str, ...]) -> str:
    """The coder version and the user KB/lexicon files (path, size, mtime): part of every partition key."""
    parts = [__version__]
    for p in kb_files + lexicon_files:
        st = Path(p).stat()
        parts.append(f"{Path(p).resolve()}:{st.st_size}:{st.st_mtime_ns}")
    return "|".join(parts)


def run_batch(specs: list[str], out: Path, *, client: Client | Callable[[], Client] | None = None,
              mapping: Mapping[str, tuple[str, ...]] = DEFAULT_MAPPING,
              partition_size: int = DEFAULT_PARTITION_SIZE, kb_files: tuple[str, ...] = (),
              lexicon_files: tuple[str, ...] = (), max_in_flight: int | None = None,
              on_partition: Callable[[Partition, dict[str, Any] | None], None] | None = None) -> BatchReport:
    """Code every partition of ``specs`` not already finished in ``out``; on ``client`` (Dask) or in-process.

    ``client`` may be a function that returns one: it is then called only if some partition is left to code,
    so a rerun with nothing to do starts no cluster. ``on_partition(part, result)`` is called as each
    partition ends (``result`` None when it was skipped).

    Raises:
        ConfigError: ``out`` holds a run with another partition size (partitions would not line up).
    """
    if partition_size < 1:
        raise ConfigError("--partition-size must be at least 1")
    out.mkdir(parents=True, exist_ok=True)
    manifest = read_manifest(out) or {"format": FORMAT, "partition_size": partition_size, "partitions": {}}
    if manifest["partition_size"] != partition_size:
        raise ConfigError(f"{out} was written with --partition-size {manifest['partition_size']}, not "
                          f"{partition_size}: use the same size, or another --out folder")
    manifest.update(coder_version=__version__, inputs=list(specs), kb=list(kb_files), lexicons=list(lexicon_files))
    done: dict[str, Any] = manifest["partitions"]
    report = BatchReport()
    config = config_fingerprint(kb_files, lexicon_files)
    kb_files = tuple(str(Path(p).resolve()) for p in kb_files)
    lexicon_files = tuple(str(Path(p).resolve()) for p in lexicon_files)

    def finish(part: Partition, result: dict[str, Any]) -> None:
        done[str(part.index)] = {k: result[k] for k in ("key", "articles", "sentences", "mentions", "events",
                                                        "failures", "seconds")}
        write_manifest(out, manifest)
        report.coded += 1
        report.results.append(result)
        _count(report, done[str(part.index)])
        if on_partition:
            on_partition(part, result)

    todo: Iterator[Partition] = _todo(partitions(specs, partition_size, config, mapping), out, done, report,
                                      on_partition)
    if client is None:
        for part in todo:
            finish(part, code_partition(part, str(out), kb_files, lexicon_files))
    else:
        first = next(todo, None)
        if first is not None:
            if callable(client):
                client = client()
            todo = itertools.chain([first], todo)
            _run_on_dask(client, todo, str(out), kb_files, lexicon_files, finish, max_in_flight)
    write_manifest(out, manifest)
    return report


def _count(report: BatchReport, entry: dict[str, Any]) -> None:
    report.partitions += 1
    report.articles += entry["articles"]
    report.sentences += entry["sentences"]
    report.events += entry["events"]
    report.mentions += entry["mentions"]
    report.failures.extend(Failure(*f) for f in entry["failures"])


def _todo(parts: Iterator[Partition], out: Path, done: dict[str, Any], report: BatchReport,
          on_partition: Callable[[Partition, dict[str, Any] | None], None] | None) -> Iterator[Partition]:
    for part in parts:
        entry = done.get(str(part.index))
        if _finished(out, entry, part):
            assert entry is not None
            report.skipped += 1
            _count(report, entry)
            if on_partition:
                on_partition(part, None)
            continue
        done.pop(str(part.index), None)  # stale or half-written: code it again
        yield part


def _run_on_dask(client: Client, todo: Iterator[Partition], out: str, kb_files: tuple[str, ...],
                 lexicon_files: tuple[str, ...], finish: Callable[[Partition, dict[str, Any]], None],
                 max_in_flight: int | None) -> None:
    """Submit partitions as workers free up, at most ``max_in_flight`` at once, so the driver never holds the
    whole archive in memory."""
    from distributed import as_completed

    if max_in_flight is None:
        max_in_flight = 2 * max(1, len(client.scheduler_info(n_workers=-1).get("workers", {}))) + 1
    pending: dict[str, Partition] = {}

    def submit(part: Partition) -> Any:
        fut = client.submit(code_partition, part, out, kb_files, lexicon_files, pure=False,
                            key=f"marsad-part-{part.index}-{part.key[:12]}")
        pending[fut.key] = part
        return fut

    first = [submit(p) for _, p in zip(range(max_in_flight), todo, strict=False)]
    if not first:
        return
    ac = as_completed(first)
    for fut in ac:
        result = fut.result()
        part = pending.pop(fut.key)
        fut.release()
        finish(part, result)
        nxt = next(todo, None)
        if nxt is not None:
            ac.add(submit(nxt))


@contextmanager
def dask_client(scheduler: str | None = None, workers: int | None = None, processes: bool = True,
                memory_limit: str | None = "auto") -> Iterator[Client]:
    """A Dask client on an existing scheduler, or on a LocalCluster of ``workers`` processes (one thread each)."""
    from distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    n = workers or os.cpu_count() or 1
    with LocalCluster(n_workers=n, threads_per_worker=1, processes=processes, dashboard_address=None,
                      memory_limit=memory_limit) as cluster, Client(cluster) as client:
        yield client
