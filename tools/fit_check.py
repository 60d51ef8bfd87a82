"""Does every window fit the screens stores have? The real app on Xvfb at each size and scale.

    python tools/fit_check.py [--mode cashier kiosk] [--only 1024x768@1.5 ...] [--shots DIR]
                              [--display N]

For each screen size one Xvfb (tools/xvfb.py: a free display, or N); for each scale
(``QT_SCALE_FACTOR``) one app process in training mode, which shows its window in English, then
restarts it in Indonesian the way a settings change does. At the counter a member with a
100-character name (the app's limit) is open, then the registration form, Edit profile and Change
phone (a form that scrolls: once more scrolled to its end); at the kiosk every page is shown in turn, and the email step once more with an answer from
Stamps longer than any the kiosk lists. Inside the app each screen is checked:

- the window lies inside the screen and asks for no more than the screen (its minimum size);
- every visible interactive control (buttons, fields, boxes) lies inside the screen and is not cut
  by its parent (a control scrolled out of a scroll area's view is reachable, so it passes);
- no scroll area's content is wider than its view: a form never scrolls sideways, so a label, box,
  button or field whose text needs more than the view shows of it is cut (Edit profile once cut
  "Customer agrees that Kopi Nusantara sends them promos on WhatsA…" there, unseen by this check);
- no text is cut, scrolled out of the view or not: a button or box narrower than its text (one
  whose words wrap: lower than its lines), a field squeezed lower than its text, a one-line label
  narrower or lower than its text, a wrapped label shorter than its lines. A label elided on
  purpose must carry the full text in its tooltip and accessible name.

Each screen is photographed (ImageMagick's ``import``) as ``MODE-LANG-WxH@SCALE-SCREEN.png``:
open them and look. Prints one line per screen; exits 1 if any screen has a problem.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script
    sys.path.insert(0, str(ROOT))
from tools import xvfb  # noqa: E402

CASHIER_CASES = [(w, h, s) for (w, h) in ((1024, 768), (1280, 720), (1366, 768)) for s in (1.0, 1.25, 1.5)]
KIOSK_CASES = [(800, 1280, 1.0), (800, 1280, 1.25), (1024, 768, 1.0), (1024, 768, 1.25), (1280, 800, 1.0),
               (1280, 800, 1.25), (1920, 1080, 1.5)]
#: A refusal longer than any the kiosk lists (it is cut in the room kept for errors).
UNLISTED = ("Stamps does not allow this counter to do this. Ask the store manager to check the counter's "
            "permissions. Code: registration_refused_by_merchant_policy. ") * 3
#: The app's own limit for a name (flows/registration.py), all of it shown somewhere.
LONG_NAME = ("Raden Ajeng Kartika Dewi Sekar Ayu Purnamasari Wulandari Kusumawardhani "
             "Prameswari Hadiningrat Putri")[:100]


# ---------------------------------------------------------------------------- inside the app (child)

def screen_problems(window: Any) -> list[str]:
    """What does not fit on ``window``'s screen (Qt's logical pixels)."""
    from PySide6.QtCore import QPoint, QRect
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractScrollArea,
        QComboBox,
        QLabel,
        QLineEdit,
        QScrollArea,
        QWidget,
    )

    from pos_member.ui.shared.fit import ElidedLabel

    problems: list[str] = []
    screen = window.screen().geometry()
    frame = window.frameGeometry()
    title = type(window).__name__
    if not screen.contains(frame):
        problems.append(f"{title}: window {rect_text(frame)} outside the screen {rect_text(screen)}")
    need = window.minimumSizeHint().expandedTo(window.minimumSize())
    if need.width() > screen.width() or need.height() > screen.height():
        pages = getattr(window, "pages", {})
        widest = max(pages.items(), key=lambda kv: kv[1].minimumSizeHint().width(), default=None)
        tallest = max(pages.items(), key=lambda kv: kv[1].minimumSizeHint().height(), default=None)
        why = (f" (widest page {widest[0]} {widest[1].minimumSizeHint().width()}, tallest {tallest[0]} "
               f"{tallest[1].minimumSizeHint().height()})") if widest and tallest else ""
        problems.append(f"{title}: asks for at least {need.width()}x{need.height()}, the screen is "
                        f"{screen.width()}x{screen.height()}{why}")

    def name(widget: QWidget) -> str:
        text = widget.text() if hasattr(widget, "text") and callable(widget.text) else ""
        text = text if isinstance(text, str) else ""
        label = widget.accessibleName() or text or widget.objectName()
        if not label and isinstance(widget.parentWidget(), QAbstractButton):
            label = f"in {name(widget.parentWidget())}"  # the words a box draws with a label of its own
        return f"{type(widget).__name__} {label[:60]!r}"

    def visible_part(widget: QWidget) -> tuple[QRect | None, QRect | None, QRect]:
        """The part of ``widget`` its ancestors let through, in global coordinates (None when it
        sits in a scroll area outside the view: a scroll bar reaches it); the scroll area's view
        when the widget sticks out of it sideways (a form never scrolls sideways: that part is
        cut), else None; and where the widget must be on the screen (up and down, only the part
        inside a scroll area's view: the rest is scrolled to)."""
        whole = QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())
        area = QRect(whole)
        parent = widget.parentWidget()
        while parent is not None:
            bounds = QRect(parent.mapToGlobal(QPoint(0, 0)), parent.size())
            scroller = parent.parentWidget()
            if isinstance(scroller, QAbstractScrollArea) and scroller.viewport() is parent:
                sideways = None
                if area.left() < bounds.left() or area.right() > bounds.right():
                    sideways = bounds
                # Up or down out of the view: reachable by scrolling (what is cut sideways is not).
                if area.top() > bounds.bottom() or area.bottom() < bounds.top():
                    return None, sideways, whole
                top, bottom = max(whole.top(), bounds.top()), min(whole.bottom(), bounds.bottom())
                return area, sideways, QRect(whole.left(), top, whole.width(), bottom - top + 1)
            area = area.intersected(bounds)
            parent = parent.parentWidget()
        return area, None, whole

    for area in window.findChildren(QScrollArea):
        content = area.widget()
        if not area.isVisible() or area.window() is not window or content is None or not content.isVisible():
            continue
        if content.width() > area.viewport().width() + 1:
            problems.append(f"{title}'s scroll area {area.objectName()!r}: its "
                            f"content is {content.width()} px wide in a view of {area.viewport().width()} "
                            f"(a form must never need a sideways scroll)")

    def text_cut(widget: QWidget, width: int) -> str | None:
        """Why ``widget``'s text does not fit ``width`` pixels and its height, or None."""
        if isinstance(widget, ElidedLabel) or widget.property("elides"):
            return None  # cut with "…" on purpose (checked below)
        if isinstance(widget, QLineEdit):
            need = widget.minimumSizeHint().width()
            return f"{width} px wide, needs {need}" if width < need - 1 else None
        if isinstance(widget, (QAbstractButton, QComboBox)):
            if widget.hasHeightForWidth():  # its words wrap (a consent question): all its lines shown?
                need = widget.heightForWidth(width)
                return f"wrapped, {widget.height()} px high at {width} px wide, needs {need}" \
                    if need > widget.height() + 1 else None
            need = widget.sizeHint().width()
            return f"{width} px wide, needs {need}" if width < need - 1 else None
        if isinstance(widget, QLabel) and widget.text():
            if widget.pixmap() is not None and not widget.pixmap().isNull():
                return None
            if widget.wordWrap():
                need = widget.heightForWidth(width)
                return f"wrapped, {widget.height()} px high at {width} px wide, needs {need}" \
                    if need > widget.height() + 1 else None
            hint = widget.minimumSizeHint()
            if width < hint.width() - 1:
                return f"{width} px wide, needs {hint.width()}"
            if widget.height() < hint.height() - 1:
                return f"{widget.height()} px high, needs {hint.height()}"
        return None

    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or widget.window() is not window:
            continue
        interactive = isinstance(widget, (QAbstractButton, QLineEdit, QComboBox))
        if not interactive and not isinstance(widget, QLabel):
            continue
        if isinstance(widget.parentWidget(), QLineEdit):
            continue  # Qt's own × inside a field
        whole = QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())
        part, view, reach = visible_part(widget)
        if view is not None:
            # Out of a scroll area's view sideways: only what its view shows counts (a form never
            # scrolls sideways). A field merely stretched past the edge is not the culprit; a text
            # that needs more than the view shows of it is.
            shown = max(0, min(whole.right(), view.right()) - max(whole.left(), view.left()) + 1)  # sideways only
            why = text_cut(widget, shown)
            if why is not None:
                problems.append(f"{name(widget)} at {rect_text(whole)} is cut by the edge of its scroll area's view "
                                f"{rect_text(view)}: {why}")
                continue
        if part is not None:
            if interactive and not screen.contains(reach):
                problems.append(f"{name(widget)} at {rect_text(whole)} is off the screen")
            elif interactive and part != whole and view is None:
                problems.append(f"{name(widget)} at {rect_text(whole)} is cut to {rect_text(part)}")
            elif (isinstance(widget, QLabel) and not part.isEmpty() and part.width() < whole.width() - 2
                  and not widget.wordWrap()):
                problems.append(f"{name(widget)} at {rect_text(whole)} is cut to {rect_text(part)}")
        # Its text in its own rect, wherever it is (scrolled out of the view included).
        if isinstance(widget, ElidedLabel):
            if widget.toolTip() != widget.text() or widget.accessibleName() != widget.text():
                problems.append(f"{name(widget)}: elided without the full text in its tooltip and accessible name")
            continue
        if isinstance(widget, (QLineEdit, QComboBox)) and widget.height() < widget.sizeHint().height() - 2:
            problems.append(f"{name(widget)}: squeezed ({widget.height()} px high, needs {widget.sizeHint().height()})")
        if isinstance(widget, (QAbstractButton, QComboBox, QLabel)):
            why = text_cut(widget, widget.width())
            if why is not None:
                problems.append(f"{name(widget)}: text cut ({why})")
    return problems


