"""The machine-wide API token of a shared counter or kiosk (Windows).

The installer runs as an administrator or SYSTEM, never as the cashier or kiosk user, so it cannot
reach their credential store. It runs ``pos-member --import-token --machine`` instead, which
encrypts the token with DPAPI in machine scope into C:\\ProgramData\\pos-member\\api-token.dpapi:
only programs running on this machine can decrypt it, and the file alone is useless elsewhere.
The app reads this first, then the user's credential store (``credentials.load_token``).
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import tempfile
from pathlib import Path

from pydantic import SecretStr

FILE_NAME = "api-token.dpapi"
# Same value as tools/installer_standin.c; DPAPI refuses to decrypt without it.
ENTROPY = b"pos-member api token"
CRYPTPROTECT_UI_FORBIDDEN = 0x1
CRYPTPROTECT_LOCAL_MACHINE = 0x4
log = logging.getLogger(__name__)


def token_path() -> Path:
    """Next to the machine-wide store profile (``POS_MEMBER_CONFIG_DIR`` in tests)."""
    from pos_member.config import settings_files

    return settings_files()[0].parent / FILE_NAME


def _blob_calls():  # noqa: ANN202 (ctypes types)
    if sys.platform != "win32":
        raise OSError("DPAPI exists on Windows only")
    import ctypes
    from ctypes import wintypes

    class DataBlob(ctypes.Structure):
        _fields_ = [("cbData", wintypes.DWORD), ("pbData", ctypes.POINTER(ctypes.c_char))]

    crypt32, kernel32 = ctypes.WinDLL("crypt32", use_last_error=True), ctypes.WinDLL("kernel32")
    for call in (crypt32.CryptProtectData, crypt32.CryptUnprotectData):
        call.argtypes = [ctypes.POINTER(DataBlob), ctypes.c_void_p, ctypes.POINTER(DataBlob), ctypes.c_void_p,
                         ctypes.c_void_p, wintypes.DWORD, ctypes.POINTER(DataBlob)]
        call.restype = wintypes.BOOL
    kernel32.LocalFree.argtypes = [ctypes.c_void_p]

    def run(call, data: bytes, flags: int) -> bytes:  # noqa: ANN001
        # the buffers are named so they outlive the call
        data_buffer, entropy_buffer = ctypes.create_string_buffer(data, len(data)), ctypes.create_string_buffer(ENTROPY)
        source = DataBlob(len(data), ctypes.cast(data_buffer, ctypes.POINTER(ctypes.c_char)))
        entropy = DataBlob(len(ENTROPY), ctypes.cast(entropy_buffer, ctypes.POINTER(ctypes.c_char)))
        out = DataBlob()
        if not call(ctypes.byref(source), None, ctypes.byref(entropy), None, None, flags, ctypes.byref(out)):
            raise OSError(ctypes.get_last_error(), "DPAPI refused")
        try:
            return ctypes.string_at(out.pbData, out.cbData)
        finally:
            kernel32.LocalFree(out.pbData)

    return run, crypt32


def protect(data: bytes) -> bytes:
    """DPAPI, machine scope (CryptProtectData with CRYPTPROTECT_LOCAL_MACHINE). Windows only."""
    run, crypt32 = _blob_calls()
    return run(crypt32.CryptProtectData, data, CRYPTPROTECT_LOCAL_MACHINE | CRYPTPROTECT_UI_FORBIDDEN)


def unprotect(blob: bytes) -> bytes:
    run, crypt32 = _blob_calls()
    return run(crypt32.CryptUnprotectData, blob, CRYPTPROTECT_UI_FORBIDDEN)


def save_machine_token(token: str) -> Path:
    """Replace the machine token (encrypted first, written whole, then renamed). The partial file
    gets a fresh random name, created exclusively: a file someone made there beforehand (to own
    the token file after the rename) is never opened, let alone renamed into place."""
    path = token_path()
    blob = protect(token.encode("utf-8"))
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, partial = tempfile.mkstemp(prefix=".api-token-", suffix=".new", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(blob)
        os.replace(partial, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(partial)
        raise
    return path


def load_machine_token() -> SecretStr | None:
    try:
        blob = token_path().read_bytes()
    except OSError:
        return None
    try:
        value = unprotect(blob).decode("utf-8").strip()
    except (OSError, UnicodeDecodeError, ValueError) as exc:  # another machine's file, or damaged
        log.warning("machine token unreadable: %s", type(exc).__name__)
        return None
    return SecretStr(value) if value else None


def read_token_file(path: Path) -> str:
    """The token from a file store IT wrote: UTF-8 (with or without BOM) or UTF-16 with BOM
    (Windows PowerShell's Out-File), surrounding blanks and line ends dropped."""
    raw = path.read_bytes()
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = raw.decode("utf-16")
    else:
        text = raw.decode("utf-8-sig")
    return text.strip()
