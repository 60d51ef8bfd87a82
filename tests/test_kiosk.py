"""Kiosk self-registration on a touch tablet, through its window: the whole flow by keypad, staff
exit that cannot trap customers, idle reset everywhere (cancelling what is in flight), and privacy.

The window's clock is the test's (``Clock``): deadlines pass when the test moves it and calls
``session.tick()``; nothing waits on the wall clock for them. ``test_kiosk_session.py`` drives the
same session without widgets."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QFontInfo
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPushButton

from pos_member.api import StampsClient
from pos_member.api.models import RegistrationMethod
from pos_member.config import Settings, hash_pin
from pos_member.flows.kiosk import DONE_GUARD_S, STILL_THERE_S, KioskOutcome
from pos_member.flows.pin import ManagerPinGate
from pos_member.i18n import language, tr
from pos_member.i18n.qt import apply_language
from pos_member.outbox import Outbox, OutboxSender
from pos_member.runtime import Backend
from pos_member.ui.kiosk import window as kiosk_module
from pos_member.ui.kiosk.keypad import ERASE, KEY_PX, SPACE, DateEntry, Keypad, TextKeyboard
from pos_member.ui.kiosk.window import KioskWindow
from pos_member.ui.shared.qr import qr_matrix
from tests.conftest import run_async
from tests.test_kiosk_session import Clock

PIN = "482913"


@pytest.fixture
def make_kiosk(qloop, qtbot, training, tmp_path, monkeypatch):
    made = []

    def make(**settings_kw) -> KioskWindow:
        client = StampsClient("http://127.0.0.1", training.token, training.merchant_id, store=training.store_id,
                              transport=training.transport(), retry_backoff=0.01, timeout=5).open()
        settings = Settings(mode="kiosk", store=training.store_id, manager_pin_hash=hash_pin(PIN, iterations=1000),
                            kiosk_registration_method=RegistrationMethod.MOBILE_WEB,
                            **{"store_name": "Kopi Nusantara Kemang", **settings_kw})
        outbox = Outbox(tmp_path / f"kiosk-outbox-{len(made)}.sqlite3")
        sender = OutboxSender(outbox, client, idle_s=0.3)
        sender.start()
        window = KioskWindow(Backend(settings, client, training, outbox, sender), fullscreen=False, clock=Clock())
        window.resize(1024, 768)
        window.show()
        made.append(window)
        return window

    yield make
    for window in made:
        window.finish("quit")
        run_async(qtbot, window.shutdown())
        run_async(qtbot, window.backend.sender.stop())
        window.backend.outbox.close()
        run_async(qtbot, window.backend.client.aclose())
        window.deleteLater()
    apply_language("en")


def clock_of(kiosk: KioskWindow) -> Clock:
    clock = kiosk.session.clock
    assert isinstance(clock, Clock)
    return clock


def settle(window) -> None:
    """A person's next tap comes after the tap guard of a page change."""
    if isinstance(window, KioskWindow):
        clock_of(window).advance(DONE_GUARD_S)


def pass_time(kiosk: KioskWindow, seconds: float) -> None:
    """Nobody touches the kiosk for ``seconds``."""
    clock_of(kiosk).advance(seconds)
    kiosk.session.tick()


def tap(widget) -> None:
    settle(widget.window())
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)


def tap_now(widget) -> None:
    """The second half of a double tap: no waiting."""
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)


def tap_keys(kiosk, digits: str) -> None:
    pad = kiosk.pads[kiosk.step]
    for key in digits:
        tap(pad.keys[key])


def next_step(kiosk, qtbot, expected: str) -> None:
    tap(kiosk.next)
    qtbot.waitUntil(lambda: kiosk.step == expected, timeout=10_000)


def walk_to_summary(kiosk, qtbot, email="ayu.kiosk@example.com", phone="081355551212"):
    next_step(kiosk, qtbot, "name")
    kiosk.inputs["name"].setText("Ayu Lestari")
    next_step(kiosk, qtbot, "mobile")
    tap_keys(kiosk, phone)
    next_step(kiosk, qtbot, "email")
    kiosk.inputs["email"].setText(email)
    next_step(kiosk, qtbot, "birthday")
    tap_keys(kiosk, "30051993")
    next_step(kiosk, qtbot, "gender")
    tap(kiosk.gender_buttons["female"])
    next_step(kiosk, qtbot, "consent")
    assert not any(kiosk.inputs[k].isChecked() for k in ("allow_whatsapp_marketing", "allow_sms_marketing",
                                                         "allow_newsletters"))  # none ticked in advance
    tap(kiosk.inputs["allow_whatsapp_marketing"])
    next_step(kiosk, qtbot, "summary")


def visible_text(window) -> str:
    widgets = window.findChildren(QLabel) + window.findChildren(QPushButton)
    return "\n".join(w.text() for w in widgets if w.isVisible())


def all_text() -> str:
    return "\n".join(w.text() for w in QApplication.allWidgets() if isinstance(w, (QLineEdit, QLabel)))


def test_full_self_registration_by_touch(make_kiosk, qtbot, training):
    kiosk = make_kiosk()
    assert kiosk.step == "welcome"
    walk_to_summary(kiosk, qtbot)
    summary = {key: label.value_text().replace("\u200b", "") for key, label in kiosk.summary_rows.items()}  # breaks in an address
    assert summary == {"name": "Ayu Lestari", "mobile_number": "0813-5555-1212", "email": "ayu.kiosk@example.com",
                       "birthday": "30-05-1993", "gender": "Female", "allow_whatsapp_marketing": "Yes",
                       "allow_sms_marketing": "No", "allow_newsletters": "No"}
    tap(kiosk.next)
    qtbot.waitUntil(lambda: kiosk.step == "done", timeout=10_000)
    row = training.store.one("SELECT * FROM users WHERE email = 'ayu.kiosk@example.com'")
    card = training.store.one("SELECT number FROM cards WHERE membership_id = (SELECT id FROM memberships WHERE user_id = ?)",
                              row["id"])["number"]
    assert kiosk.card.text() == card and kiosk.qr.text() == card and kiosk.qr.isVisible()
    assert QFontInfo(kiosk.card.font()).pointSizeF() >= 40
    assert row["registration_method"] == int(RegistrationMethod.MOBILE_WEB) and row["registering_employee_code"] is None
    assert row["gender"] in (2, "f", "female", "2") and str(row["birthday"]).startswith("1993-05-30")
    membership = training.store.one("SELECT * FROM memberships WHERE user_id = ?", row["id"])
    assert (membership["allow_whatsapp_marketing"], membership["allow_sms_marketing"], membership["allow_newsletters"]) == (1, 0, 0)
    tap(kiosk.next)  # Finish: back to welcome, nothing kept
    assert kiosk.step == "welcome" and kiosk.session.data == {} and card not in all_text()


