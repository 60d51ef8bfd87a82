"""Nothing typed in a member dialog is lost by a stray Esc, a network down, a reopened code
window or the customer's phone (training) shown beside it. Real window, training server, keys
sent to the window that has the keyboard, as the system does."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from pos_member.config import hash_pin
from tests.conftest import run_async
from tests.helpers import press
from tests.test_member_changes import BUDI, code_for, open_member, wait_task
from tests.test_setup import config_dir  # noqa: F401 (the settings folder fixture)

SITI = "RRR0000002"


def keys_where_the_keyboard_is(text: str) -> None:
    """Typed as a cashier types: into whichever window has the keyboard now (not chosen by the test)."""
    for ch in text:
        _clock[0] += 150
        window = QGuiApplication.focusWindow()
        assert window is not None, "no window has the keyboard"
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key(ord(ch.upper())), Qt.KeyboardModifier.NoModifier, ch)
            event.setTimestamp(_clock[0])
            QApplication.sendEvent(window, event)
        QApplication.processEvents()


class Activations(QObject):
    """Counts how often a window is activated."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, _watched, event) -> bool:  # noqa: N802 (Qt name)
        if event.type() == QEvent.Type.WindowActivate:
            self.count += 1
        return False


_clock = [10_000_000]


def typed(field, text: str) -> None:
    """A cashier's typing: keys 150 ms apart (a burst 2-15 ms apart would be a card scan)."""
    field.setFocus()
    for ch in text:
        _clock[0] += 150
        press(field, Qt.Key(ord(ch.upper())), text=ch, timestamp=_clock[0])


def question_of(qtbot, dialog) -> QMessageBox:
    qtbot.waitUntil(lambda: dialog.discard_question is not None and dialog.discard_question.isVisible(), timeout=3000)
    return dialog.discard_question


def answer(question: QMessageBox, text: str) -> None:
    next(b for b in question.buttons() if b.text() == text).click()


def test_esc_on_an_edited_profile_asks_and_enter_keeps_editing(make_window, qtbot, training):
    window = make_window()
    siti = open_member(qtbot, window, SITI)
    QTest.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)  # Ctrl+E
    dialog = window.member_dialogs["edit"]
    assert dialog.isVisible()
    address = dialog.form.edit("address")
    before = address.text()
    address.selectAll()
    typed(address, "Jl Melati 12")
    press(address, Qt.Key.Key_Escape)
    question = question_of(qtbot, dialog)
    assert question.text() == f"Discard the changes to {siti.name}?"
    assert dialog.isVisible()  # not closed while it asks
    press(question, Qt.Key.Key_Return)  # Enter: the safe answer
    qtbot.waitUntil(lambda: not question.isVisible(), timeout=3000)
    assert dialog.isVisible() and address.text() == "Jl Melati 12"
    qtbot.waitUntil(lambda: QApplication.focusWidget() is address, timeout=3000)  # typing goes on where it was
    keys_where_the_keyboard_is(" C")
    assert address.text() == "Jl Melati 12 C"
    press(address, Qt.Key.Key_Escape)  # Esc on the question keeps editing too
    question = question_of(qtbot, dialog)
    press(question, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not question.isVisible(), timeout=3000)
    assert dialog.isVisible() and address.text() == "Jl Melati 12 C"
    # Cancel, then Discard: closed, and nothing was saved.
    dialog.reject()
    answer(question_of(qtbot, dialog), "Discard")
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=3000)
    assert not [r for r in window.gate.requests if r.url.path.endswith("/change-profile")]
    again = window.open_action("edit")
    assert again.form.edit("address").text() == before


def test_a_dialog_with_nothing_changed_closes_without_a_question(make_window, qtbot, training):
    window = make_window()
    open_member(qtbot, window, SITI)
    for action in ("edit", "phone", "email", "tags"):
        dialog = window.open_action(action)
        press(dialog.focusWidget() or dialog, Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda d=dialog: not d.isVisible(), timeout=3000)
        assert dialog.discard_question is None, action


