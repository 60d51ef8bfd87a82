"""Changing a member: profile edits, phone and email by one-time code, tags, level, anonymisation.

The one-time code the API returns belongs to the customer: it is dropped here the moment it
arrives, so no widget, log or object of the app ever holds it. The customer reads it from their
own phone or inbox and the cashier types it.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Literal

from pos_member.api import ApiError, ApiTimeout, Customer, MemberDetails, Membership, ResponseFormatError, StampsClient
from pos_member.api import requests as rq
from pos_member.api.codes import active as active_codes
from pos_member.i18n import QT_TR_NOOP, tr

from .pin import ManagerPinGate
from .problems import Problem, Refused, error_words, problem_from
from .registration import dates_and_consents, duplicates_of, parse_date, validate_payload

#: Seconds before another code may be sent.
RESEND_AFTER_S = 60
#: Seconds a code sent stays the one to type when its dialog is closed and opened again for the
#: same member (the training server's codes live 5 minutes; Stamps does not say, so no longer).
CODE_KEPT_S = 5 * 60
#: Wrong codes the app accepts before asking for a new code (the server has its own limit).
MAX_CODE_ATTEMPTS = 3

OTP_MESSAGES = {
    "invalid_template_code": QT_TR_NOOP("The message template for codes is not set up for this store. Ask the manager to check the OTP template settings."),
    "invalid_user_whatsapp_number": QT_TR_NOOP("This customer cannot receive WhatsApp messages. Send the code by SMS instead."),
    "invalid_otp": QT_TR_NOOP("That code is not right. Ask the customer to read it out again."),
    "otp_expired": QT_TR_NOOP("The code has expired. Send a new code."),
    "otp_attempts_exceeded": QT_TR_NOOP("Too many wrong codes. Send a new code."),
    "otp_not_requested": QT_TR_NOOP("No code was sent for this yet. Send a code first."),
    "email_already_used": QT_TR_NOOP("This email address already belongs to another member."),
    "mobile_number_already_used": QT_TR_NOOP("This mobile number already belongs to another member."),
    "downgrade_not_allowed": QT_TR_NOOP("The new level is lower than the member's current level, and “only upgrade” is ticked."),
    "user_has_no_membership": QT_TR_NOOP("This customer is not a member of this merchant."),
    "tag_not_found": QT_TR_NOOP("This tag is no longer on the member."),
}


def explain(problem: Problem) -> Problem:
    """Replace the server's wording with ours where we know the code."""
    if problem.code in OTP_MESSAGES:
        message = tr(OTP_MESSAGES[problem.code])
        fields = {k: message for k in problem.fields} if problem.fields else {}
        return Problem(problem.kind, message, fields, problem.code)
    return problem


# ------------------------------------------------------------------ profile edits

PROFILE_FIELDS = ("name", "birthday", "gender", "address", "district", "postal_code", "notes", "marital_status",
                  "wedding_date", "allow_whatsapp_marketing", "allow_sms_marketing", "allow_newsletters")


def profile_form(details: MemberDetails | None, full: Any = None) -> dict[str, Any]:
    """Form values from what is on screen (dates as DD-MM-YYYY, as cashiers write them)."""
    user = (full.user if full is not None and full.user is not None else None) or (details.user if details else None)
    membership = details.membership if details else None
    if user is None:
        return {}

    def day(value: Any) -> str:
        return value.strftime("%d-%m-%Y") if isinstance(value, dt.date) else (value or "")

    marital = user.marital_status if isinstance(user.marital_status, int) else None
    district = user.location.district.id if user.location and user.location.district else None
    return {
        "name": user.name or "",
        "birthday": day(user.birthday),
        "gender": user.gender if user.gender in ("male", "female") else None,
        "address": user.address or "",
        "district": district or "",
        "postal_code": user.postal_code or "",
        "notes": user.notes or "",
        "marital_status": marital,
        "wedding_date": day(user.wedding_date),
        # None = not known (details still loading or failed, or Stamps left it out): the form
        # shows it as such and it is never sent unless the cashier sets it.
        **{key: known_consent(membership, key) for key in rq.CONSENTS},
    }


def known_consent(membership: Membership | None, key: str) -> bool | None:
    """The customer's choice as Stamps holds it: True, False, or None when not known."""
    value = getattr(membership, key, None) if membership is not None else None
    return value if isinstance(value, bool) else None


