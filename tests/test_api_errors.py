"""Error envelopes, retries, timeouts, auth and validation of the API client."""

from __future__ import annotations

import asyncio
import logging
import time

import httpx
import jwt
import pytest

from pos_member import api
from pos_member.api import StampsClient
from tests.helpers import Recorder, body_of, seed

BASE = "https://stamps.example"


def run(coro):
    return asyncio.run(coro)


async def call(transport, method, /, *args, auth="token", **kwargs):
    async with StampsClient(BASE, "tok", 14, auth=auth, transport=transport, retry_backoff=0.001) as client:
        return await getattr(client, method)(*args, **kwargs)


@pytest.mark.parametrize(
    "fixture, status, cls, code, fields",
    [
        ("01_getting_member_data_400_user_not_found", 400, api.BadRequest, "invalid_data", {}),
        ("12_set_level_400_no_membership", 400, api.BadRequest, "user_has_no_membership", {"user"}),
        ("12_set_level_400_downgrade_not_allowed", 400, api.BadRequest, "downgrade_not_allowed", {}),
        ("13_request_otp_to_modify_mobile_number_400_template", 400, api.BadRequest, "invalid_template_code", {"template_code"}),
        ("13_request_otp_to_modify_mobile_number_400_whatsapp", 400, api.BadRequest, "invalid_user_whatsapp_number", {"type"}),
        ("15_request_otp_to_modify_email_400_template", 400, api.BadRequest, "invalid_template_code", {"template_code"}),
        ("16_modify_email_400_email_used", 400, api.BadRequest, "email_already_used", {"new_email"}),
        ("01_getting_member_data_403", 403, api.Forbidden, None, set()),
    ],
)
def test_documented_error_examples(fixture, status, cls, code, fields):
    body = seed(fixture)
    rec = Recorder(lambda r: httpx.Response(status, json=body))
    with pytest.raises(cls) as info:
        run(call(rec.transport, "ping"))
    err = info.value
    assert err.status == status and err.error_code == code
    assert set(err.field_errors) == set(fields)
    assert err.message == (body.get("error_message") or body["detail"])
    assert err.detail == body["detail"]


def test_401_invalid_token():
    rec = Recorder(lambda r: httpx.Response(401, json={"detail": "Invalid token"}))
    with pytest.raises(api.Unauthorized) as info:
        run(call(rec.transport, "member_details", "x"))
    assert info.value.message == "Invalid token"
    assert len(rec.requests) == 1  # a 401 is not retried with a static token


def test_405_and_unknown_status():
    rec = Recorder(lambda r: httpx.Response(405, json={"detail": 'Method "GET" not allowed.'}))
    with pytest.raises(api.MethodNotAllowed):
        run(call(rec.transport, "ping"))
    rec = Recorder(lambda r: httpx.Response(418, text="teapot"))
    with pytest.raises(api.ApiStatusError) as info:
        run(call(rec.transport, "ping"))
    assert info.value.status == 418


def test_legacy_error_list_and_list_messages():
    body = {"errors": [{"email": "Email already used"}, {"mobile_number": ["Invalid", "number"]}], "error_code": "x"}
    rec = Recorder(lambda r: httpx.Response(400, json=body))
    with pytest.raises(api.BadRequest) as info:
        run(call(rec.transport, "ping"))
    assert info.value.field_errors == {"email": "Email already used", "mobile_number": "Invalid number"}
    assert info.value.message == "Email already used"


def test_5xx_html_body_is_server_error():
    html = "<html><body><h1>502 Bad Gateway</h1></body></html>"
    rec = Recorder(lambda r: httpx.Response(502, text=html, headers={"Content-Type": "text/html"}))
    with pytest.raises(api.ServerError) as info:
        run(call(rec.transport, "ping"))
    assert info.value.status == 502 and info.value.error_code is None
    assert len(rec.requests) == 1  # POST: never retried


def test_get_retries_502_503_504_then_succeeds():
    answers = iter([httpx.Response(503, text="busy"), httpx.Response(504, json={}),
                    httpx.Response(200, json=seed("02_member_suggestions_200"))])
    rec = Recorder(lambda r: next(answers))
    result = run(call(rec.transport, "suggestions", "steve"))
    assert len(result.suggestions) == 2 and len(rec.requests) == 3


def test_get_gives_up_after_attempts():
    rec = Recorder(lambda r: httpx.Response(502, text="<html>bad</html>"))
    with pytest.raises(api.ServerError):
        run(call(rec.transport, "suggestions", "steve"))
    assert len(rec.requests) == api.GET_ATTEMPTS


def test_get_does_not_retry_500_or_400():
    rec = Recorder(lambda r: httpx.Response(500, text="oops"))
    with pytest.raises(api.ServerError):
        run(call(rec.transport, "suggestions", "steve"))
    assert len(rec.requests) == 1


def test_connection_error_retried_for_get_only():
    def refuse(request):
        raise httpx.ConnectError("refused", request=request)

    rec = Recorder(refuse)
    with pytest.raises(api.ApiConnectionError):
        run(call(rec.transport, "full_profile", 1))
    assert len(rec.requests) == api.GET_ATTEMPTS
    rec = Recorder(refuse)
    with pytest.raises(api.ApiConnectionError):
        run(call(rec.transport, "register", "A", "a@example.com", "081234567890"))
    assert len(rec.requests) == 1


