"""The manager PIN gate (no Qt): one per app, shared by every dialog that asks for the PIN, so
closing a dialog does not reset the count of wrong tries.

The hash check (PBKDF2, 50–100 ms) runs on a worker thread so the counter never freezes (a plain
Python thread, not the loop's default executor: under qasync that is a QThread pool that is never
joined at exit). After
``FREE_TRIES`` wrong PINs in a row the gate locks for ``FIRST_LOCKOUT_S``; every further wrong PIN
doubles the wait (up to ``MAX_LOCKOUT_S``). A right PIN clears the count; so does an hour without a
wrong try.

The count and the lock-out are kept per machine (``LockoutFile``, next to the machine-wide outbox),
so restarting the app, or signing in as another Windows user, gives no fresh tries. The file says
which PIN it counts for (a fingerprint of the hash, not the hash): a new PIN starts afresh.
"""

from __future__ import annotations

import asyncio
import enum
import hashlib
import json
import logging
import math
import os
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from pos_member.config import verify_pin
from pos_member.i18n import tr

FREE_TRIES = 3
FIRST_LOCKOUT_S = 30.0
#: A child tapping wrong PINs cannot lock staff out for longer than this.
MAX_LOCKOUT_S = 5 * 60.0
#: Wrong tries older than this are forgotten.
FORGET_AFTER_S = 3600.0
_HASHING = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pin-check")
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Tries:
    """Wrong tries as kept on disk: wall-clock times (the gate's own clock is monotonic)."""

    wrong: int = 0
    last_wrong: float = 0.0      # time.time() of the last wrong try
    locked_until: float = 0.0    # time.time() until which the gate is locked


class LockoutFile:
    """The gate's wrong tries in a small JSON file shared by every user and copy on this machine.
    A file that cannot be read counts as no tries; one that cannot be written is logged (the gate
    still counts in memory)."""

    def __init__(self, path: Path, *, wall: Callable[[], float] = time.time):
        self.path, self.wall = Path(path), wall

    def load(self, pin: str) -> Tries:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("pin") != pin:
                return Tries()
            return Tries(int(data["wrong"]), float(data["last_wrong"]), float(data["locked_until"]))
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return Tries()

    def save(self, pin: str, tries: Tries) -> None:
        data = {"pin": pin, "wrong": tries.wrong, "last_wrong": tries.last_wrong, "locked_until": tries.locked_until}
        partial = self.path.with_name(f"{self.path.name}.{os.getpid()}.new")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            partial.write_text(json.dumps(data), encoding="utf-8")
            os.replace(partial, self.path)
        except OSError as exc:
            log.warning("manager PIN: the wrong tries could not be kept on disk (%s)", type(exc).__name__)


def fingerprint(stored_hash: str | None) -> str:
    """Which PIN a lock-out file counts for, without keeping the hash itself there."""
    return hashlib.sha256((stored_hash or "").encode()).hexdigest()[:16]


class PinVerdict(enum.Enum):
    OK = "ok"
    WRONG = "wrong"
    LOCKED = "locked"
    NOT_SET = "not_set"
    #: Nothing typed: not a try, nothing counted.
    EMPTY = "empty"


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
        if self.verdict is PinVerdict.EMPTY:
            return tr("Type the manager PIN.")
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
                 verify: Callable[[str, str | None], bool] = verify_pin, kept: LockoutFile | None = None):
        self.stored_hash = stored_hash
        self._clock, self._verify = clock, verify
        self._wrong = 0
        self._last_wrong = -math.inf
        self._locked_until = -math.inf
        self._lock = asyncio.Lock()
        self._kept = kept
        self._load()

    def _load(self) -> None:
        """Take over the tries kept on disk (another copy, another user, before a restart)."""
        if self._kept is None:
            return
        tries = self._kept.load(fingerprint(self.stored_hash))
        now, wall = self._clock(), self._kept.wall()
        self._wrong = tries.wrong
        self._last_wrong = now - max(0.0, wall - tries.last_wrong) if tries.wrong else -math.inf
        # A clock set back must not lock staff out for longer than the cap.
        left = min(MAX_LOCKOUT_S, tries.locked_until - wall)
        self._locked_until = now + left if left > 0 else -math.inf

    def _save(self) -> None:
        if self._kept is None:
            return
        now, wall = self._clock(), self._kept.wall()
        tries = Tries(self._wrong, wall - (now - self._last_wrong) if self._wrong else 0.0,
                      wall + (self._locked_until - now) if self._locked_until > now else 0.0)
        self._kept.save(fingerprint(self.stored_hash), tries)

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
        self._load()

    async def check(self, pin: str) -> PinCheck:
        if not self.stored_hash:
            return PinCheck(PinVerdict.NOT_SET)
        if not str(pin).strip():  # an Enter on an empty field is not a wrong try
            wait = self.locked_for()
            return PinCheck(PinVerdict.LOCKED, wait_s=wait) if wait > 0 else PinCheck(PinVerdict.EMPTY)
        async with self._lock:  # two quick Enters are checked one after the other
            loop = asyncio.get_running_loop()
            if self._kept is not None:  # tries made meanwhile by another copy or user count too
                await loop.run_in_executor(_HASHING, self._load)
            wait = self.locked_for()
            if wait > 0:
                return PinCheck(PinVerdict.LOCKED, wait_s=wait)
            right = await loop.run_in_executor(_HASHING, self._verify, str(pin), self.stored_hash)
            now = self._clock()
            if right:
                had_tries = self._wrong > 0
                self._wrong, self._locked_until = 0, -math.inf
                if had_tries:
                    await loop.run_in_executor(_HASHING, self._save)
                return PinCheck(PinVerdict.OK)
            if now - self._last_wrong > FORGET_AFTER_S:
                self._wrong = 0
            self._wrong += 1
            self._last_wrong = now
            if self._wrong < FREE_TRIES:
                await loop.run_in_executor(_HASHING, self._save)
                return PinCheck(PinVerdict.WRONG, tries_left=FREE_TRIES - self._wrong)
            wait = min(MAX_LOCKOUT_S, FIRST_LOCKOUT_S * 2 ** (self._wrong - FREE_TRIES))
            self._locked_until = now + wait
            await loop.run_in_executor(_HASHING, self._save)
            return PinCheck(PinVerdict.WRONG, wait_s=wait)
