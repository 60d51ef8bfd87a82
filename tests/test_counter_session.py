"""The counter session without Qt, against the training server: what is on screen, which actions
are possible, and what Next customer and a cashier switch leave behind."""

from __future__ import annotations

import asyncio

from pos_member.api import StampsClient
from pos_member.flows.counter import MEMBER_ACTIONS, CounterSession


def session_run(training, steps) -> None:
    async def go() -> None:
        async with StampsClient("http://127.0.0.1", training.token, training.merchant_id, store=training.store_id,
                                transport=training.transport()) as client:
            changes: list[str] = []
            session = CounterSession(client, changes.append, debounce_ms=0)
            try:
                await steps(session, changes)
            finally:
                session.close()

    asyncio.run(go())


def test_a_new_search_takes_the_member_away_at_once(training):
    async def steps(s: CounterSession, changes: list[str]) -> None:
        s.sign_in("kasir01")
        s.open("budi.santoso@example.com")
        await s.settled()
        assert s.member is not None and s.member.name == "Budi Santoso"
        assert all(s.can(a) for a in MEMBER_ACTIONS) and s.member_key is not None
        s.type("zzzq")  # before any answer
        assert s.member is None and s.member_key is None and not any(s.can(a) for a in MEMBER_ACTIONS)
        assert [seen.name for seen in s.recent] == ["Budi Santoso"]
        await s.settled()
        assert s.page == "no_match" and s.can("register")

    session_run(training, steps)


def test_unknown_full_key_is_offered_for_registration(training):
    async def steps(s: CounterSession, changes: list[str]) -> None:
        s.type("nobody.new@example.com")
        s.submit("nobody.new@example.com")
        await s.settled()
        assert s.page == "no_match" and s.member is None
        assert s.prefill() == {"email": "nobody.new@example.com"}
        s.scan("RRR9999999")
        await s.settled()
        assert s.page == "no_match" and s.prefill() == {"member_id": "RRR9999999"}

    session_run(training, steps)


def test_next_customer_and_switching_cashier_leave_nothing(training):
    async def steps(s: CounterSession, changes: list[str]) -> None:
        s.sign_in("kasir01")
        s.open("RRR0000002")
        await s.settled()
        s.keep_draft({"name": "Rina Kusuma", "email": ""})
        s.next_customer()
        assert (s.member, s.query, s.draft, s.page) == (None, "", {}, "empty") and "next" in changes
        s.keep_draft({"name": "Rina Kusuma"})
        s.sign_in("kasir01")  # the same cashier again: their draft stays
        assert s.draft == {"name": "Rina Kusuma"}
        s.sign_in("kasir02")
        assert s.draft == {} and s.cashier == "kasir02" and s.recent == []

    session_run(training, steps)


def test_changes_reload_only_the_member_on_screen(training):
    async def steps(s: CounterSession, changes: list[str]) -> None:
        s.open("budi.santoso@example.com")
        await s.settled()
        budi = s.member_key
        s.open("RRR0000002")
        await s.settled()
        assert s.changed(budi) is False and s.member is not None and s.member.name == "Siti Rahayu"
        assert s.changed(s.member_key) is True

    session_run(training, steps)


def test_a_draft_goes_when_another_member_is_opened_not_when_a_window_carries_on(training):
    """A draft belongs to the customer it was typed for: opening a member ends it (told once);
    a rebuilt window carrying on with the member on screen (take_over) moves nobody on."""
    async def steps(s: CounterSession, changes: list[str]) -> None:
        s.sign_in("kasir01")
        s.keep_draft({"name": "Rina Kusuma", "member_id": "RRR0000004"})
        s.type("budi")
        assert s.draft["member_id"] == "RRR0000004"  # a search alone serves nobody yet
        s.open("budi.santoso@example.com")
        assert s.draft == {} and s.draft_left and "draft" in changes
        await s.settled()
        shift = s.handover()
        s.keep_draft({"name": "Rina Kusuma"})
        s.draft_left = False
        assert s.take_over(shift) and s.draft == {"name": "Rina Kusuma"} and not s.draft_left
        await s.settled()

    session_run(training, steps)
