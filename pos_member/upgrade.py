"""Closing for an upgrade, and coming back after it (Windows installer; Qt-free).

The installer (resources/installer/pos-member.nsi) stages the new version beside the running one,
then sets the named event ``Global\\pos-member-close`` and waits for every copy to exit before it
swaps the program folders. While the swap runs, ``C:\\ProgramData\\pos-member\\upgrading`` exists.
A copy that sees the event set keeps a registration being typed as a draft, sends what it can of
its outbox, shows "Updating — back in a minute" (kiosk), starts the relauncher and exits. The
relauncher is a ``cmd.exe`` loop outside the program folder (nothing of it may hold that folder
open): it waits while the marker exists, then starts the program again in the same Windows
session, as the same user. A copy started while the event is set (a kiosk watchdog) closes at once.

``pos-member --request-close`` asks the copy running in this session over the single-instance
channel (``pos_member.instance``) to do the same: for store IT by hand, and for tests on any OS.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pos_member.i18n import QT_TR_NOOP

log = logging.getLogger(__name__)

CLOSE_EVENT = "Global\\pos-member-close"
SETUP_MUTEX = "Global\\pos-member-setup"
UPGRADE_MARKER = "upgrading"
#: The channel request (``pos_member.instance``) and its reason.
CLOSE_REQUEST = "close"
#: How long the relauncher waits for the upgrade (ping -n 2: about a second a round).
RELAUNCH_ROUNDS = 600
#: Exit status of a copy that closed for an upgrade (a watchdog restarts it either way).
EXIT_CLOSED_FOR_UPGRADE = 0

#: The registration being typed when the app closed for an upgrade, in the user's data folder.
DRAFT_FILE = "upgrade-draft.json"
#: A draft older than this is not offered again (the customer has gone).
DRAFT_MAX_AGE_S = 30 * 60
#: How long a closing copy tries to send its outbox (what is not sent stays queued, on disk).
FLUSH_S = 15.0
#: A cashier's counter asked to close while it serves a customer closes once that customer is done
#: (Next customer, or nothing on screen); after this long it gives the request up and stays: the
#: installer, which waits /CLOSEWAIT= (60 s by default), then ends with 1618 and changes nothing.
SERVING_WAIT_S = 50.0
#: What the cashier reads meanwhile.
WAITING_FOR_CUSTOMER = QT_TR_NOOP("An update is ready: it installs when this customer is done (Next customer).")

SYNCHRONIZE = 0x00100000
WAIT_OBJECT_0 = 0
CREATE_NO_WINDOW = 0x08000000
DETACHED_PROCESS = 0x00000008


def close_requested() -> bool:
    """Is the installer's close event set? (Windows; False elsewhere or when it does not exist.)"""
    if sys.platform != "win32":
        return False
    import ctypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    kernel32.OpenEventW.restype = ctypes.c_void_p
    kernel32.OpenEventW.argtypes = [ctypes.c_uint32, ctypes.c_int, ctypes.c_wchar_p]
    kernel32.WaitForSingleObject.argtypes = [ctypes.c_void_p, ctypes.c_uint32]
    kernel32.CloseHandle.argtypes = [ctypes.c_void_p]
    handle = kernel32.OpenEventW(SYNCHRONIZE, 0, CLOSE_EVENT)
    if not handle:
        return False
    try:
        return bool(kernel32.WaitForSingleObject(handle, 0) == WAIT_OBJECT_0)
    finally:
        kernel32.CloseHandle(handle)


def marker_path() -> Path:
    """``upgrading`` beside the machine-wide store profile."""
    from pos_member.config import settings_files

    return settings_files()[0].parent / UPGRADE_MARKER


def relaunch_command(exe: str, marker: str, *, rounds: int = RELAUNCH_ROUNDS) -> str:
    """The exact Windows command line of the relauncher: wait while ``marker`` exists, then start
    ``exe`` once. ``start ""`` detaches it from cmd; the loop ends after ``rounds`` seconds anyway."""
    for text in (exe, marker):
        if '"' in text or "%" in text or "\n" in text:
            raise ValueError(f"cannot put {text!r} in a cmd.exe command line")
    return (f'cmd.exe /d /c for /l %i in (1,1,{rounds}) do (if exist "{marker}" (ping -n 2 127.0.0.1 >nul) '
            f'else (start "" "{exe}" & exit))')


