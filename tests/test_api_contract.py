"""Every endpoint of the seed: request shape (method, path, query, body, headers) and the
documented response example replayed through the client into its model."""

from __future__ import annotations

import asyncio
import datetime as dt

import httpx
import pytest

from pos_member.api import StampsClient, models
from tests.helpers import Recorder, body_of, seed

BASE = "https://stamps.example"
TOKEN = "s3cret-token"

# (method, kwargs, http method, path, query, body, fixture, model)
CASES = [
    ("member_details", {"user": "customer@stamps.co.id"}, "GET", "/api/v2/memberships/details",
     {"user": "customer@stamps.co.id", "merchant": "14"}, None, "01_getting_member_data_200", models.MemberDetails),
    ("member_details", {"user": 454, "verbose": True}, "GET", "/api/v2/memberships/details",
     {"user": "454", "merchant": "14", "verbose": "true"}, None, "01_getting_member_data_200", models.MemberDetails),
    ("suggestions", {"query": "steve"}, "GET", "/api/memberships/suggestions",
     {"query": "steve", "merchant": "14"}, None, "02_member_suggestions_200", models.Suggestions),
    ("register", {"name": "customer", "email": "customer@stamps.co.id", "mobile_number": "+6281314822365",
                  "birthday": dt.date(1991, 10, 19), "gender": "female", "address": "221b Baker Street",
                  "store": 412, "is_active": True, "registering_employee_code": "EMP001"},
     "POST", "/api/v2/memberships/register", {},
     {"name": "customer", "email": "customer@stamps.co.id", "mobile_number": "+6281314822365",
      "birthday": "1991-10-19", "gender": "female", "merchant": 14, "address": "221b Baker Street",
      "store": 412, "is_active": True, "registering_employee_code": "EMP001",
      # never left to the seed's "defaults to true"
      "generate_default_password": False, "allow_whatsapp_marketing": False, "allow_sms_marketing": False,
      "allow_newsletters": False},
     "03_registration_200", models.Customer),
    ("change_profile", {"user": 123, "name": "me", "birthday": "1991-10-19", "gender": "female",
                        "address": "221b Baker Street", "phone_is_verified": True, "notes": "A note",
                        "allow_whatsapp_marketing": False, "allow_sms_marketing": False, "allow_newsletters": False},
     "POST", "/api/v2/memberships/change-profile", {},
     {"user": 123, "name": "me", "birthday": "1991-10-19", "gender": "female", "merchant": 14,
      "address": "221b Baker Street", "phone_is_verified": True, "notes": "A note", "generate_default_password": False,
      "allow_whatsapp_marketing": False, "allow_sms_marketing": False, "allow_newsletters": False},
     "04_change_member_info_200", models.Customer),
    ("full_profile", {"user": 123}, "GET", "/api/v2/memberships/full-profile", {"user": "123"}, {"user": 123},
     "05_get_full_profile_200", models.FullProfile),
    ("upgrade_requirement", {"user": "me@mail.com"}, "GET", "/api/memberships/upgrade-requirement",
     {"user": "me@mail.com"}, None, "06_level_upgrade_requirement_200", models.UpgradeRequirement),
    ("add_tag", {"user": 123, "key": "category", "value": "vvip"}, "POST", "/api/v2/memberships/add-key-value-tag", {},
     {"user": 123, "merchant": 14, "key": "category", "value": "vvip"}, "07_add_membership_tag_200", models.Membership),
    ("remove_tag", {"user": 123, "key": "category", "value": "vvip"}, "POST", "/api/v2/memberships/remove-tag", {},
     {"user": 123, "merchant": 14, "key": "category", "value": "vvip"}, "08_remove_membership_tag_200", models.StatusResult),
    ("anonymize", {"identifier": 123}, "POST", "/api/v2/memberships/anonymize", {}, {"identifier": 123},
     "10_anonymize_customer_200", models.StatusResult),
    ("set_pending_anonymization", {"identifier": 123}, "POST", "/api/v2/memberships/set-pending-anonymization", {},
     {"identifier": 123}, "11_set_pending_anonymization_customer_200", models.StatusResult),
    ("set_level", {"user": 123, "level": 200, "end_date": dt.date(2023, 12, 31), "store": 412}, "POST",
     "/api/v2/memberships/set-level", {}, {"user": 123, "level": 200, "upgrade_only": False,
                                          "end_date": "2023-12-31", "store": 412}, "12_set_level_200", models.StatusResult),
    ("request_mobile_otp", {"identifier": 123, "mobile_number": "0812-3456-7890", "type": "sms", "template_code": "OTP_1"},
     "POST", "/api/v2/accounts/request-change-mobile-number-otp", {},
     {"identifier": 123, "mobile_number": "+6281234567890", "type": "sms", "template_code": "OTP_1"},
     "13_request_otp_to_modify_mobile_number_200", models.OtpIssued),
    ("change_mobile_number", {"identifier": 123, "new_number": "+628123454321", "otp": "1234"}, "POST",
     "/api/v2/accounts/change-mobile-number", {}, {"identifier": 123, "new_number": "+628123454321", "otp": "1234"},
     "14_modify_mobile_number_200", models.StatusResult),
    ("request_email_otp", {"new_email": "alice@stamps.co.id", "template_code": "OTP_1"}, "POST",
     "/api/v2/accounts/request-otp-for-email", {}, {"new_email": "alice@stamps.co.id", "template_code": "OTP_1"},
     "15_request_otp_to_modify_email_200", models.OtpIssued),
    ("change_email", {"user": 123, "new_email": "alice@stamps.co.id", "otp": "123456"}, "POST",
     "/api/v2/accounts/change-email", {}, {"user": 123, "new_email": "alice@stamps.co.id", "otp": "123456"},
     "16_modify_email_200", models.StatusResult),
    ("partial_register", {"user": "partial1@mail.com"}, "POST", "/api/v3/memberships/partial-registration", {},
     {"user": "partial1@mail.com", "send_registration_message": True}, "17_partial_registration_200",
     models.PartialRegistration),
    ("ping", {}, "POST", "/api/ping", {}, {}, None, models.Pong),
]


