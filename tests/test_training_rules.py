"""The training server's rules beyond the happy path: length limits and 413s, OTP issue limits,
anonymised members, which keys each endpoint takes, and the seed's details followed."""

from __future__ import annotations

import asyncio
import json

import httpx
import jwt
import pytest

from pos_member import api
from pos_member.sandbox import TrainingServer
from pos_member.sandbox.service import OTP_PER_MEMBER, OTP_PER_TARGET
from pos_member.sandbox.store import INDEXED_WORDS

BUDI = "budi.santoso@example.com"
# The client sends every consent on change-profile (README: "Where the seed is ambiguous").
CONSENTS = {"allow_whatsapp_marketing": True, "allow_sms_marketing": True, "allow_newsletters": True}


def raw(server: TrainingServer, method: str, path: str, *, json_body=None, content=None, params=None,
        auth: str | None = None) -> httpx.Response:
    async def go():
        async with httpx.AsyncClient(transport=server.transport(), base_url="http://127.0.0.1") as http:
            return await http.request(method, path, json=json_body, content=content, params=params,
                                      headers={"Authorization": auth or f"Token {server.token}",
                                               "Content-Type": "application/json"})

    return asyncio.run(go())


def envelope(response: httpx.Response, status: int = 400) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"detail", "errors", "error_code", "error_message"}
    return body


# ------------------------------------------------------------------ sizes

@pytest.mark.parametrize("field, size", [("name", 101), ("address", 501), ("member_id", 101), ("postal_code", 6),
                                         ("registering_employee_code", 101)])
def test_fields_longer_than_the_apps_limits_are_refused(training, field, size):
    body = {"name": "Ayu", "email": "ayu.len@example.com", "mobile_number": "081311110000", "merchant": 14,
            field: "1" * size}
    assert field in envelope(raw(training, "POST", "/api/v2/memberships/register", json_body=body))["errors"]
    body[field] = "1" * (size - 1)
    assert raw(training, "POST", "/api/v2/memberships/register", json_body=body).status_code == 200


def test_oversized_requests_are_413(training):
    big = json.dumps({"name": "x" * 40_000, "merchant": 14}).encode()
    assert envelope(raw(training, "POST", "/api/v2/memberships/register", content=big), 413)["error_code"] == "request_too_large"
    huge_query = {"query": "a" * 5000, "merchant": "14"}
    envelope(raw(training, "GET", "/api/memberships/suggestions", params=huge_query), 413)


def test_a_name_of_20000_words_costs_a_bounded_index(training):
    """Defence in depth (the API refuses such a name): a user row with one still indexes in a
    fixed number of short terms, so indexing is linear in the name's length."""
    store = training.store
    name = " ".join(f"kata{i}" for i in range(20_000))
    with store.transaction() as db:
        db.execute("UPDATE users SET name = ? WHERE id = 5", (name,))
        store.index_user(5)
    terms = store.all("SELECT term FROM search_terms WHERE user_id = 5 AND term LIKE 'n:%'")
    assert len(terms) == INDEXED_WORDS and max(len(t["term"]) for t in terms) <= 102
    assert 5 in store.suggest(14, "kata3 kata4")


def test_a_name_with_an_emoji_right_after_the_typed_letters_is_suggested(call):
    call(lambda c: c.register("Zahir🎉 Kusnadi", "zahir@example.com", "081311117777"))
    assert "Zahir🎉 Kusnadi" in [s.name for s in call(lambda c: c.suggestions("zahir")).suggestions]
    assert "Zahir🎉 Kusnadi" in [s.name for s in call(lambda c: c.suggestions("kusn")).suggestions]


# ------------------------------------------------------------------ auth

@pytest.mark.parametrize("claims", [{"merchant_id": 1e30}, {"merchant_id": 10**30}, {"merchant_id": "14"},
                                    {"merchant_id": True}, {"merchant_id": [14]}, {"merchant_id": 14}, {}])
def test_forged_jwts_are_401_whatever_they_claim(training, claims):
    forged = jwt.encode(claims, "not-the-secret-of-any-merchant-at-all", algorithm="HS256")
    answer = raw(training, "POST", "/api/ping", auth=f"Bearer {forged}")
    assert answer.status_code == 401 and answer.json() == {"detail": "Invalid token"}
    unsigned = jwt.encode(claims, None, algorithm="none")
    assert raw(training, "POST", "/api/ping", auth=f"Bearer {unsigned}").status_code == 401


# ------------------------------------------------------------------ OTP limits

