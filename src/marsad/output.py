"""Rows on standard output for the command-line faces: a Rich table, JSON Lines or CSV.

Shared by every command that lists rows (store queries, relations), so the three formats behave the
same everywhere: JSON keeps every key, CSV and tables show ``columns``; user text is escaped for Rich.
"""

from __future__ import annotations

import csv
import json
import sys
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table


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
