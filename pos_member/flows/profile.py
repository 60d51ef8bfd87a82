"""Opening a member: details, full profile and tier requirements load at the same time; a part
that fails leaves the others on screen and can be retried on its own."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from pos_member.api import ApiError, FullProfile, MemberDetails, StampsClient, UpgradeRequirement

from .problems import Problem, problem_from

Part = Literal["details", "full", "requirement"]
PARTS: tuple[Part, ...] = ("details", "full", "requirement")


@dataclass
class MemberProfile:
    key: int | str
    details: MemberDetails | None = None
    full: FullProfile | None = None
    requirement: UpgradeRequirement | None = None
    problems: dict[Part, Problem] = field(default_factory=dict)
    #: The name the counter knew before loading (a customer served earlier), for words about a
    #: load that failed before Stamps said who this is.
    known_name: str = ""
    #: Parts asked again for the member on screen (``ProfileLoader.reload``): the answer before
    #: stays shown until the new one lands, and the part counts as pending (not complete) meanwhile.
    refreshing: set[Part] = field(default_factory=set)
    #: Bumped at each reload: an answer to an older round never lands on this one.
    round: int = 0

    @property
    def user_id(self) -> int | str | None:
        """The member's primary key: an int where it is one, so it is sent as a JSON integer
        (the seed: "Customer's integer primary key or Card number")."""
        for part in (self.details, self.full):
            if part is not None and part.user is not None and part.user.id:
                return part.user.pk if part.user.pk is not None else part.user.id
        return None

    @property
    def name(self) -> str:
        for part in (self.details.user if self.details else None, self.full.user if self.full else None):
            if part is not None and part.name:
                return part.name
        return ""

    @property
    def pending(self) -> tuple[Part, ...]:
        """The parts still on their way (neither here nor failed)."""
        return tuple(p for p in PARTS if p in self.refreshing or (getattr(self, p) is None and p not in self.problems))

    @property
    def complete(self) -> bool:
        """Every part is in and none is being asked again (a refresh is complete only when its
        own answers are in, not with the ones before it still on screen)."""
        return not self.problems and not self.refreshing and all(getattr(self, p) is not None for p in PARTS)


class ProfileLoader:
    """Loads one member at a time; opening another member drops the older load's answers."""

    def __init__(self, client: StampsClient, on_part: Callable[[MemberProfile, Part], None]):
        self.client = client
        self._on_part = on_part
        self.current: MemberProfile | None = None
        self._tasks: set[asyncio.Task] = set()

    def _fetchers(self, key: int | str) -> dict[Part, Callable[[], Awaitable[Any]]]:
        return {
            "details": lambda: self.client.member_details(key, verbose=True),
            "full": lambda: self.client.full_profile(key),
            "requirement": lambda: self.client.upgrade_requirement(key),
        }

    def open(self, key: int | str, *, name: str = "") -> MemberProfile:
        """Start loading all parts concurrently; ``on_part`` reports each as it lands."""
        self.cancel()
        profile = MemberProfile(key, known_name=name)
        self.current = profile
        self._start(profile, PARTS)
        return profile

    def retry(self, parts: tuple[Part, ...] | None = None) -> None:
        profile = self.current
        if profile is not None:
            todo = parts or tuple(profile.problems)
            if todo:
                self._start(profile, todo)

    def reload(self) -> MemberProfile | None:
        """After a change (or F5): load everything again for the same member (by primary key if
        known). A member Stamps already answered for stays on screen meanwhile: each part keeps
        its answer before until the new one replaces it (``MemberProfile.refreshing``); one
        nobody answered for yet starts over."""
        profile = self.current
        if profile is None:
            return None
        if profile.user_id is None:
            return self.open(profile.key, name=profile.name or profile.known_name)
        self.cancel()
        profile.key = profile.user_id
        profile.round += 1
        profile.refreshing = set(PARTS)
        profile.problems.clear()  # asked again: the new answer (or failure) says how it is now
        self._start(profile, PARTS)
        return profile

    @property
    def busy(self) -> bool:
        """A part of the member on screen is still loading."""
        return bool(self._tasks)

    async def settled(self) -> MemberProfile | None:
        """Wait until every part started so far has loaded or failed."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)
        return self.current

    def cancel(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        self._tasks.clear()

    def _start(self, profile: MemberProfile, parts: tuple[Part, ...]) -> None:
        fetchers = self._fetchers(profile.key)
        round_ = profile.round

        async def one(part: Part) -> None:
            try:
                value = await fetchers[part]()
            except ApiError as exc:
                if profile is self.current and profile.round == round_:
                    profile.problems[part] = problem_from(exc)
                    profile.refreshing.discard(part)
                    self._on_part(profile, part)
                return
            if profile is self.current and profile.round == round_:
                setattr(profile, part, value)
                profile.problems.pop(part, None)
                profile.refreshing.discard(part)
                self._on_part(profile, part)

        for part in parts:
            task = asyncio.ensure_future(one(part))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