def test_email_codes_limited_per_address(call):
    for _ in range(OTP_PER_TARGET):
        call(lambda c: c.request_email_otp("limit@example.com", "OTP_1"))
    with pytest.raises(api.BadRequest) as info:
        call(lambda c: c.request_email_otp("limit@example.com", "OTP_1"))
    assert info.value.error_code == "otp_rate_limited" and "new_email" in info.value.field_errors
    call(lambda c: c.request_email_otp("other.limit@example.com", "OTP_1"))  # another address is not affected


def test_mobile_codes_limited_per_number_and_per_member(call):
    for _ in range(OTP_PER_TARGET):
        call(lambda c: c.request_mobile_otp(BUDI, "081277771000", "sms", "OTP_1"))
    with pytest.raises(api.BadRequest) as info:
        call(lambda c: c.request_mobile_otp(BUDI, "081277771000", "sms", "OTP_1"))
    assert info.value.error_code == "otp_rate_limited"
    for n in range(1, OTP_PER_MEMBER - OTP_PER_TARGET + 1):
        call(lambda c, n=n: c.request_mobile_otp(BUDI, f"08127777{1000 + n}", "sms", "OTP_1"))
    with pytest.raises(api.BadRequest) as info:  # a fresh number, but this member has had enough codes
        call(lambda c: c.request_mobile_otp(BUDI, "081277779999", "sms", "OTP_1"))
    assert info.value.error_code == "otp_rate_limited"
    call(lambda c: c.request_mobile_otp("RRR0000002", "081277779999", "sms", "OTP_1"))


def test_mobile_code_for_the_members_own_number_as_in_the_seeds_example(training):
    issued = raw(training, "POST", "/api/v2/accounts/request-change-mobile-number-otp",
                 json_body={"identifier": "RRR0000002", "type": "sms", "template_code": "OTP_1"})
    assert issued.status_code == 200
    assert training.store.messages("+6285712345678")[0]["body"].startswith(issued.json()["otp"])
    changed = raw(training, "POST", "/api/v2/accounts/change-mobile-number",
                  json_body={"identifier": "RRR0000002", "new_number": "081277772000", "otp": issued.json()["otp"]})
    assert changed.json() == {"status": "ok"}


# ------------------------------------------------------------------ anonymised members

def test_anonymised_members_refuse_every_change(training, call):
    call(lambda c: c.anonymize("RRR0000002"))
    changes = [
        lambda c: c.change_profile("RRR0000002", "Back Again", address="Jl. Baru 1", **CONSENTS),
        lambda c: c.add_tag("RRR0000002", "segment", "pastry"),
        lambda c: c.set_level("RRR0000002", 300),
        lambda c: c.set_pending_anonymization("RRR0000002"),
        lambda c: c.request_mobile_otp("RRR0000002", "081277773000", "sms", "OTP_1"),
        lambda c: c.change_mobile_number("RRR0000002", "081277773000", "1234"),
        lambda c: c.change_email("RRR0000002", "back@example.com", "123456"),
    ]
    for change in changes:
        with pytest.raises(api.BadRequest) as info:
            call(change)
        assert info.value.error_code == "user_is_anonymized"
    assert call(lambda c: c.anonymize("RRR0000002")).status == "ok"  # asking again changes nothing
    user = call(lambda c: c.member_details("RRR0000002")).user
    assert user.is_anonymized and user.name == "Anonymous" and user.address is None and user.phone is None


# ------------------------------------------------------------------ which keys, and the seed's details

@pytest.mark.parametrize("key", [BUDI, "+6281234567890", "081234567890"])
def test_profile_and_tags_take_only_primary_key_or_card_number(call, key):
    for change in (lambda c: c.change_profile(key, "Budi", **CONSENTS), lambda c: c.add_tag(key, "segment", "x"),
                   lambda c: c.remove_tag(key, "category", "vvip")):
        with pytest.raises(api.BadRequest) as info:
            call(change)
        assert info.value.message == "User not found"
    assert call(lambda c: c.add_tag("1", "segment", "x")).tags
    assert call(lambda c: c.change_profile("RRR0000001", "Budi Santoso", **CONSENTS)).name == "Budi Santoso"


def test_wedding_date_kept_on_register_as_on_change_profile(call):
    single = call(lambda c: c.register("Nina Lajang", "nina@example.com", "081311116666", marital_status=1,
                                       wedding_date="2015-06-01"))
    assert str(single.wedding_date) == "2015-06-01"
    changed = call(lambda c: c.change_profile(single.id, "Nina Lajang", marital_status=1, wedding_date="2016-07-02",
                                                      **CONSENTS))
    assert str(changed.wedding_date) == "2016-07-02"


