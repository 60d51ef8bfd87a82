"""A profile edit sends what the cashier touched (an emptied field as ""), never what they did not,
and checks only what they touched; against the training server and through the real dialog."""

from __future__ import annotations

from pos_member.api import StampsClient
from pos_member.flows.changes import profile_payload
from tests.conftest import run_async
from tests.helpers import body_of

ORIGINAL = {"name": "Budi Santoso", "birthday": "12-04-1988", "gender": "male", "address": "Jl. Kenari 5",
            "district": "3", "postal_code": "1031", "notes": "old note", "marital_status": 2,
            "wedding_date": "01-06-2015", "allow_whatsapp_marketing": True, "allow_sms_marketing": False,
            "allow_newsletters": True}


def test_only_touched_fields_are_sent_and_emptied_ones_as_empty():
    form = dict(ORIGINAL, address="  ", notes="new note", gender=None)
    payload, errors = profile_payload(1, form, ORIGINAL)
    assert errors == {}  # the untouched 4-digit postal code Stamps holds does not block the edit
    assert payload == {"user": 1, "name": "Budi Santoso", "address": None, "notes": "new note", "gender": None}


def test_a_touched_bad_value_is_still_refused():
    payload, errors = profile_payload(1, dict(ORIGINAL, postal_code="1234"), ORIGINAL)
    assert "postal_code" in errors


def test_wedding_date_not_cleared_by_leaving_married():
    payload, _ = profile_payload(1, dict(ORIGINAL, marital_status=1, wedding_date=""), ORIGINAL)
    assert payload["marital_status"] == 1 and "wedding_date" not in payload


def test_without_original_everything_is_sent_as_before():
    payload, _ = profile_payload(1, dict(ORIGINAL, postal_code="10310"))
    assert payload["address"] == "Jl. Kenari 5" and payload["postal_code"] == "10310"


def test_edit_dialog_clears_what_was_emptied_and_sends_nothing_untouched(make_window, qtbot, training):
    training.store.db.execute("UPDATE users SET address = 'Jl. Kenari 5', postal_code = '1031' WHERE id = 1")
    window = make_window()
    window.open_member("budi.santoso@example.com")
    run_async(qtbot, window.settled())
    dialog = window.open_action("edit")
    assert dialog.form.inputs["postal_code"].text() == "1031"
    dialog.form.fill({"address": ""})
    dialog.save.click()
    run_async(qtbot, dialog.ops.parent().settled())
    body = [body_of(r) for r in window.gate.requests if r.url.path.endswith("change-profile")][-1]
    assert body["address"] == "" and body["user"] == 1 and body["generate_default_password"] is False
    assert not {"postal_code", "birthday", "notes", "gender", "district"} & body.keys()
    row = training.store.one("SELECT address, postal_code FROM users WHERE id = 1")
    assert not row["address"] and row["postal_code"] == "1031"


def test_emptied_field_reaches_the_training_server_as_cleared(call):
    async def edit(client: StampsClient):
        payload, errors = profile_payload(1, dict(ORIGINAL, notes=""), ORIGINAL)
        assert not errors
        return await client.change_profile(payload.pop("user"), payload.pop("name"), **payload)

    call(lambda c: c.change_profile(1, "Budi Santoso", notes="old note", allow_whatsapp_marketing=True,
                                    allow_sms_marketing=False, allow_newsletters=True))
    call(edit)
    assert not call(lambda c: c.full_profile(1)).user.notes
