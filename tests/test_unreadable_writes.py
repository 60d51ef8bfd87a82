"""After a write whose answer cannot be read, the app reads the member again: a change seen there
is saved, anything else is "not confirmed" with the member shown as Stamps holds it — never "try
again" (issue 24, Done when 6). Supervisor actions ask as for anonymising, and set level warns on
a past end date and starts on "only upgrade" (Done when 7)."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest

from pos_member.flows.changes import LevelChange, ProfileEdit, TagEdit, Unconfirmed, profile_form
from pos_member.flows.problems import Refused
from tests.conftest import Gate, run_async


class GarbleWrites(Gate):
    """Applies each write on the training server, then answers 200 with a body that does not fit
    (or ``{"status": "failed"}``); ``drop`` instead drops the write and garbles its answer."""

    def __init__(self, inner, body=b'{"unexpected": true}', drop=False):
        super().__init__(inner)
        self.body, self.drop = body, drop

    async def handle_async_request(self, request):
        self.requests.append(request)
        if request.method == "POST":
            if not self.drop:
                await self.inner.handle_async_request(request)
            return httpx.Response(200, content=self.body, headers={"content-type": "application/json"})
        return await self.inner.handle_async_request(request)


def client(training, transport):
    from pos_member.api import StampsClient

    return StampsClient("http://127.0.0.1", training.token, training.merchant_id, store=training.store_id,
                        transport=transport, retry_backoff=0.01).open()


@pytest.mark.parametrize("body", [b'{"unexpected": true}', b'{"status": "failed"}', b"<html>ok</html>"])
def test_a_change_seen_when_read_again_is_saved(qloop, qtbot, training, body):
    gate = GarbleWrites(training.transport(), body)
    api = client(training, gate)
    details = run_async(qtbot, api.member_details(1))
    original = profile_form(details)
    answer = run_async(qtbot, ProfileEdit(api, 1, original).save(dict(original, notes="read again")))
    assert answer.user.notes == "read again"  # the member as read again
    assert [r.method for r in gate.requests].count("POST") == 1  # never a second write
    run_async(qtbot, api.aclose())


def test_a_change_not_seen_is_unconfirmed_never_try_again(qloop, qtbot, training):
    gate = GarbleWrites(training.transport(), drop=True)
    api = client(training, gate)
    original = profile_form(run_async(qtbot, api.member_details(1)))
    with pytest.raises(Unconfirmed) as refused:
        run_async(qtbot, ProfileEdit(api, 1, original).save(dict(original, notes="lost")))
    message = refused.value.problem.message
    assert "not confirmed" in message and "try again" not in message.lower()
    assert gate.requests[-1].url.path.endswith("/details")  # read again after the write
    with pytest.raises(Unconfirmed):
        run_async(qtbot, TagEdit(api, 1, []).add("segment", "vip"))
    with pytest.raises(Unconfirmed):
        run_async(qtbot, LevelChange(api, 1).apply({"level": 300, "end_date": None, "store": None}, upgrade_only=False))
    run_async(qtbot, api.aclose())


def test_tags_and_level_seen_when_read_again(qloop, qtbot, training):
    gate = GarbleWrites(training.transport(), b'{"status": 0}')
    api = client(training, gate)
    run_async(qtbot, TagEdit(api, 1, []).add("segment", "vip"))
    run_async(qtbot, TagEdit(api, 1, [("segment", "vip")]).remove("segment", "vip"))
    run_async(qtbot, LevelChange(api, 2).apply({"level": 0, "end_date": None, "store": None}, upgrade_only=False))
    run_async(qtbot, api.aclose())


def test_the_dialog_shows_not_confirmed_reloads_the_member_and_offers_no_second_save(make_window, qtbot, training):
    window = make_window()
    window.open_member("budi.santoso@example.com")
    run_async(qtbot, window.settled())
    gate = window.gate
    original = gate.handle_async_request

    async def garbled(request):
        if request.method == "POST":
            gate.requests.append(request)
            return httpx.Response(200, json={"status": "failed"})
        return await original(request)

    gate.handle_async_request = garbled
    dialog = window.open_action("edit")
    dialog.form.fill({"notes": "never arrives"})
    dialog.save.click()
    qtbot.waitUntil(lambda: dialog.problem.isVisible())
    assert "not confirmed" in dialog.problem.text() and not dialog.save.isEnabled()
    run_async(qtbot, window.settled())
    assert window.session.member is not None and window.session.member.details is not None


def test_set_level_warns_on_a_past_end_date_and_keeps_it_when_asked_again():
    today = dt.date(2026, 12, 6)
    with pytest.raises(Refused) as refused:
        LevelChange.check(200, "31-12-2023", "", today=today)
    assert "past" in refused.value.problem.fields["end_date"]
    assert LevelChange.check(200, "31-12-2023", "", today=today, past_ok=True)["end_date"] == dt.date(2023, 12, 31)
    assert LevelChange.check(200, "31-12-2027", "", today=today)["end_date"] == dt.date(2027, 12, 31)


def test_set_level_dialog_starts_on_only_upgrade_and_asks_again_for_a_past_date(make_window, qtbot, training):
    from pos_member.config import hash_pin

    window = make_window(manager_pin_hash=hash_pin("482913", iterations=1000))
    window.open_member("siti.rahayu@example.co.id")
    run_async(qtbot, window.settled())
    dialog = window.open_action("level")
    assert dialog.upgrade_only.isChecked()
    dialog.end_date.setText("31-12-2023")
    dialog.pin.setText("482913")
    dialog.apply.click()
    assert "past" in dialog.form.visible_errors().get("end_date", "")
    assert not [r for r in window.gate.requests if r.url.path.endswith("set-level")]
    dialog.pin.setText("482913")
    dialog.apply.click()  # asked again: kept
    qtbot.waitUntil(lambda: bool([r for r in window.gate.requests if r.url.path.endswith("set-level")]))
