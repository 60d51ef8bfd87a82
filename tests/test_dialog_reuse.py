"""The counter builds each member dialog and quick registration once and resets it for the next
use (building one costs several frames). Privacy first: nothing of the previous member survives a
reset or a close — fields, errors, ticks, a code asked for, focus, scroll position."""

from __future__ import annotations

import asyncio

from PySide6.QtWidgets import QAbstractButton, QCheckBox, QComboBox, QLabel, QLineEdit, QWidget

from tests.conftest import run_async
from tests.test_member_changes import BUDI, discard, open_member, wait_task

SITI = "RRR0000002"


def shown_text(dialog: QWidget) -> str:
    """Everything the dialog would show or read out: window title, labels, fields, buttons, tooltips."""
    parts = [dialog.windowTitle()]
    for widget in dialog.findChildren(QWidget):
        if widget.isHidden() or not widget.isVisibleTo(dialog):
            continue
        parts += [widget.toolTip(), widget.accessibleName()]
        if isinstance(widget, (QLabel, QLineEdit, QAbstractButton)):
            parts.append(widget.text())
        if isinstance(widget, QComboBox):
            parts.append(widget.currentText())
    return "\n".join(p for p in parts if p)


def held_text(dialog: QWidget) -> str:
    """What a hidden dialog still holds in its widgets, shown or not."""
    parts = [dialog.windowTitle()]
    for widget in dialog.findChildren(QWidget):
        if isinstance(widget, (QLabel, QLineEdit, QAbstractButton)):
            parts.append(widget.text())
        parts += [widget.toolTip(), widget.accessibleName()]
    return "\n".join(p for p in parts if p)


def close(qtbot, window, dialog) -> None:
    discard(dialog)
    qtbot.waitUntil(lambda: dialog not in window.dialogs and not dialog.isVisible(), timeout=3000)


def test_edit_profile_is_built_once_and_keeps_nothing_of_the_last_member(make_window, qtbot):
    window = make_window()
    budi = open_member(qtbot, window, BUDI)
    first = window.open_action("edit")
    assert first.form.inputs["name"].text() == budi.name
    first.form.edit("notes").setText("Budi likes oat milk")
    first.form.fill({"birthday": "31-13-1988", "allow_sms_marketing": True, "gender": "male"})
    first.save.click()
    wait_task(qtbot, first)
    assert "birthday" in first.form.visible_errors() and first.problem.isVisibleTo(first)
    first.resize(first.width(), 300)  # short enough to scroll
    qtbot.waitUntil(lambda: first.fields_scroll.verticalScrollBar().maximum() > 0, timeout=3000)
    first.fields_scroll.verticalScrollBar().setValue(first.fields_scroll.verticalScrollBar().maximum())
    assert first.fields_scroll.verticalScrollBar().value() > 0
    first.form.edit("postal_code").setFocus()
    close(qtbot, window, first)
    # Closed: the hidden dialog holds nothing of Budi.
    assert "Budi" not in held_text(first) and "oat milk" not in held_text(first)
    assert not first.form.visible_errors()

    siti = open_member(qtbot, window, SITI)
    second = window.open_action("edit")
    assert second is first  # the same dialog, reset for Siti
    assert second.isVisible()
    assert second.form.inputs["name"].text() == siti.name
    assert "Budi" not in shown_text(second) and "oat milk" not in held_text(second)
    assert second.form.edit("notes").text() == (siti.full.user.notes or "")
    assert not second.form.visible_errors() and not second.problem.isVisibleTo(second)
    assert second.fields_scroll.verticalScrollBar().value() == 0
    assert second.focusWidget() is second.form.inputs["name"]
    assert siti.name in second.windowTitle()
    # A new flow: what is sent is measured from Siti's values, not Budi's.
    assert second.flow.original["name"] == siti.name
    assert second.flow.member == (siti.user_id or siti.key)


def test_unknown_consents_of_one_member_are_not_drawn_for_the_next(make_window, qtbot):
    window = make_window()
    open_member(qtbot, window, BUDI)
    dialog = window.open_action("edit")
    box = dialog.form.inputs["allow_newsletters"]
    assert isinstance(box, QCheckBox)
    dialog.form.set_unknown(box)
    dialog.consents_unknown.setVisible(True)
    close(qtbot, window, dialog)
    siti = open_member(qtbot, window, SITI)
    again = window.open_action("edit")
    assert again is dialog
    known = siti.details.membership.allow_newsletters
    assert not box.isTristate() and box.isChecked() is bool(known)
    assert not dialog.consents_unknown.isVisibleTo(dialog)


