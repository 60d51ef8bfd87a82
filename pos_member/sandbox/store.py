"""The training server's SQLite store: lookups, the suggestion index and JSON views.

Used from one thread at a time (the server runs it on a single worker thread), so one connection
serves every request and writes are serialised.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
import secrets
import sqlite3
import unicodedata
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any

import phonenumbers

from pos_member.api.models import RELIGIONS

from .faults import ApiFault

METHOD_NAMES = {0: "Mobile Web", 1: "Web", 2: "Store", 3: "API", 4: "Merchant", 5: "Mobile API", 6: "SMS",
                9: "Android", 10: "iOS", 12: "Imported"}
MARITAL = {1: "Single", 2: "Married", 3: "Divorced", 4: "Widowed", 5: "Others"}
SUGGESTION_LIMIT = 10
INDEXED_WORDS = 12     # name suffixes indexed per user
TERM_CHARS = 100       # characters kept of each indexed term (and of a typed query)
_SPACES = re.compile(r"\s+")
_WORD_START = re.compile(r"(?<!\S)\S")
_PHONE_JUNK = re.compile(r"[\s\-().]")


def today() -> dt.date:
    return dt.date.today()


def now_text() -> str:
    return dt.datetime.now().replace(microsecond=0).isoformat(sep=" ")


def e164(value: str) -> str | None:
    """A mobile number as E.164, or None if it is not a valid number."""
    try:
        number = phonenumbers.parse(str(value).strip(), "ID")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def national_digits(phone: str) -> str:
    digits = phone.lstrip("+")
    return digits[2:] if digits.startswith("62") else digits


#: Version of the search terms' form: an older training database is indexed again on opening.
TERMS_VERSION = 2
_NAME_JUNK = re.compile(r"[^\w\s-]")
_EMAIL_WORD = re.compile(r"[._+\-]")


def fold(text: str) -> str:
    """A name as Stamps matches it: no accents, no punctuation, case and spacing ignored
    ("O'Neil" -> "oneil", "Jean-Luc Müller" -> "jean luc muller")."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return _SPACES.sub(" ", _NAME_JUNK.sub("", plain).replace("_", "").replace("-", " ")).strip()


def email_terms(email: str) -> list[str]:
    """The address from each word of its local part on ("budi.santoso@x" -> also "santoso@x"):
    any word of the email matches, as the README says."""
    address = email.casefold()
    local = address.split("@", 1)[0]
    starts = [0] + [m.end() for m in _EMAIL_WORD.finditer(local)]
    return list(dict.fromkeys(address[i:i + TERM_CHARS] for i in starts[:INDEXED_WORDS] if i < len(local)))


def name_terms(name: str) -> list[str]:
    """Word-suffixes of the name ("budi santoso", "santoso"): one range scan finds a phrase prefix.

    Capped (the first ``INDEXED_WORDS`` words, ``TERM_CHARS`` characters each), so a name costs at
    most a fixed number of short rows however long it is: linear in its length, not quadratic.
    """
    text = fold(name)
    starts = [m.start() for m in itertools.islice(_WORD_START.finditer(text), INDEXED_WORDS)]
    return [text[i:i + TERM_CHARS].rstrip() for i in starts]


def prefix_bound(prefix: str) -> str | None:
    """The smallest text greater than every text starting with ``prefix`` (None: no bound).

    SQLite compares UTF-8 bytes, i.e. code points, so "budi\uffff" would stop before "budi😀".
    """
    for i in range(len(prefix) - 1, -1, -1):
        if ord(prefix[i]) < 0x10FFFF:
            nxt = ord(prefix[i]) + 1
            if 0xD800 <= nxt <= 0xDFFF:
                nxt = 0xE000
            return prefix[:i] + chr(nxt)
    return None


def inserted_id(cursor: sqlite3.Cursor) -> int:
    """The id of the row an INSERT just made (the cursor only lacks one when nothing was inserted)."""
    if cursor.lastrowid is None:
        raise LookupError("no row was inserted")
    return cursor.lastrowid


