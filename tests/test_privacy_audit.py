"""The soak's short form at DEBUG: no token, one-time code, email or phone number in any log
record or crash report."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_logs_hold_no_secrets_or_personal_data(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    run = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "soak.py"), "--scale", "0.12", "--check",
                          "--members", "500", "--log-dir", str(tmp_path)],
                         capture_output=True, text=True, timeout=240, env=env)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    secrets = json.loads((tmp_path / "audit-secrets.json").read_text())
    assert secrets["emails"] and secrets["phones"] and len(secrets["tokens"]) == 2  # static token and a JWT
    log = "\n".join(p.read_text(errors="replace") for p in tmp_path.glob("*.log*"))
    assert "GET /api/" in log and "DEBUG" in log  # the log is really there, at DEBUG
    for value in secrets["tokens"] + secrets["emails"]:
        assert value not in log
    for phone in secrets["phones"]:
        national = phone[3:]
        assert phone not in log and national not in log and "0" + national not in log
    # one-time codes are bare digits: look for them outside timestamps and durations only
    messages = "\n".join(re.sub(r"\d+(\.\d+)? m?s\b", "", line.split(": ", 1)[-1]) for line in log.splitlines())
    for code in secrets["codes"]:
        assert not re.search(rf"(?<!\d){code}(?!\d)", messages), f"code {code} in the log"
    assert re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", log) is None  # no email address at all
