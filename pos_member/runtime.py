"""What the app runs on, without Qt: the settings, one ``StampsClient`` and, in training mode,
the embedded training server behind it."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import logging.handlers
import os
import sys
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs

from pos_member import __version__
from pos_member.api import StampsClient
from pos_member.api import codes as api_codes
from pos_member.config import Level, Settings
from pos_member.flows.pin import LockoutFile, ManagerPinGate
from pos_member.i18n import tr
from pos_member.logsafe import (
    PrivateRotatingFileHandler,
    SafeFormatter,
    install_redaction,
    private_dir,
    register_secret,
)
from pos_member.outbox import Outbox, OutboxSender, SetAside, open_or_set_aside
from pos_member.update.status import UpdateStatus

if TYPE_CHECKING:
    from pos_member.sandbox.server import TrainingServer  # imported lazily: only training needs it
    from pos_member.update.service import UpdateService  # imported lazily: tuf only when updates are on

APP_NAME = "pos-member"
#: The manager PIN in training mode, unless the store settings set one (printed in the README).
TRAINING_MANAGER_PIN = "1234"
#: Its hash, made once (fixed salt: the PIN is public) so training start-up does not pay for PBKDF2.
TRAINING_MANAGER_PIN_HASH = ("pbkdf2_sha256$100000$7472616e696e672d70696e2d31323334$"
                             "3063bbeb9549b139a25d4df0a0eb7eee6695f061f85a583a0b42b2997d91a914")
TRAINING_BASE_URL = "http://127.0.0.1"
log = logging.getLogger("pos_member")


class NoToken(RuntimeError):
    """No API token: neither the machine token nor this user's (the manager connects the counter)."""


def data_dir_path() -> Path:
    """Where per-user data lives, without creating it. ``POS_MEMBER_DATA_DIR`` overrides it (tests, kiosks)."""
    override = os.environ.get("POS_MEMBER_DATA_DIR")
    return Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def data_dir() -> Path:
    """Per-user data (training database, outbox, logs), created if missing (``OSError`` if it cannot be)."""
    return private_dir(data_dir_path())  # the outbox and the training database hold personal data


def machine_data_dir() -> Path:
    """The counter's own data, for every Windows user (C:\\ProgramData\\pos-member\\outbox, which the
    installer makes with Users modify): the machine-wide outbox (store setting ``outbox =
    "machine"``) and the manager PIN's wrong tries. Run from source
    it is ``POS_MEMBER_MACHINE_DATA_DIR``, else the data folder's "machine" subfolder."""
    from pos_member.config import installed

    if installed():
        return Path(platformdirs.site_data_dir(APP_NAME, appauthor=False)) / "outbox"
    # From source (development, tests): never a system folder; a "machine" folder in the data folder.
    override = os.environ.get("POS_MEMBER_MACHINE_DATA_DIR")
    return Path(override) if override else data_dir_path() / "machine"


def outbox_path(settings: Settings) -> Path:
    """Where this store's pending registrations live (per user, or for the whole counter)."""
    name = f"outbox-{settings.merchant}.sqlite3"
    if settings.outbox == "machine":
        return shared_machine_data_dir() / name
    return data_dir() / name


def shared_machine_data_dir() -> Path:
    """``machine_data_dir``, created if missing and writable by every user of the counter."""
    folder = machine_data_dir()
    if not folder.is_dir():
        folder.mkdir(parents=True, exist_ok=True)  # shared: never narrowed to this user
        share_with_users(folder)
    return folder


def pin_tries_path() -> Path:
    """The manager PIN's wrong tries, per machine (next to the machine-wide outbox); this user's
    data folder when the machine folder cannot be written."""
    try:
        folder = shared_machine_data_dir()
        if os.access(folder, os.W_OK):
            return folder / "pin-tries.json"
    except OSError:
        pass
    log.warning("manager PIN: the machine folder cannot be written; wrong tries are kept for this user only")
    return data_dir() / "pin-tries.json"


#: BUILTIN\Users, by SID (the same in every Windows language).
USERS_SID = "*S-1-5-32-545"


def share_with_users(folder: Path) -> bool:
    """Windows: let every user of the counter create and change files in ``folder`` (inherited by
    the outbox file, its -wal and -shm). Whoever creates the folder owns it and may set this, so
    the first user to start the app, or the installer (as an administrator), prepares it."""
    if sys.platform != "win32":
        return False
    import subprocess

    create_no_window = 0x08000000
    result = subprocess.run(["icacls", str(folder), "/grant", f"{USERS_SID}:(OI)(CI)M"], capture_output=True,
                            creationflags=create_no_window, timeout=30)
    if result.returncode != 0:
        log.error("could not let the counter's users write %s (icacls exit %d)", folder, result.returncode)
    return result.returncode == 0


