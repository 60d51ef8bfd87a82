"""Who holds a claim on an outbox item: this process, named so that another process can tell
whether it is still alive. No Qt.

An owner is ``host/pid/start``: the machine, the process id and the process's start time as the
OS reports it (a pid reused by a later process has another start time). Another process's claim is
only recovered when its owner is certainly gone: same host, and no process with that pid and start
time. When that cannot be told (another machine, a process of another Windows user that we may not
inspect), the claim is treated as alive until it is older than ``UNVERIFIABLE_AFTER_S``.
"""

from __future__ import annotations

import functools
import os
import socket
import sys
from typing import Any

#: A claim whose owner cannot be inspected is taken as abandoned after this long (a live delivery
#: holds a claim for one request: seconds, at most a few minutes with retries).
UNVERIFIABLE_AFTER_S = 3600.0


#: A dead process's claim waits this long after it was made before it is looked up: its last
#: request may still be at Stamps (a live delivery waits as long for an answer before it too
#: calls the outcome unknown). A lookup sooner can miss a member still being created, and send twice.
SETTLE_AFTER_DEATH_S = 10.0


@functools.cache
def me() -> str:
    """This process, as an owner string (computed once: the pid and start time do not change)."""
    return owner_of(os.getpid())


def owner_of(pid: int) -> str:
    return f"{_host()}/{pid}/{start_time(pid) or '?'}"


def _host() -> str:
    return socket.gethostname().lower().replace("/", "_")


def alive(owner: str | None) -> bool | None:
    """True if the process named by ``owner`` runs now, False if it certainly does not, None if
    this process cannot tell (another machine, a process we may not inspect)."""
    if not owner:
        return False  # a 'sending' item from a version without owners: its delivery is gone
    host, _, rest = owner.partition("/")
    pid_text, _, start = rest.partition("/")
    if not pid_text.isdigit():
        return False  # not an owner this code wrote: nobody can be holding it
    if host != _host():
        return None
    pid = int(pid_text)
    if owner == me():
        return True
    running = _running(pid)
    if running is not True:
        return running
    if start in ("", "?"):
        return True  # a live process with that pid; without a start time we cannot tell reuse
    now = start_time(pid)
    return None if now is None else now == start


def _running(pid: int) -> bool | None:
    if sys.platform == "win32":
        return _windows_running(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, owned by someone else
    except OSError:
        return None
    return True


def start_time(pid: int) -> str | None:
    """The process's start time as an opaque string, or None where it cannot be read."""
    if sys.platform == "win32":
        return _windows_start_time(pid)
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat:
            fields = stat.read().rpartition(")")[2].split()
        return fields[19]  # field 22 of proc(5): starttime, in clock ticks since boot
    except (OSError, IndexError):
        return None


# ------------------------------------------------------------------ Windows (ctypes, no pywin32)

PROCESS_QUERY_LIMITED_INFORMATION = 0x1000
STILL_ACTIVE = 259
ERROR_ACCESS_DENIED = 5


def _open_process(pid: int) -> tuple[Any, int | None, int]:
    """kernel32, a handle (None when refused) and the last error."""
    if sys.platform != "win32":  # (and mypy checks the rest for Windows only)
        raise OSError("Windows only")
    import ctypes
    from ctypes import wintypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    kernel32.OpenProcess.argtypes = [wintypes.DWORD, wintypes.BOOL, wintypes.DWORD]
    kernel32.OpenProcess.restype = wintypes.HANDLE
    handle = kernel32.OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, False, pid)
    return kernel32, handle, ctypes.get_last_error()


def _windows_running(pid: int) -> bool | None:
    if sys.platform != "win32":  # (and mypy checks the rest for Windows only)
        raise OSError("Windows only")
    import ctypes
    from ctypes import wintypes

    kernel32, handle, error = _open_process(pid)
    if not handle:
        return None if error == ERROR_ACCESS_DENIED else False  # 87: no such process
    try:
        code = wintypes.DWORD()
        kernel32.GetExitCodeProcess.argtypes = [wintypes.HANDLE, ctypes.POINTER(wintypes.DWORD)]
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return None
        return code.value == STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)


def _windows_start_time(pid: int) -> str | None:
    if sys.platform != "win32":  # (and mypy checks the rest for Windows only)
        raise OSError("Windows only")
    import ctypes
    from ctypes import wintypes

    kernel32, handle, _error = _open_process(pid)
    if not handle:
        return None
    try:
        times = [wintypes.FILETIME() for _ in range(4)]  # creation, exit, kernel, user
        kernel32.GetProcessTimes.argtypes = [wintypes.HANDLE] + [ctypes.POINTER(wintypes.FILETIME)] * 4
        if not kernel32.GetProcessTimes(handle, *(ctypes.byref(t) for t in times)):
            return None
        created = times[0]
        return str((created.dwHighDateTime << 32) | created.dwLowDateTime)
    finally:
        kernel32.CloseHandle(handle)
