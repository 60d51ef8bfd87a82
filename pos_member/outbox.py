"""Durable queue for registrations that must not be lost while Stamps is unreachable. No Qt.

Rules that make it safe:
- An item is committed (fsync'd) before the cashier is told "saved".
- Before each send the item is marked ``sending`` (committed). A send that fails for want of an
  answer (network, timeout, 5xx), or a process killed mid-send, leaves the outcome unknown: the
  next attempt first looks the member up and only sends again if they are not there. The API has
  no idempotency key, so this is what keeps a registration from being made twice.
- A 400 that names fields needs a person: the item waits in ``attention`` for the cashier.
- Personal data is wiped from the file as soon as the item is delivered or discarded.
- The file is only touched on the outbox's own thread when the app runs (``run``/``post``): the
  Qt thread never waits on an fsync or a lock. What the screen shows (``items``,
  ``pending_count``) is answered from memory, refreshed after every change.
- Items are claimed one at a time: "deliver now" never waits behind the background backlog, and
  an item is never sent by two callers at once.
"""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import json
import logging
import os
import random
import sqlite3
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pos_member.api import (
    ApiConnectionError,
    ApiStatusError,
    ApiTimeout,
    BadRequest,
    Forbidden,
    RequestValidationError,
    ResponseFormatError,
    ServerError,
    StampsClient,
    Unauthorized,
)
from pos_member.background import Background

log = logging.getLogger(__name__)

Kind = Literal["register", "partial"]
State = Literal["pending", "sending", "delivered", "attention"]
#: Backoff between delivery attempts: full jitter, exponential from this many seconds...
BACKOFF_BASE_S = 2.0
#: ...capped here.
BACKOFF_CAP_S = 300.0
#: Delivered items are kept (without personal data) this long for the outbox panel.
KEEP_DELIVERED_S = 24 * 3600
#: How often the sender purges delivered items and checkpoints the write-ahead log.
UPKEEP_EVERY_S = 3600.0
#: Delivered items the in-memory view keeps for the outbox panel.
VIEW_DELIVERED = 50

SCHEMA = """
CREATE TABLE IF NOT EXISTS items (
    id            INTEGER PRIMARY KEY,
    kind          TEXT NOT NULL,
    created       REAL NOT NULL,
    payload       TEXT NOT NULL,          -- the API call's arguments; '{}' once delivered
    state         TEXT NOT NULL,
    attempts      INTEGER NOT NULL DEFAULT 0,
    next_attempt  REAL NOT NULL DEFAULT 0,
    unknown       INTEGER NOT NULL DEFAULT 0,   -- a send may have reached the server
    error         TEXT,                   -- a failure code (older files: a sentence)
    error_fields  TEXT,                   -- field -> what Stamps said about it
    result        TEXT,                   -- member ID and card once delivered
    updated       REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS items_due ON items(state, next_attempt);
-- Refused registrations a manager discarded: when and why (the customer's details are gone).
CREATE TABLE IF NOT EXISTS discarded (
    item_id    INTEGER NOT NULL,
    kind       TEXT NOT NULL,
    created    REAL NOT NULL,
    discarded  REAL NOT NULL,
    reason     TEXT NOT NULL
);
"""


@dataclass(frozen=True)
class Item:
    id: int
    kind: Kind
    created: float
    payload: dict[str, Any]
    state: State
    attempts: int
    unknown: bool
    error: str | None
    error_fields: dict[str, str]
    result: dict[str, Any]

    @property
    def label(self) -> str:
        """Who this is, for the outbox panel (the payload is the cashier's own typing)."""
        return self.payload.get("name") or self.payload.get("user") or self.payload.get("email") or f"#{self.id}"


#: Why an item was not delivered. Stored as is: the flows word it (never translated text here).
FailureCode = Literal["offline", "timeout", "auth", "server", "format", "invalid", "unknown"]
#: Why the outbox cannot write (a registration not kept, a paused sender, a file set aside).
Cause = Literal["disk_full", "read_only", "broken", "unknown"]


@dataclass(frozen=True)
class Failure:
    """Why a delivery did not happen, as codes: the flows word it for the cashier."""

    code: FailureCode
    fields: dict[str, str] = dataclasses.field(default_factory=dict)  # field -> what Stamps said
    api_code: str | None = None        # Stamps' own error code
    error: BaseException | None = None  # the exception, when it happened in this process (not stored)

    @property
    def kind(self) -> str:
        return "offline" if self.code == "timeout" else self.code


