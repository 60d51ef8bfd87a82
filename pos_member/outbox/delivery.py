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
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pos_member.api import (
    ApiConnectionError,
    ApiStatusError,
    BadRequest,
    Forbidden,
    RequestValidationError,
    ResponseFormatError,
    ServerError,
    StampsClient,
    Unauthorized,
    normalise_email,
    normalise_phone,
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
            if isinstance(found, NotOurs):
                return await self.run(self._needs_attention, item, found.failure, found.member_id)
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
                if isinstance(found, NotOurs) and found.partial:
                    return await self.run(self._needs_attention, item, found.failure, found.member_id)
                if found is not None and not isinstance(found, (Failure, NotOurs)):
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
        """The member this item would create, if they exist already and match what we sent; a
        ``NotOurs`` if someone else holds the email or number; a Failure if we cannot tell; None
        if nobody does. Never a guess: a member is ours only if email, phone and name match."""
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
        if user is None or not user.id:
            return failure_of(ResponseFormatError("a member without an id"))  # never "found"
        if item.kind == "partial":
            # Quick registration sends one email or number; ours made a member with nothing else.
            return details if not _words(user.name) else NotOurs(details, partial=False)
        if is_partial(user):
            return NotOurs(details, partial=True)  # a quick registration's member: never ours
        return details if _same_person(item.payload, user) else NotOurs(details, partial=False)

    def _delivered(self, item: Item, result: Any, reconciled: bool | str = False) -> Outcome:
        """``reconciled``: True when found already registered (not sent again), "completed" when
        the cashier completed a quick-registered member with this item's data."""
        summary = _summary(result)
        name = item.payload.get("name") if item.kind == "register" else None
        if isinstance(name, str) and name.strip():
            summary["name"] = name.strip()[:100]  # for the outbox panel after a restart; never logged
        if reconciled:
            summary["reconciled"] = reconciled
        self._set(item.id, state="delivered", payload="{}", unknown=0, error=None, error_fields=None,
                  result=json.dumps(summary))
        log.info("outbox: item %d delivered%s", item.id, " (found already registered)" if reconciled else "")
        self.flush_wal()  # the wiped personal data must not linger in the -wal file
        self._changed()
        return Outcome(item.id, "delivered", result, reconciled=bool(reconciled))

    def completed(self, item_id: int, result: Any) -> Outcome | None:
        """The cashier completed the quick-registered member this item waited for (outbox thread)."""
        item = self.get(item_id)
        if item is None or item.state != "attention":
            return None
        return self._delivered(item, result, "completed")

    def _failed(self, item: Item, failure: Failure, maybe_sent: bool) -> Outcome:
        attempts = item.attempts + 1
        delay = random.uniform(0.5, 1.0) * min(BACKOFF_CAP_S, BACKOFF_BASE_S * 2 ** min(attempts, 20))
        self._set(item.id, state="pending", attempts=attempts, next_attempt=time.time() + delay,
                  unknown=int(maybe_sent or item.unknown), error=failure.code)
        log.info("outbox: item %d not delivered (%s), next try in %.0f s", item.id, failure.code, delay)
        self._changed()
        return Outcome(item.id, "pending", failure=failure)

    def _needs_attention(self, item: Item, failure: Failure, member: str | None = None) -> Outcome:
        """``member``: the id of a quick-registered member this item could complete."""
        self._set(item.id, state="attention", unknown=0, error=failure.code,
                  error_fields=json.dumps(failure.fields),
                  result=json.dumps({"partial_member": member}) if member else None)
        log.info("outbox: item %d needs the cashier (%s)", item.id, failure.api_code or failure.code)
        self._changed()
        return Outcome(item.id, "attention", failure=failure)


@dataclass(frozen=True)
class NotOurs:
    """Someone holds this item's email (or number) who is not what we sent. ``partial``: a quick
    registration's member (no name, no phone), which the cashier may complete with our data."""

    member: Any  # MemberDetails
    partial: bool

    @property
    def member_id(self) -> str | None:
        return self.member.user.id if self.partial else None

    @property
    def failure(self) -> Failure:
        if self.partial:
            return Failure("partial_member", {"email": "partial_member"}, api_code="partial_member")
        return Failure("invalid", {"email": "email_already_used"}, api_code="email_already_used")


def is_partial(user: Any) -> bool:
    """A quick (partial) registration's member: no name, or no phone."""
    return not _words(user.name) or not (user.phone or "").strip()


def _words(text: Any) -> str:
    """A name as compared: accents, punctuation, case and spacing do not count ("O'Neil" = "oneil")."""
    decomposed = unicodedata.normalize("NFKD", str(text or ""))
    kept = "".join(c for c in decomposed if not unicodedata.combining(c) and (c.isalnum() or c.isspace()))
    return " ".join(kept.casefold().split())


def _same_person(payload: dict[str, Any], user: Any) -> bool:
    """What we sent, and what Stamps holds: the same email, phone and name (normalised)."""
    try:
        email = normalise_email(payload.get("email")) == normalise_email(user.email)
        phone = normalise_phone(payload.get("mobile_number")) == normalise_phone(user.phone)
    except Exception:  # noqa: BLE001  a value that does not normalise: not the same person
        return False
    return email and phone and _words(payload.get("name")) == _words(user.name) != ""


def _duplicate(exc: BadRequest) -> bool:
    code = exc.error_code or ""
    return "already" in code or any("already" in msg.lower() for msg in exc.errors.values())


def _summary(result: Any) -> dict[str, Any]:
    """What the outbox keeps of a delivered registration: identifiers (and, added by the caller,
    the name as typed: the panel's label; it goes with the row after ``KEEP_DELIVERED_S``)."""
    membership = getattr(result, "membership", None)
    user = getattr(result, "user", None) or result
    card = membership.primary_card.number if membership is not None and membership.primary_card else None
    return {"user_id": getattr(user, "id", None), "card": card}
