"""One copy per session and data folder: a second start brings the running window to the front
and exits; the channel answers requests and refuses what it does not know."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pos_member.instance import Instance, send, server_name


def app_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("POS_MEMBER_")}
    env.update(QT_QPA_PLATFORM="offscreen", POS_MEMBER_DATA_DIR=str(tmp_path), POS_MEMBER_CONFIG_DIR=str(tmp_path / "cfg"))
    return env


def start_app(tmp_path: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "pos_member", "--training", "--no-sign-in", "--members", "200",
                             *extra], env=app_env(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def log_text(tmp_path: Path) -> str:
    path = tmp_path / "logs" / "pos-member.log"
    return path.read_text() if path.exists() else ""


def wait_for(predicate, what: str, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.1)


def test_a_second_start_brings_the_first_forward_and_exits(tmp_path):
    first = start_app(tmp_path, "--quit-after", "120")
    try:
        wait_for(lambda: "this copy owns the data folder" in log_text(tmp_path) and "training mode" in log_text(tmp_path),
                 "the first copy")
        second = subprocess.run([sys.executable, "-m", "pos_member", "--training", "--no-sign-in"],
                                env=app_env(tmp_path), capture_output=True, text=True, timeout=60)
        assert second.returncode == 0, second.stderr
        wait_for(lambda: "bringing this copy's window to the front" in log_text(tmp_path), "the first copy to hear it")
        assert "brought it to the front; this start ends" in log_text(tmp_path)
        assert first.poll() is None, "the first copy must keep running"
    finally:
        first.send_signal(signal.SIGTERM)
        first.communicate(timeout=30)


@pytest.mark.posix_only("signal.SIGKILL (Windows has no such signal)")
def test_a_killed_copy_does_not_block_the_next_start(tmp_path):
    """SIGKILL leaves the lock file behind: its process is gone, so the next start takes over."""
    first = start_app(tmp_path, "--quit-after", "120")
    wait_for(lambda: "this copy owns the data folder" in log_text(tmp_path), "the first copy")
    first.send_signal(signal.SIGKILL)
    first.communicate(timeout=30)
    assert (tmp_path / "pos-member.lock").exists()
    again = subprocess.run([sys.executable, "-m", "pos_member", "--training", "--no-sign-in", "--members", "200",
                            "--quit-after", "1"], env=app_env(tmp_path), capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    assert log_text(tmp_path).count("this copy owns the data folder") == 2


CLIENT = """
import json, sys
from pathlib import Path
from pos_member.instance import send
print(json.dumps(send(Path(sys.argv[1]), sys.argv[2], note="hello")))
"""


def ask(tmp_path: Path, request: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", CLIENT, str(tmp_path), request], stdout=subprocess.PIPE, text=True)


def test_the_channel_answers_known_requests_and_refuses_others(tmp_path, qtbot):
    instance = Instance(tmp_path)
    assert instance.acquire()
    assert instance.listen()
    heard = []
    instance.on("close", lambda message: heard.append(message) or {"closing": True})
    try:
        asker = ask(tmp_path, "close")
        qtbot.waitUntil(lambda: asker.poll() is not None, timeout=30_000)
        assert json.loads(asker.communicate()[0]) == {"ok": True, "closing": True}
        assert heard == [{"request": "close", "note": "hello"}]
        asker = ask(tmp_path, "format-the-disk")
        qtbot.waitUntil(lambda: asker.poll() is not None, timeout=30_000)
        assert json.loads(asker.communicate()[0]) == {"ok": False, "error": "unknown request"}
        second = Instance(tmp_path)
        assert not second.acquire()  # the lock is held: a second copy on this folder is refused
    finally:
        instance.release()
    assert send(tmp_path, "close", timeout_ms=500) is None  # nobody listens any more
    assert Instance(tmp_path).acquire()


def test_the_channel_is_per_data_folder(tmp_path):
    assert server_name(tmp_path / "a") != server_name(tmp_path / "b")
    assert server_name(tmp_path / "a") == server_name(tmp_path / "a" / ".." / "a")
    assert len(server_name(tmp_path)) < 40  # POSIX socket paths are short


@pytest.mark.posix_only("file modes")
def test_an_unwritable_data_folder_is_said_not_taken_for_another_copy(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("running as a user who can write anywhere")
        with pytest.raises(PermissionError):
            Instance(folder).acquire()
    finally:
        folder.chmod(0o700)