@dataclass(frozen=True)
class Outcome:
    item_id: int
    state: State
    result: Any = None              # Customer / PartialRegistration when delivered now
    failure: Failure | None = None
    reconciled: bool = False        # found already registered: not sent again


class NotKept(Exception):
    """The outbox could not write a new item; ``cause`` says why, as a code."""

    def __init__(self, cause: Cause):
        super().__init__(cause)
        self.cause = cause


class Outbox:
    """The queue file. One per data directory; safe to open again after a crash."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        _private(self.path)
        self._db_lock = threading.RLock()  # the app's thread and tests may also call in directly
        self.db = sqlite3.connect(str(self.path), isolation_level=None, timeout=30, check_same_thread=False)
        try:
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA synchronous = FULL")  # "saved" means on disk
            self.db.execute("PRAGMA secure_delete = ON")  # wiped personal data is overwritten, not just unlinked
            # Damage shows up here rather than as a failed delivery hours later.
            check = self.db.execute("PRAGMA quick_check").fetchone()[0]
            if check != "ok":
                raise sqlite3.DatabaseError(f"database disk image is malformed ({check})")
            self.db.executescript(SCHEMA)
            # A process killed mid-send left items in 'sending': their outcome is unknown.
            self.db.execute("UPDATE items SET state = 'pending', unknown = 1 WHERE state = 'sending'")
            self._view: tuple[Item, ...] = ()
            self._refresh_view()
        except Exception:
            self.db.close()
            raise
        self._listeners: list[tuple[Callable[[], None], asyncio.AbstractEventLoop | None]] = []
        self._worker: ThreadPoolExecutor | None = None
        #: Items being delivered right now, by this process: id -> the delivery's outcome.
        self.in_flight: dict[int, asyncio.Future[Outcome]] = {}

    def close(self) -> None:
        if self._worker is not None:
            self._worker.shutdown(wait=True)
            self._worker = None
        with self._db_lock:
            self.db.close()

    # ------------------------------------------------------------------ the outbox thread

    async def run(self, method: Callable[..., Any], *args: Any) -> Any:
        """Run ``method(*args)`` (one of this outbox's) on the outbox thread and await it."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._thread(), functools.partial(method, *args))

    def post(self, method: Callable[..., Any], *args: Any) -> Future:
        """Queue ``method(*args)`` on the outbox thread without waiting (errors are logged)."""
        future = self._thread().submit(method, *args)
        future.add_done_callback(_log_failure)
        return future

    def _thread(self) -> ThreadPoolExecutor:
        if self._worker is None:
            self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="outbox")
        return self._worker

    # ------------------------------------------------------------------ change listeners

    def on_change(self, listener: Callable[[], None]) -> None:
        """Call ``listener`` after every change, on the event loop that was running when it registered."""
        try:
            loop: asyncio.AbstractEventLoop | None = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        self._listeners.append((listener, loop))

    def off_change(self, listener: Callable[[], None]) -> None:
        self._listeners = [(fn, loop) for fn, loop in self._listeners if fn != listener]

    def _changed(self) -> None:
        self._refresh_view()
        self.notify()

    def notify(self) -> None:
        """Tell the listeners (also used by the sender when its own status changes)."""
        for listener, loop in list(self._listeners):
            if loop is None or _on_loop_thread(loop):
                listener()
            else:
                try:
                    loop.call_soon_threadsafe(self._notify_one, listener)
                except RuntimeError:  # the loop is closed: nobody is looking
                    pass

    def _notify_one(self, listener: Callable[[], None]) -> None:
        if any(fn == listener for fn, _loop in self._listeners):
            listener()

    def _refresh_view(self) -> None:
        with self._db_lock:
            open_rows = self.db.execute("SELECT * FROM items WHERE state != 'delivered' ORDER BY id").fetchall()
            done_rows = self.db.execute("SELECT * FROM items WHERE state = 'delivered' ORDER BY id DESC LIMIT ?",
                                        (VIEW_DELIVERED,)).fetchall()
        self._view = tuple(_item(r) for r in [*open_rows, *reversed(done_rows)])

    # ------------------------------------------------------------------ items

    def add(self, kind: Kind, payload: dict[str, Any]) -> int:
        """Raises ``NotKept`` when the file cannot take the item (full disk, read-only, damaged)."""
        now = time.time()
        try:
            with self._db_lock:
                cur = self.db.execute(
                    "INSERT INTO items (kind, created, payload, state, updated) VALUES (?, ?, ?, 'pending', ?)",
                    (kind, now, json.dumps(payload, default=str), now))
        except (sqlite3.Error, OSError) as exc:
            raise NotKept(cause(exc)) from exc
        if cur.lastrowid is None:  # every INSERT sets it; say so rather than return a non-id
            raise sqlite3.DatabaseError("the outbox did not keep the item")
        self._changed()
        return cur.lastrowid

    def get(self, item_id: int) -> Item | None:
        with self._db_lock:
            row = self.db.execute("SELECT * FROM items WHERE id = ?", (item_id,)).fetchone()
        return _item(row) if row else None

    def items(self, *states: State) -> list[Item]:
        """From memory (safe on the UI thread): every open item and the latest delivered ones."""
        return [i for i in self._view if not states or i.state in states]

    def pending_count(self) -> int:
        """From memory: items not delivered yet (waiting, being sent, or needing the cashier)."""
        return sum(1 for i in self._view if i.state != "delivered")

    def due(self, now: float | None = None) -> list[Item]:
        with self._db_lock:
            rows = self.db.execute("SELECT * FROM items WHERE state = 'pending' AND next_attempt <= ? ORDER BY id",
                                   (now if now is not None else time.time(),)).fetchall()
        return [_item(r) for r in rows]

    def next_due_in(self) -> float | None:
        with self._db_lock:
            row = self.db.execute("SELECT MIN(next_attempt) FROM items WHERE state = 'pending'").fetchone()
        return None if row[0] is None else max(0.0, row[0] - time.time())

    def discard(self, item_id: int, reason: str | None = None) -> None:
        """Drop an item the cashier replaced or gave up: its personal data is wiped from the file
        and from the write-ahead log at once."""
        with self._db_lock:
            item = self.db.execute("SELECT kind, state, created FROM items WHERE id = ?", (item_id,)).fetchone()
            self.db.execute("BEGIN IMMEDIATE")
            try:
                self.db.execute("DELETE FROM items WHERE id = ?", (item_id,))
                if item is not None and reason is not None:
                    self.db.execute("INSERT INTO discarded VALUES (?, ?, ?, ?, ?)",
                                    (item_id, item["kind"], item["created"], time.time(), reason))
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
        if item is not None and reason is not None:
            # The reason is the manager's own words: it may name the customer, so it stays in the file.
            log.warning("outbox: item %d (%s, %s) discarded by the manager", item_id, item["kind"], item["state"])
        self.flush_wal()
        self._changed()

    def discards(self) -> list[dict[str, Any]]:
        """What managers discarded, with their reasons (for IT)."""
        with self._db_lock:
            return [dict(r) for r in self.db.execute("SELECT * FROM discarded ORDER BY discarded").fetchall()]

    def retry_now(self) -> None:
        with self._db_lock:
            self.db.execute("UPDATE items SET next_attempt = 0 WHERE state = 'pending'")
        self._changed()

    def recover_stuck(self, busy: tuple[int, ...] = ()) -> int:
        """Items left in 'sending' by a delivery that died (not one running now): outcome unknown."""
        spare = f" AND id NOT IN ({','.join('?' * len(busy))})" if busy else ""
        with self._db_lock:
            cur = self.db.execute(f"UPDATE items SET state = 'pending', unknown = 1 WHERE state = 'sending'{spare}", busy)
        if cur.rowcount:
            log.warning("outbox: %d item(s) stuck in 'sending' will be checked before sending again", cur.rowcount)
            self._changed()
        return cur.rowcount

    def _claim(self, item: Item) -> None:
        self._set(item.id, state="sending", attempts=item.attempts + 1)
        self._changed()

    def _set(self, item_id: int, **fields: Any) -> None:
        fields["updated"] = time.time()
        assignments = ", ".join(f"{k} = ?" for k in fields)
        with self._db_lock:
            self.db.execute(f"UPDATE items SET {assignments} WHERE id = ?", (*fields.values(), item_id))

    def flush_wal(self) -> None:
        """Old versions of wiped rows live on in the write-ahead log until it is checkpointed."""
        try:
            with self._db_lock:
                self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.OperationalError:  # busy: the next delivery tries again
            pass

    def purge_delivered(self, older_than_s: float = KEEP_DELIVERED_S) -> int:
        with self._db_lock:
            cur = self.db.execute("DELETE FROM items WHERE state = 'delivered' AND updated < ?",
                                  (time.time() - older_than_s,))
        if cur.rowcount:
            self._changed()
        return cur.rowcount

    def upkeep(self) -> None:
        """The scheduled clean-up: delivered items past retention go, the WAL is checkpointed."""
        purged = self.purge_delivered()
        self.flush_wal()
        log.info("outbox: upkeep, %d delivered item(s) purged", purged)

    # ------------------------------------------------------------------ delivery

    async def deliver(self, client: StampsClient, item_id: int) -> Outcome:
        """Try one item now. Never raises for API failures: the outcome says what happened. If the
        item is already being delivered, wait for that delivery instead of sending it again."""
        running = self.in_flight.get(item_id)
        if running is not None:
            return await asyncio.shield(running)
        claim: asyncio.Future[Outcome] = asyncio.get_running_loop().create_future()
        self.in_flight[item_id] = claim
        try:
            outcome = await self._deliver(client, item_id)
        except BaseException as exc:
            if isinstance(exc, asyncio.CancelledError):
                claim.cancel()
            else:
                claim.set_exception(exc)
                claim.exception()  # retrieved: a waiter may not exist
            raise
        else:
            claim.set_result(outcome)
            return outcome
        finally:
            del self.in_flight[item_id]

    async def _deliver(self, client: StampsClient, item_id: int) -> Outcome:
        item = await self.run(self.get, item_id)
        if item is None or item.state == "delivered":
            return Outcome(item_id, "delivered")
        if item.state == "attention":  # waits for the cashier ("Fix and send again" makes a new item)
            return Outcome(item_id, "attention", failure=Failure("invalid", item.error_fields))
        if item.state == "sending" or item.unknown:  # 'sending' but not in flight: a delivery died
            item = dataclasses.replace(item, unknown=True)
            found = await self._already_there(client, item)
            if isinstance(found, Failure):
                return await self.run(self._failed, item, found, True)
            if found is not None:
                return await self.run(self._delivered, item, found, True)
        await self.run(self._claim, item)
        try:
            result = await self._send(client, item)
        except asyncio.CancelledError:
            # Interrupted mid-send: we cannot know whether it arrived.
            self.post(functools.partial(self._set, item.id, state="pending", unknown=1))
            raise
        except (ApiConnectionError, ServerError) as exc:
            return await self.run(self._failed, item, failure_of(exc), True)
        except (Unauthorized, Forbidden) as exc:
            return await self.run(self._failed, item, failure_of(exc), False)
        except BadRequest as exc:
            if _duplicate(exc):
                # Perhaps our own earlier attempt got through: check before bothering anyone.
                found = await self._already_there(client, item)
                if found is not None and not isinstance(found, Failure):
                    return await self.run(self._delivered, item, found, True)
            return await self.run(self._needs_attention, item, failure_of(exc))
        except (RequestValidationError, ApiStatusError) as exc:
            return await self.run(self._needs_attention, item, failure_of(exc))
        except Exception as exc:  # noqa: BLE001  an answer we cannot read (even a RecursionError): unknown
            log.warning("outbox: item %d: unreadable outcome (%s)", item.id, type(exc).__name__)
            return await self.run(self._failed, item, failure_of(exc), True)
        return await self.run(self._delivered, item, result)

    async def deliver_due(self, client: StampsClient) -> list[Outcome]:
        outcomes = []
        for item in await self.run(self.due):
            if item.id in self.in_flight:
                continue  # someone is delivering it now ("deliver now")
            outcome = await self.deliver(client, item.id)
            outcomes.append(outcome)
            if outcome.failure is not None and outcome.failure.kind in ("offline", "auth"):
                break  # the rest would fail the same way
        return outcomes

    async def _send(self, client: StampsClient, item: Item) -> Any:
        if item.kind == "register":
            p = dict(item.payload)
            return await client.register(p.pop("name"), p.pop("email"), p.pop("mobile_number"), **p)
        return await client.partial_register(**item.payload)

    async def _already_there(self, client: StampsClient, item: Item) -> Any:
        """The member this item would create, if they exist already; a Failure if we cannot tell."""
        key = item.payload.get("email") or item.payload.get("user")
        if not key:
            return None  # nothing to look the member up by (a queued payload always has one)
        try:
            details = await client.member_details(key)
        except BadRequest:
            return None
        except Exception as exc:  # noqa: BLE001  ApiError, or an answer we cannot read: cannot tell
            return failure_of(exc)
        user = details.user
        if user is None:
            return None
        if item.kind == "register":
            from pos_member.api import normalise_phone

            try:
                phone = normalise_phone(item.payload.get("mobile_number"))
            except Exception:  # noqa: BLE001 (validated before it was queued; be safe anyway)
                phone = None
            if phone and user.phone and user.phone != phone:
                return None  # someone else owns this email: a real conflict, not our registration
        return details

    def _delivered(self, item: Item, result: Any, reconciled: bool = False) -> Outcome:
        summary = _summary(result)
        self._set(item.id, state="delivered", payload="{}", unknown=0, error=None, error_fields=None,
                  result=json.dumps(summary))
        log.info("outbox: item %d delivered%s", item.id, " (found already registered)" if reconciled else "")
        self.flush_wal()  # the wiped personal data must not linger in the -wal file
        self._changed()
        return Outcome(item.id, "delivered", result, reconciled=reconciled)

    def _failed(self, item: Item, failure: Failure, maybe_sent: bool) -> Outcome:
        attempts = item.attempts + 1
        delay = random.uniform(0.5, 1.0) * min(BACKOFF_CAP_S, BACKOFF_BASE_S * 2 ** min(attempts, 20))
        self._set(item.id, state="pending", attempts=attempts, next_attempt=time.time() + delay,
                  unknown=int(maybe_sent or item.unknown), error=failure.code)
        log.info("outbox: item %d not delivered (%s), next try in %.0f s", item.id, failure.code, delay)
        self._changed()
        return Outcome(item.id, "pending", failure=failure)

    def _needs_attention(self, item: Item, failure: Failure) -> Outcome:
        self._set(item.id, state="attention", unknown=0, error=failure.code,
                  error_fields=json.dumps(failure.fields))
        log.info("outbox: item %d needs the cashier (%s)", item.id, failure.api_code or failure.code)
        self._changed()
        return Outcome(item.id, "attention", failure=failure)


