"""The background sender: delivers due items with backoff, and says why it is paused. No Qt."""

from __future__ import annotations

import time
from collections.abc import Callable

from pos_member.api import StampsClient
from pos_member.background import Background

from .delivery import Outbox, Outcome
from .failures import Cause, cause
from .store import UPKEEP_EVERY_S


class OutboxSender(Background):
    """Delivers due items in the background, with backoff; wake it when something changes.

    It never dies of a fault: a step that raises is logged and retried later (``Background``), and
    ``paused`` says why delivery is stuck (a ``Cause`` code) until a step succeeds again."""

    name = "outbox sender"

    def __init__(self, outbox: Outbox, client: StampsClient, *, idle_s: float = 30.0,
                 upkeep_every_s: float = UPKEEP_EVERY_S, clock: Callable[[], float] = time.monotonic):
        super().__init__()
        self.outbox, self.client = outbox, client
        self.idle_s = idle_s
        self.upkeep_every_s, self._clock = upkeep_every_s, clock
        self._next_upkeep = clock()  # once at start, then on schedule
        #: Why delivery is stuck, as a code the status bar words (None when it is not).
        self.paused: Cause | None = None

    async def deliver_now(self, item_id: int) -> Outcome:
        """Deliver one item at once; only waits if this very item is being sent already."""
        return await self.outbox.deliver(self.client, item_id)

    async def step(self) -> float:
        outbox = self.outbox
        await outbox.run(outbox.reload)  # another copy (another session, IT's flush) may have changed it
        await outbox.run(outbox.recover_stuck, tuple(outbox.in_flight))
        if self._clock() >= self._next_upkeep:
            await outbox.run(outbox.upkeep)
            self._next_upkeep = self._clock() + self.upkeep_every_s
        await outbox.deliver_due(self.client)
        wait = await outbox.run(outbox.next_due_in)
        self._pause(None)
        return min(self.idle_s, wait) if wait is not None else self.idle_s

    def failed(self, exc: BaseException) -> None:
        self._pause(cause(exc))

    def _pause(self, why: Cause | None) -> None:
        if why != self.paused:
            self.paused = why
            self.outbox.notify()
