"""Contract tests: StampsClient against the training server, every endpoint, success and
error paths, and state kept across calls."""

from __future__ import annotations

import asyncio
import datetime as dt
import time

import httpx
import pytest

from pos_member import api
from pos_member.api import StampsClient
from pos_member.sandbox import Faults, TrainingServer
from pos_member.sandbox.demo import OTHER_MERCHANT, OTHER_TOKEN

BUDI = "budi.santoso@example.com"


def otp_sent_to(training: TrainingServer, recipient: str) -> str:
    """Read the code from the customer's side (the message log), as the customer would."""
    body = training.store.messages(recipient)[0]["body"]
    return next(word.strip(".") for word in body.split() if word.strip(".").isdigit())


# ------------------------------------------------------------------ reads

def test_ping(call):
    pong = call(lambda c: c.ping())
    assert pong.pong.merchant == "Kopi Nusantara" and pong.pong.merchant_id == "14"


@pytest.mark.parametrize("key", [BUDI, "RRR0000001", "rrr0000001", "+6281234567890", "081234567890", "1"])
def test_member_details_by_every_kind_of_key(call, key):
    details = call(lambda c: c.member_details(key))
    assert details.user.name == "Budi Santoso"
    assert details.membership.level_text == "Gold" and details.membership.primary_card.number == "RRR0000001"
    assert details.user.member_ids == ["RRR0000001"]


def test_member_details_verbose_includes_requirements(call):
    details = call(lambda c: c.member_details(BUDI, verbose=True))
    extra = details.membership.model_extra
    assert extra["upgrade_requirement"]["next_level"] == "Platinum"


def test_unknown_member(call):
    with pytest.raises(api.BadRequest) as info:
        call(lambda c: c.member_details("nobody@example.com"))
    assert info.value.error_code == "invalid_data" and info.value.message == "User not found"


def test_member_of_another_merchant_is_not_found(call):
    # Merchants share nothing: another merchant's member is not even known to exist.
    with pytest.raises(api.BadRequest) as info:
        call(lambda c: c.set_level(BUDI, 100), token=OTHER_TOKEN, merchant=OTHER_MERCHANT)
    assert info.value.error_code == "invalid_data" and info.value.message == "User not found"


@pytest.mark.parametrize("query, expected", [
    ("budi san", "Budi Santoso"), ("santoso", "Budi Santoso"), ("BUDI.SANTOSO@", "Budi Santoso"),
    ("0812 3456 7890", "Budi Santoso"), ("+62812345", "Budi Santoso"), ("812345678", "Budi Santoso"),
    ("rrr000000", "Budi Santoso"), ("dewi lest", "Dewi Lestari Putri"), ("putri dewi", "Dewi Lestari Putri"),
])
def test_suggestions_match_what_a_cashier_types(call, query, expected):
    names = [s.name for s in call(lambda c: c.suggestions(query)).suggestions]
    assert expected in names
    assert len(names) <= 10


def test_suggestions_capped_and_best_first(call):
    found = call(lambda c: c.suggestions("wisesi")).suggestions
    assert found[0].name == "Wisesi" and found[0].membership == "Silver" and found[0].gender == "female"
    assert len(call(lambda c: c.suggestions("a")).suggestions) == 10


def test_full_profile_and_upgrade_requirement(call):
    full = call(lambda c: c.full_profile(BUDI))
    assert full.user.name == "Budi Santoso" and full.user.gender == "male"
    assert [(t.group, t.tag) for t in full.tags] == [("category", "vvip")]
    requirement = call(lambda c: c.upgrade_requirement(BUDI))
    assert requirement.upgrade_requirement.next_level == "Platinum"
    assert requirement.upgrade_requirement.spending_requirement == 20_000_000 - 4_410_000
    assert requirement.downgrade_requirement.spending_requirement == 590_000
    assert requirement.downgrade_requirement.next_level == "Blue"