def test_keypad_keys_are_big_and_never_take_the_focus(make_kiosk, qtbot):
    kiosk = make_kiosk()
    next_step(kiosk, qtbot, "name")
    kiosk.inputs["name"].setText("Ayu")
    next_step(kiosk, qtbot, "mobile")
    pad = kiosk.pads["mobile"]
    assert isinstance(pad, Keypad) and set("0123456789+") | {ERASE} | set(pad.prefix_keys) == set(pad.keys)
    for key in pad.keys.values():
        assert key.width() >= 64 and key.height() >= 64 and key.focusPolicy() == Qt.FocusPolicy.NoFocus
    tap_keys(kiosk, "0812")
    tap(pad.keys[ERASE])
    assert kiosk.inputs["mobile_number"].text() == "081"
    assert kiosk.focusWidget() is kiosk.inputs["mobile_number"]


def test_date_entry_needs_only_digits(qtbot):
    entry = DateEntry()
    qtbot.addWidget(entry)
    pad = Keypad()
    pad.serve(entry)
    seen = []
    for key in "3005":
        pad.press(key)
        seen.append(entry.text())
    assert seen == ["3", "30-", "30-0", "30-05-"]
    for key in "19931":  # a ninth digit is ignored
        pad.press(key)
    assert entry.text() == "30-05-1993"
    pad.press(ERASE)
    pad.press(ERASE)
    pad.press(ERASE)
    pad.press(ERASE)
    assert entry.text() == "30-05-"
    pad.press(ERASE)
    assert entry.text() == "30-0"


def test_onscreen_keyboard_when_the_system_has_none(make_kiosk, qtbot):
    kiosk = make_kiosk(kiosk_onscreen_keyboard=True)
    next_step(kiosk, qtbot, "name")
    board = kiosk.pads["name"]
    assert isinstance(board, TextKeyboard)
    for key in "ayu lestari":
        tap(board.keys[key])
    assert kiosk.inputs["name"].text() == "Ayu Lestari"  # capitals after a space, by themselves
    assert all(k.height() >= 64 for k in board.keys.values())
    next_step(kiosk, qtbot, "mobile")
    tap_keys(kiosk, "081355557878")
    next_step(kiosk, qtbot, "email")
    board = kiosk.pads["email"]
    for key in ("a", "y", "u", "@", "e", "x", ".com"):
        tap(board.keys[key])
    assert kiosk.inputs["email"].text() == "ayu@ex.com"


def test_every_field_is_labelled_by_its_question_and_focused(make_kiosk, qtbot):
    kiosk = make_kiosk()
    tap(kiosk.language_buttons["id"])
    next_step(kiosk, qtbot, "name")  # after a language tap and Start, typing goes into the name
    assert kiosk.focusWidget() is kiosk.inputs["name"]
    for step, key in (("name", "name"), ("mobile", "mobile_number"), ("email", "email"), ("birthday", "birthday")):
        field = kiosk.inputs[key]
        assert field.accessibleName() == kiosk.titles[step].text() != field.placeholderText()
        assert kiosk.titles[step].buddy() is field
    assert kiosk.inputs["name"].accessibleName() == "Siapa nama Anda?"
    kiosk.inputs["name"].setText("Dian")
    next_step(kiosk, qtbot, "mobile")
    assert kiosk.focusWidget() is kiosk.inputs["mobile_number"]
    for button in kiosk.gender_buttons.values():
        assert button.accessibleName() and button.accessibleDescription() == kiosk.titles["gender"].text()


def test_step_errors_in_plain_words_at_kiosk_size(make_kiosk, qtbot):
    kiosk = make_kiosk()
    next_step(kiosk, qtbot, "name")
    tap(kiosk.next)
    assert kiosk.step == "name" and "your name" in kiosk.errors["name"].text()
    assert QFontInfo(kiosk.errors["name"].font()).pointSizeF() >= 18
    kiosk.inputs["name"].setText("Ayu")
    next_step(kiosk, qtbot, "mobile")
    assert kiosk.inputs["mobile_number"].text() == "08"  # it starts as almost every mobile number does
    tap_keys(kiosk, "12345")
    tap(kiosk.next)
    assert kiosk.step == "mobile" and "not valid" in kiosk.errors["mobile_number"].text()
    assert kiosk.inputs["mobile_number"].text() == "0812345"  # nothing typed is lost


@pytest.mark.parametrize("step", ["mobile", "email"])
def test_existing_member_is_answered_at_the_step_with_nothing_about_them(make_kiosk, qtbot, training, step):
    kiosk = make_kiosk()
    next_step(kiosk, qtbot, "name")
    kiosk.inputs["name"].setText("Someone Else")
    budi = training.store.one("SELECT * FROM users WHERE email = 'budi.santoso@example.com'")
    next_step(kiosk, qtbot, "mobile")
    if step == "mobile":
        kiosk.inputs["mobile_number"].setText("0" + budi["phone"].removeprefix("+62"))
    else:
        tap_keys(kiosk, "081355553434")
        next_step(kiosk, qtbot, "email")
        kiosk.inputs["email"].setText("budi.santoso@example.com")
    next_step(kiosk, qtbot, "already")
    text = visible_text(kiosk)
    assert "already a member" in text and "ask our staff" in text
    for secret in ("Budi", "Santoso", "Gold", budi["phone"][-6:]):
        assert secret not in text
    tap(kiosk.back)  # a typing mistake: back to fix it
    assert kiosk.step == step
    next_step(kiosk, qtbot, "already")
    tap(kiosk.next)
    assert kiosk.step == "welcome" and kiosk.session.data == {}
    assert training.store.one("SELECT COUNT(*) AS n FROM users WHERE name = 'Someone Else'")["n"] == 0


def test_close_attempts_are_ignored(make_kiosk):
    kiosk = make_kiosk()
    assert kiosk.windowFlags() & Qt.WindowType.FramelessWindowHint
    assert kiosk.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    kiosk.close()
    QTest.keyClick(kiosk, Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier)
    assert kiosk.isVisible()


def open_pin_screen(kiosk) -> None:
    settle(kiosk)
    for _ in range(5):
        QTest.mouseClick(kiosk.logo, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))


def enter_pin(kiosk, qtbot, pin: str) -> None:
    tap_keys(kiosk, pin)
    tap(kiosk.next)
    qtbot.waitUntil(lambda: not kiosk.session.busy, timeout=5000)


