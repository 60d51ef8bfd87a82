"""The counter's one truth, without Qt: who is signed in, what the search shows, which member is
on screen (or none), and the registration draft. The cashier window renders it and forwards the
cashier's intents; which member actions are possible follows from it."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from pos_member.api import MemberDetails, StampsClient, Suggestion
from pos_member.config import DEFAULT_SEARCH_DEBOUNCE_MS
from pos_member.i18n import QT_TR_NOOP, tr
from pos_member.upgrade import DRAFT_MAX_AGE_S, KeptDraft

from .identify import registration_prefill, searchable
from .problems import Problem
from .profile import MemberProfile, Part, ProfileLoader
from .search import SearchPresenter, SearchResult

#: What the window shows under the search box.
Page = Literal["empty", "member", "results", "no_match", "problem"]
#: What changed, for the window to render ("member" also for each part of a profile that lands).
Change = Literal["search", "busy", "member", "cashier", "draft", "next"]
#: Member actions, and the one that needs no member.
MEMBER_ACTIONS = ("edit", "phone", "email", "tags", "level", "anonymise")
#: Customers kept in ``recent`` (most recent first).
RECENT_MAX = 8


NOT_THIS_CARD = QT_TR_NOOP("No member holds card number {card}. Stamps answered with another member (one whose "
                           "ID is that number), so nothing is shown. Check the card, or search by name or phone.")


def holds_card(details: MemberDetails, card: str) -> bool:
    """Whether the member holds this card number (their member IDs or primary card)."""
    membership = details.membership
    numbers = {*(details.user.member_ids or []),
               *([membership.primary_card.number] if membership and membership.primary_card else [])}
    return card.casefold() in {str(n).strip().casefold() for n in numbers if n}


@dataclass(frozen=True)
class Seen:
    """A customer served at this counter since the cashier signed in."""

    key: int | str  # the primary key, as MemberProfile.user_id gives it
    name: str


@dataclass(frozen=True)
class Shift:
    """A cashier's shift as one window hands it to the next (see ``CounterSession.handover``)."""

    cashier: str | None
    member: int | str | None
    recent: tuple[Seen, ...]