def test_full_profile_accepts_user_in_body_only(training):
    async def go():
        async with httpx.AsyncClient(transport=training.transport(), base_url="http://127.0.0.1") as http:
            return await http.request("GET", "/api/v2/memberships/full-profile", json={"user": BUDI},
                                      headers={"Authorization": f"Token {training.token}"})

    response = asyncio.run(go())
    assert response.status_code == 200 and response.json()["user"]["name"] == "Budi Santoso"


# ------------------------------------------------------------------ auth and protocol

def test_auth_errors_are_as_documented(training):
    async def go(headers, method="GET", path="/api/memberships/suggestions?query=bu&merchant=14"):
        async with httpx.AsyncClient(transport=training.transport(), base_url="http://127.0.0.1") as http:
            return await http.request(method, path, headers=headers)

    missing = asyncio.run(go({}))
    assert missing.status_code == 403 and missing.json() == {"detail": "Authentication credentials were not provided."}
    wrong = asyncio.run(go({"Authorization": "Token nope"}))
    assert wrong.status_code == 401 and wrong.json() == {"detail": "Invalid token"}
    bad_jwt = asyncio.run(go({"Authorization": "Bearer abc.def.ghi"}))
    assert bad_jwt.status_code == 401
    not_allowed = asyncio.run(go({"Authorization": f"Token {training.token}"}, method="POST"))
    assert not_allowed.status_code == 405 and not_allowed.headers["Allow"] == "GET, OPTIONS"


def test_wrong_token_through_client(call):
    with pytest.raises(api.Unauthorized):
        call(lambda c: c.ping(), token="wrong")


class Counting(httpx.AsyncBaseTransport):
    def __init__(self, inner: httpx.AsyncBaseTransport):
        self.inner = inner
        self.seen: list[tuple[str, int]] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        self.seen.append((request.url.path, response.status_code))
        return response


def test_jwt_auth_and_renewal(tmp_path):
    """A JWT lives an hour: the client renews it before it expires by its own clock, and once on a
    401 when the server's clock says it has expired already. Both clocks are the test's."""
    start = 1_900_000_000.0
    server_now, client_now = [start], [start]
    server = TrainingServer(tmp_path / "t.sqlite3", members=50, jwt_lifetime_s=3600, clock=lambda: server_now[0])
    counting = Counting(server.transport())
    trades = lambda: [status for path, status in counting.seen if path.endswith("get-access-token/")]  # noqa: E731

    async def go():
        async with StampsClient("http://127.0.0.1", server.token, 14, auth="jwt", transport=counting,
                                clock=lambda: client_now[0]) as c:
            await c.ping()
            assert trades() == [200]
            assert (await c.member_details(BUDI)).user.name == "Budi Santoso"
            assert trades() == [200]  # still valid: not renewed
            server_now[0] += 3600
            client_now[0] += 3600
            assert (await c.member_details(BUDI)).user.name == "Budi Santoso"
            assert trades() == [200, 200] and all(s != 401 for _, s in counting.seen)  # renewed before sending
            server_now[0] += 3600  # expired on the server only (a clock that differs): refused, renewed once
            assert (await c.member_details(BUDI)).user.name == "Budi Santoso"
            assert trades() == [200, 200, 200] and [s for _, s in counting.seen].count(401) == 1

    try:
        asyncio.run(go())
    finally:
        server.close()


def test_jwt_for_wrong_merchant_refused(call):
    with pytest.raises(api.Unauthorized):
        call(lambda c: c.ping(), auth="jwt", merchant=OTHER_MERCHANT)


# ------------------------------------------------------------------ registration

def test_register_then_find(call):
    customer = call(lambda c: c.register("Ayu Kartika", "ayu.k@example.com", "0813-1111-2222", gender="female",
                                         birthday=dt.date(1990, 1, 2), member_id="CARD123456", allow_sms_marketing=False,
                                         registering_employee_code="EMP001", registration_method=2))
    assert customer.membership.primary_card.number == "CARD123456"
    assert customer.membership.level_text == "Silver" and customer.registering_employee_code == "EMP001"
    assert customer.phone == "+6281311112222"
    details = call(lambda c: c.member_details("CARD123456"))
    assert details.user.email == "ayu.k@example.com" and details.membership.allow_sms_marketing is False
    assert details.user.site_activity.registration_method == "Store"
    assert "Ayu Kartika" in [s.name for s in call(lambda c: c.suggestions("ayu kar")).suggestions]


