"""The offline outbox: durable, delivered once, reconciled when the outcome is unknown, and once
delivered free of personal data but the name typed (the panel's label)."""

from __future__ import annotations

import asyncio
import os
import random
import signal
import subprocess
import sys
import threading
import time

import httpx
import pytest

from pos_member.api import ApiError, StampsClient
from pos_member.flows.problems import cause_words, paused_words
from pos_member.outbox import Outbox
from tests.helpers import write_row

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
    assert b"alice.w@example.com" not in raw and ALICE["mobile_number"].encode() not in raw
    assert item.result["name"] == "Alice Wijaya"  # the outbox panel's label after a restart, and nothing else


def test_offline_then_delivered_when_back(tmp_path, training):
    outbox = Outbox(tmp_path / "outbox.sqlite3")
    item_id = outbox.add("register", ALICE)
    training.faults.update(drop_rate=1.0)

    async def attempt():
        async with client_for(training) as client:
            return await outbox.deliver(client, item_id)

    first = asyncio.run(attempt())
    assert first.state == "pending" and first.failure.kind == "offline"
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

    assert asyncio.run(attempt()).failure.kind == "offline"  # timed out after sending
    assert count_users(training, "alice.w@example.com") == 1  # it did arrive
    lossy.lose = False
    outcome = asyncio.run(attempt())
    assert outcome.state == "delivered" and outcome.reconciled
    assert lossy.sent.count("/api/v2/memberships/register") == 1
    assert count_users(training, "alice.w@example.com") == 1


def test_an_already_used_answer_without_the_unknown_mark_is_reconciled(tmp_path, training):
    """An earlier send arrived, but the mark that its outcome is unknown was lost with the process:
    the item looks never sent. Stamps answers 400 "already used"; the member is ours (same email,
    phone and name), so the item is delivered, not put in front of the cashier."""
    outbox = Outbox(tmp_path / "outbox.sqlite3")
    item_id = outbox.add("register", ALICE)

    async def attempt():
        async with client_for(training) as client:
            payload = dict(ALICE)
            await client.register(payload.pop("name"), payload.pop("email"), payload.pop("mobile_number"), **payload)
            return await outbox.deliver(client, item_id)

    assert not outbox.get(item_id).unknown
    outcome = asyncio.run(attempt())
    assert outcome.state == "delivered" and outcome.reconciled
    assert outbox.get(item_id).state == "delivered" and count_users(training, "alice.w@example.com") == 1


def test_conflict_needs_the_cashier(tmp_path, training):
    outbox = Outbox(tmp_path / "outbox.sqlite3")
    item_id = outbox.add("register", dict(ALICE, email="budi.santoso@example.com"))

    async def attempt():
        async with client_for(training) as client:
            return await outbox.deliver(client, item_id)

    outcome = asyncio.run(attempt())
    assert outcome.state == "attention" and "email" in outcome.failure.fields
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


@pytest.mark.posix_only("signal.SIGKILL (Windows has no such signal)")
@pytest.mark.slow
def test_sigkill_during_delivery_loses_and_duplicates_nothing(tmp_path, training, loopback):
    """Kill the delivering process at random moments, 50 times; then let it finish. Nothing may be
    sent twice: an item killed after Stamps took it must be found by looking it up, not resent
    (the server would refuse the second one, and a lookup-less outbox would still pass a
    lost/duplicated count)."""
    training.faults.update(latency_ms=15, jitter_ms=10)
    service = training.service
    sent: dict[str, int] = {}
    found_after_arrival = []
    arrived = threading.Event()

    check_merchant = service._check_merchant  # noqa: SLF001 (SIGKILL harness) every endpoint's first step

    def watched(merchant_id, params):  # counts creates that reach Stamps, and lookups after them
        endpoint = sys._getframe(1).f_code.co_name  # noqa: SLF001 (SIGKILL harness: which endpoint)
        if endpoint in ("register", "partial_register"):
            key = str(params.get("email") or params.get("user"))
            sent[key] = sent.get(key, 0) + 1
            arrived.set()
            time.sleep(0.04)  # the request has arrived: a kill from now on leaves its outcome unknown
        elif endpoint == "details" and sent.get(str(params.get("user"))):
            found_after_arrival.append(params.get("user"))
        return check_merchant(merchant_id, params)

    service._check_merchant = watched  # noqa: SLF001 (SIGKILL harness)
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
               "--merchant", str(training.merchant_id), "--deadline", "60"]
    env = dict(os.environ, PYTHONUNBUFFERED="1", POS_MEMBER_TOKEN=training.token)
    rng = random.Random(50)
    kills = 0
    started = time.monotonic()
    while kills < 50 and time.monotonic() - started < 120:
        worker = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
        arrived.clear()
        assert worker.stdout.readline().strip() == b"ready"
        if kills % 4 == 3:  # every 4th kill lands just after Stamps took an item (whatever the load)
            arrived.wait(timeout=5)
        else:
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
    assert found_after_arrival, "no kill landed between Stamps taking an item and the outbox recording it"
    assert {email: n for email, n in sent.items() if n != 1} == {}, "sent again after it had arrived"
    left = Outbox(path)
    assert all(item.state == "delivered" and item.payload == {} for item in left.items())