def start_relauncher(exe: str | None = None) -> bool:
    """Start the relauncher for this copy (Windows, frozen builds only). Its current folder is the
    Windows folder: a process's current folder cannot be renamed, and the installer renames ours."""
    if sys.platform != "win32" or not getattr(sys, "frozen", False):
        return False
    command = relaunch_command(exe or sys.executable, str(marker_path()))
    windows = os.environ.get("SystemRoot", "C:\\Windows")
    try:
        subprocess.Popen(command, cwd=windows, close_fds=True,
                         creationflags=CREATE_NO_WINDOW | DETACHED_PROCESS,
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except OSError as exc:
        log.warning("upgrade: relauncher not started (%s); start the program again after the upgrade", exc)
        return False
    log.info("upgrade: relauncher started; the program comes back after the upgrade")
    return True


@dataclass(frozen=True)
class KeptDraft:
    """A registration form typed and not sent, kept on disk: who typed it, and when."""

    values: dict[str, Any]
    cashier: str | None
    saved_at: float


def _typed(values: dict[str, Any]) -> bool:
    return any(v not in (None, "", False) for v in values.values())


def save_drafts(folder: Path, drafts: list[KeptDraft]) -> Path | None:
    """Keep the registration forms typed and not sent (each with the cashier who typed it) for the
    next start, after a close or a crash; none typed: the file goes. Personal data: user-only,
    beside the outbox, never logged."""
    from pos_member.logsafe import private_file

    path = folder / DRAFT_FILE
    kept = [d for d in drafts if _typed(d.values)]
    if not kept:
        path.unlink(missing_ok=True)
        return None
    partial = private_file(folder / (DRAFT_FILE + ".new"))
    entries = [{"saved_at": d.saved_at, "cashier": d.cashier, "draft": d.values} for d in kept]
    partial.write_text(json.dumps({"drafts": entries}, default=str), encoding="utf-8")
    os.replace(partial, path)
    return path


def save_draft(folder: Path, values: dict[str, Any], *, cashier: str | None = None,
               clock: Callable[[], float] = time.time) -> Path | None:
    """One form (nothing when nothing was typed): ``save_drafts`` with it alone."""
    return save_drafts(folder, [KeptDraft(values, cashier, clock())])


def take_drafts(folder: Path, *, clock: Callable[[], float] = time.time) -> list[KeptDraft]:
    """The forms kept by the last run, once (the file goes; the window keeps what it holds again);
    none when it cannot be read, and none older than ``DRAFT_MAX_AGE_S`` (the customer has gone).
    A file of a version before this one has no cashier (``None``: offered to the first one)."""
    path = folder / DRAFT_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except (OSError, ValueError):
        data = None
    try:
        path.unlink()
    except OSError:
        log.warning("upgrade: the kept draft could not be removed")
    if not isinstance(data, dict):
        return []
    entries = data.get("drafts") if "drafts" in data else [data]
    out = []
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, dict) or not isinstance(entry.get("draft"), dict):
            continue
        try:
            saved_at = float(entry.get("saved_at", 0))
        except (TypeError, ValueError):
            continue
        age = clock() - saved_at
        if not 0 <= age <= DRAFT_MAX_AGE_S:
            log.info("upgrade: a draft kept %.0f s ago is not offered again", age)
            continue
        cashier = entry.get("cashier")
        out.append(KeptDraft(entry["draft"], cashier if isinstance(cashier, str) else None, saved_at))
    return out


def take_draft(folder: Path, *, clock: Callable[[], float] = time.time) -> dict[str, Any] | None:
    """The first kept form's values alone (or None): ``take_drafts``."""
    drafts = take_drafts(folder, clock=clock)
    return drafts[0].values if drafts else None
