"""The cyclic garbage collector is off only while documents are coded, and back as it was afterwards."""

from __future__ import annotations

import gc
import threading

import pytest

from marsad.errors import InputError
from marsad.pipeline import Coder, collector_paused


@pytest.fixture(autouse=True)
def _collector_on() -> None:
    gc.enable()


def test_off_while_coding_and_on_afterwards_also_after_an_error() -> None:
    seen: list[bool] = []
    with collector_paused():
        seen.append(gc.isenabled())
        with collector_paused():  # nested: still off, and the outer exit turns it back on
            pass
        seen.append(gc.isenabled())
    assert seen == [False, False] and gc.isenabled()
    with pytest.raises(InputError):
        Coder().code("", name="empty")
    assert gc.isenabled()


def test_a_caller_who_turned_it_off_keeps_it_off() -> None:
    coder, text = Coder(), "Russia signed an agreement with Mali."
    coder.code(text, lang="en", published="2025-07-01")  # loads the models: srsly turns the collector on then
    gc.disable()
    try:
        coder.code(text, lang="en", published="2025-07-01")
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_threads_coding_at_once_leave_it_on() -> None:
    inside, release = threading.Barrier(3), threading.Event()

    def hold() -> None:
        with collector_paused():
            inside.wait()
            release.wait()

    threads = [threading.Thread(target=hold) for _ in range(2)]
    for t in threads:
        t.start()
    inside.wait()
    assert not gc.isenabled()
    release.set()
    for t in threads:
        t.join()
    assert gc.isenabled()
