"""The kiosk without Qt: ``KioskSession`` driven by intents and an injected clock. Nothing here
waits on the wall clock; the deadlines move because the test moves the clock."""

from __future__ import annotations

import asyncio
from typing import Any

from pos_member.config import Settings
from pos_member.flows.kiosk import (
    DONE_GUARD_S,
    NOTICE_S,
    STEP_FIELDS,
    STILL_THERE_S,
    TAP_GUARD_S,
    TAP_WINDOW_S,
    KioskFlow,
    KioskOutcome,
    KioskSession,
)
from pos_member.flows.pin import FIRST_LOCKOUT_S, ManagerPinGate

PIN = "482913"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class StubFlow(KioskFlow):
    """The kiosk's own checks; the look-up and the registration answer when the test says so."""

    def __init__(self, settings: Settings):
        super().__init__(registrar=None, client=None, settings=settings)  # type: ignore[arg-type]
        self.members: set[str] = set()
        self.answer: asyncio.Future[KioskOutcome] | None = None

    async def already_member(self, step: str) -> bool:
        key = {"mobile": "mobile_number", "email": "email"}[step]
        return str(self.data.get(key)) in self.members

    async def submit(self) -> KioskOutcome:
        self.answer = asyncio.get_running_loop().create_future()
        return await self.answer


def make(clock: Clock, **settings_kw: Any) -> tuple[KioskSession, list[str]]:
    settings = Settings(mode="kiosk", language="en", **settings_kw)
    gate = ManagerPinGate("stored", clock=clock, verify=lambda pin, _hash: pin == PIN)
    changes: list[str] = []
    session = KioskSession(StubFlow(settings), gate, settings, changes.append, clock=clock)
    return session, changes


def run(coro_fn) -> Any:
    return asyncio.run(coro_fn())


async def settle(session: KioskSession) -> None:
    """Let the session's background work answer (the PIN hash runs on a thread: poll for it)."""
    for _ in range(5000):
        if session.idle:
            return
        await asyncio.sleep(0.001)
    raise AssertionError("the session's work did not finish")


def to_mobile(session: KioskSession, clock: Clock) -> None:
    session.next()  # Start
    clock.advance(TAP_GUARD_S)
    session.next({"name": "Ayu Lestari"})
    assert session.step == "mobile"


def test_idle_asks_still_there_then_wipes_everything_and_the_language():
    clock = Clock()
    session, changes = make(clock)
    session.choose_language("id")
    to_mobile(session, clock)
    session.keep({"mobile_number": "081355559999"})
    clock.advance(session.idle_s - 0.01)
    session.tick()
    assert session.step == "mobile"  # not yet
    clock.advance(0.01)
    session.tick()
    assert session.step == "still_there" and session.seconds_left() == STILL_THERE_S
    clock.advance(STILL_THERE_S - 1.5)
    session.tick()
    assert session.seconds_left() == 2  # counts down what the screen says
    clock.advance(1.5)
    session.tick()
    assert session.step == "welcome" and session.data == {} and session.language == "en"
    assert session.seconds_left() is None and "wipe" in changes


def test_still_there_returns_to_the_step_with_everything_typed():
    clock = Clock()
    session, _ = make(clock)
    to_mobile(session, clock)
    clock.advance(session.idle_s)
    session.tick()
    assert session.step == "still_there"
    session.next()  # "Yes, I'm here"
    assert session.step == "mobile" and session.data["name"] == "Ayu Lestari"
    assert session.wake_in() == session.idle_s  # the idle deadline starts again


def test_the_done_page_counts_down_without_still_there():
    clock = Clock()
    session, _ = make(clock)
    session.idle_s, session.done_s = 15, 30
    session.registered(KioskOutcome("registered", card="RRR0001111"))
    assert session.step == "done" and session.outcome is not None
    clock.advance(session.idle_s + 1)  # longer than idle: still no "Still there?" on the Done page
    session.tick()
    assert session.step == "done"
    clock.advance(session.done_s - session.idle_s - 2)
    session.tick()
    assert session.step == "done" and session.seconds_left() == 1
    clock.advance(1)
    session.tick()
    assert session.step == "welcome" and session.outcome is None


def test_a_double_tap_is_guarded_for_a_moment_after_each_page_change():
    clock = Clock()
    session, _ = make(clock)
    assert not session.tap_guarded()
    session.next()
    assert session.tap_guarded()
    clock.advance(TAP_GUARD_S)
    assert not session.tap_guarded()
    session.registered(KioskOutcome("registered", card="RRR0002222"))
    clock.advance(TAP_GUARD_S)
    assert session.tap_guarded()  # longer on Done: Finish would hide the member number
    clock.advance(DONE_GUARD_S - TAP_GUARD_S)
    assert not session.tap_guarded()
    session.next()  # Finish
    assert session.step == "welcome" and session.tap_guarded()  # a second Finish tap must not Start


