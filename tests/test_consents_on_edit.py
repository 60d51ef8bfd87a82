"""Edit profile never changes a marketing consent the cashier did not change: one not known
(details still loading or failed, or left out by Stamps) is never sent as false, and a save with
nothing changed sends nothing (issue 24, Done when 1)."""

from __future__ import annotations

import httpx
from shiboken6 import isValid

from pos_member.api import MemberDetails, StampsClient
from pos_member.api import requests as rq
from pos_member.flows.changes import ProfileEdit, profile_form, profile_payload
from tests.conftest import run_async
from tests.helpers import Recorder, body_of, seed

DETAILS = "/api/v2/memberships/details"


def _details(**membership) -> MemberDetails:
    return MemberDetails.model_validate({"user": {"id": 7, "name": "Siti"}, "membership": membership})


def test_a_consent_stamps_left_out_or_wrote_oddly_is_not_known():
    form = profile_form(_details(allow_newsletters=True, allow_sms_marketing=None, allow_whatsapp_marketing="on"))
    assert form["allow_newsletters"] is True
    assert form["allow_sms_marketing"] is None and form["allow_whatsapp_marketing"] is None
    assert all(profile_form(MemberDetails.model_validate({"user": {"id": 7}}))[k] is None for k in rq.CONSENTS)


def test_only_a_consent_the_cashier_changed_is_sent():
    original = profile_form(_details(allow_newsletters=True))  # two not known
    assert profile_payload(7, dict(original, notes="new"), original)[0] == {"user": 7, "name": "Siti", "notes": "new"}
    payload, _ = profile_payload(7, dict(original, allow_sms_marketing=False, allow_newsletters=False), original)
    assert payload == {"user": 7, "name": "Siti", "allow_sms_marketing": False, "allow_newsletters": False}


def test_nothing_changed_sends_nothing(qloop, qtbot):
    rec = Recorder(lambda r: httpx.Response(200, json=seed("04_change_member_info_200")))
    client = StampsClient("http://127.0.0.1", "t", 14, transport=rec.transport).open()
    original = profile_form(_details(allow_newsletters=True))
    edit = ProfileEdit(client, 7, original)
    assert run_async(qtbot, edit.save(dict(original))) is None
    assert run_async(qtbot, edit.save(dict(original, name="Siti ", notes=""))) is None  # spaces are not a change
    assert rec.requests == []
    assert run_async(qtbot, edit.save(dict(original, notes="x"))) is not None
    assert len(rec.requests) == 1 and not set(rq.CONSENTS) & body_of(rec.last).keys()
    run_async(qtbot, client.aclose())


def test_edit_while_details_failed_keeps_the_customers_opt_ins(make_window, qtbot, training):
    training.store.db.execute("UPDATE memberships SET allow_newsletters = 1, allow_sms_marketing = 1,"
                              " allow_whatsapp_marketing = 1 WHERE user_id = 1")
    window = make_window()
    window.gate.fail_paths.add(DETAILS)
    window.open_member(1)
    run_async(qtbot, window.settled())
    dialog = window.open_action("edit")
    assert dialog is not None
    assert all(dialog.form.values()[k] is None for k in rq.CONSENTS)  # drawn half-ticked, not "no"
    assert dialog.consents_unknown.isVisibleTo(dialog)
    dialog.form.fill({"notes": "likes oat milk"})
    dialog.save.click()
    run_async(qtbot, dialog.ops.parent().settled())
    body = [body_of(r) for r in window.gate.requests if r.url.path.endswith("change-profile")][-1]
    assert body["notes"] == "likes oat milk" and not set(rq.CONSENTS) & body.keys()
    row = training.store.one("SELECT allow_newsletters, allow_sms_marketing, allow_whatsapp_marketing"
                             " FROM memberships WHERE user_id = 1")
    assert tuple(row) == (1, 1, 1)


def test_a_click_on_an_unknown_consent_makes_it_a_choice(make_window, qtbot, training):
    window = make_window()
    window.gate.fail_paths.add(DETAILS)
    window.open_member(1)
    run_async(qtbot, window.settled())
    dialog = window.open_action("edit")
    box = dialog.form.inputs["allow_sms_marketing"]
    box.click()  # half-ticked -> a real choice
    box.click()
    assert dialog.form.values()["allow_sms_marketing"] in (True, False)
    assert not box.isTristate()
    dialog.reject()


def test_saving_an_untouched_form_sends_no_change_profile(make_window, qtbot):
    window = make_window()
    window.open_member("budi.santoso@example.com")
    run_async(qtbot, window.settled())
    dialog = window.open_action("edit")
    dialog.save.click()
    qtbot.waitUntil(lambda: not isValid(dialog) or not dialog.isVisible())
    run_async(qtbot, window.settled())
    assert not [r for r in window.gate.requests if r.url.path.endswith("change-profile")]
