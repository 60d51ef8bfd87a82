"""Signed updates (The Update Framework) against a REAL repository: made in the test by the same
code as ``./dev release`` (tools/release.py), served over loopback HTTP, checked by the app's
updater (python-tuf's ngclient over httpx). Each attack is refused with a log line and the app
keeps its version; a dead repository never holds the event loop."""

from __future__ import annotations

import asyncio
import datetime as dt
import http.server
import json
import logging
import shutil
import threading
from pathlib import Path

import pytest

from pos_member.update.check import Outcome, UpdateChecker
from pos_member.update.rings import in_ring, store_key, store_place
from pos_member.update.service import UpdateService
from tools import release

CURRENT = "0.1.0"
MERCHANT, STORE = 14, 412
KEY = store_key(MERCHANT, STORE, "cashier")
PLACE = store_place(MERCHANT, STORE)


class Repository:
    """A signed repository on disk, with installers for the shipped store profiles."""

    def __init__(self, base: Path):
        self.base = base
        self.repo = release.Repo(base / "repo", base / "keys")
        self.root_file = base / "root.json"
        release.init(self.repo, trusted_root=self.root_file)

    def installer(self, version: str, content: bytes | None = None) -> Path:
        path = self.base / "build" / version / f"pos-member-kemang-cashier-{version}.exe"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if content is not None else f"installer {version} ".encode() * 5000)
        return path

    def publish(self, version: str, share: int = 100, **kw) -> Path:
        installer = self.installer(version)
        release.publish(self.repo, channel="stable", version=version, share=share, installers=[installer], **kw)
        return installer

    def target_file(self, version: str) -> Path:
        return next((self.repo.targets_dir / "releases" / version).glob("*.exe"))


class Server:
    """Static files over loopback HTTP, with per-path attacks: ``answers[path] = callable(handler)``."""

    def __init__(self, root: Path):
        self.root = root
        self.answers: dict[str, object] = {}
        self.requests: list[str] = []
        self.release = threading.Event()  # lets a held request go
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                outer.requests.append(self.path)
                special = outer.answers.get(self.path)
                if special is not None:
                    special(self)
                    return
                file = outer.root / self.path.lstrip("/")
                if not file.is_file():
                    self.send_error(404)
                    return
                data = file.read_bytes()
                self.send_response(200)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def repository(tmp_path) -> Repository:
    return Repository(tmp_path / "release")


@pytest.fixture
def server(repository):
    served = Server(repository.repo.path)
    yield served
    served.close()


def checker(repository: Repository, server: Server, tmp_path: Path, **kw) -> UpdateChecker:
    options = dict(url=server.url, channel="stable", store_key=KEY, place=PLACE, current_version=CURRENT,
                   cache_dir=tmp_path / "cache", trusted_root=repository.root_file.read_bytes(), timeout=5)
    return UpdateChecker(**(options | kw))


def refused(caplog, result, what: str) -> None:
    assert result.outcome is Outcome.REFUSED, result
    assert what in result.reason
    lines = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert any(line.startswith("update refused: " + what) and f"keeping version {CURRENT}" in line
               for line in lines), lines
    assert result.installer is None


def cached_installers(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "cache" / "targets").glob("releases*"))


# --------------------------------------------------------------------------------- found

def test_update_found_downloaded_verified(repository, server, tmp_path):
    built = repository.publish("0.2.0")
    result = checker(repository, server, tmp_path).check()
    assert result.outcome is Outcome.READY
    assert result.release is not None and result.release.version == "0.2.0"
    assert result.installer is not None and result.installer.read_bytes() == built.read_bytes()
    # metadata and the installer came over HTTP; targets under their hash-prefixed names
    assert "/metadata/timestamp.json" in server.requests
    assert any(p.startswith("/targets/releases/0.2.0/") for p in server.requests)
    # a second check reuses the verified file instead of downloading it again
    server.requests.clear()
    assert checker(repository, server, tmp_path).check().outcome is Outcome.READY
    assert not any(p.startswith("/targets/releases/") for p in server.requests)


def test_current_version_downloads_nothing(repository, server, tmp_path):
    repository.publish(CURRENT)
    result = checker(repository, server, tmp_path).check()
    assert result.outcome is Outcome.CURRENT
    assert not any(p.startswith("/targets/releases/") for p in server.requests)


def test_rolling_back_is_publishing_the_older_version(repository, server, tmp_path):
    repository.publish("0.1.5")
    repository.publish("0.2.0")
    assert checker(repository, server, tmp_path, current_version="0.2.0").check().outcome is Outcome.CURRENT
    release.publish(repository.repo, channel="stable", version="0.1.5", share=100, installers=[])  # the rollback
    result = checker(repository, server, tmp_path, current_version="0.2.0").check()
    assert result.outcome is Outcome.READY and result.release.version == "0.1.5"
    assert result.installer.read_bytes() == repository.installer("0.1.5").read_bytes()