def test_change_phone_forgets_a_code_asked_for_and_the_number_typed(make_window, qtbot, training):
    window = make_window()
    open_member(qtbot, window, BUDI)
    first = window.open_action("phone")
    first.whatsapp.setChecked(True)
    first.sms.setChecked(True)
    first.target.setText("0812-7777-1234")
    first.send_button.click()
    wait_task(qtbot, first)
    assert first.code_box.isVisibleTo(first) and "0812-7777-1234" in first.sent_label.text()
    first.code.setText("12")
    first.whatsapp.setChecked(True)
    close(qtbot, window, first)
    assert "7777" not in held_text(first) and first.code.text() == ""

    siti = open_member(qtbot, window, SITI)
    second = window.open_action("phone")
    assert second is first
    assert second.target.text() == "" and second.code.text() == ""
    assert not second.code_box.isVisibleTo(second) and second.sent_label.text() == ""
    assert not second.confirm_button.isEnabled()
    assert second.send_button.isEnabled() and second.send_button.text() == "Send code"
    assert second.sms.isChecked() and not second.whatsapp.isChecked()
    assert second.flow.state.target in ("", None) and second.flow.member == (siti.user_id or siti.key)
    assert "7777" not in shown_text(second) and "Budi" not in shown_text(second)
    assert second.focusWidget() is second.target


def test_a_code_still_being_sent_when_closed_leaves_nothing_behind(make_window, qtbot):
    window = make_window()
    open_member(qtbot, window, BUDI)
    dialog = window.open_action("phone")
    held = window.gate.hold[""] = asyncio.Event()  # the code request waits for the test
    dialog.target.setText("0812-7777-1234")
    dialog.send_button.click()
    qtbot.waitUntil(lambda: not dialog.send_button.isEnabled(), timeout=3000)
    close(qtbot, window, dialog)
    del window.gate.hold[""]
    held.set()
    open_member(qtbot, window, SITI)
    again = window.open_action("phone")
    assert again is dialog
    run_async(qtbot, window.settled())
    # The cancelled send neither re-enabled nor relabelled anything for Siti, nor said "Code sent".
    assert again.send_button.isEnabled() and again.send_button.text() == "Send code"
    assert not again.code_box.isVisibleTo(again) and not again.confirm_button.isEnabled()
    assert again.sent_label.text() == "" and again.target.text() == ""


def test_tags_show_only_the_next_members_tags(make_window, qtbot):
    window = make_window()
    open_member(qtbot, window, SITI)
    first = window.open_action("tags")
    first.key.setCurrentText("segment")
    first.value.setText("pastry")
    first.add_button.click()
    wait_task(qtbot, first)
    assert ("segment", "pastry") in first.tags
    remove = next(b for b in first.findChildren(QAbstractButton) if b.text() == "Remove")
    remove.click()  # "Remove segment: pastry?" waits for a yes
    first.value.setText("half typed")
    close(qtbot, window, first)
    assert "pastry" not in shown_text(first) and "half typed" not in held_text(first)

    budi = open_member(qtbot, window, BUDI)
    second = window.open_action("tags")
    assert second is first
    budi_tags = [(t.group or "", t.tag or "") for t in (budi.full.tags or [])]
    assert second.tags == budi_tags and second.asking is None
    assert "pastry" not in shown_text(second) and "Yes, remove" not in shown_text(second)
    assert second.value.text() == "" and second.key.currentText() == ""
    assert second.key.findText("segment") >= 0  # keys seen at this counter are still offered
    assert second.focusWidget() is second.key.lineEdit() or second.focusWidget() is second.key


def test_set_level_starts_safe_for_the_next_member(make_window, qtbot):
    from pos_member.config import hash_pin

    window = make_window(manager_pin_hash=hash_pin("482913", iterations=1000),
                         levels={0: "Silver", 100: "Blue", 200: "Gold", 300: "Platinum"})
    open_member(qtbot, window, BUDI)
    first = window.open_action("level")
    first.upgrade_only.setChecked(False)
    first.other_store.setChecked(True)
    first.store.setText("77")
    first.end_date.setText("01-01-2001")
    first.pin.setText("000000")
    first.apply.click()
    wait_task(qtbot, first)
    assert first.form.visible_errors() or first.problem.text()
    close(qtbot, window, first)

    siti = open_member(qtbot, window, SITI)
    second = window.open_action("level")
    assert second is first
    assert second.upgrade_only.isChecked()
    assert not second.other_store.isChecked() and not second.store.isVisibleTo(second) and second.store.text() == ""
    assert second.pin.text() == "" and second.end_date.text() == ""
    assert not second.form.visible_errors() and not second.problem.isVisibleTo(second)
    assert second.level.currentData() == siti.details.membership.level or second.level.currentData() <= siti.details.membership.level
    assert str(siti.details.membership.tier or "–") in second.info.text()
    assert "Budi" not in shown_text(second)


