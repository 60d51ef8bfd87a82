"""Applying a verified update, with rights, through the store's own installer.

The app checks and downloads as the signed-in user (a cashier is a standard user); it cannot
write Program Files, and it must not be able to make anything else run with rights. So:

- **App side** (no rights): ``hand_over`` notes the verified installer; between customers the
  window calls ``request_install``, which asks the ``pos-member update`` scheduled task (registered
  by the installer, runs as SYSTEM) to run now. Nothing else is needed: the task also runs on its
  own schedule.
- **Task side** (SYSTEM, ``pos-member --apply-update``): ``apply_update`` does its own TUF check in
  a folder only administrators can write (``C:\\ProgramData\\pos-member\\update``), reusing a copy
  of a user's download only after copying it there and checking it against the signed length and
  hashes again; then starts that installer silently (``/S``), detached, and exits (the installer
  waits for every pos-member.exe, this one included, to exit). The installer stages the new version
  beside the old one, asks the running app to close between customers (a kiosk shows "Updating —
  back in a minute"), rolls back on any failure and starts the app again.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pos_member.update.check import CheckResult, UpdateChecker

log = logging.getLogger(__name__)

TASK_NAME = "pos-member update"
#: The installer's silent switch (resources/installer/pos-member.nsi).
SILENT = ["/S"]
#: The installer's "in use, try again" answer (the app is serving a customer): next run retries.
IN_USE = 1618
LAST_APPLY = "last-apply.json"


def machine_dir() -> Path:
    """Where the SYSTEM task keeps its metadata and installers (beside the store profile)."""
    override = os.environ.get("POS_MEMBER_CONFIG_DIR")
    if override:
        return Path(override) / "update"
    import platformdirs

    return Path(platformdirs.site_config_dir("pos-member", appauthor=False)) / "update"


# ------------------------------------------------------------------------------------ app side

def hand_over(result: CheckResult) -> None:
    """The update service found a verified installer: it waits for ``request_install``."""
    version = result.release.version if result.release else "?"
    log.info("update %s verified and waiting; it is installed between customers", version)


def request_install(run: Callable[[list[str]], int] | None = None, *, wait: bool = False) -> bool:
    """Between customers: ask the update task to run now (on its own thread, unless ``wait``: the
    app is closing at the end of a shift). False where there is no such task (not Windows)."""
    if sys.platform != "win32" and run is None:
        log.info("update: no update task on this platform; install the new version with its installer")
        return False

    def ask() -> None:
        command = ["schtasks", "/Run", "/TN", TASK_NAME]
        try:
            code = (run or _run_hidden)(command)
        except OSError as exc:
            log.warning("update: could not start the update task (%s)", type(exc).__name__)
            return
        if code != 0:
            log.warning("update: the update task did not start (schtasks exit %d)", code)

    if wait:
        ask()
    else:
        threading.Thread(target=ask, name="update-request", daemon=True).start()
    return True


def _run_hidden(command: list[str]) -> int:
    flags = getattr(subprocess, "CREATE_NO_WINDOW", 0)
    return subprocess.run(command, capture_output=True, timeout=60, creationflags=flags, check=False).returncode


# ------------------------------------------------------------------------- the scheduled task

#: Who may do what with the task: SYSTEM and Administrators everything; signed-in users read and
#: run it (the app asks for it between customers). Running it can only install what TUF verified.
TASK_SDDL = "D:P(A;;FA;;;SY)(A;;FA;;;BA)(A;;GRGX;;;AU)"


def task_xml(exe: str) -> str:
    """The ``pos-member update`` task (Task Scheduler 1.2 XML) the installer registers: runs
    ``exe --apply-update`` as SYSTEM when the app asks (between customers, or as it closes at the
    end of a shift) and at 03:00 (spread over an hour). Never at start-up or "when available":
    a PC switched on in the morning may be serving a customer by then."""
    from xml.sax.saxutils import escape

    return f"""<?xml version="1.0" encoding="UTF-16"?>
<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">
  <RegistrationInfo>
    <Description>Installs signed updates of Stamps Members between customers</Description>
    <SecurityDescriptor>{TASK_SDDL}</SecurityDescriptor>
  </RegistrationInfo>
  <Triggers>
    <CalendarTrigger>
      <StartBoundary>2026-01-01T03:00:00</StartBoundary>
      <RandomDelay>PT1H</RandomDelay>
      <ScheduleByDay><DaysInterval>1</DaysInterval></ScheduleByDay>
    </CalendarTrigger>
  </Triggers>
  <Principals>
    <Principal id="System"><UserId>S-1-5-18</UserId><RunLevel>HighestAvailable</RunLevel></Principal>
  </Principals>
  <Settings>
    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>
    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>
    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>
    <StartWhenAvailable>false</StartWhenAvailable>
    <RunOnlyIfNetworkAvailable>true</RunOnlyIfNetworkAvailable>
    <ExecutionTimeLimit>PT1H</ExecutionTimeLimit>
    <Hidden>false</Hidden>
  </Settings>
  <Actions Context="System">
    <Exec><Command>{escape(exe)}</Command><Arguments>--apply-update</Arguments></Exec>
  </Actions>
