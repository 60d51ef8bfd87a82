"""Write requirements-windows.lock, the Windows workflow's constraints:  python tools/windows_lock.py

requirements.lock is ``pip freeze`` of a Linux .venv (./dev lock). On Windows the same project
needs a few packages Linux never installs (environment markers: keyring's pywin32-ctypes,
PyInstaller's pefile and pywin32-ctypes, pytest's colorama) and not Linux's own (keyring's
SecretStorage and jeepney). This keeps every shared pin, drops the Linux-only ones, and pins the
Windows-only ones to the newest win_amd64 wheels for CPython 3.11 (pip resolves them for that
platform without installing anything). Every shared pin is checked to have a win_amd64 wheel too.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: Installed on Linux only (their dependents ask for them with a Linux marker).
LINUX_ONLY = {"jeepney", "secretstorage"}
#: Asked for with a Windows marker by our dependencies (PyInstaller wants pefile != 2024.8.26).
WINDOWS_ONLY = ["pywin32-ctypes", "pefile!=2024.8.26", "colorama"]
PLATFORM = ["--platform", "win_amd64", "--python-version", "3.11", "--implementation", "cp", "--only-binary=:all:"]


def resolve(requirements: list[str], *, no_deps: bool) -> dict[str, str]:
    with tempfile.TemporaryDirectory() as tmp:
        listing, report = Path(tmp) / "requirements.txt", Path(tmp) / "report.json"
        listing.write_text("\n".join(requirements) + "\n")
        subprocess.run([sys.executable, "-m", "pip", "install", "--disable-pip-version-check", "--quiet", "--dry-run",
                        "--ignore-installed", "--target", str(Path(tmp) / "target"), "--report", str(report),
                        *PLATFORM, *(["--no-deps"] if no_deps else []), "-r", str(listing)], check=True)
        return {item["metadata"]["name"]: item["metadata"]["version"] for item in json.loads(report.read_text())["install"]}


def main() -> int:
    pins = [line.strip() for line in (ROOT / "requirements.lock").read_text().splitlines()
            if "==" in line and not line.startswith("#")]
    shared = [pin for pin in pins if pin.split("==")[0].lower() not in LINUX_ONLY]
    resolve(shared, no_deps=True)  # fails if a shared pin has no Windows wheel
    extra = resolve(WINDOWS_ONLY, no_deps=True)
    lines = ["# The Windows workflow's constraints (pip install -c requirements-windows.lock -e .[build,test]).",
             "# Made by tools/windows_lock.py from requirements.lock: its pins less the Linux-only ones, plus the",
             "# Windows-only packages our dependencies ask for with environment markers. Do not edit by hand.",
             *shared, *(f"{name}=={version}" for name, version in sorted(extra.items(), key=lambda kv: kv[0].lower()))]
    (ROOT / "requirements-windows.lock").write_text("\n".join(lines) + "\n")
    print(f"requirements-windows.lock: {len(shared)} shared pins, Windows only: "
          + ", ".join(f"{n}=={v}" for n, v in sorted(extra.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
