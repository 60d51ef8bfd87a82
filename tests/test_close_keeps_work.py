"""Nothing typed is lost when the app closes: a registration pressed Register on while the app
closes, a form being typed, and who is offered it after the restart."""

from __future__ import annotations

import asyncio

import pytest

from pos_member import upgrade
from pos_member.app import close_window, keep_work
from pos_member.i18n import tr
from tests.conftest import run_async
from tests.test_kiosk import make_kiosk  # noqa: F401 (the kiosk fixture)

GOOD = {"name": "Rina Kusuma", "email": "rina.close@example.com", "mobile_number": "0813 2222 4444"}


def _closes(qtbot, window, how):
    """The app's own close sequence (run_app) for ``how``; "log-off": Windows ends the session,
    Qt asks the app to commit its data (``commitDataRequest``) and the process is killed."""
    if how == "log-off":
        keep_work(window, None)  # what run_app connects to QGuiApplication.commitDataRequest
        run_async(qtbot, window.shutdown())  # (the process is killed: here it only stops)
        return
    window.finish(how)
    run_async(qtbot, close_window(window, window.backend, how), timeout=30_000)


def _details_asked(window):
    return any(r.url.path.endswith("/details") for r in window.gate.requests)


@pytest.mark.parametrize("how", ["quit", "upgrade", "log-off"])
def test_a_registration_in_its_duplicate_check_survives_the_app_closing(make_window, qtbot, training, tmp_path,
                                                                         monkeypatch, how):
    monkeypatch.setenv("POS_MEMBER_DATA_DIR", str(tmp_path / "data"))
    window = make_window()
    window.set_cashier("K01")
    run_async(qtbot, window.backend.sender.stop())  # what reached the outbox stays there to be seen
    dialog = window.open_registration()
    dialog.form.fill(GOOD)
    window.gate.hold[""] = asyncio.Event()  # Stamps slow: the duplicate check waits
    dialog.submit()
    qtbot.waitUntil(lambda: _details_asked(window))
    assert dialog.registering and window.backend.outbox.pending_count() == 0
    _closes(qtbot, window, how)

    # The next start, as run_app does it: the kept draft, then the cashier signs in again.
    again = make_window()
    kept = upgrade.take_draft(tmp_path / "data")
    if kept:
        again.session.keep_draft(kept)
    again.set_cashier("K01")
    queued = [item.payload for item in again.backend.outbox.items("pending")]
    form = again.open_registration()
    offered = form.form.values()
    in_outbox = [p for p in queued if p.get("email") == GOOD["email"]]
    as_draft = offered.get("email") == GOOD["email"]
    assert in_outbox or as_draft, "the registration was lost"
    assert not (in_outbox and as_draft), "it would be registered twice"
    run_async(qtbot, again.shutdown())



def test_a_registration_the_outbox_is_sending_is_not_kept_as_a_draft_too(make_window, qtbot, training, tmp_path,
                                                                          monkeypatch):
    """Past the duplicate check the outbox has it: the close keeps it there and nowhere else (a
    draft offered again would be a second registration of the same customer)."""
    monkeypatch.setenv("POS_MEMBER_DATA_DIR", str(tmp_path / "data"))
    window = make_window()
    window.set_cashier("K01")
    held = asyncio.Event()
    gate = window.gate
    passing = gate.handle_async_request

    async def hold_writes(request):  # Stamps slow to answer the registration itself
        if request.method == "POST":
            await held.wait()
        return await passing(request)

    gate.handle_async_request = hold_writes
    dialog = window.open_registration()
    dialog.form.fill(GOOD)
    dialog.submit()
    qtbot.waitUntil(lambda: window.backend.outbox.count("pending", "sending") == 1)
    assert dialog.registering
    _closes(qtbot, window, "upgrade")
    assert upgrade.take_draft(tmp_path / "data") is None
    assert [i.payload["email"] for i in window.backend.outbox.items("pending", "sending")] == [GOOD["email"]]
    held.set()


def _close_request(window):
    """The installer's close request as the app receives it (its event, or ``--request-close``)."""
    from pos_member.app import _CloseForUpgrade

    closing = _CloseForUpgrade([window])
    finished: list[str] = []
    window.finished.connect(finished.append)
    reply = closing.requested({"request": upgrade.CLOSE_REQUEST, "reason": "installer"})
    return closing, reply, finished


