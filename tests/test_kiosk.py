"""Kiosk self-registration: the whole flow, locked down, idle wipe, and privacy."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit

from pos_member.api import StampsClient
from pos_member.api.models import RegistrationMethod
from pos_member.config import Settings, hash_pin
from pos_member.i18n.qt import apply_language
from pos_member.outbox import Outbox, OutboxSender
from pos_member.runtime import Backend
from pos_member.ui import kiosk as kiosk_module
from pos_member.ui.kiosk import KioskWindow
from tests.conftest import run_async


@pytest.fixture
def make_kiosk(qloop, qtbot, training, tmp_path):
    made = []

    def make(**settings_kw) -> KioskWindow:
        client = StampsClient("http://127.0.0.1", training.token, training.merchant_id, store=training.store_id,
                              transport=training.transport(), retry_backoff=0.01, timeout=2).open()
        settings = Settings(mode="kiosk", store=training.store_id, store_name="Kopi Nusantara Kemang",
                            manager_pin_hash=hash_pin("482913", iterations=1000),
                            kiosk_registration_method=RegistrationMethod.MOBILE_WEB, **settings_kw)
        outbox = Outbox(tmp_path / "kiosk-outbox.sqlite3")
        sender = OutboxSender(outbox, client, idle_s=0.3)
        sender.start()
        window = KioskWindow(Backend(settings, client, training, outbox, sender), fullscreen=False)
        window.resize(1024, 768)
        window.show()
        made.append(window)
        return window

    yield make
    for window in made:
        window.finish("quit")
        run_async(qtbot, window.shutdown())
        run_async(qtbot, window.backend.sender.stop())
        window.backend.outbox.close()
        run_async(qtbot, window.backend.client.aclose())
        window.deleteLater()
    apply_language("en")


def fill_and_next(kiosk, key, text):
    kiosk.inputs[key].setText(text)
    kiosk.next.click()


def walk_to_summary(kiosk, email="ayu.kiosk@example.com", phone="0813 5555 1212"):
    kiosk.next.click()  # welcome
    fill_and_next(kiosk, "name", "Ayu Lestari")
    fill_and_next(kiosk, "mobile_number", phone)
    fill_and_next(kiosk, "email", email)
    fill_and_next(kiosk, "birthday", "")
    assert kiosk.step == "consent"
    assert not any(kiosk.inputs[k].isChecked() for k in ("allow_whatsapp_marketing", "allow_sms_marketing",
                                                         "allow_newsletters"))  # none ticked in advance
    kiosk.inputs["allow_whatsapp_marketing"].setChecked(True)
    kiosk.next.click()
    assert kiosk.step == "summary"


def visible_text(window) -> str:
    return "\n".join(w.text() for w in window.findChildren(QLabel) if w.isVisible())


def test_full_self_registration(make_kiosk, qtbot, training):
    kiosk = make_kiosk()
    assert kiosk.step == "welcome"
    walk_to_summary(kiosk)
    assert "Ayu Lestari" in kiosk.summary.text() and "WhatsApp" in kiosk.summary.text()
    kiosk.next.click()
    qtbot.waitUntil(lambda: kiosk.step == "done", timeout=10_000)
    row = training.store.one("SELECT * FROM users WHERE email = 'ayu.kiosk@example.com'")
    card = training.store.one("SELECT number FROM cards WHERE membership_id = (SELECT id FROM memberships WHERE user_id = ?)",
                              row["id"])["number"]
    assert card in kiosk.done_text.text()
    assert row["registration_method"] == int(RegistrationMethod.MOBILE_WEB) and row["registering_employee_code"] is None
    membership = training.store.one("SELECT * FROM memberships WHERE user_id = ?", row["id"])
    assert (membership["allow_whatsapp_marketing"], membership["allow_sms_marketing"], membership["allow_newsletters"]) == (1, 0, 0)
    kiosk.next.click()  # Finish: back to welcome, nothing kept
    assert kiosk.step == "welcome" and kiosk.flow.data == {}


def test_step_errors_in_plain_words(make_kiosk):
    kiosk = make_kiosk()
    kiosk.next.click()
    kiosk.next.click()
    assert kiosk.step == "name" and "your name" in kiosk.errors["name"].text()
    fill_and_next(kiosk, "name", "Ayu")
    fill_and_next(kiosk, "mobile_number", "12345")
    assert kiosk.step == "mobile" and "not valid" in kiosk.errors["mobile_number"].text()


def test_existing_member_is_told_nothing_about_them(make_kiosk, qtbot, training):
    kiosk = make_kiosk()
    walk_to_summary(kiosk, email="budi.santoso@example.com", phone="0813 5555 3434")
    kiosk.next.click()
    qtbot.waitUntil(lambda: kiosk.step == "done", timeout=10_000)
    text = visible_text(kiosk)
    assert "already a member" in text and "ask our staff" in text
    for secret in ("Budi", "Santoso", "RRR0000001", "Gold", "0812"):
        assert secret not in text
    assert training.store.one("SELECT COUNT(*) AS n FROM users WHERE phone = '+6281355553434'")["n"] == 0


def test_close_attempts_are_ignored(make_kiosk):
    kiosk = make_kiosk()
    assert kiosk.windowFlags() & Qt.WindowType.FramelessWindowHint
    assert kiosk.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    kiosk.close()
    QTest.keyClick(kiosk, Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier)
    assert kiosk.isVisible()


def test_admin_exit_needs_five_taps_and_the_pin(make_kiosk, qtbot):
    kiosk = make_kiosk()
    finished = []
    kiosk.finished.connect(finished.append)
    for _ in range(4):
        QTest.mouseClick(kiosk.logo, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert kiosk.step == "welcome"
    QTest.mouseClick(kiosk.logo, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert kiosk.step == "admin"
    kiosk.gate.pin.setText("000000")
    kiosk.gate.unlock.click()
    assert finished == [] and kiosk.isVisible()
    kiosk.gate.pin.setText("482913")
    kiosk.gate.unlock.click()
    assert finished == ["quit"] and not kiosk.isVisible()


def test_idle_wipes_everything(make_kiosk, qtbot, monkeypatch):
    monkeypatch.setattr(kiosk_module, "STILL_THERE_S", 1)
    kiosk = make_kiosk()
    kiosk.idle_s = 1
    kiosk.next.click()
    fill_and_next(kiosk, "name", "Rahasia Pelanggan")
    kiosk.inputs["mobile_number"].setText("0813 5555 9999")
    kiosk.touched()
    qtbot.waitUntil(lambda: kiosk.step == "still_there", timeout=3000)
    qtbot.waitUntil(lambda: kiosk.step == "welcome", timeout=4000)
    assert kiosk.flow.data == {}
    edits = [w for w in kiosk.findChildren(QLineEdit)]
    assert edits and all(w.text() == "" for w in edits)
    assert "Rahasia" not in "\n".join(w.text() for w in QApplication.allWidgets() if isinstance(w, (QLineEdit, QLabel)))


def test_still_there_keeps_the_customer_going(make_kiosk, qtbot):
    kiosk = make_kiosk()
    kiosk.idle_s = 1
    kiosk.next.click()
    kiosk.inputs["name"].setText("Masih Di Sini")
    kiosk.touched()
    qtbot.waitUntil(lambda: kiosk.step == "still_there", timeout=3000)
    kiosk.next.click()  # "Yes, I'm here"
    assert kiosk.step == "name" and kiosk.inputs["name"].text() == "Masih Di Sini"


def test_language_switch_keeps_what_was_typed(make_kiosk):
    kiosk = make_kiosk()
    kiosk.next.click()
    kiosk.inputs["name"].setText("Dian")
    kiosk.language_buttons["id"].click()
    assert kiosk.step == "name" and kiosk.inputs["name"].text() == "Dian"
    assert "Siapa nama Anda?" in visible_text(kiosk)


def test_touch_targets_are_large(make_kiosk):
    kiosk = make_kiosk()
    kiosk.next.click()
    assert kiosk.next.height() >= 48 and kiosk.back.height() >= 48 and kiosk.inputs["name"].height() >= 48
