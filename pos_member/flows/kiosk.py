"""Self-registration at a store kiosk: one question per step, nothing about anyone else, forget
everything when the customer walks away. Uses the same registration path and outbox as the counter.

``KioskFlow`` checks a step and registers; ``KioskSession`` is the whole kiosk without Qt (steps,
the visit, the deadlines, the staff exit) that ``ui/kiosk/window.py`` renders."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import math
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from pos_member.api import requests as rq
from pos_member.config import Settings
from pos_member.i18n import QT_TR_NOOP, tr

from .consent import OLD_ENOUGH_NEEDED, needs_parent
from .pin import PinCheck, PinVerdict
from .problems import Refused, error_words
from .registration import MAX_AGE, MIN_AGE, Registrar, RegistrationFlow, age_on, duplicates_of, parse_date

#: The customer's steps, in order (welcome before, done after).
STEPS = ("name", "mobile", "email", "birthday", "gender", "consent", "summary")
FIELD_STEP = {"name": "name", "mobile_number": "mobile", "email": "email", "birthday": "birthday", "gender": "gender"}
CONSENTS = ("allow_whatsapp_marketing", "allow_sms_marketing", "allow_newsletters")

log = logging.getLogger(__name__)


class PinGate(Protocol):
    def locked_for(self) -> float: ...
    async def check(self, pin: str) -> PinCheck: ...


@dataclass
class KioskOutcome:
    state: Literal["registered", "queued", "already_member", "invalid"]
    card: str | None = None
    tier: str | None = None
    errors: dict[str, str] = field(default_factory=dict)


class KioskFlow:
    def __init__(self, registrar: Registrar, client: Any, settings: Settings):
        self.client, self.settings = client, settings
        # The counter's own registration: one validation, one duplicate check, one outbox.
        self.registration = RegistrationFlow(client, registrar, settings, None,
                                             method=int(settings.kiosk_registration_method))
        self.data: dict[str, Any] = {}

    def reset(self) -> None:
        """The customer walked away: forget everything they typed."""
        self.data = {}

    def check(self, step: str, values: dict[str, Any]) -> dict[str, str]:
        """Errors for one step, in plain words; the values are kept either way."""
        self.data.update(values)
        return self._errors(step, values)

    def error_samples(self, step: str) -> list[str]:
        """The errors a step's field can show (the longest decides the room kept under it, so
        an error coming never moves the keys), in the language of the moment; nothing is kept."""
        samples = [tr("Something went wrong. Please ask our staff.")]
        for values in BAD_ANSWERS.get(step, ()):
            samples.extend(self._errors(step, values).values())
        if step == "admin":  # the PIN's: wrong, the last try, locked for seconds or minutes
            samples.extend(PinCheck(verdict, wait_s=wait, tries_left=left).message for verdict, wait, left in (
                (PinVerdict.WRONG, 0, 1), (PinVerdict.LOCKED, 59, 0), (PinVerdict.LOCKED, 600, 0),
                (PinVerdict.EMPTY, 0, 0), (PinVerdict.NOT_SET, 0, 0)))
        return samples

    def _errors(self, step: str, values: dict[str, Any]) -> dict[str, str]:
        errors: dict[str, str] = {}
        if step == "name":
            if not (values.get("name") or "").strip():
                errors["name"] = tr("Please type your name.")
        elif step == "mobile":
            try:
                rq.normalise_phone(values.get("mobile_number"))
            except ValueError as exc:
                errors["mobile_number"] = error_words(exc)
        elif step == "email":
            try:
                rq.normalise_email(values.get("email"))
            except ValueError as exc:
                errors["email"] = error_words(exc)
        elif step == "birthday":
            try:
                birthday = parse_date(values.get("birthday") or "")
            except ValueError as exc:
                errors["birthday"] = str(exc)
            else:
                if birthday is not None and not MIN_AGE <= age_on(birthday, dt.date.today()) <= MAX_AGE:
                    errors["birthday"] = tr("Please check the year of your birthday.")
                elif birthday is None and not values.get("old_enough"):
                    # no birthday: the customer says they may register alone (UU PDP Art. 25)
                    errors["birthday"] = tr(OLD_ENOUGH_NEEDED).format(age=self.settings.min_age_alone)
        return errors

    def child(self) -> bool:
        """The birthday typed is younger than the store's age to register alone: such a customer
        registers at the counter, where a parent's consent is confirmed."""
        try:
            birthday = parse_date(self.data.get("birthday") or "")
        except ValueError:
            return False
        return needs_parent(birthday, self.settings.min_age_alone)

    async def already_member(self, step: str) -> bool:
        """Whether the mobile number or email just entered belongs to a member (the counter's own
        duplicate check; a failed look-up counts as no, the registration checks again)."""
        key = {"mobile": "mobile_number", "email": "email"}.get(step)
        if key is None:
            return False
        return bool(await duplicates_of(self.client, {key: self.data.get(key)}))

    def form(self) -> dict[str, Any]:
        """What will be sent: the summary shows exactly this."""
        form = {key: self.data.get(key) for key in ("name", "email", "mobile_number", "birthday", "gender")}
        for key in CONSENTS:
            form[key] = bool(self.data.get(key))  # explicit choices only, never ticked in advance
        return form

    async def submit(self) -> KioskOutcome:
        try:
            answer = await self.registration.submit(self.form())
        except Refused as exc:
            problem = exc.problem
            if problem.code and "already" in problem.code:
                return KioskOutcome("already_member")
            return KioskOutcome("invalid", errors=problem.fields or {"summary": problem.message})
        submitted = answer.submitted
        if answer.duplicates or submitted is None:
            # Say nothing about who: the kiosk never shows another member's data.
            return KioskOutcome("already_member")
        if submitted.state == "queued":
            return KioskOutcome("queued")
        membership = getattr(submitted.result, "membership", None)
        card = membership.primary_card.number if membership and membership.primary_card else None
        return KioskOutcome("registered", card=card, tier=membership.tier if membership else None)


