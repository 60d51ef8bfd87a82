"""Why a delivery or a write did not happen, as codes: the flows word them (never text here)."""

from __future__ import annotations

import dataclasses
import sqlite3
from dataclasses import dataclass
from typing import Literal

from pos_member.api import (
    ApiCertificateError,
    ApiConnectionError,
    ApiStatusError,
    ApiTimeout,
    Forbidden,
    RequestValidationError,
    ResponseFormatError,
    ServerError,
    Unauthorized,
    about_credentials,
)

#: Why an item was not delivered. Stored as is: the flows word it (never translated text here).
FailureCode = Literal["offline", "timeout", "auth", "server", "format", "invalid", "unknown", "partial_member"]
#: Why the outbox cannot write (a registration not kept, a paused sender, a file set aside).
Cause = Literal["disk_full", "read_only", "broken", "unknown"]


@dataclass(frozen=True)
class Failure:
    """Why a delivery did not happen, as codes: the flows word it for the cashier."""

    code: FailureCode
    fields: dict[str, str] = dataclasses.field(default_factory=dict)  # field -> what Stamps said
    api_code: str | None = None        # Stamps' own error code
    error: BaseException | None = None  # the exception, when it happened in this process (not stored)
    not_found: bool = False             # "invalid" because Stamps knows no such member

    @property
    def kind(self) -> str:
        if self.not_found:
            return "not_found"
        return "offline" if self.code == "timeout" else self.code


class NotKept(Exception):
    """The outbox could not write a new item; ``cause`` says why, as a code."""

    def __init__(self, cause: Cause):
        super().__init__(cause)
        self.cause = cause


def failure_of(exc: BaseException) -> Failure:
    """Sort an exception into a failure code: the one place where failures are sorted, for the
    outbox's deliveries and for every flow (``flows.problems.problem_from`` words what this sorts)."""
    if isinstance(exc, RequestValidationError):
        return Failure("invalid", dict(exc.errors), error=exc)
    if isinstance(exc, Forbidden) and not about_credentials(exc):
        # "You may not do this" is not "your key is wrong": the counter stays online.
        return Failure("invalid", api_code=exc.error_code or "permission_denied", error=exc)
    if isinstance(exc, (Unauthorized, Forbidden)):
        return Failure("auth", api_code=getattr(exc, "error_code", None), error=exc)
    if isinstance(exc, ApiTimeout):
        return Failure("timeout", error=exc)
    if isinstance(exc, ApiCertificateError):
        return Failure("offline", api_code="clock" if exc.clock else "certificate", error=exc)
    if isinstance(exc, ApiConnectionError):
        return Failure("offline", error=exc)
    if isinstance(exc, ServerError):
        return Failure("server", error=exc)
    if isinstance(exc, ApiStatusError):
        not_found = exc.error_code in ("invalid_data", None) and (exc.message or "").lower() == "user not found"
        return Failure("invalid", dict(exc.field_errors), api_code=exc.error_code, error=exc, not_found=not_found)
    if isinstance(exc, ResponseFormatError):
        return Failure("format", error=exc)
    return Failure("unknown", error=exc)  # an ApiError of another kind, or an answer we cannot read


def cause(exc: BaseException) -> Cause:
    """Why the outbox file could not be written or opened, as a code."""
    if isinstance(exc, NotKept):
        return exc.cause
    text = str(exc).lower()
    if isinstance(exc, OSError) and exc.errno == 28 or "disk is full" in text or "no space" in text:
        return "disk_full"
    if "readonly" in text or "read-only" in text or isinstance(exc, PermissionError):
        return "read_only"
    if isinstance(exc, sqlite3.DatabaseError) and ("malformed" in text or "not a database" in text):
        return "broken"
    return "unknown"
