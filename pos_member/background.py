"""A background loop (no Qt): do one step, then sleep until the delay the step asked for passes
or someone wakes it. The connection monitor and the outbox sender are both this.

The loop survives everything but cancellation: a step that raises is logged (redacted by the log
formatter), reported to ``failed`` and retried after a growing pause. Dying silently would leave
registrations waiting with nothing on screen saying so.
"""

from __future__ import annotations

import asyncio
import logging

log = logging.getLogger(__name__)

#: Pause after a failed step: doubles from FIRST up to CAP while the steps keep failing.
FAILURE_PAUSE_FIRST_S = 1.0
FAILURE_PAUSE_CAP_S = 60.0


class Background:
    name = "background loop"

    def __init__(self) -> None:
        self._wake = asyncio.Event()
        self._task: asyncio.Task | None = None
        #: Steps that failed in a row (0 once one succeeds).
        self.failures = 0

    async def step(self) -> float:
        """Do one round of work; return how many seconds to sleep before the next."""
        raise NotImplementedError

    def failed(self, exc: BaseException) -> None:
        """A step raised ``exc`` (already logged); say so where people look."""

    @property
    def running(self) -> bool:
        """The loop is going (started, not stopped, not ended)."""
        return self._task is not None and not self._task.done()

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.ensure_future(self._run())

    async def stop(self) -> None:
        task, self._task = self._task, None
        while task is not None and not task.done():
            task.cancel()  # again, should a library below have swallowed the first one
            await asyncio.wait({task}, timeout=1.0)

    def wake(self) -> None:
        self._wake.set()

    async def _run(self) -> None:
        while True:
            self._wake.clear()  # before the step: a wake during the step is not lost
            try:
                delay = await self.step()
                self.failures = 0
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # anything else: log, say so, pause, go on
                self.failures += 1
                delay = min(FAILURE_PAUSE_CAP_S, FAILURE_PAUSE_FIRST_S * 2 ** (self.failures - 1))
                log.error("%s: a step failed (%s, %d in a row); trying again in %.0f s", self.name,
                          type(exc).__name__, self.failures, delay, exc_info=exc)
                try:
                    self.failed(exc)
                except Exception:  # reporting must not end the loop either
                    log.exception("%s: reporting the failure failed", self.name)
            # asyncio.timeout, not wait_for: on 3.11 wait_for swallows a cancel that arrives as the
            # wake-up does, and the loop would run on while stop() waits for it forever.
            try:
                async with asyncio.timeout(delay):
                    await self._wake.wait()
            except TimeoutError:
                pass
