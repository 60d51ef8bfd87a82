"""Self-registration at a store kiosk: a few steps, nothing about anyone else, forget everything
when the customer walks away. Uses the same registration path and outbox as the counter."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

from pos_member.api import requests as rq
from pos_member.config import Settings
from pos_member.i18n import tr

from .registration import MAX_AGE, MIN_AGE, Registrar, age_on, find_duplicates, parse_date, registration_payload

STEPS = ("welcome", "name", "mobile", "email", "more", "consent", "summary", "done")
FIELD_STEP = {"name": "name", "mobile_number": "mobile", "email": "email", "birthday": "more", "gender": "more"}


@dataclass
class KioskOutcome:
    state: Literal["registered", "queued", "already_member", "invalid"]
    card: str | None = None
    tier: str | None = None
    errors: dict[str, str] = field(default_factory=dict)


class KioskFlow:
    def __init__(self, registrar: Registrar, client: Any, settings: Settings):
        self.registrar, self.client, self.settings = registrar, client, settings
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
        elif step == "more":
            try:
                birthday = parse_date(values.get("birthday") or "")
            except ValueError as exc:
                errors["birthday"] = str(exc)
            else:
                if birthday is not None and not MIN_AGE <= age_on(birthday, dt.date.today()) <= MAX_AGE:
                    errors["birthday"] = tr("Please check the year of your birthday.")
        return errors

    async def submit(self) -> KioskOutcome:
        form = {key: self.data.get(key) for key in ("name", "email", "mobile_number", "birthday", "gender")}
        for key in ("allow_whatsapp_marketing", "allow_sms_marketing", "allow_newsletters"):
            form[key] = bool(self.data.get(key))  # explicit choices only, never ticked in advance
        payload, errors = registration_payload(form, self.settings, None,
                                               method=int(self.settings.kiosk_registration_method))
        if errors:
            return KioskOutcome("invalid", errors=errors)
        try:
            phone = rq.normalise_phone(payload["mobile_number"])
        except ValueError:
            phone = None
        if await find_duplicates(self.client, payload["email"], phone):
            # Say nothing about who: the kiosk never shows another member's data.
            return KioskOutcome("already_member")
        submitted = await self.registrar.submit("register", payload)
        if submitted.state == "refused":
            problem = submitted.problem
            if problem.code and "already" in problem.code:
                return KioskOutcome("already_member")
            return KioskOutcome("invalid", errors=problem.fields or {"name": problem.message})
        if submitted.state == "queued":
            return KioskOutcome("queued")
        result = submitted.result
        membership = getattr(result, "membership", None)
        card = membership.primary_card.number if membership and membership.primary_card else None
        return KioskOutcome("registered", card=card, tier=membership.tier if membership else None)
