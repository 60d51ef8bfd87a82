"""Shared fixtures. The training server is the real part every client test talks to."""

from __future__ import annotations

import asyncio
import os
import socket
import sys
import threading
import time
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no display needed, even outside ./dev test

from pos_member.api import StampsClient
from pos_member.sandbox import TrainingServer

# ------------------------------------------------------------------ platform conditions, in one place
# The suite runs on Linux (.ci/run) and on windows-latest (the Windows workflow). A test that needs
# one platform says so with a marker and why; with --strict-skips a run fails when anything is
# skipped for another reason than these markers and the machine conditions below, so nothing is
# skipped by accident on either platform. -rs lists every skip with its reason.
POSIX_ONLY = "POSIX only"
WINDOWS_ONLY = "Windows only"
#: Skips that depend on the machine, not the platform (allowed under --strict-skips).
MACHINE_SKIPS = ("running as a user who can write anywhere", "makensis not installed",
                 "None is immortal from Python 3.12 on")
_skips: list[tuple[str, str]] = []


def pytest_addoption(parser):
    parser.addoption("--strict-skips", action="store_true",
                     help="fail when a test is skipped for a reason other than its platform marker or a listed "
                          "machine condition (tests/conftest.py)")


def pytest_configure(config):
    config.addinivalue_line("markers", "posix_only(why): needs POSIX (signals such as SIGKILL, file modes); "
                                       "skipped on Windows")
    config.addinivalue_line("markers", "windows_only(why): needs Windows (DPAPI, named kernel objects); skipped elsewhere")


def pytest_collection_modifyitems(config, items):
    for item in items:
        for name, elsewhere, label in (("posix_only", os.name != "posix", POSIX_ONLY),
                                       ("windows_only", sys.platform != "win32", WINDOWS_ONLY)):
            marker = item.get_closest_marker(name)
            if marker is not None and elsewhere:
                item.add_marker(pytest.mark.skip(reason=f"{label}: {marker.args[0] if marker.args else name}"))


def pytest_runtest_logreport(report):
    if report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        _skips.append((report.nodeid, reason.removeprefix("Skipped: ")))


def _unexpected_skips() -> list[tuple[str, str]]:
    allowed = (f"{POSIX_ONLY}: ", f"{WINDOWS_ONLY}: ")
    return [(node, why) for node, why in _skips
            if not why.startswith(allowed) and not any(m in why for m in MACHINE_SKIPS)]


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    platform = sum(1 for _node, why in _skips if why.startswith((POSIX_ONLY, WINDOWS_ONLY)))
    terminalreporter.write_line(f"skips: {platform} for the platform ({sys.platform}), "
                                f"{len(_skips) - platform} for this machine or by accident")
    for node, why in _unexpected_skips():
        terminalreporter.write_line(f"  not a platform or machine condition: {node}: {why}")


def pytest_sessionfinish(session, exitstatus):
    if session.config.getoption("--strict-skips") and _unexpected_skips() and session.exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(autouse=True)
def _cheap_pin_hashes(monkeypatch):
    """Tests hash PINs with 1,000 rounds for speed; the real floor is tested in test_config."""
    monkeypatch.setattr("pos_member.config.PIN_MIN_ITERATIONS", 1000)


@pytest.fixture
def training(tmp_path) -> TrainingServer:
    """A fresh training server on a real SQLite file, 300 demo members."""
    server = TrainingServer(tmp_path / "training.sqlite3", members=300)
    yield server
    server.close()


@pytest.fixture
def call(training) -> Callable[..., Any]:
    """``call(lambda client: client.ping())``: run against the training server in-process."""

    def run(fn: Callable[[StampsClient], Awaitable[Any]], **client_kw: Any) -> Any:
        async def go():
            kw = {"store": training.store_id, "transport": training.transport(), "retry_backoff": 0.001} | client_kw
            token = kw.pop("token", training.token)
            merchant = kw.pop("merchant", training.merchant_id)
            async with StampsClient("http://127.0.0.1", token, merchant, **kw) as client:
                return await fn(client)

        return asyncio.run(go())

    return run


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def loopback(training):
    """The same training server on a real loopback socket (uvicorn in a thread)."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(training.app, host="127.0.0.1", port=port, log_level="error", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


# ---------------------------------------------------------------------------- Qt + asyncio

@pytest.fixture(scope="session")
def _session_loop(qapp):
    """One qasync loop for the whole session, integrated with Qt's own event processing."""
    import qasync

    from pos_member.ui.shared.aio import QEventLoop

    loop = QEventLoop(qapp, already_running=True)
    # asyncio.to_thread (the PIN check) runs on qasync's worker QThreads: they must be joined before
    # Qt goes away, or the process aborts at exit ("QThread: Destroyed while thread is still running").
    workers = qasync.QThreadExecutor(2)
    loop.set_default_executor(workers)
    asyncio.events._set_running_loop(None)  # only inside Qt tests (see ``qloop``)  # noqa: SLF001 (asyncio's own: qasync's loop runs inside Qt's)
    yield loop
    workers.shutdown()


