"""Bootstrap: settings, QApplication, the qasync loop, one backend, the cashier or kiosk window."""

from __future__ import annotations

import argparse
import asyncio
import functools
import logging
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from pos_member import upgrade
from pos_member.config import Settings, SettingsError, load_settings
from pos_member.i18n import tr

log = logging.getLogger("pos_member")
T = TypeVar("T")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="pos-member", description="Stamps membership counter app")
    parser.add_argument("--settings", type=Path, help="store settings file (TOML)")
    parser.add_argument("--mode", choices=["cashier", "kiosk"], help="override the settings' mode")
    parser.add_argument("--training", action="store_true", help="practise on the training server")
    parser.add_argument("--members", type=int, default=5000, help="demo members in a new training database")
    parser.add_argument("--quit-after", type=float, default=None, metavar="SECONDS", help=argparse.SUPPRESS)
    parser.add_argument("--debug", action="store_true", help="log at DEBUG (still redacted)")
    parser.add_argument("--no-sign-in", action="store_true", help="skip the cashier sign-in (demos, self-test)")
    parser.add_argument("--self-test", action="store_true", help="check this installation offscreen and exit")
    parser.add_argument("--import-token", action="store_true",
                        help="store the token from POS_MEMBER_IMPORT_TOKEN in the credential store and exit")
    parser.add_argument("--machine", action="store_true",
                        help="with --import-token: store it for every user of this machine (Windows, administrator)")
    parser.add_argument("--token-file", type=Path, help="with --import-token: read the token from this file")
    parser.add_argument("--request-close", action="store_true",
                        help="ask the copy running in this session to close for an upgrade (it keeps the "
                             "registration being typed and sends its outbox first) and exit: 0 closed, 1 none runs")
    parser.add_argument("--apply-update", action="store_true",
                        help="(the update task, as SYSTEM) install a verified update from update_url and exit")
    parser.add_argument("--check-install", action="store_true",
                        help="check this installation (store profile, token, Stamps, outbox), print what was "
                        "found and exit with a code per problem")
    parser.add_argument("--report", type=Path, help="with --check-install: also write the findings to this file")
    parser.add_argument("--write-store-profile", type=Path, help=argparse.SUPPRESS)  # elevated, from Settings
    parser.add_argument("--register-update-task", action="store_true",
                        help="(the installer, as an administrator) register the 'pos-member update' task and exit")
    return parser.parse_args(argv)


