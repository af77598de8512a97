"""Schemathesis with a large budget over the OpenAPI of `marsad serve`, in process (no socket is opened).

    .venv/bin/python fuzz/web_schemathesis.py [--budget 400] [--seed N]

Runs tests/webfuzz.py:run — every API operation, schema-valid and schema-violating data, on the read-only app
and on one with a write token — with ``--budget`` Hypothesis examples per operation, mode and app, and prints
the number of requests sent, per operation and per status, and every distinct failure. Exit 1 on any failure.
The small-budget twin runs in the test suite: tests/test_web_schemathesis.py. Figures: docs/RELIABILITY.md.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--budget", type=int, default=400, help="examples per operation, mode and app")
    ap.add_argument("--seed", type=int, default=None)
    args = ap.parse_args()

    import webfuzz
    from marsad.pipeline import Coder

    with tempfile.TemporaryDirectory() as tmp:
        report = webfuzz.run(Path(tmp), Coder(), args.budget, seed=args.seed)
    for key, n in sorted(report.requests.items()):
        print(f"{n:8,d}  {key}")
    print("statuses:", dict(sorted(report.statuses.items())))
    print(f"{report.total:,} requests in {report.seconds:.0f} s, {len(report.failures)} distinct failure(s)")
    for key, text in report.failures.items():
        print(f"\n== {key}\n{text}")
    return 1 if report.failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