def setup_logging(level: int = logging.INFO, directory: Path | None = None) -> None:
    """stderr (when there is one: the windowed build has none), the Windows Event Log for errors,
    and a rotating file (user-only) once ``directory`` can be written (``OSError`` if not: call
    again without it, and later with it). Every handler formats through ``SafeFormatter``, which
    redacts messages and tracebacks alike."""
    root = logging.getLogger()
    ours = [h for h in root.handlers if getattr(h, "_pos_member", False)]
    handlers: list[logging.Handler] = []
    file_handler: logging.Handler | None = None
    if directory is not None and not any(isinstance(h, PrivateRotatingFileHandler) for h in ours):
        private_dir(directory)  # before adding anything: on OSError nothing was added
        file_handler = PrivateRotatingFileHandler(directory / "pos-member.log", maxBytes=2_000_000,
                                                  backupCount=3, encoding="utf-8")
    if not ours:  # stderr first (benchmarks quieten handlers[0]), then the Event Log
        if sys.stderr is not None:
            handlers.append(logging.StreamHandler())
        from pos_member.eventlog import event_log_handler

        handlers += [h for h in (event_log_handler(),) if h is not None]
    if file_handler is not None:
        handlers.append(file_handler)
    if not handlers:
        return
    formatter = SafeFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    for handler in handlers:
        handler.setFormatter(formatter)
        handler._pos_member = True  # type: ignore[attr-defined]  # noqa: SLF001 (our own mark)
        root.addHandler(handler)
    root.setLevel(level)
    if not ours:
        install_crash_log()
        # httpx logs every request at INFO; our API client logs method, path and status at DEBUG.
        logging.getLogger("httpx").setLevel(logging.WARNING)
        install_redaction()


def install_crash_log() -> None:
    """Unhandled exceptions (a slot that raised, a task nobody awaited, a thread that died, an
    error in a destructor) go to the log, redacted, instead of raw to stderr or nowhere."""
    import sys
    import threading

    def log_unhandled(kind, value, tb) -> None:  # noqa: ANN001
        log.critical("unhandled %s", kind.__name__, exc_info=(kind, value, tb))

    def log_thread(args: threading.ExceptHookArgs) -> None:
        if args.exc_type is not SystemExit and args.exc_value is not None:
            log.critical("unhandled %s in thread %s", args.exc_type.__name__,
                         args.thread.name if args.thread else "?",
                         exc_info=(args.exc_type, args.exc_value, args.exc_traceback))

    def log_unraisable(args) -> None:  # noqa: ANN001 (sys.UnraisableHookArgs)
        if args.exc_type is not None:
            log.error("ignored %s in %r", args.exc_type.__name__, args.object,
                      exc_info=(args.exc_type, args.exc_value, args.exc_traceback))

    sys.excepthook = log_unhandled
    threading.excepthook = log_thread
    sys.unraisablehook = log_unraisable


@dataclass
class Backend:
    settings: Settings
    client: StampsClient
    training: TrainingServer | None = None
    outbox: Outbox | None = None
    sender: OutboxSender | None = None
    #: The outbox file found damaged at start-up and kept aside (the window tells IT).
    outbox_set_aside: SetAside | None = None
    #: One manager-PIN gate for every dialog and the kiosk's staff gesture (wrong tries add up).
    pin_gate: ManagerPinGate = field(init=False)  # made from the settings
    #: The background update check (None when updates are off: no update_url, training, no root).
    updates: UpdateService | None = None
    _install_requested: str | None = field(default=None, init=False, repr=False)
    _training_name: str = field(default="", init=False, repr=False)  # read once, before the loop runs
    #: Where the gate keeps wrong tries across restarts and users (None: in memory, e.g. training).
    pin_tries: Path | None = None

    def __post_init__(self) -> None:
        kept = LockoutFile(self.pin_tries) if self.pin_tries is not None else None
        self.pin_gate = ManagerPinGate(self.settings.manager_pin_hash, kept=kept)
        if self.training is not None:
            self._training_name = self.training.store.merchant_name(self.training.merchant_id) or ""

    async def training_messages(self, recipient: str | None = None) -> list[dict]:
        """What the training server 'sent' (to show as the customer's phone or inbox)."""
        if self.training is None:
            return []
        return await self.training.run(self.training.store.messages, recipient)

    def between_customers(self, *, closing: bool = False) -> bool:
        """The counter is free (next customer, a kiosk visit wiped, the app closing at the end of
        the shift): a verified update may be installed now. Asks the update task once per
        version; True if it was asked."""
        status = self.update_status
        if status.pending is None or status.pending == self._install_requested:
            return False
        self._install_requested = status.pending
        from pos_member.update import apply

        return apply.request_install(wait=closing)

    def install_put_off(self) -> None:
        """The installer the update task started asked the app to close while a customer was
        still served, and the app stayed (it then ends with 1618, nothing changed): the next free
        moment (Next customer, or the app closing at the end of the shift) asks the task again."""
        self._install_requested = None

    @property
    def update_status(self) -> UpdateStatus:
        """For the status bar: version, channel, last check, a pending update."""
        if self.updates is not None:
            return self.updates.status
        return UpdateStatus(__version__, self.settings.update_channel)

    @property
    def shop_name(self) -> str:
        """The name the customer knows, for what the customer reads (consent lines, the privacy
        notice): the store's ``store_name``; in training the demo merchant's name ("Kopi
        Nusantara"), as the status bar and the code messages say. "" when none is set: the words
        then say "this store", never a store number the customer does not know."""
        if self.settings.store_name:
            return self.settings.store_name
        return self._training_name

    @property
    def store_label(self) -> str:
        """For staff (status bar, settings): the store's name, else its number."""
        if self.shop_name:
            return self.shop_name
        return tr("Store {id}").format(id=self.client.store) if self.client.store else ""