async def run_app(app, settings, args, instance=None) -> int:  # noqa: ANN001 (Qt types imported lazily)
    """First run, then the window; a "restart" (new store settings) reopens backend and window.
    ``instance`` (the single-instance channel) brings the window on screen to the front when a
    second copy is started."""
    from pos_member.config import first_run
    from pos_member.i18n.qt import apply_language
    from pos_member.runtime import data_dir, open_backend
    from pos_member.ui.counter.main_window import MainWindow
    from pos_member.ui.shared.aio import settle_heap
    from pos_member.ui.shared.ops import Ops

    loop = asyncio.get_running_loop()
    apply_language(settings.language)
    on_screen: list = [None]  # the window (or first-run dialog) a second start brings forward
    if instance is not None:
        from pos_member.instance import bring_to_front

        def raise_window(_message: dict) -> dict:
            log.info("a second start: bringing this copy's window to the front")
            bring_to_front(on_screen[0])
            return {}

        instance.on("raise", raise_window)
    closing = _CloseForUpgrade(on_screen)
    if instance is not None:
        instance.on(upgrade.CLOSE_REQUEST, closing.requested)
    if first_run() and not args.training and args.settings is None:
        from pos_member.ui.setup.dialogs import FirstRunDialog

        dialog = FirstRunDialog(Ops())
        on_screen[0] = dialog
        done: asyncio.Future[int] = loop.create_future()
        dialog.finished.connect(lambda result: _settle(done, result))
        dialog.open()
        await done
        if dialog.choice is None:
            return 0
        settings = _reload(args)
    cashier: str | None = None
    shift = None  # the cashier's shift, handed from a window to the one rebuilt for new settings
    while True:
        async with open_backend(settings, training_members=args.members) as backend:
            window: MainWindow | KioskWindow
            if settings.mode == "kiosk":
                from pos_member.ui.kiosk.window import KioskWindow

                window = KioskWindow(backend)
            else:
                window = MainWindow(backend, require_sign_in=not args.no_sign_in, cashier=cashier,
                                    drafts=data_dir())
                # Forms typed before the app closed or crashed: each to the cashier who typed it.
                window.restore_drafts(upgrade.take_drafts(data_dir()))
                if shift is not None:  # rebuilt for new settings (a language): the same customer
                    window.take_over(shift)
                shift = None
            on_screen[0] = window
            outcome: asyncio.Future[str] = loop.create_future()
            window.finished.connect(lambda how: _settle(outcome, how))  # noqa: B023 (awaited below)
            # Windows ends the session (log-off, shut-down): the process is killed soon after this
            # signal, so what was pressed and typed is kept now, without the event loop.
            log_off = functools.partial(keep_work, window)
            app.commitDataRequest.connect(log_off)
            if settings.mode != "kiosk":
                window.show()
                # Active with the keyboard from the start, and again after a restart (a language
                # switch): without a window manager nobody else makes it so, and its shortcuts
                # would do nothing while typing still reached the search box.
                window.raise_()
                window.activateWindow()
            if os.environ.get("POS_MEMBER_START_PROBE"):  # benchmarks/start.py: the first paint
                _report_first_paint(window)
            if backend.outbox_set_aside is not None:  # tell once, then it is a normal outbox again
                from pos_member.ui.counter.outbox_panel import set_aside_dialog

                set_aside_dialog(backend.outbox_set_aside, window)  # the window, its parent, keeps it
                backend.outbox_set_aside = None
            # Full garbage collections wait for a quiet counter (the kiosk keeps Python's own).
            settle_heap(window.quiet if isinstance(window, MainWindow) else None, window)
            if isinstance(window, MainWindow):
                window.start_prebuilding()  # the dialogs, built ahead in quiet moments
            if args.quit_after is not None:
                loop.call_later(args.quit_after, lambda: window.finish("quit"))  # noqa: B023 (this window's run)
            how = await outcome
            app.commitDataRequest.disconnect(log_off)
            cashier = window.cashier_code
            if how == "restart" and isinstance(window, MainWindow):
                shift = window.handover()
            on_screen[0] = None
            await close_window(window, backend, how)
            window.deleteLater()
            if how not in ("restart", "upgrade"):  # an upgrade: the installer runs already
                backend.between_customers(closing=True)  # the end of the shift: an update may go in
        if how == "upgrade":
            upgrade.start_relauncher()
            return upgrade.EXIT_CLOSED_FOR_UPGRADE
        if how != "restart":
            return 0
        before, settings = settings, _reload(args)
        if not same_counter(before, settings):
            shift = None  # another Stamps, merchant or store: its members are not these
        apply_language(settings.language)


def same_counter(before: Any, after: Any) -> bool:
    """Whether new settings still serve the same members (only words or looks changed)."""
    keys = ("api_base_url", "auth", "merchant", "store", "mode")
    return all(str(getattr(before, k, None)) == str(getattr(after, k, None)) for k in keys)


#: How long a kiosk shows "Updating — back in a minute" before it closes for an upgrade.
UPDATING_SHOWN_MS = 3000


