"""Bootstrap: settings, QApplication, the qasync loop, one backend, the cashier or kiosk window."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from pathlib import Path

from pos_member.config import SettingsError, load_settings

log = logging.getLogger("pos_member")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="pos-member", description="Stamps membership counter app")
    parser.add_argument("--settings", type=Path, help="store settings file (TOML)")
    parser.add_argument("--mode", choices=["cashier", "kiosk"], help="override the settings' mode")
    parser.add_argument("--training", action="store_true", help="practise on the training server")
    parser.add_argument("--members", type=int, default=5000, help="demo members in a new training database")
    parser.add_argument("--quit-after", type=float, default=None, metavar="SECONDS", help=argparse.SUPPRESS)
    parser.add_argument("--debug", action="store_true", help="log at DEBUG (still redacted)")
    return parser.parse_args(argv)


async def run_app(app, backend_settings, args) -> int:  # noqa: ANN001 (Qt types imported lazily)
    from pos_member.runtime import open_backend
    from pos_member.ui.aio import settle_heap
    from pos_member.ui.main_window import MainWindow

    loop = asyncio.get_running_loop()
    closed: asyncio.Future[None] = loop.create_future()
    app.lastWindowClosed.connect(lambda: closed.done() or closed.set_result(None))
    async with open_backend(backend_settings, training_members=args.members) as backend:
        window = MainWindow(backend)
        window.show()
        settle_heap()
        if args.quit_after is not None:
            loop.call_later(args.quit_after, window.close)
        await closed
        await window.shutdown()
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
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

    from pos_member.ui.aio import QEventLoop

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("pos-member")
    app.setOrganizationName("pos-member")
    # Qt must not stop the loop when the window closes: the main coroutine still closes the client.
    app.setQuitOnLastWindowClosed(False)
    try:
        with asyncio.Runner(loop_factory=QEventLoop) as runner:
            return runner.run(run_app(app, settings, args))
    except KeyboardInterrupt:
        return 130