def test_quick_registration_is_reused_and_starts_empty(make_window, qtbot):
    window = make_window()
    first = window.open_quick_registration("not an address")
    first.submit()
    run_async(qtbot, window.settled())
    assert first.form.visible_errors()
    close(qtbot, window, first)
    assert first.contact.text() == "" and not first.form.visible_errors()

    second = window.open_quick_registration("ani@example.com")
    assert second is first
    assert second.contact.text() == "ani@example.com"
    assert not second.form.visible_errors() and not second.form_error.isVisibleTo(second)
    assert second.stack.currentWidget() is second.form_page
    assert second.focusWidget() is second.contact


def test_quick_registration_result_page_goes_with_the_customer(make_window, qtbot):
    window = make_window()
    first = window.open_quick_registration("0813 5395 9312")
    first.submit()
    run_async(qtbot, window.settled())
    qtbot.waitUntil(lambda: first.stack.currentWidget() is first.result_page, timeout=5000)
    number = first.result_page.number.text()
    if first.completion.choices.isVisibleTo(first):  # the customer answers: nothing is left to ask on close
        first.completion.name.setText("Ani Wijaya")
        first.completion.set_all_no()
    run_async(qtbot, window.settled())
    first.accept()
    qtbot.waitUntil(lambda: not first.isVisible(), timeout=3000)
    assert first.result_page.user_id is None and first.result_page.number.text() == ""
    second = window.open_quick_registration("")
    assert second is first and second.stack.currentWidget() is second.form_page
    assert not second.completion.isVisibleTo(second) and second.completion.name.text() == ""
    assert (not number) or number not in held_text(second)
    assert "5395" not in held_text(second)


def test_anonymise_is_built_for_each_use(make_window, qtbot):
    window = make_window()
    open_member(qtbot, window, BUDI)
    first = window.open_action("anonymise")
    close(qtbot, window, first)
    second = window.open_action("anonymise")
    assert second is not first and "Budi" in second.windowTitle()


def test_a_code_being_checked_when_closed_comes_back_to_a_clean_code_step(make_window, qtbot):
    window = make_window()
    open_member(qtbot, window, BUDI)
    dialog = window.open_action("phone")
    dialog.target.setText("0812-7777-1234")
    dialog.send_button.click()
    wait_task(qtbot, dialog)
    held = window.gate.hold[""] = asyncio.Event()  # the check of the code waits for the test
    dialog.code.setText("1234")
    dialog.confirm_button.click()
    qtbot.waitUntil(lambda: dialog.confirm_button.text() != "Confirm change", timeout=3000)  # "Checking the code…"
    discard(dialog)  # a code typed: the cashier answers "Discard"
    again = window.open_action("phone")  # at once, before the cancelled check has ended
    # The same member: the code sent is still the one to type (its step comes back, empty).
    assert again is dialog and again.code_box.isVisibleTo(again) and again.code.text() == ""
    del window.gate.hold[""]
    held.set()
    qtbot.waitUntil(lambda: len(window.gate.ended) == len(window.gate.requests), timeout=3000)
    run_async(qtbot, window.settled())
    # The cancelled check's clean-up left no "Checking the code…" and no disabled Confirm behind.
    assert again.confirm_button.isEnabled() and again.confirm_button.text() == "Confirm change"
    assert again.focusWidget() is again.code and not again.send_button.isEnabled()


def test_dialogs_are_built_ahead_in_quiet_moments_and_used_on_first_open(make_window, qtbot, monkeypatch):
    from pos_member.ui.counter import main_window

    window = make_window()
    run_async(qtbot, window.settled())
    monkeypatch.setattr(main_window, "QUIET_AFTER_S", 3600.0)  # the cashier keeps typing: nothing is built
    window.start_prebuilding()
    assert window.prebuild_step() and window.registration is None and not window.member_dialogs
    monkeypatch.setattr(main_window, "QUIET_AFTER_S", 0.0)
    steps = 0
    while window.prebuild_step():
        steps += 1
    assert window.prebuilt and steps >= 3 * 7  # widgets; style, layout, native window; a paint: for each of seven
    kept = dict(window.member_dialogs)
    assert set(kept) == {"edit", "phone", "email", "tags", "level"}
    assert window.registration is not None and window.quick_registration is not None
    for dialog in [*kept.values(), window.registration, window.quick_registration]:
        assert not dialog.isVisible() and not any(e.text() for e in dialog.findChildren(QLineEdit))
    budi = open_member(qtbot, window, BUDI)
    edit = window.open_action("edit")
    assert edit is kept["edit"] and edit.form.inputs["name"].text() == budi.name and budi.name in edit.windowTitle()
    close(qtbot, window, edit)
    phone = window.open_action("phone")
    assert phone is kept["phone"] and phone.flow.member == (budi.user_id or budi.key)
    close(qtbot, window, phone)
    registration = window.open_registration()
    assert registration is window.registration and registration.isVisible()