def new_code(length: int = 8) -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(length))


class Store:
    def __init__(self, path: str | Path = ":memory:"):
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA journal_mode = WAL" if self.path != ":memory:" else "PRAGMA journal_mode = MEMORY")
        self.db.execute("PRAGMA synchronous = NORMAL")
        self._migrate_shared_users()
        self.db.executescript(_schema())
        self._reindex_if_older()

    def close(self) -> None:
        self.db.close()

    def _reindex_if_older(self) -> None:
        """A database indexed before names were folded (or emails split) is indexed again, once."""
        if self.db.execute("PRAGMA user_version").fetchone()[0] >= TERMS_VERSION:
            return
        with self.transaction():
            for (user_id,) in self.db.execute("SELECT id FROM users").fetchall():
                self.index_user(user_id)
            self.db.execute(f"PRAGMA user_version = {TERMS_VERSION}")

    def _migrate_shared_users(self) -> None:
        """Databases made before merchants were separated had one users table for all merchants:
        give each user to the merchant of its first membership, and a copy to every other one."""
        db = self.db
        if not db.execute("SELECT 1 FROM pragma_table_info('users')").fetchone() or \
                db.execute("SELECT 1 FROM pragma_table_info('users') WHERE name = 'merchant_id'").fetchone():
            return
        db.execute("PRAGMA foreign_keys = OFF")
        db.execute("PRAGMA legacy_alter_table = ON")  # keep other tables' references to "users" as they are
        try:
            with self.transaction():
                db.execute("ALTER TABLE users RENAME TO users_v1")
                db.execute("ALTER TABLE cards RENAME TO cards_v1")
                db.execute("DROP INDEX IF EXISTS cards_membership")
                for statement in _statements(_schema()):
                    db.execute(statement)
                cols = [r[1] for r in db.execute("PRAGMA table_info(users_v1)")]
                db.execute(f"INSERT INTO users (merchant_id, {', '.join(cols)}) SELECT COALESCE((SELECT m.merchant_id "
                           "FROM memberships m WHERE m.user_id = u.id ORDER BY m.id LIMIT 1), (SELECT MIN(id) FROM merchants)), "
                           f"{', '.join('u.' + c for c in cols)} FROM users_v1 u")
                db.execute("INSERT INTO cards (id, merchant_id, number, membership_id, is_primary, is_active, activated_time)"
                           " SELECT c.id, m.merchant_id, c.number, c.membership_id, c.is_primary, c.is_active, c.activated_time"
                           " FROM cards_v1 c JOIN memberships m ON m.id = c.membership_id")
                copied = [c for c in cols if c not in ("id", "referral_code")]
                moved = db.execute("SELECT m.id, m.user_id, m.merchant_id FROM memberships m JOIN users u ON u.id = m.user_id"
                                   " WHERE m.merchant_id != u.merchant_id").fetchall()
                touched: set[int] = set()
                for membership_id, user_id, merchant_id in moved:
                    copy = inserted_id(db.execute(f"INSERT INTO users (merchant_id, referral_code, {', '.join(copied)}) "
                                                  f"SELECT ?, ?, {', '.join(copied)} FROM users WHERE id = ?",
                                                  (merchant_id, new_code(), user_id)))
                    db.execute("UPDATE memberships SET user_id = ? WHERE id = ?", (copy, membership_id))
                    touched.update((user_id, copy))
                db.execute("DROP TABLE users_v1")
                db.execute("DROP TABLE cards_v1")
                for user_id in touched:
                    self.index_user(user_id)
        finally:
            db.execute("PRAGMA legacy_alter_table = OFF")
            db.execute("PRAGMA foreign_keys = ON")

    # ------------------------------------------------------------------ transactions

    def transaction(self) -> _Tx:
        return _Tx(self.db)

    def one(self, sql: str, *args: Any) -> sqlite3.Row | None:
        return self.db.execute(sql, args).fetchone()

    def row(self, sql: str, *args: Any) -> sqlite3.Row:
        """The row a query must find (a count, a row just written, the caller's own merchant)."""
        row = self.one(sql, *args)
        if row is None:
            raise LookupError(f"no row for: {sql}")
        return row

    def all(self, sql: str, *args: Any) -> list[sqlite3.Row]:
        return self.db.execute(sql, args).fetchall()

    # ------------------------------------------------------------------ merchants and auth

    def merchant_for_token(self, token: str) -> sqlite3.Row | None:
        return self.one("SELECT * FROM merchants WHERE token = ?", token)

    def merchant(self, merchant_id: int) -> sqlite3.Row | None:
        return self.one("SELECT * FROM merchants WHERE id = ?", merchant_id)

    def merchant_name(self, merchant_id: int) -> str:
        """The name of a merchant known to exist (the caller's own, from its credentials)."""
        return self.row("SELECT name FROM merchants WHERE id = ?", merchant_id)["name"]

    def levels(self, merchant_id: int) -> list[sqlite3.Row]:
        return self.all("SELECT * FROM levels WHERE merchant_id = ? ORDER BY level", merchant_id)

    def level_name(self, merchant_id: int, level: int) -> str:
        row = self.one("SELECT name FROM levels WHERE merchant_id = ? AND level <= ? ORDER BY level DESC LIMIT 1",
                       merchant_id, level)
        return row["name"] if row else str(level)

    def has_template(self, merchant_id: int, code: str, channel: str) -> bool:
        return self.one("SELECT 1 FROM templates WHERE merchant_id = ? AND code = ? AND channel = ?",
                        merchant_id, code, channel) is not None

    # ------------------------------------------------------------------ finding people

    def resolve_user(self, merchant_id: int, key: Any, kinds: str = "ecip", *, pk_first: bool = False) -> sqlite3.Row | None:
        """This merchant's user by email (e), card number (c), primary key (i) or mobile number (p).
        ``pk_first``: the key came as a JSON integer, which is a primary key ("Customer's integer
        primary key or Card number"): looked up as one before any card.

        Only ever this merchant's rows: another merchant's member is simply not found.
        """
        text = str(key if key is not None else "").strip()
        if not text:
            return None
        if pk_first and "i" in kinds and text.isascii() and text.isdigit() and len(text) <= 9:
            row = self.one("SELECT * FROM users WHERE merchant_id = ? AND id = ?", merchant_id, int(text))
            if row:
                return row
        if "@" in text:
            if "e" not in kinds:
                return None
            return self.one("SELECT * FROM users WHERE merchant_id = ? AND email = ?", merchant_id, text)
        if "c" in kinds:
            row = self.one("SELECT u.* FROM cards c JOIN memberships m ON m.id = c.membership_id "
                           "JOIN users u ON u.id = m.user_id WHERE c.merchant_id = ? AND c.number = ?", merchant_id, text)
            if row:
                return row
        if "i" in kinds and text.isascii() and text.isdigit() and len(text) <= 9:
            row = self.one("SELECT * FROM users WHERE merchant_id = ? AND id = ?", merchant_id, int(text))
            if row:
                return row
        if "p" not in kinds:
            return None
        phone = e164(text)
        return self.one("SELECT * FROM users WHERE merchant_id = ? AND phone = ?", merchant_id, phone) if phone else None

    def member(self, merchant_id: int, key: Any, field: str = "user", kinds: str = "ecip",
               *, pk_first: bool = False) -> tuple[sqlite3.Row, sqlite3.Row]:
        """(user, membership) or the documented 400s."""
        if key is None or str(key).strip() == "":
            raise ApiFault("This field is required.", field=field)
        user = self.resolve_user(merchant_id, key, kinds, pk_first=pk_first)
        if user is None:
            raise ApiFault("User not found")
        membership = self.one("SELECT * FROM memberships WHERE user_id = ? AND merchant_id = ?", user["id"], merchant_id)
        if membership is None:
            name = self.merchant_name(merchant_id)
            raise ApiFault(f"User does not have membership in {name}", field=field, code="user_has_no_membership")
        return user, membership

    # ------------------------------------------------------------------ suggestion index

    def index_user(self, user_id: int) -> None:
        """Rebuild the search terms of one user (call inside a transaction)."""
        self.db.execute("DELETE FROM search_terms WHERE user_id = ?", (user_id,))
        self.db.executemany("INSERT INTO search_terms (merchant_id, term, user_id) VALUES (?, ?, ?)",
                            self.terms_for(user_id))

    def terms_for(self, user_id: int) -> list[tuple[int, str, int]]:
        user = self.one("SELECT * FROM users WHERE id = ?", user_id)
        if user is None or user["is_anonymized"]:
            return []
        terms = [f"n:{t}" for t in name_terms(user["name"] or "")]
        if user["email"]:
            terms += [f"e:{t}" for t in email_terms(user["email"])]
        if user["phone"]:
            terms.append(f"p:{national_digits(user['phone'])}")
        rows: list[tuple[int, str, int]] = []
        for m in self.all("SELECT id FROM memberships WHERE user_id = ? AND merchant_id = ?", user_id, user["merchant_id"]):
            cards = [f"c:{c['number'].casefold()}" for c in self.all("SELECT number FROM cards WHERE membership_id = ?", m["id"])]
            rows.extend((user["merchant_id"], term, user_id) for term in terms + cards)
        return rows

    def _prefix(self, merchant_id: int, term: str, limit: int) -> list[int]:
        bound = prefix_bound(term)
        args: tuple[str, ...]
        if bound is None:  # only a prefix ending in U+10FFFF has none; keep the query a plain range otherwise
            sql, args = "term >= ?", (term,)
        else:
            sql, args = "term >= ? AND term < ?", (term, bound)
        rows = self.db.execute(f"SELECT user_id FROM search_terms WHERE merchant_id = ? AND {sql} ORDER BY term LIMIT ?",
                               (merchant_id, *args, limit)).fetchall()
        return [r[0] for r in rows]

    def suggest(self, merchant_id: int, query: str, limit: int = SUGGESTION_LIMIT) -> list[int]:
        """User ids for what a cashier typed, best first: phrase prefix of the name (any word
        onwards), email prefix, phone digits with or without +62/0, member ID prefix."""
        q = _SPACES.sub(" ", query.casefold()).strip()[:TERM_CHARS].rstrip()
        found: list[int] = []
        compact = _PHONE_JUNK.sub("", q)
        digits = compact.lstrip("+")
        if digits.isdigit():
            national = digits[2:] if digits.startswith("62") else digits[1:] if digits.startswith("0") else digits
            if national:
                found += self._prefix(merchant_id, f"p:{national}", limit)
            found += self._prefix(merchant_id, f"c:{digits}", limit)
        elif "@" in q:
            found += self._prefix(merchant_id, f"e:{q}", limit)
        else:
            name = fold(q) or q
            found += self._prefix(merchant_id, f"n:{name}", limit * 3)
            words = name.split(" ")
            if len(words) == 1:
                found += self._prefix(merchant_id, f"c:{q}", limit)
                found += self._prefix(merchant_id, f"e:{q}", limit)
            elif len(set(found)) < limit:
                found += self._words_anywhere(merchant_id, words, limit)
        unique = list(dict.fromkeys(found))
        return unique[:limit]

    def _words_anywhere(self, merchant_id: int, words: list[str], limit: int) -> list[int]:
        """Names that have every typed word as a word prefix, in any order ("wijaya budi")."""
        anchor = max(words, key=len)
        candidates = self._prefix(merchant_id, f"n:{anchor}", 2000)
        if not candidates:
            return []
        marks = ",".join("?" * len(candidates))
        out = []
        for row in self.db.execute(f"SELECT id, name FROM users WHERE merchant_id = ? AND id IN ({marks})",
                                   (merchant_id, *candidates)):
            name_words = fold(row["name"] or "").split()
            if all(any(w.startswith(t) for w in name_words) for t in words):
                out.append(row["id"])
                if len(out) >= limit:
                    break
        return out

    # ------------------------------------------------------------------ JSON views

    def cards(self, membership_id: int) -> list[sqlite3.Row]:
        return self.all("SELECT * FROM cards WHERE membership_id = ? ORDER BY is_primary DESC, id", membership_id)

    def tags(self, membership_id: int) -> list[sqlite3.Row]:
        return self.all("SELECT grp, tag FROM tags WHERE membership_id = ? ORDER BY grp, tag", membership_id)

    def location(self, district_id: int | None) -> dict[str, Any] | None:
        if district_id is None:
            return None
        d = self.one("SELECT * FROM districts WHERE id = ?", district_id)
        if d is None:
            return None
        return {"district": {"id": d["id"], "name": d["name"]},
                "regency": {"id": d["regency_id"], "name": d["regency"]},
                "province": {"id": d["province_id"], "name": d["province"]}}

    def membership_view(self, m: sqlite3.Row) -> dict[str, Any]:
        cards = self.cards(m["id"])
        primary = next((c for c in cards if c["is_primary"]), cards[0] if cards else None)
        level_text = self.level_name(m["merchant_id"], m["level"])
        if m["is_blocked"]:
            status = "Blocked"
        elif m["pending_anonymization"]:
            status = "Pending Anonymization"
        else:
            status = "Active"
        return {
            "tags": [t["tag"] for t in self.tags(m["id"])],
            "level": m["level"],
            "level_text": level_text,
            "status": m["level"],
            "status_text": level_text,
            "member_status": status,
            "stamps": m["stamps"],
            "stamps_owed": 0,
            "balance": m["balance"],
            "is_blocked": bool(m["is_blocked"]),
            "referral_code": m["referral_code"],
            "start_date": m["start_date"],
            "end_date": m["level_end_date"],
            "created": m["created"],
            "allow_newsletters": bool(m["allow_newsletters"]),
            "allow_sms_marketing": bool(m["allow_sms_marketing"]),
            "allow_whatsapp_marketing": bool(m["allow_whatsapp_marketing"]),
            "redemption_allowed": not m["is_blocked"],
            "primary_card": {"id": primary["id"], "number": primary["number"], "is_active": bool(primary["is_active"]),
                             "activated_time": primary["activated_time"]} if primary else None,
        }

    def user_view(self, u: sqlite3.Row, membership: sqlite3.Row | None = None) -> dict[str, Any]:
        member_ids = [c["number"] for c in self.cards(membership["id"])] if membership else []
        return {
            "id": str(u["id"]),
            "name": u["name"],
            "gender": u["gender"],
            "address": u["address"],
            "is_active": bool(u["is_active"]),
            "email": u["email"],
            "picture_url": None,
            "birthday": u["birthday"],
            "phone": u["phone"],
            "postal_code": u["postal_code"],
            "protected_redemption": False,
            "has_incorrect_email": False,
            "marital_status": u["marital_status"],
            "religion": u["religion"],
            "wedding_date": u["wedding_date"],
            "id_number": None,
            "id_card_file_name": "",
            "phone_is_verified": bool(u["phone_is_verified"]),
            "email_is_verified": bool(u["email_is_verified"]),
            "is_anonymized": bool(u["is_anonymized"]),
            "has_pin": u["pin_hash"] is not None,
            "pin_is_blocked": False,
            "has_password": bool(u["has_password"]),
            "notes": u["notes"],
            "referral_code": u["referral_code"],
            "registration_status": u["registration_status"],
            "member_ids": member_ids,
            "location": self.location(u["district_id"]),
            "site_activity": {"id": u["id"], "registration_method": METHOD_NAMES.get(u["registration_method"], "API")},
        }

    def full_user_view(self, u: sqlite3.Row, membership: sqlite3.Row) -> dict[str, Any]:
        """Full profile, in the seed's own forms for it: gender "f"/"m", religion and marital as words."""
        extra = json.loads(u["extra_json"] or "{}")
        view = self.user_view(u, membership)
        view.update({
            "id": u["id"],
            "gender": {"male": "m", "female": "f"}.get(u["gender"]),
            "religion": RELIGIONS.get(u["religion"]) if u["religion"] else None,
            "marital_status": MARITAL.get(u["marital_status"]) if u["marital_status"] else None,
            "nationality": u["nationality"],
            "has_incorrect_phone": False,
            "has_incorrect_wa_number": bool(u["has_incorrect_wa_number"]),
            "hobbies": extra.get("hobbies", []),
            "children": extra.get("children", []),
            "pets": extra.get("pets", []),
            "social_media_profile": extra.get("social_media_profile", {"twitter": "", "instagram": "", "facebook": ""}),
            "has_downloaded_app": bool(u["has_downloaded_app"]),
        })
        return view

    def suggestion_views(self, merchant_id: int, user_ids: Iterable[int]) -> list[dict[str, Any]]:
        ids = list(user_ids)
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        rows = {r["id"]: r for r in self.all(
            f"SELECT u.id, u.name, u.email, u.phone, u.address, u.gender, m.id AS mid, m.stamps, m.level "
            f"FROM users u JOIN memberships m ON m.user_id = u.id AND m.merchant_id = ? WHERE u.id IN ({marks})",
            merchant_id, *ids)}
        cards: dict[int, list[str]] = {}
        mids = [r["mid"] for r in rows.values()]
        for c in self.all(f"SELECT membership_id, number FROM cards WHERE membership_id IN ({','.join('?' * len(mids))}) "
                          "ORDER BY is_primary DESC, id", *mids):
            cards.setdefault(c["membership_id"], []).append(c["number"])
        out = []
        for uid in ids:
            r = rows.get(uid)
            if r is None:
                continue
            out.append({
                "membership": self.level_name(merchant_id, r["level"]),
                "email": r["email"],
                "stamps": r["stamps"],
                "id": r["id"],
                "name": r["name"],
                "phone": r["phone"],
                "address": r["address"],
                "gender": {"male": 1, "female": 2}.get(r["gender"]),
                "member_ids": cards.get(r["mid"], []),
            })
        return out

    # ------------------------------------------------------------------ message log

    def log_message(self, channel: str, recipient: str, subject: str, body: str) -> None:
        self.db.execute("INSERT INTO messages (created, channel, recipient, subject, body) VALUES (?, ?, ?, ?, ?)",
                        (now_text(), channel, recipient, subject, body))

    def messages(self, recipient: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
        if recipient:
            rows = self.all("SELECT * FROM messages WHERE recipient = ? ORDER BY id DESC LIMIT ?", recipient, limit)
        else:
            rows = self.all("SELECT * FROM messages ORDER BY id DESC LIMIT ?", limit)
        return [dict(r) for r in rows]


def _schema() -> str:
    return resources.files(__package__).joinpath("schema.sql").read_text(encoding="utf-8")


def _statements(script: str) -> list[str]:
    """The schema's statements, without PRAGMAs (which do nothing inside a transaction)."""
    out, buf = [], ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            code = "".join(ln for ln in buf.splitlines(keepends=True) if not ln.lstrip().startswith("--")).strip()
            if code and not code.upper().startswith("PRAGMA"):
                out.append(code)
            buf = ""
    return out


class _Tx:
    """``with store.transaction():`` BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on error."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def __enter__(self) -> sqlite3.Connection:
        self.db.execute("BEGIN IMMEDIATE")
        return self.db

    def __exit__(self, exc_type: Any, *rest: Any) -> None:
        self.db.execute("ROLLBACK" if exc_type else "COMMIT")
