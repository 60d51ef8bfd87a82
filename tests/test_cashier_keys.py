"""What a cashier's real keys do in the cashier window: shortcuts from the search box, typing
fast versus a card scan, F2, and who the search box names."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.conftest import run_async
from tests.helpers import press


class Keys:
    """Key presses stamped as X11 stamps them (ms), so the scan filter sees the real rhythm
    without the test sleeping. Each goes where the system sends a key: to the widget's window,
    which hands it to its focus widget (``widget`` takes the focus first)."""

    def __init__(self, *, focus: bool = True) -> None:
        self.ms = 1_000_000
        self.focus = focus  # False: each key goes wherever the focus is by then

    def press(self, widget, key: int, text: str = "", gap_ms: int = 0) -> None:
        self.ms += gap_ms
        press(widget, key, text=text, timestamp=self.ms, focus=self.focus)

    def type(self, widget, text: str, gap_ms: int) -> None:
        for ch in text:
            key = Qt.Key.Key_Space if ch == " " else ord(ch.upper())
            self.press(widget, key, ch, gap_ms)

    def enter(self, widget, gap_ms: int) -> None:
        self.press(widget, Qt.Key.Key_Return, "\r", gap_ms)


def test_fast_typing_is_not_a_card_scan(make_window, qtbot):
    """'budi', a pause, then ' santoso' rolled off at 30-40 ms a key and Enter: a search for what
    was typed, not a scan of 'santoso' that wipes 'budi'."""
    window = make_window()
    scans = []
    window.scanner.scanned.connect(lambda code, _w: scans.append(code))
    keys = Keys()
    box = window.search_box
    box.setFocus()
    keys.type(box, "budi", 150)
    keys.type(box, " santoso", 30)
    keys.enter(box, 30)
    assert scans == [] and box.text() == "budi santoso"
    run_async(qtbot, window.settled())
    assert window.session.member is not None and window.session.member.name == "Budi Santoso"


def test_a_fast_burst_with_a_space_is_typing_and_keeps_the_text(make_window, qtbot):
    window = make_window()
    scans = []
    window.scanner.scanned.connect(lambda code, _w: scans.append(code))
    keys, box = Keys(), window.search_box
    box.setFocus()
    keys.type(box, "budi", 150)
    keys.type(box, " san", 5)    # a key-rollover spurt
    keys.type(box, "toso", 12)
    keys.enter(box, 10)
    assert scans == [] and box.text() == "budi santoso"


def test_short_rollover_is_typing(make_window, qtbot):
    window = make_window()
    scans = []
    window.scanner.scanned.connect(lambda code, _w: scans.append(code))
    keys, box = Keys(), window.search_box
    box.setFocus()
    keys.type(box, "sit", 8)
    keys.enter(box, 8)
    assert scans == [] and box.text() == "sit"


def test_scanner_speed_is_a_scan_from_anywhere(make_window, qtbot):
    window = make_window()
    keys, box = Keys(), window.search_box
    box.setFocus()
    keys.type(box, "bud", 150)
    keys.ms += 300
    keys.type(box, "RRR0000002", 5)
    keys.enter(box, 5)
    assert box.text() == "RRR0000002"
    run_async(qtbot, window.settled())
    assert window.session.member.name == "Siti Rahayu"
    window.profile_view.setFocus()
    keys.type(window.profile_view, "RRR0000004", 5)
    keys.enter(window.profile_view, 5)
    run_async(qtbot, window.settled())
    assert window.session.member.name != "Siti Rahayu" and box.text() == "RRR0000004"


def test_every_window_key_works_from_the_search_box(make_window, qtbot):
    """Ctrl+E is 'end of line' to a line edit on X11: the cashier's keys must win over it, and
    over every other line-edit binding, with the cursor in the search box. The offscreen platform
    binds Ctrl+E to nothing, so a window key on Ctrl+A (select all, bound everywhere) stands in
    for it; the real X11 Ctrl+E is checked by the cashier walk."""
    from PySide6.QtGui import QKeySequence, QShortcut
    from PySide6.QtTest import QTest

    from pos_member.ui.counter.main_window import ACTIONS
    from pos_member.ui.setup.dialogs import help_rows

    window = make_window()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.search_box.setText("budi")
    window.search_box.setFocus()
    shortcuts = {s.key().toString(): s for s in window.findChildren(QShortcut)}
    documented = [part.replace("←", "Left") for keys, _text in help_rows(ACTIONS) for part in keys.split(" / ")]
    documented = [keys for keys in documented if QKeySequence(keys).toString() in shortcuts]
    shortcuts["Ctrl+A"] = QShortcut(QKeySequence("Ctrl+A"), window)
    shortcuts["Ctrl+A"].activated.connect(lambda: None)
    documented.append("Ctrl+A")
    assert {"Ctrl+E", "Ctrl+P", "Ctrl+M", "Ctrl+T", "Ctrl+N", "Ctrl+L", "Ctrl+Shift+A", "F2", "Ctrl+F", "F1",
            "F5", "F12", "Alt+Left", "Ctrl+O", "Ctrl+,", "Ctrl+Shift+S", "F9"} <= set(documented)
    fired = []
    for keys in documented:
        shortcut = shortcuts[QKeySequence(keys).toString()]
        shortcut.activated.disconnect()  # only whether the key reaches it, not what it opens
        shortcut.activated.connect(lambda k=keys: fired.append(k))
        combo = QKeySequence(keys)[0]
        QTest.keyClick(window.search_box, combo.key(), combo.keyboardModifiers())
    assert fired == documented
    assert window.search_box.text() == "budi"


def test_f2_after_a_suggestion_selects_the_whole_search(make_window, qtbot):
    from PySide6.QtTest import QTest

    window = make_window()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.search_box.setFocus()
    QTest.keyClicks(window.search_box, "budi san")
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.results, timeout=5000)
    QTest.keyClick(window.search_box, Qt.Key.Key_Down)
    QTest.keyClick(window.search_box, Qt.Key.Key_Return)
    run_async(qtbot, window.settled())
    for keys in ((Qt.Key.Key_F2, Qt.KeyboardModifier.NoModifier), (Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)):
        window.profile_view.setFocus()
        QTest.keyClick(window.profile_view, *keys)
        assert window.search_box.hasFocus()
        assert window.search_box.selectedText() == window.search_box.text() != ""


def test_focus_returns_to_the_search_box_after_a_dialog(make_window, qtbot):
    """No window manager (Xvfb, some kiosk sessions): closing the sign-in dialog must hand the
    keyboard back to the cashier window, or F2 and Alt+← do nothing until a click."""
    window = make_window()
    dialog = window.open_sign_in()
    qtbot.waitUntil(dialog.isVisible)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.code.setText("kasir01")
    dialog.sign_in()
    qtbot.waitUntil(lambda: not window.dialogs)
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    assert QApplication.focusWidget() is window.search_box


def test_search_box_names_the_member_on_screen(make_window, qtbot, training):
    """Scan a card, register someone new: their profile opens and the box no longer names the
    card scanned before (every way of opening a member leaves the box agreeing with the screen)."""
    window = make_window()
    keys = Keys()
    window.search_box.setFocus()
    keys.type(window.search_box, "RRR0000004", 5)
    keys.enter(window.search_box, 5)
    run_async(qtbot, window.settled())
    assert window.search_box.text() == "RRR0000004" and window.session.member is not None
    window.actions_by_name["register"].click()
    dialog = next(iter(window.dialogs))
    dialog.form.fill({"name": "Rina Kusuma", "email": "rina.k@example.com", "mobile_number": "0813 2222 3333"})
    dialog.submit()
    run_async(qtbot, dialog.ops.settled(dialog))
    assert dialog.stack.currentWidget() is dialog.result_page, dialog.form.visible_errors()
    # Behind the success window already: the new member, and a box that does not name another.
    run_async(qtbot, window.settled())
    assert window.session.member is not None and window.session.member.name == "Rina Kusuma"
    assert window.search_box.text() == ""
    dialog.result_page.close_button.click()
    run_async(qtbot, window.settled())
    assert window.session.member.name == "Rina Kusuma" and window.search_box.text() == ""


def test_quick_registration_replaces_the_no_match_page(make_window, qtbot, training):
    from PySide6.QtTest import QTest

    window = make_window()
    window.search_box.setText("quick.one@example.com")
    QTest.keyClick(window.search_box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.no_match, timeout=5000)
    window.no_match.quick.click()
    dialog = next(iter(window.dialogs))
    QTest.keyClick(dialog.contact, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: dialog.stack.currentWidget() is dialog.result_page, timeout=5000)
    run_async(qtbot, window.settled())
    assert window.stack.currentWidget() is window.profile_view and window.search_box.text() == ""
    assert window.session.member is not None


def test_manager_pin_during_a_lock_out_says_so_with_a_countdown(make_window, qtbot):
    from pos_member.config import hash_pin

    window = make_window(manager_pin_hash=hash_pin("482913", iterations=1000))
    dialog = window.open_settings()
    gate = dialog.gate
    for _ in range(3):
        gate.pin.setText("111111")
        gate.unlock.click()
        run_async(qtbot, dialog.ops.settled(gate))
    gate.pin.setFocus()
    keys = Keys()
    keys.type(gate.pin, "482913", 12)
    keys.enter(gate.pin, 12)  # the right PIN during the lock-out, at xdotool's speed (not a card scan)
    run_async(qtbot, dialog.ops.settled(gate))
    first = gate.form.visible_errors().get("manager_pin", "")
    assert "Too many wrong PINs" in first and "seconds" in first, first
    qtbot.waitUntil(lambda: gate.form.visible_errors().get("manager_pin", "") not in ("", first), timeout=3000)
    assert "seconds" in gate.form.visible_errors()["manager_pin"]  # counting down, not gone
    assert dialog.stack.currentIndex() == 0


def test_fixing_every_marked_field_takes_the_red_line_away(make_window, qtbot):
    from PySide6.QtTest import QTest

    window = make_window()
    dialog = window.open_registration({"mobile_number": "0813 2222 3333"})
    dialog.submit()
    run_async(qtbot, dialog.ops.settled(dialog))
    assert set(dialog.form.visible_errors()) == {"name", "email"} and dialog.form_error.isVisible()
    QTest.keyClicks(dialog.form.inputs["name"], "Rina Kusuma")
    qtbot.wait(10)
    assert set(dialog.form.visible_errors()) == {"email"} and dialog.form_error.isVisible()
    QTest.keyClicks(dialog.form.inputs["email"], "rina.k@example.com")
    qtbot.waitUntil(lambda: not dialog.form_error.isVisible(), timeout=1000)
    assert dialog.form.visible_errors() == {}


def test_training_settings_say_which_merchant_and_store_are_in_use(make_window, qtbot, training):
    from pos_member.config import hash_pin

    window = make_window(manager_pin_hash=hash_pin("482913", iterations=1000))
    dialog = window.open_settings()
    merchant, store = dialog.form.edit("merchant"), dialog.form.edit("store_name")
    assert merchant.placeholderText() == f"Training: {training.merchant_id}" and merchant.text() == ""
    assert store.placeholderText() == f"Training: {window.backend.store_label}" and window.backend.store_label


def test_f1_table_shows_every_description_whole_in_indonesian(make_window, qtbot):
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QFontMetrics
    from PySide6.QtWidgets import QTableWidget

    from pos_member.i18n.qt import apply_language

    assert apply_language("id")
    try:
        window = make_window()
        dialog = window.open_help()
        qtbot.waitUntil(dialog.isVisible)
        table = dialog.findChild(QTableWidget)
        qtbot.wait(50)
        width = table.columnWidth(1) - 8
        metrics = QFontMetrics(table.font())
        for row in range(table.rowCount()):
            text = table.item(row, 1).text()
            needed = metrics.boundingRect(QRect(0, 0, width, 10_000), Qt.TextFlag.TextWordWrap, text).height()
            assert table.rowHeight(row) >= needed, (text, table.rowHeight(row), needed)
        assert any(metrics.horizontalAdvance(table.item(r, 1).text()) > width for r in range(table.rowCount()))
    finally:
        apply_language("en")


def test_a_code_shaped_burst_slower_than_a_scanner_on_average_is_typing(qtbot):
    """The average rule alone: no space, enough characters, every gap under the single-gap limit,
    Enter right after. At 25 ms a key (a fast person, above the 20 ms average) it stays typed
    text; at 15 ms a key it is a scan."""
    from PySide6.QtWidgets import QLineEdit

    from pos_member.ui.shared.scanner import SCAN_MAX_AVERAGE_GAP_S, SCAN_MAX_GAP_S, ScanFilter

    assert 0.015 < SCAN_MAX_AVERAGE_GAP_S < 0.025 < SCAN_MAX_GAP_S
    scanner = ScanFilter()
    box = QLineEdit()
    qtbot.addWidget(box)
    box.show()
    qtbot.waitExposed(box)
    scanner.watch(box.windowHandle())
    try:
        scans: list[str] = []
        scanner.scanned.connect(lambda code, _w: scans.append(code))
        keys = Keys()
        keys.type(box, "RRR0000002", 25)
        keys.enter(box, 25)
        assert scans == [] and box.text() == "RRR0000002"
        box.clear()
        keys.ms += 1000
        keys.type(box, "RRR0000002", 15)
        keys.enter(box, 15)
        assert scans == ["RRR0000002"] and box.text() == ""  # taken back out of the box
    finally:
        box.windowHandle().removeEventFilter(scanner)


# ---------------------------------------------------------------------------- keys of issue 26

def test_esc_clears_the_box_and_keeps_the_member_a_second_esc_is_next_customer(make_window, qtbot):
    from PySide6.QtTest import QTest

    window = make_window()
    window.search_box.setText("RRR0000002")
    window.session.scan("RRR0000002")  # a scan leaves the card in the box
    qtbot.waitUntil(lambda: window.session.member is not None and window.session.member.complete, timeout=8000)
    run_async(qtbot, window.settled())
    QTest.keyClick(window.search_box, Qt.Key.Key_Escape)
    run_async(qtbot, window.settled())
    assert window.search_box.text() == ""
    assert window.session.member is not None and window.session.member.name == "Siti Rahayu"
    assert window.stack.currentWidget() is window.profile_view and window.profile_view.head.isVisible()
    QTest.keyClick(window.search_box, Qt.Key.Key_Escape)
    assert window.session.member is None and window.session.page == "empty"


def test_ctrl_enter_sends_the_code_in_change_phone_and_change_email(make_window, qtbot):
    from PySide6.QtTest import QTest

    window = make_window()
    window.open_member("budi.santoso@example.com")
    run_async(qtbot, window.settled())
    for action, value in (("phone", "0812 7777 1234"), ("email", "budi.new@example.com")):
        dialog = window.open_action(action)
        dialog.target.setText(value)
        QTest.keyClick(dialog.target, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(dialog.code_box.isVisible, timeout=5000)
        assert dialog.focusWidget() is dialog.code and dialog.sent_label.text()
        dialog.reject()
        qtbot.waitUntil(lambda d=dialog: not d.isVisible())


def test_a_refused_code_leaves_the_cursor_in_the_code_nothing_selected(make_window, qtbot):
    from PySide6.QtTest import QTest

    window = make_window()
    window.open_member("budi.santoso@example.com")
    run_async(qtbot, window.settled())
    dialog = window.open_action("phone")
    dialog.target.setText("0812 7777 1234")
    QTest.keyClick(dialog.target, Qt.Key.Key_Return)
    qtbot.waitUntil(dialog.code_box.isVisible, timeout=5000)
    QTest.keyClicks(dialog.code, "000000")
    QTest.keyClick(dialog.code, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(dialog.code_form.visible_errors()), timeout=5000)
    assert dialog.focusWidget() is dialog.code and not dialog.code.hasSelectedText()
    dialog.reject()


def test_registration_duplicate_puts_the_cursor_in_that_field_unselected(make_window, qtbot, training):
    from PySide6.QtTest import QTest

    window = make_window()
    dialog = window.open_registration()
    dialog.form.fill({"name": "Budi Dua", "email": "budi.santoso@example.com", "mobile_number": "0812 9999 0001"})
    phone = dialog.form.inputs["mobile_number"]
    phone.setFocus()
    QTest.keyClick(phone, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(dialog.duplicate_box.isVisible, timeout=8000)
    email = dialog.form.inputs["email"]
    assert dialog.focusWidget() is email and not email.hasSelectedText()
    assert email.cursorPosition() == len(email.text())
    # Enter goes on to the next field without selecting its text (typing adds, never replaces).
    QTest.keyClick(email, Qt.Key.Key_Return)
    nxt = dialog.focusWidget()
    assert nxt is not email and not (hasattr(nxt, "hasSelectedText") and nxt.hasSelectedText())
    dialog.reject()


def _shortcut(window, qtbot, key: int, modifiers: Qt.KeyboardModifier) -> None:
    """A shortcut as the cashier's keyboard sends it, to the active cashier window."""
    from PySide6.QtTest import QTest

    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    QTest.keyClick(window.search_box, key, modifiers)