# ---------------------------------------------------------------------------- the sender never dies

class Garbage(httpx.AsyncBaseTransport):
    """Forwards to the training server, but answers the first registrations with JSON nested so
    deep that reading it raises RecursionError (the registration did reach the server)."""

    def __init__(self, inner: httpx.AsyncBaseTransport, times: int):
        self.inner, self.times = inner, times
        self.sent: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(request.url.path)
        response = await self.inner.handle_async_request(request)
        if self.times and request.url.path.endswith("/register"):
            self.times -= 1
            await response.aread()
            return httpx.Response(200, content=b"[" * 100_000 + b"]" * 100_000,
                                  headers={"content-type": "application/json"})
        return response


async def until(predicate, timeout: float = 20.0, why=lambda: "") -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"gave up waiting: {why()}"
        await asyncio.sleep(0.02)


def registration(i: int) -> dict:
    return {"name": f"Tahan Uji {i}", "email": f"tahan{i}@example.com", "mobile_number": f"+62813{8000000 + i:08d}"}


def run_sender(outbox, client, scenario):
    """Start a real sender on ``outbox``, run ``scenario(sender)``, stop it."""
    from pos_member.outbox import OutboxSender

    async def go():
        async with client:
            sender = OutboxSender(outbox, client, idle_s=0.05)
            sender.start()
            try:
                await scenario(sender)
            finally:
                await sender.stop()

    asyncio.run(go())


def test_sender_survives_a_garbage_answer(tmp_path, training):
    outbox = Outbox(tmp_path / "outbox.sqlite3")
    ids = [outbox.add("register", registration(i)) for i in range(3)]
    garbage = Garbage(training.transport(), times=2)

    async def scenario(sender):
        await until(lambda: outbox.pending_count() == 0)
        assert sender.paused is None and sender.running

    run_sender(outbox, client_for(training, garbage), scenario)
    assert all(outbox.get(i).state == "delivered" for i in ids)
    assert [count_users(training, f"tahan{i}@example.com") for i in range(3)] == [1, 1, 1]
    assert garbage.sent.count("/api/v2/memberships/register") == 3  # garbled answers reconciled, not resent


def test_sender_survives_a_full_disk_and_delivers_after(tmp_path, training):
    from tests.helpers import fill_the_disk, free_the_disk

    outbox = Outbox(tmp_path / "outbox.sqlite3")
    ids = [outbox.add("register", registration(i)) for i in range(3)]
    training.faults.update(drop_rate=1.0)  # offline: the sender must write why, and cannot
    fill_the_disk(outbox)
    changes = []
    outbox.on_change(lambda: changes.append(1))

    async def scenario(sender):
        await until(lambda: sender.paused is not None and sender.failures >= 2)
        assert sender.paused == "disk_full"  # a code: the status bar words it
        assert "the disk is full" in paused_words(sender.paused) and "Call IT" in paused_words(sender.paused)
        assert changes  # the status bar was told
        free_the_disk(outbox)
        training.faults.update(drop_rate=0.0)
        sender.wake()
        await until(lambda: outbox.pending_count() == 0 and sender.paused is None,
                    why=lambda: (sender.paused, outbox.items()))

    run_sender(outbox, client_for(training), scenario)
    assert all(outbox.get(i).state == "delivered" and outbox.get(i).payload == {} for i in ids)
    assert [count_users(training, f"tahan{i}@example.com") for i in range(3)] == [1, 1, 1]


def test_sender_survives_a_read_only_file_and_delivers_after(tmp_path, training):
    outbox = Outbox(tmp_path / "outbox.sqlite3")
    ids = [outbox.add("register", registration(i)) for i in range(2)]
    outbox.db.execute("PRAGMA query_only = 1")  # the file cannot be written (root ignores chmod)

    async def scenario(sender):
        await until(lambda: sender.paused is not None)
        assert sender.paused == "read_only" and "not writable" in paused_words(sender.paused)
        outbox.db.execute("PRAGMA query_only = 0")
        sender.wake()
        await until(lambda: outbox.pending_count() == 0)

    run_sender(outbox, client_for(training), scenario)
    assert all(outbox.get(i).state == "delivered" for i in ids)
    assert [count_users(training, f"tahan{i}@example.com") for i in range(2)] == [1, 1]


