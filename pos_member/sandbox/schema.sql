-- Training server database. One file; several merchants live side by side and share nothing:
-- every user row belongs to one merchant (an email or a number may exist once per merchant).
PRAGMA foreign_keys = ON;

CREATE TABLE IF NOT EXISTS merchants (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    token       TEXT NOT NULL UNIQUE,
    jwt_secret  TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS levels (
    merchant_id INTEGER NOT NULL REFERENCES merchants(id),
    level       INTEGER NOT NULL,
    name        TEXT NOT NULL,
    spending    INTEGER NOT NULL,          -- yearly spending needed to reach and keep the level
    PRIMARY KEY (merchant_id, level)
);

CREATE TABLE IF NOT EXISTS templates (
    merchant_id INTEGER NOT NULL REFERENCES merchants(id),
    code        TEXT NOT NULL,
    channel     TEXT NOT NULL,             -- sms | whatsapp | email
    PRIMARY KEY (merchant_id, code, channel)
);

CREATE TABLE IF NOT EXISTS stores (
    id          INTEGER PRIMARY KEY,
    merchant_id INTEGER NOT NULL REFERENCES merchants(id),
    name        TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS districts (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    regency_id  INTEGER NOT NULL,
    regency     TEXT NOT NULL,
    province_id INTEGER NOT NULL,
    province    TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS users (
    id                     INTEGER PRIMARY KEY,
    merchant_id            INTEGER NOT NULL REFERENCES merchants(id),
    name                   TEXT NOT NULL DEFAULT '',
    email                  TEXT COLLATE NOCASE,
    phone                  TEXT,
    gender                 TEXT,
    birthday               TEXT,
    address                TEXT,
    district_id            INTEGER REFERENCES districts(id),
    postal_code            TEXT,
    religion               INTEGER,
    marital_status         INTEGER,
    wedding_date           TEXT,
    nationality            TEXT,
    notes                  TEXT NOT NULL DEFAULT '',
    is_active              INTEGER NOT NULL DEFAULT 1,
    email_is_verified      INTEGER NOT NULL DEFAULT 0,
    phone_is_verified      INTEGER NOT NULL DEFAULT 0,
    has_incorrect_wa_number INTEGER NOT NULL DEFAULT 0,
    has_downloaded_app     INTEGER NOT NULL DEFAULT 0,
    is_anonymized          INTEGER NOT NULL DEFAULT 0,
    pin_hash               TEXT,
    has_password           INTEGER NOT NULL DEFAULT 1,
    registration_status    TEXT NOT NULL DEFAULT 'Full',
    registration_method    INTEGER NOT NULL DEFAULT 3,
    registering_employee_code TEXT,
    referral_code          TEXT NOT NULL UNIQUE,
    extra_json             TEXT NOT NULL DEFAULT '{}',   -- extra_data, hobbies, children, pets, social media
    created                TEXT NOT NULL,
    UNIQUE (merchant_id, email),
    UNIQUE (merchant_id, phone)
);

CREATE TABLE IF NOT EXISTS memberships (
    id                     INTEGER PRIMARY KEY,
    user_id                INTEGER NOT NULL REFERENCES users(id),
    merchant_id            INTEGER NOT NULL REFERENCES merchants(id),
    level                  INTEGER NOT NULL DEFAULT 0,
    level_end_date         TEXT,
    stamps                 INTEGER NOT NULL DEFAULT 0,
    balance                INTEGER NOT NULL DEFAULT 0,
    spending               INTEGER NOT NULL DEFAULT 0,   -- this year, in Rupiah
    is_blocked             INTEGER NOT NULL DEFAULT 0,
    referral_code          TEXT NOT NULL UNIQUE,
    start_date             TEXT NOT NULL,
    created                TEXT NOT NULL,
    allow_newsletters      INTEGER NOT NULL DEFAULT 1,
    allow_sms_marketing    INTEGER NOT NULL DEFAULT 1,
    allow_whatsapp_marketing INTEGER NOT NULL DEFAULT 1,
    pending_anonymization  INTEGER NOT NULL DEFAULT 0,
    store_id               INTEGER,
    UNIQUE (user_id, merchant_id)
);

CREATE TABLE IF NOT EXISTS cards (
    id             INTEGER PRIMARY KEY,
    merchant_id    INTEGER NOT NULL REFERENCES merchants(id),
    number         TEXT NOT NULL COLLATE NOCASE,
    membership_id  INTEGER NOT NULL REFERENCES memberships(id),
    is_primary     INTEGER NOT NULL DEFAULT 0,
    is_active      INTEGER NOT NULL DEFAULT 1,
    activated_time TEXT,
    UNIQUE (merchant_id, number)
);
CREATE INDEX IF NOT EXISTS cards_membership ON cards(membership_id);

CREATE TABLE IF NOT EXISTS tags (
    membership_id INTEGER NOT NULL REFERENCES memberships(id),
    grp           TEXT NOT NULL,
    tag           TEXT NOT NULL,
    PRIMARY KEY (membership_id, grp, tag)
);

CREATE TABLE IF NOT EXISTS employees (
    merchant_id INTEGER NOT NULL,
    code        TEXT NOT NULL,
    PRIMARY KEY (merchant_id, code)
);

CREATE TABLE IF NOT EXISTS otps (
    id          INTEGER PRIMARY KEY,
    merchant_id INTEGER NOT NULL,
    purpose     TEXT NOT NULL,           -- mobile | email
    user_id     INTEGER,
    target      TEXT NOT NULL COLLATE NOCASE,
    code        TEXT NOT NULL,
    expires_at  REAL NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    consumed    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS otps_target ON otps(merchant_id, purpose, target);
CREATE INDEX IF NOT EXISTS otps_user ON otps(merchant_id, purpose, user_id);

-- What the server "sent": registration emails, OTP texts. Shown as the customer's phone/inbox.
CREATE TABLE IF NOT EXISTS messages (
    id        INTEGER PRIMARY KEY,
    created   TEXT NOT NULL,
    channel   TEXT NOT NULL,             -- sms | whatsapp | email
    recipient TEXT NOT NULL COLLATE NOCASE,
    subject   TEXT NOT NULL,
    body      TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS messages_recipient ON messages(recipient);

-- Prefix search for suggestions. Kinds: n (name, one row per word-suffix of the name, capped),
-- e (email), p (national phone digits), c (card number). Terms are lower case.
CREATE TABLE IF NOT EXISTS search_terms (
    merchant_id INTEGER NOT NULL,
    term        TEXT NOT NULL,
    user_id     INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS search_terms_term ON search_terms(merchant_id, term);
CREATE INDEX IF NOT EXISTS search_terms_user ON search_terms(user_id);