def test_register_duplicates_refused(call):
    with pytest.raises(api.BadRequest) as info:
        call(lambda c: c.register("Someone", BUDI, "081311112223"))
    assert info.value.error_code == "email_already_used" and "email" in info.value.field_errors
    with pytest.raises(api.BadRequest) as info:
        call(lambda c: c.register("Someone", "x@example.com", "+6281234567890"))
    assert info.value.error_code == "mobile_number_already_used" and "mobile_number" in info.value.field_errors
    with pytest.raises(api.BadRequest) as info:
        call(lambda c: c.register("Someone", BUDI, "+6281234567890", member_id="RRR0000002"))
    assert info.value.error_code == "invalid_data"
    assert set(info.value.field_errors) == {"email", "mobile_number", "member_id"}


def test_register_bad_referral_code(call):
    with pytest.raises(api.BadRequest) as info:
        call(lambda c: c.register("Someone", "y@example.com", "081311112224", referral_code="NOPE"))
    assert "referral_code" in info.value.field_errors


def test_partial_registration_by_email_and_phone(training, call):
    result = call(lambda c: c.partial_register("partial1@example.com", registering_employee_code="ABC123"))
    assert result.user.email == "partial1@example.com" and result.user.primary_membership_id
    assert result.membership.level_text == "Silver"
    assert training.store.messages("partial1@example.com")
    by_phone = call(lambda c: c.partial_register("0815 5555 0001", send_registration_message=False))
    assert by_phone.user.phone == "+6281555550001"
    assert call(lambda c: c.member_details("partial1@example.com")).user.registration_status == "Partial"
    with pytest.raises(api.BadRequest):
        call(lambda c: c.partial_register("partial1@example.com"))


# ------------------------------------------------------------------ changes

def test_change_profile_persists(call):
    call(lambda c: c.change_profile(1, "Budi Santoso Jr", gender="male", birthday="1988-04-13", notes="prefers oat milk",
                                    marital_status=2, wedding_date="2015-06-01", allow_newsletters=False, district=3,
                                    allow_sms_marketing=True, allow_whatsapp_marketing=True))
    details = call(lambda c: c.member_details(BUDI))
    assert details.user.name == "Budi Santoso Jr" and details.user.birthday == dt.date(1988, 4, 13)
    assert details.user.notes == "prefers oat milk" and details.membership.allow_newsletters is False
    assert details.user.location.district.name == "Menteng"
    assert "Budi Santoso Jr" in [s.name for s in call(lambda c: c.suggestions("santoso jr")).suggestions]


def test_tags_add_and_remove(call):
    membership = call(lambda c: c.add_tag("RRR0000002", "segment", "pastry"))
    assert "pastry" in [t.tag for t in membership.tags]
    assert ("segment", "pastry") in [(t.group, t.tag) for t in call(lambda c: c.full_profile("RRR0000002")).tags]
    assert call(lambda c: c.remove_tag("RRR0000002", "segment", "pastry")).status == "ok"
    assert call(lambda c: c.full_profile("RRR0000002")).tags == []
    with pytest.raises(api.BadRequest):
        call(lambda c: c.remove_tag("RRR0000002", "segment", "pastry"))


def test_set_level(call):
    assert call(lambda c: c.set_level(BUDI, 300, end_date=dt.date.today() + dt.timedelta(days=30))).status == "ok"
    assert call(lambda c: c.member_details(BUDI)).membership.level_text == "Platinum"
    with pytest.raises(api.BadRequest) as info:
        call(lambda c: c.set_level(BUDI, 100, upgrade_only=True))
    assert info.value.error_code == "downgrade_not_allowed"
    assert call(lambda c: c.set_level(BUDI, 100)).status == "ok"
    # Any level number, as the seed says; its text is the tier at or below it. The end date stays.
    assert call(lambda c: c.set_level(BUDI, 150)).status == "ok"
    membership = call(lambda c: c.member_details(BUDI)).membership
    assert membership.level == 150 and membership.level_text == "Blue"
    assert membership.end_date == dt.date.today() + dt.timedelta(days=30)
    with pytest.raises(api.BadRequest) as info:
        call(lambda c: c.set_level(BUDI, -1))
    assert "level" in info.value.field_errors