# ---------------------------------------------------------------------------- the kiosk's one truth

#: Every page of the kiosk: the customer's steps (``STEPS``), and around them.
PAGES = ("welcome", *STEPS, "done", "already", "child", "still_there", "admin", "close")
Step = str
#: What changed, for the window to render ("wipe" and "language" redraw every page).
Change = Literal["step", "errors", "busy", "countdown", "pin", "notice", "language", "wipe", "finished", "answers"]
#: What each step asks for.
STEP_FIELDS: dict[str, tuple[str, ...]] = {
    "name": ("name",), "mobile": ("mobile_number",), "email": ("email",), "birthday": ("birthday", "old_enough"),
    "gender": ("gender",), "consent": CONSENTS}
#: What Next says while the step waits for Stamps (or the PIN check), by step.
CHECKING, REGISTERING = QT_TR_NOOP("Checking…"), QT_TR_NOOP("Registering…")
BUSY_WORDS: dict[str, str] = {"mobile": CHECKING, "email": CHECKING, "admin": CHECKING, "summary": REGISTERING}
#: Answers that draw each error a step's field can show (``KioskFlow.error_samples``).
BAD_ANSWERS: dict[str, tuple[dict[str, Any], ...]] = {
    "name": ({"name": ""},),
    "mobile": ({"mobile_number": "0812"}, {"mobile_number": "08123456789012345"}, {"mobile_number": "+1 555"}),
    "email": ({"email": "dewi@gmail"}, {"email": ""}, {"email": "dewi gmail.com"}),
    "birthday": ({"birthday": "31-02-1990"}, {"birthday": "99"}, {"birthday": "01-01-1850"}, {"birthday": ""}),
}
#: Where an error can be shown (anything else shows on the summary).
ERROR_KEYS = ("name", "mobile_number", "email", "birthday", "summary", "pin")
#: The summary's rows and the step that asks each (a tap on a row opens that step for a correction).
ROW_STEP = {**FIELD_STEP, **{key: "consent" for key in CONSENTS}}
#: Seconds of "Still there?" before the screen is wiped.
STILL_THERE_S = 15
TAPS_TO_EXIT, TAP_WINDOW_S = 5, 3.0
#: After a page change its buttons ignore taps this long: a double tap answers one page only.
TAP_GUARD_S = 0.5
#: Longer on the Done page: its Finish would hide the member number the customer came for.
DONE_GUARD_S = 1.5
#: How long the staff notice stays after taps on the logo while the PIN is locked.
NOTICE_S = 6
#: How often a countdown on screen is redrawn.
COUNTDOWN_TICK_S = 0.2