</Task>
"""


def register_task(exe: str, run: Callable[[list[str]], int] | None = None) -> int:
    """``pos-member --register-update-task`` (the installer, as an administrator): (re)create the
    task; 0 when done. ``schtasks /Create /XML`` reads UTF-16."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="pos-member-task-") as tmp:
        path = Path(tmp) / "task.xml"
        path.write_text(task_xml(exe), encoding="utf-16")
        return (run or _run_hidden)(["schtasks", "/Create", "/TN", TASK_NAME, "/XML", str(path), "/F"])


# ----------------------------------------------------------------------------------- task side

@dataclass(frozen=True)
class Applied:
    outcome: str          # "installed", "current", "waiting", "in_use", "failed", "refused", "unreachable", ...
    version: str | None = None
    exit_code: int | None = None
    reason: str = ""


def user_caches() -> list[Path]:
    """Each Windows user's update download folder (%LOCALAPPDATA%\\pos-member\\update\\targets)."""
    drive = os.environ.get("SystemDrive", "C:")
    users = Path(drive + "\\") / "Users"
    return sorted(users.glob("*/AppData/Local/pos-member/update/targets")) if sys.platform == "win32" else []


def _seed_from(candidates: Iterable[Path], checker: UpdateChecker) -> None:
    """Copy users' downloads into the task's own cache; the check then takes a copy only if it
    matches the signed length and hashes (checked after copying: the user cannot swap it)."""
    targets = checker.cache_dir / "targets"
    targets.mkdir(parents=True, exist_ok=True)
    for folder in candidates:
        for file in folder.glob("releases%2F*"):
            dest = targets / file.name
            if dest.exists() or not file.is_file() or file.is_symlink():
                continue
            try:
                shutil.copyfile(file, dest, follow_symlinks=False)
            except OSError:
                log.debug("update: could not copy %s", file.name)


def run_installer(path: Path) -> int | None:
    """Start the installer detached and return None at once: this process is a pos-member.exe
    from the program folder, and the installer waits for every pos-member.exe to exit before it
    swaps that folder. Its outcome is in its setup log and the registry; the next run of the task
    sees the version installed (or finds the update still due and tries again)."""
    flags = sum(getattr(subprocess, name, 0) for name in ("CREATE_NO_WINDOW", "DETACHED_PROCESS",
                                                           "CREATE_NEW_PROCESS_GROUP"))
    windows = os.environ.get("SystemRoot", "C:\\Windows") if sys.platform == "win32" else None
    _detached.append(subprocess.Popen(
        [str(path), *SILENT], creationflags=flags, cwd=windows, close_fds=True, start_new_session=True,
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    return None


#: Installers started and deliberately never waited for (kept so they are not reaped as leaks).
_detached: list[subprocess.Popen] = []


def apply_update(checker: UpdateChecker, *, candidates: Iterable[Path] = (),
                 install: Callable[[Path], int | None] = run_installer) -> Applied:
    """Check with TUF (as the task, in its own folder), and run the verified installer silently."""
    from pos_member.update.check import Outcome

    _seed_from(candidates, checker)
    result = checker.check()
    version = result.release.version if result.release else None
    _drop_unverified(checker, keep=result.installer)
    if result.outcome is not Outcome.READY or result.installer is None:
        applied = Applied(result.outcome.value, version, reason=result.reason)
    else:
        log.info("update: installing %s over %s", version, checker.current_version)
        try:
            code = install(result.installer)
        except (OSError, subprocess.TimeoutExpired) as exc:
            log.error("update: the installer for %s could not run (%s)", version, type(exc).__name__)
            applied = Applied("failed", version, reason=type(exc).__name__)
        else:
            if code is None:
                log.info("update: installer for %s started; it closes the app between customers", version)
                applied = Applied("started", version)
            else:
                outcome = "installed" if code == 0 else "in_use" if code == IN_USE else "failed"
                (log.info if code in (0, IN_USE) else log.error)("update: installer for %s exit %d (%s)", version,
                                                                code, outcome)
                applied = Applied(outcome, version, code)
    _record(applied, checker.cache_dir)
    return applied


def _drop_unverified(checker: UpdateChecker, keep: Path | None) -> None:
    """Copies that did not check out are not left in the task's folder."""
    for file in (checker.cache_dir / "targets").glob("releases%2F*"):
        if keep is None or file.resolve() != keep.resolve():
            file.unlink(missing_ok=True)


def _record(applied: Applied, directory: Path) -> None:
    data = asdict(applied) | {"when": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()}
    try:
        directory.mkdir(parents=True, exist_ok=True)
        (directory / LAST_APPLY).write_text(json.dumps(data, indent=1), encoding="utf-8")
    except OSError:
        log.warning("update: could not record the outcome in %s", directory)

