"""Two processes on one outbox file (two copies of the app, or the app and IT's flush command):
an item is claimed atomically, a live process's claim is never reset, a dead one's is recovered
through the lookup, and every item reaches Stamps exactly once."""

from __future__ import annotations

import asyncio
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from pos_member.outbox import Outbox, owner
from tests.conftest import free_port


def count_users(training, email: str) -> int:
    return training.store.one("SELECT COUNT(*) AS n FROM users WHERE email = ?", email)["n"]


class CountCreates:
    """ASGI wrapper around the training server: counts every create (register / partial) that
    reaches it, per member, from the request body."""

    def __init__(self, app, hold_s: float = 0.01):
        self.app, self.sent, self.lock, self.hold_s = app, {}, threading.Lock(), hold_s

    async def __call__(self, scope, receive, send):
        path = scope.get("path", "")
        if scope["type"] != "http" or scope["method"] != "POST" or not path.endswith(("/register", "/partial-registration")):
            return await self.app(scope, receive, send)
        messages, body = [], b""
        while True:
            message = await receive()
            messages.append(message)
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        fields = json.loads(body or b"{}")
        key = str(fields.get("email") or fields.get("user"))
        with self.lock:
            self.sent[key] = self.sent.get(key, 0) + 1
        await asyncio.sleep(self.hold_s)  # a request in flight for a while: the other process works too
        replay = iter(messages)

        async def again():
            return next(replay)

        return await self.app(scope, again, send)


@pytest.fixture
def counted(training, request):
    """The training server on loopback, behind ``CountCreates``: (url, sent)."""
    import uvicorn

    counter = CountCreates(training.app, getattr(request, "param", 0.01))
    server = uvicorn.Server(uvicorn.Config(counter, host="127.0.0.1", port=free_port(), log_level="error",
                                           lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{server.config.port}", counter.sent
    server.should_exit = True
    thread.join(timeout=10)


def fill(path: Path, n: int, prefix: str) -> list[str]:
    outbox = Outbox(path)
    emails = []
    for i in range(n):
        email = f"{prefix}{i}@example.com"
        emails.append(email)
        if i % 4:
            outbox.add("register", {"name": f"Dua Proses {i}", "email": email, "mobile_number": f"+62813{6000000 + i:08d}"})
        else:
            outbox.add("partial", {"user": email})
    outbox.close()
    return emails


def deliver_command(path: Path, loopback: str, training, deadline: float = 60) -> tuple[list[str], dict[str, str]]:
    command = [sys.executable, "-m", "pos_member.outbox", "deliver", str(path), "--url", loopback,
               "--merchant", str(training.merchant_id), "--deadline", str(deadline)]
    return command, dict(os.environ, PYTHONUNBUFFERED="1", POS_MEMBER_TOKEN=training.token)


def test_two_sender_processes_send_every_item_exactly_once(tmp_path, training, counted):
    loopback, sent = counted
    path = tmp_path / "outbox.sqlite3"
    emails = fill(path, 40, "duo")
    command, env = deliver_command(path, loopback, training)
    workers = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) for _ in range(2)]
    results = [w.communicate(timeout=120) for w in workers]
    assert [w.returncode for w in workers] == [0, 0], results
    assert {e: sent.get(e, 0) for e in emails if sent.get(e, 0) != 1} == {}, "an item was sent twice (or never)"
    assert [e for e in emails if count_users(training, e) != 1] == []
    left = Outbox(path)
    assert left.count("pending", "sending", "attention") == 0
    assert all(item.payload == {} and item.claim_owner is None for item in left.items())


