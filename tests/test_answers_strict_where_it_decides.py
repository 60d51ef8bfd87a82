"""Strict where a value decides something (ids, envelope, status, consents), tolerant elsewhere:
every response example of the seed is read, and each odd variant a real server sends either
drops the odd optional field (with a log line) or, where it would decide, is an unknown outcome
(issue 24, Done when 3 and 5)."""

from __future__ import annotations

import asyncio
import copy
import logging

import httpx
import pytest

from pos_member import api
from pos_member.api import StampsClient
from tests.helpers import SEED, Recorder, seed

CALLS = {  # seed example -> the call it answers
    "01_getting_member_data_200": ("member_details", ("a@example.com",), {}),
    "02_member_suggestions_200": ("suggestions", ("budi",), {}),
    "03_registration_200": ("register", ("John Doe", "johndoe@example.com", "081234567890"), {}),
    "04_change_member_info_200": ("change_profile", (123, "Customer"), {"notes": "x"}),
    "05_get_full_profile_200": ("full_profile", (123,), {}),
    "06_level_upgrade_requirement_200": ("upgrade_requirement", (123,), {}),
    "07_add_membership_tag_200": ("add_tag", (123, "segment", "vvip"), {}),
    "08_remove_membership_tag_200": ("remove_tag", (123, "segment", "vvip"), {}),
    "10_anonymize_customer_200": ("anonymize", (123,), {}),
    "11_set_pending_anonymization_customer_200": ("set_pending_anonymization", (123,), {}),
    "12_set_level_200": ("set_level", (123, 200), {}),
    "13_request_otp_to_modify_mobile_number_200": ("request_mobile_otp", (123, "081234567890", "sms", "t"), {}),
    "14_modify_mobile_number_200": ("change_mobile_number", (123, "081234567890", "1234"), {}),
    "15_request_otp_to_modify_email_200": ("request_email_otp", ("a@example.com",), {}),
    "16_modify_email_200": ("change_email", (123, "a@example.com", "1234"), {}),
    "17_partial_registration_200": ("partial_register", ("a@example.com",), {}),
}
STATUS_CALLS = [name for name in CALLS if seed(name) == {"status": "ok"}]


def answer(body, name):
    method, args, kwargs = CALLS[name]

    async def go():
        rec = Recorder(lambda r: httpx.Response(200, json=body))
        async with StampsClient("https://stamps.example", "tok", 14, transport=rec.transport) as client:
            return await getattr(client, method)(*args, **kwargs)

    return asyncio.run(go())


def test_every_success_example_of_the_seed_is_read():
    assert sorted(CALLS) == sorted(p.stem for p in SEED.glob("*_200.json"))
    for name in CALLS:
        assert answer(seed(name), name) is not None, name


@pytest.mark.parametrize("name", STATUS_CALLS)
@pytest.mark.parametrize("status", ["failed", "error", False, 0, 1, True, "", None, "OK but"])
def test_a_status_other_than_ok_is_never_success(name, status):
    with pytest.raises(api.ResponseFormatError):
        answer({"status": status}, name)


@pytest.mark.parametrize("name", STATUS_CALLS)
def test_ok_in_any_case_is_success(name):
    assert answer({"status": "OK"}, name).status == "OK"


@pytest.mark.parametrize("name, path, value", [
    ("01_getting_member_data_200", ("user",), {}),
    ("01_getting_member_data_200", ("user", "id"), None),
    ("01_getting_member_data_200", ("user", "id"), ""),
    ("05_get_full_profile_200", ("user", "id"), None),
    ("17_partial_registration_200", ("user", "id"), None),
    ("03_registration_200", ("id",), None),
    ("04_change_member_info_200", ("id",), ""),
], ids=["details-user-empty", "details-id-null", "details-id-empty", "full-id-null", "partial-id-null",
        "register-id-null", "change-id-empty"])
def test_an_answer_without_the_members_id_is_no_member(name, path, value):
    body = copy.deepcopy(seed(name))
    target = body
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(api.ResponseFormatError):
        answer(body, name)


@pytest.mark.parametrize("name, path, value, dropped", [
    ("05_get_full_profile_200", ("user", "hobbies"), None, "hobbies"),
    ("05_get_full_profile_200", ("user", "children"), None, "children"),
    ("05_get_full_profile_200", ("user", "pets"), None, "pets"),
    ("05_get_full_profile_200", ("user", "social_media_profile"), {"facebook": {"url": "x"}}, "social_media_profile"),
    ("05_get_full_profile_200", ("user", "birthday"), {"day": 1}, "birthday"),
    ("07_add_membership_tag_200", ("extra_data",), "", "extra_data"),
    ("01_getting_member_data_200", ("membership", "extra_data"), "", "extra_data"),
    ("01_getting_member_data_200", ("membership", "primary_card"), "RRR1", "primary_card"),
    ("03_registration_200", ("membership",), "Blue", "membership"),
], ids=["hobbies-null", "children-null", "pets-null", "social-object", "birthday-object", "tag-extra-empty",
        "details-extra-empty", "card-text", "register-membership-text"])
def test_an_odd_optional_field_is_dropped_with_a_log_line_never_the_answer(name, path, value, dropped, caplog):
    body = copy.deepcopy(seed(name))
    target = body
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with caplog.at_level(logging.WARNING, "pos_member.api"):
        assert answer(body, name) is not None
    assert any(dropped in r.getMessage() and "dropped" in r.getMessage() for r in caplog.records)
    assert not any(repr(value) in r.getMessage() for r in caplog.records if value)  # names, never values


@pytest.mark.parametrize("value", ["on", "yes please", 2.5, {"x": 1}, None])
def test_an_odd_consent_is_not_known_never_yes_or_no(value):
    body = copy.deepcopy(seed("01_getting_member_data_200"))
    body.setdefault("membership", body.get("memberships"))
    body["membership"]["allow_newsletters"] = value
    details = answer(body, "01_getting_member_data_200")
    assert details.membership.allow_newsletters is None


def test_a_suggestion_without_an_id_is_left_out_not_the_list():
    body = {"suggestions": [{"id": 1, "name": "Budi"}, {"name": "no id"}, {"id": None, "name": "null"}]}
    assert [s.name for s in answer(body, "02_member_suggestions_200").suggestions] == ["Budi"]
