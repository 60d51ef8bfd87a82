"""The cashier window on a small screen: actions fold into "More" and keep their keys, a long name
is cut with the whole of it in the tooltip and for screen readers, the tier strip stays in the
head, and every control that takes the keyboard shows it. The real screens at each size and scale
are checked by tools/fit_check.py (.ci/run); these are the same rules, offscreen and fast."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QComboBox, QLineEdit, QPushButton, QWidget

from pos_member.ui.shared.fit import ElidedLabel, FoldingRow
from tests.conftest import run_async

LONG_NAME = ("Raden Ajeng Kartika Dewi Sekar Ayu Purnamasari Wulandari Kusumawardhani "
             "Prameswari Hadiningrat Putri")[:100]
#: 1024×768 at 150 %: the smallest screen a counter has, in Qt's pixels.
SMALL = (683, 474)


def open_long_name(window, qtbot) -> None:
    async def register() -> int:
        customer = await window.backend.client.register(name=LONG_NAME, email="long.name@example.com",
                                                        mobile_number="081290001111")
        return customer.user.id if getattr(customer, "user", None) else customer.id

    key = run_async(qtbot, register())
    window.open_member(key)
    qtbot.waitUntil(lambda: window.session.member is not None and window.session.member.complete, timeout=8000)
    run_async(qtbot, window.settled())


def test_window_fits_the_smallest_counter_screen_and_actions_fold(make_window, qtbot):
    window = make_window()
    open_long_name(window, qtbot)
    window.resize(*SMALL)
    qtbot.waitUntil(lambda: window.width() == SMALL[0])
    QApplication.processEvents()
    need = window.minimumSizeHint()
    assert need.width() <= SMALL[0] and need.height() <= SMALL[1], need
    row = window.action_row
    assert row.folded, "on 683 px some actions fold into More"
    assert window.more_actions.isVisible()
    for button in row.buttons:  # shown ones fit, whole, inside the window
        if button.isVisible():
            right = button.mapTo(window, button.rect().topRight()).x()
            assert right < window.width() and button.width() >= button.sizeHint().width()
    menu = window.more_actions.menu()
    menu.aboutToShow.emit()
    texts = [a.text() for a in menu.actions()]
    assert any(t.startswith("Tags\tCtrl+T") for t in texts), texts
    assert len(texts) == len(row.folded)
    # A folded action still answers its key and its menu entry.
    tags = window.actions_by_name["tags"]
    assert not tags.isVisible()
    QTest.keyClick(window.search_box, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: any(type(d).__name__ == "TagsDialog" and d.isVisible() for d in window.dialogs))
    for d in list(window.dialogs):
        d.reject()
    qtbot.waitUntil(lambda: not any(d.isVisible() for d in window.dialogs))
    action = next(a for a in menu.actions() if a.text().startswith("Tags"))
    action.trigger()
    qtbot.waitUntil(lambda: any(type(d).__name__ == "TagsDialog" and d.isVisible() for d in window.dialogs))
    for d in list(window.dialogs):
        d.reject()
    # Wide again: everything back in the row.
    window.resize(1366, 700)
    qtbot.waitUntil(lambda: not row.folded)
    assert not window.more_actions.isVisible() and tags.isVisible()


def test_long_name_elided_with_the_whole_name_in_tooltip_and_name(make_window, qtbot):
    window = make_window()
    open_long_name(window, qtbot)
    window.resize(*SMALL)
    QApplication.processEvents()
    name = window.profile_view.name
    assert isinstance(name, ElidedLabel)
    assert name.text() == LONG_NAME and name.toolTip() == LONG_NAME and name.accessibleName() == LONG_NAME
    assert name.width() < name.fontMetrics().horizontalAdvance(LONG_NAME), "cut with …, not stretching the window"
    head = window.profile_view.head
    assert head.mapTo(window, head.rect().bottomRight()).x() < window.width()
    # The tier strip sits in the head, above what scrolls, and says tier · left to spend · by when.
    strip = window.profile_view.tier_strip
    assert strip.isVisible() and strip.parentWidget() is head
    assert strip.text().startswith("Silver · Rp 1.000.000 more to Blue · by "), strip.text()
    scroll = window.profile_view.body
    scroll.verticalScrollBar().setValue(scroll.verticalScrollBar().maximum())
    QApplication.processEvents()
    assert strip.visibleRegion().boundingRect() == strip.rect(), "scrolling the profile leaves the strip in place"


def test_folding_row_keeps_order_and_shows_what_fits():
    row = FoldingRow("More")
    buttons = []
    for text in ("One", "Two", "Three", "Four"):
        button = QPushButton(text)
        row.add(button)
        buttons.append(button)
    row.show()
    row.resize(row.sizeHint())
    assert not row.folded and not row.more.isVisible()
    row.resize(buttons[0].sizeHint().width() + row.more.sizeHint().width() + row.spacing + 2, 40)
    assert row.folded == buttons[1:]
    assert [b.isVisible() for b in buttons] == [True, False, False, False]
    assert row.minimumSizeHint().width() == row.more.sizeHint().width()
    row.close()


def grab(widget: QWidget) -> QImage:
    return widget.grab().toImage()


def focusable(root: QWidget) -> list[QWidget]:
    return [w for w in root.findChildren(QWidget) if w.isVisible() and w.isEnabled()
            and w.focusPolicy() & Qt.FocusPolicy.TabFocus and isinstance(w, (QAbstractButton, QLineEdit, QComboBox))]


def assert_focus_shows(qtbot, window: QWidget, widgets: list[QWidget]) -> int:
    """Each control drawn with the focus differs from itself without it."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    checked = 0
    for widget in widgets:
        parking = window  # a widget without the keyboard focus
        parking.setFocus()
        widget.clearFocus()
        QApplication.processEvents()
        before = grab(widget)
        widget.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.waitUntil(widget.hasFocus, timeout=2000)
        QApplication.processEvents()
        after = grab(widget)
        assert before != after, f"no focus indicator on {type(widget).__name__} {widget.accessibleName() or widget.text()!r}"
        checked += 1
    return checked