class CounterSession:
    def __init__(self, client: StampsClient, on_change: Callable[[Change], None],
                 *, debounce_ms: int = DEFAULT_SEARCH_DEBOUNCE_MS,
                 report: Callable[[Problem | None], None] = lambda _outcome: None,
                 clock: Callable[[], float] = time.time):
        self._notify = on_change
        self._clock = clock
        self._report = report  # every answer from Stamps, for the connection monitor
        self.cashier: str | None = None
        self.draft: dict[str, Any] = {}
        self.draft_at = 0.0  # when the draft was last typed in (time.time)
        #: Forms a cashier typed before the app closed or crashed, each kept for that cashier
        #: (``hold_drafts``): another cashier is told one exists, never shown it.
        self.held: list[KeptDraft] = []
        self.restored = False  # the draft on hand is one kept from before the app closed
        #: A draft went because another member was opened (told once, then False again).
        self.draft_left = False
        self.page: Page = "empty"
        self.query = ""                          # the search text, tidied
        self.results: SearchResult | None = None
        self.problem: Problem | None = None      # why the search could not run
        self.unknown = ""                        # what was typed or scanned that matches nobody
        self.unknown_scanned = False             # ``unknown`` came from a card scanner
        self.searching = False
        self.recent: list[Seen] = []
        self.card = ""  # an all-digit card number the member on screen must hold (it may be a primary key too)
        #: Members quick-registered here whose promo answers are not given yet (their ids, as text):
        #: Stamps' defaults are no answer of theirs. Known only while this app runs.
        self.unasked: set[str] = set()
        self._open_on_results = False
        self._first_on_results = False  # ↓ pressed before the results came: Enter takes the first
        self.search = SearchPresenter(client, on_results=self._results, on_cleared=self._cleared,
                                      on_busy=self._busy, on_problem=self._problem, debounce_ms=debounce_ms)
        self.loader = ProfileLoader(client, self._part)

    # ------------------------------------------------------------------ what is on screen

    @property
    def member(self) -> MemberProfile | None:
        """The member on screen (loading, loaded or partly failed), or None."""
        return self.loader.current if self.page == "member" else None

    @property
    def member_key(self) -> int | str | None:
        """The member every action acts on: known to Stamps and on screen."""
        member = self.member
        return member.user_id if member is not None else None

    @property
    def consents_unasked(self) -> bool:
        """The member on screen was quick-registered here and has not answered about promos yet."""
        member = self.member
        return member is not None and bool({str(member.key), str(member.user_id)} & self.unasked)

    def quick_registered(self, key: int | str) -> None:
        """A quick registration made this member: their promo answers are not asked yet."""
        self.unasked.add(str(key))

    def consents_answered(self, key: int | str) -> None:
        """The customer's own answers were saved on this member: from now on Stamps' values are theirs."""
        self.unasked.discard(str(key))

    def can(self, action: str) -> bool:
        if action not in MEMBER_ACTIONS:
            return True
        member = self.member
        if member is None or not member.user_id:
            return False
        if self.card and member.details is None:
            return False  # not before the details show that this member holds the card
        user = (member.details.user if member.details else None) or (member.full.user if member.full else None)
        return not (user is not None and user.is_anonymized)  # nothing left to change

    # ------------------------------------------------------------------ intents

    def type(self, text: str) -> None:
        """Every edit of the search box: the member on screen leaves it at once."""
        self._open_on_results = self._first_on_results = False
        self._drop_member()
        self.query = " ".join(text.split())
        self.unknown, self.unknown_scanned = "", False
        if self.page in ("member", "no_match", "problem"):
            self.page = "empty"
        self.search.text_changed(text)
        self._notify("search")

    def submit(self, text: str, *, scanned: bool = False, chosen: Suggestion | None = None) -> None:
        """Enter in the search box. ``chosen`` is the highlighted suggestion when the results for
        this very text are on screen: Enter opens what the cashier sees, whatever the text looks
        like. Only a scan, or an Enter before the list for this text came, looks the text up
        exactly (a member ID or card, an email, a phone number)."""
        if chosen is not None and not scanned:
            self.open_suggestion(chosen)
            return
        typed = self.search.submit(text, scanned=scanned)
        if typed is not None:  # clearly one member, or a scan
            self.open(typed.key, typed=typed.text, scanned=scanned)
        else:
            self._open_on_results = True  # opens the only result once it arrives

    def scan(self, code: str) -> None:
        """A card scan: it replaces whatever was typed and opens that card."""
        self.query = " ".join(code.split())
        self.submit(code, scanned=True)

    def first_on_results(self) -> None:
        """↓ while the search still runs (Stamps slow): the cashier means the first match, so an
        Enter before or after the list arrives opens it."""
        if self.searching:
            self._first_on_results = True

    def showing_results_for(self, text: str) -> bool:
        return self.page == "results" and self.results is not None and self.results.query == " ".join(text.split())

    def open(self, key: int | str, *, typed: str = "", scanned: bool = False, carry_on: bool = False) -> None:
        """Open a member. ``typed``: the text looked up exactly (Enter or a scan), which is
        offered for registration if nobody has it; ``scanned`` when a scanner sent it.

        A registration draft belongs to the customer it was typed for: a member opened means the
        counter serves a member now (that customer, found, or the next one), so the draft goes and
        is never offered to someone else with their name, phone or card (``carry_on``: the same
        member opened again in a rebuilt window, nothing moved on)."""
        if self.draft and not carry_on:
            self.draft, self.restored, self.draft_left = {}, False, True
            self._notify("draft")
        self.search.cancel()
        self._drop_member()
        # A customer served before: the screen keeps their name while their profile loads.
        known = next((s.name for s in self.recent if str(s.key) == str(key)), "")
        self.recent = [s for s in self.recent if str(s.key) != str(key)]  # on screen, not behind
        self.searching = False
        self.unknown, self.unknown_scanned = typed, scanned and bool(typed)
        # The same parameter takes a card number or a primary key: a typed or scanned number
        # must be this member's card, or Stamps may have answered with someone else.
        text = str(key)
        self.card = text if typed and text.isascii() and text.isdigit() else ""
        self.page = "member"
        self.loader.open(key, name=known)
        self._notify("member")

    def open_suggestion(self, suggestion: Suggestion) -> None:
        key = suggestion.id or (suggestion.member_ids[0] if suggestion.member_ids else suggestion.email)
        if key:
            self.open(str(key))

    @property
    def previous(self) -> Seen | None:
        """The customer served before the one on screen (or the last one, on an empty screen)."""
        return self.recent[0] if self.recent else None

    def back(self) -> bool:
        """One key back to the previous customer; pressed again, it returns to the one after."""
        previous = self.previous
        if previous is None:
            return False
        self.query, self.results, self.problem = "", None, None
        self.open(previous.key)
        return True

    def prefill(self) -> dict[str, str]:
        """What a search that found nobody gives the registration forms."""
        if self.page != "no_match" or not self.unknown:
            return {}
        return registration_prefill(self.unknown, scanned=self.unknown_scanned)

    def clear_box(self) -> None:
        """Esc on the search text with a member on screen (a scan leaves the card there): the
        text goes, the member stays; the next Esc is the next customer."""
        self.search.cancel()
        self.query = ""

    def clear_search(self) -> None:
        """Esc on a search that has text: the text goes, nothing else."""
        self.search.cancel()
        self.type("")

    def next_customer(self) -> None:
        """Member, search and draft go; the cashier stays."""
        self.search.cancel()
        self._drop_member()
        self.query, self.results, self.problem, self.unknown = "", None, None, ""
        self.unknown_scanned = False
        self.page = "empty"
        self.draft = {}
        self.searching = False
        self._open_on_results = self._first_on_results = False
        self._notify("next")

    def sign_in(self, cashier: str | None) -> None:
        if cashier != self.cashier:
            self.sign_out()
        self.cashier = cashier
        self._claim_held()
        self._notify("cashier")

    def sign_out(self) -> None:
        """The draft, the customer on screen and the ones before belong to the cashier who served
        them (the next cashier must not page back through them)."""
        self.cashier = None
        self.next_customer()
        self.recent.clear()  # after: next_customer puts the customer on screen into ``recent``
        self._notify("cashier")

    def handover(self) -> Shift:
        """What the next window of this shift carries on with (it is rebuilt for new settings,
        e.g. another language): the cashier, the member on screen and the customers before."""
        return Shift(self.cashier, self.member_key, tuple(self.recent))

    def take_over(self, shift: Shift) -> bool:
        """Carry on with ``shift`` when it is this cashier's (nobody else pages through their
        customers): the customers before, and the member who was on screen opened again."""
        if shift.cashier != self.cashier:
            return False
        self.recent = list(shift.recent)
        if shift.member is not None:
            self.open(shift.member, carry_on=True)
        else:
            self._notify("search")  # the customers before, drawn
        return True

    def keep_draft(self, values: dict[str, Any]) -> None:
        typed = any(isinstance(v, str) and v.strip() for v in values.values())
        self.draft = dict(values) if typed else {}
        self.draft_at = self._clock()
        self.restored = False
        self._notify("draft")

    def hold_drafts(self, kept: list[KeptDraft], *, claim_now: bool) -> None:
        """Forms kept by the last run (a close, a crash): each waits for the cashier who typed it
        (one kept without a cashier, by an older version or with no sign-in, for whoever is first).
        ``claim_now``: the cashier on hand is the one working (signed in, or no sign-in at all);
        else the next sign-in claims theirs."""
        self.held.extend(kept)
        if claim_now:
            self._claim_held()
        self._notify("draft")

    def _claim_held(self) -> None:
        """The signed-in cashier gets back the form they typed (one; the newest), if it is not too old."""
        now = self._clock()
        self.held = [d for d in self.held if 0 <= now - d.saved_at <= DRAFT_MAX_AGE_S]
        mine = [d for d in self.held if d.cashier is None or d.cashier == self.cashier]
        if not mine or self.draft:
            return
        latest = max(mine, key=lambda d: d.saved_at)
        self.held.remove(latest)
        self.draft, self.draft_at, self.restored = dict(latest.values), latest.saved_at, True

    def held_for_others(self) -> list[str]:
        """Cashiers (codes) whose kept forms wait for them: told to whoever is signed in, no more."""
        return sorted({d.cashier or "" for d in self.held if d.cashier != self.cashier})

    def kept_drafts(self) -> list[KeptDraft]:
        """Everything typed and not sent, each with whose it is, for the drafts file."""
        now = [KeptDraft(dict(self.draft), self.cashier, self.draft_at)] if self.draft else []
        return [*self.held, *now]

    def changed(self, member_key: int | str) -> bool:
        """A change to ``member_key`` succeeded: show what Stamps now says about them (only if they
        are still the member on screen)."""
        if self.member_key != member_key:
            return False
        self.loader.reload()
        self._notify("member")
        return True

    def refresh(self) -> None:
        """F5: load the member again (or only what failed), or run a failed search again."""
        member = self.member
        if member is not None:
            if member.problems:
                self.loader.retry(tuple(member.problems))
            else:
                self.loader.reload()
                self._notify("member")  # "Still loading the …" at once
        elif self.page == "problem":
            self.search.retry()

    def recover(self) -> None:
        """The connection is back: redo what failed for want of it."""
        member = self.member
        if member is not None and any(p.connection for p in member.problems.values()):
            self.loader.retry(tuple(k for k, p in member.problems.items() if p.connection))
        if self.page == "problem" and self.problem is not None and self.problem.connection and self.query:
            self.search.retry()

    def retry(self, parts: tuple[Part, ...]) -> None:
        self.loader.retry(parts)

    async def settled(self) -> None:
        """Wait until the search and the member being loaded have answered."""
        await self.search.settled()
        await self.loader.settled()

    @property
    def idle(self) -> bool:
        return not self.search.busy and not self.loader.busy

    def close(self) -> None:
        self.search.cancel()
        self.loader.cancel()

    # ------------------------------------------------------------------ reports from the flows

    def _drop_member(self) -> None:
        current = self.loader.current
        if current is not None and (current.user_id or current.known_name):
            # Gone back to while Stamps could not say who they are: still the one served before.
            seen = Seen(current.user_id or current.key, current.name or current.known_name)
            self.recent = [seen] + [s for s in self.recent if s.key != seen.key][:RECENT_MAX - 1]
        self.loader.cancel()
        self.loader.current = None

    def _results(self, result: SearchResult) -> None:
        self._report(None)
        self.results, self.problem = result, None
        if not result.suggestions:
            self.page, self.unknown, self.unknown_scanned = "no_match", result.query, False
        else:
            self.page = "results"
        self._notify("search")
        if self._open_on_results and (len(result.suggestions) == 1 or (result.suggestions and self._first_on_results)):
            self._open_on_results = self._first_on_results = False
            self.open_suggestion(result.suggestions[0])

    def _cleared(self) -> None:
        self.results = None
        self.problem = None
        if self.page != "member":
            self.page = "empty"

    def _busy(self, busy: bool) -> None:
        self.searching = busy
        self._notify("busy")

    def _problem(self, query: str, problem: Problem) -> None:
        self._report(problem)
        self.problem = problem
        self.page = "problem"
        self._notify("search")

    def _part(self, profile: MemberProfile, part: Part) -> None:
        if profile is not self.loader.current:
            return
        problem = profile.problems.get(part)
        self._report(problem)
        if profile.user_id:  # opened by phone or email: the same person is not also "before"
            self.recent = [s for s in self.recent if str(s.key) != str(profile.user_id)]
        if part == "details" and self.card and profile.details is not None and not holds_card(profile.details, self.card):
            self.loader.cancel()
            self.loader.current = None
            self.problem = Problem("not_found", tr(NOT_THIS_CARD).format(card=self.card), code="card_mismatch")
            self.page = "problem"
            self._notify("search")
            return
        if part == "details" and problem is not None and problem.kind == "not_found" and self.unknown:
            # Typed or scanned in full and nobody has it: offer to register them instead.
            self.loader.cancel()
            self.loader.current = None
            self.page = "no_match"
            self._notify("search")
            if not self.unknown_scanned and searchable(self.unknown) and not (
                    self.results is not None and self.results.query == " ".join(self.unknown.split())):
                # Typed, and Enter came before the list: what it starts (a phone, a card) may
                # still match someone, so the list for it follows.
                self.query = " ".join(self.unknown.split())
                self.search.text_changed(self.unknown)
            return
        self._notify("member")