def test_rings_staged_share_and_channel(repository, server, tmp_path):
    late = next(s for s in range(1, 10_000) if store_place(MERCHANT, s) >= 50)
    early = next(s for s in range(1, 10_000) if store_place(MERCHANT, s) < 10)
    repository.publish("0.2.0", share=10)
    waiting = checker(repository, server, tmp_path, place=store_place(MERCHANT, late)).check()
    assert waiting.outcome is Outcome.WAITING and waiting.release.share == 10
    assert cached_installers(tmp_path) == []
    assert checker(repository, server, tmp_path, place=store_place(MERCHANT, early)).check().outcome is Outcome.READY
    release.set_share(repository.repo, channel="stable", share=100)  # the rest of the stores follow
    assert checker(repository, server, tmp_path, place=store_place(MERCHANT, late)).check().outcome is Outcome.READY
    # another channel has nothing published: nothing to do there
    assert checker(repository, server, tmp_path / "p", channel="pilot").check().outcome is Outcome.CURRENT


def test_store_place_is_stable_and_spread():
    places = [store_place(14, s) for s in range(1, 2001)]
    assert places == [store_place(14, s) for s in range(1, 2001)]
    assert store_place(14, 412) == store_place(14, 412)
    assert 150 < sum(in_ring(p, 10) for p in places) < 250  # about 10 % of 2,000 stores
    assert not in_ring(0, 0) and in_ring(99, 100)


def test_a_release_without_this_stores_installer(repository, server, tmp_path):
    repository.publish("0.2.0")
    result = checker(repository, server, tmp_path, store_key="15-7-cashier").check()
    assert result.outcome is Outcome.NOT_FOR_STORE


def test_root_rotation_is_followed_from_the_shipped_root(repository, server, tmp_path):
    repository.publish("0.2.0")
    release.rotate(repository.repo, "targets")
    release.rotate(repository.repo, "root")
    assert checker(repository, server, tmp_path).check().outcome is Outcome.READY
    assert (tmp_path / "cache" / "metadata" / "root_history" / "3.root.json").is_file()


# --------------------------------------------------------------------------------- attacks

def test_tampered_target_is_refused(repository, server, tmp_path, caplog):
    repository.publish("0.2.0")
    target = repository.target_file("0.2.0")
    target.write_bytes(target.read_bytes().replace(b"installer", b"malware!!"))  # same length
    refused(caplog, checker(repository, server, tmp_path).check(), "file does not match its signed length and hashes")
    assert cached_installers(tmp_path) == []


def test_tampered_metadata_is_refused(repository, server, tmp_path, caplog):
    repository.publish("0.2.0")
    version = repository.repo.snapshot().signed.meta["targets.json"].version
    path = repository.repo.metadata / f"{version}.targets.json"
    data = json.loads(path.read_text())
    evil = repository.installer("0.2.0", b"evil" * 100)
    info = data["signed"]["targets"]["releases/0.2.0/pos-member-kemang-cashier-0.2.0.exe"]
    info["length"] = evil.stat().st_size
    info["hashes"]["sha256"] = release.sha256(evil)
    path.write_text(json.dumps(data))  # the signature no longer matches
    shutil.copyfile(evil, repository.target_file("0.2.0").with_name(f"{info['hashes']['sha256']}.{evil.name}"))
    refused(caplog, checker(repository, server, tmp_path).check(), "metadata not signed by the trusted keys")


def test_metadata_signed_by_another_key_is_refused(repository, server, tmp_path, caplog):
    """An attacker with the repository's server but not the offline keys: a new repository."""
    repository.publish("0.2.0")
    impostor = Repository(tmp_path / "impostor")
    impostor.publish("6.6.6")
    shutil.rmtree(repository.repo.metadata)
    shutil.copytree(impostor.repo.metadata, repository.repo.metadata)
    shutil.copytree(impostor.repo.targets_dir, repository.repo.targets_dir, dirs_exist_ok=True)
    refused(caplog, checker(repository, server, tmp_path).check(), "metadata not signed by the trusted keys")


def test_expired_metadata_is_refused(repository, server, tmp_path, caplog):
    repository.publish("0.2.0", expires=dt.datetime.now(dt.UTC) - dt.timedelta(days=1))
    refused(caplog, checker(repository, server, tmp_path).check(), "expired metadata")


