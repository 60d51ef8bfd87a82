"""Every start-up failure is on the screen and in the log, as in the windowed build: these runs
have no stdout and no stderr at all (closed before Python starts), so nothing can go there."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest


def closed_stdio() -> None:  # runs in the child before Python starts: like a windowed exe
    os.close(1)
    os.close(2)


def run_app(tmp_path: Path, *args: str, env_extra: dict[str, str] | None = None, timeout: float = 120,
            wait: bool = True):
    env = {k: v for k, v in os.environ.items() if not k.startswith("POS_MEMBER_")}
    env.update(QT_QPA_PLATFORM="offscreen", POS_MEMBER_DATA_DIR=str(tmp_path / "data"),
               POS_MEMBER_CONFIG_DIR=str(tmp_path / "config"), TMPDIR=str(tmp_path / "tmp"),
               PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
    env.update(env_extra or {})
    (tmp_path / "tmp").mkdir(exist_ok=True)
    command = [sys.executable, "-m", "pos_member", *args]
    child = subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL, preexec_fn=closed_stdio)
    if wait:
        child.wait(timeout=timeout)
    return child


def log_of(tmp_path: Path) -> str:
    paths = [tmp_path / "data" / "logs" / "pos-member.log", tmp_path / "tmp" / "pos-member-logs" / "pos-member.log"]
    return "\n".join(p.read_text() for p in paths if p.exists())


def profile(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "config"
    folder.mkdir(exist_ok=True)
    (folder / "store.toml").write_text(text)
    return folder / "store.toml"


def test_a_bad_setting_is_shown_in_the_stores_language(tmp_path):
    profile(tmp_path, 'language = "id"\nmode = "tablet"\n')
    child = run_app(tmp_path, "--quit-after", "1")
    assert child.returncode == 2
    log = log_of(tmp_path)
    assert "ERROR pos_member: start-up: the store settings are not valid: mode: expected one of" in log
    assert "on screen: Pengaturan toko di kasir ini tidak valid" in log


def test_no_token_is_shown_and_offers_the_connect_dialog(tmp_path):
    profile(tmp_path, 'api_base_url = "https://stamps.example"\nmerchant = 14\n')
    child = run_app(tmp_path, "--quit-after", "1")
    assert child.returncode == 4
    log = log_of(tmp_path)
    assert "ERROR pos_member: start-up: no API token" in log and "on screen: This counter is not connected" in log


def test_an_unwritable_data_folder_is_named(tmp_path):
    (tmp_path / "not-a-folder").write_text("a file where the data folder's parent should be")
    child = run_app(tmp_path, "--training", "--quit-after", "1",
                    env_extra={"POS_MEMBER_DATA_DIR": str(tmp_path / "not-a-folder" / "data")})
    assert child.returncode == 5
    log = log_of(tmp_path)  # written to this user's temporary folder instead
    assert "ERROR pos_member: start-up: cannot write" in log and "not-a-folder" in log
    assert "on screen: This counter cannot save its data" in log


def test_the_kiosk_shows_out_of_order_and_keeps_retrying(tmp_path):
    profile(tmp_path, 'mode = "kiosk"\nkiosk_idle_seconds = 5\n')
    child = run_app(tmp_path, "--quit-after", "3")
    assert child.returncode == 2
    log = log_of(tmp_path)
    assert "on screen: the out-of-order page (settings)" in log
    assert log.count("start-up: the store settings are not valid: kiosk_idle_seconds") >= 3  # tried again and again


def test_the_kiosk_starts_once_the_setting_is_fixed(tmp_path):
    path = profile(tmp_path, 'mode = "kiosk"\nkiosk_idle_seconds = 5\n')
    child = run_app(tmp_path, "--quit-after", "30", "--members", "200", wait=False)
    try:
        deadline = time.monotonic() + 60
        while "out-of-order page" not in log_of(tmp_path):
            assert time.monotonic() < deadline and child.poll() is None, log_of(tmp_path)
            time.sleep(0.1)
        path.write_text('mode = "kiosk"\nkiosk_idle_seconds = 60\n')  # IT fixes it remotely
        while "training mode" not in log_of(tmp_path):
            assert time.monotonic() < deadline and child.poll() is None, log_of(tmp_path)
            time.sleep(0.1)
    finally:
        child.kill()
        child.wait()


@pytest.mark.skipif(sys.platform == "win32", reason="the check uses fd-level closing")
def test_check_install_writes_its_report_without_a_console(tmp_path):
    profile(tmp_path, 'mode = "tablet"\n')
    report = tmp_path / "check.txt"
    child = run_app(tmp_path, "--check-install", "--report", str(report))
    assert child.returncode == 11
    text = report.read_text()
    assert "FAIL  setting mode" in text and "result: 11 (store profile not valid)" in text


def test_a_data_folder_where_the_lock_cannot_be_made(tmp_path):
    """The logs can be written but not the single-instance lock: said, not a crash."""
    (tmp_path / "data" / "pos-member.lock").mkdir(parents=True)  # in the way of the lock file
    child = run_app(tmp_path, "--training", "--quit-after", "1")
    assert child.returncode == 5
    log = log_of(tmp_path)
    assert "ERROR pos_member: start-up: cannot write" in log and "Traceback" not in log
