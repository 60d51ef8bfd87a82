"""What did the cashier type or scan: a name, an email, a phone number or a member ID?"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from pos_member.api.requests import DEFAULT_REGION

Kind = Literal["empty", "name", "email", "phone", "member_id"]
_PHONE_CHARS = re.compile(r"^\+?[\d\s\-().]+$")
_MEMBER_ID = re.compile(r"^[A-Za-z0-9\-]{6,20}$")


@dataclass(frozen=True)
class Typed:
    kind: Kind
    text: str        # as typed, tidied
    key: str         # what to look the member up by (E.164 for phones)

    @property
    def direct(self) -> bool:
        """Clearly one member: Enter opens it without going through suggestions."""
        return self.kind in ("email", "phone", "member_id")


def digits_only(text: str) -> str:
    return re.sub(r"\D", "", text)


def identify(raw: str) -> Typed:
    text = " ".join(raw.split())
    if not text:
        return Typed("empty", "", "")
    if "@" in text:
        try:
            email = validate_email(text, check_deliverability=False).normalized
            return Typed("email", text, email)
        except EmailNotValidError:
            return Typed("name", text, text)
    if _PHONE_CHARS.match(text):
        digits = digits_only(text)
        try:
            number = phonenumbers.parse(text, DEFAULT_REGION)
            if 9 <= len(digits) <= 15 and phonenumbers.is_valid_number(number) and (
                    text.startswith(("+", "0")) or digits.startswith("62")):
                return Typed("phone", text, phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))
        except phonenumbers.NumberParseException:
            pass
        if len(digits) >= 6 and " " not in text:
            return Typed("member_id", text, text)
        return Typed("name", text, text)
    if _MEMBER_ID.match(text) and any(ch.isdigit() for ch in text):
        return Typed("member_id", text, text)
    return Typed("name", text, text)


def searchable(text: str, *, min_chars: int = 2, min_digits: int = 3) -> bool:
    """Start suggestions after 2 characters, or 3 digits for numbers."""
    tidy = " ".join(text.split())
    if not tidy:
        return False
    if _PHONE_CHARS.match(tidy):
        return len(digits_only(tidy)) >= min_digits
    return len(tidy) >= min_chars


def registration_prefill(raw: str) -> dict[str, str]:
    """"Register new member" from a search that found nothing: put what was typed where it belongs."""
    typed = identify(raw)
    if typed.kind == "email":
        return {"email": typed.key}
    if typed.kind == "phone":
        return {"mobile_number": typed.text}
    if typed.kind == "member_id":
        return {"member_id": typed.text}
    if typed.kind == "name":
        return {"name": typed.text.title() if typed.text.islower() else typed.text}
    return {}