def test_an_upgrade_asked_while_a_new_customer_is_served_waits_for_next_customer(make_window, qtbot, training):
    """Next customer started the update; the installer asks the app to close while the next
    customer is on screen with a form typed: it closes once that customer is done, not before."""
    window = make_window()
    window.set_cashier("K01")
    window.open_member("budi.santoso@example.com")
    run_async(qtbot, window.settled())
    edit = window.open_action("edit")
    edit.form.fill({"notes": "oat milk, no sugar"})
    closing, reply, finished = _close_request(window)
    assert reply == {"closing": True}
    qtbot.wait(50)  # the reply is on its way (a close would be queued for now)
    assert finished == [] and edit.isVisible() and edit.form.inputs["notes"].text() == "oat milk, no sugar"
    assert tr(upgrade.WAITING_FOR_CUSTOMER) in window.notice.text()
    closing.check()  # the customer still there: nothing happens
    assert finished == []
    edit.form.fill({"notes": ""})
    edit.reject()
    closing.check()
    assert finished == []  # Budi is still on screen
    window.next_customer()
    closing.check()
    assert finished == ["upgrade"]


def test_a_customer_served_past_the_bound_keeps_the_app_open_and_the_installer_retries(make_window, qtbot, training):
    """IT's bound: still serving ``SERVING_WAIT_S`` after the request, the app gives it up (the
    installer ends with 1618 after /CLOSEWAIT, nothing changed) and does not take the same
    installer's event again; a free counter closes at once."""
    from pos_member.app import _CloseForUpgrade

    now = [1000.0]
    window = make_window()
    window.set_cashier("K01")
    window.open_member("budi.santoso@example.com")
    run_async(qtbot, window.settled())
    closing = _CloseForUpgrade([window], clock=lambda: now[0])
    finished: list[str] = []
    window.finished.connect(finished.append)
    assert closing.requested({"reason": "installer"}) == {"closing": True}
    now[0] += upgrade.SERVING_WAIT_S - 1
    closing.check()
    assert finished == [] and closing.waiting_since is not None
    now[0] += 2
    closing.check()
    assert finished == [] and closing.waiting_since is None and closing.declined
    assert tr(upgrade.WAITING_FOR_CUSTOMER) not in window.notice.text()
    window.next_customer()
    closing.check()
    qtbot.wait(50)
    assert finished == []  # given up: the customer after is not cut off either
    closing.declined = False  # (the installer's event went: _poll clears it) a new request
    assert closing.requested({"reason": "installer"}) == {"closing": True}
    qtbot.waitUntil(lambda: finished == ["upgrade"], timeout=5000)  # nothing on screen: at once


def _drafts_window(make_window, folder):
    window = make_window()
    window.drafts_folder = folder  # as run_app gives it the data folder
    return window


def test_a_form_kept_over_a_crash_goes_back_to_the_cashier_who_typed_it(make_window, qtbot, training, tmp_path):
    """Kept while it is typed (a crash closes nothing); after the start, another cashier is told
    that cashier K01's form waits, without a word of it; K01 signing in gets it back."""
    import json

    folder = tmp_path / "data"
    folder.mkdir()
    window = _drafts_window(make_window, folder)
    window.set_cashier("K01")
    form = window.open_registration()
    form.form.fill(GOOD)
    qtbot.waitUntil(lambda: GOOD["email"] in (folder / upgrade.DRAFT_FILE).read_text()
                    if (folder / upgrade.DRAFT_FILE).exists() else False, timeout=5000)
    # The app crashes here: nothing closes. The next start:
    again = _drafts_window(make_window, folder)
    again.require_sign_in = True
    again.restore_drafts(upgrade.take_drafts(folder))
    again.set_cashier("K02")
    assert "K01" in again.notice.text() and GOOD["name"] not in again.notice.text()
    assert again.session.draft == {}
    other = again.open_registration()
    assert other.form.values()["name"] == "" and other.form.values()["email"] == ""
    other.reject()
    kept = json.loads((folder / upgrade.DRAFT_FILE).read_text())["drafts"]  # still on disk for K01
    assert [(d["cashier"], d["draft"]["name"]) for d in kept] == [("K01", GOOD["name"])]
    again.set_cashier("K01")  # K01 is back (switch cashier)
    assert tr("Register new") in again.notice.text() or "Register new" in again.notice.text()
    mine = again.open_registration()
    assert mine.form.values()["name"] == GOOD["name"] and mine.form.values()["email"] == GOOD["email"]
    assert tr("Restored what you typed last time.") == mine.note.text()


