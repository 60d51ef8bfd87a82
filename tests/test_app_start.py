"""The app starts in training mode on a fresh machine and closes cleanly."""

from __future__ import annotations

import os
import subprocess
import sys


def test_app_starts_and_closes_cleanly(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("POS_MEMBER_")}
    env.update(QT_QPA_PLATFORM="offscreen", POS_MEMBER_DATA_DIR=str(tmp_path), POS_MEMBER_CONFIG_DIR=str(tmp_path / "cfg"))
    result = subprocess.run([sys.executable, "-m", "pos_member", "--training", "--no-sign-in", "--members", "200",
                             "--quit-after", "1.5"],
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert (tmp_path / "training.sqlite3").is_file()
    log = (tmp_path / "logs" / "pos-member.log").read_text()
    assert "training mode" in log


def test_bad_settings_exit_with_message(tmp_path):
    """A dialog says it (tests/test_start_failures.py); stderr, where there is one, has it too."""
    bad = tmp_path / "store.toml"
    bad.write_text('mode = "tablet"\n')
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", POS_MEMBER_DATA_DIR=str(tmp_path))
    result = subprocess.run([sys.executable, "-m", "pos_member", "--settings", str(bad), "--quit-after", "0.5"],
                            env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "mode" in result.stderr and "cashier" in result.stderr


def test_a_damaged_outbox_at_start_is_kept_aside(tmp_path):
    """The app starts anyway, with a fresh outbox; the old file stays, byte for byte."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("POS_MEMBER_")}
    env.update(QT_QPA_PLATFORM="offscreen", POS_MEMBER_DATA_DIR=str(tmp_path), POS_MEMBER_CONFIG_DIR=str(tmp_path / "cfg"))
    damaged = b"half a file copied by a failing disk" * 200
    (tmp_path / "training-outbox.sqlite3").write_bytes(damaged)
    result = subprocess.run([sys.executable, "-m", "pos_member", "--training", "--no-sign-in", "--members", "200",
                             "--quit-after", "1.5"],
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    kept = list(tmp_path.glob("training-outbox-unreadable-*.sqlite3"))
    assert len(kept) == 1 and kept[0].read_bytes() == damaged
    log = (tmp_path / "logs" / "pos-member.log").read_text()
    assert "keeping it aside" in log and kept[0].name in log
