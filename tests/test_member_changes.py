"""Changing a member against the training server: profile, phone and email by code, tags,
level and anonymisation, with each documented error in plain words."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QLineEdit, QPushButton

from tests.conftest import run_async

BUDI = "budi.santoso@example.com"


def open_member(qtbot, window, key=BUDI):
    window.open_member(key)
    run_async(qtbot, window.settled())
    assert window.session.member is not None and window.session.member.complete
    return window.session.member


def wait_task(qtbot, dialog):
    """Until the dialog's work (and the reload it causes) is done and drawn."""
    run_async(qtbot, dialog.ops.parent().settled())


def discard(dialog) -> None:
    """Esc, Cancel or close as the cashier does; with something typed, the answer is "Discard"."""
    dialog.reject()
    question = getattr(dialog, "discard_question", None)
    if dialog.isVisible() and question is not None and question.isVisible():
        next(b for b in question.buttons() if b.text() == "Discard").click()
    assert not dialog.isVisible()


def code_for(training, recipient):
    body = training.store.messages(recipient)[0]["body"]
    return next(w.strip(".") for w in body.split() if w.strip(".").isdigit())


def anonymise_siti(qtbot, window):
    """Anonymise Siti Rahayu (RRR0000002) through the dialog; the window needs PIN 482913."""
    open_member(qtbot, window, "RRR0000002")
    window.actions_by_name["anonymise"].click()
    dialog = next(d for d in window.dialogs if hasattr(d, "mark_only"))
    dialog.typed.setText("Siti")
    dialog.pin.setText("482913")
    dialog.apply.click()
    wait_task(qtbot, dialog)
    qtbot.waitUntil(lambda: window.loader.current.complete and window.loader.current.details.user.is_anonymized,
                    timeout=5000)
    run_async(qtbot, window.settled())


def all_visible_text() -> str:
    parts = []
    for widget in QApplication.allWidgets():
        parts += [widget.windowTitle(), widget.toolTip(), widget.accessibleName(), widget.statusTip()]
        if isinstance(widget, (QLabel, QLineEdit, QAbstractButton)):
            parts.append(widget.text())
    return "\n".join(p for p in parts if p)


# ------------------------------------------------------------------ profile

def test_edit_profile(make_window, qtbot, training):
    window = make_window()
    open_member(qtbot, window)
    dialog = window.open_action("edit")
    assert dialog.form.inputs["name"].text() == "Budi Santoso"
    assert dialog.form.inputs["birthday"].text() == "12-04-1988"
    dialog.form.fill({"birthday": "31-13-1988"})
    dialog.save.click()
    wait_task(qtbot, dialog)
    assert "DD-MM-YYYY" in dialog.form.visible_errors()["birthday"]
    dialog.form.fill({"name": "Budi S. Santoso", "birthday": "13-04-1988", "notes": "oat milk",
                      "allow_sms_marketing": True, "allow_whatsapp_marketing": False})
    dialog.save.click()
    wait_task(qtbot, dialog)
    qtbot.waitUntil(lambda: window.loader.current.complete and window.loader.current.name == "Budi S. Santoso",
                    timeout=5000)
    membership = window.loader.current.details.membership
    assert membership.allow_sms_marketing is True and membership.allow_whatsapp_marketing is False
    row = training.store.one("SELECT * FROM users WHERE id = 1")
    assert row["notes"] == "oat milk" and row["birthday"] == "1988-04-13"


