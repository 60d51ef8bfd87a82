"""First run (practise or connect), store settings behind the PIN, cashier sign-in."""

from __future__ import annotations

import keyring
import pytest
from keyring.backend import KeyringBackend

from pos_member import credentials
from pos_member.config import first_run, hash_pin, load_settings, save_user_settings, settings_files
from pos_member.ui.setup.dialogs import FirstRunDialog, SignInDialog
from pos_member.ui.shared.ops import Ops
from tests.conftest import free_port, run_async


class MemoryKeyring(KeyringBackend):
    """Stands in for the OS credential store, which CI machines do not have."""

    priority = 1

    def __init__(self):
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.items.get((service, username))

    def set_password(self, service, username, password):
        self.items[(service, username)] = password

    def delete_password(self, service, username):
        self.items.pop((service, username), None)


@pytest.fixture
def config_dir(tmp_path, monkeypatch):
    for key in list(__import__("os").environ):
        if key.startswith("POS_MEMBER_") and key != "POS_MEMBER_DATA_DIR":
            monkeypatch.delenv(key)
    monkeypatch.setenv("POS_MEMBER_CONFIG_DIR", str(tmp_path / "config"))
    previous = keyring.get_keyring()
    store = MemoryKeyring()
    keyring.set_keyring(store)
    yield store
    keyring.set_keyring(previous)


def test_machine_then_user_then_environment(config_dir, monkeypatch):
    machine, user = settings_files()
    machine.parent.mkdir(parents=True)
    machine.write_text('api_base_url = "https://stamps.co.id"\nmerchant = 14\nstore = 1\nstore_name = "Kemang"\n'
                       'language = "id"\n')
    assert not first_run()
    save_user_settings({"language": "en", "store": 2})
    monkeypatch.setenv("POS_MEMBER_STORE", "3")
    settings = load_settings()
    assert settings.store_name == "Kemang" and settings.language == "en" and settings.store == 3
    with pytest.raises(ValueError):
        save_user_settings({"token": "never in a file"})


def test_first_run_practise(config_dir, qloop, qtbot):
    assert first_run()
    dialog = FirstRunDialog(Ops())
    qtbot.addWidget(dialog)
    dialog.practise.click()
    assert dialog.choice == "training" and not first_run() and load_settings().training


@pytest.mark.parametrize("case", ["ok", "wrong_token", "wrong_merchant", "no_network", "plain_http"])
def test_first_run_connect(config_dir, qloop, qtbot, training, loopback, case):
    dialog = FirstRunDialog(Ops())
    qtbot.addWidget(dialog)
    dialog.connect_button.click()
    values = {"api_base_url": loopback, "token": training.token, "merchant": "14", "store": "412", "store_name": "Kemang"}
    if case == "wrong_token":
        values["token"] = "not-the-token"
    elif case == "wrong_merchant":
        values["merchant"] = "15"
    elif case == "no_network":
        values["api_base_url"] = f"http://127.0.0.1:{free_port()}"
    elif case == "plain_http":
        values["api_base_url"] = "http://stamps.example"
    dialog.form.fill(values)
    dialog.save.click()
    run_async(qtbot, dialog.ops.settled(dialog), timeout=15_000)
    errors = dialog.form.visible_errors()
    if case == "ok":
        assert dialog.choice == "connected"
        settings = load_settings()
        assert str(settings.api_base_url).startswith(loopback) and settings.merchant == 14 and settings.store == 412
        assert credentials.load_token().get_secret_value() == training.token
        assert training.token not in settings_files()[-1].read_text()
        return
    assert dialog.choice is None and first_run()
    expected = {"wrong_token": ("token", "refused this token"), "wrong_merchant": ("merchant", "belongs to merchant 14"),
                "no_network": ("api_base_url", "Cannot reach Stamps"), "plain_http": ("api_base_url", "https://")}[case]
    assert expected[0] in errors and expected[1] in errors[expected[0]], errors
    assert credentials.load_token() is None