class _CloseForUpgrade:
    """The installer's close request (its named event on Windows, or ``--request-close`` over the
    single-instance channel): the window on screen finishes with "upgrade" — a cashier's counter
    once the customer it serves is done (``MainWindow.serving``), within ``SERVING_WAIT_S``, else it
    stays and the installer retries later; a kiosk after saying "Updating — back in a minute"."""

    def __init__(self, on_screen: list, clock: Callable[[], float] = time.monotonic) -> None:
        self.on_screen = on_screen
        self.clock = clock
        self.timer = None
        self.waiting_since: float | None = None  # asked while a customer was served
        self.declined = False  # the request was given up: the event is not taken again while set
        from PySide6.QtCore import QTimer

        self.waiter = QTimer()
        self.waiter.setInterval(500)
        self.waiter.timeout.connect(self.check)
        if sys.platform == "win32":
            self.timer = QTimer()
            self.timer.setInterval(1000)
            self.timer.timeout.connect(self._poll)
            self.timer.start()

    def _poll(self) -> None:
        if not upgrade.close_requested():
            self.declined = False  # that installer has gone: the next one asks afresh
        elif not self.declined:
            self.requested({"request": upgrade.CLOSE_REQUEST, "reason": "installer"})

    def requested(self, message: dict) -> dict:
        window = self.on_screen[0]
        finish = getattr(window, "finish", None)
        if finish is None:  # the first-run dialog, or between two windows: nothing to keep
            log.info("upgrade: asked to close; no window to close yet")
            return {"closing": False}
        if self.waiting_since is not None:  # asked again (the event is polled): still waiting
            return {"closing": True}
        log.info("upgrade: asked to close (%s): keeping the draft, sending the outbox", str(message.get("reason"))[:20])
        from PySide6.QtCore import QTimer

        show = getattr(window, "show_updating", None)
        serving = getattr(window, "serving", None)
        if show is not None:  # a kiosk says so for a moment: people at it read why it goes away
            self._stop_polling()
            show()
            QTimer.singleShot(UPDATING_SHOWN_MS, lambda: finish("upgrade"))
        elif callable(serving) and serving():
            log.info("upgrade: a customer is being served; closing once they are done (at most %.0f s)",
                     upgrade.SERVING_WAIT_S)
            self.waiting_since = self.clock()
            window.show_notice(tr(upgrade.WAITING_FOR_CUSTOMER))
            self.waiter.start()
        else:
            self._stop_polling()
            QTimer.singleShot(0, lambda: finish("upgrade"))  # after this reply is on its way
        return {"closing": True}

    def check(self) -> None:
        """While a close waits for the customer to be done: close once they are, or give the
        request up after ``SERVING_WAIT_S`` (nothing is dropped; the installer retries later)."""
        if self.waiting_since is None:
            return
        window = self.on_screen[0]
        finish = getattr(window, "finish", None)
        serving = getattr(window, "serving", None)
        if finish is None or not callable(serving):  # the window went meanwhile
            self._stop_waiting()
            return
        if not serving():
            log.info("upgrade: the customer is done; closing for the upgrade")
            self._stop_waiting()
            self._stop_polling()
            finish("upgrade")
        elif self.clock() - self.waiting_since > upgrade.SERVING_WAIT_S:
            log.warning("upgrade: still serving a customer after %.0f s; not closing now (the installer "
                        "changes nothing and tries again later)", upgrade.SERVING_WAIT_S)
            self._stop_waiting()
            self.declined = True
            backend = getattr(window, "backend", None)
            if backend is not None:
                backend.install_put_off()  # the next free moment asks the update task again
            if window.notice.text() == tr(upgrade.WAITING_FOR_CUSTOMER):
                window.show_notice("")

    def _stop_waiting(self) -> None:
        self.waiting_since = None
        self.waiter.stop()

    def _stop_polling(self) -> None:
        if self.timer is not None:
            self.timer.stop()


def keep_work(window, *_session_manager: object) -> None:  # noqa: ANN001 (Qt types imported lazily)
    """Before a window goes, however it goes (closed, the installer's request, a log-off): a
    registration whose Register was pressed reaches the outbox (``MainWindow.hand_over_work``),
    and the forms typed and not sent are in the drafts file (each with its cashier)."""
    hand_over = getattr(window, "hand_over_work", None)
    if callable(hand_over):
        hand_over()
    write = getattr(window, "write_drafts", None)
    if callable(write):
        write()


async def close_window(window, backend, how: str) -> None:  # noqa: ANN001 (Qt types imported lazily)
    """The app's close sequence for a window that finished with ``how``: keep the work in flight,
    for an upgrade the draft and the outbox too, then shut the window down."""
    keep_work(window)
    if how == "upgrade":
        await _close_for_upgrade(window, backend)
    await window.shutdown()


async def _close_for_upgrade(window, backend) -> None:  # noqa: ANN001 (Qt types imported lazily)
    """Before the window goes for an upgrade (after ``keep_work``): the outbox sent (bounded)."""
    outbox = getattr(backend, "outbox", None)
    if outbox is None:
        return
    try:
        async with asyncio.timeout(upgrade.FLUSH_S):
            await outbox.deliver_due(backend.client)
    except TimeoutError:
        log.warning("upgrade: the outbox was not sent within %.0f s; it stays queued", upgrade.FLUSH_S)
    except Exception as exc:  # noqa: BLE001 (the outbox keeps what it could not send)
        log.warning("upgrade: the outbox could not be sent now (%s); it stays queued", type(exc).__name__)
    else:
        log.info("upgrade: outbox sent; %d left queued", outbox.pending_count())


