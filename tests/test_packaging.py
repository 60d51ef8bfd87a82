"""Store profiles and installer script: what the build relies on, checked without building."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pos_member.config import load_settings

ROOT = Path(__file__).resolve().parents[1]
PROFILES = sorted((ROOT / "resources" / "stores").glob("*.toml"))


@pytest.mark.parametrize("profile", PROFILES, ids=lambda p: p.stem)
def test_store_profiles_are_valid_settings(profile, monkeypatch):
    for key in list(__import__("os").environ):
        if key.startswith("POS_MEMBER_"):
            monkeypatch.delenv(key)
    settings = load_settings(profile)
    assert not settings.training and settings.merchant and settings.manager_pin_hash
    assert "token" not in profile.read_text().split("#")[0].lower().split("=")[0]
    assert not re.search(r"^\s*token\s*=", profile.read_text(), re.M)  # never in a file


def test_there_is_a_cashier_and_a_kiosk_profile():
    assert {load_settings(p).mode for p in PROFILES} == {"cashier", "kiosk"}


def test_installer_script_covers_silent_install_upgrade_and_uninstall():
    script = (ROOT / "resources" / "installer" / "pos-member.nsi").read_text()
    for needle in ['/TOKEN=', 'POS_MEMBER_IMPORT_TOKEN', '--import-token', 'WriteUninstaller', 'QuietUninstallString',
                   '$SMPROGRAMS', '${If} $Kiosk == 1', '$SMSTARTUP', '$DataDir\\store.toml', 'SetShellVarContext all',
                   '"/STORE="', 'CreateMutexW', '${CLOSE_EVENT}', 'Rename $Staging $Live', 'SetNamedSecurityInfoW']:
        assert needle in script, needle
    store = (ROOT / "resources" / "installer" / "pos-member-store.nsi").read_text()
    for needle in ['!ifdef KIOSK', 'File "/oname=$PLUGINSDIR\\store.toml"', 'SetCompress off', '"/STORE=$PLUGINSDIR',
                   'SetErrorLevel $1']:
        assert needle in store, needle


def test_spec_reads_version_from_pyproject():
    spec = (ROOT / "build.spec").read_text()
    assert 'tomllib.loads((ROOT / "pyproject.toml")' in spec and "PyQt5" in spec and "PySide2" in spec


def test_import_token_keeps_it_out_of_files(tmp_path, monkeypatch):
    import keyring

    from pos_member.app import main
    from tests.test_setup import MemoryKeyring

    store = MemoryKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(store)
    monkeypatch.setenv("POS_MEMBER_IMPORT_TOKEN", "tok-from-installer")
    monkeypatch.setenv("POS_MEMBER_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("POS_MEMBER_CONFIG_DIR", str(tmp_path / "cfg"))
    try:
        assert main(["--import-token"]) == 0
    finally:
        keyring.set_keyring(previous)
    assert list(store.items.values()) == ["tok-from-installer"]
    assert not any("tok-from-installer" in p.read_text(errors="ignore") for p in tmp_path.rglob("*") if p.is_file())


def test_the_windows_lock_follows_the_linux_lock():
    """requirements-windows.lock (tools/windows_lock.py) pins what requirements.lock pins, less the
    Linux-only packages, plus the Windows-only ones: a changed lock needs the Windows one made again."""
    from tools.windows_lock import LINUX_ONLY

    def pins(name: str) -> dict[str, str]:
        lines = (ROOT / name).read_text().splitlines()
        return {line.split("==")[0].lower(): line.split("==")[1] for line in lines if "==" in line and line[0] != "#"}

    linux, windows = pins("requirements.lock"), pins("requirements-windows.lock")
    shared = {name: version for name, version in linux.items() if name not in LINUX_ONLY}
    assert {name: windows.get(name) for name in shared} == shared, "run python tools/windows_lock.py"
    assert {"pywin32-ctypes", "pefile", "colorama"} <= set(windows) and not LINUX_ONLY & set(windows)


def test_the_windows_workflow_does_what_the_readme_says():
    workflow = (ROOT / ".github" / "workflows" / "windows-installers.yml").read_text()
    for needle in ["-c requirements-windows.lock", "--strict-skips", "tests/test_windows.py", "POS_MEMBER_SIGN",
                   "NOT SIGNED", "Get-AuthenticodeSignature", "tools/windows_install_check.py", "upload-artifact"]:
        assert needle in workflow, needle