class KioskSession:
    """The kiosk without Qt: the step on screen, what the customer typed (``data``), the errors
    shown, the registration in flight, and every deadline — idle, "Still there?", the Done page, the
    tap guard, the staff exit — read from an injected ``clock``.

    The window forwards intents (``next``, ``back``, ``touched``, ``logo_tapped``, ...) with the
    values its widgets hold, and renders on each ``on_change``. It calls ``tick`` when ``wake_in``
    says something is due; tests move the clock and call ``tick`` themselves, without waiting."""

    def __init__(self, flow: KioskFlow, pin_gate: PinGate, settings: Settings,
                 on_change: Callable[[Change], None] = lambda _change: None, *,
                 clock: Callable[[], float] = time.monotonic):
        self.flow, self.pin_gate, self.settings = flow, pin_gate, settings
        self._watchers: list[Callable[[Change], None]] = [on_change]
        self.clock = clock
        self.idle_s: float = settings.kiosk_idle_seconds
        self.done_s: float = settings.kiosk_done_seconds
        self.step: Step = "welcome"
        self.errors: dict[str, str] = {}
        self.busy = ""                              # what the primary button says while waiting (English:
                                                    # the window words it in the language of the moment)
        self.outcome: KioskOutcome | None = None    # the registration on the Done page
        self.language: str = settings.language
        self.notice = ""                            # for staff: why five taps on the logo did nothing
        self.finished: str | None = None
        self._idle_at: float | None = None
        self._countdown: tuple[float, Literal["still", "done"]] | None = None
        self._guard_until = -math.inf
        self._notice_until = -math.inf
        self._taps: list[float] = []
        self._lock_shown = False
        self._before_idle: Step = "welcome"
        self._already_from: Step = "mobile"
        #: The step opened from the summary to correct an answer: its Next goes back to the summary.
        self.correcting: Step | None = None
        self._before_correction: dict[str, Any] = {}
        self._visit: set[asyncio.Task[Any]] = set()  # this customer's background work

    def watch(self, observer: Callable[[Change], None]) -> None:
        """Be told of every change too, after the window (a walk's probe, a test)."""
        self._watchers.append(observer)

    def _notify(self, change: Change) -> None:
        for watcher in self._watchers:
            watcher(change)

    # ------------------------------------------------------------------ what is on screen

    @property
    def data(self) -> dict[str, Any]:
        return self.flow.data

    def form(self) -> dict[str, Any]:
        """What will be sent: the summary shows exactly this."""
        return self.flow.form()

    @property
    def idle(self) -> bool:
        """Nothing running for this customer."""
        return not self._visit

    def seconds_left(self) -> int | None:
        """What the countdown on screen says (whole seconds, rounded up), or None without one."""
        if self._countdown is None:
            return None
        return max(0, math.ceil(self._countdown[0] - self.clock()))

    @property
    def countdown(self) -> Literal["still", "done"] | None:
        return self._countdown[1] if self._countdown is not None else None

    def tap_guarded(self, *, burst: bool = False) -> bool:
        """Whether a tap now would be the second half of the tap that changed the page. With
        ``burst`` (a tap that arrived), a tap inside the guard keeps it up: a burst of taps,
        however long, answers one page only."""
        now = self.clock()
        guarded = now < self._guard_until
        if guarded and burst:
            self._guard_until = max(self._guard_until, now + TAP_GUARD_S)
        return guarded

    def pin_locked_for(self) -> float:
        return self.pin_gate.locked_for() if self.step == "admin" else 0.0

    def wake_in(self) -> float | None:
        """Seconds until ``tick`` has something to do (None: nothing is due)."""
        now = self.clock()
        due = [at - now for at in (self._idle_at, self._notice_until) if at is not None and at > -math.inf]
        if self._countdown is not None or self._lock_shown or self.pin_locked_for() > 0:
            due.append(COUNTDOWN_TICK_S)
        return max(0.0, min(due)) if due else None

    # ------------------------------------------------------------------ intents

    def keep(self, values: dict[str, Any]) -> None:
        """Values on screen, kept without checking (a language tap, a step back)."""
        self.flow.data.update(values)

    def next(self, values: dict[str, Any] | None = None) -> None:
        """The primary button (or Enter) on the step on screen, with the values it shows."""
        values = values or {}
        step = self.step
        if self.busy and step != "still_there":
            return
        if step == "welcome":
            self._show("name")
        elif step in ("name", "mobile", "email", "birthday", "gender"):
            self._set_errors(self.flow.check(step, values))
            if self.errors:
                return
            following = "summary" if self.correcting == step else STEPS[STEPS.index(step) + 1]
            if step in ("mobile", "email"):
                self._run(lambda: self.flow.already_member(step),
                          lambda found: self._already(step) if found else self._go(following), CHECKING)
            elif step == "birthday" and self.flow.child():
                self._show("child")  # nothing is sent: a parent comes along to the counter
            else:
                self._show(following)
        elif step == "consent":
            self.keep(values)
            self._show("summary")
        elif step == "summary":
            self._run(self.flow.submit, self.registered, REGISTERING)
        elif step in ("done", "already", "child"):
            self.wipe()
        elif step == "still_there":
            self._show(self._before_idle)
        elif step == "admin":
            pin = str(values.get("pin") or "")
            self._run(lambda: self.pin_gate.check(pin), self._pin_checked, CHECKING)
        elif step == "close":
            self.unlock()

    def back(self, values: dict[str, Any] | None = None) -> None:
        step = self.step
        if self.busy and step != "still_there":
            return
        if step in ("admin", "close"):
            self.wipe()
        elif step == "already":
            self._show(self._already_from)
        elif step == "child":
            self._show("birthday")  # a typing mistake in the year
        elif step in STEPS and self.correcting == step:
            self._set_errors({})
            self.flow.data.update(self._before_correction)  # changed their mind: the answer as it was
            self._notify("answers")
            self._show("summary")
        elif step in STEPS:
            self.keep(values or {})
            self._set_errors({})
            if step == "name":
                self.wipe(keep_language=True)  # starting over: nothing typed stays for the next customer
            else:
                self._show(STEPS[STEPS.index(step) - 1])

    def correct(self, step: Step) -> None:
        """A tap on a summary row: its step again, the answer kept; Next there comes back to the
        summary (through the step's own checks: a number that now belongs to a member says so)."""
        if self.step != "summary" or self.busy or step not in STEPS or step == "summary":
            return
        self._begin_correction(step)
        self._set_errors({})
        self._show(step)

    def _begin_correction(self, step: Step) -> None:
        self.correcting = step
        self._before_correction = {key: self.flow.data.get(key) for key in STEP_FIELDS[step]}

    def escape(self) -> None:
        """Esc: leaves the PIN screen (customers have no keyboard elsewhere)."""
        if self.step == "admin":
            self.wipe()

    def choose_language(self, code: str, values: dict[str, Any] | None = None) -> None:
        self.keep(values or {})
        if code != self.language:
            self.language = code
            self.touched()  # before the window redraws: it arms its alarm from our deadlines
            self._notify("language")

    def touched(self) -> None:
        """Any touch, click or key: the customer is still there."""
        step = self.step
        if step in ("still_there", "done") or (step == "welcome" and self.language == self.settings.language):
            self._idle_at = None
        else:
            self._idle_at = self.clock() + self.idle_s

    def logo_tapped(self) -> None:
        """Five taps on the logo within a few seconds open the staff's PIN screen."""
        now = self.clock()
        self._taps = [t for t in self._taps if now - t < TAP_WINDOW_S] + [now]
        if len(self._taps) < TAPS_TO_EXIT or self.step in ("admin", "close"):
            return
        self._taps = []
        wait = self.pin_gate.locked_for()
        if wait > 0:  # wrong PINs lock the gesture, never the kiosk; staff are told for how long
            self.notice = PinCheck(PinVerdict.LOCKED, wait_s=wait).message
            self._notice_until = now + NOTICE_S
            self._notify("notice")
        else:
            self._set_errors({})
            self._show("admin")

    def tick(self) -> None:
        """Act on whatever deadline has passed: idle, a countdown, the PIN lock-out, the notice."""
        now = self.clock()
        if self.notice and now >= self._notice_until:
            self.notice, self._notice_until = "", -math.inf
            self._notify("notice")
        if self._idle_at is not None and now >= self._idle_at:
            self._idle_at = None
            if self.step in ("welcome", "close"):
                self.wipe()  # only a language was chosen: nothing to ask about, just the store's again
                return
            self._before_idle = self.step
            self._show("still_there")
        if self._countdown is not None:
            if not self.seconds_left():
                self.wipe()
                return
            self._notify("countdown")
        if self.step == "admin":
            self._sync_pin_lock()

    def wipe(self, *, keep_language: bool = False) -> None:
        """Forget the customer: what they typed, whatever is still running for them (it never
        reaches the screen), and their language (unless they only went back to the start)."""
        for task in self._visit:
            task.cancel()
        self._visit = set()
        self.busy = ""
        self._countdown = None
        self._idle_at = None
        self.outcome = None
        self.errors = {}
        self._lock_shown = False
        self.correcting = None
        self._before_correction = {}
        self.flow.reset()
        if not keep_language:
            self.language = self.settings.language
        guard = self.step != "welcome"  # Finish tapped twice must not Start again
        self.step = "welcome"
        self.touched()
        self._notify("wipe")
        if guard:  # from when the page is drawn: a slow redraw must not eat the guard
            self._guard_until = self.clock() + TAP_GUARD_S

    def unlock(self) -> None:
        """Staff closed the kiosk."""
        if self.finished is None:
            self.finished = "quit"
            self._notify("finished")

    def close(self) -> None:
        for task in self._visit:
            task.cancel()
        self._visit = set()

    # ------------------------------------------------------------------ moving between steps

    def show(self, step: Step) -> None:
        """Put a page on screen as if the customer had got there (audits, screenshots)."""
        if step not in PAGES:
            raise ValueError(step)
        self._show(step)

    def _show(self, step: Step) -> None:
        guard = (DONE_GUARD_S if step == "done" else TAP_GUARD_S) if step != self.step else 0.0
        self.step = step
        if step == "summary":
            self.correcting = None  # back where every answer shows
        if step == "done":
            self._countdown = (self.clock() + self.done_s, "done")
        elif step == "still_there":
            self._countdown = (self.clock() + STILL_THERE_S, "still")
        else:
            self._countdown = None
        self._lock_shown = False
        if step == "admin":
            self._sync_pin_lock(notify=False)
        self.touched()  # before the window draws the step: it arms its alarm from our deadlines
        if guard:
            self._guard_until = self.clock() + guard
        self._notify("step")
        if guard:  # again from when the page is drawn: taps queued during a slow redraw are guarded
            self._guard_until = self.clock() + guard

    def _go(self, step: Step) -> None:
        """Where an answer takes the customer; behind "Still there?" it waits for their tap."""
        if self.step == "still_there":
            self._before_idle = step
        else:
            self._show(step)

    def _already(self, step: Step) -> None:
        self._already_from = step
        self._go("already")

    def _set_errors(self, errors: dict[str, str]) -> None:
        self.errors = {key if key in ERROR_KEYS else "summary": text for key, text in errors.items()}
        self._notify("errors")

    def field_edited(self, key: str) -> None:
        """The customer changed a field: its error has said enough."""
        if key in self.errors:
            del self.errors[key]
            self._notify("errors")

    def registered(self, outcome: KioskOutcome) -> None:
        """What the registration answered (behind "Still there?" it waits for the customer's tap)."""
        if outcome.state == "invalid":
            step = next((FIELD_STEP[k] for k in outcome.errors if k in FIELD_STEP), "summary")
            if step != "summary":
                self._begin_correction(step)  # fixed there, the customer comes back to the summary
            self._go(step)
            self._set_errors(outcome.errors)
            return
        if outcome.state == "already_member":
            self._already("mobile")
            return
        self.outcome = outcome
        self._go("done")

    def _pin_checked(self, check: PinCheck) -> None:
        if check.ok:
            self._show("close")  # one more tap: a PIN typed by mistake does not shut the store's kiosk
            return
        self._set_errors({"pin": check.message})
        self._sync_pin_lock()

    def _sync_pin_lock(self, *, notify: bool = True) -> None:
        """While the gate is locked the PIN entry is too, its message counting down to the next try."""
        wait = self.pin_locked_for()
        if wait > 0:
            self._lock_shown = True
            self.errors = {"pin": PinCheck(PinVerdict.LOCKED, wait_s=wait).message}
        elif self._lock_shown:
            self._lock_shown = False
            self.errors = {}  # the wait is over: the PIN can be typed again
        else:
            return
        if notify:
            self._notify("pin")

    # ------------------------------------------------------------------ this customer's background work

    def _run(self, operation: Callable[[], Awaitable[Any]], on_success: Callable[[Any], None], busy: str) -> None:
        """Run ``operation`` for this customer's visit: a wipe cancels it, and then nothing of its
        result reaches the screen."""
        visit = self._visit

        async def run() -> None:
            try:
                result = await operation()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # worded for the customer, logged for IT
                log.error("kiosk operation failed: %s", type(exc).__name__, exc_info=exc)
                if visit is self._visit:
                    self._set_busy("")
                    self._failed()
                return
            if visit is self._visit:
                self._set_busy("")
                on_success(result)

        task = asyncio.ensure_future(run())
        visit.add(task)
        task.add_done_callback(visit.discard)
        self._set_busy(busy)

    def _set_busy(self, text: str) -> None:
        self.busy = text
        self._notify("busy")

    def _failed(self) -> None:
        """A failure nobody foresaw, next to the field of the step on screen."""
        step = self.step
        key = next((k for k in STEP_FIELDS.get(step, ()) if k in ERROR_KEYS), "pin" if step == "admin" else "summary")
        self._set_errors({key: tr("Something went wrong. Please ask our staff.")})
