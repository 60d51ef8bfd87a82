"""``/_training/*``: the admin token, JSON only, this machine's host names, bounded fault values;
and stopping the server never waits on an injected hang."""

from __future__ import annotations

import asyncio
import signal
import threading
import time

import httpx
import pytest

from pos_member.sandbox import Faults, TrainingServer
from pos_member.sandbox.__main__ import TrainingUvicorn, main
from pos_member.sandbox.demo import OTHER_TOKEN
from pos_member.sandbox.faults import FaultSettingError
from tests.conftest import free_port


def admin(server: TrainingServer, method: str, path: str, *, token: str | None = None, json=None,
          content: bytes | None = None, headers: dict | None = None, host: str = "127.0.0.1") -> httpx.Response:
    async def go():
        async with httpx.AsyncClient(transport=server.transport(), base_url=f"http://{host}") as http:
            sent = dict(headers or {})
            if token is not None:
                sent["Authorization"] = f"Token {token}"
            return await http.request(method, path, json=json, content=content, headers=sent)

    return asyncio.run(go())


def test_faults_read_and_changed_with_the_admin_token(training):
    read = admin(training, "GET", "/_training/faults", token=training.token)
    assert read.status_code == 200 and read.json()["error_rate"] == 0.0 and read.json()["hang_s"] == 30.0
    changed = admin(training, "POST", "/_training/faults", token=training.token, json={"error_rate": 0.2, "seed": 7})
    assert changed.status_code == 200 and changed.json()["error_rate"] == 0.2 and changed.json()["seed"] == 7
    assert training.faults.error_rate == 0.2
    assert admin(training, "GET", "/_training/faults", token=training.token).json() == changed.json()


@pytest.mark.parametrize("token, status", [(None, 403), ("nope", 401), (OTHER_TOKEN, 401)])
def test_training_paths_refuse_without_the_admin_token(training, token, status):
    for method, path in (("GET", "/_training/faults"), ("POST", "/_training/faults"), ("GET", "/_training/messages")):
        answer = admin(training, method, path, token=token, json={"hang_rate": 1} if method == "POST" else None)
        assert answer.status_code == status, (method, path)
    assert training.faults.hang_rate == 0.0


def test_separate_admin_token(tmp_path):
    server = TrainingServer(tmp_path / "t.sqlite3", members=5, admin_token="adm1n")
    try:
        assert admin(server, "GET", "/_training/faults", token=server.token).status_code == 401
        assert admin(server, "GET", "/_training/faults", token="adm1n").status_code == 200
    finally:
        server.close()


def test_faults_post_only_as_json_from_this_machine(training):
    plain = admin(training, "POST", "/_training/faults", token=training.token, content=b'{"drop_rate": 1}',
                  headers={"Content-Type": "text/plain"})
    assert plain.status_code == 415
    form = admin(training, "POST", "/_training/faults", token=training.token, content=b"drop_rate=1",
                 headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert form.status_code == 415
    rebound = admin(training, "POST", "/_training/faults", token=training.token, json={"drop_rate": 1},
                    host="evil.example:8765")
    assert rebound.status_code == 400 and rebound.json()["error_code"] == "invalid_host"
    assert training.faults.drop_rate == 0.0
    for host in ("localhost:8765", "[::1]:8765", "127.0.0.1"):
        assert admin(training, "GET", "/_training/faults", token=training.token, host=host).status_code == 200


@pytest.mark.parametrize("change, field", [
    ({"latency_ms": 60_001}, "latency_ms"), ({"hang_s": 61}, "hang_s"), ({"hang_s": 1e308}, "hang_s"),
    ({"error_rate": 1.5}, "error_rate"), ({"drop_rate": -0.1}, "drop_rate"), ({"hang_rate": True}, "hang_rate"),
    ({"jitter_ms": "5"}, "jitter_ms"), ({"seed": 1.5}, "seed"), ({"seed": 2**70}, "seed"),
    ({"error_rate": 0.5, "colour": "red"}, "colour"), ({"error_rate": 0.5, "latency_ms": None}, "latency_ms"),
])
def test_fault_values_out_of_bounds_refused_and_nothing_applied(training, change, field):
    answer = admin(training, "POST", "/_training/faults", token=training.token, json=change)
    assert answer.status_code == 400 and field in answer.json()["errors"]
    assert set(answer.json()) == {"detail", "errors", "error_code", "error_message"}
    assert training.faults.as_dict() == Faults().as_dict()


def test_fault_values_that_json_cannot_carry_are_refused(training):
    for raw in (b'{"latency_ms": 1e400}', b'{"latency_ms": Infinity}', b'{"hang_s": NaN}', b"[1]", b"{"):
        answer = admin(training, "POST", "/_training/faults", token=training.token, content=raw,
                       headers={"Content-Type": "application/json"})
        assert answer.status_code == 400, raw
    with pytest.raises(FaultSettingError):
        Faults(latency_ms=float("inf"))
    with pytest.raises(SystemExit):
        main(["--hang-rate", "2", "--members", "1"])


def test_messages_for_the_trainer(training, call):
    call(lambda c: c.request_email_otp("who@example.com", "OTP_1"))
    answer = admin(training, "GET", "/_training/messages?recipient=who@example.com", token=training.token)
    assert answer.status_code == 200 and len(answer.json()["messages"]) == 1
    assert admin(training, "POST", "/_training/messages", token=training.token, json={}).status_code == 405


def test_stopping_never_waits_on_an_injected_hang(training):
    """A request held by a 60-second hang is answered (503) as soon as the server is told to stop."""
    training.faults.update(hang_rate=1.0, hang_s=60)
    port = free_port()
    server = TrainingUvicorn(training, "127.0.0.1", port)
    serving = threading.Thread(target=server.run, daemon=True)
    serving.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    answers: list[httpx.Response] = []
    caller = threading.Thread(target=lambda: answers.append(httpx.post(
        f"http://127.0.0.1:{port}/api/ping", headers={"Authorization": f"Token {training.token}"}, timeout=120)))
    caller.start()
    while training.faults.waiting == 0 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert training.faults.waiting == 1, "the request is held by the hang"
    server.handle_exit(signal.SIGINT, None)
    caller.join(timeout=30)
    serving.join(timeout=30)
    assert not caller.is_alive() and not serving.is_alive(), "stopped well before the 60-second hang ended"
    assert answers[0].status_code == 503