@pytest.mark.posix_only("signal.SIGKILL (Windows has no such signal)")
@pytest.mark.slow
@pytest.mark.parametrize("counted", [0.05], indirect=True)  # each create held 50 ms: time to kill
def test_one_of_two_processes_killed_again_and_again(tmp_path, training, counted):
    """One copy keeps delivering while the other is killed at random moments: the killed one's
    claims are recovered (looked up, never blindly resent); nothing is sent twice or lost, and no
    item is left without its payload."""
    loopback, sent = counted
    path = tmp_path / "outbox.sqlite3"
    emails = fill(path, 100, "kill")
    command, env = deliver_command(path, loopback, training, deadline=90)
    steady = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    rng = random.Random(25)
    kills = 0
    while kills < 30 and steady.poll() is None:
        victim = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
        assert victim.stdout.readline().strip() == b"ready"
        time.sleep(rng.uniform(0.0, 0.1))
        if victim.poll() is None:
            victim.send_signal(signal.SIGKILL)
            kills += 1
        victim.wait(timeout=10)
        victim.stdout.close()
    out, err = steady.communicate(timeout=120)
    assert steady.returncode == 0, out + err
    assert kills >= 5, f"only {kills} kills landed"
    assert {e: sent.get(e, 0) for e in emails if sent.get(e, 0) != 1} == {}
    assert [e for e in emails if count_users(training, e) != 1] == []
    left = Outbox(path)
    assert left.count("pending", "sending", "attention") == 0
    assert all(item.state == "delivered" and item.payload == {} for item in left.items())


def test_a_live_processs_claim_is_never_reset(tmp_path):
    """Opening the file, or a sender's round, leaves an item another live process is sending alone."""
    path = tmp_path / "outbox.sqlite3"
    outbox = Outbox(path)
    item_id = outbox.add("partial", {"user": "live@example.com"})
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        someone = owner.owner_of(other.pid)
        outbox.db.execute("UPDATE items SET state = 'sending', claim_owner = ? WHERE id = ?", (someone, item_id))
        again = Outbox(path)  # a second copy starting
        assert again.get(item_id).state == "sending"
        assert again.recover_stuck() == 0
        again._set(item_id, state="pending", unknown=1)  # noqa: SLF001 (claim harness) a write from a copy without the claim
        assert again.get(item_id).state == "sending" and again.get(item_id).claim_owner == someone
        assert again._claim(again.get(item_id)) is None  # noqa: SLF001 (claim harness)
    finally:
        other.kill()
        other.wait()
    # Its process is gone, but its last request may still be landing at Stamps: the claim settles first...
    assert again.recover_stuck() == 0
    outbox.db.execute("UPDATE items SET updated = updated - ? WHERE id = ?", (owner.SETTLE_AFTER_DEATH_S, item_id))
    # ...then it is recovered, with the outcome unknown (looked up before a resend).
    assert again.recover_stuck() == 1
    item = again.get(item_id)
    assert item.state == "pending" and item.unknown and item.claim_owner is None


def test_a_claim_is_taken_once(tmp_path):
    path = tmp_path / "outbox.sqlite3"
    first, second = Outbox(path), Outbox(path)
    item_id = first.add("partial", {"user": "once@example.com"})
    seen = second.get(item_id)
    assert first._claim(first.get(item_id)) is not None  # noqa: SLF001 (claim harness)
    assert second._claim(seen) is None  # noqa: SLF001 (claim harness) read before the first claim: taken


def test_owner_names_this_process_and_tells_a_dead_one(tmp_path):
    assert owner.alive(owner.me()) is True
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    assert owner.alive(owner.owner_of(gone.pid)) is False
    host, pid, start = owner.me().split("/")
    assert owner.alive(f"{host}/{pid}/{int(start) + 1 if start.isdigit() else 'x'}") is not True  # pid reused
    assert owner.alive(f"elsewhere/{pid}/{start}") is None
    assert owner.alive(None) is False


def test_the_view_catches_up_with_another_copys_changes(tmp_path):
    """The panel's view is kept in memory: the sender's round reads the file again (``reload``),
    so registrations another copy queued (another session on a machine-wide outbox) show up."""
    path = tmp_path / "outbox.sqlite3"
    mine, other = Outbox(path), Outbox(path)
    heard = []
    mine.on_change(lambda: heard.append(1))
    other.add("partial", {"user": "sesi.lain@example.com"})
    assert mine.pending_count() == 0
    mine.reload()
    assert mine.pending_count() == 1 and heard == [1]
    mine.reload()
    assert heard == [1]  # nothing changed: nobody is told