def test_a_language_left_on_welcome_goes_back_when_nobody_touches():
    clock = Clock()
    session, _ = make(clock)
    assert session.wake_in() is None  # the store's welcome screen waits forever
    session.choose_language("id")
    clock.advance(session.idle_s)
    session.tick()
    assert session.step == "welcome" and session.language == "en"


def test_errors_in_plain_words_and_gone_once_the_field_changes():
    clock = Clock()
    session, _ = make(clock)
    session.next()
    session.next({"name": "  "})
    assert session.step == "name" and "your name" in session.errors["name"]
    session.field_edited("name")
    assert "name" not in session.errors
    session.next({"name": "Ayu"})
    session.next({"mobile_number": "12345"})
    assert session.step == "mobile" and "not valid" in session.errors["mobile_number"]
    assert session.data["mobile_number"] == "12345"  # nothing typed is lost


def test_an_existing_member_is_answered_at_the_step():
    async def scenario() -> None:
        clock = Clock()
        session, _ = make(clock)
        session.flow.members.add("081355553434")  # type: ignore[attr-defined]
        to_mobile(session, clock)
        session.next({"mobile_number": "081355553434"})
        assert session.busy == "Checking…"
        await settle(session)
        assert session.step == "already" and not session.busy
        session.back()
        assert session.step == "mobile"

    run(scenario)


def test_a_wipe_during_registration_never_shows_its_answer():
    async def scenario() -> None:
        clock = Clock()
        session, _ = make(clock)
        session.registered(KioskOutcome("invalid", errors={"summary": "x"}))  # straight to the summary
        assert session.step == "summary"
        session.next()
        assert session.busy == "Registering…"
        await asyncio.sleep(0)
        answer = session.flow.answer  # type: ignore[attr-defined]
        clock.advance(session.idle_s)
        session.tick()
        clock.advance(STILL_THERE_S)
        session.tick()  # the customer walked away
        assert session.step == "welcome" and not session.busy and session.idle
        assert answer.cancelled()  # the wait for the answer is cancelled with the visit
        assert session.outcome is None

    run(scenario)


def test_an_answer_behind_still_there_waits_for_the_customer():
    async def scenario() -> None:
        clock = Clock()
        session, _ = make(clock)
        session.registered(KioskOutcome("invalid", errors={"summary": "x"}))
        session.next()
        await asyncio.sleep(0)
        clock.advance(session.idle_s)
        session.tick()
        assert session.step == "still_there"
        session.flow.answer.set_result(KioskOutcome("registered", card="RRR0003333"))  # type: ignore[attr-defined]
        await settle(session)
        assert session.step == "still_there" and session.outcome is not None
        session.next()
        assert session.step == "done"

    run(scenario)


def test_staff_exit_five_taps_the_pin_and_one_more_tap():
    async def scenario() -> None:
        clock = Clock()
        session, changes = make(clock)
        for _ in range(4):
            session.logo_tapped()
        clock.advance(TAP_WINDOW_S)
        session.logo_tapped()  # the first four are too long ago
        assert session.step == "welcome"
        for _ in range(4):
            session.logo_tapped()
        assert session.step == "admin"
        session.next({"pin": "000000"})
        await settle(session)
        assert session.step == "admin" and "not the manager PIN" in session.errors["pin"]
        session.next({"pin": PIN})
        await settle(session)
        assert session.step == "close" and session.finished is None
        session.next()
        assert session.finished == "quit" and changes[-1] == "finished"

    run(scenario)


def test_the_pin_screen_never_traps_a_customer():
    clock = Clock()
    session, _ = make(clock)
    for _ in range(5):
        session.logo_tapped()
    session.escape()
    assert session.step == "welcome"
    for _ in range(5):
        session.logo_tapped()
    session.back()  # Cancel
    assert session.step == "welcome"
    for _ in range(5):
        session.logo_tapped()
    clock.advance(session.idle_s)
    session.tick()
    assert session.step == "still_there"
    clock.advance(STILL_THERE_S)
    session.tick()
    assert session.step == "welcome"


def test_wrong_pins_lock_the_gesture_with_a_countdown_not_the_kiosk():
    async def scenario() -> None:
        clock = Clock()
        session, _ = make(clock)
        for _ in range(5):
            session.logo_tapped()
        for _ in range(3):
            session.next({"pin": "111111"})
            await settle(session)
        assert session.pin_locked_for() == FIRST_LOCKOUT_S and "30 seconds" in session.errors["pin"]
        clock.advance(12)
        session.tick()
        assert "18 seconds" in session.errors["pin"]
        clock.advance(18)
        session.tick()
        assert session.pin_locked_for() == 0 and session.errors == {}  # the PIN can be typed again
        session.next({"pin": "222222"})
        await settle(session)
        session.back()
        for _ in range(5):
            session.logo_tapped()
        assert session.step == "welcome" and "Try again in 60 seconds" in session.notice
        session.next()
        assert session.step == "name"  # the kiosk is not locked
        clock.advance(NOTICE_S)
        session.tick()
        assert session.notice == ""

    run(scenario)


# ---------------------------------------------------------------------------- corrections from the summary

ANI = {"name": "Ani Wijaya", "mobile_number": "081277001235", "email": "ani.wijaya@gmail.com"}


