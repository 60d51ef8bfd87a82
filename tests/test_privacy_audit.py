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
    assert_clean(log, secrets)
    # The support file (Help -> Save a support file) is swept by the very same test.
    from pos_member.config import Settings
    from pos_member.support import build

    zipped = zip_text(build(tmp_path / "support.zip", log_dir=tmp_path, settings=Settings(),
                            outbox_counts={"delivered": {"-": 3}}))
    assert "GET /api/" in zipped  # the logs are in it
    assert_clean(zipped, secrets)


def zip_text(path: Path) -> str:
    import zipfile

    with zipfile.ZipFile(path) as zf:
        return "\n".join(zf.read(name).decode("utf-8", "replace") for name in zf.namelist())


def assert_clean(log: str, secrets: dict) -> None:
    """No token, email, phone or one-time code anywhere in ``log``."""
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