def _request_close() -> int:
    """``--request-close``: 0 when the copy running in this session said it closes and did; 1 when
    none runs (or it did not answer); 2 when it would not close."""
    import time

    from PySide6.QtCore import QCoreApplication

    from pos_member.instance import send
    from pos_member.runtime import data_dir_path

    _app = QCoreApplication.instance() or QCoreApplication(sys.argv[:1])  # sockets need one, kept alive
    reply = send(data_dir_path(), upgrade.CLOSE_REQUEST, reason="request-close")
    if reply is None or not reply.get("ok"):
        print("pos-member: no copy of the app answered in this session")
        return 1
    if not reply.get("closing"):
        print("pos-member: the app could not close now")
        return 2
    from pos_member.instance import Instance

    end = time.monotonic() + upgrade.SERVING_WAIT_S + upgrade.FLUSH_S + 15  # a customer served first
    while time.monotonic() < end:  # until it has let go of the data folder
        probe = Instance(data_dir_path())
        if probe.acquire():
            probe.release()
            print("pos-member: the app closed")
            return 0
        time.sleep(0.25)
    print("pos-member: the app said it closes but still runs")
    return 2


def _settle(future: asyncio.Future[T], value: T) -> None:
    """Give a future its first result; later signals find it done."""
    if not future.done():
        future.set_result(value)


def _report_first_paint(window) -> None:  # noqa: ANN001
    from PySide6.QtCore import QEvent, QObject

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
            if event.type() == QEvent.Type.Paint:
                print("first-window", flush=True)
                watched.removeEventFilter(self)
            return False

    window.installEventFilter(FirstPaint(window))  # the window, its parent, keeps it alive


def _import_token(args: argparse.Namespace) -> int:
    """Silent installs pass the token in the environment or a token file (never the command
    line); keep it in the user's credential store, or with --machine for the whole machine."""
    import os

    from pos_member import credentials, machine_token

    token = os.environ.pop("POS_MEMBER_IMPORT_TOKEN", "").strip()
    if args.token_file is not None:
        try:
            token = machine_token.read_token_file(args.token_file)
        except (OSError, UnicodeDecodeError) as exc:
            print(f"pos-member: cannot read the token file: {type(exc).__name__}", file=sys.stderr)
            return 2
    if not token:
        print("pos-member: no token (POS_MEMBER_IMPORT_TOKEN or --token-file is empty)", file=sys.stderr)
        return 2
    try:
        if args.machine:
            where = f"in {machine_token.save_machine_token(token)}"
            _prepare_machine_folder()
        else:
            credentials.save_token(token)
            where = "in the credential store"
    except Exception as exc:  # noqa: BLE001 (keyring backends and DPAPI raise their own types)
        print(f"pos-member: could not store the token: {type(exc).__name__}", file=sys.stderr)
        return 1
    print(f"pos-member: token stored {where}")
    return 0


def _apply_update(args: argparse.Namespace) -> int:
    """The ``pos-member update`` task (SYSTEM): check with TUF in the machine's own folder and run
    the verified installer silently. 0: installed or nothing to do; 1: it failed or was refused."""
    import json
    from dataclasses import asdict

    from pos_member import __version__
    from pos_member.runtime import setup_logging
    from pos_member.update import checker_for
    from pos_member.update.apply import apply_update, machine_dir, user_caches

    folder = machine_dir()
    setup_logging(logging.INFO, folder / "logs")
    try:
        settings = load_settings(args.settings)
    except SettingsError as exc:
        log.error("update task: the store settings are not valid: %s", exc)
        return 1
    checker = checker_for(settings, folder, __version__)
    if checker is None:
        print(json.dumps({"outcome": "off", "reason": "no update_url, or no trusted root in this build"}))
        return 0
    applied = apply_update(checker, candidates=user_caches())
    print(json.dumps(asdict(applied)))
    return 1 if applied.outcome in ("failed", "refused") else 0


def _prepare_machine_folder() -> None:
    """At install (as an administrator): the counter's shared folder (machine-wide outbox, PIN
    tries), writable by every user of the counter."""
    from pos_member.runtime import machine_data_dir, share_with_users

    folder = machine_data_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        share_with_users(folder)
    except OSError as exc:
        print(f"pos-member: could not prepare {folder}: {type(exc).__name__}", file=sys.stderr)


