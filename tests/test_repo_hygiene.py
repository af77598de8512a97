"""The repository's text files carry no leftover merge-conflict markers (a bad merge once left them in docs)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MARKER = re.compile(r"^(<{7}|>{7}) |^={7}$", re.M)
SUFFIXES = {".py", ".md", ".yaml", ".yml", ".toml", ".json", ".cfg", ".sh", ".html", ".css", ".js", ".tsv"}


def test_no_merge_conflict_markers() -> None:
    found = []
    for folder in ("src", "tests", "tools", "docs", "bench", "fuzz"):
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in SUFFIXES and path.is_file() and MARKER.search(path.read_text("utf-8", "replace")):
                found.append(str(path.relative_to(ROOT)))
    for name in ("README.md", "pyproject.toml", "Makefile"):
        if MARKER.search((ROOT / name).read_text("utf-8")):
            found.append(name)
    assert not found, f"merge-conflict markers in {found}"