def profile_payload(user: int | str, form: dict[str, Any],
                    original: dict[str, Any] | None = None) -> tuple[dict[str, Any], dict[str, str]]:
    """The form as change-profile's parameters. With ``original`` (the form as it was filled), only
    the fields the cashier touched are sent, a field emptied is sent empty, and only touched fields
    are checked (a value Stamps holds that we would refuse must not block another edit). The name
    (required by the API) is always sent. A consent is sent only when the cashier set it (True or
    False) and, with ``original``, changed it: one not known is never sent as false."""
    errors: dict[str, str] = {}
    payload: dict[str, Any] = {"user": user, "name": (form.get("name") or "").strip()}
    for key in ("address", "postal_code", "notes"):
        payload[key] = (form.get(key) or "").strip() or None
    for key in ("gender", "marital_status"):
        if form.get(key) not in (None, ""):
            payload[key] = form[key]
    district = str(form.get("district") or "").strip()
    if district:
        if district.isascii() and district.isdigit():  # not '²', which int() refuses
            payload["district"] = int(district)
        else:
            errors["district"] = tr("The district ID is a number.")
    dates_and_consents(form, payload, errors)
    for key in rq.CONSENTS:  # True, False, or None: not known (never made false here)
        payload[key] = form.get(key) if isinstance(form.get(key), bool) else None
    if original is None:
        if not payload["postal_code"]:
            payload.pop("postal_code")
    else:
        touched = {key for key in PROFILE_FIELDS if _typed(form.get(key)) != _typed(original.get(key))}
        if payload.get("marital_status") != active_codes().married:
            touched.discard("wedding_date")  # hidden unless married: never cleared by the way
        keep = {"user", "name"}
        # A touched field with no value now was emptied: None, which the API sends as "".
        payload = {k: v for k, v in payload.items() if k in keep} | {
            k: payload.get(k) for k in touched - keep}
        errors = {k: v for k, v in errors.items() if k in touched}
    for key in rq.CONSENTS:  # a consent not set (None: not known) is left out, never sent as false
        if not isinstance(payload.get(key), bool):
            payload.pop(key, None)
    validate_payload(rq.ChangeProfileBody, payload, errors)
    return payload, errors


def profile_changed(form: dict[str, Any], original: dict[str, Any]) -> bool:
    """Whether the cashier changed anything from the form as it was filled."""
    return any(_typed(form.get(key)) != _typed(original.get(key)) for key in PROFILE_FIELDS)


def _typed(value: Any) -> Any:
    """A form value as the cashier sees it: surrounding spaces and None vs "" do not count."""
    if value is None:
        return ""
    return value.strip() if isinstance(value, str) else value


# ------------------------------------------------------------------ one-time codes

Channel = Literal["sms", "whatsapp", "email"]
Stage = Literal["enter", "sent", "done"]


@dataclass
class OtpState:
    stage: Stage = "enter"
    target: str = ""               # the new number (E.164) or address the code went to
    channel: Channel = "sms"
    sent_at: float = 0.0
    attempts_left: int = MAX_CODE_ATTEMPTS

    def waiting_for_code(self, now: float | None = None) -> bool:
        """A code was sent, may still be typed, and is young enough to be the one to type."""
        return (self.stage == "sent" and self.attempts_left > 0 and self.sent_at > 0
                and (now or time.monotonic()) - self.sent_at < CODE_KEPT_S)

    def resend_in(self, now: float | None = None) -> int:
        if self.stage != "sent":
            return 0
        return max(0, int(RESEND_AFTER_S - ((now or time.monotonic()) - self.sent_at) + 0.999))