def rect_text(r: Any) -> str:
    return f"{r.width()}x{r.height()}+{r.x()}+{r.y()}"


def child(work: Path, mode: str) -> int:
    """The app, with a script that shows each screen, checks it and waits for its photograph."""
    import asyncio

    sys.path.insert(0, str(ROOT))
    from pos_member import app as app_module

    done: set[str] = set()
    member: dict[str, Any] = {}

    async def pause(shot: str, window: Any, lang: str) -> None:
        from PySide6.QtWidgets import QApplication

        await asyncio.sleep(0.25)
        QApplication.processEvents()
        windows = [w for w in QApplication.topLevelWidgets() if w.isVisible() and w.isWindow()]
        problems = []
        for w in windows:
            problems += screen_problems(w)
        report = {"shot": f"{lang}-{shot}", "problems": problems,
                  "windows": {type(w).__name__: rect_text(w.frameGeometry()) for w in windows},
                  "screen": rect_text(window.screen().geometry())}
        ready = work / f"{lang}-{shot}.json"
        part = ready.with_suffix(".part")
        part.write_text(json.dumps(report))
        part.replace(ready)  # never read half written
        taken = ready.with_suffix(".taken")
        while not taken.exists():
            await asyncio.sleep(0.05)

    def scroll_to_end(widget: Any) -> bool:
        """Scroll each scroll area of ``widget`` that has more below to its end; whether any had."""
        from PySide6.QtWidgets import QApplication, QScrollArea

        moved = False
        for area in widget.findChildren(QScrollArea):
            bar = area.verticalScrollBar()
            if area.isVisible() and bar.maximum() > bar.value():
                bar.setValue(bar.maximum())
                moved = True
        QApplication.processEvents()
        return moved

    async def cashier(window: Any) -> None:
        from pos_member.i18n import language

        lang = language()
        await window.settled()
        if "key" not in member:
            stamp = f"{os.getpid() % 10000:04d}"
            customer = await window.backend.client.register(
                name=LONG_NAME, email=f"fit.check.{stamp}@example.com", mobile_number=f"081290{stamp}11")
            member["key"] = customer.user.id if getattr(customer, "user", None) else customer.id
        window.open_member(member["key"])
        for _ in range(100):
            await window.settled()
            if window.session.member is not None and window.session.member.complete:
                break
            await asyncio.sleep(0.1)
        await pause("profile", window, lang)
        more = getattr(window, "more_actions", None)
        if more is not None and more.isVisible():
            menu = more.menu()
            menu.popup(more.mapToGlobal(more.rect().bottomLeft()))
            await pause("more", window, lang)
            menu.hide()
        # The windows the cashier opens most: registration and the member's own changes.
        for shot, opened in (("registration", window.open_registration), ("edit", lambda: window.open_action("edit")),
                             ("phone", lambda: window.open_action("phone"))):
            dialog = opened()
            await pause(shot, window, lang)
            if scroll_to_end(dialog):  # what a person scrolls to: photographed too
                await pause(f"{shot}-end", window, lang)
            dialog.reject()
            await asyncio.sleep(0.1)
        if lang == "en":
            os.environ["POS_MEMBER_LANGUAGE"] = "id"
            window.finish("restart")
        else:
            window.finish("quit")

    async def kiosk(window: Any) -> None:
        from pos_member.flows.kiosk import KioskOutcome

        session = window.session
        stamp = f"{os.getpid() % 10000:04d}"
        for lang in ("en", "id"):
            if session.language != lang:
                window.switch_language(lang)
            await asyncio.sleep(0.2)
            session.keep({"name": "Ani Wijaya"})  # the email step proposes addresses from it
            for step in ("welcome", "name", "mobile", "email", "birthday", "gender", "consent"):
                window.show_step(step)
                await pause(step, window, lang)
            # An answer from Stamps the kiosk has no words of its own for, under the email's keys.
            window.show_step("email")
            session.registered(KioskOutcome("invalid", errors={"email": UNLISTED}))
            await pause("email-refused", window, lang)
            session.field_edited("email")
            # A real registration, a long name and all: the summary, then the member number and QR.
            session.keep({"name": LONG_NAME, "mobile_number": f"08129{stamp}{'1' if lang == 'en' else '2'}11",
                          "email": f"fit.kiosk.{stamp}.{lang}@example.com", "birthday": "30-05-1993",
                          "gender": "female", "allow_whatsapp_marketing": True})
            window.show_step("summary")
            await pause("summary", window, lang)
            if scroll_to_end(window.pages["summary"]):
                await pause("summary-end", window, lang)
            session.next({})
            for _ in range(100):
                if session.step == "done" and not session.busy:
                    break
                await asyncio.sleep(0.1)
            await pause(session.step, window, lang)
            for step in ("already", "still_there", "admin", "close"):
                window.show_step(step)
                await pause(step, window, lang)
            window.wipe()
        window.finish("quit")

    from pos_member.ui.counter import main_window
    from pos_member.ui.kiosk import window as kiosk_window

    original_kiosk = kiosk_window.KioskWindow.__init__

    def kiosk_hooked(self: Any, *args: Any, **kwargs: Any) -> None:
        original_kiosk(self, *args, **kwargs)
        tasks.append(asyncio.ensure_future(kiosk(self)))

    kiosk_window.KioskWindow.__init__ = kiosk_hooked  # type: ignore[method-assign]
    original = main_window.MainWindow.__init__

    def hooked(self: Any, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        task = asyncio.ensure_future(cashier(self))
        done.add(str(id(task)))
        tasks.append(task)

    tasks: list[Any] = []
    main_window.MainWindow.__init__ = hooked  # type: ignore[method-assign]
    os.environ["POS_MEMBER_LANGUAGE"] = "en"
    os.environ["POS_MEMBER_KIOSK_ONSCREEN_KEYBOARD"] = "true"  # as on a tablet without one of its own
    return app_module.main(["--training", "--members", "300", "--no-sign-in", "--mode", mode])


# ---------------------------------------------------------------------------- outside (parent)

def run_case(mode: str, width: int, height: int, scale: float, display: str, shots: Path, data: Path) -> list[str]:
    """One app process at one scale: every screen in both languages. Returns the problems."""
    tag = f"{mode}-{{lang}}-{width}x{height}@{scale:g}"
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="fit-check-") as tmp:
        work = Path(tmp)
        env = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb", QT_SCALE_FACTOR=f"{scale:g}",
                   POS_MEMBER_DATA_DIR=str(data), POS_MEMBER_CONFIG_DIR=str(work / "config"))
        env.pop("WAYLAND_DISPLAY", None)
        env.pop("QT_SCREEN_SCALE_FACTORS", None)
        log = open(work / "app.log", "w")
        app = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "--child", str(work), mode],
                               env=env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
        seen: set[str] = set()
        deadline = time.monotonic() + 120
        try:
            while app.poll() is None and time.monotonic() < deadline:
                for ready in sorted(work.glob("*.json")):
                    if ready.name in seen:
                        continue
                    seen.add(ready.name)
                    report = json.loads(ready.read_text())
                    lang, _, screen = report["shot"].partition("-")
                    path = shots / f"{tag.format(lang=lang)}-{screen}.png"
                    subprocess.run(["import", "-window", "root", str(path)], env=dict(os.environ, DISPLAY=display),
                                   check=True, capture_output=True)
                    ready.with_suffix(".taken").touch()
                    status = "ok  " if not report["problems"] else "FAIL"
                    print(f"{status}  {path.name}  windows {report['windows']} on {report['screen']}", flush=True)
                    for problem in report["problems"]:
                        print(f"        {problem}", flush=True)
                        failures.append(f"{path.name}: {problem}")
                time.sleep(0.1)
            if app.poll() is None:
                failures.append(f"{tag}: the app did not finish its screens in time")
            elif app.returncode != 0 or len(seen) < 2:
                failures.append(f"{tag}: the app exited with {app.returncode} after {len(seen)} screens")
        finally:
            if app.poll() is None:
                app.terminate()
                try:
                    app.wait(10)
                except subprocess.TimeoutExpired:
                    app.kill()
            log.close()
            if failures and not any(f.startswith(tag.split("{")[0]) for f in failures[:0]):
                tail = (work / "app.log").read_text(errors="replace")[-2000:]
                if "Traceback" in tail:
                    print(tail, file=sys.stderr)
    return failures


