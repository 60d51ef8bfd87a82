"""Durable queue for registrations that must not be lost while Stamps is unreachable. No Qt.

Rules that make it safe:
- An item is committed (fsync'd) before the cashier is told "saved".
- Before each send the item is marked ``sending`` (committed). A send that fails for want of an
  answer (network, timeout, 5xx), or a process killed mid-send, leaves the outcome unknown: the
  next attempt first looks the member up and only sends again if they are not there. The API has
  no idempotency key, so this is what keeps a registration from being made twice.
- A 400 that names fields needs a person: the item waits in ``attention`` for the cashier.
- Personal data is wiped from the file as soon as the item is delivered.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pos_member.api import (
    ApiConnectionError,
    ApiError,
    ApiStatusError,
    BadRequest,
    Forbidden,
    RequestValidationError,
    ServerError,
    StampsClient,
    Unauthorized,
)
from pos_member.background import Background
from pos_member.flows.problems import Problem, problem_from

log = logging.getLogger(__name__)

Kind = Literal["register", "partial"]
State = Literal["pending", "sending", "delivered", "attention"]
#: Backoff between delivery attempts: full jitter, exponential from this many seconds...
BACKOFF_BASE_S = 2.0
#: ...capped here.
BACKOFF_CAP_S = 300.0
#: Delivered items are kept (without personal data) this long for the outbox panel.
KEEP_DELIVERED_S = 24 * 3600

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
    error         TEXT,
    error_fields  TEXT,
    result        TEXT,                   -- member ID and card once delivered
    updated       REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS items_due ON items(state, next_attempt);
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


@dataclass(frozen=True)
class Outcome:
    item_id: int
    state: State
    result: Any = None              # Customer / PartialRegistration when delivered now
    problem: Problem | None = None
    reconciled: bool = False        # found already registered: not sent again


class Outbox:
    """The queue file. One per data directory; safe to open again after a crash."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(str(self.path), isolation_level=None, timeout=30, check_same_thread=False)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA journal_mode = WAL")
        self.db.execute("PRAGMA synchronous = FULL")  # "saved" means on disk
        self.db.execute("PRAGMA secure_delete = ON")  # wiped personal data is overwritten, not just unlinked
        self.db.executescript(SCHEMA)
        # A process killed mid-send left items in 'sending': their outcome is unknown.
        self.db.execute("UPDATE items SET state = 'pending', unknown = 1 WHERE state = 'sending'")
        self._listeners: list[Callable[[], None]] = []

    def close(self) -> None:
        self.db.close()

    def on_change(self, listener: Callable[[], None]) -> None:
        self._listeners.append(listener)

    def off_change(self, listener: Callable[[], None]) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def _changed(self) -> None:
        for listener in list(self._listeners):
            listener()

    # ------------------------------------------------------------------ items

    def add(self, kind: Kind, payload: dict[str, Any]) -> int:
        now = time.time()
        cur = self.db.execute(
            "INSERT INTO items (kind, created, payload, state, updated) VALUES (?, ?, ?, 'pending', ?)",
            (kind, now, json.dumps(payload, default=str), now))
        self._changed()
        return int(cur.lastrowid)

    def get(self, item_id: int) -> Item | None:
        row = self.db.execute("SELECT * FROM items WHERE id = ?", (item_id,)).fetchone()
        return _item(row) if row else None

    def items(self, *states: State) -> list[Item]:
        states = states or ("pending", "sending", "attention", "delivered")
        marks = ",".join("?" * len(states))
        rows = self.db.execute(f"SELECT * FROM items WHERE state IN ({marks}) ORDER BY id", states).fetchall()
        return [_item(r) for r in rows]

    def pending_count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM items WHERE state IN ('pending', 'sending', 'attention')").fetchone()[0]

    def due(self, now: float | None = None) -> list[Item]:
        rows = self.db.execute("SELECT * FROM items WHERE state = 'pending' AND next_attempt <= ? ORDER BY id",
                               (now if now is not None else time.time(),)).fetchall()
        return [_item(r) for r in rows]

    def next_due_in(self) -> float | None:
        row = self.db.execute("SELECT MIN(next_attempt) FROM items WHERE state = 'pending'").fetchone()
        return None if row[0] is None else max(0.0, row[0] - time.time())

    def discard(self, item_id: int) -> None:
        """Drop an item the cashier replaced or gave up (its data goes with it)."""
        self.db.execute("DELETE FROM items WHERE id = ?", (item_id,))
        self._changed()

    def retry_now(self) -> None:
        self.db.execute("UPDATE items SET next_attempt = 0 WHERE state = 'pending'")
        self._changed()

    def _set(self, item_id: int, **fields: Any) -> None:
        fields["updated"] = time.time()
        assignments = ", ".join(f"{k} = ?" for k in fields)
        self.db.execute(f"UPDATE items SET {assignments} WHERE id = ?", (*fields.values(), item_id))

    def flush_wal(self) -> None:
        """Old versions of wiped rows live on in the write-ahead log until it is checkpointed."""
        try:
            self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.OperationalError:  # busy: the next delivery tries again
            pass

    def purge_delivered(self, older_than_s: float = KEEP_DELIVERED_S) -> None:
        self.db.execute("DELETE FROM items WHERE state = 'delivered' AND updated < ?", (time.time() - older_than_s,))

    # ------------------------------------------------------------------ delivery

    async def deliver(self, client: StampsClient, item_id: int) -> Outcome:
        """Try one item now. Never raises for API failures: the outcome says what happened."""
        item = self.get(item_id)
        if item is None:
            return Outcome(item_id, "delivered")
        if item.state == "delivered":
            return Outcome(item_id, "delivered")
        if item.unknown:
            found = await self._already_there(client, item)
            if isinstance(found, Problem):
                return self._failed(item, found, maybe_sent=True)
            if found is not None:
                return self._delivered(item, found, reconciled=True)
        self._set(item.id, state="sending", attempts=item.attempts + 1)
        try:
            result = await self._send(client, item)
        except asyncio.CancelledError:
            # Interrupted mid-send: we cannot know whether it arrived.
            self._set(item.id, state="pending", unknown=1)
            raise
        except (ApiConnectionError, ServerError) as exc:
            return self._failed(item, problem_from(exc), maybe_sent=True)
        except (Unauthorized, Forbidden) as exc:
            return self._failed(item, problem_from(exc), maybe_sent=False)
        except BadRequest as exc:
            if _duplicate(exc):
                # Perhaps our own earlier attempt got through: check before bothering anyone.
                found = await self._already_there(client, item)
                if found is not None and not isinstance(found, Problem):
                    return self._delivered(item, found, reconciled=True)
            return self._needs_attention(item, problem_from(exc))
        except (RequestValidationError, ApiStatusError) as exc:
            return self._needs_attention(item, problem_from(exc))
        except ApiError as exc:  # e.g. an answer we cannot read: treat as unknown
            return self._failed(item, problem_from(exc), maybe_sent=True)
        return self._delivered(item, result)

    async def deliver_due(self, client: StampsClient) -> list[Outcome]:
        outcomes = []
        for item in self.due():
            outcome = await self.deliver(client, item.id)
            outcomes.append(outcome)
            if outcome.problem is not None and outcome.problem.kind in ("offline", "auth"):
                break  # the rest would fail the same way
        return outcomes

    async def _send(self, client: StampsClient, item: Item) -> Any:
        if item.kind == "register":
            p = dict(item.payload)
            return await client.register(p.pop("name"), p.pop("email"), p.pop("mobile_number"), **p)
        return await client.partial_register(**item.payload)

    async def _already_there(self, client: StampsClient, item: Item) -> Any:
        """The member this item would create, if they exist already; a Problem if we cannot tell."""
        key = item.payload.get("email") or item.payload.get("user")
        try:
            details = await client.member_details(key)
        except BadRequest:
            return None
        except ApiError as exc:
            return problem_from(exc)
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
        self.flush_wal()
        self._changed()
        return Outcome(item.id, "delivered", result, reconciled=reconciled)

    def _failed(self, item: Item, problem: Problem, *, maybe_sent: bool) -> Outcome:
        attempts = item.attempts + 1
        delay = random.uniform(0.5, 1.0) * min(BACKOFF_CAP_S, BACKOFF_BASE_S * 2 ** min(attempts, 20))
        self._set(item.id, state="pending", attempts=attempts, next_attempt=time.time() + delay,
                  unknown=int(maybe_sent or item.unknown), error=problem.message)
        log.info("outbox: item %d not delivered (%s), next try in %.0f s", item.id, problem.kind, delay)
        self._changed()
        return Outcome(item.id, "pending", problem=problem)

    def _needs_attention(self, item: Item, problem: Problem) -> Outcome:
        self._set(item.id, state="attention", unknown=0, error=problem.message,
                  error_fields=json.dumps(problem.fields))
        log.info("outbox: item %d needs the cashier (%s)", item.id, problem.code or problem.kind)
        self._changed()
        return Outcome(item.id, "attention", problem=problem)


class OutboxSender(Background):
    """Delivers due items in the background, with backoff; wake it when something changes."""

    def __init__(self, outbox: Outbox, client: StampsClient, *, idle_s: float = 30.0):
        super().__init__()
        self.outbox, self.client = outbox, client
        self.idle_s = idle_s
        self._lock = asyncio.Lock()

    async def deliver_now(self, item_id: int) -> Outcome:
        async with self._lock:  # never two sends of one item at once
            return await self.outbox.deliver(self.client, item_id)

    async def step(self) -> float:
        async with self._lock:
            await self.outbox.deliver_due(self.client)
        wait = self.outbox.next_due_in()
        return min(self.idle_s, wait) if wait is not None else self.idle_s


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
