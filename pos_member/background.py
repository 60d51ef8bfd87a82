"""A background loop (no Qt): do one step, then sleep until the delay the step asked for passes
or someone wakes it. The connection monitor and the outbox sender are both this."""

from __future__ import annotations

import asyncio


class Background:
    def __init__(self) -> None:
        self._wake = asyncio.Event()
        self._task: asyncio.Task | None = None

    async def step(self) -> float:
        """Do one round of work; return how many seconds to sleep before the next."""
        raise NotImplementedError

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.ensure_future(self._run())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None

    def wake(self) -> None:
        self._wake.set()

    async def _run(self) -> None:
        while True:
            delay = await self.step()
            self._wake.clear()
            try:
                await asyncio.wait_for(self._wake.wait(), timeout=delay)
            except TimeoutError:
                pass