def test_freeze_attack_is_refused(repository, server, tmp_path, caplog):
    """A mirror that stopped at an old state keeps serving it: the timestamp (re-signed daily,
    valid 7 days) runs out, and the counter says so instead of trusting it for ever."""
    repository.publish("0.2.0")
    repository.repo.sign_timestamp(expires=dt.datetime.now(dt.UTC) - dt.timedelta(hours=1))
    refused(caplog, checker(repository, server, tmp_path).check(), "expired metadata (a frozen or stale repository)")


def test_rollback_to_older_metadata_is_refused(repository, server, tmp_path, caplog):
    repository.publish("0.1.5")
    old = tmp_path / "old-metadata"
    shutil.copytree(repository.repo.metadata, old)
    repository.publish("0.2.0")
    assert checker(repository, server, tmp_path, current_version="0.2.0").check().outcome is Outcome.CURRENT
    shutil.rmtree(repository.repo.metadata)
    shutil.copytree(old, repository.repo.metadata)  # the attacker replays what was signed before
    result = checker(repository, server, tmp_path, current_version="0.2.0").check()
    assert result.outcome is Outcome.REFUSED and "metadata older than already seen (rollback)" in result.reason
    assert any("update refused: metadata older than already seen" in r.getMessage()
               and "keeping version 0.2.0" in r.getMessage() for r in caplog.records)
    assert cached_installers(tmp_path) == []


def endless(handler):
    """An answer with no end (bounded here so the test cannot run away)."""
    handler.send_response(200)
    handler.end_headers()
    chunk = b"{" * 65536
    try:
        for _ in range(2000):  # 128 MB at most
            handler.wfile.write(chunk)
    except OSError:
        pass


@pytest.mark.parametrize("path", ["/metadata/timestamp.json", "target"])
def test_endless_answer_is_refused(repository, server, tmp_path, caplog, path):
    repository.publish("0.2.0")
    if path == "target":
        target = repository.target_file("0.2.0")
        path = "/" + str(target.relative_to(repository.repo.path))
    server.answers[path] = endless
    refused(caplog, checker(repository, server, tmp_path).check(), "answer longer than the signed metadata allows")
    assert cached_installers(tmp_path) == []


def test_slow_drip_is_given_up(repository, server, tmp_path, caplog):
    repository.publish("0.2.0")

    def drip(handler):
        handler.send_response(200)
        handler.end_headers()
        while not server.release.wait(0.05):
            try:
                handler.wfile.write(b" ")
                handler.wfile.flush()
            except OSError:
                return

    server.answers["/metadata/timestamp.json"] = drip
    refused(caplog, checker(repository, server, tmp_path, deadline=0.5).check(), "answer slower than allowed")


# ------------------------------------------------------------------------- no network, dead repo

def test_no_network_is_unreachable_not_refused(repository, tmp_path, caplog):
    from tests.conftest import free_port

    caplog.set_level(logging.INFO)
    result = UpdateChecker(f"http://127.0.0.1:{free_port()}", "stable", KEY, PLACE, CURRENT, tmp_path / "cache",
                           repository.root_file.read_bytes(), timeout=5).check()
    assert result.outcome is Outcome.UNREACHABLE
    assert any("repository not reachable" in r.getMessage() for r in caplog.records)


def test_a_hanging_repository_never_holds_the_event_loop(repository, server, tmp_path):
    """The check runs on its own thread: while the repository holds the answer, the loop goes
    on serving other work, and stopping the app ends the check without waiting for it."""
    repository.publish("0.2.0")
    held = threading.Event()

    def hang(handler):
        held.set()
        server.release.wait(30)

    server.answers["/metadata/timestamp.json"] = hang
    check = checker(repository, server, tmp_path, timeout=30)
    service = UpdateService(check, status_dir=tmp_path / "status", first_after_s=0)

    async def go():
        service.start()
        ticks = 0
        while not held.is_set():  # the loop runs while the check waits on the repository
            await asyncio.sleep(0.01)
            ticks += 1
        for _ in range(20):
            await asyncio.sleep(0)
            ticks += 1
        assert service.status.last_check is None  # the check is still in flight
        await service.stop()
        return ticks

    assert asyncio.run(go()) >= 20
    assert service.checker.cancelled.is_set()


def test_service_hands_a_verified_update_to_the_apply_step(repository, server, tmp_path):
    repository.publish("0.2.0")
    handed = []
    service = UpdateService(checker(repository, server, tmp_path), status_dir=tmp_path / "status",
                            on_ready=handed.append, first_after_s=0)

    async def go():
        service.start()
        while not handed:
            await asyncio.sleep(0.02)
        await service.stop()

    asyncio.run(go())
    assert handed[0].release.version == "0.2.0" and handed[0].installer.is_file()
    saved = json.loads((tmp_path / "status" / "status.json").read_text())
    assert saved["version"] == CURRENT and saved["channel"] == "stable" and saved["pending"] == "0.2.0"
    assert saved["last_check"] and saved["outcome"] == "ready" and saved["place"] == PLACE