def test_a_registered_form_leaves_the_drafts_file(make_window, qtbot, training, tmp_path):
    """Sent: nothing of it may come back after a crash (it would be registered twice)."""
    folder = tmp_path / "data"
    folder.mkdir()
    window = _drafts_window(make_window, folder)
    window.set_cashier("K01")
    form = window.open_registration()
    form.form.fill(dict(GOOD, email="rina.sent@example.com", mobile_number="0813 2222 5555"))
    qtbot.waitUntil(lambda: (folder / upgrade.DRAFT_FILE).exists(), timeout=5000)
    form.submit()
    run_async(qtbot, form.ops.settled(form))
    assert form.stack.currentWidget() is form.result_page
    qtbot.waitUntil(lambda: not (folder / upgrade.DRAFT_FILE).exists(), timeout=5000)
    assert upgrade.take_drafts(folder) == []


def test_a_draft_file_of_the_version_before_is_read_with_no_cashier(tmp_path):
    """The upgrade itself: the old version wrote the file; the new one reads it (for the first
    cashier, as the old one had no owner to say)."""
    import json
    import time

    (tmp_path / upgrade.DRAFT_FILE).write_text(json.dumps({"saved_at": time.time(), "draft": {"name": "Sari"}}))
    [kept] = upgrade.take_drafts(tmp_path)
    assert kept.values == {"name": "Sari"} and kept.cashier is None


def test_a_kiosk_registration_in_its_duplicate_check_survives_the_app_closing(make_kiosk, qtbot, training):
    """The customer pressed Register at the kiosk; the installer's close arrives during the check."""
    from tests.test_kiosk import tap, walk_to_summary

    kiosk = make_kiosk()
    run_async(qtbot, kiosk.backend.sender.stop())  # what reached the outbox stays there to be seen
    walk_to_summary(kiosk, qtbot, email="kiosk.close@example.com", phone="081355553434")
    training.faults.update(latency_ms=3000)  # the look-ups wait on a slow Stamps
    tap(kiosk.next)
    qtbot.waitUntil(lambda: kiosk.session.flow.registration.stage == "checking", timeout=5000)
    assert kiosk.session.busy and kiosk.backend.outbox.pending_count() == 0
    keep_work(kiosk)  # as the app does before any window goes
    assert [i.payload["email"] for i in kiosk.backend.outbox.items("pending")] == ["kiosk.close@example.com"]
    training.faults.update(latency_ms=0)


def test_an_update_put_off_for_a_customer_is_asked_for_again_when_the_counter_is_free(make_window, qtbot, training,
                                                                                      monkeypatch):
    """The task is asked once per version (at Next customer, or as the app closes at the end of the
    shift). Its installer found a customer on screen and gave up (1618): the next free moment asks
    again, or the update would wait for the 03:00 run a switched-off PC never makes."""
    from pos_member import __version__
    from pos_member.app import _CloseForUpgrade
    from pos_member.update import apply
    from pos_member.update.status import UpdateStatus

    class Updates:
        status = UpdateStatus(__version__, "stable", enabled=True, outcome="ready", available="9.9.9",
                              pending="9.9.9")
        on_status = None

    asked: list[bool] = []
    monkeypatch.setattr(apply, "request_install", lambda wait=False: asked.append(wait) or True)
    now = [0.0]
    window = make_window(updates=Updates())
    window.set_cashier("K01")
    window.next_customer()
    assert asked == [False]  # the task starts; its installer asks seconds later...
    window.open_member("budi.santoso@example.com")  # ...with the next customer on screen
    run_async(qtbot, window.settled())
    closing = _CloseForUpgrade([window], clock=lambda: now[0])
    closing.requested({"reason": "installer"})
    now[0] += upgrade.SERVING_WAIT_S + 1
    closing.check()
    assert closing.declined
    window.next_customer()
    assert asked == [False, False]
