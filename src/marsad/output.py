"""What the command-line faces print: rows (a Rich table, JSON Lines or CSV) and one-line errors.

Shared by every command module (main, store, relations, scale), so formats, messages and exit codes
behave the same everywhere: JSON keeps every key, CSV and tables show ``columns``; user text is escaped.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from marsad.errors import ConfigError, InputError, MarsadError

# Messages go to stderr, one line each whatever the width: logs get grepped.
err = Console(stderr=True, soft_wrap=True)


def cell(v: Any) -> str:
    """A value as table or CSV text (None → empty; floats without trailing zeros)."""
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)


def emit_rows(rows: list[dict[str, Any]], fmt: str, columns: tuple[str, ...], title: str | None = None,
              console: Console | None = None) -> None:
    """Write ``rows`` in ``fmt`` (table, json or csv)."""
    if fmt == "json":
        for r in rows:
            sys.stdout.write(json.dumps(r, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        w = csv.writer(sys.stdout)
        w.writerow(columns)
        for r in rows:
            w.writerow([cell(r.get(c)) for c in columns])
    else:
        t = Table(title=title, expand=False, show_lines=any("\n" in cell(r.get(c)) for r in rows for c in columns))
        for c in columns:
            t.add_column(c, overflow="fold")
        for r in rows:
            t.add_row(*(escape(cell(r.get(c))) for c in columns))
        (console or Console()).print(t)


def fail(exc: MarsadError) -> typer.Exit:
    """Print a Marsad error as one line and return the exit to raise: 2 for a usage or setting error, else 1.

    Escaped: a file name or a quoted text may hold "[...]", which Rich would read as markup.
    """
    err.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False)
    is_usage = isinstance(exc, ConfigError) or (isinstance(exc, InputError) and exc.reason in ("usage", "date"))
    return typer.Exit(2 if is_usage else 1)


# One vocabulary for --format in every command: json is JSON Lines (one record per line) everywhere, and jsonl
# or ndjson mean the same; table is for people, csv for spreadsheets.
FORMAT_ALIASES = {"jsonl": "json", "ndjson": "json"}
FORMAT_WORDS = {"table": "table", "json": "json (JSON Lines)", "csv": "csv"}


def check_format(fmt: str, allowed: tuple[str, ...]) -> str:
    """``fmt`` as one of ``allowed`` (aliases folded: jsonl → json), or a usage error listing them."""
    value = FORMAT_ALIASES.get(fmt.strip().lower(), fmt.strip().lower())
    if value not in allowed:
        words = ", ".join(FORMAT_WORDS.get(a, a) for a in allowed)
        raise usage(f"--format must be one of {words}, not '{fmt}'")
    return value


def format_help(allowed: tuple[str, ...]) -> str:
    """The --format help text for ``allowed``, worded the same in every command."""
    words = [FORMAT_WORDS.get(a, a) for a in allowed]
    return (", ".join(words[:-1]) + " or " + words[-1] if len(words) > 1 else words[0]) + \
        (" (jsonl means json)." if "json" in allowed else ".")


def usage(message: str) -> typer.Exit:
    """Print a usage error as one line and return exit 2."""
    err.print(f"[red]error:[/red] {escape(message)}", highlight=False)
    return typer.Exit(2)


def for_each_input(paths: Sequence[str], handle: Callable[[str], None]) -> None:
    """Run ``handle`` on each input path, the way every multi-file command treats bad input.

    An :class:`InputError` (empty, binary, undecodable, too large…) is the command's one-line error when it
    is the only input; among several it skips that input with its reason and the rest go on, and the command
    then exits 1 saying how many were skipped. Any other :class:`MarsadError` stops the command.
    """
    failed = 0
    for path in paths:
        try:
            handle(path)
        except InputError as exc:
            failed += 1
            if len(paths) == 1:
                raise fail(exc) from None
            err.print(f"skipped {path}: {exc.reason}: {exc}", highlight=False, markup=False)
        except MarsadError as exc:
            raise fail(exc) from None
    if failed:
        err.print(f"{failed} of {len(paths)} input(s) skipped")
        raise typer.Exit(1)


class RateColumn(ProgressColumn):
    """Items per second, as Rich measures it over its recent samples (its own columns show only bytes/s)."""

    def __init__(self, unit: str) -> None:
        super().__init__()
        self.unit = unit

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        if speed is None:
            return Text(f"– {self.unit}/s", style="progress.data.speed")
        return Text(f"{speed:.1f} {self.unit}/s" if speed < 100 else f"{speed:,.0f} {self.unit}/s",
                    style="progress.data.speed")


def progress_bar(console: Console, quiet: bool, unit: str = "articles", status: bool = True) -> Progress:
    """The progress bar of every long command (ingest, recode, batch, load, eval): done/total, rate and ETA.

    Rich's remaining-time column estimates from the recent rate; without a known total it shows elapsed
    time and rate only. On stderr, so a command's results on stdout stay clean.
    """
    columns: list[ProgressColumn | str] = [SpinnerColumn(), TextColumn("[progress.description]{task.description}"),
                                           BarColumn(), MofNCompleteColumn(), RateColumn(unit)]
    if status:
        columns.append(TextColumn("{task.fields[status]}"))
    columns += [TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn()]
    return Progress(*columns, console=console, disable=quiet, transient=False)
