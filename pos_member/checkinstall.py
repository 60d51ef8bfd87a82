"""``pos-member --check-install``: check the real installation, as the cashier's app would run.

It reads the store profile the app uses, finds and decrypts the token (never printing it), pings
Stamps with it, and opens the outbox for writing; it prints one line per check and returns the code
of the first problem (``EXIT``), so cmd, PowerShell and Intune can act on it:

    start /wait "" "C:\\Program Files\\pos-member\\pos-member.exe" --check-install --report C:\\Temp\\check.txt
    echo %ERRORLEVEL%
    (Start-Process "C:\\Program Files\\pos-member\\pos-member.exe" "--check-install" -Wait -PassThru).ExitCode

The exe is a windowed program: it attaches to the console it was started from to print, and
``--report FILE`` keeps the same lines in a file (Intune, a shortcut, no console at all).
"""

from __future__ import annotations

import asyncio
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

#: Exit codes, one per problem (the first problem found decides).
OK = 0
NO_PROFILE = 10        # no machine-wide store profile
BAD_PROFILE = 11       # the profile (or a user file) is not valid
NO_TOKEN = 12          # no token, or it cannot be decrypted on this machine
OFFLINE = 13           # Stamps cannot be reached
REFUSED = 14           # Stamps refused the token, or it belongs to another merchant
OUTBOX = 15            # the outbox cannot be written
DATA_FOLDER = 16       # the user's data folder (logs) cannot be written
EXIT = {OK: "installation OK", NO_PROFILE: "no store profile", BAD_PROFILE: "store profile not valid",
        NO_TOKEN: "no API token", OFFLINE: "Stamps not reachable", REFUSED: "token refused by Stamps",
        OUTBOX: "outbox not writable", DATA_FOLDER: "data folder not writable"}
PING_TIMEOUT_S = 10.0


def run(report: Path | None = None) -> int:
    lines: list[str] = []
    out = console()

    def say(line: str) -> None:
        lines.append(line)
        if out is not None:
            print(line, file=out, flush=True)

    code = check(say)
    say(f"result: {code} ({EXIT[code]})")
    if report is not None:
        try:
            report.write_text("\n".join(lines) + "\n", encoding="utf-8")
        except OSError as exc:
            say(f"could not write {report}: {type(exc).__name__}")
    return code


def check(say: Callable[[str], None]) -> int:
    """Every check in turn; the code of the first problem (or OK)."""
    from pos_member import __version__, credentials
    from pos_member.config import SettingsError, installed, load_settings, settings_files
    from pos_member.logsafe import register_secret

    problems: list[int] = []
    say(f"pos-member {__version__} ({'installed build' if installed() else 'from source'})")
    machine, user = settings_files()
    if machine.is_file():
        say(f"ok    store profile: {machine}")
    else:
        say(f"FAIL  store profile: {machine} does not exist")
        problems.append(NO_PROFILE)
    try:
        settings = load_settings()
    except SettingsError as exc:
        for key, what in exc.problems.items():
            say(f"FAIL  setting {key}: {what}")
        problems.append(BAD_PROFILE)
        settings = None
    if settings is not None:
        where = f"{settings.api_base_url}, merchant {settings.merchant}, store {settings.store or '-'}"
        say(f"ok    settings: {settings.mode}, {'training' if settings.training else where}, outbox {settings.outbox}")
        if user.is_file():
            say(f"note  this user's settings file: {user}")
    problems += _data_folder(say)
    _updates(say)
    if settings is None or settings.training:
        if settings is not None:
            say("note  training mode: no server, token or outbox to check")
        return problems[0] if problems else OK
    found = credentials.tokens()
    for source, token in found:
        register_secret(token.get_secret_value())
        say(f"ok    token: the {source} token is there and readable")
    if not found:
        say("FAIL  token: none (machine token missing or not decryptable here, and none for this user)")
        problems.append(NO_TOKEN)
    else:
        problems += asyncio.run(_ping(settings, found, say))
    problems += _outbox(settings, say)
    return problems[0] if problems else OK


def _updates(say: Callable[[str], None]) -> None:
    """Signed updates: version, channel, last check, a pending update (information, never a failure)."""
    from pos_member.update import report

    for line in report():
        say(f"note  {line}")


def _data_folder(say: Callable[[str], None]) -> list[int]:
    from pos_member.runtime import data_dir_path

    folder = data_dir_path()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / ".check-install"
        probe.write_text("ok", encoding="utf-8")
        probe.unlink()
    except OSError as exc:
        say(f"FAIL  data folder {folder}: {type(exc).__name__}")
        return [DATA_FOLDER]
    say(f"ok    data folder: {folder}")
    return []


async def _ping(settings, found, say: Callable[[str], None]) -> list[int]:  # noqa: ANN001
    from pos_member.api import ApiConnectionError, ApiError, Forbidden, StampsClient, Unauthorized

    codes = []
    for source, token in found:
        client = StampsClient(str(settings.api_base_url), token, settings.merchant or 0, store=settings.store,
                              auth=settings.auth, timeout=PING_TIMEOUT_S, get_attempts=1)
        try:
            async with client:
                pong = await client.ping()
        except (Unauthorized, Forbidden):
            say(f"FAIL  Stamps refused the {source} token")
            codes.append(REFUSED)
            continue
        except ApiConnectionError as exc:
            say(f"FAIL  Stamps at {settings.api_base_url} cannot be reached ({type(exc).__name__})")
            return [OFFLINE]
        except ApiError as exc:
            say(f"FAIL  Stamps answered the ping with an error ({type(exc).__name__})")
            return [OFFLINE]
        answered = pong.pong.merchant_id if pong.pong else None
        if answered and str(answered) != str(settings.merchant):
            say(f"FAIL  the {source} token belongs to merchant {answered}, not {settings.merchant}")
            codes.append(REFUSED)
            continue
        say(f"ok    Stamps answers the {source} token (merchant {answered or settings.merchant})")
        return []  # the app uses the first token Stamps accepts
    return codes[:1]


def _outbox(settings, say: Callable[[str], None]) -> list[int]:  # noqa: ANN001
    from pos_member.outbox import Outbox
    from pos_member.runtime import outbox_path

    try:
        path = outbox_path(settings)
        outbox = Outbox(path)
    except (OSError, sqlite3.Error) as exc:
        say(f"FAIL  outbox: cannot open it ({type(exc).__name__})")
        return [OUTBOX]
    try:
        outbox.db.execute("BEGIN IMMEDIATE")  # takes the write lock: fails on a read-only file or folder
        outbox.db.execute("ROLLBACK")
        counts = outbox.count_by_state()
    except sqlite3.Error as exc:
        say(f"FAIL  outbox {path}: cannot write it ({type(exc).__name__})")
        return [OUTBOX]
    finally:
        outbox.close()
    waiting = ", ".join(f"{n} {state}" for state, n in sorted(counts.items())) or "empty"
    say(f"ok    outbox: {path} ({waiting})")
    return []


def console() -> TextIO | None:
    """Where to print: stdout, or in the windowed exe the console it was started from."""
    if sys.stdout is not None:
        return sys.stdout
    if sys.platform != "win32":
        return None
    import ctypes

    attach_parent_process = -1
    if not ctypes.WinDLL("kernel32").AttachConsole(attach_parent_process):
        return None
    try:
        return open("CONOUT$", "w", encoding="utf-8", errors="replace")  # open until exit
    except OSError:
        return None
