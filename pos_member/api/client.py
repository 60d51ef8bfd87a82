"""``StampsClient``: one coroutine per endpoint of the Stamps Membership API.

No Qt here. One client per app, opened and closed inside the main coroutine; it owns one
``httpx.AsyncClient`` so a session makes one TLS handshake and reuses the connection.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import ipaddress
import logging
import ssl
import time
from collections.abc import Awaitable, Callable
from typing import Any, Literal, TypeVar

import httpx
import jwt as pyjwt
from pydantic import BaseModel, SecretStr
from tenacity import AsyncRetrying, retry_if_exception, wait_random_exponential

from pos_member.logsafe import install_redaction, register_secret

from . import requests as rq
from .body import ACCEPT_ENCODING, decode_json, read_bounded
from .errors import (
    ApiCertificateError,
    ApiConnectionError,
    ApiStatusError,
    ApiTimeout,
    Forbidden,
    InsecureURLError,
    RequestValidationError,
    ResponseFormatError,
    Unauthorized,
    about_credentials,
    status_error,
)
from .models import (
    AccessToken,
    Customer,
    FullProfile,
    MemberDetails,
    Membership,
    OtpIssued,
    PartialRegistration,
    Pong,
    StatusResult,
    Suggestions,
    TaggedMembership,
    UpgradeRequirement,
    parse,
)

log = logging.getLogger("pos_member.api")

#: Seconds one attempt may take in all (connect, send, wait, read).
DEFAULT_TIMEOUT = 10.0
#: Seconds to establish a connection, within DEFAULT_TIMEOUT.
CONNECT_TIMEOUT = 5.0
#: Seconds one attempt may take while Stamps is known not to answer (``offline``): fail fast.
OFFLINE_TIMEOUT = 3.0
#: Attempts for a GET (1 + retries) on connection errors, timeouts and 502/503/504.
GET_ATTEMPTS = 3
#: Backoff before a GET retry: full jitter, exponential from this many seconds...
RETRY_BACKOFF_INITIAL = 0.25
#: ...capped at this many seconds.
RETRY_BACKOFF_MAX = 4.0
#: Renew a JWT this many seconds before it expires.
JWT_RENEW_MARGIN = 300.0
#: Lifetime assumed for a JWT whose ``exp`` cannot be read (the API documents 24 hours).
JWT_DEFAULT_LIFETIME = 24 * 3600.0
RETRYABLE_STATUSES = frozenset({502, 503, 504})
AuthKind = Literal["token", "jwt"]
M = TypeVar("M", bound=BaseModel)
E = TypeVar("E", bound=BaseException)


def is_loopback(host: str) -> bool:
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_base_url(base_url: str) -> httpx.URL:
    """https for any host; plain http only for this machine (the training server)."""
    try:
        url = httpx.URL(base_url)
    except (httpx.InvalidURL, TypeError) as exc:
        raise InsecureURLError(f"Not a valid server address: {exc}") from None
    if url.scheme not in {"http", "https"} or not url.host:
        raise InsecureURLError("The server address must look like https://stamps.co.id")
    if url.scheme == "http" and not is_loopback(url.host):
        raise InsecureURLError(
            "The server address must start with https:// (plain http is only allowed for this computer)."
        )
    return url


def _retryable(exc: BaseException) -> bool:
    if isinstance(exc, ApiConnectionError):
        return True
    return isinstance(exc, ApiStatusError) and exc.status in RETRYABLE_STATUSES


_about_credentials = about_credentials


def _certificate_problem(exc: BaseException) -> str | None:
    """Why TLS verification failed, if that is what ``exc`` is: "expired", "not yet valid" (both
    point at this PC's clock) or "not trusted" (e.g. an intercepting proxy)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, ssl.SSLCertVerificationError) or "CERTIFICATE_VERIFY_FAILED" in str(current):
            text = str(getattr(current, "verify_message", "") or current).lower()
            if "expired" in text:
                return "expired"
            if "not yet valid" in text:
                return "not yet valid"
            return "not trusted"
        current = current.__cause__ or current.__context__
    return None


def _iso(value: dt.date | str | None) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


class StampsClient:
    """Async client for the Stamps Membership API.

    ``merchant`` (and ``store`` where an endpoint takes one) are filled in here, so callers never
    repeat them. ``transport`` lets tests and training mode pass an ``httpx.ASGITransport``.
    """

    def __init__(
        self,
        base_url: str,
        token: str | SecretStr,
        merchant: int,
        *,
        store: int | None = None,
        auth: AuthKind = "token",
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: float | None = None,
        retry_backoff: float = RETRY_BACKOFF_INITIAL,
        get_attempts: int = GET_ATTEMPTS,
        other_token: Callable[[SecretStr], Awaitable[SecretStr | None]] | None = None,
        clock: Callable[[], float] = time.time,
    ):
        if auth not in ("token", "jwt"):
            raise ValueError("auth must be 'token' or 'jwt'")
        self.base_url = check_base_url(base_url)
        self._token = token if isinstance(token, SecretStr) else SecretStr(str(token))
        if not self._token.get_secret_value().strip():
            raise ValueError("the API token is empty")
        self.merchant = int(merchant)
        self.store = int(store) if store is not None else None
        self.auth = auth
        self.timeout = float(timeout) if timeout is not None else DEFAULT_TIMEOUT
        self._transport = transport
        self._retry_backoff = retry_backoff
        self._get_attempts = max(1, get_attempts)
        self._http: httpx.AsyncClient | None = None
        self._jwt: str | None = None
        self._jwt_expires_at = 0.0
        self._jwt_lock = asyncio.Lock()
        #: After a 401, asked once per refused token for another one (a rotated machine token).
        self._other_token = other_token
        self._refused: list[SecretStr] = []
        self._token_lock = asyncio.Lock()
        #: Set while Stamps is known not to answer (the connection monitor): one attempt each,
        #: within OFFLINE_TIMEOUT, so nobody waits 30 s for what will fail.
        self.offline = False
        #: Told how every attempt went, retries included: None when Stamps answered (a status
        #: below 500; 401/403 excepted, the caller words those), the error when it did not (no
        #: connection, time-out, 5xx). The connection monitor listens, so the status bar turns
        #: at the first failed request, not at its next ping.
        self.on_outcome: Callable[[BaseException | None], None] | None = None
        #: Seconds the last answer took (set before ``on_outcome`` hears of it): a slow Stamps.
        self.last_answer_s: float | None = None
        self._clock = clock  # the wall clock a JWT's expiry is read against
        install_redaction()

    def __repr__(self) -> str:  # never the token
        return f"StampsClient({str(self.base_url)!r}, merchant={self.merchant}, store={self.store}, auth={self.auth!r})"

    async def __aenter__(self) -> StampsClient:
        return self.open()

    def open(self) -> StampsClient:
        """Create the connection pool (no I/O yet); ``aclose()`` must follow."""
        from pos_member import __version__

        if self._http is not None:
            return self
        self._http = httpx.AsyncClient(
            base_url=self.base_url,
            transport=self._transport,
            timeout=httpx.Timeout(self.timeout, connect=min(self.timeout, CONNECT_TIMEOUT)),
            headers={"Accept": "application/json", "Accept-Encoding": ACCEPT_ENCODING,
                     "User-Agent": f"pos-member/{__version__}"},
            follow_redirects=False,
        )
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        if self._http is not None:
            http, self._http = self._http, None
            await http.aclose()

    # ------------------------------------------------------------------ plumbing

    async def _authorization(self) -> str:
        if self.auth == "token":
            return f"Token {self._token.get_secret_value()}"
        async with self._jwt_lock:
            if self._jwt is None or self._clock() >= self._jwt_expires_at - JWT_RENEW_MARGIN:
                await self._renew_jwt()
            assert self._jwt is not None
            return f"Bearer {self._jwt}"

    async def _renew_jwt(self) -> None:
        body = {"token": self._token.get_secret_value(), "crm_merchant_id": self.merchant}
        data = await self._send_once("POST", "/api/auth/get-access-token/", json_body=body, authorization=None)
        access = parse(AccessToken, data).access_token.get_secret_value()
        try:
            claims = pyjwt.decode(access, options={"verify_signature": False})
            expires_at = float(claims["exp"])
        except (pyjwt.PyJWTError, KeyError, TypeError, ValueError):
            expires_at = self._clock() + JWT_DEFAULT_LIFETIME
        self._jwt, self._jwt_expires_at = access, expires_at
        log.info("JWT renewed, valid for %.0f s", expires_at - self._clock())

    async def _send_once(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        json_body: dict[str, Any] | None = None,
        authorization: str | None,
        patient: bool = False,
    ) -> Any:
        if self._http is None:
            raise RuntimeError("StampsClient is not open: use 'async with StampsClient(...)'")
        headers = {"Authorization": authorization} if authorization else {}
        started = time.perf_counter()
        # ``patient`` (the connection check): the full time, or a slow Stamps would never be
        # seen answering again once the counter is offline.
        timeout = min(self.timeout, OFFLINE_TIMEOUT) if self.offline and not patient else self.timeout
        try:
            request = self._http.build_request(method, path, params=params, json=json_body, headers=headers,
                                               timeout=httpx.Timeout(timeout, connect=min(timeout, CONNECT_TIMEOUT)))
            # asyncio.timeout also bounds transports that ignore httpx timeouts (ASGITransport),
            # and a body that trickles in: the whole answer must arrive within the timeout.
            async with asyncio.timeout(timeout):
                response = await self._http.send(request, stream=True)
                try:
                    raw = await read_bounded(response)
                except ResponseFormatError:
                    if response.is_success:
                        raise
                    raw = b""  # e.g. a proxy's huge error page: the status is what matters
                finally:
                    await response.aclose()
        except (TimeoutError, httpx.TimeoutException):
            log.warning("%s %s timed out after %.0f ms", method, path, (time.perf_counter() - started) * 1000)
            self.offline = True  # the next attempts (and calls) fail fast until one succeeds
            raise self._told(ApiTimeout(f"No answer from the server within {timeout:g} s")) from None
        except httpx.TransportError as exc:
            log.warning("%s %s failed: %s", method, path, type(exc).__name__)
            certificate = _certificate_problem(exc)
            if certificate is not None:
                raise self._told(ApiCertificateError(f"The server's certificate could not be verified ({certificate})",
                                                     clock=certificate in ("expired", "not yet valid"))) from None
            raise self._told(ApiConnectionError(f"Cannot reach the server ({type(exc).__name__})")) from None
        except ResponseFormatError as exc:
            log.warning("%s %s: unreadable answer (%s)", method, path, exc)
            raise type(exc)(f"{method} {path}: {exc}") from None
        elapsed = (time.perf_counter() - started) * 1000
        log.debug("%s %s -> %d in %.0f ms", method, path, response.status_code, elapsed)
        if response.status_code < 500:
            self.offline = False  # Stamps answered
            self.last_answer_s = elapsed / 1000
            if response.status_code not in (401, 403):
                self._tell(None)
        try:
            body: Any = decode_json(raw)
        except ResponseFormatError as exc:
            if response.is_success:
                raise ResponseFormatError(f"{method} {path}: {exc}") from None
            body = raw[:2000].decode("utf-8", "replace")
        if not response.is_success:
            error = status_error(response.status_code, body)
            raise self._told(error) if response.status_code >= 500 else error
        return body

    def _told(self, error: E) -> E:
        """``error`` after telling ``on_outcome`` about it."""
        self._tell(error)
        return error

    def _tell(self, outcome: BaseException | None) -> None:
        """Tell ``on_outcome`` (a listener's fault never fails the request)."""
        if self.on_outcome is not None:
            try:
                self.on_outcome(outcome)
            except Exception as exc:
                log.error("on_outcome failed: %s", type(exc).__name__, exc_info=exc)

    async def _send_authorised(self, method: str, path: str, **kw: Any) -> Any:
        authorization: str | None = None
        try:
            authorization = await self._authorization()  # a JWT renewal may be refused too
            return await self._send_once(method, path, authorization=authorization, **kw)
        except (Unauthorized, Forbidden) as exc:
            if not _about_credentials(exc):
                raise
            refused: ApiStatusError = exc
        if self.auth == "jwt" and authorization is not None:
            # The JWT may have been revoked or expired early: renew once, then try once more.
            async with self._jwt_lock:
                if f"Bearer {self._jwt}" == authorization:
                    self._jwt = None
            try:
                return await self._send_once(method, path, authorization=await self._authorization(), **kw)
            except (Unauthorized, Forbidden) as again:
                if not _about_credentials(again):
                    raise
                refused = again
        # A 401 is not processed by the server: another token (rotated by IT) may be tried once.
        if not await self._switch_token():
            raise refused
        return await self._send_once(method, path, authorization=await self._authorization(), **kw)

    async def _switch_token(self) -> bool:
        """Swap the refused token for another (``other_token``); False if there is none left."""
        if self._other_token is None:
            return False
        refused = self._token
        async with self._token_lock:
            if self._token is not refused:
                return True  # a request that failed at the same time has switched already
            if all(r.get_secret_value() != refused.get_secret_value() for r in self._refused):
                self._refused.append(refused)
            new = await self._other_token(refused)
            if new is None or any(r.get_secret_value() == new.get_secret_value() for r in self._refused):
                return False
            register_secret(new.get_secret_value())
            self._token, self._jwt = new, None
            log.warning("the API token was refused; another one is used now")
            return True

    async def _get(self, path: str, params: dict[str, Any], json_body: dict[str, Any] | None = None) -> Any:
        retrying = AsyncRetrying(
            # Asked before each retry: once a time-out has shown Stamps is not answering, no more.
            stop=lambda state: state.attempt_number >= (1 if self.offline else self._get_attempts),
            wait=wait_random_exponential(multiplier=self._retry_backoff, max=RETRY_BACKOFF_MAX),
            retry=retry_if_exception(_retryable),
            reraise=True,
        )
        async for attempt in retrying:
            with attempt:
                if attempt.retry_state.attempt_number > 1:
                    log.info("GET %s: attempt %d", path, attempt.retry_state.attempt_number)
                body = await self._send_authorised("GET", path, params=params, json_body=json_body)
        return body

    async def _post(self, path: str, body: dict[str, Any], *, patient: bool = False) -> Any:
        # Never retried blindly: the API has no idempotency key (see flows for reconciliation).
        return await self._send_authorised("POST", path, json_body=body, patient=patient)

    def _with_store(self, body: dict[str, Any]) -> dict[str, Any]:
        if "store" not in body and self.store is not None:
            body["store"] = self.store
        return body

    @staticmethod
    def _user(value: Any, field: str = "user") -> str | int:
        try:
            return rq.build(rq.IdentifierBody, identifier=value)["identifier"]
        except RequestValidationError as exc:
            raise RequestValidationError({field: exc.errors["identifier"]}, {field: exc.codes["identifier"]},
                                         {field: exc.params.get("identifier", {})}) from None

    # ------------------------------------------------------------------ endpoints

    async def ping(self) -> Pong:
        """Check the connection and token: ``POST /api/ping``."""
        return parse(Pong, await self._post("/api/ping", {}, patient=True))

    async def member_details(self, user: str | int, verbose: bool = False) -> MemberDetails:
        """1. Getting Member Data. ``user``: email, member ID, mobile number or primary key."""
        params: dict[str, Any] = {"user": self._user(user), "merchant": self.merchant}
        if verbose:
            params["verbose"] = "true"
        return parse(MemberDetails, await self._get("/api/v2/memberships/details", params))

    async def suggestions(self, query: str) -> Suggestions:
        """2. Member Suggestions: possible members for what the cashier typed."""
        text = " ".join(str(query or "").split())
        if not text:
            raise RequestValidationError({"query": "Type something to search for."}, {"query": "query_missing"})
        return parse(Suggestions, await self._get("/api/memberships/suggestions", {"query": text, "merchant": self.merchant}))

    async def register(self, name: str, email: str, mobile_number: str, **optional: Any) -> Customer:
        """3. Registration. ``optional``: any other parameter of the seed's table. A consent or
        ``generate_default_password`` not given is sent as false, never left to the API's default."""
        body = rq.build(rq.RegisterBody, name=name, email=email, mobile_number=mobile_number, **optional)
        body = self._with_store(body) | {"merchant": self.merchant}
        return parse(Customer, await self._post("/api/v2/memberships/register", body))

    async def change_profile(self, user: str | int, name: str, **optional: Any) -> Customer:
        """4. Change Member Info. Only the fields given are sent; a clearable field given as None
        or "" is sent empty. A consent is sent only when given as a bool (the seed gives no default
        for edits: one left out stays as Stamps holds it)."""
        bad = [k for k in rq.CONSENTS if optional.get(k) is not None and not isinstance(optional[k], bool)]
        if bad:
            raise TypeError(f"change_profile takes a consent as True or False only: {', '.join(bad)}")
        body = rq.build(rq.ChangeProfileBody, user=user, name=name, **optional) | {"merchant": self.merchant}
        return parse(Customer, await self._post("/api/v2/memberships/change-profile", body))

    async def full_profile(self, user: str | int) -> FullProfile:
        """5. Get Full Profile. Documented as GET with a JSON body: the user is sent both ways."""
        key = self._user(user)
        return parse(FullProfile, await self._get("/api/v2/memberships/full-profile", {"user": key}, {"user": key}))

    async def upgrade_requirement(self, user: str | int) -> UpgradeRequirement:
        """6. Level Upgrade Requirement (and the downgrade requirement, where one applies)."""
        return parse(UpgradeRequirement, await self._get("/api/memberships/upgrade-requirement", {"user": self._user(user)}))

    async def add_tag(self, user: str | int, key: str, value: str) -> Membership:
        """7. Add Membership Tag (key/value)."""
        body = rq.build(rq.TagBody, user=user, key=key, value=value) | {"merchant": self.merchant}
        return parse(TaggedMembership, await self._post("/api/v2/memberships/add-key-value-tag", body))

    async def remove_tag(self, user: str | int, key: str, value: str) -> StatusResult:
        """8. Remove Membership Tag."""
        body = rq.build(rq.TagBody, user=user, key=key, value=value) | {"merchant": self.merchant}
        return parse(StatusResult, await self._post("/api/v2/memberships/remove-tag", body))

    async def anonymize(self, identifier: str | int) -> StatusResult:
        """10. Anonymize Customer. Irreversible."""
        body = {"identifier": self._user(identifier, "identifier")}
        return parse(StatusResult, await self._post("/api/v2/memberships/anonymize", body))

    async def set_pending_anonymization(self, identifier: str | int) -> StatusResult:
        """11. Set Pending Anonymization."""
        body = {"identifier": self._user(identifier, "identifier")}
        return parse(StatusResult, await self._post("/api/v2/memberships/set-pending-anonymization", body))

    async def set_level(
        self,
        user: str | int,
        level: int,
        upgrade_only: bool = False,
        end_date: dt.date | str | None = None,
        store: int | None = None,
    ) -> StatusResult:
        """12. Set Level: override the member's level (optionally only upwards, until ``end_date``)."""
        body = rq.build(rq.SetLevelBody, user=user, level=level, upgrade_only=upgrade_only, end_date=_iso(end_date), store=store)
        return parse(StatusResult, await self._post("/api/v2/memberships/set-level", self._with_store(body)))

    async def request_mobile_otp(
        self, identifier: str | int, mobile_number: str, type: Literal["sms", "whatsapp"], template_code: str
    ) -> OtpIssued:
        """13. Request OTP to Modify Mobile Number. The OTP is the customer's: never show it."""
        body = rq.build(rq.MobileOtpBody, identifier=identifier, mobile_number=mobile_number, type=type, template_code=template_code)
        return parse(OtpIssued, await self._post("/api/v2/accounts/request-change-mobile-number-otp", body))

    async def change_mobile_number(self, identifier: str | int, new_number: str, otp: str) -> StatusResult:
        """14. Modify Mobile Number with the OTP the customer received."""
        body = rq.build(rq.ChangeMobileBody, identifier=identifier, new_number=new_number, otp=otp)
        return parse(StatusResult, await self._post("/api/v2/accounts/change-mobile-number", body))

    async def request_email_otp(self, new_email: str, template_code: str | None = None) -> OtpIssued:
        """15. Request OTP to Modify Email; the code goes to the new address."""
        body = rq.build(rq.EmailOtpBody, new_email=new_email, template_code=template_code)
        return parse(OtpIssued, await self._post("/api/v2/accounts/request-otp-for-email", body))

    async def change_email(self, user: str | int, new_email: str, otp: str) -> StatusResult:
        """16. Modify Email with the OTP the customer received."""
        body = rq.build(rq.ChangeEmailBody, user=user, new_email=new_email, otp=otp)
        return parse(StatusResult, await self._post("/api/v2/accounts/change-email", body))

    async def partial_register(
        self, user: str, send_registration_message: bool = True, registering_employee_code: str | None = None
    ) -> PartialRegistration:
        """17. Partial Registration from one email or mobile number."""
        body = rq.build(
            rq.PartialRegisterBody,
            user=user,
            send_registration_message=send_registration_message,
            registering_employee_code=registering_employee_code,
        )
        return parse(PartialRegistration, await self._post("/api/v3/memberships/partial-registration", body))