def test_edit_profile_fields_stay_put_and_the_red_line_goes_when_all_are_fixed(make_window, qtbot, training):
    window = make_window()
    open_member(qtbot, window)
    dialog = window.open_action("edit")
    dialog.show()
    form = dialog.form
    form.fill({"birthday": "31-13-1988", "postal_code": "12"})
    dialog.save.click()
    wait_task(qtbot, dialog)
    assert set(form.visible_errors()) == {"birthday", "postal_code"}
    assert dialog.problem.isVisible() and dialog.problem.text() == "Please check the fields marked in red."
    below = [form.inputs[k] for k in ("postal_code", "notes")]
    before = [w.mapTo(dialog, w.rect().topLeft()).y() for w in below]
    birthday = form.edit("birthday")
    birthday.selectAll()
    QTest.keyClicks(birthday, "13-04-1988")
    for _ in range(5):  # the relayout is posted up the nested layouts, one turn each
        QApplication.processEvents()
    assert "birthday" not in form.visible_errors()
    assert [w.mapTo(dialog, w.rect().topLeft()).y() for w in below] == before
    assert dialog.problem.isVisible()  # postal code is still marked
    postal = form.edit("postal_code")
    postal.selectAll()
    QTest.keyClicks(postal, "80361")
    assert not form.visible_errors() and not dialog.problem.isVisible()


# ------------------------------------------------------------------ one-time codes

def test_change_phone_by_sms_code(make_window, qtbot, training, caplog):
    caplog.set_level(logging.DEBUG)
    window = make_window()
    open_member(qtbot, window)
    window.actions_by_name["phone"].click()
    dialog = next(d for d in window.dialogs if hasattr(d, "flow"))
    dialog.target.setText("0812")
    dialog.send_button.click()
    wait_task(qtbot, dialog)
    assert "not valid" in dialog.form.visible_errors()["mobile_number"]
    dialog.target.setText("0812-7777-1234")
    dialog.send_button.click()
    wait_task(qtbot, dialog)
    assert "Code sent by SMS to 0812-7777-1234" in dialog.sent_label.text()
    code = code_for(training, "+6281277771234")
    assert code not in all_visible_text()
    assert not dialog.send_button.isEnabled() and "Send again in" in dialog.send_button.text()
    wrong = "0000" if code != "0000" else "1111"
    dialog.code.setText(wrong)
    dialog.confirm_button.click()
    wait_task(qtbot, dialog)
    assert "not right" in dialog.code_form.visible_errors()["otp"] and "2 tries left" in dialog.code_form.visible_errors()["otp"]
    dialog.code.setText(code)
    dialog.confirm_button.click()
    wait_task(qtbot, dialog)
    qtbot.waitUntil(lambda: window.loader.current.complete and window.loader.current.details.user.phone == "+6281277771234",
                    timeout=5000)
    qtbot.waitUntil(lambda: dialog not in window.dialogs, timeout=3000)
    assert code not in all_visible_text()
    assert all(code not in r.getMessage() for r in caplog.records)


def test_code_field_takes_digits_only(make_window, qtbot):
    window = make_window()
    open_member(qtbot, window)
    window.actions_by_name["phone"].click()
    dialog = next(d for d in window.dialogs if hasattr(d, "flow"))
    dialog.code.setText("")
    from PySide6.QtTest import QTest
    QTest.keyClicks(dialog.code, "12a3-4")
    assert dialog.code.text() == "1234"


def test_whatsapp_not_possible_is_explained(make_window, qtbot):
    window = make_window()
    open_member(qtbot, window, "dewi.putri@example.net")
    window.actions_by_name["phone"].click()
    dialog = next(d for d in window.dialogs if hasattr(d, "flow"))
    dialog.target.setText("0812 7777 2222")
    dialog.whatsapp.setChecked(True)
    dialog.send_button.click()
    wait_task(qtbot, dialog)
    assert "cannot receive WhatsApp" in all_visible_text()
    assert dialog.code_box.isHidden()


def test_invalid_template_code_is_explained(make_window, qtbot):
    window = make_window(otp_templates={"sms": "NOPE", "whatsapp": "NOPE", "email": "NOPE"})
    open_member(qtbot, window)
    window.actions_by_name["phone"].click()
    dialog = next(d for d in window.dialogs if hasattr(d, "flow"))
    dialog.target.setText("0812 7777 3333")
    dialog.send_button.click()
    wait_task(qtbot, dialog)
    assert "template" in all_visible_text() and "manager" in all_visible_text()


