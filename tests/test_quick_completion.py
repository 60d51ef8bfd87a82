"""Quick (partial) registration takes no consents: the counter shows what Stamps recorded and,
when anything is opted in, saves the customer's name and real choices there and then."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from pos_member.api import StampsClient, models
from pos_member.api import requests as rq
from pos_member.flows.problems import Refused
from pos_member.flows.quick import QuickCompletion, Recorded, recorded
from tests.conftest import run_async
from tests.helpers import body_of, press, seed

REAL_CHOICES = {"allow_whatsapp_marketing": True, "allow_sms_marketing": False, "allow_newsletters": False}


def consents_in_store(training, email):
    return training.store.one(
        "SELECT m.allow_whatsapp_marketing AS w, m.allow_sms_marketing AS s, m.allow_newsletters AS n, u.name"
        " FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = ?", email)


def test_recorded_then_completed_with_the_customers_choices(call, training):
    async def go(client: StampsClient):
        result = await client.partial_register("rina.quick@example.com")
        record = await recorded(client, result, "rina.quick@example.com")
        assert isinstance(record.member, int) and record.may_be_opted_in
        assert set(record.consents.values()) == {True}  # the training server's own default, as Stamps'
        return await QuickCompletion(client, record).save("  Rina   Putri ", REAL_CHOICES)

    saved = call(go)
    assert saved.name == "Rina Putri" and saved.consents == REAL_CHOICES
    row = consents_in_store(training, "rina.quick@example.com")
    assert (row["name"], row["w"], row["s"], row["n"]) == ("Rina Putri", 1, 0, 0)


def test_name_is_asked_before_anything_is_sent():
    sent = []
    transport = httpx.MockTransport(lambda r: sent.append(r) or httpx.Response(500))
    record = Recorded(140, "p@example.com", None, None, "", dict.fromkeys(rq.CONSENTS, True))

    async def go():
        async with StampsClient("https://stamps.example", "tok", 14, transport=transport) as client:
            await QuickCompletion(client, record).save("   ", REAL_CHOICES)

    with pytest.raises(Refused) as info:
        asyncio.run(go())
    assert "name" in info.value.problem.fields and sent == []


def test_consents_missing_from_the_answer_are_looked_up():
    """The seed's partial-registration example has no consents in its membership."""
    answer = models.parse(models.PartialRegistration, seed("17_partial_registration_200"))
    details = seed("01_getting_member_data_200")
    details["membership"]["allow_sms_marketing"] = False
    looked = []

    def answer_details(request):
        looked.append(request.url.params["user"])
        return httpx.Response(200, json=details)

    async def go():
        async with StampsClient("https://stamps.example", "tok", 14,
                                transport=httpx.MockTransport(answer_details)) as client:
            return await recorded(client, answer, "partial1@mail.com")

    record = asyncio.run(go())
    assert looked == ["140"] and record.member == 140 and record.card == "A5MHG"
    assert record.consents == {"allow_whatsapp_marketing": True, "allow_sms_marketing": False, "allow_newsletters": True}


def test_every_channel_must_be_answered_before_anything_is_sent():
    sent = []
    transport = httpx.MockTransport(lambda r: sent.append(r) or httpx.Response(500))
    record = Recorded(140, "p@example.com", None, None, "", dict.fromkeys(rq.CONSENTS, True))

    async def go():
        async with StampsClient("https://stamps.example", "tok", 14, transport=transport) as client:
            await QuickCompletion(client, record).save("Putri", {**REAL_CHOICES, "allow_newsletters": None})

    with pytest.raises(Refused) as info:
        asyncio.run(go())
    assert set(info.value.problem.fields) == {"allow_newsletters"} and sent == []


def test_nothing_to_complete_when_everything_is_off():
    record = Recorded(1, "x@example.com", None, None, "", dict.fromkeys(rq.CONSENTS, False))
    assert not record.may_be_opted_in
    assert Recorded(1, "x", None, None, "", {**dict.fromkeys(rq.CONSENTS, False), "allow_newsletters": None}).may_be_opted_in


