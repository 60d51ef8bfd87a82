"""Reconciliation takes a member it finds for ours only if email, phone and name match what we
sent; a quick-registered (partial) member is never ours: the item waits for the cashier, who may
complete that member with the typed details (issue 24, Done when 2 and 3)."""

from __future__ import annotations

import asyncio

import httpx

from pos_member.flows.problems import problem_of
from pos_member.flows.quick import PartialCompletion
from pos_member.outbox import Outbox
from pos_member.ui.counter.outbox_panel import OutboxPanel
from tests.helpers import write_row
from tests.test_outbox import ALICE, LoseAnswers, client_for, count_users

CARLA = {"name": "Carla O'Neil", "email": "carla.oneil@example.com", "mobile_number": "081390007777",
         "gender": "female", "birthday": "1990-03-04", "address": "Jl. Melati 3", "allow_newsletters": True,
         "allow_sms_marketing": False, "allow_whatsapp_marketing": True, "registration_method": 2}


def deliver(training, outbox, item_id, transport=None):
    async def go():
        async with client_for(training, transport) as client:
            return await outbox.deliver(client, item_id)

    return asyncio.run(go())


def quick_register(training, email):
    async def go():
        async with client_for(training) as client:
            return await client.partial_register(email)

    return asyncio.run(go()).user.id


def test_a_partial_member_with_the_email_is_never_ours(tmp_path, training):
    partial_id = quick_register(training, CARLA["email"])
    outbox = Outbox(tmp_path / "outbox.sqlite3")
    item_id = outbox.add("register", CARLA)
    outcome = deliver(training, outbox, item_id)  # "already used": looked up, found the partial member
    assert outcome.state == "attention" and outcome.failure.code == "partial_member"
    item = outbox.get(item_id)
    assert item.payload["name"] == "Carla O'Neil" and item.payload["birthday"] == "1990-03-04"  # nothing wiped
    assert item.result == {"partial_member": partial_id}
    assert "quick-registered" in problem_of(outcome.failure).message
    row = training.store.one("SELECT name, phone FROM users WHERE id = ?", int(partial_id))
    assert not row["name"] and not row["phone"]  # Stamps still holds the empty member: nothing was guessed


def test_the_same_after_an_unknown_outcome(tmp_path, training):
    partial_id = quick_register(training, CARLA["email"])
    outbox = Outbox(tmp_path / "outbox.sqlite3")
    item_id = outbox.add("register", CARLA)
    write_row(outbox, item_id, unknown=1)  # a send timed out earlier
    outcome = deliver(training, outbox, item_id)
    assert outcome.state == "attention" and outbox.get(item_id).result == {"partial_member": partial_id}


def test_the_cashier_completes_the_partial_member_with_the_typed_details(tmp_path, training):
    partial_id = quick_register(training, CARLA["email"])
    outbox = Outbox(tmp_path / "outbox.sqlite3")
    item_id = outbox.add("register", CARLA)
    deliver(training, outbox, item_id)
    flow = PartialCompletion(None, outbox, outbox.get(item_id))

    async def go():
        async with client_for(training) as client:
            flow.client = client
            return await flow.complete()

    customer = asyncio.run(go())
    assert customer.name == "Carla O'Neil" and str(customer.id) == partial_id
    row = training.store.one("SELECT name, birthday, address FROM users WHERE id = ?", int(partial_id))
    assert row["name"] == "Carla O'Neil" and row["address"] == "Jl. Melati 3" and str(row["birthday"]) == "1990-03-04"
    consents = training.store.one("SELECT allow_newsletters, allow_sms_marketing FROM memberships WHERE user_id = ?",
                                  int(partial_id))
    assert tuple(consents) == (1, 0)
    item = outbox.get(item_id)
    assert item.state == "delivered" and item.payload == {} and item.result["reconciled"] == "completed"
    assert OutboxPanel.reason_of(item) == "Completed the quick-registered member"
    assert count_users(training, CARLA["email"]) == 1