def test_expired_code_and_attempt_limit(make_window, qtbot, training):
    window = make_window()
    open_member(qtbot, window)
    window.actions_by_name["phone"].click()
    dialog = next(d for d in window.dialogs if hasattr(d, "flow"))
    dialog.target.setText("0812 7777 4444")
    dialog.send_button.click()
    wait_task(qtbot, dialog)
    training.store.db.execute("UPDATE otps SET expires_at = 0")
    dialog.code.setText(code_for(training, "+6281277774444"))
    dialog.confirm_button.click()
    wait_task(qtbot, dialog)
    assert "expired" in all_visible_text()
    assert dialog.send_button.isEnabled()  # an expired code may be replaced at once
    dialog.send_button.click()
    wait_task(qtbot, dialog)
    code = code_for(training, "+6281277774444")
    wrong = "0000" if code != "0000" else "1111"
    for _ in range(3):
        dialog.code.setText(wrong)
        dialog.confirm_button.click()
        wait_task(qtbot, dialog)
    assert "Too many wrong codes" in dialog.code_form.visible_errors()["otp"]
    assert not dialog.confirm_button.isEnabled() and dialog.send_button.isEnabled()


def test_change_email_by_code_and_already_used(make_window, qtbot, training, caplog):
    caplog.set_level(logging.DEBUG)
    window = make_window()
    open_member(qtbot, window, "RRR0000002")
    window.actions_by_name["email"].click()
    dialog = next(d for d in window.dialogs if hasattr(d, "flow"))
    dialog.target.setText("siti.lama@example.com")
    dialog.send_button.click()
    wait_task(qtbot, dialog)
    assert dialog.sent_label.isVisible()
    dialog.flow.state.sent_at -= 120
    dialog.show_countdown()
    # Another member's address: refused before any code goes to their inbox, and the note
    # about the earlier code does not stay green beside the error.
    dialog.target.setText(BUDI)
    dialog.send_button.click()
    wait_task(qtbot, dialog)
    assert "already belongs to another member" in all_visible_text()
    assert not training.store.messages(BUDI)
    assert not dialog.sent_label.isVisible() and not dialog.confirm_button.isEnabled()
    assert "Code sent" not in all_visible_text()
    dialog.target.setText("siti.baru@example.com")
    dialog.send_button.click()
    wait_task(qtbot, dialog)
    code = code_for(training, "siti.baru@example.com")
    assert len(code) == 6 and code not in all_visible_text()
    dialog.code.setText(code)
    dialog.confirm_button.click()
    wait_task(qtbot, dialog)
    qtbot.waitUntil(lambda: window.loader.current.complete
                    and window.loader.current.details.user.email == "siti.baru@example.com", timeout=5000)
    qtbot.waitUntil(lambda: dialog not in window.dialogs, timeout=3000)
    assert code not in all_visible_text()
    assert all(code not in r.getMessage() for r in caplog.records)


def test_customer_phone_panel_is_training_only_and_labelled(make_window, qtbot, training):
    window = make_window()
    open_member(qtbot, window)
    window.actions_by_name["phone"].click()
    dialog = next(d for d in window.dialogs if hasattr(d, "flow"))
    dialog.target.setText("0812 7777 5555")
    dialog.send_button.click()
    wait_task(qtbot, dialog)
    phone = window.show_customer_phone()
    assert "TRAINING" in phone.windowTitle()
    qtbot.waitUntil(lambda: phone.list.count() > 0, timeout=5000)
    assert "0812-7777-5555" in phone.list.item(0).text()


# ------------------------------------------------------------------ tags, level, anonymise

