"""The key that submitted a page never acts on the page that replaces it.

A second Enter (a double press, or auto-repeat) arrives a few milliseconds after the first one
replaced the form with its result page, where it would press that page's default button."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QWindow
from PySide6.QtWidgets import QWidget

#: Longer than a double press or the first auto-repeat (typically 250-600 ms), shorter than a
#: cashier reading the new page and deciding.
GUARD_MS = 700
SUBMIT_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class FreshPageGuard(QObject):
    """Swallows Enter/Return inside ``window`` for a moment after :meth:`arm`.

    A filter on the window (every key of it arrives there first), not on the application: an
    application filter in Python sees every event of every widget, and the guard is armed just
    when the new page is laid out and painted."""

    def __init__(self, window: QWidget):
        super().__init__(window)
        self.window = window
        self._watched: QWindow | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.disarm)

    @property
    def armed(self) -> bool:
        return self._timer.isActive()

    def arm(self, ms: int = GUARD_MS) -> None:
        handle = self.window.windowHandle()
        if handle is not None and handle is not self._watched:
            self.disarm()
            handle.installEventFilter(self)
            self._watched = handle
        self._timer.start(ms)

    def disarm(self) -> None:
        self._timer.stop()
        if self._watched is not None and shiboken6.isValid(self._watched):
            self._watched.removeEventFilter(self)
        self._watched = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        if isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress and event.key() in SUBMIT_KEYS \
                and self.armed:
            event.accept()
            return True
        return False