def test_a_number_code_or_tag_half_typed_asks_before_closing(make_window, qtbot, training):
    window = make_window()
    siti = open_member(qtbot, window, SITI)
    phone = window.open_action("phone")
    typed(phone.target, "0812")
    press(phone.target, Qt.Key.Key_Escape)
    answer(question_of(qtbot, phone), "Keep editing")
    assert phone.isVisible() and phone.target.text() == "0812"
    answer(phone.ask_discard(), "Discard")
    qtbot.waitUntil(lambda: not phone.isVisible(), timeout=3000)

    email = window.open_action("email")
    typed(email.target, "siti")
    email.reject()
    assert f"to {siti.name}?" in question_of(qtbot, email).text()
    answer(email.discard_question, "Discard")
    qtbot.waitUntil(lambda: not email.isVisible(), timeout=3000)

    tags = window.open_action("tags")
    typed(tags.key.lineEdit(), "hobby")  # a key, no value yet
    press(tags.key.lineEdit(), Qt.Key.Key_Escape)
    answer(question_of(qtbot, tags), "Discard")
    qtbot.waitUntil(lambda: not tags.isVisible(), timeout=3000)
    # Added: the key stays for the next tag, and closing asks nothing.
    tags = window.open_action("tags")
    tags.key.setCurrentText("hobby")
    tags.value.setText("coffee")
    tags.add_button.click()
    wait_task(qtbot, tags)
    assert tags.value.text() == "" and ("hobby", "coffee") in tags.tags
    press(tags.value, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not tags.isVisible(), timeout=3000)
    assert tags.discard_question is None
    run_async(qtbot, window.settled())


def test_a_save_that_cannot_reach_stamps_says_not_saved_and_keeps_the_edit(make_window, qtbot, training):
    window = make_window()
    open_member(qtbot, window, SITI)
    dialog = window.open_action("edit")
    training.faults.update(drop_rate=1.0)  # the network goes
    try:
        dialog.form.edit("postal_code").setText("40111")
        press(dialog.form.edit("postal_code"), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        wait_task(qtbot, dialog)
        said = dialog.problem.text()
        assert said.startswith("Not saved: Stamps cannot be reached.") and "press Save again" in said
        assert "keeps retrying" not in said
        # Said next to Save (just above the buttons), not at the top of the window.
        assert dialog.problem.isVisibleTo(dialog)
        assert dialog.problem.mapTo(dialog, dialog.problem.rect().bottomLeft()).y() <= dialog.save.mapTo(dialog, dialog.save.rect().topLeft()).y()
        assert dialog.problem.y() > dialog.fields_scroll.y()
        assert dialog.isVisible() and dialog.form.edit("postal_code").text() == "40111"
        dialog.reject()  # Cancel asks: the edit is not thrown away by the way
        answer(question_of(qtbot, dialog), "Keep editing")
    finally:
        training.faults.update(drop_rate=0.0)
    # The network is back: Save again saves what was typed.
    dialog.save.click()
    wait_task(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    assert training.store.one("SELECT postal_code FROM users WHERE id = 2")["postal_code"] == "40111"


def code_sent(qtbot, window, member, number: str):
    """Change phone for ``member``: ``number`` typed and Enter, as the cashier does; the code is sent."""
    open_member(qtbot, window, member)
    dialog = window.open_action("phone")
    typed(dialog.target, number)
    press(dialog.target, Qt.Key.Key_Return)
    wait_task(qtbot, dialog)
    return dialog


def test_reopening_change_phone_comes_back_to_the_code_already_sent(make_window, qtbot, training):
    window = make_window()
    dialog = code_sent(qtbot, window, SITI, "081277770001")
    assert dialog.code_box.isVisibleTo(dialog), (dialog.target.text(), dialog.problem.text(), dialog.form.visible_errors())
    press(dialog.code, Qt.Key.Key_Escape)  # a code sent, nothing typed in it: nothing to lose
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=3000)
    assert dialog.discard_question is None

    again = window.open_action("phone")
    assert again.code_box.isVisibleTo(again) and "0812-7777-0001" in again.sent_label.text()
    assert again.focusWidget() is again.code
    assert not again.send_button.isEnabled() and again.send_button.text().startswith("Send again in")
    press(again.target, Qt.Key.Key_Return)  # the same number again: no second code
    wait_task(qtbot, again)
    assert len(training.store.messages("+6281277770001")) == 1
    typed(again.code, code_for(training, "+6281277770001"))  # the first code is still the one
    press(again.code, Qt.Key.Key_Return)
    wait_task(qtbot, again)
    qtbot.waitUntil(lambda: not again.isVisible(), timeout=5000)
    assert training.store.one("SELECT phone FROM users WHERE id = 2")["phone"] == "+6281277770001"
    # Done: the next open starts afresh.
    run_async(qtbot, window.settled())
    third = window.open_action("phone")
    assert not third.code_box.isVisibleTo(third) and third.target.text() == ""


def test_a_code_sent_for_one_member_never_shows_for_another(make_window, qtbot, training):
    window = make_window()
    open_member(qtbot, window, BUDI)
    dialog = window.open_action("email")
    dialog.target.setText("budi.new@example.com")
    dialog.send_button.click()
    wait_task(qtbot, dialog)
    dialog.reject()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=3000)
    open_member(qtbot, window, SITI)
    again = window.open_action("email")
    assert again is dialog and not again.code_box.isVisibleTo(again)
    assert again.target.text() == "" and again.sent_label.text() == "" and again.send_button.isEnabled()
    again.reject()
    qtbot.waitUntil(lambda: not again.isVisible(), timeout=3000)
    open_member(qtbot, window, BUDI)  # Budi again: his code step is back
    budi = window.open_action("email")
    assert budi.code_box.isVisibleTo(budi) and "budi.new@example.com" in budi.sent_label.text()


