"""Plain-text formatting of what the API returns, for widgets (no Qt): the one place where dates,
amounts, shares and deadlines get their written form, in the current language.

English and Indonesian both write ``Rp 590.000`` (the store's currency keeps its own grouping),
``85%`` (no space) and ``31 Dec 2026`` / ``31 Des 2026``; a deadline is "by 31 Dec 2026 (25 days
left)" / "hingga 31 Des 2026 (sisa 25 hari)" — *hingga* includes the day, as Stamps counts it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import phonenumbers

from pos_member.i18n import QT_TR_NOOP, month_names, tr

DEADLINE = QT_TR_NOOP("by {date}")
DEADLINE_PASSED = QT_TR_NOOP("by {date} (passed)")
DEADLINE_TODAY = QT_TR_NOOP("by {date} (today)")
DEADLINE_ONE_DAY = QT_TR_NOOP("by {date} (1 day left)")
DEADLINE_DAYS = QT_TR_NOOP("by {date} ({days} days left)")


def rupiah(amount: int | float | Decimal | None) -> str:
    """Indonesian grouping: ``Rp 590.000``."""
    if amount is None:
        return "–"
    value = int(round(Decimal(str(amount))))
    sign = "-" if value < 0 else ""
    return f"{sign}Rp {abs(value):,}".replace(",", ".")


def number(value: int | float | Decimal | None) -> str:
    """Whole numbers grouped with dots, as the amounts are: ``5.000``."""
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


def percent(share: float | None) -> str:
    """A share of the way (0..1) as a whole percent, rounded down so 99.6 % never reads as done:
    ``85%``."""
    if share is None:
        return "–"
    return f"{int(round(max(0.0, min(1.0, share)) * 100, 6))}%"


def deadline(value: dt.date | str | None, today: dt.date | None = None) -> str:
    """``by 31 Dec 2026 (25 days left)`` / ``hingga 31 Des 2026 (sisa 25 hari)``; a date the server
    sent as no real date is shown as it came, without the count."""
    shown = date(value)
    days = days_left(value, today)
    if days is None:
        return tr(DEADLINE).format(date=shown)
    if days < 0:
        return tr(DEADLINE_PASSED).format(date=shown)
    if days == 0:
        return tr(DEADLINE_TODAY).format(date=shown)
    if days == 1:
        return tr(DEADLINE_ONE_DAY).format(date=shown)
    return tr(DEADLINE_DAYS).format(date=shown, days=number(days))
