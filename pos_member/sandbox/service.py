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

from . import messages
from .faults import ApiFault
from .params import Params, boolean, date, integer, mapping, missing, text
from .store import MARITAL, METHOD_NAMES, RELIGIONS, Store, e164, inserted_id, new_code, now_text, today

OTP_LIFETIME_S = 5 * 60
OTP_MAX_ATTEMPTS = 3
OTP_WINDOW_S = 15 * 60            # codes issued in this window count towards the limits below
OTP_PER_TARGET = 5                # per number or address
OTP_PER_MEMBER = 10               # per member, whatever the number

# Field lengths, as the app's own request models (pos_member/api/requests.py) allow.
NAME, EMAIL, PHONE, SHORT, LONG, POSTAL, KEY, QUERY, OTP, EXTRA = 100, 254, 50, 100, 500, 5, 254, 100, 8, 4096


def _email(value: str | None, field: str) -> str:
    if value is None:
        raise missing(field)
    try:
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError:
        raise ApiFault("Enter a valid email address.", field=field) from None


def _phone(value: str | None, field: str) -> str:
    if value is None:
        raise missing(field)
    number = e164(value)
    if number is None:
        raise ApiFault("Enter a valid mobile number.", field=field)
    return number


def _gender(params: Params) -> str | None:
    value = text(params, "gender", max_len=10)
    if value is None:
        return None
    mapped = {"male": "male", "m": "male", "1": "male", "female": "female", "f": "female", "2": "female"}
    if value.lower() not in mapped:
        raise ApiFault('Gender must be "male" or "female".', field="gender")
    return mapped[value.lower()]


def _choice(params: Params, name: str, choices: dict[int, str]) -> int | None:
    """A code of ``choices``, given as the code or as its word ("Married")."""
    value = text(params, name, max_len=20)
    if value is None:
        return None
    by_word = {v.lower(): k for k, v in choices.items()}
    code = by_word.get(value.lower())
    if code is None:
        code = integer({name: value}, name) if value.lstrip("+-").isascii() and value.lstrip("+-").isdigit() else None
    if code not in choices:
        raise ApiFault(f"Select a valid choice. {value[:20]} is not one of the available choices.", field=name)
    return code


def _hash_pin(pin: str) -> str:
    salt = secrets.token_hex(8)
    return f"{salt}${hashlib.sha256((salt + pin).encode()).hexdigest()}"


def _not_anonymized(user: Any) -> None:
    if user["is_anonymized"]:
        raise ApiFault("This member has been anonymized and can no longer be changed.", code="user_is_anonymized")