# ------------------------------------------------------------------- apply (the SYSTEM task side)

def test_apply_runs_the_verified_installer_silently(repository, server, tmp_path):
    from pos_member.update.apply import apply_update

    repository.publish("0.2.0")
    user = checker(repository, server, tmp_path / "user").check()  # the cashier's app downloaded it
    assert user.outcome is Outcome.READY
    server.requests.clear()
    ran = []
    applied = apply_update(checker(repository, server, tmp_path / "machine"),
                           candidates=[tmp_path / "user" / "cache" / "targets"],
                           install=lambda path: ran.append(path.read_bytes()) or 0)
    assert applied.outcome == "installed" and applied.version == "0.2.0" and applied.exit_code == 0
    assert ran == [repository.installer("0.2.0").read_bytes()]
    assert not any(p.startswith("/targets/releases/") for p in server.requests)  # the user's copy, checked
    recorded = json.loads((tmp_path / "machine" / "cache" / "last-apply.json").read_text())
    assert recorded["outcome"] == "installed" and recorded["version"] == "0.2.0"


def test_apply_never_runs_a_users_swapped_file(repository, server, tmp_path, caplog):
    from pos_member.update.apply import apply_update

    repository.publish("0.2.0")
    assert checker(repository, server, tmp_path / "user").check().outcome is Outcome.READY
    (swapped,) = (tmp_path / "user" / "cache" / "targets").glob("releases*")
    swapped.write_bytes(b"MZ evil")  # a standard user replaces the download before the task runs
    ran = []
    applied = apply_update(checker(repository, server, tmp_path / "machine"),
                           candidates=[tmp_path / "user" / "cache" / "targets"],
                           install=lambda path: ran.append(path.read_bytes()) or 0)
    assert applied.outcome == "installed"
    assert ran == [repository.installer("0.2.0").read_bytes()]  # downloaded again and verified
    assert any(p.startswith("/targets/releases/") for p in server.requests)


def test_apply_refuses_and_keeps_the_version_on_a_tampered_installer(repository, server, tmp_path, caplog):
    from pos_member.update.apply import apply_update

    repository.publish("0.2.0")
    target = repository.target_file("0.2.0")
    target.write_bytes(b"X" * target.stat().st_size)
    ran = []
    applied = apply_update(checker(repository, server, tmp_path / "machine"), install=ran.append)
    assert applied.outcome == "refused" and ran == []
    refused(caplog, checker(repository, server, tmp_path / "again").check(), "file does not match")


def test_apply_in_use_is_tried_again_later(repository, server, tmp_path):
    from pos_member.update.apply import IN_USE, apply_update

    repository.publish("0.2.0")
    applied = apply_update(checker(repository, server, tmp_path / "machine"), install=lambda path: IN_USE)
    assert applied.outcome == "in_use" and applied.exit_code == IN_USE
    assert apply_update(checker(repository, server, tmp_path / "machine"), install=lambda path: 0).outcome == "installed"


def test_install_is_requested_between_customers_once_per_version(monkeypatch):
    from pos_member.update import apply
    from pos_member.update.status import UpdateStatus

    asked = []
    done = threading.Event()
    monkeypatch.setattr(apply, "request_install", lambda wait=False: asked.append(wait) or done.set() or True)
    from pos_member import runtime

    class Fake:
        status = UpdateStatus(CURRENT, "stable", enabled=True, pending="0.2.0")

    backend = runtime.Backend.__new__(runtime.Backend)
    backend.updates = Fake()
    backend._install_requested = None  # noqa: SLF001 (a bare Backend built without __init__)
    assert backend.between_customers() is True
    assert backend.between_customers(closing=True) is False  # asked once for 0.2.0
    assert asked == [False]
    Fake.status = UpdateStatus(CURRENT, "stable", enabled=True)
    assert backend.between_customers() is False


def test_request_install_runs_the_task_off_the_caller():
    from pos_member.update.apply import TASK_NAME, request_install

    ran = []
    done = threading.Event()

    def run(command):
        ran.append((command, threading.current_thread().name))
        done.set()
        return 0

    assert request_install(run) is True
    assert done.wait(10)
    assert ran[0][0] == ["schtasks", "/Run", "/TN", TASK_NAME] and ran[0][1] == "update-request"


