"""Every failure a cashier can meet, in words they understand.

Failures are sorted in one place, ``outbox.failures.failure_of`` (the outbox and the flows alike);
this module words what it sorts: ``problem_from`` for an exception, ``problem_of`` for an outbox
delivery, ``check_words`` / ``validation_words`` for the API module's request checks (which give
codes, never words). To word something new, add its code to a table here."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, cast

from pydantic_core import PydanticCustomError

from pos_member.api import ApiError, ApiStatusError, RequestValidationError
from pos_member.i18n import QT_TR_NOOP, tr
from pos_member.outbox import Cause, Failure, failure_of

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
TIMEOUT = QT_TR_NOOP("Stamps is not answering right now (the network is fine). The app keeps retrying.")
CLOCK = QT_TR_NOOP("Stamps' certificate looks out of date: the date or time of this computer is probably wrong. "
                   "Set the clock right (or call IT); the app keeps retrying.")
CERTIFICATE = QT_TR_NOOP("Stamps' certificate could not be checked: something on this network (a proxy or "
                         "filter) is in the way. Call IT; the app keeps retrying.")
UNKNOWN_CODE = QT_TR_NOOP("Stamps refused this. Check what was typed; if it happens again, call support with "
                          "this code: {code}.")
#: A refusal that is not JSON (a proxy's page), by its status.
STATUS_WORDS = {
    400: QT_TR_NOOP("Stamps could not accept this request ({code}). If it happens again, call support."),
    403: QT_TR_NOOP("Stamps does not allow this counter to do this ({code}). Ask the store manager to check "
                    "the counter's permissions."),
    404: QT_TR_NOOP("Stamps does not know this request ({code}): the app's settings may be out of date. "
                    "Call support."),
    405: QT_TR_NOOP("Stamps does not take this request this way ({code}). Call support."),
    413: QT_TR_NOOP("What was typed is too long for Stamps ({code}). Shorten the longest text."),
    429: QT_TR_NOOP("Stamps is busy right now ({code}). Wait a moment, then try again."),
}
SERVER = QT_TR_NOOP("Stamps has a problem right now. Please try again in a moment.")
FORMAT = QT_TR_NOOP("Stamps sent an answer this app cannot read. Please try again; if it persists, call support.")
#: Error codes any call can meet, in the cashier's words (the server's own text is for developers).
CODE_MESSAGES = {
    "otp_rate_limited": QT_TR_NOOP("Too many codes were sent for this customer. Wait a few minutes, then send a new code."),
    "user_is_anonymized": QT_TR_NOOP("This member was anonymised: their details can no longer be changed."),
    "request_too_large": QT_TR_NOOP("What was typed is too long for Stamps. Shorten the longest text (notes, address) and try again."),
    "parse_error": QT_TR_NOOP("Stamps could not read what this app sent. Please try again; if it persists, call support."),
    "user_has_no_membership": QT_TR_NOOP("This customer is not a member of this merchant."),
    "permission_denied": QT_TR_NOOP("Stamps does not allow this counter to do this. Ask the store manager to check "
                                    "the counter's permissions."),
}


CARD_TAKEN = QT_TR_NOOP("This member ID is already used by another member.")


FIELD_TAKEN = {
    "member_id": CARD_TAKEN,
    "email": QT_TR_NOOP("This email address already belongs to another member."),
    "new_email": QT_TR_NOOP("This email address already belongs to another member."),
    "mobile_number": QT_TR_NOOP("This mobile number already belongs to another member."),
}
#: What Stamps writes about a field (it has no code), as words: (a piece of its text, our words).
REQUIRED = QT_TR_NOOP("This field is required.")
FIELD_PATTERNS = (
    ("required", REQUIRED),
    ("may not be blank", REQUIRED),
    ("no more than", QT_TR_NOOP("This is too long for Stamps. Shorten it.")),
    ("valid date", QT_TR_NOOP("Enter a real date.")),
    ("valid integer", QT_TR_NOOP("Enter a whole number.")),
    ("valid email", QT_TR_NOOP("This email address is not valid, for example name@example.com.")),
    ("not found", QT_TR_NOOP("Stamps does not know this value. Check it.")),
    ("valid choice", QT_TR_NOOP("Choose one of the offered options.")),
)
FIELD_REFUSED = QT_TR_NOOP("Stamps did not accept this. Check it.")
REFERRAL_UNKNOWN = QT_TR_NOOP("No member has this referral code. Check it with the customer.")


def field_words(field: str, text: str) -> str:
    """A field message from Stamps in our words (it has no code): Stamps' own English, which may
    hold the customer's email or number, never reaches the screen."""
    lowered = text.lower()
    if "already used" in lowered or "already exists" in lowered or "already registered" in lowered:
        return tr(FIELD_TAKEN.get(field, QT_TR_NOOP("This is already used by another member.")))
    if field == "referral_code" and "not found" in lowered:
        return tr(REFERRAL_UNKNOWN)
    for piece, words in FIELD_PATTERNS:
        if piece in lowered:
            return tr(words)
    return tr(FIELD_REFUSED)