def main(argv: list[str]) -> int:
    if argv[:1] == ["--child"]:
        return child(Path(argv[1]), argv[2])
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mode", nargs="+", choices=["cashier", "kiosk"], default=["cashier", "kiosk"])
    parser.add_argument("--only", nargs="+", help="cases as WxH@SCALE, e.g. 1024x768@1.5")
    parser.add_argument("--shots", type=Path, help="keep the screenshots here (default: a temporary folder, printed)")
    parser.add_argument("--display", type=int, help="start Xvfb on this display number (default: a free one)")
    args = parser.parse_args(argv)
    for tool in ("Xvfb", "import"):
        if shutil.which(tool) is None:
            print(f"fit check: {tool} is missing (apt-get install xvfb imagemagick)", file=sys.stderr)
            return 2
    shots = args.shots or Path(tempfile.mkdtemp(prefix="fit-shots-"))
    shots.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="fit-data-") as data:
        for mode in args.mode:
            cases = CASHIER_CASES if mode == "cashier" else KIOSK_CASES
            if args.only:
                cases = [c for c in cases if f"{c[0]}x{c[1]}@{c[2]:g}" in args.only]
            for size in dict.fromkeys((w, h) for w, h, _ in cases):
                with xvfb.running(f"{size[0]}x{size[1]}", args.display) as display:
                    for w, h, scale in cases:
                        if (w, h) == size:
                            failures += run_case(mode, w, h, scale, display, shots, Path(data))
    print(f"fit check: {len(failures)} problems; screenshots in {shots} ({time.monotonic() - started:.0f} s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
