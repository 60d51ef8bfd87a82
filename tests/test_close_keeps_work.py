"""Nothing typed is lost when the app closes: a registration pressed Register on while the app
closes, a form being typed, and who is offered it after the restart."""

from __future__ import annotations

import asyncio

import pytest

from pos_member import upgrade
from pos_member.app import close_window, keep_work
from tests.conftest import run_async

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
