"""Inputs → numbered partitions of articles, each with a key that says whether its coded output is still good.

JSONL(.gz) corpora, text and HTML files go through :mod:`marsad.ingest`'s readers and field mapping
(``--field``); Parquet files are read in record batches, their columns picked by the same mapping
(``--field text=body``). A partition is ``size`` consecutive items of the inputs in order, so the same inputs
cut the same way give the same partitions, and its key (a hash of the coder's configuration and of every item)
tells a rerun which finished partitions it can skip.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from marsad.ingest import DEFAULT_MAPPING, Article, Failure, estimate, iter_source
from marsad.ingest.sources import SUFFIXES, to_day

PARQUET_SUFFIXES = (".parquet", ".pq")
Item = Article | Failure


@dataclass(frozen=True)
class Partition:
    index: int
    key: str
    items: tuple[Item, ...]

    @property
    def articles(self) -> int:
        return sum(isinstance(i, Article) for i in self.items)


def _is_parquet(path: Path) -> bool:
    return path.name.lower().endswith(PARQUET_SUFFIXES)


def expand_inputs(specs: list[str]) -> list[str]:
    """Folders → their supported files (sorted, recursive), Parquet included; other specs unchanged."""
    out: list[str] = []
    for spec in specs:
        p = Path(spec)
        if p.is_dir():
            out.extend(str(f) for f in sorted(p.rglob("*"))
                       if f.is_file() and f.name.lower().endswith(SUFFIXES + PARQUET_SUFFIXES))
        else:
            out.append(spec)
    return out


def _pick(record: Mapping[str, Any], keys: tuple[str, ...]) -> Any:
    for k in keys:
        v = record.get(k)
        if v not in (None, ""):
            return v
    return None


def read_parquet(path: Path, mapping: Mapping[str, tuple[str, ...]] = DEFAULT_MAPPING,
                 batch_size: int = 1024) -> Iterator[Item]:
    """One article per row of a Parquet file; a row without text is a Failure, the rest goes on."""
    try:
        pf = pq.ParquetFile(path)
    except (OSError, ValueError) as exc:
        yield Failure(str(path), "unreadable", f"{path}: {exc}")
        return
    names = set(pf.schema_arrow.names)
    wanted = sorted({k for keys in mapping.values() for k in keys if k in names})
    if not any(k in names for k in mapping["text"]):
        yield Failure(str(path), "no-text", f"{path}: no text column ({', '.join(mapping['text'])})")
        return
    row = 0
    for batch in pf.iter_batches(batch_size=batch_size, columns=wanted):
        for record in batch.to_pylist():
            row += 1
            origin = f"{path}#{row}"
            text = _pick(record, mapping["text"])
            if not isinstance(text, str) or not text.strip():
                yield Failure(origin, "no-text", f"{origin}: no text in column(s) {', '.join(mapping['text'])}")
                continue
            url, title, source = (_pick(record, mapping[f]) for f in ("url", "title", "source"))
            yield Article(text=text, origin=origin, title=str(title) if title else None,
                          published=to_day(_pick(record, mapping["published"])),
                          source=str(source) if source else None, url=str(url) if url else None)


def iter_items(specs: list[str], mapping: Mapping[str, tuple[str, ...]] = DEFAULT_MAPPING) -> Iterator[Item]:
    """Every article (or failure) of the inputs, in order. URLs and feeds are not read here (no fetcher)."""
    for spec in expand_inputs(specs):
        if _is_parquet(Path(spec)) and Path(spec).is_file():
            yield from read_parquet(Path(spec), mapping)
        else:
            yield from iter_source(spec, None, mapping)


def estimate_items(specs: list[str]) -> int | None:
    """How many items the inputs hold (for the progress bar), when that is cheap to know."""
    total = 0
    for spec in expand_inputs(specs):
        p = Path(spec)
        if _is_parquet(p) and p.is_file():
            try:
                total += pq.ParquetFile(p).metadata.num_rows
            except (OSError, ValueError):
                total += 1
            continue
        n = estimate(spec)
        if n is None:
            return None
        total += n
    return total


def _item_digest(h: Any, item: Item) -> None:
    if isinstance(item, Failure):
        parts = ("F", item.origin, item.reason)
    else:
        parts = ("A", item.origin, item.text, item.title or "", item.published or "", item.source or "",
                 item.url or "")
    for p in parts:
        h.update(p.encode("utf-8", "surrogatepass"))
        h.update(b"\x00")


def partitions(specs: list[str], size: int, config: str,
               mapping: Mapping[str, tuple[str, ...]] = DEFAULT_MAPPING) -> Iterator[Partition]:
    """The inputs cut into partitions of ``size`` items; ``config`` (coder version, KB and lexicon files) is
    part of every key, so changing the coder makes every partition stale."""
    items: list[Item] = []
    index = 0

    def cut() -> Partition:
        h = hashlib.sha256(config.encode())
        for it in items:
            _item_digest(h, it)
        return Partition(index, h.hexdigest()[:32], tuple(items))

    for item in iter_items(specs, mapping):
        items.append(item)
        if len(items) >= size:
            yield cut()
            items = []
            index += 1
    if items:
        yield cut()