def test_every_focusable_control_shows_the_focus(make_window, qtbot):
    window = make_window()
    open_long_name(window, qtbot)
    window.profile_view.details_open = True
    controls = focusable(window)
    kinds = {type(w).__name__ for w in controls}
    assert {"SearchBox", "QPushButton", "QToolButton"} <= kinds, kinds
    assert assert_focus_shows(qtbot, window, controls) >= 6  # how many depends on the screen (actions fold)
    # The dialogs' fields, boxes and ticks too: the registration form has every kind.
    dialog = window.open_registration()
    qtbot.waitUntil(dialog.isVisible)
    controls = focusable(dialog)
    assert {"QComboBox", "QCheckBox"} & {type(w).__name__ for w in controls}
    assert assert_focus_shows(qtbot, dialog, controls) >= 5
    dialog.reject()


def test_a_window_beside_another_covers_none_of_it_on_every_counter_screen():
    """The customer's phone (400 × 560) beside a code window (560 × 420) opened in the middle:
    right of it where there is room, else the pair centred and the phone narrowed; at 1024×768
    both fit side by side."""
    from PySide6.QtCore import QRect, QSize

    from pos_member.ui.shared.fit import BESIDE_MIN_WIDTH, beside

    phone = QSize(400, 560)
    for width, height in ((1024, 768), (1280, 720), (1366, 768), (800, 800), (1920, 1080)):
        screen = QRect(0, 0, width, height)
        anchor = QRect((width - 560) // 2, (height - 420) // 2, 560, 420)  # a dialog centred on the window
        anchor_at, rect = beside(anchor, phone, screen)
        moved = QRect(anchor_at, anchor.size())
        assert not rect.intersects(moved), (width, rect, moved)
        assert screen.contains(rect) and screen.contains(moved), (width, rect, moved)
        assert rect.width() >= BESIDE_MIN_WIDTH and rect.height() == 560
        if width >= 1024:
            assert rect.width() == 400  # room enough: not narrowed
    # Room on the left only: the dialog stays, the phone goes left of it.
    anchor_at, rect = beside(QRect(900, 100, 400, 300), phone, QRect(0, 0, 1366, 768))
    assert anchor_at.x() == 900 and rect.right() < 900
    # A screen too small for both: the phone at its right edge (the only case it may overlap).
    anchor_at, rect = beside(QRect(0, 0, 560, 420), phone, QRect(0, 0, 640, 480))
    assert rect.right() == 639 and rect.height() == 480



@pytest.mark.parametrize("planted", [True, False], ids=["old bug planted", "as it is"])
def test_the_fit_check_sees_text_cut_inside_a_scroll_area(make_window, qtbot, monkeypatch, planted):
    """tools/fit_check.py once passed Edit profile at 1024×768 while its scrolled form cut "Customer
    agrees that Kopi Nusantara sends them promos on WhatsA…" at the form's edge (a plain QCheckBox,
    as wide as its sentence, in a form that must not scroll sideways). The old bug planted again: the
    check names each question; as it is (WrapCheckBox): nothing to say."""
    from PySide6.QtWidgets import QCheckBox

    from pos_member.flows.consent import CHANNELS
    from pos_member.ui.shared import forms
    from tools.fit_check import screen_problems

    if planted:
        monkeypatch.setattr(forms, "WrapCheckBox", QCheckBox)  # the form's consent questions before the fix
    window = make_window(store_name="Kopi Nusantara")
    window.open_member("budi.santoso@example.com")
    run_async(qtbot, window.settled())
    edit = window.open_action("edit")
    qtbot.waitUntil(edit.isVisible, timeout=5000)
    edit.resize(600, min(edit.height(), SMALL[1]))  # as at 1024×768 and 150 %
    QApplication.processEvents()
    boxes = [edit.form.inputs[key] for key in CHANNELS]
    problems = screen_problems(edit)
    if planted:
        assert all(type(box) is QCheckBox for box in boxes)
        for box in boxes:
            assert any(box.text()[:60] in p and "cut by the edge of its scroll area" in p for p in problems), problems
        assert any("sideways scroll" in p for p in problems), problems
    else:
        assert all(isinstance(box, forms.WrapCheckBox) for box in boxes)
        assert problems == []
