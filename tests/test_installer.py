"""What the installers rely on, checked on Linux: the version resource, the generated file list,
token files, and the machine token's place in the token lookup. The installers themselves run
under Wine in `./dev installer-test` (tools/installer_test.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import keyring
import pytest

from pos_member import credentials, machine_token
from pos_member.app import main
from tests.test_setup import MemoryKeyring
from tools.build import FILE_LIST, windows_version, write_file_list

NASTY = 'abc/def+ghi== "x" & 100% sure'


@pytest.mark.parametrize(("version", "expected"), [
    ("0.1.0", "0.1.0.0"), ("1.0", "1.0.0.0"), ("0.2.0rc1", "0.2.0.0"), ("2!1.2.3.4.5", "1.2.3.4"),
    ("1.0.post2.dev3", "1.0.0.0"), ("3", "3.0.0.0"), ("70000.1", "65535.1.0.0"),
])
def test_windows_version_accepts_any_pep440_version(version, expected):
    assert windows_version(version) == expected


def test_windows_version_refuses_what_is_not_a_version():
    with pytest.raises(ValueError):
        windows_version("latest")


def test_file_list_names_every_file_once_and_directories_deepest_first(tmp_path):
    bundle = tmp_path / "bundle"
    (bundle / "_internal" / "Qt lib" / "plugins").mkdir(parents=True)
    (bundle / "pos-member.exe").write_bytes(b"MZ" * 10)
    (bundle / "_internal" / "Qt lib" / "plugins" / "q$t.dll").write_bytes(b"x" * 7)
    (bundle / "_internal" / "base.zip").write_bytes(b"")
    nsh = write_file_list(bundle, tmp_path / "work")
    raw = (tmp_path / "work" / FILE_LIST).read_bytes()
    assert raw.startswith(b"\xff\xfe")  # the installer reads it with FileReadUTF16LE
    lines = raw[2:].decode("utf-16-le").split("\r\n")
    assert lines == ["_internal\\Qt lib\\plugins\\q$t.dll", "_internal\\base.zip", "pos-member.exe", "uninstall.exe",
                     "_internal\\Qt lib\\plugins\\", "_internal\\Qt lib\\", "_internal\\", ""]
    script = nsh.read_text()
    assert script.count("\n  File ") == 4  # three program files and the list itself
    assert 'Push "_internal\\Qt lib\\plugins\\q$$t.dll"\n  Push 7\n  Call VerifyFile' in script
    assert 'Push "pos-member.exe"\n  Push 20\n' in script


def test_file_list_refuses_a_name_the_script_cannot_carry(tmp_path):
    (tmp_path / 'say "hi".txt').write_text("x")
    with pytest.raises(ValueError, match="cannot package"):
        write_file_list(tmp_path, tmp_path / "work")


def test_installer_script_compiles_for_a_prerelease(tmp_path):
    """makensis accepts the script with a 0.2.0rc1 version (VIProductVersion used to fail)."""
    import shutil

    from tools.build import compile_installer

    if shutil.which("makensis") is None:
        pytest.skip("makensis not installed (apt-get install nsis); .ci/run installs it")
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    (bundle / "pos-member.exe").write_bytes(b"MZ")
    profile = Path(__file__).resolve().parents[1] / "resources" / "stores" / "kemang-cashier.toml"
    target = tmp_path / "setup.exe"
    compile_installer(bundle, profile, "0.2.0rc1", target, kiosk=False, fast=True,
                      files_nsh=write_file_list(bundle, tmp_path / "work"))
    assert target.read_bytes()[:2] == b"MZ"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16"])
def test_token_file_keeps_every_character_of_the_token(tmp_path, encoding):
    path = tmp_path / "token.txt"
    path.write_bytes(f"{NASTY}\r\n".encode(encoding))  # utf-16: Windows PowerShell's Out-File
    assert machine_token.read_token_file(path) == NASTY


@pytest.fixture
def stores(tmp_path, monkeypatch):
    store = MemoryKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(store)
    monkeypatch.setenv("POS_MEMBER_CONFIG_DIR", str(tmp_path / "cfg"))
    monkeypatch.setenv("POS_MEMBER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("POS_MEMBER_IMPORT_TOKEN", raising=False)
    yield store
    keyring.set_keyring(previous)


def test_import_from_a_token_file_goes_to_the_users_store(stores, tmp_path):
    path = tmp_path / "token.txt"
    path.write_text(NASTY + "\n")
    assert main(["--import-token", "--token-file", str(path)]) == 0
    assert list(stores.items.values()) == [NASTY]


def test_unreadable_token_file_is_an_error(stores, tmp_path):
    assert main(["--import-token", "--token-file", str(tmp_path / "missing.txt")]) == 2
    assert stores.items == {}


@pytest.mark.posix_only("DPAPI exists on Windows: the machine import succeeds there")
def test_machine_import_without_dpapi_fails_and_writes_nothing(stores, tmp_path, monkeypatch):
    monkeypatch.setenv("POS_MEMBER_IMPORT_TOKEN", NASTY)
    assert main(["--import-token", "--machine"]) == 1
    assert not machine_token.token_path().exists() and stores.items == {}


def reversible(data: bytes) -> bytes:
    """DPAPI exists on Windows only: on Linux the machine token's encryption is replaced by a
    reversible byte flip, enough to show what is looked up in which order."""
    return bytes(b ^ 0x5A for b in data)


def test_machine_token_first_then_the_users(stores, monkeypatch):
    """IT's machine token wins (a rotation reaches every user at once); the user's is next."""
    monkeypatch.setattr(machine_token, "protect", reversible)
    monkeypatch.setattr(machine_token, "unprotect", reversible)
    assert credentials.load_token() is None
    credentials.save_token("user-tok")
    assert credentials.load_token().get_secret_value() == "user-tok"
    path = machine_token.save_machine_token("machine-tok")
    assert b"machine-tok" not in path.read_bytes() and path.name == "api-token.dpapi"
    assert credentials.load_token().get_secret_value() == "machine-tok"
    assert [(source, t.get_secret_value()) for source, t in credentials.tokens()] == [
        ("machine", "machine-tok"), ("user", "user-tok")]
    machine_token.save_machine_token("rotated-tok")  # IT rotates it: the next start uses it
    assert credentials.load_token().get_secret_value() == "rotated-tok"


def test_damaged_machine_token_is_no_token(stores, monkeypatch, tmp_path):
    def refuse(blob: bytes) -> bytes:
        raise OSError(13, "DPAPI refused")  # e.g. a file copied from another machine

    monkeypatch.setattr(machine_token, "unprotect", refuse)
    machine_token.token_path().parent.mkdir(parents=True)
    machine_token.token_path().write_bytes(b"\x01\x00\x00\x00garbage")
    assert credentials.load_token() is None


def test_stand_in_source_uses_the_apps_entropy_and_flags():
    source = (Path(__file__).resolve().parents[1] / "tools" / "installer_standin.c").read_text()
    assert f'ENTROPY[] = "{machine_token.ENTROPY.decode()}"' in source
    assert "CRYPTPROTECT_LOCAL_MACHINE" in source and machine_token.FILE_NAME in source


def test_installer_test_command_explains_missing_tools(monkeypatch):
    """Without wine/mingw-w64 it says what to install instead of failing obscurely."""
    root = Path(__file__).resolve().parents[1]
    result = subprocess.run([sys.executable, str(root / "tools" / "installer_test.py"), "--check"],
                            capture_output=True, text=True, timeout=60,
                            env={"PATH": "/nonexistent", "HOME": "/tmp"})
    assert result.returncode == 2 and "apt-get install" in result.stderr


def test_machine_token_never_writes_through_a_file_someone_made_first(stores, monkeypatch):
    """A standard user who pre-creates the old fixed partial name (api-token.dpapi.new) gets
    nothing: the partial file has a fresh random name, made exclusively, and none is left."""
    monkeypatch.setattr(machine_token, "protect", reversible)
    folder = machine_token.token_path().parent
    folder.mkdir(parents=True)
    planted = folder / "api-token.dpapi.new"
    planted.write_bytes(b"planted")
    path = machine_token.save_machine_token("machine-tok")
    assert planted.read_bytes() == b"planted"
    assert sorted(p.name for p in folder.iterdir()) == ["api-token.dpapi", "api-token.dpapi.new"]
    assert reversible(path.read_bytes()) == b"machine-tok"


def test_profile_identity_names_the_store_for_detection(tmp_path):
    from tools.build import profile_identity

    stores = Path(__file__).resolve().parents[1] / "resources" / "stores"
    cashier = profile_identity(stores / "kemang-cashier.toml")
    assert cashier["MERCHANT"] == "14" and cashier["STORE_ID"] == "412" and len(cashier["PROFILE_HASH"]) == 16
    moved = tmp_path / "kemang-cashier.toml"
    moved.write_text((stores / "kemang-cashier.toml").read_text().replace("store = 412", "store = 413"))
    assert profile_identity(moved)["PROFILE_HASH"] != cashier["PROFILE_HASH"]
    crlf = tmp_path / "crlf.toml"
    crlf.write_bytes((stores / "kemang-cashier.toml").read_bytes().replace(b"\n", b"\r\n"))
    assert profile_identity(crlf) == cashier  # a Windows checkout (autocrlf) builds the same installer


def test_relauncher_waits_for_the_marker_and_refuses_what_cmd_would_misread():
    from pos_member.upgrade import relaunch_command

    command = relaunch_command(r"C:\Program Files\pos-member\pos-member.exe", r"C:\ProgramData\pos-member\upgrading")
    assert command.startswith("cmd.exe /d /c for /l %i in (1,1,600) do ")
    assert r'if exist "C:\ProgramData\pos-member\upgrading"' in command
    assert r'start "" "C:\Program Files\pos-member\pos-member.exe" & exit' in command
    for bad in ('C:\\a"b.exe', "C:\\100%\\x.exe"):
        with pytest.raises(ValueError):
            relaunch_command(bad, r"C:\m")