def failure_of(exc: BaseException) -> Failure:
    """Sort an exception into a failure code (the same sorting as the flows' ``problem_from``)."""
    if isinstance(exc, RequestValidationError):
        return Failure("invalid", dict(exc.errors), error=exc)
    if isinstance(exc, (Unauthorized, Forbidden)):
        return Failure("auth", api_code=getattr(exc, "error_code", None), error=exc)
    if isinstance(exc, ApiTimeout):
        return Failure("timeout", error=exc)
    if isinstance(exc, ApiConnectionError):
        return Failure("offline", error=exc)
    if isinstance(exc, ServerError):
        return Failure("server", error=exc)
    if isinstance(exc, ApiStatusError):
        return Failure("invalid", dict(exc.field_errors), api_code=exc.error_code, error=exc)
    if isinstance(exc, ResponseFormatError):
        return Failure("format", error=exc)
    return Failure("unknown", error=exc)  # an ApiError of another kind, or an answer we cannot read


@dataclass(frozen=True)
class SetAside:
    """An outbox file that could not be opened at start-up, kept under another name."""

    kept: Path
    why: Cause


def open_or_set_aside(path: str | Path) -> tuple[Outbox, SetAside | None]:
    """Open the outbox; if the file is damaged or unreadable, keep it aside (never delete it: it
    may hold registrations not yet at Stamps) and start a fresh one. Raises if even that fails."""
    path = Path(path)
    try:
        return Outbox(path), None
    except (sqlite3.DatabaseError, OSError) as exc:
        log.error("outbox %s cannot be opened (%s): keeping it aside, starting a new one", path.name,
                  type(exc).__name__, exc_info=exc)
        why = cause(exc)
        # A stamp like 2026Nov30-02h15m05: no run of digits the log would mask as a phone number.
        stamp = time.strftime("%Y") + MONTHS[time.localtime().tm_mon - 1] + time.strftime("%d-%Hh%Mm%S")
        kept = path.with_name(f"{path.stem}-unreadable-{stamp}{path.suffix}")
        for suffix in ("", "-wal", "-shm", "-journal"):
            part = Path(f"{path}{suffix}")
            if part.exists():
                part.rename(f"{kept}{suffix}")
        log.warning("outbox: the old file is kept as %s", kept.name)
        return Outbox(path), SetAside(kept, why)


MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


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


def cause(exc: BaseException) -> Cause:
    """Why the outbox file could not be written or opened, as a code."""
    if isinstance(exc, NotKept):
        return exc.cause
    text = str(exc).lower()
    if isinstance(exc, OSError) and exc.errno == 28 or "disk is full" in text or "no space" in text:
        return "disk_full"
    if "readonly" in text or "read-only" in text or isinstance(exc, PermissionError):
        return "read_only"
    if isinstance(exc, sqlite3.DatabaseError) and ("malformed" in text or "not a database" in text):
        return "broken"
    return "unknown"


def _duplicate(exc: BadRequest) -> bool:
    code = exc.error_code or ""
    return "already" in code or any("already" in msg.lower() for msg in exc.errors.values())


def _summary(result: Any) -> dict[str, Any]:
    """What the outbox keeps of a delivered registration: identifiers, no personal data."""
    membership = getattr(result, "membership", None)
    user = getattr(result, "user", None) or result
    card = membership.primary_card.number if membership is not None and membership.primary_card else None
    return {"user_id": getattr(user, "id", None), "card": card}


def _item(row: sqlite3.Row) -> Item:
    return Item(
        id=row["id"], kind=row["kind"], created=row["created"], payload=json.loads(row["payload"] or "{}"),
        state=row["state"], attempts=row["attempts"], unknown=bool(row["unknown"]), error=row["error"],
        error_fields=json.loads(row["error_fields"] or "{}"), result=json.loads(row["result"] or "{}"),
    )


