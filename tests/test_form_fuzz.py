"""Whatever a cashier or customer types, the forms answer with messages, never an exception."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pos_member.config import Settings
from pos_member.flows.changes import OtpChange, profile_payload
from pos_member.flows.identify import identify, registration_prefill, searchable
from pos_member.flows.kiosk import KioskFlow
from pos_member.flows.registration import parse_date, quick_key, registration_payload
from pos_member.flows.setup import parse_connection

typed = st.text(max_size=40) | st.sampled_from(["", " ", "0812", "+62 812 3456 7890", "31-02-1990", "1990-13-01",
                                                 "a@b", "a@example.com", "１２３４", "٠٨١٢", "\x00", "99999999999999999"])
choice = st.none() | st.sampled_from(["male", "female", "x", 1, 2, 9, "2", ""])
form = st.fixed_dictionaries({
    "name": typed, "email": typed, "mobile_number": typed, "birthday": typed, "wedding_date": typed,
    "postal_code": typed, "member_id": typed, "referral_code": typed, "pin": typed, "confirm_pin": typed,
    "address": typed, "district": typed, "notes": typed, "gender": choice, "marital_status": choice,
    "religion": choice, "allow_whatsapp_marketing": st.booleans(), "allow_sms_marketing": st.booleans(),
    "allow_newsletters": st.booleans(),
})
SETTINGS = Settings()
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(values=form)
def test_registration_form(values):
    payload, errors = registration_payload(values, SETTINGS, "EMP1")
    assert isinstance(errors, dict) and all(isinstance(m, str) and m for m in errors.values())
    if not errors:
        assert payload["name"] and payload["email"] and payload["mobile_number"]


@FUZZ
@given(values=form)
def test_profile_form(values):
    _, errors = profile_payload("123", values)
    assert all(isinstance(m, str) and m for m in errors.values())


@FUZZ
@given(text=typed)
def test_single_field_inputs(text):
    identify(text)
    searchable(text)
    registration_prefill(text)
    key, error = quick_key(text)
    assert (key is None) != (error is None)
    try:
        parse_date(text)
    except ValueError as exc:
        assert str(exc)


@FUZZ
@given(url=typed, token=typed, merchant=typed, store=typed)
def test_connection_form(url, token, merchant, store):
    conn, errors = parse_connection(url, "token", token, merchant, store)
    assert (conn is None) == bool(errors)


@FUZZ
@given(values=form, step=st.sampled_from(["name", "mobile", "email", "birthday", "gender", "consent"]))
def test_kiosk_steps(values, step):
    flow = KioskFlow(registrar=None, client=None, settings=SETTINGS)
    errors = flow.check(step, values)
    assert all(isinstance(m, str) and m for m in errors.values())


@FUZZ
@given(target=typed, code=typed)
def test_otp_inputs_checked_before_sending(target, code):
    class NoNetwork:
        def __getattr__(self, name):
            raise AssertionError("nothing may be sent for invalid input")

    change = OtpChange(NoNetwork(), "1", "mobile", {"sms": "OTP_1"})
    _, error = change.check_target(target)
    if error:
        problem = asyncio.run(change.send_code(target, "sms"))
        assert problem is not None and problem.fields
    problem = asyncio.run(change.confirm(code))  # no code was sent yet: refused locally
    assert problem is not None


def test_birthday_as_digits_and_an_impossible_date():
    """The counter takes a birthday typed as digits only (28021990), as the kiosk does, and a
    date that does not exist says so rather than asking for the format (walk finding 10)."""
    assert parse_date("28021990") == parse_date("28-02-1990") == dt.date(1990, 2, 28)
    with pytest.raises(ValueError, match="This date does not exist"):
        parse_date("31021990")
    with pytest.raises(ValueError, match="DD-MM-YYYY") as wrong:
        parse_date("2802199")
    assert "does not exist" not in str(wrong.value)