class Service:
    def __init__(self, store: Store):
        self.store = store

    def _member(self, merchant_id: int, params: Params, field: str = "user", kinds: str = "ecip") -> tuple[Any, Any]:
        raw = params.get(field)  # a JSON integer is a primary key; text (a query string too) a card first
        return self.store.member(merchant_id, text(params, field, max_len=KEY), field=field, kinds=kinds,
                                 pk_first=isinstance(raw, int) and not isinstance(raw, bool))

    # ------------------------------------------------------------------ reads

    def ping(self, merchant_id: int, params: Params) -> dict[str, Any]:
        merchant = self.store.row("SELECT * FROM merchants WHERE id = ?", merchant_id)
        return {"pong": {"merchant": merchant["name"], "merchant_id": merchant["id"]}}

    def details(self, merchant_id: int, params: Params) -> dict[str, Any]:
        if text(params, "user", max_len=KEY) is None:
            raise ApiFault("User not found")  # the seed's own "missing parameters" example
        self._check_merchant(merchant_id, params)
        verbose = boolean(params, "verbose", False)
        user, membership = self._member(merchant_id, params)
        body: dict[str, Any] = {
            "membership": self.store.membership_view(membership),
            "tags": [{"group": t["grp"], "tag": t["tag"]} for t in self.store.tags(membership["id"])],
            "user": self.store.user_view(user, membership),
        }
        if user["registration_status"] == "Partial" and not user["name"]:
            # A quick registration nobody has completed: the customer was never asked, and this
            # server (as Stamps may) leaves the consents out rather than state a choice.
            for key in ("allow_newsletters", "allow_sms_marketing", "allow_whatsapp_marketing"):
                body["membership"].pop(key, None)
        if verbose:
            body["membership"].update(self._requirements(merchant_id, membership))
        return body

    def suggestions(self, merchant_id: int, params: Params) -> dict[str, Any]:
        self._check_merchant(merchant_id, params)
        query = text(params, "query", max_len=QUERY, required=True)
        ids = self.store.suggest(merchant_id, query)
        return {"suggestions": self.store.suggestion_views(merchant_id, ids)}

    def full_profile(self, merchant_id: int, params: Params) -> dict[str, Any]:
        user, membership = self._member(merchant_id, params)
        return {
            "user": self.store.full_user_view(user, membership),
            "tags": [{"group": t["grp"], "tag": t["tag"]} for t in self.store.tags(membership["id"])],
        }

    def upgrade_requirement(self, merchant_id: int, params: Params) -> dict[str, Any]:
        _, membership = self._member(merchant_id, params)
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
            # The level the spending reaches, not simply the one below: a member set to Gold by
            # hand with nothing spent drops to the lowest level (the reading in the README).
            reached = [lv for lv in current[:-1] if lv["spending"] <= m["spending"]] or current[:1]
            downgrade = {"spending_requirement": current[-1]["spending"] - m["spending"],
                         "deadline": m["level_end_date"] or year_end, "next_level": reached[-1]["name"]}
        return {"upgrade_requirement": upgrade, "downgrade_requirement": downgrade}

    def _check_merchant(self, merchant_id: int, params: Params) -> None:
        if integer(params, "merchant", required=True) != merchant_id:
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

        def short(field: str, max_len: int = SHORT) -> Any:
            return check(field, lambda: text(params, field, max_len=max_len))

        def flag(field: str, default: bool | None) -> Any:
            return check(field, lambda: boolean(params, field, default))

        name = check("name", lambda: text(params, "name", max_len=NAME, required=True))
        email = check("email", lambda: _email(text(params, "email", max_len=EMAIL, required=True), "email"))
        phone = check("mobile_number", lambda: _phone(text(params, "mobile_number", max_len=PHONE, required=True), "mobile_number"))
        birthday = check("birthday", lambda: date(params, "birthday", past=True))
        wedding = check("wedding_date", lambda: date(params, "wedding_date", past=True))
        gender = check("gender", lambda: _gender(params))
        marital = check("marital_status", lambda: _choice(params, "marital_status", MARITAL))
        religion = check("religion", lambda: _choice(params, "religion", RELIGIONS))
        method = check("registration_method", lambda: integer(params, "registration_method"))
        if method is not None and method not in METHOD_NAMES:
            errors.setdefault("registration_method", f"Select a valid choice. {method} is not one of the available choices.")
        store_id = check("store", lambda: integer(params, "store", low=1))
        district = check("district", lambda: integer(params, "district", low=1))
        address, postal = short("address", LONG), short("postal_code", POSTAL)
        card, password, referral, employee = short("member_id"), short("password"), short("referral_code"), \
            short("registering_employee_code")
        pin, confirm = short("pin", 8), short("confirm_pin", 8)
        extra = check("extra_data", lambda: mapping(params, "extra_data", max_chars=EXTRA))
        is_active, generate = flag("is_active", True), flag("generate_default_password", True)
        email_ok, phone_ok = flag("email_is_verified", False), flag("phone_is_verified", False)
        consents = (flag("allow_newsletters", True), flag("allow_sms_marketing", True), flag("allow_whatsapp_marketing", True))
        if email and self.store.one("SELECT 1 FROM users WHERE merchant_id = ? AND email = ?", merchant_id, email):
            errors.setdefault("email", f"{email} is already used")
        if phone and self.store.one("SELECT 1 FROM users WHERE merchant_id = ? AND phone = ?", merchant_id, phone):
            errors.setdefault("mobile_number", f"{phone} is already used")
        if card and self.store.one("SELECT 1 FROM cards WHERE merchant_id = ? AND number = ?", merchant_id, card):
            errors.setdefault("member_id", "This member ID is already used")
        if district is not None and not self.store.one("SELECT 1 FROM districts WHERE id = ?", district):
            errors.setdefault("district", "District not found")
        referrer = None
        if referral:
            referrer = self.store.one("SELECT * FROM memberships WHERE referral_code = ? AND merchant_id = ?",
                                      referral.upper(), merchant_id)
            if referrer is None:
                errors.setdefault("referral_code", "Referral code not found")
        if pin or confirm:
            if not (pin and pin.isascii() and pin.isdigit() and 4 <= len(pin) <= 8):
                errors.setdefault("pin", "PIN must be 4 to 8 digits")
            elif pin != confirm:
                errors.setdefault("confirm_pin", "PIN confirmation does not match")
        if errors:
            only = list(errors)
            code = {"email": "email_already_used", "mobile_number": "mobile_number_already_used"}.get(only[0], "invalid_data")
            if len(only) > 1 or "already used" not in errors[only[0]]:
                code = "invalid_data"
            raise ApiFault.many(errors, code=code)

        with self.store.transaction() as db:
            if employee:
                db.execute("INSERT OR IGNORE INTO employees (merchant_id, code) VALUES (?, ?)", (merchant_id, employee))
            has_password = bool(password) or bool(generate)
            cur = db.execute(
                "INSERT INTO users (merchant_id, name, email, phone, gender, birthday, address, district_id, postal_code,"
                " religion, marital_status, wedding_date, is_active, email_is_verified, phone_is_verified, pin_hash,"
                " has_password, registration_status, registration_method, registering_employee_code, referral_code,"
                " extra_json, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'Full', ?, ?, ?, ?, ?)",
                (merchant_id, name, email, phone, gender, birthday, address, district, postal, religion, marital, wedding,
                 int(bool(is_active)), int(bool(email_ok)), int(bool(phone_ok)), _hash_pin(pin) if pin else None,
                 int(has_password), method if method is not None else 3, employee, new_code(),
                 json.dumps({"extra_data": extra or {}}), now_text()),
            )
            user_id = inserted_id(cur)
            membership_id = self._new_membership(merchant_id, user_id, store_id, card=card, consents=consents)
            if referrer is not None:
                db.execute("UPDATE memberships SET stamps = stamps + 10 WHERE id = ?", (referrer["id"],))
            self.store.index_user(user_id)
            merchant = self.store.merchant_name(merchant_id)
            how = messages.text("how_password" if password else "how_generated" if generate else "how_set")
            self.store.log_message("email", email, messages.text("welcome_subject", merchant=merchant),
                                   messages.text("welcome", name=name, merchant=merchant, how=how))
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
        number = card or self._new_card_number(merchant_id)
        db.execute("INSERT INTO cards (merchant_id, number, membership_id, is_primary, is_active, activated_time)"
                   " VALUES (?, ?, ?, 1, 1, ?)", (merchant_id, number, inserted_id(cur), now_text()))
        return inserted_id(cur)

    def _new_card_number(self, merchant_id: int) -> str:
        while True:
            number = "RRR" + new_code(7)
            if not self.store.one("SELECT 1 FROM cards WHERE merchant_id = ? AND number = ?", merchant_id, number):
                return number

    def _customer(self, merchant_id: int, user_id: int, membership_id: int, employee: Any = None) -> dict[str, Any]:
        user = self.store.row("SELECT * FROM users WHERE id = ?", user_id)
        membership = self.store.row("SELECT * FROM memberships WHERE id = ?", membership_id)
        body = self.store.user_view(user, membership)
        body["membership"] = self.store.membership_view(membership)
        if employee:
            body["registering_employee_code"] = employee
        return body

    def partial_register(self, merchant_id: int, params: Params) -> dict[str, Any]:
        key = text(params, "user", max_len=KEY, required=True)
        if "@" in key:
            column, channel, contact = "email", "email", _email(key, "user")
        else:
            column, channel, contact = "phone", "sms", _phone(key, "user")
        email, phone = (contact, None) if column == "email" else (None, contact)
        employee = text(params, "registering_employee_code", max_len=SHORT)
        send = boolean(params, "send_registration_message", True)
        if self.store.one(f"SELECT 1 FROM users WHERE merchant_id = ? AND {column} = ?", merchant_id, contact):
            raise ApiFault("This user is already a member", field="user", code="user_already_registered")
        with self.store.transaction() as db:
            user_id = inserted_id(db.execute(
                "INSERT INTO users (merchant_id, name, email, phone, registration_status, registration_method,"
                " registering_employee_code, referral_code, has_password, created)"
                " VALUES (?, '', ?, ?, 'Partial', 3, ?, ?, 0, ?)",
                (merchant_id, email, phone, employee, new_code(), now_text())))
            if employee:
                db.execute("INSERT OR IGNORE INTO employees (merchant_id, code) VALUES (?, ?)", (merchant_id, employee))
            membership_id = self._new_membership(merchant_id, user_id, None, card=None, consents=(True, True, True))
            self.store.index_user(user_id)
            if send:
                merchant = self.store.merchant_name(merchant_id)
                self.store.log_message(channel, contact, messages.text("welcome_subject", merchant=merchant),
                                       messages.text("welcome_partial", merchant=merchant))
        user = self.store.row("SELECT * FROM users WHERE id = ?", user_id)
        membership = self.store.row("SELECT * FROM memberships WHERE id = ?", membership_id)
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
        user, membership = self._member(merchant_id, params, kinds="ci")  # the seed: primary key or card number
        _not_anonymized(user)
        updates: dict[str, Any] = {"name": text(params, "name", max_len=NAME, required=True)}
        if "birthday" in params:
            updates["birthday"] = date(params, "birthday", past=True)
        if "gender" in params:
            updates["gender"] = _gender(params)
        for field, max_len in (("address", LONG), ("postal_code", POSTAL), ("notes", LONG)):
            if field in params:
                updates[field] = text(params, field, max_len=max_len)
        updates["notes"] = updates.get("notes", user["notes"]) or ""
        if "district" in params:
            district = integer(params, "district", low=1)
            if district is not None and not self.store.one("SELECT 1 FROM districts WHERE id = ?", district):
                raise ApiFault("District not found", field="district")
            updates["district_id"] = district
        if "marital_status" in params:
            updates["marital_status"] = _choice(params, "marital_status", MARITAL)
        if "wedding_date" in params:
            updates["wedding_date"] = date(params, "wedding_date", past=True)
        for flag in ("has_downloaded_app", "phone_is_verified", "email_is_verified"):
            if flag in params:
                updates[flag] = int(bool(boolean(params, flag)))
        if boolean(params, "generate_default_password", False):
            updates["has_password"] = 1
        consents = {k: int(bool(boolean(params, k))) for k in
                    ("allow_newsletters", "allow_sms_marketing", "allow_whatsapp_marketing") if k in params}
        extra_data = mapping(params, "extra_data", max_chars=EXTRA)
        if extra_data is not None:
            extra = json.loads(user["extra_json"] or "{}")
            extra["extra_data"] = extra_data
            updates["extra_json"] = json.dumps(extra)
        with self.store.transaction() as db:
            db.execute(f"UPDATE users SET {', '.join(f'{k} = ?' for k in updates)} WHERE id = ?",
                       (*updates.values(), user["id"]))
            if consents:
                db.execute(f"UPDATE memberships SET {', '.join(f'{k} = ?' for k in consents)} WHERE id = ?",
                           (*consents.values(), membership["id"]))
            self.store.index_user(user["id"])
        return self._customer(merchant_id, user["id"], membership["id"])

    def _tag_params(self, merchant_id: int, params: Params) -> tuple[Any, str, str]:
        self._check_merchant(merchant_id, params)
        user, membership = self._member(merchant_id, params, kinds="ci")  # the seed: primary key or card number
        _not_anonymized(user)
        key = text(params, "key", max_len=SHORT, required=True)
        return membership, key, text(params, "value", max_len=SHORT, required=True)

    def add_tag(self, merchant_id: int, params: Params) -> dict[str, Any]:
        membership, key, value = self._tag_params(merchant_id, params)
        with self.store.transaction() as db:
            db.execute("INSERT OR IGNORE INTO tags (membership_id, grp, tag) VALUES (?, ?, ?)", (membership["id"], key, value))
        m = self.store.row("SELECT * FROM memberships WHERE id = ?", membership["id"])
        view = self.store.membership_view(m)
        view["extra_data"] = {}
        return view

    def remove_tag(self, merchant_id: int, params: Params) -> dict[str, Any]:
        membership, key, value = self._tag_params(merchant_id, params)
        with self.store.transaction() as db:
            gone = db.execute("DELETE FROM tags WHERE membership_id = ? AND grp = ? AND tag = ?",
                              (membership["id"], key, value)).rowcount
        if not gone:
            raise ApiFault("Tag not found", field="value", code="tag_not_found")
        return {"status": "ok"}

    def anonymize(self, merchant_id: int, params: Params) -> dict[str, Any]:
        user, _ = self._member(merchant_id, params, field="identifier")
        with self.store.transaction() as db:
            db.execute(
                "UPDATE users SET name = 'Anonymous', email = NULL, phone = NULL, gender = NULL, birthday = NULL,"
                " address = NULL, district_id = NULL, postal_code = NULL, religion = NULL, marital_status = NULL,"
                " wedding_date = NULL, nationality = NULL, notes = '', pin_hash = NULL, extra_json = '{}',"
                " is_anonymized = 1, is_active = 0 WHERE id = ?", (user["id"],))
            db.execute("UPDATE memberships SET pending_anonymization = 0 WHERE user_id = ?", (user["id"],))
            db.execute("UPDATE otps SET consumed = 1 WHERE user_id = ?", (user["id"],))
            self.store.index_user(user["id"])
        return {"status": "ok"}

    def set_pending_anonymization(self, merchant_id: int, params: Params) -> dict[str, Any]:
        user, membership = self._member(merchant_id, params, field="identifier")
        _not_anonymized(user)
        with self.store.transaction() as db:
            db.execute("UPDATE memberships SET pending_anonymization = 1 WHERE id = ?", (membership["id"],))
        return {"status": "ok"}

    def set_level(self, merchant_id: int, params: Params) -> dict[str, Any]:
        """Any level number (its text is the tier at or below it); ``end_date`` as given, even a
        past one as in the seed's example; without one, the level keeps its end date."""
        user, membership = self._member(merchant_id, params)
        _not_anonymized(user)
        level = integer(params, "level", required=True, low=0)
        end_date = date(params, "end_date")
        store_id = integer(params, "store", low=1)
        if boolean(params, "upgrade_only", False) and level < membership["level"]:
            raise ApiFault("Level is lower than user's current level and downgrade is not allowed",
                           code="downgrade_not_allowed")
        with self.store.transaction() as db:
            db.execute("UPDATE memberships SET level = ?, level_end_date = COALESCE(?, level_end_date),"
                       " store_id = COALESCE(?, store_id) WHERE id = ?", (level, end_date, store_id, membership["id"]))
        return {"status": "ok"}

    # ------------------------------------------------------------------ OTP flows

    def _issue_otp(self, merchant_id: int, purpose: str, user_id: int | None, target: str, digits: int, field: str) -> str:
        """A new code for ``target`` (earlier live ones end), within the per-target and per-member limits."""
        since = time.time() - OTP_WINDOW_S + OTP_LIFETIME_S  # issued within the window = expires after this
        per_target = self.store.row("SELECT COUNT(*) AS n FROM otps WHERE merchant_id = ? AND purpose = ? AND target = ?"
                                    " AND expires_at > ?", merchant_id, purpose, target, since)["n"]
        per_member = self.store.row("SELECT COUNT(*) AS n FROM otps WHERE merchant_id = ? AND purpose = ? AND user_id = ?"
                                    " AND expires_at > ?", merchant_id, purpose, user_id, since)["n"] if user_id else 0
        if per_target >= OTP_PER_TARGET or per_member >= OTP_PER_MEMBER:
            raise ApiFault(f"Too many codes were requested. Wait {OTP_WINDOW_S // 60} minutes, then request a new code.",
                           field=field, code="otp_rate_limited")
        code = "".join(secrets.choice("0123456789") for _ in range(digits))
        db = self.store.db
        db.execute("UPDATE otps SET consumed = 1 WHERE merchant_id = ? AND purpose = ? AND target = ? AND consumed = 0",
                   (merchant_id, purpose, target))
        db.execute("INSERT INTO otps (merchant_id, purpose, user_id, target, code, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
                   (merchant_id, purpose, user_id, target, code, time.time() + OTP_LIFETIME_S))
        return code

    def _check_otp(self, merchant_id: int, purpose: str, targets: tuple[str | None, ...], code: str, user_id: int) -> int:
        """The id of the newest live code sent to one of ``targets`` for this member (or for no
        member in particular); a wrong code counts an attempt (kept even though we raise)."""
        wanted = [t for t in targets if t]
        marks = ",".join("?" * len(wanted))
        otp = self.store.one(f"SELECT * FROM otps WHERE merchant_id = ? AND purpose = ? AND target IN ({marks})"
                             " AND consumed = 0 AND (user_id IS NULL OR user_id = ?) ORDER BY id DESC LIMIT 1",
                             merchant_id, purpose, *wanted, user_id)
        if otp is None:
            raise ApiFault("No code was requested for this number or address. Request a new code.",
                           field="otp", code="otp_not_requested")
        if time.time() > otp["expires_at"]:
            raise ApiFault("The code has expired. Request a new code.", field="otp", code="otp_expired")
        if not secrets.compare_digest(code.encode(), otp["code"].encode()):
            attempts = otp["attempts"] + 1
            used_up = attempts >= OTP_MAX_ATTEMPTS
            with self.store.transaction() as db:
                db.execute("UPDATE otps SET attempts = ?, consumed = ? WHERE id = ?", (attempts, int(used_up), otp["id"]))
            if used_up:
                raise ApiFault("Too many wrong codes. Request a new code.", field="otp", code="otp_attempts_exceeded")
            raise ApiFault("Invalid OTP", field="otp", code="invalid_otp")
        return otp["id"]

    def request_mobile_otp(self, merchant_id: int, params: Params) -> dict[str, Any]:
        """The seed's table names ``mobile_number``, its example only ``identifier``: with both the
        code goes to the new number; with ``identifier`` alone, to the member's own number."""
        user = None
        if text(params, "identifier", max_len=KEY) is not None or text(params, "mobile_number", max_len=PHONE) is None:
            user, _ = self._member(merchant_id, params, field="identifier")
            _not_anonymized(user)
        given = text(params, "mobile_number", max_len=PHONE)
        number = _phone(given, "mobile_number") if given is not None else user["phone"] if user is not None else None
        if number is None:
            raise missing("mobile_number")
        channel = text(params, "type", max_len=20, required=True).lower()
        if channel not in ("sms", "whatsapp"):
            raise ApiFault(f'"{channel}" is not a valid choice.', field="type")
        template = text(params, "template_code", max_len=SHORT, required=True)
        if not self.store.has_template(merchant_id, template, channel):
            raise ApiFault("Messages template not found", field="template_code", code="invalid_template_code")
        if channel == "whatsapp" and user is not None and user["has_incorrect_wa_number"]:
            raise ApiFault("User does not have mobile number or invalid whatsapp number", field="type",
                           code="invalid_user_whatsapp_number")
        other = self.store.one("SELECT id FROM users WHERE merchant_id = ? AND phone = ?", merchant_id, number)
        if other is not None and (user is None or other["id"] != user["id"]):
            raise ApiFault(f"{number} is already used", field="mobile_number", code="mobile_number_already_used")
        with self.store.transaction():
            code = self._issue_otp(merchant_id, "mobile", user["id"] if user else None, number, 4, "mobile_number")
            merchant = self.store.merchant_name(merchant_id)
            self.store.log_message(channel, number, messages.text("code_subject", merchant=merchant),
                                   messages.text("mobile_code", code=code, merchant=merchant))
        return {"otp": code}

    def change_mobile_number(self, merchant_id: int, params: Params) -> dict[str, Any]:
        user, _ = self._member(merchant_id, params, field="identifier")
        _not_anonymized(user)
        number = _phone(text(params, "new_number", max_len=PHONE, required=True), "new_number")
        code = text(params, "otp", max_len=OTP, required=True)
        other = self.store.one("SELECT id FROM users WHERE merchant_id = ? AND phone = ?", merchant_id, number)
        if other is not None and other["id"] != user["id"]:
            raise ApiFault(f"{number} is already used", field="new_number", code="mobile_number_already_used")
        otp_id = self._check_otp(merchant_id, "mobile", (number, user["phone"]), code, user["id"])
        with self.store.transaction() as db:
            db.execute("UPDATE otps SET consumed = 1 WHERE id = ?", (otp_id,))
            db.execute("UPDATE users SET phone = ?, phone_is_verified = 1 WHERE id = ?", (number, user["id"]))
            self.store.index_user(user["id"])
        return {"status": "ok"}

    def request_email_otp(self, merchant_id: int, params: Params) -> dict[str, Any]:
        email = _email(text(params, "new_email", max_len=EMAIL, required=True), "new_email")
        template = text(params, "template_code", max_len=SHORT)
        if template and not self.store.has_template(merchant_id, template, "email"):
            raise ApiFault("Email template not found", field="template_code", code="invalid_template_code")
        with self.store.transaction():
            code = self._issue_otp(merchant_id, "email", None, email, 6, "new_email")
            merchant = self.store.merchant_name(merchant_id)
            self.store.log_message("email", email, messages.text("code_subject", merchant=merchant),
                                   messages.text("email_code", code=code, merchant=merchant))
        return {"otp": code}

    def change_email(self, merchant_id: int, params: Params) -> dict[str, Any]:
        user, _ = self._member(merchant_id, params)
        _not_anonymized(user)
        email = _email(text(params, "new_email", max_len=EMAIL, required=True), "new_email")
        code = text(params, "otp", max_len=OTP, required=True)
        other = self.store.one("SELECT id FROM users WHERE merchant_id = ? AND email = ?", merchant_id, email)
        if other is not None and other["id"] != user["id"]:
            raise ApiFault(f"{email} is already used", field="new_email", code="email_already_used")
        otp_id = self._check_otp(merchant_id, "email", (email,), code, user["id"])
        with self.store.transaction() as db:
            db.execute("UPDATE otps SET consumed = 1 WHERE id = ?", (otp_id,))
            db.execute("UPDATE users SET email = ?, email_is_verified = 1 WHERE id = ?", (email, user["id"]))
            self.store.index_user(user["id"])
        return {"status": "ok"}
