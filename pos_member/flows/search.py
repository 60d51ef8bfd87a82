"""Live member search: debounce, cancel what a newer keystroke supersedes, never show an older
query's results."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from pos_member.api import ApiError, StampsClient, Suggestion
from pos_member.config import DEFAULT_SEARCH_DEBOUNCE_MS

from .identify import Typed, identify, searchable
from .problems import Problem, problem_from

log = logging.getLogger(__name__)

#: Show "Searching…" only when a search takes longer than this after it was sent.
BUSY_AFTER_MS = 200
#: Rows shown at most.
MAX_ROWS = 10


@dataclass(frozen=True)
class SearchResult:
    seq: int
    query: str
    suggestions: list[Suggestion]
    found: int = 0  # how many Stamps answered (it answers one page at most)

    @property
    def more(self) -> bool:
        """More members may match than are listed: more came than are shown, or a full page."""
        return self.found > len(self.suggestions) or len(self.suggestions) >= MAX_ROWS


class SearchPresenter:
    """Feed it every edit with ``text_changed``; it reports through the callbacks, only ever for
    the latest text (each edit gets a sequence number; anything older is dropped)."""

    def __init__(
        self,
        client: StampsClient,
        *,
        on_results: Callable[[SearchResult], None],
        on_cleared: Callable[[], None],
        on_busy: Callable[[bool], None],
        on_problem: Callable[[str, Problem], None],
        debounce_ms: int = DEFAULT_SEARCH_DEBOUNCE_MS,
        busy_after_ms: int = BUSY_AFTER_MS,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ):
        self.client = client
        self._on_results, self._on_cleared = on_results, on_cleared
        self._on_busy, self._on_problem = on_busy, on_problem
        self.debounce_s = debounce_ms / 1000
        self.busy_after_s = busy_after_ms / 1000
        #: How the debounce waits (tests end it themselves instead of waiting).
        self.sleep = sleep
        self.seq = 0
        self.requests_sent = 0
        self.last_query = ""
        self._task: asyncio.Task | None = None
        self._busy = False

    def text_changed(self, text: str) -> None:
        self.seq += 1
        self._cancel()
        query = " ".join(text.split())
        self.last_query = query
        if not searchable(query):
            self._set_busy(False)
            self._on_cleared()
            return
        self._task = asyncio.ensure_future(self._search(self.seq, query))

    def retry(self) -> None:
        """Run the current query again (after the connection came back)."""
        if self.last_query:
            self.text_changed(self.last_query)

    def submit(self, text: str, *, scanned: bool = False) -> Typed | None:
        """Enter. A scan, or text that is clearly one member (email, phone, member ID), is to be
        opened directly: returns what to open and stops the search. Otherwise None."""
        typed = identify(text)
        if typed.kind == "empty":
            return None
        if scanned and typed.kind == "name":
            typed = Typed("member_id", typed.text, typed.text.replace(" ", ""))
        if scanned or typed.direct:
            self.cancel()
            return typed
        return None

    @property
    def busy(self) -> bool:
        """A search is waiting (debouncing) or on its way."""
        return self._task is not None and not self._task.done()

    async def settled(self) -> None:
        """Wait until the search in flight (if any) has answered or been superseded."""
        while self._task is not None and not self._task.done():
            await asyncio.gather(self._task, return_exceptions=True)

    def cancel(self) -> None:
        self.seq += 1
        self._cancel()
        self._set_busy(False)

    def _cancel(self) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()
        self._task = None

    def _set_busy(self, busy: bool) -> None:
        if busy != self._busy:
            self._busy = busy
            self._on_busy(busy)

    async def _search(self, seq: int, query: str) -> None:
        await self.sleep(self.debounce_s)
        if seq != self.seq:
            return
        loop = asyncio.get_running_loop()
        def busy_now() -> None:
            if seq == self.seq:
                self._set_busy(True)

        busy_timer = loop.call_later(self.busy_after_s, busy_now)
        self.requests_sent += 1
        try:
            found = await self.client.suggestions(query)
        except asyncio.CancelledError:
            raise
        except ApiError as exc:
            if seq == self.seq:
                self._on_problem(query, problem_from(exc))
            return
        finally:
            busy_timer.cancel()
            if seq == self.seq:
                self._set_busy(False)
        if seq == self.seq:  # a newer edit may have arrived while the answer was on its way
            self._on_results(SearchResult(seq, query, found.suggestions[:MAX_ROWS], len(found.suggestions)))