def problem_from(exc: BaseException) -> Problem:
    """An exception, sorted by ``failure_of``, in the cashier's words."""
    return worded(failure_of(exc))


def worded(failure: Failure) -> Problem:
    """A sorted failure in the cashier's words (only its codes, when it was read from the outbox)."""
    exc = failure.error
    if exc is None:  # from the outbox file (or its reconciliation): only the codes are left
        fields = {k: field_code_words(v) or v for k, v in failure.fields.items()}
        if failure.api_code in FIELD_CODES:
            return Problem("invalid", tr(FIELD_CODES[failure.api_code]), fields, failure.api_code)
        kind = cast(Kind, "offline" if failure.code == "timeout" else failure.code)
        return Problem(kind, failure_words(failure.code), fields, failure.api_code)
    if isinstance(exc, RequestValidationError):
        fields = validation_words(exc)
        return Problem("invalid", next(iter(fields.values()), tr("Please check the form.")), fields)
    code = failure.code
    if code == "auth":
        return Problem("auth", tr(AUTH), code=failure.api_code)
    if code == "timeout":
        return Problem("offline", tr(TIMEOUT), code="timeout")
    if code == "offline":
        if failure.api_code in ("clock", "certificate"):
            return Problem("offline", tr(CLOCK if failure.api_code == "clock" else CERTIFICATE), code=failure.api_code)
        return Problem("offline", tr(OFFLINE))
    if code == "server":
        return Problem("server", tr(SERVER))
    if code == "format":
        return Problem("format", tr(FORMAT))
    if code == "invalid" and isinstance(exc, ApiStatusError):
        if failure.not_found:
            return Problem("not_found", tr("No member found. Check the spelling or the number."), code=exc.error_code)
        known = exc.error_code or failure.api_code
        if known in CODE_MESSAGES:
            message = tr(CODE_MESSAGES[known])
            return Problem("invalid", message, {k: message for k in exc.field_errors}, code=known)
        fields = {k: field_words(k, v) for k, v in exc.field_errors.items()}
        raw = {v: k for k, v in exc.field_errors.items()}
        if exc.message in raw:
            message = fields[raw[exc.message]]
        elif exc.error_code:  # a code we have no words for: a general sentence and the code
            message = tr(UNKNOWN_CODE).format(code=exc.error_code)
        elif not isinstance(exc.body, dict):  # not JSON (a proxy's page): worded by its status
            message = tr(STATUS_WORDS.get(exc.status, UNKNOWN_CODE)).format(code=f"HTTP {exc.status}")
        else:
            message = tr(UNKNOWN_CODE).format(code=f"HTTP {exc.status}")
        return Problem("invalid", message, fields, code=exc.error_code)
    if isinstance(exc, ApiError):
        return Problem("unknown", tr(UNKNOWN_CODE).format(code=type(exc).__name__))
    return Problem("unknown", tr("Something went wrong. Please try again."))


# ---------------------------------------------------------------- the API module's checks, in words
# ``api/requests.py`` refuses a value with a code (and an English message for developers).

CHECK_WORDS = {
    "phone_missing": QT_TR_NOOP("Enter a mobile number."),
    "phone_not_number": QT_TR_NOOP("This is not a phone number. Use digits, for example 0812 0000 0000."),
    "phone_invalid": QT_TR_NOOP("This phone number is not valid. Check the digits, for example 0812 0000 0000."),
    "phone_not_mobile": QT_TR_NOOP("This looks like a landline. Enter a mobile number that can receive SMS."),
    "email_missing": QT_TR_NOOP("Enter an email address."),
    "email_invalid": QT_TR_NOOP("This email address is not valid, for example name@example.com."),
    "contact_missing": QT_TR_NOOP("Enter an email address or a mobile number."),
    "contact_invalid": QT_TR_NOOP("Enter an email address or a mobile number."),
    "date_invalid": QT_TR_NOOP("Enter a real date as YYYY-MM-DD."),
    "date_future": QT_TR_NOOP("This date cannot be in the future."),
    "name_missing": QT_TR_NOOP("Enter the customer's name."),
    "name_too_long": QT_TR_NOOP("The name is too long (100 characters at most)."),
    "gender_invalid": QT_TR_NOOP("Choose male or female."),
    "marital_invalid": QT_TR_NOOP("Choose a marital status from the list."),
    "religion_invalid": QT_TR_NOOP("Choose a religion from the list."),
    "method_invalid": QT_TR_NOOP("Unknown registration method."),
    "pin_invalid": QT_TR_NOOP("The PIN must be 4 to 8 digits."),
    "otp_invalid": QT_TR_NOOP("The code is 4 to 8 digits."),
    "postal_code_invalid": QT_TR_NOOP("A postal code is 5 digits."),
    "too_long": QT_TR_NOOP("Too long ({count} characters at most)."),
    "user_missing": QT_TR_NOOP("Say which member: email, member ID, mobile number or ID."),
    "pin_mismatch": QT_TR_NOOP("The two PINs are not the same."),
    "wedding_before_birth": QT_TR_NOOP("The wedding date is before the birthday."),
    # pydantic's own checks
    "missing": QT_TR_NOOP("This field is required."),
    "int_parsing": QT_TR_NOOP("Enter a whole number."),
    "int_type": QT_TR_NOOP("Enter a whole number."),
    "bool_parsing": QT_TR_NOOP("Choose yes or no."),
    "bool_type": QT_TR_NOOP("Choose yes or no."),
    "literal_error": QT_TR_NOOP("Choose one of the offered options."),
    "extra_forbidden": QT_TR_NOOP("This field is not accepted here."),
}