def test_timeout_is_api_timeout():
    class Slow(httpx.AsyncBaseTransport):
        calls = 0
        abandoned = 0

        async def handle_async_request(self, request):
            Slow.calls += 1
            try:
                await asyncio.Event().wait()  # never answers
            except asyncio.CancelledError:
                Slow.abandoned += 1  # the client gave up on it (its timeout), not the server
                raise
            return httpx.Response(200, json={})

    async def go():
        async with StampsClient(BASE, "tok", 14, transport=Slow(), timeout=0.05, retry_backoff=0.001) as client:
            await client.ping()

    with pytest.raises(api.ApiTimeout):
        run(go())
    assert Slow.calls == 1 and Slow.abandoned == 1  # a POST is not retried after a timeout


@pytest.mark.parametrize("body", ["not json", "[1, 2]", '{"suggestions": 5}', '{"suggestions": [1]}'])
def test_malformed_success_body(body):
    rec = Recorder(lambda r: httpx.Response(200, text=body))
    with pytest.raises(api.ResponseFormatError):
        run(call(rec.transport, "suggestions", "ab"))


# ---------------------------------------------------------------------------- auth

def _jwt(seconds: float) -> str:
    return jwt.encode({"merchant": 14, "exp": int(time.time() + seconds)}, "k" * 32, algorithm="HS256")


def test_jwt_exchange_and_bearer():
    issued = []

    def answer(request):
        if request.url.path == "/api/auth/get-access-token/":
            assert "Authorization" not in request.headers
            assert body_of(request) == {"token": "tok", "crm_merchant_id": 14}
            issued.append(_jwt(24 * 3600))
            return httpx.Response(200, json={"access_token": issued[-1]})
        return httpx.Response(200, json={"pong": {"merchant": "Demo", "merchant_id": 14}})

    rec = Recorder(answer)

    async def go():
        async with StampsClient(BASE, "tok", 14, auth="jwt", transport=rec.transport) as client:
            await client.ping()
            await client.ping()

    run(go())
    assert len(issued) == 1
    assert [r.url.path for r in rec.requests] == ["/api/auth/get-access-token/", "/api/ping", "/api/ping"]
    assert rec.requests[1].headers["Authorization"] == f"Bearer {issued[0]}"


def test_jwt_renewed_before_expiry():
    issued = []

    def answer(request):
        if request.url.path == "/api/auth/get-access-token/":
            issued.append(_jwt(60))  # inside the renewal margin: renewed at each call
            return httpx.Response(200, json={"access_token": issued[-1]})
        return httpx.Response(200, json={"pong": {"merchant": "Demo", "merchant_id": 14}})

    rec = Recorder(answer)

    async def go():
        async with StampsClient(BASE, "tok", 14, auth="jwt", transport=rec.transport) as client:
            await client.ping()
            await client.ping()

    run(go())
    assert len(issued) == 2


def test_jwt_401_renews_once_and_retries():
    issued = []

    def answer(request):
        if request.url.path == "/api/auth/get-access-token/":
            issued.append(_jwt(3600 + len(issued)))
            return httpx.Response(200, json={"access_token": issued[-1]})
        if request.headers["Authorization"] == f"Bearer {issued[0]}":
            return httpx.Response(401, json={"detail": "Invalid token"})
        return httpx.Response(200, json={"status": "ok"})

    rec = Recorder(answer)
    result = run(call(rec.transport, "anonymize", 5, auth="jwt"))
    assert result.status == "ok" and len(issued) == 2


def test_jwt_still_401_after_renewal_raises():
    def answer(request):
        if request.url.path == "/api/auth/get-access-token/":
            return httpx.Response(200, json={"access_token": _jwt(3600)})
        return httpx.Response(401, json={"detail": "Invalid token"})

    rec = Recorder(answer)
    with pytest.raises(api.Unauthorized):
        run(call(rec.transport, "ping", auth="jwt"))
    assert len(rec.requests) == 4  # exchange, call, exchange, call


def test_jwt_exchange_refused():
    rec = Recorder(lambda r: httpx.Response(401, json={"detail": "Invalid token"}))
    with pytest.raises(api.Unauthorized):
        run(call(rec.transport, "ping", auth="jwt"))


# ---------------------------------------------------------------------------- safety

@pytest.mark.parametrize("url", ["http://stamps.co.id", "ftp://stamps.co.id", "stamps.co.id", "http://10.0.0.5:8000"])
def test_insecure_base_url_refused(url):
    with pytest.raises(api.InsecureURLError):
        StampsClient(url, "tok", 14)


@pytest.mark.parametrize("url", ["https://stamps.co.id", "http://127.0.0.1:8765", "http://localhost", "http://[::1]:9"])
def test_https_or_loopback_accepted(url):
    StampsClient(url, "tok", 14)


