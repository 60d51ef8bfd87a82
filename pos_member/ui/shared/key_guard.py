"""The key that submitted a page never acts on the page that replaces it.

A second Enter (a double press, or auto-repeat) arrives a few milliseconds after the first one
replaced the form with its result page, where it would press that page's default button."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

#: Longer than a double press or the first auto-repeat (typically 250-600 ms), shorter than a
#: cashier reading the new page and deciding.
GUARD_MS = 700
SUBMIT_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class FreshPageGuard(QObject):
    """Swallows Enter/Return inside ``window`` for a moment after :meth:`arm`."""

    def __init__(self, window: QWidget):
        super().__init__(window)
        self.window = window
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.disarm)

    @property
    def armed(self) -> bool:
        return self._timer.isActive()

    def arm(self, ms: int = GUARD_MS) -> None:
        app = QApplication.instance()
        if app is not None and not self.armed:
            app.installEventFilter(self)
        self._timer.start(ms)

    def disarm(self) -> None:
        self._timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        if event.type() in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride) and isinstance(event, QKeyEvent) \
                and event.key() in SUBMIT_KEYS and isinstance(watched, QWidget) \
                and (watched is self.window or self.window.isAncestorOf(watched)):
            event.accept()
            return True
        return False
