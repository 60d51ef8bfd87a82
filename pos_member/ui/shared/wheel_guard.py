"""A mouse wheel scrolls the form, never the choice under the pointer.

Combo boxes and spin boxes take wheel events by default, so scrolling a long form (store
settings) silently changed "Sign-in kind" from Token to JWT. One application-wide filter: a box
without the keyboard focus passes the wheel on to the form around it; a box the cashier has
clicked or tabbed into still answers the wheel. The boxes no longer take the focus from the wheel
either (``WheelFocus`` becomes ``StrongFocus``)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox

_GUARDED = (QComboBox, QAbstractSpinBox)


class WheelGuard(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        if not isinstance(watched, _GUARDED):  # first: this filter sees every event of the app
            return False
        kind = event.type()
        if kind == QEvent.Type.Polish and isinstance(watched, _GUARDED):
            if watched.focusPolicy() == Qt.FocusPolicy.WheelFocus:
                watched.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        elif kind == QEvent.Type.Wheel and isinstance(watched, _GUARDED) and not watched.hasFocus():
            parent = watched.parentWidget()
            while parent is not None:  # the first widget above that takes it (a scroll area) scrolls
                event.accept()
                QApplication.sendEvent(parent, event)
                if event.isAccepted():
                    break
                parent = parent.parentWidget()
            return True
        return False


def install() -> None:
    """Install the guard on the running application, once (forms and windows call this)."""
    app = QApplication.instance()
    if app is None or app.findChild(WheelGuard) is not None:
        return
    app.installEventFilter(WheelGuard(app))  # the application, its parent, keeps it

