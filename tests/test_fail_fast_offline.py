"""Once Stamps is known not to answer, nothing waits for time-outs: one attempt each within a
short limit, a registration is saved on the counter at once, and waits say so in words (issue 24,
Done when 8). No timing assertions: attempts and requests are counted instead."""

from __future__ import annotations

import asyncio

import httpx

from pos_member.api import ApiTimeout, StampsClient
from pos_member.api.client import OFFLINE_TIMEOUT
from pos_member.flows.connection import ConnectionMonitor
from pos_member.flows.registration import QUEUED_OFFLINE
from tests.conftest import run_async


class Hang(httpx.AsyncBaseTransport):
    """Every request times out (as a hanging Stamps does), counted."""

    def __init__(self):
        self.requests: list[httpx.Request] = []

    async def handle_async_request(self, request):
        self.requests.append(request)
        raise httpx.ReadTimeout("no answer", request=request)


def test_a_time_out_makes_every_call_fail_fast_until_one_succeeds(qloop, qtbot):
    hang = Hang()
    client = StampsClient("https://stamps.example", "tok", 14, transport=hang, retry_backoff=0.001).open()
    errors = []
    for _ in (1, 2):
        try:
            run_async(qtbot, client.suggestions("budi"))
        except ApiTimeout as exc:
            errors.append(str(exc))
    assert len(hang.requests) == 2  # one attempt each: the first time-out already showed it
    assert f"{OFFLINE_TIMEOUT:g} s" in errors[1] and client.offline  # and the second waited the short limit only
    run_async(qtbot, client.aclose())


def test_the_monitor_keeps_it_until_a_request_succeeds(qloop, qtbot):
    client = StampsClient("https://stamps.example", "tok", 14, transport=Hang()).open()
    monitor = ConnectionMonitor(client, lambda *_: None)
    monitor.report(ApiTimeout("x"))
    assert client.offline
    monitor.report(None)  # a request succeeded: normal again
    assert not client.offline
    run_async(qtbot, client.aclose())


class Blip(httpx.AsyncBaseTransport):
    """One time-out, then answers."""

    def __init__(self):
        self.calls = 0

    async def handle_async_request(self, request):
        self.calls += 1
        if self.calls == 1:
            raise httpx.ReadTimeout("no answer", request=request)
        return httpx.Response(200, json={"suggestions": []})


def test_an_answer_ends_fail_fast(qloop, qtbot):
    client = StampsClient("https://stamps.example", "tok", 14, transport=Blip()).open()
    try:
        run_async(qtbot, client.suggestions("budi"))
    except ApiTimeout:
        pass
    assert client.offline
    assert run_async(qtbot, client.suggestions("budi")).suggestions == []
    assert not client.offline
    run_async(qtbot, client.aclose())


def test_a_registration_is_saved_at_once_when_offline(make_window, qtbot, training):
    window = make_window()
    window.monitor.report(ApiTimeout("x"))
    assert window.backend.client.offline
    dialog = window.open_registration({"name": "Dina Offline", "email": "dina.off@example.com",
                                       "mobile_number": "081390004444"})
    before = len(window.gate.requests)
    dialog.submit()
    run_async(qtbot, window.ops.settled())
    assert QUEUED_OFFLINE.split(",")[0] in dialog.result_page.body.text()  # saved, not waited for
    sent = [r.url.path for r in window.gate.requests[before:]]
    assert not [p for p in sent if p.endswith("/details")]  # no duplicate check to time out
    # (the outbox's sender may already be delivering it in the background: that is its job)


def test_send_code_says_what_it_waits_for(make_window, qtbot, training):
    window = make_window()
    window.open_member("budi.santoso@example.com")
    run_async(qtbot, window.settled())
    dialog = window.open_action("phone")
    held = window.gate.hold[""] = asyncio.Event()  # every request without a query waits: the code request too
    dialog.target.setText("081390001111")
    dialog.send_button.click()
    qtbot.waitUntil(lambda: dialog.send_button.text() == "Sending the code…")
    assert not dialog.send_button.isEnabled()
    held.set()
    run_async(qtbot, window.ops.settled())
    assert dialog.send_button.text() != "Sending the code…"


class Slow(httpx.AsyncBaseTransport):
    """Answers a ping after longer than the fail-fast limit (a slow Stamps)."""

    def __init__(self, inner):
        self.inner = inner

    async def handle_async_request(self, request):
        import asyncio

        if request.url.path.endswith("/ping"):
            await asyncio.sleep(0.2)  # longer than the (shortened) fail-fast limit
        return await self.inner.handle_async_request(request)


def test_a_slow_stamps_is_still_seen_answering_again(qloop, qtbot, training, monkeypatch):
    monkeypatch.setattr("pos_member.api.client.OFFLINE_TIMEOUT", 0.05)
    client = StampsClient("http://127.0.0.1", training.token, training.merchant_id,
                          transport=Slow(training.transport())).open()
    client.offline = True
    assert run_async(qtbot, client.ping()).pong is not None  # the connection check waits the full time
    assert not client.offline
    run_async(qtbot, client.aclose())


def test_the_status_bar_says_when_stamps_is_slow_and_when_it_is_quick_again(make_window, qtbot, training):
    """Online but every answer takes seconds (the walk's "Stamps slow"): the status bar says why the
    counter waits, from the answers themselves; quick answers take the word away again."""
    window = make_window()
    window.monitor.slow_after_s, window.monitor.quick_below_s = 0.8, 0.4  # shorter than 3 s, longer than a loaded CI
    qtbot.waitUntil(lambda: window.monitor.state == "online", timeout=5000)  # the first ping is in
    run_async(qtbot, window.settled())
    assert window.conn_label.text() == "● Online"
    training.faults.update(latency_ms=1200)
    window.open_member("budi.santoso@example.com")
    run_async(qtbot, window.settled())
    assert window.monitor.state == "online" and window.conn_label.text() == "● Online – Stamps is slow"
    training.faults.update(latency_ms=0)
    window.refresh()
    run_async(qtbot, window.settled())
    assert window.conn_label.text() == "● Online"
