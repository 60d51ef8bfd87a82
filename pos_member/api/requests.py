"""Validation of what we send, before it leaves the machine.

One pydantic model per endpoint that takes a body or more than a lookup key. Field names are
the API's parameter names, so a ``RequestValidationError`` maps onto a form exactly like the
server's own field errors. This module says what is wrong as codes (``codes``, with ``params``
such as a length) and a developer's English message; ``flows/problems.py`` words the codes for
the cashier (no ``tr()`` here).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any, ClassVar, Literal

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from .codes import active as active_codes
from .errors import RequestValidationError
from .models import GENDERS, RegistrationMethod

# The marketing consents register and change-profile take: always sent, true or false.
CONSENTS = ("allow_whatsapp_marketing", "allow_sms_marketing", "allow_newsletters")
DEFAULT_REGION = "ID"  # Stamps merchants are Indonesian: "0812..." means +62 812...

_MOBILE_TYPES = {
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
}


def normalise_phone(value: Any, region: str = DEFAULT_REGION, *, mobile_only: bool = False) -> str:
    """A phone number in E.164 ("+6281234567890"), or ``PydanticCustomError``. Landlines pass
    unless ``mobile_only`` (the seed's own change-profile example uses one, "+62215600010"); a
    number that must receive a code by SMS or WhatsApp is ``mobile_only``."""
    text = str(value or "").strip()
    if not text:
        raise PydanticCustomError("phone_missing", "Enter a mobile number.")
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        raise PydanticCustomError("phone_not_number", "This is not a phone number. Use digits, for example 0812 0000 0000."
        ) from None
    if not phonenumbers.is_valid_number(number):
        raise PydanticCustomError("phone_invalid", "This phone number is not valid. Check the digits, for example 0812 0000 0000."
        )
    if mobile_only and phonenumbers.number_type(number) not in _MOBILE_TYPES:
        raise PydanticCustomError("phone_not_mobile", "This looks like a landline. Enter a mobile number that can receive SMS."
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalise_email(value: Any) -> str:
    text = str(value or "").strip()
    if not text:
        raise PydanticCustomError("email_missing", "Enter an email address.")
    try:
        return validate_email(text, check_deliverability=False).normalized
    except EmailNotValidError:
        raise PydanticCustomError("email_invalid", "This email address is not valid, for example name@example.com."
        ) from None


def email_or_mobile(value: Any) -> str:
    """Partial registration takes one email address or one mobile number."""
    text = str(value or "").strip()
    if not text:
        raise PydanticCustomError("contact_missing", "Enter an email address or a mobile number.")
    if "@" in text:
        return normalise_email(text)
    if not any(ch.isdigit() for ch in text):
        raise PydanticCustomError("contact_invalid", "Enter an email address or a mobile number.")
    return normalise_phone(text)


def _date(value: Any) -> Any:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise PydanticCustomError("date_invalid", "Enter a real date as YYYY-MM-DD.") from None


def _past_date(value: Any) -> Any:
    day = _date(value)
    if day is not None and day > dt.date.today():
        raise PydanticCustomError("date_future", "This date cannot be in the future.")
    return day


def _name(value: Any) -> str:
    text = " ".join(str(value or "").split())
    if not text:
        raise PydanticCustomError("name_missing", "Enter the customer's name.")
    if len(text) > 100:
        raise PydanticCustomError("name_too_long", "The name is too long (100 characters at most).")
    return text


def _gender(value: Any) -> Any:
    if value is None or value == "":
        return None
    key = str(value).strip().lower()
    if key not in GENDERS:
        raise PydanticCustomError("gender_invalid", "Choose male or female.")
    return GENDERS[key]


def _coded(field: str, code: str, message: str) -> Callable[[Any], Any]:
    """A code from the store's ``[codes]`` table, given as the code or the API's word."""

    def check(value: Any) -> Any:
        if value is None or value == "":
            return None
        table = getattr(active_codes(), field)
        if isinstance(value, str) and not value.strip().isdigit():
            found = active_codes().code(field, value)
            if found is not None:
                return found
        elif not isinstance(value, bool):
            try:
                number = int(value)
            except (TypeError, ValueError):
                number = None
            if number in table.values():
                return number
        raise PydanticCustomError(code, message)

    return check


def _registration_method(value: Any) -> Any:
    if value is None or value == "":
        return None
    try:
        return RegistrationMethod(int(value))
    except (TypeError, ValueError):
        raise PydanticCustomError("method_invalid", "Unknown registration method.") from None


def _digits(kind: str, low: int, high: int, message: str) -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        if value is None or value == "":
            return None
        text = str(value).strip()
        if not text.isdigit() or not low <= len(text) <= high or not text.isascii():
            raise PydanticCustomError(f"{kind}_invalid", message)
        return text

    return check


def _text(max_len: int) -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        if value is None:
            return None
        text = str(value).strip()
        if len(text) > max_len:
            raise PydanticCustomError("too_long", "Too long ({count} characters at most).", {"count": max_len})
        return text or None

    return check


def _identifier(value: Any) -> Any:
    """A member key. An int is a primary key and stays a JSON integer, as in the seed's curls
    ("user": 123); text (email, card number, phone) stays text, even when it is all digits."""
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    text = str(value if value is not None else "").strip()
    if not text or isinstance(value, (bool, int)):
        raise PydanticCustomError("user_missing", "Say which member: email, member ID, mobile number or ID.")
    return text


def _mobile(value: Any) -> str:
    return normalise_phone(value, mobile_only=True)


Phone = Annotated[str, BeforeValidator(normalise_phone)]
MobilePhone = Annotated[str, BeforeValidator(_mobile)]
Email = Annotated[str, BeforeValidator(normalise_email)]
Date = Annotated[dt.date | None, BeforeValidator(_date)]
PastDate = Annotated[dt.date | None, BeforeValidator(_past_date)]
Name = Annotated[str, BeforeValidator(_name)]
Gender = Annotated[Literal["male", "female"] | None, BeforeValidator(_gender)]
Marital = Annotated[int | None, BeforeValidator(
    _coded("marital_status", "marital_invalid", "Choose a marital status from the list."))]
Religion = Annotated[int | None, BeforeValidator(
    _coded("religion", "religion_invalid", "Choose a religion from the list."))]
Method = Annotated[RegistrationMethod | None, BeforeValidator(_registration_method)]
Pin = Annotated[str | None, BeforeValidator(_digits("pin", 4, 8, "The PIN must be 4 to 8 digits."))]
Otp = Annotated[str, BeforeValidator(_digits("otp", 4, 8, "The code is 4 to 8 digits."))]
PostalCode = Annotated[str | None, BeforeValidator(_digits("postal_code", 5, 5, "A postal code is 5 digits."))]
Identifier = Annotated[int | str, BeforeValidator(_identifier)]
ShortText = Annotated[str | None, BeforeValidator(_text(100))]
LongText = Annotated[str | None, BeforeValidator(_text(500))]


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid", use_enum_values=True)
    #: Optional fields a caller may clear: given as None or "", they are sent as "" (not dropped,
    #: or Stamps would keep the old value while the cashier is told "saved").
    clearable: ClassVar[frozenset[str]] = frozenset()


class RegisterBody(Body):
    name: Name
    email: Email
    mobile_number: Phone
    birthday: PastDate = None
    gender: Gender = None
    store: int | None = None
    member_id: ShortText = None
    address: LongText = None
    district: int | None = None
    postal_code: PostalCode = None
    password: ShortText = None
    referral_code: ShortText = None
    is_active: bool | None = None
    religion: Religion = None
    marital_status: Marital = None
    wedding_date: PastDate = None
    extra_data: dict[str, Any] | None = None
    registration_method: Method = None
    registering_employee_code: ShortText = None
    # The seed: each "defaults to true". Always sent, so nothing is reset or consented by omission.
    generate_default_password: bool = False
    allow_whatsapp_marketing: bool = False
    allow_sms_marketing: bool = False
    allow_newsletters: bool = False
    phone_is_verified: bool | None = None
    email_is_verified: bool | None = None
    pin: Pin = None
    confirm_pin: Pin = None

    @model_validator(mode="after")
    def _pins_match(self) -> RegisterBody:
        if (self.pin or self.confirm_pin) and self.pin != self.confirm_pin:
            raise PydanticCustomError("pin_mismatch", "The two PINs are not the same.", {"field": "confirm_pin"})
        if self.wedding_date and self.birthday and self.wedding_date < self.birthday:
            raise PydanticCustomError("wedding_before_birth", "The wedding date is before the birthday.", {"field": "wedding_date"}
            )
        return self


class ChangeProfileBody(Body):
    clearable = frozenset({"birthday", "gender", "address", "district", "postal_code", "notes", "marital_status",
                           "wedding_date"})

    user: Identifier
    name: Name
    birthday: PastDate = None
    gender: Gender = None
    address: LongText = None
    district: int | None = None
    postal_code: PostalCode = None
    extra_data: dict[str, Any] | None = None
    has_downloaded_app: bool | None = None
    phone_is_verified: bool | None = None
    email_is_verified: bool | None = None
    notes: LongText = None
    marital_status: Marital = None
    wedding_date: PastDate = None
    # "Defaults to true" would reset the customer's password on every edit: always false here.
    generate_default_password: Literal[False] = False
    # No default in the seed for edits: sent only when the cashier changed the customer's choice
    # (a consent left out stays as Stamps holds it; an unknown one is never sent as false).
    allow_whatsapp_marketing: bool | None = None
    allow_sms_marketing: bool | None = None
    allow_newsletters: bool | None = None


class TagBody(Body):
    user: Identifier
    key: Annotated[str, BeforeValidator(_identifier)]
    value: Annotated[str, BeforeValidator(_identifier)]


class SetLevelBody(Body):
    user: Identifier
    level: int
    upgrade_only: bool = False
    end_date: Date = None
    store: int | None = None


class MobileOtpBody(Body):
    identifier: Identifier
    mobile_number: MobilePhone
    type: Literal["sms", "whatsapp"]
    template_code: Annotated[str, BeforeValidator(_identifier)]


class ChangeMobileBody(Body):
    identifier: Identifier
    new_number: MobilePhone
    otp: Otp


class EmailOtpBody(Body):
    new_email: Email
    template_code: ShortText = None


class ChangeEmailBody(Body):
    user: Identifier
    new_email: Email
    otp: Otp


class PartialRegisterBody(Body):
    user: Annotated[str, BeforeValidator(email_or_mobile)]
    send_registration_message: bool = True
    registering_employee_code: ShortText = None


class IdentifierBody(Body):
    identifier: Identifier


def build(body: type[Body], **params: Any) -> dict[str, Any]:
    """Validate ``params`` against ``body`` and return the JSON to send: ``None`` values left
    out, except a ``clearable`` field given as None or "", which is sent as ""."""
    unknown = set(params) - set(body.model_fields)
    if unknown:
        raise TypeError(f"unexpected parameter(s) for {body.__name__}: {', '.join(sorted(unknown))}")
    cleared = {k for k, v in params.items() if k in body.clearable and (v is None or (isinstance(v, str) and not v.strip()))}
    try:
        model = body.model_validate({k: None if k in cleared else v for k, v in params.items()})
    except ValidationError as exc:
        errors: dict[str, str] = {}
        codes: dict[str, str] = {}
        context: dict[str, dict[str, Any]] = {}
        for err in exc.errors():
            ctx = err.get("ctx") or {}
            field = str(ctx.get("field") or (err["loc"][0] if err["loc"] else "__all__"))
            if field in errors:
                continue
            errors[field] = err["msg"]  # for developers; the flows word the code
            codes[field] = err["type"]
            if ctx:
                context[field] = {k: v for k, v in ctx.items() if isinstance(v, (str, int, float))}
        raise RequestValidationError(errors, codes, context) from None
    return model.model_dump(mode="json", exclude_none=True) | dict.fromkeys(sorted(cleared), "")
