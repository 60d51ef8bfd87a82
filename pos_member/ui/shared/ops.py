"""The one path for async work in the UI (after Anki's ``QueryOp``):

    ops.run(parent, operation, on_success, on_failure, busy=[button])

- ``operation`` is a callable returning an awaitable: it is only called when the op really starts,
  so a double Enter neither starts the work twice nor leaves a coroutine un-awaited;
- while it runs, ``busy`` widgets are disabled and ``busyChanged`` tells the window;
- failures arrive as a ``Problem`` in the cashier's words (``Refused`` from a flow, an
  ``ApiError`` mapped, anything else logged and worded as "something went wrong");
- the task is cancelled when ``parent`` closes (a dialog finishes, a window closes or is deleted),
  and then no callback runs: nothing touches a widget that is gone.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QAbstractButton, QDialog, QWidget

from pos_member.api import ApiError
from pos_member.flows.connection import ConnectionMonitor
from pos_member.flows.problems import Problem, Refused, problem_from
from pos_member.i18n import tr

log = logging.getLogger(__name__)
T = TypeVar("T")


class Ops(QObject):
    """Owns the UI's tasks (qasync keeps no strong reference of its own)."""

    busyChanged = Signal(bool)
    problem = Signal(object)  # a Problem nobody else handled

    def __init__(self, monitor: ConnectionMonitor | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.monitor = monitor
        self._running: dict[tuple[int, str], asyncio.Task] = {}
        self._restorers: dict[tuple[int, str], Callable[[], None]] = {}
        self._watched: set[int] = set()
        self._busy = 0

    # ------------------------------------------------------------------ the one path

    def run(
        self,
        parent: QObject | None,
        operation: Callable[[], Awaitable[T]],
        on_success: Callable[[T], None] | None = None,
        on_failure: Callable[[Problem], None] | None = None,
        *,
        busy: Iterable[QWidget] = (),
        key: str = "",
        show_busy: bool = True,
        waiting: str = "",
    ) -> asyncio.Task | None:
        """Start ``operation()`` unless the same ``key`` already runs for ``parent`` (then None)."""
        slot = (id(parent), key)
        if slot in self._running:
            return None
        if parent is not None:
            self._watch(parent)
        widgets = [w for w in busy if w is not None]

        # ``waiting``: what the first busy button says meanwhile ("Sending code…"): no silent grey.
        labelled = next((w for w in widgets if isinstance(w, QAbstractButton)), None) if waiting else None
        label = labelled.text() if labelled is not None else ""

        started = restored = False

        def restore() -> None:
            """The busy widgets as they were, once: when the op ends, or at once when it is
            cancelled (a dialog reset for the next member must not be re-enabled later by it)."""
            nonlocal restored
            if not started or restored:
                return
            restored = True
            if show_busy:
                self._change_busy(-1)
            for widget in widgets:
                if shiboken6.isValid(widget):
                    widget.setEnabled(True)
            if labelled is not None and shiboken6.isValid(labelled) and labelled.text() == waiting:
                labelled.setText(label)

        async def op() -> None:
            nonlocal started
            started = True
            for widget in widgets:
                widget.setEnabled(False)
            if labelled is not None:
                labelled.setText(waiting)
            if show_busy:
                self._change_busy(+1)
            problem: Problem | None = None
            result: Any = None
            try:
                result = await operation()
            except asyncio.CancelledError:
                raise
            except Refused as exc:
                problem = exc.problem
            except ApiError as exc:
                problem = problem_from(exc)
            except Exception as exc:
                log.error("operation failed: %s", type(exc).__name__, exc_info=exc)
                problem = Problem("unknown", tr("Something went wrong. Please try again."))
            finally:
                if self._running.get(slot) is asyncio.current_task():  # a cancelled op's slot may be taken again
                    self._running.pop(slot, None)  # before the callbacks: they may start the next op
                    self._restorers.pop(slot, None)
                restore()
            if problem is not None:
                # A success is not reported: an op can succeed without Stamps (a registration kept
                # by the outbox). The client tells the monitor of every answer itself.
                self.report(problem)
            if problem is None:
                if on_success is not None:
                    on_success(result)
            elif on_failure is not None:
                on_failure(problem)
            else:
                self.problem.emit(problem)

        task = asyncio.ensure_future(op())
        self._running[slot] = task
        self._restorers[slot] = restore
        task.add_done_callback(self._done)
        return task

    def running(self, parent: QObject | None = None, key: str | None = None) -> bool:
        return any((parent is None or pid == id(parent)) and (key is None or k == key) for pid, k in self._running)

    async def settled(self, parent: QObject | None = None) -> None:
        """Wait until no op (of ``parent``, or at all) is running: the tests' public hook."""
        while True:
            tasks = [t for (pid, _), t in self._running.items() if parent is None or pid == id(parent)]
            if not tasks:
                return
            await asyncio.gather(*tasks, return_exceptions=True)

    def cancel(self, parent: QObject | None) -> None:
        """Cancel every op of ``parent`` (its callbacks will not run)."""
        self._cancel_id(id(parent))

    def report(self, outcome: BaseException | Problem | None) -> None:
        """Tell the connection monitor how a request went (a success proves the line is up)."""
        if self.monitor is not None:
            self.monitor.report(outcome)

    async def shutdown(self) -> None:
        tasks = list(self._running.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    # ------------------------------------------------------------------ plumbing

    def _watch(self, parent: QObject) -> None:
        pid = id(parent)
        if pid in self._watched:
            return
        self._watched.add(pid)
        parent.destroyed.connect(lambda *_: self._forget(pid))
        if isinstance(parent, QDialog):
            parent.finished.connect(lambda *_: self._cancel_id(pid))
        parent.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        # A dialog's close may be refused (a registration on its way will not be dropped): its
        # ``finished`` says when it really closed. Other widgets cancel on the Close event.
        if event.type() == QEvent.Type.Close and not isinstance(watched, QDialog):
            self._cancel_id(id(watched))
        return False

    def _forget(self, pid: int) -> None:
        self._cancel_id(pid)
        self._watched.discard(pid)

    def _cancel_id(self, pid: int) -> None:
        for slot, task in list(self._running.items()):
            if slot[0] == pid:
                self._running.pop(slot, None)
                restore = self._restorers.pop(slot, None)
                if restore is not None:
                    restore()
                task.cancel()

    def _done(self, task: asyncio.Task) -> None:
        for slot, other in list(self._running.items()):
            if other is task:
                self._running.pop(slot, None)
                self._restorers.pop(slot, None)
        if not task.cancelled() and task.exception() is not None:
            exc = task.exception()
            log.error("operation callback failed: %s", type(exc).__name__, exc_info=exc)

    def _change_busy(self, delta: int) -> None:
        before = self._busy > 0
        self._busy += delta
        if (self._busy > 0) != before:
            self.busyChanged.emit(self._busy > 0)