def test_settings_behind_manager_pin(config_dir, make_window, qtbot):
    window = make_window(manager_pin_hash=hash_pin("482913", iterations=1000))
    finished = []
    window.finished.connect(finished.append)
    dialog = window.open_settings()
    assert dialog.stack.currentIndex() == 0  # locked
    dialog.gate.pin.setText("111111")
    dialog.gate.unlock.click()
    run_async(qtbot, dialog.ops.settled(dialog.gate))  # the hash is checked off the event loop
    assert "not the manager PIN" in dialog.gate.form.visible_errors()["manager_pin"]
    assert dialog.stack.currentIndex() == 0
    dialog.gate.pin.setText("482913")
    dialog.gate.unlock.click()
    run_async(qtbot, dialog.ops.settled(dialog.gate))
    assert dialog.stack.currentIndex() == 1
    dialog.form.fill({"language": "id", "privacy_policy_url": "kopi.example/privasi", "kiosk_idle_seconds": "5",
                      "min_age_alone": "12"})
    dialog.save.click()
    run_async(qtbot, dialog.ops.settled(dialog))
    errors = dialog.form.visible_errors()
    assert "from 15 to 3600" in errors["kiosk_idle_seconds"] and "from 13 to 21" in errors["min_age_alone"]
    assert "https://" in errors["privacy_policy_url"]
    dialog.form.fill({"kiosk_idle_seconds": "90", "new_pin": "1357", "new_pin_again": "1357", "min_age_alone": "18",
                      "privacy_policy_url": "https://kopi.example/privasi"})
    dialog.save.click()
    qtbot.waitUntil(lambda: finished == ["restart"], timeout=5000)
    settings = load_settings()
    assert settings.language == "id" and settings.kiosk_idle_seconds == 90 and settings.min_age_alone == 18
    assert str(settings.privacy_policy_url) == "https://kopi.example/privasi"
    assert settings.manager_pin_hash and "1357" not in settings.manager_pin_hash


def test_sign_in_required_and_shown(make_window, qtbot):
    window = make_window()
    dialog = window.open_sign_in()
    dialog.reject()  # Esc: still there
    assert dialog.isVisible()
    dialog.code.setText("bad code!")
    dialog.button.click()
    assert "employee code" in dialog.form.visible_errors()["employee_code"]
    dialog.code.setText("EMP042")
    dialog.button.click()
    assert window.cashier_code == "EMP042" and "EMP042" in window.cashier_label.text()
    assert not dialog.isVisible()


def test_sign_in_validates_standalone(qapp):
    dialog = SignInDialog()
    dialog.code.setText("")
    dialog.sign_in()
    assert dialog.form.visible_errors()


def test_connect_opens_on_its_first_field_and_enter_tests_and_saves(config_dir, qloop, qtbot, training, loopback):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    dialog = FirstRunDialog(Ops())
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.focusWidget() is dialog.practise and dialog.practise.isDefault()
    dialog.connect_button.click()
    server = dialog.form.inputs["api_base_url"]
    assert dialog.focusWidget() is server and not server.hasSelectedText()
    dialog.form.fill({"api_base_url": loopback, "token": training.token, "merchant": "14", "store": "412"})
    QTest.keyClick(dialog.form.inputs["merchant"], Qt.Key.Key_Return)  # Enter: Test and save
    qtbot.waitUntil(lambda: dialog.choice == "connected", timeout=15_000)


def test_store_settings_open_on_the_pin_then_the_first_field_and_enter_saves(config_dir, make_window, qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    window = make_window(manager_pin_hash=hash_pin("482913", iterations=1000))
    finished = []
    window.finished.connect(finished.append)
    dialog = window.open_settings()
    assert dialog.focusWidget() is dialog.gate.pin
    QTest.keyClicks(dialog.gate.pin, "482913")
    QTest.keyClick(dialog.gate.pin, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.stack.currentIndex() == 1, timeout=5000)
    assert dialog.focusWidget() is dialog.form.inputs["language"]
    dialog.form.fill({"language": "id"})
    QTest.keyClick(dialog.form.inputs["otp_sms"], Qt.Key.Key_Return)  # Enter in a field: Save
    qtbot.waitUntil(lambda: finished == ["restart"], timeout=5000)
    assert load_settings().language == "id"