def _reload(args) -> Settings:  # noqa: ANN001

    overrides = {"mode": args.mode} if args.mode else {}
    settings = load_settings(args.settings, **overrides)
    return settings.model_copy(update={"api_base_url": None}) if args.training else settings


#: Exit codes of a start that ended on a failure screen (the windowed build has no console).
EXIT_CODES = {"settings": 2, "token": 4, "data_folder": 5, "other": 1}
#: The kiosk's "out of order" page tries to start again this often.
KIOSK_RETRY_S = 30.0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.self_test:
        from pos_member.selftest import run

        return run()
    if args.import_token:
        return _import_token(args)
    if args.apply_update:
        return _apply_update(args)
    if args.register_update_task:
        from pos_member.update.apply import register_task

        code = register_task(sys.executable)
        print(f"pos-member: update task {'registered' if code == 0 else f'not registered (schtasks exit {code})'}")
        return 0 if code == 0 else 1
    if args.write_store_profile is not None:
        from pos_member.elevate import main_write_store_profile
        from pos_member.runtime import setup_logging

        setup_logging(logging.INFO)
        return main_write_store_profile(args.write_store_profile)
    if args.check_install:
        from pos_member.checkinstall import run as check_install

        return check_install(args.report)
    if args.request_close:
        return _request_close()
    failure, settings = _prepare(args)
    if upgrade.close_requested():  # started during an upgrade (a kiosk watchdog): it restarts us after
        log.info("upgrade: an upgrade is being installed; this start ends")
        return upgrade.EXIT_CLOSED_FOR_UPGRADE

    from PySide6.QtWidgets import QApplication

    from pos_member.i18n.qt import apply_language
    from pos_member.ui.shared.aio import QEventLoop

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("pos-member")
    app.setOrganizationName("pos-member")
    # Qt must not stop the loop when the window closes: the main coroutine still closes the client.
    app.setQuitOnLastWindowClosed(False)
    apply_language(settings.language if settings is not None else _profile_value(args, "language", "en"))
    instance = None
    if failure is None or failure.kind != "data_folder":
        from pos_member.flows import start
        from pos_member.runtime import data_dir_path

        try:
            one = _one_copy(data_dir_path())
        except OSError as exc:  # the lock file cannot be made: the data folder is not writable
            failure = start.data_folder(data_dir_path(), exc)
        else:
            if isinstance(one, int):
                return one
            instance = one
    try:
        with asyncio.Runner(loop_factory=QEventLoop) as runner:
            return runner.run(_start(app, args, settings, failure, instance))
    except KeyboardInterrupt:
        return 130
    finally:
        if instance is not None:
            instance.release()


def _prepare(args: argparse.Namespace):  # noqa: ANN202 (StartFailure | None, Settings | None)
    """The data folder, the log and the settings: what failed (shown by ``_start``), and the settings."""
    from pos_member.flows import start
    from pos_member.runtime import data_dir, data_dir_path, setup_logging

    level = logging.DEBUG if args.debug else logging.INFO
    failure = None
    try:
        setup_logging(level, data_dir() / "logs")
    except OSError as exc:
        failure = start.data_folder(Path(exc.filename) if exc.filename else data_dir_path(), exc)
        try:  # the log goes to this user's temporary folder meanwhile (and the Event Log, on Windows)
            setup_logging(level, Path(tempfile.gettempdir()) / "pos-member-logs")
        except OSError:
            setup_logging(level)
    try:
        return failure, _reload(args)
    except SettingsError as exc:
        return failure or start.bad_settings(exc.problems), None


