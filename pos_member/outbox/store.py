"""The queue file: items, their states, the outbox thread and change listeners. No Qt.

- An item is committed (fsync'd) before the cashier is told "saved".
- Personal data is wiped from the file as soon as the item is delivered or discarded.
- The file is only touched on the outbox's own thread when the app runs (``run``/``post``): the
  Qt thread never waits on an fsync or a lock. What the screen shows (``items``,
  ``pending_count``) is answered from memory, refreshed after every change.
"""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import json
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from . import owner
from .failures import NotKept, cause

log = logging.getLogger("pos_member.outbox")

Kind = Literal["register", "partial"]
State = Literal["pending", "sending", "delivered", "attention"]
#: Backoff between delivery attempts: full jitter, exponential from this many seconds...
BACKOFF_BASE_S = 2.0
#: ...capped here.
BACKOFF_CAP_S = 300.0
#: Delivered items are kept (the member number and the name typed, nothing else) this long for the outbox panel.
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
    updated       REAL NOT NULL,
    claim_owner   TEXT                    -- 'sending': the process sending it (owner.py)
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
    #: 'sending': the process sending it (``owner``), and when the item last changed.
    claim_owner: str | None = None
    updated: float = 0.0

    @property
    def label(self) -> str:
        """Who this is, for the outbox panel (the payload is the cashier's own typing)."""
        return self.payload.get("name") or self.payload.get("user") or self.payload.get("email") or f"#{self.id}"


