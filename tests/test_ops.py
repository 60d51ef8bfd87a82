"""The one async path of the UI: busy state, problems in the cashier's words, one op per key,
and nothing left running (or calling back) once its parent closes."""

from __future__ import annotations

import asyncio

from PySide6.QtWidgets import QDialog, QPushButton

from pos_member.api import ServerError
from pos_member.flows.problems import Problem, Refused
from pos_member.ui.shared.ops import Ops
from tests.conftest import run_async


def server_error() -> ServerError:
    return ServerError(503, body="<html>busy</html>")


def test_success_busy_and_one_op_per_key(qloop, qtbot):
    ops = Ops()
    dialog = QDialog()
    qtbot.addWidget(dialog)
    button = QPushButton(dialog)
    busy, results, started = [], [], []
    ops.busyChanged.connect(busy.append)
    release = asyncio.Event()

    async def work() -> str:
        started.append(1)
        await release.wait()
        return "done"

    assert ops.run(dialog, work, results.append, busy=[button]) is not None
    assert ops.run(dialog, work, results.append) is None  # a second Enter: not even started
    qtbot.waitUntil(lambda: started == [1])
    assert not button.isEnabled() and ops.running(dialog)
    release.set()
    run_async(qtbot, ops.settled(dialog))
    assert results == ["done"] and started == [1] and button.isEnabled() and busy == [True, False]


def test_failures_arrive_as_problems(qloop, qtbot):
    ops = Ops()
    dialog = QDialog()
    qtbot.addWidget(dialog)
    problems: list[Problem] = []

    async def refused() -> None:
        raise Refused(Problem("invalid", "Check the name.", {"name": "Enter the name."}))

    async def down() -> None:
        raise server_error()

    async def bug() -> None:
        raise KeyError("oops")

    for key, operation in (("a", refused), ("b", down), ("c", bug)):
        ops.run(dialog, operation, lambda _r: problems.append(Problem("unknown", "success?")), problems.append, key=key)
    run_async(qtbot, ops.settled())
    assert [p.kind for p in problems] == ["invalid", "server", "unknown"]
    assert problems[0].fields == {"name": "Enter the name."}
    assert "try again" in problems[2].message.lower()


def test_closing_the_parent_cancels_and_nothing_calls_back(qloop, qtbot):
    ops = Ops()
    dialog = QDialog()
    qtbot.addWidget(dialog)
    dialog.open()
    called, cancelled = [], []

    async def slow() -> None:
        try:
            await asyncio.sleep(5)
        except asyncio.CancelledError:
            cancelled.append(1)
            raise

    task = ops.run(dialog, slow, called.append, called.append)
    qtbot.wait(20)
    dialog.reject()
    qtbot.waitUntil(task.done)
    assert task.cancelled() and cancelled == [1] and called == [] and not ops.running()