async def to_summary(session: KioskSession, clock: Clock) -> None:
    """The reference customer, step by step (the look-ups answered), on the summary."""
    session.next()  # Start
    for step, values in (("name", {"name": ANI["name"]}), ("mobile", {"mobile_number": ANI["mobile_number"]}),
                         ("email", {"email": ANI["email"]}), ("birthday", {"birthday": "", "old_enough": True}),
                         ("gender", {"gender": None}), ("consent", {"allow_whatsapp_marketing": True})):
        clock.advance(TAP_GUARD_S)
        assert session.step == step
        session.next(values)
        await settle(session)
    assert session.step == "summary" and session.correcting is None


def test_a_summary_row_opens_its_step_and_next_comes_back_to_the_summary():
    async def scenario() -> None:
        clock = Clock()
        session, changes = make(clock)
        await to_summary(session, clock)
        session.correct("mobile")
        assert session.step == "mobile" and session.correcting == "mobile"
        assert session.data["mobile_number"] == ANI["mobile_number"]  # the answer kept, to fix a digit
        clock.advance(TAP_GUARD_S)
        session.next({"mobile_number": "081277001236"})
        assert session.busy == "Checking…"  # the step's own checks run, as the first time
        await settle(session)
        assert session.step == "summary" and session.correcting is None  # not through email, birthday, ...
        assert session.form()["mobile_number"] == "081277001236" and session.form()["email"] == ANI["email"]
        steps = [c for c in changes if c == "step"]
        assert steps  # every page change was rendered
        for step in ("name", "email", "gender", "consent"):  # every row, the same way
            session.correct(step)
            assert session.step == step
            clock.advance(TAP_GUARD_S)
            session.next({key: session.data.get(key) for key in STEP_FIELDS[step]})  # what the page shows
            await settle(session)
            assert session.step == "summary", step
        assert session.form()["name"] == ANI["name"] and session.form()["allow_whatsapp_marketing"]

    run(scenario)


def test_a_correction_is_checked_like_the_first_answer():
    async def scenario() -> None:
        clock = Clock()
        session, _ = make(clock)
        session.flow.members.add("081355553434")  # type: ignore[attr-defined]
        await to_summary(session, clock)
        session.correct("mobile")
        session.next({"mobile_number": "0812"})  # too short: said at the step, which stays
        assert session.step == "mobile" and "mobile_number" in session.errors and session.correcting == "mobile"
        session.next({"mobile_number": "081355553434"})  # someone else's: said as today
        await settle(session)
        assert session.step == "already"
        session.back()  # a typing mistake: back to the step, still a correction
        assert session.step == "mobile" and session.correcting == "mobile"
        session.next({"mobile_number": "081355550000"})
        await settle(session)
        assert session.step == "summary" and session.form()["mobile_number"] == "081355550000"
        session.correct("birthday")
        session.next({"birthday": "30-05-1993"})
        assert session.step == "summary" and session.form()["birthday"] == "30-05-1993"

    run(scenario)


def test_back_during_a_correction_keeps_the_answer_as_it_was():
    async def scenario() -> None:
        clock = Clock()
        session, changes = make(clock)
        await to_summary(session, clock)
        session.correct("name")
        session.back({"name": "Ani Wij"})  # changed their mind half way
        assert session.step == "summary" and session.correcting is None
        assert session.form()["name"] == "Ani Wijaya" and "answers" in changes  # the window refills its fields
        session.correct("consent")
        session.back({"allow_whatsapp_marketing": False, "allow_sms_marketing": True})
        assert session.form()["allow_whatsapp_marketing"] and not session.form()["allow_sms_marketing"]
        session.correct("name")
        session.back()  # Back on the name step of a correction: the summary, not a fresh start
        assert session.step == "summary" and session.data["name"] == "Ani Wijaya"

    run(scenario)


def test_corrections_only_from_the_summary_and_never_while_registering():
    async def scenario() -> None:
        clock = Clock()
        session, _ = make(clock)
        to_mobile(session, clock)
        session.correct("name")
        assert session.step == "mobile" and session.correcting is None
        session.show("summary")
        session.correct("summary")
        session.correct("welcome")
        assert session.step == "summary"
        session.next()  # Register
        assert session.busy
        session.correct("name")
        assert session.step == "summary" and session.correcting is None
        session.wipe()
        assert session.correcting is None

    run(scenario)


def test_a_refused_answer_opens_its_step_as_a_correction():
    async def scenario() -> None:
        clock = Clock()
        session, _ = make(clock)
        session.keep(dict(ANI))
        session.show("summary")
        session.registered(KioskOutcome("invalid", errors={"email": "That address cannot receive mail."}))
        assert session.step == "email" and session.correcting == "email" and "email" in session.errors
        session.next({"email": "ani.wijaya@yahoo.co.id"})
        assert session.busy  # the duplicate check, as always
        await settle(session)
        assert session.step == "summary" and session.form()["email"] == "ani.wijaya@yahoo.co.id"

    run(scenario)
