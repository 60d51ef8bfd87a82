"""The update check as a background loop of the app (no Qt): every few hours, on a thread of its
own, so neither a dead repository nor a 60 MB download ever holds the event loop the counter
runs on. A verified installer is handed to ``on_ready`` (the apply step); the status is kept
for the status bar, ``--check-install`` and the support file."""

from __future__ import annotations

import asyncio
import logging
import random
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from pos_member.background import Background
from pos_member.update.status import UpdateStatus, load, resumed, save

if TYPE_CHECKING:  # tuf is imported with the checker, off the event loop (runtime._with_updates)
    from pos_member.update.check import CheckResult, UpdateChecker

log = logging.getLogger(__name__)
T = TypeVar("T")

#: Between checks once a check has answered; the first comes a little after start-up.
CHECK_EVERY_S = 4 * 3600.0
FIRST_CHECK_AFTER_S = 90.0
#: After no answer: sooner, but never hammering (200 stores back at once after an outage).
RETRY_AFTER_S = 30 * 60.0


def in_thread(function: Callable[[], T], name: str) -> asyncio.Future[T]:
    """Run ``function`` on a daemon thread: unlike ``asyncio.to_thread`` the app's exit never
    waits for it (the loop's default executor is joined at shutdown)."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future[T] = loop.create_future()

    def settle(outcome: Callable[[], None]) -> None:
        if not future.done():
            outcome()

    def hand_over(outcome: Callable[[], None]) -> None:
        try:
            loop.call_soon_threadsafe(settle, outcome)
        except RuntimeError:  # the loop is closed: the app has exited, nobody waits any more
            pass

    def run() -> None:
        try:
            value = function()
        except BaseException as exc:  # noqa: BLE001 (handed to the awaiting coroutine)
            error = exc
            hand_over(lambda: future.set_exception(error))
        else:
            hand_over(lambda: future.set_result(value))

    threading.Thread(target=run, name=name, daemon=True).start()
    return future


class UpdateService(Background):
    name = "update check"

    def __init__(self, checker: UpdateChecker, *, status_dir: Path,
                 on_ready: Callable[[CheckResult], None] | None = None,
                 on_status: Callable[[UpdateStatus], None] | None = None,
                 every_s: float = CHECK_EVERY_S, first_after_s: float = FIRST_CHECK_AFTER_S) -> None:
        super().__init__()
        self.checker = checker
        self.status_dir = status_dir
        self.on_ready, self.on_status = on_ready, on_status
        self.every_s, self.first_after_s = every_s, first_after_s
        self.status = UpdateStatus(checker.current_version, checker.channel, enabled=True, place=checker.place)
        self.status = resumed(self.status, load(status_dir))
        self._first = True

    async def step(self) -> float:
        if self._first:  # not at start-up: the counter's first minutes are the busiest
            self._first = False
            return self.first_after_s * random.uniform(0.5, 1.5)
        from pos_member.update.check import Outcome

        result = await in_thread(self.checker.check, "update-check")
        release = result.release
        status = self.status.checked(
            result.outcome.value, reason=result.reason, available=release.version if release else None,
            pending_file=str(result.installer) if result.installer else None,
            share=release.share if release else None)
        try:
            await in_thread(lambda: save(status, self.status_dir), "update-status")
        except OSError as exc:  # the status bar still shows it; --check-install will not
            log.warning("update check: status not saved (%s)", type(exc).__name__)
        self.status = status  # after the file: whoever sees the new status finds it saved
        if self.on_status is not None:
            self.on_status(status)
        if result.outcome is Outcome.READY and self.on_ready is not None:
            self.on_ready(result)
        spread = random.uniform(0.9, 1.1)
        if result.outcome is Outcome.UNREACHABLE:
            return RETRY_AFTER_S * spread
        return self.every_s * spread

    async def check_now(self) -> None:
        self._first = False
        self.wake()

    async def stop(self) -> None:
        self.checker.cancelled.set()  # a download in progress ends at its next chunk
        await super().stop()
