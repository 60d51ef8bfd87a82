"""Deterministic demo data: a merchant like the seed's, its tiers, stores and members.

The same ``seed`` and ``members`` always give the same people, so screenshots, tests and
benchmarks can name them. The first members are fixed and documented in the README.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import random
import secrets
from collections.abc import Iterator
from typing import Any, NotRequired, TypedDict

from .store import Store, email_terms, name_terms, national_digits

DEMO_MERCHANT = 14
DEMO_MERCHANT_NAME = "Kopi Nusantara"
DEMO_TOKEN = "training-token-14"
OTHER_MERCHANT = 15
MERCHANTS = [(DEMO_MERCHANT, DEMO_MERCHANT_NAME), (OTHER_MERCHANT, "Toko Sebelah")]
DEMO_STORE = 412
LEVELS = [(0, "Silver", 0), (100, "Blue", 1_000_000), (200, "Gold", 5_000_000), (300, "Platinum", 20_000_000)]
TEMPLATE = "OTP_1"

class FixedMember(TypedDict):
    name: str
    email: str
    phone: str
    card: str
    gender: str
    level: int
    spending: int
    birthday: str
    tags: list[tuple[str, str]]
    no_whatsapp: NotRequired[bool]


#: Fixed members the README, tests and training exercises refer to.
FIXED: list[FixedMember] = [
    {"name": "Budi Santoso", "email": "budi.santoso@example.com", "phone": "+6281234567890", "card": "RRR0000001",
     "gender": "male", "level": 200, "spending": 4_410_000, "birthday": "1988-04-12", "tags": [("category", "vvip")]},
    {"name": "Siti Rahayu", "email": "siti.rahayu@example.co.id", "phone": "+6285712345678", "card": "RRR0000002",
     "gender": "female", "level": 100, "spending": 400_000, "birthday": "1995-09-30", "tags": []},
    {"name": "Wisesi", "email": "wisesi@example.com", "phone": "+628555756061", "card": "RRROWO5U51",
     "gender": "female", "level": 0, "spending": 150_000, "birthday": "1993-05-30", "tags": []},
    {"name": "Dewi Lestari Putri", "email": "dewi.putri@example.net", "phone": "+6281398765432", "card": "RRR0000004",
     "gender": "female", "level": 300, "spending": 12_500_000, "birthday": "1979-12-01",
     "tags": [("category", "vvip"), ("segment", "coffee-lover")], "no_whatsapp": True},
]

MALE = ["Budi", "Agus", "Andi", "Bambang", "Joko", "Hendra", "Rizky", "Fajar", "Dimas", "Arif", "Eko", "Yusuf",
        "Ahmad", "Teguh", "Rudi", "Bayu", "Gilang", "Hadi", "Irfan", "Kurniawan", "Lukman", "Made", "Nyoman",
        "Putu", "Raden", "Slamet", "Taufik", "Wahyu", "Yoga", "Zaki", "Adi", "Bagus", "Candra", "Danu", "Galih",
        "Hafiz", "Ilham", "Krisna", "Reza", "Satria", "Surya", "Tri", "Wawan", "Yanto", "Aditya", "Anton", "Benny"]
FEMALE = ["Siti", "Dewi", "Sri", "Ayu", "Putri", "Rina", "Wulan", "Indah", "Lestari", "Maya", "Nur", "Ratna",
          "Sari", "Tika", "Wati", "Yuni", "Ani", "Citra", "Dian", "Eka", "Fitri", "Gita", "Hana", "Intan",
          "Kartika", "Lina", "Mega", "Novi", "Okta", "Puspita", "Rani", "Salsabila", "Tari", "Utami", "Vina",
          "Yanti", "Zahra", "Anisa", "Bunga", "Desi", "Endah", "Fani", "Kirana", "Laras", "Melati", "Nadia", "Ratih"]
FAMILY = ["Santoso", "Wijaya", "Saputra", "Hidayat", "Kusuma", "Pratama", "Setiawan", "Nugroho", "Siregar",
          "Harahap", "Nasution", "Simanjuntak", "Sihombing", "Tanjung", "Lubis", "Hutapea", "Gunawan", "Halim",
          "Susanto", "Wibowo", "Purnomo", "Suryadi", "Hartono", "Firmansyah", "Ramadhan", "Permana", "Utomo",
          "Sutanto", "Kurnia", "Maharani", "Rahayu", "Anggraini", "Pertiwi", "Handayani", "Wulandari", "Suharto",
          "Tambunan", "Pangaribuan", "Manurung", "Sinaga", "Situmorang", "Panjaitan", "Daulay", "Ginting",
          "Tarigan", "Sembiring", "Effendi", "Iskandar", "Hakim", "Salim", "Tanoto", "Lim", "Tan", "Chandra"]
STREETS = ["Anggrek", "Melati", "Mawar", "Kenanga", "Sudirman", "Thamrin", "Gatot Subroto", "Diponegoro",
           "Pahlawan", "Merdeka", "Asia Afrika", "Braga", "Dago", "Pemuda", "Veteran", "Kebon Jeruk", "Cempaka"]
DISTRICTS = [(1, "Kebayoran Baru", 1, "Jakarta Selatan", 1, "DKI Jakarta"), (2, "Kembangan", 2, "Jakarta Barat", 1, "DKI Jakarta"),
             (3, "Menteng", 3, "Jakarta Pusat", 1, "DKI Jakarta"), (4, "Kelapa Gading", 4, "Jakarta Utara", 1, "DKI Jakarta"),
             (5, "Coblong", 5, "Kota Bandung", 2, "Jawa Barat"), (6, "Sukajadi", 5, "Kota Bandung", 2, "Jawa Barat"),
             (7, "Gubeng", 6, "Kota Surabaya", 3, "Jawa Timur"), (8, "Tegalsari", 6, "Kota Surabaya", 3, "Jawa Timur"),
             (9, "Denpasar Selatan", 7, "Kota Denpasar", 4, "Bali"), (10, "Medan Baru", 8, "Kota Medan", 5, "Sumatera Utara")]
DOMAINS = ["example.com", "example.co.id", "example.net", "mail.example"]
PREFIXES = ["811", "812", "813", "821", "822", "823", "852", "853", "814", "815", "816", "855", "856", "857",
            "858", "817", "818", "819", "859", "877", "878", "895", "896", "897", "898", "899", "881", "882", "888"]
HOBBIES = [(30, "28", "Film"), (32, "30", "Games"), (12, "10", "Music"), (14, "12", "Running"), (20, "18", "Cooking")]
TAGS = [("category", "vvip"), ("segment", "coffee-lover"), ("segment", "pastry"), ("channel", "instagram")]
CARD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"


def merchant_token(base: str, merchant_id: int) -> str:
    """The demo merchant's token is ``base``; every other merchant's is derived from it, so a
    server started with a secret ``--token`` has no well-known token for any merchant."""
    if merchant_id == DEMO_MERCHANT:
        return base
    digest = hmac.new(base.encode(), f"merchant {merchant_id}".encode(), hashlib.sha256).hexdigest()
    return f"training-{merchant_id}-{digest[:24]}"


OTHER_TOKEN = merchant_token(DEMO_TOKEN, OTHER_MERCHANT)


def setup_merchants(store: Store, token: str = DEMO_TOKEN) -> None:
    """The demo merchant (and a second, empty one to show merchant separation)."""
    db = store.db
    with store.transaction():
        for mid, name in MERCHANTS:
            db.execute("INSERT INTO merchants (id, name, token, jwt_secret) VALUES (?, ?, ?, ?)",
                       (mid, name, merchant_token(token, mid), secrets.token_hex(32)))
            db.executemany("INSERT INTO levels (merchant_id, level, name, spending) VALUES (?, ?, ?, ?)",
                           [(mid, *lv) for lv in LEVELS])
            db.executemany("INSERT INTO templates (merchant_id, code, channel) VALUES (?, ?, ?)",
                           [(mid, TEMPLATE, ch) for ch in ("sms", "whatsapp", "email")])
        db.executemany("INSERT INTO stores (id, merchant_id, name) VALUES (?, ?, ?)",
                       [(DEMO_STORE, DEMO_MERCHANT, "Kemang"), (413, DEMO_MERCHANT, "Senayan City")])
        db.executemany("INSERT INTO districts VALUES (?, ?, ?, ?, ?, ?)", DISTRICTS)


def set_tokens(store: Store, base: str | None = None, explicit: dict[int, str] | None = None) -> None:
    """Give every merchant its token: ``explicit`` ones as given, the others derived from ``base``
    (default: the demo merchant's stored token). A changed token also gets a new JWT secret."""
    explicit = dict(explicit or {})
    merchants = store.all("SELECT id, token FROM merchants")
    if base is None:
        base = next((m["token"] for m in merchants if m["id"] == DEMO_MERCHANT), DEMO_TOKEN)
    wanted = {m["id"]: explicit.get(m["id"]) or merchant_token(base, m["id"]) for m in merchants}
    unknown = set(explicit) - set(wanted)
    if unknown:
        raise ValueError(f"no merchant {', '.join(map(str, sorted(unknown)))} in the training database")
    if len(set(wanted.values())) != len(wanted):
        raise ValueError("two merchants cannot share a token")
    changed = {mid: tok for mid, tok in wanted.items() if tok != next(m["token"] for m in merchants if m["id"] == mid)}
    if not changed:
        return
    with store.transaction() as db:
        for mid in changed:  # first out of the way, so swapping two tokens never trips UNIQUE
            db.execute("UPDATE merchants SET token = ? WHERE id = ?", (f"rotating-{mid}-{secrets.token_hex(8)}", mid))
        for mid, tok in changed.items():
            db.execute("UPDATE merchants SET token = ?, jwt_secret = ? WHERE id = ?", (tok, secrets.token_hex(32), mid))


def _level_for(rng: random.Random) -> tuple[int, int]:
    roll = rng.random()
    index = 0 if roll < 0.6 else 1 if roll < 0.85 else 2 if roll < 0.95 else 3
    low = LEVELS[index][2]
    high = LEVELS[index + 1][2] if index + 1 < len(LEVELS) else low * 2
    # Some members at each tier have not yet spent enough to keep it (a downgrade warning).
    spending = rng.randint(int(low * 0.6) if index else 0, high - 1)
    return LEVELS[index][0], spending


def populate(store: Store, members: int = 5000, seed: int = 14) -> None:
    """Add ``members`` demo members to the demo merchant (fast: bulk inserts, index built after)."""
    rng = random.Random(seed)
    today = dt.date.today()
    users: list[tuple[Any, ...]] = []
    memberships: list[tuple[Any, ...]] = []
    cards: list[tuple[Any, ...]] = []
    tags: list[tuple[int, str, str]] = []
    emails: set[str] = set()
    phones: set[str] = set()
    numbers: set[str] = set()
    for i in range(members):
        uid = i + 1
        fixed = FIXED[i] if i < len(FIXED) else None
        if fixed:
            name, email, phone, number = fixed["name"], fixed["email"], fixed["phone"], fixed["card"]
            gender, level, spending, birthday = fixed["gender"], fixed["level"], fixed["spending"], fixed["birthday"]
            member_tags = fixed["tags"]
        else:
            gender = rng.choice(("male", "female"))
            first = rng.choice(MALE if gender == "male" else FEMALE)
            shape = rng.random()
            family = [] if shape < 0.12 else [rng.choice(FAMILY)] if shape < 0.85 else rng.sample(FAMILY, 2)
            name = " ".join([first, *family])
            local = ".".join(w.lower() for w in [first, *family[:1]])
            email = f"{local}@{rng.choice(DOMAINS)}"
            while email in emails:
                email = f"{local}{rng.randint(1, 9999)}@{rng.choice(DOMAINS)}"
            phone = f"+62{rng.choice(PREFIXES)}{rng.randint(1000000, 99999999):08d}"
            while phone in phones:
                phone = f"+62{rng.choice(PREFIXES)}{rng.randint(1000000, 99999999):08d}"
            number = "RRR" + "".join(rng.choice(CARD_ALPHABET) for _ in range(7))
            while number in numbers:
                number = "RRR" + "".join(rng.choice(CARD_ALPHABET) for _ in range(7))
            level, spending = _level_for(rng)
            birthday = dt.date(rng.randint(1955, 2006), rng.randint(1, 12), rng.randint(1, 28)).isoformat()
            member_tags = [rng.choice(TAGS)] if rng.random() < 0.1 else []
        emails.add(email)
        phones.add(phone)
        numbers.add(number)
        married = rng.random() < 0.5
        extra: dict[str, Any] = {}
        if rng.random() < 0.4 or fixed:
            extra["hobbies"] = [{"id": h[0], "code": h[1], "name": h[2]} for h in rng.sample(HOBBIES, 2)]
        if married and rng.random() < 0.5:
            extra["children"] = [{"id": uid * 10, "name": rng.choice(FEMALE + MALE), "gender": rng.choice("mf"),
                                  "birthday": f"{rng.randint(2008, 2022)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"}]
        if rng.random() < 0.2:
            extra["pets"] = [{"id": uid, "name": rng.choice(["Rocky", "Sandy", "Mochi", "Kopi"]), "gender": rng.choice("mf"),
                              "birthday": "2019-10-19", "type": {"code": "79", "name": "Dog"},
                              "breed": {"code": "1", "name": "Affenpinscher"}}]
        if rng.random() < 0.3:
            extra["social_media_profile"] = {"twitter": "", "instagram": f"@{name.split()[0].lower()}{uid}", "facebook": ""}
        created = (today - dt.timedelta(days=rng.randint(0, 2000))).isoformat()
        district = rng.choice(DISTRICTS)[0]
        users.append((
            uid, DEMO_MERCHANT, name, email, phone, gender, birthday, f"Jl. {rng.choice(STREETS)} No. {rng.randint(1, 200)}",
            district, f"{rng.randint(10110, 99999)}", rng.randint(1, 6), 2 if married else 1,
            f"{rng.randint(2000, 2023)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}" if married else None,
            "Indonesian", int(rng.random() < 0.6), int(rng.random() < 0.7),
            int(bool(fixed and fixed.get("no_whatsapp")) or rng.random() < 0.03), int(rng.random() < 0.5),
            rng.choice((2, 2, 3, 5, 9, 10)), f"U{uid:07d}", json.dumps(extra), created,
        ))
        year_end = dt.date(today.year, 12, 31).isoformat()
        memberships.append((uid, uid, DEMO_MERCHANT, level, year_end if level else None, rng.randint(0, 2000),
                            rng.randint(0, 500) * 1000, spending, int(rng.random() < 0.01), f"M{uid:06d}",
                            created, created, int(rng.random() < 0.7), int(rng.random() < 0.5), int(rng.random() < 0.6),
                            DEMO_STORE))
        cards.append((number, DEMO_MERCHANT, uid, 1, 1, f"{created} 10:00:00"))
        tags.extend((uid, g, t) for g, t in member_tags)

    db = store.db
    with store.transaction():
        db.executemany(
            "INSERT INTO users (id, merchant_id, name, email, phone, gender, birthday, address, district_id, postal_code,"
            " religion, marital_status, wedding_date, nationality, email_is_verified, phone_is_verified,"
            " has_incorrect_wa_number, has_downloaded_app, registration_method, referral_code, extra_json, created)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", users)
        db.executemany(
            "INSERT INTO memberships (id, user_id, merchant_id, level, level_end_date, stamps, balance, spending,"
            " is_blocked, referral_code, start_date, created, allow_newsletters, allow_sms_marketing,"
            " allow_whatsapp_marketing, store_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", memberships)
        db.executemany("INSERT INTO cards (number, merchant_id, membership_id, is_primary, is_active, activated_time)"
                       " VALUES (?, ?, ?, ?, ?, ?)", cards)
        db.executemany("INSERT INTO tags (membership_id, grp, tag) VALUES (?, ?, ?)", tags)
        db.execute("DROP INDEX IF EXISTS search_terms_term")
        db.execute("DROP INDEX IF EXISTS search_terms_user")
        db.executemany("INSERT INTO search_terms (merchant_id, term, user_id) VALUES (?, ?, ?)", _terms(users, cards))
        db.execute("CREATE INDEX search_terms_term ON search_terms(merchant_id, term)")
        db.execute("CREATE INDEX search_terms_user ON search_terms(user_id)")
    db.execute("ANALYZE")


def _terms(users: list[tuple], cards: list[tuple]) -> Iterator[tuple[int, str, int]]:
    card_of = {c[2]: c[0] for c in cards}
    for u in users:
        uid, name, email, phone = u[0], u[2], u[3], u[4]
        for term in name_terms(name):
            yield DEMO_MERCHANT, f"n:{term}", uid
        for term in email_terms(email):
            yield DEMO_MERCHANT, f"e:{term}", uid
        yield DEMO_MERCHANT, f"p:{national_digits(phone)}", uid
        yield DEMO_MERCHANT, f"c:{card_of[uid].casefold()}", uid
