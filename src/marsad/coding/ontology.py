"""PLOVER types and modes, CAMEO codes, Goldstein values, quad classes and the crosswalk.

All of it is read from ``data/reference`` (see its PROVENANCE.md) and checked on
load; nothing is hard-coded here but the rule that derives the quad class from
the CAMEO root code, as GDELT does.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache

import yaml

from marsad.errors import DataError
from marsad.kb.base import data_dir
from marsad.model import PLOVER_TYPES


def quad_class(cameo: str) -> int:
    """GDELT's QuadClass: 1 verbal coop (01–05), 2 material coop (06–08), 3 verbal conflict (09–13),
    4 material conflict (14–20)."""
    root = int(cameo[:2])
    return 1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4


@dataclass(frozen=True)
class Ontology:
    modes: dict[str, tuple[str, ...]]
    cameo: dict[str, str]  # code → description
    goldstein: dict[str, float]
    crosswalk: dict[str, tuple[str, str | None]]

    def goldstein_of(self, code: str) -> float:
        while code and code not in self.goldstein:
            code = code[:-1]
        return self.goldstein.get(code, 0.0)

    def plover_of(self, code: str) -> tuple[str, str | None] | None:
        """PLOVER (type, mode) for a CAMEO code by the longest matching prefix, or None (CAMEO 01)."""
        for n in range(len(code), 1, -1):
            hit = self.crosswalk.get(code[:n])
            if hit:
                return hit
        return None


def _read_tsv(name: str) -> dict[str, str]:
    with open(data_dir() / "reference" / name, encoding="utf-8") as f:
        rows = csv.reader(f, delimiter="\t")
        next(rows)
        return {r[0].strip(): r[1].strip() for r in rows if len(r) >= 2 and r[0].strip()}


def load_ontology() -> Ontology:
    ref = data_dir() / "reference"
    problems: list[str] = []
    with open(ref / "plover.yaml", encoding="utf-8") as f:
        types = yaml.safe_load(f)["types"]
    modes = {t: tuple(v.get("modes") or ()) for t, v in types.items()}
    if set(modes) != set(PLOVER_TYPES):
        problems.append(f"plover.yaml: types must be exactly {', '.join(PLOVER_TYPES)}")
    cameo = _read_tsv("cameo-eventcodes.tsv")
    goldstein: dict[str, float] = {}
    for code, val in _read_tsv("cameo-goldstein.tsv").items():
        try:
            goldstein[code] = float(val)
        except ValueError:
            problems.append(f"cameo-goldstein.tsv: {code}: '{val}' is not a number")
    with open(ref / "cameo_plover.yaml", encoding="utf-8") as f:
        raw = yaml.safe_load(f)["prefixes"]
    crosswalk: dict[str, tuple[str, str | None]] = {}
    for code, v in raw.items():
        event, mode = v.get("event"), v.get("mode")
        if event not in modes:
            problems.append(f"cameo_plover.yaml: '{code}': unknown PLOVER type '{event}'")
        elif mode is not None and mode not in modes[event]:
            problems.append(f"cameo_plover.yaml: '{code}': mode '{mode}' is not a mode of {event}")
        crosswalk[str(code)] = (event, mode)
    if problems:
        raise DataError(problems)
    return Ontology(modes, cameo, goldstein, crosswalk)


@lru_cache(maxsize=1)
def get_ontology() -> Ontology:
    return load_ontology()
