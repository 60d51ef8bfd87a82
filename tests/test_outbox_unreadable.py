"""Reconciliation never takes an unreadable answer as "not registered": the registration whose
answer was lost is not sent again until a look-up can actually say the member is not there."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest

from pos_member.api import StampsClient
from pos_member.outbox import Outbox

ALICE = {"name": "Alice Wijaya", "email": "alice.w@example.com", "mobile_number": "081390005555",
         "registration_method": 2}


class Storefront(httpx.AsyncBaseTransport):
    """The training server behind a connection that loses the first registration's answer and
    then answers look-ups as ``details`` says: "unreadable" (200 without the member), "table" (the
    seed table's spelling ``memberships``/``users``) or "example" (as the server sends)."""

    def __init__(self, inner: httpx.AsyncBaseTransport):
        self.inner, self.details = inner, "unreadable"
        self.registrations = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        path = request.url.path
        if path.endswith("/register"):
            self.registrations += 1
            if self.registrations == 1:
                raise httpx.ReadTimeout("answer lost", request=request)
        if path.endswith("/details") and response.status_code == 200:
            body = json.loads(await response.aread())
            if self.details == "unreadable":
                body = {"tags": body.get("tags", [])}
            elif self.details == "table":
                body["memberships"], body["users"] = body.pop("membership"), body.pop("user")
            return httpx.Response(200, json=body)
        return response


def count_users(training, email: str) -> int:
    return training.store.one("SELECT COUNT(*) AS n FROM users WHERE email = ?", email)["n"]


@pytest.mark.parametrize("readable_spelling", ["table", "example"])
def test_unreadable_lookup_never_resends_and_a_readable_one_reconciles(tmp_path, training, readable_spelling):
    outbox = Outbox(tmp_path / "outbox.sqlite3")
    item_id = outbox.add("register", ALICE)
    front = Storefront(training.transport())

    async def deliver():
        async with StampsClient("http://127.0.0.1", training.token, training.merchant_id, store=training.store_id,
                                transport=front, retry_backoff=0.001, get_attempts=1) as client:
            return await outbox.deliver(client, item_id)

    first = asyncio.run(deliver())  # sent, answer lost: outcome unknown
    assert first.state == "pending" and outbox.get(item_id).unknown
    assert count_users(training, ALICE["email"]) == 1

    for _ in range(3):  # the look-up answers without the member: unknown, so never sent again
        outcome = asyncio.run(deliver())
        assert outcome.state == "pending" and outcome.failure is not None
        assert front.registrations == 1 and outbox.get(item_id).unknown

    front.details = readable_spelling
    outcome = asyncio.run(deliver())
    assert outcome.state == "delivered" and outcome.reconciled
    assert front.registrations == 1 and count_users(training, ALICE["email"]) == 1
    outbox.close()