class OtpChange:
    """New mobile number or email, proven with a code the customer receives."""

    def __init__(self, client: StampsClient, member: str | int, kind: Literal["mobile", "email"],
                 template_codes: dict[str, str]):
        self.client, self.member, self.kind = client, member, kind
        self.templates = template_codes
        self.state = OtpState(channel="email" if kind == "email" else "sms")

    def check_target(self, text: str) -> tuple[str | None, str | None]:
        """(normalised new number or address, error)."""
        try:
            if self.kind == "mobile":
                return rq.normalise_phone(text), None
            return rq.normalise_email(text), None
        except ValueError as exc:
            return None, error_words(exc)

    async def send_code(self, target_text: str, channel: Channel) -> Problem | None:
        target, error = self.check_target(target_text)
        if error or target is None:
            error = error or tr("Enter the new number or address.")
            field = "mobile_number" if self.kind == "mobile" else "new_email"
            return Problem("invalid", error, {field: error})
        if self.state.stage == "sent" and target == self.state.target and self.state.resend_in() > 0:
            return Problem("invalid", tr("Wait {seconds} s before sending another code.").format(seconds=self.state.resend_in()))
        if await self._taken(target):  # before a code goes to someone else's inbox or phone
            code = "mobile_number_already_used" if self.kind == "mobile" else "email_already_used"
            field = "mobile_number" if self.kind == "mobile" else "new_email"
            message = tr(OTP_MESSAGES[code])
            return Problem("invalid", message, {field: message}, code)
        try:
            if self.kind == "mobile":
                if channel == "email":
                    raise ValueError("a mobile number's code goes by SMS or WhatsApp")
                issued = await self.client.request_mobile_otp(self.member, target, channel,
                                                              self.templates.get(channel, ""))
            else:
                issued = await self.client.request_email_otp(target, self.templates.get("email") or None)
        except ApiError as exc:
            return explain(problem_from(exc))
        del issued  # the customer's code: never kept, shown or logged
        self.state = OtpState("sent", target, channel, time.monotonic(), MAX_CODE_ATTEMPTS)
        return None

    async def _taken(self, target: str) -> bool:
        """Another member already has this number or address (the registration's check)."""
        found = await duplicates_of(self.client, {"email" if self.kind == "email" else "mobile_number": target})
        return any(d.member.user is not None and str(d.member.user.id) != str(self.member) for d in found)

    async def confirm(self, code_text: str) -> Problem | None:
        code = "".join(code_text.split())
        if self.state.stage != "sent":
            return Problem("invalid", tr(OTP_MESSAGES["otp_not_requested"]), {"otp": tr(OTP_MESSAGES["otp_not_requested"])})
        if not (code.isascii() and code.isdigit()) or not 4 <= len(code) <= 8:
            message = tr("The code is 4 to 8 digits.")
            return Problem("invalid", message, {"otp": message})
        if self.state.attempts_left <= 0:
            return Problem("invalid", tr(OTP_MESSAGES["otp_attempts_exceeded"]), {"otp": tr(OTP_MESSAGES["otp_attempts_exceeded"])})
        target = self.state.target
        if self.kind == "mobile":
            call = self.client.change_mobile_number(self.member, target, code)
            seen: Seen = lambda details: _same(details.user.phone, target)  # noqa: E731
        else:
            call = self.client.change_email(self.member, target, code)
            seen = lambda details: _same(details.user.email, target)  # noqa: E731
        try:
            await ask_write(self.client, self.member, call, seen)
        except Unconfirmed as exc:
            self.state.attempts_left = 0  # the code may be used up: no second try with it
            return exc.problem
        except Refused as exc:
            problem = exc.problem
            if problem.code == "invalid_otp":
                self.state.attempts_left -= 1
                if self.state.attempts_left <= 0:
                    self.state.sent_at = 0.0  # a new code may be sent at once
                    message = tr(OTP_MESSAGES["otp_attempts_exceeded"])
                else:
                    left = self.state.attempts_left
                    tries = tr("(1 try left)") if left == 1 else tr("({left} tries left)").format(left=left)
                    message = tr(OTP_MESSAGES["invalid_otp"]) + " " + tries
                return Problem("invalid", message, {"otp": message}, problem.code)
            if problem.code in ("otp_expired", "otp_attempts_exceeded", "otp_not_requested"):
                self.state.attempts_left = 0
                self.state.sent_at = 0.0
            return problem
        self.state.stage = "done"
        return None


# ------------------------------------------------------------------ supervisor actions

def level_choices(known: dict[int, Any], current: Any) -> list[tuple[str, int]]:
    """Levels to offer by name: the store's table (``Level`` rows or plain names), else the
    member's current level."""
    if known:
        return [(getattr(row, "name", row), level) for level, row in sorted(known.items())]
    if current is not None:
        return [(tr("Current level ({level})").format(level=int(current)), int(current))]
    return []


#: Typed to confirm anonymising a member without a usable first name, in the screen's language
#: (ANONIMKAN in Indonesian): the word the dialog shows is the word it accepts.
ANONYMISE_WORD = QT_TR_NOOP("ANONYMISE")


def confirmation_word(name: str | None) -> str:
    """What the cashier must type to anonymise: the member's first name, or ANONYMISE (translated)."""
    first = (name or "").split()
    return first[0] if first and first[0].isalpha() and first[0].lower() != "anonymous" else tr(ANONYMISE_WORD)