def test_welcome_message_says_how_to_log_in(training, call):
    call(lambda c: c.register("Tanpa Sandi", "nopass@example.com", "081311115555", generate_default_password=False))
    call(lambda c: c.register("Dengan Sandi", "withpass@example.com", "081311115554",
                                generate_default_password=True))  # the client never leaves it to the default
    without = training.store.messages("nopass@example.com")[0]["body"]
    assert "generated" not in without and "Set a password" in without
    assert "generated automatically" in training.store.messages("withpass@example.com")[0]["body"]
    assert call(lambda c: c.member_details("nopass@example.com")).user.has_password is False


def test_details_without_user_is_the_seeds_missing_parameters_answer(training):
    answer = raw(training, "GET", "/api/v2/memberships/details", params={"merchant": 14})
    assert answer.status_code == 400 and answer.json() == {
        "errors": {"__all__": "User not found"}, "error_message": "User not found", "error_code": "invalid_data",
        "detail": "__all__: User not found"}


@pytest.mark.parametrize("user", ["²", "١", "𝟙", "1e400", "99999999999999999999999"])
def test_odd_digits_as_user_are_not_found(training, user):
    answer = raw(training, "GET", "/api/v2/memberships/details", params={"user": user, "merchant": 14})
    assert envelope(answer)["error_message"] == "User not found"


def test_suggestion_lookups_are_index_ranges(training):
    """Each prefix scan of a suggestion is a bounded range on the index (an open-ended one would
    read to the end of the index for every query)."""
    sent: list[str] = []
    training.store.db.set_trace_callback(sent.append)
    try:
        training.store.suggest(14, "budi")
    finally:
        training.store.db.set_trace_callback(None)
    scans = [sql for sql in sent if "FROM search_terms" in sql]
    assert scans
    for sql in scans:
        plan = " ".join(row["detail"] for row in training.store.all("EXPLAIN QUERY PLAN " + sql))
        assert "term>? AND term<?" in plan, (sql, plan)


REGISTER = '{"name": "Ayu", "email": "ayu.odd@example.com", "mobile_number": "081311113333", "merchant": 14, '


@pytest.mark.parametrize("path, body, field", [
    ("/api/v2/memberships/register", REGISTER + '"address": "\\ud800"}', "address"),
    ("/api/v2/memberships/register", REGISTER + '"store": 18446744073709551616}', "store"),
    ("/api/v2/memberships/register", REGISTER + '"district": 1e400}', "__all__"),
    ("/api/v2/memberships/register", REGISTER + '"name": {"first": "Ayu"}}', "name"),
    ("/api/v2/memberships/register", REGISTER + '"extra_data": ' + '{"a": ' * 1500 + "1" + "}" * 1500 + "}", "__all__"),
    ("/api/v2/memberships/set-level", '{"user": 1, "level": 9223372036854775808}', "level"),
    ("/api/v2/memberships/set-level", '{"user": 1, "level": 200, "store": [412]}', "store"),
    ("/api/v2/accounts/change-email", '{"user": 1, "new_email": "a@example.com", "otp": "١٢٣٤٥٦"}', "otp"),
])
def test_the_probes_500s_are_400s_on_their_field(training, path, body, field):
    if path.endswith("change-email"):
        raw(training, "POST", "/api/v2/accounts/request-otp-for-email", json_body={"new_email": "a@example.com"})
    assert field in envelope(raw(training, "POST", path, content=body.encode()))["errors"]


def test_what_the_customer_receives_follows_the_apps_language(training):
    """Training's customer's-phone window shows these messages: on Indonesian screens they are
    Indonesian (a trainee must not read English there), in English otherwise."""
    from pos_member import i18n

    def codes(contact: str) -> tuple[str, dict]:
        issued = raw(training, "POST", "/api/v2/accounts/request-otp-for-email", json_body={"new_email": contact})
        assert issued.status_code == 200, issued.text
        return issued.json()["otp"], training.store.messages(contact)[0]

    i18n.install(lambda text: text, "id")
    try:
        code, message = codes("bahasa@example.com")
        partial = raw(training, "POST", "/api/v3/memberships/partial-registration", json_body={"user": "cepat@example.com"})
        assert partial.status_code == 200, partial.text
        welcome = training.store.messages("cepat@example.com")[0]
    finally:
        i18n.install(lambda text: text, "en")
    assert message["subject"] == "Kode verifikasi Kopi Nusantara"
    assert message["body"] == f"Kode untuk memakai alamat email ini di Kopi Nusantara: {code}. Berlaku 5 menit."
    assert (welcome["subject"], welcome["body"]) == ("Selamat datang di Kopi Nusantara",
                                                     "Kamu sekarang anggota Kopi Nusantara. Lengkapi profilmu di aplikasi.")
    code, message = codes("english@example.com")
    assert message["body"] == f"Your code to use this email address with Kopi Nusantara is {code}. It expires in 5 minutes."
