"""The manager PIN gate (no Qt): one per app, shared by every dialog that asks for the PIN, so
closing a dialog does not reset the count of wrong tries.

The hash check (PBKDF2, 50–100 ms) runs on a worker thread so the counter never freezes (a plain
Python thread, not the loop's default executor: under qasync that is a QThread pool that is never
joined at exit). After
``FREE_TRIES`` wrong PINs in a row the gate locks for ``FIRST_LOCKOUT_S``; every further wrong PIN
doubles the wait (up to ``MAX_LOCKOUT_S``). A right PIN clears the count; so does an hour without a
wrong try. State lives in memory only: restarting the app is itself slow enough to deter guessing.
"""

from __future__ import annotations

import asyncio
import enum
import math
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from pos_member.config import verify_pin
from pos_member.i18n import tr

FREE_TRIES = 3
FIRST_LOCKOUT_S = 30.0
#: A child tapping wrong PINs cannot lock staff out for longer than this.
MAX_LOCKOUT_S = 5 * 60.0
#: Wrong tries older than this are forgotten.
FORGET_AFTER_S = 3600.0
_HASHING = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pin-check")


class PinVerdict(enum.Enum):
    OK = "ok"
    WRONG = "wrong"
    LOCKED = "locked"
    NOT_SET = "not_set"


@dataclass(frozen=True)
class PinCheck:
    verdict: PinVerdict
    #: LOCKED (and the WRONG try that started a lock-out): seconds until the next try.
    wait_s: float = 0.0
    #: WRONG: tries left before the lock-out.
    tries_left: int = 0

    @property
    def ok(self) -> bool:
        return self.verdict is PinVerdict.OK

    @property
    def message(self) -> str:
        """What to show next to the PIN field (empty when the PIN was right)."""
        if self.verdict is PinVerdict.OK:
            return ""
        if self.verdict is PinVerdict.NOT_SET:
            return tr("No manager PIN is set for this store, so this action is locked. Ask IT to set one.")
        if self.wait_s > 0:
            return tr("Too many wrong PINs. Try again in {wait}.").format(wait=_duration(self.wait_s))
        if self.tries_left == 1:
            return tr("That is not the manager PIN. One more wrong PIN locks this for a while.")
        return tr("That is not the manager PIN.")


def _duration(seconds: float) -> str:
    whole = max(1, math.ceil(seconds))
    if whole < 90:
        return tr("{n} seconds").format(n=whole)
    return tr("{n} minutes").format(n=math.ceil(whole / 60))


class ManagerPinGate:
    def __init__(self, stored_hash: str | None, *, clock: Callable[[], float] = time.monotonic,
                 verify: Callable[[str, str | None], bool] = verify_pin):
        self.stored_hash = stored_hash
        self._clock, self._verify = clock, verify
        self._wrong = 0
        self._last_wrong = -math.inf
        self._locked_until = -math.inf
        self._lock = asyncio.Lock()

    @property
    def configured(self) -> bool:
        return bool(self.stored_hash)

    def locked_for(self) -> float:
        """Seconds until the next try is allowed (0 when it is allowed now)."""
        return max(0.0, self._locked_until - self._clock())

    def replace_hash(self, stored_hash: str | None) -> None:
        """A new PIN was set (store settings): earlier wrong tries no longer count."""
        self.stored_hash = stored_hash
        self._wrong, self._locked_until = 0, -math.inf

    async def check(self, pin: str) -> PinCheck:
        if not self.stored_hash:
            return PinCheck(PinVerdict.NOT_SET)
        async with self._lock:  # two quick Enters are checked one after the other
            wait = self.locked_for()
            if wait > 0:
                return PinCheck(PinVerdict.LOCKED, wait_s=wait)
            loop = asyncio.get_running_loop()
            right = await loop.run_in_executor(_HASHING, self._verify, str(pin), self.stored_hash)
            now = self._clock()
            if right:
                self._wrong, self._locked_until = 0, -math.inf
                return PinCheck(PinVerdict.OK)
            if now - self._last_wrong > FORGET_AFTER_S:
                self._wrong = 0
            self._wrong += 1
            self._last_wrong = now
            if self._wrong < FREE_TRIES:
                return PinCheck(PinVerdict.WRONG, tries_left=FREE_TRIES - self._wrong)
            wait = min(MAX_LOCKOUT_S, FIRST_LOCKOUT_S * 2 ** (self._wrong - FREE_TRIES))
            self._locked_until = now + wait
            return PinCheck(PinVerdict.WRONG, wait_s=wait)