def run(coro):
    return asyncio.run(coro)


@pytest.mark.parametrize("case", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_request_shape_and_seed_response(case):
    name, kwargs, method, path, query, body, fixture, model = case
    payload = seed(fixture) if fixture else {"pong": {"merchant": "Demo", "merchant_id": 14}}
    rec = Recorder(lambda request: httpx.Response(200, json=payload))

    async def go():
        async with StampsClient(BASE, TOKEN, 14, transport=rec.transport) as client:
            return await getattr(client, name)(**kwargs)

    result = run(go())
    assert isinstance(result, model)
    assert len(rec.requests) == 1
    request = rec.last
    assert request.method == method
    assert request.url.path == path
    assert dict(request.url.params) == query
    assert body_of(request) == body
    assert request.headers["Authorization"] == f"Token {TOKEN}"
    assert request.headers["Accept"] == "application/json"
    if body is not None:
        assert request.headers["Content-Type"] == "application/json"


def test_every_seed_endpoint_has_a_case():
    # the seed's sections 1-8 and 10-17, plus ping
    methods = {c[0] for c in CASES}
    assert methods == {
        "member_details", "suggestions", "register", "change_profile", "full_profile", "upgrade_requirement",
        "add_tag", "remove_tag", "anonymize", "set_pending_anonymization", "set_level", "request_mobile_otp",
        "change_mobile_number", "request_email_otp", "change_email", "partial_register", "ping",
    }


def test_store_filled_in_by_client_where_endpoint_takes_one():
    rec = Recorder(lambda request: httpx.Response(200, json=seed(
        "03_registration_200" if request.url.path.endswith("register") else "12_set_level_200")))

    async def go():
        async with StampsClient(BASE, TOKEN, 788, store=412, transport=rec.transport) as client:
            await client.register("Customer", "c@example.com", "081314822365")
            await client.set_level(5, 100)

    run(go())
    assert body_of(rec.requests[0])["store"] == 412 and body_of(rec.requests[0])["merchant"] == 788
    assert body_of(rec.requests[0])["mobile_number"] == "+6281314822365"
    assert body_of(rec.requests[1])["store"] == 412


def test_seed_values_read_as_expected():
    details = models.parse(models.MemberDetails, seed("01_getting_member_data_200"))
    assert details.membership.level_text == "Silver"
    assert details.membership.primary_card.number == "A5MHG"
    assert details.user.gender == "female" and details.user.member_ids == ["RRROWO5U51"]
    assert details.user.marital_status == models.MaritalStatus.SINGLE

    full = models.parse(models.FullProfile, seed("05_get_full_profile_200"))
    assert full.user.gender == "female"  # "f"
    assert full.user.marital_status == models.MaritalStatus.MARRIED  # "Married"
    assert full.user.religion == "Budha"
    assert [p.breed.name for p in full.user.pets] == ["Affenpinscher", "Fox Terrier"]
    assert full.tags[0].group == "category" and full.tags[0].tag == "vvip"

    suggestions = models.parse(models.Suggestions, seed("02_member_suggestions_200")).suggestions
    assert [s.gender for s in suggestions] == ["female", "male"]  # 2, 1
    assert suggestions[0].membership == "Gold"

    changed = models.parse(models.Customer, seed("04_change_member_info_200"))
    assert changed.birthday == dt.date(1989, 10, 1)  # "1989-10-1"

    tag = models.parse(models.Membership, seed("07_add_membership_tag_200"))
    assert tag.start_date == "2016-02-31"  # impossible date kept as text
    assert tag.tier == "Blue"

    upgrade = models.parse(models.UpgradeRequirement, seed("06_level_upgrade_requirement_200"))
    assert upgrade.upgrade_requirement.spending_requirement == 590000
    assert upgrade.downgrade_requirement.deadline == "2022-11-31"

    partial = models.parse(models.PartialRegistration, seed("17_partial_registration_200"))
    assert partial.user.primary_membership_id == "RRRAWWROWO" and partial.user.gender is None


def test_unknown_fields_are_kept():
    data = seed("01_getting_member_data_200")
    data["user"]["favourite_store"] = "Kemang"
    details = models.parse(models.MemberDetails, data)
    assert details.user.model_extra["favourite_store"] == "Kemang"


def test_otp_is_secret_in_repr():
    issued = models.parse(models.OtpIssued, seed("15_request_otp_to_modify_email_200"))
    assert "123456" not in repr(issued) and "123456" not in str(issued)
    assert issued.otp.get_secret_value() == "123456"
