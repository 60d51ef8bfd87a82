"""Response models of the Stamps Membership API.

Tolerant on purpose: the live API and its documentation disagree on field names, types and even
calendar dates. Unknown fields are kept (``extra="allow"``), every field is optional, and known
variations are normalised (gender ``"male"``/``"f"``/``2``; marital status code or word; dates
that are not real dates kept as text). ``parse()`` is the only way a body becomes a model: it
turns anything that still does not fit into ``ResponseFormatError``.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from enum import IntEnum
from typing import Annotated, Any, TypeVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    model_validator,
)

from .errors import ResponseFormatError


class MaritalStatus(IntEnum):
    SINGLE = 1
    MARRIED = 2
    DIVORCED = 3
    WIDOWED = 4
    OTHERS = 5


#: Religion codes as Stamps merchants use them (the seed shows code 1 and the word "Budha").
RELIGIONS: dict[int, str] = {1: "Islam", 2: "Kristen", 3: "Katolik", 4: "Hindu", 5: "Budha", 6: "Konghucu"}


class RegistrationMethod(IntEnum):
    """The seed's last table. The API's default is API (3); the counter app uses STORE (2)."""

    MOBILE_WEB = 0
    WEB = 1
    STORE = 2
    API = 3
    MERCHANT = 4
    MOBILE_API = 5
    SMS = 6
    ANDROID = 9
    IOS = 10
    IMPORTED = 12


#: Every way the API writes gender (words, letters, codes), to "male" / "female".
GENDERS = {"male": "male", "m": "male", "1": "male", "female": "female", "f": "female", "2": "female"}
_MARITAL_WORDS = {m.name.lower(): m.value for m in MaritalStatus} | {"other": 5, "widow": 4}
_DATE_RE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
_DATETIME_RE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?")


def _gender(value: Any) -> Any:
    if value is None or isinstance(value, bool):
        return None
    key = str(value).strip().lower()
    if key in GENDERS:
        return GENDERS[key]
    return str(value) if key else None


def _marital(value: Any) -> Any:
    """Code (1..5, as int or digits) or word; an unknown word is kept as text."""
    if value is None or isinstance(value, bool) or value == "":
        return None
    if isinstance(value, int):
        return value
    text = str(value).strip()
    if text.isdigit():
        return int(text)
    return _MARITAL_WORDS.get(text.lower(), text)


def _code_or_word(value: Any) -> Any:
    """Religion and the like: an int code or the server's word, kept as given."""
    if value is None or isinstance(value, bool) or value == "":
        return None
    if isinstance(value, int):
        return value
    text = str(value).strip()
    return int(text) if text.isdigit() else text


def _lenient_date(value: Any) -> Any:
    """A real date where possible; impossible dates ("2016-02-31") stay as text."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        match = _DATE_RE.match(value)
        if match:
            try:
                return dt.date(*(int(g) for g in match.groups()))
            except ValueError:
                return value
        match = _DATETIME_RE.match(value)
        if match:
            try:
                return dt.date(*(int(g) for g in match.groups()[:3]))
            except ValueError:
                return value
        return value
    return str(value)


def _lenient_datetime(value: Any) -> Any:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        match = _DATETIME_RE.match(value)
        if match:
            parts = [int(g) if g else 0 for g in match.groups()]
            try:
                return dt.datetime(*parts)
            except ValueError:
                return value
        return value
    return str(value)


def _text(value: Any) -> Any:
    """Ids and codes arrive as int or str; keep them as text."""
    if value is None or isinstance(value, (dict, list)):
        return value  # let the str type reject it
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _number(value: Any) -> Any:
    """Money and points: int, float or numeric text; anything else is dropped to None."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, Decimal)):
        return value
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def _text_list(value: Any) -> Any:
    if value is None:
        return []
    if isinstance(value, (str, int)):
        return [str(value)]
    if isinstance(value, list):
        return [_text(v) for v in value if v is not None and not isinstance(v, (dict, list))]
    return value