def test_f9_leaves_the_keyboard_in_the_code_field(make_window, qtbot, training):
    window = make_window()
    dialog = code_sent(qtbot, window, SITI, "081277770002")
    assert QApplication.focusWidget() is dialog.code
    QTest.keyClick(dialog.code, Qt.Key.Key_F9)  # the customer's phone, beside the code window
    phone = window.customer_phone
    qtbot.waitUntil(lambda: phone is not None and phone.isVisible(), timeout=3000)
    QApplication.processEvents()
    keys_where_the_keyboard_is("4321")
    assert dialog.code.text() == "4321"
    assert QGuiApplication.focusWindow() is dialog.windowHandle()
    # A window manager activates the phone as it maps it (after F9 returned), or the trainee
    # clicks it to read the code: the keyboard comes back to the code field all the same.
    activated = Activations()
    phone.installEventFilter(activated)
    phone.activateWindow()
    qtbot.waitUntil(lambda: activated.count > 0, timeout=3000)  # the phone had the keyboard a moment
    qtbot.waitUntil(lambda: QGuiApplication.focusWindow() is dialog.windowHandle(), timeout=3000)
    keys_where_the_keyboard_is("5")
    assert dialog.code.text() == "43215"
    # Once the code window is closed the phone is a window like any other.
    dialog.code.clear()
    dialog.reject()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=3000)
    phone.activateWindow()
    qtbot.waitUntil(lambda: QGuiApplication.focusWindow() is phone.windowHandle(), timeout=3000)


def test_a_language_change_keeps_the_customer_and_the_shifts_list(config_dir, make_window, qtbot, training):
    """Settings → Indonesian → the window is rebuilt (as run_app does on "restart"): the same
    member on screen, in Indonesian, and the customers before still one key away."""
    from pos_member.app import same_counter
    from pos_member.config import load_settings
    from pos_member.i18n.qt import apply_language

    window = make_window(manager_pin_hash=hash_pin("482913", iterations=1000))
    window.set_cashier("EMP007")
    open_member(qtbot, window, BUDI)
    siti = open_member(qtbot, window, SITI)
    finished = []
    window.finished.connect(finished.append)
    settings = window.open_settings()
    QTest.keyClicks(settings.gate.pin, "482913")
    QTest.keyClick(settings.gate.pin, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: settings.stack.currentIndex() == 1, timeout=5000)
    settings.form.fill({"language": "id"})
    QTest.keyClick(settings.form.inputs["otp_sms"], Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: finished == ["restart"], timeout=5000)
    assert load_settings().language == "id"
    before = window.backend.settings
    assert same_counter(before, before.model_copy(update={"language": "id"}))  # the same members
    assert not same_counter(before, before.model_copy(update={"merchant": 15}))  # another merchant's are not
    shift = window.handover()
    try:
        assert apply_language("id")
        again = make_window()
        again.set_cashier("EMP007")
        assert again.take_over(shift)
        run_async(qtbot, again.settled())
        member = again.session.member
        assert member is not None and member.user_id == siti.user_id and member.complete
        assert again.stack.currentWidget() is again.profile_view and again.profile_view.profile is member
        assert [s.name for s in again.session.recent] == ["Budi Santoso"]
        assert again.back_button.isVisibleTo(again) and "Pelanggan sebelumnya" in again.back_button.text()
        assert again.actions_by_name["edit"].isEnabled() and "Ubah profil" in again.actions_by_name["edit"].text()
        again.previous_customer()  # Alt+←: Budi again
        run_async(qtbot, again.settled())
        assert again.session.member.name == "Budi Santoso"
        # Another cashier signed in by then: nothing of EMP007's shift.
        other = make_window()
        other.set_cashier("EMP008")
        assert not other.take_over(shift)
        assert other.session.member is None and not other.session.recent
    finally:
        apply_language("en")
