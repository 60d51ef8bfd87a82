"""After a quick (partial) registration: what Stamps recorded, and completing the profile there
and then.

Partial registration takes no consents, so whatever Stamps records is its own default (the
training server opts the customer in to everything, as the seed's "defaults to true" does
elsewhere). A default is no consent (UU PDP Art. 20): the counter shows it as "not asked yet", and
when anything is (or may be) opted in, the cashier asks the customer channel by channel — or sets
them all to no — and saves the answers with their name, through change-profile. Nothing keeps a
"yes" the customer did not give.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from pos_member.api import ApiError, Customer, MemberDetails, StampsClient
from pos_member.api import requests as rq
from pos_member.i18n import QT_TR_NOOP, tr
from pos_member.outbox.delivery import is_partial  # the outbox's own test of "partial"

from .changes import ask, ask_write, profile_seen, refuse
from .problems import Problem, Refused
from .registration import validate_payload

NAME_NEEDED = QT_TR_NOOP("Ask the customer's name: Stamps needs it to save their choices.")
NAME_FOR_NO = QT_TR_NOOP("Type the customer's name: Stamps needs it to save “no”. Nothing is saved yet.")
ANSWER_NEEDED = QT_TR_NOOP("Ask the customer: yes or no.")


@dataclass(frozen=True)
class Recorded:
    """The new member as Stamps recorded them. A consent is True, False, or None (not known)."""

    member: int | str | None
    contact: str
    card: str | None
    tier: str | None
    name: str
    consents: dict[str, bool | None]

    @property
    def may_be_opted_in(self) -> bool:
        return any(value is not False for value in self.consents.values())


def _consents(membership: Any) -> dict[str, bool | None]:
    return {key: getattr(membership, key, None) if membership is not None else None for key in rq.CONSENTS}


async def recorded(client: StampsClient, result: Any, contact: str) -> Recorded:
    """Read the partial registration's answer; consents it leaves out (the seed's example does)
    are looked up, and stay unknown if the look-up fails."""
    user, membership = getattr(result, "user", None), getattr(result, "membership", None)
    member = (user.pk if user.pk is not None else user.id) if user is not None else None
    consents = _consents(membership)
    if None in consents.values() and member is not None:
        try:
            details = await client.member_details(member)
        except ApiError:
            details = None
        if details is not None and details.membership is not None:
            looked_up = _consents(details.membership)
            consents = {k: v if v is not None else looked_up[k] for k, v in consents.items()}
    card = membership.primary_card.number if membership is not None and membership.primary_card else None
    return Recorded(member, contact, card, membership.tier if membership is not None else None,
                    (user.name if user is not None else None) or "", consents)


class QuickCompletion:
    """Name and the customer's own choices, saved on the member quick registration just made."""

    def __init__(self, client: StampsClient, record: Recorded):
        if record.member is None:
            raise ValueError("quick registration gave no member to complete")
        self.client, self.record, self.member = client, record, record.member

    async def save(self, name: str, choices: dict[str, bool | None]) -> Recorded:
        """Save the customer's own answer for every channel (None: not asked yet, refused)."""
        name = " ".join(name.split())
        payload: dict[str, Any] = {"user": self.member, "name": name,
                                   **{key: choices.get(key) is True for key in rq.CONSENTS}}
        errors: dict[str, str] = {key: tr(ANSWER_NEEDED) for key in rq.CONSENTS
                                  if not isinstance(choices.get(key), bool)}
        if not name:
            errors["name"] = tr(NAME_NEEDED)
        validate_payload(rq.ChangeProfileBody, payload, errors)
        if errors:
            raise refuse(errors)
        payload.pop("user")
        name = payload.pop("name")
        answer = await ask_write(self.client, self.member, self.client.change_profile(self.member, name, **payload),
                                 profile_seen({"name": name, **payload}))
        user = answer.user if isinstance(answer, MemberDetails) else answer  # read again, or the answer
        saved = _consents(answer.membership)
        self.record = replace(self.record, name=user.name or name,
                              consents={k: v if v is not None else payload[k] for k, v in saved.items()})
        return self.record


# ------------------------------------------------------------------ a registration that met one

#: What of a registration's data change-profile can put on an existing member.
COMPLETES = ("birthday", "gender", "address", "district", "postal_code", "marital_status", "wedding_date",
             *rq.CONSENTS)
CHANGED_SINCE = QT_TR_NOOP("That member is no longer a quick registration with this email (someone changed it "
                           "meanwhile). Nothing was saved: open the member and check with the customer.")


class PartialCompletion:
    """A registration that found a quick-registered member (no name or phone) with its email: that
    member, completed with the typed details once the cashier confirms. The mobile number is not
    among them: it changes only with a code the customer receives (Change phone)."""

    def __init__(self, client: StampsClient, outbox: Any, item: Any):
        member = (item.result or {}).get("partial_member")
        if not member:
            raise ValueError("this outbox item found no quick-registered member")
        self.client, self.outbox, self.item = client, outbox, item
        self.member: int | str = int(member) if str(member).isascii() and str(member).isdigit() else str(member)

    async def complete(self) -> Customer | MemberDetails:
        payload = self.item.payload
        details = await ask(self.client.member_details(self.member))
        user = details.user
        if str(user.id) != str(self.member) or not is_partial(user) or (
                (user.email or "").strip().lower() != str(payload.get("email") or "").strip().lower()):
            raise Refused(Problem("invalid", tr(CHANGED_SINCE)))
        changes = {k: payload[k] for k in COMPLETES if payload.get(k) not in (None, "")}
        answer = await ask_write(self.client, self.member,
                                 self.client.change_profile(self.member, payload["name"], **changes),
                                 profile_seen({"name": payload["name"], **changes}))
        await self.outbox.run(self.outbox.completed, self.item.id, answer)
        return answer
