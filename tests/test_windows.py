"""What only Windows can show (the Windows workflow runs these; elsewhere they are skipped with
their reason): DPAPI round trips in machine and user scope through the app's own ctypes code, the
machine token file, and the installer's close event as the app sees it."""

from __future__ import annotations

import pytest

from pos_member import machine_token, upgrade

pytestmark = pytest.mark.windows_only("DPAPI and named kernel objects are Windows APIs")


def test_dpapi_round_trip_machine_scope():
    secret = b'Tk/with+every=thing "quoted" & 100%'
    blob = machine_token.protect(secret)
    assert secret not in blob and len(blob) > len(secret)
    assert machine_token.unprotect(blob) == secret


def test_dpapi_round_trip_user_scope():
    run, crypt32 = machine_token._blob_calls()  # noqa: SLF001 (user scope: the app needs only machine scope)
    blob = run(crypt32.CryptProtectData, b"user secret", machine_token.CRYPTPROTECT_UI_FORBIDDEN)
    assert b"user secret" not in blob
    assert run(crypt32.CryptUnprotectData, blob, machine_token.CRYPTPROTECT_UI_FORBIDDEN) == b"user secret"


def test_dpapi_refuses_a_damaged_blob():
    blob = bytearray(machine_token.protect(b"token"))
    blob[-1] ^= 0xFF
    with pytest.raises(OSError):
        machine_token.unprotect(bytes(blob))


def test_machine_token_file_round_trip(tmp_path, monkeypatch):
    monkeypatch.setenv("POS_MEMBER_CONFIG_DIR", str(tmp_path))
    path = machine_token.save_machine_token("machine-token-value")
    assert b"machine-token-value" not in path.read_bytes()
    loaded = machine_token.load_machine_token()
    assert loaded is not None and loaded.get_secret_value() == "machine-token-value"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["api-token.dpapi"]  # no partial file left


def test_the_apps_view_of_the_installers_close_event():
    import ctypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    kernel32.CreateEventW.restype = ctypes.c_void_p
    kernel32.CreateEventW.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int, ctypes.c_wchar_p]
    kernel32.SetEvent.argtypes = kernel32.ResetEvent.argtypes = kernel32.CloseHandle.argtypes = [ctypes.c_void_p]
    assert not upgrade.close_requested()  # no installer runs
    event = kernel32.CreateEventW(None, 1, 0, upgrade.CLOSE_EVENT)  # as the installer: manual reset, not set
    assert event, ctypes.get_last_error()
    try:
        assert not upgrade.close_requested()
        kernel32.SetEvent(event)
        assert upgrade.close_requested()
        kernel32.ResetEvent(event)
        assert not upgrade.close_requested()
    finally:
        kernel32.CloseHandle(event)
