"""What the training server 'sends' to a customer (shown in training's customer's-phone window),
in the language the app runs in: a store in Indonesia gets Stamps' messages in Indonesian, and a
trainee must not read English on an Indonesian screen. Stamps' own wording is not in the seed;
these stand in for it. Qt-free, outside the app's translation catalogue (the sandbox is not the
app): the two languages are written out here."""

from __future__ import annotations

from pos_member.i18n import language

TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "welcome_subject": "Welcome to {merchant}",
        "welcome": "Hello {name}, you are now a {merchant} member. {how}",
        "how_password": "Log in to the app with the password you chose.",
        "how_generated": "Your password was generated automatically; you can change it in the app.",
        "how_set": "Set a password in the app to log in.",
        "welcome_partial": "You are now a {merchant} member. Complete your profile in the app.",
        "code_subject": "{merchant} verification code",
        "mobile_code": "{code} is your {merchant} code to change your mobile number. It expires in 5 minutes.",
        "email_code": "Your code to use this email address with {merchant} is {code}. It expires in 5 minutes.",
    },
    "id": {
        "welcome_subject": "Selamat datang di {merchant}",
        "welcome": "Halo {name}, kamu sekarang anggota {merchant}. {how}",
        "how_password": "Masuk ke aplikasi dengan kata sandi yang kamu pilih.",
        "how_generated": "Kata sandimu dibuat otomatis; kamu bisa menggantinya di aplikasi.",
        "how_set": "Buat kata sandi di aplikasi untuk masuk.",
        "welcome_partial": "Kamu sekarang anggota {merchant}. Lengkapi profilmu di aplikasi.",
        "code_subject": "Kode verifikasi {merchant}",
        "mobile_code": "{code} adalah kode {merchant} untuk mengganti nomor HP-mu. Berlaku 5 menit.",
        "email_code": "Kode untuk memakai alamat email ini di {merchant}: {code}. Berlaku 5 menit.",
    },
}


def text(key: str, **values: object) -> str:
    """The message ``key`` in the app's current language (English when it has none)."""
    words = TEXTS.get(language(), TEXTS["en"])
    return words[key].format(**values)
