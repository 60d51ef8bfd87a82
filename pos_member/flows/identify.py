"""What did the cashier type or scan: a name, an email, a phone number or a member ID?"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from pos_member.api.requests import DEFAULT_REGION

from . import format as fmt

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


def phone_shaped(text: str) -> bool:
    """Digits (with the usual separators) that start as an Indonesian phone number does: 08…,
    +62… or 62…. Half a number counts: it is the customer's phone, never their card."""
    tidy = " ".join(text.split())
    if not tidy or not _PHONE_CHARS.match(tidy):
        return False
    return digits_only(tidy).startswith(("08", "62"))


def registration_prefill(raw: str, *, scanned: bool = False) -> dict[str, str]:
    """"Register new member" from a search that found nothing: put what was typed only where it
    surely belongs. A scan is a card; typed text is never taken for one (a half-typed phone
    number became a member's card number that way)."""
    typed = identify(raw)
    if typed.kind == "empty":
        return {}
    if typed.kind == "email":
        return {"email": typed.key}
    if scanned:
        return {"member_id": typed.text.replace(" ", "")}
    if typed.kind == "phone":
        return {"mobile_number": fmt.phone(typed.key)}  # as the profile shows it: 0812-3456-7890
    if phone_shaped(typed.text):
        digits = digits_only(typed.text)
        return {"mobile_number": "0" + digits[2:] if digits.startswith("62") else digits}
    if typed.kind == "name":
        return {"name": typed.text.title() if typed.text.islower() else typed.text}
    return {}  # digits or a code that may be anything: the cashier types it where it belongs
