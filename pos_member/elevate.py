"""Changing the machine-wide store profile from the Settings dialog, as an administrator.

The profile (C:\\ProgramData\\pos-member\\store.toml) is IT's: a cashier's Windows user may read
it, not write it. When the Settings dialog saves and the direct write is refused, the installed
app starts itself elevated (the UAC prompt: someone from IT types an administrator's password)
with ``--write-store-profile FILE``; that copy checks the new profile (valid, no token) and
replaces the old one. Anywhere else (not Windows, not an installed build, or UAC declined) the
caller says the settings cannot be changed here.
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)

#: Exit codes of ``pos-member --write-store-profile FILE``.
WRITTEN, NOT_VALID, NOT_WRITTEN = 0, 2, 5
SEE_MASK_NOCLOSEPROCESS = 0x40
SW_HIDE = 0
INFINITE = 0xFFFFFFFF


def write_store_profile(target: Path, text: str) -> bool:
    """Write ``text`` as the store profile through an elevated copy of the app; True if it did.
    Blocks until the UAC prompt is answered: call it off the event loop."""
    if sys.platform != "win32" or not getattr(sys, "frozen", False):
        return False
    fd, name = tempfile.mkstemp(prefix="pos-member-profile-", suffix=".toml")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        code = _run_elevated(sys.executable, f'--write-store-profile "{name}"')
        log.info("store profile: elevated write ended with %s", code)
        return code == WRITTEN
    finally:
        try:
            os.unlink(name)
        except OSError:
            pass


def _run_elevated(program: str, parameters: str) -> int | None:
    """ShellExecuteExW with the "runas" verb, waited for; the exit code, None if it did not run."""
    if sys.platform != "win32":
        return None
    import ctypes
    from ctypes import wintypes

    class ShellExecuteInfo(ctypes.Structure):
        _fields_ = [("cbSize", wintypes.DWORD), ("fMask", ctypes.c_ulong), ("hwnd", wintypes.HWND),
                    ("lpVerb", wintypes.LPCWSTR), ("lpFile", wintypes.LPCWSTR), ("lpParameters", wintypes.LPCWSTR),
                    ("lpDirectory", wintypes.LPCWSTR), ("nShow", ctypes.c_int), ("hInstApp", wintypes.HINSTANCE),
                    ("lpIDList", ctypes.c_void_p), ("lpClass", wintypes.LPCWSTR), ("hkeyClass", wintypes.HKEY),
                    ("dwHotKey", wintypes.DWORD), ("hIconOrMonitor", wintypes.HANDLE), ("hProcess", wintypes.HANDLE)]

    info = ShellExecuteInfo()
    info.cbSize = ctypes.sizeof(info)
    info.fMask = SEE_MASK_NOCLOSEPROCESS
    info.lpVerb, info.lpFile, info.lpParameters, info.nShow = "runas", program, parameters, SW_HIDE
    shell32 = ctypes.WinDLL("shell32", use_last_error=True)
    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    shell32.ShellExecuteExW.argtypes = [ctypes.POINTER(ShellExecuteInfo)]
    shell32.ShellExecuteExW.restype = wintypes.BOOL
    if not shell32.ShellExecuteExW(ctypes.byref(info)) or not info.hProcess:
        return None  # declined at the UAC prompt (ERROR_CANCELLED), or no such program
    try:
        kernel32.WaitForSingleObject(info.hProcess, INFINITE)
        code = wintypes.DWORD()
        if not kernel32.GetExitCodeProcess(info.hProcess, ctypes.byref(code)):
            return None
        return int(code.value)
    finally:
        kernel32.CloseHandle(info.hProcess)


def main_write_store_profile(source: Path) -> int:
    """``pos-member --write-store-profile FILE`` (run elevated): check FILE and make it the store
    profile. Never echoes the file's values."""
    from pos_member.config import SettingsError, load_settings_dict, read_settings_file, settings_files

    try:
        values = read_settings_file(source)
        load_settings_dict(values)
    except SettingsError as exc:
        log.error("store profile not written, not valid: %s", ", ".join(exc.problems))
        return NOT_VALID
    target = settings_files()[0]
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".new")
        partial.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
        os.replace(partial, target)
    except OSError as exc:
        log.error("store profile not written: %s", type(exc).__name__)
        return NOT_WRITTEN
    log.warning("store profile %s replaced from the Settings dialog (as an administrator)", target)
    return WRITTEN
