"""Registering a member at the counter: validate, check for an existing member, then hand the
registration to the outbox, which delivers it now or as soon as Stamps can be reached."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import re
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any, Literal

from pos_member.api import ApiError, BadRequest, MemberDetails, RequestValidationError, StampsClient
from pos_member.api import requests as rq
from pos_member.api.codes import active as active_codes
from pos_member.config import Settings
from pos_member.i18n import QT_TR_NOOP, tr
from pos_member.outbox import Cause, Outbox, OutboxSender, Outcome, cause

from .consent import PARENT_NEEDED, needs_parent
from .consent import age_on as age_on
from .identify import identify
from .problems import Problem, Refused, cause_words, error_words, problem_of, validation_words

log = logging.getLogger(__name__)

#: Youngest and oldest plausible member.
MIN_AGE, MAX_AGE = 5, 110
#: Seconds the duplicate look-up may take before we register without it (the outbox reconciles).
DUPLICATE_CHECK_TIMEOUT_S = 4.0
#: Day first (30-05-1993, or the digits alone, 30051993, as the kiosk takes them), then ISO.
_DATE_FORMS = (re.compile(r"^(\d{1,2})[-/. ](\d{1,2})[-/. ](\d{4})$"), re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
               re.compile(r"^(\d{2})(\d{2})(\d{4})$"))

DATE_MESSAGE = QT_TR_NOOP("Enter the date as DD-MM-YYYY, for example 30-05-1993.")


def parse_date(text: str) -> dt.date | None:
    """Day first as cashiers write it (30-05-1993 or 30051993), or ISO (1993-05-30). Raises
    ValueError, saying so when the date does not exist (31-02-1990)."""
    text = text.strip()
    if not text:
        return None
    for i, form in enumerate(_DATE_FORMS):
        match = form.match(text)
        if match:
            a, b, c = (int(g) for g in match.groups())
            try:
                return dt.date(a, b, c) if i == 1 else dt.date(c, b, a)
            except ValueError:
                raise ValueError(tr("This date does not exist.") + " " + tr(DATE_MESSAGE)) from None
    raise ValueError(tr(DATE_MESSAGE))


def dates_and_consents(form: dict[str, Any], payload: dict[str, Any], errors: dict[str, str]) -> None:
    """Shared by registration and profile edits: birthday and wedding date typed as cashiers write
    them (the wedding date only for the married), and the three consents as booleans."""
    for key in ("birthday", "wedding_date"):
        try:
            day = parse_date(form.get(key) or "")
        except ValueError as exc:
            errors[key] = str(exc)
            continue
        if day is not None:
            payload[key] = day
    if payload.get("marital_status") != active_codes().married:
        payload.pop("wedding_date", None)
        errors.pop("wedding_date", None)
    for key in ("allow_whatsapp_marketing", "allow_sms_marketing", "allow_newsletters"):
        payload[key] = bool(form.get(key))


def validate_payload(body: type[rq.Body], payload: dict[str, Any], errors: dict[str, str]) -> None:
    """The API module's own request validation, then the age check; earlier errors win."""
    try:
        rq.build(body, **payload)
    except RequestValidationError as exc:
        for key, message in validation_words(exc).items():
            errors.setdefault(key, message)
    check_age(payload, errors)


def check_age(payload: dict[str, Any], errors: dict[str, str]) -> None:
    birthday = payload.get("birthday")
    if isinstance(birthday, dt.date) and "birthday" not in errors:
        age = age_on(birthday, dt.date.today())
        if not MIN_AGE <= age <= MAX_AGE:
            errors["birthday"] = tr("This birthday gives an age of {age}. Please check the year.").format(age=age)


@dataclass(frozen=True)
class Duplicate:
    field: Literal["email", "mobile_number"]
    member: MemberDetails

    @property
    def summary(self) -> str:
        user, membership = self.member.user, self.member.membership
        card = membership.primary_card.number if membership and membership.primary_card else ""
        tier = membership.tier if membership else ""
        return ", ".join(x for x in ((user.name if user else "") or "", card or "", tier or "") if x)


