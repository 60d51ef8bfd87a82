"""Where the seed is ambiguous or contradicts itself, the client must not harm a customer's data:
both envelope spellings read, an absent object is an error (never an empty member), nothing
left to a "defaults to true", cleared fields sent empty, keys and phones as the seed sends them,
codes from the store's table, JWT renewed on a credentials 403."""

from __future__ import annotations

import asyncio
import copy
import time

import httpx
import jwt
import pytest

from pos_member import api
from pos_member.api import StampsClient, codes, models
from pos_member.api import requests as rq
from tests.helpers import Recorder, body_of, seed

BASE = "https://stamps.example"
CONSENTS = {"allow_whatsapp_marketing": True, "allow_sms_marketing": False, "allow_newsletters": False}


def run(coro):
    return asyncio.run(coro)


async def api_call(transport, method, /, *args, auth="token", **kwargs):
    async with StampsClient(BASE, "tok", 14, auth=auth, transport=transport, retry_backoff=0.001,
                            get_attempts=1) as client:
        return await getattr(client, method)(*args, **kwargs)


def answering(body, status=200) -> Recorder:
    return Recorder(lambda r: httpx.Response(status, json=body))


@pytest.fixture
def store_codes():
    """Install a store's [codes] table for one test, then the defaults again."""
    yield codes.use
    codes.use(codes.Codes())


# ---------------------------------------------------------------------------- envelopes

def _table_spelling(body: dict) -> dict:
    out = copy.deepcopy(body)
    out["memberships"], out["users"] = out.pop("membership"), out.pop("user")
    return out


@pytest.mark.parametrize("spelling", ["example", "table", "table-as-lists"])
def test_details_read_in_every_seed_spelling(spelling):
    body = seed("01_getting_member_data_200")
    if spelling != "example":
        body = _table_spelling(body)
    if spelling == "table-as-lists":
        body["memberships"], body["users"] = [body["memberships"]], [body["users"]]
    details = run(api_call(answering(body).transport, "member_details", "johndoe@gmail.com"))
    assert details.user.id == "454" and details.user.name == "Wisesi"
    assert details.membership.level_text == "Silver" and details.membership.primary_card.number == "A5MHG"


@pytest.mark.parametrize("body", [
    {},
    {"tags": []},
    {"membership": {"level": 0}, "tags": []},
    {"memberships": {"level": 0}, "users": None},
    {"user": "454"},
    {"users": []},
    {"users": [{"id": 1, "name": "A"}, {"id": 2, "name": "B"}]},  # never guess which person
], ids=["empty", "tags-only", "membership-only", "null-users", "user-not-object", "no-users", "two-users"])
def test_details_without_the_member_is_an_error_not_an_empty_member(body):
    with pytest.raises(api.ResponseFormatError):
        run(api_call(answering(body).transport, "member_details", "a@example.com"))


@pytest.mark.parametrize("wrap", [False, True], ids=["flat-example", "customer-table"])
@pytest.mark.parametrize("method, args, fixture", [
    ("register", ("John Doe", "johndoe@example.com", "081234567890"), "03_registration_200"),
    ("change_profile", (123, "Customer"), "04_change_member_info_200"),
])
def test_customer_answer_read_flat_or_wrapped(wrap, method, args, fixture):
    body = seed(fixture)
    if wrap:
        body = {"customer": body}
    kwargs = CONSENTS if method == "change_profile" else {}
    customer = run(api_call(answering(body).transport, method, *args, **kwargs))
    assert customer.id == seed(fixture)["id"] and customer.membership.level_text


@pytest.mark.parametrize("body", [{}, {"status": "ok"}, {"customer": None}, {"customer": {"name": "no id"}}])
def test_register_answer_without_the_customer_is_an_error(body):
    with pytest.raises(api.ResponseFormatError):
        run(api_call(answering(body).transport, "register", "A", "a@example.com", "081234567890"))


@pytest.mark.parametrize("body", [
    seed("07_add_membership_tag_200"),
    {"customer": seed("07_add_membership_tag_200")},
    {"customer": {"id": "1", "membership": seed("07_add_membership_tag_200")}},
], ids=["flat-example", "customer-membership", "customer-with-membership"])
def test_add_tag_answer_in_every_spelling(body):
    membership = run(api_call(answering(body).transport, "add_tag", 123, "category", "vvip"))
    assert [t.tag for t in membership.tags] == ["vvip"]


