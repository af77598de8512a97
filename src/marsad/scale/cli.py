"""The scale-out commands: ``batch`` (archive → partitioned Parquet, on Dask) and ``load`` (Parquet → store).

``marsad.clihelp.LAZY_COMMANDS`` adds them to the ``marsad`` application. Results and progress go to stderr
(these commands print no data). Exit codes: 0 ok, 1 some input skipped or a data/store error, 2 usage.
"""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress

from marsad.errors import MarsadError
from marsad.output import fail, progress_bar, usage

err = Console(stderr=True, soft_wrap=True)  # one message, one line: logs get grepped


def _progress(quiet: bool) -> Progress:
    return progress_bar(err, quiet)


def batch(
    inputs: Annotated[list[str], typer.Argument(help="JSONL(.gz) corpora, Parquet files with a text column, "
                                                     "folders of .txt/.html (recursively).")],
    out: Annotated[Path, typer.Option("--out", help="Output folder: Parquet partitions and manifest.json.",
                                      file_okay=False)],
    scheduler: Annotated[str | None, typer.Option(
        "--scheduler", help="An existing Dask scheduler, tcp://HOST:PORT (workers must see --out at the "
                            "same path).")] = None,
    workers: Annotated[int | None, typer.Option(
        "--workers", help="Worker processes of the local Dask cluster (default: one per core); 0 codes in this "
                          "process without Dask.")] = None,
    partition_size: Annotated[int, typer.Option("--partition-size", help="Articles per partition.")] = 200,
    field: Annotated[list[str] | None, typer.Option(
        "--field", help="Field/column mapping FIELD=KEY, FIELD one of text, title, url, published, source "
                        "(repeatable; defaults read SaudiNewsNet).")] = None,
    kb: Annotated[list[Path] | None, typer.Option("--kb", help="Extra KB YAML file (repeatable).", exists=True,
                                                  dir_okay=False)] = None,
    lexicon: Annotated[list[Path] | None, typer.Option("--lexicon", help="User lexicon YAML (repeatable).",
                                                       exists=True, dir_okay=False)] = None,
    quiet: Annotated[bool, typer.Option("--quiet", help="No progress bar.")] = False,
) -> None:
    """Code a large archive into partitioned Parquet, on Dask; a rerun skips finished partitions."""
    from marsad.ingest import parse_mapping
    from marsad.scale.batch import dask_client, run_batch
    from marsad.scale.read import estimate_items

    if scheduler and workers is not None:
        raise usage("give --scheduler or --workers, not both")
    if workers is not None and workers < 0:
        raise usage("--workers must be 0 or more")
    try:
        mapping = parse_mapping(field)
    except MarsadError as exc:
        raise fail(exc) from None
    kb_files = tuple(str(p) for p in kb or ())
    lexicon_files = tuple(str(p) for p in lexicon or ())
    progress = _progress(quiet)
    task = progress.add_task("batch", total=estimate_items(inputs), status="")
    seen = {"coded": 0, "skipped": 0}

    def step(part, result) -> None:  # type: ignore[no-untyped-def]
        seen["skipped" if result is None else "coded"] += 1
        progress.update(task, advance=len(part.items),
                        status=f"partitions: {seen['coded']} coded, {seen['skipped']} already done")

    try:
        with progress:
            if workers == 0 and not scheduler:
                report = run_batch(inputs, out, mapping=mapping, partition_size=partition_size, kb_files=kb_files,
                                   lexicon_files=lexicon_files, on_partition=step)
            else:
                with ExitStack() as stack:  # the cluster starts only if some partition is left to code
                    report = run_batch(inputs, out, client=lambda: stack.enter_context(dask_client(scheduler, workers)),
                                       mapping=mapping, partition_size=partition_size, kb_files=kb_files,
                                       lexicon_files=lexicon_files, on_partition=step)
    except MarsadError as exc:
        raise fail(exc) from None
    except OSError as exc:  # a scheduler that cannot be reached, an output folder that cannot be written
        err.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False, soft_wrap=True)
        raise typer.Exit(1) from None
    for f in report.failures[:50]:
        err.print(f"skipped {f.origin}: {f.reason}: {f.message}", highlight=False, markup=False)
    if len(report.failures) > 50:
        err.print(f"… and {len(report.failures) - 50} more skipped")
    err.print(f"{report.partitions} partition(s): {report.coded} coded, {report.skipped} already done; "
              f"{report.articles} article(s), {report.sentences} sentences, {report.events} events, "
              f"{len(report.failures)} failed → {out}", highlight=False, markup=False)
    if report.failures:
        raise typer.Exit(1)


def load(
    folder: Annotated[Path, typer.Argument(help="A folder written by marsad batch.", exists=True,
                                           file_okay=False)],
    db: Annotated[str | None, typer.Option("--db", help="Store: a SQLite file or postgresql://… URL "
                                                        "(default: $MARSAD_DB, else ./marsad.db).")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", help="No progress bar.")] = False,
) -> None:
    """Load marsad batch output into the store, clustering events; loading again adds nothing."""
    from marsad.scale.load import count_articles, load_partitions
    from marsad.store import Store

    progress = _progress(quiet)
    counts = {"added": 0, "unchanged": 0}

    try:
        task = progress.add_task("load", total=count_articles(folder), status="")

        def step(added: bool) -> None:
            counts["added" if added else "unchanged"] += 1
            progress.update(task, advance=1, status=f"+{counts['added']} ={counts['unchanged']}")

        store = Store(db)
        with store, progress:
            report = load_partitions(folder, store, on_article=step)
    except MarsadError as exc:
        raise fail(exc) from None
    err.print(f"{report.added} article(s) added ({report.events} events, {report.clustered} clustered), "
              f"{report.unchanged} already stored, from {report.partitions} partition(s) → {store.name}",
              highlight=False, markup=False)