def _bool(value: Any) -> Any:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return bool(value)
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in {"true", "1", "yes", "y", "t"}:
            return True
        if lowered in {"false", "0", "no", "n", "f", ""}:
            return False
    return None


Gender = Annotated[str | None, BeforeValidator(_gender)]
Marital = Annotated[int | str | None, BeforeValidator(_marital)]
CodeOrWord = Annotated[int | str | None, BeforeValidator(_code_or_word)]
LenientDate = Annotated[dt.date | str | None, BeforeValidator(_lenient_date)]
LenientDateTime = Annotated[dt.datetime | str | None, BeforeValidator(_lenient_datetime)]
Text = Annotated[str | None, BeforeValidator(_text)]
Number = Annotated[Decimal | int | None, BeforeValidator(_number)]
TextList = Annotated[list[str], BeforeValidator(_text_list)]
Flag = Annotated[bool | None, BeforeValidator(_bool)]


class ApiModel(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True, coerce_numbers_to_str=True)


def _tag(value: Any) -> Any:
    """Tags come as plain strings ("vvip"), ``{group, tag}`` or ``{key, value}``."""
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return {"tag": str(value)}
    if isinstance(value, dict):
        out = dict(value)
        if "tag" not in out and "value" in out:
            out["tag"] = out.get("value")
        if "group" not in out and "key" in out:
            out["group"] = out.get("key")
        return out
    return value


class Tag(ApiModel):
    group: Text = None
    tag: Text = None

    def label(self) -> str:
        return f"{self.group}: {self.tag}" if self.group else (self.tag or "")


TagItem = Annotated[Tag, BeforeValidator(_tag)]


def _tags(value: Any) -> Any:
    if value is None:
        return []
    if isinstance(value, list):
        return [v for v in value if v is not None and not isinstance(v, (list, bool))]
    if isinstance(value, (str, dict)):
        return [value]
    return value


Tags = Annotated[list[TagItem], BeforeValidator(_tags)]


class Card(ApiModel):
    id: Text = None
    number: Text = None
    is_active: Flag = None
    activated_time: LenientDateTime = None


class Membership(ApiModel):
    """A member's standing at the merchant. ``level_text`` is the merchant's own tier name."""

    tags: Tags = Field(default_factory=list)
    level: Number = None
    level_text: Text = None
    status: Text = None  # a level code in some answers, "Active" in others
    status_text: Text = None
    member_status: Text = None
    stamps: Number = None
    stamps_owed: Number = None
    balance: Number = None
    is_blocked: Flag = None
    referral_code: Text = None
    start_date: LenientDate = None
    end_date: LenientDate = None
    created: LenientDate = None
    allow_newsletters: Flag = None
    allow_sms_marketing: Flag = None
    allow_whatsapp_marketing: Flag = None
    redemption_allowed: Flag = None
    primary_card: Card | None = None
    extra_data: dict[str, Any] | None = None

    @property
    def tier(self) -> str | None:
        return self.level_text or self.status_text


class Area(ApiModel):
    id: Text = None
    name: Text = None


class Location(ApiModel):
    district: Area | None = None
    regency: Area | None = None
    province: Area | None = None


class SiteActivity(ApiModel):
    id: Text = None
    registration_method: Text = None


class User(ApiModel):
    """The person behind a membership; every field optional (partial registrations are sparse)."""

    id: Text = None
    name: Text = None
    email: Text = None
    phone: Text = None
    gender: Gender = None
    birthday: LenientDate = None
    address: Text = None
    postal_code: Text = None
    location: Location | None = None
    is_active: Flag = None
    is_anonymized: Flag = None
    email_is_verified: Flag = None
    phone_is_verified: Flag = None
    has_incorrect_email: Flag = None
    has_incorrect_phone: Flag = None
    has_incorrect_wa_number: Flag = None
    has_pin: Flag = None
    pin_is_blocked: Flag = None
    has_password: Flag = None
    protected_redemption: Flag = None
    member_ids: TextList = Field(default_factory=list)
    primary_membership_id: Text = None
    marital_status: Marital = None
    religion: CodeOrWord = None
    wedding_date: LenientDate = None
    notes: Text = None
    picture_url: Text = None
    referral_code: Text = None
    registration_status: Text = None
    registering_employee_code: Text = None
    id_number: Text = None
    id_card_file_name: Text = None
    site_activity: SiteActivity | None = None


