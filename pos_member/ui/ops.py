"""One path for every cashier action (after Anki's QueryOp): run a coroutine, keep a strong
reference to its task, show busy, map failures to a ``Problem``, tell the connection monitor."""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Awaitable, Callable

from PySide6.QtCore import QObject, Signal

from pos_member.api import ApiError
from pos_member.flows.connection import ConnectionMonitor
from pos_member.flows.problems import Problem, problem_from

log = logging.getLogger(__name__)


class Ops(QObject):
    """Owns the app's background tasks (qasync keeps no strong reference of its own)."""

    busyChanged = Signal(bool)
    problem = Signal(object)  # Problem nobody else handled

    def __init__(self, monitor: ConnectionMonitor | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.monitor = monitor
        self._tasks: set[asyncio.Task] = set()
        self._busy = 0

    def spawn(self, coro: Awaitable[Any]) -> asyncio.Task:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._done)
        return task

    def _done(self, task: asyncio.Task) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            exc = task.exception()
            log.error("background task failed: %s", type(exc).__name__, exc_info=exc)

    def run(
        self,
        coro: Awaitable[Any],
        *,
        success: Callable[[Any], None] | None = None,
        failure: Callable[[Problem], None] | None = None,
        busy: bool = True,
    ) -> asyncio.Task:
        async def op() -> None:
            if busy:
                self._change_busy(+1)
            try:
                result = await coro
            except asyncio.CancelledError:
                raise
            except ApiError as exc:
                self.report(exc)
                problem = problem_from(exc)
                if failure is not None:
                    failure(problem)
                else:
                    self.problem.emit(problem)
                return
            finally:
                if busy:
                    self._change_busy(-1)
            self.report(None)
            if success is not None:
                success(result)

        return self.spawn(op())

    def report(self, outcome: BaseException | Problem | None) -> None:
        """Tell the connection monitor how a request went (a success proves the line is up)."""
        if self.monitor is not None:
            self.monitor.report(outcome)

    def _change_busy(self, delta: int) -> None:
        before = self._busy > 0
        self._busy += delta
        if (self._busy > 0) != before:
            self.busyChanged.emit(self._busy > 0)

    async def shutdown(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
