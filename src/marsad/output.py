"""What the command-line faces print: rows (a Rich table, JSON Lines or CSV) and one-line errors.

Shared by every command module (main, store, relations, scale), so formats, messages and exit codes
behave the same everywhere: JSON keeps every key, CSV and tables show ``columns``; user text is escaped.
"""

from __future__ import annotations

import csv
import json
import sys
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

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


def usage(message: str) -> typer.Exit:
    """Print a usage error as one line and return exit 2."""
    err.print(f"[red]error:[/red] {escape(message)}", highlight=False)
    return typer.Exit(2)
