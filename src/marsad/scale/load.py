"""``marsad load``: the Parquet written by ``marsad batch`` → the event store, clustered on the way in.

Each document is rebuilt as the :class:`~marsad.model.CodedDocument` the coder produced (events from their
``payload`` column, mentions from theirs) and handed to :meth:`marsad.store.Store.add`, the same writer as
``marsad ingest``: one transaction per article, clustering included, and idempotent (an article already
stored under the same document id and URL adds nothing), so loading twice adds nothing the second time.
Partitions are loaded in index order, which is the input order: clusters come out as an ingest of the same
inputs would make them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow.parquet as pq

from marsad.errors import InputError
from marsad.scale import schema
from marsad.scale.batch import part_name, read_manifest

if TYPE_CHECKING:
    from marsad.store import Store


@dataclass
class LoadReport:
    partitions: int = 0
    added: int = 0
    unchanged: int = 0
    events: int = 0
    clustered: int = 0


def finished_partitions(out: Path) -> list[int]:
    """The partitions the manifest lists as finished, in order."""
    manifest = read_manifest(out)
    if manifest is None:
        raise InputError(f"{out}: no manifest.json (not a marsad batch output folder)", "bad-manifest")
    return sorted(int(k) for k in manifest["partitions"])


def count_articles(out: Path) -> int:
    manifest = read_manifest(out)
    return sum(p["articles"] for p in manifest["partitions"].values()) if manifest else 0


def load_partitions(out: Path, store: Store, on_article: Callable[[bool], None] | None = None) -> LoadReport:
    """Add every finished partition of ``out`` to ``store``; ``on_article(added)`` after each article."""
    report = LoadReport()
    for index in finished_partitions(out):
        tables = {}
        for name in schema.TABLES:
            path = out / name / part_name(index)
            try:
                tables[name] = pq.read_table(path, schema=schema.TABLES[name])
            except (OSError, ValueError) as exc:
                raise InputError(f"{path}: {exc}", "unreadable") from exc
        for cd, origin in schema.coded_documents(tables["documents"], tables["mentions"], tables["events"]):
            result = store.add(cd, origin=origin)
            if result.added:
                report.added += 1
                report.events += result.events
                report.clustered += result.clustered
            else:
                report.unchanged += 1
            if on_article:
                on_article(result.added)
        report.partitions += 1
    return report
