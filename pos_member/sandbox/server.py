"""The training server: a Stamps-compatible ASGI app over the training store.

Same paths, methods, parameters, answers and error envelopes as the seed documents, plus
``POST /api/ping`` and ``POST /api/auth/get-access-token/``. ``/_training/...`` paths serve the
training UI (the customer's phone and inbox) and fault control; they are not part of the API and
need the admin token (by default the demo merchant's token).
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import math
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import jwt
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from . import demo
from .faults import ApiFault, ConnectionDropped, FaultMiddleware, Faults, FaultSettingError
from .params import check_values, integer, text
from .service import Service
from .store import Store

log = logging.getLogger("pos_member.sandbox")

JWT_LIFETIME_S = 24 * 3600
MAX_BODY = 32 * 1024          # bytes; the largest real request (a registration) is under 4 KB
MAX_QUERY = 4 * 1024          # bytes of query string
MAX_CREDENTIAL = 1024
#: Every route takes every method, so a wrong one gets the API's JSON 405 with an Allow header.
ALL_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
NO_CREDENTIALS = {"detail": "Authentication credentials were not provided."}
INVALID_TOKEN = {"detail": "Invalid token"}
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}

# path, HTTP method, Service method, where the parameters are
ENDPOINTS: list[tuple[str, str, str, str]] = [
    ("/api/v2/memberships/details", "GET", "details", "query"),
    ("/api/memberships/suggestions", "GET", "suggestions", "query"),
    ("/api/v2/memberships/register", "POST", "register", "body"),
    ("/api/v2/memberships/change-profile", "POST", "change_profile", "body"),
    ("/api/v2/memberships/full-profile", "GET", "full_profile", "both"),
    ("/api/memberships/upgrade-requirement", "GET", "upgrade_requirement", "query"),
    ("/api/v2/memberships/add-key-value-tag", "POST", "add_tag", "body"),
    ("/api/v2/memberships/remove-tag", "POST", "remove_tag", "body"),
    ("/api/v2/memberships/anonymize", "POST", "anonymize", "body"),
    ("/api/v2/memberships/set-pending-anonymization", "POST", "set_pending_anonymization", "body"),
    ("/api/v2/memberships/set-level", "POST", "set_level", "body"),
    ("/api/v2/accounts/request-change-mobile-number-otp", "POST", "request_mobile_otp", "body"),
    ("/api/v2/accounts/change-mobile-number", "POST", "change_mobile_number", "body"),
    ("/api/v2/accounts/request-otp-for-email", "POST", "request_email_otp", "body"),
    ("/api/v2/accounts/change-email", "POST", "change_email", "body"),
    ("/api/v3/memberships/partial-registration", "POST", "partial_register", "body"),
    ("/api/ping", "POST", "ping", "body"),
]


class TrainingTransport(httpx.ASGITransport):
    """In-process transport to the training server; a dropped connection looks like one."""

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            return await super().handle_async_request(request)
        except ConnectionDropped:
            raise httpx.RemoteProtocolError("Server disconnected without sending a response.", request=request) from None


def _method_not_allowed(method: str, allowed: str) -> Response:
    return JSONResponse({"detail": f'Method "{method}" not allowed.'}, status_code=405,
                        headers={"Allow": f"{allowed}, OPTIONS"})


def _fault(fault: ApiFault) -> Response:
    if fault.status in (401, 403):
        return JSONResponse({"detail": fault.message}, status_code=fault.status)
    return JSONResponse(fault.body(), status_code=fault.status)


def _too_large(what: str, limit: int) -> ApiFault:
    return ApiFault(f"The request {what} is too large ({limit} bytes at most).", code="request_too_large", status=413)


class TrainingServer:
    """Owns the store, its worker thread and the ASGI app.

    ``members`` demo members are generated when the database is new; an existing file keeps its
    state between runs (a trainee's registrations are still there tomorrow). ``token`` is the demo
    merchant's token (default: the one stored, or ``training-token-14`` for a new database); every
    other merchant's is derived from it unless given in ``tokens``. ``admin_token`` guards
    ``/_training/*`` (default: the demo merchant's token). ``clock`` is the wall clock JWTs are
    issued and checked by (tests move it instead of waiting for one to expire).
    """

    def __init__(
        self,
        db_path: str | Path = ":memory:",
        *,
        members: int = 5000,
        token: str | None = None,
        tokens: dict[int, str] | None = None,
        admin_token: str | None = None,
        faults: Faults | None = None,
        jwt_lifetime_s: float = JWT_LIFETIME_S,
        seed: int = 14,
        hosts: set[str] | frozenset[str] = frozenset(),
        clock: Callable[[], float] = time.time,
    ):
        self.clock = clock
        self.store = Store(db_path)
        if self.store.row("SELECT COUNT(*) AS n FROM merchants")["n"] == 0:
            demo.setup_merchants(self.store, token=token or demo.DEMO_TOKEN)
            demo.populate(self.store, members, seed=seed)
        demo.set_tokens(self.store, token, tokens)
        self.tokens: dict[int, str] = {r["id"]: r["token"] for r in self.store.all("SELECT id, token FROM merchants ORDER BY id")}
        self.merchant_id: int = demo.DEMO_MERCHANT
        self.token: str = self.tokens[self.merchant_id]
        self.admin_token: str = admin_token or self.token
        self.store_id = demo.DEMO_STORE
        self.hosts = LOOPBACK_HOSTS | {h.strip("[]").lower() for h in hosts}
        self.service = Service(self.store)
        self.faults = faults or Faults()
        self.jwt_lifetime_s = jwt_lifetime_s
        self._worker = ThreadPoolExecutor(1, thread_name_prefix="training-db")
        routes = [Route(path, self._endpoint(method, name, where), methods=ALL_METHODS) for path, method, name, where in ENDPOINTS]
        routes += [
            Route("/api/auth/get-access-token/", self._access_token, methods=ALL_METHODS),
            Route("/_training/messages", self._messages, methods=ALL_METHODS),
            Route("/_training/faults", self._faults, methods=ALL_METHODS),
        ]
        self.asgi = Starlette(routes=routes)
        self.app = FaultMiddleware(self.asgi, self.faults)

    def transport(self) -> TrainingTransport:
        return TrainingTransport(app=self.app)

    async def run(self, fn: Callable[..., Any], *args: Any) -> Any:
        """Run store work on the single worker thread, so the caller's event loop never waits on SQLite."""
        return await asyncio.get_running_loop().run_in_executor(self._worker, fn, *args)

    def close(self) -> None:
        self.faults.release()  # a request held by an injected hang answers now, not in a minute
        self._worker.shutdown(wait=True)
        self.store.close()

    # ------------------------------------------------------------------ auth

    def _merchant_for(self, request: Request) -> int | Response:
        header = request.headers.get("authorization", "").strip()
        if not header:
            return JSONResponse(NO_CREDENTIALS, status_code=403)
        kind, _, credential = header.partition(" ")
        credential = credential.strip()
        if len(credential) > MAX_CREDENTIAL:
            return JSONResponse(INVALID_TOKEN, status_code=401)
        if kind.lower() == "token" and credential:
            merchant = self.store.merchant_for_token(credential)
            if merchant is not None:
                return merchant["id"]
        elif kind.lower() == "bearer" and credential:
            merchant_id = self._verify_jwt(credential)
            if merchant_id is not None:
                return merchant_id
        return JSONResponse(INVALID_TOKEN, status_code=401)

    def _verify_jwt(self, token: str) -> int | None:
        """The merchant of a JWT signed with its secret; anything else (a claim that is not a
        merchant's id, however large or oddly typed) is simply not valid."""
        try:
            claimed = jwt.decode(token, options={"verify_signature": False})
            merchant_id = claimed.get("merchant_id") if isinstance(claimed, dict) else None
            if isinstance(merchant_id, bool) or not isinstance(merchant_id, int) or not 0 < merchant_id < 2**31:
                return None
            merchant = self.store.merchant(merchant_id)
            if merchant is None:
                return None
            claims = jwt.decode(token, merchant["jwt_secret"], algorithms=["HS256"],
                                options={"require": ["exp"], "verify_exp": False, "verify_iat": False})
            if not isinstance(claims.get("exp"), (int, float)) or claims["exp"] <= self.clock():
                return None  # expired (by our clock)
            return merchant_id if claims.get("merchant_id") == merchant_id else None
        except (jwt.PyJWTError, ValueError, TypeError):
            return None

    def _admin(self, request: Request) -> Response | None:
        """``/_training/*``: only from this machine's own names, only with the admin token."""
        host = request.headers.get("host", "")
        name = host.rpartition("]")[0].lstrip("[") if host.startswith("[") else host.partition(":")[0]
        if name.lower() not in self.hosts:
            return _fault(ApiFault("This host name is not served here.", code="invalid_host"))
        header = request.headers.get("authorization", "").strip()
        if not header:
            return JSONResponse(NO_CREDENTIALS, status_code=403)
        kind, _, credential = header.partition(" ")
        if kind.lower() != "token" or not hmac.compare_digest(credential.strip().encode(), self.admin_token.encode()):
            return JSONResponse(INVALID_TOKEN, status_code=401)
        return None

    async def _access_token(self, request: Request) -> Response:
        if request.method != "POST":
            return _method_not_allowed(request.method, "POST")
        try:
            params = await _json_body(request)
            token = text(params, "token", max_len=MAX_CREDENTIAL, required=True)
            merchant_id = integer(params, "crm_merchant_id", required=True)
        except ApiFault as fault:
            return _fault(fault)
        merchant = await self.run(self.store.merchant_for_token, token)
        if merchant is None or merchant["id"] != merchant_id:
            return JSONResponse(INVALID_TOKEN, status_code=401)
        now = int(self.clock())
        access = jwt.encode({"merchant_id": merchant["id"], "iat": now, "exp": now + int(self.jwt_lifetime_s)},
                            merchant["jwt_secret"], algorithm="HS256")
        return JSONResponse({"access_token": access})

    # ------------------------------------------------------------------ API endpoints

    def _endpoint(self, method: str, name: str, where: str) -> Callable[[Request], Any]:
        operation = getattr(self.service, name)

        async def endpoint(request: Request) -> Response:
            if request.method == "OPTIONS":
                return Response(status_code=200, headers={"Allow": f"{method}, OPTIONS"})
            if request.method != method:
                return _method_not_allowed(request.method, method)
            merchant_id = self._merchant_for(request)
            if isinstance(merchant_id, Response):
                return merchant_id
            try:
                params: dict[str, Any] = {}
                if where in ("query", "both"):
                    params.update(_query(request))
                if where in ("body", "both"):
                    params.update(await _json_body(request, optional=where == "both"))
                answer = await self.run(operation, merchant_id, params)
            except ApiFault as fault:
                return _fault(fault)
            except Exception:
                log.exception("training server: %s failed", name)
                return JSONResponse({"detail": "A server error occurred."}, status_code=500)
            return JSONResponse(answer)

        endpoint.__name__ = name
        return endpoint

    # ------------------------------------------------------------------ training extras

    async def _messages(self, request: Request) -> Response:
        refused = self._admin(request)
        if refused is not None:
            return refused
        if request.method != "GET":
            return _method_not_allowed(request.method, "GET")
        try:
            recipient = text(_query(request), "recipient", max_len=254)
        except ApiFault as fault:
            return _fault(fault)
        return JSONResponse({"messages": await self.run(self.store.messages, recipient)})

    async def _faults(self, request: Request) -> Response:
        refused = self._admin(request)
        if refused is not None:
            return refused
        if request.method not in ("GET", "POST"):
            return _method_not_allowed(request.method, "GET, POST")
        if request.method == "POST":
            kind = request.headers.get("content-type", "").partition(";")[0].strip().lower()
            if kind != "application/json":  # no form or text/plain posts from another site's page
                return JSONResponse({"detail": f'Unsupported media type "{kind}" in request.'}, status_code=415)
            try:
                self.faults.update(**await _json_body(request))
            except ApiFault as fault:
                return _fault(fault)
            except FaultSettingError as exc:
                return _fault(ApiFault(exc.message, field=exc.field))
        return JSONResponse(self.faults.as_dict())


def _query(request: Request) -> dict[str, Any]:
    if len(request.scope.get("query_string", b"")) > MAX_QUERY:
        raise _too_large("query string", MAX_QUERY)
    params = dict(request.query_params)
    check_values(params)
    return params


def _finite(number: str) -> float:
    value = float(number)
    if not math.isfinite(value):
        raise ValueError(f"number out of range: {number[:20]}")
    return value


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not a number")


async def _json_body(request: Request, optional: bool = False) -> dict[str, Any]:
    """The JSON object of the body ({} if empty), or an ``ApiFault``: 413 past ``MAX_BODY``,
    400 for anything that is not a JSON object of sane strings and finite numbers."""
    length = request.headers.get("content-length", "")
    if len(length) > 12 or (length.isdigit() and int(length) > MAX_BODY):
        raise _too_large("body", MAX_BODY)
    raw = bytearray()
    async for chunk in request.stream():
        raw += chunk
        if len(raw) > MAX_BODY:
            raise _too_large("body", MAX_BODY)
    if not raw.strip():
        return {}
    try:
        body = json.loads(bytes(raw), parse_float=_finite, parse_constant=_no_constants)
    except (ValueError, RecursionError) as exc:  # JSONDecodeError, UnicodeDecodeError, too-long ints
        if optional:
            return {}
        message = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)[:200]
        raise ApiFault(f"JSON parse error - {message}", code="parse_error") from None
    if not isinstance(body, dict):
        raise ApiFault(f"Invalid data. Expected a dictionary, but got {type(body).__name__}.")
    check_values(body)
    return body
