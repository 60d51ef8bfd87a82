"""Closing for an upgrade (README "For store IT"): the installer's close request keeps the
registration being typed as a draft, sends the outbox and ends the app; a kiosk says "Updating —
back in a minute"; the draft is offered again after the restart. The installer side (its named
event, the relauncher, a watchdog) runs under Wine in ``./dev installer-test``."""

from __future__ import annotations

import signal
import subprocess
import sys

from pos_member import upgrade
from pos_member.app import close_window
from pos_member.i18n import tr
from tests.conftest import run_async
from tests.test_kiosk import make_kiosk  # noqa: F401 (the kiosk fixture)
from tests.test_outbox import ALICE
from tests.test_single_instance import app_env, log_text, start_app, wait_for


def test_a_draft_is_kept_once_and_never_when_old_or_unreadable(tmp_path):
    assert upgrade.save_draft(tmp_path, {"name": "", "email": "", "consent": False}) is None  # nothing typed
    path = upgrade.save_draft(tmp_path, {"name": "Sari Dewi", "whatsapp": True}, clock=lambda: 1000.0)
    assert path is not None and "Sari Dewi" in path.read_text()
    assert upgrade.take_draft(tmp_path, clock=lambda: 1060.0) == {"name": "Sari Dewi", "whatsapp": True}
    assert not path.exists() and upgrade.take_draft(tmp_path) is None  # once
    upgrade.save_draft(tmp_path, {"name": "Sari Dewi"}, clock=lambda: 1000.0)
    assert upgrade.take_draft(tmp_path, clock=lambda: 1000.0 + upgrade.DRAFT_MAX_AGE_S + 1) is None
    assert not path.exists()  # a stale draft goes too
    path.write_text("{half written")
    assert upgrade.take_draft(tmp_path) is None and not path.exists()


def test_closing_keeps_the_draft_and_sends_the_outbox(make_window, qtbot, tmp_path):
    window = make_window()
    window.drafts_folder = folder = tmp_path / "data"
    folder.mkdir()
    backend = window.backend
    run_async(qtbot, backend.sender.stop())  # only the close may send it
    backend.outbox.add("register", dict(ALICE, email="upgrade.close@example.com", mobile_number="081390007777"))
    assert backend.outbox.pending_count() == 1
    window.session.keep_draft({"name": "Sari Dewi", "email": "sari@example.com"})
    window.finish("upgrade")
    run_async(qtbot, close_window(window, backend, "upgrade"), timeout=30_000)
    assert backend.outbox.pending_count() == 0
    assert upgrade.take_draft(folder) == {"name": "Sari Dewi", "email": "sari@example.com"}


def test_the_kiosk_says_it_is_updating_until_it_goes(make_kiosk, qtbot):
    kiosk = make_kiosk()
    kiosk.show_step("name")
    kiosk.show_updating()
    assert kiosk.stack.currentWidget() is kiosk.updating
    assert kiosk.updating.text() == tr("Updating — back in a minute") and kiosk.updating.isVisible()
    assert not kiosk.next.isVisible() and not kiosk.back.isVisible()
    kiosk.touched()  # a customer still tapping: the notice stays
    kiosk.show_step("welcome")
    assert kiosk.stack.currentWidget() is kiosk.updating


def test_request_close_ends_the_running_copy(tmp_path):
    """``pos-member --request-close`` (same session): the copy answers, keeps what it has, exits 0."""
    app = start_app(tmp_path, "--quit-after", "120")
    try:
        wait_for(lambda: "this copy owns the data folder" in log_text(tmp_path) and "training mode" in log_text(tmp_path),
                 "the app")
        asked = subprocess.run([sys.executable, "-m", "pos_member", "--request-close"], env=app_env(tmp_path),
                               capture_output=True, text=True, timeout=90)
        assert asked.returncode == 0, asked.stdout + asked.stderr
        assert app.wait(timeout=60) == upgrade.EXIT_CLOSED_FOR_UPGRADE
        text = log_text(tmp_path)
        assert "upgrade: asked to close (request-close)" in text and "upgrade: outbox sent; 0 left queued" in text
    finally:
        if app.poll() is None:
            app.send_signal(signal.SIGTERM)
        app.communicate(timeout=30)
    none = subprocess.run([sys.executable, "-m", "pos_member", "--request-close"], env=app_env(tmp_path),
                          capture_output=True, text=True, timeout=90)
    assert none.returncode == 1 and "no copy" in none.stdout