def test_quick_registration_dialog_shows_and_saves_the_real_choices(make_window, qtbot, training):
    window = make_window()
    dialog = window.open_quick_registration("dewi.quick@example.com")
    QTest.keyClick(dialog.contact, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: dialog.stack.currentWidget() is dialog.result_page, timeout=5000)
    panel = dialog.completion
    qtbot.waitUntil(panel.isVisible, timeout=5000)
    assert "Promos on WhatsApp: <b>not asked yet</b>" in panel.recorded.text()  # Stamps' "yes" is no answer
    assert "<b>yes</b>" not in panel.recorded.text()
    assert panel.choices.isVisible()
    answers = [panel.form.inputs[k] for k in rq.CONSENTS]
    assert [a.currentText() for a in answers] == ["not asked yet"] * 3 and all(a.isVisible() for a in answers)
    assert all(panel.form.values()[k] is None for k in rq.CONSENTS)  # not asked yet: nothing answered for them
    panel.save.click()  # no name yet
    qtbot.waitUntil(lambda: "name" in panel.form.visible_errors(), timeout=5000)
    assert panel.save.isDefault() and not dialog.result_page.close_button.isDefault()  # Enter saves, never leaves
    panel.form.fill({"name": "Dewi Lestari", "allow_whatsapp_marketing": True})
    qtbot.waitUntil(lambda: not dialog.fresh.armed, timeout=5000)
    QTest.keyClick(panel.name, Qt.Key.Key_Return)  # two channels not asked yet: nothing is sent
    qtbot.waitUntil(lambda: "allow_sms_marketing" in panel.form.visible_errors(), timeout=5000)
    assert set(panel.form.visible_errors()) == {"allow_sms_marketing", "allow_newsletters"}
    assert not [r for r in window.gate.requests if r.url.path.endswith("change-profile")]
    panel.form.fill({"allow_sms_marketing": False, "allow_newsletters": False})  # a new Enter, not the one that registered
    QTest.keyClick(panel.name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not panel.choices.isVisible(), timeout=5000)
    assert dialog.isVisible() and dialog.result_page.close_button.isDefault()
    assert "Saved" in panel.recorded.text() and "Promos by SMS: <b>no</b>" in panel.recorded.text()
    assert "Promos on WhatsApp: <b>yes</b>" in panel.recorded.text()  # now the customer's own answer
    row = consents_in_store(training, "dewi.quick@example.com")
    assert (row["name"], row["w"], row["s"], row["n"]) == ("Dewi Lestari", 1, 0, 0)
    edits = [body_of(r) for r in window.gate.requests if r.url.path.endswith("change-profile")]
    assert edits == [{"user": edits[0]["user"], "name": "Dewi Lestari", "merchant": training.merchant_id,
                      "generate_default_password": False, **REAL_CHOICES}]
    assert isinstance(edits[0]["user"], int)
    run_async(qtbot, window.settled())


def _quick_result(window, qtbot, contact):
    dialog = window.open_quick_registration(contact)
    QTest.keyClick(dialog.contact, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.stack.currentWidget() is dialog.result_page, timeout=5000)
    qtbot.waitUntil(lambda: dialog.completion.choices.isVisible(), timeout=5000)
    return dialog


def test_choices_fit_the_counter_screen_when_they_appear(make_window, qtbot, training):
    from pos_member.ui.shared.fit import COUNTER_SCREEN_HEIGHT
    window = make_window()
    dialog = _quick_result(window, qtbot, "fit.quick@example.com")
    panel = dialog.completion
    qtbot.waitUntil(lambda: panel.name.height() >= panel.name.minimumSizeHint().height(), timeout=5000)
    assert dialog.height() <= COUNTER_SCREEN_HEIGHT
    assert dialog.frameGeometry().bottom() <= dialog.screen().availableGeometry().bottom()  # grown, not off screen
    rows = [panel.name, *(panel.form.inputs[k] for k in rq.CONSENTS), panel.save]
    tops = [w.mapTo(dialog, w.rect().topLeft()).y() for w in rows]
    bottoms = [w.mapTo(dialog, w.rect().bottomLeft()).y() for w in rows]
    assert all(b < t for b, t in zip(bottoms, tops[1:], strict=False))  # no row over the next one
    assert bottoms[-1] < dialog.result_page.close_button.mapTo(dialog, dialog.result_page.close_button.rect().topLeft()).y()
    run_async(qtbot, window.settled())


def test_profile_behind_shows_the_saved_choices(make_window, qtbot, training):
    window = make_window()
    dialog = _quick_result(window, qtbot, "behind.quick@example.com")
    qtbot.waitUntil(lambda: window.session.member is not None and window.session.member.details is not None, timeout=5000)
    assert window.session.member.name == ""
    dialog.completion.form.fill({"name": "Sari Behind", "allow_sms_marketing": True, "allow_whatsapp_marketing": False,
                                 "allow_newsletters": False})
    dialog.completion.save.click()
    qtbot.waitUntil(lambda: window.session.member is not None and window.session.member.name == "Sari Behind", timeout=5000)
    membership = window.session.member.details.membership
    assert (membership.allow_whatsapp_marketing, membership.allow_sms_marketing, membership.allow_newsletters) == (False, True, False)
    run_async(qtbot, window.settled())