def test_anonymize_removes_personal_data(call):
    assert call(lambda c: c.set_pending_anonymization("RRR0000002")).status == "ok"
    assert call(lambda c: c.member_details("RRR0000002")).membership.member_status == "Pending Anonymization"
    assert call(lambda c: c.anonymize("siti.rahayu@example.co.id")).status == "ok"
    details = call(lambda c: c.member_details("RRR0000002"))
    assert details.user.is_anonymized and details.user.email is None and details.user.phone is None
    assert details.user.name == "Anonymous" and details.user.birthday is None
    assert "Siti Rahayu" not in [s.name for s in call(lambda c: c.suggestions("siti rahayu")).suggestions]
    with pytest.raises(api.BadRequest):
        call(lambda c: c.member_details("siti.rahayu@example.co.id"))


# ------------------------------------------------------------------ OTP flows

def test_change_mobile_number_with_otp(training, call):
    issued = call(lambda c: c.request_mobile_otp(BUDI, "0812-7777-0001", "sms", "OTP_1"))
    code = otp_sent_to(training, "+6281277770001")
    assert issued.otp.get_secret_value() == code and len(code) == 4
    with pytest.raises(api.BadRequest) as info:
        call(lambda c: c.change_mobile_number(BUDI, "081277770001", "0000" if code != "0000" else "1111"))
    assert info.value.error_code == "invalid_otp" and "otp" in info.value.field_errors
    assert call(lambda c: c.change_mobile_number(BUDI, "081277770001", code)).status == "ok"
    assert call(lambda c: c.member_details("+6281277770001")).user.name == "Budi Santoso"
    with pytest.raises(api.BadRequest) as info:  # consumed on success
        call(lambda c: c.change_mobile_number(BUDI, "081277770001", code))
    assert info.value.error_code == "otp_not_requested"


def test_mobile_otp_errors(call):
    with pytest.raises(api.BadRequest) as info:
        call(lambda c: c.request_mobile_otp(BUDI, "081277770002", "sms", "NOPE"))
    assert info.value.error_code == "invalid_template_code" and "template_code" in info.value.field_errors
    with pytest.raises(api.BadRequest) as info:
        call(lambda c: c.request_mobile_otp("dewi.putri@example.net", "081277770003", "whatsapp", "OTP_1"))
    assert info.value.error_code == "invalid_user_whatsapp_number" and "type" in info.value.field_errors


def test_otp_attempts_limited_and_expiry(training, call):
    call(lambda c: c.request_mobile_otp(BUDI, "081277770004", "sms", "OTP_1"))
    code = otp_sent_to(training, "+6281277770004")
    wrong = "0000" if code != "0000" else "1111"
    codes = []
    for _ in range(3):
        with pytest.raises(api.BadRequest) as info:
            call(lambda c: c.change_mobile_number(BUDI, "081277770004", wrong))
        codes.append(info.value.error_code)
    assert codes == ["invalid_otp", "invalid_otp", "otp_attempts_exceeded"]
    with pytest.raises(api.BadRequest):  # burned: even the right code fails now
        call(lambda c: c.change_mobile_number(BUDI, "081277770004", code))
    call(lambda c: c.request_mobile_otp(BUDI, "081277770004", "sms", "OTP_1"))
    training.store.db.execute("UPDATE otps SET expires_at = 0")
    with pytest.raises(api.BadRequest) as info:
        call(lambda c: c.change_mobile_number(BUDI, "081277770004", otp_sent_to(training, "+6281277770004")))
    assert info.value.error_code == "otp_expired"