def test_tags_add_and_remove(make_window, qtbot, training):
    window = make_window()
    open_member(qtbot, window, "RRR0000002")
    window.actions_by_name["tags"].click()
    dialog = next(d for d in window.dialogs if hasattr(d, "tags"))
    assert dialog.key.findText("category") >= 0  # keys in use are offered
    dialog.add_button.click()
    wait_task(qtbot, dialog)
    assert "key" in dialog.form.visible_errors() and "value" in dialog.form.visible_errors()
    dialog.key.setCurrentText("segment")
    dialog.value.setText("pastry")
    QTest.keyClick(dialog.value, Qt.Key.Key_Return)  # Enter adds (the primary button)
    wait_task(qtbot, dialog)
    assert ("segment", "pastry") in dialog.tags
    qtbot.waitUntil(lambda: window.loader.current.complete and
                    [(t.group, t.tag) for t in window.loader.current.full.tags] == [("segment", "pastry")], timeout=5000)
    QTest.keyClick(dialog.value, Qt.Key.Key_Return)  # Enter on an empty value removes nothing
    wait_task(qtbot, dialog)
    assert ("segment", "pastry") in dialog.tags
    remove = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Remove")
    assert not remove.autoDefault()
    remove.setFocus()
    QTest.keyClick(remove, Qt.Key.Key_Return)
    wait_task(qtbot, dialog)
    assert dialog.asking is None and ("segment", "pastry") in dialog.tags
    remove.click()  # asks first
    assert dialog.asking == ("segment", "pastry") and ("segment", "pastry") in dialog.tags
    yes = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Yes, remove")
    for focused in (yes, dialog.value):  # Enter on the question's row, or in a field: never a removal
        focused.setFocus()
        QTest.keyClick(focused, Qt.Key.Key_Return)
        wait_task(qtbot, dialog)
        assert ("segment", "pastry") in dialog.tags
    assert training.store.one("SELECT COUNT(*) AS n FROM tags WHERE membership_id = 2")["n"] == 1
    yes.click()
    wait_task(qtbot, dialog)
    assert dialog.tags == []
    assert training.store.one("SELECT COUNT(*) AS n FROM tags WHERE membership_id = 2")["n"] == 0


def test_set_level_needs_pin_and_explains_errors(make_window, qtbot, training):
    from pos_member.config import hash_pin

    window = make_window(manager_pin_hash=hash_pin("482913", iterations=1000), levels={0: "Silver", 100: "Blue", 200: "Gold", 300: "Platinum"})
    open_member(qtbot, window)
    window.actions_by_name["level"].click()
    dialog = next(d for d in window.dialogs if hasattr(d, "upgrade_only"))
    # Opens on Budi's level, named as the store names it; the store field only for another store.
    assert dialog.level.currentData() == 200 and dialog.level.currentText() == "Gold"
    assert [dialog.level.itemText(i) for i in range(dialog.level.count())] == ["Silver", "Blue", "Gold", "Platinum"]
    assert not dialog.store.isVisible()
    dialog.other_store.setChecked(True)
    assert dialog.store.isVisible()
    dialog.other_store.setChecked(False)
    dialog.level.setCurrentIndex(dialog.level.findData(100))
    dialog.upgrade_only.setChecked(True)
    dialog.pin.setText("000000")
    dialog.apply.click()
    wait_task(qtbot, dialog)
    assert "not the manager PIN" in dialog.form.visible_errors()["manager_pin"]
    assert training.store.one("SELECT level FROM memberships WHERE id = 1")["level"] == 200
    dialog.pin.setText("482913")
    dialog.apply.click()
    wait_task(qtbot, dialog)
    assert "lower than the member's current level" in dialog.problem.text()
    assert dialog.pin.text() == ""  # the PIN does not stay in the field after a refusal
    dialog.level.setCurrentIndex(dialog.level.findData(300))
    dialog.pin.setText("482913")
    dialog.apply.click()
    wait_task(qtbot, dialog)
    qtbot.waitUntil(lambda: window.loader.current.complete
                    and window.loader.current.details.membership.level_text == "Platinum", timeout=5000)


def test_set_level_locked_without_pin(make_window, qtbot):
    window = make_window(levels={0: "Silver"})
    open_member(qtbot, window)
    window.actions_by_name["level"].click()
    dialog = next(d for d in window.dialogs if hasattr(d, "upgrade_only"))
    dialog.pin.setText("1234")
    dialog.apply.click()
    wait_task(qtbot, dialog)
    assert "No manager PIN is set" in dialog.form.visible_errors()["manager_pin"]