def test_the_enter_that_registered_does_not_act_on_the_result_page(make_window, qtbot, training):
    window = make_window()
    dialog = window.open_quick_registration("double.quick@example.com")
    press(dialog.contact, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.stack.currentWidget() is dialog.result_page, timeout=5000)
    qtbot.waitUntil(lambda: dialog.completion.choices.isVisible(), timeout=5000)
    assert dialog.fresh.armed  # the guard outlives a double press (see key_guard.GUARD_MS)
    press(dialog.completion.name, Qt.Key.Key_Return)  # the second press of a double Enter
    press(dialog.focusWidget(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    run_async(qtbot, window.settled())
    assert dialog.isVisible() and dialog.completion.form.visible_errors() == {}
    assert not [r for r in window.gate.requests if r.url.path.endswith("change-profile")]
    qtbot.waitUntil(lambda: not dialog.fresh.armed, timeout=5000)
    press(dialog.completion.name, Qt.Key.Key_Return)  # a new press, later: it counts
    qtbot.waitUntil(lambda: "name" in dialog.completion.form.visible_errors(), timeout=5000)
    run_async(qtbot, window.settled())


def test_the_ctrl_enter_that_registered_does_not_pass_the_success_page(make_window, qtbot, training):
    window = make_window()
    dialog = window.open_registration()
    from tests.test_registration import GOOD
    dialog.form.fill(GOOD | {"email": "double.full@example.com"})
    press(dialog.form.inputs["name"], Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: dialog.stack.currentWidget() is dialog.result_page, timeout=5000)
    press(dialog.focusWidget() or dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    press(dialog.focusWidget() or dialog, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.stack.currentWidget() is dialog.result_page
    qtbot.waitUntil(lambda: not dialog.fresh.armed, timeout=5000)
    press(dialog.focusWidget() or dialog, Qt.Key.Key_Return)  # "Close", pressed on purpose
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    run_async(qtbot, window.settled())


def test_closing_before_the_customer_answered_sets_no_never_keeps_stamps_yes(make_window, qtbot, training):
    window = make_window()
    dialog = _quick_result(window, qtbot, "esc.quick@example.com")
    QTest.keyClick(dialog.completion.name, Qt.Key.Key_Escape)
    box = dialog.keep_box
    assert box is not None and box.isVisible() and dialog.isVisible()
    assert "WhatsApp, SMS, newsletter" in box.text() and "set these to no" in box.text()
    QTest.keyClick(box, Qt.Key.Key_Return)  # the default: back to the form, nothing changed
    qtbot.waitUntil(lambda: not box.isVisible(), timeout=5000)
    assert dialog.isVisible() and dialog.completion.choices.isVisible()
    assert not any("Keep" in b.text() for b in box.buttons())  # no way to keep a yes nobody gave

    def set_all_no():
        dialog.result_page.close_button.click()
        assert dialog.keep_box.isVisible()
        no = next(b for b in dialog.keep_box.buttons() if dialog.keep_box.buttonRole(b) == dialog.keep_box.ButtonRole.AcceptRole)
        no.click()

    set_all_no()  # without a name Stamps cannot save: asked for, the window stays
    qtbot.waitUntil(lambda: "name" in dialog.completion.form.visible_errors(), timeout=5000)
    assert dialog.isVisible()
    dialog.completion.form.fill({"name": "Esa Pergi"})
    closed = []
    dialog.finished.connect(closed.append)
    set_all_no()
    qtbot.waitUntil(lambda: bool(closed), timeout=5000)
    row = consents_in_store(training, "esc.quick@example.com")
    assert (row["name"], row["w"], row["s"], row["n"]) == ("Esa Pergi", 0, 0, 0)
    run_async(qtbot, window.settled())


def test_no_to_all(make_window, qtbot, training):
    window = make_window()
    dialog = _quick_result(window, qtbot, "none.quick@example.com")
    dialog.completion.form.fill({"name": "Nina Tidak", "allow_whatsapp_marketing": True})
    dialog.completion.no_to_all.click()
    qtbot.waitUntil(lambda: not dialog.completion.choices.isVisible(), timeout=5000)
    row = consents_in_store(training, "none.quick@example.com")
    assert (row["w"], row["s"], row["n"]) == (0, 0, 0)
    dialog.result_page.close_button.click()
    assert not dialog.isVisible()
    run_async(qtbot, window.settled())


def test_closing_after_saving_asks_nothing(make_window, qtbot, training):
    window = make_window()
    dialog = _quick_result(window, qtbot, "saved.quick@example.com")
    dialog.completion.form.fill({"name": "Saved First", **dict.fromkeys(rq.CONSENTS, False)})
    dialog.completion.save.click()
    qtbot.waitUntil(lambda: not dialog.completion.choices.isVisible(), timeout=5000)
    dialog.result_page.close_button.click()
    assert not dialog.isVisible() and dialog.keep_box is None
    run_async(qtbot, window.settled())


def _marketing(window) -> str:
    return window.profile_view.contact_grid.values["Marketing"].text()


def test_profile_behind_says_not_asked_yet_until_the_customer_answers(make_window, qtbot, training):
    """Behind the success page Stamps' defaults (all yes) are no answer of the customer's: the
    profile shows "not asked yet" for each channel, not three ticks; once the answers are saved it
    shows them. Another member opened meanwhile is shown as Stamps has them."""
    window = make_window()
    dialog = _quick_result(window, qtbot, "unasked.quick@example.com")
    qtbot.waitUntil(lambda: window.session.member is not None and window.session.member.details is not None, timeout=5000)
    run_async(qtbot, window.settled())
    assert _marketing(window) == "WhatsApp not asked yet   SMS not asked yet   Newsletter not asked yet"
    assert "✓" not in _marketing(window)
    dialog.completion.form.fill({"name": "Uli Tanya", "allow_whatsapp_marketing": True, "allow_sms_marketing": False,
                                 "allow_newsletters": False})
    dialog.completion.save.click()
    qtbot.waitUntil(lambda: window.session.member is not None and window.session.member.name == "Uli Tanya", timeout=5000)
    run_async(qtbot, window.settled())
    assert _marketing(window) == "WhatsApp ✓   SMS ✗   Newsletter ✗"
    dialog.result_page.close_button.click()
    window.open_member("budi.santoso@example.com")
    run_async(qtbot, window.settled())
    assert "not asked yet" not in _marketing(window)


def test_set_all_to_no_without_a_name_asks_for_it_beside_the_field_and_saves_after(make_window, qtbot, training):
    """Leaving before the customer answered, "Set all to no" with no name: the name is asked for
    next to its field (no red line under the form), the rows keep their room, nothing is sent;
    the name typed and Enter save "no" everywhere and close the window."""
    window = make_window()
    dialog = _quick_result(window, qtbot, "noname.quick@example.com")
    panel = dialog.completion
    qtbot.waitUntil(lambda: not dialog.fresh.armed, timeout=5000)
    closed = []
    dialog.finished.connect(closed.append)
    QTest.keyClick(panel.name, Qt.Key.Key_Escape)
    box = dialog.keep_box
    assert box is not None and box.isVisible() and "name" in box.text()
    no = next(b for b in box.buttons() if box.buttonRole(b) == box.ButtonRole.AcceptRole)
    no.click()
    qtbot.waitUntil(lambda: "name" in panel.form.visible_errors(), timeout=5000)
    assert set(panel.form.visible_errors()) == {"name"} and "Nothing is saved yet" in panel.form.visible_errors()["name"]
    assert not panel.problem.isVisible()  # said next to the name, not again under the form
    assert dialog.isVisible() and not closed
    assert not [r for r in window.gate.requests if r.url.path.endswith("change-profile")]
    error = panel.form.errors["name"]
    qtbot.waitUntil(lambda: panel.name.height() >= panel.name.minimumSizeHint().height()
                    and error.height() >= error.heightForWidth(error.width()), timeout=5000)
    rows = [panel.name, error, *(panel.form.inputs[k] for k in rq.CONSENTS), panel.save]
    tops = [w.mapTo(dialog, w.rect().topLeft()).y() for w in rows]
    bottoms = [w.mapTo(dialog, w.rect().bottomLeft()).y() for w in rows]
    assert all(b < t for b, t in zip(bottoms, tops[1:], strict=False))  # nothing squashed over the next row
    assert all(panel.form.inputs[k].height() >= panel.form.inputs[k].minimumSizeHint().height() for k in rq.CONSENTS)
    assert dialog.frameGeometry().bottom() <= dialog.screen().availableGeometry().bottom()
    QTest.keyClicks(panel.name, "Nia Pergi")
    assert panel.form.visible_errors() == {} and not panel.problem.isVisible()  # the mark goes as it is fixed
    QTest.keyClick(panel.name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(closed), timeout=5000)
    row = consents_in_store(training, "noname.quick@example.com")
    assert (row["name"], row["w"], row["s"], row["n"]) == ("Nia Pergi", 0, 0, 0)
    run_async(qtbot, window.settled())


def test_back_to_the_answers_gives_the_name_field_the_keyboard(make_window, qtbot, training):
    """Esc, then "Back to the customer's answers": the window is active again and the name field has
    the keyboard (no window manager hands it back), so the name typed next lands there."""
    window = make_window()
    dialog = _quick_result(window, qtbot, "back.again@example.com")
    QTest.keyClick(dialog.completion.name, Qt.Key.Key_Escape)
    box = dialog.keep_box
    assert box is not None and box.isVisible()
    box.activateWindow()
    qtbot.waitUntil(box.isActiveWindow, timeout=2000)
    QTest.keyClick(box, Qt.Key.Key_Return)  # the default: back to the customer's answers
    qtbot.waitUntil(lambda: not box.isVisible(), timeout=5000)
    qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)
    assert QApplication.focusWidget() is dialog.completion.name
