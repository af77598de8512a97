"""Schemathesis over the OpenAPI of `marsad serve`, in process (ASGI): shared by tests/test_web_schemathesis.py (a
small budget) and fuzz/web_schemathesis.py (a large one, by hand; docs/RELIABILITY.md ("The web face")).

Every operation of ``/openapi.json`` is run in both generation modes (schema-valid and schema-violating data) for
``budget`` Hypothesis examples each, on two apps over the relations store of tests/webkit.py: the default read-only
one and one with a write token (whose requests carry it, so ``POST /api/articles`` is really exercised). Every
response goes through schemathesis's checks — no 5xx, status code, content type and body documented in the spec,
schema-violating data rejected — with one replacement: ``positive_data_acceptance`` is swapped for
:func:`valid_data_accepted`, which also allows the three 422s no schema can express (a text with no words to code; a
dyad of one party with itself; a dyad series of more than 20,000 periods), and only when the body says so (an
``errors`` entry with the coder's ``reason``, not a parameter's ``loc``).
"""

from __future__ import annotations

import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import positive_data_acceptance

from marsad.web import Settings, create_app
from webkit import build_relations_store

TOKEN = "fuzz-token-0123456789"
SEMANTIC_422 = {"unknown-language", "empty", "usage", "range"}  # uncodable text; one party twice; > 20,000 periods


class RejectedValidData(AssertionError):
    """A schema-valid request got a 4xx other than the documented semantic 422s."""


@schemathesis.check
def valid_data_accepted(ctx: Any, response: Any, case: Any) -> bool | None:
    """``positive_data_acceptance`` less the semantic 422s (see the module docstring)."""
    meta = getattr(case, "meta", None)
    mode = getattr(getattr(meta, "generation", None), "mode", None)
    if mode != GenerationMode.POSITIVE or response.status_code != 422:
        return None
    errors = response.json().get("errors", [])
    if errors and all(isinstance(e, dict) and e.get("reason") in SEMANTIC_422 and "loc" not in e for e in errors):
        return True
    raise RejectedValidData(f"schema-valid request rejected: {response.status_code} {response.text[:300]}")


@dataclass
class Report:
    """What a run did: requests per operation and mode, and each distinct failure with one example."""

    requests: Counter[str] = field(default_factory=Counter)
    statuses: Counter[int] = field(default_factory=Counter)
    failures: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def total(self) -> int:
        return sum(self.requests.values())


def run(tmp: Path, coder: Any, budget: int, seed: int | None = None) -> Report:
    """Fuzz every API operation with ``budget`` examples per operation, mode and app; return the report."""
    from hypothesis import seed as hseed

    db = build_relations_store(tmp)
    report = Report()
    start = time.monotonic()
    for token in (None, TOKEN):
        app = create_app(Settings(db=db, coder=coder, token=token))
        schema = schemathesis.openapi.from_asgi("/openapi.json", app)
        headers = {"Authorization": f"Bearer {TOKEN}"} if token else None
        for result in schema.get_all_operations():
            op = result.ok()
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                if mode == GenerationMode.NEGATIVE and not (list(op.iter_parameters()) or op.body):
                    continue  # nothing to make invalid (GET /api/stats)
                key = f"{op.label} [{mode.value}{', token' if token else ''}]"

                test = _example_test(op, mode, key, headers, report, budget)
                (hseed(seed)(test) if seed is not None else test)()
    report.seconds = time.monotonic() - start
    return report


def _example_test(op: Any, mode: GenerationMode, key: str, headers: dict[str, str] | None, report: Report,
                  budget: int) -> Any:
    @settings(max_examples=budget, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(case=op.as_strategy(generation_mode=mode))
    def one(case: Any) -> None:
        report.requests[key] += 1
        try:
            response = case.call(headers=headers)
            report.statuses[response.status_code] += 1
            case.validate_response(response, excluded_checks=[positive_data_acceptance],
                                   additional_checks=[valid_data_accepted], headers=headers)
        except (Exception, BaseExceptionGroup) as exc:  # collected: every distinct failure reported
            first = str(exc).strip().splitlines()
            report.failures.setdefault(f"{key}: {first[0] if first else type(exc).__name__}",
                                       "".join(traceback.format_exception(exc))[-3000:])

    return one
