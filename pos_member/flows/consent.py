"""What the customer is asked before their data is kept and promos are sent, in one place (no Qt).

Under Indonesia's UU PDP (No. 27/2022) consent must be explicit and for a specific purpose
(Art. 20–22), the customer must be told who keeps the data, why, their rights and how to withdraw
(Art. 21, Art. 5–9), and a child's data needs a parent's consent (Art. 25). So:

- each channel is its own question, naming the store and the channel, and nothing is ticked in
  advance anywhere (the old ``consent_defaults`` setting is refused, with words);
- a short notice goes with the questions (who — the store, on Stamps — why, rights, withdrawal)
  with the store's privacy-policy link (``privacy_policy_url``);
- below ``min_age_alone`` (default 17, the KTP age) a customer registers with a parent at the
  counter, where the cashier confirms the parent's consent.
"""

from __future__ import annotations

import datetime as dt

from pos_member.i18n import QT_TR_NOOP, tr

#: The three marketing consents, as the API names them.
CHANNELS = ("allow_whatsapp_marketing", "allow_sms_marketing", "allow_newsletters")

#: At the counter, the cashier reads the question out: one line a channel, naming the store.
_COUNTER = {
    "allow_whatsapp_marketing": QT_TR_NOOP("Customer agrees that {store} sends them promos on WhatsApp"),
    "allow_sms_marketing": QT_TR_NOOP("Customer agrees that {store} sends them promos by SMS"),
    "allow_newsletters": QT_TR_NOOP("Customer agrees that {store} sends them its newsletter by email"),
}
#: At the kiosk, the customer answers for themselves.
_KIOSK = {
    "allow_whatsapp_marketing": QT_TR_NOOP("Yes, {store} may send me promos on WhatsApp"),
    "allow_sms_marketing": QT_TR_NOOP("Yes, {store} may send me promos by SMS"),
    "allow_newsletters": QT_TR_NOOP("Yes, {store} may send me its newsletter by email"),
}
#: Short names of what each channel sends (summaries, the profile).
SHORT = {
    "allow_whatsapp_marketing": QT_TR_NOOP("Promos on WhatsApp"),
    "allow_sms_marketing": QT_TR_NOOP("Promos by SMS"),
    "allow_newsletters": QT_TR_NOOP("Newsletter by email"),
}

NOTICE_COUNTER = QT_TR_NOOP(
    "Tell the customer: {store} keeps their details on Stamps, its membership platform, to run their "
    "membership (points, rewards, level) and, only for what they agree to, to send promos. They may see, "
    "correct or delete their data and withdraw any consent at any time: at any {store} counter.")
NOTICE_KIOSK = QT_TR_NOOP(
    "{store} keeps your details on Stamps, its membership platform, to run your membership (points, "
    "rewards, level) and, only for what you tick, to send you promos. You may see, correct or delete "
    "your data and withdraw any consent at any time: just ask at the {store} counter.")
POLICY = QT_TR_NOOP("Privacy policy: {url}")
THIS_STORE = QT_TR_NOOP("this store")

NOT_ASKED = QT_TR_NOOP("not asked yet")


def store_words(store_name: str) -> str:
    """How the store is named in a question: its name, else "this store"."""
    return store_name.strip() or tr(THIS_STORE)


def counter_line(channel: str, store_name: str) -> str:
    return tr(_COUNTER[channel]).format(store=store_words(store_name))


def kiosk_line(channel: str, store_name: str) -> str:
    return tr(_KIOSK[channel]).format(store=store_words(store_name))


def notice(store_name: str, policy_url: str | None, *, kiosk: bool) -> str:
    """The short privacy notice, with the policy link as text when the store has one."""
    text = tr(NOTICE_KIOSK if kiosk else NOTICE_COUNTER).format(store=store_words(store_name))
    if policy_url:
        text += " " + tr(POLICY).format(url=policy_url)
    return text


# ------------------------------------------------------------------ age

def age_on(birthday: dt.date, today: dt.date) -> int:
    return today.year - birthday.year - ((today.month, today.day) < (birthday.month, birthday.day))


def needs_parent(birthday: dt.date | None, min_age_alone: int, today: dt.date | None = None) -> bool:
    """Younger than the store's age to register alone (an unknown birthday is not a child's)."""
    return birthday is not None and age_on(birthday, today or dt.date.today()) < min_age_alone


PARENT_AT_COUNTER = QT_TR_NOOP("Under {age}? Come to the counter with a parent or guardian to register.")
PARENT_CONFIRMED = QT_TR_NOOP("A parent or guardian is here and agrees (the cashier checked)")
PARENT_NEEDED = QT_TR_NOOP("Under {age}: a parent or guardian must agree. Tick the box once they have.")

# The kiosk: the customer registers alone, so a child is sent to the counter with a parent; a
# customer who skips the birthday says they are old enough instead.
KIOSK_CHILD_TITLE = QT_TR_NOOP("Please register at the counter")
OLD_ENOUGH_NEEDED = QT_TR_NOOP("Type your birthday, or tap “Skip: I am {age} or older”.")
KIOSK_CONSENT_HINT = QT_TR_NOOP("Tick only what you want. You can withdraw it at any time at the counter.")