# ------------------------------------------------------------------ the change flows
# Each checks what was typed (raising ``Refused`` with per-field messages), calls Stamps for the
# one member it was made for, and words the server's refusals; ``ops.run`` reports the outcome.

CHECK_FIELDS = QT_TR_NOOP("Please check the fields marked in red.")


def refuse(errors: dict[str, str], message: str = CHECK_FIELDS) -> Refused:
    return Refused(Problem("invalid", tr(message), errors))


log = logging.getLogger(__name__)

UNCONFIRMED = QT_TR_NOOP("Stamps' answer could not be read, so this change is not confirmed. The member is shown "
                         "again as Stamps holds it now: check there whether it was saved before changing anything.")


class Unconfirmed(Refused):
    """A write whose answer could not be read, and reading the member again did not show it
    applied. Never "try again": the screen shows the member as Stamps holds them now."""


Seen = Callable[[MemberDetails], bool]


async def ask_write(client: StampsClient, member: int | str, call: Awaitable[Any], seen: Seen | None) -> Any:
    """A write to Stamps. If its answer cannot be read (or never came), the member is read again:
    the change seen there (``seen``) is a success (the details are returned); otherwise
    ``Unconfirmed``. A refusal becomes ``Refused`` in our words, as with ``ask``."""
    try:
        return await call
    except (ResponseFormatError, ApiTimeout) as exc:
        log.warning("a write's answer could not be read (%s): reading the member again", type(exc).__name__)
        details: MemberDetails | None = None
        try:
            details = await client.member_details(member, verbose=True)
        except ApiError as again:
            log.warning("reading the member again failed too (%s)", type(again).__name__)
        if details is not None and seen is not None and seen(details):
            log.info("the change is there: taken as saved")
            return details
        raise Unconfirmed(Problem("unknown", tr(UNCONFIRMED), code="unconfirmed")) from exc
    except ApiError as exc:
        raise Refused(explain(problem_from(exc))) from exc


def _same(sent: Any, held: Any) -> bool:
    if isinstance(sent, dt.date) or isinstance(held, dt.date):
        return str(sent)[:10] == str(held)[:10]
    return " ".join(str(sent if sent is not None else "").split()).casefold() == \
        " ".join(str(held if held is not None else "").split()).casefold()


def profile_seen(payload: dict[str, Any]) -> Seen:
    """Every field sent is what Stamps now holds."""
    def seen(details: MemberDetails) -> bool:
        user, membership = details.user, details.membership
        for key, value in payload.items():
            if key in rq.CONSENTS:
                if membership is None or getattr(membership, key, None) is not value:
                    return False
            elif key == "district":
                district = user.location.district.id if user.location and user.location.district else None
                if not _same(value, district):
                    return False
            elif key in USER_FIELDS and not _same(value, getattr(user, key, None)):
                return False
        return True
    return seen


USER_FIELDS = ("name", "birthday", "gender", "address", "postal_code", "notes", "marital_status", "wedding_date")


async def ask(call: Any) -> Any:
    """Await an API call; a refusal becomes ``Refused`` in our words."""
    try:
        return await call
    except ApiError as exc:
        raise Refused(explain(problem_from(exc))) from exc


async def prove_manager(gate: ManagerPinGate, pin: str) -> None:
    """Supervisor actions go ahead only with the manager PIN (checked off the event loop)."""
    check = await gate.check(pin)
    if not check.ok:
        raise Refused(Problem("invalid", "", {"manager_pin": check.message}))


CONSENT_UNKNOWN = QT_TR_NOOP("Stamps needs the customer's choice here, and it is not known yet. Ask the customer and "
                             "tick or untick it, or close and wait until the member's details have loaded.")


class ProfileEdit:
    """One profile edit. ``original`` is the form as filled from the profile: only what the
    cashier changed from it is sent, and nothing at all when nothing changed."""

    def __init__(self, client: StampsClient, member: int | str, original: dict[str, Any] | None = None):
        self.client, self.member, self.original = client, member, original

    async def save(self, form: dict[str, Any]) -> Customer | MemberDetails | None:
        """The member as Stamps answers after the change (or as read again, when the answer could
        not be read); None when nothing changed (nothing sent)."""
        payload, errors = profile_payload(self.member, form, self.original)
        if errors:
            raise refuse(errors)
        if self.original is not None and not profile_changed(form, self.original):
            return None
        user, name = payload.pop("user"), payload.pop("name")
        try:
            return await ask_write(self.client, self.member, self.client.change_profile(user, name, **payload),
                                   profile_seen({"name": name, **payload}))
        except Refused as exc:
            # Should Stamps need a consent we did not send (not known here), say so by that box.
            unknown = [k for k in rq.CONSENTS if k in exc.problem.fields and k not in payload]
            if not unknown:
                raise
            message = tr(CONSENT_UNKNOWN)
            fields = dict(exc.problem.fields) | dict.fromkeys(unknown, message)
            raise Refused(Problem("invalid", message, fields, exc.problem.code)) from exc


