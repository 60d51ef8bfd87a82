"""``pos-member --self-test``: start offscreen in training mode, find a demo member, open the
profile, exit 0. Any failure prints what went wrong and exits 1. Checks a build on any machine.
The windowed Windows build has no console: ``POS_MEMBER_SELFTEST_OUT=<file>`` gets the same lines
(tools/build.py prints it, so the Windows workflow shows the bundle's own report)."""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import cast

from pos_member.checkinstall import console

TIMEOUT_S = 60


def run() -> int:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    with tempfile.TemporaryDirectory(prefix="pos-member-selftest-") as tmp:
        os.environ["POS_MEMBER_DATA_DIR"] = tmp
        os.environ["POS_MEMBER_CONFIG_DIR"] = str(Path(tmp) / "config")
        from PySide6.QtWidgets import QApplication

        from pos_member.ui.shared.aio import QEventLoop

        app = cast(QApplication, QApplication.instance() or QApplication(sys.argv[:1]))
        app.setQuitOnLastWindowClosed(False)
        started = time.perf_counter()
        try:
            with asyncio.Runner(loop_factory=QEventLoop) as runner:
                steps = runner.run(asyncio.wait_for(_check(Path(tmp)), TIMEOUT_S))
        except Exception as exc:  # noqa: BLE001 (report anything, exit non-zero)
            _say(f"self-test FAILED: {type(exc).__name__}: {exc}", error=True)
            return 1
    for step in steps:
        _say(f"ok  {step}")
    _say(f"self-test passed in {time.perf_counter() - started:.1f} s")
    return 0


def _say(line: str, *, error: bool = False) -> None:
    # the windowed exe has no stdout: the console it was started from, if any
    print(line, file=(sys.stderr if error else sys.stdout) or console())
    out = os.environ.get("POS_MEMBER_SELFTEST_OUT")
    if out:
        with open(out, "a", encoding="utf-8") as report:
            report.write(line + "\n")


async def _check(tmp: Path) -> list[str]:
    from pos_member.config import load_settings
    from pos_member.i18n.qt import apply_language, compile_catalogue
    from pos_member.runtime import open_backend
    from pos_member.ui.counter.main_window import MainWindow

    steps = []
    if compile_catalogue("id") is None or not apply_language("id"):
        raise RuntimeError("Indonesian translations are missing from the build")
    apply_language("en")
    steps.append("translations load")
    from pos_member.update import selfcheck

    steps.append(await asyncio.to_thread(selfcheck.check))  # tuf, securesystemslib, ed25519 are in the bundle
    settings = load_settings().model_copy(update={"api_base_url": None})
    async with open_backend(settings, training_db=tmp / "training.sqlite3", training_members=200) as backend:
        steps.append("training server and client")
        window = MainWindow(backend)
        window.show()
        try:
            window.search_box.setText("budi san")
            await _until(lambda: window.results.query == "budi san" and "Budi Santoso" in window.results.names(),
                         "search shows Budi Santoso")
            steps.append("search finds a demo member")
            chosen = window.results.current_suggestion()
            assert chosen is not None
            window.session.open_suggestion(chosen)
            await _until(lambda: window.session.member is not None and window.session.member.complete,
                         "profile opens completely")
            member = window.session.member
            assert member is not None and member.details is not None and member.details.membership is not None
            steps.append(f"profile opens: {member.name}, tier {member.details.membership.level_text}")
        finally:
            window.finish("quit")
            await window.shutdown()
    return steps


async def _until(predicate, what: str, timeout: float = 20.0) -> None:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        await asyncio.sleep(0.02)