@pytest.mark.parametrize("method, args, body", [
    ("add_tag", (1, "k", "v"), {}),
    ("full_profile", (1,), {"tags": []}),
    ("partial_register", ("partial1@mail.com",), {"membership": seed("17_partial_registration_200")["membership"]}),
    ("suggestions", ("steve",), {}),
    ("remove_tag", (1, "k", "v"), {}),
    ("anonymize", (1,), {"detail": "ok"}),
    ("upgrade_requirement", (1,), {}),
    ("ping", (), {}),
])
def test_absent_object_is_a_format_error(method, args, body):
    with pytest.raises(api.ResponseFormatError):
        run(api_call(answering(body).transport, method, *args))


def test_top_level_member_may_have_no_upgrade_requirement():
    result = run(api_call(answering({"upgrade_requirement": None}).transport, "upgrade_requirement", 1))
    assert result.upgrade_requirement is None


# ---------------------------------------------------------------------------- nothing by default

def test_register_sends_password_and_every_consent_explicitly():
    rec = answering(seed("03_registration_200"))
    run(api_call(rec.transport, "register", "A", "a@example.com", "081234567890"))
    body = body_of(rec.last)
    assert body["generate_default_password"] is False
    assert [body[k] for k in rq.CONSENTS] == [False, False, False]
    run(api_call(rec.transport, "register", "A", "a@example.com", "081234567890", generate_default_password=True,
             **CONSENTS))
    body = body_of(rec.last)
    assert body["generate_default_password"] is True
    assert {k: body[k] for k in rq.CONSENTS} == CONSENTS


def test_change_profile_never_resets_the_password_and_sends_only_the_consents_given():
    rec = answering(seed("04_change_member_info_200"))
    run(api_call(rec.transport, "change_profile", 123, "Customer", **CONSENTS))
    body = body_of(rec.last)
    assert body["generate_default_password"] is False
    assert {k: body[k] for k in rq.CONSENTS} == CONSENTS
    run(api_call(rec.transport, "change_profile", 123, "Customer", allow_newsletters=True))
    body = body_of(rec.last)  # the others stay as Stamps holds them (the seed gives no default)
    assert body["allow_newsletters"] is True and not {"allow_sms_marketing", "allow_whatsapp_marketing"} & body.keys()
    with pytest.raises(TypeError):  # a consent is a yes or a no, never a guess
        run(api_call(rec.transport, "change_profile", 123, "Customer", allow_newsletters="on"))
    with pytest.raises(api.RequestValidationError):
        run(api_call(rec.transport, "change_profile", 123, "Customer", generate_default_password=True, **CONSENTS))
    assert len(rec.requests) == 2


def test_cleared_fields_sent_empty_untouched_not_sent():
    rec = answering(seed("04_change_member_info_200"))
    run(api_call(rec.transport, "change_profile", 123, "Customer", address="", notes=None, postal_code="  ",
             birthday="", marital_status=None, district="", gender="male", **CONSENTS))
    body = body_of(rec.last)
    for key in ("address", "notes", "postal_code", "birthday", "marital_status", "district"):
        assert body[key] == "", key
    assert body["gender"] == "male"
    for key in ("wedding_date", "extra_data", "has_downloaded_app", "phone_is_verified"):
        assert key not in body


def test_a_cleared_address_is_cleared_on_the_training_server(call):
    call(lambda c: c.change_profile(1, "Budi", address="Jl. Kenari 5", notes="old note", **CONSENTS))
    assert call(lambda c: c.full_profile(1)).user.address == "Jl. Kenari 5"
    call(lambda c: c.change_profile(1, "Budi", address="", notes=None, **CONSENTS))
    user = call(lambda c: c.full_profile(1)).user
    assert not user.address and not user.notes and user.name == "Budi"


# ---------------------------------------------------------------------------- keys, phones, codes

def test_primary_key_sent_as_json_integer_and_card_number_as_text():
    rec = answering(seed("04_change_member_info_200"))
    run(api_call(rec.transport, "change_profile", 123, "Customer", **CONSENTS))
    assert body_of(rec.last)["user"] == 123
    run(api_call(rec.transport, "change_profile", "0123", "Customer", **CONSENTS))  # a card number
    assert body_of(rec.last)["user"] == "0123"
    assert models.parse(models.MemberDetails, seed("01_getting_member_data_200")).user.pk == 454