#: Writing a support file reads every log: never on the event loop.
_SUPPORT_THREAD = ThreadPoolExecutor(max_workers=1, thread_name_prefix="support-file")


async def save_support_file(backend: Backend, target: Path) -> Path:
    """Help -> "Save a support file": the redacted logs, version, settings without secrets and
    the outbox's counts by state and reason, in one zip (``support.build``)."""
    from pos_member import support

    outbox = backend.outbox
    counts = await outbox.run(outbox.summary) if outbox is not None else None
    build = functools.partial(support.build, target, log_dir=data_dir_path() / "logs", settings=backend.settings,
                              outbox_counts=counts)
    return await asyncio.get_running_loop().run_in_executor(_SUPPORT_THREAD, build)


@contextlib.asynccontextmanager
async def _with_outbox(backend: Backend, path: Path) -> AsyncIterator[Backend]:
    """The registration outbox and its background sender live as long as the client."""
    backend.outbox, backend.outbox_set_aside = open_or_set_aside(path)
    backend.sender = OutboxSender(backend.outbox, backend.client)
    backend.sender.start()
    try:
        yield backend
    finally:
        await backend.sender.stop()
        backend.outbox.close()


@contextlib.asynccontextmanager
async def open_backend(settings: Settings, *, training_db: Path | None = None,
                       training_members: int = 5000) -> AsyncIterator[Backend]:
    """The one ``StampsClient`` of the app, opened and closed inside the main coroutine."""
    api_codes.use(settings.codes)  # models and request bodies read the store's [codes] table
    if settings.training:
        from pos_member.sandbox import TrainingServer

        db = training_db or data_dir() / "training.sqlite3"
        server = TrainingServer(db, members=training_members)
        log.info("training mode: demo server at %s", db)
        levels = {row["level"]: Level(name=row["name"], spend=row["spending"])
                  for row in server.store.levels(server.merchant_id)}
        settings = settings.model_copy(update={
            "levels": settings.levels or levels,
            "manager_pin_hash": settings.manager_pin_hash or TRAINING_MANAGER_PIN_HASH,
        })
        try:
            client = StampsClient(TRAINING_BASE_URL, server.token, server.merchant_id, store=server.store_id,
                                  transport=server.transport(), timeout=settings.request_timeout_s)
            async with client:
                # Training registrations never share a queue with a real store's.
                async with _with_outbox(Backend(settings, client, server), db.with_name(db.stem + "-outbox.sqlite3")) as backend:
                    yield backend
        finally:
            server.close()
        return
    token = settings.token
    if token is None:
        from pos_member import credentials

        token = await credentials.fetch_token()  # keyring calls can block: not on the event loop
    if token is None:
        raise NoToken("no API token yet; the store manager connects this counter (manager PIN) or IT installs one")
    register_secret(token.get_secret_value())
    from pos_member import credentials

    client = StampsClient(str(settings.api_base_url), token, settings.merchant or 0, store=settings.store,
                          auth=settings.auth, timeout=settings.request_timeout_s, other_token=credentials.other_token)
    async with client:
        async with _with_outbox(Backend(settings, client, pin_tries=pin_tries_path()), outbox_path(settings)) as backend:
            async with _with_updates(backend):
                yield backend


@contextlib.asynccontextmanager
async def _with_updates(backend: Backend) -> AsyncIterator[None]:
    """The signed-update check (README "Signed updates") runs as long as the client, off the loop."""
    from pos_member.update import checker_for
    from pos_member.update.service import UpdateService

    cache = data_dir() / "update"
    # tuf takes ~150 ms to import: on a worker thread, not on the loop the window starts on
    checker = await asyncio.to_thread(checker_for, backend.settings, cache, __version__)
    if checker is None:
        if backend.settings.update_url is not None:
            log.warning("updates: update_url is set but this build has no trusted root: not checking")
        yield
        return
    from pos_member.update.apply import hand_over

    backend.updates = UpdateService(checker, status_dir=cache, on_ready=hand_over)
    backend.updates.start()
    try:
        yield
    finally:
        await backend.updates.stop()
