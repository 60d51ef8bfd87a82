"""The store's policy: the machine-wide profile decides where data and the token go (an
installed build lets nothing override it), no token in any settings file, no secret echoed,
and the Settings dialog changes the machine profile or says it cannot."""

from __future__ import annotations

import os
import sys

import keyring
import pytest

import pos_member.config as config
from pos_member.config import (
    NeedsAdministrator,
    SettingsError,
    hash_pin,
    load_settings,
    save_store_settings,
    save_user_settings,
    settings_files,
)
from tests.conftest import run_async
from tests.test_setup import MemoryKeyring

PROFILE = ('api_base_url = "https://stamps.co.id"\nmerchant = 14\nstore = 412\nmode = "kiosk"\nauth = "token"\n'
           'language = "id"\noutbox = "machine"\nupdate_url = "https://updates.example.co.id/pos"\n'
           'update_channel = "stable"\n')


@pytest.fixture
def profile(tmp_path, monkeypatch):
    """A machine profile in POS_MEMBER_CONFIG_DIR (read before the 'installed' switch is set)."""
    for key in list(os.environ):
        if key.startswith("POS_MEMBER_") and key != "POS_MEMBER_MACHINE_DATA_DIR":  # conftest's, in tmp_path
            monkeypatch.delenv(key)
    monkeypatch.setenv("POS_MEMBER_CONFIG_DIR", str(tmp_path / "config"))
    machine, user = settings_files()
    machine.parent.mkdir(parents=True)
    machine.write_text(PROFILE + f'manager_pin_hash = "{hash_pin("482913", iterations=1000)}"\n')
    return machine, user


def installed(monkeypatch, machine, user):
    """Pretend to be the frozen build, with the profile where the test put it."""
    monkeypatch.setattr(config, "installed", lambda: True)
    monkeypatch.setattr(config, "settings_files", lambda: [machine, user])


def test_an_installed_build_keeps_the_stores_policy(profile, monkeypatch):
    machine, user = profile
    user.write_text('api_base_url = "https://evil.example"\nmerchant = 99\nmanager_pin_hash = '
                    f'"{hash_pin("0000", iterations=1000)}"\nlanguage = "en"\noutbox = "user"\n'
                    'update_url = "https://mirror.example/pos"\nupdate_channel = "pilot"\n')
    monkeypatch.setenv("POS_MEMBER_API_BASE_URL", "https://evil2.example")
    monkeypatch.setenv("POS_MEMBER_STORE", "1")
    monkeypatch.setenv("POS_MEMBER_SEARCH_DEBOUNCE_MS", "300")
    # From source (development, training): every override still works, as documented.
    dev = load_settings()
    assert str(dev.api_base_url) == "https://evil2.example/" and dev.merchant == 99 and dev.store == 1
    installed(monkeypatch, machine, user)
    settings = load_settings(mode="cashier")  # --mode on the command line
    assert str(settings.api_base_url) == "https://stamps.co.id/"
    assert (settings.merchant, settings.store, settings.mode, settings.auth, settings.outbox) == (14, 412, "kiosk", "token", "machine")
    assert config.verify_pin("482913", settings.manager_pin_hash)
    assert (str(settings.update_url), settings.update_channel) == ("https://updates.example.co.id/pos", "stable")
    assert settings.language == "en" and settings.search_debounce_ms == 300  # not policy: the user's and env's
    other = machine.parent / "mine.toml"  # --settings FILE cannot get round it either
    other.write_text('api_base_url = "https://evil3.example"\nmerchant = 7\n')
    assert load_settings(other).merchant == 14


def test_an_installed_build_ignores_the_config_dir_variable(monkeypatch, tmp_path):
    monkeypatch.setenv("POS_MEMBER_CONFIG_DIR", str(tmp_path))
    assert settings_files()[0].parent == tmp_path
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert tmp_path not in [p.parent for p in settings_files()]


