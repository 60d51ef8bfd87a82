"""Every error in the cashier's words: an unknown code as a general sentence plus the code (never
Stamps' English, never a customer's email or phone), non-JSON answers by status, certificate and
clock problems named, "Stamps is not answering" told apart from "no network" (issue 24, Done
when 4)."""

from __future__ import annotations

import asyncio
import ssl

import httpx
import pytest

from pos_member import api
from pos_member.api import StampsClient
from pos_member.flows.connection import ConnectionMonitor
from pos_member.flows.problems import problem_from
from tests.helpers import Recorder


def failed(answer):
    async def go():
        rec = Recorder(answer) if callable(answer) else None
        transport = rec.transport if rec else answer
        async with StampsClient("https://stamps.example", "tok", 14, transport=transport, get_attempts=1) as client:
            await client.member_details("a@example.com")

    with pytest.raises(api.ApiError) as error:
        asyncio.run(go())
    return error.value


def test_an_unknown_code_is_a_general_sentence_with_the_code():
    exc = failed(lambda r: httpx.Response(400, json={"error_code": "weird_thing", "error_message": "Customer x@y.com is weird",
                                                     "detail": "Customer x@y.com is weird"}))
    problem = problem_from(exc)
    assert "weird_thing" in problem.message and "x@y.com" not in problem.message and "is weird" not in problem.message


def test_a_field_text_holding_the_customers_email_is_worded():
    exc = failed(lambda r: httpx.Response(400, json={"errors": {"email": "budi@example.com is already used"}}))
    problem = problem_from(exc)
    assert problem.fields["email"] == "This email address already belongs to another member."
    assert "budi@example.com" not in problem.message + " ".join(problem.fields.values())


def test_an_unknown_field_text_is_worded_generally():
    exc = failed(lambda r: httpx.Response(400, json={"errors": {"notes": "Ungültiger Wert 0812 3456 7890"}}))
    assert problem_from(exc).fields["notes"] == "Stamps did not accept this. Check it."


@pytest.mark.parametrize("status, words", [(400, "could not accept"), (403, "does not allow"), (404, "does not know"),
                                           (429, "busy")])
def test_a_non_json_refusal_is_worded_by_its_status(status, words):
    problem = problem_from(failed(lambda r: httpx.Response(status, text="<html>nope</html>")))
    assert words in problem.message and "<html>" not in problem.message
    assert f"HTTP {status}" in problem.message or status == 403  # a 403 is worded as a permission


def test_a_permission_403_is_not_a_bad_key():
    exc = failed(lambda r: httpx.Response(403, json={"detail": "You do not have permission to perform this action."}))
    problem = problem_from(exc)
    assert problem.kind == "invalid" and "permission" in problem.message and "access key" not in problem.message
    credentials = problem_from(failed(lambda r: httpx.Response(403, json={"detail": "Invalid token."})))
    assert credentials.kind == "auth"


def test_no_membership_is_in_our_words():
    exc = failed(lambda r: httpx.Response(400, json={"error_code": "user_has_no_membership",
                                                     "detail": "User does not have membership in Your Merchant"}))
    assert problem_from(exc).message == "This customer is not a member of this merchant."


class CertificateFails(httpx.AsyncBaseTransport):
    def __init__(self, why):
        self.why = why

    async def handle_async_request(self, request):
        cause = ssl.SSLCertVerificationError(1, f"[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: {self.why}")
        cause.verify_message = self.why
        try:
            raise cause
        except ssl.SSLError as exc:
            raise httpx.ConnectError(str(exc), request=request) from exc


@pytest.mark.parametrize("why, words, code", [("certificate has expired", "clock", "clock"),
                                              ("certificate is not yet valid", "clock", "clock"),
                                              ("self-signed certificate in certificate chain", "proxy", "certificate")])
def test_certificate_and_clock_problems_are_named(why, words, code):
    exc = failed(CertificateFails(why))
    assert isinstance(exc, api.ApiCertificateError)
    problem = problem_from(exc)
    assert words in problem.message and problem.code == code and "network cable" not in problem.message


def test_the_monitor_tells_stamps_not_answering_from_no_network():
    client = StampsClient("https://stamps.example", "tok", 14)
    seen = []
    monitor = ConnectionMonitor(client, lambda state, _m: seen.append((state, monitor.why)))
    monitor.report(api.ApiTimeout("x"))
    assert seen[-1] == ("offline", "stamps")
    monitor.report(api.ServerError(503))
    assert seen[-1] == ("offline", "stamps")
    monitor.report(api.ApiConnectionError("refused"))
    assert seen[-1] == ("offline", "network")  # the reason changed: told again
    monitor.report(None)
    assert seen[-1][0] == "online"


def test_the_status_bar_and_banner_say_which(make_window, qtbot):
    window = make_window()
    window.monitor.report(api.ApiTimeout("x"))
    assert "Stamps not answering" in window.conn_label.text()
    assert "Stamps is not answering" in window.banner_label.text() and "cable" not in window.banner_label.text()
    window.monitor.report(api.ApiConnectionError("refused"))
    assert "no network" in window.conn_label.text() and "cable" in window.banner_label.text()