def test_status_bar_shows_version_channel_last_check_and_pending(make_window, monkeypatch):
    from pos_member import __version__
    from pos_member.update import apply
    from pos_member.update.status import UpdateStatus

    window = make_window()
    assert window.update_label.text() == f"Version {__version__}"
    assert "no update repository" in window.update_label.toolTip()
    asked = []
    monkeypatch.setattr(apply, "request_install", lambda wait=False: asked.append(1) or True)

    class Updates:  # what the window reads of UpdateService: its status, and on_status it sets
        status = UpdateStatus(__version__, "pilot", enabled=True)
        on_status = None

    updates = Updates()
    window = make_window(updates=updates)
    assert window.update_label.text() == f"Version {__version__} · pilot"
    ready = UpdateStatus(__version__, "pilot", enabled=True, last_check="2026-01-02T03:04:05+00:00",
                         outcome="ready", available="9.9.9", pending="9.9.9")
    updates.status = ready  # as UpdateService.step does after a check: the status, then on_status
    updates.on_status(ready)
    assert window.update_label.text() == f"Version {__version__} · pilot · update 9.9.9 ready: installs between customers"
    assert window.update_label.toolTip().startswith("Last update check: 2026-01-0")
    assert asked == []  # nothing is installed while a customer may be on screen
    window.next_customer()
    assert asked == [1]


def test_report_lines_for_it():
    from pos_member.update.status import UpdateStatus, report_lines

    status = UpdateStatus("0.1.0", "stable", enabled=True).checked("waiting", available="0.2.0", share=10)
    lines = report_lines(status)
    assert lines[:3] == ["version: 0.1.0", "update channel: stable", "updates: on"]
    assert lines[-1].startswith("available update: 0.2.0 (share 10 %")
    refused = status.checked("refused", reason="expired metadata")
    assert refused.available == "0.2.0" and "last update problem: expired metadata" in report_lines(refused)
    assert report_lines(None) == ["updates: never checked"]


