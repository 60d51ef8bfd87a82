"""Read every cashier and kiosk screen through a real screen-reader stack (AT-SPI), in each language.

    python -m tools.atspi_audit [--language en id] [--json FILE]

Starts its own Xvfb, session D-Bus and AT-SPI bus, then the app (training mode, on the xcb platform
with Qt accessibility on) in a child process that opens each screen and has atspi_walker.py (system
Python + python3-pyatspi) read it. Prints, per screen, the controls read and the problems found;
exits 1 when there is any problem, 2 when the AT-SPI stack is missing.
Debian packages: xvfb dbus-daemon at-spi2-core python3-pyatspi gir1.2-atspi-2.0.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script
    sys.path.insert(0, str(ROOT))
from tools import xvfb  # noqa: E402

WALKER = Path(__file__).with_name("atspi_walker.py")
SYSTEM_PYTHON = "/usr/bin/python3"
CASHIER_SCREENS = ("cashier start", "suggestions", "no match", "member profile", "registration")
#: Further cashier windows read too (not in the issue's list, the same rules).
DIALOGS: dict[str, Callable[[Any], Any]] = {
    "edit profile": lambda w: w.open_action("edit"),
    "change phone": lambda w: w.open_action("phone"),
    "change email": lambda w: w.open_action("email"),
    "tags": lambda w: w.open_action("tags"),
    "set level": lambda w: w.open_action("level"),
    "anonymise": lambda w: w.open_action("anonymise"),
    "quick registration": lambda w: w.open_quick_registration("dian.baru@example.com"),
    "outbox": lambda w: w.open_outbox(),
    "help": lambda w: w.open_help(),
    "settings": lambda w: w.open_settings(),
    "customer phone": lambda w: w.show_customer_phone(),
    "sign-in": lambda w: w.open_sign_in(),
}
KIOSK_STEPS = ("welcome", "name", "mobile", "email", "birthday", "gender", "consent", "summary", "done", "already",
               "still_there", "admin")
SCREENS = CASHIER_SCREENS + tuple(DIALOGS) + tuple(f"kiosk {step}" for step in KIOSK_STEPS)
KINDS = ("unnamed", "placeholder", "decorated", "unlabelled")
BUS_LAUNCHERS = ("/usr/libexec/at-spi-bus-launcher", "/usr/lib/at-spi2-core/at-spi-bus-launcher")


def missing() -> list[str]:
    """What this machine lacks for the walk (empty when it can run)."""
    gaps = [tool for tool in ("Xvfb", "dbus-daemon") if shutil.which(tool) is None]
    if not any(Path(p).exists() for p in BUS_LAUNCHERS):
        gaps.append("at-spi2-core")
    probe = subprocess.run([SYSTEM_PYTHON, "-c", "import pyatspi"], capture_output=True) \
        if Path(SYSTEM_PYTHON).exists() else None
    if probe is None or probe.returncode != 0:
        gaps.append("python3-pyatspi")
    return gaps


# ---------------------------------------------------------------------------- the stack (parent side)

@contextlib.contextmanager
def stack(display: str | None = None) -> Iterator[dict[str, str]]:
    """Xvfb, a session bus and the AT-SPI bus, started in that order; yields the environment for the app."""
    procs: list[subprocess.Popen] = []
    try:
        if display is None:
            server, display = xvfb.start("1280x800")
            procs.append(server)
        bus = subprocess.Popen(["dbus-daemon", "--session", "--nofork", "--print-address=1"],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        procs.append(bus)
        assert bus.stdout is not None  # stdout=PIPE
        address = bus.stdout.readline().strip()
        env = dict(os.environ, DISPLAY=display, DBUS_SESSION_BUS_ADDRESS=address, QT_QPA_PLATFORM="xcb",
                   QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1", NO_AT_BRIDGE="0")
        launcher = next(p for p in BUS_LAUNCHERS if Path(p).exists())
        procs.append(subprocess.Popen([launcher, "--launch-immediately"], env=env,
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        deadline = time.monotonic() + 10
        while subprocess.run(["dbus-send", "--session", "--print-reply", "--dest=org.a11y.Bus", "/org/a11y/bus",
                              "org.a11y.Bus.GetAddress"], env=env, capture_output=True).returncode != 0:
            if time.monotonic() > deadline:
                raise RuntimeError("the AT-SPI bus did not start")
            time.sleep(0.05)
        yield env
    finally:
        for proc in reversed(procs):
            proc.terminate()
        for proc in procs:
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=5)
            if proc.stdout is not None:
                proc.stdout.close()


def audit(languages: list[str], display: str | None = None, dump: bool = False) -> list[dict[str, Any]]:
    """Run the screens in a child app process under a fresh stack; one result per screen and language."""
    with stack(display) as env, tempfile.TemporaryDirectory() as tmp:
        env = dict(env, POS_MEMBER_CONFIG_DIR=tmp, POS_MEMBER_DATA_DIR=tmp)
        out = Path(tmp) / "results.json"
        subprocess.run([sys.executable, "-m", "tools.atspi_audit", "--inside", "--json", str(out),
                        *(["--dump"] if dump else []), "--language", *languages], env=env, check=True, timeout=300,
                       cwd=Path(__file__).resolve().parent.parent)
        return json.loads(out.read_text())


# ---------------------------------------------------------------------------- the screens (child side)

class Reader:
    """The walker process, asked to read one window while the Qt loop keeps answering its questions."""

    def __init__(self, dump: bool = False) -> None:
        from PySide6.QtCore import QProcess

        self.dump = dump
        self.proc = QProcess()
        self.proc.setProgram(SYSTEM_PYTHON)
        self.proc.setArguments([str(WALKER)])
        self.proc.start()
        if not self.proc.waitForStarted(10_000):
            raise RuntimeError("the AT-SPI walker did not start")

    async def read(self, window) -> dict[str, Any]:  # noqa: ANN001
        from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit

        widgets = [w for w in QApplication.allWidgets() if w.window() is window and w.isVisible()]
        request = {
            "pid": os.getpid(),
            "window": window.windowTitle(),
            "placeholders": [w.placeholderText() for w in widgets if isinstance(w, QLineEdit)],
            "values": [w.currentText() for w in widgets if isinstance(w, QComboBox)],
            "dump": self.dump,
        }
        self.proc.write((json.dumps(request) + "\n").encode())
        deadline = time.monotonic() + 30
        while not self.proc.canReadLine():
            if self.proc.state() == self.proc.ProcessState.NotRunning or time.monotonic() > deadline:
                raise RuntimeError(f"the AT-SPI walker gave no answer: {bytes(self.proc.readAllStandardError().data())!r}")
            await asyncio.sleep(0.01)
        answer = json.loads(bytes(self.proc.readLine().data()).decode())
        if "error" in answer:
            raise RuntimeError(f"AT-SPI walker: {answer['error']}")
        return answer

    def close(self) -> None:
        self.proc.closeWriteChannel()
        self.proc.waitForFinished(5000)


async def until(predicate: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("screen did not reach the expected state")
        await asyncio.sleep(0.02)


async def settle() -> None:
    await asyncio.sleep(0.1)  # let the screen lay itself out before it is read


async def cashier_screens(backend, shot: Callable[..., Awaitable[None]]) -> None:  # noqa: ANN001
    from PySide6.QtTest import QTest

    from pos_member.i18n import tr
    from pos_member.ui.counter.main_window import MainWindow
    from pos_member.ui.shared.a11y import spoken

    window = MainWindow(backend)
    window.show()
    try:
        await until(lambda: window.monitor.state == "online")
        await settle()
        await shot("cashier start", window, online=spoken(tr("● Online"))[0])  # the state a reader must hear
        QTest.keyClicks(window.search_box, "budi s")
        await until(lambda: window.stack.currentWidget() is window.results and window.results.query == "budi s")
        await settle()
        await shot("suggestions", window)
        window.search_box.clear()
        QTest.keyClicks(window.search_box, "zzqx")
        await until(lambda: window.stack.currentWidget() is window.no_match)
        await settle()
        await shot("no match", window)
        window.open_member("budi.santoso@example.com")
        await until(lambda: window.loader.current is not None and window.loader.current.complete)
        window.profile_view.toggle.setChecked(True)  # the details too
        await settle()
        await shot("member profile", window)
        dialog = window.open_registration({"name": "Rina Kusuma"})
        await settle()
        await shot("registration", dialog)
        dialog.reject()
        for screen, open_dialog in DIALOGS.items():  # member actions first: signing in again closes the member
            dialog = open_dialog(window)
            await settle()
            await shot(screen, dialog)
            dialog.close()
    finally:
        window.close()
        await window.shutdown()
        window.deleteLater()


async def kiosk_screens(backend, shot: Callable[..., Awaitable[None]]) -> None:  # noqa: ANN001
    from pos_member.ui.kiosk.window import KioskWindow

    window = KioskWindow(backend, fullscreen=False)
    window.resize(1024, 768)
    window.show()
    try:
        for step in KIOSK_STEPS:
            window.show_step(step)
            await settle()
            await shot(f"kiosk {step}", window)
    finally:
        window.finish("quit")
        await window.shutdown()
        window.deleteLater()


async def inside(languages: list[str], dump: bool = False) -> list[dict[str, Any]]:
    from pos_member.config import load_settings
    from pos_member.i18n.qt import apply_language
    from pos_member.runtime import open_backend

    reader = Reader(dump)
    results: list[dict[str, Any]] = []
    settings = load_settings().model_copy(update={"api_base_url": None})
    try:
        with tempfile.TemporaryDirectory() as tmp:
            async with open_backend(settings, training_db=Path(tmp) / "a11y.sqlite3", training_members=300) as backend:
                for language in languages:
                    apply_language(language)

                    async def shot(screen: str, window, **expected: str) -> None:  # noqa: ANN001
                        answer = await reader.read(window)
                        results.append({"language": language, "screen": screen, "expected": expected} | answer)  # noqa: B023 (read during this language's walk)

                    await cashier_screens(backend, shot)
                    await kiosk_screens(backend, shot)
                apply_language("en")
    finally:
        reader.close()
    return results


def report(results: list[dict[str, Any]]) -> str:
    lines = []
    for r in results:
        kinds = [p["kind"] for p in r["problems"]]
        counts = ", ".join(f"{kinds.count(k)} {k}" for k in KINDS)
        lines.append(f"{r['language']}  {r['screen']:<18} {r['controls']:3d} controls: {counts}  ({r['seconds']:.2f} s)")
        for p in r["problems"]:
            lines.append(f"      {p['kind']:<11} {p['role']} {p['name']!r} [{p['id']}]")
        for n in r.get("nodes", []):
            lines.append(f"      . {n['role']} {n['name']!r} desc={n['description']!r} label={n['label']!r}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.atspi_audit", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--language", nargs="+", default=["en", "id"], choices=["en", "id"])
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--display", help="use this running X display instead of starting Xvfb")
    parser.add_argument("--dump", action="store_true", help="list every control read, not only problems")
    parser.add_argument("--inside", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.inside:
        from PySide6.QtWidgets import QApplication

        from pos_member.ui.shared.aio import QEventLoop

        existing = QApplication.instance()
        app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
        app.setQuitOnLastWindowClosed(False)
        with asyncio.Runner(loop_factory=QEventLoop) as runner:
            results = runner.run(inside(args.language, args.dump))
        args.json.write_text(json.dumps(results, indent=1))
        return 0
    gaps = missing()
    if gaps:
        print(f"cannot walk AT-SPI, missing: {' '.join(gaps)}", file=sys.stderr)
        return 2
    started = time.monotonic()
    results = audit(args.language, args.display, args.dump)
    print(report(results))
    print(f"walked {len(results)} screens in {time.monotonic() - started:.1f} s")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    return 1 if any(r["problems"] for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
