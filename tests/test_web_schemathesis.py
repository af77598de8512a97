"""Schemathesis over the OpenAPI of the web app, a small budget (the large run: fuzz/web_schemathesis.py).

Every operation, schema-valid and schema-violating data, read-only and with a token: no 5xx, every status and
body as the spec documents, invalid data refused (tests/webfuzz.py says what is checked).
"""

from __future__ import annotations

from pathlib import Path

from marsad.pipeline import Coder
from webfuzz import run


def test_schemathesis_finds_nothing(tmp_path: Path, coder: Coder) -> None:
    report = run(tmp_path, coder, budget=5, seed=12345)
    assert not report.failures, "\n\n".join(f"{k}\n{v}" for k, v in report.failures.items())
    assert report.total > 150 and not any(s >= 500 for s in report.statuses)
    ops = {key.split(" [")[0] for key in report.requests}
    assert len(ops) == 11 and "POST /api/articles" in ops  # every operation of the spec was exercised
    assert report.statuses[201] > 0  # the token app really wrote