def test_anonymise_with_typed_confirmation(make_window, qtbot, training):
    from pos_member.config import hash_pin

    window = make_window(manager_pin_hash=hash_pin("482913", iterations=1000))
    open_member(qtbot, window, "RRR0000002")
    window.actions_by_name["anonymise"].click()
    dialog = next(d for d in window.dialogs if hasattr(d, "mark_only"))
    assert "Siti Rahayu" in all_visible_text() and "cannot be undone" in all_visible_text()
    assert dialog.focusWidget() is dialog.typed  # what the cashier types goes to the confirmation (walk finding 9)
    assert "Type Siti" in all_visible_text()
    # README names the same word the dialog asks for
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    assert "first name" in next(line for line in readme.splitlines() if line.startswith("| anonymise |"))
    dialog.pin.setText("482913")
    dialog.typed.setText("Budi")
    dialog.apply.click()
    wait_task(qtbot, dialog)
    assert "Type Siti exactly" in dialog.form.visible_errors()["confirm"]
    assert training.store.one("SELECT is_anonymized FROM users WHERE id = 2")["is_anonymized"] == 0
    dialog.typed.setText("siti")  # "exactly": a lowercase name is not the confirmation
    dialog.pin.setText("482913")
    dialog.apply.click()
    wait_task(qtbot, dialog)
    assert "Type Siti exactly" in dialog.form.visible_errors()["confirm"]
    assert training.store.one("SELECT is_anonymized FROM users WHERE id = 2")["is_anonymized"] == 0
    dialog.typed.setText(" Siti ")
    dialog.pin.setText("482913")
    dialog.apply.click()
    wait_task(qtbot, dialog)
    qtbot.waitUntil(lambda: window.loader.current.complete and window.loader.current.details.user.is_anonymized,
                    timeout=5000)
    run_async(qtbot, window.settled())
    # drawn from what Stamps says now: no consents, no status "Active", nothing left to change
    assert window.profile_view.anonymised.isVisible()
    assert window.profile_view.status.text() == "Anonymised"
    assert window.profile_view.tier is None  # no "To keep Gold, spend…" for nobody
    assert "✓" not in window.profile_view.contact_grid.values["Marketing"].text()
    assert not any(window.actions_by_name[a].isEnabled() for a in ("edit", "phone", "email", "tags", "level", "anonymise"))


def test_mark_for_anonymisation(make_window, qtbot, training):
    from pos_member.config import hash_pin

    window = make_window(manager_pin_hash=hash_pin("482913", iterations=1000))
    open_member(qtbot, window, "wisesi@example.com")
    window.actions_by_name["anonymise"].click()
    dialog = next(d for d in window.dialogs if hasattr(d, "mark_only"))
    dialog.mark_only.setChecked(True)
    assert not dialog.form.rows["confirm"].isHidden()  # the same typed confirmation as anonymising
    dialog.pin.setText("482913")
    dialog.apply.click()  # nothing typed: refused before anything is sent
    assert "confirm" in dialog.form.visible_errors()
    assert not [r for r in window.gate.requests if "anonymization" in r.url.path]
    dialog.typed.setText(dialog.word)
    dialog.pin.setText("482913")
    dialog.apply.click()
    wait_task(qtbot, dialog)
    qtbot.waitUntil(lambda: window.loader.current.complete and window.profile_view.pending.isVisible(), timeout=5000)


# ------------------------------------------------------------------ the keyboard contract

