"""Every failure a cashier can meet, in words they understand."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, cast

from pos_member.api import (
    ApiConnectionError,
    ApiError,
    ApiStatusError,
    ApiTimeout,
    Forbidden,
    RequestValidationError,
    ResponseFormatError,
    ServerError,
    Unauthorized,
)
from pos_member.i18n import QT_TR_NOOP, tr
from pos_member.outbox import Cause, Failure

Kind = Literal["auth", "offline", "not_found", "invalid", "server", "format", "unknown"]


@dataclass(frozen=True)
class Problem:
    kind: Kind
    message: str
    fields: dict[str, str] = field(default_factory=dict)
    code: str | None = None

    @property
    def connection(self) -> bool:
        """Worth retrying by itself once the connection is back."""
        return self.kind in ("offline", "server")


class Refused(Exception):
    """A flow's way of saying the action did not happen, already in the cashier's words."""

    def __init__(self, problem: Problem):
        super().__init__(problem.message)
        self.problem = problem


AUTH = QT_TR_NOOP("Stamps refused this counter's access key. Please call the store manager.")
OFFLINE = QT_TR_NOOP("Cannot reach Stamps right now. Check the network; the app keeps retrying.")
TIMEOUT = QT_TR_NOOP("Stamps is taking too long to answer. The app keeps retrying.")
SERVER = QT_TR_NOOP("Stamps has a problem right now. Please try again in a moment.")
FORMAT = QT_TR_NOOP("Stamps sent an answer this app cannot read. Please try again; if it persists, call support.")
#: Error codes any call can meet, in the cashier's words (the server's own text is for developers).
CODE_MESSAGES = {
    "otp_rate_limited": QT_TR_NOOP("Too many codes were sent for this customer. Wait a few minutes, then send a new code."),
    "user_is_anonymized": QT_TR_NOOP("This member was anonymised: their details can no longer be changed."),
    "request_too_large": QT_TR_NOOP("What was typed is too long for Stamps. Shorten the longest text (notes, address) and try again."),
    "parse_error": QT_TR_NOOP("Stamps could not read what this app sent. Please try again; if it persists, call support."),
}


CARD_TAKEN = QT_TR_NOOP("This member ID is already used by another member.")


def field_words(field: str, text: str) -> str:
    """A field message from Stamps in our words, where we know what it means (it has no code)."""
    if field == "member_id" and "already used" in text.lower():
        return tr(CARD_TAKEN)
    return text


def problem_from(exc: BaseException) -> Problem:
    if isinstance(exc, RequestValidationError):
        return Problem("invalid", next(iter(exc.errors.values()), tr("Please check the form.")), dict(exc.errors))
    if isinstance(exc, (Unauthorized, Forbidden)):
        return Problem("auth", tr(AUTH), code=getattr(exc, "error_code", None))
    if isinstance(exc, ApiTimeout):
        return Problem("offline", tr(TIMEOUT))
    if isinstance(exc, ApiConnectionError):
        return Problem("offline", tr(OFFLINE))
    if isinstance(exc, ServerError):
        return Problem("server", tr(SERVER))
    if isinstance(exc, ApiStatusError):
        if exc.error_code in ("invalid_data", None) and (exc.message or "").lower() == "user not found":
            return Problem("not_found", tr("No member found. Check the spelling or the number."), code=exc.error_code)
        if exc.error_code in CODE_MESSAGES:
            message = tr(CODE_MESSAGES[exc.error_code])
            return Problem("invalid", message, {k: message for k in exc.field_errors}, code=exc.error_code)
        fields = {k: field_words(k, v) for k, v in exc.field_errors.items()}
        raw = {v: k for k, v in exc.field_errors.items()}
        message = fields[raw[exc.message]] if exc.message in raw else exc.message
        return Problem("invalid", message, fields, code=exc.error_code)
    if isinstance(exc, ResponseFormatError):
        return Problem("format", tr(FORMAT))
    if isinstance(exc, ApiError):
        return Problem("unknown", str(exc))
    return Problem("unknown", tr("Something went wrong. Please try again."))


# ---------------------------------------------------------------- the outbox's codes, in words
# The outbox (below the flows) stores codes; these word them. Older outbox files hold a sentence
# in the error column instead of a code: it is shown as it is.

REFUSED = QT_TR_NOOP("Stamps refused this registration.")
UNKNOWN = QT_TR_NOOP("Something went wrong. Please try again.")
FAILURE_TEXT = {"offline": OFFLINE, "timeout": TIMEOUT, "auth": AUTH, "server": SERVER, "format": FORMAT,
                "invalid": REFUSED, "unknown": UNKNOWN}


def failure_words(error: str | None) -> str:
    """An outbox item's stored error (a code; a sentence in older files), for the cashier."""
    if not error:
        return ""
    return tr(FAILURE_TEXT.get(error, error))


def problem_of(failure: Failure | None) -> Problem | None:
    """An outbox delivery's failure as a Problem: worded from the exception when it happened now."""
    if failure is None:
        return None
    if failure.error is not None:
        return problem_from(failure.error)
    kind = cast(Kind, "offline" if failure.code == "timeout" else failure.code)
    return Problem(kind, failure_words(failure.code), dict(failure.fields), failure.api_code)


PAUSED_TEXT = {
    "disk_full": QT_TR_NOOP("Outbox paused — the disk is full. Call IT."),
    "read_only": QT_TR_NOOP("Outbox paused — file not writable. Call IT."),
    "broken": QT_TR_NOOP("Outbox paused — its file is damaged. Call IT."),
    "unknown": QT_TR_NOOP("Outbox paused — unexpected error. Call IT."),
}
#: Why the outbox could not keep something (a registration, the file at start-up).
CAUSE_TEXT = {
    "disk_full": QT_TR_NOOP("the disk of this computer is full"),
    "read_only": QT_TR_NOOP("the outbox file cannot be written"),
    "broken": QT_TR_NOOP("the outbox file is damaged"),
    "unknown": QT_TR_NOOP("an unexpected error (details in the log)"),
}
UNREADABLE = QT_TR_NOOP("the file could not be opened")


def paused_words(cause: Cause) -> str:
    """Why the outbox sender is stuck, for the status bar."""
    return tr(PAUSED_TEXT.get(cause, PAUSED_TEXT["unknown"]))


def cause_words(cause: Cause, *, opening: bool = False) -> str:
    """Why the outbox could not write (or, ``opening``, open) its file."""
    if opening and cause == "unknown":
        return tr(UNREADABLE)
    return tr(CAUSE_TEXT.get(cause, CAUSE_TEXT["unknown"]))
