"""The training server's downgrade answer follows the spending (the reading in the README), and
the counter shows Stamps' own next_level (issue 24, Done when 10)."""

from __future__ import annotations


def test_a_level_set_by_hand_drops_to_what_the_spending_reaches(call, training):
    training.store.db.execute("UPDATE memberships SET level = 200, spending = 0 WHERE user_id = 2")
    down = call(lambda c: c.upgrade_requirement(2)).downgrade_requirement
    assert down.next_level == "Silver"  # Rp 0 reaches only the lowest level, not Blue below Gold
    training.store.db.execute("UPDATE memberships SET spending = 1500000 WHERE user_id = 2")
    assert call(lambda c: c.upgrade_requirement(2)).downgrade_requirement.next_level == "Blue"