def test_edit_profile_saves_with_enter_and_ctrl_enter(make_window, qtbot, training):
    window = make_window()
    open_member(qtbot, window)
    dialog = window.open_action("edit")
    dialog.form.inputs["notes"].setText("enter saves")
    QTest.keyClick(dialog.form.inputs["notes"], Qt.Key.Key_Return)
    wait_task(qtbot, dialog)
    assert training.store.one("SELECT notes FROM users WHERE id = 1")["notes"] == "enter saves"
    assert dialog not in window.dialogs
    dialog = window.open_action("edit")
    dialog.form.inputs["notes"].setText("ctrl enter saves")
    QTest.keyClick(dialog.form.inputs["name"], Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    wait_task(qtbot, dialog)
    assert training.store.one("SELECT notes FROM users WHERE id = 1")["notes"] == "ctrl enter saves"


def test_enter_in_set_level_pin_applies(make_window, qtbot, training):
    from pos_member.config import hash_pin

    window = make_window(manager_pin_hash=hash_pin("482913", iterations=1000), levels={0: "Silver", 300: "Platinum"})
    open_member(qtbot, window)
    dialog = window.open_action("level")
    dialog.level.setCurrentIndex(dialog.level.findData(300))
    dialog.pin.setText("482913")
    QTest.keyClick(dialog.pin, Qt.Key.Key_Return)
    wait_task(qtbot, dialog)
    assert window.session.member.details.membership.level_text == "Platinum"


def test_enter_never_anonymises(make_window, qtbot, training):
    from pos_member.config import hash_pin

    window = make_window(manager_pin_hash=hash_pin("482913", iterations=1000))
    open_member(qtbot, window, "RRR0000002")
    dialog = window.open_action("anonymise")
    dialog.typed.setText("Siti")
    dialog.pin.setText("482913")
    for widget in (dialog.pin, dialog.typed):
        QTest.keyClick(widget, Qt.Key.Key_Return)
        QTest.keyClick(widget, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    wait_task(qtbot, dialog)
    assert not dialog.apply.autoDefault() and not dialog.apply.isDefault()
    assert training.store.one("SELECT is_anonymized FROM users WHERE id = 2")["is_anonymized"] == 0


def test_closing_a_dialog_mid_save_cancels_its_work(make_window, qtbot, training):
    window = make_window()
    open_member(qtbot, window)
    held = window.gate.hold[""] = asyncio.Event()  # every request without a query waits for the test
    dialog = window.open_action("edit")
    dialog.form.inputs["notes"].setText("never saved")
    dialog.save.click()
    assert window.ops.running(dialog)
    qtbot.waitUntil(lambda: any(r.method == "POST" for r in window.gate.requests), timeout=5000)  # it reached Stamps
    discard(dialog)  # the cashier closes it while Stamps is still answering, and throws the edit away
    assert not window.ops.running(dialog)
    saves = [r for r in window.gate.requests if r.method == "POST"]
    held.set()  # Stamps answers now: a save still on its way would land
    del window.gate.hold[""]
    qtbot.waitUntil(lambda: all(r in window.gate.ended for r in saves), timeout=5000)
    run_async(qtbot, window.settled())
    qtbot.wait(50)
    assert window.notice.text() != "Saved."
    assert training.store.one("SELECT notes FROM users WHERE id = 1")["notes"] != "never saved"


def test_a_double_enter_saves_once(make_window, qtbot, training):
    window = make_window()
    open_member(qtbot, window)
    dialog = window.open_action("edit")
    dialog.form.inputs["notes"].setText("once")
    QTest.keyClick(dialog.form.inputs["notes"], Qt.Key.Key_Return)
    QTest.keyClick(dialog.form.inputs["notes"], Qt.Key.Key_Return)
    wait_task(qtbot, dialog)
    saves = [r for r in window.gate.requests if r.url.path.endswith("/change-profile")]
    assert len(saves) == 1


def test_customer_phone_is_a_window_of_its_own_beside_a_code_dialog(make_window, qtbot, training):
    window = make_window()
    open_member(qtbot, window)
    dialog = window.open_action("phone")
    assert dialog.isModal() or dialog.windowModality() != Qt.WindowModality.NonModal
    dialog.customerPhoneRequested.emit()  # the dialog's own button / F9
    phone = window.customer_phone
    assert phone is not None and phone.isVisible() and phone.parent() is None  # outside the blocked window tree
    assert phone.windowModality() == Qt.WindowModality.NonModal
    # Beside the code window, not over its code field and Confirm (the test screen is 800 px wide).
    screen = dialog.screen().availableGeometry()
    assert not phone.frameGeometry().intersects(dialog.frameGeometry())
    assert screen.contains(phone.frameGeometry()) and screen.contains(dialog.frameGeometry())
    phone.close()
    dialog.reject()
    again = window.open_action("phone")  # a new code window while the phone is open: moved beside it
    window.show_customer_phone()
    assert not phone.frameGeometry().intersects(again.frameGeometry())


def test_tags_open_on_the_tag_key(make_window, qtbot, training):
    window = make_window()
    open_member(qtbot, window, "RRR0000002")
    dialog = window.open_action("tags")
    assert dialog.focusWidget() in (dialog.key, dialog.key.lineEdit())


def test_enter_on_the_sms_or_whatsapp_choice_sends_the_code(make_window, qtbot, training):
    window = make_window()
    open_member(qtbot, window)
    dialog = window.open_action("phone")
    dialog.activateWindow()
    qtbot.waitActive(dialog)
    dialog.target.setText("0812 7777 5556")
    dialog.whatsapp.setChecked(True)
    dialog.whatsapp.setFocus()
    QTest.keyClick(dialog.whatsapp, Qt.Key.Key_Return)
    wait_task(qtbot, dialog)
    assert dialog.flow.state.stage == "sent" and dialog.flow.state.channel == "whatsapp"
    assert training.store.messages("+6281277775556")


def test_customer_phone_starts_over_for_the_next_cashier(make_window, qtbot, training):
    window = make_window()
    window.set_cashier("kasir01")
    open_member(qtbot, window)
    dialog = window.open_action("phone")
    dialog.target.setText("0812 7777 5557")
    dialog.send_button.click()
    wait_task(qtbot, dialog)
    dialog.reject()
    phone = window.show_customer_phone()
    qtbot.waitUntil(lambda: phone.list.count() > 0, timeout=5000)
    window.set_cashier("kasir02")
    run_async(qtbot, window.settled())
    phone.refresh()
    run_async(qtbot, window.settled())
    assert phone.list.count() == 0  # kasir01's customers' messages are not kasir02's to read


def test_change_phone_offers_only_the_channels_the_member_can_receive(make_window, qtbot, training):
    """Dewi has no valid WhatsApp number at Stamps: Change phone says so beside the choice before
    anything is sent and offers SMS only; Budi keeps both."""
    window = make_window()
    open_member(qtbot, window, "RRR0000004")
    dialog = window.open_action("phone")
    assert dialog.sms.isChecked() and dialog.sms.isEnabled() and not dialog.whatsapp.isEnabled()
    hints = [label.text() for label in dialog.form.rows["type"].findChildren(QLabel) if label.isVisibleTo(dialog)]
    assert any("WhatsApp is not possible" in text for text in hints), hints
    dialog.reject()
    open_member(qtbot, window)
    dialog = window.open_action("phone")
    assert dialog.whatsapp.isEnabled() and dialog.sms.isEnabled()
    assert not any("WhatsApp is not possible" in label.text() for label in dialog.findChildren(QLabel)
                   if label.isVisibleTo(dialog))  # the dialog is reused: Dewi's note went with her


def test_a_refused_channel_is_said_once_next_to_the_choice(make_window, qtbot, training):
    """Should Stamps refuse WhatsApp all the same (the profile did not say), its words appear once,
    next to "Send code by", not also on the line under the title."""
    window = make_window()
    member = open_member(qtbot, window, "RRR0000004")
    for part in (member.details, member.full):
        part.user.has_incorrect_wa_number = None  # as if Stamps had not said
    dialog = window.open_action("phone")
    assert dialog.whatsapp.isEnabled()
    dialog.target.setText("0812 7777 5557")
    dialog.whatsapp.setChecked(True)
    dialog.send_button.click()
    qtbot.waitUntil(lambda: "type" in dialog.form.visible_errors(), timeout=5000)
    words = dialog.form.visible_errors()["type"]
    assert "WhatsApp" in words and not dialog.problem.isVisible()
    assert [label.text() for label in dialog.findChildren(QLabel) if label.isVisible()].count(words) == 1


def test_tags_enter_in_the_key_goes_to_the_value_and_enter_on_a_question_adds_nothing(make_window, qtbot, training):
    """Enter in "Tag key" with no value yet: on to the value, nothing marked red. Enter while
    "Remove …?" is asked: no removal, and no "Add tag" with empty fields either."""
    window = make_window()
    open_member(qtbot, window, "RRR0000002")
    dialog = window.open_action("tags")
    dialog.key.setCurrentText("segment")
    dialog.key.lineEdit().setFocus()
    QTest.keyClick(dialog.key.lineEdit(), Qt.Key.Key_Return)
    assert dialog.focusWidget() is dialog.value and dialog.form.visible_errors() == {}
    assert not window.ops.running(dialog)
    dialog.value.setText("pastry")
    QTest.keyClick(dialog.value, Qt.Key.Key_Return)  # now Enter adds
    wait_task(qtbot, dialog)
    assert ("segment", "pastry") in dialog.tags
    next(b for b in dialog.findChildren(QPushButton) if b.text() == "Remove").click()
    assert dialog.asking == ("segment", "pastry")
    dialog.key.lineEdit().setFocus()
    QTest.keyClick(dialog.key.lineEdit(), Qt.Key.Key_Return)
    wait_task(qtbot, dialog)
    assert dialog.form.visible_errors() == {} and not dialog.problem.isVisible()
    assert dialog.asking == ("segment", "pastry") and ("segment", "pastry") in dialog.tags


def test_a_save_with_stamps_slow_keeps_the_member_on_screen_while_the_profile_refreshes(make_window, qtbot, training):
    """Saved in Edit profile, Stamps slow: the profile does not go blank ("Loading member…") with
    Edit, Change phone and Change email grey; Budi stays, the "Still loading the …" line says what
    is being refreshed, the actions stay usable, and each new answer replaces the old as it lands.
    The refresh is not complete before its own answers are in."""
    window = make_window(gate=True)
    open_member(qtbot, window)
    dialog = window.open_action("edit")
    dialog.form.fill({"name": "Budi Slow Santoso"})
    paths = ("/api/v2/memberships/details", "/api/v2/memberships/full-profile", "/api/memberships/upgrade-requirement")
    held = {path: asyncio.Event() for path in paths}
    window.gate.hold_paths.update(held)
    before = len(window.gate.requests)
    dialog.save.click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)  # "Saved."
    qtbot.waitUntil(lambda: {r.url.path for r in window.gate.requests[before:]} >= set(paths), timeout=5000)
    view = window.profile_view
    qtbot.waitUntil(lambda: view.still_loading.isVisible(), timeout=5000)
    assert not view.loading.isVisible() and view.name.isVisible() and "Budi Santoso" in view.name.text()
    assert "membership details" in view.still_loading.text() and "full profile" in view.still_loading.text()
    for name in ("edit", "phone", "email"):
        assert window.actions_by_name[name].isEnabled(), name
    assert not window.loader.current.complete  # a refresh is not complete with the answers before it
    held["/api/v2/memberships/details"].set()  # the new details land first: their name replaces the old
    qtbot.waitUntil(lambda: "Budi Slow Santoso" in view.name.text(), timeout=5000)
    assert view.still_loading.isVisible() and "membership details" not in view.still_loading.text()
    assert not window.loader.current.complete
    for event in held.values():
        event.set()
    qtbot.waitUntil(lambda: window.loader.current.complete, timeout=5000)
    run_async(qtbot, window.settled())
    assert not view.still_loading.isVisible() and window.loader.current.name == "Budi Slow Santoso"