def check_words(code: str, fallback: str, params: dict[str, Any] | None = None) -> str:
    """One refused value in the cashier's words (``fallback``, the developer's text, for a code
    without words yet)."""
    template = CHECK_WORDS.get(code)
    if template is None:
        return fallback
    return tr(template).format(**params) if params else tr(template)


def validation_words(exc: RequestValidationError) -> dict[str, str]:
    """Field -> words, for what the API module refused before sending."""
    return {field: check_words(exc.codes.get(field, ""), text, exc.params.get(field))
            for field, text in exc.errors.items()}


def error_words(exc: ValueError) -> str:
    """A value one of the API module's checks refused (``normalise_phone`` and the like), in words."""
    if isinstance(exc, PydanticCustomError):
        return check_words(exc.type, exc.message(), exc.context)
    if isinstance(exc, RequestValidationError):
        return next(iter(validation_words(exc).values()), str(exc))
    return str(exc)


# ---------------------------------------------------------------- the outbox's codes, in words
# The outbox (below the flows) stores codes; these word them. Older outbox files hold a sentence
# in the error column instead of a code: it is shown as it is.

REFUSED = QT_TR_NOOP("Stamps refused this registration.")
PARTIAL_MEMBER = QT_TR_NOOP("A quick-registered member (no name or phone yet) already has this email. Nothing was "
                            "changed: in the outbox (Ctrl+O) you can complete that member with these details.")
ALREADY_MEMBER = QT_TR_NOOP("Another member already has this email, with a different name or phone. Nothing was "
                            "sent twice: check with the customer, then fix or discard this registration.")
UNKNOWN = QT_TR_NOOP("Something went wrong. Please try again.")
FAILURE_TEXT = {"offline": OFFLINE, "timeout": TIMEOUT, "auth": AUTH, "server": SERVER, "format": FORMAT,
                "invalid": REFUSED, "unknown": UNKNOWN, "partial_member": PARTIAL_MEMBER}
#: Codes the outbox itself puts on a field (reconciliation), in words.
FIELD_CODES = {"partial_member": PARTIAL_MEMBER, "email_already_used": ALREADY_MEMBER}


def failure_words(error: str | None) -> str:
    """An outbox item's stored error (a code; a sentence in older files), for the cashier."""
    if not error:
        return ""
    return tr(FAILURE_TEXT.get(error, error))


#: Why the outbox holds an item, as a fact only: the outbox's promise (sent by itself, nothing
#: more to do) follows it, so no "try again" that would contradict it.
HELD_TEXT = {
    "offline": QT_TR_NOOP("Cannot reach Stamps right now."),
    "timeout": QT_TR_NOOP("Stamps is not answering right now."),
    "server": QT_TR_NOOP("Stamps has a problem right now."),
    "format": QT_TR_NOOP("Stamps sent an answer this app cannot read."),
    "unknown": QT_TR_NOOP("Something went wrong while sending."),
}
#: The advising sentences and their fact-only variant.
_ADVISED = {OFFLINE: "offline", TIMEOUT: "timeout", SERVER: "server", FORMAT: "format", UNKNOWN: "unknown"}


def held_words(error: str | None) -> str:
    """An outbox item's stored error while it waits to be sent again (no advice: see HELD_TEXT)."""
    if error in HELD_TEXT:
        return tr(HELD_TEXT[error])
    return failure_words(error)


def held_message(problem: Problem | None) -> str:
    """A failure's words when the outbox keeps what failed: the fact without the advice."""
    if problem is None:
        return ""
    for source, code in _ADVISED.items():
        if problem.message == tr(source):
            return tr(HELD_TEXT[code])
    return problem.message


def field_code_words(text: str) -> str:
    """A field message the outbox stored as one of its own codes, in words ("" if not one)."""
    return tr(FIELD_CODES[text]) if text in FIELD_CODES else ""


def problem_of(failure: Failure | None) -> Problem | None:
    """An outbox delivery's failure as a Problem: worded from the exception when it happened now."""
    return worded(failure) if failure is not None else None


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