def test_switch_cashier_with_a_customer_on_screen_asks_first_and_enter_stays(make_window, qtbot):
    """Ctrl+Shift+S with Budi on screen: a question, not a sign-out; Enter (and Esc) keep the
    cashier and the customer; "Sign out" clears them and asks for the next code."""
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QMessageBox

    from pos_member.ui.setup.dialogs import SignInDialog

    window = make_window()
    window.set_cashier("kasir01")
    window.open_member("budi.santoso@example.com")
    run_async(qtbot, window.settled())
    for key in (Qt.Key.Key_Return, Qt.Key.Key_Escape):
        _shortcut(window, qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
        box = window.sign_out_question
        assert isinstance(box, QMessageBox) and box.isVisible()
        assert "customer on screen will be closed" in box.text()
        QTest.keyClick(box, key)
        qtbot.waitUntil(lambda b=box: not b.isVisible())
        assert window.cashier_code == "kasir01" and window.session.member is not None
        assert not any(isinstance(d, SignInDialog) for d in window.dialogs)
    box = window.switch_cashier()
    assert isinstance(box, QMessageBox)
    sign_out = next(b for b in box.buttons() if b.text() == "Sign out")
    sign_out.click()
    qtbot.waitUntil(lambda: any(isinstance(d, SignInDialog) and d.isVisible() for d in window.dialogs))
    assert window.cashier_code is None and window.session.member is None


def test_switch_cashier_with_nobody_on_screen_signs_out_at_once(make_window, qtbot):
    from pos_member.ui.setup.dialogs import SignInDialog

    window = make_window()
    window.set_cashier("kasir01")
    dialog = window.switch_cashier()
    assert isinstance(dialog, SignInDialog) and window.cashier_code is None


def test_typing_with_the_focus_on_the_profile_searches(make_window, qtbot):
    """Re-walk: a click on the profile left the focus there and a member number typed after it
    went nowhere. A letter or digit no field takes goes to the search box; a scan still scans."""
    window = make_window()
    window.open_member("budi.santoso@example.com")
    run_async(qtbot, window.settled())
    window.profile_view.setFocus()  # where a click on the profile leaves it
    keys = Keys(focus=False)
    keys.type(window.profile_view, "siti", 80)
    assert window.search_box.hasFocus() and window.search_box.text() == "siti"
    run_async(qtbot, window.settled())
    assert window.results.query == "siti"
    window.open_member("budi.santoso@example.com")
    run_async(qtbot, window.settled())
    window.profile_view.setFocus()
    keys.ms += 1000
    keys.type(window.profile_view, "RRR0000002", 5)  # a scanner, the focus on the profile
    keys.enter(window.search_box, 5)
    run_async(qtbot, window.settled())
    assert window.session.member.name == "Siti Rahayu" and window.search_box.text() == "RRR0000002"
