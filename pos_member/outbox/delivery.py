"""Delivery and reconcile policy: send an item once, and when the outcome is unknown look the
member up before sending again. No Qt.

- Before each send the item is marked ``sending`` (committed). A send that fails for want of an
  answer (network, timeout, 5xx), or a process killed mid-send, leaves the outcome unknown: the
  next attempt first looks the member up and only sends again if they are not there. The API has
  no idempotency key, so this is what keeps a registration from being made twice.
- A 400 that names fields needs a person: the item waits in ``attention`` for the cashier.
- Items are claimed one at a time: "deliver now" never waits behind the background backlog, and
  an item is never sent by two callers at once. A claim is atomic in the file (``Store._claim``:
  only a pending item, in one UPDATE), so two processes on one file never send an item twice; the
  lookup for an unknown outcome happens *after* the claim, so nobody else can send meanwhile.
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import random
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pos_member.api import (
    ApiConnectionError,
    ApiStatusError,
    BadRequest,
    Forbidden,
    RequestValidationError,
    ServerError,
    StampsClient,
    Unauthorized,
)

from .failures import Failure, failure_of
from .store import BACKOFF_BASE_S, BACKOFF_CAP_S, Item, State, Store

log = logging.getLogger("pos_member.outbox")


@dataclass(frozen=True)
class Outcome:
    item_id: int
    state: State
    result: Any = None              # Customer / PartialRegistration when delivered now
    failure: Failure | None = None
    reconciled: bool = False        # found already registered: not sent again


class Outbox(Store):
    """The queue file and the delivery of its items. One per data directory; safe to open again
    after a crash."""

    def __init__(self, path: str | Path):
        super().__init__(path)
        #: Items being delivered right now, by this process: id -> the delivery's outcome.
        self.in_flight: dict[int, asyncio.Future[Outcome]] = {}

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
        if item.state == "sending":  # not in flight here: another process's, or a delivery that died
            if not await self.run(self._recover, item.id, item.claim_owner, item.updated):
                return Outcome(item_id, "sending")  # a live process is sending it: its outcome decides
            item = await self.run(self.get, item_id)
            if item is None or item.state != "pending":
                return Outcome(item_id, item.state if item is not None else "delivered")
        claimed = await self.run(self._claim, item)
        if claimed is None:  # another process took it (or settled it) between our read and the claim
            now = await self.run(self.get, item_id)
            return Outcome(item_id, now.state if now is not None else "delivered")
        item = claimed
        if item.unknown:  # an earlier send may have arrived: look the member up before sending again
            found = await self._already_there(client, item)
            if isinstance(found, Failure):
                return await self.run(self._failed, item, found, True)
            if found is not None:
                return await self.run(self._delivered, item, found, True)
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


def _duplicate(exc: BadRequest) -> bool:
    code = exc.error_code or ""
    return "already" in code or any("already" in msg.lower() for msg in exc.errors.values())


def _summary(result: Any) -> dict[str, Any]:
    """What the outbox keeps of a delivered registration: identifiers, no personal data."""
    membership = getattr(result, "membership", None)
    user = getattr(result, "user", None) or result
    card = membership.primary_card.number if membership is not None and membership.primary_card else None
    return {"user_id": getattr(user, "id", None), "card": card}
