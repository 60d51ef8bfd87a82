"""Fewer taps on a touch keyboard, without Qt: capitals after a space in a name, the mobile number
already starting with 08, whole email addresses proposed from the name and the common domains.

A customer named "Ani Wijaya" most likely writes ``ani.wijaya@gmail.com`` or
``aniwijaya@yahoo.co.id``; one tap on that proposal replaces 20 key taps. The proposals are only
built from what the customer typed on this visit."""

from __future__ import annotations

import re
import unicodedata

#: The domains most Indonesian customers use, most common first (keys on the email keyboard).
DOMAINS = ("@gmail.com", "@yahoo.co.id", "@yahoo.com", "@icloud.com")
#: Endings typed as one key.
ENDINGS = (".com", ".co.id")
#: How a mobile number field starts: almost every Indonesian mobile number is 08…
MOBILE_START = "08"
#: The starts of most Indonesian mobile numbers (Telkomsel, Indosat, XL, Tri), one key each.
MOBILE_PREFIXES = ("0812", "0813", "0857")
#: At most this many whole addresses proposed.
PROPOSALS = 3


def capital_next(text: str) -> bool:
    """The next letter of a name is a capital: at the start and after a space, hyphen or apostrophe
    that follows a letter ("Ani W", "Siti Nur-A", "O'B")."""
    return not text or text[-1] in " -"


def _ascii_words(name: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return [w for w in re.split(r"[^a-z0-9]+", folded) if w]


def email_proposals(name: str, typed: str = "") -> list[str]:
    """Whole addresses from the name, starting with what is typed so far (nothing proposed for
    a name of one letter, or once the typed text leaves every proposal)."""
    words = _ascii_words(name)
    if not words or len("".join(words)) < 3:
        return []
    locals_ = [".".join(words), "".join(words)]
    if len(words) > 2:
        locals_.insert(1, ".".join((words[0], words[-1])))
    typed = typed.strip().lower()
    out: list[str] = []
    for domain in DOMAINS[:2]:
        for local in dict.fromkeys(locals_):
            address = local + domain
            if address.startswith(typed) and address != typed and address not in out:
                out.append(address)
    if "@" in typed:  # the customer's own name part, with a common domain
        local, _, part = typed.partition("@")
        for domain in DOMAINS:
            address = local + domain
            if local and address.startswith(typed) and address != typed and address not in out:
                out.append(address)
    return out[:PROPOSALS]