def registration_payload(form: dict[str, Any], settings: Settings, cashier: str | None,
                         *, method: int | None = None) -> tuple[dict[str, Any], dict[str, str]]:
    """The form's text to the API's parameters, and plain-words errors by parameter name."""
    errors: dict[str, str] = {}
    payload: dict[str, Any] = {}
    for key in ("name", "email", "mobile_number", "address", "postal_code", "member_id", "referral_code",
                "pin", "confirm_pin"):
        value = form.get(key)
        if isinstance(value, str):
            value = value.strip()
        if value or key in ("name", "email", "mobile_number"):  # required: empty ones get their own message
            payload[key] = value or ""
    for key in ("gender", "religion", "marital_status", "district"):
        if form.get(key) not in (None, ""):
            payload[key] = form[key]
    dates_and_consents(form, payload, errors)
    payload["registration_method"] = method if method is not None else int(settings.registration_method)
    payload["generate_default_password"] = settings.generate_default_password
    if cashier:
        payload["registering_employee_code"] = cashier
    if settings.store:
        payload["store"] = settings.store

    birthday = payload.get("birthday")
    if isinstance(birthday, dt.date) and needs_parent(birthday, settings.min_age_alone):
        # A child's data needs a parent's consent (UU PDP Art. 25): the cashier confirms it, and
        # the member's record says who did and when.
        if form.get("parent_consent"):
            payload["extra_data"] = {"parent_consent": {"confirmed_by": cashier or "", "on": dt.date.today().isoformat()}}
        else:
            errors["parent_consent"] = tr(PARENT_NEEDED).format(age=settings.min_age_alone)
    validate_payload(rq.RegisterBody, payload, errors)
    if payload.get("pin") and not payload.get("confirm_pin"):
        errors.setdefault("confirm_pin", tr("Type the PIN again to confirm it."))
    return payload, errors


async def find_duplicates(client: StampsClient, email: str | None, phone: str | None) -> list[Duplicate]:
    """Members who already have this email or mobile number. Look-up failures count as 'none
    found': the outbox reconciles, and a cashier must not be stopped by a slow network."""

    async def look(field: Literal["email", "mobile_number"], key: str | None) -> Duplicate | None:
        if not key:
            return None
        try:
            details = await client.member_details(key)
        except (BadRequest, RequestValidationError):
            return None
        return Duplicate(field, details) if details.user else None

    try:
        async with asyncio.timeout(DUPLICATE_CHECK_TIMEOUT_S):
            found = await asyncio.gather(look("email", email), look("mobile_number", phone), return_exceptions=True)
    except TimeoutError:
        return []
    out: list[Duplicate] = []
    seen: set[str | None] = set()
    for item in found:
        if isinstance(item, Duplicate) and item.member.user is not None and item.member.user.id not in seen:
            seen.add(item.member.user.id)
            out.append(item)
        elif isinstance(item, BaseException) and not isinstance(item, ApiError):
            raise item
    return out


QUEUED_OFFLINE = QT_TR_NOOP("Stamps is not answering right now, so this was saved on this counter at once.")


class NotSaved(Refused):
    """The outbox could not keep a registration: nothing was sent, and the form must be kept."""

    def __init__(self, why: Cause):
        self.why = why
        super().__init__(Problem("unknown", tr("NOT saved — {why} — the form is kept. Try again, or call IT.")
                                 .format(why=cause_words(why))))


@dataclass(frozen=True)
class Submitted:
    """What became of a submission: delivered now, queued for later, or refused with reasons."""

    state: Literal["delivered", "queued", "refused"]
    outcome: Outcome | None = None
    problem: Problem | None = None

    @property
    def result(self) -> Any:
        return self.outcome.result if self.outcome else None


class Registrar:
    """Hands registrations to the outbox and reports back in the cashier's terms."""

    def __init__(self, outbox: Outbox, sender: OutboxSender):
        self.outbox, self.sender = outbox, sender

    async def submit(self, kind: Literal["register", "partial"], payload: dict[str, Any],
                     *, replaces: int | None = None, now: bool = True,
                     saving: Callable[[Future], None] | None = None) -> Submitted:
        """Raises ``NotSaved`` (with the reason in words) when the outbox could not keep it
        (``NotKept`` from the outbox, or anything else its thread raised). ``saving`` is given the
        outbox's write as it starts: it ends on the outbox thread even if this is cancelled."""
        outbox = self.outbox
        try:  # durable before anything else (on the outbox thread: the counter never waits on fsync)
            adding = outbox.post(outbox.add, kind, _jsonable(payload))
            if saving is not None:
                saving(adding)
            item_id = await asyncio.wrap_future(adding)
        except Exception as exc:
            log.error("registration not saved: %s", type(exc).__name__, exc_info=exc)
            raise NotSaved(cause(exc)) from exc
        if replaces is not None:
            await outbox.run(outbox.discard, replaces)
        if not now:
            self.sender.wake()
            return Submitted("queued", None, Problem("offline", tr(QUEUED_OFFLINE)))
        try:
            outcome = await self.sender.deliver_now(item_id)
        except Exception as exc:  # saved: the background sender will get to it
            log.error("registration saved, first delivery failed: %s", type(exc).__name__, exc_info=exc)
            return Submitted("queued", None, Problem("unknown", tr("Saved on this counter; it will be sent later.")))
        if outcome.state == "delivered":
            return Submitted("delivered", outcome)
        if outcome.state == "attention":
            if outcome.failure is not None and outcome.failure.code == "partial_member":
                # Kept: the outbox offers to complete that member with these details.
                return Submitted("refused", outcome, problem_of(outcome.failure))
            # The form is still open: the cashier fixes it there, so the queue need not keep it.
            await outbox.run(outbox.discard, item_id)
            return Submitted("refused", outcome, problem_of(outcome.failure))
        return Submitted("queued", outcome, problem_of(outcome.failure))


