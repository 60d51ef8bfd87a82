"""Is Stamps reachable and does it accept this counter? Pings in the background, faster while
something is wrong, and learns from every other request's outcome too."""

from __future__ import annotations

import asyncio
import contextvars
import logging
from collections.abc import Callable
from typing import Literal

from pos_member.api import ApiError, ApiTimeout, ServerError, StampsClient
from pos_member.background import Background

from .problems import Problem, problem_from

log = logging.getLogger(__name__)

State = Literal["checking", "online", "offline", "refused"]
#: Why the counter is offline: no network (connection refused, name lookup), Stamps not answering
#: (time-outs, 5xx), or a certificate that could not be checked (clock, or a proxy in the way).
Why = Literal["network", "stamps", "clock", "certificate"]
#: Seconds between pings while all is well.
PING_EVERY_S = 30.0
#: Retry delays while offline: quick at first, then every 30 s.
OFFLINE_RETRY_S = (2.0, 4.0, 8.0, 15.0, 30.0)
#: An answer this slow says Stamps is slow (the cashier sees why everything waits)...
SLOW_ANSWER_S = 3.0
#: ...and one this quick says it is not any more.
QUICK_ANSWER_S = 1.5
#: Set in the monitor's own ping task: its outcome is worded by ``step``, not ``report``.
_PINGING: contextvars.ContextVar[bool] = contextvars.ContextVar("pinging", default=False)


class ConnectionMonitor(Background):
    def __init__(self, client: StampsClient, on_change: Callable[[State, str], None],
                 *, ping_every_s: float = PING_EVERY_S, offline_retry_s: tuple[float, ...] = OFFLINE_RETRY_S):
        self.client = client
        self._on_change = on_change
        self.state: State = "checking"
        self.merchant_name = ""
        self.ping_every_s = ping_every_s
        self.offline_retry_s = offline_retry_s
        self._failures = 0
        self.why: Why = "network"
        #: Online, but answers take SLOW_ANSWER_S or more (until one takes under QUICK_ANSWER_S).
        self.slow = False
        self.slow_after_s, self.quick_below_s = SLOW_ANSWER_S, QUICK_ANSWER_S
        super().__init__()
        client.on_outcome = self.report  # every request's outcome, the outbox's too, not only pings

    def check_now(self) -> None:
        self.wake()

    def report(self, outcome: BaseException | Problem | None) -> None:
        """Another request finished: a success proves the connection, a network failure or a
        refused key is news worth showing at once."""
        if _PINGING.get():
            return  # our own ping (this task only): ``step`` words it
        if outcome is None:
            if self.state in ("offline", "checking"):
                self._set("online")
            self._timed()
            return
        problem = outcome if isinstance(outcome, Problem) else problem_from(outcome)
        kind = problem.kind
        if kind == "auth":
            self._set("refused")
        elif kind in ("offline", "server"):
            why = self._why(outcome, problem)
            if self.state != "offline" or why != self.why:
                self.why = why
                self._set("offline", force=True)
                self.check_now()

    def _timed(self) -> None:
        """Whether the last answer says Stamps is slow (or quick again): worth a word while online."""
        seconds = self.client.last_answer_s
        if seconds is None:
            return
        slow = seconds >= self.slow_after_s or (self.slow and seconds >= self.quick_below_s)
        if slow != self.slow:
            log.info("connection: Stamps %s", "slow" if slow else "quick again")
            self.slow = slow
            if self.state == "online":
                self._on_change(self.state, self.merchant_name)

    @staticmethod
    def _why(outcome: BaseException | Problem, problem: Problem) -> Why:
        if problem.code in ("clock", "certificate"):
            return "clock" if problem.code == "clock" else "certificate"
        if isinstance(outcome, Problem):
            return "stamps" if outcome.kind == "server" or outcome.code == "timeout" else "network"
        return "stamps" if isinstance(outcome, (ApiTimeout, ServerError)) else "network"

    def _set(self, state: State, *, force: bool = False) -> None:
        self.client.offline = state == "offline"  # every call fails fast until one succeeds
        if force and state == self.state:
            self._on_change(state, self.merchant_name)  # the same state, for another reason
            return
        if state != self.state:
            log.info("connection: %s -> %s", self.state, state)
            self.state = state
            if state != "offline":
                self._failures = 0
            self._on_change(state, self.merchant_name)

    async def step(self) -> float:
        token = _PINGING.set(True)
        try:
            pong = await self.client.ping()
        except asyncio.CancelledError:
            raise
        except ApiError as exc:
            problem = problem_from(exc)
            if problem.kind == "auth":
                self._set("refused")
                return self.ping_every_s
            why = self._why(exc, problem)
            changed, self.why = why != self.why, why
            self._set("offline", force=changed)
            delay = self.offline_retry_s[min(self._failures, len(self.offline_retry_s) - 1)]
            self._failures += 1
            return delay
        finally:
            _PINGING.reset(token)
        name = (pong.pong.merchant if pong.pong else None) or self.merchant_name
        renamed, self.merchant_name = name != self.merchant_name, name
        self._failures = 0
        if self.state != "online":
            self._set("online")
        elif renamed:
            self._on_change(self.state, name)
        self._timed()
        return self.ping_every_s