def _private(path: Path) -> None:
    """The outbox holds personal data: user-only on POSIX (SQLite gives -wal/-shm the same mode)."""
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    os.close(fd)
    if path.stat().st_mode & 0o077:
        os.chmod(path, 0o600)


def _log_failure(future: Future) -> None:
    if not future.cancelled() and future.exception() is not None:
        exc = future.exception()
        log.error("outbox: background write failed: %s", type(exc).__name__, exc_info=exc)


def _on_loop_thread(loop: asyncio.AbstractEventLoop) -> bool:
    try:
        return asyncio.get_running_loop() is loop
    except RuntimeError:
        return False


async def _drain(outbox: Outbox, client: StampsClient, deadline_s: float) -> int:
    """Deliver until nothing is pending (ignoring backoff), or the deadline passes."""
    end = time.monotonic() + deadline_s
    print("ready", flush=True)
    async with client:
        while outbox.items("pending", "sending") and time.monotonic() < end:
            outbox.retry_now()
            await outbox.deliver_due(client)
            await asyncio.sleep(0.05)
    return len(outbox.items("pending", "sending"))


def main(argv: list[str] | None = None) -> int:
    """``python -m pos_member.outbox deliver OUTBOX --url URL --token TOKEN --merchant ID``

    Delivers everything pending, then exits (used by the crash test and by store IT to flush a
    counter's queue by hand)."""
    import argparse
    import os

    parser = argparse.ArgumentParser(prog="python -m pos_member.outbox")
    sub = parser.add_subparsers(dest="command", required=True)
    deliver = sub.add_parser("deliver")
    deliver.add_argument("outbox", type=Path)
    deliver.add_argument("--url", required=True)
    deliver.add_argument("--token", default=os.environ.get("POS_MEMBER_TOKEN"))
    deliver.add_argument("--merchant", type=int, required=True)
    deliver.add_argument("--store", type=int)
    deliver.add_argument("--deadline", type=float, default=120.0)
    args = parser.parse_args(argv)
    outbox = Outbox(args.outbox)
    client = StampsClient(args.url, args.token, args.merchant, store=args.store, timeout=5.0, retry_backoff=0.05)
    left = asyncio.run(_drain(outbox, client, args.deadline))
    outbox.close()
    print(f"undelivered: {left}")
    return 0 if left == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
