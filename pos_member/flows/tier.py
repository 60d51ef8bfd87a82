"""Where a member stands between two tiers, in rupiah, without Qt.

Stamps tells what is left to spend (upgrade requirement) and what is still needed to keep the tier
(downgrade requirement); the store's level table says what spending reaches each tier. Together
they give the spending so far and a bar from this tier's threshold to the next one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pos_member.api import Membership, UpgradeRequirement


@dataclass(frozen=True)
class Step:
    """One tier of the table: its name and the spending that reaches it (None if unknown)."""

    level: int | None
    name: str
    spend: int | None


@dataclass(frozen=True)
class Standing:
    tier: Step | None              # the member's tier
    next: Step | None              # the tier above, if any
    lower: Step | None             # the tier they drop to without spending more
    spent: int | None              # spending counted so far (derived from the requirements)
    to_next: int | None            # still to spend to reach ``next``
    next_deadline: dt.date | str | None
    to_keep: int | None            # still to spend to keep ``tier`` (None or 0: safe)
    keep_deadline: dt.date | str | None
    answered: bool = True          # Stamps answered the requirements

    @property
    def highest(self) -> bool:
        return self.answered and self.tier is not None and self.next is None

    @property
    def at_risk(self) -> bool:
        return bool(self.to_keep) and self.lower is not None

    @property
    def progress(self) -> float | None:
        """Share of the way from this tier's threshold to the next (0..1); None if unknown."""
        return _share(self.spent, self.tier, self.next)

    @property
    def keep_progress(self) -> float | None:
        """Share of the way from the lower tier's threshold to this one's (what keeps the tier)."""
        return _share(self.spent, self.lower, self.tier)


def _share(spent: int | None, low: Step | None, high: Step | None) -> float | None:
    if spent is None or low is None or high is None or low.spend is None or high.spend is None:
        return None
    span = high.spend - low.spend
    if span <= 0:
        return None
    return min(1.0, max(0.0, (spent - low.spend) / span))


def _steps(levels: Mapping[int, Any]) -> list[Step]:
    steps = []
    for level, row in sorted(levels.items()):
        name = getattr(row, "name", row)
        spend = getattr(row, "spend", None)
        steps.append(Step(int(level), str(name), int(spend) if spend is not None else None))
    return steps


def _by_name(steps: list[Step], name: str | None) -> Step | None:
    wanted = (name or "").strip().casefold()
    return next((s for s in steps if s.name.casefold() == wanted), None) if wanted else None


def _amount(value: Any) -> int | None:
    return int(round(float(value))) if value is not None else None


def standing(levels: Mapping[int, Any], membership: Membership | None,
             requirement: UpgradeRequirement | None) -> Standing:
    """Combine the level table with what Stamps answered. Tier names come from the server; the
    table only adds thresholds (matched by level number, else by name)."""
    steps = _steps(levels)
    up = requirement.upgrade_requirement if requirement else None
    down = requirement.downgrade_requirement if requirement else None
    name = membership.tier if membership else None

    tier = None
    if membership is not None and membership.level is not None and steps:
        level = int(membership.level)
        below = [s for s in steps if s.level is not None and s.level <= level]
        tier = below[-1] if below else None
    if tier is None or (name and tier.name.casefold() != name.casefold()):
        tier = _by_name(steps, name) or tier
    if tier is not None and name and tier.name != name:
        tier = Step(tier.level, name, tier.spend)  # the server's spelling of the tier
    if tier is None and name:
        tier = Step(None, name, None)

    index = next((i for i, s in enumerate(steps) if tier and tier.level is not None and s.level == tier.level), None)
    nxt = None
    if up is not None and up.next_level:
        nxt = _by_name(steps, up.next_level) or Step(None, up.next_level, None)
    elif up is not None and index is not None and index + 1 < len(steps):
        nxt = steps[index + 1]
    lower = None
    if down is not None and down.next_level:
        lower = _by_name(steps, down.next_level) or Step(None, down.next_level, None)
    elif index is not None and index > 0:
        lower = steps[index - 1]

    to_next = _amount(up.spending_requirement) if up is not None else None
    to_keep = _amount(down.spending_requirement) if down is not None else None
    spent = None
    if nxt is not None and nxt.spend is not None and to_next is not None:
        spent = nxt.spend - to_next
    elif tier is not None and tier.spend is not None and to_keep is not None:
        spent = tier.spend - to_keep
    return Standing(tier, nxt, lower, spent, to_next, up.deadline if up else None,
                    to_keep, down.deadline if down else None, requirement is not None)