def test_an_item_stuck_in_sending_is_checked_before_it_is_sent_again(tmp_path, training):
    """A delivery that died mid-way (the member did get registered) leaves 'sending' behind."""
    outbox = Outbox(tmp_path / "outbox.sqlite3")
    item_id = outbox.add("register", registration(7))
    lossy = LoseAnswers(training.transport())

    async def die_mid_send():
        async with client_for(training, lossy) as client:
            write_row(outbox, item_id, state="sending")  # what a dead delivery leaves
            with pytest.raises(ApiError):  # the answer is lost; the member was registered
                await client.register(**registration(7))

    asyncio.run(die_mid_send())
    assert outbox.get(item_id).state == "sending" and count_users(training, "tahan7@example.com") == 1
    lossy.lose = False

    async def scenario(sender):
        await until(lambda: outbox.pending_count() == 0)

    run_sender(outbox, client_for(training, lossy), scenario)
    assert outbox.get(item_id).state == "delivered" and count_users(training, "tahan7@example.com") == 1
    assert lossy.sent.count("/api/v2/memberships/register") == 1


def test_deliver_now_does_not_wait_behind_the_backlog(tmp_path, training):
    """The background works through a slow backlog; the cashier's new registration goes at once."""
    outbox = Outbox(tmp_path / "outbox.sqlite3")
    for i in range(5):
        outbox.add("register", registration(i))
    slow = SlowRegister(training.transport())

    async def scenario(sender):
        await until(lambda: bool(outbox.in_flight))  # the backlog is being sent
        new = await outbox.run(outbox.add, "register", registration(99))
        outcome = await sender.deliver_now(new)
        assert outcome.state == "delivered"
        assert outbox.pending_count() >= 4  # the backlog was not drained first
        slow.release.set()
        await until(lambda: outbox.pending_count() == 0)

    run_sender(outbox, client_for(training, slow), scenario)
    assert all(count_users(training, f"tahan{i}@example.com") == 1 for i in (0, 1, 2, 3, 4, 99))


class SlowRegister(httpx.AsyncBaseTransport):
    """Holds back every registration except those of tahan99 until released."""

    def __init__(self, inner: httpx.AsyncBaseTransport):
        self.inner = inner
        self.release = asyncio.Event()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/register") and b"tahan99" not in request.content:
            await self.release.wait()
        return await self.inner.handle_async_request(request)


def test_one_item_is_never_sent_twice_at_once(tmp_path, training):
    outbox = Outbox(tmp_path / "outbox.sqlite3")
    item_id = outbox.add("register", ALICE)
    transport = Counting(training.transport())

    async def both():
        async with client_for(training, transport) as client:
            return await asyncio.gather(*(outbox.deliver(client, item_id) for _ in range(3)))

    outcomes = asyncio.run(both())
    assert all(o.state == "delivered" for o in outcomes)
    assert transport.paths.count("/api/v2/memberships/register") == 1


class Counting(httpx.AsyncBaseTransport):
    def __init__(self, inner: httpx.AsyncBaseTransport):
        self.inner, self.paths = inner, []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.paths.append(request.url.path)
        return await self.inner.handle_async_request(request)


# ---------------------------------------------------------------------------- upkeep, discard, files

def test_upkeep_purges_old_deliveries_and_empties_the_wal(tmp_path, training):
    path = tmp_path / "outbox.sqlite3"
    outbox = Outbox(path)
    old = outbox.add("partial", {"user": "lama@example.com"})
    write_row(outbox, old, state="delivered", payload="{}", updated=time.time() - 25 * 3600)
    recent = outbox.add("partial", {"user": "baru@example.com"})
    write_row(outbox, recent, state="delivered", payload="{}")
    outbox.upkeep()
    assert outbox.get(old) is None and outbox.get(recent) is not None
    assert path.with_name(path.name + "-wal").stat().st_size == 0


def test_the_sender_does_upkeep_on_schedule(tmp_path, training):
    from pos_member.outbox import OutboxSender

    outbox = Outbox(tmp_path / "outbox.sqlite3")
    now = [0.0]
    sender = OutboxSender(outbox, None, upkeep_every_s=3600, clock=lambda: now[0])
    done = []
    outbox.upkeep = lambda: done.append(now[0])  # count the calls; upkeep itself is tested above

    async def steps():
        for t in (0, 10, 3599, 3600, 3700, 7300):
            now[0] = t
            await sender.step()

    asyncio.run(steps())
    assert done == [0, 3600, 7300]


def test_discard_wipes_the_data_at_once_and_keeps_the_reason(tmp_path, training):
    path = tmp_path / "outbox.sqlite3"
    outbox = Outbox(path)
    item_id = outbox.add("register", dict(ALICE, email="budi.santoso@example.com"))

    async def attempt():
        async with client_for(training) as client:
            return await outbox.deliver(client, item_id)

    assert asyncio.run(attempt()).state == "attention"
    outbox.discard(item_id, "registered again at the kiosk")
    assert outbox.get(item_id) is None and outbox.pending_count() == 0
    assert [d["reason"] for d in outbox.discards()] == ["registered again at the kiosk"]
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("outbox.sqlite3*"))  # the -wal too, still open
    assert b"Alice Wijaya" not in raw and b"081390005555" not in raw


