"""The mouse wheel scrolls a form; it never changes a combo or spin box without the focus (walk
finding 4: scrolling Store settings turned "Sign-in kind" from Token to JWT)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QScrollArea, QSpinBox

from pos_member.config import hash_pin


def wheel_down(widget) -> None:
    centre = QPointF(widget.width() / 2, widget.height() / 2)
    event = QWheelEvent(centre, widget.mapToGlobal(centre), QPoint(0, 0), QPoint(0, -120), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def test_wheel_over_settings_scrolls_the_form_not_the_choice(make_window, qtbot):
    window = make_window(manager_pin_hash=hash_pin("482913", iterations=1000))
    dialog = window.open_settings()
    dialog.stack.setCurrentIndex(1)
    dialog.resize(640, 400)  # short enough to scroll
    qtbot.waitExposed(dialog)
    auth = dialog.form.combo("auth")
    scroll = dialog.findChild(QScrollArea)
    bar = scroll.verticalScrollBar()
    assert bar.maximum() > 0
    auth.clearFocus()
    dialog.save.setFocus()
    before = bar.value()
    wheel_down(auth)
    assert auth.currentData() == "token"  # unchanged
    assert bar.value() > before  # the wheel went to the form around it
    assert auth.focusPolicy() == Qt.FocusPolicy.StrongFocus  # the wheel does not give it the focus either
    # A box the cashier clicked into still answers the wheel.
    auth.setFocus()
    qtbot.waitUntil(auth.hasFocus)
    wheel_down(auth)
    assert auth.currentData() == "jwt"


def test_any_spin_box_on_a_form_window_is_guarded(make_window, qtbot):
    window = make_window()
    spin = QSpinBox(window)
    spin.setRange(0, 10)
    spin.setValue(5)
    spin.show()
    qtbot.waitExposed(spin)
    window.setFocus()
    wheel_down(spin)
    assert spin.value() == 5