def test_a_member_with_the_email_but_another_name_is_not_ours(tmp_path, training):
    outbox = Outbox(tmp_path / "outbox.sqlite3")
    item_id = outbox.add("register", ALICE)
    lossy = LoseAnswers(training.transport())
    deliver(training, outbox, item_id, lossy)  # arrived, answer lost
    training.store.db.execute("UPDATE users SET name = 'Someone Else' WHERE email = ?", (ALICE["email"],))
    lossy.lose = False
    outcome = deliver(training, outbox, item_id, lossy)
    assert outcome.state == "attention" and outbox.get(item_id).payload["name"] == "Alice Wijaya"
    assert lossy.sent.count("/api/v2/memberships/register") == 1  # not sent again either


def test_a_match_is_taken_through_accents_case_and_spacing(tmp_path, training):
    outbox = Outbox(tmp_path / "outbox.sqlite3")
    item_id = outbox.add("register", ALICE)
    lossy = LoseAnswers(training.transport())
    deliver(training, outbox, item_id, lossy)
    training.store.db.execute("UPDATE users SET name = '  ALICE  Wíjaya ' WHERE email = ?", (ALICE["email"],))
    lossy.lose = False
    outcome = deliver(training, outbox, item_id, lossy)
    assert outcome.state == "delivered" and outcome.reconciled
    item = outbox.get(item_id)
    assert item.result["reconciled"] is True
    assert OutboxPanel.reason_of(item) == "Was already at Stamps (found, not sent again)"


class EmptyMember(httpx.AsyncBaseTransport):
    """Every look-up answers a member without an id; a registration times out after sending."""

    def __init__(self):
        self.sent: list[str] = []

    async def handle_async_request(self, request):
        self.sent.append(request.url.path)
        if request.url.path.endswith("/details"):
            return httpx.Response(200, json={"user": {}, "membership": {}})
        raise httpx.ReadTimeout("lost", request=request)


def test_a_member_without_an_id_is_never_found(tmp_path, training):
    outbox = Outbox(tmp_path / "outbox.sqlite3")
    item_id = outbox.add("register", ALICE)
    transport = EmptyMember()
    assert deliver(training, outbox, item_id, transport).state == "pending"  # timed out: unknown
    outcome = deliver(training, outbox, item_id, transport)
    assert outcome.state == "pending" and outbox.get(item_id).payload["email"] == ALICE["email"]
    assert transport.sent.count("/api/v2/memberships/register") == 1  # not resent, not "delivered"


def test_the_outbox_panel_offers_completion_and_opens_the_member(make_window, qtbot, training):
    from tests.conftest import run_async

    window = make_window()
    partial_id = run_async(qtbot, window.backend.client.partial_register(CARLA["email"])).user.id
    outbox = window.backend.outbox
    item_id = run_async(qtbot, outbox.run(outbox.add, "register", CARLA))
    run_async(qtbot, outbox.deliver(window.backend.client, item_id))
    panel = window.open_outbox()
    qtbot.waitUntil(lambda: any(i.id == item_id and i.state == "attention" for i in panel.items))
    panel.table.selectRow([i.id for i in panel.items].index(item_id))
    assert panel.complete_button.isVisible() and not panel.complete_box.isVisible()
    assert "quick-registered" in panel.table.item(panel.table.currentRow(), 3).text()
    panel.complete_button.click()
    assert panel.complete_box.isVisible() and "Change phone" in panel.complete_text.text()
    panel.confirm_complete.click()
    qtbot.waitUntil(lambda: window.session.member is not None and window.session.member_key is not None)
    run_async(qtbot, window.settled())
    assert str(window.session.member_key) == partial_id
    assert window.session.member.name == "Carla O'Neil"


def test_the_registration_page_says_when_it_found_the_member_already_there(make_window, qtbot, training):
    from tests.conftest import run_async

    window = make_window()
    run_async(qtbot, window.backend.client.register(ALICE["name"], ALICE["email"], ALICE["mobile_number"]))
    dialog = window.open_registration({"name": ALICE["name"], "email": ALICE["email"],
                                       "mobile_number": ALICE["mobile_number"]})
    dialog.submit(checked_duplicates=True)  # as after "register anyway": Stamps answers "already used"
    run_async(qtbot, window.ops.settled())
    assert "not sent twice" in dialog.result_page.body.text()
    assert count_users(training, ALICE["email"]) == 1