@pytest.mark.posix_only("POSIX file modes")
def test_the_outbox_file_is_user_only(tmp_path):
    path = tmp_path / "outbox.sqlite3"
    outbox = Outbox(path)
    outbox.add("register", ALICE)
    for part in tmp_path.glob("outbox.sqlite3*"):
        assert part.stat().st_mode & 0o077 == 0, part
    outbox.close()
    path.chmod(0o644)  # made by an older version
    Outbox(path).close()
    assert path.stat().st_mode & 0o077 == 0


def test_listeners_hear_changes_on_their_own_loop(tmp_path):
    import threading

    outbox = Outbox(tmp_path / "outbox.sqlite3")
    heard = []

    async def go():
        outbox.on_change(lambda: heard.append(threading.current_thread() is threading.main_thread()))
        await outbox.run(outbox.add, "register", ALICE)  # written on the outbox thread
        await until(lambda: bool(heard))

    asyncio.run(go())
    assert heard == [True] and outbox.pending_count() == 1


def test_stop_ends_the_loop_even_when_a_wake_and_the_cancel_cross():
    """wait_for on 3.11 can swallow a cancel that arrives with the wake-up; stop() must still end."""
    from pos_member.background import Background

    class Busy(Background):
        async def step(self) -> float:
            return 5.0

    async def go():
        for _ in range(200):
            loop = Busy()
            loop.start()
            await asyncio.sleep(0)
            await asyncio.sleep(0)
            loop.wake()
            await loop.stop()

    asyncio.run(asyncio.wait_for(go(), timeout=20))


def test_a_step_that_raises_does_not_end_the_loop():
    from pos_member.background import Background

    class Flaky(Background):
        def __init__(self):
            super().__init__()
            self.calls, self.reported = 0, []

        async def step(self) -> float:
            self.calls += 1
            if self.calls <= 2:
                raise RecursionError("garbage")
            return 0.0

        def failed(self, exc):
            self.reported.append(type(exc).__name__)
            raise ValueError("the reporter is broken too")

    async def go():
        loop = Flaky()
        loop.start()
        while loop.calls < 4:
            loop.wake()
            await asyncio.sleep(0.01)
        await loop.stop()
        return loop

    loop = asyncio.run(go())
    assert loop.reported == ["RecursionError", "RecursionError"] and loop.failures == 0


# ---------------------------------------------------------------------------- damaged file at start-up

def test_a_damaged_outbox_is_kept_aside_and_a_fresh_one_started(tmp_path):
    from pos_member.outbox import open_or_set_aside

    path = tmp_path / "outbox.sqlite3"
    outbox = Outbox(path)
    outbox.add("register", ALICE)
    outbox.close()
    raw = bytearray(path.read_bytes())
    raw[100:4096] = b"\xff" * (4096 - 100)  # the header's tail and the schema page: damaged
    path.write_bytes(bytes(raw))
    fresh, aside = open_or_set_aside(path)
    assert aside is not None and aside.why == "broken" and cause_words(aside.why) == "the outbox file is damaged"
    assert aside.kept.read_bytes() == bytes(raw)  # kept exactly as it was, never deleted
    assert aside.kept.parent == tmp_path and "unreadable" in aside.kept.name
    assert fresh.pending_count() == 0
    fresh.add("register", ALICE)  # the new outbox works
    assert fresh.pending_count() == 1


def test_not_a_database_at_all_is_kept_aside(tmp_path):
    from pos_member.outbox import open_or_set_aside

    path = tmp_path / "outbox.sqlite3"
    path.write_bytes(b"this is not SQLite, it is a half-copied file" * 100)
    fresh, aside = open_or_set_aside(path)
    assert aside is not None and aside.why == "broken" and cause_words(aside.why) == "the outbox file is damaged"
    assert aside.kept.read_bytes().startswith(b"this is not SQLite")
    assert fresh.items() == []


def test_errors_are_stored_as_codes_and_older_sentences_still_read(tmp_path):
    from pos_member.flows.problems import OFFLINE, failure_words

    outbox = Outbox(tmp_path / "outbox.sqlite3")
    coded, old = outbox.add("register", ALICE), outbox.add("register", ALICE)
    write_row(outbox, coded, error="offline")
    write_row(outbox, old, error="Stamps said no (an outbox file from before codes)")
    assert failure_words(outbox.get(coded).error) == OFFLINE  # the code, worded by the flows
    assert failure_words(outbox.get(old).error) == "Stamps said no (an outbox file from before codes)"
    assert failure_words(None) == ""
