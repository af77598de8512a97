"""Bounded per-object memos: what a word form gives against one table (a lexicon's short keys, a knowledge
base's place names), remembered for the life of the process.

Why a memo keyed by the table object and not ``functools.lru_cache``: the tables are dicts and knowledge bases,
not hashable, and are built once per process; the answer for a word form never changes while its table lives.
The memo keeps a reference to the table, so its ``id`` cannot be reused by another object while the entry
exists. Each memo stops growing at ``max_size`` forms (the most frequent forms come early, so the ones
remembered by then are most of what later articles ask) instead of being cleared and rebuilt.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

V = TypeVar("V")


class WordMemo(Generic[V]):
    """Per owner object: word form -> ``compute(owner, form)``."""

    def __init__(self, compute: Callable[[Any, str], V], max_size: int = 100_000) -> None:
        self._compute = compute
        self._max = max_size
        self._tables: dict[int, tuple[Any, dict[str, V]]] = {}

    def table(self, owner: Any) -> dict[str, V]:
        entry = self._tables.get(id(owner))
        if entry is None or entry[0] is not owner:
            entry = self._tables[id(owner)] = (owner, {})
        return entry[1]

    def fill(self, table: dict[str, V], owner: Any, form: str) -> V:
        """``compute(owner, form)``, remembered in ``table`` (``self.table(owner)``) while it has room. The
        callers look ``form`` up in ``table`` themselves first: a dict look-up inline, the method call only on
        a miss, since this runs once per word."""
        v = self._compute(owner, form)
        if len(table) < self._max:
            table[form] = v
        return v