@pytest.fixture
def qloop(_session_loop, qtbot):
    """Make the qasync loop current for one test, then cancel what the test left running.
    (Never ``loop.stop()``: it quits the QApplication and every later ``qtbot.wait`` returns at once.)"""
    loop = _session_loop
    asyncio.set_event_loop(loop)
    asyncio.events._set_running_loop(loop)  # noqa: SLF001 (asyncio's own: qasync's loop runs inside Qt's)
    yield loop
    leftovers = [t for t in asyncio.all_tasks(loop) if not t.done()]
    for task in leftovers:
        task.cancel()
    if leftovers:
        qtbot.waitUntil(lambda: all(t.done() for t in leftovers), timeout=5000)
    asyncio.events._set_running_loop(None)  # noqa: SLF001 (asyncio's own: qasync's loop runs inside Qt's)
    asyncio.set_event_loop(None)


def run_async(qtbot, coro, timeout: int = 10_000):
    """Await a coroutine from a Qt test by processing Qt events until it is done."""
    task = asyncio.ensure_future(coro)
    qtbot.waitUntil(task.done, timeout=timeout)
    return task.result()


# ---------------------------------------------------------------------------- the cashier window

class Gate(httpx.AsyncBaseTransport):
    """Wraps the training transport to hold back or fail chosen requests (injected faults).
    ``hold[query]`` keeps requests with that query ("" for none) until the test sets the event,
    ``hold_paths[path]`` those to that path; ``ended`` lists every request that finished,
    answered or cancelled."""

    def __init__(self, inner: httpx.AsyncBaseTransport):
        self.inner = inner
        self.hold: dict[str, asyncio.Event] = {}
        self.hold_paths: dict[str, asyncio.Event] = {}
        self.fail_paths: set[str] = set()
        self.requests: list[httpx.Request] = []
        self.ended: list[httpx.Request] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        try:
            for held in (self.hold.get(request.url.params.get("query", "")), self.hold_paths.get(request.url.path)):
                if held is not None:
                    await held.wait()
            if request.url.path in self.fail_paths:
                return httpx.Response(500, text="<html>boom</html>")
            return await self.inner.handle_async_request(request)
        finally:
            self.ended.append(request)

    def queries(self) -> list[str]:
        return [r.url.params["query"] for r in self.requests if r.url.path.endswith("/suggestions")]


@pytest.fixture
def make_window(qloop, qtbot, training, tmp_path):
    made = []

    from pos_member.config import Settings
    from pos_member.outbox import Outbox, OutboxSender
    from pos_member.runtime import Backend
    from pos_member.ui.counter.main_window import MainWindow

    def make(token: str | None = None, debounce_ms: int = 150, gate: bool = True, updates: Any = None,
             **settings_kw) -> MainWindow:
        """``updates``: an update service (its ``status`` and ``on_status``) the window is built with."""
        transport = Gate(training.transport()) if gate else training.transport()
        client = StampsClient("http://127.0.0.1", token or training.token, training.merchant_id,
                              store=training.store_id, transport=transport, retry_backoff=0.01, timeout=2).open()
        settings = Settings(search_debounce_ms=debounce_ms, store=training.store_id, **settings_kw)
        outbox = Outbox(tmp_path / "outbox.sqlite3")
        sender = OutboxSender(outbox, client, idle_s=0.3)
        sender.start()
        backend = Backend(settings, client, training, outbox, sender)
        backend.updates = updates
        window = MainWindow(backend)
        window.gate = transport
        window.monitor.offline_retry_s = (0.2,)
        qtbot.addWidget(window)
        window.show()
        made.append(window)
        return window

    yield make
    import shiboken6

    for window in made:
        # pytest-qt deletes the widgets before this runs: a second window of one test may be gone
        # (deleted while the first one's shutdown ran the loop); each test shuts its own down then.
        if shiboken6.isValid(window):
            window.close()
            run_async(qtbot, window.shutdown())
        run_async(qtbot, window.backend.sender.stop())
        window.backend.outbox.close()
        run_async(qtbot, window.backend.client.aclose())


@pytest.fixture(autouse=True)
def _machine_folder(tmp_path, monkeypatch):
    """The counter's machine-wide folder (shared outbox, PIN tries) in the test's own directory."""
    monkeypatch.setenv("POS_MEMBER_MACHINE_DATA_DIR", str(tmp_path / "machine-data"))