def test_staff_exit_needs_five_taps_and_the_pin(make_kiosk, qtbot):
    kiosk = make_kiosk()
    finished = []
    kiosk.finished.connect(finished.append)
    for _ in range(4):
        QTest.mouseClick(kiosk.logo, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert kiosk.step == "welcome"
    QTest.mouseClick(kiosk.logo, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert kiosk.step == "admin" and kiosk.focusWidget() is kiosk.pin
    assert QFontInfo(kiosk.errors["pin"].font()).pointSizeF() >= 18
    enter_pin(kiosk, qtbot, "000000")
    assert finished == [] and kiosk.isVisible() and "not the manager PIN" in kiosk.errors["pin"].text()
    enter_pin(kiosk, qtbot, PIN)
    assert kiosk.step == "close" and finished == []  # one more tap to confirm
    tap(kiosk.next)  # Close
    assert finished == ["quit"] and not kiosk.isVisible()


def test_pin_screen_never_traps_a_customer(make_kiosk, qtbot):
    kiosk = make_kiosk()
    open_pin_screen(kiosk)
    tap(kiosk.back)  # Cancel
    assert kiosk.step == "welcome" and kiosk.back.text() == "Back"
    open_pin_screen(kiosk)
    tap_keys(kiosk, "12")
    QTest.keyClick(kiosk.pin, Qt.Key.Key_Escape)
    assert kiosk.step == "welcome" and kiosk.pin.text() == ""
    open_pin_screen(kiosk)
    pass_time(kiosk, kiosk.session.idle_s)
    assert kiosk.step == "still_there"
    pass_time(kiosk, STILL_THERE_S)
    assert kiosk.step == "welcome"


def test_three_wrong_pins_lock_the_gesture_not_the_kiosk(make_kiosk, qtbot):
    kiosk = make_kiosk()
    finished = []
    kiosk.finished.connect(finished.append)
    open_pin_screen(kiosk)
    for _ in range(3):
        enter_pin(kiosk, qtbot, "111111")
    assert "Too many wrong PINs" in kiosk.errors["pin"].text()
    assert not kiosk.next.isEnabled() and not kiosk.pin.isEnabled() and kiosk.back.isEnabled()
    tap(kiosk.back)
    assert kiosk.step == "welcome"
    open_pin_screen(kiosk)
    assert kiosk.step == "welcome"  # the gesture is locked ...
    next_step(kiosk, qtbot, "name")  # ... the kiosk is not
    assert finished == []


def test_idle_wipes_everything_and_the_language(make_kiosk, qtbot):
    kiosk = make_kiosk()
    tap(kiosk.language_buttons["id"])
    next_step(kiosk, qtbot, "name")
    kiosk.inputs["name"].setText("Rahasia Pelanggan")
    next_step(kiosk, qtbot, "mobile")
    tap_keys(kiosk, "081355559999")
    pass_time(kiosk, kiosk.session.idle_s)
    assert kiosk.step == "still_there"
    pass_time(kiosk, STILL_THERE_S - 2)
    assert kiosk.seconds_left() == 2 and "2 detik" in kiosk.still.text()  # the countdown says what it does
    old_edits = kiosk.findChildren(QLineEdit)  # the pages being replaced linger until Qt deletes them
    pass_time(kiosk, 2)
    assert kiosk.step == "welcome"
    assert old_edits and all(w.text() == "" for w in old_edits)  # emptied at once, not only rebuilt
    assert kiosk.session.data == {} and language() == "en" and kiosk.language_buttons["en"].property("current")
    assert "Become a member" in visible_text(kiosk)
    edits = kiosk.findChildren(QLineEdit)
    assert edits and all(w.text() == "" for w in edits)
    assert "Rahasia" not in all_text() and "9999" not in all_text()


def test_still_there_keeps_the_customer_going(make_kiosk, qtbot):
    kiosk = make_kiosk()
    next_step(kiosk, qtbot, "name")
    kiosk.inputs["name"].setText("Masih Di Sini")
    pass_time(kiosk, kiosk.session.idle_s)
    assert kiosk.step == "still_there"
    tap(kiosk.next)  # "Yes, I'm here"
    assert kiosk.step == "name" and kiosk.inputs["name"].text() == "Masih Di Sini"


def test_done_page_counts_down_honestly_without_still_there(make_kiosk, qtbot):
    kiosk = make_kiosk()
    walk_to_summary(kiosk, qtbot, email="dewi.kiosk@example.com", phone="081355556565")
    kiosk.session.idle_s, kiosk.session.done_s = 15, 30
    tap(kiosk.next)
    qtbot.waitUntil(lambda: kiosk.step == "done", timeout=10_000)
    assert "30 seconds" in kiosk.done_countdown.text()
    pass_time(kiosk, 16)
    assert kiosk.step == "done" and "14 seconds" in kiosk.done_countdown.text()  # no "Still there?" here
    pass_time(kiosk, 14)
    assert kiosk.step == "welcome"


def test_reset_during_a_slow_registration_never_shows_its_number(make_kiosk, qtbot, training):
    kiosk = make_kiosk()
    walk_to_summary(kiosk, qtbot, email="slow.kiosk@example.com", phone="081355557171")
    outbox = kiosk.backend.outbox
    training.faults.update(latency_ms=3000)
    steps: list[str] = []
    kiosk.session.watch(lambda _change: steps.append(kiosk.step))
    tap(kiosk.next)
    assert kiosk.next.text() == "Registering…"
    qtbot.waitUntil(lambda: bool(outbox.items("sending")), timeout=10_000)  # the POST is on its way
    kiosk.touched()  # the customer's last touch: they walk away now
    pass_time(kiosk, kiosk.session.idle_s)
    pass_time(kiosk, STILL_THERE_S)
    assert kiosk.step == "welcome" and kiosk.session.idle  # nothing runs for them any more
    training.faults.update(latency_ms=0)
    outbox.retry_now()
    qtbot.waitUntil(lambda: bool(outbox.items("delivered")), timeout=15_000)
    qtbot.wait(50)  # a late answer would reach the screen on the next pass of the loop
    row = training.store.one("SELECT id FROM users WHERE email = 'slow.kiosk@example.com'")
    card = training.store.one("SELECT number FROM cards WHERE membership_id = (SELECT id FROM memberships WHERE user_id = ?)",
                              row["id"])["number"]
    assert "done" not in steps and kiosk.step == "welcome"
    assert card not in all_text() and kiosk.qr.text() == ""


def test_result_behind_still_there_waits_for_the_customer(make_kiosk, qtbot, training):
    kiosk = make_kiosk()
    walk_to_summary(kiosk, qtbot, email="wait.kiosk@example.com", phone="081355558181")
    training.faults.update(latency_ms=300)
    tap(kiosk.next)
    pass_time(kiosk, kiosk.session.idle_s)
    assert kiosk.step == "still_there" and kiosk.session.busy  # the answer has not come yet
    qtbot.waitUntil(lambda: not kiosk.session.busy, timeout=10_000)
    outcome = kiosk.session.outcome
    assert kiosk.step == "still_there" and outcome is not None and outcome.card
    assert outcome.card not in visible_text(kiosk)
    tap(kiosk.next)  # "Yes, I'm here"
    assert kiosk.step == "done" and kiosk.card.text()


def test_language_switch_keeps_what_was_typed(make_kiosk, qtbot):
    kiosk = make_kiosk()
    next_step(kiosk, qtbot, "name")
    kiosk.inputs["name"].setText("Dian")
    tap(kiosk.language_buttons["id"])
    assert kiosk.step == "name" and kiosk.inputs["name"].text() == "Dian"
    assert "Siapa nama Anda?" in visible_text(kiosk)


def test_qr_of_the_member_number(make_kiosk, qtbot):
    kiosk = make_kiosk()
    kiosk.session.registered(KioskOutcome("registered", card="RRR0009999"))
    assert kiosk.step == "done" and kiosk.qr.matrix() == qr_matrix("RRR0009999")
    assert kiosk.qr.width() >= len(qr_matrix("RRR0009999")) * 8


def test_touch_targets_are_large(make_kiosk, qtbot):
    kiosk = make_kiosk()
    next_step(kiosk, qtbot, "name")
    assert kiosk.next.height() >= 64 and kiosk.back.height() >= 64 and kiosk.inputs["name"].height() >= 56
    assert KEY_PX >= 64


@pytest.mark.parametrize("lang", ["en", "id"])
def test_every_step_fits_a_1024x768_tablet(make_kiosk, qtbot, lang):
    kiosk = make_kiosk(kiosk_onscreen_keyboard=True)
    if lang != "en":
        tap(kiosk.language_buttons[lang])
    hint = kiosk.minimumSizeHint()  # the largest step decides (all live in one stack)
    assert hint.width() <= 1024 and hint.height() <= 768, hint


def test_a_language_left_on_the_welcome_screen_goes_back_too(make_kiosk, qtbot):
    kiosk = make_kiosk()
    tap(kiosk.language_buttons["id"])
    next_step(kiosk, qtbot, "name")
    tap(kiosk.back)  # back to the start keeps the customer's language ...
    assert kiosk.step == "welcome" and language() == "id"
    pass_time(kiosk, kiosk.session.idle_s)
    assert language() == "en"  # ... until they walk away
    assert kiosk.step == "welcome" and kiosk.language_buttons["en"].property("current")


# ---------------------------------------------------------------------------- found walking it by touch

def test_a_double_tap_answers_one_page_only(make_kiosk, qtbot):
    kiosk = make_kiosk()
    tap(kiosk.next)
    tap_now(kiosk.next)  # Start, twice
    assert kiosk.step == "name" and not kiosk.errors["name"].isVisible()  # no error before a real tap
    kiosk.inputs["name"].setText("Ayu Lestari")
    tap(kiosk.next)
    tap_now(kiosk.back)
    assert kiosk.step == "mobile"
    tap(kiosk.back)
    tap_now(kiosk.back)  # Back, twice: one step back, nothing typed lost
    assert kiosk.step == "name" and kiosk.inputs["name"].text() == "Ayu Lestari"
    kiosk.wipe()
    walk_to_summary(kiosk, qtbot, email="double.tap@example.com", phone="081355554343")
    tap(kiosk.next)  # Register ...
    qtbot.waitUntil(lambda: kiosk.step == "done", timeout=10_000)
    tap_now(kiosk.next)  # ... its second tap lands on Finish
    card = kiosk.card.text()
    assert kiosk.step == "done" and card and card in visible_text(kiosk)
    tap(kiosk.next)  # a real tap on Finish, twice: the second must not Start again
    tap_now(kiosk.next)
    assert kiosk.step == "welcome"


def test_an_existing_member_answer_survives_a_double_tap(make_kiosk, qtbot):
    kiosk = make_kiosk()
    next_step(kiosk, qtbot, "name")
    kiosk.inputs["name"].setText("Budi")
    next_step(kiosk, qtbot, "mobile")
    tap_keys(kiosk, "081234567890")  # a training member's
    tap(kiosk.next)
    qtbot.waitUntil(lambda: kiosk.step == "already", timeout=10_000)
    tap_now(kiosk.next)
    assert kiosk.step == "already"


def test_a_language_tap_on_done_keeps_the_member_number(make_kiosk, qtbot):
    kiosk = make_kiosk()
    kiosk.session.registered(KioskOutcome("registered", card="RRR0008888"))
    tap(kiosk.language_buttons["id"])
    assert kiosk.step == "done" and kiosk.card.text() == "RRR0008888" and kiosk.qr.text() == "RRR0008888"
    assert kiosk.done_text.text() not in ("", "Your member number:")  # re-translated, not emptied
    tap(kiosk.next)
    assert kiosk.step == "welcome" and "RRR0008888" not in all_text()


def test_an_error_goes_as_soon_as_its_field_changes(make_kiosk, qtbot):
    kiosk = make_kiosk()
    next_step(kiosk, qtbot, "name")
    tap(kiosk.next)
    assert kiosk.errors["name"].isVisible()
    tap(kiosk.pads["name"].keys["a"])
    assert not kiosk.errors["name"].isVisible()
    next_step(kiosk, qtbot, "mobile")
    for step, key, typed, more in (("mobile", "mobile_number", "12", "3"), ("email", "email", "ayu", "@"),
                                   ("birthday", "birthday", "3105", "2")):
        if step == "mobile":
            tap_keys(kiosk, typed)
        else:
            kiosk.inputs[key].setText(typed)
        tap(kiosk.next)
        assert kiosk.step == step and kiosk.errors[key].isVisible(), step
        tap(kiosk.pads[step].keys[more])
        assert not kiosk.errors[key].isVisible(), step
        kiosk.inputs[key].setText({"mobile": "081355553131", "email": "ayu.err@example.com"}.get(step, "30-05-1993"))
        tap(kiosk.next)
        qtbot.waitUntil(lambda s=step: kiosk.step != s, timeout=10_000)


def test_own_keyboard_unless_the_os_has_one(make_kiosk, qtbot, monkeypatch):
    kiosk = make_kiosk()  # the default: "auto"
    assert kiosk.settings.kiosk_onscreen_keyboard == "auto"
    assert isinstance(kiosk.pads.get("name"), TextKeyboard) == (kiosk_module.sys.platform != "win32")
    monkeypatch.setattr(kiosk_module.sys, "platform", "win32")
    assert not kiosk_module.onscreen_keyboard(kiosk.settings)  # Windows brings its own
    monkeypatch.setattr(kiosk_module.sys, "platform", "linux")
    assert kiosk_module.onscreen_keyboard(kiosk.settings)
    assert "name" not in make_kiosk(kiosk_onscreen_keyboard=False).pads  # still forced off when asked


def test_email_step_says_required_and_has_no_space_key(make_kiosk, qtbot):
    kiosk = make_kiosk(kiosk_onscreen_keyboard=True)
    assert "required" in kiosk.titles["email"].text()
    board = kiosk.pads["email"]
    assert SPACE not in board.keys and SPACE in kiosk.pads["name"].keys


def test_examples_are_no_ones_number(make_kiosk, qtbot):
    kiosk = make_kiosk()
    assert kiosk.inputs["mobile_number"].placeholderText() == "0812 0000 0000"
    next_step(kiosk, qtbot, "name")
    kiosk.inputs["name"].setText("Ayu")
    next_step(kiosk, qtbot, "mobile")
    for typed in ("12", "abc"):
        kiosk.inputs["mobile_number"].setText(typed)
        tap(kiosk.next)
        assert "0812 0000 0000" in kiosk.errors["mobile_number"].text()
        assert "3456" not in visible_text(kiosk)


def test_pin_lock_out_counts_down_and_the_logo_tells_staff(make_kiosk, qtbot):
    kiosk = make_kiosk()
    now = [1000.0]
    kiosk.session.pin_gate = ManagerPinGate(kiosk.settings.manager_pin_hash, clock=lambda: now[0])
    open_pin_screen(kiosk)
    for _ in range(3):
        enter_pin(kiosk, qtbot, "111111")
    assert "30 seconds" in kiosk.errors["pin"].text()
    assert not kiosk.pin.isEnabled() and not kiosk.next.isEnabled()
    now[0] += 12
    kiosk.session.tick()
    assert "18 seconds" in kiosk.errors["pin"].text()
    now[0] += 18
    kiosk.session.tick()
    assert kiosk.pin.isEnabled() and kiosk.next.isEnabled()
    assert not kiosk.errors["pin"].isVisible()
    enter_pin(kiosk, qtbot, "222222")  # locked again, for longer
    tap(kiosk.back)
    open_pin_screen(kiosk)
    assert kiosk.step == "welcome" and kiosk.notice.isVisible() and "Try again in 60 seconds" in kiosk.notice.text()
    assert kiosk.minimumSizeHint().width() <= 1024  # the notice wraps: the kiosk still fits the tablet


def test_a_language_tap_on_welcome_arms_the_way_back(make_kiosk, qtbot):
    kiosk = make_kiosk()
    tap(kiosk.language_buttons["id"])
    assert kiosk.session.language == "id" and kiosk.alarm.isActive()  # nobody touches again: it still goes back


def test_still_there_takes_a_tap_anywhere(make_kiosk, qtbot):
    kiosk = make_kiosk()
    next_step(kiosk, qtbot, "name")
    kiosk.inputs["name"].setText("Masih Di Sini")
    pass_time(kiosk, kiosk.session.idle_s)
    assert kiosk.step == "still_there"
    tap(kiosk.still)  # the text, not the button
    assert kiosk.step == "name" and kiosk.inputs["name"].text() == "Masih Di Sini"
    # and if the customer then walks away, idle comes round again (the alarm is armed: the
    # session's deadline is set before the window draws the step)
    assert kiosk.alarm.isActive()
    pass_time(kiosk, kiosk.session.idle_s)
    assert kiosk.step == "still_there"


def test_the_right_pin_asks_before_closing(make_kiosk, qtbot):
    kiosk = make_kiosk()
    finished = []
    kiosk.finished.connect(finished.append)
    open_pin_screen(kiosk)
    enter_pin(kiosk, qtbot, PIN)
    assert kiosk.step == "close" and kiosk.isVisible() and "Close the kiosk?" in visible_text(kiosk)
    assert kiosk.next.text() == "Close" and kiosk.back.text() == "Cancel"
    tap(kiosk.back)
    assert kiosk.step == "welcome" and finished == []
    open_pin_screen(kiosk)
    enter_pin(kiosk, qtbot, PIN)
    assert kiosk.step == "close"
    pass_time(kiosk, kiosk.session.idle_s)
    assert kiosk.step == "welcome"  # nobody answered: back to the start
    assert finished == [] and kiosk.isVisible()


# ---------------------------------------------------------------------------- touch, issue 26

def test_a_burst_of_taps_answers_one_page_only(make_kiosk, qtbot):
    """Twelve taps 150 ms apart on Finish: welcome, and nothing after it."""
    kiosk = make_kiosk()
    clock = clock_of(kiosk)
    walk_to_summary(kiosk, qtbot, email="burst.tap@example.com", phone="081355556565")
    tap(kiosk.next)
    qtbot.waitUntil(lambda: kiosk.step == "done", timeout=10_000)
    settle(kiosk)
    for _ in range(12):
        tap_now(kiosk.next)
        clock.advance(0.15)
    assert kiosk.step == "welcome", kiosk.step
    clock.advance(1.0)  # the burst is over: the next tap is the customer's
    tap_now(kiosk.next)
    assert kiosk.step == "name"


def test_no_context_menu_no_paste_and_the_clipboard_goes_with_the_customer(make_kiosk, qtbot):
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QContextMenuEvent, QGuiApplication
    from PySide6.QtWidgets import QMenu

    kiosk = make_kiosk()
    next_step(kiosk, qtbot, "name")
    name = kiosk.inputs["name"]
    QGuiApplication.clipboard().setText("someone else's text")
    name.setFocus()
    QTest.keyClick(name, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(name, Qt.Key.Key_Insert, Qt.KeyboardModifier.ShiftModifier)
    assert name.text() == ""  # the kiosk's fields take no paste
    QApplication.sendEvent(name, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, QPoint(5, 5),
                                                   name.mapToGlobal(QPoint(5, 5))))
    assert not any(m.isVisible() for m in QApplication.topLevelWidgets() if isinstance(m, QMenu))
    kiosk.wipe()
    assert QGuiApplication.clipboard().text() == ""  # emptied on every reset


def test_optional_steps_say_skip_until_something_is_given(make_kiosk, qtbot):
    kiosk = make_kiosk()
    next_step(kiosk, qtbot, "name")
    kiosk.inputs["name"].setText("Ani Wijaya")
    next_step(kiosk, qtbot, "mobile")
    pad = kiosk.pads["mobile"]
    tap(pad.prefix_keys["0812"])  # an operator's start: one key for four digits
    assert kiosk.inputs["mobile_number"].text() == "0812" and not pad.prefix_keys["0813"].isEnabled()
    tap_keys(kiosk, "77001235")
    next_step(kiosk, qtbot, "email")
    board = kiosk.pads.get("email")
    if isinstance(board, TextKeyboard):  # the address proposed from the name: one tap
        assert "ani.wijaya@gmail.com" in board.proposal_buttons
        tap(board.proposal_buttons["ani.wijaya@gmail.com"])
    else:
        kiosk.inputs["email"].setText("ani.wijaya@gmail.com")
    assert kiosk.inputs["email"].text() == "ani.wijaya@gmail.com"
    next_step(kiosk, qtbot, "birthday")
    # Skipping the birthday says the customer may register alone: one tap, what it says on it.
    assert kiosk.next.text() == "Skip: I am 17 or older" and "old_enough" not in kiosk.inputs
    tap_keys(kiosk, "3")
    assert kiosk.next.text() == "Next"
    tap(kiosk.clear_keys["birthday"])
    assert kiosk.next.text() == "Skip: I am 17 or older"
    next_step(kiosk, qtbot, "gender")
    assert kiosk.session.data["old_enough"] is True and "old_enough" not in kiosk.session.form()
    assert kiosk.next.text() == "Skip"
    tap(kiosk.gender_buttons["female"])
    assert kiosk.next.text() == "Next"
    next_step(kiosk, qtbot, "consent")
    assert kiosk.next.text() == "Skip"
    tap(kiosk.inputs["allow_whatsapp_marketing"])
    assert kiosk.next.text() == "Next"


def test_the_busy_word_follows_a_language_switch(make_kiosk, qtbot, training):
    """The real wait: a registration on its way while Stamps is slow; the customer switches language."""
    kiosk = make_kiosk()
    walk_to_summary(kiosk, qtbot, email="busy.words@example.com", phone="081355559191")
    training.faults.update(latency_ms=2000)
    tap(kiosk.next)
    assert kiosk.session.busy and kiosk.next.text() == "Registering…"
    assert kiosk.language_buttons["id"].isVisible()  # the customer can reach it while it waits
    tap(kiosk.language_buttons["id"])
    assert kiosk.session.busy and kiosk.next.text() not in ("Registering…", "")
    assert kiosk.next.text() == tr("Registering…")
    training.faults.update(latency_ms=0)
    qtbot.waitUntil(lambda: not kiosk.session.busy, timeout=15_000)


def test_the_email_keyboard_has_the_common_endings_and_proposals_from_the_name(make_kiosk, qtbot):
    kiosk = make_kiosk(kiosk_onscreen_keyboard=True)
    board = kiosk.pads["email"]
    for key in ("@gmail.com", "@yahoo.co.id", ".com", ".co.id"):
        assert key in board.keys
    next_step(kiosk, qtbot, "name")
    kiosk.inputs["name"].setText("Ani Wijaya")
    next_step(kiosk, qtbot, "mobile")
    tap_keys(kiosk, "1277001235")
    next_step(kiosk, qtbot, "email")
    assert list(board.proposal_buttons)[0] == "ani.wijaya@gmail.com"
    for key in "ani":
        tap(board.keys[key])
    tap(board.keys["@gmail.com"])
    assert kiosk.inputs["email"].text() == "ani@gmail.com"


# ---------------------------------------------------------------------------- corrections, ×, held ⌫

def test_a_summary_row_opens_its_step_and_ok_comes_back(make_kiosk, qtbot, training):
    kiosk = make_kiosk()
    walk_to_summary(kiosk, qtbot)
    row = kiosk.summary_rows["mobile_number"]
    assert row.height() >= 48 and row.width() >= 300  # a whole row for a finger
    gender = kiosk.summary_rows["gender"]
    assert gender.mapTo(kiosk, QPoint(0, 0)).x() > row.mapTo(kiosk, QPoint(0, 0)).x() + row.width()  # two columns
    assert not kiosk.privacy_notice.visibleRegion().isEmpty()  # ... so the notice stays in sight on a landscape tablet
    assert row.accessibleName() == "Mobile: 0813-5555-1212 — tap to change"
    assert kiosk.summary_rows["name"].accessibleName() == "Name: Ayu Lestari — tap to change"
    tap(row)
    assert kiosk.step == "mobile" and kiosk.inputs["mobile_number"].text() == "081355551212"  # the answer kept
    assert kiosk.focusWidget() is kiosk.inputs["mobile_number"] and kiosk.next.text() == "OK"
    tap(kiosk.pads["mobile"].keys[ERASE])
    tap_keys(kiosk, "3")
    next_step(kiosk, qtbot, "summary")  # back to the summary, not through email, birthday, ...
    assert kiosk.summary_rows["mobile_number"].value_text() == "0813-5555-1213"
    assert kiosk.summary_rows["email"].value_text().replace("\u200b", "") == "ayu.kiosk@example.com"
    tap(kiosk.summary_rows["allow_sms_marketing"])
    assert kiosk.step == "consent" and kiosk.inputs["allow_whatsapp_marketing"].isChecked()
    tap(kiosk.inputs["allow_sms_marketing"])
    tap(kiosk.back)  # changed their mind: the summary with the choices as they were
    assert kiosk.step == "summary" and kiosk.summary_rows["allow_sms_marketing"].value_text() == "No"
    tap(kiosk.summary_rows["allow_sms_marketing"])
    assert not kiosk.inputs["allow_sms_marketing"].isChecked()  # the field shows the answer kept, too
    next_step(kiosk, qtbot, "summary")
    tap(kiosk.language_buttons["id"])
    assert kiosk.summary_rows["name"].accessibleName() == "Nama: Ayu Lestari — ketuk untuk mengubah"


def test_a_corrected_number_of_a_member_is_answered_at_its_step(make_kiosk, qtbot, training):
    member = training.store.one("SELECT phone FROM users WHERE phone IS NOT NULL LIMIT 1")["phone"]
    kiosk = make_kiosk()
    walk_to_summary(kiosk, qtbot)
    tap(kiosk.summary_rows["mobile_number"])
    kiosk.inputs["mobile_number"].setText(member)
    next_step(kiosk, qtbot, "already")
    tap(kiosk.back)
    assert kiosk.step == "mobile" and kiosk.next.text() == "OK"


def test_each_field_has_a_finger_sized_clear_key_beside_it(make_kiosk, qtbot):
    kiosk = make_kiosk(kiosk_onscreen_keyboard=True)
    next_step(kiosk, qtbot, "name")
    for step in ("name", "mobile", "email", "birthday", "admin"):
        assert step in kiosk.clear_keys, step
    name = kiosk.inputs["name"]
    clear = kiosk.clear_keys["name"]
    assert not clear.isEnabled()  # nothing to erase yet
    for ch in "ayu":
        tap(kiosk.pads["name"].keys[ch])
    assert clear.isEnabled() and clear.text() == "×" and clear.accessibleName() == "Erase all"
    assert clear.height() >= 48 and clear.width() >= 64 and clear.focusPolicy() == Qt.FocusPolicy.NoFocus
    field_rect = name.geometry().translated(name.parentWidget().mapTo(kiosk, QPoint(0, 0)))
    clear_rect = clear.geometry().translated(clear.parentWidget().mapTo(kiosk, QPoint(0, 0)))
    assert not field_rect.intersects(clear_rect)  # beside the field: a tap at the end of the text is the field's
    QTest.mouseClick(name, Qt.MouseButton.LeftButton, pos=QPoint(name.width() - 4, name.height() // 2))
    assert name.text() == "Ayu"
    tap(clear)
    assert name.text() == "" and kiosk.focusWidget() is name  # the cursor back in the field
    tap(kiosk.language_buttons["id"])
    assert kiosk.clear_keys["name"].accessibleName() == "Hapus semua"


def test_a_held_erase_key_repeats(make_kiosk, qtbot):
    from pos_member.ui.kiosk.keypad import REPEAT_DELAY_MS, REPEAT_INTERVAL_MS

    kiosk = make_kiosk(kiosk_onscreen_keyboard=True)
    next_step(kiosk, qtbot, "name")
    kiosk.inputs["name"].setText("Ani Wijaya")
    next_step(kiosk, qtbot, "mobile")
    mobile = kiosk.inputs["mobile_number"]
    mobile.setText("081277001235")
    key = kiosk.pads["mobile"].keys[ERASE]
    settle(kiosk)
    QTest.mousePress(key, Qt.MouseButton.LeftButton)
    assert mobile.text() == "08127700123"  # the press erases at once
    assert key.repeat is not None and key.repeat.isActive() and key.repeat.interval() == REPEAT_DELAY_MS
    for _ in range(3):  # the timer's ticks, fired here instead of waited for
        key.repeat.timeout.emit()
    assert mobile.text() == "08127700" and key.repeat.interval() == REPEAT_INTERVAL_MS
    QTest.mouseRelease(key, Qt.MouseButton.LeftButton)
    assert not key.repeat.isActive()
    key.repeat.timeout.emit()  # a tick already queued when the finger lifted
    assert mobile.text() == "08127700"  # the release erases nothing more
    tap(key)
    assert mobile.text() == "0812770"  # a tap is one
    # The text keyboard's ⌫ too.
    mobile.setText("081277001235")
    next_step(kiosk, qtbot, "email")
    board_key = kiosk.pads["email"].keys[ERASE]
    kiosk.inputs["email"].setText("ani@x")
    settle(kiosk)
    QTest.mousePress(board_key, Qt.MouseButton.LeftButton)
    board_key.repeat.timeout.emit()
    QTest.mouseRelease(board_key, Qt.MouseButton.LeftButton)
    assert kiosk.inputs["email"].text() == "ani"


# ---------------------------------------------------------------------------- keys never move under a finger

def key_places(kiosk) -> dict[str, tuple[int, int, int, int]]:
    """Where every key of the step's pad and its × are, in window coordinates."""
    pad = kiosk.pads[kiosk.step]
    keys = {label: key for label, key in pad.keys.items() if key.isVisible()}
    clear = kiosk.clear_keys.get(kiosk.step)
    if clear is not None:
        keys["×"] = clear
    places = {}
    right = kiosk.next.mapTo(kiosk, QPoint(kiosk.next.width(), 0))
    places["Next"] = (right.x(), right.y(), 0, kiosk.next.height())  # its word may change (Skip → Next), not its place
    for label, key in keys.items():
        corner = key.mapTo(kiosk, QPoint(0, 0))
        places[label] = (corner.x(), corner.y(), key.width(), key.height())
    return places


def settle_layouts() -> None:
    for _ in range(3):  # let the layouts take in what changed
        QApplication.processEvents()
        QApplication.sendPostedEvents()


def settled_places(kiosk, qtbot) -> dict[str, tuple[int, int, int, int]]:
    settle_layouts()
    return key_places(kiosk)


@pytest.mark.parametrize("size", [(1024, 768), (800, 1280)])
@pytest.mark.parametrize("lang", ["en", "id"])
def test_keys_stay_put_when_an_error_or_a_proposal_comes_and_goes(make_kiosk, qtbot, size, lang):
    kiosk = make_kiosk(kiosk_onscreen_keyboard=True)
    kiosk.resize(*size)
    if lang != "en":
        tap(kiosk.language_buttons[lang])
    next_step(kiosk, qtbot, "name")
    before = settled_places(kiosk, qtbot)
    tap(kiosk.next)  # no name: an error under the field
    assert kiosk.step == "name" and kiosk.errors["name"].isVisible()
    assert settled_places(kiosk, qtbot) == before
    for ch in "dewi":
        tap(kiosk.pads["name"].keys[ch])
    assert not kiosk.errors["name"].isVisible()
    assert settled_places(kiosk, qtbot) == before
    next_step(kiosk, qtbot, "mobile")
    before = settled_places(kiosk, qtbot)
    tap_keys(kiosk, "12345")
    tap(kiosk.next)  # too short
    assert kiosk.step == "mobile" and kiosk.errors["mobile_number"].isVisible()
    assert settled_places(kiosk, qtbot) == before
    tap_keys(kiosk, "6789")
    assert not kiosk.errors["mobile_number"].isVisible()
    assert settled_places(kiosk, qtbot) == before
    next_step(kiosk, qtbot, "email")
    board = kiosk.pads["email"]
    before = settled_places(kiosk, qtbot)
    assert board.proposal_buttons  # "dewi@gmail.com" ...
    for ch in "dewi@gmail":
        tap(board.keys[ch])
    tap(kiosk.next)  # not an address yet: an error and a proposal row (k11)
    assert kiosk.step == "email" and kiosk.errors["email"].isVisible()
    assert settled_places(kiosk, qtbot) == before
    tap(board.keys[".com"])  # the error goes and so do the proposals (k12)
    assert not kiosk.errors["email"].isVisible() and not any(b.isVisible() for b in board.proposal_buttons.values())
    assert settled_places(kiosk, qtbot) == before
    next_step(kiosk, qtbot, "birthday")
    before = settled_places(kiosk, qtbot)
    tap_keys(kiosk, "31021990")  # no such day
    tap(kiosk.next)
    assert kiosk.step == "birthday" and kiosk.errors["birthday"].isVisible()
    assert settled_places(kiosk, qtbot) == before
    tap(kiosk.clear_keys["birthday"])
    assert settled_places(kiosk, qtbot) == before


@pytest.mark.parametrize("size", [(1024, 768), (800, 1280)])
def test_the_staff_menu_buttons_stay_put_when_the_fault_line_wraps(make_kiosk, qtbot, size):
    kiosk = make_kiosk()
    kiosk.resize(*size)
    tap(kiosk.language_buttons["id"])
    open_pin_screen(kiosk)
    enter_pin(kiosk, qtbot, PIN)
    assert kiosk.step == "close"
    buttons = [b for b in kiosk.pages["close"].findChildren(QPushButton) if b.objectName().startswith("training_")]

    def places():
        QApplication.processEvents()
        return [b.mapTo(kiosk, QPoint(0, 0)) for b in buttons]

    before = places()
    down = next(b for b in buttons if b.objectName() == "training_down")
    tap(down)  # "… Stamps mati (setiap jawaban berupa kesalahan server)": two lines on a tablet
    assert places() == before
    tap(next(b for b in buttons if b.objectName() == "training_normal"))
    assert places() == before


def test_the_header_names_the_shop_the_customer_knows(make_kiosk, qtbot):
    kiosk = make_kiosk()
    assert kiosk.logo.text() == "Kopi Nusantara Kemang"  # the store's own name
    training = make_kiosk(store_name="")  # none set: in training the demo merchant's, as the consent lines say
    shop = training.backend.shop_name
    assert shop and "Stamps" not in shop
    assert training.logo.text() == shop and training.logo.accessibleName() in ("", shop)
    tap(training.language_buttons["id"])
    assert training.logo.text() == shop


@pytest.mark.parametrize("store", ["en", "id"])
def test_cancelling_the_staff_exit_starts_over_in_the_stores_language(make_kiosk, qtbot, store):
    """Cancel on the PIN or Close screen is a fresh start for the next customer: everything typed
    goes and the language is the store's (the reset default), whatever the last customer chose."""
    apply_language(store)
    kiosk = make_kiosk(language=store)
    other = "en" if store == "id" else "id"
    tap(kiosk.language_buttons[other])
    next_step(kiosk, qtbot, "name")
    kiosk.inputs["name"].setText("Ayu")
    open_pin_screen(kiosk)
    assert kiosk.step == "admin" and language() == other
    tap(kiosk.back)  # Cancel on the PIN screen
    assert kiosk.step == "welcome" and language() == store and kiosk.language_buttons[store].property("current")
    assert kiosk.session.data == {}
    tap(kiosk.language_buttons[other])
    open_pin_screen(kiosk)
    enter_pin(kiosk, qtbot, PIN)
    assert kiosk.step == "close"
    tap(kiosk.back)  # Cancel on "Close the kiosk?"
    assert kiosk.step == "welcome" and language() == store


def test_the_mobile_number_is_grouped_as_it_is_typed_like_on_the_summary(make_kiosk, qtbot):
    kiosk = make_kiosk()
    next_step(kiosk, qtbot, "name")
    kiosk.inputs["name"].setText("Ani")
    next_step(kiosk, qtbot, "mobile")
    mobile = kiosk.inputs["mobile_number"]
    tap(kiosk.pads["mobile"].keys["0812"])
    tap_keys(kiosk, "34567890")
    assert QLineEdit.text(mobile) == "0812 3456 7890"  # what the customer sees (k06: 081234567890)
    assert mobile.text() == "081234567890"  # what the kiosk sends
    tap_keys(kiosk, "1")
    assert QLineEdit.text(mobile) == "0812 3456 78901"  # 13 digits: as the summary groups them
    tap(kiosk.pads["mobile"].keys[ERASE])
    tap(kiosk.pads["mobile"].keys[ERASE])
    assert QLineEdit.text(mobile) == "0812 3456 789" and mobile.cursorPosition() == len("0812 3456 789")
    mobile.setCursorPosition(len("0812 34"))  # a finger on the middle of the number
    tap_keys(kiosk, "0")
    assert mobile.text() == "081234056789" and QLineEdit.text(mobile) == "0812 3405 6789"
    assert mobile.cursorPosition() == len("0812 340")  # the cursor stays after the digit typed
    tap(kiosk.pads["mobile"].keys[ERASE])
    assert mobile.text() == "08123456789" and mobile.cursorPosition() == len("0812 34")
    tap_keys(kiosk, "0")
    next_step(kiosk, qtbot, "email")
    assert kiosk.session.data["mobile_number"] == "081234056789"
    tap(kiosk.back)
    assert QLineEdit.text(kiosk.inputs["mobile_number"]) == "0812 3405 6789"  # drawn again from the answer kept


def test_portrait_keys_sit_together_under_their_field_and_are_thumb_sized(make_kiosk, qtbot):
    from pos_member.ui.kiosk.keypad import MAX_KEY_PX

    kiosk = make_kiosk(kiosk_onscreen_keyboard=True)
    kiosk.resize(800, 1280)
    next_step(kiosk, qtbot, "name")

    def top(widget) -> int:
        return widget.mapTo(kiosk, QPoint(0, 0)).y()

    keys = kiosk.pads["name"].keys
    rows = [keys["q"], keys["a"], keys["z"], keys[SPACE]]
    gaps = [top(below) - (top(above) + above.height()) for above, below in zip(rows[:-1], rows[1:], strict=True)]
    assert max(gaps) <= 16, gaps  # rows together (p06: ~110 px apart)
    field = kiosk.inputs["name"]
    assert top(keys["q"]) - (top(field) + field.height()) <= 120  # under the field, not far below it
    kiosk.inputs["name"].setText("Ani")
    next_step(kiosk, qtbot, "mobile")
    pad = kiosk.pads["mobile"]
    field = kiosk.inputs["mobile_number"]
    assert top(pad.keys["0812"]) - (top(field) + field.height()) <= 120  # p08: the keypad far below
    for label in ("1", "5", "0", ERASE):
        assert pad.keys[label].width() >= MAX_KEY_PX - 20 and pad.keys[label].height() >= 96, label


#: What Stamps may answer that the kiosk has no words of its own for: here the counter's words for a
#: refused permission, then a quoted code longer than any line, many times over.
UNLISTED = ("Stamps does not allow this counter to do this. Ask the store manager to check the counter's "
            "permissions. Code: " + "registration_refused_by_merchant_policy_" * 4 + ". ") * 6


@pytest.mark.parametrize("size", [(1024, 768), (800, 1280)])
@pytest.mark.parametrize("lang", ["en", "id"])
def test_an_error_the_kiosk_has_no_words_for_fits_the_room_kept_for_errors(make_kiosk, qtbot, size, lang):
    """The room under a field is as high as the step's own longest error (and two lines): an answer
    from Stamps the kiosk did not list, however long, shows in that room, cut with "…" on its last
    line and read out whole; no key, ×, Back or Next moves and the window still fits the screen. On
    the summary (no keys) it takes three lines at most."""
    from PySide6.QtGui import QAccessible

    kiosk = make_kiosk(kiosk_onscreen_keyboard=True)
    kiosk.resize(*size)
    if lang != "en":
        tap(kiosk.language_buttons[lang])
    steps = (("name", "name"), ("mobile", "mobile_number"), ("email", "email"), ("birthday", "birthday"))
    for i, (step, key) in enumerate(steps):
        kiosk.session.wipe(keep_language=True)
        next_step(kiosk, qtbot, "name")
        for answered, following in zip(steps[:i], steps[1:i + 1], strict=True):
            if answered[0] == "mobile":
                tap_keys(kiosk, "081355551212")
            else:
                kiosk.inputs[answered[1]].setText({"name": "Ayu", "email": "ayu@example.com"}[answered[1]])
            next_step(kiosk, qtbot, following[0])
        before = settled_places(kiosk, qtbot)
        label = kiosk.errors[key]
        room = label.height()
        kiosk.session.registered(KioskOutcome("invalid", errors={key: UNLISTED}))  # as a refused registration
        assert kiosk.step == step and label.isVisible()
        assert settled_places(kiosk, qtbot) == before, step
        assert label.height() == room and room >= kiosk.error_lines * label.fontMetrics().lineSpacing(), (step, room)
        shown = label.shown_lines()
        assert len(shown) * label.fontMetrics().lineSpacing() <= room and shown[-1].endswith("…"), shown
        assert all(label.fontMetrics().horizontalAdvance(line) <= label.contentsRect().width() for line in shown)
        assert label.text() == UNLISTED
        spoken = QAccessible.queryAccessibleInterface(label).text(QAccessible.Text.Name)
        assert spoken == UNLISTED  # the whole of it for a screen reader
        need = kiosk.minimumSizeHint()
        assert need.width() <= size[0] and need.height() <= size[1], (step, need)
    kiosk.session.wipe(keep_language=True)
    walk_to_summary(kiosk, qtbot)
    settle_layouts()
    register = kiosk.next.mapTo(kiosk, QPoint(kiosk.next.width(), 0))  # its word may change, not its place
    kiosk.session.registered(KioskOutcome("invalid", errors={"__all__": UNLISTED}))
    label = kiosk.errors["summary"]
    assert kiosk.step == "summary" and label.isVisible() and label.text() == UNLISTED
    settle_layouts()
    assert kiosk.next.mapTo(kiosk, QPoint(kiosk.next.width(), 0)) == register
    assert label.height() <= 3 * label.fontMetrics().lineSpacing() and label.shown_lines()[-1].endswith("…")
    assert kiosk.minimumSizeHint().height() <= size[1]