def test_the_backend_runs_the_update_check_from_the_store_profile(repository, server, tmp_path, monkeypatch,
                                                                   training, loopback):
    from pos_member import __version__, runtime
    from pos_member.config import Settings

    repository.publish("9.9.9")
    monkeypatch.setenv("POS_MEMBER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr("pos_member.update.trusted_root", lambda: repository.root_file.read_bytes())
    settings = Settings(api_base_url=loopback, merchant=training.merchant_id, store=STORE, token=training.token,
                        update_url=server.url, update_channel="stable")

    async def go():
        async with runtime.open_backend(settings) as backend:
            assert backend.updates is not None
            await backend.updates.check_now()  # not 90 s after start-up
            while backend.update_status.outcome is None:
                await asyncio.sleep(0.02)
            return backend.update_status

    status = asyncio.run(go())
    assert status.version == __version__ and status.channel == "stable" and status.enabled
    assert status.outcome == "ready" and status.pending == "9.9.9"  # merchant 14, store 412, cashier
    assert json.loads((tmp_path / "data" / "update" / "status.json").read_text())["last_check"] == status.last_check


def test_no_update_url_or_no_root_means_no_update_check(tmp_path):
    from pos_member.config import Settings
    from pos_member.update import checker_for

    assert checker_for(Settings(), tmp_path, "0.1.0", root=b"{}") is None  # training
    connected = dict(api_base_url="https://stamps.co.id", merchant=14)
    assert checker_for(Settings(**connected), tmp_path, "0.1.0", root=b"{}") is None  # no update_url
    on = Settings(**connected, store=412, update_url="https://updates.example.com/pos", update_channel="pilot")
    made = checker_for(on, tmp_path, "0.1.0", root=b"{}")
    assert made is not None and made.channel == "pilot" and made.store_key == KEY and made.place == PLACE
    from pos_member.config import SettingsError, load_settings_dict

    with pytest.raises(SettingsError) as bad:
        load_settings_dict({**connected, "update_url": "http://updates.example.com"})
    assert "update_url" in str(bad.value)
    with pytest.raises(SettingsError, match="update_channel"):
        load_settings_dict({**connected, "update_channel": "Stable Ring!"})


def test_update_status_command_for_it(tmp_path, monkeypatch, capsys):
    from pos_member.update.__main__ import main
    from pos_member.update.status import UpdateStatus, save

    monkeypatch.setenv("POS_MEMBER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("POS_MEMBER_CONFIG_DIR", str(tmp_path / "config"))
    save(UpdateStatus("0.1.0", "pilot", enabled=True).checked("ready", available="0.2.0", pending_file="x"),
         tmp_path / "data" / "update")
    assert main(["status"]) == 0
    out = capsys.readouterr().out
    assert "update channel: pilot" in out and "pending update: 0.2.0" in out and "update task, last run: none recorded" in out


def test_the_update_task_runs_as_system_and_users_may_only_start_it(tmp_path):
    import xml.etree.ElementTree as ET

    from pos_member.update.apply import TASK_NAME, register_task, task_xml

    exe = r"C:\Program Files\pos-member & co\pos-member.exe"
    ns = {"t": "http://schemas.microsoft.com/windows/2004/02/mit/task"}
    root = ET.fromstring(task_xml(exe).split("\n", 1)[1])
    assert root.findtext("t:Principals/t:Principal/t:UserId", namespaces=ns) == "S-1-5-18"
    assert root.findtext("t:Actions/t:Exec/t:Command", namespaces=ns) == exe
    assert root.findtext("t:Actions/t:Exec/t:Arguments", namespaces=ns) == "--apply-update"
    sddl = root.findtext("t:RegistrationInfo/t:SecurityDescriptor", namespaces=ns)
    assert "(A;;GRGX;;;AU)" in sddl and "(A;;FA;;;AU)" not in sddl  # users read and run, never change
    assert root.find("t:Triggers/t:CalendarTrigger", ns) is not None  # at night, not during service
    assert root.find("t:Triggers/t:BootTrigger", ns) is None
    assert root.findtext("t:Settings/t:StartWhenAvailable", namespaces=ns) == "false"
    seen = []

    def run(command):
        path = Path(command[command.index("/XML") + 1])
        seen.append((command, path.read_bytes()[:2], path.read_text(encoding="utf-16")))
        return 0

    assert register_task(exe, run) == 0
    command, bom, text = seen[0]
    assert command[:4] == ["schtasks", "/Create", "/TN", TASK_NAME] and command[-1] == "/F"
    assert bom in (b"\xff\xfe", b"\xfe\xff") and "--apply-update" in text


def test_the_task_starts_the_installer_detached_and_does_not_wait(tmp_path):
    """The task is itself a pos-member.exe, which the installer waits for: it must not wait back."""
    import os
    import time

    from pos_member.update.apply import run_installer

    marker = tmp_path / "ran.txt"
    gate = tmp_path / "gate"
    installer = tmp_path / "setup.sh"
    # The installer finishes only once the test opens the gate, after run_installer returned (or,
    # for a run_installer that waits, after 10 s: the marker is then there and the test fails) — no
    # race on a sleep, whatever the machine's load. The marker appears whole (written, then moved).
    installer.write_text(f"#!/bin/sh\nn=0\nwhile [ ! -e {gate} ] && [ $n -lt 500 ]; do sleep 0.02; n=$((n+1)); done\n"
                         f"echo \"$@\" > {marker}.tmp && mv {marker}.tmp {marker}\n")
    os.chmod(installer, 0o755)
    assert run_installer(installer) is None
    assert not marker.exists()
    gate.touch()
    deadline = time.monotonic() + 20
    while not marker.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert marker.read_text().split() == ["/S"]


def test_the_last_check_is_shown_again_after_a_restart_until_the_version_changes(tmp_path):
    from pos_member.update.status import UpdateStatus, load, resumed, save

    installer = tmp_path / "installer.exe"
    installer.write_bytes(b"x")
    before = UpdateStatus("0.1.0", "stable", enabled=True).checked("ready", available="0.2.0",
                                                                   pending_file=str(installer), share=100)
    save(before, tmp_path)
    fresh = UpdateStatus("0.1.0", "stable", enabled=True)
    again = resumed(fresh, load(tmp_path))
    assert again.last_check == before.last_check and again.pending == "0.2.0" and again.share == 100
    installer.unlink()
    assert resumed(fresh, load(tmp_path)).pending is None  # the file went: nothing pending
    assert resumed(UpdateStatus("0.2.0", "stable", enabled=True), load(tmp_path)).last_check is None
    assert resumed(UpdateStatus("0.1.0", "pilot", enabled=True), load(tmp_path)).last_check is None
    (tmp_path / "status.json").write_text("[not a status")
    assert resumed(fresh, load(tmp_path)) == fresh


def test_check_install_and_the_support_file_tell_it_about_updates(tmp_path, monkeypatch):
    import zipfile

    from pos_member.checkinstall import check
    from pos_member.support import build
    from pos_member.update.status import UpdateStatus, save

    monkeypatch.setenv("POS_MEMBER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("POS_MEMBER_CONFIG_DIR", str(tmp_path / "config"))
    pending = tmp_path / "data" / "update" / "targets" / "releases%2F0.2.0%2Fsetup.exe"
    save(UpdateStatus(CURRENT, "pilot", enabled=True).checked("ready", available="0.2.0", pending_file=str(pending)),
         tmp_path / "data" / "update")
    lines: list[str] = []
    check(lines.append)
    text = "\n".join(lines)
    assert "note  update channel: pilot" in text and "note  pending update: 0.2.0" in text
    assert "note  last update check: 20" in text and "note  installed version:" in text
    with zipfile.ZipFile(build(tmp_path / "support.zip", log_dir=None)) as zf:
        updates = zf.read("updates.txt").decode()
    assert "update channel: pilot" in updates and "pending update: 0.2.0" in updates
    assert "update task, last run: none recorded" in updates


# The parts of the Task Scheduler 1.2 schema (task.xsd, "Task Scheduler Schema" on Microsoft Learn)
# that the update task uses: per element, its children in schema order ("seq": that order, "all":
# any order) and which are required; leaf values by type. Wine's schtasks parses the XML but drops
# what it does not know (triggers, the principal, the action), so `./dev installer-test` can only
# show that it is well formed; this checks the shape Windows' schtasks validates.
_DURATION = r"P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?"
_TASK_SCHEMA: dict[str, tuple[str, list[str], set[str]]] = {
    "Task": ("all", ["RegistrationInfo", "Triggers", "Settings", "Data", "Principals", "Actions"], {"Actions"}),
    "RegistrationInfo": ("all", ["URI", "SecurityDescriptor", "Source", "Date", "Author", "Version", "Description",
                                 "Documentation"], set()),
    "Triggers": ("all", ["BootTrigger", "RegistrationTrigger", "IdleTrigger", "TimeTrigger", "EventTrigger",
                         "LogonTrigger", "SessionStateChangeTrigger", "CalendarTrigger"], set()),
    "CalendarTrigger": ("seq", ["Enabled", "StartBoundary", "EndBoundary", "Repetition", "ExecutionTimeLimit",
                                "RandomDelay", "ScheduleByDay|ScheduleByWeek|ScheduleByMonth|ScheduleByMonthDayOfWeek"],
                        {"StartBoundary", "ScheduleByDay|ScheduleByWeek|ScheduleByMonth|ScheduleByMonthDayOfWeek"}),
    "ScheduleByDay": ("seq", ["DaysInterval"], set()),
    "Principals": ("all", ["Principal"], {"Principal"}),
    "Principal": ("seq", ["UserId", "LogonType", "GroupId", "DisplayName", "RunLevel", "ProcessTokenSidType",
                          "RequiredPrivileges"], set()),
    "Settings": ("all", ["AllowStartOnDemand", "RestartOnFailure", "MultipleInstancesPolicy",
                         "DisallowStartIfOnBatteries", "StopIfGoingOnBatteries", "AllowHardTerminate",
                         "StartWhenAvailable", "NetworkProfileName", "RunOnlyIfNetworkAvailable", "WakeToRun", "Enabled",
                         "Hidden", "DeleteExpiredTaskAfter", "IdleSettings", "NetworkSettings", "ExecutionTimeLimit",
                         "Priority", "RunOnlyIfIdle", "UseUnifiedSchedulingEngine", "DisallowStartOnRemoteAppSession",
                         "MaintenanceSettings", "Volatile"], set()),
    "Actions": ("all", ["Exec", "ComHandler", "SendEmail", "ShowMessage"], set()),
    "Exec": ("seq", ["Command", "Arguments", "WorkingDirectory"], {"Command"}),
}
_BOOLEANS = {"Enabled", "AllowStartOnDemand", "DisallowStartIfOnBatteries", "StopIfGoingOnBatteries",
             "AllowHardTerminate", "StartWhenAvailable", "RunOnlyIfNetworkAvailable", "WakeToRun", "Hidden",
             "RunOnlyIfIdle", "UseUnifiedSchedulingEngine", "DisallowStartOnRemoteAppSession", "Volatile"}
_VALUES = {"RunLevel": r"LeastPrivilege|HighestAvailable", "MultipleInstancesPolicy": r"Parallel|Queue|IgnoreNew|StopExisting",
           "LogonType": r"S4U|Password|InteractiveToken|InteractiveTokenOrPassword|ServiceAccount|None|Group",
           "RandomDelay": _DURATION, "ExecutionTimeLimit": _DURATION, "DeleteExpiredTaskAfter": _DURATION,
           "StartBoundary": r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?", "DaysInterval": r"[1-9]\d{0,2}",
           "Priority": r"[0-9]|10", "UserId": r"S-1-\d+(-\d+)*|[^\s].*", "Command": r"\S.*"}


def _task_schema_problems(xml: str) -> list[str]:
    import re
    import xml.etree.ElementTree as ET

    ns = "{http://schemas.microsoft.com/windows/2004/02/mit/task}"
    problems: list[str] = []
    root = ET.fromstring(xml.split("\n", 1)[1] if xml.startswith("<?xml") else xml)
    if root.tag != f"{ns}Task" or root.get("version") not in {"1.2", "1.3", "1.4"}:
        problems.append(f"root {root.tag} version {root.get('version')}")

    def walk(element: ET.Element) -> None:
        name = element.tag.removeprefix(ns)
        children = [c.tag.removeprefix(ns) for c in element]
        if name in _TASK_SCHEMA:
            kind, allowed, required = _TASK_SCHEMA[name]
            slots = [next((i for i, a in enumerate(allowed) if child in a.split("|")), None) for child in children]
            problems.extend(f"{name}: {c} is not allowed here" for c, s in zip(children, slots, strict=True) if s is None)
            known = [s for s in slots if s is not None]
            if kind == "seq" and known != sorted(known):
                problems.append(f"{name}: children out of schema order: {children}")
            if len(set(known)) != len(known) and name not in ("Triggers", "Actions"):
                problems.append(f"{name}: an element repeated: {children}")
            problems.extend(f"{name}: {r} missing" for r in required if not set(r.split("|")) & set(children))
        elif children:
            problems.append(f"{name}: unexpected children {children}")
        else:
            text = (element.text or "").strip()
            pattern = r"true|false" if name in _BOOLEANS else _VALUES.get(name)
            if pattern and not re.fullmatch(pattern, text):
                problems.append(f"{name}: {text!r} is not a valid value")
        for child in element:
            walk(child)

    walk(root)
    principal_ids = {p.get("id") for p in root.iter(f"{ns}Principal")}
    context = root.find(f"{ns}Actions").get("Context") if root.find(f"{ns}Actions") is not None else None
    if context is not None and context not in principal_ids:
        problems.append(f"Actions Context={context!r} names no Principal id {principal_ids}")
    return problems


def test_the_task_xml_has_the_shape_of_the_task_scheduler_schema():
    from pos_member.update.apply import task_xml

    xml = task_xml(r"C:\Program Files\pos-member\pos-member.exe")
    assert xml.startswith('<?xml version="1.0" encoding="UTF-16"?>')
    assert _task_schema_problems(xml) == []
    # the check itself finds what Windows' schtasks would refuse
    assert _task_schema_problems(xml.replace("<RandomDelay>PT1H</RandomDelay>", "<RandomDelay>1h</RandomDelay>"))
    assert _task_schema_problems(xml.replace("<Hidden>false</Hidden>", "<Hidden>no</Hidden>"))
    assert _task_schema_problems(xml.replace('Context="System"', 'Context="Users"'))
    assert _task_schema_problems(xml.replace("<UserId>S-1-5-18</UserId><RunLevel>HighestAvailable</RunLevel>",
                                             "<RunLevel>HighestAvailable</RunLevel><UserId>S-1-5-18</UserId>"))
    assert _task_schema_problems(xml.replace("<DaysInterval>", "<DayInterval>").replace("</DaysInterval>",
                                                                                        "</DayInterval>"))


def test_release_init_never_replaces_a_trusted_root_that_builds_ship(tmp_path):
    """A second ``init`` (a trial, a developer's experiment) must not hand the fleet to new keys."""
    shipped = tmp_path / "pos_member" / "update" / "root.json"
    shipped.parent.mkdir(parents=True)
    shipped.write_bytes(b'{"the": "production root"}')
    with pytest.raises(SystemExit, match="already holds a trusted root"):
        release.init(release.Repo(tmp_path / "trial", tmp_path / "trial-keys"), trusted_root=shipped)
    assert shipped.read_bytes() == b'{"the": "production root"}'
    assert not (tmp_path / "trial-keys").exists()  # refused before any key was made
    release.init(release.Repo(tmp_path / "trial", tmp_path / "trial-keys"), trusted_root=tmp_path / "trial-root.json")
    assert (tmp_path / "trial-root.json").exists()



def test_the_self_test_verifies_a_signed_update_inside_the_bundle(monkeypatch):
    """--self-test runs it in the frozen build: the TUF client, its signers and ed25519 are there."""
    from tuf.api.metadata import TargetFile

    from pos_member.update import selfcheck

    line = selfcheck.check()
    assert line.startswith("update signatures verify") and "trusted root missing" in line
    monkeypatch.setattr(TargetFile, "verify_length_and_hashes", lambda self, data: None)
    with pytest.raises(RuntimeError, match="was accepted"):
        selfcheck.check()
