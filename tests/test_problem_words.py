"""Error codes from the training server reach the cashier in their words, in both languages."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest

from pos_member import api
from pos_member.api.errors import status_error
from pos_member.flows.problems import problem_from
from pos_member.sandbox.service import OTP_PER_TARGET


def answer(training, content: bytes) -> api.ApiStatusError:
    async def go():
        async with httpx.AsyncClient(transport=training.transport(), base_url="http://127.0.0.1") as http:
            return await http.post("/api/v2/memberships/register", content=content,
                                   headers={"Authorization": f"Token {training.token}", "Content-Type": "application/json"})

    response = asyncio.run(go())
    return status_error(response.status_code, response.json())


def refusal(call, fn) -> api.ApiStatusError:
    with pytest.raises(api.ApiStatusError) as info:
        call(fn)
    return info.value


def server_errors(training, call) -> dict[str, api.ApiStatusError]:
    for _ in range(OTP_PER_TARGET):
        call(lambda c: c.request_email_otp("limit@example.com", "OTP_1"))
    call(lambda c: c.anonymize("RRR0000002"))
    return {
        "otp_rate_limited": refusal(call, lambda c: c.request_email_otp("limit@example.com", "OTP_1")),
        "user_is_anonymized": refusal(call, lambda c: c.add_tag("RRR0000002", "segment", "pastry")),
        "request_too_large": answer(training, json.dumps({"name": "x" * 40_000, "merchant": 14}).encode()),
        "parse_error": answer(training, b'{"name": "Ayu" "merchant": 14}'),
    }


WORDS = {
    "otp_rate_limited": ("Too many codes", "Terlalu banyak kode"),
    "user_is_anonymized": ("anonymised", "dianonimkan"),
    "request_too_large": ("too long", "terlalu panjang"),
    "parse_error": ("could not read what this app sent", "tidak dapat membaca"),
}


def test_new_server_error_codes_have_cashier_words(training, call, qapp):
    from pos_member.i18n.qt import apply_language

    errors = server_errors(training, call)
    for code, exc in errors.items():
        assert exc.error_code == code
        problem = problem_from(exc)
        assert problem.code == code and WORDS[code][0] in problem.message, (code, problem.message)
        assert all(text == problem.message for text in problem.fields.values())
    try:
        assert apply_language("id")
        for code, exc in errors.items():
            assert WORDS[code][1] in problem_from(exc).message, code
    finally:
        apply_language("en")
