"""The offline outbox: durable, delivered once, reconciled when the outcome is unknown, and
free of personal data once delivered."""

from __future__ import annotations

import asyncio
import os
import random
import signal
import subprocess
import sys
import time

import httpx
import pytest

from pos_member.api import StampsClient
from pos_member.outbox import Outbox

ALICE = {"name": "Alice Wijaya", "email": "alice.w@example.com", "mobile_number": "081390005555", "gender": "female",
         "registration_method": 2}


class LoseAnswers(httpx.AsyncBaseTransport):
    """Forwards to the training server, then loses the answer to a registration (a timeout after
    sending): the server has the member, the client cannot know."""

    def __init__(self, inner: httpx.AsyncBaseTransport):
        self.inner, self.lose = inner, True
        self.sent: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(request.url.path)
        response = await self.inner.handle_async_request(request)
        if self.lose and request.url.path.endswith("/register"):
            raise httpx.ReadTimeout("answer lost", request=request)
        return response


def client_for(training, transport=None) -> StampsClient:
    return StampsClient("http://127.0.0.1", training.token, training.merchant_id, store=training.store_id,
                        transport=transport or training.transport(), retry_backoff=0.001, get_attempts=1)


def count_users(training, email: str) -> int:
    return training.store.one("SELECT COUNT(*) AS n FROM users WHERE email = ?", email)["n"]


def test_add_is_durable_before_anything_is_sent(tmp_path):
    outbox = Outbox(tmp_path / "outbox.sqlite3")
    item_id = outbox.add("register", ALICE)
    other = Outbox(tmp_path / "outbox.sqlite3")  # as if after a crash
    assert other.get(item_id).payload["email"] == "alice.w@example.com"
    assert other.pending_count() == 1


def test_delivered_once_and_personal_data_wiped(tmp_path, training):
    path = tmp_path / "outbox.sqlite3"
    outbox = Outbox(path)
    item_id = outbox.add("register", ALICE)

    async def go():
        async with client_for(training) as client:
            return await outbox.deliver(client, item_id)

    outcome = asyncio.run(go())
    assert outcome.state == "delivered" and outcome.result.name == "Alice Wijaya"
    item = outbox.get(item_id)
    assert item.payload == {} and item.result["card"] and outbox.pending_count() == 0
    assert count_users(training, "alice.w@example.com") == 1
    outbox.close()
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("outbox.sqlite3*"))
    assert b"alice.w@example.com" not in raw and b"Alice Wijaya" not in raw


def test_offline_then_delivered_when_back(tmp_path, training):
    outbox = Outbox(tmp_path / "outbox.sqlite3")
    item_id = outbox.add("register", ALICE)
    training.faults.update(drop_rate=1.0)

    async def attempt():
        async with client_for(training) as client:
            return await outbox.deliver(client, item_id)

    first = asyncio.run(attempt())
    assert first.state == "pending" and first.problem.kind == "offline"
    item = outbox.get(item_id)
    assert item.unknown and item.attempts == 1 and outbox.next_due_in() > 0
    training.faults.update(drop_rate=0.0)
    assert asyncio.run(attempt()).state == "delivered"
    assert count_users(training, "alice.w@example.com") == 1


def test_unknown_outcome_is_reconciled_not_resent(tmp_path, training):
    outbox = Outbox(tmp_path / "outbox.sqlite3")
    item_id = outbox.add("register", ALICE)
    lossy = LoseAnswers(training.transport())

    async def attempt():
        async with client_for(training, lossy) as client:
            return await outbox.deliver(client, item_id)

    assert asyncio.run(attempt()).problem.kind == "offline"  # timed out after sending
    assert count_users(training, "alice.w@example.com") == 1  # it did arrive
    lossy.lose = False
    outcome = asyncio.run(attempt())
    assert outcome.state == "delivered" and outcome.reconciled
    assert lossy.sent.count("/api/v2/memberships/register") == 1
    assert count_users(training, "alice.w@example.com") == 1


def test_conflict_needs_the_cashier(tmp_path, training):
    outbox = Outbox(tmp_path / "outbox.sqlite3")
    item_id = outbox.add("register", dict(ALICE, email="budi.santoso@example.com"))

    async def attempt():
        async with client_for(training) as client:
            return await outbox.deliver(client, item_id)

    outcome = asyncio.run(attempt())
    assert outcome.state == "attention" and "email" in outcome.problem.fields
    item = outbox.get(item_id)
    assert item.state == "attention" and "email" in item.error_fields and item.payload["name"] == "Alice Wijaya"
    assert outbox.due() == [] and outbox.pending_count() == 1


def test_killed_mid_send_is_unknown_after_restart(tmp_path):
    path = tmp_path / "outbox.sqlite3"
    outbox = Outbox(path)
    item_id = outbox.add("partial", {"user": "quick@example.com"})
    outbox.db.execute("UPDATE items SET state = 'sending'")
    outbox.close()
    item = Outbox(path).get(item_id)
    assert item.state == "pending" and item.unknown


@pytest.mark.slow
def test_sigkill_during_delivery_loses_and_duplicates_nothing(tmp_path, training, loopback):
    """Kill the delivering process at random moments, 50 times; then let it finish."""
    training.faults.update(latency_ms=15, jitter_ms=10)
    path = tmp_path / "outbox.sqlite3"
    outbox = Outbox(path)
    emails = []
    for i in range(60):
        email = f"crash{i}@example.com"
        emails.append(email)
        kind = "register" if i % 4 else "partial"
        payload = ({"name": f"Crash Test {i}", "email": email, "mobile_number": f"+62813{7000000 + i:08d}"}
                   if kind == "register" else {"user": email})
        outbox.add(kind, payload)
    outbox.close()
    command = [sys.executable, "-m", "pos_member.outbox", "deliver", str(path), "--url", loopback,
               "--token", training.token, "--merchant", str(training.merchant_id), "--deadline", "60"]
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    rng = random.Random(50)
    kills = 0
    started = time.monotonic()
    while kills < 50 and time.monotonic() - started < 120:
        worker = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
        assert worker.stdout.readline().strip() == b"ready"
        time.sleep(rng.uniform(0.0, 0.12))
        if worker.poll() is None:
            worker.send_signal(signal.SIGKILL)
            kills += 1
        worker.wait(timeout=10)
        worker.stdout.close()
        if not Outbox(path).items("pending", "sending"):
            break  # everything got through between kills
    final = subprocess.run(command, capture_output=True, timeout=90, env=env)
    assert final.returncode == 0, final.stdout + final.stderr
    assert kills >= 20, f"only {kills} kills landed before delivery finished"
    lost = [e for e in emails if count_users(training, e) == 0]
    duplicated = [e for e in emails if count_users(training, e) > 1]
    assert lost == [] and duplicated == []
    left = Outbox(path)
    assert all(item.state == "delivered" and item.payload == {} for item in left.items())