@pytest.mark.parametrize("where", ["machine", "user"])
def test_a_token_in_any_settings_file_is_refused(profile, where):
    machine, user = profile
    path = machine if where == "machine" else user
    with path.open("a") as f:
        f.write('token = "s3cr3t-t0ken-value-123456"\n')
    with pytest.raises(SettingsError) as info:
        load_settings()
    assert "token" in info.value.problems and "never kept in a settings file" in info.value.problems["token"]
    assert "s3cr3t" not in str(info.value)


@pytest.mark.parametrize("line, key", [
    ('tokne = "s3cr3t-t0ken-value-123456"', "tokne"),            # a misspelled secret key
    ('api_tokn = "s3cr3t-t0ken-value-123456"', "api_tokn"),
    ('manager_pin_hash = "s3cr3t"', "manager_pin_hash"),          # the PIN typed where its hash goes
    ('manager_pin = "s3cr3t"', "manager_pin"),
])
def test_no_error_echoes_a_secret_looking_value(tmp_path, monkeypatch, line, key):
    for name in list(os.environ):
        if name.startswith("POS_MEMBER_"):
            monkeypatch.delenv(name)
    path = tmp_path / "store.toml"
    path.write_text(line + "\n")
    with pytest.raises(SettingsError) as info:
        load_settings(path)
    assert key in info.value.problems and "s3cr3t" not in str(info.value)


def test_an_ordinary_bad_value_is_still_echoed(tmp_path):
    path = tmp_path / "store.toml"
    path.write_text('mode = "tablet"\n')
    with pytest.raises(SettingsError) as info:
        load_settings(path)
    assert "'tablet'" in info.value.problems["mode"]


def test_store_settings_go_to_the_machine_profile_and_override_the_users_copy(profile):
    machine, user = profile
    save_user_settings({"language": "en", "kiosk_idle_seconds": 90})
    assert load_settings().language == "en"
    assert save_store_settings({"language": "id", "search_debounce_ms": 300}) == machine
    settings = load_settings()
    assert settings.language == "id" and settings.search_debounce_ms == 300 and settings.kiosk_idle_seconds == 90
    assert "language" not in user.read_text() and "search_debounce_ms = 300" in machine.read_text()


def test_a_profile_this_user_may_not_write_needs_an_administrator(profile, monkeypatch):
    machine, _user = profile
    before = machine.read_text()
    real = config._write_settings  # noqa: SLF001 (a fault harness: the write is refused)

    def refuse(path, values, **kw):
        if path == machine:
            raise PermissionError(13, "Access is denied", str(path))
        return real(path, values, **kw)

    monkeypatch.setattr(config, "_write_settings", refuse)
    with pytest.raises(NeedsAdministrator):  # not Windows/frozen here: no elevation to try
        save_store_settings({"language": "en"})
    assert machine.read_text() == before
    save_store_settings({"language": "id"})  # nothing changes: nothing to write, no administrator needed


def test_the_settings_dialog_says_it_cannot(profile, monkeypatch, make_window, qtbot):
    machine, _user = profile
    monkeypatch.setattr(config, "_write_settings", lambda *a, **k: (_ for _ in ()).throw(PermissionError(13, "denied")))
    window = make_window(manager_pin_hash=hash_pin("482913", iterations=1000))
    finished = []
    window.finished.connect(finished.append)
    dialog = window.open_settings()
    dialog.gate.pin.setText("482913")
    dialog.gate.unlock.click()
    run_async(qtbot, dialog.ops.settled(dialog.gate))
    dialog.form.fill({"language": "id", "kiosk_idle_seconds": "120"})
    dialog.save.click()
    run_async(qtbot, dialog.ops.settled(dialog))
    assert dialog.problem.isVisible() and "Only IT can change" in dialog.problem.text()
    assert finished == [] and "kiosk_idle_seconds" not in machine.read_text()


