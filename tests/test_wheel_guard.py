"""The mouse wheel scrolls a form; it never changes a combo or spin box without the focus (walk
finding 4: scrolling Store settings turned "Sign-in kind" from Token to JWT)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtTest import QTest
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
    # Nor when it has the focus (tabbed into, or focused as Settings opens): a choice is made by a
    # click and a pick, or the arrow keys.
    auth.setFocus()
    qtbot.waitUntil(auth.hasFocus)
    wheel_down(auth)
    assert auth.currentData() == "token"
    QTest.keyClick(auth, Qt.Key.Key_Down)
    assert auth.currentData() == "jwt"


def test_every_choice_box_the_counter_builds_is_guarded(make_window, qtbot, monkeypatch):
    """Each dialog the counter keeps, the settings and quick registration's completion: every combo
    or spin box in them passes an unfocused wheel on (the guard sits on each box, not on the app)."""
    from pos_member.ui.counter import main_window
    from pos_member.ui.shared.wheel_guard import GUARDED, guarded

    window = make_window(manager_pin_hash=hash_pin("482913", iterations=1000))
    monkeypatch.setattr(main_window, "QUIET_AFTER_S", 0.0)
    window.start_prebuilding()
    while window.prebuild_step():
        pass
    dialogs = [*window.member_dialogs.values(), window.registration, window.quick_registration, window.open_settings()]
    boxes = [box for dialog in dialogs for kind in GUARDED for box in dialog.findChildren(kind)]
    assert len(boxes) >= 5  # settings' choices, the tag key, the three promo answers
    assert [box.objectName() for box in boxes if not guarded(box)] == []
    tag_key = window.member_dialogs["tags"].key
    tag_key.addItems(["category", "segment"])
    tag_key.setCurrentIndex(0)
    window.setFocus()
    wheel_down(tag_key)
    assert tag_key.currentIndex() == 0  # the wheel went past it
    # The promo answers of quick registration: tabbed into and scrolled over, still "not asked yet".
    answer = window.quick_registration.completion.form.combo("allow_whatsapp_marketing")
    answer.setFocus()
    wheel_down(answer)
    assert answer.currentData() is None


def test_a_box_outside_a_form_is_left_alone(qtbot):
    from pos_member.ui.shared.wheel_guard import guard, guarded

    spin = QSpinBox()
    qtbot.addWidget(spin)
    spin.setRange(0, 10)
    spin.setValue(5)
    spin.show()
    qtbot.waitExposed(spin)
    wheel_down(spin)
    assert spin.value() != 5 and not guarded(spin)  # no application-wide filter any more
    guard(spin)
    spin.setValue(5)
    spin.setFocus()
    wheel_down(spin)
    assert spin.value() == 5 and spin.focusPolicy() == Qt.FocusPolicy.StrongFocus