def test_repr_hides_token():
    assert "tok-123" not in repr(StampsClient(BASE, "tok-123", 14))


@pytest.mark.parametrize(
    "name, kwargs, field",
    [
        ("register", {"name": "A", "email": "not-an-email", "mobile_number": "081234567890"}, "email"),
        ("register", {"name": "A", "email": "a@example.com", "mobile_number": "12"}, "mobile_number"),
        ("request_mobile_otp", {"identifier": 1, "mobile_number": "0215600010", "type": "sms", "template_code": "OTP_1"}, "mobile_number"),
        ("register", {"name": " ", "email": "a@example.com", "mobile_number": "081234567890"}, "name"),
        ("register", {"name": "A", "email": "a@example.com", "mobile_number": "081234567890", "birthday": "2999-01-01"}, "birthday"),
        ("register", {"name": "A", "email": "a@example.com", "mobile_number": "081234567890", "birthday": "1990-02-31"}, "birthday"),
        ("register", {"name": "A", "email": "a@example.com", "mobile_number": "081234567890", "pin": "1234", "confirm_pin": "1235"}, "confirm_pin"),
        ("register", {"name": "A", "email": "a@example.com", "mobile_number": "081234567890", "marital_status": 9}, "marital_status"),
        ("register", {"name": "A", "email": "a@example.com", "mobile_number": "081234567890", "gender": "x"}, "gender"),
        ("change_profile", {"user": "", "name": "A", "allow_whatsapp_marketing": False, "allow_sms_marketing": False,
                            "allow_newsletters": False}, "user"),
        ("change_profile", {"user": 0, "name": "A", "allow_whatsapp_marketing": False, "allow_sms_marketing": False,
                            "allow_newsletters": False}, "user"),
        ("register", {"name": "A", "email": "a@example.com", "mobile_number": "081234567890", "religion": 99}, "religion"),
        ("member_details", {"user": "  "}, "user"),
        ("change_email", {"user": 1, "new_email": "a@example.com", "otp": "12a4"}, "otp"),
        ("request_mobile_otp", {"identifier": 1, "mobile_number": "081234567890", "type": "fax", "template_code": "OTP_1"}, "type"),
        ("partial_register", {"user": "nobody"}, "user"),
        ("suggestions", {"query": "   "}, "query"),
    ],
)
def test_bad_input_never_leaves_the_machine(name, kwargs, field):
    rec = Recorder(lambda r: httpx.Response(200, json={}))
    with pytest.raises(api.RequestValidationError) as info:
        run(call(rec.transport, name, **kwargs))
    assert field in info.value.errors and info.value.errors[field]
    assert rec.requests == []


def test_unknown_parameter_is_a_programming_error():
    with pytest.raises(TypeError):
        run(call(Recorder(lambda r: httpx.Response(200, json={})).transport, "register",
                 "A", "a@example.com", "081234567890", favourite_colour="red"))


def test_phone_forms_normalised():
    for typed in ["0812-3456-7890", "+62 812 3456 7890", "6281234567890", "(0812) 34567890"]:
        assert api.normalise_phone(typed) == "+6281234567890"


def test_logs_carry_no_token_otp_phone_or_email(caplog):
    def answer(request):
        if request.url.path.endswith("request-otp-for-email"):
            return httpx.Response(200, json={"otp": "987654"})
        if request.url.path == "/api/auth/get-access-token/":
            return httpx.Response(200, json={"access_token": _jwt(3600)})
        return httpx.Response(200, json=seed("03_registration_200" if request.url.path.endswith("register")
                                             else "01_getting_member_data_200"))

    rec = Recorder(answer)

    async def go():
        async with StampsClient(BASE, "tok-SECRET", 14, auth="jwt", transport=rec.transport) as client:
            await client.member_details("alice@example.com")
            await client.member_details("+6281234567890")
            await client.request_email_otp("alice@example.com")
            await client.register("Alice", "alice@example.com", "081234567890")

    with caplog.at_level(logging.DEBUG):
        run(go())
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "GET /api/v2/memberships/details" in text  # something was logged at all
    for secret in ["tok-SECRET", "987654", "alice@example.com", "81234567890", "Bearer ey"]:
        assert secret not in text


def test_every_attempt_tells_on_outcome_how_it_went():
    """The connection monitor hears of each attempt, retries included: a 5xx or no connection as
    the error, any answer below 500 as None (Stamps answered), 401/403 not at all."""
    answers = iter([httpx.Response(503, text="busy"), httpx.Response(200, json=seed("02_member_suggestions_200")),
                    httpx.Response(400, json={"detail": "no"}), httpx.Response(401, json={"detail": "Invalid token"})])
    rec = Recorder(lambda r: next(answers))
    heard: list[object] = []

    async def go():
        async with StampsClient(BASE, "tok", 14, transport=rec.transport, retry_backoff=0.001) as client:
            client.on_outcome = heard.append
            await client.suggestions("steve")
            for _ in range(2):
                with pytest.raises(api.ApiStatusError):
                    await client.register("A", "a@example.com", "081234567890")

    run(go())
    assert [type(h) for h in heard] == [api.ServerError, type(None), type(None)]
