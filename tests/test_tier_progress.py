"""The tier bar's arithmetic against the training server: its level table (what spending reaches
each tier) and each member's spending this year, read from its database, not from the app."""

from __future__ import annotations

import pytest
from conftest import run_async

from pos_member.api import Membership, UpgradeRequirement
from pos_member.config import Level, Settings
from pos_member.flows.tier import standing
from pos_member.ui.member.tier import BAR_STEPS


def _table(training) -> dict[int, Level]:
    return {r["level"]: Level(name=r["name"], spend=r["spending"]) for r in training.store.levels(training.merchant_id)}


def _member(training, where: str):
    return training.store.one(
        "SELECT u.id, u.email, m.level, m.spending FROM users u JOIN memberships m ON m.user_id = u.id "
        f"WHERE m.merchant_id = ? AND u.is_anonymized = 0 AND u.email IS NOT NULL AND {where} ORDER BY u.id LIMIT 1",
        training.merchant_id)


def _expected(training, level: int, spent: int) -> tuple[str, str | None, float | None]:
    rows = training.store.levels(training.merchant_id)
    here = [r for r in rows if r["level"] <= level][-1]
    above = [r for r in rows if r["level"] > level]
    if not above:
        return here["name"], None, None
    floor, ceiling = here["spending"], above[0]["spending"]
    return here["name"], above[0]["name"], min(1.0, max(0.0, (spent - floor) / (ceiling - floor)))


# Lowest tier, a middle tier on its way up, a tier at risk (spending below its own threshold),
# and the highest tier.
CASES = {
    "lowest": "m.level = 0 AND m.spending > 0",
    "middle": "m.level = 100 AND m.spending >= 1000000",
    "upper middle": "m.level = 200 AND m.spending >= 5000000",
    "at risk": "m.level = 200 AND m.spending < 5000000",
    "highest": "m.level = 300",
}


@pytest.mark.parametrize("case", list(CASES))
def test_bar_matches_the_training_thresholds(make_window, qtbot, training, case):
    member = _member(training, CASES[case])
    assert member is not None, f"the demo data has no {case} member"
    window = make_window(levels=_table(training))
    window.open_member(member["email"])
    run_async(qtbot, window.settled())
    tier = window.profile_view.tier
    name, next_name, share = _expected(training, member["level"], member["spending"])
    assert tier.standing.tier.name == name
    if next_name is None:
        assert tier.standing.highest and tier.bar is None
        assert tier.upgrade_text == "Highest tier: nothing more to reach."
    else:
        assert tier.standing.next.name == next_name
        assert tier.standing.spent == member["spending"]
        assert tier.bar is not None and tier.bar.bar.value() == round(share * BAR_STEPS)
    floor = [r for r in training.store.levels(training.merchant_id) if r["level"] <= member["level"]][-1]["spending"]
    if member["spending"] < floor and member["level"] > 0:
        assert tier.standing.at_risk and tier.keep_bar is not None
        assert "To keep " + name in tier.downgrade_text
    else:
        assert not tier.standing.at_risk and tier.keep_bar is None


def test_budi_gold_at_risk_numbers(make_window, qtbot, training):
    """The seed-like member: Gold (Rp 5.000.000) with Rp 4.410.000 spent, Platinum at Rp 20.000.000."""
    window = make_window(levels=_table(training))
    window.open_member("budi.santoso@example.com")
    run_async(qtbot, window.settled())
    tier = window.profile_view.tier
    assert tier.bar.bar.value() == 0  # not even at Gold's own threshold yet
    assert tier.keep_bar.bar.value() == round((4_410_000 - 1_000_000) / (5_000_000 - 1_000_000) * BAR_STEPS)
    assert tier.keep_bar.bar.accessibleName() == "Spent towards keeping Gold: 85%"


def test_without_thresholds_the_ladder_stays_text():
    """A store whose level table has names only: no bar is drawn from guessed numbers."""
    membership = Membership(level=100, level_text="Blue")
    requirement = UpgradeRequirement.model_validate(
        {"upgrade_requirement": {"spending_requirement": 600000, "deadline": "2026-12-31", "next_level": "Gold"}})
    names_only = Settings(levels={0: "Silver", 100: "Blue", 200: "Gold"}).levels
    s = standing(names_only, membership, requirement)
    assert s.tier.name == "Blue" and s.next.name == "Gold" and s.progress is None and s.spent is None
    with_spend = Settings(levels={0: "Silver", 100: {"name": "Blue", "spend": 1_000_000},
                                  200: {"name": "Gold", "spend": 5_000_000}}).levels
    s = standing(with_spend, membership, requirement)
    assert s.spent == 4_400_000 and s.progress == pytest.approx(0.85)


def _shown(card) -> list[str]:
    """What the card says on screen: the text of every label and bar that is shown, in order."""
    from PySide6.QtWidgets import QLabel, QProgressBar

    out = []
    for widget in card.findChildren(QLabel) + card.findChildren(QProgressBar):
        if widget.isVisibleTo(card):
            out.append(widget.text() if isinstance(widget, QLabel) else f"bar {widget.value()} {widget.accessibleName()}")
    return out


def test_one_card_shows_member_after_member_as_a_fresh_one_would(make_window, qtbot, training):
    """The profile keeps one tier card and fills it for each member: after an at-risk member with
    two bars, a highest-tier one and a lowest-tier one, nothing of the one before is left on it."""
    from pos_member.ui.member.tier import TierProgress

    window = make_window(levels=_table(training))
    card = None
    seen = set()
    for case in ("at risk", "highest", "lowest", "upper middle", "at risk", "middle"):
        member = _member(training, CASES[case])
        window.open_member(member["email"])
        run_async(qtbot, window.settled())
        tier = window.profile_view.tier
        assert tier is not None and (card is None or tier is card)  # the same card, filled again
        card = tier
        fresh = TierProgress(levels=_table(training))
        qtbot.addWidget(fresh)
        profile = window.session.member
        fresh.show_standing(profile.details.membership, profile.requirement)
        assert _shown(card) == _shown(fresh), case
        assert (card.keep_bar is None, card.bar is None) == (fresh.keep_bar is None, fresh.bar is None)
        seen.add((card.keep_bar is None, card.bar is None))
    assert len(seen) >= 2  # members with a bar to keep the tier and without one
