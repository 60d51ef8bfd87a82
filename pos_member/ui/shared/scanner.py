"""Card scans for the whole app: a keyboard-wedge scanner "types" a code much faster than a person
and ends with Enter. A filter on each window that takes the keyboard sees those keys wherever the
focus is, takes the burst back out of whatever widget received it, and reports the code once.

On the windows, not on the application: an application filter written in Python is called for
every event of every widget (paints, layouts, timers), and wrapping each one for Python cost a
third of the counter's busy loop time. Keys reach only the focus window, so following the focus
window sees every key, once.

Timing comes from the key events themselves when the platform stamps them (X11 does), so a busy
event loop that delivers a person's keys in a bunch is not mistaken for a scanner.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent, QWindow
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QWidget

#: A wedge scanner types 2-15 ms a key: a burst averages at most this between keys (a fast
#: person rolls at 40 ms and more)...
SCAN_MAX_AVERAGE_GAP_S = 0.020
#: ...no single gap longer than this (one late key from a busy X server is forgiven)...
SCAN_MAX_GAP_S = 0.050
#: ...at least this many characters, no spaces (a card code), then Enter within a few gaps.
SCAN_MIN_CHARS = 5
#: Widgets with this property set to True take scans as typing (a "Member card" field).
ACCEPTS_SCAN = "acceptsScan"


@dataclass
class _Burst:
    target: QWidget | None = None
    text: str = ""
    first: float = 0.0
    last: float = 0.0
    before: str | None = None      # the target line edit's text before the burst
    cursor: int = 0


def _secret(widget: QWidget) -> bool:
    """A PIN or password field: what arrives there is typed (xdotool and some keyboards are fast)."""
    return isinstance(widget, QLineEdit) and widget.echoMode() != QLineEdit.EchoMode.Normal


def _code_shaped(burst: _Burst) -> bool:
    """Only a scan is taken out of what was typed, so anything a person could type is not one."""
    count = len(burst.text)
    return (count >= SCAN_MIN_CHARS and not any(c.isspace() for c in burst.text)
            and (burst.last - burst.first) / (count - 1) <= SCAN_MAX_AVERAGE_GAP_S)


class ScanFilter(QObject):
    """``follow(app)``, then ``scanned(code, widget)`` reports each scan with the widget that had
    the focus. Enter ending a scan is swallowed; the burst's characters are removed from a line
    edit that received them (unless it accepts scans)."""

    scanned = Signal(str, object)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._burst = _Burst()
        #: When a key was last pressed anywhere in the app (time.monotonic()): the garbage
        #: collector waits for a pause in typing.
        self.last_key = time.monotonic()

    def follow(self, app: QGuiApplication) -> None:
        """Watch every window as it takes the keyboard (and the one that has it now)."""
        app.focusWindowChanged.connect(self.watch)
        self.watch(app.focusWindow())

    def watch(self, window: QWindow | None) -> None:
        if window is not None:
            window.installEventFilter(self)  # once: installing again only moves it first

    @staticmethod
    def _now(event: QKeyEvent) -> float:
        stamp = event.timestamp()
        return stamp / 1000 if stamp else time.perf_counter()

    @staticmethod
    def _receiver(window: QObject) -> QWidget | None:
        """The widget the window gives the key to: the focus widget (of that window, when the
        application's focus is elsewhere, as for a test's key). An editable combo box (Tags' key)
        types into its line edit: that is where a scan's characters are taken back out."""
        focus = QApplication.focusWidget()
        if focus is None or focus.window().windowHandle() is not window:
            top = next((w for w in QApplication.topLevelWidgets() if w.windowHandle() is window), None)
            focus = None if top is None else (top.focusWidget() or top)
        if isinstance(focus, QComboBox) and focus.isEditable() and focus.lineEdit() is not None:
            return focus.lineEdit()
        return focus

    def eventFilter(self, window: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        # isinstance first: the window's every event comes here, and reading the type costs more
        if not isinstance(event, QKeyEvent) or event.type() != QEvent.Type.KeyPress:
            return False
        watched = self._receiver(window)
        if watched is None:
            return False
        self.last_key = time.monotonic()
        now = self._now(event)
        burst = self._burst
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            is_scan = (burst.target is watched and _code_shaped(burst)
                       and now - burst.last <= SCAN_MAX_GAP_S * 2)
            code, self._burst = burst.text, _Burst()
            if not is_scan or bool(watched.property(ACCEPTS_SCAN)) or _secret(watched):
                return False
            if isinstance(watched, QLineEdit) and burst.before is not None:
                watched.setText(burst.before)  # the scan does not stay mixed into what was typed
                watched.setCursorPosition(burst.cursor)
            self.scanned.emit(code, watched)
            return True
        text = event.text()
        if not text or not text.isprintable() or event.modifiers() & ~(Qt.KeyboardModifier.ShiftModifier
                                                                      | Qt.KeyboardModifier.KeypadModifier):
            if key not in (Qt.Key.Key_Shift, Qt.Key.Key_CapsLock):
                self._burst = _Burst()
            return False
        if burst.text and now - burst.last <= SCAN_MAX_GAP_S and (
                burst.target is watched or not isinstance(burst.target, QLineEdit)):
            # (a key no field took moves to the search box and the burst goes on there: nothing
            # of it is in the widget it started on)
            burst.text += text
            burst.target = watched
        else:
            edit = watched if isinstance(watched, QLineEdit) else None
            self._burst = burst = _Burst(watched, text, now, now, edit.text() if edit else None,
                                         edit.cursorPosition() if edit else 0)
            if edit is not None and edit.hasSelectedText():
                burst.cursor = edit.selectionStart()
        burst.last = now
        return False
