"""Pathological inputs: a very long sentence and a 1 MB line code within a bounded time; the time budget stops
what runs too long with a documented InputError.

The bounds here are generous on purpose (they must never flake on a slow machine); the measured speed is in
docs/SCHEMA.md ("Limits") and docs/RELIABILITY.md ("Fuzzing the coder"), with the commands that produce it.
"""

from __future__ import annotations

import time
from typing import Any

import pytest

from marsad.errors import InputError
from marsad.pipeline import DEFAULT_MAX_SECONDS, Coder

BOUND = 60.0  # seconds; a regression to quadratic time takes minutes on these inputs


def _spans_ok(cd: Any, text: str) -> None:
    d = cd.to_dict()
    for m in d["mentions"]:
        assert text[m["span"][0]:m["span"][1]] == m["text"]
    for e in d["events"]:
        assert text[e["span"][0]:e["span"][1]] == e["text"]


def test_a_5000_token_sentence(coder: Coder, validator: Any, demo_text: str) -> None:
    words = [w.strip(".؟!") for w in demo_text.split()]
    words = [w for w in words if w]
    text = " ".join(words[i % len(words)] for i in range(5000)) + "."
    t0 = time.perf_counter()
    cd = coder.code(text, published="2025-07-01")
    assert time.perf_counter() - t0 < BOUND
    assert len(cd.document.sentences) == 1
    assert cd.mentions and cd.events
    validator.validate(cd.to_dict())
    _spans_ok(cd, text)


def test_a_1_mb_single_line(coder: Coder, validator: Any, demo_text: str) -> None:
    line = " ".join(demo_text.split())
    text = line * (1024 * 1024 // len(line.encode("utf-8")) + 1)
    text = text[: 1024 * 1024 // 2]  # ~1 MB of UTF-8 (Arabic letters take two bytes)
    assert "\n" not in text and len(text.encode("utf-8")) >= 900_000
    t0 = time.perf_counter()
    cd = coder.code(text, published="2025-07-01")
    assert time.perf_counter() - t0 < BOUND
    assert len(cd.document.sentences) > 100
    assert cd.events
    validator.validate(cd.to_dict())
    _spans_ok(cd, text)


@pytest.mark.parametrize("seconds", [0.0, 1e-6])
def test_a_tiny_time_budget_stops_with_too_slow(coder: Coder, demo_text: str, seconds: float) -> None:
    with pytest.raises(InputError) as info:
        coder.code(demo_text * 3, published="2025-07-01", max_seconds=seconds)
    assert info.value.reason == "too-slow"
    assert "time budget" in str(info.value) and "\n" not in str(info.value)


def test_the_budget_defaults_to_the_coders_and_none_means_no_limit(demo_text: str) -> None:
    assert Coder().max_seconds == DEFAULT_MAX_SECONDS
    tight = Coder(max_seconds=0.0)
    with pytest.raises(InputError) as info:
        tight.code(demo_text)
    assert info.value.reason == "too-slow"
    assert tight.code(demo_text, max_seconds=None).events


@pytest.mark.parametrize("published", ["2025-13-45", "2023-02-29", "0000-00-00"])
def test_a_date_of_the_right_shape_that_is_no_date_is_a_bad_date(coder: Coder, published: str) -> None:
    # found by fuzz/fuzz_coder.py: these matched YYYY-MM-DD and crashed the date resolver with ValueError
    with pytest.raises(InputError) as info:
        coder.code("قال الرئيس الروسي بوتين إن روسيا ستدعم مالي.", published=published)
    assert info.value.reason == "bad-date"