def tags_of(details: MemberDetails) -> set[tuple[str, str]]:
    tags = [*details.tags, *(details.membership.tags if details.membership else [])]
    return {(t.group or "", t.tag or "") for t in tags}


class TagEdit:
    def __init__(self, client: StampsClient, member: str | int, tags: list[tuple[str, str]]):
        self.client, self.member = client, member
        self.tags = list(tags)

    async def add(self, key_text: str, value_text: str) -> Membership:
        key, value = key_text.strip(), value_text.strip()
        errors = {}
        if not key:
            errors["key"] = tr("Choose or type a tag key, e.g. category.")
        if not value:
            errors["value"] = tr("Type the tag value, e.g. vvip.")
        if errors:
            raise Refused(Problem("invalid", "", errors))
        answer = await ask_write(self.client, self.member, self.client.add_tag(self.member, key, value),
                                 lambda details: (key, value) in tags_of(details))
        if (key, value) not in self.tags:
            self.tags.append((key, value))
        return answer

    async def remove(self, key: str, value: str) -> None:
        try:
            await ask_write(self.client, self.member, self.client.remove_tag(self.member, key, value),
                            lambda details: (key, value) not in tags_of(details))
        except Refused as exc:
            if exc.problem.code != "tag_not_found":  # already gone: the goal is reached
                raise
        self.tags = [t for t in self.tags if t != (key, value)]


PAST_END_DATE = QT_TR_NOOP("This date is in the past: Stamps may end the level at once. Change it, or press "
                           "Set level again to keep it.")


class LevelChange:
    def __init__(self, client: StampsClient, member: str | int):
        self.client, self.member = client, member

    @staticmethod
    def check(level: Any, end_date_text: str, store_text: str, *, past_ok: bool = False,
              today: dt.date | None = None) -> dict[str, Any]:
        """The typed values as the API's parameters; ``Refused`` names the fields that are wrong.
        An end date in the past is refused with a warning unless ``past_ok`` (asked again)."""
        errors: dict[str, str] = {}
        end_date = None
        try:
            end_date = parse_date(end_date_text)
        except ValueError as exc:
            errors["end_date"] = str(exc)
        if end_date is not None and end_date < (today or dt.date.today()) and not past_ok:
            errors["end_date"] = tr(PAST_END_DATE)
        store = store_text.strip()
        if store and not (store.isascii() and store.isdigit()):
            errors["store"] = tr("The store ID is a number.")
        if level is None:
            errors["level"] = tr("Choose a level.")
        if errors:
            raise Refused(Problem("invalid", "", errors))
        return {"level": int(level), "end_date": end_date, "store": int(store) if store else None}

    async def apply(self, values: dict[str, Any], *, upgrade_only: bool) -> None:
        level = values["level"]
        await ask_write(self.client, self.member,
                        self.client.set_level(self.member, level, upgrade_only=upgrade_only,
                                              end_date=values["end_date"], store=values["store"]),
                        lambda details: details.membership is not None and details.membership.level is not None
                        and int(details.membership.level) == level)


class Anonymisation:
    def __init__(self, client: StampsClient, member: str | int, name: str | None):
        self.client, self.member = client, member
        self.word = confirmation_word(name)

    def check(self, typed: str, *, mark_only: bool) -> None:
        # Exact (only spaces around are forgiven): it is the last word before data is gone for good.
        # Marking asks the same: the seed says of it "You can use this API to anonymize customer".
        del mark_only
        if typed.strip() != self.word:
            raise Refused(Problem("invalid", "", {"confirm": tr("Type {word} exactly to confirm.").format(word=self.word)}))

    async def apply(self, *, mark_only: bool) -> None:
        if mark_only:  # nothing in the member's details shows a mark: an unreadable answer stays unknown
            await ask_write(self.client, self.member, self.client.set_pending_anonymization(self.member), None)
        else:
            await ask_write(self.client, self.member, self.client.anonymize(self.member),
                            lambda details: details.user.is_anonymized is True)
