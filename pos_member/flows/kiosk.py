"""Self-registration at a store kiosk: one question per step, nothing about anyone else, forget
everything when the customer walks away. Uses the same registration path and outbox as the counter."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

from pos_member.api import requests as rq
from pos_member.config import Settings
from pos_member.i18n import tr

from .problems import Refused
from .registration import MAX_AGE, MIN_AGE, Registrar, RegistrationFlow, age_on, duplicates_of, parse_date

#: The customer's steps, in order (welcome before, done after).
STEPS = ("name", "mobile", "email", "birthday", "gender", "consent", "summary")
FIELD_STEP = {"name": "name", "mobile_number": "mobile", "email": "email", "birthday": "birthday", "gender": "gender"}
CONSENTS = ("allow_whatsapp_marketing", "allow_sms_marketing", "allow_newsletters")


@dataclass
class KioskOutcome:
    state: Literal["registered", "queued", "already_member", "invalid"]
    card: str | None = None
    tier: str | None = None
    errors: dict[str, str] = field(default_factory=dict)


class KioskFlow:
    def __init__(self, registrar: Registrar, client: Any, settings: Settings):
        self.client, self.settings = client, settings
        # The counter's own registration: one validation, one duplicate check, one outbox.
        self.registration = RegistrationFlow(client, registrar, settings, None,
                                             method=int(settings.kiosk_registration_method))
        self.data: dict[str, Any] = {}

    def reset(self) -> None:
        """The customer walked away: forget everything they typed."""
        self.data = {}

    def check(self, step: str, values: dict[str, Any]) -> dict[str, str]:
        """Errors for one step, in plain words; the values are kept either way."""
        self.data.update(values)
        errors: dict[str, str] = {}
        if step == "name":
            if not (values.get("name") or "").strip():
                errors["name"] = tr("Please type your name.")
        elif step == "mobile":
            try:
                rq.normalise_phone(values.get("mobile_number"))
            except ValueError as exc:
                errors["mobile_number"] = str(exc)
        elif step == "email":
            try:
                rq.normalise_email(values.get("email"))
            except ValueError as exc:
                errors["email"] = str(exc)
        elif step == "birthday":
            try:
                birthday = parse_date(values.get("birthday") or "")
            except ValueError as exc:
                errors["birthday"] = str(exc)
            else:
                if birthday is not None and not MIN_AGE <= age_on(birthday, dt.date.today()) <= MAX_AGE:
                    errors["birthday"] = tr("Please check the year of your birthday.")
        return errors

    async def already_member(self, step: str) -> bool:
        """Whether the mobile number or email just entered belongs to a member (the counter's own
        duplicate check; a failed look-up counts as no, the registration checks again)."""
        key = {"mobile": "mobile_number", "email": "email"}.get(step)
        if key is None:
            return False
        return bool(await duplicates_of(self.client, {key: self.data.get(key)}))

    def form(self) -> dict[str, Any]:
        """What will be sent: the summary shows exactly this."""
        form = {key: self.data.get(key) for key in ("name", "email", "mobile_number", "birthday", "gender")}
        for key in CONSENTS:
            form[key] = bool(self.data.get(key))  # explicit choices only, never ticked in advance
        return form

    async def submit(self) -> KioskOutcome:
        try:
            answer = await self.registration.submit(self.form())
        except Refused as exc:
            problem = exc.problem
            if problem.code and "already" in problem.code:
                return KioskOutcome("already_member")
            return KioskOutcome("invalid", errors=problem.fields or {"summary": problem.message})
        submitted = answer.submitted
        if answer.duplicates or submitted is None:
            # Say nothing about who: the kiosk never shows another member's data.
            return KioskOutcome("already_member")
        if submitted.state == "queued":
            return KioskOutcome("queued")
        membership = getattr(submitted.result, "membership", None)
        card = membership.primary_card.number if membership and membership.primary_card else None
        return KioskOutcome("registered", card=card, tier=membership.tier if membership else None)
