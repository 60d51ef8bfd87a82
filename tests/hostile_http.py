"""Hostile requests for every endpoint of the training server (hypothesis strategies), shared by
tests/test_training_fuzz.py and benchmarks/training_fuzz.py.

Values mix a few that get past the first checks (a real member, the right merchant) with hostile
ones: deep nesting, lone surrogates, Unicode digits, huge and non-finite numbers, wrong types,
over-long text, broken JSON and bytes that are not UTF-8.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

import httpx
from hypothesis import strategies as st

from pos_member.sandbox import TrainingServer
from pos_member.sandbox.server import ENDPOINTS

ENVELOPE = {"detail", "errors", "error_code", "error_message"}

FIELDS: dict[str, list[str]] = {
    "/api/v2/memberships/details": ["user", "merchant", "verbose"],
    "/api/memberships/suggestions": ["query", "merchant"],
    "/api/v2/memberships/register": [
        "name", "email", "mobile_number", "birthday", "gender", "store", "member_id", "address", "district",
        "postal_code", "password", "referral_code", "is_active", "religion", "marital_status", "wedding_date",
        "extra_data", "registration_method", "registering_employee_code", "generate_default_password",
        "allow_whatsapp_marketing", "allow_sms_marketing", "allow_newsletters", "phone_is_verified",
        "email_is_verified", "pin", "confirm_pin", "merchant"],
    "/api/v2/memberships/change-profile": [
        "user", "merchant", "name", "birthday", "gender", "address", "district", "postal_code", "extra_data",
        "has_downloaded_app", "phone_is_verified", "email_is_verified", "notes", "marital_status", "wedding_date",
        "generate_default_password", "allow_whatsapp_marketing", "allow_sms_marketing", "allow_newsletters"],
    "/api/v2/memberships/full-profile": ["user"],
    "/api/memberships/upgrade-requirement": ["user"],
    "/api/v2/memberships/add-key-value-tag": ["user", "merchant", "key", "value"],
    "/api/v2/memberships/remove-tag": ["user", "merchant", "key", "value"],
    "/api/v2/memberships/anonymize": ["identifier"],
    "/api/v2/memberships/set-pending-anonymization": ["identifier"],
    "/api/v2/memberships/set-level": ["user", "level", "upgrade_only", "end_date", "store"],
    "/api/v2/accounts/request-change-mobile-number-otp": ["identifier", "mobile_number", "type", "template_code"],
    "/api/v2/accounts/change-mobile-number": ["identifier", "new_number", "otp"],
    "/api/v2/accounts/request-otp-for-email": ["new_email", "template_code"],
    "/api/v2/accounts/change-email": ["user", "otp", "new_email"],
    "/api/v3/memberships/partial-registration": ["user", "send_registration_message", "registering_employee_code"],
    "/api/ping": [],
    "/api/auth/get-access-token/": ["token", "crm_merchant_id"],
    "/_training/faults": ["latency_ms", "jitter_ms", "error_rate", "html_share", "hang_rate", "hang_s", "drop_rate", "seed"],
    "/_training/messages": ["recipient"],
}
METHOD = {path: method for path, method, *_ in ENDPOINTS} | {
    "/api/auth/get-access-token/": "POST", "/_training/faults": "POST", "/_training/messages": "GET"}
QUERY_PATHS = {path for path, _, _, where in ENDPOINTS if where in ("query", "both")} | {"/_training/messages"}

PLAUSIBLE: dict[str, list[Any]] = {
    "user": ["1", 2, "RRR0000001", "budi.santoso@example.com", "+6281234567890", "0812 3456 7890", "17"],
    "identifier": ["3", 4, "RRR0000002", "siti.rahayu@example.co.id", "081398765432"],
    "merchant": [14, "14"], "crm_merchant_id": [14, "14"], "name": ["Ayu Kartika"], "query": ["budi", "a", "0812"],
    "email": ["fuzz@example.com"], "new_email": ["fuzz.new@example.com"], "mobile_number": ["081311112222"],
    "new_number": ["081277770001"], "otp": ["1234", "123456"], "type": ["sms", "whatsapp"], "template_code": ["OTP_1"],
    "level": [0, 100, 200], "key": ["segment"], "value": ["pastry"], "birthday": ["1990-01-02"], "end_date": ["2023-12-31"],
    "latency_ms": [0, 10], "error_rate": [0], "hang_rate": [0], "drop_rate": [0], "hang_s": [1],
}
ODD_TEXT = ["²", "١٢٣", "٣", "𝟙𝟚", "①", "1e400", "-0", "9" * 30, "NaN", "Infinity", "\x00", "\ud800", "\udfff x",
            "😀", "budi😀", " ", "true", "null", "2023-02-31", "+62" + "9" * 40, "a" * 300, "𝐁𝐮𝐝𝐢", "İ", "ß" * 60,
            "x@y", "@", "RRR%", "' OR 1=1 --", "\u202e", "\ufeff1"]
ODD_NUMBERS = [2**31, 2**63, 2**64, -(2**63) - 1, 10**30, 10**300, 1e308, -1e308, 0.5, -1, 5e-324]

texts = st.one_of(st.text(st.characters(exclude_categories=()), max_size=20), st.sampled_from(ODD_TEXT),
                  st.text("0123456789", min_size=12, max_size=40))
numbers = st.one_of(st.integers(-(2**70), 2**70), st.floats(allow_nan=False, allow_infinity=False),
                    st.sampled_from(ODD_NUMBERS))
scalars = st.one_of(st.none(), st.booleans(), numbers, texts)
json_values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                           st.dictionaries(texts, inner, max_size=3)), max_leaves=6)


def deep(depth: int) -> bytes:
    return b'{"a":' * depth + b"1" + b"}" * depth


RAW_BODIES = [deep(50), deep(5000), b"[" * 100_000, b'{"name": ' + b"1" * 5000 + b"}", b'{"level": 1e400}',
              b'{"level": NaN}', b'{"user": Infinity}', b"\xff\xfe\x00", b'{"user": "\xed\xa0\x80"}', b"[]", b"null",
              b'"x"', b"{", b'{"user": "1"', b"\x00" * 10, b'{"extra_data": ' + deep(40) + b"}",
              b'{"name": "' + b"a" * 40_000 + b'"}', b'{"a":1,' * 3000 + b'"b":1}']


def field_value(name: str) -> st.SearchStrategy[Any]:
    plausible = PLAUSIBLE.get(name)
    return st.one_of(st.sampled_from(plausible), json_values) if plausible else json_values


@st.composite
def hostile_request(draw: st.DrawFn, paths: list[str] | None = None) -> tuple[str, str, str, bytes | None]:
    """(method, path, query string, body bytes) for one hostile request."""
    path = draw(st.sampled_from(paths or sorted(FIELDS)))
    names = FIELDS[path]
    chosen = draw(st.lists(st.sampled_from(names), unique=True, max_size=len(names))) if names else []
    params = {name: draw(field_value(name)) for name in chosen}
    if draw(st.booleans()):
        params[draw(texts)] = draw(json_values)
    query = ""
    if path in QUERY_PATHS:
        query = "&".join(f"{_q(k)}={_q(v)}" for k, v in params.items())
    body: bytes | None = None
    if METHOD[path] == "POST" or path.endswith("full-profile"):
        kind = draw(st.sampled_from(["json", "json", "json", "raw"]))
        body = draw(st.sampled_from(RAW_BODIES)) if kind == "raw" else json.dumps(params).encode()
    method = draw(st.sampled_from([METHOD[path]] * 9 + ["PUT", "DELETE", "OPTIONS"]))
    return method, path, query, body


def _q(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value)
    return quote(text.encode("utf-8", "surrogatepass"), safe="")


async def send(http: httpx.AsyncClient, server: TrainingServer, request: tuple[str, str, str, bytes | None]) -> httpx.Response:
    method, path, query, body = request
    url = f"{path}?{query}" if query else path
    token = getattr(server, "admin_token", server.token) if path.startswith("/_training") else server.token
    headers = {"Authorization": f"Token {token}", "Content-Type": "application/json"}
    return await http.request(method, url, content=body, headers=headers)


def problems(response: httpx.Response) -> str | None:
    """What is wrong with an answer to a hostile request, or None."""
    if response.status_code >= 500:
        return f"{response.status_code}: {response.text[:200]}"
    if response.status_code in (400, 413):
        try:
            body = response.json()
        except ValueError:
            return f"{response.status_code} without JSON"
        if not isinstance(body, dict) or not ENVELOPE <= set(body):
            return f"{response.status_code} without the error envelope: {response.text[:200]}"
    return None


def client(server: TrainingServer) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=server.transport(), base_url="http://127.0.0.1")
