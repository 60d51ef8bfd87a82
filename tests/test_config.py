"""Store settings: sources, precedence, and messages that name the setting."""

from __future__ import annotations

import pytest

from pos_member.api.models import RegistrationMethod
from pos_member.config import SettingsError, hash_pin, load_settings, verify_pin


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    import os

    for key in list(os.environ):
        if key.startswith("POS_MEMBER_"):
            monkeypatch.delenv(key)


def write(tmp_path, text):
    path = tmp_path / "store.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_no_settings_is_training_mode():
    settings = load_settings()
    assert settings.training and settings.mode == "cashier" and settings.registration_method == RegistrationMethod.STORE


def test_file_and_environment_precedence(tmp_path, monkeypatch):
    path = write(tmp_path, 'api_base_url = "https://stamps.co.id"\nmerchant = 14\nstore = 1\nlanguage = "id"\n'
                           '[otp_templates]\nsms = "OTP_SMS"\n')
    monkeypatch.setenv("POS_MEMBER_STORE", "412")
    monkeypatch.setenv("POS_MEMBER_OTP_TEMPLATES__EMAIL", "OTP_MAIL")
    settings = load_settings(path)
    assert not settings.training and settings.merchant == 14 and settings.store == 412  # environment wins
    assert settings.otp_templates.sms == "OTP_SMS" and settings.otp_templates.email == "OTP_MAIL"
    assert settings.language == "id" and settings.min_age_alone == 17 and settings.privacy_policy_url is None


@pytest.mark.parametrize("text, key, words", [
    ('api_base_url = "http://stamps.co.id"\nmerchant = 14', "api_base_url", "https"),
    ('api_base_url = "https://stamps.co.id"', "merchant", "merchant ID"),
    ('merchant = "abc"', "merchant", "whole number"),
    ('mode = "tablet"', "mode", "'cashier' or 'kiosk'"),
    ('kiosk_idle_seconds = 5', "kiosk_idle_seconds", "at least 15"),
    ('langauge = "id"', "langauge", "unknown setting"),
    ('manager_pin_hash = "1234"', "manager_pin_hash", "hash-pin"),
    ('registration_method = 7', "registration_method", "expected one of"),
])
def test_bad_values_name_the_setting(tmp_path, text, key, words):
    with pytest.raises(SettingsError) as info:
        load_settings(write(tmp_path, text))
    assert key in info.value.problems
    assert words in info.value.problems[key]


def test_missing_file_and_bad_toml(tmp_path):
    with pytest.raises(SettingsError, match="not found"):
        load_settings(tmp_path / "nope.toml")
    with pytest.raises(SettingsError):
        load_settings(write(tmp_path, "merchant = = 1"))


def test_manager_pin_hash():
    stored = hash_pin("482913", iterations=1000)
    assert "482913" not in stored
    assert verify_pin("482913", stored) and not verify_pin("482914", stored) and not verify_pin("482913", None)
    assert hash_pin("482913", iterations=1000) != stored  # salted
    with pytest.raises(ValueError):
        hash_pin("12a4")


def test_a_weak_pin_hash_is_refused(tmp_path, monkeypatch):
    import pos_member.config as config

    monkeypatch.setattr(config, "PIN_MIN_ITERATIONS", 100_000)  # the real floor (conftest lowers it)
    for rounds in (0, 99_999):
        weak = hash_pin("482913", iterations=rounds) if rounds else "pbkdf2_sha256$0$00$00"
        with pytest.raises(SettingsError) as info:
            load_settings(write(tmp_path, f'manager_pin_hash = "{weak}"'))
        assert "too weak" in info.value.problems["manager_pin_hash"]
        assert not verify_pin("482913", weak)
    strong = hash_pin("482913", iterations=100_000)
    assert load_settings(write(tmp_path, f'manager_pin_hash = "{strong}"')).manager_pin_hash == strong
    assert verify_pin("482913", strong)
