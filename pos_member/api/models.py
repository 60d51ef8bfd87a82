"""Response models of the Stamps Membership API.

Tolerant on purpose: the live API and its documentation disagree on field names, types and even
calendar dates. Unknown fields are kept (``extra="allow"``), every field is optional, and known
variations are normalised (gender ``"male"``/``"f"``/``2``; marital status code or word; dates
that are not real dates kept as text). ``parse()`` is the only way a body becomes a model: it
turns anything that still does not fit into ``ResponseFormatError``.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from decimal import Decimal, InvalidOperation
from enum import IntEnum
from typing import Annotated, Any, ClassVar, TypeVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ModelWrapValidatorHandler,
    SecretStr,
    ValidationError,
    model_validator,
)
from pydantic_core import PydanticCustomError

from . import codes
from .codes import _default_religion
from .errors import ResponseFormatError

log = logging.getLogger("pos_member.api")


class MaritalStatus(IntEnum):
    """The default marital status codes (the store's ``[codes]`` table may differ)."""

    SINGLE = 1
    MARRIED = 2
    DIVORCED = 3
    WIDOWED = 4
    OTHERS = 5


#: The default religion codes (the seed shows code 1 and the word "Budha"); see ``codes``.
RELIGIONS: dict[int, str] = {code: word for word, code in _default_religion().items()}


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


#: Every way the API writes gender in words or letters, to "male" / "female" (codes: ``codes``).
GENDERS = {"male": "male", "m": "male", "female": "female", "f": "female"}
#: Other spellings of marital status words seen in the wild, to the word the codes table uses.
_MARITAL_SYNONYMS = {"other": "Others", "widow": "Widowed"}
_DATE_RE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
_DATETIME_RE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?")


def _gender(value: Any) -> Any:
    if value is None or isinstance(value, bool):
        return None
    key = str(value).strip().lower()
    if key in GENDERS:
        return GENDERS[key]
    if key.isdigit() and len(key) < 6:
        return codes.active().word("gender", int(key)) or key
    return str(value) if key else None


def _marital(value: Any) -> Any:
    """Code (1..5, as int or digits) or word; an unknown word is kept as text."""
    if value is None or isinstance(value, bool) or value == "":
        return None
    if isinstance(value, int):
        return value
    text = str(value).strip()
    if text.isdigit() and len(text) < 6:
        return int(text)
    text = _MARITAL_SYNONYMS.get(text.lower(), text)
    code = codes.active().code("marital_status", text)
    return code if code is not None else text


def _code_or_word(value: Any) -> Any:
    """Religion and the like: an int code or the server's word, kept as given."""
    if value is None or isinstance(value, bool) or value == "":
        return None
    if isinstance(value, int):
        return value
    text = str(value).strip()
    return int(text) if text.isdigit() and len(text) < 6 else text


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
    if isinstance(value, (dict, list, bool)):
        return value  # not a date at all: refused, so the field is dropped
    return str(value)


def _lenient_datetime(value: Any) -> Any:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        match = _DATETIME_RE.match(value)
        if match:
            year, month, day, hour, minute, second = (int(g) if g else 0 for g in match.groups())
            try:
                return dt.datetime(year, month, day, hour, minute, second)
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
        return bool(value) if value in (0, 1) else None  # 2.5 is no yes or no: not known
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
    """Strict only where a value decides something (``decisive``: ids, the envelope's objects,
    status); any other field that does not fit is dropped with a log line, never the answer."""

    model_config = ConfigDict(extra="allow", populate_by_name=True, coerce_numbers_to_str=True)
    #: Fields never dropped: a bad value there fails the whole answer (``ResponseFormatError``).
    decisive: ClassVar[frozenset[str]] = frozenset({"id", "user", "status"})

    @model_validator(mode="wrap")
    @classmethod
    def _drop_odd_optional(cls, data: Any, handler: ModelWrapValidatorHandler[Any]) -> Any:
        try:
            return handler(data)
        except ValidationError as exc:
            if not isinstance(data, dict):
                raise
            errors = exc.errors()
            odd = {str(e["loc"][0]) for e in errors if e["loc"]}
            required = {name for name, info in cls.model_fields.items() if info.is_required()}
            if (any(e["type"] == "envelope" or not e["loc"] for e in errors) or not odd <= data.keys()
                    or odd & (cls.decisive | required)):
                raise
            # Field names only: the values may be personal data.
            log.warning("%s: dropped field(s) that do not fit: %s", cls.__name__, ", ".join(sorted(odd)))
            return handler({k: v for k, v in data.items() if k not in odd})


def _missing(what: str) -> PydanticCustomError:
    return PydanticCustomError("envelope", "the answer has no {what}", {"what": what})


def _one_object(value: Any, what: str) -> Any:
    """An envelope's object: a dict, or a list holding exactly one (the table's plural names)."""
    if isinstance(value, list):
        objects = [v for v in value if isinstance(v, dict)]
        if len(objects) != 1:  # never guess which person or membership is meant
            raise _missing(f"single {what} ({len(objects)} given)")
        return objects[0]
    return value


def _envelope(data: Any, required: str, **spellings: tuple[str, ...]) -> Any:
    """Rename each documented spelling to the model's field name; the ``required`` object must
    be there (the seed's tables and examples disagree, and an empty member must never pass)."""
    if not isinstance(data, dict):
        return data
    out = dict(data)
    for field, names in spellings.items():
        for name in (field, *names):
            if isinstance(out.get(name), (dict, list)):
                out[field] = _one_object(out.get(name), field)
                break
    if not isinstance(out.get(required), dict):
        raise _missing(f"'{required}' object")
    if out[required].get("id") in (None, "", [], {}) or isinstance(out[required].get("id"), (dict, list, bool)):
        raise _missing(f"'{required}' id")  # a member without an id is no member
    return out


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

    @property
    def pk(self) -> int | None:
        """The primary key as an int, to send as a JSON integer (the seed's curls: "user": 123)."""
        return int(self.id) if self.id and self.id.isascii() and self.id.isdigit() and len(self.id) < 19 else None


class Customer(User):
    """Answer of register and change-profile: the user with their membership inline.

    The seed's tables name a ``customer`` object; its examples are flat. Both are read; an
    answer without the customer's ``id`` is not a customer."""

    membership: Membership | None = None

    @model_validator(mode="before")
    @classmethod
    def _customer_envelope(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("customer"), dict):
            data = {k: v for k, v in data.items() if k != "customer"} | data["customer"]
        if not isinstance(data, dict) or data.get("id") in (None, "", [], {}):
            raise _missing("customer (no 'customer' object and no 'id')")
        return data


class MemberDetails(ApiModel):
    """Table: ``memberships`` / ``users``; example: ``membership`` / ``user``. Both read."""

    membership: Membership | None = None
    user: User
    tags: Tags = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _details_envelope(cls, data: Any) -> Any:
        return _envelope(data, "user", user=("users",), membership=("memberships",))


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
    suggestions: list[Suggestion]  # absent is not "no matches": that would invite a duplicate

    @model_validator(mode="before")
    @classmethod
    def _members_only(cls, data: Any) -> Any:
        # A suggestion without an id cannot be opened: left out (with a log line), not the list.
        if isinstance(data, dict) and isinstance(data.get("suggestions"), list):
            rows = data["suggestions"]
            kept = [r for r in rows if not isinstance(r, dict) or (  # not an object: the answer fails
                r.get("id") not in (None, "", [], {}) and not isinstance(r.get("id"), (dict, list, bool)))]
            if len(kept) != len(rows):
                log.warning("Suggestions: left out %d suggestion(s) without an id", len(rows) - len(kept))
                data = dict(data, suggestions=kept)
        return data


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
    user: FullProfileUser
    tags: Tags = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _profile_envelope(cls, data: Any) -> Any:
        return _envelope(data, "user", user=("users",))


class Requirement(ApiModel):
    spending_requirement: Number = None
    deadline: LenientDate = None
    next_level: Text = None


class UpgradeRequirement(ApiModel):
    upgrade_requirement: Requirement | None = None
    downgrade_requirement: Requirement | None = None

    @model_validator(mode="before")
    @classmethod
    def _some_requirement(cls, data: Any) -> Any:
        # Either may be null (top level, nothing to keep), but one of them must be answered.
        if isinstance(data, dict) and not {"upgrade_requirement", "downgrade_requirement"} & data.keys():
            raise _missing("'upgrade_requirement'")
        return data


#: The one status a write answer documents as success (every example of the seed).
STATUS_OK = "ok"


class StatusResult(ApiModel):
    """``{"status": "ok"}``. Any other status ("failed", false, 0, absent) is not a success: the
    outcome is unknown, and the caller reads the member again instead of saying "saved"."""

    status: Text

    @model_validator(mode="before")
    @classmethod
    def _has_status(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("status") in (None, ""):
            raise _missing("'status'")
        if isinstance(data, dict) and (not isinstance(data["status"], str)
                                       or data["status"].strip().lower() != STATUS_OK):
            raise PydanticCustomError("envelope", "the answer's status is not {ok}", {"ok": STATUS_OK})
        return data


class TaggedMembership(Membership):
    """Add-tag's answer: table ``customer``, example a bare membership. Both read."""

    @model_validator(mode="before")
    @classmethod
    def _tag_envelope(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("customer"), dict):
            inner = data["customer"]
            data = inner["membership"] if isinstance(inner.get("membership"), dict) else inner
        if not isinstance(data, dict) or not set(Membership.model_fields) & data.keys():
            raise _missing("membership")
        return data


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
    user: User

    @model_validator(mode="before")
    @classmethod
    def _partial_envelope(cls, data: Any) -> Any:
        return _envelope(data, "user", user=("users",), membership=("memberships",))


class PongMerchant(ApiModel):
    merchant: Text = None
    merchant_id: Text = None


class Pong(ApiModel):
    pong: PongMerchant


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
        envelope = [e["msg"] for e in exc.errors() if e["type"] == "envelope"]
        if envelope:
            raise ResponseFormatError(f"{model.__name__}: {envelope[0]}") from None
        fields = sorted({".".join(str(p) for p in e["loc"]) for e in exc.errors()})
        raise ResponseFormatError(f"{model.__name__} does not fit the answer at: {', '.join(fields)}") from None
    except (TypeError, ValueError, RecursionError) as exc:
        raise ResponseFormatError(f"{model.__name__} could not be read ({type(exc).__name__})") from None
