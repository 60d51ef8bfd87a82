"""The training server: a Stamps-compatible ASGI app over the training store.

Same paths, methods, parameters, answers and error envelopes as the seed documents, plus
``POST /api/ping`` and ``POST /api/auth/get-access-token/``. ``/_training/...`` paths serve the
training UI (the customer's phone and inbox) and fault control; they are not part of the API.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Callable

import httpx
import jwt
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from . import demo
from .faults import ApiFault, ConnectionDropped, FaultMiddleware, Faults
from .service import Service
from .store import Store

log = logging.getLogger("pos_member.sandbox")

JWT_LIFETIME_S = 24 * 3600
#: Every route takes every method, so a wrong one gets the API's JSON 405 with an Allow header.
ALL_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
NO_CREDENTIALS = {"detail": "Authentication credentials were not provided."}
INVALID_TOKEN = {"detail": "Invalid token"}

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


class TrainingServer:
    """Owns the store, its worker thread and the ASGI app.

    ``members`` demo members are generated when the database is new; an existing file keeps its
    state between runs (a trainee's registrations are still there tomorrow).
    """

    def __init__(
        self,
        db_path: str | Path = ":memory:",
        *,
        members: int = 5000,
        token: str = demo.DEMO_TOKEN,
        faults: Faults | None = None,
        jwt_lifetime_s: float = JWT_LIFETIME_S,
        seed: int = 14,
    ):
        self.store = Store(db_path)
        if self.store.one("SELECT COUNT(*) AS n FROM merchants")["n"] == 0:
            demo.setup_merchants(self.store, token=token)
            demo.populate(self.store, members, seed=seed)
        merchant = self.store.merchant(demo.DEMO_MERCHANT)
        self.token: str = merchant["token"]
        self.merchant_id: int = merchant["id"]
        self.store_id = demo.DEMO_STORE
        self.service = Service(self.store)
        self.faults = faults or Faults()
        self.jwt_lifetime_s = jwt_lifetime_s
        self._worker = ThreadPoolExecutor(1, thread_name_prefix="training-db")
        routes = [Route(path, self._endpoint(method, name, where), methods=ALL_METHODS) for path, method, name, where in ENDPOINTS]
        routes += [
            Route("/api/auth/get-access-token/", self._access_token, methods=ALL_METHODS),
            Route("/_training/messages", self._messages, methods=["GET"]),
            Route("/_training/faults", self._faults, methods=["GET", "POST"]),
        ]
        self.asgi = Starlette(routes=routes)
        self.app = FaultMiddleware(self.asgi, self.faults)

    def transport(self) -> TrainingTransport:
        return TrainingTransport(app=self.app)

    async def run(self, fn: Callable[..., Any], *args: Any) -> Any:
        """Run store work on the single worker thread, so the caller's event loop never waits on SQLite."""
        return await asyncio.get_running_loop().run_in_executor(self._worker, fn, *args)

    def close(self) -> None:
        self._worker.shutdown(wait=True)
        self.store.close()

    # ------------------------------------------------------------------ auth

    def _merchant_for(self, request: Request) -> int | Response:
        header = request.headers.get("authorization", "").strip()
        if not header:
            return JSONResponse(NO_CREDENTIALS, status_code=403)
        kind, _, credential = header.partition(" ")
        credential = credential.strip()
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
        try:
            claimed = jwt.decode(token, options={"verify_signature": False})
            merchant = self.store.merchant(int(claimed["merchant_id"]))
            if merchant is None:
                return None
            claims = jwt.decode(token, merchant["jwt_secret"], algorithms=["HS256"])
            return int(claims["merchant_id"])
        except (jwt.PyJWTError, KeyError, TypeError, ValueError):
            return None

    async def _access_token(self, request: Request) -> Response:
        if request.method != "POST":
            return _method_not_allowed(request.method, "POST")
        params = await _json_body(request)
        if isinstance(params, Response):
            return params
        token, merchant_id = params.get("token"), params.get("crm_merchant_id")
        if not token or merchant_id in (None, ""):
            field = "token" if not token else "crm_merchant_id"
            return JSONResponse(ApiFault("This field is required.", field=field).body(), status_code=400)
        merchant = await self.run(self.store.merchant_for_token, str(token))
        if merchant is None or str(merchant["id"]) != str(merchant_id):
            return JSONResponse(INVALID_TOKEN, status_code=401)
        now = int(time.time())
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
            params: dict[str, Any] = {}
            if where in ("query", "both"):
                params.update(request.query_params)
            if where in ("body", "both"):
                body = await _json_body(request, optional=where == "both")
                if isinstance(body, Response):
                    return body
                params.update(body)
            try:
                answer = await self.run(operation, merchant_id, params)
            except ApiFault as fault:
                if fault.status == 403:
                    return JSONResponse({"detail": fault.message}, status_code=403)
                return JSONResponse(fault.body(), status_code=fault.status)
            except Exception:
                log.exception("training server: %s failed", name)
                return JSONResponse({"detail": "A server error occurred."}, status_code=500)
            return JSONResponse(answer)

        endpoint.__name__ = name
        return endpoint

    # ------------------------------------------------------------------ training extras

    async def _messages(self, request: Request) -> Response:
        recipient = request.query_params.get("recipient")
        return JSONResponse({"messages": await self.run(self.store.messages, recipient)})

    async def _faults(self, request: Request) -> Response:
        if request.method == "POST":
            body = await _json_body(request)
            if isinstance(body, Response):
                return body
            try:
                self.faults.update(**body)
            except (ValueError, TypeError) as exc:
                return JSONResponse({"detail": str(exc)}, status_code=400)
        return JSONResponse(self.faults.as_dict())


async def _json_body(request: Request, optional: bool = False) -> dict[str, Any] | Response:
    raw = await request.body()
    if not raw.strip():
        return {}
    try:
        body = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        if optional:
            return {}
        return JSONResponse({"detail": f"JSON parse error - {exc}"}, status_code=400)
    if not isinstance(body, dict):
        return JSONResponse({"detail": "Invalid data. Expected a dictionary."}, status_code=400)
    return body
