"""Plain-text formatting of what the API returns, for widgets (no Qt)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import phonenumbers

from pos_member.i18n import month_names


def rupiah(amount: int | float | Decimal | None) -> str:
    """Indonesian grouping: ``Rp 590.000``."""
    if amount is None:
        return "–"
    value = int(round(Decimal(str(amount))))
    sign = "-" if value < 0 else ""
    return f"{sign}Rp {abs(value):,}".replace(",", ".")


def number(value: int | float | Decimal | None) -> str:
    if value is None:
        return "–"
    return f"{int(round(Decimal(str(value)))):,}".replace(",", ".")


def phone(e164: str | None) -> str:
    """+6281234567890 -> 0812-3456-7890 (national form, as cashiers read them)."""
    if not e164:
        return ""
    try:
        parsed = phonenumbers.parse(e164, "ID")
    except phonenumbers.NumberParseException:
        return e164
    if parsed.country_code == 62:
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def phone_ending(e164: str | None) -> str:
    """The last four digits only (``•••• 7890``): tells two members apart without showing a
    customer's number to whoever stands at the counter."""
    digits = [c for c in (e164 or "") if c.isdigit()]
    return "•••• " + "".join(digits[-4:]) if len(digits) >= 4 else ""


def date(value: dt.date | str | None) -> str:
    """``31 Dec 2026``; text the server sent that is no real date is shown as it came."""
    if value is None or value == "":
        return "–"
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return f"{value.day} {month_names()[value.month - 1]} {value.year}"
    return str(value)


def days_left(deadline: dt.date | str | None, today: dt.date | None = None) -> int | None:
    if not isinstance(deadline, dt.date):
        return None
    return (deadline - (today or dt.date.today())).days
