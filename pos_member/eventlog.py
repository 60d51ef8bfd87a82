"""Errors also go to the Windows Event Log (Application, source "pos-member"), where store IT and
remote-management tools look first. ctypes only (no pywin32). Elsewhere: nothing.

The source is registered by the installer (HKLM\\SYSTEM\\CurrentControlSet\\Services\\EventLog\\
Application\\pos-member); unregistered, Windows still records the entry and prefixes it with a note
that the description's message file is missing: the text itself is kept.
"""

from __future__ import annotations

import logging
import sys

SOURCE = "pos-member"
EVENTLOG_ERROR_TYPE = 0x0001
EVENTLOG_WARNING_TYPE = 0x0002
#: One event id for everything we write (the text says what happened).
EVENT_ID = 1000
#: The Event Log keeps up to 31,839 characters per string; a traceback is cut well before.
MAX_CHARS = 16_000


class EventLogHandler(logging.Handler):
    """ERROR and above, formatted (redacted) by the app's formatter, to the Application log."""

    def __init__(self, report) -> None:  # noqa: ANN001 (ctypes function)
        super().__init__(logging.ERROR)
        self._report = report

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = self.format(record)[:MAX_CHARS]
            kind = EVENTLOG_ERROR_TYPE if record.levelno >= logging.ERROR else EVENTLOG_WARNING_TYPE
            self._report(kind, text)
        except Exception:  # noqa: BLE001 (logging must never raise)
            self.handleError(record)


def event_log_handler() -> logging.Handler | None:
    """The handler on Windows; None elsewhere or when the Event Log cannot be opened."""
    report = _reporter()
    return EventLogHandler(report) if report is not None else None


def _reporter():  # noqa: ANN202 (Callable[[int, str], None] | None)
    if sys.platform != "win32":
        return None
    import ctypes
    from ctypes import wintypes

    try:
        advapi32 = ctypes.WinDLL("advapi32", use_last_error=True)
    except OSError:
        return None
    advapi32.RegisterEventSourceW.argtypes = [wintypes.LPCWSTR, wintypes.LPCWSTR]
    advapi32.RegisterEventSourceW.restype = wintypes.HANDLE
    advapi32.ReportEventW.argtypes = [wintypes.HANDLE, wintypes.WORD, wintypes.WORD, wintypes.DWORD, ctypes.c_void_p,
                                      wintypes.WORD, wintypes.DWORD, ctypes.POINTER(wintypes.LPCWSTR), ctypes.c_void_p]
    advapi32.ReportEventW.restype = wintypes.BOOL
    handle = advapi32.RegisterEventSourceW(None, SOURCE)
    if not handle:
        return None

    def report(kind: int, text: str) -> None:
        strings = (wintypes.LPCWSTR * 1)(text)
        advapi32.ReportEventW(handle, kind, 0, EVENT_ID, None, 1, 0, strings, None)

    return report