async def _start(app, args, settings, failure, instance) -> int:  # noqa: ANN001
    """Run the app; any start-up failure is shown (a dialog, or the kiosk's "out of order" page that
    keeps retrying) and logged, never a silent exit or a restart loop."""
    import sqlite3

    from pos_member.flows import start
    from pos_member.i18n.qt import apply_language
    from pos_member.runtime import NoToken, data_dir_path

    page = None
    loop = asyncio.get_running_loop()
    started = loop.time()
    while True:
        if failure is None:
            if page is not None:
                page.close()
                page.deleteLater()
                page = None
            try:
                return await run_app(app, settings, args, instance)
            except NoToken:
                failure = start.no_token()
            except (OSError, sqlite3.Error) as exc:  # the data folder or the outbox cannot be written
                where = getattr(exc, "filename", None)
                failure = start.data_folder(Path(where) if where else data_dir_path(), exc)
            except Exception as exc:  # anything else: said, never a silent exit
                log.error("start-up failed", exc_info=exc)
                failure = start.other(exc)
        _report(failure)
        mode = settings.mode if settings is not None else (args.mode or _profile_value(args, "mode", "cashier"))
        if mode == "kiosk":
            from pos_member.ui.setup.start_failure import OutOfOrderPage

            if page is None:
                # --quit-after (tests): retry three times as often, and stop once that time is up.
                page = OutOfOrderPage(failure, KIOSK_RETRY_S if args.quit_after is None else args.quit_after / 3)
                log.info("the kiosk shows its out-of-order page and tries again every %.0f s", page.retry_s)
            page.show_failure(failure)
            await page.wait_retry()
            if args.quit_after is not None and loop.time() - started >= args.quit_after:
                page.close()
                return EXIT_CODES[failure.kind]
        else:
            from pos_member.ui.setup.start_failure import show_start_failure

            choice = await show_start_failure(failure, args.quit_after)
            if choice == "close":
                return EXIT_CODES[failure.kind]
            if choice == "connect" and settings is not None and not await _connect(settings):
                continue  # still no token: the failure dialog again
        failure, settings = _prepare(args)
        if settings is not None:
            apply_language(settings.language)


async def _connect(settings: Settings) -> bool:
    """No token: the manager connects the counter (behind the PIN). True when it was saved."""
    from pos_member.flows.pin import ManagerPinGate
    from pos_member.ui.setup.dialogs import ConnectDialog
    from pos_member.ui.shared.ops import Ops

    dialog = ConnectDialog(settings, Ops(), ManagerPinGate(settings.manager_pin_hash))
    done: asyncio.Future[int] = asyncio.get_running_loop().create_future()
    dialog.finished.connect(lambda result: _settle(done, result))
    dialog.open()
    result = await done
    dialog.deleteLater()
    return bool(result)


def _report(failure) -> None:  # noqa: ANN001 (StartFailure)
    """At ERROR in the log (and so in the Windows Event Log), in English for IT."""
    log.error("%s", failure.log_line)


def _profile_value(args: argparse.Namespace, key: str, default: str) -> str:
    """A value the settings could not give (they are not valid): read loosely from the files,
    so the failure screen is in the store's language and a kiosk still shows its page."""
    import tomllib

    from pos_member.config import settings_files

    files = [args.settings] if args.settings is not None else list(reversed(settings_files()))
    for path in files:
        try:
            value = tomllib.loads(path.read_text(encoding="utf-8-sig")).get(key)
        except (OSError, ValueError):
            continue
        if isinstance(value, str):
            return value
    return default


#: Exit code of a second start that found a copy it could not reach (another Windows session).
EXIT_ALREADY_RUNNING = 3
#: How long a second start keeps trying to reach the first (it may be starting up or closing).
REACH_FIRST_COPY_S = 5.0


def _one_copy(data: Path):  # noqa: ANN202 (Instance | int; Qt types imported lazily)
    """This copy's hold on the data folder, or the exit code of a second start: 0 when the copy
    already running came to the front, ``EXIT_ALREADY_RUNNING`` when it could not be reached."""
    import time

    from pos_member.instance import Instance, send

    instance = Instance(data)
    end = time.monotonic() + REACH_FIRST_COPY_S
    while True:
        if instance.acquire():
            instance.listen()
            return instance
        reply = send(data, "raise")
        if reply is not None and reply.get("ok"):
            log.info("pos-member already runs on %s: brought it to the front; this start ends", data)
            return 0
        if time.monotonic() >= end:
            break
        time.sleep(0.25)  # the first copy holds the lock but is not listening yet (or is closing)
    log.error("pos-member already runs on %s in another session: this start ends", data)
    _already_running_elsewhere(data)
    return EXIT_ALREADY_RUNNING


def _already_running_elsewhere(data: Path) -> None:
    from PySide6.QtWidgets import QMessageBox

    from pos_member.i18n import tr

    box = QMessageBox(QMessageBox.Icon.Information, tr("Membership counter"),
                      tr("The membership counter is already open on this computer, for another "
                         "Windows user. Close it there first, or sign in as that user."))
    box.setInformativeText(tr("For IT: the data folder {folder} is in use.").format(folder=data))
    if os.environ.get("QT_QPA_PLATFORM") != "offscreen":
        box.exec()
