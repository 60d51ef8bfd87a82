"""Registration at the counter: validation next to each field, server errors on the right field,
duplicates, quick registration, and nothing lost while offline."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton

from pos_member.flows.consent import CHANNELS
from pos_member.outbox import Outbox
from tests.conftest import run_async

GOOD = {"name": "Rina Kusuma", "email": "rina.k@example.com", "mobile_number": "0813 2222 3333"}


def fill(dialog, values):
    dialog.form.fill(values)


def submit_and_wait(qtbot, dialog):
    dialog.submit()
    run_async(qtbot, dialog.ops.settled(dialog))


def users_with(training, email):
    return training.store.one("SELECT COUNT(*) AS n FROM users WHERE email = ?", email)["n"]


@pytest.mark.parametrize("values, field, words", [
    ({"name": ""}, "name", "Enter the customer's name"),
    ({"email": "rina@"}, "email", "not valid"),
    ({"mobile_number": "0812"}, "mobile_number", "not valid"),
    ({"birthday": "31-02-1990"}, "birthday", "does not exist"),
    ({"birthday": "1990/13"}, "birthday", "DD-MM-YYYY"),
    ({"birthday": "01-01-2099"}, "birthday", "future"),
    ({"birthday": "01-01-1890"}, "birthday", "age of"),
    ({"postal_code": "123"}, "postal_code", "5 digits"),
    ({"pin": "1234", "confirm_pin": "1243"}, "confirm_pin", "not the same"),
    ({"pin": "12a4", "confirm_pin": "12a4"}, "pin", "4 to 8 digits"),
])
def test_each_bad_input_gets_a_message_by_its_field(make_window, qtbot, training, values, field, words):
    window = make_window()
    dialog = window.open_registration()
    fill(dialog, GOOD | values)
    submit_and_wait(qtbot, dialog)
    errors = dialog.form.visible_errors()
    assert field in errors and words in errors[field], errors
    assert dialog.form.inputs["name"].text() == (GOOD | values)["name"]  # nothing typed is lost
    assert dialog.stack.currentWidget() is dialog.form_page
    assert users_with(training, (GOOD | values)["email"]) == 0


def test_wedding_date_only_when_married(make_window):
    dialog = make_window().open_registration()
    assert dialog.form.rows["wedding_date"].isHidden()
    dialog.form.fill({"marital_status": 2})
    assert not dialog.form.rows["wedding_date"].isHidden()


def test_full_registration_success(make_window, qtbot, training):
    window = make_window()
    window.set_cashier("EMP007")
    dialog = window.open_registration({"name": "Rina Kusuma"})
    assert not any(dialog.form.inputs[k].isChecked() for k in CHANNELS)  # never ticked in advance
    fill(dialog, GOOD | {"birthday": "30-05-1993", "gender": "female", "marital_status": 2, "wedding_date": "01-02-2020",
                         "allow_whatsapp_marketing": True, "member_id": "CARD900001", "religion": 5, "postal_code": "12345", "pin": "4321", "confirm_pin": "4321"})
    submit_and_wait(qtbot, dialog)
    assert dialog.stack.currentWidget() is dialog.result_page, dialog.form.visible_errors()
    page = dialog.result_page
    assert "CARD900001" in page.number.text() and "Silver" in page.body.text()
    assert page.qr.text() == "CARD900001" and page.qr.isVisible()  # the customer's phone scans it
    assert dialog.height() <= 690  # sized to the success page, within 1366×768 with a taskbar
    row = training.store.one("SELECT * FROM users WHERE email = 'rina.k@example.com'")
    assert row["registering_employee_code"] == "EMP007" and row["registration_method"] == 2
    assert row["birthday"] == "1993-05-30" and row["wedding_date"] == "2020-02-01" and row["phone"] == "+6281322223333"
    membership = training.store.one("SELECT * FROM memberships WHERE user_id = ?", row["id"])
    assert membership["store_id"] == training.store_id and membership["allow_whatsapp_marketing"] == 1
    dialog.result_page.close_button.click()
    qtbot.waitUntil(lambda: window.loader.current is not None and window.loader.current.complete, timeout=5000)
    assert window.loader.current.name == "Rina Kusuma"


def test_server_field_errors_land_on_their_fields(make_window, qtbot, training):
    dialog = make_window().open_registration()
    fill(dialog, GOOD | {"referral_code": "NOSUCH", "member_id": "RRR0000002"})
    submit_and_wait(qtbot, dialog)
    errors = dialog.form.visible_errors()
    assert errors["referral_code"] == "No member has this referral code. Check it with the customer."
    assert "already used" in errors["member_id"]
    assert dialog.form.inputs["email"].text() == GOOD["email"]
    assert dialog.backend.outbox.pending_count() == 0  # refused at once: the open form keeps it


def test_duplicate_offers_the_existing_member(make_window, qtbot, training):
    window = make_window()
    dialog = window.open_registration()
    fill(dialog, GOOD | {"email": "budi.santoso@example.com"})
    submit_and_wait(qtbot, dialog)
    assert dialog.duplicate_box.isVisible()
    assert "Budi Santoso" in dialog.form.visible_errors()["email"]
    buttons = [b for b in dialog.duplicate_box.findChildren(type(dialog.submit_button)) if b.text() == "Open this member"]
    buttons[0].click()
    qtbot.waitUntil(lambda: window.loader.current is not None and window.loader.current.complete, timeout=5000)
    assert window.loader.current.name == "Budi Santoso"
    assert users_with(training, "budi.santoso@example.com") == 1


def test_quick_registration_from_no_match(make_window, qtbot, training):
    window = make_window()
    window.search_box.setText("quick.one@example.com")
    QTest.keyClick(window.search_box, Qt.Key.Key_Return)  # an email: looked up directly, not found
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.no_match, timeout=5000)
    window.no_match.quick.click()
    dialog = next(iter(window.dialogs))
    assert dialog.contact.text() == "quick.one@example.com"  # prefilled with what was typed
    QTest.keyClick(dialog.contact, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # Ctrl+Enter sends
    qtbot.waitUntil(lambda: dialog.stack.currentWidget() is dialog.result_page, timeout=5000)
    assert users_with(training, "quick.one@example.com") == 1
    dialog.result_page.close_button.click()
    qtbot.waitUntil(lambda: window.loader.current is not None and window.loader.current.complete, timeout=5000)
    assert window.loader.current.details.user.registration_status == "Partial"


def test_quick_registration_by_phone_shows_it_as_the_app_does(make_window, qtbot, training):
    window = make_window()
    dialog = window.open_quick_registration("0813 7777 2468")
    QTest.keyClick(dialog.contact, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.stack.currentWidget() is dialog.result_page, timeout=5000)
    assert dialog.result_page.title.text() == "✓ 0813-7777-2468 is now a member"
    qtbot.waitUntil(dialog.completion.isVisible, timeout=5000)  # the training server opts the customer in
    assert dialog.height() < 600  # a small window: the short message and the customer's choices


def test_quick_registration_validates(make_window, qtbot):
    dialog = make_window().open_quick_registration("nonsense")
    dialog.submit()
    qtbot.waitUntil(lambda: bool(dialog.form.visible_errors()), timeout=3000)
    assert "email address or a mobile number" in dialog.form.visible_errors()["user"]


def test_registration_while_server_down_is_delivered_when_back(make_window, qtbot, training):
    window = make_window()
    qtbot.waitUntil(lambda: window.monitor.state == "online", timeout=5000)
    training.faults.update(drop_rate=1.0)
    dialog = window.open_registration()
    fill(dialog, GOOD)
    submit_and_wait(qtbot, dialog)
    assert dialog.stack.currentWidget() is dialog.result_page
    assert "Saved on this counter" in dialog.result_page.title.text()
    qtbot.waitUntil(lambda: window.outbox_button.isVisible(), timeout=3000)
    assert "1 waiting" in window.outbox_button.text()
    assert users_with(training, GOOD["email"]) == 0
    training.faults.update(drop_rate=0.0)
    window.backend.outbox.retry_now()
    window.backend.sender.wake()
    qtbot.waitUntil(lambda: users_with(training, GOOD["email"]) == 1, timeout=10_000)
    qtbot.waitUntil(lambda: not window.outbox_button.isVisible(), timeout=5000)
    assert users_with(training, GOOD["email"]) == 1


def test_pending_items_are_delivered_after_restart(make_window, qtbot, training, tmp_path):
    outbox = Outbox(tmp_path / "outbox.sqlite3")  # left by a previous run of the app
    outbox.add("register", {"name": "Sisa Kemarin", "email": "sisa@example.com", "mobile_number": "081390006666"})
    outbox.close()
    window = make_window()
    qtbot.waitUntil(lambda: users_with(training, "sisa@example.com") == 1, timeout=10_000)
    qtbot.waitUntil(lambda: window.backend.outbox.pending_count() == 0, timeout=5000)


def test_refused_in_background_waits_for_the_cashier(make_window, qtbot, training, tmp_path):
    outbox = Outbox(tmp_path / "outbox.sqlite3")
    outbox.add("register", {"name": "Salah Email", "email": "wisesi@example.com", "mobile_number": "081390007777"})
    outbox.close()
    window = make_window()
    qtbot.waitUntil(lambda: "need you" in window.outbox_button.text(), timeout=10_000)
    panel = window.open_outbox()
    panel.table.selectRow(0)
    assert panel.fix_button.isEnabled()
    panel.fix_button.click()
    dialog = next(d for d in window.dialogs if hasattr(d, "form") and "name" in d.form.inputs)
    assert dialog.form.inputs["name"].text() == "Salah Email"
    assert "already used" in dialog.form.visible_errors()["email"]
    dialog.form.fill({"email": "benar@example.com"})
    submit_and_wait(qtbot, dialog)
    assert dialog.stack.currentWidget() is dialog.result_page
    assert window.backend.outbox.pending_count() == 0 and users_with(training, "benar@example.com") == 1


def test_cancelled_form_is_restored_next_time(make_window):
    window = make_window()
    dialog = window.open_registration()
    dialog.form.inputs["name"].setText("Setengah Jalan")
    dialog.reject()
    again = window.open_registration()
    assert again.form.inputs["name"].text() == "Setengah Jalan" and again.note.isVisible()


def test_enter_on_the_success_page_closes_it_onto_the_profile(make_window, qtbot, training):
    """The new member is open behind the success page: Enter closes it (no "Open profile" for
    what is already there), and the cashier sees the profile."""
    window = make_window()
    dialog = window.open_registration()
    fill(dialog, GOOD)
    QTest.keyClick(dialog.form.inputs["name"], Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    run_async(qtbot, dialog.ops.settled(dialog))
    assert dialog.stack.currentWidget() is dialog.result_page
    page = dialog.result_page
    assert page.close_button.isDefault() and page.close_button.objectName() == "primary"
    shown = [b.text() for b in page.findChildren(QPushButton) if b.isVisibleTo(page)]
    assert "Open profile" not in shown and shown.count("Close") == 1
    assert dialog.submit_button.text() == "Register  (Ctrl+Enter)"
    qtbot.waitUntil(lambda: not dialog.fresh.armed, timeout=5000)
    QTest.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    run_async(qtbot, window.settled())
    assert window.session.member is not None and window.session.member.name == "Rina Kusuma"


def test_enter_in_the_form_moves_to_the_next_field(make_window, qtbot, training):
    window = make_window()
    dialog = window.open_registration()
    fill(dialog, GOOD)
    dialog.form.inputs["name"].setFocus()
    QTest.keyClick(dialog.form.inputs["name"], Qt.Key.Key_Return)
    assert not window.ops.running(dialog) and dialog.stack.currentWidget() is not dialog.result_page
    assert users_with(training, GOOD["email"]) == 0


def test_the_form_is_reused_and_the_next_cashier_sees_nothing_of_the_last(make_window, qtbot, training):
    window = make_window()
    window.set_cashier("kasir01")
    dialog = window.open_registration()
    fill(dialog, GOOD | {"email": "budi.santoso@example.com", "gender": "female", "marital_status": 2,
                         "wedding_date": "01-02-2020", "allow_whatsapp_marketing": False, "allow_sms_marketing": True})
    submit_and_wait(qtbot, dialog)
    assert dialog.duplicate_box.isVisible() and dialog.form.visible_errors()  # a duplicate offered, errors shown
    dialog.reject()
    sign_in = window.open_sign_in()
    sign_in.code.setText("kasir02")
    sign_in.sign_in()
    again = window.open_registration()
    assert again is dialog and again.isVisible()  # built once, not again
    assert all(not v for v in again.form.values().values() if isinstance(v, str))
    assert again.form.combo("gender").currentIndex() == 0 and again.form.rows["wedding_date"].isHidden()
    assert not any(again.form.inputs[k].isChecked() for k in CHANNELS)  # the last customer's answers gone
    assert not again.duplicate_box.isVisible() and again.form.visible_errors() == {}
    assert not again.note.isVisible() and "kasir02" in again.info.text() and "kasir01" not in again.info.text()
    assert again.flow.cashier == "kasir02" and window.session.draft == {}


def test_the_reused_form_opens_empty_after_a_registration(make_window, qtbot, training):
    window = make_window()
    dialog = window.open_registration()
    fill(dialog, GOOD)
    submit_and_wait(qtbot, dialog)
    assert dialog.stack.currentWidget() is dialog.result_page
    dialog.result_page.close_button.click()
    again = window.open_registration()
    assert again is dialog and again.stack.currentWidget() is again.form_page
    assert again.form.inputs["name"].text() == "" and again.result_page.title.text() == ""
    assert not again.result_page.qr.text() and again.submit_button.isEnabled()
    fill(again, GOOD | {"email": "rina.two@example.com", "mobile_number": "0813 2222 4444"})
    submit_and_wait(qtbot, again)  # the reused form registers a second customer
    assert again.stack.currentWidget() is again.result_page and users_with(training, "rina.two@example.com") == 1


def test_a_cancelled_form_comes_back_with_the_draft(make_window, qtbot):
    window = make_window()
    dialog = window.open_registration({"name": "Rina Kusuma"})
    dialog.form.inputs["email"].setText("rina@example.com")
    dialog.reject()
    assert dialog.form.inputs["name"].text() == ""  # nothing waits in the hidden form
    again = window.open_registration()
    assert again is dialog and again.form.inputs["email"].text() == "rina@example.com"
    assert again.note.isVisible() and again.clear_button.isVisible()


def test_quick_registration_while_stamps_cannot_be_reached_offers_the_full_form(make_window, qtbot, training):
    """Saved for later, a quick registration would reach Stamps with its default "yes" to promos and
    nobody to ask: it is not kept; the full form (saved on this counter with the customer's own
    answers) is offered, with what was typed, and Enter takes it."""
    window = make_window()
    window.backend.client.offline = True  # as after a failed call: Stamps known not to answer
    dialog = window.open_quick_registration("pergi.dulu@example.com")
    field_height = dialog.contact.height()
    QTest.keyClick(dialog.contact, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "user" in dialog.form.visible_errors(), timeout=5000)
    assert "full form" in dialog.form.visible_errors()["user"]
    assert window.backend.outbox.pending_count() == 0 and users_with(training, "pergi.dulu@example.com") == 0
    assert dialog.full_form.isVisible() and dialog.full_form.isDefault()
    error = dialog.form.errors["user"]
    qtbot.waitUntil(lambda: dialog.contact.height() >= field_height
                    and error.height() >= error.heightForWidth(error.width()), timeout=5000)  # nothing squashed
    QTest.keyClick(dialog.full_form, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.registration is not None and window.registration.isVisible(), timeout=5000)
    assert not dialog.isVisible()
    assert window.registration.form.inputs["email"].text() == "pergi.dulu@example.com"
    assert not any(window.registration.form.inputs[k].isChecked() for k in CHANNELS)  # asked there, one by one


def test_a_quick_registration_queued_on_the_way_tells_the_cashier_promos_were_not_asked(make_window, qtbot, training):
    """Its first sending failed on the way (kept: Stamps may have it): the success page says that
    nobody asked about promos and to ask when the customer comes back; the outbox says it again
    once the item is sent."""
    from pos_member.outbox import Item
    from pos_member.ui.counter.outbox_panel import OutboxPanel

    window = make_window()
    window.gate.fail_paths.add("/api/v3/memberships/partial-registration")
    dialog = window.open_quick_registration("nanti.saja@example.com")
    QTest.keyClick(dialog.contact, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.stack.currentWidget() is dialog.result_page, timeout=10000)
    text = dialog.result_page.body.text()
    assert "Promos were not asked" in text and "Ask about promos when nanti.saja@example.com comes back" in text
    assert "nothing more to do" not in text  # something is left to do
    dialog.result_page.close_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    # The outbox now waits for Stamps: the next quick registration is not kept for later either.
    again = window.open_quick_registration("berikut.nya@example.com")
    qtbot.waitUntil(lambda: not again.fresh.armed, timeout=5000)  # a new press, not the last page's
    QTest.keyClick(again.contact, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "user" in again.form.visible_errors(), timeout=5000)
    assert "full form" in again.form.visible_errors()["user"] and again.full_form.isDefault()
    assert not any(i.payload.get("user") == "berikut.nya@example.com" for i in window.backend.outbox.items())
    sent = Item(1, "partial", 0.0, {}, "delivered", 1, False, None, {}, {"card": "RRR1"})
    assert "promos not asked yet" in OutboxPanel.reason_of(sent)
    assert OutboxPanel.reason_of(Item(2, "register", 0.0, {}, "delivered", 1, False, None, {}, {"card": "RRR2"})) == ""


def test_leaving_while_registering_keeps_the_window_until_the_outcome_shows(make_window, qtbot, training):
    """Stamps slow: Esc, Cancel and the window's close while "Registering…" do not drop the
    registration; the window says to wait, and the number and QR show when Stamps answers."""
    import asyncio

    window = make_window()
    dialog = window.open_registration()
    fill(dialog, GOOD)
    held = window.gate.hold[""] = asyncio.Event()  # every request without a search query waits
    dialog.submit()
    assert dialog.registering
    QTest.keyClick(dialog.form.inputs["name"], Qt.Key.Key_Escape)
    dialog.cancel_button.click()
    dialog.close()
    assert dialog.isVisible() and dialog.registering
    assert dialog.wait_note.isVisible() and "please wait" in dialog.wait_note.text()
    assert "saved on this counter" in dialog.wait_note.text()
    held.set()
    run_async(qtbot, dialog.ops.settled(dialog))
    assert dialog.stack.currentWidget() is dialog.result_page
    assert dialog.result_page.number.text() and dialog.result_page.qr.isVisible()
    assert not dialog.wait_note.isVisible()
    assert users_with(training, GOOD["email"]) == 1
    QTest.keyClick(dialog.result_page, Qt.Key.Key_Escape)  # done: Esc closes again
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)


def test_leaving_a_quick_registration_while_it_runs_keeps_it(make_window, qtbot, training):
    import asyncio

    window = make_window()
    dialog = window.open_quick_registration("nona.cepat@example.com")
    held = window.gate.hold[""] = asyncio.Event()
    dialog.submit()
    QTest.keyClick(dialog.contact, Qt.Key.Key_Escape)
    dialog.close()
    assert dialog.isVisible() and dialog.wait_note.isVisible()
    held.set()
    run_async(qtbot, dialog.ops.settled(dialog))
    assert dialog.stack.currentWidget() is dialog.result_page
    assert users_with(training, "nona.cepat@example.com") == 1


def test_next_customer_asks_before_throwing_away_a_draft(make_window, qtbot):
    """F12 with a cancelled form's draft: a question; Enter and Esc keep the draft (Ctrl+N brings
    it back); "Clear it" clears it. With no draft, F12 is at once."""
    window = make_window()
    dialog = window.open_registration()
    dialog.form.inputs["name"].setText("Setengah Jalan")
    dialog.reject()
    assert window.session.draft
    for key in (Qt.Key.Key_Return, Qt.Key.Key_Escape):
        box = window.next_customer()
        assert box is not None and box.isVisible() and "registration that was started" in box.text()
        QTest.keyClick(box, key)
        qtbot.waitUntil(lambda b=box: not b.isVisible())
        assert window.session.draft["name"] == "Setengah Jalan"
    box = window.next_customer()
    assert box is not None
    next(b for b in box.buttons() if b.text() == "Clear it").click()
    qtbot.waitUntil(lambda: not window.session.draft)
    assert window.next_customer() is None


def test_a_registration_saved_offline_turns_the_status_bar_offline_at_once(make_window, qtbot, training):
    """Stamps down: the registration's own failed requests (the duplicate check, the outbox's
    send) turn the connection to offline at once, not at the next ping 30 s later; a later
    success turns it back."""
    window = make_window()
    qtbot.waitUntil(lambda: window.monitor.state == "online", timeout=5000)
    training.faults.update(error_rate=1.0)
    dialog = window.open_registration()
    fill(dialog, GOOD)
    submit_and_wait(qtbot, dialog)
    assert "Saved on this counter" in dialog.result_page.title.text()
    assert window.monitor.state == "offline" and "Online" not in window.conn_label.text()
    body = dialog.result_page.body.text()  # the fact, then the outbox's promise: no "try again"
    assert "Stamps has a problem right now." in body and "try again" not in body.lower(), body
    assert "nothing more to do" in body
    panel = window.open_outbox()
    reason = panel.table.item(0, 3).text()
    assert reason == "Stamps has a problem right now.", reason
    panel.close()
    window.monitor.offline_retry_s = (60.0,)  # no ping comes back in this test: the delivery must say it
    training.faults.update(error_rate=0.0)
    window.backend.outbox.retry_now()
    window.backend.sender.wake()
    qtbot.waitUntil(lambda: users_with(training, GOOD["email"]) == 1, timeout=10_000)
    qtbot.waitUntil(lambda: window.monitor.state == "online", timeout=5000)


def test_a_mark_on_a_field_that_goes_away_goes_with_it(make_window, qtbot, training):
    """A child's birthday asks for the parent's tick; the birthday corrected to an adult's takes
    the tick box away, and with it its red mark and "Please check the fields marked in red"."""
    window = make_window()
    dialog = window.open_registration()
    fill(dialog, GOOD | {"birthday": "01-01-2015"})
    submit_and_wait(qtbot, dialog)
    assert "parent_consent" in dialog.form.visible_errors() and dialog.form_error.isVisible()
    dialog.form.edit("birthday").setText("01-01-1995")
    qtbot.waitUntil(lambda: not dialog.form_error.isVisible(), timeout=2000)
    assert dialog.form.visible_errors() == {}
    submit_and_wait(qtbot, dialog)
    assert dialog.stack.currentWidget() is dialog.result_page


def test_clear_form_empties_the_choices_too(make_window, qtbot):
    """Clear form: Gender, Religion, Marital status and the promo ticks go with the texts — nothing
    of this customer is left for the next one (Gender stayed "Male" before)."""
    window = make_window()
    dialog = window.open_registration({"name": "Rina Kusuma"})
    dialog.form.inputs["email"].setText("rina@example.com")
    dialog.reject()
    dialog = window.open_registration()  # restored: Clear form is shown
    assert dialog.clear_button.isVisible()
    gender = dialog.form.combo("gender")
    gender.setCurrentIndex(gender.findData("male"))
    dialog.form.combo("marital_status").setCurrentIndex(1)
    dialog.form.fill({CHANNELS[0]: True})
    dialog.clear_button.click()
    values = dialog.form.values()
    assert values["gender"] is None and values["marital_status"] is None and values["religion"] is None
    assert not any(values[k] for k in CHANNELS) and values["name"] == ""
    assert window.session.draft == {}


def test_a_restored_draft_keeps_the_gender_chosen(make_window, qtbot):
    """Gender chosen after the texts (a choice, no typing), Esc, Ctrl+N: Gender comes back too."""
    window = make_window()
    dialog = window.open_registration({"name": "Rina Kusuma"})
    dialog.form.inputs["email"].setText("rina@example.com")
    gender = dialog.form.combo("gender")
    gender.setCurrentIndex(gender.findData("female"))
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    again = window.open_registration()
    assert again.form.inputs["name"].text() == "Rina Kusuma"
    assert again.form.combo("gender").currentData() == "female"


def test_a_draft_is_not_offered_once_another_member_was_opened(make_window, qtbot):
    """A card scanned into Member card for one customer never reaches the next one: once another
    member is opened (the counter serves a member now), the draft goes, with a word on screen, and
    Ctrl+N opens an empty form."""
    window = make_window()
    dialog = window.open_registration({"name": "Rina Kusuma"})
    dialog.form.inputs["member_id"].setText("RRR0000004")
    dialog.reject()
    assert window.session.draft["member_id"] == "RRR0000004"
    window.open_member("budi.santoso@example.com")
    run_async(qtbot, window.settled())
    assert window.session.draft == {} and "another member was opened" in window.notice.text()
    window.next_customer()  # no question: nothing typed waits
    assert window.next_question is None or not window.next_question.isVisible()
    again = window.open_registration()
    assert again.form.inputs["member_id"].text() == "" and again.form.inputs["name"].text() == ""
    assert not again.note.isVisible()
