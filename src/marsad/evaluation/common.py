"""What every evaluation shares: the dev/test split rule, metrics, and the report shape.

Why one place: the split rule must be *exactly* the one in the gold data's README
(tuning on dev, reporting test), and every sub-command prints and serialises its
figures the same way so runs can be compared over time.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from marsad.model import CodedDocument

Split = Literal["dev", "test", "all"]
SPLITS: tuple[str, ...] = ("dev", "test", "all")


def split_of(record_id: str) -> Literal["dev", "test"]:
    """``dev`` when ``int(sha1(id), 16) % 5 < 3`` (sha1 of the UTF-8 id, about 60%), else ``test``."""
    return "dev" if int(hashlib.sha1(record_id.encode("utf-8")).hexdigest(), 16) % 5 < 3 else "test"


def in_split(record_id: str, split: str) -> bool:
    """Whether a record with this id belongs to ``split`` (``all`` takes every record)."""
    return split == "all" or split_of(record_id) == split


class CoderLike(Protocol):
    """Anything that codes a text like :class:`marsad.pipeline.Coder` (tests pass a stub)."""

    def code(self, text: str, published: str | None = None, lang: str | None = None) -> CodedDocument: ...


@dataclass
class PRF:
    """Counts for precision / recall / F1."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, gold: bool, predicted: bool) -> None:
        """Count one binary decision."""
        if gold and predicted:
            self.tp += 1
        elif predicted:
            self.fp += 1
        elif gold:
            self.fn += 1

    def detail(self) -> str:
        return f"P {self.precision:.3f} R {self.recall:.3f} (tp {self.tp}, fp {self.fp}, fn {self.fn})"


@dataclass
class Row:
    """One reported figure, with the goal it is held to (if any)."""

    metric: str
    value: float
    detail: str = ""
    goal: float | None = None
    higher_is_better: bool = True

    @property
    def met(self) -> bool | None:
        if self.goal is None:
            return None
        return self.value >= self.goal if self.higher_is_better else self.value <= self.goal

    def to_dict(self) -> dict[str, Any]:
        return {"metric": self.metric, "value": round(self.value, 4), "detail": self.detail, "goal": self.goal,
                "met": self.met}


@dataclass
class Report:
    """The result of one evaluation run: what was scored, on which split, and the figures."""

    name: str
    split: str
    records: int
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"evaluation": self.name, "split": self.split, "records": self.records,
                "rows": [r.to_dict() for r in self.rows], "notes": self.notes, "errors": self.errors}


def safe_code(coder: CoderLike, text: str, lang: str, published: str | None, errors: list[str],
              rid: str) -> CodedDocument | None:
    """Code one gold text; a text the coder refuses (empty, too short) counts as coding nothing."""
    from marsad.errors import InputError

    try:
        return coder.code(text, published=published, lang=lang)
    except InputError as exc:
        errors.append(f"{rid}: {exc}")
        return None
