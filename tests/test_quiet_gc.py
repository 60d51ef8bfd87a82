"""Full garbage collections wait for a quiet counter (ui/shared/aio.QuietCollector), and Python's
own full collections still come, later, so memory stays bounded when the counter is never quiet."""

from __future__ import annotations

import gc

import pytest

from pos_member.ui.shared import aio
from tests.conftest import run_async


@pytest.fixture
def thresholds():
    before = gc.get_threshold()
    yield
    gc.set_threshold(*before)


def make_garbage_old() -> None:
    """Enough young collections that something reaches the old generation (a full one is due)."""
    for _ in range(gc.get_threshold()[1] + 1):
        gc.collect(0)
        gc.collect(1)


def test_collects_only_when_quiet_and_due(qapp, thresholds):
    quiet = [False]
    collector = aio.QuietCollector(lambda: quiet[0], check_ms=60_000)
    try:
        assert gc.get_threshold() == aio.GC_THRESHOLDS
        assert gc.get_threshold()[2] > 10 and gc.get_threshold()[2] < 1000  # later, never "never"
        make_garbage_old()
        assert collector.due()
        assert not collector.check() and collector.collections == 0  # busy: it waits
        quiet[0] = True
        assert collector.check() and collector.collections == 1
        assert not collector.due() and not collector.check()  # nothing new: nothing to do
        assert collector.collections == 1
    finally:
        collector.stop()
    assert gc.get_threshold() == aio._PYTHON_THRESHOLDS  # noqa: SLF001 (the module's own record)


def test_a_cycle_is_freed_at_the_quiet_moment(qapp, thresholds):
    import weakref

    class Node:
        pass

    collector = aio.QuietCollector(lambda: True, check_ms=60_000)
    try:
        a, b = Node(), Node()
        a.other, b.other = b, a
        gone = weakref.ref(a)
        gc.collect(0)
        gc.collect(1)  # the cycle is old now: only a full collection frees it
        del a, b
        make_garbage_old()
        collector.check()
        assert gone() is None
    finally:
        collector.stop()


def test_settle_heap_without_a_quiet_test_keeps_pythons_own(qapp, thresholds):
    gc.set_threshold(1, 2, 3)
    assert aio.settle_heap() is None
    assert gc.get_threshold() == aio._PYTHON_THRESHOLDS  # noqa: SLF001 (the module's own record)
    gc.unfreeze()


def test_the_counter_is_quiet_only_when_nothing_is_typed_loading_or_sent(make_window, qtbot, monkeypatch):
    import asyncio

    from pos_member.ui.counter import main_window

    window = make_window()
    run_async(qtbot, window.settled())
    monkeypatch.setattr(main_window, "QUIET_AFTER_S", 0.0)
    assert window.quiet()
    held = window.gate.hold["bu"] = asyncio.Event()  # the search's answer waits for the test
    window.search_box.setText("bu")
    qtbot.waitUntil(lambda: not window.session.idle, timeout=3000)
    assert not window.quiet()  # a search is on its way
    held.set()
    run_async(qtbot, window.settled())
    assert window.quiet()
    monkeypatch.setattr(main_window, "QUIET_AFTER_S", 3600.0)
    window.search_box.setText("bud")
    assert not window.quiet()  # just typed