def test_landline_accepted_where_the_seed_shows_one_but_not_for_an_sms_code():
    rec = answering(seed("03_registration_200"))
    run(api_call(rec.transport, "register", "A", "a@example.com", "+62215600010"))  # the seed's change-profile example
    assert body_of(rec.last)["mobile_number"] == "+62215600010"
    with pytest.raises(api.RequestValidationError) as info:
        run(api_call(rec.transport, "request_mobile_otp", 1, "021 5600 010", "sms", "OTP_1"))
    assert "mobile_number" in info.value.errors


def test_codes_come_from_the_store_table(store_codes):
    store_codes(codes.Codes(gender={"male": 2, "female": 1},
                            marital_status={"Single": 10, "Married": 20, "Divorced": 30},
                            religion={"Islam": 7, "Budha": 8}))
    suggestions = models.parse(models.Suggestions, seed("02_member_suggestions_200")).suggestions
    assert [s.gender for s in suggestions] == ["male", "female"]  # 2, 1 under this table
    full = models.parse(models.FullProfile, seed("05_get_full_profile_200"))
    assert full.user.marital_status == 20  # "Married"
    rec = answering(seed("03_registration_200"))
    run(api_call(rec.transport, "register", "A", "a@example.com", "081234567890", marital_status=20, religion="Budha"))
    assert body_of(rec.last)["marital_status"] == 20 and body_of(rec.last)["religion"] == 8
    with pytest.raises(api.RequestValidationError) as info:
        run(api_call(rec.transport, "register", "A", "a@example.com", "081234567890", marital_status=2, religion=1))
    assert set(info.value.errors) == {"marital_status", "religion"}


def test_codes_table_refuses_what_would_break_the_app():
    for bad in ({"gender": {"male": 1}}, {"marital_status": {"Single": 1}}, {"religion": {"Islam": 1, "Hindu": 1}}):
        with pytest.raises(ValueError):
            codes.Codes(**bad)


def test_store_settings_carry_a_codes_table(tmp_path):
    from pos_member.config import load_settings

    path = tmp_path / "store.toml"
    path.write_text('[codes.marital_status]\nSingle = 1\nMarried = 3\n[codes.religion]\nIslam = 1\n', encoding="utf-8")
    settings = load_settings(path)
    assert settings.codes.married == 3 and settings.codes.gender == {"male": 1, "female": 2}
    assert settings.generate_default_password is False


# ---------------------------------------------------------------------------- JWT on 401 and 403

def _jwt(seconds: float) -> str:
    return jwt.encode({"merchant": 14, "exp": int(time.time() + seconds)}, "k" * 32, algorithm="HS256")


@pytest.mark.parametrize("status, detail, renewed", [
    (401, "Invalid token", True),
    (403, "Authentication credentials were not provided.", True),
    (403, "Token has expired", True),
    (403, "You do not have permission to perform this action.", False),
    (403, "Please use https instead of http", False),
])
def test_jwt_renewed_once_on_401_and_credentials_403(status, detail, renewed):
    issued: list[str] = []

    def answer(request):
        if request.url.path == "/api/auth/get-access-token/":
            issued.append(_jwt(3600 + len(issued)))
            return httpx.Response(200, json={"access_token": issued[-1]})
        if request.headers["Authorization"] == f"Bearer {issued[0]}":
            return httpx.Response(status, json={"detail": detail})
        return httpx.Response(200, json={"status": "ok"})

    rec = Recorder(answer)
    if renewed:
        assert run(api_call(rec.transport, "anonymize", 5, auth="jwt")).status == "ok"
        assert len(issued) == 2
    else:
        with pytest.raises(api.Forbidden):
            run(api_call(rec.transport, "anonymize", 5, auth="jwt"))
        assert len(issued) == 1


def test_static_token_403_is_not_retried():
    rec = answering({"detail": "Authentication credentials were not provided."}, status=403)
    with pytest.raises(api.Forbidden):
        run(api_call(rec.transport, "ping"))
    assert len(rec.requests) == 1
