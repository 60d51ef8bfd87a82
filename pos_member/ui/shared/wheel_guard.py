"""A mouse wheel scrolls the form, never the choice under the pointer.

Combo boxes and spin boxes take wheel events by default, so scrolling a long form (store
settings) silently changed "Sign-in kind" from Token to JWT. Each choice a form holds gets a
guard (``Form.add`` does it): the wheel over it goes to the form around it, focus or not — a box
tabbed into and scrolled over turned a promo answer from "not asked yet" to "Yes" (re-walk), and
Settings' Language, focused on opening, switched the app to Indonesian. A choice is made by a
click and a pick, or the arrow keys; the open list still scrolls. The boxes no longer take the
focus from the wheel either (``WheelFocus`` becomes ``StrongFocus``).

A filter on each box, not on the application: an application filter written in Python is
called for every event of every widget, and wrapping each one for Python cost a third of the
counter's busy loop time (stalls of 14-20 ms while a dialog opened, 4-7 ms without)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QWidget

GUARDED = (QComboBox, QAbstractSpinBox)


class WheelGuard(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        if event.type() != QEvent.Type.Wheel or not isinstance(watched, QWidget):
            return False
        parent = watched.parentWidget()
        while parent is not None:  # the first widget above that takes it (a scroll area) scrolls
            event.accept()
            QApplication.sendEvent(parent, event)
            if event.isAccepted():
                break
            parent = parent.parentWidget()
        return True


def guard(box: QWidget) -> None:
    """Make a combo or spin box wheel-safe (other widgets are left as they are)."""
    if not isinstance(box, GUARDED) or guarded(box):
        return
    if box.focusPolicy() == Qt.FocusPolicy.WheelFocus:
        box.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    box.installEventFilter(WheelGuard(box))  # the box, its parent, keeps it


def guarded(box: QWidget) -> bool:
    return box.findChild(WheelGuard, options=Qt.FindChildOption.FindDirectChildrenOnly) is not None