async def duplicates_of(client: StampsClient, payload: dict[str, Any]) -> list[Duplicate]:
    """The one duplicate check of the counter and the kiosk: members who already have the
    payload's email or mobile number."""
    try:
        phone = rq.normalise_phone(payload.get("mobile_number") or "")
    except ValueError:
        phone = None
    return await find_duplicates(client, payload.get("email") or None, phone)


CHECK_FIELDS = QT_TR_NOOP("Please check the fields marked in red.")


@dataclass(frozen=True)
class Answer:
    """A registration's outcome: submitted (delivered or queued), or members who look the same."""

    submitted: Submitted | None = None
    duplicates: tuple[Duplicate, ...] = ()


class RegistrationFlow:
    """One registration (counter or kiosk): check the form, look for an existing member, hand it to
    the outbox. ``Refused`` carries the problems by field; nothing typed is dropped."""

    def __init__(self, client: StampsClient, registrar: Registrar, settings: Settings, cashier: str | None,
                 *, method: int | None = None, replaces: int | None = None):
        self.client, self.registrar, self.settings = client, registrar, settings
        self.cashier, self.method, self.replaces = cashier, method, replaces
        #: Where a submission is: "checking" (only look-ups sent: nothing can be at Stamps yet),
        #: "saving" (the outbox is writing it: from then on it is the outbox's), "handed" (the app
        #: closed during the check and gave it to the outbox), or "" (none running).
        self.stage: Literal["", "checking", "saving", "handed"] = ""
        self._checking: dict[str, Any] | None = None
        self._adding: Future | None = None

    def check(self, form: dict[str, Any]) -> dict[str, Any]:
        payload, errors = registration_payload(form, self.settings, self.cashier, method=self.method)
        if errors:
            raise Refused(Problem("invalid", tr(CHECK_FIELDS), errors))
        return payload

    async def submit(self, form: dict[str, Any], *, checked_duplicates: bool = False) -> Answer:
        payload = self.check(form)
        try:
            return await self._submit(payload, checked_duplicates)
        finally:
            if self.stage != "handed":
                self.stage, self._checking, self._adding = "", None, None

    async def _submit(self, payload: dict[str, Any], checked_duplicates: bool) -> Answer:
        if getattr(self.client, "offline", False):
            # Stamps is known not to answer: saved at once, sent by the outbox when it answers
            # again (it reconciles an existing member then); nobody waits for time-outs.
            self.stage = "saving"
            submitted = await self.registrar.submit("register", payload, replaces=self.replaces, now=False,
                                                    saving=self._saving)
            self.replaces = None
            return Answer(submitted)
        if not checked_duplicates:
            self.stage, self._checking = "checking", payload
            duplicates = await duplicates_of(self.client, payload)
            if self.stage == "handed":  # the app closed meanwhile: the outbox has it already
                raise asyncio.CancelledError
            if duplicates:
                return Answer(duplicates=tuple(duplicates))
        self.stage, self._checking = "saving", None
        submitted = await self.registrar.submit("register", payload, replaces=self.replaces, saving=self._saving)
        self.replaces = None  # the refused item it replaced is gone now, whatever happened
        if submitted.state == "refused" and submitted.problem is not None:
            raise Refused(submitted.problem)
        return Answer(submitted)

    def _saving(self, adding: Future) -> None:
        self._adding = adding

    #: How long a closing app waits for the outbox to finish writing a registration it started.
    HAND_OVER_WAIT_S = 10.0

    def hand_over(self) -> bool:
        """The app is closing while this registration runs (Register was pressed). Synchronous, so
        a Windows log-off can call it too. True when the outbox holds the registration now (the
        form is no draft any more); False when it is not there (the form must stay the draft).

        During the duplicate check nothing has reached Stamps (only look-ups): the outbox takes it
        at once, without the check, and sends it as it sends any — Stamps refuses a second member
        with the same email or phone, and the outbox then finds ours ("Already a member") or asks
        the cashier, so nobody is registered twice. Once the outbox was writing it, that write
        ends on its own thread; this waits for it."""
        if self.stage == "checking" and self._checking is not None:
            outbox = self.registrar.outbox
            try:
                outbox.add("register", _jsonable(self._checking))
            except Exception as exc:  # noqa: BLE001 (the draft keeps it instead)
                log.error("registration being checked not saved at close: %s", type(exc).__name__)
                return False
            self.stage, self._checking = "handed", None
            if self.replaces is not None:
                try:
                    outbox.discard(self.replaces)
                except Exception as exc:  # noqa: BLE001 (a refused copy left: the manager sees both)
                    log.warning("the refused item replaced at close stays: %s", type(exc).__name__)
                self.replaces = None
            log.info("registration handed to the outbox as the app closed (its duplicate check was running)")
            return True
        if self.stage == "saving" and self._adding is not None:
            try:
                self._adding.result(timeout=self.HAND_OVER_WAIT_S)
            except Exception as exc:  # noqa: BLE001 (not kept: the draft keeps it)
                log.error("registration not saved at close: %s", type(exc).__name__)
                return False
            return True
        return False


