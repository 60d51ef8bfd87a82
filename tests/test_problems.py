"""Failures are sorted in one place (``outbox.failures.failure_of``) and worded in one place
(``flows/problems.py``); the API module's own checks give codes, and the flows word them in the
cashier's language."""

from __future__ import annotations

import pytest

from pos_member.api import (
    ApiConnectionError,
    ApiTimeout,
    BadRequest,
    Forbidden,
    RequestValidationError,
    ResponseFormatError,
    ServerError,
    Unauthorized,
)
from pos_member.api import requests as rq
from pos_member.config import Settings
from pos_member.flows.kiosk import KioskFlow
from pos_member.flows.problems import error_words, problem_from, problem_of, validation_words
from pos_member.i18n import tr
from pos_member.i18n.qt import apply_language
from pos_member.outbox import Failure, failure_of

SAMPLES = [
    ApiConnectionError("down"), ApiTimeout("slow"), Unauthorized(401), Forbidden(403), ServerError(502),
    BadRequest(400, error_code="invalid_data", error_message="User not found"),
    BadRequest(400, error_code="email_already_used", errors={"email": "Email already used"}),
    ResponseFormatError("bad"), RequestValidationError({"name": "Enter the customer's name."}, {"name": "name_missing"}),
    RuntimeError("bug"),
]


@pytest.mark.parametrize("exc", SAMPLES, ids=lambda e: type(e).__name__)
def test_the_flows_word_what_the_outbox_sorts(exc):
    failure = failure_of(exc)
    problem = problem_from(exc)
    assert problem.kind == failure.kind  # one sorting: the words follow it
    assert problem == problem_of(failure)  # an outbox delivery is worded the same way
    assert problem.message


def test_a_stored_failure_keeps_its_kind_without_the_exception():
    stored = Failure("timeout")
    assert problem_of(stored).kind == "offline" and "not answering" in problem_of(stored).message


@pytest.fixture
def indonesian(qapp):
    apply_language("id")
    yield
    apply_language("en")


def test_request_checks_give_codes_and_the_flows_word_them(indonesian):
    with pytest.raises(RequestValidationError) as info:
        rq.build(rq.RegisterBody, name=" ", email="nobody", mobile_number="0812", registering_employee_code="x" * 101)
    exc = info.value
    assert exc.codes == {"name": "name_missing", "email": "email_invalid", "mobile_number": "phone_invalid",
                         "registering_employee_code": "too_long"}
    assert exc.errors["name"] == "Enter the customer's name."  # English, for developers: no tr() in api/
    words = validation_words(exc)
    assert words["name"] == tr("Enter the customer's name.") != exc.errors["name"]  # the cashier's language
    assert "100" in words["registering_employee_code"] and words["registering_employee_code"] != exc.errors[
        "registering_employee_code"]


def test_single_checks_are_worded_too(indonesian):
    with pytest.raises(ValueError) as info:
        rq.normalise_phone("abc")
    assert error_words(info.value) == tr("This is not a phone number. Use digits, for example 0812 0000 0000.")
    assert error_words(info.value) != str(info.value)
    flow = KioskFlow(registrar=None, client=None, settings=Settings())  # type: ignore[arg-type]
    assert flow.check("email", {"email": "nobody"})["email"] == tr(
        "This email address is not valid, for example name@example.com.")
