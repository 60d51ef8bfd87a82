"""What each endpoint of the Stamps Membership API does, on the training store.

Every method takes the caller's merchant and the request parameters (query or JSON body, as the
seed documents them) and returns the JSON answer, or raises ``ApiFault`` with the documented
envelope.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
import time
from typing import Any

from email_validator import EmailNotValidError, validate_email

from .faults import ApiFault
from .store import MARITAL, RELIGIONS, Store, e164, new_code, now_text, today

OTP_LIFETIME_S = 5 * 60
OTP_MAX_ATTEMPTS = 3
Params = dict[str, Any]


def _required(params: Params, name: str) -> Any:
    value = params.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ApiFault("This field is required.", field=name)
    return value.strip() if isinstance(value, str) else value


def _bool(params: Params, name: str, default: bool | None = None) -> bool | None:
    value = params.get(name)
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"true", "1", "yes"}:
        return True
    if text in {"false", "0", "no"}:
        return False
    raise ApiFault("Must be a valid boolean.", field=name)


def _int(params: Params, name: str, *, required: bool = False) -> int | None:
    value = _required(params, name) if required else params.get(name)
    if value is None or value == "":
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ApiFault("A valid integer is required.", field=name) from None


def _date(params: Params, name: str, *, past: bool = False) -> str | None:
    value = params.get(name)
    if value in (None, ""):
        return None
    try:
        day = dt.date.fromisoformat(str(value))
    except ValueError:
        raise ApiFault("Date has wrong format. Use YYYY-MM-DD.", field=name) from None
    if past and day > today():
        raise ApiFault("Date cannot be in the future.", field=name)
    return day.isoformat()


def _email(value: Any, field: str) -> str:
    try:
        return validate_email(str(value).strip(), check_deliverability=False).normalized
    except EmailNotValidError:
        raise ApiFault("Enter a valid email address.", field=field) from None


def _phone(value: Any, field: str) -> str:
    number = e164(str(value))
    if number is None:
        raise ApiFault("Enter a valid mobile number.", field=field)
    return number


def _gender(params: Params) -> str | None:
    value = params.get("gender")
    if value in (None, ""):
        return None
    mapped = {"male": "male", "m": "male", "1": "male", "female": "female", "f": "female", "2": "female"}
    key = str(value).strip().lower()
    if key not in mapped:
        raise ApiFault('Gender must be "male" or "female".', field="gender")
    return mapped[key]


def _choice(params: Params, name: str, choices: dict[int, str]) -> int | None:
    value = params.get(name)
    if value in (None, ""):
        return None
    if isinstance(value, str) and not value.strip().isdigit():
        by_word = {v.lower(): k for k, v in choices.items()}
        if value.strip().lower() in by_word:
            return by_word[value.strip().lower()]
        raise ApiFault(f"Select a valid choice. {value} is not one of the available choices.", field=name)
    code = _int(params, name)
    if code not in choices:
        raise ApiFault(f"Select a valid choice. {code} is not one of the available choices.", field=name)
    return code


def _hash_pin(pin: str) -> str:
    salt = secrets.token_hex(8)
    return f"{salt}${hashlib.sha256((salt + pin).encode()).hexdigest()}"


class Service:
    def __init__(self, store: Store):
        self.store = store

    # ------------------------------------------------------------------ reads

    def ping(self, merchant_id: int, params: Params) -> dict[str, Any]:
        merchant = self.store.merchant(merchant_id)
        return {"pong": {"merchant": merchant["name"], "merchant_id": merchant["id"]}}

    def details(self, merchant_id: int, params: Params) -> dict[str, Any]:
        self._check_merchant(merchant_id, params)
        user, membership = self.store.member(merchant_id, params.get("user"))
        body = {
            "membership": self.store.membership_view(membership),
            "tags": [{"group": t["grp"], "tag": t["tag"]} for t in self.store.tags(membership["id"])],
            "user": self.store.user_view(user, membership),
        }
        if _bool(params, "verbose", False):
            body["membership"].update(self._requirements(merchant_id, membership))
        return body

    def suggestions(self, merchant_id: int, params: Params) -> dict[str, Any]:
        self._check_merchant(merchant_id, params)
        query = str(_required(params, "query"))
        ids = self.store.suggest(merchant_id, query)
        return {"suggestions": self.store.suggestion_views(merchant_id, ids)}

    def full_profile(self, merchant_id: int, params: Params) -> dict[str, Any]:
        user, membership = self.store.member(merchant_id, params.get("user"))
        return {
            "user": self.store.full_user_view(user, membership),
            "tags": [{"group": t["grp"], "tag": t["tag"]} for t in self.store.tags(membership["id"])],
        }

    def upgrade_requirement(self, merchant_id: int, params: Params) -> dict[str, Any]:
        _, membership = self.store.member(merchant_id, params.get("user"))
        return self._requirements(merchant_id, membership)

    def _requirements(self, merchant_id: int, m: Any) -> dict[str, Any]:
        """Spend ``spending`` of the next level by the year's end to go up; spend the current
        level's amount by the level's end date to keep it."""
        levels = self.store.levels(merchant_id)
        current = [lv for lv in levels if lv["level"] <= m["level"]]
        higher = [lv for lv in levels if lv["level"] > m["level"]]
        year_end = dt.date(today().year, 12, 31).isoformat()
        upgrade = None
        if higher:
            upgrade = {"spending_requirement": max(0, higher[0]["spending"] - m["spending"]),
                       "deadline": year_end, "next_level": higher[0]["name"]}
        downgrade = None
        if len(current) >= 2 and current[-1]["spending"] > m["spending"]:
            downgrade = {"spending_requirement": current[-1]["spending"] - m["spending"],
                         "deadline": m["level_end_date"] or year_end, "next_level": current[-2]["name"]}
        return {"upgrade_requirement": upgrade, "downgrade_requirement": downgrade}

    def _check_merchant(self, merchant_id: int, params: Params) -> None:
        given = params.get("merchant")
        if given in (None, ""):
            raise ApiFault("This field is required.", field="merchant")
        try:
            ok = int(given) == merchant_id
        except (TypeError, ValueError):
            raise ApiFault("A valid integer is required.", field="merchant") from None
        if not ok:
            raise ApiFault("You do not have permission to perform this action.", code="permission_denied", status=403)

    # ------------------------------------------------------------------ registration

    def register(self, merchant_id: int, params: Params) -> dict[str, Any]:
        self._check_merchant(merchant_id, params)
        errors: dict[str, str] = {}

        def check(field: str, fn: Any) -> Any:
            try:
                return fn()
            except ApiFault as fault:
                errors.setdefault(field, fault.errors.get(field) or fault.message)
                return None

        name = check("name", lambda: str(_required(params, "name")))
        email = check("email", lambda: _email(_required(params, "email"), "email"))
        phone = check("mobile_number", lambda: _phone(_required(params, "mobile_number"), "mobile_number"))
        birthday = check("birthday", lambda: _date(params, "birthday", past=True))
        wedding = check("wedding_date", lambda: _date(params, "wedding_date", past=True))
        gender = check("gender", lambda: _gender(params))
        marital = check("marital_status", lambda: _choice(params, "marital_status", MARITAL))
        religion = check("religion", lambda: _choice(params, "religion", RELIGIONS))
        method = check("registration_method", lambda: _int(params, "registration_method"))
        store_id = check("store", lambda: _int(params, "store"))
        district = check("district", lambda: _int(params, "district"))
        if email and self.store.one("SELECT 1 FROM users WHERE email = ?", email):
            errors.setdefault("email", f"{email} is already used")
        if phone and self.store.one("SELECT 1 FROM users WHERE phone = ?", phone):
            errors.setdefault("mobile_number", f"{phone} is already used")
        card = params.get("member_id")
        if card and self.store.one("SELECT 1 FROM cards WHERE number = ?", str(card).strip()):
            errors.setdefault("member_id", "This member ID is already used")
        if district is not None and not self.store.one("SELECT 1 FROM districts WHERE id = ?", district):
            errors.setdefault("district", "District not found")
        referrer = None
        if params.get("referral_code"):
            referrer = self.store.one("SELECT * FROM memberships WHERE referral_code = ? AND merchant_id = ?",
                                      str(params["referral_code"]).strip().upper(), merchant_id)
            if referrer is None:
                errors.setdefault("referral_code", "Referral code not found")
        pin, confirm = params.get("pin"), params.get("confirm_pin")
        if pin or confirm:
            if not (str(pin or "").isdigit() and 4 <= len(str(pin)) <= 8):
                errors.setdefault("pin", "PIN must be 4 to 8 digits")
            elif str(pin) != str(confirm or ""):
                errors.setdefault("confirm_pin", "PIN confirmation does not match")
        if errors:
            only = list(errors)
            code = {"email": "email_already_used", "mobile_number": "mobile_number_already_used"}.get(only[0], "invalid_data")
            if len(only) > 1 or "already used" not in errors[only[0]]:
                code = "invalid_data"
            raise ApiFault.many(errors, code=code)

        with self.store.transaction() as db:
            employee = params.get("registering_employee_code")
            if employee:
                db.execute("INSERT OR IGNORE INTO employees (merchant_id, code) VALUES (?, ?)", (merchant_id, str(employee)))
            extra = {"extra_data": params.get("extra_data") or {}}
            cur = db.execute(
                "INSERT INTO users (name, email, phone, gender, birthday, address, district_id, postal_code, religion,"
                " marital_status, wedding_date, is_active, email_is_verified, phone_is_verified, pin_hash, has_password,"
                " registration_status, registration_method, registering_employee_code, referral_code, extra_json, created)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'Full', ?, ?, ?, ?, ?)",
                (name, email, phone, gender, birthday, params.get("address"), district, params.get("postal_code"),
                 religion, marital, wedding if marital == 2 else None, int(_bool(params, "is_active", True)),
                 int(_bool(params, "email_is_verified", False)), int(_bool(params, "phone_is_verified", False)),
                 _hash_pin(str(pin)) if pin else None,
                 int(bool(params.get("password")) or _bool(params, "generate_default_password", True)),
                 method if method is not None else 3, employee, new_code(), json.dumps(extra), now_text()),
            )
            user_id = cur.lastrowid
            membership_id = self._new_membership(
                merchant_id, user_id, store_id, card=str(card).strip() if card else None,
                consents=(_bool(params, "allow_newsletters", True), _bool(params, "allow_sms_marketing", True),
                          _bool(params, "allow_whatsapp_marketing", True)))
            if referrer is not None:
                db.execute("UPDATE memberships SET stamps = stamps + 10 WHERE id = ?", (referrer["id"],))
            self.store.index_user(user_id)
            merchant = self.store.merchant(merchant_id)["name"]
            self.store.log_message("email", email, f"Welcome to {merchant}",
                                   f"Hello {name}, you are now a {merchant} member. Your password was generated "
                                   "automatically; you can change it in the app.")
        return self._customer(merchant_id, user_id, membership_id, employee)

    def _new_membership(self, merchant_id: int, user_id: int, store_id: int | None, *, card: str | None,
                        consents: tuple[bool | None, bool | None, bool | None]) -> int:
        db, start = self.store.db, today().isoformat()
        cur = db.execute(
            "INSERT INTO memberships (user_id, merchant_id, level, referral_code, start_date, created, allow_newsletters,"
            " allow_sms_marketing, allow_whatsapp_marketing, store_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (user_id, merchant_id, self.store.levels(merchant_id)[0]["level"], new_code(5), start, start,
             int(bool(consents[0])), int(bool(consents[1])), int(bool(consents[2])), store_id),
        )
        number = card or self._new_card_number()
        db.execute("INSERT INTO cards (number, membership_id, is_primary, is_active, activated_time) VALUES (?, ?, 1, 1, ?)",
                   (number, cur.lastrowid, now_text()))
        return cur.lastrowid

    def _new_card_number(self) -> str:
        while True:
            number = "RRR" + new_code(7)
            if not self.store.one("SELECT 1 FROM cards WHERE number = ?", number):
                return number

    def _customer(self, merchant_id: int, user_id: int, membership_id: int, employee: Any = None) -> dict[str, Any]:
        user = self.store.one("SELECT * FROM users WHERE id = ?", user_id)
        membership = self.store.one("SELECT * FROM memberships WHERE id = ?", membership_id)
        body = self.store.user_view(user, membership)
        body["membership"] = self.store.membership_view(membership)
        if employee:
            body["registering_employee_code"] = employee
        return body

    def partial_register(self, merchant_id: int, params: Params) -> dict[str, Any]:
        key = str(_required(params, "user"))
        if "@" in key:
            email, phone = _email(key, "user"), None
        else:
            email, phone = None, _phone(key, "user")
        existing = self.store.one("SELECT * FROM users WHERE email = ?", email) if email else \
            self.store.one("SELECT * FROM users WHERE phone = ?", phone)
        employee = params.get("registering_employee_code")
        with self.store.transaction() as db:
            if existing is not None:
                if self.store.one("SELECT 1 FROM memberships WHERE user_id = ? AND merchant_id = ?",
                                  existing["id"], merchant_id):
                    raise ApiFault("This user is already a member", field="user", code="user_already_registered")
                user_id = existing["id"]
            else:
                user_id = db.execute(
                    "INSERT INTO users (name, email, phone, registration_status, registration_method,"
                    " registering_employee_code, referral_code, has_password, created) VALUES ('', ?, ?, 'Partial', 3, ?, ?, 0, ?)",
                    (email, phone, employee, new_code(), now_text())).lastrowid
            if employee:
                db.execute("INSERT OR IGNORE INTO employees (merchant_id, code) VALUES (?, ?)", (merchant_id, str(employee)))
            membership_id = self._new_membership(merchant_id, user_id, None, card=None, consents=(True, True, True))
            self.store.index_user(user_id)
            if _bool(params, "send_registration_message", True):
                merchant = self.store.merchant(merchant_id)["name"]
                channel, to = ("email", email) if email else ("sms", phone)
                self.store.log_message(channel, to, f"Welcome to {merchant}",
                                       f"You are now a {merchant} member. Complete your profile in the app.")
        user = self.store.one("SELECT * FROM users WHERE id = ?", user_id)
        membership = self.store.one("SELECT * FROM memberships WHERE id = ?", membership_id)
        view = self.store.user_view(user, membership)
        user_part = {k: view[k] for k in ("id", "name", "gender", "is_active", "email", "birthday", "picture_url",
                                          "phone", "has_incorrect_email", "phone_is_verified", "email_is_verified",
                                          "member_ids")}
        user_part.update({"id": user_id, "has_incorrect_phone": False, "has_incorrect_wa_number": False,
                          "registering_employee_code": employee, "primary_membership_id": view["member_ids"][0]})
        mview = self.store.membership_view(membership)
        mview["status"] = mview["member_status"]
        return {"membership": mview, "user": user_part}

    # ------------------------------------------------------------------ changes

    def change_profile(self, merchant_id: int, params: Params) -> dict[str, Any]:
        self._check_merchant(merchant_id, params)
        user, membership = self.store.member(merchant_id, params.get("user"))
        name = str(_required(params, "name"))
        updates: dict[str, Any] = {"name": name}
        if "birthday" in params:
            updates["birthday"] = _date(params, "birthday", past=True)
        if "gender" in params:
            updates["gender"] = _gender(params)
        for field in ("address", "postal_code", "notes"):
            if field in params:
                updates[field] = None if params[field] is None else str(params[field])
        if "district" in params:
            district = _int(params, "district")
            if district is not None and not self.store.one("SELECT 1 FROM districts WHERE id = ?", district):
                raise ApiFault("District not found", field="district")
            updates["district_id"] = district
        if "marital_status" in params:
            updates["marital_status"] = _choice(params, "marital_status", MARITAL)
        if "wedding_date" in params:
            updates["wedding_date"] = _date(params, "wedding_date", past=True)
        for flag in ("has_downloaded_app", "phone_is_verified", "email_is_verified"):
            if flag in params:
                updates[flag] = int(bool(_bool(params, flag)))
        consents = {k: int(bool(_bool(params, k))) for k in
                    ("allow_newsletters", "allow_sms_marketing", "allow_whatsapp_marketing") if k in params}
        if "extra_data" in params and isinstance(params["extra_data"], dict):
            extra = json.loads(user["extra_json"] or "{}")
            extra["extra_data"] = params["extra_data"]
            updates["extra_json"] = json.dumps(extra)
        with self.store.transaction() as db:
            db.execute(f"UPDATE users SET {', '.join(f'{k} = ?' for k in updates)} WHERE id = ?",
                       (*updates.values(), user["id"]))
            if consents:
                db.execute(f"UPDATE memberships SET {', '.join(f'{k} = ?' for k in consents)} WHERE id = ?",
                           (*consents.values(), membership["id"]))
            self.store.index_user(user["id"])
        return self._customer(merchant_id, user["id"], membership["id"])

    def add_tag(self, merchant_id: int, params: Params) -> dict[str, Any]:
        self._check_merchant(merchant_id, params)
        _, membership = self.store.member(merchant_id, params.get("user"))
        key, value = str(_required(params, "key")), str(_required(params, "value"))
        with self.store.transaction() as db:
            db.execute("INSERT OR IGNORE INTO tags (membership_id, grp, tag) VALUES (?, ?, ?)", (membership["id"], key, value))
        m = self.store.one("SELECT * FROM memberships WHERE id = ?", membership["id"])
        view = self.store.membership_view(m)
        view["extra_data"] = {}
        return view

    def remove_tag(self, merchant_id: int, params: Params) -> dict[str, Any]:
        self._check_merchant(merchant_id, params)
        _, membership = self.store.member(merchant_id, params.get("user"))
        key, value = str(_required(params, "key")), str(_required(params, "value"))
        with self.store.transaction() as db:
            gone = db.execute("DELETE FROM tags WHERE membership_id = ? AND grp = ? AND tag = ?",
                              (membership["id"], key, value)).rowcount
        if not gone:
            raise ApiFault("Tag not found", field="value", code="tag_not_found")
        return {"status": "ok"}

    def anonymize(self, merchant_id: int, params: Params) -> dict[str, Any]:
        user, _ = self.store.member(merchant_id, params.get("identifier"), field="identifier")
        with self.store.transaction() as db:
            db.execute(
                "UPDATE users SET name = 'Anonymous', email = NULL, phone = NULL, gender = NULL, birthday = NULL,"
                " address = NULL, district_id = NULL, postal_code = NULL, religion = NULL, marital_status = NULL,"
                " wedding_date = NULL, nationality = NULL, notes = '', pin_hash = NULL, extra_json = '{}',"
                " is_anonymized = 1, is_active = 0 WHERE id = ?", (user["id"],))
            db.execute("UPDATE memberships SET pending_anonymization = 0 WHERE user_id = ?", (user["id"],))
            self.store.index_user(user["id"])
        return {"status": "ok"}

    def set_pending_anonymization(self, merchant_id: int, params: Params) -> dict[str, Any]:
        _, membership = self.store.member(merchant_id, params.get("identifier"), field="identifier")
        with self.store.transaction() as db:
            db.execute("UPDATE memberships SET pending_anonymization = 1 WHERE id = ?", (membership["id"],))
        return {"status": "ok"}

    def set_level(self, merchant_id: int, params: Params) -> dict[str, Any]:
        _, membership = self.store.member(merchant_id, params.get("user"))
        level = _int(params, "level", required=True)
        if level not in {lv["level"] for lv in self.store.levels(merchant_id)}:
            raise ApiFault(f"Level {level} does not exist", field="level", code="invalid_level")
        end_date = _date(params, "end_date")
        if end_date and end_date < today().isoformat():
            raise ApiFault("End date cannot be in the past.", field="end_date")
        store_id = _int(params, "store")
        if _bool(params, "upgrade_only", False) and level < membership["level"]:
            raise ApiFault("Level is lower than user's current level and downgrade is not allowed",
                           code="downgrade_not_allowed")
        with self.store.transaction() as db:
            db.execute("UPDATE memberships SET level = ?, level_end_date = ?, store_id = COALESCE(?, store_id) WHERE id = ?",
                       (level, end_date, store_id, membership["id"]))
        return {"status": "ok"}

    # ------------------------------------------------------------------ OTP flows

    def _issue_otp(self, merchant_id: int, purpose: str, user_id: int | None, target: str, digits: int) -> str:
        code = "".join(secrets.choice("0123456789") for _ in range(digits))
        db = self.store.db
        db.execute("UPDATE otps SET consumed = 1 WHERE merchant_id = ? AND purpose = ? AND target = ? AND consumed = 0",
                   (merchant_id, purpose, target))
        db.execute("INSERT INTO otps (merchant_id, purpose, user_id, target, code, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
                   (merchant_id, purpose, user_id, target, code, time.time() + OTP_LIFETIME_S))
        return code

    def _check_otp(self, merchant_id: int, purpose: str, target: str, code: str, user_id: int | None) -> int:
        """The id of the matching live OTP; a wrong code counts an attempt (kept even though we raise)."""
        otp = self.store.one("SELECT * FROM otps WHERE merchant_id = ? AND purpose = ? AND target = ? AND consumed = 0 "
                             "ORDER BY id DESC LIMIT 1", merchant_id, purpose, target)
        if otp is None or (otp["user_id"] is not None and user_id is not None and otp["user_id"] != user_id):
            raise ApiFault("No code was requested for this number or address. Request a new code.",
                           field="otp", code="otp_not_requested")
        if time.time() > otp["expires_at"]:
            raise ApiFault("The code has expired. Request a new code.", field="otp", code="otp_expired")
        if not secrets.compare_digest(str(code), otp["code"]):
            attempts = otp["attempts"] + 1
            used_up = attempts >= OTP_MAX_ATTEMPTS
            with self.store.transaction() as db:
                db.execute("UPDATE otps SET attempts = ?, consumed = ? WHERE id = ?", (attempts, int(used_up), otp["id"]))
            if used_up:
                raise ApiFault("Too many wrong codes. Request a new code.", field="otp", code="otp_attempts_exceeded")
            raise ApiFault("Invalid OTP", field="otp", code="invalid_otp")
        return otp["id"]

    def request_mobile_otp(self, merchant_id: int, params: Params) -> dict[str, Any]:
        user, _ = self.store.member(merchant_id, params.get("identifier"), field="identifier")
        number = _phone(_required(params, "mobile_number"), "mobile_number")
        channel = str(_required(params, "type")).lower()
        if channel not in ("sms", "whatsapp"):
            raise ApiFault(f'"{channel}" is not a valid choice.', field="type")
        template = str(_required(params, "template_code"))
        if not self.store.has_template(merchant_id, template, channel):
            raise ApiFault("Messages template not found", field="template_code", code="invalid_template_code")
        if channel == "whatsapp" and user["has_incorrect_wa_number"]:
            raise ApiFault("User does not have mobile number or invalid whatsapp number", field="type",
                           code="invalid_user_whatsapp_number")
        other = self.store.one("SELECT id FROM users WHERE phone = ?", number)
        if other is not None and other["id"] != user["id"]:
            raise ApiFault(f"{number} is already used", field="mobile_number", code="mobile_number_already_used")
        with self.store.transaction():
            code = self._issue_otp(merchant_id, "mobile", user["id"], number, 4)
            merchant = self.store.merchant(merchant_id)["name"]
            self.store.log_message(channel, number, f"{merchant} verification code",
                                   f"{code} is your {merchant} code to change your mobile number. It expires in 5 minutes.")
        return {"otp": code}

    def change_mobile_number(self, merchant_id: int, params: Params) -> dict[str, Any]:
        user, _ = self.store.member(merchant_id, params.get("identifier"), field="identifier")
        number = _phone(_required(params, "new_number"), "new_number")
        code = str(_required(params, "otp"))
        other = self.store.one("SELECT id FROM users WHERE phone = ?", number)
        if other is not None and other["id"] != user["id"]:
            raise ApiFault(f"{number} is already used", field="new_number", code="mobile_number_already_used")
        otp_id = self._check_otp(merchant_id, "mobile", number, code, user["id"])
        with self.store.transaction() as db:
            db.execute("UPDATE otps SET consumed = 1 WHERE id = ?", (otp_id,))
            db.execute("UPDATE users SET phone = ?, phone_is_verified = 1 WHERE id = ?", (number, user["id"]))
            self.store.index_user(user["id"])
        return {"status": "ok"}

    def request_email_otp(self, merchant_id: int, params: Params) -> dict[str, Any]:
        email = _email(_required(params, "new_email"), "new_email")
        template = params.get("template_code")
        if template and not self.store.has_template(merchant_id, str(template), "email"):
            raise ApiFault("Email template not found", field="template_code", code="invalid_template_code")
        with self.store.transaction():
            code = self._issue_otp(merchant_id, "email", None, email, 6)
            merchant = self.store.merchant(merchant_id)["name"]
            self.store.log_message("email", email, f"{merchant} verification code",
                                   f"Your code to use this email address with {merchant} is {code}. "
                                   "It expires in 5 minutes.")
        return {"otp": code}

    def change_email(self, merchant_id: int, params: Params) -> dict[str, Any]:
        user, _ = self.store.member(merchant_id, params.get("user"))
        email = _email(_required(params, "new_email"), "new_email")
        code = str(_required(params, "otp"))
        other = self.store.one("SELECT id FROM users WHERE email = ?", email)
        if other is not None and other["id"] != user["id"]:
            raise ApiFault(f"{email} is already used", field="new_email", code="email_already_used")
        otp_id = self._check_otp(merchant_id, "email", email, code, user["id"])
        with self.store.transaction() as db:
            db.execute("UPDATE otps SET consumed = 1 WHERE id = ?", (otp_id,))
            db.execute("UPDATE users SET email = ?, email_is_verified = 1 WHERE id = ?", (email, user["id"]))
            self.store.index_user(user["id"])
        return {"status": "ok"}