class Customer(User):
    """Answer of register and change-profile: the user with their membership inline."""

    membership: Membership | None = None


class MemberDetails(ApiModel):
    membership: Membership | None = None
    user: User | None = None
    tags: Tags = Field(default_factory=list)


class Suggestion(ApiModel):
    id: Text = None
    name: Text = None
    email: Text = None
    phone: Text = None
    address: Text = None
    gender: Gender = None
    stamps: Number = None
    membership: Text = None  # the tier name
    member_ids: TextList = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _membership_object(cls, data: Any) -> Any:
        # Some answers nest the membership as an object; keep its tier name as ``membership``.
        if isinstance(data, dict) and isinstance(data.get("membership"), dict):
            membership = data["membership"]
            data = dict(data)
            data["membership_detail"] = membership
            data["membership"] = membership.get("level_text") or membership.get("status_text")
        return data


class Suggestions(ApiModel):
    suggestions: list[Suggestion] = Field(default_factory=list)


class Named(ApiModel):
    id: Text = None
    code: Text = None
    name: Text = None


class Child(ApiModel):
    id: Text = None
    name: Text = None
    gender: Gender = None
    birthday: LenientDate = None


class Pet(ApiModel):
    id: Text = None
    name: Text = None
    gender: Gender = None
    birthday: LenientDate = None
    type: Named | None = None
    breed: Named | None = None


class FullProfileUser(User):
    nationality: Text = None
    hobbies: list[Named] = Field(default_factory=list)
    children: list[Child] = Field(default_factory=list)
    pets: list[Pet] = Field(default_factory=list)
    social_media_profile: dict[str, Text] | None = None
    has_downloaded_app: Flag = None


class FullProfile(ApiModel):
    user: FullProfileUser | None = None
    tags: Tags = Field(default_factory=list)


class Requirement(ApiModel):
    spending_requirement: Number = None
    deadline: LenientDate = None
    next_level: Text = None


class UpgradeRequirement(ApiModel):
    upgrade_requirement: Requirement | None = None
    downgrade_requirement: Requirement | None = None


class StatusResult(ApiModel):
    status: Text = None


def _secret(value: Any) -> Any:
    if value is None or isinstance(value, (dict, list, bool)):
        return value
    return str(value)


class OtpIssued(ApiModel):
    """The OTP the API returns. It is the customer's code: a SecretStr, never shown or logged."""

    otp: Annotated[SecretStr | None, BeforeValidator(_secret)] = None
    status: Text = None


class PartialRegistration(ApiModel):
    membership: Membership | None = None
    user: User | None = None


class PongMerchant(ApiModel):
    merchant: Text = None
    merchant_id: Text = None


class Pong(ApiModel):
    pong: PongMerchant | None = None


class AccessToken(ApiModel):
    access_token: Annotated[SecretStr, BeforeValidator(_secret)]


M = TypeVar("M", bound=BaseModel)


def parse(model: type[M], body: Any) -> M:
    """Body to model; anything that does not fit is a ``ResponseFormatError``."""
    if not isinstance(body, dict):
        raise ResponseFormatError(f"expected a JSON object for {model.__name__}, got {type(body).__name__}")
    try:
        return model.model_validate(body)
    except ValidationError as exc:
        # The message names fields only, never values (they may be personal data).
        fields = sorted({".".join(str(p) for p in e["loc"]) for e in exc.errors()})
        raise ResponseFormatError(f"{model.__name__} does not fit the answer at: {', '.join(fields)}") from None
    except (TypeError, ValueError, RecursionError) as exc:
        raise ResponseFormatError(f"{model.__name__} could not be read ({type(exc).__name__})") from None
