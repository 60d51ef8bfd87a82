"""Connecting a counter to Stamps: check the address, token and merchant with a ping before
anything is saved."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, cast

import httpx

from pos_member.api import ApiError, InsecureURLError, StampsClient
from pos_member.i18n import tr

from .problems import Problem, problem_from


@dataclass(frozen=True)
class Connection:
    base_url: str
    auth: Literal["token", "jwt"]
    token: str
    merchant: int | None
    store: int | None


def parse_connection(base_url: str, auth: str, token: str, merchant: str, store: str) -> tuple[Connection | None, dict[str, str]]:
    errors: dict[str, str] = {}
    url = base_url.strip()
    if not url:
        errors["api_base_url"] = tr("Enter the Stamps server address, e.g. https://stamps.co.id")
    elif not url.startswith(("http://", "https://")):
        url = "https://" + url
    if not token.strip():
        errors["token"] = tr("Enter the API token from the Stamps merchant dashboard.")
    merchant_id = store_id = None
    # What str.strip() takes off (control characters too, "0\x1f") int() would not: parse the stripped text.
    merchant, store = merchant.strip(), store.strip()
    if not (merchant.isascii() and merchant.isdigit()) or int(merchant) <= 0:
        errors["merchant"] = tr("The merchant ID is a whole number, e.g. 14.")
    else:
        merchant_id = int(merchant)
    if store:
        if store.isascii() and store.isdigit():
            store_id = int(store)
        else:
            errors["store"] = tr("The store ID is a whole number, or leave it empty.")
    if errors:
        return None, errors
    return Connection(url, cast(Literal["token", "jwt"], auth), token.strip(), merchant_id, store_id), {}


async def test_connection(conn: Connection, transport: httpx.AsyncBaseTransport | None = None) -> Problem | None:
    """None if Stamps answers the ping for this merchant with this token; else what is wrong."""
    try:
        client = StampsClient(conn.base_url, conn.token, conn.merchant or 0, store=conn.store, auth=conn.auth,
                              transport=transport, timeout=8.0, get_attempts=1)
    except InsecureURLError:
        message = tr("The address must start with https:// — Stamps does not accept plain http.")
        return Problem("invalid", message, {"api_base_url": message})
    except ValueError as exc:
        return Problem("invalid", str(exc))
    try:
        async with client:
            pong = await client.ping()
    except ApiError as exc:
        problem = problem_from(exc)
        if problem.kind == "auth":
            detail = (getattr(exc, "detail", "") or "").lower()
            if "https" in detail:
                message = tr("The server asks for https: use an address that starts with https://.")
                return Problem("auth", message, {"api_base_url": message})
            message = tr("Stamps refused this token (or it does not belong to this merchant). Check both.")
            return Problem("auth", message, {"token": message})
        if problem.kind in ("offline", "server"):
            message = tr("Cannot reach Stamps at this address. Check the address and the network.")
            return Problem("offline", message, {"api_base_url": message})
        return problem
    answered = pong.pong.merchant_id if pong.pong else None
    if answered and conn.merchant and str(answered) != str(conn.merchant):
        name = (pong.pong.merchant if pong.pong else None) or ""
        message = tr("This token belongs to merchant {id} ({name}), not {merchant}.").format(
            id=answered, name=name, merchant=conn.merchant)
        return Problem("invalid", message, {"merchant": message})
    return None
