"""Merchants on one training server share nothing: another merchant's token walks every endpoint
with every kind of key to merchant 14's member and neither learns nor changes anything."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest

from pos_member.sandbox import TrainingServer
from pos_member.sandbox.demo import DEMO_TOKEN, OTHER_MERCHANT, OTHER_TOKEN, merchant_token
from pos_member.sandbox.server import ENDPOINTS

BUDI_KEYS = ["budi.santoso@example.com", "+6281234567890", "081234567890", "RRR0000001", "1", 1]
SECRETS = ["Budi Santoso", "RRR0000001", "1988-04-12", "vvip"]  # only merchant 14 knows these


def request(server: TrainingServer, method: str, path: str, token: str, *, params=None, body=None) -> httpx.Response:
    async def go():
        async with httpx.AsyncClient(transport=server.transport(), base_url="http://127.0.0.1") as http:
            return await http.request(method, path, params=params, json=body,
                                      headers={"Authorization": f"Token {token}"})

    return asyncio.run(go())


def walk(key):
    """One call per endpoint aimed at ``key`` (a merchant-14 member), as merchant 15."""
    m = OTHER_MERCHANT
    return [
        ("GET", "/api/v2/memberships/details", {"user": key, "merchant": m, "verbose": "true"}, None),
        ("GET", "/api/memberships/suggestions", {"query": str(key), "merchant": m}, None),
        ("GET", "/api/v2/memberships/full-profile", {"user": key}, {"user": key}),
        ("GET", "/api/memberships/upgrade-requirement", {"user": key}, None),
        ("POST", "/api/v2/memberships/change-profile", None, {"user": key, "merchant": m, "name": "Taken Over"}),
        ("POST", "/api/v2/memberships/add-key-value-tag", None, {"user": key, "merchant": m, "key": "k", "value": "v"}),
        ("POST", "/api/v2/memberships/remove-tag", None, {"user": key, "merchant": m, "key": "category", "value": "vvip"}),
        ("POST", "/api/v2/memberships/set-pending-anonymization", None, {"identifier": key}),
        ("POST", "/api/v2/memberships/set-level", None, {"user": key, "level": 0}),
        ("POST", "/api/v2/accounts/request-change-mobile-number-otp", None,
         {"identifier": key, "mobile_number": "081299990001", "type": "sms", "template_code": "OTP_1"}),
        ("POST", "/api/v2/accounts/change-mobile-number", None, {"identifier": key, "new_number": "081299990001", "otp": "1234"}),
        ("POST", "/api/v2/accounts/change-email", None, {"user": key, "new_email": "taken@example.com", "otp": "123456"}),
        ("POST", "/api/v2/memberships/anonymize", None, {"identifier": key}),
    ]


def test_another_merchants_token_reaches_nothing(training):
    before = request(training, "GET", "/api/v2/memberships/full-profile", training.token, params={"user": "1"}).json()
    seen = set()
    for key in BUDI_KEYS:
        for method, path, params, body in walk(key):
            seen.add(path)
            answer = request(training, method, path, OTHER_TOKEN, params=params, body=body)
            text = answer.text
            assert not any(secret in text for secret in SECRETS), (path, key, text)
            if path.endswith("suggestions"):
                assert answer.status_code == 200 and answer.json() == {"suggestions": []}
            else:
                assert answer.status_code == 400 and answer.json()["error_message"] == "User not found", (path, key, text)

    # Writes that name no member: they succeed, as merchant 15's own new members, revealing nothing.
    m = OTHER_MERCHANT
    writes = [
        ("/api/v2/memberships/register", {"name": "Other Budi", "email": "budi.santoso@example.com",
                                          "mobile_number": "+6281234567890", "member_id": "RRR0000001", "merchant": m}),
        ("/api/v3/memberships/partial-registration", {"user": "budi.santoso@example.com"}),
        ("/api/v3/memberships/partial-registration", {"user": "081234567890"}),
        ("/api/v2/accounts/request-otp-for-email", {"new_email": "budi.santoso@example.com"}),
        ("/api/ping", {}),
    ]
    for path, body in writes:
        seen.add(path)
        answer = request(training, "POST", path, OTHER_TOKEN, body=body)
        assert answer.status_code == (400 if "partial" in path else 200), (path, answer.text)
        assert "Budi Santoso" not in answer.text and "1988-04-12" not in answer.text
    partial = request(training, "POST", "/api/v3/memberships/partial-registration", OTHER_TOKEN,
                      body={"user": "siti.rahayu@example.co.id"}).json()
    assert partial["user"]["name"] == "" and partial["user"]["phone"] is None

    assert seen == {path for path, *_ in ENDPOINTS}, "every endpoint walked"
    after = request(training, "GET", "/api/v2/memberships/full-profile", training.token, params={"user": "1"}).json()
    assert after == before
    # Merchant 15's own Budi is found by merchant 15 only, as its own member.
    own = request(training, "GET", "/api/v2/memberships/details", OTHER_TOKEN,
                  params={"user": "RRR0000001", "merchant": m}).json()
    assert own["user"]["name"] == "Other Budi" and own["user"]["id"] != before["user"]["id"]


def test_merchant_parameter_of_another_merchant_is_forbidden(training):
    answer = request(training, "GET", "/api/v2/memberships/details", OTHER_TOKEN,
                     params={"user": "RRR0000001", "merchant": 14})
    assert answer.status_code == 403 and answer.json() == {"detail": "You do not have permission to perform this action."}


def test_tokens_derive_from_the_given_token(tmp_path):
    server = TrainingServer(tmp_path / "t.sqlite3", members=5, token="s3cret-14")
    try:
        assert server.token == "s3cret-14" and server.tokens[OTHER_MERCHANT] == merchant_token("s3cret-14", OTHER_MERCHANT)
        assert OTHER_TOKEN not in server.tokens.values() and DEMO_TOKEN not in server.tokens.values()
        assert request(server, "POST", "/api/ping", OTHER_TOKEN).status_code == 401
        pong = request(server, "POST", "/api/ping", server.tokens[OTHER_MERCHANT]).json()
        assert pong["pong"]["merchant_id"] == OTHER_MERCHANT
    finally:
        server.close()
    # Restarted without --token: the stored tokens stay; explicit ones replace them.
    again = TrainingServer(tmp_path / "t.sqlite3", tokens={OTHER_MERCHANT: "fifteen"})
    try:
        assert again.token == "s3cret-14" and again.tokens[OTHER_MERCHANT] == "fifteen"
    finally:
        again.close()
    with pytest.raises(ValueError):
        TrainingServer(tmp_path / "t.sqlite3", tokens={OTHER_MERCHANT: "s3cret-14"})


def test_database_with_shared_users_is_split_per_merchant(tmp_path):
    """A database from before the split: one users table; a merchant-14 member who also joined
    merchant 15 (partial registration) becomes two people, one per merchant."""
    import sqlite3
    from pathlib import Path

    path = tmp_path / "old.sqlite3"
    db = sqlite3.connect(path)
    db.executescript((Path(__file__).parent / "fixtures" / "training_schema_v1.sql").read_text(encoding="utf-8"))
    db.executescript("""
        INSERT INTO merchants VALUES (14, 'Kopi Nusantara', 'training-token-14', 'a'), (15, 'Toko Sebelah', 'training-token-15', 'b');
        INSERT INTO levels VALUES (14, 0, 'Silver', 0), (15, 0, 'Silver', 0);
        INSERT INTO users (id, name, email, phone, referral_code, created)
            VALUES (1, 'Budi Santoso', 'budi@example.com', '+6281234567890', 'U1', '2024-01-01');
        INSERT INTO memberships (id, user_id, merchant_id, referral_code, start_date, created) VALUES
            (1, 1, 14, 'M1', '2024-01-01', '2024-01-01'), (2, 1, 15, 'M2', '2024-01-02', '2024-01-02');
        INSERT INTO cards (number, membership_id, is_primary) VALUES ('RRR0000001', 1, 1), ('RRR0000099', 2, 1);
        INSERT INTO search_terms VALUES (14, 'n:budi santoso', 1), (15, 'n:budi santoso', 1);
    """)
    db.commit()
    db.close()
    server = TrainingServer(path)
    try:
        assert server.tokens[OTHER_MERCHANT] == merchant_token("training-token-14", OTHER_MERCHANT)
        ours = request(server, "GET", "/api/v2/memberships/details", server.token, params={"user": "1", "merchant": 14}).json()
        assert ours["user"]["member_ids"] == ["RRR0000001"]
        other_token = server.tokens[OTHER_MERCHANT]
        theirs = request(server, "GET", "/api/v2/memberships/details", other_token,
                         params={"user": "budi@example.com", "merchant": 15}).json()
        assert theirs["user"]["member_ids"] == ["RRR0000099"] and theirs["user"]["id"] != "1"
        request(server, "POST", "/api/v2/memberships/anonymize", other_token, body={"identifier": "RRR0000099"})
        again = request(server, "GET", "/api/v2/memberships/details", server.token, params={"user": "1", "merchant": 14}).json()
        assert again["user"]["name"] == "Budi Santoso" and not again["user"]["is_anonymized"]
        found = request(server, "GET", "/api/memberships/suggestions", other_token, params={"query": "budi", "merchant": 15})
        assert json.loads(found.text) == {"suggestions": []}
    finally:
        server.close()
