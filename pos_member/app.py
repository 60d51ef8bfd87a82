"""Bootstrap: settings, QApplication, the qasync loop, one backend, the cashier or kiosk window."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from pathlib import Path
from typing import TypeVar

from pos_member.config import Settings, SettingsError, load_settings

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
    return parser.parse_args(argv)


async def run_app(app, settings, args) -> int:  # noqa: ANN001 (Qt types imported lazily)
    """First run, then the window; a "restart" (new store settings) reopens backend and window."""
    from pos_member.config import first_run
    from pos_member.i18n.qt import apply_language
    from pos_member.runtime import open_backend
    from pos_member.ui.counter.main_window import MainWindow
    from pos_member.ui.shared.aio import settle_heap
    from pos_member.ui.shared.ops import Ops

    loop = asyncio.get_running_loop()
    apply_language(settings.language)
    if first_run() and not args.training and args.settings is None:
        from pos_member.ui.setup.dialogs import FirstRunDialog

        dialog = FirstRunDialog(Ops())
        done: asyncio.Future[int] = loop.create_future()
        dialog.finished.connect(lambda result: _settle(done, result))
        dialog.open()
        await done
        if dialog.choice is None:
            return 0
        settings = _reload(args)
    cashier: str | None = None
    while True:
        async with open_backend(settings, training_members=args.members) as backend:
            window: MainWindow | KioskWindow
            if settings.mode == "kiosk":
                from pos_member.ui.kiosk.window import KioskWindow

                window = KioskWindow(backend)
            else:
                window = MainWindow(backend, require_sign_in=not args.no_sign_in, cashier=cashier)
            outcome: asyncio.Future[str] = loop.create_future()
            window.finished.connect(lambda how: _settle(outcome, how))  # noqa: B023 (awaited below)
            if settings.mode != "kiosk":
                window.show()
            if os.environ.get("POS_MEMBER_START_PROBE"):  # benchmarks/start.py: the first paint
                _report_first_paint(window)
            if backend.outbox_set_aside is not None:  # tell once, then it is a normal outbox again
                from pos_member.ui.counter.outbox_panel import set_aside_dialog

                set_aside_dialog(backend.outbox_set_aside, window)  # the window, its parent, keeps it
                backend.outbox_set_aside = None
            settle_heap()
            if args.quit_after is not None:
                loop.call_later(args.quit_after, lambda: window.finish("quit"))  # noqa: B023 (this window's run)
            how = await outcome
            cashier = window.cashier_code
            await window.shutdown()
            window.deleteLater()
        if how != "restart":
            return 0
        settings = _reload(args)
        apply_language(settings.language)


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
        else:
            credentials.save_token(token)
            where = "in the credential store"
    except Exception as exc:  # noqa: BLE001 (keyring backends and DPAPI raise their own types)
        print(f"pos-member: could not store the token: {type(exc).__name__}", file=sys.stderr)
        return 1
    print(f"pos-member: token stored {where}")
    return 0


def _reload(args) -> Settings:  # noqa: ANN001
    from pos_member.config import load_settings

    overrides = {"mode": args.mode} if args.mode else {}
    settings = load_settings(args.settings, **overrides)
    return settings.model_copy(update={"api_base_url": None}) if args.training else settings


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.self_test:
        from pos_member.selftest import run

        return run()
    if args.import_token:
        return _import_token(args)
    from pos_member.runtime import data_dir, setup_logging

    setup_logging(logging.DEBUG if args.debug else logging.INFO, data_dir() / "logs")
    overrides = {"mode": args.mode} if args.mode else {}
    try:
        settings = load_settings(args.settings, **overrides)
    except SettingsError as exc:
        print(f"pos-member: the store settings are not valid:\n{exc}", file=sys.stderr)
        return 2
    if args.training:
        settings = settings.model_copy(update={"api_base_url": None})

    from PySide6.QtWidgets import QApplication

    from pos_member.ui.shared.aio import QEventLoop

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("pos-member")
    app.setOrganizationName("pos-member")
    # Qt must not stop the loop when the window closes: the main coroutine still closes the client.
    app.setQuitOnLastWindowClosed(False)
    try:
        with asyncio.Runner(loop_factory=QEventLoop) as runner:
            return runner.run(run_app(app, settings, args))
    except KeyboardInterrupt:
        return 130