class Store:
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
            _add_claim_owner(self.db)
            self._view: tuple[Item, ...] = ()
            # A process killed mid-send left items in 'sending': their outcome is unknown. Another
            # copy's items in 'sending' are its own business while it runs (and so are this
            # process's: another Outbox on this file here may be sending them).
            self.recover_stuck(mine=False, notify=False)
            self._refresh_view()
        except Exception:
            self.db.close()
            raise
        self._listeners: list[tuple[Callable[[], None], asyncio.AbstractEventLoop | None]] = []
        self._worker: ThreadPoolExecutor | None = None

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

    def recover_stuck(self, busy: tuple[int, ...] = (), *, mine: bool = True, notify: bool = True) -> int:
        """Items left in 'sending' by a delivery that died: by this process (with ``mine``; not one
        in ``busy``, running now) or by a process that is gone. Their outcome is unknown: the next
        delivery looks the member up first. Another live process's claim is never touched."""
        with self._db_lock:
            rows = self.db.execute("SELECT id, claim_owner, updated FROM items WHERE state = 'sending'").fetchall()
        recovered = 0
        for row in rows:
            if row["claim_owner"] == owner.me() and (not mine or row["id"] in busy):
                continue
            if self._recover(row["id"], row["claim_owner"], row["updated"]):
                recovered += 1
        if recovered:
            log.warning("outbox: %d item(s) stuck in 'sending' will be checked before sending again", recovered)
            if notify:
                self._changed()
        return recovered

    def _recover(self, item_id: int, claim_owner: str | None, claimed_at: float) -> bool:
        """Release one item from ``claim_owner``'s claim if that owner is gone (or is us: the caller
        knows no delivery of ours runs). Atomic: only if that very claim still holds it."""
        alive = owner.alive(claim_owner)
        if claim_owner == owner.me():
            alive = False
        elif alive is None:  # cannot tell: wait until no live delivery could still hold it
            alive = time.time() - claimed_at < owner.UNVERIFIABLE_AFTER_S
        elif not alive and claim_owner and time.time() - claimed_at < owner.SETTLE_AFTER_DEATH_S:
            return False  # gone, but its last request may still be landing at Stamps
        if alive:
            return False
        with self._db_lock:
            cur = self.db.execute(
                "UPDATE items SET state = 'pending', unknown = 1, claim_owner = NULL, updated = ? "
                "WHERE id = ? AND state = 'sending' AND claim_owner IS ?", (time.time(), item_id, claim_owner))
        if cur.rowcount:
            log.info("outbox: item %d recovered from a delivery that ended (%s)", item_id,
                     "this process" if claim_owner == owner.me() else "another process")
        return cur.rowcount == 1

    def _claim(self, item: Item) -> Item | None:
        """Take ``item`` for one delivery, atomically: only if it is still pending, unchanged since
        it was read (its attempts), and nobody (another process included) claimed it meanwhile.
        Returns the item as claimed (``attempts`` still counts the earlier attempts), or None."""
        with self._db_lock:
            cur = self.db.execute(
                "UPDATE items SET state = 'sending', attempts = attempts + 1, claim_owner = ?, updated = ? "
                "WHERE id = ? AND state = 'pending' AND attempts = ?",
                (owner.me(), time.time(), item.id, item.attempts))
            row = self.db.execute("SELECT * FROM items WHERE id = ?", (item.id,)).fetchone() if cur.rowcount else None
        if row is None:
            return None
        self._changed()
        claimed = _item(row)
        return dataclasses.replace(claimed, attempts=claimed.attempts - 1)

    def _set(self, item_id: int, **fields: Any) -> None:
        """Update an item, unless another process claims it (its delivery decides, not us). An
        item leaving 'sending' is released."""
        fields["updated"] = time.time()
        if "state" in fields and fields["state"] != "sending":
            fields["claim_owner"] = None
        assignments = ", ".join(f"{k} = ?" for k in fields)
        with self._db_lock:
            self.db.execute(f"UPDATE items SET {assignments} WHERE id = ? AND (claim_owner IS NULL OR claim_owner = ?)",
                            (*fields.values(), item_id, owner.me()))

    def reload(self) -> None:
        """Read the file again (another process may have changed it); tell listeners if it did."""
        before = self._view
        self._refresh_view()
        if self._view != before:
            self.notify()

    def summary(self) -> dict[str, dict[str, int]]:
        """From the file: items counted by state and reason (the failure code; "-" for none), for
        IT and the support file. Never their contents."""
        with self._db_lock:
            rows = self.db.execute("SELECT state, COALESCE(error, '-') AS reason, COUNT(*) AS n FROM items "
                                   "GROUP BY state, reason").fetchall()
        found: dict[str, dict[str, int]] = {}
        for row in rows:
            reason = row["reason"] if len(row["reason"]) <= 20 else "other"  # older files kept sentences
            found.setdefault(row["state"], {})[reason] = found.get(row["state"], {}).get(reason, 0) + row["n"]
        return found

    def count_by_state(self) -> dict[str, int]:
        return {state: sum(reasons.values()) for state, reasons in self.summary().items()}

    def count(self, *states: State) -> int:
        """From the file, not memory (another process may be sending them): items in ``states``."""
        marks = ",".join("?" * len(states))
        with self._db_lock:
            return int(self.db.execute(f"SELECT COUNT(*) FROM items WHERE state IN ({marks})", states).fetchone()[0])

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


def _add_claim_owner(db: sqlite3.Connection) -> None:
    """Files written before claims had owners get the column (once, whoever opens it first)."""
    if any(col[1] == "claim_owner" for col in db.execute("PRAGMA table_info(items)")):
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        if not any(col[1] == "claim_owner" for col in db.execute("PRAGMA table_info(items)")):
            db.execute("ALTER TABLE items ADD COLUMN claim_owner TEXT")
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


def _item(row: sqlite3.Row) -> Item:
    return Item(
        id=row["id"], kind=row["kind"], created=row["created"], payload=json.loads(row["payload"] or "{}"),
        state=row["state"], attempts=row["attempts"], unknown=bool(row["unknown"]), error=row["error"],
        error_fields=json.loads(row["error_fields"] or "{}"), result=json.loads(row["result"] or "{}"),
        claim_owner=row["claim_owner"], updated=row["updated"],
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