#: Quick registration takes no consents: saved for later, it would reach Stamps with Stamps' own
#: defaults (the seed's "defaults to true") and nobody there to ask. Not kept: the full form is.
QUICK_OFFLINE = QT_TR_NOOP("Stamps cannot be reached now, and a quick registration sent later would go without "
                           "asking about promos. Register with the full form: it is saved on this counter with "
                           "the customer's own answers.")
#: A quick registration queued after all (its first sending failed on the way): what to tell the cashier.
QUICK_QUEUED = QT_TR_NOOP("Promos were not asked: once this is sent, Stamps may count them as yes. Ask about "
                          "promos when {contact} comes back (Edit profile), or set them to no there.")


class QuickRegistration:
    """Partial registration from one email or mobile number. Only while Stamps answers: the
    answers about promos are asked on the success page, with the customer there."""

    def __init__(self, registrar: Registrar, cashier: str | None):
        self.registrar, self.cashier = registrar, cashier

    async def submit(self, text: str) -> Submitted:
        key, error = quick_key(text)
        if error:
            raise Refused(Problem("invalid", "", {"user": error}))
        payload: dict[str, Any] = {"user": key, "send_registration_message": True}
        if self.cashier:
            payload["registering_employee_code"] = self.cashier
        if getattr(self.registrar.sender.client, "offline", False) or self.stamps_unreachable():
            words = tr(QUICK_OFFLINE)
            raise Refused(Problem("offline", words, {"user": words}, "quick_offline"))
        submitted = await self.registrar.submit("partial", payload)
        if submitted.state == "refused" and submitted.problem is not None:
            problem = submitted.problem
            raise Refused(Problem(problem.kind, problem.message, {"user": problem.fields.get("user") or problem.message},
                                  problem.code))
        return submitted


    def stamps_unreachable(self) -> bool:
        """The outbox is waiting for Stamps: an item's last try could not reach it (the network
        off refuses connections at once, so the client's "offline" — set by a time-out — may
        not say so)."""
        return any(item.error in UNREACHABLE for item in self.registrar.outbox.items("pending"))


#: Outbox failure codes that mean Stamps could not be reached (or answered with a server error).
UNREACHABLE = ("offline", "timeout", "server")


def quick_key(text: str) -> tuple[str | None, str | None]:
    """Quick registration takes one email or mobile number: (key, error)."""
    typed = identify(text)
    if typed.kind == "email":
        return typed.key, None
    if typed.kind == "phone":
        return typed.key, None
    if not text.strip():
        return None, tr("Enter the customer's email address or mobile number.")
    try:
        return rq.email_or_mobile(text), None
    except ValueError as exc:  # PydanticCustomError is a ValueError
        return None, error_words(exc)


def _jsonable(payload: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in payload.items()}
