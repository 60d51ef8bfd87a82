"""One word for one thing: the glossary every Indonesian string is held to (README, "Words").

Each term says which English words mean it (a regular expression, matched case-insensitively on
the source), the Indonesian word(s) the translation must then use, and the words it must never use
for it. ``python -m pos_member.i18n check`` fails on any message that breaks it, and on English left
in a translation. No Qt.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    english: str            # what the term is called in English (for the README and messages)
    indonesian: str         # the chosen word
    source: str             # regex on the English source that means this term
    required: str           # regex the translation must match when the source does
    avoid: str = ""         # regex no translation may match (the other words once used for it)


GLOSSARY: tuple[Term, ...] = (
    Term("member", "anggota", r"\bmembers?\b", r"anggota"),
    Term("membership", "keanggotaan", r"\bmemberships?\b", r"keanggotaan"),
    Term("tier, level", "level", r"\btiers?\b|\blevels?\b", r"\blevel\b", r"\btingkat|\btier\b"),
    Term("offers, promos, marketing", "promo", r"\boffers\b|\bpromos?\b|\bmarketing\b", r"\bpromo\b", r"\bpenawaran\b|\bpemasaran\b"),
    Term("newsletter", "buletin", r"\bnewsletters?\b", r"\bbuletin\b", r"\bnewsletter\b"),
    Term("outbox", "kotak keluar", r"\boutbox\b", r"kotak keluar", r"pengiriman terhenti"),
    Term("cashier, counter", "kasir", r"\bcashiers?\b|\bcounters?\b", r"\bkasir\b"),
    Term("code", "kode", r"\bcodes?\b", r"\bkode"),
    Term("training", "latihan", r"\btraining\b|\bpractice\b|\bpractise\b", r"\blatihan\b", r"\bpelatihan\b"),
    Term("customer", "pelanggan", r"\bcustomers?\b", r"\bpelanggan\b"),
    Term("store", "toko", r"(?<!credential )\bstores?\b", r"\btoko\b"),
    Term("staff", "staf", r"\bstaff\b", r"\bstaf\b", r"\bkaryawan kami\b|\bpetugas\b"),
    Term("manager", "manajer", r"(?<!credential )\bmanagers?\b", r"\bmanajer\b"),
    Term("mobile number, phone", "nomor HP (HP)", r"\bphones?\b|\bmobile( number)?\b(?! web| API)",
         r"\bHP\b", r"\bponsel\b|\bnomor telepon\b(?! rumah)"),
    Term("email", "email", r"\be-?mails?\b", r"\bemail\b", r"\bsurel\b|\bsurat elektronik\b"),
    Term("birthday", "tanggal lahir, ulang tahun", r"\bbirthdays?\b", r"tanggal lahir|ulang tahun|kelahiran"),
    Term("register, registration", "daftar, pendaftaran", r"\bregist", r"daftar"),
    Term("anonymise", "anonimkan", r"\banonymi", r"anonim"),
    Term("settings", "pengaturan", r"\bsettings\b", r"\bpengaturan\b"),
    Term("kiosk", "kios", r"\bkiosk\b", r"\bkios\b"),
    Term("scan", "pindai", r"\bscan", r"pindai|pemindai"),
    Term("search", "cari, pencarian", r"\bsearch", r"cari"),
    Term("sign in", "masuk", r"\bsign(ed)?[- ]in\b", r"\bmasuk\b"),
    Term("rewards", "hadiah", r"\brewards?\b", r"\bhadiah\b"),
    Term("consent, agrees", "setuju, persetujuan", r"\bconsents?\b|\bagrees?\b", r"setuju"),
    Term("privacy", "privasi", r"\bprivacy\b", r"\bprivasi\b"),
    Term("parent", "orang tua", r"\bparents?\b|\bguardian\b", r"\borang tua\b"),
    Term("error, something went wrong", "kesalahan", r"\berror\b", r"kesalahan", r"\bgalat\b"),
    Term("milliseconds", "ms", r"\(ms\)", r"\(ms\)", r"\(md\)"),
    Term("needs you (outbox)", "perlu dicek", r"\bneeds? you\b", r"perlu dicek", r"perlu anda"),
)

#: Words that are the same in both languages (names, loanwords, keys): not "English left".
SHARED_WORDS = frozenset("""
    stamps stamp sms whatsapp email pin api otp jwt token merchant server wi-fi https http it qr
    ctrl enter esc alt shift tab f1 f2 f5 f9 f12 android ios web tag vvip category sqlite log
    kode file disk id rp dtk ms example com name deliver url python pos_member outbox merchant
    manager credential windows status template draf shift level promo media
    data mode keyboard logo valid supervisor link platform menu
""".split())

_WORD = re.compile(r"[A-Za-z][A-Za-z'-]{2,}")
_PLACEHOLDER = re.compile(r"\{\w+\}")


def prose(text: str) -> str:
    """The words of a message: without placeholders (``{tier}``) and command lines (``python …``)."""
    lines = [line for line in text.splitlines() if not line.startswith("python ")]
    return _PLACEHOLDER.sub(" ", "\n".join(lines))


def _words(text: str) -> set[str]:
    return {w.lower().strip("'-") for w in _WORD.findall(text)}


def english_left(source: str, translation: str) -> set[str]:
    """Words of the English source still in the translation (names and loanwords excepted)."""
    return (_words(prose(translation)) & _words(prose(source))) - SHARED_WORDS


def problems(messages: dict[str, str]) -> list[str]:
    """Every way the catalogue breaks the glossary, one line each (empty: none)."""
    found = []
    for source, translation in messages.items():
        words, said = prose(source), prose(translation)
        for term in GLOSSARY:
            if re.search(term.source, words, re.IGNORECASE) and not re.search(term.required, said, re.IGNORECASE):
                found.append(f"{term.english} is '{term.indonesian}': {source!r} -> {translation!r}")
            if term.avoid and re.search(term.avoid, said, re.IGNORECASE):
                found.append(f"{term.english} is '{term.indonesian}', not what {translation!r} says "
                             f"(for {source!r})")
        left = english_left(source, translation)
        if left:
            found.append(f"English left ({', '.join(sorted(left))}): {source!r} -> {translation!r}")
    return found