def test_a_keyring_that_fails_in_any_way_falls_back_with_words(profile, monkeypatch, caplog):
    from pos_member import credentials, machine_token

    class Broken(MemoryKeyring):
        def get_password(self, service, username):
            raise ValueError("a backend's own error type")

    previous = keyring.get_keyring()
    keyring.set_keyring(Broken())
    try:
        monkeypatch.setattr(machine_token, "load_machine_token", lambda: credentials.SecretStr("machine-tok"))
        assert credentials.load_token().get_secret_value() == "machine-tok"
        monkeypatch.setattr(machine_token, "load_machine_token", lambda: None)
        assert credentials.load_token() is None
    finally:
        keyring.set_keyring(previous)
    assert "credential store of this Windows user could not be read (ValueError)" in caplog.text


def test_a_machine_wide_outbox_is_the_counters_not_the_users(profile, monkeypatch, tmp_path):
    """Two Windows users (two data folders) on one counter: one queue; a user's profile can go."""
    from pos_member.outbox import Outbox
    from pos_member.runtime import data_dir, outbox_path, pin_tries_path

    settings = load_settings()
    assert settings.outbox == "machine"
    monkeypatch.setenv("POS_MEMBER_DATA_DIR", str(tmp_path / "users" / "ani"))
    data_dir()  # Ani's own folder (logs)
    path = outbox_path(settings)
    Outbox(path).add("partial", {"user": "antre@example.com"})
    monkeypatch.setenv("POS_MEMBER_DATA_DIR", str(tmp_path / "users" / "budi"))
    data_dir()
    assert outbox_path(settings) == path and Outbox(path).count("pending") == 1
    assert path.parent == tmp_path / "machine-data" and pin_tries_path().parent == path.parent
    import shutil

    shutil.rmtree(tmp_path / "users")  # a profile clean-up
    assert Outbox(path).count("pending") == 1
    per_user = settings.model_copy(update={"outbox": "user"})
    assert outbox_path(per_user).parent == tmp_path / "users" / "budi"


def test_the_store_profiles_say_where_their_outbox_is():
    from pathlib import Path

    for profile_path in sorted((Path(__file__).resolve().parents[1] / "resources" / "stores").glob("*.toml")):
        assert load_settings(profile_path).outbox == "machine", profile_path.name


def test_no_token_the_manager_connects_behind_the_pin(profile, qloop, qtbot, training, loopback):
    """The start-up failure's 'Connect (manager PIN)': the PIN first, then the token is tested and kept."""
    from pos_member import credentials
    from pos_member.flows.pin import ManagerPinGate
    from pos_member.ui.setup.dialogs import ConnectDialog
    from pos_member.ui.shared.ops import Ops

    machine, _user = profile
    machine.write_text(f'api_base_url = "{loopback}"\nmerchant = {training.merchant_id}\nstore = 412\n'
                       f'manager_pin_hash = "{hash_pin("482913", iterations=1000)}"\n')
    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    try:
        settings = load_settings()
        dialog = ConnectDialog(settings, Ops(), ManagerPinGate(settings.manager_pin_hash))
        qtbot.addWidget(dialog)
        assert dialog.stack.currentIndex() == 0  # the PIN first
        dialog.gate.pin.setText("482913")
        dialog.gate.unlock.click()
        run_async(qtbot, dialog.ops.settled(dialog.gate))
        assert dialog.stack.currentIndex() == 1
        dialog.form.fill({"token": "wrong-token"})
        dialog.save.click()
        run_async(qtbot, dialog.ops.settled(dialog), timeout=15_000)
        assert "refused this token" in dialog.form.visible_errors()["token"] and credentials.load_token() is None
        dialog.form.fill({"token": training.token})
        dialog.save.click()
        run_async(qtbot, dialog.ops.settled(dialog), timeout=15_000)
        assert dialog.result() == dialog.DialogCode.Accepted
        assert credentials.load_token().get_secret_value() == training.token
        assert training.token not in machine.read_text()
    finally:
        keyring.set_keyring(previous)