def test_change_email_with_otp(training, call):
    call(lambda c: c.request_email_otp("budi.new@example.com", "OTP_1"))
    code = otp_sent_to(training, "budi.new@example.com")
    assert len(code) == 6
    assert call(lambda c: c.change_email(BUDI, "budi.new@example.com", code)).status == "ok"
    assert call(lambda c: c.member_details("budi.new@example.com")).user.email_is_verified is True
    with pytest.raises(api.BadRequest) as info:
        call(lambda c: c.request_email_otp("x@example.com", "NOPE"))
    assert info.value.error_code == "invalid_template_code"
    call(lambda c: c.request_email_otp("wisesi@example.com"))
    with pytest.raises(api.BadRequest) as info:
        call(lambda c: c.change_email("RRR0000002", "wisesi@example.com", otp_sent_to(training, "wisesi@example.com")))
    assert info.value.error_code == "email_already_used" and "new_email" in info.value.field_errors


# ------------------------------------------------------------------ faults

def test_fault_html_5xx(training, call):
    training.faults.update(error_rate=1.0, html_share=1.0)
    with pytest.raises(api.ServerError) as info:
        call(lambda c: c.ping())
    assert info.value.status == 502 and info.value.error_code is None


def test_fault_dropped_connection(training, call):
    training.faults.update(drop_rate=1.0)
    with pytest.raises(api.ApiConnectionError):
        call(lambda c: c.ping())


def test_fault_hang_past_timeout(training, call):
    training.faults.update(hang_rate=1.0, hang_s=5)
    with pytest.raises(api.ApiTimeout):
        call(lambda c: c.ping(), timeout=0.2)


def test_fault_get_retried_through_5xx(tmp_path):
    server = TrainingServer(tmp_path / "t.sqlite3", members=50, faults=Faults(error_rate=0.5, seed=3))

    async def go():
        async with StampsClient("http://127.0.0.1", server.token, 14, transport=server.transport(),
                                retry_backoff=0.001, get_attempts=10) as c:
            return [await c.member_details(BUDI) for _ in range(10)]

    try:
        assert all(d.user.name == "Budi Santoso" for d in asyncio.run(go()))
    finally:
        server.close()


def test_fault_latency_and_runtime_change(training, call):
    # Lower bounds only: a sleep never ends early, however busy the machine.
    training.faults.update(latency_ms=150)
    t0 = time.perf_counter()
    call(lambda c: c.ping())
    assert time.perf_counter() - t0 >= 0.15
    training.faults.update(latency_ms=400)
    t0 = time.perf_counter()
    call(lambda c: c.ping())
    assert time.perf_counter() - t0 >= 0.4


# ------------------------------------------------------------------ loopback HTTP

def test_over_loopback_http(training, loopback):
    async def go():
        async with StampsClient(loopback, training.token, 14, store=412) as c:
            pong = await c.ping()
            found = await c.suggestions("budi san")
            customer = await c.register("Loop Back", "loop@example.com", "081390001111")
            details = await c.member_details(customer.membership.primary_card.number)
            full = await c.full_profile(BUDI)
            return pong, found, details, full

    pong, found, details, full = asyncio.run(go())
    assert pong.pong.merchant_id == "14" and "Budi Santoso" in [s.name for s in found.suggestions]
    assert details.user.name == "Loop Back" and full.user.name == "Budi Santoso"


def test_dropped_connection_over_loopback(training, loopback):
    training.faults.update(drop_rate=1.0)

    async def go():
        async with StampsClient(loopback, training.token, 14) as c:
            await c.ping()

    with pytest.raises(api.ApiConnectionError):
        asyncio.run(go())


def test_state_survives_restart(tmp_path):
    path = tmp_path / "keep.sqlite3"
    first = TrainingServer(path, members=50)

    async def register(server):
        async with StampsClient("http://127.0.0.1", server.token, 14, transport=server.transport()) as c:
            return await c.register("Tetap Ada", "tetap@example.com", "081390002222")

    asyncio.run(register(first))
    first.close()
    second = TrainingServer(path, members=50)

    async def find(server):
        async with StampsClient("http://127.0.0.1", server.token, 14, transport=server.transport()) as c:
            return await c.member_details("tetap@example.com")

    try:
        assert asyncio.run(find(second)).user.name == "Tetap Ada"
    finally:
        second.close()
